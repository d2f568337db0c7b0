/*
 * origin.c — which requests are LOCAL. Nothing here reads a socket: the
 * loop passes what the kernel reported (peer, destination, arrival
 * interface), so the rule is the same for the daemon and the fuzzers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "origin.h"

bool
origin_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr)
		    >> 24) == 127;
	if (ss->ss_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)ss)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) &&
		    a->s6_addr[12] == 127);
	}
	return false;
}

enum origin_class
origin_classify(enum transport tr, const struct sockaddr_storage *peer,
    const struct sockaddr_storage *self, unsigned ifindex, unsigned lo_ifindex)
{
	bool on_lo;

	switch (tr) {
	case TR_LOCAL:
		return ORIGIN_LOCAL;
	case TR_TCP:
		return origin_loopback(peer) && origin_loopback(self) ?
		    ORIGIN_LOCAL : ORIGIN_REMOTE;
	case TR_UDP:
		break;
	}
	on_lo = ifindex != 0 && ifindex == lo_ifindex;
	if (!origin_loopback(peer))
		/* On lo too: a local user may have bound any source. */
		return ORIGIN_REMOTE;
	/* The kernel delivers on lo only what this host sent; a loopback
	 * source anywhere else is forged. */
	return on_lo ? ORIGIN_LOCAL : ORIGIN_SPOOFED;
}
