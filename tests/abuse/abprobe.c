/*
 * abprobe — the abuse and CVE-regression traffic of tests/t80-cve.sh and
 * tests/t81-abuse.sh: rpcbomb floods, connection floods,
 * slowloris, malformed datagrams, absurd credentials and array counts,
 * remote calls from outside, spoofed loopback datagrams (raw IPv4 + UDP),
 * and a fake UDP service that counts what reaches it.
 *
 * Calls are built by hand (no libtirpc): the point is to send what no
 * library would. Output: "ok - TEXT" / "not ok - TEXT" lines the scripts
 * turn into TAP, "# TEXT" diagnostics, and a few "key value" lines the
 * scripts read. Exit status 1 when anything failed, 2 on usage errors.
 *
 * Every loop is bounded in count and every wait has a deadline; the whole
 * run is also capped by alarm(RUN_LIMIT).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
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
#include <time.h>
#include <unistd.h>

#define RUN_LIMIT	80		/* s, for the whole program */
#define MAX_CONNS	4096		/* sockets one subcommand may hold */
#define MSG_MAX		9216		/* largest datagram we build */
#define BATCH		64		/* sendmmsg / recvmmsg batch */
#define WINDOW		128		/* datagrams between two syncs */
#define REPLY_MAX	65536
#define T_REPLY		2000		/* ms for an expected reply */
#define WB_MAX		MSG_MAX

#include "../common/probe.h"

/* reply classes */
enum rcls { R_NONE, R_SUCCESS, R_GARBAGE, R_OTHER_ACC, R_AUTH, R_MISMATCH,
    R_BAD, R_NCLS };
static const char *const rcls_name[R_NCLS] = { "none", "success", "garbage",
    "other-accepted", "auth-error", "rpc-mismatch", "undecodable" };

static struct in_addr target = { 0 };	/* set in main: 127.0.0.1 */
static int fds[MAX_CONNS];
static uint8_t rbuf[REPLY_MAX];

/* xorshift32 with a fixed seed: the same run every time */
static uint32_t rng_state = 0x2545f491u;

static uint32_t
rng(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x;
	return x;
}

/* Classify a reply datagram or record body. */
static enum rcls
classify(const uint8_t *p, size_t n)
{
	struct rpc_reply rp;

	if (!rpc_reply_parse(p, n, &rp))
		return R_BAD;
	if (rp.rstat == RS_DENIED)
		return rp.rjstat == RJ_RPC_MISMATCH ? R_MISMATCH : R_AUTH;
	switch (rp.astat) {
	case AS_SUCCESS: return R_SUCCESS;
	case AS_GARBAGE_ARGS: return R_GARBAGE;
	default: return R_OTHER_ACC;
	}
}

/* ------------------------------------------------------------ sockets */

static void
set_sa(struct sockaddr_in *sa, struct in_addr a, uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	sa->sin_addr = a;
}

static int
udp_open(struct in_addr a, uint16_t port)
{
	struct sockaddr_in sa;
	int fd, sz = 4 << 20;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		diag("socket: %s", strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	set_sa(&sa, a, port);
	return probe_connect(fd, (struct sockaddr *)&sa, sizeof(sa));
}

/* A TCP connection to target:111; non-blocking connect when `nb`. */
static int
tcp_open(bool nb)
{
	struct sockaddr_in sa;
	struct timeval tv = { 3, 0 };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nb ? SOCK_NONBLOCK : 0), 0);
	if (fd == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	set_sa(&sa, target, PMAP_PORT);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    !(nb && errno == EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One reply with `xid`: its length in rbuf, 0 on timeout, -1 on EOF. */
static long
get_reply(int fd, bool stream, uint32_t xid, int tmo)
{
	long n = probe_recv_xid(fd, stream, xid, rbuf, sizeof(rbuf), now_ms() + tmo);

	return n >= 0 ? n : n == PROBE_NONE ? 0 : -1;
}

/* v2 GETPORT(100000, 2, udp) over a fresh socket: the port, or -1. */
static int
getport_once(bool tcp, int tmo)
{
	struct wb w;
	uint32_t xid;
	long n;
	int fd, port = -1;

	fd = tcp ? tcp_open(false) : udp_open(target, PMAP_PORT);
	if (fd == -1)
		return -1;
	xid = w_call(&w, tcp, NULL, PMAP_PROG, 2, PMAPPROC_GETPORT);
	w_pmap(&w, PMAP_PROG, 2, IPPROTO_UDP_N, 0);
	w_close(&w, tcp);
	if (probe_send_all(fd, w.b, w.n) == 0 &&
	    (n = get_reply(fd, tcp, xid, tmo)) >= 28 &&
	    classify(rbuf, (size_t)n) == R_SUCCESS)
		port = (int)be32(rbuf + (size_t)n - 4);
	close(fd);
	return port;
}

/* ------------------------------------------------- windowed UDP streams */

/* A generator builds message i into w and says whether a reply is due. */
typedef bool (*gen_fn)(struct wb *w, unsigned long i);

struct stream_res {
	unsigned long sent, replies, timeouts;
	unsigned long cls[R_NCLS];
	size_t max_reply;
	int64_t ms;
};

/* Sends `count` messages to target:111 over one UDP socket, for at most
 * `secs` seconds. Flow control: after every WINDOW messages a NULL call
 * with a marked xid goes out, and the next window waits for its answer
 * (the daemon reads one socket in order, so everything before it has been
 * handled). A sync that does not come back within 1 s counts as a stall. */
#define SYNC_XID	0xfeed0000u

static unsigned
drain(int fd, struct stream_res *s, uint32_t sync_xid, int tmo)
{
	static uint8_t in[BATCH][8192];
	struct mmsghdr mh[BATCH];
	struct iovec iov[BATCH];
	struct pollfd pfd = { fd, POLLIN, 0 };
	unsigned synced = 0;
	int i, got;

	if (poll(&pfd, 1, tmo) <= 0)
		return 0;
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = in[i];
		iov[i].iov_len = sizeof(in[i]);
		memset(&mh[i], 0, sizeof(mh[i]));
		mh[i].msg_hdr.msg_iov = &iov[i];
		mh[i].msg_hdr.msg_iovlen = 1;
	}
	got = recvmmsg(fd, mh, BATCH, MSG_DONTWAIT, NULL);
	for (i = 0; i < got; i++) {
		if (mh[i].msg_len >= 4 && be32(in[i]) == sync_xid) {
			synced = 1;
			continue;
		}
		if (mh[i].msg_len >= 4 && (be32(in[i]) & 0xffff0000u) == SYNC_XID)
			continue;	/* a late sync */
		s->replies++;
		s->cls[classify(in[i], mh[i].msg_len)]++;
		if (mh[i].msg_len > s->max_reply)
			s->max_reply = mh[i].msg_len;
	}
	return synced;
}

static void
udp_stream(gen_fn gen, unsigned long count, unsigned secs, struct stream_res *s)
{
	static struct wb msgs[BATCH];
	struct mmsghdr mh[BATCH];
	struct iovec iov[BATCH];
	int64_t t0 = now_ms(), deadline = t0 + (int64_t)secs * 1000;
	unsigned long inwin = 0, rounds;
	uint32_t sync_xid = 0;
	int fd;

	memset(s, 0, sizeof(*s));
	if ((fd = udp_open(target, PMAP_PORT)) == -1)
		return;
	for (rounds = 0; rounds < 100000000UL && now_ms() < deadline &&
	    s->sent < count; rounds++) {
		int nb = 0, r;

		while (s->sent + (unsigned long)nb < count && inwin < WINDOW && nb < BATCH) {
			(void)gen(&msgs[nb], s->sent + (unsigned long)nb);
			iov[nb].iov_base = msgs[nb].b;
			iov[nb].iov_len = msgs[nb].n;
			memset(&mh[nb], 0, sizeof(mh[nb]));
			mh[nb].msg_hdr.msg_iov = &iov[nb];
			mh[nb].msg_hdr.msg_iovlen = 1;
			nb++;
			inwin++;
		}
		r = nb > 0 ? sendmmsg(fd, mh, (unsigned)nb, 0) : 0;
		if (r > 0)
			s->sent += (unsigned long)r;
		if (r < nb)
			sleep_ms(1);
		(void)drain(fd, s, 0, 0);
		if (inwin >= WINDOW || s->sent >= count) {
			struct wb w;
			int64_t until = now_ms() + 1000;
			int k;

			w_call(&w, false, NULL, PMAP_PROG, 2, 0);
			sync_xid = SYNC_XID | (uint32_t)(rounds & 0xffff);
			w.b[0] = (uint8_t)(sync_xid >> 24);
			w.b[1] = (uint8_t)(sync_xid >> 16);
			w.b[2] = (uint8_t)(sync_xid >> 8);
			w.b[3] = (uint8_t)sync_xid;
			(void)send(fd, w.b, w.n, 0);
			for (k = 0; k < 1000 && now_ms() < until; k++)
				if (drain(fd, s, sync_xid, 50))
					break;
			if (k == 1000 || now_ms() >= until)
				s->timeouts++;
			inwin = 0;
		}
	}
	s->ms = now_ms() - t0;
	close(fd);
}

static void
stream_diag(const char *what, const struct stream_res *s)
{
	char buf[512];
	size_t off = 0;
	int c;

	for (c = 0; c < R_NCLS; c++)
		if (s->cls[c] > 0 && off < sizeof(buf))
			off += (size_t)snprintf(buf + off, sizeof(buf) - off,
			    " %s=%lu", rcls_name[c], s->cls[c]);
	buf[off < sizeof(buf) ? off : sizeof(buf) - 1] = '\0';
	diag("%s: sent %lu in %lld ms (%.0f/s), replies %lu (%s ), "
	    "largest reply %zu, syncs lost %lu", what, s->sent, (long long)s->ms,
	    s->ms > 0 ? (double)s->sent * 1000.0 / (double)s->ms : 0.0,
	    s->replies, off ? buf : " none", s->max_reply, s->timeouts);
}

/* ------------------------------------------------ rpcbomb (CVE-2017-8779) */

static const uint32_t huge_len[] = { 0xffffffffu, 0xfffffffcu, 0x80000000u,
    0x7fffffffu, 0x10000000u, 0x01000000u, 65536, 9000, 4096, 129 };
#define N_HUGE (sizeof(huge_len) / sizeof(huge_len[0]))

/* The string-taking procedures (and the opaque-taking remote calls), each
 * with one string or opaque that claims `len` bytes and has no body. */
#define N_BOMB 12
static bool
gen_bomb_kind(struct wb *w, unsigned kind, uint32_t len, bool mark)
{
	static const struct { uint32_t vers, proc; int field; } k[N_BOMB] = {
		{ 4, 9, 1 },	/* GETVERSADDR r_addr (the rpcbomb) */
		{ 4, 9, 0 },	/* GETVERSADDR r_netid */
		{ 4, 9, 2 },	/* GETVERSADDR r_owner */
		{ 3, 3, 1 },	/* v3 GETADDR */
		{ 4, 3, 0 },	/* v4 GETADDR */
		{ 4, 11, 1 },	/* GETADDRLIST */
		{ 3, 1, 1 },	/* v3 SET */
		{ 4, 2, 2 },	/* v4 UNSET */
		{ 4, 7, 3 },	/* UADDR2TADDR string */
		{ 4, 8, 4 },	/* TADDR2UADDR netbuf */
		{ 2, 5, 5 },	/* v2 CALLIT args */
		{ 4, 10, 5 },	/* v4 INDIRECT args */
	};
	unsigned i = kind % N_BOMB;

	w_call(w, mark, NULL, PMAP_PROG, k[i].vers, k[i].proc);
	switch (k[i].field) {
	case 0: case 1: case 2:
		w_u32(w, 100003);
		w_u32(w, 3);
		if (k[i].field > 0)
			w_str(w, "udp");
		if (k[i].field > 1)
			w_str(w, "0.0.0.0.8.1");
		w_u32(w, len);
		w_raw(w, "bomb", 4);
		break;
	case 3:
		w_u32(w, len);
		break;
	case 4:
		w_u32(w, len);		/* maxlen */
		w_u32(w, len);		/* len */
		break;
	default:
		w_u32(w, 100003);
		w_u32(w, 3);
		w_u32(w, 0);
		w_u32(w, len);
		break;
	}
	w_close(w, mark);
	return true;
}

static bool
gen_bomb(struct wb *w, unsigned long i)
{
	/* 3 in 4 are the classic GETVERSADDR r_addr bomb. */
	unsigned kind = (i % 4 != 0) ? 0 : (unsigned)(i / 4) % N_BOMB;

	return gen_bomb_kind(w, kind, huge_len[(i / N_BOMB) % N_HUGE], false);
}

static void
cmd_bomb(unsigned long count, unsigned secs)
{
	struct stream_res s;
	struct wb w;
	unsigned kind, j, bad = 0, tcp_ok = 0, tcp_n = 0;
	int fd;

	/* One of each kind and length first, each reply checked. */
	fd = udp_open(target, PMAP_PORT);
	for (kind = 0; fd != -1 && kind < N_BOMB; kind++)
		for (j = 0; j < N_HUGE; j++) {
			uint32_t xid;
			long n;

			gen_bomb_kind(&w, kind, huge_len[j], false);
			xid = be32(w.b);
			if (probe_send_all(fd, w.b, w.n) != 0) {
				bad++;
				continue;
			}
			n = get_reply(fd, false, xid, T_REPLY);
			/* GARBAGE_ARGS, or AUTH_ERROR for SET/UNSET from an
			 * unprivileged port; never SUCCESS, never silence. */
			if (n <= 0 || (classify(rbuf, (size_t)n) != R_GARBAGE &&
			    classify(rbuf, (size_t)n) != R_AUTH)) {
				if (bad++ < 5)
					diag("kind %u len %#x: %s (%ld bytes)",
					    kind, huge_len[j], n <= 0 ? "no reply" :
					    rcls_name[classify(rbuf, (size_t)n)], n);
			}
		}
	if (fd != -1)
		close(fd);
	out(fd != -1 && bad == 0, "each of %u string/opaque bombs x %zu lengths "
	    "over UDP answered GARBAGE_ARGS (or AUTH_ERROR for SET/UNSET)",
	    (unsigned)N_BOMB, N_HUGE);

	/* The same over one TCP connection, pipelined in small groups. */
	fd = tcp_open(false);
	for (j = 0; fd != -1 && j < 2000; j++) {
		uint32_t xid;
		long n;

		gen_bomb_kind(&w, j % N_BOMB, huge_len[j % N_HUGE], true);
		xid = be32(w.b + 4);
		tcp_n++;
		if (probe_send_all(fd, w.b, w.n) != 0)
			break;
		n = get_reply(fd, true, xid, T_REPLY);
		if (n > 0 && classify(rbuf, (size_t)n) != R_SUCCESS)
			tcp_ok++;
		else if (n <= 0)
			break;
	}
	if (fd != -1)
		close(fd);
	out(tcp_ok == 2000, "2000 bombs on one TCP connection: %u of %u answered "
	    "with an error", tcp_ok, tcp_n);

	udp_stream(gen_bomb, count, secs, &s);
	stream_diag("rpcbomb flood", &s);
	printf("sent %lu\nreplies %lu\n", s.sent, s.replies);
	out(s.cls[R_SUCCESS] == 0, "no bomb was answered with SUCCESS");
	out(s.sent >= count / 2, "sent %lu of %lu bombs in %u s", s.sent, count, secs);
	out(s.replies >= s.sent * 9 / 10, "the daemon answered %lu of %lu "
	    "(>= 90%%)", s.replies, s.sent);
}

/* ------------------------------------------- unique lookups (2026-94640) */

static bool
gen_unique(struct wb *w, unsigned long i)
{
	uint32_t prog = 0x40000000u + (uint32_t)(i / 3), vers = (uint32_t)i;

	switch (i % 6) {
	case 0:		/* v2 GETPORT */
		w_call(w, false, NULL, PMAP_PROG, 2, 3);
		w_pmap(w, prog, vers, IPPROTO_UDP_N, 0);
		return true;
	case 1:		/* v4 GETVERSADDR */
	case 2:		/* v3 GETADDR */
		w_call(w, false, NULL, PMAP_PROG, i % 6 == 1 ? 4 : 3, i % 6 == 1 ? 9 : 3);
		w_rpcb(w, prog, vers, "udp", "", "");
		return true;
	default:	/* v2, v3 CALLIT: silent for an unknown program; v4
			 * INDIRECT: answers PROG_UNAVAIL */
		w_call(w, false, NULL, PMAP_PROG, i % 6 == 3 ? 2 : i % 6 == 4 ? 3 : 4,
		    i % 6 == 5 ? 10 : 5);
		w_u32(w, prog);
		w_u32(w, vers);
		w_u32(w, (uint32_t)(i >> 8));
		w_u32(w, 4);
		w_u32(w, (uint32_t)i);
		return i % 6 == 5;
	}
}

static void
cmd_unique(unsigned long count, unsigned secs)
{
	struct stream_res s;

	udp_stream(gen_unique, count, secs, &s);
	stream_diag("unique (prog, vers) lookups and remote calls", &s);
	printf("sent %lu\nms %lld\nrate %.0f\n", s.sent, (long long)s.ms,
	    s.ms > 0 ? (double)s.sent * 1000.0 / (double)s.ms : 0.0);
	out(s.cls[R_SUCCESS] + s.cls[R_OTHER_ACC] > 0 && s.cls[R_BAD] == 0,
	    "unique lookups answered (%lu replies, none undecodable)", s.replies);
}

/* ---------------------------------------------- CVE-2013-1950 CALLIT */

static void
cmd_callit1950(void)
{
	static const uint32_t sweep[] = { 8945, 0, 1, 4, 5, 8, 100, 1000, 4096,
	    8000, 8799, 8800, 8801, 8804, 8900, 8944, 8946, 9000, 9216, 65535,
	    65536, 0x7fffffffu, 0x80000000u, 0xfffffffbu, 0xffffffffu };
	unsigned i, v, body, nrep = 0, nsucc = 0, nsent = 0;
	int fd;

	if ((fd = udp_open(target, PMAP_PORT)) == -1) {
		out(false, "UDP socket");
		return;
	}
	for (v = 2; v <= 4; v++)
		for (i = 0; i < sizeof(sweep) / sizeof(sweep[0]); i++)
			for (body = 0; body < 3; body++) {
				struct wb w;
				uint32_t xid;
				long n;
				size_t want;

				/* exploit-db 26887: prog 0, vers 1, proc 1,
				 * args of length 8945, then "crash". */
				xid = w_call(&w, false, NULL, PMAP_PROG, v, v == 4 ? 10 : 5);
				w_u32(&w, 0);
				w_u32(&w, 1);
				w_u32(&w, 1);
				w_u32(&w, sweep[i]);
				if (body == 0) {
					memcpy(w.b + w.n, "crash", 5);
					w.n += 5;
				} else if (body == 1) {	/* full body if it fits */
					want = sweep[i] <= sizeof(w.b) - w.n - 4 ?
					    sweep[i] : sizeof(w.b) - w.n;
					memset(w.b + w.n, 'A', want);
					w.n += want;
					while (w.n % 4 && w.n < sizeof(w.b))
						w.b[w.n++] = 0;
				} else {		/* half of it */
					want = sweep[i] / 2 <= sizeof(w.b) - w.n ?
					    sweep[i] / 2 : sizeof(w.b) - w.n;
					memset(w.b + w.n, 'B', want);
					w.n += want;
				}
				if (probe_send_all(fd, w.b, w.n) != 0)
					continue;
				nsent++;
				n = get_reply(fd, false, xid, 100);
				if (n > 0) {
					nrep++;
					if (classify(rbuf, (size_t)n) == R_SUCCESS)
						nsucc++;
				}
			}
	close(fd);
	diag("CALLIT/INDIRECT with prog 0: sent %u, replies %u", nsent, nrep);
	out(nsent > 0 && nsucc == 0, "no CALLIT/INDIRECT to prog 0 answered SUCCESS "
	    "(%u sent, %u replies)", nsent, nrep);
}

/* ------------------------ credentials and counts (85977/85231, 2002-0391) */

struct credcase {
	const char *desc;
	uint32_t flavor, len;	/* declared credential */
	int body;		/* which body follows */
	bool tcp;
};

static void
build_cred(struct wb *w, const struct credcase *cc, bool mark)
{
	unsigned i;

	w_call_head(w, mark, PMAP_PROG, 4, 9);
	w_u32(w, cc->flavor);
	w_u32(w, cc->len);
	switch (cc->body) {
	case 0:		/* nothing: the claim alone */
		break;
	case 1:		/* RPCSEC_GSS-like head, short */
		w_u32(w, 1);	/* gss version */
		w_u32(w, 0);	/* proc DATA */
		w_u32(w, 1);	/* seq */
		w_u32(w, 1);	/* service */
		w_u32(w, 0x00ffffffu);	/* handle length: 16 MB */
		break;
	case 2:		/* AUTH_SYS with gids count 0xffffffff */
	case 3:		/* ... 17 gids (one over RFC 5531's 16), all there */
	case 4:		/* ... machinename length 0xffffffff */
	case 5:		/* ... gids count 0x40000000 (x 4 wraps to 0) */
		w_u32(w, 1);			/* stamp */
		if (cc->body == 4) {
			w_u32(w, 0xffffffffu);
			break;
		}
		w_str(w, "host");
		w_u32(w, 0);			/* uid */
		w_u32(w, 0);			/* gid */
		w_u32(w, cc->body == 2 ? 0xffffffffu : cc->body == 3 ? 17 : 0x40000000u);
		for (i = 0; cc->body == 3 && i < 17; i++)
			w_u32(w, i);
		break;
	}
	if (cc->body >= 2 && cc->body <= 5) {
		/* fix the declared length to the bytes present when asked */
		if (cc->len == 0) {
			uint32_t l = (uint32_t)(w->n - (mark ? 4 : 0) - 32);

			w->b[(mark ? 4 : 0) + 28] = (uint8_t)(l >> 24);
			w->b[(mark ? 4 : 0) + 29] = (uint8_t)(l >> 16);
			w->b[(mark ? 4 : 0) + 30] = (uint8_t)(l >> 8);
			w->b[(mark ? 4 : 0) + 31] = (uint8_t)l;
		}
	}
	w_u32(w, 0);		/* verf AUTH_NONE */
	w_u32(w, 0);
	w_u32(w, PMAP_PROG);	/* GETVERSADDR args */
	w_u32(w, 2);
	w_str(w, "udp");
	w_str(w, "");
	w_str(w, "");
	w_close(w, mark);
}

/* netbuf counts: TADDR2UADDR with maxlen/len 0xffffffff, a short
 * body; and a SET whose strings claim 0xffffffff (array-like). */
static void
creds_netbufs(void)
{
	static const uint32_t lens[][2] = { { 0xffffffffu, 0xffffffffu },
	    { 0xffffffffu, 16 }, { 8, 0xffffffffu }, { 0x40000000u, 0x40000000u },
	    { 16, 17 } };
	int fd = udp_open(target, PMAP_PORT);
	unsigned bad = 0;
	size_t i;

	for (i = 0; fd != -1 && i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct wb w;
		uint32_t xid;
		long n;

		xid = w_call(&w, false, NULL, PMAP_PROG, 4, 8);
		w_u32(&w, lens[i][0]);
		w_u32(&w, lens[i][1]);
		w_raw(&w, "\0\2\0\157\177\0\0\1", 8);
		if (probe_send_all(fd, w.b, w.n) != 0)
			continue;
		n = get_reply(fd, false, xid, T_REPLY);
		if (n <= 0 || classify(rbuf, (size_t)n) != R_GARBAGE) {
			bad++;
			diag("netbuf maxlen %#x len %#x: %s", lens[i][0],
			    lens[i][1], n <= 0 ? "no reply" :
			    rcls_name[classify(rbuf, (size_t)n)]);
		}
	}
	if (fd != -1)
		close(fd);
	out(fd != -1 && bad == 0, "TADDR2UADDR netbufs with counts like "
	    "0xffffffff and short bodies: GARBAGE_ARGS");
}

/* A DUMP-list-like body: a call followed by 2000 "value follows"
 * entries (more than libtirpc 1.3.8's 1024 cap), over TCP. The
 * daemon must answer (ignoring or refusing the rest) or close. */
static void
creds_lists(void)
{
	struct wb w;
	uint32_t xid;
	long n;
	int fd = tcp_open(false), k;

	xid = w_call(&w, true, NULL, PMAP_PROG, 2, 4);
	for (k = 0; k < 400; k++) {	/* fits in the record cap */
		w_u32(&w, 1);
		w_u32(&w, 100000u + (uint32_t)k);
		w_u32(&w, 2);
		w_u32(&w, 6);
		w_u32(&w, 111);
	}
	w_close(&w, true);
	/* then claim a huge continuation */
	n = -1;
	if (fd != -1 && probe_send_all(fd, w.b, w.n) == 0)
		n = get_reply(fd, true, xid, T_REPLY);
	diag("DUMP call with a 400-entry list appended (%zu bytes): %s",
	    w.n, n > 0 ? rcls_name[classify(rbuf, (size_t)n)] :
	    n == 0 ? "no reply" : "closed");
	out(fd != -1, "DUMP with an appended list: handled (%s)",
	    n > 0 ? "answered" : "closed or silent");
	if (fd != -1)
		close(fd);
	/* a record that claims a 16 MB list */
	fd = tcp_open(false);
	if (fd != -1) {
		wb_init(&w);
		w_u32(&w, 0x80000000u | (16u << 20));
		xid = w_call(&w, false, NULL, PMAP_PROG, 2, 4);
		w_u32(&w, 1);
		n = probe_send_all(fd, w.b, w.n) == 0 ?
		    get_reply(fd, true, xid, T_REPLY) : -1;
		out(n <= 0, "a DUMP record claiming 16 MB: not answered (%s)",
		    n < 0 ? "closed" : n == 0 ? "silent" : "answered");
		close(fd);
	}
}

static void
cmd_creds(void)
{
	static const struct credcase cases[] = {
		{ "RPCSEC_GSS credential claiming 16 MB, no body", 6, 16u << 20, 0, false },
		{ "RPCSEC_GSS credential claiming 16 MB + 1", 6, (16u << 20) + 1, 1, false },
		{ "RPCSEC_GSS credential of 401 bytes claimed", 6, 401, 1, false },
		{ "RPCSEC_GSS 20-byte credential with a 16 MB handle", 6, 20, 1, false },
		{ "credential length 0xffffffff", 1, 0xffffffffu, 0, false },
		{ "credential length 0x80000000", 0, 0x80000000u, 0, false },
		{ "AUTH_SYS gids count 0xffffffff, short body", 1, 0, 2, false },
		{ "AUTH_SYS 17 gids (over 16)", 1, 0, 3, false },
		{ "AUTH_SYS machinename length 0xffffffff", 1, 0, 4, false },
		{ "AUTH_SYS gids count 0x40000000 (count x 4 wraps)", 1, 0, 5, false },
		{ "AUTH_SYS gids 0xffffffff in a 400-byte credential", 1, 400, 2, false },
		{ "TCP: RPCSEC_GSS credential claiming 16 MB", 6, 16u << 20, 1, true },
		{ "TCP: AUTH_SYS gids count 0xffffffff", 1, 0, 2, true },
		{ "TCP: credential length 0xffffffff", 1, 0xffffffffu, 0, true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct credcase *cc = &cases[i];
		struct wb w;
		uint32_t xid;
		long n;
		int fd;
		enum rcls c;

		fd = cc->tcp ? tcp_open(false) : udp_open(target, PMAP_PORT);
		if (fd == -1) {
			out(false, "%s: connect", cc->desc);
			continue;
		}
		build_cred(&w, cc, cc->tcp);
		xid = be32(w.b + (cc->tcp ? 4 : 0));
		if (probe_send_all(fd, w.b, w.n) != 0) {
			/* the daemon may close a TCP stream at once */
			out(cc->tcp, "%s: refused (send failed)", cc->desc);
			close(fd);
			continue;
		}
		n = get_reply(fd, cc->tcp, xid, 700);
		c = n > 0 ? classify(rbuf, (size_t)n) : R_NONE;
		out(c == R_NONE || c == R_AUTH || c == R_GARBAGE,
		    "%s (%zu bytes): refused (%s)", cc->desc, w.n, rcls_name[c]);
		close(fd);
	}
	creds_netbufs();
	creds_lists();
}

/* --------------------------------------------- connection floods, holds */

enum hold_mode { H_IDLE, H_SLOW, H_PARTIAL };

/* Open `n` TCP connections (non-blocking), modes in rotation from `modes`
 * ("i" idle, "s" slowloris, "p" partial record); hold them `secs` seconds
 * dripping one byte a second into the slowloris ones. Prints "held N"
 * once opened and "open K" (not closed by the daemon) at the end. */
static void
cmd_hold(unsigned n, unsigned secs, const char *modes)
{
	static uint8_t mode[MAX_CONNS];
	static uint32_t drip[MAX_CONNS];
	unsigned i, opened = 0, failed = 0, open_now = 0, tick;
	size_t nm = strlen(modes);
	int64_t t0;

	if (n > MAX_CONNS)
		n = MAX_CONNS;
	if (nm == 0)
		modes = "i", nm = 1;
	for (i = 0; i < n; i++) {
		fds[i] = tcp_open(true);
		if (fds[i] == -1) {
			failed++;
			continue;
		}
		opened++;
		mode[i] = modes[i % nm] == 's' ? H_SLOW : modes[i % nm] == 'p' ?
		    H_PARTIAL : H_IDLE;
		drip[i] = 0;
		/* small pause every 100 so the accept queue drains */
		if (i % 100 == 99)
			sleep_ms(5);
	}
	sleep_ms(200);
	for (i = 0; i < n; i++) {
		static const uint8_t part[] = { 0x80, 0, 0, 40, 0x12, 0x34 };
		static const uint8_t slowhead[] = { 0x80, 0, 0x1f, 0x40 };

		if (fds[i] == -1)
			continue;
		if (mode[i] == H_PARTIAL)
			(void)send(fds[i], part, sizeof(part), MSG_NOSIGNAL | MSG_DONTWAIT);
		else if (mode[i] == H_SLOW)
			(void)send(fds[i], slowhead, sizeof(slowhead), MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	printf("held %u\n", opened);
	diag("opened %u connections (%u failed to open)", opened, failed);
	fflush(stdout);
	t0 = now_ms();
	for (tick = 0; tick < 3600 && now_ms() - t0 < (int64_t)secs * 1000; tick++) {
		sleep_ms(1000);
		for (i = 0; i < n; i++) {
			uint8_t b = (uint8_t)drip[i];

			if (fds[i] != -1 && mode[i] == H_SLOW && drip[i] < 8000) {
				if (send(fds[i], &b, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
					drip[i]++;
			}
		}
	}
	for (i = 0; i < n; i++) {
		struct pollfd pfd = { fds[i], POLLIN, 0 };
		uint8_t b;

		if (fds[i] == -1)
			continue;
		if (poll(&pfd, 1, 0) == 1 && recv(fds[i], &b, 1, MSG_DONTWAIT | MSG_PEEK) <= 0)
			;	/* closed by the daemon */
		else
			open_now++;
		close(fds[i]);
		fds[i] = -1;
	}
	printf("open %u\n", open_now);
	fflush(stdout);
}

/* N fresh UDP and N fresh TCP GETPORT lookups, each within `maxms`. */
static void
cmd_lookups(unsigned n, unsigned maxms)
{
	unsigned i, okn[2] = { 0, 0 };
	int64_t worst[2] = { 0, 0 };
	int t;

	for (i = 0; i < n && i < 10000; i++)
		for (t = 0; t < 2; t++) {
			int64_t t0 = now_us(), dt;
			int port = getport_once(t == 1, (int)maxms * 5);

			dt = now_us() - t0;
			if (dt > worst[t])
				worst[t] = dt;
			if (port == PMAP_PORT && dt <= (int64_t)maxms * 1000)
				okn[t]++;
		}
	out(okn[0] == n, "%u fresh UDP lookups answered within %u ms (%u did; "
	    "slowest %.1f ms)", n, maxms, okn[0], (double)worst[0] / 1000.0);
	out(okn[1] == n, "%u fresh TCP lookups answered within %u ms (%u did; "
	    "slowest %.1f ms)", n, maxms, okn[1], (double)worst[1] / 1000.0);
}

/* The first bytes of an abusive TCP connection of kind k (0-3) into buf
 * (max bytes, at least 512): how many. */
static size_t
abusive_bytes(unsigned k, uint8_t *buf, size_t max)
{
	struct wb w;
	size_t len, j;

	switch (k) {
	case 0:		/* random garbage */
		len = 16 + rng() % (max - 16);
		for (j = 0; j < len; j++)
			buf[j] = (uint8_t)rng();
		return len;
	case 1:		/* absurd record length, some bytes */
		put_be32(buf, (rng() & 1 ? 0x80000000u : 0) | (0x7fffffffu - (rng() & 0xffff)));
		len = 4 + rng() % 64;
		for (j = 4; j < len; j++)
			buf[j] = (uint8_t)rng();
		return len;
	case 2:		/* a valid call cut short */
		w_call(&w, true, NULL, PMAP_PROG, 4, 9);
		w_rpcb(&w, 100003, 3, "tcp", "", "");
		w_close(&w, true);
		len = 1 + rng() % (w.n - 1);
		memcpy(buf, w.b, len);
		return len;
	default:	/* many empty non-final fragments */
		memset(buf, 0, 256);
		return 256;
	}
}

/* 300-odd abusive TCP connections: garbage, absurd record lengths, records
 * cut short; 50 at a time. Every one must end closed or answered with an
 * error, never a SUCCESS to garbage; lookups go on between groups. */
static void
cmd_tcpabuse(unsigned n)
{
	unsigned i, g, kinds[4] = { 0, 0, 0, 0 }, lookups_ok = 0, groups = 0;
	uint8_t buf[512];

	for (g = 0; g * 50 < n && g < 100; g++) {
		unsigned cnt = n - g * 50 < 50 ? n - g * 50 : 50;

		for (i = 0; i < cnt; i++) {
			unsigned k = rng() % 4;
			size_t len;

			fds[i] = tcp_open(false);
			if (fds[i] == -1)
				continue;
			kinds[k]++;
			len = abusive_bytes(k, buf, sizeof(buf));
			(void)probe_send_all(fds[i], buf, len);
		}
		groups++;
		if (getport_once(false, 1000) == PMAP_PORT &&
		    getport_once(true, 1000) == PMAP_PORT)
			lookups_ok++;
		for (i = 0; i < cnt; i++) {
			if (fds[i] == -1)
				continue;
			/* whatever comes back must not be a SUCCESS */
			{
				struct pollfd pfd = { fds[i], POLLIN, 0 };
				ssize_t r = 0;

				if (poll(&pfd, 1, 0) == 1)
					r = recv(fds[i], rbuf, sizeof(rbuf), MSG_DONTWAIT);
				if (r >= 16 && classify(rbuf + 4, (size_t)r - 4) == R_SUCCESS) {
					out(false, "garbage stream %u answered SUCCESS", i);
				}
			}
			close(fds[i]);
			fds[i] = -1;
		}
	}
	diag("abusive TCP connections: garbage %u, absurd length %u, cut short "
	    "%u, empty fragments %u", kinds[0], kinds[1], kinds[2], kinds[3]);
	out(kinds[0] + kinds[1] + kinds[2] + kinds[3] == n, "%u abusive TCP "
	    "connections made", n);
	out(lookups_ok == groups, "UDP and TCP lookups answered between every "
	    "group of 50 (%u of %u)", lookups_ok, groups);
}

/* ----------------------------------------------- malformed datagrams */

static bool
gen_malformed(struct wb *w, unsigned long i)
{
	unsigned k = rng() % 10;
	size_t j, len;

	(void)i;
	switch (k) {
	case 0:		/* random bytes */
		wb_init(w);
		len = rng() % 600;
		for (j = 0; j < len; j++)
			w->b[w->n++] = (uint8_t)rng();
		return false;
	case 1: {	/* truncated valid call */
		struct wb v;

		gen_bomb_kind(&v, rng() % N_BOMB, 4, false);
		len = rng() % v.n;
		memcpy(w->b, v.b, len);
		w->n = len;
		return false;
	}
	case 2:		/* wrong RPC version */
		w_call(w, false, NULL, PMAP_PROG, 2, 3);
		w->b[8] = (uint8_t)(rng() | 1);
		w->b[11] = (uint8_t)rng();
		w_pmap(w, 100003, 3, IPPROTO_UDP_N, 0);
		return false;
	case 3:		/* unknown program, version, procedure */
		w_call(w, false, NULL, rng() % 3 == 0 ? rng() : PMAP_PROG,
		    rng() % 3 == 0 ? rng() : 2 + rng() % 8, rng() % 40);
		w_u32(w, rng()); w_u32(w, rng());
		return false;
	case 4:		/* huge string / opaque lengths */
		gen_bomb_kind(w, rng() % N_BOMB, huge_len[rng() % N_HUGE], false);
		return true;
	case 5: {	/* oversized / odd credentials */
		struct credcase cc = { "", rng() % 8, 0, (int)(rng() % 6), false };

		cc.len = rng() % 3 == 0 ? rng() : rng() % 1024;
		build_cred(w, &cc, false);
		return false;
	}
	case 6:		/* a reply, not a call */
		w_call(w, false, NULL, PMAP_PROG, 2, 3);
		w->b[7] = 1;
		return false;
	default: {	/* mutated valid calls: flip, overwrite, truncate, extend */
		static const uint32_t vp[][2] = { { 2, 3 }, { 2, 4 }, { 3, 3 },
		    { 4, 9 }, { 4, 11 }, { 4, 12 }, { 4, 7 }, { 4, 8 }, { 2, 1 },
		    { 4, 2 }, { 2, 5 }, { 4, 10 } };
		unsigned c = rng() % (sizeof(vp) / sizeof(vp[0])), m, nm;

		w_call(w, false, NULL, PMAP_PROG, vp[c][0], vp[c][1]);
		if (vp[c][0] > 2)
			w_rpcb(w, 100003, 3, "udp", "127.0.0.1.8.1", "superuser");
		else
			w_pmap(w, 100003, 3, IPPROTO_UDP_N, 2049);
		nm = 1 + rng() % 4;
		for (m = 0; m < nm && w->n > 24; m++) {
			size_t at = 24 + rng() % (w->n - 24);

			switch (rng() % 4) {
			case 0: w->b[at % w->n] ^= (uint8_t)(1u << (rng() % 8)); break;
			case 1: w->b[at % w->n] = (uint8_t)rng(); break;
			case 2: w->n = at % w->n; break;
			default:
				for (j = 0; j < 4 && w->n < sizeof(w->b); j++)
					w->b[w->n++] = 0xff;
				break;
			}
		}
		return false;
	}
	}
}

static void
cmd_malformed(uint32_t seed, unsigned long count, unsigned secs)
{
	struct stream_res s;

	rng_state = seed ? seed : 1;
	udp_stream(gen_malformed, count, secs, &s);
	stream_diag("malformed datagrams", &s);
	out(s.sent == count, "sent all %lu malformed datagrams (%lu)", count, s.sent);
	out(s.cls[R_BAD] == 0, "every reply decodes as an RPC reply");
}

/* --------------------------- remote calls from outside (CVE-1999-0168) */

static void
cmd_rmtcall(const char *host, uint32_t prog, uint32_t vers, uint32_t proc,
    bool expect_answer)
{
	static const struct { uint32_t vers, proc; const char *name; } k[] = {
		{ 2, 5, "v2 CALLIT" }, { 3, 5, "v3 CALLIT" },
		{ 4, 5, "v4 BCAST" }, { 4, 10, "v4 INDIRECT" } };
	struct in_addr a;
	size_t i;
	int t;

	if (inet_pton(AF_INET, host, &a) != 1) {
		out(false, "bad address %s", host);
		return;
	}
	target = a;
	for (t = 0; t < 2; t++)
		for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
			struct wb w;
			uint32_t xid;
			long n;
			int fd = t ? tcp_open(false) : udp_open(a, PMAP_PORT);
			enum rcls c;

			if (fd == -1) {
				out(false, "%s over %s: connect", k[i].name, t ? "TCP" : "UDP");
				continue;
			}
			xid = w_call(&w, t == 1, NULL, PMAP_PROG, k[i].vers, k[i].proc);
			w_u32(&w, prog);
			w_u32(&w, vers);
			w_u32(&w, proc);
			w_u32(&w, 8);
			w_raw(&w, "/export\0", 8);
			w_close(&w, t == 1);
			n = probe_send_all(fd, w.b, w.n) == 0 ?
			    get_reply(fd, t == 1, xid, expect_answer ? T_REPLY : 700) : -1;
			c = n > 0 ? classify(rbuf, (size_t)n) : R_NONE;
			if (expect_answer) {
				out(c == R_SUCCESS, "local %s over %s to %u/%u: "
				    "forwarded and answered", k[i].name,
				    t ? "TCP" : "UDP", prog, vers);
			} else {
				out(c != R_SUCCESS && (n <= 0 || t == 1 ||
				    (size_t)n <= w.n), "remote %s over %s to %u/%u "
				    "proc %u: not forwarded, reply %ld <= request "
				    "%zu bytes (%s)", k[i].name, t ? "TCP" : "UDP",
				    prog, vers, proc, n > 0 ? n : 0, w.n -
				    (t ? 4 : 0), rcls_name[c]);
			}
			close(fd);
		}
}

/* A fake UDP service on 0.0.0.0:PORT for `secs` s: counts datagrams
 * (printing "count N" after each) and answers each with SUCCESS echoing
 * the arguments, so a permitted forward can be seen to work. */
static void
cmd_fakesvc(uint16_t port, unsigned secs)
{
	struct sockaddr_in sa;
	int64_t deadline = now_ms() + (int64_t)secs * 1000;
	unsigned count = 0, k;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	set_sa(&sa, (struct in_addr){ htonl(INADDR_ANY) }, port);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		out(false, "fake service: bind %u: %s", port, strerror(errno));
		return;
	}
	printf("count 0\n");
	fflush(stdout);
	for (k = 0; k < 1000000 && now_ms() < deadline; k++) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		uint8_t in[9216];
		ssize_t n;
		size_t off;
		uint32_t cl, vl;
		struct wb w;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = recvfrom(fd, in, sizeof(in), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			continue;
		count++;
		printf("count %u\n", count);
		fflush(stdout);
		if (n < 40)
			continue;
		cl = be32(in + 28);
		if (cl > 400 || 40 + (size_t)cl > (size_t)n)
			continue;
		off = 32 + ((cl + 3) & ~3u);
		vl = be32(in + off + 4);
		if (vl > 400 || off + 8 + ((vl + 3) & ~3u) > (size_t)n)
			continue;
		off += 8 + ((vl + 3) & ~3u);
		wb_init(&w);
		w_u32(&w, be32(in));
		w_u32(&w, 1);
		w_u32(&w, 0);
		w_u32(&w, 0);
		w_u32(&w, 0);
		w_u32(&w, 0);
		if ((size_t)n - off <= sizeof(w.b) - w.n) {
			memcpy(w.b + w.n, in + off, (size_t)n - off);
			w.n += (size_t)n - off;
		}
		(void)sendto(fd, w.b, w.n, 0, (struct sockaddr *)&from, fl);
	}
	close(fd);
}

/* ----------------------------------- spoofed loopback (CVE-1999-0195) */

static uint16_t
csum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* SET and UNSET v2, v3, v4 for `prog` from SRC:sport to DST:111, as raw
 * IPv4 + UDP datagrams (IP_HDRINCL); `reps` times each. Prints "sent N". */
static void
cmd_spoof(const char *src, const char *dst, uint32_t prog, unsigned reps)
{
	struct in_addr s, d;
	struct sockaddr_in sa;
	unsigned sent = 0, r, c;
	int fd, one = 1;

	if (inet_pton(AF_INET, src, &s) != 1 || inet_pton(AF_INET, dst, &d) != 1) {
		out(false, "bad addresses");
		return;
	}
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd == -1 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) == -1) {
		out(false, "raw socket: %s", strerror(errno));
		return;
	}
	set_sa(&sa, d, 0);
	for (r = 0; r < reps && r < 1000; r++)
		for (c = 0; c < 6; c++) {
			static const uint32_t vp[6][2] = { { 2, 1 }, { 3, 1 },
			    { 4, 1 }, { 2, 2 }, { 3, 2 }, { 4, 2 } };
			uint8_t pkt[28 + 256], pseudo[12 + 8 + 256];
			struct wb w;
			size_t ulen;
			uint16_t sum;

			w_call(&w, false, NULL, PMAP_PROG, vp[c][0], vp[c][1]);
			if (vp[c][0] == 2)
				w_pmap(&w, prog, 1 + c % 3, IPPROTO_UDP_N, 4242);
			else
				w_rpcb(&w, prog, 1 + c % 3, "udp", "127.0.0.1.16.146", "superuser");
			ulen = 8 + w.n;
			memset(pkt, 0, sizeof(pkt));
			pkt[0] = 0x45;
			pkt[2] = (uint8_t)((20 + ulen) >> 8);
			pkt[3] = (uint8_t)(20 + ulen);
			pkt[4] = (uint8_t)(r >> 8);
			pkt[5] = (uint8_t)(c + 1);
			pkt[8] = 64;		/* TTL */
			pkt[9] = IPPROTO_UDP;
			memcpy(pkt + 12, &s, 4);
			memcpy(pkt + 16, &d, 4);
			sum = csum(pkt, 20, 0);
			pkt[10] = (uint8_t)(sum >> 8);
			pkt[11] = (uint8_t)sum;
			/* UDP: a reserved source port, as root's would be */
			pkt[20] = 0x02;
			pkt[21] = 0x58;		/* 600 */
			pkt[22] = 0;
			pkt[23] = PMAP_PORT;
			pkt[24] = (uint8_t)(ulen >> 8);
			pkt[25] = (uint8_t)ulen;
			memcpy(pkt + 28, w.b, w.n);
			memcpy(pseudo, &s, 4);
			memcpy(pseudo + 4, &d, 4);
			pseudo[8] = 0;
			pseudo[9] = IPPROTO_UDP;
			pseudo[10] = (uint8_t)(ulen >> 8);
			pseudo[11] = (uint8_t)ulen;
			memcpy(pseudo + 12, pkt + 20, ulen);
			sum = csum(pseudo, 12 + ulen, 0);
			if (sum == 0)
				sum = 0xffff;
			pkt[26] = (uint8_t)(sum >> 8);
			pkt[27] = (uint8_t)sum;
			if (sendto(fd, pkt, 20 + ulen, 0, (struct sockaddr *)&sa,
			    sizeof(sa)) == (ssize_t)(20 + ulen))
				sent++;
			else
				diag("sendto: %s", strerror(errno));
		}
	close(fd);
	printf("sent %u\n", sent);
	out(sent == 6 * reps, "sent %u spoofed SET/UNSET datagrams from %s to %s",
	    sent, src, dst);
}

/* ------------------------------------------------------------- main */

static void
usage(void)
{
	fputs("usage: abprobe [-H IPV4] COMMAND ARGS...\n"
	    "  bomb COUNT SECS          rpcbomb (CVE-2017-8779) on every string proc\n"
	    "  unique COUNT SECS        unique (prog, vers) lookups and CALLITs\n"
	    "  callit1950               CVE-2013-1950 CALLIT and a length sweep\n"
	    "  creds                    oversized credentials, counts, netbufs\n"
	    "  hold N SECS MODES        hold N TCP connections (i idle, s slowloris,\n"
	    "                           p partial), prints \"held N\" and \"open K\"\n"
	    "  lookups N MAXMS          N fresh UDP and TCP GETPORTs within MAXMS\n"
	    "  tcpabuse N               N garbage / absurd / cut-short TCP streams\n"
	    "  malformed SEED COUNT SECS  malformed datagrams\n"
	    "  rmtcall HOST PROG VERS PROC [fwd]  CALLIT/BCAST/INDIRECT (fwd: must\n"
	    "                           be forwarded; else must not be)\n"
	    "  fakesvc PORT SECS        UDP service counting datagrams\n"
	    "  spoof SRC DST PROG REPS  raw spoofed SET/UNSET v2-v4\n", stderr);
	exit(2);
}

static unsigned long
num(const char *s)
{
	unsigned long v;

	if (!probe_num(s, 0, ULONG_MAX, &v))
		usage();
	return v;
}

int
main(int argc, char *argv[])
{
	const char *cmd;
	size_t i;

	for (i = 0; i < MAX_CONNS; i++)
		fds[i] = -1;
	target.s_addr = htonl(INADDR_LOOPBACK);
	signal(SIGPIPE, SIG_IGN);
	alarm(RUN_LIMIT);
	probe_xid = 0x4b000000u;
	if (argc >= 3 && strcmp(argv[1], "-H") == 0) {
		if (inet_pton(AF_INET, argv[2], &target) != 1)
			usage();
		argv += 2;
		argc -= 2;
	}
	if (argc < 2)
		usage();
	cmd = argv[1];
	if (strcmp(cmd, "bomb") == 0 && argc == 4)
		cmd_bomb(num(argv[2]), (unsigned)num(argv[3]));
	else if (strcmp(cmd, "unique") == 0 && argc == 4)
		cmd_unique(num(argv[2]), (unsigned)num(argv[3]));
	else if (strcmp(cmd, "callit1950") == 0 && argc == 2)
		cmd_callit1950();
	else if (strcmp(cmd, "creds") == 0 && argc == 2)
		cmd_creds();
	else if (strcmp(cmd, "hold") == 0 && argc == 5)
		cmd_hold((unsigned)num(argv[2]), (unsigned)num(argv[3]), argv[4]);
	else if (strcmp(cmd, "lookups") == 0 && argc == 4)
		cmd_lookups((unsigned)num(argv[2]), (unsigned)num(argv[3]));
	else if (strcmp(cmd, "tcpabuse") == 0 && argc == 3)
		cmd_tcpabuse((unsigned)num(argv[2]));
	else if (strcmp(cmd, "malformed") == 0 && argc == 5)
		cmd_malformed((uint32_t)num(argv[2]), num(argv[3]), (unsigned)num(argv[4]));
	else if (strcmp(cmd, "rmtcall") == 0 && (argc == 6 || argc == 7))
		cmd_rmtcall(argv[2], (uint32_t)num(argv[3]), (uint32_t)num(argv[4]),
		    (uint32_t)num(argv[5]), argc == 7 && strcmp(argv[6], "fwd") == 0);
	else if (strcmp(cmd, "fakesvc") == 0 && argc == 4)
		cmd_fakesvc((uint16_t)num(argv[2]), (unsigned)num(argv[3]));
	else if (strcmp(cmd, "spoof") == 0 && argc == 6)
		cmd_spoof(argv[2], argv[3], (uint32_t)num(argv[4]), (unsigned)num(argv[5]));
	else
		usage();
	return n_fail ? 1 : 0;
}
