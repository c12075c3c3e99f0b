/* send --from-json without a payload: body parts from their JSON
 * (inject/jbody.c). */
#ifndef ICMPKIT_INJECT_JBODY_H
#define ICMPKIT_INJECT_JBODY_H

#include "json.h"
#include "ndopt.h"

/* The ND options of array token arr (read -j's "options") into b, in
 * order; -1 with errbuf naming the entry and key. */
int inj_json_ndopts(const char *s, const struct json_tok *t, int arr,
		    struct inj_body *b, char *errbuf);

/* The group records of array token arr (read -j's "group_records" of an
 * MLDv2 report) into b; -1 with errbuf naming the entry and key. */
int inj_json_records(const char *s, const struct json_tok *t, int arr,
		     struct inj_body *b, char *errbuf);

/* The body of an object without "payload" from its JSON parts (ND
 * "options" of ICMPv6 133 to 137, an MLDv2 report's "group_records") into *body
 * (malloc'ed), *blen bytes; 0 and nothing when it has none. */
int inj_json_body(const char *s, const struct json_tok *t, int ver, int type,
		  uint8_t **body, size_t *blen, char *errbuf);

struct inj_pkt;
/* After the message is made: an MLDv2 report without "records" counts
 * its "group_records". */
void inj_json_count(const char *s, const struct json_tok *t, struct inj_pkt *p);

#endif
