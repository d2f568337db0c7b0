/*
 * tests/common/be.h — a big-endian 32-bit word read from and written to
 * bytes, for every test program that handles wire or file formats by hand
 * (the probes through probe.h, fakepm, stfile). Header-only: it needs no
 * object in a program's sources.
 */
#ifndef TESTS_COMMON_BE_H
#define TESTS_COMMON_BE_H

#include <stdint.h>

static inline uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
