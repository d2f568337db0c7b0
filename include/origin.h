/*
 * origin.h — where a request came from, as the transport layer saw it.
 * Filled by the loop from the socket (never from the request's contents).
 */
#ifndef RPCBINDD_ORIGIN_H
#define RPCBINDD_ORIGIN_H

#include <arpa/inet.h>
#include <netinet/in.h>
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
	/* LOCAL class, decided by origin_classify: the local socket, or an
	 * IP packet from a loopback source that arrived on the loopback
	 * interface, both (the source address alone can be spoofed; see
	 * doc/ARCHITECTURE.md on locality). */
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

enum origin_class {
	ORIGIN_REMOTE,
	ORIGIN_LOCAL,
	ORIGIN_SPOOFED,		/* a loopback source off `lo`: drop it */
};

/* 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
bool	origin_loopback(const struct sockaddr_storage *);
/*
 * Whether a request is local. Pure (the fuzzers drive it). For UDP,
 * ifindex is the arrival interface and lo_ifindex the loopback one: local
 * needs both a loopback source and arrival on lo, because any local user
 * may send on lo from a foreign source (IPV6_FREEBIND) and a reply to it
 * would leave the host. For TCP the handshake proves the peer address:
 * local needs a loopback peer and a loopback address of ours (ifindex is
 * not used). The local socket is always local.
 */
enum origin_class origin_classify(enum transport,
	    const struct sockaddr_storage *peer,
	    const struct sockaddr_storage *self, unsigned ifindex,
	    unsigned lo_ifindex);

/* An IP source port below 1024: the sender had privilege. Inline: it is
 * on every datagram's path. */
static inline bool
origin_privport(const struct sockaddr_storage *ss)
{
	uint16_t port = ss->ss_family == AF_INET ?
	    ntohs(((const struct sockaddr_in *)ss)->sin_port) :
	    ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);

	return port > 0 && port < IPPORT_RESERVED;
}

#endif
