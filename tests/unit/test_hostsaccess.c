/*
 * test_hostsaccess.c — the hosts.allow/hosts.deny subset (hostsaccess.c).
 *
 * Each case is a pair of files and the verdict for some addresses. The
 * verdicts of the rules that are applied are the ones Debian's libwrap
 * (7.6.q) gives for daemon "rpcbind" (hosts_ctl over the same files);
 * rules rpcbindd cannot apply fail closed: every address refused, and a
 * note names the line and the pattern.
 */
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "hostsaccess.h"
#include "tap.h"
#include "unit.h"

/* expect: "ADDR+ ADDR- ..." (+ granted, - refused). */
struct verdict_case {
	const char	*what, *allow, *deny, *expect;
};

/* A rule that cannot be applied: the file it is in, its text, and the line
 * and the pattern the note must name. */
struct closing_case {
	const char	*what;
	enum ha_file	 f;
	const char	*text;
	unsigned	 line;
	const char	*pattern;
};

static void
load(const char *allow, const char *deny)
{
	ha_clear();
	ha_parse(HA_ALLOW, allow, strlen(allow));
	ha_parse(HA_DENY, deny, strlen(deny));
}

static bool
permits(const char *addr)
{
	struct sockaddr_storage ss = ss_of(addr);

	return ha_permits(&ss);
}

static void
verdicts(const struct verdict_case *c)
{
	char buf[512], *tok, *save = NULL;

	load(c->allow, c->deny);
	ok(!ha_closed(), "%s: applied (not closed)", c->what);
	snprintf(buf, sizeof(buf), "%s", c->expect);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(tok);
		bool want = tok[n - 1] == '+';

		tok[n - 1] = '\0';
		ok(permits(tok) == want, "%s: %s %s", c->what, tok,
		    want ? "granted" : "refused");
	}
}

static void
run_verdicts(const struct verdict_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		verdicts(&c[i]);
}

/* Closed, everyone refused, one note with the line and the pattern. */
static void
closes(const struct closing_case *c)
{
	const char *file = c->f == HA_ALLOW ? "hosts.allow" : "hosts.deny";
	const struct ha_note *n;

	load(c->f == HA_ALLOW ? c->text : "", c->f == HA_DENY ? c->text : "");
	ok(ha_closed(), "%s: fails closed", c->what);
	ok(!permits("198.51.100.7") && !permits("2001:db8::7"),
	    "%s: every address refused", c->what);
	n = ha_note(0);
	ok(n != NULL && n->closes && n->file == c->f && n->line == c->line,
	    "%s: the note names %s line %u", c->what, file, c->line);
	if (n != NULL)
		is_str(n->pattern, c->pattern, "%s: the note names the pattern",
		    c->what);
	else
		ok(false, "%s: the note names the pattern", c->what);
}

static const struct verdict_case rules[] = {
	/* files as Debian ships them: comments only */
	{ "Debian's files", "# ALL: LOCAL @some_netgroup\n#\n",
	  "# ALL: PARANOID\n\n", "203.0.113.5+" },
	{ "deny ALL", "", "rpcbind: ALL", "1.2.3.4- 2001:db8::1-" },
	{ "deny ALL, case", "", "RPCBIND: all\n", "1.2.3.4-" },
	{ "a LAN in allow, the rest denied",
	  "rpcbind: 198.51.100.0/24\n", "rpcbind: ALL\n",
	  "198.51.100.7+ 198.51.101.7- 203.0.113.5- 2001:db8::5-" },
	{ "net/mask", "", "rpcbind: 198.51.100.0/255.255.255.0\n",
	  "198.51.100.7- 198.51.101.0+" },
	{ "a non-contiguous mask", "",
	  "rpcbind: 198.0.100.0/255.0.255.0\n",
	  "198.51.100.7- 198.52.100.9- 198.51.101.7+" },
	{ "/32 and /31", "",
	  "rpcbind: 198.51.100.8/31, 198.51.100.7/32\n",
	  "198.51.100.7- 198.51.100.8- 198.51.100.9- 198.51.100.6+ "
	  "198.51.100.10+" },
	{ "/1 and /8", "", "rpcbind: 128.0.0.0/1 10.0.0.0/8\n",
	  "198.51.100.7- 128.0.0.1- 127.1.1.1+ 10.9.9.9- 11.0.0.1+" },
	{ "0.0.0.0/0.0.0.0 is every IPv4 address", "",
	  "rpcbind: 0.0.0.0/0.0.0.0\n", "1.2.3.4- 2001:db8::1+" },
	{ "an address", "", "rpcbind : 198.51.100.7 , 1.2.3.4\n",
	  "198.51.100.7- 1.2.3.4- 198.51.100.8+" },
	{ "prefixes", "", "rpcbind: 198.51. 10.\n",
	  "198.51.100.7- 198.5.1.1+ 10.1.1.1- 100.1.1.1+ 198.52.0.1+" },
	{ "[v6]/len", "", "rpcbind: [2001:db8::]/32\n",
	  "2001:db8::5- 2001:db9::1+ 198.51.100.7+" },
	{ "[v6]/len with host bits (libwrap masks both)", "",
	  "rpcbind: [2001:db8::1]/64\n",
	  "2001:db8::5- 2001:db8:0:1::5+" },
	{ "[v6]/0", "", "rpcbind: [::]/0\n", "2001:db8::5- 1.2.3.4+" },
	{ "[v6]", "", "rpcbind: [2001:DB8:0::5] [2001:db8::6]\n",
	  "2001:db8::5- 2001:db8::6- 2001:db8::7+" },
	{ "a mapped peer is IPv4", "", "rpcbind: 198.51.100.0/24\n",
	  "::ffff:198.51.100.7- ::ffff:198.51.101.7+" },
	{ "EXCEPT", "", "rpcbind: ALL EXCEPT 198.51.100.0/24\n",
	  "198.51.100.7+ 1.2.3.4-" },
	{ "EXCEPT nests to the right", "",
	  "rpcbind: ALL EXCEPT 198.51.100.0/24 EXCEPT 198.51.100.7\n",
	  "198.51.100.7- 198.51.100.8+ 1.2.3.4-" },
	{ "an empty EXCEPT list", "", "rpcbind: 198.51.100.7 EXCEPT\n",
	  "198.51.100.7- 198.51.100.8+" },
	{ "EXCEPT first matches nothing", "", "rpcbind: EXCEPT ALL\n",
	  "198.51.100.7+" },
	{ "ALL EXCEPT rpcbind is not ours", "",
	  "ALL EXCEPT rpcbind: ALL\n", "1.2.3.4+" },
	{ "ALL EXCEPT portmap is not ours either", "",
	  "ALL EXCEPT portmap: ALL\n", "1.2.3.4+" },
	{ "ALL EXCEPT in.fingerd is ours", "",
	  "ALL EXCEPT in.fingerd: 1.2.3.4\n", "1.2.3.4- 1.2.3.5+" },
	{ "EXCEPT first in the daemon list", "",
	  "EXCEPT rpcbind: ALL\n", "1.2.3.4+" },
	{ "portmap", "", "portmap: 1.2.3.4\n", "1.2.3.4- 1.2.3.5+" },
	{ "daemon lists", "",
	  "sshd, rpcbind: 1.2.3.4\nrpc*: 1.2.3.5\nRPCB?ND: 1.2.3.6\n"
	  ".bind: 1.2.3.7\nrpc.: 1.2.3.8\nin.*: 1.2.3.9\n",
	  "1.2.3.4- 1.2.3.5- 1.2.3.6- 1.2.3.7+ 1.2.3.8+ 1.2.3.9+" },
	{ "other daemons' rules are not looked at", "",
	  "sshd: .example.com KNOWN @ng\nin.tftpd: ALL: spawn /bin/true\n"
	  "sshd@198.51.100.1: ALL\n", "1.2.3.4+" },
	{ "allow before deny", "rpcbind: 1.2.3.4\n", "rpcbind: ALL\n",
	  "1.2.3.4+ 1.2.3.5-" },
	{ "the first match decides", "",
	  "rpcbind: 1.2.3.4: allow\nrpcbind: ALL\n",
	  "1.2.3.4+ 1.2.3.5-" },
	{ "deny option in hosts.allow", "rpcbind: 1.2.3.4 : DENY\n"
	  "rpcbind: ALL\n", "", "1.2.3.4- 1.2.3.5+" },
	{ "allow option in hosts.deny", "",
	  "rpcbind: 198.51.100.0/24: Allow \nrpcbind: ALL\n",
	  "198.51.100.9+ 1.2.3.5-" },
	{ "an empty option field", "", "rpcbind: ALL:\n", "1.2.3.4-" },
	{ "continuation lines", "", "rpcbind: 1.2.3.4\\\n 1.2.3.5\n",
	  "1.2.3.4- 1.2.3.5-" },
	{ "a continued token", "", "rpcbind: 1.2.\\\n3.4\n",
	  "1.2.3.4- 1.2.3.5+" },
	{ "a continued comment", "",
	  "# rpcbind: 1.2.3.4\\\nrpcbind: ALL\n", "1.2.3.4+" },
	{ "an indented '#' is no comment (as libwrap)", "",
	  "  # rpcbind: 1.2.3.4\n", "1.2.3.4- 1.2.3.5+" },
	{ "CRLF and tabs", "", "rpcbind:\t1.2.3.4\r\n", "1.2.3.4-" },
	{ "no colon: skipped", "", "junk\nrpcbind 1.2.3.4\n",
	  "1.2.3.4+" },
};

/* After "... noted at line 2" (main). */
static const struct verdict_case tail[] = {
	{ "hosts.deny, a comment with no newline", "", "# ALL: ALL",
	  "1.2.3.5-" },
	{ "hosts.deny, a continuation at the end", "",
	  "rpcbind: 1.2.3.4\\\n", "1.2.3.5-" },
	{ "hosts.allow, no newline at the end",
	  "rpcbind: 1.2.3.4\nrpcbind: 1.2.3.5", "rpcbind: ALL\n",
	  "1.2.3.4+ 1.2.3.5- 1.2.3.6-" },
	{ "a blank-only line", "", " \t\n\nrpcbind: 1.2.3.4\n",
	  "1.2.3.4-" },
};

/* What fails closed. */
static const struct closing_case closing[] = {
	{ "a host name", HA_DENY, "rpcbind: server.example.com\n", 1,
	  "server.example.com" },
	{ "a domain", HA_ALLOW,
	  "\n\nrpcbind: ALL EXCEPT .example.com\n", 3, ".example.com" },
	{ "KNOWN", HA_DENY, "rpcbind: KNOWN\n", 1, "KNOWN" },
	{ "UNKNOWN", HA_DENY, "rpcbind: unknown\n", 1, "unknown" },
	{ "LOCAL", HA_ALLOW, "rpcbind: LOCAL\n", 1, "LOCAL" },
	{ "PARANOID", HA_DENY, "ALL: PARANOID\n", 1, "PARANOID" },
	{ "a netgroup", HA_ALLOW, "rpcbind: @trusted\n", 1, "@trusted" },
	{ "user@host", HA_ALLOW, "rpcbind: root@198.51.100.7\n", 1,
	  "root@198.51.100.7" },
	{ "a file", HA_ALLOW, "rpcbind: /etc/trusted\n", 1,
	  "/etc/trusted" },
	{ "a wildcard", HA_DENY, "rpcbind: 198.51.100.*\n", 1,
	  "198.51.100.*" },
	{ "host bits set", HA_DENY, "rpcbind: 198.51.100.7/24\n", 1,
	  "198.51.100.7/24" },
	{ "/0", HA_DENY, "rpcbind: 0.0.0.0/0\n", 1, "0.0.0.0/0" },
	{ "/33", HA_DENY, "rpcbind: 198.51.100.0/33\n", 1,
	  "198.51.100.0/33" },
	{ "mask 255.255.255.255", HA_DENY,
	  "rpcbind: 1.2.3.4/255.255.255.255\n", 1,
	  "1.2.3.4/255.255.255.255" },
	{ "a leading zero", HA_DENY, "rpcbind: 198.51.100.007\n", 1,
	  "198.51.100.007" },
	{ "a four-octet prefix", HA_DENY, "rpcbind: 1.2.3.4.\n", 1,
	  "1.2.3.4." },
	{ "a bare IPv6 address (split at ':')", HA_DENY,
	  "rpcbind: 2001:db8::5\n", 1, "2001" },
	{ "a mapped IPv6 pattern", HA_DENY,
	  "rpcbind: [::ffff:1.2.3.4]\n", 1, "[::ffff:1.2.3.4]" },
	{ "[v6]/129", HA_DENY, "rpcbind: [2001:db8::]/129\n", 1,
	  "[2001:db8::]/129" },
	{ "spawn", HA_DENY, "rpcbind: ALL: spawn /bin/echo %a\n", 1,
	  "spawn /bin/echo %a" },
	{ "two options", HA_DENY, "rpcbind: ALL: severity auth.info: "
	  "allow\n", 1, "severity auth.info: allow" },
	{ "daemon@host", HA_DENY, "rpcbind@198.51.100.1: ALL\n", 1,
	  "rpcbind@198.51.100.1" },
};

int
main(void)
{
	char big[RB_HOSTS_LINE_MAX + 64];
	const struct ha_note *n;
	size_t i;

	load("", "");
	ok(!ha_closed() && permits("203.0.113.5") && permits("2001:db8::5"),
	    "no rules: everyone granted");
	ok(ha_rules(HA_ALLOW) == 0 && ha_rules(HA_DENY) == 0, "no rules kept");

	run_verdicts(rules, NELEM(rules));
	n = ha_note(0);
	ok(n != NULL && !n->closes && n->line == 1 && ha_note(1) != NULL &&
	    ha_note(1)->line == 2, "a line without ':' is noted, not closing");
	/* libwrap stops at a line with no newline: in hosts.deny it refuses
	 * everyone not matched before, in hosts.allow it ignores the rest */
	verdicts(&(struct verdict_case){ "hosts.deny, no newline at the end",
	    "", "rpcbind: 1.2.3.4: allow\nsshd: 1.2.3.5",
	    "1.2.3.4+ 1.2.3.5- 2001:db8::1-" });
	n = ha_note(0);
	ok(n != NULL && !n->closes && n->line == 2 && n->file == HA_DENY,
	    "... noted at line 2");
	run_verdicts(tail, NELEM(tail));

	for (i = 0; i < NELEM(closing); i++)
		closes(&closing[i]);
	ha_clear();
	ha_parse(HA_DENY, "rpcbind: 1.2.3.4\n\nrpc\0bind: ALL\n", 30);
	ok(ha_closed() && ha_note(0) != NULL && ha_note(0)->line == 3,
	    "a NUL byte: closed, line 3");
	/* a line of 2047 characters and its newline, past libwrap's buffer,
	 * for sshd: in hosts.deny everyone is refused, in hosts.allow it and
	 * what follows are ignored */
	memset(big, ' ', sizeof(big));
	memcpy(big, "sshd: 1.2.3.4", 13);
	big[RB_HOSTS_LINE_MAX - 1] = '\n';
	memcpy(big + RB_HOSTS_LINE_MAX, "rpcbind: 1.2.3.4\n", 17);
	ha_clear();
	ha_parse(HA_DENY, big, RB_HOSTS_LINE_MAX + 17);
	ok(!ha_closed() && !permits("1.2.3.5"),
	    "hosts.deny, a line of %d characters: everyone refused",
	    RB_HOSTS_LINE_MAX - 1);
	ha_clear();
	ha_parse(HA_ALLOW, big, RB_HOSTS_LINE_MAX + 17);
	ha_parse(HA_DENY, "rpcbind: ALL\n", 13);
	ok(!ha_closed() && !permits("1.2.3.4") && ha_rules(HA_ALLOW) == 0,
	    "hosts.allow, a line of %d characters: the rule after it ignored",
	    RB_HOSTS_LINE_MAX - 1);
	/* ... and one of 2046 and its newline is read */
	memset(big, ' ', sizeof(big));
	memcpy(big, "rpcbind: 1.2.3.4", 16);
	big[RB_HOSTS_LINE_MAX - 2] = '\n';
	ha_clear();
	ha_parse(HA_DENY, big, RB_HOSTS_LINE_MAX - 1);
	ok(!ha_closed() && !permits("1.2.3.4") && permits("1.2.3.5"),
	    "a line of %d characters and its newline: applied",
	    RB_HOSTS_LINE_MAX - 2);

	/* the caps */
	ha_clear();
	for (i = 0; i < RB_HOSTS_RULES_MAX; i++)
		ha_parse(HA_DENY, "rpcbind: 1.2.3.4\n", 17);
	ok(!ha_closed() && ha_rules(HA_DENY) == RB_HOSTS_RULES_MAX,
	    "%d rules kept", RB_HOSTS_RULES_MAX);
	ha_parse(HA_DENY, "rpcbind: 1.2.3.4\n", 17);
	ok(ha_closed(), "one more rule: closed");
	for (i = 0; i < 300; i++)
		ha_parse(HA_DENY, "rpcbind: KNOWN\n", 15);
	ok(ha_notes() == RB_HOSTS_NOTES_MAX, "notes capped at %d",
	    RB_HOSTS_NOTES_MAX);

	done_testing();
	return 0;
}
