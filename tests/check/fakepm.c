/*
 * fakepm — a fake portmapper that amplifies in datagrams, for t55-check:
 * what rpcbindd-check must call an amplifier although no single reply is
 * larger than the call.
 *
 *   fakepm [-x XPORT] ADDR PORT COUNT FACTOR MS
 *
 * Binds UDP ADDR:PORT and for MS milliseconds answers every call but DUMP
 * and GETSTAT (dropped, as rpcbindd drops them for remote callers) with
 * COUNT datagrams, each no larger than the call, FACTOR times the call's
 * size in all. Each datagram is the reply (accepted SUCCESS; GETPORT port
 * 20048, GETADDR an empty address) cut or zero-padded to its size. With
 * -x, the first datagram goes out from PORT and the others from a second
 * socket bound to ADDR:XPORT. Prints "ready" once bound, and at the end
 * how many calls it answered. alarm() caps the run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../common/probe.h"

#define CALL_BUF	2048
#define COUNT_MAX	100
#define FACTOR_MAX	100
#define MS_MAX		60000
#define CALLS_MAX	10000

static unsigned long
num(const char *s, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < min || v > max)
		die("bad number: %s (%lu to %lu)", s, min, max);
	return v;
}

static int
bound_socket(const char *addr, unsigned long port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	int fd;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
	} else {
		die("not an address: %s", addr);
	}
	fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		die("socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)ss, *len) == -1)
		die("bind %s port %lu: %s", addr, port, strerror(errno));
	return fd;
}

/* The reply to a call of version vers, procedure proc with the call's xid,
 * into reply (CALL_BUF bytes): how many of its bytes matter. */
static size_t
build_reply(const uint8_t *call, uint32_t vers, uint32_t proc, uint8_t *reply)
{
	memset(reply, 0, CALL_BUF);
	memcpy(reply, call, 4);			/* xid */
	put_be32(reply + 4, 1);			/* REPLY, then zeros: accepted,
						 * AUTH_NONE, SUCCESS */
	if (proc != 3)
		return 24;
	if (vers == 2)
		put_be32(reply + 24, 20048);	/* port */
	return 28;				/* or an empty universal address */
}

/*
 * COUNT datagrams of q or q + 1 bytes, FACTOR x the n-byte call, each the
 * reply's first rlen bytes zero-padded, to `from`: all in one sendmmsg per
 * socket (back to back, however loaded the machine), the first from fd, the
 * rest from xfd when there is one. How many went out.
 */
static unsigned long
amplify(int fd, int xfd, const uint8_t *reply, size_t rlen, size_t n,
    struct sockaddr_storage *from, socklen_t fl, unsigned long count, unsigned long factor)
{
	static uint8_t dgram[COUNT_MAX][CALL_BUF];
	static struct mmsghdr msgs[COUNT_MAX];
	static struct iovec iov[COUNT_MAX];
	size_t total = factor * n, q = total / count, rem = total % count, i;
	unsigned long sent = 0;
	unsigned first;
	int r;

	if (q + (rem > 0) > n)
		die("%lu datagrams of %zu bytes are larger than the "
		    "%zu-byte call", count, q + (rem > 0), n);
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < count; i++) {
		size_t len = q + (i < rem);

		memset(dgram[i], 0, len);
		memcpy(dgram[i], reply, len < rlen ? len : rlen);
		iov[i].iov_base = dgram[i];
		iov[i].iov_len = len;
		msgs[i].msg_hdr.msg_name = from;
		msgs[i].msg_hdr.msg_namelen = fl;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	first = xfd != -1 ? 1 : (unsigned)count;
	r = sendmmsg(fd, msgs, first, 0);
	if (r > 0)
		sent += (unsigned long)r;
	if (first < count) {
		r = sendmmsg(xfd, msgs + first, (unsigned)count - first, 0);
		if (r > 0)
			sent += (unsigned long)r;
	}
	return sent;
}

int
main(int argc, char **argv)
{
	static uint8_t call[CALL_BUF], reply[CALL_BUF];
	unsigned long xport = 0, port, count, factor, ms, calls = 0, sent = 0;
	struct sockaddr_storage ss, xss;
	socklen_t sl, xsl;
	int64_t end;
	int fd, xfd = -1, c;

	while ((c = getopt(argc, argv, "x:")) != -1) {
		if (c != 'x')
			die("usage: fakepm [-x XPORT] ADDR PORT COUNT FACTOR MS");
		xport = num(optarg, 1, 65535);
	}
	argc -= optind;
	argv += optind;
	if (argc != 5)
		die("usage: fakepm [-x XPORT] ADDR PORT COUNT FACTOR MS");
	port = num(argv[1], 1, 65535);
	count = num(argv[2], 1, COUNT_MAX);
	factor = num(argv[3], 1, FACTOR_MAX);
	ms = num(argv[4], 1, MS_MAX);
	alarm((unsigned)(ms / 1000 + 5));

	fd = bound_socket(argv[0], port, &ss, &sl);
	if (xport != 0)
		xfd = bound_socket(argv[0], xport, &xss, &xsl);
	printf("ready\n");
	fflush(stdout);

	end = now_ms() + (int64_t)ms;
	while (calls < CALLS_MAX) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		uint32_t proc, vers;
		int64_t left = end - now_ms();
		size_t rlen;
		ssize_t n;

		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = recvfrom(fd, call, sizeof(call), MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fl);
		if (n < 24 || be32(call + 4) != 0)	/* not a call */
			continue;
		vers = be32(call + 16);
		proc = be32(call + 20);
		if (proc == 4 || proc == 12)		/* DUMP, GETSTAT */
			continue;
		rlen = build_reply(call, vers, proc, reply);
		sent += amplify(fd, xfd, reply, rlen, (size_t)n, &from, fl, count, factor);
		calls++;
	}
	printf("answered %lu calls with %lu datagrams\n", calls, sent);
	return 0;
}
