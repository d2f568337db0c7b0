/*
 * main.c — rpcbindd-check: see a portmapper the way an abuse scanner does.
 *
 * Run from another host against HOST (port 111 by default). Sends the
 * probes of probe.c, prints one line per probe, then a verdict. This file
 * reads the command line, tells whether HOST is this host, runs the
 * probes in order and turns what they saw into the verdict and the exit
 * status.
 *
 * Exit status: 0 not an open portmapper, 1 would be reported (a UDP DUMP or
 * GETSTAT answered, or UDP replies larger than their request or in more
 * than one datagram), 2 error, 3 not meaningful: HOST is this host (a
 * loopback, unspecified or local interface address), whose own queries a
 * portmapper counts as local.
 */
#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "probe.h"
#include "reply.h"

#define PROGNAME	"rpcbindd-check"
#define SYNOPSIS	PROGNAME " [-4|-6] [-q] [-t SECONDS] HOST [PORT]"

/* What the command line asks for. */
struct options {
	int		 family;	/* AF_UNSPEC, or -4 / -6 */
	bool		 quiet;		/* -q: the verdict line only */
	int		 timeout_ms;	/* -t, per probe */
	const char	*host;
	const char	*port;
};

/* What the probes add up to. */
struct tally {
	const struct probe *worst;	/* the largest UDP DUMP/GETSTAT answer */
	const struct probe *bigger;	/* the largest UDP amplification */
	const struct probe *tcpdump;	/* the TCP DUMP */
	bool		 reported;	/* worst or bigger was set */
	bool		 any_answer;	/* over UDP or TCP */
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: " SYNOPSIS "\n"
"\n"
"Probe HOST's portmapper (PORT, default 111) the way open-portmapper scans\n"
"do, and say whether it would be reported. Run it from a host outside your\n"
"network against your public address.\n"
"\n"
"  -4, -6        use only IPv4 / IPv6\n"
"  -q            print only the verdict line\n"
"  -t SECONDS    wait this long for each reply (default 2, at most 60)\n"
"  --help        print this help\n"
"\n"
"UDP probes: NULL v2, DUMP v2, DUMP v3, DUMP v4, GETSTAT v4,\n"
"GETPORT v2 (mountd, udp), GETADDR v4 (nfs, udp or udp6); then a TCP connect\n"
"and DUMP v2 over it (what `rpcinfo -p HOST` does). A UDP answer is every\n"
"datagram from HOST, any source port, until 0.5 s of quiet: more than one\n"
"is amplification.\n"
"\n"
"Exit status: 0 not an open portmapper, 1 would be reported, 2 error,\n"
"3 not meaningful: HOST is this host, whose own queries count as local.\n");
}

/* One line on stderr, exit 2. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs(PROGNAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ------------------------------------------------------------------ */
/* The command line */

/* -t SECONDS, in milliseconds (at least 1). */
static int
parse_timeout(const char *arg)
{
	char *end;
	double t;
	int ms;

	errno = 0;
	t = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' ||
	    !isfinite(t) || t <= 0 || t > 60)
		die("bad timeout '%s': expected seconds, more "
		    "than 0 and at most 60", arg);
	ms = (int)(t * 1000);
	return ms < 1 ? 1 : ms;
}

static void
check_port(const char *port)
{
	unsigned long pnum;
	char *end;

	errno = 0;
	pnum = strtoul(port, &end, 10);
	if (errno != 0 || end == port || *end != '\0' ||
	    port[0] < '0' || port[0] > '9' || pnum < 1 ||
	    pnum > 65535)
		die("bad port '%s': expected a number from 1 to 65535",
		    port);
}

/* The options; HOST and PORT are what is left. */
static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "46qt:", lopts, NULL)) != -1) {
		switch (c) {
		case '4':
			o->family = AF_INET;
			break;
		case '6':
			o->family = AF_INET6;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 't':
			o->timeout_ms = parse_timeout(optarg);
			break;
		case 'H':
			usage(stdout);
			exit(0);
		case ':':
			die("option -%c needs an argument (see --help)",
			    optopt);
		default:
			if (optopt != 0)
				die("unknown option -%c (see --help)", optopt);
			die("unknown option %s (see --help)",
			    argv[optind - 1]);
		}
	}
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	parse_options(argc, argv, o);
	argc -= optind;
	argv += optind;
	if (argc < 1)
		die("missing HOST (usage: " SYNOPSIS ")");
	if (argc > 2)
		die("too many arguments: '%s' (usage: " SYNOPSIS ")", argv[2]);
	o->host = argv[0];
	if (o->host[0] == '\0')
		die("empty HOST");
	if (argc == 2) {
		o->port = argv[1];
		check_port(o->port);
	}
}

/* HOST and PORT as an address (the first one), and that address in
 * numbers in addrstr. */
static struct addrinfo *
resolve(const struct options *o, char *addrstr, size_t addrsz)
{
	struct addrinfo hints, *res = NULL;
	int gai;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = o->family;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	gai = getaddrinfo(o->host, o->port, &hints, &res);
	if (gai != 0 || res == NULL)
		die("cannot resolve '%s'%s: %s", o->host,
		    o->family == AF_INET ? " (IPv4)" :
		    o->family == AF_INET6 ? " (IPv6)" : "",
		    gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
	if (getnameinfo(res->ai_addr, res->ai_addrlen, addrstr,
	    addrsz, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(addrstr, addrsz, "%s", o->host);
	return res;
}

/* ------------------------------------------------------------------ */
/* This host */

/* The IPv4 address in sa (also as a mapped IPv6 one); false otherwise. */
static bool
v4_of(const struct sockaddr *sa, uint8_t out[4])
{
	const struct in6_addr *a6;

	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4);
		return true;
	}
	if (sa->sa_family != AF_INET6)
		return false;
	a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (!IN6_IS_ADDR_V4MAPPED(a6))
		return false;
	memcpy(out, a6->s6_addr + 12, 4);
	return true;
}

/*
 * Whether the target is this host: loopback, the unspecified address
 * (which reaches this host too), or an address of one of its interfaces.
 * Its own queries never cross the network and a portmapper counts them as
 * local, so what comes back says nothing about what a scanner sees.
 */
static bool
this_host(const struct sockaddr *sa)
{
	struct ifaddrs *ifa, *i;
	uint8_t v4[4], other[4];
	const struct in6_addr *a6 = NULL;
	bool is_v4, found = false;

	if ((is_v4 = v4_of(sa, v4))) {
		if (v4[0] == 127 || memcmp(v4, "\0\0\0\0", 4) == 0)
			return true;
	} else if (sa->sa_family == AF_INET6) {
		a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(a6) || IN6_IS_ADDR_UNSPECIFIED(a6))
			return true;
	} else
		return false;
	/* Without the list, say nothing rather than guess. */
	if (getifaddrs(&ifa) == -1)
		return false;
	for (i = ifa; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		if (is_v4)
			found = v4_of(i->ifa_addr, other) &&
			    memcmp(v4, other, 4) == 0;
		else if (i->ifa_addr->sa_family == AF_INET6)
			found = memcmp(a6, &((const struct sockaddr_in6 *)
			    (const void *)i->ifa_addr)->sin6_addr, 16) == 0;
	}
	freeifaddrs(ifa);
	return found;
}

/* ------------------------------------------------------------------ */
/* The run and the verdict */

static void
print_header(const struct options *o, const char *addrstr, bool self)
{
	if (o->quiet)
		return;
	if (self)
		printf("note: %s is this host: its own queries count as local "
		    "(a portmapper answers them more than it answers the "
		    "internet), so this check must run from a host outside your "
		    "network to mean anything\n", addrstr);
	printf("probing %s port %s", addrstr, o->port);
	if (strcmp(addrstr, o->host) != 0)
		printf(" (%s)", o->host);
	printf(", %g s per probe\n", o->timeout_ms / 1000.0);
}

/* Every probe in order, each line printed as soon as it has run. */
static void
run_probes(struct probe *probes, size_t n, const struct addrinfo *ai,
    const struct options *o)
{
	char why[160];
	size_t i;

	for (i = 0; i < n; i++) {
		if (probe_run(&probes[i], ai, o->timeout_ms, why,
		    sizeof(why)) == -1)
			die("%s", why);
		if (!o->quiet)
			probe_print(&probes[i], o->timeout_ms);
	}
	fflush(stdout);
}

static double
ratio_of(const struct probe *p)
{
	return (double)p->recvd / (double)p->sent;
}

static bool
is_amplifying(const struct probe *p)
{
	return p->kind == CK_DUMP2 || p->kind == CK_DUMP34 ||
	    p->kind == CK_GETSTAT;
}

static void
tally_probes(const struct probe *probes, size_t n, struct tally *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		const struct probe *p = &probes[i];

		if (p->tcp) {
			t->tcpdump = p;
			if (p->connected == O_ANSWERED)
				t->any_answer = true;
		}
		if (p->outcome == O_ANSWERED)
			t->any_answer = true;
		if (p->tcp || p->outcome != O_ANSWERED)
			continue;
		if (is_amplifying(p)) {
			t->reported = true;
			if (t->worst == NULL || p->recvd > t->worst->recvd)
				t->worst = p;
		}
		/* more bytes than the call, or more than one datagram: an
		 * amplifier in bytes or in packets */
		if (p->recvd > p->sent || p->datagrams > 1) {
			t->reported = true;
			if (t->bigger == NULL ||
			    ratio_of(p) > ratio_of(t->bigger))
				t->bigger = p;
		}
	}
}

static void
print_notes(const struct tally *t, const char *addrstr, const char *port)
{
	const struct probe *d = t->tcpdump;

	if (!t->any_answer)
		printf("note: nothing answered on %s port %s, over UDP "
		    "or TCP\n", addrstr, port);
	if (d != NULL && d->r.success && d->r.entries > 0)
		printf("note: TCP DUMP lists %lu%s program%s (%lu "
		    "mappings) to this host: `rpcinfo -p` from here "
		    "shows them\n", d->r.programs,
		    d->r.programs_more ? "+" : "",
		    d->r.programs == 1 ? "" : "s", d->r.entries);
	else if (t->reported && (d == NULL || d->connected != O_ANSWERED))
		printf("note: TCP is closed or filtered here, so "
		    "`rpcinfo -p` from here fails, but UDP answers "
		    "and scanners use UDP\n");
}

/* "480 bytes in 20 datagrams" */
static const char *
bytes_words(const struct probe *p, char *buf, size_t sz)
{
	if (p->datagrams > 1)
		snprintf(buf, sz, "%" PRIu64 " bytes in %lu%s datagrams",
		    p->recvd, p->datagrams, p->capped ? "+" : "");
	else
		snprintf(buf, sz, "%" PRIu64 " bytes", p->recvd);
	return buf;
}

/* HOST is this host: what came back says nothing (exit 3); r is what
 * would have been reported, if anything. */
static int
verdict_self(const struct probe *r)
{
	char bw[96];

	printf("VERDICT: not meaningful from this host: ");
	if (r != NULL)
		printf("from here UDP %s is answered with %s for %zu "
		    "(%.1fx), as local callers are; ", r->name,
		    bytes_words(r, bw, sizeof(bw)), r->sent,
		    ratio_of(r));
	printf("run rpcbindd-check from a host outside your network\n");
	return 3;
}

/* Reported for r (exit 1), naming bigger too when it amplifies more. */
static int
verdict_reported(const struct probe *r, const struct probe *bigger)
{
	char bw[96];

	printf("VERDICT: would be reported as an open portmapper: UDP %s "
	    "answered with %s for %zu (%.1fx)", r->name,
	    bytes_words(r, bw, sizeof(bw)), r->sent, ratio_of(r));
	if (r->r.success && (r->kind == CK_DUMP2 || r->kind == CK_DUMP34))
		printf(", listing %lu%s program%s", r->r.programs,
		    r->r.programs_more ? "+" : "",
		    r->r.programs == 1 ? "" : "s");
	if (r->r.malformed)
		printf(" (malformed reply)");
	if (r->datagrams > 1)
		printf(", multi-datagram amplification");
	if (bigger != NULL && bigger != r) {
		printf("; largest amplification: UDP %s %.1fx",
		    bigger->name, ratio_of(bigger));
		if (bigger->datagrams > 1)
			printf(" in %lu%s datagrams", bigger->datagrams,
			    bigger->capped ? "+" : "");
	}
	putchar('\n');
	return 1;
}

/* The verdict line; returns the exit status. */
static int
verdict(const struct tally *t, bool self, const char *addrstr,
    const char *port)
{
	/* reported: worst or bigger was set */
	const struct probe *r = t->worst != NULL ? t->worst : t->bigger;

	if (self)
		return verdict_self(r);
	if (r != NULL)
		return verdict_reported(r, t->bigger);
	if (!t->any_answer)
		printf("VERDICT: not an open portmapper: nothing answered on "
		    "%s port %s (UDP or TCP)\n", addrstr, port);
	else
		printf("VERDICT: not an open portmapper: no UDP reply larger "
		    "than its request, no program list over UDP\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o = { .family = AF_UNSPEC, .timeout_ms = 2000,
	    .port = "111" };
	char addrstr[INET6_ADDRSTRLEN + 16];
	struct addrinfo *res;
	struct probe *probes;
	struct tally t;
	size_t n;
	bool self;

	parse_args(argc, argv, &o);
	res = resolve(&o, addrstr, sizeof(addrstr));
	self = this_host(res->ai_addr);
	print_header(&o, addrstr, self);
	probes = probe_table(&n);
	run_probes(probes, n, res, &o);
	freeaddrinfo(res);
	tally_probes(probes, n, &t);
	if (!o.quiet)
		print_notes(&t, addrstr, o.port);
	return verdict(&t, self, addrstr, o.port);
}
