/*
 * uaddr.c — universal address conversions, bounded and allocation-free.
 *
 * libtirpc's uaddr2taddr()/taddr2uaddr() allocate and want a netconfig
 * entry (a file read); the daemon needs neither, and the unit tests check
 * these against libtirpc's results.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "uaddr.h"

/* Splits "host.p1.p2": copies host, returns the port or -1. */
static int
split(const char *uaddr, char *host, size_t hostsize)
{
	const char *d1, *d2;
	unsigned long p1, p2;
	char *end;
	size_t hlen;

	d2 = strrchr(uaddr, '.');
	if (d2 == NULL || d2 == uaddr)
		return -1;
	for (d1 = d2 - 1; d1 > uaddr && *d1 != '.'; d1--)
		;
	if (*d1 != '.')
		return -1;
	if (d1[1] < '0' || d1[1] > '9' || d2[1] < '0' || d2[1] > '9')
		return -1;
	p1 = strtoul(d1 + 1, &end, 10);
	if (end != d2 || p1 > 255)
		return -1;
	p2 = strtoul(d2 + 1, &end, 10);
	if (*end != '\0' || p2 > 255)
		return -1;
	hlen = (size_t)(d1 - uaddr);
	if (hlen == 0 || hlen >= hostsize)
		return -1;
	memcpy(host, uaddr, hlen);
	host[hlen] = '\0';
	return (int)(p1 << 8 | p2);
}

int
uaddr_to_sa(const char *uaddr, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[INET6_ADDRSTRLEN + 1];
	int port;

	memset(ss, 0, sizeof(*ss));
	if ((port = split(uaddr, host, sizeof(host))) == -1)
		return -1;
	if (strchr(host, ':') != NULL) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1)
			return -1;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
			return -1;
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*len = sizeof(*sin);
	}
	return 0;
}

static int	format(int, const void *, unsigned, char *, size_t);

/* Appends n (0..255) in decimal and a dot; returns the new end. */
static char *
put_byte(char *p, unsigned n)
{
	if (n >= 100)
		*p++ = (char)('0' + n / 100);
	if (n >= 10)
		*p++ = (char)('0' + n / 10 % 10);
	*p++ = (char)('0' + n % 10);
	*p++ = '.';
	return p;
}

int
uaddr_format(int family, const uint8_t *host, unsigned port, char *buf,
    size_t size)
{
	char tmp[sizeof("255.255.255.255.255.255")], *p = tmp;
	int i;

	if (family != AF_INET)
		return format(family, host, port, buf, size);
	for (i = 0; i < 4; i++)
		p = put_byte(p, host[i]);
	p = put_byte(p, port >> 8 & 0xff);
	p = put_byte(p, port & 0xff);
	p[-1] = '\0';
	if ((size_t)(p - tmp) > size)
		return -1;
	memcpy(buf, tmp, (size_t)(p - tmp));
	return 0;
}

static int
format(int af, const void *addr, unsigned port, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(af, addr, host, sizeof(host)) == NULL)
		return -1;
	n = snprintf(buf, size, "%s.%u.%u", host, port >> 8, port & 0xff);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
sa_to_uaddr(const struct sockaddr *sa, char *buf, size_t size)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		return format(AF_INET, &sin->sin_addr, ntohs(sin->sin_port),
		    buf, size);
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

		return format(AF_INET6, &sin6->sin6_addr, ntohs(sin6->sin6_port),
		    buf, size);
	}
	return -1;
}

int
uaddr_port(const char *uaddr)
{
	struct sockaddr_storage ss;
	socklen_t len;

	/* The whole address must parse, not only its last two numbers. */
	if (uaddr_to_sa(uaddr, &ss, &len) == -1)
		return -1;
	return ss.ss_family == AF_INET ?
	    ntohs(((struct sockaddr_in *)&ss)->sin_port) :
	    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static bool
sa_is_wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
		    INADDR_ANY;
	return IN6_IS_ADDR_UNSPECIFIED(
	    &((const struct sockaddr_in6 *)ss)->sin6_addr);
}

bool
uaddr_is_wildcard(const char *uaddr)
{
	struct sockaddr_storage ss;
	socklen_t len;

	return uaddr_to_sa(uaddr, &ss, &len) == 0 && sa_is_wildcard(&ss);
}
