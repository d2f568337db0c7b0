/*
 * probe.c — rpcbindd-check's probes (see probe.h): the UDP calls that
 * open-portmapper scans and `rpcinfo -T udp` send (NULL v2, DUMP v2/v3/v4,
 * GETSTAT v4, GETPORT v2 for mountd, GETADDR v4 for nfs), each from a
 * fresh socket, then a TCP connect and a v2 DUMP over it (what `rpcinfo -p
 * HOST` does); and the line each one prints.
 *
 * A UDP call is answered by every datagram HOST sends back to its socket,
 * from any source port: an amplifier may answer one small call with many
 * datagrams, each no larger than the call, and may send them from another
 * port. So each UDP probe reads until its deadline or until the host has
 * been quiet for QUIET_MS, and sums what came.
 *
 * Everything that comes back is untrusted and is read by reply.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <netinet/in.h>

#include "bounds.h"
#include "probe.h"
#include "reply.h"
#include "rpc.h"
#include "uaddr.h"
#include "xdr.h"

#define PMAP_PROG	100000u
#define MOUNT_PROG	100005u
#define NFS_PROG	100003u

#define PROC_NULL	0u
#define PMAP_GETPORT	3u
#define PMAP_DUMP	4u
#define RPCB_GETADDR	3u
#define RPCB_DUMP	4u
#define RPCB_GETSTAT	12u

/* our requests are at most 120 bytes (GETADDR with the longest IPv6
 * universal address, 53 characters) */
#define CALL_MAX	160
#define UDP_BUF		65536		/* any UDP datagram fits */
#define TCP_BUF		(256 * 1024)	/* a TCP reply beyond this is not read */
/* After a datagram, a UDP probe waits this long for more (never past its
 * deadline): what a multi-datagram answer sends comes back to back. */
#define QUIET_MS	500

static struct probe probes[] = {
	{ .name = "NULL v2",    .kind = CK_NULL,    .vers = 2, .proc = PROC_NULL },
	{ .name = "DUMP v2",    .kind = CK_DUMP2,   .vers = 2, .proc = PMAP_DUMP },
	{ .name = "DUMP v3",    .kind = CK_DUMP34,  .vers = 3, .proc = RPCB_DUMP },
	{ .name = "DUMP v4",    .kind = CK_DUMP34,  .vers = 4, .proc = RPCB_DUMP },
	{ .name = "GETSTAT v4", .kind = CK_GETSTAT, .vers = 4, .proc = RPCB_GETSTAT },
	{ .name = "GETPORT v2", .kind = CK_GETPORT, .vers = 2, .proc = PMAP_GETPORT },
	{ .name = "GETADDR v4", .kind = CK_GETADDR, .vers = 4, .proc = RPCB_GETADDR },
	{ .name = "DUMP v2",    .kind = CK_DUMP2,   .vers = 2, .proc = PMAP_DUMP,
	  .tcp = true },
};

static uint8_t rbuf[TCP_BUF > UDP_BUF ? TCP_BUF : UDP_BUF];

struct probe *
probe_table(size_t *n)
{
	*n = sizeof(probes) / sizeof(probes[0]);
	return probes;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
remaining(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	return left > 0 ? (int)left : 0;
}

static uint32_t
get_u32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

static uint32_t
new_xid(void)
{
	uint32_t x;

	if (getrandom(&x, sizeof(x), GRND_NONBLOCK) != (ssize_t)sizeof(x))
		x = (uint32_t)now_ms() ^ ((uint32_t)getpid() << 16);
	return x;
}

static void
set_error(struct probe *p, int e)
{
	p->err = e;
	p->outcome = (e == ECONNREFUSED) ? O_REFUSED : O_NETERR;
}

/* ------------------------------------------------------------------ */
/* Requests */

/*
 * GETADDR carries what a libtirpc client sends: the netid of the
 * transport, and as r_addr the universal address it used to reach the
 * server (rpcbind may use it to pick the address it hands back). Without
 * it, the call is smaller than a real client's, and a server that never
 * answers a remote caller with more bytes than it sent would drop the
 * answer for a long address, which no real client would see.
 */
static size_t
encode_call(const struct probe *p, uint32_t xid, const struct sockaddr *dst,
    uint8_t *buf, size_t cap)
{
	struct xdr_out o;
	char ua[RB_UADDR_MAX + 1];

	xout_init(&o, buf, cap);
	rpc_encode_call(&o, xid, PMAP_PROG, p->vers, p->proc);
	switch (p->kind) {
	case CK_GETPORT:			/* struct pmap */
		xout_u32(&o, MOUNT_PROG);
		xout_u32(&o, 3);
		xout_u32(&o, IPPROTO_UDP);
		xout_u32(&o, 0);
		break;
	case CK_GETADDR:			/* struct rpcb */
		if (sa_to_uaddr(dst, ua, sizeof(ua)) == -1)
			return 0;
		xout_u32(&o, NFS_PROG);
		xout_u32(&o, 3);
		xout_string(&o, dst->sa_family == AF_INET6 ? "udp6" : "udp");
		xout_string(&o, ua);
		xout_string(&o, "");
		break;
	default:
		break;
	}
	return o.err ? 0 : xout_len(&o);
}

/* The call as one record of the last fragment (RFC 5531 record marking):
 * its length with the mark, 0 if it cannot be encoded. */
static size_t
encode_record(const struct probe *p, uint32_t xid, const struct sockaddr *dst,
    uint8_t *buf, size_t cap)
{
	size_t clen = encode_call(p, xid, dst, buf + 4, cap - 4);

	if (clen == 0)
		return 0;
	buf[0] = 0x80;
	buf[1] = (uint8_t)(clen >> 16);
	buf[2] = (uint8_t)(clen >> 8);
	buf[3] = (uint8_t)clen;
	return clen + 4;
}

/* ------------------------------------------------------------------ */
/* UDP */

/* Whether `from` is the probed host (family and address); *port_differs
 * says whether it came from another port than the one probed. */
static bool
from_host(const struct sockaddr_storage *from, const struct sockaddr *host,
    bool *port_differs)
{
	if (from->ss_family != host->sa_family)
		return false;
	if (host->sa_family == AF_INET) {
		const struct sockaddr_in *f = (const void *)from;
		const struct sockaddr_in *h = (const void *)host;

		*port_differs = f->sin_port != h->sin_port;
		return f->sin_addr.s_addr == h->sin_addr.s_addr;
	}
	if (host->sa_family == AF_INET6) {
		const struct sockaddr_in6 *f = (const void *)from;
		const struct sockaddr_in6 *h = (const void *)host;

		*port_differs = f->sin6_port != h->sin6_port;
		return memcmp(&f->sin6_addr, &h->sin6_addr, 16) == 0;
	}
	return false;
}

/*
 * The socket is not connected, so that datagrams from any port of the host
 * arrive; IP_RECVERR still hands it the ICMP port unreachable that a
 * connected socket gets (as ECONNREFUSED), so "port unreachable" is still
 * told apart from silence. -1 with the reason in why.
 */
static int
udp_socket(int family, char *why, size_t whysz)
{
	int fd, one = 1, r;

	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd == -1) {
		snprintf(why, whysz, "socket: %s", strerror(errno));
		return -1;
	}
	if (family == AF_INET6)
		r = setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		r = setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	if (r == -1) {
		snprintf(why, whysz, "setsockopt RECVERR: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Tallies in u every datagram the host sends back, until the deadline or
 * until it has been quiet for QUIET_MS; a socket error is the probe's. */
static void
udp_read(struct probe *p, int fd, const struct sockaddr *host,
    struct check_udp *u, int timeout_ms)
{
	int64_t deadline, quiet_end;
	unsigned iter;
	ssize_t n;
	int r;

	deadline = quiet_end = now_ms() + timeout_ms;
	/* Each turn reads a datagram or ends; the deadline bounds the time,
	 * the count bounds turns spent on spurious wakeups and on datagrams
	 * from other hosts. */
	for (iter = 0; iter < 4 * CHECK_DGRAM_MAX; iter++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct sockaddr_storage from = { 0 };
		socklen_t fromlen = sizeof(from);
		bool other = false;

		r = poll(&pfd, 1, remaining(quiet_end));

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			set_error(p, errno);
			break;
		}
		if (r == 0)
			break;
		/* MSG_TRUNC: the true size even if it did not fit. */
		n = recvfrom(fd, rbuf, UDP_BUF, MSG_TRUNC | MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fromlen);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			/* an ICMP error for our call: the answer, unless
			 * datagrams came already */
			if (u->datagrams == 0)
				set_error(p, errno);
			break;
		}
		if (!from_host(&from, host, &other))
			continue;		/* not from the probed host */
		if (!check_udp_datagram(u, rbuf,
		    (size_t)n > UDP_BUF ? UDP_BUF : (size_t)n, (size_t)n, other))
			break;
		quiet_end = now_ms() + QUIET_MS;
		if (quiet_end > deadline)
			quiet_end = deadline;
	}
}

/* The probe's result from the tally of what came back. */
static void
udp_result(struct probe *p, struct check_udp *u)
{
	if (u->datagrams == 0) {
		if (p->outcome == O_NOT_RUN)
			p->outcome = O_TIMEOUT;
		return;
	}
	check_udp_finish(u);
	p->outcome = O_ANSWERED;
	p->recvd = u->bytes;
	p->datagrams = u->datagrams;
	p->other_port = u->other_port;
	p->capped = u->capped;
	p->r = u->reply;
}

static int
probe_udp(struct probe *p, const struct addrinfo *ai, int timeout_ms,
    char *why, size_t whysz)
{
	uint8_t call[CALL_MAX];
	uint32_t xid = new_xid();
	struct check_udp u;
	size_t clen;
	ssize_t n;
	int fd;

	clen = encode_call(p, xid, ai->ai_addr, call, sizeof(call));
	if (clen == 0) {
		snprintf(why, whysz, "internal error: cannot encode %s",
		    p->name);
		return -1;
	}
	fd = udp_socket(ai->ai_family, why, whysz);
	if (fd == -1)
		return -1;
	n = sendto(fd, call, clen, 0, ai->ai_addr, ai->ai_addrlen);
	if (n != (ssize_t)clen) {
		set_error(p, n == -1 ? errno : EMSGSIZE);
		close(fd);
		return 0;
	}
	p->sent = clen;
	check_udp_init(&u, p->kind, xid);
	udp_read(p, fd, ai->ai_addr, &u, timeout_ms);
	close(fd);
	udp_result(p, &u);
	return 0;
}

/* ------------------------------------------------------------------ */
/* TCP */

static void
connect_failed(struct probe *p, int e)
{
	p->connect_err = e;
	p->connected = e == ECONNREFUSED ? O_REFUSED : O_NETERR;
}

/* Connects the non-blocking fd, bounded by the timeout; p->connected says
 * how it went. */
static bool
tcp_connect(struct probe *p, int fd, const struct addrinfo *ai,
    int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	socklen_t sl;
	int e, r;

	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		if (errno != EINPROGRESS) {
			connect_failed(p, errno);
			return false;
		}
		for (;;) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			r = poll(&pfd, 1, remaining(deadline));
			if (r == -1 && errno == EINTR)
				continue;
			break;
		}
		if (r == 0) {
			p->connected = O_TIMEOUT;
			return false;
		}
		e = 0;
		sl = sizeof(e);
		if (r == -1)
			e = errno;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) == -1)
			e = errno;
		if (e != 0) {
			connect_failed(p, e);
			return false;
		}
	}
	p->connected = O_ANSWERED;
	return true;
}

/* Reads exactly `len` bytes before the deadline. 0 ok, else an errno
 * (ETIMEDOUT, ECONNRESET for EOF). */
static int
read_full(int fd, uint8_t *buf, size_t len, int64_t deadline, uint64_t *total)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r = poll(&pfd, 1, remaining(deadline));
		ssize_t n;

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return errno;
		if (r == 0)
			return ETIMEDOUT;
		n = recv(fd, buf + got, len - got, MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return errno;
		}
		if (n == 0)
			return ECONNRESET;
		got += (size_t)n;
		*total += (size_t)n;
	}
	return 0;
}

/* The reply's fragments until the last one, into rbuf (*have bytes). 0
 * when it is all there or would not fit (p->oversized), else read_full's
 * errno. */
static int
tcp_read_reply(struct probe *p, int fd, int64_t deadline, size_t *have)
{
	for (;;) {
		uint8_t mark[4] = { 0 };	/* set even if errno said 0 */
		uint32_t flen;
		bool last;
		int e;

		e = read_full(fd, mark, 4, deadline, &p->recvd);
		if (e != 0)
			return e;
		last = (mark[0] & 0x80) != 0;
		flen = (uint32_t)(mark[0] & 0x7f) << 24 |
		    (uint32_t)mark[1] << 16 | (uint32_t)mark[2] << 8 | mark[3];
		if (flen > sizeof(rbuf) - *have) {
			p->oversized = true;
			return 0;
		}
		e = read_full(fd, rbuf + *have, flen, deadline, &p->recvd);
		if (e != 0)
			return e;
		*have += flen;
		if (last)
			return 0;
	}
}

/* The probe's result from what tcp_read_reply read (e: its status). */
static void
tcp_result(struct probe *p, uint32_t xid, size_t have, int e)
{
	if (e == 0) {
		p->outcome = O_ANSWERED;
		if (p->oversized) {
			memset(&p->r, 0, sizeof(p->r));
			snprintf(p->r.status, sizeof(p->r.status),
			    "reply larger than %d bytes, not read", TCP_BUF);
		} else if (have >= 4 && get_u32(rbuf) != xid) {
			p->r.malformed = true;
			snprintf(p->r.status, sizeof(p->r.status),
			    "malformed reply: wrong xid");
		} else {
			check_decode_reply(p->kind, rbuf, have, &p->r);
		}
	} else if (p->recvd > 0) {
		/* the server closed, reset or stalled in the middle of a
		 * reply, or kept sending fragments past the deadline */
		p->outcome = O_ANSWERED;
		p->r.malformed = true;
		snprintf(p->r.status, sizeof(p->r.status),
		    "malformed reply: %s mid-reply", e == ETIMEDOUT ?
		    "timed out" : "connection closed");
	} else if (e == ETIMEDOUT) {
		p->outcome = O_TIMEOUT;
	} else if (e == ECONNRESET) {
		p->outcome = O_REFUSED;
		p->err = e;
	} else {
		set_error(p, e);
	}
}

static int
probe_tcp(struct probe *p, const struct addrinfo *ai, int timeout_ms,
    char *why, size_t whysz)
{
	uint8_t call[CALL_MAX + 4];
	uint32_t xid = new_xid();
	size_t clen, have = 0;
	int fd, e, rc = 0;

	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    IPPROTO_TCP);
	if (fd == -1) {
		snprintf(why, whysz, "socket: %s", strerror(errno));
		return -1;
	}
	if (!tcp_connect(p, fd, ai, timeout_ms))
		goto out;
	/* DUMP v2 in one record */
	clen = encode_record(p, xid, ai->ai_addr, call, sizeof(call));
	if (clen == 0) {
		snprintf(why, whysz, "internal error: cannot encode %s",
		    p->name);
		rc = -1;
		goto out;
	}
	if (send(fd, call, clen, MSG_NOSIGNAL) != (ssize_t)clen) {
		set_error(p, errno);
		goto out;
	}
	p->sent = clen;
	e = tcp_read_reply(p, fd, now_ms() + timeout_ms, &have);
	tcp_result(p, xid, have, e);
out:
	close(fd);
	return rc;
}

int
probe_run(struct probe *p, const struct addrinfo *ai, int timeout_ms,
    char *why, size_t whysz)
{
	if (p->tcp)
		return probe_tcp(p, ai, timeout_ms, why, whysz);
	return probe_udp(p, ai, timeout_ms, why, whysz);
}

/* ------------------------------------------------------------------ */
/* Output */

static const char *
outcome_words(const struct probe *p, int timeout_ms, char *buf, size_t sz)
{
	switch (p->outcome) {
	case O_ANSWERED:
		snprintf(buf, sz, "answered (%s)", p->r.status);
		break;
	case O_TIMEOUT:
		snprintf(buf, sz, "no answer (nothing within %g s)",
		    timeout_ms / 1000.0);
		break;
	case O_REFUSED:
		if (p->tcp)
			snprintf(buf, sz, "no answer (connection closed)");
		else
			snprintf(buf, sz, "no answer (port unreachable)");
		break;
	case O_NETERR:
		snprintf(buf, sz, "no answer (%s)", strerror(p->err));
		break;
	case O_NOT_RUN:
		snprintf(buf, sz, "not sent (no TCP connection)");
		break;
	}
	return buf;
}

/* The TCP connect's own line, before the TCP probe's. */
static void
print_connect(const struct probe *p)
{
	const char *w;

	switch (p->connected) {
	case O_ANSWERED:	w = "connected"; break;
	case O_TIMEOUT:		w = "no answer (timed out)"; break;
	case O_REFUSED:		w = "refused"; break;
	case O_NETERR:		w = strerror(p->connect_err); break;
	default:		w = "not tried"; break;
	}
	printf("%-10s  tcp  %s\n", "connect", w);
}

void
probe_print(const struct probe *p, int timeout_ms)
{
	char what[160];

	if (p->tcp)
		print_connect(p);
	printf("%-10s  %s  %s; sent %zu, received %" PRIu64, p->name,
	    p->tcp ? "tcp" : "udp",
	    outcome_words(p, timeout_ms, what, sizeof(what)),
	    p->sent, p->recvd);
	if (p->tcp || p->sent == 0 || p->outcome != O_ANSWERED) {
		/* nothing about datagrams */
	} else if (p->datagrams > 1) {
		printf(" in %lu%s datagrams", p->datagrams,
		    p->capped ? "+" : "");
		if (p->other_port > 0)
			printf(" (%lu from another source port)",
			    p->other_port);
	} else if (p->other_port > 0) {
		printf(" (from another source port)");
	}
	if (!p->tcp && p->sent > 0 && p->outcome == O_ANSWERED)
		printf(", ratio %.1fx", (double)p->recvd / (double)p->sent);
	if (!p->tcp && p->datagrams > 1)
		printf(", multi-datagram amplification");
	if (p->r.success && p->r.detail[0] != '\0')
		printf("; %s", p->r.detail);
	putchar('\n');
}
