#!/bin/sh
# Replays the ratelimit target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_ratelimit" "$top_srcdir/fuzz/fuzz_ratelimit.in" \
    "$top_srcdir/fuzz/fuzz_ratelimit.repro"
