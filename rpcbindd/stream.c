/*
 * stream.c — stream connection buffering. Bytes of an unfinished record
 * are kept per connection, everything else is handled straight from one
 * shared buffer, so an idle connection costs a small struct and a request
 * costs no allocation. Only when a reply cannot be written whole does a
 * connection keep the records that follow it (at most one read's worth:
 * nothing more is read until the replies are out).
 */
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "stream.h"

#define READ_BATCH	4

/* Shared by every connection: the loop runs one connection at a time. */
static uint8_t	stream_in[STREAM_READ_MAX];
static uint8_t	record[RB_RECORD_MAX];

void
stream_free(struct stream *s)
{
	free(s->in);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

/* Keeps buf[0..len) as the connection's input; buf may point into s->in. */
static int
keep(struct stream *s, const uint8_t *buf, size_t len)
{
	uint8_t *p;

	if (len == 0) {
		free(s->in);
		s->in = NULL;
		s->in_len = s->in_cap = 0;
		return 0;
	}
	if (len > STREAM_READ_MAX)
		return -1;
	if (s->in == NULL || s->in_cap < len) {
		if ((p = malloc(len)) == NULL)
			return -1;
		memcpy(p, buf, len);
		free(s->in);
		s->in = p;
		s->in_cap = (uint32_t)len;
	} else
		memmove(s->in, buf, len);
	s->in_len = (uint32_t)len;
	return 0;
}

/*
 * Handles the complete records of buf[0..len) until replies wait, then
 * keeps the rest: records not handled yet, or an unfinished record, which
 * alone counts against STREAM_INBUF_MAX.
 */
static enum stream_status
records(struct stream *s, const struct stream_io *io, void *ctx,
    const uint8_t *buf, size_t len)
{
	const uint8_t *rec;
	size_t off = 0, reclen;
	ssize_t n;

	while (!stream_blocked(s)) {
		n = rec_next(buf + off, len - off, record, sizeof(record), &rec,
		    &reclen);
		if (n == -1)
			return STREAM_TOO_LARGE;
		if (n == 0) {
			if (len - off > STREAM_INBUF_MAX)
				return STREAM_TOO_LARGE;
			break;
		}
		if (io->request(ctx, rec, reclen) == -1)
			return STREAM_CLOSE;
		off += (size_t)n;
	}
	return keep(s, buf + off, len - off) == -1 ? STREAM_CLOSE : STREAM_OK;
}

enum stream_status
stream_readable(struct stream *s, const struct stream_io *io, void *ctx)
{
	enum stream_status st;
	size_t avail, len;
	ssize_t n;
	int rounds;

	for (rounds = 0; rounds < READ_BATCH; rounds++) {
		if (stream_blocked(s))
			return STREAM_OK;
		/* Not blocked: what is kept is an unfinished record. Its bytes
		 * first, then as much as fits behind them. */
		if (s->in_len > 0)
			memcpy(stream_in, s->in, s->in_len);
		avail = sizeof(stream_in) - s->in_len;
		n = io->read(ctx, stream_in + s->in_len, avail);
		if (n == STREAM_IO_AGAIN)
			return STREAM_OK;
		if (n <= 0 || (size_t)n > avail)
			return STREAM_CLOSE;
		len = s->in_len + (size_t)n;
		if ((st = records(s, io, ctx, stream_in, len)) != STREAM_OK)
			return st;
		if ((size_t)n < avail)
			return STREAM_OK;
	}
	return STREAM_OK;
}

enum stream_status
stream_writable(struct stream *s, const struct stream_io *io, void *ctx)
{
	ssize_t n;

	if (!stream_blocked(s))
		return STREAM_OK;
	n = io->write(ctx, s->out + s->out_off, s->out_len - s->out_off);
	if (n == STREAM_IO_AGAIN)
		return STREAM_OK;
	if (n < 0 || (size_t)n > s->out_len - s->out_off)
		return STREAM_CLOSE;
	s->out_off += (uint32_t)n;
	if (stream_blocked(s))
		return STREAM_OK;
	free(s->out);
	s->out = NULL;
	s->out_len = s->out_off = 0;
	/* The records that arrived behind the reply: now, not when the peer
	 * happens to send more. */
	if (s->in == NULL || s->in_len == 0)
		return STREAM_OK;
	return records(s, io, ctx, s->in, s->in_len);
}

int
stream_send(struct stream *s, const struct stream_io *io, void *ctx,
    const uint8_t *rec, size_t len)
{
	ssize_t n = 0;
	uint32_t left;
	uint8_t *p;

	if (!stream_blocked(s)) {
		n = io->write(ctx, rec, len);
		if (n == STREAM_IO_AGAIN)
			n = 0;
		if (n < 0 || (size_t)n > len)
			return -1;
		if ((size_t)n == len)
			return 0;
	}
	left = s->out_len - s->out_off;
	if (left + (len - (size_t)n) > STREAM_OUTBUF_MAX)
		return -1;
	if (s->out_off > 0) {
		memmove(s->out, s->out + s->out_off, left);
		s->out_len = left;
		s->out_off = 0;
	}
	if ((p = realloc(s->out, s->out_len + (len - (size_t)n))) == NULL)
		return -1;
	s->out = p;
	memcpy(s->out + s->out_len, rec + n, len - (size_t)n);
	s->out_len += (uint32_t)(len - (size_t)n);
	return 0;
}
