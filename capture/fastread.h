/* A faster way through the records of a classic pcap file.
 *
 * libpcap reads a record with two fread() calls and copies it into its
 * own buffer; for a file of small ICMP packets that costs as much as
 * decoding them.  Here the file is read in large chunks with pread() and
 * each record is handed over where it lies in the chunk.
 *
 * Only what is plain is done here: a regular file with the standard
 * magic (microseconds or nanoseconds, either byte order), version 2.4, a
 * link type whose records libpcap hands over unchanged, and records that
 * are whole and within the snapshot length.  At the first record that is
 * anything else (cut short, longer than the snapshot length, the end of
 * the file) the FILE libpcap reads from is moved to that record and
 * libpcap takes over: what it reads and the errors it reports are the
 * same as if it had read the whole file itself. */
#ifndef ICMPKIT_CAPTURE_FASTREAD_H
#define ICMPKIT_CAPTURE_FASTREAD_H

#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct fastread {
	FILE *fp;
	int fd;
	int swapped;	/* the file's byte order is not ours */
	int scale_up;	/* microseconds in the file, nanoseconds wanted */
	uint32_t limit; /* the snapshot length, at most 256 KiB */
	uint8_t *buf;
	size_t cap, start, end; /* buf[start, end) is file data at pos */
	off_t pos;
	int eof; /* nothing after buf[end] */
};

/* 1 when fp (which p was opened on, with nanosecond precision, and has
 * read nothing past the file header yet) can be read here; 0 when it
 * is for libpcap alone. */
int fastread_open(struct fastread *f, pcap_t *p, FILE *fp);
/* The next record: 1 with h and data (valid until the next call), or 0
 * when libpcap is to read the rest (fp is positioned at it). */
int fastread_next(struct fastread *f, struct pcap_pkthdr *h,
		  const uint8_t **data);
void fastread_close(struct fastread *f);

#endif
