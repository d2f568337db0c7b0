/*
 * wire.h — building XDR by hand for the unit tests, independently of
 * rpcbindd/xdr.c (which is what some of the tests check), and reading
 * big-endian words back out of a reply.
 */
#ifndef RPCBINDD_TESTS_WIRE_H
#define RPCBINDD_TESTS_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WB_MAX	16384

struct wb {
	uint8_t	b[WB_MAX];
	size_t	n;
};

static inline void
wb_u32(struct wb *w, uint32_t v)
{
	if (w->n + 4 > WB_MAX)
		abort();
	w->b[w->n++] = (uint8_t)(v >> 24);
	w->b[w->n++] = (uint8_t)(v >> 16);
	w->b[w->n++] = (uint8_t)(v >> 8);
	w->b[w->n++] = (uint8_t)v;
}

/* Raw bytes, zero-padded to a multiple of 4 (no length word). */
static inline void
wb_raw(struct wb *w, const void *p, size_t len)
{
	if (w->n + len + 3 > WB_MAX)
		abort();
	memcpy(w->b + w->n, p, len);
	w->n += len;
	while (w->n % 4)
		w->b[w->n++] = 0;
}

static inline void
wb_opaque(struct wb *w, const void *p, size_t len)
{
	wb_u32(w, (uint32_t)len);
	wb_raw(w, p, len);
}

static inline void
wb_str(struct wb *w, const char *s)
{
	wb_opaque(w, s, strlen(s));
}

/* A call header: rpcvers 2, AUTH_NONE credential and verifier. */
static inline void
wb_call(struct wb *w, uint32_t xid, uint32_t prog, uint32_t vers,
    uint32_t proc)
{
	w->n = 0;
	wb_u32(w, xid);
	wb_u32(w, 0);		/* CALL */
	wb_u32(w, 2);		/* rpcvers */
	wb_u32(w, prog);
	wb_u32(w, vers);
	wb_u32(w, proc);
	wb_u32(w, 0);		/* cred AUTH_NONE */
	wb_u32(w, 0);
	wb_u32(w, 0);		/* verf AUTH_NONE */
	wb_u32(w, 0);
}

/* The i-th big-endian word of a buffer (0 past its end). */
static inline uint32_t
word(const uint8_t *p, size_t len, size_t i)
{
	if (i * 4 + 4 > len)
		return 0;
	p += i * 4;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

#endif
