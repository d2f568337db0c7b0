/*
 * net.c — lists of networks: "198.51.100.0/24,2001:db8::/32" parsed into a
 * fixed table (at most RB_NETS_MAX), and an address matched against it.
 * A bare address is a network of one (/32, /128).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "net.h"

/* A prefix length: decimal digits only, at most max. */
static int
parse_prefix(const char *s, unsigned max, unsigned *v)
{
	unsigned long long n;

	if (dec_parse(s, max, &n) == -1)
		return -1;
	*v = (unsigned)n;
	return 0;
}

static int
parse_net(const char *s, struct net *n)
{
	/* An IPv6 address, "/128" and a little room; longer is no network. */
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	unsigned max;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	memset(n, 0, sizeof(*n));
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, n->addr) == 1) {
		n->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, n->addr) == 1) {
		n->family = AF_INET6;
		max = 128;
	} else
		return -1;
	n->prefix = max;
	if (slash != NULL && parse_prefix(slash, max, &n->prefix) == -1)
		return -1;
	return 0;
}

int
net_parse_list(const char *s, struct netlist *l, char *err, size_t errsize)
{
	char item[RB_NET_TEXT_MAX + 1];
	const char *p = s, *comma;
	size_t len;

	do {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof(item)) {
			snprintf(err, errsize, "'%s' has an empty or overlong "
			    "network", s);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (l->n == RB_NETS_MAX) {
			snprintf(err, errsize, "more than %d networks",
			    RB_NETS_MAX);
			return -1;
		}
		if (parse_net(item, &l->nets[l->n]) == -1) {
			snprintf(err, errsize, "'%s' is not a network like "
			    "198.51.100.0/24 or 2001:db8::/32", item);
			return -1;
		}
		l->n++;
		if (comma != NULL)
			p = comma + 1;
	} while (comma != NULL);
	return 0;
}

bool
net_contains(const struct netlist *l, const struct sockaddr_storage *ss)
{
	const uint8_t *a;
	size_t i;
	unsigned full, rest;

	if (ss->ss_family == AF_INET)
		a = (const uint8_t *)&((const struct sockaddr_in *)ss)->sin_addr;
	else if (ss->ss_family == AF_INET6)
		a = ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
	else
		return false;
	for (i = 0; i < l->n; i++) {
		const struct net *n = &l->nets[i];

		if (n->family != ss->ss_family)
			continue;
		full = n->prefix / 8;
		rest = n->prefix % 8;
		if (memcmp(a, n->addr, full) != 0)
			continue;
		if (rest != 0 && ((a[full] ^ n->addr[full]) &
		    (uint8_t)(0xff << (8 - rest))) != 0)
			continue;
		return true;
	}
	return false;
}
