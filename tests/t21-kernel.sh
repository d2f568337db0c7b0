#!/bin/bash
# t21-kernel — the Linux kernel's rpcbind client (net/sunrpc/rpcb_clnt.c),
# replayed by tests/proto/rpcprobe: on one connection to the abstract socket
# "\0/run/rpcbind.sock" (nfsd's registrations) and one to the path socket
# (lockd's), a v2 NULL ping with AUTH_NONE, a v4 NULL ping, v4 SETs for udp,
# tcp, udp6 and tcp6 with r_owner "0" (DUMP must show "superuser", from
# SO_PEERCRED); lookups over UDP 127.0.0.1 and ::1; then PROBE_IDLE seconds
# (default 8) of silence, which must not close either connection although
# the TCP idle timeout is 2 s; then a v4
# UNSET and an "unregister all" on the same connections.
#
# Against the reference: RPCBINDD=/usr/sbin/rpcbind bash tests/t21-kernel.sh
# (rpcbind 1.2.6 has no abstract socket: that part runs on the path socket).
. "$(dirname "$0")/lib.sh"
ns_enter "$@"

PROBE=${RPCPROBE:-$TESTBIN/proto/rpcprobe}
[ -x "$PROBE" ] || bail "missing $PROBE (make check builds it)"
case ${RPCBINDD##*/} in
rpcbind) target=rpcbind ;;
*) target=rpcbindd ;;
esac

# A TCP idle timeout of 2 s, well below the probe's 8 s of silence: the
# local connections must outlive it (the kernel keeps its one for ever).
if [ "$target" = rpcbindd ]; then daemon_start --idle-timeout=2; else daemon_start; fi
"$PROBE" --target="$target" --no-plan --idle="${PROBE_IDLE:-8}" kernel | tee "$T/probe.tap"
prc=${PIPESTATUS[0]}
t_n=$(grep -cE '^(not )?ok ' "$T/probe.tap")
[ "$prc" = 0 ] || [ "$prc" = 1 ] || not_ok "rpcprobe ran to the end (status $prc)"

if kill -0 "$DPID" 2>/dev/null; then ok "daemon still running after the probe"; else not_ok "daemon still running after the probe"; fi
if daemon_stop; then ok "daemon exits 0 on SIGTERM"; else not_ok "daemon exits 0 on SIGTERM"; diag <"$T/daemon.log"; fi
done_testing
