/*
 * state.h — warm start: the registry saved on every change, so a restart
 * with -w restores every registration, after SIGTERM and after SIGKILL.
 *
 * Format (all XDR): magic "RBDS", version 1, entry count, then per entry
 * prog, vers, netid, uaddr, owner; last a CRC-32 of everything before it.
 * Written to a temporary file, fsync'ed, renamed over the old one. The
 * portmapper's own entries are not saved (they are made at startup).
 */
#ifndef RPCBINDD_STATE_H
#define RPCBINDD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define STATE_FILE		"rpcbindd.state"
#define STATE_TMP		"rpcbindd.state.tmp"
#define STATE_MAX_BYTES		(512 * 1024)
/* rpcbind's own warm-start files, imported once on a live swap. */
#define RPCBIND_FILE		"rpcbind.xdr"
#define PORTMAP_FILE		"portmap.xdr"

/* The file's checksum: CRC-32 (IEEE 802.3, as zlib's crc32). */
uint32_t state_crc32(const uint8_t *, size_t);
/* Encodes the registry (without prog 100000) into buf; its length, or 0
 * when it does not fit. */
size_t	state_encode(uint8_t *buf, size_t size);
/* Decodes a state file into the registry: -1 (nothing added) when it is
 * truncated, has another magic or version, or a bad checksum. */
int	state_decode(const uint8_t *buf, size_t len);
/* rpcbind's rpcbind.xdr (an rpcblist) or portmap.xdr (a pmaplist). */
int	state_decode_rpcbind(const uint8_t *buf, size_t len);
int	state_decode_portmap(const uint8_t *buf, size_t len);

/*
 * Takes the state directory's descriptor (sb_prepare_dir's; later writes go
 * through it, relative to it) and, with `load`, restores from our file, or
 * else from rpcbind's. A file that cannot be used is logged and moved
 * aside; the daemon then starts empty.
 */
void	state_open(int dirfd, bool load, uid_t owner);
/* Marks the registry changed; state_flush writes it if it did. */
void	state_dirty(void);
void	state_flush(void);

#endif
