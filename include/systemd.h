/*
 * systemd.h — the two protocols systemd speaks to the services it starts,
 * built in (no libsystemd): socket activation, the sockets handed over as
 * LISTEN_FDS descriptors from fd 3 when LISTEN_PID is ours
 * (sd_listen_fds(3)), and readiness, a datagram to NOTIFY_SOCKET
 * (sd_notify(3)).
 */
#ifndef RPCBINDD_SYSTEMD_H
#define RPCBINDD_SYSTEMD_H

#include <stdbool.h>
#include <stddef.h>

struct listener;

/* Whether systemd passed the sockets (then -h is not used). */
bool	systemd_activated(void);
/*
 * The sockets systemd passed: UDP, TCP and AF_UNIX stream sockets become
 * listeners. Returns how many (0: none were passed), or -1 after logging a
 * socket we cannot serve. The local socket's path, if one was passed, goes
 * to sock_path.
 */
int	systemd_inherited(struct listener *, size_t max, char *sock_path,
	    size_t pathsize);
/* Opens and connects the NOTIFY_SOCKET datagram socket while the path is
 * still reachable (before the chroot); -1 when there is none. */
int	systemd_notify_open(void);
/* Tells systemd (Type=notify) that every socket is served, on the socket
 * systemd_notify_open gave (nothing when -1), and closes it. */
void	systemd_notify_ready(int fd);

#endif
