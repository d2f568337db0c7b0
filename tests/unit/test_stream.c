/*
 * test_stream — stream connection buffering (stream.c) with scripted
 * callbacks: records across reads, the read batch, every refusal of a
 * callback's answer, replies that wait (and the records behind them), the
 * output cap, and running out of memory (malloc and realloc are wrapped at
 * link time: see tests/unit/local.mk).
 */
#include <string.h>
#include <sys/types.h>

#include "bounds.h"
#include "stream.h"
#include "tap.h"
#include "unit.h"

/* Allocation failure on demand, for stream.c only (-Wl,--wrap). */
void	*__real_malloc(size_t);
void	*__real_realloc(void *, size_t);
void	*__wrap_malloc(size_t);
void	*__wrap_realloc(void *, size_t);
static int fail_alloc;

void *
__wrap_malloc(size_t n)
{
	return fail_alloc ? NULL : __real_malloc(n);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return fail_alloc ? NULL : __real_realloc(p, n);
}

/* What the callbacks do. */
static struct {
	const uint8_t	*src;		/* bytes to read, or NULL: the pattern */
	size_t		 srclen, srcoff;
	ssize_t		 read_ret;	/* != 0: returned instead */
	int		 eof;		/* return 0 */
	unsigned	 reads;
	size_t		 pattern_pos;	/* NULL src: 8-byte records forever */
	ssize_t		 write_ret;	/* != 0: returned instead */
	size_t		 write_max;	/* accept at most this much (0: all) */
	uint8_t		 wrote[4096];
	size_t		 wrote_len;
	unsigned	 writes;
	unsigned	 requests;
	int		 request_ret;
	int		 reply;		/* each request sends a 4-byte reply */
	struct stream	*s;
} f;

static const struct stream_io *iop;

static ssize_t
f_read(void *ctx, uint8_t *buf, size_t len)
{
	static const uint8_t rec8[8] = { 0x80, 0, 0, 4, 'a', 'b', 'c', 'd' };
	size_t n, i;

	f.reads++;
	if (f.eof)
		return 0;
	if (f.read_ret != 0)
		return f.read_ret;
	if (f.src == NULL) {
		for (i = 0; i < len; i++)
			buf[i] = rec8[f.pattern_pos++ % 8];
		return (ssize_t)len;
	}
	if (f.srcoff == f.srclen)
		return STREAM_IO_AGAIN;
	n = f.srclen - f.srcoff < len ? f.srclen - f.srcoff : len;
	memcpy(buf, f.src + f.srcoff, n);
	f.srcoff += n;
	return (ssize_t)n;
}

static ssize_t
f_write(void *ctx, const uint8_t *buf, size_t len)
{
	f.writes++;
	if (f.write_ret != 0)
		return f.write_ret;
	if (f.write_max != 0 && len > f.write_max)
		len = f.write_max;
	if (len > sizeof(f.wrote) - f.wrote_len)
		len = sizeof(f.wrote) - f.wrote_len;
	memcpy(f.wrote + f.wrote_len, buf, len);
	f.wrote_len += len;
	return (ssize_t)len;
}

static int
f_request(void *ctx, const uint8_t *rec, size_t len)
{
	static const uint8_t r4[4] = { 'R', 'E', 'P', 'L' };

	f.requests++;
	if (f.request_ret != 0)
		return f.request_ret;
	if (f.reply && stream_send(f.s, iop, NULL, r4, sizeof(r4)) == -1)
		return -1;
	return 0;
}

static const struct stream_io io = { f_read, f_write, f_request };

static void
reset(struct stream *s)
{
	stream_free(s);
	memset(&f, 0, sizeof(f));
	f.s = s;
}

static void
from(const uint8_t *p, size_t len)
{
	f.src = p;
	f.srclen = len;
	f.srcoff = 0;
}

/* Records as a peer sends them. */
static const uint8_t two[] = { 0x80, 0, 0, 2, 'h', 'i', 0x80, 0, 0, 1, '!' };
static const uint8_t three[] = { 0x80, 0, 0, 1, 'a', 0x80, 0, 0, 1, 'b',
    0x80, 0, 0, 1, 'c' };
static const uint8_t part[] = { 0x80, 0, 0, 8, 'a', 'b' };
static struct stream s;

/* Whole records in one read, and one over two reads. */
static void
test_records(void)
{
	reset(&s);
	from(two, sizeof(two));
	is_int(stream_readable(&s, &io, NULL), STREAM_OK,
	    "two records in one read");
	ok(f.requests == 2 && s.in_len == 0 && s.in == NULL,
	    "  both handled, nothing kept");

	reset(&s);
	from(part, sizeof(part));
	is_int(stream_readable(&s, &io, NULL), STREAM_OK,
	    "an unfinished record");
	ok(f.requests == 0 && s.in_len == sizeof(part) &&
	    memcmp(s.in, part, sizeof(part)) == 0, "  kept whole, not handled");
	from((const uint8_t *)"cdefgh", 6);
	is_int(stream_readable(&s, &io, NULL), STREAM_OK, "  its rest");
	ok(f.requests == 1 && s.in_len == 0, "  handled once complete");
}

static void
test_read_refusals(void)
{
	/* What a read callback may answer (eof: it returns 0). */
	static const struct {
		ssize_t		 read_ret;
		int		 eof, want;
		const char	*what;
	} reads[] = {
		{ STREAM_IO_AGAIN, 0, STREAM_OK, "read: would block" },
		{ STREAM_IO_ERROR, 0, STREAM_CLOSE, "read: an error" },
		{ STREAM_READ_MAX + 1, 0, STREAM_CLOSE,
		  "read: more bytes than the buffer holds" },
		{ 0, 1, STREAM_CLOSE, "read: end of stream" },
	};
	static uint8_t big[STREAM_INBUF_MAX + 8];
	size_t i;
	const uint8_t over[] = { 0x80 | (RB_RECORD_MAX + 1) >> 24,
	    (RB_RECORD_MAX + 1) >> 16 & 0xff, (RB_RECORD_MAX + 1) >> 8 & 0xff,
	    (RB_RECORD_MAX + 1) & 0xff };

	for (i = 0; i < NELEM(reads); i++) {
		reset(&s);
		f.read_ret = reads[i].read_ret;
		f.eof = reads[i].eof;
		is_int(stream_readable(&s, &io, NULL), reads[i].want, "%s",
		    reads[i].what);
	}

	reset(&s);
	from(two, sizeof(two));
	f.request_ret = -1;
	is_int(stream_readable(&s, &io, NULL), STREAM_CLOSE,
	    "a request the handler refuses closes the connection");
	is_int(f.requests, 1, "  after the first record");

	reset(&s);
	from(over, sizeof(over));
	is_int(stream_readable(&s, &io, NULL), STREAM_TOO_LARGE,
	    "a record declared over RB_RECORD_MAX");

	/* Empty non-last fragments: each header is kept, and the unfinished
	 * record outgrows STREAM_INBUF_MAX without declaring a byte. */
	reset(&s);
	memset(big, 0, sizeof(big));
	from(big, sizeof(big));
	is_int(stream_readable(&s, &io, NULL), STREAM_TOO_LARGE,
	    "an unfinished record over STREAM_INBUF_MAX of headers");
	reset(&s);
	from(big, STREAM_INBUF_MAX);
	is_int(stream_readable(&s, &io, NULL), STREAM_OK,
	    "  STREAM_INBUF_MAX of them is kept");
	is_int(s.in_len, STREAM_INBUF_MAX, "  all of it");
}

static void
test_batch(void)
{
	size_t total;

	/* A peer that always fills the buffer: READ_BATCH (4) reads, then
	 * back to the loop. */
	reset(&s);
	is_int(stream_readable(&s, &io, NULL), STREAM_OK,
	    "a peer that always has more");
	is_int(f.reads, 4, "  four reads in one turn");
	total = f.pattern_pos;
	is_int(f.requests, (long long)(total / 8), "  every complete record handled");
	is_int(s.in_len, (long long)(total % 8), "  the unfinished one kept");
}

static void
test_blocked(void)
{
	/* A reply that cannot be written waits, and so does what follows. */
	reset(&s);
	from(three, sizeof(three));
	f.reply = 1;
	f.write_ret = STREAM_IO_AGAIN;
	is_int(stream_readable(&s, &io, NULL), STREAM_OK,
	    "three records, the first reply blocks");
	ok(f.requests == 1 && stream_blocked(&s) && s.out_len == 4 &&
	    s.in_len == 10, "  one handled, its reply queued, two kept");
	f.reads = 0;
	is_int(stream_readable(&s, &io, NULL), STREAM_OK,
	    "  readable while blocked");
	is_int(f.reads, 0, "  reads nothing");
	f.write_ret = 0;
	f.write_max = 3;
	is_int(stream_writable(&s, &io, NULL), STREAM_OK, "  a short write");
	ok(stream_blocked(&s) && s.out_off == 3 && f.requests == 1,
	    "  still blocked, nothing more handled");
	/* Another reply queued behind a partly written one. */
	is_int(stream_send(&s, &io, NULL, (const uint8_t *)"XY", 2), 0,
	    "  a reply queued behind the rest");
	ok(s.out_off == 0 && s.out_len == 3 &&
	    memcmp(s.out, "LXY", 3) == 0, "  the rest moved to the front");
	f.write_max = 0;
	is_int(stream_writable(&s, &io, NULL), STREAM_OK, "  written out");
	ok(f.requests == 3 && !stream_blocked(&s) && s.in_len == 0,
	    "  then the two kept records are handled");
	is_mem(f.wrote, f.wrote_len, "REPLXYREPLREPL", 14,
	    "  every reply, in order");

	reset(&s);
	f.writes = 0;
	is_int(stream_writable(&s, &io, NULL), STREAM_OK,
	    "writable with nothing queued");
	is_int(f.writes, 0, "  writes nothing");
}

static void
test_write_refusals(void)
{
	static uint8_t huge[RB_REPLY_MAX];

	/* What a write callback may answer. */
	reset(&s);
	f.write_ret = STREAM_IO_AGAIN;
	is_int(stream_send(&s, &io, NULL, (const uint8_t *)"abcd", 4), 0,
	    "send: would block, queued");
	is_int(stream_writable(&s, &io, NULL), STREAM_OK,
	    "  writable: would block again");
	f.write_ret = 5;
	is_int(stream_writable(&s, &io, NULL), STREAM_CLOSE,
	    "  writable: more written than asked");
	f.write_ret = STREAM_IO_ERROR;
	is_int(stream_writable(&s, &io, NULL), STREAM_CLOSE,
	    "  writable: an error");
	reset(&s);
	f.write_ret = 5;
	is_int(stream_send(&s, &io, NULL, (const uint8_t *)"abcd", 4), -1,
	    "send: more written than asked");
	f.write_ret = STREAM_IO_ERROR;
	is_int(stream_send(&s, &io, NULL, (const uint8_t *)"abcd", 4), -1,
	    "send: an error");

	/* The output cap: 2 * RB_REPLY_MAX for a peer that does not read. */
	reset(&s);
	f.write_ret = STREAM_IO_AGAIN;
	memset(huge, 'h', sizeof(huge));
	is_int(stream_send(&s, &io, NULL, huge, sizeof(huge)), 0,
	    "one RB_REPLY_MAX reply queued");
	is_int(stream_send(&s, &io, NULL, huge, sizeof(huge)), 0,
	    "  a second one");
	is_int(stream_send(&s, &io, NULL, (const uint8_t *)"x", 1), -1,
	    "  one byte more is refused (STREAM_OUTBUF_MAX)");
}

static void
test_no_memory(void)
{
	/* No memory: the connection is closed, never half-kept. */
	reset(&s);
	from(part, sizeof(part));
	fail_alloc = 1;
	is_int(stream_readable(&s, &io, NULL), STREAM_CLOSE,
	    "no memory to keep an unfinished record");
	fail_alloc = 0;
	reset(&s);
	f.write_ret = STREAM_IO_AGAIN;
	fail_alloc = 1;
	is_int(stream_send(&s, &io, NULL, (const uint8_t *)"abcd", 4), -1,
	    "no memory to queue a reply");
	fail_alloc = 0;
	ok(!stream_blocked(&s), "  nothing queued");
}

int
main(void)
{
	iop = &io;
	test_records();
	test_read_refusals();
	test_batch();
	test_blocked();
	test_write_refusals();
	test_no_memory();
	stream_free(&s);
	return done_testing();
}
