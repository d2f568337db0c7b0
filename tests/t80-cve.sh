#!/bin/bash
# t80-cve: the known attacks on portmappers, one group per CVE, driven by
# tests/abuse/abprobe. Each group sends the trigger to the running
# daemon, then checks it is still running (kill -0), still answers (fresh
# UDP and TCP GETPORT, NULL over the local socket), that the registry
# listing did not change where nothing may change it, and that VmRSS did
# not grow by 1 MiB or more across the big loops.
#
#   CVE-2017-8779  rpcbomb: 100,000 UDP string/opaque bombs (v4 GETVERSADDR
#                  r_addr claiming up to 4 GiB, and every other string proc)
#   CVE-2013-1950  CALLIT prog 0 / opaque 8945 + "crash", and a length sweep,
#                  without and with -r
#   CVE-2026-85977/85231, CVE-2002-0391  credentials, gids counts, netbufs
#                  and lists claiming more than the caps
#   CVE-2026-94640 10^6 unique (prog, vers) lookups and remote calls within
#                  a 20 s budget: RSS flat, GETSTAT (rpcinfo -m) small
#   CVE-2018-14621/14622, CVE-2021-46828  2,000 TCP connections against
#                  --max-connections=64, and against a daemon whose fd limit
#                  is 160 (the EMFILE path); idle CPU < 0.3 s in 3 s
#   CVE-2015-7236  with -r: the same CALLIT twice to a real svc_create server
#   CVE-1999-0195  SET/UNSET v2-v4 from a spoofed 127.0.0.1 on a veth
#   CVE-1999-0168  CALLIT/BCAST/INDIRECT at a fake mountd from outside
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
need_cmd sysctl
probe_init ABPROBE abuse/abprobe 8192
B=$RPCBTOOL
t_start=$(date +%s)

NS2=""
at_exit 'ns_del "$NS2"'

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$DPID/stat"; }
alive() { check_running "$1: daemon still running"; }
# answers WHAT: fresh UDP and TCP GETPORT, and NULL over the local socket.
answers() {
	probe lookups 2 1000
	check_eq "$1: NULL over the local socket" OK "$("$B" -t 3 -T local -V 2 null 2>&1)"
}
same_table() {	# WHAT: the listing equals $T/list0
	check_eq "$1: registry listing unchanged" "$(cat "$T/list0")" "$(listing)"
}
mem_check() {	# BEFORE_KB LIMIT_KB WHAT
	local after
	after=$(rss_kb)
	echo "VmRSS $1 kB before $3, $after kB after" | diag
	check "$3: VmRSS grew by less than $((($2 + RSS_SLACK_KB) / 1024)) MiB ($1 -> $after kB)" \
		test $((after - $1)) -lt $(($2 + RSS_SLACK_KB))
}
register_table() {	# a few root entries that must survive everything
	local i
	for i in 1 2 3 4 5; do
		"$B" -t 3 set $((0x20040000 + i)) 1 udp 127.0.0.1.8.$i >/dev/null
		"$B" -t 3 set $((0x20040000 + i)) 1 tcp 127.0.0.1.8.$i >/dev/null
	done
	listing >"$T/list0"
}

# === default options ===========================================================
daemon_start
register_table

# --- CVE-2017-8779 rpcbomb ----------------------------------------------------
rss0=$(rss_kb)
probe bomb 100000 25
alive "CVE-2017-8779"
answers "CVE-2017-8779"
same_table "CVE-2017-8779"
mem_check "$rss0" 1024 "CVE-2017-8779 (100,000 bombs)"

# --- CVE-2013-1950 without -r --------------------------------------------------
probe callit1950
alive "CVE-2013-1950 (no -r)"
answers "CVE-2013-1950 (no -r)"
same_table "CVE-2013-1950 (no -r)"

# --- CVE-2026-85977 / 85231 and CVE-2002-0391 ------------------------------------
rss0=$(rss_kb)
probe creds
alive "CVE-2026-85977/85231, CVE-2002-0391"
answers "CVE-2026-85977/85231, CVE-2002-0391"
same_table "CVE-2026-85977/85231, CVE-2002-0391"
mem_check "$rss0" 1024 "credential and count claims"

# --- CVE-2026-94640 ---------------------------------------------------------------
rpcinfo -m >"$T/stat0" 2>&1
rss0=$(rss_kb)
probe unique 1000000 20
cp "$T/probe.out" "$T/unique.out"
alive "CVE-2026-94640"
answers "CVE-2026-94640"
mem_check "$rss0" 1024 "CVE-2026-94640 ($(awk '$1 == "sent" { print $2 }' "$T/unique.out") unique requests at $(awk '$1 == "rate" { print $2 }' "$T/unique.out")/s)"
if rpcinfo -m >"$T/stat1" 2>&1; then ok "CVE-2026-94640: GETSTAT (rpcinfo -m) works"; else
	not_ok "CVE-2026-94640: GETSTAT (rpcinfo -m) works"; diag <"$T/stat1"; fi
# RB_STAT_ROWS (32) lookup rows and 32 remote-call rows per version, 3
# versions: at most 192 rows, plus rpcinfo's headers.
STAT_LINES_MAX=240
check "CVE-2026-94640: GETSTAT stays small ($(wc -l <"$T/stat1") lines, $(wc -c <"$T/stat1") bytes; < $STAT_LINES_MAX lines, 32 KiB)" \
	test "$(wc -l <"$T/stat1")" -lt $STAT_LINES_MAX -a "$(wc -c <"$T/stat1")" -lt 32768
same_table "CVE-2026-94640"
stop "default options"

# === CVE-2018-14621 / 14622 / 2021-46828: connection floods =========================
# flood CAPDESC: 2,000 connections (idle, slowloris, half records) held 7 s;
# meanwhile the daemon's descriptors stay bounded, its CPU over 3 s of the
# hold stays under 0.3 s, and fresh lookups are answered.
flood() {
	local what=$1 maxfd=$2 hp c0 c1 hz fdn
	rm -f "$T/hold.out"
	"$PROBE" hold 2000 7 iiisp >"$T/hold.out" 2>&1 & hp=$!
	if ! wait_until 10 grep -q '^held ' "$T/hold.out"; then
		not_ok "$what: 2,000 connections opened"; diag <"$T/hold.out"
	else
		ok "$what: $(grep '^held ' "$T/hold.out") connections opened"
	fi
	sleep 1
	fdn=$(ls "/proc/$DPID/fd" | wc -l)
	check "$what: the daemon holds $fdn descriptors (< $maxfd)" test "$fdn" -lt "$maxfd"
	hz=$(getconf CLK_TCK)
	c0=$(cpu_ticks); sleep 3; c1=$(cpu_ticks)
	check "$what: CPU over 3 s of the hold $(((c1 - c0) * 1000 / hz)) ms (< 300 ms)" \
		test $(((c1 - c0) * 1000 / hz)) -lt 300
	probe lookups 20 100
	check_eq "$what: NULL over the local socket during the flood" OK \
		"$("$B" -t 3 -T local -V 2 null 2>&1)"
	wait "$hp"
	grep -E '^(open|# )' "$T/hold.out" | diag
	alive "$what"
	answers "$what (after)"
}

daemon_start --max-connections=64
register_table
rss0=$(rss_kb)
flood "CVE-2018-14621/14622 (cap 64)" 120
flood "CVE-2021-46828 (cap 64, again)" 120
same_table "connection floods (cap 64)"
mem_check "$rss0" 1024 "two floods of 2,000 connections"
stop "cap 64"

# At the descriptor limit: the hard limit 160 and no CAP_SYS_RESOURCE, so the
# daemon cannot raise it and accept() meets EMFILE with the default cap 1024.
cat >"$T/lowfd" <<EOF
#!/bin/bash
ulimit -n 160 && ulimit -Hn 160 || exit 1
exec setpriv --bounding-set -sys_resource "$RPCBINDD" "\$@"
EOF
chmod +x "$T/lowfd"
RPCBINDD_SAVED=$RPCBINDD
RPCBINDD=$T/lowfd daemon_start
RPCBINDD=$RPCBINDD_SAVED
check_eq "fd-limited daemon: RLIMIT_NOFILE is 160" 160 \
	"$(awk '/^Max open files/ { print $4 }' "/proc/$DPID/limits")"
register_table
rss0=$(rss_kb)
flood "CVE-2018-14621/14622 (EMFILE, fd limit 160)" 161
flood "CVE-2021-46828 (EMFILE, again)" 161
check_grep "the daemon logged the EMFILE" "accept: Too many open files" "$(cat "$T/daemon.log")"
same_table "EMFILE floods"
mem_check "$rss0" 1024 "two floods at the fd limit"
stop "fd limit 160"

# === with -r and a second host (CVE-2013-1950, 2015-7236, 1999-0195, 1999-0168) ===
NS2=rpcbt-ab2-$$
VETH=abv$$
ip netns add "$NS2" || bail "ip netns add $NS2"
ip link add "$VETH" type veth peer name eth0 netns "$NS2" || bail "veth"
ip addr add 203.0.113.1/24 dev "$VETH" && ip link set "$VETH" up || bail "veth address"
ip -n "$NS2" link set lo up
ip -n "$NS2" addr add 203.0.113.5/24 dev eth0
ip -n "$NS2" link set eth0 up
# Let the kernel deliver a 127.0.0.1 source arriving on the veth (inside
# this namespace only): the daemon itself must drop it.
sysctl -qw net.ipv4.conf.all.route_localnet=1 "net.ipv4.conf.$VETH.route_localnet=1" \
	net.ipv4.conf.all.rp_filter=0 "net.ipv4.conf.$VETH.rp_filter=0" \
	"net.ipv4.conf.$VETH.accept_local=1" || bail "sysctl"
on2() { ip netns exec "$NS2" "$@"; }

daemon_start -r -h 203.0.113.1
register_table
check "the other host reaches the daemon (UDP and TCP GETPORT from 203.0.113.5)" \
	wait_until 5 on2 "$PROBE" -H 203.0.113.1 lookups 1 1000

# --- CVE-2013-1950 with -r ---------------------------------------------------------
probe callit1950
alive "CVE-2013-1950 (-r)"
answers "CVE-2013-1950 (-r)"
same_table "CVE-2013-1950 (-r)"

# --- CVE-2015-7236 ---------------------------------------------------------------------
SP=$((0x20050000))
"$B" -t 30 server $SP 1 udp >"$T/server.out" 2>&1 & spid=$!
wait_until 5 sh -c "rpcinfo | grep -q '^ *$SP '" || { not_ok "echo server registered"; diag <"$T/server.out"; }
check_eq "CVE-2015-7236: CALLIT (rpcb_rmtcall) to the echo server" 42 \
	"$("$B" -t 3 -T udp rmtcall udp $SP 1 42 2>&1 | awk '{ print $1 }')"
check_eq "CVE-2015-7236: the same CALLIT again" 42 \
	"$("$B" -t 3 -T udp rmtcall udp $SP 1 42 2>&1 | awk '{ print $1 }')"
check_eq "CVE-2015-7236: v2 CALLIT (pmap_rmtcall) twice" "43 43" \
	"$(for i in 1 2; do "$B" -t 3 pmap_rmtcall $SP 1 43 2>&1 | awk '{ print $1 }'; done | xargs)"
alive "CVE-2015-7236"
answers "CVE-2015-7236"
kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
"$B" -t 3 unset $SP 1 >/dev/null 2>&1
same_table "CVE-2015-7236"

# --- CVE-2026-94640 with -r: remote calls counted, bounded ---------------------------------
rss0=$(rss_kb)
probe unique 200000 8
mem_check "$rss0" 1024 "CVE-2026-94640 with -r"
rpcinfo -m >"$T/stat2" 2>&1
check "CVE-2026-94640 (-r): GETSTAT works and stays small ($(wc -l <"$T/stat2") lines; < $STAT_LINES_MAX, 32 KiB)" \
	test "$(wc -l <"$T/stat2")" -lt $STAT_LINES_MAX -a "$(wc -c <"$T/stat2")" -lt 32768
probe unique 100000 5
check_eq "CVE-2026-94640 (-r): 100,000 more unique requests add no GETSTAT lines" \
	"$(wc -l <"$T/stat2")" "$(rpcinfo -m 2>&1 | wc -l)"

# --- CVE-1999-0195: spoofed loopback SET/UNSET --------------------------------------------
sp0=$(counter_now spoofed)
on2 "$PROBE" spoof 127.0.0.1 203.0.113.1 $((0x20060000)) 5 >"$T/probe.out" 2>&1
probe_lines "$T/probe.out" $?
# The forged datagrams may still wait in the socket on a loaded machine:
# ask again, at most 10 counters lines (each bounded by counters' 3 s).
for i in 1 2 3 4 5 6 7 8 9 10; do
	sp1=$(counter_now spoofed)
	[ "${sp1:-0}" -lt $((${sp0:-0} + 1)) ] || break
	sleep 0.2
done
check "CVE-1999-0195: spoofed counter went up (${sp0:-?} -> ${sp1:-?})" \
	test "${sp1:-0}" -ge $((${sp0:-0} + 1))
check_eq "CVE-1999-0195: nothing was registered" "" "$(rpcinfo | awk '$1 >= 537264128 && $1 <= 537264130')"
same_table "CVE-1999-0195"
alive "CVE-1999-0195"
answers "CVE-1999-0195"

# --- CVE-1999-0168: remote calls from outside at mountd ----------------------------------------
"$PROBE" fakesvc 4242 25 >"$T/fake.out" 2>&1 & fpid=$!
wait_until 3 grep -q '^count' "$T/fake.out"
"$B" -t 3 set 100005 1 udp 0.0.0.0.16.146 >/dev/null || not_ok "fake mountd registered"
fcount() { grep '^count' "$T/fake.out" | tail -1 | awk '{ print $2 }'; }
# The fake service works: a local CALLIT is forwarded (with -r).
c0=$(fcount)
probe rmtcall 127.0.0.1 100005 1 1 fwd
c1=$(fcount)
check "CVE-1999-0168: local remote calls reach the fake mountd ($c0 -> $c1)" test "$c1" -gt "$c0"
on2 "$PROBE" rmtcall 203.0.113.1 100005 1 1 >"$T/probe.out" 2>&1
probe_lines "$T/probe.out" $?
sleep 0.5
check_eq "CVE-1999-0168: nothing from outside was forwarded to mountd" "$c1" "$(fcount)"
on2 "$PROBE" rmtcall 203.0.113.1 100005 3 1 >"$T/probe.out" 2>&1
probe_lines "$T/probe.out" $?
check_eq "CVE-1999-0168: nor with another version" "$c1" "$(fcount)"
kill "$fpid" 2>/dev/null; wait "$fpid" 2>/dev/null
"$B" -t 3 unset 100005 1 >/dev/null 2>&1
same_table "CVE-1999-0168"
alive "CVE-1999-0168"
answers "CVE-1999-0168"
stop "-r -h 203.0.113.1"

echo "t80 ran $(($(date +%s) - t_start)) s" | diag
done_testing
