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

proto_init

# A TCP idle timeout of 2 s, well below the probe's 8 s of silence: the
# local connections must outlive it (the kernel keeps its one for ever).
if [ "$target" = rpcbindd ]; then daemon_start --idle-timeout=2; else daemon_start; fi
proto_run --idle="${PROBE_IDLE:-8}" kernel

alive "after the probe"
stop
done_testing
