/*
 * fuzz_request — one request through the whole path (call decode, policy,
 * procedure, reply encoding, reply-size rule) against a registry holding a
 * realistic NFS table. The first input byte picks the origin; the rest is
 * the request. Invariants, not only "no crash":
 *  - those of every request target (fuzz/handle.h): a non-local origin
 *    never changes the registry, a UDP reply to it is never larger than
 *    the request, every reply is a REPLY to the request's xid;
 *  - a remote call is forwarded only to loopback (no address is served
 *    here), whatever address a local input registered.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "proc.h"
#include "registry.h"
#include "stats.h"
#include "../tests/unit/regrows.h"
#include "handle.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
loopback(const struct sockaddr_storage *ss)
{
	const struct in6_addr *a;

	if (ss->ss_family == AF_INET)
		return ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr)
		    >> 24 == 127;
	if (ss->ss_family != AF_INET6)
		return false;
	a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
	return IN6_IS_ADDR_LOOPBACK(a) ||
	    (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

/* The NFS server's table, and statistics from zero. */
static void
fill_table(void)
{
	stats_clear();
	nfs_table();
}

static void
make_origin(uint8_t sel, struct origin *o)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in self = { .sin_family = AF_INET,
	    .sin_port = htons(111) };

	memset(o, 0, sizeof(*o));
	switch (sel % 6) {
	case 0:		/* the internet, over UDP */
	case 1:		/* the internet, over TCP */
		o->tr = sel % 6 == 0 ? TR_UDP : TR_TCP;
		o->netid = sel % 6 == 0 ? "udp" : "tcp";
		sin.sin_addr.s_addr = htonl(0xcb007105);	/* 203.0.113.5 */
		sin.sin_port = htons(sel & 0x80 ? 700 : 40000);
		self.sin_addr.s_addr = htonl(0xc6336401);	/* 198.51.100.1 */
		o->privport = (sel & 0x80) != 0;
		break;
	case 2:		/* loopback UDP */
	case 3:		/* loopback TCP */
		o->tr = sel % 6 == 2 ? TR_UDP : TR_TCP;
		o->netid = sel % 6 == 2 ? "udp" : "tcp";
		o->local = true;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin.sin_port = htons(sel & 0x80 ? 700 : 40000);
		self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		o->privport = (sel & 0x80) != 0;
		break;
	default:	/* the local socket, root or a user */
		o->tr = TR_LOCAL;
		o->netid = "local";
		o->local = true;
		o->has_uid = true;
		o->uid = sel % 6 == 4 ? 0 : 1000;
		break;
	}
	memcpy(&o->peer, &sin, sizeof(sin));
	memcpy(&o->self, &self, sizeof(self));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct proc_forward fwd;
	struct origin o;
	enum proc_action act;
	struct proc_opts po = { .remote_calls = true,
	    .local_path = "/run/rpcbind.sock" };

	if (!ready) {
		proc_configure(&po);
		fill_table();
		ready = true;
	}
	if (size < 1)
		return 0;
	make_origin(data[0], &o);
	/* Keep the table realistic: local inputs may change it (refilled
	 * past 200 entries or under 20). */
	if (reg_get(200) != NULL || reg_get(19) == NULL)
		fill_table();
	act = handle_checked(&o, data + 1, size - 1, &fwd);
	if (act == PROC_FORWARD && (fwd.argslen > RB_RMTARGS_MAX ||
	    !loopback(&fwd.target)))
		abort();
	return 0;
}
