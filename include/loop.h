/*
 * loop.h — the event loop: one thread, one epoll set, and a dispatcher
 * that hands each event to the path owning its descriptor: the datagram
 * path (dgram.h) or the stream path (conn.h).
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

/* What a watched descriptor is, for the dispatcher to route its events.
 * The paths below it embed one as the first member of what they watch
 * (a connection), and get it back with the event. */
enum loop_kind {
	LOOP_UDP,		/* a UDP listener: dgram.c */
	LOOP_ACCEPT,		/* a stream listener: conn.c */
	LOOP_CONN,		/* a stream connection: conn.c */
	LOOP_FWD,		/* answers to remote calls: dgram.c */
};

struct loop_ev {
	enum loop_kind	kind;
	int		fd;
	uint32_t	idx;		/* listener or connection slot */
};

/*
 * For the step each datagram or stream record takes below the dispatcher:
 * inlined into its caller, as it was when the loop held both paths (GCC
 * does not inline a function with a large frame, an origin's and a remote
 * call's, into one with a small frame, and the call would cost every
 * request); a plain function in the coverage build, where gcov must see
 * it as one.
 */
#ifdef RPCBINDD_COVERAGE
#define LOOP_HOT	static
#else
#define LOOP_HOT	static inline __attribute__((always_inline))
#endif

/* Adds ev->fd to the epoll set for `events` (EPOLLIN, EPOLLOUT): -1 on
 * failure, not logged. */
int	loop_watch(struct loop_ev *, uint32_t events);
/* Changes what ev->fd is watched for; a failure is logged. */
void	loop_rewatch(struct loop_ev *, uint32_t events);

#endif
