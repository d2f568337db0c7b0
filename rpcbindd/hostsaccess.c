/*
 * hostsaccess.c — hosts.allow and hosts.deny, as far as an address decides.
 *
 * The syntax is hosts_access(5) as Debian's libwrap reads it: logical lines
 * (a backslash before the newline joins the next), '#' in the first column
 * and blank lines skipped, "daemons : clients [: options]", lists split on
 * blanks and commas, EXCEPT nesting to the right, matching without regard
 * to case. A line without ':' is skipped, as libwrap skips it; a line
 * libwrap cannot read whole ends the file (see unreadable_line).
 *
 * rpcbindd answers to both names: a daemon pattern matches when it matches
 * "rpcbind" or "portmap" (so "ALL EXCEPT portmap" leaves rpcbindd out).
 * Daemon patterns are decided in full (ALL, names, ".suffix", "prefix.",
 * wildcards); "daemon@host" for rpcbindd is not applied.
 *
 * Client patterns applied: ALL; a dotted quad; "n.", "n.n.", "n.n.n."
 * prefixes; n.n.n.n/m.m.m.m and n.n.n.n/len (1 to 32, no host bits set:
 * libwrap never matches those); [v6] and [v6]/len (0 to 128; libwrap
 * compares only the prefix). Anything else in a rule for rpcbindd (host
 * and domain names, KNOWN, UNKNOWN, LOCAL, PARANOID, @netgroups, user@host,
 * /files, wildcards, which also match host names) would need a lookup the
 * daemon does not make, or means something the admin may not have meant:
 * the table fails closed. So do options other than a single "allow" or
 * "deny" (spawn, twist, severity...), and a NUL byte.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "hostsaccess.h"
#include "log.h"

#define SEP	", \t\r\n"

enum pat_kind {
	P_ALL,
	P_NET4,
	P_NET6,
	P_EXCEPT,
};

struct pattern {
	uint8_t		kind;
	uint8_t		net[16];	/* already masked */
	uint8_t		mask[16];
};

struct rule {
	enum ha_file	file;
	bool		grant;		/* what a match decides */
	size_t		first, n;	/* its client patterns */
};

/* Both files' rules in the order read; hosts.allow's are tried first. */
static struct rule	rules[RB_HOSTS_RULES_MAX];
static size_t		nrules, nallow, ndeny;
static struct pattern	pats[RB_HOSTS_PATTERNS_MAX];
static size_t		npats;
static bool		closed;
static struct ha_note	notes[RB_HOSTS_NOTES_MAX];
static size_t		nnotes;

enum tri { T_NO, T_YES, T_UNKNOWN };

void
ha_clear(void)
{
	nrules = nallow = ndeny = npats = nnotes = 0;
	closed = false;
}

static void
note(enum ha_file f, unsigned line, const char *pattern, const char *why,
    bool closes)
{
	struct ha_note *n;

	if (closes)
		closed = true;
	if (nnotes == RB_HOSTS_NOTES_MAX)
		return;
	n = &notes[nnotes++];
	n->file = f;
	n->line = line;
	n->why = why;
	n->closes = closes;
	/* patterns are tokens of one line: no newline to escape here, the
	 * log escapes the rest */
	snprintf(n->pattern, sizeof(n->pattern), "%s", pattern);
}

/* Case-insensitive '*' and '?' matching, as libwrap's wildcards; one
 * backtrack point, so at most the product of the two lengths in steps. */
static bool
glob_match(const char *p, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s != '\0') {
		if (*p == '?' || (*p != '\0' && *p != '*' &&
		    tolower((unsigned char)*p) == tolower((unsigned char)*s))) {
			p++;
			s++;
		} else if (*p == '*') {
			star = p++;
			retry = s;
		} else if (star != NULL) {
			p = star + 1;
			s = ++retry;
		} else
			return false;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* libwrap's string_match for a known daemon name. */
static bool
name_match(const char *tok, const char *name)
{
	size_t tl = strlen(tok), nl = strlen(name);

	if (tok[0] == '.')
		return nl > tl && strcasecmp(tok, name + nl - tl) == 0;
	if (strcasecmp(tok, "ALL") == 0 || strcasecmp(tok, "KNOWN") == 0)
		return true;
	if (tok[tl - 1] == '.')
		return strncasecmp(tok, name, tl) == 0;
	if (strpbrk(tok, "*?") != NULL)
		return glob_match(tok, name);
	return strcasecmp(tok, name) == 0;
}

static enum tri
daemon_token(char *tok)
{
	char *at = strchr(tok + 1, '@');
	bool ours;

	if (at != NULL)
		*at = '\0';
	ours = name_match(tok, "rpcbind") || name_match(tok, "portmap");
	if (at != NULL)
		*at = '@';
	/* daemon@host: which of our addresses was asked is not applied */
	return ours ? (at != NULL ? T_UNKNOWN : T_YES) : T_NO;
}

/* A dotted-decimal number 0..255 without a leading zero; the end in *end. */
static int
octet(const char *s, const char **end)
{
	unsigned v = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9' && n < 4)
		v = v * 10 + (unsigned)(s[n++] - '0');
	if (n == 0 || n > 3 || v > 255 || (n > 1 && s[0] == '0'))
		return -1;
	*end = s + n;
	return (int)v;
}

/* Exactly four octets, as libwrap compares addresses: as text. */
static bool
quad(const char *s, uint8_t out[4])
{
	const char *e;
	int i, v;

	for (i = 0; i < 4; i++) {
		if ((v = octet(s, &e)) == -1)
			return false;
		out[i] = (uint8_t)v;
		if (i < 3 && *e != '.')
			return false;
		s = e + (i < 3);
	}
	return *e == '\0';
}

/* A decimal prefix length lo..hi without a leading zero. */
static bool
prefix_len(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	unsigned v = 0;
	size_t n;

	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n == 3)
			return false;
		v = v * 10 + (unsigned)(s[n] - '0');
	}
	if (n == 0 || s[n] != '\0' || (n > 1 && s[0] == '0') || v < lo ||
	    v > hi)
		return false;
	*out = v;
	return true;
}

static void
mask_bits(uint8_t *mask, size_t bytes, unsigned bits)
{
	size_t i;

	for (i = 0; i < bytes; i++, bits = bits > 8 ? bits - 8 : 0)
		mask[i] = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
}

static const char *
v6_pattern(char *tok, struct pattern *p)
{
	char *close = strchr(tok, ']');
	unsigned len = 128;
	struct in6_addr a;
	size_t i;

	if (close == NULL)
		return "an unclosed '['";
	*close = '\0';
	if (inet_pton(AF_INET6, tok + 1, &a) != 1) {
		*close = ']';
		return "not an IPv6 address";
	}
	*close = ']';
	if (IN6_IS_ADDR_V4MAPPED(&a))
		return "an IPv4-mapped address (write it as IPv4)";
	if (close[1] == '/') {
		if (!prefix_len(close + 2, 0, 128, &len))
			return "not a prefix length from 0 to 128";
	} else if (close[1] != '\0')
		return "text after ']'";
	p->kind = P_NET6;
	mask_bits(p->mask, 16, len);
	for (i = 0; i < 16; i++)
		p->net[i] = a.s6_addr[i] & p->mask[i];
	return NULL;
}

static const char *
v4_pattern(char *tok, struct pattern *p)
{
	char *slash = strchr(tok, '/');
	size_t i, n = strlen(tok);
	unsigned len;
	const char *s, *e;
	int v;

	p->kind = P_NET4;
	memset(p->mask, 0, sizeof(p->mask));
	if (slash != NULL) {
		*slash = '\0';
		if (!quad(tok, p->net)) {
			*slash = '/';
			return "a net/mask whose net is not a dotted quad";
		}
		*slash = '/';
		if (strchr(slash + 1, '.') != NULL) {
			if (!quad(slash + 1, p->mask))
				return "a mask that is not a dotted quad";
			/* libwrap: "not a valid mask value" */
			if (memcmp(p->mask, "\xff\xff\xff\xff", 4) == 0)
				return "mask 255.255.255.255, which libwrap never "
				    "matches (write the address alone)";
		} else if (prefix_len(slash + 1, 1, 32, &len))
			mask_bits(p->mask, 4, len);
		else
			return "not a prefix length from 1 to 32 (libwrap "
			    "never matches /0)";
		for (i = 0; i < 4; i++)
			if (p->net[i] & ~p->mask[i])
				return "host bits set: libwrap never matches it";
		return NULL;
	}
	if (tok[n - 1] == '.') {
		/* "n.", "n.n." or "n.n.n.": the first octets */
		for (s = tok, i = 0; *s != '\0'; i++) {
			if (i == 3 || (v = octet(s, &e)) == -1 || *e != '.')
				return "an address prefix libwrap never matches";
			p->net[i] = (uint8_t)v;
			p->mask[i] = 0xff;
			s = e + 1;
		}
		return NULL;
	}
	if (!quad(tok, p->net))
		return "digits and dots that are not an address as libwrap "
		    "writes it";
	memset(p->mask, 0xff, 4);
	return NULL;
}

/* One client pattern; NULL when it is applied, else why not. */
static const char *
client_pattern(char *tok, struct pattern *p)
{
	memset(p, 0, sizeof(*p));
	if (strcasecmp(tok, "ALL") == 0) {
		p->kind = P_ALL;
		return NULL;
	}
	if (tok[0] == '@')
		return "a netgroup needs NIS";
	if (strchr(tok, '@') != NULL)
		return "user@host needs an ident lookup";
	if (tok[0] == '/')
		return "a file of patterns is not read";
	if (strcasecmp(tok, "KNOWN") == 0 || strcasecmp(tok, "UNKNOWN") == 0 ||
	    strcasecmp(tok, "LOCAL") == 0 || strcasecmp(tok, "PARANOID") == 0)
		return "needs host name lookups";
	if (strpbrk(tok, "*?") != NULL)
		return "a wildcard, which also matches host names";
	if (tok[0] == '[')
		return v6_pattern(tok, p);
	if (strspn(tok, "0123456789./") == strlen(tok) && tok[0] != '.')
		return v4_pattern(tok, p);
	return "a host or domain name needs name lookups";
}

/* The next list element of *s (split on SEP), NUL-terminated in place. */
static char *
next_token(char **s)
{
	char *t = *s + strspn(*s, SEP), *e;

	if (*t == '\0')
		return NULL;
	e = t + strcspn(t, SEP);
	if (*e != '\0')
		*e++ = '\0';
	*s = e;
	return t;
}

/* The first ':' of s outside [...], cut there; the rest, or NULL. */
static char *
split_colon(char *s)
{
	bool in_brackets = false;

	for (; *s != '\0'; s++) {
		if (*s == '[')
			in_brackets = true;
		else if (*s == ']')
			in_brackets = false;
		else if (*s == ':' && !in_brackets) {
			*s = '\0';
			return s + 1;
		}
	}
	return NULL;
}

/*
 * libwrap's list_match over the daemon list: a head matches, then EXCEPT
 * negates what follows, nesting to the right. Elements after a match and
 * before the next EXCEPT are not looked at, as libwrap does not.
 */
static enum tri
daemon_list(char *s, enum ha_file f, unsigned line)
{
	char *tok;
	bool neg = false;
	enum tri t;

	for (;;) {
		while ((tok = next_token(&s)) != NULL &&
		    strcasecmp(tok, "EXCEPT") != 0) {
			if ((t = daemon_token(tok)) == T_UNKNOWN) {
				note(f, line, tok, "daemon@host is not applied",
				    true);
				return T_UNKNOWN;
			}
			if (t == T_YES)
				break;
		}
		if (tok == NULL || strcasecmp(tok, "EXCEPT") == 0)
			return neg ? T_YES : T_NO;
		while ((tok = next_token(&s)) != NULL &&
		    strcasecmp(tok, "EXCEPT") != 0)
			;
		if (tok == NULL)
			return neg ? T_NO : T_YES;
		neg = !neg;
	}
}

static void
rule(enum ha_file f, unsigned line, char *text)
{
	char *clients, *opts, *tok, *o, *oe;
	struct rule *r;
	const char *why;
	size_t first = npats;

	if ((clients = split_colon(text)) == NULL) {
		note(f, line, text + strspn(text, SEP), "no ':' separator; "
		    "skipped, as libwrap skips it", false);
		return;
	}
	opts = split_colon(clients);
	if (daemon_list(text, f, line) != T_YES)
		return;
	while ((tok = next_token(&clients)) != NULL) {
		if (npats == RB_HOSTS_PATTERNS_MAX) {
			note(f, line, tok, "more client patterns than rpcbindd "
			    "keeps", true);
			npats = first;
			return;
		}
		if (strcasecmp(tok, "EXCEPT") == 0) {
			memset(&pats[npats], 0, sizeof(pats[npats]));
			pats[npats++].kind = P_EXCEPT;
			continue;
		}
		if ((why = client_pattern(tok, &pats[npats])) != NULL) {
			note(f, line, tok, why, true);
			npats = first;
			return;
		}
		npats++;
	}
	if (nrules == RB_HOSTS_RULES_MAX) {
		note(f, line, text, "more rules for rpcbind than rpcbindd keeps",
		    true);
		npats = first;
		return;
	}
	r = &rules[nrules];
	r->file = f;
	r->grant = f == HA_ALLOW;
	if (opts != NULL) {
		/* A single allow or deny decides as the other file would;
		 * any other option does something rpcbindd does not. */
		o = opts + strspn(opts, " \t\r");
		oe = o + strlen(o);
		while (oe > o && strchr(" \t\r", oe[-1]) != NULL)
			*--oe = '\0';
		if (strcasecmp(o, "allow") == 0)
			r->grant = true;
		else if (strcasecmp(o, "deny") == 0)
			r->grant = false;
		else if (*o != '\0') {
			note(f, line, o, "an option rpcbindd does not carry "
			    "out (only a single allow or deny)", true);
			npats = first;
			return;
		}
	}
	r->first = first;
	r->n = npats - first;
	nrules++;
	if (f == HA_ALLOW)
		nallow++;
	else
		ndeny++;
}

/*
 * A line libwrap cannot read whole (no newline at the end of the file, or
 * longer than its buffer) ends the file for libwrap: in hosts.allow the
 * rules from there on are ignored; in hosts.deny every caller not matched
 * before it is refused. The same here.
 */
static bool
unreadable_line(enum ha_file f, unsigned line, const char *why)
{
	struct rule *r;

	if (f == HA_ALLOW) {
		note(f, line, "", why, false);
		return true;
	}
	if (nrules == RB_HOSTS_RULES_MAX || npats == RB_HOSTS_PATTERNS_MAX) {
		note(f, line, "", "more rules for rpcbind than rpcbindd keeps",
		    true);
		return true;
	}
	note(f, line, "", why, false);
	memset(&pats[npats], 0, sizeof(pats[npats]));
	pats[npats].kind = P_ALL;
	r = &rules[nrules++];
	r->file = f;
	r->grant = false;
	r->first = npats++;
	r->n = 1;
	ndeny++;
	return true;
}

void
ha_parse(enum ha_file f, const char *buf, size_t len)
{
	static char text[RB_HOSTS_LINE_MAX];
	size_t i = 0, n;
	unsigned lineno = 0, start;
	bool toolong, nul, ended;
	char last;

	while (i < len) {
		/* one logical line: physical lines joined at "\\\n" */
		n = 0;
		start = lineno + 1;
		toolong = nul = ended = false;
		last = '\0';
		for (; i < len; i++) {
			char c = buf[i];

			if (c == '\n') {
				lineno++;
				if (last == '\\') {
					if (!toolong)
						n--;
					last = '\0';
					continue;
				}
				i++;
				ended = true;
				break;
			}
			last = c;
			if (c == '\0')
				nul = true;
			/* libwrap reads a line and its newline into 2048 bytes */
			if (n == sizeof(text) - 2)
				toolong = true;
			else
				text[n++] = c;
		}
		text[n] = '\0';
		if (nul) {
			note(f, start, "", "a NUL byte", true);
			continue;
		}
		if (toolong && unreadable_line(f, start, f == HA_ALLOW ?
		    "a line longer than libwrap reads: libwrap ignores it and "
		    "the rules after it" : "a line longer than libwrap reads: "
		    "libwrap refuses every caller not matched before it"))
			return;
		if (!ended && n > 0 && unreadable_line(f, start,
		    f == HA_ALLOW ? "no newline at the end: libwrap ignores "
		    "this line" : "no newline at the end: libwrap refuses "
		    "every caller not matched before this line"))
			return;
		if (text[0] == '#' || text[strspn(text, SEP)] == '\0')
			continue;
		rule(f, start, text);
	}
}

static bool
rule_matches(const struct rule *r, const uint8_t *a, int family)
{
	const struct pattern *p = &pats[r->first], *end = p + r->n;
	bool neg = false, hit;
	size_t i, len = family == AF_INET ? 4 : 16;

	for (;;) {
		for (hit = false; p < end && p->kind != P_EXCEPT && !hit; p++) {
			if (p->kind == P_ALL)
				hit = true;
			else if ((p->kind == P_NET4) == (family == AF_INET)) {
				for (i = 0; i < len; i++)
					if ((a[i] & p->mask[i]) != p->net[i])
						break;
				hit = i == len;
			}
		}
		if (!hit)
			return neg;
		while (p < end && p->kind != P_EXCEPT)
			p++;
		if (p == end)
			return !neg;
		p++;
		neg = !neg;
	}
}

bool
ha_permits(const struct sockaddr_storage *peer)
{
	const uint8_t *a;
	int family = peer->ss_family, f;
	size_t i;

	if (closed)
		return false;
	if (nrules == 0)
		return true;
	if (family == AF_INET)
		a = (const uint8_t *)&((const struct sockaddr_in *)peer)->sin_addr;
	else if (family == AF_INET6) {
		a = ((const struct sockaddr_in6 *)peer)->sin6_addr.s6_addr;
		/* libwrap sees a mapped address as IPv4 */
		if (IN6_IS_ADDR_V4MAPPED(
		    &((const struct sockaddr_in6 *)peer)->sin6_addr)) {
			a += 12;
			family = AF_INET;
		}
	} else
		return false;
	/* the first match in hosts.allow, else the first in hosts.deny */
	for (f = HA_ALLOW; f <= HA_DENY; f++)
		for (i = 0; i < nrules; i++)
			if (rules[i].file == (enum ha_file)f &&
			    rule_matches(&rules[i], a, family))
				return rules[i].grant;
	return true;
}

bool
ha_closed(void)
{
	return closed;
}

size_t
ha_rules(enum ha_file f)
{
	return f == HA_ALLOW ? nallow : ndeny;
}

size_t
ha_notes(void)
{
	return nnotes;
}

const struct ha_note *
ha_note(size_t i)
{
	return i < nnotes ? &notes[i] : NULL;
}

/* The whole file in a buffer of its own; -1 (errno set) on error, 0 with
 * *buf NULL when it does not exist. */
static int
read_file(const char *path, char **buf, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd, e = 0;

	*buf = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) == -1)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	else if (st.st_size > RB_HOSTS_FILE_MAX)
		e = EFBIG;
	if (e != 0) {
		close(fd);
		errno = e;
		return -1;
	}
	if ((*buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	/* bounded by the size fstat gave: a file that grows is cut there */
	while (got < (size_t)st.st_size &&
	    (n = read(fd, *buf + got, (size_t)st.st_size - got)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			free(*buf);
			*buf = NULL;
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return 0;
}

void
ha_load(const char *allow_path, const char *deny_path)
{
	const char *paths[2] = { allow_path, deny_path };
	char esc[LOG_ESCAPED(sizeof(notes[0].pattern))];
	char *buf;
	size_t len, i;
	int f;

	ha_clear();
	for (f = HA_ALLOW; f <= HA_DENY; f++) {
		if (read_file(paths[f], &buf, &len) == -1) {
			log_warn("%s: cannot be read, so every non-local caller "
			    "is refused", paths[f]);
			closed = true;
			continue;
		}
		if (buf != NULL)
			ha_parse((enum ha_file)f, buf, len);
		free(buf);
	}
	for (i = 0; i < nnotes; i++) {
		log_escape(esc, sizeof(esc), notes[i].pattern,
		    strlen(notes[i].pattern));
		if (notes[i].closes)
			log_warnx("%s:%u: '%s': %s: every non-local caller is "
			    "refused until the rule is changed and rpcbindd "
			    "restarted (or --hosts-access=off)",
			    paths[notes[i].file], notes[i].line, esc,
			    notes[i].why);
		else if (esc[0] != '\0')
			log_warnx("%s:%u: '%s': %s", paths[notes[i].file],
			    notes[i].line, esc, notes[i].why);
		else
			log_warnx("%s:%u: %s", paths[notes[i].file],
			    notes[i].line, notes[i].why);
	}
	if (closed)
		log_warnx("hosts access: fails closed, every non-local caller "
		    "is refused");
	else if (nrules > 0)
		log_info("hosts access: %zu rule%s of %s and %zu of %s for "
		    "rpcbind/portmap, applied to non-local callers (read at "
		    "start: restart to apply changes)", nallow,
		    nallow == 1 ? "" : "s", allow_path, ndeny, deny_path);
}
