/*
 * test_stats.c — the GETSTAT counters (rpcbindd/stats.c): they saturate at
 * INT32_MAX, the largest value their XDR int can carry, instead of
 * overflowing (undefined behaviour; the sanitizer build aborts on it), and
 * GETSTAT still encodes every one of them after that.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "stats.h"
#include "tap.h"

/* Decoded GETSTAT: for each version, info[], setinfo, unsetinfo and the
 * first address and remote-call rows. */
struct dec {
	uint32_t	info[STAT_NVERS][STAT_NPROC];
	uint32_t	set[STAT_NVERS], unset[STAT_NVERS];
	uint32_t	addr_ok[STAT_NVERS], addr_fail[STAT_NVERS];
	uint32_t	rmt_ok[STAT_NVERS], rmt_fail[STAT_NVERS];
	uint32_t	rmt_ind[STAT_NVERS];
	bool		err;
};

static void
decode(struct dec *d)
{
	static uint8_t buf[16384];
	char netid[64];
	struct xdr_out o;
	struct xdr_in x;
	unsigned i, sv, row;

	memset(d, 0, sizeof(*d));
	xout_init(&o, buf, sizeof(buf));
	stats_encode(&o);
	if (o.err) {
		d->err = true;
		return;
	}
	xin_init(&x, buf, xout_len(&o));
	for (sv = 0; sv < STAT_NVERS; sv++) {
		for (i = 0; i < STAT_NPROC; i++)
			d->info[sv][i] = xin_u32(&x);
		d->set[sv] = xin_u32(&x);
		d->unset[sv] = xin_u32(&x);
		for (row = 0; xin_u32(&x) == 1 && !x.err; row++) {
			(void)xin_u32(&x);	/* prog */
			(void)xin_u32(&x);	/* vers */
			if (row == 0) {
				d->addr_ok[sv] = xin_u32(&x);
				d->addr_fail[sv] = xin_u32(&x);
			} else {
				(void)xin_u32(&x);
				(void)xin_u32(&x);
			}
			xin_string(&x, netid, sizeof(netid));
		}
		for (row = 0; xin_u32(&x) == 1 && !x.err; row++) {
			(void)xin_u32(&x);	/* prog */
			(void)xin_u32(&x);	/* vers */
			(void)xin_u32(&x);	/* proc */
			if (row == 0) {
				d->rmt_ok[sv] = xin_u32(&x);
				d->rmt_fail[sv] = xin_u32(&x);
				d->rmt_ind[sv] = xin_u32(&x);
			} else {
				(void)xin_u32(&x);
				(void)xin_u32(&x);
				(void)xin_u32(&x);
			}
			xin_string(&x, netid, sizeof(netid));
		}
	}
	d->err = x.err || xin_left(&x) != 0;
}

/* Every counter of one version bumped once. */
static void
bump_all(int sv)
{
	uint32_t p;

	for (p = 0; p < STAT_NPROC; p++)
		stats_proc(sv, p);
	stats_set(sv, true);
	stats_unset(sv, true);
	stats_getaddr(sv, 100003, 3, "tcp", true);
	stats_getaddr(sv, 100003, 3, "tcp", false);
	stats_rmtcall(sv, 100005, 3, 1, "udp", true, true);
	stats_rmtcall(sv, 100005, 3, 1, "udp", false, false);
}

int
main(void)
{
	struct dec d;
	bool all;
	int sv, k;
	unsigned i;

	stats_clear();
	for (sv = 0; sv < STAT_NVERS; sv++)
		bump_all(sv);
	decode(&d);
	ok(!d.err, "GETSTAT encodes and decodes to its end");
	ok(d.info[0][3] == 1 && d.set[1] == 1 && d.unset[2] == 1 &&
	    d.addr_ok[0] == 1 && d.addr_fail[0] == 1 && d.rmt_ok[2] == 1 &&
	    d.rmt_fail[2] == 1 && d.rmt_ind[2] == 1, "each counter at 1");

	/* Two short of the top, then four more: the last two saturate. */
	stats_test_preset(INT32_MAX - 2);
	for (k = 0; k < 4; k++)
		for (sv = 0; sv < STAT_NVERS; sv++)
			bump_all(sv);
	decode(&d);
	ok(!d.err, "GETSTAT still encodes with every counter past 2^31 - 1 "
	    "calls");
	all = true;
	for (sv = 0; sv < STAT_NVERS; sv++) {
		for (i = 0; i < STAT_NPROC; i++)
			all &= d.info[sv][i] == INT32_MAX;
		all &= d.set[sv] == INT32_MAX && d.unset[sv] == INT32_MAX;
		all &= d.addr_ok[sv] == INT32_MAX &&
		    d.addr_fail[sv] == INT32_MAX;
		/* The failed remote call is not indirect: 2 bumps of 4. */
		all &= d.rmt_ok[sv] == INT32_MAX && d.rmt_fail[sv] == INT32_MAX &&
		    d.rmt_ind[sv] == INT32_MAX;
	}
	ok(all, "every counter stops at INT32_MAX (%d), none wraps negative",
	    INT32_MAX);
	is_int(d.info[1][4], INT32_MAX, "e.g. v3 GETADDR count");
	is_int(d.addr_ok[0], INT32_MAX, "e.g. v2 GETPORT row successes");

	/* Exactly at the top: one more is still the top. */
	stats_test_preset(INT32_MAX);
	stats_proc(STAT_V4, 3);
	stats_set(STAT_V4, true);
	decode(&d);
	ok(d.info[2][3] == INT32_MAX && d.set[2] == INT32_MAX,
	    "one more at INT32_MAX stays INT32_MAX");
	stats_clear();
	decode(&d);
	ok(!d.err && d.info[2][3] == 0, "stats_clear starts again at 0");
	return done_testing();
}
