/* send --from-json: the headers around the ICMP message that read
 * --payload describes (inject/jlayer.c): IPv4 options and fragment bits,
 * IPv6 extension headers, tunnel layers ("outer"). */
#ifndef ICMPKIT_INJECT_JLAYER_H
#define ICMPKIT_INJECT_JLAYER_H

#include <stddef.h>
#include <stdint.h>

#include "../decode/dec.h"
#include "inj.h"
#include "json.h"

#define INJ_JMAX_EXT 64 /* IPv6 extension headers of one object */

/* One "outer" layer: its values in the decoder's struct (read's keys,
 * decode/fields.c's rows), which rows were given, and its "hdr" bytes. */
struct inj_jlayer {
	struct dec_layer v;
	uint32_t given; /* bit i: row i of dec_layer_fields() */
	const uint8_t *hdr;
	uint16_t hlen;
	uint8_t keep_ck; /* "checksum": "bad": hdr's checksum as it is */
};

struct inj_jext {
	uint8_t type;
	uint16_t len;
	const uint8_t *b;
};

struct inj_jlay {
	uint8_t *arena; /* the hex members' bytes (malloc'ed) */
	size_t used, cap;
	const uint8_t *opts; /* IPv4 "ip_opts" */
	size_t olen;
	uint8_t mf;
	uint16_t frag_off;
	int32_t len_field; /* "ip_len_field": the length field, -1 computed */
	uint8_t ipck_raw;  /* "ip_checksum": "bad" with "ip_cksum": keep it */
	uint16_t ip_cksum;
	uint8_t ck_raw; /* "checksum": "unverified" with "cksum": keep it */
	uint16_t cksum;
	int next;
	struct inj_jext ext[INJ_JMAX_EXT];
	int nouter;
	struct inj_jlayer outer[DEC_MAX_OUTER];
	int ntags; /* "vlan_tags": 802.1Q/802.1ad tags of a link frame */
	uint16_t tpid[DEC_MAX_VLAN], tci[DEC_MAX_VLAN];
	/* After inj_jlay_apply: the outermost IP header's version and
	 * destination (where a raw socket sends the packet). */
	int dst_ver;
	uint8_t dst[16];
};

/* The members of object 0 (line s of n bytes, tokens t) for a message of
 * IP version ver, sent as a link frame or not (an MPLS label stack
 * before any IP header needs the link).  -1 with errbuf naming the key. */
int inj_jlay_parse(const char *s, size_t n, const struct json_tok *t, int ver,
		   int link, struct inj_jlay *j, char *errbuf);
/* The packet pkt (len bytes: ip_off bytes of link header, then the IP
 * packet as built; a link frame gets the VLAN tags) with j's headers: *out
 * (malloc'ed, *olen bytes). Lengths and checksums are computed where j does not
 * give them.  -1 with errbuf when out of memory. */
int inj_jlay_apply(struct inj_jlay *j, const struct inj_pkt *p,
		   const uint8_t *pkt, size_t len, size_t ip_off, uint8_t **out,
		   size_t *olen, char *errbuf);
void inj_jlay_free(struct inj_jlay *j);

#endif
