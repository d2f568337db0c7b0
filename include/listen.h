/*
 * listen.h — the sockets rpcbindd serves: UDP and TCP on port 111 of
 * loopback (127.0.0.1, ::1), of every configured address and of the
 * wildcard address on every configured interface, and the local stream
 * socket, by path and by abstract name. Opened while privileged.
 */
#ifndef RPCBINDD_LISTEN_H
#define RPCBINDD_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <net/if.h>
#include <sys/socket.h>

#include "bounds.h"
#include "origin.h"

#define RPCBIND_PORT	111

struct config;

struct listener {
	int			fd;
	enum transport		tr;
	int			family;
	const char		*netid;
	struct sockaddr_storage	addr;	/* IP: the bound address */
	char			ifname[IFNAMSIZ]; /* bound to it ("": none) */
};

/* What -h asks for, decided at start, before any socket and the sandbox. */
struct listen_plan {
	/* Loopback, then every -h address and every address a -h host name
	 * resolves to, bound with IP(V6)_FREEBIND: one the host does not have
	 * yet (present false) is served once it is added. */
	struct sockaddr_storage	hosts[RB_LISTEN_MAX];
	bool			present[RB_LISTEN_MAX];
	size_t			nhosts;
	/* -h names of interfaces: the wildcard address bound to the device
	 * (SO_BINDTODEVICE), both families, serves whatever addresses it has
	 * over time, to what arrives on it only. */
	char			ifnames[RB_LISTEN_MAX / 2][IFNAMSIZ];
	size_t			nifs;
	/* The interfaces' addresses now (IPv6 link-local ones excepted),
	 * for the targets remote calls may reach. */
	struct sockaddr_storage	ifaddrs[RB_LISTEN_MAX];
	size_t			nifaddrs;
};

/*
 * Decides what to serve: a -h name that is an interface of this host is
 * one, any other is a host name resolved now (getaddrinfo: every address
 * it has). -1 with one line in err for a name that is neither, or for
 * more than RB_LISTEN_MAX addresses (an interface counts two).
 */
int	listen_plan(const struct config *, struct listen_plan *, char *err,
	    size_t errsize);
/* Opens every listener; -1 (after logging why) when one cannot be had,
 * errno telling why: EADDRINUSE when an IP port is taken. A foreign holder
 * of the abstract name is named and the daemon exits. An address the host
 * does not have yet is logged once. */
int	listen_open(const struct listen_plan *, const char *sock_path,
	    struct listener *, size_t max, size_t *n);
/* The netid of a listener of this family and transport: "udp", "tcp6",
 * "local"... */
const char *listen_netid(int family, enum transport);
/* A short text for the log: "127.0.0.1 udp+tcp". */
const char *listen_describe(const struct listener *, char *buf, size_t size);

#endif
