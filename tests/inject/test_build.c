/* The builders of icmpkit send: every type is built with inj_build() in a
 * libnet LIBNET_NONE context (no privileges), coalesced to bytes, and read
 * back by the shared decoder, which must find exactly the fields asked for
 * and a good checksum.  Also the type and code parsers. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <libnet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../decode/dec.h"
#include "../../decode/fields.h"
#include "../../inject/inj.h"
#include "../../inject/ndopt.h"
#include "../../inject/tx.h"
#include "../../decode/cksum.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What the send table must hold (the issue's list), in the order that
 * `icmpkit send --list-types` prints it. */
struct row {
	int ver, type;
	const char *name;
	int kind, codes;
};

static struct row rows[] = {
	{4, 8, "echo-request", INJ_ECHO, 1},
	{4, 0, "echo-reply", INJ_ECHO, 1},
	{4, 13, "timestamp-request", INJ_TIMESTAMP, 1},
	{4, 14, "timestamp-reply", INJ_TIMESTAMP, 1},
	{4, 17, "mask-request", INJ_MASK, 1},
	{4, 18, "mask-reply", INJ_MASK, 1},
	{4, 15, "info-request", INJ_ECHO, 1},
	{4, 16, "info-reply", INJ_ECHO, 1},
	{4, 3, "dest-unreachable", INJ_ERROR, 16},
	{4, 11, "time-exceeded", INJ_ERROR, 2},
	{4, 5, "redirect", INJ_REDIRECT, 4},
	{4, 12, "parameter-problem", INJ_ERROR, 3},
	{4, 4, "source-quench", INJ_ERROR, 1},
	{4, 10, "router-solicitation", INJ_ROUTERSOL, 1},
	{4, 9, "router-advertisement", INJ_ROUTERADV, 1},
	{6, 128, "echo-request", INJ_ECHO, 1},
	{6, 129, "echo-reply", INJ_ECHO, 1},
	{6, 1, "dest-unreachable", INJ_ERROR, 8},
	{6, 2, "packet-too-big", INJ_ERROR, 1},
	{6, 3, "time-exceeded", INJ_ERROR, 2},
	{6, 4, "parameter-problem", INJ_ERROR, 4},
	{6, 135, "neighbor-solicitation", INJ_NSOL, 1},
	{6, 136, "neighbor-advertisement", INJ_NADV, 1},
	{6, 133, "router-solicitation", INJ_ROUTERSOL, 1},
};

/* Lab addresses (documentation prefixes); nothing is sent anywhere. */
static const uint8_t SRC4[16] = {198, 51, 100, 2};
static const uint8_t DST4[16] = {203, 0, 113, 2};
static const uint8_t GW4[16] = {198, 51, 100, 1};
static const uint8_t SRC6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0,
				 0,    0,    0,	   0,	 0, 0, 0, 2};
static const uint8_t DST6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
				 0,    0,    0,	   0,	 0, 0, 0, 2};
static const uint8_t TGT6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0,
				 0,    0,    0,	   0,	 0, 0, 0, 0x77};
static const uint8_t SMAC[6] = {0x02, 0, 0, 0, 0x01, 0x02};
static const uint8_t DMAC[6] = {0x02, 0, 0, 0, 0x01, 0x01};

/* The packet under test, its bytes and what the decoder made of them. */
static struct inj_pkt P;
static uint8_t payload[2048];
static uint8_t quote[2048];
static uint8_t buf[70000];
static uint32_t blen;
static struct dec_pkt D;
static char err[CLI_ERRBUF];

/* A byte-wise RFC 1071 reference (independent of decode/cksum.c). */
static uint32_t
ref_add(uint32_t s, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		s += (i & 1) ? b[i] : (uint32_t)b[i] << 8;
		while (s > 0xffff)
			s = (s & 0xffff) + (s >> 16);
	}
	return s;
}

static uint16_t
be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)be16(b) << 16 | be16(b + 2);
}

/* A packet of row r with every field set to something recognisable. */
static void
pkt_init(int ver, const char *type)
{
	size_t i;

	memset(&P, 0, sizeof(P));
	P.t = inj_type_find(ver, type, err);
	cr_assert_not_null(P.t, "inj_type_find(%d, %s): %s", ver, type, err);
	P.ver = ver;
	P.id = 0x1234;
	P.seq = 0x0102;
	P.ttl = 64;
	P.ip_id = 0x4321;
	memcpy(P.src, ver == 6 ? SRC6 : SRC4, 16);
	memcpy(P.dst, ver == 6 ? DST6 : DST4, 16);
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 3);
	P.payload = payload;
	P.payload_len = 56;
	P.mask = 0xffffff00u;
	P.lifetime = 1800;
	P.na_flags = 0x20000000u;
	memcpy(P.src_mac, SMAC, 6);
	memcpy(P.dst_mac, DMAC, 6);
	if (P.t->kind == INJ_REDIRECT)
		memcpy(P.gateway, GW4, 16);
	if (P.t->kind == INJ_NSOL || P.t->kind == INJ_NADV)
		memcpy(P.target, TGT6, 16);
}

static void
decode(void)
{
	memset(&D, 0, sizeof(D));
	D.frame = 1;
	D.caplen = D.wirelen = blen;
	D.pkt = buf;
	cr_assert_eq(dec_packet(P.link ? DEC_DLT_EN10MB : DEC_DLT_RAW, &D),
		     DEC_ICMP, "%s: the decoder does not see ICMP",
		     inj_type_label(P.t));
}

/* Build P into l with the tags tg, coalesce, copy into buf, decode. */
static void
build_with(libnet_t *l, struct inj_tags *tg)
{
	uint8_t *bytes = NULL;
	uint32_t n = 0;

	cr_assert_eq(inj_build(l, &P, tg, err), 0, "inj_build %s: %s",
		     inj_type_label(P.t), err);
	cr_assert_geq(libnet_pblock_coalesce(l, &bytes, &n), 0, "coalesce: %s",
		      libnet_geterror(l));
	cr_assert_leq(n, sizeof(buf));
	memcpy(buf, bytes, n);
	blen = n;
	libnet_adv_free_packet(l, bytes);
	decode();
}

static void
build(void)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	struct inj_tags tg = {0, 0, 0, 0, 0};
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, lerr);

	cr_assert_not_null(l, "libnet_init(LIBNET_NONE): %s", lerr);
	build_with(l, &tg);
	libnet_destroy(l);
}

/* The auto quote for P, as send makes it. */
static void
auto_quote(void)
{
	uint8_t *q = NULL;
	uint32_t n = 0;

	cr_assert_eq(inj_quote_auto(&P, &q, &n, err), 0, "quote: %s", err);
	cr_assert_leq(n, sizeof(quote));
	memcpy(quote, q, n);
	free(q);
	P.quote = quote;
	P.quote_len = n;
}

static const char *
what(void)
{
	static char s[96];

	snprintf(s, sizeof(s), "v%d %s code %d%s", P.ver, inj_type_label(P.t),
		 P.code, P.link ? " (link)" : "");
	return s;
}

/* Everything every message must get right. */
static void
check_common(void)
{
	size_t l2 = P.link ? 14 : 0, ip = P.ver == 6 ? 40 : 20;

	cr_assert_eq(D.flags, 0, "%s: decoder flags %#x (%s)", what(), D.flags,
		     D.why ? D.why : "-");
	cr_assert_eq(blen, l2 + ip + inj_icmp_len(&P),
		     "%s: %u bytes built, inj_icmp_len says %zu", what(), blen,
		     inj_icmp_len(&P));
	cr_assert_eq(D.ip.ver, P.ver, "%s", what());
	cr_assert_eq(D.ip.tot_len, blen - l2, "%s: IP length %u, built %zu",
		     what(), D.ip.tot_len, blen - l2);
	cr_assert_eq(D.ip.ttl, P.ttl, "%s: ttl", what());
	cr_assert_eq(D.ip.tos, P.tos, "%s: tos/tclass %#x, asked %#x", what(),
		     D.ip.tos, P.tos);
	cr_assert_arr_eq(D.ip.src, P.src, P.ver == 6 ? 16 : 4, "%s: src",
			 what());
	cr_assert_arr_eq(D.ip.dst, P.dst, P.ver == 6 ? 16 : 4, "%s: dst",
			 what());
	cr_assert_eq(D.ip.proto, P.ver == 6 ? 58 : 1, "%s", what());
	if (P.ver == 4) {
		cr_assert_eq(D.ip.df, P.df, "%s: DF", what());
		cr_assert_eq(D.ip.mf, 0, "%s: MF", what());
		cr_assert_eq(D.ip.ipid, P.ip_id, "%s: ip id", what());
		cr_assert_eq(D.ip.hdr_len, 20, "%s", what());
		/* The IPv4 header checksum (the decoder does not check it). */
		cr_assert_eq(ref_add(0, buf + l2, 20), 0xffff,
			     "%s: IPv4 header checksum", what());
	}
	cr_assert_eq(D.icmp.ver, P.ver, "%s", what());
	cr_assert_eq(D.icmp.type, P.t->type, "%s: type %d", what(),
		     D.icmp.type);
	cr_assert_eq(D.icmp.code, P.code, "%s: code %d", what(), D.icmp.code);
	cr_assert_eq(D.icmp.len, inj_icmp_len(&P), "%s: ICMP length %u", what(),
		     D.icmp.len);
	cr_assert_eq(D.icmp.cksum_status, DEC_CK_OK,
		     "%s: checksum status %d (0x%04x)", what(),
		     D.icmp.cksum_status, D.icmp.cksum);
	if (P.link) {
		cr_assert(D.link.has_mac, "%s", what());
		cr_assert_arr_eq(D.link.src_mac, P.src_mac, 6, "%s: src mac",
				 what());
		cr_assert_arr_eq(D.link.dst_mac, P.dst_mac, 6, "%s: dst mac",
				 what());
		cr_assert_eq(D.link.ethertype, P.ver == 6 ? 0x86dd : 0x0800,
			     "%s", what());
	}
}

/* The quoted datagram of an error built with the auto quote: UDP from
 * HOST back to us, as the probe that caused the error would have been. */
static void
check_auto_quote(void)
{
	const struct dec_quote *q = &D.icmp.q;
	size_t al = P.ver == 6 ? 16 : 4;

	cr_assert(q->present, "%s: no quote", what());
	cr_assert_eq(q->ver, P.ver, "%s", what());
	cr_assert_arr_eq(q->src, P.dst, al, "%s: quoted src", what());
	cr_assert_arr_eq(q->dst, P.src, al, "%s: quoted dst", what());
	cr_assert_eq(q->proto, 17, "%s: quoted proto", what());
	cr_assert_eq(q->ttl, 1, "%s: quoted ttl", what());
	cr_assert(q->has_ports, "%s", what());
	cr_assert_eq(q->sport, 33434, "%s", what());
	cr_assert_eq(q->dport, 33434, "%s", what());
	cr_assert(!q->truncated, "%s", what());
	cr_assert_eq(q->caplen, P.quote_len, "%s", what());
}

/* The fields of P's kind. */
static void
check_kind(void)
{
	const struct dec_icmp *m = &D.icmp;
	const uint8_t *ic = D.ip_hdr + D.ip.hdr_len;
	uint8_t mask[4];

	switch (P.t->kind) {
	case INJ_ECHO:
		cr_assert(m->has_idseq, "%s", what());
		cr_assert_eq(m->id, P.id, "%s: id", what());
		cr_assert_eq(m->seq, P.seq, "%s: seq", what());
		cr_assert_eq(m->len, 8 + P.payload_len, "%s", what());
		if (P.payload_len)
			cr_assert_arr_eq(ic + 8, P.payload, P.payload_len,
					 "%s: payload bytes", what());
		break;
	case INJ_TIMESTAMP:
		cr_assert(m->has_idseq, "%s", what());
		cr_assert_eq(m->id, P.id, "%s: id", what());
		cr_assert_eq(m->seq, P.seq, "%s: seq", what());
		cr_assert_eq(m->len, 20, "%s", what());
		break;
	case INJ_MASK:
		cr_assert(m->has_idseq, "%s", what());
		cr_assert_eq(m->id, P.id, "%s: id", what());
		cr_assert_eq(m->seq, P.seq, "%s: seq", what());
		mask[0] = (uint8_t)(P.mask >> 24);
		mask[1] = (uint8_t)(P.mask >> 16);
		mask[2] = (uint8_t)(P.mask >> 8);
		mask[3] = (uint8_t)P.mask;
		cr_assert_arr_eq(m->addr, mask, 4, "%s: mask", what());
		break;
	case INJ_REDIRECT:
		cr_assert_arr_eq(m->addr, P.gateway, 4, "%s: gateway", what());
		check_auto_quote();
		break;
	case INJ_ERROR:
		if (P.ver == 4 && P.t->type == 3 && P.code == 4)
			cr_assert_eq(m->mtu, P.mtu, "%s: mtu %u", what(),
				     m->mtu);
		if (P.ver == 6 && P.t->type == 2)
			cr_assert_eq(m->mtu, P.mtu, "%s: mtu %u", what(),
				     m->mtu);
		if (P.t->type == (P.ver == 6 ? 4 : 12))
			cr_assert_eq(m->pointer, P.pointer, "%s: pointer %u",
				     what(), m->pointer);
		/* Unused bytes are zero for the others. */
		if (!(P.ver == 4 &&
		      (P.t->type == 12 || (P.t->type == 3 && P.code == 4))) &&
		    !(P.ver == 6 && (P.t->type == 2 || P.t->type == 4)))
			cr_assert_eq(be32(ic + 4), 0, "%s: unused %#x", what(),
				     be32(ic + 4));
		check_auto_quote();
		break;
	case INJ_ROUTERADV:
		cr_assert_eq(m->count, 1, "%s", what());
		cr_assert_eq(m->entry_size, 2, "%s", what());
		cr_assert_eq(m->lifetime, P.lifetime, "%s", what());
		cr_assert_arr_eq(ic + 8, P.src, 4, "%s: router address",
				 what());
		cr_assert_eq(be32(ic + 12), 0, "%s: preference", what());
		break;
	case INJ_ROUTERSOL:
		cr_assert_eq(be32(ic + 4), 0, "%s: reserved", what());
		break;
	case INJ_NSOL:
	case INJ_NADV:
		cr_assert_arr_eq(m->addr, P.target, 16, "%s: target", what());
		cr_assert_eq(m->flags, P.t->kind == INJ_NADV ? P.na_flags : 0,
			     "%s: flags %#x", what(), m->flags);
		break;
	}
	if (P.ver == 6 && P.link &&
	    (P.t->kind == INJ_NSOL || P.t->kind == INJ_NADV ||
	     P.t->kind == INJ_ROUTERSOL)) {
		/* Our MAC in a source (NS, RS) or target (NA) link-layer
		 * address option. */
		struct dec_ndopt o;
		size_t off = m->opt_off;

		cr_assert_eq(m->nopts, 1, "%s: %d ND options", what(),
			     m->nopts);
		cr_assert(dec_ndopt_next(m, &off, &o), "%s", what());
		cr_assert_eq(o.bad, DEC_NDOPT_OK, "%s", what());
		cr_assert_eq(o.type, P.t->kind == INJ_NADV ? 2 : 1, "%s",
			     what());
		cr_assert_eq(o.len, 8, "%s", what());
		cr_assert_arr_eq(o.body, P.src_mac, 6, "%s: option MAC",
				 what());
	} else if (P.ver == 6 &&
		   (P.t->kind == INJ_NSOL || P.t->kind == INJ_NADV ||
		    P.t->kind == INJ_ROUTERSOL)) {
		cr_assert_eq(m->nopts, 0,
			     "%s: no options without the link "
			     "layer",
			     what());
	}
}

/* Set the per-type extras send would set (type_options, load_quote). */
static void
extras(void)
{
	if (P.ver == 4 && P.t->type == 3 && P.code == 4)
		P.mtu = 1492;
	if (P.ver == 6 && P.t->type == 2)
		P.mtu = 70000; /* needs all 32 bits */
	if (P.ver == 4 && P.t->type == 12)
		P.pointer = 9;
	if (P.ver == 6 && P.t->type == 4)
		P.pointer = 0x10028; /* needs all 32 bits */
	if (P.t->kind == INJ_ERROR || P.t->kind == INJ_REDIRECT)
		auto_quote();
}

/* ----- every type of the table ----- */

/* Parameters are indexes: the test runs in another process image (PIE
 * addresses differ), so a pointer in a parameter would dangle. */
static int row_index[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
			  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23};
_Static_assert(NELEM(row_index) == NELEM(rows), "one index per row");

ParameterizedTestParameters(build, every_type)
{
	return cr_make_param_array(int, row_index, NELEM(row_index));
}

/* Every code of every type, IP layer only. */
ParameterizedTest(int *ri, build, every_type)
{
	const struct row *r = &rows[*ri];
	int c;

	for (c = 0; c < r->codes; c++) {
		pkt_init(r->ver, r->name);
		cr_assert_eq(P.t->type, r->type);
		P.code = (uint8_t)c;
		extras();
		build();
		check_common();
		check_kind();
	}
}

ParameterizedTestParameters(build, every_type_link)
{
	return cr_make_param_array(int, row_index, NELEM(row_index));
}

/* The same with the Ethernet header (send --link), last code. */
ParameterizedTest(int *ri, build, every_type_link)
{
	const struct row *r = &rows[*ri];
	pkt_init(r->ver, r->name);
	P.code = (uint8_t)(r->codes - 1);
	P.link = 1;
	extras();
	build();
	check_common();
	check_kind();
}

ParameterizedTestParameters(build, every_type_header_bits)
{
	return cr_make_param_array(int, row_index, NELEM(row_index));
}

/* TTL, TOS / traffic class, DF and IP id reach the header of every type. */
ParameterizedTest(int *ri, build, every_type_header_bits)
{
	const struct row *r = &rows[*ri];
	pkt_init(r->ver, r->name);
	P.ttl = 7;
	P.tos = 0xb8;
	P.df = 1;
	P.ip_id = 0xbeef;
	extras();
	build();
	check_common();
	check_kind();
}

Test(build, table_matches_the_issue)
{
	size_t i;
	char num[8];

	for (i = 0; i < NELEM(rows); i++) {
		const struct inj_type *t =
			inj_type_find(rows[i].ver, rows[i].name, err);

		cr_assert_not_null(t, "v%d %s: %s", rows[i].ver, rows[i].name,
				   err);
		cr_assert_eq(t->ver, rows[i].ver);
		cr_assert_eq(t->type, rows[i].type, "%s", rows[i].name);
		cr_assert_eq(t->kind, rows[i].kind, "%s", rows[i].name);
		cr_assert_eq(t->codes, rows[i].codes, "%s", rows[i].name);
		cr_assert_str_eq(inj_type_label(t), rows[i].name);
		snprintf(num, sizeof(num), "%d", rows[i].type);
		cr_assert_eq(inj_type_find(rows[i].ver, num, err), t,
			     "v%d type %s by number", rows[i].ver, num);
	}
}

/* ----- checksums over odd lengths ----- */

static void
cksum_sizes(int ver)
{
	uint32_t n;

	for (n = 0; n <= 33; n++) {
		uint32_t s;
		size_t ip = ver == 6 ? 40 : 20;

		pkt_init(ver, "echo-request");
		P.payload_len = n;
		build();
		check_common();
		check_kind();
		/* And by the byte-wise reference. */
		if (ver == 6) {
			uint8_t ph[40];

			memset(ph, 0, sizeof(ph));
			memcpy(ph, P.src, 16);
			memcpy(ph + 16, P.dst, 16);
			ph[34] = (uint8_t)((8 + n) >> 8);
			ph[35] = (uint8_t)(8 + n);
			ph[39] = 58;
			s = ref_add(0, ph, sizeof(ph));
		} else {
			s = 0;
		}
		s = ref_add(s, buf + ip, 8 + n);
		cr_assert_eq(s, 0xffff, "v%d payload %u: reference sum %#x",
			     ver, n, s);
	}
}

Test(cksum, echo4_payload_0_to_33)
{
	cksum_sizes(4);
}

Test(cksum, echo6_payload_0_to_33)
{
	cksum_sizes(6);
}

/* Errors quoting an odd number of bytes (--quote-file). */
static void
cksum_quote(int ver, const char *type)
{
	uint32_t n;

	for (n = 1; n <= 33; n += 2) {
		pkt_init(ver, type);
		/* The first n bytes of a real datagram, as a short
		 * --quote-file would give. */
		auto_quote();
		if (n < P.quote_len)
			P.quote_len = n;
		build();
		cr_assert_eq(D.icmp.len, 8 + P.quote_len);
		cr_assert_eq(D.icmp.cksum_status, DEC_CK_OK,
			     "v%d %s quote %u bytes", ver, type, n);
	}
}

Test(cksum, odd_quotes)
{
	cksum_quote(4, "dest-unreachable");
	cksum_quote(4, "time-exceeded");
	cksum_quote(4, "redirect");
	cksum_quote(4, "parameter-problem");
	cksum_quote(6, "dest-unreachable");
	cksum_quote(6, "packet-too-big");
	cksum_quote(6, "time-exceeded");
	cksum_quote(6, "parameter-problem");
}

Test(cksum, link_echo_odd_sizes)
{
	uint32_t n;
	int v;

	for (v = 4; v <= 6; v += 2)
		for (n = 1; n <= 33; n += 2) {
			pkt_init(v, "echo-request");
			P.link = 1;
			P.payload_len = n;
			build();
			check_common();
			check_kind();
		}
}

/* ----- fields ----- */

Test(fields, id_seq_extremes)
{
	static const uint16_t v[] = {0, 1, 0x7fff, 0x8000, 0xfffe, 0xffff};
	size_t i;

	for (i = 0; i < NELEM(v); i++) {
		pkt_init(4, "echo-request");
		P.id = v[i];
		P.seq = v[NELEM(v) - 1 - i];
		build();
		check_kind();
		pkt_init(6, "echo-reply");
		P.id = v[i];
		P.seq = v[NELEM(v) - 1 - i];
		build();
		check_kind();
		pkt_init(4, "timestamp-request");
		P.id = v[i];
		P.seq = v[NELEM(v) - 1 - i];
		build();
		check_kind();
	}
}

Test(fields, ipv4_header_bits)
{
	static const uint8_t tos[] = {0, 1, 0x10, 0xb8, 0xff};
	size_t i;

	for (i = 0; i < NELEM(tos); i++) {
		pkt_init(4, "echo-request");
		P.tos = tos[i];
		P.ttl = (uint8_t)(i * 60 + 1);
		P.df = i & 1;
		P.ip_id = (uint16_t)(i * 0x3333);
		build();
		check_common();
		/* The flags/offset word is exactly DF or nothing. */
		cr_assert_eq(be16(buf + 6), P.df ? 0x4000 : 0);
		cr_assert_eq(buf[1], tos[i]);
	}
}

Test(fields, ipv6_traffic_class_hop_limit)
{
	static const uint8_t tc[] = {0, 1, 0x0f, 0x10, 0xb8, 0xff};
	size_t i;

	for (i = 0; i < NELEM(tc); i++) {
		pkt_init(6, "echo-request");
		P.tos = tc[i];
		P.ttl = (uint8_t)(255 - i);
		build();
		check_common();
		/* Version 6, then the traffic class, flow label 0. */
		cr_assert_eq(be32(buf), 0x60000000u | (uint32_t)tc[i] << 20,
			     "first word %#x for class %#x", be32(buf), tc[i]);
		cr_assert_eq(D.ip.flow, 0);
	}
}

Test(fields, frag_needed_mtu)
{
	static const uint32_t mtu[] = {68, 576, 1280, 1492, 65535};
	size_t i;

	for (i = 0; i < NELEM(mtu); i++) {
		pkt_init(4, "dest-unreachable");
		P.code = 4;
		P.mtu = mtu[i];
		auto_quote();
		build();
		check_common();
		check_kind();
		/* RFC 1191: unused 16 bits, then the MTU. */
		cr_assert_eq(be16(D.icmp.data + 4), 0);
		cr_assert_eq(be16(D.icmp.data + 6), mtu[i]);
	}
}

Test(fields, packet_too_big_mtu)
{
	static const uint32_t mtu[] = {1280, 1500, 65535, 65536, 0xfffffffeu};
	size_t i;

	for (i = 0; i < NELEM(mtu); i++) {
		pkt_init(6, "packet-too-big");
		P.mtu = mtu[i];
		auto_quote();
		build();
		check_common();
		check_kind();
	}
}

Test(fields, parameter_problem_pointer)
{
	static const uint32_t p4[] = {0, 1, 20, 255};
	static const uint32_t p6[] = {0, 6, 40, 0x10000, 0xffffffffu};
	size_t i;

	for (i = 0; i < NELEM(p4); i++) {
		pkt_init(4, "parameter-problem");
		P.pointer = p4[i];
		auto_quote();
		build();
		check_common();
		check_kind();
		/* The pointer is the first byte, then 3 unused bytes. */
		cr_assert_eq(D.icmp.data[4], p4[i]);
		cr_assert_eq(D.icmp.data[5] | D.icmp.data[6] | D.icmp.data[7],
			     0);
	}
	for (i = 0; i < NELEM(p6); i++) {
		pkt_init(6, "parameter-problem");
		P.pointer = p6[i];
		auto_quote();
		build();
		check_common();
		check_kind();
	}
}

Test(fields, redirect_gateway_every_code)
{
	static const uint8_t gw[16] = {203, 0, 113, 254};
	int c;

	for (c = 0; c < 4; c++) {
		pkt_init(4, "redirect");
		P.code = (uint8_t)c;
		memcpy(P.gateway, gw, 16);
		auto_quote();
		build();
		check_common();
		check_kind();
	}
}

Test(fields, mask_values)
{
	static const uint32_t m[] = {0, 0xff000000u, 0xffffff00u, 0xfffffffcu,
				     0xffffffffu};
	size_t i;

	for (i = 0; i < NELEM(m); i++) {
		pkt_init(4, i & 1 ? "mask-request" : "mask-reply");
		P.mask = m[i];
		build();
		check_common();
		check_kind();
	}
}

Test(fields, router_advertisement_lifetime)
{
	static const uint16_t lt[] = {0, 1, 1800, 9000, 65535};
	size_t i;

	for (i = 0; i < NELEM(lt); i++) {
		pkt_init(4, "router-advertisement");
		P.lifetime = lt[i];
		build();
		check_common();
		check_kind();
	}
}

Test(fields, na_flags_and_target)
{
	static const uint32_t f[] = {0,		  0x80000000u, 0x40000000u,
				     0x20000000u, 0xe0000000u, 0x60000000u};
	size_t i;
	int link;

	for (link = 0; link <= 1; link++)
		for (i = 0; i < NELEM(f); i++) {
			pkt_init(6, "neighbor-advertisement");
			P.na_flags = f[i];
			P.link = link;
			P.target[15] = (uint8_t)i;
			P.ttl = 255;
			build();
			check_common();
			check_kind();
		}
}

Test(fields, ns_target)
{
	int link;

	for (link = 0; link <= 1; link++) {
		pkt_init(6, "neighbor-solicitation");
		P.link = link;
		P.ttl = 255;
		memcpy(P.target, DST6, 16);
		build();
		check_common();
		check_kind();
	}
}

Test(fields, quote_none)
{
	pkt_init(4, "time-exceeded");
	build();
	check_common();
	cr_assert_eq(D.icmp.len, 8);
	cr_assert(!D.icmp.q.present);
	pkt_init(6, "time-exceeded");
	build();
	check_common();
	cr_assert_eq(D.icmp.len, 8);
	cr_assert(!D.icmp.q.present);
}

/* The auto quote itself: a complete, correct IP + UDP datagram. */
Test(fields, quote_auto_bytes)
{
	uint32_t s;

	pkt_init(4, "dest-unreachable");
	auto_quote();
	cr_assert_eq(P.quote_len, 28);
	cr_assert_eq(quote[0], 0x45);
	cr_assert_eq(be16(quote + 2), 28);
	cr_assert_eq(quote[8], 1);  /* TTL */
	cr_assert_eq(quote[9], 17); /* UDP */
	cr_assert_arr_eq(quote + 12, DST4, 4);
	cr_assert_arr_eq(quote + 16, SRC4, 4);
	cr_assert_eq(ref_add(0, quote, 20), 0xffff, "quoted IPv4 checksum");
	cr_assert_eq(be16(quote + 20), 33434);
	cr_assert_eq(be16(quote + 22), 33434);
	cr_assert_eq(be16(quote + 24), 8);

	pkt_init(6, "dest-unreachable");
	auto_quote();
	cr_assert_eq(P.quote_len, 48);
	cr_assert_eq(quote[0] >> 4, 6);
	cr_assert_eq(be16(quote + 4), 8);
	cr_assert_eq(quote[6], 17);
	cr_assert_eq(quote[7], 1);
	cr_assert_arr_eq(quote + 8, DST6, 16);
	cr_assert_arr_eq(quote + 24, SRC6, 16);
	cr_assert_eq(be16(quote + 40), 33434);
	cr_assert_eq(be16(quote + 42), 33434);
	cr_assert_eq(be16(quote + 44), 8);
	/* The UDP checksum over the v6 pseudo-header: mandatory in IPv6. */
	{
		uint8_t ph[40];

		memset(ph, 0, sizeof(ph));
		memcpy(ph, DST6, 16);
		memcpy(ph + 16, SRC6, 16);
		ph[35] = 8;
		ph[39] = 17;
		s = ref_add(ref_add(0, ph, sizeof(ph)), quote + 40, 8);
		cr_assert_eq(s, 0xffff, "quoted UDP checksum: sum %#x", s);
	}
}

/* inj_build's contract: rebuilding with the same tags after a size change
 * gives right lengths and checksums (libnet does not fix outer lengths
 * by itself). */
static void
rebuild(int ver, int link)
{
	static const uint32_t sizes[] = {10, 33, 0, 1000, 7};
	char lerr[LIBNET_ERRBUF_SIZE];
	struct inj_tags tg = {0, 0, 0, 0, 0};
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, lerr);
	size_t i;

	cr_assert_not_null(l, "%s", lerr);
	pkt_init(ver, "echo-request");
	P.link = link;
	for (i = 0; i < NELEM(sizes); i++) {
		P.payload_len = sizes[i];
		P.seq = (uint16_t)(i + 1);
		build_with(l, &tg);
		check_common();
		check_kind();
	}
	libnet_destroy(l);
}

Test(fields, rebuild_same_tags_v4)
{
	rebuild(4, 0);
}

Test(fields, rebuild_same_tags_v6)
{
	rebuild(6, 0);
}

Test(fields, rebuild_same_tags_link)
{
	rebuild(4, 1);
	rebuild(6, 1);
}

Test(fields, big_payloads)
{
	pkt_init(4, "echo-request");
	P.payload_len = sizeof(payload);
	build();
	check_common();
	check_kind();
	pkt_init(6, "echo-request");
	P.payload_len = sizeof(payload) - 1;
	build();
	check_common();
	check_kind();
}

/* ----- type and code parsing ----- */

Test(parse, type_names_and_numbers)
{
	const struct inj_type *t;

	t = inj_type_find(4, "echo-request", err);
	cr_assert_not_null(t);
	cr_assert_eq(t->type, 8);
	cr_assert_eq(inj_type_find(4, "8", err), t);
	t = inj_type_find(6, "echo-request", err);
	cr_assert_not_null(t);
	cr_assert_eq(t->type, 128);
	cr_assert_eq(inj_type_find(6, "128", err), t);
	cr_assert_eq(inj_type_find(4, "0", err)->type, 0);
	cr_assert_eq(inj_type_find(6, "packet-too-big", err)->type, 2);
	cr_assert_eq(inj_type_find(4, "redirect", err)->type, 5);
}

Test(parse, type_unknown)
{
	static const char *const bad4[] = {"bogus",
					   "",
					   "256",
					   "-1",
					   "0x8",
					   "8x",
					   "packet-too-big",
					   "neighbor-solicitation",
					   "mld-query"};
	static const char *const bad6[] = {
		"bogus",	 "mask-reply", "timestamp-request",
		"source-quench", "-128",       "384"};
	size_t i;

	for (i = 0; i < NELEM(bad4); i++) {
		err[0] = 0;
		cr_assert_null(inj_type_find(4, bad4[i], err), "v4 '%s'",
			       bad4[i]);
		cr_assert(strstr(err, "--list-types"), "v4 '%s': %s", bad4[i],
			  err);
		cr_assert(strchr(err, '\n') == NULL);
	}
	for (i = 0; i < NELEM(bad6); i++) {
		err[0] = 0;
		cr_assert_null(inj_type_find(6, bad6[i], err), "v6 '%s'",
			       bad6[i]);
		cr_assert(strstr(err, bad6[i]), "v6 '%s': %s", bad6[i], err);
	}
}

Test(parse, code_names_numbers)
{
	const struct inj_type *t = inj_type_find(4, "dest-unreachable", err);
	uint8_t c = 99;
	int i;

	cr_assert_not_null(t);
	for (i = 0; i < 16; i++) {
		char num[8];
		const char *name = dec_code_name(4, 3, i);

		snprintf(num, sizeof(num), "%d", i);
		cr_assert_eq(inj_code_parse(t, num, &c, err), 0, "%s", err);
		cr_assert_eq(c, i);
		cr_assert_not_null(name);
		c = 99;
		cr_assert_eq(inj_code_parse(t, name, &c, err), 0, "%s: %s",
			     name, err);
		cr_assert_eq(c, i, "%s", name);
	}
	cr_assert_eq(inj_code_parse(t, "frag-needed", &c, err), 0);
	cr_assert_eq(c, 4);
	cr_assert_eq(inj_code_parse(t, "port-unreachable", &c, err), 0);
	cr_assert_eq(c, 3);
	t = inj_type_find(6, "dest-unreachable", err);
	cr_assert_eq(inj_code_parse(t, "port-unreachable", &c, err), 0);
	cr_assert_eq(c, 4);
	cr_assert_eq(inj_code_parse(t, "admin-prohibited", &c, err), 0);
	cr_assert_eq(c, 1);
	t = inj_type_find(6, "time-exceeded", err);
	cr_assert_eq(inj_code_parse(t, "reassembly-timeout", &c, err), 0);
	cr_assert_eq(c, 1);
	t = inj_type_find(4, "echo-request", err);
	cr_assert_eq(inj_code_parse(t, "0", &c, err), 0);
	cr_assert_eq(c, 0);
}

Test(parse, code_out_of_range)
{
	static const struct {
		int ver;
		const char *type, *code;
	} bad[] = {
		{4, "dest-unreachable", "16"},
		{4, "dest-unreachable", "255"},
		{4, "dest-unreachable", "256"},
		{4, "dest-unreachable", "-1"},
		{4, "dest-unreachable", "99999999999999999999"},
		{4, "dest-unreachable", ""},
		{4, "dest-unreachable", "bogus"},
		{4, "dest-unreachable", "reassembly-timeout"},
		{4, "time-exceeded", "2"},
		{4, "redirect", "4"},
		{4, "parameter-problem", "3"},
		{4, "echo-request", "1"},
		{4, "echo-request", "port-unreachable"},
		{6, "dest-unreachable", "8"},
		{6, "dest-unreachable", "frag-needed"},
		{6, "packet-too-big", "1"},
		{6, "time-exceeded", "2"},
		{6, "parameter-problem", "4"},
		{6, "neighbor-solicitation", "1"},
	};
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		const struct inj_type *t =
			inj_type_find(bad[i].ver, bad[i].type, err);
		uint8_t c = 77;

		cr_assert_not_null(t);
		err[0] = 0;
		cr_assert_eq(inj_code_parse(t, bad[i].code, &c, err), -1,
			     "v%d %s code '%s' accepted as %d", bad[i].ver,
			     bad[i].type, bad[i].code, c);
		cr_assert_eq(c, 77, "the code is untouched on error");
		cr_assert(err[0] && strstr(err, "--code"), "%s", err);
		cr_assert(strstr(err, bad[i].type), "names the type: %s", err);
	}
}

Test(parse, mac_addresses)
{
	uint8_t m[6];
	static const uint8_t want[6] = {0x02, 0, 0, 0xab, 0xcd, 0xef};

	cr_assert_eq(inj_parse_mac("02:00:00:ab:cd:ef", m), 0);
	cr_assert_arr_eq(m, want, 6);
	cr_assert_eq(inj_parse_mac("2:0:0:AB:cd:EF", m), 0);
	cr_assert_arr_eq(m, want, 6);
	cr_assert_eq(inj_parse_mac("02:00:00:ab:cd", m), -1);
	cr_assert_eq(inj_parse_mac("02:00:00:ab:cd:ef:01", m), -1);
	cr_assert_eq(inj_parse_mac("02:00:00:ab:cd:100", m), -1);
	cr_assert_eq(inj_parse_mac("zz:00:00:ab:cd:ef", m), -1);
	cr_assert_eq(inj_parse_mac("", m), -1);
	cr_assert_eq(inj_parse_mac("02:00:00:ab:cd:efx", m), -1);
}

/* Every type the decoder names, every code it names: each field of the
 * description set by its JSON key, built as send builds it (inj_tx_open
 * and inj_tx_patch, fields written over the built message), and read back
 * by the decoder with the same values, a good checksum and nothing
 * truncated. */
static uint32_t
field_value(const struct dec_field *f, unsigned i)
{
	uint32_t m = dec_field_max(f), v = (0xa5c3e1f7u >> (i % 7)) & m;

	return v ? v : m;
}

/* Set every field of P's type and code; the number of them. */
static int
set_all_fields(void)
{
	size_t n, i;
	const struct dec_field *f = dec_fields(P.ver, P.t->type, &n);
	int set = 0;

	for (i = 0; i < n; i++) {
		char val[64];
		const struct dec_field *r;

		if (!f[i].json || !f[i].wire_len ||
		    dec_field_find(P.ver, P.t->type, P.code, f[i].json) !=
			    &f[i])
			continue;
		/* The sender patches these itself in the older layouts. */
		if (P.t->kind != INJ_FIELDS &&
		    (!strcmp(f[i].json, "id") || !strcmp(f[i].json, "seq")))
			continue;
		r = &f[i];
		if (r->kind == DEC_FK_IP4)
			snprintf(val, sizeof(val), "198.51.100.%zu", 10 + i);
		else if (r->kind == DEC_FK_IP6)
			snprintf(val, sizeof(val), "2001:db8::%zx", 0x100 + i);
		else if (r->kind == DEC_FK_HEX)
			snprintf(val, sizeof(val), "%016llx",
				 0x0123456789abcdefull + i);
		else if (r->kind == DEC_FK_BOOL)
			snprintf(val, sizeof(val), "%s",
				 i & 1 ? "false" : "true");
		else
			snprintf(val, sizeof(val), "%u", field_value(r, i));
		cr_assert_eq(inj_field_parse(&P, r->json, val, r->json, err), 0,
			     "%s: %s=%s: %s", what(), r->json, val, err);
		set++;
	}
	return set;
}

static void
build_sent(void)
{
	struct inj_tx tx;
	struct timespec now = {1, 0};

	cr_assert_eq(inj_tx_open(&tx, &P, INJ_TX_DRY, NULL, 0, err), 0,
		     "%s: %s", what(), err);
	cr_assert_leq(tx.tlen, sizeof(buf));
	inj_tx_patch(&tx, buf, 0, &now);
	blen = tx.tlen;
	inj_tx_close(&tx);
	decode();
}

static void
check_all_fields(int nset)
{
	size_t n, i;
	const struct dec_field *f = dec_fields(P.ver, P.t->type, &n);
	int k, seen = 0;

	cr_assert_eq(D.icmp.cksum_status, DEC_CK_OK, "%s: checksum", what());
	cr_assert_eq(D.icmp.type, P.t->type);
	cr_assert_eq(D.icmp.code, P.code);
	for (k = 0; k < P.nsets; k++) {
		const struct dec_field *r = P.sets[k].f;

		i = (size_t)(r - f);
		cr_assert_lt(i, n);
		if (!dec_field_applies(r, &D.icmp)) {
			/* Only an optional group may be absent (a DAO's
			 * DODAGID when its D flag is clear). */
			cr_assert_eq(r->when, DEC_FW_DODAG,
				     "%s: %s not decoded", what(), r->json);
			continue;
		}
		seen++;
		if (r->kind == DEC_FK_IP4 || r->kind == DEC_FK_IP6 ||
		    r->kind == DEC_FK_HEX)
			cr_assert(!memcmp(dec_field_bytes(r, &D.icmp),
					  P.sets[k].b, r->wire_len),
				  "%s: %s", what(), r->json);
		else
			cr_assert_eq(dec_field_uint(r, &D.icmp), P.sets[k].v,
				     "%s: %s: decoded %u, set %u", what(),
				     r->json, dec_field_uint(r, &D.icmp),
				     P.sets[k].v);
	}
	cr_assert_geq(seen, nset - 1, "%s", what());
}

Test(fields, every_decoded_type_every_field)
{
	int ver, type, code, types = 0, fields = 0;

	for (ver = 4; ver <= 6; ver += 2)
		for (type = 0; type < 256; type++) {
			char num[8];

			if (!dec_type_name(ver, type))
				continue;
			snprintf(num, sizeof(num), "%d", type);
			for (code = 0;
			     code == 0 || dec_code_name(ver, type, code);
			     code++) {
				int n;

				pkt_init(ver, num);
				P.code = (uint8_t)code;
				if (P.t->kind == INJ_ERROR ||
				    P.t->kind == INJ_REDIRECT)
					auto_quote();
				n = set_all_fields();
				if (P.t->kind == INJ_FIELDS)
					cr_assert_eq(
						inj_msg_make(&P, NULL, 0, err),
						0, "%s", err);
				build_sent();
				check_all_fields(n);
				free(P.msg);
				P.msg = NULL;
				fields += n;
			}
			types++;
		}
	cr_assert_eq(types, 55, "the decoder's types: %d", types);
	cr_assert_geq(fields, 100, "fields set: %d", fields);
}

/* RFC 8335 extended echo, built from its fields: the one-byte sequence
 * number goes up per packet from the one given (wrapping at 256), the L
 * bit beside it and the identifier stay, and the checksum is right. */
Test(fields, extended_echo_seq_per_packet)
{
	int ver;

	for (ver = 4; ver <= 6; ver += 2) {
		struct inj_tx tx;
		struct timespec now = {1, 0};
		unsigned k;

		pkt_init(ver, ver == 6 ? "160" : "42");
		cr_assert_eq(inj_field_parse(&P, "seq", "254", "seq", err), 0,
			     "%s", err);
		cr_assert_eq(inj_field_parse(&P, "id", "4660", "id", err), 0,
			     "%s", err);
		cr_assert_eq(inj_field_parse(&P, "local", "true", "l", err), 0,
			     "%s", err);
		cr_assert_eq(inj_msg_make(&P, NULL, 0, err), 0, "%s", err);
		cr_assert_eq(inj_tx_open(&tx, &P, INJ_TX_DRY, NULL, 0, err), 0,
			     "%s", err);
		for (k = 0; k < 4; k++) {
			inj_tx_patch(&tx, buf, k, &now);
			blen = tx.tlen;
			decode();
			cr_assert_eq(D.icmp.cksum_status, DEC_CK_OK);
			cr_assert_eq(D.icmp.id, 4660);
			cr_assert_eq(D.icmp.seq, (254 + k) & 0xff,
				     "v%d packet %u: seq %u", ver, k,
				     D.icmp.seq);
			cr_assert_eq(D.icmp.flags & 1, 1, "the L bit");
		}
		inj_tx_close(&tx);
		free(P.msg);
		P.msg = NULL;
	}
}

/* Any type by number with a body: the bytes follow the fixed part. */
Test(fields, any_type_by_number_with_body)
{
	static const uint8_t body[] = {0xde, 0xad, 0xbe, 0xef, 0x01};

	pkt_init(4, "200");
	cr_assert_eq(P.t->kind, INJ_FIELDS);
	P.code = 7;
	cr_assert_eq(inj_msg_make(&P, body, sizeof(body), err), 0);
	build_sent();
	cr_assert_eq(D.icmp.type, 200);
	cr_assert_eq(D.icmp.code, 7);
	cr_assert_eq(D.icmp.len, 8 + sizeof(body));
	cr_assert_eq(D.icmp.cksum_status, DEC_CK_OK);
	cr_assert(!memcmp(D.icmp.data + 8, body, sizeof(body)));
	pkt_init(6, "router-advertisement");
	cr_assert_eq(inj_field_parse(&P, "hop_limit", "7", "--hop-limit", err),
		     0);
	cr_assert_eq(inj_msg_make(&P, body, sizeof(body), err), 0);
	build_sent();
	cr_assert_eq(D.icmp.len, 16 + sizeof(body));
	cr_assert_eq(D.icmp.hop_limit, 7);
	cr_assert(!memcmp(D.icmp.data + 16, body, sizeof(body)));
}

/* A field of another type, or a value out of its range, is refused with
 * one line naming it. */
Test(fields, refused)
{
	pkt_init(4, "echo-request");
	cr_assert_eq(inj_field_parse(&P, "hop_limit", "1", "--hop-limit", err),
		     -1);
	cr_assert(strstr(err, "--hop-limit") && !strchr(err, '\n'), "%s", err);
	pkt_init(6, "router-advertisement");
	cr_assert_eq(
		inj_field_parse(&P, "hop_limit", "256", "--hop-limit", err),
		-1);
	cr_assert(strstr(err, "256"), "%s", err);
	pkt_init(6, "neighbor-advertisement");
	cr_assert_eq(inj_field_parse(&P, "flags", "8", "--flags", err), -1);
	cr_assert_eq(inj_field_parse(&P, "flags", "7", "--flags", err), 0);
	pkt_init(6, "node-info-query");
	cr_assert_eq(inj_field_parse(&P, "nonce", "0102", "--nonce", err), -1);
	cr_assert_eq(inj_field_parse(&P, "target", "1.2.3.4", "--target", err),
		     -1);
}

/* The structured parts of a body, byte for byte (RFC 4861 4.6.2, RFC 8106,
 * RFC 4191, RFC 8781, RFC 4950, RFC 5837, RFC 8335); tests/send.sh has
 * the decoder and tshark read them back in whole messages. */
static void
hex_is(const uint8_t *b, size_t n, const char *want)
{
	char got[1024];
	size_t i;

	cr_assert_lt(2 * n, sizeof(got));
	for (i = 0; i < n; i++)
		snprintf(got + 2 * i, 3, "%02x", b[i]);
	cr_assert_str_eq(got, want);
}

Test(body, nd_options_bytes)
{
	static const struct {
		int (*fn)(struct inj_body *, const char *, char *);
		const char *arg, *hex;
	} opts[] = {
		{inj_opt_prefix, "2001:db8:1::/64,600,300",
		 "030440c0000002580000012c0000000020010db8000100000000000000000"
		 "000"},
		{inj_opt_rdnss, "2001:db8::53",
		 "190300000000070820010db8000000000000000000000053"},
		{inj_opt_dnssl, "ab.c", "1f020000000007080261620163000000"},
		{inj_opt_route, "2001:db8:2::/48,600",
		 "180230000000025820010db800020000"},
		{inj_opt_pref64, "64:ff9b::/96",
		 "260207080064ff9b0000000000000000"},
		{inj_opt_pref64, "64:ff9b::/60", NULL},
		{inj_opt_dnssl, "a..b", NULL},
		{inj_opt_prefix, "2001:db8::", NULL},
		{inj_opt_rdnss, "1.2.3.4", NULL},
	};
	struct inj_body b;
	size_t i;

	for (i = 0; i < NELEM(opts); i++) {
		memset(&b, 0, sizeof(b));
		cr_assert_eq(opts[i].fn(&b, opts[i].arg, err),
			     opts[i].hex ? 0 : -1, "%s", opts[i].arg);
		if (opts[i].hex)
			hex_is(b.b, b.len, opts[i].hex);
		else
			cr_assert(strstr(err, opts[i].arg), "%s", err);
	}
	memset(&b, 0, sizeof(b));
	cr_assert_eq(inj_opt_mtu(&b, 1400, err), 0);
	hex_is(b.b, b.len, "0501000000000578");
}

Test(body, extension_bytes)
{
	struct inj_body e;
	uint8_t out[256];
	size_t n;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(inj_ext_mpls(&e, "16001/0/255,16002/1/254", err), 0);
	cr_assert_eq(
		inj_ext_ifinfo(&e, "incoming,index=7,name=ge0,mtu=1500", err),
		0);
	n = inj_ext_finish(&e, out);
	/* Version 2, checksum, the label stack (S on the second), then
	 * role 0 with ifIndex, name and MTU (C-Type 0x0b). */
	cr_assert_eq(n, 4 + 12 + 16);
	cr_assert_eq(out[0], 0x20);
	cr_assert_eq(out[1], 0);
	hex_is(out + 4, 12,
	       "000c0101"
	       "03e810ff"
	       "03e823fe");
	hex_is(out + 16, n - 16,
	       "0010020b"
	       "00000007"
	       "04676530"
	       "000005dc");
	cr_assert_eq(ck_fold(ck_add(0, out, n)), 0, "the checksum sums to 0");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(inj_ext_ifid(&e, 3, "198.51.100.7", err), 0);
	hex_is(e.b, e.len,
	       "000c0303"
	       "00010400"
	       "c6336407");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(inj_ext_ifid(&e, 1, "eth0", err), 0);
	hex_is(e.b, e.len,
	       "00080301"
	       "65746830");
}
