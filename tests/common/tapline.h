/*
 * tests/common/tapline.h — the one printer of TAP lines (Test Anything
 * Protocol, as build-aux/tap-driver.sh reads it) shared by every C test
 * program: the unit tests through tests/unit/tap.h, the wire probes through
 * probe.h. Each keeps its own counters; this only prints. Header-only and
 * flushed line by line, so that a line is out before a crash or a kill.
 */
#ifndef TESTS_COMMON_TAPLINE_H
#define TESTS_COMMON_TAPLINE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* "ok" or "not ok", " N" unless num is 0, " - ", the text, then `end`
 * (such as " # SKIP why"). */
__attribute__((format(printf, 4, 0)))
static inline void
tap_vline(bool good, unsigned num, const char *end, const char *fmt, va_list ap)
{
	fputs(good ? "ok" : "not ok", stdout);
	if (num != 0)
		printf(" %u", num);
	fputs(" - ", stdout);
	vprintf(fmt, ap);
	fputs(end, stdout);
	putchar('\n');
	fflush(stdout);
}

/* "# TEXT" */
__attribute__((format(printf, 1, 2)))
static inline void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#endif
