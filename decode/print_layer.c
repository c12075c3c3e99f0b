/* Tunnel layers in front of the ICMP message's IP header: text (-v) and
 * JSON ("outer"). */
#include "cksum.h"
#include "cursor.h"
#include "print_int.h"

static void
pr_lfield_text(struct obuf *o, const struct dec_lfield *f,
	       const struct dec_layer *l)
{
	static const char *const roman[] = {"I", "II", "III"};
	uint32_t v;

	if (f->kind == DEC_LK_FLAG || f->kind == DEC_LK_LIT) {
		if (f->kind == DEC_LK_LIT || (l->flags & f->need))
			ob_str(o, f->text);
		return;
	}
	ob_str(o, l->ver == 6 && f->text6 ? f->text6 : f->text);
	switch (f->kind) {
	case DEC_LK_ADDR:
		ob_addr(o, l->ver, dec_lfield_bytes(f, l));
		break;
	case DEC_LK_MAC:
		ob_mac(o, dec_lfield_bytes(f, l));
		break;
	case DEC_LK_HEX:
		ob_hex(o, dec_lfield_uint(f, l), 2 * f->size);
		break;
	case DEC_LK_ROMAN:
		v = dec_lfield_uint(f, l);
		ob_str(o, roman[v >= 1 && v <= 3 ? v - 1 : 2]);
		break;
	default:
		ob_u64(o, dec_lfield_uint(f, l));
		break;
	}
	if (f->suffix)
		ob_str(o, f->suffix);
}

static void
pr_layer_text(struct obuf *o, const struct dec_layer *l)
{
	size_t n, i;
	const struct dec_lfield *f = dec_layer_fields(l->kind, &n);

	for (i = 0; i < n; i++)
		if (f[i].text && dec_lfield_applies(&f[i], l))
			pr_lfield_text(o, &f[i], l);
}

static void
js_lfield(struct obuf *o, const struct dec_lfield *f, const struct dec_layer *l)
{
	OB_LIT(o, ",\"");
	ob_str(o, f->json);
	OB_LIT(o, "\":");
	switch (f->kind) {
	case DEC_LK_ADDR:
		ob_char(o, '"');
		ob_addr(o, l->ver, dec_lfield_bytes(f, l));
		ob_char(o, '"');
		break;
	case DEC_LK_MAC:
		ob_char(o, '"');
		ob_mac(o, dec_lfield_bytes(f, l));
		ob_char(o, '"');
		break;
	case DEC_LK_FLAG:
		ob_str(o, (l->flags & f->need) ? "true" : "false");
		break;
	default:
		ob_u64(o, dec_lfield_uint(f, l));
		break;
	}
}

/* Is the UDP checksum of layer u (avail bytes captured from its header)
 * under IP layer ip wrong?  Asked only by read --payload: a capture of
 * outgoing packets often holds the offload's partial sum, which the
 * builder then keeps ("checksum": "bad"). */
static int
udp_bad(const struct dec_layer *ip, const struct dec_layer *u, size_t avail)
{
	const uint8_t *h = u->hdr;
	uint16_t ulen = rd_be16(h + 4), ck = rd_be16(h + 6);
	uint8_t ph[12];
	uint32_t sum;

	if ((ip->ver == 4 && ck == 0) || ulen < 8 || ulen > avail)
		return 0;
	if (ip->ver == 6) {
		sum = ck_pseudo6(ip->src, ip->dst, ulen, 17);
	} else {
		memcpy(ph, ip->src, 4);
		memcpy(ph + 4, ip->dst, 4);
		ph[8] = 0, ph[9] = 17;
		ph[10] = (uint8_t)(ulen >> 8), ph[11] = (uint8_t)ulen;
		sum = ck_add(0, ph, 12);
	}
	return ck_fold(ck_add(sum, h, ulen)) != 0;
}

static void
js_layer(struct obuf *o, const struct dec_layer *l, int hdr, int bad)
{
	size_t n, i;
	const struct dec_lfield *f = dec_layer_fields(l->kind, &n);

	OB_LIT(o, "{\"layer\":\"");
	ob_str(o, dec_layer_name(l->kind));
	ob_char(o, '"');
	for (i = 0; i < n; i++)
		if (f[i].json && dec_lfield_applies(&f[i], l))
			js_lfield(o, &f[i], l);
	if (hdr && ((l->flags & DEC_LF_BAD) || bad))
		OB_LIT(o, ",\"checksum\":\"bad\"");
	if (hdr && l->hlen) {
		OB_LIT(o, ",\"hdr\":\"");
		pr_hexbytes(o, l->hdr, l->hlen);
		ob_char(o, '"');
	}
	ob_char(o, '}');
}

/* The layers outermost first: -v text after the message line, or the
 * "outer" array (hdr: with each layer's header bytes, read --payload). */
void
pr_outer(struct obuf *o, const struct dec_pkt *d, int json, int hdr)
{
	const uint8_t *end = d->pkt + d->caplen;
	int i;

	ob_str(o, json ? ",\"outer\":[" : "\n\touter: ");
	for (i = 0; i < d->nouter; i++) {
		const struct dec_layer *l = &d->outer[i];

		if (i)
			ob_str(o, json ? "," : ": ");
		if (json)
			js_layer(o, l, hdr,
				 hdr && l->kind == DEC_L_UDP && i > 0 &&
					 l[-1].kind == DEC_L_IP &&
					 l->hdr >= d->pkt &&
					 l->hdr + 8 <= end &&
					 udp_bad(&l[-1], l,
						 (size_t)(end - l->hdr)));
		else
			pr_layer_text(o, l);
	}
	if (json)
		ob_char(o, ']');
}

/* The IPv6 extension headers of the message's IP header h (hlen bytes
 * with them, walked by the decoder already): "ext", each header's type
 * and bytes. */
static void
js_ext6(struct obuf *o, const struct dec_ip *ip, const uint8_t *h)
{
	size_t off = 40, n;
	uint8_t next = ip->next_hdr;

	OB_LIT(o, ",\"ip_ext\":[");
	while (off + 2 <= ip->hdr_len) {
		const uint8_t *e = h + off;

		n = next == 44	 ? 8
		    : next == 51 ? ((size_t)e[1] + 2) * 4
				 : ((size_t)e[1] + 1) * 8;
		if (off + n > ip->hdr_len)
			break;
		if (off > 40)
			ob_char(o, ',');
		OB_LIT(o, "{\"type\":");
		ob_u64(o, next);
		OB_LIT(o, ",\"hex\":\"");
		pr_hexbytes(o, e, n);
		OB_LIT(o, "\"}");
		next = e[0];
		off += n;
	}
	ob_char(o, ']');
}

/* read --payload: what the message's IP header holds beyond -v's keys,
 * so that send --from-json builds it back: the IPv4 header checksum,
 * more-fragments and the fragment offset, options as hex; the IPv6
 * extension headers; the length field when it is not the length. */
void
pr_ip_payload(struct obuf *o, const struct dec_pkt *d)
{
	const struct dec_ip *ip = &d->ip;
	const uint8_t *h = d->icmp.data - ip->hdr_len;
	uint32_t lf = ip->ver == 6 ? (uint32_t)rd_be16(h + 4) + 40u
				   : (uint32_t)rd_be16(h + 2);

	/* A length field that is not the length (0 from a TSO capture). */
	if (lf != ip->tot_len)
		js_u(o, "ip_len_field", ip->ver == 6 ? lf - 40 : lf);
	if (ip->ver == 6) {
		if (ip->hdr_len > 40)
			js_ext6(o, ip, h);
		return;
	}
	js_u(o, "ip_cksum", ip->cksum);
	if (ip->mf)
		OB_LIT(o, ",\"mf\":true");
	if (ip->frag_off)
		js_u(o, "frag_off", ip->frag_off);
	if (ip->hdr_len > 20) {
		OB_LIT(o, ",\"ip_opts\":\"");
		pr_hexbytes(o, h + 20, ip->hdr_len - 20u);
		ob_char(o, '"');
	}
}

/* read --payload: the bytes of the fixed part from offset 4 on, when the
 * field rows, put back as a builder puts them (dec_field_put), do not
 * give them all (reserved bits, a flag no row names, an unknown type's
 * four bytes): "fixed", which send --from-json writes before the
 * fields. */
void
pr_fixed_payload(struct obuf *o, const struct dec_icmp *m)
{
	uint8_t b[256];
	size_t off = dec_payload_off(m), n, i;
	const struct dec_field *f = dec_fields(m->ver, m->type, &n);

	if (off <= 4 || off > sizeof(b) || m->caplen < off)
		return;
	memset(b, 0, off);
	for (i = 0; i < n; i++) {
		const struct dec_field *r = &f[i];

		if (!r->json || !dec_field_applies(r, m) ||
		    dec_field_find(m->ver, m->type, m->code, r->json) != r)
			continue;
		if (r->kind == DEC_FK_IP4 || r->kind == DEC_FK_IP6 ||
		    r->kind == DEC_FK_HEX)
			dec_field_put_bytes(r, b, off, dec_field_bytes(r, m));
		else
			dec_field_put(r, b, off,
				      r->kind == DEC_FK_INT
					      ? (uint32_t)dec_field_int(r, m)
					      : dec_field_uint(r, m));
	}
	/* What send --from-json writes besides the rows: RFC 4884's length
	 * attribute ("orig_len"), a v4 router advertisement's entry size. */
	if (m->orig_len)
		b[m->ver == 6 ? 4 : 5] =
			(uint8_t)(m->orig_len / (m->ver == 6 ? 8 : 4));
	if (m->ver == 4 && m->type == DEC_T4_ROUTER_ADV)
		b[5] = 2;
	if (!memcmp(b + 4, m->data + 4, off - 4))
		return;
	OB_LIT(o, ",\"fixed\":\"");
	pr_hexbytes(o, m->data + 4, off - 4);
	ob_char(o, '"');
}

/* read --payload: the link's VLAN tags with their fields, outermost
 * first, for send --from-json --link ("vlan" has the ids only). */
void
pr_vlan_payload(struct obuf *o, const struct dec_link *l)
{
	int i;

	if (!l->nvlan)
		return;
	OB_LIT(o, ",\"vlan_tags\":[");
	for (i = 0; i < l->nvlan; i++) {
		if (i)
			ob_char(o, ',');
		OB_LIT(o, "{\"tpid\":");
		ob_u64(o, l->vlan_tpid[i]);
		js_u(o, "pcp", l->vlan_tci[i] >> 13);
		js_u(o, "dei", l->vlan_tci[i] >> 12 & 1);
		js_u(o, "vid", l->vlan_tci[i] & 0xfff);
		ob_char(o, '}');
	}
	ob_char(o, ']');
}
