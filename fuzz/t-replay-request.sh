#!/bin/sh
# Replays the request target's corpus and kept crashers through its invariants:
# one TAP check with the number of inputs (fuzz/replay.c).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_request" "$top_srcdir/fuzz/fuzz_request.in" \
    "$top_srcdir/fuzz/fuzz_request.repro"
