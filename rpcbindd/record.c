/*
 * record.c — record marking. Fragment lengths come from the peer: each is
 * checked against what is left of `max` before it is added, so a claimed
 * length can never make the caller read, copy or wait for more than `max`.
 */
#include <string.h>

#include "record.h"

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

ssize_t
rec_next(const uint8_t *buf, size_t len, uint8_t *scratch, size_t max,
    const uint8_t **rec, size_t *reclen)
{
	size_t p = 0, total = 0, nfrag = 0, q, r;
	uint32_t h, flen;
	int last = 0;

	while (!last) {
		if (len - p < 4)
			return 0;
		h = be32(buf + p);
		last = (h & 0x80000000u) != 0;
		flen = h & 0x7fffffffu;
		if (flen > max - total)
			return -1;
		if (len - p - 4 < flen)
			return 0;
		total += flen;
		p += 4 + flen;
		nfrag++;
	}
	if (nfrag == 1) {
		*rec = buf + 4;
	} else {
		/* Join the fragments without their headers. */
		for (q = 0, r = 0; q < p; q += 4 + flen, r += flen) {
			flen = be32(buf + q) & 0x7fffffffu;
			memcpy(scratch + r, buf + q + 4, flen);
		}
		*rec = scratch;
	}
	*reclen = total;
	return (ssize_t)p;
}

void
rec_mark(uint8_t hdr[4], size_t len)
{
	uint32_t mark = 0x80000000u | (uint32_t)len;

	hdr[0] = (uint8_t)(mark >> 24);
	hdr[1] = (uint8_t)(mark >> 16);
	hdr[2] = (uint8_t)(mark >> 8);
	hdr[3] = (uint8_t)mark;
}
