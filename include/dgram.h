/*
 * dgram.h — the datagram path: requests over UDP, read and answered in
 * batches, and the answers to remote calls, relayed to their callers.
 */
#ifndef RPCBINDD_DGRAM_H
#define RPCBINDD_DGRAM_H

#include <stdint.h>

struct listener;

void	dgram_init(unsigned loopback_ifindex);
/* A UDP listener is readable: reads what waits, a batch at a time, and
 * answers each datagram the rules let through. */
void	dgram_readable(const struct listener *, uint64_t now_ms);
/* A remote-call socket is readable: relays each service's answer to the
 * caller, a datagram peer or a stream connection (conn_relay). */
void	dgram_forward_readable(int fd, uint64_t now_ms);

#endif
