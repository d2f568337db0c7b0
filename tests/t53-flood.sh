#!/bin/bash
# t53-flood: a DUMP flood from the internet (what scanners and reflection
# attacks send) amplifies nothing and does not stop the LAN. Three hosts
# (tests/net.sh), the 40-entry NFS table, the server on its four addresses.
#  1. 50,000 v2/v3/v4 DUMPs over UDP from the internet host to 203.0.113.1,
#     as fast as expprobe can send them: zero reply bytes;
#  2. meanwhile the LAN client's GETPORTs (one after another, 1 ms apart) are all answered,
#     each within 100 ms, with the right port;
#  3. the same with 10,000 over IPv6 (2001:db8:2::1, LAN over 2001:db8:1::1);
#  4. the daemon still runs, its counters line shows the refusals, it stops
#     cleanly; contrast: rpcbind answers 5,000 of the same DUMPs (bytes out
#     as a diagnostic).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

LPID=""

net_setup
at_exit '[ -z "$LPID" ] || kill "$LPID" 2>/dev/null'
nfs_serve "the 40-entry table registers" $SRV_ALL

# flood_while_lan_looks_up LABEL INET_TARGET LAN_TARGET COUNT
flood_while_lan_looks_up() {
	local label=$1 f l
	on_lan "$X" latency "$3" 2 1 >"$T/lat.out" 2>&1 &
	LPID=$!
	sleep 0.3
	f=$(on_inet "$X" flood "$2" "$4" 20 2>&1)
	wait "$LPID"
	LPID=""
	l=$(cat "$T/lat.out")
	printf '%s flood: %s\n%s LAN lookups: %s\n' "$label" "$f" "$label" "$l" | diag
	check_eq "$label: all $4 DUMPs sent" "$4" "$(field "$f" sent)"
	check_eq "$label: zero reply bytes to the flood" 0 "$(field "$f" bytes)"
	local n a w
	n=$(field "$l" lookups)
	a=$(field "$l" answered)
	w=$(field "$l" within100ms)
	check "$label: the LAN kept looking up (${n:-0} lookups in 2 s)" test "${n:-0}" -ge 500
	check_eq "$label: every LAN lookup answered" "${n:-x}" "${a:-y}"
	check_eq "$label: every LAN lookup answered within 100 ms (max $(field "$l" max_ms) ms)" "${n:-x}" "${w:-y}"
	check_eq "$label: with the right port (mountd 3 tcp 20048), never another" "0 20048" \
		"$(field "$l" wrong) $(field "$l" port)"
}
flood_while_lan_looks_up "IPv4" $SRV_WAN4 $SRV_LAN4 50000
flood_while_lan_looks_up "IPv6" $SRV_WAN6 $SRV_LAN6 10000

check "daemon still running after the floods" kill -0 "$DPID"
check_counted refused "the floods"
printf 'VmRSS after the floods: %s kB\n' "$(rss_kb)" | diag
stop

if have_ref; then
	ref_start
	nfs_register >/dev/null
	f=$(on_inet "$X" flood $SRV_WAN4 5000 20 2>&1)
	printf 'rpcbind 1.2.6, 5,000 DUMPs (40 bytes each) from the internet: %s\n' "$f" | diag
	b=$(field "$f" bytes); r=$(field "$f" replies)
	# How many of the burst a busy rpcbind gets to read depends on the
	# machine; each one it answers is the amplification: at least 10x.
	check "contrast: rpcbind answers the flood's DUMPs from the internet (${r:-0} replies)" \
		test "${r:-0}" -gt 0
	check "contrast: ...each reply at least 10x its 40-byte request (${b:-0} bytes in ${r:-0})" \
		test "${b:-0}" -ge $((400 * ${r:-1}))
	daemon_stop
fi
done_testing
