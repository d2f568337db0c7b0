/*
 * rpcbtool — a multi-call libtirpc client for the system tests.
 *
 * Each subcommand drives one libtirpc entry point (rpcb_set, pmap_getport,
 * rpc_broadcast, ...) exactly as a real program would, so the tests see the
 * bytes real clients send; the "raw" subcommands talk to the portmapper with
 * an explicit protocol version, procedure and transport for the cases the
 * library hides (GETVERSADDR, a v2 DUMP over the local socket, ...). The
 * "server" subcommand is a real svc_create() service (an echo of a u_int)
 * that unregisters on SIGTERM.
 *
 * Output is one result per line on stdout, fields separated by one space;
 * errors go to stderr. Exit status: 0 success (a boolean call returned
 * TRUE), 1 failure (FALSE, RPC error, timeout), 2 usage.
 *
 * Every run is bounded by a watchdog (-t, default 10 s): libtirpc's own
 * timeouts for rpcb_* calls are 60 s, far too long for a test.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#else
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stddef.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <netconfig.h>
#include <rpc/rpc.h>
#include <rpc/pmap_clnt.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpcb_clnt.h>
#include <rpc/rpcb_prot.h>

#define RPCB_SOCK_PATH "/run/rpcbind.sock"
#define ECHO_PROC 1

static const char *progname = "rpcbtool";
static int opt_timeout = 10;            /* watchdog and RPC timeout, seconds */
static const char *opt_netid = "local"; /* transport of raw portmapper calls */
static const char *opt_host;            /* host of raw portmapper calls */
static rpcvers_t opt_vers = RPCBVERS;   /* version of raw portmapper calls */
static int opt_abstract;                /* raw "local" calls: abstract socket */

static volatile sig_atomic_t got_term;
static char empty[] = "";

/* libtirpc declares xdr_void(void); a properly typed stand-in. */
static bool_t
xdr_none(XDR *xdrs, void *p)
{
	(void)xdrs;
	(void)p;
	return TRUE;
}

static void usage(void) __attribute__((noreturn));
static void
usage(void)
{
	fprintf(stderr,
"usage: %s [-t SECS] [-T NETID] [-H HOST] [-V VERS] [-A] COMMAND ARGS...\n"
"libtirpc calls:\n"
"  set PROG VERS NETID UADDR        rpcb_set              -> TRUE|FALSE\n"
"  unset PROG VERS [NETID]          rpcb_unset (all netids without NETID)\n"
"  pmap_set PROG VERS udp|tcp PORT  pmap_set              -> TRUE|FALSE\n"
"  pmap_unset PROG VERS             pmap_unset            -> TRUE|FALSE\n"
"  svc_reg PROG VERS NETID          svc_tli_create+svc_reg -> UADDR\n"
"  svc_unreg PROG VERS              svc_unreg\n"
"  getaddr PROG VERS NETID [HOST]   rpcb_getaddr          -> UADDR\n"
"    (HOST defaults to -H, else 127.0.0.1 or ::1 by the netid's family)\n"
"  getport PROG VERS udp|tcp [IPV4] pmap_getport          -> PORT\n"
"  getmaps [NETID [HOST]]           rpcb_getmaps          -> PROG VERS NETID UADDR OWNER\n"
"  pmap_getmaps [IPV4]              pmap_getmaps          -> PROG VERS PROTO PORT\n"
"  gettime [HOST]                   rpcb_gettime          -> SECONDS\n"
"  taddr2uaddr NETID UADDR          rpcb_taddr2uaddr      -> UADDR\n"
"  uaddr2taddr NETID UADDR          rpcb_uaddr2taddr      -> UADDR (decoded locally)\n"
"    (both go over the local socket, so the daemon converts for \"local\")\n"
"  rmtcall NETID PROG VERS VALUE [HOST]   rpcb_rmtcall    -> VALUE UADDR\n"
"  pmap_rmtcall PROG VERS VALUE [IPV4]    pmap_rmtcall    -> VALUE PORT\n"
"  broadcast NETTYPE PROG VERS VALUE      rpc_broadcast_exp -> VALUE UADDR\n"
"  clnt_broadcast PROG VERS VALUE         clnt_broadcast  -> VALUE IPV4\n"
"  server PROG VERS [NETTYPE]       svc_create echo server (proc 1 echoes a u_int)\n"
"  call NETTYPE PROG VERS VALUE [HOST]    clnt_create + proc 1 -> VALUE\n"
"    (NETTYPE udp6/tcp6: clnt_tp_create with that netid)\n"
"  udpsink ADDR PORT                count datagrams to ADDR PORT until SIGTERM or\n"
"                                   the -t time -> ready, then DATAGRAMS BYTES\n"
"  squat [NAME]                     hold the abstract socket NAME (/run/rpcbind.sock)\n"
"                                   until SIGTERM or the -t time -> ready PID\n"
"raw portmapper calls (over -T NETID to -H HOST, version -V):\n"
"  null                             NULLPROC              -> OK\n"
"  dump                             DUMP                  -> as getmaps / pmap_getmaps\n"
"  rset PROG VERS NETID UADDR [OWNER]  SET (v2: udp|tcp, UADDR's port) -> TRUE|FALSE\n"
"  runset PROG VERS [NETID]         UNSET                 -> TRUE|FALSE\n"
"  rgetaddr PROG VERS NETID         v2 GETPORT, v3/v4 GETADDR -> UADDR (\"\" if none)\n"
"  rgetversaddr PROG VERS NETID     v4 GETVERSADDR        -> UADDR (\"\" if none)\n"
"  rtaddr2uaddr UADDR               TADDR2UADDR of UADDR's -T form -> UADDR\n"
"  ruaddr2taddr UADDR               UADDR2TADDR, decoded for -T -> UADDR\n"
"  rindirect PROG VERS VALUE        v4 INDIRECT of proc 1 (the echo) -> VALUE UADDR,\n"
"                                   or the RPC error on stdout and status 1\n"
"options: -t watchdog/timeout seconds (10), -T netid (local), -H host\n"
"  (127.0.0.1 or ::1), -V version (2), -A use the abstract local socket\n",
		progname);
	exit(2);
}

static void
on_alarm(int sig)
{
	static const char msg[] = "rpcbtool: timeout (watchdog)\n";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(1);
}

static void
on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static unsigned long
num(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno != 0 || *s == '\0' || *end != '\0') {
		fprintf(stderr, "%s: bad %s: %s\n", progname, what, s);
		exit(2);
	}
	return v;
}

static struct netconfig *
netconf(const char *netid)
{
	struct netconfig *nc = getnetconfigent(netid);

	if (nc == NULL) {
		fprintf(stderr, "%s: unknown netid %s\n", progname, netid);
		exit(2);
	}
	return nc;
}

static int
proto_of(const char *s)
{
	if (strcmp(s, "udp") == 0)
		return IPPROTO_UDP;
	if (strcmp(s, "tcp") == 0)
		return IPPROTO_TCP;
	fprintf(stderr, "%s: protocol must be udp or tcp: %s\n", progname, s);
	exit(2);
}

static struct timeval
tv_timeout(void)
{
	struct timeval tv = { .tv_sec = opt_timeout > 2 ? opt_timeout - 1 : 1 };

	return tv;
}

static struct sockaddr_in
sin_of(const char *host)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	if (inet_pton(AF_INET, host ? host : "127.0.0.1", &sin.sin_addr) != 1) {
		fprintf(stderr, "%s: not an IPv4 address: %s\n", progname, host);
		exit(2);
	}
	return sin;
}

/* The default host of a lookup: the loopback address of the netid's family. */
static const char *
host_for(const struct netconfig *nc, int argc, char **argv, int idx)
{
	if (argc > idx)
		return argv[idx];
	if (opt_host != NULL)
		return opt_host;
	return strcmp(nc->nc_protofmly, NC_INET6) == 0 ? "::1" : "127.0.0.1";
}

static int
print_bool(const char *what, bool_t r)
{
	(void)what;
	puts(r ? "TRUE" : "FALSE");
	return r ? 0 : 1;
}

/* A uaddr for a netbuf, converted locally (no portmapper involved). */
static char *
uaddr_of(const struct netconfig *nc, const struct netbuf *nb)
{
	char *u = taddr2uaddr(nc, nb);

	return u ? u : strdup("?");
}

/* ---- libtirpc calls ---------------------------------------------------- */

static int
cmd_set(int argc, char **argv)
{
	struct netconfig *nc;
	struct netbuf *nb;

	if (argc != 5)
		usage();
	nc = netconf(argv[3]);
	nb = uaddr2taddr(nc, argv[4]);
	if (nb == NULL) {
		fprintf(stderr, "%s: bad uaddr %s for %s\n", progname, argv[4], argv[3]);
		return 2;
	}
	return print_bool("rpcb_set", rpcb_set(num(argv[1], "program"),
	    num(argv[2], "version"), nc, nb));
}

static int
cmd_unset(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		usage();
	return print_bool("rpcb_unset", rpcb_unset(num(argv[1], "program"),
	    num(argv[2], "version"), argc == 4 ? netconf(argv[3]) : NULL));
}

static int
cmd_pmap_set(int argc, char **argv)
{
	if (argc != 5)
		usage();
	return print_bool("pmap_set", pmap_set(num(argv[1], "program"),
	    num(argv[2], "version"), proto_of(argv[3]),
	    (int)num(argv[4], "port")));
}

static int
cmd_pmap_unset(int argc, char **argv)
{
	if (argc != 3)
		usage();
	return print_bool("pmap_unset", pmap_unset(num(argv[1], "program"),
	    num(argv[2], "version")));
}

static void
null_dispatch(struct svc_req *rq, SVCXPRT *xprt)
{
	(void)rq;
	svc_sendreply(xprt, (xdrproc_t)xdr_none, NULL);
}

static int
cmd_svc_reg(int argc, char **argv)
{
	struct netconfig *nc;
	SVCXPRT *xprt;

	if (argc != 4)
		usage();
	nc = netconf(argv[3]);
	xprt = svc_tli_create(RPC_ANYFD, nc, NULL, 0, 0);
	if (xprt == NULL) {
		fprintf(stderr, "%s: svc_tli_create %s failed\n", progname, argv[3]);
		return 1;
	}
	if (!svc_reg(xprt, num(argv[1], "program"), num(argv[2], "version"),
	    null_dispatch, nc)) {
		fprintf(stderr, "%s: svc_reg failed\n", progname);
		return 1;
	}
	/* Exits without unregistering: the mapping stays for the test. */
	printf("%s\n", uaddr_of(nc, &xprt->xp_ltaddr));
	return 0;
}

static int
cmd_svc_unreg(int argc, char **argv)
{
	if (argc != 3)
		usage();
	svc_unreg(num(argv[1], "program"), num(argv[2], "version"));
	puts("OK");
	return 0;
}

static int
cmd_getaddr(int argc, char **argv)
{
	struct netconfig *nc;
	struct netbuf nb;
	struct sockaddr_storage ss;

	if (argc != 4 && argc != 5)
		usage();
	nc = netconf(argv[3]);
	nb.buf = &ss;
	nb.maxlen = sizeof(ss);
	nb.len = 0;
	if (!rpcb_getaddr(num(argv[1], "program"), num(argv[2], "version"), nc,
	    &nb, host_for(nc, argc, argv, 4))) {
		clnt_pcreateerror("rpcbtool: rpcb_getaddr");
		return 1;
	}
	printf("%s\n", uaddr_of(nc, &nb));
	return 0;
}

static int
cmd_getport(int argc, char **argv)
{
	struct sockaddr_in sin;
	u_short port;

	if (argc != 4 && argc != 5)
		usage();
	sin = sin_of(argc == 5 ? argv[4] : NULL);
	port = pmap_getport(&sin, num(argv[1], "program"),
	    num(argv[2], "version"), (u_int)proto_of(argv[3]));
	if (port == 0) {
		clnt_pcreateerror("rpcbtool: pmap_getport");
		return 1;
	}
	printf("%u\n", port);
	return 0;
}

static void
print_rpcblist(rpcblist *l)
{
	for (; l != NULL; l = l->rpcb_next)
		printf("%lu %lu %s %s %s\n", (unsigned long)l->rpcb_map.r_prog,
		    (unsigned long)l->rpcb_map.r_vers, l->rpcb_map.r_netid,
		    l->rpcb_map.r_addr, l->rpcb_map.r_owner);
}

static void
print_pmaplist(struct pmaplist *l)
{
	for (; l != NULL; l = l->pml_next)
		printf("%lu %lu %s %lu\n", l->pml_map.pm_prog,
		    l->pml_map.pm_vers,
		    l->pml_map.pm_prot == IPPROTO_UDP ? "udp" :
		    l->pml_map.pm_prot == IPPROTO_TCP ? "tcp" : "?",
		    l->pml_map.pm_port);
}

static int
cmd_getmaps(int argc, char **argv)
{
	rpcblist *l;
	struct netconfig *nc;

	if (argc > 3)
		usage();
	nc = netconf(argc >= 2 ? argv[1] : "udp");
	rpc_createerr.cf_stat = RPC_SUCCESS;
	l = rpcb_getmaps(nc, host_for(nc, argc, argv, 2));
	if (l == NULL && rpc_createerr.cf_stat != RPC_SUCCESS) {
		clnt_pcreateerror("rpcbtool: rpcb_getmaps");
		return 1;
	}
	print_rpcblist(l);
	return 0;
}

static int
cmd_pmap_getmaps(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct pmaplist *l;

	if (argc > 2)
		usage();
	sin = sin_of(argc == 2 ? argv[1] : NULL);
	l = pmap_getmaps(&sin);
	if (l == NULL) {
		fprintf(stderr, "%s: pmap_getmaps: empty or failed\n", progname);
		return 1;
	}
	print_pmaplist(l);
	return 0;
}

static int
cmd_gettime(int argc, char **argv)
{
	/* libtirpc decodes the reply with xdr_int into this time_t: only
	 * its low 32 bits are written, so the rest must be zero already
	 * (left uninitialised, an -O0 build printed stack garbage). */
	time_t t = 0;

	if (argc > 2)
		usage();
	if (!rpcb_gettime(argc == 2 ? argv[1] : "127.0.0.1", &t)) {
		clnt_pcreateerror("rpcbtool: rpcb_gettime");
		return 1;
	}
	printf("%lld\n", (long long)t);
	return 0;
}

static int
cmd_taddr2uaddr(int argc, char **argv)
{
	struct netconfig *nc;
	struct netbuf *nb;
	char *u;

	if (argc != 3)
		usage();
	nc = netconf(argv[1]);
	nb = uaddr2taddr(nc, argv[2]);
	if (nb == NULL) {
		fprintf(stderr, "%s: bad uaddr %s\n", progname, argv[2]);
		return 2;
	}
	u = rpcb_taddr2uaddr(nc, nb);
	if (u == NULL) {
		clnt_pcreateerror("rpcbtool: rpcb_taddr2uaddr");
		return 1;
	}
	printf("%s\n", u);
	return 0;
}

static int
cmd_uaddr2taddr(int argc, char **argv)
{
	struct netconfig *nc;
	struct netbuf *nb;

	if (argc != 3)
		usage();
	nc = netconf(argv[1]);
	nb = rpcb_uaddr2taddr(nc, argv[2]);
	if (nb == NULL) {
		clnt_pcreateerror("rpcbtool: rpcb_uaddr2taddr");
		return 1;
	}
	printf("%s\n", uaddr_of(nc, nb));
	return 0;
}

static int
cmd_rmtcall(int argc, char **argv)
{
	struct netconfig *nc;
	struct netbuf nb;
	struct sockaddr_storage ss;
	u_int arg, res = 0;
	enum clnt_stat st;

	if (argc != 5 && argc != 6)
		usage();
	nc = netconf(argv[1]);
	arg = (u_int)num(argv[4], "value");
	memset(&ss, 0, sizeof(ss));
	nb.buf = &ss;
	nb.maxlen = sizeof(ss);
	nb.len = 0;
	st = rpcb_rmtcall(nc, host_for(nc, argc, argv, 5),
	    num(argv[2], "program"), num(argv[3], "version"), ECHO_PROC,
	    (xdrproc_t)xdr_u_int, (caddr_t)&arg,
	    (xdrproc_t)xdr_u_int, (caddr_t)&res, tv_timeout(), &nb);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "%s: rpcb_rmtcall: %s\n", progname, clnt_sperrno(st));
		return 1;
	}
	printf("%u %s\n", res, nb.len ? uaddr_of(nc, &nb) : "-");
	return 0;
}

static int
cmd_pmap_rmtcall(int argc, char **argv)
{
	struct sockaddr_in sin;
	u_int arg, res = 0;
	u_long port = 0;
	enum clnt_stat st;

	if (argc != 4 && argc != 5)
		usage();
	sin = sin_of(argc == 5 ? argv[4] : NULL);
	arg = (u_int)num(argv[3], "value");
	st = pmap_rmtcall(&sin, num(argv[1], "program"), num(argv[2], "version"),
	    ECHO_PROC, (xdrproc_t)xdr_u_int, (caddr_t)&arg,
	    (xdrproc_t)xdr_u_int, (caddr_t)&res, tv_timeout(), &port);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "%s: pmap_rmtcall: %s\n", progname, clnt_sperrno(st));
		return 1;
	}
	printf("%u %lu\n", res, port);
	return 0;
}

/* rpc_broadcast's eachresult: (resp, struct netbuf *, struct netconfig *). */
static bool_t
bcast_each(caddr_t resp, ...)
{
	va_list ap;
	struct netbuf *nb;
	struct netconfig *nc;

	va_start(ap, resp);
	nb = va_arg(ap, struct netbuf *);
	nc = va_arg(ap, struct netconfig *);
	va_end(ap);
	printf("%u %s\n", *(u_int *)(void *)resp, uaddr_of(nc, nb));
	return TRUE; /* the first answer is enough */
}

/* clnt_broadcast's eachresult: (resp, struct sockaddr_in *). */
static bool_t
clnt_bcast_each(caddr_t resp, ...)
{
	va_list ap;
	struct sockaddr_in *sin;
	char buf[INET_ADDRSTRLEN];

	va_start(ap, resp);
	sin = va_arg(ap, struct sockaddr_in *);
	va_end(ap);
	if (inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf)) == NULL)
		strcpy(buf, "?");
	printf("%u %s\n", *(u_int *)(void *)resp, buf);
	return TRUE;
}

static int
cmd_broadcast(int argc, char **argv)
{
	u_int arg, res = 0;
	enum clnt_stat st;
	/* Rounds of inittime, doubling up to waittime: at most 2 x waittime. */
	int ms = (opt_timeout > 2 ? opt_timeout - 1 : 1) * 500;

	if (argc != 5)
		usage();
	arg = (u_int)num(argv[4], "value");
	st = rpc_broadcast_exp(num(argv[2], "program"), num(argv[3], "version"),
	    ECHO_PROC, (xdrproc_t)xdr_u_int, (caddr_t)&arg,
	    (xdrproc_t)xdr_u_int, (caddr_t)&res, (resultproc_t)bcast_each,
	    ms < 1000 ? ms : 1000, ms, argv[1]);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "%s: rpc_broadcast: %s\n", progname, clnt_sperrno(st));
		return 1;
	}
	return 0;
}

static int
cmd_clnt_broadcast(int argc, char **argv)
{
	u_int arg, res = 0;
	enum clnt_stat st;

	if (argc != 4)
		usage();
	arg = (u_int)num(argv[3], "value");
	/* libtirpc's fixed timeouts (4 s, 8 s): the watchdog bounds it. */
	st = clnt_broadcast(num(argv[1], "program"), num(argv[2], "version"),
	    ECHO_PROC, (xdrproc_t)xdr_u_int, &arg, (xdrproc_t)xdr_u_int, &res,
	    (resultproc_t)clnt_bcast_each);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "%s: clnt_broadcast: %s\n", progname, clnt_sperrno(st));
		return 1;
	}
	return 0;
}

/* ---- echo server and its client ----------------------------------------- */

static void
echo_dispatch(struct svc_req *rq, SVCXPRT *xprt)
{
	u_int v = 0;

	switch (rq->rq_proc) {
	case NULLPROC:
		svc_sendreply(xprt, (xdrproc_t)xdr_none, NULL);
		return;
	case ECHO_PROC:
		if (!svc_getargs(xprt, (xdrproc_t)xdr_u_int, (caddr_t)&v)) {
			svcerr_decode(xprt);
			return;
		}
		svc_sendreply(xprt, (xdrproc_t)xdr_u_int, (caddr_t)&v);
		return;
	default:
		svcerr_noproc(xprt);
	}
}

/*
 * Serve until SIGTERM/SIGINT, then unregister (svc_unreg) and exit 0. The
 * loop is our own svc_run() so the signal flag is seen within 200 ms; the
 * poll set is copied because svc_getreq_poll() may change svc_pollfd.
 */
static int
cmd_server(int argc, char **argv)
{
	struct sigaction sa;
	struct pollfd *fds = NULL;
	rpcprog_t prog;
	rpcvers_t vers;
	int n;

	if (argc != 3 && argc != 4)
		usage();
	prog = num(argv[1], "program");
	vers = num(argv[2], "version");
	alarm(0); /* a server runs until told to stop */

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	rpcb_unset(prog, vers, NULL);
	n = svc_create(echo_dispatch, prog, vers, argc == 4 ? argv[3] : "visible");
	if (n == 0) {
		fprintf(stderr, "%s: svc_create failed\n", progname);
		return 1;
	}
	printf("ready %d\n", n);
	fflush(stdout);

	while (!got_term) {
		int nfds = svc_max_pollfd, r;
		struct pollfd *p = realloc(fds, sizeof(*fds) * (size_t)(nfds ? nfds : 1));

		if (p == NULL) {
			fprintf(stderr, "%s: out of memory\n", progname);
			break;
		}
		fds = p;
		memcpy(fds, svc_pollfd, sizeof(*fds) * (size_t)nfds);
		r = poll(fds, (nfds_t)nfds, 200);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			perror("rpcbtool: poll");
			break;
		}
		if (r > 0)
			svc_getreq_poll(fds, r);
	}
	free(fds);
	alarm((unsigned)opt_timeout); /* bound the unregistration */
	svc_unreg(prog, vers);
	puts("unregistered");
	return got_term ? 0 : 1;
}

/* ---- helpers that stand in for other hosts and other users ------------- */

/* Waits until SIGTERM/SIGINT or the -t time has passed, polling `fd` for
 * datagrams to count when counts is not NULL. */
static void
hold(int fd, unsigned long *counts)
{
	struct sigaction sa;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	time_t end = time(NULL) + opt_timeout;
	char buf[65536];
	ssize_t n;

	alarm(0); /* bounded by its own deadline, and it reports at the end */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!got_term && time(NULL) < end) {
		if (poll(&pfd, counts != NULL ? 1 : 0, 200) <= 0)
			continue;
		while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC)) >= 0) {
			counts[0]++;
			counts[1] += (unsigned long)n;
		}
	}
}

static int
cmd_udpsink(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned long counts[2] = { 0, 0 };
	int fd;

	if (argc != 3)
		usage();
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, argv[1], &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		ss.ss_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)num(argv[2], "port"));
		len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, argv[1], &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		ss.ss_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)num(argv[2], "port"));
		len = sizeof(struct sockaddr_in6);
	} else
		usage();
	if ((fd = socket(ss.ss_family, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&ss, len) == -1) {
		perror("rpcbtool: udpsink");
		return 1;
	}
	puts("ready");
	hold(fd, counts);
	printf("%lu %lu\n", counts[0], counts[1]);
	return 0;
}

static int
cmd_squat(int argc, char **argv)
{
	const char *name = argc == 2 ? argv[1] : "/run/rpcbind.sock";
	struct sockaddr_un sun;
	size_t len = strlen(name);
	int fd;

	if (argc > 2 || len + 1 >= sizeof(sun.sun_path))
		usage();
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_LOCAL;
	memcpy(sun.sun_path + 1, name, len);	/* sun_path[0] = 0: abstract */
	if ((fd = socket(AF_LOCAL, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) == -1 ||
	    listen(fd, 8) == -1) {
		perror("rpcbtool: squat");
		return 1;
	}
	printf("ready %ld\n", (long)getpid());
	hold(fd, NULL);
	return 0;
}

static int
cmd_call(int argc, char **argv)
{
	CLIENT *cl;
	u_int arg, res = 0;
	enum clnt_stat st;
	struct timeval tv = tv_timeout();

	if (argc != 5 && argc != 6)
		usage();
	arg = (u_int)num(argv[4], "value");
	if (strcmp(argv[1], "udp6") == 0 || strcmp(argv[1], "tcp6") == 0) {
		/* Not nettypes: one netid, through clnt_tp_create(). */
		struct netconfig *nc = netconf(argv[1]);

		cl = clnt_tp_create(host_for(nc, argc, argv, 5),
		    num(argv[2], "program"), num(argv[3], "version"), nc);
	} else {
		cl = clnt_create(argc == 6 ? argv[5] : opt_host ? opt_host : "localhost",
		    num(argv[2], "program"), num(argv[3], "version"), argv[1]);
	}
	if (cl == NULL) {
		clnt_pcreateerror("rpcbtool: clnt_create");
		return 1;
	}
	clnt_control(cl, CLSET_TIMEOUT, (char *)&tv);
	st = clnt_call(cl, ECHO_PROC, (xdrproc_t)xdr_u_int, (caddr_t)&arg,
	    (xdrproc_t)xdr_u_int, (caddr_t)&res, tv);
	if (st != RPC_SUCCESS) {
		clnt_perror(cl, "rpcbtool: call");
		return 1;
	}
	printf("%u\n", res);
	clnt_destroy(cl);
	return 0;
}

/* ---- raw portmapper calls ---------------------------------------------- */

/*
 * A client of the portmapper itself on opt_netid: the local socket (path or
 * abstract) for "local"/"unix", else HOST port 111. No portmapper lookup is
 * involved in finding it.
 */
static CLIENT *
pm_client(struct netconfig **ncp)
{
	struct netconfig *nc = netconf(opt_netid);
	struct sockaddr_storage ss;
	struct netbuf nb;
	CLIENT *cl;
	struct timeval tv = tv_timeout();

	memset(&ss, 0, sizeof(ss));
	if (strcmp(nc->nc_protofmly, NC_LOOPBACK) == 0) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		size_t len = strlen(RPCB_SOCK_PATH);

		sun->sun_family = AF_LOCAL;
		if (opt_abstract) {
			/* "\0/run/rpcbind.sock": the kernel's first choice. */
			memcpy(sun->sun_path + 1, RPCB_SOCK_PATH, len);
			nb.len = (unsigned)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
		} else {
			memcpy(sun->sun_path, RPCB_SOCK_PATH, len + 1);
			nb.len = (unsigned)sizeof(*sun);
		}
	} else {
		struct addrinfo hints, *ai;
		int family = strcmp(nc->nc_protofmly, NC_INET6) == 0 ? AF_INET6 : AF_INET;
		const char *host = opt_host ? opt_host :
		    family == AF_INET6 ? "::1" : "127.0.0.1";
		int e;

		memset(&hints, 0, sizeof(hints));
		hints.ai_family = family;
		hints.ai_socktype = nc->nc_semantics == NC_TPI_CLTS ? SOCK_DGRAM : SOCK_STREAM;
		e = getaddrinfo(host, "111", &hints, &ai);
		if (e != 0) {
			fprintf(stderr, "%s: %s: %s\n", progname, host, gai_strerror(e));
			exit(1);
		}
		memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
		nb.len = ai->ai_addrlen;
		freeaddrinfo(ai);
	}
	nb.maxlen = sizeof(ss);
	nb.buf = &ss;
	cl = clnt_tli_create(RPC_ANYFD, nc, &nb, PMAPPROG, opt_vers, 0, 0);
	if (cl == NULL) {
		clnt_pcreateerror("rpcbtool: portmapper client");
		exit(1);
	}
	clnt_control(cl, CLSET_TIMEOUT, (char *)&tv);
	if (strcmp(nc->nc_netid, "local") != 0 && strcmp(nc->nc_netid, "unix") != 0)
		clnt_control(cl, CLSET_RETRY_TIMEOUT, (char *)&(struct timeval){ .tv_sec = 1 });
	if (ncp != NULL)
		*ncp = nc;
	return cl;
}

static int
raw_call(CLIENT *cl, rpcproc_t proc, xdrproc_t xa, void *a, xdrproc_t xr, void *r)
{
	enum clnt_stat st = clnt_call(cl, proc, xa, a, xr, r, tv_timeout());

	if (st != RPC_SUCCESS) {
		clnt_perror(cl, "rpcbtool: raw call");
		return -1;
	}
	return 0;
}

/* INDIRECT's arguments and results (RFC 1833 rpcb_rmtcallargs/res), with
 * the echo's one u_int as the opaque body. */
struct indirect {
	u_int	prog, vers, proc, value;
	char	addr[128];	/* a universal address */
	char	*addrp;
};

static bool_t
xdr_indirect_args(XDR *x, void *p)
{
	struct indirect *a = p;
	u_int len = 4;

	return xdr_u_int(x, &a->prog) && xdr_u_int(x, &a->vers) &&
	    xdr_u_int(x, &a->proc) && xdr_u_int(x, &len) &&
	    xdr_u_int(x, &a->value);
}

static bool_t
xdr_indirect_res(XDR *x, void *p)
{
	struct indirect *r = p;
	u_int len = 0;

	r->addrp = r->addr;
	return xdr_string(x, &r->addrp, sizeof(r->addr) - 1) &&
	    xdr_u_int(x, &len) && len == 4 && xdr_u_int(x, &r->value);
}

static int
cmd_rindirect(int argc, char **argv)
{
	struct indirect a = { 0 }, r = { 0 };
	enum clnt_stat st;
	CLIENT *cl;

	if (argc != 4)
		usage();
	a.prog = (u_int)num(argv[1], "program");
	a.vers = (u_int)num(argv[2], "version");
	a.proc = ECHO_PROC;
	a.value = (u_int)num(argv[3], "value");
	cl = pm_client(NULL);
	st = clnt_call(cl, 10, (xdrproc_t)xdr_indirect_args, (caddr_t)&a,
	    (xdrproc_t)xdr_indirect_res, (caddr_t)&r, tv_timeout());
	if (st != RPC_SUCCESS) {
		printf("%s\n", clnt_sperrno(st));
		return 1;
	}
	printf("%u %s\n", r.value, r.addr);
	return 0;
}

/* The portmapper client of a command that takes no arguments. */
static CLIENT *
pm_client_noargs(int argc)
{
	if (argc != 1)
		usage();
	return pm_client(NULL);
}

static int
cmd_null(int argc, char **argv)
{
	CLIENT *cl = pm_client_noargs(argc);

	(void)argv;
	if (raw_call(cl, NULLPROC, (xdrproc_t)xdr_none, NULL, (xdrproc_t)xdr_none, NULL) == -1)
		return 1;
	puts("OK");
	return 0;
}

static int
cmd_dump(int argc, char **argv)
{
	CLIENT *cl = pm_client_noargs(argc);

	(void)argv;
	if (opt_vers == PMAPVERS) {
		struct pmaplist *l = NULL;

		if (raw_call(cl, PMAPPROC_DUMP, (xdrproc_t)xdr_none, NULL,
		    (xdrproc_t)xdr_pmaplist_ptr, &l) == -1)
			return 1;
		print_pmaplist(l);
	} else {
		rpcblist *l = NULL;

		if (raw_call(cl, RPCBPROC_DUMP, (xdrproc_t)xdr_none, NULL,
		    (xdrproc_t)xdr_rpcblist_ptr, &l) == -1)
			return 1;
		print_rpcblist(l);
	}
	return 0;
}

/* The port of a uaddr "h1.h2.h3.h4.p1.p2" / "x::y.p1.p2". */
static unsigned long
uaddr_port(const char *u)
{
	const char *p2 = strrchr(u, '.');
	const char *p1;

	if (p2 == NULL || p2 == u)
		return 0;
	for (p1 = p2 - 1; p1 > u && *p1 != '.'; p1--)
		;
	if (*p1 != '.')
		return 0;
	return strtoul(p1 + 1, NULL, 10) * 256 + strtoul(p2 + 1, NULL, 10);
}

static int
cmd_rset(int argc, char **argv, int set)
{
	CLIENT *cl;
	bool_t res = FALSE;
	char owner[32];

	if (set ? (argc != 5 && argc != 6) : (argc != 3 && argc != 4))
		usage();
	cl = pm_client(NULL);
	if (opt_vers == PMAPVERS) {
		struct pmap pm = {
			.pm_prog = num(argv[1], "program"),
			.pm_vers = num(argv[2], "version"),
			.pm_prot = argc > 3 ? (u_long)proto_of(argv[3]) : 0,
			.pm_port = set ? uaddr_port(argv[4]) : 0,
		};
		if (raw_call(cl, set ? PMAPPROC_SET : PMAPPROC_UNSET,
		    (xdrproc_t)xdr_pmap, &pm, (xdrproc_t)xdr_bool, &res) == -1)
			return 1;
	} else {
		RPCB r = {
			.r_prog = num(argv[1], "program"),
			.r_vers = num(argv[2], "version"),
			.r_netid = argc > 3 ? argv[3] : empty,
			.r_addr = set ? argv[4] : empty,
			.r_owner = owner,
		};
		if (argc == 6)
			snprintf(owner, sizeof(owner), "%s", argv[5]);
		else
			snprintf(owner, sizeof(owner), "%u", (unsigned)geteuid());
		if (raw_call(cl, set ? RPCBPROC_SET : RPCBPROC_UNSET,
		    (xdrproc_t)xdr_rpcb, &r, (xdrproc_t)xdr_bool, &res) == -1)
			return 1;
	}
	return print_bool(set ? "SET" : "UNSET", res);
}

static int
cmd_rgetaddr(int argc, char **argv, rpcproc_t proc)
{
	CLIENT *cl;
	struct netconfig *nc;

	if (argc != 4)
		usage();
	cl = pm_client(&nc);
	if (opt_vers == PMAPVERS) {
		struct pmap pm = {
			.pm_prog = num(argv[1], "program"),
			.pm_vers = num(argv[2], "version"),
			.pm_prot = (u_long)proto_of(argv[3]),
		};
		u_long port = 0;

		if (proc != RPCBPROC_GETADDR) {
			fprintf(stderr, "%s: GETVERSADDR needs -V 4\n", progname);
			return 2;
		}
		if (raw_call(cl, PMAPPROC_GETPORT, (xdrproc_t)xdr_pmap, &pm,
		    (xdrproc_t)xdr_u_long, &port) == -1)
			return 1;
		printf("%lu\n", port);
	} else {
		char addrbuf[128] = "";
		/* The caller's own address as a hint, as libtirpc sends it. */
		RPCB r = {
			.r_prog = num(argv[1], "program"),
			.r_vers = num(argv[2], "version"),
			.r_netid = argv[3],
			.r_addr = addrbuf,
			.r_owner = empty,
		};
		char *res = NULL;

		if (raw_call(cl, proc, (xdrproc_t)xdr_rpcb, &r,
		    (xdrproc_t)xdr_wrapstring, &res) == -1)
			return 1;
		printf("%s\n", res ? res : "");
	}
	return 0;
}

/* TADDR2UADDR / UADDR2TADDR, converted by the daemon for -T's netid. */
static int
cmd_rconv(int argc, char **argv, int to_uaddr)
{
	CLIENT *cl;
	struct netconfig *nc;
	struct netbuf *nb;

	if (argc != 2)
		usage();
	cl = pm_client(&nc);
	if (to_uaddr) {
		char *res = NULL;

		nb = uaddr2taddr(nc, argv[1]);
		if (nb == NULL) {
			fprintf(stderr, "%s: bad uaddr %s\n", progname, argv[1]);
			return 2;
		}
		if (raw_call(cl, RPCBPROC_TADDR2UADDR, (xdrproc_t)xdr_netbuf, nb,
		    (xdrproc_t)xdr_wrapstring, &res) == -1)
			return 1;
		printf("%s\n", res ? res : "");
	} else {
		struct netbuf res = { 0, 0, NULL };
		char *u = argv[1];

		if (raw_call(cl, RPCBPROC_UADDR2TADDR, (xdrproc_t)xdr_wrapstring, &u,
		    (xdrproc_t)xdr_netbuf, &res) == -1)
			return 1;
		printf("%s\n", res.len ? uaddr_of(nc, &res) : "");
	}
	return 0;
}

/* ---- main -------------------------------------------------------------- */

int
main(int argc, char **argv)
{
	struct sigaction sa;
	const char *cmd;
	int c;

	while ((c = getopt(argc, argv, "+t:T:H:V:A")) != -1) {
		switch (c) {
		case 't':
			opt_timeout = (int)num(optarg, "timeout");
			if (opt_timeout < 1)
				opt_timeout = 1;
			break;
		case 'T':
			opt_netid = optarg;
			break;
		case 'H':
			opt_host = optarg;
			break;
		case 'V':
			opt_vers = num(optarg, "version");
			break;
		case 'A':
			opt_abstract = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	cmd = argv[0];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)opt_timeout);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (strcmp(cmd, "set") == 0) return cmd_set(argc, argv);
	if (strcmp(cmd, "unset") == 0) return cmd_unset(argc, argv);
	if (strcmp(cmd, "pmap_set") == 0) return cmd_pmap_set(argc, argv);
	if (strcmp(cmd, "pmap_unset") == 0) return cmd_pmap_unset(argc, argv);
	if (strcmp(cmd, "svc_reg") == 0) return cmd_svc_reg(argc, argv);
	if (strcmp(cmd, "svc_unreg") == 0) return cmd_svc_unreg(argc, argv);
	if (strcmp(cmd, "getaddr") == 0) return cmd_getaddr(argc, argv);
	if (strcmp(cmd, "getport") == 0) return cmd_getport(argc, argv);
	if (strcmp(cmd, "getmaps") == 0) return cmd_getmaps(argc, argv);
	if (strcmp(cmd, "pmap_getmaps") == 0) return cmd_pmap_getmaps(argc, argv);
	if (strcmp(cmd, "gettime") == 0) return cmd_gettime(argc, argv);
	if (strcmp(cmd, "taddr2uaddr") == 0) return cmd_taddr2uaddr(argc, argv);
	if (strcmp(cmd, "uaddr2taddr") == 0) return cmd_uaddr2taddr(argc, argv);
	if (strcmp(cmd, "rmtcall") == 0) return cmd_rmtcall(argc, argv);
	if (strcmp(cmd, "rindirect") == 0) return cmd_rindirect(argc, argv);
	if (strcmp(cmd, "pmap_rmtcall") == 0) return cmd_pmap_rmtcall(argc, argv);
	if (strcmp(cmd, "broadcast") == 0) return cmd_broadcast(argc, argv);
	if (strcmp(cmd, "clnt_broadcast") == 0) return cmd_clnt_broadcast(argc, argv);
	if (strcmp(cmd, "server") == 0) return cmd_server(argc, argv);
	if (strcmp(cmd, "call") == 0) return cmd_call(argc, argv);
	if (strcmp(cmd, "udpsink") == 0) return cmd_udpsink(argc, argv);
	if (strcmp(cmd, "squat") == 0) return cmd_squat(argc, argv);
	if (strcmp(cmd, "null") == 0) return cmd_null(argc, argv);
	if (strcmp(cmd, "dump") == 0) return cmd_dump(argc, argv);
	if (strcmp(cmd, "rset") == 0) return cmd_rset(argc, argv, 1);
	if (strcmp(cmd, "runset") == 0) return cmd_rset(argc, argv, 0);
	if (strcmp(cmd, "rgetaddr") == 0) return cmd_rgetaddr(argc, argv, RPCBPROC_GETADDR);
	if (strcmp(cmd, "rgetversaddr") == 0) return cmd_rgetaddr(argc, argv, RPCBPROC_GETVERSADDR);
	if (strcmp(cmd, "rtaddr2uaddr") == 0) return cmd_rconv(argc, argv, 1);
	if (strcmp(cmd, "ruaddr2taddr") == 0) return cmd_rconv(argc, argv, 0);
	fprintf(stderr, "%s: unknown command %s\n", progname, cmd);
	usage();
}
