/*
 * rpc.h — ONC RPC message layer (RFC 5531): call header decode and reply
 * header encode. Pure functions over caller-owned buffers.
 */
#ifndef RPCBINDD_RPC_H
#define RPCBINDD_RPC_H

#include <stdint.h>

#include "bounds.h"
#include "xdr.h"

#define RPC_MSG_CALL		0
#define RPC_MSG_REPLY		1
#define RPC_VERSION		2

/* accept_stat */
#define RPC_SUCCESS		0
#define RPC_PROG_UNAVAIL	1
#define RPC_PROG_MISMATCH	2
#define RPC_PROC_UNAVAIL	3
#define RPC_GARBAGE_ARGS	4
#define RPC_SYSTEM_ERR		5

/* auth flavours and auth_stat */
#define AUTH_NONE		0
#define AUTH_SYS		1
#define AUTH_SHORT		2
#define AUTH_E_BADCRED		1
#define AUTH_E_REJECTEDCRED	2
#define AUTH_E_TOOWEAK		5

struct rpc_call {
	uint32_t	xid;
	uint32_t	prog;
	uint32_t	vers;
	uint32_t	proc;
	uint32_t	cred_flavor;
	struct xdr_in	args;		/* the arguments, exactly the bytes left */
};

enum rpc_decode {
	RPC_DEC_OK,		/* a well-formed call; args ready */
	RPC_DEC_DROP,		/* not a call, or too short to answer */
	RPC_DEC_RPC_MISMATCH,	/* answer MSG_DENIED / RPC_MISMATCH */
	RPC_DEC_BADCRED,	/* answer AUTH_ERROR / AUTH_BADCRED */
	RPC_DEC_REJECTEDCRED,	/* answer AUTH_ERROR / AUTH_REJECTEDCRED */
};

enum rpc_decode	rpc_decode_call(const uint8_t *, size_t, struct rpc_call *);

/* The rpcb structure of RFC 1833: a registration as it travels (SET,
 * UNSET and GETADDR arguments, an entry of rpcbind's saved table). */
struct rpcb {
	uint32_t	prog, vers;
	char		netid[RB_NETID_MAX + 1];
	char		uaddr[RB_UADDR_MAX + 1];
	char		owner[RB_OWNER_MAX + 1];
};

/* Reads one, each string bounded by its field (x latches an error). */
void	rpc_decode_rpcb(struct xdr_in *, struct rpcb *);

/* Reply headers. rpc_reply_success leaves the cursor where results go. */
void	rpc_reply_success(struct xdr_out *, uint32_t xid);
void	rpc_reply_accepted(struct xdr_out *, uint32_t xid, uint32_t stat);
void	rpc_reply_prog_mismatch(struct xdr_out *, uint32_t xid, uint32_t lo,
	    uint32_t hi);
void	rpc_reply_rpc_mismatch(struct xdr_out *, uint32_t xid);
void	rpc_reply_auth_error(struct xdr_out *, uint32_t xid, uint32_t why);

/* A call header for a forwarded call (AUTH_NONE or the caller's AUTH_SYS
 * is not ours to reuse: forwarded calls go out with AUTH_NONE). */
void	rpc_encode_call(struct xdr_out *, uint32_t xid, uint32_t prog,
	    uint32_t vers, uint32_t proc);

/* Decodes a reply header; on RPC_SUCCESS `x` is left at the results. Returns
 * the accept_stat, or -1 for a denied or malformed reply. */
int	rpc_decode_reply(struct xdr_in *x, uint32_t *xid);

#endif
