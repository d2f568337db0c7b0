/*
 * fuzz_hosts — the hosts.allow/hosts.deny parser (hostsaccess.c) over any
 * bytes, and what it decides for a few addresses.
 *
 * Input: byte 0 splits the rest: the first (byte 0 * rest / 256) bytes are
 * hosts.allow, the others hosts.deny; the last 16 bytes (when there are
 * that many) are also taken as an IPv4 and an IPv6 caller.
 * Invariants:
 *  - rules and notes stay within their caps;
 *  - a closed table grants nobody;
 *  - matching ignores case: the input in upper case decides the same for
 *    every caller, and closes or not the same;
 *  - "rpcbind: ALL" as the first line of hosts.allow grants everyone
 *    unless the table is closed; as the first line of hosts.deny (with an
 *    empty hosts.allow) it refuses everyone.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "hostsaccess.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define INPUT_MAX	(64 * 1024)
#define NADDR		10

static const char *const table[] = {
	"198.51.100.7", "198.51.100.10", "203.0.113.5", "10.1.2.3",
	"2001:db8:1::2", "2001:db8:2::5", "::ffff:198.51.100.7", "fe80::1",
};
static struct sockaddr_storage addrs[NADDR];

static void
set_addr(struct sockaddr_storage *ss, int family, const void *a)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)family;
	if (family == AF_INET)
		memcpy(&((struct sockaddr_in *)ss)->sin_addr, a, 4);
	else
		memcpy(&((struct sockaddr_in6 *)ss)->sin6_addr, a, 16);
}

static void
load(const char *allow, size_t alen, const char *deny, size_t dlen)
{
	ha_clear();
	ha_parse(HA_ALLOW, allow, alen);
	ha_parse(HA_DENY, deny, dlen);
	if (ha_rules(HA_ALLOW) + ha_rules(HA_DENY) > RB_HOSTS_RULES_MAX ||
	    ha_notes() > RB_HOSTS_NOTES_MAX)
		abort();
}

static void
verdicts(bool out[NADDR])
{
	size_t i;

	for (i = 0; i < NADDR; i++) {
		out[i] = ha_permits(&addrs[i]);
		if (out[i] && ha_closed())
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char upper[INPUT_MAX], with[INPUT_MAX + 16];
	static const char all[] = "rpcbind: ALL\n";
	const char *text = (const char *)data + 1;
	bool v[NADDR], w[NADDR], closed;
	size_t len, split, i;

	if (size < 1 || size - 1 > INPUT_MAX)
		return 0;
	len = size - 1;
	split = data[0] * len / 256;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		uint8_t a[16];

		if (inet_pton(AF_INET, table[i], a) == 1)
			set_addr(&addrs[i], AF_INET, a);
		else if (inet_pton(AF_INET6, table[i], a) == 1)
			set_addr(&addrs[i], AF_INET6, a);
		else
			abort();
	}
	if (len >= 16) {
		set_addr(&addrs[8], AF_INET, data + size - 4);
		set_addr(&addrs[9], AF_INET6, data + size - 16);
	} else {
		addrs[8] = addrs[0];
		addrs[9] = addrs[4];
	}

	load(text, split, text + split, len - split);
	closed = ha_closed();
	verdicts(v);

	for (i = 0; i < len; i++)
		upper[i] = (char)toupper((unsigned char)text[i]);
	load(upper, split, upper + split, len - split);
	verdicts(w);
	if (ha_closed() != closed || memcmp(v, w, sizeof(v)) != 0)
		abort();

	memcpy(with, all, sizeof(all) - 1);
	memcpy(with + sizeof(all) - 1, text, split);
	load(with, split + sizeof(all) - 1, text + split, len - split);
	verdicts(w);
	for (i = 0; i < NADDR && !ha_closed(); i++)
		if (!w[i])
			abort();

	memcpy(with + sizeof(all) - 1, text + split, len - split);
	load("", 0, with, len - split + sizeof(all) - 1);
	verdicts(w);
	for (i = 0; i < NADDR; i++)
		if (w[i])
			abort();
	return 0;
}
