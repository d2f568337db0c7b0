#!/bin/sh
# tools/analyze.sh — static analysis of the daemon and rpcbindd-check
# (rpcbindd/*.c with include/, rpcbindd-check/*.c): gcc -fanalyzer,
# clang's scan-build and cppcheck, each over a scratch copy of the
# distribution (build-analyze/, `make distdir`). Prints one "ok - " /
# "not ok - " line per analyzer; any finding fails its line. Findings are
# fixed in the code; what cannot be (a cppcheck style rule the house style
# does not follow, say) is listed with its reason in tools/cppcheck.supp.
# A missing analyzer fails.
#
# usage: analyze.sh [--plant]
#   --plant: add a function with a leak and a NULL dereference to the
#   scratch copy of rpcbindd/xdr.c; then each line is ok only when its
#   analyzer reports that bug (this shows that every analyzer can fail).
# Exit 0 only when every line is ok. Needs a configured tree (tools/build.sh).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
scratch=${ANALYZE_DIR:-$top/build-analyze}
jobs=${ANALYZE_JOBS:-$(nproc)}
targets="rpcbindd/rpcbindd rpcbindd-check/rpcbindd-check"
plant=""
[ "${1:-}" = --plant ] && plant=1
rc=0

rm -rf "$scratch" && mkdir -p "$scratch" || exit 1
if ! make distdir distdir="$scratch/src" >"$scratch/dist.log" 2>&1; then
	echo "not ok - static analysis: make distdir failed (see $scratch/dist.log)"
	exit 1
fi
if [ -n "$plant" ]; then
	f=$scratch/src/rpcbindd/xdr.c
	planted=$(($(wc -l <"$f") + 1))
	cat >>"$f" <<'EOF'
#include <stdlib.h>
int analyze_planted(int n);
int
analyze_planted(int n)
{
	int *p = malloc(sizeof(*p));

	if (n > 0)
		return n;
	*p = n;
	n = *p + 1;
	free(p);
	return n;
}
EOF
fi

# findings LOG: the diagnostics ("file:line:col: warning|error: ...") of
# a build or cppcheck log. In the scan-build log, only the analyzer's
# ("[core.NullDereference]"): clang's own warnings ("[-Wcast-align]") are
# the compiler's business, and the gcc build is made with -Werror.
findings() {
	grep -E '^[^ :]+:-?[0-9]+:[0-9]+: ([a-z]+ )?(warning|error|style|performance|portability|information):' "$1" |
	    { if [ "$1" = "$scratch/clang.log" ]; then grep -v '\[-W[^]]*\]$'; else cat; fi; }
}

# verdict NAME LOG FAILED [LOG...]: the ok / not ok line of one analyzer.
# FAILED is non-empty when the analyzer itself said so (exit status) or did
# not run; with no finding to show for it, the tail of each LOG says why.
verdict() {
	n=$(findings "$2" | wc -l)
	findings "$2" | sed 's/^/# /'
	if [ -n "$3" ] && [ "$n" = 0 ]; then
		for l in "$2" ${4:-}; do tail -n 15 "$l" | sed 's/^/# /'; done
	fi
	if [ -n "$plant" ]; then
		if findings "$2" | grep -Eq "^rpcbindd/xdr\.c:($(seq -s '|' "$planted" $((planted + 14)))):"; then
			echo "ok - $1 reports the planted bug ($n findings)"
		else
			echo "not ok - $1 misses the planted bug ($n findings, see $2)"
			rc=1
		fi
	elif [ -z "$3" ] && [ "$n" = 0 ]; then
		echo "ok - $1: no finding in rpcbindd/*.c, rpcbindd-check/*.c"
	else
		echo "not ok - $1: $n findings (see $2)"
		rc=1
	fi
}

missing() {	# missing TOOL NAME: fail NAME's line when TOOL is absent
	command -v "$1" >/dev/null 2>&1 && return 1
	echo "not ok - $2: $1 is not installed (tools/build.sh installs it)"
	rc=1
	return 0
}

elapsed() { echo "# $1 took $(($(date +%s) - $2)) s"; }

# gcc -fanalyzer: at -O0, where it sees every allocation (at -O1 and
# above GCC folds a malloc/free pair away before the analyzer runs).
t=$(date +%s)
cp -a "$scratch/src" "$scratch/gcc"
failed=""
(cd "$scratch/gcc" && ./configure --enable-werror CFLAGS="-O0 -g -fanalyzer" \
    >../gcc-configure.log 2>&1 && make -k -j"$jobs" $targets) >"$scratch/gcc.log" 2>&1 ||
	failed=1
verdict "gcc -fanalyzer" "$scratch/gcc.log" "$failed" "$scratch/gcc-configure.log"
elapsed "gcc -fanalyzer" "$t"

# scan-build: clang's static analyzer over the same build, with clang.
t=$(date +%s)
if ! missing scan-build-14 scan-build; then
	cp -a "$scratch/src" "$scratch/clang"
	failed=""
	(cd "$scratch/clang" && ./configure CC=clang >../clang-configure.log 2>&1 &&
	    scan-build-14 --use-cc=clang --status-bugs -o "$scratch/scan-build" \
	    make -k -j"$jobs" $targets) >"$scratch/clang.log" 2>&1 || failed=1
	verdict "scan-build" "$scratch/clang.log" "$failed" "$scratch/clang-configure.log"
fi
elapsed "scan-build" "$t"

# cppcheck: the configured gcc copy (its autoconfig.h), every check but
# the whole-program ones (the library is shared with tests and fuzzers).
# information: a suppression that matches nothing any more is a finding.
t=$(date +%s)
if ! missing cppcheck cppcheck; then
	failed=""
	(cd "$scratch/gcc" && cppcheck -q --std=c11 --platform=unix64 \
	    --library=posix -D__linux__ -D__GNUC__ --include=autoconfig.h \
	    -I include -I rpcbindd-check -I . --inconclusive \
	    --enable=warning,style,performance,portability,information \
	    --inline-suppr --suppressions-list="$top/tools/cppcheck.supp" \
	    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	    rpcbindd/*.c rpcbindd-check/*.c) >"$scratch/cppcheck.log" 2>&1 || failed=1
	verdict "cppcheck" "$scratch/cppcheck.log" "$failed"
fi
elapsed "cppcheck" "$t"
exit "$rc"
