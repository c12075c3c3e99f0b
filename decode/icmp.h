/* Internal to decode/: the ICMP layer, called by the IP layer. */
#ifndef ICMPKIT_DECODE_ICMP_H
#define ICMPKIT_DECODE_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "dec.h"

void dec_flag(struct dec_pkt *d, uint32_t flag, const char *why);
uint8_t dec_ip6_ext(struct cur *c, uint8_t next, struct dec_ip *ip);
/* An IPv4 header of ihl bytes (a multiple of 4, at most 60, all
 * captured): DEC_CK_OK, or DEC_CK_BAD with the right value in *expected. */
uint8_t dec_ip4_ck(const uint8_t *h, size_t ihl, uint16_t *expected);
/* c is at the ICMP header, clamped to the IP length. */
int dec_icmp(struct dec_pkt *d, struct cur *c);

/* One IP header and what it carries (dec.c); wire counts from p. */
int dec_ip_layer(struct dec_pkt *d, const uint8_t *p, size_t caplen,
		 size_t wire);
/* 802.1Q/802.1ad tags and MACsec from the ethertype on (dec.c). */
uint16_t dec_eth_tags(struct cur *c, struct dec_link *l, uint16_t type);

/* Tunnels (tunnel.c): c is after an IP header whose protocol is not ICMP,
 * or (dec_mpls) at an MPLS label stack; wire counts from c's start. */
int dec_tunnel(struct dec_pkt *d, struct cur *c, size_t wire);
int dec_mpls(struct dec_pkt *d, struct cur *c, size_t wire);

/* RFC 4884 extensions (ext.c).  dec_ext_error: q is the quote's cursor at
 * offset 8 of an error; it is clamped to the original datagram field. */
void dec_ext_error(struct dec_pkt *d, struct cur *q);
void dec_ext_xecho(struct dec_pkt *d);

/* Lists in message bodies that overrun (body.c). */
void dec_body_check(struct dec_pkt *d);

#endif
