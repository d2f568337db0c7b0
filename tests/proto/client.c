/*
 * tests/proto/client.c — rpcprobe's client side: connections over each
 * transport, one call and its reply, what a reply is expected to be and the
 * TAP line that says whether it was, and the decoders of the portmapper's
 * results (ports, strings, DUMP lists).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "rpcprobe.h"

/* ----------------------------------------------------------- transports */

const char *const tr_name[TR_COUNT] = {
	"udp 127.0.0.1", "udp ::1", "tcp 127.0.0.1", "tcp ::1",
	"local path socket", "local abstract socket",
};

bool
tr_stream(enum tr t)
{
	return t != TR_UDP4 && t != TR_UDP6;
}

/* Debian's rpcbind 1.2.6 does not listen on the abstract name. */
bool
tr_missing(enum tr t)
{
	return REF && t == TR_ABSTRACT;
}

static uint16_t resv_next = 1023;
uid_t connect_uid;

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

int
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

void
conn_close(struct conn *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
}

/* One message: a datagram, or one record (single last fragment). */
int
conn_send(struct conn *c, const uint8_t *p, size_t n)
{
	uint8_t rec[4 + WB_MAX];

	if (c->fd == -1)
		return -1;
	if (!tr_stream(c->tr))
		return send(c->fd, p, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
	if (n > WB_MAX)
		return -1;
	put_be32(rec, 0x80000000u | (uint32_t)n);
	memcpy(rec + 4, p, n);
	return probe_send_all(c->fd, rec, n + 4);
}

/* Receive one message into buf: its length, or GOT_NONE / GOT_CLOSED. */
long
conn_recv(struct conn *c, uint8_t *buf, size_t max, int tmo)
{
	long n;

	if (c->fd == -1)
		return GOT_CLOSED;
	n = probe_recv_msg(c->fd, tr_stream(c->tr), buf, max, now_ms() + tmo);
	if (n == PROBE_TOOBIG)
		diag("a reply record of more than %zu bytes or %d fragments", max, PROBE_MAX_FRAGS);
	if (n == PROBE_NONE)
		return GOT_NONE;
	return n < 0 ? GOT_CLOSED : n;
}

/* ------------------------------------------------------------- RPC layer */

void
parse_reply(struct reply *rp)
{
	rp->m.got = rpc_reply_parse(rp->buf, rp->m.len, &rp->m) ? GOT_REPLY : GOT_BAD;
}

/* Wait for the reply to xid, skipping a bounded number of others. */
void
await_reply(struct conn *c, uint32_t xid, struct reply *rp, int tmo)
{
	int64_t deadline = now_ms() + tmo;

	for (int i = 0; i < MAX_STALE; i++) {
		int64_t left = deadline - now_ms();
		long n = conn_recv(c, rp->buf, sizeof rp->buf, left > 0 ? (int)left : 0);

		if (n < 0 || (n == 0 && left <= 0)) {
			rp->m.got = n < 0 ? (int)n : GOT_NONE;
			return;
		}
		if (n == 0) {
			rp->m.got = GOT_NONE;
			return;
		}
		rp->m.len = (size_t)n;
		parse_reply(rp);
		if (rp->m.got != GOT_REPLY || rp->m.xid == xid)
			return;
		diag("skipped a reply with xid %#x (waiting for %#x)", rp->m.xid, xid);
	}
	rp->m.got = GOT_NONE;
}

void
send_call(struct conn *c, const struct call_hdr *h, uint32_t prog, uint32_t vers, uint32_t proc,
    const struct wb *args, struct reply *rp, int tmo)
{
	struct wb w;
	uint32_t xid;

	xid = w_call(&w, false, h, prog, vers, proc);
	if (args != NULL) {
		if (args->err)
			w.err = true;
		w_raw(&w, args->b, args->n);
	}
	if (w.err || conn_send(c, w.b, w.n) == -1) {
		diag("could not send the call on %s: %s", tr_name[c->tr], strerror(errno));
		rp->m.got = c->fd == -1 ? GOT_CLOSED : GOT_ERR;
		return;
	}
	await_reply(c, xid, rp, tmo);
}

/* A portmapper call with AUTH_NONE that expects a reply. */
void
pm(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args, struct reply *rp)
{
	send_call(c, NULL, PMAP_PROG, vers, proc, args, rp, T_REPLY);
}

/* The name of an auth_stat (auth) or of an accept_stat. */
static const char *
stat_name(bool auth, uint32_t s)
{
	static const char *const as[] = { "SUCCESS", "PROG_UNAVAIL", "PROG_MISMATCH",
		"PROC_UNAVAIL", "GARBAGE_ARGS", "SYSTEM_ERR" };
	static const char *const au[] = { "AUTH_OK", "AUTH_BADCRED", "AUTH_REJECTEDCRED",
		"AUTH_BADVERF", "AUTH_REJECTEDVERF", "AUTH_TOOWEAK", "AUTH_INVALIDRESP",
		"AUTH_FAILED" };

	if (auth)
		return s < 8 ? au[s] : "auth_stat?";
	return s < 6 ? as[s] : "accept_stat?";
}

const char *
describe(const struct reply *rp, char *buf, size_t n)
{
	switch (rp->m.got) {
	case GOT_NONE:
		return "no reply";
	case GOT_CLOSED:
		return "connection closed (or port unreachable)";
	case GOT_ERR:
		return "send failed";
	case GOT_BAD:
		snprintf(buf, n, "an undecodable reply of %zu bytes", rp->m.len);
		return buf;
	default:
		break;
	}
	if (rp->m.rstat == RS_ACCEPTED && rp->m.astat == AS_PROG_MISMATCH)
		snprintf(buf, n, "accepted PROG_MISMATCH %u-%u", rp->m.lo, rp->m.hi);
	else if (rp->m.rstat == RS_ACCEPTED && rp->m.astat == AS_SUCCESS && rp->m.res.n == 4)
		snprintf(buf, n, "accepted SUCCESS, result %u", (uint32_t)rp->m.res.p[0] << 24 |
		    (uint32_t)rp->m.res.p[1] << 16 | (uint32_t)rp->m.res.p[2] << 8 | rp->m.res.p[3]);
	else if (rp->m.rstat == RS_ACCEPTED)
		snprintf(buf, n, "accepted %s", stat_name(false, rp->m.astat));
	else if (rp->m.rjstat == RJ_RPC_MISMATCH)
		snprintf(buf, n, "denied RPC_MISMATCH %u-%u", rp->m.lo, rp->m.hi);
	else
		snprintf(buf, n, "denied AUTH_ERROR %s", stat_name(true, rp->m.authstat));
	return buf;
}

bool
matches(const struct reply *rp, struct ex e)
{
	static const uint32_t astat_of[X_SYSERR + 1] = {
		[X_SUCCESS] = AS_SUCCESS, [X_PROG_UNAVAIL] = AS_PROG_UNAVAIL,
		[X_PROG_MISMATCH] = AS_PROG_MISMATCH, [X_PROC_UNAVAIL] = AS_PROC_UNAVAIL,
		[X_GARBAGE] = AS_GARBAGE_ARGS, [X_SYSERR] = AS_SYSTEM_ERR,
	};

	switch (e.k) {
	case X_NONE:
		return false;
	case X_SILENT:
		return rp->m.got == GOT_NONE;
	case X_CLOSED:
		return rp->m.got == GOT_CLOSED;
	default:
		if (rp->m.got != GOT_REPLY)
			return false;
		break;
	}
	switch (e.k) {
	case X_RPC_MISMATCH:
		return rp->m.rstat == RS_DENIED && rp->m.rjstat == RJ_RPC_MISMATCH &&
		    rp->m.lo == e.a && rp->m.hi == e.b;
	case X_AUTH:
		return rp->m.rstat == RS_DENIED && rp->m.rjstat == RJ_AUTH_ERROR &&
		    (e.a == 0 || rp->m.authstat == e.a);
	default:	/* accepted, with the accept_stat of e.k */
		return rp->m.rstat == RS_ACCEPTED && rp->m.astat == astat_of[e.k] &&
		    (e.k != X_PROG_MISMATCH || (rp->m.lo == e.a && rp->m.hi == e.b));
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
		snprintf(buf, n, "%s %s", names[e.k], stat_name(true, e.a));
	else
		snprintf(buf, n, "%s", names[e.k]);
	return buf;
}

/* One TAP line: the reply matches e (or alt, if alt.k != X_NONE). */
bool
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

/* Send, expect the outcome e; a fresh connection per call keeps streams in sync. */
bool
expect_on(enum tr tr, int src, const struct call_hdr *h, uint32_t prog, uint32_t vers,
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

/*
 * Arguments from a spec, words separated by spaces: a number (0x... too),
 * P (the program under test), s:TEXT (a string, maybe empty), r:TEXT (the
 * bytes alone), z:N (N zero bytes), x:N (a string of N 'x').
 */
void
w_spec(struct wb *w, const char *spec, uint32_t prog)
{
	const char *s = spec != NULL ? spec : "";

	for (int i = 0; i < 64 && *s != '\0'; i++) {
		size_t len = strcspn(s, " ");
		char *end;

		if (s[0] == 'P' && len == 1)
			w_u32(w, prog);
		else if (strncmp(s, "s:", 2) == 0)
			w_opaque(w, s + 2, len - 2);
		else if (strncmp(s, "r:", 2) == 0)
			w_raw(w, s + 2, len - 2);
		else if (strncmp(s, "z:", 2) == 0)
			w_fill(w, 0, strtoul(s + 2, NULL, 10));
		else if (strncmp(s, "x:", 2) == 0) {
			size_t k = strtoul(s + 2, NULL, 10);

			w_u32(w, (uint32_t)k);
			w_fill(w, 'x', k);
			w_fill(w, 0, (4 - k % 4) % 4);
		} else
			w_u32(w, (uint32_t)strtoul(s, &end, 0));
		s += len;
		s += strspn(s, " ");
	}
}

/* Each case on a fresh connection: one TAP line. */
void
run_argcases(const struct argcase *cs, size_t n, uint32_t prog)
{
	for (size_t i = 0; i < n; i++) {
		const struct argcase *c = &cs[i];
		bool ref = REF && c->ref.k != X_NONE;
		struct wb a;

		wb_init(&a);
		w_spec(&a, c->args, prog);
		expect_on(c->tr, SRC_ANY, NULL, PMAP_PROG, c->vers, c->proc, &a,
		    ref ? c->ref : c->e, ref ? c->ref_alt : NOALT,
		    ref && c->ref_desc != NULL ? c->ref_desc : c->desc);
	}
}

/* Is the daemon still answering a v2 NULL over tr? */
bool
alive(enum tr tr)
{
	struct conn c;
	struct reply rp;

	if (conn_open(&c, tr, SRC_ANY) == -1)
		return false;
	pm(&c, 2, PMAPPROC_NULL, NULL, &rp);
	conn_close(&c);
	return matches(&rp, EX(X_SUCCESS)) && r_end(&rp.m.res);
}

void
check_alive(const char *after)
{
	tap(alive(TR_UDP4), "daemon still answers a v2 NULL over udp after %s", after);
}



/* A call that must succeed; on failure one "not ok" line is printed. */
bool
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
	v = r_u32(&rp.m.res);
	good = r_end(&rp.m.res) && v == want;
	tap(good, "%s", desc);
	if (!good)
		diag("expected %s, got %s (%zu result bytes)", want ? "TRUE" : "FALSE",
		    rp.m.res.err ? "nothing" : v == 1 ? "TRUE" : v == 0 ? "FALSE" : "a non-bool",
		    rp.m.res.n);
	return good;
}

bool
set_rpcb(struct conn *c, uint32_t vers, uint32_t proc, uint32_t prog, uint32_t pvers,
    const char *netid, const char *addr, const char *owner, uint32_t want, const char *desc)
{
	struct wb a;

	wb_init(&a);
	w_rpcb(&a, prog, pvers, netid, addr, owner);
	return expect_bool(c, vers, proc, &a, want, desc);
}

bool
set_pmap(struct conn *c, uint32_t proc, uint32_t prog, uint32_t vers, uint32_t prot,
    uint32_t port, uint32_t want, const char *desc)
{
	struct wb a;

	wb_init(&a);
	w_pmap(&a, prog, vers, prot, port);
	return expect_bool(c, 2, proc, &a, want, desc);
}

/* GETPORT → port (-1 with a "not ok" line on failure) */
long
getport(struct conn *c, uint32_t prog, uint32_t vers, uint32_t prot, const char *desc)
{
	struct reply rp;
	struct wb a;
	uint32_t v;

	wb_init(&a);
	w_pmap(&a, prog, vers, prot, 0);
	if (!call_ok(c, 2, PMAPPROC_GETPORT, &a, &rp, desc))
		return -1;
	v = r_u32(&rp.m.res);
	if (!r_end(&rp.m.res) || v > 65535) {
		tap(false, "%s", desc);
		diag("GETPORT result does not decode as a port (%zu bytes)", rp.m.res.n);
		return -1;
	}
	return (long)v;
}

bool
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
bool
get_string(struct conn *c, uint32_t vers, uint32_t proc, const struct wb *args,
    char *out, size_t max, const char *desc)
{
	struct reply rp;

	out[0] = '\0';
	if (!call_ok(c, vers, proc, args, &rp, desc))
		return false;
	r_str(&rp.m.res, out, max);
	if (!r_end(&rp.m.res)) {
		tap(false, "%s", desc);
		diag("result is not one string of < %zu bytes (%zu bytes)", max, rp.m.res.n);
		return false;
	}
	return true;
}

bool
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

static struct pmap_ent pmap_tab[MAX_ENTRIES];
static struct rpcb_ent rpcb_tab[MAX_ENTRIES];

/* A DUMP result, a list of optional-data items (TRUE item TRUE item ...
 * FALSE), into pmap_tab (v2) or rpcb_tab: how many, or -1. */
static int
dec_list(struct rb *r, bool v2)
{
	int n = 0;

	while (!r->err && r_u32(r) == 1) {
		if (n == MAX_ENTRIES) {
			r->err = true;
			break;
		}
		if (v2) {
			pmap_tab[n].prog = r_u32(r);
			pmap_tab[n].vers = r_u32(r);
			pmap_tab[n].prot = r_u32(r);
			pmap_tab[n].port = r_u32(r);
		} else {
			rpcb_tab[n].prog = r_u32(r);
			rpcb_tab[n].vers = r_u32(r);
			r_str(r, rpcb_tab[n].netid, sizeof rpcb_tab[n].netid);
			r_str(r, rpcb_tab[n].addr, sizeof rpcb_tab[n].addr);
			r_str(r, rpcb_tab[n].owner, sizeof rpcb_tab[n].owner);
		}
		n++;
	}
	return r_end(r) ? n : -1;
}

/* DUMP v2 into pmap_tab, v3/v4 into rpcb_tab; -1 with a "not ok" line on
 * failure */
int
dump_rpcb(struct conn *c, uint32_t vers, const char *desc)
{
	struct reply rp;
	int n;

	if (!call_ok(c, vers, vers == 2 ? PMAPPROC_DUMP : RPCBPROC_DUMP, NULL, &rp, desc))
		return -1;
	n = dec_list(&rp.m.res, vers == 2);
	if (n < 0) {
		tap(false, "%s", desc);
		diag("DUMP v%u result does not decode (%zu bytes)", vers, rp.m.res.n);
	}
	return n;
}

int
dump_pmap(struct conn *c, const char *desc)
{
	return dump_rpcb(c, 2, desc);
}

const struct pmap_ent *
find_pmap(int n, uint32_t prog, uint32_t vers, uint32_t prot)
{
	for (int i = 0; i < n; i++)
		if (pmap_tab[i].prog == prog && pmap_tab[i].vers == vers && pmap_tab[i].prot == prot)
			return &pmap_tab[i];
	return NULL;
}

const struct rpcb_ent *
find_rpcb(int n, uint32_t prog, uint32_t vers, const char *netid)
{
	for (int i = 0; i < n; i++)
		if (rpcb_tab[i].prog == prog && rpcb_tab[i].vers == vers &&
		    strcmp(rpcb_tab[i].netid, netid) == 0)
			return &rpcb_tab[i];
	return NULL;
}

int
count_prog(int n, uint32_t prog, uint32_t vers)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += rpcb_tab[i].prog == prog && rpcb_tab[i].vers == vers;
	return k;
}

void
diag_rpcb(int n)
{
	for (int i = 0; i < n && i < 64; i++)
		diag("  %u v%u %s %s owner %s", rpcb_tab[i].prog, rpcb_tab[i].vers,
		    rpcb_tab[i].netid, rpcb_tab[i].addr, rpcb_tab[i].owner);
}

/* The DUMP has entry (prog, vers, netid) with this address and owner. */
bool
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

bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

void
open_or_bail(struct conn *c, enum tr tr, int src)
{
	if (conn_open(c, tr, src) == -1) {
		printf("Bail out! cannot connect to the portmapper over %s\n", tr_name[tr]);
		exit(1);
	}
}
