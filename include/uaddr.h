/*
 * uaddr.h — universal addresses (RFC 1833 §2.3, RFC 5665): "h1.h2.h3.h4.p1.p2"
 * for IPv4, "<IPv6 text>.p1.p2" for IPv6, the path itself for AF_LOCAL.
 */
#ifndef RPCBINDD_UADDR_H
#define RPCBINDD_UADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Parses an IP universal address. Returns 0, or -1 when it is not one. */
int	uaddr_to_sa(const char *uaddr, struct sockaddr_storage *, socklen_t *);
/* Formats an AF_INET or AF_INET6 address (with its port). -1 on overflow. */
int	sa_to_uaddr(const struct sockaddr *, char *buf, size_t size);
/* The port of an IP universal address, or -1. */
int	uaddr_port(const char *uaddr);
/* True for "0.0.0.0.p1.p2" and "::.p1.p2" (and other spellings of them). */
bool	uaddr_is_wildcard(const char *uaddr);
/* Formats host (4 or 16 bytes) and port as a universal address; IPv4 is
 * written by hand (the hot path of GETADDR). -1 on overflow. */
int	uaddr_format(int family, const uint8_t *host, unsigned port, char *buf,
	    size_t size);

#endif
