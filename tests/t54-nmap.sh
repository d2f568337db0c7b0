#!/bin/bash
# t54-nmap: what a scanner's tool sees (nmap's rpcinfo script, as scanners
# run it).
# Three hosts (tests/net.sh), the 40-entry NFS table, the server on its four
# addresses. From the internet host,
#   nmap -Pn -sU -sT -p111 --script rpcinfo ADDRESS
# lists no program, against the public address (203.0.113.1) and against the
# LAN address (198.51.100.1) reached through the public interface; the same
# over IPv6 (2001:db8:2::1). Control: against Debian's rpcbind the same
# command lists the NFS programs (so the check can see a listing).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd nmap
scan() {	# ADDRESS [nmap options]: the scan's output (bounded)
	local a=$1
	shift
	on_inet timeout -s KILL 40 nmap -n -Pn -sU -sT -p111 --max-retries 1 --host-timeout 30s \
		--script rpcinfo "$@" "$a" 2>&1
}
# the programs nmap's rpcinfo script listed: "|   100003  3,4  2049/tcp  nfs"
programs() { grep -E '^\|[_ ] +[0-9]{6,} ' <<<"$1" | awk '{ print $2 }' | sort -u | xargs; }

net_setup
nfs_serve "the 40-entry table registers" $SRV_ALL
for a in $SRV_WAN4 $SRV_LAN4 "-6 $SRV_WAN6"; do
	set -- $a
	if [ "$1" = -6 ]; then out=$(scan "$2" -6); a=$2; else out=$(scan "$1"); fi
	check_grep "nmap from the internet reached $a (port 111 in its report)" '^111/(tcp|udp) ' "$out"
	check_eq "nmap --script rpcinfo against $a lists no program" "" "$(programs "$out")"
	grep -E '^111/|rpcinfo' <<<"$out" | diag
done
stop

if have_ref; then
	ref_start
	nfs_register >/dev/null
	out=$(scan $SRV_WAN4)
	check_eq "control: against rpcbind nmap lists the programs" \
		"100000 100003 100005 100021 100024 100227" "$(programs "$out")"
	grep -E '^111/|^\|' <<<"$out" | head -n 12 | diag
	daemon_stop
fi
done_testing
