/*
 * test_ratelimit — the per-prefix token buckets (ratelimit.c): SipHash-2-4
 * against the reference vectors, the keyed placement, what new and pushed
 * out prefixes get, an eviction attack; and the allow lists
 * (net_parse_list, net_contains in net.c).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "net.h"
#include "ratelimit.h"
#include "tap.h"
#include "unit.h"

/* How many of n checks at time t pass. */
static int
passes(const struct sockaddr_storage *ss, int n, uint64_t t)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (rl_check(ss, t) == RL_PASS)
			k++;
	return k;
}


/* Fixed keys, so that a test can compute collisions as an attacker who
 * knew the key would. */
static const uint8_t key1[RL_KEY_LEN] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const uint8_t key2[RL_KEY_LEN] = {
	0x5a, 0x17, 0xc3, 0x90, 0x2e, 0x44, 0xf1, 0x08,
	0x66, 0xbd, 0x3c, 0x71, 0x9e, 0x02, 0xa5, 0xd8,
};

static void
test_siphash(void)
{
	/* The reference vectors of SipHash-2-4 (the paper's appendix and the
	 * reference implementation's table): key 00..0f, message 00..n-1. */
	static const uint64_t want[17] = {
		0x726fdb47dd0e0e31ull, 0x74f839c593dc67fdull,
		0x0d6c8009d9a94f5aull, 0x85676696d7fb7e2dull,
		0xcf2794e0277187b7ull, 0x18765564cd99a68dull,
		0xcbc9466e58fee3ceull, 0xab0200f58b01d137ull,
		0x93f5f5799a932462ull, 0x9e0082df0ba9e4b0ull,
		0x7a5dbbc594ddb9f3ull, 0xf4b32f46226bada7ull,
		0x751e8fbc860ee5fbull, 0x14ea5627c0843d90ull,
		0xf723ca908e7af2eeull, 0xa129ca6149be45e5ull,
		0x3f2acc7f57c29bdbull,
	};
	uint8_t msg[17];
	size_t n;
	int bad = 0;

	for (n = 0; n < sizeof(msg); n++)
		msg[n] = (uint8_t)n;
	for (n = 0; n < 17; n++)
		if (rl_siphash24(key1, msg, n) != want[n]) {
			diag("length %zu: got %016llx, want %016llx", n,
			    (unsigned long long)rl_siphash24(key1, msg, n),
			    (unsigned long long)want[n]);
			bad++;
		}
	is_int(bad, 0, "SipHash-2-4 matches the 17 reference vectors (lengths 0-16)");
	ok(rl_siphash24(key1, msg, 15) == 0xa129ca6149be45e5ull,
	    "  the paper's worked example (15 bytes) is a129ca6149be45e5");
}

static void
test_buckets(void)
{
	struct rl_opts o = { .rate = 10, .burst = 20, .log_only = false };
	struct sockaddr_storage a = ss_of("203.0.113.5"), b = ss_of("203.0.113.77");
	struct sockaddr_storage c = ss_of("203.0.114.5");
	struct sockaddr_storage x = ss_of("2001:db8:1:ff00::1");
	struct sockaddr_storage y = ss_of("2001:db8:1:ff12::2");
	struct sockaddr_storage z = ss_of("2001:db8:1:100::1");

	rl_configure_key(&o, key1);
	is_int(passes(&a, 30, 1000), 5,
	    "a new prefix starts with a quarter of its burst (5 of 30)");
	is_int(passes(&b, 5, 1000), 0, "another address of the same /24 shares it");
	is_int(passes(&c, 30, 1000), 5, "another /24 has its own bucket");
	is_int(passes(&a, 10, 1500), 5, "half a second refills 5 at 10/s");
	is_int(passes(&a, 10, 1500), 0, "...and no more at the same instant");
	is_int(passes(&a, 100, 100000), 20, "a long pause refills to the full burst");
	is_int(rl_check(&a, 100000), RL_LIMITED, "over the limit: RL_LIMITED");

	is_int(passes(&x, 25, 5000), 5, "IPv6: a new /56 starts with 5");
	is_int(passes(&y, 5, 5000), 0, "IPv6: another address of the /56 shares it");
	is_int(passes(&z, 25, 5000), 5, "IPv6: another /56 has its own");
	is_int(passes(&x, 25, 7000), 20, "IPv6: two seconds later, the full burst");

	o.log_only = true;
	rl_configure_key(&o, key1);
	is_int(passes(&a, 20, 1000), 5, "log-only: a new prefix's start passes");
	is_int(rl_check(&a, 1000), RL_WOULD_LIMIT,
	    "log-only: over the limit is RL_WOULD_LIMIT (sent, counted)");

	o.rate = 0;
	o.log_only = false;
	rl_configure_key(&o, key1);
	is_int(passes(&a, 100000, 1000), 100000, "rate 0: nothing is limited");

	/* The defaults answer a mount storm of 500 from one /24 at once. */
	o.rate = 1000;
	o.burst = 2000;
	rl_configure_key(&o, key1);
	is_int(passes(&a, 600, 1000), 500,
	    "defaults: a new /24 gets 500 at once (a LAN's mount storm)");
	is_int(passes(&a, 600, 1100), 100, "  then 1000/s (100 in 100 ms)");
}

static void
test_global_and_table(void)
{
	struct rl_opts o = { .rate = 1, .burst = 2, .log_only = false };
	struct sockaddr_storage s;
	char addr[32];
	int i, k = 0;

	/* The global backstop is 25x: 50 tokens at once over every prefix. */
	rl_configure_key(&o, key1);
	for (i = 0; i < 200; i++) {
		snprintf(addr, sizeof(addr), "198.%d.%d.1", 18 + i / 250, i % 250);
		s = ss_of(addr);
		k += passes(&s, 2, 1000);
	}
	is_int(k, 50, "200 prefixes at once: the global backstop lets 50 through");

	/* Far more prefixes than the table holds: it recycles, never grows,
	 * and a prefix never seen always gets its start. */
	o.rate = 1000;
	o.burst = 1;
	rl_configure_key(&o, key1);
	k = 0;
	for (i = 0; i < 20000; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.1", i / 256, i % 256);
		s = ss_of(addr);
		k += passes(&s, 1, 1000 + (uint64_t)i);
	}
	is_int(k, 20000, "20000 distinct prefixes in a 4096-slot table all answered");
}

/* IPv6 source n: 2001:db8:HH:LL00::5, one /56 per n. */
static struct sockaddr_storage
v6n(uint32_t n)
{
	char a[64];

	snprintf(a, sizeof(a), "2001:db8:%x:%x00::5", 0x100 + (n >> 8), n & 0xff);
	return ss_of(a);
}

static void
test_keys(void)
{
	struct rl_opts o = { .rate = 50, .burst = 100, .log_only = false };
	size_t home1[64];
	struct sockaddr_storage s;
	uint32_t n;
	int moved = 0, same = 0;

	rl_configure_key(&o, key1);
	for (n = 0; n < 64; n++) {
		s = v6n(n);
		home1[n] = rl_home(&s);
	}
	rl_configure_key(&o, key2);
	for (n = 0; n < 64; n++) {
		s = v6n(n);
		moved += rl_home(&s) != home1[n];
	}
	ok(moved >= 56, "another key places %d of 64 prefixes elsewhere "
	    "(the key is used)", moved);
	rl_configure_key(&o, key1);
	for (n = 0; n < 64; n++) {
		s = v6n(n);
		same += rl_home(&s) == home1[n];
	}
	is_int(same, 64, "the same key places them the same");

	/* Two starts draw two keys from getrandom. */
	if (rl_configure(&o) == -1) {
		ok(false, "rl_configure draws a key");
		return;
	}
	for (n = 0; n < 64; n++) {
		s = v6n(n);
		home1[n] = rl_home(&s);
	}
	moved = 0;
	if (rl_configure(&o) == -1) {
		ok(false, "rl_configure draws a key");
		return;
	}
	for (n = 0; n < 64; n++) {
		s = v6n(n);
		moved += rl_home(&s) != home1[n];
	}
	ok(moved >= 56, "two configurations place %d of 64 prefixes "
	    "differently (a random key each)", moved);
	moved = 0;
	for (n = 0; n < 64; n++) {
		s = v6n(n);
		moved += rl_home(&s) != (size_t)(rl_siphash24(key1,
		    (const uint8_t[8]){ AF_INET6, 0x20, 0x01, 0x0d, 0xb8,
		    (uint8_t)(1 + (n >> 8)), (uint8_t)n }, 8) % 4096);
	}
	ok(moved >= 56, "a drawn key is not the fixed test key (%d of 64 "
	    "elsewhere)", moved);
}

/* Up to max sources whose probe window is the victim's (same first slot),
 * found as an attacker knowing the key would. */
static size_t
colliders(const struct sockaddr_storage *victim, struct sockaddr_storage *out,
    size_t max)
{
	size_t home = rl_home(victim), k = 0;
	uint32_t n;

	for (n = 1; n < (1u << 22) && k < max; n++) {
		char a[64];
		struct sockaddr_storage s;

		snprintf(a, sizeof(a), "2001:db8:%x:%x00::5", 0x1000 + (n >> 8),
		    n & 0xff);
		s = ss_of(a);
		if (rl_home(&s) == home)
			out[k++] = s;
	}
	return k;
}

static void
test_eviction(void)
{
	struct rl_opts o = { .rate = 50, .burst = 100, .log_only = false };
	struct sockaddr_storage v = ss_of("2001:db8:2:100::5");
	struct sockaddr_storage c[9];
	uint64_t t;
	size_t i, nc;
	int k = 0, ck = 0, round;

	rl_configure_key(&o, key1);
	nc = colliders(&v, c, 9);
	is_int((int)nc, 9, "found 9 prefixes that share the victim's 8 slots");
	if (nc != 9)
		return;

	/* The attack: every 20 ms for 4 s, 20 replies spoofed to the victim,
	 * then one from each of 8 others of its window, pushing the least
	 * recently seen out. Unkeyed and starting full, the victim got a
	 * fresh burst every round. */
	for (round = 0; round < 200; round++) {
		t = 1000 + (uint64_t)round * 20;
		k += passes(&v, 20, t);
		for (i = 0; i < 8; i++)
			ck += passes(&c[i], 1, t + 1);
	}
	diag("victim: %d replies in 4 s; the 8 evicting prefixes: %d", k, ck);
	ok(k <= 50 * 4 + 100, "eviction attack: the victim got %d replies in "
	    "4 s, at most rate x 4 s + burst (300)", k);
	ok(k >= 50 * 3, "  and still its rate: %d >= 150", k);

	/* The same with evicting prefixes that drain their own buckets, so
	 * that the victim's is the one that gives up least and is pushed out
	 * every round. */
	rl_configure_key(&o, key1);
	k = 0;
	for (round = 0; round < 200; round++) {
		t = 1000 + (uint64_t)round * 20;
		k += passes(&v, 20, t);
		for (i = 0; i < 9; i++)
			(void)passes(&c[i], 30, t + 1 + i);
	}
	ok(k <= 50 * 4 + 100, "eviction attack with drained evicting buckets: "
	    "the victim got %d, at most 300", k);

	/* Pushed out right after draining: it comes back owing. */
	rl_configure_key(&o, key1);
	is_int(passes(&v, 100, 1000), 25, "the victim drains its start (25)");
	for (i = 0; i < 8; i++)
		(void)passes(&c[i], 30, 1001 + i);
	(void)passes(&c[8], 30, 1009);
	is_int(passes(&v, 100, 1010), 0,
	    "pushed out by 9 drained prefixes, it comes back with nothing");
	is_int(passes(&v, 100, 1030), 1, "  and refills at the rate (1 in 20 ms)");

	/* An honest newcomer sharing the summary with a drained prefix:
	 * at worst it starts empty and refills at the rate. */
	rl_configure_key(&o, key1);
	for (i = 0; i < 9; i++)
		(void)passes(&c[i], 30, 1000 + i);
	t = 1010;
	k = 0;
	while (k == 0 && t < 1100)
		k = passes(&c[0], 1, t++);
	ok(k == 1 && t <= 1000 + 9 + 1 + 21, "a pushed-out prefix's next "
	    "lookup is answered within 1/rate (at %llu ms)",
	    (unsigned long long)t - 1);
}

/* Whether the list holds the address. */
static bool
in(const struct netlist *l, const char *addr)
{
	struct sockaddr_storage s = ss_of(addr);

	return net_contains(l, &s);
}

static void
test_nets(void)
{
	static const struct {
		const char	*list, *what;
	} refused[] = {
		{ "2001:db8::/129", "an IPv6 /129 is refused" },
		{ "198.51.100.0/", "an empty prefix length is refused" },
		{ "198.51.100.0/2x", "a prefix length with junk is refused" },
		{ "a,b", "names are refused" },
		{ "", "an empty list is refused" },
		{ "192.0.2.1,", "a trailing comma is refused" },
	};
	struct netlist l;
	char err[128];
	size_t i;

	memset(&l, 0, sizeof(l));
	is_int(net_parse_list("198.51.100.0/24,2001:db8::/32,192.0.2.7", &l,
	    err, sizeof(err)), 0, "a list of three networks parses");
	is_int((int)l.n, 3, "  three entries");
	ok(in(&l, "198.51.100.200"), "198.51.100.200 is in 198.51.100.0/24");
	ok(!in(&l, "198.51.101.1"), "198.51.101.1 is not");
	ok(in(&l, "192.0.2.7"), "a bare address is a /32");
	ok(!in(&l, "192.0.2.8"), "  and only that address");
	ok(in(&l, "2001:db8:ffff::1"), "2001:db8:ffff::1 is in 2001:db8::/32");
	ok(!in(&l, "2001:db9::1"), "2001:db9::1 is not");
	ok(!in(&l, "::ffff:198.51.100.1"),
	    "a v4-mapped IPv6 address is not an IPv4 one");

	memset(&l, 0, sizeof(l));
	is_int(net_parse_list("198.51.100.128/25", &l, err, sizeof(err)), 0,
	    "a /25 parses");
	ok(!in(&l, "198.51.100.127"),
	    "  .127 is outside the /25 (partial byte)");
	ok(in(&l, "198.51.100.129"), "  .129 is inside");
	memset(&l, 0, sizeof(l));
	is_int(net_parse_list("0.0.0.0/0", &l, err, sizeof(err)), 0,
	    "/0 parses");
	ok(in(&l, "203.0.113.9"), "  and holds every IPv4 address");

	is_int(net_parse_list("198.51.100.0/33", &l, err, sizeof(err)), -1,
	    "a /33 is refused");
	like_str(err, "198.51.100.0/33", "  naming it");
	for (i = 0; i < NELEM(refused); i++)
		is_int(net_parse_list(refused[i].list, &l, err, sizeof(err)), -1,
		    "%s", refused[i].what);
}

int
main(void)
{
	test_siphash();
	test_buckets();
	test_global_and_table();
	test_keys();
	test_eviction();
	test_nets();
	done_testing();
}
