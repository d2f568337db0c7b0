#!/bin/sh
# Replays the state target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_state" "$top_srcdir/fuzz/fuzz_state.in" \
    "$top_srcdir/fuzz/fuzz_state.repro"
