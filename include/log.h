/*
 * log.h — one small logging API (after OpenNTPD's log.c).
 *
 * `x` variants do not append strerror(errno). Anything a remote peer can
 * trigger is logged with log_debug or through log_ratelimited, never fatal.
 */
#ifndef RPCBINDD_LOG_H
#define RPCBINDD_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

void	log_init(bool to_stderr, bool debug);
/* fatal() and fatalx() abort() instead of exiting (-a: for a core). */
void	log_abort_on_fatal(bool);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
bool	log_debugging(void);

/*
 * A limiter for messages a peer can provoke: at most `burst` messages per
 * `interval` seconds; the rest are counted and reported with the next one
 * let through.
 */
struct log_limit {
	time_t		window;
	unsigned	sent;
	unsigned	suppressed;
};
void	log_ratelimited(struct log_limit *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* The limiter's parameters: LOG_LIMIT_BURST messages per window of
 * LOG_LIMIT_INTERVAL seconds, then one line saying how many were dropped. */
#define LOG_LIMIT_INTERVAL	60
#define LOG_LIMIT_BURST		10

/*
 * Copies len bytes of src (a string from the wire) into dst for the log:
 * printable ASCII stays, anything else and the backslash become \xNN, so
 * a peer can neither break a line nor forge one. Truncated, at a whole
 * character, to fit dstsize; dst is always terminated. Returns dst.
 * LOG_ESCAPED(n) is the size that holds n bytes escaped.
 */
#define LOG_ESCAPED(n)	(4 * (n) + 1)
char	*log_escape(char *dst, size_t dstsize, const char *src, size_t len);

#endif
