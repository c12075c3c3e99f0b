/* Command-line helpers shared by every command. */
#ifndef ICMPKIT_CLI_CLI_H
#define ICMPKIT_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CLI_ERRBUF 512

/* Parse a decimal integer in [min, max] (strtonum style).  On failure
 * fills errbuf with "<what>: <why>" naming the bad value, returns -1. */
int cli_num(const char *s, long long min, long long max, const char *what,
	    long long *out, char *errbuf);
/* The same in another base (0: decimal, 0x hex or 0 octal, as strtol). */
int cli_num_base(const char *s, int base, long long min, long long max,
		 const char *what, long long *out, char *errbuf);
/* Parse a decimal number (seconds, a rate, a factor) in [min, max], or
 * (min, max] when min_open; max may be INFINITY ("above MIN").  NaN and
 * infinities are refused.  unit names the kind in the message ("seconds",
 * or NULL for none): "<what> '<s>': not a number of <unit> in [a, b]". */
int cli_decimal(const char *s, double min, double max, int min_open,
		const char *what, const char *unit, double *out, char *errbuf);
/* Parse a hex pattern (an even number of hex digits, 1 to max bytes) into
 * out; *n is the byte count.  "<what> '<s>': not a hex pattern ..." */
int cli_hex(const char *s, size_t max, const char *what, uint8_t *out,
	    size_t *n, char *errbuf);
/* Join argv[0..argc) with spaces into buf (for BPF filters). */
int cli_join(int argc, char **argv, char *buf, size_t size, char *errbuf);
/* The message for getopt's '?' or ':' (opterr = 0, optstring starting
 * with "+:"), naming the command and where its help is. */
void cli_opt_error(const char *cmd, int opt, char **argv, char *errbuf);
/* libpcap messages often start with the file name already: the rest. */
const char *cli_strip_name(const char *msg, const char *name);
/* How many CPUs this process may run on (its affinity mask, as taskset
 * or a cpuset leaves it), at least 1. */
int cli_cpus(void);
/* Spin until ready(arg) says yes (1) or ns have passed (0): for a thread
 * waiting a short while for another, as waking a sleeping CPU costs more.
 * It yields now and then, should both threads share one CPU. */
int cli_spin(int (*ready)(void *), void *arg, int64_t ns);
/* Clock c (CLOCK_MONOTONIC, CLOCK_REALTIME) in nanoseconds. */
int64_t cli_now_ns(clockid_t c);
struct obuf;
/* The end of a command's output: flush o and its FILE; on a write error
 * (now or earlier, o->err is sticky) fill errbuf with "stdout: write
 * failed: <why>" and return -1. */
int cli_out_done(struct obuf *o, char *errbuf);
/* Format an error message into errbuf. */
void cli_err(char *errbuf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Close fd, letting a child process that lives until this process has
 * exited do the last close (a packet socket's release waits for an RCU
 * grace period); a plain close when that cannot be done. */
void cli_close_later(int fd);

#endif
