/*
 * fuzz_config — config_parse over a command line. The input, after byte
 * 0, is split at NUL bytes into arguments (at most ARGS_MAX); with bit 0
 * of byte 0 the last piece is instead the contents of a config file, and
 * every --config option is pointed at it (no other file is ever opened:
 * the fuzzer must not read /dev/stdin or a FIFO).
 * Invariants:
 *  - CONFIG_ERROR leaves a non-empty message of one line (a newline only
 *    where an argument itself had one);
 *  - CONFIG_OK values lie within their documented ranges, strings are
 *    terminated within their buffers, lists within their caps.
 * --help, --version and -v print: stdout goes to /dev/null meanwhile
 * (only meanwhile: the replay program prints TAP on it).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "quota.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ARGS_MAX	256

static char	path[64], cfgopt[80];
static char	argbuf[16384];
static char	*args[ARGS_MAX + 2];
static int	devnull = -1, saved_stdout = -1;

static void
cleanup(void)
{
	unlink(path);
}

static bool
terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static bool
nets_ok(const struct netlist *l)
{
	size_t i;

	if (l->n > RB_NETS_MAX)
		return false;
	for (i = 0; i < l->n; i++)
		if (!((l->nets[i].family == AF_INET && l->nets[i].prefix <= 32) ||
		    (l->nets[i].family == AF_INET6 && l->nets[i].prefix <= 128)))
			return false;
	return true;
}

static void
check_ok(const struct config *cf)
{
	size_t i;

	if (cf->idle_timeout < 1 || cf->idle_timeout > 86400 ||
	    cf->max_connections < 1 || cf->max_connections > RB_TCP_CONN_MAX ||
	    cf->rate_limit > 1000000 || cf->rate_burst > 10000000 ||
	    (cf->rate_burst == 0 && cf->rate_limit != 0) ||
	    (cf->debug && !cf->foreground) ||
	    cf->nhosts > RB_LISTEN_MAX || cf->nnames > RB_LISTEN_MAX ||
	    !nets_ok(&cf->allow_dump) || !nets_ok(&cf->allow_lookups) ||
	    cf->lookups_restricted != (cf->allow_lookups.n > 0) ||
	    !terminated(cf->user, sizeof(cf->user)) || cf->user[0] == '\0' ||
	    !terminated(cf->state_dir, sizeof(cf->state_dir)) ||
	    cf->state_dir[0] != '/' ||
	    !terminated(cf->service_users, sizeof(cf->service_users)) ||
	    cf->service_users[0] == '\0' ||
	    (!cf->service_users_given &&
	    strcmp(cf->service_users, QUOTA_SERVICE_DEFAULT) != 0) ||
	    strcmp(cf->sock_path, RPCBINDD_SOCK_PATH) != 0 ||
	    (cf->seccomp != SB_SECCOMP_KILL && cf->seccomp != SB_SECCOMP_LOG &&
	    cf->seccomp != SB_SECCOMP_OFF))
		abort();
	for (i = 0; i < cf->nhosts; i++) {
		const struct sockaddr_in *sin = (const void *)&cf->hosts[i];
		const struct sockaddr_in6 *sin6 = (const void *)&cf->hosts[i];

		if (cf->hosts[i].ss_family == AF_INET ?
		    sin->sin_addr.s_addr == htonl(INADDR_ANY) :
		    cf->hosts[i].ss_family != AF_INET6 ||
		    IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr))
			abort();
	}
	for (i = 0; i < cf->nnames; i++)
		if (!terminated(cf->names[i], sizeof(cf->names[i])) ||
		    cf->names[i][0] == '\0' ||
		    strpbrk(cf->names[i], "/: \t\n") != NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cf;
	char err[256];
	const char *file = NULL;
	bool nl = false;
	size_t len, i;
	int argc = 1, fd;
	enum config_result r;

	if (devnull == -1) {
		snprintf(path, sizeof(path), "/tmp/fuzz_config.%d.conf",
		    (int)getpid());
		snprintf(cfgopt, sizeof(cfgopt), "--config=%s", path);
		atexit(cleanup);
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
		saved_stdout = dup(STDOUT_FILENO);
	}
	if (size < 1 || size > sizeof(argbuf) - 1)
		return 0;
	len = size - 1;
	memcpy(argbuf, data + 1, len);
	argbuf[len] = '\0';
	nl = memchr(argbuf, '\n', len) != NULL;
	args[0] = (char *)"rpcbindd";
	for (i = 0; len > 0 && i <= len && argc <= ARGS_MAX;
	    i += strlen(argbuf + i) + 1)
		args[argc++] = argbuf + i;
	if ((data[0] & 1) && argc > 1) {
		file = args[--argc];
		nl = memchr(argbuf, '\n', (size_t)(file - argbuf)) != NULL;
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0600)) == -1 || write(fd, file, strlen(file)) == -1)
			abort();
		close(fd);
	}
	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(args[i], "--config") == 0 && i + 1 < (size_t)argc)
			args[++i] = file != NULL ? path : (char *)"/nonexistent";
		else if (strncmp(args[i], "--config=", 9) == 0)
			args[i] = file != NULL ? cfgopt : (char *)"--config=";
	}
	args[argc] = NULL;
	fflush(stdout);
	dup2(devnull, STDOUT_FILENO);
	memset(err, 'X', sizeof(err));
	r = config_parse(argc, args, &cf, err, sizeof(err));
	fflush(stdout);
	dup2(saved_stdout, STDOUT_FILENO);
	switch (r) {
	case CONFIG_OK:
		check_ok(&cf);
		break;
	case CONFIG_EXIT:
		break;
	case CONFIG_ERROR:
		if (!terminated(err, sizeof(err)) || err[0] == '\0' ||
		    (!nl && strchr(err, '\n') != NULL))
			abort();
		break;
	default:
		abort();
	}
	return 0;
}
