#!/bin/bash
# t65-resets — peers that vanish mid-call, and a burst (tests/proto/rpcprobe, section
# "resets"): TCP connections reset with a partial record pending (the
# daemon's read fails with ECONNRESET) and local-socket callers gone before
# their DUMP reply (its write fails with EPIPE). The daemon must keep
# serving and close exactly those connections: its descriptor count comes
# back to what it was before (polled for at most 5 s; the closes happen in
# the daemon's next turns of the loop). Then a burst of UDP calls queued
# while the daemon is stopped (SIGSTOP), read and answered in full batches
# once it runs again (SIGCONT): every one answered once.
. "$(dirname "$0")/lib.sh"
ns_enter "$@"

proto_init

nfds() { ls "/proc/$DPID/fd" 2>/dev/null | wc -l; }
daemon_start
# 48 registrations: a v4 DUMP reply of about 2.6 kB.
for p in $(seq 1 48); do
	"$RPCBTOOL" -t 3 set $((536870911 + p)) 1 udp 0.0.0.0.3.$p >/dev/null 2>&1
done
# The start-up probes' connections are closed by now, or within 5 s.
base=$(nfds)
wait_until 5 test "$(nfds)" -le "$base" || true
base=$(nfds)
"$PROBE" --no-plan resets >"$T/resets.tap"
prc=$?

# The burst: the calls wait in the socket while the daemon is stopped.
kill -STOP "$DPID"
"$PROBE" --no-plan burst >"$T/burst.tap" &
bpid=$!
wait_until 5 grep -q '^# burst sent' "$T/burst.tap" || true
kill -CONT "$DPID"
wait "$bpid"
brc=$?
# One TAP stream: the second probe's checks numbered after the first's.
awk '/^(not )?ok [0-9]+/ { n++; sub(/ok [0-9]+/, "ok " n) } { print }' \
    "$T/resets.tap" "$T/burst.tap"
t_n=$(cat "$T/resets.tap" "$T/burst.tap" | grep -cE '^(not )?ok ')
[ "$prc" = 0 ] || [ "$prc" = 1 ] || not_ok "rpcprobe resets ran to the end (status $prc)"
[ "$brc" = 0 ] || [ "$brc" = 1 ] || not_ok "rpcprobe burst ran to the end (status $brc)"
if wait_until 5 test "$(nfds)" -eq "$base"; then
	ok "the daemon holds $base descriptors again (every vanished peer's connection closed)"
else
	not_ok "the daemon holds $base descriptors again (every vanished peer's connection closed)"
	echo "it holds $(nfds)" | diag
fi
alive "after the probe"
stop
done_testing
