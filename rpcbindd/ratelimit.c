/*
 * ratelimit.c — per-prefix token buckets.
 *
 * Tokens are kept in thousandths so that rates below one per millisecond
 * refill smoothly. The table is open-addressed with a short probe; when
 * every probed slot is taken by another prefix, the one seen longest ago
 * is reused, so memory is fixed whatever the number of sources (a source
 * that was evicted starts again with a full bucket, which errs on the side
 * of answering).
 */
#include <netinet/in.h>
#include <string.h>

#include "bounds.h"
#include "ratelimit.h"

#define PROBES		8
#define MILLI		1000u

struct bucket {
	uint8_t		key[8];		/* family, then the prefix bytes */
	uint64_t	tokens;		/* thousandths */
	uint64_t	last;		/* ms of the last refill; 0: empty */
};

static struct bucket	table[RB_RATE_TABLE];
static struct bucket	global;
static struct rl_opts	opts = { RB_RATE_DEFAULT, RB_RATE_BURST_DEFAULT,
			    false };

void
rl_configure(const struct rl_opts *o)
{
	opts = *o;
	memset(table, 0, sizeof(table));
	memset(&global, 0, sizeof(global));
}

static void
make_key(const struct sockaddr_storage *ss, uint8_t key[8])
{
	memset(key, 0, 8);
	key[0] = (uint8_t)ss->ss_family;
	if (ss->ss_family == AF_INET)
		memcpy(key + 1, &((const struct sockaddr_in *)ss)->sin_addr, 3);
	else if (ss->ss_family == AF_INET6)
		memcpy(key + 1,
		    ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr, 7);
}

static uint32_t
hash(const uint8_t key[8])
{
	uint32_t h = 2166136261u;
	int i;

	for (i = 0; i < 8; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

/* Refills and takes one token; false when there is none. */
static bool
take(struct bucket *b, uint64_t rate, uint64_t burst, uint64_t now)
{
	uint64_t cap = burst * MILLI;

	if (b->last == 0) {
		b->tokens = cap;
		b->last = now;
	} else if (now > b->last) {
		uint64_t add = (now - b->last) * rate;	/* ms x per-s = milli */

		b->tokens = b->tokens + add > cap ? cap : b->tokens + add;
		b->last = now;
	}
	if (b->tokens < MILLI)
		return false;
	b->tokens -= MILLI;
	return true;
}

enum rl_verdict
rl_check(const struct sockaddr_storage *peer, uint64_t now)
{
	struct bucket *b = NULL, *oldest = NULL;
	uint8_t key[8];
	uint32_t h;
	int i;
	bool ok;

	if (opts.rate == 0)
		return RL_PASS;
	now++;			/* 0 marks an empty slot */
	make_key(peer, key);
	h = hash(key);
	for (i = 0; i < PROBES; i++) {
		struct bucket *c = &table[(h + (uint32_t)i) % RB_RATE_TABLE];

		if (c->last != 0 && memcmp(c->key, key, 8) == 0) {
			b = c;
			break;
		}
		if (oldest == NULL || c->last < oldest->last)
			oldest = c;
	}
	if (b == NULL) {
		b = oldest;
		memcpy(b->key, key, 8);
		b->last = 0;
	}
	ok = take(b, opts.rate, opts.burst, now) &&
	    take(&global, (uint64_t)opts.rate * RB_RATE_GLOBAL_FACTOR,
	    (uint64_t)opts.burst * RB_RATE_GLOBAL_FACTOR, now);
	if (ok)
		return RL_PASS;
	return opts.log_only ? RL_WOULD_LIMIT : RL_LIMITED;
}
