/*
 * dgram.c — the datagram path.
 *
 * Datagrams are read in batches with recvmmsg, each with its arrival
 * interface and destination address (IP_PKTINFO / IPV6_PKTINFO), which
 * with the source decide whether the origin is local (origin.c); replies
 * are sent in batches with sendmmsg from the address the request was sent
 * to, and a reply to a local origin only through lo. Replies to remote
 * origins pass the rate limit (ratelimit.c) first.
 *
 * The answers of the services to remote calls (forward.c) arrive on UDP
 * sockets of our own and are relayed from here: to a datagram caller
 * through the same batch, to a stream caller through conn_relay.
 *
 * Lines marked GCOVR_EXCL_BR_LINE carry branches the compiler makes, not
 * the code: CMSG_FIRSTHDR's NULL arm over a control buffer that always
 * holds a header, and a switch's implicit default over
 * an enum with a case for every value. The coverage report
 * (tools/coverage.sh) leaves them out of the branch count.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "bounds.h"
#include "conn.h"
#include "dgram.h"
#include "events.h"
#include "forward.h"
#include "listen.h"
#include "log.h"
#include "proc.h"
#include "ratelimit.h"
#include "stats.h"

struct udp_batch {
	struct mmsghdr		msgs[RB_UDP_BATCH];
	struct iovec		iov[RB_UDP_BATCH];
	struct sockaddr_storage	peer[RB_UDP_BATCH];
	union {
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr	align;
	}			cmsg[RB_UDP_BATCH];
	unsigned		n;
	size_t			used;		/* bytes of udp_arena */
};

/* Buffers shared by every request (no allocation on the request path):
 * a small slot per datagram and its overflow area (RB_UDP_SLOT_BYTES),
 * and the arena the batch's replies are built in. */
static uint8_t		udp_small[RB_UDP_BATCH][RB_UDP_SLOT_BYTES];
static uint8_t		udp_big[RB_UDP_BATCH][RB_UDP_MAX - RB_UDP_SLOT_BYTES];
static uint8_t		udp_join[RB_UDP_MAX];
static struct iovec	rx_iov[RB_UDP_BATCH][2];
static uint8_t		udp_arena[2 * RB_UDP_REPLY_MAX];
static struct udp_batch	rx, tx;
static unsigned		lo_ifindex;
static struct log_limit	spoof_limit;

void
dgram_init(unsigned loopback_ifindex)
{
	lo_ifindex = loopback_ifindex;
}

/* The one control message of a reply: where it leaves from. */
static void
put_cmsg(struct msghdr *m, int level, int type, const void *data,
    size_t len)
{
	struct cmsghdr *cm;

	m->msg_controllen = CMSG_SPACE(len);
	cm = CMSG_FIRSTHDR(m);	/* GCOVR_EXCL_BR_LINE */
	cm->cmsg_level = level;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(cm), data, len);
}

/* The reply leaves from the address the request was sent to and, when
 * ifindex is not 0, through that interface. */
static void
tx_add(const struct sockaddr_storage *peer, const struct sockaddr_storage *self,
    unsigned ifindex, const uint8_t *buf, size_t len)
{
	struct msghdr *m;
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
		put_cmsg(m, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	} else if (self->ss_family == AF_INET6) {
		struct in6_pktinfo pi = { 0 };

		pi.ipi6_addr = ((const struct sockaddr_in6 *)self)->sin6_addr;
		pi.ipi6_ifindex = ifindex;
		put_cmsg(m, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
	} else
		m->msg_controllen = 0;
	tx.n++;
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

/* The datagram of slot i, joined when it spilled into its overflow area. */
static const uint8_t *
udp_payload(unsigned i, size_t len)
{
	if (len <= RB_UDP_SLOT_BYTES)
		return udp_small[i];
	memcpy(udp_join, udp_small[i], RB_UDP_SLOT_BYTES);
	memcpy(udp_join + RB_UDP_SLOT_BYTES, udp_big[i],
	    len - RB_UDP_SLOT_BYTES);
	return udp_join;
}

/* One datagram of the batch. */
EV_HOT void
udp_one(const struct listener *l, unsigned i, size_t len, bool truncated,
    uint64_t now)
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
		stats_drop(STATS_SPOOFED);
		log_ratelimited(&spoof_limit, "dropped a datagram from a "
		    "loopback address that arrived on interface %u (spoofed)",
		    ifindex);
		return;
	}
	o.privport = origin_privport(&o.peer);

	room = sizeof(udp_arena) - tx.used;
	if (room > RB_UDP_REPLY_MAX)
		room = RB_UDP_REPLY_MAX;
	xout_init(&out, udp_arena + tx.used, room);
	req = udp_payload(i, len);
	switch (proc_handle(&o, req, len, &out, &fwd)) {	/* GCOVR_EXCL_BR_LINE */
	case PROC_REPLY:
		if (!o.local) {
			enum rl_verdict v = rl_check(&o.peer, now);

			if (v != RL_PASS)
				stats_drop(STATS_RATELIMITED);
			if (v == RL_LIMITED)
				break;
		} else
			ifindex = lo_ifindex;	/* never out of the host */
		tx_add(&o.peer, &o.self, ifindex, out.base, xout_len(&out));
		tx.used += xout_len(&out);
		if (tx.n == RB_UDP_BATCH ||
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

void
dgram_readable(const struct listener *l, uint64_t now_ms)
{
	unsigned i;
	int n, rounds;

	for (rounds = 0; rounds < RB_UDP_ROUNDS; rounds++) {
		for (i = 0; i < RB_UDP_BATCH; i++) {
			struct msghdr *m = &rx.msgs[i].msg_hdr;

			rx_iov[i][0].iov_base = udp_small[i];
			rx_iov[i][0].iov_len = RB_UDP_SLOT_BYTES;
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
		n = recvmmsg(l->fd, rx.msgs, RB_UDP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned)n; i++)
			udp_one(l, i, rx.msgs[i].msg_len,
			    (rx.msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0,
			    now_ms);
		tx_flush(l->fd);
		if (n < RB_UDP_BATCH)
			break;
	}
}

void
dgram_forward_readable(int fd, uint64_t now_ms)
{
	struct fwd_caller fc;
	struct xdr_out out;
	int k, r;

	for (k = 0; k < RB_FORWARD_READS; k++) {
		/* The arena is empty between batches (each is flushed whole).
		 * 4 bytes stay free in front for a stream caller's record
		 * mark. */
		xout_init(&out, udp_arena + 4, RB_UDP_REPLY_MAX);
		r = fwd_recv(fd, &out, &fc, now_ms);
		if (r == -1)
			return;
		if (r == 0)
			continue;
		if (fc.tr == TR_UDP) {
			/* A local caller's answer stays on lo too. */
			tx_add(&fc.peer, &fc.self,
			    origin_loopback(&fc.peer) ? lo_ifindex : 0, out.base,
			    xout_len(&out));
			tx_flush(fc.lfd);
		} else
			conn_relay(fc.conn, fc.serial, udp_arena,
			    xout_len(&out));
	}
}
