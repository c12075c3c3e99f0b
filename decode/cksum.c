#include "cksum.h"

#include <string.h>

/* The ones' complement sum does not care about byte order (RFC 1071
 * 2(B)): words are added in native order, eight bytes at a time with the
 * carry folded back in, and the result is swapped to network order once
 * at the end. */
uint32_t
ck_add(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;
	uint64_t acc = 0, w, r;
	uint16_t t = 0;

	while (len >= 32) {
		uint64_t w1, w2, w3;

		memcpy(&w, b, 8);
		memcpy(&w1, b + 8, 8);
		memcpy(&w2, b + 16, 8);
		memcpy(&w3, b + 24, 8);
		acc += w;
		acc += acc < w;
		acc += w1;
		acc += acc < w1;
		acc += w2;
		acc += acc < w2;
		acc += w3;
		acc += acc < w3;
		b += 32;
		len -= 32;
	}
	while (len >= 8) {
		memcpy(&w, b, 8);
		acc += w;
		acc += acc < w;
		b += 8;
		len -= 8;
	}
	w = 0;
	memcpy(&w, b, len); /* the last 0..7 bytes, zero padded */
	acc += w;
	acc += acc < w;
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	t = (uint16_t)acc;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	t = __builtin_bswap16(t);
#endif
	r = (uint64_t)sum + t;
	r = (r & 0xffff) + (r >> 16);
	r = (r & 0xffff) + (r >> 16);
	return (uint32_t)((r & 0xffff) + (r >> 16));
}

uint16_t
ck_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
ck_expected(uint32_t sum, uint16_t field)
{
	/* Take the field out again: adding its complement subtracts it in
	 * ones' complement arithmetic. */
	return ck_fold(sum + (uint16_t)~field);
}

uint32_t
ck_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint32_t len,
	   uint8_t next)
{
	uint32_t sum = 0;
	uint8_t tail[8];

	sum = ck_add(sum, src, 16);
	sum = ck_add(sum, dst, 16);
	tail[0] = (uint8_t)(len >> 24);
	tail[1] = (uint8_t)(len >> 16);
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	tail[4] = tail[5] = tail[6] = 0;
	tail[7] = next;
	return ck_add(sum, tail, 8);
}

uint16_t
ck_adjust(uint16_t ck, const void *old, const void *new_, size_t n)
{
	const uint8_t *o = old, *w = new_;
	uint32_t sum = (uint16_t)~ck;
	size_t i;

	for (i = 0; i < n; i += 2) {
		uint16_t a = (uint16_t)(o[i] << 8), b = (uint16_t)(w[i] << 8);

		if (i + 1 < n) {
			a |= o[i + 1];
			b |= w[i + 1];
		}
		sum += (uint16_t)~a;
		sum += b;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
