/* The JSON Lines format: one object per message, keys as README lists
 * them. */
#include "print_int.h"

static void
js_quote(struct obuf *o, const struct dec_quote *q)
{
	const char *pn = dec_proto_name(q->proto);

	OB_LIT(o, ",\"quoted\":{\"ip\":");
	ob_u64(o, q->ver);
	if (q->caplen >= (q->ver == 6 ? 40 : 20) &&
	    (q->ver == 4 || q->ver == 6)) {
		js_addr(o, "src", q->ver, q->src);
		js_addr(o, "dst", q->ver, q->dst);
		js_u(o, "ttl", q->ttl);
		if (pn)
			js_s(o, "proto", pn);
		else
			js_u(o, "proto", q->proto);
		js_u(o, "len", q->tot_len);
		if (q->ck_status)
			js_s(o, "ip_checksum", pr_ck_word(q->ck_status));
		if (q->ck_status == DEC_CK_BAD)
			js_u(o, "ip_cksum_expected", q->cksum_expected);
		if (q->has_ports) {
			js_u(o, "sport", q->sport);
			js_u(o, "dport", q->dport);
		}
		if (q->has_icmp) {
			js_u(o, "type", q->itype);
			js_u(o, "code", q->icode);
			if (q->has_idseq) {
				js_u(o, "id", q->iid);
				js_u(o, "seq", q->iseq);
			}
		}
	}
	if (q->truncated)
		OB_LIT(o, ",\"truncated\":true");
	ob_char(o, '}');
}

/* One field of the type's description (fields.h). */
static void
js_field(struct obuf *o, const struct dec_field *f, const struct dec_icmp *m)
{
	uint32_t v = dec_field_uint(f, m);
	const char *n;

	pr_str(o, &f->json_member);
	switch (f->kind) {
	case DEC_FK_IP4:
	case DEC_FK_IP6:
		ob_char(o, '"');
		ob_addr(o, f->kind == DEC_FK_IP6 ? 6 : 4,
			dec_field_bytes(f, m));
		ob_char(o, '"');
		break;
	case DEC_FK_HEX:
		ob_char(o, '"');
		pr_hexbytes(o, dec_field_bytes(f, m), f->size);
		ob_char(o, '"');
		break;
	case DEC_FK_INT:
		ob_i64(o, dec_field_int(f, m));
		break;
	case DEC_FK_BOOL:
		ob_str(o, v ? "true" : "false");
		break;
	default:
		ob_u64(o, v);
		n = f->kind == DEC_FK_ENUM ? f->name((int)v) : NULL;
		if (n) {
			OB_LIT(o, ",\"");
			ob_str(o, f->json_name);
			OB_LIT(o, "\":\"");
			ob_str(o, n);
			ob_char(o, '"');
		}
		break;
	}
}

void
pr_fields_json(struct obuf *o, const struct dec_icmp *m, int idseq)
{
	size_t n, i;
	const struct dec_field *f = dec_fields(m->ver, m->type, &n);

	for (i = 0; i < n; i++)
		if (!(f[i].fmt & DEC_FF_NOJSON) &&
		    (idseq || f[i].when != DEC_FW_IDSEQ) &&
		    dec_field_applies(&f[i], m))
			js_field(o, &f[i], m);
}

/* ICMPv4 router advertisement entries. */
static void
js_routers(struct obuf *o, const struct dec_icmp *m)
{
	size_t off = 0;
	struct dec_ra4 e;

	if (!m->fields_ok || m->entry_size < 2)
		return;
	OB_LIT(o, ",\"routers\":[");
	while (dec_ra4_next(m, &off, &e)) {
		if (off > 1)
			ob_char(o, ',');
		OB_LIT(o, "{\"addr\":\"");
		ob_ip4(o, e.addr);
		OB_LIT(o, "\",\"pref\":");
		ob_i64(o, e.pref);
		ob_char(o, '}');
	}
	ob_char(o, ']');
}

/* MLDv2 report records, as many as the header counts. */
static void
js_records(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_mldrec r;
	size_t off = 0, n;
	const char *rn;

	OB_LIT(o, ",\"group_records\":[");
	for (n = 0; n < m->count && dec_mld2_next(m, &off, &r); n++) {
		if (n)
			ob_char(o, ',');
		OB_LIT(o, "{\"type\":");
		ob_u64(o, r.type);
		rn = dec_mld2_rec_name(r.type);
		if (rn)
			js_s(o, "name", rn);
		js_addr(o, "group", 6, r.group);
		js_u(o, "nsrc", r.nsrc);
		js_u(o, "aux_len", r.aux_len);
		OB_LIT(o, ",\"sources\":");
		js_addrs6(o, r.srcs, r.nsrc_cap);
		if (r.nsrc_cap < r.nsrc)
			OB_LIT(o, ",\"truncated\":true");
		ob_char(o, '}');
	}
	ob_char(o, ']');
}

static void
js_lists(struct obuf *o, const struct dec_icmp *m)
{
	const uint8_t *list = NULL;
	size_t n;

	if (m->ver == 4) {
		js_routers(o, m);
		return;
	}
	n = dec_addr_list(m, &list);
	if (n || (m->fields_ok &&
		  (m->type == DEC_T6_HA_DISC_REPLY || m->mld2_query))) {
		ob_str(o, m->type == DEC_T6_HA_DISC_REPLY
				  ? ",\"home_agents\":"
				  : ",\"source_list\":");
		js_addrs6(o, list, n);
	}
	if (m->type == DEC_T6_MLD2_REPORT && m->fields_ok)
		js_records(o, m);
}

/* Frame, time, addresses, type and code, checksum, length, fields. */
static void
js_head(struct obuf *o, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	const struct dec_ip *ip = &d->ip;
	const char *cn = dec_code_name(m->ver, m->type, m->code);

	OB_LIT(o, "{\"frame\":");
	ob_u64(o, d->frame);
	OB_LIT(o, ",\"ts\":\"");
	ob_time_iso(o, d->ts_sec, d->ts_nsec);
	OB_LIT(o, "\",\"ip\":");
	ob_u64(o, ip->ver);
	js_addr(o, "src", ip->ver, ip->src);
	js_addr(o, "dst", ip->ver, ip->dst);
	js_u(o, "ttl", ip->ttl);
	ob_str(o, m->ver == 6 ? ",\"proto\":\"icmp6\"" : ",\"proto\":\"icmp\"");
	js_u(o, "type", m->type);
	js_u(o, "code", m->code);
	OB_LIT(o, ",\"name\":\"");
	pr_type(o, m);
	ob_char(o, '"');
	if (cn)
		js_s(o, "code_name", cn);
	js_s(o, "checksum", pr_ck_word(m->cksum_status));
	if (m->cksum_status == DEC_CK_BAD)
		js_u(o, "cksum_expected", m->cksum_expected);
	if (ip->ver == 4) {
		js_s(o, "ip_checksum", pr_ck_word(ip->ck_status));
		if (ip->ck_status == DEC_CK_BAD)
			js_u(o, "ip_cksum_expected", ip->cksum_expected);
	}
	js_u(o, "len", m->len);
	pr_fields_json(o, m, 1);
}

/* -v IP fields, VLANs, -e addresses, SLL interface. */
/* The interface name and direction (pr_ifdir_text's, as words). */
static void
js_ifdir(struct obuf *o, const struct dec_pkt *d)
{
	static const char *const dir[] = {"in", "broadcast", "multicast",
					  "otherhost", "out"};
	int k = d->link.has_sll		  ? (int)d->link.sll_pkttype
		: d->ifdir == DEC_DIR_IN  ? 0
		: d->ifdir == DEC_DIR_OUT ? 4
					  : -1;

	if (d->ifname) {
		OB_LIT(o, ",\"ifname\":\"");
		ob_json_esc(o, d->ifname, strlen(d->ifname));
		ob_char(o, '"');
	}
	if (k >= 0 && k < 5)
		js_s(o, "direction", dir[k]);
}

static void
js_link(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	const struct dec_ip *ip = &d->ip;
	int i;

	if (p->verbose || p->payload) {
		js_u(o, "tos", ip->tos);
		if (ip->ver == 4) {
			js_u(o, "ip_id", ip->ipid);
			js_b(o, "df", ip->df);
		} else {
			js_u(o, "flow", ip->flow);
		}
		js_u(o, "ip_len", ip->tot_len);
		js_u(o, "cksum", d->icmp.cksum);
	}
	if (d->link.nvlan) {
		OB_LIT(o, ",\"vlan\":[");
		for (i = 0; i < d->link.nvlan; i++) {
			if (i)
				ob_char(o, ',');
			ob_u64(o, d->link.vlan_tci[i] & 0xfff);
		}
		ob_char(o, ']');
	}
	if (p->link && d->link.has_mac) {
		OB_LIT(o, ",\"eth_src\":\"");
		ob_mac(o, d->link.src_mac);
		if (!d->link.has_sll) {
			OB_LIT(o, "\",\"eth_dst\":\"");
			ob_mac(o, d->link.dst_mac);
		}
		ob_char(o, '"');
	}
	if (d->link.sll_ifindex)
		js_u(o, "ifindex", d->link.sll_ifindex);
	js_ifdir(o, d);
}

/* Damage and the tracker's match. */
static void
js_tail(struct obuf *o, const struct dec_pkt *d)
{
	if (d->flags & DEC_F_TRUNC)
		OB_LIT(o, ",\"truncated\":true");
	if (d->flags & DEC_F_MALFORMED)
		OB_LIT(o, ",\"malformed\":true");
	if (d->why)
		js_s(o, "why", d->why);
	if (d->matched) {
		js_ms(o, "rtt_ms", d->rtt_ns);
		js_u(o, "reply_to", d->reply_to);
		if (d->dup)
			OB_LIT(o, ",\"dup\":true");
	}
	OB_LIT(o, "}\n");
}

/* read --payload: the message's bytes after its fixed part, so that the
 * object holds every byte (send --from-json builds it back). */
static void
js_payload(struct obuf *o, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	size_t fixed = dec_payload_off(m);

	/* A hop-by-hop header first (MLD's router alert). */
	if (d->ip.ver == 6)
		js_b(o, "hbh", d->ip.next_hdr == 0);
	pr_ip_payload(o, d);
	pr_vlan_payload(o, &d->link);
	pr_fixed_payload(o, m);
	OB_LIT(o, ",\"payload\":\"");
	if (m->caplen > fixed)
		pr_hexbytes(o, m->data + fixed, m->caplen - fixed);
	ob_char(o, '"');
}

void
pr_json(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	const struct dec_icmp *m = &d->icmp;
	struct dec_payts pt;

	js_head(o, d);
	js_link(o, d, p);
	if (d->nouter)
		pr_outer(o, d, 1, p->payload);
	if (m->q.present)
		js_quote(o, &m->q);
	if (m->orig_len)
		js_u(o, "orig_len", m->orig_len);
	if (m->ext_off)
		js_ext(o, m);
	/* Only these types have lists: no call for the common ones. */
	if (m->ver == 4 ? m->type == DEC_T4_ROUTER_ADV
			: m->type == DEC_T6_MLD_QUERY ||
				  m->type == DEC_T6_MLD2_REPORT ||
				  m->type == DEC_T6_HA_DISC_REPLY)
		js_lists(o, m);
	/* With -v, as the text: most echoes carry one, and it would cost a
	 * third more output in a plain -j run. */
	if (p->verbose && dec_payts(d, &pt)) {
		OB_LIT(o, ",\"payload_ts\":{\"ts\":\"");
		ob_time_iso(o, pt.sec, pt.nsec);
		ob_char(o, '"');
		js_ms(o, "delta_ms", pt.delta_ns);
		js_s(o, "format", dec_payts_name(pt.fmt));
		ob_char(o, '}');
	}
	if (m->opt_off && m->nopts)
		js_ndopts(o, m);
	if (p->payload)
		js_payload(o, d);
	js_tail(o, d);
}
