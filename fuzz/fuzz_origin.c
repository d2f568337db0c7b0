/*
 * fuzz_origin — origin classification (origin.c) over IPv4, IPv6 and
 * v4-mapped addresses with any arrival interface, then the request through
 * proc_handle with the origin it gave, as the loop does.
 *
 * Input: byte 0 the transport (UDP, TCP, the local socket: its value
 * modulo 3; bit 6 a privileged source port, bit 7 a non-root local user);
 * then the peer
 * and our own address, each a selector byte (below 0x80: one of a table of
 * telling addresses; else family by bit 0 and the 16 bytes that follow);
 * then the arrival interface and the loopback interface (a byte each);
 * the rest is the request.
 * Invariants:
 *  - a peer that is not a loopback address (127/8, ::1, ::ffff:127.x,
 *    judged here independently) is never local;
 *  - UDP is local only when it arrived on lo (non-zero ifindex), and a
 *    loopback source anywhere else is classed as spoofed; TCP is local
 *    exactly when peer and self are loopback; the local socket always is;
 *  - then those of every request target (fuzz/handle.h): a remote origin
 *    never changes the registry, a UDP reply to it is never larger than
 *    the request, every reply is a REPLY to the request's xid.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "origin.h"
#include "proc.h"
#include "registry.h"
#include "stats.h"
#include "handle.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ADDR_BYTES	17		/* selector + 16 */
#define HDR_BYTES	(1 + 2 * ADDR_BYTES + 2)

static const char *const table[] = {
	"127.0.0.1", "127.255.255.254", "126.255.255.255", "128.0.0.1",
	"0.0.0.0", "203.0.113.5", "198.51.100.1", "::1", "::", "::2",
	"::ffff:127.0.0.1", "::ffff:127.1.2.3", "::ffff:128.0.0.1",
	"::ffff:203.0.113.5", "::127.0.0.1", "2001:db8::5", "2001:db8:2::99",
	"fe80::1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1",
};

static void
fill_table(void)
{
	static const uint32_t progs[] = { 100024, 100021, 100005, 100003 };
	static const char *const netids[] = { "udp", "tcp", "udp6", "tcp6" };
	size_t i, j;

	reg_clear();
	stats_clear();
	proc_register_self(true, true, true, true, true);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		for (j = 0; j < 4; j++)
			reg_set(progs[i], 1, netids[j], j < 2 ? "0.0.0.0.8.1" :
			    "::.8.1", OWNER_SUPERUSER);
}

/* One address from the input: *loop says whether it is a loopback one,
 * from its bytes, independently of origin.c. */
static void
make_addr(const uint8_t *in, struct sockaddr_storage *ss, bool *loop)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(111) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
	    .sin6_port = htons(111) };
	static const uint8_t v6loop[16] = { [15] = 1 };
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	const uint8_t *b;

	memset(ss, 0, sizeof(*ss));
	if (in[0] < 0x80) {
		const char *s = table[in[0] % (sizeof(table) / sizeof(table[0]))];

		if (inet_pton(AF_INET, s, &sin.sin_addr) == 1)
			memcpy(ss, &sin, sizeof(sin));
		else if (inet_pton(AF_INET6, s, &sin6.sin6_addr) == 1)
			memcpy(ss, &sin6, sizeof(sin6));
		else
			abort();
	} else if (in[0] & 1) {
		memcpy(&sin6.sin6_addr, in + 1, 16);
		memcpy(ss, &sin6, sizeof(sin6));
	} else {
		memcpy(&sin.sin_addr, in + 1, 4);
		memcpy(ss, &sin, sizeof(sin));
	}
	if (ss->ss_family == AF_INET) {
		b = (const uint8_t *)&((struct sockaddr_in *)ss)->sin_addr;
		*loop = b[0] == 127;
	} else {
		b = ((struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
		*loop = memcmp(b, v6loop, 16) == 0 ||
		    (memcmp(b, mapped, 12) == 0 && b[12] == 127);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct proc_opts po = { .remote_calls = true,
	    .local_path = "/run/rpcbind.sock" };
	struct proc_forward fwd;
	struct origin o;
	enum origin_class cls;
	bool peer_loop, self_loop;
	unsigned ifindex, lo;
	const uint8_t *req;
	size_t reqlen;

	if (!ready) {
		proc_configure(&po);
		fill_table();
		ready = true;
	}
	if (size < HDR_BYTES)
		return 0;
	memset(&o, 0, sizeof(o));
	o.tr = data[0] % 3 == 0 ? TR_UDP : data[0] % 3 == 1 ? TR_TCP : TR_LOCAL;
	make_addr(data + 1, &o.peer, &peer_loop);
	make_addr(data + 1 + ADDR_BYTES, &o.self, &self_loop);
	ifindex = data[1 + 2 * ADDR_BYTES];
	lo = data[2 + 2 * ADDR_BYTES];
	req = data + HDR_BYTES;
	reqlen = size - HDR_BYTES;

	cls = origin_classify(o.tr, &o.peer, &o.self, ifindex, lo);
	if (origin_loopback(&o.peer) != peer_loop ||
	    origin_loopback(&o.self) != self_loop)
		abort();
	switch (o.tr) {
	case TR_UDP:
		if ((cls == ORIGIN_LOCAL) != (peer_loop && ifindex != 0 &&
		    ifindex == lo))
			abort();
		if ((cls == ORIGIN_SPOOFED) != (peer_loop && (ifindex == 0 ||
		    ifindex != lo)))
			abort();
		break;
	case TR_TCP:
		if ((cls == ORIGIN_LOCAL) != (peer_loop && self_loop))
			abort();
		break;
	case TR_LOCAL:
		if (cls != ORIGIN_LOCAL)
			abort();
		break;
	}
	if (o.tr != TR_LOCAL && cls == ORIGIN_LOCAL && !peer_loop)
		abort();
	if (cls == ORIGIN_SPOOFED)
		return 0;		/* the loop drops it */

	/* The request with that origin, as the loop hands it over. */
	o.local = cls == ORIGIN_LOCAL;
	o.privport = (data[0] & 0x40) != 0;
	o.netid = o.tr == TR_LOCAL ? "local" : o.tr == TR_UDP ?
	    (o.peer.ss_family == AF_INET ? "udp" : "udp6") :
	    (o.peer.ss_family == AF_INET ? "tcp" : "tcp6");
	if (o.tr == TR_LOCAL) {
		o.has_uid = true;
		o.uid = data[0] & 0x80 ? 1000 : 0;
		memset(&o.peer, 0, sizeof(o.peer));
		memset(&o.self, 0, sizeof(o.self));
	}
	/* Refilled past 200 entries or under 10. */
	if (reg_get(200) != NULL || reg_get(9) == NULL)
		fill_table();
	(void)handle_checked(&o, req, reqlen, &fwd);
	return 0;
}
