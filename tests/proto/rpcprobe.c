/*
 * rpcprobe — hand-built wire-level tests of a portmapper: PMAP v2 and
 * RPCBIND v3/v4 over UDP and TCP on the IPv4 and IPv6 loopback (record
 * marking on TCP) and over the AF_LOCAL stream socket, by path and by
 * abstract name.
 *
 * Every call is built and every reply parsed here, with a tiny big-endian
 * writer and a reader that latches its first error, not with libtirpc: the
 * probe must be able to send what no library would (truncated arguments,
 * absurd lengths, broken record marks, bad credentials) and check replies
 * field by field. Output is TAP ("ok N - ...", "# diag", plan at the end).
 * Every receive has a deadline and every loop a bound, so a hung or dead
 * daemon shows up as failures, never as a hung test.
 *
 * --target=rpcbind turns the checks of rpcbindd's deliberate differences
 * into checks of Debian rpcbind 1.2.6's measured behaviour (or skips them),
 * so the probe itself is validated against the reference daemon. Lines
 * that differ say "(rpcbind: ...)" in their description.
 *
 * Usage: rpcprobe [--target=rpcbindd|rpcbind] [--idle=SECONDS] [--no-plan]
 *                 [--socket=PATH] [--port=N] [SECTION...]
 * Sections: basic pmap rpcb errors rpcvers garbage auth junk tcp access
 * remote (the default: all of these), and kernel, resets and burst (only
 * when named).
 *
 * The files: rpcprobe.c (options, the list of sections), client.c
 * (connections, calls, expected replies, TAP checks), sec_procs.c,
 * sec_malformed.c, sec_streams.c and sec_access.c (the sections), all
 * sharing rpcprobe.h; tests/common/ holds what the other probes share too.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rpcprobe.h"

enum target target = TGT_RPCBINDD;
const char *sock_path = "/run/rpcbind.sock";
uint16_t server_port = PMAP_PORT;
unsigned idle_secs = 8;
static bool no_plan;

/* ------------------------------------------------------------------ main */

static const struct {
	const char *name;
	void (*fn)(void);
	bool dflt;
} sections[] = {
	{ "basic", sec_basic, true },
	{ "pmap", sec_pmap, true },
	{ "rpcb", sec_rpcb, true },
	{ "errors", sec_errors, true },
	{ "rpcvers", sec_rpcvers, true },
	{ "garbage", sec_garbage, true },
	{ "auth", sec_auth, true },
	{ "junk", sec_junk, true },
	{ "tcp", sec_tcp, true },
	{ "access", sec_access, true },
	{ "remote", sec_remote, true },
	{ "kernel", sec_kernel, false },
	{ "resets", sec_resets, false },
	{ "burst", sec_burst, false },
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

static void
usage(void)
{
	fprintf(stderr, "usage: rpcprobe [--target=rpcbindd|rpcbind] [--idle=SECONDS] [--no-plan]\n"
	    "                [--socket=PATH] [--port=N] [SECTION...]\nsections:");
	for (size_t i = 0; i < NSECTIONS; i++)
		fprintf(stderr, " %s%s", sections[i].name, sections[i].dflt ? "" : "(*)");
	fprintf(stderr, "\n(*) only when named\n");
	exit(2);
}

static unsigned long
num_arg(const char *s, unsigned long max)
{
	unsigned long v;

	if (!probe_num(s, 10, max, &v))
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	bool want[NSECTIONS] = { false };
	bool any = false;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		size_t k;

		if (strcmp(s, "--target=rpcbind") == 0)
			target = TGT_RPCBIND;
		else if (strcmp(s, "--target=rpcbindd") == 0)
			target = TGT_RPCBINDD;
		else if (strncmp(s, "--idle=", 7) == 0)
			idle_secs = (unsigned)num_arg(s + 7, 3600);
		else if (strncmp(s, "--port=", 7) == 0)
			server_port = (uint16_t)num_arg(s + 7, 65535);
		else if (strncmp(s, "--socket=", 9) == 0 && s[9] == '/' && strlen(s + 9) < 100)
			sock_path = s + 9;
		else if (strcmp(s, "--no-plan") == 0)
			no_plan = true;
		else {
			for (k = 0; k < NSECTIONS; k++)
				if (strcmp(s, sections[k].name) == 0)
					break;
			if (k == NSECTIONS)
				usage();
			want[k] = any = true;
		}
	}
	probe_xid = ((uint32_t)getpid() << 16) ^ (uint32_t)time(NULL) << 4;
	if (!any)
		for (size_t k = 0; k < NSECTIONS; k++)
			want[k] = sections[k].dflt;
	diag("rpcprobe: target %s", REF ? "rpcbind (reference)" : "rpcbindd");
	for (size_t k = 0; k < NSECTIONS; k++) {
		if (!want[k])
			continue;
		diag("--- %s", sections[k].name);
		sections[k].fn();
	}
	if (!no_plan)
		printf("1..%u\n", tap_n);
	if (n_fail != 0)
		diag("%u of %u failed", n_fail, tap_n);
	return n_fail != 0 ? 1 : 0;
}

