#!/bin/bash
# t56-freebind — a local user cannot make the daemon amplify to a remote
# victim. With IP(V6)_FREEBIND any user may send from an address the host
# does not have; sent to ::1 or to a served address on lo, the datagram
# arrives on lo. Local means arrived on lo AND a loopback source: this one
# is remote (no DUMP, replies no bigger than the request), and its replies
# take the normal route. The victim is a host of tests/net.sh's internet
# side, where the replies are counted as they arrive.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/net.sh"
ns_enter "$@"
need_cmd setpriv
net_setup

VICTIM6=2001:db8:2::99
VICTIM4=203.0.113.99
VIP6=2001:db8:5::1		# anycast / VIP style: public addresses on lo
VIP4=198.51.100.200
VPORT=40111
REQ=40				# a v4 DUMP or NULL call with AUTH_NONE, bytes
ip -n "$NS_INET" addr add $VICTIM6/64 dev eth0 nodad || bail "victim address"
ip -n "$NS_INET" addr add $VICTIM4/24 dev eth0 || bail "victim address"
ip addr add $VIP6/128 dev lo || bail "VIP on lo"
ip addr add $VIP4/32 dev lo || bail "VIP on lo"
daemon_start -h $VIP6 -h $VIP4
n=$(nfs_register)
check "the NFS table is registered ($n entries)" test "$n" -ge 40

r=$("$EXPPROBE" call udp ::1 4 dump)
check_grep "::1 -> ::1 v4 DUMP over UDP is still answered (local)" '^entries [1-9]' "$r"
r=$("$EXPPROBE" -b ::1 call udp $VIP6 4 dump)
check_grep "::1 -> $VIP6 (on lo) v4 DUMP is still answered (local)" '^entries [1-9]' "$r"
r=$("$EXPPROBE" call udp 127.0.0.1 4 dump)
check_grep "127.0.0.1 v4 DUMP over UDP is still answered (local)" '^entries [1-9]' "$r"

# victim_gets SRC DST WHAT: what the victim SRC receives when an
# unprivileged user sends WHAT to DST from SRC (freebind) $TRIES times:
# "DATAGRAMS BYTES".
TRIES=3
victim_gets() {
	local src=$1 dst=$2 what=$3 l out i
	on_inet "$EXPPROBE" listen "$src" $VPORT $((TRIES * 700 + 1500)) >"$T/victim.out" &
	l=$!
	wait_until 3 grep -q listening "$T/victim.out"
	for i in $(seq $TRIES); do
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$EXPPROBE" -F -b "$src" -P $VPORT -t 300 call udp "$dst" 4 "$what" >/dev/null 2>&1
	done
	wait $l
	out=$(sed -n 's/^received \([0-9]*\) datagrams \([0-9]*\) bytes$/\1 \2/p' "$T/victim.out")
	echo "${out:-? ?}"
}

for dst in ::1 $VIP6; do
	set -- $(victim_gets $VICTIM6 $dst dump)
	check_eq "freebind $VICTIM6 -> $dst v4 DUMP x$TRIES: the victim gets nothing (refused, remote)" "0 0" "$1 $2"
	set -- $(victim_gets $VICTIM6 $dst null)
	check "freebind $VICTIM6 -> $dst v4 NULL x$TRIES: the victim gets ${2:-?} bytes <= $TRIES x $REQ" \
		test "${2:-999}" -le $((TRIES * REQ))
done
# The channel works: a remote NULL answer from the VIP reaches the victim,
# so the empty DUMP result above is a refusal, not a lost datagram.
set -- $(victim_gets $VICTIM6 $VIP6 null)
check "freebind $VICTIM6 -> $VIP6 NULL answers reach the victim (routed as remote): ${1:-?}" \
	test "${1:-0}" -ge 1
# IPv4 may refuse the forged source itself; either way nothing amplified.
set -- $(victim_gets $VICTIM4 $VIP4 dump)
check_eq "freebind $VICTIM4 -> $VIP4 v4 DUMP x$TRIES: the victim gets nothing" "0 0" "$1 $2"

# TCP: a connection from a non-loopback address of this host to ::1 runs
# over lo but is remote; v4-mapped loopback is not needed for it.
r=$("$EXPPROBE" -b $VIP6 call tcp ::1 4 dump)
check_grep "TCP $VIP6 -> ::1 (over lo, not a loopback peer): DUMP refused" '^denied auth' "$r"
r=$("$EXPPROBE" call tcp ::1 4 dump)
check_grep "TCP ::1 -> ::1 DUMP answered (local)" '^entries [1-9]' "$r"

counters >/dev/null
c=$(counter refused)
check "counters: refused ${c:-?} >= 3 (the forged DUMPs, the TCP one)" test "${c:-0}" -ge 3
check "the daemon survived" kill -0 "$DPID"
daemon_stop
done_testing
