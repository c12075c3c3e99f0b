/* The lists and less common types: ICMPv4 router advertisement entries,
 * MLDv2 sources and records, RA options (route information, PREF64,
 * nonce, advertisement interval), node information, router renumbering,
 * Mobile IPv6 and RPL. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[1024];

static int
dec4m(const uint8_t *m, size_t n)
{
	return decode(&d, DEC_DLT_RAW, pkt, mk_icmp4(pkt, m, n));
}

static int
dec6m(const uint8_t *m, size_t n)
{
	return decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, n));
}

#define FF02(x) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (x)

Test(types, router_advertisement_v4_entries)
{
	/* type 9, 2 entries of 2 words, lifetime 1800: 192.0.2.1 pref 10,
	 * 192.0.2.2 pref 0x80000000 (never a default router) */
	uint8_t m[24] = {9, 0, 0,  0,	2, 2, 0x07, 0x08, 192,	0,    2,   1, 0,
			 0, 0, 10, 192, 0, 2, 2,    0x80, 0x00, 0x00, 0x00};
	struct dec_ra4 e;
	size_t off = 0;

	dec4m(m, sizeof(m));
	cr_assert_eq(d.flags, 0);
	cr_assert(dec_ra4_next(&d.icmp, &off, &e));
	cr_assert_eq(e.addr[3], 1);
	cr_assert_eq(e.pref, 10);
	cr_assert(dec_ra4_next(&d.icmp, &off, &e));
	cr_assert_eq(e.pref, INT32_MIN);
	cr_assert_not(dec_ra4_next(&d.icmp, &off, &e));
	cr_assert(strstr(text_line(&d, 2),
			 "\n\t  router 192.0.2.1, pref 10\n\t  router "
			 "192.0.2.2, pref -2147483648"),
		  "%s", text_line(&d, 2));
	cr_assert_null(strstr(text_line(&d, 1), "router 192"));
	cr_assert(strstr(json_line(&d, 0),
			 "\"routers\":[{\"addr\":\"192.0.2.1\","
			 "\"pref\":10},{\"addr\":\"192.0.2.2\",\"pref\":"
			 "-2147483648}]"),
		  "%s", json_line(&d, 0));

	m[4] = 3;
	dec4m(m, sizeof(m));
	cr_assert_str_eq(d.why, "router advertisement entries beyond message");
	m[4] = 2;
	m[5] = 1;
	dec4m(m, sizeof(m));
	cr_assert_str_eq(d.why, "router advertisement entry size below 2");
	/* Entry size 3 (a Mobile IP extension word): stride 12. */
	m[4] = 1;
	m[5] = 3;
	dec4m(m, 20);
	cr_assert_eq(d.flags, 0);
	off = 0;
	cr_assert(dec_ra4_next(&d.icmp, &off, &e));
	cr_assert_not(dec_ra4_next(&d.icmp, &off, &e));
}

Test(types, mldv2_query_sources)
{
	/* type 130, max resp 1000, group ff02::fb, S + QRV 2, QQIC 125,
	 * 2 sources */
	uint8_t m[60] = {130,	     0,	   0,	0, 0x03, 0xe8,	0,    0,
			 FF02(0xfb), 0x0a, 125, 0, 2,	 A6(1), A6(2)};
	const uint8_t *l;

	dec6m(m, sizeof(m));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.qrv, 0x0a);
	cr_assert_eq(d.icmp.qqic, 125);
	cr_assert_eq(dec_addr_list(&d.icmp, &l), 2);
	cr_assert_eq(l[15], 1);
	cr_assert_eq(l[31], 2);
	cr_assert(strstr(text_line(&d, 2),
			 "\n\t  qrv 2, qqic 125, suppress\n\t  source "
			 "2001:db8::1\n\t  source 2001:db8::2"),
		  "%s", text_line(&d, 2));
	cr_assert(strstr(json_line(&d, 0),
			 "\"sources\":2,\"qrv\":2,\"qqic\":125,"
			 "\"suppress\":true,\"source_list\":["
			 "\"2001:db8::1\",\"2001:db8::2\"]"),
		  "%s", json_line(&d, 0));
	m[27] = 9;
	dec6m(m, sizeof(m));
	cr_assert_str_eq(d.why, "MLDv2 query sources beyond message");
	cr_assert_eq(dec_addr_list(&d.icmp, &l), 2);
}

Test(types, mldv2_report_records)
{
	uint8_t m[8 + 20 + 32 + 20 + 4] = {
		143, 0, 0, 0, 0, 0, 0, 2,
		/* change-to-include, no aux, 2 sources, ff0e::42 */
		3, 0, 0, 2, 0xff, 0x0e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x42, A6(1), A6(2),
		/* mode-is-include, 1 word aux, 0 sources, ff0e::43 */
		1, 1, 0, 0, 0xff, 0x0e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x43, 0xa0, 0xa0, 0xa0, 0xa0};
	struct dec_mldrec r;
	size_t off = 0, n;

	dec6m(m, sizeof(m));
	cr_assert_eq(d.flags, 0, "why %s", d.why ? d.why : "-");
	cr_assert(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert_eq(r.type, 3);
	cr_assert_str_eq(dec_mld2_rec_name(r.type), "change-to-include");
	cr_assert_eq(r.nsrc, 2);
	cr_assert_eq(r.nsrc_cap, 2);
	cr_assert_eq(r.group[15], 0x42);
	cr_assert(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert_eq(r.type, 1);
	cr_assert_eq(r.aux_len, 1);
	cr_assert_not(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert(strstr(text_line(&d, 2),
			 "\n\t  change-to-include ff0e::42, 2 sources: "
			 "2001:db8::1 2001:db8::2\n\t  mode-is-include "
			 "ff0e::43, 0 sources"),
		  "%s", text_line(&d, 2));
	cr_assert(strstr(json_line(&d, 0),
			 "\"group_records\":[{\"type\":3,\"name\":"
			 "\"change-to-include\",\"group\":\"ff0e::42\","
			 "\"nsrc\":2,\"aux_len\":0,\"sources\":["
			 "\"2001:db8::1\",\"2001:db8::2\"]},"),
		  "%s", json_line(&d, 0));
	/* Cut in the first record's second source. */
	n = mk_icmp6(pkt, m, sizeof(m));
	decode_cap(&d, DEC_DLT_RAW, pkt, 40 + 8 + 20 + 20, n);
	cr_assert(d.flags & DEC_F_TRUNC);
	off = 0;
	cr_assert(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert_eq(r.nsrc_cap, 1);
	cr_assert_not(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert(
		strstr(text_line(&d, 2), "2 sources: 2001:db8::1 [truncated]"));
	/* The header counts one record: the second is not shown. */
	m[7] = 1;
	dec6m(m, sizeof(m));
	cr_assert_null(strstr(text_line(&d, 2), "mode-is-include"));
	cr_assert_null(strstr(json_line(&d, 0), "mode-is-include"));
	m[7] = 2;
	/* A record claiming 7 sources. */
	m[11] = 7;
	dec6m(m, sizeof(m));
	cr_assert_str_eq(d.why, "MLDv2 records beyond message");
	/* More records than the message has. */
	m[11] = 2;
	m[7] = 3;
	dec6m(m, sizeof(m));
	cr_assert_str_eq(d.why, "MLDv2 records beyond message");
}

Test(types, ra_options_route_pref64_interval)
{
	uint8_t m[16 + 16 + 8 + 24 + 16 + 8] = {
		134, 0, 0, 0, 64, 0x08, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
		/* route information /48, high, 3600 s, 8 bytes of prefix */
		24, 2, 48, 0x08, 0, 0, 0x0e, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 7,
		0, 0,
		/* ::/0 low, 600 s */
		24, 1, 0, 0x18, 0, 0, 0x02, 0x58,
		/* route information /128, medium, full prefix */
		24, 3, 128, 0, 0, 0, 0, 1, A6(9),
		/* PREF64 64:ff9b::/96, scaled lifetime 75 (600 s) */
		38, 2, 0x02, 0x58, 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0,
		/* advertisement interval 3000 ms */
		7, 1, 0, 0, 0, 0, 0x0b, 0xb8};
	struct dec_ndopt o;
	struct dec_ndval v;
	size_t off;

	dec6m(m, sizeof(m));
	cr_assert_eq(d.flags, 0);
	off = d.icmp.opt_off;
	cr_assert(dec_ndopt_next(&d.icmp, &off, &o));
	cr_assert(dec_ndopt_val(&o, &v));
	cr_assert_eq(v.plen, 48);
	cr_assert_eq(v.pref, 1);
	cr_assert_eq(v.lifetime, 3600);
	cr_assert_eq(v.prefix[5], 7);
	cr_assert(strstr(text_line(&d, 2),
			 "route-info (24), length 16: 2001:db8:7::/48, "
			 "pref high, lifetime 3600s"),
		  "%s", text_line(&d, 2));
	cr_assert(strstr(text_line(&d, 2),
			 "route-info (24), length 8: ::/0, pref low, "
			 "lifetime 600s"));
	cr_assert(strstr(text_line(&d, 2),
			 "route-info (24), length 24: 2001:db8::9/128, "
			 "pref medium, lifetime 1"));
	cr_assert(strstr(text_line(&d, 2),
			 "pref64 (38), length 16: 64:ff9b::/96, "
			 "lifetime 600s"),
		  "%s", text_line(&d, 2));
	cr_assert(strstr(text_line(&d, 2),
			 "advertisement-interval (7), length 8: 3000 "
			 "ms"));
	cr_assert(strstr(json_line(&d, 0),
			 "{\"type\":24,\"name\":\"route-info\",\"len\":16,"
			 "\"prefix\":\"2001:db8:7::/48\",\"pref\":"
			 "\"high\",\"lifetime\":3600}"),
		  "%s", json_line(&d, 0));
	cr_assert(strstr(json_line(&d, 0),
			 "{\"type\":38,\"name\":\"pref64\",\"len\":16,"
			 "\"prefix\":\"64:ff9b::/96\",\"plc\":0,"
			 "\"lifetime\":600}"));
	cr_assert(strstr(json_line(&d, 0), "\"interval\":3000"));
	/* PLC 6: no prefix length. */
	m[67] = 0x5e;
	dec6m(m, sizeof(m));
	cr_assert(strstr(text_line(&d, 2),
			 "pref64 (38), length 16: 64:ff9b::, plc 6 "
			 "(invalid)"),
		  "%s", text_line(&d, 2));
	cr_assert(strstr(json_line(&d, 0),
			 "\"name\":\"pref64\",\"len\":16,\"plc\":6,"));
	/* A route prefix longer than 128 bits is not shown. */
	m[18] = 129;
	dec6m(m, sizeof(m));
	off = d.icmp.opt_off;
	dec_ndopt_next(&d.icmp, &off, &o);
	cr_assert_not(dec_ndopt_val(&o, &v));
}

Test(types, nonce_option)
{
	uint8_t m[24 + 8] = {135, 0, 0,	   0,	 0,    0,    0,	   0,	A6(1),
			     14,  1, 0x60, 0x69, 0x60, 0x4c, 0x0a, 0xaa};

	dec6m(m, sizeof(m));
	cr_assert(strstr(text_line(&d, 2),
			 "nonce (14), length 8: 0x6069604c0aaa"));
	cr_assert(strstr(json_line(&d, 0), "\"nonce\":\"6069604c0aaa\""));
}

Test(types, node_information)
{
	/* query: node name (qtype 2), subject IPv6 (code 0), nonce */
	uint8_t q[32] = {139, 0, 0, 0, 0, 2, 0, 0,	 1,
			 2,   3, 4, 5, 6, 7, 8, A6(0x20)};
	/* reply: success, node addresses (3), flags A */
	uint8_t r[36] = {140, 0, 0, 0, 0, 3, 0, 2,    1,    2,	     3,
			 4,   5, 6, 7, 8, 0, 0, 0x0e, 0x10, A6(0x20)};

	dec6m(q, sizeof(q));
	cr_assert_eq(d.flags, 0);
	cr_assert_str_eq(dec_type_name(6, 139), "node-info-query");
	cr_assert_str_eq(dec_code_name(6, 139, 2), "subject-ipv4");
	cr_assert_eq(d.icmp.qtype, 2);
	cr_assert_eq(d.icmp.nonce[7], 8);
	cr_assert(strstr(text_line(&d, 0),
			 "node-info-query (subject-ipv6), qtype "
			 "node-name, flags [], nonce "
			 "0x0102030405060708"),
		  "%s", text_line(&d, 0));
	cr_assert(strstr(json_line(&d, 0),
			 "\"qtype\":2,\"qtype_name\":\"node-name\","
			 "\"flags\":0,\"nonce\":\"0102030405060708\""));
	dec6m(r, sizeof(r));
	cr_assert_str_eq(dec_code_name(6, 140, 1), "refused");
	cr_assert(strstr(text_line(&d, 0), "node-info-reply (success), qtype "
					   "node-addresses, flags [A]"),
		  "%s", text_line(&d, 0));
	/* Shorter than 16 bytes: malformed. */
	dec6m(q, 12);
	cr_assert(d.flags & DEC_F_MALFORMED);
}

Test(types, router_renumbering)
{
	uint8_t m[16] = {138, 0, 0, 0, 0, 0, 0, 42, 1, 0x50, 0x01, 0xf4};

	dec6m(m, sizeof(m));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.seq32, 42);
	cr_assert_eq(d.icmp.segment, 1);
	cr_assert_eq(d.icmp.max_delay, 500);
	cr_assert(strstr(text_line(&d, 0),
			 "router-renumbering (command), seq 42, "
			 "segment 1, flags [RS], max delay 500 ms"),
		  "%s", text_line(&d, 0));
	cr_assert(strstr(json_line(&d, 0),
			 "\"rr_seq\":42,\"segment\":1,\"flags\":80,"
			 "\"max_delay\":500"));
	cr_assert_str_eq(dec_code_name(6, 138, 255), "seq-reset");
	cr_assert_null(dec_code_name(6, 138, 2));
}

Test(types, mobile_ipv6)
{
	uint8_t req[8] = {144, 0, 0, 0, 0x11, 0x11, 0, 0};
	uint8_t rep[40] = {145, 0, 0, 0, 0x11, 0x11, 0, 0, A6(1), A6(2)};
	uint8_t mpa[40] = {147,	 0,    0,    0, 0x22, 0x22, 0x80, 0, 3,
			   4,	 64,   0xc0, 0, 1,    0x51, 0x80, 0, 0,
			   0x38, 0x40, 0,    0, 0,    0,    A6(0)};
	const uint8_t *l;

	dec6m(req, sizeof(req));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.has_idseq, 0);
	cr_assert(strstr(text_line(&d, 0),
			 "home-agent-discovery-request, id 4369,"));
	cr_assert(strstr(json_line(&d, 0), "\"mip_id\":4369"));
	cr_assert_null(strstr(json_line(&d, 0), "\"id\""));
	dec6m(rep, sizeof(rep));
	cr_assert_eq(dec_addr_list(&d.icmp, &l), 2);
	cr_assert(strstr(text_line(&d, 2),
			 "\n\t  home agent 2001:db8::1\n\t  home agent "
			 "2001:db8::2"));
	cr_assert(strstr(json_line(&d, 0), "\"home_agents\":[\"2001:db8::1\","
					   "\"2001:db8::2\"]"));
	dec6m(mpa, sizeof(mpa));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.opt_off, 8);
	cr_assert_eq(d.icmp.nopts, 1);
	cr_assert(strstr(text_line(&d, 2),
			 "mobile-prefix-advertisement, id 8738, flags "
			 "[M]"),
		  "%s", text_line(&d, 2));
	cr_assert(strstr(text_line(&d, 2),
			 "prefix-info (3), length 32: 2001:db8::/64"));
}

Test(types, rpl_control)
{
	uint8_t dio[28] = {155, 1, 0, 0,    1,	  3,	1,    0,    0x88,
			   9,	0, 0, 0x20, 0x01, 0x0d, 0xb8, 0x0d, 0x0d};
	uint8_t dao[24] = {155, 2, 0, 0, 1, 0x40, 0, 17, A6(1)};
	uint8_t ack[8] = {155, 3, 0, 0, 1, 0, 17, 0};

	dec6m(dio, sizeof(dio));
	cr_assert_eq(d.flags, 0);
	cr_assert_str_eq(dec_code_name(6, 155, 1), "dio");
	cr_assert_str_eq(dec_code_name(6, 155, 0x8a), "consistency-check");
	cr_assert_null(dec_code_name(6, 155, 4));
	cr_assert(strstr(text_line(&d, 0),
			 "rpl-control (dio), instance 1, version 3, "
			 "rank 256, mop 1, prf 0, dtsn 9, dodag "
			 "2001:db8:d0d::"),
		  "%s", text_line(&d, 0));
	cr_assert(strstr(json_line(&d, 0),
			 "\"instance\":1,\"version\":3,\"rank\":256,"
			 "\"mop\":1,\"prf\":0,\"dtsn\":9,\"dodagid\":"
			 "\"2001:db8:d0d::\""),
		  "%s", json_line(&d, 0));
	dec6m(dao, sizeof(dao));
	cr_assert(strstr(text_line(&d, 0),
			 "rpl-control (dao), instance 1, seq 17, dodag "
			 "2001:db8::1"),
		  "%s", text_line(&d, 0));
	dec6m(ack, sizeof(ack));
	cr_assert(strstr(text_line(&d, 0),
			 "rpl-control (dao-ack), instance 1, seq 17, "
			 "status 0, length 8"),
		  "%s", text_line(&d, 0));
	cr_assert_null(strstr(json_line(&d, 0), "dodagid"));
	/* DAO with the D flag and half a DODAGID. */
	dec6m(dao, 16);
	cr_assert(d.flags & DEC_F_MALFORMED);
	/* A secure variant is named only. */
	dao[1] = 0x82;
	dec6m(dao, sizeof(dao));
	cr_assert_str_eq(dec_code_name(6, 155, 0x82), "secure-dao");
	cr_assert_null(strstr(text_line(&d, 0), "instance"));
}
