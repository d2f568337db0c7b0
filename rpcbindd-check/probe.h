/*
 * probe.h — rpcbindd-check's probes: the calls an open-portmapper scanner
 * sends, each sent to the host and answered or not, and the line that
 * says how. What a reply says is read by reply.c.
 */
#ifndef RPCBINDD_CHECK_PROBE_H
#define RPCBINDD_CHECK_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reply.h"

struct addrinfo;

enum outcome {
	O_NOT_RUN,
	O_ANSWERED,
	O_TIMEOUT,
	O_REFUSED,		/* ICMP port unreachable, or TCP RST */
	O_NETERR,		/* any other socket error */
};

struct probe {
	const char	*name;
	bool		 tcp;
	enum check_kind	 kind;
	uint32_t	 vers;
	uint32_t	 proc;

	enum outcome	 outcome;
	int		 err;		/* errno for O_NETERR / O_REFUSED */
	size_t		 sent;
	uint64_t	 recvd;		/* UDP: all datagrams; TCP: all bytes */
	unsigned long	 datagrams;	/* UDP: from the host, any port */
	unsigned long	 other_port;	/* UDP: of those, from another port */
	bool		 capped;	/* UDP: CHECK_DGRAM_MAX reached */
	bool		 oversized;	/* TCP reply larger than the buffer */
	enum outcome	 connected;	/* TCP: the connect (O_ANSWERED: up) */
	int		 connect_err;	/* TCP: errno of a failed connect */
	struct check_reply r;		/* what the reply says */
};

/* The probes, in the order they run: the UDP calls, then the TCP DUMP
 * (what `rpcinfo -p HOST` does). Sets *n to their number. */
struct probe	*probe_table(size_t *n);
/*
 * Sends the probe's call to `ai` (from a fresh socket) and reads what comes
 * back, waiting up to timeout_ms. 0 when the probe ran, whatever the host
 * did; -1 when it could not run here (no socket...), with the reason in
 * `why`: the program cannot go on.
 */
int		 probe_run(struct probe *, const struct addrinfo *ai,
		    int timeout_ms, char *why, size_t whysz);
/* The probe's line (for a TCP probe, the connect's line first). */
void		 probe_print(const struct probe *, int timeout_ms);

#endif
