/*
 * forward.c — relaying remote calls.
 *
 * Forwarded calls carry an xid of ours (random start, then counting), so a
 * service's answer is matched to its caller by xid *and* by the address it
 * came from; anything else arriving on the forwarding sockets is dropped.
 * Where a call may go at all is targets.c's rule.
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
#include "targets.h"
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

	/* proc checked with targets_permit; this only guards other callers. */
	if (fd == -1 || !targets_ok(&f->target))
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
