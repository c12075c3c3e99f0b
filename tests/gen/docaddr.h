/* Documentation-range addresses as libnet takes them, for the capture
 * generators (tests/gen/hostile.c, bench/gen.c). */
#ifndef ICMPKIT_TESTS_GEN_DOCADDR_H
#define ICMPKIT_TESTS_GEN_DOCADDR_H

#include <stdint.h>
#include <string.h>

#include <libnet.h>

/* a.b.c.d; bytes in wire order are exactly libnet's "network order"
 * uint32. */
static inline uint32_t
v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint8_t o[4] = {a, b, c, d};
	uint32_t n;

	memcpy(&n, o, 4);
	return n;
}

/* 2001:db8:SUB::HOST */
static inline struct libnet_in6_addr
v6(uint16_t sub, uint16_t host)
{
	struct libnet_in6_addr a;

	memset(&a, 0, sizeof(a));
	a.__u6_addr.__u6_addr8[0] = 0x20;
	a.__u6_addr.__u6_addr8[1] = 0x01;
	a.__u6_addr.__u6_addr8[2] = 0x0d;
	a.__u6_addr.__u6_addr8[3] = 0xb8;
	a.__u6_addr.__u6_addr8[4] = (uint8_t)(sub >> 8);
	a.__u6_addr.__u6_addr8[5] = (uint8_t)sub;
	a.__u6_addr.__u6_addr8[14] = (uint8_t)(host >> 8);
	a.__u6_addr.__u6_addr8[15] = (uint8_t)host;
	return a;
}

#endif
