/* The echo payload of send and ping: a pattern repeated, or by default
 * iputils' bytes i = i, after room for the send timestamp that the
 * sender patches into each packet (tx.c). */
#ifndef ICMPKIT_INJECT_PAYLOAD_H
#define ICMPKIT_INJECT_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "inj.h"

/* Fill b[0..n): byte i is pat[(i - skip) % plen], or i when plen is 0.
 * The first skip bytes are the timestamp's and get overwritten. */
void inj_payload_fill(uint8_t *b, size_t n, const uint8_t *pat, size_t plen,
		      size_t skip);
/* Whether n payload bytes fit in one datagram of family ver (the message
 * names -s). */
int inj_payload_check(int ver, size_t n, char *errbuf);
/* Allocate and fill p->payload (n bytes, as inj_payload_fill) for
 * p->ver; p->stamp is left to the caller. */
int inj_payload(struct inj_pkt *p, size_t n, const uint8_t *pat, size_t plen,
		size_t skip, char *errbuf);
/* Read the bytes of a payload file, at most max of them; *out is
 * malloc'ed. */
int inj_payload_file(const char *path, size_t max, uint8_t **out, size_t *len,
		     char *errbuf);

#endif
