#!/bin/sh
# Replays the state target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_state" "$top_srcdir/fuzz/fuzz_state.in" \
    "$top_srcdir/fuzz/fuzz_state.repro"
