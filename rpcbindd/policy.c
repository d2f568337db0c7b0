/*
 * policy.c — the access rules, as data.
 *
 * SET and UNSET come only from local origins: the local socket (any uid;
 * the owner is that uid), or the loopback interface from a reserved source
 * port (only root can bind one; rpcbind has the same rule). Calls that
 * return more than they take (DUMP, GETADDRLIST, GETSTAT) and the remote
 * calls (CALLIT, BCAST, INDIRECT, which would let an outsider speak to a
 * service as if from this host, CVE-1999-0168) are for local origins too.
 * Lookups are open to anyone who can reach a listening address, unless
 * --allow-lookups names the networks that may; --allow-dump lets listed
 * networks DUMP over TCP, where nothing can be reflected.
 * hosts.allow/hosts.deny (hostsaccess.c) can only narrow this, and only for
 * non-local callers: a caller they refuse is refused every call.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "hostsaccess.h"
#include "policy.h"
#include "prot.h"
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

#define LOG_SOURCES	256
#define LOG_INTERVAL	60

static struct pol_opts opts;

/* Sources whose refusal was logged lately (a small fixed table: a flood
 * from many addresses recycles it, and the global limiter in log.c still
 * bounds what reaches the log). */
static struct {
	int		family;
	uint8_t		addr[16];
	time_t		last;
} logged[LOG_SOURCES];

void
pol_configure(const struct pol_opts *o)
{
	opts = *o;
}

/* A non-local caller: lookups (maybe restricted to listed networks), and
 * DUMP over TCP for the networks --allow-dump lists; nothing else. */
static enum pol_verdict
remote_verdict(const struct origin *o, uint8_t rule, uint32_t proc)
{
	if (rule == R_OPEN)
		return opts.allow_lookups == NULL ||
		    net_contains(opts.allow_lookups, &o->peer) ?
		    POL_ALLOW : POL_REFUSE;
	if (proc == P_DUMP && o->tr == TR_TCP && opts.allow_dump != NULL &&
	    net_contains(opts.allow_dump, &o->peer))
		return POL_ALLOW;
	return POL_REFUSE;
}

enum pol_verdict
pol_check(const struct origin *o, uint32_t vers, uint32_t proc)
{
	uint8_t r;

	if (vers < 2 || vers > 4 || proc > RPCB4_HIGHPROC)
		return POL_ALLOW;	/* answered with an RPC error */
	r = rules[vers - 2][proc];
	if (!o->local)
		return ha_permits(&o->peer) ? remote_verdict(o, r, proc) :
		    POL_REFUSE;
	if ((r & R_REGISTER) && o->tr != TR_LOCAL && !o->privport &&
	    !opts.insecure)
		return POL_REFUSE;
	return POL_ALLOW;
}

bool
pol_refusal_silent(const struct origin *o)
{
	return o->tr == TR_UDP && !o->local;
}

static void
addr_key(const struct origin *o, int *family, uint8_t key[16])
{
	memset(key, 0, 16);
	*family = o->peer.ss_family;
	if (o->tr == TR_LOCAL)
		*family = AF_LOCAL;
	else if (*family == AF_INET)
		memcpy(key, &((const struct sockaddr_in *)&o->peer)->sin_addr, 4);
	else if (*family == AF_INET6)
		memcpy(key, &((const struct sockaddr_in6 *)&o->peer)->sin6_addr,
		    16);
}

bool
pol_log_due(const struct origin *o, time_t now)
{
	uint8_t key[16];
	int family;
	size_t i, oldest = 0;

	addr_key(o, &family, key);
	for (i = 0; i < LOG_SOURCES; i++) {
		if (logged[i].family == family &&
		    memcmp(logged[i].addr, key, 16) == 0) {
			if (now - logged[i].last < LOG_INTERVAL)
				return false;
			logged[i].last = now;
			return true;
		}
		if (logged[i].last < logged[oldest].last)
			oldest = i;
	}
	logged[oldest].family = family;
	memcpy(logged[oldest].addr, key, 16);
	logged[oldest].last = now;
	return true;
}

const char *
pol_owner(const struct origin *o, char *buf, size_t size)
{
	if (!o->has_uid)
		return OWNER_UNKNOWN;
	if (o->uid == 0)
		return OWNER_SUPERUSER;
	snprintf(buf, size, "%u", o->uid);
	return buf;
}
