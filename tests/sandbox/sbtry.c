/*
 * sbtry — installs rpcbindd's own seccomp filter (sb_seccomp_install, the
 * code the daemon runs) and then makes one system call, named on the
 * command line. A forbidden call must kill the process with SIGSYS; an
 * allowed one must work; a refused libc probe must fail with EACCES.
 *
 * usage: sbtry kill|log ACTION
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "sandbox.h"

#ifdef RPCBINDD_SANITIZERS
/* As in the daemon: no LeakSanitizer exit check under the filter. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

static int
act(const char *a, int inet_fd)
{
	if (strcmp(a, "write") == 0)
		return write(1, "wrote\n", 6) == 6 ? 0 : 1;
	if (strcmp(a, "socket-unix") == 0)
		return socket(AF_UNIX, SOCK_DGRAM, 0) >= 0 ? 0 : 1;
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
	/* Everything below must not return. */
	if (strcmp(a, "execve") == 0) {
		static char prog[] = "/bin/true";
		char *argv[] = { prog, NULL };

		execve(prog, argv, NULL);
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

int
main(int argc, char *argv[])
{
	int fd;

	if (argc != 3 || (strcmp(argv[1], "kill") != 0 &&
	    strcmp(argv[1], "log") != 0)) {
		fprintf(stderr, "usage: sbtry kill|log ACTION\n");
		return 2;
	}
	log_init(true, false);
	/* A socket made before the filter, as the daemon's are. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	setvbuf(stdout, NULL, _IONBF, 0);
	if (sb_seccomp_install(strcmp(argv[1], "kill") == 0 ?
	    SB_SECCOMP_KILL : SB_SECCOMP_LOG) == -1)
		return 4;
	return act(argv[2], fd);
}
