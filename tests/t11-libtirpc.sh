#!/bin/bash
# t11-libtirpc: every libtirpc portmapper API round-trips through the daemon
# (tests/clients/rpcbtool): set/unset, pmap_set/pmap_unset, svc_reg/svc_unreg,
# rpcb_getaddr, pmap_getport, rpcb_getmaps, pmap_getmaps, rpcb_gettime,
# rpcb_taddr2uaddr/rpcb_uaddr2taddr; the registry rules rpcbind keeps
# (identical SET TRUE, conflicting SET FALSE, absent UNSET TRUE, owner from
# SO_PEERCRED, UNSET by owner or root only, empty netid = all netids, GETADDR
# falls back to another version, GETVERSADDR does not, v2 and v3/v4 views of
# one table); and a real svc_create() server found and called.
#
# Runs against the reference too: RPCBINDD=/usr/sbin/rpcbind tests/t11-libtirpc.sh
# Expected to fail there (deliberate difference, marked DIFF below): the
# abstract socket "\0/run/rpcbind.sock" (rpcbind 1.2.6 has none).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
B=$RPCBTOOL
need_exe "$B"

P=536870913    # 0x20000001
Q=536870914    # 0x20000002
PE=536871065   # 0x20000099, the echo server
r() { "$B" -t 3 "$@" 2>&1; }     # rpcbtool, 3 s bound, stderr shown on failure
# Lines of a v4 DUMP (over the local socket) for program $1.
dump4() { "$B" -t 3 -V 4 dump 2>&1 | awk -v p="$1" '$1 == p'; }
dump2() { "$B" -t 3 -T tcp -V 2 dump 2>&1 | awk -v p="$1" '$1 == p'; }

daemon_start

# --- rpcb_set / rpcb_getaddr / rpcb_unset on each inet netid -----------------
for e in "udp 127.0.0.1.3.1" "tcp 127.0.0.1.3.2" "udp6 ::1.3.3" "tcp6 ::1.3.4"; do
	set -- $e
	check_eq "rpcb_set $P 1 $1 $2" TRUE "$(r set $P 1 $1 $2)"
	check_eq "rpcb_getaddr $P 1 $1" "$2" "$(r getaddr $P 1 $1)"
done
check_eq "identical SET again: TRUE" TRUE "$(r set $P 1 udp 127.0.0.1.3.1)"
check_eq "SET of the same (prog,vers,netid), other address: FALSE" FALSE "$(r set $P 1 udp 127.0.0.1.3.9)"
check_eq "the first address stays" 127.0.0.1.3.1 "$(r getaddr $P 1 udp)"
check_eq "rpcb_getmaps shows the four entries, owner superuser" \
"$P 1 udp 127.0.0.1.3.1 superuser
$P 1 tcp 127.0.0.1.3.2 superuser
$P 1 udp6 ::1.3.3 superuser
$P 1 tcp6 ::1.3.4 superuser" "$(r getmaps | awk -v p=$P '$1 == p')"
check_eq "rpcb_getmaps over tcp6 ::1 agrees" \
	"$(r getmaps | awk -v p=$P '$1 == p')" "$(r getmaps tcp6 | awk -v p=$P '$1 == p')"
check_eq "rpcb_unset $P 1 udp" TRUE "$(r unset $P 1 udp)"
check_fail "rpcb_getaddr $P 1 udp fails after unset" "$B" -t 3 getaddr $P 1 udp
check_eq "tcp is still there" 127.0.0.1.3.2 "$(r getaddr $P 1 tcp)"
check_eq "UNSET of an absent entry: TRUE" TRUE "$(r unset $P 1 udp)"
check_eq "UNSET of an absent program: TRUE" TRUE "$(r unset 536870999 7)"
check_eq "rpcb_unset without netid removes all netids" TRUE "$(r unset $P 1)"
check_eq "nothing of $P left" "" "$(dump4 $P)"

# Kernel style (net/sunrpc/rpcb_clnt.c): v4 SET with owner "0", wildcard
# address, then v4 UNSET with empty netid and address = unregister all.
for n in udp tcp; do
	check_eq "v4 SET $Q 3 $n 0.0.0.0.8.1 owner \"0\" (local socket)" TRUE \
		"$(r -V 4 rset $Q 3 $n 0.0.0.0.8.1 0)"
done
for n in udp6 tcp6; do
	check_eq "v4 SET $Q 3 $n ::.8.1" TRUE "$(r -V 4 rset $Q 3 $n ::.8.1 0)"
done
check_eq "4 entries, owner superuser (from SO_PEERCRED, not r_owner)" \
	"superuser superuser superuser superuser" "$(dump4 $Q | awk '{ print $5 }' | xargs)"
check_eq "v4 UNSET, empty netid" TRUE "$(r -V 4 runset $Q 3)"
check_eq "all netids of $Q v3 removed" "" "$(dump4 $Q)"

# --- owners -----------------------------------------------------------------
check_eq "uid 65534 rpcb_set $P 1 udp" TRUE "$(as_uid 65534 "$B" -t 3 set $P 1 udp 127.0.0.1.4.1 2>&1)"
check_eq "uid 65534 v3 SET claiming owner \"superuser\"" TRUE \
	"$(as_uid 65534 "$B" -t 3 -V 3 rset $P 1 tcp 127.0.0.1.4.2 superuser 2>&1)"
check_eq "owners are the uid 65534 (SO_PEERCRED)" \
"$P 1 udp 127.0.0.1.4.1 65534
$P 1 tcp 127.0.0.1.4.2 65534" "$(dump4 $P)"
check_eq "root rpcb_set $P 2 udp" TRUE "$(r set $P 2 udp 127.0.0.1.4.3)"
check_eq "uid 1000 UNSET of 65534's $P 1: FALSE" FALSE "$(as_uid 1000 "$B" -t 3 unset $P 1 2>&1)"
check_eq "uid 65534 UNSET of root's $P 2: FALSE" FALSE "$(as_uid 65534 "$B" -t 3 unset $P 2 2>&1)"
# pmap_unset is rpcb_unset on udp and on tcp, TRUE if either is: the tcp half
# matches nothing (TRUE), so only the table tells whether udp was refused.
as_uid 65534 "$B" -t 3 pmap_unset $P 2 >/dev/null 2>&1
check_eq "all three entries still there (pmap_unset refused too)" 3 "$(dump4 $P | wc -l)"
check_eq "uid 65534 UNSET of its own $P 1 (all netids): TRUE" TRUE "$(as_uid 65534 "$B" -t 3 unset $P 1 2>&1)"
check_eq "only root's entry left" "$P 2 udp 127.0.0.1.4.3 superuser" "$(dump4 $P)"
check_eq "uid 65534 sets $P 1 udp again" TRUE "$(as_uid 65534 "$B" -t 3 set $P 1 udp 127.0.0.1.4.1 2>&1)"
check_eq "root may UNSET anyone's entry" TRUE "$(r unset $P 1)"
check_eq "root UNSET $P 2" TRUE "$(r unset $P 2)"
check_eq "nothing of $P left" "" "$(dump4 $P)"

# --- pmap_* (the v2 API) ----------------------------------------------------
check_eq "pmap_set $Q 1 udp 2049" TRUE "$(r pmap_set $Q 1 udp 2049)"
check_eq "pmap_set $Q 1 tcp 2050" TRUE "$(r pmap_set $Q 1 tcp 2050)"
check_eq "pmap_set again, identical: TRUE" TRUE "$(r pmap_set $Q 1 udp 2049)"
check_eq "pmap_set $Q 1 udp, other port: FALSE" FALSE "$(r pmap_set $Q 1 udp 2051)"
check_eq "pmap_getport $Q 1 udp" 2049 "$(r getport $Q 1 udp)"
check_eq "pmap_getport $Q 1 tcp" 2050 "$(r getport $Q 1 tcp)"
check_eq "pmap_getmaps shows both" "$Q 1 udp 2049
$Q 1 tcp 2050" "$(r pmap_getmaps | awk -v p=$Q '$1 == p')"
check_grep "v2 entries are in the v4 DUMP (udp, port 2049)" "^$Q 1 udp [0-9.]+\.8\.1 " "$(dump4 $Q)"
check_grep "v2 entries are in the v4 DUMP (tcp, port 2050)" "^$Q 1 tcp [0-9.]+\.8\.2 " "$(dump4 $Q)"
check_grep "and in a v3 DUMP over UDP" "^$Q 1 udp [0-9.]+\.8\.1 " "$("$B" -t 3 -T udp -V 3 dump 2>&1)"
check_eq "pmap_unset $Q 1" TRUE "$(r pmap_unset $Q 1)"
check_fail "pmap_getport $Q 1 udp fails after pmap_unset" "$B" -t 3 getport $Q 1 udp
check_eq "pmap_unset of an absent program: TRUE" TRUE "$(r pmap_unset $Q 1)"

# v3/v4 entries in the v2 view: udp and tcp only.
for e in "udp 127.0.0.1.5.1" "tcp 127.0.0.1.5.2" "udp6 ::1.5.3" "tcp6 ::1.5.4"; do
	set -- $e
	r set $P 3 $1 $2 >/dev/null
done
check_eq "v2 DUMP shows the udp and tcp entries only" "$P 3 udp 1281
$P 3 tcp 1282" "$(dump2 $P)"
check_eq "pmap_getport $P 3 tcp (a v3 registration)" 1282 "$(r getport $P 3 tcp)"
check_eq "v2 GETPORT over UDP" 1281 "$(r -T udp -V 2 rgetaddr $P 3 udp)"
check_eq "v2 GETPORT over TCP" 1282 "$(r -T tcp -V 2 rgetaddr $P 3 tcp)"
check_eq "v2 GETPORT of an absent program: 0" 0 "$(r -T udp -V 2 rgetaddr 536870999 1 udp)"

# --- GETADDR falls back to another version; GETVERSADDR does not -------------
check_eq "rpcb_getaddr $P v5 udp falls back to v3" 127.0.0.1.5.1 "$(r getaddr $P 5 udp)"
check_eq "rpcb_getaddr $P v5 tcp6 falls back to v3" ::1.5.4 "$(r getaddr $P 5 tcp6)"
check_eq "v4 GETADDR $P v5 over udp" 127.0.0.1.5.1 "$(r -T udp -V 4 rgetaddr $P 5 udp)"
check_eq "v3 GETADDR $P v5 over udp6" ::1.5.3 "$(r -T udp6 -V 3 rgetaddr $P 5 udp6)"
check_eq "v4 GETVERSADDR $P v5: empty" "" "$(r -T udp -V 4 rgetversaddr $P 5 udp)"
check_eq "v4 GETVERSADDR $P v3: found" 127.0.0.1.5.1 "$(r -T udp -V 4 rgetversaddr $P 3 udp)"
check_eq "v4 GETVERSADDR over tcp6" ::1.5.4 "$(r -T tcp6 -V 4 rgetversaddr $P 3 tcp6)"
check_eq "v4 GETADDR of an absent program: empty" "" "$(r -T udp -V 4 rgetaddr 536870999 1 udp)"
check_eq "rpcb_unset $P 3" TRUE "$(r unset $P 3)"

# --- svc_reg / svc_unreg ----------------------------------------------------
for n in udp tcp udp6 tcp6; do
	u=$(r svc_reg $Q 2 $n)
	check_grep "svc_reg $Q 2 $n -> a uaddr" '^[0-9a-f:.]+\.[0-9]+\.[0-9]+$' "$u"
	check_eq "rpcb_getaddr finds the $n port" "$(port_of "$u")" "$(port_of "$(r getaddr $Q 2 $n)")"
done
check_eq "svc_unreg $Q 2" OK "$(r svc_unreg $Q 2)"
check_eq "svc_unreg removed every netid" "" "$(dump4 $Q)"

# --- rpcb_gettime, taddr2uaddr, uaddr2taddr ---------------------------------
now=$(date +%s)
t=$(r gettime)
check "rpcb_gettime within 5 s of the clock ($t vs $now)" test "${t:-0}" -ge $((now - 5)) -a "${t:-0}" -le $((now + 5))
t=$(r gettime ::1)
check "rpcb_gettime ::1" test "${t:-0}" -ge $((now - 5))
# libtirpc sends these over the local socket; the daemon converts for "local".
check_eq "rpcb_taddr2uaddr (local)" /run/some.sock "$(r taddr2uaddr local /run/some.sock)"
check_eq "rpcb_uaddr2taddr (local)" /run/some.sock "$(r uaddr2taddr local /run/some.sock)"
check_eq "TADDR2UADDR over udp" 127.0.0.1.8.1 "$(r -T udp -V 3 rtaddr2uaddr 127.0.0.1.8.1)"
check_eq "UADDR2TADDR over udp" 192.0.2.7.0.111 "$(r -T udp -V 3 ruaddr2taddr 192.0.2.7.0.111)"
check_eq "TADDR2UADDR over tcp6" ::1.8.1 "$(r -T tcp6 -V 4 rtaddr2uaddr ::1.8.1)"
check_eq "UADDR2TADDR over udp6" 2001:db8::1.0.111 "$(r -T udp6 -V 4 ruaddr2taddr 2001:db8::1.0.111)"

# --- NULL on every transport, and the abstract socket -------------------------
for t in "-T local -V 2" "-T local -V 4" "-T udp -V 2" "-T tcp -V 3" "-T udp6 -V 4" "-T tcp6 -V 4"; do
	check_eq "NULL $t" OK "$(r $t null)"
done
# DIFF: rpcbind 1.2.6 does not listen on the abstract socket; the kernel tries it first.
check_eq "NULL v2 on the abstract socket (DIFF vs rpcbind 1.2.6)" OK "$(r -A -T local -V 2 null)"
check_eq "v4 SET on the abstract socket (DIFF vs rpcbind 1.2.6)" TRUE "$(r -A -T local -V 4 rset $Q 4 tcp 0.0.0.0.8.9 0)"
check_eq "v4 UNSET on the abstract socket (DIFF vs rpcbind 1.2.6)" TRUE "$(r -A -T local -V 4 runset $Q 4)"

# --- a real svc_create() server, found through the portmapper -----------------
start_server $PE
check_eq "the server registered udp, tcp, udp6, tcp6" "tcp tcp6 udp udp6" \
	"$(dump4 $PE | awk '{ print $3 }' | sort | xargs)"
v=1000
for n in udp tcp netpath udp6 tcp6; do
	v=$((v + 1))
	check_eq "clnt_create $n + call echoes $v" $v "$(r call $n $PE 1 $v)"
done
check_eq "clnt_create udp to 127.0.0.1 explicitly" 7 "$(r call udp $PE 1 7 127.0.0.1)"
check_eq "clnt_create tcp to localhost" 8 "$(r call tcp $PE 1 8 localhost)"
check_fail "clnt_create for an unregistered version fails" "$B" -t 3 call udp $PE 2 9
stop_server
check_eq "server said it unregistered" unregistered "$(tail -n1 "$T/server.out")"
check_eq "no entry of $PE left after SIGTERM" "" "$(dump4 $PE)"
check_fail "clnt_create now fails" "$B" -t 3 call udp $PE 1 10

check "still answering" "$B" -t 3 -T udp -V 2 null
stop
done_testing
