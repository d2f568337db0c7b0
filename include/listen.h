/*
 * listen.h — the sockets rpcbindd serves: UDP and TCP on port 111 of
 * loopback (127.0.0.1, ::1) and of every configured address, and the local
 * stream socket, by path and by abstract name. Opened while privileged.
 */
#ifndef RPCBINDD_LISTEN_H
#define RPCBINDD_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "config.h"
#include "origin.h"

#define RPCBIND_PORT	111

struct listener {
	int			fd;
	enum transport		tr;
	int			family;
	const char		*netid;
	struct sockaddr_storage	addr;	/* IP: the bound address */
};

/*
 * The addresses to serve: loopback, every -h address, and every address of
 * every -h interface (IPv6 link-local ones excepted: they need a scope the
 * portmapper's universal addresses cannot carry). -1 with a message in err
 * for an interface that does not exist or has no address.
 */
int	listen_addresses(const struct config *, struct sockaddr_storage *,
	    size_t max, size_t *n, char *err, size_t errsize);
/* Opens every listener; -1 (after logging why) when one cannot be had,
 * errno telling why: EADDRINUSE when an IP port is taken. A foreign holder
 * of the abstract name is named and the daemon exits. */
int	listen_open(const struct sockaddr_storage *hosts, size_t nhosts,
	    const char *sock_path, struct listener *, size_t max, size_t *n);
/*
 * Sockets passed by systemd (LISTEN_PID/LISTEN_FDS, sd_listen_fds(3)'s
 * protocol): UDP, TCP and AF_UNIX stream sockets become listeners. Returns
 * how many (0: none were passed), or -1 after logging a socket we cannot
 * serve. The local socket's path, if one was passed, goes to sock_path.
 */
int	listen_inherited(struct listener *, size_t max, char *sock_path,
	    size_t pathsize);
/* Opens and connects the NOTIFY_SOCKET datagram socket while the path is
 * still reachable (before the chroot); -1 when there is none. */
int	listen_notify_open(void);
/* A short text for the log: "127.0.0.1 udp+tcp". */
const char *listen_describe(const struct listener *, char *buf, size_t size);

#endif
