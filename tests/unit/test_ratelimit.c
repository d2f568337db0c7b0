/*
 * test_ratelimit — the per-prefix token buckets (ratelimit.c) and the
 * allow lists (net_parse_list, net_contains in config.c).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "config.h"
#include "ratelimit.h"
#include "tap.h"

static struct sockaddr_storage
v4(const char *a)
{
	struct sockaddr_storage ss;
	struct sockaddr_in sin = { .sin_family = AF_INET };

	inet_pton(AF_INET, a, &sin.sin_addr);
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, &sin, sizeof(sin));
	return ss;
}

static struct sockaddr_storage
v6(const char *a)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	inet_pton(AF_INET6, a, &sin6.sin6_addr);
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, &sin6, sizeof(sin6));
	return ss;
}

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

static void
test_buckets(void)
{
	struct rl_opts o = { .rate = 10, .burst = 20, .log_only = false };
	struct sockaddr_storage a = v4("203.0.113.5"), b = v4("203.0.113.77");
	struct sockaddr_storage c = v4("203.0.114.5");
	struct sockaddr_storage x = v6("2001:db8:1:ff00::1");
	struct sockaddr_storage y = v6("2001:db8:1:ff12::2");
	struct sockaddr_storage z = v6("2001:db8:1:100::1");

	rl_configure(&o);
	is_int(passes(&a, 30, 1000), 20, "a new prefix gets its burst (20 of 30)");
	is_int(passes(&b, 5, 1000), 0, "another address of the same /24 shares it");
	is_int(passes(&c, 30, 1000), 20, "another /24 has its own bucket");
	is_int(passes(&a, 10, 1500), 5, "half a second refills 5 at 10/s");
	is_int(passes(&a, 10, 1500), 0, "...and no more at the same instant");
	is_int(passes(&a, 100, 100000), 20, "a long pause refills only to the burst");
	is_int(rl_check(&a, 100000), RL_LIMITED, "over the limit: RL_LIMITED");

	is_int(passes(&x, 25, 5000), 20, "IPv6: a /56 gets its burst");
	is_int(passes(&y, 5, 5000), 0, "IPv6: another address of the /56 shares it");
	is_int(passes(&z, 25, 5000), 20, "IPv6: another /56 has its own");

	o.log_only = true;
	rl_configure(&o);
	is_int(passes(&a, 20, 1000), 20, "log-only: the burst passes");
	is_int(rl_check(&a, 1000), RL_WOULD_LIMIT,
	    "log-only: over the limit is RL_WOULD_LIMIT (sent, counted)");

	o.rate = 0;
	o.log_only = false;
	rl_configure(&o);
	is_int(passes(&a, 100000, 1000), 100000, "rate 0: nothing is limited");
}

static void
test_global_and_table(void)
{
	struct rl_opts o = { .rate = 1, .burst = 2, .log_only = false };
	struct sockaddr_storage s;
	char addr[32];
	int i, k = 0;

	/* The global backstop is 25x: 50 tokens at once over every prefix. */
	rl_configure(&o);
	for (i = 0; i < 200; i++) {
		snprintf(addr, sizeof(addr), "198.%d.%d.1", 18 + i / 250, i % 250);
		s = v4(addr);
		k += passes(&s, 2, 1000);
	}
	is_int(k, 50, "200 prefixes at once: the global backstop lets 50 through");

	/* Far more prefixes than the table holds: it recycles, never grows,
	 * and a recycled prefix starts with a full bucket. */
	o.rate = 1000;
	o.burst = 1;
	rl_configure(&o);
	k = 0;
	for (i = 0; i < 20000; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.1", i / 256, i % 256);
		s = v4(addr);
		k += passes(&s, 1, 1000 + (uint64_t)i);
	}
	is_int(k, 20000, "20000 distinct prefixes in a 4096-slot table all answered");
}

static void
test_nets(void)
{
	struct netlist l;
	struct sockaddr_storage s;
	char err[128];

	memset(&l, 0, sizeof(l));
	is_int(net_parse_list("198.51.100.0/24,2001:db8::/32,192.0.2.7", &l,
	    err, sizeof(err)), 0, "a list of three networks parses");
	is_int((int)l.n, 3, "  three entries");
	s = v4("198.51.100.200");
	ok(net_contains(&l, &s), "198.51.100.200 is in 198.51.100.0/24");
	s = v4("198.51.101.1");
	ok(!net_contains(&l, &s), "198.51.101.1 is not");
	s = v4("192.0.2.7");
	ok(net_contains(&l, &s), "a bare address is a /32");
	s = v4("192.0.2.8");
	ok(!net_contains(&l, &s), "  and only that address");
	s = v6("2001:db8:ffff::1");
	ok(net_contains(&l, &s), "2001:db8:ffff::1 is in 2001:db8::/32");
	s = v6("2001:db9::1");
	ok(!net_contains(&l, &s), "2001:db9::1 is not");
	s = v6("::ffff:198.51.100.1");
	ok(!net_contains(&l, &s), "a v4-mapped IPv6 address is not an IPv4 one");

	memset(&l, 0, sizeof(l));
	is_int(net_parse_list("198.51.100.128/25", &l, err, sizeof(err)), 0,
	    "a /25 parses");
	s = v4("198.51.100.127");
	ok(!net_contains(&l, &s), "  .127 is outside the /25 (partial byte)");
	s = v4("198.51.100.129");
	ok(net_contains(&l, &s), "  .129 is inside");
	memset(&l, 0, sizeof(l));
	is_int(net_parse_list("0.0.0.0/0", &l, err, sizeof(err)), 0, "/0 parses");
	s = v4("203.0.113.9");
	ok(net_contains(&l, &s), "  and holds every IPv4 address");

	is_int(net_parse_list("198.51.100.0/33", &l, err, sizeof(err)), -1,
	    "a /33 is refused");
	like_str(err, "198.51.100.0/33", "  naming it");
	is_int(net_parse_list("2001:db8::/129", &l, err, sizeof(err)), -1,
	    "an IPv6 /129 is refused");
	is_int(net_parse_list("198.51.100.0/", &l, err, sizeof(err)), -1,
	    "an empty prefix length is refused");
	is_int(net_parse_list("198.51.100.0/2x", &l, err, sizeof(err)), -1,
	    "a prefix length with junk is refused");
	is_int(net_parse_list("a,b", &l, err, sizeof(err)), -1,
	    "names are refused");
	is_int(net_parse_list("", &l, err, sizeof(err)), -1,
	    "an empty list is refused");
	is_int(net_parse_list("192.0.2.1,", &l, err, sizeof(err)), -1,
	    "a trailing comma is refused");
}

int
main(void)
{
	test_buckets();
	test_global_and_table();
	test_nets();
	done_testing();
}
