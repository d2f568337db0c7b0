/*
 * test_state.c — rpcbind's warm-start files as rpcbindd writes them
 * (state_encode_rpcbind, state_encode_portmap), read back by libtirpc's own
 * xdr_rpcblist_ptr and xdr_pmaplist (the chains rpcbind -w decodes)
 * and read back by rpcbindd's importer.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpc/rpc.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpcb_prot.h>

#include "registry.h"
#include "regrows.h"
#include "state.h"
#include "tap.h"

static uint8_t buf[STATE_MAX_BYTES];

static const struct {
	uint32_t	prog, vers;
	const char	*netid, *uaddr, *owner;
} table[] = {
	{ 100000, 2, "udp", "0.0.0.0.0.111", "superuser" },
	{ 100000, 4, "local", "/run/rpcbind.sock", "superuser" },
	{ 100024, 1, "udp", "0.0.0.0.3.233", "superuser" },
	{ 100024, 1, "tcp6", "::.3.233", "superuser" },
	{ 100003, 3, "tcp", "198.51.100.1.8.1", "superuser" },
	{ 300001, 1, "udp6", "::.117.49", "65534" },
	{ 300001, 1, "tcp", "0.0.0.0.117.50", "65534" },
};
#define NTABLE	(sizeof(table) / sizeof(table[0]))

static void
fill(void)
{
	size_t i;

	reg_clear();
	for (i = 0; i < NTABLE; i++)
		if (!reg_set(table[i].prog, table[i].vers, table[i].netid,
		    table[i].uaddr, table[i].owner))
			diag("reg_set %zu refused", i);
}

int
main(void)
{
	rpcblist_ptr rl = NULL, r;
	struct pmaplist *pl = NULL, *p;
	size_t len, i, n, pos;
	bool same;
	XDR x;

	fill();
	is_int((long long)table_size(), NTABLE,
	    "the table of %zu entries is set", NTABLE);

	/* rpcbind.xdr: every entry, in order, owners included. */
	len = state_encode_rpcbind(buf, sizeof(buf));
	ok(len > 0, "rpcbind.xdr encodes");
	xdrmem_create(&x, (char *)buf, (u_int)len, XDR_DECODE);
	ok(xdr_rpcblist_ptr(&x, &rl), "libtirpc's xdr_rpcblist_ptr reads it");
	pos = xdr_getpos(&x);
	is_int((long long)pos, (long long)len, "...to its last byte");
	same = true;
	for (n = 0, r = rl; r != NULL && n < NTABLE; r = r->rpcb_next, n++)
		same &= r->rpcb_map.r_prog == table[n].prog &&
		    r->rpcb_map.r_vers == table[n].vers &&
		    strcmp(r->rpcb_map.r_netid, table[n].netid) == 0 &&
		    strcmp(r->rpcb_map.r_addr, table[n].uaddr) == 0 &&
		    strcmp(r->rpcb_map.r_owner, table[n].owner) == 0;
	ok(same && n == NTABLE && r == NULL,
	    "...every entry, the portmapper's too, in order, with its owner");
	xdr_free((xdrproc_t)xdr_rpcblist_ptr, (char *)&rl);

	/* rpcbindd imports it back: all but the portmapper's entries. */
	reg_clear();
	is_int(state_decode_rpcbind(buf, len), NTABLE - 2,
	    "rpcbindd's importer restores the %zu entries but 100000's",
	    NTABLE - 2);
	fill();

	/* portmap.xdr: the udp and tcp entries of an IPv4 address. */
	len = state_encode_portmap(buf, sizeof(buf));
	ok(len > 0, "portmap.xdr encodes");
	xdrmem_create(&x, (char *)buf, (u_int)len, XDR_DECODE);
	ok(xdr_pmaplist(&x, &pl),
	    "libtirpc's xdr_pmaplist reads it (the chain rpcbind writes)");
	pos = xdr_getpos(&x);
	is_int((long long)pos, (long long)len, "...to its last byte");
	same = true;
	for (n = 0, i = 0, p = pl; i < NTABLE; i++) {
		unsigned long port;
		const char *dot;

		if (strcmp(table[i].netid, "udp") != 0 &&
		    strcmp(table[i].netid, "tcp") != 0)
			continue;
		if (p == NULL) {
			same = false;
			break;
		}
		dot = strrchr(table[i].uaddr, '.');
		port = strtoul(dot + 1, NULL, 10);
		while (dot > table[i].uaddr && *--dot != '.')
			;
		port += strtoul(dot + 1, NULL, 10) << 8;
		same &= p->pml_map.pm_prog == table[i].prog &&
		    p->pml_map.pm_vers == table[i].vers &&
		    p->pml_map.pm_prot == (strcmp(table[i].netid, "udp") == 0 ?
		    IPPROTO_UDP : IPPROTO_TCP) && p->pml_map.pm_port == port;
		p = p->pml_next;
		n++;
	}
	ok(same && n == 4 && p == NULL,
	    "...the 4 udp/tcp entries, in order, with their ports");
	xdr_free((xdrproc_t)xdr_pmaplist, (char *)&pl);

	/* An empty table is the empty list rpcbind reads: one 0. */
	reg_clear();
	is_int((long long)state_encode_rpcbind(buf, sizeof(buf)), 4,
	    "an empty table: rpcbind.xdr is the 4-byte end of list");
	is_int((long long)state_encode_portmap(buf, sizeof(buf)), 4,
	    "...and portmap.xdr too");
	/* Too small a buffer is refused, not truncated. */
	fill();
	is_int((long long)state_encode_rpcbind(buf, 40), 0,
	    "a buffer too small: 0, no partial list");
	done_testing();
}
