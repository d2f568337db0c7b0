/*
 * bounds.h — every fixed maximum of rpcbindd in one place.
 *
 * Nothing in the daemon allocates in proportion to what a packet claims:
 * strings are copied into buffers of these sizes after their declared length
 * has been checked, records and tables have caps, and memory stays flat
 * whatever a peer sends.
 */
#ifndef RPCBINDD_BOUNDS_H
#define RPCBINDD_BOUNDS_H

/* Longest netid in /etc/netconfig is "ticots_ord" (10); 32 is generous. */
#define RB_NETID_MAX		32
/* A universal address: IPv6 text (45) + ".p1.p2" (8), or a sun_path (107). */
#define RB_UADDR_MAX		128
/* An owner string: "superuser", "unknown" or a decimal uid. */
#define RB_OWNER_MAX		32
/* RFC 5531: a credential or verifier body is at most 400 bytes. */
#define RB_AUTH_MAX		400
/* Arguments forwarded by CALLIT/INDIRECT (libtirpc's UDP message size). */
#define RB_RMTARGS_MAX		8800

/* Registry: entries in all, and per non-root owner. Root keeps a reserve so
 * local users filling their quota can never lock the kernel out. */
#define RB_REG_MAX		1024
#define RB_REG_ROOT_RESERVE	256
#define RB_REG_PER_OWNER	128

/* Datagrams: receive buffer and largest reply we send over UDP. */
#define RB_UDP_MAX		9000
#define RB_UDP_REPLY_MAX	65000
/* Stream records: largest request record accepted, largest reply built. */
#define RB_RECORD_MAX		(RB_RMTARGS_MAX + 1024)
#define RB_REPLY_MAX		(256 * 1024)

/* Connections: TCP ones are evicted (oldest idle first) at the cap and
 * closed after an idle timeout; local-socket ones never time out (the
 * kernel keeps one open for ever) and have a cap of their own. */
#define RB_TCP_CONN_MAX		1024
#define RB_LOCAL_CONN_MAX	256
/* A user holding local connections (they never time out) must not lock
 * out root, i.e. the kernel's nfsd/lockd and rpc.statd: each non-root uid
 * may hold this many, and this many of the cap are root's alone. */
#define RB_LOCAL_PER_UID	32
#define RB_LOCAL_ROOT_RESERVE	32
#define RB_TCP_IDLE_SECONDS	30

/* Listeners: configured addresses, each UDP + TCP, plus the local sockets. */
#define RB_LISTEN_MAX		64

/* Networks in one allow list (--allow-dump, --allow-lookups). */
#define RB_NETS_MAX		64

/* Rate limiting of UDP replies to remote sources: buckets per source
 * prefix (IPv4 /24, IPv6 /56), defaults per second and burst, and a
 * global backstop of RB_RATE_GLOBAL_FACTOR times the per-prefix figures. */
#define RB_RATE_TABLE		4096
#define RB_RATE_DEFAULT		1000
#define RB_RATE_BURST_DEFAULT	2000
#define RB_RATE_GLOBAL_FACTOR	25

/* Remote calls in flight, and how long one waits for the service. */
#define RB_FORWARD_MAX		64
#define RB_FORWARD_TIMEOUT_MS	3000

/* GETSTAT: per-version (prog, vers, netid) rows kept. */
#define RB_STAT_ROWS		32

/* Without close_range, inherited descriptors are closed one by one up to
 * the descriptor limit, or up to this when the limit is unlimited. */
#define RB_FD_CLOSE_MAX		65536

#endif
