/*
 * targets.c — where a remote call may be forwarded.
 *
 * Calls go only to services of this host: loopback, or an address the
 * daemon serves. Any local user may register any address, so forwarding
 * to what a registration says would make the daemon send a stranger's
 * bytes to any host on the network, from the portmapper's address.
 */
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>

#include "bounds.h"
#include "log.h"
#include "targets.h"

/* The hosts calls may go to besides loopback; IPv4 ones as v4-mapped IPv6
 * addresses, so one comparison serves both families (and a udp6
 * registration of ::ffff:a.b.c.d, which the IPv6 socket would send over
 * IPv4, is judged as a.b.c.d). */
static struct in6_addr	hosts[RB_FORWARD_HOSTS_MAX];
static size_t		nhosts;
static struct log_limit	refuse_limit;

/* The v4-mapped or IPv6 form of an IP socket address; -1 for others. */
static int
host_key(const struct sockaddr_storage *ss, struct in6_addr *k)
{
	if (ss->ss_family == AF_INET) {
		memset(k, 0, sizeof(*k));
		k->s6_addr[10] = k->s6_addr[11] = 0xff;
		memcpy(&k->s6_addr[12],
		    &((const struct sockaddr_in *)ss)->sin_addr, 4);
		return 0;
	}
	if (ss->ss_family == AF_INET6) {
		*k = ((const struct sockaddr_in6 *)ss)->sin6_addr;
		return 0;
	}
	return -1;
}

static bool
key_loopback(const struct in6_addr *k)
{
	return IN6_IS_ADDR_LOOPBACK(k) ||
	    (IN6_IS_ADDR_V4MAPPED(k) && k->s6_addr[12] == 127);
}

static bool
key_wildcard(const struct in6_addr *k)
{
	static const uint8_t zero4[4];

	return IN6_IS_ADDR_UNSPECIFIED(k) || (IN6_IS_ADDR_V4MAPPED(k) &&
	    memcmp(&k->s6_addr[12], zero4, sizeof(zero4)) == 0);
}

static bool
key_known(const struct in6_addr *k)
{
	size_t i;

	for (i = 0; i < nhosts; i++)
		if (memcmp(&hosts[i], k, sizeof(*k)) == 0)
			return true;
	return false;
}

static void
add_host(const struct sockaddr_storage *ss)
{
	struct in6_addr k;

	if (host_key(ss, &k) == -1 || key_loopback(&k) || key_wildcard(&k) ||
	    key_known(&k))
		return;
	if (nhosts == RB_FORWARD_HOSTS_MAX) {
		log_warnx("more than %d addresses to forward remote calls to: "
		    "services on the others are not called", RB_FORWARD_HOSTS_MAX);
		return;
	}
	hosts[nhosts++] = k;
}

int
targets_configure(const struct sockaddr_storage *served, size_t n)
{
	struct ifaddrs *ifa, *i;
	struct sockaddr_storage ss;
	struct in6_addr k;
	bool wildcard = false;
	size_t j;

	nhosts = 0;
	for (j = 0; j < n; j++) {
		if (host_key(&served[j], &k) == 0 && key_wildcard(&k))
			wildcard = true;
		else
			add_host(&served[j]);
	}
	if (!wildcard)
		return 0;
	/* A wildcard listener serves every address the host has: take them
	 * now (later ones are not reached; loopback always is). */
	if (getifaddrs(&ifa) == -1) {
		log_warn("listing the host's addresses for remote calls");
		return -1;
	}
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		memset(&ss, 0, sizeof(ss));
		if (i->ifa_addr->sa_family == AF_INET)
			memcpy(&ss, i->ifa_addr, sizeof(struct sockaddr_in));
		else if (i->ifa_addr->sa_family == AF_INET6 &&
		    !IN6_IS_ADDR_LINKLOCAL(&((const struct sockaddr_in6 *)
		    (const void *)i->ifa_addr)->sin6_addr))
			/* Link-local ones need a scope a universal address
			 * cannot carry. */
			memcpy(&ss, i->ifa_addr, sizeof(struct sockaddr_in6));
		else
			continue;
		add_host(&ss);
	}
	freeifaddrs(ifa);
	return 0;
}

bool
targets_ok(const struct sockaddr_storage *target)
{
	struct in6_addr k;

	if (host_key(target, &k) == -1)
		return false;
	return key_loopback(&k) || key_known(&k);
}

int
targets_permit(const struct sockaddr_storage *target, uint32_t prog,
    uint32_t vers, const char *uaddr)
{
	char text[LOG_ESCAPED(RB_UADDR_MAX)];

	if (targets_ok(target))
		return 0;
	log_ratelimited(&refuse_limit, "remote call to program %u version %u "
	    "not forwarded: its address %s is neither loopback nor one this "
	    "host serves", prog, vers, log_escape(text, sizeof(text), uaddr,
	    strnlen(uaddr, RB_UADDR_MAX)));
	return -1;
}
