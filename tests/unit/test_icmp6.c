/* ICMPv6 message types, MLD, and ND with their options. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[512];

/* 2001:db8::x */
/* ff02::x */
#define MC6(x) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (x)

/* Quoted datagram of the errors: an IPv6 UDP probe, 48 bytes.  The
 * IPv6 header: payload 8, next 17, hop limit 1, 2001:db8::1 ->
 * 2001:db8::99. */
#define QIP6 0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x11, 0x01, A6(0x01), A6(0x99)
/* The UDP header: sport 40000, dport 33434, length 8. */
#define QUDP6	   0x9c, 0x40, 0x82, 0x9a, 0x00, 0x08, 0x00, 0x00
#define QUOTE_UDP6 QIP6, QUDP6

static void
dec6(const uint8_t *icmp, size_t len)
{
	size_t n = mk_icmp6(pkt, icmp, len);

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.flags, 0, "flags %#x why %s", d.flags,
		     d.why ? d.why : "-");
	cr_assert_eq(d.icmp.ver, 6);
	cr_assert_eq(d.icmp.type, icmp[0]);
	cr_assert_eq(d.icmp.len, len);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
}

static void
expect_udp6_quote(void)
{
	static const uint8_t qs[16] = {A6(0x01)}, qd[16] = {A6(0x99)};

	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.ver, 6);
	cr_assert_eq(d.icmp.q.proto, 17);
	cr_assert_arr_eq(d.icmp.q.src, qs, 16);
	cr_assert_arr_eq(d.icmp.q.dst, qd, 16);
	cr_assert_eq(d.icmp.q.ttl, 1);
	cr_assert_eq(d.icmp.q.tot_len, 48);
	cr_assert_eq(d.icmp.q.has_ports, 1);
	cr_assert_eq(d.icmp.q.sport, 40000);
	cr_assert_eq(d.icmp.q.dport, 33434);
	cr_assert_eq(d.icmp.q.truncated, 0);
}

/* Walk the ND options; fails if the walk does not end. */
static int
walk(struct dec_ndopt *o, int max)
{
	size_t off = d.icmp.opt_off;
	int n = 0;

	while (n < max && dec_ndopt_next(&d.icmp, &off, &o[n]))
		n++;
	cr_assert_lt(n, max, "the option walk does not end");
	return n;
}

/* --- errors and echo ------------------------------------------------ */

Test(icmp6, dest_unreachable_codes)
{
	static const char *const names[8] = {
		"no-route",	    "admin-prohibited",
		"beyond-scope",	    "address-unreachable",
		"port-unreachable", "source-policy-failed",
		"reject-route",	    "source-routing-error"};
	/* type 1, code (below), checksum, unused, quote */
	uint8_t m[56] = {0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0, QUOTE_UDP6};
	int c;

	cr_assert_str_eq(dec_type_name(6, 1), "dest-unreachable");
	cr_assert_eq(dec_is_error(6, 1), 1);
	for (c = 0; c < 8; c++) {
		m[1] = (uint8_t)c;
		dec6(m, sizeof(m));
		cr_assert_str_eq(dec_code_name(6, 1, d.icmp.code), names[c]);
		expect_udp6_quote();
	}
	cr_assert_null(dec_code_name(6, 1, 8));
}

Test(icmp6, packet_too_big_mtu)
{
	/* type 2, code 0, checksum, MTU 1280 */
	uint8_t m[56] = {0x02, 0x00, 0x00, 0x00,      0x00,
			 0x00, 0x05, 0x00, QUOTE_UDP6};

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 2), "packet-too-big");
	cr_assert_eq(d.icmp.mtu, 1280);
	expect_udp6_quote();
	/* all 32 bits count: MTU 0x00010000 */
	m[5] = 0x01;
	m[6] = 0x00;
	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.mtu, 0x10000);
}

Test(icmp6, time_exceeded_codes)
{
	/* type 3, code (below), checksum, unused, quote */
	uint8_t m[56] = {0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0, QUOTE_UDP6};

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 3), "time-exceeded");
	cr_assert_str_eq(dec_code_name(6, 3, 0), "hop-limit-exceeded");
	expect_udp6_quote();
	m[1] = 1;
	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_code_name(6, 3, d.icmp.code),
			 "reassembly-timeout");
}

Test(icmp6, parameter_problem_pointer)
{
	/* type 4, code 1, checksum, pointer 40 */
	uint8_t m[56] = {0x04, 0x01, 0x00, 0x00,      0x00,
			 0x00, 0x00, 0x28, QUOTE_UDP6};

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 4), "parameter-problem");
	cr_assert_str_eq(dec_code_name(6, 4, 0), "erroneous-header");
	cr_assert_str_eq(dec_code_name(6, 4, 1), "unrecognized-next-header");
	cr_assert_str_eq(dec_code_name(6, 4, 2), "unrecognized-option");
	cr_assert_str_eq(dec_code_name(6, 4, 3), "incomplete-header-chain");
	cr_assert_eq(d.icmp.pointer, 40);
	expect_udp6_quote();
	/* a 32-bit pointer */
	m[4] = 0x01;
	m[7] = 0x02;
	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.pointer, 0x01000002u);
}

Test(icmp6, echo_request_and_reply)
{
	/* type 128, code 0, checksum, id 0xbeef, seq 0x0102, data */
	uint8_t m[12] = {0x80, 0x00, 0x00, 0x00, 0xbe, 0xef,
			 0x01, 0x02, 1,	   2,	 3,    4};

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 128), "echo-request");
	cr_assert_eq(dec_query_kind(6, 128), 1);
	cr_assert_eq(d.icmp.has_idseq, 1);
	cr_assert_eq(d.icmp.id, 0xbeef);
	cr_assert_eq(d.icmp.seq, 0x0102);
	m[0] = 129;
	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 129), "echo-reply");
	cr_assert_eq(dec_query_kind(6, 129), 2);
	cr_assert_eq(d.icmp.id, 0xbeef);
	cr_assert_null(dec_type_name(6, 0));
	cr_assert_null(dec_type_name(6, 200));
}

/* --- MLD ------------------------------------------------------------- */

Test(icmp6, mldv1_query_report_done)
{
	/* type 130, code 0, checksum, max response 10000 ms, reserved,
	 * group :: (general query) */
	static const uint8_t q[24] = {0x82, 0x00, 0x00, 0x00, 0x27,
				      0x10, 0x00, 0x00, 0};
	/* type 131, max response 0, group ff02::fb */
	static const uint8_t r[24] = {0x83, 0x00, 0x00, 0x00,	  0x00,
				      0x00, 0x00, 0x00, MC6(0xfb)};
	/* type 132 (done), group ff02::fb */
	static const uint8_t dn[24] = {0x84, 0x00, 0x00, 0x00,	   0x00,
				       0x00, 0x00, 0x00, MC6(0xfb)};
	static const uint8_t zero[16] = {0}, fb[16] = {MC6(0xfb)};

	dec6(q, sizeof(q));
	cr_assert_str_eq(dec_type_name(6, 130), "mld-query");
	cr_assert_eq(d.icmp.max_resp, 10000);
	cr_assert_arr_eq(d.icmp.addr, zero, 16);
	dec6(r, sizeof(r));
	cr_assert_str_eq(dec_type_name(6, 131), "mld-report");
	cr_assert_arr_eq(d.icmp.addr, fb, 16);
	cr_assert_eq(d.icmp.max_resp, 0);
	dec6(dn, sizeof(dn));
	cr_assert_str_eq(dec_type_name(6, 132), "mld-done");
	cr_assert_arr_eq(d.icmp.addr, fb, 16);
}

Test(icmp6, mldv2_query_sources)
{
	static const uint8_t q[60] = {
		/* type 130, code 0, checksum, max response code 1000,
		 * reserved, group ff02::fb */
		0x82, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, MC6(0xfb),
		/* S 0 QRV 2, QQIC 125, 2 sources */
		0x02, 0x7d, 0x00, 0x02,
		/* sources 2001:db8::1, 2001:db8::2 */
		A6(0x01), A6(0x02)};
	static const uint8_t fb[16] = {MC6(0xfb)};

	dec6(q, sizeof(q));
	cr_assert_eq(d.icmp.max_resp, 1000);
	cr_assert_arr_eq(d.icmp.addr, fb, 16);
	cr_assert_eq(d.icmp.count, 2);
}

Test(icmp6, mldv2_report_records)
{
	static const uint8_t r[64] = {
		/* type 143, code 0, checksum, reserved, 2 records */
		0x8f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
		/* record: CHANGE_TO_EXCLUDE (4), aux 0, 0 sources,
		 * ff02::fb */
		0x04, 0x00, 0x00, 0x00, MC6(0xfb),
		/* record: MODE_IS_EXCLUDE (2), aux 0, 1 source, ff02::3,
		 * source 2001:db8::9 */
		0x02, 0x00, 0x00, 0x01, MC6(0x03), A6(0x09)};

	dec6(r, sizeof(r));
	cr_assert_str_eq(dec_type_name(6, 143), "mldv2-report");
	cr_assert_eq(d.icmp.count, 2);
}

/* --- ND -------------------------------------------------------------- */

Test(icmp6, router_advertisement_fields_and_options)
{
	static const uint8_t mac[6] = {MAC1}, dns[16] = {A6(0x53)};
	static const uint8_t pfx[16] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01};
	struct dec_ndopt o[16];
	int n;

	dec6(P6_RA, sizeof(P6_RA));
	cr_assert_str_eq(dec_type_name(6, 134), "router-advertisement");
	cr_assert_eq(d.icmp.hop_limit, 64);
	cr_assert_eq(d.icmp.flags, 0xc0);
	cr_assert_eq(d.icmp.lifetime, 1800);
	cr_assert_eq(d.icmp.reachable, 30000);
	cr_assert_eq(d.icmp.retrans, 1000);
	cr_assert_eq(d.icmp.opt_off, 16);
	cr_assert_eq(d.icmp.nopts, 5);

	n = walk(o, 16);
	cr_assert_eq(n, 5);
	cr_assert_eq(o[0].type, 1);
	cr_assert_str_eq(dec_ndopt_name(o[0].type), "slla");
	cr_assert_eq(o[0].len, 8);
	cr_assert_eq(o[0].body_len, 6);
	cr_assert_eq(o[0].bad, DEC_NDOPT_OK);
	cr_assert_arr_eq(o[0].body, mac, 6);
	cr_assert_eq(o[0].body, d.icmp.data + 18);

	cr_assert_eq(o[1].type, 5);
	cr_assert_str_eq(dec_ndopt_name(5), "mtu");
	cr_assert_eq(get16(o[1].body + 4), 1500);

	cr_assert_eq(o[2].type, 3);
	cr_assert_str_eq(dec_ndopt_name(3), "prefix-info");
	cr_assert_eq(o[2].len, 32);
	cr_assert_eq(o[2].body_len, 30);
	cr_assert_eq(o[2].body[0], 64);
	cr_assert_eq(o[2].body[1], 0xc0);
	cr_assert_arr_eq(o[2].body + 14, pfx, 16);

	cr_assert_eq(o[3].type, 25);
	cr_assert_str_eq(dec_ndopt_name(25), "rdnss");
	cr_assert_eq(o[3].len, 24);
	cr_assert_arr_eq(o[3].body + 6, dns, 16);

	cr_assert_eq(o[4].type, 31);
	cr_assert_str_eq(dec_ndopt_name(31), "dnssl");
	cr_assert_eq(o[4].body_len, 22);
	cr_assert_eq(memcmp(o[4].body + 6, "\007example\003com", 13), 0);
	for (n = 0; n < 5; n++)
		cr_assert_eq(o[n].bad, DEC_NDOPT_OK, "option %d", n);
}

Test(icmp6, router_solicitation_slla)
{
	/* type 133, code 0, checksum, reserved, SLLA */
	static const uint8_t m[16] = {0x85, 0x00, 0x00, 0x00, 0,   0,
				      0,    0,	  0x01, 0x01, MAC1};
	static const uint8_t mac[6] = {MAC1};
	struct dec_ndopt o[4];

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 133), "router-solicitation");
	cr_assert_eq(d.icmp.opt_off, 8);
	cr_assert_eq(walk(o, 4), 1);
	cr_assert_arr_eq(o[0].body, mac, 6);
}

Test(icmp6, neighbor_solicitation_target)
{
	/* type 135, code 0, checksum, reserved, target 2001:db8::2,
	 * SLLA */
	static const uint8_t m[32] = {0x87, 0x00, 0x00,	    0x00, 0,	0,
				      0,    0,	  A6(0x02), 0x01, 0x01, MAC1};
	static const uint8_t tgt[16] = {A6(0x02)};
	struct dec_ndopt o[4];

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 135), "neighbor-solicitation");
	cr_assert_arr_eq(d.icmp.addr, tgt, 16);
	cr_assert_eq(d.icmp.opt_off, 24);
	cr_assert_eq(d.icmp.nopts, 1);
	cr_assert_eq(walk(o, 4), 1);
	cr_assert_eq(o[0].type, 1);
}

Test(icmp6, neighbor_advertisement_flags_tlla)
{
	/* type 136, code 0, checksum, flags R|S|O, target 2001:db8::2,
	 * TLLA */
	static const uint8_t m[32] = {0x88, 0x00, 0x00,	    0x00, 0xe0, 0,
				      0,    0,	  A6(0x02), 0x02, 0x01, MAC1};
	static const uint8_t tgt[16] = {A6(0x02)};
	struct dec_ndopt o[4];

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 136), "neighbor-advertisement");
	cr_assert_eq(d.icmp.flags, 0xe0000000u);
	cr_assert_arr_eq(d.icmp.addr, tgt, 16);
	cr_assert_eq(walk(o, 4), 1);
	cr_assert_eq(o[0].type, 2);
	cr_assert_str_eq(dec_ndopt_name(2), "tlla");
	/* S only */
	{
		uint8_t s[32];

		memcpy(s, m, 32);
		s[4] = 0x40;
		dec6(s, sizeof(s));
		cr_assert_eq(d.icmp.flags, 0x40000000u);
	}
}

Test(icmp6, redirect_target_dest_options)
{
	static const uint8_t m[96] = {
		/* type 137, code 0, checksum, reserved */
		0x89, 0x00, 0x00, 0x00, 0, 0, 0, 0,
		/* target 2001:db8::fe, destination 2001:db8::99 */
		A6(0xfe), A6(0x99),
		/* TLLA */
		0x02, 0x01, MAC1,
		/* redirected header: type 4, length 6, 6 reserved bytes,
		 * then the start of the redirected packet */
		0x04, 0x06, 0, 0, 0, 0, 0, 0, 0x60, 0x00, 0x00, 0x00, 0x00,
		0x08, 0x11, 0x40, A6(0x01), A6(0x99)};
	static const uint8_t tgt[16] = {A6(0xfe)}, dst[16] = {A6(0x99)};
	struct dec_ndopt o[4];

	dec6(m, sizeof(m));
	cr_assert_str_eq(dec_type_name(6, 137), "redirect");
	cr_assert_arr_eq(d.icmp.addr, tgt, 16);
	cr_assert_arr_eq(d.icmp.addr2, dst, 16);
	cr_assert_eq(d.icmp.opt_off, 40);
	cr_assert_eq(walk(o, 4), 2);
	cr_assert_eq(o[1].type, 4);
	cr_assert_str_eq(dec_ndopt_name(4), "redirected-header");
	cr_assert_eq(o[1].len, 48);
	cr_assert_eq(o[1].body_len, 46);
	cr_assert_eq(o[1].body[6], 0x60);
	cr_assert_eq(d.icmp.q.present, 0, "a redirect is not an error");
}

Test(icmp6, ndopt_names)
{
	cr_assert_str_eq(dec_ndopt_name(14), "nonce");
	cr_assert_str_eq(dec_ndopt_name(24), "route-info");
	cr_assert_str_eq(dec_ndopt_name(38), "pref64");
	cr_assert_null(dec_ndopt_name(0));
	cr_assert_null(dec_ndopt_name(200));
}

/* A zero-length option marks the packet and ends the walk. */
Test(icmp6, ndopt_zero_length_ends_walk)
{
	/* NS, target 2001:db8::2, SLLA, then an option of length 0 and
	 * a valid-looking option after it that must not be reached */
	static const uint8_t m[48] = {
		0x87, 0x00, 0x00, 0x00, 0, 0, 0, 0, A6(0x02), 0x01, 0x01, MAC1,
		0x0e, 0x00, 1,	  2,	3, 4, 5, 6, 0x01,     0x01, MAC1};
	size_t n = mk_icmp6(pkt, m, sizeof(m));
	struct dec_ndopt o[8];

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(d.flags & DEC_F_MALFORMED);
	cr_assert_not(d.flags & DEC_F_TRUNC);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d.icmp.nopts, 2);
	cr_assert_eq(walk(o, 8), 2);
	cr_assert_eq(o[0].bad, DEC_NDOPT_OK);
	cr_assert_eq(o[1].type, 14);
	cr_assert_eq(o[1].len, 0);
	cr_assert_eq(o[1].bad, DEC_NDOPT_ZERO);
}

/* The first option has length 0: the walk yields it and stops. */
Test(icmp6, ndopt_zero_length_first)
{
	/* RS, option type 1 length 0, then bytes */
	static const uint8_t m[24] = {0x85, 0x00, 0x00, 0x00, 0,    0,	  0,
				      0,    0x01, 0x00, MAC1, 0x01, 0x01, MAC1};
	size_t n = mk_icmp6(pkt, m, sizeof(m));
	struct dec_ndopt o[8];

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(d.flags & DEC_F_MALFORMED);
	cr_assert_eq(walk(o, 8), 1);
	cr_assert_eq(o[0].bad, DEC_NDOPT_ZERO);
}

/* An option longer than what is left of the message. */
Test(icmp6, ndopt_overrun_malformed)
{
	/* NS, target, option type 1 length 2 (16 bytes), 8 present */
	static const uint8_t m[32] = {0x87, 0x00, 0x00,	    0x00, 0,	0,
				      0,    0,	  A6(0x02), 0x01, 0x02, MAC1};
	size_t n = mk_icmp6(pkt, m, sizeof(m));
	struct dec_ndopt o[8];

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(d.flags & DEC_F_MALFORMED);
	cr_assert_not(d.flags & DEC_F_TRUNC);
	cr_assert_eq(walk(o, 8), 1);
	cr_assert_eq(o[0].bad, DEC_NDOPT_OVERRUN);
	cr_assert_eq(o[0].len, 16);
	cr_assert_eq(o[0].body_len, 6);
}

/* One stray byte after the last option: no room for type and length. */
Test(icmp6, ndopt_trailing_byte_malformed)
{
	static const uint8_t m[33] = {0x87, 0x00,     0x00, 0x00, 0,	0,   0,
				      0,    A6(0x02), 0x01, 0x01, MAC1, 0x01};
	size_t n = mk_icmp6(pkt, m, sizeof(m));
	struct dec_ndopt o[8];

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(d.flags & DEC_F_MALFORMED);
	cr_assert_eq(walk(o, 8), 2);
	cr_assert_eq(o[1].bad, DEC_NDOPT_OVERRUN);
}

/* The capture ends inside the prefix option: truncated, not malformed,
 * and the walk ends with a cut option. */
Test(icmp6, ndopt_cut_by_caplen)
{
	size_t n = mk_icmp6(pkt, P6_RA, sizeof(P6_RA));
	struct dec_ndopt o[8];
	size_t cut = 40 + 16 + 8 + 8 + 20; /* 20 bytes into the prefix */

	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, pkt, cut, n), DEC_ICMP);
	cr_assert(d.flags & DEC_F_TRUNC);
	cr_assert_not(d.flags & DEC_F_MALFORMED, "why %s", d.why);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_UNVERIFIED);
	cr_assert_eq(d.icmp.hop_limit, 64);
	cr_assert_eq(walk(o, 8), 3);
	cr_assert_eq(o[0].bad, DEC_NDOPT_OK);
	cr_assert_eq(o[1].bad, DEC_NDOPT_OK);
	cr_assert_eq(o[2].type, 3);
	cr_assert_eq(o[2].bad, DEC_NDOPT_CUT);
	cr_assert_eq(o[2].body_len, 18);

	/* Cut between type and length of an option. */
	cut = 40 + 16 + 1;
	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, pkt, cut, n), DEC_ICMP);
	cr_assert_not(d.flags & DEC_F_MALFORMED);
	cr_assert_eq(walk(o, 8), 1);
	cr_assert_eq(o[0].bad, DEC_NDOPT_CUT);
}

/* Options are not looked for in types that have none. */
Test(icmp6, no_options_outside_nd)
{
	static const uint8_t m[16] = {0x80, 0x00, 0x00, 0x00, 0, 1, 0, 1,
				      0x01, 0x00, 0,	0,    0, 0, 0, 0};
	struct dec_ndopt o[2];

	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.opt_off, 0);
	cr_assert_eq(walk(o, 2), 0);
}
