/* Reference packets shared by several test files, as byte arrays.
 * Checksum fields are zero here; the mk_* helpers copy a packet into a
 * caller buffer and fill the checksums with the reference in unit.h. */
#ifndef ICMPKIT_TESTS_PKTS_H
#define ICMPKIT_TESTS_PKTS_H

#include "unit.h"

/* 2001:db8::X as array bytes, and the MAC 02:00:00:00:00:01. */
#define A6(x) 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (x)
#define MAC1  0x02, 0x00, 0x00, 0x00, 0x00, 0x01

/* ICMPv6 router advertisement (the message only) with SLLA, MTU, prefix,
 * RDNSS and DNSSL options, 112 bytes. */
static const uint8_t P6_RA[112] = {
	/* type 134, code 0, checksum, cur hop limit 64, flags M|O,
	 * router lifetime 1800 */
	0x86, 0x00, 0x00, 0x00, 0x40, 0xc0, 0x07, 0x08,
	/* reachable time 30000 ms, retrans timer 1000 ms */
	0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x03, 0xe8,
	/* SLLA: type 1, length 1, 02:00:00:00:00:01 */
	0x01, 0x01, MAC1,
	/* MTU: type 5, length 1, reserved, 1500 */
	0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0xdc,
	/* prefix info: type 3, length 4, /64, flags L|A, valid 86400,
	 * preferred 14400, reserved, prefix 2001:db8:1:: */
	0x03, 0x04, 0x40, 0xc0, 0x00, 0x01, 0x51, 0x80, 0x00, 0x00, 0x38, 0x40,
	0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0,
	/* RDNSS: type 25, length 3, reserved, lifetime 600,
	 * 2001:db8::53 */
	0x19, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02, 0x58, A6(0x53),
	/* DNSSL: type 31, length 3, reserved, lifetime 600,
	 * "example.com" in labels, zero padding */
	0x1f, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02, 0x58, 7, 'e', 'x', 'a', 'm',
	'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 0, 0};

/* IPv4 echo request, 36 bytes. */
static const uint8_t P4_ECHO[36] = {
	/* IPv4: ver 4 IHL 5, tos 0, total length 36, id 0x1234, DF,
	 * ttl 64, proto 1 (ICMP), checksum, 192.0.2.1 -> 198.51.100.2 */
	0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	/* ICMP: type 8 (echo request), code 0, checksum, id 0xabcd,
	 * seq 1 */
	0x08, 0x00, 0x00, 0x00, 0xab, 0xcd, 0x00, 0x01,
	/* payload "abcdefgh" */
	'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};

/* IPv6 echo request, 56 bytes. */
static const uint8_t P6_ECHO[56] = {
	/* IPv6: ver 6, class 0, flow 0, payload length 16, next 58,
	 * hop limit 64 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x3a, 0x40,
	/* src 2001:db8::1 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	/* dst 2001:db8::2 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	/* ICMPv6: type 128 (echo request), code 0, checksum, id 0x1234,
	 * seq 7 */
	0x80, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x07,
	/* payload */
	0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};

static inline size_t
mk_p4(uint8_t *out)
{
	memcpy(out, P4_ECHO, sizeof(P4_ECHO));
	fix4(out, 1);
	return sizeof(P4_ECHO);
}

static inline size_t
mk_p6(uint8_t *out)
{
	memcpy(out, P6_ECHO, sizeof(P6_ECHO));
	fix6(out, 40);
	return sizeof(P6_ECHO);
}

/* Wrap an ICMP message in the IPv4 header of P4_ECHO (length and
 * checksums fixed); returns the packet length. */
static inline size_t
mk_icmp4(uint8_t *out, const uint8_t *icmp, size_t len)
{
	memcpy(out, P4_ECHO, 20);
	memcpy(out + 20, icmp, len);
	put16(out + 2, (uint16_t)(20 + len));
	fix4(out, 1);
	return 20 + len;
}

/* Wrap an ICMPv6 message in the IPv6 header of P6_ECHO (fe80 addresses
 * for ND would be more usual, the decoder does not care). */
static inline size_t
mk_icmp6(uint8_t *out, const uint8_t *icmp, size_t len)
{
	memcpy(out, P6_ECHO, 40);
	memcpy(out + 40, icmp, len);
	put16(out + 4, (uint16_t)len);
	fix6(out, 40);
	return 40 + len;
}

/* The fields every echo request above must decode to. */
static inline void
check_p4(const struct dec_pkt *d, int rc)
{
	static const uint8_t src[4] = {192, 0, 2, 1},
			     dst[4] = {198, 51, 100, 2};

	cr_assert_eq(rc, DEC_ICMP);
	cr_assert_eq(d->flags, 0, "flags %#x why %s", d->flags,
		     d->why ? d->why : "-");
	cr_assert_eq(d->ip.ver, 4);
	cr_assert_eq(d->ip.ttl, 64);
	cr_assert_arr_eq(d->ip.src, src, 4);
	cr_assert_arr_eq(d->ip.dst, dst, 4);
	cr_assert_eq(d->icmp.ver, 4);
	cr_assert_eq(d->icmp.type, 8);
	cr_assert_eq(d->icmp.len, 16);
	cr_assert_eq(d->icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d->icmp.has_idseq, 1);
	cr_assert_eq(d->icmp.id, 0xabcd);
	cr_assert_eq(d->icmp.seq, 1);
}

static inline void
check_p6(const struct dec_pkt *d, int rc)
{
	cr_assert_eq(rc, DEC_ICMP);
	cr_assert_eq(d->flags, 0, "flags %#x why %s", d->flags,
		     d->why ? d->why : "-");
	cr_assert_eq(d->ip.ver, 6);
	cr_assert_eq(d->ip.ttl, 64);
	cr_assert_arr_eq(d->ip.src, P6_ECHO + 8, 16);
	cr_assert_arr_eq(d->ip.dst, P6_ECHO + 24, 16);
	cr_assert_eq(d->icmp.ver, 6);
	cr_assert_eq(d->icmp.type, 128);
	cr_assert_eq(d->icmp.len, 16);
	cr_assert_eq(d->icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d->icmp.id, 0x1234);
	cr_assert_eq(d->icmp.seq, 7);
}

#endif
