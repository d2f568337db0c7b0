/*
 * loop.c — the event loop.
 *
 * UDP: datagrams are read in batches with recvmmsg, each with its arrival
 * interface and destination address (IP_PKTINFO / IPV6_PKTINFO), which
 * with the source decide whether the origin is local (origin.c); replies
 * are sent in batches with sendmmsg from the address the request was sent
 * to, and a reply to a local origin only through lo.
 *
 * Streams (TCP and the local socket): the buffering is stream.c's. TCP
 * connections are closed after RB_TCP_IDLE_SECONDS of silence. Remote ones
 * have a cap (--max-connections) at which the one idle longest is evicted,
 * and a cap per source; loopback ones have a share of their own and are
 * never evicted for remote ones. Local-socket connections are never
 * closed for idleness (the kernel keeps one open for ever and would fail
 * to register after it is closed).
 *
 * Lines marked GCOVR_EXCL_BR_LINE carry branches the compiler makes, not
 * the code: CMSG_FIRSTHDR's NULL arm over a control buffer that always
 * holds a header, and a switch's implicit default over
 * an enum with a case for every value. The coverage report
 * (tools/coverage.sh) leaves them out of the branch count.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "forward.h"
#include "log.h"
#include "loop.h"
#include "proc.h"
#include "quota.h"
#include "ratelimit.h"
#include "record.h"
#include "state.h"
#include "stream.h"

#define UDP_BATCH	32
#define EPOLL_BATCH	64
#define ACCEPT_BATCH	64
#define CONN_MAX	(RB_TCP_CONN_MAX + RB_TCP_LOOPBACK_MAX + \
			    RB_LOCAL_CONN_MAX)

enum ev_kind {
	EV_UDP,
	EV_ACCEPT,
	EV_CONN,
	EV_FWD,
};

struct ev {
	enum ev_kind	kind;
	int		fd;
	uint32_t	idx;		/* listener or connection slot */
};

struct conn {
	struct ev	ev;
	uint64_t	serial;
	uint64_t	last_active;
	struct origin	origin;
	struct stream	st;
	bool		polling_out;	/* EPOLLOUT, not EPOLLIN */
};

static int			 ep = -1;
static struct listener		*lst;
static size_t			 nlst;
static struct ev		 lst_ev[RB_LISTEN_MAX * 2 + 2];
static bool			 lst_paused[RB_LISTEN_MAX * 2 + 2];
static struct ev		 fwd_ev[2];
static struct conn		*conns[CONN_MAX];
/* Closed during this round of events; freed after it, because later events
 * of the same round may still point at them. */
static struct conn		*dead[CONN_MAX + EPOLL_BATCH * ACCEPT_BATCH];
static size_t			 ndead;
static size_t			 ntcp, ntcp_lo;
static uint64_t			 serials;
static unsigned			 lo_ifindex;
static uint64_t			 now;		/* ms, monotonic */
static struct log_limit		 accept_limit, spoof_limit, cap_limit;
static uint64_t			 spoofed, ratelimited, capped;
static struct loop_opts		 opt;

/* Buffers shared by every request (no allocation on the request path). */
/* A datagram lands in a small slot; only a large one (a CALLIT with big
 * arguments) spills into its overflow area and is joined. Requests are
 * small, so a busy batch touches a few pages instead of 32 x 9000 bytes. */
#define UDP_SMALL	512
static uint8_t			 udp_small[UDP_BATCH][UDP_SMALL];
static uint8_t			 udp_big[UDP_BATCH][RB_UDP_MAX - UDP_SMALL];
static uint8_t			 udp_join[RB_UDP_MAX];
static struct iovec		 rx_iov[UDP_BATCH][2];
static uint8_t			 udp_arena[2 * RB_UDP_REPLY_MAX];
static uint8_t			 stream_out[4 + RB_REPLY_MAX];

static uint64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool
privileged_port(const struct sockaddr_storage *ss)
{
	uint16_t port = ss->ss_family == AF_INET ?
	    ntohs(((const struct sockaddr_in *)ss)->sin_port) :
	    ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);

	return port > 0 && port < 1024;
}

static int
ep_add(struct ev *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };

	return epoll_ctl(ep, EPOLL_CTL_ADD, ev->fd, &e);
}

static void
ep_mod(struct ev *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };

	if (epoll_ctl(ep, EPOLL_CTL_MOD, ev->fd, &e) == -1)
		log_warn("epoll_ctl");
}

/* ---- UDP -------------------------------------------------------------- */

struct udp_batch {
	struct mmsghdr		msgs[UDP_BATCH];
	struct iovec		iov[UDP_BATCH];
	struct sockaddr_storage	peer[UDP_BATCH];
	union {
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr	align;
	}			cmsg[UDP_BATCH];
	unsigned		n;
	size_t			used;		/* bytes of udp_arena */
};

static struct udp_batch	rx, tx;

/* The reply leaves from the address the request was sent to and, when
 * ifindex is not 0, through that interface. */
static void
tx_add(int fd, const struct sockaddr_storage *peer,
    const struct sockaddr_storage *self, unsigned ifindex, const uint8_t *buf,
    size_t len)
{
	struct msghdr *m;
	struct cmsghdr *cm;
	unsigned i = tx.n;

	m = &tx.msgs[i].msg_hdr;
	memset(m, 0, sizeof(*m));
	tx.peer[i] = *peer;
	tx.iov[i].iov_base = (void *)buf;
	tx.iov[i].iov_len = len;
	m->msg_name = &tx.peer[i];
	m->msg_namelen = peer->ss_family == AF_INET ?
	    sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	m->msg_iov = &tx.iov[i];
	m->msg_iovlen = 1;
	memset(&tx.cmsg[i], 0, sizeof(tx.cmsg[i]));
	m->msg_control = tx.cmsg[i].buf;
	if (self->ss_family == AF_INET) {
		struct in_pktinfo pi = { 0 };

		pi.ipi_spec_dst = ((const struct sockaddr_in *)self)->sin_addr;
		pi.ipi_ifindex = (int)ifindex;
		m->msg_controllen = CMSG_SPACE(sizeof(pi));
		cm = CMSG_FIRSTHDR(m);	/* GCOVR_EXCL_BR_LINE */
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	} else if (self->ss_family == AF_INET6) {
		struct in6_pktinfo pi = { 0 };

		pi.ipi6_addr = ((const struct sockaddr_in6 *)self)->sin6_addr;
		pi.ipi6_ifindex = ifindex;
		m->msg_controllen = CMSG_SPACE(sizeof(pi));
		cm = CMSG_FIRSTHDR(m);	/* GCOVR_EXCL_BR_LINE */
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	} else
		m->msg_controllen = 0;
	tx.n++;
	(void)fd;
}

static void
tx_flush(int fd)
{
	unsigned off = 0;
	int n;

	while (off < tx.n) {
		n = sendmmsg(fd, &tx.msgs[off], tx.n - off, MSG_DONTWAIT);
		if (n == -1) {
			/* Skip the datagram that failed (a peer that is gone,
			 * a full socket buffer): UDP replies are best effort. */
			log_debug("sendmmsg: %s", strerror(errno));
			off++;
			continue;
		}
		off += (unsigned)n;
	}
	tx.n = 0;
	tx.used = 0;
}

/* Reads the arrival interface and destination address of a datagram. The
 * addresses are built whole and copied in: no stores through a cast. A
 * broadcast or multicast destination (a wildcard socket bound to a device
 * gets them) is no address to answer from: self stays empty, the datagram
 * is dropped. */
static void
read_pktinfo(struct msghdr *m, struct origin *o, unsigned *ifindex)
{
	struct cmsghdr *cm;

	*ifindex = 0;
	for (cm = CMSG_FIRSTHDR(m); cm != NULL; cm = CMSG_NXTHDR(m, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			struct sockaddr_in sin = { .sin_family = AF_INET };

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			*ifindex = (unsigned)pi.ipi_ifindex;
			/* The kernel reports a unicast destination of ours
			 * as the local address too. */
			if (pi.ipi_addr.s_addr != pi.ipi_spec_dst.s_addr)
				continue;
			sin.sin_addr = pi.ipi_addr;
			sin.sin_port = htons(RPCBIND_PORT);
			memcpy(&o->self, &sin, sizeof(sin));
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			*ifindex = pi.ipi6_ifindex;
			if (IN6_IS_ADDR_MULTICAST(&pi.ipi6_addr))
				continue;
			sin6.sin6_addr = pi.ipi6_addr;
			sin6.sin6_port = htons(RPCBIND_PORT);
			memcpy(&o->self, &sin6, sizeof(sin6));
		}
	}
}

static void
udp_one(struct listener *l, unsigned i, size_t len, bool truncated)
{
	struct origin o;
	struct proc_forward fwd;
	struct xdr_out out;
	unsigned ifindex;
	size_t room;
	const uint8_t *req;

	memset(&o, 0, sizeof(o));
	o.tr = TR_UDP;
	o.netid = l->netid;
	o.peer = rx.peer[i];
	read_pktinfo(&rx.msgs[i].msg_hdr, &o, &ifindex);
	if (truncated || o.self.ss_family == 0)
		return;
	switch (origin_classify(TR_UDP, &o.peer, &o.self, ifindex,	/* GCOVR_EXCL_BR_LINE */
	    lo_ifindex)) {
	case ORIGIN_LOCAL:
		o.local = true;
		break;
	case ORIGIN_REMOTE:
		/* Routed as any remote reply, even when it arrived on lo;
		 * IPv6 keeps the interface (link-local peers need it). */
		if (ifindex == lo_ifindex || o.self.ss_family == AF_INET)
			ifindex = 0;
		break;
	case ORIGIN_SPOOFED:
		spoofed++;
		log_ratelimited(&spoof_limit, "dropped a datagram from a "
		    "loopback address that arrived on interface %u (spoofed)",
		    ifindex);
		return;
	}
	o.privport = privileged_port(&o.peer);

	room = sizeof(udp_arena) - tx.used;
	if (room > RB_UDP_REPLY_MAX)
		room = RB_UDP_REPLY_MAX;
	xout_init(&out, udp_arena + tx.used, room);
	req = udp_small[i];
	if (len > UDP_SMALL) {
		memcpy(udp_join, udp_small[i], UDP_SMALL);
		memcpy(udp_join + UDP_SMALL, udp_big[i], len - UDP_SMALL);
		req = udp_join;
	}
	switch (proc_handle(&o, req, len, &out, &fwd)) {	/* GCOVR_EXCL_BR_LINE */
	case PROC_REPLY:
		if (!o.local) {
			enum rl_verdict v = rl_check(&o.peer, now);

			if (v != RL_PASS)
				ratelimited++;
			if (v == RL_LIMITED)
				break;
		} else
			ifindex = lo_ifindex;	/* never out of the host */
		tx_add(l->fd, &o.peer, &o.self, ifindex, out.base, xout_len(&out));
		tx.used += xout_len(&out);
		if (tx.n == UDP_BATCH ||
		    sizeof(udp_arena) - tx.used < RB_UDP_REPLY_MAX)
			tx_flush(l->fd);
		break;
	case PROC_FORWARD: {
		struct fwd_caller c = { .tr = TR_UDP, .lfd = l->fd,
		    .peer = o.peer, .self = o.self };

		(void)fwd_start(&fwd, &c, now);
		break;
	}
	case PROC_DROP:
		break;
	}
}

static void
udp_readable(struct listener *l)
{
	unsigned i;
	int n, rounds;

	for (rounds = 0; rounds < 8; rounds++) {
		for (i = 0; i < UDP_BATCH; i++) {
			struct msghdr *m = &rx.msgs[i].msg_hdr;

			rx_iov[i][0].iov_base = udp_small[i];
			rx_iov[i][0].iov_len = UDP_SMALL;
			rx_iov[i][1].iov_base = udp_big[i];
			rx_iov[i][1].iov_len = sizeof(udp_big[i]);
			m->msg_name = &rx.peer[i];
			m->msg_namelen = sizeof(rx.peer[i]);
			m->msg_iov = rx_iov[i];
			m->msg_iovlen = 2;
			m->msg_control = rx.cmsg[i].buf;
			m->msg_controllen = sizeof(rx.cmsg[i].buf);
			m->msg_flags = 0;
		}
		n = recvmmsg(l->fd, rx.msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned)n; i++)
			udp_one(l, i, rx.msgs[i].msg_len,
			    (rx.msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0);
		tx_flush(l->fd);
		if (n < UDP_BATCH)
			break;
	}
}

/* ---- Streams ---------------------------------------------------------- */

static void
conn_close(struct conn *c)
{
	if (c->origin.tr == TR_LOCAL)
		quota_local_closed(c->origin.uid);
	else if (c->origin.local)
		ntcp_lo--;
	else
		ntcp--;
	close(c->ev.fd);		/* also removes it from epoll */
	c->ev.fd = -1;
	conns[c->ev.idx] = NULL;
	stream_free(&c->st);
	dead[ndead++] = c;
}

static size_t freed_since_trim;

static void
bury(void)
{
	freed_since_trim += ndead;
	while (ndead > 0)
		free(dead[--ndead]);
}

/* One value on Linux: conn_read and conn_write test EAGAIN alone. */
_Static_assert(EAGAIN == EWOULDBLOCK, "EWOULDBLOCK differs from EAGAIN");

static ssize_t
conn_read(void *ctx, uint8_t *buf, size_t len)
{
	struct conn *c = ctx;
	ssize_t n = read(c->ev.fd, buf, len);

	if (n == -1)
		return errno == EAGAIN || errno == EINTR ? STREAM_IO_AGAIN :
		    STREAM_IO_ERROR;
	if (n > 0)
		c->last_active = now;
	return n;
}

static ssize_t
conn_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct conn *c = ctx;
	ssize_t n = write(c->ev.fd, buf, len);

	if (n == -1)
		return errno == EAGAIN || errno == EINTR ? STREAM_IO_AGAIN :
		    STREAM_IO_ERROR;
	return n;
}

static int conn_request(void *, const uint8_t *, size_t);

static const struct stream_io conn_io = {
	.read = conn_read,
	.write = conn_write,
	.request = conn_request,
};

/* One complete request record. -1 when the connection must go. */
static int
conn_request(void *ctx, const uint8_t *req, size_t len)
{
	struct conn *c = ctx;
	struct proc_forward fwd;
	struct xdr_out out;

	xout_init(&out, stream_out + 4, sizeof(stream_out) - 4);
	switch (proc_handle(&c->origin, req, len, &out, &fwd)) {	/* GCOVR_EXCL_BR_LINE */
	case PROC_REPLY:
		rec_mark(stream_out, xout_len(&out));
		return stream_send(&c->st, &conn_io, c, stream_out,
		    4 + xout_len(&out));
	case PROC_FORWARD: {
		struct fwd_caller fc = { .tr = c->origin.tr, .conn = c->ev.idx,
		    .serial = c->serial };

		(void)fwd_start(&fwd, &fc, now);
		return 0;
	}
	case PROC_DROP:
		break;
	}
	return 0;
}

/* After the stream code ran: close, or poll for what it waits for. While
 * replies wait, read nothing more (stream.h). */
static void
conn_after(struct conn *c, enum stream_status st)
{
	bool out;

	if (st != STREAM_OK) {
		if (st == STREAM_TOO_LARGE)
			log_debug("closing a %s connection: record too large",
			    c->origin.netid);
		conn_close(c);
		return;
	}
	out = stream_blocked(&c->st);
	if (out != c->polling_out) {
		c->polling_out = out;
		ep_mod(&c->ev, out ? EPOLLOUT : EPOLLIN);
	}
}

/* The remote TCP connection idle longest, or the loopback one when
 * loopback is true: a remote flood never closes a local connection. */
static struct conn *
oldest_tcp(bool loopback)
{
	struct conn *best = NULL;
	size_t i;

	for (i = 0; i < CONN_MAX; i++) {
		struct conn *c = conns[i];

		if (c != NULL && c->origin.tr == TR_TCP &&
		    c->origin.local == loopback &&
		    (best == NULL || c->last_active < best->last_active))
			best = c;
	}
	return best;
}

/* The part of an address that identifies one source: an IPv4 address
 * (v4-mapped ones too), or an IPv6 /64, what one host may use freely. */
static void
source_key(const struct sockaddr_storage *ss, uint8_t key[8], bool *v4)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

	memset(key, 0, 8);
	if (ss->ss_family == AF_INET) {
		memcpy(key, &((const struct sockaddr_in *)ss)->sin_addr, 4);
		*v4 = true;
	} else if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		memcpy(key, &s6->sin6_addr.s6_addr[12], 4);
		*v4 = true;
	} else {
		memcpy(key, s6->sin6_addr.s6_addr, 8);
		*v4 = false;
	}
}

/* Whether a remote source already holds RB_TCP_PER_SOURCE connections. */
static bool
source_capped(const struct sockaddr_storage *peer)
{
	uint8_t key[8], k[8];
	bool v4, kv4;
	size_t i, n = 0;

	source_key(peer, key, &v4);
	for (i = 0; i < CONN_MAX && n < RB_TCP_PER_SOURCE; i++) {
		struct conn *c = conns[i];

		if (c == NULL || c->origin.tr != TR_TCP || c->origin.local)
			continue;
		source_key(&c->origin.peer, k, &kv4);
		if (kv4 == v4 && memcmp(k, key, sizeof(k)) == 0)
			n++;
	}
	return n >= RB_TCP_PER_SOURCE;
}

/* Whether a new local connection is over its uid's share (quota.c); the
 * peer's credentials are read here, once. */
static bool
local_refused(int fd, struct ucred *cred)
{
	socklen_t len = sizeof(*cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len) == -1)
		return true;
	return !quota_local_admit(cred->uid);
}

/* A new TCP connection: whether it is local, and room for it. False when
 * it is refused. */
static bool
tcp_admit(int fd, const struct sockaddr_storage *peer,
    struct sockaddr_storage *self, bool *local)
{
	socklen_t len = sizeof(*self);
	struct conn *victim;

	if (getsockname(fd, (struct sockaddr *)self, &len) == -1)
		return false;
	/* A TCP peer cannot spoof its address (the handshake). */
	*local = origin_classify(TR_TCP, peer, self, 0, lo_ifindex) ==
	    ORIGIN_LOCAL;
	if (*local) {
		/* Loopback connections have their own share, as large as
		 * the remote one up to RB_TCP_LOOPBACK_MAX. */
		if ((ntcp_lo >= RB_TCP_LOOPBACK_MAX || ntcp_lo >= opt.tcp_max) &&
		    (victim = oldest_tcp(true)) != NULL)
			conn_close(victim);
		return true;
	}
	if (source_capped(peer)) {
		capped++;
		log_ratelimited(&cap_limit, "refused a TCP connection: its "
		    "source holds %d already", RB_TCP_PER_SOURCE);
		return false;
	}
	if (ntcp >= opt.tcp_max && (victim = oldest_tcp(false)) != NULL)
		conn_close(victim);
	return true;
}

static void
accept_one(struct listener *l, int fd, const struct sockaddr_storage *peer)
{
	struct ucred cred = { .uid = (uid_t)-1 };
	struct sockaddr_storage self;
	struct conn *c;
	bool local = false;
	size_t i;

	if (l->tr == TR_LOCAL && local_refused(fd, &cred)) {
		close(fd);
		return;
	}
	if (l->tr == TR_TCP && !tcp_admit(fd, peer, &self, &local)) {
		close(fd);
		return;
	}
	for (i = 0; i < CONN_MAX && conns[i] != NULL; i++)
		;
	if (i == CONN_MAX || (c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		return;
	}
	c->ev.kind = EV_CONN;
	c->ev.fd = fd;
	c->ev.idx = (uint32_t)i;
	c->serial = ++serials;
	c->last_active = now;
	c->origin.tr = l->tr;
	c->origin.netid = l->netid;
	if (l->tr == TR_LOCAL) {
		c->origin.local = true;
		c->origin.has_uid = true;
		c->origin.uid = cred.uid;
	} else {
		c->origin.peer = *peer;
		c->origin.self = self;
		c->origin.local = local;
		c->origin.privport = privileged_port(peer);
	}
	if (ep_add(&c->ev, EPOLLIN) == -1) {
		log_warn("epoll_ctl");
		free(c);
		close(fd);
		return;
	}
	conns[i] = c;
	if (l->tr == TR_LOCAL)
		quota_local_opened(cred.uid);
	else if (local)
		ntcp_lo++;
	else
		ntcp++;
}

static void
accept_ready(struct listener *l, uint32_t idx)
{
	struct sockaddr_storage peer;
	socklen_t len;
	int fd, k;

	for (k = 0; k < ACCEPT_BATCH; k++) {
		len = sizeof(peer);
		memset(&peer, 0, sizeof(peer));	/* a unix peer sets no port */
		fd = accept4(l->fd, (struct sockaddr *)&peer, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd != -1) {
			accept_one(l, fd, &peer);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
		    errno == ECONNABORTED)
			return;
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			/* Out of descriptors: make room by closing the TCP
			 * connection idle longest, a remote one first (when
			 * none is left, loopback ones filled the table), or
			 * stop accepting here for a second rather than spin
			 * (CVE-2018-14621). */
			struct conn *victim = oldest_tcp(false);

			if (victim == NULL)
				victim = oldest_tcp(true);

			log_ratelimited(&accept_limit, "accept: %s",
			    strerror(errno));
			if (victim != NULL) {
				conn_close(victim);
				continue;
			}
			lst_paused[idx] = true;
			ep_mod(&lst_ev[idx], 0);
			return;
		}
		log_debug("accept: %s", strerror(errno));
		return;
	}
}

/* ---- Remote call answers ---------------------------------------------- */

static void
fwd_readable(int fd)
{
	struct fwd_caller fc;
	struct xdr_out out;
	int k, r;

	for (k = 0; k < 64; k++) {
		xout_init(&out, stream_out + 4, RB_UDP_REPLY_MAX);
		r = fwd_recv(fd, &out, &fc, now);
		if (r == -1)
			return;
		if (r == 0)
			continue;
		if (fc.tr == TR_UDP) {
			/* A local caller's answer stays on lo too. */
			tx_add(fc.lfd, &fc.peer, &fc.self,
			    origin_loopback(&fc.peer) ? lo_ifindex : 0, out.base,
			    xout_len(&out));
			tx_flush(fc.lfd);
		} else if (fc.conn < CONN_MAX && conns[fc.conn] != NULL &&
		    conns[fc.conn]->serial == fc.serial) {
			struct conn *c = conns[fc.conn];

			rec_mark(stream_out, xout_len(&out));
			conn_after(c, stream_send(&c->st, &conn_io, c,
			    stream_out, 4 + xout_len(&out)) == -1 ?
			    STREAM_CLOSE : STREAM_OK);
		}
	}
}

/* ---- The loop --------------------------------------------------------- */

static void
sweep(void)
{
	size_t i;

	for (i = 0; i < CONN_MAX; i++) {
		struct conn *c = conns[i];

		if (c != NULL && c->origin.tr == TR_TCP &&
		    now - c->last_active >= opt.idle_ms)
			conn_close(c);
	}
	/* After a wave of connections closed, give the freed heap back:
	 * otherwise a flood leaves the process larger for good. */
	if (freed_since_trim >= 64) {
		malloc_trim(0);
		freed_since_trim = 0;
	}
	for (i = 0; i < nlst; i++)
		if (lst_paused[i]) {
			lst_paused[i] = false;
			ep_mod(&lst_ev[i], EPOLLIN);
		}
	fwd_expire(now);
}

int
loop_init(struct listener *ls, size_t n, const struct loop_opts *o)
{
	size_t i;

	lst = ls;
	nlst = n;
	opt = *o;
	lo_ifindex = opt.lo_ifindex;
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_warn("epoll_create1");
		return -1;
	}
	for (i = 0; i < n; i++) {
		lst_ev[i].kind = ls[i].tr == TR_UDP ? EV_UDP : EV_ACCEPT;
		lst_ev[i].fd = ls[i].fd;
		lst_ev[i].idx = (uint32_t)i;
		if (ep_add(&lst_ev[i], EPOLLIN) == -1) {
			log_warn("epoll_ctl");
			return -1;
		}
	}
	if (opt.forwarding) {
		fwd_ev[0] = (struct ev){ EV_FWD, fwd_fd(AF_INET), 0 };
		fwd_ev[1] = (struct ev){ EV_FWD, fwd_fd(AF_INET6), 1 };
		for (i = 0; i < 2; i++)
			if (fwd_ev[i].fd != -1 && ep_add(&fwd_ev[i], EPOLLIN) == -1) {
				log_warn("epoll_ctl");
				return -1;
			}
	}
	return 0;
}

/* What the policy did, as totals since start or since the last summary. */
static void
report_counters(bool summary)
{
	static uint64_t prev[6];
	static uint64_t last_summary;
	const struct proc_counters *pc = proc_counters();
	uint64_t cur[6] = { pc->refused, pc->oversize_dropped, ratelimited,
	    spoofed, pc->garbage, capped };

	if (!summary) {
		log_info("counters: refused %llu, oversize %llu, ratelimited "
		    "%llu, spoofed %llu, garbage %llu, capped %llu",
		    (unsigned long long)cur[0], (unsigned long long)cur[1],
		    (unsigned long long)cur[2], (unsigned long long)cur[3],
		    (unsigned long long)cur[4], (unsigned long long)cur[5]);
		return;
	}
	if (now - last_summary < 60000)
		return;
	last_summary = now;
	if (memcmp(cur, prev, sizeof(cur)) != 0)
		log_info("in the last minute: refused %llu, oversize %llu, "
		    "ratelimited %llu, spoofed %llu, garbage %llu, capped %llu",
		    (unsigned long long)(cur[0] - prev[0]),
		    (unsigned long long)(cur[1] - prev[1]),
		    (unsigned long long)(cur[2] - prev[2]),
		    (unsigned long long)(cur[3] - prev[3]),
		    (unsigned long long)(cur[4] - prev[4]),
		    (unsigned long long)(cur[5] - prev[5]));
	memcpy(prev, cur, sizeof(cur));
}

int
loop_run(const volatile sig_atomic_t *quit, volatile sig_atomic_t *report)
{
	struct epoll_event events[EPOLL_BATCH];
	uint64_t last_sweep;
	int k, nev;

	now = last_sweep = clock_ms();
	while (!*quit) {
		nev = epoll_wait(ep, events, EPOLL_BATCH, 1000);
		if (nev == -1 && errno != EINTR) {
			log_warn("epoll_wait");
			return -1;
		}
		now = clock_ms();
		for (k = 0; k < nev; k++) {
			struct ev *ev = events[k].data.ptr;

			switch (ev->kind) {
			case EV_UDP:
				udp_readable(&lst[ev->idx]);
				break;
			case EV_ACCEPT:
				accept_ready(&lst[ev->idx], ev->idx);
				break;
			case EV_CONN: {
				struct conn *c = (struct conn *)ev;

				if (c->ev.fd == -1)	/* closed this round */
					break;
				conn_after(c, (events[k].events & EPOLLOUT) ?
				    stream_writable(&c->st, &conn_io, c) :
				    stream_readable(&c->st, &conn_io, c));
				break;
			}
			case EV_FWD:
				fwd_readable(ev->fd);
				break;
			}
		}
		if (*report) {
			*report = 0;
			report_counters(false);
		}
		if (now - last_sweep >= 1000) {
			sweep();
			report_counters(true);
			last_sweep = now;
		}
		bury();
		/* Registrations of this round reach the disk before the next
		 * wait (one write however many there were). */
		state_flush();
	}
	return 0;
}
