/*
 * stats.c — GETSTAT counters in fixed tables of RB_STAT_ROWS rows per
 * version. Once a table is full, lookups of new (prog, vers, netid) keys are
 * still counted in the per-procedure totals but get no row of their own.
 * Counters go on the wire as XDR int: they stop at INT32_MAX rather than
 * overflow (which is undefined for a signed counter, and would report a
 * busy daemon's calls as negative).
 *
 * The loop's drops are counted here too, for the log alone: since start on
 * SIGUSR1, and a summary a minute when any moved.
 */
#include <stdint.h>
#include <string.h>

#include "bounds.h"
#include "log.h"
#include "stats.h"

/* A row of the address lookups' table (proc and indirect unused) or of
 * the remote calls' table. */
struct stat_row {
	uint32_t	prog, vers, proc;
	int32_t		success, failure, indirect;
	char		netid[RB_NETID_MAX + 1];
};

struct vers_stats {
	int32_t		info[STAT_NPROC];
	int32_t		setinfo;
	int32_t		unsetinfo;
	struct stat_row	addr[RB_STAT_ROWS];
	unsigned	naddr;
	struct stat_row	rmt[RB_STAT_ROWS];
	unsigned	nrmt;
};

static struct vers_stats st[STAT_NVERS];
static uint64_t		drops[STATS_NDROP];

static void
bump(int32_t *c)
{
	if (*c < INT32_MAX)
		(*c)++;
}

void
stats_clear(void)
{
	memset(st, 0, sizeof(st));
}

void
stats_proc(int sv, uint32_t proc)
{
	if (proc < STAT_NPROC)
		bump(&st[sv].info[proc]);
}

void
stats_set(int sv, bool ok)
{
	if (ok)
		bump(&st[sv].setinfo);
}

void
stats_unset(int sv, bool ok)
{
	if (ok)
		bump(&st[sv].unsetinfo);
}

/* The row of (prog, vers, proc, netid) in rows[0..*n), added when there is
 * room; NULL when the table is full (the call is still in the totals).
 * Inlined: it is on every GETADDR's path, and a call costs more than its
 * body does for a short table. */
static inline __attribute__((always_inline)) struct stat_row *
row_for(struct stat_row *rows, unsigned *n, uint32_t prog, uint32_t vers,
    uint32_t proc, const char *netid)
{
	struct stat_row *r;
	unsigned i;

	for (i = 0; i < *n; i++) {
		r = &rows[i];
		if (r->prog == prog && r->vers == vers && r->proc == proc &&
		    strcmp(r->netid, netid) == 0)
			return r;
	}
	if (*n == RB_STAT_ROWS || strlen(netid) > RB_NETID_MAX)
		return NULL;
	r = &rows[(*n)++];
	r->prog = prog;
	r->vers = vers;
	r->proc = proc;
	strcpy(r->netid, netid);
	return r;
}

void
stats_getaddr(int sv, uint32_t prog, uint32_t vers, const char *netid, bool ok)
{
	struct vers_stats *v = &st[sv];
	struct stat_row *r;

	if ((r = row_for(v->addr, &v->naddr, prog, vers, 0, netid)) != NULL)
		bump(ok ? &r->success : &r->failure);
}

void
stats_rmtcall(int sv, uint32_t prog, uint32_t vers, uint32_t proc,
    const char *netid, bool ok, bool indirect)
{
	struct vers_stats *v = &st[sv];
	struct stat_row *r;

	if ((r = row_for(v->rmt, &v->nrmt, prog, vers, proc, netid)) == NULL)
		return;
	bump(ok ? &r->success : &r->failure);
	if (indirect)
		bump(&r->indirect);
}

void
stats_test_preset(int32_t v)
{
	unsigned i;
	int sv;

	for (sv = 0; sv < STAT_NVERS; sv++) {
		for (i = 0; i < STAT_NPROC; i++)
			st[sv].info[i] = v;
		st[sv].setinfo = st[sv].unsetinfo = v;
		for (i = 0; i < st[sv].naddr; i++)
			st[sv].addr[i].success = st[sv].addr[i].failure = v;
		for (i = 0; i < st[sv].nrmt; i++)
			st[sv].rmt[i].success = st[sv].rmt[i].failure =
			    st[sv].rmt[i].indirect = v;
	}
}

void
stats_encode(struct xdr_out *o)
{
	const struct vers_stats *v;
	unsigned i;
	int sv;

	for (sv = 0; sv < STAT_NVERS; sv++) {
		v = &st[sv];
		for (i = 0; i < STAT_NPROC; i++)
			xout_u32(o, (uint32_t)v->info[i]);
		xout_u32(o, (uint32_t)v->setinfo);
		xout_u32(o, (uint32_t)v->unsetinfo);
		/* Linked lists on the wire: "1, element" per entry, then 0. */
		for (i = 0; i < v->naddr; i++) {
			xout_u32(o, 1);
			xout_u32(o, v->addr[i].prog);
			xout_u32(o, v->addr[i].vers);
			xout_u32(o, (uint32_t)v->addr[i].success);
			xout_u32(o, (uint32_t)v->addr[i].failure);
			xout_string(o, v->addr[i].netid);
		}
		xout_u32(o, 0);
		for (i = 0; i < v->nrmt; i++) {
			xout_u32(o, 1);
			xout_u32(o, v->rmt[i].prog);
			xout_u32(o, v->rmt[i].vers);
			xout_u32(o, v->rmt[i].proc);
			xout_u32(o, (uint32_t)v->rmt[i].success);
			xout_u32(o, (uint32_t)v->rmt[i].failure);
			xout_u32(o, (uint32_t)v->rmt[i].indirect);
			xout_string(o, v->rmt[i].netid);
		}
		xout_u32(o, 0);
	}
}

void
stats_drop(enum stats_drop d)
{
	drops[d]++;
}

void
stats_report(bool summary, uint64_t now_ms, uint64_t refused,
    uint64_t oversize, uint64_t garbage)
{
	static uint64_t prev[6];
	static uint64_t last_summary;
	uint64_t cur[6] = { refused, oversize, drops[STATS_RATELIMITED],
	    drops[STATS_SPOOFED], garbage, drops[STATS_CAPPED] };

	if (!summary) {
		log_info("counters: refused %llu, oversize %llu, ratelimited "
		    "%llu, spoofed %llu, garbage %llu, capped %llu",
		    (unsigned long long)cur[0], (unsigned long long)cur[1],
		    (unsigned long long)cur[2], (unsigned long long)cur[3],
		    (unsigned long long)cur[4], (unsigned long long)cur[5]);
		return;
	}
	if (now_ms - last_summary < RB_SUMMARY_MS)
		return;
	last_summary = now_ms;
	if (memcmp(cur, prev, sizeof(cur)) != 0)
		log_info("in the last minute: refused %llu, oversize %llu, "
		    "ratelimited %llu, spoofed %llu, garbage %llu, capped %llu",
		    (unsigned long long)(cur[0] - prev[0]),
		    (unsigned long long)(cur[1] - prev[1]),
		    (unsigned long long)(cur[2] - prev[2]),
		    (unsigned long long)(cur[3] - prev[3]),
		    (unsigned long long)(cur[4] - prev[4]),
		    (unsigned long long)(cur[5] - prev[5]));
	memcpy(prev, cur, sizeof(cur));
}
