/* Length-checked reads over captured bytes.
 *
 * Every byte the decoder looks at goes through a cursor.  A read that would
 * go past the end of what was captured fails, sets the sticky error flag and
 * yields zero, so a decoder can read a whole fixed header and test the flag
 * once.  Nothing here casts a struct onto packet bytes: after a 14-byte
 * Ethernet header an IP header is not aligned.
 */
#ifndef ICMPKIT_DECODE_CURSOR_H
#define ICMPKIT_DECODE_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t *p;
	size_t len;
	size_t off;
	int short_read;
};

static inline void
cur_init(struct cur *c, const uint8_t *p, size_t len)
{
	c->p = p;
	c->len = len;
	c->off = 0;
	c->short_read = 0;
}

static inline size_t
cur_left(const struct cur *c)
{
	return c->len - c->off;
}

static inline const uint8_t *
cur_ptr(const struct cur *c)
{
	return c->p + c->off;
}

static inline int
cur_has(const struct cur *c, size_t n)
{
	return cur_left(c) >= n;
}

/* Claim n bytes: returns a pointer to them or NULL (and marks the cursor). */
static inline const uint8_t *
cur_take(struct cur *c, size_t n)
{
	const uint8_t *r;

	if (!cur_has(c, n)) {
		c->short_read = 1;
		c->off = c->len;
		return NULL;
	}
	r = c->p + c->off;
	c->off += n;
	return r;
}

static inline int
cur_skip(struct cur *c, size_t n)
{
	return cur_take(c, n) != NULL;
}

static inline uint8_t
cur_u8(struct cur *c)
{
	const uint8_t *b = cur_take(c, 1);

	return b ? b[0] : 0;
}

static inline uint16_t
cur_be16(struct cur *c)
{
	const uint8_t *b = cur_take(c, 2);

	return b ? (uint16_t)(b[0] << 8 | b[1]) : 0;
}

static inline uint32_t
cur_be32(struct cur *c)
{
	const uint8_t *b = cur_take(c, 4);

	return b ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
			       (uint32_t)b[2] << 8 | b[3]
		 : 0;
}

/* Little-endian reads (pcap headers of the other byte order, some link
 * layers): the big-endian read, swapped.  A short read stays 0. */
static inline uint16_t
cur_le16(struct cur *c)
{
	return __builtin_bswap16(cur_be16(c));
}

static inline uint32_t
cur_le32(struct cur *c)
{
	return __builtin_bswap32(cur_be32(c));
}

/* Copy n bytes out; on a short read the destination is zeroed. */
static inline int
cur_copy(struct cur *c, void *dst, size_t n)
{
	const uint8_t *b = cur_take(c, n);

	if (b)
		memcpy(dst, b, n);
	else
		memset(dst, 0, n);
	return b != NULL;
}

/* A sub-cursor over the next n bytes (or what is left of them). */
static inline struct cur
cur_sub(const struct cur *c, size_t n)
{
	struct cur s;
	size_t left = cur_left(c);

	cur_init(&s, cur_ptr(c), n < left ? n : left);
	return s;
}

/* Big-endian reads at a fixed offset from a known-long-enough pointer. */
static inline uint16_t
rd_be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t
rd_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* And the writes of the same (for the builders and rewriters, which patch
 * bytes they made or checked themselves). */
static inline void
wr_be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void
wr_be32(uint8_t *b, uint32_t v)
{
	wr_be16(b, (uint16_t)(v >> 16));
	wr_be16(b + 2, (uint16_t)v);
}

#endif
