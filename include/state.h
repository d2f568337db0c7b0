/*
 * state.h — warm start: the registry saved on every change, so a restart
 * with -w restores every registration, after SIGTERM and after SIGKILL.
 *
 * Format (all XDR): magic "RBDS", version 1, entry count, then per entry
 * prog, vers, netid, uaddr, owner; last a CRC-32 of everything before it.
 * Written to a temporary file, fsync'ed, renamed over the old one. The
 * portmapper's own entries are not saved (they are made at startup).
 *
 * rpcbind's rpcbind.xdr and portmap.xdr are kept current beside it, in
 * rpcbind's format (its own entries included, as rpcbind writes them), so
 * that rpcbind -w started after this daemon restores the table.
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
/* rpcbind's own warm-start files: imported on a swap, and written. */
#define RPCBIND_FILE		"rpcbind.xdr"
#define PORTMAP_FILE		"portmap.xdr"
#define RPCBIND_TMP		"rpcbind.xdr.tmp"
#define PORTMAP_TMP		"portmap.xdr.tmp"
/* The one generation of each kept aside by a start (see state_open). */
#define PREV_SUFFIX		".prev"
#define STATE_PREV		STATE_FILE PREV_SUFFIX
#define RPCBIND_PREV		RPCBIND_FILE PREV_SUFFIX
#define PORTMAP_PREV		PORTMAP_FILE PREV_SUFFIX

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
/* The registry, the portmapper's entries included, as rpcbind writes
 * rpcbind.xdr and portmap.xdr; their length, or 0 when it does not fit. */
size_t	state_encode_rpcbind(uint8_t *buf, size_t size);
size_t	state_encode_portmap(uint8_t *buf, size_t size);

/*
 * Takes the state directory's descriptor (sb_prepare_dir's; later writes go
 * through it, relative to it; `path` names it in the log). With `load`,
 * restores the newest saved table: rpcbindd.state, rpcbind's pair, or the
 * .prev of either, by modification time (ties: ours, then the current
 * one). A chosen file that cannot be used is logged and moved aside; the
 * daemon then starts empty. Every saved table not restored is then kept
 * aside as NAME.prev (one generation) before anything is written; the
 * files are written again after a restore, else at the first change.
 */
void	state_open(int dirfd, const char *path, bool load, uid_t owner);
/* Writes every file when the registry changed since the last write (or a
 * restored table has not been written yet); otherwise nothing. */
void	state_flush(void);

#endif
