/* The option tables of cli/opt.h, read with getopt_long. */
#include "opt.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "near.h"

static int
opt_takes_arg(const struct opt *o)
{
	return o->kind == OPT_STR || o->kind == OPT_NUM || o->kind == OPT_DEC ||
	       (o->kind == OPT_CALL && o->arg);
}

/* What getopt_long returns for the row's long option. */
static int
opt_code(const struct opt *o)
{
	return o->val ? o->val : o->letter;
}

/* The optstring and long options of all groups; -1 if they overflow. */
static int
opt_build(const struct opt_group *g, char *shorts, struct option *longs,
	  char *errbuf)
{
	size_t ns = 0, nl = 0;
	const struct opt *o;

	/* No '+': glibc permutes, so options may follow operands (GNU
	 * style) and "--" ends them; POSIXLY_CORRECT turns that off. */
	shorts[ns++] = ':'; /* a missing value is ':', not '?' */
	for (; g->rows; g++)
		for (o = g->rows; o->kind != OPT_END; o++) {
			if (nl == OPT_MAX) {
				cli_err(errbuf, "more than %d options",
					OPT_MAX);
				return -1;
			}
			if (o->letter) {
				shorts[ns++] = (char)o->letter;
				if (opt_takes_arg(o))
					shorts[ns++] = ':';
			}
			if (o->name)
				longs[nl++] = (struct option){
					o->name,
					opt_takes_arg(o) ? required_argument
							 : no_argument,
					NULL, opt_code(o)};
		}
	shorts[ns] = 0;
	memset(&longs[nl], 0, sizeof(longs[nl]));
	return 0;
}

/* The row that getopt_long's c stands for, and its group. */
static const struct opt *
opt_find(const struct opt_group *groups, int c, const struct opt_group **in)
{
	const struct opt_group *g;
	const struct opt *o;

	for (g = groups; g->rows; g++)
		for (o = g->rows; o->kind != OPT_END; o++)
			if ((o->letter && c == o->letter) ||
			    (o->name && c == opt_code(o))) {
				*in = g;
				return o;
			}
	return NULL;
}

/* Store v in a field of size bytes, as its type would hold it. */
static void
opt_store(void *p, size_t size, long long v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	if (size == 1)
		memcpy(p, &u8, 1);
	else if (size == 2)
		memcpy(p, &u16, 2);
	else if (size == 4)
		memcpy(p, &u32, 4);
	else
		memcpy(p, &v, sizeof(v));
}

static int
opt_apply(const struct opt *o, char *base, const char *arg, char *errbuf)
{
	char *p = base + o->off;
	long long v;
	double d;

	switch (o->kind) {
	case OPT_SET:
		opt_store(p, o->size, o->set);
		break;
	case OPT_INC:
		(*(int *)(void *)p)++;
		break;
	case OPT_STR:
		memcpy(p, &arg, sizeof(arg));
		break;
	case OPT_NUM:
		if (cli_num_base(arg, o->base == OPT_ANY_BASE ? 0 : 10, o->min,
				 o->max, o->what, &v, errbuf) < 0)
			return -1;
		opt_store(p, o->size, v);
		break;
	case OPT_DEC:
		if (cli_decimal(arg, o->dmin, o->dmax, o->min_open, o->what,
				o->unit, &d, errbuf) < 0)
			return -1;
		memcpy(p, &d, sizeof(d));
		break;
	case OPT_STOP:
		o->stop();
		return 1;
	case OPT_CALL:
		return o->call(base, arg, errbuf);
	default:
		break;
	}
	if (o->seen)
		opt_store(base + o->seen - 1, sizeof(int), 1);
	return 0;
}

/* An unknown long option (arg, "--name" or "--name=value"): the message
 * says which option was meant, when one is near: a long name, or a word
 * of a row's what ("--interval" for ping's "-i interval").  A known name
 * whose value was wrong, or no near one, leaves cli_opt_error's line. */
static void
opt_near(const char *cmd, const struct opt_group *groups, const char *arg,
	 char *errbuf)
{
	char name[64], say[72];
	const struct opt_group *g;
	const struct opt *o;
	struct cli_near n;
	const char *w;

	if (strncmp(arg, "--", 2) || !arg[2])
		return;
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg + 2, "="),
		 arg + 2);
	cli_near_init(&n, name);
	for (g = groups; g->rows; g++)
		for (o = g->rows; o->kind != OPT_END; o++) {
			if (o->name && !strcmp(o->name, name))
				return;
			if (o->name) {
				snprintf(say, sizeof(say), "--%s", o->name);
				cli_near_try(&n, o->name, say);
			}
			w = o->what ? strrchr(o->what, ' ') : NULL;
			if (w && o->letter) {
				snprintf(say, sizeof(say), "-%c", o->letter);
				cli_near_try(&n, w + 1, say);
			}
		}
	if (cli_near_best(&n))
		cli_err(errbuf, "%s: option --%s: unknown; %s", cmd, name,
			cli_near_fix(&n, ""));
}

int
opt_parse(const char *cmd, const struct opt_group *groups, int argc,
	  char **argv, char *errbuf)
{
	char shorts[2 + 2 * OPT_MAX];
	struct option longs[OPT_MAX + 1];
	const struct opt_group *g;
	const struct opt *o;
	int c, r;

	if (opt_build(groups, shorts, longs, errbuf) < 0)
		return -1;
	opterr = 0;
	/* 0, not 1: glibc re-reads the optstring and forgets an earlier
	 * parse's permutation state only for optind 0. */
	optind = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		o = c == '?' || c == ':' ? NULL : opt_find(groups, c, &g);
		if (!o) {
			cli_opt_error(cmd, c, argv, errbuf);
			opt_near(cmd, groups, argv[optind - 1], errbuf);
			return -1;
		}
		r = opt_apply(o, g->base, optarg, errbuf);
		if (r)
			return r;
	}
	return 0;
}

int
opt_parse_one(const char *cmd, const struct opt *rows, void *base, int argc,
	      char **argv, char *errbuf)
{
	const struct opt_group groups[] = {{rows, base}, {NULL, NULL}};

	return opt_parse(cmd, groups, argc, argv, errbuf);
}

int
opt_host(const char *cmd, int argc, char **argv, const char **host,
	 char *errbuf)
{
	if (optind >= argc) {
		cli_err(errbuf,
			"%s: no HOST given; usage: icmpkit %s [options] HOST",
			cmd, cmd);
		return -1;
	}
	if (optind != argc - 1) {
		cli_err(errbuf, "%s: one HOST only; see icmpkit help %s", cmd,
			cmd);
		return -1;
	}
	*host = argv[optind];
	return 0;
}
