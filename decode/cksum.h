/* Internet checksum (RFC 1071), ours because the decoder verifies without
 * libnet.  Sums are kept in 32 bits and folded at the end. */
#ifndef ICMPKIT_DECODE_CKSUM_H
#define ICMPKIT_DECODE_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Add len bytes at p to a running sum.  The bytes are taken as big-endian
 * 16-bit words starting at p; an odd last byte is padded with zero.  Only
 * the last piece of a message may have an odd length. */
uint32_t ck_add(uint32_t sum, const void *p, size_t len);

/* Fold a running sum to 16 bits and complement it. */
uint16_t ck_fold(uint32_t sum);

/* The value a checksum field should hold, given the running sum of the
 * whole message with the wrong value field in it (what a verifier shows
 * beside a bad checksum). */
uint16_t ck_expected(uint32_t sum, uint16_t field);

/* The pseudo-header sum for IPv6 upper layers (RFC 8200 8.1). */
uint32_t ck_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint32_t len,
		    uint8_t next);

/* Adjust checksum ck for n bytes of the message changing from old to
 * new_, without summing the rest again (RFC 1624 eqn. 3:
 * HC' = ~(~HC + ~m + m')).  The bytes start on an even offset of the
 * checksummed data; an odd n is padded with zero, as at a message's end.
 * A checksum that was wrong stays wrong by the same amount. */
uint16_t ck_adjust(uint16_t ck, const void *old, const void *new_, size_t n);

#endif
