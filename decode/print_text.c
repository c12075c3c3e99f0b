/* The text format: one line per message after tcpdump -nn, with -v and
 * -vv adding lines below it. */
#include "print_int.h"

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
		/* With an interface the line starts with the direction. */
		if (!d->ifname && !l->sll_ifindex) {
			if (l->sll_pkttype < 5)
				ob_str(o, dir[l->sll_pkttype]);
			else
				ob_u64(o, l->sll_pkttype);
			ob_char(o, ' ');
		}
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
		ob_str(o, l->ethertype == DEC_ETH_IPV6 ? "IPv6" : "IPv4");
		OB_LIT(o, ", ");
	}
	OB_LIT(o, "length ");
	ob_u64(o, d->wirelen);
	OB_LIT(o, ": ");
}

/* tcpdump 4.99's "eth0  In  " before each line of a capture on "any"
 * (SLL2) or with known interfaces (pcapng): the name padded to five, or
 * the index when no name is known; the direction in three. */
static void
pr_ifdir_text(struct obuf *o, const struct dec_pkt *d)
{
	static const char *const dir[] = {"In ", "B  ", "M  ", "P  ", "Out"};
	const struct dec_link *l = &d->link;
	size_t n;
	int k = l->has_sll		  ? (int)l->sll_pkttype
		: d->ifdir == DEC_DIR_IN  ? 0
		: d->ifdir == DEC_DIR_OUT ? 4
					  : -1;

	if (d->ifname) {
		ob_str(o, d->ifname);
		for (n = strlen(d->ifname); n < 5; n++)
			ob_char(o, ' ');
		ob_char(o, ' ');
	} else if (l->sll_ifindex) {
		OB_LIT(o, "ifindex ");
		ob_u64(o, l->sll_ifindex);
		ob_char(o, ' ');
	} else {
		return;
	}
	if (k >= 5) {
		ob_u64(o, (uint64_t)k);
		ob_char(o, ' ');
	} else if (k >= 0) {
		ob_str(o, dir[k]);
		ob_char(o, ' ');
	}
}

/* A wrong IPv4 header checksum in tcpdump's words, so that the same grep
 * finds both. */
static void
pr_bad_ipck(struct obuf *o, uint16_t field, uint16_t right)
{
	OB_LIT(o, ", bad cksum ");
	ob_hex(o, field, 1);
	OB_LIT(o, " (->");
	ob_hex(o, right, 1);
	OB_LIT(o, ")!");
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
		ob_str(o, ip->proto == DEC_P_ICMP ? "ICMP (1)" : "ICMPv6 (58)");
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
		ob_str(o, ip->proto == DEC_P_ICMP ? "ICMP (1)" : "ICMPv6 (58)");
	}
	OB_LIT(o, ", length ");
	ob_u64(o, ip->tot_len);
	if (ip->ck_status == DEC_CK_BAD)
		pr_bad_ipck(o, ip->cksum, ip->cksum_expected);
	OB_LIT(o, ") ");
}

/* One field of the type's description (fields.h). */
static void
pr_field_text(struct obuf *o, const struct dec_field *f,
	      const struct dec_icmp *m)
{
	uint32_t v = dec_field_uint(f, m);
	const char *n;

	if (f->kind == DEC_FK_BOOL && !(f->fmt & DEC_FF_TEXTNUM)) {
		if (v)
			pr_str(o, &f->text);
		else
			ob_str(o, f->text_off);
		return;
	}
	pr_str(o, &f->text);
	switch (f->kind) {
	case DEC_FK_IP4:
		ob_ip4(o, dec_field_bytes(f, m));
		break;
	case DEC_FK_IP6:
		ob_ip6(o, dec_field_bytes(f, m));
		break;
	case DEC_FK_HEX:
		pr_hexbytes(o, dec_field_bytes(f, m), f->size);
		break;
	case DEC_FK_INT:
		ob_i64(o, dec_field_int(f, m));
		break;
	case DEC_FK_FLAGS:
		pr_bits(o, v, f->letters, f->top);
		break;
	case DEC_FK_ENUM:
		n = f->name((int)v);
		if (n)
			ob_str(o, n);
		else
			ob_u64(o, v);
		break;
	default:
		ob_u64(o, v);
		break;
	}
	if (f->suffix.n)
		pr_str(o, &f->suffix);
}

static void
pr_fields_text(struct obuf *o, const struct dec_icmp *m)
{
	size_t n, i;
	const struct dec_field *f = dec_fields(m->ver, m->type, &n);

	for (i = 0; i < n; i++)
		if (!(f[i].fmt & DEC_FF_NOTEXT) && dec_field_applies(&f[i], m))
			pr_field_text(o, &f[i], m);
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
		struct dec_icmp im = {.ver = q->proto == DEC_P_ICMP6 ? 6 : 4,
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
	if (q->ck_status == DEC_CK_BAD)
		pr_bad_ipck(o, q->cksum, q->cksum_expected);
	if (q->truncated)
		OB_LIT(o, " [truncated]");
}

/* -vv lists: router advertisement entries, MLDv2 query header and
 * sources, home agent addresses. */
static void
pr_lists_text(struct obuf *o, const struct dec_icmp *m)
{
	const uint8_t *list;
	size_t off = 0, n, i;
	struct dec_ra4 e;

	if (m->ver == 4) {
		while (dec_ra4_next(m, &off, &e)) {
			OB_LIT(o, "\n\t  router ");
			ob_ip4(o, e.addr);
			OB_LIT(o, ", pref ");
			ob_i64(o, e.pref);
		}
		return;
	}
	if (m->mld2_query && m->fields_ok) {
		OB_LIT(o, "\n\t  qrv ");
		ob_u64(o, m->qrv & 7);
		OB_LIT(o, ", qqic ");
		ob_u64(o, m->qqic);
		if (m->qrv & 8)
			OB_LIT(o, ", suppress");
	}
	n = dec_addr_list(m, &list);
	for (i = 0; i < n; i++) {
		ob_str(o, m->type == DEC_T6_HA_DISC_REPLY ? "\n\t  home agent "
							  : "\n\t  source ");
		ob_ip6(o, dec_addr6_at(list, i));
	}
}

/* -vv: MLDv2 report records, as many as the header counts, not what the
 * bytes allow. */
static void
pr_mld2_text(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_mldrec r;
	size_t off = 0, n, i;

	for (n = 0; n < m->count && dec_mld2_next(m, &off, &r); n++) {
		OB_LIT(o, "\n\t  ");
		pr_name(o, dec_mld2_rec_name(r.type), "record-", r.type);
		ob_char(o, ' ');
		ob_ip6(o, r.group);
		OB_LIT(o, ", ");
		ob_u64(o, r.nsrc);
		OB_LIT(o, " sources");
		for (i = 0; i < r.nsrc_cap; i++) {
			ob_str(o, i ? " " : ": ");
			ob_ip6(o, dec_addr6_at(r.srcs, i));
		}
		if (r.nsrc_cap < r.nsrc)
			OB_LIT(o, " [truncated]");
	}
}

/* The classic 16 bytes per line, hex in pairs, with printable ASCII
 * (-X) or without (-x, where tcpdump leaves no padding either). */
static void
pr_hex(struct obuf *o, const uint8_t *p, size_t n, int ascii)
{
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		OB_LIT(o, "\n\t0x");
		ob_hex(o, (uint32_t)i, 4);
		OB_LIT(o, ": ");
		for (j = i; j < i + 16 && (ascii || j < n); j++) {
			if (!(j & 1))
				ob_char(o, ' ');
			if (j < n)
				ob_hex(o, p[j], 2);
			else
				OB_LIT(o, "  ");
		}
		if (!ascii)
			continue;
		OB_LIT(o, "  ");
		/* Printable but not space, as tcpdump's column. */
		for (j = i; j < i + 16 && j < n; j++)
			ob_char(o,
				p[j] > 0x20 && p[j] < 0x7f ? (char)p[j] : '.');
	}
}

/* -A as tcpdump prints it: the bytes as text on the lines below, line
 * ends kept, a CR before a line end dropped, other unprintable bytes
 * as dots. */
static void
pr_ascii(struct obuf *o, const uint8_t *p, size_t n)
{
	size_t i;

	ob_char(o, '\n');
	for (i = 0; i < n; i++) {
		uint8_t ch = p[i];

		if (ch == '\r') {
			if (n - i > 2 && p[i + 1] != '\n')
				ob_char(o, '.');
		} else if ((ch > 0x20 && ch < 0x7f) || ch == '\t' ||
			   ch == ' ' || ch == '\n') {
			ob_char(o, (char)ch);
		} else {
			ob_char(o, '.');
		}
	}
}

/* The dump after the line: the record from the IP header on (with any
 * Ethernet padding, as tcpdump), or with -XX/-xx all of it. */
static void
pr_dump(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	int level = p->hex ? p->hex : p->xhex;
	const uint8_t *b = level > 1 ? d->pkt : d->ip_hdr;
	uintptr_t at = (uintptr_t)d->ip_hdr, start = (uintptr_t)d->pkt;
	size_t n = level > 1 ? d->caplen : d->ip_caplen;

	if (!b)
		return;
	/* A caller of dec_ip() has no record around the IP header. */
	if (level < 2 && d->pkt && at >= start && at - start <= d->caplen)
		n = d->caplen - (at - start);
	if (level)
		pr_hex(o, b, n, p->hex != 0);
	else
		pr_ascii(o, b, n);
}

/* -#, then the timestamp as -t, -tt ... say. */
static void
pr_head(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	if (p->number) {
		char tmp[24];
		size_t n = 0;
		uint64_t v = d->frame;

		do {
			tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (n < 5)
			tmp[sizeof(tmp) - ++n] = ' ';
		ob_mem(o, tmp + sizeof(tmp) - n, n);
		OB_LIT(o, "  ");
	}
	switch (p->tstamp) {
	case PR_TS_NONE:
		return;
	case PR_TS_EPOCH:
		ob_time_epoch(o, d->ts_sec, d->ts_nsec);
		break;
	case PR_TS_DELTA:
	case PR_TS_SINCE:
		ob_time_delta(o, d->ts_sec, d->ts_nsec,
			      p->tstamp == PR_TS_DELTA);
		break;
	case PR_TS_DATE:
		ob_time_date(o, d->ts_sec, d->ts_nsec);
		break;
	default:
		ob_time_text(o, d->ts_sec, d->ts_nsec);
		break;
	}
	ob_char(o, ' ');
}

/* Length, match, -v payload timestamp and checksum, damage. */
static void
pr_tail_text(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	const struct dec_icmp *m = &d->icmp;
	struct dec_payts pt;

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
		if (dec_payts(d, &pt)) {
			OB_LIT(o, ", payload ts ");
			ob_time_text(o, pt.sec, pt.nsec);
			OB_LIT(o, " (delta ");
			pr_ms(o, pt.delta_ns);
			OB_LIT(o, " ms)");
		}
		OB_LIT(o, ", cksum 0x");
		ob_hex(o, m->cksum, 4);
		OB_LIT(o, " (");
		ob_str(o, pr_ck_word(m->cksum_status));
		if (m->cksum_status == DEC_CK_BAD) {
			OB_LIT(o, ", should be 0x");
			ob_hex(o, m->cksum_expected, 4);
		}
		ob_char(o, ')');
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
}

void
pr_text(struct obuf *o, const struct dec_pkt *d, const struct pr_opts *p)
{
	const struct dec_icmp *m = &d->icmp;
	const struct dec_ip *ip = &d->ip;

	pr_head(o, d, p);
	pr_ifdir_text(o, d);
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
	/* Only errors quote: no call for the common messages. */
	if (!m->q.present || !pr_say_text(o, m))
		pr_fields_text(o, m);
	pr_tail_text(o, d, p);
	if (p->verbose && d->nouter)
		pr_outer(o, d, 0, 0);
	if (p->verbose && m->q.present)
		pr_quote_text(o, &m->q);
	if (p->verbose && m->ext_off)
		pr_ext_text(o, m);
	if (p->verbose > 1) {
		pr_lists_text(o, m);
		if (m->ver == 6 && m->type == DEC_T6_MLD2_REPORT)
			pr_mld2_text(o, m);
		if (m->opt_off)
			pr_ndopts_text(o, m);
	}
	if (p->hex || p->xhex || p->ascii)
		pr_dump(o, d, p);
	ob_char(o, '\n');
}
