#!/bin/sh
# Replays the stream target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_stream" "$top_srcdir/fuzz/fuzz_stream.in" \
    "$top_srcdir/fuzz/fuzz_stream.repro"
