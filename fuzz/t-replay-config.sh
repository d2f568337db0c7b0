#!/bin/sh
# Replays the config target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_config" "$top_srcdir/fuzz/fuzz_config.in" \
    "$top_srcdir/fuzz/fuzz_config.repro"
