/* Address and TTL rewriting for replay: --src-ip and --dst-ip maps of
 * addresses or prefixes (v4 or v6), applied to a packet and to the
 * datagram an ICMP error quotes, with every checksum that covers a
 * changed byte adjusted incrementally (RFC 1624) rather than computed
 * again, so that one which was wrong in the capture stays wrong. */
#ifndef ICMPKIT_INJECT_REWRITE_H
#define ICMPKIT_INJECT_REWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "../decode/dec.h"

#define RW_MAXMAP 16

/* OLD=NEW: the first plen bits of an address matching OLD become NEW's. */
struct rw_map {
	int ver;
	uint8_t old[16], new_[16];
	int plen;
};

struct rw_maps {
	struct rw_map src[RW_MAXMAP], dst[RW_MAXMAP];
	int nsrc, ndst;
	int have_ttl;
	uint8_t ttl; /* TTL or hop limit, when have_ttl */
};

/* Add OLD=NEW (ADDR or ADDR/LEN each) to the --dst-ip maps when dst, else
 * to the --src-ip maps; -1 with errbuf filled when it does not parse or
 * the list is full. */
int rw_parse_map(struct rw_maps *m, int dst, const char *arg, char *errbuf);

/* Rewrite the IP packet at ip (len bytes captured) in place.  d is its
 * decoding (dec_packet() or dec_ip() over the same bytes, its ip_hdr
 * where ip is now); the ICMP message is found through it. */
void rw_packet(const struct rw_maps *m, uint8_t *ip, size_t len,
	       const struct dec_pkt *d);

#endif
