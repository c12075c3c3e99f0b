#include "dump.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int
digits(unsigned long long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The name of file number n, as tcpdump spells it. */
static int
dump_name(struct dump *w, unsigned long long n, char *errbuf)
{
	char base[PATH_MAX];
	int len;

	if (w->period) {
		struct tm tm;
		time_t now = time(NULL);

		/* The pattern is the user's own -w argument, as in tcpdump. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (!localtime_r(&now, &tm) ||
		    !strftime(base, sizeof(base), w->pattern, &tm)) {
#pragma GCC diagnostic pop
			cli_err(errbuf, "%s: cannot expand the -G file name",
				w->pattern);
			return -1;
		}
	} else {
		snprintf(base, sizeof(base), "%s", w->pattern);
	}
	if (w->limit && w->files)
		len = snprintf(w->name, sizeof(w->name), "%s%0*llu", base,
			       digits((unsigned long long)w->files - 1),
			       n % (unsigned long long)w->files);
	else if (w->limit && n)
		len = snprintf(w->name, sizeof(w->name), "%s%llu", base, n);
	else
		len = snprintf(w->name, sizeof(w->name), "%s", base);
	if (len < 0 || (size_t)len >= sizeof(w->name)) {
		cli_err(errbuf, "%s: file name too long", w->pattern);
		return -1;
	}
	return 0;
}

int
dump_is_stdout(const char *pattern)
{
	return pattern && !strcmp(pattern, "-");
}

/* pcap_dump_close() closes its FILE: stdout itself must stay open for
 * whatever is flushed after the dump (and for a second run in tests), so
 * the stream goes through a FILE of its own over a copy of fd 1. */
static pcap_dumper_t *
dump_stdout(struct dump *w, char *errbuf)
{
	int fd = dup(STDOUT_FILENO);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	pcap_dumper_t *d;

	if (!f) {
		cli_err(errbuf, "stdout: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	d = pcap_dump_fopen(w->p, f);
	if (!d) {
		cli_err(errbuf, "stdout: %s", pcap_geterr(w->p));
		fclose(f);
	}
	return d;
}

static int
dump_next(struct dump *w, char *errbuf)
{
	if (w->to_stdout) {
		snprintf(w->name, sizeof(w->name), "stdout");
		w->d = dump_stdout(w, errbuf);
		if (!w->d)
			return -1;
		w->nfile++;
		return 0;
	}
	if (dump_name(w, w->nfile, errbuf) < 0)
		return -1;
	w->d = pcap_dump_open(w->p, w->name);
	if (!w->d) {
		cli_err(errbuf, "%s: %s", w->name,
			cli_strip_name(pcap_geterr(w->p), w->name));
		return -1;
	}
	w->nfile++;
	w->opened = time(NULL);
	return 0;
}

int
dump_open(struct dump *w, pcap_t *p, char *errbuf)
{
	w->p = p;
	w->d = NULL;
	w->nfile = 0;
	w->done = 0;
	w->to_stdout = dump_is_stdout(w->pattern);
	if (w->to_stdout && (w->limit || w->period || w->files)) {
		cli_err(errbuf, "-w -: -C, -G and -W need a file name");
		return -1;
	}
	return dump_next(w, errbuf);
}

static int
dump_fail(struct dump *w, const char *what, char *errbuf)
{
	int e = errno ? errno : EIO;

	cli_err(errbuf, "%s: %s: %s", w->name, what, strerror(e));
	return -1;
}

/* Close the current file, checking that every byte reached it. */
static int
dump_finish(struct dump *w, char *errbuf)
{
	FILE *f;
	int bad;
	struct stat st;

	if (!w->d)
		return 0;
	f = pcap_dump_file(w->d);
	errno = 0;
	bad = pcap_dump_flush(w->d) < 0 || ferror(f);
	if (bad)
		dump_fail(w, "write failed", errbuf);
	pcap_dump_close(w->d);
	w->d = NULL;
	/* A capture file cut short must not pass for a complete one; only
	 * regular files are removed (never /dev/full and friends). */
	if (bad && !w->to_stdout && stat(w->name, &st) == 0 &&
	    S_ISREG(st.st_mode))
		unlink(w->name);
	return bad ? -1 : 0;
}

int
dump_write(struct dump *w, const struct pcap_pkthdr *h,
	   const unsigned char *data, char *errbuf)
{
	int rotate = 0;

	if (w->done)
		return 1;
	if (w->period && time(NULL) - w->opened >= w->period)
		rotate = 1;
	if (w->limit && pcap_dump_ftell64(w->d) > w->limit)
		rotate = 1;
	if (rotate) {
		if (dump_finish(w, errbuf) < 0)
			return -1;
		if (w->period && w->files && !w->limit &&
		    w->nfile >= (unsigned long long)w->files) {
			w->done = 1;
			return 1;
		}
		if (dump_next(w, errbuf) < 0)
			return -1;
	}
	pcap_dump((unsigned char *)w->d, h, data);
	if (ferror(pcap_dump_file(w->d)))
		return dump_fail(w, "write failed", errbuf);
	return 0;
}

int
dump_flush(struct dump *w, char *errbuf)
{
	errno = 0;
	if (w->d && pcap_dump_flush(w->d) < 0)
		return dump_fail(w, "write failed", errbuf);
	return 0;
}

int
dump_close(struct dump *w, char *errbuf)
{
	return dump_finish(w, errbuf);
}
