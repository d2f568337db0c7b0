/*
 * listen.c — creating the sockets.
 *
 * Each IP address gets a UDP socket (with IP_PKTINFO / IPV6_RECVPKTINFO, so
 * the loop learns the arrival interface and destination address of every
 * datagram and can answer from the address that was asked) and a TCP
 * listener. IPv6 sockets are IPV6_V6ONLY: an IPv4 peer never reaches us
 * through a mapped address we did not configure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen.h"
#include "log.h"

#define LISTEN_BACKLOG	128

static const char *
netid_for(int family, enum transport tr)
{
	if (tr == TR_LOCAL)
		return "local";
	if (family == AF_INET6)
		return tr == TR_UDP ? "udp6" : "tcp6";
	return tr == TR_UDP ? "udp" : "tcp";
}

static const char *
addr_text(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	const void *a = ss->ss_family == AF_INET ?
	    (const void *)&((const struct sockaddr_in *)ss)->sin_addr :
	    (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr;

	if (inet_ntop(ss->ss_family, a, buf, (socklen_t)size) == NULL)
		snprintf(buf, size, "?");
	return buf;
}

static int
open_ip(const struct sockaddr_storage *host, enum transport tr,
    struct listener *l)
{
	struct sockaddr_storage ss = *host;
	socklen_t len;
	int fd, on = 1;
	char text[INET6_ADDRSTRLEN];

	if (ss.ss_family == AF_INET) {
		((struct sockaddr_in *)&ss)->sin_port = htons(RPCBIND_PORT);
		len = sizeof(struct sockaddr_in);
	} else {
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(RPCBIND_PORT);
		len = sizeof(struct sockaddr_in6);
	}
	fd = socket(ss.ss_family, (tr == TR_UDP ? SOCK_DGRAM : SOCK_STREAM) |
	    SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("socket for %s", addr_text(&ss, text, sizeof(text)));
		return -1;
	}
	if (ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == -1)
		goto fail;
	if (tr == TR_TCP &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (tr == TR_UDP && ss.ss_family == AF_INET &&
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1)
		goto fail;
	if (tr == TR_UDP && ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		goto fail;
	if (tr == TR_TCP && listen(fd, LISTEN_BACKLOG) == -1)
		goto fail;
	l->fd = fd;
	l->tr = tr;
	l->family = ss.ss_family;
	l->netid = netid_for(ss.ss_family, tr);
	l->addr = ss;
	return 0;
fail:
	log_warn("%s %s port %d", tr == TR_UDP ? "udp" : "tcp",
	    addr_text(&ss, text, sizeof(text)), RPCBIND_PORT);
	close(fd);
	return -1;
}

/*
 * The abstract name is first come, first served: any local user may bind
 * it before the daemon starts, and the kernel then registers nfsd and
 * lockd with that process. Name the holder (its credentials as it
 * listened, its command name read while we may still read /proc) and stop:
 * serving beside it would hide the problem.
 */
static void __attribute__((noreturn))
squatter(const struct sockaddr_un *sun, socklen_t len, const char *path)
{
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	char file[64], comm[64];
	ssize_t n = 0;
	size_t k;
	int fd, cfd;

	/* Non-blocking: a holder that never accepts cannot stall us. */
	fd = socket(AF_LOCAL, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1 || connect(fd, (const struct sockaddr *)sun, len) == -1 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == -1 ||
	    cr.pid <= 0)
		fatalx("the abstract socket @%s is held by another process, "
		    "which cannot be named (%s): the kernel registers "
		    "nfsd/lockd with whoever holds it; stop that process (or "
		    "start rpcbindd by socket activation, where systemd holds "
		    "the name first)", path, strerror(errno));
	close(fd);
	snprintf(file, sizeof(file), "/proc/%ld/comm", (long)cr.pid);
	if ((cfd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
		n = read(cfd, comm, sizeof(comm) - 1);
		close(cfd);
	}
	if (n <= 0)
		n = 0;
	comm[n] = '\0';
	/* The name is the holder's to choose: only printable ASCII shown. */
	for (k = 0; k < (size_t)n; k++)
		if (comm[k] == '\n') {
			comm[k] = '\0';
			break;
		} else if (comm[k] < 0x20 || comm[k] > 0x7e)
			comm[k] = '?';
	fatalx("the abstract socket @%s is held by pid %ld (uid %u, name %s): "
	    "the kernel registers nfsd/lockd with whoever holds it; stop that "
	    "process (or start rpcbindd by socket activation, where systemd "
	    "holds the name first)", path, (long)cr.pid, (unsigned)cr.uid,
	    comm[0] != '\0' ? comm : "?");
}

/* The local socket, by path (mode 0666: every local user may register, as
 * with rpcbind; the owner is taken from SO_PEERCRED) or, with a leading
 * NUL, in the abstract namespace the kernel tries first. */
static int
open_local(const char *path, bool abstract, struct listener *l)
{
	struct sockaddr_un sun;
	struct stat st;
	socklen_t len;
	size_t plen = strlen(path);
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_LOCAL;
	if (plen + (abstract ? 1 : 0) >= sizeof(sun.sun_path)) {
		log_warnx("socket path %s is too long", path);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path + (abstract ? 1 : 0), path, plen);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen +
	    (abstract ? 1 : 0));
	fd = socket(AF_LOCAL, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("socket(AF_LOCAL)");
		return -1;
	}
	if (!abstract) {
		/* A socket left by a previous run (or by rpcbind) would make
		 * bind fail; anything that is not a socket is not ours. */
		if (lstat(path, &st) == 0) {
			if (!S_ISSOCK(st.st_mode)) {
				log_warnx("%s exists and is not a socket; "
				    "remove it", path);
				close(fd);
				errno = EEXIST;
				return -1;
			}
			(void)unlink(path);
		}
	}
	if (bind(fd, (struct sockaddr *)&sun, len) == -1) {
		if (abstract && errno == EADDRINUSE)
			squatter(&sun, len, path);
		log_warn("bind %s%s", abstract ? "abstract " : "", path);
		close(fd);
		return -1;
	}
	if (!abstract && chmod(path, 0666) == -1) {
		log_warn("chmod %s", path);
		close(fd);
		return -1;
	}
	if (listen(fd, LISTEN_BACKLOG) == -1) {
		log_warn("listen %s", path);
		close(fd);
		return -1;
	}
	l->fd = fd;
	l->tr = TR_LOCAL;
	l->family = AF_LOCAL;
	l->netid = "local";
	memset(&l->addr, 0, sizeof(l->addr));
	memcpy(&l->addr, &sun, sizeof(sun));
	return 0;
}

static bool
same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
	    &((const struct sockaddr_in6 *)b)->sin6_addr,
	    sizeof(struct in6_addr)) == 0;
}

static bool
have(const struct sockaddr_storage *list, size_t n,
    const struct sockaddr_storage *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_host(&list[i], a))
			return true;
	return false;
}

int
listen_addresses(const struct config *cf, struct sockaddr_storage *hosts,
    size_t max, size_t *n, char *err, size_t errsize)
{
	struct ifaddrs *ifa, *i;
	struct sockaddr_storage ss;
	size_t k, found;

	if (max < 2)
		return -1;
	memset(hosts, 0, 2 * sizeof(*hosts));
	hosts[0].ss_family = AF_INET;
	((struct sockaddr_in *)&hosts[0])->sin_addr.s_addr =
	    htonl(INADDR_LOOPBACK);
	hosts[1].ss_family = AF_INET6;
	((struct sockaddr_in6 *)&hosts[1])->sin6_addr = in6addr_loopback;
	*n = 2;
	for (k = 0; k < cf->nhosts; k++)
		if (!have(hosts, *n, &cf->hosts[k])) {
			if (*n == max)
				goto toomany;
			hosts[(*n)++] = cf->hosts[k];
		}
	if (cf->nifnames == 0)
		return 0;
	if (getifaddrs(&ifa) == -1) {
		snprintf(err, errsize, "cannot list interfaces: %s",
		    strerror(errno));
		return -1;
	}
	for (k = 0; k < cf->nifnames; k++) {
		found = 0;
		for (i = ifa; i != NULL; i = i->ifa_next) {
			if (i->ifa_addr == NULL ||
			    strcmp(i->ifa_name, cf->ifnames[k]) != 0)
				continue;
			memset(&ss, 0, sizeof(ss));
			if (i->ifa_addr->sa_family == AF_INET)
				memcpy(&ss, i->ifa_addr, sizeof(struct sockaddr_in));
			else if (i->ifa_addr->sa_family == AF_INET6 &&
			    !IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)
			    i->ifa_addr)->sin6_addr)) {
				memcpy(&ss, i->ifa_addr,
				    sizeof(struct sockaddr_in6));
				((struct sockaddr_in6 *)&ss)->sin6_scope_id = 0;
			} else
				continue;
			found++;
			if (have(hosts, *n, &ss))
				continue;
			if (*n == max) {
				freeifaddrs(ifa);
				goto toomany;
			}
			hosts[(*n)++] = ss;
		}
		if (found == 0) {
			snprintf(err, errsize, "option -h: '%s' is neither an "
			    "address nor an interface of this host with an "
			    "address", cf->ifnames[k]);
			freeifaddrs(ifa);
			return -1;
		}
	}
	freeifaddrs(ifa);
	return 0;
toomany:
	snprintf(err, errsize, "option -h: more than %zu addresses to serve",
	    max);
	return -1;
}

int
listen_open(const struct sockaddr_storage *hosts, size_t nh,
    const char *sock_path, struct listener *ls, size_t max, size_t *n)
{
	size_t i;

	*n = 0;
	for (i = 0; i < nh; i++) {
		if (*n + 2 > max) {
			errno = ENOBUFS;
			return -1;
		}
		ls[*n].fd = ls[*n + 1].fd = -1;
		if (open_ip(&hosts[i], TR_UDP, &ls[*n]) == -1 ||
		    open_ip(&hosts[i], TR_TCP, &ls[*n + 1]) == -1) {
			/* A host without IPv6 has no ::1; that is not fatal. */
			if (i == 1 && (errno == EADDRNOTAVAIL ||
			    errno == EAFNOSUPPORT)) {
				log_warnx("no IPv6 loopback: serving IPv4 only");
				if (ls[*n].fd != -1)
					close(ls[*n].fd);
				continue;
			}
			return -1;
		}
		*n += 2;
	}
	if (*n + 2 > max) {
		errno = ENOBUFS;
		return -1;
	}
	if (open_local(sock_path, false, &ls[*n]) == -1)
		return -1;
	(*n)++;
	if (open_local(sock_path, true, &ls[*n]) == -1)
		return -1;
	(*n)++;
	return 0;
}

#define SD_LISTEN_FDS_START	3

int
listen_inherited(struct listener *ls, size_t max, char *sock_path,
    size_t pathsize)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	struct sockaddr_storage ss;
	socklen_t len;
	char *end;
	long want, nfd, i;
	int fd, type, on = 1, listening;
	size_t n = 0;

	if (pid == NULL || fds == NULL)
		return 0;
	want = strtol(pid, &end, 10);
	if (*end != '\0' || want != (long)getpid())
		return 0;
	nfd = strtol(fds, &end, 10);
	if (*end != '\0' || nfd < 1 || (size_t)nfd > max) {
		log_warnx("LISTEN_FDS=%s: expected 1 to %zu sockets", fds, max);
		return -1;
	}
	for (i = 0; i < nfd; i++) {
		struct listener *l = &ls[n];

		fd = SD_LISTEN_FDS_START + (int)i;
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
		if (ss.ss_family == AF_LOCAL && type == SOCK_STREAM) {
			const struct sockaddr_un *sun = (struct sockaddr_un *)&ss;

			l->tr = TR_LOCAL;
			/* The path one (not the abstract twin) names "local". */
			if (sun->sun_path[0] != '\0' &&
			    strlen(sun->sun_path) < pathsize)
				strcpy(sock_path, sun->sun_path);
		} else if ((ss.ss_family == AF_INET || ss.ss_family == AF_INET6) &&
		    (type == SOCK_DGRAM || type == SOCK_STREAM)) {
			l->tr = type == SOCK_DGRAM ? TR_UDP : TR_TCP;
			if (l->tr == TR_UDP && setsockopt(fd,
			    ss.ss_family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
			    ss.ss_family == AF_INET ? IP_PKTINFO :
			    IPV6_RECVPKTINFO, &on, sizeof(on)) == -1) {
				log_warn("IP_PKTINFO on inherited socket %d", fd);
				return -1;
			}
			len = sizeof(listening);
			if (l->tr == TR_TCP && (getsockopt(fd, SOL_SOCKET,
			    SO_ACCEPTCONN, &listening, &len) == -1 || !listening)) {
				log_warnx("inherited TCP socket %d is not "
				    "listening", fd);
				return -1;
			}
		} else {
			log_warnx("inherited socket %d is neither UDP, TCP nor a "
			    "local stream socket", fd);
			return -1;
		}
		l->netid = netid_for(ss.ss_family, l->tr);
		n++;
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return (int)n;
}

int
listen_notify_open(void)
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

const char *
listen_describe(const struct listener *l, char *buf, size_t size)
{
	char text[INET6_ADDRSTRLEN];

	if (l->tr == TR_LOCAL) {
		const struct sockaddr_un *sun =
		    (const struct sockaddr_un *)&l->addr;

		if (sun->sun_path[0] != '\0')
			snprintf(buf, size, "local socket %s", sun->sun_path);
		else if (sun->sun_path[1] != '\0')
			snprintf(buf, size, "abstract socket @%s",
			    sun->sun_path + 1);
		else
			snprintf(buf, size, "local socket");
	} else
		snprintf(buf, size, "%s %s port %u", l->netid,
		    addr_text(&l->addr, text, sizeof(text)),
		    ntohs(l->addr.ss_family == AF_INET ?
		    ((const struct sockaddr_in *)&l->addr)->sin_port :
		    ((const struct sockaddr_in6 *)&l->addr)->sin6_port));
	return buf;
}
