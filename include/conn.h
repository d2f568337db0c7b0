/*
 * conn.h — the stream path: TCP and local-socket connections, from the
 * accept (admission, caps, eviction) through their records (stream.c) to
 * the close, and the sweep of idle ones.
 */
#ifndef RPCBINDD_CONN_H
#define RPCBINDD_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct listener;
struct ev;
struct origin;
struct stream;
struct stream_io;

void	conn_init(unsigned idle_ms, unsigned tcp_max, unsigned lo_ifindex);
/* A stream listener is readable: accepts what waits. False when out of
 * descriptors with no connection left to close: the caller stops polling
 * the listener until the next sweep rather than spin (CVE-2018-14621). */
bool	conn_accept(const struct listener *, uint64_t now_ms);
/* An event (EPOLLIN or EPOLLOUT) of a connection. */
void	conn_event(struct ev *, uint32_t events, uint64_t now_ms);
/* A service's answer for the stream caller `slot`, if that connection is
 * still the one (serial) that made the call: buf holds 4 bytes for the
 * record mark, then the reply of len bytes. */
void	conn_relay(uint32_t slot, uint64_t serial, uint8_t *buf, size_t len);
/* One complete request record from a stream peer: its reply goes out with
 * stream_send, a remote call starts for the caller (slot, serial). -1
 * when the connection must go. The stream fuzzer calls it too. */
int	conn_answer(const struct origin *, struct stream *,
	    const struct stream_io *, void *ctx, const uint8_t *req,
	    size_t len, uint32_t slot, uint64_t serial);
/* Closes the TCP connections idle too long; gives the heap back after a
 * wave of closes. */
void	conn_sweep(uint64_t now_ms);
/* Frees the connections closed during this round of events. */
void	conn_bury(void);

#endif
