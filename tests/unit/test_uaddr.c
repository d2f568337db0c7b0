/*
 * test_uaddr.c — universal addresses (include/uaddr.h, rpcbindd/uaddr.c),
 * on their own and side by side with libtirpc's uaddr2taddr/taddr2uaddr,
 * which is what the clients on the other end use.
 *
 * Where libtirpc is laxer we reject on purpose: its uaddr2taddr reads the
 * two port parts with atoi(), so "1.2.3.4.256.1" becomes port 1 (256 << 8
 * wraps in htons), "1.2.3.4.1." and "1.2.3.4..1" read an empty part as 0,
 * "1.2.3.4.-1.2" is port 65282, "1.2.3.4.+1.2", "1.2.3.4. 1.2" and
 * "1.2.3.4.1.2x" are accepted, and "1.2.3.4.0x1.2" is port 2. A registry
 * keyed on such text would hold an entry whose address no client reads back
 * the same way, so rpcbindd takes only two decimal parts of 0..255.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include <rpc/rpc.h>
#include <netconfig.h>

#include "bounds.h"
#include "tap.h"
#include "uaddr.h"

static struct netconfig *nc_udp, *nc_udp6;

enum lib { LIB_SAME, LIB_LAX };

/* Accepted by both, or rejected by both (LIB_SAME); rejected by us but
 * accepted by libtirpc (LIB_LAX, see the top of the file). */
static const struct {
	const char	*uaddr;
	bool		 valid;
	enum lib	 lib;
} diff[] = {
	{ "1.2.3.4.0.111",		true,  LIB_SAME },
	{ "0.0.0.0.0.111",		true,  LIB_SAME },
	{ "127.0.0.1.8.1",		true,  LIB_SAME },
	{ "255.255.255.255.255.255",	true,  LIB_SAME },
	{ "1.2.3.4.0.0",		true,  LIB_SAME },
	{ "1.2.3.4.01.02",		true,  LIB_SAME },
	{ "::.0.111",			true,  LIB_SAME },
	{ "::1.8.1",			true,  LIB_SAME },
	{ "fe80::1.0.111",		true,  LIB_SAME },
	{ "::ffff:1.2.3.4.0.111",	true,  LIB_SAME },
	{ "2001:db8::1:2:3:4.255.255",	true,  LIB_SAME },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff.1.1", true, LIB_SAME },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255.1.1", true, LIB_SAME },
	{ "1.2.3.4.5",			false, LIB_SAME },
	{ "",				false, LIB_SAME },
	{ ".",				false, LIB_SAME },
	{ "..",				false, LIB_SAME },
	{ "a.b.c.d.e.f",		false, LIB_SAME },
	{ "01.2.3.4.0.1",		false, LIB_SAME },
	{ "1.2.3.0.1",			false, LIB_SAME },
	{ "fe80::1%eth0.0.111",		false, LIB_SAME },
	{ "[::1].0.111",		false, LIB_SAME },
	{ "::1.0.111.5",		false, LIB_SAME },
	{ ".0.111",			false, LIB_SAME },
	{ "0.111",			false, LIB_SAME },
	{ "/run/rpcbind.sock",		false, LIB_SAME },
	{ "1.2.3.4.0.111.",		false, LIB_SAME },
	{ "1.2.3.4.256.1",		false, LIB_LAX },
	{ "1.2.3.4.1.256",		false, LIB_LAX },
	{ "1.2.3.4.1.",			false, LIB_LAX },
	{ "1.2.3.4..1",			false, LIB_LAX },
	{ "1.2.3.4.+1.2",		false, LIB_LAX },
	{ "1.2.3.4.-1.2",		false, LIB_LAX },
	{ "1.2.3.4. 1.2",		false, LIB_LAX },
	{ "1.2.3.4.1.2 ",		false, LIB_LAX },
	{ "1.2.3.4.1.2x",		false, LIB_LAX },
	{ "1.2.3.4.0x1.2",		false, LIB_LAX },
	{ "1.2.3.4.65535.0",		false, LIB_LAX },
	{ "1.2.3.4.99999999999999999999.1", false, LIB_LAX },
};

/* libtirpc's reading: the first netconfig (udp, udp6) that accepts it. */
static struct netbuf *
tirpc_parse(const char *s, int *family)
{
	struct netbuf *nb;

	if ((nb = uaddr2taddr(nc_udp, s)) != NULL) {
		*family = AF_INET;
		return nb;
	}
	if ((nb = uaddr2taddr(nc_udp6, s)) != NULL) {
		*family = AF_INET6;
		return nb;
	}
	return NULL;
}

static void
free_netbuf(struct netbuf *nb)
{
	if (nb != NULL) {
		free(nb->buf);
		free(nb);
	}
}

static void
test_differential_parse(void)
{
	struct sockaddr_storage ss;
	struct netbuf *nb;
	socklen_t len;
	size_t i;
	int r, fam = 0;

	for (i = 0; i < sizeof(diff) / sizeof(diff[0]); i++) {
		const char *s = diff[i].uaddr;

		r = uaddr_to_sa(s, &ss, &len);
		nb = tirpc_parse(s, &fam);
		is_int(r, diff[i].valid ? 0 : -1, "uaddr_to_sa(\"%s\") %s", s,
		    diff[i].valid ? "accepted" : "refused");
		if (diff[i].lib == LIB_LAX) {
			ok(nb != NULL, "  libtirpc is laxer: accepts \"%s\"", s);
		} else if (diff[i].valid) {
			if (!ok(nb != NULL && fam == ss.ss_family &&
			    nb->len == len && memcmp(nb->buf, &ss, len) == 0,
			    "  same sockaddr as libtirpc for \"%s\"", s)) {
				if (nb != NULL) {
					diag("  libtirpc family %d len %u, ours "
					    "%d len %u", fam, nb->len,
					    ss.ss_family, (unsigned)len);
					tap_hex("libtirpc", nb->buf, nb->len);
				}
				tap_hex("ours", &ss, len);
			}
		} else {
			ok(nb == NULL, "  libtirpc refuses \"%s\" too", s);
		}
		free_netbuf(nb);
	}
}

/* Our sa_to_uaddr and libtirpc's taddr2uaddr on the same sockaddr. */
static void
test_differential_format(void)
{
	static const struct {
		int		 af;
		const char	*host;
		uint16_t	 port;
		const char	*want;
	} sas[] = {
		{ AF_INET, "1.2.3.4", 111, "1.2.3.4.0.111" },
		{ AF_INET, "0.0.0.0", 0, "0.0.0.0.0.0" },
		{ AF_INET, "255.255.255.255", 65535, "255.255.255.255.255.255" },
		{ AF_INET, "10.0.0.1", 256, "10.0.0.1.1.0" },
		{ AF_INET, "127.0.0.1", 2049, "127.0.0.1.8.1" },
		{ AF_INET6, "::", 111, "::.0.111" },
		{ AF_INET6, "::1", 2049, "::1.8.1" },
		{ AF_INET6, "fe80::1", 111, "fe80::1.0.111" },
		{ AF_INET6, "::ffff:1.2.3.4", 111, "::ffff:1.2.3.4.0.111" },
		{ AF_INET6, "2001:db8:0:0:1:0:0:1", 255, "2001:db8::1:0:0:1.0.255" },
		{ AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535,
		  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff.255.255" },
	};
	struct sockaddr_storage ss;
	struct netbuf nb;
	char buf[128], *lib;
	size_t i;

	for (i = 0; i < sizeof(sas) / sizeof(sas[0]); i++) {
		memset(&ss, 0, sizeof(ss));
		if (sas[i].af == AF_INET) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

			sin->sin_family = AF_INET;
			sin->sin_port = htons(sas[i].port);
			inet_pton(AF_INET, sas[i].host, &sin->sin_addr);
			nb.len = nb.maxlen = sizeof(*sin);
		} else {
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

			sin6->sin6_family = AF_INET6;
			sin6->sin6_port = htons(sas[i].port);
			inet_pton(AF_INET6, sas[i].host, &sin6->sin6_addr);
			nb.len = nb.maxlen = sizeof(*sin6);
		}
		nb.buf = &ss;
		is_int(sa_to_uaddr((struct sockaddr *)&ss, buf, sizeof(buf)), 0,
		    "sa_to_uaddr %s port %u", sas[i].host, sas[i].port);
		is_str(buf, sas[i].want, "  text");
		lib = taddr2uaddr(sas[i].af == AF_INET ? nc_udp : nc_udp6, &nb);
		is_str(buf, lib, "  same text as libtirpc's taddr2uaddr");
		free(lib);
	}
}

static void
test_parse(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = 0;
	char longs[1024], host6[64];

	is_int(uaddr_to_sa("192.0.2.7.8.1", &ss, &len), 0, "IPv4 parsed");
	ok(ss.ss_family == AF_INET && len == sizeof(*sin) &&
	    ntohs(sin->sin_port) == 2049 &&
	    sin->sin_addr.s_addr == htonl(0xc0000207), "IPv4 fields");

	is_int(uaddr_to_sa("::.0.111", &ss, &len), 0, "\"::.0.111\" parsed");
	ok(ss.ss_family == AF_INET6 && len == sizeof(*sin6) &&
	    ntohs(sin6->sin6_port) == 111 &&
	    IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr), "\"::.0.111\" fields");
	is_int(uaddr_to_sa("::1.8.1", &ss, &len), 0, "\"::1.8.1\" parsed");
	ok(ss.ss_family == AF_INET6 && ntohs(sin6->sin6_port) == 2049 &&
	    IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr), "\"::1.8.1\" is ::1 2049");
	is_int(uaddr_to_sa("fe80::1.0.111", &ss, &len), 0,
	    "\"fe80::1.0.111\" parsed");
	inet_ntop(AF_INET6, &sin6->sin6_addr, host6, sizeof(host6));
	ok(ss.ss_family == AF_INET6 && ntohs(sin6->sin6_port) == 111 &&
	    strcmp(host6, "fe80::1") == 0 && sin6->sin6_scope_id == 0,
	    "\"fe80::1.0.111\" is fe80::1 port 111, no scope");

	/* Very long strings. */
	memset(longs, '1', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	is_int(uaddr_to_sa(longs, &ss, &len), -1, "1023 digits refused");
	memset(longs, 0, sizeof(longs));
	while (strlen(longs) < 900)
		strcat(longs, "1.");
	strcat(longs, "1");
	is_int(uaddr_to_sa(longs, &ss, &len), -1, "901-char dotted refused");
	memset(longs, 0, sizeof(longs));
	while (strlen(longs) < 200)
		strcat(longs, "0:");
	strcat(longs, ":1.0.111");
	is_int(uaddr_to_sa(longs, &ss, &len), -1,
	    "IPv6-looking host over INET6_ADDRSTRLEN refused");
	/* 46 characters of host: one over the longest IPv6 text. */
	is_int(uaddr_to_sa("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555.1.1",
	    &ss, &len), -1, "46-char IPv6 host refused");

	is_int(uaddr_port("1.2.3.4.8.1"), 2049, "uaddr_port 2049");
	is_int(uaddr_port("::.0.111"), 111, "uaddr_port IPv6 111");
	is_int(uaddr_port("1.2.3.4.255.255"), 65535, "uaddr_port 65535");
	is_int(uaddr_port("1.2.3.4.0.0"), 0, "uaddr_port 0");
	is_int(uaddr_port("1.2.3.4.256.1"), -1, "uaddr_port: p1 256 refused");
	is_int(uaddr_port("1.2.3.4.1."), -1, "uaddr_port: empty p2 refused");
	/* uaddr.h: "The port of an IP universal address, or -1". */
	is_int(uaddr_port("1.2.3.4.5"), -1, "uaddr_port: 5 parts refused");
	is_int(uaddr_port("garbage.8.1"), -1, "uaddr_port: host not an "
	    "address refused");
	is_int(uaddr_port(""), -1, "uaddr_port: empty refused");
	is_int(uaddr_port("."), -1, "uaddr_port: \".\" refused");
	is_int(uaddr_port("a.b.c.d.e.f"), -1, "uaddr_port: letters refused");
	is_int(uaddr_port("/run/rpcbind.sock"), -1, "uaddr_port: a path");

	ok(uaddr_is_wildcard("0.0.0.0.0.111"), "wildcard: 0.0.0.0");
	ok(uaddr_is_wildcard("::.8.1"), "wildcard: ::");
	ok(uaddr_is_wildcard("0:0:0:0:0:0:0:0.8.1"), "wildcard: 0:0:...:0");
	ok(uaddr_is_wildcard("::0.0.111"), "wildcard: ::0");
	ok(!uaddr_is_wildcard("127.0.0.1.0.111"), "not wildcard: 127.0.0.1");
	ok(!uaddr_is_wildcard("::1.0.111"), "not wildcard: ::1");
	ok(!uaddr_is_wildcard("::ffff:0.0.0.0.0.111"),
	    "not wildcard: ::ffff:0.0.0.0");
	ok(!uaddr_is_wildcard("0.0.0.0.256.1"), "not wildcard: bad port");
	ok(!uaddr_is_wildcard(""), "not wildcard: empty");
	ok(!uaddr_is_wildcard("/run/rpcbind.sock"), "not wildcard: path");
}

static void
test_format_edges(void)
{
	struct sockaddr_in sin;
	struct sockaddr_un sun;
	char buf[64];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(2049);
	sin.sin_addr.s_addr = htonl(0x7f000001);
	/* "127.0.0.1.8.1" is 13 characters. */
	is_int(sa_to_uaddr((struct sockaddr *)&sin, buf, 14), 0,
	    "sa_to_uaddr: exact fit (13 + NUL)");
	is_str(buf, "127.0.0.1.8.1", "sa_to_uaddr: exact fit text");
	is_int(sa_to_uaddr((struct sockaddr *)&sin, buf, 13), -1,
	    "sa_to_uaddr: one byte short -> -1");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_LOCAL;
	strcpy(sun.sun_path, "/run/rpcbind.sock");
	is_int(sa_to_uaddr((struct sockaddr *)&sun, buf, sizeof(buf)), -1,
	    "sa_to_uaddr: AF_LOCAL -> -1");
}

/* uaddr_format writes IPv4 by hand (GETADDR's hot path): it must agree
 * with inet_ntop + snprintf everywhere, and refuse a short buffer. */
static void
test_fast_format(void)
{
	static const uint8_t hosts[][4] = { { 0, 0, 0, 0 }, { 127, 0, 0, 1 },
	    { 255, 255, 255, 255 }, { 198, 51, 100, 1 }, { 10, 9, 99, 100 },
	    { 1, 20, 200, 9 } };
	static const unsigned ports[] = { 0, 1, 9, 10, 99, 100, 111, 255, 256,
	    2049, 20048, 32803, 65535 };
	char want[64], got[64], host[INET_ADDRSTRLEN];
	size_t h, p;
	unsigned bad = 0;

	for (h = 0; h < sizeof(hosts) / sizeof(hosts[0]); h++)
		for (p = 0; p < sizeof(ports) / sizeof(ports[0]); p++) {
			inet_ntop(AF_INET, hosts[h], host, sizeof(host));
			snprintf(want, sizeof(want), "%s.%u.%u", host,
			    ports[p] >> 8, ports[p] & 0xff);
			if (uaddr_format(AF_INET, hosts[h], ports[p], got,
			    sizeof(got)) != 0 || strcmp(want, got) != 0) {
				bad++;
				diag("want %s, got %s", want, got);
			}
		}
	is_int((int)bad, 0, "uaddr_format(IPv4) matches inet_ntop+snprintf "
	    "for 78 host/port pairs");
	is_int(uaddr_format(AF_INET, hosts[2], 65535, got, 24), 0,
	    "255.255.255.255.255.255 (23 characters) fits in 24 bytes");
	is_int(uaddr_format(AF_INET, hosts[2], 65535, got, 23), -1,
	    "  one byte short: -1");
	{
		struct in6_addr a6;

		inet_pton(AF_INET6, "2001:db8::1", &a6);
		is_int(uaddr_format(AF_INET6, a6.s6_addr, 2049, got,
		    sizeof(got)), 0, "IPv6 formats");
		is_str(got, "2001:db8::1.8.1", "  as 2001:db8::1.8.1");
		is_int(uaddr_format(AF_INET6, a6.s6_addr, 2049, got, 16), 0,
		    "  in 16 bytes (15 + NUL)");
		is_int(uaddr_format(AF_INET6, a6.s6_addr, 2049, got, 15), -1,
		    "  one byte short: -1");
	}
}

int
main(void)
{
	test_fast_format();
	nc_udp = getnetconfigent("udp");
	nc_udp6 = getnetconfigent("udp6");
	if (nc_udp == NULL || nc_udp6 == NULL) {
		/* libtirpc-common ships it: its absence is a broken setup. */
		printf("Bail out! no udp/udp6 in /etc/netconfig\n");
		return 1;
	}
	test_parse();
	test_format_edges();
	test_differential_parse();
	test_differential_format();
	freenetconfigent(nc_udp);
	freenetconfigent(nc_udp6);
	return done_testing();
}
