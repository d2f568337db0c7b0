/*
 * config.c — command-line parsing. Every error names the option and the
 * value at fault, in one line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

void
config_usage(void)
{
	printf("usage: rpcbindd [-dfr] [-h address]...\n"
	    "  -f          stay in the foreground, log to stderr\n"
	    "  -d          debug: log every call (implies -f)\n"
	    "  -r          forward remote calls (CALLIT, BCAST, INDIRECT) "
	    "from local callers\n"
	    "  -h address  also serve this IPv4 or IPv6 address, UDP and TCP\n"
	    "              (loopback and %s are always served)\n"
	    "  --idle-timeout=SECONDS     close TCP connections idle this long "
	    "(%d)\n"
	    "  --max-connections=N        TCP connections at once; the one idle "
	    "longest\n"
	    "                             is closed for a new one (%d, at most %d)\n"
	    "  --help      this text\n"
	    "  --user=NAME                run as this user (%s)\n"
	    "  --state-dir=DIR            the daemon's directory, also its "
	    "chroot (%s)\n"
	    "  --seccomp=kill|log|off     the syscall filter's action: kill "
	    "(default);\n"
	    "                             log only, for debugging; off\n"
	    "  --version   the version\n", RPCBINDD_SOCK_PATH,
	    RB_TCP_IDLE_SECONDS, RB_TCP_CONN_MAX, RB_TCP_CONN_MAX,
	    SB_DEFAULT_USER, RPCBINDD_STATEDIR);
}

static int
parse_host(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		return 0;
	}
	return -1;
}

/* A whole decimal number in [lo, hi]; -1 otherwise. */
static int
parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *v)
{
	unsigned long n;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi)
		return -1;
	*v = (unsigned)n;
	return 0;
}

/* The long options: each takes a value, as --name=value or --name value. */
enum lopt_kind { LOPT_UINT, LOPT_STRING, LOPT_PATH, LOPT_SECCOMP };

static const struct lopt {
	const char	*name;
	enum lopt_kind	 kind;
	size_t		 off;
	size_t		 size;		/* LOPT_STRING/PATH: the buffer */
	unsigned	 lo, hi;	/* LOPT_UINT: the range */
} lopts[] = {
	{ "idle-timeout", LOPT_UINT, offsetof(struct config, idle_timeout),
	  0, 1, 86400 },
	{ "max-connections", LOPT_UINT,
	  offsetof(struct config, max_connections), 0, 1, RB_TCP_CONN_MAX },
	{ "user", LOPT_STRING, offsetof(struct config, user),
	  sizeof(((struct config *)0)->user), 0, 0 },
	{ "state-dir", LOPT_PATH, offsetof(struct config, state_dir),
	  sizeof(((struct config *)0)->state_dir), 0, 0 },
	{ "seccomp", LOPT_SECCOMP, offsetof(struct config, seccomp), 0, 0, 0 },
};

static enum config_result
long_option(int argc, char *const argv[], int *i, struct config *cf, char *err,
    size_t errsize)
{
	const char *arg = argv[*i] + 2, *eq, *val;
	const struct lopt *o = NULL;
	size_t k, nlen;
	void *dst;

	eq = strchr(arg, '=');
	nlen = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	for (k = 0; k < sizeof(lopts) / sizeof(lopts[0]); k++)
		if (strlen(lopts[k].name) == nlen &&
		    strncmp(lopts[k].name, arg, nlen) == 0)
			o = &lopts[k];
	if (o == NULL) {
		snprintf(err, errsize, "unknown option --%.*s (see --help)",
		    (int)nlen, arg);
		return CONFIG_ERROR;
	}
	if (eq != NULL)
		val = eq + 1;
	else if (*i + 1 < argc)
		val = argv[++*i];
	else {
		snprintf(err, errsize, "option --%s needs a value", o->name);
		return CONFIG_ERROR;
	}
	dst = (char *)cf + o->off;
	switch (o->kind) {
	case LOPT_UINT:
		if (parse_uint(val, o->lo, o->hi, dst) == -1) {
			snprintf(err, errsize, "option --%s: '%s' is not a whole "
			    "number from %u to %u", o->name, val, o->lo, o->hi);
			return CONFIG_ERROR;
		}
		break;
	case LOPT_STRING:
	case LOPT_PATH:
		if (val[0] == '\0' || strlen(val) >= o->size ||
		    (o->kind == LOPT_PATH && val[0] != '/')) {
			snprintf(err, errsize, "option --%s: '%s' is %s", o->name,
			    val, val[0] == '\0' ? "empty" :
			    strlen(val) >= o->size ? "too long" :
			    "not an absolute path");
			return CONFIG_ERROR;
		}
		strcpy(dst, val);
		break;
	case LOPT_SECCOMP:
		if (strcmp(val, "kill") == 0)
			cf->seccomp = SB_SECCOMP_KILL;
		else if (strcmp(val, "log") == 0)
			cf->seccomp = SB_SECCOMP_LOG;
		else if (strcmp(val, "off") == 0)
			cf->seccomp = SB_SECCOMP_OFF;
		else {
			snprintf(err, errsize, "option --seccomp: '%s' is not "
			    "kill, log or off", val);
			return CONFIG_ERROR;
		}
		break;
	}
	return CONFIG_OK;
}

enum config_result
config_parse(int argc, char *const argv[], struct config *cf, char *err,
    size_t errsize)
{
	const char *arg, *val;
	int i;

	memset(cf, 0, sizeof(*cf));
	strcpy(cf->sock_path, RPCBINDD_SOCK_PATH);
	cf->idle_timeout = RB_TCP_IDLE_SECONDS;
	cf->max_connections = RB_TCP_CONN_MAX;
	strcpy(cf->user, SB_DEFAULT_USER);
	strcpy(cf->state_dir, RPCBINDD_STATEDIR);
	cf->seccomp = SB_SECCOMP_KILL;
	err[0] = '\0';
	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--help") == 0) {
			config_usage();
			return CONFIG_EXIT;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("rpcbindd %s\n", PACKAGE_VERSION);
			return CONFIG_EXIT;
		}
		if (arg[0] == '-' && arg[1] == '-' && arg[2] != '\0') {
			if (long_option(argc, argv, &i, cf, err, errsize) ==
			    CONFIG_ERROR)
				return CONFIG_ERROR;
			continue;
		}
		if (arg[0] != '-' || arg[1] == '\0' || arg[1] == '-') {
			snprintf(err, errsize, "unknown argument '%s' (see "
			    "--help)", arg);
			return CONFIG_ERROR;
		}
		/* Clustered short flags, as getopt allows ("-fr"). */
		for (arg++; *arg != '\0'; arg++) {
			switch (*arg) {
			case 'f':
				cf->foreground = true;
				break;
			case 'd':
				cf->debug = true;
				cf->foreground = true;
				break;
			case 'r':
				cf->remote_calls = true;
				break;
			case 'h':
				if (arg[1] != '\0')
					val = arg + 1;
				else if (i + 1 < argc)
					val = argv[++i];
				else {
					snprintf(err, errsize, "option -h needs "
					    "an address");
					return CONFIG_ERROR;
				}
				if (cf->nhosts == RB_LISTEN_MAX) {
					snprintf(err, errsize, "option -h: more "
					    "than %d addresses", RB_LISTEN_MAX);
					return CONFIG_ERROR;
				}
				if (parse_host(val, &cf->hosts[cf->nhosts]) == -1) {
					snprintf(err, errsize, "option -h: '%s' "
					    "is not an IPv4 or IPv6 address", val);
					return CONFIG_ERROR;
				}
				cf->nhosts++;
				goto next;
			default:
				snprintf(err, errsize, "unknown option -%c (see "
				    "--help)", *arg);
				return CONFIG_ERROR;
			}
		}
next:		;
	}
	return CONFIG_OK;
}
