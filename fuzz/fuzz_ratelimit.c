/*
 * fuzz_ratelimit — rl_check against a reference model. Bytes 0-3 are the
 * first configuration: rate 0-255 per s (0: off), burst - 1 (0-255),
 * log-only (bit 0 of byte 2), another key (bit 0 of byte 3); then records
 * of 3 bytes, OP A B:
 *   OP & 3 == 0, 1  (OP >> 2 & 15) + 1 checks (1-16) from one source: bit
 *                   7 of A, one of 16 /56s that share one probe window
 *                   under the fixed key (found at start, as an attacker
 *                   knowing the key would), else the /24 10.A.B (OP & 1:
 *                   the /56 2001:db8:A:B00::)
 *   OP & 3 == 2     time goes on by A | B << 8 ms (OP bit 2: times 64)
 *   OP & 3 == 3     with OP bits 4-5 set, reconfigure: rate A, burst
 *                   B + 1, log-only OP bit 2, OP bit 3: another key (the
 *                   colliders collide no more); else time goes on by A ms
 * The model keeps, for every prefix, the unbounded token bucket that the
 * design promises (starting with burst / RB_RATE_START_DIV tokens when
 * the prefix is first seen, refilled at the rate, capped at the burst).
 * Invariants:
 *  - for every prefix, the replies passed so far never outnumber the
 *    model's (a greedy bucket passes the most any bucket could: eviction
 *    must never give a prefix more than staying in the table);
 *  - for every prefix and any run of its passes i..j at times ti..tj,
 *    j - i + 1 <= burst + rate x (tj - ti), and from its first sighting
 *    at t0, k passes by tk <= start + rate x (tk - t0);
 *  - over all prefixes, the same with 25 x rate and 25 x burst (global);
 *  - rate 0 passes everything; RL_WOULD_LIMIT only in log-only mode,
 *    RL_LIMITED never in it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "ratelimit.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define POOL		16
#define MODEL_MAX	8192		/* > records in a 9000-byte input */
#define MILLI		1000

static const uint8_t key1[RL_KEY_LEN] = { 0x3b, 0x91, 0x0c, 0x57, 0xe2,
    0x48, 0xad, 0x16, 0x7f, 0xc0, 0x25, 0x9a, 0x63, 0xd4, 0x08, 0xbe };
static const uint8_t key2[RL_KEY_LEN] = { 0x01, 0x23, 0x45, 0x67, 0x89,
    0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };

static struct sockaddr_storage pool[POOL];
static bool pool_ready;

struct model {
	uint8_t		key[8];		/* family and prefix */
	uint32_t	gen;		/* of the configuration; else free */
	int64_t		tokens;		/* thousandths */
	int64_t		last, first;	/* ms */
	int64_t		passes;		/* of the model */
	int64_t		real;		/* of rl_check */
	int64_t		lo;		/* min over passes i of i*1000 - ti*rate */
};

static struct model	models[MODEL_MAX];
static int64_t		g_real, g_lo;
static uint32_t		gen;
static struct rl_opts	cur;

static struct sockaddr_storage
src6(uint32_t n)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	s6->sin6_family = AF_INET6;
	s6->sin6_addr.s6_addr[0] = 0x20;
	s6->sin6_addr.s6_addr[1] = 0x01;
	s6->sin6_addr.s6_addr[2] = 0x0d;
	s6->sin6_addr.s6_addr[3] = 0xb8;
	s6->sin6_addr.s6_addr[4] = (uint8_t)(0x80 | (n >> 16));
	s6->sin6_addr.s6_addr[5] = (uint8_t)(n >> 8);
	s6->sin6_addr.s6_addr[6] = (uint8_t)n;
	s6->sin6_addr.s6_addr[15] = 5;
	return ss;
}

/* 16 /56s with the same first slot under key1. */
static void
make_pool(void)
{
	struct rl_opts o = { 1, 1, false };
	size_t home, k = 0;
	uint32_t n;

	rl_configure_key(&o, key1);
	pool[k] = src6(0);
	home = rl_home(&pool[k++]);
	for (n = 1; n < (1u << 22) && k < POOL; n++) {
		struct sockaddr_storage s = src6(n);

		if (rl_home(&s) == home)
			pool[k++] = s;
	}
	if (k < POOL)
		abort();
	pool_ready = true;
}

static void
prefix_key(const struct sockaddr_storage *ss, uint8_t key[8])
{
	memset(key, 0, 8);
	key[0] = (uint8_t)ss->ss_family;
	if (ss->ss_family == AF_INET)
		memcpy(key + 1, &((const struct sockaddr_in *)ss)->sin_addr, 3);
	else
		memcpy(key + 1,
		    ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr, 7);
}

static struct model *
model_of(const uint8_t key[8])
{
	uint32_t h = 2166136261u, i;
	int k;

	for (k = 0; k < 8; k++)
		h = (h ^ key[k]) * 16777619u;
	for (i = 0; i < MODEL_MAX; i++) {
		struct model *m = &models[(h + i) % MODEL_MAX];

		if (m->gen != gen || memcmp(m->key, key, 8) == 0)
			return m;
	}
	abort();		/* more prefixes than records: cannot be */
}

static int64_t
start_tokens(void)
{
	int64_t s = (int64_t)cur.burst / RB_RATE_START_DIV;

	return (s == 0 ? 1 : s) * MILLI;
}

static void
configure(uint8_t rate, unsigned burst, bool log_only, bool other_key)
{
	cur.rate = rate;
	cur.burst = burst;
	cur.log_only = log_only;
	rl_configure_key(&cur, other_key ? key2 : key1);
	gen++;			/* every model entry is free again */
	g_real = 0;
	g_lo = INT64_MAX;
}

/* One check of ss at time t, against the model. */
static void
check(const struct sockaddr_storage *ss, int64_t t)
{
	int64_t R = cur.rate, cap = (int64_t)cur.burst * MILLI;
	enum rl_verdict v = rl_check(ss, (uint64_t)t);
	struct model *m;
	uint8_t key[8];
	bool model_pass;

	if (cur.rate == 0) {
		if (v != RL_PASS)
			abort();
		return;
	}
	if (v == (cur.log_only ? RL_LIMITED : RL_WOULD_LIMIT))
		abort();
	prefix_key(ss, key);
	m = model_of(key);
	if (m->gen != gen) {
		m->gen = gen;
		memcpy(m->key, key, 8);
		m->passes = m->real = 0;
		m->tokens = start_tokens();
		m->last = m->first = t;
		m->lo = INT64_MAX;
	}
	m->tokens += (t - m->last) * R;
	if (m->tokens > cap)
		m->tokens = cap;
	m->last = t;
	model_pass = m->tokens >= MILLI;
	if (model_pass) {
		m->tokens -= MILLI;
		m->passes++;
	}
	if (v != RL_PASS)
		return;

	/* per prefix: never more than the model, nor than the bucket allows */
	m->real++;
	if (m->real > m->passes)
		abort();
	if (m->real * MILLI > start_tokens() + (t - m->first) * R)
		abort();
	if (m->real * MILLI - t * R < m->lo)
		m->lo = m->real * MILLI - t * R;
	if (m->real * MILLI - t * R - m->lo > cap - MILLI)
		abort();

	/* global: 25 x rate, 25 x burst, full at configuration */
	g_real++;
	if (g_real * MILLI - t * R * RB_RATE_GLOBAL_FACTOR < g_lo)
		g_lo = g_real * MILLI - t * R * RB_RATE_GLOBAL_FACTOR;
	if (g_real * MILLI - t * R * RB_RATE_GLOBAL_FACTOR - g_lo >
	    cap * RB_RATE_GLOBAL_FACTOR - MILLI)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t t = 1000;
	size_t i;

	if (!pool_ready)
		make_pool();
	if (size < 4)
		return 0;
	configure(data[0], (unsigned)data[1] + 1, data[2] & 1, data[3] & 1);
	for (i = 4; i + 3 <= size; i += 3) {
		uint8_t op = data[i], a = data[i + 1], b = data[i + 2];
		struct sockaddr_storage ss;
		int k;

		switch (op & 3) {
		case 0:
		case 1:
			if (a & 0x80) {
				ss = pool[a & (POOL - 1)];
			} else if (op & 1) {
				ss = src6(0x10000u | (uint32_t)a << 8 | b);
			} else {
				struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

				memset(&ss, 0, sizeof(ss));
				s4->sin_family = AF_INET;
				s4->sin_addr.s_addr = htonl(0x0a000000u |
				    (uint32_t)a << 16 | (uint32_t)b << 8 | 1);
			}
			for (k = 0; k <= (op >> 2 & 15); k++)
				check(&ss, t);
			break;
		case 2:
			t += (int64_t)(a | b << 8) << (op & 4 ? 6 : 0);
			break;
		case 3:
			if ((op & 0x30) == 0x30)
				configure(a, (unsigned)b + 1, op & 4, op & 8);
			else
				t += a;
			break;
		}
	}
	return 0;
}
