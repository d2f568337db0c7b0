#!/bin/bash
# t41-activation: systemd socket activation (the sockets of rpcbind.socket
# passed with LISTEN_FDS) and Type=notify readiness, with Debian's
# systemd-socket-activate standing in for systemd: one passes the UDP
# sockets, a second the TCP and local ones (it passes the first's through).
# Started as root the daemon drops to _rpc; started as _rpc itself (no root
# at any point) it runs with the same sandbox.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
need_cmd systemd-socket-activate
NW=$TESTBIN/sandbox/notifywait
[ -x "$NW" ] || bail "missing $NW"
B=$TESTBIN/clients/rpcbtool

APID=""
stop_activated() {
	[ -n "$APID" ] || return 0
	kill "$APID" 2>/dev/null
	wait "$APID" 2>/dev/null
	APID=""
}
trap 'stop_activated; cleanup' EXIT

# activate WRAPPER...: the two-stage activation running "WRAPPER... rpcbindd -f".
activate() {
	systemd-socket-activate -d -E NOTIFY_SOCKET=/run/rpcbt-notify \
		-l 127.0.0.1:111 -l '[::1]:111' \
		systemd-socket-activate -E NOTIFY_SOCKET=/run/rpcbt-notify -l 127.0.0.1:111 -l '[::1]:111' \
		-l /run/rpcbind.sock -l @/run/rpcbind.sock \
		"$@" "$RPCBINDD" -f >"$T/act.log" 2>&1 &
	APID=$!
}

# The daemon starts on the first datagram; it answers once it runs.
up() { rpcinfo -T udp 127.0.0.1 100000 2 && rpcinfo -T tcp 127.0.0.1 100000 4 && rpcinfo >/dev/null; }

fd250='d=$1; shift; exec "$@" 250<"$d"'
for who in root _rpc; do
	"$NW" /run/rpcbt-notify 10 >"$T/notify.out" & npid=$!
	wait_until 5 grep -q listening "$T/notify.out" || bail "notifywait did not start"
	# Besides the sockets, a directory on fd 250 from the stage before
	# the daemon: only the sockets may stay open.
	if [ $who = root ]; then activate bash -c "$fd250" bash "$T"; else
		activate bash -c "$fd250" bash "$T" \
			setpriv --reuid=_rpc --regid=nogroup --clear-groups --inh-caps=-all
	fi
	label="started as $who"
	if wait_until 10 up; then ok "$label: answers on the passed UDP, TCP and local sockets"
	else not_ok "$label: answers on the passed sockets"; diag <"$T/act.log"; fi
	check_grep "$label: it says the sockets came from systemd" \
		'serving udp 127.0.0.1 port 111, udp6 ::1 port 111, tcp 127.0.0.1 port 111, tcp6 ::1 port 111, local socket /run/rpcbind.sock, abstract socket @/run/rpcbind.sock \(sockets from systemd\)' \
		"$(cat "$T/act.log")"
	wait "$npid"
	check_grep "$label: READY=1 reaches NOTIFY_SOCKET" '^READY=1$' "$(cat "$T/notify.out")"
	check_eq "$label: the abstract socket takes a kernel-style v4 SET" TRUE \
		"$("$B" -t 3 -A -V 4 rset 100003 3 tcp 0.0.0.0.8.1 0 2>&1)"
	check_grep "$label: registered as superuser" '^100003 3 tcp 0.0.0.0.8.1 superuser$' \
		"$("$B" -t 3 -V 4 dump 2>&1)"
	dpid=$APID	# every stage execs the next: the same process
	check_fail "$label: the directory on fd 250 is not kept" test -e /proc/$dpid/fd/250
	st=$(cat /proc/$dpid/status 2>/dev/null)
	check_eq "$label: runs as _rpc" "$(id -u _rpc)" "$(printf '%s\n' "$st" | awk '$1 == "Uid:" { print $2 $3 $4 $5 == $2 $2 $2 $2 ? $2 : "mixed" }')"
	check_eq "$label: no capability, no_new_privs, seccomp" "0000000000000000 1 2" \
		"$(printf '%s\n' "$st" | awk '$1 == "CapEff:" { c = $2 } $1 == "NoNewPrivs:" { n = $2 } $1 == "Seccomp:" { s = $2 } END { print c, n, s }')"
	stop_activated
	rm -f /run/rpcbind.sock
done

done_testing
