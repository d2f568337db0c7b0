/*
 * test_forward — remote calls passed to a service (forward.c), over real
 * UDP sockets on 127.0.0.1: which targets may be called (loopback, the
 * addresses served, a wildcard's host addresses; nothing else), the call
 * that goes out, and every kind of answer: another xid, another sender,
 * too late, success, and the failures INDIRECT passes on while CALLIT stays
 * silent; the table of calls in flight and its expiry.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bounds.h"
#include "forward.h"
#include "targets.h"
#include "rpc.h"
#include "tap.h"
#include "unit.h"
#include "xdr.h"

/* A UDP socket on 127.0.0.1 and an ephemeral port. */
static int
service(struct sockaddr_storage *ss)
{
	socklen_t len = sizeof(*ss);
	int fd;

	*ss = ss_port("127.0.0.1", 0);
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)ss, sizeof(struct sockaddr_in)) == -1 ||
	    getsockname(fd, (struct sockaddr *)ss, &len) == -1)
		return -1;
	return fd;
}

/* The xid of the call the service received (0 when none came). */
static uint32_t
received(int fd, struct sockaddr_storage *from)
{
	uint8_t buf[RB_UDP_MAX];
	socklen_t len = sizeof(*from);
	struct xdr_in x;
	ssize_t n;
	int tries;

	for (tries = 0; tries < 200; tries++) {	/* at most 2 s */
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)from,
		    &len);
		if (n > 0) {
			xin_init(&x, buf, (size_t)n);
			return xin_u32(&x);
		}
		usleep(10000);
	}
	return 0;
}

/* Sends a reply header with accept_stat `stat` (and `extra` words). */
static void
reply(int fd, const struct sockaddr_storage *to, uint32_t xid, uint32_t stat,
    const uint32_t *extra, size_t nextra)
{
	uint8_t buf[128];
	struct xdr_out o;
	size_t i;

	xout_init(&o, buf, sizeof(buf));
	xout_u32(&o, xid);
	xout_u32(&o, 1);	/* REPLY */
	xout_u32(&o, 0);	/* MSG_ACCEPTED */
	xout_u32(&o, 0);	/* AUTH_NONE */
	xout_u32(&o, 0);
	xout_u32(&o, stat);
	for (i = 0; i < nextra; i++)
		xout_u32(&o, extra[i]);
	(void)sendto(fd, buf, xout_len(&o), 0, (const struct sockaddr *)to,
	    to->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in));
}

/* fwd_recv, retried while nothing has arrived yet (at most 2 s). */
static int
recv_fam(int family, struct xdr_out *out, struct fwd_caller *c, uint64_t now)
{
	int r = -1, tries;

	for (tries = 0; tries < 200 && r == -1; tries++) {
		r = fwd_recv(fwd_fd(family), out, c, now);
		if (r == -1)
			usleep(10000);
	}
	return r;
}

static int
recv_one(struct xdr_out *out, struct fwd_caller *c, uint64_t now)
{
	return recv_fam(AF_INET, out, c, now);
}

static uint32_t
out_word(const uint8_t *buf, size_t i)
{
	struct xdr_in x;

	xin_init(&x, buf + 4 * i, 4);
	return xin_u32(&x);
}

/* Which targets may be called, by the addresses served. */
static void
test_permit(void)
{
	static const struct {
		const char	*host;		/* NULL: an AF_UNIX address */
		const char	*uaddr;
		int		 want;
		const char	*what;
	} cases[] = {
		{ "198.51.100.1", "198.51.100.1.8.1", 0,
		  "a service on a served address may be called" },
		{ "::ffff:198.51.100.1", "198.51.100.1.8.1", 0,
		  "  in its v4-mapped form too" },
		{ "2001:db8::1", "2001:db8::1.8.1", 0,
		  "  a served IPv6 address" },
		{ "127.0.0.2", "127.0.0.2.8.1", 0, "  any loopback address" },
		{ "::1", "::1.8.1", 0, "  ::1" },
		{ "::ffff:127.0.0.1", "::ffff:127.0.0.1.8.1", 0,
		  "  ::ffff:127.0.0.1" },
		{ "203.0.113.5", "203.0.113.5.8.1", -1, "another host may not" },
		{ "2001:db8::2", "2001:db8::2.8.1", -1,
		  "  nor another IPv6 address" },
		{ NULL, "/x", -1, "  nor a non-IP address" },
	};
	static struct sockaddr_storage many[RB_FORWARD_HOSTS_MAX + 2];
	struct sockaddr_storage served[4], t;
	char name[32];
	size_t i;

	served[0] = ss_port("198.51.100.1", 111);
	served[1] = ss_port("2001:db8::1", 111);
	served[2] = ss_port("127.0.0.1", 111);
	served[3] = ss_port("198.51.100.1", 111);	/* twice */
	is_int(targets_configure(served, 4), 0, "the addresses served");
	for (i = 0; i < NELEM(cases); i++) {
		if (cases[i].host != NULL) {
			t = ss_port(cases[i].host, 2049);
		} else {
			memset(&t, 0, sizeof(t));
			t.ss_family = AF_UNIX;
		}
		is_int(targets_permit(&t, 100003, 3, cases[i].uaddr),
		    cases[i].want, "%s", cases[i].what);
	}

	/* A wildcard: the host's own addresses (here: lo's only, and those
	 * are loopback anyway), not the LAN address served before. */
	served[0] = ss_port("0.0.0.0", 111);
	is_int(targets_configure(served, 1), 0, "a wildcard listener");
	t = ss_port("198.51.100.1", 2049);
	is_int(targets_permit(&t, 1, 1, "x"), -1,
	    "  replaces the list with the host's addresses");
	served[0] = ss_port("::", 111);
	is_int(targets_configure(served, 1), 0, "an IPv6 wildcard");
	served[0] = ss_port("::ffff:0.0.0.0", 111);
	is_int(targets_configure(served, 1), 0, "a v4-mapped wildcard");

	/* More addresses than RB_FORWARD_HOSTS_MAX: the first ones count. */
	for (i = 0; i < NELEM(many); i++) {
		snprintf(name, sizeof(name), "2001:db8::%zx", i + 1);
		many[i] = ss_port(name, 111);
	}
	is_int(targets_configure(many, RB_FORWARD_HOSTS_MAX + 2), 0,
	    "%d addresses served", RB_FORWARD_HOSTS_MAX + 2);
	t = ss_port("2001:db8::100", 1);	/* the 256th */
	is_int(targets_permit(&t, 1, 1, "x"), 0, "  the %dth is called",
	    RB_FORWARD_HOSTS_MAX);
	t = ss_port("2001:db8::101", 1);
	is_int(targets_permit(&t, 1, 1, "x"), -1, "  the one after is not");
}

/* The service, the call sent to it, its caller and what comes back. */
static int		 sfd;
static struct proc_forward f;
static struct fwd_caller caller, got;
static uint8_t		 obuf[512];
static struct xdr_out	 out;

/* The service receives the call of f and answers with accept_stat `stat`
 * (and `extra`); what fwd_recv at `now` makes of it. */
static int
answer(uint32_t stat, const uint32_t *extra, size_t nextra, uint64_t now)
{
	struct sockaddr_storage from;
	uint32_t xid = received(sfd, &from);

	reply(sfd, &from, xid, stat, extra, nextra);
	xout_init(&out, obuf, sizeof(obuf));
	return recv_one(&out, &got, now);
}

/* A successful CALLIT-style call, and the replies that are not its own. */
static void
test_success(int ofd)
{
	struct sockaddr_storage from;
	uint32_t xid;

	is_int(fwd_recv(fwd_fd(AF_INET), &out, &got, 0), -1,
	    "nothing to receive: -1");

	/* A successful CALLIT-style call. */
	ok(fwd_start(&f, &caller, 1000), "a call to a loopback service goes out");
	xid = received(sfd, &from);
	ok(xid != 0, "  the service receives it");
	reply(ofd, &from, xid, 0, NULL, 0);
	xout_init(&out, obuf, sizeof(obuf));
	is_int(recv_one(&out, &got, 1001), 0,
	    "  a reply with its xid from another port is ignored");
	reply(sfd, &from, xid + 1, 0, NULL, 0);
	is_int(recv_one(&out, &got, 1001), 0, "  another xid is ignored");
	(void)sendto(sfd, "", 0, 0, (struct sockaddr *)&from,
	    sizeof(struct sockaddr_in));
	is_int(recv_one(&out, &got, 1001), 0, "  an empty datagram is ignored");
	reply(sfd, &from, xid, 0, NULL, 0);
	xout_init(&out, obuf, sizeof(obuf));
	is_int(recv_one(&out, &got, 1001), 1, "  its reply is passed on");
	ok(got.lfd == 7 && got.tr == TR_UDP, "  to the caller");
	is_int(out_word(obuf, 0), 0x11111111, "  with the caller's xid");
	reply(sfd, &from, xid, 0, NULL, 0);
	is_int(recv_one(&out, &got, 1001), 0, "  a second reply is ignored");
}

static void
test_ipv6(void)
{
	struct sockaddr_storage from;
	uint32_t xid;

	/* Over IPv6; then a reply with a pending IPv4 call's xid that comes
	 * to the IPv6 socket: not from the service called. */
	{
		struct sockaddr_storage s6 = ss_port("::1", 0), f6;
		socklen_t l6 = sizeof(s6);
		struct proc_forward g = f;
		int fd6 = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		uint32_t xid4;

		if (fd6 == -1 || bind(fd6, (struct sockaddr *)&s6,
		    sizeof(struct sockaddr_in6)) == -1 ||
		    getsockname(fd6, (struct sockaddr *)&s6, &l6) == -1)
			diag("an IPv6 service socket: %s", strerror(errno));
		g.target = s6;
		g.targetlen = sizeof(struct sockaddr_in6);
		ok(fwd_start(&g, &caller, 1000), "a call to a service on ::1");
		xid = received(fd6, &f6);
		reply(fd6, &f6, xid, 0, NULL, 0);
		xout_init(&out, obuf, sizeof(obuf));
		is_int(recv_fam(AF_INET6, &out, &got, 1001), 1,
		    "  its reply is passed on");
		ok(fwd_start(&f, &caller, 1000), "a call over IPv4");
		xid4 = received(sfd, &from);
		reply(fd6, &f6, xid4, 0, NULL, 0);
		is_int(recv_fam(AF_INET6, &out, &got, 1001), 0,
		    "  its xid from an IPv6 address is ignored");
		reply(sfd, &from, xid4, 0, NULL, 0);
		xout_init(&out, obuf, sizeof(obuf));
		is_int(recv_one(&out, &got, 1001), 1,
		    "  the service's own reply still counts");
		close(fd6);
	}
}

/* Too late, and the failures: CALLIT silent, INDIRECT answers. */
static void
test_failures(void)
{
	static const uint32_t mm[2] = { 2, 3 };

	ok(fwd_start(&f, &caller, 1000), "a call");
	is_int(answer(0, NULL, 0, 1000 + RB_FORWARD_TIMEOUT_MS + 1), 0,
	    "  answered after RB_FORWARD_TIMEOUT_MS: dropped");

	ok(fwd_start(&f, &caller, 1000), "a CALLIT");
	is_int(answer(1 /* PROG_UNAVAIL */, NULL, 0, 1001), 0,
	    "  PROG_UNAVAIL: silent");
	f.indirect = true;
	ok(fwd_start(&f, &caller, 1000), "an INDIRECT");
	is_int(answer(3 /* PROC_UNAVAIL */, NULL, 0, 1001), 1,
	    "  PROC_UNAVAIL: answered");
	is_int(out_word(obuf, 5), 3, "  as PROC_UNAVAIL");
	ok(fwd_start(&f, &caller, 1000), "an INDIRECT");
	is_int(answer(2 /* PROG_MISMATCH */, mm, 2, 1001), 1,
	    "  PROG_MISMATCH 2-3: answered");
	ok(out_word(obuf, 5) == 2 && out_word(obuf, 6) == 2 &&
	    out_word(obuf, 7) == 3, "  with the versions");
	ok(fwd_start(&f, &caller, 1000), "an INDIRECT");
	is_int(answer(2 /* PROG_MISMATCH */, mm, 1, 1001), 1,
	    "  PROG_MISMATCH without its versions: answered");
	is_int(out_word(obuf, 5), 5, "  as SYSTEM_ERR");
	f.indirect = false;
}

/* The table of calls in flight, and the calls that are not sent. */
static void
test_table(void)
{
	int started, i;

	/* The table: RB_FORWARD_MAX in flight, then expiry. */
	for (started = 0, i = 0; i < RB_FORWARD_MAX + 1; i++)
		started += fwd_start(&f, &caller, 5000);
	is_int(started, RB_FORWARD_MAX, "%d calls in flight at most",
	    RB_FORWARD_MAX);
	fwd_expire(5000 + RB_FORWARD_TIMEOUT_MS);
	ok(!fwd_start(&f, &caller, 5000), "  none expired at the deadline");
	fwd_expire(5000 + RB_FORWARD_TIMEOUT_MS + 1);
	ok(fwd_start(&f, &caller, 9000), "  after it, room again");

	/* Arguments that do not fit the call. */
	{
		static uint8_t args[RB_RMTARGS_MAX + 64];

		f.args = args;
		f.argslen = sizeof(args);
		ok(!fwd_start(&f, &caller, 9000),
		    "arguments larger than a call holds: not sent");
		f.args = NULL;
		f.argslen = 0;
	}
	f.target = ss_port("203.0.113.5", 2049);
	ok(!fwd_start(&f, &caller, 9000), "a target not permitted: not sent");
	f.target = ss_port("127.0.0.1", 0);
	ok(!fwd_start(&f, &caller, 9000), "port 0: sendto fails, not sent");
}

int
main(void)
{
	struct sockaddr_storage svc, other_addr;
	int ofd;

	test_permit();
	/* Before the forwarding sockets are open, nothing can go out. */
	f.target = ss_port("127.0.0.1", 2049);
	ok(!fwd_start(&f, &caller, 0), "no socket for the family: not sent");
	if (fwd_open() == -1 || (sfd = service(&svc)) == -1 ||
	    (ofd = service(&other_addr)) == -1) {
		ok(false, "sockets");
		return done_testing();
	}
	memset(&f, 0, sizeof(f));
	f.xid = 0x11111111;
	f.vers = 4;
	f.prog = 100003;
	f.pvers = 3;
	f.pproc = 0;
	f.target = svc;
	f.targetlen = sizeof(struct sockaddr_in);
	f.netid = "udp";
	strcpy(f.uaddr, "127.0.0.1.8.1");
	memset(&caller, 0, sizeof(caller));
	caller.tr = TR_UDP;
	caller.lfd = 7;
	caller.peer = ss_port("198.51.100.9", 999);

	test_success(ofd);
	test_ipv6();
	test_failures();
	test_table();
	close(sfd);
	close(ofd);
	return done_testing();
}
