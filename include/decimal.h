/*
 * decimal.h — a whole decimal number from text, as the command line and
 * the lists take them: digits only (no sign, no space, no base prefix),
 * at most `max`, checked at each digit so that a long run cannot
 * overflow. Small enough to be inline where it is used.
 */
#ifndef RPCBINDD_DECIMAL_H
#define RPCBINDD_DECIMAL_H

static inline int
dec_parse(const char *s, unsigned long long max, unsigned long long *v)
{
	unsigned long long n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (unsigned)(*s - '0');
		if (n > max)
			return -1;
	}
	*v = n;
	return 0;
}

#endif
