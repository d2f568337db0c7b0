/*
 * xdr.h — bounded XDR cursors over caller-owned buffers.
 *
 * A reader or writer latches its first error: callers read or write several
 * fields and check `err` once. Nothing allocates; strings are copied into
 * fixed buffers after their declared length is checked against both the
 * buffer and the bytes actually present, so a length claimed by a peer can
 * never make us read past the datagram or reserve memory.
 */
#ifndef RPCBINDD_XDR_H
#define RPCBINDD_XDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xdr_in {
	const uint8_t	*p;
	const uint8_t	*end;
	bool		 err;
};

struct xdr_out {
	uint8_t		*base;
	uint8_t		*p;
	uint8_t		*end;
	bool		 err;
};

static inline void
xin_init(struct xdr_in *x, const void *buf, size_t len)
{
	x->p = buf;
	x->end = x->p + len;
	x->err = false;
}

static inline size_t
xin_left(const struct xdr_in *x)
{
	return (size_t)(x->end - x->p);
}

static inline uint32_t
xin_u32(struct xdr_in *x)
{
	uint32_t v;

	if (x->err || xin_left(x) < 4) {
		x->err = true;
		return 0;
	}
	v = (uint32_t)x->p[0] << 24 | (uint32_t)x->p[1] << 16 |
	    (uint32_t)x->p[2] << 8 | x->p[3];
	x->p += 4;
	return v;
}

static inline void
xout_init(struct xdr_out *x, void *buf, size_t cap)
{
	x->base = x->p = buf;
	x->end = x->base + cap;
	x->err = false;
}

static inline size_t
xout_len(const struct xdr_out *x)
{
	return (size_t)(x->p - x->base);
}

static inline void
xout_u32(struct xdr_out *x, uint32_t v)
{
	if (x->err || x->end - x->p < 4) {
		x->err = true;
		return;
	}
	x->p[0] = (uint8_t)(v >> 24);
	x->p[1] = (uint8_t)(v >> 16);
	x->p[2] = (uint8_t)(v >> 8);
	x->p[3] = (uint8_t)v;
	x->p += 4;
}

/* Reads a string of at most `size - 1` bytes into `buf`, NUL-terminated.
 * Longer strings, embedded NULs and short data set the error. */
void		 xin_string(struct xdr_in *, char *buf, size_t size);
/* Points `*data` at an opaque<max> in place; no copy. */
const uint8_t	*xin_opaque(struct xdr_in *, uint32_t *lenp, uint32_t max);
/* Fixed-length opaque in place (padding skipped). */
const uint8_t	*xin_fixed(struct xdr_in *, uint32_t len);

void		 xout_string(struct xdr_out *, const char *);
void		 xout_opaque(struct xdr_out *, const void *, uint32_t len);

#endif
