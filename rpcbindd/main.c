/*
 * main.c — rpcbindd's startup sequence, in order, and shutdown.
 *
 * 1. Parse the command line: a bad option is refused with one message and
 *    exit status 1 before any socket is opened or any file touched.
 * 2. Open every socket while still privileged (port 111).
 * 3. Register the portmapper's own entries for what is served.
 * 4. Serve until SIGTERM or SIGINT, then remove the socket path.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "forward.h"
#include "listen.h"
#include "log.h"
#include "loop.h"
#include "proc.h"
#include "registry.h"
#include "stats.h"

static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	(void)sig;
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
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Enough descriptors for every connection the caps allow, so the caps, not
 * EMFILE, decide who is served. */
static void
fd_limit(void)
{
	const rlim_t want = RB_TCP_CONN_MAX + RB_LOCAL_CONN_MAX + 64;
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
announce(const struct listener *ls, size_t n, const struct config *cf)
{
	char line[1024], one[128];
	size_t i, len = 0;

	line[0] = '\0';
	for (i = 0; i < n; i++) {
		if (ls[i].tr == TR_LOCAL && ls[i].addr.ss_family == AF_LOCAL &&
		    i + 1 < n && ls[i + 1].tr == TR_LOCAL)
			continue;	/* the abstract twin follows */
		listen_describe(&ls[i], one, sizeof(one));
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
		    len ? ", " : "", one);
		if (len >= sizeof(line))
			break;
	}
	log_info("serving %s (%s)%s", line, cf->sock_path,
	    cf->remote_calls ? "; remote calls forwarded" : "");
	if (cf->nhosts == 0)
		log_info("only loopback is served: NFSv3 clients on other hosts "
		    "cannot find mountd, lockd and statd until an address is "
		    "added with -h ADDRESS");
}

int
main(int argc, char *argv[])
{
	static struct listener ls[RB_LISTEN_MAX * 2 + 2];
	struct config cf;
	struct proc_opts po;
	struct loop_opts lo;
	char err[256];
	size_t n, i;
	bool udp4 = false, tcp4 = false, udp6 = false, tcp6 = false;
	int rc;

	switch (config_parse(argc, argv, &cf, err, sizeof(err))) {
	case CONFIG_EXIT:
		return 0;
	case CONFIG_ERROR:
		fprintf(stderr, "rpcbindd: %s\n", err);
		return 1;
	case CONFIG_OK:
		break;
	}
	/* Without -f we still stay in the foreground (systemd and the init
	 * script run us that way) but log to syslog. */
	log_init(cf.foreground, cf.debug);
	signals();
	fd_limit();

	if (listen_open(&cf, ls, sizeof(ls) / sizeof(ls[0]), &n) == -1)
		fatalx("cannot open the portmapper's sockets; is another "
		    "portmapper (rpcbind) running?");
	if (cf.remote_calls && fwd_open() == -1)
		fatalx("cannot open the socket for remote calls");

	po.remote_calls = cf.remote_calls;
	po.local_path = cf.sock_path;
	proc_configure(&po);
	reg_clear();
	stats_clear();
	for (i = 0; i < n; i++) {
		udp4 |= ls[i].tr == TR_UDP && ls[i].family == AF_INET;
		tcp4 |= ls[i].tr == TR_TCP && ls[i].family == AF_INET;
		udp6 |= ls[i].tr == TR_UDP && ls[i].family == AF_INET6;
		tcp6 |= ls[i].tr == TR_TCP && ls[i].family == AF_INET6;
	}
	proc_register_self(udp4, tcp4, udp6, tcp6, true);
	announce(ls, n, &cf);

	lo.forwarding = cf.remote_calls;
	lo.idle_ms = cf.idle_timeout * 1000;
	lo.tcp_max = cf.max_connections;
	rc = loop_run(ls, n, &lo, &quit);

	if (unlink(cf.sock_path) == -1 && errno != ENOENT)
		log_warn("unlink %s", cf.sock_path);
	log_info("exiting");
	return rc == 0 ? 0 : 1;
}
