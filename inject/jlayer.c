/* send --from-json: the headers read --payload describes around the ICMP
 * message, built back around the message that send built (jsend.c).
 *
 * The message's own IP header: IPv4 options ("ip_opts", hex), more
 * fragments and the fragment offset ("mf", "frag_off"), a header checksum
 * kept when it was bad ("ip_cksum"); IPv6 extension headers ("ip_ext", each
 * header's type and bytes).  The tunnel layers ("outer", outermost first):
 * each layer's header is its "hdr" bytes when given (else one made from
 * its keys), the keys of decode/fields.c's rows for its kind written over
 * them; lengths (IP total and payload lengths, UDP length, IHL) and the
 * checksums (IPv4 header, UDP, GRE, ICMP) are computed, except a UDP
 * checksum of zero over IPv4 ("none", RFC 768), which stays zero, and
 * the checksum in the "hdr" of a layer that says "checksum": "bad" (a
 * capture's offload leftovers, or damage on purpose). */
#include "jlayer.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cksum.h"
#include "../decode/fields.h"
#include "jsend.h"

#define WR16(b, v) ((b)[0] = (uint8_t)((v) >> 8), (b)[1] = (uint8_t)(v))

/* Hex member i into the arena. */
static int
arena_hex(const char *s, const struct json_tok *t, int i, const char *key,
	  struct inj_jlay *j, const uint8_t **b, size_t *n, char *errbuf)
{
	char *hex;
	int rc;

	if (t[i].type != JSON_STR || !t[i].len ||
	    t[i].len / 2 > j->cap - j->used)
		return inj_jkey_err(errbuf, key, "not a string of hex");
	hex = strndup(s + t[i].start, t[i].len);
	if (!hex) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	rc = cli_hex(hex, j->cap - j->used, key, j->arena + j->used, n, errbuf);
	free(hex);
	if (rc < 0)
		return -1;
	*b = j->arena + j->used;
	j->used += *n;
	return 0;
}

/* The message's IPv4 header: options, fragment, a bad checksum kept. */
static int
parse_ip4(const char *s, const struct json_tok *t, struct inj_jlay *j,
	  char *errbuf)
{
	long long v[3];
	int i = json_get(s, t, 0, "ip_opts"), k;

	if (i >= 0 &&
	    (arena_hex(s, t, i, "ip_opts", j, &j->opts, &j->olen, errbuf) < 0 ||
	     j->olen % 4 || j->olen > 40))
		return inj_jkey_err(errbuf, "ip_opts",
				    "not 4 to 40 bytes of hex in words of 4");
	if (inj_jint(s, t, 0, "mf", 0, 1, 0, &v[0], errbuf) < 0 ||
	    inj_jint(s, t, 0, "frag_off", 0, 65528, 0, &v[1], errbuf) < 0 ||
	    inj_jint(s, t, 0, "ip_cksum", -1, 65535, -1, &v[2], errbuf) < 0)
		return -1;
	if (v[1] % 8)
		return inj_jkey_err(errbuf, "frag_off", "not a multiple of 8");
	j->mf = (uint8_t)v[0];
	j->frag_off = (uint16_t)v[1];
	k = json_get(s, t, 0, "ip_checksum");
	j->ipck_raw = v[2] >= 0 && k >= 0 && json_eq(s, t, k, "bad");
	j->ip_cksum = (uint16_t)(v[2] < 0 ? 0 : v[2]);
	return 0;
}

/* Array member key of object 0 in *a: 1, or 0 when absent, or -1 when
 * it is not an array of at most max elements (what: their name). */
static int
get_array(const char *s, const struct json_tok *t, const char *key,
	  unsigned max, const char *what, int *a, char *errbuf)
{
	char why[64];

	*a = json_get(s, t, 0, key);
	if (*a < 0)
		return 0;
	if (t[*a].type == JSON_ARR && t[*a].n <= max)
		return 1;
	snprintf(why, sizeof(why), "not an array of at most %u %s", max, what);
	return inj_jkey_err(errbuf, key, why);
}

/* The message's IPv6 extension headers: [{"type": N, "hex": "..."}]. */
static int
parse_ext(const char *s, const struct json_tok *t, int a, struct inj_jlay *j,
	  char *errbuf)
{
	long long ty;
	size_t n;
	int e, k;

	for (e = a + 1, k = 0; k < (int)t[a].n; k++, e = (int)t[e].end) {
		int h = t[e].type == JSON_OBJ ? json_get(s, t, e, "hex") : -1;

		if (h < 0 ||
		    inj_jint(s, t, e, "type", 0, 255, -1, &ty, errbuf) < 0 ||
		    ty < 0)
			return inj_jkey_err(errbuf, "ip_ext",
					    "each header is {\"type\": N, "
					    "\"hex\": \"...\"}");
		if (arena_hex(s, t, h, "ip_ext", j, &j->ext[k].b, &n, errbuf) <
		    0)
			return -1;
		if (n < 8 || n % 8 > 0 || n > 2048)
			return inj_jkey_err(errbuf, "ip_ext",
					    "a header is 8 to 2048 bytes, in "
					    "units of 8");
		j->ext[k].type = (uint8_t)ty;
		j->ext[k].len = (uint16_t)n;
	}
	j->next = (int)t[a].n;
	return 0;
}

/* Row f of a layer from member i of object o into l. */
static int
parse_row(const char *s, const struct json_tok *t, int o, int i,
	  const struct dec_lfield *f, struct dec_layer *l, char *errbuf)
{
	uint8_t *at = (uint8_t *)l + f->off;
	char m[32];
	long long v;

	if (f->kind == DEC_LK_ADDR)
		return inj_jaddr(s, t, o, f->json, l->ver == 6 ? 6 : 4, at,
				 errbuf);
	if (f->kind == DEC_LK_MAC)
		return json_str(s, t, i, m, sizeof(m)) < 0 ||
				       inj_parse_mac(m, at) < 0
			       ? inj_jkey_err(errbuf, f->json,
					      "not a MAC address")
			       : 0;
	if (f->kind == DEC_LK_FLAG) {
		if (t[i].type != JSON_TRUE && t[i].type != JSON_FALSE)
			return inj_jkey_err(errbuf, f->json, "not a bool");
		l->flags =
			(uint8_t)(t[i].type == JSON_TRUE ? l->flags | f->need
							 : l->flags & ~f->need);
		return 0;
	}
	if (inj_jint(s, t, o, f->json, 0,
		     f->size == 1   ? 255
		     : f->size == 2 ? 65535
				    : 0xffffffffLL,
		     0, &v, errbuf) < 0)
		return -1;
	l->flags |= f->need; /* a GRE key, an Ethernet tag */
	if (f->size == 1)
		*at = (uint8_t)v;
	else if (f->size == 2)
		memcpy(at, &(uint16_t){(uint16_t)v}, 2);
	else
		memcpy(at, &(uint32_t){(uint32_t)v}, 4);
	return 0;
}

/* One "outer" element: its kind by "layer", its rows, its "hdr". */
static int
parse_layer(const char *s, const struct json_tok *t, int o, struct inj_jlay *j,
	    struct inj_jlayer *L, char *errbuf)
{
	const struct dec_lfield *f;
	size_t n, k, hl;
	int i, kind;

	memset(L, 0, sizeof(*L));
	i = t[o].type == JSON_OBJ ? json_get(s, t, o, "layer") : -1;
	for (kind = DEC_L_IP; i >= 0 && kind <= DEC_L_ETH; kind++)
		if (json_eq(s, t, i, dec_layer_name(kind)))
			break;
	if (i < 0 || kind > DEC_L_ETH)
		return inj_jkey_err(errbuf, "outer",
				    "a layer is an object whose \"layer\" is "
				    "ip, gre, erspan, udp, vxlan, geneve, "
				    "mpls or eth");
	L->v.kind = (uint8_t)kind;
	f = dec_layer_fields(kind, &n);
	for (k = 0; k < n; k++) {
		i = f[k].json ? json_get(s, t, o, f[k].json) : -1;
		if (i < 0)
			continue;
		if (parse_row(s, t, o, i, &f[k], &L->v, errbuf) < 0)
			return -1;
		L->given |= 1u << k;
	}
	if (kind == DEC_L_IP && L->v.ver != 4 && L->v.ver != 6)
		return inj_jkey_err(errbuf, "outer",
				    "an ip layer's ip is 4 or 6");
	i = json_get(s, t, o, "hdr");
	if (i >= 0 && arena_hex(s, t, i, "hdr", j, &L->hdr, &hl, errbuf) < 0)
		return -1;
	L->hlen = (uint16_t)(i >= 0 ? hl : 0);
	i = json_get(s, t, o, "checksum");
	L->keep_ck = L->hdr && i >= 0 && json_eq(s, t, i, "bad");
	return 0;
}

/* The lengths a header needs to be walked back (an IP header's IHL, a
 * GRE header's options, an Ethernet header's tags) are checked here, so
 * that building cannot fail. */
static int
check_hdr(const struct inj_jlayer *L, char *errbuf)
{
	static const uint8_t min[] = {
		[DEC_L_IP] = 20,   [DEC_L_GRE] = 4,    [DEC_L_UDP] = 8,
		[DEC_L_VXLAN] = 8, [DEC_L_GENEVE] = 8, [DEC_L_MPLS] = 4,
		[DEC_L_ETH] = 14};
	const uint8_t *h = L->hdr;
	int ok = L->hlen >= min[L->v.kind];

	if (!h)
		return 0;
	if (ok && L->v.kind == DEC_L_IP)
		ok = (h[0] >> 4) == L->v.ver &&
		     (L->v.ver == 6 ? L->hlen >= 40 && L->hlen % 8 == 0
				    : L->hlen == (h[0] & 15) * 4u);
	if (ok && L->v.kind == DEC_L_GRE)
		ok = L->hlen == 4 + 4 * (!!(h[0] & 0x80) + !!(h[0] & 0x20) +
					 !!(h[0] & 0x10));
	return ok ? 0
		  : inj_jkey_err(errbuf, "outer",
				 "a layer's hdr does not hold its header");
}

/* "vlan_tags": [{"tpid": N, "pcp": N, "dei": N, "vid": N}], outermost
 * first (tpid 0x8100 when absent). */
static int
parse_tags(const char *s, const struct json_tok *t, int a, struct inj_jlay *j,
	   char *errbuf)
{
	long long v[4];
	int e, k;

	for (e = a + 1, k = 0; k < (int)t[a].n; k++, e = (int)t[e].end) {
		if (t[e].type != JSON_OBJ)
			return inj_jkey_err(errbuf, "vlan_tags",
					    "a tag is an object");
		if (inj_jint(s, t, e, "tpid", 0, 65535, 0x8100, &v[0], errbuf) <
			    0 ||
		    inj_jint(s, t, e, "pcp", 0, 7, 0, &v[1], errbuf) < 0 ||
		    inj_jint(s, t, e, "dei", 0, 1, 0, &v[2], errbuf) < 0 ||
		    inj_jint(s, t, e, "vid", 0, 4095, 0, &v[3], errbuf) < 0)
			return -1;
		j->tpid[k] = (uint16_t)v[0];
		j->tci[k] = (uint16_t)(v[1] << 13 | v[2] << 12 | v[3]);
	}
	j->ntags = (int)t[a].n;
	return 0;
}

static int
parse_outer(const char *s, const struct json_tok *t, int a, struct inj_jlay *j,
	    char *errbuf)
{
	int e, k;

	for (e = a + 1, k = 0; k < (int)t[a].n; k++, e = (int)t[e].end)
		if (parse_layer(s, t, e, j, &j->outer[k], errbuf) < 0 ||
		    check_hdr(&j->outer[k], errbuf) < 0)
			return -1;
	j->nouter = (int)t[a].n;
	return 0;
}

int
inj_jlay_parse(const char *s, size_t n, const struct json_tok *t, int ver,
	       int link, struct inj_jlay *j, char *errbuf)
{
	long long ck;
	int i, a, rc;

	memset(j, 0, sizeof(*j));
	j->cap = n / 2 + 1;
	j->arena = malloc(j->cap);
	if (!j->arena) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	/* What a verifier could not check (a fragment's or a cut message's
	 * checksum) is written as it was. */
	i = json_get(s, t, 0, "checksum");
	if (inj_jint(s, t, 0, "cksum", -1, 65535, -1, &ck, errbuf) < 0)
		return -1;
	j->ck_raw = ck >= 0 && i >= 0 && json_eq(s, t, i, "unverified");
	j->cksum = (uint16_t)(ck < 0 ? 0 : ck);
	if (inj_jint(s, t, 0, "ip_len_field", -1, 65535, -1, &ck, errbuf) < 0)
		return -1;
	j->len_field = (int32_t)ck;
	if (ver == 4 ? parse_ip4(s, t, j, errbuf) < 0
		     : (rc = get_array(s, t, "ip_ext", INJ_JMAX_EXT, "headers",
				       &a, errbuf)) < 0 ||
			       (rc && parse_ext(s, t, a, j, errbuf) < 0))
		return -1;
	if ((rc = get_array(s, t, "outer", DEC_MAX_OUTER, "layers", &a,
			    errbuf)) < 0 ||
	    (rc && parse_outer(s, t, a, j, errbuf) < 0) ||
	    (rc = get_array(s, t, "vlan_tags", DEC_MAX_VLAN, "tags", &a,
			    errbuf)) < 0 ||
	    (rc && parse_tags(s, t, a, j, errbuf) < 0))
		return -1;
	if (j->nouter && j->outer[0].v.kind != DEC_L_IP &&
	    (!link || j->outer[0].v.kind != DEC_L_MPLS))
		return inj_jkey_err(errbuf, "outer",
				    link ? "the first layer is ip or mpls"
					 : "the first layer is not ip: a raw "
					   "IP packet cannot hold it; use "
					   "--link");
	return 0;
}

void
inj_jlay_free(struct inj_jlay *j)
{
	free(j->arena);
	j->arena = NULL;
}

static uint32_t
rd32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static void
wr32(uint8_t *b, uint32_t v)
{
	WR16(b, v >> 16);
	WR16(b + 2, v);
}

/* The message's IP header and the message, from the built packet ip
 * (n bytes, a 20-byte IPv4 or 40-byte IPv6 header), into b; returns the
 * bytes written.  b has room for n + 40 + the extension headers. */
static size_t
inner_ip(const struct inj_jlay *j, const struct inj_pkt *p, const uint8_t *ip,
	 size_t n, uint8_t *b)
{
	size_t hl = p->ver == 6 ? 40 : 20 + j->olen, built, k;
	uint16_t fl;

	built = p->ver == 6 ? 40 + inj_ext_len(p) : 20;
	if (p->ver == 6 && !j->next) {
		memcpy(b, ip, n);
		if (j->len_field >= 0)
			WR16(b + 4, (uint32_t)j->len_field);
		return n;
	}
	memcpy(b, ip, p->ver == 6 ? 40 : 20);
	if (p->ver == 4 && j->olen)
		memcpy(b + 20, j->opts, j->olen);
	for (k = 0; k < (size_t)j->next; k++) {
		memcpy(b + hl, j->ext[k].b, j->ext[k].len);
		b[hl] = k + 1 < (size_t)j->next ? j->ext[k + 1].type : 58;
		hl += j->ext[k].len;
	}
	memcpy(b + hl, ip + built, n - built);
	if (p->ver == 6) {
		b[6] = j->ext[0].type;
		WR16(b + 4, j->len_field >= 0 ? (uint32_t)j->len_field
					      : hl + n - built - 40);
		return hl + n - built;
	}
	b[0] = (uint8_t)(0x40 | hl / 4);
	WR16(b + 2,
	     j->len_field >= 0 ? (uint32_t)j->len_field : hl + n - built);
	fl = (uint16_t)((b[6] << 8 & 0x4000) | (j->mf ? 0x2000 : 0) |
			j->frag_off / 8);
	WR16(b + 6, fl);
	WR16(b + 10, 0);
	WR16(b + 10, j->ipck_raw ? j->ip_cksum : ck_fold(ck_add(0, b, hl)));
	return hl + n - built;
}

/* The message's checksum after its IP header changed: as given when it
 * could not be verified; over a routing header's final destination. */
static void
inner_cksum(const struct inj_jlay *j, const struct inj_pkt *p, uint8_t *b,
	    size_t n)
{
	struct dec_pkt d;
	uint8_t *m;
	size_t ml;

	memset(&d, 0, sizeof(d));
	if (dec_ip(&d, b, n, n) != DEC_ICMP)
		return;
	m = (uint8_t *)(uintptr_t)d.icmp.data;
	ml = n - (size_t)(m - b);
	if (j->ck_raw) {
		WR16(m + 2, j->cksum);
	} else if (d.ip.has_final_dst && !p->cksum_bad) {
		WR16(m + 2, 0);
		WR16(m + 2, ck_fold(ck_add(ck_pseudo6(d.ip.src, d.ip.final_dst,
						      (uint32_t)ml, 58),
					   m, ml)));
	}
}

static int
given(const struct inj_jlayer *L, const char *key)
{
	size_t n, k;
	const struct dec_lfield *f = dec_layer_fields(L->v.kind, &n);

	for (k = 0; k < n; k++)
		if (f[k].json && !strcmp(f[k].json, key))
			return (L->given >> k) & 1;
	return 0;
}

static size_t
layer_len(const struct inj_jlayer *L)
{
	const struct dec_layer *v = &L->v;

	if (L->hdr)
		return L->hlen;
	switch (v->kind) {
	case DEC_L_IP:
		return v->ver == 6 ? 40 : 20;
	case DEC_L_GRE:
		return 4 + 4 * (size_t)(!!(v->flags & DEC_LF_CSUM) +
					!!(v->flags & DEC_LF_KEY) +
					!!(v->flags & DEC_LF_SEQ));
	case DEC_L_ERSPAN:
		return v->ver == 2 ? 8 : v->ver == 3 ? 12 : 0;
	case DEC_L_MPLS:
		return v->flags & DEC_LF_CW ? 8 : 4;
	case DEC_L_ETH:
		return v->flags & DEC_LF_VLAN ? 18 : 14;
	default:
		return 8;
	}
}

/* The type number by which a header names what follows it. */
static uint16_t
next_type(const struct inj_jlayer *n, int ip_ver, int proto)
{
	int kind = n ? n->v.kind : DEC_L_IP, ver = n ? n->v.ver : ip_ver;

	switch (kind) {
	case DEC_L_IP:
		return (uint16_t)(proto	     ? (ver == 6 ? 41 : 4)
				  : ver == 6 ? 0x86dd
					     : 0x0800);
	case DEC_L_GRE:
		return 47;
	case DEC_L_UDP:
		return 17;
	case DEC_L_MPLS:
		return proto ? 137 : 0x8847;
	case DEC_L_ERSPAN:
		return ver == 3 ? 0x22eb : 0x88be;
	default:
		return 0x6558;
	}
}

/* A header made from the layer's keys alone (no "hdr"): the bits its
 * kind fixes, and what names the next layer when the keys do not. */
static void
layer_default(const struct inj_jlayer *L, const struct inj_jlayer *n,
	      int ip_ver, uint8_t *b, size_t hl)
{
	const struct dec_layer *v = &L->v;

	memset(b, 0, hl);
	if (v->kind == DEC_L_IP) {
		b[0] = v->ver == 6 ? 0x60 : 0x45;
		b[v->ver == 6 ? 6 : 9] = (uint8_t)next_type(n, ip_ver, 1);
		b[v->ver == 6 ? 7 : 8] = 64;
	} else if (v->kind == DEC_L_GRE) {
		b[0] = (uint8_t)((v->flags & DEC_LF_CSUM ? 0x80 : 0) |
				 (v->flags & DEC_LF_KEY ? 0x20 : 0) |
				 (v->flags & DEC_LF_SEQ ? 0x10 : 0));
		WR16(b + 2, next_type(n, ip_ver, 0));
	} else if (v->kind == DEC_L_ERSPAN && hl) {
		b[0] = v->ver == 3 ? 0x20 : 0x10;
		if (v->ver == 3 && (!n || n->v.kind == DEC_L_IP))
			b[10] = 2 << 2; /* frame type: IP */
	} else if (v->kind == DEC_L_UDP) {
		WR16(b + 2, !n || n->v.kind == DEC_L_MPLS ? 6635
			    : n->v.kind == DEC_L_GENEVE	  ? 6081
							  : 4789);
	} else if (v->kind == DEC_L_VXLAN) {
		b[0] = 0x08;
	} else if (v->kind == DEC_L_GENEVE) {
		WR16(b + 2, next_type(n, ip_ver, 0));
	} else if (v->kind == DEC_L_MPLS) {
		b[2] = !n || n->v.kind != DEC_L_MPLS ? 1 : 0;
		b[3] = 64;
	} else if (v->kind == DEC_L_ETH) {
		if (hl == 18)
			WR16(b + 12, 0x8100);
		WR16(b + hl - 2, next_type(n, ip_ver, 0));
	}
}

static void
rows_ip(const struct inj_jlayer *L, uint8_t *b, size_t hl)
{
	const struct dec_layer *v = &L->v;
	int six = v->ver == 6;

	if (given(L, "src"))
		memcpy(b + (six ? 8 : 12), v->src, six ? 16 : 4);
	if (given(L, "dst"))
		memcpy(b + (six ? 24 : 16), v->dst, six ? 16 : 4);
	if (given(L, "ttl"))
		b[six ? 7 : 8] = v->ttl;
	/* After IPv6 extension headers the protocol is in the last one. */
	if (given(L, "proto") && (!six || hl == 40))
		b[six ? 6 : 9] = v->proto;
}

static void
rows_gre(const struct inj_jlayer *L, uint8_t *b)
{
	size_t off = b[0] & 0x80 ? 8 : 4;

	if (given(L, "proto"))
		WR16(b + 2, L->v.etype);
	if (b[0] & 0x20) {
		if (given(L, "key"))
			wr32(b + off, L->v.id);
		off += 4;
	}
	if ((b[0] & 0x10) && given(L, "seq"))
		wr32(b + off, L->v.seq);
}

/* MPLS, ERSPAN's first word: each given field into its bits. */
static uint32_t
bits(uint32_t w, int on, uint32_t v, int shift, uint32_t mask)
{
	return on ? (w & ~(mask << shift)) | (v & mask) << shift : w;
}

static void
rows_words(const struct inj_jlayer *L, uint8_t *b, size_t hl)
{
	const struct dec_layer *v = &L->v;
	uint32_t w = hl >= 4 ? rd32(b) : 0;

	if (v->kind == DEC_L_MPLS) {
		w = bits(w, given(L, "label"), v->id, 12, 0xfffff);
		w = bits(w, given(L, "tc"), v->tc, 9, 7);
		w = bits(w, given(L, "s"), !!(v->flags & DEC_LF_BOS), 8, 1);
		w = bits(w, given(L, "ttl"), v->ttl, 0, 0xff);
	} else if (v->kind == DEC_L_ERSPAN && hl >= 4) {
		w = bits(w, given(L, "session"), v->id, 0, 0x3ff);
		w = bits(w, given(L, "vlan"), v->vlan, 16, 0xfff);
		w = bits(w, given(L, "cos"), v->tc, 13, 7);
	} else if (v->kind == DEC_L_VXLAN || v->kind == DEC_L_GENEVE) {
		w = rd32(b + 4);
		w = bits(w, given(L, "vni"), v->id, 8, 0xffffff);
		wr32(b + 4, w);
		if (v->kind == DEC_L_GENEVE && given(L, "proto"))
			WR16(b + 2, v->etype);
		return;
	}
	if (hl >= 4)
		wr32(b, w);
}

/* The given keys of a layer written over its header b (hl bytes). */
static void
layer_rows(const struct inj_jlayer *L, uint8_t *b, size_t hl)
{
	const struct dec_layer *v = &L->v;

	switch (v->kind) {
	case DEC_L_IP:
		rows_ip(L, b, hl);
		break;
	case DEC_L_GRE:
		rows_gre(L, b);
		break;
	case DEC_L_UDP:
		if (given(L, "sport"))
			WR16(b, v->sport);
		if (given(L, "dport"))
			WR16(b + 2, v->dport);
		break;
	case DEC_L_ETH:
		if (given(L, "dst"))
			memcpy(b, v->dst, 6);
		if (given(L, "src"))
			memcpy(b + 6, v->src, 6);
		if (given(L, "vlan") && hl >= 18)
			WR16(b + 14, (b[14] << 8 & 0xf000) | (v->vlan & 0xfff));
		if (given(L, "ethertype"))
			WR16(b + hl - 2, v->etype);
		break;
	default:
		rows_words(L, b, hl);
		break;
	}
}

/* A UDP checksum under the IP header ip (its addresses); zero over IPv4
 * stays zero when the header was given so (no checksum, RFC 768). */
static void
udp_cksum(const uint8_t *ip, const struct inj_jlayer *U, uint8_t *u, size_t n)
{
	uint8_t ph[12];
	uint32_t sum;
	uint16_t ck;

	if (U->keep_ck || (ip[0] >> 4 == 4 && U->hdr && !u[6] && !u[7]))
		return;
	WR16(u + 6, 0);
	if (ip[0] >> 4 == 6) {
		sum = ck_pseudo6(ip + 8, ip + 24, (uint32_t)n, 17);
	} else {
		memcpy(ph, ip + 12, 8);
		ph[8] = 0, ph[9] = 17;
		WR16(ph + 10, n);
		sum = ck_add(0, ph, 12);
	}
	ck = ck_fold(ck_add(sum, u, n));
	WR16(u + 6, ck ? ck : 0xffff);
}

/* Lengths and checksums of layer i, placed at b (hl bytes, rest after
 * it); the layer after it (n) is placed already. */
static void
layer_fix(const struct inj_jlayer *L, const struct inj_jlayer *n, uint8_t *b,
	  size_t hl, size_t rest)
{
	switch (L->v.kind) {
	case DEC_L_IP:
		if (b[0] >> 4 == 6) {
			WR16(b + 4, hl - 40 + rest);
		} else {
			WR16(b + 2, hl + rest);
			if (!L->keep_ck) {
				WR16(b + 10, 0);
				WR16(b + 10, ck_fold(ck_add(0, b, hl)));
			}
		}
		if (n && n->v.kind == DEC_L_UDP)
			udp_cksum(b, n, b + hl, rest);
		break;
	case DEC_L_UDP:
		WR16(b + 4, hl + rest);
		break;
	case DEC_L_GRE:
		if (b[0] & 0x80) {
			WR16(b + 4, 0);
			WR16(b + 4, ck_fold(ck_add(0, b, hl + rest)));
		}
		break;
	default:
		break;
	}
}

/* The layers around the inner packet at b + at (n bytes): each header
 * before what it carries, innermost first; returns where they start. */
static size_t
wrap(struct inj_jlay *j, int ip_ver, uint8_t *b, size_t at, size_t n)
{
	size_t end = at + n, hl;
	int i;

	for (i = j->nouter - 1; i >= 0; i--) {
		const struct inj_jlayer *L = &j->outer[i];
		const struct inj_jlayer *nx = i + 1 < j->nouter ? L + 1 : NULL;

		hl = layer_len(L);
		at -= hl;
		if (L->hdr)
			memcpy(b + at, L->hdr, hl);
		else
			layer_default(L, nx, ip_ver, b + at, hl);
		layer_rows(L, b + at, hl);
		layer_fix(L, nx, b + at, hl, end - at - hl);
		if (L->v.kind == DEC_L_IP) {
			j->dst_ver = b[at] >> 4;
			memset(j->dst, 0, 16);
			memcpy(j->dst, b + at + (j->dst_ver == 6 ? 24 : 16),
			       j->dst_ver == 6 ? 16 : 4);
		}
	}
	return at;
}

int
inj_jlay_apply(struct inj_jlay *j, const struct inj_pkt *p, const uint8_t *pkt,
	       size_t len, size_t ip_off, uint8_t **out, size_t *olen,
	       char *errbuf)
{
	size_t room = 0, n, at;
	int i, k;
	uint8_t *b;

	for (i = 0; i < j->nouter; i++)
		room += layer_len(&j->outer[i]);
	for (k = 0; k < j->next; k++)
		room += j->ext[k].len;
	room += ip_off + 40 + len + 4 * (size_t)j->ntags;
	b = malloc(room);
	if (!b) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	/* The inner packet at the end, then its layers before it. */
	n = inner_ip(j, p, pkt + ip_off, len - ip_off, b + ip_off);
	at = room - n;
	memmove(b + at, b + ip_off, n);
	inner_cksum(j, p, b + at, n);
	j->dst_ver = 0;
	at = wrap(j, p->ver, b, at, n);
	if (ip_off >= 14) {
		/* The addresses, the tags, then what the frame carries. */
		at -= 2;
		WR16(b + at,
		     next_type(j->nouter ? &j->outer[0] : NULL, p->ver, 0));
		for (k = j->ntags - 1; k >= 0; k--) {
			at -= 4;
			WR16(b + at, j->tpid[k]);
			WR16(b + at + 2, j->tci[k]);
		}
		at -= 12;
		memcpy(b + at, pkt, 12);
	}
	memmove(b, b + at, room - at);
	*out = b;
	*olen = room - at;
	return 0;
}
