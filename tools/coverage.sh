#!/bin/sh
# Coverage stage of the test command: build the distribution again with
# --enable-coverage (gcc --coverage -O0) in build-cov/, run `make check`
# there, and report line and branch coverage of every daemon module with
# gcovr (installed here when missing). The modules that read untrusted
# bytes must reach COV_LINES (95) % of their lines and COV_BRANCHES (85) %
# of their branches; each prints "ok - ..." or "not ok - ...", and the
# script fails if any is short. The whole table goes to build-cov/coverage.txt.
#
# The daemon writes its counters at exit into build-cov/src/gcov-daemon/
# (a tmpfs; see main.c, RPCBINDD_COVERAGE), even from inside its chroot;
# they are merged with those of the unit tests and fuzz replays before the
# report. Needs root, as the system tests do.
#
# COVERAGE_TESTS: run only these tests (make check TESTS=...), e.g. to
# check a threshold quickly; the default is the whole suite.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
lines=${COV_LINES:-95}
branches=${COV_BRANCHES:-85}
# The modules that read what a peer, a local user or a file sends.
gated="xdr rpc record uaddr proc policy ratelimit state config net forward targets origin
    stream quota dgram:datagram conn:stream"

if ! command -v gcovr >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		echo "coverage.sh: gcovr is missing (run as root to install it)" >&2
		echo "not ok - coverage: gcovr is missing"
		exit 1
	fi
	apt-get update -q >/dev/null &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends gcovr >/dev/null ||
	    { echo "not ok - coverage: cannot install gcovr"; exit 1; }
fi

umount build-cov/src/gcov-daemon 2>/dev/null
rm -rf build-cov && mkdir build-cov
src=$top/build-cov/src
if ! { make distdir distdir=build-cov/src >/dev/null &&
    (cd build-cov/src && ./configure --enable-coverage --enable-werror \
	>../configure.log 2>&1 && make -j"$(nproc)" >../make.log 2>&1); }; then
	echo "coverage.sh: the coverage build failed: see build-cov/*.log" >&2
	tail -20 build-cov/make.log build-cov/configure.log 2>/dev/null >&2
	echo "not ok - coverage: the build failed"
	exit 1
fi
# The daemon writes its counters into gcov-daemon/ (main.c): from inside
# its chroot as _rpc, or as root before the sandbox, also in tests that
# make the root file system read-only, hence a tmpfs of its own. Its files
# are made here, writable by every user the daemon runs as; every
# directory above must be searchable.
mkdir -p "$src/gcov-daemon"
mount -t tmpfs -o mode=1777,size=64m rpcbindd-gcov "$src/gcov-daemon" ||
	{ echo "not ok - coverage: cannot mount a tmpfs for the daemon's counters"; exit 1; }
trap 'umount "$src/gcov-daemon" 2>/dev/null' EXIT
mkdir -m 1777 "$src/gcov-daemon/rpcbindd"
for f in "$src"/rpcbindd/librpcbindd_a-*.gcno "$src"/rpcbindd/rpcbindd_rpcbindd-*.gcno; do
	b=$(basename "$f" .gcno)
	: > "$src/gcov-daemon/rpcbindd/$b.gcda"
	chmod 666 "$src/gcov-daemon/rpcbindd/$b.gcda"
done
d=$src
while [ "$d" != / ]; do
	[ "$(( $(stat -c %a "$d" | sed 's/.*\(.\)$/\1/') & 1 ))" = 1 ] || {
		echo "not ok - coverage: $d is not searchable by the daemon's user"
		exit 1
	}
	d=$(dirname "$d")
done

start=$(date +%s)
if [ -n "${COVERAGE_TESTS:-}" ]; then
	(cd "$src" && make -j"$(nproc)" check TESTS="$COVERAGE_TESTS")
else
	(cd "$src" && make -j"$(nproc)" check)
fi
suite=$?
echo "# the suite under coverage took $(( $(date +%s) - start )) s"
[ "$suite" = 0 ] || echo "coverage.sh: the suite failed under coverage; see build-cov/src/test-suite.log" >&2

# The daemon's counters join those of the build tree (same objects, same
# notes; unit tests and fuzz replays wrote there); gcov-tool adds them up.
# Files the daemon never wrote stay empty.
ndaemon=0
for f in "$src"/gcov-daemon/rpcbindd/*.gcda; do
	[ -s "$f" ] || continue
	ndaemon=$((ndaemon + 1))
	b=$(basename "$f")
	if [ -s "$src/rpcbindd/$b" ]; then
		rm -rf build-cov/merge-a build-cov/merge-b build-cov/merge-o
		mkdir build-cov/merge-a build-cov/merge-b
		cp "$src/rpcbindd/$b" build-cov/merge-a/
		cp "$f" build-cov/merge-b/
		gcov-tool merge -o build-cov/merge-o build-cov/merge-a \
		    build-cov/merge-b >/dev/null ||
		    { echo "not ok - coverage: cannot merge $b"; exit 1; }
		cp build-cov/merge-o/"$b" "$src/rpcbindd/$b"
	else
		cp "$f" "$src/rpcbindd/$b"
	fi
done
rm -rf build-cov/merge-a build-cov/merge-b build-cov/merge-o
umount "$src/gcov-daemon"
trap - EXIT
[ "$ndaemon" -gt 0 ] || { echo "not ok - coverage: the daemon wrote no counters"; exit 1; }

(cd "$src" && gcovr -r . --filter 'rpcbindd/' --txt --branches \
    -o "$top/build-cov/branches.txt" . &&
    gcovr -r . --filter 'rpcbindd/' --csv -o "$top/build-cov/coverage.csv" .) ||
    { echo "not ok - coverage: gcovr failed"; exit 1; }

# The two paths that read what peers send, as rows of their own (the rest
# of dgram.c and conn.c is setup, relays, accepting and timers): gcov's
# JSON names the function of each line.
cat > build-cov/paths.py <<'EOF_PY'
import gzip, json, sys
d = json.load(gzip.open(sys.argv[1]))
src = open(sys.argv[2]).read().split('\n')
for spec in sys.argv[3:]:
    name, fns = spec.split('=')
    fns = set(fns.split(','))
    lt = lc = bt = bc = 0
    seen = set()
    for f in d['files']:
        for l in f['lines']:
            if l.get('function_name') not in fns:
                continue
            seen.add(l['function_name'])
            lt += 1
            lc += l['count'] > 0
            # as gcovr does: no branches of a line marked so
            if 'GCOVR_EXCL_BR_LINE' in src[l['line_number'] - 1]:
                continue
            for b in l.get('branches', []):
                if not b.get('throw'):
                    bt += 1
                    bc += b['count'] > 0
    if seen != fns:
        sys.exit('no data for ' + ' '.join(sorted(fns - seen)))
    print('%s,%d,%d,,%d,%d' % (name, lt, lc, bt, bc))
EOF_PY
(cd build-cov && gcov --json-format -b -o "$src/rpcbindd/librpcbindd_a-dgram.o" \
    "$src/rpcbindd/dgram.c" >/dev/null 2>&1 &&
    python3 paths.py dgram.gcov.json.gz "$src/rpcbindd/dgram.c" \
    "rpcbindd/dgram.c:datagram=read_pktinfo,udp_payload,udp_one,dgram_readable,tx_add,tx_flush" \
    >> coverage.csv &&
    gcov --json-format -b -o "$src/rpcbindd/librpcbindd_a-conn.o" \
    "$src/rpcbindd/conn.c" >/dev/null 2>&1 &&
    python3 paths.py conn.gcov.json.gz "$src/rpcbindd/conn.c" \
    "rpcbindd/conn.c:stream=conn_read,conn_write,conn_request,conn_answer,answer_record,conn_after,conn_event,conn_close,conn_bury" \
    >> coverage.csv) ||
    { echo "not ok - coverage: cannot split dgram.c and conn.c by function"; exit 1; }

# The table: module, lines, branches (README shows the same).
rc=0
{
	printf '%-14s %18s %18s\n' module "lines" "branches"
	awk -F, 'NR > 1 {
		m = $1; sub(/^rpcbindd\//, "", m); sub(/\.c/, "", m)
		printf "%-14s %6d/%-5d %5.1f%% %6d/%-5d %5.1f%%\n", m, $3, $2,
		    $2 ? 100 * $3 / $2 : 100, $6, $5, $5 ? 100 * $6 / $5 : 100
	}' build-cov/coverage.csv
} > build-cov/coverage.txt
cat build-cov/coverage.txt
for m in $gated; do
	f=rpcbindd/$(echo "$m" | sed 's/^\([a-z]*\)/\1.c/')
	row=$(awk -F, -v f="$f" '$1 == f { print $2, $3, $5, $6 }' \
	    build-cov/coverage.csv)
	if [ -z "$row" ]; then
		echo "not ok - coverage of $m: no data"
		rc=1
		continue
	fi
	set -- $row
	# integer arithmetic: covered * 100 >= threshold * total
	if [ $(($2 * 100)) -ge $((lines * $1)) ] &&
	    [ $(($4 * 100)) -ge $((branches * $3)) ]; then
		echo "ok - coverage of $m: lines $2/$1, branches $4/$3"
	else
		echo "not ok - coverage of $m: lines $2/$1, branches $4/$3 (needs $lines% and $branches%)"
		rc=1
	fi
done
[ "$suite" = 0 ] || { echo "not ok - coverage: the suite failed under coverage"; rc=1; }
exit "$rc"
