/*
 * loop.c — the event loop: one thread, one epoll set, and a dispatcher.
 *
 * Each event goes to the path that owns its descriptor: a UDP listener to
 * the datagram path (dgram.c), a stream listener or connection to the
 * stream path (conn.c), an answer to a remote call to dgram.c, which
 * relays it. Every RB_SWEEP_MS the loop sweeps: idle connections, the
 * listeners paused for want of descriptors, remote calls that expired,
 * and the counters' summary. At the end of each round of events, the
 * connections closed in it are freed and the registrations made in it
 * reach the disk.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <time.h>

#include "bounds.h"
#include "conn.h"
#include "dgram.h"
#include "events.h"
#include "forward.h"
#include "listen.h"
#include "log.h"
#include "loop.h"
#include "proc.h"
#include "state.h"
#include "stats.h"

static struct listener		*lst;
static size_t			 nlst;
static struct ev			 lst_ev[RB_LISTEN_MAX * 2 + 2];
static bool			 lst_paused[RB_LISTEN_MAX * 2 + 2];
static struct ev			 fwd_ev[2];
static uint64_t			 now;		/* ms, monotonic */
static struct loop_opts		 opt;

static uint64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
sweep(void)
{
	size_t i;

	conn_sweep(now);
	for (i = 0; i < nlst; i++)
		if (lst_paused[i]) {
			lst_paused[i] = false;
			ev_rewatch(&lst_ev[i], EPOLLIN);
		}
	fwd_expire(now);
}

int
loop_init(struct listener *ls, size_t n, const struct loop_opts *o)
{
	size_t i;

	lst = ls;
	nlst = n;
	opt = *o;
	dgram_init(o->lo_ifindex);
	conn_init(o->idle_ms, o->tcp_max, o->lo_ifindex);
	if (ev_open() == -1)
		return -1;
	for (i = 0; i < n; i++) {
		lst_ev[i].kind = ls[i].tr == TR_UDP ? EV_UDP : EV_ACCEPT;
		lst_ev[i].fd = ls[i].fd;
		lst_ev[i].idx = (uint32_t)i;
		if (ev_watch(&lst_ev[i], EPOLLIN) == -1) {
			log_warn("epoll_ctl");
			return -1;
		}
	}
	if (opt.forwarding) {
		fwd_ev[0] = (struct ev){ EV_FWD, fwd_fd(AF_INET), 0 };
		fwd_ev[1] = (struct ev){ EV_FWD, fwd_fd(AF_INET6), 1 };
		for (i = 0; i < 2; i++)
			if (fwd_ev[i].fd != -1 &&
			    ev_watch(&fwd_ev[i], EPOLLIN) == -1) {
				log_warn("epoll_ctl");
				return -1;
			}
	}
	return 0;
}

/* What the policy did, as totals since start or since the last summary. */
static void
report_counters(bool summary)
{
	const struct proc_counters *pc = proc_counters();

	stats_report(summary, now, pc->refused, pc->oversize_dropped,
	    pc->garbage);
}

/* Routes one event to the path owning its descriptor. */
static void
dispatch(struct ev *ev, uint32_t events)
{
	switch (ev->kind) {
	case EV_UDP:
		dgram_readable(&lst[ev->idx], now);
		break;
	case EV_ACCEPT:
		/* Out of descriptors: stop accepting here until the sweep. */
		if (!conn_accept(&lst[ev->idx], now)) {
			lst_paused[ev->idx] = true;
			ev_rewatch(&lst_ev[ev->idx], 0);
		}
		break;
	case EV_CONN:
		conn_event(ev, events, now);
		break;
	case EV_FWD:
		dgram_forward_readable(ev->fd, now);
		break;
	}
}

int
loop_run(const volatile sig_atomic_t *quit, volatile sig_atomic_t *report)
{
	struct epoll_event events[RB_EPOLL_BATCH];
	uint64_t last_sweep;
	int k, nev;

	now = last_sweep = clock_ms();
	while (!*quit) {
		nev = ev_wait(events, RB_EPOLL_BATCH, RB_SWEEP_MS);
		if (nev == -1 && errno != EINTR) {
			log_warn("epoll_wait");
			return -1;
		}
		now = clock_ms();
		for (k = 0; k < nev; k++)
			dispatch(events[k].data.ptr, events[k].events);
		if (*report) {
			*report = 0;
			report_counters(false);
		}
		if (now - last_sweep >= RB_SWEEP_MS) {
			sweep();
			report_counters(true);
			last_sweep = now;
		}
		conn_bury();
		/* Registrations of this round reach the disk before the next
		 * wait (one write however many there were). */
		state_flush();
	}
	return 0;
}
