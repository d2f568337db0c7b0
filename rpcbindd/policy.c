/*
 * policy.c — the access rules, as data.
 *
 * SET and UNSET come only from local origins: the local socket (any uid;
 * the owner is that uid), or the loopback interface from a reserved source
 * port (only root can bind one; rpcbind has the same rule). Calls that
 * return more than they take (DUMP, GETADDRLIST, GETSTAT) and the remote
 * calls (CALLIT, BCAST, INDIRECT, which would let an outsider speak to a
 * service as if from this host, CVE-1999-0168) are for local origins too.
 * Lookups are open to anyone who can reach a listening address.
 */
#include <stdio.h>

#include "policy.h"
#include "registry.h"

#define R_OPEN		0
#define R_LOCAL		0x1	/* local origins only */
#define R_REGISTER	0x2	/* local, and a reserved port over IP */

/* Indexed by procedure number; versions 2, 3 and 4. */
static const uint8_t rules[3][RPCB4_HIGHPROC + 1] = {
	/* PMAP v2: NULL SET UNSET GETPORT DUMP CALLIT */
	{ R_OPEN, R_REGISTER, R_REGISTER, R_OPEN, R_LOCAL, R_LOCAL },
	/* RPCBIND v3: NULL SET UNSET GETADDR DUMP CALLIT GETTIME U2T T2U */
	{ R_OPEN, R_REGISTER, R_REGISTER, R_OPEN, R_LOCAL, R_LOCAL, R_OPEN,
	  R_OPEN, R_OPEN },
	/* RPCBIND v4: ... BCAST GETTIME U2T T2U GETVERSADDR INDIRECT
	 * GETADDRLIST GETSTAT */
	{ R_OPEN, R_REGISTER, R_REGISTER, R_OPEN, R_LOCAL, R_LOCAL, R_OPEN,
	  R_OPEN, R_OPEN, R_OPEN, R_LOCAL, R_LOCAL, R_LOCAL },
};

enum pol_verdict
pol_check(const struct origin *o, uint32_t vers, uint32_t proc)
{
	uint8_t r;

	if (vers < 2 || vers > 4 || proc > RPCB4_HIGHPROC)
		return POL_ALLOW;	/* answered with an RPC error */
	r = rules[vers - 2][proc];
	if ((r & (R_LOCAL | R_REGISTER)) && !o->local)
		return POL_REFUSE;
	if ((r & R_REGISTER) && o->tr != TR_LOCAL && !o->privport)
		return POL_REFUSE;
	return POL_ALLOW;
}

bool
pol_refusal_silent(const struct origin *o)
{
	return o->tr == TR_UDP && !o->local;
}

const char *
pol_owner(const struct origin *o, char *buf, size_t size)
{
	if (!o->has_uid)
		return REG_UNKNOWN;
	if (o->uid == 0)
		return REG_SUPERUSER;
	snprintf(buf, size, "%u", o->uid);
	return buf;
}
