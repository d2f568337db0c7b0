#!/bin/sh
# Replays the ratelimit target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_ratelimit" "$top_srcdir/fuzz/fuzz_ratelimit.in" \
    "$top_srcdir/fuzz/fuzz_ratelimit.repro"
