/*
 * replay — runs a fuzz target over files, without libFuzzer, so the seed
 * corpus and every crasher kept in .repro/ are replayed by `make check` in
 * the normal (and the sanitizer) build. Prints TAP, one line per file; a
 * violated invariant aborts, which the TAP driver reports as a failure.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static int n;

static void
run_file(const char *path)
{
	static unsigned char buf[1 << 20];
	FILE *f;
	size_t len;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok %d - %s: cannot open\n", ++n, path);
		return;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, len);
	printf("ok %d - %s (%zu bytes)\n", ++n, path, len);
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
main(int argc, char *argv[])
{
	struct dirent **ents;
	struct stat st;
	char path[4096];
	int i, k, m;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1)
			continue;	/* an absent .repro/ is fine */
		if (!S_ISDIR(st.st_mode)) {
			run_file(argv[i]);
			continue;
		}
		if ((m = scandir(argv[i], &ents, NULL, by_name)) == -1)
			continue;
		for (k = 0; k < m; k++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    ents[k]->d_name);
			if (ents[k]->d_name[0] != '.' && stat(path, &st) == 0 &&
			    S_ISREG(st.st_mode))
				run_file(path);
			free(ents[k]);
		}
		free(ents);
	}
	printf("1..%d\n", n);
	return n > 0 ? 0 : 1;
}
