/* Replays inputs through the fuzz harness without libFuzzer, for CI and
 * for reproducing a crash under a plain ASan/UBSan build:
 *
 *   tests/fuzz/replay FILE|DIR...
 *
 * A directory is read one level deep (its regular files, in name order so
 * that runs are reproducible: the tracker keeps state across inputs).
 * Prints how many inputs ran; exits 0 when all ran, 1 if one could not be
 * read (a sanitizer report aborts before that).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Present when a sanitizer is linked in; weak so that a plain build links. */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static unsigned long ran, failed;
static const char *current; /* the input being run, for crash reports */

/* Name the input that killed us: a sanitizer report or an abort() says
 * what went wrong but not which of thousands of files did it. */
static void
say_current(void)
{
	static const char pre[] = "replay: crashed on input: ";
	const char *name;
	size_t n;

	if (!current)
		return;
	n = strlen(current);
	name = current;
	current = NULL; /* once, whichever of the two hooks runs first */
	if (write(2, pre, sizeof(pre) - 1) < 0 || write(2, name, n) < 0 ||
	    write(2, "\n", 1) < 0)
		return;
}

static void
on_signal(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				fprintf(stderr, "replay: %s: out of memory\n",
					path);
				failed++;
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		failed++;
		goto out;
	}
	{
		/* An exact-size copy, as libFuzzer hands its inputs over. */
		uint8_t *in = malloc(len ? len : 1);

		if (!in) {
			failed++;
			goto out;
		}
		memcpy(in, buf, len);
		current = path;
		LLVMFuzzerTestOneInput(in, len);
		current = NULL;
		free(in);
		ran++;
	}
out:
	free(buf);
	fclose(f);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (!dp) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		failed++;
		return;
	}
	while ((e = readdir(dp))) {
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!p)
			abort();
		sprintf(p, "%s/%s", dir, e->d_name);
		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n++] = p;
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: replay FILE|DIR...\n");
		return 2;
	}
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_current);
	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			failed++;
		} else if (S_ISDIR(st.st_mode)) {
			run_dir(argv[i]);
		} else {
			run_file(argv[i]);
		}
	}
	printf("replay: %lu inputs ran", ran);
	if (failed)
		printf(", %lu could not be read", failed);
	printf("\n");
	return failed ? 1 : 0;
}
