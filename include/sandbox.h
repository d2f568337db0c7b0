/*
 * sandbox.h — least privilege: the unprivileged user, no capabilities (and
 * an empty bounding and ambient set), no_new_privs, a chroot into the
 * state directory, and a seccomp allowlist. Applied in main() after every
 * socket is open and before the first request is read.
 */
#ifndef RPCBINDD_SANDBOX_H
#define RPCBINDD_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SB_DEFAULT_USER	"_rpc"

enum sb_seccomp {
	SB_SECCOMP_KILL,	/* default: a forbidden call kills the process */
	SB_SECCOMP_LOG,		/* debugging: the kernel logs it, the call runs */
	SB_SECCOMP_OFF,		/* no filter (warned about at startup) */
};

/* Looks the user up (before any socket is opened): -1 with a message. */
int	sb_lookup_user(const char *name, uid_t *, gid_t *, char *err,
	    size_t errsize);
/* Creates the state directory if missing and makes it uid's, mode 0700
 * (root only; otherwise it must exist). -1 after logging. */
int	sb_prepare_dir(const char *dir, uid_t, gid_t);
/*
 * Chroots into dir (made by sb_prepare_dir), switches
 * to uid/gid with no supplementary groups, clears every capability set,
 * sets no_new_privs, and verifies all of it. Started without root (socket
 * activation as the user itself) only the parts that need no privilege
 * are done. -1 after logging what failed.
 */
int	sb_drop(const char *dir, uid_t, gid_t);
/* Installs the syscall filter; -1 after logging. */
int	sb_seccomp_install(enum sb_seccomp);
const char *sb_seccomp_name(enum sb_seccomp);

#endif
