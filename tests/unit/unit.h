/* Shared helpers for the unit tests: a byte-wise RFC 1071 reference
 * checksum (independent of decode/cksum.c), checksum fix-ups for the
 * packets the tests spell out as byte arrays, a decode wrapper and a
 * string sink for the printers.  Everything is static so that each test
 * file gets its own copy and nothing needs a prototype elsewhere. */
#ifndef ICMPKIT_TESTS_UNIT_H
#define ICMPKIT_TESTS_UNIT_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../decode/dec.h"
#include "../../decode/out.h"
#include "../../decode/print.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The one's-complement sum of p, one byte at a time: even offsets are the
 * high byte of a 16-bit word, odd offsets the low byte, and every carry
 * out of bit 15 is added back at once.  Deliberately naive. */
static inline uint16_t
ref_sum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		s += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
		if (s > 0xffff)
			s = (s & 0xffff) + (s >> 16);
	}
	return (uint16_t)s;
}

static inline uint16_t
ref_cksum(const uint8_t *p, size_t n)
{
	return (uint16_t)~ref_sum(p, n);
}

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* IPv4 header checksum and the checksum of the message after it (ICMP,
 * or any protocol whose checksum sits at offset 2 when icmp is set). */
static inline void
fix4(uint8_t *ip, int icmp)
{
	size_t ihl = (size_t)(ip[0] & 15) * 4, tot = get16(ip + 2);

	put16(ip + 10, 0);
	put16(ip + 10, ref_cksum(ip, ihl));
	if (icmp && tot >= ihl + 4) {
		put16(ip + ihl + 2, 0);
		put16(ip + ihl + 2, ref_cksum(ip + ihl, tot - ihl));
	}
}

/* An ICMPv6 checksum at msg + 2 over len bytes, with the pseudo-header
 * built as bytes (RFC 8200 8.1) and summed by the reference. */
static inline uint16_t
ref_cksum6(const uint8_t src[16], const uint8_t dst[16], const uint8_t *msg,
	   size_t len, uint8_t next)
{
	static uint8_t tmp[40 + 4096];

	cr_assert(len <= 4096, "test message too long");
	memcpy(tmp, src, 16);
	memcpy(tmp + 16, dst, 16);
	tmp[32] = (uint8_t)(len >> 24);
	tmp[33] = (uint8_t)(len >> 16);
	tmp[34] = (uint8_t)(len >> 8);
	tmp[35] = (uint8_t)len;
	tmp[36] = tmp[37] = tmp[38] = 0;
	tmp[39] = next;
	memcpy(tmp + 40, msg, len);
	return ref_cksum(tmp, 40 + len);
}

/* Fix the ICMPv6 checksum of an IPv6 packet whose ICMPv6 message starts
 * at off; dst NULL means the IPv6 destination. */
static inline void
fix6_dst(uint8_t *ip, size_t off, const uint8_t *dst)
{
	size_t tot = get16(ip + 4) + 40u;

	put16(ip + off + 2, 0);
	put16(ip + off + 2,
	      ref_cksum6(ip + 8, dst ? dst : ip + 24, ip + off, tot - off, 58));
}

static inline void
fix6(uint8_t *ip, size_t off)
{
	fix6_dst(ip, off, NULL);
}

/* Decode as a capture front end would: the struct starts full of junk
 * (emit.c keeps it on the stack), only the caller's fields are set. */
static inline int
decode_cap(struct dec_pkt *d, int dlt, const uint8_t *p, size_t caplen,
	   size_t wirelen)
{
	memset(d, 0xa5, sizeof(*d));
	d->frame = 1;
	d->ts_sec = 1700000000;
	d->ts_nsec = 123456789;
	d->pkt = p;
	d->caplen = (uint32_t)caplen;
	d->wirelen = (uint32_t)wirelen;
	return dec_packet(dlt, d);
}

static inline int
decode(struct dec_pkt *d, int dlt, const uint8_t *p, size_t len)
{
	return decode_cap(d, dlt, p, len, len);
}

/* Concatenate a link header and an IP packet into out. */
static inline size_t
frame2(uint8_t *out, const uint8_t *a, size_t alen, const uint8_t *b,
       size_t blen)
{
	if (alen)
		memcpy(out, a, alen);
	if (blen)
		memcpy(out + alen, b, blen);
	return alen + blen;
}

/* A string sink for the printers: big enough never to flush. */
struct sbuf {
	char mem[16384];
	struct obuf o;
};

static inline void
sb_init(struct sbuf *s)
{
	ob_init(&s->o, NULL, s->mem, sizeof(s->mem) - 1);
}

static inline const char *
sb_str(struct sbuf *s)
{
	s->mem[s->o.len] = '\0';
	return s->mem;
}

/* d printed as text or JSON at a verbosity (0, 1 for -v, 2 for -vv);
 * the string lives until the next call of the same function. */
static inline const char *
text_line(const struct dec_pkt *d, int verbose)
{
	static struct sbuf s;
	struct pr_opts o = {.verbose = verbose};

	sb_init(&s);
	pr_text(&s.o, d, &o);
	return sb_str(&s);
}

static inline const char *
json_line(const struct dec_pkt *d, int verbose)
{
	static struct sbuf s;
	struct pr_opts o = {.verbose = verbose};

	sb_init(&s);
	pr_json(&s.o, d, &o);
	return sb_str(&s);
}

#endif
