/* The field rows of every type that has fields (fields.h).  Output order
 * is row order; the wire offsets are those of the decoders in icmp.c. */
#include "fields.h"

#include <string.h>

/* Where a field lives in struct dec_icmp, and how big it is there. */
#define AT(fld)                                                                \
	.off = offsetof(struct dec_icmp, fld),                                 \
	.size = sizeof(((struct dec_icmp *)0)->fld)
/* The same for an address of n bytes at the start of a larger array. */
#define AT_N(fld, n) .off = offsetof(struct dec_icmp, fld), .size = (n)
#define WIRE(o, l)   .wire_off = (o), .wire_len = (l)
/* The bare key, and the member prefix the JSON printer copies. */
#define KEY(k)	.json = (k), .json_member = DEC_S(",\"" k "\":")
#define CODE(c) (1u << (c))

#define U(key, label, fld, wo, wl, ...)                                        \
	{                                                                      \
		KEY(key), .text = DEC_S(label), .kind = DEC_FK_UINT, AT(fld),  \
			  WIRE(wo, wl), __VA_ARGS__                            \
	}
#define ADDR(key, label, k, fld, n, wo, ...)                                   \
	{                                                                      \
		KEY(key), .text = DEC_S(label), .kind = (k), AT_N(fld, n),     \
			  WIRE(wo, n), __VA_ARGS__                             \
	}
#define FLAGS(label, fld, letters_, top_, wo, wl, ...)                         \
	{                                                                      \
		KEY("flags"), .text = DEC_S(label), .suffix = DEC_S("]"),      \
			      .kind = DEC_FK_FLAGS, AT(fld),                   \
			      .letters = (letters_), .top = (top_),            \
			      WIRE(wo, wl), __VA_ARGS__                        \
	}
/* A value only JSON shows. */
#define JSON_ONLY .fmt = DEC_FF_NOTEXT
#define UJ(key, fld, wo, wl, ...)                                              \
	{                                                                      \
		KEY(key), .kind = DEC_FK_UINT, AT(fld), WIRE(wo, wl),          \
			  JSON_ONLY, __VA_ARGS__                               \
	}

/* Identifier and sequence number of the queries. */
#define IDSEQ                                                                  \
	U("id", ", id ", id, 4, 2, .when = DEC_FW_IDSEQ),                      \
		U("seq", ", seq ", seq, 6, 2, .when = DEC_FW_IDSEQ)

static const struct dec_field f_idseq[] = {IDSEQ};

static const struct dec_field f4_unreach[] = {
	U("mtu", ", mtu ", mtu, 6, 2, .codes = CODE(DEC_C4_NEEDFRAG)),
};
static const struct dec_field f4_redirect[] = {
	ADDR("gateway", ", gateway ", DEC_FK_IP4, addr, 4, 4),
};
static const struct dec_field f4_routeradv[] = {
	U("addrs", ", ", count, 4, 1, .suffix = DEC_S(" addrs")),
	U("lifetime", ", lifetime ", lifetime, 6, 2),
};
static const struct dec_field f4_param[] = {
	U("pointer", ", pointer ", pointer, 4, 1),
};
static const struct dec_field f4_tstamp[] = {
	IDSEQ,
	U("originate", ", org ", ts[0], 8, 4),
	U("receive", ", recv ", ts[1], 12, 4),
	U("transmit", ", xmit ", ts[2], 16, 4),
};
static const struct dec_field f4_mask[] = {
	IDSEQ,
	ADDR("mask", ", mask ", DEC_FK_IP4, addr, 4, 8),
};

/* RFC 8335: the L bit of a request; state and A/4/6 bits of a reply.
 * The sequence number is one byte there. */
#define XECHO_IDSEQ                                                            \
	U("id", ", id ", id, 4, 2, .when = DEC_FW_IDSEQ),                      \
		U("seq", ", seq ", seq, 6, 1, .when = DEC_FW_IDSEQ)
static const struct dec_field f_xecho_req[] = {
	XECHO_IDSEQ,
	{KEY("local"), .text = DEC_S(", local"), .text_off = ", remote",
	 .kind = DEC_FK_BOOL, AT(flags), .mask = 1, WIRE(7, 1)},
};
#define XECHO_BIT(key, label, sh)                                              \
	{                                                                      \
		KEY(key), .text = DEC_S(label), .kind = DEC_FK_BOOL,           \
			  .fmt = DEC_FF_TEXTNUM, AT(flags), .shift = (sh),     \
			  .mask = 1, WIRE(7, 1)                                \
	}
static const struct dec_field f_xecho_rep[] = {
	XECHO_IDSEQ,
	{KEY("state"), .text = DEC_S(", state "), .kind = DEC_FK_ENUM,
	 AT(flags), .shift = 5, .name = dec_xecho_state_name,
	 .json_name = "state_name", WIRE(7, 1)},
	XECHO_BIT("active", ", active ", 2),
	XECHO_BIT("ipv4", ", ipv4 ", 1),
	XECHO_BIT("ipv6", ", ipv6 ", 0),
};

static const struct dec_field f6_mtu[] = {
	U("mtu", ", mtu ", mtu, 4, 4),
};
static const struct dec_field f6_param[] = {
	U("pointer", ", pointer ", pointer, 4, 4),
};
#define MLD_GROUP                                                              \
	ADDR("group", ", group ", DEC_FK_IP6, addr, 16, 8),                    \
		UJ("max_resp", max_resp, 4, 2)
/* RFC 3810 5.1: QRV and the S flag share an octet; text shows them with
 * the source list at -vv. */
static const struct dec_field f6_mld_query[] = {
	MLD_GROUP,
	U("sources", ", v2, ", count, 26, 2, .when = DEC_FW_MLD2,
	  .suffix = DEC_S(" sources")),
	UJ("qrv", qrv, 24, 1, .when = DEC_FW_MLD2, .mask = 7),
	UJ("qqic", qqic, 25, 1, .when = DEC_FW_MLD2),
	{KEY("suppress"), .kind = DEC_FK_BOOL, .when = DEC_FW_MLD2, JSON_ONLY,
	 AT(qrv), .shift = 3, .mask = 1, WIRE(24, 1)},
};
static const struct dec_field f6_mld[] = {MLD_GROUP};
static const struct dec_field f6_mld2_report[] = {
	U("records", ", ", count, 6, 2, .suffix = DEC_S(" records")),
};
static const struct dec_field f6_ra[] = {
	U("hop_limit", ", hop limit ", hop_limit, 4, 1),
	FLAGS(", flags [", flags, "MOH", 0x80, 5, 1),
	U("router_lifetime", ", router lifetime ", lifetime, 6, 2,
	  .suffix = DEC_S("s")),
	U("reachable", ", reachable ", reachable, 8, 4, .suffix = DEC_S("ms")),
	U("retrans", ", retrans ", retrans, 12, 4, .suffix = DEC_S("ms")),
};
static const struct dec_field f6_ns[] = {
	ADDR("target", ", who has ", DEC_FK_IP6, addr, 16, 8),
};
/* R, S and O are the top three bits of the 32-bit flags word. */
static const struct dec_field f6_na[] = {
	ADDR("target", ", tgt is ", DEC_FK_IP6, addr, 16, 8),
	FLAGS(", flags [", flags, "RSO", 4, 4, 4, .shift = 29),
};
static const struct dec_field f6_redirect[] = {
	ADDR("target", ", ", DEC_FK_IP6, addr, 16, 8),
	ADDR("dest", " to ", DEC_FK_IP6, addr2, 16, 24),
};
static const struct dec_field f6_rr[] = {
	U("rr_seq", ", seq ", seq32, 4, 4),
	U("segment", ", segment ", segment, 8, 1),
	FLAGS(", flags [", flags, "TRASP", 0x80, 9, 1),
	U("max_delay", ", max delay ", max_delay, 10, 2,
	  .suffix = DEC_S(" ms")),
};
static const struct dec_field f6_nodeinfo[] = {
	{KEY("qtype"), .text = DEC_S(", qtype "), .kind = DEC_FK_ENUM,
	 AT(qtype), .name = dec_ni_qtype_name, .json_name = "qtype_name",
	 WIRE(4, 2)},
	FLAGS(", flags [", flags, "SGLCAT", 0x20, 6, 2),
	{KEY("nonce"), .text = DEC_S(", nonce 0x"), .kind = DEC_FK_HEX,
	 AT(nonce), WIRE(8, 8)},
};
static const struct dec_field f6_mip6[] = {
	U("mip_id", ", id ", id, 4, 2),
};
static const struct dec_field f6_mp_adv[] = {
	U("mip_id", ", id ", id, 4, 2),
	FLAGS(", flags [", flags, "MO", 0x80, 6, 1),
};

/* RFC 6550 6.3-6.5: DIO, DAO and DAO-ACK; the DIO's flags octet holds
 * G, MOP and Prf, the DAO's and DAO-ACK's K and D. */
#define DIO	CODE(DEC_RPL_DIO)
#define DAO	CODE(DEC_RPL_DAO)
#define DAO_ACK CODE(DEC_RPL_DAO_ACK)
static const struct dec_field f6_rpl[] = {
	U("instance", ", instance ", rpl_instance, 4, 1,
	  .codes = DIO | DAO | DAO_ACK),
	U("version", ", version ", rpl_version, 5, 1, .codes = DIO),
	U("rank", ", rank ", rank, 6, 2, .codes = DIO),
	U("mop", ", mop ", flags, 8, 1, .codes = DIO, .shift = 3, .mask = 7),
	U("prf", ", prf ", flags, 8, 1, .codes = DIO, .mask = 7),
	U("dtsn", ", dtsn ", rpl_dtsn, 9, 1, .codes = DIO),
	U("rpl_seq", ", seq ", rpl_seq, 7, 1, .codes = DAO),
	U("rpl_seq", ", seq ", rpl_seq, 6, 1, .codes = DAO_ACK),
	UJ("flags", flags, 5, 1, .codes = DAO | DAO_ACK),
	U("status", ", status ", rpl_status, 7, 1, .codes = DAO_ACK),
	ADDR("dodagid", ", dodag ", DEC_FK_IP6, addr, 16, 12, .codes = DIO,
	     .when = DEC_FW_DODAG),
	ADDR("dodagid", ", dodag ", DEC_FK_IP6, addr, 16, 8,
	     .codes = DAO | DAO_ACK, .when = DEC_FW_DODAG),
};

#define ROWS(a)                                                                \
	{                                                                      \
		.f = (a), .n = sizeof(a) / sizeof((a)[0])                      \
	}

const struct dec_type_fields dec_fields4[256] = {
	[DEC_T4_ECHO_REPLY] = ROWS(f_idseq),
	[DEC_T4_UNREACH] = ROWS(f4_unreach),
	[DEC_T4_REDIRECT] = ROWS(f4_redirect),
	[DEC_T4_ECHO] = ROWS(f_idseq),
	[DEC_T4_ROUTER_ADV] = ROWS(f4_routeradv),
	[DEC_T4_PARAM_PROB] = ROWS(f4_param),
	[DEC_T4_TSTAMP] = ROWS(f4_tstamp),
	[DEC_T4_TSTAMP_REPLY] = ROWS(f4_tstamp),
	[DEC_T4_INFO] = ROWS(f_idseq),
	[DEC_T4_INFO_REPLY] = ROWS(f_idseq),
	[DEC_T4_MASK] = ROWS(f4_mask),
	[DEC_T4_MASK_REPLY] = ROWS(f4_mask),
	[DEC_T4_XECHO] = ROWS(f_xecho_req),
	[DEC_T4_XECHO_REPLY] = ROWS(f_xecho_rep),
};

const struct dec_type_fields dec_fields6[256] = {
	[DEC_T6_PKT_TOO_BIG] = ROWS(f6_mtu),
	[DEC_T6_PARAM_PROB] = ROWS(f6_param),
	[DEC_T6_ECHO] = ROWS(f_idseq),
	[DEC_T6_ECHO_REPLY] = ROWS(f_idseq),
	[DEC_T6_MLD_QUERY] = ROWS(f6_mld_query),
	[DEC_T6_MLD_REPORT] = ROWS(f6_mld),
	[DEC_T6_MLD_DONE] = ROWS(f6_mld),
	[DEC_T6_ROUTER_ADV] = ROWS(f6_ra),
	[DEC_T6_NEIGHBOR_SOL] = ROWS(f6_ns),
	[DEC_T6_NEIGHBOR_ADV] = ROWS(f6_na),
	[DEC_T6_REDIRECT] = ROWS(f6_redirect),
	[DEC_T6_ROUTER_RENUM] = ROWS(f6_rr),
	[DEC_T6_NI_QUERY] = ROWS(f6_nodeinfo),
	[DEC_T6_NI_REPLY] = ROWS(f6_nodeinfo),
	[DEC_T6_MLD2_REPORT] = ROWS(f6_mld2_report),
	[DEC_T6_HA_DISC] = ROWS(f6_mip6),
	[DEC_T6_HA_DISC_REPLY] = ROWS(f6_mip6),
	[DEC_T6_MP_SOL] = ROWS(f6_mip6),
	[DEC_T6_MP_ADV] = ROWS(f6_mp_adv),
	[DEC_T6_RPL] = ROWS(f6_rpl),
	[DEC_T6_XECHO] = ROWS(f_xecho_req),
	[DEC_T6_XECHO_REPLY] = ROWS(f_xecho_rep),
};

int64_t
dec_field_int(const struct dec_field *f, const struct dec_icmp *m)
{
	uint32_t v = dec_field_uint(f, m);
	unsigned bits = f->size >= 4 ? 32 : f->size * 8u;

	if (bits < 32 && (v >> (bits - 1) & 1))
		return (int64_t)v - ((int64_t)1 << bits);
	return (int64_t)(int32_t)v;
}

/* Builder direction ---------------------------------------------------- */

const struct dec_field *
dec_field_find(int ver, int type, int code, const char *key)
{
	size_t n, i;
	const struct dec_field *f = dec_fields(ver, type, &n);

	for (i = 0; i < n; i++) {
		if (!f[i].json || !f[i].wire_len || strcmp(f[i].json, key))
			continue;
		if (f[i].codes && (code >= 32 || !(f[i].codes >> code & 1)))
			continue;
		return &f[i];
	}
	return NULL;
}

/* The bits the value occupies in the wire word, before the shift. */
static uint32_t
wire_mask(const struct dec_field *f)
{
	uint32_t all =
		f->wire_len >= 4 ? 0xffffffffu : (1u << (f->wire_len * 8)) - 1;

	return f->mask ? f->mask : all >> f->shift;
}

uint32_t
dec_field_max(const struct dec_field *f)
{
	return wire_mask(f);
}

int
dec_field_put(const struct dec_field *f, uint8_t *msg, size_t len, uint32_t v)
{
	uint32_t w = 0, m = wire_mask(f);
	unsigned i;

	if (!f->wire_len || f->wire_len > 4 ||
	    (size_t)f->wire_off + f->wire_len > len)
		return -1;
	for (i = 0; i < f->wire_len; i++)
		w = w << 8 | msg[f->wire_off + i];
	w = (w & ~(m << f->shift)) | (v & m) << f->shift;
	for (i = f->wire_len; i-- > 0; w >>= 8)
		msg[f->wire_off + i] = (uint8_t)w;
	return 0;
}

int
dec_field_put_bytes(const struct dec_field *f, uint8_t *msg, size_t len,
		    const uint8_t *b)
{
	if (!f->wire_len || (size_t)f->wire_off + f->wire_len > len)
		return -1;
	memcpy(msg + f->wire_off, b, f->wire_len);
	return 0;
}

size_t
dec_fixed_len(int ver, int type, int code)
{
	size_t n, i, len = dec_min_len(ver, type);
	const struct dec_field *f = dec_fields(ver, type, &n);

	if (len < 8)
		len = 8;
	for (i = 0; i < n; i++) {
		size_t end = (size_t)f[i].wire_off + f[i].wire_len;

		if (f[i].codes && (code >= 32 || !(f[i].codes >> code & 1)))
			continue;
		/* An MLDv2 query's and a DODAGID's rows say where those go
		 * when present; they do not make every message longer. */
		if (f[i].when == DEC_FW_FIELDS && end > len)
			len = end;
	}
	return len;
}

size_t
dec_payload_off(const struct dec_icmp *m)
{
	size_t n, i, off = dec_fixed_len(m->ver, m->type, m->code);
	const struct dec_field *f = dec_fields(m->ver, m->type, &n);

	for (i = 0; i < n; i++) {
		size_t end = (size_t)f[i].wire_off + f[i].wire_len;

		if (f[i].json && f[i].when != DEC_FW_FIELDS && end > off &&
		    dec_field_applies(&f[i], m))
			off = end;
	}
	return off;
}

/* Tunnel layers -------------------------------------------------------- */

#define LAT(fld)                                                               \
	.off = offsetof(struct dec_layer, fld),                                \
	.size = sizeof(((struct dec_layer *)0)->fld)
#define LU(key, label, fld, ...)                                               \
	{                                                                      \
		.json = (key), .text = (label), .kind = DEC_LK_UINT, LAT(fld), \
		__VA_ARGS__                                                    \
	}
#define LHEX(key, label, fld, ...)                                             \
	{                                                                      \
		.json = (key), .text = (label), .kind = DEC_LK_HEX, LAT(fld),  \
		__VA_ARGS__                                                    \
	}
#define LFLAG(key, label, bit, ...)                                            \
	{                                                                      \
		.json = (key), .text = (label), .kind = DEC_LK_FLAG,           \
		.need = (bit), __VA_ARGS__                                     \
	}
#define LLIT(s)                                                                \
	{                                                                      \
		.text = (s), .kind = DEC_LK_LIT                                \
	}

static const struct dec_lfield l_ip[] = {
	LU("ip", NULL, ver),
	{.json = "src",
	 .text = "IP ",
	 .text6 = "IP6 ",
	 .kind = DEC_LK_ADDR,
	 LAT(src)},
	{.json = "dst", .text = " > ", .kind = DEC_LK_ADDR, LAT(dst)},
	LU("ttl", " (ttl ", ttl, .text6 = " (hlim "),
	LU("proto", ", proto ", proto, .suffix = ")"),
};
static const struct dec_lfield l_gre[] = {
	LHEX("proto", "GRE (proto 0x", etype),
	LHEX("key", ", key 0x", id, .need = DEC_LF_KEY),
	LU("seq", ", seq ", seq, .need = DEC_LF_SEQ),
	LFLAG("csum", ", csum", DEC_LF_CSUM),
	LLIT(")"),
};
/* ERSPAN type I has no header: session, VLAN and COS from type II on. */
static const struct dec_lfield l_erspan[] = {
	{.json = "type",
	 .text = "ERSPAN type ",
	 .kind = DEC_LK_ROMAN,
	 LAT(ver)},
	LU("session", " (session ", id, .minver = 2),
	LU("vlan", ", vlan ", vlan, .minver = 2, .suffix = ")"),
	LU("cos", NULL, tc, .minver = 2),
};
static const struct dec_lfield l_udp[] = {
	LU("sport", "UDP ", sport),
	LU("dport", " > ", dport),
};
static const struct dec_lfield l_vxlan[] = {
	LU("vni", "VXLAN (vni ", id, .suffix = ")"),
};
static const struct dec_lfield l_geneve[] = {
	LU("vni", "Geneve (vni ", id),
	LHEX("proto", ", proto 0x", etype, .suffix = ")"),
};
static const struct dec_lfield l_mpls[] = {
	LU("label", "MPLS (label ", id),
	LU("tc", ", tc ", tc),
	LFLAG("s", ", [S]", DEC_LF_BOS, .fmt = DEC_LFF_BOOL),
	LU("ttl", ", ttl ", ttl),
	LFLAG("cw", ", control word", DEC_LF_CW),
	LLIT(")"),
};
static const struct dec_lfield l_eth[] = {
	{.json = "src", .text = "ether ", .kind = DEC_LK_MAC, LAT(src)},
	{.json = "dst", .text = " > ", .kind = DEC_LK_MAC, LAT(dst)},
	LU("vlan", " (vlan ", vlan, .need = DEC_LF_VLAN, .suffix = ")"),
	LU("ethertype", NULL, etype),
};

struct layer_fields {
	const struct dec_lfield *f;
	size_t n;
};

#define LROWS(a)                                                               \
	{                                                                      \
		.f = (a), .n = sizeof(a) / sizeof((a)[0])                      \
	}

static const struct layer_fields layer_fields[] = {
	[DEC_L_IP] = LROWS(l_ip),	  [DEC_L_GRE] = LROWS(l_gre),
	[DEC_L_ERSPAN] = LROWS(l_erspan), [DEC_L_UDP] = LROWS(l_udp),
	[DEC_L_VXLAN] = LROWS(l_vxlan),	  [DEC_L_GENEVE] = LROWS(l_geneve),
	[DEC_L_MPLS] = LROWS(l_mpls),	  [DEC_L_ETH] = LROWS(l_eth),
};

const struct dec_lfield *
dec_layer_fields(int kind, size_t *n)
{
	if (kind < 0 ||
	    (size_t)kind >= sizeof(layer_fields) / sizeof(layer_fields[0])) {
		*n = 0;
		return NULL;
	}
	*n = layer_fields[kind].n;
	return layer_fields[kind].f;
}

uint32_t
dec_lfield_uint(const struct dec_lfield *f, const struct dec_layer *l)
{
	const uint8_t *p = dec_lfield_bytes(f, l);
	uint16_t v16;
	uint32_t v;

	if (f->size == 1)
		return *p;
	if (f->size == 2) {
		memcpy(&v16, p, 2);
		return v16;
	}
	memcpy(&v, p, 4);
	return v;
}

const char *
dec_ni_qtype_name(int qtype)
{
	static const char *const names[] = {
		"noop",		  "supported-qtypes", "node-name",
		"node-addresses", "ipv4-addresses",
	};

	return qtype >= 0 && qtype < 5 ? names[qtype] : NULL;
}
