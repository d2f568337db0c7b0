/*
 * config.c — command-line parsing. Every error names the option and the
 * value at fault, in one line.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "net.h"
#include "quota.h"
#include "sandbox.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

void
config_usage(void)
{
	printf("usage: rpcbindd [-adfilrsvw] [-h address|host|interface]... "
	    "[--option=value]...\n"
	    "  -f          log to stderr (the daemon never forks)\n"
	    "  -d          debug: log registrations and refusals (implies -f)\n"
	    "  -a          with -d, abort on a fatal error (for a core dump)\n"
	    "  -i          accept SET/UNSET over loopback from unprivileged "
	    "ports too\n"
	    "              (never from other hosts)\n"
	    "  -l          log every call (rate-limited)\n"
	    "  -s          accepted for rpcbind compatibility: always "
	    "unprivileged\n"
	    "  -v          print the version and compiled features\n"
	    "  -w          warm start: restore the registrations saved by the "
	    "last run\n"
	    "  -r          forward remote calls (CALLIT, BCAST, INDIRECT) "
	    "from local callers\n"
	    "  -h address  also serve this IPv4 or IPv6 address (also before the\n"
	    "              host has it), every address a host name resolves to at\n"
	    "              start, or whatever addresses this interface has, UDP\n"
	    "              and TCP\n"
	    "              (loopback and %s are always served)\n"
	    "  --idle-timeout=SECONDS     close TCP connections idle this long "
	    "(%d)\n"
	    "  --max-connections=N        remote TCP connections at once (as many "
	    "loopback\n"
	    "                             ones, at most %d); the one idle "
	    "longest of its\n"
	    "                             kind is closed for a new one (%d, at "
	    "most %d)\n"
	    "  --help      this text\n"
	    "  --user=NAME                run as this user (%s)\n"
	    "  --service-users=LIST       users (names or uids, comma-separated)"
	    "\n"
	    "                             with registrations and local "
	    "connections of\n"
	    "                             their own, like root's (%s)\n"
	    "  --state-dir=DIR            the daemon's directory, also its "
	    "chroot (%s)\n"
	    "  --seccomp=kill|log|off     the syscall filter's action: kill "
	    "(default);\n"
	    "                             log only, for debugging; off\n"
	    "  --allow-dump=NET[,NET]     these networks may DUMP over TCP "
	    "(never UDP)\n"
	    "  --allow-lookups=NET[,NET]  only these networks (and local "
	    "callers) get\n"
	    "                             lookups (default: anyone reaching a "
	    "served address)\n"
	    "  --rate-limit=N             UDP replies per second to one remote "
	    "/24 or /56\n"
	    "                             (%d; 0 turns rate limiting off)\n"
	    "  --rate-burst=N             ... and how many at once for a known "
	    "one (%d;\n"
	    "                             a new or evicted one starts with "
	    "1/%d of it)\n"
	    "  --rate-limit-log-only      count what would be limited, drop "
	    "nothing\n"
	    "  --hosts-access=on|off      apply the address rules of "
	    "/etc/hosts.allow and\n"
	    "                             /etc/hosts.deny for rpcbind or "
	    "portmap (on)\n"
	    "  --config=FILE              long options from FILE, one per line "
	    "(name = value)\n"
	    "  --version   the version\n", RPCBINDD_SOCK_PATH,
	    RB_TCP_IDLE_SECONDS, RB_TCP_LOOPBACK_MAX, RB_TCP_CONN_MAX,
	    RB_TCP_CONN_MAX, SB_DEFAULT_USER, QUOTA_SERVICE_DEFAULT,
	    RPCBINDD_STATEDIR, RB_RATE_DEFAULT, RB_RATE_BURST_DEFAULT,
	    RB_RATE_START_DIV);
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

/* What may be an interface name (Linux's dev_valid_name, longer) or a host
 * name; which one it is is decided at startup. */
static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	/* The length is checked by the caller, with its own message. */
	if (n == 0 || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return false;
	/* Digits and dots only is a mistyped IPv4 address, not a name. */
	if (strspn(s, "0123456789.") == n)
		return false;
	for (; *s != '\0'; s++)
		if (*s == '/' || *s == ':' || *s <= ' ' || *s > '~')
			return false;
	return true;
}

#define CONFIG_LINE_MAX	1024

/* The long options: each takes a value, as --name=value or --name value,
 * but for the flags, which take none. */
enum lopt_kind { LOPT_UINT, LOPT_STRING, LOPT_PATH, LOPT_SECCOMP, LOPT_NETS,
	LOPT_FLAG, LOPT_ONOFF };

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
	{ "service-users", LOPT_STRING, offsetof(struct config, service_users),
	  sizeof(((struct config *)0)->service_users), 0, 0 },
	{ "state-dir", LOPT_PATH, offsetof(struct config, state_dir),
	  sizeof(((struct config *)0)->state_dir), 0, 0 },
	{ "seccomp", LOPT_SECCOMP, offsetof(struct config, seccomp), 0, 0, 0 },
	{ "allow-dump", LOPT_NETS, offsetof(struct config, allow_dump), 0, 0, 0 },
	{ "allow-lookups", LOPT_NETS, offsetof(struct config, allow_lookups),
	  0, 0, 0 },
	{ "rate-limit", LOPT_UINT, offsetof(struct config, rate_limit), 0, 0,
	  1000000 },
	{ "rate-burst", LOPT_UINT, offsetof(struct config, rate_burst), 0, 1,
	  10000000 },
	{ "rate-limit-log-only", LOPT_FLAG,
	  offsetof(struct config, rate_log_only), 0, 0, 0 },
	{ "hosts-access", LOPT_ONOFF, offsetof(struct config, hosts_access),
	  0, 0, 0 },
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
	dst = (char *)cf + o->off;
	if (o->kind == LOPT_FLAG) {
		if (eq != NULL) {
			snprintf(err, errsize, "option --%s takes no value",
			    o->name);
			return CONFIG_ERROR;
		}
		*(bool *)dst = true;
		return CONFIG_OK;
	}
	if (eq != NULL)
		val = eq + 1;
	else if (*i + 1 < argc)
		val = argv[++*i];
	else {
		snprintf(err, errsize, "option --%s needs a value", o->name);
		return CONFIG_ERROR;
	}
	switch (o->kind) {
	case LOPT_FLAG:
		break;
	case LOPT_ONOFF:
		if (strcmp(val, "on") != 0 && strcmp(val, "off") != 0) {
			snprintf(err, errsize, "option --%s: '%s' is not on or "
			    "off", o->name, val);
			return CONFIG_ERROR;
		}
		*(bool *)dst = strcmp(val, "on") == 0;
		break;
	case LOPT_NETS: {
		char why[128];

		if (net_parse_list(val, dst, why, sizeof(why)) == -1) {
			snprintf(err, errsize, "option --%s: %s", o->name, why);
			return CONFIG_ERROR;
		}
		if (dst == &cf->allow_lookups)
			cf->lookups_restricted = true;
		break;
	}
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
		if (dst == cf->service_users)
			cf->service_users_given = true;
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

static bool
is_wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
		    htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(
	    &((const struct sockaddr_in6 *)ss)->sin6_addr);
}

/*
 * --config=FILE: one long option per line, without the dashes ("name =
 * value", or "name" for a flag); blank lines and lines starting with '#'
 * are skipped. Read where it stands on the command line: what follows
 * overrides it. Errors name the file and line.
 */
static enum config_result
config_file(const char *path, struct config *cf, char *err, size_t errsize)
{
	char line[CONFIG_LINE_MAX], opt[CONFIG_LINE_MAX + 2], why[256];
	char *p, *end, *eq;
	char *const args[2] = { (char *)"rpcbindd", opt };
	FILE *f;
	unsigned lineno = 0;
	int i;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsize, "option --config: %s: %s", path,
		    strerror(errno));
		return CONFIG_ERROR;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errsize, "%s:%u: line too long", path,
			    lineno);
			goto fail;
		}
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		end = p + strcspn(p, "\r\n");
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		/* "name = value" becomes "--name=value". */
		if ((eq = strchr(p, '=')) != NULL) {
			char *ne = eq, *v = eq + 1;

			while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			while (*v == ' ' || *v == '\t')
				v++;
			snprintf(opt, sizeof(opt), "--%.*s=%s", (int)(ne - p), p, v);
		} else
			snprintf(opt, sizeof(opt), "--%s", p);
		if (strncmp(opt, "--config", 8) == 0 &&
		    (opt[8] == '=' || opt[8] == '\0')) {
			snprintf(err, errsize, "%s:%u: a config file cannot "
			    "name another", path, lineno);
			goto fail;
		}
		i = 1;
		if (long_option(2, args, &i, cf, why, sizeof(why)) !=
		    CONFIG_OK) {
			snprintf(err, errsize, "%s:%u: %s", path, lineno, why);
			goto fail;
		}
	}
	if (ferror(f)) {
		snprintf(err, errsize, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	return CONFIG_OK;
fail:
	fclose(f);
	return CONFIG_ERROR;
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
	cf->rate_limit = RB_RATE_DEFAULT;
	strcpy(cf->user, SB_DEFAULT_USER);
	strcpy(cf->service_users, QUOTA_SERVICE_DEFAULT);
	strcpy(cf->state_dir, RPCBINDD_STATEDIR);
	cf->seccomp = SB_SECCOMP_KILL;
	cf->hosts_access = true;
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
		if (strncmp(arg, "--config", 8) == 0 &&
		    (arg[8] == '=' || arg[8] == '\0')) {
			const char *path = arg[8] == '=' ? arg + 9 :
			    i + 1 < argc ? argv[++i] : NULL;

			if (path == NULL || *path == '\0') {
				snprintf(err, errsize, "option --config needs a "
				    "file");
				return CONFIG_ERROR;
			}
			if (config_file(path, cf, err, errsize) == CONFIG_ERROR)
				return CONFIG_ERROR;
			continue;
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
			case 'w':
				cf->warm_start = true;
				break;
			case 'a':
				cf->abort_on_error = true;
				break;
			case 'i':
				cf->insecure = true;
				break;
			case 'l':
				cf->log_calls = true;
				break;
			case 's':
				/* rpcbind: "change to the user daemon as soon as
				 * possible". rpcbindd always runs unprivileged. */
				break;
			case 'v':
				printf("rpcbindd %s\n", PACKAGE_VERSION);
				printf("features: portmap v2, rpcbind v3/v4, remote "
				    "calls (-r), warm start (-w), socket activation "
				    "and sd_notify (built in), libcap-ng, seccomp, "
				    "hosts.allow/hosts.deny address rules (no "
				    "libwrap)\n");
				return CONFIG_EXIT;
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
				if (parse_host(val, &cf->hosts[cf->nhosts]) == 0) {
					if (is_wildcard(&cf->hosts[cf->nhosts])) {
						snprintf(err, errsize, "option -h: "
						    "'%s' is every address; name the "
						    "addresses or interfaces to serve",
						    val);
						return CONFIG_ERROR;
					}
					cf->nhosts++;
					goto next;
				}
				/* Not an address: an interface or a host name,
				 * told apart (and resolved) at startup. */
				if (strlen(val) > RB_HOSTNAME_MAX) {
					snprintf(err, errsize, "option -h: '%.32s...' "
					    "is longer than a host name may be (%d "
					    "characters)", val, RB_HOSTNAME_MAX);
					return CONFIG_ERROR;
				}
				if (!name_ok(val)) {
					snprintf(err, errsize, "option -h: '%s' "
					    "is neither an IPv4 or IPv6 address nor "
					    "an interface or host name", val);
					return CONFIG_ERROR;
				}
				if (cf->nnames == RB_LISTEN_MAX) {
					snprintf(err, errsize, "option -h: more "
					    "than %d names", RB_LISTEN_MAX);
					return CONFIG_ERROR;
				}
				strcpy(cf->names[cf->nnames++], val);
				goto next;
			default:
				snprintf(err, errsize, "unknown option -%c (see "
				    "--help)", *arg);
				return CONFIG_ERROR;
			}
		}
next:		;
	}
	/* A burst below the rate would throttle a steady stream it allows. */
	if (cf->rate_burst == 0)
		cf->rate_burst = cf->rate_limit == RB_RATE_DEFAULT ?
		    RB_RATE_BURST_DEFAULT : 2 * cf->rate_limit;
	return CONFIG_OK;
}
