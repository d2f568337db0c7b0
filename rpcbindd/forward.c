/*
 * forward.c — relaying remote calls.
 *
 * Forwarded calls carry an xid of ours (random start, then counting), so a
 * service's answer is matched to its caller by xid *and* by the address it
 * came from; anything else arriving on the forwarding sockets is dropped.
 *
 * Calls go only to services of this host: loopback, or an address the
 * daemon serves. Any local user may register any address, so forwarding
 * to what a registration says would make the daemon send a stranger's
 * bytes to any host on the network, from the portmapper's address.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "bounds.h"
#include "forward.h"
#include "log.h"
#include "rpc.h"

struct pending {
	bool			used;
	uint32_t		xid;		/* ours */
	uint64_t		deadline;
	struct sockaddr_storage	target;
	struct proc_forward	call;		/* args pointer not kept */
	struct fwd_caller	caller;
};

static struct pending	table[RB_FORWARD_MAX];
static int		fd4 = -1, fd6 = -1;
static uint32_t		next_xid;

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
fwd_configure(const struct sockaddr_storage *served, size_t n)
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

static bool
target_ok(const struct sockaddr_storage *target)
{
	struct in6_addr k;

	if (host_key(target, &k) == -1)
		return false;
	return key_loopback(&k) || key_known(&k);
}

int
fwd_permit(const struct sockaddr_storage *target, uint32_t prog,
    uint32_t vers, const char *uaddr)
{
	char text[LOG_ESCAPED(RB_UADDR_MAX)];

	if (target_ok(target))
		return 0;
	log_ratelimited(&refuse_limit, "remote call to program %u version %u "
	    "not forwarded: its address %s is neither loopback nor one this "
	    "host serves", prog, vers, log_escape(text, sizeof(text), uaddr,
	    strnlen(uaddr, RB_UADDR_MAX)));
	return -1;
}

int
fwd_open(void)
{
	if (getrandom(&next_xid, sizeof(next_xid), 0) != sizeof(next_xid))
		next_xid = (uint32_t)getpid() * 2654435761u;
	fd4 = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd4 == -1) {
		log_warn("socket for forwarding");
		return -1;
	}
	/* IPv6 is optional: without it only IPv4 services are reached. */
	fd6 = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	return 0;
}

int
fwd_fd(int family)
{
	return family == AF_INET6 ? fd6 : fd4;
}

static bool
same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_port == y->sin_port &&
		    x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;

	return x->sin6_port == y->sin6_port &&
	    memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) == 0;
}

bool
fwd_start(const struct proc_forward *f, const struct fwd_caller *caller,
    uint64_t now_ms)
{
	uint8_t buf[RB_RMTARGS_MAX + 64];
	struct xdr_out o;
	struct pending *p = NULL;
	int fd = fwd_fd(f->target.ss_family);
	size_t i;

	/* proc checked with fwd_permit; this only guards other callers. */
	if (fd == -1 || !target_ok(&f->target))
		return false;
	for (i = 0; i < RB_FORWARD_MAX; i++)
		if (!table[i].used) {
			p = &table[i];
			break;
		}
	if (p == NULL) {
		log_debug("remote call dropped: %d calls in flight",
		    RB_FORWARD_MAX);
		return false;
	}
	xout_init(&o, buf, sizeof(buf));
	rpc_encode_call(&o, next_xid, f->prog, f->pvers, f->pproc);
	if (f->argslen > 0) {
		/* The arguments are passed through as they came: opaque. */
		if ((size_t)(o.end - o.p) < f->argslen)
			return false;
		memcpy(o.p, f->args, f->argslen);
		o.p += f->argslen;
	}
	if (o.err)
		return false;
	if (sendto(fd, buf, xout_len(&o), 0, (const struct sockaddr *)&f->target,
	    f->targetlen) == -1) {
		log_debug("remote call to %u/%u: %s", f->prog, f->pvers,
		    strerror(errno));
		return false;
	}
	p->used = true;
	p->xid = next_xid++;
	p->deadline = now_ms + RB_FORWARD_TIMEOUT_MS;
	p->target = f->target;
	p->call = *f;
	p->call.args = NULL;
	p->caller = *caller;
	return true;
}

int
fwd_recv(int fd, struct xdr_out *out, struct fwd_caller *caller,
    uint64_t now_ms)
{
	uint8_t buf[RB_UDP_MAX];
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	struct xdr_in x;
	struct pending *p;
	uint32_t xid;
	ssize_t n;
	size_t i;
	int stat;

	/* same_addr reads the port and address a short one would not set */
	memset(&from, 0, sizeof(from));
	n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC, (struct sockaddr *)&from,
	    &fromlen);
	if (n == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : 0;
	if (n == 0 || (size_t)n > sizeof(buf))
		return 0;
	xin_init(&x, buf, (size_t)n);
	stat = rpc_decode_reply(&x, &xid);
	for (i = 0; i < RB_FORWARD_MAX; i++) {
		p = &table[i];
		if (p->used && p->xid == xid && same_addr(&p->target, &from))
			break;
	}
	if (i == RB_FORWARD_MAX)
		return 0;
	p->used = false;
	if (p->deadline < now_ms)
		return 0;
	*caller = p->caller;
	if (stat == RPC_SUCCESS) {
		proc_forward_reply(&p->call, x.p, xin_left(&x), out);
		return out->err ? 0 : 1;
	}
	/* The service failed: CALLIT and BCAST stay silent; INDIRECT passes
	 * the service's verdict on. */
	if (!p->call.indirect)
		return 0;
	if (stat == RPC_PROG_MISMATCH) {
		uint32_t lo = xin_u32(&x), hi = xin_u32(&x);

		if (!x.err) {
			rpc_reply_prog_mismatch(out, p->call.xid, lo, hi);
			return 1;
		}
	}
	rpc_reply_accepted(out, p->call.xid, stat < 0 ||
	    stat == RPC_PROG_MISMATCH ? RPC_SYSTEM_ERR : (uint32_t)stat);
	return 1;
}

void
fwd_expire(uint64_t now_ms)
{
	size_t i;

	for (i = 0; i < RB_FORWARD_MAX; i++)
		if (table[i].used && table[i].deadline < now_ms)
			table[i].used = false;
}
