/*
 * expprobe — what a portmapper gives to hosts that are not local (what
 * scanners send, and what they get back): run inside the LAN-client or
 * internet-host namespace of tests/net.sh against the server's addresses.
 *
 *   sweep HOST [--report]   every procedure of PMAP v2 and RPCBIND v3/v4
 *                           over UDP with realistic arguments; amplifying
 *                           and registration calls must get 0 bytes,
 *                           lookups an answer no bigger than the request,
 *                           anything else at most the request's size.
 *                           --report prints "vV NAME IN OUT" lines only.
 *   call udp|tcp HOST VERS WHAT [ARGS]
 *                           one call; prints one line (see print_result)
 *                           WHAT: null | getport PROG VERS udp|tcp |
 *                           getaddr PROG VERS NETID | getversaddr PROG VERS
 *                           NETID | dump | set | unset | getstat |
 *                           getaddrlist | callit | indirect | gettime
 *   flood HOST COUNT SECS   COUNT v2/v3/v4 DUMPs over UDP as fast as
 *                           possible (at most SECS), counting reply bytes
 *   latency HOST SECS [GAP] a v2 GETPORT over UDP, then GAP ms (10), for SECS;
 *                           prints how many came back within 100 ms
 *   storm HOST SRC NADDR TOTAL
 *                           TOTAL v2 GETPORTs over UDP spread over one
 *                           second, round robin from NADDR sockets bound to
 *                           SRC, SRC+1, ... (IPv4); counts the answers
 *   evict HOST VICTIM NCHURN SECS
 *                           the eviction attack on the per-prefix rate
 *                           limit (IPv6): every 20 ms for SECS, 20 v2
 *                           GETPORTs from VICTIM (a local address), then
 *                           one from each of 8 /56s that an unkeyed FNV
 *                           table (rpcbindd before its keyed hash) puts in
 *                           the victim's slots, and NCHURN / SECS / 50 from
 *                           NCHURN other /56s, all forged in
 *                           2001:db8:8000::/33 (IPV6_FREEBIND + PKTINFO);
 *                           counts the replies that reach the victim
 *   spoof SRC SPORT DST WHAT  one raw IPv4/UDP datagram to DST:111 with the
 *                           forged source SRC:SPORT (WHAT: getport, dump,
 *                           set, unset, null)
 *   listen ADDR PORT MS     UDP datagrams arriving at ADDR:PORT within MS
 *   pipe TARGET NDUMP NNULL DELAY RCVBUF
 *                           NDUMP v4 DUMPs then NNULL v2 NULLs written at
 *                           once over one stream (TARGET: an address for
 *                           TCP, or /path of a local socket), SO_RCVBUF
 *                           RCVBUF (0: the default), DELAY ms before
 *                           reading; every reply must come, in order
 *   hold HOST FILE SECS     a TCP connection that sends half a NULL call,
 *                           waits until FILE exists (at most SECS), sends
 *                           the rest; the reply must come
 *   conns HOST N MS         N TCP connections held for MS; prints how many
 *                           connected
 *
 * Options before the command: -b ADDR (bind the source address), -F (with
 * IP_FREEBIND / IPV6_FREEBIND: an address the host does not have), -P PORT
 * (the source port), -R (a reserved source port), -t MS (reply timeout:
 * 500 for call, which is also how long silence must last to count as
 * "silent", else 1000), -p N (N zero bytes after the arguments, a multiple
 * of 4: a large request whose reply may fit under the size rule).
 *
 * Output is "ok - TEXT" / "not ok - TEXT" / "# TEXT" lines (tests/net.sh's
 * tap_from turns them into the script's TAP), or one result line. Calls are
 * built by hand: no libtirpc. Every wait has a deadline, every loop a count
 * bound, and alarm() caps the whole run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define WB_MAX		1024
#define REPLY_MAX	65536
#define RUN_LIMIT	60		/* s, the whole program */
#define MAX_SOCKS	64		/* sweep entries, storm sources */
#define MAX_FLOOD	1000000u
#define MAX_STORM	5000u
#define MAX_CHURN	200000u
#define EVICT_ROUND_MS	20		/* evict: one round of the attack */
#define EVICT_VICTIM	20		/* evict: victim lookups per round */
#define EVICT_WINDOW	8		/* evict: the old table's probe window */
#define EVICT_TABLE	4096u		/* evict: the old table's size */

#include "../common/probe.h"

static int tmo_ms = -1;		/* -t; by default 500 for call, 1000 for the rest */
static const char *src_addr;	/* -b */
static bool src_reserved;	/* -R */
static unsigned pad_bytes;	/* -p */
static bool src_freebind;	/* -F */
static uint16_t src_port;	/* -P */
static uint8_t rbuf[REPLY_MAX];

/* ------------------------------------------------------------- output */

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	for (int i = 0; i < 100 && nanosleep(&ts, &ts) == -1 && errno == EINTR; i++)
		;
}

static unsigned long
num(const char *s, unsigned long max)
{
	unsigned long v;

	if (!probe_num(s, 0, max, &v))
		die("bad number: %s", s);
	return v;
}

/* ---------------------------------------------------------- addresses */

union sa {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static socklen_t
parse_addr(const char *s, uint16_t port, union sa *a)
{
	memset(a, 0, sizeof *a);
	if (inet_pton(AF_INET, s, &a->in.sin_addr) == 1) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons(port);
		return sizeof a->in;
	}
	if (inet_pton(AF_INET6, s, &a->in6.sin6_addr) == 1) {
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_port = htons(port);
		return sizeof a->in6;
	}
	die("not an IPv4 or IPv6 address: %s", s);
}

static int
bind_src(int fd, int family, const char *src, bool resv)
{
	union sa a;
	socklen_t len;

	if (src_freebind && setsockopt(fd, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
	    family == AF_INET ? IP_FREEBIND : IPV6_FREEBIND, &(int){ 1 }, sizeof(int)) == -1)
		return -1;
	if (src != NULL) {
		len = parse_addr(src, src_port, &a);
		if (a.sa.sa_family != family)
			die("source %s is not of the destination's family", src);
	} else {
		memset(&a, 0, sizeof a);
		a.sa.sa_family = (sa_family_t)family;
		len = family == AF_INET ? sizeof a.in : sizeof a.in6;
	}
	if (!resv)
		return src == NULL ? 0 : bind(fd, &a.sa, len);
	for (uint16_t p = 1023; p >= 600; p--) {
		if (family == AF_INET)
			a.in.sin_port = htons(p);
		else
			a.in6.sin6_port = htons(p);
		if (bind(fd, &a.sa, len) == 0)
			return 0;
		if (errno != EADDRINUSE)
			return -1;
	}
	return -1;
}

/*
 * A socket connected to dst:111. TCP connects with a deadline; returns -1
 * and sets *refused when the peer refused (RST or ICMP unreachable).
 */
static int
open_to(int type, const union sa *dst, socklen_t dlen, const char *src, bool resv, bool *refused)
{
	int fd, one = 1, err = 0;
	socklen_t elen = sizeof err;
	struct pollfd pfd;

	*refused = false;
	fd = socket(dst->sa.sa_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		die("socket: %s", strerror(errno));
	if (bind_src(fd, dst->sa.sa_family, src, resv) == -1)
		die("bind %s: %s", src != NULL ? src : "(reserved port)", strerror(errno));
	if (type == SOCK_STREAM)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, &dst->sa, dlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*refused = errno == ECONNREFUSED;
		close(fd);
		return -1;
	}
	pfd = (struct pollfd){ fd, POLLOUT, 0 };
	if (poll(&pfd, 1, tmo_ms) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1 || err != 0) {
		*refused = err == ECONNREFUSED;
		close(fd);
		return -1;
	}
	return fd;
}

/* ----------------------------------------------------------- RPC calls */

/* the server's address as a netbuf of a raw sockaddr, as libtirpc sends */
static void
w_taddr(struct wb *w, const union sa *dst)
{
	size_t len = dst->sa.sa_family == AF_INET ? sizeof dst->in : sizeof dst->in6;

	w_u32(w, (uint32_t)len);
	w_opaque(w, dst, len);
}

/* "a.b.c.d.0.111" / "x::y.0.111" */
static void
uaddr_of(const union sa *dst, char *buf, size_t n)
{
	char h[INET6_ADDRSTRLEN];
	unsigned port = ntohs(dst->sa.sa_family == AF_INET ? dst->in.sin_port : dst->in6.sin6_port);

	if (dst->sa.sa_family == AF_INET)
		inet_ntop(AF_INET, &dst->in.sin_addr, h, sizeof h);
	else
		inet_ntop(AF_INET6, &dst->in6.sin6_addr, h, sizeof h);
	snprintf(buf, n, "%s.%u.%u", h, port >> 8, port & 255);
}

/* the realistic arguments of each kind of call */
enum what {
	W_NULL, W_SET, W_UNSET, W_GETPORT, W_DUMP, W_CALLIT, W_GETTIME, W_U2T, W_T2U,
	W_GETVERSADDR, W_INDIRECT, W_GETADDRLIST, W_GETSTAT, W_NOARGS,
	W_U2T_SHORT,	/* UADDR2TADDR of a short uaddr: the reply may outgrow it */
	W_TRUNCATED,	/* GETPORT with 4 bytes of its 16 */
};

struct callspec {
	enum what what;
	uint32_t prog, vers;
	const char *netid;	/* GETPORT: "udp"/"tcp"; GETADDR: a netid */
};

/* What latency, storm and evict send: a v2 GETPORT of mountd v3 over tcp. */
static const struct callspec mountd_tcp = { W_GETPORT, 100005, 3, "tcp" };

static void
w_args(struct wb *w, uint32_t vers, const struct callspec *c, const union sa *dst)
{
	const char *nid = c->netid != NULL ? c->netid : dst->sa.sa_family == AF_INET ? "udp" : "udp6";
	char ua[80];

	switch (c->what) {
	case W_SET:
		if (vers == 2)
			w_pmap(w, 100005, 3, 17, 20048);
		else
			w_rpcb(w, 100005, 3, nid,
			    dst->sa.sa_family == AF_INET ? "0.0.0.0.78.80" : "::.78.80", "0");
		break;
	case W_UNSET:
		if (vers == 2)
			w_pmap(w, 100005, 3, 0, 0);
		else
			w_rpcb(w, 100005, 3, "", "", "");
		break;
	case W_GETPORT:		/* v2 GETPORT, v3/v4 GETADDR */
	case W_GETVERSADDR:
		if (vers == 2)
			w_pmap(w, c->prog, c->vers, strcmp(nid, "tcp") == 0 ? 6 : 17, 0);
		else
			w_rpcb(w, c->prog, c->vers, nid, "", "");
		break;
	case W_GETADDRLIST:
		w_rpcb(w, c->prog, c->vers, "", "", "");
		break;
	case W_CALLIT:		/* the worst case: a DUMP of the portmapper itself */
	case W_INDIRECT:
		w_u32(w, PMAP_PROG);
		w_u32(w, vers);
		w_u32(w, 4);
		w_opaque(w, NULL, 0);
		break;
	case W_U2T:
		uaddr_of(dst, ua, sizeof ua);
		w_str(w, ua);
		break;
	case W_U2T_SHORT:
		w_str(w, dst->sa.sa_family == AF_INET ? "1.2.3.4.0.1" : "::.0.1");
		break;
	case W_T2U:
		w_taddr(w, dst);
		break;
	case W_TRUNCATED:
		w_u32(w, c->prog);
		break;
	default:
		break;
	}
}

static uint32_t
proc_of(enum what what)
{
	switch (what) {
	case W_NULL: return 0;
	case W_SET: return 1;
	case W_UNSET: return 2;
	case W_GETPORT: case W_TRUNCATED: return 3;
	case W_DUMP: return 4;
	case W_CALLIT: return 5;
	case W_GETTIME: return 6;
	case W_U2T: case W_U2T_SHORT: return 7;
	case W_T2U: return 8;
	case W_GETVERSADDR: return 9;
	case W_INDIRECT: return 10;
	case W_GETADDRLIST: return 11;
	case W_GETSTAT: return 12;
	default: return 99;
	}
}

/* one complete call message (no record mark) */
static uint32_t
build(struct wb *w, uint32_t vers, uint32_t proc, const struct callspec *c, const union sa *dst)
{
	uint32_t xid;

	memset(w, 0, sizeof *w);
	xid = w_call(w, false, NULL, PMAP_PROG, vers, proc);
	w_args(w, vers, c, dst);
	for (unsigned i = 0; i < pad_bytes / 4; i++)
		w_u32(w, 0);
	if (w->err)
		die("call too big");
	return xid;
}

/* ------------------------------------------------------------ replies */

#define GOT_REPLY	1
#define GOT_NONE	0
#define GOT_REFUSED	(-1)
#define GOT_CLOSED	(-2)

/* the reply in p[0..n) into rp, decoded as far as it goes */
static void
parse_reply(const uint8_t *p, size_t n, struct rpc_reply *rp)
{
	(void)rpc_reply_parse(p, n, rp);
	rp->len = n;
	rp->got = GOT_REPLY;
}

/* wait for one datagram on fd until deadline; its length or GOT_* */
static long
recv_dgram(int fd, uint8_t *buf, size_t max, int64_t deadline)
{
	long n = probe_recv_msg(fd, false, buf, max, deadline);

	if (n >= 0)
		return n;
	return n == PROBE_NONE ? GOT_NONE : n == PROBE_REFUSED ? GOT_REFUSED : GOT_CLOSED;
}

/* One reply record (single fragment) into rbuf: its length, or GOT_*. */
static long
read_record(int fd, int64_t deadline)
{
	uint8_t hdr[4];
	uint32_t mark;
	int r;

	if ((r = probe_read_full(fd, hdr, 4, deadline)) != 1)
		return r == 0 ? GOT_NONE : GOT_CLOSED;
	mark = be32(hdr) & 0x7fffffffu;
	if (!(hdr[0] & 0x80) || mark > sizeof rbuf)
		return GOT_CLOSED;
	if ((r = probe_read_full(fd, rbuf, mark, deadline)) != 1)
		return r == 0 ? GOT_NONE : GOT_CLOSED;
	return (long)mark;
}

/* The datagrams that come to fd until silence at `until` (at most max):
 * added to *n, their bytes to *bytes. */
static void
count_dgrams(int fd, int64_t until, int max, unsigned long *n, unsigned long *bytes)
{
	for (int i = 0; i < max; i++) {
		long g = recv_dgram(fd, rbuf, sizeof rbuf, until);

		if (g == GOT_NONE)
			break;
		if (g > 0) {
			(*n)++;
			*bytes += (unsigned long)g;
		}
	}
}

/* one call over udp or tcp, the reply (or silence) in rp */
static void
do_call(bool tcp, const union sa *dst, socklen_t dlen, uint32_t vers, uint32_t proc,
    const struct callspec *c, struct rpc_reply *rp)
{
	struct wb w;
	uint32_t xid;
	bool refused;
	int fd;
	int64_t deadline;
	long n;

	memset(rp, 0, sizeof *rp);
	xid = build(&w, vers, proc, c, dst);
	fd = open_to(tcp ? SOCK_STREAM : SOCK_DGRAM, dst, dlen, src_addr, src_reserved, &refused);
	if (fd == -1) {
		rp->got = refused ? GOT_REFUSED : GOT_NONE;
		return;
	}
	deadline = now_ms() + tmo_ms;
	if (tcp) {
		uint8_t rec[4 + WB_MAX];

		put_be32(rec, 0x80000000u | (uint32_t)w.n);
		memcpy(rec + 4, w.b, w.n);
		if (send(fd, rec, w.n + 4, MSG_NOSIGNAL) != (ssize_t)(w.n + 4))
			n = GOT_CLOSED;
		else
			n = read_record(fd, deadline);	/* all portmappers send one fragment */
	} else if (send(fd, w.b, w.n, 0) != (ssize_t)w.n) {
		n = errno == ECONNREFUSED ? GOT_REFUSED : GOT_CLOSED;
	} else {
		n = probe_recv_xid(fd, false, xid, rbuf, sizeof rbuf, deadline);
		if (n < 0)
			n = n == PROBE_NONE ? GOT_NONE : n == PROBE_REFUSED ? GOT_REFUSED : GOT_CLOSED;
	}
	if (n > 0)
		parse_reply(rbuf, (size_t)n, rp);
	else
		rp->got = (int)n;
	close(fd);
}

/*
 * The result line of `call`:
 *   silent | refused | closed
 *   denied auth N        (MSG_DENIED AUTH_ERROR, auth_stat N)
 *   denied rpc_mismatch
 *   accepted N           (an accept_stat other than SUCCESS)
 *   port N | addr UADDR | bool N | time N | entries N | bytes N
 */
static void
print_result(enum what what, uint32_t vers, const struct rpc_reply *rp)
{
	struct rb r;

	switch (rp->got) {
	case GOT_NONE: puts("silent"); return;
	case GOT_REFUSED: puts("refused"); return;
	case GOT_CLOSED: puts("closed"); return;
	default: break;
	}
	if (rp->rstat == RS_DENIED) {
		if (rp->rjstat == RJ_AUTH_ERROR)
			printf("denied auth %u\n", rp->authstat);
		else
			puts("denied rpc_mismatch");
		return;
	}
	if (rp->rstat != RS_ACCEPTED) {
		puts("bad");
		return;
	}
	if (rp->astat != 0) {
		printf("accepted %u\n", rp->astat);
		return;
	}
	r = rp->res;
	switch (what) {
	case W_GETPORT:
	case W_GETVERSADDR:
		if (vers == 2) {
			printf("port %u\n", r_u32(&r));
		} else {
			char a[256];

			r_str(&r, a, sizeof a);
			printf("addr %s\n", r.err ? "?" : a);
		}
		break;
	case W_SET:
	case W_UNSET:
		printf("bool %u\n", r_u32(&r));
		break;
	case W_GETTIME:
		printf("time %u\n", r_u32(&r));
		break;
	case W_DUMP: {
		unsigned n = 0;
		char s[256];

		for (; n < 10000 && r_u32(&r) == 1 && !r.err; n++) {
			if (vers == 2) {
				for (int k = 0; k < 4; k++)
					(void)r_u32(&r);
			} else {
				(void)r_u32(&r);
				(void)r_u32(&r);
				for (int k = 0; k < 3; k++)
					r_str(&r, s, sizeof s);
			}
		}
		printf("entries %u\n", n);
		break;
	}
	default:
		printf("bytes %zu\n", rp->len);
		break;
	}
}

/* --------------------------------------------------------------- sweep */

enum cls { C_LOOKUP, C_SILENT, C_SMALL };

struct sweepdef {
	uint32_t vers;
	enum what what;
	uint32_t proc;		/* 0 with W_*: proc_of(what) */
	const char *name;
	enum cls cls;
};

static const struct sweepdef sweeps[] = {
	{ 2, W_NULL, 0, "NULL", C_LOOKUP },
	{ 2, W_SET, 0, "SET", C_SILENT },
	{ 2, W_UNSET, 0, "UNSET", C_SILENT },
	{ 2, W_GETPORT, 0, "GETPORT", C_LOOKUP },
	{ 2, W_DUMP, 0, "DUMP", C_SILENT },
	{ 2, W_CALLIT, 0, "CALLIT", C_SILENT },
	{ 2, W_TRUNCATED, 0, "GETPORT truncated", C_SMALL },
	{ 2, W_NOARGS, 6, "proc 6 (none)", C_SMALL },
	{ 3, W_NULL, 0, "NULL", C_LOOKUP },
	{ 3, W_SET, 0, "SET", C_SILENT },
	{ 3, W_UNSET, 0, "UNSET", C_SILENT },
	{ 3, W_GETPORT, 0, "GETADDR", C_LOOKUP },
	{ 3, W_DUMP, 0, "DUMP", C_SILENT },
	{ 3, W_CALLIT, 0, "CALLIT", C_SILENT },
	{ 3, W_GETTIME, 0, "GETTIME", C_LOOKUP },
	{ 3, W_U2T, 0, "UADDR2TADDR", C_LOOKUP },
	{ 3, W_T2U, 0, "TADDR2UADDR", C_LOOKUP },
	{ 3, W_NOARGS, 9, "proc 9 (none)", C_SMALL },
	{ 4, W_NULL, 0, "NULL", C_LOOKUP },
	{ 4, W_SET, 0, "SET", C_SILENT },
	{ 4, W_UNSET, 0, "UNSET", C_SILENT },
	{ 4, W_GETPORT, 0, "GETADDR", C_LOOKUP },
	{ 4, W_DUMP, 0, "DUMP", C_SILENT },
	{ 4, W_CALLIT, 0, "BCAST", C_SILENT },
	{ 4, W_GETTIME, 0, "GETTIME", C_LOOKUP },
	{ 4, W_U2T, 0, "UADDR2TADDR", C_LOOKUP },
	{ 4, W_T2U, 0, "TADDR2UADDR", C_LOOKUP },
	{ 4, W_GETVERSADDR, 0, "GETVERSADDR", C_LOOKUP },
	{ 4, W_INDIRECT, 0, "INDIRECT", C_SILENT },
	{ 4, W_GETADDRLIST, 0, "GETADDRLIST", C_SILENT },
	{ 4, W_GETSTAT, 0, "GETSTAT", C_SILENT },
	{ 4, W_U2T_SHORT, 0, "UADDR2TADDR short", C_SMALL },
	{ 4, W_NOARGS, 13, "proc 13 (none)", C_SMALL },
	{ 5, W_NULL, 0, "NULL (version 5)", C_SMALL },
};
#define N_SWEEP	(sizeof sweeps / sizeof sweeps[0])

/* The size rule of s's class: one "ok" line. */
static void
sweep_verdict(const char *host, const struct sweepdef *s, size_t in, size_t outb, unsigned ndg)
{
	switch (s->cls) {
	case C_SILENT:
		out(outb == 0, "%s udp v%u %s gets no reply (%zu -> %zu bytes)",
		    host, s->vers, s->name, in, outb);
		break;
	case C_LOOKUP:
		out(outb > 0 && outb <= in && ndg == 1,
		    "%s udp v%u %s is answered, once, by at most its size (%zu -> %zu bytes)",
		    host, s->vers, s->name, in, outb);
		break;
	case C_SMALL:
		out(outb <= in && ndg <= 1,
		    "%s udp v%u %s: any reply at most the request's size (%zu -> %zu bytes)",
		    host, s->vers, s->name, in, outb);
		break;
	}
}

/*
 * Every call on its own connected socket, all sent at once, then every
 * datagram that comes back within tmo_ms is counted (several replies to one
 * request would be counted together).
 */
static int
cmd_sweep(const char *host, bool report)
{
	union sa dst;
	socklen_t dlen = parse_addr(host, PMAP_PORT, &dst);
	int fds[N_SWEEP];
	size_t in[N_SWEEP], outb[N_SWEEP];
	unsigned ndg[N_SWEEP];
	bool refused[N_SWEEP];
	int64_t deadline;
	const struct callspec mountd = { W_GETPORT, 100005, 3, NULL };

	for (size_t i = 0; i < N_SWEEP; i++) {
		struct callspec c = mountd;
		struct wb w;
		bool rf;

		c.what = sweeps[i].what;
		build(&w, sweeps[i].vers, sweeps[i].proc != 0 ? sweeps[i].proc : proc_of(sweeps[i].what),
		    &c, &dst);
		fds[i] = open_to(SOCK_DGRAM, &dst, dlen, src_addr, false, &rf);
		if (fds[i] == -1)
			die("udp socket to %s: %s", host, strerror(errno));
		in[i] = w.n;
		outb[i] = 0;
		ndg[i] = 0;
		refused[i] = false;
		if (send(fds[i], w.b, w.n, 0) != (ssize_t)w.n)
			refused[i] = true;
	}
	deadline = now_ms() + tmo_ms;
	for (int it = 0; it < 10000; it++) {
		struct pollfd pfd[N_SWEEP];
		int64_t left = deadline - now_ms();

		if (left <= 0)
			break;
		for (size_t i = 0; i < N_SWEEP; i++)
			pfd[i] = (struct pollfd){ fds[i], POLLIN, 0 };
		if (poll(pfd, N_SWEEP, (int)left) <= 0)
			continue;
		for (size_t i = 0; i < N_SWEEP; i++) {
			ssize_t r;

			if (!(pfd[i].revents & (POLLIN | POLLERR)))
				continue;
			r = recv(fds[i], rbuf, sizeof rbuf, MSG_DONTWAIT);
			if (r > 0) {
				outb[i] += (size_t)r;
				ndg[i]++;
			} else if (r == -1 && errno == ECONNREFUSED) {
				refused[i] = true;
			}
		}
	}
	for (size_t i = 0; i < N_SWEEP; i++) {
		const struct sweepdef *s = &sweeps[i];
		uint32_t proc = s->proc != 0 ? s->proc : proc_of(s->what);

		close(fds[i]);
		if (report) {
			printf("v%u %s %zu %zu\n", s->vers, s->name, in[i], outb[i]);
			continue;
		}
		diag("v%u %-14s (proc %2u): %3zu bytes in -> %4zu bytes out (%u datagrams%s)",
		    s->vers, s->name, proc, in[i], outb[i], ndg[i], refused[i] ? ", port unreachable" : "");
		sweep_verdict(host, s, in[i], outb[i], ndg[i]);
	}
	return n_fail == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- call */

static int
cmd_call(int argc, char **argv)
{
	union sa dst;
	socklen_t dlen;
	struct callspec c = { W_NULL, 100005, 3, NULL };
	struct rpc_reply rp;
	uint32_t vers;
	bool tcp;
	const char *w;
	static const struct { const char *name; enum what what; int nargs; } whats[] = {
		{ "null", W_NULL, 0 }, { "getport", W_GETPORT, 3 }, { "getaddr", W_GETPORT, 3 },
		{ "getversaddr", W_GETVERSADDR, 3 }, { "dump", W_DUMP, 0 }, { "set", W_SET, 0 },
		{ "unset", W_UNSET, 0 }, { "getstat", W_GETSTAT, 0 },
		{ "getaddrlist", W_GETADDRLIST, 0 }, { "callit", W_CALLIT, 0 },
		{ "indirect", W_INDIRECT, 0 }, { "gettime", W_GETTIME, 0 },
		{ "uaddr2taddr", W_U2T, 0 }, { "taddr2uaddr", W_T2U, 0 },
	};
	size_t k;

	if (argc < 4)
		die("call udp|tcp HOST VERS WHAT [ARGS]");
	tcp = strcmp(argv[0], "tcp") == 0;
	if (!tcp && strcmp(argv[0], "udp") != 0)
		die("transport: udp or tcp");
	dlen = parse_addr(argv[1], PMAP_PORT, &dst);
	vers = (uint32_t)num(argv[2], 100);
	w = argv[3];
	for (k = 0; k < sizeof whats / sizeof whats[0]; k++)
		if (strcmp(w, whats[k].name) == 0)
			break;
	if (k == sizeof whats / sizeof whats[0])
		die("unknown call: %s", w);
	c.what = whats[k].what;
	if (whats[k].nargs == 3) {
		if (argc < 7)
			die("%s PROG VERS NETID", w);
		c.prog = (uint32_t)num(argv[4], UINT32_MAX);
		c.vers = (uint32_t)num(argv[5], UINT32_MAX);
		c.netid = argv[6];
	}
	do_call(tcp, &dst, dlen, vers, proc_of(c.what), &c, &rp);
	print_result(c.what, vers, &rp);
	return 0;
}

/* --------------------------------------------------------------- flood */

static int
cmd_flood(const char *host, unsigned long count, unsigned long secs)
{
	union sa dst;
	socklen_t dlen = parse_addr(host, PMAP_PORT, &dst);
	const struct callspec c = { W_DUMP, 0, 0, NULL };
	struct wb w[3];
	unsigned long sent = 0, replies = 0, rbytes = 0, blocked = 0;
	int64_t t0 = now_ms(), end = t0 + (int64_t)secs * 1000, t1;
	bool rf;
	int fd = open_to(SOCK_DGRAM, &dst, dlen, src_addr, false, &rf);

	if (fd == -1)
		die("udp socket to %s: %s", host, strerror(errno));
	for (uint32_t v = 2; v <= 4; v++)
		build(&w[v - 2], v, 4, &c, &dst);
	for (unsigned long it = 0; it < 4 * MAX_FLOOD && sent < count && now_ms() < end; it++) {
		struct mmsghdr mm[64];
		struct iovec iov[64];
		unsigned n = 0;
		int r;

		for (; n < 64 && sent + n < count; n++) {
			struct wb *b = &w[(sent + n) % 3];

			/* a fresh xid each time, as a scanner's would be */
			b->b[0] = (uint8_t)((sent + n) >> 24);
			b->b[1] = (uint8_t)((sent + n) >> 16);
			b->b[2] = (uint8_t)((sent + n) >> 8);
			b->b[3] = (uint8_t)(sent + n);
			iov[n] = (struct iovec){ b->b, b->n };
			memset(&mm[n], 0, sizeof mm[n]);
			mm[n].msg_hdr.msg_iov = &iov[n];
			mm[n].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(fd, mm, n, 0);
		if (r > 0) {
			sent += (unsigned long)r;
		} else {
			struct pollfd pfd = { fd, POLLOUT, 0 };

			blocked++;
			(void)poll(&pfd, 1, 5);
		}
		for (int i = 0; i < 64; i++) {
			ssize_t g = recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT);

			if (g < 0)
				break;
			replies++;
			rbytes += (unsigned long)g;
		}
	}
	t1 = now_ms();
	/* stragglers: one more second */
	count_dgrams(fd, t1 + 1000, 100000, &replies, &rbytes);
	close(fd);
	printf("sent %lu ms %lld replies %lu bytes %lu blocked %lu\n", sent, (long long)(t1 - t0),
	    replies, rbytes, blocked);
	return 0;
}

/* ------------------------------------------------------------- latency */

static int
cmd_latency(const char *host, unsigned long secs, unsigned long gap_ms)
{
	union sa dst;
	socklen_t dlen = parse_addr(host, PMAP_PORT, &dst);
	const struct callspec c = mountd_tcp;
	unsigned long n = 0, answered = 0, fast = 0, wrong = 0;
	int64_t maxl = 0, end = now_ms() + (int64_t)secs * 1000;
	bool rf;
	int fd = open_to(SOCK_DGRAM, &dst, dlen, src_addr, false, &rf);
	uint32_t port0 = 0;

	if (fd == -1)
		die("udp socket to %s: %s", host, strerror(errno));
	for (; n < 100000 && now_ms() < end; n++) {
		struct wb w;
		uint32_t xid = build(&w, 2, 3, &c, &dst);
		int64_t t0 = now_us(), lat = -1;

		if (send(fd, w.b, w.n, 0) != (ssize_t)w.n) {
			sleep_us((long)gap_ms * 1000);
			continue;
		}
		for (int i = 0; i < 16; i++) {
			long g = recv_dgram(fd, rbuf, sizeof rbuf, t0 / 1000 + 1000);
			struct rpc_reply rp;
			uint32_t port;

			if (g <= 0)
				break;
			if (g < 4 || be32(rbuf) != xid)
				continue;
			lat = (now_us() - t0) / 1000;
			parse_reply(rbuf, (size_t)g, &rp);
			port = r_u32(&rp.res);
			if (port0 == 0)
				port0 = port;
			if (rp.astat != 0 || port == 0 || port != port0)
				wrong++;
			break;
		}
		if (lat >= 0) {
			answered++;
			if (lat <= 100)
				fast++;
			if (lat > maxl)
				maxl = lat;
		}
		sleep_us((long)gap_ms * 1000);
	}
	close(fd);
	printf("lookups %lu answered %lu within100ms %lu max_ms %lld wrong %lu port %u\n", n,
	    answered, fast, (long long)maxl, wrong, port0);
	return 0;
}

/* --------------------------------------------------------------- storm */

static int
cmd_storm(const char *host, const char *src, unsigned long naddr, unsigned long total)
{
	union sa dst, s;
	socklen_t dlen = parse_addr(host, PMAP_PORT, &dst);
	const struct callspec c = mountd_tcp;
	int fds[MAX_SOCKS];
	static bool seen[MAX_STORM];
	uint32_t xid0 = probe_xid + 1;
	unsigned long sent = 0, answered = 0, wrongport = 0;
	int64_t t0, end;

	if (naddr == 0 || naddr > MAX_SOCKS || total == 0 || total > MAX_STORM)
		die("storm: 1-%d sources, 1-%u lookups", MAX_SOCKS, MAX_STORM);
	if (parse_addr(src, 0, &s) != sizeof s.in || dst.sa.sa_family != AF_INET)
		die("storm: IPv4 only");
	for (unsigned long i = 0; i < naddr; i++) {
		char a[INET_ADDRSTRLEN];
		struct in_addr ia = { htonl(ntohl(s.in.sin_addr.s_addr) + (uint32_t)i) };
		bool rf;

		inet_ntop(AF_INET, &ia, a, sizeof a);
		fds[i] = open_to(SOCK_DGRAM, &dst, dlen, a, false, &rf);
		if (fds[i] == -1)
			die("udp socket from %s: %s", a, strerror(errno));
	}
	t0 = now_us();
	end = now_ms() + 1000 + tmo_ms + 1000;
	for (int it = 0; it < 1000000 && now_ms() < end; it++) {
		struct pollfd pfd[MAX_SOCKS];
		int64_t due = sent < total ? t0 + (int64_t)(sent * 1000000 / total) : INT64_MAX;
		int wait_ms;

		/* send every lookup that is due (one second spread evenly) */
		while (sent < total && now_us() >= due) {
			struct wb w;

			build(&w, 2, 3, &c, &dst);
			if (send(fds[sent % naddr], w.b, w.n, 0) != (ssize_t)w.n)
				diag("send %lu: %s", sent, strerror(errno));
			sent++;
			due = sent < total ? t0 + (int64_t)(sent * 1000000 / total) : INT64_MAX;
		}
		if (sent == total && answered == total)
			break;
		wait_ms = sent < total ? (int)((due - now_us()) / 1000) : 50;
		if (wait_ms < 0)
			wait_ms = 0;
		for (unsigned long i = 0; i < naddr; i++)
			pfd[i] = (struct pollfd){ fds[i], POLLIN, 0 };
		if (poll(pfd, (nfds_t)naddr, wait_ms) <= 0)
			continue;
		for (unsigned long i = 0; i < naddr; i++) {
			for (int k = 0; k < 64 && (pfd[i].revents & POLLIN); k++) {
				ssize_t g = recv(fds[i], rbuf, sizeof rbuf, MSG_DONTWAIT);
				struct rpc_reply rp;
				uint32_t x;

				if (g < 4)
					break;
				x = be32(rbuf) - xid0;
				if (x >= total || seen[x])
					continue;
				seen[x] = true;
				answered++;
				parse_reply(rbuf, (size_t)g, &rp);
				if (rp.astat != 0 || r_u32(&rp.res) == 0)
					wrongport++;
			}
		}
	}
	for (unsigned long i = 0; i < naddr; i++)
		close(fds[i]);
	printf("sent %lu answered %lu from %lu sources in %lld ms, failed %lu\n", sent, answered,
	    naddr, (long long)((now_us() - t0) / 1000), wrongport);
	return 0;
}

/* --------------------------------------------------------------- evict */

/* Source /56 number n of a region (0x80: colliders, 0xc0: churn) of
 * 2001:db8:8000::/33, host ::5. */
static void
evict_src(struct in6_addr *a, uint8_t region, uint32_t n)
{
	memset(a, 0, sizeof *a);
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	a->s6_addr[4] = (uint8_t)(region | ((n >> 16) & 0x3f));
	a->s6_addr[5] = (uint8_t)(n >> 8);
	a->s6_addr[6] = (uint8_t)n;
	a->s6_addr[15] = 5;
}

/* The slot the unkeyed table gave a /56: FNV-1a of family and 7 bytes. */
static uint32_t
fnv_home(const struct in6_addr *a)
{
	uint8_t k[8] = { AF_INET6 };
	uint32_t h = 2166136261u;

	memcpy(k + 1, a->s6_addr, 7);
	for (int i = 0; i < 8; i++)
		h = (h ^ k[i]) * 16777619u;
	return h % EVICT_TABLE;
}

static void
send_from(int fd, const struct in6_addr *src, const union sa *dst, const struct wb *w)
{
	union {
		struct cmsghdr h;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cm;
	struct iovec iov = { (void *)w->b, w->n };
	struct msghdr mh = { .msg_name = (void *)&dst->in6, .msg_namelen = sizeof dst->in6,
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.b,
	    .msg_controllen = sizeof cm.b };
	struct cmsghdr *c;
	struct in6_pktinfo pi;

	memset(&cm, 0, sizeof cm);
	memset(&pi, 0, sizeof pi);
	pi.ipi6_addr = *src;
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof pi);
	memcpy(CMSG_DATA(c), &pi, sizeof pi);
	if (sendmsg(fd, &mh, 0) != (ssize_t)w->n)
		die("sendmsg from a forged source: %s", strerror(errno));
}

/* The attacker's offline work against the unkeyed table: EVICT_WINDOW
 * forged /56s whose home slot is the victim's. */
static void
evict_colliders(struct in6_addr *col, const struct in6_addr *victim)
{
	uint32_t vhome = fnv_home(victim), n;
	int k = 0;

	for (n = 0; n < (1u << 22) && k < EVICT_WINDOW; n++) {
		evict_src(&col[k], 0x80, n);
		if (fnv_home(&col[k]) == vhome)
			k++;
	}
	if (k < EVICT_WINDOW)
		die("evict: no %d colliding prefixes", EVICT_WINDOW);
}

/* 1 when the len-byte reply in rbuf answers a victim's lookup (xids from
 * xid0 on) not counted before, else 0. */
static unsigned long
evict_new(long len, uint32_t xid0)
{
	static bool seen[(RUN_LIMIT * 1000 / EVICT_ROUND_MS + 1) * EVICT_VICTIM];
	uint32_t x;

	if (len < 4)
		return 0;
	x = be32(rbuf) - xid0;
	if (x >= sizeof seen || seen[x])
		return 0;
	seen[x] = true;
	return 1;
}

static int
cmd_evict(const char *host, const char *victim, unsigned long nchurn, unsigned long secs)
{
	union sa dst, v;
	socklen_t dlen = parse_addr(host, PMAP_PORT, &dst);
	struct in6_addr col[EVICT_WINDOW];
	unsigned long rounds = secs * 1000 / EVICT_ROUND_MS, vsent = 0, answered = 0;
	unsigned long csent = 0, churned = 0, per_round;
	uint32_t xid0;
	int vfd, ffd, one = 1;
	int64_t t0, tlast = 0, end;
	bool rf;

	if (parse_addr(victim, 0, &v) != sizeof v.in6 || dst.sa.sa_family != AF_INET6)
		die("evict: IPv6 only");
	if (secs == 0 || secs > RUN_LIMIT - 10 || nchurn > MAX_CHURN)
		die("evict: 1-%d s, at most %u churning prefixes", RUN_LIMIT - 10, MAX_CHURN);
	evict_colliders(col, &v.in6.sin6_addr);
	vfd = open_to(SOCK_DGRAM, &dst, dlen, victim, false, &rf);
	if (vfd == -1)
		die("udp socket from %s: %s", victim, strerror(errno));
	ffd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (ffd == -1 || setsockopt(ffd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof one) == -1)
		die("forging socket: %s", strerror(errno));
	per_round = rounds > 0 ? (nchurn + rounds - 1) / rounds : 0;
	xid0 = probe_xid + 1;
	t0 = now_ms();
	for (unsigned long r = 0; r < rounds; r++) {
		int64_t due = t0 + (int64_t)(r * EVICT_ROUND_MS);
		struct wb w;

		while (now_ms() < due) {
			struct pollfd pfd = { vfd, POLLIN, 0 };
			int left = (int)(due - now_ms());

			if (poll(&pfd, 1, left > 0 ? left : 0) == 1)
				break;
		}
		/* the victim's lookups (as the attacker would forge them) */
		for (int i = 0; i < EVICT_VICTIM; i++) {
			build(&w, 2, 3, &mountd_tcp, &dst);
			if (send(vfd, w.b, w.n, 0) == (ssize_t)w.n)
				vsent++;
		}
		tlast = now_ms();
		/* drain what came back so far */
		for (int i = 0; i < 4 * EVICT_VICTIM; i++) {
			ssize_t g = recv(vfd, rbuf, sizeof rbuf, MSG_DONTWAIT);

			if (g < 4)
				break;
			answered += evict_new(g, xid0);
		}
		sleep_us(2000);
		/* 8 forged lookups that push the oldest of the window out */
		for (int i = 0; i < EVICT_WINDOW; i++) {
			build(&w, 2, 3, &mountd_tcp, &dst);
			send_from(ffd, &col[i], &dst, &w);
			csent++;
		}
		for (unsigned long i = 0; i < per_round && churned < nchurn; i++) {
			struct in6_addr a;

			evict_src(&a, 0xc0, (uint32_t)churned++);
			build(&w, 2, 3, &mountd_tcp, &dst);
			send_from(ffd, &a, &dst, &w);
		}
	}
	end = now_ms() + tmo_ms;
	for (int i = 0; i < 100000; i++) {
		long g = recv_dgram(vfd, rbuf, sizeof rbuf, end);

		if (g == GOT_NONE || g == GOT_CLOSED || g == GOT_REFUSED)
			break;
		answered += evict_new(g, xid0);
	}
	close(vfd);
	close(ffd);
	printf("victim sent %lu answered %lu in %lld ms colliders %lu churn %lu\n", vsent,
	    answered, (long long)(tlast - t0), csent, churned);
	return 0;
}

/* --------------------------------------------------------------- spoof */

static uint16_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	for (int i = 0; i < 4 && (sum >> 16) != 0; i++)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static int
cmd_spoof(const char *src, unsigned long sport, const char *dsts, const char *whats)
{
	union sa s, d;
	struct callspec c = { W_GETPORT, 100005, 3, "tcp" };
	struct wb w;
	uint8_t pkt[20 + 8 + WB_MAX], pseudo[12];
	struct ip *ip = (struct ip *)(void *)pkt;
	struct udphdr *uh = (struct udphdr *)(void *)(pkt + 20);
	size_t len;
	uint32_t sum;
	int fd;

	if (parse_addr(src, 0, &s) != sizeof s.in || parse_addr(dsts, PMAP_PORT, &d) != sizeof d.in)
		die("spoof: IPv4 only");
	if (strcmp(whats, "getport") == 0)
		c.what = W_GETPORT;
	else if (strcmp(whats, "dump") == 0)
		c.what = W_DUMP;
	else if (strcmp(whats, "set") == 0)
		c.what = W_SET;
	else if (strcmp(whats, "unset") == 0)
		c.what = W_UNSET;
	else if (strcmp(whats, "null") == 0)
		c.what = W_NULL;
	else
		die("spoof: getport, dump, set, unset or null");
	build(&w, 2, proc_of(c.what), &c, &d);
	len = 20 + 8 + w.n;
	memset(pkt, 0, 28);
	ip->ip_v = 4;
	ip->ip_hl = 5;
	ip->ip_len = htons((uint16_t)len);
	ip->ip_id = htons((uint16_t)(getpid() & 0xffff));
	ip->ip_ttl = 64;
	ip->ip_p = IPPROTO_UDP;
	ip->ip_src = s.in.sin_addr;
	ip->ip_dst = d.in.sin_addr;
	ip->ip_sum = 0;		/* the kernel fills it in with IP_HDRINCL */
	uh->uh_sport = htons((uint16_t)sport);
	uh->uh_dport = htons(PMAP_PORT);
	uh->uh_ulen = htons((uint16_t)(8 + w.n));
	uh->uh_sum = 0;
	memcpy(pkt + 28, w.b, w.n);
	memcpy(pseudo, &ip->ip_src, 4);
	memcpy(pseudo + 4, &ip->ip_dst, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_UDP;
	pseudo[10] = (uint8_t)((8 + w.n) >> 8);
	pseudo[11] = (uint8_t)(8 + w.n);
	sum = csum_add(0, pseudo, sizeof pseudo);
	sum = csum_add(sum, pkt + 20, 8 + w.n);
	uh->uh_sum = htons((uint16_t)~sum == 0 ? 0xffff : (uint16_t)~sum);
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd == -1)
		die("raw socket: %s", strerror(errno));
	if (sendto(fd, pkt, len, 0, &d.sa, sizeof d.in) != (ssize_t)len)
		die("sendto: %s", strerror(errno));
	close(fd);
	printf("sent %zu bytes from %s:%lu to %s:111 (v2 %s)\n", len, src, sport, dsts, whats);
	return 0;
}

/* -------------------------------------------------------------- listen */

static int
cmd_listen(const char *addr, unsigned long port, unsigned long ms)
{
	union sa a;
	socklen_t len = parse_addr(addr, (uint16_t)port, &a);
	unsigned long n = 0, bytes = 0;
	int64_t end = now_ms() + (int64_t)ms;
	int one = 1, fd = socket(a.sa.sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd == -1)
		die("socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, &a.sa, len) == -1)
		die("bind %s:%lu: %s", addr, port, strerror(errno));
	puts("listening");
	fflush(stdout);
	count_dgrams(fd, end, 10000, &n, &bytes);
	close(fd);
	printf("received %lu datagrams %lu bytes\n", n, bytes);
	return 0;
}

/* ---------------------------------------------------------------- pipe */

#define PIPE_MAX	1000u

/* A stream to TARGET: TCP to an address, or a local socket path. */
static int
stream_to(const char *target, unsigned long rcvbuf)
{
	union sa dst;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t dlen = 0;
	int fd, one = 1, buf = (int)rcvbuf;

	if (target[0] == '/') {
		if (strlen(target) >= sizeof sun.sun_path)
			die("path too long: %s", target);
		strcpy(sun.sun_path, target);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	} else {
		dlen = parse_addr(target, PMAP_PORT, &dst);
		fd = socket(dst.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd == -1)
		die("socket: %s", strerror(errno));
	/* Before connecting: the window is chosen at the handshake. */
	if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf) == -1)
		die("SO_RCVBUF: %s", strerror(errno));
	if (target[0] == '/') {
		if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1)
			die("connect %s: %s", target, strerror(errno));
	} else {
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (connect(fd, &dst.sa, dlen) == -1)
			die("connect %s: %s", target, strerror(errno));
	}
	return fd;
}

static int
cmd_pipe(const char *target, unsigned long ndump, unsigned long nnull,
    unsigned long delay, unsigned long rcvbuf)
{
	static uint8_t all[PIPE_MAX * (4 + 64)];
	static uint32_t xids[PIPE_MAX];
	unsigned long n = ndump + nnull, i, got = 0;
	size_t len = 0;
	int64_t deadline;
	long r = 0;
	int fd;

	if (n == 0 || n > PIPE_MAX)
		die("pipe: 1 to %u requests", PIPE_MAX);
	for (i = 0; i < n; i++) {
		struct wb w = { .n = 0 };

		xids[i] = w_call(&w, false, NULL, PMAP_PROG, i < ndump ? 4 : 2, i < ndump ? 4 : 0);
		if (w.err || w.n > 64)
			die("pipe: request too large");
		all[len] = 0x80;
		all[len + 1] = 0;
		all[len + 2] = (uint8_t)(w.n >> 8);
		all[len + 3] = (uint8_t)w.n;
		memcpy(all + len + 4, w.b, w.n);
		len += 4 + w.n;
	}
	fd = stream_to(target, rcvbuf);
	if (probe_send_all(fd, all, len) == -1)
		die("pipe: send: %s", strerror(errno));
	sleep_ms((unsigned)delay);
	deadline = now_ms() + tmo_ms;
	for (i = 0; i < n; i++) {
		r = read_record(fd, deadline);
		if (r < 4 || be32(rbuf) != xids[i])
			break;
		got++;
	}
	out(got == n, "pipe %s: %lu DUMP + %lu NULL written at once, %lu of %lu replies "
	    "in order%s", target, ndump, nnull, got, n,
	    got == n ? "" : r == GOT_CLOSED ? " (closed)" : r < 4 ? " (timeout)" :
	    " (wrong xid)");
	close(fd);
	return n_fail > 0;
}

static int
cmd_hold(const char *host, const char *file, unsigned long secs)
{
	struct wb w = { .n = 0 };
	uint8_t rec[4 + 64];
	struct stat sb;
	uint32_t xid;
	unsigned long i;
	long r;
	int fd;

	xid = w_call(&w, false, NULL, PMAP_PROG, 2, 0);
	rec[0] = 0x80;
	rec[1] = rec[2] = 0;
	rec[3] = (uint8_t)w.n;
	memcpy(rec + 4, w.b, w.n);
	fd = stream_to(host, 0);
	if (probe_send_all(fd, rec, 20) == -1)
		die("hold: send: %s", strerror(errno));
	puts("# holding");
	fflush(stdout);
	for (i = 0; i < secs * 20 && stat(file, &sb) == -1; i++)
		sleep_ms(50);
	if (probe_send_all(fd, rec + 20, 4 + w.n - 20) == -1) {
		out(false, "hold %s: the connection held mid-request is still open "
		    "(send: %s)", host, strerror(errno));
		return 1;
	}
	r = read_record(fd, now_ms() + tmo_ms);
	out(r >= 12 && be32(rbuf) == xid, "hold %s: the connection held mid-request "
	    "got its reply%s", host, r >= 12 ? "" : r == GOT_CLOSED ? " (closed)" : " (none)");
	close(fd);
	return n_fail > 0;
}

#define CONNS_MAX	900u

static int
cmd_conns(const char *host, unsigned long n, unsigned long ms)
{
	static int fds[CONNS_MAX];
	union sa dst;
	socklen_t dlen = parse_addr(host, PMAP_PORT, &dst);
	unsigned long i, k = 0;
	bool refused;

	for (i = 0; i < n; i++) {
		fds[k] = open_to(SOCK_STREAM, &dst, dlen, src_addr, false, &refused);
		if (fds[k] != -1)
			k++;
	}
	printf("connected %lu\n", k);
	fflush(stdout);
	sleep_ms((unsigned)ms);
	for (i = 0; i < k; i++)
		close(fds[i]);
	return 0;
}

/* ---------------------------------------------------------------- main */

static void
usage(void)
{
	fputs("usage: expprobe [-b SRC] [-F] [-P PORT] [-R] [-t MS] [-p N] COMMAND ...\n"
	    "  sweep HOST [--report]\n"
	    "  call udp|tcp HOST VERS null|dump|set|unset|getstat|getaddrlist|callit|indirect|\n"
	    "       gettime|uaddr2taddr|taddr2uaddr|getport|getaddr|getversaddr [PROG VERS NETID]\n"
	    "  flood HOST COUNT SECS\n"
	    "  latency HOST SECS [GAP_MS]\n"
	    "  storm HOST SRC NADDR TOTAL\n"
	    "  evict HOST VICTIM NCHURN SECS\n"
	    "  spoof SRC SPORT DST getport|dump|set|unset|null\n"
	    "  listen ADDR PORT MS\n"
	    "  pipe ADDR|PATH NDUMP NNULL DELAY_MS RCVBUF\n"
	    "  hold ADDR FILE SECS\n"
	    "  conns ADDR N MS\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	int i = 1;

	probe_xid = (uint32_t)getpid() << 16;
	alarm(RUN_LIMIT);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-b") == 0 && i + 1 < argc)
			src_addr = argv[++i];
		else if (strcmp(argv[i], "-R") == 0)
			src_reserved = true;
		else if (strcmp(argv[i], "-F") == 0)
			src_freebind = true;
		else if (strcmp(argv[i], "-P") == 0 && i + 1 < argc)
			src_port = (uint16_t)num(argv[++i], 65535);
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			tmo_ms = (int)num(argv[++i], 30000);
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			pad_bytes = (unsigned)num(argv[++i], WB_MAX - 128);
		else
			usage();
	}
	argc -= i;
	argv += i;
	if (argc < 1)
		usage();
	if (tmo_ms < 0)
		tmo_ms = strcmp(argv[0], "call") == 0 ? 500 : 1000;
	if (strcmp(argv[0], "sweep") == 0 && argc >= 2)
		return cmd_sweep(argv[1], argc >= 3 && strcmp(argv[2], "--report") == 0);
	if (strcmp(argv[0], "call") == 0)
		return cmd_call(argc - 1, argv + 1);
	if (strcmp(argv[0], "flood") == 0 && argc == 4)
		return cmd_flood(argv[1], num(argv[2], MAX_FLOOD), num(argv[3], RUN_LIMIT - 5));
	if (strcmp(argv[0], "latency") == 0 && (argc == 3 || argc == 4))
		return cmd_latency(argv[1], num(argv[2], RUN_LIMIT - 5), argc == 4 ? num(argv[3], 1000) : 10);
	if (strcmp(argv[0], "storm") == 0 && argc == 5)
		return cmd_storm(argv[1], argv[2], num(argv[3], MAX_SOCKS), num(argv[4], MAX_STORM));
	if (strcmp(argv[0], "evict") == 0 && argc == 5)
		return cmd_evict(argv[1], argv[2], num(argv[3], MAX_CHURN), num(argv[4], RUN_LIMIT - 10));
	if (strcmp(argv[0], "spoof") == 0 && argc == 5)
		return cmd_spoof(argv[1], num(argv[2], 65535), argv[3], argv[4]);
	if (strcmp(argv[0], "pipe") == 0 && argc == 6)
		return cmd_pipe(argv[1], num(argv[2], PIPE_MAX), num(argv[3], PIPE_MAX),
		    num(argv[4], 30000), num(argv[5], 1 << 24));
	if (strcmp(argv[0], "hold") == 0 && argc == 4)
		return cmd_hold(argv[1], argv[2], num(argv[3], RUN_LIMIT - 5));
	if (strcmp(argv[0], "conns") == 0 && argc == 4)
		return cmd_conns(argv[1], num(argv[2], CONNS_MAX), num(argv[3], 50000));
	if (strcmp(argv[0], "listen") == 0 && argc == 4)
		return cmd_listen(argv[1], num(argv[2], 65535), num(argv[3], 50000));
	usage();
}
