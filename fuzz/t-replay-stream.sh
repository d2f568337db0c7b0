#!/bin/sh
# Replays the stream target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_stream" "$top_srcdir/fuzz/fuzz_stream.in" \
    "$top_srcdir/fuzz/fuzz_stream.repro"
