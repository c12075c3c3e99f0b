/* cli/opt.c: a table of every kind of row, parsed from argument vectors
 * in short and long forms, with ranges, missing values and unknown
 * options. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/cli.h"
#include "../../cli/opt.h"

struct st {
	int flag, verbose, seen;
	uint8_t u8;
	uint16_t u16;
	long long big;
	double secs;
	const char *str, *called;
};

static int stopped;

static void
stop(void)
{
	stopped++;
}

static int
call(void *base, const char *arg, char *errbuf)
{
	if (!strcmp(arg, "bad")) {
		cli_err(errbuf, "--call 'bad': no");
		return -1;
	}
	((struct st *)base)->called = arg;
	return 0;
}

#define T_ROW(f) OPT_AT(struct st, f)

static const struct opt rows[] = {
	{'f', "flag", .kind = OPT_SET, T_ROW(flag), .set = 7},
	{'v', .kind = OPT_INC, T_ROW(verbose)},
	{'b', .kind = OPT_NUM, T_ROW(u8), OPT_SEEN(struct st, seen), .min = 1,
	 .max = 255, .what = "-b byte"},
	{'Q', .kind = OPT_NUM, T_ROW(u16), .base = OPT_ANY_BASE, .min = 0,
	 .max = 65535, .what = "-Q word"},
	{0, "big", 0x400, OPT_NUM, T_ROW(big), .min = 0, .max = INT64_MAX,
	 .what = "--big"},
	{'w', "wait", .kind = OPT_DEC, T_ROW(secs), .dmin = 0, .dmax = 10,
	 .min_open = 1, .what = "-w wait", .unit = "seconds"},
	{'s', .kind = OPT_STR, T_ROW(str)},
	{'n', .kind = OPT_NONE},
	{0, "call", 0x401, OPT_CALL, .arg = 1, .call = call},
	{'h', "help", .kind = OPT_STOP, .stop = stop},
	{0},
};

static struct st S;
static char err[CLI_ERRBUF];

static char pool[16][64], *argv_[16];
static int argc_;

/* Parse a NULL-terminated vector after the command name "t" (copied, as
 * getopt may permute a writable argv). */
static int
parse(const char *a0, ...)
{
	const char *a = "t";
	va_list ap;

	va_start(ap, a0);
	for (argc_ = 0; a && argc_ < 15; argc_++) {
		snprintf(pool[argc_], sizeof(pool[argc_]), "%s", a);
		argv_[argc_] = pool[argc_];
		a = argc_ ? va_arg(ap, const char *) : a0;
	}
	va_end(ap);
	argv_[argc_] = NULL;
	memset(&S, 0, sizeof(S));
	err[0] = 0;
	/* No reset of getopt here: opt_parse must forget an earlier parse
	 * by itself (a test parses many times). */
	return opt_parse_one("t", rows, &S, argc_, argv_, err);
}

Test(opt, short_and_long_forms)
{
	cr_assert_eq(parse("-f", "-vv", "-b", "9", "-Q0x10", "--big=12", "-w",
			   "2.5", "-sx", "-n", "--call", "c", "op", NULL),
		     0, "%s", err);
	cr_assert_eq(S.flag, 7);
	cr_assert_eq(S.verbose, 2);
	cr_assert_eq(S.u8, 9);
	cr_assert_eq(S.seen, 1);
	cr_assert_eq(S.u16, 16);
	cr_assert_eq(S.big, 12);
	cr_assert(fabs(S.secs - 2.5) < 1e-12);
	cr_assert_str_eq(S.str, "x");
	cr_assert_str_eq(S.called, "c");
	cr_assert_eq(optind, 13);
	cr_assert_eq(parse("--flag", "--wait", "1", "--bi", "3", NULL), 0);
	cr_assert_eq(S.flag, 7);
	cr_assert_eq(S.big, 3);
	cr_assert_eq(S.seen, 0);
}

/* GNU permutation: options after operands are taken, the operands end
 * argv in their order, and "--" ends the options. */
Test(opt, options_anywhere)
{
	cr_assert_eq(parse("-v", "op", "-v", NULL), 0);
	cr_assert_eq(S.verbose, 2);
	cr_assert_eq(optind, 3);
	cr_assert_str_eq(argv_[3], "op");
	cr_assert_eq(parse("h1", "-b", "9", "h2", "--flag", "-sx", NULL), 0,
		     "%s", err);
	cr_assert_eq(S.u8, 9);
	cr_assert_eq(S.flag, 7);
	cr_assert_str_eq(S.str, "x");
	cr_assert_eq(optind, 5);
	cr_assert_str_eq(argv_[5], "h1");
	cr_assert_str_eq(argv_[6], "h2");
	cr_assert_eq(argc_, 7);
	cr_assert_eq(parse("--", "-v", NULL), 0);
	cr_assert_eq(S.verbose, 0);
	cr_assert_eq(optind, 2);
	cr_assert_str_eq(argv_[2], "-v");
	cr_assert_eq(parse("a", "-v", "--", "-b", "x", NULL), 0, "%s", err);
	cr_assert_eq(S.verbose, 1);
	cr_assert_eq(S.u8, 0);
	cr_assert_eq(optind, 3);
	cr_assert_str_eq(argv_[3], "a");
	cr_assert_str_eq(argv_[4], "-b");
	cr_assert_str_eq(argv_[5], "x");
	/* An unknown option after an operand is still an error. */
	cr_assert_eq(parse("op", "-x", NULL), -1);
	cr_assert_str_eq(err,
			 "t: option -x: unknown option; see icmpkit help t");
	cr_assert_eq(parse("op", "--nope", NULL), -1);
	cr_assert_str_eq(err, "t: option --nope: unknown or missing its "
			      "value; see icmpkit help t");
}

/* The one HOST of send and ping may come first. */
Test(opt, host_before_options)
{
	const char *host = NULL;

	cr_assert_eq(parse("h1", "-b", "3", NULL), 0, "%s", err);
	cr_assert_eq(S.u8, 3);
	cr_assert_eq(opt_host("t", argc_, argv_, &host, err), 0, "%s", err);
	cr_assert_str_eq(host, "h1");
}

Test(opt, ranges)
{
	cr_assert_eq(parse("-b", "0", NULL), -1);
	cr_assert_str_eq(err, "-b byte '0': out of range; use 1 to 255");
	cr_assert_eq(parse("-b", "256", NULL), -1);
	cr_assert_eq(parse("-b", "1x", NULL), -1);
	cr_assert_str_eq(err, "-b byte '1x': not a number");
	cr_assert_eq(parse("-Q", "0x10000", NULL), -1);
	cr_assert_eq(parse("--big", "-1", NULL), -1);
	cr_assert_eq(parse("-w", "0", NULL), -1);
	cr_assert_str_eq(err,
			 "-w wait '0': not a number of seconds in (0, 10]");
	cr_assert_eq(parse("-w", "10", NULL), 0);
	cr_assert_eq(parse("--call", "bad", NULL), -1);
	cr_assert_str_eq(err, "--call 'bad': no");
}

Test(opt, missing_and_unknown)
{
	cr_assert_eq(parse("-b", NULL), -1);
	cr_assert_str_eq(err,
			 "t: option -b: needs a value; see icmpkit help t");
	cr_assert_eq(parse("-x", NULL), -1);
	cr_assert_str_eq(err,
			 "t: option -x: unknown option; see icmpkit help t");
	cr_assert_eq(parse("--nope", NULL), -1);
	cr_assert_str_eq(err, "t: option --nope: unknown or missing its "
			      "value; see icmpkit help t");
	cr_assert_eq(parse("--wait", NULL), -1);
	cr_assert_eq(parse("--flag=1", NULL), -1);
}

Test(opt, stop_and_host)
{
	const char *host = NULL;

	stopped = 0;
	cr_assert_eq(parse("-v", "--help", "-b", "0", NULL), 1);
	cr_assert_eq(stopped, 1);
	cr_assert_eq(parse("-h", NULL), 1);
	cr_assert_eq(parse("-v", "h1", "h2", NULL), 0);
	cr_assert_eq(opt_host("t", argc_, argv_, &host, err), -1);
	cr_assert_str_eq(err, "t: one HOST only; see icmpkit help t");
	optind = 4;
	cr_assert_eq(opt_host("t", argc_, argv_, &host, err), -1);
	cr_assert_str_eq(err, "t: no HOST given; usage: icmpkit t "
			      "[options] HOST");
	optind = 3;
	cr_assert_eq(opt_host("t", argc_, argv_, &host, err), 0);
	cr_assert_str_eq(host, "h2");
}
