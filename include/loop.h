/*
 * loop.h — the event loop: one thread, one epoll set, and a dispatcher
 * that hands each event to the path owning its descriptor: the datagram
 * path (dgram.h) or the stream path (conn.h). The set itself is events.h.
 */
#ifndef RPCBINDD_LOOP_H
#define RPCBINDD_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct listener;

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
