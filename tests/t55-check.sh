#!/bin/bash
# t55-check: rpcbindd-check, run from an "outside" host, says what an
# open-portmapper scanner would see.
#
# The test's namespace is the server (203.0.113.1, 2001:db8:2::1 and the
# long 2001:db8:1234:5678:9abc:def0:1234:5678 on a veth); a second namespace
# is the outside host (203.0.113.5, 2001:db8:2::5, 2001:db8:1234:5678::5)
# from which rpcbindd-check runs. The servers:
#   - Debian's rpcbind, listening everywhere: reported (exit 1), UDP DUMPs
#     answered with more bytes than they were sent;
#   - rpcbindd -h on the three addresses: not reported (exit 0); NULL,
#     GETPORT and GETADDR answered, DUMPs not, over IPv4 and IPv6 (GETADDR
#     to the long address too: the check's call carries an r_addr as a
#     real client's does, so the answer fits in the call's size);
#   - rpcbindd-check run on the server itself, against 127.0.0.1, ::1 and
#     the server's own address: a first line says this host's queries count
#     as local, the verdict says "not meaningful from this host" (exit 3),
#     also with -q;
#   - rpcbindd on loopback only: nothing answers from outside (exit 0);
#   - tests/check/fakepm, which answers each lookup with 20 datagrams of
#     at most the call's size, 12 times the call in all, once from port 111
#     only and once with 19 of them from another port: reported (exit 1) as
#     a 12.0x multi-datagram amplifier.
# Then argument errors (exit 2, one line on stderr), -q and --help.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
B=${RPCBTOOL:-$TESTBIN/clients/rpcbtool}
[ -x "$B" ] || bail "missing $B (build it: make check TESTS=)"
CHECK=${RPCBINDD_CHECK:-$top_builddir/rpcbindd-check/rpcbindd-check}
[ -x "$CHECK" ] || bail "missing $CHECK (build it: make)"
FAKE=$TESTBIN/check/fakepm
[ -x "$FAKE" ] || bail "missing $FAKE (build it: make check TESTS=)"

SRV4=203.0.113.1 SRV6=2001:db8:2::1
LONG6=2001:db8:1234:5678:9abc:def0:1234:5678
OUT=rpcbt-out-$$
VS=rck$$s VO=rck$$o
FPID=""
trap '[ -z "$FPID" ] || { kill "$FPID"; wait "$FPID"; } 2>/dev/null
	ip netns del "$OUT" 2>/dev/null; cleanup' EXIT

ip netns add "$OUT" || bail "ip netns add $OUT failed"
{ ip link add "$VS" type veth peer name "$VO" netns "$OUT" &&
	ip addr add $SRV4/24 dev "$VS" &&
	ip -6 addr add $SRV6/64 dev "$VS" nodad &&
	ip -6 addr add $LONG6/64 dev "$VS" nodad &&
	ip link set "$VS" up &&
	ip netns exec "$OUT" ip link set lo up &&
	ip netns exec "$OUT" ip addr add 203.0.113.5/24 dev "$VO" &&
	ip netns exec "$OUT" ip -6 addr add 2001:db8:2::5/64 dev "$VO" nodad &&
	ip netns exec "$OUT" ip -6 addr add 2001:db8:1234:5678::5/64 dev "$VO" nodad &&
	ip netns exec "$OUT" ip link set "$VO" up; } ||
	bail "cannot set up the veth pair to the outside namespace"

# outside ARGS...: rpcbindd-check from the outside host; stdout in $out,
# stderr in $err, exit status in $rc.
outside() {
	out=$(ip netns exec "$OUT" "$CHECK" "$@" 2>"$T/err"); rc=$?
	err=$(cat "$T/err")
	{ echo "rpcbindd-check $* -> exit $rc"; printf '%s\n' "$out"; } | diag
}

# A small NFS server's table, so that DUMPs have content.
register() {
	local n fail=0
	for n in udp tcp; do
		"$B" set 100003 3 $n 0.0.0.0.8.1 >/dev/null || fail=1
		"$B" set 100005 3 $n 0.0.0.0.78.80 >/dev/null || fail=1
		"$B" set 100024 1 $n 0.0.0.0.3.255 >/dev/null || fail=1
	done
	for n in udp6 tcp6; do
		"$B" set 100003 3 $n ::.8.1 >/dev/null || fail=1
		"$B" set 100005 3 $n ::.78.80 >/dev/null || fail=1
	done
	return $fail
}

# line PROBE TRANSPORT: the output line of one probe.
line() { printf '%s\n' "$out" | grep -E "^$1 +$2 " | head -1; }
ratio() { line "$1" udp | sed -nE 's/.*ratio ([0-9.]+)x.*/\1/p'; }
gt1() { awk -v r="$1" 'BEGIN { exit !(r != "" && r + 0 > 1) }'; }

# --- Debian's rpcbind: an open portmapper ------------------------------------
ref_start
check "programs registered with rpcbind" register
outside -t 1 $SRV4
check_eq "rpcbind over IPv4: exit status 1 (would be reported)" 1 "$rc"
check_grep "rpcbind: the verdict says it would be reported" \
	'^VERDICT: would be reported as an open portmapper: UDP DUMP' "$out"
for v in 2 3 4; do
	check_grep "rpcbind: UDP DUMP v$v answered" \
		'answered \(accepted SUCCESS\).*mappings of [0-9]+ programs' "$(line "DUMP v$v" udp)"
	r=$(ratio "DUMP v$v")
	if gt1 "$r"; then ok "rpcbind: UDP DUMP v$v amplifies (${r}x)"; else
		not_ok "rpcbind: UDP DUMP v$v amplifies"; printf '%s\n' "$out" | diag; fi
done
check_grep "rpcbind: UDP GETSTAT v4 answered" 'answered \(accepted SUCCESS\)' "$(line "GETSTAT v4" udp)"
check_grep "rpcbind: GETPORT finds mountd's port" 'mountd v3 udp on port 20048' "$(line "GETPORT v2" udp)"
check_grep "rpcbind: TCP DUMP v2 lists the programs" 'answered \(accepted SUCCESS\)' "$(line "DUMP v2" tcp)"
check_grep "rpcbind: a note says TCP lists programs to this host" '^note: TCP DUMP lists [0-9]+ programs .*to this host' "$out"
outside -q -t 1 -6 $SRV6
check_eq "rpcbind over IPv6: exit status 1" 1 "$rc"
check_grep "rpcbind over IPv6: reported" '^VERDICT: would be reported' "$out"
daemon_stop

# --- rpcbindd serving the public address -------------------------------------
daemon_start -h $SRV4 -h $SRV6 -h $LONG6
check "programs registered with rpcbindd" register
for a in $SRV4 $SRV6 $LONG6; do
	outside -t 1 $a
	check_eq "rpcbindd -h, $a: exit status 0" 0 "$rc"
	check_grep "rpcbindd -h, $a: verdict not an open portmapper" \
		'^VERDICT: not an open portmapper: no UDP reply larger than its request' "$out"
	check_grep "rpcbindd -h, $a: UDP NULL answered" 'answered \(accepted SUCCESS\)' "$(line "NULL v2" udp)"
	check_grep "rpcbindd -h, $a: UDP GETPORT answered" 'answered \(accepted SUCCESS\)' "$(line "GETPORT v2" udp)"
	check_grep "rpcbindd -h, $a: UDP GETADDR answered with nfs's address" \
		"answered \\(accepted SUCCESS\\).*nfs v3 [a-z0-9 ]*at \"$a\\.8\\.1\"" "$(line "GETADDR v4" udp)"
	for v in 2 3 4; do
		check_grep "rpcbindd -h, $a: UDP DUMP v$v not answered" 'no answer' "$(line "DUMP v$v" udp)"
	done
	check_grep "rpcbindd -h, $a: UDP GETSTAT not answered" 'no answer' "$(line "GETSTAT v4" udp)"
	bad=$(printf '%s\n' "$out" | grep -E ' udp .*ratio ' | awk '{ r = $0; sub(/.*ratio /, "", r); sub(/x.*/, "", r); if (r + 0 > 1) print }')
	check_eq "rpcbindd -h, $a: no UDP reply larger than its request" "" "$bad"
	check_grep "rpcbindd -h, $a: TCP connects" '^connect +tcp +connected' "$out"
done
# on_server ARGS...: rpcbindd-check on the server itself.
on_server() {
	out=$("$CHECK" "$@" 2>"$T/err"); rc=$?
	err=$(cat "$T/err")
	{ echo "on the server: rpcbindd-check $* -> exit $rc"; printf '%s\n' "$out"; } | diag
}
for a in 127.0.0.1 ::1 $SRV4 $SRV6; do
	on_server -t 1 $a
	check_eq "from the server itself, $a: exit status 3" 3 "$rc"
	check_eq "from the server itself, $a: the first line says it is this host, whose queries count as local" \
		"note: $a is this host: its own queries count as local" "$(printf '%s\n' "$out" | head -1 | cut -d'(' -f1 | sed 's/ *$//')"
	check_grep "from the server itself, $a: verdict not meaningful from this host" \
		'^VERDICT: not meaningful from this host: .*run rpcbindd-check from a host outside your network$' "$out"
	check_eq "from the server itself, $a: no 'would be reported'" 0 "$(printf '%s\n' "$out" | grep -c 'would be reported')"
done
on_server -t 1 127.0.0.1
check_grep "from the server itself, 127.0.0.1: the verdict says what local callers get" \
	'^VERDICT: not meaningful from this host: from here UDP DUMP v[34] is answered with [0-9]+ bytes .*as local callers are' "$out"
on_server -q -t 1 $SRV4
check_eq "from the server itself, -q: exit status 3" 3 "$rc"
check_eq "from the server itself, -q: only the verdict line" 1 "$(printf '%s\n' "$out" | wc -l)"
daemon_stop

# --- rpcbindd on loopback only -------------------------------------------------
daemon_start
check "programs registered with rpcbindd (loopback only)" register
outside -t 1 $SRV4
check_eq "rpcbindd loopback only: exit status 0" 0 "$rc"
check_grep "rpcbindd loopback only: verdict not open, nothing answered" \
	'^VERDICT: not an open portmapper: nothing answered' "$out"
check_grep "rpcbindd loopback only: a line says nothing answered" '^note: nothing answered' "$out"
n=$(printf '%s\n' "$out" | grep -c 'answered (')
check_eq "rpcbindd loopback only: no probe answered" 0 "$n"
outside -q -t 1 -6 $SRV6
check_eq "rpcbindd loopback only, IPv6: exit status 0" 0 "$rc"

# --- -q -------------------------------------------------------------------------
outside -q -t 1 $SRV4
check_eq "-q prints only the verdict line" 1 "$(printf '%s\n' "$out" | wc -l)"
check_grep "-q: that line is the verdict" '^VERDICT: not an open portmapper' "$out"
daemon_stop

# --- a multi-datagram amplifier -----------------------------------------------
# fake [-x XPORT]: fakepm on 203.0.113.1 port 111, 20 datagrams for 12x, in
# the background until fake_stop.
fake() {
	"$FAKE" "$@" $SRV4 111 20 12 30000 >"$T/fake.out" 2>&1 &
	FPID=$!
	wait_until 5 grep -q '^ready' "$T/fake.out" ||
		{ diag <"$T/fake.out"; bail "fakepm did not start"; }
}
fake_stop() {
	kill "$FPID" 2>/dev/null
	wait "$FPID" 2>/dev/null
	FPID=""
}
# twelve WHAT PROBE: the probe's line says 20 datagrams, 12 x its call's
# bytes in all.
twelve() {
	local l sent recvd
	l=$(line "$2" udp)
	sent=$(printf '%s\n' "$l" | sed -nE 's/.*; sent ([0-9]+), received.*/\1/p')
	recvd=$(printf '%s\n' "$l" | sed -nE 's/.*, received ([0-9]+) in 20 datagrams.*/\1/p')
	if [ -n "$sent" ] && [ -n "$recvd" ] && [ "$recvd" -eq $((sent * 12)) ] &&
		printf '%s\n' "$l" | grep -Eq ', ratio 12\.0x, multi-datagram amplification'; then
		ok "$1: $2: 20 datagrams, 12 times the call's bytes"
	else
		not_ok "$1: $2: 20 datagrams, 12 times the call's bytes"
		printf '%s\n' "$l" | diag
	fi
}
# -t 2: the 20 datagrams come back to back, well within the deadline and
# the quiet period even on a loaded machine.
fake
outside -t 2 $SRV4
fake_stop
check_eq "fake 20-datagram amplifier: exit status 1 (would be reported)" 1 "$rc"
check_grep "fake 20-datagram amplifier: the verdict names the datagrams and 12.0x" \
	'^VERDICT: would be reported as an open portmapper: UDP [A-Z]+ v[0-9] answered with [0-9]+ bytes in 20 datagrams for [0-9]+ \(12\.0x\), multi-datagram amplification$' "$out"
for p in "NULL v2" "GETPORT v2" "GETADDR v4"; do
	twelve "fake 20-datagram amplifier" "$p"
done
check_grep "fake 20-datagram amplifier: UDP DUMP v2 not answered" 'no answer' "$(line "DUMP v2" udp)"

fake -x 1112
outside -t 2 $SRV4
fake_stop
check_eq "fake amplifier from two ports: exit status 1 (would be reported)" 1 "$rc"
check_grep "fake amplifier from two ports: the verdict names the datagrams and 12.0x" \
	'^VERDICT: would be reported as an open portmapper: UDP [A-Z]+ v[0-9] answered with [0-9]+ bytes in 20 datagrams for [0-9]+ \(12\.0x\)' "$out"
for p in "NULL v2" "GETPORT v2" "GETADDR v4"; do
	twelve "fake amplifier from two ports" "$p"
	check_grep "fake amplifier from two ports: $p: 19 from another port" \
		' in 20 datagrams \(19 from another source port\)' "$(line "$p" udp)"
done

# --- arguments ------------------------------------------------------------------
# args_error DESC ARGS...: exit 2, exactly one line on stderr, nothing on stdout.
args_error() {
	local desc=$1
	shift
	outside "$@"
	check_eq "$desc: exit status 2" 2 "$rc"
	check_eq "$desc: one line on stderr, nothing on stdout" "1:" \
		"$(printf '%s\n' "$err" | grep -c .):$out"
	printf '%s\n' "$err" | diag
}
args_error "no host"
args_error "an unresolvable name" -t 1 no-such-host.invalid
args_error "a bad port" $SRV4 99999
args_error "a port that is not a number" $SRV4 sunrpc
args_error "an unknown option" -x $SRV4
args_error "a bad timeout" -t 0 $SRV4
args_error "-4 with an IPv6 literal" -4 $SRV6
outside --help
check_eq "--help: exit status 0" 0 "$rc"
check_grep "--help prints the usage" '^usage: rpcbindd-check' "$out"
check_grep "--help says more than one datagram is amplification" 'more than one' "$out"
check_grep "--help documents exit status 3" '3 not meaningful' "$out"

# --- the man page ---------------------------------------------------------------
need_cmd groff
page=$top_srcdir/man/rpcbindd-check.8
out=$(LC_ALL=C.UTF-8 groff -man -ww -Tutf8 "$page" 2>&1 >/dev/null)
check_eq "rpcbindd-check(8) renders without warnings" "" "$out"
check_grep "rpcbindd-check(8) says multi-datagram answers count" '^\.SS Multi-datagram replies' "$(cat "$page")"
check_grep "rpcbindd-check(8) says how long a run takes" 'at most 9 times' "$(cat "$page")"
check_grep "rpcbindd-check(8) documents exit status 3" '^Not meaningful:' "$(cat "$page")"

done_testing
