#!/bin/bash
# t63-late: addresses that come up after the start, and -h as rpcbind
# takes it. Three hosts (tests/net.sh).
#  1. -h 198.51.100.1 -h 2001:db8:1::1 while lan0 has neither: the daemon
#     starts (one warning per address), loopback answers at once; 2 s
#     later the addresses are added and the LAN's lookups over UDP and TCP
#     are answered there (IP(V6)_FREEBIND);
#  2. -h lan0 (and -h dum0, an interface without any address, one end of a veth pair): an address
#     lan0 gets while the daemon runs is served over UDP and TCP, GETADDR
#     answers with it; once removed it is not served, and moved to wan0 it
#     is not served to the internet host (device-bound sockets);
#     broadcast and multicast datagrams it receives are not handled;
#  3. host names: -h localhost serves loopback only; a name from
#     /etc/hosts (a private copy bind-mounted in this mount namespace)
#     serves every address it names; -h no-such-name.invalid exits 1 with
#     one line, before any socket.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd ss
LATE=2			# seconds between the start and the address
VIP4=198.51.100.200	# an address lan0 gets while the daemon runs
VIP6=2001:db8:1::200
# answered HOSTFN PROTO ADDR: a lookup gets the NFS port, within a few
# tries (neighbour discovery and ARP after an address appears).
answered() {
	local k
	for k in 1 2 3 4 5; do
		[ "$(nfs_lookup "$@")" = "port 2049" ] && return 0
		sleep 0.2
	done
	return 1
}
no_answer() {	# HOSTFN PROTO ADDR: no lookup answer at all
	local r
	r=$(nfs_lookup "$@")
	[ "$r" = silent ] || [ "$r" = refused ] || { echo "got: $r"; return 1; }
}
# start ARGS...: like daemon_start, but a daemon that exits is one failed
# check with its log, not the end of the script.
start() {
	"$RPCBINDD" -f "$@" >"$T/daemon.log" 2>&1 &
	DPID=$!
	if wait_until 5 portmapper_up; then ok "rpcbindd $* starts and answers on loopback"; return 0; fi
	not_ok "rpcbindd $* starts and answers on loopback"
	diag <"$T/daemon.log"
	daemon_stop >/dev/null
	return 1
}
# lan_answered WHAT ADDR...: the LAN's lookups over UDP and TCP are
# answered at each ADDR.
lan_answered() {
	local w=$1 a
	shift
	for a; do
		check "$w: LAN udp $a answered" answered on_lan udp $a
		check "$w: LAN tcp $a answered" answered on_lan tcp $a
	done
}

net_setup

# --- 1. an address that comes up late ------------------------------------
ip addr del $SRV_LAN4/24 dev lan0 || bail "removing $SRV_LAN4"
ip addr del $SRV_LAN6/64 dev lan0 || bail "removing $SRV_LAN6"
if start -h $SRV_LAN4 -h $SRV_LAN6; then
	check_eq "the 40-entry table registers" 40 "$(nfs_register)"
	for a in $SRV_LAN4 $SRV_LAN6; do
		check_eq "one warning that $a is not there yet" 1 \
			"$(grep -c "$a is not an address of this host (yet)" "$T/daemon.log")"
	done
	check_eq "loopback udp answers at once" "port 2049" "$(nfs_lookup env udp 127.0.0.1)"
	check_eq "loopback tcp6 answers at once" "port 2049" "$(nfs_lookup env tcp ::1)"
	check "LAN udp $SRV_LAN4 before it exists: no answer" no_answer on_lan udp $SRV_LAN4
	sleep $LATE
	ip addr add $SRV_LAN4/24 dev lan0 || bail "adding $SRV_LAN4"
	ip addr add $SRV_LAN6/64 dev lan0 nodad || bail "adding $SRV_LAN6"
	lan_answered "added ${LATE} s after the start" $SRV_LAN4 $SRV_LAN6
	check "the daemon kept running" kill -0 "$DPID"
	check "no 'another portmapper' in the log" sh -c '! grep -q "another portmapper" "$1"' _ "$T/daemon.log"
	stop "late addresses"
fi

# --- 2. an interface's addresses as they come and go ----------------------
ip link add dum0 type veth peer name dum1 || bail "an interface without addresses"
if start -h lan0 -h dum0; then
	check_eq "the 40-entry table registers" 40 "$(nfs_register)"
	u=$(listeners u)
	printf 'UDP 111: %s\nTCP 111: %s\n' "$u" "$(listeners t)" | diag
	check "UDP: the wildcard bound to lan0 and to dum0" \
		sh -c 'printf " %s \n" "$1" | grep -q " 0\.0\.0\.0%lan0 " && printf " %s \n" "$1" | grep -q " 0\.0\.0\.0%dum0 "' _ "$u"
	check "LAN udp $VIP4 before lan0 has it: no answer" no_answer on_lan udp $VIP4
	ip addr add $VIP4/24 dev lan0 || bail "adding $VIP4"
	ip addr add $VIP6/64 dev lan0 nodad || bail "adding $VIP6"
	lan_answered "added to lan0 while running" $VIP4 $VIP6
	check_eq "LAN v4 GETADDR over udp to $VIP4 merges the arrival address" \
		"addr $VIP4.8.1" "$(on_lan "$X" call udp $VIP4 4 getaddr 100003 3 udp)"
	check_eq "LAN v4 GETADDR over tcp6 to $VIP6 merges the arrival address" \
		"addr $VIP6.8.1" "$(on_lan "$X" call tcp $VIP6 4 getaddr 100003 3 tcp6)"
	check_eq "internet v2 DUMP over tcp to $VIP4 (through wan0): refused" refused \
		"$(on_inet "$X" call tcp $VIP4 2 dump)"
	ip addr del $VIP4/24 dev lan0 || bail "removing $VIP4"
	ip addr del $VIP6/64 dev lan0 || bail "removing $VIP6"
	for p in udp tcp; do
		check "removed from lan0: LAN $p $VIP4 not answered" no_answer on_lan $p $VIP4
		check "removed from lan0: LAN $p $VIP6 not answered" no_answer on_lan $p $VIP6
	done
	# The internet host routes 198.51.100.0/24 to wan0: the address moved
	# there is the host's, but not lan0's.
	ip addr add $VIP4/32 dev wan0 || bail "adding $VIP4 to wan0"
	for p in udp tcp; do
		check "moved to wan0: internet $p $VIP4 not answered" no_answer on_inet $p $VIP4
		check "wan0's own: internet $p $SRV_WAN4 not answered" no_answer on_inet $p $SRV_WAN4
		check "lan0's, through wan0: internet $p $SRV_LAN4 not answered" no_answer on_inet $p $SRV_LAN4
	done
	ip addr del $VIP4/32 dev wan0
	check "LAN udp $SRV_LAN4 (lan0's from the start) still answered" answered on_lan udp $SRV_LAN4
	check "the daemon kept running" kill -0 "$DPID"
	stop "-h lan0 -h dum0"
fi

# --- 2b. broadcast and multicast on the interface's wildcard sockets -------
# They reach a socket bound to 0.0.0.0 or :: (IPv4 subnet broadcast, IPv6
# all-nodes) but name no address to answer from: dropped before any
# handling, so -l logs no call for them. The control: a unicast call from
# another LAN address is logged.
need_cmd python3
if start -l -h lan0; then
	on_lan python3 -c '
import socket, struct
# PMAP v2 GETPORT nfs 3 udp, AUTH_NONE
m = struct.pack(">14I", 0x6363, 0, 2, 100000, 2, 3, 0, 0, 0, 0, 100003, 3, 17, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.bind(("198.51.100.42", 0))
s.sendto(m, ("198.51.100.255", 111))
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s6.sendto(m, ("ff02::1", 111, 0, socket.if_nametoindex("eth0")))
' || bail "sending the broadcast and multicast calls"
	check_eq "LAN udp from 198.51.100.43 (control): answered (nothing registered)" "port 0" \
		"$(on_lan "$X" -b 198.51.100.43 -t 700 call udp $SRV_LAN4 2 getport 100003 3 udp)"
	check_eq "LAN udp6 (control): answered (nothing registered)" "port 0" "$(nfs_lookup on_lan udp $SRV_LAN6)"
	check "the control call is logged" grep -q "call from 198.51.100.43 over udp" "$T/daemon.log"
	check "a call to the subnet broadcast address is not handled" \
		sh -c '! grep -q "call from 198.51.100.42" "$1"' _ "$T/daemon.log"
	check "a call to ff02::1 is not handled" sh -c '! grep -q "call from fe80:" "$1"' _ "$T/daemon.log"
	grep "call from" "$T/daemon.log" | diag
	stop "-l -h lan0"
fi

# --- 3. host names ------------------------------------------------------------
if start -h localhost; then
	check_eq "-h localhost: UDP sockets on loopback only" "127.0.0.1 ::1" "$(listeners u)"
	check_eq "-h localhost: TCP sockets on loopback only" "127.0.0.1 ::1" "$(listeners t)"
	stop "-h localhost"
fi
printf '127.0.0.1 localhost\n::1 localhost\n%s srv.example.test srv\n%s srv.example.test srv\n' \
	$SRV_LAN4 $SRV_LAN6 >"$T/hosts"
mount --bind "$T/hosts" /etc/hosts || bail "bind-mounting a private /etc/hosts"
if start -h srv.example.test; then
	check_eq "-h srv.example.test: UDP sockets on every address it names" \
		"127.0.0.1 198.51.100.1 2001:db8:1::1 ::1" "$(listeners u)"
	check_eq "-h srv.example.test: TCP sockets on every address it names" \
		"127.0.0.1 198.51.100.1 2001:db8:1::1 ::1" "$(listeners t)"
	nfs_register >/dev/null
	lan_answered "-h srv.example.test" $SRV_LAN4 $SRV_LAN6
	stop "-h srv.example.test"
fi
umount /etc/hosts
out=$(timeout -s KILL 10 "$RPCBINDD" -f -h no-such-name.invalid 2>&1); rc=$?
check_eq "-h no-such-name.invalid: exit 1" 1 "$rc"
check_eq "... with one line" 1 "$(printf '%s\n' "$out" | wc -l)"
check_grep "... naming it" "'no-such-name.invalid' is neither an address" "$out"
check "... before any socket" test ! -e /run/rpcbind.sock
printf '%s\n' "$out" | diag
done_testing
