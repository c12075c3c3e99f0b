/* ND options decoded into struct dec_ndval (decode/body.c): what the
 * printers read instead of the option's bytes. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[1024];

/* A router advertisement carrying the options in opts. */
static void
ra_with(const uint8_t *opts, size_t n)
{
	uint8_t m[512] = {134, 0, 0, 0, 64, 0, 0x07, 0x08};

	memcpy(m + 16, opts, n);
	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, 16 + n));
}

static void
first_opt(struct dec_ndopt *o, struct dec_ndval *v)
{
	size_t off = d.icmp.opt_off;

	cr_assert(dec_ndopt_next(&d.icmp, &off, o));
	cr_assert(dec_ndopt_val(o, v));
}

Test(ndopt, link_address_and_mtu)
{
	uint8_t o[] = {1, 1, 2, 0, 0x5e, 0, 0x53, 1, 5, 1, 0, 0, 0, 0, 5, 0xdc};
	struct dec_ndopt op;
	struct dec_ndval v;
	size_t off;
	static const uint8_t mac[6] = {2, 0, 0x5e, 0, 0x53, 1};

	ra_with(o, sizeof(o));
	off = d.icmp.opt_off;
	cr_assert(dec_ndopt_next(&d.icmp, &off, &op));
	cr_assert(dec_ndopt_val(&op, &v));
	cr_assert_eq(memcmp(v.mac, mac, 6), 0);
	cr_assert(dec_ndopt_next(&d.icmp, &off, &op));
	cr_assert(dec_ndopt_val(&op, &v));
	cr_assert_eq(v.mtu, 1500);
}

Test(ndopt, prefix_information)
{
	uint8_t o[32] = {3,    4, 64, 0xc0, 0, 0,    0x0e, 0x10, 0,    0, 0x07,
			 0x08, 0, 0,  0,    0, 0x20, 0x01, 0x0d, 0xb8, 0, 1};
	struct dec_ndopt op;
	struct dec_ndval v;

	ra_with(o, sizeof(o));
	first_opt(&op, &v);
	cr_assert_eq(v.plen, 64);
	cr_assert_eq(v.flags, 0xc0);
	cr_assert_eq(v.valid, 3600);
	cr_assert_eq(v.preferred, 1800);
	cr_assert_eq(v.prefix[5], 1);
	cr_assert(strstr(text_line(&d, 2),
			 "prefix-info (3), length 32: 2001:db8:1::/64, "
			 "flags [LA], valid 3600s, preferred 1800s"),
		  "%s", text_line(&d, 2));
	/* Cut to 24 bytes: too short for a value. */
	o[1] = 3;
	ra_with(o, 24);
	{
		size_t off = d.icmp.opt_off;

		cr_assert(dec_ndopt_next(&d.icmp, &off, &op));
		cr_assert_not(dec_ndopt_val(&op, &v));
	}
}

Test(ndopt, rdnss_servers)
{
	uint8_t o[40] = {25, 5, 0, 0, 0, 0, 0x02, 0x58, A6(1), A6(2)};
	struct dec_ndopt op;
	struct dec_ndval v;

	ra_with(o, sizeof(o));
	first_opt(&op, &v);
	cr_assert_eq(v.lifetime, 600);
	cr_assert_eq(v.naddrs, 2);
	cr_assert_eq(dec_addr6_at(v.addrs, 1)[15], 2);
	cr_assert_eq(v.names_len, 0);
}

Test(ndopt, dnssl_names)
{
	/* "example.com", then "a.b" with its last label cut by the end */
	uint8_t o[32] = {31,  4,   0,	0,   0,	  0,   0,   60,	 7,   'e', 'x',
			 'a', 'm', 'p', 'l', 'e', 3,   'c', 'o', 'm', 0,   1,
			 'a', 9,   'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'};
	struct dec_ndopt op;
	struct dec_ndval v;
	struct dec_dnsname nm;
	size_t off = 0;

	ra_with(o, sizeof(o));
	first_opt(&op, &v);
	cr_assert_eq(v.lifetime, 60);
	cr_assert(dec_dnssl_next(&v, &off, &nm));
	cr_assert_eq(nm.len, 11);
	cr_assert_eq(memcmp(nm.text, "example.com", 11), 0);
	cr_assert(dec_dnssl_next(&v, &off, &nm));
	cr_assert_eq(nm.len, 10);
	cr_assert_eq(memcmp(nm.text, "a.bcdefghi", 10), 0);
	cr_assert_not(dec_dnssl_next(&v, &off, &nm));
}

Test(ndopt, mld2_records)
{
	/* two records: include 1 source, exclude none with 1 aux word */
	uint8_t m[8 + 36 + 24] = {143,	0,    0, 0, 0, 0, 0,	 2, 1, 0, 0,
				  1,	0xff, 2, 0, 0, 0, 0,	 0, 0, 0, 0,
				  0,	0,    0, 0, 0, 9, A6(5), 2, 1, 0, 0,
				  0xff, 2,    0, 0, 0, 0, 0,	 0, 0, 0, 0,
				  0,	0,    0, 0, 8, 0, 0,	 0, 0};
	struct dec_mldrec r;
	size_t off = 0;

	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
	cr_assert_eq(d.icmp.count, 2);
	cr_assert(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert_eq(r.type, 1);
	cr_assert_eq(r.nsrc_cap, 1);
	cr_assert_eq(dec_addr6_at(r.srcs, 0)[15], 5);
	cr_assert(dec_mld2_next(&d.icmp, &off, &r));
	cr_assert_eq(r.type, 2);
	cr_assert_eq(r.aux_len, 1);
	cr_assert_eq(r.group[15], 8);
}
