/*
 * rpcprobe — hand-built wire-level tests of a portmapper: PMAP v2 and
 * RPCBIND v3/v4 over UDP and TCP on the IPv4 and IPv6 loopback (record
 * marking on TCP) and over the AF_LOCAL stream socket, by path and by
 * abstract name.
 *
 * Every call is built and every reply parsed here, with a tiny big-endian
 * writer and a reader that latches its first error, not with libtirpc: the
 * probe must be able to send what no library would (truncated arguments,
 * absurd lengths, broken record marks, bad credentials) and check replies
 * field by field. Output is TAP ("ok N - ...", "# diag", plan at the end).
 * Every receive has a deadline and every loop a bound, so a hung or dead
 * daemon shows up as failures, never as a hung test.
 *
 * --target=rpcbind turns the checks of rpcbindd's deliberate differences
 * into checks of Debian rpcbind 1.2.6's measured behaviour (or skips them),
 * so the probe itself is validated against the reference daemon. Lines
 * that differ say "(rpcbind: ...)" in their description.
 *
 * Usage: rpcprobe [--target=rpcbindd|rpcbind] [--idle=SECONDS] [--no-plan]
 *                 [--socket=PATH] [--port=N] [SECTION...]
 * Sections: basic pmap rpcb errors rpcvers garbage auth junk tcp access
 * remote (the default: all of these), and kernel, resets and burst (only
 * when named).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "wire.h"

#define T_REPLY		2000	/* ms to wait for an expected reply */
#define T_SILENT	500	/* ms of silence that count as "no reply" */
#define WB_MAX		4096	/* largest request we build */
#define REPLY_MAX	65536	/* largest reply we accept */
#define MAX_ENTRIES	512	/* DUMP / GETADDRLIST entries we decode */
#define MAX_STALE	16	/* replies with another xid skipped per wait */
#define MAX_FRAGS	64	/* record-marking fragments per reply */

#include "../common/probe.h"

/* Test programs, in the user-defined range 0x20000000-0x3fffffff. */
#define TPROG(n)	(0x3a5e0000u + (n))

enum target { TGT_RPCBINDD, TGT_RPCBIND };
static enum target target = TGT_RPCBINDD;
static const char *sock_path = "/run/rpcbind.sock";
static uint16_t server_port = PMAP_PORT;
static unsigned idle_secs = 8;
static bool no_plan;

#define REF (target == TGT_RPCBIND)

/* ------------------------------------------------------------------ TAP */

static unsigned t_n, t_fail;

static bool tap(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool
tap(bool cond, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	if (!cond)
		t_fail++;
	printf("%sok %u - ", cond ? "" : "not ", t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

static void skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	printf("ok %u - ", t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
	fflush(stdout);
}

/* --------------------------------------------------- big-endian writer */

static void
wb_init(struct wb *w)
{
	w->n = 0;
	w->err = false;
}

static void
w_fill(struct wb *w, uint8_t byte, size_t len)
{
	for (size_t i = 0; i < len && !w->err; i++)
		w_raw(w, &byte, 1);
}

/* --------------------------------------------------- big-endian reader */

/* opaque<max>: copies at most max bytes to out, returns the length */
static size_t
r_opaque(struct rb *r, uint8_t *out, size_t max)
{
	uint32_t len = r_u32(r);
	size_t padded;

	if (r->err)
		return 0;
	if (len > max) {
		r->err = true;
		return 0;
	}
	padded = ((size_t)len + 3) & ~(size_t)3;
	if (r->n - r->off < padded) {
		r->err = true;
		return 0;
	}
	if (len > 0)
		memcpy(out, r->p + r->off, len);
	r->off += padded;
	return len;
}

/* string<max-1> into a NUL-terminated buffer of max bytes */
static void
r_str(struct rb *r, char *out, size_t max)
{
	size_t len = r_opaque(r, (uint8_t *)out, max - 1);

	out[r->err ? 0 : len] = '\0';
	if (!r->err && memchr(out, '\0', len) != NULL)
		r->err = true;
}

static bool
r_end(const struct rb *r)
{
	return !r->err && r->off == r->n;
}

/* ----------------------------------------------------------- transports */

enum tr { TR_UDP4, TR_UDP6, TR_TCP4, TR_TCP6, TR_PATH, TR_ABSTRACT, TR_COUNT };
static const char *const tr_name[TR_COUNT] = {
	"udp 127.0.0.1", "udp ::1", "tcp 127.0.0.1", "tcp ::1",
	"local path socket", "local abstract socket",
};

static bool
tr_stream(enum tr t)
{
	return t != TR_UDP4 && t != TR_UDP6;
}

/* Debian's rpcbind 1.2.6 does not listen on the abstract name. */
static bool
tr_missing(enum tr t)
{
	return REF && t == TR_ABSTRACT;
}

struct conn {
	int fd;
	enum tr tr;
};

#define SRC_ANY		0	/* kernel-chosen (unprivileged) source port */
#define SRC_RESERVED	(-1)	/* a source port below 1024 */

static uint16_t resv_next = 1023;
static uid_t connect_uid;	/* != 0: connect() with this euid (SO_PEERCRED) */

static int
bind_reserved(int fd, int family)
{
	for (int i = 0; i < 424; i++) {
		union {
			struct sockaddr sa;
			struct sockaddr_in in;
			struct sockaddr_in6 in6;
		} a;
		socklen_t alen;
		uint16_t port = resv_next;

		resv_next = resv_next > 600 ? resv_next - 1 : 1023;
		memset(&a, 0, sizeof a);
		if (family == AF_INET) {
			a.in.sin_family = AF_INET;
			a.in.sin_port = htons(port);
			alen = sizeof a.in;
		} else {
			a.in6.sin6_family = AF_INET6;
			a.in6.sin6_port = htons(port);
			alen = sizeof a.in6;
		}
		if (bind(fd, &a.sa, alen) == 0)
			return 0;
		if (errno != EADDRINUSE)
			return -1;
	}
	errno = EADDRINUSE;
	return -1;
}

static int
conn_open(struct conn *c, enum tr tr, int src)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_un un;
	} d;
	socklen_t dlen;
	int family, rc, one = 1;
	size_t plen = strlen(sock_path);
	struct timeval tv = { 2, 0 };

	c->fd = -1;
	c->tr = tr;
	memset(&d, 0, sizeof d);
	switch (tr) {
	case TR_UDP4:
	case TR_TCP4:
		family = AF_INET;
		d.in.sin_family = AF_INET;
		d.in.sin_port = htons(server_port);
		d.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		dlen = sizeof d.in;
		break;
	case TR_UDP6:
	case TR_TCP6:
		family = AF_INET6;
		d.in6.sin6_family = AF_INET6;
		d.in6.sin6_port = htons(server_port);
		d.in6.sin6_addr = in6addr_loopback;
		dlen = sizeof d.in6;
		break;
	default:
		family = AF_UNIX;
		d.un.sun_family = AF_UNIX;
		if (plen + 2 > sizeof d.un.sun_path) {
			diag("socket path too long");
			return -1;
		}
		if (tr == TR_PATH) {
			memcpy(d.un.sun_path, sock_path, plen + 1);
			dlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen + 1);
		} else {
			memcpy(d.un.sun_path + 1, sock_path, plen);
			dlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen + 1);
		}
		break;
	}
	c->fd = socket(family, (tr_stream(tr) ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		diag("socket(%s): %s", tr_name[tr], strerror(errno));
		return -1;
	}
	(void)setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (family != AF_UNIX && tr_stream(tr))
		(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (family != AF_UNIX && src == SRC_RESERVED && bind_reserved(c->fd, family) == -1) {
		diag("bind to a reserved port (%s): %s", tr_name[tr], strerror(errno));
		goto fail;
	}
	if (connect_uid != 0 && seteuid(connect_uid) == -1) {
		diag("seteuid(%u): %s", (unsigned)connect_uid, strerror(errno));
		goto fail;
	}
	rc = connect(c->fd, &d.sa, dlen);
	if (connect_uid != 0 && seteuid(0) == -1) {
		diag("seteuid(0): %s", strerror(errno));
		exit(2);
	}
	if (rc == -1) {
		diag("connect(%s): %s", tr_name[tr], strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	return -1;
}

static void
conn_close(struct conn *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
}

static int
send_all(int fd, const uint8_t *p, size_t n)
{
	size_t off = 0;

	for (int i = 0; off < n && i < 100000; i++) {
		ssize_t r = send(fd, p + off, n - off, MSG_NOSIGNAL);

		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)r;
	}
	return off == n ? 0 : -1;
}

/* One message: a datagram, or one record (single last fragment). */
static int
conn_send(struct conn *c, const uint8_t *p, size_t n)
{
	uint8_t rec[4 + WB_MAX];

	if (c->fd == -1)
		return -1;
	if (!tr_stream(c->tr))
		return send(c->fd, p, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
	if (n > WB_MAX)
		return -1;
	rec[0] = (uint8_t)(0x80 | (n >> 24));
	rec[1] = (uint8_t)(n >> 16);
	rec[2] = (uint8_t)(n >> 8);
	rec[3] = (uint8_t)n;
	memcpy(rec + 4, p, n);
	return send_all(c->fd, rec, n + 4);
}

/* Outcome of waiting for a reply. */
#define GOT_REPLY	1
#define GOT_NONE	0	/* deadline passed in silence */
#define GOT_CLOSED	(-1)	/* EOF or reset on a stream, refused on UDP */
#define GOT_ERR		(-2)	/* could not send */
#define GOT_BAD		(-3)	/* a reply that does not decode */

/* 1 done, GOT_NONE at the deadline, GOT_CLOSED on EOF/error */
static int
read_full(int fd, uint8_t *p, size_t n, int64_t deadline)
{
	size_t off = 0;

	for (int i = 0; off < n && i < 100000; i++) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (left <= 0)
			return GOT_NONE;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(fd, p + off, n - off);
		if (r == 0)
			return GOT_CLOSED;
		if (r == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return GOT_CLOSED;
		}
		off += (size_t)r;
	}
	return off == n ? 1 : GOT_NONE;
}

/* Receive one message into buf: its length, or GOT_NONE / GOT_CLOSED. */
static long
conn_recv(struct conn *c, uint8_t *buf, size_t max, int tmo)
{
	int64_t deadline = now_ms() + tmo;
	size_t total = 0;

	if (c->fd == -1)
		return GOT_CLOSED;
	if (!tr_stream(c->tr)) {
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		ssize_t r;

		for (int i = 0; i < 1000; i++) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				return GOT_NONE;
			if (poll(&pfd, 1, (int)left) <= 0)
				continue;
			r = recv(c->fd, buf, max, 0);
			if (r >= 0)
				return (long)r;
			if (errno != EINTR && errno != EAGAIN)
				return GOT_CLOSED;
		}
		return GOT_NONE;
	}
	for (int frag = 0; frag < MAX_FRAGS; frag++) {
		uint8_t h[4];
		uint32_t hdr, len;
		int r = read_full(c->fd, h, 4, deadline);

		if (r != 1)
			return r;
		hdr = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
		len = hdr & 0x7fffffffu;
		if (len > max - total) {
			diag("reply record fragment of %u bytes is too big", len);
			return GOT_CLOSED;
		}
		r = read_full(c->fd, buf + total, len, deadline);
		if (r != 1)
			return r;
		total += len;
		if (hdr & 0x80000000u)
			return (long)total;
	}
	diag("reply of more than %d fragments", MAX_FRAGS);
	return GOT_CLOSED;
}

/* ------------------------------------------------------------- RPC layer */

struct reply {
	int got;
	uint32_t xid, rstat, astat, rjstat, lo, hi, authstat;
	struct rb res;		/* the results, when accepted SUCCESS */
	size_t len;
	uint8_t buf[REPLY_MAX];
};

struct hdr {
	uint32_t mtype, rpcvers;
	uint32_t cflavor, vflavor;
	const uint8_t *cbody, *vbody;
	size_t clen, vlen;
};

static const struct hdr hdr_none = { MT_CALL, 2, AUTH_NONE_F, AUTH_NONE_F, NULL, NULL, 0, 0 };
static uint32_t xid_seq;

static uint32_t
w_call(struct wb *w, const struct hdr *h, uint32_t prog, uint32_t vers, uint32_t proc)
{
	uint32_t xid = ++xid_seq;

	w_u32(w, xid);
	w_u32(w, h->mtype);
	w_u32(w, h->rpcvers);
	w_u32(w, prog);
	w_u32(w, vers);
	w_u32(w, proc);
	w_u32(w, h->cflavor);
	w_opaque(w, h->cbody, h->clen);
	w_u32(w, h->vflavor);
	w_opaque(w, h->vbody, h->vlen);
	return xid;
}

static void
parse_reply(struct reply *rp)
{
	struct rb r = { rp->buf, rp->len, 0, false };
	uint8_t verf[MAX_AUTH_BYTES];
	uint32_t mtype;

	rp->xid = r_u32(&r);
	mtype = r_u32(&r);
	rp->rstat = r_u32(&r);
	rp->astat = rp->rjstat = rp->lo = rp->hi = rp->authstat = UINT32_MAX;
	if (mtype != MT_REPLY)
		r.err = true;
	if (rp->rstat == RS_ACCEPTED) {
		(void)r_u32(&r);
		(void)r_opaque(&r, verf, sizeof verf);
		rp->astat = r_u32(&r);
		if (rp->astat == AS_PROG_MISMATCH) {
			rp->lo = r_u32(&r);
			rp->hi = r_u32(&r);
		}
		if (!r.err && rp->astat == AS_SUCCESS) {
			rp->res = (struct rb){ rp->buf + r.off, rp->len - r.off, 0, false };
			rp->got = GOT_REPLY;
			return;
		}
	} else if (rp->rstat == RS_DENIED) {
		rp->rjstat = r_u32(&r);
		if (rp->rjstat == RJ_RPC_MISMATCH) {
			rp->lo = r_u32(&r);
			rp->hi = r_u32(&r);
		} else if (rp->rjstat == RJ_AUTH_ERROR) {
			rp->authstat = r_u32(&r);
		} else {
			r.err = true;
		}
	} else {
		r.err = true;
	}
	rp->got = r_end(&r) ? GOT_REPLY : GOT_BAD;
}

/* Wait for the reply to xid, skipping a bounded number of others. */
static void
await_reply(struct conn *c, uint32_t xid, struct reply *rp, int tmo)
{
	int64_t deadline = now_ms() + tmo;

	for (int i = 0; i < MAX_STALE; i++) {
		int64_t left = deadline - now_ms();
		long n = conn_recv(c, rp->buf, sizeof rp->buf, left > 0 ? (int)left : 0);

		if (n < 0 || (n == 0 && left <= 0)) {
			rp->got = n < 0 ? (int)n : GOT_NONE;
			return;
		}
		if (n == 0) {
			rp->got = GOT_NONE;
			return;
		}
		rp->len = (size_t)n;
		parse_reply(rp);
		if (rp->got != GOT_REPLY || rp->xid == xid)
			return;
		diag("skipped a reply with xid %#x (waiting for %#x)", rp->xid, xid);
	}
	rp->got = GOT_NONE;
}

static void
send_call(struct conn *c, const struct hdr *h, uint32_t prog, uint32_t vers, uint32_t proc,
    const struct wb *args, struct reply *rp, int tmo)
{
	struct wb w;
	uint32_t xid;

	wb_init(&w);
	xid = w_call(&w, h != NULL ? h : &hdr_none, prog, vers, proc);
	if (args != NULL) {
		if (args->err)
			w.err = true;
		w_raw(&w, args->b, args->n);
	}
	if (w.err || conn_send(c, w.b, w.n) == -1) {
		diag("could not send the call on %s: %s", tr_name[c->tr], strerror(errno));
		rp->got = c->fd == -1 ? GOT_CLOSED : GOT_ERR;
		return;
	}
	await_reply(c, xid, rp, tmo);
}

/* A portmapper call with AUTH_NONE that expects a reply. */
static void
pm(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args, struct reply *rp)
{
	send_call(c, NULL, PMAP_PROG, vers, proc, args, rp, T_REPLY);
}

static const char *
as_name(uint32_t s)
{
	static const char *const n[] = { "SUCCESS", "PROG_UNAVAIL", "PROG_MISMATCH",
		"PROC_UNAVAIL", "GARBAGE_ARGS", "SYSTEM_ERR" };

	return s < 6 ? n[s] : "accept_stat?";
}

static const char *
au_name(uint32_t s)
{
	static const char *const n[] = { "AUTH_OK", "AUTH_BADCRED", "AUTH_REJECTEDCRED",
		"AUTH_BADVERF", "AUTH_REJECTEDVERF", "AUTH_TOOWEAK", "AUTH_INVALIDRESP",
		"AUTH_FAILED" };

	return s < 8 ? n[s] : "auth_stat?";
}

static const char *
describe(const struct reply *rp, char *buf, size_t n)
{
	switch (rp->got) {
	case GOT_NONE:
		return "no reply";
	case GOT_CLOSED:
		return "connection closed (or port unreachable)";
	case GOT_ERR:
		return "send failed";
	case GOT_BAD:
		snprintf(buf, n, "an undecodable reply of %zu bytes", rp->len);
		return buf;
	default:
		break;
	}
	if (rp->rstat == RS_ACCEPTED && rp->astat == AS_PROG_MISMATCH)
		snprintf(buf, n, "accepted PROG_MISMATCH %u-%u", rp->lo, rp->hi);
	else if (rp->rstat == RS_ACCEPTED && rp->astat == AS_SUCCESS && rp->res.n == 4)
		snprintf(buf, n, "accepted SUCCESS, result %u", (uint32_t)rp->res.p[0] << 24 |
		    (uint32_t)rp->res.p[1] << 16 | (uint32_t)rp->res.p[2] << 8 | rp->res.p[3]);
	else if (rp->rstat == RS_ACCEPTED)
		snprintf(buf, n, "accepted %s", as_name(rp->astat));
	else if (rp->rjstat == RJ_RPC_MISMATCH)
		snprintf(buf, n, "denied RPC_MISMATCH %u-%u", rp->lo, rp->hi);
	else
		snprintf(buf, n, "denied AUTH_ERROR %s", au_name(rp->authstat));
	return buf;
}

enum xk {
	X_NONE, X_SUCCESS, X_SILENT, X_CLOSED, X_PROG_UNAVAIL, X_PROG_MISMATCH,
	X_PROC_UNAVAIL, X_GARBAGE, X_SYSERR, X_RPC_MISMATCH, X_AUTH,
};
struct ex {
	enum xk k;
	uint32_t a, b;		/* lo/hi, or the auth_stat (0: any) */
};
#define EX(k)		((struct ex){ (k), 0, 0 })
#define EX_AUTH(s)	((struct ex){ X_AUTH, (s), 0 })
#define EX_PROGMIS	((struct ex){ X_PROG_MISMATCH, 2, 4 })
#define EX_RPCMIS	((struct ex){ X_RPC_MISMATCH, 2, 2 })

static bool
matches(const struct reply *rp, struct ex e)
{
	switch (e.k) {
	case X_NONE:
		return false;
	case X_SILENT:
		return rp->got == GOT_NONE;
	case X_CLOSED:
		return rp->got == GOT_CLOSED;
	default:
		if (rp->got != GOT_REPLY)
			return false;
		break;
	}
	switch (e.k) {
	case X_SUCCESS:
		return rp->rstat == RS_ACCEPTED && rp->astat == AS_SUCCESS;
	case X_PROG_UNAVAIL:
		return rp->rstat == RS_ACCEPTED && rp->astat == AS_PROG_UNAVAIL;
	case X_PROG_MISMATCH:
		return rp->rstat == RS_ACCEPTED && rp->astat == AS_PROG_MISMATCH &&
		    rp->lo == e.a && rp->hi == e.b;
	case X_PROC_UNAVAIL:
		return rp->rstat == RS_ACCEPTED && rp->astat == AS_PROC_UNAVAIL;
	case X_GARBAGE:
		return rp->rstat == RS_ACCEPTED && rp->astat == AS_GARBAGE_ARGS;
	case X_SYSERR:
		return rp->rstat == RS_ACCEPTED && rp->astat == AS_SYSTEM_ERR;
	case X_RPC_MISMATCH:
		return rp->rstat == RS_DENIED && rp->rjstat == RJ_RPC_MISMATCH &&
		    rp->lo == e.a && rp->hi == e.b;
	case X_AUTH:
		return rp->rstat == RS_DENIED && rp->rjstat == RJ_AUTH_ERROR &&
		    (e.a == 0 || rp->authstat == e.a);
	default:
		return false;
	}
}

static const char *
ex_name(struct ex e, char *buf, size_t n)
{
	static const char *const names[] = { "-", "accepted SUCCESS", "no reply",
		"connection closed", "accepted PROG_UNAVAIL", "accepted PROG_MISMATCH",
		"accepted PROC_UNAVAIL", "accepted GARBAGE_ARGS", "accepted SYSTEM_ERR",
		"denied RPC_MISMATCH", "denied AUTH_ERROR" };

	if (e.k == X_PROG_MISMATCH || e.k == X_RPC_MISMATCH)
		snprintf(buf, n, "%s %u-%u", names[e.k], e.a, e.b);
	else if (e.k == X_AUTH && e.a != 0)
		snprintf(buf, n, "%s %s", names[e.k], au_name(e.a));
	else
		snprintf(buf, n, "%s", names[e.k]);
	return buf;
}

/* One TAP line: the reply matches e (or alt, if alt.k != X_NONE). */
static bool
check(const char *desc, const struct reply *rp, struct ex e, struct ex alt)
{
	char b1[96], b2[96], b3[96];
	bool good = matches(rp, e) || matches(rp, alt);

	tap(good, "%s", desc);
	if (good && alt.k != X_NONE)
		diag("got %s", describe(rp, b3, sizeof b3));
	if (!good)
		diag("expected %s%s%s; got %s", ex_name(e, b1, sizeof b1),
		    alt.k != X_NONE ? " or " : "",
		    alt.k != X_NONE ? ex_name(alt, b2, sizeof b2) : "",
		    describe(rp, b3, sizeof b3));
	return good;
}

#define NOALT EX(X_NONE)
/* A second outcome accepted from the reference rpcbind only: rpcbindd's
 * behaviour is fixed, so it must give the first. */
#define REFALT(x) (REF ? (x) : NOALT)

/* Send, expect the outcome e; a fresh connection per call keeps streams in sync. */
static bool
expect_on(enum tr tr, int src, const struct hdr *h, uint32_t prog, uint32_t vers,
    uint32_t proc, const struct wb *args, struct ex e, struct ex alt, const char *desc)
{
	struct conn c;
	struct reply rp;
	bool silent_ok = e.k == X_SILENT || alt.k == X_SILENT;

	if (conn_open(&c, tr, src) == -1)
		return tap(false, "%s", desc);
	send_call(&c, h, prog, vers, proc, args, &rp, silent_ok ? T_SILENT : T_REPLY);
	conn_close(&c);
	return check(desc, &rp, e, alt);
}

/* Is the daemon still answering a v2 NULL over tr? */
static bool
alive(enum tr tr)
{
	struct conn c;
	struct reply rp;

	if (conn_open(&c, tr, SRC_ANY) == -1)
		return false;
	pm(&c, 2, PMAPPROC_NULL, NULL, &rp);
	conn_close(&c);
	return matches(&rp, EX(X_SUCCESS)) && r_end(&rp.res);
}

static void
check_alive(const char *after)
{
	tap(alive(TR_UDP4), "daemon still answers a v2 NULL over udp after %s", after);
}

/* ---------------------------------------------------- argument builders */

static void
w_pmap(struct wb *w, uint32_t prog, uint32_t vers, uint32_t prot, uint32_t port)
{
	w_u32(w, prog);
	w_u32(w, vers);
	w_u32(w, prot);
	w_u32(w, port);
}

static void
w_rpcb(struct wb *w, uint32_t prog, uint32_t vers, const char *netid, const char *addr,
    const char *owner)
{
	w_u32(w, prog);
	w_u32(w, vers);
	w_str(w, netid);
	w_str(w, addr);
	w_str(w, owner);
}

/* ------------------------------------------------------ result decoders */

/* A call that must succeed; on failure one "not ok" line is printed. */
static bool
call_ok(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args,
    struct reply *rp, const char *desc)
{
	char b[96];

	pm(c, vers, proc, args, rp);
	if (matches(rp, EX(X_SUCCESS)))
		return true;
	tap(false, "%s", desc);
	diag("expected accepted SUCCESS; got %s", describe(rp, b, sizeof b));
	return false;
}

/* bool result (SET, UNSET) */
static bool
expect_bool(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args,
    uint32_t want, const char *desc)
{
	struct reply rp;
	uint32_t v;
	bool good;

	if (!call_ok(c, vers, proc, args, &rp, desc))
		return false;
	v = r_u32(&rp.res);
	good = r_end(&rp.res) && v == want;
	tap(good, "%s", desc);
	if (!good)
		diag("expected %s, got %s (%zu result bytes)", want ? "TRUE" : "FALSE",
		    rp.res.err ? "nothing" : v == 1 ? "TRUE" : v == 0 ? "FALSE" : "a non-bool",
		    rp.res.n);
	return good;
}

static bool
set_rpcb(struct conn *c, uint32_t vers, uint32_t proc, uint32_t prog, uint32_t pvers,
    const char *netid, const char *addr, const char *owner, uint32_t want, const char *desc)
{
	struct wb a;

	wb_init(&a);
	w_rpcb(&a, prog, pvers, netid, addr, owner);
	return expect_bool(c, vers, proc, &a, want, desc);
}

static bool
set_pmap(struct conn *c, uint32_t proc, uint32_t prog, uint32_t vers, uint32_t prot,
    uint32_t port, uint32_t want, const char *desc)
{
	struct wb a;

	wb_init(&a);
	w_pmap(&a, prog, vers, prot, port);
	return expect_bool(c, 2, proc, &a, want, desc);
}

/* GETPORT → port (-1 with a "not ok" line on failure) */
static long
getport(struct conn *c, uint32_t prog, uint32_t vers, uint32_t prot, const char *desc)
{
	struct reply rp;
	struct wb a;
	uint32_t v;

	wb_init(&a);
	w_pmap(&a, prog, vers, prot, 0);
	if (!call_ok(c, 2, PMAPPROC_GETPORT, &a, &rp, desc))
		return -1;
	v = r_u32(&rp.res);
	if (!r_end(&rp.res) || v > 65535) {
		tap(false, "%s", desc);
		diag("GETPORT result does not decode as a port (%zu bytes)", rp.res.n);
		return -1;
	}
	return (long)v;
}

static bool
expect_port(struct conn *c, uint32_t prog, uint32_t vers, uint32_t prot, long want,
    const char *desc)
{
	long port = getport(c, prog, vers, prot, desc);

	if (port < 0)
		return false;
	if (!tap(port == want, "%s", desc))
		diag("expected port %ld, got %ld", want, port);
	return port == want;
}

/* string result (GETADDR, GETVERSADDR, TADDR2UADDR) */
static bool
get_string(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args,
    char *out, size_t max, const char *desc)
{
	struct reply rp;

	out[0] = '\0';
	if (!call_ok(c, vers, proc, args, &rp, desc))
		return false;
	r_str(&rp.res, out, max);
	if (!r_end(&rp.res)) {
		tap(false, "%s", desc);
		diag("result is not one string of < %zu bytes (%zu bytes)", max, rp.res.n);
		return false;
	}
	return true;
}

static bool
expect_addr(struct conn *c, uint32_t vers, uint32_t proc, uint32_t prog, uint32_t pvers,
    const char *netid, const char *hint, const char *want, const char *alt, const char *desc)
{
	struct wb a;
	char got[256];
	bool good;

	wb_init(&a);
	w_rpcb(&a, prog, pvers, netid, hint, "");
	if (!get_string(c, vers, proc, &a, got, sizeof got, desc))
		return false;
	good = strcmp(got, want) == 0 || (alt != NULL && strcmp(got, alt) == 0);
	if (!tap(good, "%s", desc))
		diag("expected \"%s\"%s%s%s, got \"%s\"", want, alt ? " or \"" : "",
		    alt ? alt : "", alt ? "\"" : "", got);
	return good;
}

struct pmap_ent {
	uint32_t prog, vers, prot, port;
};

struct rpcb_ent {
	uint32_t prog, vers;
	char netid[320], addr[1200], owner[1200];
};

static struct pmap_ent pmap_tab[MAX_ENTRIES];
static struct rpcb_ent rpcb_tab[MAX_ENTRIES];

/* a list of optional-data items: TRUE item TRUE item ... FALSE */
static int
dec_pmaplist(struct rb *r)
{
	int n = 0;

	while (!r->err && r_u32(r) == 1) {
		if (n == MAX_ENTRIES) {
			r->err = true;
			break;
		}
		pmap_tab[n].prog = r_u32(r);
		pmap_tab[n].vers = r_u32(r);
		pmap_tab[n].prot = r_u32(r);
		pmap_tab[n].port = r_u32(r);
		n++;
	}
	return r_end(r) ? n : -1;
}

static int
dec_rpcblist(struct rb *r)
{
	int n = 0;

	while (!r->err && r_u32(r) == 1) {
		if (n == MAX_ENTRIES) {
			r->err = true;
			break;
		}
		rpcb_tab[n].prog = r_u32(r);
		rpcb_tab[n].vers = r_u32(r);
		r_str(r, rpcb_tab[n].netid, sizeof rpcb_tab[n].netid);
		r_str(r, rpcb_tab[n].addr, sizeof rpcb_tab[n].addr);
		r_str(r, rpcb_tab[n].owner, sizeof rpcb_tab[n].owner);
		n++;
	}
	return r_end(r) ? n : -1;
}

/* DUMP v2 into pmap_tab; -1 with a "not ok" line on failure */
static int
dump_pmap(struct conn *c, const char *desc)
{
	struct reply rp;
	int n;

	if (!call_ok(c, 2, PMAPPROC_DUMP, NULL, &rp, desc))
		return -1;
	n = dec_pmaplist(&rp.res);
	if (n < 0) {
		tap(false, "%s", desc);
		diag("DUMP v2 result does not decode (%zu bytes)", rp.res.n);
	}
	return n;
}

/* DUMP v3/v4 into rpcb_tab */
static int
dump_rpcb(struct conn *c, uint32_t vers, const char *desc)
{
	struct reply rp;
	int n;

	if (!call_ok(c, vers, RPCBPROC_DUMP, NULL, &rp, desc))
		return -1;
	n = dec_rpcblist(&rp.res);
	if (n < 0) {
		tap(false, "%s", desc);
		diag("DUMP v%u result does not decode (%zu bytes)", vers, rp.res.n);
	}
	return n;
}

static const struct pmap_ent *
find_pmap(int n, uint32_t prog, uint32_t vers, uint32_t prot)
{
	for (int i = 0; i < n; i++)
		if (pmap_tab[i].prog == prog && pmap_tab[i].vers == vers && pmap_tab[i].prot == prot)
			return &pmap_tab[i];
	return NULL;
}

static const struct rpcb_ent *
find_rpcb(int n, uint32_t prog, uint32_t vers, const char *netid)
{
	for (int i = 0; i < n; i++)
		if (rpcb_tab[i].prog == prog && rpcb_tab[i].vers == vers &&
		    strcmp(rpcb_tab[i].netid, netid) == 0)
			return &rpcb_tab[i];
	return NULL;
}

static int
count_prog(int n, uint32_t prog, uint32_t vers)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += rpcb_tab[i].prog == prog && rpcb_tab[i].vers == vers;
	return k;
}

static void
diag_rpcb(int n)
{
	for (int i = 0; i < n && i < 64; i++)
		diag("  %u v%u %s %s owner %s", rpcb_tab[i].prog, rpcb_tab[i].vers,
		    rpcb_tab[i].netid, rpcb_tab[i].addr, rpcb_tab[i].owner);
}

/* The DUMP has entry (prog, vers, netid) with this address and owner. */
static bool
expect_entry(int n, uint32_t prog, uint32_t vers, const char *netid, const char *addr,
    const char *owner, const char *desc)
{
	const struct rpcb_ent *e = find_rpcb(n, prog, vers, netid);
	bool good = e != NULL && (addr == NULL || strcmp(e->addr, addr) == 0) &&
	    (owner == NULL || strcmp(e->owner, owner) == 0);

	if (!tap(good, "%s", desc)) {
		diag("wanted %u v%u %s %s owner %s in:", prog, vers, netid,
		    addr ? addr : "*", owner ? owner : "*");
		diag_rpcb(n);
	}
	return good;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ------------------------------------------------------------- sections */

static void
open_or_bail(struct conn *c, enum tr tr, int src)
{
	if (conn_open(c, tr, src) == -1) {
		printf("Bail out! cannot connect to the portmapper over %s\n", tr_name[tr]);
		exit(1);
	}
}

/* 1 (part): every transport answers the NULLs and a GETPORT. */
static void
sec_basic(void)
{
	for (int t = 0; t < TR_COUNT; t++) {
		struct conn c;
		struct reply rp;
		const char *tn = tr_name[t];

		if (tr_missing((enum tr)t)) {
			skip("rpcbind 1.2.6 has no abstract socket", "%s: v2, v3, v4 NULL and GETPORT", tn);
			continue;
		}
		if (conn_open(&c, (enum tr)t, SRC_ANY) == -1) {
			tap(false, "%s: connect", tn);
			continue;
		}
		for (uint32_t v = 2; v <= 4; v++) {
			char d[96];

			snprintf(d, sizeof d, "%s: v%u NULL answers SUCCESS with no result", tn, v);
			pm(&c, v, 0, NULL, &rp);
			if (check(d, &rp, EX(X_SUCCESS), NOALT) && !r_end(&rp.res))
				diag("NULL result has %zu bytes", rp.res.n);
		}
		{
			char d[96];

			snprintf(d, sizeof d, "%s: v2 GETPORT 100000/2/%s is 111", tn,
			    tr_stream((enum tr)t) ? "tcp" : "udp");
			expect_port(&c, PMAP_PROG, 2,
			    tr_stream((enum tr)t) ? IPPROTO_TCP_N : IPPROTO_UDP_N, PMAP_PORT, d);
		}
		conn_close(&c);
	}
}

/* 1: PMAP v2 procedures. SET/UNSET over the local socket, lookups over UDP. */
static void
sec_pmap(void)
{
	struct conn l, u;
	const uint32_t P = TPROG(1);
	int n;

	open_or_bail(&l, TR_PATH, SRC_ANY);
	open_or_bail(&u, TR_UDP4, SRC_ANY);

	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40001, 1, "v2 SET P/1/udp/40001 over the local socket is TRUE");
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40001, 1, "v2 SET of an identical mapping is TRUE");
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40009, 0, "v2 SET of P/1/udp with another port is FALSE");
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_TCP_N, 40002, 1, "v2 SET P/1/tcp/40002 is TRUE");
	expect_port(&u, P, 1, IPPROTO_UDP_N, 40001, "v2 GETPORT P/1/udp is 40001 (the first SET won)");
	expect_port(&u, P, 1, IPPROTO_TCP_N, 40002, "v2 GETPORT P/1/tcp is 40002");
	expect_port(&u, P, 7, IPPROTO_UDP_N, 40001,
	    "v2 GETPORT of a missing version answers another version's port (as rpcbind)");
	expect_port(&u, TPROG(99), 1, IPPROTO_UDP_N, 0, "v2 GETPORT of an unknown program is 0");

	n = dump_pmap(&u, "v2 DUMP over udp decodes");
	if (n >= 0) {
		tap(n >= 4, "v2 DUMP over udp decodes (%d entries)", n);
		tap(find_pmap(n, PMAP_PROG, 2, IPPROTO_TCP_N) && find_pmap(n, PMAP_PROG, 2, IPPROTO_TCP_N)->port == 111 &&
		    find_pmap(n, PMAP_PROG, 2, IPPROTO_UDP_N) && find_pmap(n, PMAP_PROG, 2, IPPROTO_UDP_N)->port == 111,
		    "v2 DUMP lists the portmapper 100000 v2 on tcp and udp port 111");
		tap(find_pmap(n, P, 1, IPPROTO_UDP_N) && find_pmap(n, P, 1, IPPROTO_UDP_N)->port == 40001 &&
		    find_pmap(n, P, 1, IPPROTO_TCP_N) && find_pmap(n, P, 1, IPPROTO_TCP_N)->port == 40002,
		    "v2 DUMP lists P/1 on udp 40001 and tcp 40002");
	}
	n = dump_rpcb(&l, 3, "v3 DUMP over the local socket decodes");
	if (n >= 0)
		expect_entry(n, P, 1, "udp", "0.0.0.0.156.65", "superuser",
		    "v3 DUMP shows the v2 SET as udp 0.0.0.0.156.65, owner superuser");

	set_pmap(&l, PMAPPROC_UNSET, P, 1, 0, 0, 1, "v2 UNSET P/1 is TRUE");
	expect_port(&u, P, 1, IPPROTO_UDP_N, 0, "v2 GETPORT P/1/udp after UNSET is 0");
	expect_port(&u, P, 1, IPPROTO_TCP_N, 0, "v2 GETPORT P/1/tcp after UNSET is 0");
	set_pmap(&l, PMAPPROC_UNSET, P, 1, 0, 0, 1, "v2 UNSET that matches nothing is TRUE");
	conn_close(&l);
	conn_close(&u);
}

/* netbuf of a sockaddr as the host encodes it (family in host order) */
static size_t
sa_bytes(uint8_t *out, int family, uint16_t port)
{
	if (family == AF_INET) {
		struct sockaddr_in s;

		memset(&s, 0, sizeof s);
		s.sin_family = AF_INET;
		s.sin_port = htons(port);
		s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		memcpy(out, &s, sizeof s);
		return sizeof s;
	} else {
		struct sockaddr_in6 s;

		memset(&s, 0, sizeof s);
		s.sin6_family = AF_INET6;
		s.sin6_port = htons(port);
		s.sin6_addr = in6addr_loopback;
		memcpy(out, &s, sizeof s);
		return sizeof s;
	}
}

static void
check_uaddr2taddr(struct conn *c, uint32_t vers, const char *uaddr, int family)
{
	struct reply rp;
	struct wb a;
	uint8_t want[64], got[256];
	size_t wlen = sa_bytes(want, family, 111), glen;
	uint32_t maxlen;
	char d[128];
	bool good;

	snprintf(d, sizeof d, "v%u UADDR2TADDR \"%s\" over %s is a %zu-byte sockaddr netbuf",
	    vers, uaddr, tr_name[c->tr], wlen);
	wb_init(&a);
	w_str(&a, uaddr);
	if (!call_ok(c, vers, RPCBPROC_UADDR2TADDR, &a, &rp, d))
		return;
	maxlen = r_u32(&rp.res);
	glen = r_opaque(&rp.res, got, sizeof got);
	good = r_end(&rp.res) && maxlen == wlen && glen == wlen && memcmp(got, want, wlen) == 0;
	if (!tap(good, "%s", d)) {
		char hex[3 * 64 + 1] = "";

		for (size_t i = 0; i < glen && i < 64; i++)
			snprintf(hex + 3 * i, 4, "%02x ", got[i]);
		diag("maxlen %u len %zu bytes %s (decoded: %s)", maxlen, glen, hex,
		    r_end(&rp.res) ? "yes" : "no");
	}
}

static void
check_taddr2uaddr(struct conn *c, uint32_t vers, int family, const char *want)
{
	struct wb a;
	uint8_t sa[64];
	size_t len = sa_bytes(sa, family, 111);
	char got[256], d[128];

	snprintf(d, sizeof d, "v%u TADDR2UADDR of a %zu-byte sockaddr over %s is \"%s\"",
	    vers, len, tr_name[c->tr], want);
	wb_init(&a);
	w_u32(&a, (uint32_t)len);
	w_opaque(&a, sa, len);
	if (!get_string(c, vers, RPCBPROC_TADDR2UADDR, &a, got, sizeof got, d))
		return;
	if (!tap(strcmp(got, want) == 0, "%s", d))
		diag("got \"%s\"", got);
}

static void
check_gettime(struct conn *c, uint32_t vers)
{
	struct reply rp;
	uint32_t t;
	char d[96];
	long long skew;

	snprintf(d, sizeof d, "v%u GETTIME is within 5 s of time(NULL)", vers);
	if (!call_ok(c, vers, RPCBPROC_GETTIME, NULL, &rp, d))
		return;
	t = r_u32(&rp.res);
	skew = (long long)t - (long long)time(NULL);
	if (!tap(r_end(&rp.res) && skew >= -5 && skew <= 5, "%s", d))
		diag("got %u (skew %lld s, %zu bytes)", t, skew, rp.res.n);
}

static void
check_getaddrlist(struct conn *c)
{
	struct reply rp;
	struct wb a;
	int n = 0;
	bool have_udp = false;
	const char *d = "v4 GETADDRLIST 100000/4 over udp decodes, lists udp 127.0.0.1.0.111";

	wb_init(&a);
	w_rpcb(&a, PMAP_PROG, 4, "", "", "");
	if (!call_ok(c, 4, RPCBPROC_GETADDRLIST, &a, &rp, d))
		return;
	while (!rp.res.err && r_u32(&rp.res) == 1 && n < MAX_ENTRIES) {
		char maddr[128], netid[64], fam[64], proto[64];
		uint32_t sem;

		r_str(&rp.res, maddr, sizeof maddr);
		r_str(&rp.res, netid, sizeof netid);
		sem = r_u32(&rp.res);
		r_str(&rp.res, fam, sizeof fam);
		r_str(&rp.res, proto, sizeof proto);
		if (rp.res.err)
			break;
		diag("  entry %s %s semantics %u %s %s", maddr, netid, sem, fam, proto);
		if (strcmp(netid, "udp") == 0 && strcmp(maddr, "127.0.0.1.0.111") == 0 &&
		    sem == 1 && strcmp(fam, "inet") == 0 && strcmp(proto, "udp") == 0)
			have_udp = true;
		n++;
	}
	if (!tap(r_end(&rp.res) && n >= 1 && have_udp, "%s", d))
		diag("%d entries, decoded %s", n, r_end(&rp.res) ? "fully" : "partly");
}

static void
check_getstat(struct conn *c)
{
	struct reply rp;
	uint32_t info[RPCBVERS_STAT][RPCBSTAT_HIGHPROC];
	int naddr = 0, nrmt = 0;
	const char *d = "v4 GETSTAT over udp decodes into 3 stat blocks";

	if (!call_ok(c, 4, RPCBPROC_GETSTAT, NULL, &rp, d))
		return;
	for (int v = 0; v < RPCBVERS_STAT; v++) {
		char netid[64];

		for (int p = 0; p < RPCBSTAT_HIGHPROC; p++)
			info[v][p] = r_u32(&rp.res);
		(void)r_u32(&rp.res);	/* setinfo */
		(void)r_u32(&rp.res);	/* unsetinfo */
		for (int i = 0; i < 4096 && !rp.res.err && r_u32(&rp.res) == 1; i++, naddr++) {
			for (int k = 0; k < 4; k++)	/* prog vers success failure */
				(void)r_u32(&rp.res);
			r_str(&rp.res, netid, sizeof netid);
		}
		for (int i = 0; i < 4096 && !rp.res.err && r_u32(&rp.res) == 1; i++, nrmt++) {
			for (int k = 0; k < 6; k++)	/* prog vers proc success failure indirect */
				(void)r_u32(&rp.res);
			r_str(&rp.res, netid, sizeof netid);
		}
	}
	if (!tap(r_end(&rp.res), "%s", d)) {
		diag("%zu bytes, stopped at %zu", rp.res.n, rp.res.off);
		return;
	}
	diag("GETSTAT: %zu bytes, %d addrinfo, %d rmtinfo entries", rp.res.n, naddr, nrmt);
	if (!tap(info[2][RPCBPROC_NULL] >= 1 && info[0][PMAPPROC_GETPORT] >= 1,
	    "GETSTAT counts v4 NULL and v2 GETPORT calls"))
		diag("v4 NULL %u, v2 GETPORT %u", info[2][0], info[0][3]);
}

/* 1: RPCBIND v3 and v4 procedures. */
static void
sec_rpcb(void)
{
	struct conn l, u4, u6, t4, t6;
	const uint32_t P = TPROG(2);
	int n;

	open_or_bail(&l, TR_PATH, SRC_ANY);
	open_or_bail(&u4, TR_UDP4, SRC_ANY);
	open_or_bail(&u6, TR_UDP6, SRC_ANY);
	open_or_bail(&t4, TR_TCP4, SRC_ANY);
	open_or_bail(&t6, TR_TCP6, SRC_ANY);

	set_rpcb(&l, 3, RPCBPROC_SET, P, 1, "udp", "0.0.0.0.4.1", "mallory", 1, "v3 SET P/1 udp 0.0.0.0.4.1 over the local socket is TRUE");
	set_rpcb(&l, 3, RPCBPROC_SET, P, 1, "tcp", "0.0.0.0.4.2", "", 1, "v3 SET P/1 tcp 0.0.0.0.4.2 is TRUE");
	set_rpcb(&l, 4, RPCBPROC_SET, P, 1, "udp6", "::.4.3", "0", 1, "v4 SET P/1 udp6 ::.4.3 is TRUE");
	set_rpcb(&l, 4, RPCBPROC_SET, P, 1, "tcp6", "::.4.4", "0", 1, "v4 SET P/1 tcp6 ::.4.4 is TRUE");
	set_rpcb(&l, 4, RPCBPROC_SET, P, 2, "udp", "0.0.0.0.4.5", "0", 1, "v4 SET P/2 udp 0.0.0.0.4.5 is TRUE");
	set_rpcb(&l, 3, RPCBPROC_SET, P, 1, "udp", "0.0.0.0.4.1", "mallory", 1, "v3 SET of an identical entry is TRUE");
	set_rpcb(&l, 3, RPCBPROC_SET, P, 1, "udp", "0.0.0.0.4.99", "", 0, "v3 SET of P/1 udp with another address is FALSE");

	n = dump_rpcb(&l, 3, "v3 DUMP over the local socket decodes");
	if (n >= 0) {
		expect_entry(n, P, 1, "udp", "0.0.0.0.4.1", "superuser",
		    "v3 DUMP: P/1 udp owner is superuser (SO_PEERCRED), not the client's \"mallory\"");
		expect_entry(n, P, 1, "tcp6", "::.4.4", "superuser", "v3 DUMP: P/1 tcp6 ::.4.4 owner superuser");
		expect_entry(n, PMAP_PROG, 4, "local", sock_path, "superuser",
		    "v3 DUMP lists the portmapper v4 on the local socket");
		{
			const struct rpcb_ent *e4 = find_rpcb(n, PMAP_PROG, 3, "udp");
			const struct rpcb_ent *e6 = find_rpcb(n, PMAP_PROG, 4, "tcp6");

			if (!tap(e4 && ends_with(e4->addr, ".0.111") && e6 && ends_with(e6->addr, ".0.111"),
			    "v3 DUMP lists the portmapper on udp and tcp6 port 111"))
				diag_rpcb(n);
		}
	}
	n = dump_rpcb(&u4, 4, "v4 DUMP over udp decodes");
	if (n >= 0)
		expect_entry(n, P, 2, "udp", "0.0.0.0.4.5", "superuser", "v4 DUMP over udp lists P/2 udp");

	expect_addr(&u4, 3, RPCBPROC_GETADDR, P, 1, "udp", "", "127.0.0.1.4.1", NULL,
	    "v3 GETADDR P/1 udp over udp 127.0.0.1 merges to 127.0.0.1.4.1");
	expect_addr(&u4, 4, RPCBPROC_GETADDR, P, 1, "udp", "127.0.0.1.0.111", "127.0.0.1.4.1", NULL,
	    "v4 GETADDR with an r_addr hint merges to 127.0.0.1.4.1");
	expect_addr(&u4, 4, RPCBPROC_GETADDR, P, 1, "tcp", "", "127.0.0.1.4.1", NULL,
	    "v4 GETADDR asking for tcp over udp answers for udp (the caller's transport)");
	expect_addr(&u6, 4, RPCBPROC_GETADDR, P, 1, "udp6", "", "::1.4.3", NULL,
	    "v4 GETADDR P/1 udp6 over udp ::1 merges to ::1.4.3");
	expect_addr(&t4, 4, RPCBPROC_GETADDR, P, 1, "tcp", "", "127.0.0.1.4.2", NULL,
	    "v4 GETADDR P/1 over tcp 127.0.0.1 merges to 127.0.0.1.4.2");
	expect_addr(&t6, 3, RPCBPROC_GETADDR, P, 1, "tcp6", "", "::1.4.4", NULL,
	    "v3 GETADDR P/1 over tcp ::1 merges to ::1.4.4");
	expect_addr(&u4, 4, RPCBPROC_GETADDR, P, 3, "udp", "", "127.0.0.1.4.1", "127.0.0.1.4.5",
	    "v4 GETADDR of a missing version answers another version's address");
	expect_addr(&u4, 4, RPCBPROC_GETVERSADDR, P, 3, "udp", "", "", NULL,
	    "v4 GETVERSADDR of a missing version is empty");
	expect_addr(&u4, 4, RPCBPROC_GETVERSADDR, P, 2, "udp", "", "127.0.0.1.4.5", NULL,
	    "v4 GETVERSADDR P/2 udp is 127.0.0.1.4.5");
	expect_addr(&u4, 4, RPCBPROC_GETADDR, TPROG(99), 1, "udp", "", "", NULL,
	    "v4 GETADDR of an unknown program is empty");
	expect_addr(&u4, 3, RPCBPROC_GETADDR, PMAP_PROG, 3, "udp", "", "127.0.0.1.0.111", NULL,
	    "v3 GETADDR of the portmapper over udp is 127.0.0.1.0.111");

	check_gettime(&u4, 3);
	check_gettime(&u4, 4);
	check_uaddr2taddr(&u4, 3, "127.0.0.1.0.111", AF_INET);
	check_uaddr2taddr(&u4, 4, "127.0.0.1.0.111", AF_INET);
	check_uaddr2taddr(&u6, 4, "::1.0.111", AF_INET6);
	check_taddr2uaddr(&u4, 3, AF_INET, "127.0.0.1.0.111");
	check_taddr2uaddr(&u4, 4, AF_INET, "127.0.0.1.0.111");
	check_taddr2uaddr(&u6, 4, AF_INET6, "::1.0.111");
	{
		struct reply rp;
		struct wb a;
		uint32_t maxlen;
		uint8_t got[256];
		size_t glen;
		const char *d = "v4 UADDR2TADDR of \"not.an.address\" is an empty netbuf";

		wb_init(&a);
		w_str(&a, "not.an.address");
		if (call_ok(&u4, 4, RPCBPROC_UADDR2TADDR, &a, &rp, d)) {
			maxlen = r_u32(&rp.res);
			glen = r_opaque(&rp.res, got, sizeof got);
			if (!tap(r_end(&rp.res) && glen == 0, "%s", d))
				diag("maxlen %u len %zu", maxlen, glen);
		}
	}
	check_getaddrlist(&u4);
	check_getstat(&u4);

	set_rpcb(&l, 3, RPCBPROC_UNSET, P, 1, "udp", "", "", 1, "v3 UNSET P/1 udp is TRUE");
	expect_addr(&u4, 4, RPCBPROC_GETVERSADDR, P, 1, "udp", "", "", NULL,
	    "v4 GETVERSADDR P/1 udp after UNSET is empty");
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 1, "", "", "", 1, "v4 UNSET P/1 with an empty netid (all netids) is TRUE");
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 2, "", "", "", 1, "v4 UNSET P/2 with an empty netid is TRUE");
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 2, "", "", "", 1, "v4 UNSET that matches nothing is TRUE");
	n = dump_rpcb(&l, 4, "v4 DUMP over the local socket decodes");
	if (n >= 0 && !tap(count_prog(n, P, 1) + count_prog(n, P, 2) == 0,
	    "v4 DUMP no longer lists P after the UNSETs"))
		diag_rpcb(n);
	conn_close(&l);
	conn_close(&u4);
	conn_close(&u6);
	conn_close(&t4);
	conn_close(&t6);
}

/* 2: version and procedure numbers out of range. */
static void
sec_errors(void)
{
	static const uint32_t bad_vers[] = { 0, 1, 5, 0xffffffffu };
	static const struct {
		uint32_t vers, proc;
	} bad_proc[] = { { 2, 6 }, { 2, 255 }, { 3, 9 }, { 3, 12 }, { 4, 13 }, { 4, 0xffffffffu } };
	char d[128];

	for (size_t i = 0; i < sizeof bad_vers / sizeof bad_vers[0]; i++) {
		snprintf(d, sizeof d, "version %u of 100000 over udp is PROG_MISMATCH 2-4", bad_vers[i]);
		expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, bad_vers[i], 0, NULL, EX_PROGMIS, NOALT, d);
	}
	expect_on(TR_TCP4, SRC_ANY, NULL, PMAP_PROG, 5, 0, NULL, EX_PROGMIS, NOALT,
	    "version 5 over tcp 127.0.0.1 is PROG_MISMATCH 2-4");
	expect_on(TR_PATH, SRC_ANY, NULL, PMAP_PROG, 1, 0, NULL, EX_PROGMIS, NOALT,
	    "version 1 over the local socket is PROG_MISMATCH 2-4");
	expect_on(TR_UDP6, SRC_ANY, NULL, PMAP_PROG, 0, 3, NULL, EX_PROGMIS, NOALT,
	    "version 0 proc 3 over udp ::1 is PROG_MISMATCH 2-4");
	expect_on(TR_UDP4, SRC_ANY, NULL, 100001, 2, 0, NULL, EX(X_PROG_UNAVAIL), NOALT,
	    "program 100001 is PROG_UNAVAIL");
	expect_on(TR_UDP4, SRC_ANY, NULL, 0, 2, 0, NULL, EX(X_PROG_UNAVAIL), NOALT,
	    "program 0 is PROG_UNAVAIL");
	expect_on(TR_TCP4, SRC_ANY, NULL, NFS_PROG, 3, 0, NULL, EX(X_PROG_UNAVAIL), NOALT,
	    "program 100003 over tcp is PROG_UNAVAIL");
	for (size_t i = 0; i < sizeof bad_proc / sizeof bad_proc[0]; i++) {
		snprintf(d, sizeof d, "v%u procedure %u is PROC_UNAVAIL", bad_proc[i].vers, bad_proc[i].proc);
		expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, bad_proc[i].vers, bad_proc[i].proc,
		    NULL, EX(X_PROC_UNAVAIL), NOALT, d);
	}
	/* v4 procedures do not exist in v2 and v3 */
	expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, 3, RPCBPROC_GETVERSADDR, NULL,
	    EX(X_PROC_UNAVAIL), NOALT, "v3 GETVERSADDR (9) is PROC_UNAVAIL");
	expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, 2, RPCBPROC_GETTIME, NULL,
	    EX(X_PROC_UNAVAIL), NOALT, "v2 procedure 6 (GETTIME in v3) is PROC_UNAVAIL");
}

/* 3: RPC versions other than 2. rpcbind (libtirpc) drops them. */
static void
sec_rpcvers(void)
{
	static const uint32_t vers[] = { 1, 3, 0xffffffffu };
	char d[128];

	for (size_t i = 0; i < sizeof vers / sizeof vers[0]; i++) {
		struct hdr h = hdr_none;

		h.rpcvers = vers[i];
		if (REF) {
			snprintf(d, sizeof d, "RPC version %u over udp: no reply (rpcbind drops it)", vers[i]);
			expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX(X_SILENT), NOALT, d);
		} else {
			snprintf(d, sizeof d, "RPC version %u over udp is denied RPC_MISMATCH 2-2", vers[i]);
			expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_RPCMIS, NOALT, d);
		}
	}
	{
		struct hdr h = hdr_none;

		h.rpcvers = 3;
		if (REF)
			expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 4, 3, NULL, EX(X_SILENT), EX(X_CLOSED),
			    "RPC version 3 over tcp: no reply or closed (rpcbind drops it)");
		else
			expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 4, 3, NULL, EX_RPCMIS, NOALT,
			    "RPC version 3 over tcp is denied RPC_MISMATCH 2-2");
		if (REF)
			expect_on(TR_PATH, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX(X_SILENT), EX(X_CLOSED),
			    "RPC version 3 over the local socket: no reply or closed (rpcbind drops it)");
		else
			expect_on(TR_PATH, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_RPCMIS, NOALT,
			    "RPC version 3 over the local socket is denied RPC_MISMATCH 2-2");
	}
	check_alive("calls with other RPC versions");
}

/* Send raw argument bytes (may be truncated); expect e. */
static void
garbage_on(enum tr tr, uint32_t vers, uint32_t proc, const struct wb *args, struct ex e,
    struct ex alt, const char *desc)
{
	expect_on(tr, SRC_ANY, NULL, PMAP_PROG, vers, proc, args, e, alt, desc);
}

/* 4: arguments that do not decode. */
static void
sec_garbage(void)
{
	struct conn l, u;
	struct reply rp;
	struct wb a;
	const uint32_t P = TPROG(3);
	char big[1100];
	long port;

	open_or_bail(&l, TR_PATH, SRC_ANY);
	open_or_bail(&u, TR_UDP4, SRC_ANY);
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40123, 1, "v2 SET P/1/udp/40123 (for the stale-buffer check)");

	/* The stale-buffer check: the same socket, a full GETPORT then a cut one. */
	expect_port(&u, P, 1, IPPROTO_UDP_N, 40123, "v2 GETPORT P/1/udp is 40123");
	wb_init(&a);
	w_u32(&a, P);
	pm(&u, 2, PMAPPROC_GETPORT, &a, &rp);
	if (REF) {
		uint32_t v = rp.got == GOT_REPLY && rp.astat == AS_SUCCESS ? r_u32(&rp.res) : 0;

		tap(matches(&rp, EX(X_SUCCESS)) || matches(&rp, EX(X_GARBAGE)),
		    "v2 GETPORT cut after the program: rpcbind answers (measured: SUCCESS from stale bytes)");
		diag("rpcbind answered the truncated GETPORT with %s, port %u%s",
		    matches(&rp, EX(X_SUCCESS)) ? "SUCCESS" : "GARBAGE_ARGS", v,
		    v == 40123 ? " (the previous request's port: stale bytes)" : "");
	} else {
		check("v2 GETPORT cut after the program is GARBAGE_ARGS, not the previous answer",
		    &rp, EX(X_GARBAGE), NOALT);
	}
	/* the same without a preceding call on the socket */
	wb_init(&a);
	w_u32(&a, P);
	w_u32(&a, 1);
	if (REF)
		garbage_on(TR_UDP4, 2, PMAPPROC_GETPORT, &a, EX(X_GARBAGE), EX(X_SUCCESS),
		    "v2 GETPORT cut after the version (rpcbind: GARBAGE_ARGS or SUCCESS)");
	else
		garbage_on(TR_UDP4, 2, PMAPPROC_GETPORT, &a, EX(X_GARBAGE), NOALT,
		    "v2 GETPORT cut after the version is GARBAGE_ARGS");
	if (REF)
		garbage_on(TR_UDP4, 2, PMAPPROC_GETPORT, NULL, EX(X_GARBAGE), EX(X_SUCCESS),
		    "v2 GETPORT with no arguments (rpcbind: GARBAGE_ARGS or SUCCESS)");
	else
		garbage_on(TR_UDP4, 2, PMAPPROC_GETPORT, NULL, EX(X_GARBAGE), NOALT,
		    "v2 GETPORT with no arguments is GARBAGE_ARGS");
	wb_init(&a);
	w_u32(&a, P);
	garbage_on(TR_TCP4, 2, PMAPPROC_GETPORT, &a, EX(X_GARBAGE), NOALT,
	    "v2 GETPORT cut after the program over tcp is GARBAGE_ARGS");
	wb_init(&a);
	w_u32(&a, P);
	w_u32(&a, 1);
	garbage_on(TR_PATH, 2, PMAPPROC_SET, &a, EX(X_GARBAGE), NOALT,
	    "v2 SET cut after the version over the local socket is GARBAGE_ARGS");

	/* v3 SET cut in the middle of the netid string */
	wb_init(&a);
	w_u32(&a, P);
	w_u32(&a, 2);
	w_u32(&a, 4);
	w_raw(&a, "ud", 2);
	garbage_on(TR_PATH, 3, RPCBPROC_SET, &a, EX(X_GARBAGE), NOALT,
	    "v3 SET cut in the middle of the netid is GARBAGE_ARGS");
	/* v4 SET cut in the middle of the owner */
	wb_init(&a);
	w_u32(&a, P);
	w_u32(&a, 2);
	w_str(&a, "udp");
	w_str(&a, "0.0.0.0.4.7");
	w_u32(&a, 9);
	w_raw(&a, "super", 5);
	garbage_on(TR_PATH, 4, RPCBPROC_SET, &a, EX(X_GARBAGE), NOALT,
	    "v4 SET cut in the middle of the owner is GARBAGE_ARGS");
	expect_addr(&u, 4, RPCBPROC_GETVERSADDR, P, 2, "udp", "", "", NULL,
	    "the truncated SETs registered nothing");

	/* string lengths larger than the data; absurd lengths (CVE-2017-8779 shape) */
	wb_init(&a);
	w_u32(&a, P);
	w_u32(&a, 1);
	w_u32(&a, 100);
	w_raw(&a, "udpudpud", 8);
	if (REF)
		garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_SUCCESS), EX(X_GARBAGE),
		    "v4 GETADDR with a netid length of 100 and 8 bytes (rpcbind: SUCCESS from stale bytes)");
	else
		garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_GARBAGE), NOALT,
		    "v4 GETADDR with a netid length of 100 and 8 bytes is GARBAGE_ARGS");
	{
		static const uint32_t lens[] = { 0xffffffffu, 0x7fffffffu, 0xfffffffcu, 9001 };

		for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
			char d[128];

			wb_init(&a);
			w_u32(&a, P);
			w_u32(&a, 1);
			w_u32(&a, lens[i]);
			w_raw(&a, "udp\0", 4);
			snprintf(d, sizeof d, "v4 GETADDR with a netid length of %#x is GARBAGE_ARGS", lens[i]);
			garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_GARBAGE), NOALT, d);

			wb_init(&a);
			w_u32(&a, P);
			w_u32(&a, 1);
			w_str(&a, "udp");
			w_u32(&a, lens[i]);
			snprintf(d, sizeof d, "v4 GETVERSADDR with an r_addr length of %#x and no body is GARBAGE_ARGS", lens[i]);
			garbage_on(TR_UDP4, 4, RPCBPROC_GETVERSADDR, &a, EX(X_GARBAGE), NOALT, d);
		}
	}
	wb_init(&a);
	w_u32(&a, 0xffffffffu);
	garbage_on(TR_UDP4, 3, RPCBPROC_UADDR2TADDR, &a, EX(X_GARBAGE), NOALT,
	    "v3 UADDR2TADDR with a string length of 0xffffffff is GARBAGE_ARGS");
	wb_init(&a);
	w_u32(&a, 64);
	w_raw(&a, "127.", 4);
	if (REF)
		garbage_on(TR_UDP4, 3, RPCBPROC_UADDR2TADDR, &a, EX(X_SUCCESS), EX(X_GARBAGE),
		    "v3 UADDR2TADDR with a string length of 64 and 4 bytes (rpcbind: SUCCESS from stale bytes)");
	else
		garbage_on(TR_UDP4, 3, RPCBPROC_UADDR2TADDR, &a, EX(X_GARBAGE), NOALT,
		    "v3 UADDR2TADDR with a string length of 64 and 4 bytes is GARBAGE_ARGS");
	wb_init(&a);
	w_u32(&a, 16);
	w_u32(&a, 0xffffffffu);
	garbage_on(TR_UDP4, 4, RPCBPROC_TADDR2UADDR, &a, EX(X_GARBAGE), NOALT,
	    "v4 TADDR2UADDR with a netbuf length of 0xffffffff is GARBAGE_ARGS");
	wb_init(&a);
	w_u32(&a, 16);
	garbage_on(TR_UDP4, 4, RPCBPROC_TADDR2UADDR, &a, EX(X_GARBAGE), NOALT,
	    "v4 TADDR2UADDR with only maxlen is GARBAGE_ARGS");

	/* complete strings longer than sane maxima */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[300] = '\0';
	wb_init(&a);
	w_rpcb(&a, P, 1, big, "", "");
	if (REF)
		garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_SUCCESS), EX(X_GARBAGE),
		    "v4 GETADDR with a 300-byte netid (rpcbind accepts up to 9000)");
	else
		garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_GARBAGE), NOALT,
		    "v4 GETADDR with a 300-byte netid is GARBAGE_ARGS");
	wb_init(&a);
	w_rpcb(&a, P, 5, big, "0.0.0.0.4.8", "");
	if (REF)
		garbage_on(TR_PATH, 3, RPCBPROC_SET, &a, EX(X_SUCCESS), EX(X_GARBAGE),
		    "v3 SET with a 300-byte netid (rpcbind: SUCCESS, FALSE for an unknown netid)");
	else
		garbage_on(TR_PATH, 3, RPCBPROC_SET, &a, EX(X_GARBAGE), NOALT,
		    "v3 SET with a 300-byte netid is GARBAGE_ARGS");
	big[300] = 'x';
	wb_init(&a);
	w_rpcb(&a, P, 1, "udp", big, "");
	if (REF)
		garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_SUCCESS), EX(X_GARBAGE),
		    "v4 GETADDR with a 1099-byte r_addr (rpcbind accepts it)");
	else
		garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_GARBAGE), NOALT,
		    "v4 GETADDR with a 1099-byte r_addr is GARBAGE_ARGS");
	wb_init(&a);
	w_rpcb(&a, P, 6, "udp", "0.0.0.0.4.10", big);
	if (REF)
		garbage_on(TR_PATH, 3, RPCBPROC_SET, &a, EX(X_SUCCESS), EX(X_GARBAGE),
		    "v3 SET with a 1099-byte r_owner (rpcbind accepts it)");
	else
		garbage_on(TR_PATH, 3, RPCBPROC_SET, &a, EX(X_GARBAGE), NOALT,
		    "v3 SET with a 1099-byte r_owner is GARBAGE_ARGS");
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 5, "", "", "", 1, "v4 UNSET P/5 (cleanup) is TRUE");
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 6, "", "", "", 1, "v4 UNSET P/6 (cleanup) is TRUE");

	/* trailing bytes after complete arguments: libtirpc ignores them */
	wb_init(&a);
	w_pmap(&a, P, 1, IPPROTO_UDP_N, 0);
	w_fill(&a, 0xee, 16);
	port = -1;
	{
		struct conn c;

		if (conn_open(&c, TR_UDP4, SRC_ANY) == 0) {
			port = getport(&c, P, 1, IPPROTO_UDP_N, "(setup)");
			send_call(&c, NULL, PMAP_PROG, 2, PMAPPROC_GETPORT, &a, &rp, T_REPLY);
			conn_close(&c);
		}
	}
	if (check("v2 GETPORT with 16 trailing bytes is answered SUCCESS (as rpcbind does)", &rp,
	    EX(X_SUCCESS), NOALT)) {
		uint32_t v = r_u32(&rp.res);

		if (!tap(r_end(&rp.res) && (long)v == port && v == 40123,
		    "v2 GETPORT with trailing bytes returns the port (40123)"))
			diag("got %u", v);
	}
	wb_init(&a);
	w_rpcb(&a, P, 1, "udp", "", "");
	w_fill(&a, 0, 8);
	garbage_on(TR_UDP4, 4, RPCBPROC_GETADDR, &a, EX(X_SUCCESS), NOALT,
	    "v4 GETADDR with 8 trailing zero bytes is answered SUCCESS (as rpcbind does)");

	set_pmap(&l, PMAPPROC_UNSET, P, 1, 0, 0, 1, "v2 UNSET P/1 (cleanup) is TRUE");
	check_alive("undecodable arguments");
	conn_close(&l);
	conn_close(&u);
}

/* AUTH_SYS body: stamp, machinename<255>, uid, gid, gids<16> */
static size_t
authsys_body(uint8_t *out, size_t max, const char *machine, uint32_t ngids)
{
	struct wb w;

	wb_init(&w);
	w_u32(&w, 0x5eed);
	w_str(&w, machine);
	w_u32(&w, 0);
	w_u32(&w, 0);
	w_u32(&w, ngids);
	for (uint32_t i = 0; i < ngids && i < 64; i++)
		w_u32(&w, i);
	if (w.err || w.n > max)
		return 0;
	memcpy(out, w.b, w.n);
	return w.n;
}

/* 5: credentials. */
static void
sec_auth(void)
{
	uint8_t body[1024];
	struct hdr h;
	struct wb a;

	h = hdr_none;
	h.cflavor = AUTH_SYS_F;
	h.cbody = body;
	h.clen = authsys_body(body, sizeof body, "probe.example", 2);
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX(X_SUCCESS), NOALT,
	    "AUTH_SYS v2 NULL over udp is SUCCESS");
	wb_init(&a);
	w_pmap(&a, PMAP_PROG, 2, IPPROTO_TCP_N, 0);
	expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 2, PMAPPROC_GETPORT, &a, EX(X_SUCCESS), NOALT,
	    "AUTH_SYS v2 GETPORT over tcp is SUCCESS");
	expect_on(TR_PATH, SRC_ANY, &h, PMAP_PROG, 4, 0, NULL, EX(X_SUCCESS), NOALT,
	    "AUTH_SYS v4 NULL over the local socket is SUCCESS");

	/* credential bodies over MAX_AUTH_BYTES */
	memset(body, 0, sizeof body);
	h.clen = MAX_AUTH_BYTES + 4;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(AU_BADCRED), REFALT(EX(X_SILENT)),
	    "a 404-byte AUTH_SYS credential: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	h.cflavor = AUTH_NONE_F;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(AU_BADCRED), REFALT(EX(X_SILENT)),
	    "a 404-byte AUTH_NONE credential: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	{
		/* a declared credential length far beyond the datagram */
		struct wb w;
		struct conn c;
		struct reply rp;
		uint32_t xid = ++xid_seq;

		wb_init(&w);
		w_u32(&w, xid);
		w_u32(&w, MT_CALL);
		w_u32(&w, 2);
		w_u32(&w, PMAP_PROG);
		w_u32(&w, 2);
		w_u32(&w, 0);
		w_u32(&w, AUTH_SYS_F);
		w_u32(&w, 0xfffffff0u);
		w_fill(&w, 0, 16);
		rp.got = GOT_ERR;
		if (conn_open(&c, TR_UDP4, SRC_ANY) == 0) {
			if (conn_send(&c, w.b, w.n) == 0)
				await_reply(&c, xid, &rp, T_SILENT);
			conn_close(&c);
		}
		check("a credential length of 0xfffffff0: AUTH_ERROR BADCRED (rpcbind: or no reply)", &rp,
		    EX_AUTH(AU_BADCRED), REFALT(EX(X_SILENT)));
	}
	h = hdr_none;
	h.vflavor = AUTH_NONE_F;
	h.vbody = body;
	h.vlen = MAX_AUTH_BYTES + 4;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(0), REFALT(EX(X_SILENT)),
	    "a 404-byte verifier: AUTH_ERROR (rpcbind: or no reply)");

	/* unknown flavour */
	h = hdr_none;
	h.cflavor = 0x7777;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(AU_REJECTEDCRED), REFALT(EX_AUTH(AU_BADCRED)),
	    "an unknown credential flavour over udp is AUTH_ERROR REJECTEDCRED (rpcbind: or BADCRED)");
	expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 4, 3, NULL, EX_AUTH(AU_REJECTEDCRED), REFALT(EX_AUTH(AU_BADCRED)),
	    "an unknown credential flavour over tcp is AUTH_ERROR REJECTEDCRED (rpcbind: or BADCRED)");
	h.cflavor = 6;	/* RPCSEC_GSS, not supported by a portmapper */
	h.cbody = body;
	h.clen = 16;
	memset(body, 0, 16);
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(0), REFALT(EX(X_SILENT)),
	    "an RPCSEC_GSS credential: AUTH_ERROR (rpcbind: or no reply)");

	/* malformed AUTH_SYS bodies */
	h = hdr_none;
	h.cflavor = AUTH_SYS_F;
	h.cbody = body;
	{
		char m[300];

		memset(m, 'm', sizeof m - 1);
		m[sizeof m - 1] = '\0';
		h.clen = authsys_body(body, sizeof body, m, 0);
		h.clen = h.clen > MAX_AUTH_BYTES ? MAX_AUTH_BYTES : h.clen;
	}
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(AU_BADCRED), REFALT(EX(X_SILENT)),
	    "AUTH_SYS with a 299-byte machine name: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	h.clen = authsys_body(body, sizeof body, "probe", 17);
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(AU_BADCRED), REFALT(EX(X_SILENT)),
	    "AUTH_SYS with 17 gids: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	h.clen = 8;	/* stamp and a name length, nothing else */
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(AU_BADCRED), REFALT(EX(X_SILENT)),
	    "a truncated AUTH_SYS body: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	check_alive("bad credentials");
}

/* raw datagram / record that must get no reply */
static void
expect_silence_raw(enum tr tr, const uint8_t *p, size_t n, const char *desc)
{
	struct conn c;
	struct reply rp;

	rp.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		if (n == 0 && !tr_stream(tr)) {
			if (send(c.fd, "", 0, 0) == 0)
				await_reply(&c, 0, &rp, T_SILENT);
		} else if (conn_send(&c, p, n) == 0) {
			await_reply(&c, 0, &rp, T_SILENT);
		}
		conn_close(&c);
	}
	check(desc, &rp, EX(X_SILENT), tr_stream(tr) ? EX(X_CLOSED) : NOALT);
}

/* 6: messages that are not calls. */
static void
sec_junk(void)
{
	struct wb w;
	uint8_t ff[200];

	wb_init(&w);
	w_u32(&w, ++xid_seq);
	w_u32(&w, MT_REPLY);
	w_u32(&w, RS_ACCEPTED);
	w_u32(&w, 0);
	w_u32(&w, 0);
	w_u32(&w, AS_SUCCESS);
	expect_silence_raw(TR_UDP4, w.b, w.n, "a REPLY message sent to the server gets no reply");
	wb_init(&w);
	{
		struct hdr h = hdr_none;

		h.mtype = MT_REPLY;
		(void)w_call(&w, &h, PMAP_PROG, 2, 0);
	}
	expect_silence_raw(TR_UDP4, w.b, w.n, "a CALL with msg_type 1 (REPLY) gets no reply");
	expect_silence_raw(TR_TCP4, w.b, w.n, "a CALL with msg_type 1 over tcp gets no reply");
	wb_init(&w);
	{
		struct hdr h = hdr_none;

		h.mtype = 7;
		(void)w_call(&w, &h, PMAP_PROG, 2, 0);
	}
	expect_silence_raw(TR_UDP4, w.b, w.n, "a message with msg_type 7 gets no reply");
	expect_silence_raw(TR_PATH, w.b, w.n, "a message with msg_type 7 over the local socket gets no reply");
	expect_silence_raw(TR_UDP4, (const uint8_t *)"\0\0\1", 3, "a 3-byte datagram gets no reply");
	expect_silence_raw(TR_UDP4, NULL, 0, "an empty datagram gets no reply");
	memset(ff, 0xff, sizeof ff);
	expect_silence_raw(TR_UDP4, ff, sizeof ff, "200 bytes of 0xff get no reply");
	wb_init(&w);
	w_u32(&w, ++xid_seq);
	w_u32(&w, MT_CALL);
	w_u32(&w, 2);
	w_u32(&w, PMAP_PROG);
	w_u32(&w, 2);
	expect_silence_raw(TR_UDP4, w.b, w.n, "a call header cut after the version gets no reply");
	check_alive("junk messages");
	tap(alive(TR_TCP4), "daemon still answers over tcp after junk messages");
}

static uint32_t
build_getport(struct wb *w, uint32_t prot)
{
	struct wb a;

	wb_init(&a);
	w_pmap(&a, PMAP_PROG, 2, prot, 0);
	wb_init(w);
	{
		uint32_t xid = w_call(w, &hdr_none, PMAP_PROG, 2, PMAPPROC_GETPORT);

		w_raw(w, a.b, a.n);
		return xid;
	}
}

static void
put_mark(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static bool
reply_port_ok(struct reply *rp, uint32_t want)
{
	if (!matches(rp, EX(X_SUCCESS)))
		return false;
	return r_u32(&rp->res) == want && r_end(&rp->res);
}

static void
absurd_record(enum tr tr, uint32_t mark, const char *desc)
{
	struct conn c;
	struct reply rp;
	uint8_t buf[1004];

	memset(buf, 0, sizeof buf);
	put_mark(buf, mark);
	rp.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		if (send_all(c.fd, buf, sizeof buf) == 0)
			await_reply(&c, 0, &rp, T_REPLY);
		else
			rp.got = GOT_CLOSED;	/* reset while we were sending */
		conn_close(&c);
	}
	check(desc, &rp, EX(X_CLOSED), NOALT);
}

/*
 * RFC 5531 section 11 allows any number of fragments per record. rpcbind
 * 1.2.6 (libtirpc 1.3.3 non-blocking record reading) closes the
 * connection instead: measured here, so the reference only must not
 * answer wrongly.
 */
static void
frag_verdict(struct reply *rp, const char *desc)
{
	char b[96];
	bool right = reply_port_ok(rp, 111);

	if (REF) {
		tap(right || rp->got == GOT_CLOSED || rp->got == GOT_ERR,
		    "%s (rpcbind: or the connection is closed)", desc);
		diag("got %s", describe(rp, b, sizeof b));
	} else if (!tap(right, "%s", desc)) {
		diag("got %s", describe(rp, b, sizeof b));
	}
}

/* 7: record marking on streams. */
static void
sec_tcp(void)
{
	struct conn c;
	struct reply rp;
	struct wb w;
	uint32_t xid;

	/* one record in three fragments */
	xid = build_getport(&w, IPPROTO_TCP_N);
	rp.got = GOT_ERR;
	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		uint8_t rec[WB_MAX + 16];
		size_t cut1 = 10, cut2 = 30, n = 0;

		put_mark(rec + n, (uint32_t)cut1);
		memcpy(rec + n + 4, w.b, cut1);
		n += 4 + cut1;
		put_mark(rec + n, (uint32_t)(cut2 - cut1));
		memcpy(rec + n + 4, w.b + cut1, cut2 - cut1);
		n += 4 + cut2 - cut1;
		put_mark(rec + n, 0x80000000u | (uint32_t)(w.n - cut2));
		memcpy(rec + n + 4, w.b + cut2, w.n - cut2);
		n += 4 + w.n - cut2;
		if (send_all(c.fd, rec, n) == 0)
			await_reply(&c, xid, &rp, T_REPLY);
		conn_close(&c);
	}
	frag_verdict(&rp, "tcp: a record in three fragments is reassembled and answered");

	/* the same with the fragments in separate writes, 50 ms apart */
	xid = build_getport(&w, IPPROTO_TCP_N);
	rp.got = GOT_ERR;
	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		uint8_t m[4];
		size_t cut = 20;

		put_mark(m, (uint32_t)cut);
		(void)(send_all(c.fd, m, 4) == 0 && send_all(c.fd, w.b, cut) == 0);
		sleep_ms(50);
		put_mark(m, 0x80000000u | (uint32_t)(w.n - cut));
		if (send_all(c.fd, m, 2) == 0) {
			sleep_ms(50);
			if (send_all(c.fd, m + 2, 2) == 0 && send_all(c.fd, w.b + cut, w.n - cut) == 0)
				await_reply(&c, xid, &rp, T_REPLY);
		}
		conn_close(&c);
	}
	frag_verdict(&rp, "tcp: fragments in separate writes (record mark split too) are answered");

	/* two calls in one write */
	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		struct wb w2;
		uint32_t x1 = build_getport(&w, IPPROTO_TCP_N), x2 = build_getport(&w2, IPPROTO_UDP_N);
		uint8_t rec[2 * (WB_MAX + 4)];
		size_t n = 0;
		bool got1 = false, got2 = false;

		put_mark(rec, 0x80000000u | (uint32_t)w.n);
		memcpy(rec + 4, w.b, w.n);
		n = 4 + w.n;
		put_mark(rec + n, 0x80000000u | (uint32_t)w2.n);
		memcpy(rec + n + 4, w2.b, w2.n);
		n += 4 + w2.n;
		if (send_all(c.fd, rec, n) == 0) {
			for (int i = 0; i < 2; i++) {
				long len = conn_recv(&c, rp.buf, sizeof rp.buf, T_REPLY);

				if (len <= 0)
					break;
				rp.len = (size_t)len;
				parse_reply(&rp);
				if (rp.got == GOT_REPLY && rp.xid == x1 && reply_port_ok(&rp, 111))
					got1 = true;
				else if (rp.got == GOT_REPLY && rp.xid == x2 && reply_port_ok(&rp, 111))
					got2 = true;
			}
		}
		tap(got1 && got2, "tcp: two calls in one write are both answered");
		conn_close(&c);
	} else {
		tap(false, "tcp: two calls in one write are both answered");
	}

	/* one byte at a time */
	xid = build_getport(&w, IPPROTO_TCP_N);
	rp.got = GOT_ERR;
	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		uint8_t rec[WB_MAX + 4];
		size_t i;

		put_mark(rec, 0x80000000u | (uint32_t)w.n);
		memcpy(rec + 4, w.b, w.n);
		for (i = 0; i < w.n + 4; i++) {
			if (send_all(c.fd, rec + i, 1) == -1)
				break;
			sleep_ms(2);
		}
		if (i == w.n + 4)
			await_reply(&c, xid, &rp, T_REPLY);
		conn_close(&c);
	}
	if (!tap(reply_port_ok(&rp, 111), "tcp: a call written one byte at a time is answered"))
		diag("got %s", describe(&rp, (char[96]){ 0 }, 96));

	/* the same over the local socket */
	xid = build_getport(&w, IPPROTO_TCP_N);
	rp.got = GOT_ERR;
	if (conn_open(&c, TR_PATH, SRC_ANY) == 0) {
		uint8_t rec[WB_MAX + 4];
		size_t i;

		put_mark(rec, 0x80000000u | (uint32_t)w.n);
		memcpy(rec + 4, w.b, w.n);
		for (i = 0; i < w.n + 4; i++) {
			if (send_all(c.fd, rec + i, 1) == -1)
				break;
			sleep_ms(1);
		}
		if (i == w.n + 4)
			await_reply(&c, xid, &rp, T_REPLY);
		conn_close(&c);
	}
	if (!tap(reply_port_ok(&rp, 111), "local: a call written one byte at a time is answered"))
		diag("got %s", describe(&rp, (char[96]){ 0 }, 96));

	/* a call, then a second on the same connection */
	rp.got = GOT_ERR;
	if (conn_open(&c, TR_TCP6, SRC_ANY) == 0) {
		pm(&c, 4, 0, NULL, &rp);
		if (matches(&rp, EX(X_SUCCESS)))
			pm(&c, 3, 0, NULL, &rp);
		conn_close(&c);
	}
	check("tcp ::1: two calls in sequence on one connection are answered", &rp, EX(X_SUCCESS), NOALT);

	absurd_record(TR_TCP4, 0x7fffffffu, "tcp: a fragment claiming 0x7fffffff bytes gets the connection closed");
	absurd_record(TR_TCP4, 0xffffffffu, "tcp: a last fragment claiming 0x7fffffff bytes gets the connection closed");
	absurd_record(TR_PATH, 0xffffffffu, "local: a record claiming 0x7fffffff bytes gets the connection closed");
	tap(alive(TR_TCP4), "tcp: a fresh connection is answered afterwards");
	tap(alive(TR_PATH), "local: a fresh connection is answered afterwards");
	check_alive("broken records");
}

/*
 * A SET/UNSET from loopback but an unprivileged port. rpcbindd must refuse
 * it: AUTH_ERROR, FALSE, or (UDP) silence all count as a refusal. rpcbind
 * 1.2.6 accepts these (is_loopback() does not look at the port here):
 * the reference only has to answer SUCCESS.
 */
static void
expect_refused(enum tr tr, uint32_t vers, uint32_t proc, const struct wb *args, const char *desc)
{
	struct conn c;
	struct reply rp;
	char b[96];
	uint32_t v = 2;
	bool refused;

	rp.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		send_call(&c, NULL, PMAP_PROG, vers, proc, args, &rp, 1000);
		conn_close(&c);
	}
	if (matches(&rp, EX(X_SUCCESS))) {
		v = r_u32(&rp.res);
		if (!r_end(&rp.res))
			v = 2;
	}
	refused = matches(&rp, EX_AUTH(0)) || v == 0 || (!tr_stream(tr) && rp.got == GOT_NONE);
	if (REF) {
		tap(matches(&rp, EX(X_SUCCESS)) && v <= 1, "%s (rpcbind: accepted)", desc);
		diag("got %s%s", describe(&rp, b, sizeof b), v == 1 ? " TRUE" : v == 0 ? " FALSE" : "");
		return;
	}
	if (tap(refused, "%s is refused", desc))
		diag("refused with %s%s", describe(&rp, b, sizeof b), v == 0 ? " FALSE" : "");
	else
		diag("got %s%s", describe(&rp, b, sizeof b), v == 1 ? " TRUE" : "");
}

/* 8: who may SET and UNSET. */
static void
sec_access(void)
{
	struct conn c, u;
	struct reply rp;
	struct wb a;
	const uint32_t P = TPROG(4);
	int n;

	open_or_bail(&u, TR_UDP4, SRC_ANY);

	/* loopback from a reserved port: allowed */
	if (conn_open(&c, TR_UDP4, SRC_RESERVED) == 0) {
		set_pmap(&c, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40010, 1,
		    "v2 SET over udp 127.0.0.1 from a reserved port is TRUE");
		expect_port(&u, P, 1, IPPROTO_UDP_N, 40010, "v2 GETPORT shows it: 40010");
		set_pmap(&c, PMAPPROC_UNSET, P, 1, 0, 0, 1,
		    "v2 UNSET over udp 127.0.0.1 from a reserved port is TRUE");
		conn_close(&c);
	} else {
		tap(false, "udp from a reserved port: connect");
	}
	if (conn_open(&c, TR_TCP4, SRC_RESERVED) == 0) {
		set_rpcb(&c, 3, RPCBPROC_SET, P, 1, "tcp", "127.0.0.1.156.75", "", 1,
		    "v3 SET over tcp 127.0.0.1 from a reserved port is TRUE");
		set_rpcb(&c, 3, RPCBPROC_UNSET, P, 1, "tcp", "", "", 1,
		    "v3 UNSET over tcp 127.0.0.1 from a reserved port is TRUE");
		conn_close(&c);
	} else {
		tap(false, "tcp from a reserved port: connect");
	}
	if (conn_open(&c, TR_TCP6, SRC_RESERVED) == 0) {
		set_rpcb(&c, 4, RPCBPROC_SET, P, 1, "tcp6", "::1.156.76", "", 1,
		    "v4 SET over tcp ::1 from a reserved port is TRUE");
		set_rpcb(&c, 4, RPCBPROC_UNSET, P, 1, "", "", "", 1,
		    "v4 UNSET over tcp ::1 from a reserved port is TRUE");
		conn_close(&c);
	} else {
		tap(false, "tcp ::1 from a reserved port: connect");
	}

	/* loopback from an unprivileged port: refused */
	wb_init(&a);
	w_pmap(&a, P, 1, IPPROTO_UDP_N, 40011);
	expect_refused(TR_UDP4, 2, PMAPPROC_SET, &a, "v2 SET over udp 127.0.0.1 from an unprivileged port");
	wb_init(&a);
	w_rpcb(&a, P, 1, "tcp", "127.0.0.1.156.77", "");
	expect_refused(TR_TCP4, 3, RPCBPROC_SET, &a, "v3 SET over tcp 127.0.0.1 from an unprivileged port");
	wb_init(&a);
	w_rpcb(&a, P, 1, "udp6", "::1.156.78", "");
	expect_refused(TR_UDP6, 4, RPCBPROC_SET, &a, "v4 SET over udp ::1 from an unprivileged port");
	wb_init(&a);
	w_rpcb(&a, PMAP_PROG, 2, "", "", "");
	expect_refused(TR_UDP4, 4, RPCBPROC_UNSET, &a,
	    "v4 UNSET of the portmapper v2 over udp from an unprivileged port");
	wb_init(&a);
	w_pmap(&a, PMAP_PROG, 2, 0, 0);
	expect_refused(TR_TCP4, 2, PMAPPROC_UNSET, &a,
	    "v2 UNSET of the portmapper v2 over tcp from an unprivileged port");
	if (REF) {
		expect_port(&u, P, 1, IPPROTO_UDP_N, 40011,
		    "rpcbind registered the unprivileged v2 SET (port 40011)");
		if (conn_open(&c, TR_PATH, SRC_ANY) == 0) {
			set_rpcb(&c, 4, RPCBPROC_UNSET, P, 1, "", "", "", 1, "v4 UNSET P/1 (cleanup) is TRUE");
			conn_close(&c);
		}
	} else {
		expect_port(&u, P, 1, IPPROTO_UDP_N, 0, "the refused SETs registered nothing");
	}
	expect_port(&u, PMAP_PROG, 2, IPPROTO_UDP_N, 111, "the portmapper v2 is still registered on udp");
	expect_port(&u, PMAP_PROG, 2, IPPROTO_TCP_N, 111, "the portmapper v2 is still registered on tcp");

	/* ownership over the local socket: SO_PEERCRED decides */
	connect_uid = 65534;
	n = conn_open(&c, TR_PATH, SRC_ANY);
	connect_uid = 0;
	if (n == 0) {
		struct conn o;

		set_rpcb(&c, 4, RPCBPROC_SET, P, 2, "udp", "0.0.0.0.4.9", "0", 1,
		    "uid 65534 v4 SET over the local socket (r_owner \"0\") is TRUE");
		n = dump_rpcb(&u, 4, "v4 DUMP decodes");
		if (n >= 0)
			expect_entry(n, P, 2, "udp", "0.0.0.0.4.9", "65534",
			    "the entry's owner is \"65534\" (SO_PEERCRED), not the client's \"0\"");
		connect_uid = 65533;
		if (conn_open(&o, TR_PATH, SRC_ANY) == 0) {
			set_rpcb(&o, 4, RPCBPROC_UNSET, P, 2, "", "", "", 0,
			    "uid 65533 cannot UNSET uid 65534's entry (FALSE)");
			set_rpcb(&o, 3, RPCBPROC_UNSET, PMAP_PROG, 3, "", "", "65533", 0,
			    "uid 65533 cannot UNSET the portmapper (FALSE)");
			conn_close(&o);
		} else {
			tap(false, "connect as uid 65533");
		}
		connect_uid = 0;
		expect_addr(&u, 4, RPCBPROC_GETVERSADDR, P, 2, "udp", "", "127.0.0.1.4.9", NULL,
		    "uid 65534's entry is still there");
		expect_addr(&u, 3, RPCBPROC_GETADDR, PMAP_PROG, 3, "udp", "", "127.0.0.1.0.111", NULL,
		    "the portmapper is still there");
		set_rpcb(&c, 4, RPCBPROC_UNSET, P, 2, "", "", "", 1, "uid 65534 can UNSET its own entry");
		set_rpcb(&c, 4, RPCBPROC_SET, P, 3, "udp", "0.0.0.0.4.11", "", 1, "uid 65534 SETs P/3");
		conn_close(&c);
		if (conn_open(&o, TR_PATH, SRC_ANY) == 0) {
			set_rpcb(&o, 4, RPCBPROC_UNSET, P, 3, "", "", "", 1, "root can UNSET uid 65534's entry");
			conn_close(&o);
		}
		expect_addr(&u, 4, RPCBPROC_GETVERSADDR, P, 3, "udp", "", "", NULL,
		    "P/3 is gone after root's UNSET");
	} else {
		tap(false, "connect as uid 65534 to the local socket");
	}
	(void)rp;
	conn_close(&u);
}

/* CALLIT/INDIRECT arguments: prog, vers, proc, opaque args */
static void
w_rmtcall(struct wb *w, uint32_t prog, uint32_t vers, uint32_t proc, const void *args, size_t len)
{
	w_u32(w, prog);
	w_u32(w, vers);
	w_u32(w, proc);
	w_opaque(w, args, len);
}

/* 9: remote calls are off by default. */
static void
sec_remote(void)
{
	struct wb a;

	wb_init(&a);
	w_rmtcall(&a, PMAP_PROG, 2, 0, NULL, 0);
	garbage_on(TR_UDP4, 2, PMAPPROC_CALLIT, &a, EX(X_SILENT), NOALT,
	    "v2 CALLIT over udp gets no reply (remote calls off)");
	garbage_on(TR_UDP4, 3, RPCBPROC_CALLIT, &a, EX(X_SILENT), NOALT,
	    "v3 CALLIT over udp gets no reply");
	garbage_on(TR_UDP4, 4, RPCBPROC_CALLIT, &a, EX(X_SILENT), NOALT,
	    "v4 BCAST over udp gets no reply");
	wb_init(&a);
	w_rmtcall(&a, PMAP_PROG, 4, 0, NULL, 0);
	garbage_on(TR_UDP4, 4, RPCBPROC_INDIRECT, &a, EX(X_SYSERR), NOALT,
	    "v4 INDIRECT to 100000/4 NULL over udp is SYSTEM_ERR");
	garbage_on(TR_UDP6, 4, RPCBPROC_INDIRECT, &a, EX(X_SYSERR), NOALT,
	    "v4 INDIRECT to 100000/4 NULL over udp ::1 is SYSTEM_ERR");
	wb_init(&a);
	w_rmtcall(&a, 100005, 1, 1, "\0\0\0\0", 4);
	if (REF)
		garbage_on(TR_UDP4, 2, PMAPPROC_CALLIT, &a, EX_AUTH(AU_TOOWEAK), NOALT,
		    "v2 CALLIT aimed at mountd (rpcbind: AUTH_ERROR TOOWEAK from an unprivileged port)");
	else
		garbage_on(TR_UDP4, 2, PMAPPROC_CALLIT, &a, EX(X_SILENT), NOALT,
		    "v2 CALLIT aimed at mountd gets no reply");
	/* CVE-2013-1950: opaque length 8945 followed by 5 bytes */
	wb_init(&a);
	w_u32(&a, 0);
	w_u32(&a, 1);
	w_u32(&a, 1);
	w_u32(&a, 8945);
	w_raw(&a, "crash", 5);
	garbage_on(TR_UDP4, 2, PMAPPROC_CALLIT, &a, EX(X_GARBAGE), REFALT(EX(X_SILENT)),
	    "v2 CALLIT with an 8945-byte opaque and 5 bytes (CVE-2013-1950): GARBAGE_ARGS (rpcbind: or no reply)");
	garbage_on(TR_UDP4, 4, RPCBPROC_INDIRECT, &a, EX(X_GARBAGE), REFALT(EX(X_SYSERR)),
	    "v4 INDIRECT with the same arguments: GARBAGE_ARGS (rpcbind: or SYSTEM_ERR)");
	check_alive("remote calls");
}

/* -------------------------------------------------- the kernel sequence */

struct kreg {
	const char *netid, *addr;
};

static const struct kreg kregs[] = {
	{ "udp", "0.0.0.0.8.1" }, { "tcp", "0.0.0.0.8.1" },
	{ "udp6", "::.8.1" }, { "tcp6", "::.8.1" },
};

/* What rpcb_clnt.c does when a server starts: pings, then v4 SETs. */
static bool
kernel_register(struct conn *c, const char *sn, uint32_t prog, uint32_t vers, const char *p1p2)
{
	struct reply rp;
	char d[160];
	int n;
	bool good = true;

	snprintf(d, sizeof d, "%s: v2 NULL ping with AUTH_NONE", sn);
	pm(c, 2, 0, NULL, &rp);
	good &= check(d, &rp, EX(X_SUCCESS), NOALT);
	snprintf(d, sizeof d, "%s: v4 NULL ping on the same connection", sn);
	pm(c, 4, 0, NULL, &rp);
	good &= check(d, &rp, EX(X_SUCCESS), NOALT);
	for (size_t i = 0; i < sizeof kregs / sizeof kregs[0]; i++) {
		char addr[64];

		snprintf(addr, sizeof addr, "%s.%s", i < 2 ? "0.0.0.0" : "::", p1p2);
		snprintf(d, sizeof d, "%s: v4 SET %u v%u %s %s owner \"0\" is TRUE", sn, prog, vers,
		    kregs[i].netid, addr);
		good &= set_rpcb(c, 4, RPCBPROC_SET, prog, vers, kregs[i].netid, addr, "0", 1, d);
	}
	snprintf(d, sizeof d, "%s: v4 DUMP on the same connection decodes", sn);
	n = dump_rpcb(c, 4, d);
	if (n < 0)
		return false;
	for (size_t i = 0; i < sizeof kregs / sizeof kregs[0]; i++) {
		char addr[64];

		snprintf(addr, sizeof addr, "%s.%s", i < 2 ? "0.0.0.0" : "::", p1p2);
		snprintf(d, sizeof d, "%s: DUMP lists %u v%u %s %s with owner superuser", sn, prog,
		    vers, kregs[i].netid, addr);
		good &= expect_entry(n, prog, vers, kregs[i].netid, addr, "superuser", d);
	}
	return good;
}

/* Is a connection still open? (no EOF, no reset, nothing unexpected to read) */
static bool
still_open(struct conn *c)
{
	struct pollfd pfd = { c->fd, POLLIN, 0 };

	return c->fd != -1 && poll(&pfd, 1, 0) == 0;
}

static void
kernel_unregister(struct conn *c, const char *sn, uint32_t prog, uint32_t vers)
{
	struct reply rp;
	char d[160];
	int n;

	snprintf(d, sizeof d, "%s: connection still open after %u s idle", sn, idle_secs);
	tap(still_open(c), "%s", d);
	snprintf(d, sizeof d, "%s: v4 UNSET %u v%u tcp6 is TRUE", sn, prog, vers);
	set_rpcb(c, 4, RPCBPROC_UNSET, prog, vers, "tcp6", "", "0", 1, d);
	snprintf(d, sizeof d, "%s: DUMP after UNSET tcp6", sn);
	n = dump_rpcb(c, 4, d);
	if (n >= 0) {
		bool good = find_rpcb(n, prog, vers, "tcp6") == NULL &&
		    find_rpcb(n, prog, vers, "udp6") != NULL && find_rpcb(n, prog, vers, "tcp") != NULL;

		if (!tap(good, "%s: DUMP no longer lists tcp6, still lists udp6 and tcp", sn))
			diag_rpcb(n);
	}
	snprintf(d, sizeof d, "%s: v4 UNSET %u v%u with empty netid and address (unregister all) is TRUE",
	    sn, prog, vers);
	set_rpcb(c, 4, RPCBPROC_UNSET, prog, vers, "", "", "0", 1, d);
	snprintf(d, sizeof d, "%s: DUMP after unregister-all", sn);
	n = dump_rpcb(c, 4, d);
	if (n >= 0 && !tap(count_prog(n, prog, vers) == 0, "%s: DUMP no longer lists %u v%u", sn, prog, vers))
		diag_rpcb(n);
	snprintf(d, sizeof d, "%s: v2 NULL still answered on the same connection", sn);
	pm(c, 2, 0, NULL, &rp);
	check(d, &rp, EX(X_SUCCESS), NOALT);
	tap(still_open(c), "%s: connection still open at the end", sn);
}

static void
sec_kernel(void)
{
	struct conn a, p, u4, u6, t4;
	bool have_a = !tr_missing(TR_ABSTRACT);
	const char *an = have_a ? "abstract socket" : "path socket (2nd)";
	struct reply rp;
	int64_t end;

	if (!have_a)
		skip("rpcbind 1.2.6 has no abstract socket", "the kernel sequence on the abstract socket");
	open_or_bail(&a, have_a ? TR_ABSTRACT : TR_PATH, SRC_ANY);
	open_or_bail(&p, TR_PATH, SRC_ANY);
	open_or_bail(&u4, TR_UDP4, SRC_ANY);
	open_or_bail(&u6, TR_UDP6, SRC_ANY);
	open_or_bail(&t4, TR_TCP4, SRC_ANY);

	/* nfsd over the abstract socket, lockd over the path socket */
	kernel_register(&a, an, NFS_PROG, 3, "8.1");
	kernel_register(&p, "path socket", NLM_PROG, 4, "150.1");

	expect_port(&u4, NFS_PROG, 3, IPPROTO_UDP_N, 2049, "v2 GETPORT nfs/3/udp over udp 127.0.0.1 is 2049");
	expect_port(&t4, NFS_PROG, 3, IPPROTO_TCP_N, 2049, "v2 GETPORT nfs/3/tcp over tcp 127.0.0.1 is 2049");
	expect_port(&u4, NLM_PROG, 4, IPPROTO_UDP_N, 38401, "v2 GETPORT nlockmgr/4/udp is 38401");
	expect_addr(&u6, 4, RPCBPROC_GETADDR, NFS_PROG, 3, "udp6", "", "::1.8.1", NULL,
	    "v4 GETADDR nfs/3 over udp ::1 is ::1.8.1");
	expect_addr(&u6, 4, RPCBPROC_GETADDR, NFS_PROG, 3, "udp6", "::1.0.111", "::1.8.1", NULL,
	    "v4 GETADDR nfs/3 over udp ::1 with the kernel's r_addr hint is ::1.8.1");
	expect_addr(&u4, 4, RPCBPROC_GETADDR, NLM_PROG, 4, "udp", "", "127.0.0.1.150.1", NULL,
	    "v4 GETADDR nlockmgr/4 over udp 127.0.0.1 is 127.0.0.1.150.1");

	/* idle: nothing on either connection; poll both so an early close shows */
	diag("idling %u s on both local connections", idle_secs);
	end = now_ms() + (int64_t)idle_secs * 1000;
	for (int i = 0; i < 100000; i++) {
		struct pollfd pfd[2] = { { a.fd, POLLIN, 0 }, { p.fd, POLLIN, 0 } };
		int64_t left = end - now_ms();

		if (left <= 0)
			break;
		if (poll(pfd, 2, (int)left) > 0) {
			diag("a local connection became readable (closed?) while idle");
			break;
		}
	}
	kernel_unregister(&a, an, NFS_PROG, 3);
	kernel_unregister(&p, "path socket", NLM_PROG, 4);
	expect_port(&u4, NFS_PROG, 3, IPPROTO_UDP_N, 0, "v2 GETPORT nfs/3/udp after unregister-all is 0");
	pm(&u4, 2, 0, NULL, &rp);
	check("the daemon still answers over udp", &rp, EX(X_SUCCESS), NOALT);
	conn_close(&a);
	conn_close(&p);
	conn_close(&u4);
	conn_close(&u6);
	conn_close(&t4);
}

/*
 * Peers that vanish mid-call. Over TCP: a partial record, then a reset
 * (SO_LINGER 0), so the daemon's read fails with ECONNRESET. Over the local
 * socket: a v2 DUMP, then close before its reply, so the daemon's write
 * fails with EPIPE. Each must close only that connection (t62 counts the
 * daemon's descriptors around this section).
 */
static void
sec_resets(void)
{
	static const uint8_t partial[2] = { 0x80, 0 };
	struct linger lg = { 1, 0 };
	struct conn c;
	struct wb w;
	int i, reset = 0, gone = 0;

	for (i = 0; i < 10; i++) {
		open_or_bail(&c, TR_TCP4, SRC_ANY);
		if (send_all(c.fd, partial, sizeof partial) == 0 &&
		    setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0)
			reset++;
		conn_close(&c);
	}
	tap(reset == 10, "10 TCP connections reset with a partial record pending (%d)", reset);
	tap(alive(TR_TCP4), "daemon still answers a v2 NULL over tcp after the resets");
	for (i = 0; i < 10; i++) {
		open_or_bail(&c, TR_PATH, SRC_ANY);
		wb_init(&w);
		w_call(&w, &hdr_none, PMAP_PROG, 2, PMAPPROC_DUMP);
		if (!w.err && conn_send(&c, w.b, w.n) == 0)
			gone++;
		conn_close(&c);
	}
	tap(gone == 10, "10 local DUMPs whose caller left before the reply (%d)", gone);
	/* Replies the caller never reads until the socket is full (the
	 * daemon then waits to write), then the caller leaves: the
	 * daemon's next write fails with EPIPE. */
	open_or_bail(&c, TR_PATH, SRC_ANY);
	for (i = 0, gone = 0; i < 150; i++) {
		wb_init(&w);
		w_call(&w, &hdr_none, PMAP_PROG, 4, RPCBPROC_DUMP);
		gone += !w.err && conn_send(&c, w.b, w.n) == 0;
	}
	usleep(500000);	/* time to fill the socket; no check depends on it */
	conn_close(&c);
	tap(gone == 150, "150 local v4 DUMPs sent and never read, then gone (%d)", gone);
	tap(alive(TR_PATH), "daemon still answers a v2 NULL over the local socket after them");
	check_alive("peers that vanished mid-call");
}

/*
 * A burst: BURST_N v4 DUMP calls sent at once over UDP while the daemon is
 * stopped (t64 sends SIGSTOP, waits for the "# burst sent" line, then
 * SIGCONT), so that they wait in the socket together and the daemon reads
 * them in full batches (recvmmsg of 32); with t64's 48 registrations the
 * replies of one batch outgrow half the reply arena, which is sent before
 * the batch ends. Every call must be answered, each once.
 */
#define BURST_N	40
static void
sec_burst(void)
{
	static bool seen[BURST_N + 1];
	static uint8_t buf[65536];
	uint32_t first = xid_seq + 1, xid;
	struct conn c;
	struct wb w;
	int i, sent = 0, answered = 0, dup = 0;
	long n;

	open_or_bail(&c, TR_UDP4, SRC_ANY);
	/* Room for every reply at once (root may exceed rmem_max). */
	if (setsockopt(c.fd, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ 4 << 20 }, sizeof(int)) == -1)
		diag("SO_RCVBUFFORCE: %s", strerror(errno));
	for (i = 0; i < BURST_N; i++) {
		wb_init(&w);
		w_call(&w, &hdr_none, PMAP_PROG, 4, RPCBPROC_DUMP);
		sent += !w.err && conn_send(&c, w.b, w.n) == 0;
	}
	printf("# burst sent\n");
	fflush(stdout);
	tap(sent == BURST_N, "%d v4 DUMP calls sent at once over udp (%d)", BURST_N, sent);
	for (i = 0; i < 4 * BURST_N && answered + dup < BURST_N; i++) {
		if ((n = conn_recv(&c, buf, sizeof buf, 5000)) < 4)
			break;
		xid = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
		    (uint32_t)buf[2] << 8 | buf[3];
		if (xid < first || xid - first >= BURST_N)
			continue;
		if (seen[xid - first])
			dup++;
		else
			answered++;
		seen[xid - first] = true;
	}
	tap(answered == BURST_N && dup == 0, "every one answered once (%d answered, %d twice)",
	    answered, dup);
	conn_close(&c);
}

/* ------------------------------------------------------------------ main */

static const struct {
	const char *name;
	void (*fn)(void);
	bool dflt;
} sections[] = {
	{ "basic", sec_basic, true },
	{ "pmap", sec_pmap, true },
	{ "rpcb", sec_rpcb, true },
	{ "errors", sec_errors, true },
	{ "rpcvers", sec_rpcvers, true },
	{ "garbage", sec_garbage, true },
	{ "auth", sec_auth, true },
	{ "junk", sec_junk, true },
	{ "tcp", sec_tcp, true },
	{ "access", sec_access, true },
	{ "remote", sec_remote, true },
	{ "kernel", sec_kernel, false },
	{ "resets", sec_resets, false },
	{ "burst", sec_burst, false },
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

static void
usage(void)
{
	fprintf(stderr, "usage: rpcprobe [--target=rpcbindd|rpcbind] [--idle=SECONDS] [--no-plan]\n"
	    "                [--socket=PATH] [--port=N] [SECTION...]\nsections:");
	for (size_t i = 0; i < NSECTIONS; i++)
		fprintf(stderr, " %s%s", sections[i].name, sections[i].dflt ? "" : "(*)");
	fprintf(stderr, "\n(*) only when named\n");
	exit(2);
}

static unsigned long
num_arg(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v > max)
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	bool want[NSECTIONS] = { false };
	bool any = false;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		size_t k;

		if (strcmp(s, "--target=rpcbind") == 0)
			target = TGT_RPCBIND;
		else if (strcmp(s, "--target=rpcbindd") == 0)
			target = TGT_RPCBINDD;
		else if (strncmp(s, "--idle=", 7) == 0)
			idle_secs = (unsigned)num_arg(s + 7, 3600);
		else if (strncmp(s, "--port=", 7) == 0)
			server_port = (uint16_t)num_arg(s + 7, 65535);
		else if (strncmp(s, "--socket=", 9) == 0 && s[9] == '/' && strlen(s + 9) < 100)
			sock_path = s + 9;
		else if (strcmp(s, "--no-plan") == 0)
			no_plan = true;
		else {
			for (k = 0; k < NSECTIONS; k++)
				if (strcmp(s, sections[k].name) == 0)
					break;
			if (k == NSECTIONS)
				usage();
			want[k] = any = true;
		}
	}
	xid_seq = ((uint32_t)getpid() << 16) ^ (uint32_t)time(NULL) << 4;
	if (!any)
		for (size_t k = 0; k < NSECTIONS; k++)
			want[k] = sections[k].dflt;
	diag("rpcprobe: target %s", REF ? "rpcbind (reference)" : "rpcbindd");
	for (size_t k = 0; k < NSECTIONS; k++) {
		if (!want[k])
			continue;
		diag("--- %s", sections[k].name);
		sections[k].fn();
	}
	if (!no_plan)
		printf("1..%u\n", t_n);
	if (t_fail != 0)
		diag("%u of %u failed", t_fail, t_n);
	return t_fail != 0 ? 1 : 0;
}
