/*
 * sbtry — installs rpcbindd's own seccomp filter (sb_seccomp_install, the
 * code the daemon runs) and then makes one system call, named on the
 * command line. A forbidden call must kill the process with SIGSYS; an
 * allowed one must work; a refused libc probe must fail with EACCES.
 * DIR plays the state directory: opened before the filter (as state.c
 * does) and made the working directory. Mode "none" installs no filter:
 * the control that shows an action would succeed without it.
 *
 * usage: sbtry kill|log|none ACTION DIR [ARG]
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "nolsan.h"
#include "sandbox.h"

/* Descriptors made before the filter, as the daemon's are. */
static int inet_fd, unix_fd, dir_fd;

static int
act_connect(const char *arg)
{
	/* The socket made before the filter (syslog's, in the
	 * daemon) pointed at the abstract name ARG. */
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = arg != NULL ? strlen(arg) : 0;

	if (len == 0 || len + 1 >= sizeof(sun.sun_path))
		return 2;
	memcpy(sun.sun_path + 1, arg, len);
	if (connect(unix_fd, (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    len)) == -1) {
		printf("connect: %s\n", strerror(errno));
		return 1;
	}
	printf("connected\n");
	return 0;
}

static int
act_openat_dir(void)
{
	/* state.c's write: a temporary file in the state directory,
	 * synced, renamed over the real one. */
	int fd = openat(dir_fd, "sbtry.tmp", O_WRONLY | O_CREAT |
	    O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd == -1 || write(fd, "x", 1) != 1 || fsync(fd) == -1 ||
	    close(fd) == -1 ||
	    renameat(dir_fd, "sbtry.tmp", dir_fd, "sbtry.out") == -1) {
		printf("openat-dir: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

/* The actions the filter must allow (or refuse with EACCES): 0 when it
 * did as it must, 1 when not, 2 on a bad ARG, -1 when a is not one. */
static int
act_allowed(const char *a, const char *arg)
{
	if (strcmp(a, "write") == 0)
		return write(1, "wrote\n", 6) == 6 ? 0 : 1;
	if (strcmp(a, "socket-unix") == 0) {
		/* What syslog does to reconnect: refused, not fatal. */
		int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

		printf("socket: %s\n", fd == -1 ? strerror(errno) : "made");
		return fd == -1 && errno == EACCES ? 0 : 1;
	}
	if (strcmp(a, "connect") == 0)
		return act_connect(arg);
	if (strcmp(a, "openat-dir") == 0)
		return act_openat_dir();
	if (strcmp(a, "openat-fd") == 0) {
		/* Creating a file through another directory descriptor,
		 * number ARG (one inherited from whoever started us). */
		int fd = openat(arg != NULL ? atoi(arg) : -1, "sbtry-escaped",
		    O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

		printf("openat-fd: %s\n", fd == -1 ? strerror(errno) : "made");
		return fd == -1 ? 1 : 0;
	}
	if (strcmp(a, "malloc") == 0) {
		/* Large enough for mmap, then freed (munmap). */
		char *p = malloc(1 << 20);

		if (p == NULL)
			return 1;
		memset(p, 1, 1 << 20);
		free(p);
		return 0;
	}
	if (strcmp(a, "openat") == 0) {
		int fd = open("/etc/hostname", O_RDONLY);

		printf("open: %s\n", fd == -1 ? strerror(errno) : "opened");
		return fd == -1 && errno == EACCES ? 0 : 1;
	}
	return -1;
}

/* The actions the filter must kill: 3 when one returned, 2 when a is
 * none of them (or ARG is missing). */
static int
act_forbidden(const char *a, const char *arg)
{
	if (strcmp(a, "openat-cwd") == 0)
		/* fopen's and open's way, even into the right directory */
		(void)openat(AT_FDCWD, "sbtry-cwd", O_WRONLY | O_CREAT |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
	else if (strcmp(a, "renameat-cwd") == 0)
		(void)renameat(AT_FDCWD, "sbtry-a", dir_fd, "sbtry-b");
	else if (strcmp(a, "renameat-to") == 0)
		(void)renameat(dir_fd, "sbtry-a", AT_FDCWD, "sbtry-b");
	else if (strcmp(a, "rename") == 0)
		(void)rename("sbtry-a", "sbtry-b");
	else
	if (strcmp(a, "execve") == 0) {
		/* ARG: execmark, which prints "execed" if it ever runs. */
		char *argv[] = { (char *)arg, NULL };

		if (arg == NULL)
			return 2;
		execve(arg, argv, NULL);
	} else if (strcmp(a, "fork") == 0)
		(void)fork();
	else if (strcmp(a, "listen") == 0)
		(void)listen(inet_fd, 5);
	else if (strcmp(a, "bind") == 0) {
		struct sockaddr_in sin = { .sin_family = AF_INET };

		(void)bind(inet_fd, (struct sockaddr *)&sin, sizeof(sin));
	} else if (strcmp(a, "socket-inet") == 0)
		(void)socket(AF_INET, SOCK_STREAM, 0);
	else if (strcmp(a, "ptrace") == 0)
		(void)ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	else if (strcmp(a, "mprotect-exec") == 0) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		(void)mprotect(p, 4096, PROT_READ | PROT_EXEC);
	} else if (strcmp(a, "mmap-exec") == 0)
		(void)mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else if (strcmp(a, "setuid") == 0)
		(void)setuid(0);
	else {
		fprintf(stderr, "sbtry: unknown action %s\n", a);
		return 2;
	}
	printf("survived %s\n", a);
	return 3;
}

static int
act(const char *a, const char *arg)
{
	int rc = act_allowed(a, arg);

	/* Everything act_forbidden() tries must not return. */
	return rc != -1 ? rc : act_forbidden(a, arg);
}

int
main(int argc, char *argv[])
{
	enum sb_seccomp mode;

	if ((argc != 4 && argc != 5) || (strcmp(argv[1], "kill") != 0 &&
	    strcmp(argv[1], "log") != 0 && strcmp(argv[1], "none") != 0)) {
		fprintf(stderr, "usage: sbtry kill|log|none ACTION DIR [ARG]\n");
		return 2;
	}
	mode = strcmp(argv[1], "kill") == 0 ? SB_SECCOMP_KILL :
	    strcmp(argv[1], "log") == 0 ? SB_SECCOMP_LOG : SB_SECCOMP_OFF;
	log_init(true, false);
	inet_fd = socket(AF_INET, SOCK_STREAM, 0);
	unix_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	dir_fd = open(argv[3], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (inet_fd == -1 || unix_fd == -1 || dir_fd == -1 ||
	    chdir(argv[3]) == -1) {
		perror("sbtry");
		return 4;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	if (sb_seccomp_install(mode, dir_fd) == -1)
		return 4;
	return act(argv[2], argc == 5 ? argv[4] : NULL);
}
