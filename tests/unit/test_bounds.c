/*
 * test_bounds — the limits the manual pages state are the ones the daemon
 * is built with: include/bounds.h (and log.h's rate of log lines).
 *
 * Each row is a phrase of man/rpcbindd.8 or man/rpcbindd.conf.5 with '#'
 * where the page states a number, and the values those numbers must have,
 * written with the constants. The page is read as running text (lines
 * joined, "\-" read as "-"); every place the phrase stands must carry
 * the right numbers, and a phrase that is gone fails too, so a reworded
 * page updates its row here. A limit the page states in words ("a
 * quarter") has a row in `words`.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "log.h"
#include "tap.h"

#define NUMS_MAX	6

static const struct {
	const char	*page;
	const char	*phrase;
	long long	 want[NUMS_MAX];
} rows[] = {
	{ "rpcbindd.8", "May be given up to # times (at most # addresses in "
	    "all, an interface counting two)",
	    { RB_LISTEN_MAX, RB_LISTEN_MAX } },
	{ "rpcbindd.8", "Close a TCP connection that has sent nothing for "
	    "this long (default #)",
	    { RB_TCP_IDLE_SECONDS } },
	{ "rpcbindd.8", "At most this many remote TCP connections at once "
	    "(default and maximum #), and as many loopback ones (at most #)",
	    { RB_TCP_CONN_MAX, RB_TCP_LOOPBACK_MAX } },
	{ "rpcbindd.8", "that is not local (default #; 0 turns rate limiting "
	    "off)",
	    { RB_RATE_DEFAULT } },
	{ "rpcbindd.8", "The # buckets are placed by SipHash-2-4",
	    { RB_RATE_TABLE } },
	{ "rpcbindd.8", "A global limit of # times the figures backs it up",
	    { RB_RATE_GLOBAL_FACTOR } },
	{ "rpcbindd.8", "How many replies a prefix may draw at once "
	    "(default #,",
	    { RB_RATE_BURST_DEFAULT } },
	{ "rpcbindd.8", "The defaults answer # lookups from a new /24 at once "
	    "and # a second after that",
	    { RB_RATE_BURST_DEFAULT / RB_RATE_START_DIV, RB_RATE_DEFAULT } },
	{ "rpcbindd.8", "is an error. At most #.",
	    { RB_SERVICE_USERS_MAX } },
	{ "rpcbindd.8", "One remote source (an IPv4 address, an IPv6 /64) may "
	    "hold # TCP connections",
	    { RB_TCP_PER_SOURCE } },
	{ "rpcbindd.8", "loopback TCP connections have a share of their own, "
	    "as large (at most #)",
	    { RB_TCP_LOOPBACK_MAX } },
	{ "rpcbindd.8", "Every string has a fixed maximum (netid #, address #, "
	    "owner # bytes), a stream record at most # bytes",
	    { RB_NETID_MAX, RB_UADDR_MAX, RB_OWNER_MAX, RB_RECORD_MAX } },
	{ "rpcbindd.8", "The registry holds # entries: any non-root owner at "
	    "most #, all the other users together at most #, all non-root "
	    "owners together at most #, so root keeps # and the service users "
	    "at least #.",
	    { RB_REG_MAX, RB_REG_PER_OWNER, RB_REG_OTHERS_MAX,
	      RB_REG_MAX - RB_REG_ROOT_RESERVE, RB_REG_ROOT_RESERVE,
	      RB_REG_MAX - RB_REG_ROOT_RESERVE - RB_REG_OTHERS_MAX } },
	{ "rpcbindd.8", "Of the # local-socket connections each non-root uid "
	    "may hold #, the other users together #, all non-root users "
	    "together #, so root keeps # and the service users at least #.",
	    { RB_LOCAL_CONN_MAX, RB_LOCAL_PER_UID, RB_LOCAL_OTHERS_MAX,
	      RB_LOCAL_CONN_MAX - RB_LOCAL_ROOT_RESERVE, RB_LOCAL_ROOT_RESERVE,
	      RB_LOCAL_CONN_MAX - RB_LOCAL_ROOT_RESERVE -
	      RB_LOCAL_OTHERS_MAX } },
	{ "rpcbindd.8", "messages a peer can provoke are rate-limited to # a "
	    "minute per kind",
	    { LOG_LIMIT_BURST } },
	/* tcp_wrappers' buffer holds the line, its newline and a NUL. */
	{ "rpcbindd.8", "or longer than # characters, ends the file",
	    { RB_HOSTS_LINE_MAX - 2 } },
	{ "rpcbindd.8", "more than # rules or # client patterns",
	    { RB_HOSTS_RULES_MAX, RB_HOSTS_PATTERNS_MAX } },
	/* The line buffer holds the line and a NUL. */
	{ "rpcbindd.conf.5", "A line is at most # characters.",
	    { RB_CONFIG_LINE_MAX - 1 } },
};

static const struct {
	const char	*page;
	const char	*phrase;
	long long	 value, want;
	const char	*name;
} words[] = {
	{ "rpcbindd.8", "A prefix not seen before starts with a quarter of "
	    "the burst", RB_RATE_START_DIV, 4, "RB_RATE_START_DIV" },
	{ "rpcbindd.8", "a minute per kind",
	    LOG_LIMIT_INTERVAL, 60, "LOG_LIMIT_INTERVAL" },
};

/* The page as running text: lines joined by one space, "\-" as "-". */
static char *
load(const char *page)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	char *text;
	size_t n = 0, size = 1 << 16;
	int ch, prev = ' ';

	snprintf(path, sizeof(path), "%s/man/%s", top ? top : ".", page);
	if ((f = fopen(path, "r")) == NULL || (text = malloc(size)) == NULL) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	while ((ch = getc(f)) != EOF) {
		if (ch == '\\') {
			if ((ch = getc(f)) != '-')
				text[n++] = '\\';
			if (ch == EOF)
				break;
		}
		if (isspace(ch))
			ch = ' ';
		if (ch == ' ' && prev == ' ')
			continue;
		if (n + 2 >= size && (text = realloc(text, size *= 2)) == NULL)
			exit(1);
		text[n++] = (char)ch;
		prev = ch;
	}
	text[n] = '\0';
	fclose(f);
	return text;
}

/* Matches phrase at s, reading a number at each '#': how many, or -1. */
static int
match(const char *s, const char *phrase, long long *got)
{
	int k = 0;

	while (*phrase != '\0') {
		if (*phrase == '#') {
			char *end;

			if (!isdigit((unsigned char)*s) || k == NUMS_MAX)
				return -1;
			got[k++] = strtoll(s, &end, 10);
			s = end;
			phrase++;
		} else if (*s++ != *phrase++)
			return -1;
	}
	return k;
}

/* The phrase for a TAP line, whose '#' would start a directive: N. */
static const char *
shown_as(const char *phrase, char *buf, size_t size)
{
	size_t i;

	for (i = 0; phrase[i] != '\0' && i + 1 < size; i++)
		buf[i] = phrase[i] == '#' ? 'N' : phrase[i];
	buf[i] = '\0';
	return buf;
}

/* Every place the phrase stands: each must state the numbers wanted. */
static void
check_row(const char *text, const char *page, const char *phrase,
    const long long *want)
{
	size_t lead = strcspn(phrase, "#");
	const char *p;
	char shown[512];
	long long got[NUMS_MAX];
	int k, i, found = 0, bad = 0;

	for (p = text; *p != '\0'; p++) {
		if (strncmp(p, phrase, lead) != 0 ||
		    (k = match(p, phrase, got)) == -1)
			continue;
		found++;
		for (i = 0; i < k; i++)
			if (got[i] != want[i]) {
				diag("%s says %lld where the code has %lld "
				    "(number %d of the phrase)", page, got[i],
				    want[i], i + 1);
				bad++;
			}
	}
	if (found == 0)
		diag("%s no longer says this: update the row", page);
	ok(found > 0 && bad == 0, "%s: \"%s\"", page,
	    shown_as(phrase, shown, sizeof(shown)));
}

int
main(void)
{
	static const char *const pages[] = { "rpcbindd.8", "rpcbindd.conf.5" };
	char *text[2];
	size_t i, t;

	for (t = 0; t < 2; t++)
		text[t] = load(pages[t]);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		t = strcmp(rows[i].page, pages[0]) == 0 ? 0 : 1;
		check_row(text[t], rows[i].page, rows[i].phrase, rows[i].want);
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		t = strcmp(words[i].page, pages[0]) == 0 ? 0 : 1;
		if (!ok(strstr(text[t], words[i].phrase) != NULL, "%s: \"%s\"",
		    words[i].page, words[i].phrase))
			diag("%s no longer says this: update the row",
			    words[i].page);
		is_int(words[i].value, words[i].want,
		    "  %s is %lld, as it says", words[i].name, words[i].want);
	}
	for (t = 0; t < 2; t++)
		free(text[t]);
	return done_testing();
}
