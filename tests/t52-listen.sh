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
# silent_or_refused RESULT: a UDP probe got nothing useful
silent_or_refused() { [ "$1" = silent ] || [ "$1" = refused ]; }
# unserved_from_inet ADDR...: the internet host gets no UDP answer and a
# refused TCP connection at each ADDR.
unserved_from_inet() {
	local h r
	for h; do
		r=$(nfs_lookup on_inet udp $h)
		check "internet udp $h: no answer ($r)" silent_or_refused "$r"
		check_eq "internet tcp $h: connection refused" refused "$(nfs_lookup on_inet tcp $h)"
	done
}

net_setup

# --- 1. one LAN address ------------------------------------------------------------
nfs_serve "the 40-entry table registers" -h $SRV_LAN4
check_eq "UDP port 111 sockets: 127.0.0.1, 198.51.100.1, ::1 (no wildcard)" \
	"127.0.0.1 198.51.100.1 ::1" "$(listeners u)"
check_eq "TCP port 111 sockets: 127.0.0.1, 198.51.100.1, ::1 (no wildcard)" \
	"127.0.0.1 198.51.100.1 ::1" "$(listeners t)"
check_eq "LAN udp 198.51.100.1: answered" "port 2049" "$(nfs_lookup on_lan udp $SRV_LAN4)"
check_eq "LAN tcp 198.51.100.1: answered" "port 2049" "$(nfs_lookup on_lan tcp $SRV_LAN4)"
unserved_from_inet $SRV_WAN4 $SRV_WAN6 $SRV_LAN6
r=$(nfs_lookup on_lan udp $SRV_LAN6)
check "LAN udp 2001:db8:1::1 (not configured): no answer ($r)" silent_or_refused "$r"
check_eq "LAN tcp 2001:db8:1::1 (not configured): connection refused" refused "$(nfs_lookup on_lan tcp $SRV_LAN6)"
check_eq "internet udp 198.51.100.1 (configured, reached through wan0): a lookup is answered" \
	"port 2049" "$(nfs_lookup on_inet udp $SRV_LAN4)"
check_eq "... and DUMP over udp is not" silent "$(on_inet "$X" -t 700 call udp $SRV_LAN4 2 dump)"
stop "-h 198.51.100.1"

# --- 2. an interface name ------------------------------------------------------------
nfs_serve "the 40-entry table registers" -h lan0
u=$(listeners u)
t=$(listeners t)
printf 'UDP 111: %s\nTCP 111: %s\n' "$u" "$t" | diag
check_eq "-h lan0: UDP sockets are loopback's and the wildcard bound to lan0 (no other wildcard)" \
	"0.0.0.0%lan0 127.0.0.1 ::%lan0 ::1" "$u"
check_eq "-h lan0: TCP sockets are loopback's and the wildcard bound to lan0 (no other wildcard)" \
	"0.0.0.0%lan0 127.0.0.1 ::%lan0 ::1" "$t"
for a in $SRV_LAN4 $SRV_LAN6; do
	check_eq "LAN udp $a: answered" "port 2049" "$(nfs_lookup on_lan udp $a)"
	check_eq "LAN tcp $a: answered" "port 2049" "$(nfs_lookup on_lan tcp $a)"
done
check_eq "LAN v4 GETADDR over udp6 merges 2001:db8:1::1" "addr $SRV_LAN6.8.1" \
	"$(on_lan "$X" call udp $SRV_LAN6 4 getaddr 100003 3 udp6)"
unserved_from_inet $SRV_WAN4 $SRV_WAN6
r=$(nfs_lookup on_inet udp $SRV_LAN4)
check "internet udp 198.51.100.1 (lan0's, through wan0): no answer ($r)" silent_or_refused "$r"
check_eq "internet v2 DUMP over tcp to 198.51.100.1 (lan0's, through wan0): connection refused" refused \
	"$(on_inet "$X" call tcp $SRV_LAN4 2 dump)"
stop "-h lan0"

# --- 3. contrast: rpcbind -h ------------------------------------------------------------
if have_ref; then
	ref_start -h $SRV_LAN4
	{
		printf 'rpcbind -h 198.51.100.1: UDP 111 on %s\n' "$(listeners u)"
		printf 'rpcbind -h 198.51.100.1: TCP 111 on %s\n' "$(listeners t)"
		printf 'rpcbind -h 198.51.100.1: internet tcp 203.0.113.1 GETPORT: %s\n' "$(nfs_lookup on_inet tcp $SRV_WAN4)"
		printf 'rpcbind -h 198.51.100.1: internet tcp 203.0.113.1 v2 DUMP: %s\n' \
			"$(on_inet "$X" call tcp $SRV_WAN4 2 dump)"
	} | diag
	daemon_stop
fi
done_testing
