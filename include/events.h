/*
 * events.h — the one epoll set, and what each descriptor in it is.
 *
 * The lowest layer of the event loop: the dispatcher (loop.c) waits on the
 * set and routes each event by its kind; the datagram path (dgram.c) and
 * the stream path (conn.c) add and change their own descriptors here, so
 * neither reaches back up into the dispatcher.
 */
#ifndef RPCBINDD_EVENTS_H
#define RPCBINDD_EVENTS_H

#include <stdint.h>

struct epoll_event;

/* What a watched descriptor is, for the dispatcher to route its events.
 * The paths embed one as the first member of what they watch (a
 * connection), and get it back with the event. */
enum ev_kind {
	EV_UDP,			/* a UDP listener: dgram.c */
	EV_ACCEPT,		/* a stream listener: conn.c */
	EV_CONN,		/* a stream connection: conn.c */
	EV_FWD,			/* answers to remote calls: dgram.c */
};

struct ev {
	enum ev_kind	kind;
	int		fd;
	uint32_t	idx;		/* listener or connection slot */
};

/*
 * For the step each datagram or stream record takes below the dispatcher:
 * inlined into its caller, as it was when one file held both paths (GCC
 * does not inline a function with a large frame, an origin's and a remote
 * call's, into one with a small frame, and the call would cost every
 * request); a plain function in the coverage build, where gcov must see
 * it as one.
 */
#ifdef RPCBINDD_COVERAGE
#define EV_HOT	static
#else
#define EV_HOT	static inline __attribute__((always_inline))
#endif

/* Creates the set (before the sandbox: the filter has no epoll_create1).
 * -1 after logging. */
int	ev_open(void);
/* Adds ev->fd to the set for `events` (EPOLLIN, EPOLLOUT): -1 on failure,
 * not logged. */
int	ev_watch(struct ev *, uint32_t events);
/* Changes what ev->fd is watched for; a failure is logged. */
void	ev_rewatch(struct ev *, uint32_t events);
/* epoll_wait on the set: the events' data.ptr are the struct ev added. */
int	ev_wait(struct epoll_event *, int max, int timeout_ms);

#endif
