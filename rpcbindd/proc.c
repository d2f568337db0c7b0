/*
 * proc.c — the portmapper procedures (RFC 1833): PMAP v2, RPCBIND v3, v4.
 *
 * Flow per request: call header (rpc.c) → program and version checks →
 * statistics → policy (before any argument is decoded) → the procedure →
 * reply-size rule. Arguments are decoded with explicit maxima into buffers
 * on the stack; arguments that do not decode completely get GARBAGE_ARGS,
 * so no reply is ever built from bytes the request did not contain.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/un.h>
#include <time.h>

#include "targets.h"
#include "log.h"
#include "policy.h"
#include "proc.h"
#include "prot.h"
#include "registry.h"
#include "rpc.h"
#include "stats.h"
#include "uaddr.h"

/* What the daemon knows of each transport (as /etc/netconfig says). */
struct nc {
	const char	*netid;
	uint32_t	 semantics;	/* NC_TPI_CLTS 1, NC_TPI_COTS_ORD 3 */
	const char	*family;
	const char	*proto;
};

static const struct nc netconfs[] = {
	{ "udp6",  1, "inet6",    "udp" },
	{ "tcp6",  3, "inet6",    "tcp" },
	{ "udp",   1, "inet",     "udp" },
	{ "tcp",   3, "inet",     "tcp" },
	{ "local", 3, "loopback", "-" },
	{ "unix",  3, "loopback", "-" },
};

/* RPCBIND's rpcb structure, decoded into fixed buffers. */
static struct proc_opts		opts = { false, "/run/rpcbind.sock", false };
static struct proc_counters	counters;
static struct log_limit		refusal_limit, call_limit;

void
proc_configure(const struct proc_opts *o)
{
	opts = *o;
}

const struct proc_counters *
proc_counters(void)
{
	return &counters;
}

static const struct nc *
nc_find(const char *netid)
{
	size_t i;

	for (i = 0; i < sizeof(netconfs) / sizeof(netconfs[0]); i++)
		if (strcmp(netconfs[i].netid, netid) == 0)
			return &netconfs[i];
	return NULL;
}

static const struct sockaddr *
self_addr(const struct origin *o)
{
	return o->tr == TR_LOCAL ? NULL : (const struct sockaddr *)&o->self;
}

/*
 * The address to hand a caller for an entry: a wildcard registration gets
 * the address the request arrived on (self) with the registered port;
 * anything else is returned as registered. From the fields parsed at SET
 * time: no string is parsed here. -1 only on overflow.
 */
static int
entry_uaddr(const struct reg_entry *e, const struct sockaddr *self, char *out,
    size_t size)
{
	if (self != NULL && e->wildcard && self->sa_family == e->family) {
		const uint8_t *host = e->family == AF_INET ?
		    (const uint8_t *)&((const struct sockaddr_in *)self)->sin_addr :
		    ((const struct sockaddr_in6 *)self)->sin6_addr.s6_addr;

		return uaddr_format(e->family, host, e->port, out, size);
	}
	if (strlen(e->uaddr) >= size)
		return -1;
	strcpy(out, e->uaddr);
	return 0;
}

static void
reply_bool(const struct rpc_call *c, struct xdr_out *out, bool v)
{
	rpc_reply_success(out, c->xid);
	xout_u32(out, v ? 1 : 0);
}

/* ---- PMAP v2 ---------------------------------------------------------- */

static enum proc_action
pmap_change(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	uint32_t prog, vers, prot, port;
	char ownbuf[RB_OWNER_MAX + 1], uaddr[32];
	const char *owner;
	bool ok;

	prog = xin_u32(&c->args);
	vers = xin_u32(&c->args);
	prot = xin_u32(&c->args);
	port = xin_u32(&c->args);
	if (c->args.err)
		return PROC_DROP;
	owner = pol_owner(o, ownbuf, sizeof(ownbuf));
	if (c->proc == P_SET) {
		snprintf(uaddr, sizeof(uaddr), "0.0.0.0.%u.%u",
		    (port >> 8) & 0xff, port & 0xff);
		if (prot == IPPROTO_UDP)
			ok = reg_set(prog, vers, "udp", uaddr, owner);
		else if (prot == IPPROTO_TCP)
			ok = reg_set(prog, vers, "tcp", uaddr, owner);
		else
			ok = false;
		stats_set(STAT_V2, ok);
	} else {
		bool t = reg_unset(prog, vers, "tcp", owner);
		bool u = reg_unset(prog, vers, "udp", owner);

		ok = t || u;
		stats_unset(STAT_V2, ok);
	}
	log_debug("pmap %s %u/%u prot %u port %u by %s: %s",
	    c->proc == P_SET ? "SET" : "UNSET", prog, vers, prot, port, owner,
	    ok ? "ok" : "refused");
	reply_bool(c, out, ok);
	return PROC_REPLY;
}

static enum proc_action
pmap_getport(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	const struct reg_entry *e;
	uint32_t prog, vers, prot, port = 0;

	prog = xin_u32(&c->args);
	vers = xin_u32(&c->args);
	prot = xin_u32(&c->args);
	(void)xin_u32(&c->args);
	if (c->args.err)
		return PROC_DROP;
	e = reg_find_pmap(prog, vers, prot);
	if (e != NULL && e->family != 0)
		port = e->port;
	stats_getaddr(STAT_V2, prog, vers,
	    prot == IPPROTO_UDP ? "udp" : "tcp", port != 0);
	rpc_reply_success(out, c->xid);
	xout_u32(out, port);
	return PROC_REPLY;
}

static enum proc_action
pmap_dump(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	const struct reg_entry *e;
	uint32_t prot;
	size_t i;

	rpc_reply_success(out, c->xid);
	for (i = 0; (e = reg_get(i)) != NULL; i++) {
		if (!reg_pmap_view(e, &prot))
			continue;
		xout_u32(out, 1);
		xout_u32(out, e->prog);
		xout_u32(out, e->vers);
		xout_u32(out, prot);
		xout_u32(out, e->family != 0 ? e->port : 0);
	}
	xout_u32(out, 0);
	return PROC_REPLY;
}

/* ---- RPCBIND v3 / v4 -------------------------------------------------- */

static enum proc_action
rpcb_change(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	struct rpcb a;
	char ownbuf[RB_OWNER_MAX + 1];
	const char *owner;
	int sv = c->vers == 3 ? STAT_V3 : STAT_V4;
	bool ok;

	rpc_decode_rpcb(&c->args, &a);
	if (c->args.err)
		return PROC_DROP;
	/* The client's r_owner is ignored: libtirpc sends its euid, the
	 * kernel "0", anyone anything. The transport says who it is. */
	owner = pol_owner(o, ownbuf, sizeof(ownbuf));
	if (c->proc == P_SET) {
		ok = a.netid[0] != '\0' && a.uaddr[0] != '\0' &&
		    reg_set(a.prog, a.vers, a.netid, a.uaddr, owner);
		stats_set(sv, ok);
	} else {
		ok = reg_unset(a.prog, a.vers, a.netid, owner);
		stats_unset(sv, ok);
	}
	if (log_debugging()) {
		/* netid and address are the caller's bytes: escaped. */
		char en[LOG_ESCAPED(RB_NETID_MAX)];
		char ea[LOG_ESCAPED(RB_UADDR_MAX)];

		log_debug("rpcb v%u %s %u/%u %s %s by %s: %s", c->vers,
		    c->proc == P_SET ? "SET" : "UNSET", a.prog, a.vers,
		    a.netid[0] ? log_escape(en, sizeof(en), a.netid,
		    strlen(a.netid)) : "(all)",
		    log_escape(ea, sizeof(ea), a.uaddr, strlen(a.uaddr)), owner,
		    ok ? "ok" : "refused");
	}
	reply_bool(c, out, ok);
	return PROC_REPLY;
}

/* GETADDR (any version of the program will do) and GETVERSADDR (only the
 * one asked for). The caller's own transport is looked up, as rpcbind
 * does; a wildcard registration comes back with the address the request
 * arrived on, so nobody learns an address they did not already use. */
static enum proc_action
rpcb_getaddr(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	const struct reg_entry *e;
	struct rpcb a;
	char uaddr[RB_UADDR_MAX + 1] = "";
	bool anyvers = c->proc == P_GETADDR;

	rpc_decode_rpcb(&c->args, &a);
	if (c->args.err)
		return PROC_DROP;
	e = reg_find(a.prog, a.vers, o->netid);
	if (e != NULL && (anyvers || e->vers == a.vers) &&
	    entry_uaddr(e, self_addr(o), uaddr, sizeof(uaddr)) == -1)
		uaddr[0] = '\0';
	stats_getaddr(c->vers == 3 ? STAT_V3 : STAT_V4, a.prog, a.vers,
	    o->netid, uaddr[0] != '\0');
	rpc_reply_success(out, c->xid);
	xout_string(out, uaddr);
	return PROC_REPLY;
}

static enum proc_action
rpcb_dump(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	rpc_reply_success(out, c->xid);
	reg_encode_rpcblist(out);
	return PROC_REPLY;
}

static enum proc_action
rpcb_gettime(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	rpc_reply_success(out, c->xid);
	xout_u32(out, (uint32_t)time(NULL));
	return PROC_REPLY;
}

/* The caller's address family decides how an address is read, as
 * rpcbind's uaddr2taddr(caller's netconfig, ...) does. */
static int
caller_family(const struct origin *o)
{
	return o->tr == TR_LOCAL ? AF_LOCAL : o->peer.ss_family;
}

static enum proc_action
rpcb_uaddr2taddr(const struct origin *o, struct rpc_call *c,
    struct xdr_out *out)
{
	char uaddr[RB_UADDR_MAX + 1];
	struct sockaddr_storage ss;
	struct sockaddr_un sun;
	socklen_t len = 0;
	const void *buf = &ss;
	uint32_t maxlen = 0;

	xin_string(&c->args, uaddr, sizeof(uaddr));
	if (c->args.err)
		return PROC_DROP;
	if (caller_family(o) == AF_LOCAL) {
		if (strlen(uaddr) < sizeof(sun.sun_path)) {
			memset(&sun, 0, sizeof(sun));
			sun.sun_family = AF_LOCAL;
			strcpy(sun.sun_path, uaddr);
			buf = &sun;
			len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			    strlen(sun.sun_path));
			maxlen = sizeof(sun);
		}
	} else if (uaddr_to_sa(uaddr, &ss, &len) == 0 &&
	    ss.ss_family == caller_family(o))
		maxlen = len;
	else
		len = 0;
	rpc_reply_success(out, c->xid);
	xout_u32(out, maxlen);
	xout_opaque(out, buf, len);
	return PROC_REPLY;
}

static enum proc_action
rpcb_taddr2uaddr(const struct origin *o, struct rpc_call *c,
    struct xdr_out *out)
{
	struct sockaddr_storage ss;
	char uaddr[RB_UADDR_MAX + 1] = "";
	const uint8_t *buf;
	uint32_t maxlen, len;

	maxlen = xin_u32(&c->args);
	buf = xin_opaque(&c->args, &len, sizeof(ss));
	if (len > maxlen)
		c->args.err = true;	/* as libtirpc's xdr_netbuf */
	if (c->args.err)
		return PROC_DROP;
	memset(&ss, 0, sizeof(ss));
	if (len > 0)
		memcpy(&ss, buf, len);
	switch (caller_family(o)) {
	case AF_INET:
		if (len >= sizeof(struct sockaddr_in)) {
			ss.ss_family = AF_INET;
			if (sa_to_uaddr((struct sockaddr *)&ss, uaddr,
			    sizeof(uaddr)) == -1)
				uaddr[0] = '\0';
		}
		break;
	case AF_INET6:
		if (len >= sizeof(struct sockaddr_in6)) {
			ss.ss_family = AF_INET6;
			if (sa_to_uaddr((struct sockaddr *)&ss, uaddr,
			    sizeof(uaddr)) == -1)
				uaddr[0] = '\0';
		}
		break;
	default: {
		const struct sockaddr_un *sun = (const struct sockaddr_un *)&ss;
		size_t off = offsetof(struct sockaddr_un, sun_path);

		if (len > off && len - off < sizeof(uaddr)) {
			memcpy(uaddr, sun->sun_path, len - off);
			uaddr[len - off] = '\0';
		}
		break;
	}
	}
	rpc_reply_success(out, c->xid);
	xout_string(out, uaddr);
	return PROC_REPLY;
}

static enum proc_action
rpcb_getaddrlist(const struct origin *o, struct rpc_call *c,
    struct xdr_out *out)
{
	const struct reg_entry *e;
	const struct nc *mine, *nc;
	struct rpcb a;
	char uaddr[RB_UADDR_MAX + 1];
	size_t i;

	rpc_decode_rpcb(&c->args, &a);
	if (c->args.err)
		return PROC_DROP;
	mine = nc_find(o->netid);
	rpc_reply_success(out, c->xid);
	for (i = 0; (e = reg_get(i)) != NULL; i++) {
		if (e->prog != a.prog || e->vers != a.vers)
			continue;
		/* Only the caller's protocol family: an IPv4 caller learns no
		 * IPv6 address and the reverse. */
		if ((nc = nc_find(e->netid)) == NULL || mine == NULL ||
		    strcmp(nc->family, mine->family) != 0)
			continue;
		if (entry_uaddr(e, self_addr(o), uaddr,
		    sizeof(uaddr)) == -1)
			continue;
		xout_u32(out, 1);
		xout_string(out, uaddr);
		xout_string(out, nc->netid);
		xout_u32(out, nc->semantics);
		xout_string(out, nc->family);
		xout_string(out, nc->proto);
	}
	xout_u32(out, 0);
	return PROC_REPLY;
}

static enum proc_action
rpcb_getstat(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	rpc_reply_success(out, c->xid);
	stats_encode(out);
	return PROC_REPLY;
}

/* ---- Remote calls: CALLIT (v2, v3), BCAST and INDIRECT (v4) ----------- */

static enum proc_action
rmtcall_error(struct rpc_call *c, struct xdr_out *out, bool indirect,
    uint32_t stat, uint32_t lo, uint32_t hi)
{
	/* CALLIT and BCAST stay silent on failure (RFC 1833: a broadcast
	 * must not be answered by every host that lacks the program);
	 * INDIRECT says what went wrong. */
	if (!indirect)
		return PROC_DROP;
	if (stat == RPC_PROG_MISMATCH)
		rpc_reply_prog_mismatch(out, c->xid, lo, hi);
	else
		rpc_reply_accepted(out, c->xid, stat);
	return PROC_REPLY;
}

static enum proc_action
rmtcall(const struct origin *o, struct rpc_call *c, struct xdr_out *out,
    struct proc_forward *f)
{
	const struct reg_entry *e, *v;
	const char *netid;
	bool indirect = c->vers == 4 && c->proc == P_INDIRECT;
	int sv = c->vers - 2, port;
	uint32_t lo = UINT32_MAX, hi = 0;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->prog = xin_u32(&c->args);
	f->pvers = xin_u32(&c->args);
	f->pproc = xin_u32(&c->args);
	f->args = xin_opaque(&c->args, &f->argslen, RB_RMTARGS_MAX);
	if (c->args.err)
		return PROC_DROP;
	if (!opts.remote_calls)
		return rmtcall_error(c, out, indirect, RPC_SYSTEM_ERR, 0, 0);
	/* Services are reached over UDP of the caller's IP family. */
	netid = caller_family(o) == AF_INET6 ? "udp6" : "udp";
	e = reg_find(f->prog, f->pvers, netid);
	/* Never to ourselves: a forwarded call to the portmapper would come
	 * from our own address and count as local. */
	if (e == NULL || f->prog == PMAP_PROG) {
		stats_rmtcall(sv, f->prog, f->pvers, f->pproc, netid, false,
		    indirect);
		return rmtcall_error(c, out, indirect, RPC_PROG_UNAVAIL, 0, 0);
	}
	if (e->vers != f->pvers) {
		for (i = 0; (v = reg_get(i)) != NULL; i++) {
			if (v->prog != f->prog || strcasecmp(v->netid, netid) != 0)
				continue;
			lo = v->vers < lo ? v->vers : lo;
			hi = v->vers > hi ? v->vers : hi;
		}
		stats_rmtcall(sv, f->prog, f->pvers, f->pproc, netid, false,
		    indirect);
		return rmtcall_error(c, out, indirect, RPC_PROG_MISMATCH, lo, hi);
	}
	if (uaddr_to_sa(e->uaddr, &f->target, &f->targetlen) == -1 ||
	    (port = uaddr_port(e->uaddr)) <= 0) {
		stats_rmtcall(sv, f->prog, f->pvers, f->pproc, netid, false,
		    indirect);
		return rmtcall_error(c, out, indirect, RPC_SYSTEM_ERR, 0, 0);
	}
	/* A wildcard registration is reached on loopback. */
	if (uaddr_is_wildcard(e->uaddr)) {
		if (f->target.ss_family == AF_INET)
			((struct sockaddr_in *)&f->target)->sin_addr.s_addr =
			    htonl(INADDR_LOOPBACK);
		else
			((struct sockaddr_in6 *)&f->target)->sin6_addr =
			    in6addr_loopback;
	}
	/* Only to services of this host: a registration is any local user's
	 * to make, and must not aim the daemon at another host. Refused as
	 * if the program were not registered. */
	if (targets_permit(&f->target, f->prog, f->pvers, e->uaddr) == -1) {
		stats_rmtcall(sv, f->prog, f->pvers, f->pproc, netid, false,
		    indirect);
		return rmtcall_error(c, out, indirect, RPC_PROG_UNAVAIL, 0, 0);
	}
	if (entry_uaddr(e, self_addr(o), f->uaddr, sizeof(f->uaddr)) == -1)
		f->uaddr[0] = '\0';
	f->xid = c->xid;
	f->vers = c->vers;
	f->indirect = indirect;
	f->port = (uint32_t)port;
	f->netid = e->netid;
	stats_rmtcall(sv, f->prog, f->pvers, f->pproc, netid, true, indirect);
	return PROC_FORWARD;
}

void
proc_forward_reply(const struct proc_forward *f, const uint8_t *res,
    size_t reslen, struct xdr_out *out)
{
	rpc_reply_success(out, f->xid);
	if (f->vers == 2)
		xout_u32(out, f->port);
	else
		xout_string(out, f->uaddr);
	xout_opaque(out, res, (uint32_t)reslen);
}

/* ---- Dispatch --------------------------------------------------------- */

static const char *
proc_name(uint32_t vers, uint32_t proc)
{
	static const char *const v2[] = { "NULL", "SET", "UNSET", "GETPORT",
	    "DUMP", "CALLIT" };
	static const char *const v34[] = { "NULL", "SET", "UNSET", "GETADDR",
	    "DUMP", "CALLIT", "GETTIME", "UADDR2TADDR", "TADDR2UADDR",
	    "GETVERSADDR", "INDIRECT", "GETADDRLIST", "GETSTAT" };

	if (vers == 2)
		return proc <= PMAP_HIGHPROC ? v2[proc] : "?";
	if (vers == 4 && proc == P_CALLIT)
		return "BCAST";
	return proc <= RPCB4_HIGHPROC ? v34[proc] : "?";
}

static const char *
origin_text(const struct origin *o)
{
	static char buf[INET6_ADDRSTRLEN + 8];
	const void *a;

	if (o->tr == TR_LOCAL) {
		snprintf(buf, sizeof(buf), "uid %u", o->uid);
		return buf;
	}
	a = o->peer.ss_family == AF_INET ?
	    (const void *)&((const struct sockaddr_in *)&o->peer)->sin_addr :
	    (const void *)&((const struct sockaddr_in6 *)&o->peer)->sin6_addr;
	if (inet_ntop(o->peer.ss_family, a, buf, sizeof(buf)) == NULL)
		snprintf(buf, sizeof(buf), "?");
	return buf;
}

typedef enum proc_action (*handler)(const struct origin *, struct rpc_call *,
    struct xdr_out *);

static enum proc_action
null_proc(const struct origin *o, struct rpc_call *c, struct xdr_out *out)
{
	rpc_reply_success(out, c->xid);
	return PROC_REPLY;
}

/* NULL is 0 in every version; remote calls (slot NULL here) are special. */
static const handler v2_procs[PMAP_HIGHPROC + 1] = {
	null_proc, pmap_change, pmap_change, pmap_getport, pmap_dump, NULL,
};
static const handler v34_procs[RPCB4_HIGHPROC + 1] = {
	null_proc, rpcb_change, rpcb_change, rpcb_getaddr, rpcb_dump, NULL,
	rpcb_gettime, rpcb_uaddr2taddr, rpcb_taddr2uaddr, rpcb_getaddr, NULL,
	rpcb_getaddrlist, rpcb_getstat,
};

static void
reset(struct xdr_out *out)
{
	out->p = out->base;
	out->err = false;
}

static enum proc_action
dispatch(const struct origin *o, struct rpc_call *c, struct xdr_out *out,
    struct proc_forward *fwd)
{
	uint32_t high;
	handler h;
	enum proc_action act;

	if (c->prog != PMAP_PROG) {
		rpc_reply_accepted(out, c->xid, RPC_PROG_UNAVAIL);
		return PROC_REPLY;
	}
	if (c->vers < 2 || c->vers > 4) {
		rpc_reply_prog_mismatch(out, c->xid, 2, 4);
		return PROC_REPLY;
	}
	high = c->vers == 2 ? PMAP_HIGHPROC :
	    c->vers == 3 ? RPCB3_HIGHPROC : RPCB4_HIGHPROC;
	if (c->proc > high) {
		rpc_reply_accepted(out, c->xid, RPC_PROC_UNAVAIL);
		return PROC_REPLY;
	}
	stats_proc(c->vers - 2, c->proc);
	if (pol_check(o, c->vers, c->proc) == POL_REFUSE) {
		counters.refused++;
		if (pol_log_due(o, time(NULL)))
			log_ratelimited(&refusal_limit, "refused %s v%u %s from "
			    "%s over %s (%s)", c->vers == 2 ? "PMAP" : "RPCBIND",
			    c->vers, proc_name(c->vers, c->proc), origin_text(o),
			    o->netid, o->local ? "registration from an "
			    "unprivileged port" : "not for remote callers");
		if (pol_refusal_silent(o))
			return PROC_DROP;
		rpc_reply_auth_error(out, c->xid, AUTH_E_TOOWEAK);
		return PROC_REPLY;
	}
	if (opts.log_calls)
		log_ratelimited(&call_limit, "call from %s over %s: %s v%u %s",
		    origin_text(o), o->netid, c->vers == 2 ? "PMAP" : "RPCBIND",
		    c->vers, proc_name(c->vers, c->proc));
	h = c->vers == 2 ? v2_procs[c->proc] : v34_procs[c->proc];
	if (h == NULL)
		act = rmtcall(o, c, out, fwd);
	else
		act = h(o, c, out);
	/* Handlers return PROC_DROP only when their arguments did not
	 * decode; that is answered, never ignored. */
	if (c->args.err) {
		counters.garbage++;
		reset(out);
		rpc_reply_accepted(out, c->xid, RPC_GARBAGE_ARGS);
		return PROC_REPLY;
	}
	return act;
}

enum proc_action
proc_handle(const struct origin *o, const uint8_t *req, size_t reqlen,
    struct xdr_out *out, struct proc_forward *fwd)
{
	struct rpc_call c;
	enum proc_action act;

	reset(out);
	switch (rpc_decode_call(req, reqlen, &c)) {
	case RPC_DEC_OK:
		act = dispatch(o, &c, out, fwd);
		break;
	case RPC_DEC_RPC_MISMATCH:
		rpc_reply_rpc_mismatch(out, c.xid);
		act = PROC_REPLY;
		break;
	case RPC_DEC_BADCRED:
		rpc_reply_auth_error(out, c.xid, AUTH_E_BADCRED);
		act = PROC_REPLY;
		break;
	case RPC_DEC_REJECTEDCRED:
		rpc_reply_auth_error(out, c.xid, AUTH_E_REJECTEDCRED);
		act = PROC_REPLY;
		break;
	default:
		return PROC_DROP;
	}
	if (act != PROC_REPLY)
		return act;
	if (out->err) {
		/* The reply does not fit (a DUMP of a full table over UDP). */
		reset(out);
		rpc_reply_accepted(out, c.xid, RPC_SYSTEM_ERR);
	}
	/* Nothing larger than the request goes back over UDP to a source
	 * that is not local: such a reply is what reflection attacks use. */
	if (o->tr == TR_UDP && !o->local && xout_len(out) > reqlen) {
		counters.oversize_dropped++;
		return PROC_DROP;
	}
	return PROC_REPLY;
}

/* ---- The portmapper's own entries ------------------------------------ */

void
proc_register_self(bool udp4, bool tcp4, bool udp6, bool tcp6, bool local)
{
	static const struct {
		const char *netid;
		const char *uaddr;
		uint32_t lowest;
	} self[] = {
		{ "tcp6", "::.0.111", 3 },
		{ "udp6", "::.0.111", 3 },
		{ "tcp", "0.0.0.0.0.111", 2 },
		{ "udp", "0.0.0.0.0.111", 2 },
		{ "local", NULL, 3 },
	};
	const bool on[] = { tcp6, udp6, tcp4, udp4, local };
	size_t i;
	uint32_t v;

	for (i = 0; i < sizeof(self) / sizeof(self[0]); i++) {
		if (!on[i])
			continue;
		for (v = 4; v >= self[i].lowest; v--)
			(void)reg_set(PMAP_PROG, v, self[i].netid,
			    self[i].uaddr ? self[i].uaddr : opts.local_path,
			    OWNER_SUPERUSER);
	}
}
