/*
 * test_policy — the access table (policy.c): versions and procedures out
 * of the table, local and remote callers, reserved ports, --allow-dump and
 * --allow-lookups, silent refusals, owners, and the per-source log limit
 * (one line a minute per address, per family, the local socket apart).
 */
#include <string.h>

#include "net.h"
#include "policy.h"
#include "prot.h"
#include "registry.h"
#include "tap.h"
#include "unit.h"

static struct origin
ip(enum transport tr, const char *addr, bool local, bool privport)
{
	struct origin o;

	memset(&o, 0, sizeof(o));
	o.tr = tr;
	o.local = local;
	o.privport = privport;
	o.peer = ss_of(addr);
	return o;
}

/* The callers: a LAN host over UDP and TCP, a far one over TCP, loopback
 * from an unreserved and a reserved port, two IPv6 hosts and the local
 * socket. */
static struct origin lan, lan_tcp, far_tcp, lo, lo_priv, v6, v6b, sock;
static struct pol_opts po;

static void
origins(void)
{
	lan = ip(TR_UDP, "198.51.100.7", false, false);
	lan_tcp = ip(TR_TCP, "198.51.100.7", false, false);
	far_tcp = ip(TR_TCP, "203.0.113.9", false, false);
	lo = ip(TR_UDP, "127.0.0.1", true, false);
	lo_priv = ip(TR_UDP, "127.0.0.1", true, true);
	v6 = ip(TR_UDP, "2001:db8::1", false, false);
	v6b = ip(TR_UDP, "2001:db8::2", false, false);
	memset(&sock, 0, sizeof(sock));
	sock.tr = TR_LOCAL;
	sock.local = true;
	sock.peer.ss_family = AF_UNIX;
}

/* The table with the default options. */
static void
test_rules(void)
{
	uint32_t vers, proc;
	int refused;

	pol_configure(&po);
	/* Outside the table: the procedure layer answers with an RPC error. */
	is_int(pol_check(&lan, 1, 0), POL_ALLOW, "version 1: left to the RPC error");
	is_int(pol_check(&lan, 5, 1), POL_ALLOW, "version 5: left to the RPC error");
	is_int(pol_check(&lan, 4, RPCB4_HIGHPROC + 1), POL_ALLOW,
	    "v4 procedure 13: left to the RPC error");

	/* Remote callers: exactly the lookups. */
	refused = 0;
	for (vers = 2; vers <= 4; vers++)
		for (proc = 0; proc <= RPCB4_HIGHPROC; proc++)
			refused += pol_check(&lan, vers, proc) == POL_REFUSE;
	/* v2: SET UNSET DUMP CALLIT; v3: SET UNSET DUMP CALLIT; v4: SET
	 * UNSET DUMP BCAST INDIRECT GETADDRLIST GETSTAT; v2 and v3 entries
	 * past their last procedure are 0 (R_OPEN) in the table. */
	is_int(refused, 4 + 4 + 7, "a remote caller is refused 15 (vers, proc) pairs");
	is_int(pol_check(&lan, 4, 3), POL_ALLOW, "remote v4 GETADDR allowed");
	is_int(pol_check(&lan, 4, 11), POL_REFUSE, "remote v4 GETADDRLIST refused");
	is_int(pol_check(&lan_tcp, 2, 4), POL_REFUSE,
	    "remote DUMP over TCP refused without --allow-dump");

	/* Registrations: local, and a reserved port over IP (or -i). */
	is_int(pol_check(&lo, 2, 1), POL_REFUSE,
	    "loopback SET from an unreserved port refused");
	is_int(pol_check(&lo_priv, 2, 1), POL_ALLOW,
	    "loopback SET from a reserved port allowed");
	is_int(pol_check(&sock, 3, 2), POL_ALLOW, "local socket UNSET allowed");
	is_int(pol_check(&lo, 4, 4), POL_ALLOW, "loopback DUMP allowed");
	po.insecure = true;
	pol_configure(&po);
	is_int(pol_check(&lo, 2, 1), POL_ALLOW,
	    "-i: loopback SET from any port allowed");
	po.insecure = false;
}

static void
test_options(void)
{
	static struct netlist nets;	/* net_parse_list appends */
	char err[128];

	/* --allow-dump: listed networks, TCP only. */
	if (net_parse_list("198.51.100.0/24", &nets, err, sizeof(err)) == -1)
		diag("net_parse_list: %s", err);
	po.allow_dump = &nets;
	pol_configure(&po);
	is_int(pol_check(&lan_tcp, 3, 4), POL_ALLOW,
	    "--allow-dump: a listed network DUMPs over TCP");
	is_int(pol_check(&lan, 3, 4), POL_REFUSE, "  not over UDP");
	is_int(pol_check(&far_tcp, 3, 4), POL_REFUSE, "  not from elsewhere");
	is_int(pol_check(&lan_tcp, 3, 5), POL_REFUSE, "  CALLIT still refused");
	/* --allow-lookups: only listed networks look up. */
	po.allow_dump = NULL;
	po.allow_lookups = &nets;
	pol_configure(&po);
	is_int(pol_check(&lan, 2, 3), POL_ALLOW,
	    "--allow-lookups: a listed network looks up");
	is_int(pol_check(&far_tcp, 2, 3), POL_REFUSE, "  another is refused");
	po.allow_lookups = NULL;
	pol_configure(&po);

	ok(pol_refusal_silent(&lan), "a refusal to remote UDP is silent");
	ok(!pol_refusal_silent(&lan_tcp), "  over TCP it is answered");
	ok(!pol_refusal_silent(&lo), "  to loopback UDP it is answered");
}

/* The owner a registration is recorded under. */
static void
test_owners(void)
{
	char buf[16];

	is_str(pol_owner(&sock, buf, sizeof(buf)), OWNER_UNKNOWN,
	    "owner without a uid");
	sock.has_uid = true;
	is_str(pol_owner(&sock, buf, sizeof(buf)), OWNER_SUPERUSER, "owner uid 0");
	sock.uid = 1000;
	is_str(pol_owner(&sock, buf, sizeof(buf)), "1000", "owner uid 1000");
}

static void
test_log_limit(void)
{
	/* The log limit: once a minute per source. */
	ok(pol_log_due(&lan, 1000), "first refusal from a source is logged");
	ok(!pol_log_due(&lan, 1059), "  not again within 60 s");
	ok(!pol_log_due(&lan_tcp, 1030), "  whatever the transport");
	ok(pol_log_due(&lan, 1060), "  again after 60 s");
	ok(!pol_log_due(&lan, 1061), "  then not again");
	ok(pol_log_due(&v6, 1000), "an IPv6 source has its own entry");
	ok(!pol_log_due(&v6, 1001), "  limited too");
	ok(pol_log_due(&v6b, 1001), "  another IPv6 address is apart");
	ok(pol_log_due(&sock, 1000), "the local socket has its own entry");
	ok(!pol_log_due(&sock, 1002), "  limited too");
}

int
main(void)
{
	origins();
	test_rules();
	test_options();
	test_owners();
	test_log_limit();
	return done_testing();
}
