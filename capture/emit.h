/* The packet path shared by read and sniff: decode, track, print, dump. */
#ifndef ICMPKIT_CAPTURE_EMIT_H
#define ICMPKIT_CAPTURE_EMIT_H

#include <pcap/pcap.h>
#include <stdint.h>

#include "../decode/print.h"
#include "../decode/reasm.h"
#include "../cli/cli.h"
#include "../cli/dump.h"
#include "../cli/opt.h"

#define EMIT_IFCACHE 32

struct ngn;

struct emit {
	/* Options. */
	struct pr_opts pr;
	int json;
	int quiet;
	int stats;
	int print;	/* --print: decode per message even with -w */
	int utc;	/* --utc: text times in UTC, not local time */
	int linebuf;	/* -l: each line out as soon as it is printed */
	int ifnames;	/* SLL2 interface indexes named by this host (sniff) */
	int reassemble; /* --reassemble: fragments shown as one message */
	uint64_t count; /* stop after this many messages, 0 = all */
	struct dump dump; /* -w, -C, -G, -W */
	/* State. */
	int dlt;
	uint64_t frame;
	uint64_t shown; /* ICMP messages that passed the filter */
	struct bpf_program *filter;
	int dumping;
	char err[CLI_ERRBUF]; /* why emit_packet() returned -1 */
	struct trk *trk;
	struct rsm *rsm; /* --reassemble */
	struct obuf ob;
	char *obmem;
	struct ngn *ng; /* read of pcapng: each record's interface */
	/* Names of interface indexes already asked for (ifnames). */
	uint32_t if_idx[EMIT_IFCACHE];
	char if_name[EMIT_IFCACHE][16];
};

/* The option tables of read and sniff (cli/opt.h), both over a struct
 * emit: emit_opts are the output options the two commands share (-c -v
 * -X -e -q -j -l -n -w --stats --print), emit_dump_opts sniff's file rotation
 * (-C -G -W).  A command puts them in its opt_group array beside its own. */
extern const struct opt emit_opts[];
extern const struct opt emit_dump_opts[];
/* After the options: with -w, no per-message output unless --print. */
void emit_ready(struct emit *e);
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

/* Help for the options of emit_opts, as printed by read and sniff
 * (sniff adds its own lines for -C, -G, -W). */
#define EMIT_USAGE                                                             \
	"  -c N      stop after N messages\n"                                  \
	"  -v, -vv   IP details, checksum and quoted datagram; ND options\n"   \
	"  -X, -XX   hex and ASCII of each IP packet (-XX: with its link\n"    \
	"            header); -x, -xx the same in hex only; -A in ASCII\n"     \
	"  -t        no timestamp; -tt seconds since 1970; -ttt since the\n"   \
	"            previous line; -tttt date and time; -ttttt since the\n"   \
	"            first line (times are local, TZ honoured)\n"              \
	"  --utc     times in UTC instead of local time\n"                     \
	"  -#, --number  the frame number before each line\n"                  \
	"  -e        link-layer header\n"                                      \
	"  -q        no per-message output\n"                                  \
	"  -j, --json  JSON Lines (one object per message)\n"                  \
	"  --stats   summary at the end (types, checksums, RTTs)\n"            \
	"  -w FILE   write the records shown to a pcap file (- for stdout);\n" \
	"            nothing is printed per message unless --print\n"          \
	"  --print   print each message even with -w (to stderr with -w -)\n"  \
	"  --reassemble  put IP fragments back together: the whole message\n"  \
	"            is shown at the record of its last fragment\n"            \
	"  -l        line-buffered: each message out at once (for a pipe)\n"   \
	"  -n        accepted for tcpdump users (names are never resolved)\n"

/* What getopt_long returns for long options without a letter: emit_opts
 * takes EMIT_OPT_STATS up to EMIT_OPT_CMD; read and sniff number theirs
 * from EMIT_OPT_CMD on. */
enum {
	EMIT_OPT_STATS = 0x100,
	EMIT_OPT_PRINT,
	EMIT_OPT_NUMBER,
	EMIT_OPT_UTC,
	EMIT_OPT_REASM,
	EMIT_OPT_CMD = 0x180
};

#endif
