#!/bin/sh
# Replays the uaddr target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_uaddr" "$top_srcdir/fuzz/fuzz_uaddr.in" \
    "$top_srcdir/fuzz/fuzz_uaddr.repro"
