/*
 * stats.h — the counters GETSTAT returns (rpcb_stat_byvers, RFC 1833 §2.2.1
 * and rpcb_prot.x), kept in fixed-size tables so no stream of lookups can
 * grow them (rpcbind's lists grow without bound).
 */
#ifndef RPCBINDD_STATS_H
#define RPCBINDD_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "xdr.h"

#define STAT_V2		0	/* PMAPVERS_STAT */
#define STAT_V3		1
#define STAT_V4		2
#define STAT_NVERS	3
#define STAT_NPROC	13	/* RPCBSTAT_HIGHPROC */

void	stats_clear(void);
void	stats_proc(int sv, uint32_t proc);
void	stats_set(int sv, bool ok);
void	stats_unset(int sv, bool ok);
void	stats_getaddr(int sv, uint32_t prog, uint32_t vers, const char *netid,
	    bool ok);
void	stats_rmtcall(int sv, uint32_t prog, uint32_t vers, uint32_t proc,
	    const char *netid, bool ok, bool indirect);
/* For the unit tests: every counter, rows in use included, set to v (so a
 * test reaches INT32_MAX without 2^31 calls). */
void	stats_test_preset(int32_t v);
/* Encodes rpcb_stat_byvers. */
void	stats_encode(struct xdr_out *);

#endif
