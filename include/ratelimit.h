/*
 * ratelimit.h — token buckets for UDP replies to non-local sources, one per
 * source prefix (IPv4 /24, IPv6 /56) in a fixed table, and a global bucket
 * as a backstop against floods spread over many prefixes (the scheme of
 * BIND's and Knot's response rate limiting). TCP is never limited: its
 * peer has completed a handshake and cannot be a spoofed victim.
 */
#ifndef RPCBINDD_RATELIMIT_H
#define RPCBINDD_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct rl_opts {
	unsigned	rate;		/* replies per second per prefix; 0: off */
	unsigned	burst;		/* bucket size */
	bool		log_only;	/* count, never drop */
};

enum rl_verdict {
	RL_PASS,		/* send it */
	RL_LIMITED,		/* drop it */
	RL_WOULD_LIMIT,		/* log-only mode: send it, but count it */
};

void	rl_configure(const struct rl_opts *);
enum rl_verdict rl_check(const struct sockaddr_storage *, uint64_t now_ms);

#endif
