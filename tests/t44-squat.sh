#!/bin/bash
# t44-squat: the abstract socket "\0/run/rpcbind.sock" is first come, first
# served. When an unprivileged user holds it before the daemon starts,
# rpcbindd exits 1 with one line naming the holder's pid, uid and name
# (the kernel would register nfsd/lockd with that process); once the
# holder is gone the daemon starts and serves the name itself. The hint
# "is another portmapper (rpcbind) running?" comes only when an IP port is
# taken, not for other failures (port 111 refused to an unprivileged start).
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd setpriv
need_cmd timeout
B=$RPCBTOOL
need_exe "$B"

QPID=""
stop_squatter() { stop_pid "$QPID"; QPID=""; }
trap 'stop_squatter; cleanup' EXIT

# setpriv execs the helper: its pid is the squatter's. Up to 60 s; stopped
# long before.
setpriv --reuid=65534 --regid=65534 --clear-groups "$B" -t 60 squat >"$T/squat.out" 2>&1 &
QPID=$!
wait_until 5 grep -q '^ready' "$T/squat.out" || { diag <"$T/squat.out"; bail "the squatter did not start"; }
check_eq "the squatter reports its own pid" "ready $QPID" "$(head -n1 "$T/squat.out")"

# The daemon gives up at once; 20 s bounds a daemon that would serve.
rc=0
timeout 20 "$RPCBINDD" -f >"$T/daemon.log" 2>&1 || rc=$?
check_eq "rpcbindd -f exits 1 when the abstract name is held" 1 "$rc"
out=$(cat "$T/daemon.log")
check_grep "the message names the holder's pid and uid" \
	"abstract socket @/run/rpcbind\.sock is held by pid $QPID \(uid 65534, name rpcbtool\)" "$out"
check_grep "and says what to do" "stop that process \(or start rpcbindd by socket activation" "$out"
check_eq "one line only" 1 "$(printf '%s\n' "$out" | grep -c .)"
check "the squatter still holds the name (the daemon did not disturb it)" kill -0 "$QPID"
rm -f /run/rpcbind.sock /run/rpcbind.lock

stop_squatter
daemon_start
check "with the squatter gone the daemon serves the abstract name" "$B" -t 3 -A -V 4 null
check_grep "and announces it" "abstract socket @/run/rpcbind\.sock" "$(cat "$T/daemon.log")"
if daemon_stop; then ok "daemon exits 0 on SIGTERM"; else not_ok "daemon exits 0 on SIGTERM"; fi

# --- the hint about another portmapper only when a port is taken -------------
# Another failure than a taken port: started as nobody (with a state
# directory of its own), the daemon may not bind port 111.
rc=0
mkdir -p /run/sd-nobody && chown 65534:65534 /run/sd-nobody && chmod 755 /run/sd-nobody
timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$RPCBINDD" -f --state-dir=/run/sd-nobody >"$T/noaddr.log" 2>&1 || rc=$?
out=$(cat "$T/noaddr.log")
check_eq "started unprivileged, port 111 refused: exit 1" 1 "$rc"
check_grep "  the reason is given" "Permission denied" "$out"
check_fail "  and no talk of another portmapper" grep -q "another portmapper" "$T/noaddr.log"
rm -rf /run/rpcbind.sock /run/rpcbind.lock /run/sd-nobody

"$B" -t 60 udpsink 127.0.0.1 111 >"$T/holder.out" 2>&1 &
QPID=$!
wait_until 5 grep -q '^ready' "$T/holder.out" || bail "the port holder did not start"
rc=0
timeout 20 "$RPCBINDD" -f >"$T/inuse.log" 2>&1 || rc=$?
check_eq "udp 127.0.0.1 port 111 taken: exit 1" 1 "$rc"
check_grep "  the port is named" "udp 127\.0\.0\.1 port 111: Address already in use" "$(cat "$T/inuse.log")"
check_grep "  and another portmapper suggested" "is another portmapper \(rpcbind\) running\?" "$(cat "$T/inuse.log")"
stop_squatter
done_testing
