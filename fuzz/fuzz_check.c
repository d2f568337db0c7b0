/*
 * fuzz_check — rpcbindd-check's reading of hostile replies (its reply.c).
 * Input: byte 0 picks the probe kind (mod 6), byte 1 sizes a small output
 * buffer for check_show_string, bytes 2-5 are the call's xid, the rest is
 * a list of datagrams, each [flags][length, 2 bytes][bytes] (flags bit 0:
 * from another source port; bit 1: the datagram was larger than what was
 * read, as MSG_TRUNC reports), cut where the input ends. Every datagram is
 * copied to a buffer of exactly its size, so ASan sees any read past it.
 * Invariants, not only "no crash":
 *  - a decoded reply's status and detail are terminated, short, and hold
 *    printable ASCII only; a malformed one says so and is no success;
 *  - a DUMP counts no more mappings than its bytes can hold, no more
 *    programs than mappings or the table; GETSTAT no more records than its
 *    bytes can hold; decoding is deterministic;
 *  - check_show_string stays in its buffer, prints only printable ASCII,
 *    and (with room) escapes exactly the first CHECK_SHOW_MAX bytes,
 *    followed by "..." only when the string was longer;
 *  - the datagram tally counts every datagram and byte and other-port
 *    datagram up to CHECK_DGRAM_MAX, and attributes the reply to the call
 *    only for the first datagram of 4 bytes or more carrying its xid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "../tests/common/be.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define HDR		6
#define DGRAMS_FED	(CHECK_DGRAM_MAX + 8)

static uint8_t *
copy(const uint8_t *p, size_t len)
{
	uint8_t *b = malloc(len > 0 ? len : 1);

	if (b == NULL)
		abort();
	if (len > 0)
		memcpy(b, p, len);
	return b;
}

/* terminated within size, printable ASCII only */
static void
printable(const char *s, size_t size)
{
	const char *nul = memchr(s, '\0', size);
	const char *c;

	if (nul == NULL)
		abort();
	for (c = s; c < nul; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			abort();
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void
show(const uint8_t *s, uint32_t len, size_t small)
{
	char out[CHECK_SHOWN_SIZE], *tiny;
	uint32_t i, want = len < CHECK_SHOW_MAX ? len : CHECK_SHOW_MAX;
	const char *o;
	size_t tl;
	uint8_t *in = copy(s, len);

	check_show_string(out, sizeof(out), in, len);
	printable(out, sizeof(out));
	/* unescape: exactly the first `want` bytes, then "..." if cut */
	for (o = out, i = 0; i < want; i++) {
		if (*o == '\\') {
			int hi = hexval(o[2]), lo = hexval(o[3]);

			if (o[1] != 'x' || hi < 0 || lo < 0 ||
			    (uint8_t)(hi << 4 | lo) != in[i])
				abort();
			o += 4;
		} else if (*o == '\0' || (uint8_t)*o != in[i]) {
			abort();
		} else {
			o++;
		}
	}
	if (strcmp(o, len > CHECK_SHOW_MAX ? "..." : "") != 0)
		abort();

	/* a buffer of any size from 1: stays within it, and holds a prefix
	 * of the whole output, maybe marked as cut */
	small = small % CHECK_SHOWN_SIZE + 1;
	if ((tiny = malloc(small)) == NULL)
		abort();
	check_show_string(tiny, small, in, len);
	printable(tiny, small);
	tl = strlen(tiny);
	if (strncmp(tiny, out, tl) != 0 && (tl < 3 ||
	    strcmp(tiny + tl - 3, "...") != 0 ||
	    strncmp(tiny, out, tl - 3) != 0))
		abort();
	free(tiny);
	free(in);
}

static void
decode(enum check_kind kind, const uint8_t *p, size_t len)
{
	struct check_reply r, again;
	unsigned long n;
	uint8_t *b = copy(p, len);

	check_decode_reply(kind, b, len, &r);
	printable(r.status, sizeof(r.status));
	printable(r.detail, sizeof(r.detail));
	if (r.status[0] == '\0' || (r.malformed && r.success) ||
	    (r.malformed && strncmp(r.status, "malformed reply", 15) != 0) ||
	    (r.success && len < 24))
		abort();
	if (kind == CK_DUMP2 || kind == CK_DUMP34) {
		/* an entry: more, prog, vers and 2 words or 3 strings */
		size_t min = kind == CK_DUMP2 ? 20 : 24;

		if ((r.success && r.entries * min + 28 > len) ||
		    r.programs > r.entries ||
		    r.programs > CHECK_PROG_TABLE ||
		    (r.programs_more && r.programs != CHECK_PROG_TABLE))
			abort();
	} else if (r.entries != 0 || r.programs != 0 || r.programs_more) {
		abort();
	}
	/* the header, 3 x (15 words and 2 list ends), and per record at
	 * least its "more", 4 words and a string length */
	if (kind == CK_GETSTAT && r.success &&
	    (sscanf(r.detail, "%lu lookup/call records", &n) != 1 ||
	    n > len / 24 || n * 24 + 24 + 3 * 17 * 4 > len))
		abort();
	check_decode_reply(kind, b, len, &again);
	if (memcmp(&r, &again, sizeof(r)) != 0)
		abort();
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check_udp u;
	enum check_kind kind;
	uint32_t xid;
	uint64_t bytes = 0;
	unsigned long fed = 0, other = 0;
	size_t off = HDR, first_len = 0, first_true = 0, d0_len = 0;
	const uint8_t *first = NULL, *d0 = NULL;
	bool more = true;

	if (size < HDR)
		return 0;
	kind = (enum check_kind)(data[0] % 6);
	xid = be32(data + 2);
	check_udp_init(&u, kind, xid);

	while (off + 3 <= size && fed < DGRAMS_FED) {
		uint8_t flags = data[off];
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];
		size_t truelen;
		uint8_t *d;
		bool ret;

		off += 3;
		if (len > size - off)
			len = size - off;
		truelen = len + ((flags & 2) ? 65536 : 0);
		if (fed == 0 && d0 == NULL) {
			d0 = data + off;
			d0_len = len;
			show(d0, (uint32_t)len, data[1]);
		}
		d = copy(data + off, len);
		ret = check_udp_datagram(&u, d, len, truelen, flags & 1);
		if (!more) {
			/* past the cap: nothing more is counted */
			if (ret || u.datagrams != CHECK_DGRAM_MAX)
				abort();
		} else {
			fed++;
			bytes += truelen;
			other += flags & 1;
			if (first == NULL && len >= 4 && be32(d) == xid) {
				first = data + off;
				first_len = len;
				first_true = truelen;
			}
			more = ret;
			if (ret != (fed < CHECK_DGRAM_MAX))
				abort();
		}
		free(d);
		off += len;
	}
	if (u.datagrams != fed || u.bytes != bytes || u.other_port != other ||
	    u.capped != (fed >= CHECK_DGRAM_MAX) ||
	    u.attributed != (first != NULL))
		abort();
	if (first != NULL) {
		struct check_reply r;

		if (u.reply_len != first_true)
			abort();
		check_decode_reply(kind, first, first_len, &r);
		if (first_true > first_len) {
			if (!u.reply.malformed || u.reply.success)
				abort();
		} else if (memcmp(&r, &u.reply, sizeof(r)) != 0) {
			abort();
		}
		decode(kind, first, first_len);
	} else if (d0 != NULL) {
		/* not the reply, but hostile bytes all the same */
		decode(kind, d0, d0_len);
	}
	check_udp_finish(&u);
	if (fed > 0 && !u.attributed && !u.reply.malformed)
		abort();
	printable(u.reply.status, sizeof(u.reply.status));
	return 0;
}
