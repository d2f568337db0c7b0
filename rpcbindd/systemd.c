/*
 * systemd.c — socket activation and readiness notification, the two
 * protocols of systemd the daemon speaks (sd_listen_fds(3), sd_notify(3)),
 * without libsystemd. Both run while privileged, before the chroot: the
 * notify socket's path is outside it.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen.h"
#include "log.h"
#include "systemd.h"

#define SD_LISTEN_FDS_START	3

/* LISTEN_FDS when LISTEN_PID names this process, else NULL. */
static const char *
listen_fds_ours(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	char *end;
	long want;

	if (pid == NULL || fds == NULL)
		return NULL;
	want = strtol(pid, &end, 10);
	return *end == '\0' && want == (long)getpid() ? fds : NULL;
}

bool
systemd_activated(void)
{
	return listen_fds_ours() != NULL;
}

/* An inherited UDP socket reports where each datagram arrived (as ours
 * do); a TCP one must already listen. */
static int
inherit_ip(int fd, int type, struct listener *l)
{
	int on = 1, listening;
	socklen_t len;

	l->tr = type == SOCK_DGRAM ? TR_UDP : TR_TCP;
	if (l->tr == TR_UDP && setsockopt(fd,
	    l->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
	    l->family == AF_INET ? IP_PKTINFO : IPV6_RECVPKTINFO, &on,
	    sizeof(on)) == -1) {
		log_warn("IP_PKTINFO on inherited socket %d", fd);
		return -1;
	}
	len = sizeof(listening);
	if (l->tr == TR_TCP && (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN,
	    &listening, &len) == -1 || !listening)) {
		log_warnx("inherited TCP socket %d is not listening", fd);
		return -1;
	}
	return 0;
}

/* Descriptor fd as a listener, or -1 after logging why it cannot be. */
static int
inherit_one(int fd, struct listener *l, char *sock_path, size_t pathsize)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int type;

	len = sizeof(type);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1) {
		log_warn("inherited descriptor %d is not a socket", fd);
		return -1;
	}
	len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		log_warn("getsockname on inherited socket %d", fd);
		return -1;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1) {
		log_warn("fcntl on inherited socket %d", fd);
		return -1;
	}
	l->fd = fd;
	l->family = ss.ss_family;
	l->addr = ss;
	l->ifname[0] = '\0';
	if (ss.ss_family == AF_LOCAL && type == SOCK_STREAM) {
		const struct sockaddr_un *sun = (struct sockaddr_un *)&ss;

		l->tr = TR_LOCAL;
		/* The path one (not the abstract twin) names "local". */
		if (sun->sun_path[0] != '\0' &&
		    strlen(sun->sun_path) < pathsize)
			strcpy(sock_path, sun->sun_path);
	} else if ((ss.ss_family == AF_INET || ss.ss_family == AF_INET6) &&
	    (type == SOCK_DGRAM || type == SOCK_STREAM)) {
		if (inherit_ip(fd, type, l) == -1)
			return -1;
	} else {
		log_warnx("inherited socket %d is neither UDP, TCP nor a "
		    "local stream socket", fd);
		return -1;
	}
	l->netid = listen_netid(ss.ss_family, l->tr);
	return 0;
}

int
systemd_inherited(struct listener *ls, size_t max, char *sock_path,
    size_t pathsize)
{
	const char *fds = listen_fds_ours();
	char *end;
	long nfd, i;

	if (fds == NULL)
		return 0;
	nfd = strtol(fds, &end, 10);
	if (*end != '\0' || nfd < 1 || (size_t)nfd > max) {
		log_warnx("LISTEN_FDS=%s: expected 1 to %zu sockets", fds, max);
		return -1;
	}
	for (i = 0; i < nfd; i++)
		if (inherit_one(SD_LISTEN_FDS_START + (int)i, &ls[i], sock_path,
		    pathsize) == -1)
			return -1;
	/* As sd_listen_fds(3) does: they describe this process alone. */
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return (int)nfd;
}

int
systemd_notify_open(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	socklen_t len;
	size_t plen;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@'))
		return -1;
	plen = strlen(path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_LOCAL;
	if (plen >= sizeof(sun.sun_path))
		return -1;
	memcpy(sun.sun_path, path, plen);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';	/* abstract */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen);
	fd = socket(AF_LOCAL, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, len) == -1) {
		log_warn("NOTIFY_SOCKET %s", path);
		close(fd);
		return -1;
	}
	unsetenv("NOTIFY_SOCKET");
	return fd;
}

void
systemd_notify_ready(int fd)
{
	static const char ready[] = "READY=1\nSTATUS=serving";

	if (fd == -1)
		return;
	if (write(fd, ready, sizeof(ready) - 1) == -1)
		log_warn("notifying systemd");
	close(fd);
}
