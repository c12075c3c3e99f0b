/* libFuzzer harness for capture/fastread.c, the pcap chunk reader, with
 * libpcap as the oracle: the input is a whole capture file.  libpcap
 * alone reads it from a memory FILE; then it is read the way `icmpkit
 * read` does (fastread from a file descriptor, libpcap from where
 * fastread stops).  Both must give the same records (header and bytes),
 * in the same order, and end the same way (the end of the file or the
 * same error message).  A difference aborts: libFuzzer keeps the input. */
#define _GNU_SOURCE
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../capture/fastread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What reading gave: a running hash of the records and their count, the
 * final status and libpcap's message. */
struct outcome {
	uint64_t hash, n;
	int end;
	char err[PCAP_ERRBUF_SIZE];
};

static void
fold(struct outcome *o, const struct pcap_pkthdr *h, const uint8_t *b)
{
	uint64_t x = o->hash ^ 0x9e3779b97f4a7c15u;
	const uint64_t f[] = {(uint64_t)h->ts.tv_sec, (uint64_t)h->ts.tv_usec,
			      h->caplen, h->len};
	size_t i;

	for (i = 0; i < 4; i++)
		x = (x ^ f[i]) * 0x100000001b3u;
	for (i = 0; i < h->caplen; i++)
		x = (x ^ b[i]) * 0x100000001b3u;
	o->hash = x;
	o->n++;
}

/* The rest of p through libpcap. */
static void
drain(pcap_t *p, struct outcome *o)
{
	struct pcap_pkthdr *h;
	const u_char *b;
	int rc;

	while ((rc = pcap_next_ex(p, &h, &b)) == 1)
		fold(o, h, b);
	o->end = rc;
	if (rc == PCAP_ERROR)
		snprintf(o->err, sizeof(o->err), "%s", pcap_geterr(p));
}

static pcap_t *
open_nano(FILE *fp, struct outcome *o)
{
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, o->err);

	if (!p) {
		o->end = -100; /* refused at open */
		fclose(fp);
	}
	return p;
}

static void
by_libpcap(const uint8_t *data, size_t size, struct outcome *o)
{
	FILE *fp = fmemopen((void *)(uintptr_t)data, size, "rb");
	pcap_t *p;

	if (!fp)
		abort();
	p = open_nano(fp, o);
	if (p) {
		drain(p, o);
		pcap_close(p);
	}
}

static void
by_fastread(const uint8_t *data, size_t size, struct outcome *o)
{
	int fd = memfd_create("fuzz_pcap", 0);
	struct fastread fr;
	struct pcap_pkthdr h;
	const uint8_t *b;
	FILE *fp;
	pcap_t *p;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0 || !(fp = fdopen(fd, "rb")))
		abort();
	p = open_nano(fp, o);
	if (!p)
		return;
	if (fastread_open(&fr, p, fp))
		while (fastread_next(&fr, &h, &b))
			fold(o, &h, b);
	drain(p, o);
	fastread_close(&fr);
	pcap_close(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct outcome a, b;

	if (size == 0)
		return 0;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	by_libpcap(data, size, &a);
	by_fastread(data, size, &b);
	if (a.n != b.n || a.hash != b.hash || a.end != b.end ||
	    strcmp(a.err, b.err) != 0) {
		fprintf(stderr,
			"fuzz_pcap: invariant broken: libpcap %llu records "
			"(end %d '%s'), fastread+libpcap %llu (end %d '%s')\n",
			(unsigned long long)a.n, a.end, a.err,
			(unsigned long long)b.n, b.end, b.err);
		abort();
	}
	return 0;
}
