#!/bin/sh
# Replays the check target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_check" "$top_srcdir/fuzz/fuzz_check.in" \
    "$top_srcdir/fuzz/fuzz_check.repro"
