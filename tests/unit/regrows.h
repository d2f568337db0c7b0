/*
 * regrows.h — filling the registry for a test (include/registry.h) from
 * rows of text, counting its entries, and the table of a real NFS server
 * that test_proc and fuzz/fuzz_request both run against.
 */
#ifndef RPCBINDD_TESTS_REGROWS_H
#define RPCBINDD_TESTS_REGROWS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "proc.h"
#include "registry.h"

/* reg_set of each row "PROG VERS NETID UADDR [OWNER]" (owner superuser
 * when left out) up to a NULL; a row that does not read aborts, one the
 * registry refuses is said as a diagnostic. */
static inline void
reg_rows(const char *row, ...)
{
	char netid[64], uaddr[128], owner[64];
	unsigned prog, vers;
	va_list ap;
	int n;

	va_start(ap, row);
	for (; row != NULL; row = va_arg(ap, const char *)) {
		n = sscanf(row, "%u %u %63s %127s %63s", &prog, &vers, netid,
		    uaddr, owner);
		if (n < 4)
			abort();
		if (!reg_set(prog, vers, netid, uaddr, n == 5 ? owner :
		    OWNER_SUPERUSER))
			printf("# reg_set \"%s\" refused\n", row);
	}
	va_end(ap);
}

/* How many entries the registry holds. The daemon never needs the number
 * (it walks the table with reg_get until NULL), so the registry exports
 * no counter; the tests count the same way. */
static inline size_t
table_size(void)
{
	size_t n = 0;

	while (reg_get(n) != NULL)
		n++;
	return n;
}

/* A registry like a real NFS server's: status, nlockmgr v1/3/4, mountd
 * v1/2/3, nfs v3/4 and nfs_acl v3, each on udp, tcp, udp6 and tcp6 (40
 * entries), plus the portmapper's own. */
static inline void
nfs_table(void)
{
	static const struct { uint32_t prog, vers; } svc[] = {
		{ 100024, 1 }, { 100021, 1 }, { 100021, 3 }, { 100021, 4 },
		{ 100005, 1 }, { 100005, 2 }, { 100005, 3 }, { 100003, 3 },
		{ 100003, 4 }, { 100227, 3 },
	};
	static const char *const nets[] = { "udp", "tcp", "udp6", "tcp6" };
	size_t i, n;

	reg_clear();
	proc_register_self(true, true, true, true, true);
	for (i = 0; i < sizeof(svc) / sizeof(svc[0]); i++)
		for (n = 0; n < 4; n++)
			reg_set(svc[i].prog, svc[i].vers, nets[n],
			    n < 2 ? "0.0.0.0.8.1" : "::.8.1", OWNER_SUPERUSER);
}

#endif
