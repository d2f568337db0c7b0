/*
 * replay — runs a fuzz target over its corpus without libFuzzer, so the
 * corpus and every crasher kept in .repro/ are replayed by `make check` in
 * the normal (and the sanitizer) build.
 *
 * Usage: replay_<t> CORPUS_DIR [MORE_DIR_OR_FILE...]. The corpus must hold
 * at least one input; the other arguments may be absent (an empty .repro/).
 * Every input goes through LLVMFuzzerTestOneInput in one process, as under
 * libFuzzer, so the target's invariants run on each one and abort() on a
 * violation. The result is ONE TAP check for the target, with the number
 * of inputs replayed: a corpus file is not a behaviour of its own, and one
 * line per file made the suite's total read as thousands of checks. A
 * crash (a violated invariant, a signal, a sanitizer report) prints
 * "not ok" naming the input before the process dies, so the failure says
 * which file to look at.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

/* Present only in a sanitizer build: called before a report ends it. */
extern void __sanitizer_set_death_callback(void (*)(void))
    __attribute__((weak));

#define INPUT_MAX	(1 << 20)	/* libFuzzer runs with -max_len=9000 */

static char	name[256];		/* fuzz_<t> */
static char	current[4096];		/* the input being run */
static volatile sig_atomic_t reported;

/* Async-signal-safe: only write(2) of what is already formatted. */
static void
say_crash(const char *why)
{
	static const char pre[] = "not ok 1 - ";
	static const char mid[] = ": input ";
	static const char end[] = "\n1..1\n";

	if (reported)
		return;
	reported = 1;
	(void)!write(STDOUT_FILENO, pre, sizeof(pre) - 1);
	(void)!write(STDOUT_FILENO, name, strlen(name));
	(void)!write(STDOUT_FILENO, mid, sizeof(mid) - 1);
	(void)!write(STDOUT_FILENO, current, strlen(current));
	(void)!write(STDOUT_FILENO, why, strlen(why));
	(void)!write(STDOUT_FILENO, end, sizeof(end) - 1);
}

static void
on_signal(int sig)
{
	say_crash(" crashed (a violated invariant aborts)");
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_sanitizer_death(void)
{
	say_crash(" made the sanitizers report (see the log)");
}

static void
fail(const char *what, const char *arg)
{
	printf("not ok 1 - %s: %s %s\n1..1\n", name, what, arg);
	exit(1);
}

/* Runs one input; returns 1 if it ran. */
static int
run_file(const char *path)
{
	static unsigned char buf[INPUT_MAX];
	FILE *f;
	size_t len;
	int big;

	if ((f = fopen(path, "rb")) == NULL)
		fail("cannot open", path);
	len = fread(buf, 1, sizeof(buf), f);
	big = len == sizeof(buf) && fgetc(f) != EOF;
	if (ferror(f))
		fail("cannot read", path);
	fclose(f);
	if (big)
		fail("input over 1 MiB:", path);
	snprintf(current, sizeof(current), "%s", path);
	LLVMFuzzerTestOneInput(buf, len);
	return 1;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Runs every regular file of a directory (or the file itself). */
static int
run_path(const char *arg)
{
	struct dirent **ents;
	struct stat st;
	char path[4096];
	int k, m, n = 0;

	if (stat(arg, &st) == -1)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return run_file(arg);
	if ((m = scandir(arg, &ents, NULL, by_name)) == -1)
		fail("cannot list", arg);
	for (k = 0; k < m; k++) {
		snprintf(path, sizeof(path), "%s/%s", arg, ents[k]->d_name);
		if (ents[k]->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode))
			n += run_file(path);
		free(ents[k]);
	}
	free(ents);
	return n;
}

int
main(int argc, char *argv[])
{
	static const int sigs[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
	const char *base;
	int corpus, kept = 0, i;

	base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (strncmp(base, "lt-", 3) == 0)
		base += 3;
	if (strncmp(base, "replay_", 7) == 0)
		base += 7;
	snprintf(name, sizeof(name), "fuzz_%s", base);
	if (argc < 2)
		fail("usage: replay_<target> CORPUS_DIR [KEPT_CRASHERS...], not",
		    argv[0]);
	/* The sanitizers report faults with a stack of their own, and call
	 * back before they end the process; abort() is always ours to see. */
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(on_sanitizer_death);
	for (i = 0; i < (int)(sizeof(sigs) / sizeof(sigs[0])); i++)
		if (sigs[i] == SIGABRT ||
		    __sanitizer_set_death_callback == NULL)
			signal(sigs[i], on_signal);

	if ((corpus = run_path(argv[1])) == 0)
		fail("no input (the corpus must not be empty) in", argv[1]);
	for (i = 2; i < argc; i++)
		kept += run_path(argv[i]);
	current[0] = '\0';
	printf("ok 1 - %s: %d inputs replayed (%d corpus, %d kept crashers), "
	    "invariants held\n1..1\n", name, corpus + kept, corpus, kept);
	return 0;
}
