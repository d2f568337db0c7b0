/*
 * tests/proto/sec_access.c — rpcprobe's sections on who may change the
 * registry (access) and on the sequence the kernel's NFS and lock servers
 * go through (kernel).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "rpcprobe.h"

/*
 * A SET/UNSET from loopback but an unprivileged port. rpcbindd must refuse
 * it: AUTH_ERROR, FALSE, or (UDP) silence all count as a refusal. rpcbind
 * 1.2.6 accepts these (is_loopback() does not look at the port here):
 * the reference only has to answer SUCCESS.
 */
static void
expect_refused(enum tr tr, uint32_t vers, uint32_t proc, const struct wb *args, const char *desc)
{
	struct conn c;
	struct reply rp;
	char b[96];
	uint32_t v = 2;
	bool refused;

	rp.m.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		send_call(&c, NULL, PMAP_PROG, vers, proc, args, &rp, 1000);
		conn_close(&c);
	}
	if (matches(&rp, EX(X_SUCCESS))) {
		v = r_u32(&rp.m.res);
		if (!r_end(&rp.m.res))
			v = 2;
	}
	refused = matches(&rp, EX_AUTH(0)) || v == 0 || (!tr_stream(tr) && rp.m.got == GOT_NONE);
	if (REF) {
		tap(matches(&rp, EX(X_SUCCESS)) && v <= 1, "%s (rpcbind: accepted)", desc);
		diag("got %s%s", describe(&rp, b, sizeof b), v == 1 ? " TRUE" : v == 0 ? " FALSE" : "");
		return;
	}
	if (tap(refused, "%s is refused", desc))
		diag("refused with %s%s", describe(&rp, b, sizeof b), v == 0 ? " FALSE" : "");
	else
		diag("got %s%s", describe(&rp, b, sizeof b), v == 1 ? " TRUE" : "");
}

#define P_ACCESS	TPROG(4)

/* A vers SET and UNSET of P_ACCESS/1 over tr from a reserved port; `over`
 * names tr in the lines, `name` in the one that says it could not connect. */
static void
reserved_rpcb(enum tr tr, uint32_t vers, const char *netid, const char *addr,
    const char *unset_netid, const char *over, const char *name)
{
	struct conn c;
	char d[128];

	if (conn_open(&c, tr, SRC_RESERVED) == 0) {
		snprintf(d, sizeof d, "v%u SET over %s from a reserved port is TRUE", vers, over);
		set_rpcb(&c, vers, RPCBPROC_SET, P_ACCESS, 1, netid, addr, "", 1, d);
		snprintf(d, sizeof d, "v%u UNSET over %s from a reserved port is TRUE", vers, over);
		set_rpcb(&c, vers, RPCBPROC_UNSET, P_ACCESS, 1, unset_netid, "", "", 1, d);
		conn_close(&c);
	} else {
		tap(false, "%s from a reserved port: connect", name);
	}
}

/* Loopback from a reserved port: allowed. */
static void
access_reserved(struct conn *u)
{
	const uint32_t P = P_ACCESS;
	struct conn c;

	if (conn_open(&c, TR_UDP4, SRC_RESERVED) == 0) {
		set_pmap(&c, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40010, 1,
		    "v2 SET over udp 127.0.0.1 from a reserved port is TRUE");
		expect_port(u, P, 1, IPPROTO_UDP_N, 40010, "v2 GETPORT shows it: 40010");
		set_pmap(&c, PMAPPROC_UNSET, P, 1, 0, 0, 1,
		    "v2 UNSET over udp 127.0.0.1 from a reserved port is TRUE");
		conn_close(&c);
	} else {
		tap(false, "udp from a reserved port: connect");
	}
	reserved_rpcb(TR_TCP4, 3, "tcp", "127.0.0.1.156.75", "tcp", "tcp 127.0.0.1", "tcp");
	reserved_rpcb(TR_TCP6, 4, "tcp6", "::1.156.76", "", "tcp ::1", "tcp ::1");
}

/* Loopback from an unprivileged port: refused. */
static void
access_unprivileged(struct conn *u)
{
	const uint32_t P = P_ACCESS;
	struct conn c;
	struct wb a;

	wb_init(&a);
	w_pmap(&a, P, 1, IPPROTO_UDP_N, 40011);
	expect_refused(TR_UDP4, 2, PMAPPROC_SET, &a, "v2 SET over udp 127.0.0.1 from an unprivileged port");
	wb_init(&a);
	w_rpcb(&a, P, 1, "tcp", "127.0.0.1.156.77", "");
	expect_refused(TR_TCP4, 3, RPCBPROC_SET, &a, "v3 SET over tcp 127.0.0.1 from an unprivileged port");
	wb_init(&a);
	w_rpcb(&a, P, 1, "udp6", "::1.156.78", "");
	expect_refused(TR_UDP6, 4, RPCBPROC_SET, &a, "v4 SET over udp ::1 from an unprivileged port");
	wb_init(&a);
	w_rpcb(&a, PMAP_PROG, 2, "", "", "");
	expect_refused(TR_UDP4, 4, RPCBPROC_UNSET, &a,
	    "v4 UNSET of the portmapper v2 over udp from an unprivileged port");
	wb_init(&a);
	w_pmap(&a, PMAP_PROG, 2, 0, 0);
	expect_refused(TR_TCP4, 2, PMAPPROC_UNSET, &a,
	    "v2 UNSET of the portmapper v2 over tcp from an unprivileged port");
	if (REF) {
		expect_port(u, P, 1, IPPROTO_UDP_N, 40011,
		    "rpcbind registered the unprivileged v2 SET (port 40011)");
		if (conn_open(&c, TR_PATH, SRC_ANY) == 0) {
			set_rpcb(&c, 4, RPCBPROC_UNSET, P, 1, "", "", "", 1, "v4 UNSET P/1 (cleanup) is TRUE");
			conn_close(&c);
		}
	} else {
		expect_port(u, P, 1, IPPROTO_UDP_N, 0, "the refused SETs registered nothing");
	}
	expect_port(u, PMAP_PROG, 2, IPPROTO_UDP_N, 111, "the portmapper v2 is still registered on udp");
	expect_port(u, PMAP_PROG, 2, IPPROTO_TCP_N, 111, "the portmapper v2 is still registered on tcp");
}

/* Ownership over the local socket: SO_PEERCRED decides. */
static void
access_owner(struct conn *u)
{
	const uint32_t P = P_ACCESS;
	struct conn c;
	int n;

	connect_uid = 65534;
	n = conn_open(&c, TR_PATH, SRC_ANY);
	connect_uid = 0;
	if (n == 0) {
		struct conn o;

		set_rpcb(&c, 4, RPCBPROC_SET, P, 2, "udp", "0.0.0.0.4.9", "0", 1,
		    "uid 65534 v4 SET over the local socket (r_owner \"0\") is TRUE");
		n = dump_rpcb(u, 4, "v4 DUMP decodes");
		if (n >= 0)
			expect_entry(n, P, 2, "udp", "0.0.0.0.4.9", "65534",
			    "the entry's owner is \"65534\" (SO_PEERCRED), not the client's \"0\"");
		connect_uid = 65533;
		if (conn_open(&o, TR_PATH, SRC_ANY) == 0) {
			set_rpcb(&o, 4, RPCBPROC_UNSET, P, 2, "", "", "", 0,
			    "uid 65533 cannot UNSET uid 65534's entry (FALSE)");
			set_rpcb(&o, 3, RPCBPROC_UNSET, PMAP_PROG, 3, "", "", "65533", 0,
			    "uid 65533 cannot UNSET the portmapper (FALSE)");
			conn_close(&o);
		} else {
			tap(false, "connect as uid 65533");
		}
		connect_uid = 0;
		expect_addr(u, 4, RPCBPROC_GETVERSADDR, P, 2, "udp", "", "127.0.0.1.4.9", NULL,
		    "uid 65534's entry is still there");
		expect_addr(u, 3, RPCBPROC_GETADDR, PMAP_PROG, 3, "udp", "", "127.0.0.1.0.111", NULL,
		    "the portmapper is still there");
		set_rpcb(&c, 4, RPCBPROC_UNSET, P, 2, "", "", "", 1, "uid 65534 can UNSET its own entry");
		set_rpcb(&c, 4, RPCBPROC_SET, P, 3, "udp", "0.0.0.0.4.11", "", 1, "uid 65534 SETs P/3");
		conn_close(&c);
		if (conn_open(&o, TR_PATH, SRC_ANY) == 0) {
			set_rpcb(&o, 4, RPCBPROC_UNSET, P, 3, "", "", "", 1, "root can UNSET uid 65534's entry");
			conn_close(&o);
		}
		expect_addr(u, 4, RPCBPROC_GETVERSADDR, P, 3, "udp", "", "", NULL,
		    "P/3 is gone after root's UNSET");
	} else {
		tap(false, "connect as uid 65534 to the local socket");
	}
}

/* 8: who may SET and UNSET. */
void
sec_access(void)
{
	struct conn u;

	open_or_bail(&u, TR_UDP4, SRC_ANY);
	access_reserved(&u);
	access_unprivileged(&u);
	access_owner(&u);
	conn_close(&u);
}

/* -------------------------------------------------- the kernel sequence */

struct kreg {
	const char *netid, *addr;
};

static const struct kreg kregs[] = {
	{ "udp", "0.0.0.0.8.1" }, { "tcp", "0.0.0.0.8.1" },
	{ "udp6", "::.8.1" }, { "tcp6", "::.8.1" },
};

/* What rpcb_clnt.c does when a server starts: pings, then v4 SETs. */
static bool
kernel_register(struct conn *c, const char *sn, uint32_t prog, uint32_t vers, const char *p1p2)
{
	struct reply rp;
	char d[160];
	int n;
	bool good = true;

	snprintf(d, sizeof d, "%s: v2 NULL ping with AUTH_NONE", sn);
	pm(c, 2, 0, NULL, &rp);
	good &= check(d, &rp, EX(X_SUCCESS), NOALT);
	snprintf(d, sizeof d, "%s: v4 NULL ping on the same connection", sn);
	pm(c, 4, 0, NULL, &rp);
	good &= check(d, &rp, EX(X_SUCCESS), NOALT);
	for (size_t i = 0; i < sizeof kregs / sizeof kregs[0]; i++) {
		char addr[64];

		snprintf(addr, sizeof addr, "%s.%s", i < 2 ? "0.0.0.0" : "::", p1p2);
		snprintf(d, sizeof d, "%s: v4 SET %u v%u %s %s owner \"0\" is TRUE", sn, prog, vers,
		    kregs[i].netid, addr);
		good &= set_rpcb(c, 4, RPCBPROC_SET, prog, vers, kregs[i].netid, addr, "0", 1, d);
	}
	snprintf(d, sizeof d, "%s: v4 DUMP on the same connection decodes", sn);
	n = dump_rpcb(c, 4, d);
	if (n < 0)
		return false;
	for (size_t i = 0; i < sizeof kregs / sizeof kregs[0]; i++) {
		char addr[64];

		snprintf(addr, sizeof addr, "%s.%s", i < 2 ? "0.0.0.0" : "::", p1p2);
		snprintf(d, sizeof d, "%s: DUMP lists %u v%u %s %s with owner superuser", sn, prog,
		    vers, kregs[i].netid, addr);
		good &= expect_entry(n, prog, vers, kregs[i].netid, addr, "superuser", d);
	}
	return good;
}

/* Is a connection still open? (no EOF, no reset, nothing unexpected to read) */
static bool
still_open(struct conn *c)
{
	struct pollfd pfd = { c->fd, POLLIN, 0 };

	return c->fd != -1 && poll(&pfd, 1, 0) == 0;
}

static void
kernel_unregister(struct conn *c, const char *sn, uint32_t prog, uint32_t vers)
{
	struct reply rp;
	char d[160];
	int n;

	snprintf(d, sizeof d, "%s: connection still open after %u s idle", sn, idle_secs);
	tap(still_open(c), "%s", d);
	snprintf(d, sizeof d, "%s: v4 UNSET %u v%u tcp6 is TRUE", sn, prog, vers);
	set_rpcb(c, 4, RPCBPROC_UNSET, prog, vers, "tcp6", "", "0", 1, d);
	snprintf(d, sizeof d, "%s: DUMP after UNSET tcp6", sn);
	n = dump_rpcb(c, 4, d);
	if (n >= 0) {
		bool good = find_rpcb(n, prog, vers, "tcp6") == NULL &&
		    find_rpcb(n, prog, vers, "udp6") != NULL && find_rpcb(n, prog, vers, "tcp") != NULL;

		if (!tap(good, "%s: DUMP no longer lists tcp6, still lists udp6 and tcp", sn))
			diag_rpcb(n);
	}
	snprintf(d, sizeof d, "%s: v4 UNSET %u v%u with empty netid and address (unregister all) is TRUE",
	    sn, prog, vers);
	set_rpcb(c, 4, RPCBPROC_UNSET, prog, vers, "", "", "0", 1, d);
	snprintf(d, sizeof d, "%s: DUMP after unregister-all", sn);
	n = dump_rpcb(c, 4, d);
	if (n >= 0 && !tap(count_prog(n, prog, vers) == 0, "%s: DUMP no longer lists %u v%u", sn, prog, vers))
		diag_rpcb(n);
	snprintf(d, sizeof d, "%s: v2 NULL still answered on the same connection", sn);
	pm(c, 2, 0, NULL, &rp);
	check(d, &rp, EX(X_SUCCESS), NOALT);
	tap(still_open(c), "%s: connection still open at the end", sn);
}

void
sec_kernel(void)
{
	struct conn a, p, u4, u6, t4;
	bool have_a = !tr_missing(TR_ABSTRACT);
	const char *an = have_a ? "abstract socket" : "path socket (2nd)";
	struct reply rp;
	int64_t end;

	if (!have_a)
		tap_skip("rpcbind 1.2.6 has no abstract socket", "the kernel sequence on the abstract socket");
	open_or_bail(&a, have_a ? TR_ABSTRACT : TR_PATH, SRC_ANY);
	open_or_bail(&p, TR_PATH, SRC_ANY);
	open_or_bail(&u4, TR_UDP4, SRC_ANY);
	open_or_bail(&u6, TR_UDP6, SRC_ANY);
	open_or_bail(&t4, TR_TCP4, SRC_ANY);

	/* nfsd over the abstract socket, lockd over the path socket */
	kernel_register(&a, an, NFS_PROG, 3, "8.1");
	kernel_register(&p, "path socket", NLM_PROG, 4, "150.1");

	expect_port(&u4, NFS_PROG, 3, IPPROTO_UDP_N, 2049, "v2 GETPORT nfs/3/udp over udp 127.0.0.1 is 2049");
	expect_port(&t4, NFS_PROG, 3, IPPROTO_TCP_N, 2049, "v2 GETPORT nfs/3/tcp over tcp 127.0.0.1 is 2049");
	expect_port(&u4, NLM_PROG, 4, IPPROTO_UDP_N, 38401, "v2 GETPORT nlockmgr/4/udp is 38401");
	expect_addr(&u6, 4, RPCBPROC_GETADDR, NFS_PROG, 3, "udp6", "", "::1.8.1", NULL,
	    "v4 GETADDR nfs/3 over udp ::1 is ::1.8.1");
	expect_addr(&u6, 4, RPCBPROC_GETADDR, NFS_PROG, 3, "udp6", "::1.0.111", "::1.8.1", NULL,
	    "v4 GETADDR nfs/3 over udp ::1 with the kernel's r_addr hint is ::1.8.1");
	expect_addr(&u4, 4, RPCBPROC_GETADDR, NLM_PROG, 4, "udp", "", "127.0.0.1.150.1", NULL,
	    "v4 GETADDR nlockmgr/4 over udp 127.0.0.1 is 127.0.0.1.150.1");

	/* idle: nothing on either connection; poll both so an early close shows */
	diag("idling %u s on both local connections", idle_secs);
	end = now_ms() + (int64_t)idle_secs * 1000;
	for (int i = 0; i < 100000; i++) {
		struct pollfd pfd[2] = { { a.fd, POLLIN, 0 }, { p.fd, POLLIN, 0 } };
		int64_t left = end - now_ms();

		if (left <= 0)
			break;
		if (poll(pfd, 2, (int)left) > 0) {
			diag("a local connection became readable (closed?) while idle");
			break;
		}
	}
	kernel_unregister(&a, an, NFS_PROG, 3);
	kernel_unregister(&p, "path socket", NLM_PROG, 4);
	expect_port(&u4, NFS_PROG, 3, IPPROTO_UDP_N, 0, "v2 GETPORT nfs/3/udp after unregister-all is 0");
	pm(&u4, 2, 0, NULL, &rp);
	check("the daemon still answers over udp", &rp, EX(X_SUCCESS), NOALT);
	conn_close(&a);
	conn_close(&p);
	conn_close(&u4);
	conn_close(&u6);
	conn_close(&t4);
}
