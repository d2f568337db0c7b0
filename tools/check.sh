#!/bin/sh
# The whole test suite: build (installing what is missing), run `make check`,
# and end with one line "N passed, N failed[, N skipped]" counted over every
# test case (each TAP line), not every script.
set -u
cd "$(dirname "$0")/.."
sh tools/build.sh "$@" || { echo "0 passed, 1 failed"; exit 1; }
make -j"$(nproc)" check
rc=$?
log=test-suite.log
if [ -f "$log" ]; then
	pass=$(sed -n 's/^# PASS: *//p' "$log"); pass=${pass:-0}
	fail=$(sed -n 's/^# FAIL: *//p' "$log"); fail=${fail:-0}
	err=$(sed -n 's/^# ERROR: *//p' "$log"); err=${err:-0}
	xpass=$(sed -n 's/^# XPASS: *//p' "$log"); xpass=${xpass:-0}
	skip=$(sed -n 's/^# SKIP: *//p' "$log"); skip=${skip:-0}
	fail=$((fail + err + xpass))
else
	pass=0; fail=1; skip=0
fi
[ "$rc" = 0 ] || [ "$fail" != 0 ] || fail=1
if [ "$skip" != 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
exit "$rc"
