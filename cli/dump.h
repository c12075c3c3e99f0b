/* Writing records to pcap files, with tcpdump's rotation:
 *   -C MB   start a new file when the current one passes MB * 1,000,000
 *           bytes: FILE, FILE1, FILE2 ... (with -W N: a ring FILE0..FILE<N-1>)
 *   -G SEC  start a new file every SEC seconds; FILE is a strftime(3)
 *           pattern; with -W N, stop after N files
 * "-w -" writes one pcap stream to standard output (no rotation).
 */
#ifndef ICMPKIT_CLI_DUMP_H
#define ICMPKIT_CLI_DUMP_H

#include <limits.h>
#include <pcap/pcap.h>
#include <time.h>

struct dump {
	/* Options. */
	const char *pattern; /* -w */
	long long limit;     /* -C, in bytes; 0 = none */
	long long period;    /* -G, in seconds; 0 = none */
	long long files;     /* -W; 0 = none */
	/* State. */
	pcap_t *p;
	pcap_dumper_t *d;
	char name[PATH_MAX];
	unsigned long long nfile; /* files opened so far */
	time_t opened;
	int done;      /* -G with -W: the last file is complete */
	int to_stdout; /* -w -: a copy of fd 1, closed without closing it */
};

/* Whether -w names standard output. */
int dump_is_stdout(const char *pattern);
/* Opens the first file.  Returns -1 with errbuf filled on failure. */
int dump_open(struct dump *w, pcap_t *p, char *errbuf);
/* Writes one record, rotating first if due.  Returns -1 on error, 1 when
 * -G/-W says the capture is over (the record is not written), 0 else. */
int dump_write(struct dump *w, const struct pcap_pkthdr *h,
	       const unsigned char *data, char *errbuf);
/* Flush so that what was captured is on disk (SIGINT, SIGUSR1). */
int dump_flush(struct dump *w, char *errbuf);
/* Flushes and closes; a file that could not be written completely is
 * removed (only regular files).  Returns -1 on error. */
int dump_close(struct dump *w, char *errbuf);

#endif
