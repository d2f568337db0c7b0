/*
 * listen.c — creating the sockets.
 *
 * Each IP address gets a UDP socket (with IP_PKTINFO / IPV6_RECVPKTINFO, so
 * the loop learns the arrival interface and destination address of every
 * datagram and can answer from the address that was asked) and a TCP
 * listener. IPv6 sockets are IPV6_V6ONLY: an IPv4 peer never reaches us
 * through a mapped address we did not configure. Sockets systemd passes
 * are taken over by systemd.c instead.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "config.h"
#include "listen.h"
#include "log.h"

const char *
listen_netid(int family, enum transport tr)
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

/*
 * One UDP or TCP socket on port 111. ifname: the wildcard address bound to
 * that device. freebind: the address need not be the host's yet.
 * reuseport: with device-bound wildcards, the sockets overlap (0.0.0.0 on
 * lan0 and 127.0.0.1) and Linux lets listeners share a port only when all
 * of them set SO_REUSEPORT, under one uid (root at this point: an
 * unprivileged process cannot join, and rpcbind, which does not set it,
 * still makes our bind fail with EADDRINUSE).
 */
static int
open_ip(const struct sockaddr_storage *host, const char *ifname,
    bool freebind, bool reuseport, enum transport tr, struct listener *l)
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
	if ((tr == TR_TCP || reuseport) &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (reuseport &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) == -1)
		goto fail;
	if (freebind && setsockopt(fd, ss.ss_family == AF_INET ? IPPROTO_IP :
	    IPPROTO_IPV6, ss.ss_family == AF_INET ? IP_FREEBIND : IPV6_FREEBIND,
	    &on, sizeof(on)) == -1)
		goto fail;
	if (ifname != NULL && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
	    ifname, (socklen_t)strlen(ifname)) == -1)
		goto fail;
	if (tr == TR_UDP && ss.ss_family == AF_INET &&
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1)
		goto fail;
	if (tr == TR_UDP && ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		goto fail;
	if (tr == TR_TCP && listen(fd, RB_LISTEN_BACKLOG) == -1)
		goto fail;
	l->fd = fd;
	l->tr = tr;
	l->family = ss.ss_family;
	l->netid = listen_netid(ss.ss_family, tr);
	l->addr = ss;
	l->ifname[0] = '\0';
	if (ifname != NULL)
		snprintf(l->ifname, sizeof(l->ifname), "%s", ifname);
	return 0;
fail:
	log_warn("%s %s%s%s port %d", tr == TR_UDP ? "udp" : "tcp",
	    addr_text(&ss, text, sizeof(text)), ifname != NULL ? "%" : "",
	    ifname != NULL ? ifname : "", RPCBIND_PORT);
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
	char file[RB_COMM_MAX], comm[RB_COMM_MAX];
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
	if (listen(fd, RB_LISTEN_BACKLOG) == -1) {
		log_warn("listen %s", path);
		close(fd);
		return -1;
	}
	l->fd = fd;
	l->tr = TR_LOCAL;
	l->family = AF_LOCAL;
	l->netid = "local";
	l->ifname[0] = '\0';
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

/* Appends a if it is not there yet; -1 when the list is full. */
static int
add_host(struct sockaddr_storage *list, size_t max, size_t *n,
    const struct sockaddr_storage *a)
{
	if (have(list, *n, a))
		return 0;
	if (*n == max)
		return -1;
	list[(*n)++] = *a;
	return 0;
}

/* An interface address as the list keeps it: no port, no scope. Link-local
 * IPv6 ones need a scope a universal address cannot carry: -1. */
static int
if_address(const struct sockaddr *sa, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (sa->sa_family == AF_INET) {
		memcpy(ss, sa, sizeof(struct sockaddr_in));
		((struct sockaddr_in *)ss)->sin_port = 0;
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(ss, sa, sizeof(struct sockaddr_in6));
		if (IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)ss)->sin6_addr))
			return -1;
		((struct sockaddr_in6 *)ss)->sin6_port = 0;
		((struct sockaddr_in6 *)ss)->sin6_scope_id = 0;
		((struct sockaddr_in6 *)ss)->sin6_flowinfo = 0;
		return 0;
	}
	return -1;
}

static bool
is_wildcard(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ?
	    ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
	    htonl(INADDR_ANY) :
	    IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

/* The one message for a plan past RB_LISTEN_MAX addresses; -1. */
static int
too_many(char *err, size_t errsize)
{
	snprintf(err, errsize, "option -h: more than %d addresses to serve",
	    RB_LISTEN_MAX);
	return -1;
}

/* Every address a host name resolves to (files, then DNS, as nsswitch.conf
 * says), added to the plan; -1 with the reason in err. */
static int
resolve(const char *name, struct listen_plan *p, char *err, size_t errsize)
{
	struct addrinfo hints, *res, *r;
	struct sockaddr_storage ss;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	if ((rc = getaddrinfo(name, NULL, &hints, &res)) != 0) {
		snprintf(err, errsize, "option -h: '%s' is neither an address, "
		    "an interface of this host nor a host name that resolves "
		    "(%s)", name, rc == EAI_SYSTEM ? strerror(errno) :
		    gai_strerror(rc));
		return -1;
	}
	for (r = res; r != NULL; r = r->ai_next) {
		if (r->ai_addr == NULL || (size_t)r->ai_addrlen >
		    sizeof(ss) || if_address(r->ai_addr, &ss) == -1)
			continue;
		if (is_wildcard(&ss)) {
			snprintf(err, errsize, "option -h: '%s' resolves to "
			    "every address; name the addresses or interfaces "
			    "to serve", name);
			freeaddrinfo(res);
			return -1;
		}
		if (add_host(p->hosts, RB_LISTEN_MAX, &p->nhosts, &ss) == -1) {
			freeaddrinfo(res);
			return too_many(err, errsize);
		}
	}
	freeaddrinfo(res);
	if (p->nhosts + 2 * p->nifs > RB_LISTEN_MAX)
		return too_many(err, errsize);
	return 0;
}

int
listen_plan(const struct config *cf, struct listen_plan *p, char *err,
    size_t errsize)
{
	struct ifaddrs *ifa, *i;
	struct sockaddr_storage ss;
	size_t k, j;

	memset(p, 0, sizeof(*p));
	p->hosts[0].ss_family = AF_INET;
	((struct sockaddr_in *)&p->hosts[0])->sin_addr.s_addr =
	    htonl(INADDR_LOOPBACK);
	p->hosts[1].ss_family = AF_INET6;
	((struct sockaddr_in6 *)&p->hosts[1])->sin6_addr = in6addr_loopback;
	p->nhosts = 2;
	for (k = 0; k < cf->nhosts; k++)
		if (add_host(p->hosts, RB_LISTEN_MAX, &p->nhosts,
		    &cf->hosts[k]) == -1)
			return too_many(err, errsize);
	for (k = 0; k < cf->nnames; k++) {
		/* An interface of that name first: rpcbind has no interface
		 * names, so a name it resolved is not taken from it unless
		 * the host also has a device of that name. */
		if (strlen(cf->names[k]) < IFNAMSIZ &&
		    if_nametoindex(cf->names[k]) != 0) {
			for (j = 0; j < p->nifs; j++)
				if (strcmp(p->ifnames[j], cf->names[k]) == 0)
					break;
			if (j < p->nifs)
				continue;
			if (p->nhosts + 2 * (p->nifs + 1) > RB_LISTEN_MAX)
				return too_many(err, errsize);
			strcpy(p->ifnames[p->nifs++], cf->names[k]);
			continue;
		}
		if (resolve(cf->names[k], p, err, errsize) == -1)
			return -1;
	}
	if (getifaddrs(&ifa) == -1) {
		snprintf(err, errsize, "cannot list the host's addresses: %s",
		    strerror(errno));
		return -1;
	}
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || if_address(i->ifa_addr, &ss) == -1)
			continue;
		for (k = 0; k < p->nhosts; k++)
			if (same_host(&p->hosts[k], &ss))
				p->present[k] = true;
		for (j = 0; j < p->nifs; j++)
			if (strcmp(p->ifnames[j], i->ifa_name) == 0)
				break;
		/* Past the bound, later addresses are simply not among the
		 * remote calls' targets. */
		if (j < p->nifs)
			(void)add_host(p->ifaddrs, RB_LISTEN_MAX, &p->nifaddrs,
			    &ss);
	}
	freeifaddrs(ifa);
	/* Loopback is never bound with FREEBIND: a host without IPv6 has no
	 * ::1, and that is reported, not waited for. */
	p->present[0] = p->present[1] = true;
	return 0;
}

int
listen_open(const struct listen_plan *p, const char *sock_path,
    struct listener *ls, size_t max, size_t *n)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct sockaddr_storage any;
	bool reuse = p->nifs > 0;
	char text[INET6_ADDRSTRLEN];
	size_t i, f;

	*n = 0;
	for (i = 0; i < p->nhosts; i++) {
		if (*n + 2 > max) {
			errno = ENOBUFS;
			return -1;
		}
		ls[*n].fd = ls[*n + 1].fd = -1;
		if (open_ip(&p->hosts[i], NULL, i >= 2, reuse, TR_UDP,
		    &ls[*n]) == -1 || open_ip(&p->hosts[i], NULL, i >= 2, reuse,
		    TR_TCP, &ls[*n + 1]) == -1) {
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
		if (!p->present[i])
			log_warnx("%s is not an address of this host (yet): "
			    "served as soon as it is added",
			    addr_text(&p->hosts[i], text, sizeof(text)));
		*n += 2;
	}
	for (i = 0; i < p->nifs; i++)
		for (f = 0; f < 2; f++) {
			if (*n + 2 > max) {
				errno = ENOBUFS;
				return -1;
			}
			memset(&any, 0, sizeof(any));
			any.ss_family = (sa_family_t)families[f];
			if (open_ip(&any, p->ifnames[i], false, true, TR_UDP,
			    &ls[*n]) == -1) {
				/* No IPv6 on this host: IPv4 is served. */
				if (f == 1 && errno == EAFNOSUPPORT)
					continue;
				return -1;
			}
			(*n)++;
			if (open_ip(&any, p->ifnames[i], false, true, TR_TCP,
			    &ls[*n]) == -1)
				return -1;
			(*n)++;
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
		snprintf(buf, size, "%s %s%s%s port %u", l->netid,
		    addr_text(&l->addr, text, sizeof(text)),
		    l->ifname[0] != '\0' ? "%" : "", l->ifname,
		    ntohs(l->addr.ss_family == AF_INET ?
		    ((const struct sockaddr_in *)&l->addr)->sin_port :
		    ((const struct sockaddr_in6 *)&l->addr)->sin6_port));
	return buf;
}
