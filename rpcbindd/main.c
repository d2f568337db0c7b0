/*
 * main.c — rpcbindd's startup sequence, in order, and shutdown. main()
 * is that sequence, one call per step:
 *
 * 1. Parse the command line and the config file, and look the users up
 *    (--user, --service-users): a bad option or an unknown user is refused
 *    with one message and exit status 1 before any socket is opened or any
 *    file touched.
 * 2. While privileged: take the lock, resolve the -h names, check the
 *    state directory, open every socket (port 111) or take them from
 *    systemd, and read what needs a socket or a file (the loopback
 *    interface index, the notify socket).
 * 3. Configure the modules, register the portmapper's own entries and load
 *    the warm-start state (its file is checked for its owner while we may).
 * 4. Drop privilege: chroot into the state directory, switch to the user,
 *    clear every capability set, no_new_privs; verify.
 * 5. The seccomp filter. Nothing after this point can open a listening
 *    socket, exec, or fork.
 * 6. Tell systemd we are ready, and serve until SIGTERM or SIGINT; then
 *    save the state and exit.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "forward.h"
#include "hostsaccess.h"
#include "listen.h"
#include "log.h"
#include "loop.h"
#include "nolsan.h"
#include "policy.h"
#include "proc.h"
#include "quota.h"
#include "ratelimit.h"
#include "registry.h"
#include "sandbox.h"
#include "state.h"
#include "stats.h"
#include "systemd.h"
#include "targets.h"

#ifdef RPCBINDD_COVERAGE
/*
 * Coverage build only: libgcov writes each object's counters at exit by
 * path. When the caller made the data directory RPCBINDD_GCOV_DIR (it
 * also creates the files, writable by every user the daemon runs as),
 * the object paths, stripped of the build directory, are taken relative
 * to it: by its full name until the sandbox, then, from inside the chroot
 * where that name means nothing, relative to the working directory, which
 * becomes that directory (opened before the chroot; sandbox.c lets only
 * this build open the files). Without the directory nothing changes.
 */
static void
cov_start(void)
{
	if (access(RPCBINDD_GCOV_DIR, F_OK) == -1)
		return;
	if (setenv("GCOV_PREFIX", RPCBINDD_GCOV_DIR, 1) == -1 ||
	    setenv("GCOV_PREFIX_STRIP", RPCBINDD_GCOV_STRIP, 1) == -1)
		log_warn("setenv");
}

static int
cov_open(void)
{
	if (getenv("GCOV_PREFIX") == NULL)
		return -1;
	return open(RPCBINDD_GCOV_DIR, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static void
cov_enter(int fd)
{
	if (fd == -1)
		return;
	if (fchdir(fd) == -1 || setenv("GCOV_PREFIX", ".", 1) == -1)
		log_warn("coverage data directory");
	close(fd);
}
#endif

static volatile sig_atomic_t quit, report;

static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		report = 1;
	else
		quit = 1;
}

static void
signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * rpcbind's lock: one portmapper per host (per network namespace's /run).
 * Held for the daemon's life; not needed (and not always possible) when
 * started unprivileged by socket activation, where systemd is the guard.
 */
static int
take_lock(void)
{
	int fd;

	fd = open(RPCBINDD_LOCK_FILE, O_RDONLY | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0444);
	if (fd == -1) {
		if (geteuid() == 0)
			fatal("%s", RPCBINDD_LOCK_FILE);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			fatalx("another rpcbind is already running. Aborting");
		fatal("flock %s", RPCBINDD_LOCK_FILE);
	}
	return fd;
}

/* Enough descriptors for every connection the caps allow, so the caps, not
 * EMFILE, decide who is served. */
static void
fd_limit(void)
{
	const rlim_t want = RB_TCP_CONN_MAX + RB_TCP_LOOPBACK_MAX +
	    RB_LOCAL_CONN_MAX + RB_FD_SPARE;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want;
	if (rl.rlim_max < want)
		rl.rlim_max = want;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
		/* Not privileged to raise the hard limit: take what it allows. */
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
			rl.rlim_cur = rl.rlim_max;
			(void)setrlimit(RLIMIT_NOFILE, &rl);
		}
		log_warnx("file descriptor limit %llu is below the %llu the "
		    "connection caps need", (unsigned long long)rl.rlim_cur,
		    (unsigned long long)want);
	}
}

static void
announce(const struct listener *ls, size_t n, const struct config *cf,
    bool chrooted, bool inherited)
{
	char line[RB_ANNOUNCE_MAX], one[RB_LISTENER_TEXT_MAX];
	size_t i, len = 0;

	line[0] = '\0';
	for (i = 0; i < n; i++) {
		listen_describe(&ls[i], one, sizeof(one));
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
		    len ? ", " : "", one);
		if (len >= sizeof(line))
			break;
	}
	log_info("serving %s%s%s", line, inherited ? " (sockets from systemd)" :
	    "", cf->remote_calls ? "; remote calls forwarded" : "");
	log_info("sandbox: uid %u gid %u, chroot %s, no capabilities, "
	    "no_new_privs, seccomp %s", (unsigned)getuid(), (unsigned)getgid(),
	    chrooted ? cf->state_dir : "none (started unprivileged)",
	    sb_seccomp_name(cf->seccomp));
	log_info("policy: lookups for %s; DUMP, GETADDRLIST, GETSTAT and "
	    "remote calls for local callers%s; UDP replies to others %s",
	    cf->lookups_restricted ? "local callers and the --allow-lookups "
	    "networks" : "anyone who reaches a served address",
	    cf->allow_dump.n > 0 ? " (DUMP over TCP also for the --allow-dump "
	    "networks)" : "", cf->rate_limit == 0 ? "not rate-limited" :
	    cf->rate_log_only ? "counted against the rate limit, not dropped" :
	    "rate-limited per /24 or /56");
	if (!inherited && cf->nhosts == 0 && cf->nnames == 0)
		log_info("only loopback is served: NFSv3 clients on other hosts "
		    "cannot find mountd, lockd and statd until an address is "
		    "added with -h ADDRESS");
}

/* What one startup step hands the next; static, for the life of the
 * daemon (the modules keep pointers into cf and local_path). */
struct startup {
	struct config		cf;
	char			err[RB_HOSTNAME_MAX + RB_ERR_MAX]; /* -h names */
	uid_t			uid;	/* to switch to; 0: started as it */
	gid_t			gid;
	int			lock_fd;
	int			state_fd;
	int			notify_fd;
	struct listen_plan	plan;
	struct listener		ls[RB_LISTENERS_MAX];
	size_t			n;
	bool			inherited;	/* ls came from systemd */
	char			local_path[sizeof(((struct config *)0)->sock_path)];
	struct loop_opts	lo;
};

/* A bad option, user or -h name: one line on stderr, exit 1. */
static void __attribute__((noreturn))
refuse(const char *err)
{
	fprintf(stderr, "rpcbindd: %s\n", err);
	exit(1);
}

/* Step 1: the options, the config file and the users; then logging as
 * they ask. */
static void
read_options(int argc, char *argv[], struct startup *s)
{
	switch (config_parse(argc, argv, &s->cf, s->err, sizeof(s->err))) {
	case CONFIG_EXIT:
		exit(0);
	case CONFIG_ERROR:
		refuse(s->err);
	case CONFIG_OK:
		break;
	}
	/* Started as root, the daemon switches to the user; started as the
	 * user (socket activation), there is nobody to switch to. */
	if (geteuid() == 0 && sb_lookup_user(s->cf.user, &s->uid, &s->gid,
	    s->err, sizeof(s->err)) == -1)
		refuse(s->err);
	/* Service users are looked up now, before the sandbox and before
	 * warm-start entries are counted against their quotas. */
	if (quota_service_users(s->cf.service_users, s->cf.service_users_given,
	    s->err, sizeof(s->err)) == -1)
		refuse(s->err);
	quota_unknown_privileged(!s->cf.insecure);
	/* Without -f we still stay in the foreground (systemd and the init
	 * script run us that way) but log to syslog. */
	log_init(s->cf.foreground, s->cf.debug);
	log_abort_on_fatal(s->cf.abort_on_error && s->cf.debug);
	signals();
}

/* Sockets from systemd (rpcbind.socket) are served as they are;
 * otherwise the daemon opens its own. */
static void
take_listeners(struct startup *s)
{
	int ni;

	strcpy(s->local_path, s->cf.sock_path);
	if ((ni = systemd_inherited(s->ls, RB_LISTENERS_MAX, s->local_path,
	    sizeof(s->local_path))) == -1)
		fatalx("cannot serve the sockets systemd passed");
	if (ni > 0) {
		s->n = (size_t)ni;
		s->inherited = true;
		if (s->cf.nhosts > 0 || s->cf.nnames > 0)
			log_warnx("the sockets came from systemd, so -h is "
			    "ignored: add ListenStream= and ListenDatagram= "
			    "lines to rpcbind.socket instead");
		return;
	}
	if (listen_open(&s->plan, s->cf.sock_path, s->ls, RB_LISTENERS_MAX,
	    &s->n) == -1) {
		if (errno == EADDRINUSE)
			fatalx("cannot open the portmapper's sockets; "
			    "is another portmapper (rpcbind) running?");
		fatalx("cannot open the portmapper's sockets");
	}
}

/* Remote calls reach loopback and the addresses served (an interface's:
 * those it has now). */
static void
open_forwarding(const struct startup *s)
{
	static struct sockaddr_storage served[RB_LISTENERS_MAX +
	    RB_LISTEN_MAX];
	size_t nh = 0, i;

	if (fwd_open() == -1)
		fatalx("cannot open the socket for remote calls");
	for (i = 0; i < s->n; i++)
		if (s->ls[i].tr != TR_LOCAL && s->ls[i].ifname[0] == '\0')
			served[nh++] = s->ls[i].addr;
	for (i = 0; i < s->plan.nifaddrs; i++)
		served[nh++] = s->plan.ifaddrs[i];
	if (targets_configure(served, nh) == -1)
		fatalx("cannot list the addresses remote calls may reach");
}

/* Step 2, while privileged: the lock, the -h names, the state directory,
 * every socket, and the event loop over them. */
static void
open_sockets(struct startup *s)
{
	s->lock_fd = take_lock();
	fd_limit();
	/* -h names are resolved now, after the lock (a second daemon touches
	 * nothing) and before any socket: a bad one is one line, and nothing
	 * is looked up inside the sandbox. */
	if (!systemd_activated() && listen_plan(&s->cf, &s->plan, s->err,
	    sizeof(s->err)) == -1)
		refuse(s->err);
	/* Checked before any socket is opened; a refused directory is left
	 * as it was. */
	if ((s->state_fd = sb_prepare_dir(s->cf.state_dir, s->uid, s->err,
	    sizeof(s->err))) == -1)
		fatalx("cannot use the state directory %s: %s",
		    s->cf.state_dir, s->err);
	take_listeners(s);
	s->notify_fd = systemd_notify_open();
	if (s->cf.remote_calls)
		open_forwarding(s);
	/* if_nametoindex needs a socket: ask before the filter. */
	if ((s->lo.lo_ifindex = if_nametoindex("lo")) == 0)
		fatal("no loopback interface");
	s->lo.forwarding = s->cf.remote_calls;
	s->lo.idle_ms = s->cf.idle_timeout * 1000;
	s->lo.tcp_max = s->cf.max_connections;
	if (loop_init(s->ls, s->n, &s->lo) == -1)
		fatalx("cannot set up the event loop");
}

/* The policy and the rate limit as the options say; hosts.allow and
 * hosts.deny are read while /etc is still reachable (a restart applies
 * changes). */
static void
configure_policy(const struct config *cf)
{
	struct pol_opts pol;
	struct rl_opts rl;

	pol.allow_dump = cf->allow_dump.n > 0 ? &cf->allow_dump : NULL;
	pol.allow_lookups = cf->lookups_restricted ? &cf->allow_lookups : NULL;
	pol.insecure = cf->insecure;
	pol_configure(&pol);
	if (cf->hosts_access)
		ha_load(HA_ALLOW_PATH, HA_DENY_PATH);
	rl.rate = cf->rate_limit;
	rl.burst = cf->rate_burst;
	rl.log_only = cf->rate_log_only;
	if (rl_configure(&rl) == -1)
		fatal("getrandom: no key for the rate limit's hash");
}

/* Step 3: the registry, our own entries first, then what the last run had
 * (read while privileged: the file is checked for its owner). */
static void
load_state(struct startup *s)
{
	bool udp4 = false, tcp4 = false, udp6 = false, tcp6 = false;
	bool local = false;
	struct proc_opts po;
	size_t i;

	reg_clear();
	stats_clear();
	for (i = 0; i < s->n; i++) {
		const struct listener *l = &s->ls[i];

		udp4 |= l->tr == TR_UDP && l->family == AF_INET;
		tcp4 |= l->tr == TR_TCP && l->family == AF_INET;
		udp6 |= l->tr == TR_UDP && l->family == AF_INET6;
		tcp6 |= l->tr == TR_TCP && l->family == AF_INET6;
		local |= l->tr == TR_LOCAL;
	}
	po.remote_calls = s->cf.remote_calls;
	po.local_path = s->local_path;
	po.log_calls = s->cf.log_calls;
	configure_policy(&s->cf);
	proc_configure(&po);
	proc_register_self(udp4, tcp4, udp6, tcp6, local);
	state_open(s->state_fd, s->cf.state_dir, s->cf.warm_start,
	    s->uid != 0 ? s->uid : geteuid());
}

/* Step 4: the chroot, the user, no capabilities, no_new_privs. */
static void
drop_privileges(const struct startup *s)
{
#ifdef RPCBINDD_COVERAGE
	int cov_fd = cov_open();
#endif

	if (sb_drop(s->state_fd, s->uid, s->gid) == -1)
		fatalx("cannot drop privileges; refusing to serve");
#ifdef RPCBINDD_COVERAGE
	cov_enter(cov_fd);
#endif
}

/* Step 5: the syscall filter, last: it allows nothing the steps before
 * needed and serving does not. */
static void
install_filter(const struct startup *s)
{
	const struct config *cf = &s->cf;

	if (sb_seccomp_install(cf->seccomp, s->state_fd) == -1)
		fatalx("cannot install the seccomp filter; refusing to serve");
	if (cf->seccomp != SB_SECCOMP_KILL)
		log_warnx("the seccomp filter is %s: forbidden system calls "
		    "are %s", sb_seccomp_name(cf->seccomp),
		    cf->seccomp == SB_SECCOMP_LOG ? "logged, not stopped" :
		    "not stopped at all");
}

/* Step 6: what is served, and to systemd (Type=notify) that it is. */
static void
notify_ready(const struct startup *s)
{
	announce(s->ls, s->n, &s->cf, s->uid != 0, s->inherited);
	systemd_notify_ready(s->notify_fd);
}

/* After the loop: the state saved, the lock released. The socket file
 * stays: the unprivileged daemon cannot remove it from /run, and the next
 * start replaces it. */
static int
shut_down(const struct startup *s, int rc)
{
	state_flush();
	if (s->lock_fd != -1)
		close(s->lock_fd);
	log_info("exiting");
	return rc == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	static struct startup s;

	/* Before anything else: nothing inherited but stdio and systemd's
	 * sockets. */
	sb_close_fds(RB_LISTENERS_MAX);
#ifdef RPCBINDD_COVERAGE
	cov_start();
#endif
	read_options(argc, argv, &s);
	open_sockets(&s);
	load_state(&s);
	drop_privileges(&s);
	install_filter(&s);
	notify_ready(&s);
	return shut_down(&s, loop_run(&quit, &report));
}
