/*
 * ratelimit.c — per-prefix token buckets.
 *
 * Tokens are kept in thousandths so that rates below one per millisecond
 * refill smoothly (a rate per second is exactly that many thousandths per
 * millisecond). The table is open-addressed with a short probe from a slot
 * chosen by SipHash-2-4 under a key drawn at each start: with an unkeyed
 * hash, anyone could compute offline which prefixes share a victim's
 * slots and push its bucket out at will.
 *
 * When every probed slot holds another prefix, the bucket that gives up
 * least is reused: the one that would be full again soonest. What it owed
 * is not forgotten: the time at which it would be full is folded (by
 * maximum) into a second fixed table, the eviction summary, at a slot of
 * its own hash. A bucket created for a prefix starts with the fewer of
 * burst / RB_RATE_START_DIV tokens and what that summary slot allows. So a
 * prefix that comes back has at most the tokens it would have had if it
 * had never left; and as every passing reply takes a token, it gets at most
 * rate x T + burst replies in any T seconds however often it is pushed
 * out. A prefix sharing a summary slot with a drained one starts empty and
 * refills at the rate: the price of a collision is one bucket's burst,
 * never an outage.
 *
 * A reply passes when both its prefix's bucket and the global one have a
 * token; only then are both charged.
 */
#include <netinet/in.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "bounds.h"
#include "ratelimit.h"

#define PROBES		8
#define MILLI		1000u

struct bucket {
	uint8_t		key[8];		/* family, then the prefix bytes */
	uint64_t	tokens;		/* thousandths */
	uint64_t	last;		/* ms + 1 of the last refill; 0: empty */
};

static struct bucket	table[RB_RATE_TABLE];
/* ms + 1 at which the fullest-owing bucket evicted to here is full again */
static uint64_t		evicted[RB_RATE_SUMMARY];
static struct bucket	global;
static struct rl_opts	opts = { RB_RATE_DEFAULT, RB_RATE_BURST_DEFAULT,
			    false };
static uint8_t		hkey[RL_KEY_LEN];

/* ---------------------------------------------------------- SipHash-2-4 */

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

static void
absorb(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sipround(v);
	sipround(v);
	v[0] ^= m;
}

uint64_t
rl_siphash24(const uint8_t key[RL_KEY_LEN], const void *msg, size_t len)
{
	const uint8_t *p = msg;
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	uint64_t v[4] = {
		k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
		k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull,
	};
	uint64_t last = (uint64_t)(len & 0xff) << 56;
	size_t i, rest = len % 8;

	for (i = 0; i + 8 <= len; i += 8)
		absorb(v, le64(p + i));
	/* the last 0-7 bytes, little-endian, under the length byte */
	while (rest > 0) {
		rest--;
		last |= (uint64_t)p[i + rest] << (8 * rest);
	}
	absorb(v, last);
	v[2] ^= 0xff;
	sipround(v);
	sipround(v);
	sipround(v);
	sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* -------------------------------------------------------------- buckets */

void
rl_configure_key(const struct rl_opts *o, const uint8_t key[RL_KEY_LEN])
{
	opts = *o;
	memcpy(hkey, key, RL_KEY_LEN);
	memset(table, 0, sizeof(table));
	memset(evicted, 0, sizeof(evicted));
	memset(&global, 0, sizeof(global));
}

int
rl_configure(const struct rl_opts *o)
{
	uint8_t key[RL_KEY_LEN];
	ssize_t n = -1;
	int i;

	for (i = 0; i < 8 && n == -1; i++)
		if ((n = getrandom(key, sizeof(key), 0)) == -1 &&
		    errno != EINTR)
			break;
	if (n != (ssize_t)sizeof(key))
		return -1;
	rl_configure_key(o, key);
	return 0;
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

/* Where a prefix lives: its keyed hash. One function for the table, the
 * eviction summary and rl_home, so what the tests place is what runs. */
static uint64_t
key_hash(const uint8_t key[8])
{
	return rl_siphash24(hkey, key, 8);
}

size_t
rl_home(const struct sockaddr_storage *ss)
{
	uint8_t key[8];

	make_key(ss, key);
	return (size_t)(key_hash(key) % RB_RATE_TABLE);
}

/* Tokens in b at now, refilled at rate (per s = thousandths per ms). */
static uint64_t
refilled(const struct bucket *b, uint64_t rate, uint64_t cap, uint64_t now)
{
	uint64_t dt;

	if (now <= b->last)
		return b->tokens;
	dt = now - b->last;
	if (dt > cap / rate || cap - b->tokens <= dt * rate)
		return cap;
	return b->tokens + dt * rate;
}

/* When b is full again (ms + 1), rounded up: never sooner than it is. */
static uint64_t
full_at(const struct bucket *b, uint64_t rate, uint64_t cap)
{
	return b->last + (cap - b->tokens + rate - 1) / rate;
}

/* Tokens of a bucket that is full at time full (ms + 1), at now. */
static uint64_t
owed(uint64_t full, uint64_t rate, uint64_t cap, uint64_t now)
{
	if (full <= now)
		return cap;
	if (full - now > cap / rate)
		return 0;
	return cap - (full - now) * rate;
}

/* A new bucket for key in slot b, pushing out what was there. */
static void
install(struct bucket *b, const uint8_t key[8], uint64_t h, uint64_t rate,
    uint64_t cap, uint64_t now)
{
	uint64_t *sum, start, t;

	if (b->last != 0) {
		uint64_t f = full_at(b, rate, cap);

		sum = &evicted[(key_hash(b->key) >> 32) %
		    RB_RATE_SUMMARY];
		if (f > *sum)
			*sum = f;
	}
	start = (uint64_t)opts.burst / RB_RATE_START_DIV;
	if (start == 0)
		start = 1;
	start *= MILLI;
	t = owed(evicted[(h >> 32) % RB_RATE_SUMMARY], rate, cap, now);
	memcpy(b->key, key, 8);
	b->tokens = t < start ? t : start;
	b->last = now;
}

enum rl_verdict
rl_check(const struct sockaddr_storage *peer, uint64_t now)
{
	struct bucket *b = NULL, *spare = NULL;
	uint64_t rate = opts.rate, cap = (uint64_t)opts.burst * MILLI;
	uint64_t grate = rate * RB_RATE_GLOBAL_FACTOR;
	uint64_t gcap = cap * RB_RATE_GLOBAL_FACTOR;
	uint64_t h, spare_full = 0, pt, gt;
	uint8_t key[8];
	size_t home;
	int i;

	if (opts.rate == 0)
		return RL_PASS;
	if (now < UINT64_MAX)
		now++;		/* 0 marks an empty slot */
	make_key(peer, key);
	h = key_hash(key);
	home = (size_t)(h % RB_RATE_TABLE);
	for (i = 0; i < PROBES; i++) {
		struct bucket *c = &table[(home + (size_t)i) % RB_RATE_TABLE];
		uint64_t f;

		if (c->last == 0) {
			if (spare == NULL || spare->last != 0)
				spare = c;
			continue;
		}
		if (memcmp(c->key, key, 8) == 0) {
			b = c;
			break;
		}
		if (spare != NULL && spare->last == 0)
			continue;
		f = full_at(c, rate, cap);
		if (spare == NULL || f < spare_full) {
			spare = c;
			spare_full = f;
		}
	}
	if (b == NULL) {
		b = spare;
		install(b, key, h, rate, cap, now);
	}
	if (global.last == 0) {
		global.tokens = gcap;
		global.last = now;
	}
	pt = refilled(b, rate, cap, now);
	gt = refilled(&global, grate, gcap, now);
	b->tokens = pt;
	global.tokens = gt;
	if (now > b->last)
		b->last = now;
	if (now > global.last)
		global.last = now;
	if (pt >= MILLI && gt >= MILLI) {
		b->tokens -= MILLI;
		global.tokens -= MILLI;
		return RL_PASS;
	}
	return opts.log_only ? RL_WOULD_LIMIT : RL_LIMITED;
}
