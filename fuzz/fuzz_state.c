/*
 * fuzz_state — the warm-start loaders over a file's bytes. Byte 0 picks
 * the decoder (bits 0-1: our state file, our state file with its CRC-32
 * made right so the fuzzer gets past the checksum, rpcbind's rpcbind.xdr,
 * rpcbind's portmap.xdr) and whether the registry already holds entries
 * (bit 2: the portmapper's own and a few services, as after startup).
 * Invariants:
 *  - on -1 the registry is unchanged (a file loads whole or not at all);
 *  - on success the registry only grew, by at most the count returned,
 *    within RB_REG_MAX, without a prog 100000 entry from the file, and
 *    every entry is well formed;
 *  - whatever loaded saves and loads back to the same entries, through
 *    our file and through rpcbind.xdr as written for rpcbind -w (and
 *    portmap.xdr is written too).
 */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "proc.h"
#include "prot.h"
#include "registry.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t		buf[STATE_MAX_BYTES + 4], saved[STATE_MAX_BYTES];
static struct reg_entry	before[RB_REG_MAX], after[RB_REG_MAX];

/* The registry's entries but prog 100000, in order; their count (*all:
 * every entry, prog 100000's too). */
static size_t
snapshot(struct reg_entry *t, size_t *all)
{
	const struct reg_entry *e;
	size_t i, n = 0;

	for (i = 0; (e = reg_get(i)) != NULL; i++) {
		if (e->netid[0] == '\0' ||
		    memchr(e->netid, '\0', sizeof(e->netid)) == NULL ||
		    memchr(e->uaddr, '\0', sizeof(e->uaddr)) == NULL ||
		    memchr(e->owner, '\0', sizeof(e->owner)) == NULL)
			abort();
		if (e->prog != PMAP_PROG)
			t[n++] = *e;
	}
	*all = i;
	return n;
}

static bool
same(const struct reg_entry *a, const struct reg_entry *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].prog != b[i].prog || a[i].vers != b[i].vers ||
		    strcmp(a[i].netid, b[i].netid) != 0 ||
		    strcmp(a[i].uaddr, b[i].uaddr) != 0 ||
		    strcmp(a[i].owner, b[i].owner) != 0)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t count, now, nb, na, len;
	uint32_t gen;
	int r;

	if (size < 1 || size - 1 > STATE_MAX_BYTES)
		return 0;
	reg_clear();
	if (data[0] & 4) {
		proc_register_self(true, true, true, true, true);
		reg_set(100024, 1, "udp", "0.0.0.0.3.233", OWNER_SUPERUSER);
		reg_set(100024, 1, "tcp", "0.0.0.0.3.233", OWNER_SUPERUSER);
		reg_set(100021, 4, "tcp6", "::.128.1", "1000");
	}
	gen = reg_generation();
	nb = snapshot(before, &count);
	len = size - 1;
	memcpy(buf, data + 1, len);
	switch (data[0] & 3) {
	case 0:
		r = state_decode(buf, len);
		break;
	case 1: {
		uint32_t c = state_crc32(buf, len);

		buf[len++] = (uint8_t)(c >> 24);
		buf[len++] = (uint8_t)(c >> 16);
		buf[len++] = (uint8_t)(c >> 8);
		buf[len++] = (uint8_t)c;
		r = state_decode(buf, len);
		break;
	}
	case 2:
		r = state_decode_rpcbind(buf, len);
		break;
	default:
		r = state_decode_portmap(buf, len);
		break;
	}
	na = snapshot(after, &now);
	if (r == -1) {
		if (now != count || reg_generation() != gen || na != nb ||
		    !same(before, after, nb))
			abort();
		return 0;
	}
	if (r < 0 || now < count || now > count + (size_t)r ||
	    now > RB_REG_MAX || (size_t)r > RB_REG_MAX ||
	    now - na != count - nb || !same(before, after, nb))
		abort();
	/* What loaded saves, and the saved file loads back the same. */
	len = state_encode(saved, sizeof(saved));
	if (len == 0)
		abort();
	reg_clear();
	if (state_decode(saved, len) != (int)na ||
	    snapshot(before, &now) != na ||
	    !same(before, after, na))
		abort();
	len = state_encode_rpcbind(saved, sizeof(saved));
	if (len == 0 || state_encode_portmap(buf, sizeof(buf)) == 0)
		abort();
	reg_clear();
	if (state_decode_rpcbind(saved, len) != (int)na ||
	    snapshot(before, &now) != na || !same(before, after, na))
		abort();
	return 0;
}
