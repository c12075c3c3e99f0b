#include "dump.h"

#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define DUMP_BUF  (1 << 16)
#define DUMP_HDR  24		      /* the pcap file header */
#define DUMP_RING (DUMP_BUF / 16 + 2) /* records are >= 16 bytes */

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

/* Open the current name: our own FILE with a buffer of DUMP_BUF bytes
 * (the cut-back after an error relies on its size); "-" is stdout. */
static int
dump_fopen(struct dump *w, char *errbuf)
{
	FILE *fp;

	if (w->to_stdout) {
		snprintf(w->name, sizeof(w->name), "stdout");
		w->d = dump_stdout(w, errbuf);
		return w->d ? 0 : -1;
	}
	if (dump_name(w, w->nfile, errbuf) < 0)
		return -1;
	fp = fopen(w->name, "wb");
	if (!fp) {
		cli_err(errbuf, "%s: %s", w->name, strerror(errno));
		return -1;
	}
	setvbuf(fp, w->buf, _IOFBF, DUMP_BUF);
	w->d = pcap_dump_fopen(w->p, fp);
	if (!w->d)
		fclose(fp);
	if (!w->d) {
		cli_err(errbuf, "%s: %s", w->name,
			cli_strip_name(pcap_geterr(w->p), w->name));
		return -1;
	}
	return 0;
}

static int
dump_next(struct dump *w, char *errbuf)
{
	if (dump_fopen(w, errbuf) < 0)
		return -1;
	w->nfile++;
	w->opened = time(NULL);
	w->off = DUMP_HDR;
	w->nrec = 0;
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
	w->buf = malloc(DUMP_BUF);
	w->ring = malloc(DUMP_RING * sizeof(*w->ring));
	if (!w->buf || !w->ring)
		cli_err(errbuf, "memory: out of memory");
	else if (dump_next(w, errbuf) == 0)
		return 0;
	/* Not open: nobody will dump_close() it. */
	free(w->buf);
	free(w->ring);
	w->buf = NULL;
	w->ring = NULL;
	return -1;
}

/* How many records of the current file end at or before size bytes. */
static unsigned long long
dump_whole(const struct dump *w, unsigned long long size)
{
	unsigned long long k = w->nrec;

	while (k > 0 && k + DUMP_RING > w->nrec &&
	       w->ring[(k - 1) % DUMP_RING] > size)
		k--;
	return k;
}

/* A write failed: drop what stdio still holds, cut a regular file back
 * to its last whole record, close it, and say so. */
static int
dump_fail(struct dump *w, char *errbuf)
{
	int e = errno ? errno : EIO, fd;
	FILE *f = pcap_dump_file(w->d);
	unsigned long long k = 0;
	struct stat st;

	__fpurge(f);
	fd = fileno(f);
	if (fstat(fd, &st) < 0)
		st.st_mode = 0;
	if (S_ISREG(st.st_mode) && st.st_size < DUMP_HDR) {
		if (ftruncate(fd, 0) < 0)
			st.st_size = 0; /* nothing more to do either way */
		cli_err(errbuf,
			"%s: write failed: %s; not even the file header "
			"could be written",
			w->name, strerror(e));
	} else if (S_ISREG(st.st_mode)) {
		k = dump_whole(w, (unsigned long long)st.st_size);
		if (ftruncate(fd, k ? (off_t)w->ring[(k - 1) % DUMP_RING]
				    : DUMP_HDR) < 0)
			k = 0;
		cli_err(errbuf,
			"%s: write failed: %s; the file holds its first %llu "
			"records, cut back to the last whole one",
			w->name, strerror(e), k);
	} else {
		cli_err(errbuf, "%s: write failed: %s", w->name, strerror(e));
	}
	pcap_dump_close(w->d);
	w->d = NULL;
	return -1;
}

/* Close the current file, checking that every byte reached it. */
static int
dump_finish(struct dump *w, char *errbuf)
{
	if (!w->d)
		return 0;
	errno = 0;
	if (pcap_dump_flush(w->d) < 0 || ferror(pcap_dump_file(w->d)))
		return dump_fail(w, errbuf);
	pcap_dump_close(w->d);
	w->d = NULL;
	return 0;
}

int
dump_write(struct dump *w, const struct pcap_pkthdr *h,
	   const unsigned char *data, char *errbuf)
{
	int rotate = 0;

	if (w->done)
		return 1;
	if (!w->d) {
		cli_err(errbuf, "%s: closed after a write error", w->name);
		return -1;
	}
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
	errno = 0;
	pcap_dump((unsigned char *)w->d, h, data);
	if (ferror(pcap_dump_file(w->d)))
		return dump_fail(w, errbuf);
	w->off += 16 + h->caplen;
	w->ring[w->nrec++ % DUMP_RING] = w->off;
	return 0;
}

int
dump_flush(struct dump *w, char *errbuf)
{
	errno = 0;
	if (w->d && pcap_dump_flush(w->d) < 0)
		return dump_fail(w, errbuf);
	return 0;
}

int
dump_close(struct dump *w, char *errbuf)
{
	int rc = dump_finish(w, errbuf);

	free(w->buf);
	free(w->ring);
	w->buf = NULL;
	w->ring = NULL;
	return rc;
}
