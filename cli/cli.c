#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../decode/out.h"

void
cli_err(char *errbuf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, CLI_ERRBUF, fmt, ap);
	va_end(ap);
}

int
cli_num(const char *s, long long min, long long max, const char *what,
	long long *out, char *errbuf)
{
	return cli_num_base(s, 10, min, max, what, out, errbuf);
}

int
cli_num_base(const char *s, int base, long long min, long long max,
	     const char *what, long long *out, char *errbuf)
{
	char *end;
	long long v;

	errno = 0;
	if (!*s) {
		cli_err(errbuf, "%s '': not a number", what);
		return -1;
	}
	v = strtoll(s, &end, base);
	if (*end || end == s) {
		cli_err(errbuf, "%s '%s': not a number", what, s);
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		cli_err(errbuf, "%s '%s': out of range; use %lld to %lld", what,
			s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
cli_decimal(const char *s, double min, double max, int min_open,
	    const char *what, const char *unit, double *out, char *errbuf)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s && !*end && !errno && isfinite(v) &&
	    (min_open ? v > min : v >= min) && v <= max) {
		*out = v;
		return 0;
	}
	if (isinf(max))
		cli_err(errbuf, "%s '%s': not a number%s%s above %.15g", what,
			s, unit ? " of " : "", unit ? unit : "", min);
	else
		cli_err(errbuf, "%s '%s': not a number%s%s in %c%.15g, %.15g]",
			what, s, unit ? " of " : "", unit ? unit : "",
			min_open ? '(' : '[', min, max);
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
cli_hex(const char *s, size_t max, const char *what, uint8_t *out, size_t *n,
	char *errbuf)
{
	size_t len = strlen(s), i;

	for (i = 0; len && len % 2 == 0 && len / 2 <= max && i < len; i++)
		if (hexval(s[i]) < 0)
			break;
	if (!len || len % 2 || len / 2 > max || i < len) {
		cli_err(errbuf, "%s '%s': not a hex pattern of 1 to %zu bytes",
			what, s, max);
		return -1;
	}
	for (i = 0; i < len / 2; i++)
		out[i] =
			(uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	*n = len / 2;
	return 0;
}

int
cli_join(int argc, char **argv, char *buf, size_t size, char *errbuf)
{
	size_t n = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (n + l + 2 > size) {
			cli_err(errbuf, "filter: longer than %zu bytes", size);
			return -1;
		}
		if (i)
			buf[n++] = ' ';
		memcpy(buf + n, argv[i], l + 1);
		n += l;
	}
	return 0;
}

void
cli_opt_error(const char *cmd, int opt, char **argv, char *errbuf)
{
	/* getopt_long puts a long option's value in optopt: the tables
	 * number long-only options from 0x100, which are no letters. */
	if (optopt > ' ' && optopt < 0x7f)
		cli_err(errbuf, "%s: option -%c: %s; see icmpkit help %s", cmd,
			optopt, opt == ':' ? "needs a value" : "unknown option",
			cmd);
	else
		cli_err(errbuf,
			"%s: option %s: unknown or missing its value; see "
			"icmpkit help %s",
			cmd, argv[optind - 1], cmd);
}

const char *
cli_strip_name(const char *msg, const char *name)
{
	size_t n = strlen(name);

	if (!strncmp(msg, name, n) && !strncmp(msg + n, ": ", 2))
		return msg + n + 2;
	return msg;
}

int64_t
cli_now_ns(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int
cli_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

int
cli_spin(int (*ready)(void *), void *arg, int64_t ns)
{
	int64_t until = cli_now_ns(CLOCK_MONOTONIC) + ns;
	unsigned i;

	for (i = 1;; i++) {
		if (ready(arg))
			return 1;
		if (!(i & 63)) {
			if (cli_now_ns(CLOCK_MONOTONIC) > until)
				return 0;
			sched_yield();
		}
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
}

int
cli_out_done(struct obuf *o, char *errbuf)
{
	errno = 0;
	ob_flush(o);
	if (!o->err && fflush(o->fp) != 0)
		o->err = errno ? errno : EIO;
	if (!o->err)
		return 0;
	cli_err(errbuf, "stdout: write failed: %s", strerror(o->err));
	return -1;
}
