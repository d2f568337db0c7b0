/*
 * tests/common/probe.h — helpers shared by the hand-built wire probes
 * (tests/proto/rpcprobe, tests/bounds/bndprobe, tests/exposure/expprobe,
 * tests/abuse/abprobe): "ok - / not ok - / # " output and its numbered TAP
 * form, monotonic clocks, a bounded sleep, big-endian reads, bounded stream
 * send and receive, one message (a datagram or a marked record) with a
 * deadline, and the decoding of an RPC reply header.
 *
 * A program that defines WB_MAX before including this header also gets the
 * error-latching big-endian writer (struct wb of WB_MAX bytes, w_raw, w_u32,
 * w_opaque, w_str, w_fill), the call header (w_call, w_close) and the
 * portmapper's two argument shapes (w_pmap, w_rpcb), as static functions
 * sized for it.
 *
 * No libtirpc here: the probes must be able to send what no library would.
 */
#ifndef TESTS_COMMON_PROBE_H
#define TESTS_COMMON_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "be.h"
#include "tapline.h"
#include "wire.h"

/* ------------------------------------------------------------- output */

/* Assertions out() and tap() have printed as "not ok". */
extern unsigned n_fail;
/* Numbered lines tap() and tap_skip() have printed (the plan). */
extern unsigned tap_n;

/* "ok - TEXT" or "not ok - TEXT" (counted in n_fail), flushed. */
void out(bool good, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "ok N - TEXT" or "not ok N - TEXT", flushed; returns good. */
bool tap(bool good, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "ok N - TEXT # SKIP WHY", flushed. */
void tap_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* diag(): "# TEXT", flushed (tapline.h). */
/* "PROGRAM: TEXT" on stderr, then exit status 2 (a usage or setup error). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* true when s is a whole number (strtoul() in base, 0: C's prefixes) of
 * at most max, then in *v. */
bool probe_num(const char *s, int base, unsigned long max, unsigned long *v);

/* --------------------------------------------------------------- time */

int64_t now_ms(void);
int64_t now_us(void);
/* Sleeps ms milliseconds, resuming after at most 100 interruptions. */
void sleep_ms(unsigned ms);

/* ---------------------------------------------------- big-endian data */

/* A reader that latches its first error. */
struct rb {
	const uint8_t *p;
	size_t n, off;
	bool err;
};

uint32_t r_u32(struct rb *r);
/* opaque<max>: copies at most max bytes to out, returns the length */
size_t r_opaque(struct rb *r, uint8_t *out, size_t max);
/* string<max-1> into a NUL-terminated buffer of max bytes ("" on error);
 * a NUL inside the string is an error */
void r_str(struct rb *r, char *out, size_t max);
/* Everything read, nothing left over, no error. */
bool r_end(const struct rb *r);

/* ------------------------------------------------------------ streams */

/* fd, connected to sa; -1 (fd closed, a "# connect: ..." line) when it
 * could not be. */
int probe_connect(int fd, const struct sockaddr *sa, socklen_t len);
/* 0 when every byte went out (at most 10000 send() calls), else -1. */
int probe_send_all(int fd, const uint8_t *p, size_t n);
/* Exactly n bytes with recv() before the deadline (now_ms() clock): 1 when
 * they came, 0 at the deadline, -1 on EOF or error. */
int probe_read_full(int fd, uint8_t *p, size_t n, int64_t deadline);

/* What probe_recv_msg() and probe_recv_xid() return instead of a length. */
#define PROBE_NONE	(-1)	/* the deadline passed in silence */
#define PROBE_CLOSED	(-2)	/* EOF or reset; on a datagram socket an error */
#define PROBE_REFUSED	(-3)	/* a datagram socket's ICMP port unreachable */
#define PROBE_TOOBIG	(-4)	/* a record over max bytes or PROBE_MAX_FRAGS */

/* Record-marking fragments a probe reads for one reply. */
#define PROBE_MAX_FRAGS	64

/* One message into buf before the deadline: a datagram, or on a stream a
 * whole record (its fragments joined). Its length, or PROBE_*. */
long probe_recv_msg(int fd, bool stream, uint8_t *buf, size_t max, int64_t deadline);
/* The same, skipping up to 63 messages that are shorter than an xid or
 * carry another one (stale replies). */
long probe_recv_xid(int fd, bool stream, uint32_t xid, uint8_t *buf, size_t max,
    int64_t deadline);

/* ---------------------------------------------------------- RPC reply */

/* The reply header, field by field; UINT32_MAX where the reply has none. */
struct rpc_reply {
	int got;		/* the probe's own outcome code */
	size_t len;		/* bytes of the whole reply */
	uint32_t xid, rstat, astat, rjstat, lo, hi, authstat;
	struct rb res;		/* what follows an accept_stat */
};

/* Decodes p[0..n) into rp (got and len untouched): true when it is a
 * REPLY whose header decodes, with a verifier of at most MAX_AUTH_BYTES and,
 * unless accepted SUCCESS, nothing after the header. */
bool rpc_reply_parse(const uint8_t *p, size_t n, struct rpc_reply *rp);

/* ----------------------------------------------------------- RPC call */

/* The last xid w_call() used: each probe seeds it in main. */
extern uint32_t probe_xid;

/* A call header's variable parts: msg_type, RPC version, credential and
 * verifier. */
struct call_hdr {
	uint32_t mtype, rpcvers;
	uint32_t cflavor, vflavor;
	const uint8_t *cbody, *vbody;
	size_t clen, vlen;
};

/* CALL, RPC version 2, AUTH_NONE credential and verifier. */
extern const struct call_hdr call_none;

/* ------------------------------------------ big-endian writer (WB_MAX) */

#ifdef WB_MAX
struct wb {
	uint8_t b[WB_MAX];
	size_t n;
	bool err;
};

static inline void
wb_init(struct wb *w)
{
	w->n = 0;
	w->err = false;
}

static inline void
w_raw(struct wb *w, const void *p, size_t len)
{
	if (len == 0 || w->err)
		return;
	if (len > WB_MAX - w->n) {
		w->err = true;
		return;
	}
	memcpy(w->b + w->n, p, len);
	w->n += len;
}

static inline void
w_u32(struct wb *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	w_raw(w, b, 4);
}

/* opaque<> / string<>: length, bytes, zero padding to 4 */
static inline void
w_opaque(struct wb *w, const void *p, size_t len)
{
	static const uint8_t zero[4];

	w_u32(w, (uint32_t)len);
	w_raw(w, p, len);
	w_raw(w, zero, (4 - len % 4) % 4);
}

static inline void
w_str(struct wb *w, const char *s)
{
	w_opaque(w, s, strlen(s));
}

static inline void
w_fill(struct wb *w, uint8_t byte, size_t len)
{
	for (size_t i = 0; i < len && !w->err; i++)
		w_raw(w, &byte, 1);
}

/* Starts w afresh with a call header (h NULL: call_none) and returns its
 * xid, the next after probe_xid. With `mark`, a record mark comes first,
 * to be filled in by w_close() once the message is complete. */
static inline uint32_t
w_call(struct wb *w, bool mark, const struct call_hdr *h, uint32_t prog, uint32_t vers,
    uint32_t proc)
{
	uint32_t xid = ++probe_xid;

	if (h == NULL)
		h = &call_none;
	wb_init(w);
	if (mark)
		w_u32(w, 0);
	w_u32(w, xid);
	w_u32(w, h->mtype);
	w_u32(w, h->rpcvers);
	w_u32(w, prog);
	w_u32(w, vers);
	w_u32(w, proc);
	w_u32(w, h->cflavor);
	w_opaque(w, h->cbody, h->clen);
	w_u32(w, h->vflavor);
	w_opaque(w, h->vbody, h->vlen);
	return xid;
}

/* The same up to the procedure: the caller writes a credential and a
 * verifier of its own. */
static inline uint32_t
w_call_head(struct wb *w, bool mark, uint32_t prog, uint32_t vers, uint32_t proc)
{
	uint32_t xid = w_call(w, mark, NULL, prog, vers, proc);

	w->n -= 16;	/* call_none's credential and verifier: 4 words */
	return xid;
}

/* With `mark`: the message w holds is one record, a single last fragment. */
static inline void
w_close(struct wb *w, bool mark)
{
	if (mark && w->n >= 4)
		put_be32(w->b, 0x80000000u | (uint32_t)(w->n - 4));
}

/* PMAP v2 arguments: struct pmap */
static inline void
w_pmap(struct wb *w, uint32_t prog, uint32_t vers, uint32_t prot, uint32_t port)
{
	w_u32(w, prog);
	w_u32(w, vers);
	w_u32(w, prot);
	w_u32(w, port);
}

/* RPCBIND v3/v4 arguments: struct rpcb */
static inline void
w_rpcb(struct wb *w, uint32_t prog, uint32_t vers, const char *netid, const char *addr,
    const char *owner)
{
	w_u32(w, prog);
	w_u32(w, vers);
	w_str(w, netid);
	w_str(w, addr);
	w_str(w, owner);
}
#endif /* WB_MAX */

#endif
