/*
 * tap.h — a minimal TAP producer for the unit tests (Test Anything
 * Protocol, as build-aux/tap-driver.sh reads it).
 *
 * Each check prints "ok N - desc" or "not ok N - desc" followed by "#"
 * diagnostics saying what was expected and what came; done_testing() prints
 * the plan "1..N" at the end (a trailing plan is valid TAP). The program
 * exits 0: the driver counts the lines, so a failed check fails the test
 * without a non-zero status hiding the details. Header-only and flushed
 * line by line, so that any C test program of the suite can print with it;
 * the lines themselves and diag() come from tests/common/tapline.h, the
 * printer the wire probes share.
 */
#ifndef RPCBINDD_TESTS_TAP_H
#define RPCBINDD_TESTS_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/tapline.h"

static unsigned tap_n, tap_failed;

__attribute__((format(printf, 2, 0)))
static inline bool
tap_vok(bool pass, const char *fmt, va_list ap)
{
	tap_n++;
	if (!pass)
		tap_failed++;
	tap_vline(pass, tap_n, "", fmt, ap);
	return pass;
}

/* r = the check `pass`, named by the calling function's `fmt` and the
 * arguments after it. */
#define TAP_CHECK(r, pass, fmt) do {					\
	va_list ap_;							\
									\
	va_start(ap_, fmt);						\
	(r) = tap_vok((pass), (fmt), ap_);				\
	va_end(ap_);							\
} while (0)

__attribute__((format(printf, 2, 3)))
static inline bool
ok(bool pass, const char *fmt, ...)
{
	bool r;

	TAP_CHECK(r, pass, fmt);
	return r;
}

__attribute__((format(printf, 3, 4)))
static inline bool
is_int(long long got, long long want, const char *fmt, ...)
{
	bool r;

	TAP_CHECK(r, got == want, fmt);
	if (!r)
		diag("  got: %lld (0x%llx), expected: %lld (0x%llx)", got,
		    (unsigned long long)got, want, (unsigned long long)want);
	return r;
}

__attribute__((format(printf, 3, 4)))
static inline bool
is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool r;

	TAP_CHECK(r, got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want, fmt);
	if (!r)
		diag("  got: '%s', expected: '%s'", got ? got : "(null)",
		    want ? want : "(null)");
	return r;
}

/* True when `s` contains `sub`. */
__attribute__((format(printf, 3, 4)))
static inline bool
like_str(const char *s, const char *sub, const char *fmt, ...)
{
	bool r;

	TAP_CHECK(r, s != NULL && strstr(s, sub) != NULL, fmt);
	if (!r)
		diag("  '%s' does not contain '%s'", s ? s : "(null)", sub);
	return r;
}

static inline void
tap_hex(const char *label, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	printf("#   %s (%zu):", label, len);
	for (i = 0; i < len; i++)
		printf("%s%02x", i % 4 == 0 ? " " : "", b[i]);
	putchar('\n');
}

__attribute__((format(printf, 5, 6)))
static inline bool
is_mem(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *fmt, ...)
{
	bool r;

	TAP_CHECK(r, gotlen == wantlen && memcmp(got, want, wantlen) == 0,
	    fmt);
	if (!r) {
		tap_hex("got", got, gotlen);
		tap_hex("expected", want, wantlen);
	}
	return r;
}

static inline int
done_testing(void)
{
	printf("1..%u\n", tap_n);
	if (tap_failed)
		diag("%u of %u checks failed", tap_failed, tap_n);
	return 0;
}

#endif
