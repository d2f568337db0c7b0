/*
 * notifywait — stands in for systemd's notification socket: binds an
 * AF_UNIX datagram socket at PATH, prints the first datagram received
 * within SECONDS, exits 0 (1 on timeout or error).
 *
 * usage: notifywait PATH SECONDS
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct pollfd pfd;
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: notifywait PATH SECONDS\n");
		return 2;
	}
	strcpy(sun.sun_path, argv[1]);
	unlink(argv[1]);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror("notifywait");
		return 1;
	}
	/* The daemon may run as another user. */
	chmod(argv[1], 0666);
	printf("listening\n");
	fflush(stdout);
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, atoi(argv[2]) * 1000) != 1)
		return 1;
	if ((n = recv(fd, buf, sizeof(buf) - 1, 0)) < 0)
		return 1;
	buf[n] = '\0';
	printf("%s\n", buf);
	return 0;
}
