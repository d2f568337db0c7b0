/*
 * nolsan.h — included once, by the file holding main(), in a program that
 * runs under the seccomp filter (the daemon, tests/sandbox/sbtry).
 *
 * In a sanitizer build such a program keeps ASan and UBSan, but not
 * LeakSanitizer's check at exit: it needs ptrace, clone and /proc, which
 * the chroot and the filter rightly refuse. Unit tests and fuzz replays
 * keep it. ASan's runtime asks for this function by name, hence a
 * definition in a header rather than in the library, whose objects are
 * linked only when something else in them is used.
 */
#ifndef RPCBINDD_NOLSAN_H
#define RPCBINDD_NOLSAN_H

#ifdef RPCBINDD_SANITIZERS
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

#endif
