/*
 * quota.h — who may hold how much of what a local user can hold for ever:
 * registrations and local-socket connections (which never time out).
 *
 * Three classes share them. Root (the kernel's nfsd and lockd) and the
 * service users (--service-users: rpc.statd drops to its own user before it
 * registers) each keep room of their own; every other uid, however many
 * there are (one user with subordinate uids has 65,536), shares one cap.
 */
#ifndef RPCBINDD_QUOTA_H
#define RPCBINDD_QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The user Debian's rpc.statd runs as. */
#define QUOTA_SERVICE_DEFAULT	"statd"

enum quota_class {
	QUOTA_ROOT,
	QUOTA_SERVICE,
	QUOTA_OTHER,
};

/*
 * Sets the service users from "NAME|UID[,...]", resolving names with the
 * password database (call before the sandbox). A name that does not exist
 * is an error when the list was given (-1, message in err) and skipped
 * quietly when it is the default.
 */
int	quota_service_users(const char *list, bool given, char *err,
	    size_t errsize);
/* The same from uids (unit tests); -1 when there are too many. */
int	quota_service_uids(const uid_t *, size_t);
void	quota_unknown_privileged(bool);
enum quota_class quota_class_uid(uid_t);
/* An owner string as the registry keeps it: "superuser", a decimal uid, or
 * "unknown" (a SET over IP loopback from a reserved port: a privileged
 * caller), which is QUOTA_SERVICE unless -i lets unprivileged ports SET
 * too (quota_unknown_privileged(false)); anything else is QUOTA_OTHER. */
enum quota_class quota_class_owner(const char *owner);

/*
 * Local-socket connections: whether uid may open one more (a refusal is
 * logged, rate-limited), then opened/closed for each one admitted.
 */
bool	quota_local_admit(uid_t);
void	quota_local_opened(uid_t);
void	quota_local_closed(uid_t);
/* Forgets every connection (unit tests). */
void	quota_local_reset(void);

#endif
