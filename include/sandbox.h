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

#include "seccomp_mode.h"

#define SB_DEFAULT_USER	"_rpc"

/* Looks the user up (before any socket is opened): -1 with a message. */
int	sb_lookup_user(const char *name, uid_t *, gid_t *, char *err,
	    size_t errsize);
/*
 * Closes every descriptor but 0, 1, 2 and the max_inherited-bounded
 * sockets systemd passed (LISTEN_FDS from fd 3, when LISTEN_PID is ours);
 * a closed 0, 1 or 2 is reopened on /dev/null. The first thing main does.
 */
void	sb_close_fds(size_t max_inherited);
/*
 * Opens the state directory (creating it, mode 0755, if missing and root)
 * without following a link, after checking every directory on its path is
 * root's and writable by root alone, and refuses one that is not a
 * dedicated state directory: /, a link, a directory owned by anyone but
 * root or the daemon's user, group- or other-writable or sticky, or (to be
 * taken over from root) holding names other than the daemon's and
 * rpcbind's. As root it then makes it uid:root, mode 0755 (as rpcbind's
 * packaging does), through the descriptor. Returns the descriptor, or -1
 * with the reason in err and nothing changed.
 */
int	sb_prepare_dir(const char *dir, uid_t, char *err, size_t errsize);
/*
 * Chroots into dirfd (from sb_prepare_dir), switches to uid/gid with no
 * supplementary groups, clears every capability set, sets no_new_privs,
 * and verifies all of it. Started without root (socket activation as the
 * user itself) only the parts that need no privilege are done. -1 after
 * logging what failed.
 */
int	sb_drop(int dirfd, uid_t, gid_t);
/* Installs the syscall filter; files may be created and renamed only in
 * dirfd, the state directory. -1 after logging. */
int	sb_seccomp_install(enum sb_seccomp, int dirfd);
const char *sb_seccomp_name(enum sb_seccomp);

#endif
