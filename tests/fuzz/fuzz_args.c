/* libFuzzer harness for a command's argument parser: its option table
 * read by cli/opt.c (getopt_long, ranges, numbers, decimals, callbacks),
 * and the checks its parse_args() makes afterwards.  Built once per
 * command (make fuzz): FUZZ_FILE is the command's source, included so
 * that its static table and parse_args() are reachable, FUZZ_STATE its
 * state struct, FUZZ_CMD its name.
 *
 * The input is the argument vector, its strings separated by NUL bytes
 * (argv[0] is the command).  Invariants: the result is -1, 0 or 1; -1
 * comes with one line in errbuf, 0 with none needed. */
#include FUZZ_FILE

#include <getopt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ARGS 64

static FUZZ_STATE st;

/* getopt keeps a pointer into the last argv it read: start it afresh
 * (optind 0) on a vector that ends at once. */
static void
reset_getopt(void)
{
	static char name[] = "x";
	char *v[] = {name, NULL};

	optind = 0;
	opterr = 0;
	while (getopt(1, v, "") != -1)
		;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[4096 + 1], cmd[] = FUZZ_CMD;
	char *argv[FUZZ_ARGS + 2], errbuf[CLI_ERRBUF];
	size_t i, n = size < 4096 ? size : 4096;
	int argc = 1, rc;

	if (!freopen("/dev/null", "w", stdout)) /* help texts */
		abort();
	memcpy(buf, data, n);
	buf[n] = 0;
	argv[0] = cmd;
	argv[argc++] = buf;
	for (i = 0; i < n && argc <= FUZZ_ARGS; i++)
		if (!buf[i] && i + 1 <= n)
			argv[argc++] = buf + i + 1;
	argv[argc] = NULL;
	memset(&st, 0, sizeof(st));
	errbuf[0] = 0;
	reset_getopt();
	rc = parse_args(&st, argc, argv, errbuf);
	if (rc < -1 || rc > 1 ||
	    (rc == -1 && (!errbuf[0] || strchr(errbuf, '\n')))) {
		fprintf(stderr,
			"fuzz_args: invariant broken: %s returned %d, "
			"errbuf '%s'\n",
			FUZZ_CMD, rc, errbuf);
		abort();
	}
#ifdef FUZZ_FREE
	FUZZ_FREE(&st);
#endif
	return 0;
}
