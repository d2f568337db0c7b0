/*
 * fuzz_uaddr — universal addresses, as the daemon parses them (SET) and
 * formats them (GETADDR's merge, uaddr_format). Byte 0 sizes the output
 * buffer of uaddr_format (0 to 127 bytes, allocated to the byte so ASan
 * sees any overrun), bytes 1-18 make an address (bit 7 of byte 0: IPv6)
 * with its port; the rest is the universal address text (up to its first
 * NUL). Invariants:
 *  - an address that parses formats back to one that parses to the same
 *    address and port, and formats the same again (a fixed point);
 *  - any AF_INET/AF_INET6 address formats, and parses back to itself;
 *  - uaddr_port and uaddr_is_wildcard agree with uaddr_to_sa;
 *  - uaddr_format writes what sa_to_uaddr writes for the same host and
 *    port, terminated within its buffer, and fails only when that does
 *    not fit.
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

/* uaddr_format into `size` bytes agrees with sa_to_uaddr. */
static void
format_fits(const struct sockaddr_storage *ss, size_t size)
{
	const struct sockaddr_in *s4 = (const void *)ss;
	const struct sockaddr_in6 *s6 = (const void *)ss;
	char want[RB_UADDR_MAX + 1], *out;
	int r;

	if (sa_to_uaddr((const struct sockaddr *)ss, want, sizeof(want)) == -1)
		abort();
	if ((out = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	r = ss->ss_family == AF_INET ?
	    uaddr_format(AF_INET, (const uint8_t *)&s4->sin_addr,
	    ntohs(s4->sin_port), out, size) :
	    uaddr_format(AF_INET6, s6->sin6_addr.s6_addr, ntohs(s6->sin6_port),
	    out, size);
	if (r != (strlen(want) < size ? 0 : -1) ||
	    (r == 0 && strcmp(out, want) != 0))
		abort();
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[16384];
	struct sockaddr_storage ss, self;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&self;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&self;
	socklen_t len;
	int ok;

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

	format_fits(&self, data[0] & 0x7f);
	if (ok)
		format_fits(&ss, data[0] & 0x7f);
	return 0;
}
