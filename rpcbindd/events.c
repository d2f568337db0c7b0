/*
 * events.c — the one epoll set (see events.h).
 */
#include <sys/epoll.h>

#include "events.h"
#include "log.h"

static int	ep = -1;

int
ev_open(void)
{
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_warn("epoll_create1");
		return -1;
	}
	return 0;
}

int
ev_watch(struct ev *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };

	return epoll_ctl(ep, EPOLL_CTL_ADD, ev->fd, &e);
}

void
ev_rewatch(struct ev *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };

	if (epoll_ctl(ep, EPOLL_CTL_MOD, ev->fd, &e) == -1)
		log_warn("epoll_ctl");
}

int
ev_wait(struct epoll_event *events, int max, int timeout_ms)
{
	return epoll_wait(ep, events, max, timeout_ms);
}
