/*
 * targets.h — where a remote call (CALLIT, BCAST, INDIRECT) may be
 * forwarded: loopback, or an address the daemon serves.
 */
#ifndef RPCBINDD_TARGETS_H
#define RPCBINDD_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * The hosts forwarded calls may go to: loopback (127.0.0.0/8, ::1) and the
 * addresses in `served` (those the daemon listens on; a wildcard one stands
 * for every address the host has now, read here while the daemon may still
 * ask). A registration is any local user's to make: without this a CALLIT
 * would send their bytes, from the daemon, to any host they name. -1 when
 * the host's addresses cannot be listed.
 */
int	targets_configure(const struct sockaddr_storage *served, size_t n);
/* 0 when `target` (the registration `uaddr` of prog/vers) may be called;
 * -1, logged (rate-limited), when it is not loopback nor served. */
int	targets_permit(const struct sockaddr_storage *target, uint32_t prog,
	    uint32_t vers, const char *uaddr);
/* The same rule, silent. */
bool	targets_ok(const struct sockaddr_storage *target);

#endif
