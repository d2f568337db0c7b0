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
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cap-ng.h>

#include "log.h"
#include "sandbox.h"

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

int
sb_prepare_dir(const char *dir, uid_t uid, gid_t gid)
{
	struct stat st;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_warn("mkdir %s", dir);
		return -1;
	}
	if (lstat(dir, &st) == -1) {
		log_warn("%s", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_warnx("%s is not a directory", dir);
		return -1;
	}
	/* The state directory is the daemon's alone (CVE-2010-2061). */
	if (geteuid() != 0)
		return 0;
	if (chown(dir, uid, gid) == -1 || chmod(dir, 0700) == -1) {
		log_warn("%s", dir);
		return -1;
	}
	return 0;
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
sb_drop(const char *dir, uid_t uid, gid_t gid)
{
	bool root = geteuid() == 0;

	/* glibc reads the time zone on first use; after the chroot it could
	 * not, and syslog's timestamps would be UTC. */
	tzset();
	if (root) {
		if (chroot(dir) == -1 || chdir("/") == -1) {
			log_warn("chroot %s", dir);
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
	/* logging: stdio's first write, syslog's pid and reconnection */
	"fstat", "newfstatat", "statx", "getpid", "gettid", "getuid",
	"getgid", "geteuid", "getegid",
	/* syslog reconnecting after syslogd restarts: it fails inside the
	 * chroot, but must not kill us (socket is limited to AF_UNIX) */
	"connect",
	/* the warm-start file: written, synced, renamed into place (openat
	 * is limited to creating for writing, below) */
	"fsync", "rename", "renameat", "renameat2",
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

int
sb_seccomp_install(enum sb_seccomp mode)
{
	const struct scmp_arg_cmp unix_only =
	    SCMP_A0(SCMP_CMP_EQ, AF_UNIX);
	const struct scmp_arg_cmp mmap_noexec =
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
	const struct scmp_arg_cmp create_write =
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_NOFOLLOW,
	    O_WRONLY | O_CREAT | O_NOFOLLOW);
	const struct scmp_arg_cmp no_create =
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, 0);
	scmp_filter_ctx ctx;
	size_t i;
	int rc;

	if (mode == SB_SECCOMP_OFF)
		return 0;
	ctx = seccomp_init(mode == SB_SECCOMP_KILL ? SCMP_ACT_KILL_PROCESS :
	    SCMP_ACT_LOG);
	if (ctx == NULL) {
		log_warnx("seccomp_init failed");
		return -1;
	}
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (add(ctx, SCMP_ACT_ALLOW, allowed[i], 0, NULL) == -1)
			goto fail;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (add(ctx, SCMP_ACT_ERRNO(EACCES), refused[i], 0, NULL) == -1)
			goto fail;
	/* syslog may reconnect to /dev/log: a local socket, nothing else
	 * (no new listening or network sockets: listen and bind are absent
	 * from the list altogether). */
	/* openat: creating the warm-start file for writing, no symlink
	 * followed, is allowed; opening anything for reading is refused
	 * politely (libc probes /etc/localtime and the like); anything else
	 * is not something the daemon does. */
	if (add(ctx, SCMP_ACT_ALLOW, "openat", 1, &create_write) == -1 ||
	    add(ctx, SCMP_ACT_ERRNO(EACCES), "openat", 1, &no_create) == -1)
		goto fail;
	if (add(ctx, SCMP_ACT_ALLOW, "socket", 1, &unix_only) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "mmap", 1, &mmap_noexec) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "mmap2", 1, &mmap_noexec) == -1 ||
	    add(ctx, SCMP_ACT_ALLOW, "mprotect", 1, &mmap_noexec) == -1)
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
