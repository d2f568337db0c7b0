#!/bin/sh
# Replays the config target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_config" "$top_srcdir/fuzz/fuzz_config.in" \
    "$top_srcdir/fuzz/fuzz_config.repro"
