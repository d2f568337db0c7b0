/*
 * conn.c — the stream path: TCP and local-socket connections.
 *
 * The buffering and record marking are stream.c's; this module accepts
 * (admission, caps, eviction), hands stream.c the connection's I/O and
 * its complete request records, and closes. TCP connections are closed
 * after RB_TCP_IDLE_SECONDS of silence. Remote ones have a cap
 * (--max-connections) at which the one idle longest is evicted, and a cap
 * per source; loopback ones have a share of their own and are never
 * evicted for remote ones. Local-socket connections are never closed for
 * idleness (the kernel keeps one open for ever and would fail to register
 * after it is closed); quota.c caps them per uid.
 *
 * Lines marked GCOVR_EXCL_BR_LINE carry a switch's implicit default over
 * an enum with a case for every value, a branch the compiler makes, not
 * the code. The coverage report (tools/coverage.sh) leaves them out of the
 * branch count.
 */
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bounds.h"
#include "conn.h"
#include "events.h"
#include "forward.h"
#include "listen.h"
#include "log.h"
#include "proc.h"
#include "quota.h"
#include "record.h"
#include "stats.h"
#include "stream.h"

#define CONN_MAX	(RB_TCP_CONN_MAX + RB_TCP_LOOPBACK_MAX + \
			    RB_LOCAL_CONN_MAX)

struct conn {
	struct ev	ev;		/* first: the loop hands it back */
	uint64_t	serial;
	uint64_t	last_active;
	struct origin	origin;
	struct stream	st;
	bool		polling_out;	/* EPOLLOUT, not EPOLLIN */
};

static struct conn		*conns[CONN_MAX];
/* Closed during this round of events; freed after it, because later events
 * of the same round may still point at them. */
static struct conn		*dead[CONN_MAX + RB_EPOLL_BATCH * RB_ACCEPT_BATCH];
static size_t			 ndead;
static size_t			 freed_since_trim;
static size_t			 ntcp, ntcp_lo;
static uint64_t			 serials;
static uint64_t			 now;		/* ms, the loop's clock */
static struct log_limit		 accept_limit, cap_limit;
/* The settings the stream path needs (loop_init hands them down). */
static struct {
	unsigned	idle_ms;	/* TCP idle timeout */
	unsigned	tcp_max;	/* TCP connections at once */
	unsigned	lo_ifindex;	/* the loopback interface */
} opt;
/* Every reply record is built here, behind room for its mark. */
static uint8_t			 stream_out[4 + RB_REPLY_MAX];

void
conn_init(unsigned idle_ms, unsigned tcp_max, unsigned lo_ifindex)
{
	opt.idle_ms = idle_ms;
	opt.tcp_max = tcp_max;
	opt.lo_ifindex = lo_ifindex;
}

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

void
conn_bury(void)
{
	freed_since_trim += ndead;
	while (ndead > 0)
		free(dead[--ndead]);
}

/* ---- Records ---------------------------------------------------------- */

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

/* conn_answer's body, in conn_request too: the daemon's own path pays no
 * call more for the fuzzer's entry. */
EV_HOT int
answer_record(const struct origin *o, struct stream *s,
    const struct stream_io *io, void *ctx, const uint8_t *req, size_t len,
    uint32_t slot, uint64_t serial)
{
	struct proc_forward fwd;
	struct xdr_out out;

	xout_init(&out, stream_out + 4, sizeof(stream_out) - 4);
	switch (proc_handle(o, req, len, &out, &fwd)) {	/* GCOVR_EXCL_BR_LINE */
	case PROC_REPLY:
		rec_mark(stream_out, xout_len(&out));
		return stream_send(s, io, ctx, stream_out, 4 + xout_len(&out));
	case PROC_FORWARD: {
		struct fwd_caller fc = { .tr = o->tr, .conn = slot,
		    .serial = serial };

		(void)fwd_start(&fwd, &fc, now);
		return 0;
	}
	case PROC_DROP:
		break;
	}
	return 0;
}

int
conn_answer(const struct origin *o, struct stream *s,
    const struct stream_io *io, void *ctx, const uint8_t *req, size_t len,
    uint32_t slot, uint64_t serial)
{
	return answer_record(o, s, io, ctx, req, len, slot, serial);
}

/* One complete request record. -1 when the connection must go. */
static int
conn_request(void *ctx, const uint8_t *req, size_t len)
{
	struct conn *c = ctx;

	return answer_record(&c->origin, &c->st, &conn_io, c, req, len,
	    c->ev.idx, c->serial);
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
		ev_rewatch(&c->ev, out ? EPOLLOUT : EPOLLIN);
	}
}

void
conn_event(struct ev *ev, uint32_t events, uint64_t now_ms)
{
	struct conn *c = (struct conn *)ev;

	if (c->ev.fd == -1)	/* closed this round */
		return;
	now = now_ms;
	conn_after(c, (events & EPOLLOUT) ?
	    stream_writable(&c->st, &conn_io, c) :
	    stream_readable(&c->st, &conn_io, c));
}

void
conn_relay(uint32_t slot, uint64_t serial, uint8_t *buf, size_t len)
{
	struct conn *c;

	if (slot >= CONN_MAX || (c = conns[slot]) == NULL ||
	    c->serial != serial)
		return;		/* closed since the call went out */
	rec_mark(buf, len);
	conn_after(c, stream_send(&c->st, &conn_io, c, buf, 4 + len) == -1 ?
	    STREAM_CLOSE : STREAM_OK);
}

/* ---- Admission -------------------------------------------------------- */

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
	*local = origin_classify(TR_TCP, peer, self, 0, opt.lo_ifindex) ==
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
		stats_drop(STATS_CAPPED);
		log_ratelimited(&cap_limit, "refused a TCP connection: its "
		    "source holds %d already", RB_TCP_PER_SOURCE);
		return false;
	}
	if (ntcp >= opt.tcp_max && (victim = oldest_tcp(false)) != NULL)
		conn_close(victim);
	return true;
}

/* ---- Accept ----------------------------------------------------------- */

/* A connection admitted: its table slot and its origin. */
static void
conn_open(const struct listener *l, int fd, const struct sockaddr_storage *peer,
    const struct sockaddr_storage *self, const struct ucred *cred, bool local)
{
	struct conn *c;
	size_t i;

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
		c->origin.uid = cred->uid;
	} else {
		c->origin.peer = *peer;
		c->origin.self = *self;
		c->origin.local = local;
		c->origin.privport = origin_privport(peer);
	}
	if (ev_watch(&c->ev, EPOLLIN) == -1) {
		log_warn("epoll_ctl");
		free(c);
		close(fd);
		return;
	}
	conns[i] = c;
	if (l->tr == TR_LOCAL)
		quota_local_opened(cred->uid);
	else if (local)
		ntcp_lo++;
	else
		ntcp++;
}

static void
accept_one(const struct listener *l, int fd,
    const struct sockaddr_storage *peer)
{
	struct ucred cred = { .uid = (uid_t)-1 };
	struct sockaddr_storage self;
	bool local = false;

	if (l->tr == TR_LOCAL && local_refused(fd, &cred)) {
		close(fd);
		return;
	}
	if (l->tr == TR_TCP && !tcp_admit(fd, peer, &self, &local)) {
		close(fd);
		return;
	}
	conn_open(l, fd, peer, &self, &cred, local);
}

/* Out of descriptors: make room by closing the TCP connection idle
 * longest, a remote one first (when none is left, loopback ones filled
 * the table). False when there was none to close. */
static bool
accept_make_room(void)
{
	struct conn *victim = oldest_tcp(false);

	if (victim == NULL)
		victim = oldest_tcp(true);
	log_ratelimited(&accept_limit, "accept: %s", strerror(errno));
	if (victim == NULL)
		return false;
	conn_close(victim);
	return true;
}

bool
conn_accept(const struct listener *l, uint64_t now_ms)
{
	struct sockaddr_storage peer;
	socklen_t len;
	int fd, k;

	now = now_ms;
	for (k = 0; k < RB_ACCEPT_BATCH; k++) {
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
			return true;
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			if (accept_make_room())
				continue;
			return false;
		}
		log_debug("accept: %s", strerror(errno));
		return true;
	}
	return true;
}

/* ---- Sweep ------------------------------------------------------------ */

void
conn_sweep(uint64_t now_ms)
{
	size_t i;

	now = now_ms;
	for (i = 0; i < CONN_MAX; i++) {
		struct conn *c = conns[i];

		if (c != NULL && c->origin.tr == TR_TCP &&
		    now - c->last_active >= opt.idle_ms)
			conn_close(c);
	}
	/* After a wave of connections closed, give the freed heap back:
	 * otherwise a flood leaves the process larger for good. */
	if (freed_since_trim >= RB_TRIM_AFTER_FREES) {
		malloc_trim(0);
		freed_since_trim = 0;
	}
}
