/* RFC 4884 multi-part messages, RFC 4950 MPLS label stacks, RFC 5837
 * interface information and RFC 8335 extended echo: the structure, its
 * checksum, every object, and what is malformed or cut. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[1024];

/* The quoted datagram: an IPv4 UDP probe of 28 bytes (total length 40),
 * 192.0.2.1 -> 203.0.113.9, ports 40000 -> 33434. */
static const uint8_t QUOTE[28] = {
	0x45, 0x00, 0x00, 0x28, 0x0b, 0xad, 0x00, 0x00, 0x01, 0x11,
	0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x09,
	0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00, 0x00,
};

/* An MPLS label stack object: labels 16001 (tc 0, ttl 255) and 16002
 * (tc 1, S, ttl 254). */
static const uint8_t OBJ_MPLS[12] = {
	0x00, 0x0c, 0x01, 0x01, /* length 12, class 1, c-type 1 */
	0x03, 0xe8, 0x10, 0xff, /* 16001 << 12 | ttl 255 */
	0x03, 0xe8, 0x23, 0xfe, /* 16002 << 12 | tc 1 | S | ttl 254 */
};

/* RFC 5837 interface information: role outgoing (2), ifindex, IPv4
 * address, name "ge-0/0/1", MTU: c-type 0b10001111. */
static const uint8_t OBJ_IFINFO[36] = {
	0x00, 0x24, 0x02, 0x8f, /* length 36, class 2, c-type 0x8f */
	0x00, 0x00, 0x00, 0x07, /* ifindex 7 */
	0x00, 0x01, 0x00, 0x00, /* AFI 1, reserved */
	0xc0, 0x00, 0x02, 0x01, /* 192.0.2.1 */
	0x0c, 'g',  'e',  '-',	/* name length 12 (with itself) */
	'0',  '/',  '0',  '/',	'1',  0,
	0,    0,    0x00, 0x00, 0x05, 0xdc, /* MTU 1500 */
};

/* ICMP error (v4: type/code, length attribute in octet 5) quoting QUOTE
 * zero-padded to olen bytes, then ext bytes; returns the ICMP length. */
static size_t
err4(uint8_t *m, uint8_t type, uint8_t lenw, size_t olen, const uint8_t *ext,
     size_t elen)
{
	memset(m, 0, 8 + olen);
	m[0] = type;
	m[5] = lenw;
	memcpy(m + 8, QUOTE, sizeof(QUOTE) < olen ? sizeof(QUOTE) : olen);
	if (elen) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(m + 8 + olen, ext, elen);
	return 8 + olen + elen;
}

/* An extension structure: version 2 header and the objects, checksum
 * right (fix 0), zero (1) or wrong (2). */
static size_t
ext2(uint8_t *e, const uint8_t *objs, size_t n, int fix)
{
	e[0] = 0x20;
	e[1] = 0;
	e[2] = e[3] = 0;
	memcpy(e + 4, objs, n);
	if (fix != 1)
		put16(e + 2,
		      (uint16_t)(ref_cksum(e, 4 + n) ^ (fix ? 0x11 : 0)));
	return 4 + n;
}

static int
dec4m(const uint8_t *m, size_t len)
{
	size_t n = mk_icmp4(pkt, m, len);

	return decode(&d, DEC_DLT_RAW, pkt, n);
}

/* Walk the objects and return how many there were. */
static int
nobjs(struct dec_extobj *last)
{
	size_t off = (size_t)d.icmp.ext_off + 4;
	int n = 0;

	while (dec_extobj_next(&d.icmp, &off, last))
		n++;
	return n;
}

Test(ext, rfc4884_mpls_label_stack)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 0);
	struct dec_extobj o;
	struct dec_mpls l;

	cr_assert_eq(dec4m(m, err4(m, 11, 32, 128, e, el)), DEC_ICMP);
	cr_assert_eq(d.flags, 0, "why %s", d.why ? d.why : "-");
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d.icmp.orig_len, 128);
	cr_assert_eq(d.icmp.ext_off, 136);
	cr_assert_eq(d.icmp.ext_len, 16);
	cr_assert_eq(d.icmp.ext_ver, 2);
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_OK);
	cr_assert_eq(d.icmp.ext_compat, 0);
	cr_assert_eq(d.icmp.ext_nobj, 1);
	/* The quote stops at the original datagram field. */
	cr_assert_eq(d.icmp.q.caplen, 128);
	cr_assert_eq(d.icmp.q.sport, 40000);
	cr_assert_eq(nobjs(&o), 1);
	cr_assert_eq(o.cls, 1);
	cr_assert_eq(o.ctype, 1);
	cr_assert_eq(o.len, 12);
	cr_assert_str_eq(dec_ext_class_name(1), "mpls-stack");
	cr_assert(dec_ext_mpls(&o, 0, &l));
	cr_assert_eq(l.label, 16001);
	cr_assert_eq(l.tc, 0);
	cr_assert_eq(l.s, 0);
	cr_assert_eq(l.ttl, 255);
	cr_assert(dec_ext_mpls(&o, 1, &l));
	cr_assert_eq(l.label, 16002);
	cr_assert_eq(l.tc, 1);
	cr_assert_eq(l.s, 1);
	cr_assert_eq(l.ttl, 254);
	cr_assert_not(dec_ext_mpls(&o, 2, &l));
	cr_assert(strstr(text_line(&d, 1), "\n\textension v2, checksum 0x"));
	cr_assert(strstr(text_line(&d, 1),
			 " (ok), length 16\n\t  mpls-stack (class 1, "
			 "c-type 1), length 12: label 16001, tc 0, "
			 "ttl 255; label 16002, tc 1, [S], ttl 254"),
		  "%s", text_line(&d, 1));
	cr_assert(strstr(json_line(&d, 0),
			 ",\"orig_len\":128,\"ext\":{\"version\":2,"
			 "\"checksum\":\"ok\""),
		  "%s", json_line(&d, 0));
	cr_assert(strstr(json_line(&d, 0),
			 "\"labels\":[{\"label\":16001,\"tc\":0,"
			 "\"s\":false,\"ttl\":255},{\"label\":16002,"
			 "\"tc\":1,\"s\":true,\"ttl\":254}]"),
		  "%s", json_line(&d, 0));
}

Test(ext, checksum_absent_and_bad)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 1);

	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_ABSENT);
	cr_assert(strstr(json_line(&d, 0), "\"checksum\":\"none\""));
	el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 2);
	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_BAD);
	/* The message itself is fine: its own checksum covers the bytes. */
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d.flags, 0);
}

Test(ext, unverified_when_cut)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_IFINFO, sizeof(OBJ_IFINFO), 0);
	size_t n = mk_icmp4(pkt, m, err4(m, 3, 32, 128, e, el));
	struct dec_extobj o;

	/* Captured up to 10 bytes into the object's body. */
	decode_cap(&d, DEC_DLT_RAW, pkt, 20 + 136 + 4 + 4 + 10, n);
	cr_assert(d.flags & DEC_F_TRUNC);
	cr_assert_eq(d.icmp.ext_off, 136);
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_UNVERIFIED);
	cr_assert_eq(nobjs(&o), 1);
	cr_assert_eq(o.bad, DEC_EXT_CUT);
	cr_assert_eq(o.body_len, 10);
	cr_assert(strstr(text_line(&d, 1),
			 "interface-info (class 2, c-type 143), "
			 "length 36 [truncated]"),
		  "%s", text_line(&d, 1));
}

Test(ext, compat_length_zero)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 0);

	/* Length 0, 128 bytes quoted, structure at 136 with its checksum
	 * right: taken (routers before RFC 4884). */
	dec4m(m, err4(m, 11, 0, 128, e, el));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.orig_len, 0);
	cr_assert_eq(d.icmp.ext_off, 136);
	cr_assert_eq(d.icmp.ext_compat, 1);
	cr_assert_eq(d.icmp.q.caplen, 128);
	cr_assert(strstr(text_line(&d, 1),
			 ", at 128 bytes without RFC 4884 length"));
	cr_assert(strstr(json_line(&d, 0), "\"compat\":true"));
	/* Checksum wrong: 136 bytes of quote, no extension. */
	el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 2);
	dec4m(m, err4(m, 11, 0, 128, e, el));
	cr_assert_eq(d.icmp.ext_off, 0);
	cr_assert_eq(d.icmp.q.caplen, 128 + el);
	/* Exactly 136 bytes long: no room for a structure. */
	dec4m(m, err4(m, 11, 0, 128, NULL, 0));
	cr_assert_eq(d.icmp.ext_off, 0);
	/* ICMPv6 has no such fallback. */
	cr_assert_eq(dec_is_error(6, 3), 1);
}

Test(ext, compat_cut_capture_trusts_header)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 2);
	size_t n = mk_icmp4(pkt, m, err4(m, 11, 0, 128, e, el));

	/* Not all captured: version 2 and zero reserved bits are enough
	 * (as tcpdump); the checksum cannot be verified. */
	decode_cap(&d, DEC_DLT_RAW, pkt, n - 4, n);
	cr_assert_eq(d.icmp.ext_off, 136);
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_UNVERIFIED);
}

Test(ext, length_contradictions)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 0);

	/* 32 words claimed, 28 bytes quoted. */
	dec4m(m, err4(m, 11, 32, 28, NULL, 0));
	cr_assert(d.flags & DEC_F_MALFORMED);
	cr_assert_str_eq(d.why, "RFC 4884 length beyond message");
	cr_assert_eq(d.icmp.ext_off, 0);
	/* 20 words (80 bytes, below the 128 minimum) and more after it. */
	dec4m(m, err4(m, 11, 20, 80, e, el));
	cr_assert_str_eq(d.why, "RFC 4884 length below 128 bytes");
	cr_assert_eq(d.icmp.ext_off, 0);
	cr_assert_eq(d.icmp.q.caplen, 80);
	/* 20 words and nothing after: a plain error, nothing wrong. */
	dec4m(m, err4(m, 11, 20, 80, NULL, 0));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.orig_len, 80);
	cr_assert(strstr(json_line(&d, 0), "\"orig_len\":80"));
}

Test(ext, parameter_problem_and_frag_needed_keep_their_fields)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 0), n;

	n = err4(m, 12, 32, 128, e, el);
	m[4] = 9; /* pointer */
	dec4m(m, n);
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.pointer, 9);
	cr_assert_eq(d.icmp.ext_off, 136);
	n = err4(m, 3, 32, 128, e, el);
	m[1] = 4;
	m[6] = 0x05;
	m[7] = 0x78; /* MTU 1400 */
	dec4m(m, n);
	cr_assert_eq(d.icmp.mtu, 1400);
	cr_assert_eq(d.icmp.ext_off, 136);
}

Test(ext, object_length_zero_stops_the_walk)
{
	uint8_t m[256], e[64], objs[16];
	struct dec_extobj o;
	size_t el;

	memcpy(objs, OBJ_MPLS, 12);
	memset(objs + 12, 0, 4);
	objs[14] = 1; /* length 0, class 1 */
	el = ext2(e, objs, 16, 0);
	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert(d.flags & DEC_F_MALFORMED);
	cr_assert_str_eq(d.why, "extension object length below 4");
	cr_assert_eq(d.icmp.ext_nobj, 2);
	cr_assert_eq(nobjs(&o), 2);
	cr_assert_eq(o.bad, DEC_EXT_SHORT);
	cr_assert(strstr(json_line(&d, 0), "\"error\":\"short\""));
	cr_assert(strstr(text_line(&d, 1), "[malformed: short]"), "%s",
		  text_line(&d, 1));
}

Test(ext, object_overrun_and_header_overrun)
{
	uint8_t m[256], e[64], objs[16];
	struct dec_extobj o;
	size_t el;

	memcpy(objs, OBJ_MPLS, 12);
	objs[1] = 40;
	el = ext2(e, objs, 12, 0);
	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert_str_eq(d.why, "extension object beyond the structure");
	cr_assert_eq(nobjs(&o), 1);
	cr_assert_eq(o.bad, DEC_EXT_OVERRUN);
	cr_assert_eq(o.body_len, 8);

	memcpy(objs, OBJ_MPLS, 12);
	objs[12] = objs[13] = 0xee;
	el = ext2(e, objs, 14, 0);
	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert_str_eq(d.why, "extension object header beyond the structure");
	cr_assert_eq(nobjs(&o), 2);
	cr_assert_eq(o.bad, DEC_EXT_HDR);
}

Test(ext, version_other_than_2)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 0);

	e[0] = 0x10;
	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert_str_eq(d.why, "extension version not 2");
	cr_assert_eq(d.icmp.ext_ver, 1);
	cr_assert_eq(d.icmp.ext_nobj, 0);
	cr_assert_null(strstr(json_line(&d, 0), "objects"));
}

Test(ext, mpls_object_not_a_multiple_of_4)
{
	uint8_t m[256], e[64], objs[10];
	size_t el;

	memcpy(objs, OBJ_MPLS, 10);
	objs[1] = 10;
	el = ext2(e, objs, 10, 0);
	dec4m(m, err4(m, 11, 32, 128, e, el));
	cr_assert_str_eq(d.why, "MPLS label stack object not a multiple of 4");
}

Test(ext, rfc5837_interface_information)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_IFINFO, sizeof(OBJ_IFINFO), 0);
	static const uint8_t a[4] = {192, 0, 2, 1};
	struct dec_extobj o;
	struct dec_ifinfo r;

	dec4m(m, err4(m, 3, 32, 128, e, el));
	cr_assert_eq(d.flags, 0, "why %s", d.why ? d.why : "-");
	cr_assert_eq(nobjs(&o), 1);
	cr_assert(dec_ext_ifinfo(&o, &r));
	cr_assert_null(r.why);
	cr_assert_eq(r.role, 2);
	cr_assert_str_eq(dec_ext_role_name(r.role), "outgoing-ip");
	cr_assert(r.has_ifindex && r.has_addr && r.has_name && r.has_mtu);
	cr_assert_eq(r.ifindex, 7);
	cr_assert_eq(r.afi, 1);
	cr_assert_arr_eq(r.addr, a, 4);
	cr_assert_eq(r.name_len, 12);
	cr_assert_eq(r.name_bytes, 8);
	cr_assert_eq(memcmp(r.name, "ge-0/0/1", 8), 0);
	cr_assert_eq(r.mtu, 1500);
	cr_assert(strstr(text_line(&d, 1),
			 "interface-info (class 2, c-type 143), "
			 "length 36: outgoing-ip, ifindex 7, addr "
			 "192.0.2.1, name \"ge-0/0/1\", mtu 1500"),
		  "%s", text_line(&d, 1));
	cr_assert(strstr(json_line(&d, 0),
			 "{\"class\":2,\"ctype\":143,\"name\":"
			 "\"interface-info\",\"len\":36,\"role\":"
			 "\"outgoing-ip\",\"ifindex\":7,\"afi\":1,"
			 "\"addr\":\"192.0.2.1\",\"ifname\":\"ge-0/0/1\","
			 "\"name_len\":12,\"mtu\":1500}"),
		  "%s", json_line(&d, 0));
}

/* An interface information object with role incoming and only what
 * body holds; c-type flags as given. */
static void
ifinfo_case(uint8_t ctype, const uint8_t *body, size_t blen)
{
	uint8_t m[256], e[128], obj[80];
	size_t el;

	put16(obj, (uint16_t)(4 + blen));
	obj[2] = 2;
	obj[3] = ctype;
	memcpy(obj + 4, body, blen);
	el = ext2(e, obj, 4 + blen, 0);
	dec4m(m, err4(m, 11, 32, 128, e, el));
}

Test(ext, rfc5837_sub_object_errors)
{
	static const uint8_t name0[4] = {0, 'a', 'b', 0};
	static const uint8_t name3[4] = {3, 'a', 'b', 0};
	static const uint8_t idx[4] = {0, 0, 0, 5};
	static const uint8_t afi7[8] = {0, 7, 0, 0, 1, 2, 3, 4};
	static const uint8_t v6[20] = {0, 2, 0, 0, 0x20, 0x01, 0x0d, 0xb8};
	struct dec_extobj o;
	struct dec_ifinfo r;
	uint8_t longname[68];

	ifinfo_case(0x02, name0, 4);
	cr_assert_str_eq(d.why, "interface name length 0");
	ifinfo_case(0x02, name3, 4);
	cr_assert_str_eq(d.why,
			 "interface name length not a multiple of 4 up to 64");
	memset(longname, 'x', sizeof(longname));
	longname[0] = 68;
	ifinfo_case(0x02, longname, 68);
	cr_assert_str_eq(d.why,
			 "interface name length not a multiple of 4 up to 64");
	ifinfo_case(0x09, idx, 4);
	cr_assert_str_eq(d.why, "interface MTU beyond object");
	ifinfo_case(0x04, afi7, 8);
	cr_assert_str_eq(d.why,
			 "interface address of unknown family or length");
	ifinfo_case(0x08, idx, 2);
	cr_assert_str_eq(d.why, "interface index beyond object");
	/* What was read before the fault is kept. */
	ifinfo_case(0x09, idx, 4);
	nobjs(&o);
	cr_assert_not(dec_ext_ifinfo(&o, &r));
	cr_assert(r.has_ifindex);
	cr_assert_eq(r.ifindex, 5);
	cr_assert_not(r.has_mtu);
	cr_assert(strstr(text_line(&d, 1), "incoming-ip, ifindex 5 [malformed: "
					   "interface MTU beyond object]"),
		  "%s", text_line(&d, 1));
	/* An IPv6 address. */
	ifinfo_case(0x04 | 0xc0, v6, 20);
	cr_assert_eq(d.flags, 0);
	nobjs(&o);
	cr_assert(dec_ext_ifinfo(&o, &r));
	cr_assert_eq(r.role, 3);
	cr_assert_str_eq(dec_ext_role_name(3), "next-hop");
	cr_assert_eq(r.afi, 2);
	cr_assert(strstr(json_line(&d, 0), "\"addr\":\"2001:db8::\""), "%s",
		  json_line(&d, 0));
}

Test(ext, icmpv6_length_in_64_bit_words)
{
	uint8_t m[256], e[64];
	size_t el = ext2(e, OBJ_MPLS, sizeof(OBJ_MPLS), 0), n;

	/* type 3 (time exceeded), length 16 x 8 = 128 bytes in octet 4 */
	memset(m, 0, 8 + 128);
	m[0] = 3;
	m[4] = 16;
	memcpy(m + 8, P6_ECHO, 48);
	memcpy(m + 136, e, el);
	n = mk_icmp6(pkt, m, 136 + el);
	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.flags, 0, "why %s", d.why ? d.why : "-");
	cr_assert_eq(d.icmp.orig_len, 128);
	cr_assert_eq(d.icmp.ext_off, 136);
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_OK);
	cr_assert_eq(d.icmp.q.ver, 6);
	/* Packet too big and parameter problem have no length attribute. */
	m[0] = 2;
	n = mk_icmp6(pkt, m, 136 + el);
	decode(&d, DEC_DLT_RAW, pkt, n);
	cr_assert_eq(d.icmp.ext_off, 0);
	cr_assert_eq(d.icmp.mtu, 16u << 24);
}

/* --- RFC 8335 extended echo ------------------------------------------ */

/* Extended echo request (v4): id 0x1234, seq 5, L bit, then ext bytes. */
static size_t
xreq(uint8_t *m, int local, const uint8_t *ext, size_t elen)
{
	static const uint8_t h[8] = {42, 0, 0, 0, 0x12, 0x34, 5, 0};

	memcpy(m, h, 8);
	m[7] = (uint8_t)local;
	if (elen)
		memcpy(m + 8, ext, elen);
	return 8 + elen;
}

Test(ext, rfc8335_request_by_name_index_address)
{
	static const uint8_t by_name[12] = {0,	 12,  3, 1, 'e', 't',
					    'h', '0', 0, 0, 0,	 0};
	static const uint8_t by_index[8] = {0, 8, 3, 2, 0, 0, 0, 2};
	static const uint8_t by_addr[12] = {0, 12, 3,	3, 0, 1,
					    4, 0,  192, 0, 2, 1};
	uint8_t m[128], e[64];
	struct dec_extobj o;
	struct dec_ifinfo r;
	size_t el;

	el = ext2(e, by_name, 12, 0);
	dec4m(m, xreq(m, 1, e, el));
	cr_assert_eq(d.flags, 0, "why %s", d.why ? d.why : "-");
	cr_assert_eq(d.icmp.has_idseq, 1);
	cr_assert_eq(d.icmp.id, 0x1234);
	cr_assert_eq(d.icmp.seq, 5);
	cr_assert_eq(d.icmp.ext_off, 8);
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_OK);
	nobjs(&o);
	cr_assert(dec_ext_ifinfo(&o, &r));
	cr_assert_str_eq(dec_ext_class_name(3), "interface-id");
	cr_assert(r.has_name);
	cr_assert_eq(r.name_bytes, 4);
	cr_assert_eq(r.name_len, 8);
	cr_assert(strstr(text_line(&d, 1), "seq 5, local, length 24"), "%s",
		  text_line(&d, 1));
	cr_assert(strstr(text_line(&d, 1),
			 "interface-id (class 3, c-type 1), length "
			 "12: name \"eth0\""),
		  "%s", text_line(&d, 1));
	cr_assert(strstr(json_line(&d, 0), "\"local\":true"));

	el = ext2(e, by_index, 8, 0);
	dec4m(m, xreq(m, 0, e, el));
	nobjs(&o);
	cr_assert(dec_ext_ifinfo(&o, &r));
	cr_assert(r.has_ifindex);
	cr_assert_eq(r.ifindex, 2);
	cr_assert(strstr(text_line(&d, 1), ", remote,"));

	el = ext2(e, by_addr, 12, 0);
	dec4m(m, xreq(m, 0, e, el));
	nobjs(&o);
	cr_assert(dec_ext_ifinfo(&o, &r));
	cr_assert(r.has_addr);
	cr_assert_eq(r.addr_len, 4);
	cr_assert(strstr(json_line(&d, 0), "\"afi\":1,\"addr\":\"192.0.2.1\""));
}

Test(ext, rfc8335_sender_data_after_the_object)
{
	static const uint8_t by_index[8] = {0, 8, 3, 2, 0, 0, 0, 2};
	uint8_t m[128], e[64];
	struct dec_extobj o;
	size_t el = ext2(e, by_index, 8, 0);

	/* Real senders append a timestamp: the structure is the header and
	 * the one object, and its checksum covers only those. */
	memcpy(e + el, "\x65\x93\x3a\x33\x00\x0d\xdc\x2b", 8);
	dec4m(m, xreq(m, 1, e, el + 8));
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.icmp.ext_len, 12);
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_OK);
	cr_assert_eq(nobjs(&o), 1);
}

Test(ext, rfc8335_request_errors)
{
	static const uint8_t zero[8] = {0, 0, 3, 2, 0, 0, 0, 2};
	static const uint8_t afi_len[24] = {0, 24, 3, 3, 0, 1, 16, 0};
	static const uint8_t ctype9[8] = {0, 8, 3, 9, 0, 0, 0, 2};
	uint8_t m[128], e[64];
	size_t el, n;

	dec4m(m, xreq(m, 1, NULL, 0));
	cr_assert_str_eq(
		d.why, "extended echo request without an extension structure");
	el = ext2(e, zero, 8, 0);
	dec4m(m, xreq(m, 1, e, el));
	cr_assert_str_eq(d.why, "extension object length below 4");
	el = ext2(e, afi_len, 24, 0);
	dec4m(m, xreq(m, 1, e, el));
	cr_assert_str_eq(d.why,
			 "interface address of unknown family or length");
	el = ext2(e, ctype9, 8, 0);
	dec4m(m, xreq(m, 1, e, el));
	cr_assert_str_eq(d.why, "interface identification of unknown C-Type");
	/* Cut inside the structure's header. */
	el = ext2(e, ctype9, 8, 0);
	n = mk_icmp4(pkt, m, xreq(m, 1, e, el));
	decode_cap(&d, DEC_DLT_RAW, pkt, 20 + 10, n);
	cr_assert(d.flags & DEC_F_TRUNC);
	cr_assert_str_eq(d.why, "cut by the snapshot length");
	cr_assert_eq(d.icmp.ext_cksum_status, DEC_CK_UNVERIFIED);
}

Test(ext, rfc8335_reply_state)
{
	/* type 43, code 2 (no such interface); then code 0 with state 2
	 * (reachable), A, 4 and 6 set. */
	uint8_t m[8] = {43, 2, 0, 0, 0x12, 0x34, 5, 0};

	dec4m(m, 8);
	cr_assert_str_eq(dec_code_name(4, 43, 2), "no-such-interface");
	cr_assert_eq(d.icmp.ext_off, 0);
	cr_assert(strstr(text_line(&d, 1),
			 "extended-echo-reply (no-such-interface), "
			 "id 4660, seq 5, state reserved, active 0, "
			 "ipv4 0, ipv6 0"),
		  "%s", text_line(&d, 1));
	m[1] = 0;
	m[7] = 2 << 5 | 7;
	dec4m(m, 8);
	cr_assert_str_eq(dec_xecho_state_name(2), "reachable");
	cr_assert(strstr(json_line(&d, 0),
			 "\"state\":2,\"state_name\":\"reachable\","
			 "\"active\":true,\"ipv4\":true,\"ipv6\":true"),
		  "%s", json_line(&d, 0));
	/* A request's code 0 is not named. */
	cr_assert_null(dec_code_name(4, 42, 0));
	cr_assert_str_eq(dec_code_name(6, 161, 4), "multiple-interfaces");
}

Test(ext, rfc8335_icmpv6)
{
	static const uint8_t by_addr[24] = {
		0, 24, 3, 3, 0, 2, 16, 0, 0x20, 0x01, 0x0d, 0xb8,
		0, 0,  0, 0, 0, 0, 0,  0, 0,	0,    0,    1};
	uint8_t m[128], e[64];
	size_t el = ext2(e, by_addr, 24, 0), n;

	m[0] = 160;
	m[1] = 0;
	m[2] = m[3] = 0;
	m[4] = 0x12;
	m[5] = 0x34;
	m[6] = 9;
	m[7] = 0;
	memcpy(m + 8, e, el);
	n = mk_icmp6(pkt, m, 8 + el);
	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.flags, 0, "why %s", d.why ? d.why : "-");
	cr_assert_eq(d.icmp.seq, 9);
	cr_assert_eq(d.icmp.ext_off, 8);
	cr_assert(strstr(json_line(&d, 0), "\"addr\":\"2001:db8::1\""), "%s",
		  json_line(&d, 0));
	cr_assert(strstr(json_line(&d, 0), "\"local\":false"));
}
