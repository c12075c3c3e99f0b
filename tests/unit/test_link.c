/* dec_packet() for every link type in dec.h. */
#include "pkts.h"

static uint8_t ip4[64], ip6[64];
static size_t ip4len, ip6len;

static void
setup(void)
{
	ip4len = mk_p4(ip4);
	ip6len = mk_p6(ip6);
}

TestSuite(link, .init = setup);

static const uint8_t MAC_DST[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
static const uint8_t MAC_SRC[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

/* Decode link header + P4 (v6 0: IPv4) or + P6 and check the echo. */
static struct dec_pkt D;

static int
dec_with(int dlt, const uint8_t *hdr, size_t hlen, int v6)
{
	static uint8_t buf[512];
	size_t n = v6 ? frame2(buf, hdr, hlen, ip6, ip6len)
		      : frame2(buf, hdr, hlen, ip4, ip4len);
	int rc = decode(&D, dlt, buf, n);

	if (v6)
		check_p6(&D, rc);
	else
		check_p4(&D, rc);
	cr_assert_eq(D.link.hdr_len, hlen);
	cr_assert_eq(D.link.dlt, dlt);
	cr_assert_eq(D.ip_hdr, buf + hlen);
	return rc;
}

Test(link, en10mb_plain_v4)
{
	static const uint8_t eth[14] = {/* dst, src, ethertype IPv4 */
					0x02, 0, 0, 0, 0,    0x02, 0x02,
					0,    0, 0, 0, 0x01, 0x08, 0x00};

	dec_with(DEC_DLT_EN10MB, eth, sizeof(eth), 0);
	cr_assert_eq(D.link.has_mac, 1);
	cr_assert_arr_eq(D.link.dst_mac, MAC_DST, 6);
	cr_assert_arr_eq(D.link.src_mac, MAC_SRC, 6);
	cr_assert_eq(D.link.ethertype, 0x0800);
	cr_assert_eq(D.link.nvlan, 0);
	cr_assert_eq(D.link.has_sll, 0);
}

Test(link, en10mb_plain_v6)
{
	static const uint8_t eth[14] = {/* dst, src, ethertype IPv6 */
					0x02, 0, 0, 0, 0,    0x02, 0x02,
					0,    0, 0, 0, 0x01, 0x86, 0xdd};

	dec_with(DEC_DLT_EN10MB, eth, sizeof(eth), 1);
	cr_assert_eq(D.link.ethertype, 0x86dd);
}

Test(link, en10mb_8021q)
{
	static const uint8_t eth[18] = {
		/* dst, src */
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01,
		/* 802.1Q: TPID 0x8100, PCP 5, VID 100 */
		0x81, 0x00, 0xa0, 0x64,
		/* ethertype IPv4 */
		0x08, 0x00};

	dec_with(DEC_DLT_EN10MB, eth, sizeof(eth), 0);
	cr_assert_eq(D.link.nvlan, 1);
	cr_assert_eq(D.link.vlan_tpid[0], 0x8100);
	cr_assert_eq(D.link.vlan_tci[0], 0xa064);
	cr_assert_eq(D.link.ethertype, 0x0800);
}

Test(link, en10mb_qinq)
{
	static const uint8_t eth[22] = {/* dst, src */
					0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0,
					0, 0x01,
					/* 802.1ad S-tag: TPID 0x88a8, VID 10 */
					0x88, 0xa8, 0x00, 0x0a,
					/* 802.1Q C-tag: TPID 0x8100, VID 20 */
					0x81, 0x00, 0x00, 0x14,
					/* ethertype IPv6 */
					0x86, 0xdd};

	dec_with(DEC_DLT_EN10MB, eth, sizeof(eth), 1);
	cr_assert_eq(D.link.nvlan, 2);
	cr_assert_eq(D.link.vlan_tpid[0], 0x88a8);
	cr_assert_eq(D.link.vlan_tci[0], 10);
	cr_assert_eq(D.link.vlan_tpid[1], 0x8100);
	cr_assert_eq(D.link.vlan_tci[1], 20);
}

Test(link, en10mb_three_tags)
{
	static const uint8_t eth[26] = {
		/* dst, src */
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01,
		/* 0x88a8 VID 1, 0x8100 VID 2, 0x8100 VID 3 */
		0x88, 0xa8, 0x00, 0x01, 0x81, 0x00, 0x00, 0x02, 0x81, 0x00,
		0x00, 0x03,
		/* ethertype IPv4 */
		0x08, 0x00};

	dec_with(DEC_DLT_EN10MB, eth, sizeof(eth), 0);
	cr_assert_eq(D.link.nvlan, 3);
	cr_assert_eq(D.link.vlan_tci[0], 1);
	cr_assert_eq(D.link.vlan_tci[1], 2);
	cr_assert_eq(D.link.vlan_tci[2], 3);
}

/* Ten tags: the first DEC_MAX_VLAN are kept, the rest walked. */
Test(link, en10mb_more_tags_than_kept)
{
	uint8_t eth[12 + 4 * 10 + 2];
	int i;

	memcpy(eth, MAC_DST, 6);
	memcpy(eth + 6, MAC_SRC, 6);
	for (i = 0; i < 10; i++) {
		/* 0x8100, VID i + 1 */
		eth[12 + 4 * i] = 0x81;
		eth[13 + 4 * i] = 0x00;
		eth[14 + 4 * i] = 0x00;
		eth[15 + 4 * i] = (uint8_t)(i + 1);
	}
	eth[52] = 0x08; /* ethertype IPv4 */
	eth[53] = 0x00;
	dec_with(DEC_DLT_EN10MB, eth, sizeof(eth), 0);
	cr_assert_eq(D.link.nvlan, DEC_MAX_VLAN);
	for (i = 0; i < DEC_MAX_VLAN; i++)
		cr_assert_eq(D.link.vlan_tci[i], i + 1);
}

Test(link, en10mb_non_ip_is_not_icmp)
{
	uint8_t frame[60] = {/* broadcast dst, src, ethertype ARP, then zeros */
			     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
			     0,	   0,	 0,    0,    0x01, 0x08, 0x06};
	struct dec_pkt d;

	/* An ARP frame whose body happens to look like IPv4+ICMP. */
	memcpy(frame + 14, ip4, ip4len);
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, frame, sizeof(frame)),
		     DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
	/* The same behind a VLAN tag. */
	frame[12] = 0x81;
	frame[13] = 0x00;
	frame[14] = 0x00;
	frame[15] = 0x05;
	frame[16] = 0x08;
	frame[17] = 0x06;
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, frame, sizeof(frame)),
		     DEC_NOT_ICMP);
}

Test(link, linux_sll)
{
	static const uint8_t sll[16] = {
		/* packet type 0 (to us), ARPHRD_ETHER 1, address length 6 */
		0x00, 0x00, 0x00, 0x01, 0x00, 0x06,
		/* address (8 bytes, 6 used), protocol IPv4 */
		0x02, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0x08, 0x00};

	dec_with(DEC_DLT_LINUX_SLL, sll, sizeof(sll), 0);
	cr_assert_eq(D.link.has_sll, 1);
	cr_assert_eq(D.link.sll_pkttype, 0);
	cr_assert_eq(D.link.has_mac, 1);
	cr_assert_arr_eq(D.link.src_mac, MAC_SRC, 6);
	cr_assert_eq(D.link.sll_ifindex, 0);
	cr_assert_eq(D.link.ethertype, 0x0800);
}

Test(link, linux_sll_outgoing_v6_no_mac)
{
	static const uint8_t sll[16] = {
		/* packet type 4 (outgoing), ARPHRD_NONE 0xfffe, addr len 0 */
		0x00, 0x04, 0xff, 0xfe, 0x00, 0x00,
		/* address unused, protocol IPv6 */
		0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd};

	dec_with(DEC_DLT_LINUX_SLL, sll, sizeof(sll), 1);
	cr_assert_eq(D.link.sll_pkttype, 4);
	cr_assert_eq(D.link.has_mac, 0);
}

Test(link, linux_sll2_ifindex)
{
	static const uint8_t sll2[20] = {
		/* protocol IPv6, reserved, interface index 7 */
		0x86, 0xdd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
		/* ARPHRD_ETHER, packet type 4 (outgoing), address length 6 */
		0x00, 0x01, 0x04, 0x06,
		/* address (8 bytes, 6 used) */
		0x02, 0, 0, 0, 0, 0x01, 0x00, 0x00};

	dec_with(DEC_DLT_LINUX_SLL2, sll2, sizeof(sll2), 1);
	cr_assert_eq(D.link.has_sll, 1);
	cr_assert_eq(D.link.sll_ifindex, 7);
	cr_assert_eq(D.link.sll_pkttype, 4);
	cr_assert_eq(D.link.has_mac, 1);
	cr_assert_arr_eq(D.link.src_mac, MAC_SRC, 6);
}

Test(link, linux_sll2_large_ifindex_v4)
{
	static const uint8_t sll2[20] = {
		/* protocol IPv4, reserved, interface index 0x01020304 */
		0x08, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
		/* ARPHRD_ETHER, packet type 0, address length 6, address */
		0x00, 0x01, 0x00, 0x06, 0x02, 0, 0, 0, 0, 0x01, 0x00, 0x00};

	dec_with(DEC_DLT_LINUX_SLL2, sll2, sizeof(sll2), 0);
	cr_assert_eq(D.link.sll_ifindex, 0x01020304u);
	cr_assert_eq(D.link.sll_pkttype, 0);
}

Test(link, raw_12_and_101_and_14_both_versions)
{
	static const int dlts[] = {DEC_DLT_RAW, DEC_DLT_LINKTYPE_RAW,
				   DEC_DLT_RAW14};
	size_t i;

	for (i = 0; i < NELEM(dlts); i++) {
		dec_with(dlts[i], NULL, 0, 0);
		dec_with(dlts[i], NULL, 0, 1);
	}
}

Test(link, raw_non_ip_version)
{
	uint8_t b[64];
	struct dec_pkt d;

	memcpy(b, ip4, ip4len);
	b[0] = 0x55; /* version 5 */
	cr_assert_eq(decode(&d, DEC_DLT_RAW, b, ip4len), DEC_NOT_ICMP);
}

Test(link, ipv4_228_and_ipv6_229)
{
	dec_with(DEC_DLT_IPV4, NULL, 0, 0);
	dec_with(DEC_DLT_IPV6, NULL, 0, 1);
}

Test(link, null_af_inet_both_byte_orders)
{
	/* AF_INET = 2 as written by a little-endian host ... */
	static const uint8_t le[4] = {0x02, 0x00, 0x00, 0x00};
	/* ... and by a big-endian one. */
	static const uint8_t be[4] = {0x00, 0x00, 0x00, 0x02};

	dec_with(DEC_DLT_NULL, le, 4, 0);
	cr_assert_eq(D.link.null_family, 2);
	dec_with(DEC_DLT_NULL, be, 4, 0);
	cr_assert_eq(D.link.null_family, 2);
}

Test(link, null_af_inet6_all_bsd_values)
{
	static const uint8_t fams[] = {10, 24, 28, 30};
	size_t i;

	for (i = 0; i < NELEM(fams); i++) {
		const uint8_t le[4] = {fams[i], 0, 0, 0};
		const uint8_t be[4] = {0, 0, 0, fams[i]};

		dec_with(DEC_DLT_NULL, le, 4, 1);
		cr_assert_eq(D.link.null_family, fams[i]);
		dec_with(DEC_DLT_NULL, be, 4, 1);
		cr_assert_eq(D.link.null_family, fams[i]);
	}
}

Test(link, null_other_family_not_icmp)
{
	/* AF 7 (not IP) in front of a valid IPv4 packet. */
	uint8_t b[64] = {0x07, 0x00, 0x00, 0x00};
	struct dec_pkt d;

	memcpy(b + 4, ip4, ip4len);
	cr_assert_eq(decode(&d, DEC_DLT_NULL, b, 4 + ip4len), DEC_NOT_ICMP);
}

Test(link, loop_network_order)
{
	/* LOOP: family in network byte order, AF_INET then Darwin's
	 * AF_INET6 30. */
	static const uint8_t v4[4] = {0x00, 0x00, 0x00, 0x02};
	static const uint8_t v6[4] = {0x00, 0x00, 0x00, 0x1e};

	dec_with(DEC_DLT_LOOP, v4, 4, 0);
	cr_assert_eq(D.link.null_family, 2);
	dec_with(DEC_DLT_LOOP, v6, 4, 1);
	cr_assert_eq(D.link.null_family, 30);
}

Test(link, ppp_with_and_without_address_control)
{
	/* HDLC address 0xff, control 0x03, protocol 0x0021 (IPv4) */
	static const uint8_t hdlc4[4] = {0xff, 0x03, 0x00, 0x21};
	/* the same for IPv6 (0x0057) */
	static const uint8_t hdlc6[4] = {0xff, 0x03, 0x00, 0x57};
	/* address/control compressed away: protocol only */
	static const uint8_t bare4[2] = {0x00, 0x21};
	static const uint8_t bare6[2] = {0x00, 0x57};
	/* protocol field compressed to one byte */
	static const uint8_t pfc4[1] = {0x21};

	dec_with(DEC_DLT_PPP, hdlc4, 4, 0);
	dec_with(DEC_DLT_PPP, hdlc6, 4, 1);
	dec_with(DEC_DLT_PPP, bare4, 2, 0);
	dec_with(DEC_DLT_PPP, bare6, 2, 1);
	dec_with(DEC_DLT_PPP, pfc4, 1, 0);
	dec_with(DEC_DLT_PPP_SERIAL, hdlc4, 4, 0);
}

Test(link, ppp_non_ip_protocol)
{
	/* ff 03, protocol 0xc021 (LCP) */
	uint8_t b[64] = {0xff, 0x03, 0xc0, 0x21};
	struct dec_pkt d;

	memcpy(b + 4, ip4, ip4len);
	cr_assert_eq(decode(&d, DEC_DLT_PPP, b, 4 + ip4len), DEC_NOT_ICMP);
}

Test(link, cisco_hdlc_on_ppp_serial)
{
	/* Cisco HDLC: address 0x0f, control 0, ethertype IPv6 */
	static const uint8_t chdlc[4] = {0x0f, 0x00, 0x86, 0xdd};

	dec_with(DEC_DLT_PPP_SERIAL, chdlc, 4, 1);
}

Test(link, slip)
{
	/* BSD SLIP: direction byte and 15 bytes of saved header */
	static const uint8_t slip[16] = {0};

	dec_with(DEC_DLT_SLIP, slip, 16, 0);
}

/* MACsec (802.1AE) without encryption: the SecTAG is walked and the
 * 16-byte ICV after the IP packet is cut off by the IP total length. */
static const uint8_t MACSEC_SCI[30] = {
	/* dst, src, ethertype MACsec */
	0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0xe5,
	/* TCI: V=0 ES=0 SC=1 SCB=0 E=0 C=0, AN 0; SL 0; PN 1 */
	0x20, 0x00, 0x00, 0x00, 0x00, 0x01,
	/* SCI: MAC + port 1 */
	0x02, 0, 0, 0, 0, 0x01, 0x00, 0x01,
	/* inner ethertype IPv4 */
	0x08, 0x00};

Test(link, macsec_unencrypted_with_sci)
{
	dec_with(DEC_DLT_EN10MB, MACSEC_SCI, sizeof(MACSEC_SCI), 0);
	cr_assert_eq(D.link.ethertype, 0x0800);
}

Test(link, macsec_unencrypted_without_sci_v6)
{
	static const uint8_t no_sci[22] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0,
					   0, 0, 0x01, 0x88, 0xe5,
					   /* TCI 0x00 (no SCI), SL 0, PN 7 */
					   0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
					   /* inner ethertype IPv6 */
					   0x86, 0xdd};

	dec_with(DEC_DLT_EN10MB, no_sci, sizeof(no_sci), 1);
}

Test(link, macsec_icv_trailer_ignored)
{
	uint8_t b[256];
	size_t n = frame2(b, MACSEC_SCI, sizeof(MACSEC_SCI), ip4, ip4len);
	struct dec_pkt d;

	/* A 16-byte ICV that would break the ICMP checksum if summed. */
	memset(b + n, 0x5a, 16);
	check_p4(&d, decode(&d, DEC_DLT_EN10MB, b, n + 16));
	cr_assert_eq(d.ip_caplen, ip4len);
}

Test(link, macsec_encrypted_is_opaque)
{
	uint8_t b[256];
	size_t n = frame2(b, MACSEC_SCI, sizeof(MACSEC_SCI), ip4, ip4len);
	struct dec_pkt d;

	b[14] = 0x2c; /* TCI: SC, E (encrypted), C (changed) */
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, b, n), DEC_NOT_ICMP);
	b[14] = 0x28; /* E alone */
	cr_assert_eq(decode(&d, DEC_DLT_EN10MB, b, n), DEC_NOT_ICMP);
}

Test(link, unknown_dlt_not_icmp)
{
	struct dec_pkt d;

	cr_assert_eq(decode(&d, 147 /* USER0 */, ip4, ip4len), DEC_NOT_ICMP);
	cr_assert_eq(d.flags, 0);
}

/* A record cut inside the link header: LINKTRUNC, not ICMP. */
Test(link, cut_in_link_header)
{
	static const uint8_t eth[18] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01,
		/* 802.1Q tag, then the capture ends inside the ethertype */
		0x81, 0x00, 0x00, 0x01, 0x08, 0x00};
	struct dec_pkt d;
	size_t k;

	for (k = 0; k < sizeof(eth); k++) {
		cr_assert_eq(decode_cap(&d, DEC_DLT_EN10MB, eth, k, 100),
			     DEC_NOT_ICMP);
		cr_assert(d.flags & DEC_F_LINKTRUNC, "caplen %zu", k);
	}
}

/* Solaris ipnet: the family byte decides (2 IPv4, 26 IPv6). */
Test(link, ipnet_both_families_and_cut)
{
	uint8_t h[24] = {2, 2, 0, 0, 0, 0, 0, 84, 0, 0, 0, 3};
	static uint8_t buf[128];
	size_t n;

	dec_with(DEC_DLT_IPNET, h, sizeof(h), 0);
	h[1] = 26;
	dec_with(DEC_DLT_IPNET, h, sizeof(h), 1);
	h[1] = 10; /* Linux AF_INET6 is not Solaris' */
	n = frame2(buf, h, sizeof(h), ip6, ip6len);
	cr_assert_eq(decode(&D, DEC_DLT_IPNET, buf, n), DEC_NOT_ICMP);
	cr_assert_eq(D.flags, 0);
	cr_assert_eq(decode_cap(&D, DEC_DLT_IPNET, buf, 23, n), DEC_NOT_ICMP);
	cr_assert(D.flags & DEC_F_LINKTRUNC);
}

/* IP over InfiniBand: 40 bytes of addresses, ethertype, reserved. */
Test(link, ipoib_both_versions_and_cut)
{
	uint8_t h[44];
	static uint8_t buf[128];
	size_t n;

	memset(h, 0xab, sizeof(h));
	put16(h + 40, 0x0800);
	put16(h + 42, 0);
	dec_with(DEC_DLT_IPOIB, h, sizeof(h), 0);
	put16(h + 40, 0x86dd);
	dec_with(DEC_DLT_IPOIB, h, sizeof(h), 1);
	put16(h + 40, 0x0806); /* ARP */
	n = frame2(buf, h, sizeof(h), ip4, ip4len);
	cr_assert_eq(decode(&D, DEC_DLT_IPOIB, buf, n), DEC_NOT_ICMP);
	cr_assert_eq(decode_cap(&D, DEC_DLT_IPOIB, buf, 43, n), DEC_NOT_ICMP);
	cr_assert(D.flags & DEC_F_LINKTRUNC);
}
