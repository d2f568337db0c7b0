#!/bin/bash
# t20-proto — wire-level protocol tests: tests/proto/rpcprobe sends hand-built
# PMAP v2 / RPCBIND v3 and v4 calls over UDP, TCP and the local socket and
# checks every reply field by field (see the comment at the top of
# rpcprobe.c). The probe prints TAP without a plan; this script adds its own
# checks (the daemon survived, stops cleanly) and the plan.
#
# Against the reference: RPCBINDD=/usr/sbin/rpcbind bash tests/t20-proto.sh
# (the probe then checks rpcbind's measured behaviour where ours differs on
# purpose). PROBE_ARGS adds probe options or section names.
. "$(dirname "$0")/lib.sh"
ns_enter "$@"

PROBE=${RPCPROBE:-$TESTBIN/proto/rpcprobe}
[ -x "$PROBE" ] || bail "missing $PROBE (make check builds it)"
case ${RPCBINDD##*/} in
rpcbind) target=rpcbind ;;
*) target=rpcbindd ;;
esac

daemon_start
"$PROBE" --target="$target" --no-plan ${PROBE_ARGS:-} | tee "$T/probe.tap"
prc=${PIPESTATUS[0]}
t_n=$(grep -cE '^(not )?ok ' "$T/probe.tap")
[ "$prc" = 0 ] || [ "$prc" = 1 ] || not_ok "rpcprobe ran to the end (status $prc)"

if kill -0 "$DPID" 2>/dev/null; then ok "daemon still running after the probe"; else not_ok "daemon still running after the probe"; fi
if [ "$target" = rpcbind ]; then
	daemon_stop
	ok "daemon stopped"
elif daemon_stop; then
	ok "daemon exits 0 on SIGTERM"
else
	not_ok "daemon exits 0 on SIGTERM"
	diag <"$T/daemon.log"
fi
done_testing
