/*
 * main.c — rpcbindd's startup sequence, in order, and shutdown.
 *
 * 1. Parse the command line and look the users up (--user,
 *    --service-users): a bad option or an unknown user is refused with one
 *    message and exit status 1 before any socket is opened or any file
 *    touched.
 * 2. While privileged: open every socket (port 111), read what needs a
 *    socket or a file (the loopback interface index, the time zone).
 * 3. Drop privilege: chroot into the state directory, switch to the user,
 *    clear every capability set, no_new_privs; verify; then the seccomp
 *    filter. Nothing after this point can open a listening socket, exec,
 *    or fork.
 * 4. Register the portmapper's own entries for what is served, and serve
 *    until SIGTERM or SIGINT.
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
#include "policy.h"
#include "proc.h"
#include "quota.h"
#include "ratelimit.h"
#include "registry.h"
#include "sandbox.h"
#include "state.h"
#include "stats.h"
#include "systemd.h"

#ifdef RPCBINDD_SANITIZERS
/*
 * In a sanitizer build the daemon keeps ASan and UBSan, but not LeakSanitizer's
 * check at exit: it needs ptrace, clone and /proc, which the chroot and the
 * filter rightly refuse. Unit tests and fuzz replays keep it.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

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
	    RB_LOCAL_CONN_MAX + 64;
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
	char line[1024], one[128];
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

int
main(int argc, char *argv[])
{
	static struct listener ls[RB_LISTEN_MAX * 2 + 2];
	static struct listen_plan plan;
	char local_path[sizeof(((struct config *)0)->sock_path)];
	size_t nh;
	int ni, notify_fd, lock_fd;
	bool local = false;
	struct config cf;
	struct proc_opts po;
	struct pol_opts pol;
	struct rl_opts rl;
	struct loop_opts lo;
	char err[RB_HOSTNAME_MAX + 256];	/* -h names a host name */
	uid_t uid = 0;
	gid_t gid = 0;
	size_t n, i;
	bool udp4 = false, tcp4 = false, udp6 = false, tcp6 = false;
	int rc, state_fd;
#ifdef RPCBINDD_COVERAGE
	int cov_fd;
#endif

	/* Before anything else: nothing inherited but stdio and systemd's
	 * sockets. */
	sb_close_fds(sizeof(ls) / sizeof(ls[0]));
#ifdef RPCBINDD_COVERAGE
	cov_start();
#endif
	switch (config_parse(argc, argv, &cf, err, sizeof(err))) {
	case CONFIG_EXIT:
		return 0;
	case CONFIG_ERROR:
		fprintf(stderr, "rpcbindd: %s\n", err);
		return 1;
	case CONFIG_OK:
		break;
	}
	/* Started as root, the daemon switches to the user; started as the
	 * user (socket activation), there is nobody to switch to. */
	if (geteuid() == 0 &&
	    sb_lookup_user(cf.user, &uid, &gid, err, sizeof(err)) == -1) {
		fprintf(stderr, "rpcbindd: %s\n", err);
		return 1;
	}
	/* Service users are looked up now, before the sandbox and before
	 * warm-start entries are counted against their quotas. */
	if (quota_service_users(cf.service_users, cf.service_users_given, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "rpcbindd: %s\n", err);
		return 1;
	}
	quota_unknown_privileged(!cf.insecure);
	/* Without -f we still stay in the foreground (systemd and the init
	 * script run us that way) but log to syslog. */
	log_init(cf.foreground, cf.debug);
	log_abort_on_fatal(cf.abort_on_error && cf.debug);
	signals();
	lock_fd = take_lock();
	fd_limit();
	/* -h names are resolved now, after the lock (a second daemon touches
	 * nothing) and before any socket: a bad one is one line, and nothing
	 * is looked up inside the sandbox. */
	if (!systemd_activated() && listen_plan(&cf, &plan, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "rpcbindd: %s\n", err);
		return 1;
	}
	/* Checked before any socket is opened; a refused directory is left
	 * as it was. */
	if ((state_fd = sb_prepare_dir(cf.state_dir, uid, err,
	    sizeof(err))) == -1)
		fatalx("cannot use the state directory %s: %s", cf.state_dir,
		    err);

	/* Sockets from systemd (rpcbind.socket) are served as they are;
	 * otherwise the daemon opens its own. */
	strcpy(local_path, cf.sock_path);
	if ((ni = systemd_inherited(ls, sizeof(ls) / sizeof(ls[0]), local_path,
	    sizeof(local_path))) == -1)
		fatalx("cannot serve the sockets systemd passed");
	if (ni > 0) {
		n = (size_t)ni;
		if (cf.nhosts > 0 || cf.nnames > 0)
			log_warnx("the sockets came from systemd, so -h is "
			    "ignored: add ListenStream= and ListenDatagram= "
			    "lines to rpcbind.socket instead");
	} else {
		if (listen_open(&plan, cf.sock_path, ls,
		    sizeof(ls) / sizeof(ls[0]), &n) == -1) {
			if (errno == EADDRINUSE)
				fatalx("cannot open the portmapper's sockets; "
				    "is another portmapper (rpcbind) running?");
			fatalx("cannot open the portmapper's sockets");
		}
	}
	notify_fd = systemd_notify_open();
	if (cf.remote_calls && fwd_open() == -1)
		fatalx("cannot open the socket for remote calls");
	if (cf.remote_calls) {
		/* Remote calls reach loopback and the addresses served (an
		 * interface's: those it has now). */
		static struct sockaddr_storage served[sizeof(ls) /
		    sizeof(ls[0]) + RB_LISTEN_MAX];

		for (nh = 0, i = 0; i < n; i++)
			if (ls[i].tr != TR_LOCAL && ls[i].ifname[0] == '\0')
				served[nh++] = ls[i].addr;
		for (i = 0; i < plan.nifaddrs; i++)
			served[nh++] = plan.ifaddrs[i];
		if (fwd_configure(served, nh) == -1)
			fatalx("cannot list the addresses remote calls may "
			    "reach");
	}
	/* if_nametoindex needs a socket: ask before the filter. */
	if ((lo.lo_ifindex = if_nametoindex("lo")) == 0)
		fatal("no loopback interface");

	lo.forwarding = cf.remote_calls;
	lo.idle_ms = cf.idle_timeout * 1000;
	lo.tcp_max = cf.max_connections;
	if (loop_init(ls, n, &lo) == -1)
		fatalx("cannot set up the event loop");

	/* The registry: our own entries first, then what the last run had
	 * (read while privileged: the file is checked for its owner). */
	reg_clear();
	stats_clear();
	for (i = 0; i < n; i++) {
		udp4 |= ls[i].tr == TR_UDP && ls[i].family == AF_INET;
		tcp4 |= ls[i].tr == TR_TCP && ls[i].family == AF_INET;
		udp6 |= ls[i].tr == TR_UDP && ls[i].family == AF_INET6;
		tcp6 |= ls[i].tr == TR_TCP && ls[i].family == AF_INET6;
		local |= ls[i].tr == TR_LOCAL;
	}
	po.remote_calls = cf.remote_calls;
	po.local_path = local_path;
	po.log_calls = cf.log_calls;
	pol.allow_dump = cf.allow_dump.n > 0 ? &cf.allow_dump : NULL;
	pol.allow_lookups = cf.lookups_restricted ? &cf.allow_lookups : NULL;
	pol.insecure = cf.insecure;
	pol_configure(&pol);
	/* Read while /etc is still reachable; a restart applies changes. */
	if (cf.hosts_access)
		ha_load(HA_ALLOW_PATH, HA_DENY_PATH);
	rl.rate = cf.rate_limit;
	rl.burst = cf.rate_burst;
	rl.log_only = cf.rate_log_only;
	if (rl_configure(&rl) == -1)
		fatal("getrandom: no key for the rate limit's hash");
	proc_configure(&po);
	proc_register_self(udp4, tcp4, udp6, tcp6, local);
	state_open(state_fd, cf.state_dir, cf.warm_start, uid != 0 ? uid :
	    geteuid());

#ifdef RPCBINDD_COVERAGE
	cov_fd = cov_open();
#endif
	if (sb_drop(state_fd, uid, gid) == -1)
		fatalx("cannot drop privileges; refusing to serve");
#ifdef RPCBINDD_COVERAGE
	cov_enter(cov_fd);
#endif
	if (sb_seccomp_install(cf.seccomp, state_fd) == -1)
		fatalx("cannot install the seccomp filter; refusing to serve");
	if (cf.seccomp != SB_SECCOMP_KILL)
		log_warnx("the seccomp filter is %s: forbidden system calls "
		    "are %s", sb_seccomp_name(cf.seccomp),
		    cf.seccomp == SB_SECCOMP_LOG ? "logged, not stopped" :
		    "not stopped at all");

	announce(ls, n, &cf, uid != 0, ni > 0);
	/* Type=notify: every socket is served from here on. */
	systemd_notify_ready(notify_fd);

	rc = loop_run(&quit, &report);
	state_flush();
	if (lock_fd != -1)
		close(lock_fd);

	/* The socket file stays: the unprivileged daemon cannot remove it
	 * from /run, and the next start replaces it. */
	log_info("exiting");
	return rc == 0 ? 0 : 1;
}
