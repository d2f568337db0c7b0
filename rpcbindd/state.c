/*
 * state.c — the warm-start files: ours, and rpcbind's pair kept current
 * beside it; which saved table a start restores, and what it keeps aside.
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "prot.h"
#include "registry.h"
#include "rpc.h"
#include "state.h"
#include "xdr.h"

#define STATE_MAGIC	0x52424453u	/* "RBDS" */
#define STATE_VERSION	1u

static int		dirfd_ = -1;
static const char	*dirpath_ = "";
static uint32_t		saved_gen;
static bool		saved_once;
static uint8_t		filebuf[STATE_MAX_BYTES];
static struct rpcb		scratch[RB_REG_MAX];
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

/* rpcbind's xdr_rpcblist_ptr: every entry, the portmapper's too, since
 * rpcbind -w replaces its whole list with the file's. */
size_t
state_encode_rpcbind(uint8_t *buf, size_t size)
{
	struct xdr_out o;

	xout_init(&o, buf, size);
	reg_encode_rpcblist(&o);
	return o.err ? 0 : xout_len(&o);
}

/* xdr_pmaplist_ptr: the entries rpcbind's add_pmaplist keeps, udp and tcp
 * with an IPv4 universal address, as (prog, vers, prot, port). */
size_t
state_encode_portmap(uint8_t *buf, size_t size)
{
	const struct reg_entry *e;
	struct xdr_out o;
	uint32_t prot;
	size_t i;

	xout_init(&o, buf, size);
	for (i = 0; (e = reg_get(i)) != NULL; i++) {
		if (!reg_pmap_view(e, &prot) || e->family != AF_INET)
			continue;
		xout_u32(&o, 1);
		xout_u32(&o, e->prog);
		xout_u32(&o, e->vers);
		xout_u32(&o, prot);
		xout_u32(&o, e->port);
	}
	xout_u32(&o, 0);
	return o.err ? 0 : xout_len(&o);
}

/* Adds the scratch entries; a conflicting one is logged and skipped. */
static int
commit(size_t n, const char *what)
{
	size_t i, added = 0, refused = 0;

	for (i = 0; i < n; i++) {
		const struct rpcb *e = &scratch[i];

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
		rpc_decode_rpcb(&x, &scratch[i]);
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
		rpc_decode_rpcb(&x, &scratch[n++]);
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
		struct rpcb *e = &scratch[n];

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
		strcpy(e->owner, OWNER_UNKNOWN);
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

/*
 * The saved tables a warm start chooses from, in the order that wins a tie
 * of modification times: ours before rpcbind's (ours carries the owners
 * and a checksum; when both are ours, ours is written last), the current
 * one before the one a start kept aside.
 */
struct saved {
	const char	*name;		/* rpcbindd.state, or rpcbind.xdr */
	const char	*pmap;		/* portmap.xdr for rpcbind's pair */
	bool		 present;
	struct timespec	 mtime;
};

static struct saved saved_tables[] = {
	{ STATE_FILE, NULL, false, { 0, 0 } },
	{ RPCBIND_FILE, PORTMAP_FILE, false, { 0, 0 } },
	{ STATE_PREV, NULL, false, { 0, 0 } },
	{ RPCBIND_PREV, PORTMAP_PREV, false, { 0, 0 } },
};
#define NSAVED	(sizeof(saved_tables) / sizeof(saved_tables[0]))

/* Whether a name is there (whatever it is: a link or a FIFO is there, to
 * be refused if chosen) and its modification time. */
static bool
probe(const char *name, struct timespec *t)
{
	struct stat st;

	if (fstatat(dirfd_, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return false;
	*t = st.st_mtim;
	return true;
}

static int
ts_cmp(const struct timespec *a, const struct timespec *b)
{
	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec ? -1 : 1;
	if (a->tv_nsec != b->tv_nsec)
		return a->tv_nsec < b->tv_nsec ? -1 : 1;
	return 0;
}

static const char *
ts_text(const struct timespec *t, char *buf, size_t size)
{
	struct tm tm;
	time_t s = t->tv_sec;
	size_t n;

	if (gmtime_r(&s, &tm) == NULL ||
	    (n = strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm)) == 0)
		snprintf(buf, size, "%lld s", (long long)s);
	else
		snprintf(buf + n, size - n, ".%03ld UTC", t->tv_nsec / 1000000);
	return buf;
}

/* Restores one saved table: the count, or -1 when it was unusable (then
 * logged and moved aside). */
static int
restore(const struct saved *sv, uid_t owner)
{
	char when[48];
	const char *why = "", *name = sv->name;
	ssize_t len;
	int n;

	ts_text(&sv->mtime, when, sizeof(when));
	if (sv->pmap == NULL) {
		len = read_file(name, owner, &why);
		if (len >= 0) {
			/* The scratch table keeps a bad file from
			 * half-loading. */
			if ((n = state_decode(filebuf, (size_t)len)) >= 0) {
				log_info("warm start: restored %d registrations "
				    "from %s (modified %s)", n, name, when);
				return n;
			}
			why = "truncated, corrupt or of another version";
		}
		set_aside(name, why);
		return -1;
	}
	/* rpcbind.xdr has every entry; portmap.xdr alone (rpcbind.xdr
	 * lost) has the v2 view. */
	len = read_file(name, owner, &why);
	if (len >= 0 && (n = state_decode_rpcbind(filebuf, (size_t)len)) >= 0) {
		log_info("warm start: imported %d registrations from rpcbind's "
		    "%s (modified %s)", n, name, when);
		return n;
	}
	if (len != -1) {
		set_aside(name, len >= 0 ? "undecodable" : why);
		return -1;
	}
	name = sv->pmap;
	len = read_file(name, owner, &why);
	if (len >= 0 && (n = state_decode_portmap(filebuf, (size_t)len)) >= 0) {
		log_info("warm start: imported %d registrations from rpcbind's "
		    "%s (modified %s)", n, name, when);
		return n;
	}
	if (len != -1)
		set_aside(name, len >= 0 ? "undecodable" : why);
	return -1;
}

/* NAME -> NAME.prev, over an older .prev: the one generation a start
 * keeps of a table it does not restore. */
static void
keep_aside(const char *name, const char *prev)
{
	if (renameat(dirfd_, name, dirfd_, prev) == -1) {
		if (errno != ENOENT)
			log_warn("cannot keep %s/%s aside as %s", dirpath_,
			    name, prev);
		return;
	}
	log_info("previous table kept aside: %s/%s is now %s/%s", dirpath_,
	    name, dirpath_, prev);
}

/* Picks the newest saved table (*chosen) and restores it; true when it
 * did. */
static bool
load(uid_t owner, const struct saved **chosen)
{
	struct saved *sv, *best = NULL;
	char when[48], bwhen[48];
	size_t i;

	for (i = 0; i < NSAVED; i++) {
		sv = &saved_tables[i];
		if (!sv->present)
			continue;
		/* Strictly newer: a tie keeps the earlier, preferred one. */
		if (best == NULL || ts_cmp(&sv->mtime, &best->mtime) > 0)
			best = sv;
	}
	if ((*chosen = best) == NULL)
		return false;
	for (i = 0; i < NSAVED; i++) {
		sv = &saved_tables[i];
		if (!sv->present || sv == best)
			continue;
		log_info("warm start: ignored %s (modified %s): %s %s "
		    "(modified %s)%s", sv->name, ts_text(&sv->mtime, when,
		    sizeof(when)), ts_cmp(&sv->mtime, &best->mtime) < 0 ?
		    "older than" : "as old as", best->name, ts_text(&best->mtime,
		    bwhen, sizeof(bwhen)), ts_cmp(&sv->mtime, &best->mtime) < 0 ?
		    "" : ", which wins a tie");
	}
	return restore(best, owner) >= 0;
}

void
state_open(int dirfd, const char *path, bool warm, uid_t owner)
{
	const struct saved *chosen = NULL;
	struct saved *sv;
	bool restored = false;
	size_t i;

	dirfd_ = dirfd;
	dirpath_ = path;
	for (i = 0; i < NSAVED; i++) {
		sv = &saved_tables[i];
		/* rpcbind's pair is dated by rpcbind.xdr, by portmap.xdr when
		 * that is all there is. */
		sv->present = probe(sv->name, &sv->mtime) ||
		    (sv->pmap != NULL && probe(sv->pmap, &sv->mtime));
	}
	if (warm)
		restored = load(owner, &chosen);
	/* Nothing saved is destroyed by a start: each current table not
	 * chosen is kept aside before a write replaces it (one chosen but
	 * unusable has been moved to .bad- already). */
	if (saved_tables[0].present && chosen != &saved_tables[0])
		keep_aside(STATE_FILE, STATE_PREV);
	if (saved_tables[1].present && chosen != &saved_tables[1]) {
		keep_aside(RPCBIND_FILE, RPCBIND_PREV);
		keep_aside(PORTMAP_FILE, PORTMAP_PREV);
	}
	/* A restored table is written at once (in every format, so rpcbind
	 * -w finds it too); otherwise nothing is written before the first
	 * change, so a start that saw no registration leaves the table kept
	 * aside as the newest. */
	saved_once = !restored;
	saved_gen = reg_generation();
}

/* One file: a temporary, fsync'ed, renamed over NAME (data on disk
 * before the name points at it). */
static int
write_file(const char *tmp, const char *name, size_t len)
{
	size_t off = 0;
	ssize_t n;
	int fd;

	fd = openat(dirfd_, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	while (off < len) {
		if ((n = write(fd, filebuf + off, len - off)) <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	return renameat(dirfd_, tmp, dirfd_, name);
}

void
state_flush(void)
{
	size_t len;

	if (dirfd_ == -1 || (saved_once && reg_generation() == saved_gen))
		return;
	/* rpcbind's pair first, ours last: ours is then never older than
	 * the pair it wrote, and wins the next -w (see load). */
	if ((len = state_encode_rpcbind(filebuf, sizeof(filebuf))) == 0 ||
	    write_file(RPCBIND_TMP, RPCBIND_FILE, len) == -1 ||
	    (len = state_encode_portmap(filebuf, sizeof(filebuf))) == 0 ||
	    write_file(PORTMAP_TMP, PORTMAP_FILE, len) == -1 ||
	    (len = state_encode(filebuf, sizeof(filebuf))) == 0 ||
	    write_file(STATE_TMP, STATE_FILE, len) == -1) {
		if (len == 0)
			log_ratelimited(&write_limit, "warm-start state does "
			    "not fit in %d bytes", STATE_MAX_BYTES);
		else
			log_ratelimited(&write_limit, "cannot save the "
			    "warm-start state: %s", strerror(errno));
		return;
	}
	(void)fsync(dirfd_);
	saved_gen = reg_generation();
	saved_once = true;
}
