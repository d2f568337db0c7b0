/*
 * test_config.c — the command line (include/config.h, rpcbindd/config.c):
 * defaults, each flag alone and clustered, -h addresses, the numeric long
 * options at and past their bounds, and that every error is CONFIG_ERROR
 * with a message naming the option at fault.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "config.h"
#include "tap.h"
#include "unit.h"

static struct config	cf;
static char		err[256];

/* config_parse on a NULL-terminated list of arguments (argv[0] added). */
static enum config_result
parse(const char *first, ...)
{
	static char *argv[256];
	const char *a;
	va_list ap;
	int argc = 0;

	argv[argc++] = (char *)"rpcbindd";
	va_start(ap, first);
	for (a = first; a != NULL && argc < 255; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	memset(err, 'Z', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	return config_parse(argc, argv, &cf, err, sizeof(err));
}

/* The same with stdout sent to /dev/null (--help, --version print). */
static enum config_result
parse_quiet(const char *arg)
{
	enum config_result r;
	int saved, devnull;

	fflush(stdout);
	saved = dup(1);
	devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 1);
	close(devnull);
	r = parse(arg, NULL);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	return r;
}

/* An error naming `word`. */
static void
bad(enum config_result r, const char *word, const char *what)
{
	if (!is_int(r, CONFIG_ERROR, "%s -> CONFIG_ERROR", what))
		return;
	like_str(err, word, "  the message names %s", word);
	ok(strchr(err, '\n') == NULL && strlen(err) > 0 &&
	    strlen(err) < sizeof(err) - 1, "  one line");
}

static bool
is_host4(size_t i, const char *want)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&cf.hosts[i];
	struct in_addr a;

	inet_pton(AF_INET, want, &a);
	return sin->sin_family == AF_INET && sin->sin_addr.s_addr == a.s_addr &&
	    sin->sin_port == 0;
}

static bool
is_host6(size_t i, const char *want)
{
	const struct sockaddr_in6 *sin6 =
	    (const struct sockaddr_in6 *)&cf.hosts[i];
	struct in6_addr a;

	inet_pton(AF_INET6, want, &a);
	return sin6->sin6_family == AF_INET6 &&
	    memcmp(&sin6->sin6_addr, &a, sizeof(a)) == 0;
}

static void
test_flags(void)
{
	is_int(parse(NULL), CONFIG_OK, "no arguments");
	ok(!cf.foreground && !cf.debug && !cf.remote_calls && cf.nhosts == 0,
	    "  defaults: no flags, no hosts");
	is_str(cf.sock_path, RPCBINDD_SOCK_PATH, "  default socket path");
	is_int(cf.idle_timeout, RB_TCP_IDLE_SECONDS, "  default idle timeout");
	is_int(cf.max_connections, RB_TCP_CONN_MAX, "  default connection cap");
	is_str(err, "", "  no error text");

	is_int(parse("-f", NULL), CONFIG_OK, "-f");
	ok(cf.foreground && !cf.debug && !cf.remote_calls, "  -f: foreground");
	is_int(parse("-d", NULL), CONFIG_OK, "-d");
	ok(cf.debug && cf.foreground && !cf.remote_calls,
	    "  -d: debug, implies foreground");
	is_int(parse("-r", NULL), CONFIG_OK, "-r");
	ok(cf.remote_calls && !cf.foreground && !cf.debug, "  -r: remote calls");
	is_int(parse("-fr", NULL), CONFIG_OK, "-fr");
	ok(cf.foreground && cf.remote_calls && !cf.debug, "  -fr: both");
	is_int(parse("-rd", NULL), CONFIG_OK, "-rd");
	ok(cf.debug && cf.foreground && cf.remote_calls, "  -rd: all three");
	is_int(parse("-f", "-r", "-f", NULL), CONFIG_OK, "-f -r -f");
	ok(cf.foreground && cf.remote_calls, "  repeated flags fine");

	is_int(parse_quiet("--help"), CONFIG_EXIT, "--help -> CONFIG_EXIT");
	is_int(parse_quiet("--version"), CONFIG_EXIT, "--version -> CONFIG_EXIT");
}

static void
test_hosts(void)
{
	static char addrs[RB_LISTEN_MAX + 1][32];
	static char *argv[2 * (RB_LISTEN_MAX + 1) + 2];
	int argc, i;

	is_int(parse("-h", "192.0.2.1", NULL), CONFIG_OK, "-h 192.0.2.1");
	ok(cf.nhosts == 1 && is_host4(0, "192.0.2.1"), "  one IPv4 host");
	is_int(parse("-h", "2001:db8::1", "-h", "::1", NULL), CONFIG_OK,
	    "-h 2001:db8::1 -h ::1");
	ok(cf.nhosts == 2 && is_host6(0, "2001:db8::1") && is_host6(1, "::1"),
	    "  two IPv6 hosts, in order");
	is_int(parse("-h198.51.100.7", NULL), CONFIG_OK, "-h198.51.100.7");
	ok(cf.nhosts == 1 && is_host4(0, "198.51.100.7"), "  attached value");
	is_int(parse("-fh", "10.0.0.1", "-r", NULL), CONFIG_OK,
	    "-fh 10.0.0.1 -r");
	ok(cf.foreground && cf.remote_calls && cf.nhosts == 1 &&
	    is_host4(0, "10.0.0.1"), "  -h last in a cluster takes the next "
	    "argument");
	bad(parse("-h", "0.0.0.0", NULL), "every address", "-h 0.0.0.0");
	bad(parse("-h", "::", NULL), "every address", "-h ::");
	/* A name is an interface or a host name, told apart at startup. */
	is_int(parse("-h", "eth0", "-h", "localhost", NULL), CONFIG_OK,
	    "-h eth0 -h localhost (names)");
	ok(cf.nhosts == 0 && cf.nnames == 2 &&
	    strcmp(cf.names[0], "eth0") == 0 &&
	    strcmp(cf.names[1], "localhost") == 0, "  two names");
	is_int(parse("-hf", NULL), CONFIG_OK, "-hf (interface \"f\")");
	ok(cf.nnames == 1 && strcmp(cf.names[0], "f") == 0,
	    "  attached name");
	bad(parse("-h", "eth/0", NULL), "eth/0", "-h eth/0 (not a name)");
	{
		char longest[RB_HOSTNAME_MAX + 2];

		memset(longest, 'a', sizeof(longest) - 1);
		longest[RB_HOSTNAME_MAX] = '\0';
		is_int(parse("-h", longest, NULL), CONFIG_OK,
		    "-h with a 253-character host name");
		ok(cf.nnames == 1 && strcmp(cf.names[0], longest) == 0,
		    "  kept whole");
		longest[RB_HOSTNAME_MAX] = 'a';
		longest[RB_HOSTNAME_MAX + 1] = '\0';
		bad(parse("-h", longest, NULL), "aaaa",
		    "-h with a 254-character name (longer than DNS allows)");
	}

	bad(parse("-h", NULL), "-h", "-h without a value");
	bad(parse("-f", "-h", NULL), "-h", "-f -h without a value");
	bad(parse("-h", "1.2.3", NULL), "1.2.3", "-h 1.2.3");
	like_str(err, "-h", "  and names -h");
	bad(parse("-h", "1.2.3.999", NULL), "1.2.3.999", "-h 1.2.3.999");
	bad(parse("-h", "fe80::1%lo", NULL), "fe80::1%lo", "-h fe80::1%lo");
	bad(parse("-h", "", NULL), "-h", "-h \"\"");

	argc = 0;
	argv[argc++] = (char *)"rpcbindd";
	for (i = 0; i < RB_LISTEN_MAX; i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "198.51.100.%d", i + 1);
		argv[argc++] = (char *)"-h";
		argv[argc++] = addrs[i];
	}
	argv[argc] = NULL;
	is_int(config_parse(argc, argv, &cf, err, sizeof(err)), CONFIG_OK,
	    "%d -h accepted", RB_LISTEN_MAX);
	ok(cf.nhosts == RB_LISTEN_MAX && is_host4(RB_LISTEN_MAX - 1,
	    "198.51.100.64"), "  all %d kept", RB_LISTEN_MAX);
	snprintf(addrs[i], sizeof(addrs[i]), "198.51.100.%d", i + 1);
	argv[argc++] = (char *)"-h";
	argv[argc++] = addrs[i];
	argv[argc] = NULL;
	bad(config_parse(argc, argv, &cf, err, sizeof(err)), "-h",
	    "65 -h addresses");
	like_str(err, "64", "  and says the limit");
}

static void
test_unknown(void)
{
	bad(parse("-x", NULL), "-x", "unknown short option -x");
	bad(parse("-fx", NULL), "-x", "unknown short option in a cluster -fx");
	bad(parse("--bogus", NULL), "--bogus", "unknown long option --bogus");
	bad(parse("--bogus=3", NULL), "--bogus", "unknown long option --bogus=3");
	bad(parse("--idle", NULL), "--idle", "prefix of a long option --idle");
	bad(parse("--idle-timeoutx=5", NULL), "--idle-timeoutx",
	    "--idle-timeoutx=5");
	bad(parse("stray", NULL), "stray", "a stray argument");
	bad(parse("-", NULL), "-", "a lone -");
	bad(parse("-f", "stray", "-r", NULL), "stray", "a stray argument "
	    "between flags");
}

/* Values an option refuses: the argument, the check's name (NULL: the
 * argument itself) and, if not NULL, a value the message must show. */
struct refusal {
	const char	*arg, *what, *shows;
};

static const struct refusal idle_bad[] = {
	{ "--idle-timeout=0", NULL, NULL },
	{ "--idle-timeout=86401", NULL, NULL },
	{ "--idle-timeout=4294967296", NULL, NULL },
	{ "--idle-timeout=99999999999999999999999", NULL, NULL },
	{ "--idle-timeout=abc", NULL, "abc" },
	{ "--idle-timeout=5s", NULL, NULL },
	{ "--idle-timeout=5 ", "--idle-timeout=\"5 \"", NULL },
	{ "--idle-timeout= 5", "--idle-timeout=\" 5\"", NULL },
	{ "--idle-timeout=-1", NULL, NULL },
	{ "--idle-timeout=+5", NULL, NULL },
	{ "--idle-timeout=0x10", NULL, NULL },
	{ "--idle-timeout=", "--idle-timeout= (empty)", NULL },
};

static const struct refusal conn_bad[] = {
	{ "--max-connections=0", NULL, NULL },
	{ "--max-connections=1025", NULL, NULL },
	{ "--max-connections=lots", NULL, NULL },
	{ "--max-connections=10x", NULL, NULL },
};

static void
refused(const struct refusal *r, size_t n, const char *opt)
{
	for (; n > 0; n--, r++) {
		bad(parse(r->arg, NULL), opt, r->what ? r->what : r->arg);
		if (r->shows != NULL)
			like_str(err, r->shows, "  and shows the value");
	}
}

static void
test_numbers(void)
{
	is_int(parse("--idle-timeout=60", NULL), CONFIG_OK, "--idle-timeout=60");
	is_int(cf.idle_timeout, 60, "  60");
	is_int(parse("--idle-timeout", "90", NULL), CONFIG_OK,
	    "--idle-timeout 90");
	is_int(cf.idle_timeout, 90, "  90");
	is_int(parse("--idle-timeout=1", NULL), CONFIG_OK, "--idle-timeout=1");
	is_int(cf.idle_timeout, 1, "  1");
	is_int(parse("--idle-timeout=86400", NULL), CONFIG_OK,
	    "--idle-timeout=86400");
	is_int(cf.idle_timeout, 86400, "  86400");
	is_int(parse("--idle-timeout=007", NULL), CONFIG_OK,
	    "--idle-timeout=007");
	is_int(cf.idle_timeout, 7, "  7 (decimal, not octal)");
	refused(idle_bad, NELEM(idle_bad), "--idle-timeout");
	bad(parse("--idle-timeout", NULL), "--idle-timeout",
	    "--idle-timeout without a value");
	bad(parse("-f", "--idle-timeout", NULL), "--idle-timeout",
	    "--idle-timeout last, without a value");

	is_int(parse("--max-connections=1", NULL), CONFIG_OK,
	    "--max-connections=1");
	is_int(cf.max_connections, 1, "  1");
	is_int(parse("--max-connections", "1024", NULL), CONFIG_OK,
	    "--max-connections 1024");
	is_int(cf.max_connections, RB_TCP_CONN_MAX, "  1024");
	refused(conn_bad, NELEM(conn_bad), "--max-connections");
	bad(parse("--max-connections", NULL), "--max-connections",
	    "--max-connections without a value");

	is_int(parse("-f", "--idle-timeout=5", "--max-connections=7", "-h",
	    "::1", "-r", NULL), CONFIG_OK, "everything together");
	ok(cf.foreground && cf.remote_calls && cf.idle_timeout == 5 &&
	    cf.max_connections == 7 && cf.nhosts == 1 && is_host6(0, "::1"),
	    "  every value kept");
}

static void
test_small_err(void)
{
	char small[8];
	char *argv[] = { (char *)"rpcbindd", (char *)"--bogus-option", NULL };
	enum config_result r;

	memset(small, 'Z', sizeof(small));
	r = config_parse(2, argv, &cf, small, sizeof(small));
	ok(r == CONFIG_ERROR && memchr(small, '\0', sizeof(small)) != NULL,
	    "a small error buffer is NUL-terminated, not overrun");
}

/* Writes text to a fresh temporary file; its path in path. */
static void
write_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/rpcbt-conf.XXXXXX");
	fd = mkstemp(path);
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
}

/* --service-users: kept as given (names are looked up at startup, by
 * quota.c), the default marked as not given so a missing statd is fine. */
static void
test_service_users(void)
{
	char path[64], arg[80];

	is_int(parse(NULL), CONFIG_OK, "no --service-users");
	ok(strcmp(cf.service_users, "statd") == 0 && !cf.service_users_given,
	    "  default statd, not given");
	is_int(parse("--service-users=statd,103", NULL), CONFIG_OK,
	    "--service-users=statd,103");
	ok(strcmp(cf.service_users, "statd,103") == 0 && cf.service_users_given,
	    "  kept, given");
	is_int(parse("--service-users", "statd", NULL), CONFIG_OK,
	    "--service-users statd (the default, named)");
	ok(cf.service_users_given, "  given: a missing statd is then an error");
	bad(parse("--service-users=", NULL), "--service-users",
	    "--service-users= (empty)");
	write_file(path, "service-users = 105\n");
	snprintf(arg, sizeof(arg), "--config=%s", path);
	is_int(parse(arg, NULL), CONFIG_OK, "service-users in a config file");
	ok(strcmp(cf.service_users, "105") == 0 && cf.service_users_given,
	    "  kept, given");
	unlink(path);
}

static void
test_config_file(void)
{
	char path[64], arg[80];

	write_file(path, "# rpcbindd\n\n  rate-limit = 50\n"
	    "allow-dump=198.51.100.0/24,2001:db8::/32\n"
	    "rate-limit-log-only\r\n\tuser\t= nobody \n");
	snprintf(arg, sizeof(arg), "--config=%s", path);
	is_int(parse(arg, NULL), CONFIG_OK, "a config file with the long "
	    "options' names");
	ok(cf.rate_limit == 50 && cf.rate_log_only && cf.allow_dump.n == 2 &&
	    strcmp(cf.user, "nobody") == 0, "  values, lists, flags, spaces, "
	    "tabs, CRLF and comments");
	unlink(path);

	write_file(path, "rate-limit = 50\n\n# x\nallow-dump=198.51.100.0/24, "
	    "2001:db8::/32\n");
	bad(parse("--config", path, NULL), ":4:", "a bad value is refused with "
	    "the file's line");
	like_str(err, "--allow-dump", "  and the option's name");
	unlink(path);

	write_file(path, "rate-limit = 50\nallow-dump=198.51.100.0/24\n");
	is_int(parse("--config", path, "--rate-limit=7", NULL), CONFIG_OK,
	    "--config FILE then an option");
	is_int((int)cf.rate_limit, 7, "  what follows the file overrides it");
	ok(cf.allow_dump.n == 1, "  the file's list is kept");
	unlink(path);

	write_file(path, "rate-limit = 50\nbogus = 1\n");
	bad(parse("--config", path, NULL), ":2:", "an unknown name in the file "
	    "is refused with its line");
	like_str(err, "--bogus", "  and the name");
	unlink(path);
	write_file(path, "config = /etc/passwd\n");
	bad(parse("--config", path, NULL), "cannot name another",
	    "a config file naming another is refused");
	unlink(path);
	bad(parse("--config=/nonexistent/rpcbindd.conf", NULL),
	    "/nonexistent/rpcbindd.conf", "a missing file is refused, naming it");
	bad(parse("--config", NULL), "--config", "--config without a file");
}

/* Refusals whose message the daemon has always had, word for word: the
 * arguments, the word the message names, the check's name, the message. */
struct exact_msg {
	const char	*arg, *arg2, *word, *what, *msg;
};

static const struct exact_msg exact_unknown[] = {
	{ "--", NULL, "'--'", "-- alone",
	  "unknown argument '--' (see --help)" },
	{ "-", NULL, "'-'", "- alone",
	  "unknown argument '-' (see --help)" },
	{ "-f-", NULL, "-", "-f-",
	  "unknown option -- (see --help)" },
	{ "--bogus=3", NULL, "--bogus", "--bogus=3",
	  "unknown option --bogus (see --help)" },
	{ "-fq", NULL, "-q", "-fq",
	  "unknown option -q (see --help)" },
	{ "--help=1", NULL, "--help", "--help=1",
	  "unknown option --help (see --help)" },
	{ "--version=", NULL, "--version", "--version=",
	  "unknown option --version (see --help)" },
	{ "--rate-limit-log-only=yes", NULL, "--rate-limit-log-only",
	  "--rate-limit-log-only=yes",
	  "option --rate-limit-log-only takes no value" },
};

static const struct exact_msg exact_values[] = {
	{ "--user", NULL, "--user", "--user without a value",
	  "option --user needs a value" },
	{ "--user=", NULL, "--user", "--user=",
	  "option --user: '' is empty" },
	{ "--state-dir=x", NULL, "--state-dir", "--state-dir=x",
	  "option --state-dir: 'x' is not an absolute path" },
	{ "--seccomp=on", NULL, "--seccomp", "--seccomp=on",
	  "option --seccomp: 'on' is not kill, log or off" },
	{ "--hosts-access", NULL, "--hosts-access",
	  "--hosts-access without a value",
	  "option --hosts-access needs a value" },
	{ "--rate-burst=0", NULL, "--rate-burst", "--rate-burst=0",
	  "option --rate-burst: '0' is not a whole number from 1 to "
	  "10000000" },
	{ "--allow-dump=x", NULL, "--allow-dump", "--allow-dump=x",
	  "option --allow-dump: 'x' is not a network like "
	  "198.51.100.0/24 or 2001:db8::/32" },
	{ "--config=", NULL, "--config", "--config=",
	  "option --config needs a file" },
	{ "--config", "", "--config", "--config \"\"",
	  "option --config needs a file" },
	{ "--configx", NULL, "--configx", "--configx",
	  "unknown option --configx (see --help)" },
	{ "-h", NULL, "-h", "-h without a value",
	  "option -h needs an address" },
	{ "-h", "::", "::", "-h ::",
	  "option -h: '::' is every address; name the addresses or "
	  "interfaces to serve" },
	{ "-h", "1.2.3", "1.2.3", "-h 1.2.3",
	  "option -h: '1.2.3' is neither an IPv4 or IPv6 address nor "
	  "an interface or host name" },
};

static void
exact(const struct exact_msg *e, size_t n)
{
	for (; n > 0; n--, e++) {
		bad(parse(e->arg, e->arg2, NULL), e->word, e->what);
		is_str(err, e->msg, "  exact message");
	}
}

/* Lines a config file refuses at its line 1: the file, the check's name,
 * the message expected and the name of the check on it. */
static const struct {
	const char	*text, *what, *msg, *check;
} in_file[] = {
	{ "help\n", "help in a config file",
	  "unknown option --help (see --help)", "  unknown there" },
	{ "version\n", "version in a config file",
	  "unknown option --version (see --help)", "  unknown there" },
	{ "config\n", "config (no value) in a config file",
	  ":1: a config file cannot name another", "  refused" },
	{ "user\n", "user without a value in a config file",
	  ":1: option --user needs a value", "  needs a value" },
	{ "rate-limit-log-only = 1\n", "a flag with a value in a config file",
	  ":1: option --rate-limit-log-only takes no value",
	  "  takes no value" },
};

/* Exact messages and spellings the daemon has always had: each option is
 * taken as --name=value or --name value, flags cluster, --help and
 * --version only as whole words, the first bad argument wins. */
static void
test_spellings(void)
{
	char path[64], arg[80];
	size_t i;

	is_int(parse("--user", "nobody", NULL), CONFIG_OK, "--user nobody");
	is_str(cf.user, "nobody", "  the next argument is the value");
	is_int(parse("--user=--x", NULL), CONFIG_OK, "--user=--x");
	is_str(cf.user, "--x", "  a value may start with dashes");
	is_int(parse("--user", "--idle-timeout=5", NULL), CONFIG_OK,
	    "--user --idle-timeout=5");
	ok(strcmp(cf.user, "--idle-timeout=5") == 0 &&
	    cf.idle_timeout == RB_TCP_IDLE_SECONDS,
	    "  the next argument is the value, whatever it looks like");
	is_int(parse("--allow-dump", "192.0.2.0/24", NULL), CONFIG_OK,
	    "--allow-dump 192.0.2.0/24");
	ok(cf.allow_dump.n == 1 && !cf.lookups_restricted, "  one network");
	is_int(parse("--allow-lookups=192.0.2.0/24", "--allow-lookups",
	    "::1", NULL), CONFIG_OK, "--allow-lookups twice");
	ok(cf.allow_lookups.n == 2 && cf.lookups_restricted,
	    "  the lists add up, lookups restricted");
	is_int(parse("--seccomp", "log", NULL), CONFIG_OK, "--seccomp log");
	ok(cf.seccomp == SB_SECCOMP_LOG, "  log");
	is_int(parse("--seccomp=off", NULL), CONFIG_OK, "--seccomp=off");
	ok(cf.seccomp == SB_SECCOMP_OFF, "  off");
	is_int(parse("--state-dir", "/srv/rpc", NULL), CONFIG_OK,
	    "--state-dir /srv/rpc");
	is_str(cf.state_dir, "/srv/rpc", "  kept");
	is_int(parse("--rate-limit=10", NULL), CONFIG_OK, "--rate-limit=10");
	ok(cf.rate_limit == 10 && cf.rate_burst == 20,
	    "  the burst defaults to twice the rate");
	is_int(parse("--rate-limit=0", NULL), CONFIG_OK, "--rate-limit=0");
	ok(cf.rate_limit == 0 && cf.rate_burst == 0, "  off, no burst");
	is_int(parse(NULL), CONFIG_OK, "defaults");
	ok(cf.rate_limit == RB_RATE_DEFAULT &&
	    cf.rate_burst == RB_RATE_BURST_DEFAULT && cf.hosts_access &&
	    cf.seccomp == SB_SECCOMP_KILL && strcmp(cf.user, "_rpc") == 0 &&
	    strcmp(cf.state_dir, RPCBINDD_STATEDIR) == 0,
	    "  rate, burst, hosts access, seccomp, user, state dir");
	is_int(parse("-awilsr", NULL), CONFIG_OK, "-awilsr");
	ok(cf.abort_on_error && cf.warm_start && cf.insecure && cf.log_calls &&
	    cf.remote_calls && !cf.foreground, "  every flag of the cluster");

	exact(exact_unknown, NELEM(exact_unknown));
	is_int(parse("--rate-limit-log-only", "5", NULL), CONFIG_ERROR,
	    "--rate-limit-log-only 5: a flag takes no next argument");
	is_str(err, "unknown argument '5' (see --help)", "  5 is a stray");
	exact(exact_values, NELEM(exact_values));

	/* Arguments are taken in order: what comes first decides. */
	bad(parse("-x", "--help", NULL), "-x", "-x --help: the error first");
	is_int(parse_quiet("-v"), CONFIG_EXIT, "-v -> CONFIG_EXIT");
	{
		char *argv[] = { (char *)"rpcbindd", (char *)"-fv",
		    (char *)"-x", NULL };
		int saved = dup(1), devnull = open("/dev/null", O_WRONLY);
		enum config_result r;

		fflush(stdout);
		dup2(devnull, 1);
		close(devnull);
		r = config_parse(3, argv, &cf, err, sizeof(err));
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
		is_int(r, CONFIG_EXIT, "-fv -x: -v exits before -x is seen");
	}

	/* In a file, --help, --version and --config are not options. */
	for (i = 0; i < NELEM(in_file); i++) {
		write_file(path, in_file[i].text);
		snprintf(arg, sizeof(arg), "--config=%s", path);
		bad(parse(arg, NULL), ":1:", in_file[i].what);
		like_str(err, in_file[i].msg, "%s", in_file[i].check);
		unlink(path);
	}
}

/* --hosts-access: on by default, on|off, nothing else. */
static void
test_hosts_access(void)
{
	is_int(parse(NULL), CONFIG_OK, "no options");
	ok(cf.hosts_access, "hosts access is on by default");
	is_int(parse("--hosts-access=off", NULL), CONFIG_OK, "--hosts-access=off");
	ok(!cf.hosts_access, "  turns it off");
	is_int(parse("--hosts-access=off", "--hosts-access", "on", NULL),
	    CONFIG_OK, "--hosts-access=off --hosts-access on");
	ok(cf.hosts_access, "  the last one wins");
	bad(parse("--hosts-access=no", NULL), "--hosts-access",
	    "--hosts-access=no is refused");
	like_str(err, "'no'", "  and shows the value");
}

int
main(void)
{
	test_hosts_access();
	test_config_file();
	test_service_users();
	test_flags();
	test_hosts();
	test_unknown();
	test_numbers();
	test_small_err();
	test_spellings();
	return done_testing();
}
