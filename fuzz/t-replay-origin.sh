#!/bin/sh
# Replays the origin target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_origin" "$top_srcdir/fuzz/fuzz_origin.in" \
    "$top_srcdir/fuzz/fuzz_origin.repro"
