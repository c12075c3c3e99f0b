/* Table-driven option parsing over getopt_long: one row per option says
 * its short letter and/or long name and what to do with it, and the
 * optstring and the struct option array are made from the rows, so the
 * two cannot disagree.  Options may come before or after operands (GNU
 * permutation: argv is reordered so that the operands end it), "--" ends
 * the options (an operand after it may start with '-'), and unknown
 * options and missing values get cli_opt_error()'s message. */
#ifndef ICMPKIT_CLI_OPT_H
#define ICMPKIT_CLI_OPT_H

#include <stddef.h>

enum opt_kind {
	OPT_END = 0, /* ends a table */
	OPT_SET,     /* store set in the field at off */
	OPT_INC,     /* add one to the int at off (-v, -vv) */
	OPT_STR,     /* store the value (a const char *) at off */
	OPT_NUM,     /* an integer in [min, max] (cli_num) at off */
	OPT_DEC,     /* a decimal in [dmin, dmax] (cli_decimal) at off */
	OPT_NONE,    /* accepted and ignored (-n, a habit from tcpdump) */
	OPT_STOP,    /* call stop() and end parsing with 1 (help) */
	OPT_CALL,    /* call(base, value, errbuf), value NULL without arg */
};

/* OPT_NUM base: strtol's base 0 (decimal, 0x hex, 0 octal). */
#define OPT_ANY_BASE 1

struct opt {
	int letter;	  /* short option, 0 for none */
	const char *name; /* long option without "--", NULL for none */
	int val;	  /* what getopt_long returns for the long option (and
			   * puts in optopt); 0: the letter */
	enum opt_kind kind;
	int arg;     /* OPT_CALL: takes a value */
	size_t off;  /* the field, from the state's start */
	size_t size; /* OPT_NUM: its size (1, 2, 4 or 8 bytes) */
	size_t seen; /* 1 + the offset of an int set to 1 when given */
	int set;     /* OPT_SET */
	int base;    /* OPT_NUM: 0 decimal, or OPT_ANY_BASE */
	long long min, max;
	double dmin, dmax;
	int min_open;	  /* OPT_DEC: (dmin, dmax] */
	const char *what; /* names the option in messages: "-c count" */
	const char *unit; /* OPT_DEC: "seconds", or NULL */
	void (*stop)(void);
	/* OPT_CALL: < 0 error (errbuf filled), 0 go on, > 0 end parsing
	 * with that value. */
	int (*call)(void *base, const char *arg, char *errbuf);
};

/* The field of a row, and the int that says it was given. */
#define OPT_AT(type, field)                                                    \
	.off = offsetof(type, field), .size = sizeof(((type *)0)->field)
#define OPT_SEEN(type, field) .seen = offsetof(type, field) + 1

/* A table and the state its offsets count from; an array of them ends
 * with rows NULL.  A command's own options and shared ones (read and
 * sniff's output options) are separate tables over separate structs. */
struct opt_group {
	const struct opt *rows;
	void *base;
};

#define OPT_MAX 128 /* options of one command, all groups together */

/* Parse argv's options for command cmd: 0 with optind at the first
 * operand (all operands, in their order, from there to argc), > 0 when a row
 * ended parsing (help), -1 with errbuf filled. */
int opt_parse(const char *cmd, const struct opt_group *groups, int argc,
	      char **argv, char *errbuf);
/* After opt_parse: the index in argv of the first operand that came after
 * the "--" ending the options (argc when none came after it), or -1 when
 * there was no "--".  Permutation moves the "--" itself before all the
 * operands, so this is the only way to tell which side an operand was on
 * (replay: files before it, the filter after). */
extern int opt_dashdash;

/* The same for a command with one table. */
int opt_parse_one(const char *cmd, const struct opt *rows, void *base, int argc,
		  char **argv, char *errbuf);

/* The one HOST operand that send and ping take, at optind. */
int opt_host(const char *cmd, int argc, char **argv, const char **host,
	     char *errbuf);

#endif
