/*
 * test_log.c — log_escape (rpcbindd/log.c): what a peer sends never breaks
 * or forges a log line, and the output is bounded and terminated.
 */
#include <string.h>

#include "log.h"
#include "tap.h"

static const char *
esc(char *buf, size_t size, const char *s, size_t len)
{
	memset(buf, 'Z', size);
	return log_escape(buf, size, s, len);
}

int
main(void)
{
	char b[64], big[LOG_ESCAPED(256)], src[256];
	size_t i;

	is_str(esc(b, sizeof(b), "udp", 3), "udp", "printable ASCII kept");
	is_str(esc(b, sizeof(b), "0.0.0.0.8.1", 11), "0.0.0.0.8.1",
	    "a universal address kept");
	is_str(esc(b, sizeof(b), "x\nrpcbindd: FORGED", 18),
	    "x\\x0arpcbindd: FORGED", "a newline becomes \\x0a");
	ok(strchr(b, '\n') == NULL, "  no newline left");
	is_str(esc(b, sizeof(b), "a\\x0a", 5), "a\\x5cx0a",
	    "a backslash becomes \\x5c (no forged escapes)");
	is_str(esc(b, sizeof(b), "\r\t\x1b[31m\x7f\xff", 9),
	    "\\x0d\\x09\\x1b[31m\\x7f\\xff", "controls, DEL and high bytes");
	is_str(esc(b, sizeof(b), "a\0b", 3), "a\\x00b",
	    "a NUL inside the length is escaped, not an end");
	is_str(esc(b, sizeof(b), "%s%n", 4), "%s%n",
	    "'%%' kept (it is an argument, never a format)");
	is_str(esc(b, sizeof(b), "", 0), "", "empty");

	/* Bounds: truncated at a whole character, always terminated. */
	is_str(esc(b, 4, "abcdef", 6), "abc", "size 4: three characters");
	is_str(esc(b, 5, "\n\n", 2), "\\x0a", "size 5: one escape");
	is_str(esc(b, 4, "\n", 1), "", "size 4: no room for an escape");
	is_str(esc(b, 1, "abc", 3), "", "size 1: empty string");
	b[0] = 'Q';
	log_escape(b, 0, "abc", 3);
	ok(b[0] == 'Q', "size 0: nothing written");
	for (i = 0; i < sizeof(src); i++)
		src[i] = (char)i;
	log_escape(big, sizeof(big), src, sizeof(src));
	is_int((long long)strlen(big), 94 + 4 * (256 - 94),
	    "LOG_ESCAPED(256) holds every byte value escaped");
	for (i = 0; big[i] != '\0'; i++)
		if ((unsigned char)big[i] < 0x20 || (unsigned char)big[i] >= 0x7f)
			break;
	ok(big[i] == '\0', "  and only printable ASCII comes out");
	return done_testing();
}
