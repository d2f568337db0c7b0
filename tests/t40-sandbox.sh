#!/bin/bash
# t40-sandbox: least privilege. The daemon's own filter kills forbidden
# calls (sbtry installs it, then tries one); the running daemon has no root
# uid, no capability in any set, no_new_privs and a seccomp filter; bad
# sandbox options are refused before anything is opened.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

SB=$TESTBIN/sandbox/sbtry
[ -x "$SB" ] || bail "missing $SB (make check builds it)"

# try MODE ACTION EXPECTED-STATUS DESC
try() {
	local out rc
	out=$("$SB" "$1" "$2" 2>&1); rc=$?
	if [ "$rc" = "$3" ]; then ok "$4"; else
		not_ok "$4"; printf 'status %s, wanted %s\n%s\n' "$rc" "$3" "$out" | diag
	fi
}
SIGSYS_STATUS=$((128 + 31))
for a in execve fork listen bind socket-inet ptrace mprotect-exec mmap-exec setuid; do
	try kill "$a" $SIGSYS_STATUS "filter (kill): $a dies with SIGSYS"
done
for a in write socket-unix malloc openat; do
	try kill "$a" 0 "filter (kill): $a is allowed (or refused with EACCES)"
done
try log ptrace 3 "filter (log): ptrace runs and returns (logged, not stopped)"

# The running daemon.
daemon_start
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
check_eq "the state directory is the user's, mode 700" "_rpc 700" \
	"$(stat -c '%U %a' /run/rpcbind)"
check "it still answers over every transport" \
	sh -c 'rpcinfo -T udp 127.0.0.1 100000 2 && rpcinfo -T tcp6 ::1 100000 4 && rpcinfo >/dev/null'
daemon_stop
check_eq "it exits 0 on SIGTERM" 0 "$?"

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
