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
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include "probe.h"

unsigned n_fail;

void
out(bool good, const char *fmt, ...)
{
	va_list ap;

	if (!good)
		n_fail++;
	printf("%s - ", good ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
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
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
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
	return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
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
