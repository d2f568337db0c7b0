#!/bin/bash
# t58-connflood — a remote TCP flood cannot evict local clients nor take
# the TCP cap alone. One internet address opens more connections than the
# per-source cap (RB_TCP_PER_SOURCE, 64): the daemon holds at most the cap
# from it and refuses (counts) the rest. Then several addresses open more
# than --max-connections between them, while loopback TCP clients hold a
# connection mid-request: those are never evicted for remote ones and get
# their replies once the flood is over.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/net.sh"
ns_enter "$@"
need_cmd ss
net_setup

PER_SOURCE=$(sed -n 's/^#define RB_TCP_PER_SOURCE[[:space:]]*\([0-9]*\).*/\1/p' "$top_srcdir/include/bounds.h")
[ -n "$PER_SOURCE" ] || bail "RB_TCP_PER_SOURCE not found in bounds.h"
MAXCONN=100
SOURCES="203.0.113.10 203.0.113.11 203.0.113.12 203.0.113.13"
for a in $SOURCES; do ip -n "$NS_INET" addr add $a/24 dev eth0 || bail "address $a"; done
daemon_start -h $SRV_WAN4 --max-connections=$MAXCONN

# held [SRC]: established connections to port 111 the daemon holds (from SRC).
held() {
	ss -Htnp state established '( sport = :111 )' 2>/dev/null |
		grep "pid=$DPID," | grep -c -- "${1:+ $1:}"
}

HOLDPIDS=""
for h in 127.0.0.1 ::1; do
	"$EXPPROBE" -t 5000 hold $h "$T/go" 50 >"$T/hold-$h.out" 2>&1 &
	HOLDPIDS="$HOLDPIDS $!"
done
wait_until 5 sh -c "grep -q holding '$T/hold-127.0.0.1.out' && grep -q holding '$T/hold-::1.out'" ||
	bail "the loopback clients did not connect"

# One source, more than its cap. 3 s per connect attempt at most.
on_inet "$EXPPROBE" -t 3000 -b $INET4 conns $SRV_WAN4 $((PER_SOURCE + 36)) 15000 >"$T/c0.out" 2>&1 &
C0=$!
wait_until 20 grep -q connected "$T/c0.out"
wait_until 5 sh -c "[ \$(ss -Htnp state established '( sport = :111 )' | grep 'pid=$DPID,' | grep -c ' $INET4:') -ge $PER_SOURCE ]"
sleep 0.5
n=$(held $INET4)
check "one source holds $n connections <= the per-source cap $PER_SOURCE" test "$n" -le "$PER_SOURCE"
check "... and got its cap ($n >= $PER_SOURCE)" test "$n" -ge "$PER_SOURCE"

# Several sources, more than --max-connections between them.
CPIDS=""
for a in $SOURCES; do
	on_inet "$EXPPROBE" -t 3000 -b $a conns $SRV_WAN4 60 8000 >"$T/c-$a.out" 2>&1 &
	CPIDS="$CPIDS $!"
done
for a in $SOURCES; do wait_until 20 grep -q connected "$T/c-$a.out"; done
remote_held() {
	local a r
	r=$(held $INET4)
	for a in $SOURCES; do r=$((r + $(held $a))); done
	echo "$r"
}
# The daemon may still be accepting the last ones on a loaded machine.
wait_until 5 sh -c "[ \$(ss -Htnp state established '( sport = :111 )' | grep 'pid=$DPID,' | grep -vc -e ' 127.0.0.1:' -e ' \[::1\]:') -ge $MAXCONN ]"
sleep 0.5
n=$(held "")
r=$(remote_held)
check "remote connections held: $r <= --max-connections $MAXCONN" test "$r" -le $MAXCONN
check "... the flood filled the cap ($r >= $MAXCONN): evictions happened" test "$r" -ge $MAXCONN
check "the two loopback connections are still held ($n in all, $r remote)" test $((n - r)) -ge 2

touch "$T/go"
for p in $HOLDPIDS; do wait "$p"; done
for h in 127.0.0.1 ::1; do probe_lines "$T/hold-$h.out" 0 "expprobe hold $h"; done
counters >/dev/null
c=$(counter capped)
check "counters: capped ${c:-?} >= 36 (refused over the per-source cap)" test "${c:-0}" -ge 36
check_grep "the refusal is logged" 'refused a TCP connection: its source holds' "$(cat "$T/daemon.log")"
kill $C0 $CPIDS 2>/dev/null
wait $C0 $CPIDS 2>/dev/null
check "the daemon survived" kill -0 "$DPID"
daemon_stop
done_testing
