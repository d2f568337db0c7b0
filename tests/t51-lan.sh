#!/bin/bash
# t51-lan: LAN NFS clients keep working (what an NFSv3 mount and the
# kernel's client ask), and the policy options. Three hosts (tests/net.sh),
# the 40-entry NFS table, the server on its four addresses.
#  1. From the LAN host: v2 GETPORT and v4 GETADDR over UDP and TCP return
#     the right ports, and GETADDR merges the LAN address in
#     (198.51.100.1.p1.p2, 2001:db8:1::1.p1.p2 over udp6/tcp6);
#  2. what an NFSv3 mount does: GETPORT mountd 3 tcp, nfs 3 tcp, nlockmgr 4
#     udp, status 1 udp (libtirpc's pmap_getport, and from a reserved port
#     over TCP as libnfs does);
#  3. a mount storm: 500 lookups from 50 LAN addresses in one second are all
#     answered with the default rate limit; with --rate-limit=10
#     --rate-burst=10 some are not (a new /24 starts with 2, then 10/s),
#     and the counters line (SIGUSR1) shows ratelimited > 0; with
#     --rate-limit-log-only as well, all are answered and ratelimited > 0;
#  4. --allow-dump=198.51.100.0/24,2001:db8:1::/64: the LAN's
#     `rpcinfo -p 198.51.100.1` (v2 DUMP over TCP) lists the table, a DUMP
#     over UDP from the LAN gets nothing, and the internet host gets nothing
#     over UDP and AUTH_TOOWEAK over TCP;
#  5. --allow-lookups=198.51.100.0/24: the internet host's lookups get
#     nothing over UDP and AUTH_TOOWEAK over TCP; the LAN's and the local
#     ones work.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd rpcinfo
lan() { on_lan "$RPCBTOOL" -t 3 "$@" 2>&1; }
serve() { nfs_serve "rpcbindd $* is up; the 40-entry table registers" $SRV_ALL "$@"; }

net_setup

# --- 1. GETPORT and GETADDR from the LAN ---------------------------------------
serve
while read -r prog vers up tp name; do
	check_eq "LAN v2 GETPORT $name $vers udp over udp: $up" "$up" \
		"$(lan -H $SRV_LAN4 -T udp -V 2 rgetaddr $prog $vers udp)"
	check_eq "LAN v2 GETPORT $name $vers tcp over tcp: $tp" "$tp" \
		"$(lan -H $SRV_LAN4 -T tcp -V 2 rgetaddr $prog $vers tcp)"
done <<<"$NFS_TABLE"
for e in "100003 3 2049" "100005 3 20048" "100021 4 32769" "100024 1 46237"; do
	set -- $e
	check_eq "LAN v4 GETADDR $1 $2 over udp: $SRV_LAN4.$(p1p2 $3)" "$SRV_LAN4.$(p1p2 $3)" \
		"$(lan -H $SRV_LAN4 -T udp -V 4 rgetaddr $1 $2 udp)"
	check_eq "LAN v4 GETADDR $1 $2 over udp6: $SRV_LAN6.$(p1p2 $3)" "$SRV_LAN6.$(p1p2 $3)" \
		"$(lan -H $SRV_LAN6 -T udp6 -V 4 rgetaddr $1 $2 udp6)"
done
for e in "100003 3 2049" "100005 3 20048" "100021 4 32803" "100024 1 53717"; do
	set -- $e
	check_eq "LAN v4 GETADDR $1 $2 over tcp: $SRV_LAN4.$(p1p2 $3)" "$SRV_LAN4.$(p1p2 $3)" \
		"$(lan -H $SRV_LAN4 -T tcp -V 4 rgetaddr $1 $2 tcp)"
	check_eq "LAN v4 GETADDR $1 $2 over tcp6: $SRV_LAN6.$(p1p2 $3)" "$SRV_LAN6.$(p1p2 $3)" \
		"$(lan -H $SRV_LAN6 -T tcp6 -V 4 rgetaddr $1 $2 tcp6)"
done
check_eq "LAN v3 GETADDR nfs 3 over udp: $SRV_LAN4.8.1" "$SRV_LAN4.8.1" \
	"$(lan -H $SRV_LAN4 -T udp -V 3 rgetaddr 100003 3 udp)"
check_eq "LAN libtirpc rpcb_getaddr nfs 3 tcp: $SRV_LAN4.8.1" "$SRV_LAN4.8.1" \
	"$(lan getaddr 100003 3 tcp $SRV_LAN4)"

# The LAN is REMOTE too: no DUMP, no registration, without --allow-dump.
check_eq "LAN v2 DUMP over tcp (defaults): AUTH_TOOWEAK" "denied auth 5" "$(on_lan "$X" call tcp $SRV_LAN4 2 dump)"
check_eq "LAN v3 DUMP over udp (defaults): no reply" silent "$(on_lan "$X" call udp $SRV_LAN4 3 dump)"
check_eq "LAN v4 SET over tcp from a reserved port: AUTH_TOOWEAK" "denied auth 5" \
	"$(on_lan "$X" -R call tcp $SRV_LAN4 4 set)"
check_eq "LAN v2 SET over udp from a reserved port: no reply" silent "$(on_lan "$X" -R call udp $SRV_LAN4 2 set)"
out=$(on_lan timeout -s KILL 10 rpcinfo -p $SRV_LAN4 2>&1)
check_grep "LAN 'rpcinfo -p 198.51.100.1' (defaults): authentication error" '[Aa]uthentication error' "$out"

# --- 2. an NFSv3 mount's lookups -----------------------------------------------
check_eq "mount: pmap_getport mountd 3 tcp" 20048 "$(lan getport 100005 3 tcp $SRV_LAN4)"
check_eq "mount: pmap_getport nfs 3 tcp" 2049 "$(lan getport 100003 3 tcp $SRV_LAN4)"
check_eq "mount: pmap_getport nlockmgr 4 udp" 32769 "$(lan getport 100021 4 udp $SRV_LAN4)"
check_eq "mount: pmap_getport status 1 udp" 46237 "$(lan getport 100024 1 udp $SRV_LAN4)"
check_eq "libnfs style: v2 GETPORT mountd 3 tcp over TCP from a reserved port" "port 20048" \
	"$(on_lan "$X" -R call tcp $SRV_LAN4 2 getport 100005 3 tcp)"
check_eq "libnfs style: v2 GETPORT nfs 3 tcp over TCP from a reserved port" "port 2049" \
	"$(on_lan "$X" -R call tcp $SRV_LAN4 2 getport 100003 3 tcp)"
check_eq "kernel style (IPv6 peer): v4 GETADDR nfs 3 tcp6 over udp6" "addr $SRV_LAN6.8.1" \
	"$(on_lan "$X" call udp $SRV_LAN6 4 getaddr 100003 3 tcp6)"

# --- 3. a mount storm: 500 lookups from 50 addresses in one second ---------------
storm() { on_lan "$X" -t 1000 storm $SRV_LAN4 198.51.100.10 50 500; }
answered() { awk '{ print $4 }' <<<"$1"; }
s=$(storm)
printf 'default limits: %s\n' "$s" | diag
check_eq "mount storm, default limits: all 500 answered" 500 "$(answered "$s")"
counters >/dev/null && printf '%s\n' "$COUNTERS" | diag
check_eq "counters: ratelimited 0 with the defaults" 0 "$(counter ratelimited)"
stop "defaults"

serve --rate-limit=10 --rate-burst=10
s=$(storm)
printf -- '--rate-limit=10 --rate-burst=10: %s\n' "$s" | diag
a=$(answered "$s")
# One /24, one bucket: at most the burst plus 10 a second for as long as
# the storm lasted (its own figure, rounded up, plus one second of slack
# for a loaded machine): far below 500.
ms=$(awk '{ print $(NF - 3) }' <<<"$s")
lim=$((10 + 10 * ((${ms:-0} + 999) / 1000 + 1)))
check "rate-limited storm: at most $lim of 500 answered in ${ms:-?} ms (${a:-?})" test "${a:-500}" -le "$lim"
# a new /24 starts with a quarter of the burst (2), then 10/s over the
# storm's second; half a second of it is the slack for a loaded host
check "rate-limited storm: at least the start and half a second's refill answered (${a:-?} >= 7)" test "${a:-0}" -ge 7
check_counted ratelimited
check_eq "a local lookup is not rate-limited" 2049 "$("$RPCBTOOL" -t 3 -H 127.0.0.1 -T udp -V 2 rgetaddr 100003 3 udp 2>&1)"
check_eq "a TCP lookup from the LAN is not rate-limited" 2049 "$(lan -H $SRV_LAN4 -T tcp -V 2 rgetaddr 100003 3 tcp)"
check_eq "another /24 has its own bucket: the internet host's GETPORT is answered" "port 2049" \
	"$(on_inet "$X" call udp $SRV_WAN4 2 getport 100003 3 udp)"
check_eq "the LAN over IPv6 (another prefix) is answered" "addr $SRV_LAN6.8.1" \
	"$(on_lan "$X" call udp $SRV_LAN6 4 getaddr 100003 3 udp6)"
sleep 1
check_eq "a second later the LAN's bucket has refilled: answered" "port 2049" \
	"$(on_lan "$X" call udp $SRV_LAN4 2 getport 100003 3 udp)"
stop "--rate-limit=10 --rate-burst=10"

serve --rate-limit=10 --rate-burst=10 --rate-limit-log-only
s=$(storm)
printf -- '--rate-limit-log-only: %s\n' "$s" | diag
check_eq "log-only storm: all 500 answered" 500 "$(answered "$s")"
check_counted ratelimited "counted, not dropped"
stop "--rate-limit-log-only"

# --- 4. --allow-dump -------------------------------------------------------------
serve --allow-dump=198.51.100.0/24,2001:db8:1::/64
out=$(on_lan timeout -s KILL 10 rpcinfo -p $SRV_LAN4 2>&1)
check_eq "LAN 'rpcinfo -p 198.51.100.1' (v2 DUMP over TCP) lists the v2 view: 20 entries + portmapper" \
	20 "$(printf '%s\n' "$out" | awk '$1 ~ /^[0-9]+$/ && $1 != 100000' | wc -l)"
check_grep "... with mountd 3 tcp 20048" '^ +100005 +3 +tcp +20048' "$out"
check_eq "LAN v4 DUMP over tcp6 to 2001:db8:1::1: 40 entries + the portmapper's" 40 \
	"$(lan -H $SRV_LAN6 -T tcp6 -V 4 dump | awk '$1 != 100000' | wc -l)"
# The expected count comes from another path (rpcinfo over the local
# socket): the 40 entries plus the portmapper's own, never 0.
n3=$(rpcinfo 2>/dev/null | awk 'NR > 1' | wc -l)
check "the local listing has the 40 entries and the portmapper's ($n3)" test "$n3" -gt 40
check_eq "LAN v3 DUMP over tcp: every entry of the local listing" "entries $n3" \
	"$(on_lan "$X" call tcp $SRV_LAN4 3 dump)"
# A v2 DUMP padded to 840 bytes: its reply (about 550) would pass the
# size rule, so only the TCP-only rule keeps it unanswered; the same
# padded DUMP over TCP shows the padding itself is accepted.
check_eq "LAN v2 DUMP over tcp padded to 840 bytes: answered (control)" "entries $(($(rpcinfo -p 2>/dev/null | awk 'NR > 1' | wc -l)))" \
	"$(on_lan "$X" -p 800 call tcp $SRV_LAN4 2 dump)"
check_eq "LAN v2 DUMP over udp padded to 840 bytes: no reply (TCP only, not the size rule)" silent \
	"$(on_lan "$X" -p 800 call udp $SRV_LAN4 2 dump)"
for v in 2 3 4; do
	check_eq "LAN v$v DUMP over udp: no reply (TCP only)" silent "$(on_lan "$X" call udp $SRV_LAN4 $v dump)"
	check_eq "LAN v$v DUMP over udp6: no reply" silent "$(on_lan "$X" call udp $SRV_LAN6 $v dump)"
done
out=$(on_lan timeout -s KILL 3 rpcinfo -T udp $SRV_LAN4 2>&1)
check "LAN 'rpcinfo -T udp 198.51.100.1' lists nothing" \
	sh -c "! printf '%s\n' \"\$1\" | grep -Eq '^ +[0-9]{6,} +[0-9]+ '" _ "$out"
check_eq "LAN GETSTAT over tcp: still AUTH_TOOWEAK (only DUMP is allowed)" "denied auth 5" \
	"$(on_lan "$X" call tcp $SRV_LAN4 4 getstat)"
for h in $SRV_WAN4 $SRV_LAN4 $SRV_WAN6; do
	for v in 2 3 4; do
		check_eq "internet v$v DUMP over udp to $h: no reply" silent "$(on_inet "$X" call udp $h $v dump)"
		check_eq "internet v$v DUMP over tcp to $h: AUTH_TOOWEAK" "denied auth 5" \
			"$(on_inet "$X" call tcp $h $v dump)"
	done
done
out=$(on_inet timeout -s KILL 10 rpcinfo -p $SRV_LAN4 2>&1)
check_grep "internet 'rpcinfo -p 198.51.100.1': authentication error" '[Aa]uthentication error' "$out"
stop "--allow-dump"

# --- 5. --allow-lookups ----------------------------------------------------------
serve --allow-lookups=198.51.100.0/24
for h in $SRV_WAN4 $SRV_LAN4; do
	check_eq "internet v2 GETPORT over udp to $h: no reply" silent \
		"$(on_inet "$X" call udp $h 2 getport 100003 3 udp)"
	check_eq "internet v2 GETPORT over tcp to $h: AUTH_TOOWEAK" "denied auth 5" \
		"$(on_inet "$X" call tcp $h 2 getport 100003 3 tcp)"
	check_eq "internet v4 GETADDR over tcp to $h: AUTH_TOOWEAK" "denied auth 5" \
		"$(on_inet "$X" call tcp $h 4 getaddr 100003 3 tcp)"
	check_eq "internet v2 NULL over udp to $h: no reply" silent "$(on_inet "$X" call udp $h 2 null)"
	check_eq "internet v4 GETTIME over udp to $h: no reply" silent "$(on_inet "$X" call udp $h 4 gettime)"
done
check_eq "internet v4 GETADDR over udp6 to 2001:db8:2::1: no reply" silent \
	"$(on_inet "$X" call udp $SRV_WAN6 4 getaddr 100003 3 udp6)"
check_eq "LAN v2 GETPORT over udp still answered" "port 2049" \
	"$(on_lan "$X" call udp $SRV_LAN4 2 getport 100003 3 udp)"
check_eq "LAN v2 GETPORT over tcp still answered" "port 2049" \
	"$(on_lan "$X" call tcp $SRV_LAN4 2 getport 100003 3 tcp)"
check_eq "LAN v4 GETADDR over udp still answered" "addr $SRV_LAN4.8.1" \
	"$(on_lan "$X" call udp $SRV_LAN4 4 getaddr 100003 3 udp)"
check_eq "LAN over IPv6 (not in the list): no reply" silent \
	"$(on_lan "$X" call udp $SRV_LAN6 4 getaddr 100003 3 udp6)"
check_eq "local lookups still answered" 2049 \
	"$("$RPCBTOOL" -t 3 -H 127.0.0.1 -T udp -V 2 rgetaddr 100003 3 udp 2>&1)"
stop "--allow-lookups"
done_testing
