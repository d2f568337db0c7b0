/*
 * loop.h — the event loop: one thread, epoll, batched UDP, stream
 * connections with record marking, bounds and idle timeouts.
 */
#ifndef RPCBINDD_LOOP_H
#define RPCBINDD_LOOP_H

#include <signal.h>
#include <stddef.h>

#include "listen.h"

struct loop_opts {
	bool		forwarding;	/* poll the remote-call sockets */
	unsigned	idle_ms;	/* TCP idle timeout */
	unsigned	tcp_max;	/* TCP connections at once */
};

/* Serves until *quit becomes non-zero. Returns 0, or -1 on a fatal error. */
int	loop_run(struct listener *, size_t n, const struct loop_opts *,
	    volatile sig_atomic_t *quit);

#endif
