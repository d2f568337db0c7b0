/*
 * test_statefile — the warm-start file (state.c) without a daemon: encoding
 * that does not fit, rpcbind's and portmap's lists over RB_REG_MAX or with
 * bad fields, and writing in a scratch directory: a save only when the
 * registry changed, and a failed save (the temporary name taken by a
 * link, the file's name by a directory) that leaves the last good file in
 * place.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "registry.h"
#include "regrows.h"
#include "state.h"
#include "tap.h"
#include "xdr.h"

static uint8_t buf[STATE_MAX_BYTES];

/* rpcbind's list (rpcbind.xdr, when prot is 0) or portmap's (portmap.xdr)
 * of n entries of (200000 + i, 1): rpcbind's at udp 0.0.0.0.3.1 for root,
 * portmap's at (prot, port). */
static size_t
list(size_t n, uint32_t prot, uint32_t port)
{
	struct xdr_out o;
	size_t i;

	xout_init(&o, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		xout_u32(&o, 1);
		xout_u32(&o, 200000 + (uint32_t)i);
		xout_u32(&o, 1);
		if (prot == 0) {
			xout_string(&o, "udp");
			xout_string(&o, "0.0.0.0.3.1");
			xout_string(&o, "superuser");
		} else {
			xout_u32(&o, prot);
			xout_u32(&o, port);
		}
	}
	xout_u32(&o, 0);
	return o.err ? 0 : xout_len(&o);
}

static size_t
rpcbind_list(size_t n)
{
	return list(n, 0, 0);
}

static size_t
portmap_list(size_t n, uint32_t prot, uint32_t port)
{
	return list(n, prot, port);
}

static ino_t
inode(int dfd, const char *name)
{
	struct stat st;

	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ? 0 :
	    st.st_ino;
}

static long
file_len(int dfd, const char *name)
{
	struct stat st;

	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ? -1 :
	    (long)st.st_size;
}

/* Encoding into too small a buffer, and the lists over RB_REG_MAX or with
 * bad fields. */
static void
test_limits(void)
{
	uint8_t small[16];
	size_t len;

	reg_clear();
	ok(reg_set(100003, 3, "tcp", "0.0.0.0.8.1", "superuser"),
	    "(an entry to save)");
	is_int((long long)state_encode(small, sizeof(small)), 0,
	    "encoding into too small a buffer: nothing");
	is_int((long long)state_encode(small, 12), 0, "  nor into 12 bytes");

	/* rpcbind's and portmap's files: at most RB_REG_MAX entries. */
	reg_clear();
	len = rpcbind_list(RB_REG_MAX + 1);
	is_int(state_decode_rpcbind(buf, len), -1,
	    "rpcbind.xdr with RB_REG_MAX + 1 entries is refused");
	is_int((long long)table_size(), 0, "  nothing loaded");
	len = rpcbind_list(3);
	is_int(state_decode_rpcbind(buf, len), 3, "rpcbind.xdr with 3 entries");
	reg_clear();
	len = portmap_list(RB_REG_MAX + 1, 17, 111);
	is_int(state_decode_portmap(buf, len), -1,
	    "portmap.xdr with RB_REG_MAX + 1 entries is refused");
	is_int((long long)table_size(), 0, "  nothing loaded");
	len = portmap_list(1, 1, 111);
	is_int(state_decode_portmap(buf, len), -1,
	    "portmap.xdr with protocol 1 is refused");
	len = portmap_list(1, 6, 65536);
	is_int(state_decode_portmap(buf, len), -1,
	    "portmap.xdr with port 65536 is refused");
	len = portmap_list(1, 6, 65535);
	is_int(state_decode_portmap(buf, len), 1,
	    "portmap.xdr with tcp port 65535");
	ok(reg_find(200000, 1, "tcp") != NULL &&
	    strcmp(reg_find(200000, 1, "tcp")->uaddr, "0.0.0.0.255.255") == 0,
	    "  as 200000/1/tcp at 0.0.0.0.255.255");
}

/* An undecodable portmap.xdr (rpcbind's format), the only table there,
 * is set aside. */
static void
test_set_aside(int dfd, const char *dir)
{
	size_t len;
	int fd;

	reg_clear();
	unlinkat(dfd, RPCBIND_FILE, 0);
	unlinkat(dfd, RPCBIND_PREV, 0);
	unlinkat(dfd, PORTMAP_FILE, 0);
	unlinkat(dfd, PORTMAP_PREV, 0);
	unlinkat(dfd, STATE_PREV, 0);
	fd = openat(dfd, PORTMAP_FILE, O_WRONLY | O_CREAT, 0600);
	len = portmap_list(1, 1, 111);
	ok(fd != -1 && write(fd, buf, len) == (ssize_t)len && close(fd) == 0,
	    "(a portmap.xdr with protocol 1)");
	state_open(dfd, dir, true, 0);
	is_int((long long)table_size(), 0, "it is not loaded");
	is_int(file_len(dfd, PORTMAP_FILE), -1, "  and moved aside");
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "ls %s | grep -q '^%s\\.bad-'", dir,
		    PORTMAP_FILE);
		ok(system(cmd) == 0, "  as %s.bad-TIME", PORTMAP_FILE);
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			diag("cannot remove %s", dir);
	}
}

int
main(void)
{
	char dir[] = "/tmp/test_state.XXXXXX";
	char path[64];
	ino_t first, second;
	long good;
	int dfd, fd;

	test_limits();

	/* Saving, in a directory of our own. */
	if (mkdtemp(dir) == NULL || (dfd = open(dir, O_RDONLY |
	    O_DIRECTORY)) == -1) {
		ok(false, "a scratch directory");
		return done_testing();
	}
	reg_clear();
	state_open(dfd, dir, false, 0);
	state_flush();
	is_int((long long)inode(dfd, STATE_FILE), 0,
	    "a start that restored nothing writes nothing before a change");
	reg_set(100003, 3, "tcp", "0.0.0.0.8.1", "superuser");
	state_flush();
	first = inode(dfd, STATE_FILE);
	ok(first != 0, "the first flush after a change writes the file");
	state_flush();
	is_int((long long)inode(dfd, STATE_FILE), (long long)first,
	    "  the next, with nothing changed, does not");
	reg_set(100005, 1, "udp", "0.0.0.0.2.1", "superuser");
	state_flush();
	second = inode(dfd, STATE_FILE);
	ok(second != 0 && second != first,
	    "  after another change it writes again (a new file renamed over)");
	good = file_len(dfd, STATE_FILE);

	/* The temporary name is a link: O_NOFOLLOW refuses it. */
	reg_set(100021, 4, "tcp", "0.0.0.0.3.1", "superuser");
	ok(symlinkat("/nonexistent", dfd, STATE_TMP) == 0, "(a link at %s)",
	    STATE_TMP);
	state_flush();
	is_int((long long)inode(dfd, STATE_FILE), (long long)second,
	    "a save through a link fails, the last file stays");
	is_int(file_len(dfd, STATE_FILE), good, "  whole");
	unlinkat(dfd, STATE_TMP, 0);

	/* The file's name is a non-empty directory: the rename fails. */
	unlinkat(dfd, STATE_FILE, 0);
	snprintf(path, sizeof(path), "%s/x", STATE_FILE);
	ok(mkdirat(dfd, STATE_FILE, 0700) == 0 &&
	    (fd = openat(dfd, path, O_WRONLY | O_CREAT, 0600)) != -1 &&
	    close(fd) == 0, "(a directory at %s)", STATE_FILE);
	state_flush();
	ok(file_len(dfd, STATE_TMP) > 0, "a failed rename leaves the new "
	    "state in %s", STATE_TMP);
	unlinkat(dfd, path, 0);
	unlinkat(dfd, STATE_FILE, AT_REMOVEDIR);
	unlinkat(dfd, STATE_TMP, 0);

	test_set_aside(dfd, dir);
	close(dfd);
	return done_testing();
}
