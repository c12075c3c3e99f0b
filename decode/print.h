/* Text and JSON Lines printers over struct obuf. */
#ifndef ICMPKIT_DECODE_PRINT_H
#define ICMPKIT_DECODE_PRINT_H

#include "dec.h"
#include "out.h"
#include "track.h"

struct pr_opts {
	int verbose; /* 0, 1 (-v), 2 (-vv) */
	int link;    /* -e: link-layer header */
	int hex;     /* -X: hex and ASCII of the IP packet */
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
