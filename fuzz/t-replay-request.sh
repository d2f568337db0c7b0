#!/bin/sh
# Replays the request target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_request" "$top_srcdir/fuzz/fuzz_request.in" \
    "$top_srcdir/fuzz/fuzz_request.repro"
