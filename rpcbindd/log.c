/*
 * log.c — syslog or stderr logging, with a rate limiter for anything a peer
 * can provoke.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static bool log_stderr = true;
static bool log_dbg;
static bool log_abort;

void
log_abort_on_fatal(bool on)
{
	log_abort = on;
}

void
log_init(bool to_stderr, bool debug)
{
	log_stderr = to_stderr;
	log_dbg = debug;
	if (!to_stderr)
		openlog("rpcbindd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

bool
log_debugging(void)
{
	return log_dbg;
}

static void
vlog(int pri, const char *fmt, va_list ap, int errnum)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_stderr) {
		if (errnum != 0)
			fprintf(stderr, "rpcbindd: %s: %s\n", msg, strerror(errnum));
		else
			fprintf(stderr, "rpcbindd: %s\n", msg);
		fflush(stderr);
	} else if (errnum != 0)
		syslog(pri, "%s: %s", msg, strerror(errnum));
	else
		syslog(pri, "%s", msg);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, e);
	va_end(ap);
	errno = e;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_dbg)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, e);
	va_end(ap);
	if (log_abort)
		abort();
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, 0);
	va_end(ap);
	if (log_abort)
		abort();
	exit(1);
}

void
log_ratelimited(struct log_limit *l, const char *fmt, ...)
{
	va_list ap;
	time_t now = time(NULL);

	if (now - l->window >= LOG_LIMIT_INTERVAL) {
		if (l->suppressed > 0)
			log_warnx("%u similar messages suppressed in the last %d s",
			    l->suppressed, LOG_LIMIT_INTERVAL);
		l->window = now;
		l->sent = 0;
		l->suppressed = 0;
	}
	if (l->sent >= LOG_LIMIT_BURST) {
		l->suppressed++;
		return;
	}
	l->sent++;
	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 0);
	va_end(ap);
}

char *
log_escape(char *dst, size_t dstsize, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n = 0;
	unsigned char ch;

	if (dstsize == 0)
		return dst;
	for (i = 0; i < len; i++) {
		ch = (unsigned char)src[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			if (n + 1 >= dstsize)
				break;
			dst[n++] = (char)ch;
		} else {
			if (n + 4 >= dstsize)
				break;
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[ch >> 4];
			dst[n++] = hex[ch & 0xf];
		}
	}
	dst[n] = '\0';
	return dst;
}
