/*
 * logsink — stands in for syslogd's /dev/log (or any local datagram
 * receiver): binds an AF_UNIX datagram socket at PATH (@NAME: the abstract
 * name NAME), prints "listening", then prints every datagram received, one
 * per line, until SECONDS have passed. Exits 0 (1 on error).
 *
 * usage: logsink PATH|@NAME SECONDS
 */
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timespec now, end;
	struct pollfd pfd;
	socklen_t len;
	char buf[4096];
	size_t plen;
	ssize_t n;
	long left;
	int fd;

	if (argc != 3 || (plen = strlen(argv[1])) < 2 ||
	    plen >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: logsink PATH|@NAME SECONDS\n");
		return 2;
	}
	memcpy(sun.sun_path, argv[1], plen);
	if (argv[1][0] == '@')
		sun.sun_path[0] = '\0';
	else
		unlink(argv[1]);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, len) == -1) {
		perror("logsink");
		return 1;
	}
	/* The daemon logs as another user. */
	if (argv[1][0] != '@')
		chmod(argv[1], 0666);
	printf("listening\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atoi(argv[2]);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (end.tv_sec - now.tv_sec) * 1000 +
		    (end.tv_nsec - now.tv_nsec) / 1000000;
		if (left <= 0 || poll(&pfd, 1, (int)left) != 1)
			return 0;
		if ((n = recv(fd, buf, sizeof(buf) - 1, 0)) < 0)
			return 1;
		buf[n] = '\0';
		printf("%s\n", buf);
		fflush(stdout);
	}
}
