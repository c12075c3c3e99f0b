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

/* The body of an object without "payload" from its JSON parts (ND
 * "options" of ICMPv6 133 to 137) into *body (malloc'ed), *blen bytes;
 * 0 and nothing when it has none. */
int inj_json_body(const char *s, const struct json_tok *t, int ver, int type,
		  uint8_t **body, size_t *blen, char *errbuf);

#endif
