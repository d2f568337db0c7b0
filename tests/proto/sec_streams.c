/*
 * tests/proto/sec_streams.c — rpcprobe's sections on streams: record
 * marking (tcp), peers that vanish mid-call (resets), and a burst of
 * datagrams read in batches (burst).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rpcprobe.h"

/* A v2 GETPORT of the portmapper itself, without a record mark. */
static uint32_t
build_getport(struct wb *w, uint32_t prot)
{
	uint32_t xid = w_call(w, false, NULL, PMAP_PROG, 2, PMAPPROC_GETPORT);

	w_pmap(w, PMAP_PROG, 2, prot, 0);
	return xid;
}

static bool
reply_port_ok(struct reply *rp, uint32_t want)
{
	if (!matches(rp, EX(X_SUCCESS)))
		return false;
	return r_u32(&rp->m.res) == want && r_end(&rp->m.res);
}

static void
absurd_record(enum tr tr, uint32_t mark, const char *desc)
{
	struct conn c;
	struct reply rp;
	uint8_t buf[1004];

	memset(buf, 0, sizeof buf);
	put_be32(buf, mark);
	rp.m.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		if (probe_send_all(c.fd, buf, sizeof buf) == 0)
			await_reply(&c, 0, &rp, T_REPLY);
		else
			rp.m.got = GOT_CLOSED;	/* reset while we were sending */
		conn_close(&c);
	}
	check(desc, &rp, EX(X_CLOSED), NOALT);
}

/*
 * RFC 5531 section 11 allows any number of fragments per record. rpcbind
 * 1.2.6 (libtirpc 1.3.3 non-blocking record reading) closes the
 * connection instead: measured here, so the reference only must not
 * answer wrongly.
 */
static void
frag_verdict(struct reply *rp, const char *desc)
{
	char b[96];
	bool right = reply_port_ok(rp, 111);

	if (REF) {
		tap(right || rp->m.got == GOT_CLOSED || rp->m.got == GOT_ERR,
		    "%s (rpcbind: or the connection is closed)", desc);
		diag("got %s", describe(rp, b, sizeof b));
	} else if (!tap(right, "%s", desc)) {
		diag("got %s", describe(rp, b, sizeof b));
	}
}

/* One record in three fragments, in one write. */
static void
tcp_three_fragments(void)
{
	static const size_t cut[4] = { 0, 10, 30, 0 };
	uint8_t rec[WB_MAX + 16];
	struct reply rp;
	struct conn c;
	struct wb w;
	uint32_t xid = build_getport(&w, IPPROTO_TCP_N);
	size_t n = 0;

	rp.m.got = GOT_ERR;
	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		for (int f = 0; f < 3; f++) {
			size_t from = cut[f], to = f == 2 ? w.n : cut[f + 1];

			put_be32(rec + n, (f == 2 ? 0x80000000u : 0) | (uint32_t)(to - from));
			memcpy(rec + n + 4, w.b + from, to - from);
			n += 4 + to - from;
		}
		if (probe_send_all(c.fd, rec, n) == 0)
			await_reply(&c, xid, &rp, T_REPLY);
		conn_close(&c);
	}
	frag_verdict(&rp, "tcp: a record in three fragments is reassembled and answered");
}

/* Two fragments in separate writes, 50 ms apart, the second mark split too. */
static void
tcp_split_writes(void)
{
	struct reply rp;
	struct conn c;
	struct wb w;
	uint32_t xid = build_getport(&w, IPPROTO_TCP_N);
	uint8_t m[4];
	size_t cut = 20;

	rp.m.got = GOT_ERR;
	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		put_be32(m, (uint32_t)cut);
		(void)(probe_send_all(c.fd, m, 4) == 0 && probe_send_all(c.fd, w.b, cut) == 0);
		sleep_ms(50);
		put_be32(m, 0x80000000u | (uint32_t)(w.n - cut));
		if (probe_send_all(c.fd, m, 2) == 0) {
			sleep_ms(50);
			if (probe_send_all(c.fd, m + 2, 2) == 0 &&
			    probe_send_all(c.fd, w.b + cut, w.n - cut) == 0)
				await_reply(&c, xid, &rp, T_REPLY);
		}
		conn_close(&c);
	}
	frag_verdict(&rp, "tcp: fragments in separate writes (record mark split too) are answered");
}

/* Two calls in one write: both answered, in any order. */
static void
tcp_two_in_one(void)
{
	uint8_t rec[2 * (WB_MAX + 4)];
	struct reply rp;
	struct conn c;
	struct wb w;
	uint32_t x[2];
	bool got[2] = { false, false };
	size_t n = 0;

	if (conn_open(&c, TR_TCP4, SRC_ANY) == 0) {
		for (int k = 0; k < 2; k++) {
			x[k] = build_getport(&w, k == 0 ? IPPROTO_TCP_N : IPPROTO_UDP_N);
			put_be32(rec + n, 0x80000000u | (uint32_t)w.n);
			memcpy(rec + n + 4, w.b, w.n);
			n += 4 + w.n;
		}
		if (probe_send_all(c.fd, rec, n) == 0) {
			for (int i = 0; i < 2; i++) {
				long len = conn_recv(&c, rp.buf, sizeof rp.buf, T_REPLY);

				if (len <= 0)
					break;
				rp.m.len = (size_t)len;
				parse_reply(&rp);
				for (int k = 0; k < 2; k++)
					if (rp.m.got == GOT_REPLY && rp.m.xid == x[k] && reply_port_ok(&rp, 111))
						got[k] = true;
			}
		}
		conn_close(&c);
	}
	tap(got[0] && got[1], "tcp: two calls in one write are both answered");
}

/* A call written one byte at a time, gap_ms apart. */
static void
bytewise(enum tr tr, unsigned gap_ms, const char *desc)
{
	uint8_t rec[WB_MAX + 4];
	struct reply rp;
	struct conn c;
	struct wb w;
	uint32_t xid = build_getport(&w, IPPROTO_TCP_N);
	size_t i;

	rp.m.got = GOT_ERR;
	if (conn_open(&c, tr, SRC_ANY) == 0) {
		put_be32(rec, 0x80000000u | (uint32_t)w.n);
		memcpy(rec + 4, w.b, w.n);
		for (i = 0; i < w.n + 4; i++) {
			if (probe_send_all(c.fd, rec + i, 1) == -1)
				break;
			sleep_ms(gap_ms);
		}
		if (i == w.n + 4)
			await_reply(&c, xid, &rp, T_REPLY);
		conn_close(&c);
	}
	if (!tap(reply_port_ok(&rp, 111), "%s", desc))
		diag("got %s", describe(&rp, (char[96]){ 0 }, 96));
}

/* 7: record marking on streams. */
void
sec_tcp(void)
{
	struct conn c;
	struct reply rp;

	tcp_three_fragments();
	tcp_split_writes();
	tcp_two_in_one();
	bytewise(TR_TCP4, 2, "tcp: a call written one byte at a time is answered");
	bytewise(TR_PATH, 1, "local: a call written one byte at a time is answered");

	/* a call, then a second on the same connection */
	rp.m.got = GOT_ERR;
	if (conn_open(&c, TR_TCP6, SRC_ANY) == 0) {
		pm(&c, 4, 0, NULL, &rp);
		if (matches(&rp, EX(X_SUCCESS)))
			pm(&c, 3, 0, NULL, &rp);
		conn_close(&c);
	}
	check("tcp ::1: two calls in sequence on one connection are answered", &rp, EX(X_SUCCESS), NOALT);

	absurd_record(TR_TCP4, 0x7fffffffu, "tcp: a fragment claiming 0x7fffffff bytes gets the connection closed");
	absurd_record(TR_TCP4, 0xffffffffu, "tcp: a last fragment claiming 0x7fffffff bytes gets the connection closed");
	absurd_record(TR_PATH, 0xffffffffu, "local: a record claiming 0x7fffffff bytes gets the connection closed");
	tap(alive(TR_TCP4), "tcp: a fresh connection is answered afterwards");
	tap(alive(TR_PATH), "local: a fresh connection is answered afterwards");
	check_alive("broken records");
}

/*
 * Peers that vanish mid-call. Over TCP: a partial record, then a reset
 * (SO_LINGER 0), so the daemon's read fails with ECONNRESET. Over the local
 * socket: a v2 DUMP, then close before its reply, so the daemon's write
 * fails with EPIPE. Each must close only that connection (t62 counts the
 * daemon's descriptors around this section).
 */
void
sec_resets(void)
{
	static const uint8_t partial[2] = { 0x80, 0 };
	struct linger lg = { 1, 0 };
	struct conn c;
	struct wb w;
	int i, reset = 0, gone = 0;

	for (i = 0; i < 10; i++) {
		open_or_bail(&c, TR_TCP4, SRC_ANY);
		if (probe_send_all(c.fd, partial, sizeof partial) == 0 &&
		    setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0)
			reset++;
		conn_close(&c);
	}
	tap(reset == 10, "10 TCP connections reset with a partial record pending (%d)", reset);
	tap(alive(TR_TCP4), "daemon still answers a v2 NULL over tcp after the resets");
	for (i = 0; i < 10; i++) {
		open_or_bail(&c, TR_PATH, SRC_ANY);
		wb_init(&w);
		w_call(&w, false, NULL, PMAP_PROG, 2, PMAPPROC_DUMP);
		if (!w.err && conn_send(&c, w.b, w.n) == 0)
			gone++;
		conn_close(&c);
	}
	tap(gone == 10, "10 local DUMPs whose caller left before the reply (%d)", gone);
	/* Replies the caller never reads until the socket is full (the
	 * daemon then waits to write), then the caller leaves: the
	 * daemon's next write fails with EPIPE. */
	open_or_bail(&c, TR_PATH, SRC_ANY);
	for (i = 0, gone = 0; i < 150; i++) {
		wb_init(&w);
		w_call(&w, false, NULL, PMAP_PROG, 4, RPCBPROC_DUMP);
		gone += !w.err && conn_send(&c, w.b, w.n) == 0;
	}
	usleep(500000);	/* time to fill the socket; no check depends on it */
	conn_close(&c);
	tap(gone == 150, "150 local v4 DUMPs sent and never read, then gone (%d)", gone);
	tap(alive(TR_PATH), "daemon still answers a v2 NULL over the local socket after them");
	check_alive("peers that vanished mid-call");
}

/*
 * A burst: BURST_N v4 DUMP calls sent at once over UDP while the daemon is
 * stopped (t64 sends SIGSTOP, waits for the "# burst sent" line, then
 * SIGCONT), so that they wait in the socket together and the daemon reads
 * them in full batches (recvmmsg of 32); with t64's 48 registrations the
 * replies of one batch outgrow half the reply arena, which is sent before
 * the batch ends. Every call must be answered, each once.
 */
#define BURST_N	40
void
sec_burst(void)
{
	static bool seen[BURST_N + 1];
	static uint8_t buf[65536];
	uint32_t first = probe_xid + 1, xid;
	struct conn c;
	struct wb w;
	int i, sent = 0, answered = 0, dup = 0;
	long n;

	open_or_bail(&c, TR_UDP4, SRC_ANY);
	/* Room for every reply at once (root may exceed rmem_max). */
	if (setsockopt(c.fd, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ 4 << 20 }, sizeof(int)) == -1)
		diag("SO_RCVBUFFORCE: %s", strerror(errno));
	for (i = 0; i < BURST_N; i++) {
		wb_init(&w);
		w_call(&w, false, NULL, PMAP_PROG, 4, RPCBPROC_DUMP);
		sent += !w.err && conn_send(&c, w.b, w.n) == 0;
	}
	printf("# burst sent\n");
	fflush(stdout);
	tap(sent == BURST_N, "%d v4 DUMP calls sent at once over udp (%d)", BURST_N, sent);
	for (i = 0; i < 4 * BURST_N && answered + dup < BURST_N; i++) {
		if ((n = conn_recv(&c, buf, sizeof buf, 5000)) < 4)
			break;
		xid = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
		    (uint32_t)buf[2] << 8 | buf[3];
		if (xid < first || xid - first >= BURST_N)
			continue;
		if (seen[xid - first])
			dup++;
		else
			answered++;
		seen[xid - first] = true;
	}
	tap(answered == BURST_N && dup == 0, "every one answered once (%d answered, %d twice)",
	    answered, dup);
	conn_close(&c);
}
