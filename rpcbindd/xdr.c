/*
 * xdr.c — the out-of-line parts of the bounded XDR cursors (see xdr.h).
 */
#include <string.h>

#include "xdr.h"

static uint32_t
padded(uint32_t len)
{
	return (len + 3) & ~(uint32_t)3;
}

const uint8_t *
xin_fixed(struct xdr_in *x, uint32_t len)
{
	const uint8_t *data;

	/* padded() cannot wrap for the lengths callers pass (checked first). */
	if (x->err || len > UINT32_MAX - 3 || xin_left(x) < padded(len)) {
		x->err = true;
		return NULL;
	}
	data = x->p;
	x->p += padded(len);
	return data;
}

const uint8_t *
xin_opaque(struct xdr_in *x, uint32_t *lenp, uint32_t max)
{
	uint32_t len;

	len = xin_u32(x);
	if (x->err || len > max) {
		x->err = true;
		*lenp = 0;
		return NULL;
	}
	*lenp = len;
	return xin_fixed(x, len);
}

void
xin_string(struct xdr_in *x, char *buf, size_t size)
{
	const uint8_t *data;
	uint32_t len;

	buf[0] = '\0';
	data = xin_opaque(x, &len, (uint32_t)(size - 1));
	if (data == NULL)
		return;
	if (memchr(data, '\0', len) != NULL) {
		x->err = true;
		return;
	}
	memcpy(buf, data, len);
	buf[len] = '\0';
}

void
xout_opaque(struct xdr_out *x, const void *data, uint32_t len)
{
	uint32_t pad;

	xout_u32(x, len);
	if (x->err)
		return;
	pad = padded(len) - len;
	if ((size_t)(x->end - x->p) < (size_t)len + pad) {
		x->err = true;
		return;
	}
	if (len > 0)
		memcpy(x->p, data, len);
	x->p += len;
	memset(x->p, 0, pad);
	x->p += pad;
}

void
xout_string(struct xdr_out *x, const char *s)
{
	xout_opaque(x, s, (uint32_t)strlen(s));
}
