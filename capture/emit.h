/* The packet path shared by read and sniff: decode, track, print, dump. */
#ifndef ICMPKIT_CAPTURE_EMIT_H
#define ICMPKIT_CAPTURE_EMIT_H

#include <pcap/pcap.h>
#include <stdint.h>

#include "../decode/print.h"
#include "../cli/cli.h"
#include "../cli/dump.h"

struct emit {
	/* Options. */
	struct pr_opts pr;
	int json;
	int quiet;
	int stats;
	uint64_t count;	  /* stop after this many messages, 0 = all */
	struct dump dump; /* -w, -C, -G, -W */
	/* State. */
	int dlt;
	uint64_t frame;
	uint64_t shown; /* ICMP messages that passed the filter */
	struct bpf_program *filter;
	int dumping;
	char err[CLI_ERRBUF]; /* why emit_packet() returned -1 */
	struct trk *trk;
	struct obuf ob;
	char *obmem;
};

/* Output options common to read and sniff; returns 1 if opt was one of
 * them, 0 if not, -1 on a bad value (errbuf filled). */
int emit_option(struct emit *e, int opt, const char *arg, char *errbuf);
int emit_open(struct emit *e, pcap_t *p, char *errbuf);
/* Filter and decode record number frame into d: what dec_packet()
 * returns, or -1 when the filter leaves the record out.  Shared by
 * emit_packet() and read's decoding thread. */
static inline int
emit_decode(const struct emit *e, const struct pcap_pkthdr *h,
	    const uint8_t *data, uint64_t frame, struct dec_pkt *d)
{
	if (e->filter && !pcap_offline_filter(e->filter, h, data))
		return -1;
	d->frame = frame;
	d->ts_sec = h->ts.tv_sec;
	d->ts_nsec = (uint32_t)h->ts.tv_usec; /* nanosecond precision */
	d->caplen = h->caplen;
	d->wirelen = h->len;
	d->pkt = data;
	return dec_packet(e->dlt, d);
}
/* Handle one record; returns 1 when the capture is over (-c count
 * reached, -G/-W files done), -1 on a write error (in e->err). */
int emit_packet(struct emit *e, const struct pcap_pkthdr *h,
		const uint8_t *data);
/* Print statistics, flush and close; returns -1 on a write error. */
int emit_close(struct emit *e, char *errbuf);

/* Help for the options emit_option() takes, as printed by read and sniff
 * (sniff adds its own lines for -C, -G, -W). */
#define EMIT_USAGE                                                             \
	"  -c N      stop after N messages\n"                                  \
	"  -v, -vv   IP details, checksum and quoted datagram; ND options\n"   \
	"  -X        hex and ASCII of each IP packet\n"                        \
	"  -e        link-layer header\n"                                      \
	"  -q        no per-message output\n"                                  \
	"  -j, --json  JSON Lines (one object per message)\n"                  \
	"  --stats   summary at the end (types, checksums, RTTs)\n"            \
	"  -w FILE   write the records shown to a pcap file\n"                 \
	"  -n        accepted for tcpdump users (names are never resolved)\n"

/* Long option values shared by read and sniff. */
enum { OPT_STATS = 0x100, OPT_HELP, OPT_DURATION };

#endif
