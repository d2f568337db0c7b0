/*
 * quota.c — the classes of local users (root, service users, the others)
 * and the admission of local-socket connections.
 *
 * Local connections never time out (the kernel keeps one open for ever),
 * so what a user holds stays held. Counted per uid in a table as large as
 * the cap itself: every uid in it holds at least one connection, so it
 * never fills before the cap does.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "decimal.h"
#include "log.h"
#include "owner.h"
#include "quota.h"

static uid_t		service[RB_SERVICE_USERS_MAX];
static size_t		nservice;
static bool		unknown_privileged = true;

struct uid_count {
	uid_t		uid;
	unsigned	n;		/* 0: a free slot */
};

static struct uid_count	local_uids[RB_LOCAL_CONN_MAX];
static size_t		nlocal, nlocal_root, nlocal_other;
static struct log_limit	local_limit;

void
quota_unknown_privileged(bool on)
{
	unknown_privileged = on;
}

int
quota_service_uids(const uid_t *uids, size_t n)
{
	if (n > RB_SERVICE_USERS_MAX)
		return -1;
	if (n > 0)
		memcpy(service, uids, n * sizeof(*uids));
	nservice = n;
	return 0;
}

/* A decimal uid, no sign, no spaces, below (uid_t)-1. */
static int
parse_uid(const char *s, uid_t *uid)
{
	unsigned long long v;

	if (dec_parse(s, UINT32_MAX - 1, &v) == -1)
		return -1;
	*uid = (uid_t)v;
	return 0;
}

int
quota_service_users(const char *list, bool given, char *err, size_t errsize)
{
	uid_t uids[RB_SERVICE_USERS_MAX], uid;
	char name[LOGIN_NAME_MAX + 1];
	const struct passwd *pw;
	const char *p = list, *comma;
	size_t len, n = 0;

	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof(name)) {
			snprintf(err, errsize, "option --service-users: '%s' "
			    "has an %s element", list, len == 0 ? "empty" :
			    "overlong");
			return -1;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		if (parse_uid(name, &uid) == -1) {
			errno = 0;
			if ((pw = getpwnam(name)) == NULL) {
				if (given) {
					snprintf(err, errsize, "service user "
					    "'%s' does not exist (--service-"
					    "users takes user names or uids)",
					    name);
					return -1;
				}
				goto next;	/* no statd here */
			}
			uid = pw->pw_uid;
		}
		if (n == RB_SERVICE_USERS_MAX) {
			snprintf(err, errsize, "option --service-users: more "
			    "than %d users", RB_SERVICE_USERS_MAX);
			return -1;
		}
		uids[n++] = uid;
next:
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return quota_service_uids(uids, n);
}

enum quota_class
quota_class_uid(uid_t uid)
{
	size_t i;

	if (uid == 0)
		return QUOTA_ROOT;
	for (i = 0; i < nservice; i++)
		if (service[i] == uid)
			return QUOTA_SERVICE;
	return QUOTA_OTHER;
}

enum quota_class
quota_class_owner(const char *owner)
{
	uid_t uid;

	if (strcmp(owner, OWNER_SUPERUSER) == 0)
		return QUOTA_ROOT;
	/* Only SETs over IP loopback from a reserved port, i.e. privileged
	 * daemons (libtirpc's TCP fallback), have no uid; with -i anyone's. */
	if (strcmp(owner, OWNER_UNKNOWN) == 0)
		return unknown_privileged ? QUOTA_SERVICE : QUOTA_OTHER;
	if (parse_uid(owner, &uid) == -1)
		return QUOTA_OTHER;
	/* "0" is not how root's entries are kept: not root's reserve. */
	return uid == 0 ? QUOTA_OTHER : quota_class_uid(uid);
}

static struct uid_count *
local_slot(uid_t uid, bool add)
{
	struct uid_count *free_slot = NULL;
	size_t i;

	for (i = 0; i < RB_LOCAL_CONN_MAX; i++) {
		if (local_uids[i].n > 0 && local_uids[i].uid == uid)
			return &local_uids[i];
		if (local_uids[i].n == 0 && free_slot == NULL)
			free_slot = &local_uids[i];
	}
	if (!add || free_slot == NULL)
		return NULL;
	free_slot->uid = uid;
	return free_slot;
}

bool
quota_local_admit(uid_t uid)
{
	enum quota_class qc = quota_class_uid(uid);
	const struct uid_count *s;
	unsigned mine = 0;
	const char *why;

	if (qc == QUOTA_ROOT) {
		if (nlocal < RB_LOCAL_CONN_MAX)
			return true;
		why = "all in use";
	} else {
		if ((s = local_slot(uid, false)) != NULL)
			mine = s->n;
		if (mine >= RB_LOCAL_PER_UID)
			why = "the most one user may hold";
		else if (nlocal - nlocal_root >=
		    RB_LOCAL_CONN_MAX - RB_LOCAL_ROOT_RESERVE)
			why = "the rest are root's";
		else if (qc == QUOTA_OTHER &&
		    nlocal_other >= RB_LOCAL_OTHERS_MAX)
			why = "other users hold all theirs";
		else
			return true;
	}
	log_ratelimited(&local_limit, "refused a local connection from uid "
	    "%u (%s): it holds %u, other users %zu, %zu in all (%d per user, "
	    "%d for other users, %d in all)", (unsigned)uid, why, mine,
	    nlocal_other, nlocal, RB_LOCAL_PER_UID, RB_LOCAL_OTHERS_MAX,
	    RB_LOCAL_CONN_MAX);
	return false;
}

void
quota_local_opened(uid_t uid)
{
	struct uid_count *s;

	nlocal++;
	switch (quota_class_uid(uid)) {
	case QUOTA_ROOT:
		nlocal_root++;
		return;
	case QUOTA_OTHER:
		nlocal_other++;
		break;
	case QUOTA_SERVICE:
		break;
	}
	/* There is a slot: fewer than RB_LOCAL_CONN_MAX are open. */
	if ((s = local_slot(uid, true)) != NULL)
		s->n++;
}

void
quota_local_closed(uid_t uid)
{
	struct uid_count *s;

	if (nlocal == 0)
		return;
	nlocal--;
	switch (quota_class_uid(uid)) {
	case QUOTA_ROOT:
		nlocal_root--;
		return;
	case QUOTA_OTHER:
		nlocal_other--;
		break;
	case QUOTA_SERVICE:
		break;
	}
	if ((s = local_slot(uid, false)) != NULL)
		s->n--;
}

void
quota_local_reset(void)
{
	memset(local_uids, 0, sizeof(local_uids));
	nlocal = nlocal_root = nlocal_other = 0;
}
