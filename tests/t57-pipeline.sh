#!/bin/bash
# t57-pipeline — pipelined stream requests all get their replies, in order.
# A client writes many requests at once and reads late through a small
# receive buffer, so the daemon cannot write its replies whole: the
# records behind them must be handled as soon as the output drains (not
# when the peer sends more), and complete records waiting in the input
# never count against the unfinished-record limit. Over TCP (IPv4, IPv6)
# and the local socket.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/net.sh"
ns_enter "$@"

# The daemon's TCP send buffer would otherwise grow to megabytes on
# loopback and hide the backlog: cap it (this namespace only) as on a host
# short of memory. The local socket's is some 200 KB.
sysctl -qw net.ipv4.tcp_wmem="4096 16384 65536" || bail "sysctl tcp_wmem"
daemon_start
n=$(nfs_register)
# 80 more entries: a v4 DUMP reply of some 10 KB, 40 of them over 400 KB.
for p in $(seq 200100 200119); do
	for e in "udp 0.0.0.0.4.1" "tcp 0.0.0.0.4.1" "udp6 ::.4.1" "tcp6 ::.4.1"; do
		set -- $e
		[ "$("$RPCBTOOL" -t 3 -V 4 rset $p 1 $1 $2 0 2>&1)" = TRUE ] && n=$((n + 1))
	done
done
check "$n entries registered: DUMP replies are large" test "$n" -ge 120

# pipe TARGET NDUMP NNULL: written at once, read after 300 ms through a
# 4 KiB receive buffer; 20 s for all the replies (a few MB at most).
pipe() {
	local rc
	"$EXPPROBE" -t 20000 pipe "$1" "$2" "$3" 300 4096 >"$T/pipe.out" 2>&1
	rc=$?
	probe_lines "$T/pipe.out" $rc "expprobe pipe $1"
}
for target in 127.0.0.1 ::1 /run/rpcbind.sock; do
	pipe $target 40 1
	pipe $target 300 0
done
pipe 127.0.0.1 0 300
check "the daemon survived" kill -0 "$DPID"
daemon_stop
done_testing
