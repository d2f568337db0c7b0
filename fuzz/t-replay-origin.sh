#!/bin/sh
# Replays the origin target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_origin" "$top_srcdir/fuzz/fuzz_origin.in" \
    "$top_srcdir/fuzz/fuzz_origin.repro"
