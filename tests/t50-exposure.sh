#!/bin/bash
# t50-exposure: what the internet gets when it sends what scanners send.
# Three hosts (tests/net.sh); the server registers the 40-entry NFS table and
# serves 198.51.100.1, 203.0.113.1, 2001:db8:1::1 and 2001:db8:2::1. From the
# internet host:
#  1. every procedure of v2, v3, v4 over UDP with realistic arguments, to each
#     served address: amplifying and registration calls get 0 bytes, lookups
#     one reply no bigger than the request (bytes in -> out as diagnostics);
#  2. lookups are answered with the address the request arrived on, never
#     the other interface's;
#  3. over TCP the refused calls get AUTH_ERROR AUTH_TOOWEAK, and
#     `rpcinfo -p 203.0.113.1` fails with an authentication error;
#     `rpcinfo -T udp` (the scanners' check) lists nothing;
#  4. a raw IPv4/UDP datagram from 127.0.0.1 (route_localnet on, so the
#     kernel lets it through) gets nothing, changes nothing, and the
#     counters line (SIGUSR1) shows spoofed >= 1;
#  5. contrast: Debian's rpcbind with the same table answers the same sweep
#     (amplification printed) and the same spoofed datagrams (control: the
#     forged packets do reach a daemon).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd rpcinfo

net_setup
nfs_serve "the 40-entry NFS table registers over the local socket" $SRV_ALL
check_eq "the local v4 DUMP lists it (plus the portmapper)" 40 \
	"$("$RPCBTOOL" -t 3 -V 4 dump 2>&1 | awk '$1 != 100000' | wc -l)"

# --- 1. every procedure over UDP ---------------------------------------------
for h in $SRV_WAN4 $SRV_WAN6 $SRV_LAN4 $SRV_LAN6; do
	rc=0
	on_inet "$X" sweep "$h" >"$T/sweep.out" 2>&1 || rc=$?
	probe_lines "$T/sweep.out" $rc expprobe
done

# --- 2. the address a lookup arrived on ----------------------------------------
r() { "$RPCBTOOL" -t 3 "$@" 2>&1; }
check_eq "internet v2 GETPORT nfs 3 over udp 203.0.113.1" 2049 \
	"$(on_inet "$RPCBTOOL" -t 3 -H $SRV_WAN4 -T udp -V 2 rgetaddr 100003 3 udp 2>&1)"
for v in 3 4; do
	for t in udp tcp; do
		check_eq "internet v$v GETADDR nfs 3 over $t 203.0.113.1: 203.0.113.1.8.1" \
			203.0.113.1.8.1 "$(on_inet "$RPCBTOOL" -t 3 -H $SRV_WAN4 -T $t -V $v rgetaddr 100003 3 $t 2>&1)"
	done
done
check_eq "internet v4 GETADDR over udp to the LAN address: 198.51.100.1.8.1" 198.51.100.1.8.1 \
	"$(on_inet "$RPCBTOOL" -t 3 -H $SRV_LAN4 -T udp -V 4 rgetaddr 100003 3 udp 2>&1)"
check_eq "internet v4 GETADDR over udp6 2001:db8:2::1: 2001:db8:2::1.8.1" 2001:db8:2::1.8.1 \
	"$(on_inet "$RPCBTOOL" -t 3 -H $SRV_WAN6 -T udp6 -V 4 rgetaddr 100003 3 udp6 2>&1)"
check_eq "internet v4 GETADDR over tcp6 2001:db8:2::1: 2001:db8:2::1.8.1" 2001:db8:2::1.8.1 \
	"$(on_inet "$RPCBTOOL" -t 3 -H $SRV_WAN6 -T tcp6 -V 4 rgetaddr 100003 3 tcp6 2>&1)"
check_eq "internet v4 GETVERSADDR mountd 3 over udp 203.0.113.1: 203.0.113.1.78.80" 203.0.113.1.78.80 \
	"$(on_inet "$RPCBTOOL" -t 3 -H $SRV_WAN4 -T udp -V 4 rgetversaddr 100005 3 udp 2>&1)"
check_eq "internet v4 GETADDR, empty r_addr hint, over udp: addr 203.0.113.1.8.1" \
	"addr 203.0.113.1.8.1" "$(on_inet "$X" call udp $SRV_WAN4 4 getaddr 100003 3 udp)"
check_eq "loopback v4 GETADDR still 127.0.0.1.8.1" 127.0.0.1.8.1 \
	"$(r -H 127.0.0.1 -T udp -V 4 rgetaddr 100003 3 udp)"

# --- 2b. replies bigger than their request are dropped over UDP ------------------
# A local service registered on a long, specific IPv6 address: a 64-byte
# GETADDR gets a 68-byte answer, so over UDP to a remote caller: nothing.
LP=536871168	# 0x20000100
LA=2001:db8:2:0:1234:5678:9abc:def0.200.1
check_eq "register $LP 1 udp6/tcp6 at $LA" "TRUE TRUE" \
	"$(r -V 4 rset $LP 1 udp6 $LA 0) $(r -V 4 rset $LP 1 tcp6 $LA 0)"
check_eq "internet v4 GETADDR $LP 1 over udp6 (64 -> 68 bytes): dropped" silent \
	"$(on_inet "$X" call udp $SRV_WAN6 4 getaddr $LP 1 udp6)"
check_eq "LAN v4 GETADDR $LP 1 over udp6: dropped too (REMOTE)" silent \
	"$(on_lan "$X" call udp $SRV_LAN6 4 getaddr $LP 1 udp6)"
check_eq "internet v4 GETADDR $LP 1 over tcp6: answered (TCP does not amplify)" "addr $LA" \
	"$(on_inet "$X" call tcp $SRV_WAN6 4 getaddr $LP 1 tcp6)"
check_eq "local v4 GETADDR $LP 1 over udp ::1: answered" "addr $LA" \
	"$("$X" call udp ::1 4 getaddr $LP 1 udp6)"
check_eq "unregister $LP" TRUE "$(r -V 4 runset $LP 1)"

# The server talking to its own public address: the datagram goes through lo,
# but IP_PKTINFO names the address's interface, so the daemon sees REMOTE (the
# safe side; `rpcinfo -p $(hostname)` on the server is then refused). Shown,
# not checked: the spec says only "arrival on the loopback interface".
{
	printf "the server's own v2 DUMP over udp to 203.0.113.1: %s\n" "$("$X" call udp $SRV_WAN4 2 dump)"
	printf "the server's own v2 DUMP over tcp to 203.0.113.1: %s\n" "$("$X" call tcp $SRV_WAN4 2 dump)"
	printf "the server's own v4 DUMP over udp6 to 2001:db8:1::1: %s\n" "$("$X" call udp $SRV_LAN6 4 dump)"
} | diag

# --- 3. TCP: refusals ----------------------------------------------------------
for h in $SRV_WAN4 $SRV_WAN6; do
	for v in 2 3 4; do
		check_eq "internet tcp $h v$v DUMP: AUTH_ERROR AUTH_TOOWEAK" "denied auth 5" \
			"$(on_inet "$X" call tcp $h $v dump)"
		check_eq "internet tcp $h v$v SET: AUTH_ERROR AUTH_TOOWEAK" "denied auth 5" \
			"$(on_inet "$X" call tcp $h $v set)"
	done
	check_eq "internet tcp $h v2 CALLIT: AUTH_TOOWEAK" "denied auth 5" "$(on_inet "$X" call tcp $h 2 callit)"
	check_eq "internet tcp $h v3 CALLIT: AUTH_TOOWEAK" "denied auth 5" "$(on_inet "$X" call tcp $h 3 callit)"
	for p in callit indirect getaddrlist getstat unset; do
		check_eq "internet tcp $h v4 $p: AUTH_TOOWEAK" "denied auth 5" "$(on_inet "$X" call tcp $h 4 $p)"
	done
	check_eq "internet tcp $h v2 GETPORT mountd 3 tcp is answered" "port 20048" \
		"$(on_inet "$X" call tcp $h 2 getport 100005 3 tcp)"
done
check_eq "the table is unchanged (40 entries)" 40 \
	"$("$RPCBTOOL" -t 3 -V 4 dump 2>&1 | awk '$1 != 100000' | wc -l)"
out=$(on_inet timeout -s KILL 20 rpcinfo -p $SRV_WAN4 2>&1); rc=$?
check_grep "internet 'rpcinfo -p 203.0.113.1' fails with an authentication error (status $rc)" \
	'[Aa]uthentication error' "$out"
check "... and lists no program" sh -c "! printf '%s\n' \"\$1\" | grep -Eq '^ +[0-9]{6,} +[0-9]+ '" _ "$out"
out=$(on_inet timeout -s KILL 20 rpcinfo -p $SRV_WAN6 2>&1)
check_grep "internet 'rpcinfo -p 2001:db8:2::1' fails with an authentication error" '[Aa]uthentication error' "$out"
# rpcinfo -T udp HOST: v3 DUMP over UDP, what a true open-portmapper check does.
out=$(on_inet timeout -s KILL 3 rpcinfo -T udp $SRV_WAN4 2>&1)
check "internet 'rpcinfo -T udp 203.0.113.1' lists nothing" \
	sh -c "! printf '%s\n' \"\$1\" | grep -Eq '^ +[0-9]{6,} +[0-9]+ '" _ "$out"
[ -z "$out" ] || printf '%s\n' "$out" | head -n 3 | diag

# --- 4. spoofed 127.0.0.1 ------------------------------------------------------
# The kernel drops a loopback source on a non-loopback interface unless
# route_localnet is on (and, as 127.0.0.1 is a local address, accept_local;
# rp_filter off): turn them on so only the daemon's own check remains.
spoof_setup() {
	sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.wan0.route_localnet=1 \
		net.ipv4.conf.wan0.accept_local=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.wan0.rp_filter=0 || return 1
	# A forged 127.0.0.1 source would also be the sender address of the
	# internet host's ARP requests, which the server ignores: pin the
	# neighbour entry instead.
	on_inet ip neigh replace $SRV_WAN4 dev eth0 nud permanent \
		lladdr "$(ip -br link show wan0 | awk '{ print $3 }')"
}
# spoof_run: forged GETPORT, DUMP and NULL from 127.0.0.1:40111 and a v2
# UNSET of mountd 3 from 127.0.0.1:700 (CVE-1999-0195), a DUMP from 127.9.9.9
# (all of 127/8 is loopback); a listener on the
# server's 127.0.0.1:40111 catches any reply. Prints the listener's line.
spoof_run() {
	local lp w
	"$X" listen 127.0.0.1 40111 1500 >"$T/listen.out" 2>&1 &
	lp=$!
	wait_until 3 grep -q listening "$T/listen.out"
	for w in getport dump null; do
		on_inet "$X" spoof 127.0.0.1 40111 $SRV_WAN4 $w >>"$T/spoof.out" 2>&1
	done
	on_inet "$X" spoof 127.0.0.1 700 $SRV_WAN4 unset >>"$T/spoof.out" 2>&1
	on_inet "$X" spoof 127.9.9.9 40111 $SRV_WAN4 dump >>"$T/spoof.out" 2>&1
	wait "$lp"
	tail -n1 "$T/listen.out"
}
check "route_localnet=1, accept_local=1, rp_filter=0 on the server" spoof_setup
: >"$T/spoof.out"
check_eq "spoofed 127.0.0.1 GETPORT/DUMP/NULL over wan0: no reply reaches 127.0.0.1:40111" \
	"received 0 datagrams 0 bytes" "$(spoof_run)"
diag <"$T/spoof.out"
check_eq "the spoofed UNSET changed nothing (mountd 3 still on udp 20048)" 20048 \
	"$(r -T udp -V 2 -H 127.0.0.1 rgetaddr 100005 3 udp)"
check "daemon still running after the spoofed datagrams" kill -0 "$DPID"
if counters >/dev/null; then
	ok "SIGUSR1 logs a counters line"
	printf '%s\n' "$COUNTERS" | diag
	s=$(counter spoofed)
	check "counters: spoofed ${s:-?} >= 5 (the forged datagrams)" test "${s:-0}" -ge 5
	s=$(counter oversize)
	check "counters: oversize ${s:-?} >= 2 (the long GETADDR answers)" test "${s:-0}" -ge 2
	s=$(counter refused)
	check "counters: refused ${s:-?} >= 1 (the sweeps and TCP refusals)" test "${s:-0}" -ge 1
	check_grep "the counters line has every field" \
		'counters: refused [0-9]+, oversize [0-9]+, ratelimited [0-9]+, spoofed [0-9]+, garbage [0-9]+' "$COUNTERS"
else
	not_ok "SIGUSR1 logs a counters line"
	tail -n 5 "$T/daemon.log" | diag
fi
check "still answering on the LAN after all this" \
	sh -c '[ "$(ip netns exec "$1" "$2" call udp "$3" 2 getport 100003 3 udp)" = "port 2049" ]' _ \
	"$NS_LAN" "$X" $SRV_LAN4
if daemon_stop; then ok "daemon exits 0 on SIGTERM"; else not_ok "daemon exits 0 on SIGTERM"; diag <"$T/daemon.log"; fi

# --- 5. contrast: Debian's rpcbind, same table, same internet host ---------------
if have_ref; then
	ref_start
	check_eq "rpcbind: the same 40 entries register" 40 "$(nfs_register)"
	on_inet "$X" sweep $SRV_WAN4 --report >"$T/ref.sweep" 2>&1
	awk '{ o = $NF; i = $(NF - 1); $NF = ""; $(NF - 1) = "";
		printf "rpcbind 1.2.6 over udp from the internet: %-22s %3d -> %4d bytes%s\n", $0, i, o,
		(o > i ? sprintf(" (%.1fx)", o / i) : "") }' "$T/ref.sweep" | diag
	d3=$(awk '$1 == "v3" && $2 == "DUMP" { print $4 }' "$T/ref.sweep")
	check "contrast: rpcbind amplifies a v3 DUMP from the internet (${d3:-?} bytes from 40)" \
		test "${d3:-0}" -gt 1000
	: >"$T/spoof.out"
	l=$(spoof_run)
	check_eq "control: rpcbind answers the forged 127.0.0.1 datagrams (they do reach a daemon)" \
		1 "$(printf '%s\n' "$l" | awk '{ print ($2 >= 1) }')"
	printf 'rpcbind, spoofed: %s\n' "$l" | diag
	m=$(r -T udp -V 2 -H 127.0.0.1 rgetaddr 100005 3 udp)
	printf 'rpcbind: mountd 3 udp after a spoofed v2 UNSET from 127.0.0.1:700: port %s%s\n' \
		"$m" "$([ "$m" = 0 ] && echo ' (removed: CVE-1999-0195)')" | diag
	daemon_stop
fi
done_testing
