#!/bin/bash
# t61-flags: rpcbind's command line (the options rpcbind 1.2.7/1.2.8 and its
# systemd units pass): -a -d -f -h -i -l -r -s -v -w, clustered flags, bad
# flags (exit 1, one line, nothing opened), and the lock file
# /run/rpcbind.lock: a second portmapper (ours or Debian's) exits 1 with
# "another rpcbind is already running. Aborting" before opening a socket,
# and the first keeps serving with its registrations.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

need_cmd rpcinfo
need_cmd setpriv
need_exe "$RPCBTOOL"
log() { cat "$T/daemon.log"; }
# The v4 DUMP's entries but the portmapper's own.
others4() { rb -V 4 dump 2>&1 | awk '$1 != 100000'; }
LOCKMSG="another rpcbind is already running. Aborting"
VERSION=$(sed -n 's/^AC_INIT(\[rpcbindd\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")

# --- bad command lines: exit 1, one line naming the fault, nothing opened ------
# bad ARGS... EXPECTED-TEXT
bad() {
	local want=${!#} out rc
	out=$(timeout 5 "$RPCBINDD" "${@:1:$#-1}" 2>&1); rc=$?
	if [ "$rc" = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
	    printf '%s' "$out" | grep -qF -- "$want" && [ ! -e /run/rpcbind.sock ] &&
	    [ ! -e /run/rpcbind ]; then
		ok "rejected: ${*:1:$#-1}"
	else
		not_ok "rejected: ${*:1:$#-1}"; printf 'rc=%s\n%s\n' "$rc" "$out" | diag
	fi
}
bad -x "unknown option -x"
bad -Z "unknown option -Z"
bad -fx "unknown option -x"
bad -w -q "unknown option -q"
bad -L "unknown option -L"
bad -h "option -h needs an address"
bad -f -h "option -h needs an address"
bad -fh "option -h needs an address"
bad -h 0.0.0.0 "every address"
bad -h :: "every address"
bad -h 1.2.3.4.5 "1.2.3.4.5"
bad --warm "unknown option --warm"
bad -w stray "stray"
bad - "'-'"

# -v and --version: print, exit 0, open nothing.
out=$("$RPCBINDD" -v 2>&1); rc=$?
check_eq "-v: exit 0, 'rpcbindd VERSION' then a features line" \
	"0 rpcbindd $VERSION" "$rc $(printf '%s\n' "$out" | head -n 1)"
check_grep "-v: the features line" '^features: .*warm start' "$out"
check_eq "-v: two lines" 2 "$(printf '%s\n' "$out" | wc -l)"
out=$("$RPCBINDD" -fwv 2>&1); rc=$?
check_eq "-fwv (clustered): prints the version, exit 0" "0 rpcbindd $VERSION" \
	"$rc $(printf '%s\n' "$out" | head -n 1)"
check_fail "-v opened nothing (no /run/rpcbind.sock, no state dir)" \
	test -e /run/rpcbind.sock -o -e /run/rpcbind
out=$("$RPCBINDD" --help 2>&1); rc=$?
check_eq "--help: exit 0" 0 "$rc"
check_grep "--help lists every rpcbind flag" '^usage: rpcbindd \[-adfilrsvw\]' "$out"

# --- -a: with -d, a fatal error aborts (core dump) instead of exit 1 ---------
# The state directory cannot be made under /proc: fatal after the sockets.
st() { ( ulimit -c 0; exec "$RPCBINDD" "$@" --state-dir=/proc/nonexistent/x ) >"$T/a.log" 2>&1; echo $?; }
check_eq "-d -a, fatal error: killed by SIGABRT (134)" 134 "$(st -d -a)"
check_grep "...after logging it" 'cannot use the state directory /proc/nonexistent/x' "$(cat "$T/a.log")"
check_eq "-da (clustered): SIGABRT too" 134 "$(st -da)"
check_eq "-d alone, same error: exit 1" 1 "$(st -d)"
check_eq "-a without -d: exit 1 (abort only in debug mode)" 1 "$(st -a -f)"
check_eq "neither: exit 1" 1 "$(st -f)"
rm -f /run/rpcbind.sock /run/rpcbind.lock

# --- -f, -s, -d, -l, -r -------------------------------------------------------
# Without -f: stays in the foreground (never forks), logs to syslog, not stderr.
"$RPCBINDD" >"$T/nof.log" 2>&1 &
DPID=$!
if wait_until 5 portmapper_up; then ok "without -f: serves"; else not_ok "without -f: serves"; fi
check "...from the process that was started (no fork)" kill -0 "$DPID"
check_eq "...and logs nothing to stdout/stderr" "" "$(cat "$T/nof.log")"
daemon_stop
check_eq "...exit 0 on SIGTERM" 0 "$?"

daemon_start -s
check_grep "-s: accepted; the daemon runs as _rpc anyway" "^Uid:[[:space:]]+$(id -u _rpc)[[:space:]]" \
	"$(cat /proc/$DPID/status)"
check_grep "-f: logs to stderr" 'rpcbindd: serving ' "$(log)"
check_eq "(a registration without -d)" TRUE "$(rb set 300001 1 udp 0.0.0.0.117.49 2>&1)"
check_eq "(a GETPORT without -l)" 30001 "$(rb -T udp -V 2 rgetaddr 300001 1 udp 2>&1)"
daemon_stop
check_fail "without -d: no SET/UNSET line" grep -q 'SET 300001' "$T/daemon.log"
check_fail "without -l: no call line" grep -q 'call from' "$T/daemon.log"

daemon_start -d
check_eq "-d: SET over the local socket" TRUE "$(rb set 300001 1 udp 0.0.0.0.117.49 2>&1)"
check_eq "-d: UNSET" TRUE "$(rb unset 300001 1 2>&1)"
check_eq "-d: a v2 SET over TCP from a reserved port (root)" TRUE \
	"$(rb -T tcp -V 2 rset 300002 1 udp 0.0.0.0.117.50 2>&1)"
daemon_stop
check_grep "-d logs the v3 SET" 'rpcb v3 SET 300001/1 udp 0\.0\.0\.0\.117\.49 by superuser: ok' "$(log)"
check_grep "-d logs the v3 UNSET" 'rpcb v3 UNSET 300001/1 \(all\) .*by superuser: ok' "$(log)"
check_grep "-d logs the v2 SET" 'pmap SET 300002/1 prot 17 port 30002 by unknown: ok' "$(log)"

daemon_start -l
for i in $(seq 1 25); do rb -T udp -V 2 rgetaddr 100000 2 udp >/dev/null 2>&1; done
rb -T tcp -V 4 rgetaddr 100000 4 tcp >/dev/null 2>&1
daemon_stop
check_grep "-l: 'call from ... over udp: PMAP v2 GETPORT'" \
	'call from 127\.0\.0\.1 over udp: PMAP v2 GETPORT' "$(log)"
n=$(grep -c 'call from' "$T/daemon.log")
if [ "$n" -ge 1 ] && [ "$n" -le 10 ]; then ok "-l is rate-limited: $n call lines for 26 calls"
else not_ok "-l is rate-limited: $n call lines for 26 calls"; fi

daemon_start -r
check_grep "-r: remote calls are announced as forwarded" 'remote calls forwarded' "$(log)"
daemon_stop
daemon_start
check_fail "without -r: not announced" grep -q 'remote calls forwarded' "$T/daemon.log"
daemon_stop

# -w clustered (t60 tests warm start itself).
daemon_start
rb set 300003 1 tcp 0.0.0.0.117.51 >/dev/null 2>&1
wait_until 1 test -s /run/rpcbind/rpcbindd.state
daemon_stop
daemon_start -fw
check_grep "-fw (clustered): warm start" 'warm start: restored 1 registrations' "$(log)"
check_eq "...the entry is back" "300003 1 tcp 0.0.0.0.117.51 superuser" "$(others4)"
daemon_stop
rm -rf /run/rpcbind

# --- -i: registrations over loopback from an unprivileged port ---------------
daemon_start
out=$(rb_nobody -T tcp -V 4 rset 300010 1 udp 0.0.0.0.117.60 2>&1)
check_grep "no -i: uid 65534's v4 SET over TCP loopback is refused with AUTH_TOOWEAK" \
	'Authentication error.*too weak' "$out"
out=$(rb_nobody -T udp -V 2 rset 300011 1 udp 0.0.0.0.117.61 2>&1)
check_grep "no -i: uid 65534's v2 SET over UDP loopback is refused" 'Authentication error' "$out"
out=$(rb_nobody -T tcp6 -V 3 rset 300012 1 tcp 0.0.0.0.117.62 2>&1)
check_grep "no -i: uid 65534's v3 SET over TCP ::1 is refused" 'Authentication error' "$out"
check_eq "...nothing was registered" "" "$(others4)"
check_grep "...the refusal is logged" 'refused RPCBIND v4 SET from 127\.0\.0\.1 over tcp \(registration from an unprivileged port\)' "$(log)"
check_eq "no -i: root over TCP loopback (reserved port) may SET" TRUE \
	"$(rb -T tcp -V 4 rset 300013 1 udp 0.0.0.0.117.63 2>&1)"
check_eq "no -i: uid 65534 over the local socket may SET (its own entry)" TRUE \
	"$(rb_nobody set 300014 1 udp 0.0.0.0.117.64 2>&1)"
daemon_stop

net_setup
daemon_start -i -h "$SRV_LAN4" -h "$SRV_LAN6"
check_eq "-i: uid 65534's v4 SET over TCP loopback is accepted" TRUE \
	"$(rb_nobody -T tcp -V 4 rset 300010 1 udp 0.0.0.0.117.60 2>&1)"
check_eq "-i: uid 65534's v2 SET over UDP loopback is accepted" TRUE \
	"$(rb_nobody -T udp -V 2 rset 300011 1 udp 0.0.0.0.117.61 2>&1)"
check_eq "-i: uid 65534's v3 SET over TCP ::1 is accepted" TRUE \
	"$(rb_nobody -T tcp6 -V 3 rset 300012 1 tcp 0.0.0.0.117.62 2>&1)"
check_eq "-i: DUMP shows the three (owner unknown: not from the local socket)" \
	"300010 1 udp 0.0.0.0.117.60 unknown
300011 1 udp 0.0.0.0.117.61 unknown
300012 1 tcp 0.0.0.0.117.62 unknown" "$(others4)"
out=$(on_lan "$RPCBTOOL" -t 3 -H "$SRV_LAN4" -T tcp -V 4 rset 300020 1 udp 0.0.0.0.117.70 2>&1)
check_grep "-i: a SET from another host (LAN, TCP, root's reserved port) is refused" \
	'Authentication error' "$out"
out=$(on_lan setpriv --reuid=65534 --regid=65534 --clear-groups "$RPCBTOOL" -t 3 -H "$SRV_LAN4" -T tcp -V 2 rset 300021 1 udp 0.0.0.0.117.71 2>&1)
check_grep "-i: a v2 SET from another host (unprivileged port) is refused" 'Authentication error' "$out"
out=$(on_lan "$RPCBTOOL" -t 2 -H "$SRV_LAN4" -T udp -V 2 rset 300022 1 udp 0.0.0.0.117.72 2>&1)
check_fail "-i: a v2 SET over UDP from another host gets no TRUE" test "$out" = TRUE
out=$(on_lan "$RPCBTOOL" -t 3 -H "$SRV_LAN6" -T tcp6 -V 3 rset 300023 1 udp 0.0.0.0.117.73 2>&1)
check_grep "-i: a v3 SET over TCP/IPv6 from another host is refused" 'Authentication error' "$out"
out=$(on_lan "$RPCBTOOL" -t 3 -H "$SRV_LAN4" -T tcp -V 4 runset 300010 1 2>&1)
check_grep "-i: an UNSET from another host is refused" 'Authentication error' "$out"
check_eq "...DUMP unchanged: nothing from the LAN" 3 "$(others4 | wc -l)"
check_eq "(control: the LAN host reaches the daemon: GETPORT answers)" 30012 \
	"$(on_lan "$RPCBTOOL" -t 3 -H "$SRV_LAN4" -T udp -V 2 rgetaddr 300010 1 udp 2>&1)"
daemon_stop
net_cleanup

# --- the lock file -----------------------------------------------------------
daemon_start
check_eq "(a registration in the first daemon)" TRUE "$(rb set 300030 1 udp 0.0.0.0.117.80 2>&1)"
check "the lock file exists" test -f /run/rpcbind.lock
first=$DPID
out=$(timeout 5 "$RPCBINDD" -f 2>&1); rc=$?
check_eq "a second rpcbindd: exit 1, one line" "1 rpcbindd: $LOCKMSG" "$rc $out"
out=$(timeout 5 "$RPCBINDD" -f -w -d -h 127.0.0.2 2>&1); rc=$?
check_eq "a second rpcbindd -w -d -h: the same" "1 rpcbindd: $LOCKMSG" "$rc $out"
out=$(timeout 5 strace -f -e trace=socket,bind,listen,mkdir,openat "$RPCBINDD" -f -w 2>&1)
check_grep "(strace saw the lock message)" "$LOCKMSG" "$out"
check_eq "...no IP socket, bind, listen or mkdir before the lock message" "" \
	"$(printf '%s\n' "$out" | sed "/$LOCKMSG/,\$d" | grep -E '^(\[pid +[0-9]+\] )?(socket\(AF_INET|bind\(|listen\(|mkdir\()')"
check_eq "...nor the state file opened" "" \
	"$(printf '%s\n' "$out" | sed "/$LOCKMSG/,\$d" | grep -E 'rpcbindd\.state|rpcbind\.xdr')"
if have_ref; then
	out=$(timeout 5 "$REF_RPCBIND" -f -w 2>&1); rc=$?
	check_eq "Debian's rpcbind started over it: exit 1 on the same lock" "1 rpcbind: $LOCKMSG" "$rc $out"
fi
check_eq "the first still runs" "$first" "$(kill -0 "$first" 2>/dev/null && echo "$first")"
check "...and answers over udp, tcp and the local socket" portmapper_up
check_eq "...with its registration" "300030 1 udp 0.0.0.0.117.80 superuser" "$(others4)"
check_eq "...and still registers" TRUE "$(rb set 300031 1 udp 0.0.0.0.117.81 2>&1)"
check "...and the socket file is still its own (rpcinfo over it)" sh -c 'rpcinfo | grep -q 300031'
# SIGKILL leaves the file behind; a lock file is not a held lock.
kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=""
check "after SIGKILL the lock file is still there" test -e /run/rpcbind.lock
daemon_start -w
check_grep "...yet a new daemon starts (flock dies with its holder) and restores" \
	'warm start: restored 2 registrations' "$(log)"
daemon_stop
if have_ref; then
	ref_start
	out=$(timeout 5 "$RPCBINDD" -f 2>&1); rc=$?
	check_eq "rpcbindd started while Debian's rpcbind runs: exit 1 on its lock" \
		"1 rpcbindd: $LOCKMSG" "$rc $out"
	check "...rpcbind still answers" portmapper_up
	daemon_stop
fi
done_testing
