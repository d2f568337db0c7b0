/*
 * config.h — the command line, parsed into one immutable struct config.
 * config_parse is a pure function (no sockets; no file but the one
 * --config names), so bad options are refused before anything is opened or
 * touched.
 */
#ifndef RPCBINDD_CONFIG_H
#define RPCBINDD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "bounds.h"
#include "net.h"
#include "seccomp_mode.h"

#define RPCBINDD_SOCK_PATH	"/run/rpcbind.sock"
#define RPCBINDD_LOCK_FILE	"/run/rpcbind.lock"

struct config {
	bool			foreground;	/* -f */
	bool			debug;		/* -d */
	bool			remote_calls;	/* -r */
	bool			warm_start;	/* -w */
	bool			abort_on_error;	/* -a (with -d) */
	bool			insecure;	/* -i */
	bool			log_calls;	/* -l */
	size_t			nhosts;		/* -h ADDR, repeatable */
	struct sockaddr_storage	hosts[RB_LISTEN_MAX];
	size_t			nnames;		/* -h IFNAME or HOST, repeatable */
	char			names[RB_LISTEN_MAX][RB_HOSTNAME_MAX + 1];
	struct netlist		allow_dump;	/* --allow-dump: TCP DUMP */
	struct netlist		allow_lookups;	/* --allow-lookups */
	bool			lookups_restricted;
	unsigned		rate_limit;	/* --rate-limit, per s, 0 off */
	unsigned		rate_burst;	/* --rate-burst */
	bool			rate_log_only;	/* --rate-limit-log-only */
	bool			hosts_access;	/* --hosts-access=on|off */
	char			sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned		idle_timeout;	/* --idle-timeout, seconds */
	unsigned		max_connections; /* --max-connections (TCP) */
	char			user[RB_USER_MAX + 1];	/* --user */
	/* --service-users, and whether it was given (not the default) */
	char			service_users[RB_SERVICE_USERS_TEXT + 1];
	bool			service_users_given;
	char			state_dir[RB_STATE_DIR_MAX + 1]; /* --state-dir */
	enum sb_seccomp		seccomp;	/* --seccomp */
};

enum config_result {
	CONFIG_OK,
	CONFIG_EXIT,	/* --help, --version or -v printed; exit 0 */
	CONFIG_ERROR,	/* message in err; exit 1 */
};

enum config_result config_parse(int argc, char *const argv[],
		    struct config *, char *err, size_t errsize);
void	config_usage(void);

#endif
