/*
 * origin.h — where a request came from, as the transport layer saw it.
 * Filled by the loop from the socket (never from the request's contents).
 */
#ifndef RPCBINDD_ORIGIN_H
#define RPCBINDD_ORIGIN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

enum transport {
	TR_UDP,
	TR_TCP,
	TR_LOCAL,
};

struct origin {
	enum transport		tr;
	/* LOCAL class (DESIGN.md §1): the local socket, or an IP packet that
	 * arrived on the loopback interface. Never decided from the source
	 * address alone. */
	bool			local;
	/* IP source port below 1024: the sender had privilege. */
	bool			privport;
	/* Local socket: the peer's uid from SO_PEERCRED. */
	bool			has_uid;
	uint32_t		uid;
	/* The caller's transport: "udp", "tcp", "udp6", "tcp6" or "local". */
	const char		*netid;
	struct sockaddr_storage	peer;
	/* The address the request arrived on (IP only). */
	struct sockaddr_storage	self;
};

#endif
