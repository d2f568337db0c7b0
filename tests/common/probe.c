/*
 * tests/common/probe.c — helpers shared by the wire probes; see probe.h.
 * Every loop has a bound and every wait a deadline.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

unsigned n_fail, tap_n;
uint32_t probe_xid;
const struct call_hdr call_none = { MT_CALL, 2, AUTH_NONE_F, AUTH_NONE_F, NULL, NULL, 0, 0 };

/* "ok" / "not ok", the number when there is one, the text, the end. */
static void
line(bool good, unsigned num, const char *end, const char *fmt, va_list ap)
{
	if (!good)
		n_fail++;
	tap_vline(good, num, end, fmt, ap);
}

void
out(bool good, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line(good, 0, "", fmt, ap);
	va_end(ap);
}

bool
tap(bool good, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line(good, ++tap_n, "", fmt, ap);
	va_end(ap);
	return good;
}

void
tap_skip(const char *why, const char *fmt, ...)
{
	char end[160];
	va_list ap;

	snprintf(end, sizeof end, " # SKIP %s", why);
	va_start(ap, fmt);
	line(true, ++tap_n, end, fmt, ap);
	va_end(ap);
}

bool
probe_num(const char *s, int base, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, base);
	return errno == 0 && *s != '\0' && *end == '\0' && *v <= max;
}

void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	int i;

	for (i = 0; i < 100 && nanosleep(&ts, &ts) == -1 && errno == EINTR; i++)
		;
}

uint32_t
r_u32(struct rb *r)
{
	const uint8_t *q;

	if (r->err || r->n - r->off < 4) {
		r->err = true;
		return 0;
	}
	q = r->p + r->off;
	r->off += 4;
	return be32(q);
}

size_t
r_opaque(struct rb *r, uint8_t *out, size_t max)
{
	uint32_t len = r_u32(r);
	size_t padded;

	if (r->err)
		return 0;
	if (len > max) {
		r->err = true;
		return 0;
	}
	padded = ((size_t)len + 3) & ~(size_t)3;
	if (r->n - r->off < padded) {
		r->err = true;
		return 0;
	}
	if (len > 0)
		memcpy(out, r->p + r->off, len);
	r->off += padded;
	return len;
}

void
r_str(struct rb *r, char *out, size_t max)
{
	size_t len = r_opaque(r, (uint8_t *)out, max - 1);

	out[r->err ? 0 : len] = '\0';
	if (!r->err && memchr(out, '\0', len) != NULL)
		r->err = true;
}

bool
r_end(const struct rb *r)
{
	return !r->err && r->off == r->n;
}

int
probe_connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	if (connect(fd, sa, len) == -1) {
		diag("connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
probe_send_all(int fd, const uint8_t *p, size_t n)
{
	size_t off = 0;
	ssize_t r;
	int i;

	for (i = 0; off < n && i < 10000; i++) {
		r = send(fd, p + off, n - off, MSG_NOSIGNAL);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)r;
	}
	return off == n ? 0 : -1;
}

int
probe_read_full(int fd, uint8_t *p, size_t n, int64_t deadline)
{
	size_t off = 0;
	ssize_t r;
	int i;

	for (i = 0; off < n && i < 100000; i++) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int64_t left = deadline - now_ms();

		if (left <= 0)
			return 0;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = recv(fd, p + off, n - off, MSG_DONTWAIT);
		if (r == 0)
			return -1;
		if (r == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		off += (size_t)r;
	}
	return off == n ? 1 : 0;
}

/* One datagram: poll, then a non-blocking recv (another reader may have
 * taken it). */
static long
recv_dgram(int fd, uint8_t *buf, size_t max, int64_t deadline)
{
	for (int i = 0; i < 1000; i++) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (left <= 0)
			return PROBE_NONE;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = recv(fd, buf, max, MSG_DONTWAIT);
		if (r >= 0)
			return (long)r;
		if (errno == ECONNREFUSED)
			return PROBE_REFUSED;
		if (errno != EINTR && errno != EAGAIN)
			return PROBE_CLOSED;
	}
	return PROBE_NONE;
}

/* One record: fragments until the last, joined in buf. */
static long
recv_record(int fd, uint8_t *buf, size_t max, int64_t deadline)
{
	size_t total = 0;

	for (int frag = 0; frag < PROBE_MAX_FRAGS; frag++) {
		uint8_t h[4];
		uint32_t len;
		int r = probe_read_full(fd, h, 4, deadline);

		if (r != 1)
			return r == 0 ? PROBE_NONE : PROBE_CLOSED;
		len = be32(h) & 0x7fffffffu;
		if (len > max - total)
			return PROBE_TOOBIG;
		r = probe_read_full(fd, buf + total, len, deadline);
		if (r != 1)
			return r == 0 ? PROBE_NONE : PROBE_CLOSED;
		total += len;
		if (be32(h) & 0x80000000u)
			return (long)total;
	}
	return PROBE_TOOBIG;
}

long
probe_recv_msg(int fd, bool stream, uint8_t *buf, size_t max, int64_t deadline)
{
	return stream ? recv_record(fd, buf, max, deadline) : recv_dgram(fd, buf, max, deadline);
}

long
probe_recv_xid(int fd, bool stream, uint32_t xid, uint8_t *buf, size_t max, int64_t deadline)
{
	for (int k = 0; k < 64; k++) {
		long n = probe_recv_msg(fd, stream, buf, max, deadline);

		if (n < 0)
			return n;
		if (n >= 4 && be32(buf) == xid)
			return n;
	}
	return PROBE_NONE;
}

bool
rpc_reply_parse(const uint8_t *p, size_t n, struct rpc_reply *rp)
{
	struct rb r = { p, n, 0, false };
	uint32_t mtype, vlen = 0;
	size_t padded;

	rp->xid = r_u32(&r);
	mtype = r_u32(&r);
	rp->rstat = r_u32(&r);
	rp->astat = rp->rjstat = rp->lo = rp->hi = rp->authstat = UINT32_MAX;
	rp->res = (struct rb){ p + n, 0, 0, true };
	if (rp->rstat == RS_ACCEPTED) {
		(void)r_u32(&r);	/* the verifier's flavour, its body skipped */
		vlen = r_u32(&r);
		padded = ((size_t)vlen + 3) & ~(size_t)3;
		if (!r.err && padded > r.n - r.off)
			r.err = true;
		if (!r.err)
			r.off += padded;
		rp->astat = r_u32(&r);
		rp->res = (struct rb){ p + r.off, r.err ? 0 : n - r.off, 0, r.err };
		if (rp->astat == AS_SUCCESS)
			return !r.err && mtype == MT_REPLY && vlen <= MAX_AUTH_BYTES;
		if (rp->astat == AS_PROG_MISMATCH) {
			rp->lo = r_u32(&r);
			rp->hi = r_u32(&r);
		}
	} else if (rp->rstat == RS_DENIED) {
		rp->rjstat = r_u32(&r);
		if (rp->rjstat == RJ_RPC_MISMATCH) {
			rp->lo = r_u32(&r);
			rp->hi = r_u32(&r);
		} else if (rp->rjstat == RJ_AUTH_ERROR) {
			rp->authstat = r_u32(&r);
		} else {
			r.err = true;
		}
	} else {
		r.err = true;
	}
	return !r.err && r.off == r.n && mtype == MT_REPLY && vlen <= MAX_AUTH_BYTES;
}
