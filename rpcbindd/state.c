/*
 * state.c — the warm-start file.
 *
 * Every decoder here reads untrusted bytes (a file anyone with the daemon's
 * uid could have written) with the bounded cursor, into a scratch table
 * first: a file is loaded whole or not at all. The loop calls state_flush
 * once per round; it writes only when the registry's generation moved, so
 * a burst of registrations costs one write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "proc.h"
#include "registry.h"
#include "state.h"
#include "xdr.h"

#define STATE_MAGIC	0x52424453u	/* "RBDS" */
#define STATE_VERSION	1u

static int		dirfd_ = -1;
static uint32_t		saved_gen;
static bool		saved_once;
static uint8_t		filebuf[STATE_MAX_BYTES];
static struct reg_entry	scratch[RB_REG_MAX];
static struct log_limit	write_limit;

uint32_t
state_crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	int k;

	while (n-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

size_t
state_encode(uint8_t *buf, size_t size)
{
	const struct reg_entry *e;
	struct xdr_out o;
	uint32_t n = 0, crc;
	uint8_t *countp;
	size_t i;

	xout_init(&o, buf, size);
	xout_u32(&o, STATE_MAGIC);
	xout_u32(&o, STATE_VERSION);
	countp = o.p;
	xout_u32(&o, 0);
	for (i = 0; (e = reg_get(i)) != NULL; i++) {
		if (e->prog == PMAP_PROG)
			continue;
		xout_u32(&o, e->prog);
		xout_u32(&o, e->vers);
		xout_string(&o, e->netid);
		xout_string(&o, e->uaddr);
		xout_string(&o, e->owner);
		n++;
	}
	if (o.err || size - xout_len(&o) < 4)
		return 0;
	countp[0] = (uint8_t)(n >> 24);
	countp[1] = (uint8_t)(n >> 16);
	countp[2] = (uint8_t)(n >> 8);
	countp[3] = (uint8_t)n;
	crc = state_crc32(buf, xout_len(&o));
	xout_u32(&o, crc);
	return o.err ? 0 : xout_len(&o);
}

/* Adds the scratch entries; a conflicting one is logged and skipped. */
static int
commit(size_t n, const char *what)
{
	size_t i, added = 0, refused = 0;

	for (i = 0; i < n; i++) {
		const struct reg_entry *e = &scratch[i];

		if (e->prog == PMAP_PROG)
			continue;	/* made afresh at startup */
		if (reg_set(e->prog, e->vers, e->netid, e->uaddr, e->owner)) {
			added++;
			continue;
		}
		/* A few by name; a crafted file must not flood the log,
		 * nor a netid a user registered forge a line in it. */
		if (refused++ < 5) {
			char en[LOG_ESCAPED(RB_NETID_MAX)];
			char ea[LOG_ESCAPED(RB_UADDR_MAX)];

			log_warnx("%s: %u/%u/%s %s not restored (it conflicts "
			    "with an entry already there, or a limit)", what,
			    e->prog, e->vers, log_escape(en, sizeof(en),
			    e->netid, strlen(e->netid)), log_escape(ea,
			    sizeof(ea), e->uaddr, strlen(e->uaddr)));
		}
	}
	if (refused > 5)
		log_warnx("%s: %zu more entries not restored", what,
		    refused - 5);
	return (int)added;
}

static void
read_entry(struct xdr_in *x, struct reg_entry *e)
{
	e->prog = xin_u32(x);
	e->vers = xin_u32(x);
	xin_string(x, e->netid, sizeof(e->netid));
	xin_string(x, e->uaddr, sizeof(e->uaddr));
	xin_string(x, e->owner, sizeof(e->owner));
}

int
state_decode(const uint8_t *buf, size_t len)
{
	struct xdr_in x;
	uint32_t n, i, crc;

	if (len < 16)
		return -1;
	xin_init(&x, buf + len - 4, 4);
	crc = xin_u32(&x);
	if (crc != state_crc32(buf, len - 4))
		return -1;
	xin_init(&x, buf, len - 4);
	if (xin_u32(&x) != STATE_MAGIC || xin_u32(&x) != STATE_VERSION)
		return -1;
	n = xin_u32(&x);
	if (x.err || n > RB_REG_MAX)
		return -1;
	for (i = 0; i < n && !x.err; i++)
		read_entry(&x, &scratch[i]);
	if (x.err || xin_left(&x) != 0)
		return -1;
	return commit(n, "state file");
}

/* rpcbind writes its lists as XDR optional-data chains: 1, element, ...,
 * 0 (xdr_rpcblist_ptr, xdr_pmaplist_ptr). */
int
state_decode_rpcbind(const uint8_t *buf, size_t len)
{
	struct xdr_in x;
	size_t n = 0;

	xin_init(&x, buf, len);
	while (xin_u32(&x) == 1 && !x.err) {
		if (n == RB_REG_MAX)
			return -1;
		read_entry(&x, &scratch[n++]);
	}
	if (x.err)
		return -1;
	return commit(n, RPCBIND_FILE);
}

int
state_decode_portmap(const uint8_t *buf, size_t len)
{
	struct xdr_in x;
	uint32_t prot, port;
	size_t n = 0;

	xin_init(&x, buf, len);
	while (xin_u32(&x) == 1 && !x.err) {
		struct reg_entry *e = &scratch[n];

		if (n == RB_REG_MAX)
			return -1;
		e->prog = xin_u32(&x);
		e->vers = xin_u32(&x);
		prot = xin_u32(&x);
		port = xin_u32(&x);
		if (x.err || port > 65535 || (prot != 6 && prot != 17))
			return -1;
		strcpy(e->netid, prot == 6 ? "tcp" : "udp");
		snprintf(e->uaddr, sizeof(e->uaddr), "0.0.0.0.%u.%u",
		    port >> 8, port & 0xff);
		strcpy(e->owner, REG_UNKNOWN);
		n++;
	}
	if (x.err)
		return -1;
	return commit(n, PORTMAP_FILE);
}

/*
 * Reads a file of the state directory: a regular file, not a link, owned
 * by root or the daemon's user (CVE-2010-2061/2064: never trust a file
 * someone else could have placed), not too large. Returns its length, -1
 * when it is absent, -2 when it is there but unusable.
 */
static ssize_t
read_file(const char *name, uid_t owner, const char **why)
{
	struct stat st;
	ssize_t n, total = 0;
	int fd;

	/* O_NONBLOCK: a FIFO planted there must not hang the start. */
	fd = openat(dirfd_, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1) {
		*why = strerror(errno);
		return errno == ENOENT ? -1 : -2;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		goto bad;
	}
	if (st.st_uid != 0 && st.st_uid != owner) {
		*why = "owned by another user";
		goto bad;
	}
	if (st.st_size > STATE_MAX_BYTES) {
		*why = "too large";
		goto bad;
	}
	while (total < st.st_size) {
		n = read(fd, filebuf + total, (size_t)(st.st_size - total));
		if (n <= 0) {
			*why = "short read";
			goto bad;
		}
		total += n;
	}
	close(fd);
	return total;
bad:
	close(fd);
	return -2;
}

/* Moves an unusable file to NAME.bad-TIME (or -TIME-N): never over an
 * earlier one, so a crash loop keeps every bad file for inspection. */
static void
set_aside(const char *name, const char *why)
{
	char aside[64];
	long long now = (long long)time(NULL);
	int n, rc = -1;

	for (n = 0; n < 100; n++) {
		if (n == 0)
			snprintf(aside, sizeof(aside), "%s.bad-%lld", name, now);
		else
			snprintf(aside, sizeof(aside), "%s.bad-%lld-%d", name,
			    now, n);
		rc = renameat2(dirfd_, name, dirfd_, aside, RENAME_NOREPLACE);
		if (rc == 0 || errno != EEXIST)
			break;
	}
	if (rc == -1)
		log_warn("%s is unusable (%s) and cannot be moved aside", name,
		    why);
	else
		log_warnx("%s is unusable (%s): moved to %s; starting without "
		    "it", name, why, aside);
}

static void
load(uid_t owner)
{
	const char *why = "";
	ssize_t len;
	int n;

	len = read_file(STATE_FILE, owner, &why);
	if (len >= 0) {
		/* The scratch table keeps a bad file from half-loading. */
		if ((n = state_decode(filebuf, (size_t)len)) >= 0) {
			log_info("warm start: restored %d registrations", n);
			return;
		}
		why = "truncated, corrupt or of another version";
	}
	if (len != -1) {
		set_aside(STATE_FILE, why);
		return;
	}
	/* No state of ours: a live swap from rpcbind leaves its files. */
	len = read_file(RPCBIND_FILE, owner, &why);
	if (len >= 0 && (n = state_decode_rpcbind(filebuf, (size_t)len)) >= 0) {
		log_info("warm start: imported %d registrations from rpcbind's "
		    "%s", n, RPCBIND_FILE);
		(void)unlinkat(dirfd_, RPCBIND_FILE, 0);
		(void)unlinkat(dirfd_, PORTMAP_FILE, 0);
		return;
	}
	if (len != -1) {
		set_aside(RPCBIND_FILE, len >= 0 ? "undecodable" : why);
		return;
	}
	len = read_file(PORTMAP_FILE, owner, &why);
	if (len >= 0 && (n = state_decode_portmap(filebuf, (size_t)len)) >= 0) {
		log_info("warm start: imported %d registrations from rpcbind's "
		    "%s", n, PORTMAP_FILE);
		(void)unlinkat(dirfd_, PORTMAP_FILE, 0);
		return;
	}
	if (len != -1)
		set_aside(PORTMAP_FILE, len >= 0 ? "undecodable" : why);
}

void
state_open(int dirfd, bool warm, uid_t owner)
{
	dirfd_ = dirfd;
	if (warm)
		load(owner);
	/* Without -w an old file is not restored; the first flush replaces
	 * it with what this run has, so a later -w restores this run. */
	saved_once = false;
}

void
state_dirty(void)
{
	saved_once = false;
}

void
state_flush(void)
{
	size_t len, off = 0;
	ssize_t n;
	int fd;

	if (dirfd_ == -1 || (saved_once && reg_generation() == saved_gen))
		return;
	if ((len = state_encode(filebuf, sizeof(filebuf))) == 0) {
		log_ratelimited(&write_limit, "warm-start state does not fit "
		    "in %d bytes", STATE_MAX_BYTES);
		return;
	}
	fd = openat(dirfd_, STATE_TMP, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1)
		goto fail;
	while (off < len) {
		if ((n = write(fd, filebuf + off, len - off)) <= 0) {
			close(fd);
			goto fail;
		}
		off += (size_t)n;
	}
	/* Data on disk before the name points at it; then the name. */
	if (fsync(fd) == -1) {
		close(fd);
		goto fail;
	}
	close(fd);
	if (renameat(dirfd_, STATE_TMP, dirfd_, STATE_FILE) == -1)
		goto fail;
	(void)fsync(dirfd_);
	saved_gen = reg_generation();
	saved_once = true;
	return;
fail:
	log_ratelimited(&write_limit, "cannot save the warm-start state: %s",
	    strerror(errno));
}
