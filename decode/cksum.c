#include "cksum.h"

#include <string.h>

uint32_t
ck_add(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;
	uint64_t acc = sum;

	/* Eight bytes per step through memcpy: the compiler turns it into a
	 * plain load on x86, and 64-bit accumulation of 32-bit big-endian
	 * words cannot overflow for any IP-sized buffer. */
	while (len >= 8) {
		uint32_t w0, w1;

		memcpy(&w0, b, 4);
		memcpy(&w1, b + 4, 4);
		acc += __builtin_bswap32(w0);
		acc += __builtin_bswap32(w1);
		b += 8;
		len -= 8;
	}
	while (len >= 2) {
		acc += (uint32_t)(b[0] << 8 | b[1]);
		b += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)b[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	/* Reduce to something that still fits comfortably when more pieces
	 * are added by the caller. */
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

uint16_t
ck_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
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
