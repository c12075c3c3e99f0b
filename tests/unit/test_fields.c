/* The field description (decode/fields.h): every row well formed, JSON
 * keys unique within a type, every decoded type described, and every
 * row's struct location agreeing with its wire offset as the decoder
 * reads it (what a builder walking the rows the other way relies on). */
#include "../../decode/fields.h"
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[1024];

/* Types whose decoder checks a layout but shows no field. */
static int
no_fields(int ver, int type)
{
	if (ver == 4)
		return type == DEC_T4_SOURCE_QUENCH ||
		       type == DEC_T4_TIME_EXCEEDED;
	return type == DEC_T6_UNREACH || type == DEC_T6_TIME_EXCEEDED ||
	       type == DEC_T6_ROUTER_SOL;
}

/* A 64-byte message of type/code with a fixed pattern after the
 * header. */
static void
dec_pattern(int ver, int type, int code)
{
	uint8_t m[64];
	size_t i;

	for (i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)(i * 37 + 11);
	m[0] = (uint8_t)type;
	m[1] = (uint8_t)code;
	if (ver == 4)
		decode(&d, DEC_DLT_RAW, pkt, mk_icmp4(pkt, m, sizeof(m)));
	else
		decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
}

Test(fields, rows_well_formed)
{
	int v, ty;
	size_t n, i;
	const struct dec_field *f;

	for (v = 4; v <= 6; v += 2)
		for (ty = 0; ty < 256; ty++) {
			f = dec_fields(v, ty, &n);
			for (i = 0; i < n; i++) {
				cr_assert(f[i].kind >= DEC_FK_UINT &&
					  f[i].kind <= DEC_FK_BOOL);
				cr_assert(f[i].json ||
					  (f[i].fmt & DEC_FF_NOJSON));
				cr_assert(f[i].text.n ||
					  (f[i].fmt & DEC_FF_NOTEXT));
				cr_assert(!f[i].json ||
					  f[i].json_member.n ==
						  strlen(f[i].json) + 4);
				cr_assert(f[i].off + f[i].size <=
					  sizeof(struct dec_icmp));
				cr_assert(f[i].kind != DEC_FK_FLAGS ||
					  (f[i].letters && f[i].top));
				cr_assert(f[i].kind != DEC_FK_ENUM ||
					  (f[i].name && f[i].json_name));
				cr_assert(f[i].kind != DEC_FK_BOOL ||
					  (f[i].fmt &
					   (DEC_FF_TEXTNUM | DEC_FF_NOTEXT)) ||
					  f[i].text_off);
				cr_assert(f[i].wire_off + f[i].wire_len <= 40,
					  "v%d type %d row %zu", v, ty, i);
			}
		}
}

/* Two rows may share a key only when no code has both. */
Test(fields, json_keys_unique_per_type)
{
	int v, ty;
	size_t n, i, j;
	const struct dec_field *f;

	for (v = 4; v <= 6; v += 2)
		for (ty = 0; ty < 256; ty++) {
			f = dec_fields(v, ty, &n);
			for (i = 0; i < n; i++)
				for (j = i + 1; j < n; j++) {
					if (!f[i].json || !f[j].json ||
					    strcmp(f[i].json, f[j].json))
						continue;
					cr_assert(f[i].codes && f[j].codes &&
							  !(f[i].codes &
							    f[j].codes),
						  "v%d type %d: key %s twice",
						  v, ty, f[i].json);
				}
		}
}

Test(fields, every_decoded_type_has_rows)
{
	int v, ty;
	size_t n;

	for (v = 4; v <= 6; v += 2)
		for (ty = 0; ty < 256; ty++) {
			if (!dec_type_name(v, ty))
				continue;
			dec_pattern(v, ty, 0);
			dec_fields(v, ty, &n);
			if (d.icmp.fields_ok && !no_fields(v, ty))
				cr_assert(n > 0, "v%d type %d: no rows", v, ty);
		}
}

static uint32_t
wire_uint(const struct dec_field *f)
{
	uint32_t w = 0;
	int i;

	for (i = 0; i < f->wire_len; i++)
		w = w << 8 | d.icmp.data[f->wire_off + i];
	w >>= f->shift;
	return f->mask ? w & f->mask : w;
}

/* Each row that applies reads what its wire offset holds. */
static void
check_wire(int ver, int type, int code)
{
	size_t n, i;
	const struct dec_field *f = dec_fields(ver, type, &n);

	dec_pattern(ver, type, code);
	for (i = 0; i < n; i++) {
		if (!f[i].wire_len || !dec_field_applies(&f[i], &d.icmp))
			continue;
		if (f[i].kind == DEC_FK_IP4 || f[i].kind == DEC_FK_IP6 ||
		    f[i].kind == DEC_FK_HEX)
			cr_assert_eq(memcmp(dec_field_bytes(&f[i], &d.icmp),
					    d.icmp.data + f[i].wire_off,
					    f[i].size),
				     0, "v%d type %d %s", ver, type, f[i].json);
		else
			cr_assert_eq(dec_field_uint(&f[i], &d.icmp),
				     wire_uint(&f[i]), "v%d type %d %s", ver,
				     type, f[i].json);
	}
}

Test(fields, rows_match_the_wire)
{
	int v, ty, c;

	for (v = 4; v <= 6; v += 2)
		for (ty = 0; ty < 256; ty++)
			for (c = 0; c < 5; c++)
				if (dec_type_name(v, ty))
					check_wire(v, ty, c);
}

Test(fields, text_and_json_from_one_row)
{
	/* packet-too-big, MTU 1280 */
	uint8_t m[48] = {2, 0, 0, 0, 0, 0, 0x05, 0x00, 0x60};

	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
	cr_assert(strstr(text_line(&d, 0), "packet-too-big, mtu 1280,"));
	cr_assert(strstr(json_line(&d, 0), ",\"mtu\":1280,"));
}

Test(fields, mld2_query_flag)
{
	uint8_t q1[24] = {130, 0, 0, 0, 0, 10, 0, 0, 0xff, 2};
	uint8_t q2[28] = {130, 0, 0, 0, 0, 10, 0, 0, 0xff, 2};

	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, q1, sizeof(q1)));
	cr_assert_not(d.icmp.mld2_query);
	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, q2, sizeof(q2)));
	cr_assert(d.icmp.mld2_query);
	q2[0] = 131;
	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, q2, sizeof(q2)));
	cr_assert_not(d.icmp.mld2_query);
}

Test(fields, query_pairs)
{
	cr_assert_eq(dec_query_pair(4, DEC_T4_ECHO), DEC_PAIR_ECHO);
	cr_assert_eq(dec_query_pair(4, DEC_T4_ECHO_REPLY), DEC_PAIR_ECHO);
	cr_assert_eq(dec_query_pair(4, DEC_T4_TSTAMP_REPLY), DEC_PAIR_TSTAMP);
	cr_assert_eq(dec_query_pair(4, DEC_T4_INFO), DEC_PAIR_INFO);
	cr_assert_eq(dec_query_pair(4, DEC_T4_MASK_REPLY), DEC_PAIR_MASK);
	cr_assert_eq(dec_query_pair(6, DEC_T6_ECHO), DEC_PAIR_ECHO);
	cr_assert_eq(dec_query_pair(6, DEC_T6_XECHO), DEC_PAIR_XECHO);
	cr_assert_eq(dec_query_pair(4, DEC_T4_XECHO_REPLY), DEC_PAIR_XECHO);
	cr_assert_eq(dec_query_kind(4, DEC_T4_XECHO), 1);
	cr_assert_eq(dec_query_kind(6, DEC_T6_XECHO_REPLY), 2);
	cr_assert_eq(dec_query_pair(4, DEC_T4_UNREACH), 0);
}
