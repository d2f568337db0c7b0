/*
 * test_origin — which requests are LOCAL (origin.c): loopback addresses
 * in every form (127/8, ::1, ::ffff:127.x, and near misses in each 32-bit
 * word of an IPv6 address), other families, and the classification per
 * transport: UDP needs a loopback source that arrived on lo (else remote,
 * or forged), TCP a loopback peer and a loopback address of ours.
 */
#include <string.h>

#include "origin.h"
#include "tap.h"
#include "unit.h"

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
	/* ifindex 1 is lo here, 2 another interface, 0 unknown. */
	static const struct {
		enum transport	 tr;
		const char	*peer, *self;	/* NULL: AF_UNIX */
		unsigned	 ifindex, lo_ifindex;
		int		 want;
		const char	*what;
	} classify[] = {
		{ TR_LOCAL, NULL, NULL, 0, 1, ORIGIN_LOCAL,
		  "the local socket is local" },
		{ TR_UDP, "127.0.0.1", "127.0.0.1", 1, 1, ORIGIN_LOCAL,
		  "udp: loopback source on lo is local" },
		{ TR_UDP, "::1", "::1", 1, 1, ORIGIN_LOCAL,
		  "udp6: ::1 on lo is local" },
		{ TR_UDP, "127.0.0.1", "198.51.100.1", 2, 1, ORIGIN_SPOOFED,
		  "udp: loopback source off lo is forged" },
		{ TR_UDP, "127.0.0.1", "127.0.0.1", 0, 0, ORIGIN_SPOOFED,
		  "udp: loopback source, arrival unknown (0 == 0) is not local" },
		{ TR_UDP, "198.51.100.1", "198.51.100.1", 1, 1, ORIGIN_REMOTE,
		  "udp: a foreign source on lo is remote" },
		{ TR_UDP, "2001:db8::9", "::1", 2, 1, ORIGIN_REMOTE,
		  "udp6: a foreign source elsewhere is remote" },
		{ TR_TCP, "127.0.0.1", "127.0.0.1", 0, 1, ORIGIN_LOCAL,
		  "tcp: loopback peer to a loopback address is local" },
		{ TR_TCP, "127.0.0.1", "198.51.100.1", 0, 1, ORIGIN_REMOTE,
		  "tcp: loopback peer to another address of ours is remote" },
		{ TR_TCP, "198.51.100.1", "127.0.0.1", 0, 1, ORIGIN_REMOTE,
		  "tcp: a foreign peer is remote" },
		{ TR_TCP, "::1", "::1", 0, 1, ORIGIN_LOCAL,
		  "tcp6: ::1 to ::1 is local" },
	};
	struct sockaddr_storage un, peer, self;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct sockaddr_storage ss = ss_of(cases[i].addr);

		is_int(origin_loopback(&ss), cases[i].loopback, "%s is %sloopback",
		    cases[i].addr, cases[i].loopback ? "" : "not ");
	}
	memset(&un, 0, sizeof(un));
	un.ss_family = AF_UNIX;
	is_int(origin_loopback(&un), false, "an AF_UNIX address is not loopback");

	for (i = 0; i < NELEM(classify); i++) {
		peer = classify[i].peer ? ss_of(classify[i].peer) : un;
		self = classify[i].self ? ss_of(classify[i].self) : un;
		is_int(origin_classify(classify[i].tr, &peer, &self,
		    classify[i].ifindex, classify[i].lo_ifindex),
		    classify[i].want, "%s", classify[i].what);
	}
	return done_testing();
}
