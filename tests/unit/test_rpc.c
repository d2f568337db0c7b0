/*
 * test_rpc.c — the RPC message layer (include/rpc.h, rpcbindd/rpc.c):
 * call header decode over every prefix of valid calls (on heap buffers of
 * exactly that size, so ASan catches an overread), the credential checks,
 * and the reply encoders against the bytes RFC 5531 §9 specifies.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpc.h"
#include "tap.h"
#include "unit.h"
#include "wire.h"

/* A heap copy of exactly `len` bytes of `p`, decoded. */
static enum rpc_decode
decode_exact(const uint8_t *p, size_t len, struct rpc_call *c, size_t *argsleft)
{
	uint8_t *heap = heap_copy(p, len);
	enum rpc_decode r;

	r = rpc_decode_call(heap, len, c);
	if (argsleft)
		*argsleft = r == RPC_DEC_OK ? xin_left(&c->args) : 0;
	/* The args cursor must lie inside the buffer. */
	if (r == RPC_DEC_OK && argsleft != NULL &&
	    (c->args.p < heap || c->args.end != heap + len))
		*argsleft = (size_t)-1;
	free(heap);
	return r;
}

/* An AUTH_SYS body: stamp, machinename, uid, gid, gids. */
static void
auth_sys_body(struct wb *w, const char *name, size_t namelen, uint32_t ngids,
    uint32_t declared_ngids)
{
	uint32_t i;

	w->n = 0;
	wb_u32(w, 0x5eed);
	wb_opaque(w, name, namelen);
	wb_u32(w, 1000);
	wb_u32(w, 100);
	wb_u32(w, declared_ngids);
	for (i = 0; i < ngids; i++)
		wb_u32(w, 100 + i);
}

/* The first six words of a call: xid, CALL, rpcvers 2, prog, vers, proc. */
static void
call_start(struct wb *w, uint32_t xid, uint32_t vers, uint32_t proc)
{
	w->n = 0;
	wb_u32(w, xid);
	wb_u32(w, 0);
	wb_u32(w, 2);
	wb_u32(w, 100000);
	wb_u32(w, vers);
	wb_u32(w, proc);
}

static void
call_with_cred(struct wb *w, uint32_t flavor, const struct wb *cred,
    uint32_t verflen)
{
	uint32_t i;

	call_start(w, 0xdeadbeef, 4, 3);
	wb_u32(w, flavor);
	wb_opaque(w, cred->b, cred->n);
	wb_u32(w, 0);
	wb_u32(w, verflen);
	for (i = 0; i < verflen / 4; i++)
		wb_u32(w, 0);
}

/* Decodes every prefix of a call whose header is `hdr` bytes: DROP before
 * the end of the header, OK after with the args being what is left.
 * Returns how many prefixes did otherwise. */
static size_t
bad_prefixes(const struct wb *w, size_t hdr, const char *what)
{
	struct rpc_call c;
	enum rpc_decode r;
	size_t len, left, bad = 0;

	for (len = 0; len < w->n; len++) {
		r = decode_exact(w->b, len, &c, &left);
		if (len < hdr ? r != RPC_DEC_DROP :
		    r != RPC_DEC_OK || left != len - hdr) {
			diag("%s prefix %zu: decision %d, args %zu", what, len,
			    r, left);
			bad++;
		}
	}
	return bad;
}

/* A call whose credential is `flavor` with a body of n words. */
static void
cred_is(uint32_t flavor, const uint32_t *words, size_t n,
    enum rpc_decode want, const char *what)
{
	struct wb w, cred;
	struct rpc_call c;
	size_t i;

	cred.n = 0;
	for (i = 0; i < n; i++)
		wb_u32(&cred, words[i]);
	call_with_cred(&w, flavor, &cred, 0);
	is_int(decode_exact(w.b, w.n, &c, NULL), want, "%s", what);
}

/* A call whose credential declares len bytes; with body, those bytes
 * (zeros, rounded up to words) and an empty AUTH_NONE verifier follow. */
static void
cred_len_is(uint32_t flavor, uint32_t len, bool body, enum rpc_decode want,
    const char *what)
{
	struct wb w;
	struct rpc_call c;
	uint32_t i;

	call_start(&w, 9, 2, 0);
	wb_u32(&w, flavor);
	wb_u32(&w, len);
	if (body) {
		for (i = 0; i < (len + 3) / 4; i++)
			wb_u32(&w, 0);
		wb_u32(&w, 0);
		wb_u32(&w, 0);
	}
	is_int(decode_exact(w.b, w.n, &c, NULL), want, "%s", what);
}

/* AUTH_SYS bodies that must be refused. */
static void
test_bad_auth_sys(void)
{
	static const struct {
		const char	*name;		/* NULL: 256 bytes of 'n' */
		uint32_t	 ngids, declared;
		bool		 trailing;	/* a word after the gids */
		const char	*what;
	} cases[] = {
		{ "host", 17, 17, false, "AUTH_SYS: 17 gids -> BADCRED" },
		{ NULL, 0, 0, false,
		  "AUTH_SYS: 256-byte machine name -> BADCRED" },
		{ "host", 2, 2, true,
		  "AUTH_SYS: trailing bytes in the body -> BADCRED" },
		{ "host", 2, 3, false,		/* claims 3, has 2 */
		  "AUTH_SYS: gid count beyond the body -> BADCRED" },
		{ "host", 0, 0xffffffff, false,
		  "AUTH_SYS: gid count 0xFFFFFFFF -> BADCRED" },
	};
	char name[256];
	struct wb w, cred;
	struct rpc_call c;
	size_t i;

	memset(name, 'n', sizeof(name));
	for (i = 0; i < NELEM(cases); i++) {
		if (cases[i].name != NULL)
			auth_sys_body(&cred, cases[i].name,
			    strlen(cases[i].name), cases[i].ngids,
			    cases[i].declared);
		else
			auth_sys_body(&cred, name, sizeof(name),
			    cases[i].ngids, cases[i].declared);
		if (cases[i].trailing)
			wb_u32(&cred, 0);
		call_with_cred(&w, AUTH_SYS, &cred, 0);
		is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_BADCRED, "%s",
		    cases[i].what);
	}
	cred_is(AUTH_SYS, (const uint32_t[]){ 1 }, 1, RPC_DEC_BADCRED,
	    "AUTH_SYS: 4-byte body -> BADCRED");
	cred_is(AUTH_SYS, NULL, 0, RPC_DEC_BADCRED,
	    "AUTH_SYS: empty body -> BADCRED");
}

static void
test_valid(void)
{
	struct wb w, cred;
	struct rpc_call c;
	size_t left, hdr;
	enum rpc_decode r;

	/* AUTH_NONE, v4 GETADDR with 8 bytes of arguments. */
	wb_call(&w, 0x01020304, 100000, 4, 3);
	hdr = w.n;
	wb_u32(&w, 0xaaaaaaaa);
	wb_u32(&w, 0xbbbbbbbb);
	r = decode_exact(w.b, w.n, &c, &left);
	is_int(r, RPC_DEC_OK, "AUTH_NONE call decodes");
	is_int(c.xid, 0x01020304, "AUTH_NONE: xid");
	is_int(c.prog, 100000, "AUTH_NONE: prog");
	is_int(c.vers, 4, "AUTH_NONE: vers");
	is_int(c.proc, 3, "AUTH_NONE: proc");
	is_int(c.cred_flavor, AUTH_NONE, "AUTH_NONE: flavour");
	is_int((long long)left, 8, "AUTH_NONE: args are exactly the 8 bytes left");

	is_int((long long)bad_prefixes(&w, hdr, "AUTH_NONE"), 0, "AUTH_NONE: every prefix (0..%zu) DROP "
	    "inside the header, OK with the bytes left after it", w.n - 1);

	/* AUTH_SYS with a machine name, 3 gids and an 8-byte verifier. */
	auth_sys_body(&cred, "host", 4, 3, 3);
	call_with_cred(&w, AUTH_SYS, &cred, 8);
	hdr = w.n;
	wb_u32(&w, 0x12345678);
	r = decode_exact(w.b, w.n, &c, &left);
	is_int(r, RPC_DEC_OK, "AUTH_SYS call decodes");
	is_int(c.xid, 0xdeadbeef, "AUTH_SYS: xid");
	is_int(c.cred_flavor, AUTH_SYS, "AUTH_SYS: flavour");
	is_int((long long)left, 4, "AUTH_SYS: args after cred and verifier");
	is_int((long long)bad_prefixes(&w, hdr, "AUTH_SYS"), 0, "AUTH_SYS: every prefix (0..%zu) DROP "
	    "inside the header, OK after it", w.n - 1);

	/* AUTH_SYS edges that are fine: 16 gids, 255-byte name, no gids. */
	{
		char name[256];

		memset(name, 'n', sizeof(name));
		auth_sys_body(&cred, name, 255, 16, 16);
		call_with_cred(&w, AUTH_SYS, &cred, 0);
		is_int((long long)cred.n, 4 + 4 + 256 + 12 + 64,
		    "AUTH_SYS max body is 340 bytes");
		is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_OK,
		    "AUTH_SYS: 16 gids and a 255-byte name accepted");
		auth_sys_body(&cred, "", 0, 0, 0);
		call_with_cred(&w, AUTH_SYS, &cred, 0);
		is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_OK,
		    "AUTH_SYS: empty name, no gids accepted");

	}
	test_bad_auth_sys();
}

static void
test_refusals(void)
{
	struct wb w;
	struct rpc_call c;

	wb_call(&w, 7, 100000, 2, 0);
	w.b[11] = 3;			/* rpcvers 3 */
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_RPC_MISMATCH,
	    "rpcvers 3 -> RPC_MISMATCH");
	is_int(c.xid, 7, "RPC_MISMATCH: xid kept for the reply");
	is_int(decode_exact(w.b, 12, &c, NULL), RPC_DEC_RPC_MISMATCH,
	    "rpcvers 3 in a 12-byte message -> RPC_MISMATCH");
	w.b[11] = 1;
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_RPC_MISMATCH,
	    "rpcvers 1 -> RPC_MISMATCH");

	wb_call(&w, 7, 100000, 2, 0);
	w.b[7] = 1;			/* a REPLY */
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_DROP,
	    "msg_type REPLY -> DROP");
	w.b[7] = 2;
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_DROP,
	    "msg_type 2 -> DROP");

	/* Credential of 401 bytes (declared; the body may be absent), then
	 * with its bytes; exactly 400 bytes of AUTH_NONE are accepted. */
	cred_len_is(AUTH_SYS, 401, false, RPC_DEC_BADCRED,
	    "credential length 401 -> BADCRED");
	cred_len_is(AUTH_SYS, 401, true, RPC_DEC_BADCRED,
	    "credential length 401 with the bytes present -> BADCRED");
	cred_len_is(AUTH_NONE, 400, true, RPC_DEC_OK,
	    "credential length 400 accepted");

	/* Verifier of 401 bytes. */
	call_start(&w, 9, 2, 0);
	wb_u32(&w, AUTH_NONE); wb_u32(&w, 0);
	wb_u32(&w, AUTH_NONE); wb_u32(&w, 401);
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_BADCRED,
	    "verifier length 401 -> BADCRED");
	w.n -= 4;
	wb_u32(&w, 0xffffffff);
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_BADCRED,
	    "verifier length 0xFFFFFFFF -> BADCRED");
	w.n -= 4;
	wb_u32(&w, 8);			/* claims 8, none present */
	is_int(decode_exact(w.b, w.n, &c, NULL), RPC_DEC_DROP,
	    "verifier body missing -> DROP");

	/* Unknown flavours. */
	cred_is(AUTH_SHORT, NULL, 0, RPC_DEC_REJECTEDCRED,
	    "AUTH_SHORT credential -> REJECTEDCRED");
	cred_is(6, NULL, 0, RPC_DEC_REJECTEDCRED,	/* RPCSEC_GSS */
	    "RPCSEC_GSS credential -> REJECTEDCRED");
	cred_is(0xffffffff, NULL, 0, RPC_DEC_REJECTEDCRED,
	    "flavour 0xFFFFFFFF -> REJECTEDCRED");
}

static void
test_encoders(void)
{
	uint8_t buf[64];
	struct xdr_out o;
	static const uint8_t success[] = {
		1, 2, 3, 4,  0, 0, 0, 1,  0, 0, 0, 0,	/* xid REPLY ACCEPTED */
		0, 0, 0, 0,  0, 0, 0, 0,		/* verf AUTH_NONE, 0 */
		0, 0, 0, 0,				/* SUCCESS */
	};
	static const uint8_t unavail[] = {
		0, 0, 0, 9,  0, 0, 0, 1,  0, 0, 0, 0,
		0, 0, 0, 0,  0, 0, 0, 0,
		0, 0, 0, 3,				/* PROC_UNAVAIL */
	};
	static const uint8_t mismatch[] = {
		0xff, 0xff, 0xff, 0xff,  0, 0, 0, 1,  0, 0, 0, 0,
		0, 0, 0, 0,  0, 0, 0, 0,
		0, 0, 0, 2,  0, 0, 0, 2,  0, 0, 0, 4,	/* PROG_MISMATCH 2..4 */
	};
	static const uint8_t rpcmis[] = {
		0, 0, 0, 5,  0, 0, 0, 1,  0, 0, 0, 1,	/* MSG_DENIED */
		0, 0, 0, 0,  0, 0, 0, 2,  0, 0, 0, 2,	/* RPC_MISMATCH 2..2 */
	};
	static const uint8_t autherr[] = {
		0, 0, 0, 5,  0, 0, 0, 1,  0, 0, 0, 1,	/* MSG_DENIED */
		0, 0, 0, 1,  0, 0, 0, 5,		/* AUTH_ERROR TOOWEAK */
	};
	static const uint8_t call[] = {
		0, 0, 0, 42,  0, 0, 0, 0,  0, 0, 0, 2,	/* xid CALL rpcvers */
		0, 1, 0x86, 0xa3,  0, 0, 0, 3,  0, 0, 0, 1, /* 100003 v3 p1 */
		0, 0, 0, 0,  0, 0, 0, 0,		/* cred AUTH_NONE */
		0, 0, 0, 0,  0, 0, 0, 0,		/* verf AUTH_NONE */
	};

	/* Each encoder into a fresh buffer, against the bytes wanted. */
#define ENCODES(encode, want, what) do {				\
	xout_init(&o, buf, sizeof(buf));				\
	encode;								\
	is_mem(buf, xout_len(&o), want, sizeof(want), what);		\
} while (0)
	ENCODES(rpc_reply_success(&o, 0x01020304), success,
	    "encode: accepted SUCCESS header");
	ENCODES(rpc_reply_accepted(&o, 9, RPC_PROC_UNAVAIL), unavail,
	    "encode: accepted PROC_UNAVAIL");
	ENCODES(rpc_reply_prog_mismatch(&o, 0xffffffff, 2, 4), mismatch,
	    "encode: PROG_MISMATCH with low and high");
	ENCODES(rpc_reply_rpc_mismatch(&o, 5), rpcmis,
	    "encode: denied RPC_MISMATCH 2..2");
	ENCODES(rpc_reply_auth_error(&o, 5, AUTH_E_TOOWEAK), autherr,
	    "encode: denied AUTH_ERROR TOOWEAK");
	ENCODES(rpc_encode_call(&o, 42, 100003, 3, 1), call,
	    "encode: call header with AUTH_NONE");
#undef ENCODES

	/* Our own decoder reads our own call back. */
	{
		struct rpc_call c;

		is_int(decode_exact(buf, xout_len(&o), &c, NULL), RPC_DEC_OK,
		    "encode: the call decodes");
		ok(c.xid == 42 && c.prog == 100003 && c.vers == 3 &&
		    c.proc == 1, "encode: the call round-trips");
	}

	xout_init(&o, buf, 20);
	rpc_reply_success(&o, 1);
	ok(o.err, "encode: a 24-byte header into 20 bytes sets the error");
}

static int
decode_reply_exact(const uint8_t *p, size_t len, uint32_t *xid, size_t *left)
{
	uint8_t *heap = heap_copy(p, len);
	struct xdr_in x;
	int r;

	xin_init(&x, heap, len);
	r = rpc_decode_reply(&x, xid);
	*left = xin_left(&x);
	free(heap);
	return r;
}

static void
test_decode_reply(void)
{
	/* Replies other than SUCCESS, word by word. */
	static const struct {
		uint32_t	 w[6];
		size_t		 n;
		int		 want;
		const char	*what;
	} others[] = {
		{ { 0x78, 1, 0, 0, 0, RPC_PROG_UNAVAIL }, 6, RPC_PROG_UNAVAIL,
		  "decode_reply: PROG_UNAVAIL" },
		{ { 0x79, 1, 1, 1, AUTH_E_TOOWEAK }, 5, -1,	/* DENIED */
		  "decode_reply: MSG_DENIED -> -1" },
		{ { 0x7a, 0, 0, 0, 0, 0 }, 6, -1,		/* a CALL */
		  "decode_reply: a CALL -> -1" },
		{ { 0x7b, 1, 0, 0, 401 }, 5, -1,
		  "decode_reply: verifier 401 -> -1" },
		{ { 0x7b, 1, 0, 0, 0xfffffffd, 0 }, 6, -1,
		  "decode_reply: verifier 0xFFFFFFFD -> -1" },
	};
	struct wb w;
	uint32_t xid;
	size_t left, len, bad, i, k;
	int r;

	/* SUCCESS with an 8-byte verifier and a 4-byte result. */
	w.n = 0;
	wb_u32(&w, 0x77); wb_u32(&w, 1); wb_u32(&w, 0);
	wb_u32(&w, AUTH_SYS); wb_opaque(&w, "12345678", 8);
	wb_u32(&w, 0);
	wb_u32(&w, 0xcafe);
	r = decode_reply_exact(w.b, w.n, &xid, &left);
	is_int(r, RPC_SUCCESS, "decode_reply: SUCCESS");
	is_int(xid, 0x77, "decode_reply: xid");
	is_int((long long)left, 4, "decode_reply: left at the results");
	bad = 0;
	for (len = 0; len < w.n - 4; len++)
		if (decode_reply_exact(w.b, len, &xid, &left) != -1)
			bad++;
	is_int((long long)bad, 0, "decode_reply: every truncated header -> -1");

	for (i = 0; i < NELEM(others); i++) {
		w.n = 0;
		for (k = 0; k < others[i].n; k++)
			wb_u32(&w, others[i].w[k]);
		is_int(decode_reply_exact(w.b, w.n, &xid, &left),
		    others[i].want, "%s", others[i].what);
	}
}

int
main(void)
{
	test_valid();
	test_refusals();
	test_encoders();
	test_decode_reply();
	return done_testing();
}
