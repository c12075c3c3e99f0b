/* Tunnels: IP-in-IP, GRE (ERSPAN I/II/III, Ethernet bridging), VXLAN,
 * Geneve, MPLS (on the link, in IP, GRE and UDP, Ethernet pseudowires);
 * the outer path as recorded, printed, cut short and nested too deep. */
#include "pkts.h"
#include "../../decode/track.h"

static struct dec_pkt d;

/* A packet under construction, built from the inside out: each wrapper
 * puts a header in front of what is there. */
struct bld {
	uint8_t b[4096];
	size_t off; /* start of the packet in b (it grows to the left) */
};

static void
b_init4(struct bld *p)
{
	p->off = 2048;
	mk_p4(p->b + p->off);
}

static void
b_init6(struct bld *p)
{
	p->off = 2048;
	mk_p6(p->b + p->off);
}

static size_t
b_len(const struct bld *p, size_t end)
{
	return end - p->off;
}

static uint8_t *
b_push(struct bld *p, const uint8_t *h, size_t n)
{
	cr_assert(p->off >= n);
	p->off -= n;
	if (h)
		memcpy(p->b + p->off, h, n);
	return p->b + p->off;
}

/* The end of the packet: every builder starts from an echo request of
 * known size at 2048. */
static size_t end4 = 2048 + sizeof(P4_ECHO), end6 = 2048 + sizeof(P6_ECHO);

/* IPv4 delivery header 192.0.2.10 -> 192.0.2.20, protocol proto. */
static void
w_ip4(struct bld *p, size_t end, uint8_t proto)
{
	static const uint8_t h[20] = {0x45, 0, 0,   0, 0, 7,  0,   0, 64, 0,
				      0,    0, 192, 0, 2, 10, 192, 0, 2,  20};
	uint8_t *ip = b_push(p, h, 20);

	ip[9] = proto;
	put16(ip + 2, (uint16_t)b_len(p, end));
	fix4(ip, 0);
}

/* IPv6 delivery header 2001:db8:ff::a -> 2001:db8:ff::b. */
static void
w_ip6(struct bld *p, size_t end, uint8_t next)
{
	uint8_t *ip = b_push(p, NULL, 40);

	memset(ip, 0, 40);
	ip[0] = 0x60;
	put16(ip + 4, (uint16_t)(b_len(p, end) - 40));
	ip[6] = next;
	ip[7] = 64;
	ip[8] = ip[24] = 0x20;
	ip[9] = ip[25] = 0x01;
	ip[10] = ip[26] = 0x0d;
	ip[11] = ip[27] = 0xb8;
	ip[13] = ip[29] = 0xff;
	ip[23] = 0x0a;
	ip[39] = 0x0b;
}

static void
w_gre(struct bld *p, uint16_t flags, uint16_t proto, uint32_t key, uint32_t seq)
{
	uint8_t h[16];
	size_t n = 4;

	put16(h, flags);
	put16(h + 2, proto);
	if (flags & 0x8000) {
		memset(h + n, 0, 4);
		n += 4;
	}
	if (flags & 0x2000) {
		put16(h + n, (uint16_t)(key >> 16));
		put16(h + n + 2, (uint16_t)key);
		n += 4;
	}
	if (flags & 0x1000) {
		put16(h + n, (uint16_t)(seq >> 16));
		put16(h + n + 2, (uint16_t)seq);
		n += 4;
	}
	b_push(p, h, n);
}

static void
w_udp(struct bld *p, size_t end, uint16_t dport)
{
	uint8_t h[8] = {0xc0, 0x00};

	put16(h + 2, dport);
	put16(h + 4, (uint16_t)(b_len(p, end) + 8));
	b_push(p, h, 8);
}

static void
w_eth(struct bld *p, uint16_t type, uint16_t vlan)
{
	uint8_t h[18] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
	size_t n = 12;

	if (vlan) {
		put16(h + 12, 0x8100);
		put16(h + 14, vlan);
		n = 16;
	}
	put16(h + n, type);
	b_push(p, h, n + 2);
}

static void
w_mpls(struct bld *p, uint32_t label, int bos, uint8_t ttl)
{
	uint8_t h[4];

	put16(h, (uint16_t)(label >> 4));
	h[2] = (uint8_t)((label & 15) << 4 | 2 << 1 | (bos ? 1 : 0));
	h[3] = ttl;
	b_push(p, h, 4);
}

static void
w_vxlan(struct bld *p, uint8_t flags, uint32_t vni)
{
	uint8_t h[8] = {flags};

	h[4] = (uint8_t)(vni >> 16);
	h[5] = (uint8_t)(vni >> 8);
	h[6] = (uint8_t)vni;
	b_push(p, h, 8);
}

static int
dec_raw(struct bld *p, size_t end)
{
	return decode(&d, DEC_DLT_RAW, p->b + p->off, b_len(p, end));
}

/* The inner echo decoded cleanly, with n layers in front of it. */
static void
inner4(int n)
{
	cr_assert_eq(d.flags, 0, "flags %#x why %s", d.flags,
		     d.why ? d.why : "-");
	cr_assert_eq(d.nouter, n);
	cr_assert_eq(d.icmp.type, 8);
	cr_assert_eq(d.icmp.id, 0xabcd);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d.ip.ver, 4);
	cr_assert_eq(d.ip.src[0], 192);
	cr_assert_eq(d.ip.dst[0], 198);
}

static void
inner6(int n)
{
	cr_assert_eq(d.flags, 0, "flags %#x why %s", d.flags,
		     d.why ? d.why : "-");
	cr_assert_eq(d.nouter, n);
	cr_assert_eq(d.icmp.type, 128);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d.ip.ver, 6);
}

Test(tunnel, ip_in_ip_all_four)
{
	struct bld p;

	b_init4(&p);
	w_ip4(&p, end4, 4);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(1);
	cr_assert_eq(d.outer[0].kind, DEC_L_IP);
	cr_assert_eq(d.outer[0].ver, 4);
	cr_assert_eq(d.outer[0].proto, 4);
	cr_assert_eq(d.outer[0].ttl, 64);
	cr_assert_eq(d.outer[0].src[3], 10);
	cr_assert_eq(d.outer[0].dst[3], 20);
	/* -X dumps from the outermost IP header. */
	cr_assert_eq(d.ip_hdr, p.b + p.off);
	cr_assert_eq(d.ip_caplen, b_len(&p, end4));

	b_init6(&p);
	w_ip4(&p, end6, 41);
	cr_assert_eq(dec_raw(&p, end6), DEC_ICMP);
	inner6(1);

	b_init4(&p);
	w_ip6(&p, end4, 4);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(1);
	cr_assert_eq(d.outer[0].ver, 6);

	b_init6(&p);
	w_ip6(&p, end6, 41);
	cr_assert_eq(dec_raw(&p, end6), DEC_ICMP);
	inner6(1);
	cr_assert_str_eq(dec_layer_name(DEC_L_IP), "ip");
}

Test(tunnel, gre_plain_and_with_key_seq_checksum)
{
	struct bld p;

	b_init4(&p);
	w_gre(&p, 0, 0x0800, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(2);
	cr_assert_eq(d.outer[1].kind, DEC_L_GRE);
	cr_assert_eq(d.outer[1].etype, 0x0800);
	cr_assert_eq(d.outer[1].flags, 0);

	b_init6(&p);
	w_gre(&p, 0xb000, 0x86dd, 0x1234, 7);
	w_ip6(&p, end6, 47);
	cr_assert_eq(dec_raw(&p, end6), DEC_ICMP);
	inner6(2);
	cr_assert_eq(d.outer[1].flags, DEC_LF_CSUM | DEC_LF_KEY | DEC_LF_SEQ);
	cr_assert_eq(d.outer[1].id, 0x1234);
	cr_assert_eq(d.outer[1].seq, 7);
	cr_assert(strstr(text_line(&d, 1),
			 "\n\touter: IP6 2001:db8:ff::a > "
			 "2001:db8:ff::b (hlim 64, proto 47): GRE "
			 "(proto 0x86dd, key 0x00001234, seq 7, "
			 "csum)"),
		  "%s", text_line(&d, 1));
	cr_assert_null(strstr(text_line(&d, 0), "outer"));
	cr_assert(strstr(json_line(&d, 0),
			 ",\"outer\":[{\"layer\":\"ip\",\"ip\":6,"
			 "\"src\":\"2001:db8:ff::a\",\"dst\":"
			 "\"2001:db8:ff::b\",\"ttl\":64,\"proto\":47},"
			 "{\"layer\":\"gre\",\"proto\":34525,\"key\":"
			 "4660,\"seq\":7,\"csum\":true}]"),
		  "%s", json_line(&d, 0));
}

Test(tunnel, gre_not_walked)
{
	struct bld p;

	/* Version 1 (PPTP) and RFC 1701 source routing. */
	b_init4(&p);
	w_gre(&p, 0x2001, 0x880b, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
	b_init4(&p);
	w_gre(&p, 0x4000, 0x0800, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	/* GRE carrying something else than IP, Ethernet or MPLS. */
	b_init4(&p);
	w_gre(&p, 0, 0x0806, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
}

Test(tunnel, gre_ethernet_and_erspan)
{
	static const uint8_t e2[8] = {0x11, 0x2c, 0x60, 0x4d, 0, 0, 0, 42};
	static const uint8_t e3[20] = {0x20, 0x00, 0x60, 0x63, 1,    2,	   3,
				       4,    0xab, 0xcd, 0x00, 0x71, 0x0c, 0,
				       0,    0,	   0,	 0,    0,    1};
	static const uint8_t e3ip[12] = {0x20, 0x00, 0x60, 0x64, 1,    2,
					 3,    4,    0xab, 0xcd, 0x08, 0x70};
	struct bld p;

	b_init4(&p);
	w_eth(&p, 0x0800, 300);
	w_gre(&p, 0x2000, 0x6558, 0xabcd00, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(3);
	cr_assert_eq(d.outer[2].kind, DEC_L_ETH);
	cr_assert_eq(d.outer[2].flags, DEC_LF_VLAN);
	cr_assert_eq(d.outer[2].vlan, 300);
	cr_assert_eq(d.outer[2].etype, 0x0800);
	cr_assert_eq(d.outer[2].src[5], 2);
	cr_assert(strstr(text_line(&d, 1), ": ether 02:00:00:00:00:02 > "
					   "02:00:00:00:00:01 (vlan 300)"),
		  "%s", text_line(&d, 1));

	/* ERSPAN type I: no sequence number, no ERSPAN header. */
	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	w_gre(&p, 0, 0x88be, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(4);
	cr_assert_eq(d.outer[2].kind, DEC_L_ERSPAN);
	cr_assert_eq(d.outer[2].ver, 1);

	/* Type II: version 1, VLAN 300, COS 3, session 77. */
	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	b_push(&p, e2, 8);
	w_gre(&p, 0x1000, 0x88be, 0, 1);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(4);
	cr_assert_eq(d.outer[2].ver, 2);
	cr_assert_eq(d.outer[2].id, 77);
	cr_assert_eq(d.outer[2].vlan, 300);
	cr_assert_eq(d.outer[2].tc, 3);
	cr_assert(strstr(text_line(&d, 1),
			 "ERSPAN type II (session 77, vlan 300)"));

	/* Type III with the platform subheader (O bit). */
	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	b_push(&p, e3, 20);
	w_gre(&p, 0x1000, 0x22eb, 0, 2);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(4);
	cr_assert_eq(d.outer[2].ver, 3);
	cr_assert_eq(d.outer[2].id, 99);

	/* Type III, frame type 2: an IP packet, no Ethernet header. */
	b_init4(&p);
	b_push(&p, e3ip, 12);
	w_gre(&p, 0x1000, 0x22eb, 0, 3);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(3);
	cr_assert_eq(d.outer[2].id, 100);

	/* Type II with a wrong version nibble. */
	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	b_push(&p, e2, 8)[0] = 0x71;
	w_gre(&p, 0x1000, 0x88be, 0, 1);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
}

Test(tunnel, vxlan_both_ports)
{
	struct bld p;

	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	w_vxlan(&p, 0x08, 4242);
	w_udp(&p, end4, 4789);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(4);
	cr_assert_eq(d.outer[1].kind, DEC_L_UDP);
	cr_assert_eq(d.outer[1].sport, 0xc000);
	cr_assert_eq(d.outer[1].dport, 4789);
	cr_assert_eq(d.outer[2].kind, DEC_L_VXLAN);
	cr_assert_eq(d.outer[2].id, 4242);
	cr_assert(strstr(text_line(&d, 1),
			 "UDP 49152 > 4789: VXLAN (vni 4242): ether"));
	cr_assert(strstr(json_line(&d, 0),
			 "{\"layer\":\"udp\",\"sport\":49152,"
			 "\"dport\":4789},{\"layer\":\"vxlan\","
			 "\"vni\":4242},{\"layer\":\"eth\""));

	b_init6(&p);
	w_eth(&p, 0x86dd, 0);
	w_vxlan(&p, 0x08, 1);
	w_udp(&p, end6, 8472);
	w_ip6(&p, end6, 17);
	cr_assert_eq(dec_raw(&p, end6), DEC_ICMP);
	inner6(4);
	cr_assert_eq(d.outer[1].dport, 8472);

	/* Without the I flag the VNI is not valid: not walked. */
	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	w_vxlan(&p, 0x00, 1);
	w_udp(&p, end4, 4789);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
}

Test(tunnel, geneve)
{
	static const uint8_t g_eth[16] = {0x02, 0,    0x65, 0x58, 0,	0x03,
					  0x09, 0,    0x01, 0x02, 0x80, 1,
					  0xde, 0xad, 0xbe, 0xef};
	static const uint8_t g_ip[8] = {0x00, 0, 0x08, 0x00, 0, 0x03, 0x0a, 0};
	struct bld p;

	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	b_push(&p, g_eth, 16);
	w_udp(&p, end4, 6081);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(4);
	cr_assert_eq(d.outer[2].kind, DEC_L_GENEVE);
	cr_assert_eq(d.outer[2].id, 777);
	cr_assert_eq(d.outer[2].etype, 0x6558);

	b_init4(&p);
	b_push(&p, g_ip, 8);
	w_udp(&p, end4, 6081);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(3);
	cr_assert(strstr(text_line(&d, 1), "Geneve (vni 778, proto 0x0800)"));

	/* Version 1. */
	b_init4(&p);
	b_push(&p, g_ip, 8)[0] = 0x40;
	w_udp(&p, end4, 6081);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
}

Test(tunnel, mpls_everywhere)
{
	static const uint8_t eth[14] = {2, 0, 0, 0, 0, 1,    2,
					0, 0, 0, 0, 2, 0x88, 0x47};
	static const uint8_t ppp[4] = {0xff, 0x03, 0x02, 0x81};
	uint8_t f[256];
	struct bld p;
	size_t n;

	/* On Ethernet, two labels. */
	b_init4(&p);
	w_mpls(&p, 16002, 1, 63);
	w_mpls(&p, 16001, 0, 64);
	n = frame2(f, eth, 14, p.b + p.off, b_len(&p, end4));
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, f, n), DEC_ICMP);
	inner4(2);
	cr_assert_eq(d.outer[0].kind, DEC_L_MPLS);
	cr_assert_eq(d.outer[0].id, 16001);
	cr_assert_eq(d.outer[0].flags, 0);
	cr_assert_eq(d.outer[1].id, 16002);
	cr_assert_eq(d.outer[1].flags, DEC_LF_BOS);
	cr_assert_eq(d.outer[1].tc, 2);
	cr_assert_eq(d.outer[1].ttl, 63);
	cr_assert(strstr(text_line(&d, 1),
			 "outer: MPLS (label 16001, tc 2, ttl 64): "
			 "MPLS (label 16002, tc 2, [S], ttl 63)"),
		  "%s", text_line(&d, 1));
	cr_assert(strstr(json_line(&d, 0),
			 "{\"layer\":\"mpls\",\"label\":16002,"
			 "\"tc\":2,\"s\":true,\"ttl\":63}"));
	/* -X starts at the IP header after the labels. */
	cr_assert_eq(d.ip_hdr, f + 22);

	/* On PPP (protocol 0x0281). */
	n = frame2(f, ppp, 4, p.b + p.off, b_len(&p, end4));
	cr_assert_eq(decode(&d, DEC_DLT_PPP, f, n), DEC_ICMP);
	inner4(2);

	/* In IPv4 (protocol 137), in GRE, over UDP 6635. */
	b_init6(&p);
	w_mpls(&p, 24000, 1, 64);
	w_ip4(&p, end6, 137);
	cr_assert_eq(dec_raw(&p, end6), DEC_ICMP);
	inner6(2);
	b_init4(&p);
	w_mpls(&p, 24000, 1, 64);
	w_gre(&p, 0, 0x8847, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(3);
	b_init4(&p);
	w_mpls(&p, 24000, 1, 64);
	w_udp(&p, end4, 6635);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(3);

	/* An Ethernet pseudowire with a control word. */
	b_init4(&p);
	w_eth(&p, 0x0800, 0);
	b_push(&p, (const uint8_t *)"\0\0\0\0", 4);
	w_mpls(&p, 30001, 1, 64);
	n = frame2(f, eth, 14, p.b + p.off, b_len(&p, end4));
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, f, n), DEC_ICMP);
	inner4(2);
	cr_assert_eq(d.outer[0].flags, DEC_LF_BOS | DEC_LF_CW);
	cr_assert_eq(d.outer[1].kind, DEC_L_ETH);

	/* After the stack, neither IP nor a control word. */
	b_init4(&p);
	p.b[p.off] = 0x10;
	w_mpls(&p, 24000, 1, 64);
	n = frame2(f, eth, 14, p.b + p.off, b_len(&p, end4));
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, f, n), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
}

Test(tunnel, nesting_limit)
{
	struct bld p;
	int i;

	b_init4(&p);
	for (i = 0; i < DEC_MAX_OUTER; i++)
		w_ip4(&p, end4, 4);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	inner4(DEC_MAX_OUTER);
	w_ip4(&p, end4, 4);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, DEC_F_MALFORMED | DEC_F_DEEP);
	cr_assert_str_eq(d.why, "tunnels nested deeper than 16 layers");
	cr_assert_eq(d.nouter, DEC_MAX_OUTER);
}

Test(tunnel, deep_mpls_stack_stops)
{
	static const uint8_t eth[14] = {2, 0, 0, 0, 0, 1,    2,
					0, 0, 0, 0, 2, 0x88, 0x47};
	uint8_t f[512];
	struct bld p;
	size_t n;
	int i;

	b_init4(&p);
	w_mpls(&p, 100, 1, 64);
	for (i = 0; i < 30; i++)
		w_mpls(&p, (uint32_t)(200 + i), 0, 64);
	n = frame2(f, eth, 14, p.b + p.off, b_len(&p, end4));
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, f, n), DEC_NOT_ICMP);
	cr_assert(d.flags & DEC_F_DEEP);
}

Test(tunnel, cut_by_capture_or_by_datagram)
{
	struct bld p;
	size_t len;

	b_init4(&p);
	w_gre(&p, 0x3000, 0x0800, 1, 1);
	w_ip4(&p, end4, 47);
	len = b_len(&p, end4);
	/* Capture ends in the key: truncated before ICMP. */
	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, p.b + p.off, 26, len),
		     DEC_NOT_ICMP);
	cr_assert_eq(d.flags, DEC_F_LINKTRUNC);
	cr_assert_str_eq(d.why, "GRE header cut short");
	/* The outer IP length ends it: malformed. */
	put16(p.b + p.off + 2, 26);
	fix4(p.b + p.off, 0);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, DEC_F_MALFORMED);
	/* Cut in the inner IPv4 header. */
	b_init4(&p);
	w_gre(&p, 0, 0x0800, 0, 0);
	w_ip4(&p, end4, 47);
	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, p.b + p.off, 34, 60),
		     DEC_NOT_ICMP);
	cr_assert_eq(d.flags, DEC_F_LINKTRUNC);
	cr_assert_str_eq(d.why, "cut in IPv4 header");
	/* Cut in the inner message: an ICMP message, truncated. */
	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, p.b + p.off, 52, 60),
		     DEC_ICMP);
	cr_assert(d.flags & DEC_F_TRUNC);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_UNVERIFIED);
	cr_assert_eq(d.nouter, 2);
}

Test(tunnel, outer_fragments)
{
	struct bld p;

	/* A non-first fragment has no tunnel header to walk. */
	b_init4(&p);
	w_gre(&p, 0, 0x0800, 0, 0);
	w_ip4(&p, end4, 47);
	put16(p.b + p.off + 6, 0x0005);
	fix4(p.b + p.off, 0);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.nouter, 0);
	/* The first one (MF) holds the inner message, whose checksum then
	 * cannot be verified. */
	put16(p.b + p.off + 6, 0x2000);
	fix4(p.b + p.off, 0);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	cr_assert(d.flags & DEC_F_FRAG);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_UNVERIFIED);
}

Test(tunnel, plain_packets_take_no_detour)
{
	struct bld p;

	/* UDP to another port, TCP: not tunnels, not flagged. */
	b_init4(&p);
	w_udp(&p, end4, 53);
	w_ip4(&p, end4, 17);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
	cr_assert_eq(d.nouter, 0);
	b_init4(&p);
	w_ip4(&p, end4, 6);
	cr_assert_eq(dec_raw(&p, end4), DEC_NOT_ICMP);
	cr_assert_eq(d.nouter, 0);
	/* A UDP header that is not all there. */
	b_init4(&p);
	w_ip4(&p, 2048 + 4, 17);
	cr_assert_eq(dec_raw(&p, 2048 + 4), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
	/* A plain echo has no layers. */
	b_init4(&p);
	cr_assert_eq(dec_raw(&p, end4), DEC_ICMP);
	cr_assert_eq(d.nouter, 0);
	cr_assert_null(strstr(json_line(&d, 0), "outer"));
}

Test(tunnel, replies_match_through_tunnels)
{
	static struct trk t;
	struct bld p;
	uint8_t *icmp;

	trk_init(&t);
	b_init4(&p);
	w_gre(&p, 0, 0x0800, 0, 0);
	w_ip4(&p, end4, 47);
	dec_raw(&p, end4);
	d.frame = 1;
	trk_packet(&t, &d, DEC_ICMP);
	/* The reply: addresses swapped, type 0, in the same tunnel. */
	b_init4(&p);
	icmp = p.b + p.off + 20;
	memcpy(p.b + p.off + 12, P4_ECHO + 16, 4);
	memcpy(p.b + p.off + 16, P4_ECHO + 12, 4);
	icmp[0] = 0;
	fix4(p.b + p.off, 1);
	w_gre(&p, 0, 0x0800, 0, 0);
	w_ip4(&p, end4, 47);
	dec_raw(&p, end4);
	d.frame = 2;
	d.ts_nsec += 1000000;
	trk_packet(&t, &d, DEC_ICMP);
	cr_assert_eq(d.matched, 1);
	cr_assert_eq(d.reply_to, 1);
	cr_assert_eq(d.rtt_ns, 1000000);
	cr_assert_eq(t.st.tunneled, 2);
}

Test(tunnel, too_deep_is_counted)
{
	static struct trk t;
	struct bld p;
	int i;

	trk_init(&t);
	b_init4(&p);
	for (i = 0; i <= DEC_MAX_OUTER; i++)
		w_ip4(&p, end4, 4);
	trk_packet(&t, &d, dec_raw(&p, end4));
	cr_assert_eq(t.st.too_deep, 1);
	cr_assert_eq(t.st.undecodable, 1);
}
