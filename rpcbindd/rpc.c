/*
 * rpc.c — RPC call header decoding and reply header encoding.
 *
 * The decoder checks every length against the bytes present and against
 * RFC 5531's 400-byte limit for credentials and verifiers before looking at
 * them, and never allocates.
 */
#include <string.h>

#include "bounds.h"
#include "rpc.h"

#define MSG_ACCEPTED		0
#define MSG_DENIED		1
#define REJ_RPC_MISMATCH	0
#define REJ_AUTH_ERROR		1

/* AUTH_SYS body (RFC 5531 appendix A): checked for shape only; the owner of
 * a registration never comes from it (it is trivially forged). */
static int
check_auth_sys(const uint8_t *body, uint32_t len)
{
	struct xdr_in x;
	const uint8_t *name;
	uint32_t namelen, ngids;

	xin_init(&x, body, len);
	(void)xin_u32(&x);			/* stamp */
	name = xin_opaque(&x, &namelen, 255);	/* machinename */
	(void)name;
	(void)xin_u32(&x);			/* uid */
	(void)xin_u32(&x);			/* gid */
	ngids = xin_u32(&x);
	if (x.err || ngids > 16)
		return -1;
	(void)xin_fixed(&x, ngids * 4);
	if (x.err || xin_left(&x) != 0)
		return -1;
	return 0;
}

enum rpc_decode
rpc_decode_call(const uint8_t *buf, size_t len, struct rpc_call *c)
{
	struct xdr_in x;
	const uint8_t *cred;
	uint32_t credlen, verflen, rpcvers;

	memset(c, 0, sizeof(*c));
	xin_init(&x, buf, len);
	c->xid = xin_u32(&x);
	if (xin_u32(&x) != RPC_MSG_CALL || x.err)
		return RPC_DEC_DROP;
	rpcvers = xin_u32(&x);
	if (x.err)
		return RPC_DEC_DROP;
	if (rpcvers != RPC_VERSION)
		return RPC_DEC_RPC_MISMATCH;
	c->prog = xin_u32(&x);
	c->vers = xin_u32(&x);
	c->proc = xin_u32(&x);
	c->cred_flavor = xin_u32(&x);
	credlen = xin_u32(&x);
	if (x.err)
		return RPC_DEC_DROP;
	if (credlen > RB_AUTH_MAX)
		return RPC_DEC_BADCRED;
	cred = xin_fixed(&x, credlen);
	(void)xin_u32(&x);			/* verifier flavour */
	verflen = xin_u32(&x);
	if (x.err)
		return RPC_DEC_DROP;
	if (verflen > RB_AUTH_MAX)
		return RPC_DEC_BADCRED;
	(void)xin_fixed(&x, verflen);
	if (x.err)
		return RPC_DEC_DROP;

	switch (c->cred_flavor) {
	case AUTH_NONE:
		break;
	case AUTH_SYS:
		if (check_auth_sys(cred, credlen) == -1)
			return RPC_DEC_BADCRED;
		break;
	default:
		return RPC_DEC_REJECTEDCRED;
	}
	c->args = x;
	return RPC_DEC_OK;
}

static void
reply_head(struct xdr_out *o, uint32_t xid, uint32_t reply_stat)
{
	xout_u32(o, xid);
	xout_u32(o, RPC_MSG_REPLY);
	xout_u32(o, reply_stat);
}

void
rpc_reply_accepted(struct xdr_out *o, uint32_t xid, uint32_t stat)
{
	reply_head(o, xid, MSG_ACCEPTED);
	xout_u32(o, AUTH_NONE);		/* verifier */
	xout_u32(o, 0);
	xout_u32(o, stat);
}

void
rpc_reply_success(struct xdr_out *o, uint32_t xid)
{
	rpc_reply_accepted(o, xid, RPC_SUCCESS);
}

void
rpc_reply_prog_mismatch(struct xdr_out *o, uint32_t xid, uint32_t lo,
    uint32_t hi)
{
	rpc_reply_accepted(o, xid, RPC_PROG_MISMATCH);
	xout_u32(o, lo);
	xout_u32(o, hi);
}

/* A rejected call: the reply head and why, then the reason's details. */
static void
denied(struct xdr_out *o, uint32_t xid, uint32_t reject_stat)
{
	reply_head(o, xid, MSG_DENIED);
	xout_u32(o, reject_stat);
}

void
rpc_reply_rpc_mismatch(struct xdr_out *o, uint32_t xid)
{
	denied(o, xid, REJ_RPC_MISMATCH);
	xout_u32(o, RPC_VERSION);	/* the versions supported: 2 to 2 */
	xout_u32(o, RPC_VERSION);
}

void
rpc_reply_auth_error(struct xdr_out *o, uint32_t xid, uint32_t why)
{
	denied(o, xid, REJ_AUTH_ERROR);
	xout_u32(o, why);
}

void
rpc_encode_call(struct xdr_out *o, uint32_t xid, uint32_t prog, uint32_t vers,
    uint32_t proc)
{
	xout_u32(o, xid);
	xout_u32(o, RPC_MSG_CALL);
	xout_u32(o, RPC_VERSION);
	xout_u32(o, prog);
	xout_u32(o, vers);
	xout_u32(o, proc);
	xout_u32(o, AUTH_NONE);
	xout_u32(o, 0);
	xout_u32(o, AUTH_NONE);
	xout_u32(o, 0);
}

int
rpc_decode_reply(struct xdr_in *x, uint32_t *xid)
{
	uint32_t verflen, stat;

	*xid = xin_u32(x);
	if (xin_u32(x) != RPC_MSG_REPLY || xin_u32(x) != MSG_ACCEPTED)
		return -1;
	(void)xin_u32(x);
	verflen = xin_u32(x);
	if (x->err || verflen > RB_AUTH_MAX)
		return -1;
	(void)xin_fixed(x, verflen);
	stat = xin_u32(x);
	if (x->err)
		return -1;
	return (int)stat;
}

void
rpc_decode_rpcb(struct xdr_in *x, struct rpcb *r)
{
	r->prog = xin_u32(x);
	r->vers = xin_u32(x);
	xin_string(x, r->netid, sizeof(r->netid));
	xin_string(x, r->uaddr, sizeof(r->uaddr));
	xin_string(x, r->owner, sizeof(r->owner));
}
