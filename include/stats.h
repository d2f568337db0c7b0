/*
 * stats.h — the counters GETSTAT returns (rpcb_stat_byvers, RFC 1833 §2.2.1
 * and rpcb_prot.x), kept in fixed-size tables so no stream of lookups can
 * grow them (rpcbind's lists grow without bound); and the counters of what
 * the loop dropped or refused, which only the log reports.
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

/* What the loop dropped or refused (stats_clear leaves them). */
enum stats_drop {
	STATS_RATELIMITED,	/* a reply over the rate limit */
	STATS_SPOOFED,		/* a loopback source off lo */
	STATS_CAPPED,		/* a TCP source at its cap */
	STATS_NDROP
};

void	stats_drop(enum stats_drop);
/*
 * Logs these with the procedures' own (refused, oversize, garbage): the
 * totals since start (summary false: SIGUSR1), or once every RB_SUMMARY_MS
 * what changed since the last summary, when anything did (summary true).
 */
void	stats_report(bool summary, uint64_t now_ms, uint64_t refused,
	    uint64_t oversize, uint64_t garbage);

#endif
