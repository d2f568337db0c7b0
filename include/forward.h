/*
 * forward.h — remote calls (CALLIT, BCAST, INDIRECT with -r): the call goes
 * to the registered service over UDP from a socket of our own, and the
 * service's answer is relayed to the caller. Never blocks the loop: calls
 * in flight wait in a fixed table and expire after RB_FORWARD_TIMEOUT_MS.
 */
#ifndef RPCBINDD_FORWARD_H
#define RPCBINDD_FORWARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "origin.h"
#include "proc.h"
#include "xdr.h"

/* How to reach the caller again when the answer comes. */
struct fwd_caller {
	enum transport		tr;
	int			lfd;		/* UDP: the listener it came to */
	struct sockaddr_storage	peer;		/* UDP */
	struct sockaddr_storage	self;		/* UDP: answer from here */
	uint32_t		conn;		/* stream: connection slot */
	uint64_t		serial;		/* stream: that connection's serial */
};

/* Opens the UDP sockets forwarded calls leave from; -1 on failure. */
int	fwd_open(void);
/* The sockets to poll (-1 for a family not open). */
int	fwd_fd(int family);
/* Sends the call to the service; false when the table is full or the
 * send failed (the caller then gets no answer, as with a lost datagram). */
bool	fwd_start(const struct proc_forward *, const struct fwd_caller *,
	    uint64_t now_ms);
/* Reads one datagram from `fd`: 1 when it answers a call in flight, with
 * the caller's reply encoded into `out` and its address in `caller`; 0 when
 * there is nothing to send; -1 when there was nothing to read. */
int	fwd_recv(int fd, struct xdr_out *out, struct fwd_caller *caller,
	    uint64_t now_ms);
void	fwd_expire(uint64_t now_ms);

#endif
