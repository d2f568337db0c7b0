#!/bin/bash
# t14-rmtcall-target: with -r, remote calls reach services of this host only.
# Any local user may register any address; a CALLIT must not make the daemon
# send that user's bytes to another host. On tests/net.sh's network a
# non-root user registers programs at the internet host's addresses
# (203.0.113.5, its IPv4-mapped IPv6 form, 2001:db8:2::5), where a sink
# counts every datagram that arrives; CALLIT v2/v3/v4 to them send nothing
# there. A CALLIT to the loopback echo server still works, and one to a
# registration at an address the daemon serves (-h) too, and, under socket
# activation on 0.0.0.0, one at any address the host has.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd setpriv
B=$RPCBTOOL

PE=536871065      # 0x20000099, the echo server (libtirpc, wildcard address)
PX=536871066      # registered by nobody at the internet host
SINKPORT=2000     # p1.p2 = 7.208

S4="" S6=""

net_setup
at_exit 'stop_pid "$S4"; stop_pid "$S6"'

# The sinks run up to 60 s; they are stopped (and report) long before.
# Not on_inet: a function in the background is a subshell, and the pid to
# stop (whose counts we read) is the sink's own (ip netns exec execs it).
ip netns exec "$NS_INET" "$B" -t 60 udpsink $INET4 $SINKPORT >"$T/sink4" 2>&1 & S4=$!
ip netns exec "$NS_INET" "$B" -t 60 udpsink $INET6 $SINKPORT >"$T/sink6" 2>&1 & S6=$!
wait_until 5 grep -q '^ready' "$T/sink4" || bail "IPv4 sink did not start"
wait_until 5 grep -q '^ready' "$T/sink6" || bail "IPv6 sink did not start"
# One datagram each from here proves the sinks and the route work: the
# counts below must stay at exactly this one.
printf 'probe' >/dev/udp/$INET4/$SINKPORT || bail "cannot send to $INET4"
printf 'probe' >/dev/udp/$INET6/$SINKPORT || bail "cannot send to $INET6"

daemon_start -r
start_server $PE
uport=$("$B" -t 3 getport $PE 1 udp 2>/dev/null)
check_grep "the echo server is registered on udp" '^[0-9]+$' "$uport"

check_eq "nobody registers a udp program at the internet host" TRUE \
	"$(as_nobody "$B" -t 3 -V 4 rset $PX 1 udp $INET4.7.208 2>&1)"
check_eq "nobody registers its udp6 twin at ::ffff:$INET4" TRUE \
	"$(as_nobody "$B" -t 3 -V 4 rset $PX 1 udp6 ::ffff:$INET4.7.208 2>&1)"
check_eq "nobody registers a udp6 program at $INET6" TRUE \
	"$(as_nobody "$B" -t 3 -V 4 rset $((PX + 1)) 1 udp6 $INET6.7.208 2>&1)"

# Each call waits 2 s for an answer that must not come; libtirpc
# retransmits within that time, so the old code sent several datagrams.
check_fail "CALLIT v4/v3 (rpcb_rmtcall udp) to it gets no answer" \
	as_nobody "$B" -t 2 rmtcall udp $PX 1 1
check_fail "CALLIT v2 (pmap_rmtcall) to it gets no answer" \
	as_nobody "$B" -t 2 pmap_rmtcall $PX 1 2
check_fail "CALLIT over ::1 (udp6, v4-mapped registration) gets no answer" \
	as_nobody "$B" -t 2 rmtcall udp6 $PX 1 3
check_fail "CALLIT over ::1 to the $INET6 registration gets no answer" \
	as_nobody "$B" -t 2 rmtcall udp6 $((PX + 1)) 1 4

check_eq "CALLIT to the loopback echo server still returns the echo" \
	"4242 127.0.0.1.$((uport / 256)).$((uport % 256))" "$("$B" -t 3 rmtcall udp $PE 1 4242 2>&1)"
check_eq "pmap_rmtcall to it too" "4243 $uport" "$("$B" -t 3 pmap_rmtcall $PE 1 4243 2>&1)"

stop_pid "$S4"; S4=""
stop_pid "$S6"; S6=""
check_eq "nothing but the probe reached $INET4 (datagrams bytes)" "1 5" "$(tail -n1 "$T/sink4")"
check_eq "nothing but the probe reached $INET6 (datagrams bytes)" "1 5" "$(tail -n1 "$T/sink6")"
check_grep "the refusal is logged with the registered address" \
	"remote call to program $PX version 1 not forwarded: its address $INET4\.7\.208 is neither loopback" \
	"$(cat "$T/daemon.log")"
check "daemon still running" kill -0 "$DPID"
stop_server
stop

# --- a served address is this host's: forwarded --------------------------------
daemon_start -r -h $SRV_LAN4
start_server $PE
uport=$("$B" -t 3 getport $PE 1 udp 2>/dev/null)
# The echo server's udp entry moved from the wildcard to the served address.
check_eq "root re-registers the echo server's udp port at the served $SRV_LAN4" "TRUE TRUE" \
	"$("$B" -t 3 -V 4 runset $PE 1 udp 2>&1) $("$B" -t 3 -V 4 rset $PE 1 udp $SRV_LAN4.$((uport / 256)).$((uport % 256)) 2>&1)"
check_eq "CALLIT to it returns the echo from $SRV_LAN4" \
	"4244 $SRV_LAN4.$((uport / 256)).$((uport % 256))" "$("$B" -t 3 rmtcall udp $PE 1 4244 2>&1)"
stop_server
if daemon_stop; then ok "daemon (-h) exits 0 on SIGTERM"; else not_ok "daemon (-h) exits 0 on SIGTERM"; fi

# --- a wildcard socket from systemd serves every address the host has ---------
# As in t41: one stage passes the UDP sockets, the next TCP and local ones.
need_cmd systemd-socket-activate
systemd-socket-activate -d -l 0.0.0.0:111 -l '[::1]:111' \
	systemd-socket-activate -l 0.0.0.0:111 -l '[::1]:111' \
	-l /run/rpcbind.sock -l @/run/rpcbind.sock \
	"$RPCBINDD" -f -r >"$T/daemon.log" 2>&1 &
DPID=$!		# every stage execs the next: the same process
# It starts on the first datagram; then it answers everywhere.
act_up() { timeout -s KILL 3 rpcinfo -T udp 127.0.0.1 100000 2 >/dev/null 2>&1; portmapper_up; }
wait_until 10 act_up || { diag <"$T/daemon.log"; bail "rpcbindd (activated) did not come up"; }
check_grep "activated on 0.0.0.0 with remote calls" \
	'serving udp 0\.0\.0\.0 port 111.*\(sockets from systemd\); remote calls forwarded' "$(cat "$T/daemon.log")"
start_server $PE
uport=$("$B" -t 3 getport $PE 1 udp 2>/dev/null)
check_eq "root re-registers the echo server's udp port at $SRV_WAN4" "TRUE TRUE" \
	"$("$B" -t 3 -V 4 runset $PE 1 udp 2>&1) $("$B" -t 3 -V 4 rset $PE 1 udp $SRV_WAN4.$((uport / 256)).$((uport % 256)) 2>&1)"
check_eq "CALLIT to it returns the echo from $SRV_WAN4 (an address of the host)" \
	"4245 $SRV_WAN4.$((uport / 256)).$((uport % 256))" "$("$B" -t 3 rmtcall udp $PE 1 4245 2>&1)"
# (systemd-socket-activate's socket file is not 0666: root registers here.)
check_eq "a program registered at the internet host" TRUE \
	"$("$B" -t 3 -V 4 rset $PX 1 udp $INET4.7.208 2>&1)"
check_fail "CALLIT to it gets no answer" "$B" -t 2 rmtcall udp $PX 1 5
check_grep "and is refused" "program $PX version 1 not forwarded" "$(cat "$T/daemon.log")"
stop_server
if daemon_stop; then ok "daemon (activated) exits 0 on SIGTERM"; else not_ok "daemon (activated) exits 0 on SIGTERM"; fi
done_testing
