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
	unsigned	lo_ifindex;	/* the loopback interface */
};

/* Creates the epoll set and registers every socket (before the sandbox:
 * the filter has no epoll_create1). -1 after logging. */
int	loop_init(struct listener *, size_t n, const struct loop_opts *);
/*
 * Serves until *quit becomes non-zero; logs the counters when *report does
 * (SIGUSR1), and a summary once a minute when anything was refused, dropped
 * or limited. Returns 0, or -1 on a fatal error.
 */
int	loop_run(const volatile sig_atomic_t *quit,
	    volatile sig_atomic_t *report);

#endif
