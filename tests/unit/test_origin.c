/*
 * test_origin — which requests are LOCAL (origin.c): loopback addresses
 * in every form (127/8, ::1, ::ffff:127.x, and near misses in each 32-bit
 * word of an IPv6 address), other families, and the classification per
 * transport: UDP needs a loopback source that arrived on lo (else remote,
 * or forged), TCP a loopback peer and a loopback address of ours.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "origin.h"
#include "tap.h"

static struct sockaddr_storage
sa(const char *addr)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(addr, ':') != NULL) {
		ss.ss_family = AF_INET6;
		inet_pton(AF_INET6, addr,
		    &((struct sockaddr_in6 *)&ss)->sin6_addr);
	} else {
		ss.ss_family = AF_INET;
		inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr);
	}
	return ss;
}

int
main(void)
{
	static const struct {
		const char	*addr;
		bool		 loopback;
	} cases[] = {
		{ "127.0.0.1", true },
		{ "127.255.255.254", true },
		{ "126.255.255.255", false },
		{ "128.0.0.1", false },
		{ "198.51.100.1", false },
		{ "::1", true },
		{ "::", false },
		{ "::2", false },
		{ "1::1", false },		/* first word */
		{ "0:1::1", false },		/* second word */
		{ "::1:0:0:1", false },		/* third word */
		{ "::ffff:127.0.0.1", true },
		{ "::ffff:127.1.2.3", true },
		{ "::ffff:198.51.100.1", false },
		{ "::fffe:127.0.0.1", false },	/* not v4-mapped: third word */
		{ "1::ffff:127.0.0.1", false },
		{ "0:1::ffff:127.0.0.1", false },
		{ "::127.0.0.1", false },	/* v4-compatible, not mapped */
		{ "2001:db8::1", false },
	};
	struct sockaddr_storage lo4 = sa("127.0.0.1"), lo6 = sa("::1");
	struct sockaddr_storage lan = sa("198.51.100.1"), wan6 = sa("2001:db8::9");
	struct sockaddr_storage un;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_storage ss = sa(cases[i].addr);

		is_int(origin_loopback(&ss), cases[i].loopback, "%s is %sloopback",
		    cases[i].addr, cases[i].loopback ? "" : "not ");
	}
	memset(&un, 0, sizeof(un));
	un.ss_family = AF_UNIX;
	is_int(origin_loopback(&un), false, "an AF_UNIX address is not loopback");

	/* ifindex 1 is lo here, 2 another interface, 0 unknown. */
	is_int(origin_classify(TR_LOCAL, &un, &un, 0, 1), ORIGIN_LOCAL,
	    "the local socket is local");
	is_int(origin_classify(TR_UDP, &lo4, &lo4, 1, 1), ORIGIN_LOCAL,
	    "udp: loopback source on lo is local");
	is_int(origin_classify(TR_UDP, &lo6, &lo6, 1, 1), ORIGIN_LOCAL,
	    "udp6: ::1 on lo is local");
	is_int(origin_classify(TR_UDP, &lo4, &lan, 2, 1), ORIGIN_SPOOFED,
	    "udp: loopback source off lo is forged");
	is_int(origin_classify(TR_UDP, &lo4, &lo4, 0, 0), ORIGIN_SPOOFED,
	    "udp: loopback source, arrival unknown (0 == 0) is not local");
	is_int(origin_classify(TR_UDP, &lan, &lan, 1, 1), ORIGIN_REMOTE,
	    "udp: a foreign source on lo is remote");
	is_int(origin_classify(TR_UDP, &wan6, &lo6, 2, 1), ORIGIN_REMOTE,
	    "udp6: a foreign source elsewhere is remote");
	is_int(origin_classify(TR_TCP, &lo4, &lo4, 0, 1), ORIGIN_LOCAL,
	    "tcp: loopback peer to a loopback address is local");
	is_int(origin_classify(TR_TCP, &lo4, &lan, 0, 1), ORIGIN_REMOTE,
	    "tcp: loopback peer to another address of ours is remote");
	is_int(origin_classify(TR_TCP, &lan, &lo4, 0, 1), ORIGIN_REMOTE,
	    "tcp: a foreign peer is remote");
	is_int(origin_classify(TR_TCP, &lo6, &lo6, 0, 1), ORIGIN_LOCAL,
	    "tcp6: ::1 to ::1 is local");
	return done_testing();
}
