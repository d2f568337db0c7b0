/*
 * fuzz_uaddr — universal addresses. Byte 0 sizes the output buffer of
 * uaddr_merge (0 to 127 bytes, allocated to the byte so ASan sees any
 * overrun), bytes 1-18 make the `self` address (bit 7 of byte 0: IPv6)
 * and a raw sockaddr; the rest is the universal address text (up to its
 * first NUL). Invariants:
 *  - an address that parses formats back to one that parses to the same
 *    address and port, and formats the same again (a fixed point);
 *  - any AF_INET/AF_INET6 address formats, and parses back to itself;
 *  - uaddr_port and uaddr_is_wildcard agree with uaddr_to_sa;
 *  - uaddr_merge writes a terminated string within its buffer, fails
 *    only when the result does not fit, returns the registered address
 *    unless it is a wildcard of self's family, and then self's host with
 *    the registered port.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "uaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define HDR	19

static bool
same_sa(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		    a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a->ss_family == AF_INET6 && a6->sin6_port == b6->sin6_port &&
	    memcmp(&a6->sin6_addr, &b6->sin6_addr, 16) == 0;
}

static int
port_of(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET ?
	    ((const struct sockaddr_in *)ss)->sin_port :
	    ((const struct sockaddr_in6 *)ss)->sin6_port);
}

/* sa → text → sa is the identity; the text parses and is a fixed point. */
static void
roundtrip(const struct sockaddr_storage *ss)
{
	struct sockaddr_storage back;
	socklen_t len;
	char t1[RB_UADDR_MAX + 1], t2[RB_UADDR_MAX + 1];

	if (sa_to_uaddr((const struct sockaddr *)ss, t1, sizeof(t1)) == -1 ||
	    uaddr_to_sa(t1, &back, &len) == -1 || !same_sa(ss, &back) ||
	    len != (ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
	    sizeof(struct sockaddr_in6)) ||
	    sa_to_uaddr((const struct sockaddr *)&back, t2, sizeof(t2)) == -1 ||
	    strcmp(t1, t2) != 0 || uaddr_port(t1) != port_of(ss))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[16384], big[RB_UADDR_MAX * 2 + 64];
	struct sockaddr_storage ss, self, raw;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&self;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&self;
	socklen_t len;
	size_t outsize;
	char *out;
	int r, rbig, ok;

	if (size < HDR || size - HDR >= sizeof(text))
		return 0;
	memcpy(text, data + HDR, size - HDR);
	text[size - HDR] = '\0';

	memset(&self, 0, sizeof(self));
	if (data[0] & 0x80) {
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, data + 1, 16);
		memcpy(&s6->sin6_port, data + 17, 2);
	} else {
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, data + 1, 4);
		memcpy(&s4->sin_port, data + 5, 2);
	}
	roundtrip(&self);

	ok = uaddr_to_sa(text, &ss, &len) == 0;
	if (ok) {
		bool any = ss.ss_family == AF_INET ?
		    ((struct sockaddr_in *)&ss)->sin_addr.s_addr == INADDR_ANY :
		    IN6_IS_ADDR_UNSPECIFIED(
		    &((struct sockaddr_in6 *)&ss)->sin6_addr);

		if ((ss.ss_family != AF_INET && ss.ss_family != AF_INET6) ||
		    uaddr_port(text) != port_of(&ss) ||
		    uaddr_is_wildcard(text) != any)
			abort();
		roundtrip(&ss);
	} else if (uaddr_port(text) != -1 || uaddr_is_wildcard(text))
		abort();

	outsize = data[0] & 0x7f;
	if ((out = malloc(outsize > 0 ? outsize : 1)) == NULL)
		abort();
	r = uaddr_merge(text, (const struct sockaddr *)&self, out, outsize);
	rbig = uaddr_merge(text, (const struct sockaddr *)&self, big,
	    sizeof(big));
	if (r == 0 && (memchr(out, '\0', outsize) == NULL ||
	    strcmp(out, big) != 0))
		abort();
	if (rbig == -1 ? strlen(text) < sizeof(big) :
	    r == -1 && strlen(big) < outsize)
		abort();
	if (rbig == 0) {
		if (!ok || !uaddr_is_wildcard(text) ||
		    ss.ss_family != self.ss_family) {
			if (strcmp(big, text) != 0)
				abort();
		} else {
			/* self's host, the registered port. */
			if (uaddr_to_sa(big, &raw, &len) == -1 ||
			    port_of(&raw) != port_of(&ss) ||
			    (self.ss_family == AF_INET ?
			    ((struct sockaddr_in *)&raw)->sin_addr.s_addr !=
			    s4->sin_addr.s_addr :
			    memcmp(&((struct sockaddr_in6 *)&raw)->sin6_addr,
			    &s6->sin6_addr, 16) != 0))
				abort();
		}
	}
	free(out);
	return 0;
}
