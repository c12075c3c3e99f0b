/* Building packets with libnet: one function per layout (enum inj_kind),
 * innermost header first, as libnet wants. */
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "inj.h"

#define IP_DF_BIT 0x4000

static struct libnet_in6_addr
in6(const uint8_t a[16])
{
	struct libnet_in6_addr r;

	memcpy(&r, a, 16);
	return r;
}

static uint32_t
in4(const uint8_t a[16])
{
	uint32_t r;

	memcpy(&r, a, 4); /* libnet wants network order */
	return r;
}

/* ND options carry our MAC only when we build the link layer. */
static int
nd_has_lladdr(const struct inj_pkt *p)
{
	return p->link && p->ver == 6 &&
	       (p->t->kind == INJ_NSOL || p->t->kind == INJ_NADV ||
		p->t->kind == INJ_ROUTERSOL);
}

size_t
inj_ext_len(const struct inj_pkt *p)
{
	return p->ver == 6 && p->router_alert ? INJ_HBH_LEN : 0;
}

size_t
inj_icmp_len(const struct inj_pkt *p)
{
	size_t opt = nd_has_lladdr(p) ? 8 : 0;

	if (p->msg)
		return p->msg_len;

	switch (p->t->kind) {
	case INJ_ECHO:
		return 8 + p->payload_len;
	case INJ_TIMESTAMP:
		return 20;
	case INJ_MASK:
		return 12;
	case INJ_ERROR:
	case INJ_REDIRECT:
		return 8 + p->quote_len;
	case INJ_ROUTERADV:
		return 16;
	case INJ_ROUTERSOL:
		return 8 + opt;
	default: /* NS, NA */
		return 24 + opt;
	}
}

static libnet_ptag_t
build_icmp4(libnet_t *l, const struct inj_pkt *p, libnet_ptag_t tag)
{
	uint8_t t = p->t->type, ra[8];

	switch (p->t->kind) {
	case INJ_ECHO:
		return libnet_build_icmpv4_echo(t, p->code, 0, p->id, p->seq,
						p->payload, p->payload_len, l,
						tag);
	case INJ_TIMESTAMP:
		return libnet_build_icmpv4_timestamp(
			t, p->code, 0, p->id, p->seq, 0, 0, 0, NULL, 0, l, tag);
	case INJ_MASK:
		return libnet_build_icmpv4_mask(t, p->code, 0, p->id, p->seq,
						p->mask, NULL, 0, l, tag);
	case INJ_REDIRECT:
		return libnet_build_icmpv4_redirect(t, p->code, 0,
						    in4(p->gateway), p->quote,
						    p->quote_len, l, tag);
	case INJ_ERROR:
		if (t == 3 && p->code != 4)
			return libnet_build_icmpv4_unreach(
				t, p->code, 0, p->quote, p->quote_len, l, tag);
		if (t == 11)
			return libnet_build_icmpv4_timeexceed(
				t, p->code, 0, p->quote, p->quote_len, l, tag);
		/* Frag-needed (next-hop MTU in the low 16 bits),
		 * parameter problem (pointer in the first byte) and source
		 * quench share the echo layout: 4 bytes, then the quote. */
		return libnet_build_icmpv4_echo(
			t, p->code, 0,
			t == 12 ? (uint16_t)(p->pointer << 8) : 0,
			t == 3 ? (uint16_t)p->mtu : 0, p->quote, p->quote_len,
			l, tag);
	case INJ_ROUTERADV:
		/* One entry (our address, preference 0), entry size 2. */
		memcpy(ra, p->src, 4);
		memset(ra + 4, 0, 4);
		return libnet_build_icmpv4_echo(t, p->code, 0, 1 << 8 | 2,
						p->lifetime, ra, sizeof(ra), l,
						tag);
	default: /* router solicitation: 4 reserved bytes */
		return libnet_build_icmpv4_echo(t, p->code, 0, 0, 0, NULL, 0, l,
						tag);
	}
}

static libnet_ptag_t
build_icmp6(libnet_t *l, const struct inj_pkt *p, struct inj_tags *tg)
{
	uint8_t t = p->t->type;

	if (nd_has_lladdr(p)) {
		/* Source link-layer address for NS/RS, target for NA. */
		tg->opt = libnet_build_icmpv6_ndp_opt(
			p->t->kind == INJ_NADV ? 2 : 1,
			(uint8_t *)(uintptr_t)p->src_mac, 6, l, tg->opt);
		if (tg->opt < 0)
			return -1;
	}
	switch (p->t->kind) {
	case INJ_ECHO:
		return libnet_build_icmpv6_echo(t, p->code, 0, p->id, p->seq,
						p->payload, p->payload_len, l,
						tg->icmp);
	case INJ_NSOL:
		return libnet_build_icmpv6_ndp_nsol(
			t, p->code, 0, in6(p->target), NULL, 0, l, tg->icmp);
	case INJ_NADV:
		return libnet_build_icmpv6_ndp_nadv(t, p->code, 0, p->na_flags,
						    in6(p->target), NULL, 0, l,
						    tg->icmp);
	case INJ_ROUTERSOL:
		return libnet_build_icmpv6_echo(t, p->code, 0, 0, 0, NULL, 0, l,
						tg->icmp);
	default: /* errors */
		if (t == 1 || t == 3)
			return libnet_build_icmpv6_unreach(
				t, p->code, 0, p->quote, p->quote_len, l,
				tg->icmp);
		/* Packet too big (MTU) and parameter problem (pointer):
		 * a 32-bit field, given to the echo builder as id and seq. */
		{
			uint32_t v = t == 2 ? p->mtu : p->pointer;

			return libnet_build_icmpv6_echo(
				t, p->code, 0, (uint16_t)(v >> 16), (uint16_t)v,
				p->quote, p->quote_len, l, tg->icmp);
		}
	}
}

/* A message given as bytes: libnet's echo builder lays out type, code,
 * checksum and four bytes (id and seq), then the rest as its payload, and
 * computes the checksum (of the pseudo-header too for ICMPv6). */
static libnet_ptag_t
build_msg(libnet_t *l, const struct inj_pkt *p, libnet_ptag_t tag)
{
	uint8_t *m = p->msg; /* libnet's builders take non-const */
	uint16_t w1 = (uint16_t)(m[4] << 8 | m[5]),
		 w2 = (uint16_t)(m[6] << 8 | m[7]);

	if (p->ver == 6)
		return libnet_build_icmpv6_echo(m[0], m[1], 0, w1, w2, m + 8,
						p->msg_len - 8, l, tag);
	return libnet_build_icmpv4_echo(m[0], m[1], 0, w1, w2, m + 8,
					p->msg_len - 8, l, tag);
}

int
inj_build(libnet_t *l, const struct inj_pkt *p, struct inj_tags *tg,
	  char *errbuf)
{
	uint32_t ilen = (uint32_t)inj_icmp_len(p);

	if (p->msg) {
		tg->icmp = build_msg(l, p, tg->icmp);
		if (tg->icmp < 0)
			goto fail;
	}
	if (p->ver == 6) {
		if (!p->msg)
			tg->icmp = build_icmp6(l, p, tg);
		if (tg->icmp >= 0 && p->router_alert) {
			/* Router alert (type 5, value 0 = MLD), then PadN
			 * (tx.c writes it again: see there). */
			static const uint8_t ra[6] = {5, 2, 0, 0, 1, 0};

			tg->hbh = libnet_build_ipv6_hbhopts(
				IPPROTO_ICMPV6, 0, ra, sizeof(ra), l, tg->hbh);
			if (tg->hbh < 0)
				goto fail;
		}
		if (tg->icmp < 0)
			goto fail;
		tg->ip = libnet_build_ipv6(
			p->tos, p->flow, (uint16_t)(ilen + inj_ext_len(p)),
			p->router_alert ? 0 : 58, p->ttl, in6(p->src),
			in6(p->dst), NULL, 0, l, tg->ip);
	} else {
		if (!p->msg)
			tg->icmp = build_icmp4(l, p, tg->icmp);
		if (tg->icmp < 0)
			goto fail;
		tg->ip = libnet_build_ipv4(
			(uint16_t)(LIBNET_IPV4_H + ilen), p->tos, p->ip_id,
			p->df ? IP_DF_BIT : 0, p->ttl, IPPROTO_ICMP, 0,
			in4(p->src), in4(p->dst), NULL, 0, l, tg->ip);
	}
	if (tg->ip < 0)
		goto fail;
	if (p->link) {
		tg->eth = libnet_build_ethernet(p->dst_mac, p->src_mac,
						p->ver == 6 ? ETHERTYPE_IPV6
							    : ETHERTYPE_IP,
						NULL, 0, l, tg->eth);
		if (tg->eth < 0)
			goto fail;
	}
	return 0;
fail:
	cli_err(errbuf, "build: %s", libnet_geterror(l));
	return -1;
}

/* One protocol header of a quoted datagram, innermost first. */
static libnet_ptag_t
quote_l4(libnet_t *l, const struct inj_qspec *q)
{
	if (q->proto == IPPROTO_UDP)
		return libnet_build_udp(q->sport, q->dport, LIBNET_UDP_H, 0,
					NULL, 0, l, 0);
	if (q->proto == IPPROTO_TCP)
		return libnet_build_tcp(q->sport, q->dport, 0, 0, TH_SYN, 65535,
					0, 0, LIBNET_TCP_H, NULL, 0, l, 0);
	if (q->proto == IPPROTO_ICMP)
		return libnet_build_icmpv4_echo(q->type, q->code, 0, q->id,
						q->seq, NULL, 0, l, 0);
	if (q->proto == IPPROTO_ICMPV6)
		return libnet_build_icmpv6_echo(q->type, q->code, 0, q->id,
						q->seq, NULL, 0, l, 0);
	return 0; /* the IP header alone */
}

int
inj_quote_build(const struct inj_qspec *q, uint8_t **out, uint32_t *len,
		char *errbuf)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, lerr);
	uint8_t *bytes = NULL;
	uint32_t n = 0;
	int rc = -1;

	if (!l) {
		cli_err(errbuf, "libnet: %s", lerr);
		return -1;
	}
	if (quote_l4(l, q) < 0)
		goto fail;
	if (q->ver == 6) {
		if (libnet_build_ipv6(0, 0, (uint16_t)(q->tot_len - 40),
				      q->proto, q->ttl, in6(q->src),
				      in6(q->dst), NULL, 0, l, 0) < 0)
			goto fail;
	} else if (libnet_build_ipv4(q->tot_len, 0, q->ipid, 0, q->ttl,
				     q->proto, 0, in4(q->src), in4(q->dst),
				     NULL, 0, l, 0) < 0) {
		goto fail;
	}
	if (libnet_pblock_coalesce(l, &bytes, &n) < 0)
		goto fail;
	*out = malloc(n);
	if (!*out) {
		cli_err(errbuf, "memory: out of memory");
		goto done;
	}
	memcpy(*out, bytes, n);
	*len = n;
	rc = 0;
	goto done;
fail:
	cli_err(errbuf, "%s: %s", q->what, libnet_geterror(l));
done:
	if (bytes)
		libnet_adv_free_packet(l, bytes);
	libnet_destroy(l);
	return rc;
}

int
inj_quote_auto(const struct inj_pkt *p, uint8_t **out, uint32_t *len,
	       char *errbuf)
{
	/* The probe that would have caused the error: UDP from HOST to us,
	 * traceroute's port, TTL 1 as a router would have seen it. */
	struct inj_qspec q = {
		.what = "--quote auto",
		.ver = p->ver,
		.proto = IPPROTO_UDP,
		.ttl = 1,
		.sport = 33434,
		.dport = 33434,
		.ipid = 1,
		.tot_len = (uint16_t)((p->ver == 6 ? LIBNET_IPV6_H
						   : LIBNET_IPV4_H) +
				      LIBNET_UDP_H),
	};

	memcpy(q.src, p->dst, 16);
	memcpy(q.dst, p->src, 16);
	return inj_quote_build(&q, out, len, errbuf);
}
