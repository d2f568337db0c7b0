/*
 * tests/common/probe.h — helpers shared by the hand-built wire probes
 * (tests/proto/rpcprobe, tests/bounds/bndprobe, tests/exposure/expprobe,
 * tests/abuse/abprobe): "ok - / not ok - / # " output, monotonic clocks,
 * a bounded sleep, big-endian reads, bounded stream send and receive.
 *
 * A program that defines WB_MAX before including this header also gets the
 * error-latching big-endian writer (struct wb of WB_MAX bytes, w_raw, w_u32,
 * w_opaque, w_str) as static functions sized for it.
 *
 * No libtirpc here: the probes must be able to send what no library would.
 */
#ifndef TESTS_COMMON_PROBE_H
#define TESTS_COMMON_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------- output */

/* Assertions out() has printed as "not ok". */
extern unsigned n_fail;

/* "ok - TEXT" or "not ok - TEXT" (counted in n_fail), flushed. */
void out(bool good, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "# TEXT", flushed. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --------------------------------------------------------------- time */

int64_t now_ms(void);
int64_t now_us(void);
/* Sleeps ms milliseconds, resuming after at most 100 interruptions. */
void sleep_ms(unsigned ms);

/* ---------------------------------------------------- big-endian data */

uint32_t be32(const uint8_t *p);

/* A reader that latches its first error. */
struct rb {
	const uint8_t *p;
	size_t n, off;
	bool err;
};

uint32_t r_u32(struct rb *r);

/* ------------------------------------------------------------ streams */

/* 0 when every byte went out (at most 10000 send() calls), else -1. */
int probe_send_all(int fd, const uint8_t *p, size_t n);
/* Exactly n bytes with recv() before the deadline (now_ms() clock): 1 when
 * they came, 0 at the deadline, -1 on EOF or error. */
int probe_read_full(int fd, uint8_t *p, size_t n, int64_t deadline);

/* ------------------------------------------ big-endian writer (WB_MAX) */

#ifdef WB_MAX
struct wb {
	uint8_t b[WB_MAX];
	size_t n;
	bool err;
};

static inline void
w_raw(struct wb *w, const void *p, size_t len)
{
	if (len == 0 || w->err)
		return;
	if (len > WB_MAX - w->n) {
		w->err = true;
		return;
	}
	memcpy(w->b + w->n, p, len);
	w->n += len;
}

static inline void
w_u32(struct wb *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	w_raw(w, b, 4);
}

/* opaque<> / string<>: length, bytes, zero padding to 4 */
static inline void
w_opaque(struct wb *w, const void *p, size_t len)
{
	static const uint8_t zero[4];

	w_u32(w, (uint32_t)len);
	w_raw(w, p, len);
	w_raw(w, zero, (4 - len % 4) % 4);
}

static inline void
w_str(struct wb *w, const char *s)
{
	w_opaque(w, s, strlen(s));
}
#endif /* WB_MAX */

#endif
