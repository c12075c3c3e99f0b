/* send --from-json: JSON Lines in the schema of read -j, one packet per
 * object (inject/jsend.c). */
#ifndef ICMPKIT_INJECT_JSEND_H
#define ICMPKIT_INJECT_JSEND_H

#include <stdint.h>
#include <stdio.h>

#include "inj.h"
#include "json.h"

struct inj_jopts {
	const char *file; /* FILE, or - for stdin */
	const char *wfile;
	const char *iface;
	const char *src_mac, *dst_mac;
	int link, quiet, verbose;
	long long count; /* 0: every object */
	double interval; /* seconds between packets sent (not -w) */
};

/* The largest line and the most values one object may have. */
#define INJ_JSON_LINE	(1u << 20)
#define INJ_JSON_TOKENS 4096

/* One object (tokens t of line s) into p: what it gives is used, the
 * rest (lengths, checksums) computed.  p->msg is malloc'ed.  -1 with
 * errbuf naming the key. */
int inj_json_pkt(const char *s, const struct json_tok *t, struct inj_pkt *p,
		 int64_t *ts_ns, char *errbuf);

/* Helpers of the object readers (jsend.c, jlayer.c), each -1 with
 * errbuf "key 'KEY': ...": a message; an integer member of object obj
 * in [min, max] (def when absent; true/false as 1/0); an address member
 * of version ver (required). */
int inj_jkey_err(char *errbuf, const char *key, const char *why);
int inj_jint(const char *s, const struct json_tok *t, int obj, const char *key,
	     long long min, long long max, long long def, long long *v,
	     char *errbuf);
int inj_jaddr(const char *s, const struct json_tok *t, int obj, const char *key,
	      int ver, uint8_t out[16], char *errbuf);

/* Every object of o->file: built, then sent or written.  An object that
 * cannot be built is one line on stderr naming its line and key, and the
 * others still go; then the result is 2 with the last such line in errbuf.
 * Returns 0, or 2 with errbuf filled. */
int inj_send_json(const struct inj_jopts *o, char *errbuf);

#endif
