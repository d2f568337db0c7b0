/*
 * check.c — rpcbindd-check: see a portmapper the way an abuse scanner does.
 *
 * Run from another host against HOST (port 111 by default). Sends, each from
 * a fresh socket, the UDP calls that open-portmapper scans and `rpcinfo -T
 * udp` send (NULL v2, DUMP v2/v3/v4, GETSTAT v4, GETPORT v2 for mountd,
 * GETADDR v4 for nfs), then a TCP connect and a v2 DUMP over it (what
 * `rpcinfo -p HOST` does). Prints one line per probe, then a verdict.
 *
 * Everything that comes back is untrusted: replies are decoded with the
 * bounded cursors of xdr.h into fixed buffers; no length read from a reply
 * sizes anything, and a reply that does not parse is "malformed reply".
 *
 * Exit status: 0 not an open portmapper, 1 would be reported (a UDP DUMP or
 * GETSTAT answered, or any UDP reply larger than its request), 2 error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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

#include "rpc.h"
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

#define MSG_ACCEPTED	0u
#define MSG_DENIED	1u

#define CALL_MAX	128		/* our requests are at most 68 bytes */
#define UDP_BUF		65536		/* any UDP datagram fits */
#define TCP_BUF		(256 * 1024)	/* a TCP reply beyond this is not read */
#define AUTH_BODY_MAX	400		/* RFC 5531 */
#define STR_MAX		1024		/* netid, uaddr, owner in a reply */
#define PROG_TABLE	256		/* distinct programs counted */
#define SHOW_MAX	64		/* characters of a reply string shown */

enum probe_kind {
	K_NULL,
	K_DUMP2,
	K_DUMP34,
	K_GETSTAT,
	K_GETPORT,
	K_GETADDR,
};

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
	enum probe_kind	 kind;
	uint32_t	 vers;
	uint32_t	 proc;

	enum outcome	 outcome;
	int		 err;		/* errno for O_NETERR / O_REFUSED */
	size_t		 sent;
	size_t		 recvd;
	bool		 oversized;	/* TCP reply larger than TCP_BUF */
	bool		 malformed;
	bool		 success;	/* accepted SUCCESS, results decoded */
	char		 status[96];	/* the reply status in words */
	char		 detail[320];	/* what the results say */
	unsigned long	 entries;	/* DUMP: mappings listed */
	unsigned long	 programs;	/* DUMP: distinct programs */
	bool		 programs_more;	/* more than PROG_TABLE */
};

static struct probe probes[] = {
	{ .name = "NULL v2",    .kind = K_NULL,    .vers = 2, .proc = PROC_NULL },
	{ .name = "DUMP v2",    .kind = K_DUMP2,   .vers = 2, .proc = PMAP_DUMP },
	{ .name = "DUMP v3",    .kind = K_DUMP34,  .vers = 3, .proc = RPCB_DUMP },
	{ .name = "DUMP v4",    .kind = K_DUMP34,  .vers = 4, .proc = RPCB_DUMP },
	{ .name = "GETSTAT v4", .kind = K_GETSTAT, .vers = 4, .proc = RPCB_GETSTAT },
	{ .name = "GETPORT v2", .kind = K_GETPORT, .vers = 2, .proc = PMAP_GETPORT },
	{ .name = "GETADDR v4", .kind = K_GETADDR, .vers = 4, .proc = RPCB_GETADDR },
	{ .name = "DUMP v2",    .kind = K_DUMP2,   .vers = 2, .proc = PMAP_DUMP,
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
"GETPORT v2 (mountd, udp), GETADDR v4 (nfs, udp); then a TCP connect and\n"
"DUMP v2 over it (what `rpcinfo -p HOST` does).\n"
"\n"
"Exit status: 0 not an open portmapper, 1 would be reported, 2 error.\n",
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

static size_t
encode_call(const struct probe *p, uint32_t xid, uint8_t *buf, size_t cap)
{
	struct xdr_out o;

	xout_init(&o, buf, cap);
	rpc_encode_call(&o, xid, PMAP_PROG, p->vers, p->proc);
	switch (p->kind) {
	case K_GETPORT:			/* struct pmap */
		xout_u32(&o, MOUNT_PROG);
		xout_u32(&o, 3);
		xout_u32(&o, IPPROTO_UDP);
		xout_u32(&o, 0);
		break;
	case K_GETADDR:			/* struct rpcb */
		xout_u32(&o, NFS_PROG);
		xout_u32(&o, 3);
		xout_string(&o, "udp");
		xout_string(&o, "");
		xout_string(&o, "");
		break;
	default:
		break;
	}
	return o.err ? 0 : xout_len(&o);
}

/* ------------------------------------------------------------------ */
/* Replies (untrusted) */

static const char *
accept_word(uint32_t s)
{
	switch (s) {
	case RPC_SUCCESS:	return "SUCCESS";
	case RPC_PROG_UNAVAIL:	return "PROG_UNAVAIL";
	case RPC_PROG_MISMATCH:	return "PROG_MISMATCH";
	case RPC_PROC_UNAVAIL:	return "PROC_UNAVAIL";
	case RPC_GARBAGE_ARGS:	return "GARBAGE_ARGS";
	case RPC_SYSTEM_ERR:	return "SYSTEM_ERR";
	default:		return NULL;
	}
}

static const char *
auth_words(uint32_t s)
{
	switch (s) {
	case 0:		return "ok";
	case 1:		return "bad credential";
	case 2:		return "rejected credential";
	case 3:		return "bad verifier";
	case 4:		return "rejected verifier";
	case 5:		return "too weak";
	case 6:		return "invalid response";
	case 7:		return "failed";
	case 13:	return "GSS credential problem";
	case 14:	return "GSS context problem";
	default:	return NULL;
	}
}

/* Copies at most SHOW_MAX bytes of an untrusted string, escaping anything
 * that is not printable ASCII. */
static void
show_string(char *out, size_t outsz, const uint8_t *s, uint32_t len)
{
	size_t o = 0;
	uint32_t i;

	for (i = 0; i < len && i < SHOW_MAX && o + 5 < outsz; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
			out[o++] = (char)s[i];
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", s[i]);
	}
	if (i < len && o + 4 < outsz) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

struct progset {
	uint32_t	prog[PROG_TABLE];
	unsigned	n;
	bool		more;
};

static void
progset_add(struct progset *s, uint32_t prog)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (s->prog[i] == prog)
			return;
	if (s->n < PROG_TABLE)
		s->prog[s->n++] = prog;
	else
		s->more = true;
}

/* Returns false when the body does not parse. Each list entry consumes at
 * least 4 bytes of the reply, so every loop ends within the datagram. */
static bool
decode_results(struct probe *p, struct xdr_in *x)
{
	static struct progset set;
	unsigned long n = 0;
	uint32_t len;
	const uint8_t *s;
	char shown[SHOW_MAX * 4 + 8];
	int v;

	switch (p->kind) {
	case K_NULL:
		return true;
	case K_DUMP2:
	case K_DUMP34:
		memset(&set, 0, sizeof(set));
		for (;;) {
			uint32_t more = xin_u32(x);

			if (x->err || more > 1)
				return false;
			if (more == 0)
				break;
			progset_add(&set, xin_u32(x));
			(void)xin_u32(x);		/* vers */
			if (p->kind == K_DUMP2) {
				(void)xin_u32(x);	/* prot */
				(void)xin_u32(x);	/* port */
			} else {
				(void)xin_opaque(x, &len, STR_MAX); /* netid */
				(void)xin_opaque(x, &len, STR_MAX); /* addr */
				(void)xin_opaque(x, &len, STR_MAX); /* owner */
			}
			if (x->err)
				return false;
			n++;
		}
		p->entries = n;
		p->programs = set.n;
		p->programs_more = set.more;
		snprintf(p->detail, sizeof(p->detail), "%lu %s of %u%s program%s",
		    n, n == 1 ? "mapping" : "mappings", set.n,
		    set.more ? "+" : "", set.n == 1 && !set.more ? "" : "s");
		return true;
	case K_GETSTAT:
		/* rpcb_stat_byvers: 3 x { info[13], setinfo, unsetinfo,
		 * addrinfo list, rmtinfo list } */
		for (v = 0; v < 3; v++) {
			uint32_t more;
			int i;

			for (i = 0; i < 15; i++)
				(void)xin_u32(x);
			while ((more = xin_u32(x)) == 1 && !x->err) {
				for (i = 0; i < 4; i++)
					(void)xin_u32(x);
				(void)xin_opaque(x, &len, STR_MAX);
				n++;
			}
			if (x->err || more != 0)
				return false;
			while ((more = xin_u32(x)) == 1 && !x->err) {
				for (i = 0; i < 6; i++)
					(void)xin_u32(x);
				(void)xin_opaque(x, &len, STR_MAX);
				n++;
			}
			if (x->err || more != 0)
				return false;
		}
		snprintf(p->detail, sizeof(p->detail),
		    "%lu lookup/call records", n);
		return true;
	case K_GETPORT: {
		uint32_t port = xin_u32(x);

		if (x->err || port > 65535)
			return false;
		if (port == 0)
			snprintf(p->detail, sizeof(p->detail),
			    "mountd v3 udp not registered");
		else
			snprintf(p->detail, sizeof(p->detail),
			    "mountd v3 udp on port %u", port);
		return true;
	}
	case K_GETADDR:
		s = xin_opaque(x, &len, STR_MAX);
		if (x->err)
			return false;
		if (len == 0) {
			snprintf(p->detail, sizeof(p->detail),
			    "nfs v3 udp not registered");
		} else {
			show_string(shown, sizeof(shown), s, len);
			snprintf(p->detail, sizeof(p->detail),
			    "nfs v3 udp at \"%s\"", shown);
		}
		return true;
	}
	return false;
}

/* Decodes one complete reply message; fills status/detail/success. Returns
 * false if the reply is malformed. The xid has been checked already. */
static bool
decode_reply(struct probe *p, const uint8_t *buf, size_t len)
{
	struct xdr_in x;
	uint32_t stat, flavor, alen, lo, hi;
	const char *w;

	xin_init(&x, buf, len);
	(void)xin_u32(&x);			/* xid */
	if (xin_u32(&x) != RPC_MSG_REPLY || x.err)
		return false;
	stat = xin_u32(&x);
	if (x.err)
		return false;
	if (stat == MSG_DENIED) {
		stat = xin_u32(&x);
		if (x.err)
			return false;
		if (stat == 0) {		/* RPC_MISMATCH */
			lo = xin_u32(&x);
			hi = xin_u32(&x);
			if (x.err)
				return false;
			snprintf(p->status, sizeof(p->status),
			    "denied RPC_MISMATCH (versions %u-%u)", lo, hi);
			return true;
		}
		if (stat == 1) {		/* AUTH_ERROR */
			stat = xin_u32(&x);
			if (x.err)
				return false;
			w = auth_words(stat);
			if (w != NULL)
				snprintf(p->status, sizeof(p->status),
				    "denied AUTH_ERROR %s", w);
			else
				snprintf(p->status, sizeof(p->status),
				    "denied AUTH_ERROR %u", stat);
			return true;
		}
		return false;
	}
	if (stat != MSG_ACCEPTED)
		return false;
	flavor = xin_u32(&x);
	(void)flavor;
	(void)xin_opaque(&x, &alen, AUTH_BODY_MAX);	/* verifier */
	stat = xin_u32(&x);
	if (x.err)
		return false;
	w = accept_word(stat);
	if (w == NULL)
		return false;
	if (stat == RPC_PROG_MISMATCH) {
		lo = xin_u32(&x);
		hi = xin_u32(&x);
		if (x.err)
			return false;
		snprintf(p->status, sizeof(p->status),
		    "accepted PROG_MISMATCH (versions %u-%u)", lo, hi);
		return true;
	}
	snprintf(p->status, sizeof(p->status), "accepted %s", w);
	if (stat != RPC_SUCCESS)
		return true;
	if (!decode_results(p, &x)) {
		p->detail[0] = '\0';
		return false;
	}
	p->success = true;
	return true;
}

static void
finish_reply(struct probe *p, const uint8_t *buf, size_t len)
{
	p->outcome = O_ANSWERED;
	if (p->oversized) {
		snprintf(p->status, sizeof(p->status),
		    "reply larger than %d bytes, not read", TCP_BUF);
		return;
	}
	if (!decode_reply(p, buf, len)) {
		p->malformed = true;
		p->success = false;
		snprintf(p->status, sizeof(p->status), "malformed reply");
	}
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

static void
run_udp(struct probe *p, const struct addrinfo *ai)
{
	uint8_t call[CALL_MAX];
	uint32_t xid = new_xid();
	int64_t deadline;
	size_t clen;
	ssize_t n;
	int fd;

	clen = encode_call(p, xid, call, sizeof(call));
	if (clen == 0)
		die("internal error: cannot encode %s", p->name);
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd == -1)
		die("socket: %s", strerror(errno));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		set_error(p, errno);
		close(fd);
		return;
	}
	n = send(fd, call, clen, 0);
	if (n != (ssize_t)clen) {
		set_error(p, n == -1 ? errno : EMSGSIZE);
		close(fd);
		return;
	}
	p->sent = clen;
	deadline = now_ms() + timeout_ms;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r = poll(&pfd, 1, remaining(deadline));

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			set_error(p, errno);
			break;
		}
		if (r == 0) {
			p->outcome = O_TIMEOUT;
			break;
		}
		/* MSG_TRUNC: the true size even if it did not fit. */
		n = recv(fd, rbuf, UDP_BUF, MSG_TRUNC | MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			set_error(p, errno);
			break;
		}
		/* A datagram with another xid is not our reply; keep
		 * waiting. A datagram too short to carry an xid is. */
		if (n >= 4 && get_u32(rbuf) != xid)
			continue;
		p->recvd = (size_t)n;
		finish_reply(p, rbuf, (size_t)n > UDP_BUF ? UDP_BUF : (size_t)n);
		break;
	}
	close(fd);
}

/* Reads exactly `len` bytes before the deadline. 0 ok, else an errno
 * (ETIMEDOUT, ECONNRESET for EOF). */
static int
read_full(int fd, uint8_t *buf, size_t len, int64_t deadline, size_t *total)
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
	clen = encode_call(p, xid, call + 4, sizeof(call) - 4);
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
		uint8_t mark[4];
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
			p->malformed = true;
			snprintf(p->status, sizeof(p->status),
			    "malformed reply: wrong xid");
		} else {
			finish_reply(p, rbuf, have);
		}
	} else if (p->recvd > 0) {
		/* the server closed, reset or stalled in the middle of a
		 * reply, or kept sending fragments past the deadline */
		p->outcome = O_ANSWERED;
		p->malformed = true;
		snprintf(p->status, sizeof(p->status),
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
		snprintf(buf, sz, "answered (%s)", p->status);
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

	printf("%-10s  %s  %s; sent %zu, received %zu", p->name,
	    p->tcp ? "tcp" : "udp", outcome_words(p, what, sizeof(what)),
	    p->sent, p->recvd);
	if (!p->tcp && p->sent > 0 && p->outcome == O_ANSWERED)
		printf(", ratio %.1fx", (double)p->recvd / (double)p->sent);
	if (p->success && p->detail[0] != '\0')
		printf("; %s", p->detail);
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

static bool
is_amplifying(const struct probe *p)
{
	return p->kind == K_DUMP2 || p->kind == K_DUMP34 ||
	    p->kind == K_GETSTAT;
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
	const struct probe *worst = NULL, *bigger = NULL;
	struct probe *tcpdump = NULL;
	bool reported = false, any_answer = false;
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
		if (p->recvd > p->sent) {
			reported = true;
			if (bigger == NULL || p->recvd * bigger->sent >
			    bigger->recvd * p->sent)
				bigger = p;
		}
	}
	if (tcp_connect_outcome == O_ANSWERED)
		any_answer = true;

	if (!quiet) {
		if (!any_answer)
			printf("note: nothing answered on %s port %s, over UDP "
			    "or TCP\n", addrstr, port);
		if (tcpdump != NULL && tcpdump->success &&
		    tcpdump->entries > 0)
			printf("note: TCP DUMP lists %lu%s program%s (%lu "
			    "mappings) to this host: `rpcinfo -p` from here "
			    "shows them\n", tcpdump->programs,
			    tcpdump->programs_more ? "+" : "",
			    tcpdump->programs == 1 ? "" : "s",
			    tcpdump->entries);
		else if (reported && tcp_connect_outcome != O_ANSWERED)
			printf("note: TCP is closed or filtered here, so "
			    "`rpcinfo -p` from here fails, but UDP answers "
			    "and scanners use UDP\n");
	}

	if (reported) {
		const struct probe *r = worst != NULL ? worst : bigger;

		printf("VERDICT: would be reported as an open portmapper: UDP %s "
		    "answered with %zu bytes for %zu (%.1fx)", r->name,
		    r->recvd, r->sent, (double)r->recvd / (double)r->sent);
		if (r->success && (r->kind == K_DUMP2 || r->kind == K_DUMP34))
			printf(", listing %lu%s program%s", r->programs,
			    r->programs_more ? "+" : "",
			    r->programs == 1 ? "" : "s");
		if (r->malformed)
			printf(" (malformed reply)");
		if (bigger != NULL && bigger != r)
			printf("; largest amplification: UDP %s %.1fx",
			    bigger->name,
			    (double)bigger->recvd / (double)bigger->sent);
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
