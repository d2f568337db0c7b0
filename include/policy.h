/*
 * policy.h — who may call what: one table, (version, procedure) → rule,
 * checked before any argument is decoded.
 */
#ifndef RPCBINDD_POLICY_H
#define RPCBINDD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "net.h"
#include "origin.h"

enum pol_verdict {
	POL_ALLOW,
	POL_REFUSE,		/* refused: see pol_refusal_silent() */
};

struct pol_opts {
	const struct netlist	*allow_dump;	/* may DUMP over TCP */
	const struct netlist	*allow_lookups;	/* NULL: everyone */
	bool			 insecure;	/* -i: any loopback port */
};

void	pol_configure(const struct pol_opts *);
enum pol_verdict pol_check(const struct origin *, uint32_t vers,
		    uint32_t proc);
/* Whether a refusal from this origin should be logged now: at most once a
 * minute per source address (a fixed table of recent sources). */
bool	pol_log_due(const struct origin *, time_t now);
/* A refusal over UDP to a non-local source is silent (nothing to reflect);
 * everything else gets an RPC-level refusal. */
bool	pol_refusal_silent(const struct origin *);
/* The owner string a SET/UNSET from this origin acts as. */
const char *pol_owner(const struct origin *, char *buf, size_t size);

#endif
