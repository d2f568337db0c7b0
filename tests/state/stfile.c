/*
 * stfile — reads and writes rpcbindd's warm-start file for the tests.
 *
 *   stfile dump FILE
 *	Decodes FILE by the documented format, independently of state.c:
 *	u32 magic 0x52424453, u32 version 1, u32 count, count entries (u32
 *	prog, u32 vers, string netid, string uaddr, string owner), u32 CRC-32
 *	(IEEE, as zlib's crc32) of everything before it, and nothing after.
 *	Prints "PROG VERS NETID UADDR OWNER" per entry; exit 1 with one line
 *	on stderr when anything is off.
 *
 *   stfile write FILE [MAGIC [VERSION]]
 *	Registers the entries read from stdin ("PROG VERS NETID UADDR OWNER"
 *	per line) with the daemon's own registry (reg_set), encodes them with
 *	state_encode, then, when MAGIC or VERSION is given, patches those
 *	words and recomputes the CRC so that only they are wrong.
 *
 *   stfile fixcrc FILE
 *	Rewrites FILE's last word as the CRC of the bytes before it.
 *
 *   stfile crc
 *	Self-check of the CRC used here: prints the CRC-32 of "123456789"
 *	(cbf43926, as zlib).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/be.h"
#include "registry.h"
#include "state.h"

#define FILE_MAX	(1024 * 1024)	/* twice what the daemon accepts */
#define LINES_MAX	4096

static uint8_t buf[FILE_MAX];

/* Table-driven, unlike state.c's bitwise loop: a second implementation. */
static uint32_t
crc32_ieee(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	uint32_t c;
	size_t i;
	int k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	c = 0xffffffffu;
	for (i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static int
fail(const char *what)
{
	fprintf(stderr, "stfile: %s\n", what);
	return 1;
}

/* An XDR string of at most max bytes at *off (within end), printed. */
static int
string_at(const uint8_t *base, size_t end, size_t *off, size_t max,
    char *out)
{
	uint32_t n;
	size_t pad, i;

	if (end - *off < 4)
		return -1;
	n = be32(base + *off);
	*off += 4;
	if (n > max)
		return -1;
	pad = (4 - n % 4) % 4;
	if (end - *off < (size_t)n + pad)
		return -1;
	for (i = 0; i < n; i++) {
		uint8_t ch = base[*off + i];

		if (ch == 0)
			return -1;
		out[i] = (char)ch;
	}
	out[n] = '\0';
	for (i = 0; i < pad; i++)
		if (base[*off + n + i] != 0)
			return -1;	/* XDR padding is zero */
	*off += (size_t)n + pad;
	return 0;
}

static ssize_t
read_all(int fd, uint8_t *p, size_t size)
{
	size_t total = 0;
	ssize_t n;

	while (total < size) {
		n = read(fd, p + total, size - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		total += (size_t)n;
	}
	return (ssize_t)total;
}

static int
dump(const char *path)
{
	char netid[256], uaddr[256], owner[256];
	size_t len, off, body;
	uint32_t count, i, prog, vers;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return fail(strerror(errno));
	n = read_all(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return fail(strerror(errno));
	len = (size_t)n;
	if (len < 16 || len % 4 != 0)
		return fail("shorter than 16 bytes or not a multiple of 4");
	body = len - 4;
	if (be32(buf + body) != crc32_ieee(buf, body))
		return fail("bad CRC");
	if (be32(buf) != 0x52424453u)
		return fail("bad magic");
	if (be32(buf + 4) != 1)
		return fail("bad version");
	count = be32(buf + 8);
	off = 12;
	for (i = 0; i < count; i++) {
		if (body - off < 8)
			return fail("truncated entry");
		prog = be32(buf + off);
		vers = be32(buf + off + 4);
		off += 8;
		if (string_at(buf, body, &off, 255, netid) == -1 ||
		    string_at(buf, body, &off, 255, uaddr) == -1 ||
		    string_at(buf, body, &off, 255, owner) == -1)
			return fail("bad string");
		printf("%u %u %s %s %s\n", prog, vers, netid, uaddr, owner);
	}
	if (off != body)
		return fail("bytes after the last entry");
	return 0;
}

static int
write_file(const char *path, const char *magic, const char *version)
{
	char line[512], netid[64], uaddr[256], owner[64];
	unsigned long prog, vers;
	size_t len;
	int k;
	FILE *f;

	reg_clear();
	for (k = 0; k < LINES_MAX && fgets(line, sizeof(line), stdin) != NULL;
	    k++) {
		if (sscanf(line, "%lu %lu %63s %255s %63s", &prog, &vers, netid,
		    uaddr, owner) != 5)
			return fail("bad input line");
		if (!reg_set((uint32_t)prog, (uint32_t)vers, netid, uaddr,
		    owner))
			return fail("reg_set refused an entry");
	}
	if ((len = state_encode(buf, sizeof(buf))) == 0)
		return fail("state_encode failed");
	if (magic != NULL || version != NULL) {
		if (magic != NULL)
			put_be32(buf, (uint32_t)strtoul(magic, NULL, 0));
		if (version != NULL)
			put_be32(buf + 4, (uint32_t)strtoul(version, NULL, 0));
		put_be32(buf + len - 4, crc32_ieee(buf, len - 4));
	}
	if ((f = fopen(path, "wb")) == NULL)
		return fail(strerror(errno));
	if (fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		return fail("write failed");
	return 0;
}

/* Rewrites the last word of FILE as the CRC of what precedes it: a file
 * edited by hand becomes one whose only fault is the edit itself. */
static int
fix_crc(const char *path)
{
	ssize_t n;
	size_t len;
	int fd;

	if ((fd = open(path, O_RDWR | O_CLOEXEC)) == -1)
		return fail(strerror(errno));
	n = read_all(fd, buf, sizeof(buf));
	if (n < 8 || n % 4 != 0) {
		close(fd);
		return fail("shorter than 8 bytes or not a multiple of 4");
	}
	len = (size_t)n;
	put_be32(buf + len - 4, crc32_ieee(buf, len - 4));
	if (pwrite(fd, buf + len - 4, 4, (off_t)(len - 4)) != 4) {
		close(fd);
		return fail(strerror(errno));
	}
	return close(fd) == 0 ? 0 : fail(strerror(errno));
}

int
main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "crc") == 0) {
		printf("%08x\n", crc32_ieee((const uint8_t *)"123456789", 9));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2]);
	if (argc == 3 && strcmp(argv[1], "fixcrc") == 0)
		return fix_crc(argv[2]);
	if (argc >= 3 && argc <= 5 && strcmp(argv[1], "write") == 0)
		return write_file(argv[2], argc > 3 ? argv[3] : NULL,
		    argc > 4 ? argv[4] : NULL);
	fprintf(stderr, "usage: stfile dump FILE | write FILE [MAGIC [VERSION]]"
	    " | fixcrc FILE | crc\n");
	return 2;
}
