/*
 * test_record — record marking (record.c): single and multiple fragments,
 * every incomplete prefix, the size cap, empty fragments, and several
 * records in one buffer.
 */
#include <string.h>
#include <sys/types.h>

#include "record.h"
#include "tap.h"

static size_t
frag(uint8_t *p, const char *data, size_t len, int last)
{
	uint32_t h = (uint32_t)len | (last ? 0x80000000u : 0);

	p[0] = (uint8_t)(h >> 24);
	p[1] = (uint8_t)(h >> 16);
	p[2] = (uint8_t)(h >> 8);
	p[3] = (uint8_t)h;
	memcpy(p + 4, data, len);
	return 4 + len;
}

int
main(void)
{
	uint8_t buf[256], scratch[64];
	const uint8_t *rec;
	size_t n, len, reclen, i;
	ssize_t r;
	int all_zero = 1;

	n = frag(buf, "hello", 5, 1);
	is_int((int)rec_next(buf, n, scratch, sizeof(scratch), &rec, &reclen),
	    (int)n, "one fragment: the whole record is consumed");
	ok(reclen == 5 && memcmp(rec, "hello", 5) == 0 && rec == buf + 4,
	    "  its contents, in place");

	len = frag(buf, "ab", 2, 0);
	len += frag(buf + len, "", 0, 0);
	len += frag(buf + len, "cde", 3, 1);
	is_int((int)rec_next(buf, len, scratch, sizeof(scratch), &rec, &reclen),
	    (int)len, "three fragments (one empty): one record");
	ok(reclen == 5 && memcmp(rec, "abcde", 5) == 0 && rec == scratch,
	    "  joined without their headers");
	for (i = 0; i < len; i++)
		if (rec_next(buf, i, scratch, sizeof(scratch), &rec, &reclen) != 0)
			all_zero = 0;
	ok(all_zero, "every shorter prefix is incomplete (0)");

	n = frag(buf, "x", 1, 1);
	n += frag(buf + n, "yz", 2, 1);
	r = rec_next(buf, n, scratch, sizeof(scratch), &rec, &reclen);
	is_int((int)r, 5, "two records in one buffer: the first spans 5 bytes");
	r = rec_next(buf + r, n - (size_t)r, scratch, sizeof(scratch), &rec,
	    &reclen);
	ok(r == 6 && reclen == 2 && memcmp(rec, "yz", 2) == 0,
	    "  then the second");

	memcpy(buf, "\x80\x00\x00\x41", 4);	/* 65 bytes claimed, max 64 */
	is_int((int)rec_next(buf, 4, scratch, sizeof(scratch), &rec, &reclen),
	    -1, "a fragment over the cap is refused from its header alone");
	memcpy(buf, "\xff\xff\xff\xff", 4);
	is_int((int)rec_next(buf, 4, scratch, sizeof(scratch), &rec, &reclen),
	    -1, "0x7fffffff bytes claimed: refused");
	len = frag(buf, "0123456789012345678901234567890123456789", 40, 0);
	memcpy(buf + len, "\x80\x00\x00\x19", 4);	/* 40 + 25 > 64 */
	is_int((int)rec_next(buf, len + 4, scratch, sizeof(scratch), &rec,
	    &reclen), -1, "fragments adding up over the cap: refused");
	len = frag(buf, "0123456789012345678901234567890123456789", 40, 0);
	len += frag(buf + len, "012345678901234567890123", 24, 1);
	is_int((int)rec_next(buf, len, scratch, sizeof(scratch), &rec, &reclen),
	    (int)len, "exactly the cap in two fragments: accepted");
	is_int((int)reclen, 64, "  64 bytes");

	rec_mark(buf, 0x1234);
	ok(memcmp(buf, "\x80\x00\x12\x34", 4) == 0, "rec_mark sets the last bit");
	return done_testing();
}
