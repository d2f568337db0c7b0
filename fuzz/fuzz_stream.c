/*
 * fuzz_stream — a TCP or local-socket byte stream, cut into reads at
 * arbitrary points, through record reassembly (record.c's rec_next) and
 * dispatch (proc_handle), several calls per stream, the way loop.c's
 * conn_readable/conn_records/conn_keep do it: unfinished bytes kept
 * between reads, at most INBUF_MAX of them, the connection closed on a
 * record over RB_RECORD_MAX.
 *
 * Input: byte 0 picks the origin (remote TCP, loopback TCP, local socket
 * as root or as a user; bit 7: privileged source port), byte 1 how the
 * stream is cut into reads (0: one read), the rest is the stream.
 * Invariants:
 *  - every record rec_next returns holds exactly the bytes of its
 *    fragments (checked against a reference parser), never more than
 *    RB_RECORD_MAX of them, and rec_next's verdicts (complete, incomplete,
 *    too large) agree with the reference;
 *  - the records seen do not depend on where the stream was cut: the cut
 *    stream yields the records of the uncut one (a prefix of them when
 *    the cut one was closed for holding too much unfinished data);
 *  - a remote origin never changes the registry; every reply is a REPLY
 *    to its request's xid.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "proc.h"
#include "record.h"
#include "registry.h"
#include "stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* As loop.c: an unfinished record may hold this many headers' worth more,
 * and one read fills what is left of the input buffer. */
#define INBUF_MAX	(RB_RECORD_MAX + 64)
#define STREAM_IN	(INBUF_MAX + 65536)
#define RECS_MAX	8192

struct pass {
	size_t		nrec;
	uint32_t	len[RECS_MAX];
	uint64_t	hash[RECS_MAX];
	bool		closed;		/* record too large or too much kept */
	bool		overkept;	/* closed for too much unfinished data */
};

static uint8_t	stream_in[STREAM_IN], kept[INBUF_MAX], scratch[RB_RECORD_MAX];
static uint8_t	refrec[RB_RECORD_MAX], out[RB_REPLY_MAX];
static struct pass pa, pb;

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
		reg_set(progs[i], 1, "udp", ua, REG_SUPERUSER);
		reg_set(progs[i], 1, "tcp", ua, REG_SUPERUSER);
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

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Reference reassembly: 1 and the record in refrec, 0 incomplete, -1 too
 * large; *span the bytes it covers. */
static int
ref_next(const uint8_t *buf, size_t len, size_t *reclen, size_t *span)
{
	size_t p = 0, total = 0;
	uint32_t h;

	for (;;) {
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

static uint64_t
fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n-- > 0)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/* One request record through the procedures. */
static void
request(const struct origin *o, const uint8_t *req, size_t len)
{
	struct proc_forward fwd;
	struct xdr_out x;
	uint32_t gen = reg_generation();

	xout_init(&x, out, sizeof(out));
	if (proc_handle(o, req, len, &x, &fwd) == PROC_REPLY &&
	    (xout_len(&x) < 12 || len < 4 || memcmp(out, req, 4) != 0 ||
	    memcmp(out + 4, "\0\0\0\1", 4) != 0))
		abort();
	if (!o->local && reg_generation() != gen)
		abort();
}

/* loop.c's conn_records: every complete record in buf; the bytes used, or
 * -1 to close the connection. */
static ssize_t
records(const struct origin *o, const uint8_t *buf, size_t len, struct pass *ps)
{
	const uint8_t *rec;
	size_t off = 0, reclen, rlen, span;
	ssize_t n;
	int ref;

	for (;;) {
		n = rec_next(buf + off, len - off, scratch, sizeof(scratch), &rec,
		    &reclen);
		ref = ref_next(buf + off, len - off, &rlen, &span);
		if (n <= 0) {
			if (ref != (n == 0 ? 0 : -1))
				abort();
			return n == 0 ? (ssize_t)off : -1;
		}
		if (ref != 1 || (size_t)n != span || reclen != rlen ||
		    reclen > RB_RECORD_MAX || (size_t)n > len - off ||
		    memcmp(rec, refrec, reclen) != 0)
			abort();
		if (ps->nrec < RECS_MAX) {
			ps->len[ps->nrec] = (uint32_t)reclen;
			ps->hash[ps->nrec++] = fnv(rec, reclen);
		}
		request(o, rec, reclen);
		off += (size_t)n;
	}
}

/* One connection: reads of the sizes `cut` picks, as conn_readable. */
static void
stream(const struct origin *o, const uint8_t *data, size_t size, uint8_t cut,
    struct pass *ps)
{
	size_t pos = 0, keptlen = 0, n, len, avail;
	uint32_t rng = 0x9e3779b9u ^ cut;
	ssize_t used;

	ps->nrec = 0;
	ps->closed = ps->overkept = false;
	while (pos < size) {
		memcpy(stream_in, kept, keptlen);
		avail = sizeof(stream_in) - keptlen;
		n = size - pos;
		if (cut != 0) {
			rng ^= rng << 13;
			rng ^= rng >> 17;
			rng ^= rng << 5;
			n = 1 + rng % (8u << (cut & 7));
			n = n < size - pos ? n : size - pos;
		}
		n = n < avail ? n : avail;
		memcpy(stream_in + keptlen, data + pos, n);
		pos += n;
		len = keptlen + n;
		if ((used = records(o, stream_in, len, ps)) == -1) {
			ps->closed = true;
			return;
		}
		keptlen = len - (size_t)used;
		if (keptlen > INBUF_MAX) {
			ps->closed = ps->overkept = true;
			return;
		}
		memmove(kept, stream_in + used, keptlen);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct origin o;
	size_t i;

	if (size < 2)
		return 0;
	make_origin(data[0], &o);
	fill_table();
	stream(&o, data + 2, size - 2, 0, &pa);
	fill_table();
	stream(&o, data + 2, size - 2, data[1], &pb);
	/* Cut into small reads, a record spread over many empty fragments
	 * can be closed for unfinished data that one read would complete. */
	if (!pa.overkept && (pb.nrec > pa.nrec || (!pb.overkept &&
	    (pb.nrec != pa.nrec || pb.closed != pa.closed))))
		abort();
	for (i = 0; i < pb.nrec && i < pa.nrec; i++)
		if (pb.len[i] != pa.len[i] || pb.hash[i] != pa.hash[i])
			abort();
	return 0;
}
