/*
 * record.h — RPC record marking over streams (RFC 5531 §11): a record is
 * one or more fragments, each behind a 4-byte header whose top bit marks
 * the last one. Pure: the loop and the stream fuzzer both drive it.
 */
#ifndef RPCBINDD_RECORD_H
#define RPCBINDD_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Looks for the first complete record in buf[0..len). Returns the bytes it
 * spans (headers included) and sets *rec and *reclen to its contents: a
 * pointer into buf for a single fragment, else the fragments joined in
 * scratch (of `max` bytes). Returns 0 while the record is incomplete, and
 * -1 as soon as its fragments add up to more than `max` bytes, before any
 * of them has arrived in full.
 */
ssize_t	rec_next(const uint8_t *buf, size_t len, uint8_t *scratch, size_t max,
	    const uint8_t **rec, size_t *reclen);
/* Writes a one-fragment record header for a reply of len bytes. */
void	rec_mark(uint8_t hdr[4], size_t len);

#endif
