/*
 * config.c — command-line parsing. Every error names the option and the
 * value at fault, in one line.
 *
 * One table (opts) lists every option: its short letter or long name, the
 * field it sets, and the helper that checks its value, one per kind of
 * option. Arguments are read in order, so the first bad one (or -v,
 * --help, --version) decides; a --config file's lines go through the same
 * table as long options.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The parser's place: the arguments, the one being read, and where a
 * message goes. A --config file's line is read as a command line of one
 * argument. */
struct parse {
	int		 argc;
	char *const	*argv;
	int		 i;
	bool		 in_file;
	struct config	*cf;
	char		*err;
	size_t		 errsize;
};

struct opt;
/* Applies an option, its value (NULL for one that takes none) checked. */
typedef enum config_result opt_set(struct parse *, const struct opt *,
		    const char *val);

#define OPT_VALUE	0x1	/* takes a value */
#define OPT_ALSO	0x2	/* also sets the bool at `also` */
#define OPT_WHOLE	0x4	/* only as a whole argument of the command line:
				 * "--help=x", or "help" in a file, is unknown */
#define OPT_PATH	0x8	/* a string that is an absolute path */

#define CF(field)	offsetof(struct config, field)
#define CF_SIZE(field)	sizeof(((struct config *)0)->field)

static opt_set set_flag, set_nothing, set_host, set_uint, set_string,
    set_seccomp, set_nets, set_onoff, read_file, print_usage, print_version,
    print_features;

/* Every option: a short one (-x) or a long one (--name), what it sets and
 * how its value is checked. */
static const struct opt {
	char		 letter;
	const char	*name;
	unsigned	 flags;
	opt_set		*set;
	size_t		 off;		/* the field it sets */
	size_t		 size;		/* strings: the field's size */
	unsigned	 lo, hi;	/* numbers: the range */
	size_t		 also;		/* OPT_ALSO: a bool set with it */
	const char	*need;		/* OPT_VALUE: what it needs, if not
					 * "a value" */
} opts[] = {
	{ .letter = 'f', .set = set_flag, .off = CF(foreground) },
	/* -d implies -f: debugging output goes to stderr. */
	{ .letter = 'd', .set = set_flag, .off = CF(debug),
	  .flags = OPT_ALSO, .also = CF(foreground) },
	{ .letter = 'r', .set = set_flag, .off = CF(remote_calls) },
	{ .letter = 'w', .set = set_flag, .off = CF(warm_start) },
	{ .letter = 'a', .set = set_flag, .off = CF(abort_on_error) },
	{ .letter = 'i', .set = set_flag, .off = CF(insecure) },
	{ .letter = 'l', .set = set_flag, .off = CF(log_calls) },
	{ .letter = 's', .set = set_nothing },
	{ .letter = 'v', .set = print_features },
	{ .letter = 'h', .set = set_host, .flags = OPT_VALUE,
	  .need = "an address" },
	{ .name = "help", .set = print_usage, .flags = OPT_WHOLE },
	{ .name = "version", .set = print_version, .flags = OPT_WHOLE },
	{ .name = "config", .set = read_file, .flags = OPT_VALUE,
	  .need = "a file" },
	{ .name = "idle-timeout", .set = set_uint, .off = CF(idle_timeout),
	  .flags = OPT_VALUE, .lo = 1, .hi = RB_IDLE_TIMEOUT_MAX },
	{ .name = "max-connections", .set = set_uint,
	  .off = CF(max_connections), .flags = OPT_VALUE, .lo = 1,
	  .hi = RB_TCP_CONN_MAX },
	{ .name = "user", .set = set_string, .off = CF(user),
	  .size = CF_SIZE(user), .flags = OPT_VALUE },
	{ .name = "service-users", .set = set_string, .off = CF(service_users),
	  .size = CF_SIZE(service_users), .flags = OPT_VALUE | OPT_ALSO,
	  .also = CF(service_users_given) },
	{ .name = "state-dir", .set = set_string, .off = CF(state_dir),
	  .size = CF_SIZE(state_dir), .flags = OPT_VALUE | OPT_PATH },
	{ .name = "seccomp", .set = set_seccomp, .off = CF(seccomp),
	  .flags = OPT_VALUE },
	{ .name = "allow-dump", .set = set_nets, .off = CF(allow_dump),
	  .flags = OPT_VALUE },
	{ .name = "allow-lookups", .set = set_nets, .off = CF(allow_lookups),
	  .flags = OPT_VALUE | OPT_ALSO, .also = CF(lookups_restricted) },
	{ .name = "rate-limit", .set = set_uint, .off = CF(rate_limit),
	  .flags = OPT_VALUE, .lo = 0, .hi = RB_RATE_MAX },
	{ .name = "rate-burst", .set = set_uint, .off = CF(rate_burst),
	  .flags = OPT_VALUE, .lo = 1, .hi = RB_RATE_BURST_MAX },
	{ .name = "rate-limit-log-only", .set = set_flag,
	  .off = CF(rate_log_only) },
	{ .name = "hosts-access", .set = set_onoff, .off = CF(hosts_access),
	  .flags = OPT_VALUE },
};

#define NOPTS	(sizeof(opts) / sizeof(opts[0]))

static void *
field(struct parse *p, size_t off)
{
	return (char *)p->cf + off;
}

static const char *
needs(const struct opt *o)
{
	return o->need != NULL ? o->need : "a value";
}

static enum config_result
fail(struct parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes the one line of error; always CONFIG_ERROR. */
static enum config_result
fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errsize, fmt, ap);
	va_end(ap);
	return CONFIG_ERROR;
}

static enum config_result
set_flag(struct parse *p, const struct opt *o, const char *val)
{
	(void)val;
	*(bool *)field(p, o->off) = true;
	return CONFIG_OK;
}

/* -s, rpcbind's "change to the user daemon as soon as possible": rpcbindd
 * always runs unprivileged. */
static enum config_result
set_nothing(struct parse *p, const struct opt *o, const char *val)
{
	(void)p, (void)o, (void)val;
	return CONFIG_OK;
}

static enum config_result
print_usage(struct parse *p, const struct opt *o, const char *val)
{
	(void)p, (void)o, (void)val;
	config_usage();
	return CONFIG_EXIT;
}

static enum config_result
print_version(struct parse *p, const struct opt *o, const char *val)
{
	(void)p, (void)o, (void)val;
	printf("rpcbindd %s\n", PACKAGE_VERSION);
	return CONFIG_EXIT;
}

/* -v, as rpcbind 1.2.8's: the version and what was compiled in. */
static enum config_result
print_features(struct parse *p, const struct opt *o, const char *val)
{
	print_version(p, o, val);
	printf("features: portmap v2, rpcbind v3/v4, remote calls (-r), warm "
	    "start (-w), socket activation and sd_notify (built in), "
	    "libcap-ng, seccomp, hosts.allow/hosts.deny address rules (no "
	    "libwrap)\n");
	return CONFIG_EXIT;
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

static bool
is_wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
		    htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(
	    &((const struct sockaddr_in6 *)ss)->sin6_addr);
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

/* -h NAME: an interface or a host name, told apart (and resolved) at
 * startup. */
static enum config_result
add_name(struct parse *p, const char *val)
{
	struct config *cf = p->cf;

	if (strlen(val) > RB_HOSTNAME_MAX)
		return fail(p, "option -h: '%.32s...' is longer than a host "
		    "name may be (%d characters)", val, RB_HOSTNAME_MAX);
	if (!name_ok(val))
		return fail(p, "option -h: '%s' is neither an IPv4 or IPv6 "
		    "address nor an interface or host name", val);
	if (cf->nnames == RB_LISTEN_MAX)
		return fail(p, "option -h: more than %d names", RB_LISTEN_MAX);
	strcpy(cf->names[cf->nnames++], val);
	return CONFIG_OK;
}

/* -h ADDRESS, or -h NAME. */
static enum config_result
set_host(struct parse *p, const struct opt *o, const char *val)
{
	struct config *cf = p->cf;

	(void)o;
	if (cf->nhosts == RB_LISTEN_MAX)
		return fail(p, "option -h: more than %d addresses",
		    RB_LISTEN_MAX);
	if (parse_host(val, &cf->hosts[cf->nhosts]) == -1)
		return add_name(p, val);
	if (is_wildcard(&cf->hosts[cf->nhosts]))
		return fail(p, "option -h: '%s' is every address; name the "
		    "addresses or interfaces to serve", val);
	cf->nhosts++;
	return CONFIG_OK;
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

static enum config_result
set_uint(struct parse *p, const struct opt *o, const char *val)
{
	if (parse_uint(val, o->lo, o->hi, field(p, o->off)) == -1)
		return fail(p, "option --%s: '%s' is not a whole number from "
		    "%u to %u", o->name, val, o->lo, o->hi);
	return CONFIG_OK;
}

static enum config_result
set_string(struct parse *p, const struct opt *o, const char *val)
{
	if (val[0] == '\0' || strlen(val) >= o->size ||
	    ((o->flags & OPT_PATH) && val[0] != '/'))
		return fail(p, "option --%s: '%s' is %s", o->name, val,
		    val[0] == '\0' ? "empty" : strlen(val) >= o->size ?
		    "too long" : "not an absolute path");
	strcpy(field(p, o->off), val);
	return CONFIG_OK;
}

static enum config_result
set_seccomp(struct parse *p, const struct opt *o, const char *val)
{
	static const struct {
		const char	*name;
		enum sb_seccomp	 mode;
	} modes[] = {
		{ "kill", SB_SECCOMP_KILL },
		{ "log", SB_SECCOMP_LOG },
		{ "off", SB_SECCOMP_OFF },
	};
	size_t k;

	for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++)
		if (strcmp(val, modes[k].name) == 0) {
			*(enum sb_seccomp *)field(p, o->off) = modes[k].mode;
			return CONFIG_OK;
		}
	return fail(p, "option --seccomp: '%s' is not kill, log or off", val);
}

static enum config_result
set_nets(struct parse *p, const struct opt *o, const char *val)
{
	char why[RB_NETS_ERR_MAX];

	if (net_parse_list(val, field(p, o->off), why, sizeof(why)) == -1)
		return fail(p, "option --%s: %s", o->name, why);
	return CONFIG_OK;
}

static enum config_result
set_onoff(struct parse *p, const struct opt *o, const char *val)
{
	if (strcmp(val, "on") != 0 && strcmp(val, "off") != 0)
		return fail(p, "option --%s: '%s' is not on or off", o->name,
		    val);
	*(bool *)field(p, o->off) = strcmp(val, "on") == 0;
	return CONFIG_OK;
}

/* Applies o with its value (checked by its kind) and what it also sets. */
static enum config_result
apply(struct parse *p, const struct opt *o, const char *val)
{
	enum config_result r = o->set(p, o, val);

	if (r == CONFIG_OK && (o->flags & OPT_ALSO))
		*(bool *)field(p, o->also) = true;
	return r;
}

/* The next argument, taken as the current option's value; NULL at the
 * end. */
static const char *
next_arg(struct parse *p)
{
	return p->i + 1 < p->argc ? p->argv[++p->i] : NULL;
}

/* The value of a short option: the rest of the cluster ("-h192.0.2.1")
 * or the next argument. */
static enum config_result
short_value(struct parse *p, const struct opt *o, const char *rest)
{
	const char *val = rest[0] != '\0' ? rest : next_arg(p);

	if (val == NULL)
		return fail(p, "option -%c needs %s", o->letter, needs(o));
	return apply(p, o, val);
}

/* "-fr": clustered flags, as getopt allows; one taking a value ends the
 * cluster. */
static enum config_result
short_options(struct parse *p)
{
	const char *arg = p->argv[p->i] + 1;
	enum config_result r;
	size_t k;

	for (; *arg != '\0'; arg++) {
		for (k = 0; k < NOPTS && opts[k].letter != *arg; k++)
			;
		if (k == NOPTS)
			return fail(p, "unknown option -%c (see --help)", *arg);
		if (opts[k].flags & OPT_VALUE)
			return short_value(p, &opts[k], arg + 1);
		if ((r = apply(p, &opts[k], NULL)) != CONFIG_OK)
			return r;
	}
	return CONFIG_OK;
}

/* The long option named by arg's first len characters. */
static const struct opt *
find_long(const struct parse *p, const char *arg, size_t len, bool valued)
{
	size_t k;

	for (k = 0; k < NOPTS; k++)
		if (opts[k].name != NULL && strlen(opts[k].name) == len &&
		    strncmp(opts[k].name, arg, len) == 0)
			break;
	if (k == NOPTS || ((opts[k].flags & OPT_WHOLE) &&
	    (valued || p->in_file)))
		return NULL;
	return &opts[k];
}

/* --name=value, --name value, or --name for a flag. */
static enum config_result
long_option(struct parse *p)
{
	const char *arg = p->argv[p->i] + 2, *eq, *val;
	const struct opt *o;
	size_t len;

	eq = strchr(arg, '=');
	len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	if ((o = find_long(p, arg, len, eq != NULL)) == NULL)
		return fail(p, "unknown option --%.*s (see --help)", (int)len,
		    arg);
	if (!(o->flags & OPT_VALUE)) {
		if (eq != NULL)
			return fail(p, "option --%s takes no value", o->name);
		return apply(p, o, NULL);
	}
	if ((val = eq != NULL ? eq + 1 : next_arg(p)) == NULL)
		return fail(p, "option --%s needs %s", o->name, needs(o));
	return apply(p, o, val);
}

/* A line of a config file, blanks trimmed, as the option "--name=value"
 * (or "--name") in opt; false for a blank line or a comment. */
static bool
file_option(char *line, char *opt, size_t optsize)
{
	char *p, *end, *eq, *ne, *v;

	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	end = p + strcspn(p, "\r\n");
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (*p == '\0' || *p == '#')
		return false;
	if ((eq = strchr(p, '=')) == NULL) {
		snprintf(opt, optsize, "--%s", p);
		return true;
	}
	for (ne = eq; ne > p && (ne[-1] == ' ' || ne[-1] == '\t'); ne--)
		;
	for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
		;
	snprintf(opt, optsize, "--%.*s=%s", (int)(ne - p), p, v);
	return true;
}

/* One line of the file, numbered lineno, applied to cf. */
static enum config_result
file_line(struct parse *p, const char *path, unsigned lineno, char *line)
{
	char opt[RB_CONFIG_LINE_MAX + 2], why[RB_ERR_MAX];
	char *const args[2] = { (char *)"rpcbindd", opt };
	struct parse fp = { 2, args, 1, true, p->cf, why, sizeof(why) };

	if (!file_option(line, opt, sizeof(opt)))
		return CONFIG_OK;
	if (strncmp(opt, "--config", 8) == 0 &&
	    (opt[8] == '=' || opt[8] == '\0'))
		return fail(p, "%s:%u: a config file cannot name another",
		    path, lineno);
	if (long_option(&fp) != CONFIG_OK)
		return fail(p, "%s:%u: %s", path, lineno, why);
	return CONFIG_OK;
}

/*
 * --config=FILE: one long option per line, without the dashes ("name =
 * value", or "name" for a flag); blank lines and lines starting with '#'
 * are skipped. Read where it stands on the command line: what follows
 * overrides it. Errors name the file and line.
 */
static enum config_result
read_file(struct parse *p, const struct opt *o, const char *val)
{
	const char *path = val;		/* the option's value names the file */
	char line[RB_CONFIG_LINE_MAX];
	enum config_result r = CONFIG_OK;
	unsigned lineno = 0;
	FILE *f;

	if (*path == '\0')
		return fail(p, "option --%s needs %s", o->name, needs(o));
	if ((f = fopen(path, "r")) == NULL)
		return fail(p, "option --config: %s: %s", path,
		    strerror(errno));
	while (r == CONFIG_OK && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f))
			r = fail(p, "%s:%u: line too long", path, lineno);
		else
			r = file_line(p, path, lineno, line);
	}
	if (r == CONFIG_OK && ferror(f))
		r = fail(p, "%s: read error", path);
	fclose(f);
	return r;
}

static void
defaults(struct config *cf)
{
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
}

enum config_result
config_parse(int argc, char *const argv[], struct config *cf, char *err,
    size_t errsize)
{
	struct parse p = { argc, argv, 1, false, cf, err, errsize };
	enum config_result r = CONFIG_OK;
	const char *arg;

	defaults(cf);
	err[0] = '\0';
	/* In order: what comes first decides (a bad option, or -v). */
	for (; r == CONFIG_OK && p.i < argc; p.i++) {
		arg = argv[p.i];
		if (arg[0] == '-' && arg[1] == '-' && arg[2] != '\0')
			r = long_option(&p);
		else if (arg[0] == '-' && arg[1] != '\0' && arg[1] != '-')
			r = short_options(&p);
		else
			r = fail(&p, "unknown argument '%s' (see --help)", arg);
	}
	if (r != CONFIG_OK)
		return r;
	/* A burst below the rate would throttle a steady stream it allows. */
	if (cf->rate_burst == 0)
		cf->rate_burst = cf->rate_limit == RB_RATE_DEFAULT ?
		    RB_RATE_BURST_DEFAULT : 2 * cf->rate_limit;
	return CONFIG_OK;
}
