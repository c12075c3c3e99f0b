/* Where the fields that a rewriter changes sit in an IP packet: the
 * addresses, the TTL, the header checksum and the transport checksum that
 * covers a pseudo-header.  Offsets count from the IP header; the decoder
 * finds the transport header, so callers need no offsets of their own. */
#ifndef ICMPKIT_DECODE_IPLAYOUT_H
#define ICMPKIT_DECODE_IPLAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* An ICMP error quotes its datagram from this offset of the ICMP header
 * on (RFC 792, RFC 4443 section 2.1). */
#define DEC_QUOTE_OFF 8

struct dec_iplayout {
	uint8_t ver;	  /* 4 or 6 */
	uint8_t alen;	  /* address length: 4 or 16 */
	uint8_t hdr_min;  /* the fixed header: 20 or 40 bytes */
	uint8_t src, dst; /* the addresses */
	uint8_t ttl;	  /* TTL or hop limit */
	uint8_t ck;	  /* the v4 header checksum; 0 for v6, which has none */
	uint8_t proto;	  /* the upper layer, after extension headers */
	uint16_t l4;	  /* the transport header, 0 when not found */
	uint16_t l4_ck;	  /* its checksum when it covers a pseudo-header and
			   * was captured (UDP when not 0, TCP, ICMPv6); 0 =
			   * none */
};

/* The fixed-header fields of IP version ver; -1 if ver is not 4 or 6. */
int dec_iplayout_ver(int ver, struct dec_iplayout *f);

/* All the fields of the IP packet at p (caplen bytes captured), its
 * transport header found by dec_ip(); -1 when it is not IPv4 or IPv6 or
 * its fixed header was not captured. */
int dec_iplayout(const uint8_t *p, size_t caplen, struct dec_iplayout *f);

#endif
