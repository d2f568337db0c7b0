/*
 * handle.h — one request through proc_handle as the loop hands it over,
 * under the invariants that every target driving requests shares (the
 * target checks what is its own on top):
 *  - a non-local origin never changes the registry, and nothing is
 *    forwarded for it;
 *  - a UDP reply to a non-local origin is never larger than the request;
 *  - every reply starts with the request's xid and is a REPLY message.
 * A violation aborts, which is what libFuzzer and fuzz/replay.c catch.
 */
#ifndef RPCBINDD_FUZZ_HANDLE_H
#define RPCBINDD_FUZZ_HANDLE_H

#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "proc.h"
#include "registry.h"

static enum proc_action
handle_checked(const struct origin *o, const uint8_t *req, size_t reqlen,
    struct proc_forward *fwd)
{
	static uint8_t out[RB_REPLY_MAX];
	uint32_t gen = reg_generation();
	enum proc_action act;
	struct xdr_out x;

	xout_init(&x, out, o->tr == TR_UDP ? RB_UDP_REPLY_MAX : sizeof(out));
	act = proc_handle(o, req, reqlen, &x, fwd);
	if (!o->local && reg_generation() != gen)
		abort();
	if (act == PROC_REPLY) {
		if (o->tr == TR_UDP && !o->local && xout_len(&x) > reqlen)
			abort();
		if (xout_len(&x) < 12 || reqlen < 4 ||
		    memcmp(out, req, 4) != 0 ||
		    memcmp(out + 4, "\0\0\0\1", 4) != 0)
			abort();
	}
	if (act == PROC_FORWARD && !o->local)
		abort();
	return act;
}

#endif
