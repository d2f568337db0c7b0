/*
 * sandbox.c — dropping privilege and the syscall filter.
 *
 * Order matters and is fixed here: chroot while still root (it needs
 * CAP_SYS_CHROOT), then the identity change with libcap-ng (which clears
 * the capability sets and the bounding set in the same step), then
 * no_new_privs, then a check that every uid is non-zero and every
 * capability set empty, and only then the filter. A failure of any step
 * stops the daemon: it never serves half-sandboxed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cap-ng.h>

#include "bounds.h"
#include "log.h"
#include "sandbox.h"
#include "state.h"

int
sb_lookup_user(const char *name, uid_t *uid, gid_t *gid, char *err,
    size_t errsize)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		snprintf(err, errsize, "user '%s' does not exist (create it, or "
		    "name another with --user)", name);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errsize, "user '%s' is root: the daemon must run "
		    "unprivileged", name);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/*
 * Every descriptor but stdin, stdout, stderr and the sockets systemd passed
 * (LISTEN_FDS of them from fd 3, when LISTEN_PID is ours) is closed: a
 * descriptor inherited from whatever started us (a directory, a pipe, a
 * socket) would be a door out of the chroot and the filter.
 */
void
sb_close_fds(size_t max_inherited)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	unsigned int first = 3;
	struct rlimit rl;
	char *end;
	long n;
	int fd;

	if (pid != NULL && fds != NULL) {
		errno = 0;
		n = strtol(pid, &end, 10);
		if (errno == 0 && *end == '\0' && n == (long)getpid()) {
			n = strtol(fds, &end, 10);
			/* An out-of-range count is refused by systemd_inherited. */
			if (errno == 0 && *end == '\0' && n >= 1 &&
			    (size_t)n <= max_inherited)
				first = 3 + (unsigned int)n;
		}
	}
	if (close_range(first, ~0U, 0) == -1) {
		/* Kernels before 5.9 (or a filter refusing it): one by one,
		 * up to the limit. */
		if (getrlimit(RLIMIT_NOFILE, &rl) == -1 ||
		    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > INT_MAX)
			rl.rlim_cur = RB_FD_CLOSE_MAX;
		for (fd = (int)first; fd < (int)rl.rlim_cur; fd++)
			(void)close(fd);
	}
	/* A closed 0, 1 or 2 would be taken by the next socket, and stderr
	 * logging would write into it. */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDWR) == -1)
			break;
}

/* The names the daemon and rpcbind keep in a state directory (see state.h;
 * rpcbind.sock and rpcbind.lock are where some rpcbind builds put them),
 * and their set-aside copies NAME.bad-TIME. */
static bool
known_name(const char *name)
{
	static const char *const names[] = {
		STATE_FILE, STATE_TMP, RPCBIND_FILE, PORTMAP_FILE,
		RPCBIND_TMP, PORTMAP_TMP, STATE_PREV, RPCBIND_PREV,
		PORTMAP_PREV, "rpcbind.sock", "rpcbind.lock",
	};
	size_t i, len;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return true;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		len = strlen(names[i]);
		if (strcmp(name, names[i]) == 0 ||
		    (strncmp(name, names[i], len) == 0 &&
		    strncmp(name + len, ".bad-", 5) == 0))
			return true;
	}
	return false;
}

/* The first entry of the directory that is not one of known_name's; ""
 * when there is none, NULL on error. */
static const char *
foreign_entry(int dfd, char *buf, size_t size)
{
	struct dirent *de;
	const char *found = "";
	DIR *d;
	int fd;

	/* Its own open file: readdir must not move dfd's offset. */
	if ((fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return NULL;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (!known_name(de->d_name)) {
			char *c;

			/* Shown in a log line: nothing but printable ASCII. */
			snprintf(buf, size, "%s", de->d_name);
			for (c = buf; *c != '\0'; c++)
				if (*c < ' ' || *c > '~')
					*c = '?';
			found = buf;
			break;
		}
	}
	if (de == NULL && errno != 0)
		found = NULL;
	closedir(d);
	return found;
}

/* The directories on the way to the state directory must be root's and
 * writable by root alone: anyone else could swap the path under us. */
static int
open_parent(const char *parent, dev_t *root_dev, ino_t *root_ino, char *err,
    size_t errsize)
{
	char real[PATH_MAX], walked[PATH_MAX];
	char *comp, *save = NULL;
	struct stat st;
	int fd, next;

	if (realpath(parent, real) == NULL) {
		snprintf(err, errsize, "%s: %s", parent, strerror(errno));
		return -1;
	}
	if ((fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errsize, "/: %s", strerror(errno));
		return -1;
	}
	strcpy(walked, "/");
	comp = strtok_r(real, "/", &save);
	for (;;) {
		if (fstat(fd, &st) == -1) {
			snprintf(err, errsize, "%s: %s", walked, strerror(errno));
			goto fail;
		}
		if (strcmp(walked, "/") == 0) {
			*root_dev = st.st_dev;
			*root_ino = st.st_ino;
		}
		if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
			snprintf(err, errsize, "%s, on its path, is %s", walked,
			    st.st_uid != 0 ? "not owned by root" :
			    "writable by others than root");
			goto fail;
		}
		if (comp == NULL)
			return fd;
		/* walked is a prefix of real: it cannot overflow, but say so. */
		if (strlen(walked) + strlen(comp) + 2 > sizeof(walked)) {
			snprintf(err, errsize, "%s: path too long", parent);
			goto fail;
		}
		/* Resolved above: a link appearing now is someone's doing. */
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (next == -1) {
			snprintf(err, errsize, "%s/%s: %s", strcmp(walked, "/") ?
			    walked : "", comp, strerror(errno));
			goto fail;
		}
		if (strcmp(walked, "/") != 0)
			strcat(walked, "/");
		strcat(walked, comp);
		close(fd);
		fd = next;
		comp = strtok_r(NULL, "/", &save);
	}
fail:
	close(fd);
	return -1;
}

/* Splits an absolute path into its parent (written to parent) and its last
 * component (to name), trailing slashes ignored; -1 with a message when it
 * cannot name a state directory. */
static int
split_dir(const char *dir, char *parent, size_t psize, char *name, char *err,
    size_t errsize)
{
	const char *last;
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (dir[0] != '/' || len >= psize) {
		snprintf(err, errsize, "not an absolute path");
		return -1;
	}
	memcpy(parent, dir, len);
	parent[len] = '\0';
	last = strrchr(parent, '/') + 1;
	if (*last == '\0') {
		snprintf(err, errsize, "it is the root directory");
		return -1;
	}
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
		snprintf(err, errsize, "name the directory itself, not . or ..");
		return -1;
	}
	if (strlen(last) > NAME_MAX) {
		snprintf(err, errsize, "its name is too long");
		return -1;
	}
	strcpy(name, last);
	if (last == parent + 1)
		parent[1] = '\0';
	else
		parent[last - parent - 1] = '\0';
	return 0;
}

/* Opens name in pfd without following a link, creating it first when it
 * is missing and we are root (*made then says so); -1 with a message. */
static int
open_dir(int pfd, const char *name, bool root, bool *made, char *err,
    size_t errsize)
{
	struct stat st;
	int fd, e;

	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT && root) {
		/* The parent is root's alone: nobody can race the mkdir. */
		if (mkdirat(pfd, name, 0755) == -1) {
			snprintf(err, errsize, "mkdir: %s", strerror(errno));
			return -1;
		}
		*made = true;
		fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	}
	if (fd != -1)
		return fd;
	e = errno;
	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		snprintf(err, errsize, "it is a symbolic link");
	else if (e == ENOTDIR)
		snprintf(err, errsize, "it is not a directory");
	else
		snprintf(err, errsize, "%s", strerror(e));
	return -1;
}

/* Root's directory is taken over only if it holds nothing but what this
 * daemon or rpcbind keeps there. */
static int
check_contents(int fd, char *err, size_t errsize)
{
	char other[NAME_MAX + 1];
	const char *foreign;

	foreign = foreign_entry(fd, other, sizeof(other));
	if (foreign == NULL) {
		snprintf(err, errsize, "reading it: %s", strerror(errno));
		return -1;
	}
	if (*foreign != '\0') {
		snprintf(err, errsize, "it holds '%s', which is neither "
		    "the daemon's nor rpcbind's: not a state directory",
		    foreign);
		return -1;
	}
	return 0;
}

/* The opened directory is a state directory of its own: not /, not shared,
 * not someone else's, and (taken over from root) not in use for anything
 * else. -1 with a message. */
static int
check_dir(int fd, dev_t root_dev, ino_t root_ino, uid_t self, bool root,
    bool made, char *err, size_t errsize)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		snprintf(err, errsize, "%s", strerror(errno));
		return -1;
	}
	if (st.st_dev == root_dev && st.st_ino == root_ino) {
		snprintf(err, errsize, "it is the root directory");
		return -1;
	}
	/* Only a directory of its own: not a shared one, not someone's. */
	if (st.st_uid != 0 && st.st_uid != self) {
		snprintf(err, errsize, "it is owned by uid %u, neither root "
		    "nor the daemon's user", (unsigned)st.st_uid);
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 ||
	    (st.st_mode & S_ISVTX) != 0) {
		snprintf(err, errsize, "it is %s (a shared directory)",
		    (st.st_mode & S_ISVTX) != 0 ? "sticky" :
		    "writable by its group or others");
		return -1;
	}
	if (!made && root && st.st_uid == 0) {
		if (check_contents(fd, err, errsize) == -1)
			return -1;
	}
	return 0;
}

int
sb_prepare_dir(const char *dir, uid_t uid, char *err, size_t errsize)
{
	char parent[PATH_MAX], name[NAME_MAX + 1];
	bool root = geteuid() == 0, made = false;
	uid_t self = root ? uid : geteuid();
	dev_t root_dev = 0;
	ino_t root_ino = 0;
	int pfd, fd;

	if (split_dir(dir, parent, sizeof(parent), name, err, errsize) == -1)
		return -1;
	if ((pfd = open_parent(parent, &root_dev, &root_ino, err, errsize)) ==
	    -1)
		return -1;
	if ((fd = open_dir(pfd, name, root, &made, err, errsize)) == -1)
		goto fail;
	if (check_dir(fd, root_dev, root_ino, self, root, made, err,
	    errsize) == -1)
		goto fail;
	/* The state directory is the daemon's alone to write (CVE-2010-2061;
	 * its files are 0600), and exactly what rpcbind's packaging makes it,
	 * user:root 0755, which Debian's init script insists on. Changed
	 * through the descriptor checked above, never by name. */
	if (root && (fchown(fd, uid, 0) == -1 || fchmod(fd, 0755) == -1)) {
		snprintf(err, errsize, "%s", strerror(errno));
		goto fail;
	}
	close(pfd);
	return fd;
fail:
	if (fd != -1)
		close(fd);
	close(pfd);
	return -1;
}

static int
verify(bool was_root)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	int cap;

	if (getresuid(&r, &e, &s) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return -1;
	if (r == 0 || e == 0 || s == 0 || rg == 0 || eg == 0 || sg == 0) {
		log_warnx("still running with a root uid or gid");
		return -1;
	}
	capng_get_caps_process();
	if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE) {
		log_warnx("capabilities left after dropping them");
		return -1;
	}
	/* Asked of the kernel directly: libcap-ng reads the bounding set
	 * from /proc, which is not inside the chroot. */
	if (was_root) {
		for (cap = 0; cap < 64; cap++) {
			int in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);

			if (in == -1)
				break;		/* past the last capability */
			if (in == 1) {
				log_warnx("capability %d is still in the "
				    "bounding set", cap);
				return -1;
			}
		}
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_BIND_SERVICE,
	    0, 0) == 1) {
		log_warnx("the ambient capability set is not empty");
		return -1;
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		log_warnx("no_new_privs is not set");
		return -1;
	}
	return 0;
}

int
sb_drop(int dirfd, uid_t uid, gid_t gid)
{
	bool root = geteuid() == 0;

	/* glibc reads the time zone on first use; after the chroot it could
	 * not, and syslog's timestamps would be UTC. */
	tzset();
	if (root) {
		/* The directory sb_prepare_dir checked, not whatever its
		 * name leads to now. */
		if (fchdir(dirfd) == -1 || chroot(".") == -1 ||
		    chdir("/") == -1) {
			log_warn("chroot into the state directory");
			return -1;
		}
		capng_clear(CAPNG_SELECT_ALL);
		if (capng_change_id((int)uid, (int)gid,
		    CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING) != 0) {
			log_warnx("cannot switch to uid %u gid %u and drop "
			    "capabilities", (unsigned)uid, (unsigned)gid);
			return -1;
		}
	} else {
		/* Started as the user itself (socket activation): nothing to
		 * switch; drop any capability systemd may have passed. With
		 * none (the unit's empty bounding set) there is nothing to do,
		 * and the unit's own filter refuses capset. */
		capng_get_caps_process();
		if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE) {
			capng_clear(CAPNG_SELECT_BOTH);
			if (capng_apply(CAPNG_SELECT_BOTH) != 0) {
				log_warnx("cannot drop capabilities");
				return -1;
			}
		}
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		log_warn("prctl(PR_SET_NO_NEW_PRIVS)");
		return -1;
	}
	return verify(root);
}

/*
 * The allowlist: exactly what the running daemon calls, grouped by why.
 * Names are resolved per architecture; one that does not exist on this
 * one (epoll_wait and time on aarch64) is skipped.
 */
static const char *const allowed[] = {
	/* the event loop */
	"epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_ctl",
	/* requests and replies */
	"recvmmsg", "sendmmsg", "recvfrom", "sendto",
	"accept4", "read", "write", "close", "getsockopt", "getsockname",
	/* the clock */
	"clock_gettime", "clock_gettime64", "gettimeofday", "time",
	/* malloc (PROT_EXEC is refused below) */
	"brk", "munmap", "mremap", "madvise",
	/* logging: stdio's first write, syslog's pid (syslog keeps the
	 * socket openlog connected before the chroot) */
	"fstat", "newfstatat", "statx", "getpid", "gettid", "getuid",
	"getgid", "geteuid", "getegid",
	/* the warm-start file: written, synced, renamed into place (openat
	 * and renameat are limited to the state directory, below) */
	"fsync",
	/* signals and the end */
	"rt_sigreturn", "rt_sigprocmask", "restart_syscall", "exit_group",
	"exit",
#ifdef RPCBINDD_SANITIZERS
	/* only in the sanitizer build: ASan's allocator draws random bytes */
	"getrandom",
#endif
};

/* Probes libc may make that are harmless to refuse politely. */
static const char *const refused[] = {
	"open", "access", "faccessat", "faccessat2",
};

static int
add(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned n,
    const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);
	int rc;

	if (nr == __NR_SCMP_ERROR)
		return 0;		/* not on this architecture */
	rc = seccomp_rule_add_array(ctx, action, nr, n, cmp);
	if (rc < 0 && rc != -EDOM) {
		log_warnx("seccomp rule for %s: %s", name, strerror(-rc));
		return -1;
	}
	return 0;
}

const char *
sb_seccomp_name(enum sb_seccomp m)
{
	return m == SB_SECCOMP_KILL ? "kill" : m == SB_SECCOMP_LOG ? "log" :
	    "off";
}

/* The allowed and the politely refused calls, without conditions. */
static int
filter_lists(scmp_filter_ctx ctx)
{
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (add(ctx, SCMP_ACT_ALLOW, allowed[i], 0, NULL) == -1)
			return -1;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (add(ctx, SCMP_ACT_ERRNO(EACCES), refused[i], 0, NULL) == -1)
			return -1;
	return 0;
}

/*
 * openat: creating the warm-start file for writing in the state
 * directory, no symlink followed, is allowed; opening anything for
 * reading is refused politely (libc probes /etc/localtime and the like);
 * creating anywhere else (AT_FDCWD, which fopen and open use, or an
 * inherited directory) is not something the daemon does. Renames only
 * within the state directory. No new listening or network sockets:
 * listen, bind and connect are absent from the list altogether.
 */
static int
filter_state_dir(scmp_filter_ctx ctx, int dirfd)
{
	/* openat(dirfd, ..., O_WRONLY | O_CREAT | O_NOFOLLOW ...) */
	const struct scmp_arg_cmp create_write[] = {
		SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)dirfd),
		SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_NOFOLLOW,
		    O_WRONLY | O_CREAT | O_NOFOLLOW),
	};
	const struct scmp_arg_cmp no_create =
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, 0);
	/* renameat(dirfd, ..., dirfd, ...), and renameat2 (aarch64 has no
	 * renameat; glibc's renameat calls renameat2 there) */
	const struct scmp_arg_cmp in_dir[] = {
		SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)dirfd),
		SCMP_A2_32(SCMP_CMP_EQ, (uint32_t)dirfd),
	};

	if (add(ctx, SCMP_ACT_ALLOW, "openat", 2, create_write) == -1 ||
	    add(ctx, SCMP_ACT_ERRNO(EACCES), "openat", 1, &no_create) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "renameat", 2, in_dir) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "renameat2", 2, in_dir) == -1)
		return -1;
	return 0;
}

#ifdef RPCBINDD_COVERAGE
/* Coverage build only: libgcov writes its counters at exit, opening them
 * (O_RDWR | O_CREAT) relative to the working directory main.c set,
 * locking, reading and rewinding them. */
static int
filter_coverage(scmp_filter_ctx ctx)
{
	const struct scmp_arg_cmp gcov_open[] = {
		SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)AT_FDCWD),
		SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT,
		    O_RDWR | O_CREAT),
	};
	const struct scmp_arg_cmp gcov_lock = SCMP_A1(SCMP_CMP_EQ, F_SETLKW);
	const struct scmp_arg_cmp gcov_getfl = SCMP_A1(SCMP_CMP_EQ, F_GETFL);

	if (add(ctx, SCMP_ACT_ALLOW, "openat", 2, gcov_open) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "fcntl", 1, &gcov_lock) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "fcntl", 1, &gcov_getfl) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "lseek", 0, NULL) == -1)
		return -1;
	return 0;
}
#endif

/*
 * socket(AF_UNIX) is refused politely: syslog asks for a new one when its
 * connection to syslogd breaks, or was never made at startup; it could
 * not reach /dev/log from the chroot anyway, and a daemon killed for
 * logging would be worse than a lost line. connect has no rule: without a
 * new socket the daemon has nothing to connect, so a connect is not the
 * daemon's doing. Memory may be mapped, never executable.
 */
static int
filter_socket_memory(scmp_filter_ctx ctx)
{
	const struct scmp_arg_cmp unix_only =
	    SCMP_A0(SCMP_CMP_EQ, AF_UNIX);
	const struct scmp_arg_cmp mmap_noexec =
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);

	if (add(ctx, SCMP_ACT_ERRNO(EACCES), "socket", 1, &unix_only) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "mmap", 1, &mmap_noexec) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "mmap2", 1, &mmap_noexec) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "mprotect", 1, &mmap_noexec) == -1)
		return -1;
	return 0;
}

int
sb_seccomp_install(enum sb_seccomp mode, int dirfd)
{
	scmp_filter_ctx ctx;
	int rc;

	if (mode == SB_SECCOMP_OFF)
		return 0;
	if (dirfd < 0) {
		log_warnx("seccomp: no state directory descriptor");
		return -1;
	}
	ctx = seccomp_init(mode == SB_SECCOMP_KILL ? SCMP_ACT_KILL_PROCESS :
	    SCMP_ACT_LOG);
	if (ctx == NULL) {
		log_warnx("seccomp_init failed");
		return -1;
	}
	if (filter_lists(ctx) == -1 || filter_state_dir(ctx, dirfd) == -1)
		goto fail;
#ifdef RPCBINDD_COVERAGE
	if (filter_coverage(ctx) == -1)
		goto fail;
#endif
	if (filter_socket_memory(ctx) == -1)
		goto fail;
	if ((rc = seccomp_load(ctx)) < 0) {
		log_warnx("seccomp_load: %s", strerror(-rc));
		goto fail;
	}
	seccomp_release(ctx);
	return 0;
fail:
	seccomp_release(ctx);
	return -1;
}
