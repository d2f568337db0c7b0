/*
 * registry.h — the one table of mappings, seen through every protocol
 * version: PMAP v2 sees the entries whose netid is "udp" or "tcp"; RPCBIND
 * v3/v4 see all. Entries keep their registration order (DUMP lists them in
 * that order, as rpcbind does).
 */
#ifndef RPCBINDD_REGISTRY_H
#define RPCBINDD_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "owner.h"

struct xdr_out;

struct reg_entry {
	uint32_t	prog;
	uint32_t	vers;
	char		netid[RB_NETID_MAX + 1];
	char		uaddr[RB_UADDR_MAX + 1];
	char		owner[RB_OWNER_MAX + 1];
	/* The universal address parsed once, at SET time, so lookups never
	 * parse strings: family 0 when it is not an IP address. */
	uint8_t		family;
	bool		wildcard;
	uint16_t	port;
	uint8_t		addr[16];
};

void	reg_clear(void);
/*
 * SET (rpcbind's map_set): TRUE when added or when the identical entry is
 * there already; FALSE when (prog, vers, netid) is taken with another
 * address, or the owner's quota or the table is full.
 */
bool	reg_set(uint32_t prog, uint32_t vers, const char *netid,
	    const char *uaddr, const char *owner);
/*
 * UNSET: removes every (prog, vers, netid) entry, every netid when netid is
 * "". FALSE, and nothing removed, when a matching entry belongs to another
 * owner and the caller is not the superuser; TRUE otherwise (nothing
 * matching included).
 */
bool	reg_unset(uint32_t prog, uint32_t vers, const char *netid,
	    const char *owner);
/*
 * rpcbind's find_service: the entry for (prog, vers, netid) or, when that
 * version is missing, the last registered version of prog on netid.
 */
const struct reg_entry *reg_find(uint32_t prog, uint32_t vers,
	    const char *netid);
/* The same in the PMAP v2 view: prot is IPPROTO_UDP or IPPROTO_TCP. */
const struct reg_entry *reg_find_pmap(uint32_t prog, uint32_t vers,
	    uint32_t prot);

/* The i-th entry in registration order; NULL past the last one. */
const struct reg_entry *reg_get(size_t);
/* True for the entries PMAP v2 sees; sets the protocol number. */
bool	reg_pmap_view(const struct reg_entry *, uint32_t *prot);
/* Changes on every modification: caches compare it. */
uint32_t reg_generation(void);

/* The whole table as an rpcblist (RFC 1833): 1 before each entry, 0 at the
 * end. What DUMP v3/v4 answers, and what rpcbind's saved rpcbind.xdr
 * holds: every entry, the portmapper's too. */
void	reg_encode_rpcblist(struct xdr_out *);

#endif
