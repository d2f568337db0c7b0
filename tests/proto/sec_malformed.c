/*
 * tests/proto/sec_malformed.c — rpcprobe's sections on what does not
 * decode or is not allowed: arguments (garbage), credentials (auth),
 * messages that are not calls (junk), remote calls (remote).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "rpcprobe.h"

#define P_GARBAGE	TPROG(3)
#define GARBAGE	XK(X_GARBAGE)
#define SUCCESS	XK(X_SUCCESS)

/* Arguments cut short, over udp, tcp and the local socket. */
static const struct argcase garbage_cut[] = {
	{ TR_UDP4, 2, PMAPPROC_GETPORT, "P 1", GARBAGE,
	    "v2 GETPORT cut after the version is GARBAGE_ARGS", GARBAGE, SUCCESS,
	    "v2 GETPORT cut after the version (rpcbind: GARBAGE_ARGS or SUCCESS)" },
	{ TR_UDP4, 2, PMAPPROC_GETPORT, "", GARBAGE,
	    "v2 GETPORT with no arguments is GARBAGE_ARGS", GARBAGE, SUCCESS,
	    "v2 GETPORT with no arguments (rpcbind: GARBAGE_ARGS or SUCCESS)" },
	{ TR_TCP4, 2, PMAPPROC_GETPORT, "P", GARBAGE,
	    "v2 GETPORT cut after the program over tcp is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_PATH, 2, PMAPPROC_SET, "P 1", GARBAGE,
	    "v2 SET cut after the version over the local socket is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_PATH, 3, RPCBPROC_SET, "P 2 4 r:ud", GARBAGE,
	    "v3 SET cut in the middle of the netid is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_PATH, 4, RPCBPROC_SET, "P 2 s:udp s:0.0.0.0.4.7 9 r:super", GARBAGE,
	    "v4 SET cut in the middle of the owner is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
};

/* A string length larger than the data (CVE-2017-8779 shape). */
static const struct argcase garbage_short[] = {
	{ TR_UDP4, 4, RPCBPROC_GETADDR, "P 1 100 r:udpudpud", GARBAGE,
	    "v4 GETADDR with a netid length of 100 and 8 bytes is GARBAGE_ARGS", SUCCESS, GARBAGE,
	    "v4 GETADDR with a netid length of 100 and 8 bytes (rpcbind: SUCCESS from stale bytes)" },
};

/* Absurd lengths, and complete strings longer than sane maxima. */
static const struct argcase garbage_long[] = {
	{ TR_UDP4, 3, RPCBPROC_UADDR2TADDR, "0xffffffff", GARBAGE,
	    "v3 UADDR2TADDR with a string length of 0xffffffff is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 3, RPCBPROC_UADDR2TADDR, "64 r:127.", GARBAGE,
	    "v3 UADDR2TADDR with a string length of 64 and 4 bytes is GARBAGE_ARGS", SUCCESS, GARBAGE,
	    "v3 UADDR2TADDR with a string length of 64 and 4 bytes (rpcbind: SUCCESS from stale bytes)" },
	{ TR_UDP4, 4, RPCBPROC_TADDR2UADDR, "16 0xffffffff", GARBAGE,
	    "v4 TADDR2UADDR with a netbuf length of 0xffffffff is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 4, RPCBPROC_TADDR2UADDR, "16", GARBAGE,
	    "v4 TADDR2UADDR with only maxlen is GARBAGE_ARGS", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 4, RPCBPROC_GETADDR, "P 1 x:300 s: s:", GARBAGE,
	    "v4 GETADDR with a 300-byte netid is GARBAGE_ARGS", SUCCESS, GARBAGE,
	    "v4 GETADDR with a 300-byte netid (rpcbind accepts up to 9000)" },
	{ TR_PATH, 3, RPCBPROC_SET, "P 5 x:300 s:0.0.0.0.4.8 s:", GARBAGE,
	    "v3 SET with a 300-byte netid is GARBAGE_ARGS", SUCCESS, GARBAGE,
	    "v3 SET with a 300-byte netid (rpcbind: SUCCESS, FALSE for an unknown netid)" },
	{ TR_UDP4, 4, RPCBPROC_GETADDR, "P 1 s:udp x:1099 s:", GARBAGE,
	    "v4 GETADDR with a 1099-byte r_addr is GARBAGE_ARGS", SUCCESS, GARBAGE,
	    "v4 GETADDR with a 1099-byte r_addr (rpcbind accepts it)" },
	{ TR_PATH, 3, RPCBPROC_SET, "P 6 s:udp s:0.0.0.0.4.10 x:1099", GARBAGE,
	    "v3 SET with a 1099-byte r_owner is GARBAGE_ARGS", SUCCESS, GARBAGE,
	    "v3 SET with a 1099-byte r_owner (rpcbind accepts it)" },
};

/* Trailing bytes after complete arguments: libtirpc ignores them. */
static const struct argcase garbage_trailing[] = {
	{ TR_UDP4, 4, RPCBPROC_GETADDR, "P 1 s:udp s: s: z:8", SUCCESS,
	    "v4 GETADDR with 8 trailing zero bytes is answered SUCCESS (as rpcbind does)",
	    XK(X_NONE), XK(X_NONE), NULL },
};

#define NCASES(t)	(sizeof (t) / sizeof (t)[0])

/* The stale-buffer check: the same socket, a full GETPORT then a cut one. */
static void
garbage_stale(struct conn *u)
{
	struct reply rp;
	struct wb a;

	expect_port(u, P_GARBAGE, 1, IPPROTO_UDP_N, 40123, "v2 GETPORT P/1/udp is 40123");
	wb_init(&a);
	w_u32(&a, P_GARBAGE);
	pm(u, 2, PMAPPROC_GETPORT, &a, &rp);
	if (REF) {
		uint32_t v = rp.m.got == GOT_REPLY && rp.m.astat == AS_SUCCESS ? r_u32(&rp.m.res) : 0;

		tap(matches(&rp, EX(X_SUCCESS)) || matches(&rp, EX(X_GARBAGE)),
		    "v2 GETPORT cut after the program: rpcbind answers (measured: SUCCESS from stale bytes)");
		diag("rpcbind answered the truncated GETPORT with %s, port %u%s",
		    matches(&rp, EX(X_SUCCESS)) ? "SUCCESS" : "GARBAGE_ARGS", v,
		    v == 40123 ? " (the previous request's port: stale bytes)" : "");
	} else {
		check("v2 GETPORT cut after the program is GARBAGE_ARGS, not the previous answer",
		    &rp, EX(X_GARBAGE), NOALT);
	}
}

/* Lengths at the edges of 32 bits, in a netid and in an r_addr. */
static void
garbage_lengths(void)
{
	static const uint32_t lens[] = { 0xffffffffu, 0x7fffffffu, 0xfffffffcu, 9001 };

	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		char spec[2][64], d[2][128];
		struct argcase c[2] = {
			{ TR_UDP4, 4, RPCBPROC_GETADDR, spec[0], GARBAGE, d[0], XK(X_NONE), XK(X_NONE), NULL },
			{ TR_UDP4, 4, RPCBPROC_GETVERSADDR, spec[1], GARBAGE, d[1], XK(X_NONE), XK(X_NONE), NULL },
		};

		snprintf(spec[0], sizeof spec[0], "P 1 %u r:udp z:1", lens[i]);
		snprintf(d[0], sizeof d[0], "v4 GETADDR with a netid length of %#x is GARBAGE_ARGS", lens[i]);
		snprintf(spec[1], sizeof spec[1], "P 1 s:udp %u", lens[i]);
		snprintf(d[1], sizeof d[1],
		    "v4 GETVERSADDR with an r_addr length of %#x and no body is GARBAGE_ARGS", lens[i]);
		run_argcases(c, 2, P_GARBAGE);
	}
}

/* A GETPORT with 16 trailing bytes answers the port as without them. */
static void
garbage_trailing_port(void)
{
	struct reply rp;
	struct conn c;
	struct wb a;
	long port = -1;

	wb_init(&a);
	w_pmap(&a, P_GARBAGE, 1, IPPROTO_UDP_N, 0);
	w_fill(&a, 0xee, 16);
	rp.m.got = GOT_ERR;
	if (conn_open(&c, TR_UDP4, SRC_ANY) == 0) {
		port = getport(&c, P_GARBAGE, 1, IPPROTO_UDP_N, "(setup)");
		send_call(&c, NULL, PMAP_PROG, 2, PMAPPROC_GETPORT, &a, &rp, T_REPLY);
		conn_close(&c);
	}
	if (check("v2 GETPORT with 16 trailing bytes is answered SUCCESS (as rpcbind does)", &rp,
	    EX(X_SUCCESS), NOALT)) {
		uint32_t v = r_u32(&rp.m.res);

		if (!tap(r_end(&rp.m.res) && (long)v == port && v == 40123,
		    "v2 GETPORT with trailing bytes returns the port (40123)"))
			diag("got %u", v);
	}
}

/* 4: arguments that do not decode. */
void
sec_garbage(void)
{
	struct conn l, u;
	const uint32_t P = P_GARBAGE;

	open_or_bail(&l, TR_PATH, SRC_ANY);
	open_or_bail(&u, TR_UDP4, SRC_ANY);
	set_pmap(&l, PMAPPROC_SET, P, 1, IPPROTO_UDP_N, 40123, 1, "v2 SET P/1/udp/40123 (for the stale-buffer check)");
	garbage_stale(&u);
	run_argcases(garbage_cut, NCASES(garbage_cut), P);
	expect_addr(&u, 4, RPCBPROC_GETVERSADDR, P, 2, "udp", "", "", NULL,
	    "the truncated SETs registered nothing");
	run_argcases(garbage_short, NCASES(garbage_short), P);
	garbage_lengths();
	run_argcases(garbage_long, NCASES(garbage_long), P);
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 5, "", "", "", 1, "v4 UNSET P/5 (cleanup) is TRUE");
	set_rpcb(&l, 4, RPCBPROC_UNSET, P, 6, "", "", "", 1, "v4 UNSET P/6 (cleanup) is TRUE");
	garbage_trailing_port();
	run_argcases(garbage_trailing, NCASES(garbage_trailing), P);
	set_pmap(&l, PMAPPROC_UNSET, P, 1, 0, 0, 1, "v2 UNSET P/1 (cleanup) is TRUE");
	check_alive("undecodable arguments");
	conn_close(&l);
	conn_close(&u);
}

/* AUTH_SYS body: stamp, machinename<255>, uid, gid, gids<16> */
static size_t
authsys_body(uint8_t *out, size_t max, const char *machine, uint32_t ngids)
{
	struct wb w;

	wb_init(&w);
	w_u32(&w, 0x5eed);
	w_str(&w, machine);
	w_u32(&w, 0);
	w_u32(&w, 0);
	w_u32(&w, ngids);
	for (uint32_t i = 0; i < ngids && i < 64; i++)
		w_u32(&w, i);
	if (w.err || w.n > max)
		return 0;
	memcpy(out, w.b, w.n);
	return w.n;
}

#define BADCRED	EX_AUTH(AU_BADCRED)
#define OR_SILENT	REFALT(EX(X_SILENT))

/* Good AUTH_SYS credentials over each kind of transport. */
static void
auth_valid(uint8_t *body, size_t max)
{
	struct call_hdr h = call_none;
	struct wb a;

	h.cflavor = AUTH_SYS_F;
	h.cbody = body;
	h.clen = authsys_body(body, max, "probe.example", 2);
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX(X_SUCCESS), NOALT,
	    "AUTH_SYS v2 NULL over udp is SUCCESS");
	wb_init(&a);
	w_pmap(&a, PMAP_PROG, 2, IPPROTO_TCP_N, 0);
	expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 2, PMAPPROC_GETPORT, &a, EX(X_SUCCESS), NOALT,
	    "AUTH_SYS v2 GETPORT over tcp is SUCCESS");
	expect_on(TR_PATH, SRC_ANY, &h, PMAP_PROG, 4, 0, NULL, EX(X_SUCCESS), NOALT,
	    "AUTH_SYS v4 NULL over the local socket is SUCCESS");
}

/* Credential and verifier bodies over MAX_AUTH_BYTES, declared or sent. */
static void
auth_oversized(uint8_t *body, size_t max)
{
	struct call_hdr h = call_none;
	struct reply rp;
	struct conn c;
	struct wb w;
	uint32_t xid;

	memset(body, 0, max);
	h.cflavor = AUTH_SYS_F;
	h.cbody = body;
	h.clen = MAX_AUTH_BYTES + 4;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, BADCRED, OR_SILENT,
	    "a 404-byte AUTH_SYS credential: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	h.cflavor = AUTH_NONE_F;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, BADCRED, OR_SILENT,
	    "a 404-byte AUTH_NONE credential: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	/* a declared credential length far beyond the datagram */
	xid = w_call_head(&w, false, PMAP_PROG, 2, 0);
	w_u32(&w, AUTH_SYS_F);
	w_u32(&w, 0xfffffff0u);
	w_fill(&w, 0, 16);
	rp.m.got = GOT_ERR;
	if (conn_open(&c, TR_UDP4, SRC_ANY) == 0) {
		if (conn_send(&c, w.b, w.n) == 0)
			await_reply(&c, xid, &rp, T_SILENT);
		conn_close(&c);
	}
	check("a credential length of 0xfffffff0: AUTH_ERROR BADCRED (rpcbind: or no reply)", &rp,
	    BADCRED, OR_SILENT);
	h = call_none;
	h.vbody = body;
	h.vlen = MAX_AUTH_BYTES + 4;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(0), OR_SILENT,
	    "a 404-byte verifier: AUTH_ERROR (rpcbind: or no reply)");
}

/* Flavours a portmapper does not take. */
static void
auth_flavours(uint8_t *body)
{
	struct call_hdr h = call_none;
	const struct ex rejected = EX_AUTH(AU_REJECTEDCRED), or_bad = REFALT(BADCRED);

	h.cflavor = 0x7777;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, rejected, or_bad,
	    "an unknown credential flavour over udp is AUTH_ERROR REJECTEDCRED (rpcbind: or BADCRED)");
	expect_on(TR_TCP4, SRC_ANY, &h, PMAP_PROG, 4, 3, NULL, rejected, or_bad,
	    "an unknown credential flavour over tcp is AUTH_ERROR REJECTEDCRED (rpcbind: or BADCRED)");
	h.cflavor = 6;	/* RPCSEC_GSS, not supported by a portmapper */
	h.cbody = body;
	h.clen = 16;
	memset(body, 0, 16);
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, EX_AUTH(0), OR_SILENT,
	    "an RPCSEC_GSS credential: AUTH_ERROR (rpcbind: or no reply)");
}

/* AUTH_SYS bodies that break its limits or end early. */
static void
auth_malformed(uint8_t *body, size_t max)
{
	struct call_hdr h = call_none;
	char m[300];

	h.cflavor = AUTH_SYS_F;
	h.cbody = body;
	memset(m, 'm', sizeof m - 1);
	m[sizeof m - 1] = '\0';
	h.clen = authsys_body(body, max, m, 0);
	h.clen = h.clen > MAX_AUTH_BYTES ? MAX_AUTH_BYTES : h.clen;
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, BADCRED, OR_SILENT,
	    "AUTH_SYS with a 299-byte machine name: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	h.clen = authsys_body(body, max, "probe", 17);
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, BADCRED, OR_SILENT,
	    "AUTH_SYS with 17 gids: AUTH_ERROR BADCRED (rpcbind: or no reply)");
	h.clen = 8;	/* stamp and a name length, nothing else */
	expect_on(TR_UDP4, SRC_ANY, &h, PMAP_PROG, 2, 0, NULL, BADCRED, OR_SILENT,
	    "a truncated AUTH_SYS body: AUTH_ERROR BADCRED (rpcbind: or no reply)");
}

/* 5: credentials. */
void
sec_auth(void)
{
	uint8_t body[1024];

	auth_valid(body, sizeof body);
	auth_oversized(body, sizeof body);
	auth_flavours(body);
	auth_malformed(body, sizeof body);
	check_alive("bad credentials");
}

/* raw datagram / record that must get no reply */
static void
expect_silence_raw(enum tr tr, const uint8_t *p, size_t n, const char *desc)
{
	struct conn c;
	struct reply rp;

	rp.m.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		if (n == 0 && !tr_stream(tr)) {
			if (send(c.fd, "", 0, 0) == 0)
				await_reply(&c, 0, &rp, T_SILENT);
		} else if (conn_send(&c, p, n) == 0) {
			await_reply(&c, 0, &rp, T_SILENT);
		}
		conn_close(&c);
	}
	check(desc, &rp, EX(X_SILENT), tr_stream(tr) ? EX(X_CLOSED) : NOALT);
}

/* 6: messages that are not calls. */
void
sec_junk(void)
{
	struct call_hdr h = call_none;
	struct wb w;
	uint8_t ff[200];

	wb_init(&w);
	w_u32(&w, ++probe_xid);
	w_u32(&w, MT_REPLY);
	w_u32(&w, RS_ACCEPTED);
	w_u32(&w, 0);
	w_u32(&w, 0);
	w_u32(&w, AS_SUCCESS);
	expect_silence_raw(TR_UDP4, w.b, w.n, "a REPLY message sent to the server gets no reply");
	h.mtype = MT_REPLY;
	(void)w_call(&w, false, &h, PMAP_PROG, 2, 0);
	expect_silence_raw(TR_UDP4, w.b, w.n, "a CALL with msg_type 1 (REPLY) gets no reply");
	expect_silence_raw(TR_TCP4, w.b, w.n, "a CALL with msg_type 1 over tcp gets no reply");
	h.mtype = 7;
	(void)w_call(&w, false, &h, PMAP_PROG, 2, 0);
	expect_silence_raw(TR_UDP4, w.b, w.n, "a message with msg_type 7 gets no reply");
	expect_silence_raw(TR_PATH, w.b, w.n, "a message with msg_type 7 over the local socket gets no reply");
	expect_silence_raw(TR_UDP4, (const uint8_t *)"\0\0\1", 3, "a 3-byte datagram gets no reply");
	expect_silence_raw(TR_UDP4, NULL, 0, "an empty datagram gets no reply");
	memset(ff, 0xff, sizeof ff);
	expect_silence_raw(TR_UDP4, ff, sizeof ff, "200 bytes of 0xff get no reply");
	(void)w_call_head(&w, false, PMAP_PROG, 2, 0);
	w.n = 20;	/* xid, CALL, 2, program, version */
	expect_silence_raw(TR_UDP4, w.b, w.n, "a call header cut after the version gets no reply");
	check_alive("junk messages");
	tap(alive(TR_TCP4), "daemon still answers over tcp after junk messages");
}

/* Remote calls (CALLIT/INDIRECT arguments: prog, vers, proc, opaque args). */
static const struct argcase remote_cases[] = {
	{ TR_UDP4, 2, PMAPPROC_CALLIT, "100000 2 0 0", XK(X_SILENT),
	    "v2 CALLIT over udp gets no reply (remote calls off)", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 3, RPCBPROC_CALLIT, "100000 2 0 0", XK(X_SILENT),
	    "v3 CALLIT over udp gets no reply", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 4, RPCBPROC_CALLIT, "100000 2 0 0", XK(X_SILENT),
	    "v4 BCAST over udp gets no reply", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 4, RPCBPROC_INDIRECT, "100000 4 0 0", XK(X_SYSERR),
	    "v4 INDIRECT to 100000/4 NULL over udp is SYSTEM_ERR", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP6, 4, RPCBPROC_INDIRECT, "100000 4 0 0", XK(X_SYSERR),
	    "v4 INDIRECT to 100000/4 NULL over udp ::1 is SYSTEM_ERR", XK(X_NONE), XK(X_NONE), NULL },
	{ TR_UDP4, 2, PMAPPROC_CALLIT, "100005 1 1 4 z:4", XK(X_SILENT),
	    "v2 CALLIT aimed at mountd gets no reply", { X_AUTH, AU_TOOWEAK, 0 }, XK(X_NONE),
	    "v2 CALLIT aimed at mountd (rpcbind: AUTH_ERROR TOOWEAK from an unprivileged port)" },
	/* CVE-2013-1950: opaque length 8945 followed by 5 bytes */
	{ TR_UDP4, 2, PMAPPROC_CALLIT, "0 1 1 8945 r:crash", GARBAGE,
	    "v2 CALLIT with an 8945-byte opaque and 5 bytes (CVE-2013-1950): GARBAGE_ARGS (rpcbind: or no reply)",
	    GARBAGE, XK(X_SILENT), NULL },
	{ TR_UDP4, 4, RPCBPROC_INDIRECT, "0 1 1 8945 r:crash", GARBAGE,
	    "v4 INDIRECT with the same arguments: GARBAGE_ARGS (rpcbind: or SYSTEM_ERR)",
	    GARBAGE, XK(X_SYSERR), NULL },
};

/* 9: remote calls are off by default. */
void
sec_remote(void)
{
	run_argcases(remote_cases, NCASES(remote_cases), 0);
	check_alive("remote calls");
}
