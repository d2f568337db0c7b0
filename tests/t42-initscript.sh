#!/bin/bash
# t42-initscript: the sysvinit script starts, reports, restarts (keeping
# registrations: -w is its default) and stops the daemon, with options from
# /etc/default/rpcbind as rpcbind's script reads them.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
need_cmd start-stop-daemon
script=$top_builddir/init/rpcbindd.init
[ -x "$script" ] || bail "missing $script (make builds it)"
B=$TESTBIN/clients/rpcbtool

# The script as installed, but for the daemon's path; our own defaults
# file over the host's (this mount namespace is private).
sed "s|^DAEMON=.*|DAEMON=$RPCBINDD|" "$script" > "$T/init"
chmod +x "$T/init"
mkdir -p /etc/default
printf 'OPTIONS="-w -l"\n' > "$T/default"
touch /etc/default/rpcbind 2>/dev/null
mount --bind "$T/default" /etc/default/rpcbind || bail "cannot bind-mount the defaults"
stop_all() { "$T/init" stop >/dev/null 2>&1; umount /etc/default/rpcbind 2>/dev/null; }
trap 'stop_all; cleanup' EXIT

check "start succeeds" "$T/init" start
check "the daemon answers after start" wait_until 5 portmapper_up
out=$("$T/init" status); rc=$?
check_eq "status: running, exit 0" "0 rpcbindd is running" "$rc $out"
pid=$(cat /run/rpcbindd.pid)
check_grep "it was started with the defaults file's options" '(^| )-w( |$).*-l|-l.*-w' \
	"$(tr '\0' ' ' < /proc/$pid/cmdline)"
check_eq "a registration" TRUE "$("$B" -t 3 set 100003 3 tcp 0.0.0.0.8.1 2>&1)"
check "start again is a no-op" "$T/init" start
check_eq "...with the same daemon" "$pid" "$(cat /run/rpcbindd.pid)"
check "restart succeeds" "$T/init" restart
check "the daemon answers after restart" wait_until 5 portmapper_up
check_grep "the registration survived the restart (-w)" '^100003 3 tcp 0.0.0.0.8.1 superuser$' \
	"$("$B" -t 3 -V 4 dump 2>&1)"
check "stop succeeds" "$T/init" stop
out=$("$T/init" status); rc=$?
check_eq "status: not running, exit 3" "3 rpcbindd is not running" "$rc $out"
check_fail "nothing answers after stop" rpcinfo -T udp 127.0.0.1 100000 2
# Debian's rpcbind serving port 111: start says so and fails (it used to
# exit 0 with no daemon).
need_cmd ss
ref_start -w
out=$("$T/init" start 2>&1); rc=$?
check_eq "start with rpcbind on port 111: exit 1" 1 "$rc"
check_grep "...saying port 111 is in use" 'port 111 is in use' "$out"
daemon_stop
# A daemon that exits at once (a bad option) is a failed start.
printf 'OPTIONS="-w --no-such-option"\n' > "$T/default"
out=$("$T/init" start 2>&1); rc=$?
check_eq "start of a daemon that exits at once: exit 1" 1 "$rc"
check_grep "...saying it exited" 'exited at start' "$out"
check_grep "the header provides rpcbindd only (not rpcbind's \$portmap)" '^# Provides: +rpcbindd$' \
	"$(cat "$T/init")"
out=$("$T/init" bogus 2>&1); rc=$?
check_eq "an unknown action: usage, exit 2" "2" "$rc"
done_testing
