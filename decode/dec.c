/* Link layers and IP: find the ICMP message in a captured record. */
#include "dec.h"

#include <string.h>

#include "cksum.h"
#include "cursor.h"
#include "icmp.h"

#define ETH_IPV4    0x0800
#define ETH_IPV6    0x86dd
#define ETH_MPLS    0x8847
#define ETH_MPLS_MC 0x8848

/* Mark the packet and remember the first reason only: later reasons are
 * usually consequences of the first. */
void
dec_flag(struct dec_pkt *d, uint32_t flag, const char *why)
{
	d->flags |= flag;
	if (!d->why)
		d->why = why;
}

static int
is_vlan_tpid(uint16_t t)
{
	return t == 0x8100 || t == 0x88a8 || t == 0x9100 || t == 0x9200;
}

/* Walk any number of 802.1Q/802.1ad tags; the first DEC_MAX_VLAN are kept
 * for printing, deeper ones are skipped but still walked.  An unencrypted
 * MACsec SecTAG (802.1AE) is walked too: the frame inside is plain. */
uint16_t
dec_eth_tags(struct cur *c, struct dec_link *l, uint16_t type)
{
	while (type == 0x88e5 || is_vlan_tpid(type)) {
		if (type == 0x88e5) {
			uint8_t tci = cur_u8(c);

			/* SL and packet number, then the SCI if present. */
			cur_skip(c, 5);
			if (tci & 0x20)
				cur_skip(c, 8);
			if (c->short_read || (tci & 0x0c))
				return 0; /* encrypted or changed: opaque */
			type = cur_be16(c);
			continue;
		}
		uint16_t tci = cur_be16(c);
		uint16_t next = cur_be16(c);

		if (c->short_read)
			return 0;
		if (l->nvlan < DEC_MAX_VLAN) {
			l->vlan_tpid[l->nvlan] = type;
			l->vlan_tci[l->nvlan] = tci;
			l->nvlan++;
		}
		type = next;
	}
	return type;
}

/* BSD loopback families: AF_INET is 2 everywhere, AF_INET6 is 10 on
 * Linux, 24 on NetBSD/OpenBSD/BSD/OS, 28 on FreeBSD, 30 on Darwin. */
static uint16_t
family_ethertype(uint32_t af)
{
	switch (af) {
	case 2:
		return ETH_IPV4;
	case 10:
	case 24:
	case 28:
	case 30:
		return ETH_IPV6;
	default:
		return 0;
	}
}

static uint16_t
ppp_ethertype(uint16_t proto)
{
	switch (proto) {
	case 0x0021:
		return ETH_IPV4;
	case 0x0057:
		return ETH_IPV6;
	case 0x0281:
		return ETH_MPLS;
	case 0x0283:
		return ETH_MPLS_MC;
	default:
		return 0;
	}
}

/* The address part of both Linux cooked headers: with an Ethernet ARPHRD
 * and a six-byte address, that address is the sender's MAC; the field is
 * eight bytes either way. */
static void
sll_addr(struct cur *c, struct dec_link *l, unsigned halen)
{
	if (halen == 6) {
		l->has_mac = 1;
		cur_copy(c, l->src_mac, 6);
		cur_skip(c, 2);
	} else {
		cur_skip(c, 8);
	}
}

static uint16_t
link_sll(struct cur *c, struct dec_link *l)
{
	l->has_sll = 1;
	l->sll_pkttype = cur_be16(c);
	cur_skip(c, 2); /* ARPHRD type */
	sll_addr(c, l, cur_be16(c));
	return dec_eth_tags(c, l, cur_be16(c));
}

static uint16_t
link_sll2(struct cur *c, struct dec_link *l)
{
	uint16_t type;

	l->has_sll = 1;
	type = cur_be16(c);
	cur_skip(c, 2);
	l->sll_ifindex = cur_be32(c);
	cur_skip(c, 2); /* ARPHRD type */
	l->sll_pkttype = cur_u8(c);
	sll_addr(c, l, cur_u8(c));
	return dec_eth_tags(c, l, type);
}

/* DLT_IPNET: dli_version, dli_family, then 22 bytes of hook type, length,
 * interfaces and zones.  The family is Solaris': 2 IPv4, 26 IPv6. */
static uint16_t
link_ipnet(struct cur *c)
{
	const uint8_t *b = cur_take(c, 24);

	if (!b)
		return 0;
	return b[1] == 2 ? ETH_IPV4 : b[1] == 26 ? ETH_IPV6 : 0;
}

/* NULL and LOOP: the family is in the capturing host's byte order for
 * NULL and in network order for LOOP, but files travel: a value with the
 * low half zero was written the other way round. */
static uint16_t
link_null(struct cur *c, struct dec_link *l)
{
	uint32_t af = cur_be32(c);

	if ((af & 0xffff) == 0)
		af = __builtin_bswap32(af);
	l->null_family = af;
	return family_ethertype(af);
}

/* PPP, with or without the HDLC address and control bytes (Cisco HDLC
 * carries an ethertype instead).  Protocol field compression: an odd first
 * byte is a one-byte protocol.  A cut header sets short_read. */
static uint16_t
link_ppp(struct cur *c)
{
	const uint8_t *b = cur_take(c, 1);

	if (b && b[0] == 0xff) { /* HDLC address and control */
		cur_skip(c, 1);
		b = cur_take(c, 1);
	} else if (b && (b[0] == 0x0f || b[0] == 0x8f)) {
		cur_skip(c, 1);
		return cur_be16(c);
	}
	if (!b)
		return 0;
	if (b[0] & 1)
		return ppp_ethertype(b[0]);
	return ppp_ethertype((uint16_t)(b[0] << 8 | cur_u8(c)));
}

/* Returns the ethertype of what follows the link header (0 if it is not
 * IP) and leaves the cursor at it.  "Raw" link types return 1: the IP
 * version nibble decides. */
static uint16_t
dec_link(int dlt, struct cur *c, struct dec_link *l)
{
	uint16_t type = 0;

	l->dlt = dlt;
	switch (dlt) {
	case DEC_DLT_EN10MB:
		if (!cur_copy(c, l->dst_mac, 6) || !cur_copy(c, l->src_mac, 6))
			return 0;
		l->has_mac = 1;
		type = dec_eth_tags(c, l, cur_be16(c));
		break;
	case DEC_DLT_LINUX_SLL:
		type = link_sll(c, l);
		break;
	case DEC_DLT_LINUX_SLL2:
		type = link_sll2(c, l);
		break;
	case DEC_DLT_RAW:
	case DEC_DLT_RAW14:
	case DEC_DLT_LINKTYPE_RAW:
		type = 1;
		break;
	case DEC_DLT_IPNET:
		type = link_ipnet(c);
		break;
	case DEC_DLT_IPOIB:
		/* As tcpdump reads it: 40 bytes of InfiniBand addresses,
		 * then the RFC 4391 encapsulation header (ethertype and
		 * two reserved bytes). */
		cur_skip(c, 40);
		type = cur_be16(c);
		cur_skip(c, 2);
		break;
	case DEC_DLT_IPV4:
		type = ETH_IPV4;
		break;
	case DEC_DLT_IPV6:
		type = ETH_IPV6;
		break;
	case DEC_DLT_NULL:
	case DEC_DLT_LOOP:
		type = link_null(c, l);
		break;
	case DEC_DLT_PPP:
	case DEC_DLT_PPP_SERIAL:
		type = link_ppp(c);
		break;
	case DEC_DLT_SLIP:
		/* BSD SLIP: direction byte and a saved compressed header. */
		cur_skip(c, 16);
		type = 1;
		break;
	default:
		return 0;
	}
	if (c->short_read)
		return 0;
	l->ethertype = type;
	l->hdr_len = (uint16_t)c->off;
	return type;
}

int
dec_packet(int dlt, struct dec_pkt *d)
{
	struct cur c;
	uint16_t type;
	size_t wire;

	d->flags = 0;
	d->why = NULL;
	d->ip_hdr = NULL;
	d->ip_caplen = 0;
	d->matched = d->dup = 0;
	d->reply_to = 0;
	d->rtt_ns = 0;
	d->ifname = NULL; /* the caller's to say, after decoding */
	d->ifdir = 0;
	/* Only what every packet needs cleared: MACs, tags and SLL fields
	 * are read only when their has_ flag or count says so. */
	d->link.has_mac = d->link.has_sll = d->link.nvlan = 0;
	d->link.sll_ifindex = d->link.null_family = 0;
	d->link.ethertype = d->link.hdr_len = 0;
	/* The tracker looks at these for every record, IP or not. */
	d->ip.ver = d->ip.proto = 0;
	d->ip.frag_off = 0;
	cur_init(&c, d->pkt, d->caplen);
	type = dec_link(dlt, &c, &d->link);
	if (c.short_read) {
		dec_flag(d, DEC_F_LINKTRUNC, "cut in link header");
		return DEC_NOT_ICMP;
	}
	if (type != ETH_IPV4 && type != ETH_IPV6 && type != 1) {
		if (type != ETH_MPLS && type != ETH_MPLS_MC)
			return DEC_NOT_ICMP;
		/* MPLS on the link: the label stack, then IP. */
		d->nouter = 0;
		wire = d->wirelen < d->caplen ? d->caplen : d->wirelen;
		return dec_mpls(d, &c, wire);
	}
	wire = d->wirelen > c.off ? d->wirelen - c.off : 0;
	return dec_ip(d, cur_ptr(&c), cur_left(&c), wire);
}

/* IPv6 extension headers, shared by the outer header and quoted ones.
 * Leaves the cursor after the last one walked and returns the upper-layer
 * protocol.  A chain has no length limit but the bytes: every header
 * takes at least 8 of them, so the walk ends with the capture.  When the
 * capture (or the payload length) ends inside the chain, the cursor says
 * short_read and the value is the last next-header read: what the bytes
 * say, not a protocol they do not hold. */
uint8_t
dec_ip6_ext(struct cur *c, uint8_t next, struct dec_ip *ip)
{
	for (;;) {
		const uint8_t *h;
		size_t hlen;

		switch (next) {
		case 0:	 /* hop-by-hop */
		case 60: /* destination options */
		case 43: /* routing */
		case 44: /* fragment */
		case 51: /* AH */
			break;
		default:
			return next;
		}
		h = cur_take(c, 2);
		if (!h)
			return next;
		if (next == 44)
			hlen = 8;
		else if (next == 51)
			hlen = ((size_t)h[1] + 2) * 4;
		else
			hlen = ((size_t)h[1] + 1) * 8;
		c->off -= 2;
		if (!cur_has(c, hlen)) {
			c->short_read = 1;
			return next;
		}
		if (ip && ip->nnext < DEC_MAX_EXT)
			ip->ext[ip->nnext++] = next;
		h = cur_ptr(c);
		if (next == 44 && ip) {
			ip->has_frag = 1;
			ip->frag_off = rd_be16(h + 2) & 0xfff8;
			ip->mf = h[3] & 1;
			ip->ipid = rd_be32(h + 4);
		} else if (next == 43 && ip && h[3] > 0) {
			/* Segments left: the pseudo-header uses the final
			 * destination (RFC 8200 8.1). */
			if ((h[2] == 0 || h[2] == 2) && h[1] >= 2) {
				memcpy(ip->final_dst,
				       h + 8 + (h[1] / 2 - 1) * 16, 16);
				ip->has_final_dst = 1;
			} else if (h[2] == 4 && h[1] >= 2) {
				memcpy(ip->final_dst, h + 8, 16);
				ip->has_final_dst = 1;
			}
		}
		next = h[0];
		c->off += hlen;
	}
}

/* The header is all captured (IHL checked, a multiple of 4); options
 * count too.  Every IPv4 packet passes here, so the check sums 32-bit
 * words in host order: a ones' complement sum that folds to 0xffff does
 * so in either byte order.  Only a bad header is summed again, in
 * network order, for the value it should have. */
uint8_t
dec_ip4_ck(const uint8_t *h, size_t ihl, uint16_t *expected)
{
	uint64_t sum = 0;
	uint32_t w[15];
	size_t i;

	/* Five words without options: a constant size the compiler
	 * unrolls. */
	if (ihl == 20) {
		memcpy(w, h, 20);
		sum = (uint64_t)w[0] + w[1] + w[2] + w[3] + w[4];
	} else {
		memcpy(w, h, ihl);
		for (i = 0; i < ihl / 4; i++)
			sum += w[i];
	}
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	if (sum == 0xffff)
		return DEC_CK_OK;
	*expected = ck_expected(ck_add(0, h, ihl), rd_be16(h + 10));
	return DEC_CK_BAD;
}

static int
dec_ip4_hdr(struct dec_pkt *d, struct cur *c, size_t *wire)
{
	struct dec_ip *ip = &d->ip;
	const uint8_t *h = cur_ptr(c);
	size_t ihl, avail = cur_left(c);

	if (avail < 20) {
		dec_flag(d, DEC_F_LINKTRUNC, "cut in IPv4 header");
		return -1;
	}
	ihl = (size_t)(h[0] & 0x0f) * 4;
	ip->tos = h[1];
	ip->tot_len = rd_be16(h + 2);
	ip->ipid = rd_be16(h + 4);
	ip->df = (h[6] & 0x40) != 0;
	ip->mf = (h[6] & 0x20) != 0;
	ip->frag_off = (uint16_t)((rd_be16(h + 6) & 0x1fff) * 8);
	ip->ttl = h[8];
	ip->proto = h[9];
	ip->cksum = rd_be16(h + 10);
	/* The tracker keys on all 16 bytes. */
	memcpy(ip->src, h + 12, 4);
	memset(ip->src + 4, 0, 12);
	memcpy(ip->dst, h + 16, 4);
	memset(ip->dst + 4, 0, 12);
	if (ihl < 20) {
		dec_flag(d, DEC_F_MALFORMED, "IPv4 header length below 20");
		return -1;
	}
	if (avail < ihl) {
		dec_flag(d, DEC_F_LINKTRUNC, "cut in IPv4 options");
		return -1;
	}
	/* Length 0 is what TSO leaves in captures of outgoing packets:
	 * the wire length is all there is to go by. */
	if (ip->tot_len == 0)
		ip->tot_len = (uint32_t)(*wire > avail ? *wire : avail);
	if (ip->tot_len < ihl) {
		dec_flag(d, DEC_F_MALFORMED, "IPv4 total length below header");
		return -1;
	}
	if (ip->tot_len > *wire)
		dec_flag(d, DEC_F_TRUNC, "IPv4 total length beyond packet");
	/* Ethernet pads short frames: the IP length says where data ends. */
	if (avail > ip->tot_len)
		c->len = c->off + ip->tot_len;
	if (*wire > ip->tot_len)
		*wire = ip->tot_len;
	ip->hdr_len = (uint16_t)ihl;
	ip->ck_status = dec_ip4_ck(h, ihl, &ip->cksum_expected);
	c->off += ihl;
	if (ip->frag_off || ip->mf)
		d->flags |= DEC_F_FRAG;
	return 0;
}

static int
dec_ip6_hdr(struct dec_pkt *d, struct cur *c, size_t *wire)
{
	struct dec_ip *ip = &d->ip;
	const uint8_t *h = cur_ptr(c);
	size_t avail = cur_left(c), start = c->off;
	uint32_t plen;

	if (avail < 40) {
		dec_flag(d, DEC_F_LINKTRUNC, "cut in IPv6 header");
		return -1;
	}
	ip->tos = (uint8_t)(rd_be16(h) >> 4);
	ip->flow = rd_be32(h) & 0xfffff;
	plen = rd_be16(h + 4);
	ip->next_hdr = h[6];
	ip->ttl = h[7];
	memcpy(ip->src, h + 8, 16);
	memcpy(ip->dst, h + 24, 16);
	/* Payload length 0 means a jumbogram or a TSO capture. */
	if (plen == 0)
		plen = (uint32_t)((*wire > avail ? *wire : avail) - 40);
	ip->tot_len = plen + 40;
	if (ip->tot_len > *wire)
		dec_flag(d, DEC_F_TRUNC, "IPv6 payload length beyond packet");
	if (avail > ip->tot_len)
		c->len = c->off + ip->tot_len;
	if (*wire > ip->tot_len)
		*wire = ip->tot_len;
	c->off += 40;
	ip->proto = dec_ip6_ext(c, ip->next_hdr, ip);
	if (c->short_read) {
		/* Cut by the payload length rather than by the capture? */
		if (avail > ip->tot_len)
			dec_flag(
				d, DEC_F_MALFORMED,
				"IPv6 extension headers beyond payload length");
		else
			dec_flag(d, DEC_F_LINKTRUNC,
				 "cut in IPv6 extension header");
		return -1;
	}
	ip->hdr_len = (uint16_t)(c->off - start);
	if (ip->tot_len < ip->hdr_len) {
		dec_flag(d, DEC_F_MALFORMED,
			 "IPv6 extension headers beyond payload length");
		return -1;
	}
	if (ip->has_frag && (ip->frag_off || ip->mf))
		d->flags |= DEC_F_FRAG;
	return 0;
}

int
dec_ip_layer(struct dec_pkt *d, const uint8_t *p, size_t caplen, size_t wire)
{
	struct cur c;
	int rc, first = d->ip_hdr == NULL;

	if (wire < caplen)
		wire = caplen;
	d->ip.df = d->ip.mf = d->ip.has_final_dst = d->ip.has_frag = 0;
	d->ip.nnext = d->ip.next_hdr = d->ip.proto = 0;
	d->ip.frag_off = 0;
	d->ip.ipid = d->ip.flow = d->ip.tot_len = 0;
	d->ip.hdr_len = 0;
	d->ip.ck_status = DEC_CK_UNVERIFIED;
	d->ip.ttl = d->ip.tos = d->ip.ver = 0;
	cur_init(&c, p, caplen);
	if (first)
		d->ip_hdr = p;
	if (caplen < 1) {
		dec_flag(d, DEC_F_LINKTRUNC, "no IP header captured");
		return DEC_NOT_ICMP;
	}
	d->ip.ver = p[0] >> 4;
	if (d->ip.ver == 4)
		rc = dec_ip4_hdr(d, &c, &wire);
	else if (d->ip.ver == 6)
		rc = dec_ip6_hdr(d, &c, &wire);
	else
		return DEC_NOT_ICMP;
	if (first)
		d->ip_caplen = (uint32_t)c.len;
	if (rc < 0)
		return DEC_NOT_ICMP;
	if (d->ip.proto != 1 && d->ip.proto != 58) {
		/* Only the first fragment holds a tunnel header. */
		if (d->ip.frag_off)
			return DEC_NOT_ICMP;
		return dec_tunnel(d, &c, wire);
	}
	/* Only the first fragment carries the ICMP header. */
	if (d->ip.frag_off)
		return DEC_NOT_ICMP;
	return dec_icmp(d, &c);
}

int
dec_ip(struct dec_pkt *d, const uint8_t *p, size_t caplen, size_t wirelen)
{
	d->nouter = 0;
	d->ip_hdr = NULL;
	return dec_ip_layer(d, p, caplen, wirelen);
}

int
dec_icmp_msg(struct dec_pkt *d, int ver, const uint8_t src[16],
	     const uint8_t dst[16], uint8_t ttl, const uint8_t *msg, size_t len)
{
	struct cur c;

	d->flags = 0;
	d->why = NULL;
	d->nouter = 0;
	d->ip_hdr = NULL;
	d->ip_caplen = 0;
	d->matched = d->dup = 0;
	memset(&d->link, 0, sizeof(d->link));
	memset(&d->ip, 0, sizeof(d->ip));
	d->ip.ver = (uint8_t)ver;
	d->ip.proto = ver == 6 ? DEC_P_ICMP6 : 1;
	d->ip.ttl = ttl;
	memcpy(d->ip.src, src, 16);
	memcpy(d->ip.dst, dst, 16);
	d->ip.tot_len = (uint32_t)len;
	d->pkt = msg;
	d->caplen = d->wirelen = (uint32_t)len;
	cur_init(&c, msg, len);
	return dec_icmp(d, &c);
}
