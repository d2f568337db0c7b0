/*
 * ratelimit.h — token buckets for UDP replies to non-local sources, one per
 * source prefix (IPv4 /24, IPv6 /56) in a fixed table, and a global bucket
 * as a backstop against floods spread over many prefixes (the scheme of
 * BIND's and Knot's response rate limiting). TCP is never limited: its
 * peer has completed a handshake and cannot be a spoofed victim.
 *
 * A prefix that floods a victim by spoofing it gets the victim at most
 * rate x T + burst replies in any T seconds, whatever else it sends: the
 * table is placed by SipHash-2-4 under a key drawn from getrandom() at each
 * start, so nobody can compute which prefixes share a victim's slots, and
 * even when a bucket is pushed out by others, what it owed is remembered
 * (see ratelimit.c), so coming back never hands a prefix a fresh burst.
 *
 * What an honest client sees: its first request from a prefix never seen
 * before finds burst / RB_RATE_START_DIV replies ready (500 with the
 * defaults: a LAN's mount storm), then rate per second up to the burst.
 * Only when thousands of prefixes churn the table can its bucket be pushed
 * out; it then comes back with no more than it had, and at worst with an
 * empty bucket that refills at the rate (its next lookup answered within
 * 1/rate s, well inside an RPC client's retransmission timeout).
 */
#ifndef RPCBINDD_RATELIMIT_H
#define RPCBINDD_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define RL_KEY_LEN	16		/* a SipHash key */

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

/* Empties every bucket and draws a new hash key: -1 if getrandom fails.
 * Call it before the seccomp filter, which does not allow getrandom. */
int	rl_configure(const struct rl_opts *);
/* The same with a given key: for the tests and the fuzzers. */
void	rl_configure_key(const struct rl_opts *, const uint8_t[RL_KEY_LEN]);
enum rl_verdict rl_check(const struct sockaddr_storage *, uint64_t now);

/* The first table slot probed for this source under the current key. */
size_t	rl_home(const struct sockaddr_storage *);
/* SipHash-2-4 (Aumasson and Bernstein, 2012) of a message. */
uint64_t rl_siphash24(const uint8_t[RL_KEY_LEN], const void *, size_t);

#endif
