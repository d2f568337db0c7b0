/*
 * fuzz_stream — the real stream code (stream.c, with conn.c's handling of
 * each record, conn_answer) and a peer whose reads and writes the fuzzer
 * controls: the request bytes
 * arrive in reads of chosen sizes, the daemon's writes are cut short or
 * refused (EAGAIN), so replies back up and the records behind them wait.
 *
 * Input: byte 0 picks the origin (remote TCP, loopback TCP, local socket
 * as root or as a user; bit 7: privileged source port); byte 1 how the
 * stream is cut into reads (low nibble: 0 one read, else sizes; bit 3 also
 * EAGAIN now and then) and how writes go (high nibble, the same way); the
 * rest is what the peer sends.
 * Invariants:
 *  - every record handed to the procedures is the next complete record of
 *    the stream (checked against a reference parser), never more than
 *    RB_RECORD_MAX bytes;
 *  - no stall: once the peer has sent everything and read everything,
 *    every complete record has been handled and its reply read, in order
 *    (the same replies, xid and length, as the records through
 *    proc_handle alone);
 *  - the connection is closed only for a record over RB_RECORD_MAX or an
 *    unfinished record over STREAM_INBUF_MAX, and then the records before
 *    are a prefix of the reference;
 *  - memory stays bounded: what is kept is at most STREAM_READ_MAX, and at
 *    most STREAM_INBUF_MAX while no reply waits; the output at most
 *    STREAM_OUTBUF_MAX;
 *  - a remote origin never changes the registry; every reply is a REPLY
 *    to its request's xid.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "conn.h"
#include "proc.h"
#include "registry.h"
#include "stats.h"
#include "stream.h"
#include "../tests/common/be.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define RECS_MAX	4096
#define ITER_MAX	(1u << 21)

struct ref {
	size_t		nrec, nrep;
	uint32_t	len[RECS_MAX];
	uint64_t	hash[RECS_MAX];
	uint32_t	rep_xid[RECS_MAX], rep_len[RECS_MAX];
	bool		too_large;	/* a record over RB_RECORD_MAX */
	size_t		max_span;	/* longest record or unfinished tail */
};

struct peer {
	const struct origin *o;
	struct stream	*s;
	const uint8_t	*data;
	size_t		size, pos;
	uint32_t	rng;
	uint8_t		rcut, wcut;
	int		again;		/* EAGAINs in a row */
	size_t		nrec, nrep;	/* handled, replies read */
	/* The reply being read: its mark, xid and message type, then what
	 * is left. */
	uint8_t		hdr[12];
	size_t		hdr_len;
	uint32_t	left;
};

static uint8_t	refrec[RB_RECORD_MAX], out[4 + RB_REPLY_MAX];
static struct ref ref;

static void
fill_table(void)
{
	static const uint32_t progs[] = { 100024, 100021, 100005, 100003 };
	char ua[32];
	size_t i;

	reg_clear();
	stats_clear();
	proc_register_self(true, true, true, true, true);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		snprintf(ua, sizeof(ua), "0.0.0.0.%u.%u", 3 + (unsigned)i, 1);
		reg_set(progs[i], 1, "udp", ua, OWNER_SUPERUSER);
		reg_set(progs[i], 1, "tcp", ua, OWNER_SUPERUSER);
	}
}

static void
make_origin(uint8_t sel, struct origin *o)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	memset(o, 0, sizeof(*o));
	switch (sel & 3) {
	case 0:		/* the internet, over TCP */
	case 1:		/* loopback TCP */
		o->tr = TR_TCP;
		o->netid = "tcp";
		o->local = (sel & 3) == 1;
		o->privport = (sel & 0x80) != 0;
		sin.sin_port = htons(o->privport ? 700 : 40000);
		sin.sin_addr.s_addr = htonl(o->local ? INADDR_LOOPBACK :
		    0xcb007105);
		memcpy(&o->peer, &sin, sizeof(sin));
		sin.sin_port = htons(111);
		sin.sin_addr.s_addr = htonl(o->local ? INADDR_LOOPBACK :
		    0xc6336401);
		memcpy(&o->self, &sin, sizeof(sin));
		break;
	default:	/* the local socket, as root or as a user */
		o->tr = TR_LOCAL;
		o->netid = "local";
		o->local = o->has_uid = true;
		o->uid = (sel & 3) == 2 ? 0 : 1000;
		break;
	}
}

static uint64_t
fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n-- > 0)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

static uint32_t
next_rng(uint32_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 17;
	*r ^= *r << 5;
	return *r;
}

/* Reference reassembly: 1 and the record in refrec, 0 incomplete, -1 too
 * large; *span the bytes it covers (or has so far). */
static int
ref_next(const uint8_t *buf, size_t len, size_t *reclen, size_t *span)
{
	size_t p = 0, total = 0;
	uint32_t h;

	for (;;) {
		*span = len;
		if (len - p < 4)
			return 0;
		h = be32(buf + p);
		if ((h & 0x7fffffffu) > RB_RECORD_MAX - total)
			return -1;
		if (len - p - 4 < (h & 0x7fffffffu))
			return 0;
		memcpy(refrec + total, buf + p + 4, h & 0x7fffffffu);
		total += h & 0x7fffffffu;
		p += 4 + (h & 0x7fffffffu);
		if (h & 0x80000000u)
			break;
	}
	*reclen = total;
	*span = p;
	return 1;
}

/* The records of the stream and their replies through proc_handle alone.
 * False when there are too many to follow. */
static bool
reference(const struct origin *o, const uint8_t *data, size_t size)
{
	struct proc_forward fwd;
	struct xdr_out x;
	size_t off = 0, reclen, span;
	int r;

	memset(&ref, 0, offsetof(struct ref, len));
	ref.too_large = false;
	ref.max_span = 0;
	for (;;) {
		r = ref_next(data + off, size - off, &reclen, &span);
		if (span > ref.max_span)
			ref.max_span = span;
		if (r == -1)
			ref.too_large = true;
		if (r != 1)
			return true;
		if (ref.nrec == RECS_MAX)
			return false;
		ref.len[ref.nrec] = (uint32_t)reclen;
		ref.hash[ref.nrec++] = fnv(refrec, reclen);
		xout_init(&x, out + 4, sizeof(out) - 4);
		if (proc_handle(o, refrec, reclen, &x, &fwd) == PROC_REPLY) {
			/* A REPLY to the request's xid (peer_got checks the
			 * stream's replies are these). */
			if (xout_len(&x) < 12 || reclen < 4 ||
			    memcmp(out + 4, refrec, 4) != 0 ||
			    memcmp(out + 8, "\0\0\0\1", 4) != 0)
				abort();
			ref.rep_xid[ref.nrep] = be32(out + 4);
			ref.rep_len[ref.nrep++] = (uint32_t)xout_len(&x);
		}
		off += span;
	}
}

/* How much of n bytes the peer moves now, as its cut byte asks: with bit
 * 3, sometimes STREAM_IO_AGAIN (never three times in a row); with bits
 * 0-2, at most a random 1..(unit << bits) bytes. */
static ssize_t
peer_cut(struct peer *p, uint8_t cut, unsigned unit, size_t n)
{
	if ((cut & 8) && p->again < 2 && next_rng(&p->rng) % 4 == 0) {
		p->again++;
		return STREAM_IO_AGAIN;
	}
	p->again = 0;
	if ((cut & 7) != 0) {
		size_t k = 1 + next_rng(&p->rng) % (unit << (cut & 7));

		n = n < k ? n : k;
	}
	return (ssize_t)n;
}

static ssize_t
peer_read(void *ctx, uint8_t *buf, size_t len)
{
	struct peer *p = ctx;
	size_t n = p->size - p->pos;
	ssize_t r;

	if (n == 0)
		return STREAM_IO_AGAIN;
	r = peer_cut(p, p->rcut, 8, n);
	if (r < 0)
		return r;
	n = (size_t)r < len ? (size_t)r : len;
	memcpy(buf, p->data + p->pos, n);
	p->pos += n;
	return (ssize_t)n;
}

/* The peer reads what the daemon writes: one reply after the other, each
 * the next reply of the reference. */
static void
peer_got(struct peer *p, const uint8_t *buf, size_t n)
{
	size_t k;

	while (n > 0) {
		if (p->hdr_len < 12) {
			k = 12 - p->hdr_len < n ? 12 - p->hdr_len : n;
			memcpy(p->hdr + p->hdr_len, buf, k);
			p->hdr_len += k;
			buf += k;
			n -= k;
			if (p->hdr_len < 12)
				return;
			/* One fragment, at least a header's worth. */
			if (!(p->hdr[0] & 0x80) || p->nrep >= ref.nrep ||
			    (be32(p->hdr) & 0x7fffffffu) != ref.rep_len[p->nrep] ||
			    be32(p->hdr + 4) != ref.rep_xid[p->nrep] ||
			    be32(p->hdr + 8) != 1)
				abort();
			p->left = ref.rep_len[p->nrep] - 8;
		}
		k = p->left < n ? p->left : n;
		p->left -= (uint32_t)k;
		buf += k;
		n -= k;
		if (p->left == 0) {
			p->hdr_len = 0;
			p->nrep++;
		}
	}
}

static ssize_t
peer_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct peer *p = ctx;
	ssize_t r = peer_cut(p, p->wcut, 16, len);

	if (r >= 0)
		peer_got(p, buf, (size_t)r);
	return r;
}

static int peer_request(void *, const uint8_t *, size_t);

static const struct stream_io peer_io = {
	.read = peer_read,
	.write = peer_write,
	.request = peer_request,
};

static int
peer_request(void *ctx, const uint8_t *rec, size_t len)
{
	struct peer *p = ctx;
	uint32_t gen = reg_generation();
	int r;

	if (len > RB_RECORD_MAX || p->nrec >= ref.nrec ||
	    len != ref.len[p->nrec] || fnv(rec, len) != ref.hash[p->nrec])
		abort();
	p->nrec++;
	/* The daemon's own handling; a remote call goes nowhere (no
	 * forwarding socket is open). */
	r = conn_answer(p->o, p->s, &peer_io, p, rec, len, 0, 0);
	if (!p->o->local && reg_generation() != gen)
		abort();
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct proc_opts po = { .remote_calls = true,
	    .local_path = "/run/rpcbind.sock" };
	struct stream s = { 0 };
	struct peer p;
	struct origin o;
	enum stream_status st = STREAM_OK;
	unsigned iter;

	if (!ready) {
		proc_configure(&po);
		ready = true;
	}
	if (size < 2)
		return 0;
	make_origin(data[0], &o);
	fill_table();
	if (!reference(&o, data + 2, size - 2))
		return 0;
	fill_table();
	memset(&p, 0, sizeof(p));
	p.o = &o;
	p.s = &s;
	p.data = data + 2;
	p.size = size - 2;
	p.rng = 0x9e3779b9u ^ data[1];
	p.rcut = data[1] & 15;
	p.wcut = data[1] >> 4;
	for (iter = 0; iter < ITER_MAX; iter++) {
		if (stream_blocked(&s))
			st = stream_writable(&s, &peer_io, &p);
		else if (p.pos < p.size)
			st = stream_readable(&s, &peer_io, &p);
		else
			break;
		if (st != STREAM_OK)
			break;
		if (s.in_len > s.in_cap || s.in_cap > STREAM_READ_MAX ||
		    s.out_len > STREAM_OUTBUF_MAX ||
		    (!stream_blocked(&s) && s.in_len > STREAM_INBUF_MAX))
			abort();
	}
	if (st == STREAM_CLOSE)
		abort();		/* the peer neither closed nor failed */
	if (st == STREAM_TOO_LARGE) {
		if (!ref.too_large && ref.max_span <= STREAM_INBUF_MAX)
			abort();
	} else if (iter < ITER_MAX) {
		if (ref.too_large)
			abort();	/* the record over the limit was missed */
		/* Everything sent and read: every record handled, every
		 * reply read whole. */
		if (p.nrec != ref.nrec || p.nrep != ref.nrep ||
		    p.hdr_len != 0 || stream_blocked(&s))
			abort();
	}
	stream_free(&s);
	return 0;
}
