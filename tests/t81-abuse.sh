#!/bin/bash
# t81-abuse: what abusive peers send, against one daemon
# (--max-connections=1024), bounded in count and time (the whole script well
# under 90 s), driven by tests/abuse/abprobe:
#
#  1. 20,000 malformed UDP datagrams from a fixed seed: random bytes,
#     truncated calls, wrong RPC versions, unknown programs, versions and
#     procedures, huge declared string and opaque lengths, oversized and odd
#     credentials, replies instead of calls, mutated valid calls;
#  2. 300 TCP connections sending garbage, an absurd record length, a record
#     cut short, or empty fragments, with lookups between groups of 50;
#  3. 1,000 TCP connections held (idle, slowloris dripping a byte a second,
#     half-sent records) while fresh UDP and TCP lookups are each answered
#     within 100 ms;
#  4. the per-uid registration quota (128, root still registers) is t30's
#     (tests/t30-bounds.sh section 5), not repeated here.
# After all of it the daemon is alive, the 40-entry table registered at the
# start is intact (identical rpcinfo listing), and VmRSS grew < 2 MiB.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
probe_init ABPROBE abuse/abprobe 8192
B=$RPCBTOOL
t_start=$(date +%s)

answers() {
	probe lookups 3 100
	check_eq "NULL over the local socket $*" OK "$("$B" -t 3 -T local -V 2 null 2>&1)"
}

daemon_start --max-connections=1024
# The table: 20 programs x udp, tcp (root's, over the local socket).
for i in $(seq 1 20); do
	"$B" -t 3 set $((0x20070000 + i)) 1 udp 127.0.0.1.9.$i >/dev/null
	"$B" -t 3 set $((0x20070000 + i)) 1 tcp 127.0.0.1.9.$i >/dev/null
done
rpcinfo >"$T/list0" 2>&1
check_eq "40 entries registered at the start" 40 \
	"$(awk '$1 >= 537329665 && $1 <= 537329684' "$T/list0" | wc -l)"
rss0=$(rss_kb)

# --- 1. malformed datagrams -------------------------------------------------
g0=$(counter_now garbage)
probe malformed 20260 20000 20
alive "after 20,000 malformed datagrams"
answers "after the malformed datagrams"
g1=$(counter_now garbage)
check "the garbage counter counted some (${g0:-?} -> ${g1:-?})" test "${g1:-0}" -gt "${g0:-0}"

# --- 2. abusive TCP streams -----------------------------------------------------
probe tcpabuse 300
alive "after 300 abusive TCP connections"
answers "after the abusive TCP connections"

# --- 3. 1,000 idle, slowloris and half-sent connections held ----------------------
rm -f "$T/hold.out"
"$PROBE" hold 1000 10 iisp >"$T/hold.out" 2>&1 & hp=$!
if wait_until 15 grep -q '^held ' "$T/hold.out"; then
	ok "$(grep '^held ' "$T/hold.out") TCP connections (idle, slowloris, half-sent)"
else
	not_ok "1,000 TCP connections held"; diag <"$T/hold.out"
fi
sleep 1
probe lookups 25 100
check_eq "NULL over the local socket while they are held" OK \
	"$("$B" -t 3 -T local -V 2 null 2>&1)"
check "rpcinfo -p over TCP while they are held" rpcinfo -p 127.0.0.1
fdn=$(ls "/proc/$DPID/fd" | wc -l)
check "the daemon holds $fdn descriptors (<= 1024 connections + 40)" test "$fdn" -le 1064
wait "$hp"
grep -E '^(open|# )' "$T/hold.out" | diag
alive "after the held connections"
answers "after the held connections"

# --- 4. the per-uid quota: tests/t30-bounds.sh section 5 ------------------------------

# --- at the end --------------------------------------------------------------------
alive "at the end"
check_eq "the 40-entry table is intact (identical rpcinfo listing)" \
	"$(cat "$T/list0")" "$(rpcinfo 2>&1)"
rss1=$(rss_kb)
echo "VmRSS $rss0 kB at the start, $rss1 kB at the end" | diag
check "VmRSS grew by less than $(((2048 + RSS_SLACK_KB) / 1024)) MiB ($rss0 -> $rss1 kB)" \
	test $((rss1 - rss0)) -lt $((2048 + RSS_SLACK_KB))
grep 'counters:' "$T/daemon.log" | tail -1 | diag
if daemon_stop; then ok "daemon exits 0 on SIGTERM"; else
	not_ok "daemon exits 0 on SIGTERM"; diag <"$T/daemon.log"; fi
echo "t81 ran $(($(date +%s) - t_start)) s" | diag
done_testing
