/* Text and JSON Lines printers over struct obuf. */
#ifndef ICMPKIT_DECODE_PRINT_H
#define ICMPKIT_DECODE_PRINT_H

#include "dec.h"
#include "out.h"
#include "track.h"

/* Text timestamps, tcpdump's -t letters (pr_opts.tstamp). */
enum {
	PR_TS_TIME = 0,	 /* HH:MM:SS.uuuuuu, local time unless UTC */
	PR_TS_NONE = 1,	 /* -t */
	PR_TS_EPOCH = 2, /* -tt: seconds since 1970 */
	PR_TS_DELTA = 3, /* -ttt: since the previous line */
	PR_TS_DATE = 4,	 /* -tttt: date and time */
	PR_TS_SINCE = 5, /* -ttttt: since the first line */
	PR_TS_MAX = PR_TS_SINCE,
};

struct pr_opts {
	int verbose; /* 0, 1 (-v), 2 (-vv) */
	int link;    /* -e: link-layer header */
	/* Dumps after the text line, tcpdump's precedence -X over -x over
	 * -A.  hex (-X) and xhex (-x): 1 from the IP header on, 2 (-XX,
	 * -xx) the whole record with its link header. */
	int hex;     /* -X: hex and ASCII */
	int xhex;    /* -x: hex only */
	int ascii;   /* -A: ASCII only */
	int number;  /* -#: the frame number before each line */
	int tstamp;  /* PR_TS_* */
	int payload; /* JSON: the IP fields and the bytes after the fixed part
		      * ("payload" in hex), all that send --from-json needs */
};

void pr_text(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p);
void pr_json(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p);
/* The type-specific members of m's JSON object (",\"mtu\":1400" ...), as
 * the description in fields.h has them; idseq 0 leaves out the identifier
 * and sequence number (for a caller that prints its own). */
void pr_fields_json(struct obuf *o, const struct dec_icmp *m, int idseq);
void pr_stats_text(struct obuf *o, const struct trk *t);
void pr_stats_json(struct obuf *o, const struct trk *t);

#endif
