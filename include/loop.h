/*
 * loop.h — the event loop: one thread, epoll, batched UDP, stream
 * connections with record marking, bounds and idle timeouts.
 */
#ifndef RPCBINDD_LOOP_H
#define RPCBINDD_LOOP_H

#include <signal.h>
#include <stddef.h>

#include "listen.h"

/* Serves until *quit becomes non-zero. Returns 0, or -1 on a fatal error. */
int	loop_run(struct listener *, size_t n, bool forwarding,
	    volatile sig_atomic_t *quit);

#endif
