/* Tunnels: ICMP inside IP-in-IP (4in4, 6in4, 4in6, 6in6), GRE (with
 * ERSPAN I/II/III and transparent Ethernet bridging), VXLAN (UDP 4789 and
 * Linux's 8472), Geneve (6081), MPLS (over Ethernet/PPP, in IP, in GRE,
 * over UDP 6635).  Each layer walked is recorded in d->outer[]; the walk
 * stops at DEC_MAX_OUTER layers.  Only the IP layer calls in here, and
 * only for a protocol that is not ICMP: plain ICMP never gets here. */
#include <string.h>

#include "icmp.h"

#define ETH_IPV4     0x0800
#define ETH_IPV6     0x86dd
#define ETH_TEB	     0x6558 /* transparent Ethernet bridging */
#define ETH_MPLS     0x8847
#define ETH_MPLS_MC  0x8848
#define ETH_ERSPAN12 0x88be /* ERSPAN type I and II */
#define ETH_ERSPAN3  0x22eb

static int tun_ether(struct dec_pkt *d, struct cur *c, size_t wire,
		     uint16_t type);

static struct dec_layer *
push(struct dec_pkt *d, uint8_t kind)
{
	struct dec_layer *l;

	if (d->nouter >= DEC_MAX_OUTER) {
		dec_flag(d, DEC_F_MALFORMED | DEC_F_DEEP,
			 "tunnels nested deeper than 16 layers");
		return NULL;
	}
	l = &d->outer[d->nouter++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	return l;
}

/* The layer's header: from start to where the cursor is now. */
static void
mark(struct dec_layer *l, const struct cur *c, size_t start)
{
	l->hdr = c->p + start;
	l->hlen = (uint16_t)(c->off - start);
}

/* A tunnel header that ends early: nothing can be said of what it
 * carries.  Cut by the capture when the packet (wire, counted from c's
 * start) was longer than what was captured, else by its own length. */
static int
cut(struct dec_pkt *d, const struct cur *c, size_t wire, const char *why)
{
	dec_flag(d, wire > c->len ? DEC_F_LINKTRUNC : DEC_F_MALFORMED, why);
	return DEC_NOT_ICMP;
}

static int
tun_ip(struct dec_pkt *d, struct cur *c, size_t wire)
{
	size_t w = wire > c->off ? wire - c->off : 0;

	return dec_ip_layer(d, cur_ptr(c), cur_left(c), w);
}

/* An Ethernet frame inside a tunnel, with any VLAN tags. */
static int
tun_eth(struct dec_pkt *d, struct cur *c, size_t wire)
{
	struct dec_layer *l = push(d, DEC_L_ETH);
	struct dec_link lk;
	uint16_t type;
	size_t start = c->off;

	if (!l)
		return DEC_NOT_ICMP;
	lk.nvlan = 0;
	cur_copy(c, l->dst, 6);
	cur_copy(c, l->src, 6);
	type = dec_eth_tags(c, &lk, cur_be16(c));
	if (c->short_read)
		return cut(d, c, wire, "tunneled Ethernet header cut short");
	mark(l, c, start);
	if (lk.nvlan) {
		l->flags |= DEC_LF_VLAN;
		l->vlan = lk.vlan_tci[0] & 0xfff;
	}
	l->etype = type; /* 0: encrypted MACsec, opaque */
	return tun_ether(d, c, wire, type);
}

int
dec_mpls(struct dec_pkt *d, struct cur *c, size_t wire)
{
	struct dec_layer *l;
	const uint8_t *b;
	uint32_t v;
	size_t start;

	do {
		start = c->off;
		v = cur_be32(c);
		if (c->short_read)
			return cut(d, c, wire, "MPLS label stack cut short");
		l = push(d, DEC_L_MPLS);
		if (!l)
			return DEC_NOT_ICMP;
		l->id = v >> 12;
		l->tc = (uint8_t)(v >> 9 & 7);
		l->ttl = (uint8_t)v;
		mark(l, c, start);
	} while (!(v & 0x100));
	l->flags |= DEC_LF_BOS;
	/* No protocol field: the first nibble tells IPv4, IPv6, or (0) the
	 * control word of an Ethernet pseudowire (RFC 4385, RFC 4448). */
	b = cur_ptr(c);
	if (!cur_has(c, 1))
		return cut(d, c, wire, "nothing after MPLS label stack");
	switch (b[0] >> 4) {
	case 4:
	case 6:
		return tun_ip(d, c, wire);
	case 0:
		l->flags |= DEC_LF_CW;
		if (!cur_skip(c, 4))
			return cut(d, c, wire, "MPLS control word cut short");
		mark(l, c, start);
		return tun_eth(d, c, wire);
	default:
		return DEC_NOT_ICMP;
	}
}

/* What an ethertype-typed tunnel carries. */
static int
tun_ether(struct dec_pkt *d, struct cur *c, size_t wire, uint16_t type)
{
	switch (type) {
	case ETH_IPV4:
	case ETH_IPV6:
		return tun_ip(d, c, wire);
	case ETH_TEB:
		return tun_eth(d, c, wire);
	case ETH_MPLS:
	case ETH_MPLS_MC:
		return dec_mpls(d, c, wire);
	default:
		return DEC_NOT_ICMP;
	}
}

/* ERSPAN type II (8-byte header) and III (12 bytes, 8 more with the O
 * bit), then the mirrored Ethernet frame (type III: or an IP packet). */
static int
tun_erspan(struct dec_pkt *d, struct cur *c, size_t wire, int type)
{
	struct dec_layer *l = push(d, DEC_L_ERSPAN);
	uint32_t w0, w2 = 0;
	size_t start = c->off;

	if (!l)
		return DEC_NOT_ICMP;
	l->ver = (uint8_t)type;
	if (type == 1)
		return tun_eth(d, c, wire);
	w0 = cur_be32(c);
	cur_skip(c, 4);
	if (type == 3)
		w2 = cur_be32(c);
	if (type == 3 && (w2 & 1))
		cur_skip(c, 8); /* platform specific subheader */
	if (c->short_read)
		return cut(d, c, wire, "ERSPAN header cut short");
	mark(l, c, start);
	if ((w0 >> 28) != (type == 2 ? 1u : 2u))
		return DEC_NOT_ICMP;
	l->vlan = (uint16_t)(w0 >> 16 & 0xfff);
	if (l->vlan)
		l->flags |= DEC_LF_VLAN;
	l->tc = (uint8_t)(w0 >> 13 & 7);
	l->id = w0 & 0x3ff;
	/* Type III frame type: 0 Ethernet, 2 IP. */
	if (type == 3 && (w2 >> 10 & 0x1f) == 2)
		return tun_ip(d, c, wire);
	if (type == 3 && (w2 >> 10 & 0x1f) != 0)
		return DEC_NOT_ICMP;
	return tun_eth(d, c, wire);
}

/* GRE version 0 (RFC 2784, key and sequence number of RFC 2890). */
static int
tun_gre(struct dec_pkt *d, struct cur *c, size_t wire)
{
	struct dec_layer *l;
	size_t start = c->off;
	uint16_t fl = cur_be16(c), proto = cur_be16(c);

	if (c->short_read)
		return cut(d, c, wire, "GRE header cut short");
	/* Version 1 (PPTP) and RFC 1701 source routing are not walked. */
	if ((fl & 7) || (fl & 0x4000))
		return DEC_NOT_ICMP;
	l = push(d, DEC_L_GRE);
	if (!l)
		return DEC_NOT_ICMP;
	l->etype = proto;
	if (fl & 0x8000) {
		cur_skip(c, 4);
		l->flags |= DEC_LF_CSUM;
	}
	if (fl & 0x2000) {
		l->id = cur_be32(c);
		l->flags |= DEC_LF_KEY;
	}
	if (fl & 0x1000) {
		l->seq = cur_be32(c);
		l->flags |= DEC_LF_SEQ;
	}
	if (c->short_read)
		return cut(d, c, wire, "GRE header cut short");
	mark(l, c, start);
	if (proto == ETH_ERSPAN12)
		return tun_erspan(d, c, wire, (fl & 0x1000) ? 2 : 1);
	if (proto == ETH_ERSPAN3)
		return tun_erspan(d, c, wire, 3);
	return tun_ether(d, c, wire, proto);
}

static int
tun_vxlan(struct dec_pkt *d, struct cur *c, size_t wire)
{
	struct dec_layer *l;
	size_t start = c->off;
	uint8_t fl = cur_u8(c);
	uint32_t vni;

	cur_skip(c, 3);
	vni = cur_be32(c) >> 8;
	if (c->short_read)
		return cut(d, c, wire, "VXLAN header cut short");
	if (!(fl & 0x08)) /* the I flag: a valid VNI */
		return DEC_NOT_ICMP;
	l = push(d, DEC_L_VXLAN);
	if (!l)
		return DEC_NOT_ICMP;
	l->id = vni;
	mark(l, c, start);
	return tun_eth(d, c, wire);
}

static int
tun_geneve(struct dec_pkt *d, struct cur *c, size_t wire)
{
	struct dec_layer *l;
	size_t start = c->off;
	uint8_t b0 = cur_u8(c);
	uint16_t proto;
	uint32_t vni;

	cur_skip(c, 1);
	proto = cur_be16(c);
	vni = cur_be32(c) >> 8;
	cur_skip(c, (size_t)(b0 & 0x3f) * 4); /* options */
	if (c->short_read)
		return cut(d, c, wire, "Geneve header cut short");
	if (b0 >> 6) /* version 0 only */
		return DEC_NOT_ICMP;
	l = push(d, DEC_L_GENEVE);
	if (!l)
		return DEC_NOT_ICMP;
	l->id = vni;
	l->etype = proto;
	mark(l, c, start);
	return tun_ether(d, c, wire, proto);
}

static int
tun_udp(struct dec_pkt *d, struct cur *c, size_t wire, uint16_t sport,
	uint16_t dport)
{
	struct dec_layer *l = push(d, DEC_L_UDP);

	if (!l)
		return DEC_NOT_ICMP;
	l->sport = sport;
	l->dport = dport;
	l->hdr = cur_ptr(c);
	l->hlen = 8;
	cur_skip(c, 8);
	switch (dport) {
	case 4789:
	case 8472:
		return tun_vxlan(d, c, wire);
	case 6081:
		return tun_geneve(d, c, wire);
	default: /* 6635 */
		return dec_mpls(d, c, wire);
	}
}

static void
layer_ip(struct dec_layer *l, const struct dec_ip *ip)
{
	l->ver = ip->ver;
	if (ip->ck_status == DEC_CK_BAD)
		l->flags |= DEC_LF_BAD;
	l->ttl = ip->ttl;
	l->proto = ip->proto;
	memcpy(l->src, ip->src, 16);
	memcpy(l->dst, ip->dst, 16);
}

int
dec_tunnel(struct dec_pkt *d, struct cur *c, size_t wire)
{
	struct dec_layer *l;
	uint16_t sport = 0, dport = 0;

	switch (d->ip.proto) {
	case 4:	  /* IPv4 */
	case 41:  /* IPv6 */
	case 47:  /* GRE */
	case 137: /* MPLS in IP (RFC 4023) */
		break;
	case 17: {
		const uint8_t *u = cur_ptr(c);

		if (!cur_has(c, 8))
			return DEC_NOT_ICMP;
		sport = rd_be16(u);
		dport = rd_be16(u + 2);
		if (dport != 4789 && dport != 8472 && dport != 6081 &&
		    dport != 6635)
			return DEC_NOT_ICMP;
		break;
	}
	default:
		return DEC_NOT_ICMP;
	}
	l = push(d, DEC_L_IP);
	if (!l)
		return DEC_NOT_ICMP;
	layer_ip(l, &d->ip);
	l->hdr = c->p;
	l->hlen = d->ip.hdr_len;
	switch (d->ip.proto) {
	case 47:
		return tun_gre(d, c, wire);
	case 137:
		return dec_mpls(d, c, wire);
	case 17:
		return tun_udp(d, c, wire, sport, dport);
	default:
		return tun_ip(d, c, wire);
	}
}

const char *
dec_layer_name(int kind)
{
	static const char *const names[] = {
		[DEC_L_IP] = "ip",	   [DEC_L_GRE] = "gre",
		[DEC_L_ERSPAN] = "erspan", [DEC_L_UDP] = "udp",
		[DEC_L_VXLAN] = "vxlan",   [DEC_L_GENEVE] = "geneve",
		[DEC_L_MPLS] = "mpls",	   [DEC_L_ETH] = "eth",
	};

	return kind > 0 && kind <= DEC_L_ETH ? names[kind] : NULL;
}
