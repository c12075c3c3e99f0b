/* ICMP and ICMPv6 messages: one table row per type. */
#include <stddef.h>
#include <string.h>

#include "cksum.h"
#include "icmp.h"

struct icmp_type {
	const char *name;
	uint8_t min_len; /* bytes needed for the fixed fields */
	uint8_t query;	 /* 1 request, 2 reply (tracker) */
	uint8_t pair;	 /* DEC_PAIR_*: which requests and replies match */
	uint8_t error;	 /* quotes a datagram at offset 8 */
	uint8_t ext;	 /* EXT_ERR: RFC 4884 length; EXT_XECHO: at 8 */
	uint8_t list;	 /* a counted list follows (dec_body_check) */
	const char *const *codes;
	uint16_t ncodes;
	void (*decode)(struct dec_pkt *d, struct cur *c);
};

#define CODES(a)  .codes = (a), .ncodes = sizeof(a) / sizeof((a)[0])
#define EXT_ERR	  1
#define EXT_XECHO 2

static const char *const unreach4_codes[] = {
	"net-unreachable",	"host-unreachable", "protocol-unreachable",
	"port-unreachable",	"frag-needed",	    "source-route-failed",
	"net-unknown",		"host-unknown",	    "host-isolated",
	"net-prohibited",	"host-prohibited",  "net-tos-unreachable",
	"host-tos-unreachable", "admin-prohibited", "host-precedence-violation",
	"precedence-cutoff",
};
static const char *const redirect4_codes[] = {
	"redirect-net",
	"redirect-host",
	"redirect-tos-net",
	"redirect-tos-host",
};
static const char *const timex_codes[] = {
	"ttl-exceeded",
	"reassembly-timeout",
};
static const char *const param4_codes[] = {
	"pointer",
	"missing-option",
	"bad-length",
};
static const char *const unreach6_codes[] = {
	"no-route",	    "admin-prohibited",
	"beyond-scope",	    "address-unreachable",
	"port-unreachable", "source-policy-failed",
	"reject-route",	    "source-routing-error",
};
static const char *const timex6_codes[] = {
	"hop-limit-exceeded",
	"reassembly-timeout",
};
static const char *const param6_codes[] = {
	"erroneous-header",
	"unrecognized-next-header",
	"unrecognized-option",
	"incomplete-header-chain",
};
/* RFC 8335 section 4 (a request's code is always 0). */
static const char *const xecho_rep_codes[] = {
	"no-error",
	"malformed-query",
	"no-such-interface",
	"no-such-table-entry",
	"multiple-interfaces",
};
/* RFC 4620 4: subject of a query, status of a reply. */
static const char *const niq_codes[] = {
	"subject-ipv6",
	"subject-name",
	"subject-ipv4",
};
static const char *const nir_codes[] = {
	"success",
	"refused",
	"unknown-qtype",
};
/* RFC 2894 3. */
static const char *const rr_codes[] = {
	[0] = "command",
	[1] = "result",
	[255] = "seq-reset",
};
/* RFC 6550 6: base codes, their secure variants, consistency check. */
static const char *const rpl_codes[] = {
	[0x00] = "dis",
	[0x01] = "dio",
	[0x02] = "dao",
	[0x03] = "dao-ack",
	[0x80] = "secure-dis",
	[0x81] = "secure-dio",
	[0x82] = "secure-dao",
	[0x83] = "secure-dao-ack",
	[0x8a] = "consistency-check",
};

static void
fld_idseq(struct dec_pkt *d, struct cur *c)
{
	d->icmp.id = cur_be16(c);
	d->icmp.seq = cur_be16(c);
	d->icmp.has_idseq = !c->short_read;
}

/* RFC 8335 extended echo: a 16-bit identifier, an 8-bit sequence
 * number, then the L bit (request) or state and A/4/6 bits (reply). */
static void
fld_xecho(struct dec_pkt *d, struct cur *c)
{
	d->icmp.id = cur_be16(c);
	d->icmp.seq = cur_u8(c);
	d->icmp.flags = cur_u8(c);
	d->icmp.has_idseq = !c->short_read;
}

static void
fld_timestamp(struct dec_pkt *d, struct cur *c)
{
	fld_idseq(d, c);
	d->icmp.ts[0] = cur_be32(c);
	d->icmp.ts[1] = cur_be32(c);
	d->icmp.ts[2] = cur_be32(c);
}

static void
fld_mask(struct dec_pkt *d, struct cur *c)
{
	fld_idseq(d, c);
	cur_copy(c, d->icmp.addr, 4);
}

static void
fld_unreach4(struct dec_pkt *d, struct cur *c)
{
	cur_skip(c, 2);
	if (d->icmp.code == DEC_C4_NEEDFRAG)
		d->icmp.mtu = cur_be16(c);
	else
		cur_skip(c, 2);
}

static void
fld_redirect4(struct dec_pkt *d, struct cur *c)
{
	cur_copy(c, d->icmp.addr, 4);
}

static void
fld_param4(struct dec_pkt *d, struct cur *c)
{
	d->icmp.pointer = cur_u8(c);
	cur_skip(c, 3);
}

static void
fld_routeradv4(struct dec_pkt *d, struct cur *c)
{
	d->icmp.count = cur_u8(c);
	d->icmp.entry_size = cur_u8(c);
	d->icmp.lifetime = cur_be16(c);
}

static void
fld_mtu6(struct dec_pkt *d, struct cur *c)
{
	d->icmp.mtu = cur_be32(c);
}

static void
fld_param6(struct dec_pkt *d, struct cur *c)
{
	d->icmp.pointer = cur_be32(c);
}

static void
fld_skip4(struct dec_pkt *d, struct cur *c)
{
	(void)d;
	cur_skip(c, 4);
}

static void
fld_mld(struct dec_pkt *d, struct cur *c)
{
	d->icmp.max_resp = cur_be16(c);
	cur_skip(c, 2);
	cur_copy(c, d->icmp.addr, 16);
	/* An MLDv2 query is longer than 24 bytes (RFC 3810 5.1.13). */
	d->icmp.mld2_query =
		d->icmp.type == DEC_T6_MLD_QUERY && d->icmp.len >= 28;
	if (d->icmp.mld2_query) {
		d->icmp.qrv = cur_u8(c) & 0x0f;
		d->icmp.qqic = cur_u8(c);
		d->icmp.count = cur_be16(c);
	}
}

static void
fld_mld2_report(struct dec_pkt *d, struct cur *c)
{
	cur_skip(c, 2);
	d->icmp.count = cur_be16(c);
}

static void
fld_rs(struct dec_pkt *d, struct cur *c)
{
	cur_skip(c, 4);
	d->icmp.opt_off = 8;
}

static void
fld_ra(struct dec_pkt *d, struct cur *c)
{
	d->icmp.hop_limit = cur_u8(c);
	d->icmp.flags = cur_u8(c);
	d->icmp.lifetime = cur_be16(c);
	d->icmp.reachable = cur_be32(c);
	d->icmp.retrans = cur_be32(c);
	d->icmp.opt_off = 16;
}

static void
fld_ns(struct dec_pkt *d, struct cur *c)
{
	d->icmp.flags = cur_be32(c);
	cur_copy(c, d->icmp.addr, 16);
	d->icmp.opt_off = 24;
}

static void
fld_redirect6(struct dec_pkt *d, struct cur *c)
{
	cur_skip(c, 4);
	cur_copy(c, d->icmp.addr, 16);
	cur_copy(c, d->icmp.addr2, 16);
	d->icmp.opt_off = 40;
}

/* RFC 4620: query type, flags, nonce. */
static void
fld_nodeinfo(struct dec_pkt *d, struct cur *c)
{
	d->icmp.qtype = cur_be16(c);
	d->icmp.flags = cur_be16(c);
	cur_copy(c, d->icmp.nonce, 8);
}

/* RFC 2894: sequence number, segment, flags, maximum delay. */
static void
fld_rr(struct dec_pkt *d, struct cur *c)
{
	d->icmp.seq32 = cur_be32(c);
	d->icmp.segment = cur_u8(c);
	d->icmp.flags = cur_u8(c);
	d->icmp.max_delay = cur_be16(c);
	cur_skip(c, 4);
}

/* RFC 6275 6.5-6.8: an identifier; the prefix advertisement has M/O flags
 * and ND-style options after the header. */
static void
fld_mip6(struct dec_pkt *d, struct cur *c)
{
	d->icmp.id = cur_be16(c);
	d->icmp.flags = cur_u8(c);
	cur_skip(c, 1);
	if (d->icmp.type == DEC_T6_MP_ADV)
		d->icmp.opt_off = 8;
}

/* RFC 6550 6.2-6.5: the base objects' fixed fields (secure variants and
 * the consistency check carry a security section first: name only). */
static void
fld_rpl(struct dec_pkt *d, struct cur *c)
{
	struct dec_icmp *m = &d->icmp;

	m->has_dodagid = 0;
	switch (m->code) {
	case DEC_RPL_DIS: /* flags, reserved */
		m->flags = cur_u8(c);
		cur_skip(c, 1);
		break;
	case DEC_RPL_DIO:
		m->rpl_instance = cur_u8(c);
		m->rpl_version = cur_u8(c);
		m->rank = cur_be16(c);
		m->flags = cur_u8(c);
		m->rpl_dtsn = cur_u8(c);
		cur_skip(c, 2);
		m->has_dodagid = (uint8_t)cur_copy(c, m->addr, 16);
		break;
	case DEC_RPL_DAO: /* D flag says whether a DODAGID follows */
		m->rpl_instance = cur_u8(c);
		m->flags = cur_u8(c);
		cur_skip(c, 1);
		m->rpl_seq = cur_u8(c);
		if (m->flags & 0x40)
			m->has_dodagid = (uint8_t)cur_copy(c, m->addr, 16);
		break;
	case DEC_RPL_DAO_ACK:
		m->rpl_instance = cur_u8(c);
		m->flags = cur_u8(c);
		m->rpl_seq = cur_u8(c);
		m->rpl_status = cur_u8(c);
		if (m->flags & 0x80)
			m->has_dodagid = (uint8_t)cur_copy(c, m->addr, 16);
		break;
	}
}

static const struct icmp_type icmp4_types[256] = {
	[DEC_T4_ECHO_REPLY] = {.name = "echo-reply",
			       .min_len = 8,
			       .query = 2,
			       .pair = DEC_PAIR_ECHO,
			       .decode = fld_idseq},
	[DEC_T4_UNREACH] = {.name = "dest-unreachable",
			    .min_len = 8,
			    .error = 1,
			    .ext = EXT_ERR,
			    CODES(unreach4_codes),
			    .decode = fld_unreach4},
	[DEC_T4_SOURCE_QUENCH] = {.name = "source-quench",
				  .min_len = 8,
				  .error = 1,
				  .decode = fld_skip4},
	[DEC_T4_REDIRECT] = {.name = "redirect",
			     .min_len = 8,
			     .error = 1,
			     CODES(redirect4_codes),
			     .decode = fld_redirect4},
	[DEC_T4_ALT_HOST] = {.name = "alternate-host-address"},
	[DEC_T4_ECHO] = {.name = "echo-request",
			 .min_len = 8,
			 .query = 1,
			 .pair = DEC_PAIR_ECHO,
			 .decode = fld_idseq},
	[DEC_T4_ROUTER_ADV] = {.name = "router-advertisement",
			       .min_len = 8,
			       .list = 1,
			       .decode = fld_routeradv4},
	[DEC_T4_ROUTER_SOL] = {.name = "router-solicitation", .min_len = 8},
	[DEC_T4_TIME_EXCEEDED] = {.name = "time-exceeded",
				  .min_len = 8,
				  .error = 1,
				  .ext = EXT_ERR,
				  CODES(timex_codes),
				  .decode = fld_skip4},
	[DEC_T4_PARAM_PROB] = {.name = "parameter-problem",
			       .min_len = 8,
			       .error = 1,
			       .ext = EXT_ERR,
			       CODES(param4_codes),
			       .decode = fld_param4},
	[DEC_T4_TSTAMP] = {.name = "timestamp-request",
			   .min_len = 20,
			   .query = 1,
			   .pair = DEC_PAIR_TSTAMP,
			   .decode = fld_timestamp},
	[DEC_T4_TSTAMP_REPLY] = {.name = "timestamp-reply",
				 .min_len = 20,
				 .query = 2,
				 .pair = DEC_PAIR_TSTAMP,
				 .decode = fld_timestamp},
	[DEC_T4_INFO] = {.name = "info-request",
			 .min_len = 8,
			 .query = 1,
			 .pair = DEC_PAIR_INFO,
			 .decode = fld_idseq},
	[DEC_T4_INFO_REPLY] = {.name = "info-reply",
			       .min_len = 8,
			       .query = 2,
			       .pair = DEC_PAIR_INFO,
			       .decode = fld_idseq},
	[DEC_T4_MASK] = {.name = "mask-request",
			 .min_len = 12,
			 .query = 1,
			 .pair = DEC_PAIR_MASK,
			 .decode = fld_mask},
	[DEC_T4_MASK_REPLY] = {.name = "mask-reply",
			       .min_len = 12,
			       .query = 2,
			       .pair = DEC_PAIR_MASK,
			       .decode = fld_mask},
	[DEC_T4_TRACEROUTE] = {.name = "traceroute"},
	[DEC_T4_CONV_ERROR] = {.name = "conversion-error"},
	[DEC_T4_DNAME] = {.name = "domain-name-request"},
	[DEC_T4_DNAME_REPLY] = {.name = "domain-name-reply"},
	[DEC_T4_PHOTURIS] = {.name = "photuris"},
	[DEC_T4_XECHO] = {.name = "extended-echo-request",
			  .min_len = 8,
			  .query = 1,
			  .pair = DEC_PAIR_XECHO,
			  .ext = EXT_XECHO,
			  .decode = fld_xecho},
	[DEC_T4_XECHO_REPLY] = {.name = "extended-echo-reply",
				.min_len = 8,
				.query = 2,
				.pair = DEC_PAIR_XECHO,
				CODES(xecho_rep_codes),
				.decode = fld_xecho},
};

static const struct icmp_type icmp6_types[256] = {
	[DEC_T6_UNREACH] = {.name = "dest-unreachable",
			    .min_len = 8,
			    .error = 1,
			    .ext = EXT_ERR,
			    CODES(unreach6_codes),
			    .decode = fld_skip4},
	[DEC_T6_PKT_TOO_BIG] = {.name = "packet-too-big",
				.min_len = 8,
				.error = 1,
				.decode = fld_mtu6},
	[DEC_T6_TIME_EXCEEDED] = {.name = "time-exceeded",
				  .min_len = 8,
				  .error = 1,
				  .ext = EXT_ERR,
				  CODES(timex6_codes),
				  .decode = fld_skip4},
	[DEC_T6_PARAM_PROB] = {.name = "parameter-problem",
			       .min_len = 8,
			       .error = 1,
			       CODES(param6_codes),
			       .decode = fld_param6},
	[DEC_T6_ECHO] = {.name = "echo-request",
			 .min_len = 8,
			 .query = 1,
			 .pair = DEC_PAIR_ECHO,
			 .decode = fld_idseq},
	[DEC_T6_ECHO_REPLY] = {.name = "echo-reply",
			       .min_len = 8,
			       .query = 2,
			       .pair = DEC_PAIR_ECHO,
			       .decode = fld_idseq},
	[DEC_T6_MLD_QUERY] = {.name = "mld-query",
			      .min_len = 24,
			      .list = 1,
			      .decode = fld_mld},
	[DEC_T6_MLD_REPORT] = {.name = "mld-report",
			       .min_len = 24,
			       .decode = fld_mld},
	[DEC_T6_MLD_DONE] = {.name = "mld-done",
			     .min_len = 24,
			     .decode = fld_mld},
	[DEC_T6_ROUTER_SOL] = {.name = "router-solicitation",
			       .min_len = 8,
			       .decode = fld_rs},
	[DEC_T6_ROUTER_ADV] = {.name = "router-advertisement",
			       .min_len = 16,
			       .decode = fld_ra},
	[DEC_T6_NEIGHBOR_SOL] = {.name = "neighbor-solicitation",
				 .min_len = 24,
				 .decode = fld_ns},
	[DEC_T6_NEIGHBOR_ADV] = {.name = "neighbor-advertisement",
				 .min_len = 24,
				 .decode = fld_ns},
	[DEC_T6_REDIRECT] = {.name = "redirect",
			     .min_len = 40,
			     .decode = fld_redirect6},
	[DEC_T6_ROUTER_RENUM] = {.name = "router-renumbering",
				 .min_len = 16,
				 CODES(rr_codes),
				 .decode = fld_rr},
	[DEC_T6_NI_QUERY] = {.name = "node-info-query",
			     .min_len = 16,
			     CODES(niq_codes),
			     .decode = fld_nodeinfo},
	[DEC_T6_NI_REPLY] = {.name = "node-info-reply",
			     .min_len = 16,
			     CODES(nir_codes),
			     .decode = fld_nodeinfo},
	[DEC_T6_IND_SOL] = {.name = "inverse-nd-solicitation"},
	[DEC_T6_IND_ADV] = {.name = "inverse-nd-advertisement"},
	[DEC_T6_MLD2_REPORT] = {.name = "mldv2-report",
				.min_len = 8,
				.list = 1,
				.decode = fld_mld2_report},
	[DEC_T6_HA_DISC] = {.name = "home-agent-discovery-request",
			    .min_len = 8,
			    .decode = fld_mip6},
	[DEC_T6_HA_DISC_REPLY] = {.name = "home-agent-discovery-reply",
				  .min_len = 8,
				  .decode = fld_mip6},
	[DEC_T6_MP_SOL] = {.name = "mobile-prefix-solicitation",
			   .min_len = 8,
			   .decode = fld_mip6},
	[DEC_T6_MP_ADV] = {.name = "mobile-prefix-advertisement",
			   .min_len = 8,
			   .decode = fld_mip6},
	[DEC_T6_CERT_SOL] = {.name = "cert-path-solicitation"},
	[DEC_T6_CERT_ADV] = {.name = "cert-path-advertisement"},
	[DEC_T6_MRD_ADV] = {.name = "multicast-router-advertisement"},
	[DEC_T6_MRD_SOL] = {.name = "multicast-router-solicitation"},
	[DEC_T6_MRD_TERM] = {.name = "multicast-router-termination"},
	[DEC_T6_RPL] = {.name = "rpl-control",
			.min_len = 4,
			CODES(rpl_codes),
			.decode = fld_rpl},
	[DEC_T6_XECHO] = {.name = "extended-echo-request",
			  .min_len = 8,
			  .query = 1,
			  .pair = DEC_PAIR_XECHO,
			  .ext = EXT_XECHO,
			  .decode = fld_xecho},
	[DEC_T6_XECHO_REPLY] = {.name = "extended-echo-reply",
				.min_len = 8,
				.query = 2,
				.pair = DEC_PAIR_XECHO,
				CODES(xecho_rep_codes),
				.decode = fld_xecho},
};

static const struct icmp_type *
type_row(int ver, int type)
{
	if (type < 0 || type > 255)
		return NULL;
	return ver == 6 ? &icmp6_types[type] : &icmp4_types[type];
}

const char *
dec_type_name(int ver, int type)
{
	const struct icmp_type *t = type_row(ver, type);

	return t ? t->name : NULL;
}

const char *
dec_code_name(int ver, int type, int code)
{
	const struct icmp_type *t = type_row(ver, type);

	if (!t || code < 0 || code >= t->ncodes)
		return NULL;
	return t->codes[code];
}

size_t
dec_min_len(int ver, int type)
{
	const struct icmp_type *t = type_row(ver, type);

	return t ? t->min_len : 0;
}

int
dec_query_kind(int ver, int type)
{
	const struct icmp_type *t = type_row(ver, type);

	return t ? t->query : 0;
}

int
dec_query_pair(int ver, int type)
{
	const struct icmp_type *t = type_row(ver, type);

	return t ? t->pair : 0;
}

int
dec_is_error(int ver, int type)
{
	const struct icmp_type *t = type_row(ver, type);

	return t ? t->error : 0;
}

const char *
dec_proto_name(int proto)
{
	switch (proto) {
	case DEC_P_ICMP:
		return "icmp";
	case DEC_P_TCP:
		return "tcp";
	case DEC_P_UDP:
		return "udp";
	case DEC_P_ICMP6:
		return "icmp6";
	case DEC_P_SCTP:
		return "sctp";
	case DEC_P_DCCP:
		return "dccp";
	default:
		return NULL;
	}
}

/* The quoted IPv4 header.  Returns 1 when a transport header follows
 * (the cursor then at it), 0 when the quote ends here. */
static int
quote_ip4(struct dec_quote *q, struct cur *c, const uint8_t *h, size_t avail)
{
	size_t ihl;

	if (avail < 20)
		return 0;
	ihl = (size_t)(h[0] & 0x0f) * 4;
	q->tot_len = rd_be16(h + 2);
	q->ipid = rd_be16(h + 4);
	q->ttl = h[8];
	q->proto = h[9];
	memcpy(q->src, h + 12, 4);
	memcpy(q->dst, h + 16, 4);
	if (ihl < 20 || !cur_skip(c, ihl))
		return 0;
	q->cksum = rd_be16(h + 10);
	q->ck_status = dec_ip4_ck(h, ihl, &q->cksum_expected);
	/* A quoted non-first fragment has no transport header. */
	if (rd_be16(h + 6) & 0x1fff) {
		q->truncated = 0;
		return 0;
	}
	return 1;
}

/* The quoted IPv6 header and its extension chain; as quote_ip4. */
static int
quote_ip6(struct dec_quote *q, struct cur *c, const uint8_t *h, size_t avail)
{
	struct dec_ip ip6;

	if (avail < 40)
		return 0;
	q->tot_len = rd_be16(h + 4) + 40u;
	q->ttl = h[7];
	memcpy(q->src, h + 8, 16);
	memcpy(q->dst, h + 24, 16);
	cur_skip(c, 40);
	memset(&ip6, 0, sizeof(ip6));
	q->proto = dec_ip6_ext(c, h[6], &ip6);
	if (c->short_read)
		return 0;
	if (ip6.frag_off) {
		q->truncated = 0;
		return 0;
	}
	return 1;
}

/* Ports, then what UDP and TCP carry after them. */
static void
quote_ports(struct dec_quote *q, const uint8_t *h, size_t avail)
{
	if (avail < 4)
		return;
	q->has_ports = 1;
	q->sport = rd_be16(h);
	q->dport = rd_be16(h + 2);
	q->truncated = 0;
	if (avail >= 8 && q->proto == DEC_P_UDP) {
		q->has_l4 = 1;
		q->ulen = rd_be16(h + 4);
		q->usum = rd_be16(h + 6);
	} else if (avail >= 8 && q->proto == DEC_P_TCP) {
		q->has_l4 = 1;
		q->tseq = rd_be32(h + 4);
		if (avail >= 14) {
			q->has_ack = 1;
			q->tack = rd_be32(h + 8);
			q->tflags = h[13];
		}
	}
}

/* A quoted ICMP message: type and code, id and sequence for queries. */
static void
quote_icmp(struct dec_quote *q, const uint8_t *h, size_t avail)
{
	const struct icmp_type *t;

	if (avail < 2)
		return;
	q->has_icmp = 1;
	q->itype = h[0];
	q->icode = h[1];
	t = type_row(q->proto == DEC_P_ICMP ? 4 : 6, h[0]);
	if (t->query) {
		if (avail < 8)
			return;
		q->has_idseq = 1;
		q->iid = rd_be16(h + 4);
		/* RFC 8335 extended echo: a sequence number of one byte. */
		q->iseq = t->decode == fld_xecho ? h[6] : rd_be16(h + 6);
	}
	q->truncated = 0;
}

/* The quoted datagram of an error: its IP header, then the first bytes of
 * its transport header, as far as they were captured. */
static void
dec_quote(struct dec_quote *q, struct cur *c)
{
	const uint8_t *h = cur_ptr(c);
	size_t avail = cur_left(c);
	int more;

	memset(q, 0, sizeof(*q));
	q->caplen = (uint16_t)(avail > 0xffff ? 0xffff : avail);
	if (avail < 1)
		return;
	q->present = 1;
	q->truncated = 1;
	q->ver = h[0] >> 4;
	if (q->ver == 4)
		more = quote_ip4(q, c, h, avail);
	else if (q->ver == 6)
		more = quote_ip6(q, c, h, avail);
	else
		more = 0;
	if (!more)
		return;
	h = cur_ptr(c);
	avail = cur_left(c);
	switch (q->proto) {
	case DEC_P_TCP:
	case DEC_P_UDP:
	case DEC_P_SCTP:
	case DEC_P_DCCP:
		quote_ports(q, h, avail);
		break;
	case DEC_P_ICMP:
	case DEC_P_ICMP6:
		quote_icmp(q, h, avail);
		break;
	default:
		q->truncated = 0;
		break;
	}
}

void
dec_datagram(struct dec_quote *q, const uint8_t *p, size_t len)
{
	struct cur c;

	cur_init(&c, p, len);
	dec_quote(q, &c);
}

static void
dec_cksum(struct dec_pkt *d)
{
	struct dec_icmp *m = &d->icmp;
	uint32_t sum = 0;

	if ((d->flags & (DEC_F_TRUNC | DEC_F_FRAG)) || m->caplen < m->len)
		return;
	if (d->ip.proto == DEC_P_ICMP6)
		sum = ck_pseudo6(d->ip.src,
				 d->ip.has_final_dst ? d->ip.final_dst
						     : d->ip.dst,
				 m->len, 58);
	sum = ck_add(sum, m->data, m->len);
	m->cksum_status = ck_fold(sum) == 0 ? DEC_CK_OK : DEC_CK_BAD;
	if (m->cksum_status == DEC_CK_BAD)
		m->cksum_expected = ck_expected(sum, m->cksum);
}

/* Check the ND options once so that a zero length or an overrun marks the
 * packet; printers walk them again with dec_ndopt_next(). */
static void
dec_ndopts(struct dec_pkt *d)
{
	struct dec_ndopt o;
	size_t off = d->icmp.opt_off;

	while (dec_ndopt_next(&d->icmp, &off, &o)) {
		d->icmp.nopts++;
		if (o.bad == DEC_NDOPT_ZERO)
			dec_flag(d, DEC_F_MALFORMED, "ND option with length 0");
		else if (o.bad == DEC_NDOPT_OVERRUN)
			dec_flag(d, DEC_F_MALFORMED,
				 "ND option beyond message");
		else if (o.bad == DEC_NDOPT_CUT)
			dec_flag(d, DEC_F_TRUNC, "cut in ND option");
	}
}

int
dec_ndopt_next(const struct dec_icmp *m, size_t *off, struct dec_ndopt *o)
{
	size_t lim = m->caplen < m->len ? m->caplen : m->len;
	uint8_t cut = m->caplen < m->len ? DEC_NDOPT_CUT : DEC_NDOPT_OVERRUN;

	if (!m->opt_off || *off >= lim)
		return 0;
	memset(o, 0, sizeof(*o));
	o->type = m->data[*off];
	if (*off + 2 > lim) {
		o->bad = cut;
		*off = lim;
		return 1;
	}
	o->len = (uint16_t)(m->data[*off + 1] * 8);
	o->body = m->data + *off + 2;
	if (o->len == 0) {
		/* Stop here: a zero length would never advance. */
		o->bad = DEC_NDOPT_ZERO;
		*off = lim;
		return 1;
	}
	if (*off + o->len > lim) {
		o->bad = *off + o->len > m->len ? DEC_NDOPT_OVERRUN : cut;
		o->body_len = (uint16_t)(lim - *off - 2);
		*off = lim;
		return 1;
	}
	o->body_len = (uint16_t)(o->len - 2);
	*off += o->len;
	return 1;
}

const char *
dec_ndopt_name(int type)
{
	switch (type) {
	case DEC_ND_SLLA:
		return "slla";
	case DEC_ND_TLLA:
		return "tlla";
	case DEC_ND_PREFIX:
		return "prefix-info";
	case DEC_ND_REDIRECTED:
		return "redirected-header";
	case DEC_ND_MTU:
		return "mtu";
	case DEC_ND_ADV_INTERVAL:
		return "advertisement-interval";
	case DEC_ND_NONCE:
		return "nonce";
	case DEC_ND_ROUTE_INFO:
		return "route-info";
	case DEC_ND_RDNSS:
		return "rdnss";
	case DEC_ND_DNSSL:
		return "dnssl";
	case DEC_ND_PREF64:
		return "pref64";
	default:
		return NULL;
	}
}

int
dec_icmp(struct dec_pkt *d, struct cur *ipc)
{
	struct cur cc = cur_sub(ipc, cur_left(ipc)), *c = &cc;
	struct dec_icmp *m = &d->icmp;
	const struct icmp_type *t;
	int ver = d->ip.proto == DEC_P_ICMP6 ? 6 : 4;

	/* Only the common fields are cleared: type-specific ones are set by
	 * their decoder, and the quote when it is decoded (q.present). */
	memset(m, 0, offsetof(struct dec_icmp, mtu));
	m->q.present = 0;
	m->ver = (uint8_t)ver;
	m->data = cur_ptr(c);
	m->caplen = (uint32_t)cur_left(c);
	m->len = (uint32_t)(d->ip.tot_len - d->ip.hdr_len);
	if (m->caplen < 2) {
		if (m->len < 2)
			dec_flag(d, DEC_F_MALFORMED,
				 "IP length leaves no room for ICMP");
		else
			dec_flag(d, DEC_F_LINKTRUNC,
				 "cut before ICMP type and code");
		return DEC_NOT_ICMP;
	}
	if (m->caplen < m->len)
		dec_flag(d, DEC_F_TRUNC, "cut by the snapshot length");
	m->type = cur_u8(c);
	m->code = cur_u8(c);
	m->cksum = cur_be16(c);
	/* The cursor ends where the message or the capture does: a short
	 * read is a truncation only if the capture was the shorter. */
	if (c->short_read)
		dec_flag(d, m->caplen < m->len ? DEC_F_TRUNC : DEC_F_MALFORMED,
			 "ICMP header cut short");
	t = type_row(ver, m->type);
	if (t->min_len && m->len < t->min_len)
		dec_flag(d, DEC_F_MALFORMED,
			 "ICMP message shorter than its type");
	/* Run the type's decoder even on a short read: the cursor yields
	 * zeros, so every field the printers may show is set. */
	if (t->decode) {
		t->decode(d, c);
		if (!c->short_read)
			m->fields_ok = 1;
		else if (m->caplen < m->len)
			dec_flag(d, DEC_F_TRUNC, "cut in ICMP fields");
		else
			dec_flag(d, DEC_F_MALFORMED,
				 "ICMP message shorter than its type");
	}
	dec_cksum(d);
	if (t->error && !c->short_read && c->off == 8) {
		struct cur q = *c;

		if (t->ext == EXT_ERR)
			dec_ext_error(d, &q);
		dec_quote(&m->q, &q);
	} else if (t->ext == EXT_XECHO && m->fields_ok) {
		dec_ext_xecho(d);
	}
	if (m->opt_off && !c->short_read)
		dec_ndopts(d);
	if (t->list && m->fields_ok)
		dec_body_check(d);
	return DEC_ICMP;
}
