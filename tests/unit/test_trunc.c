/* Every capture length of a few packets: no crash (run the -san build),
 * truncation always flagged, nothing flagged at full length.  Each cut
 * copy lives in a heap block of exactly caplen bytes so that AddressSanitizer
 * catches any read past it, by the decoder or by the printers. */
#include <stdlib.h>

#include "pkts.h"

static const uint8_t ETH4[14] = {0x02, 0, 0, 0, 0,    0x02, 0x02,
				 0,    0, 0, 0, 0x01, 0x08, 0x00};
static const uint8_t ETH6[14] = {0x02, 0, 0, 0, 0,    0x02, 0x02,
				 0,    0, 0, 0, 0x01, 0x86, 0xdd};

/* ICMPv6 port unreachable quoting UDP behind a fragment header. */
static const uint8_t UNREACH6[64] = {
	0x01, 0x04, 0x00, 0x00, 0,    0,    0,	  0,	    0x60,
	0x00, 0x00, 0x00, 0x04, 0xd8, 0x2c, 0x01, A6(0x01), A6(0x99),
	0x11, 0x00, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,	    0x9c,
	0x40, 0x82, 0x9a, 0x04, 0xd0, 0x00, 0x00};

/* ICMP time exceeded quoting an echo request. */
static const uint8_t TIMEX4[36] = {
	0x0b, 0x00, 0x00, 0x00, 0,    0,    0,	  0,	0x45, 0x00, 0x00, 0x54,
	0x00, 0x02, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01,
	0xcb, 0x00, 0x71, 0x09, 0x08, 0x00, 0xaa, 0xbb, 0x12, 0x34, 0x00, 0x05};

/* Print the decoded packet every way there is (into a string). */
static void
print_all(const struct dec_pkt *d)
{
	static struct sbuf s;
	struct pr_opts o = {.verbose = 2, .link = 1, .hex = 1};
	struct pr_opts q = {0};

	sb_init(&s);
	pr_text(&s.o, d, &o);
	pr_json(&s.o, d, &o);
	pr_text(&s.o, d, &q);
	pr_json(&s.o, d, &q);
	cr_assert_lt(s.o.len, sizeof(s.mem) - 1);
	if (d->flags & DEC_F_TRUNC)
		cr_assert(strstr(sb_str(&s), "\"truncated\":true"));
}

/* Decode full[0..k) for every k, with the wire length full (a snapshot
 * cut) and with the wire length k (the frame itself is short). */
static void
sweep(int dlt, const uint8_t *full, size_t n)
{
	size_t k;
	int wiremode;

	for (wiremode = 0; wiremode < 2; wiremode++)
		for (k = 0; k <= n; k++) {
			uint8_t *b = malloc(k ? k : 1);
			struct dec_pkt d;
			int rc;

			cr_assert_not_null(b);
			memcpy(b, full, k);
			rc = decode_cap(&d, dlt, b, k, wiremode ? k : n);
			if (k < n) {
				cr_assert(d.flags & (DEC_F_TRUNC |
						     DEC_F_LINKTRUNC),
					  "caplen %zu of %zu (wire %s): flags "
					  "%#x",
					  k, n, wiremode ? "short" : "full",
					  d.flags);
			} else {
				cr_assert_eq(rc, DEC_ICMP);
				cr_assert_eq(d.flags, 0, "why %s",
					     d.why ? d.why : "-");
				cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
			}
			if (rc == DEC_ICMP) {
				cr_assert_leq(d.icmp.caplen, k);
				if (k < n)
					cr_assert_neq(d.icmp.cksum_status,
						      DEC_CK_OK, "caplen %zu",
						      k);
				print_all(&d);
			}
			free(b);
		}
}

Test(trunc, echo_request_every_caplen)
{
	uint8_t f[128];
	uint8_t ip[64];
	size_t n = frame2(f, ETH4, 14, ip, mk_p4(ip));

	sweep(DEC_DLT_EN10MB, f, n);
	sweep(DEC_DLT_RAW, ip, n - 14);
}

Test(trunc, echo6_every_caplen)
{
	uint8_t f[128];
	uint8_t ip[64];
	size_t n = frame2(f, ETH6, 14, ip, mk_p6(ip));

	sweep(DEC_DLT_EN10MB, f, n);
}

Test(trunc, router_advertisement_every_caplen)
{
	uint8_t f[256];
	uint8_t ip[256];
	size_t n = frame2(f, ETH6, 14, ip, mk_icmp6(ip, P6_RA, sizeof(P6_RA)));

	sweep(DEC_DLT_EN10MB, f, n);
}

Test(trunc, errors_with_quotes_every_caplen)
{
	uint8_t f[256];
	uint8_t ip[256];
	size_t n;

	n = frame2(f, ETH6, 14, ip, mk_icmp6(ip, UNREACH6, sizeof(UNREACH6)));
	sweep(DEC_DLT_EN10MB, f, n);
	n = frame2(f, ETH4, 14, ip, mk_icmp4(ip, TIMEX4, sizeof(TIMEX4)));
	sweep(DEC_DLT_EN10MB, f, n);
}

Test(trunc, sll2_vlan_every_caplen)
{
	static const uint8_t sll2[24] = {
		/* SLL2: protocol 0x8100, reserved, ifindex 3, ARPHRD_ETHER,
		 * pkttype 0, address length 6, address */
		0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01,
		0x00, 0x06, MAC1, 0x00, 0x00,
		/* VLAN 7, then IPv4 */
		0x00, 0x07, 0x08, 0x00};
	uint8_t f[128];
	uint8_t ip[64];
	size_t n = frame2(f, sll2, sizeof(sll2), ip, mk_p4(ip));

	sweep(DEC_DLT_LINUX_SLL2, f, n);
}

/* An echo request cut inside its id or sequence number: neither is
 * shown (nor tracked) as if it had been captured.  (Was a bug: fld_idseq
 * set has_idseq on a short read, so JSON said "seq":0; fixed in 8fd3ed2.) */
Test(trunc, idseq_not_invented_when_cut)
{
	uint8_t ip[64];
	size_t n = mk_p4(ip), k;
	struct dec_pkt d;
	static struct sbuf s;
	struct pr_opts o = {0};

	for (k = 20 + 2; k < 20 + 8; k++) {
		cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, ip, k, n), DEC_ICMP);
		cr_assert(d.flags & DEC_F_TRUNC);
		cr_expect_eq(d.icmp.has_idseq, 0,
			     "ICMP caplen %zu: has_idseq 1 with id %u seq %u",
			     k - 20, d.icmp.id, d.icmp.seq);
		sb_init(&s);
		pr_json(&s.o, &d, &o);
		cr_expect_null(strstr(sb_str(&s), "\"seq\""), "%s", s.mem);
	}
}

/* Type-specific fields cut by the capture are not printed either. */
Test(trunc, cut_fields_not_printed)
{
	/* timestamp request: id 1, seq 2, originate 3600000, then cut */
	static const uint8_t ts[20] = {0x0d, 0x00, 0x00, 0x00, 0x00, 0x01,
				       0x00, 0x02, 0x00, 0x36, 0xee, 0x80};
	/* frag-needed, cut before the MTU */
	static const uint8_t fn[8] = {0x03, 0x04, 0x00, 0x00,
				      0x00, 0x00, 0x05, 0x78};
	uint8_t ip[64];
	size_t n = mk_icmp4(ip, ts, sizeof(ts));
	struct dec_pkt d;
	static struct sbuf s;
	struct pr_opts o = {0};

	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, ip, 20 + 14, n), DEC_ICMP);
	cr_assert_eq(d.icmp.has_idseq, 1);
	sb_init(&s);
	pr_text(&s.o, &d, &o);
	pr_json(&s.o, &d, &o);
	cr_assert(strstr(sb_str(&s), ", id 1, seq 2"), "%s", s.mem);
	cr_assert_null(strstr(s.mem, "org"), "%s", s.mem);
	cr_assert_null(strstr(s.mem, "originate"), "%s", s.mem);

	n = mk_icmp4(ip, fn, sizeof(fn));
	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, ip, 20 + 6, n), DEC_ICMP);
	sb_init(&s);
	pr_text(&s.o, &d, &o);
	pr_json(&s.o, &d, &o);
	cr_assert_null(strstr(sb_str(&s), "mtu"), "%s", s.mem);
}
