/*
 * hostsaccess.h — the part of /etc/hosts.allow and /etc/hosts.deny
 * (hosts_access(5)) that names rpcbind or portmap, applied to non-local
 * callers on top of the built-in policy.
 *
 * Read once at start, before the sandbox. Only rules that can be decided
 * from the caller's address are applied, with tcp_wrappers' order (the
 * first matching rule of hosts.allow grants, else the first of hosts.deny
 * refuses, else the caller is granted). A rule for rpcbind that needs
 * anything else (host names, KNOWN, netgroups, spawn, most options) makes
 * the table fail closed: every non-local caller is refused. The parser is
 * pure (no files, no logging) so the fuzzer and the unit test drive it.
 */
#ifndef RPCBINDD_HOSTSACCESS_H
#define RPCBINDD_HOSTSACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define HA_ALLOW_PATH	"/etc/hosts.allow"
#define HA_DENY_PATH	"/etc/hosts.deny"

enum ha_file {
	HA_ALLOW,
	HA_DENY,
};

/* Something the parser met that the log must tell: a rule that makes the
 * table fail closed, or a line tcp_wrappers ignores too. */
struct ha_note {
	enum ha_file	 file;
	unsigned	 line;		/* the rule's first line */
	char		 pattern[64];	/* the pattern at fault, cut */
	const char	*why;
	bool		 closes;	/* the table fails closed */
};

/* Empty table: everyone is granted, nothing is closed. */
void	ha_clear(void);
/* Appends the rules of one file's text (len bytes, any content). */
void	ha_parse(enum ha_file, const char *buf, size_t len);
/*
 * Reads both files (a missing file is an empty one, as tcp_wrappers has
 * it), logs every note and one summary line. Called before the sandbox.
 */
void	ha_load(const char *allow_path, const char *deny_path);
/* Whether a non-local caller at this address is granted. */
bool	ha_permits(const struct sockaddr_storage *peer);
bool	ha_closed(void);
size_t	ha_rules(enum ha_file);
size_t	ha_notes(void);
const struct ha_note *ha_note(size_t);

#endif
