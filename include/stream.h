/*
 * stream.h — one stream connection's buffering (TCP or the local socket),
 * without a socket: the caller supplies read, write and "handle this
 * request record" as callbacks, so the loop and the stream fuzzer run the
 * same code.
 *
 * Record marking (RFC 5531 §11) with records of at most RB_RECORD_MAX.
 * While replies wait to be written nothing more is read (a peer that does
 * not read cannot make us queue without bound) and the request records
 * already received wait in the connection's input buffer; they are
 * handled as soon as the output drains, without waiting for the peer to
 * send more.
 */
#ifndef RPCBINDD_STREAM_H
#define RPCBINDD_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bounds.h"

/* An unfinished record may hold this many fragment headers' worth more. */
#define STREAM_INBUF_MAX	(RB_RECORD_MAX + 64)
/* One read fills what is left of a buffer this large; it also bounds what
 * a connection keeps while its replies wait. */
#define STREAM_READ_MAX		(STREAM_INBUF_MAX + 65536)
/* Replies queued for a peer that does not read, before we give up on it. */
#define STREAM_OUTBUF_MAX	(2 * RB_REPLY_MAX)

/* What the callbacks return besides a byte count. */
#define STREAM_IO_ERROR		(-1)	/* close the connection */
#define STREAM_IO_AGAIN		(-2)	/* would block */

struct stream {
	uint8_t		*in;		/* kept input, or NULL */
	uint32_t	in_len, in_cap;
	uint8_t		*out;		/* replies not yet written, or NULL */
	uint32_t	out_len, out_off;
};

struct stream_io {
	/* Bytes read (> 0), 0 at end of stream, or STREAM_IO_*. */
	ssize_t	(*read)(void *ctx, uint8_t *buf, size_t len);
	/* Bytes written (>= 0) or STREAM_IO_*. */
	ssize_t	(*write)(void *ctx, const uint8_t *buf, size_t len);
	/* One complete request record; its reply, if any, goes out with
	 * stream_send. -1 closes the connection. */
	int	(*request)(void *ctx, const uint8_t *rec, size_t len);
};

enum stream_status {
	STREAM_OK,
	STREAM_CLOSE,		/* end of stream or an error */
	STREAM_TOO_LARGE,	/* a record over RB_RECORD_MAX */
};

/* The connection became readable: reads (a few times at most) and
 * handles every complete record. */
enum stream_status stream_readable(struct stream *, const struct stream_io *,
	    void *ctx);
/* The connection became writable: writes what waits and, once it is all
 * out, handles the records received meanwhile. */
enum stream_status stream_writable(struct stream *, const struct stream_io *,
	    void *ctx);
/* Writes one reply record, queueing what does not go out now. -1 when
 * the connection must be closed (over STREAM_OUTBUF_MAX, no memory). */
int	stream_send(struct stream *, const struct stream_io *, void *ctx,
	    const uint8_t *rec, size_t len);
/* Replies wait: poll for writing only. */
static inline bool
stream_blocked(const struct stream *s)
{
	return s->out_len > s->out_off;
}
void	stream_free(struct stream *);

#endif
