/*
 * test_hostsaccess.c — the hosts.allow/hosts.deny subset (hostsaccess.c).
 *
 * Each case is a pair of files and the verdict for some addresses. The
 * verdicts of the rules that are applied are the ones Debian's libwrap
 * (7.6.q) gives for daemon "rpcbind" (hosts_ctl over the same files);
 * rules rpcbindd cannot apply fail closed: every address refused, and a
 * note names the line and the pattern.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "hostsaccess.h"
#include "tap.h"

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
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1)
		sin->sin_family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1)
		sin6->sin6_family = AF_INET6;
	else
		abort();
	return ha_permits(&ss);
}

/* expect: "ADDR+ ADDR- ..." (+ granted, - refused). */
static void
verdicts(const char *what, const char *allow, const char *deny,
    const char *expect)
{
	char buf[512], *tok, *save = NULL;

	load(allow, deny);
	ok(!ha_closed(), "%s: applied (not closed)", what);
	snprintf(buf, sizeof(buf), "%s", expect);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(tok);
		bool want = tok[n - 1] == '+';

		tok[n - 1] = '\0';
		ok(permits(tok) == want, "%s: %s %s", what, tok,
		    want ? "granted" : "refused");
	}
}

/* A rule that cannot be applied: closed, everyone refused, one note with
 * the line and the pattern. */
static void
closes(const char *what, enum ha_file f, const char *text, unsigned line,
    const char *pattern)
{
	const struct ha_note *n;

	load(f == HA_ALLOW ? text : "", f == HA_DENY ? text : "");
	ok(ha_closed(), "%s: fails closed", what);
	ok(!permits("198.51.100.7") && !permits("2001:db8::7"),
	    "%s: every address refused", what);
	n = ha_note(0);
	ok(n != NULL && n->closes && n->file == f && n->line == line,
	    "%s: the note names %s line %u", what,
	    f == HA_ALLOW ? "hosts.allow" : "hosts.deny", line);
	if (n != NULL)
		is_str(n->pattern, pattern, "%s: the note names the pattern",
		    what);
	else
		ok(false, "%s: the note names the pattern", what);
}

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

	/* files as Debian ships them: comments only */
	verdicts("Debian's files", "# ALL: LOCAL @some_netgroup\n#\n",
	    "# ALL: PARANOID\n\n", "203.0.113.5+");

	verdicts("deny ALL", "", "rpcbind: ALL", "1.2.3.4- 2001:db8::1-");
	verdicts("deny ALL, case", "", "RPCBIND: all\n", "1.2.3.4-");
	verdicts("a LAN in allow, the rest denied",
	    "rpcbind: 198.51.100.0/24\n", "rpcbind: ALL\n",
	    "198.51.100.7+ 198.51.101.7- 203.0.113.5- 2001:db8::5-");
	verdicts("net/mask", "", "rpcbind: 198.51.100.0/255.255.255.0\n",
	    "198.51.100.7- 198.51.101.0+");
	verdicts("a non-contiguous mask", "",
	    "rpcbind: 198.0.100.0/255.0.255.0\n",
	    "198.51.100.7- 198.52.100.9- 198.51.101.7+");
	verdicts("/32 and /31", "",
	    "rpcbind: 198.51.100.8/31, 198.51.100.7/32\n",
	    "198.51.100.7- 198.51.100.8- 198.51.100.9- 198.51.100.6+ "
	    "198.51.100.10+");
	verdicts("/1 and /8", "", "rpcbind: 128.0.0.0/1 10.0.0.0/8\n",
	    "198.51.100.7- 128.0.0.1- 127.1.1.1+ 10.9.9.9- 11.0.0.1+");
	verdicts("0.0.0.0/0.0.0.0 is every IPv4 address", "",
	    "rpcbind: 0.0.0.0/0.0.0.0\n", "1.2.3.4- 2001:db8::1+");
	verdicts("an address", "", "rpcbind : 198.51.100.7 , 1.2.3.4\n",
	    "198.51.100.7- 1.2.3.4- 198.51.100.8+");
	verdicts("prefixes", "", "rpcbind: 198.51. 10.\n",
	    "198.51.100.7- 198.5.1.1+ 10.1.1.1- 100.1.1.1+ 198.52.0.1+");
	verdicts("[v6]/len", "", "rpcbind: [2001:db8::]/32\n",
	    "2001:db8::5- 2001:db9::1+ 198.51.100.7+");
	verdicts("[v6]/len with host bits (libwrap masks both)", "",
	    "rpcbind: [2001:db8::1]/64\n", "2001:db8::5- 2001:db8:0:1::5+");
	verdicts("[v6]/0", "", "rpcbind: [::]/0\n", "2001:db8::5- 1.2.3.4+");
	verdicts("[v6]", "", "rpcbind: [2001:DB8:0::5] [2001:db8::6]\n",
	    "2001:db8::5- 2001:db8::6- 2001:db8::7+");
	verdicts("a mapped peer is IPv4", "", "rpcbind: 198.51.100.0/24\n",
	    "::ffff:198.51.100.7- ::ffff:198.51.101.7+");
	verdicts("EXCEPT", "", "rpcbind: ALL EXCEPT 198.51.100.0/24\n",
	    "198.51.100.7+ 1.2.3.4-");
	verdicts("EXCEPT nests to the right", "",
	    "rpcbind: ALL EXCEPT 198.51.100.0/24 EXCEPT 198.51.100.7\n",
	    "198.51.100.7- 198.51.100.8+ 1.2.3.4-");
	verdicts("an empty EXCEPT list", "", "rpcbind: 198.51.100.7 EXCEPT\n",
	    "198.51.100.7- 198.51.100.8+");
	verdicts("EXCEPT first matches nothing", "", "rpcbind: EXCEPT ALL\n",
	    "198.51.100.7+");
	verdicts("ALL EXCEPT rpcbind is not ours", "", "ALL EXCEPT rpcbind: ALL\n",
	    "1.2.3.4+");
	verdicts("ALL EXCEPT portmap is not ours either", "",
	    "ALL EXCEPT portmap: ALL\n", "1.2.3.4+");
	verdicts("ALL EXCEPT in.fingerd is ours", "",
	    "ALL EXCEPT in.fingerd: 1.2.3.4\n", "1.2.3.4- 1.2.3.5+");
	verdicts("EXCEPT first in the daemon list", "", "EXCEPT rpcbind: ALL\n",
	    "1.2.3.4+");
	verdicts("portmap", "", "portmap: 1.2.3.4\n", "1.2.3.4- 1.2.3.5+");
	verdicts("daemon lists", "",
	    "sshd, rpcbind: 1.2.3.4\nrpc*: 1.2.3.5\nRPCB?ND: 1.2.3.6\n"
	    ".bind: 1.2.3.7\nrpc.: 1.2.3.8\nin.*: 1.2.3.9\n",
	    "1.2.3.4- 1.2.3.5- 1.2.3.6- 1.2.3.7+ 1.2.3.8+ 1.2.3.9+");
	verdicts("other daemons' rules are not looked at", "",
	    "sshd: .example.com KNOWN @ng\nin.tftpd: ALL: spawn /bin/true\n"
	    "sshd@198.51.100.1: ALL\n", "1.2.3.4+");
	verdicts("allow before deny", "rpcbind: 1.2.3.4\n", "rpcbind: ALL\n",
	    "1.2.3.4+ 1.2.3.5-");
	verdicts("the first match decides", "",
	    "rpcbind: 1.2.3.4: allow\nrpcbind: ALL\n", "1.2.3.4+ 1.2.3.5-");
	verdicts("deny option in hosts.allow", "rpcbind: 1.2.3.4 : DENY\n"
	    "rpcbind: ALL\n", "", "1.2.3.4- 1.2.3.5+");
	verdicts("allow option in hosts.deny", "",
	    "rpcbind: 198.51.100.0/24: Allow \nrpcbind: ALL\n",
	    "198.51.100.9+ 1.2.3.5-");
	verdicts("an empty option field", "", "rpcbind: ALL:\n", "1.2.3.4-");
	verdicts("continuation lines", "", "rpcbind: 1.2.3.4\\\n 1.2.3.5\n",
	    "1.2.3.4- 1.2.3.5-");
	verdicts("a continued token", "", "rpcbind: 1.2.\\\n3.4\n",
	    "1.2.3.4- 1.2.3.5+");
	verdicts("a continued comment", "", "# rpcbind: 1.2.3.4\\\nrpcbind: ALL\n",
	    "1.2.3.4+");
	verdicts("an indented '#' is no comment (as libwrap)", "",
	    "  # rpcbind: 1.2.3.4\n", "1.2.3.4- 1.2.3.5+");
	verdicts("CRLF and tabs", "", "rpcbind:\t1.2.3.4\r\n", "1.2.3.4-");
	verdicts("no colon: skipped", "", "junk\nrpcbind 1.2.3.4\n", "1.2.3.4+");
	n = ha_note(0);
	ok(n != NULL && !n->closes && n->line == 1 && ha_note(1) != NULL &&
	    ha_note(1)->line == 2, "a line without ':' is noted, not closing");
	/* libwrap stops at a line with no newline: in hosts.deny it refuses
	 * everyone not matched before, in hosts.allow it ignores the rest */
	verdicts("hosts.deny, no newline at the end", "",
	    "rpcbind: 1.2.3.4: allow\nsshd: 1.2.3.5",
	    "1.2.3.4+ 1.2.3.5- 2001:db8::1-");
	n = ha_note(0);
	ok(n != NULL && !n->closes && n->line == 2 && n->file == HA_DENY,
	    "... noted at line 2");
	verdicts("hosts.deny, a comment with no newline", "", "# ALL: ALL",
	    "1.2.3.5-");
	verdicts("hosts.deny, a continuation at the end", "",
	    "rpcbind: 1.2.3.4\\\n", "1.2.3.5-");
	verdicts("hosts.allow, no newline at the end",
	    "rpcbind: 1.2.3.4\nrpcbind: 1.2.3.5", "rpcbind: ALL\n",
	    "1.2.3.4+ 1.2.3.5- 1.2.3.6-");

	verdicts("a blank-only line", "", " \t\n\nrpcbind: 1.2.3.4\n",
	    "1.2.3.4-");

	/* what fails closed */
	closes("a host name", HA_DENY, "rpcbind: server.example.com\n", 1,
	    "server.example.com");
	closes("a domain", HA_ALLOW, "\n\nrpcbind: ALL EXCEPT .example.com\n",
	    3, ".example.com");
	closes("KNOWN", HA_DENY, "rpcbind: KNOWN\n", 1, "KNOWN");
	closes("UNKNOWN", HA_DENY, "rpcbind: unknown\n", 1, "unknown");
	closes("LOCAL", HA_ALLOW, "rpcbind: LOCAL\n", 1, "LOCAL");
	closes("PARANOID", HA_DENY, "ALL: PARANOID\n", 1, "PARANOID");
	closes("a netgroup", HA_ALLOW, "rpcbind: @trusted\n", 1, "@trusted");
	closes("user@host", HA_ALLOW, "rpcbind: root@198.51.100.7\n", 1,
	    "root@198.51.100.7");
	closes("a file", HA_ALLOW, "rpcbind: /etc/trusted\n", 1,
	    "/etc/trusted");
	closes("a wildcard", HA_DENY, "rpcbind: 198.51.100.*\n", 1,
	    "198.51.100.*");
	closes("host bits set", HA_DENY, "rpcbind: 198.51.100.7/24\n", 1,
	    "198.51.100.7/24");
	closes("/0", HA_DENY, "rpcbind: 0.0.0.0/0\n", 1, "0.0.0.0/0");
	closes("/33", HA_DENY, "rpcbind: 198.51.100.0/33\n", 1,
	    "198.51.100.0/33");
	closes("mask 255.255.255.255", HA_DENY,
	    "rpcbind: 1.2.3.4/255.255.255.255\n", 1, "1.2.3.4/255.255.255.255");
	closes("a leading zero", HA_DENY, "rpcbind: 198.51.100.007\n", 1,
	    "198.51.100.007");
	closes("a four-octet prefix", HA_DENY, "rpcbind: 1.2.3.4.\n", 1,
	    "1.2.3.4.");
	closes("a bare IPv6 address (split at ':')", HA_DENY,
	    "rpcbind: 2001:db8::5\n", 1, "2001");
	closes("a mapped IPv6 pattern", HA_DENY, "rpcbind: [::ffff:1.2.3.4]\n",
	    1, "[::ffff:1.2.3.4]");
	closes("[v6]/129", HA_DENY, "rpcbind: [2001:db8::]/129\n", 1,
	    "[2001:db8::]/129");
	closes("spawn", HA_DENY, "rpcbind: ALL: spawn /bin/echo %a\n", 1,
	    "spawn /bin/echo %a");
	closes("two options", HA_DENY, "rpcbind: ALL: severity auth.info: "
	    "allow\n", 1, "severity auth.info: allow");
	closes("daemon@host", HA_DENY, "rpcbind@198.51.100.1: ALL\n", 1,
	    "rpcbind@198.51.100.1");
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
