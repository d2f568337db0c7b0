#!/bin/sh
# Replays the hosts target's seed corpus and kept crashers (TAP).
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/fuzz/replay_hosts" "$top_srcdir/fuzz/fuzz_hosts.in" \
    "$top_srcdir/fuzz/fuzz_hosts.repro"
