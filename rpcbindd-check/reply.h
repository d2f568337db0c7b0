/*
 * reply.h — rpcbindd-check's reading of what a probed host sends back:
 * the untrusted reply decoder, and the tally of every UDP datagram the
 * host sends for one call. No sockets here (probe.c has them), so the
 * fuzzer drives this part alone.
 */
#ifndef RPCBINDD_CHECK_REPLY_H
#define RPCBINDD_CHECK_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHECK_AUTH_BODY_MAX	400	/* RFC 5531 */
#define CHECK_STR_MAX		1024	/* netid, uaddr, owner in a reply */
#define CHECK_PROG_TABLE	256	/* distinct programs counted */
#define CHECK_SHOW_MAX		64	/* characters of a reply string shown */
/* check_show_string's output: each byte may become "\xNN", plus "..." */
#define CHECK_SHOWN_SIZE	(CHECK_SHOW_MAX * 4 + 8)
/* Datagrams tallied for one UDP call; a host that sends more is flooding,
 * and the tally stops there (the probe's deadline bounds the time too). */
#define CHECK_DGRAM_MAX		4096

enum check_kind {
	CK_NULL,
	CK_DUMP2,
	CK_DUMP34,
	CK_GETSTAT,
	CK_GETPORT,
	CK_GETADDR,
};

/* What one reply message says. */
struct check_reply {
	bool		 malformed;
	bool		 success;	/* accepted SUCCESS, results decoded */
	char		 status[96];	/* the reply status in words */
	char		 detail[320];	/* what the results say */
	unsigned long	 entries;	/* DUMP: mappings listed */
	unsigned long	 programs;	/* DUMP: distinct programs */
	bool		 programs_more;	/* more than CHECK_PROG_TABLE */
};

/* Everything one host sent back to one UDP call. */
struct check_udp {
	enum check_kind	 kind;
	uint32_t	 xid;		/* the call's */
	unsigned long	 datagrams;	/* from the host, any source port */
	unsigned long	 other_port;	/* of those, from another port */
	uint64_t	 bytes;		/* their true sizes, summed */
	bool		 capped;	/* CHECK_DGRAM_MAX reached */
	bool		 attributed;	/* one carried the call's xid */
	size_t		 reply_len;	/* the size of that one */
	struct check_reply reply;	/* what that one says */
};

/*
 * Decodes one complete reply message of a `kind` call (its xid is not
 * looked at: the caller matched it). Fills `r`; a reply that does not parse
 * sets r->malformed and status "malformed reply". Reads only buf[0..len).
 */
void	check_decode_reply(enum check_kind, const uint8_t *buf, size_t len,
	    struct check_reply *r);

void	check_udp_init(struct check_udp *, enum check_kind, uint32_t xid);
/*
 * One datagram from the probed address: `len` bytes are in buf (what was
 * received), `truelen` is its size on the wire (at least len). It counts
 * towards the bytes and datagrams; the first one of at least 4 bytes that
 * carries the call's xid is the reply and is decoded. Returns false once
 * CHECK_DGRAM_MAX datagrams are tallied (stop reading).
 */
bool	check_udp_datagram(struct check_udp *, const uint8_t *buf, size_t len,
	    size_t truelen, bool other_port);
/* After the last datagram: a tally with datagrams and no reply carrying
 * the call's xid says so in its status. */
void	check_udp_finish(struct check_udp *);

/*
 * Copies at most CHECK_SHOW_MAX bytes of an untrusted string into out
 * (outsz > 0), escaping anything that is not printable ASCII as \xNN and
 * marking a cut with "..."; always NUL-terminated.
 */
void	check_show_string(char *out, size_t outsz, const uint8_t *s,
	    uint32_t len);

#endif
