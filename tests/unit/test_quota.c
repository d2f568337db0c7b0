/*
 * test_quota.c — the classes of local users and the admission of
 * local-socket connections (include/quota.h, rpcbindd/quota.c): per uid,
 * the other users' shared cap, the service users' and root's room, and
 * --service-users parsing.
 */
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "quota.h"
#include "tap.h"
#include "unit.h"

/* Opens up to n connections for uid; returns how many were admitted. */
static unsigned
open_n(uid_t uid, unsigned n)
{
	unsigned i, got = 0;

	for (i = 0; i < n; i++)
		if (quota_local_admit(uid)) {
			quota_local_opened(uid);
			got++;
		}
	return got;
}

/* The class of each owner; with -i (unknown_privileged false) "unknown"
 * may be anyone. */
static const struct {
	const char	*owner;
	bool		 unknown_privileged;
	int		 want;
	const char	*what;
} owners[] = {
	{ "superuser", true, QUOTA_ROOT, "owner superuser" },
	{ "107", true, QUOTA_SERVICE, "owner \"107\"" },
	{ "1000", true, QUOTA_OTHER, "owner \"1000\"" },
	{ "0", true, QUOTA_OTHER, "owner \"0\" is not root" },
	{ "unknown", true, QUOTA_SERVICE,
	  "owner unknown (reserved port over IP loopback): service" },
	{ "unknown", false, QUOTA_OTHER,
	  "owner unknown with -i (unprivileged ports too): other" },
	{ "nobody", true, QUOTA_OTHER, "owner \"nobody\"" },
	{ "0107", true, QUOTA_SERVICE, "owner \"0107\"" },
	{ "107x", true, QUOTA_OTHER, "owner \"107x\"" },
	{ "", true, QUOTA_OTHER, "owner \"\"" },
	{ "4294967295", true, QUOTA_OTHER,
	  "owner \"4294967295\" ((uid_t)-1)" },
};

static void
test_classes(void)
{
	static const uid_t svc[] = { 107, 4242 };
	static const struct {
		uid_t	 uid;
		int	 want;
		const char *what;
	} uids[] = {
		{ 0, QUOTA_ROOT, "uid 0: root" },
		{ 107, QUOTA_SERVICE, "uid 107: service" },
		{ 4242, QUOTA_SERVICE, "uid 4242: service" },
		{ 1000, QUOTA_OTHER, "uid 1000: other" },
	};
	char err[256];
	size_t i;

	ok(quota_service_uids(svc, 2) == 0, "two service uids");
	for (i = 0; i < NELEM(uids); i++)
		is_int(quota_class_uid(uids[i].uid), uids[i].want, "%s",
		    uids[i].what);
	for (i = 0; i < NELEM(owners); i++) {
		quota_unknown_privileged(owners[i].unknown_privileged);
		is_int(quota_class_owner(owners[i].owner), owners[i].want,
		    "%s", owners[i].what);
	}
	quota_unknown_privileged(true);

	ok(quota_service_users("12,root,34", true, err, sizeof(err)) == 0,
	    "--service-users=12,root,34 (uids and a name)");
	ok(quota_class_uid(12) == QUOTA_SERVICE &&
	    quota_class_uid(34) == QUOTA_SERVICE, "  12 and 34 are service users");
	ok(quota_class_uid(107) == QUOTA_OTHER, "  the old list is replaced");
	ok(quota_service_users("no-such-user-here", true, err, sizeof(err))
	    == -1, "an unknown name given explicitly is an error");
	like_str(err, "no-such-user-here", "  the message names it");
	ok(quota_service_users("no-such-user-here", false, err, sizeof(err))
	    == 0, "an unknown name as the default is skipped");
	ok(quota_class_uid(12) == QUOTA_OTHER, "  leaving no service user");
	ok(quota_service_users("12,,34", true, err, sizeof(err)) == -1,
	    "an empty element is an error");
	ok(quota_service_users("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
	    true, err, sizeof(err)) == -1, "more than RB_SERVICE_USERS_MAX "
	    "is an error");
	quota_service_uids(NULL, 0);
}

static void
test_local(void)
{
	static const uid_t svc[] = { 107, 108, 109, 110 };
	unsigned got, u;

	quota_local_reset();
	quota_service_uids(svc, 4);
	is_int(open_n(1000, RB_LOCAL_PER_UID + 5), RB_LOCAL_PER_UID,
	    "one other user gets RB_LOCAL_PER_UID (%d)", RB_LOCAL_PER_UID);
	quota_local_closed(1000);
	ok(quota_local_admit(1000), "after closing one it gets one again");
	quota_local_reset();

	/* 8 uids x 32 asked for: the other users stop at their cap. */
	got = 0;
	for (u = 0; u < 8; u++)
		got += open_n(2000 + u, RB_LOCAL_PER_UID);
	is_int(got, RB_LOCAL_OTHERS_MAX, "8 uids x %d: other users hold "
	    "RB_LOCAL_OTHERS_MAX (%d)", RB_LOCAL_PER_UID, RB_LOCAL_OTHERS_MAX);
	/* 65 more "subordinate" uids get nothing. */
	got = 0;
	for (u = 0; u < 65; u++)
		got += open_n(100000 + u, 2);
	is_int(got, 0, "65 more uids x 2: none admitted");
	/* The service users still get theirs, up to the root reserve. */
	got = 0;
	for (u = 0; u < 4; u++)
		got += open_n(svc[u], RB_LOCAL_PER_UID);
	is_int(got, RB_LOCAL_CONN_MAX - RB_LOCAL_ROOT_RESERVE -
	    RB_LOCAL_OTHERS_MAX, "4 service users x %d: they get the %d left "
	    "to them", RB_LOCAL_PER_UID, RB_LOCAL_CONN_MAX -
	    RB_LOCAL_ROOT_RESERVE - RB_LOCAL_OTHERS_MAX);
	is_int(open_n(0, RB_LOCAL_CONN_MAX), RB_LOCAL_ROOT_RESERVE,
	    "root fills its reserve (%d)", RB_LOCAL_ROOT_RESERVE);
	ok(!quota_local_admit(0), "root refused at RB_LOCAL_CONN_MAX");
	quota_local_closed(2000);
	ok(!quota_local_admit(2000 + 1), "a user at its own cap refused");
	ok(quota_local_admit(2005), "a connection closed by one other user "
	    "can be taken by another");
	quota_local_opened(2005);
	ok(!quota_local_admit(107), "a service user refused while the rest is "
	    "root's");
	quota_local_closed(0);
	ok(quota_local_admit(0), "root admitted after one of its own closed");
	quota_local_reset();
	quota_service_uids(NULL, 0);
}

int
main(void)
{
	test_classes();
	test_local();
	return done_testing();
}
