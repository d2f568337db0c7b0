/*
 * unit.h — what several unit tests need besides TAP (tap.h) and hand-built
 * XDR (wire.h): socket addresses from their text, array lengths, and heap
 * copies of exactly a buffer's size (so that a build with
 * --enable-sanitizers reports any read past the end).
 */
#ifndef RPCBINDD_TESTS_UNIT_H
#define RPCBINDD_TESTS_UNIT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* An IPv4 or IPv6 address (text with a ':' is IPv6) and a port; text that
 * is neither aborts, so that a typo in a test cannot pass as 0.0.0.0. */
static inline struct sockaddr_storage
ss_port(const char *text, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(text, ':') != NULL) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, text, &sin6->sin6_addr) != 1)
			abort();
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		if (inet_pton(AF_INET, text, &sin->sin_addr) != 1)
			abort();
	}
	return ss;
}

static inline struct sockaddr_storage
ss_of(const char *text)
{
	return ss_port(text, 0);
}

/* A malloc'ed copy of exactly `len` bytes (one byte for an empty one). */
static inline uint8_t *
heap_copy(const void *p, size_t len)
{
	uint8_t *h = malloc(len ? len : 1);

	if (h == NULL)
		abort();
	memcpy(h, p, len);
	return h;
}

#endif
