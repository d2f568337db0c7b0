/*
 * bndprobe — drives the connection and registry bounds of a portmapper:
 * idle timeouts, the TCP connection cap and its eviction
 * of the oldest idle connection, the local-socket cap, slow, oversized and
 * half-sent stream records, and the per-owner registration quota.
 *
 * Anything that needs many sockets at once lives here; tests/t30-bounds.sh
 * runs one subcommand at a time. Calls are built by hand (no libtirpc):
 * a test must be able to send what no library would. Output is one line per
 * assertion, "ok - TEXT" or "not ok - TEXT", and "# TEXT" diagnostics, which
 * the script turns into TAP; the exit status is 1 when anything failed. The
 * registry subcommands (set-many, unset-many) print a run-length summary of
 * the answers instead ("TRUE*128 FALSE*2").
 *
 * Every wait has a deadline and every loop a bound: a dead or hung daemon
 * shows up as failures, never as a hung test. The whole run is also capped
 * by alarm().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <arpa/inet.h>
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
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SOCK_PATH	"/run/rpcbind.sock"
#define MAX_CONNS	2048		/* sockets one subcommand may hold */
#define REPLY_MAX	65536
#define T_REPLY		2000		/* ms to wait for an expected reply */
#define RUN_LIMIT	50		/* s, for the whole program */
#define WB_MAX		16384		/* largest message we build */

#include "../common/probe.h"

enum tr { TR_TCP, TR_UDP, TR_PATH, TR_ABSTRACT };

static int fds[MAX_CONNS];
static uint8_t rbuf[REPLY_MAX];

/* ------------------------------------------------------------ sockets */

static int
open_conn(enum tr tr)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_un un;
	} d;
	socklen_t dlen;
	struct timeval tv = { 3, 0 };
	int fd, one = 1;

	memset(&d, 0, sizeof(d));
	if (tr == TR_TCP || tr == TR_UDP) {
		d.in.sin_family = AF_INET;
		d.in.sin_port = htons(PMAP_PORT);
		d.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		dlen = sizeof(d.in);
		fd = socket(AF_INET, (tr == TR_TCP ? SOCK_STREAM : SOCK_DGRAM) |
		    SOCK_CLOEXEC, 0);
	} else {
		d.un.sun_family = AF_UNIX;
		memcpy(d.un.sun_path + (tr == TR_ABSTRACT), SOCK_PATH,
		    sizeof(SOCK_PATH) - 1);
		dlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
		    sizeof(SOCK_PATH) - 1 + 1);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd == -1) {
		diag("socket: %s", strerror(errno));
		return -1;
	}
	/* connect() and send() give up after 3 s. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (tr == TR_TCP)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return probe_connect(fd, &d.sa, dlen);
}

static void
close_all(size_t n)
{
	size_t i;

	for (i = 0; i < n && i < MAX_CONNS; i++)
		if (fds[i] != -1) {
			close(fds[i]);
			fds[i] = -1;
		}
}

#define GOT_NONE	(-3)	/* the deadline passed in silence */
#define GOT_CLOSED	(-1)	/* EOF or reset */
#define GOT_BAD		(-2)	/* an answer that does not decode */

/* One reply (a record on a stream, a datagram on UDP) for `xid`, accepted
 * with SUCCESS: the length of its results, left at *res; or GOT_*. */
static long
get_reply(int fd, bool stream, uint32_t xid, const uint8_t **res, int tmo)
{
	struct rpc_reply rp;
	long n = probe_recv_xid(fd, stream, xid, rbuf, sizeof(rbuf), now_ms() + tmo);

	if (n < 0)
		return n == PROBE_NONE ? GOT_NONE : n == PROBE_TOOBIG ? GOT_BAD : GOT_CLOSED;
	if (!rpc_reply_parse(rbuf, (size_t)n, &rp) || rp.rstat != RS_ACCEPTED ||
	    rp.astat != AS_SUCCESS)
		return GOT_BAD;
	*res = rp.res.p;
	return (long)rp.res.n;
}

static const char *
got_name(long r)
{
	return r == GOT_NONE ? "no answer" : r == GOT_CLOSED ? "closed" :
	    r == GOT_BAD ? "a bad answer" : "an answer";
}

/* A NULL call on a stream: >= 0 answered, else GOT_*. */
static long
null_call(int fd, uint32_t vers, int tmo)
{
	struct wb w;
	const uint8_t *res;
	uint32_t xid = w_call(&w, true, NULL, PMAP_PROG, vers, 0);

	w_close(&w, true);
	if (probe_send_all(fd, w.b, w.n) == -1)
		return GOT_CLOSED;
	return get_reply(fd, true, xid, &res, tmo);
}

/* PMAP v2 GETPORT of the portmapper itself on a fresh UDP or TCP socket:
 * the port, or GOT_*. */
static long
getport(enum tr tr, int tmo)
{
	struct wb w;
	const uint8_t *res;
	bool stream = tr == TR_TCP;
	uint32_t xid;
	long r;
	int fd;

	if ((fd = open_conn(tr)) == -1)
		return GOT_CLOSED;
	xid = w_call(&w, stream, NULL, PMAP_PROG, 2, PMAPPROC_GETPORT);
	w_pmap(&w, PMAP_PROG, 2, tr == TR_TCP ? IPPROTO_TCP_N : IPPROTO_UDP_N, 0);
	w_close(&w, stream);
	if (probe_send_all(fd, w.b, w.n) == -1)
		r = GOT_CLOSED;
	else
		r = get_reply(fd, stream, xid, &res, tmo);
	if (r >= 4)
		r = be32(res);
	else if (r >= 0)
		r = GOT_BAD;
	close(fd);
	return r;
}

/* 1 when the peer closed the stream (EOF or reset) within tmo ms, 0 when it
 * stayed open, GOT_BAD when it sent something instead. */
static int
wait_closed(int fd, int tmo)
{
	int64_t deadline = now_ms() + tmo;
	uint8_t b[512];
	ssize_t r;
	int i;

	for (i = 0; i < 1000; i++) {
		struct pollfd pfd = { fd, POLLIN | POLLRDHUP, 0 };
		int64_t left = deadline - now_ms();

		if (left <= 0)
			return 0;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = recv(fd, b, sizeof(b), MSG_DONTWAIT);
		if (r == 0 || (r == -1 && errno != EAGAIN && errno != EINTR))
			return 1;
		if (r > 0)
			return GOT_BAD;
	}
	return 0;
}

/* n TCP connections into fds: how many opened, or -1 (and a "not ok"
 * line) when n is over MAX_CONNS. */
static long
open_many(const char *cmd, unsigned n)
{
	unsigned i, opened = 0;

	if (n > MAX_CONNS) {
		out(false, "%s: %u is more than %d", cmd, n, MAX_CONNS);
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((fds[i] = open_conn(TR_TCP)) != -1)
			opened++;
	return opened;
}

/* How many of fds[from..n) answer a NULL call of version vers. */
static unsigned
still_answer(unsigned from, unsigned n, uint32_t vers)
{
	unsigned i, answered = 0;

	for (i = from; i < n; i++)
		if (fds[i] != -1 && null_call(fds[i], vers, T_REPLY) >= 0)
			answered++;
	return answered;
}

/* A fresh TCP GETPORT answered within 1 s, then a UDP one. */
static void
fresh_lookups(void)
{
	int64_t t0 = now_ms();
	long p = getport(TR_TCP, 1000);

	out(p == PMAP_PORT, "a fresh TCP GETPORT is answered within 1 s "
	    "(%ld after %lld ms)", p, (long long)(now_ms() - t0));
	p = getport(TR_UDP, 1000);
	out(p == PMAP_PORT, "and a UDP GETPORT (%ld)", p);
}

/* ---------------------------------------------------------- subcommands */

/* A TCP connection that sends nothing is closed after MIN..MAX ms. */
static void
cmd_idle_silent(unsigned min, unsigned max)
{
	int64_t t0;
	int fd = open_conn(TR_TCP), r;

	if (fd == -1) {
		out(false, "connect to 127.0.0.1:111");
		return;
	}
	t0 = now_ms();
	r = wait_closed(fd, (int)max + 2000);
	out(r == 1 && now_ms() - t0 >= min && now_ms() - t0 <= max,
	    "a silent TCP connection is closed after %u-%u ms (%s after %lld ms)",
	    min, max, r == 1 ? "closed" : r == 0 ? "still open" : "data",
	    (long long)(now_ms() - t0));
	close(fd);
}

/* A TCP connection with a NULL call every INTERVAL ms for MS ms stays open. */
static void
cmd_idle_busy(unsigned ms, unsigned interval)
{
	int64_t t0 = now_ms();
	unsigned calls = 0, answered = 0, k;
	int fd = open_conn(TR_TCP);
	long r = 0;

	if (fd == -1) {
		out(false, "connect to 127.0.0.1:111");
		return;
	}
	for (k = 0; k < 1000 && now_ms() - t0 < ms; k++) {
		calls++;
		if ((r = null_call(fd, 2, T_REPLY)) < 0)
			break;
		answered++;
		sleep_ms(interval);
	}
	out(calls == answered && calls > 0,
	    "a TCP connection with a NULL call every %u ms stays open %u ms "
	    "(%u of %u answered%s%s)", interval, ms, answered, calls,
	    r < 0 ? ", then " : "", r < 0 ? got_name(r) : "");
	close(fd);
}

/* A local-socket connection idle SECS s is open and answers. */
static void
cmd_local_idle(enum tr tr, unsigned secs)
{
	const char *name = tr == TR_PATH ? "path" : "abstract";
	int fd = open_conn(tr), r;
	long a;

	if (fd == -1) {
		out(false, "connect to the %s local socket", name);
		return;
	}
	r = wait_closed(fd, (int)secs * 1000);
	out(r == 0, "the %s local-socket connection idle %u s is not closed",
	    name, secs);
	a = null_call(fd, 2, T_REPLY);
	out(a >= 0, "and it answers a v2 NULL call (%s)", got_name(a));
	a = null_call(fd, 4, T_REPLY);
	out(a >= 0, "and a v4 NULL call (%s)", got_name(a));
	close(fd);
}

/* The oldest idle of CAP connections is evicted by one more. */
static void
cmd_evict(unsigned cap)
{
	unsigned i, answered = 0;
	int extra;
	long r;

	if (cap < 2 || cap + 1 > MAX_CONNS) {
		out(false, "evict: cap %u out of range", cap);
		return;
	}
	for (i = 0; i < cap; i++)
		fds[i] = -1;
	/* The first one answers once, then stays silent: the oldest idle. */
	if ((fds[0] = open_conn(TR_TCP)) == -1 ||
	    (r = null_call(fds[0], 2, T_REPLY)) < 0) {
		out(false, "the first connection answers");
		goto done;
	}
	sleep_ms(100);
	for (i = 1; i < cap; i++) {
		if ((fds[i] = open_conn(TR_TCP)) == -1)
			break;
		if ((r = null_call(fds[i], 2, T_REPLY)) < 0) {
			diag("connection %u: %s", i + 1, got_name(r));
			break;
		}
	}
	out(i == cap, "%u TCP connections open and answering (at the cap)", cap);
	sleep_ms(100);
	extra = open_conn(TR_TCP);
	r = extra == -1 ? GOT_CLOSED : null_call(extra, 2, T_REPLY);
	out(r >= 0, "connection %u answers a NULL call (%s)", cap + 1,
	    got_name(r));
	out(wait_closed(fds[0], 2000) == 1,
	    "the oldest idle connection was closed to admit it");
	answered = still_answer(1, cap, 2);
	out(answered == cap - 1, "the other %u still answer (%u do)", cap - 1,
	    answered);
	if (extra != -1)
		close(extra);
done:
	close_all(cap);
}

/* N connections at once against a cap of CAP: the daemon answers, at most
 * CAP of them are served. */
static void
cmd_flood(unsigned n, unsigned cap)
{
	unsigned i, answered = 0, closed = 0, sent = 0;
	uint32_t xid[MAX_CONNS];
	int64_t deadline;
	long opened = open_many("flood", n), p;

	if (opened < 0)
		return;
	diag("%ld of %u TCP connections opened", opened, n);
	p = getport(TR_UDP, T_REPLY);
	out(p == PMAP_PORT, "after %u connections, UDP GETPORT 100000 v2 "
	    "answers 111 (%ld)", n, p);
	p = getport(TR_TCP, T_REPLY);
	out(p == PMAP_PORT, "and a fresh TCP GETPORT answers 111 (%ld)", p);
	/* Ask every one at once; the live ones answer, the others are shut. */
	for (i = 0; i < n; i++) {
		struct wb w;

		xid[i] = w_call(&w, true, NULL, PMAP_PROG, 2, 0);
		w_close(&w, true);
		if (fds[i] != -1 && probe_send_all(fds[i], w.b, w.n) == 0)
			sent++;
	}
	deadline = now_ms() + 3000;
	for (i = 0; i < n; i++) {
		const uint8_t *res;
		int64_t left = deadline - now_ms();

		if (fds[i] == -1)
			continue;
		p = get_reply(fds[i], true, xid[i], &res,
		    left > 100 ? (int)left : 100);
		if (p >= 0)
			answered++;
		else if (p == GOT_CLOSED)
			closed++;
	}
	diag("%u NULL calls sent, %u answered, %u connections closed", sent,
	    answered, closed);
	out(answered >= 1 && answered <= cap, "at most %u of them are alive "
	    "(%u answered)", cap, answered);
	out(answered + closed == opened, "every other one was closed "
	    "(%u + %u of %ld)", answered, closed, opened);
	close_all(n);
}

/* A NULL call record sent one byte every MS ms is answered. */
static void
cmd_slow(unsigned ms)
{
	struct wb w;
	const uint8_t *res;
	uint32_t xid = w_call(&w, true, NULL, PMAP_PROG, 2, 0);
	int fd = open_conn(TR_TCP);
	size_t i;
	long r = GOT_CLOSED;

	w_close(&w, true);
	if (fd == -1) {
		out(false, "connect to 127.0.0.1:111");
		return;
	}
	for (i = 0; i < w.n; i++) {
		if (probe_send_all(fd, w.b + i, 1) == -1)
			break;
		sleep_ms(ms);
	}
	if (i == w.n)
		r = get_reply(fd, true, xid, &res, T_REPLY);
	out(r >= 0, "a %zu-byte NULL call record sent one byte every %u ms is "
	    "answered (%s after %zu bytes)", w.n, ms, got_name(r), i);
	close(fd);
}

/* Sends a NULL call split into fragments of `step` bytes (the whole call
 * when 0), padded with `pad` zero bytes of arguments; 1 when an answer (any
 * accepted one) or nothing but no close came, and the same connection then
 * answers a plain NULL call. */
static void
frag_call(const char *desc, size_t step, size_t pad)
{
	static struct wb w, f;
	const uint8_t *res;
	size_t at = 0, len;
	uint32_t xid = w_call(&w, false, NULL, PMAP_PROG, 2, 0);
	long r, r2 = GOT_CLOSED;
	int fd, k;

	if (pad > sizeof(w.b) - w.n)
		pad = sizeof(w.b) - w.n;
	memset(w.b + w.n, 0, pad);
	w.n += pad;
	if (step == 0)
		step = w.n;
	f.n = 0;
	for (k = 0; k < 4096 && at < w.n; k++) {
		len = w.n - at < step ? w.n - at : step;
		if (f.n + 4 + len > sizeof(f.b))
			break;
		w_u32(&f, (at + len == w.n ? 0x80000000u : 0) | (uint32_t)len);
		memcpy(f.b + f.n, w.b + at, len);
		f.n += len;
		at += len;
	}
	fd = open_conn(TR_TCP);
	r = fd == -1 || at != w.n || probe_send_all(fd, f.b, f.n) == -1 ?
	    GOT_CLOSED : get_reply(fd, true, xid, &res, pad > 0 ? 1000 : T_REPLY);
	if (r != GOT_CLOSED && fd != -1)
		r2 = null_call(fd, 2, T_REPLY);
	out(pad > 0 ? r != GOT_CLOSED && r2 >= 0 : r >= 0 && r2 >= 0,
	    "%s (%s, then a NULL call: %s)", desc, got_name(r), got_name(r2));
	if (fd != -1)
		close(fd);
}

/* Sends `lead` (a record mark or more) and `body` bytes of filler; the
 * daemon must close the connection within 2 s. */
static void
expect_closed(const char *desc, const uint8_t *lead, size_t llen,
    size_t body)
{
	static uint8_t fill[65536];
	int fd = open_conn(TR_TCP), r;
	size_t sent = 0, k;

	if (fd == -1) {
		out(false, "%s: connect", desc);
		return;
	}
	if (probe_send_all(fd, lead, llen) == 0)
		for (k = 0; k < 64 && sent < body; k++) {
			size_t n = body - sent < sizeof(fill) ?
			    body - sent : sizeof(fill);

			if (probe_send_all(fd, fill, n) == -1)
				break;
			sent += n;
		}
	r = wait_closed(fd, 2000);
	out(r == 1, "%s: connection closed (%s)", desc,
	    r == 1 ? "yes" : r == 0 ? "still open" : "got data");
	close(fd);
}

static void
cmd_garbage(void)
{
	uint8_t h[8];

	h[0] = 0xff; h[1] = 0xff; h[2] = 0xff; h[3] = 0xff;
	expect_closed("a record mark claiming 0x7fffffff bytes (last fragment)",
	    h, 4, 64);
	h[0] = 0x7f;
	expect_closed("a fragment mark claiming 0x7fffffff bytes (not last)",
	    h, 4, 64);
	h[0] = 0x80; h[1] = 0x00; h[2] = 0x4e; h[3] = 0x20;	/* 20000 */
	expect_closed("a 20000-byte record", h, 4, 20000);
	h[0] = 0x80; h[1] = 0x00; h[2] = 0x26; h[3] = 0x61;	/* 9825 */
	expect_closed("a 9825-byte record (RB_RECORD_MAX + 1)", h, 4, 9825);
	/* Two fragments of 6000: each fits, the record does not. */
	{
		static uint8_t two[4 + 6000 + 4];

		two[0] = 0x00; two[1] = 0x00; two[2] = 0x17; two[3] = 0x70;
		two[6004] = 0x80; two[6005] = 0x00; two[6006] = 0x17;
		two[6007] = 0x70;
		expect_closed("two 6000-byte fragments (a 12000-byte record)",
		    two, sizeof(two), 6000);
	}
	/* Positive controls: fragments are joined, the cap is inclusive. */
	frag_call("a NULL call in 12-byte fragments is answered", 12, 0);
	frag_call("a NULL call in 40 one-byte fragments is answered", 1, 0);
	frag_call("a 9824-byte record (RB_RECORD_MAX) does not close the "
	    "connection", 0, 9824 - 40);
}

/* N connections hold half a record each; a fresh lookup is answered within
 * 1 s; then the halves are completed and answered. */
static void
cmd_half(unsigned n)
{
	struct wb w;
	const uint8_t *res;
	uint32_t xid[MAX_CONNS];
	unsigned i, opened = 0, answered = 0;

	if (n > MAX_CONNS) {
		out(false, "half: %u is more than %d", n, MAX_CONNS);
		return;
	}
	for (i = 0; i < n; i++) {
		xid[i] = w_call(&w, true, NULL, PMAP_PROG, 2, 0);
		w_close(&w, true);
		fds[i] = open_conn(TR_TCP);
		if (fds[i] != -1 && probe_send_all(fds[i], w.b, w.n / 2) == 0)
			opened++;
	}
	out(opened == n, "%u TCP connections each sent half a record (%u)", n,
	    opened);
	sleep_ms(100);
	fresh_lookups();
	for (i = 0; i < n; i++) {
		w_call(&w, true, NULL, PMAP_PROG, 2, 0);
		w_close(&w, true);
		if (fds[i] != -1 && probe_send_all(fds[i], w.b + w.n / 2,
		    w.n - w.n / 2) == 0 && get_reply(fds[i], true, xid[i],
		    &res, T_REPLY) >= 0)
			answered++;
	}
	out(answered == n, "the %u half records, completed, are answered (%u)",
	    n, answered);
	close_all(n);
}

/* N idle TCP connections (under the cap): a fresh lookup is answered
 * within 1 s and every one of them still answers. */
static void
cmd_idle_many(unsigned n)
{
	unsigned answered;
	long opened = open_many("idle-many", n);

	if (opened < 0)
		return;
	out(opened == n, "%u idle TCP connections open (%ld)", n, opened);
	sleep_ms(200);
	fresh_lookups();
	answered = still_answer(0, n, 2);
	out(answered == n, "all %u idle connections still answer (%u)", n,
	    answered);
	close_all(n);
}

/* A new local connection answers a NULL call within `secs` s of retries. */
static bool
local_works(enum tr tr, unsigned secs)
{
	int64_t deadline = now_ms() + secs * 1000;
	int k, fd;
	long r;

	for (k = 0; k < 100 && now_ms() < deadline; k++) {
		if ((fd = open_conn(tr)) != -1) {
			r = null_call(fd, 2, 500);
			close(fd);
			if (r >= 0)
				return true;
		}
		sleep_ms(100);
	}
	return false;
}

/* CAP local connections are served, more are closed at once. */
static void
cmd_local_cap(unsigned cap)
{
	unsigned i, answered = 0, k;
	int fd;
	long r;

	if (cap + 1 > MAX_CONNS) {
		out(false, "local-cap: %u out of range", cap);
		return;
	}
	/* Half by path, half by abstract name: the cap is for both. */
	for (i = 0; i < cap; i++) {
		fds[i] = open_conn(i % 2 ? TR_ABSTRACT : TR_PATH);
		if (fds[i] != -1 && null_call(fds[i], 2, T_REPLY) >= 0)
			answered++;
	}
	out(answered == cap, "%u local-socket connections (path and abstract) "
	    "answer (%u)", cap, answered);
	for (k = 0; k < 2; k++) {
		const char *name = k == 0 ? "path" : "abstract";

		fd = open_conn(k == 0 ? TR_PATH : TR_ABSTRACT);
		if (fd == -1) {
			out(true, "local connection %u (%s) refused at connect",
			    cap + 1 + k, name);
			continue;
		}
		out(wait_closed(fd, 1000) == 1, "local connection %u (%s) is "
		    "closed at once", cap + 1 + k, name);
		close(fd);
	}
	r = getport(TR_UDP, T_REPLY);
	out(r == PMAP_PORT, "the daemon still answers UDP GETPORT (%ld)", r);
	r = getport(TR_TCP, T_REPLY);
	out(r == PMAP_PORT, "and TCP GETPORT (%ld)", r);
	answered = still_answer(0, cap, 4);
	out(answered == cap, "the %u local connections still answer (%u)", cap,
	    answered);
	close_all(cap);
	out(local_works(TR_PATH, 3), "after closing them a new local "
	    "connection (path) answers");
	out(local_works(TR_ABSTRACT, 3), "and one by the abstract name");
}

/* Holds N local connections (each answered a NULL call) for SECS s, or
 * until stdin reaches EOF; prints "held K" when they are open. */
static void
cmd_hold_local(unsigned n, unsigned secs)
{
	unsigned i, held = 0;
	char c;

	if (n > MAX_CONNS) {
		out(false, "hold-local: %u is more than %d", n, MAX_CONNS);
		return;
	}
	for (i = 0; i < n; i++)
		if ((fds[i] = open_conn(TR_PATH)) != -1 &&
		    null_call(fds[i], 2, T_REPLY) >= 0)
			held++;
	printf("held %u\n", held);
	fflush(stdout);
	{
		struct pollfd pfd = { 0, POLLIN, 0 };

		if (poll(&pfd, 1, (int)secs * 1000) == 1)
			(void)read(0, &c, 1);
	}
	close_all(n);
}

/* v3 SET (proc 1) or UNSET (proc 2) of COUNT programs from PROG on, over
 * one connection to the local socket; prints the answers run-length coded. */
static int
cmd_setmany(uint32_t proc, uint32_t prog, unsigned count, const char *netid,
    const char *uaddr)
{
	static const char *const names[] = { "FALSE", "TRUE", "BAD", "ERR" };
	static uint8_t code[4096];
	const uint8_t *res;
	struct wb w;
	unsigned i, j, n = 0;
	uint32_t xid;
	long r;
	int fd = open_conn(TR_PATH);

	if (fd == -1) {
		fprintf(stderr, "bndprobe: cannot connect to %s\n", SOCK_PATH);
		return 1;
	}
	if (count > sizeof(code))
		count = sizeof(code);
	for (i = 0; i < count; i++) {
		xid = w_call(&w, true, NULL, PMAP_PROG, 3, proc);
		w_u32(&w, prog + i);
		w_u32(&w, 1);
		w_str(&w, netid);
		w_str(&w, proc == 1 ? uaddr : "");
		w_str(&w, "ignored");
		w_close(&w, true);
		r = probe_send_all(fd, w.b, w.n) == -1 ? GOT_CLOSED :
		    get_reply(fd, true, xid, &res, T_REPLY);
		if (r < 4) {
			fprintf(stderr, "bndprobe: call %u: %s\n", i + 1,
			    got_name(r < 0 ? r : GOT_BAD));
			code[n++] = 3;
			break;
		}
		code[n++] = be32(res) <= 1 ? (uint8_t)be32(res) : 2;
	}
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && code[j] == code[i]; j++)
			;
		printf("%s%s*%u", i > 0 ? " " : "", names[code[i]], j - i);
	}
	putchar('\n');
	close(fd);
	return n < count || (n > 0 && code[n - 1] == 3);
}

static void
usage(void)
{
	fputs("usage: bndprobe COMMAND ARGS\n"
	    "  idle-silent MIN_MS MAX_MS   silent TCP connection closed in time\n"
	    "  idle-busy MS INTERVAL_MS    busy TCP connection stays open\n"
	    "  local-idle path|abstract S  idle local connection stays open\n"
	    "  evict CAP                   oldest idle of CAP evicted by one more\n"
	    "  flood N CAP                 N connections, at most CAP alive\n"
	    "  slow MS                     a record one byte every MS ms\n"
	    "  garbage                     oversized records close the stream\n"
	    "  half N                      N half records, others served\n"
	    "  idle-many N                 N idle connections, others served\n"
	    "  local-cap CAP               CAP local connections, more closed\n"
	    "  hold-local N SECS           hold N local connections SECS s\n"
    "  set-many PROG COUNT NETID UADDR   v3 SET over the local socket\n"
	    "  unset-many PROG COUNT NETID       v3 UNSET over the local socket\n",
	    stderr);
	exit(2);
}

static unsigned
num(const char *s)
{
	unsigned long v;

	if (!probe_num(s, 0, 0xffffffffu, &v))
		usage();
	return (unsigned)v;
}

int
main(int argc, char *argv[])
{
	const char *cmd;

	if (argc < 2)
		usage();
	signal(SIGPIPE, SIG_IGN);
	alarm(RUN_LIMIT);
	setvbuf(stdout, NULL, _IOLBF, 0);
	probe_xid = 0x5a000000u;
	cmd = argv[1];
	if (strcmp(cmd, "idle-silent") == 0 && argc == 4)
		cmd_idle_silent(num(argv[2]), num(argv[3]));
	else if (strcmp(cmd, "idle-busy") == 0 && argc == 4)
		cmd_idle_busy(num(argv[2]), num(argv[3]));
	else if (strcmp(cmd, "local-idle") == 0 && argc == 4)
		cmd_local_idle(strcmp(argv[2], "abstract") == 0 ? TR_ABSTRACT :
		    TR_PATH, num(argv[3]));
	else if (strcmp(cmd, "evict") == 0 && argc == 3)
		cmd_evict(num(argv[2]));
	else if (strcmp(cmd, "flood") == 0 && argc == 4)
		cmd_flood(num(argv[2]), num(argv[3]));
	else if (strcmp(cmd, "slow") == 0 && argc == 3)
		cmd_slow(num(argv[2]));
	else if (strcmp(cmd, "garbage") == 0 && argc == 2)
		cmd_garbage();
	else if (strcmp(cmd, "half") == 0 && argc == 3)
		cmd_half(num(argv[2]));
	else if (strcmp(cmd, "idle-many") == 0 && argc == 3)
		cmd_idle_many(num(argv[2]));
	else if (strcmp(cmd, "local-cap") == 0 && argc == 3)
		cmd_local_cap(num(argv[2]));
	else if (strcmp(cmd, "hold-local") == 0 && argc == 4)
		cmd_hold_local(num(argv[2]), num(argv[3]));
	else if (strcmp(cmd, "set-many") == 0 && argc == 6)
		return cmd_setmany(1, num(argv[2]), num(argv[3]), argv[4],
		    argv[5]);
	else if (strcmp(cmd, "unset-many") == 0 && argc == 5)
		return cmd_setmany(2, num(argv[2]), num(argv[3]), argv[4], "");
	else
		usage();
	return n_fail > 0;
}
