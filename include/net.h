/*
 * net.h — lists of networks (CIDR), as the allow options give them
 * (--allow-dump, --allow-lookups): parsed once from the command line,
 * matched by policy against a caller's address.
 */
#ifndef RPCBINDD_NET_H
#define RPCBINDD_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bounds.h"

struct net {
	int		family;		/* AF_INET or AF_INET6 */
	uint8_t		addr[16];
	unsigned	prefix;		/* leading bits that must match */
};

struct netlist {
	size_t		n;
	struct net	nets[RB_NETS_MAX];
};

/* Whether ss (AF_INET or AF_INET6) lies in one of the networks. */
bool	net_contains(const struct netlist *, const struct sockaddr_storage *);
/* Parses "NET[,NET...]" and appends; -1 with the bad element in err. */
int	net_parse_list(const char *, struct netlist *, char *err, size_t);

#endif
