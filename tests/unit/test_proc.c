/*
 * test_proc.c — the whole request path without sockets (include/proc.h,
 * rpcbindd/proc.c with policy, registry, stats, rpc and uaddr underneath):
 * calls are built by hand, handed to proc_handle with an origin filled as
 * the loop would fill it, and the reply bytes are read back word by word.
 *
 * Requests are copied to heap buffers of exactly their size, so a build
 * with --enable-sanitizers catches any read past the request.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounds.h"
#include "forward.h"
#include "targets.h"
#include "origin.h"
#include "proc.h"
#include "registry.h"
#include "rpc.h"
#include "stats.h"
#include "tap.h"
#include "regrows.h"
#include "unit.h"
#include "wire.h"

/* The program and procedure numbers, written out here rather than taken
 * from the daemon, which is what is under test (RFC 1833). */
#define PMAP_PROG	100000
enum {
	P_NULL, P_SET, P_UNSET, P_GETADDR, P_DUMP, P_CALLIT, P_GETTIME,
	P_UADDR2TADDR, P_TADDR2UADDR, P_GETVERSADDR, P_INDIRECT,
	P_GETADDRLIST, P_GETSTAT,
};

/* ---- origins ---------------------------------------------------------- */

/* The local socket; uid < 0: no SO_PEERCRED. */
static struct origin
o_unix(long uid)
{
	struct origin o;

	memset(&o, 0, sizeof(o));
	o.tr = TR_LOCAL;
	o.local = true;
	o.has_uid = uid >= 0;
	o.uid = uid >= 0 ? (uint32_t)uid : 0;
	o.netid = "local";
	o.peer.ss_family = AF_LOCAL;
	return o;
}

/* An IP origin: `peer` reaching `self` on port 111, from a reserved port
 * (600) or not (40000). */
static struct origin
o_ip(enum transport tr, bool local, bool privport, const char *netid,
    const char *peer, const char *self)
{
	struct origin o;

	memset(&o, 0, sizeof(o));
	o.tr = tr;
	o.local = local;
	o.privport = privport;
	o.netid = netid;
	o.peer = ss_port(peer, privport ? 600 : 40000);
	o.self = ss_port(self, 111);
	return o;
}

/* An IPv4 origin: loopback (local) or a remote peer reaching 192.0.2.1. */
static struct origin
o_ip4(enum transport tr, bool local, bool privport)
{
	return o_ip(tr, local, privport, tr == TR_UDP ? "udp" : "tcp",
	    local ? "127.0.0.1" : "198.51.100.9",
	    local ? "127.0.0.1" : "192.0.2.1");
}

static struct origin
o_ip6(enum transport tr, bool local, bool privport)
{
	return o_ip(tr, local, privport, tr == TR_UDP ? "udp6" : "tcp6",
	    local ? "::1" : "2001:db8::9", local ? "::1" : "2001:db8::1");
}

/* ---- running a request ------------------------------------------------ */

static uint8_t		replybuf[RB_REPLY_MAX];
static struct xdr_out	out;
static struct proc_forward fwd;

static enum proc_action
run_cap(const struct origin *o, const struct wb *w, size_t len, size_t cap)
{
	uint8_t *req = malloc(len ? len : 1);
	enum proc_action a;

	memcpy(req, w->b, len);
	memset(&fwd, 0xa5, sizeof(fwd));
	xout_init(&out, replybuf, cap);
	a = proc_handle(o, req, len, &out, &fwd);
	/* The forward's args point into the request: keep them readable by
	 * copying them out before the request is freed. */
	if (a == PROC_FORWARD && fwd.args != NULL && fwd.argslen <= WB_MAX &&
	    fwd.args >= req && fwd.args + fwd.argslen <= req + len)
		fwd.args = w->b + (fwd.args - req);
	else if (a == PROC_FORWARD)
		fwd.args = NULL;
	free(req);
	return a;
}

static enum proc_action
run(const struct origin *o, const struct wb *w)
{
	return run_cap(o, w, w->n, sizeof(replybuf));
}

static size_t
rlen(void)
{
	return xout_len(&out);
}

static uint32_t
rw(size_t i)
{
	return word(replybuf, rlen(), i);
}

/* An accepted reply with this xid and stat (verifier AUTH_NONE, empty). */
static bool
accepted(uint32_t xid, uint32_t stat)
{
	return rlen() >= 24 && rw(0) == xid && rw(1) == 1 && rw(2) == 0 &&
	    rw(3) == 0 && rw(4) == 0 && rw(5) == stat;
}

static bool
denied_auth(uint32_t xid, uint32_t why)
{
	return rlen() == 20 && rw(0) == xid && rw(1) == 1 && rw(2) == 1 &&
	    rw(3) == 1 && rw(4) == why;
}

/* The string result at word index i (after the 6-word header). */
static const char *
rstr(size_t i)
{
	static char s[RB_UADDR_MAX + 64];
	uint32_t n = rw(i);

	if (n >= sizeof(s) || (i + 1) * 4 + n > rlen())
		return "(bad string)";
	memcpy(s, replybuf + (i + 1) * 4, n);
	s[n] = '\0';
	return s;
}

static void
diag_reply(enum proc_action a)
{
	diag("  action %d, reply %zu bytes", a, rlen());
	if (rlen() > 0)
		tap_hex("reply", replybuf, rlen() > 64 ? 64 : rlen());
}

/* ---- argument builders ------------------------------------------------ */

static void
args_rpcb(struct wb *w, uint32_t prog, uint32_t vers, const char *netid,
    const char *addr, const char *owner)
{
	wb_u32(w, prog);
	wb_u32(w, vers);
	wb_str(w, netid);
	wb_str(w, addr);
	wb_str(w, owner);
}

static void
args_pmap(struct wb *w, uint32_t prog, uint32_t vers, uint32_t prot,
    uint32_t port)
{
	wb_u32(w, prog);
	wb_u32(w, vers);
	wb_u32(w, prot);
	wb_u32(w, port);
}

static enum proc_action
rpcb_call(const struct origin *o, uint32_t vers, uint32_t proc, uint32_t prog,
    uint32_t pvers, const char *netid, const char *addr, const char *owner)
{
	struct wb w;

	wb_call(&w, 0x1000 + proc, PMAP_PROG, vers, proc);
	args_rpcb(&w, prog, pvers, netid, addr, owner);
	return run(o, &w);
}

static enum proc_action
pmap_call(const struct origin *o, uint32_t proc, uint32_t prog, uint32_t vers,
    uint32_t prot, uint32_t port)
{
	struct wb w;

	wb_call(&w, 0x2000 + proc, PMAP_PROG, 2, proc);
	args_pmap(&w, prog, vers, prot, port);
	return run(o, &w);
}

static const uint8_t rmt_args[8] = "abcd1234";

static void
remote_calls(bool on)
{
	proc_configure(&(struct proc_opts){ .remote_calls = on,
	    .local_path = "/run/rpcbind.sock" });
}

/* A CALLIT, BCAST or INDIRECT call of (prog, pvers, pproc) with the first
 * argslen bytes of rmt_args. */
static void
remote_call(struct wb *w, uint32_t xid, uint32_t vers, uint32_t proc,
    uint32_t prog, uint32_t pvers, uint32_t pproc, size_t argslen)
{
	wb_call(w, xid, PMAP_PROG, vers, proc);
	wb_u32(w, prog);
	wb_u32(w, pvers);
	wb_u32(w, pproc);
	wb_opaque(w, rmt_args, argslen);
}

/* TRUE/FALSE result of a SET/UNSET (-1 when the reply is not one). */
static int
bool_result(enum proc_action a, uint32_t xid)
{
	if (a != PROC_REPLY || !accepted(xid, RPC_SUCCESS) || rlen() != 28)
		return -1;
	return (int)rw(6);
}

static const char *
owner_of(uint32_t prog, uint32_t vers, const char *netid)
{
	const struct reg_entry *e = reg_find(prog, vers, netid);

	return e != NULL && e->vers == vers ? e->owner : "(none)";
}

/* ---- tests ------------------------------------------------------------ */

/* One entry of a GETADDRLIST reply's list, with the "more follows" word
 * before it: uaddr, netid, semantics, family "inet", protocol. */
static void
wb_addr_entry(struct wb *w, const char *uaddr, const char *netid,
    uint32_t semantics, const char *proto)
{
	wb_u32(w, 1);
	wb_str(w, uaddr);
	wb_str(w, netid);
	wb_u32(w, semantics);
	wb_str(w, "inet");
	wb_str(w, proto);
}

/* A SUCCESS reply to xid whose results are want's bytes. */
static void
success_is(enum proc_action a, uint32_t xid, const struct wb *want,
    const char *what, const char *bytes)
{
	ok(a == PROC_REPLY && accepted(xid, RPC_SUCCESS), "%s", what);
	is_mem(replybuf + 24, rlen() - 24, want->b, want->n, "%s", bytes);
}

/* The call in w (a v2 CALLIT to xid) sent as v2 CALLIT, v3 CALLIT and v4
 * BCAST, each dropped, then as v4 INDIRECT, refused with stat; what names
 * the four checks. Leaves w as the v4 INDIRECT. */
static void
forwards_refused(const struct origin *o, struct wb *w, uint32_t xid,
    uint32_t stat, const char *const what[4])
{
	ok(run(o, w) == PROC_DROP, "%s", what[0]);
	w->b[19] = 3;
	ok(run(o, w) == PROC_DROP, "%s", what[1]);
	w->b[19] = 4;
	ok(run(o, w) == PROC_DROP, "%s", what[2]);
	w->b[23] = P_INDIRECT;
	ok(run(o, w) == PROC_REPLY && accepted(xid, stat) && rlen() == 24,
	    "%s", what[3]);
}

static void
test_pmap(void)
{
	struct origin root = o_unix(0), rem = o_ip4(TR_UDP, false, false);
	enum proc_action a;
	static const uint32_t dump[] = {
		1, 100003, 3, IPPROTO_UDP, 2049,
		1, 100005, 1, IPPROTO_TCP, 20048,
		0,
	};
	size_t i;
	bool same;

	reg_clear();
	a = pmap_call(&root, P_SET, 100003, 3, IPPROTO_UDP, 2049);
	is_int(bool_result(a, 0x2001), 1, "v2 SET udp -> TRUE");
	is_str(reg_get(0) ? reg_get(0)->uaddr : "", "0.0.0.0.8.1",
	    "v2 SET stored as 0.0.0.0.8.1");
	is_str(reg_get(0) ? reg_get(0)->netid : "", "udp", "v2 SET netid udp");
	is_str(owner_of(100003, 3, "udp"), "superuser", "v2 SET owner uid 0");
	a = pmap_call(&root, P_SET, 100005, 1, IPPROTO_TCP, 20048);
	is_int(bool_result(a, 0x2001), 1, "v2 SET tcp -> TRUE");
	a = pmap_call(&root, P_SET, 100005, 1, IPPROTO_TCP, 20049);
	is_int(bool_result(a, 0x2001), 0, "v2 SET same key other port -> FALSE");
	a = pmap_call(&root, P_SET, 100006, 1, 132, 20049);
	is_int(bool_result(a, 0x2001), 0, "v2 SET protocol 132 -> FALSE");

	a = pmap_call(&rem, P_GETADDR, 100003, 3, IPPROTO_UDP, 0);
	if (!ok(a == PROC_REPLY && accepted(0x2003, RPC_SUCCESS) &&
	    rlen() == 28 && rw(6) == 2049,
	    "v2 GETPORT from a remote peer -> 2049"))
		diag_reply(a);
	a = pmap_call(&rem, P_GETADDR, 100003, 3, IPPROTO_TCP, 0);
	ok(a == PROC_REPLY && rw(6) == 0, "v2 GETPORT tcp (only udp) -> 0");
	a = pmap_call(&rem, P_GETADDR, 100003, 2, IPPROTO_UDP, 0);
	ok(a == PROC_REPLY && rw(6) == 2049,
	    "v2 GETPORT other version falls back (find_service) -> 2049");

	a = pmap_call(&root, P_DUMP, 0, 0, 0, 0);
	same = a == PROC_REPLY && accepted(0x2004, RPC_SUCCESS) &&
	    rlen() == 24 + sizeof(dump);
	for (i = 0; same && i < sizeof(dump) / sizeof(dump[0]); i++)
		same = rw(6 + i) == dump[i];
	if (!ok(same, "v2 DUMP lists both entries, in order"))
		diag_reply(a);

	a = pmap_call(&root, P_UNSET, 100003, 3, 0, 0);
	is_int(bool_result(a, 0x2002), 1, "v2 UNSET -> TRUE");
	a = pmap_call(&rem, P_GETADDR, 100003, 3, IPPROTO_UDP, 0);
	ok(a == PROC_REPLY && rw(6) == 0, "v2 GETPORT after UNSET -> 0");
	is_int((long long)table_size(), 1, "v2 UNSET removed the udp entry");

	/* The v2 view hides udp6/tcp6/local. */
	reg_clear();
	reg_rows("100024 1 udp6 ::.3.3", "100024 1 udp 0.0.0.0.3.4", NULL);
	a = pmap_call(&root, P_DUMP, 0, 0, 0, 0);
	ok(a == PROC_REPLY && rlen() == 24 + 24 && rw(6) == 1 &&
	    rw(7) == 100024 && rw(9) == IPPROTO_UDP && rw(10) == 772 &&
	    rw(11) == 0, "v2 DUMP shows the udp entry only");

	/* PMAP SET owners: unix uid 1000, loopback reserved port. */
	reg_clear();
	{
		struct origin u = o_unix(1000);
		struct origin lp = o_ip4(TR_UDP, true, true);

		a = pmap_call(&u, P_SET, 200000, 1, IPPROTO_TCP, 1000);
		is_int(bool_result(a, 0x2001), 1, "v2 SET from uid 1000");
		is_str(owner_of(200000, 1, "tcp"), "1000", "  owner \"1000\"");
		a = pmap_call(&lp, P_SET, 200001, 1, IPPROTO_TCP, 1000);
		is_int(bool_result(a, 0x2001), 1,
		    "v2 SET over loopback UDP from a reserved port");
		is_str(owner_of(200001, 1, "tcp"), "unknown", "  owner unknown");
	}
}

static void
test_rpcb_set_owner(void)
{
	struct origin root = o_unix(0), u = o_unix(1000), nouid = o_unix(-1);
	enum proc_action a;

	reg_clear();
	a = rpcb_call(&root, 4, P_SET, 200000, 1, "udp", "0.0.0.0.4.0", "evil");
	is_int(bool_result(a, 0x1001), 1, "v4 SET from uid 0 -> TRUE");
	is_str(owner_of(200000, 1, "udp"), "superuser",
	    "  owner \"superuser\", r_owner \"evil\" ignored");
	a = rpcb_call(&u, 3, P_SET, 200001, 1, "tcp", "0.0.0.0.4.1", "0");
	is_int(bool_result(a, 0x1001), 1, "v3 SET from uid 1000 -> TRUE");
	is_str(owner_of(200001, 1, "tcp"), "1000",
	    "  owner \"1000\", r_owner \"0\" ignored");
	a = rpcb_call(&nouid, 4, P_SET, 200002, 1, "udp6", "::.4.2", "superuser");
	is_int(bool_result(a, 0x1001), 1, "v4 SET without a peer uid -> TRUE");
	is_str(owner_of(200002, 1, "udp6"), "unknown",
	    "  owner \"unknown\", r_owner \"superuser\" ignored");

	/* UNSET by a non-owner over the socket: FALSE. */
	a = rpcb_call(&u, 4, P_UNSET, 200000, 1, "udp", "", "superuser");
	is_int(bool_result(a, 0x1002), 0,
	    "v4 UNSET of root's entry by uid 1000 -> FALSE");
	is_str(owner_of(200000, 1, "udp"), "superuser", "  entry still there");
	a = rpcb_call(&root, 4, P_UNSET, 200001, 1, "", "", "");
	is_int(bool_result(a, 0x1002), 1, "v4 UNSET all netids by root -> TRUE");
	is_str(owner_of(200001, 1, "tcp"), "(none)", "  entry removed");
	a = rpcb_call(&root, 4, P_SET, 200003, 1, "", "0.0.0.0.4.0", "");
	is_int(bool_result(a, 0x1001), 0, "v4 SET with empty netid -> FALSE");
	a = rpcb_call(&root, 4, P_SET, 200003, 1, "udp", "", "");
	is_int(bool_result(a, 0x1001), 0, "v4 SET with empty address -> FALSE");

	/* DUMP v3 shows the owner. */
	reg_clear();
	rpcb_call(&u, 3, P_SET, 200001, 1, "tcp", "0.0.0.0.4.1", "x");
	a = rpcb_call(&root, 3, P_DUMP, 0, 0, "", "", "");
	{
		struct wb want;

		want.n = 0;
		wb_u32(&want, 1);
		wb_u32(&want, 200001);
		wb_u32(&want, 1);
		wb_str(&want, "tcp");
		wb_str(&want, "0.0.0.0.4.1");
		wb_str(&want, "1000");
		wb_u32(&want, 0);
		success_is(a, 0x1004, &want, "v3 DUMP answered locally",
		    "v3 DUMP entry bytes (prog, vers, netid, uaddr, owner)");
	}
}

static void
test_getaddr(void)
{
	struct origin rem = o_ip4(TR_UDP, false, false);
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct origin rem6 = o_ip6(TR_TCP, false, false);
	/* The address answered ("": the empty string, alone in the reply). */
	const struct {
		const struct origin *o;
		uint32_t	 vers, proc, prog, pvers;
		const char	*netid, *want, *what;
	} cases[] = {
		{ &lo, 3, P_GETADDR, 100003, 3, "udp", "127.0.0.1.8.1",
		  "v3 GETADDR on loopback -> 127.0.0.1" },
		{ &rem, 4, P_GETADDR, 100003, 3, "tcp", "192.0.2.1.8.1",
		  "GETADDR answers for the caller's transport, not r_netid" },
		{ &rem6, 4, P_GETADDR, 100003, 3, "tcp6", "2001:db8::1.8.3",
		  "v4 GETADDR over tcp6 merged" },
		{ &rem, 4, P_GETADDR, 100005, 3, "udp", "10.9.8.7.78.80",
		  "specific address returned as is" },
		{ &rem, 4, P_GETADDR, 100003, 2, "udp", "192.0.2.1.8.1",
		  "GETADDR of a missing version -> another version's address" },
		{ &rem, 4, P_GETVERSADDR, 100003, 2, "udp", "",
		  "GETVERSADDR of a missing version -> \"\"" },
		{ &rem, 4, P_GETVERSADDR, 100003, 3, "udp", "192.0.2.1.8.1",
		  "GETVERSADDR of the exact version" },
		{ &rem, 4, P_GETADDR, 100099, 1, "udp", "",
		  "GETADDR of an unknown program -> \"\"" },
	};
	enum proc_action a;
	size_t i;

	reg_clear();
	reg_rows("100003 3 udp 0.0.0.0.8.1", "100003 3 tcp 0.0.0.0.8.2",
	    "100003 3 tcp6 ::.8.3", "100005 3 udp 10.9.8.7.78.80", NULL);

	a = rpcb_call(&rem, 4, P_GETADDR, 100003, 3, "udp", "", "");
	ok(a == PROC_REPLY && accepted(0x1003, RPC_SUCCESS), "v4 GETADDR "
	    "from a remote peer answered");
	is_str(rstr(6), "192.0.2.1.8.1",
	    "  wildcard merged into the address the request arrived on");
	for (i = 0; i < NELEM(cases); i++) {
		const char *what = cases[i].what;

		a = rpcb_call(cases[i].o, cases[i].vers, cases[i].proc,
		    cases[i].prog, cases[i].pvers, cases[i].netid, "", "");
		if (cases[i].want[0] != '\0')
			is_str(rstr(6), cases[i].want, "%s", what);
		else
			ok(a == PROC_REPLY && accepted(0x1000 + cases[i].proc,
			    RPC_SUCCESS) && rlen() == 28 && rw(6) == 0, "%s",
			    what);
	}
}

static void
test_errors(void)
{
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct wb w;
	enum proc_action a;
	static const struct { uint32_t vers, proc; } unavail[] = {
		{ 4, 13 }, { 3, 9 }, { 2, 6 }, { 4, 0xffffffff }, { 2, 100 },
	};
	static const uint32_t badvers[] = { 0, 1, 5, 0xffffffff };
	size_t i;

	wb_call(&w, 77, 100003, 3, 0);
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(77, RPC_PROG_UNAVAIL) && rlen() == 24,
	    "prog 100003 -> PROG_UNAVAIL");
	for (i = 0; i < NELEM(badvers); i++) {
		wb_call(&w, 78, PMAP_PROG, badvers[i], 0);
		a = run(&lo, &w);
		ok(a == PROC_REPLY && accepted(78, RPC_PROG_MISMATCH) &&
		    rlen() == 32 && rw(6) == 2 && rw(7) == 4,
		    "vers %u -> PROG_MISMATCH 2..4", badvers[i]);
	}
	for (i = 0; i < NELEM(unavail); i++) {
		wb_call(&w, 79, PMAP_PROG, unavail[i].vers, unavail[i].proc);
		a = run(&lo, &w);
		ok(a == PROC_REPLY && accepted(79, RPC_PROC_UNAVAIL) &&
		    rlen() == 24, "v%u proc %u -> PROC_UNAVAIL",
		    unavail[i].vers, unavail[i].proc);
	}
	wb_call(&w, 80, PMAP_PROG, 3, 0);
	w.b[11] = 3;
	a = run(&lo, &w);
	ok(a == PROC_REPLY && rlen() == 24 && rw(0) == 80 && rw(2) == 1 &&
	    rw(3) == 0 && rw(4) == 2 && rw(5) == 2,
	    "rpcvers 3 -> MSG_DENIED RPC_MISMATCH 2..2");
	wb_call(&w, 81, PMAP_PROG, 3, 0);
	w.b[27] = 7;			/* cred flavour 7 */
	a = run(&lo, &w);
	ok(a == PROC_REPLY && denied_auth(81, AUTH_E_REJECTEDCRED),
	    "unknown flavour -> AUTH_ERROR REJECTEDCRED");
	wb_call(&w, 82, PMAP_PROG, 3, 0);
	w.b[31] = 0xff;			/* credential length 255 */
	w.b[30] = 0x01;			/* 511 */
	a = run(&lo, &w);
	ok(a == PROC_REPLY && denied_auth(82, AUTH_E_BADCRED),
	    "credential of 511 bytes -> AUTH_ERROR BADCRED");
	wb_call(&w, 83, PMAP_PROG, 3, 0);
	w.b[7] = 1;
	ok(run(&lo, &w) == PROC_DROP, "a REPLY message -> dropped");

}

/* Truncated arguments: GARBAGE_ARGS, registry unchanged. */
static void
test_garbage_args(void)
{
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct origin root = o_unix(0);
	struct wb w;
	enum proc_action a;
	size_t len, hdr, bad;
	uint32_t g;

	reg_clear();
	reg_set(1, 1, "udp", "0.0.0.0.0.1", "superuser");
	g = reg_generation();
	wb_call(&w, 90, PMAP_PROG, 2, P_SET);
	wb_u32(&w, 200000);
	wb_u32(&w, 1);
	wb_u32(&w, IPPROTO_UDP);
	a = run(&root, &w);
	ok(a == PROC_REPLY && accepted(90, RPC_GARBAGE_ARGS) && rlen() == 24,
	    "v2 SET with 12 bytes of arguments -> GARBAGE_ARGS");
	is_int(reg_generation(), g, "  registry unchanged");

	wb_call(&w, 91, PMAP_PROG, 4, P_SET);
	hdr = w.n;
	args_rpcb(&w, 200000, 1, "udp", "0.0.0.0.1.1", "superuser");
	bad = 0;
	for (len = 0; len < w.n; len++) {
		a = run_cap(&root, &w, len, sizeof(replybuf));
		if (len < hdr ? a != PROC_DROP :
		    a != PROC_REPLY || !accepted(91, RPC_GARBAGE_ARGS) ||
		    rlen() != 24) {
			diag("v4 SET prefix %zu: action %d", len, a);
			bad++;
		}
	}
	is_int((long long)bad, 0, "v4 SET, every prefix: DROP in the header, "
	    "GARBAGE_ARGS in the arguments");
	is_int(reg_generation(), g, "  registry unchanged by all of them");
	is_int((long long)table_size(), 1, "  one entry still");
	a = run(&root, &w);
	is_int(bool_result(a, 91), 1, "  the whole request -> TRUE");

	/* A netid over RB_NETID_MAX does not decode. */
	{
		char longnetid[RB_NETID_MAX + 2];

		memset(longnetid, 'n', sizeof(longnetid) - 1);
		longnetid[sizeof(longnetid) - 1] = '\0';
		g = reg_generation();
		a = rpcb_call(&root, 3, P_SET, 200005, 1, longnetid, "x", "");
		ok(a == PROC_REPLY && accepted(0x1001, RPC_GARBAGE_ARGS),
		    "v3 SET with a %d-byte netid -> GARBAGE_ARGS",
		    RB_NETID_MAX + 1);
		is_int(reg_generation(), g, "  registry unchanged");
	}

	wb_call(&w, 92, PMAP_PROG, 2, P_GETADDR);
	wb_u32(&w, 100003);
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(92, RPC_GARBAGE_ARGS),
	    "v2 GETPORT with 4 bytes of arguments -> GARBAGE_ARGS");
	wb_call(&w, 93, PMAP_PROG, 4, P_GETADDR);
	wb_u32(&w, 100003);
	wb_u32(&w, 3);
	wb_u32(&w, 0xffffffff);
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(93, RPC_GARBAGE_ARGS),
	    "v4 GETADDR with netid length 0xFFFFFFFF -> GARBAGE_ARGS");

	/* TADDR2UADDR: a netbuf whose len exceeds its maxlen does not decode
	 * (libtirpc's xdr_netbuf: xdr_bytes(..., maxlen) fails), so rpcbind
	 * answers GARBAGE_ARGS; proc.c's own rule is that a call whose
	 * arguments do not decode is answered, never ignored. */
	{
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		wb_call(&w, 94, PMAP_PROG, 4, P_TADDR2UADDR);
		wb_u32(&w, 4);			/* maxlen 4 */
		wb_opaque(&w, &sin, sizeof(sin));	/* len 16 */
		a = run(&lo, &w);
		if (!ok(a == PROC_REPLY && accepted(94, RPC_GARBAGE_ARGS),
		    "TADDR2UADDR with len 16 > maxlen 4 -> GARBAGE_ARGS"))
			diag_reply(a);
	}
}

static void
test_self(void)
{
	const struct reg_entry *e;

	reg_clear();
	proc_register_self(true, true, true, true, true);
	is_int((long long)table_size(), 12,
	    "register_self: 2 + 2 + 3 + 3 + 2 entries");
	e = reg_find(PMAP_PROG, 2, "udp");
	ok(e != NULL && e->vers == 2 && strcmp(e->uaddr, "0.0.0.0.0.111") == 0 &&
	    strcmp(e->owner, "superuser") == 0, "register_self: v2 udp :111");
	e = reg_find(PMAP_PROG, 4, "local");
	ok(e != NULL && e->vers == 4 &&
	    strcmp(e->uaddr, "/run/rpcbind.sock") == 0,
	    "register_self: local entry is the socket path");
	e = reg_find(PMAP_PROG, 2, "udp6");
	ok(e != NULL && e->vers != 2, "register_self: no v2 on udp6");
	reg_clear();
	proc_register_self(true, false, false, false, false);
	is_int((long long)table_size(), 3, "register_self: udp only -> 3");
}

/* Every procedure of every version from a remote UDP peer: nothing comes
 * back larger than the request, and nothing is forwarded. */
static void
test_remote_udp_sweep(void)
{
	struct origin rem = o_ip4(TR_UDP, false, false);
	struct origin rem6 = o_ip6(TR_UDP, false, false);
	const struct origin *origins[] = { &rem, &rem6 };
	struct wb w;
	enum proc_action a;
	uint32_t vers, proc, high, shape, xid = 5000;
	size_t k, tried = 0, bad = 0, g;
	struct sockaddr_in6 sin6;
	int pass;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	for (pass = 0; pass < 2; pass++) {
		remote_calls(pass == 1);
		nfs_table();
		g = reg_generation();
		for (k = 0; k < 2; k++)
		for (vers = 0; vers <= 5; vers++) {
			high = vers == 2 ? 6 : vers == 3 ? 9 : 13;
			for (proc = 0; proc <= high; proc++)
			for (shape = 0; shape < 5; shape++) {
				wb_call(&w, ++xid, PMAP_PROG, vers, proc);
				switch (shape) {
				case 0:			/* no arguments */
					break;
				case 1:			/* pmap / short */
					args_pmap(&w, 100003, 3, 17, 0);
					break;
				case 2:			/* rpcb, empty strings */
					args_rpcb(&w, 100003, 3, "", "", "");
					break;
				case 3:			/* rpcb, typical */
					args_rpcb(&w, 100005, 3, "udp6",
					    "::.8.1", "0");
					break;
				case 4:			/* netbuf / callit */
					wb_u32(&w, sizeof(sin6));
					wb_opaque(&w, &sin6, sizeof(sin6));
					break;
				}
				a = run_cap(origins[k], &w, w.n,
				    RB_UDP_REPLY_MAX);
				tried++;
				if (a == PROC_FORWARD ||
				    (a == PROC_REPLY && rlen() > w.n)) {
					diag("%s remote calls %s: v%u proc %u "
					    "shape %u: action %d, %zu bytes to "
					    "a %zu-byte request", k ? "udp6" :
					    "udp", pass ? "on" : "off", vers,
					    proc, shape, a, rlen(), w.n);
					bad++;
				}
			}
		}
		is_int((long long)bad, 0, "remote UDP (remote calls %s): no "
		    "reply larger than its request, no forward (%zu calls)",
		    pass ? "on" : "off", tried);
		is_int(reg_generation(), g, "  registry unchanged");
	}
	remote_calls(false);
}

/* What else a remote UDP peer gets: silence for registrations and dumps,
 * and no reply larger than its request. */
static void
test_remote_udp(void)
{
	struct origin rem = o_ip4(TR_UDP, false, false);
	struct origin rem6 = o_ip6(TR_UDP, false, false);
	struct wb w;
	enum proc_action a;
	size_t k, bad;

	/* Short requests that would get larger errors: 12-byte RPC_MISMATCH,
	 * BADCRED on a 32-byte header. */
	bad = 0;
	for (k = 0; k <= 40; k += 4) {
		wb_call(&w, 6000, PMAP_PROG, 2, 0);
		w.b[11] = 3;
		a = run_cap(&rem, &w, k, RB_UDP_REPLY_MAX);
		if (a == PROC_REPLY && rlen() > k)
			bad++;
	}
	is_int((long long)bad, 0, "remote UDP, rpcvers 3, every length: no "
	    "larger reply");

	nfs_table();
	a = rpcb_call(&rem, 4, P_SET, 300000, 1, "udp", "0.0.0.0.1.1", "");
	ok(a == PROC_DROP, "remote UDP v4 SET -> dropped silently");
	ok(reg_find(300000, 1, "udp") == NULL, "  nothing registered");
	a = pmap_call(&rem, P_SET, 300000, 1, IPPROTO_UDP, 1);
	ok(a == PROC_DROP, "remote UDP v2 SET -> dropped silently");
	a = pmap_call(&rem, P_UNSET, 100003, 3, 0, 0);
	ok(a == PROC_DROP && reg_find(100003, 3, "udp") != NULL,
	    "remote UDP v2 UNSET -> dropped, entry kept");
	a = rpcb_call(&rem, 3, P_DUMP, 0, 0, "", "", "");
	ok(a == PROC_DROP, "remote UDP v3 DUMP -> dropped");
	a = pmap_call(&rem, P_DUMP, 0, 0, 0, 0);
	ok(a == PROC_DROP, "remote UDP v2 DUMP -> dropped");
	wb_call(&w, 6001, PMAP_PROG, 2, 0);
	a = run(&rem, &w);
	ok(a == PROC_REPLY && accepted(6001, RPC_SUCCESS) && rlen() == 24,
	    "remote UDP NULL -> answered");
	/* A GETADDR whose answer is longer than its question is dropped. */
	reg_set(400000, 1, "udp", "203.0.113.222.255.255", "superuser");
	wb_call(&w, 6002, PMAP_PROG, 4, P_GETADDR);
	args_rpcb(&w, 400000, 1, "", "", "");
	a = run(&rem, &w);
	ok(a == PROC_REPLY && rlen() == 24 + 4 + 24 && rlen() <= w.n,
	    "remote UDP GETADDR with a reply no larger -> answered");
	{
		const struct proc_counters *pc = proc_counters();
		uint64_t before = pc->oversize_dropped;

		/* 40 + 4 + 8 bytes in; 24 + 4 + 4 + 28 would go out. */
		wb_call(&w, 6003, PMAP_PROG, 3, P_UADDR2TADDR);
		wb_str(&w, "::.0.1");
		a = run(&rem6, &w);
		ok(a == PROC_DROP, "remote udp6 UADDR2TADDR (52 -> 60 bytes) "
		    "dropped");
		is_int((long long)(pc->oversize_dropped - before), 1,
		    "  counted as oversize_dropped");
	}
}

static void
test_tcp_refusals(void)
{
	struct origin rem = o_ip4(TR_TCP, false, true);
	struct origin lo_unpriv = o_ip4(TR_TCP, true, false);
	struct origin lo_priv = o_ip4(TR_TCP, true, true);
	struct origin lo_udp = o_ip4(TR_UDP, true, false);
	struct origin lo6_priv = o_ip6(TR_TCP, true, true);
	enum proc_action a;
	const struct proc_counters *pc = proc_counters();
	uint64_t refused;
	static const struct { uint32_t vers, proc; } local_only[] = {
		{ 2, P_SET }, { 2, P_UNSET }, { 2, P_DUMP }, { 2, P_CALLIT },
		{ 3, P_SET }, { 3, P_UNSET }, { 3, P_DUMP }, { 3, P_CALLIT },
		{ 4, P_SET }, { 4, P_UNSET }, { 4, P_DUMP }, { 4, P_CALLIT },
		{ 4, P_INDIRECT }, { 4, P_GETADDRLIST }, { 4, P_GETSTAT },
	};
	struct wb w;
	size_t i;

	nfs_table();
	for (i = 0; i < sizeof(local_only) / sizeof(local_only[0]); i++) {
		refused = pc->refused;
		wb_call(&w, 7000 + (uint32_t)i, PMAP_PROG, local_only[i].vers,
		    local_only[i].proc);
		args_rpcb(&w, 100003, 3, "tcp", "0.0.0.0.1.1", "");
		a = run(&rem, &w);
		if (!ok(a == PROC_REPLY &&
		    denied_auth(7000 + (uint32_t)i, AUTH_E_TOOWEAK) &&
		    pc->refused == refused + 1,
		    "remote TCP v%u proc %u -> AUTH_ERROR TOOWEAK, counted",
		    local_only[i].vers, local_only[i].proc))
			diag_reply(a);
	}
	a = rpcb_call(&rem, 4, P_GETADDR, 100003, 3, "", "", "");
	is_str(rstr(6), "192.0.2.1.8.1", "remote TCP GETADDR answered");

	reg_clear();
	a = rpcb_call(&lo_unpriv, 4, P_SET, 300000, 1, "tcp", "0.0.0.0.1.1",
	    "");
	ok(a == PROC_REPLY && denied_auth(0x1001, AUTH_E_TOOWEAK),
	    "loopback TCP SET from an unprivileged port -> TOOWEAK");
	ok(table_size() == 0, "  nothing registered");
	a = pmap_call(&lo_udp, P_SET, 300000, 1, IPPROTO_UDP, 1);
	ok(a == PROC_REPLY && denied_auth(0x2001, AUTH_E_TOOWEAK),
	    "loopback UDP v2 SET from an unprivileged port -> TOOWEAK "
	    "(local: answered)");
	a = rpcb_call(&lo_priv, 4, P_SET, 300000, 1, "tcp", "0.0.0.0.1.1",
	    "superuser");
	is_int(bool_result(a, 0x1001), 1,
	    "loopback TCP SET from a reserved port -> TRUE");
	is_str(owner_of(300000, 1, "tcp"), "unknown", "  owner \"unknown\"");
	a = rpcb_call(&lo6_priv, 3, P_SET, 300001, 1, "tcp6", "::1.1.1", "0");
	is_int(bool_result(a, 0x1001), 1,
	    "loopback tcp6 SET from a reserved port -> TRUE");
	a = rpcb_call(&lo_unpriv, 4, P_DUMP, 0, 0, "", "", "");
	ok(a == PROC_REPLY && accepted(0x1004, RPC_SUCCESS),
	    "loopback TCP DUMP from an unprivileged port -> answered");
	a = rpcb_call(&lo_unpriv, 4, P_UNSET, 300000, 1, "tcp", "", "");
	ok(a == PROC_REPLY && denied_auth(0x1002, AUTH_E_TOOWEAK),
	    "loopback TCP UNSET from an unprivileged port -> TOOWEAK");
	a = rpcb_call(&lo_priv, 4, P_UNSET, 300000, 1, "tcp", "", "");
	is_int(bool_result(a, 0x1002), 1, "loopback TCP UNSET from a "
	    "reserved port of an \"unknown\" entry -> TRUE");
}

static void
test_getstat(void)
{
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct origin root = o_unix(0);
	enum proc_action a;
	size_t i;

	reg_clear();
	reg_set(100003, 3, "tcp", "0.0.0.0.8.1", "superuser");
	stats_clear();
	pmap_call(&lo, P_GETADDR, 100003, 3, IPPROTO_TCP, 0);
	pmap_call(&lo, P_GETADDR, 100003, 3, IPPROTO_TCP, 0);
	pmap_call(&lo, P_GETADDR, 100099, 1, IPPROTO_UDP, 0);
	pmap_call(&root, P_SET, 100099, 1, IPPROTO_UDP, 5);
	a = rpcb_call(&root, 4, P_GETSTAT, 0, 0, "", "", "");
	ok(a == PROC_REPLY && accepted(0x100c, RPC_SUCCESS), "GETSTAT answered");
	/* v2 block: info[13], setinfo, unsetinfo, then the address list. */
	is_int(rw(6 + 3), 3, "GETSTAT: v2 GETPORT count 3");
	is_int(rw(6 + 1), 1, "GETSTAT: v2 SET count 1");
	is_int(rw(6 + 0), 0, "GETSTAT: v2 NULL count 0");
	is_int(rw(6 + 13), 1, "GETSTAT: v2 setinfo 1");
	is_int(rw(6 + 14), 0, "GETSTAT: v2 unsetinfo 0");
	i = 6 + 15;
	ok(rw(i) == 1 && rw(i + 1) == 100003 && rw(i + 2) == 3 &&
	    rw(i + 3) == 2 && rw(i + 4) == 0, "GETSTAT: v2 row 100003/3: "
	    "2 successes, 0 failures");
	is_str(rstr(i + 5), "tcp", "GETSTAT: v2 row netid tcp");
	i += 5 + 2;
	ok(rw(i) == 1 && rw(i + 1) == 100099 && rw(i + 2) == 1 &&
	    rw(i + 3) == 0 && rw(i + 4) == 1, "GETSTAT: v2 row 100099/1: "
	    "0 successes, 1 failure");
	is_str(rstr(i + 5), "udp", "GETSTAT: v2 row netid udp");
	i += 5 + 2;
	ok(rw(i) == 0 && rw(i + 1) == 0, "GETSTAT: v2 lists end, no rmtcalls");
	i += 2;
	/* v3 block: all zero, empty lists. */
	i += 15 + 2;
	/* v4 block: GETSTAT itself counted. */
	is_int(rw(i + 12), 1, "GETSTAT: v4 GETSTAT count 1");
	is_int((long long)rlen(), (long long)((i + 15 + 2) * 4),
	    "GETSTAT: length ends after the v4 block");
}

static void
test_remote_calls_off(void)
{
	static const char *const off[4] = {
		"remote calls off: v2 CALLIT dropped",
		"remote calls off: v3 CALLIT dropped",
		"remote calls off: v4 BCAST dropped",
		"remote calls off: v4 INDIRECT -> SYSTEM_ERR",
	};
	struct origin root = o_unix(0);
	struct wb w;
	enum proc_action a;

	reg_clear();
	reg_rows("300000 1 udp 0.0.0.0.3.232", "300000 1 udp6 ::.3.233",
	    "300001 2 udp 10.1.2.3.3.234", "300002 1 udp 0.0.0.0.3.235",
	    "300002 3 udp 0.0.0.0.3.235", NULL);

	/* Off (the default). */
	remote_calls(false);
	remote_call(&w, 8000, 2, P_CALLIT, 300000, 1, 7, 8);
	forwards_refused(&root, &w, 8000, RPC_SYSTEM_ERR, off);
	wb_call(&w, 8001, PMAP_PROG, 2, P_CALLIT);
	wb_u32(&w, 300000); wb_u32(&w, 1);
	a = run(&root, &w);
	ok(a == PROC_REPLY && accepted(8001, RPC_GARBAGE_ARGS),
	    "remote calls off: truncated CALLIT -> GARBAGE_ARGS");
}

static void
test_remote_calls_on(void)
{
	static const char *const elsewhere[4] = {
		"v2 CALLIT to a registration at another host dropped",
		"  v3 CALLIT too",
		"  v4 BCAST too",
		"  v4 INDIRECT -> PROG_UNAVAIL, as for an unregistered program",
	};
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct origin lo6 = o_ip6(TR_UDP, true, false);
	struct sockaddr_in *sin = (struct sockaddr_in *)&fwd.target;
	struct wb w;
	enum proc_action a;

	/* On. */
	remote_calls(true);
	remote_call(&w, 8002, 2, P_CALLIT, 300000, 1, 7, 8);
	a = run(&lo, &w);
	is_int(a, PROC_FORWARD, "v2 CALLIT for a registered udp service -> "
	    "PROC_FORWARD");
	ok(fwd.target.ss_family == AF_INET && fwd.targetlen == sizeof(*sin) &&
	    sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	    ntohs(sin->sin_port) == 1000,
	    "  wildcard registration -> 127.0.0.1 port 1000");
	ok(fwd.xid == 8002 && fwd.vers == 2 && !fwd.indirect &&
	    fwd.prog == 300000 && fwd.pvers == 1 && fwd.pproc == 7 &&
	    fwd.port == 1000, "  xid, version, program, procedure, port");
	ok(fwd.argslen == sizeof(rmt_args) && fwd.args != NULL &&
	    memcmp(fwd.args, rmt_args, sizeof(rmt_args)) == 0,
	    "  the arguments");

	w.b[19] = 3;			/* v3 CALLIT */
	a = run(&lo, &w);
	ok(a == PROC_FORWARD && fwd.vers == 3, "v3 CALLIT -> PROC_FORWARD");
	is_str(fwd.uaddr, "127.0.0.1.3.232", "  v3 result address merged");
	{
		uint8_t res[4] = { 0, 0, 0, 42 };
		struct wb want;

		xout_init(&out, replybuf, sizeof(replybuf));
		proc_forward_reply(&fwd, res, sizeof(res), &out);
		want.n = 0;
		wb_u32(&want, 8002); wb_u32(&want, 1); wb_u32(&want, 0);
		wb_u32(&want, 0); wb_u32(&want, 0); wb_u32(&want, 0);
		wb_str(&want, "127.0.0.1.3.232");
		wb_opaque(&want, res, sizeof(res));
		is_mem(replybuf, rlen(), want.b, want.n,
		    "  v3 forward reply: uaddr then the results as opaque");
	}
	w.b[19] = 4;
	w.b[23] = P_INDIRECT;
	a = run(&lo, &w);
	ok(a == PROC_FORWARD && fwd.vers == 4 && fwd.indirect,
	    "v4 INDIRECT -> PROC_FORWARD, indirect");


	/* A registration at another host's address is refused as if the
	 * program were not registered: CALLIT silent, INDIRECT PROG_UNAVAIL. */
	reg_rows("300004 1 udp 203.0.113.9.21.179 1000",
	    "300004 1 udp6 ::ffff:203.0.113.9.21.179 1000",
	    "300005 1 udp6 2001:db8::9.21.179 1000", NULL);
	remote_call(&w, 8010, 2, P_CALLIT, 300004, 1, 1, 8);
	forwards_refused(&lo, &w, 8010, RPC_PROG_UNAVAIL, elsewhere);
	ok(run(&lo6, &w) == PROC_REPLY && accepted(8010, RPC_PROG_UNAVAIL),
	    "  over IPv6: the v4-mapped udp6 registration refused too");
	remote_call(&w, 8011, 4, P_INDIRECT, 300005, 1, 1, 0);
	ok(run(&lo6, &w) == PROC_REPLY && accepted(8011, RPC_PROG_UNAVAIL),
	    "  INDIRECT to an IPv6 registration at another host refused");
}

static void
test_remote_calls_served(void)
{
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct origin lo6 = o_ip6(TR_UDP, true, false);
	struct sockaddr_in *sin = (struct sockaddr_in *)&fwd.target;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&fwd.target;
	struct wb w;
	enum proc_action a;

	/* A served address is this host's: forwarded. */
	{
		struct sockaddr_storage served[2];

		memset(served, 0, sizeof(served));
		served[0].ss_family = AF_INET;
		((struct sockaddr_in *)&served[0])->sin_addr.s_addr =
		    htonl(0x0a010203);
		served[1].ss_family = AF_INET6;
		((struct sockaddr_in6 *)&served[1])->sin6_addr =
		    in6addr_loopback;
		ok(targets_configure(served, 2) == 0, "served: 10.1.2.3 and ::1");
	}
	remote_call(&w, 8003, 2, P_CALLIT, 300001, 2, 1, 0);
	a = run(&lo, &w);
	ok(a == PROC_FORWARD && fwd.target.ss_family == AF_INET &&
	    sin->sin_addr.s_addr == htonl(0x0a010203) &&
	    ntohs(sin->sin_port) == 1002 && fwd.argslen == 0,
	    "CALLIT to a specific registration -> that address");
	{
		uint8_t res[2] = { 7, 8 };
		static const uint8_t want[] = {
			0, 0, 0x1f, 0x43, 0, 0, 0, 1, 0, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0x03, 0xea,		/* port 1002 */
			0, 0, 0, 2, 7, 8, 0, 0,		/* opaque<> */
		};

		xout_init(&out, replybuf, sizeof(replybuf));
		proc_forward_reply(&fwd, res, sizeof(res), &out);
		is_mem(replybuf, rlen(), want, sizeof(want),
		    "  v2 forward reply: port then the results as opaque");
	}

	remote_call(&w, 8004, 2, P_CALLIT, 300000, 1, 7, 8);
	a = run(&lo6, &w);
	ok(a == PROC_FORWARD && fwd.target.ss_family == AF_INET6 &&
	    fwd.targetlen == sizeof(*sin6) &&
	    IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) &&
	    ntohs(sin6->sin6_port) == 1001,
	    "CALLIT from an IPv6 caller -> udp6 registration at ::1");

	remote_call(&w, 8005, 2, P_CALLIT, 300099, 1, 7, 0);
	ok(run(&lo, &w) == PROC_DROP, "CALLIT for an unknown program dropped");
	w.b[19] = 4;
	w.b[23] = P_INDIRECT;
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(8005, RPC_PROG_UNAVAIL),
	    "INDIRECT for an unknown program -> PROG_UNAVAIL");
	remote_call(&w, 8006, 4, P_INDIRECT, PMAP_PROG, 2, 0, 0);
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(8006, RPC_PROG_UNAVAIL),
	    "INDIRECT to the portmapper itself refused");
	remote_call(&w, 8007, 4, P_INDIRECT, 300002, 2, 0, 0);
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(8007, RPC_PROG_MISMATCH) &&
	    rw(6) == 1 && rw(7) == 3,
	    "INDIRECT for a missing version -> PROG_MISMATCH 1..3");

	/* The netid is compared case-insensitively everywhere else
	 * (reg_find), so a registration under "UDP" is found; the
	 * version range must come from it too. */
	reg_set(300003, 1, "UDP", "0.0.0.0.3.236", "superuser");
	remote_call(&w, 8008, 4, P_INDIRECT, 300003, 2, 0, 0);
	a = run(&lo, &w);
	if (!ok(a == PROC_REPLY && accepted(8008, RPC_PROG_MISMATCH) &&
	    rw(6) == 1 && rw(7) == 1,
	    "INDIRECT, service registered as \"UDP\" v1, asked v2 -> "
	    "PROG_MISMATCH 1..1"))
		diag("  got low %u high %u", rw(6), rw(7));

	targets_configure(NULL, 0);
	remote_calls(false);
}

static void
test_misc(void)
{
	struct origin lo = o_ip4(TR_UDP, true, false);
	struct origin lo6 = o_ip6(TR_TCP, true, false);
	struct origin root = o_unix(0);
	struct wb w;
	enum proc_action a;
	time_t now;

	wb_call(&w, 9000, PMAP_PROG, 3, P_GETTIME);
	now = time(NULL);
	a = run(&lo, &w);
	ok(a == PROC_REPLY && accepted(9000, RPC_SUCCESS) && rlen() == 28 &&
	    rw(6) >= (uint32_t)now && rw(6) <= (uint32_t)now + 2,
	    "GETTIME -> now");

	wb_call(&w, 9001, PMAP_PROG, 3, P_UADDR2TADDR);
	wb_str(&w, "127.0.0.1.8.1");
	a = run(&lo, &w);
	{
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(2049);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ok(a == PROC_REPLY && rw(6) == sizeof(sin) &&
		    rw(7) == sizeof(sin) &&
		    memcmp(replybuf + 32, &sin, sizeof(sin)) == 0,
		    "UADDR2TADDR 127.0.0.1.8.1 -> sockaddr_in");
		wb_call(&w, 9002, PMAP_PROG, 4, P_TADDR2UADDR);
		wb_u32(&w, sizeof(sin));
		wb_opaque(&w, &sin, sizeof(sin));
		a = run(&lo, &w);
		is_str(rstr(6), "127.0.0.1.8.1", "TADDR2UADDR sockaddr_in");
	}
	wb_call(&w, 9003, PMAP_PROG, 3, P_UADDR2TADDR);
	wb_str(&w, "::1.8.1");
	a = run(&lo, &w);
	ok(a == PROC_REPLY && rw(6) == 0 && rw(7) == 0 && rlen() == 32,
	    "UADDR2TADDR of an IPv6 address from an IPv4 caller -> empty");
	wb_call(&w, 9004, PMAP_PROG, 3, P_UADDR2TADDR);
	wb_str(&w, "::1.8.1");
	a = run(&lo6, &w);
	ok(a == PROC_REPLY && rw(6) == sizeof(struct sockaddr_in6) &&
	    rw(7) == sizeof(struct sockaddr_in6),
	    "UADDR2TADDR of an IPv6 address from an IPv6 caller");

	/* GETADDRLIST: only the caller's family, merged. */
	reg_clear();
	reg_rows("100003 3 udp 0.0.0.0.8.1", "100003 3 tcp6 ::.8.1",
	    "100003 3 tcp 10.0.0.1.8.1", "100003 4 tcp 0.0.0.0.8.1", NULL);
	wb_call(&w, 9005, PMAP_PROG, 4, P_GETADDRLIST);
	args_rpcb(&w, 100003, 3, "", "", "");
	a = run(&lo, &w);
	{
		struct wb want;

		want.n = 0;
		wb_addr_entry(&want, "127.0.0.1.8.1", "udp", 1, "udp");
		wb_addr_entry(&want, "10.0.0.1.8.1", "tcp", 3, "tcp");
		wb_u32(&want, 0);
		success_is(a, 9005, &want, "GETADDRLIST answered locally",
		    "GETADDRLIST: the IPv4 entries of 100003 v3, merged");
	}

	/* A reply that does not fit the buffer -> SYSTEM_ERR. */
	nfs_table();
	wb_call(&w, 9006, PMAP_PROG, 3, P_DUMP);
	a = run_cap(&root, &w, w.n, 512);
	ok(a == PROC_REPLY && accepted(9006, RPC_SYSTEM_ERR) && rlen() == 24,
	    "DUMP larger than the reply buffer -> SYSTEM_ERR");
}

int
main(void)
{
	test_pmap();
	test_rpcb_set_owner();
	test_getaddr();
	test_errors();
	test_garbage_args();
	test_self();
	test_remote_udp_sweep();
	test_remote_udp();
	test_tcp_refusals();
	test_getstat();
	test_remote_calls_off();
	test_remote_calls_on();
	test_remote_calls_served();
	test_misc();
	return done_testing();
}
