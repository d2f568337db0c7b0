#!/bin/sh
# run-fuzzers.sh SECONDS NAME... — runs each fuzz/fuzz_NAME (built with
# --enable-fuzzing) for SECONDS on a scratch copy of its seed corpus, with
# the dictionary, and fails on any crash, leak, timeout or sanitizer report.
# New crashers are kept in fuzz/fuzz_NAME.repro/ (replayed by `make check`
# from then on); the corpus dirs in the tree are left as they are (to grow
# them: fuzz_NAME -merge=1 fuzz/fuzz_NAME.in NEW_DIR).
#
# Environment: srcdir, builddir (default .), FUZZ_JOBS (parallel targets,
# default 1), FUZZ_ARGS (more libFuzzer options), FUZZ_WORKDIR (keep the
# grown corpora and logs there instead of a temporary directory).
set -u
: "${srcdir:=.}" "${builddir:=.}" "${FUZZ_JOBS:=1}" "${FUZZ_ARGS:=}"
secs=${1:-60}
shift
[ $# -gt 0 ] || set -- request stream state config uaddr ratelimit check origin

if [ -n "${FUZZ_WORKDIR:-}" ]; then
	# Kept afterwards: NAME.corpus/ (to merge back), NAME.log, NAME.art/.
	work=$FUZZ_WORKDIR
	mkdir -p "$work" || exit 1
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/rpcbindd-fuzz.XXXXXX") || exit 1
	trap 'rm -rf "$work"' EXIT INT TERM
fi

# Like the sanitizer build of `make check`: every report is fatal.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$srcdir/tests/lsan.supp:print_suppressions=0}
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

run_one() {
	name=$1
	bin=$builddir/fuzz/fuzz_$name
	corpus=$work/$name.corpus
	repro=$srcdir/fuzz/fuzz_$name.repro
	log=$work/$name.log
	[ -x "$bin" ] || { echo "FAIL $name: $bin not built" >&2; return 1; }
	mkdir -p "$corpus" "$work/$name.art"
	[ -d "$srcdir/fuzz/fuzz_$name.in" ] && cp "$srcdir/fuzz/fuzz_$name.in"/* "$corpus"/ 2>/dev/null
	"$bin" -max_total_time="$secs" -max_len=9000 -timeout=10 -rss_limit_mb=2048 \
		-dict="$srcdir/fuzz/rpcbindd.dict" -close_fd_mask=2 \
		-artifact_prefix="$work/$name.art/" -print_final_stats=1 \
		$FUZZ_ARGS "$corpus" >"$log" 2>&1
	rc=$?
	stats=$(grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | sort -u | tr '\n' ' ')
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 | sed 's/^\(#[0-9]*\).*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2 \3/')
	if [ $rc -ne 0 ] || ls "$work/$name.art"/* >/dev/null 2>&1; then
		mkdir -p "$repro"
		for f in "$work/$name.art"/*; do
			[ -f "$f" ] && cp "$f" "$repro/" && echo "  kept $repro/$(basename "$f")"
		done
		echo "FAIL $name (exit $rc): $cov $stats"
		grep -E 'ERROR|SUMMARY|runtime error|deadly signal|==[0-9]+==' "$log" | head -n 20 | sed 's/^/  /'
		return 1
	fi
	echo "ok   $name: $cov $stats"
	return 0
}

failed=0
running=0
for name; do
	if [ "$FUZZ_JOBS" -le 1 ]; then
		run_one "$name" || failed=1
		continue
	fi
	# Batches of FUZZ_JOBS targets at once.
	{ run_one "$name"; echo $? > "$work/$name.rc"; } > "$work/$name.result" 2>&1 &
	running=$((running + 1))
	if [ $running -ge "$FUZZ_JOBS" ]; then
		wait
		running=0
	fi
done
wait
if [ "$FUZZ_JOBS" -gt 1 ]; then
	for name; do
		cat "$work/$name.result"
		[ "$(cat "$work/$name.rc" 2>/dev/null)" = 0 ] || failed=1
	done
fi
exit $failed
