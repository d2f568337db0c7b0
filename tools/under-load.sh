#!/bin/sh
# under-load.sh — the normal build's `make check` again, while stress-ng
# keeps every core busy (a CPU worker per core at normal priority), so a
# test that holds only on an idle machine fails here and not on a loaded
# CI runner. Run from tools/run-tests.sh after the first `make check`, or by
# hand with `make check-under-load` (the tree must be built).
#
# Environment: UNDER_LOAD_MINUTES (45: the bound on the whole run; stress-ng
# stops a minute after it in any case), UNDER_LOAD_CPUS (stress-ng workers,
# default one per core), TESTS (a subset; default the whole suite).
# Prints the time taken; exits with make's status (124 past the bound).
set -u
cd "$(dirname "$0")/.."
command -v stress-ng >/dev/null 2>&1 || {
	echo "under-load.sh: stress-ng is missing (Debian package stress-ng)" >&2
	exit 1
}
[ -f Makefile ] || { echo "under-load.sh: build the tree first" >&2; exit 1; }
minutes=${UNDER_LOAD_MINUTES:-45}
cpus=${UNDER_LOAD_CPUS:-$(nproc)}

stress-ng --cpu "$cpus" --timeout "$((minutes * 60 + 60))s" --quiet &
spid=$!
stop_stress() {
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
}
trap 'stop_stress' EXIT
trap 'exit 130' INT TERM
sleep 1
kill -0 "$spid" 2>/dev/null || { echo "under-load.sh: stress-ng did not start" >&2; exit 1; }

echo "=== make check with $cpus busy CPU workers (stress-ng, pid $spid), at most $minutes min ==="
t0=$(date +%s)
# timeout signals make's whole process group, so no test outlives the bound.
if [ -n "${TESTS:-}" ]; then
	timeout --kill-after=60 "$((minutes * 60))" make -j"$(nproc)" check TESTS="$TESTS"
else
	timeout --kill-after=60 "$((minutes * 60))" make -j"$(nproc)" check
fi
rc=$?
t1=$(date +%s)
[ "$rc" != 124 ] || echo "under-load.sh: make check ran past $minutes min" >&2
echo "under load: make check took $((t1 - t0)) s (exit $rc)"
exit "$rc"
