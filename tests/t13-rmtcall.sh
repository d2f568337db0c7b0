#!/bin/bash
# t13-rmtcall: remote calls through the portmapper to a real svc_create()
# echo server. Started with -r: rpcb_rmtcall (v4/v3 CALLIT, udp and udp6),
# pmap_rmtcall (v2 CALLIT) and a broadcast return the server's answer.
# Without -r: the same calls get no answer (the clients time out quickly)
# and the daemon keeps answering everything else.
#
# Broadcasts need an interface with IFF_BROADCAST (lo has none): the test
# adds a veth pair with 192.0.2.1/24 inside its namespace. A broadcast to
# 192.0.2.255 reaches only a daemon bound to the wildcard address (rpcbind);
# rpcbindd listens on no broadcast address and treats BCAST as a call for
# local origins only (a broadcast arrives on a real interface), so for it
# the test checks that a broadcast gets no answer (RPCBT_BCAST=none).
#
# Runs against the reference too: RPCBINDD=/usr/sbin/rpcbind tests/t13-rmtcall.sh
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
B=$RPCBTOOL
need_exe "$B"

PE=536871065   # 0x20000099, the echo server
case $(basename "$RPCBINDD") in
rpcbind) : "${RPCBT_BCAST:=answer}" ;;
*) : "${RPCBT_BCAST:=none}" ;;
esac

ip link add rb0 type veth peer name rb1 >/dev/null 2>&1 &&
	ip addr add 192.0.2.1/24 brd + dev rb0 && ip link set rb0 up && ip link set rb1 up
[ $? -eq 0 ] || bail "cannot create the veth pair for the broadcast tests"

# --- with -r ------------------------------------------------------------------
daemon_start -r
start_server $PE
uport=$("$B" -t 3 getport $PE 1 udp 2>/dev/null)
uaddr6=$("$B" -t 3 getaddr $PE 1 udp6 2>/dev/null)
check_grep "the echo server is registered on udp" '^[0-9]+$' "$uport"

check_eq "rpcb_rmtcall udp (CALLIT v4/v3) returns the echo and the server's address" \
	"4242 127.0.0.1.$((uport / 256)).$((uport % 256))" "$("$B" -t 3 rmtcall udp $PE 1 4242 2>&1)"
out=$("$B" -t 3 rmtcall udp6 $PE 1 4243 2>&1)
check_eq "rpcb_rmtcall udp6 over ::1 returns the echo and the server's udp6 port" \
	"4243 $(port_of "$uaddr6")" "${out%% *} $(port_of "$out")"
check_eq "pmap_rmtcall (CALLIT v2) returns the echo and the server's port" \
	"4244 $uport" "$("$B" -t 3 pmap_rmtcall $PE 1 4244 2>&1)"
check_eq "v4 INDIRECT over udp returns the echo and the server's address" \
	"4247 127.0.0.1.$((uport / 256)).$((uport % 256))" "$("$B" -t 3 -T udp -V 4 rindirect $PE 1 4247 2>&1)"
check_fail "rpcb_rmtcall to an unregistered program gets no answer" \
	"$B" -t 2 rmtcall udp 536870999 1 1
check "still answering after that" "$B" -t 3 -T udp -V 2 null

if [ "$RPCBT_BCAST" = answer ]; then
	check_eq "rpc_broadcast udp gets the echo from 192.0.2.1" \
		"4245 192.0.2.1.$((uport / 256)).$((uport % 256))" \
		"$("$B" -t 3 broadcast udp $PE 1 4245 2>/dev/null)"
	check_eq "clnt_broadcast gets the echo from 192.0.2.1" "4246 192.0.2.1" \
		"$("$B" -t 3 clnt_broadcast $PE 1 4246 2>/dev/null)"
else
	# Deliberate difference: no broadcast is answered (not an amplifier).
	# No answer is a timeout, not any other failure of the client: the
	# last word of rpc_broadcast (after libtirpc's complaint that udp6
	# has no broadcast here), the watchdog for clnt_broadcast, which
	# retries longer than it.
	out=$("$B" -t 4 broadcast udp $PE 1 4245 2>&1); rc=$?
	check_eq "rpc_broadcast udp gets no answer from rpcbindd (timed out)" \
		"1 rpcbtool: rpc_broadcast: RPC: Timed out" "$rc $(printf '%s\n' "$out" | tail -n1)"
	out=$("$B" -t 4 clnt_broadcast $PE 1 4246 2>&1); rc=$?
	check_eq "clnt_broadcast gets no answer from rpcbindd (the watchdog)" \
		"1 rpcbtool: timeout (watchdog)" "$rc $out"
fi
stop_server
if daemon_stop; then ok "daemon (-r) exits 0 on SIGTERM"; else not_ok "daemon (-r) exits 0 on SIGTERM"; fi

# --- without -r: no answers, quickly; the daemon stays up ----------------------
daemon_start
start_server $PE
# The four calls run in parallel, each bounded by its own watchdog.
"$B" -t 3 rmtcall udp $PE 1 1 >"$T/n1" 2>&1 & p1=$!
"$B" -t 3 rmtcall udp6 $PE 1 2 >"$T/n2" 2>&1 & p2=$!
"$B" -t 3 pmap_rmtcall $PE 1 3 >"$T/n3" 2>&1 & p3=$!
"$B" -t 3 broadcast udp $PE 1 4 >"$T/n4" 2>/dev/null & p4=$!
wait $p1; r1=$?
wait $p2; r2=$?
wait $p3; r3=$?
wait $p4; r4=$?
check_eq "no -r: rpcb_rmtcall udp gets no answer" "1 " "$r1 $(grep -v rpcbtool: "$T/n1")"
check_eq "no -r: rpcb_rmtcall udp6 gets no answer" "1 " "$r2 $(grep -v rpcbtool: "$T/n2")"
check_eq "no -r: pmap_rmtcall gets no answer" "1 " "$r3 $(grep -v rpcbtool: "$T/n3")"
check_eq "no -r: rpc_broadcast gets no answer" "1 " "$r4 $(cat "$T/n4")"
# INDIRECT is answered even without -r, with rpcbind's SYSTEM_ERR: an
# empty silence would cost the caller its whole timeout.
check_eq "no -r: v4 INDIRECT gets SYSTEM_ERR at once" "RPC: Remote system error" \
	"$("$B" -t 3 -T udp -V 4 rindirect $PE 1 6 2>&1)"
check "daemon still running" kill -0 "$DPID"
check "NULL over udp still answered" "$B" -t 3 -T udp -V 2 null
check "NULL over the local socket still answered" "$B" -t 3 -V 4 null
check_eq "the server itself still answers directly" 5 "$("$B" -t 3 call udp $PE 1 5 2>&1)"
check_grep "rpcinfo -m still works" "^RPCBIND \(version 4\) statistics" "$(rpcinfo -m 2>&1)"
stop_server
stop
done_testing
