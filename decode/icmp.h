/* Internal to decode/: the ICMP layer, called by the IP layer. */
#ifndef ICMPKIT_DECODE_ICMP_H
#define ICMPKIT_DECODE_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "dec.h"

void dec_flag(struct dec_pkt *d, uint32_t flag, const char *why);
uint8_t dec_ip6_ext(struct cur *c, uint8_t next, struct dec_ip *ip);
/* c is at the ICMP header, clamped to the IP length. */
int dec_icmp(struct dec_pkt *d, struct cur *c);

#endif
