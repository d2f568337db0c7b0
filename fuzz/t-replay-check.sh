#!/bin/sh
# Replays the check target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_check" "$top_srcdir/fuzz/fuzz_check.in" \
    "$top_srcdir/fuzz/fuzz_check.repro"
