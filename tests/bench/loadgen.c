/*
 * loadgen — a load generator for a portmapper (rpcbindd or rpcbind), with
 * hand-built XDR and no libtirpc, so that the client costs little and the
 * same bytes go to both daemons.
 *
 * Modes (--mode):
 *   udp-getport    PMAP v2 GETPORT (100003, 3, tcp) over UDP
 *   udp-getaddr    RPCBIND v4 GETADDR (100003, 3, "udp") over UDP
 *   tcp-getport    PMAP v2 GETPORT over one persistent TCP connection
 *                  (record marking; up to --window calls pipelined)
 *   tcp-reconnect  PMAP v2 GETPORT, a new TCP connection per call
 *                  (--window connections at once)
 *   none           no calls: only --idle / --flood
 *
 * A window of W calls is kept outstanding; replies are matched by xid (the
 * low 12 bits of the xid name the slot). A call unanswered for --timeout
 * ms is counted lost and its slot reused. The run stops after --duration
 * seconds or --requests calls, whichever comes first.
 *
 * --idle=K opens K TCP connections before the run, holds them (silent)
 * during it, and reports how many the server still had open at the end.
 * --flood=C opens C TCP connections as fast as it can, prints
 * "flood connected=N" (flushed) so a script can measure the server, holds
 * them --hold seconds, then runs the load (if any) and closes them.
 *
 * Output: one machine-readable line on stdout, e.g.
 *   mode=udp-getport window=64 secs=3.00 rps=123456 p50_us=12 p99_us=40 ...
 *
 * Every loop is bounded by a count or a deadline, and an alarm() watchdog
 * ends the process if anything still hangs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define PMAP_PROG	100000u
#define NFS_PROG	100003u
#define REQ_MAX		128	/* largest call we build */
#define REPLY_MAX	4096	/* largest reply (record) we accept */
#define SLOT_BITS	12
#define MAX_WINDOW	(1u << SLOT_BITS)	/* 4096 slots */
#define MAX_TCP_WINDOW	256	/* pipelined calls on one connection */
#define MAX_RECONNECT	1024	/* connections at once in tcp-reconnect */
#define MAX_HOLD_CONNS	100000	/* --idle + --flood */
#define BATCH		64	/* sendmmsg / recvmmsg batch */
#define HIST_US		200000	/* latency histogram: 1 us buckets to 200 ms */
#define CONN_IN		8192
#define CONN_OUT	(MAX_TCP_WINDOW * REQ_MAX)

enum mode { M_NONE, M_UDP_GETPORT, M_UDP_GETADDR, M_TCP_GETPORT, M_TCP_RECONNECT };
static const char *const mode_names[] = {
	"none", "udp-getport", "udp-getaddr", "tcp-getport", "tcp-reconnect",
};

static struct {
	enum mode mode;
	const char *host;
	unsigned port;
	unsigned window;
	double duration;	/* seconds */
	uint64_t requests;	/* 0: no limit */
	unsigned timeout_ms;
	unsigned idle;
	unsigned flood;
	double hold;		/* seconds */
	unsigned src_rotate;	/* tcp-reconnect: rotate 127.0.0.2.. sources */
	unsigned conn_timeout_ms;
} opt = {
	.mode = M_UDP_GETPORT, .host = "127.0.0.1", .port = 111, .window = 1,
	.duration = 3.0, .requests = 0, .timeout_ms = 1000, .idle = 0,
	.flood = 0, .hold = 0.0, .src_rotate = 0, .conn_timeout_ms = 10000,
};

static struct sockaddr_storage srv;
static socklen_t srv_len;

/* ---------------------------------------------------------------- time */

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ----------------------------------------------------------- statistics */

static uint32_t hist[HIST_US + 1];	/* last bucket: >= 200 ms */
static struct {
	uint64_t sent, recv, lost, errors, stale, conn_fail;
	int64_t max_ns;
} st;

static void
record_latency(int64_t ns)
{
	int64_t us = ns / 1000;

	if (us < 0)
		us = 0;
	if (us > HIST_US)
		us = HIST_US;
	hist[us]++;
	if (ns > st.max_ns)
		st.max_ns = ns;
}

static unsigned
percentile(double p)
{
	uint64_t n = 0, want, acc = 0;

	for (size_t i = 0; i <= HIST_US; i++)
		n += hist[i];
	if (n == 0)
		return 0;
	want = (uint64_t)(p * (double)n + 0.999999);
	if (want < 1)
		want = 1;
	for (size_t i = 0; i <= HIST_US; i++) {
		acc += hist[i];
		if (acc >= want)
			return (unsigned)i;
	}
	return HIST_US;
}

/* ------------------------------------------------------------------ XDR */

static size_t
put32(uint8_t *b, size_t off, uint32_t v)
{
	b[off] = (uint8_t)(v >> 24);
	b[off + 1] = (uint8_t)(v >> 16);
	b[off + 2] = (uint8_t)(v >> 8);
	b[off + 3] = (uint8_t)v;
	return off + 4;
}

static uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static size_t
put_str(uint8_t *b, size_t off, const char *s)
{
	size_t n = strlen(s);

	off = put32(b, off, (uint32_t)n);
	memcpy(b + off, s, n);
	while (n % 4) {
		b[off + n] = 0;
		n++;
	}
	return off + n;
}

/* The call for the mode, xid 0, without a record mark. */
static uint8_t req_tmpl[REQ_MAX];
static size_t req_len;

static void
build_request(void)
{
	bool v4 = opt.mode == M_UDP_GETADDR;
	size_t o = 0;

	o = put32(req_tmpl, o, 0);		/* xid */
	o = put32(req_tmpl, o, 0);		/* CALL */
	o = put32(req_tmpl, o, 2);		/* rpcvers */
	o = put32(req_tmpl, o, PMAP_PROG);
	o = put32(req_tmpl, o, v4 ? 4 : 2);
	o = put32(req_tmpl, o, 3);		/* GETPORT / GETADDR */
	o = put32(req_tmpl, o, 0);		/* cred AUTH_NONE */
	o = put32(req_tmpl, o, 0);
	o = put32(req_tmpl, o, 0);		/* verf AUTH_NONE */
	o = put32(req_tmpl, o, 0);
	o = put32(req_tmpl, o, NFS_PROG);
	o = put32(req_tmpl, o, 3);
	if (v4) {
		o = put_str(req_tmpl, o, "udp");	/* r_netid */
		o = put_str(req_tmpl, o, "");		/* r_addr */
		o = put_str(req_tmpl, o, "");		/* r_owner */
	} else {
		o = put32(req_tmpl, o, 6);	/* IPPROTO_TCP */
		o = put32(req_tmpl, o, 0);	/* port */
	}
	req_len = o;
}

/* Checks a reply; returns 1 for a good answer, 0 for an RPC-level error or
 * an empty answer, -1 when it is too short to carry an xid. */
static int
check_reply(const uint8_t *b, size_t n, uint32_t *xid)
{
	size_t o;
	uint32_t vlen;

	if (n < 4)
		return -1;
	*xid = get32(b);
	if (n < 24 || get32(b + 4) != 1 || get32(b + 8) != 0)
		return 0;
	vlen = get32(b + 16);
	if (vlen > 400)
		return 0;
	o = 20 + ((vlen + 3u) & ~3u);
	if (n < o + 8 || get32(b + o) != 0)
		return 0;
	o += 4;
	if (opt.mode == M_UDP_GETADDR) {
		uint32_t len = get32(b + o);

		return len > 0 && len <= 128 && n >= o + 4 + len;
	}
	return get32(b + o) != 0;	/* port */
}

/* ---------------------------------------------------------------- slots */

struct slot {
	bool busy;
	uint32_t xid;
	int64_t t0;
	unsigned conn;
};
static struct slot slots[MAX_WINDOW];
static uint32_t xid_seq;

static uint32_t
next_xid(unsigned i)
{
	xid_seq++;
	return (xid_seq << SLOT_BITS) | i;
}

/* A reply with this xid: matched, counted, slot freed. Returns the slot, or
 * -1 for a stale or unknown xid. */
static int
complete(uint32_t xid, int verdict, int64_t t)
{
	unsigned i = xid & (MAX_WINDOW - 1);

	if (i >= opt.window || !slots[i].busy || slots[i].xid != xid) {
		st.stale++;
		return -1;
	}
	slots[i].busy = false;
	st.recv++;
	if (verdict <= 0)
		st.errors++;
	record_latency(t - slots[i].t0);
	return (int)i;
}

static bool
may_send(int64_t t, int64_t t_end)
{
	return t < t_end && (opt.requests == 0 || st.sent < opt.requests);
}

static unsigned
busy_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < opt.window; i++)
		n += slots[i].busy;
	return n;
}

/* ------------------------------------------------------------------ UDP */

static uint8_t ubuf_out[BATCH][REQ_MAX];
static uint8_t ubuf_in[BATCH][REPLY_MAX];

/* Fills free slots of the window into out (at most BATCH): how many. */
static unsigned
udp_fill(int64_t t, int64_t t_end, unsigned *next_free, struct mmsghdr *out,
    struct iovec *iout)
{
	unsigned nb = 0;

	for (unsigned k = 0; k < opt.window && nb < BATCH && may_send(t, t_end); k++) {
		unsigned i = *next_free;

		*next_free = (*next_free + 1) % opt.window;
		if (slots[i].busy)
			continue;
		slots[i].busy = true;
		slots[i].xid = next_xid(i);
		slots[i].t0 = t;
		memcpy(ubuf_out[nb], req_tmpl, req_len);
		put32(ubuf_out[nb], 0, slots[i].xid);
		iout[nb].iov_base = ubuf_out[nb];
		iout[nb].iov_len = req_len;
		memset(&out[nb], 0, sizeof(out[nb]));
		out[nb].msg_hdr.msg_iov = &iout[nb];
		out[nb].msg_hdr.msg_iovlen = 1;
		nb++;
		st.sent++;
	}
	return nb;
}

/* Sends the nb calls of out; those the kernel refused are lost at once
 * (the slot's timeout would count them too, but later). */
static void
udp_send(int fd, struct mmsghdr *out, unsigned nb)
{
	unsigned done = 0;

	for (int tries = 0; tries < 8 && done < nb; tries++) {
		int r = sendmmsg(fd, out + done, nb - done, 0);

		if (r > 0)
			done += (unsigned)r;
		else if (r == -1 && errno != EAGAIN && errno != EINTR && errno != ECONNREFUSED)
			break;
	}
	for (unsigned k = done; k < nb; k++) {
		unsigned i = get32(ubuf_out[k]) & (MAX_WINDOW - 1);

		slots[i].busy = false;
		st.lost++;
	}
}

/* Reads the replies waiting (at most 10 ms for the first). */
static void
udp_receive(int fd, struct mmsghdr *in)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 10) <= 0)
		return;
	for (int rounds = 0; rounds < 64; rounds++) {
		int r = recvmmsg(fd, in, BATCH, MSG_DONTWAIT, NULL);
		int64_t t;

		if (r <= 0)
			break;
		t = now_ns();
		for (int k = 0; k < r; k++) {
			uint32_t xid;
			int v = check_reply(ubuf_in[k], in[k].msg_len, &xid);

			if (v < 0)
				st.stale++;
			else
				complete(xid, v, t);
		}
		if (r < BATCH)
			break;
	}
}

/* Past the sending time: true when every call is answered, or the timeout
 * has passed since (*drain_end, set the first time). */
static bool
drained(int64_t t, int64_t t_end, int64_t *drain_end)
{
	if (may_send(t, t_end))
		return false;
	if (busy_count() == 0)
		return true;
	if (*drain_end == 0)
		*drain_end = t + (int64_t)opt.timeout_ms * 1000000;
	return t > *drain_end;
}

static void conn_fail(unsigned ci);

/* Every 10 ms: the calls older than the timeout are lost (UDP), or fail
 * their connection (TCP). */
static void
expire(int64_t *last_scan, bool tcp)
{
	int64_t t = now_ns();

	if (t - *last_scan <= 10000000)
		return;
	*last_scan = t;
	for (unsigned i = 0; i < opt.window; i++) {
		if (!slots[i].busy || t - slots[i].t0 <= (int64_t)opt.timeout_ms * 1000000)
			continue;
		if (tcp) {
			conn_fail(slots[i].conn);
		} else {
			slots[i].busy = false;
			st.lost++;
		}
	}
}

static int
run_udp(int64_t t_end)
{
	struct mmsghdr out[BATCH], in[BATCH];
	struct iovec iout[BATCH], iin[BATCH];
	int fd = socket(srv.ss_family, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int rcvbuf = 4 << 20;
	unsigned next_free = 0;
	int64_t last_scan = now_ns();
	int64_t drain_end = 0;

	if (fd == -1 || connect(fd, (struct sockaddr *)&srv, srv_len) == -1) {
		perror("loadgen: udp socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (unsigned i = 0; i < BATCH; i++) {
		iin[i].iov_base = ubuf_in[i];
		iin[i].iov_len = REPLY_MAX;
		memset(&in[i], 0, sizeof(in[i]));
		in[i].msg_hdr.msg_iov = &iin[i];
		in[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		int64_t t = now_ns();
		unsigned nb = udp_fill(t, t_end, &next_free, out, iout);

		if (nb > 0)
			udp_send(fd, out, nb);
		if (drained(t, t_end, &drain_end))
			break;
		udp_receive(fd, in);
		expire(&last_scan, false);
	}
	close(fd);
	return 0;
}

/* ------------------------------------------------------------------ TCP */

struct conn {
	int fd;
	bool connecting;
	size_t in_len, out_len, out_off;
	uint8_t in[CONN_IN];
	uint8_t out[CONN_OUT];
};
static struct conn *conns;
static unsigned nconns;
static unsigned src_next;

static int
tcp_open(bool rotate)
{
	int fd = socket(srv.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;

	if (fd == -1)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (rotate && srv.ss_family == AF_INET && opt.src_rotate > 0) {
		struct sockaddr_in a = { .sin_family = AF_INET };

		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
		a.sin_addr.s_addr = htonl(0x7f000002u + src_next);
		src_next = (src_next + 1) % opt.src_rotate;
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1) {
			close(fd);
			return -1;
		}
	}
	if (connect(fd, (struct sockaddr *)&srv, srv_len) == -1 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
conn_reset(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->connecting = false;
	c->in_len = c->out_len = c->out_off = 0;
}

/* All calls outstanding on connection ci: lost. */
static void
conn_fail(unsigned ci)
{
	for (unsigned i = 0; i < opt.window; i++)
		if (slots[i].busy && slots[i].conn == ci) {
			slots[i].busy = false;
			st.lost++;
		}
	conn_reset(&conns[ci]);
	st.conn_fail++;
}

static bool
conn_ensure(unsigned ci, bool rotate)
{
	struct conn *c = &conns[ci];

	if (c->fd >= 0)
		return true;
	c->fd = tcp_open(rotate);
	if (c->fd < 0) {
		st.conn_fail++;
		return false;
	}
	c->connecting = true;
	return true;
}

static void
conn_queue(unsigned ci, unsigned slot, int64_t t)
{
	struct conn *c = &conns[ci];
	uint8_t *p = c->out + c->out_len;

	slots[slot].busy = true;
	slots[slot].xid = next_xid(slot);
	slots[slot].t0 = t;
	slots[slot].conn = ci;
	put32(p, 0, 0x80000000u | (uint32_t)req_len);
	memcpy(p + 4, req_tmpl, req_len);
	put32(p, 4, slots[slot].xid);
	c->out_len += 4 + req_len;
	st.sent++;
}

/* Write what is queued; false when the connection failed. */
static bool
conn_flush(unsigned ci)
{
	struct conn *c = &conns[ci];

	if (c->connecting) {
		int err = 0;
		socklen_t l = sizeof(err);
		struct pollfd p = { .fd = c->fd, .events = POLLOUT };

		if (poll(&p, 1, 0) <= 0)
			return true;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l) == -1 || err != 0)
			return false;
		c->connecting = false;
	}
	for (int tries = 0; tries < 16 && c->out_off < c->out_len; tries++) {
		ssize_t w = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
		    MSG_NOSIGNAL);

		if (w > 0)
			c->out_off += (size_t)w;
		else if (w == -1 && (errno == EAGAIN || errno == EINTR))
			break;
		else
			return false;
	}
	if (c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	return true;
}

/* Read and complete every whole record; returns replies completed, or -1
 * when the connection failed or closed. */
static int
conn_read(unsigned ci, int64_t t)
{
	struct conn *c = &conns[ci];
	static uint8_t rec[REPLY_MAX];
	int done = 0;

	for (int rounds = 0; rounds < 16; rounds++) {
		ssize_t r = recv(c->fd, c->in + c->in_len, CONN_IN - c->in_len, MSG_DONTWAIT);

		if (r == 0)
			return -1;
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return -1;
		}
		c->in_len += (size_t)r;
		/* whole records, possibly of several fragments */
		for (;;) {
			size_t off = 0, rl = 0;
			bool last = false;

			for (int f = 0; f < 64 && !last; f++) {
				uint32_t mark, fl;

				if (c->in_len - off < 4)
					break;
				mark = get32(c->in + off);
				fl = mark & 0x7fffffffu;
				if (rl + fl > REPLY_MAX)
					return -1;
				if (c->in_len - off - 4 < fl)
					break;
				memcpy(rec + rl, c->in + off + 4, fl);
				rl += fl;
				off += 4 + fl;
				last = (mark & 0x80000000u) != 0;
			}
			if (!last) {
				if (c->in_len == CONN_IN)
					return -1;
				break;
			}
			{
				uint32_t xid;
				int v = check_reply(rec, rl, &xid);

				if (v < 0)
					st.stale++;
				else if (complete(xid, v, t) >= 0)
					done++;
			}
			memmove(c->in, c->in + off, c->in_len - off);
			c->in_len -= off;
		}
		if ((size_t)r < CONN_IN)
			break;
	}
	return done;
}

static int
run_tcp(int64_t t_end, bool reconnect)
{
	static struct pollfd pfd[MAX_RECONNECT];
	static unsigned pci[MAX_RECONNECT];
	int64_t last_scan = now_ns(), drain_end = 0;

	nconns = reconnect ? opt.window : 1;
	conns = calloc(nconns, sizeof(*conns));
	if (conns == NULL)
		return -1;
	for (unsigned ci = 0; ci < nconns; ci++)
		conns[ci].fd = -1;
	for (;;) {
		int64_t t = now_ns();
		unsigned np = 0;

		for (unsigned i = 0; i < opt.window && may_send(t, t_end); i++) {
			unsigned ci = reconnect ? i : 0;

			if (slots[i].busy)
				continue;
			if (reconnect && conns[ci].fd >= 0)
				conn_reset(&conns[ci]);	/* answered: close */
			if (!conn_ensure(ci, reconnect))
				continue;
			conn_queue(ci, i, t);
		}
		for (unsigned ci = 0; ci < nconns; ci++) {
			if (conns[ci].fd < 0)
				continue;
			if (!conn_flush(ci)) {
				conn_fail(ci);
				continue;
			}
			pfd[np].fd = conns[ci].fd;
			pfd[np].events = POLLIN | (conns[ci].connecting || conns[ci].out_len ? POLLOUT : 0);
			pfd[np].revents = 0;
			pci[np++] = ci;
		}
		if (drained(t, t_end, &drain_end))
			break;
		if (np == 0) {
			struct timespec ts = { 0, 1000000 };

			nanosleep(&ts, NULL);	/* could not connect: retry soon */
		} else if (poll(pfd, np, 10) > 0) {
			t = now_ns();
			for (unsigned k = 0; k < np; k++) {
				unsigned ci = pci[k];

				if (!(pfd[k].revents & (POLLIN | POLLERR | POLLHUP)))
					continue;
				if (conn_read(ci, t) < 0) {
					bool waiting = false;

					for (unsigned i = 0; i < opt.window; i++)
						waiting |= slots[i].busy && slots[i].conn == ci;
					if (waiting)
						conn_fail(ci);
					else
						conn_reset(&conns[ci]);
				}
			}
		}
		expire(&last_scan, true);
	}
	for (unsigned ci = 0; ci < nconns; ci++)
		conn_reset(&conns[ci]);
	free(conns);
	return 0;
}

/* ------------------------------------------------------ idle and flood */

/* Opens n connections (nonblocking) into fds; waits at most timeout_ms for
 * them to complete. Returns how many connected; failed ones are -1. */
static unsigned
open_many(int *fds, unsigned n, unsigned timeout_ms)
{
	struct pollfd *p = calloc(n ? n : 1, sizeof(*p));
	unsigned *idx = calloc(n ? n : 1, sizeof(*idx));
	unsigned ok = 0;
	int64_t end = now_ns() + (int64_t)timeout_ms * 1000000;
	bool *pend = calloc(n ? n : 1, sizeof(*pend));

	if (p == NULL || idx == NULL || pend == NULL) {
		free(p);
		free(idx);
		free(pend);
		return 0;
	}
	for (unsigned i = 0; i < n; i++) {
		fds[i] = tcp_open(false);
		pend[i] = fds[i] >= 0;
	}
	for (int rounds = 0; rounds < 100000; rounds++) {
		unsigned np = 0;
		int64_t t = now_ns();

		for (unsigned i = 0; i < n; i++)
			if (pend[i]) {
				p[np].fd = fds[i];
				p[np].events = POLLOUT;
				p[np].revents = 0;
				idx[np++] = i;
			}
		if (np == 0 || t >= end)
			break;
		if (poll(p, np, (int)((end - t) / 1000000 + 1)) <= 0)
			continue;
		for (unsigned k = 0; k < np; k++) {
			int err = 0;
			socklen_t l = sizeof(err);
			unsigned i = idx[k];

			if (!p[k].revents)
				continue;
			pend[i] = false;
			if (getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &err, &l) == -1 || err) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	for (unsigned i = 0; i < n; i++) {
		if (pend[i]) {	/* never completed */
			close(fds[i]);
			fds[i] = -1;
		}
		ok += fds[i] >= 0;
	}
	free(p);
	free(idx);
	free(pend);
	return ok;
}

/* How many of fds the server has not closed (no EOF, no reset). */
static unsigned
count_open(const int *fds, unsigned n)
{
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++) {
		char c;
		ssize_t r;

		if (fds[i] < 0)
			continue;
		r = recv(fds[i], &c, 1, MSG_DONTWAIT | MSG_PEEK);
		if (r > 0 || (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)))
			ok++;
	}
	return ok;
}

static void
close_many(int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

/* ----------------------------------------------------------------- main */

static void usage(void) __attribute__((noreturn));
static void
usage(void)
{
	fprintf(stderr,
"usage: loadgen [--mode=udp-getport|udp-getaddr|tcp-getport|tcp-reconnect|none]\n"
"               [--host=ADDR] [--port=N] [--window=W] [--duration=SECS]\n"
"               [--requests=N] [--timeout=MS] [--idle=K] [--flood=C]\n"
"               [--hold=SECS] [--src-rotate=N]\n"
"  --window      calls outstanding (1..%u; tcp-getport ..%u; tcp-reconnect ..%u)\n"
"  --duration    seconds of load (3), bounded by --requests when given\n"
"  --timeout     ms before an unanswered call counts as lost (1000)\n"
"  --idle=K      hold K silent TCP connections open during the run\n"
"  --flood=C     open C TCP connections first, print \"flood connected=N\",\n"
"                hold them --hold seconds, then run the load, then close\n"
"  --src-rotate  tcp-reconnect: bind sources 127.0.0.2..(N+1) in turn\n"
"                (avoids running out of ports in TIME_WAIT)\n",
	    MAX_WINDOW, MAX_TCP_WINDOW, MAX_RECONNECT);
	exit(2);
}

static double
num(const char *s, double lo, double hi)
{
	char *e;
	double v = strtod(s, &e);

	if (*s == '\0' || *e != '\0' || v < lo || v > hi) {
		fprintf(stderr, "loadgen: %s: expected a number from %g to %g\n", s, lo, hi);
		exit(2);
	}
	return v;
}

static void
parse(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "window", required_argument, NULL, 'w' },
		{ "duration", required_argument, NULL, 'd' },
		{ "requests", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "idle", required_argument, NULL, 'i' },
		{ "flood", required_argument, NULL, 'f' },
		{ "hold", required_argument, NULL, 'h' },
		{ "src-rotate", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, '?' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	bool found;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'm':
			found = false;
			for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
				if (strcmp(optarg, mode_names[i]) == 0) {
					opt.mode = (enum mode)i;
					found = true;
				}
			if (!found)
				usage();
			break;
		case 'H': opt.host = optarg; break;
		case 'p': opt.port = (unsigned)num(optarg, 1, 65535); break;
		case 'w': opt.window = (unsigned)num(optarg, 1, MAX_WINDOW); break;
		case 'd': opt.duration = num(optarg, 0, 3600); break;
		case 'n': opt.requests = (uint64_t)num(optarg, 0, 1e10); break;
		case 't': opt.timeout_ms = (unsigned)num(optarg, 1, 60000); break;
		case 'i': opt.idle = (unsigned)num(optarg, 0, MAX_HOLD_CONNS); break;
		case 'f': opt.flood = (unsigned)num(optarg, 0, MAX_HOLD_CONNS); break;
		case 'h': opt.hold = num(optarg, 0, 3600); break;
		case 'r': opt.src_rotate = (unsigned)num(optarg, 0, 250); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (opt.mode == M_TCP_GETPORT && opt.window > MAX_TCP_WINDOW)
		usage();
	if (opt.mode == M_TCP_RECONNECT && opt.window > MAX_RECONNECT)
		usage();
	if (opt.idle + opt.flood > MAX_HOLD_CONNS)
		usage();
}

static int
resolve(void)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;
	char port[16];
	int r;

	snprintf(port, sizeof(port), "%u", opt.port);
	r = getaddrinfo(opt.host, port, &hints, &ai);
	if (r != 0) {
		fprintf(stderr, "loadgen: %s: %s\n", opt.host, gai_strerror(r));
		return -1;
	}
	memcpy(&srv, ai->ai_addr, ai->ai_addrlen);
	srv_len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

static void
sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Room for the held connections' descriptors, plus a margin. */
static void
raise_nofile(void)
{
	rlim_t want = (rlim_t)opt.idle + opt.flood + opt.window + 256;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
		rl.rlim_cur = want;
		if (rl.rlim_max < want)
			rl.rlim_max = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			fprintf(stderr, "loadgen: cannot raise RLIMIT_NOFILE to %lu\n",
			    (unsigned long)want);
	}
}

/* The load of opt.mode until t_end: 0, or -1 when it could not start. */
static int
run_mode(int64_t t_end)
{
	switch (opt.mode) {
	case M_UDP_GETPORT:
	case M_UDP_GETADDR:
		return run_udp(t_end);
	case M_TCP_GETPORT:
		return run_tcp(t_end, false);
	case M_TCP_RECONNECT:
		return run_tcp(t_end, true);
	case M_NONE:
		break;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int *idle_fds = NULL, *flood_fds = NULL;
	unsigned idle_ok = 0, idle_open = 0, flood_ok = 0, flood_open = 0;
	int64_t t0, t1, t_end;
	double secs;
	int rc = 0;

	parse(argc, argv);
	if (resolve() == -1)
		return 1;
	build_request();
	raise_nofile();
	/* watchdog: everything below is bounded, this is the backstop */
	alarm((unsigned)(opt.duration + opt.hold + opt.timeout_ms / 1000.0 +
	    2.0 * opt.conn_timeout_ms / 1000.0 + 60 +
	    (opt.requests ? 600 : 0)));

	if (opt.flood) {
		flood_fds = calloc(opt.flood, sizeof(int));
		if (flood_fds == NULL)
			return 1;
		flood_ok = open_many(flood_fds, opt.flood, opt.conn_timeout_ms);
		printf("flood connected=%u\n", flood_ok);
		fflush(stdout);
		sleep_s(opt.hold);
		flood_open = count_open(flood_fds, opt.flood);
	}
	if (opt.idle) {
		idle_fds = calloc(opt.idle, sizeof(int));
		if (idle_fds == NULL)
			return 1;
		idle_ok = open_many(idle_fds, opt.idle, opt.conn_timeout_ms);
	}

	t0 = now_ns();
	t_end = t0 + (int64_t)(opt.duration * 1e9);
	rc = run_mode(t_end);
	t1 = now_ns();
	secs = (double)(t1 - t0) / 1e9;
	if (idle_fds)
		idle_open = count_open(idle_fds, opt.idle);
	if (flood_fds && opt.mode != M_NONE)
		flood_open = count_open(flood_fds, opt.flood);

	printf("mode=%s window=%u secs=%.2f rps=%.0f p50_us=%u p99_us=%u p999_us=%u "
	    "max_us=%lld sent=%llu recv=%llu lost=%llu errors=%llu stale=%llu "
	    "conn_fail=%llu idle=%u idle_connected=%u idle_open=%u flood=%u "
	    "flood_connected=%u flood_open=%u\n",
	    mode_names[opt.mode], opt.window, secs,
	    opt.mode == M_NONE || secs <= 0 ? 0.0 : (double)st.recv / secs,
	    percentile(0.50), percentile(0.99), percentile(0.999),
	    (long long)(st.max_ns / 1000), (unsigned long long)st.sent,
	    (unsigned long long)st.recv, (unsigned long long)st.lost,
	    (unsigned long long)st.errors, (unsigned long long)st.stale,
	    (unsigned long long)st.conn_fail, opt.idle, idle_ok, idle_open,
	    opt.flood, flood_ok, flood_open);
	fflush(stdout);
	if (idle_fds)
		close_many(idle_fds, opt.idle);
	if (flood_fds)
		close_many(flood_fds, opt.flood);
	free(idle_fds);
	free(flood_fds);
	if (rc < 0)
		return 1;
	return opt.mode != M_NONE && st.recv == 0 ? 1 : 0;
}
