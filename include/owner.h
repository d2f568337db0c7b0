/*
 * owner.h — the owner names rpcbind gives a registration made by root, and
 * one whose maker it cannot tell (a v2 SET, an entry of portmap.xdr). The
 * registry stores them and the quota classes read them; they are wire
 * names (RPCBIND's r_owner), so they belong to neither.
 */
#ifndef RPCBINDD_OWNER_H
#define RPCBINDD_OWNER_H

#define OWNER_SUPERUSER	"superuser"
#define OWNER_UNKNOWN	"unknown"

#endif
