/*
 * reply.c — rpcbindd-check's reading of replies (see reply.h).
 *
 * Everything here comes from the probed host and is untrusted: replies are
 * decoded with the bounded cursors of xdr.h into fixed buffers; no length
 * read from a reply sizes anything, and a reply that does not parse is a
 * "malformed reply".
 */
#include <stdio.h>
#include <string.h>

#include "reply.h"
#include "rpc.h"
#include "xdr.h"

#define MSG_ACCEPTED	0u
#define MSG_DENIED	1u

static const char *
accept_word(uint32_t s)
{
	switch (s) {
	case RPC_SUCCESS:	return "SUCCESS";
	case RPC_PROG_UNAVAIL:	return "PROG_UNAVAIL";
	case RPC_PROG_MISMATCH:	return "PROG_MISMATCH";
	case RPC_PROC_UNAVAIL:	return "PROC_UNAVAIL";
	case RPC_GARBAGE_ARGS:	return "GARBAGE_ARGS";
	case RPC_SYSTEM_ERR:	return "SYSTEM_ERR";
	default:		return NULL;
	}
}

static const char *
auth_words(uint32_t s)
{
	switch (s) {
	case 0:		return "ok";
	case 1:		return "bad credential";
	case 2:		return "rejected credential";
	case 3:		return "bad verifier";
	case 4:		return "rejected verifier";
	case 5:		return "too weak";
	case 6:		return "invalid response";
	case 7:		return "failed";
	case 13:	return "GSS credential problem";
	case 14:	return "GSS context problem";
	default:	return NULL;
	}
}

void
check_show_string(char *out, size_t outsz, const uint8_t *s, uint32_t len)
{
	size_t o = 0;
	uint32_t i;

	for (i = 0; i < len && i < CHECK_SHOW_MAX && o + 5 < outsz; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
			out[o++] = (char)s[i];
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", s[i]);
	}
	if (i < len && o + 4 < outsz) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

struct progset {
	uint32_t	prog[CHECK_PROG_TABLE];
	unsigned	n;
	bool		more;
};

static void
progset_add(struct progset *s, uint32_t prog)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (s->prog[i] == prog)
			return;
	if (s->n < CHECK_PROG_TABLE)
		s->prog[s->n++] = prog;
	else
		s->more = true;
}

/* DUMP v2 (pmaplist) or v3/v4 (rpcblist): the mappings and the distinct
 * programs they list. */
static bool
decode_dump(enum check_kind kind, struct xdr_in *x, struct check_reply *r)
{
	struct progset set;
	unsigned long n = 0;
	uint32_t len;

	memset(&set, 0, sizeof(set));
	for (;;) {
		uint32_t more = xin_u32(x);

		if (x->err || more > 1)
			return false;
		if (more == 0)
			break;
		progset_add(&set, xin_u32(x));
		(void)xin_u32(x);		/* vers */
		if (kind == CK_DUMP2) {
			(void)xin_u32(x);	/* prot */
			(void)xin_u32(x);	/* port */
		} else {
			(void)xin_opaque(x, &len, CHECK_STR_MAX); /* netid */
			(void)xin_opaque(x, &len, CHECK_STR_MAX); /* addr */
			(void)xin_opaque(x, &len, CHECK_STR_MAX); /* owner */
		}
		if (x->err)
			return false;
		n++;
	}
	r->entries = n;
	r->programs = set.n;
	r->programs_more = set.more;
	snprintf(r->detail, sizeof(r->detail), "%lu %s of %u%s program%s",
	    n, n == 1 ? "mapping" : "mappings", set.n,
	    set.more ? "+" : "", set.n == 1 && !set.more ? "" : "s");
	return true;
}

/* One of GETSTAT's lists: records of `words` integers and a string,
 * counted in *n. False when it does not parse. */
static bool
skip_records(struct xdr_in *x, int words, unsigned long *n)
{
	uint32_t more, len;
	int i;

	while ((more = xin_u32(x)) == 1 && !x->err) {
		for (i = 0; i < words; i++)
			(void)xin_u32(x);
		(void)xin_opaque(x, &len, CHECK_STR_MAX);
		(*n)++;
	}
	return !x->err && more == 0;
}

/* rpcb_stat_byvers: 3 x { info[13], setinfo, unsetinfo, addrinfo list,
 * rmtinfo list } */
static bool
decode_getstat(struct xdr_in *x, struct check_reply *r)
{
	unsigned long n = 0;
	int v, i;

	for (v = 0; v < 3; v++) {
		for (i = 0; i < 15; i++)
			(void)xin_u32(x);
		if (!skip_records(x, 4, &n) || !skip_records(x, 6, &n))
			return false;
	}
	snprintf(r->detail, sizeof(r->detail), "%lu lookup/call records", n);
	return true;
}

static bool
decode_getport(struct xdr_in *x, struct check_reply *r)
{
	uint32_t port = xin_u32(x);

	if (x->err || port > 65535)
		return false;
	if (port == 0)
		snprintf(r->detail, sizeof(r->detail),
		    "mountd v3 udp not registered");
	else
		snprintf(r->detail, sizeof(r->detail),
		    "mountd v3 udp on port %u", port);
	return true;
}

static bool
decode_getaddr(struct xdr_in *x, struct check_reply *r)
{
	char shown[CHECK_SHOWN_SIZE];
	const uint8_t *s;
	uint32_t len;

	s = xin_opaque(x, &len, CHECK_STR_MAX);
	if (x->err)
		return false;
	if (len == 0) {
		snprintf(r->detail, sizeof(r->detail),
		    "nfs v3 not registered");
	} else {
		check_show_string(shown, sizeof(shown), s, len);
		snprintf(r->detail, sizeof(r->detail),
		    "nfs v3 at \"%s\"", shown);
	}
	return true;
}

/* Returns false when the body does not parse. Each list entry consumes at
 * least 4 bytes of the reply, so every loop ends within the message. */
static bool
decode_results(enum check_kind kind, struct xdr_in *x, struct check_reply *r)
{
	switch (kind) {
	case CK_NULL:
		return true;
	case CK_DUMP2:
	case CK_DUMP34:
		return decode_dump(kind, x, r);
	case CK_GETSTAT:
		return decode_getstat(x, r);
	case CK_GETPORT:
		return decode_getport(x, r);
	case CK_GETADDR:
		return decode_getaddr(x, r);
	}
	return false;
}

/* A denied reply's reason; false if it does not parse. */
static bool
decode_denied(struct xdr_in *x, struct check_reply *r)
{
	uint32_t stat, lo, hi;
	const char *w;

	stat = xin_u32(x);
	if (x->err)
		return false;
	if (stat == 0) {		/* RPC_MISMATCH */
		lo = xin_u32(x);
		hi = xin_u32(x);
		if (x->err)
			return false;
		snprintf(r->status, sizeof(r->status),
		    "denied RPC_MISMATCH (versions %u-%u)", lo, hi);
		return true;
	}
	if (stat == 1) {		/* AUTH_ERROR */
		stat = xin_u32(x);
		if (x->err)
			return false;
		w = auth_words(stat);
		if (w != NULL)
			snprintf(r->status, sizeof(r->status),
			    "denied AUTH_ERROR %s", w);
		else
			snprintf(r->status, sizeof(r->status),
			    "denied AUTH_ERROR %u", stat);
		return true;
	}
	return false;
}

/* The reply header and results; false if they do not parse. */
static bool
decode(enum check_kind kind, const uint8_t *buf, size_t len,
    struct check_reply *r)
{
	struct xdr_in x;
	uint32_t stat, alen, lo, hi;
	const char *w;

	xin_init(&x, buf, len);
	(void)xin_u32(&x);			/* xid */
	if (xin_u32(&x) != RPC_MSG_REPLY || x.err)
		return false;
	stat = xin_u32(&x);
	if (x.err)
		return false;
	if (stat == MSG_DENIED)
		return decode_denied(&x, r);
	if (stat != MSG_ACCEPTED)
		return false;
	(void)xin_u32(&x);				/* verifier flavor */
	(void)xin_opaque(&x, &alen, CHECK_AUTH_BODY_MAX);	/* its body */
	stat = xin_u32(&x);
	if (x.err)
		return false;
	w = accept_word(stat);
	if (w == NULL)
		return false;
	if (stat == RPC_PROG_MISMATCH) {
		lo = xin_u32(&x);
		hi = xin_u32(&x);
		if (x.err)
			return false;
		snprintf(r->status, sizeof(r->status),
		    "accepted PROG_MISMATCH (versions %u-%u)", lo, hi);
		return true;
	}
	snprintf(r->status, sizeof(r->status), "accepted %s", w);
	if (stat != RPC_SUCCESS)
		return true;
	if (!decode_results(kind, &x, r))
		return false;
	r->success = true;
	return true;
}

void
check_decode_reply(enum check_kind kind, const uint8_t *buf, size_t len,
    struct check_reply *r)
{
	memset(r, 0, sizeof(*r));
	if (!decode(kind, buf, len, r)) {
		memset(r, 0, sizeof(*r));
		r->malformed = true;
		snprintf(r->status, sizeof(r->status), "malformed reply");
	}
}

void
check_udp_init(struct check_udp *u, enum check_kind kind, uint32_t xid)
{
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->xid = xid;
}

static uint32_t
get_u32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

bool
check_udp_datagram(struct check_udp *u, const uint8_t *buf, size_t len,
    size_t truelen, bool other_port)
{
	if (u->datagrams >= CHECK_DGRAM_MAX) {
		u->capped = true;
		return false;
	}
	if (truelen < len)
		truelen = len;
	u->datagrams++;
	u->bytes += truelen;
	if (other_port)
		u->other_port++;
	/* A datagram without the call's xid still reached the caller and
	 * counts above, but it is not the reply. */
	if (!u->attributed && len >= 4 && get_u32(buf) == u->xid) {
		u->attributed = true;
		u->reply_len = truelen;
		check_decode_reply(u->kind, buf, len, &u->reply);
		/* cut by the receive buffer: what was read cannot be all */
		if (truelen > len && !u->reply.malformed) {
			memset(&u->reply, 0, sizeof(u->reply));
			u->reply.malformed = true;
			snprintf(u->reply.status, sizeof(u->reply.status),
			    "malformed reply: larger than read");
		}
	}
	if (u->datagrams >= CHECK_DGRAM_MAX) {
		u->capped = true;
		return false;
	}
	return true;
}

void
check_udp_finish(struct check_udp *u)
{
	if (u->datagrams == 0 || u->attributed)
		return;
	memset(&u->reply, 0, sizeof(u->reply));
	u->reply.malformed = true;
	snprintf(u->reply.status, sizeof(u->reply.status),
	    "malformed reply: none carries the call's xid");
}
