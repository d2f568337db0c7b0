#!/bin/bash
# t64-hostsaccess: /etc/hosts.allow and /etc/hosts.deny, as far as an
# address decides, for non-local callers; checked against Debian's rpcbind
# (libwrap, daemon name "rpcbind") with the same files.
#
# The test's private mount namespace has its own files bind-mounted over
# /etc/hosts.allow and /etc/hosts.deny. Three hosts (tests/net.sh): the LAN
# client speaks from 198.51.100.2, .10-.59 and 2001:db8:1::2, the internet
# host from 203.0.113.5 and 2001:db8:2::5. One mapping is registered (nfs 3
# tcp, port 2049); each probe is a v2 GETPORT for it, over TCP and UDP.
#  1. three pairs of files with every supported pattern (addresses,
#     net/mask, net/len, n.n.n. prefixes, [v6] and [v6]/len, ALL, EXCEPT,
#     daemon lists, allow/deny options, continued lines, a last line with
#     no newline, which libwrap takes as "refuse the rest"): each probe is granted or refused as rpcbind decides.
#     Granted: "port 2049". Refused: AUTH_TOOWEAK over TCP from both;
#     over UDP rpcbindd is silent (rpcbind answers AUTH_TOOWEAK);
#  2. a rule rpcbindd cannot apply (a host name) fails closed: the LAN is
#     refused, one log line names the file, the line and the pattern, the
#     refusals are counted; local callers are still answered;
#  3. --hosts-access=off: the same files are not read, the LAN is answered;
#  4. "ALL: ALL" in hosts.deny: loopback (UDP and TCP, IPv4 and IPv6) and
#     the local socket are still served by rpcbindd; rpcbind refuses
#     127.0.0.1 over UDP (a documented difference);
#  5. "portmap" is rpcbindd's name too (rpcbind ignores such a rule).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

have_ref || { done_testing; }

# The files: bind mounts over the host's, in this test's mount namespace
# only (libwrap0's postinst creates them, so the targets exist).
for f in allow deny; do
	[ -e /etc/hosts.$f ] || bail "/etc/hosts.$f is missing (libwrap0 creates it)"
	: >"$T/$f"
	mount --bind "$T/$f" /etc/hosts.$f || bail "cannot bind-mount over /etc/hosts.$f"
done
# files ALLOW DENY: the two files' text (printf %b: \n, \t, \\).
files() {
	printf '%b' "$1" >"$T/allow"
	printf '%b' "$2" >"$T/deny"
}

net_setup

register() { "$RPCBTOOL" -t 3 set 100003 3 tcp 0.0.0.0.8.1 >/dev/null 2>&1; }
start_d() { daemon_start $SRV_ALL "$@"; check "rpcbindd $*: nfs registered" register; }
# rpcbind reads the files on every call, its start-up probe too: it starts
# with empty files, then gets the test's.
start_r() {
	cp "$T/allow" "$T/allow.test" && cp "$T/deny" "$T/deny.test" || bail "cp"
	files "" ""
	ref_start
	check "rpcbind: nfs registered" register
	cat "$T/allow.test" >"$T/allow"
	cat "$T/deny.test" >"$T/deny"
}

# getport HOST(lan|inet) SRC SERVER TRANSPORT
getport() {
	local on=on_$1
	$on "$X" -b "$2" call "$4" "$3" 2 getport 100003 3 tcp 2>&1
}
server_for() {
	case $1 in
	198.51.100.*) echo $SRV_LAN4 ;;
	2001:db8:1::*) echo $SRV_LAN6 ;;
	203.0.113.*) echo $SRV_WAN4 ;;
	*) echo $SRV_WAN6 ;;
	esac
}
# probes WHO CASES: CASES is lines of "HOST SRC +|-"; WHO is rpcbindd or
# rpcbind (whose UDP refusal is an answer, not silence).
probes() {
	local who=$1 host src want srv tcp udp udp_no w
	[ "$who" = rpcbind ] && udp_no="denied auth 5" || udp_no=silent
	while read -r host src want; do
		[ -n "$host" ] || continue
		srv=$(server_for "$src")
		if [ "$want" = + ]; then
			tcp="port 2049" udp="port 2049" w=granted
		else
			tcp="denied auth 5" udp=$udp_no w=refused
		fi
		check_eq "$who, $src over tcp: $w" "$tcp" "$(getport "$host" "$src" "$srv" tcp)"
		check_eq "$who, $src over udp: $w" "$udp" "$(getport "$host" "$src" "$srv" udp)"
	done <<<"$2"
}
# both ALLOW DENY CASES: the same files and probes against rpcbindd and
# against Debian's rpcbind.
both() {
	files "$1" "$2"
	start_d
	probes rpcbindd "$3"
	grep 'hosts' "$T/daemon.log" | diag
	daemon_stop
	start_r
	probes rpcbind "$3"
	daemon_stop
}

# --- 1. every supported pattern, as rpcbind decides ------------------------------
both "rpcbind: 198.51.100.10 198.51.100.20/31, 198.51.100.32/255.255.255.240 [2001:db8:1::2]\n" \
	"rpcbind: ALL\n" "
lan 198.51.100.10 +
lan 198.51.100.11 -
lan 198.51.100.21 +
lan 198.51.100.22 -
lan 198.51.100.40 +
lan 198.51.100.48 -
lan 2001:db8:1::2 +
inet 203.0.113.5 -
inet 2001:db8:2::5 -"

both "" "rpcbind: 198.51.100. EXCEPT 198.51.100.16/28 EXCEPT 198.51.100.20\nALL: [2001:db8:2::]/64\n" "
lan 198.51.100.2 -
lan 198.51.100.16 +
lan 198.51.100.20 -
lan 198.51.100.30 +
lan 198.51.100.40 -
lan 2001:db8:1::2 +
inet 203.0.113.5 +
inet 2001:db8:2::5 -"

both "# trusted hosts\nsshd: ALL\nALL EXCEPT rpcbind: ALL\n  rpcbind : 198.51.100.30 : DENY\n" \
	"rpcbind, mountd : 198.51.100.0/24 \\\\\n [2001:db8:1::]/64 : allow\n\nrpcbind: ALL" "
lan 198.51.100.30 -
lan 198.51.100.2 +
lan 2001:db8:1::2 +
inet 203.0.113.5 -
inet 2001:db8:2::5 -"

# --- 2. a rule that cannot be applied fails closed -----------------------------------
files "# the LAN and the backup server\nrpcbind: 198.51.100.0/24 backup.example.com\n" "rpcbind: ALL\n"
start_d
probes rpcbindd "
lan 198.51.100.2 -
lan 2001:db8:1::2 -
inet 203.0.113.5 -"
check_grep "the log names the file, the line and the pattern" \
	"/etc/hosts\\.allow:2: 'backup\\.example\\.com': .*every non-local caller is refused" "$(cat "$T/daemon.log")"
check_eq "... in one line" 1 "$(grep -c "backup.example.com" "$T/daemon.log")"
check_grep "the log says hosts access fails closed" 'hosts access: fails closed' "$(cat "$T/daemon.log")"
if counters >/dev/null; then
	c=$(counter refused)
	check "the refusals are counted (refused ${c:-?} >= 6)" test "${c:-0}" -ge 6
else
	not_ok "SIGUSR1 logs a counters line"
fi
check_eq "local: 127.0.0.1 over udp still answered" "port 2049" "$("$X" call udp 127.0.0.1 2 getport 100003 3 tcp)"
check_eq "local: ::1 over tcp still answered" "port 2049" "$("$X" call tcp ::1 2 getport 100003 3 tcp)"
check "local: registration over the local socket still works" \
	"$RPCBTOOL" -t 3 set 100005 3 tcp 0.0.0.0.78.80
daemon_stop

# --- 3. --hosts-access=off -------------------------------------------------------------
start_d --hosts-access=off
probes rpcbindd "
lan 198.51.100.2 +
inet 203.0.113.5 +"
check_eq "--hosts-access=off: nothing about the files in the log" 0 "$(grep -c 'hosts\.\(allow\|deny\)\|hosts access' "$T/daemon.log")"
daemon_stop

# --- 4. local callers are not affected ---------------------------------------------------
files "" "ALL: ALL\n"
start_d
probes rpcbindd "
lan 198.51.100.2 -
inet 2001:db8:2::5 -"
for t in udp tcp; do
	check_eq "ALL: ALL, 127.0.0.1 over $t: answered" "port 2049" "$("$X" call $t 127.0.0.1 2 getport 100003 3 tcp)"
	check_eq "ALL: ALL, ::1 over $t: answered" "port 2049" "$("$X" call $t ::1 2 getport 100003 3 tcp)"
done
check_grep "ALL: ALL, the local socket: rpcinfo lists nfs" '^ +100003 +3 +tcp ' "$(timeout -s KILL 5 rpcinfo -p 2>&1)"
check_grep "the log counts the rule" 'hosts access: 0 rules of /etc/hosts.allow and 1 of /etc/hosts.deny' "$(cat "$T/daemon.log")"
daemon_stop
start_r
check_eq "rpcbind, ALL: ALL: 127.0.0.1 over udp refused (libwrap applies to loopback)" "denied auth 5" \
	"$("$X" call udp 127.0.0.1 2 getport 100003 3 tcp)"
daemon_stop

# --- 5. portmap ------------------------------------------------------------------------
files "" "portmap: 198.51.100.0/24\n"
start_d
probes rpcbindd "
lan 198.51.100.2 -
inet 203.0.113.5 +"
daemon_stop
start_r
probes rpcbind "
lan 198.51.100.2 +"
daemon_stop
done_testing
