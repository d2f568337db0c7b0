#!/bin/bash
# t52-listen: nothing answers on addresses nobody configured (as measured,
# rpcbind -h still listens on TCP 0.0.0.0).
# Three hosts (tests/net.sh).
#  1. -h 198.51.100.1 only: the sockets on port 111 are exactly 127.0.0.1,
#     ::1 and 198.51.100.1 (UDP and TCP, no wildcard); the LAN gets answers
#     there over UDP and TCP; 203.0.113.1, 2001:db8:2::1 and 2001:db8:1::1
#     get no UDP answer and a refused TCP connection, from either host;
#  2. -h lan0 (the interface-name form): the sockets are loopback's and
#     the wildcard bound to lan0 (both families); every address of lan0
#     (198.51.100.1, 2001:db8:1::1) answers over UDP and TCP, nothing on
#     wan0's; the internet host reaching the LAN address through wan0 gets
#     nothing (only what arrives on lan0 is served; t63 adds and removes
#     addresses while the daemon runs);
#  3. contrast: rpcbind -h 198.51.100.1 (diagnostics only).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd ss
[ -x "$EXPPROBE" ] || bail "missing $EXPPROBE (build it: make check TESTS=)"
X=$EXPPROBE
stop() {
	if daemon_stop; then ok "daemon exits 0 on SIGTERM ($*)"; else
		not_ok "daemon exits 0 on SIGTERM ($*)"; tail -n 20 "$T/daemon.log" | diag; fi
}
# listeners PROTO: the local addresses of port-111 sockets, sorted, one line
listeners() {
	ss -Hln "-$1" 'sport = :111' | awk '{ a = $4; sub(/:111$/, "", a); gsub(/[][]/, "", a); print a }' |
		sort -u | xargs
}
answers() {	# HOSTFN PROTO ADDR: the GETPORT nfs 3 result
	"$1" "$X" -t 700 call "$2" "$3" 2 getport 100003 3 udp
}
# silent_or_refused RESULT: a UDP probe got nothing useful
no_answer() { [ "$1" = silent ] || [ "$1" = refused ]; }

net_setup

# --- 1. one LAN address ------------------------------------------------------------
daemon_start -h $SRV_LAN4
check_eq "the 40-entry table registers" 40 "$(nfs_register)"
check_eq "UDP port 111 sockets: 127.0.0.1, 198.51.100.1, ::1 (no wildcard)" \
	"127.0.0.1 198.51.100.1 ::1" "$(listeners u)"
check_eq "TCP port 111 sockets: 127.0.0.1, 198.51.100.1, ::1 (no wildcard)" \
	"127.0.0.1 198.51.100.1 ::1" "$(listeners t)"
check_eq "LAN udp 198.51.100.1: answered" "port 2049" "$(answers on_lan udp $SRV_LAN4)"
check_eq "LAN tcp 198.51.100.1: answered" "port 2049" "$(answers on_lan tcp $SRV_LAN4)"
for h in $SRV_WAN4 $SRV_WAN6 $SRV_LAN6; do
	r=$(answers on_inet udp $h)
	check "internet udp $h: no answer ($r)" no_answer "$r"
	check_eq "internet tcp $h: connection refused" refused "$(answers on_inet tcp $h)"
done
r=$(answers on_lan udp $SRV_LAN6)
check "LAN udp 2001:db8:1::1 (not configured): no answer ($r)" no_answer "$r"
check_eq "LAN tcp 2001:db8:1::1 (not configured): connection refused" refused "$(answers on_lan tcp $SRV_LAN6)"
check_eq "internet udp 198.51.100.1 (configured, reached through wan0): a lookup is answered" \
	"port 2049" "$(answers on_inet udp $SRV_LAN4)"
check_eq "... and DUMP over udp is not" silent "$(on_inet "$X" -t 700 call udp $SRV_LAN4 2 dump)"
stop "-h 198.51.100.1"

# --- 2. an interface name ------------------------------------------------------------
daemon_start -h lan0
check_eq "the 40-entry table registers" 40 "$(nfs_register)"
u=$(listeners u)
t=$(listeners t)
printf 'UDP 111: %s\nTCP 111: %s\n' "$u" "$t" | diag
check_eq "-h lan0: UDP sockets are loopback's and the wildcard bound to lan0 (no other wildcard)" \
	"0.0.0.0%lan0 127.0.0.1 ::%lan0 ::1" "$u"
check_eq "-h lan0: TCP sockets are loopback's and the wildcard bound to lan0 (no other wildcard)" \
	"0.0.0.0%lan0 127.0.0.1 ::%lan0 ::1" "$t"
for a in $SRV_LAN4 $SRV_LAN6; do
	check_eq "LAN udp $a: answered" "port 2049" "$(answers on_lan udp $a)"
	check_eq "LAN tcp $a: answered" "port 2049" "$(answers on_lan tcp $a)"
done
check_eq "LAN v4 GETADDR over udp6 merges 2001:db8:1::1" "addr $SRV_LAN6.8.1" \
	"$(on_lan "$X" call udp $SRV_LAN6 4 getaddr 100003 3 udp6)"
for h in $SRV_WAN4 $SRV_WAN6; do
	r=$(answers on_inet udp $h)
	check "internet udp $h: no answer ($r)" no_answer "$r"
	check_eq "internet tcp $h: connection refused" refused "$(answers on_inet tcp $h)"
done
r=$(answers on_inet udp $SRV_LAN4)
check "internet udp 198.51.100.1 (lan0's, through wan0): no answer ($r)" no_answer "$r"
check_eq "internet v2 DUMP over tcp to 198.51.100.1 (lan0's, through wan0): connection refused" refused \
	"$(on_inet "$X" call tcp $SRV_LAN4 2 dump)"
stop "-h lan0"

# --- 3. contrast: rpcbind -h ------------------------------------------------------------
if have_ref; then
	ref_start -h $SRV_LAN4
	{
		printf 'rpcbind -h 198.51.100.1: UDP 111 on %s\n' "$(listeners u)"
		printf 'rpcbind -h 198.51.100.1: TCP 111 on %s\n' "$(listeners t)"
		printf 'rpcbind -h 198.51.100.1: internet tcp 203.0.113.1 GETPORT: %s\n' "$(answers on_inet tcp $SRV_WAN4)"
		printf 'rpcbind -h 198.51.100.1: internet tcp 203.0.113.1 v2 DUMP: %s\n' \
			"$(on_inet "$X" call tcp $SRV_WAN4 2 dump)"
	} | diag
	daemon_stop
fi
done_testing
