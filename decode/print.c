/* Printers: one line per message in text (after tcpdump -nn) or one JSON
 * object per message.  Everything goes through struct obuf. */
#include "print.h"

#include <math.h>

#include "cursor.h"

static void
pr_type(struct obuf *o, const struct dec_icmp *m)
{
	const char *n = dec_type_name(m->ver, m->type);

	if (n) {
		ob_str(o, n);
	} else {
		OB_LIT(o, "type-");
		ob_u64(o, m->type);
	}
}

/* Code names only for types that have codes; other non-zero codes are
 * shown by number so nothing unusual goes unseen. */
static void
pr_code_text(struct obuf *o, const struct dec_icmp *m)
{
	const char *c = dec_code_name(m->ver, m->type, m->code);

	if (c) {
		OB_LIT(o, " (");
		ob_str(o, c);
		ob_char(o, ')');
	} else if (m->code) {
		OB_LIT(o, " (code ");
		ob_u64(o, m->code);
		ob_char(o, ')');
	}
}

static void
pr_ms(struct obuf *o, int64_t ns)
{
	/* Three decimals of a millisecond, rounded. */
	ob_fixed(o, ns >= 0 ? (ns + 500) / 1000 : (ns - 500) / 1000, 3);
}

static void
pr_link_text(struct obuf *o, const struct dec_link *l, const struct dec_pkt *d)
{
	int i;

	if (l->has_sll) {
		static const char *const dir[] = {"In", "B", "M", "P", "Out"};

		if (l->sll_ifindex) {
			OB_LIT(o, "ifindex ");
			ob_u64(o, l->sll_ifindex);
			ob_char(o, ' ');
		}
		if (l->sll_pkttype < 5)
			ob_str(o, dir[l->sll_pkttype]);
		else
			ob_u64(o, l->sll_pkttype);
		ob_char(o, ' ');
		if (l->has_mac) {
			ob_mac(o, l->src_mac);
			ob_char(o, ' ');
		}
	} else if (l->has_mac) {
		ob_mac(o, l->src_mac);
		OB_LIT(o, " > ");
		ob_mac(o, l->dst_mac);
		OB_LIT(o, ", ");
	} else if (l->dlt == DEC_DLT_NULL || l->dlt == DEC_DLT_LOOP) {
		OB_LIT(o, "AF ");
		ob_u64(o, l->null_family);
		OB_LIT(o, ", ");
	}
	for (i = 0; i < l->nvlan; i++) {
		OB_LIT(o, "vlan ");
		ob_u64(o, l->vlan_tci[i] & 0xfff);
		OB_LIT(o, ", p ");
		ob_u64(o, l->vlan_tci[i] >> 13);
		if (l->vlan_tpid[i] != 0x8100) {
			OB_LIT(o, ", tpid 0x");
			ob_hex(o, l->vlan_tpid[i], 4);
		}
		OB_LIT(o, ", ");
	}
	if (l->ethertype > 1) {
		OB_LIT(o, "ethertype ");
		ob_str(o, l->ethertype == 0x86dd ? "IPv6" : "IPv4");
		OB_LIT(o, ", ");
	}
	OB_LIT(o, "length ");
	ob_u64(o, d->wirelen);
	OB_LIT(o, ": ");
}

static void
pr_ip_verbose(struct obuf *o, const struct dec_ip *ip)
{
	if (ip->ver == 4) {
		OB_LIT(o, "(tos 0x");
		ob_hex(o, ip->tos, 1);
		OB_LIT(o, ", ttl ");
		ob_u64(o, ip->ttl);
		OB_LIT(o, ", id ");
		ob_u64(o, ip->ipid);
		OB_LIT(o, ", offset ");
		ob_u64(o, ip->frag_off);
		OB_LIT(o, ", flags [");
		if (ip->df)
			OB_LIT(o, "DF");
		if (ip->mf)
			ob_str(o, ip->df ? "+MF" : "MF");
		if (!ip->df && !ip->mf)
			OB_LIT(o, "none");
		OB_LIT(o, "], proto ");
		ob_str(o, ip->proto == 1 ? "ICMP (1)" : "ICMPv6 (58)");
	} else {
		int i;

		OB_LIT(o, "(class 0x");
		ob_hex(o, ip->tos, 2);
		if (ip->flow) {
			OB_LIT(o, ", flowlabel 0x");
			ob_hex(o, ip->flow, 5);
		}
		OB_LIT(o, ", hlim ");
		ob_u64(o, ip->ttl);
		for (i = 0; i < ip->nnext; i++) {
			OB_LIT(o, ", ext ");
			ob_u64(o, ip->ext[i]);
		}
		if (ip->has_frag) {
			OB_LIT(o, ", frag id 0x");
			ob_hex(o, ip->ipid, 8);
			OB_LIT(o, " offset ");
			ob_u64(o, ip->frag_off);
			if (ip->mf)
				OB_LIT(o, " MF");
		}
		if (ip->has_final_dst) {
			OB_LIT(o, ", final-dst ");
			ob_ip6(o, ip->final_dst);
		}
		OB_LIT(o, ", next-header ");
		ob_str(o, ip->proto == 1 ? "ICMP (1)" : "ICMPv6 (58)");
	}
	OB_LIT(o, ", length ");
	ob_u64(o, ip->tot_len);
	OB_LIT(o, ") ");
}

/* Flag letters: bit 'top' is letters[0], the next lower bit letters[1]... */
static void
pr_bits(struct obuf *o, uint32_t v, const char *letters, uint32_t top)
{
	for (; *letters && top; letters++, top >>= 1)
		if (v & top)
			ob_char(o, *letters);
}

static void
pr_hexbytes(struct obuf *o, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ob_hex(o, p[i], 2);
}

/* RFC 8335: the L bit of a request; state and A/4/6 bits of a reply. */
static void
pr_xecho_text(struct obuf *o, const struct dec_icmp *m)
{
	const char *sn;

	if (m->type == 42 || m->type == 160) {
		ob_str(o, (m->flags & 1) ? ", local" : ", remote");
		return;
	}
	OB_LIT(o, ", state ");
	sn = dec_xecho_state_name(m->flags >> 5);
	if (sn)
		ob_str(o, sn);
	else
		ob_u64(o, m->flags >> 5);
	OB_LIT(o, ", active ");
	ob_u64(o, m->flags >> 2 & 1);
	OB_LIT(o, ", ipv4 ");
	ob_u64(o, m->flags >> 1 & 1);
	OB_LIT(o, ", ipv6 ");
	ob_u64(o, m->flags & 1);
}

static const char *
ni_qtype_name(int q)
{
	static const char *const names[] = {
		"noop",		  "supported-qtypes", "node-name",
		"node-addresses", "ipv4-addresses",
	};

	return q >= 0 && q < 5 ? names[q] : NULL;
}

static void
pr_nodeinfo_text(struct obuf *o, const struct dec_icmp *m)
{
	const char *q = ni_qtype_name(m->qtype);

	OB_LIT(o, ", qtype ");
	if (q)
		ob_str(o, q);
	else
		ob_u64(o, m->qtype);
	OB_LIT(o, ", flags [");
	pr_bits(o, m->flags, "SGLCAT", 0x20);
	OB_LIT(o, "], nonce 0x");
	pr_hexbytes(o, m->nonce, 8);
}

static void
pr_rpl_text(struct obuf *o, const struct dec_icmp *m)
{
	switch (m->code) {
	case 1:
		OB_LIT(o, ", instance ");
		ob_u64(o, m->rpl_instance);
		OB_LIT(o, ", version ");
		ob_u64(o, m->rpl_version);
		OB_LIT(o, ", rank ");
		ob_u64(o, m->rank);
		OB_LIT(o, ", mop ");
		ob_u64(o, m->flags >> 3 & 7);
		OB_LIT(o, ", prf ");
		ob_u64(o, m->flags & 7);
		OB_LIT(o, ", dtsn ");
		ob_u64(o, m->rpl_dtsn);
		break;
	case 2:
	case 3:
		OB_LIT(o, ", instance ");
		ob_u64(o, m->rpl_instance);
		OB_LIT(o, ", seq ");
		ob_u64(o, m->rpl_seq);
		if (m->code == 3) {
			OB_LIT(o, ", status ");
			ob_u64(o, m->rpl_status);
		}
		break;
	default:
		return;
	}
	if (m->has_dodagid) {
		OB_LIT(o, ", dodag ");
		ob_ip6(o, m->addr);
	}
}

static void
pr_fields_text(struct obuf *o, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	int i;

	if (m->has_idseq) {
		OB_LIT(o, ", id ");
		ob_u64(o, m->id);
		OB_LIT(o, ", seq ");
		ob_u64(o, m->seq);
	}
	if (!m->fields_ok)
		return;
	if (m->ver == 4) {
		switch (m->type) {
		case 3:
			if (m->code == 4) {
				OB_LIT(o, ", mtu ");
				ob_u64(o, m->mtu);
			}
			break;
		case 5:
			OB_LIT(o, ", gateway ");
			ob_ip4(o, m->addr);
			break;
		case 9:
			OB_LIT(o, ", ");
			ob_u64(o, m->count);
			OB_LIT(o, " addrs, lifetime ");
			ob_u64(o, m->lifetime);
			break;
		case 12:
			OB_LIT(o, ", pointer ");
			ob_u64(o, m->pointer);
			break;
		case 13:
		case 14:
			for (i = 0; i < 3; i++) {
				static const char *const n[] = {
					", org ", ", recv ", ", xmit "};

				ob_str(o, n[i]);
				ob_u64(o, m->ts[i]);
			}
			break;
		case 17:
		case 18:
			OB_LIT(o, ", mask ");
			ob_ip4(o, m->addr);
			break;
		case 42:
		case 43:
			pr_xecho_text(o, m);
			break;
		}
		return;
	}
	switch (m->type) {
	case 2:
		OB_LIT(o, ", mtu ");
		ob_u64(o, m->mtu);
		break;
	case 138:
		OB_LIT(o, ", seq ");
		ob_u64(o, m->seq32);
		OB_LIT(o, ", segment ");
		ob_u64(o, m->segment);
		OB_LIT(o, ", flags [");
		pr_bits(o, m->flags, "TRASP", 0x80);
		OB_LIT(o, "], max delay ");
		ob_u64(o, m->max_delay);
		OB_LIT(o, " ms");
		break;
	case 139:
	case 140:
		pr_nodeinfo_text(o, m);
		break;
	case 144:
	case 145:
	case 146:
	case 147:
		OB_LIT(o, ", id ");
		ob_u64(o, m->id);
		if (m->type == 147) {
			OB_LIT(o, ", flags [");
			pr_bits(o, m->flags, "MO", 0x80);
			ob_char(o, ']');
		}
		break;
	case 155:
		pr_rpl_text(o, m);
		break;
	case 160:
	case 161:
		pr_xecho_text(o, m);
		break;
	case 4:
		OB_LIT(o, ", pointer ");
		ob_u64(o, m->pointer);
		break;
	case 130:
	case 131:
	case 132:
		OB_LIT(o, ", group ");
		ob_ip6(o, m->addr);
		if (m->type == 130 && m->len >= 28) {
			OB_LIT(o, ", v2, ");
			ob_u64(o, m->count);
			OB_LIT(o, " sources");
		}
		break;
	case 143:
		OB_LIT(o, ", ");
		ob_u64(o, m->count);
		OB_LIT(o, " records");
		break;
	case 134:
		OB_LIT(o, ", hop limit ");
		ob_u64(o, m->hop_limit);
		OB_LIT(o, ", flags [");
		if (m->flags & 0x80)
			OB_LIT(o, "M");
		if (m->flags & 0x40)
			OB_LIT(o, "O");
		if (m->flags & 0x20)
			OB_LIT(o, "H");
		OB_LIT(o, "], router lifetime ");
		ob_u64(o, m->lifetime);
		OB_LIT(o, "s, reachable ");
		ob_u64(o, m->reachable);
		OB_LIT(o, "ms, retrans ");
		ob_u64(o, m->retrans);
		OB_LIT(o, "ms");
		break;
	case 135:
		OB_LIT(o, ", who has ");
		ob_ip6(o, m->addr);
		break;
	case 136:
		OB_LIT(o, ", tgt is ");
		ob_ip6(o, m->addr);
		OB_LIT(o, ", flags [");
		if (m->flags & 0x80000000u)
			OB_LIT(o, "R");
		if (m->flags & 0x40000000u)
			OB_LIT(o, "S");
		if (m->flags & 0x20000000u)
			OB_LIT(o, "O");
		ob_char(o, ']');
		break;
	case 137:
		OB_LIT(o, ", ");
		ob_ip6(o, m->addr);
		OB_LIT(o, " to ");
		ob_ip6(o, m->addr2);
		break;
	}
}

static void
pr_quote_text(struct obuf *o, const struct dec_quote *q)
{
	const char *pn = dec_proto_name(q->proto);

	OB_LIT(o, "\n\tquoted: ");
	if (q->ver != 4 && q->ver != 6) {
		OB_LIT(o, "not IP [truncated]");
		return;
	}
	ob_str(o, q->ver == 6 ? "IP6 " : "IP ");
	if (q->caplen < (q->ver == 6 ? 40 : 20)) {
		OB_LIT(o, "[truncated]");
		return;
	}
	ob_addr(o, q->ver, q->src);
	if (q->has_ports) {
		ob_char(o, '.');
		ob_u64(o, q->sport);
	}
	OB_LIT(o, " > ");
	ob_addr(o, q->ver, q->dst);
	if (q->has_ports) {
		ob_char(o, '.');
		ob_u64(o, q->dport);
	}
	OB_LIT(o, ": ");
	if (pn) {
		ob_str(o, pn);
	} else {
		OB_LIT(o, "proto ");
		ob_u64(o, q->proto);
	}
	if (q->has_icmp) {
		struct dec_icmp im = {.ver = q->proto == 58 ? 6 : 4,
				      .type = q->itype,
				      .code = q->icode};

		ob_char(o, ' ');
		pr_type(o, &im);
		pr_code_text(o, &im);
		if (q->has_idseq) {
			OB_LIT(o, ", id ");
			ob_u64(o, q->iid);
			OB_LIT(o, ", seq ");
			ob_u64(o, q->iseq);
		}
	}
	ob_str(o, q->ver == 6 ? ", hlim " : ", ttl ");
	ob_u64(o, q->ttl);
	OB_LIT(o, ", length ");
	ob_u64(o, q->tot_len);
	if (q->truncated)
		OB_LIT(o, " [truncated]");
}

/* DNSSL domain names are label-encoded; printed as dotted names, with
 * each name ended by a zero label (RFC 8106). */
static size_t
pr_dnsname(struct obuf *o, const uint8_t *p, size_t n)
{
	size_t i = 0;
	int first = 1;

	while (i < n && p[i]) {
		size_t l = p[i++];

		if (l > n - i)
			l = n - i;
		if (!first)
			ob_char(o, '.');
		first = 0;
		/* Wire bytes: escaped the JSON way in text output too. */
		ob_json_esc(o, (const char *)p + i, l);
		i += l;
	}
	return i < n ? i + 1 : n;
}

static const char *const route_pref[] = {"medium", "high", "reserved", "low"};

/* Route information, PREF64, nonce, advertisement interval. */
static void
pr_ndval_text(struct obuf *o, const struct dec_ndopt *op)
{
	struct dec_ndval v;

	if (!dec_ndopt_val(op, &v))
		return;
	OB_LIT(o, ": ");
	switch (op->type) {
	case 7:
		ob_u64(o, v.interval);
		OB_LIT(o, " ms");
		break;
	case 14:
		OB_LIT(o, "0x");
		pr_hexbytes(o, v.nonce, v.nonce_len);
		break;
	case 24:
	case 38:
		ob_ip6(o, v.prefix);
		if (v.plen || op->type == 24) {
			ob_char(o, '/');
			ob_u64(o, v.plen);
		} else {
			OB_LIT(o, ", plc ");
			ob_u64(o, v.plc);
			OB_LIT(o, " (invalid)");
		}
		if (op->type == 24) {
			OB_LIT(o, ", pref ");
			ob_str(o, route_pref[v.pref & 3]);
		}
		OB_LIT(o, ", lifetime ");
		ob_u64(o, v.lifetime);
		ob_char(o, 's');
		break;
	}
}

static void
pr_ndopt_text(struct obuf *o, const struct dec_ndopt *op)
{
	const char *n = dec_ndopt_name(op->type);
	const uint8_t *b = op->body;
	size_t i;

	OB_LIT(o, "\n\t  ");
	if (n) {
		ob_str(o, n);
	} else {
		OB_LIT(o, "option-");
		ob_u64(o, op->type);
	}
	OB_LIT(o, " (");
	ob_u64(o, op->type);
	OB_LIT(o, "), length ");
	ob_u64(o, op->len);
	if (op->bad) {
		ob_str(o, op->bad == DEC_NDOPT_ZERO
				  ? " [malformed: zero length]"
			  : op->bad == DEC_NDOPT_CUT ? " [truncated]"
						     : " [malformed: overrun]");
		return;
	}
	switch (op->type) {
	case 1:
	case 2:
		if (op->body_len >= 6) {
			OB_LIT(o, ": ");
			ob_mac(o, b);
		}
		break;
	case 3:
		if (op->body_len >= 30) {
			OB_LIT(o, ": ");
			ob_ip6(o, b + 14);
			ob_char(o, '/');
			ob_u64(o, b[0]);
			OB_LIT(o, ", flags [");
			if (b[1] & 0x80)
				ob_char(o, 'L');
			if (b[1] & 0x40)
				ob_char(o, 'A');
			OB_LIT(o, "], valid ");
			ob_u64(o, rd_be32(b + 2));
			OB_LIT(o, "s, preferred ");
			ob_u64(o, rd_be32(b + 6));
			ob_char(o, 's');
		}
		break;
	case 5:
		if (op->body_len >= 6) {
			OB_LIT(o, ": ");
			ob_u64(o, rd_be32(b + 2));
		}
		break;
	case 25:
		if (op->body_len >= 6) {
			OB_LIT(o, ": lifetime ");
			ob_u64(o, rd_be32(b + 2));
			ob_char(o, 's');
			for (i = 6; i + 16 <= op->body_len; i += 16) {
				OB_LIT(o, ", ");
				ob_ip6(o, b + i);
			}
		}
		break;
	case 31:
		if (op->body_len >= 6) {
			OB_LIT(o, ": lifetime ");
			ob_u64(o, rd_be32(b + 2));
			ob_char(o, 's');
			for (i = 6; i < op->body_len && b[i];) {
				OB_LIT(o, ", ");
				i += pr_dnsname(o, b + i, op->body_len - i);
			}
		}
		break;
	default:
		pr_ndval_text(o, op);
		break;
	}
}

/* -vv lists: router advertisement entries, MLDv2 sources and records,
 * home agent addresses. */
static void
pr_lists_text(struct obuf *o, const struct dec_icmp *m)
{
	const uint8_t *list;
	size_t off = 0, n, i;
	struct dec_ra4 e;
	struct dec_mldrec r;
	const char *rn;

	if (m->ver == 4) {
		while (dec_ra4_next(m, &off, &e)) {
			OB_LIT(o, "\n\t  router ");
			ob_ip4(o, e.addr);
			OB_LIT(o, ", pref ");
			ob_i64(o, e.pref);
		}
		return;
	}
	if (m->type == 130 && m->len >= 28 && m->fields_ok) {
		OB_LIT(o, "\n\t  qrv ");
		ob_u64(o, m->qrv & 7);
		OB_LIT(o, ", qqic ");
		ob_u64(o, m->qqic);
		if (m->qrv & 8)
			OB_LIT(o, ", suppress");
	}
	n = dec_addr_list(m, &list);
	for (i = 0; i < n; i++) {
		ob_str(o,
		       m->type == 145 ? "\n\t  home agent " : "\n\t  source ");
		ob_ip6(o, list + 16 * i);
	}
	if (m->type != 143)
		return;
	/* As many records as the header counts, not what the bytes allow. */
	for (n = 0; n < m->count && dec_mld2_next(m, &off, &r); n++) {
		OB_LIT(o, "\n\t  ");
		rn = dec_mld2_rec_name(r.type);
		if (rn) {
			ob_str(o, rn);
		} else {
			OB_LIT(o, "record-");
			ob_u64(o, r.type);
		}
		ob_char(o, ' ');
		ob_ip6(o, r.group);
		OB_LIT(o, ", ");
		ob_u64(o, r.nsrc);
		OB_LIT(o, " sources");
		for (i = 0; i < r.nsrc_cap; i++) {
			ob_str(o, i ? " " : ": ");
			ob_ip6(o, r.srcs + 16 * i);
		}
		if (r.nsrc_cap < r.nsrc)
			OB_LIT(o, " [truncated]");
	}
}

/* Tunnels ------------------------------------------------------------ */

static void
pr_layer_text(struct obuf *o, const struct dec_layer *l)
{
	switch (l->kind) {
	case DEC_L_IP:
		ob_str(o, l->ver == 6 ? "IP6 " : "IP ");
		ob_addr(o, l->ver, l->src);
		OB_LIT(o, " > ");
		ob_addr(o, l->ver, l->dst);
		ob_str(o, l->ver == 6 ? " (hlim " : " (ttl ");
		ob_u64(o, l->ttl);
		OB_LIT(o, ", proto ");
		ob_u64(o, l->proto);
		ob_char(o, ')');
		break;
	case DEC_L_GRE:
		OB_LIT(o, "GRE (proto 0x");
		ob_hex(o, l->etype, 4);
		if (l->flags & DEC_LF_KEY) {
			OB_LIT(o, ", key 0x");
			ob_hex(o, l->id, 8);
		}
		if (l->flags & DEC_LF_SEQ) {
			OB_LIT(o, ", seq ");
			ob_u64(o, l->seq);
		}
		if (l->flags & DEC_LF_CSUM)
			OB_LIT(o, ", csum");
		ob_char(o, ')');
		break;
	case DEC_L_ERSPAN:
		OB_LIT(o, "ERSPAN type ");
		ob_str(o, l->ver == 1 ? "I" : l->ver == 2 ? "II" : "III");
		if (l->ver > 1) {
			OB_LIT(o, " (session ");
			ob_u64(o, l->id);
			OB_LIT(o, ", vlan ");
			ob_u64(o, l->vlan);
			ob_char(o, ')');
		}
		break;
	case DEC_L_UDP:
		OB_LIT(o, "UDP ");
		ob_u64(o, l->sport);
		OB_LIT(o, " > ");
		ob_u64(o, l->dport);
		break;
	case DEC_L_VXLAN:
	case DEC_L_GENEVE:
		ob_str(o,
		       l->kind == DEC_L_VXLAN ? "VXLAN (vni " : "Geneve (vni ");
		ob_u64(o, l->id);
		if (l->kind == DEC_L_GENEVE) {
			OB_LIT(o, ", proto 0x");
			ob_hex(o, l->etype, 4);
		}
		ob_char(o, ')');
		break;
	case DEC_L_MPLS:
		OB_LIT(o, "MPLS (label ");
		ob_u64(o, l->id);
		OB_LIT(o, ", tc ");
		ob_u64(o, l->tc);
		if (l->flags & DEC_LF_BOS)
			OB_LIT(o, ", [S]");
		OB_LIT(o, ", ttl ");
		ob_u64(o, l->ttl);
		if (l->flags & DEC_LF_CW)
			OB_LIT(o, ", control word");
		ob_char(o, ')');
		break;
	case DEC_L_ETH:
		OB_LIT(o, "ether ");
		ob_mac(o, l->src);
		OB_LIT(o, " > ");
		ob_mac(o, l->dst);
		if (l->flags & DEC_LF_VLAN) {
			OB_LIT(o, " (vlan ");
			ob_u64(o, l->vlan);
			ob_char(o, ')');
		}
		break;
	}
}

static void
pr_outer_text(struct obuf *o, const struct dec_pkt *d)
{
	int i;

	OB_LIT(o, "\n\touter: ");
	for (i = 0; i < d->nouter; i++) {
		if (i)
			OB_LIT(o, ": ");
		pr_layer_text(o, &d->outer[i]);
	}
}

/* RFC 4884 extensions ---------------------------------------------- */

static const char *
ext_ck_word(int st)
{
	return st == DEC_CK_OK	     ? "ok"
	       : st == DEC_CK_BAD    ? "bad"
	       : st == DEC_CK_ABSENT ? "none"
				     : "unverified";
}

static const char *
extobj_error(const struct dec_extobj *ob)
{
	switch (ob->bad) {
	case DEC_EXT_SHORT:
		return "short";
	case DEC_EXT_OVERRUN:
		return "overrun";
	case DEC_EXT_HDR:
		return "header-overrun";
	case DEC_EXT_CUT:
		return "truncated";
	default:
		return NULL;
	}
}

static void
pr_ifaddr(struct obuf *o, const struct dec_ifinfo *r)
{
	if (r->afi == 1)
		ob_ip4(o, r->addr);
	else
		ob_ip6(o, r->addr);
}

static void
pr_extobj_text(struct obuf *o, const struct dec_extobj *ob)
{
	const char *n = dec_ext_class_name(ob->cls), *role, *err;
	struct dec_ifinfo r;
	struct dec_mpls e;
	size_t i;
	int sep = 0;

	OB_LIT(o, "\n\t  ");
	if (n) {
		ob_str(o, n);
	} else {
		OB_LIT(o, "class-");
		ob_u64(o, ob->cls);
	}
	OB_LIT(o, " (class ");
	ob_u64(o, ob->cls);
	OB_LIT(o, ", c-type ");
	ob_u64(o, ob->ctype);
	OB_LIT(o, "), length ");
	ob_u64(o, ob->len);
	err = extobj_error(ob);
	if (err) {
		if (ob->bad == DEC_EXT_CUT) {
			OB_LIT(o, " [truncated]");
		} else {
			OB_LIT(o, " [malformed: ");
			ob_str(o, err);
			ob_char(o, ']');
		}
	}
	/* A cut or overrunning object is shown as far as it goes. */
	if (!ob->body_len)
		return;
	if (ob->cls == 1 && ob->ctype == 1) {
		for (i = 0; dec_ext_mpls(ob, i, &e); i++) {
			ob_str(o, i ? "; label " : ": label ");
			ob_u64(o, e.label);
			OB_LIT(o, ", tc ");
			ob_u64(o, e.tc);
			if (e.s)
				OB_LIT(o, ", [S]");
			OB_LIT(o, ", ttl ");
			ob_u64(o, e.ttl);
		}
		return;
	}
	if (ob->cls != 2 && ob->cls != 3)
		return;
	dec_ext_ifinfo(ob, &r);
	OB_LIT(o, ":");
	if (ob->cls == 2) {
		role = dec_ext_role_name(r.role);
		ob_char(o, ' ');
		ob_str(o, role);
		sep = 1;
	}
	if (r.has_ifindex) {
		ob_str(o, sep ? ", ifindex " : " ifindex ");
		ob_u64(o, r.ifindex);
		sep = 1;
	}
	if (r.has_addr) {
		ob_str(o, sep ? ", addr " : " addr ");
		pr_ifaddr(o, &r);
		sep = 1;
	}
	if (r.has_name) {
		ob_str(o, sep ? ", name \"" : " name \"");
		ob_json_esc(o, (const char *)r.name, r.name_bytes);
		ob_char(o, '"');
		sep = 1;
	}
	if (r.has_mtu) {
		ob_str(o, sep ? ", mtu " : " mtu ");
		ob_u64(o, r.mtu);
	}
	if (r.why && !(ob->bad && r.ran_out)) {
		OB_LIT(o, " [malformed: ");
		ob_str(o, r.why);
		ob_char(o, ']');
	}
}

static void
pr_ext_text(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_extobj ob;
	size_t off = (size_t)m->ext_off + 4;

	OB_LIT(o, "\n\textension v");
	ob_u64(o, m->ext_ver);
	OB_LIT(o, ", checksum 0x");
	ob_hex(o, m->ext_cksum, 4);
	OB_LIT(o, " (");
	ob_str(o, ext_ck_word(m->ext_cksum_status));
	OB_LIT(o, "), length ");
	ob_u64(o, m->ext_len);
	if (m->ext_compat)
		OB_LIT(o, ", at 128 bytes without RFC 4884 length");
	if (m->ext_ver != 2)
		return;
	while (dec_extobj_next(m, &off, &ob))
		pr_extobj_text(o, &ob);
}

/* The classic 16 bytes per line, hex in pairs and printable ASCII. */
static void
pr_hex(struct obuf *o, const uint8_t *p, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		OB_LIT(o, "\n\t0x");
		ob_hex(o, (uint32_t)i, 4);
		OB_LIT(o, ":  ");
		for (j = i; j < i + 16; j++) {
			if (j < n)
				ob_hex(o, p[j], 2);
			else
				OB_LIT(o, "  ");
			if (j & 1)
				ob_char(o, ' ');
		}
		ob_char(o, ' ');
		for (j = i; j < i + 16 && j < n; j++)
			ob_char(o,
				p[j] >= 0x20 && p[j] < 0x7f ? (char)p[j] : '.');
	}
}

void
pr_text(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	const struct dec_icmp *m = &d->icmp;
	const struct dec_ip *ip = &d->ip;

	ob_time_text(o, d->ts_sec, d->ts_nsec);
	ob_char(o, ' ');
	if (p->link)
		pr_link_text(o, &d->link, d);
	ob_str(o, ip->ver == 6 ? "IP6 " : "IP ");
	if (p->verbose)
		pr_ip_verbose(o, ip);
	ob_addr(o, ip->ver, ip->src);
	OB_LIT(o, " > ");
	ob_addr(o, ip->ver, ip->dst);
	ob_str(o, m->ver == 6 ? ": ICMP6 " : ": ICMP ");
	pr_type(o, m);
	pr_code_text(o, m);
	pr_fields_text(o, d);
	OB_LIT(o, ", length ");
	ob_u64(o, m->len);
	if (d->matched) {
		OB_LIT(o, ", rtt ");
		pr_ms(o, d->rtt_ns);
		OB_LIT(o, " ms");
		if (d->dup)
			OB_LIT(o, " (DUP!)");
	}
	if (p->verbose) {
		struct dec_payts pt;

		if (dec_payts(d, &pt)) {
			OB_LIT(o, ", payload ts ");
			ob_time_text(o, pt.sec, pt.nsec);
			OB_LIT(o, " (delta ");
			pr_ms(o, pt.delta_ns);
			OB_LIT(o, " ms)");
		}
		OB_LIT(o, ", cksum 0x");
		ob_hex(o, m->cksum, 4);
		ob_str(o, m->cksum_status == DEC_CK_OK	  ? " (ok)"
			  : m->cksum_status == DEC_CK_BAD ? " (bad)"
							  : " (unverified)");
	} else if (m->cksum_status == DEC_CK_BAD) {
		OB_LIT(o, ", bad cksum");
	}
	if (d->flags & DEC_F_MALFORMED) {
		OB_LIT(o, " [malformed: ");
		ob_str(o, d->why);
		ob_char(o, ']');
	} else if (d->flags & DEC_F_TRUNC) {
		OB_LIT(o, " [truncated: ");
		ob_str(o, d->why);
		ob_char(o, ']');
	}
	if (p->verbose && d->nouter)
		pr_outer_text(o, d);
	if (p->verbose && m->q.present)
		pr_quote_text(o, &m->q);
	if (p->verbose && m->ext_off)
		pr_ext_text(o, m);
	if (p->verbose > 1)
		pr_lists_text(o, m);
	if (p->verbose > 1 && m->opt_off) {
		struct dec_ndopt op;
		size_t off = m->opt_off;

		while (dec_ndopt_next(m, &off, &op))
			pr_ndopt_text(o, &op);
	}
	if (p->hex)
		pr_hex(o, d->ip_hdr, d->ip_caplen);
	ob_char(o, '\n');
}

/* JSON --------------------------------------------------------------- */

/* Keys are literals: each key with its comma, quotes and colon is one
 * constant-size copy. */
#define JS_KEY(o, k) OB_LIT(o, ",\"" k "\":")
#define js_u(o, k, v)                                                          \
	do {                                                                   \
		JS_KEY(o, k);                                                  \
		ob_u64(o, v);                                                  \
	} while (0)
#define js_s(o, k, v)                                                          \
	do {                                                                   \
		OB_LIT(o, ",\"" k "\":\"");                                    \
		ob_str(o, v);                                                  \
		ob_char(o, '"');                                               \
	} while (0)
#define js_addr(o, k, ver, a)                                                  \
	do {                                                                   \
		OB_LIT(o, ",\"" k "\":\"");                                    \
		ob_addr(o, ver, a);                                            \
		ob_char(o, '"');                                               \
	} while (0)

#define js_b(o, k, v)                                                          \
	do {                                                                   \
		JS_KEY(o, k);                                                  \
		ob_str(o, (v) ? "true" : "false");                             \
	} while (0)

/* Milliseconds with every nanosecond the timestamps carry. */
#define js_ms(o, k, ns)                                                        \
	do {                                                                   \
		JS_KEY(o, k);                                                  \
		ob_fixed(o, ns, 6);                                            \
	} while (0)

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

static void
js_ndval(struct obuf *o, const struct dec_ndopt *op)
{
	struct dec_ndval v;

	if (!dec_ndopt_val(op, &v))
		return;
	switch (op->type) {
	case 7:
		js_u(o, "interval", v.interval);
		break;
	case 14:
		OB_LIT(o, ",\"nonce\":\"");
		pr_hexbytes(o, v.nonce, v.nonce_len);
		ob_char(o, '"');
		break;
	case 24:
	case 38:
		if (v.plen || op->type == 24) {
			OB_LIT(o, ",\"prefix\":\"");
			ob_ip6(o, v.prefix);
			ob_char(o, '/');
			ob_u64(o, v.plen);
			ob_char(o, '"');
		}
		if (op->type == 24)
			js_s(o, "pref", route_pref[v.pref & 3]);
		else
			js_u(o, "plc", v.plc);
		js_u(o, "lifetime", v.lifetime);
		break;
	}
}

static void
js_ndopt(struct obuf *o, const struct dec_ndopt *op, int first)
{
	const char *n = dec_ndopt_name(op->type);
	const uint8_t *b = op->body;
	size_t i;
	int f = 1;

	if (!first)
		ob_char(o, ',');
	OB_LIT(o, "{\"type\":");
	ob_u64(o, op->type);
	if (n)
		js_s(o, "name", n);
	js_u(o, "len", op->len);
	if (op->bad) {
		js_s(o, "error",
		     op->bad == DEC_NDOPT_ZERO	? "zero-length"
		     : op->bad == DEC_NDOPT_CUT ? "truncated"
						: "overrun");
		ob_char(o, '}');
		return;
	}
	switch (op->type) {
	case 1:
	case 2:
		if (op->body_len >= 6) {
			OB_LIT(o, ",\"mac\":\"");
			ob_mac(o, b);
			ob_char(o, '"');
		}
		break;
	case 3:
		if (op->body_len >= 30) {
			OB_LIT(o, ",\"prefix\":\"");
			ob_ip6(o, b + 14);
			ob_char(o, '/');
			ob_u64(o, b[0]);
			ob_char(o, '"');
			OB_LIT(o, ",\"onlink\":");
			ob_str(o, (b[1] & 0x80) ? "true" : "false");
			OB_LIT(o, ",\"auto\":");
			ob_str(o, (b[1] & 0x40) ? "true" : "false");
			js_u(o, "valid", rd_be32(b + 2));
			js_u(o, "preferred", rd_be32(b + 6));
		}
		break;
	case 5:
		if (op->body_len >= 6)
			js_u(o, "mtu", rd_be32(b + 2));
		break;
	case 25:
		if (op->body_len >= 6) {
			js_u(o, "lifetime", rd_be32(b + 2));
			OB_LIT(o, ",\"servers\":[");
			for (i = 6; i + 16 <= op->body_len; i += 16) {
				if (!f)
					ob_char(o, ',');
				f = 0;
				ob_char(o, '"');
				ob_ip6(o, b + i);
				ob_char(o, '"');
			}
			ob_char(o, ']');
		}
		break;
	case 7:
	case 14:
	case 24:
	case 38:
		js_ndval(o, op);
		break;
	case 31:
		if (op->body_len >= 6) {
			js_u(o, "lifetime", rd_be32(b + 2));
			OB_LIT(o, ",\"domains\":[");
			for (i = 6; i < op->body_len && b[i];) {
				if (!f)
					ob_char(o, ',');
				f = 0;
				ob_char(o, '"');
				i += pr_dnsname(o, b + i, op->body_len - i);
				ob_char(o, '"');
			}
			ob_char(o, ']');
		}
		break;
	}
	ob_char(o, '}');
}

static void
js_xecho(struct obuf *o, const struct dec_icmp *m)
{
	const char *sn;

	if (m->type == 42 || m->type == 160) {
		js_b(o, "local", m->flags & 1);
		return;
	}
	js_u(o, "state", m->flags >> 5);
	sn = dec_xecho_state_name(m->flags >> 5);
	if (sn)
		js_s(o, "state_name", sn);
	js_b(o, "active", m->flags & 4);
	js_b(o, "ipv4", m->flags & 2);
	js_b(o, "ipv6", m->flags & 1);
}

static void
js_rpl(struct obuf *o, const struct dec_icmp *m)
{
	switch (m->code) {
	case 1:
		js_u(o, "instance", m->rpl_instance);
		js_u(o, "version", m->rpl_version);
		js_u(o, "rank", m->rank);
		js_u(o, "mop", m->flags >> 3 & 7);
		js_u(o, "prf", m->flags & 7);
		js_u(o, "dtsn", m->rpl_dtsn);
		break;
	case 2:
	case 3:
		js_u(o, "instance", m->rpl_instance);
		js_u(o, "rpl_seq", m->rpl_seq);
		js_u(o, "flags", m->flags);
		if (m->code == 3)
			js_u(o, "status", m->rpl_status);
		break;
	default:
		return;
	}
	if (m->has_dodagid)
		js_addr(o, "dodagid", 6, m->addr);
}

static void
js_fields(struct obuf *o, const struct dec_icmp *m)
{
	if (!m->fields_ok)
		return;
	if (m->ver == 4) {
		switch (m->type) {
		case 3:
			if (m->code == 4)
				js_u(o, "mtu", m->mtu);
			break;
		case 5:
			js_addr(o, "gateway", 4, m->addr);
			break;
		case 9:
			js_u(o, "addrs", m->count);
			js_u(o, "lifetime", m->lifetime);
			break;
		case 12:
			js_u(o, "pointer", m->pointer);
			break;
		case 13:
		case 14:
			js_u(o, "originate", m->ts[0]);
			js_u(o, "receive", m->ts[1]);
			js_u(o, "transmit", m->ts[2]);
			break;
		case 17:
		case 18:
			js_addr(o, "mask", 4, m->addr);
			break;
		case 42:
		case 43:
			js_xecho(o, m);
			break;
		}
		return;
	}
	switch (m->type) {
	case 2:
		js_u(o, "mtu", m->mtu);
		break;
	case 138:
		js_u(o, "rr_seq", m->seq32);
		js_u(o, "segment", m->segment);
		js_u(o, "flags", m->flags);
		js_u(o, "max_delay", m->max_delay);
		break;
	case 139:
	case 140: {
		const char *q = ni_qtype_name(m->qtype);

		js_u(o, "qtype", m->qtype);
		if (q)
			js_s(o, "qtype_name", q);
		js_u(o, "flags", m->flags);
		OB_LIT(o, ",\"nonce\":\"");
		pr_hexbytes(o, m->nonce, 8);
		ob_char(o, '"');
		break;
	}
	case 144:
	case 145:
	case 146:
	case 147:
		js_u(o, "mip_id", m->id);
		if (m->type == 147)
			js_u(o, "flags", m->flags);
		break;
	case 155:
		js_rpl(o, m);
		break;
	case 160:
	case 161:
		js_xecho(o, m);
		break;
	case 4:
		js_u(o, "pointer", m->pointer);
		break;
	case 130:
	case 131:
	case 132:
		js_addr(o, "group", 6, m->addr);
		js_u(o, "max_resp", m->max_resp);
		if (m->type == 130 && m->len >= 28) {
			js_u(o, "sources", m->count);
			js_u(o, "qrv", m->qrv & 7);
			js_u(o, "qqic", m->qqic);
			js_b(o, "suppress", m->qrv & 8);
		}
		break;
	case 143:
		js_u(o, "records", m->count);
		break;
	case 134:
		js_u(o, "hop_limit", m->hop_limit);
		js_u(o, "flags", m->flags);
		js_u(o, "router_lifetime", m->lifetime);
		js_u(o, "reachable", m->reachable);
		js_u(o, "retrans", m->retrans);
		break;
	case 135:
		js_addr(o, "target", 6, m->addr);
		break;
	case 136:
		js_addr(o, "target", 6, m->addr);
		js_u(o, "flags", m->flags >> 29);
		break;
	case 137:
		js_addr(o, "target", 6, m->addr);
		js_addr(o, "dest", 6, m->addr2);
		break;
	}
}

static void
js_lists(struct obuf *o, const struct dec_icmp *m)
{
	const uint8_t *list;
	size_t off = 0, n, i;
	struct dec_ra4 e;
	struct dec_mldrec r;
	const char *rn;

	if (m->ver == 4) {
		if (m->type != 9 || !m->fields_ok || m->entry_size < 2)
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
		return;
	}
	n = dec_addr_list(m, &list);
	if (n || (m->fields_ok &&
		  (m->type == 145 || (m->type == 130 && m->len >= 28)))) {
		ob_str(o, m->type == 145 ? ",\"home_agents\":["
					 : ",\"source_list\":[");
		for (i = 0; i < n; i++) {
			ob_str(o, i ? ",\"" : "\"");
			ob_ip6(o, list + 16 * i);
			ob_char(o, '"');
		}
		ob_char(o, ']');
	}
	if (m->type != 143 || !m->fields_ok)
		return;
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
		OB_LIT(o, ",\"sources\":[");
		for (i = 0; i < r.nsrc_cap; i++) {
			ob_str(o, i ? ",\"" : "\"");
			ob_ip6(o, r.srcs + 16 * i);
			ob_char(o, '"');
		}
		ob_char(o, ']');
		if (r.nsrc_cap < r.nsrc)
			OB_LIT(o, ",\"truncated\":true");
		ob_char(o, '}');
	}
	ob_char(o, ']');
}

static void
js_layer(struct obuf *o, const struct dec_layer *l)
{
	OB_LIT(o, "{\"layer\":\"");
	ob_str(o, dec_layer_name(l->kind));
	ob_char(o, '"');
	switch (l->kind) {
	case DEC_L_IP:
		js_u(o, "ip", l->ver);
		js_addr(o, "src", l->ver, l->src);
		js_addr(o, "dst", l->ver, l->dst);
		js_u(o, "ttl", l->ttl);
		js_u(o, "proto", l->proto);
		break;
	case DEC_L_GRE:
		js_u(o, "proto", l->etype);
		if (l->flags & DEC_LF_KEY)
			js_u(o, "key", l->id);
		if (l->flags & DEC_LF_SEQ)
			js_u(o, "seq", l->seq);
		if (l->flags & DEC_LF_CSUM)
			OB_LIT(o, ",\"csum\":true");
		break;
	case DEC_L_ERSPAN:
		js_u(o, "type", l->ver);
		if (l->ver > 1) {
			js_u(o, "session", l->id);
			js_u(o, "vlan", l->vlan);
			js_u(o, "cos", l->tc);
		}
		break;
	case DEC_L_UDP:
		js_u(o, "sport", l->sport);
		js_u(o, "dport", l->dport);
		break;
	case DEC_L_VXLAN:
		js_u(o, "vni", l->id);
		break;
	case DEC_L_GENEVE:
		js_u(o, "vni", l->id);
		js_u(o, "proto", l->etype);
		break;
	case DEC_L_MPLS:
		js_u(o, "label", l->id);
		js_u(o, "tc", l->tc);
		js_b(o, "s", l->flags & DEC_LF_BOS);
		js_u(o, "ttl", l->ttl);
		if (l->flags & DEC_LF_CW)
			OB_LIT(o, ",\"cw\":true");
		break;
	case DEC_L_ETH:
		OB_LIT(o, ",\"src\":\"");
		ob_mac(o, l->src);
		OB_LIT(o, "\",\"dst\":\"");
		ob_mac(o, l->dst);
		ob_char(o, '"');
		if (l->flags & DEC_LF_VLAN)
			js_u(o, "vlan", l->vlan);
		js_u(o, "ethertype", l->etype);
		break;
	}
	ob_char(o, '}');
}

static void
js_extobj(struct obuf *o, const struct dec_extobj *ob)
{
	const char *n = dec_ext_class_name(ob->cls), *err;
	struct dec_ifinfo r;
	struct dec_mpls e;
	size_t i;

	OB_LIT(o, "{\"class\":");
	ob_u64(o, ob->cls);
	js_u(o, "ctype", ob->ctype);
	if (n)
		js_s(o, "name", n);
	js_u(o, "len", ob->len);
	err = extobj_error(ob);
	if (err)
		js_s(o, "error", err);
	if (ob->body_len && ob->cls == 1 && ob->ctype == 1) {
		OB_LIT(o, ",\"labels\":[");
		for (i = 0; dec_ext_mpls(ob, i, &e); i++) {
			ob_str(o, i ? ",{\"label\":" : "{\"label\":");
			ob_u64(o, e.label);
			js_u(o, "tc", e.tc);
			js_b(o, "s", e.s);
			js_u(o, "ttl", e.ttl);
			ob_char(o, '}');
		}
		ob_char(o, ']');
	} else if (ob->body_len && (ob->cls == 2 || ob->cls == 3)) {
		dec_ext_ifinfo(ob, &r);
		if (ob->cls == 2)
			js_s(o, "role", dec_ext_role_name(r.role));
		if (r.has_ifindex)
			js_u(o, "ifindex", r.ifindex);
		if (r.has_addr) {
			js_u(o, "afi", r.afi);
			OB_LIT(o, ",\"addr\":\"");
			pr_ifaddr(o, &r);
			ob_char(o, '"');
		}
		if (r.has_name) {
			OB_LIT(o, ",\"ifname\":\"");
			ob_json_esc(o, (const char *)r.name, r.name_bytes);
			ob_char(o, '"');
			js_u(o, "name_len", r.name_len);
		}
		if (r.has_mtu)
			js_u(o, "mtu", r.mtu);
		if (r.why && !(ob->bad && r.ran_out))
			js_s(o, "sub_error", r.why);
	}
	ob_char(o, '}');
}

static void
js_ext(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_extobj ob;
	size_t off = (size_t)m->ext_off + 4;
	int first = 1;

	OB_LIT(o, ",\"ext\":{\"version\":");
	ob_u64(o, m->ext_ver);
	js_s(o, "checksum", ext_ck_word(m->ext_cksum_status));
	js_u(o, "cksum", m->ext_cksum);
	js_u(o, "len", m->ext_len);
	if (m->ext_compat)
		OB_LIT(o, ",\"compat\":true");
	if (m->ext_ver == 2) {
		OB_LIT(o, ",\"objects\":[");
		while (dec_extobj_next(m, &off, &ob)) {
			if (!first)
				ob_char(o, ',');
			first = 0;
			js_extobj(o, &ob);
		}
		ob_char(o, ']');
	}
	ob_char(o, '}');
}

void
pr_json(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	const struct dec_icmp *m = &d->icmp;
	const struct dec_ip *ip = &d->ip;
	const char *n = dec_type_name(m->ver, m->type);
	const char *cn = dec_code_name(m->ver, m->type, m->code);
	int i;

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
	if (n) {
		ob_str(o, n);
	} else {
		OB_LIT(o, "type-");
		ob_u64(o, m->type);
	}
	ob_char(o, '"');
	if (cn)
		js_s(o, "code_name", cn);
	js_s(o, "checksum",
	     m->cksum_status == DEC_CK_OK    ? "ok"
	     : m->cksum_status == DEC_CK_BAD ? "bad"
					     : "unverified");
	js_u(o, "len", m->len);
	if (m->has_idseq) {
		js_u(o, "id", m->id);
		js_u(o, "seq", m->seq);
	}
	js_fields(o, m);
	if (p->verbose) {
		js_u(o, "tos", ip->tos);
		if (ip->ver == 4) {
			js_u(o, "ip_id", ip->ipid);
			OB_LIT(o, ",\"df\":");
			ob_str(o, ip->df ? "true" : "false");
		} else {
			js_u(o, "flow", ip->flow);
		}
		js_u(o, "ip_len", ip->tot_len);
		js_u(o, "cksum", m->cksum);
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
	if (d->nouter) {
		OB_LIT(o, ",\"outer\":[");
		for (i = 0; i < d->nouter; i++) {
			if (i)
				ob_char(o, ',');
			js_layer(o, &d->outer[i]);
		}
		ob_char(o, ']');
	}
	if (m->q.present)
		js_quote(o, &m->q);
	if (m->orig_len)
		js_u(o, "orig_len", m->orig_len);
	if (m->ext_off)
		js_ext(o, m);
	/* Only these types have lists: no call for the common ones. */
	if (m->ver == 4 ? m->type == 9
			: m->type == 130 || m->type == 143 || m->type == 145)
		js_lists(o, m);
	/* With -v, as the text: most echoes carry one, and it would cost a
	 * third more output in a plain -j run. */
	if (p->verbose) {
		struct dec_payts pt;

		if (dec_payts(d, &pt)) {
			OB_LIT(o, ",\"payload_ts\":{\"ts\":\"");
			ob_time_iso(o, pt.sec, pt.nsec);
			ob_char(o, '"');
			js_ms(o, "delta_ms", pt.delta_ns);
			js_s(o, "format", dec_payts_name(pt.fmt));
			ob_char(o, '}');
		}
	}
	if (m->opt_off && m->nopts) {
		struct dec_ndopt op;
		size_t off = m->opt_off;
		int first = 1;

		OB_LIT(o, ",\"options\":[");
		while (dec_ndopt_next(m, &off, &op)) {
			js_ndopt(o, &op, first);
			first = 0;
		}
		ob_char(o, ']');
	}
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

/* Statistics ------------------------------------------------------------ */

struct open_list {
	uint64_t frames[20];
	int n;
};

/* Keep the 20 earliest unanswered requests for the report. */
static int
collect_open(const struct trk_entry *e, void *arg)
{
	struct open_list *l = arg;
	int i, max = (int)(sizeof(l->frames) / sizeof(l->frames[0]));

	if (l->n == max && e->frame >= l->frames[max - 1])
		return 0;
	i = l->n < max ? l->n++ : max - 1;
	while (i > 0 && l->frames[i - 1] > e->frame) {
		l->frames[i] = l->frames[i - 1];
		i--;
	}
	l->frames[i] = e->frame;
	return 0;
}

static double
rtt_mdev(const struct trk_stats *s)
{
	double avg, var;

	if (!s->rtt_n)
		return 0;
	avg = s->rtt_sum / (double)s->rtt_n;
	var = s->rtt_sumsq / (double)s->rtt_n - avg * avg;
	return var > 0 ? sqrt(var) : 0;
}

static void
stat_line(struct obuf *o, const char *what, uint64_t v)
{
	OB_LIT(o, "  ");
	ob_str(o, what);
	OB_LIT(o, ": ");
	ob_u64(o, v);
	ob_char(o, '\n');
}

void
pr_stats_text(struct obuf *o, const struct trk *t)
{
	const struct trk_stats *s = &t->st;
	struct open_list ol = {.n = 0};
	int v, ty, c, i;

	OB_LIT(o, "--- icmpkit statistics ---\n");
	stat_line(o, "records", s->records);
	stat_line(o, "icmp messages", s->icmp);
	stat_line(o, "other records", s->not_icmp);
	stat_line(o, "undecodable (cut or malformed before ICMP)",
		  s->undecodable);
	stat_line(o, "non-first fragments", s->fragments);
	stat_line(o, "inside tunnels", s->tunneled);
	stat_line(o, "tunnels nested too deep (not walked)", s->too_deep);
	stat_line(o, "truncated", s->truncated);
	stat_line(o, "malformed", s->malformed);
	stat_line(o, "checksum ok", s->ck_ok);
	stat_line(o, "checksum bad", s->ck_bad);
	stat_line(o, "checksum unverified", s->ck_unverified);
	OB_LIT(o, "by type/code:\n");
	for (v = 0; v < 2; v++)
		for (ty = 0; ty < 256; ty++) {
			if (!s->by_type[v][ty])
				continue;
			for (c = 0; c <= TRK_MAX_CODES; c++) {
				struct dec_icmp m = {.ver = v ? 6 : 4,
						     .type = (uint8_t)ty,
						     .code = (uint8_t)c};

				if (!s->by_code[v][ty][c])
					continue;
				ob_str(o, v ? "  icmp6 " : "  icmp ");
				pr_type(o, &m);
				if (c == TRK_MAX_CODES)
					OB_LIT(o, " (code >= 16)");
				else
					pr_code_text(o, &m);
				OB_LIT(o, ": ");
				ob_u64(o, s->by_code[v][ty][c]);
				ob_char(o, '\n');
			}
		}
	stat_line(o, "requests", s->requests);
	stat_line(o, "replies", s->replies);
	stat_line(o, "matched pairs", s->matched);
	stat_line(o, "duplicate replies", s->dups);
	stat_line(o, "replies without request", s->unmatched_replies);
	stat_line(o, "unanswered requests", trk_unanswered(t));
	stat_line(o, "tracker evictions", s->evictions);
	trk_each_open(t, collect_open, &ol);
	if (ol.n) {
		OB_LIT(o, "  unanswered frames:");
		for (i = 0; i < ol.n; i++) {
			ob_char(o, ' ');
			ob_u64(o, ol.frames[i]);
		}
		if ((uint64_t)ol.n < trk_unanswered(t))
			OB_LIT(o, " ...");
		ob_char(o, '\n');
	}
	if (s->rtt_n) {
		OB_LIT(o, "rtt min/avg/max/mdev = ");
		pr_ms(o, s->rtt_min);
		ob_char(o, '/');
		pr_ms(o, (int64_t)(s->rtt_sum / (double)s->rtt_n));
		ob_char(o, '/');
		pr_ms(o, s->rtt_max);
		ob_char(o, '/');
		pr_ms(o, (int64_t)rtt_mdev(s));
		OB_LIT(o, " ms\nrtt p50/p90/p99 = ");
		pr_ms(o, trk_percentile(t, 50));
		ob_char(o, '/');
		pr_ms(o, trk_percentile(t, 90));
		ob_char(o, '/');
		pr_ms(o, trk_percentile(t, 99));
		OB_LIT(o, " ms\n");
	}
}

void
pr_stats_json(struct obuf *o, const struct trk *t)
{
	const struct trk_stats *s = &t->st;
	struct open_list ol = {.n = 0};
	int v, ty, c, i, first = 1;

	OB_LIT(o, "{\"stats\":{\"records\":");
	ob_u64(o, s->records);
	js_u(o, "icmp", s->icmp);
	js_u(o, "other", s->not_icmp);
	js_u(o, "undecodable", s->undecodable);
	js_u(o, "fragments", s->fragments);
	js_u(o, "tunneled", s->tunneled);
	js_u(o, "too_deep", s->too_deep);
	js_u(o, "truncated", s->truncated);
	js_u(o, "malformed", s->malformed);
	js_u(o, "checksum_ok", s->ck_ok);
	js_u(o, "checksum_bad", s->ck_bad);
	js_u(o, "checksum_unverified", s->ck_unverified);
	OB_LIT(o, ",\"by_type\":[");
	for (v = 0; v < 2; v++)
		for (ty = 0; ty < 256; ty++)
			for (c = 0; c <= TRK_MAX_CODES; c++) {
				if (!s->by_code[v][ty][c])
					continue;
				if (!first)
					ob_char(o, ',');
				first = 0;
				OB_LIT(o, "{\"proto\":");
				ob_str(o, v ? "\"icmp6\"" : "\"icmp\"");
				js_u(o, "type", (unsigned)ty);
				js_u(o, "code", (unsigned)c);
				js_u(o, "count", s->by_code[v][ty][c]);
				ob_char(o, '}');
			}
	ob_char(o, ']');
	js_u(o, "requests", s->requests);
	js_u(o, "replies", s->replies);
	js_u(o, "matched", s->matched);
	js_u(o, "dups", s->dups);
	js_u(o, "unmatched_replies", s->unmatched_replies);
	js_u(o, "unanswered", trk_unanswered(t));
	js_u(o, "evictions", s->evictions);
	trk_each_open(t, collect_open, &ol);
	OB_LIT(o, ",\"unanswered_frames\":[");
	for (i = 0; i < ol.n; i++) {
		if (i)
			ob_char(o, ',');
		ob_u64(o, ol.frames[i]);
	}
	ob_char(o, ']');
	if (s->rtt_n) {
		js_ms(o, "rtt_min_ms", s->rtt_min);
		js_ms(o, "rtt_avg_ms",
		      (int64_t)(s->rtt_sum / (double)s->rtt_n));
		js_ms(o, "rtt_max_ms", s->rtt_max);
		js_ms(o, "rtt_mdev_ms", (int64_t)rtt_mdev(s));
		js_ms(o, "rtt_p50_ms", trk_percentile(t, 50));
		js_ms(o, "rtt_p90_ms", trk_percentile(t, 90));
		js_ms(o, "rtt_p99_ms", trk_percentile(t, 99));
	}
	OB_LIT(o, "}}\n");
}
