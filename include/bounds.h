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

/* Registry: entries in all. Root (the kernel's nfsd and lockd) keeps a
 * reserve; every uid that is neither root nor a service user (--service-users,
 * rpc.statd's) counts against one shared cap, so no number of uids can take
 * the room of root or the service users, who keep RB_REG_MAX -
 * RB_REG_ROOT_RESERVE - RB_REG_OTHERS_MAX (512) between them. Any non-root
 * owner has at most RB_REG_PER_OWNER (a full NFS server is 40 entries). */
#define RB_REG_MAX		1024
#define RB_REG_ROOT_RESERVE	256
#define RB_REG_OTHERS_MAX	256
#define RB_REG_PER_OWNER	128
/* Service users named by --service-users (a few daemons' users). */
#define RB_SERVICE_USERS_MAX	16

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
 * out root (the kernel's nfsd/lockd) or the service users (rpc.statd): each
 * non-root uid may hold RB_LOCAL_PER_UID, the other users (neither root nor
 * service users) RB_LOCAL_OTHERS_MAX together, and RB_LOCAL_ROOT_RESERVE of
 * the cap are root's alone; the service users keep the remaining 96. */
#define RB_LOCAL_PER_UID	32
#define RB_LOCAL_ROOT_RESERVE	32
#define RB_LOCAL_OTHERS_MAX	128
/* Loopback TCP connections (local, like the socket) have a share of their
 * own, as large as the remote cap up to this, so a remote flood at the TCP
 * cap can never close them. */
#define RB_TCP_LOOPBACK_MAX	256
/* Remote TCP connections one source (an IPv4 address, an IPv6 /64) may
 * hold: a client needs one or two, and one host cannot take the whole
 * cap and push everyone else out by eviction. */
#define RB_TCP_PER_SOURCE	64
#define RB_TCP_IDLE_SECONDS	30

/* Listeners: configured addresses, each UDP + TCP, plus the local sockets. */
#define RB_LISTEN_MAX		64
/* Connections the kernel queues on a listening socket before the loop
 * accepts them (Linux caps it at net.core.somaxconn). */
#define RB_LISTEN_BACKLOG	128
/* A foreign holder of the abstract socket is named in the error: the
 * path of its /proc/PID/comm and its command name (the kernel's are 16
 * bytes). */
#define RB_COMM_MAX		64
/* A host name given to -h: the longest text form of a DNS name (RFC 1035);
 * interface names (IFNAMSIZ) are shorter. */
#define RB_HOSTNAME_MAX		253

/* Networks in one allow list (--allow-dump, --allow-lookups), and one
 * network as text (an IPv6 address and "/128" fit). */
#define RB_NETS_MAX		64
#define RB_NET_TEXT_MAX		63

/* Rate limiting of UDP replies to remote sources: buckets per source
 * prefix (IPv4 /24, IPv6 /56), defaults per second and burst, and a
 * global backstop of RB_RATE_GLOBAL_FACTOR times the per-prefix figures. */
#define RB_RATE_TABLE		4096
#define RB_RATE_DEFAULT		1000
#define RB_RATE_BURST_DEFAULT	2000
#define RB_RATE_GLOBAL_FACTOR	25
/* What buckets pushed out of the table still owe, by hash slot: as many
 * slots as buckets, 8 bytes each (a colliding newcomer starts empty). */
#define RB_RATE_SUMMARY		4096
/* A prefix never seen starts with burst / this: the defaults' 500 answer a
 * LAN's mount storm at once, and a spoofer gets a quarter burst, not one. */
#define RB_RATE_START_DIV	4

/* Remote calls in flight, and how long one waits for the service. */
#define RB_FORWARD_MAX		64
#define RB_FORWARD_TIMEOUT_MS	3000
/* Hosts remote calls may go to besides loopback: every served address, or
 * every address of the host under a wildcard listener (more are refused). */
#define RB_FORWARD_HOSTS_MAX	256

/* hosts.allow / hosts.deny, read once at start: tcp_wrappers' own line
 * buffer (a longer rule is one it would cut), the rules for rpcbind and
 * their client patterns kept (more fails closed), the file size read, and
 * the parser's notes kept for the log. */
#define RB_HOSTS_LINE_MAX	2048
#define RB_HOSTS_RULES_MAX	256
#define RB_HOSTS_PATTERNS_MAX	2048
#define RB_HOSTS_FILE_MAX	(1024 * 1024)
#define RB_HOSTS_NOTES_MAX	16

/* GETSTAT: per-version (prog, vers, netid) rows kept. */
#define RB_STAT_ROWS		32

/* The event loop's batches and periods (loop.c, dgram.c, conn.c). */
/* Datagrams read by one recvmmsg, and replies sent by one sendmmsg. */
#define RB_UDP_BATCH		32
/* recvmmsg batches read for one readable event before the other sockets
 * have their turn. */
#define RB_UDP_ROUNDS		8
/* A datagram's first bytes land in a slot this large: requests are small,
 * so a busy batch touches a few pages; a larger one (a CALLIT with big
 * arguments) spills into an overflow area and is joined. */
#define RB_UDP_SLOT_BYTES	512
/* Events taken from one epoll_wait. */
#define RB_EPOLL_BATCH		64
/* Connections accepted for one readable event of a listener. */
#define RB_ACCEPT_BATCH		64
/* Answers to remote calls read for one readable event of their socket. */
#define RB_FORWARD_READS	64
/* Connections freed before the heap is given back (malloc_trim): a wave
 * of them, not each one. */
#define RB_TRIM_AFTER_FREES	64
/* The sweep's period (idle connections, paused listeners, remote calls
 * that expired), and the longest wait for an event, so an idle daemon
 * sweeps too. */
#define RB_SWEEP_MS		1000
/* The period of the log's summary of what was refused, dropped or
 * limited. */
#define RB_SUMMARY_MS		60000

/* Without close_range, inherited descriptors are closed one by one up to
 * the descriptor limit, or up to this when the limit is unlimited. */
#define RB_FD_CLOSE_MAX		65536

/* The command line and the config file (config.c). */
/* --user: a login name (useradd allows 32 characters). */
#define RB_USER_MAX		63
/* --service-users: RB_SERVICE_USERS_MAX names or uids and their commas. */
#define RB_SERVICE_USERS_TEXT	255
/* --state-dir: a path of a few directories, like /run/rpcbind. */
#define RB_STATE_DIR_MAX	255
/* What is wrong with an allow list, quoted in the option's message (a
 * longer one is cut here). */
#define RB_NETS_ERR_MAX		128
/* A line of a --config file: 1023 characters and the terminating NUL. */
#define RB_CONFIG_LINE_MAX	1024
/* One line of error for a bad option: the option, the value at fault (a
 * -h host name has a room of its own: RB_HOSTNAME_MAX) and the words. */
#define RB_ERR_MAX		256
/* --idle-timeout: at most a day. */
#define RB_IDLE_TIMEOUT_MAX	86400
/* --rate-limit and --rate-burst: a million replies a second is past what
 * one daemon sends, and the burst is ten seconds of it. */
#define RB_RATE_MAX		1000000
#define RB_RATE_BURST_MAX	10000000

/* Startup (main.c). */
/* Sockets served: UDP and TCP for each of RB_LISTEN_MAX addresses (an
 * interface counts two, its IPv4 and IPv6 wildcards), and the local
 * socket by path and by abstract name. */
#define RB_LISTENERS_MAX	(RB_LISTEN_MAX * 2 + 2)
/* Room in the descriptor limit besides the connection caps, for the
 * daemon's own: the listeners as usually configured, the lock, the state
 * directory, epoll, the log, the notify and forwarding sockets. */
#define RB_FD_SPARE		64
/* The "serving ..." line at startup: the listeners' texts (a longer list
 * is cut), and one listener's text. */
#define RB_ANNOUNCE_MAX		1024
#define RB_LISTENER_TEXT_MAX	128

#endif
