/*
 * tests/proto/sec_procs.c — rpcprobe's sections on the procedures: every
 * transport answers (basic), PMAP v2 (pmap), RPCBIND v3/v4 (rpcb), version
 * and procedure numbers out of range (errors), RPC versions other than 2
 * (rpcvers).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "rpcprobe.h"

/* 1 (part): every transport answers the NULLs and a GETPORT. */
void
sec_basic(void)
{
	for (int t = 0; t < TR_COUNT; t++) {
		struct conn c;
		struct reply rp;
		const char *tn = tr_name[t];

		if (tr_missing((enum tr)t)) {
			tap_skip("rpcbind 1.2.6 has no abstract socket", "%s: v2, v3, v4 NULL and GETPORT", tn);
			continue;
		}
		if (conn_open(&c, (enum tr)t, SRC_ANY) == -1) {
			tap(false, "%s: connect", tn);
			continue;
		}
		for (uint32_t v = 2; v <= 4; v++) {
			char d[96];

			snprintf(d, sizeof d, "%s: v%u NULL answers SUCCESS with no result", tn, v);
			pm(&c, v, 0, NULL, &rp);
			if (check(d, &rp, EX(X_SUCCESS), NOALT) && !r_end(&rp.m.res))
				diag("NULL result has %zu bytes", rp.m.res.n);
		}
		{
			char d[96];

			snprintf(d, sizeof d, "%s: v2 GETPORT 100000/2/%s is 111", tn,
			    tr_stream((enum tr)t) ? "tcp" : "udp");
			expect_port(&c, PMAP_PROG, 2,
			    tr_stream((enum tr)t) ? IPPROTO_TCP_N : IPPROTO_UDP_N, PMAP_PORT, d);
		}
		conn_close(&c);
	}
}

/* 1: PMAP v2 procedures. SET/UNSET over the local socket, lookups over UDP. */
void
sec_pmap(void)
{
	struct conn l, u;
	const uint32_t P = TPROG(1);
	int n;

	open_or_bail(&l, TR_PATH, SRC_ANY);
	open_or_bail(&u, TR_UDP4, SRC_ANY);

	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40001, 1, "v2 SET P/1/udp/40001 over the local socket is TRUE");
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40001, 1, "v2 SET of an identical mapping is TRUE");
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40009, 0, "v2 SET of P/1/udp with another port is FALSE");
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_TCP_N, 40002, 1, "v2 SET P/1/tcp/40002 is TRUE");
	expect_port(&u, P, 1, IPPROTO_UDP_N, 40001, "v2 GETPORT P/1/udp is 40001 (the first SET won)");
	expect_port(&u, P, 1, IPPROTO_TCP_N, 40002, "v2 GETPORT P/1/tcp is 40002");
	expect_port(&u, P, 7, IPPROTO_UDP_N, 40001,
	    "v2 GETPORT of a missing version answers another version's port (as rpcbind)");
	expect_port(&u, TPROG(99), 1, IPPROTO_UDP_N, 0, "v2 GETPORT of an unknown program is 0");

	n = dump_pmap(&u, "v2 DUMP over udp decodes");
	if (n >= 0) {
		tap(n >= 4, "v2 DUMP over udp decodes (%d entries)", n);
		tap(find_pmap(n, PMAP_PROG, 2, IPPROTO_TCP_N) && find_pmap(n, PMAP_PROG, 2, IPPROTO_TCP_N)->port == 111 &&
		    find_pmap(n, PMAP_PROG, 2, IPPROTO_UDP_N) && find_pmap(n, PMAP_PROG, 2, IPPROTO_UDP_N)->port == 111,
		    "v2 DUMP lists the portmapper 100000 v2 on tcp and udp port 111");
		tap(find_pmap(n, P, 1, IPPROTO_UDP_N) && find_pmap(n, P, 1, IPPROTO_UDP_N)->port == 40001 &&
		    find_pmap(n, P, 1, IPPROTO_TCP_N) && find_pmap(n, P, 1, IPPROTO_TCP_N)->port == 40002,
		    "v2 DUMP lists P/1 on udp 40001 and tcp 40002");
	}
	n = dump_rpcb(&l, 3, "v3 DUMP over the local socket decodes");
	if (n >= 0)
		expect_entry(n, P, 1, "udp", "0.0.0.0.156.65", "superuser",
		    "v3 DUMP shows the v2 SET as udp 0.0.0.0.156.65, owner superuser");

	set_pmap(&l, PMAPPROC_UNSET, P, 1, 0, 0, 1, "v2 UNSET P/1 is TRUE");
	expect_port(&u, P, 1, IPPROTO_UDP_N, 0, "v2 GETPORT P/1/udp after UNSET is 0");
	expect_port(&u, P, 1, IPPROTO_TCP_N, 0, "v2 GETPORT P/1/tcp after UNSET is 0");
	set_pmap(&l, PMAPPROC_UNSET, P, 1, 0, 0, 1, "v2 UNSET that matches nothing is TRUE");
	conn_close(&l);
	conn_close(&u);
}

/* netbuf of a sockaddr as the host encodes it (family in host order) */
static size_t
sa_bytes(uint8_t *out, int family, uint16_t port)
{
	if (family == AF_INET) {
		struct sockaddr_in s;

		memset(&s, 0, sizeof s);
		s.sin_family = AF_INET;
		s.sin_port = htons(port);
		s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		memcpy(out, &s, sizeof s);
		return sizeof s;
	} else {
		struct sockaddr_in6 s;

		memset(&s, 0, sizeof s);
		s.sin6_family = AF_INET6;
		s.sin6_port = htons(port);
		s.sin6_addr = in6addr_loopback;
		memcpy(out, &s, sizeof s);
		return sizeof s;
	}
}

static void
check_uaddr2taddr(struct conn *c, uint32_t vers, const char *uaddr, int family)
{
	struct reply rp;
	struct wb a;
	uint8_t want[64], got[256];
	size_t wlen = sa_bytes(want, family, 111), glen;
	uint32_t maxlen;
	char d[128];
	bool good;

	snprintf(d, sizeof d, "v%u UADDR2TADDR \"%s\" over %s is a %zu-byte sockaddr netbuf",
	    vers, uaddr, tr_name[c->tr], wlen);
	wb_init(&a);
	w_str(&a, uaddr);
	if (!call_ok(c, vers, RPCBPROC_UADDR2TADDR, &a, &rp, d))
		return;
	maxlen = r_u32(&rp.m.res);
	glen = r_opaque(&rp.m.res, got, sizeof got);
	good = r_end(&rp.m.res) && maxlen == wlen && glen == wlen && memcmp(got, want, wlen) == 0;
	if (!tap(good, "%s", d)) {
		char hex[3 * 64 + 1] = "";

		for (size_t i = 0; i < glen && i < 64; i++)
			snprintf(hex + 3 * i, 4, "%02x ", got[i]);
		diag("maxlen %u len %zu bytes %s (decoded: %s)", maxlen, glen, hex,
		    r_end(&rp.m.res) ? "yes" : "no");
	}
}

static void
check_taddr2uaddr(struct conn *c, uint32_t vers, int family, const char *want)
{
	struct wb a;
	uint8_t sa[64];
	size_t len = sa_bytes(sa, family, 111);
	char got[256], d[128];

	snprintf(d, sizeof d, "v%u TADDR2UADDR of a %zu-byte sockaddr over %s is \"%s\"",
	    vers, len, tr_name[c->tr], want);
	wb_init(&a);
	w_u32(&a, (uint32_t)len);
	w_opaque(&a, sa, len);
	if (!get_string(c, vers, RPCBPROC_TADDR2UADDR, &a, got, sizeof got, d))
		return;
	if (!tap(strcmp(got, want) == 0, "%s", d))
		diag("got \"%s\"", got);
}

static void
check_gettime(struct conn *c, uint32_t vers)
{
	struct reply rp;
	uint32_t t;
	char d[96];
	long long skew;

	snprintf(d, sizeof d, "v%u GETTIME is within 5 s of time(NULL)", vers);
	if (!call_ok(c, vers, RPCBPROC_GETTIME, NULL, &rp, d))
		return;
	t = r_u32(&rp.m.res);
	skew = (long long)t - (long long)time(NULL);
	if (!tap(r_end(&rp.m.res) && skew >= -5 && skew <= 5, "%s", d))
		diag("got %u (skew %lld s, %zu bytes)", t, skew, rp.m.res.n);
}

static void
check_getaddrlist(struct conn *c)
{
	struct reply rp;
	struct wb a;
	int n = 0;
	bool have_udp = false;
	const char *d = "v4 GETADDRLIST 100000/4 over udp decodes, lists udp 127.0.0.1.0.111";

	wb_init(&a);
	w_rpcb(&a, PMAP_PROG, 4, "", "", "");
	if (!call_ok(c, 4, RPCBPROC_GETADDRLIST, &a, &rp, d))
		return;
	while (!rp.m.res.err && r_u32(&rp.m.res) == 1 && n < MAX_ENTRIES) {
		char maddr[128], netid[64], fam[64], proto[64];
		uint32_t sem;

		r_str(&rp.m.res, maddr, sizeof maddr);
		r_str(&rp.m.res, netid, sizeof netid);
		sem = r_u32(&rp.m.res);
		r_str(&rp.m.res, fam, sizeof fam);
		r_str(&rp.m.res, proto, sizeof proto);
		if (rp.m.res.err)
			break;
		diag("  entry %s %s semantics %u %s %s", maddr, netid, sem, fam, proto);
		if (strcmp(netid, "udp") == 0 && strcmp(maddr, "127.0.0.1.0.111") == 0 &&
		    sem == 1 && strcmp(fam, "inet") == 0 && strcmp(proto, "udp") == 0)
			have_udp = true;
		n++;
	}
	if (!tap(r_end(&rp.m.res) && n >= 1 && have_udp, "%s", d))
		diag("%d entries, decoded %s", n, r_end(&rp.m.res) ? "fully" : "partly");
}

static void
check_getstat(struct conn *c)
{
	struct reply rp;
	uint32_t info[RPCBVERS_STAT][RPCBSTAT_HIGHPROC];
	int naddr = 0, nrmt = 0;
	const char *d = "v4 GETSTAT over udp decodes into 3 stat blocks";

	if (!call_ok(c, 4, RPCBPROC_GETSTAT, NULL, &rp, d))
		return;
	for (int v = 0; v < RPCBVERS_STAT; v++) {
		char netid[64];

		for (int p = 0; p < RPCBSTAT_HIGHPROC; p++)
			info[v][p] = r_u32(&rp.m.res);
		(void)r_u32(&rp.m.res);	/* setinfo */
		(void)r_u32(&rp.m.res);	/* unsetinfo */
		for (int i = 0; i < 4096 && !rp.m.res.err && r_u32(&rp.m.res) == 1; i++, naddr++) {
			for (int k = 0; k < 4; k++)	/* prog vers success failure */
				(void)r_u32(&rp.m.res);
			r_str(&rp.m.res, netid, sizeof netid);
		}
		for (int i = 0; i < 4096 && !rp.m.res.err && r_u32(&rp.m.res) == 1; i++, nrmt++) {
			for (int k = 0; k < 6; k++)	/* prog vers proc success failure indirect */
				(void)r_u32(&rp.m.res);
			r_str(&rp.m.res, netid, sizeof netid);
		}
	}
	if (!tap(r_end(&rp.m.res), "%s", d)) {
		diag("%zu bytes, stopped at %zu", rp.m.res.n, rp.m.res.off);
		return;
	}
	diag("GETSTAT: %zu bytes, %d addrinfo, %d rmtinfo entries", rp.m.res.n, naddr, nrmt);
	if (!tap(info[2][RPCBPROC_NULL] >= 1 && info[0][PMAPPROC_GETPORT] >= 1,
	    "GETSTAT counts v4 NULL and v2 GETPORT calls"))
		diag("v4 NULL %u, v2 GETPORT %u", info[2][0], info[0][3]);
}

/* A SET or UNSET of the program under test and the answer it must get. */
struct setcase {
	uint32_t vers, proc, pvers;
	const char *netid, *addr, *owner;
	uint32_t want;
	const char *desc;
};

static void
run_sets(struct conn *c, const struct setcase *cs, size_t n, uint32_t prog)
{
	for (size_t i = 0; i < n; i++)
		set_rpcb(c, cs[i].vers, cs[i].proc, prog, cs[i].pvers, cs[i].netid, cs[i].addr,
		    cs[i].owner, cs[i].want, cs[i].desc);
}

/* A lookup over one of sec_rpcb's connections and the address it must give. */
struct lookcase {
	int conn;		/* 0 udp4, 1 udp6, 2 tcp4, 3 tcp6 */
	uint32_t vers, proc, prog, pvers;
	const char *netid, *hint, *want, *alt, *desc;
};

#define P_RPCB	TPROG(2)

static const struct setcase rpcb_sets[] = {
	{ 3, RPCBPROC_SET, 1, "udp", "0.0.0.0.4.1", "mallory", 1, "v3 SET P/1 udp 0.0.0.0.4.1 over the local socket is TRUE" },
	{ 3, RPCBPROC_SET, 1, "tcp", "0.0.0.0.4.2", "", 1, "v3 SET P/1 tcp 0.0.0.0.4.2 is TRUE" },
	{ 4, RPCBPROC_SET, 1, "udp6", "::.4.3", "0", 1, "v4 SET P/1 udp6 ::.4.3 is TRUE" },
	{ 4, RPCBPROC_SET, 1, "tcp6", "::.4.4", "0", 1, "v4 SET P/1 tcp6 ::.4.4 is TRUE" },
	{ 4, RPCBPROC_SET, 2, "udp", "0.0.0.0.4.5", "0", 1, "v4 SET P/2 udp 0.0.0.0.4.5 is TRUE" },
	{ 3, RPCBPROC_SET, 1, "udp", "0.0.0.0.4.1", "mallory", 1, "v3 SET of an identical entry is TRUE" },
	{ 3, RPCBPROC_SET, 1, "udp", "0.0.0.0.4.99", "", 0, "v3 SET of P/1 udp with another address is FALSE" },
};

static const struct lookcase rpcb_lookups[] = {
	{ 0, 3, RPCBPROC_GETADDR, P_RPCB, 1, "udp", "", "127.0.0.1.4.1", NULL,
	    "v3 GETADDR P/1 udp over udp 127.0.0.1 merges to 127.0.0.1.4.1" },
	{ 0, 4, RPCBPROC_GETADDR, P_RPCB, 1, "udp", "127.0.0.1.0.111", "127.0.0.1.4.1", NULL,
	    "v4 GETADDR with an r_addr hint merges to 127.0.0.1.4.1" },
	{ 0, 4, RPCBPROC_GETADDR, P_RPCB, 1, "tcp", "", "127.0.0.1.4.1", NULL,
	    "v4 GETADDR asking for tcp over udp answers for udp (the caller's transport)" },
	{ 1, 4, RPCBPROC_GETADDR, P_RPCB, 1, "udp6", "", "::1.4.3", NULL,
	    "v4 GETADDR P/1 udp6 over udp ::1 merges to ::1.4.3" },
	{ 2, 4, RPCBPROC_GETADDR, P_RPCB, 1, "tcp", "", "127.0.0.1.4.2", NULL,
	    "v4 GETADDR P/1 over tcp 127.0.0.1 merges to 127.0.0.1.4.2" },
	{ 3, 3, RPCBPROC_GETADDR, P_RPCB, 1, "tcp6", "", "::1.4.4", NULL,
	    "v3 GETADDR P/1 over tcp ::1 merges to ::1.4.4" },
	{ 0, 4, RPCBPROC_GETADDR, P_RPCB, 3, "udp", "", "127.0.0.1.4.1", "127.0.0.1.4.5",
	    "v4 GETADDR of a missing version answers another version's address" },
	{ 0, 4, RPCBPROC_GETVERSADDR, P_RPCB, 3, "udp", "", "", NULL,
	    "v4 GETVERSADDR of a missing version is empty" },
	{ 0, 4, RPCBPROC_GETVERSADDR, P_RPCB, 2, "udp", "", "127.0.0.1.4.5", NULL,
	    "v4 GETVERSADDR P/2 udp is 127.0.0.1.4.5" },
	{ 0, 4, RPCBPROC_GETADDR, TPROG(99), 1, "udp", "", "", NULL,
	    "v4 GETADDR of an unknown program is empty" },
	{ 0, 3, RPCBPROC_GETADDR, PMAP_PROG, 3, "udp", "", "127.0.0.1.0.111", NULL,
	    "v3 GETADDR of the portmapper over udp is 127.0.0.1.0.111" },
};

static const struct setcase rpcb_unsets[] = {
	{ 4, RPCBPROC_UNSET, 1, "", "", "", 1, "v4 UNSET P/1 with an empty netid (all netids) is TRUE" },
	{ 4, RPCBPROC_UNSET, 2, "", "", "", 1, "v4 UNSET P/2 with an empty netid is TRUE" },
	{ 4, RPCBPROC_UNSET, 2, "", "", "", 1, "v4 UNSET that matches nothing is TRUE" },
};

/* What the SETs of rpcb_sets left in the v3 and v4 DUMPs. */
static void
rpcb_dumps(struct conn *l, struct conn *u4)
{
	const uint32_t P = P_RPCB;
	int n = dump_rpcb(l, 3, "v3 DUMP over the local socket decodes");

	if (n >= 0) {
		const struct rpcb_ent *e4 = find_rpcb(n, PMAP_PROG, 3, "udp");
		const struct rpcb_ent *e6 = find_rpcb(n, PMAP_PROG, 4, "tcp6");

		expect_entry(n, P, 1, "udp", "0.0.0.0.4.1", "superuser",
		    "v3 DUMP: P/1 udp owner is superuser (SO_PEERCRED), not the client's \"mallory\"");
		expect_entry(n, P, 1, "tcp6", "::.4.4", "superuser", "v3 DUMP: P/1 tcp6 ::.4.4 owner superuser");
		expect_entry(n, PMAP_PROG, 4, "local", sock_path, "superuser",
		    "v3 DUMP lists the portmapper v4 on the local socket");
		if (!tap(e4 && ends_with(e4->addr, ".0.111") && e6 && ends_with(e6->addr, ".0.111"),
		    "v3 DUMP lists the portmapper on udp and tcp6 port 111"))
			diag_rpcb(n);
	}
	n = dump_rpcb(u4, 4, "v4 DUMP over udp decodes");
	if (n >= 0)
		expect_entry(n, P, 2, "udp", "0.0.0.0.4.5", "superuser", "v4 DUMP over udp lists P/2 udp");
}

/* The conversions, GETTIME, GETADDRLIST and GETSTAT. */
static void
rpcb_others(struct conn *u4, struct conn *u6)
{
	struct reply rp;
	struct wb a;
	uint32_t maxlen;
	uint8_t got[256];
	size_t glen;
	const char *d = "v4 UADDR2TADDR of \"not.an.address\" is an empty netbuf";

	check_gettime(u4, 3);
	check_gettime(u4, 4);
	check_uaddr2taddr(u4, 3, "127.0.0.1.0.111", AF_INET);
	check_uaddr2taddr(u4, 4, "127.0.0.1.0.111", AF_INET);
	check_uaddr2taddr(u6, 4, "::1.0.111", AF_INET6);
	check_taddr2uaddr(u4, 3, AF_INET, "127.0.0.1.0.111");
	check_taddr2uaddr(u4, 4, AF_INET, "127.0.0.1.0.111");
	check_taddr2uaddr(u6, 4, AF_INET6, "::1.0.111");
	wb_init(&a);
	w_str(&a, "not.an.address");
	if (call_ok(u4, 4, RPCBPROC_UADDR2TADDR, &a, &rp, d)) {
		maxlen = r_u32(&rp.m.res);
		glen = r_opaque(&rp.m.res, got, sizeof got);
		if (!tap(r_end(&rp.m.res) && glen == 0, "%s", d))
			diag("maxlen %u len %zu", maxlen, glen);
	}
	check_getaddrlist(u4);
	check_getstat(u4);
}

/* 1: RPCBIND v3 and v4 procedures. */
void
sec_rpcb(void)
{
	struct conn l, c[4];	/* local; as in struct lookcase */
	const uint32_t P = P_RPCB;
	int n;

	open_or_bail(&l, TR_PATH, SRC_ANY);
	open_or_bail(&c[0], TR_UDP4, SRC_ANY);
	open_or_bail(&c[1], TR_UDP6, SRC_ANY);
	open_or_bail(&c[2], TR_TCP4, SRC_ANY);
	open_or_bail(&c[3], TR_TCP6, SRC_ANY);

	run_sets(&l, rpcb_sets, sizeof rpcb_sets / sizeof rpcb_sets[0], P);
	rpcb_dumps(&l, &c[0]);
	for (size_t i = 0; i < sizeof rpcb_lookups / sizeof rpcb_lookups[0]; i++) {
		const struct lookcase *k = &rpcb_lookups[i];

		expect_addr(&c[k->conn], k->vers, k->proc, k->prog, k->pvers, k->netid, k->hint,
		    k->want, k->alt, k->desc);
	}
	rpcb_others(&c[0], &c[1]);

	set_rpcb(&l, 3, RPCBPROC_UNSET, P, 1, "udp", "", "", 1, "v3 UNSET P/1 udp is TRUE");
	expect_addr(&c[0], 4, RPCBPROC_GETVERSADDR, P, 1, "udp", "", "", NULL,
	    "v4 GETVERSADDR P/1 udp after UNSET is empty");
	run_sets(&l, rpcb_unsets, sizeof rpcb_unsets / sizeof rpcb_unsets[0], P);
	n = dump_rpcb(&l, 4, "v4 DUMP over the local socket decodes");
	if (n >= 0 && !tap(count_prog(n, P, 1) + count_prog(n, P, 2) == 0,
	    "v4 DUMP no longer lists P after the UNSETs"))
		diag_rpcb(n);
	conn_close(&l);
	for (int k = 0; k < 4; k++)
		conn_close(&c[k]);
}

/* 2: version and procedure numbers out of range. */
void
sec_errors(void)
{
	static const uint32_t bad_vers[] = { 0, 1, 5, 0xffffffffu };
	static const struct {
		uint32_t vers, proc;
	} bad_proc[] = { { 2, 6 }, { 2, 255 }, { 3, 9 }, { 3, 12 }, { 4, 13 }, { 4, 0xffffffffu } };
	char d[128];

	for (size_t i = 0; i < sizeof bad_vers / sizeof bad_vers[0]; i++) {
		snprintf(d, sizeof d, "version %u of 100000 over udp is PROG_MISMATCH 2-4", bad_vers[i]);
		expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, bad_vers[i], 0, NULL, EX_PROGMIS, NOALT, d);
	}
	expect_on(TR_TCP4, SRC_ANY, NULL, PMAP_PROG, 5, 0, NULL, EX_PROGMIS, NOALT,
	    "version 5 over tcp 127.0.0.1 is PROG_MISMATCH 2-4");
	expect_on(TR_PATH, SRC_ANY, NULL, PMAP_PROG, 1, 0, NULL, EX_PROGMIS, NOALT,
	    "version 1 over the local socket is PROG_MISMATCH 2-4");
	expect_on(TR_UDP6, SRC_ANY, NULL, PMAP_PROG, 0, 3, NULL, EX_PROGMIS, NOALT,
	    "version 0 proc 3 over udp ::1 is PROG_MISMATCH 2-4");
	expect_on(TR_UDP4, SRC_ANY, NULL, 100001, 2, 0, NULL, EX(X_PROG_UNAVAIL), NOALT,
	    "program 100001 is PROG_UNAVAIL");
	expect_on(TR_UDP4, SRC_ANY, NULL, 0, 2, 0, NULL, EX(X_PROG_UNAVAIL), NOALT,
	    "program 0 is PROG_UNAVAIL");
	expect_on(TR_TCP4, SRC_ANY, NULL, NFS_PROG, 3, 0, NULL, EX(X_PROG_UNAVAIL), NOALT,
	    "program 100003 over tcp is PROG_UNAVAIL");
	for (size_t i = 0; i < sizeof bad_proc / sizeof bad_proc[0]; i++) {
		snprintf(d, sizeof d, "v%u procedure %u is PROC_UNAVAIL", bad_proc[i].vers, bad_proc[i].proc);
		expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, bad_proc[i].vers, bad_proc[i].proc,
		    NULL, EX(X_PROC_UNAVAIL), NOALT, d);
	}
	/* v4 procedures do not exist in v2 and v3 */
	expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, 3, RPCBPROC_GETVERSADDR, NULL,
	    EX(X_PROC_UNAVAIL), NOALT, "v3 GETVERSADDR (9) is PROC_UNAVAIL");
	expect_on(TR_UDP4, SRC_ANY, NULL, PMAP_PROG, 2, RPCBPROC_GETTIME, NULL,
	    EX(X_PROC_UNAVAIL), NOALT, "v2 procedure 6 (GETTIME in v3) is PROC_UNAVAIL");
}

/* 3: RPC versions other than 2. rpcbind (libtirpc) drops them. */
void
sec_rpcvers(void)
{
	static const uint32_t vers[] = { 1, 3, 0xffffffffu };
	char d[128];

	for (size_t i = 0; i < sizeof vers / sizeof vers[0]; i++) {
		struct call_hdr h = call_none;

		h.rpcvers = vers[i];
		if (REF) {
			snprintf(d, sizeof d, "RPC version %u over udp: no reply (rpcbind drops it)", vers[i]);
			expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX(X_SILENT), NOALT, d);
		} else {
			snprintf(d, sizeof d, "RPC version %u over udp is denied RPC_MISMATCH 2-2", vers[i]);
			expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_RPCMIS, NOALT, d);
		}
	}
	{
		struct call_hdr h = call_none;

		h.rpcvers = 3;
		if (REF)
			expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 4, 3, NULL, EX(X_SILENT), EX(X_CLOSED),
			    "RPC version 3 over tcp: no reply or closed (rpcbind drops it)");
		else
			expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 4, 3, NULL, EX_RPCMIS, NOALT,
			    "RPC version 3 over tcp is denied RPC_MISMATCH 2-2");
		if (REF)
			expect_on(TR_PATH, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX(X_SILENT), EX(X_CLOSED),
			    "RPC version 3 over the local socket: no reply or closed (rpcbind drops it)");
		else
			expect_on(TR_PATH, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_RPCMIS, NOALT,
			    "RPC version 3 over the local socket is denied RPC_MISMATCH 2-2");
	}
	check_alive("calls with other RPC versions");
}
