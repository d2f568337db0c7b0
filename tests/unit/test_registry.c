/*
 * test_registry.c — the table of mappings (include/registry.h,
 * rpcbindd/registry.c) against rpcbind 1.2.6's rules, as measured on
 * Debian 12: SET and UNSET results, ownership, find_service's version
 * fallback, the PMAP v2 view, registration order, the quotas of
 * include/bounds.h (per owner, the other users' shared cap, the service
 * users' room, root's reserve) and the generation counter.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "quota.h"
#include "registry.h"
#include "regrows.h"
#include "tap.h"

/* "prog/vers/netid/uaddr/owner,..." in table order. */
static const char *
table(void)
{
	static char buf[8192];
	const struct reg_entry *e;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; (e = reg_get(i)) != NULL && n < sizeof(buf) - 200; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u/%u/%s/%s/%s",
		    i ? "," : "", e->prog, e->vers, e->netid, e->uaddr, e->owner);
	return buf;
}

/* reg_set of row "PROG VERS NETID UADDR OWNER", checked against want. */
static void
set_is(const char *row, bool want, const char *what)
{
	char netid[64], uaddr[128], owner[64];
	unsigned prog, vers;

	if (sscanf(row, "%u %u %63s %127s %63s", &prog, &vers, netid, uaddr,
	    owner) != 5)
		abort();
	ok(reg_set(prog, vers, netid, uaddr, owner) == want, "%s", what);
}

static void
test_set_unset(void)
{
	uint32_t g;

	reg_clear();
	is_int((long long)table_size(), 0, "clear: empty");
	set_is("100003 3 udp 0.0.0.0.8.1 superuser", true, "SET new -> TRUE");
	set_is("100003 3 udp 0.0.0.0.8.1 superuser", true,
	    "SET identical -> TRUE");
	set_is("100003 3 udp 0.0.0.0.8.1 1000", true,
	    "SET identical by another owner -> TRUE");
	is_int((long long)table_size(), 1, "SET identical adds nothing");
	set_is("100003 3 udp 0.0.0.0.8.2 superuser", false,
	    "SET same (prog, vers, netid), other address -> FALSE");
	set_is("100003 3 UDP 0.0.0.0.8.2 superuser", false,
	    "SET same key in other case, other address -> FALSE");
	set_is("100003 3 UDP 0.0.0.0.8.1 superuser", true,
	    "SET same key in other case, same address -> TRUE");
	is_int((long long)table_size(), 1, "netid compared case-insensitively");
	set_is("100003 3 tcp 0.0.0.0.8.1 superuser", true,
	    "SET same prog/vers on another netid -> TRUE");
	set_is("100003 4 udp 0.0.0.0.8.1 superuser", true,
	    "SET another version (an older one is there) -> TRUE");
	is_str(table(), "100003/3/udp/0.0.0.0.8.1/superuser,"
	    "100003/3/tcp/0.0.0.0.8.1/superuser,"
	    "100003/4/udp/0.0.0.0.8.1/superuser", "table after SETs");

	ok(!reg_set(1, 1, "", "0.0.0.0.8.1", "superuser"),
	    "SET with an empty netid -> FALSE");

	g = reg_generation();
	ok(reg_unset(100021, 1, "udp", "1000"), "UNSET absent -> TRUE");
	is_int(reg_generation(), g, "UNSET absent leaves the generation");
	ok(reg_unset(100003, 3, "UDP", "superuser"),
	    "UNSET (case-insensitive netid) -> TRUE");
	is_str(table(), "100003/3/tcp/0.0.0.0.8.1/superuser,"
	    "100003/4/udp/0.0.0.0.8.1/superuser", "UNSET removed one netid");
	ok(g != reg_generation(), "UNSET that removes changes the generation");

	/* Empty netid: every netid of (prog, vers). */
	reg_clear();
	reg_rows("100003 3 udp 0.0.0.0.8.1", "100003 3 tcp 0.0.0.0.8.1",
	    "100003 3 udp6 ::.8.1", "100003 4 tcp 0.0.0.0.8.1",
	    "100005 3 tcp 0.0.0.0.78.80", NULL);
	ok(reg_unset(100003, 3, "", "superuser"), "UNSET all netids -> TRUE");
	is_str(table(), "100003/4/tcp/0.0.0.0.8.1/superuser,"
	    "100005/3/tcp/0.0.0.0.78.80/superuser",
	    "UNSET all netids removed v3 on udp, tcp, udp6 only");
}

static void
test_owners(void)
{
	const char *before;
	static char saved[8192];
	uint32_t g;

	reg_clear();
	reg_rows("300000 1 udp 0.0.0.0.3.232 1000",
	    "300000 1 tcp 0.0.0.0.3.232 1001", "300000 1 udp6 ::.3.232 1000",
	    "300001 1 udp 0.0.0.0.3.233 1001", NULL);
	before = table();
	snprintf(saved, sizeof(saved), "%s", before);
	g = reg_generation();

	ok(!reg_unset(300000, 1, "tcp", "1000"),
	    "UNSET of another owner's entry -> FALSE");
	ok(!reg_unset(300000, 1, "", "1000"),
	    "UNSET all netids, one match foreign -> FALSE");
	is_str(table(), saved, "  nothing removed, the caller's own included");
	ok(!reg_unset(300000, 1, "", "unknown"),
	    "UNSET by \"unknown\" of numbered owners -> FALSE");
	is_str(table(), saved, "  nothing removed");
	is_int(reg_generation(), g, "refused UNSETs leave the generation");

	ok(reg_unset(300000, 1, "udp", "1000"), "UNSET own entry -> TRUE");
	is_str(table(), "300000/1/tcp/0.0.0.0.3.232/1001,"
	    "300000/1/udp6/::.3.232/1000,300001/1/udp/0.0.0.0.3.233/1001",
	    "  own entry removed");
	ok(reg_unset(300000, 1, "", "superuser"),
	    "superuser UNSETs others' entries -> TRUE");
	is_str(table(), "300001/1/udp/0.0.0.0.3.233/1001",
	    "  all of prog 300000 v1 removed");

	/* Owner compared exactly: "1000" is not "10000". */
	reg_set(300002, 1, "udp", "0.0.0.0.3.234", "10000");
	ok(!reg_unset(300002, 1, "udp", "1000"), "owner \"1000\" is not "
	    "\"10000\"");
}

static void
test_find(void)
{
	const struct reg_entry *e;
	uint32_t prot;

	reg_clear();
	reg_rows("100021 1 udp 0.0.0.0.1.1", "100021 4 udp 0.0.0.0.4.4",
	    "100021 3 udp 0.0.0.0.3.3", "100021 9 tcp 0.0.0.0.9.9",
	    "100021 1 udp6 ::.1.1", NULL);

	e = reg_find(100021, 4, "udp");
	ok(e != NULL && e->vers == 4, "find: exact version preferred");
	e = reg_find(100021, 1, "udp");
	ok(e != NULL && e->vers == 1,
	    "find: exact version preferred over later ones");
	e = reg_find(100021, 2, "udp");
	ok(e != NULL && e->vers == 3 && strcmp(e->uaddr, "0.0.0.0.3.3") == 0,
	    "find: missing version -> the last registered on that netid");
	e = reg_find(100021, 2, "UDP");
	ok(e != NULL && e->vers == 3, "find: netid case-insensitive");
	e = reg_find(100021, 2, "tcp");
	ok(e != NULL && e->vers == 9, "find: fallback stays on the netid");
	ok(reg_find(100021, 2, "tcp6") == NULL, "find: other netid -> NULL");
	ok(reg_find(100022, 1, "udp") == NULL, "find: other prog -> NULL");

	e = reg_find_pmap(100021, 1, IPPROTO_UDP);
	ok(e != NULL && strcmp(e->netid, "udp") == 0 && e->vers == 1,
	    "find_pmap: udp sees the udp entry, not udp6");
	e = reg_find_pmap(100021, 9, IPPROTO_TCP);
	ok(e != NULL && strcmp(e->netid, "tcp") == 0,
	    "find_pmap: tcp");
	ok(reg_find_pmap(100021, 1, 0) == NULL, "find_pmap: prot 0 -> NULL");
	ok(reg_find_pmap(100021, 1, 132) == NULL, "find_pmap: SCTP -> NULL");
	reg_clear();
	reg_rows("100024 1 udp6 ::.3.3", "100024 1 tcp6 ::.3.3",
	    "100024 1 local /run/statd.sock", NULL);
	ok(reg_find_pmap(100024, 1, IPPROTO_UDP) == NULL &&
	    reg_find_pmap(100024, 1, IPPROTO_TCP) == NULL,
	    "find_pmap: only udp/tcp entries visible");

	reg_clear();
	reg_rows("1 1 udp 0.0.0.0.1.1", "1 1 TCP 0.0.0.0.1.1",
	    "1 1 udp6 ::.1.1", "1 1 local /x", NULL);
	prot = 0;
	ok(reg_pmap_view(reg_get(0), &prot) && prot == IPPROTO_UDP,
	    "pmap_view: udp -> 17");
	prot = 0;
	ok(reg_pmap_view(reg_get(1), &prot) && prot == IPPROTO_TCP,
	    "pmap_view: TCP -> 6");
	ok(!reg_pmap_view(reg_get(2), &prot), "pmap_view: udp6 not seen");
	ok(!reg_pmap_view(reg_get(3), &prot), "pmap_view: local not seen");
	ok(reg_get(4) == NULL, "reg_get past the end -> NULL");
}

static void
test_order(void)
{
	reg_clear();
	reg_rows("1 1 udp 0.0.0.0.0.1", "2 1 udp 0.0.0.0.0.2",
	    "3 1 udp 0.0.0.0.0.3", "4 1 udp 0.0.0.0.0.4", NULL);
	reg_unset(2, 1, "udp", "superuser");
	is_str(table(), "1/1/udp/0.0.0.0.0.1/superuser,"
	    "3/1/udp/0.0.0.0.0.3/superuser,4/1/udp/0.0.0.0.0.4/superuser",
	    "order kept after a removal in the middle");
	reg_rows("5 1 udp 0.0.0.0.0.5", "2 1 udp 0.0.0.0.0.2", NULL);
	reg_unset(1, 1, "udp", "superuser");
	is_str(table(), "3/1/udp/0.0.0.0.0.3/superuser,"
	    "4/1/udp/0.0.0.0.0.4/superuser,5/1/udp/0.0.0.0.0.5/superuser,"
	    "2/1/udp/0.0.0.0.0.2/superuser",
	    "new entries appended; removal at the head keeps the rest");
}

static void
test_quota(void)
{
	static const uid_t svc[] = { 101, 102, 103, 104, 105 };
	char owner[16];
	uint32_t i, o, n;
	bool all;

	reg_clear();
	all = true;
	for (i = 0; i < RB_REG_PER_OWNER; i++)
		all &= reg_set(400000 + i, 1, "udp", "0.0.0.0.1.1", "1000");
	ok(all, "owner 1000: %d registrations accepted", RB_REG_PER_OWNER);
	ok(!reg_set(500000, 1, "udp", "0.0.0.0.1.1", "1000"),
	    "owner 1000: registration %d refused", RB_REG_PER_OWNER + 1);
	set_is("400000 1 udp 0.0.0.0.1.1 1000", true,
	    "owner 1000 at quota: identical SET still TRUE");
	set_is("500000 1 udp 0.0.0.0.1.1 1001", true,
	    "owner 1001 not affected by 1000's quota");
	set_is("500001 1 udp 0.0.0.0.1.1 superuser", true,
	    "superuser not affected by 1000's quota");
	ok(reg_unset(400000, 1, "udp", "1000"), "owner 1000 frees one");
	set_is("500002 1 udp 0.0.0.0.1.1 1000", true,
	    "owner 1000 may register again after an UNSET");

	/* The other users (neither root nor service users) share one cap,
	 * however many uids they have: 65 "subordinate" uids x 4 entries. */
	reg_clear();
	ok(quota_service_uids(svc, 4) == 0, "service users 101 to 104");
	n = 0;
	for (o = 0; o < 65; o++) {
		snprintf(owner, sizeof(owner), "%u", 100000 + o);
		for (i = 0; i < 4; i++)
			n += reg_set(600000 + o * 10 + i, 1, "tcp", "0.0.0.0.1.1",
			    owner);
	}
	is_int((long long)n, RB_REG_OTHERS_MAX, "65 uids x 4: the other users "
	    "stop at RB_REG_OTHERS_MAX (%d)", RB_REG_OTHERS_MAX);
	set_is("700000 1 tcp 0.0.0.0.1.1 3000", false,
	    "a fresh other user refused at the others' cap");
	set_is("700000 1 tcp 0.0.0.0.1.1 unknown", true,
	    "\"unknown\" (root from a reserved port) is not another user");
	ok(reg_unset(700000, 1, "tcp", "unknown"), "  and removes its entry");
	set_is("700000 1 tcp 0.0.0.0.1.1 0", false,
	    "owner \"0\" is not root (root is \"superuser\")");
	/* The service users fill their room, RB_REG_PER_OWNER each. */
	all = true;
	for (o = 0; o < 4; o++) {
		snprintf(owner, sizeof(owner), "%u", (unsigned)svc[o]);
		for (i = 0; i < RB_REG_PER_OWNER; i++)
			all &= reg_set(710000 + o * 1000 + i, 1, "tcp",
			    "0.0.0.0.1.1", owner);
	}
	ok(all, "4 service users still register %d each with the others' "
	    "share full", RB_REG_PER_OWNER);
	is_int((long long)table_size(), RB_REG_MAX - RB_REG_ROOT_RESERVE,
	    "non-root owners hold RB_REG_MAX - RB_REG_ROOT_RESERVE");
	set_is("700000 1 tcp 0.0.0.0.1.1 101", false,
	    "a service user refused at its own quota");
	ok(quota_service_uids(svc, 5) == 0, "a fifth service user (105)");
	set_is("700000 1 tcp 0.0.0.0.1.1 105", false,
	    "a service user refused at the root reserve");
	all = true;
	for (i = 0; i < RB_REG_ROOT_RESERVE; i++)
		all &= reg_set(800000 + i, 1, "tcp", "0.0.0.0.1.1", "superuser");
	ok(all, "superuser fills the %d reserved entries", RB_REG_ROOT_RESERVE);
	is_int((long long)table_size(), RB_REG_MAX, "table at RB_REG_MAX");
	set_is("900000 1 tcp 0.0.0.0.1.1 superuser", false,
	    "superuser refused when the table is full");
	set_is("800000 1 tcp 0.0.0.0.1.1 superuser", true,
	    "identical SET on a full table still TRUE");
	is_int((long long)table_size(), RB_REG_MAX, "table still at RB_REG_MAX");
	quota_service_uids(NULL, 0);
}

static void
test_generation_and_bounds(void)
{
	char s[RB_UADDR_MAX + 2];
	uint32_t g;

	reg_clear();
	g = reg_generation();
	reg_set(1, 1, "udp", "0.0.0.0.0.1", "superuser");
	ok(reg_generation() != g, "generation: SET changes it");
	g = reg_generation();
	reg_set(1, 1, "udp", "0.0.0.0.0.1", "superuser");
	is_int(reg_generation(), g, "generation: identical SET does not");
	reg_set(1, 1, "udp", "0.0.0.0.0.2", "superuser");
	is_int(reg_generation(), g, "generation: refused SET does not");
	reg_unset(2, 1, "udp", "superuser");
	is_int(reg_generation(), g, "generation: UNSET of nothing does not");
	reg_set(3, 1, "udp", "0.0.0.0.0.1", "1000");
	g = reg_generation();
	reg_unset(3, 1, "udp", "1001");
	is_int(reg_generation(), g, "generation: refused UNSET does not");
	reg_unset(1, 1, "udp", "superuser");
	ok(reg_generation() != g, "generation: UNSET that removes changes it");
	g = reg_generation();
	reg_clear();
	ok(reg_generation() != g, "generation: clear changes it");

	memset(s, 'n', sizeof(s));
	s[RB_NETID_MAX] = '\0';
	ok(reg_set(1, 1, s, "0.0.0.0.0.1", "superuser"),
	    "netid of RB_NETID_MAX (%d) accepted", RB_NETID_MAX);
	s[RB_NETID_MAX] = 'n';
	s[RB_NETID_MAX + 1] = '\0';
	ok(!reg_set(2, 1, s, "0.0.0.0.0.1", "superuser"),
	    "netid of RB_NETID_MAX + 1 refused");
	memset(s, 'u', sizeof(s));
	s[RB_UADDR_MAX] = '\0';
	ok(reg_set(3, 1, "udp", s, "superuser"),
	    "uaddr of RB_UADDR_MAX (%d) accepted", RB_UADDR_MAX);
	s[RB_UADDR_MAX] = 'u';
	s[RB_UADDR_MAX + 1] = '\0';
	ok(!reg_set(4, 1, "udp", s, "superuser"),
	    "uaddr of RB_UADDR_MAX + 1 refused");
	memset(s, '1', sizeof(s));
	s[RB_OWNER_MAX] = '\0';
	ok(reg_set(5, 1, "udp", "0.0.0.0.0.1", s),
	    "owner of RB_OWNER_MAX (%d) accepted", RB_OWNER_MAX);
	s[RB_OWNER_MAX] = '1';
	s[RB_OWNER_MAX + 1] = '\0';
	ok(!reg_set(6, 1, "udp", "0.0.0.0.0.1", s),
	    "owner of RB_OWNER_MAX + 1 refused");
	is_int((long long)table_size(), 3, "only the three in bounds stored");
}

int
main(void)
{
	test_set_unset();
	test_owners();
	test_find();
	test_order();
	test_quota();
	test_generation_and_bounds();
	return done_testing();
}
