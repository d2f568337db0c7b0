/*
 * test_xdr.c — the bounded XDR cursors (include/xdr.h, rpcbindd/xdr.c):
 * round trips, the latched error, every string and opaque length edge a
 * peer can claim, and the writer's bounds and zero padding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "unit.h"
#include "wire.h"
#include "xdr.h"

static void
test_u32(void)
{
	static const uint32_t vals[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100,
	    0x01020304, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };
	uint8_t buf[sizeof(vals)];
	static const uint8_t be[4] = { 0x01, 0x02, 0x03, 0x04 };
	struct xdr_out o;
	struct xdr_in in;
	size_t i;
	bool same = true;

	xout_init(&o, buf, sizeof(buf));
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		xout_u32(&o, vals[i]);
	ok(!o.err, "u32: writing %zu values into an exact-size buffer",
	    sizeof(vals) / sizeof(vals[0]));
	is_int((long long)xout_len(&o), (long long)sizeof(buf),
	    "u32: writer length");
	is_mem(buf + 6 * 4, 4, be, 4, "u32: big-endian on the wire");

	xin_init(&in, buf, sizeof(buf));
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		if (xin_u32(&in) != vals[i])
			same = false;
	ok(same && !in.err, "u32: round trip of every value");
	is_int((long long)xin_left(&in), 0, "u32: reader consumed everything");
}

static void
test_read_past_end(void)
{
	static const uint8_t buf[6] = { 0, 0, 0, 7, 0xff, 0xff };
	struct xdr_in in;
	uint32_t v;

	xin_init(&in, buf, sizeof(buf));
	is_int(xin_u32(&in), 7, "past end: first word read");
	ok(!in.err, "past end: no error yet");
	v = xin_u32(&in);
	is_int(v, 0, "past end: a word over the end reads as 0");
	ok(in.err, "past end: the error is set");
	is_int((long long)xin_left(&in), 2,
	    "past end: the cursor did not move");

	/* Latched: even a read that would fit returns 0 after an error. */
	xin_init(&in, buf, sizeof(buf));
	in.err = true;
	is_int(xin_u32(&in), 0, "latched: a read that fits returns 0");
	ok(in.err, "latched: error stays set");
	is_int((long long)xin_left(&in), 6, "latched: nothing consumed");

	xin_init(&in, buf, 0);
	is_int(xin_u32(&in), 0, "empty buffer: read returns 0");
	ok(in.err, "empty buffer: error set");
}

/* Runs xin_string over `w` (copied to a heap buffer of exactly its size, so
 * the sanitizers see any overread) into a buffer of `size` bytes filled with
 * 'Z' beforehand. */
static bool
read_string(const struct wb *w, char *out, size_t size, size_t *left)
{
	struct xdr_in in;
	uint8_t *heap;
	bool err;

	heap = heap_copy(w->b, w->n);
	memset(out, 'Z', size);
	xin_init(&in, heap, w->n);
	xin_string(&in, out, size);
	err = in.err;
	if (left)
		*left = xin_left(&in);
	free(heap);
	return err;
}

/* A string sent whole: refused or not, what is read, and whether
 * nothing is left after it (what_left NULL: not checked). */
static const struct {
	const char	*sent;
	bool		 refused;
	const char	*got, *what, *what_got, *what_left;
} fits[] = {
	{ "1234567", false, "1234567",
	  "string: exact fit (7 into 8) accepted",
	  "string: exact fit content",
	  "string: padding of the exact fit skipped" },
	{ "12345678", true, "", "string: one over (8 into 8) refused",
	  "string: refused string leaves an empty buffer", NULL },
	{ "", false, "", "string: empty string accepted",
	  "string: empty string content",
	  "string: empty string is just the length" },
};

/* Lengths a peer may claim, and the bytes that follow (unpadded). */
static const struct {
	uint32_t	 len;
	const char	*data;
	const char	*what;
} claims[] = {
	/* only 5 bytes present (no padding either) */
	{ 6, "abcde", "string: declared length > bytes present refused" },
	/* 5 bytes present but the padding is missing */
	{ 5, "abcde", "string: missing padding refused" },
	{ 0xffffffff, "abcd", "string: length 0xFFFFFFFF refused" },
	{ 0x7fffffff, "abcd", "string: length 0x7FFFFFFF refused" },
	{ 0xfffffffd, "abcd",
	  "string: length 0xFFFFFFFD (wraps when padded) refused" },
};

static void
test_strings(void)
{
	struct wb w;
	char out[8];
	size_t left, i;
	struct xdr_in in;

	/* size 8 holds at most 7 bytes and the NUL. */
	for (i = 0; i < NELEM(fits); i++) {
		w.n = 0;
		wb_str(&w, fits[i].sent);
		ok(read_string(&w, out, sizeof(out), &left) == fits[i].refused,
		    "%s", fits[i].what);
		is_str(out, fits[i].got, "%s", fits[i].what_got);
		if (fits[i].what_left != NULL)
			is_int((long long)left, 0, "%s", fits[i].what_left);
	}

	for (i = 0; i < NELEM(claims); i++) {
		w.n = 0;
		wb_u32(&w, claims[i].len);
		memcpy(w.b + w.n, claims[i].data, strlen(claims[i].data));
		w.n += strlen(claims[i].data);
		ok(read_string(&w, out, sizeof(out), NULL), "%s",
		    claims[i].what);
	}

	w.n = 0;
	wb_opaque(&w, "ab\0cd", 5);
	ok(read_string(&w, out, sizeof(out), NULL),
	    "string: embedded NUL refused");
	w.n = 0;
	wb_opaque(&w, "abc\0", 4);
	ok(read_string(&w, out, sizeof(out), NULL),
	    "string: trailing NUL inside the length refused");

	/* Padding skipped: "abcde" then a word. */
	w.n = 0;
	wb_str(&w, "abcde");
	wb_u32(&w, 0x11223344);
	xin_init(&in, w.b, w.n);
	xin_string(&in, out, sizeof(out));
	is_str(out, "abcde", "string: 5 bytes read");
	is_int(xin_u32(&in), 0x11223344, "string: 3 padding bytes skipped");
	ok(!in.err, "string: no error on the padded sequence");

	/* After an error, a later string is not read. */
	w.n = 0;
	wb_str(&w, "abc");
	xin_init(&in, w.b, w.n);
	in.err = true;
	memset(out, 'Z', sizeof(out));
	xin_string(&in, out, sizeof(out));
	is_str(out, "", "string: not read after a latched error");
	is_int((long long)xin_left(&in), (long long)w.n,
	    "string: nothing consumed after a latched error");

	/* Size 1: only the empty string fits. */
	w.n = 0;
	wb_str(&w, "a");
	ok(read_string(&w, out, 1, NULL), "string: 1 byte into size 1 refused");
	w.n = 0;
	wb_str(&w, "");
	ok(!read_string(&w, out, 1, NULL), "string: empty into size 1 ok");
}

static void
test_opaque(void)
{
	struct wb w;
	struct xdr_in in;
	const uint8_t *p;
	uint32_t len;

	w.n = 0;
	wb_opaque(&w, "0123456789", 10);
	xin_init(&in, w.b, w.n);
	p = xin_opaque(&in, &len, 10);
	ok(p == w.b + 4 && len == 10 && !in.err,
	    "opaque: length == max accepted, points in place");
	is_int((long long)xin_left(&in), 0, "opaque: padding skipped");

	xin_init(&in, w.b, w.n);
	p = xin_opaque(&in, &len, 9);
	ok(p == NULL && in.err, "opaque: length == max + 1 refused");
	is_int(len, 0, "opaque: refused length reported as 0");

	w.n = 0;
	wb_u32(&w, 0xffffffff);
	xin_init(&in, w.b, w.n);
	p = xin_opaque(&in, &len, UINT32_MAX);
	ok(p == NULL && in.err, "opaque: 0xFFFFFFFF with max UINT32_MAX refused");
	w.n = 0;
	wb_u32(&w, 0x7fffffff);
	wb_raw(&w, "abcdefgh", 8);
	xin_init(&in, w.b, w.n);
	p = xin_opaque(&in, &len, UINT32_MAX);
	ok(p == NULL && in.err, "opaque: 0x7FFFFFFF with 8 bytes present refused");

	w.n = 0;
	wb_opaque(&w, "", 0);
	xin_init(&in, w.b, w.n);
	p = xin_opaque(&in, &len, 0);
	ok(!in.err && len == 0, "opaque: empty with max 0 accepted");

	/* xin_fixed: padding counts against what is left. */
	w.n = 0;
	wb_raw(&w, "abcdef", 6);	/* 8 bytes */
	xin_init(&in, w.b, 7);
	p = xin_fixed(&in, 6);
	ok(p == NULL && in.err, "fixed: 6 bytes + 2 padding in 7 refused");
	xin_init(&in, w.b, 8);
	p = xin_fixed(&in, 6);
	ok(p == w.b && !in.err && xin_left(&in) == 0,
	    "fixed: 6 bytes + 2 padding in 8 accepted");
	xin_init(&in, w.b, 8);
	p = xin_fixed(&in, UINT32_MAX);
	ok(p == NULL && in.err, "fixed: UINT32_MAX refused");
}

static void
test_writer(void)
{
	uint8_t buf[16];
	struct xdr_out o;
	static const uint8_t want[16] = {
		0, 0, 0, 5, 'a', 'b', 'c', 'd', 'e', 0, 0, 0,
		0, 0, 0, 0,
	};
	static const uint8_t want_str[12] = {
		0, 0, 0, 3, 'x', 'y', 'z', 0, 0, 0, 0, 0,
	};
	size_t i;
	bool untouched;

	memset(buf, 0xaa, sizeof(buf));
	xout_init(&o, buf, sizeof(buf));
	xout_opaque(&o, "abcde", 5);
	xout_opaque(&o, NULL, 0);
	ok(!o.err, "writer: opaque 5 and opaque 0 fit in 16");
	is_mem(buf, xout_len(&o), want, sizeof(want),
	    "writer: length, data and zero padding bytes");

	memset(buf, 0xaa, sizeof(buf));
	xout_init(&o, buf, sizeof(buf));
	xout_string(&o, "xyz");
	xout_string(&o, "");
	is_mem(buf, xout_len(&o), want_str, sizeof(want_str),
	    "writer: strings padded with zeros");

	/* Overflow: 12 bytes, a word then an opaque needing 12. */
	memset(buf, 0xaa, sizeof(buf));
	xout_init(&o, buf, 12);
	xout_u32(&o, 1);
	xout_opaque(&o, "abcdefgh", 8);
	ok(o.err, "writer: overflowing opaque sets the error");
	/* Latched: a word would fit in what is left but is not written. */
	xout_u32(&o, 0x01020304);
	ok(o.err, "writer: error stays set");
	untouched = true;
	for (i = 8; i < sizeof(buf); i++)
		if (buf[i] != 0xaa)
			untouched = false;
	ok(untouched, "writer: nothing written after the error");
	ok(xout_len(&o) <= 12, "writer: cursor never past the end");

	memset(buf, 0xaa, sizeof(buf));
	xout_init(&o, buf, 6);
	xout_u32(&o, 1);
	xout_u32(&o, 2);
	ok(o.err, "writer: a word into 2 bytes left sets the error");
	ok(buf[4] == 0xaa && buf[5] == 0xaa && buf[6] == 0xaa,
	    "writer: no partial word written");
	is_int((long long)xout_len(&o), 4, "writer: length stays at 4");

	/* Exact fit of an opaque with padding. */
	xout_init(&o, buf, 12);
	xout_opaque(&o, "abcde", 5);
	ok(!o.err && xout_len(&o) == 12, "writer: padded opaque, exact fit");
	xout_init(&o, buf, 11);
	xout_opaque(&o, "abcde", 5);
	ok(o.err, "writer: padded opaque one byte short refused");

	xout_init(&o, buf, 0);
	xout_u32(&o, 0);
	ok(o.err && xout_len(&o) == 0, "writer: zero capacity");
}

int
main(void)
{
	test_u32();
	test_read_past_end();
	test_strings();
	test_opaque();
	test_writer();
	return done_testing();
}
