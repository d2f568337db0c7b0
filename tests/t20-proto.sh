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

proto_init

daemon_start
proto_run ${PROBE_ARGS:-}

alive "after the probe"
if [ "$target" = rpcbind ]; then
	daemon_stop
	ok "daemon stopped"
else
	stop
fi
done_testing
