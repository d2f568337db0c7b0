#!/bin/bash
# t40-sandbox: least privilege. The daemon's own filter kills forbidden
# calls (sbtry installs it, then tries one): no new connection, no file
# made outside the state directory; the running daemon has no root uid, no
# capability in any set, no_new_privs, a seccomp filter and no descriptor
# inherited from its parent; it still logs to syslog; bad sandbox options
# are refused before anything is opened.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

SB=$TESTBIN/sandbox/sbtry
LS=$TESTBIN/sandbox/logsink
[ -x "$SB" ] && [ -x "$LS" ] || bail "missing $SB or $LS (make check builds them)"
need_cmd unshare
SD=$T/sd	# plays the state directory for sbtry
mkdir "$SD" "$T/outside"

# try MODE ACTION EXPECTED-STATUS DESC [ARG]
try() {
	local out rc
	out=$("$SB" "$1" "$2" "$SD" ${5:+"$5"} 2>&1); rc=$?
	if [ "$rc" = "$3" ]; then ok "$4"; else
		not_ok "$4"; printf 'status %s, wanted %s\n%s\n' "$rc" "$3" "$out" | diag
	fi
}
SIGSYS_STATUS=$((128 + 31))
for a in fork listen bind socket-inet ptrace mprotect-exec mmap-exec setuid \
    openat-cwd renameat-cwd renameat-to rename; do
	try kill "$a" $SIGSYS_STATUS "filter (kill): $a dies with SIGSYS"
done
# execve of a program that, if it ran, would print "execed" using only
# calls the filter allows: dying with SIGSYS and printing nothing is the
# execve refused, not the new program killed later.
EM=$TESTBIN/sandbox/execmark
try none execve 0 "control: without the filter, execve runs execmark" "$EM"
check_eq "...which prints its mark" execed "$("$SB" none execve "$SD" "$EM" 2>&1)"
try kill execve $SIGSYS_STATUS "filter (kill): execve dies with SIGSYS" "$EM"
check_eq "...before execmark could run (no mark)" "" "$("$SB" kill execve "$SD" "$EM" 2>&1)"
for a in write malloc openat; do
	try kill "$a" 0 "filter (kill): $a is allowed (or refused with EACCES)"
done
try kill socket-unix 0 "filter (kill): socket(AF_UNIX) is refused with EACCES, not allowed, not fatal"
try kill openat-dir 0 "filter (kill): a file is created, synced and renamed in the state directory"
check "...and it is there" test -f "$SD/sbtry.out"
try log ptrace 3 "filter (log): ptrace runs and returns (logged, not stopped)"

# The doors the review found: a root-owned abstract socket in the same
# network namespace, and a directory descriptor inherited from the shell.
# Each is shown open without the filter (mode none), then shut with it.
probe=rpcbt-probe-$$
"$LS" "@$probe" 30 >"$T/probe.out" 2>&1 & lspid=$!
wait_until 5 grep -q listening "$T/probe.out" || bail "logsink did not start"
try none connect 0 "control: without the filter, connecting to root's abstract socket works" "$probe"
try kill connect $SIGSYS_STATUS "filter (kill): connecting to root's abstract socket dies with SIGSYS" "$probe"
kill "$lspid"; wait "$lspid" 2>/dev/null
exec 200<"$T/outside"
try none openat-fd 0 "control: without the filter, an inherited directory fd creates a file" 200
check "...outside the state directory" test -f "$T/outside/sbtry-escaped"
rm -f "$T/outside/sbtry-escaped"
try kill openat-fd $SIGSYS_STATUS "filter (kill): creating a file through an inherited directory fd dies with SIGSYS" 200
check_fail "...and no file was made" test -e "$T/outside/sbtry-escaped"
exec 200<&-

# The running daemon, started with descriptors it must not keep: /dev/null
# on 10, a directory on 200, a pipe on 251.
exec 10</dev/null 200<"$T/outside" 251> >(exec cat >/dev/null)
catpid=$!
pipe=$(readlink /proc/$$/fd/251)
daemon_start
kept=""
for f in /proc/$DPID/fd/*; do
	n=${f##*/}
	[ "$n" -gt 2 ] || continue
	t=$(readlink "$f") || continue
	case $t in
	socket:*|anon_inode:\[eventpoll\]|/run/rpcbind.lock|/run/rpcbind) ;;
	*) kept="$kept $n:$t" ;;
	esac
done
check_eq "above 2 it holds only sockets, its epoll, the lock and the state directory" "" "$kept"
check_fail "...none is the inherited /dev/null, directory or pipe" \
	sh -c 'ls -l /proc/$1/fd | tail -n +2 | grep -v " [012] -> " | grep -F -e /dev/null -e "$2" -e "$3"' \
	sh "$DPID" "$T/outside" "$pipe"
# (A daemon that kept the pipe would keep cat waiting: stopped by its PID.)
exec 10<&- 200<&- 251>&-
kill "$catpid" 2>/dev/null; wait "$catpid" 2>/dev/null
st=$(cat /proc/$DPID/status)
field() { printf '%s\n' "$st" | awk -v f="$1:" '$1 == f { $1 = ""; print substr($0, 2) }'; }
rpc_uid=$(id -u _rpc)
check_eq "real, effective, saved and fs uid are _rpc's" \
	"$rpc_uid $rpc_uid $rpc_uid $rpc_uid" "$(field Uid | tr -s '\t ' ' ')"
check_grep "no gid is 0" '^[1-9][0-9]* [1-9][0-9]* [1-9][0-9]* [1-9][0-9]*$' \
	"$(field Gid | tr -s '\t ' ' ')"
check_eq "no supplementary groups" "" "$(field Groups | tr -d ' \t')"
for c in CapInh CapPrm CapEff CapBnd CapAmb; do
	check_eq "$c is empty" 0000000000000000 "$(field $c)"
done
check_eq "NoNewPrivs is set" 1 "$(field NoNewPrivs)"
check_eq "a seccomp filter is on (mode 2)" 2 "$(field Seccomp)"
check_grep "the log says the sandbox is on, filter in kill mode" \
	'sandbox: uid [0-9]+ gid [0-9]+, chroot /run/rpcbind, no capabilities, no_new_privs, seccomp kill' \
	"$(cat "$T/daemon.log")"
check_eq "its root is the state directory" /run/rpcbind "$(readlink /proc/$DPID/root)"
check_eq "the state directory is the user's, group root, mode 755 (only the user writes in it)" \
	"_rpc root 755" "$(stat -c '%U %G %a' /run/rpcbind)"
check "it still answers over every transport" \
	sh -c 'rpcinfo -T udp 127.0.0.1 100000 2 && rpcinfo -T tcp6 ::1 100000 4 && rpcinfo >/dev/null'
daemon_stop
check_eq "it exits 0 on SIGTERM" 0 "$?"

# Without -f the daemon logs to syslog through the socket openlog connected
# before the chroot; a fake /dev/log (a mount namespace of its own) shows
# lines logged after the filter is on. When syslogd goes away, syslog's
# attempt to reconnect is refused (socket) without killing the daemon.
"$LS" "$T/log.sock" 60 >"$T/syslog.out" 2>&1 & lspid=$!
wait_until 5 grep -q listening "$T/syslog.out" || bail "logsink did not start"
unshare -m --propagation private sh -c 'mount -t tmpfs -o mode=755 tmpfs /dev &&
	touch /dev/log && mount --bind "$1" /dev/log && shift && exec "$@"' \
	sh "$T/log.sock" "$RPCBINDD" >"$T/daemon.log" 2>&1 &
DPID=$!
wait_until 5 portmapper_up || { diag <"$T/daemon.log"; bail "rpcbindd did not come up"; }
check_grep "without -f: the lines after the filter reach syslog" \
	'rpcbindd\[[0-9]+\]: sandbox: uid .* seccomp kill' "$(cat "$T/syslog.out")"
kill -USR1 "$DPID"
if wait_until 5 grep -q 'counters: refused' "$T/syslog.out"; then
	ok "...and so does the counters line of a SIGUSR1"
else
	not_ok "...and so does the counters line of a SIGUSR1"; diag <"$T/syslog.out"
fi
kill "$lspid"; wait "$lspid" 2>/dev/null
rm -f "$T/log.sock"
kill -USR1 "$DPID"; sleep 0.5; kill -USR1 "$DPID"
check "syslogd gone: logging (a reconnection attempt) does not kill the daemon" \
	sh -c 'kill -0 "$1" && timeout -s KILL 3 rpcinfo -T udp 127.0.0.1 100000 2' sh "$DPID"
daemon_stop
check_eq "...and it exits 0 on SIGTERM" 0 "$?"

# Options of the sandbox: refused with one message, exit 1, before sockets.
out=$("$RPCBINDD" -f --user=nosuchuser 2>&1); rc=$?
check_eq "an unknown user: exit 1 with one message naming it" \
	"1 rpcbindd: user 'nosuchuser' does not exist (create it, or name another with --user)" "$rc $out"
check_fail "...and no socket was made" test -e /run/rpcbind.sock
out=$("$RPCBINDD" -f --user=root 2>&1); rc=$?
check_eq "root as the user is refused" "1 rpcbindd: user 'root' is root: the daemon must run unprivileged" "$rc $out"
out=$("$RPCBINDD" -f --seccomp=maybe 2>&1); rc=$?
check_eq "a bad --seccomp value is refused" \
	"1 rpcbindd: option --seccomp: 'maybe' is not kill, log or off" "$rc $out"

# Another user and state directory; the filter in log mode says so.
daemon_start --user=nobody --state-dir=/run/rpcbindd-alt --seccomp=log
check_eq "--user: runs as nobody" "$(id -u nobody)" "$(awk '$1 == "Uid:" { print $2 }' /proc/$DPID/status)"
check_eq "--state-dir: chrooted there" /run/rpcbindd-alt "$(readlink /proc/$DPID/root)"
check_grep "--seccomp=log is announced as a warning" \
	'seccomp filter is log: forbidden system calls are logged, not stopped' "$(cat "$T/daemon.log")"
daemon_stop
done_testing
