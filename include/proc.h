/*
 * proc.h — one request in, one reply (or nothing) out: decode the call
 * header, apply the policy, run the PMAP v2 / RPCBIND v3 / v4 procedure,
 * encode the reply. A pure function over buffers (the fuzzers drive it
 * without sockets); the only state it touches is the registry and stats.
 */
#ifndef RPCBINDD_PROC_H
#define RPCBINDD_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bounds.h"
#include "origin.h"
#include "xdr.h"

struct proc_opts {
	bool		remote_calls;	/* -r: CALLIT, BCAST, INDIRECT */
	const char	*local_path;	/* the local socket, listed as ours */
	bool		log_calls;	/* -l: log every call (rate-limited) */
};

enum proc_action {
	PROC_DROP,		/* send nothing */
	PROC_REPLY,		/* send the encoded reply */
	PROC_FORWARD,		/* a remote call: see struct proc_forward */
};

/* A remote call to pass to the service (filled on PROC_FORWARD). */
struct proc_forward {
	uint32_t		xid;		/* the caller's */
	uint32_t		vers;		/* 2, 3 or 4 */
	bool			indirect;	/* v4 INDIRECT: errors answered */
	uint32_t		prog, pvers, pproc;
	const uint8_t		*args;		/* points into the request */
	uint32_t		argslen;
	struct sockaddr_storage	target;
	socklen_t		targetlen;
	uint32_t		port;		/* v2 result */
	char			uaddr[RB_UADDR_MAX + 1]; /* v3/v4 result */
	const char		*netid;
};

/* Counters of what the policy did (reported in the log summaries). */
struct proc_counters {
	uint64_t	refused;
	uint64_t	oversize_dropped;
	uint64_t	garbage;
};

void	proc_configure(const struct proc_opts *);
/* Registers the portmapper's own entries for the transports served. */
void	proc_register_self(bool udp4, bool tcp4, bool udp6, bool tcp6,
	    bool local);
enum proc_action proc_handle(const struct origin *, const uint8_t *req,
	    size_t reqlen, struct xdr_out *out, struct proc_forward *);
const struct proc_counters *proc_counters(void);
/* Encodes the caller's reply to a forwarded call from the service's
 * results. */
void	proc_forward_reply(const struct proc_forward *, const uint8_t *res,
	    size_t reslen, struct xdr_out *);

#endif
