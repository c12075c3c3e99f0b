/* Replay's rewriting: addresses by prefix maps, the TTL, and the datagram
 * an ICMP error quotes; the decoder says where the fields are. */
#include "rewrite.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cksum.h"
#include "../decode/iplayout.h"

/* ADDR or ADDR/LEN, v4 or v6. */
static int
rw_parse_prefix(const char *s, int *ver, uint8_t a[16], int *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long n;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = 0;
	memset(a, 0, 16);
	if (inet_pton(AF_INET, buf, a) == 1)
		*ver = 4;
	else if (inet_pton(AF_INET6, buf, a) == 1)
		*ver = 6;
	else
		return -1;
	*plen = *ver == 6 ? 128 : 32;
	if (slash) {
		n = strtol(slash, &end, 10);
		if (!*slash || *end || n < 0 || n > *plen)
			return -1;
		*plen = (int)n;
	}
	return 0;
}

int
rw_parse_map(struct rw_maps *maps, int dst, const char *arg, char *errbuf)
{
	const char *opt = dst ? "--dst-ip" : "--src-ip";
	int *n = dst ? &maps->ndst : &maps->nsrc;
	struct rw_map *m = (dst ? maps->dst : maps->src) + *n;
	char old[128], *eq;
	int v2, p2;

	if (*n == RW_MAXMAP) {
		cli_err(errbuf, "at most %d maps per option", RW_MAXMAP);
		return -1;
	}
	eq = strchr(arg, '=');
	if (!eq || (size_t)(eq - arg) >= sizeof(old))
		goto bad;
	memcpy(old, arg, (size_t)(eq - arg));
	old[eq - arg] = 0;
	if (rw_parse_prefix(old, &m->ver, m->old, &m->plen) < 0 ||
	    rw_parse_prefix(eq + 1, &v2, m->new_, &p2) < 0 || v2 != m->ver)
		goto bad;
	/* NEW without a length takes OLD's; with one, they must agree. */
	if (strchr(eq + 1, '/') && p2 != m->plen)
		goto bad;
	(*n)++;
	return 0;
bad:
	cli_err(errbuf,
		"%s '%s': not OLD=NEW with addresses or prefixes of one "
		"family and one length (198.51.100.0/24=203.0.113.0/24)",
		opt, arg);
	return -1;
}

static int
rw_prefix_match(const uint8_t *a, const uint8_t *p, int plen)
{
	int full = plen / 8, rest = plen % 8;

	if (memcmp(a, p, (size_t)full))
		return 0;
	return !rest ||
	       ((a[full] ^ p[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* Rewrite the address at a by the first map that matches; 1 if changed. */
static int
rw_map_addr(const struct rw_map *maps, int n, int ver, uint8_t *a)
{
	int i, b;

	for (i = 0; i < n; i++) {
		const struct rw_map *m = &maps[i];

		if (m->ver != ver || !rw_prefix_match(a, m->old, m->plen))
			continue;
		for (b = 0; b < m->plen; b++) {
			uint8_t bit = (uint8_t)(0x80 >> (b % 8));

			a[b / 8] = (uint8_t)((a[b / 8] & ~bit) |
					     (m->new_[b / 8] & bit));
		}
		return 1;
	}
	return 0;
}

/* An address in a quoted datagram: the maps of its role first, then
 * those of the other, as the quote may show either end. */
static int
rw_map_quoted(const struct rw_map *first, int nfirst,
	      const struct rw_map *second, int nsecond, int ver, uint8_t *a)
{
	return rw_map_addr(first, nfirst, ver, a) ||
	       rw_map_addr(second, nsecond, ver, a);
}

/* Adjust the checksum at ck (if inside [lo, hi)) for a change of n bytes. */
static void
rw_fix(uint8_t *ck, const uint8_t *lo, const uint8_t *hi, const uint8_t *old,
       const uint8_t *new_, size_t n)
{
	uint16_t v;

	if (ck < lo || ck + 2 > hi)
		return;
	v = ck_adjust((uint16_t)(ck[0] << 8 | ck[1]), old, new_, n);
	ck[0] = (uint8_t)(v >> 8);
	ck[1] = (uint8_t)v;
}

/* The datagram quoted by an ICMP error: its addresses (roles swapped:
 * the quoted packet went the other way, so its source is tried against
 * the destination maps first), its IP header checksum, the transport
 * checksum over its pseudo-header, and the outer ICMP checksum over all
 * of those. */
static void
rw_quote(const struct rw_maps *m, uint8_t *icmp, const uint8_t *end,
	 uint8_t *ick)
{
	uint8_t *ip = icmp + DEC_QUOTE_OFF, before[16];
	struct dec_iplayout f;
	uint8_t *ipck, *tck;
	size_t i;

	if (ip >= end || dec_iplayout(ip, (size_t)(end - ip), &f) < 0)
		return;
	ipck = f.ck ? ip + f.ck : NULL;
	tck = f.l4_ck ? ip + f.l4_ck : NULL;
	for (i = 0; i < 2; i++) {
		uint8_t *a = ip + (i == 0 ? f.src : f.dst), ckold[2];
		int changed;

		memcpy(before, a, f.alen);
		changed = i == 0 ? rw_map_quoted(m->dst, m->ndst, m->src,
						 m->nsrc, f.ver, a)
				 : rw_map_quoted(m->src, m->nsrc, m->dst,
						 m->ndst, f.ver, a);
		if (!changed)
			continue;
		rw_fix(ick, icmp, end, before, a, f.alen);
		if (ipck) {
			memcpy(ckold, ipck, 2);
			rw_fix(ipck, ip, end, before, a, f.alen);
			rw_fix(ick, icmp, end, ckold, ipck, 2);
		}
		if (tck) {
			memcpy(ckold, tck, 2);
			rw_fix(tck, ip, end, before, a, f.alen);
			rw_fix(ick, icmp, end, ckold, tck, 2);
		}
	}
}

/* The TTL shares a checksum word with the protocol (v4) or the next
 * header (v6); only v4 has a header checksum to adjust. */
static void
rw_ttl(const struct rw_maps *m, const struct dec_iplayout *f, uint8_t *ip,
       const uint8_t *end)
{
	uint8_t *w = ip + (f->ttl & ~1), old[2];

	memcpy(old, w, 2);
	ip[f->ttl] = m->ttl;
	if (f->ck)
		rw_fix(ip + f->ck, ip, end, old, w, 2);
}

void
rw_packet(const struct rw_maps *m, uint8_t *ip, size_t len,
	  const struct dec_pkt *d)
{
	const uint8_t *end = ip + len;
	uint8_t *icmp = NULL, *ick = NULL, before[16];
	struct dec_iplayout f;
	size_t i;

	/* d->ip is the header that carries the message, which is the one
	 * at ip unless the message came through a tunnel. */
	if (dec_iplayout_ver(d->ip.ver, &f) < 0)
		return;
	/* Two bytes of ICMP is what makes the decoder return DEC_ICMP. */
	if (d->icmp.data && d->icmp.caplen >= 2 && d->ip_hdr)
		icmp = ip + (d->icmp.data - d->ip_hdr);
	if (icmp && icmp + 4 <= end)
		ick = icmp + 2;
	for (i = 0; i < 2; i++) {
		uint8_t *a = ip + (i == 0 ? f.src : f.dst);
		int changed;

		memcpy(before, a, f.alen);
		changed = i == 0 ? rw_map_addr(m->src, m->nsrc, f.ver, a)
				 : rw_map_addr(m->dst, m->ndst, f.ver, a);
		if (!changed)
			continue;
		if (f.ck)
			rw_fix(ip + f.ck, ip, end, before, a, f.alen);
		else if (ick && d->icmp.ver == 6) /* the pseudo-header */
			rw_fix(ick, icmp, end, before, a, f.alen);
	}
	if (m->have_ttl)
		rw_ttl(m, &f, ip, end);
	if (ick && dec_is_error(d->icmp.ver, d->icmp.type))
		rw_quote(m, icmp, end, ick);
}
