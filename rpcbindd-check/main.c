/*
 * check.c — rpcbindd-check: see a portmapper the way an abuse scanner does.
 *
 * Run from another host against HOST (port 111 by default). Sends, each from
 * a fresh socket, the UDP calls that open-portmapper scans and `rpcinfo -T
 * udp` send (NULL v2, DUMP v2/v3/v4, GETSTAT v4, GETPORT v2 for mountd,
 * GETADDR v4 for nfs), then a TCP connect and a v2 DUMP over it (what
 * `rpcinfo -p HOST` does). Prints one line per probe, then a verdict.
 *
 * A UDP call is answered by every datagram HOST sends back to its socket,
 * from any source port: an amplifier may answer one small call with many
 * datagrams, each no larger than the call, and may send them from another
 * port. So each UDP probe reads until its deadline or until the host has
 * been quiet for QUIET_MS, and sums what came.
 *
 * Everything that comes back is untrusted and is read by reply.c.
 *
 * Exit status: 0 not an open portmapper, 1 would be reported (a UDP DUMP or
 * GETSTAT answered, or UDP replies larger than their request or in more
 * than one datagram), 2 error, 3 not meaningful: HOST is this host (a
 * loopback, unspecified or local interface address), whose own queries a
 * portmapper counts as local.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "bounds.h"
#include "reply.h"
#include "rpc.h"
#include "uaddr.h"
#include "xdr.h"

#define PROGNAME	"rpcbindd-check"

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


enum outcome {
	O_NOT_RUN,
	O_ANSWERED,
	O_TIMEOUT,
	O_REFUSED,		/* ICMP port unreachable, or TCP RST */
	O_NETERR,		/* any other socket error */
};

struct probe {
	const char	*name;
	bool		 tcp;
	enum check_kind	 kind;
	uint32_t	 vers;
	uint32_t	 proc;

	enum outcome	 outcome;
	int		 err;		/* errno for O_NETERR / O_REFUSED */
	size_t		 sent;
	uint64_t	 recvd;		/* UDP: all datagrams; TCP: all bytes */
	unsigned long	 datagrams;	/* UDP: from the host, any port */
	unsigned long	 other_port;	/* UDP: of those, from another port */
	bool		 capped;	/* UDP: CHECK_DGRAM_MAX reached */
	bool		 oversized;	/* TCP reply larger than TCP_BUF */
	struct check_reply r;		/* what the reply says */
};

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
#define NPROBES		(sizeof(probes) / sizeof(probes[0]))

/* TCP connect result, reported on its own line before the TCP DUMP. */
static enum outcome tcp_connect_outcome = O_NOT_RUN;
static int tcp_connect_err;

static int timeout_ms = 2000;
static bool quiet;

static uint8_t rbuf[TCP_BUF > UDP_BUF ? TCP_BUF : UDP_BUF];

static void
usage(FILE *f)
{
	fprintf(f,
"usage: %s [-4|-6] [-q] [-t SECONDS] HOST [PORT]\n"
"\n"
"Probe HOST's portmapper (PORT, default 111) the way open-portmapper scans\n"
"do, and say whether it would be reported. Run it from a host outside your\n"
"network against your public address.\n"
"\n"
"  -4, -6        use only IPv4 / IPv6\n"
"  -q            print only the verdict line\n"
"  -t SECONDS    wait this long for each reply (default 2, at most 60)\n"
"  --help        print this help\n"
"\n"
"UDP probes: NULL v2, DUMP v2, DUMP v3, DUMP v4, GETSTAT v4,\n"
"GETPORT v2 (mountd, udp), GETADDR v4 (nfs, udp or udp6); then a TCP connect\n"
"and DUMP v2 over it (what `rpcinfo -p HOST` does). A UDP answer is every\n"
"datagram from HOST, any source port, until 0.5 s of quiet: more than one\n"
"is amplification.\n"
"\n"
"Exit status: 0 not an open portmapper, 1 would be reported, 2 error,\n"
"3 not meaningful: HOST is this host, whose own queries count as local.\n",
	    PROGNAME);
}

/* One line on stderr, exit 2. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs(PROGNAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

/* ------------------------------------------------------------------ */
/* Sockets */

static int
remaining(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	return left > 0 ? (int)left : 0;
}

static void
set_error(struct probe *p, int e)
{
	p->err = e;
	p->outcome = (e == ECONNREFUSED) ? O_REFUSED : O_NETERR;
}

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
 * told apart from silence.
 */
static void
run_udp(struct probe *p, const struct addrinfo *ai)
{
	uint8_t call[CALL_MAX];
	uint32_t xid = new_xid();
	struct check_udp u;
	int64_t deadline, quiet_end;
	unsigned iter;
	size_t clen;
	ssize_t n;
	int fd, one = 1, r;

	clen = encode_call(p, xid, ai->ai_addr, call, sizeof(call));
	if (clen == 0)
		die("internal error: cannot encode %s", p->name);
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd == -1)
		die("socket: %s", strerror(errno));
	if (ai->ai_family == AF_INET6)
		r = setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		r = setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	if (r == -1)
		die("setsockopt RECVERR: %s", strerror(errno));
	n = sendto(fd, call, clen, 0, ai->ai_addr, ai->ai_addrlen);
	if (n != (ssize_t)clen) {
		set_error(p, n == -1 ? errno : EMSGSIZE);
		close(fd);
		return;
	}
	p->sent = clen;
	check_udp_init(&u, p->kind, xid);
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
			if (u.datagrams == 0)
				set_error(p, errno);
			break;
		}
		if (!from_host(&from, ai->ai_addr, &other))
			continue;		/* not from the probed host */
		if (!check_udp_datagram(&u, rbuf,
		    (size_t)n > UDP_BUF ? UDP_BUF : (size_t)n, (size_t)n, other))
			break;
		quiet_end = now_ms() + QUIET_MS;
		if (quiet_end > deadline)
			quiet_end = deadline;
	}
	close(fd);
	if (u.datagrams == 0) {
		if (p->outcome == O_NOT_RUN)
			p->outcome = O_TIMEOUT;
		return;
	}
	check_udp_finish(&u);
	p->outcome = O_ANSWERED;
	p->recvd = u.bytes;
	p->datagrams = u.datagrams;
	p->other_port = u.other_port;
	p->capped = u.capped;
	p->r = u.reply;
}

/* A complete TCP reply (its xid matched) in buf. */
static void
finish_reply(struct probe *p, const uint8_t *buf, size_t len)
{
	p->outcome = O_ANSWERED;
	if (p->oversized) {
		memset(&p->r, 0, sizeof(p->r));
		snprintf(p->r.status, sizeof(p->r.status),
		    "reply larger than %d bytes, not read", TCP_BUF);
		return;
	}
	check_decode_reply(p->kind, buf, len, &p->r);
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

static void
run_tcp(struct probe *p, const struct addrinfo *ai)
{
	uint8_t call[CALL_MAX + 4];
	uint32_t xid = new_xid();
	int64_t deadline;
	size_t clen, have = 0;
	socklen_t sl;
	int fd, e, r;

	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    IPPROTO_TCP);
	if (fd == -1)
		die("socket: %s", strerror(errno));

	/* connect, bounded by the timeout */
	deadline = now_ms() + timeout_ms;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		if (errno != EINPROGRESS) {
			tcp_connect_err = errno;
			tcp_connect_outcome = errno == ECONNREFUSED ?
			    O_REFUSED : O_NETERR;
			goto out;
		}
		for (;;) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			r = poll(&pfd, 1, remaining(deadline));
			if (r == -1 && errno == EINTR)
				continue;
			break;
		}
		if (r == 0) {
			tcp_connect_outcome = O_TIMEOUT;
			goto out;
		}
		e = 0;
		sl = sizeof(e);
		if (r == -1)
			e = errno;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) == -1)
			e = errno;
		if (e != 0) {
			tcp_connect_err = e;
			tcp_connect_outcome = e == ECONNREFUSED ?
			    O_REFUSED : O_NETERR;
			goto out;
		}
	}
	tcp_connect_outcome = O_ANSWERED;

	/* DUMP v2 in one record */
	clen = encode_call(p, xid, ai->ai_addr, call + 4,
	    sizeof(call) - 4);
	if (clen == 0)
		die("internal error: cannot encode %s", p->name);
	call[0] = 0x80;
	call[1] = (uint8_t)(clen >> 16);
	call[2] = (uint8_t)(clen >> 8);
	call[3] = (uint8_t)clen;
	if (send(fd, call, clen + 4, MSG_NOSIGNAL) != (ssize_t)(clen + 4)) {
		set_error(p, errno);
		goto out;
	}
	p->sent = clen + 4;

	/* The reply: fragments until the last one, into rbuf. */
	deadline = now_ms() + timeout_ms;
	for (;;) {
		uint8_t mark[4] = { 0 };	/* set even if errno said 0 */
		uint32_t flen;
		bool last;

		e = read_full(fd, mark, 4, deadline, &p->recvd);
		if (e != 0)
			break;
		last = (mark[0] & 0x80) != 0;
		flen = (uint32_t)(mark[0] & 0x7f) << 24 |
		    (uint32_t)mark[1] << 16 | (uint32_t)mark[2] << 8 | mark[3];
		if (flen > sizeof(rbuf) - have) {
			p->oversized = true;
			e = 0;
			break;
		}
		e = read_full(fd, rbuf + have, flen, deadline, &p->recvd);
		if (e != 0)
			break;
		have += flen;
		if (last)
			break;
	}
	if (e == 0) {
		if (have >= 4 && get_u32(rbuf) != xid && !p->oversized) {
			p->outcome = O_ANSWERED;
			p->r.malformed = true;
			snprintf(p->r.status, sizeof(p->r.status),
			    "malformed reply: wrong xid");
		} else {
			finish_reply(p, rbuf, have);
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
out:
	close(fd);
}

/* ------------------------------------------------------------------ */
/* Output */

static const char *
outcome_words(const struct probe *p, char *buf, size_t sz)
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

static void
print_probe(const struct probe *p)
{
	char what[160];

	printf("%-10s  %s  %s; sent %zu, received %" PRIu64, p->name,
	    p->tcp ? "tcp" : "udp", outcome_words(p, what, sizeof(what)),
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

static void
print_connect(void)
{
	const char *w;

	switch (tcp_connect_outcome) {
	case O_ANSWERED:	w = "connected"; break;
	case O_TIMEOUT:		w = "no answer (timed out)"; break;
	case O_REFUSED:		w = "refused"; break;
	case O_NETERR:		w = strerror(tcp_connect_err); break;
	default:		w = "not tried"; break;
	}
	printf("%-10s  tcp  %s\n", "connect", w);
}

/* "480 bytes in 20 datagrams" */
static const char *
bytes_words(const struct probe *p, char *buf, size_t sz)
{
	if (p->datagrams > 1)
		snprintf(buf, sz, "%" PRIu64 " bytes in %lu%s datagrams",
		    p->recvd, p->datagrams, p->capped ? "+" : "");
	else
		snprintf(buf, sz, "%" PRIu64 " bytes", p->recvd);
	return buf;
}

static double
ratio_of(const struct probe *p)
{
	return (double)p->recvd / (double)p->sent;
}

static bool
is_amplifying(const struct probe *p)
{
	return p->kind == CK_DUMP2 || p->kind == CK_DUMP34 ||
	    p->kind == CK_GETSTAT;
}

/* The IPv4 address in sa (also as a mapped IPv6 one); false otherwise. */
static bool
v4_of(const struct sockaddr *sa, uint8_t out[4])
{
	const struct in6_addr *a6;

	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4);
		return true;
	}
	if (sa->sa_family != AF_INET6)
		return false;
	a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (!IN6_IS_ADDR_V4MAPPED(a6))
		return false;
	memcpy(out, a6->s6_addr + 12, 4);
	return true;
}

/*
 * Whether the target is this host: loopback, the unspecified address
 * (which reaches this host too), or an address of one of its interfaces.
 * Its own queries never cross the network and a portmapper counts them as
 * local, so what comes back says nothing about what a scanner sees.
 */
static bool
this_host(const struct sockaddr *sa)
{
	struct ifaddrs *ifa, *i;
	uint8_t v4[4], other[4];
	const struct in6_addr *a6 = NULL;
	bool is_v4, found = false;

	if ((is_v4 = v4_of(sa, v4))) {
		if (v4[0] == 127 || memcmp(v4, "\0\0\0\0", 4) == 0)
			return true;
	} else if (sa->sa_family == AF_INET6) {
		a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(a6) || IN6_IS_ADDR_UNSPECIFIED(a6))
			return true;
	} else
		return false;
	/* Without the list, say nothing rather than guess. */
	if (getifaddrs(&ifa) == -1)
		return false;
	for (i = ifa; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		if (is_v4)
			found = v4_of(i->ifa_addr, other) &&
			    memcmp(v4, other, 4) == 0;
		else if (i->ifa_addr->sa_family == AF_INET6)
			found = memcmp(a6, &((const struct sockaddr_in6 *)
			    (const void *)i->ifa_addr)->sin6_addr, 16) == 0;
	}
	freeifaddrs(ifa);
	return found;
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct addrinfo hints, *res = NULL;
	const char *host, *port = "111";
	char addrstr[INET6_ADDRSTRLEN + 16], *end;
	const struct probe *worst = NULL, *bigger = NULL, *r;
	struct probe *tcpdump = NULL;
	bool reported = false, any_answer = false, self;
	int family = AF_UNSPEC, c, gai;
	unsigned long pnum;
	double t;
	size_t i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "46qt:", lopts, NULL)) != -1) {
		switch (c) {
		case '4':
			family = AF_INET;
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'q':
			quiet = true;
			break;
		case 't':
			errno = 0;
			t = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !isfinite(t) || t <= 0 || t > 60)
				die("bad timeout '%s': expected seconds, more "
				    "than 0 and at most 60", optarg);
			timeout_ms = (int)(t * 1000);
			if (timeout_ms < 1)
				timeout_ms = 1;
			break;
		case 'H':
			usage(stdout);
			return 0;
		case ':':
			die("option -%c needs an argument (see --help)",
			    optopt);
		default:
			if (optopt != 0)
				die("unknown option -%c (see --help)", optopt);
			die("unknown option %s (see --help)",
			    argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		die("missing HOST (usage: " PROGNAME
		    " [-4|-6] [-q] [-t SECONDS] HOST [PORT])");
	if (argc > 2)
		die("too many arguments: '%s' (usage: " PROGNAME
		    " [-4|-6] [-q] [-t SECONDS] HOST [PORT])", argv[2]);
	host = argv[0];
	if (host[0] == '\0')
		die("empty HOST");
	if (argc == 2) {
		port = argv[1];
		errno = 0;
		pnum = strtoul(port, &end, 10);
		if (errno != 0 || end == port || *end != '\0' ||
		    port[0] < '0' || port[0] > '9' || pnum < 1 ||
		    pnum > 65535)
			die("bad port '%s': expected a number from 1 to 65535",
			    port);
	}

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	gai = getaddrinfo(host, port, &hints, &res);
	if (gai != 0 || res == NULL)
		die("cannot resolve '%s'%s: %s", host,
		    family == AF_INET ? " (IPv4)" :
		    family == AF_INET6 ? " (IPv6)" : "",
		    gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
	if (getnameinfo(res->ai_addr, res->ai_addrlen, addrstr,
	    sizeof(addrstr), NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(addrstr, sizeof(addrstr), "%s", host);

	self = this_host(res->ai_addr);
	if (self && !quiet)
		printf("note: %s is this host: its own queries count as local "
		    "(a portmapper answers them more than it answers the "
		    "internet), so this check must run from a host outside your "
		    "network to mean anything\n", addrstr);
	if (!quiet) {
		printf("probing %s port %s", addrstr, port);
		if (strcmp(addrstr, host) != 0)
			printf(" (%s)", host);
		printf(", %g s per probe\n", timeout_ms / 1000.0);
	}
	for (i = 0; i < NPROBES; i++) {
		struct probe *p = &probes[i];

		if (!p->tcp) {
			run_udp(p, res);
			if (!quiet)
				print_probe(p);
			continue;
		}
		run_tcp(p, res);
		tcpdump = p;
		if (!quiet) {
			print_connect();
			print_probe(p);
		}
	}
	freeaddrinfo(res);
	fflush(stdout);

	for (i = 0; i < NPROBES; i++) {
		const struct probe *p = &probes[i];

		if (p->outcome == O_ANSWERED)
			any_answer = true;
		if (p->tcp || p->outcome != O_ANSWERED)
			continue;
		if (is_amplifying(p)) {
			reported = true;
			if (worst == NULL || p->recvd > worst->recvd)
				worst = p;
		}
		/* more bytes than the call, or more than one datagram: an
		 * amplifier in bytes or in packets */
		if (p->recvd > p->sent || p->datagrams > 1) {
			reported = true;
			if (bigger == NULL || ratio_of(p) > ratio_of(bigger))
				bigger = p;
		}
	}
	if (tcp_connect_outcome == O_ANSWERED)
		any_answer = true;

	if (!quiet) {
		if (!any_answer)
			printf("note: nothing answered on %s port %s, over UDP "
			    "or TCP\n", addrstr, port);
		if (tcpdump != NULL && tcpdump->r.success &&
		    tcpdump->r.entries > 0)
			printf("note: TCP DUMP lists %lu%s program%s (%lu "
			    "mappings) to this host: `rpcinfo -p` from here "
			    "shows them\n", tcpdump->r.programs,
			    tcpdump->r.programs_more ? "+" : "",
			    tcpdump->r.programs == 1 ? "" : "s",
			    tcpdump->r.entries);
		else if (reported && tcp_connect_outcome != O_ANSWERED)
			printf("note: TCP is closed or filtered here, so "
			    "`rpcinfo -p` from here fails, but UDP answers "
			    "and scanners use UDP\n");
	}

	/* reported: worst or bigger was set */
	r = worst != NULL ? worst : bigger;
	if (self) {
		char bw[96];

		printf("VERDICT: not meaningful from this host: ");
		if (r != NULL)
			printf("from here UDP %s is answered with %s for %zu "
			    "(%.1fx), as local callers are; ", r->name,
			    bytes_words(r, bw, sizeof(bw)), r->sent,
			    ratio_of(r));
		printf("run rpcbindd-check from a host outside your network\n");
		return 3;
	}
	if (r != NULL) {
		char bw[96];

		printf("VERDICT: would be reported as an open portmapper: UDP %s "
		    "answered with %s for %zu (%.1fx)", r->name,
		    bytes_words(r, bw, sizeof(bw)), r->sent, ratio_of(r));
		if (r->r.success && (r->kind == CK_DUMP2 || r->kind == CK_DUMP34))
			printf(", listing %lu%s program%s", r->r.programs,
			    r->r.programs_more ? "+" : "",
			    r->r.programs == 1 ? "" : "s");
		if (r->r.malformed)
			printf(" (malformed reply)");
		if (r->datagrams > 1)
			printf(", multi-datagram amplification");
		if (bigger != NULL && bigger != r) {
			printf("; largest amplification: UDP %s %.1fx",
			    bigger->name, ratio_of(bigger));
			if (bigger->datagrams > 1)
				printf(" in %lu%s datagrams", bigger->datagrams,
				    bigger->capped ? "+" : "");
		}
		putchar('\n');
		return 1;
	}
	if (!any_answer)
		printf("VERDICT: not an open portmapper: nothing answered on "
		    "%s port %s (UDP or TCP)\n", addrstr, port);
	else
		printf("VERDICT: not an open portmapper: no UDP reply larger "
		    "than its request, no program list over UDP\n");
	return 0;
}
