#!/bin/sh
# tests/mutants/run.sh — mutation testing: does the suite catch a planted bug?
#
# Each line of tests/mutants/mutants.tsv is one mutant, five fields split
# by tabs:  ID  FILE  FROM  TO  TESTS
#   FROM is an exact piece of one line of FILE (no regular expression),
#   found exactly once in it; TO replaces it; TESTS are the tests (as
#   `make check TESTS=` takes them) expected to kill it.
# The runner copies the distribution to a scratch tree (build-mut/ beside
# the build, `make distdir`), builds it once, then for each mutant: applies
# it, rebuilds, runs its TESTS, and restores the file. A mutant is killed
# when `make check` fails. One that survives, no longer applies (FROM not
# found exactly once) or does not compile fails the run: the table must
# follow the code.
#
# usage: run.sh [--rotate N] [ID...]
#   no argument: every mutant; IDs: only those; --rotate N: N of them,
#   a different slice each day (MUTANT_SEED overrides the day), so that
#   the test command covers the whole table over a few days.
# Prints "ok - " / "not ok - " lines, then "mutants: K killed, S survived,
# B broken of N". Exit 0 only when every chosen mutant was killed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
builddir=${builddir:-$srcdir}
table=${MUTANT_TABLE:-$here/mutants.tsv}
scratch=${MUTANT_DIR:-$builddir/build-mut}
jobs=${MUTANT_JOBS:-$(nproc)}

rotate=0
if [ "${1:-}" = --rotate ]; then
	rotate=${2:?--rotate needs a number}
	shift 2
fi

[ -f "$table" ] || { echo "not ok - no mutant table $table"; exit 1; }
# ID<TAB>FILE<TAB>FROM<TAB>TO<TAB>TESTS, comments and blank lines left out
lines=$(grep -v '^#' "$table" | grep -v '^[[:space:]]*$')
total=$(printf '%s\n' "$lines" | wc -l)
if [ "$#" -gt 0 ]; then
	chosen=""
	for id in "$@"; do
		l=$(printf '%s\n' "$lines" | awk -F '\t' -v id="$id" '$1 == id')
		[ -n "$l" ] || { echo "not ok - no mutant named $id"; exit 1; }
		chosen="$chosen$l
"
	done
elif [ "$rotate" -gt 0 ] && [ "$rotate" -lt "$total" ]; then
	seed=${MUTANT_SEED:-$(date +%j | sed 's/^0*//')}
	first=$(( (${seed:-0} * rotate) % total ))
	chosen=$(printf '%s\n' "$lines" | awk -v f="$first" -v n="$rotate" -v t="$total" \
		'{ i = NR - 1; d = (i - f + t) % t; if (d < n) print }')
else
	chosen=$lines
fi
nchosen=$(printf '%s\n' "$chosen" | grep -c .)
echo "# $nchosen of $total mutants; scratch tree $scratch"

# The scratch tree: the distribution as shipped, built once.
rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
if ! (make -C "$builddir" distdir distdir="$scratch/src" >"$scratch/dist.log" 2>&1 &&
    cd "$scratch/src" && ./configure >../configure.log 2>&1 &&
    make -j"$jobs" >../make.log 2>&1 && make -j"$jobs" check TESTS= >>../make.log 2>&1); then
	echo "not ok - the scratch tree does not build (see $scratch/*.log)"
	exit 1
fi

# mutate count|apply FILE: FROM and TO (from the environment, with \n, \t
# and \\ decoded) as literal text over the whole file.
mutate() {
	perl -0777 -e '
		sub dec { my $s = shift; $s =~ s/\\(n|t|\\)/$1 eq "n" ? "\n" : $1 eq "t" ? "\t" : "\\"/ge; $s }
		my ($op, $file) = @ARGV;
		my ($from, $to) = (dec($ENV{FROM}), dec($ENV{TO} // ""));
		open(my $in, "<", $file) or die "$file: $!";
		my $text = <$in>;
		close($in);
		my $n = () = $text =~ /\Q$from\E/g;
		if ($op eq "count") { print $n; exit 0 }
		$text =~ s/\Q$from\E/$to/;
		open(my $out, ">", $file) or die "$file: $!";
		print $out $text;
		close($out) or die "$file: $!";
	' "$1" "$2"
}

killed=0 survived=0 broken=0 t0=$(date +%s)
tab=$(printf '\t')
while IFS="$tab" read -r id file from to tests; do
	[ -n "$id" ] || continue
	f=$scratch/src/$file
	if [ ! -f "$f" ]; then
		echo "not ok - $id: no file $file"; broken=$((broken + 1)); continue
	fi
	# A row with a stray tab shifts its fields: the tests must be tests.
	missing=""
	for t in $tests; do
		[ -e "$scratch/src/$t" ] || [ -e "$scratch/src/$t.c" ] || missing="$missing $t"
	done
	if [ -z "$tests" ] || [ -n "$missing" ]; then
		echo "not ok - $id: no such test:${missing:- none named}"
		broken=$((broken + 1)); continue
	fi
	n=$(FROM=$from mutate count "$f")
	if [ "$n" != 1 ]; then
		echo "not ok - $id: '$from' is found $n times in $file, not once"
		broken=$((broken + 1)); continue
	fi
	cp -p "$f" "$scratch/orig"
	FROM=$from TO=$to mutate apply "$f"
	s=$(date +%s)
	if ! make -C "$scratch/src" -j"$jobs" >"$scratch/$id.build.log" 2>&1 ||
	    ! make -C "$scratch/src" -j"$jobs" check TESTS= >>"$scratch/$id.build.log" 2>&1; then
		echo "not ok - $id: the mutant does not compile (see $scratch/$id.build.log)"
		broken=$((broken + 1))
	elif make -C "$scratch/src" check TESTS="$tests" >"$scratch/$id.log" 2>&1; then
		echo "not ok - $id survived $tests ($file: '$from' -> '$to')"
		survived=$((survived + 1))
	else
		failed=$(cd "$scratch/src" && for t in $tests; do
			grep -lE '^:global-test-result: (FAIL|ERROR)' "$t.trs" 2>/dev/null; done |
			sed 's/\.trs$//' | tr '\n' ' ')
		echo "ok - $id killed by ${failed:-$tests}($(( $(date +%s) - s )) s)"
		killed=$((killed + 1))
	fi
	cp -p "$scratch/orig" "$f" && touch "$f"
done <<EOT
$chosen
EOT
echo "# $(( $(date +%s) - t0 )) s for $nchosen mutants"
echo "mutants: $killed killed, $survived survived, $broken broken of $nchosen"
[ "$survived" = 0 ] && [ "$broken" = 0 ] && [ "$killed" = "$nchosen" ]
