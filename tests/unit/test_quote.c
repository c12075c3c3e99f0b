/* The datagrams ICMP errors quote. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[512];

/* 192.0.2.1 -> 203.0.113.9 */
#define Q4_ADDRS 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x09

static const uint8_t QS4[4] = {192, 0, 2, 1}, QD4[4] = {203, 0, 113, 9};

static void
dec4(const uint8_t *icmp, size_t len)
{
	size_t n = mk_icmp4(pkt, icmp, len);

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.flags, 0, "flags %#x why %s", d.flags,
		     d.why ? d.why : "-");
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
}

static void
dec6(const uint8_t *icmp, size_t len)
{
	size_t n = mk_icmp6(pkt, icmp, len);

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.flags, 0, "flags %#x why %s", d.flags,
		     d.why ? d.why : "-");
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
}

static const char *
text_v(void)
{
	static struct sbuf s;
	struct pr_opts o = {.verbose = 1};

	sb_init(&s);
	pr_text(&s.o, &d, &o);
	return sb_str(&s);
}

static const char *
json(void)
{
	static struct sbuf s;
	struct pr_opts o = {0};

	sb_init(&s);
	pr_json(&s.o, &d, &o);
	return sb_str(&s);
}

Test(quote, v4_udp_ports)
{
	static const uint8_t m[36] = {
		/* ICMP port unreachable: type 3, code 3, checksum, unused */
		0x03, 0x03, 0x00, 0x00, 0, 0, 0, 0,
		/* quoted IPv4: length 40, id 0x0bad, ttl 1, proto 17,
		 * header checksum right */
		0x45, 0x00, 0x00, 0x28, 0x0b, 0xad, 0x00, 0x00, 0x01, 0x11,
		0xb0, 0x0d, Q4_ADDRS,
		/* UDP: sport 40000, dport 33434, length 20, checksum */
		0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00, 0x00};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.ver, 4);
	cr_assert_eq(d.icmp.q.proto, 17);
	cr_assert_arr_eq(d.icmp.q.src, QS4, 4);
	cr_assert_arr_eq(d.icmp.q.dst, QD4, 4);
	cr_assert_eq(d.icmp.q.ttl, 1);
	cr_assert_eq(d.icmp.q.tot_len, 40);
	cr_assert_eq(d.icmp.q.ipid, 0x0bad);
	cr_assert_eq(d.icmp.q.has_ports, 1);
	cr_assert_eq(d.icmp.q.sport, 40000);
	cr_assert_eq(d.icmp.q.dport, 33434);
	cr_assert_eq(d.icmp.q.has_icmp, 0);
	cr_assert_eq(d.icmp.q.truncated, 0);
	cr_assert_eq(d.icmp.q.caplen, 28);
	cr_assert(strstr(text_v(), "\n\tquoted: IP 192.0.2.1.40000 > "
				   "203.0.113.9.33434: udp, ttl 1, length "
				   "40\n"),
		  "%s", text_v());
	cr_assert(strstr(json(), ",\"quoted\":{\"ip\":4,\"src\":\"192.0.2.1\","
				 "\"dst\":\"203.0.113.9\",\"ttl\":1,\"proto\":"
				 "\"udp\",\"len\":40,\"ip_checksum\":\"ok\","
				 "\"sport\":40000,\"dport\":33434}"),
		  "%s", json());
}

/* The quoted IPv4 header's checksum: tcpdump's words with -v, JSON's
 * ip_checksum inside quoted. */
Test(quote, v4_quoted_header_checksum)
{
	uint8_t m[36] = {0x03, 0x03, 0x00, 0x00, 0, 0, 0, 0,
			 /* the quote of v4_udp_ports, its checksum 0 */
			 0x45, 0x00, 0x00, 0x28, 0x0b, 0xad, 0x00, 0x00, 0x01,
			 0x11, 0x00, 0x00, Q4_ADDRS, 0x9c, 0x40, 0x82, 0x9a,
			 0x00, 0x14, 0x00, 0x00};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.ck_status, DEC_CK_BAD);
	cr_assert_eq(d.icmp.q.cksum_expected, 0xb00d);
	cr_assert(strstr(text_v(), ": udp, ttl 1, length 40, bad cksum 0 "
				   "(->b00d)!\n"),
		  "%s", text_v());
	cr_assert(strstr(json(), "\"len\":40,\"ip_checksum\":\"bad\","
				 "\"ip_cksum_expected\":45069,\"sport\""),
		  "%s", json());
	/* the outer header is right */
	cr_assert(
		strstr(json(), ",\"checksum\":\"ok\",\"ip_checksum\":\"ok\","),
		"%s", json());
	/* a quote cut inside its header: nothing verified, no key */
	dec4(m, 8 + 19);
	cr_assert_eq(d.icmp.q.ck_status, DEC_CK_UNVERIFIED);
	cr_assert_null(strstr(json(), "\"quoted\":{\"ip\":4,\"ip_checksum"),
		       "%s", json());
}

Test(quote, v4_tcp_ports)
{
	static const uint8_t m[36] = {
		/* ICMP admin prohibited: type 3, code 13 */
		0x03, 0x0d, 0x00, 0x00, 0, 0, 0, 0,
		/* quoted IPv4: length 60, ttl 63, proto 6 */
		0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x40, 0x00, 0x3f, 0x06,
		0x3d, 0xb0, Q4_ADDRS,
		/* TCP: sport 51000, dport 443, sequence number */
		0xc7, 0x38, 0x01, 0xbb, 0x11, 0x22, 0x33, 0x44};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.proto, 6);
	cr_assert_eq(d.icmp.q.ttl, 63);
	cr_assert_eq(d.icmp.q.has_ports, 1);
	cr_assert_eq(d.icmp.q.sport, 51000);
	cr_assert_eq(d.icmp.q.dport, 443);
	cr_assert_eq(d.icmp.q.truncated, 0);
	cr_assert(strstr(json(), "\"proto\":\"tcp\",\"len\":60,\"ip_checksum\":"
				 "\"ok\",\"sport\":51000,\"dport\":443}"),
		  "%s", json());
}

Test(quote, v4_quoted_icmp_echo)
{
	static const uint8_t m[36] = {
		/* ICMP time exceeded: type 11, code 0 */
		0x0b, 0x00, 0x00, 0x00, 0, 0, 0, 0,
		/* quoted IPv4: length 84, ttl 1, proto 1 */
		0x45, 0x00, 0x00, 0x54, 0x00, 0x02, 0x00, 0x00, 0x01, 0x01,
		0x00, 0x00, Q4_ADDRS,
		/* quoted ICMP echo request: id 0x1234, seq 5 */
		0x08, 0x00, 0xaa, 0xbb, 0x12, 0x34, 0x00, 0x05};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.proto, 1);
	cr_assert_eq(d.icmp.q.has_ports, 0);
	cr_assert_eq(d.icmp.q.has_icmp, 1);
	cr_assert_eq(d.icmp.q.itype, 8);
	cr_assert_eq(d.icmp.q.icode, 0);
	cr_assert_eq(d.icmp.q.has_idseq, 1);
	cr_assert_eq(d.icmp.q.iid, 0x1234);
	cr_assert_eq(d.icmp.q.iseq, 5);
	cr_assert_eq(d.icmp.q.truncated, 0);
	cr_assert(strstr(text_v(), "quoted: IP 192.0.2.1 > 203.0.113.9: "
				   "icmp echo-request, id 4660, seq 5, ttl 1, "
				   "length 84"),
		  "%s", text_v());
	cr_assert(strstr(json(), "\"type\":8,\"code\":0,\"id\":4660,"
				 "\"seq\":5}"));
}

/* Only type and code of the quoted echo: id/seq are not invented. */
Test(quote, v4_quoted_icmp_echo_without_idseq)
{
	static const uint8_t m[32] = {0x0b, 0x00, 0x00, 0x00, 0, 0, 0, 0,
				      /* quoted IPv4, proto 1 */
				      0x45, 0x00, 0x00, 0x54, 0x00, 0x02, 0x00,
				      0x00, 0x01, 0x01, 0x00, 0x00, Q4_ADDRS,
				      /* 4 bytes of the quoted echo request */
				      0x08, 0x00, 0xaa, 0xbb};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.has_icmp, 1);
	cr_assert_eq(d.icmp.q.itype, 8);
	cr_assert_eq(d.icmp.q.has_idseq, 0);
	cr_assert_eq(d.icmp.q.truncated, 1);
}

/* A quoted non-first fragment has no transport header to look for. */
Test(quote, v4_quoted_non_first_fragment)
{
	static const uint8_t m[36] = {
		0x0b, 0x01, 0x00, 0x00, 0, 0, 0, 0,
		/* quoted IPv4: offset 185 (1480 bytes), proto 17 */
		0x45, 0x00, 0x00, 0x28, 0x00, 0x03, 0x00, 0xb9, 0x40, 0x11,
		0x00, 0x00, Q4_ADDRS,
		/* data of the fragment (not UDP ports) */
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.proto, 17);
	cr_assert_eq(d.icmp.q.has_ports, 0);
	cr_assert_eq(d.icmp.q.truncated, 0);
}

/* The message ends 12 bytes into the quoted IP header. */
Test(quote, v4_cut_inside_inner_ip_header)
{
	static const uint8_t m[20] = {
		0x0b, 0x00, 0x00, 0x00, 0, 0, 0, 0,
		/* the first 12 bytes of a quoted IPv4 header */
		0x45, 0x00, 0x00, 0x28, 0x0b, 0xad, 0x00, 0x00, 0x01, 0x11,
		0x00, 0x00};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.ver, 4);
	cr_assert_eq(d.icmp.q.truncated, 1);
	cr_assert_eq(d.icmp.q.caplen, 12);
	cr_assert_eq(d.icmp.q.has_ports, 0);
	cr_assert(strstr(text_v(), "\n\tquoted: IP [truncated]\n"), "%s",
		  text_v());
	cr_assert(strstr(json(), ",\"quoted\":{\"ip\":4,\"truncated\":true}"),
		  "%s", json());
}

/* The capture (not the message) ends inside the quoted header. */
Test(quote, v4_quote_cut_by_capture)
{
	static const uint8_t m[36] = {
		0x03,	  0x03, 0x00, 0x00, 0,	  0,	0,    0,    0x45, 0x00,
		0x00,	  0x28, 0x0b, 0xad, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00,
		Q4_ADDRS, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00, 0x00};
	size_t n = mk_icmp4(pkt, m, sizeof(m)), k;

	for (k = 20 + 8; k < n; k++) {
		cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, pkt, k, n), DEC_ICMP);
		cr_assert(d.flags & DEC_F_TRUNC);
		cr_assert_eq(d.icmp.q.caplen, k - 28, "k %zu", k);
		cr_assert_eq(d.icmp.q.has_ports, k - 28 >= 24, "k %zu", k);
		cr_assert_eq(d.icmp.q.truncated, k > 28 && k - 28 < 24, "k %zu",
			     k);
		cr_assert_eq(d.icmp.q.present, k > 28, "k %zu", k);
	}
}

/* Quoted IHL below 5: addresses are shown, no transport is guessed. */
Test(quote, v4_quote_ihl_below_5)
{
	static const uint8_t m[36] = {0x03, 0x03, 0x00, 0x00, 0, 0, 0, 0,
				      /* quoted IPv4 with IHL 3 */
				      0x43, 0x00, 0x00, 0x28, 0x0b, 0xad, 0x00,
				      0x00, 0x01, 0x11, 0x00, 0x00, Q4_ADDRS,
				      0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00,
				      0x00};

	dec4(m, sizeof(m));
	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.truncated, 1);
	cr_assert_eq(d.icmp.q.has_ports, 0);
	cr_assert_arr_eq(d.icmp.q.src, QS4, 4);
}

/* Quoted IPv6 UDP behind a fragment header (first fragment). */
Test(quote, v6_udp_behind_fragment_header)
{
	static const uint8_t m[64] = {
		/* ICMPv6 port unreachable: type 1, code 4, unused */
		0x01, 0x04, 0x00, 0x00, 0, 0, 0, 0,
		/* quoted IPv6: payload 1240, next 44, hop limit 1 */
		0x60, 0x00, 0x00, 0x00, 0x04, 0xd8, 0x2c, 0x01, A6(0x01),
		A6(0x99),
		/* fragment: next 17, offset 0, M 1, id 0x11223344 */
		0x11, 0x00, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,
		/* UDP: sport 40000, dport 33434 */
		0x9c, 0x40, 0x82, 0x9a, 0x04, 0xd0, 0x00, 0x00};
	static const uint8_t qs[16] = {A6(0x01)}, qd[16] = {A6(0x99)};

	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.ver, 6);
	cr_assert_arr_eq(d.icmp.q.src, qs, 16);
	cr_assert_arr_eq(d.icmp.q.dst, qd, 16);
	cr_assert_eq(d.icmp.q.tot_len, 1280);
	cr_assert_eq(d.icmp.q.proto, 17);
	cr_assert_eq(d.icmp.q.has_ports, 1);
	cr_assert_eq(d.icmp.q.sport, 40000);
	cr_assert_eq(d.icmp.q.dport, 33434);
	cr_assert_eq(d.icmp.q.truncated, 0);
	cr_assert(strstr(text_v(), "quoted: IP6 2001:db8::1.40000 > "
				   "2001:db8::99.33434: udp, hlim 1, length "
				   "1280"),
		  "%s", text_v());
	/* The outer packet's extension list is not touched by the quote. */
	cr_assert_eq(d.ip.nnext, 0);
	cr_assert_eq(d.ip.has_frag, 0);
}

Test(quote, v6_quoted_non_first_fragment)
{
	static const uint8_t m[64] = {
		0x01, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0x60, 0x00, 0x00, 0x00,
		0x04, 0xd8, 0x2c, 0x01, A6(0x01), A6(0x99),
		/* fragment: next 17, offset 1232 (0x4d0), M 0 */
		0x11, 0x00, 0x04, 0xd0, 0x11, 0x22, 0x33, 0x44,
		/* fragment data */
		1, 2, 3, 4, 5, 6, 7, 8};

	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.q.proto, 17);
	cr_assert_eq(d.icmp.q.has_ports, 0);
	cr_assert_eq(d.icmp.q.truncated, 0);
}

/* An ICMPv6 time exceeded quoting a query of type qtype, id 0x0abc,
 * with bytes 6 and 7 of its header b6 and b7, decoded. */
static void
dec6_quoted_query(uint8_t qtype, uint8_t b6, uint8_t b7)
{
	const uint8_t m[56] = {
		/* ICMPv6 time exceeded, hop limit */
		0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0,
		/* quoted IPv6: payload 16, next 58, hop limit 1 */
		0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x3a, 0x01, A6(0x01),
		A6(0x99),
		/* the quoted query's header */
		qtype, 0x00, 0x12, 0x34, 0x0a, 0xbc, b6, b7};

	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.q.proto, 58);
	cr_assert_eq(d.icmp.q.has_icmp, 1);
	cr_assert_eq(d.icmp.q.itype, qtype);
	cr_assert_eq(d.icmp.q.has_idseq, 1);
	cr_assert_eq(d.icmp.q.iid, 0x0abc);
}

Test(quote, v6_quoted_icmp6_echo)
{
	dec6_quoted_query(0x80, 0x00, 0x09); /* echo request, seq 9 */
	cr_assert_eq(d.icmp.q.iseq, 9);
	cr_assert(strstr(text_v(), "icmp6 echo-request, id 2748, seq 9, "
				   "hlim 1, length 56"),
		  "%s", text_v());
}

/* RFC 8335: the sequence number of an extended echo is one byte; the
 * next holds the L bit, which is no part of it. */
Test(quote, v6_quoted_extended_echo_seq)
{
	dec6_quoted_query(0xa0, 0x07, 0x01); /* seq 7, L */
	cr_assert_eq(d.icmp.q.iseq, 7);
}

/* Cut inside the quoted IPv6 header. */
Test(quote, v6_cut_inside_inner_header)
{
	static const uint8_t m[28] = {0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0,
				      /* 20 bytes of a quoted IPv6 header */
				      0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x3a,
				      0x01, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				      0, 0, 0, 0};

	dec6(m, sizeof(m));
	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.ver, 6);
	cr_assert_eq(d.icmp.q.truncated, 1);
	cr_assert_eq(d.icmp.q.caplen, 20);
	cr_assert(strstr(text_v(), "quoted: IP6 [truncated]"));
}

/* An error with nothing quoted, and a non-IP quote. */
Test(quote, empty_and_non_ip)
{
	static const uint8_t none[8] = {0x0b, 0x00, 0x00, 0x00, 0, 0, 0, 0};
	static const uint8_t junk[12] = {0x0b, 0x00, 0x00, 0x00, 0, 0, 0, 0,
					 /* version nibble 0 */
					 0x00, 0x01, 0x02, 0x03};

	dec4(none, sizeof(none));
	cr_assert_eq(d.icmp.q.present, 0);
	cr_assert_null(strstr(json(), "quoted"));
	dec4(junk, sizeof(junk));
	cr_assert_eq(d.icmp.q.present, 1);
	cr_assert_eq(d.icmp.q.truncated, 1);
	cr_assert(strstr(text_v(), "quoted: not IP [truncated]"));
}

/* A quote left from an earlier error must not show on a later echo. */
Test(quote, not_left_over_in_reused_struct)
{
	static const uint8_t err[36] = {
		0x03,	  0x03, 0x00, 0x00, 0,	  0,	0,    0,    0x45, 0x00,
		0x00,	  0x28, 0x0b, 0xad, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00,
		Q4_ADDRS, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00, 0x00};
	uint8_t echo[64];
	size_t n;

	dec4(err, sizeof(err));
	cr_assert_eq(d.icmp.q.present, 1);
	n = mk_p4(echo);
	d.pkt = echo;
	d.caplen = d.wirelen = (uint32_t)n;
	check_p4(&d, dec_packet(DEC_DLT_RAW, &d));
	cr_assert_eq(d.icmp.q.present, 0);
	cr_assert_null(strstr(json(), "quoted"));
}
