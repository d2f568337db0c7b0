#!/bin/sh
# The whole test suite: build (installing what is missing, and what only the
# tests need: tools/test-deps.sh), run `make check`,
# then build the same distribution again with ASan, UBSan and LeakSanitizer
# (in build-san/) and run `make check` there too, then run every fuzz
# target for FUZZ_SECONDS (60) in a libFuzzer build (build-fuzz/; its
# crashers are kept in build-fuzz/src/fuzz/*.repro), then a daily slice of
# the planted bugs of tests/mutants/ (build-mut/), then gcc -fanalyzer,
# scan-build and cppcheck over the daemon (tools/analyze.sh,
# build-analyze/), then the suite in a coverage build (build-cov/,
# tools/coverage.sh), then the Debian package's lifecycle in a
# systemd-nspawn container (tools/host-test.sh, build-host/; each of
# its steps counts as a test case). Right after the first `make check`,
# tools/under-load.sh runs it again with every core busy.
# Ends with one line "N passed, N failed[, N skipped]" counted over every
# test case of every run (each TAP line), not every script. Before it, the
# breakdown: how many are distinct checks of the normal build (system,
# unit, fuzz replays: one per target) and how many are reruns of them
# (under load, sanitizers) or stages (a fuzz target run, a planted bug,
# an analyzer, a coverage row, a host-test step).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
sh tools/build.sh "$@" && sh tools/test-deps.sh ||
	{ echo "0 passed, 1 failed"; exit 1; }

pass=0 fail=0 skip=0
b_sys=0 b_unit=0 b_fuzz=0 b_san=0 b_load=0 b_fz=0 b_mut=0 b_an=0 b_cov=0 b_host=0
count() {	# count LOG RC: add a test-suite.log's figures
	if [ -f "$1" ]; then
		p=$(sed -n 's/^# PASS: *//p' "$1"); f=$(sed -n 's/^# FAIL: *//p' "$1")
		e=$(sed -n 's/^# ERROR: *//p' "$1"); x=$(sed -n 's/^# XPASS: *//p' "$1")
		s=$(sed -n 's/^# SKIP: *//p' "$1")
		pass=$((pass + ${p:-0})); skip=$((skip + ${s:-0}))
		fail=$((fail + ${f:-0} + ${e:-0} + ${x:-0}))
		[ "$2" = 0 ] || [ "$((${f:-0} + ${e:-0} + ${x:-0}))" != 0 ] || fail=$((fail + 1))
	else
		fail=$((fail + 1))
	fi
}

# kinds DIR STAMP: the TAP results of DIR's test scripts run after STAMP,
# by kind: sets n_sys (tests/t*), n_unit (tests/unit/), n_fuzz (fuzz/).
kinds() {
	n_sys=0 n_unit=0 n_fuzz=0
	for t in $(cd "$1" && find tests fuzz -name '*.trs' -newer "$2" 2>/dev/null); do
		k=$(grep -c '^:test-result:' "$1/$t")
		case $t in
		tests/unit/*) n_unit=$((n_unit + k)) ;;
		fuzz/*) n_fuzz=$((n_fuzz + k)) ;;
		*) n_sys=$((n_sys + k)) ;;
		esac
	done
}
stamp=$(mktemp) || exit 1
make -j"$(nproc)" check
rc=$?
count "$top/test-suite.log" $rc
kinds "$top" "$stamp"
rm -f "$stamp"
b_sys=$n_sys b_unit=$n_unit b_fuzz=$n_fuzz

# The same suite again with every core kept busy (tools/under-load.sh).
stage0=$((pass + fail + skip))
rm -f "$top/test-suite.log"
sh tools/under-load.sh
urc=$?
count "$top/test-suite.log" $urc
[ "$urc" = 0 ] || rc=1
b_load=$((pass + fail + skip - stage0))

echo "=== the same suite built with --enable-sanitizers (build-san/) ==="
rm -rf build-san && mkdir build-san
if make distdir distdir=build-san/src >/dev/null &&
    (cd build-san/src && ./configure --enable-sanitizers --enable-werror \
	>../configure.log 2>&1 && make -j"$(nproc)" >../make.log 2>&1); then
	stage0=$((pass + fail + skip))
	(cd build-san/src && make -j"$(nproc)" check)
	src=$?
	count "$top/build-san/src/test-suite.log" $src
	b_san=$((pass + fail + skip - stage0))
else
	echo "the sanitizer build failed: see build-san/*.log" >&2
	tail -20 build-san/make.log build-san/configure.log 2>/dev/null >&2
	src=1
	fail=$((fail + 1))
fi
[ "$src" = 0 ] || rc=1

echo "=== every fuzz target for ${FUZZ_SECONDS:-60} s (clang, libFuzzer, build-fuzz/) ==="
rm -rf build-fuzz && mkdir build-fuzz
if make distdir distdir=build-fuzz/src >/dev/null &&
    (cd build-fuzz/src && ./configure CC=clang --enable-fuzzing \
	>../configure.log 2>&1 && make -j"$(nproc)" >../make.log 2>&1); then
	(cd build-fuzz/src && FUZZ_JOBS="$(nproc)" make fuzz \
	    FUZZ_SECONDS="${FUZZ_SECONDS:-60}") | tee build-fuzz/fuzz.log
	fok=$(grep -c '^ok ' build-fuzz/fuzz.log)
	ffail=$(grep -c '^FAIL ' build-fuzz/fuzz.log)
	pass=$((pass + fok)); fail=$((fail + ffail)); b_fz=$((fok + ffail))
	[ "$ffail" = 0 ] && [ "$fok" -gt 0 ] || { rc=1; [ "$ffail" != 0 ] || fail=$((fail + 1)); }
else
	echo "the fuzzing build failed: see build-fuzz/*.log" >&2
	tail -20 build-fuzz/make.log build-fuzz/configure.log 2>/dev/null >&2
	fail=$((fail + 1)); rc=1
fi

# Mutation testing: a slice of the planted bugs, a different one each day
# (the whole table is `make mutants`); each must be caught by its tests.
echo "=== ${MUTANT_ROTATE:-8} planted bugs of tests/mutants/mutants.tsv (build-mut/) ==="
make mutants MUTANT_ROTATE="${MUTANT_ROTATE:-8}" 2>&1 | tee mutants.log
mok=$(grep -c '^ok - ' mutants.log)
mfail=$(grep -c '^not ok - ' mutants.log)
pass=$((pass + mok)); fail=$((fail + mfail)); b_mut=$((mok + mfail))
[ "$mfail" = 0 ] && [ "$mok" -gt 0 ] || { rc=1; [ "$mfail" != 0 ] || fail=$((fail + 1)); }

# Static analysis: one line per analyzer; a finding not fixed or listed
# with its reason (tools/cppcheck.supp) fails it, so does a missing tool.
echo "=== gcc -fanalyzer, scan-build and cppcheck over the daemon (build-analyze/) ==="
sh tools/analyze.sh 2>&1 | tee analyze.log
aok=$(grep -c '^ok - ' analyze.log)
afail=$(grep -c '^not ok - ' analyze.log)
pass=$((pass + aok)); fail=$((fail + afail)); b_an=$((aok + afail))
[ "$afail" = 0 ] && [ "$aok" = 3 ] || { rc=1; [ "$afail" != 0 ] || fail=$((fail + 1)); }

# Coverage: the suite again in a gcov build (build-cov/); the modules that
# read untrusted bytes must reach the thresholds of tools/coverage.sh.
echo "=== line and branch coverage of the daemon (build-cov/) ==="
sh tools/coverage.sh 2>&1 | tee coverage.log
cok=$(grep -c '^ok - ' coverage.log)
cfail=$(grep -c '^not ok - ' coverage.log)
pass=$((pass + cok)); fail=$((fail + cfail)); b_cov=$((cok + cfail))
[ "$cfail" = 0 ] && [ "$cok" -gt 0 ] || { rc=1; [ "$cfail" != 0 ] || fail=$((fail + 1)); }

# The Debian package's life on a Debian 12 host under a real systemd
# (debootstrap + systemd-nspawn; the tree is cached in build-host/).
echo "=== the Debian package under a real systemd (build-host/) ==="
sh tools/host-test.sh
hrc=$?
hok=$(grep -c '^ok ' build-host/host.log 2>/dev/null)
hfail=$(grep -c '^not ok ' build-host/host.log 2>/dev/null)
pass=$((pass + ${hok:-0})); fail=$((fail + ${hfail:-0})); b_host=$((${hok:-0} + ${hfail:-0}))
[ "$hrc" = 0 ] && [ "${hfail:-0}" = 0 ] && [ "${hok:-0}" -gt 0 ] ||
    { rc=1; [ "${hfail:-0}" != 0 ] || fail=$((fail + 1)); }

# What the total is made of (README, "Tests"): only the
# first three lines are distinct checks; a stage that did not run shows 0.
other=$((pass + fail + skip - b_sys - b_unit - b_fuzz - b_san - b_load - b_fz - b_mut -
    b_an - b_cov - b_host))
echo "=== what the count is made of ==="
printf '%6d %s\n' "$b_sys" "system checks (tests/t*.sh, normal build)" \
    "$b_unit" "unit checks (tests/unit/, normal build)" \
    "$b_fuzz" "fuzz replays (one per target: its whole corpus)" \
    "$b_load" "reruns of the normal suite under load" \
    "$b_san" "reruns of the suite under the sanitizers" \
    "$b_fz" "fuzz stages (one per target run)" \
    "$b_mut" "mutant stages (one per planted bug)" \
    "$b_an" "static analyzers (one per analyzer)" \
    "$b_cov" "coverage rows (one per gated module)" \
    "$b_host" "steps of the package's life under a real systemd" \
    "$other" "failed builds or scripts that died before their checks"
if [ "$skip" != 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
exit "$rc"
