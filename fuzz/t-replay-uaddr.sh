#!/bin/sh
# Replays the uaddr target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_uaddr" "$top_srcdir/fuzz/fuzz_uaddr.in" \
    "$top_srcdir/fuzz/fuzz_uaddr.repro"
