/* Replay's rewriting (inject/rewrite.c) without a link: packets built
 * here, rewritten by rw_packet(), then read back by the shared decoder.
 * Every checksum must still be right: the ICMP one (dec_ip() says
 * DEC_CK_OK), the IPv4 header ones and, in quotes that hold the whole
 * datagram, the transport one, each summed here again from scratch. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../decode/cksum.h"
#include "../../decode/dec.h"
#include "../../inject/rewrite.h"

enum { P_ICMP = 1, P_TCP = 6, P_UDP = 17, P_ICMP6 = 58 };

static struct rw_maps M;
static char err[CLI_ERRBUF];

static void
addr(const char *s, uint8_t a[16])
{
	memset(a, 0, 16);
	cr_assert(inet_pton(strchr(s, ':') ? AF_INET6 : AF_INET, s, a) == 1,
		  "%s", s);
}

static void
map(int dst, const char *arg)
{
	cr_assert_eq(rw_parse_map(&M, dst, arg, err), 0, "%s: %s", arg, err);
}

/* The transport checksum field of proto, from its header. */
static size_t
ck_off(int proto)
{
	return proto == P_UDP ? 6 : proto == P_TCP ? 16 : 2;
}

/* The sum a transport checksum covers besides its own bytes. */
static uint32_t
pseudo(const uint8_t *ip, int proto, size_t l4len)
{
	uint8_t ph[12];

	if (ip[0] >> 4 == 6)
		return ck_pseudo6(ip + 8, ip + 24, (uint32_t)l4len,
				  (uint8_t)proto);
	if (proto == P_ICMP)
		return 0;
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = (uint8_t)proto;
	ph[10] = (uint8_t)(l4len >> 8);
	ph[11] = (uint8_t)l4len;
	return ck_add(0, ph, 12);
}

/* An IP packet of version ver from src to dst around the transport bytes
 * l4, its checksums computed; returns its length. */
static size_t
mk(uint8_t *p, int ver, const char *src, const char *dst, int proto,
   const uint8_t *l4, size_t l4len)
{
	size_t h = ver == 6 ? 40 : 20, tot = h + l4len;
	uint8_t a[16], *t = p + h;
	uint16_t ck;

	memset(p, 0, h);
	if (ver == 6) {
		p[0] = 0x60;
		p[4] = (uint8_t)(l4len >> 8);
		p[5] = (uint8_t)l4len;
		p[6] = (uint8_t)proto;
		p[7] = 64;
	} else {
		p[0] = 0x45;
		p[2] = (uint8_t)(tot >> 8);
		p[3] = (uint8_t)tot;
		p[4] = 0x12;
		p[8] = 64;
		p[9] = (uint8_t)proto;
	}
	addr(src, a);
	memcpy(p + (ver == 6 ? 8 : 12), a, ver == 6 ? 16 : 4);
	addr(dst, a);
	memcpy(p + (ver == 6 ? 24 : 16), a, ver == 6 ? 16 : 4);
	memcpy(t, l4, l4len);
	t[ck_off(proto)] = t[ck_off(proto) + 1] = 0;
	ck = ck_fold(ck_add(pseudo(p, proto, l4len), t, l4len));
	t[ck_off(proto)] = (uint8_t)(ck >> 8);
	t[ck_off(proto) + 1] = (uint8_t)ck;
	if (ver == 4) {
		ck = ck_fold(ck_add(0, p, 20));
		p[10] = (uint8_t)(ck >> 8);
		p[11] = (uint8_t)ck;
	}
	return tot;
}

/* An echo request from src to dst. */
static size_t
echo(uint8_t *p, int ver, const char *src, const char *dst)
{
	uint8_t m[24] = {ver == 6 ? 128 : 8,
			 0,
			 0,
			 0,
			 0x12,
			 0x34,
			 0,
			 1,
			 'i',
			 'c',
			 'm',
			 'p',
			 'k',
			 'i',
			 't'};

	return mk(p, ver, src, dst, ver == 6 ? P_ICMP6 : P_ICMP, m, sizeof(m));
}

/* An error from src to dst quoting the whole datagram q (qlen bytes). */
static size_t
error(uint8_t *p, int ver, const char *src, const char *dst, const uint8_t *q,
      size_t qlen)
{
	uint8_t m[600] = {ver == 6 ? 1 : 3, ver == 6 ? 4 : 3};

	memcpy(m + 8, q, qlen);
	return mk(p, ver, src, dst, ver == 6 ? P_ICMP6 : P_ICMP, m, 8 + qlen);
}

/* A UDP (or TCP) datagram with a few bytes of payload. */
static size_t
dgram(uint8_t *p, int ver, const char *src, const char *dst, int proto)
{
	uint8_t t[28] = {0x30, 0x39, 0x82, 0x9a};

	if (proto == P_UDP) {
		t[5] = 12;
		memcpy(t + 8, "data", 4);
		return mk(p, ver, src, dst, proto, t, 12);
	}
	t[12] = 0x50; /* data offset: 5 words */
	memcpy(t + 20, "tcp-data", 8);
	return mk(p, ver, src, dst, proto, t, 28);
}

static void
rewrite(uint8_t *p, size_t len)
{
	struct dec_pkt d;

	memset(&d, 0, sizeof(d));
	d.caplen = d.wirelen = (uint32_t)len;
	d.pkt = p;
	dec_ip(&d, p, len, len);
	rw_packet(&M, p, len, &d);
}

static void
check_ip4(const uint8_t *ip)
{
	cr_assert_eq(ck_fold(ck_add(0, ip, (size_t)(ip[0] & 15) * 4)), 0,
		     "IPv4 header checksum");
}

/* The checksums of the whole IP packet at ip (len bytes), and of the
 * datagram it quotes if it is an error. */
static void
check(const uint8_t *ip, size_t len)
{
	struct dec_pkt d;
	const uint8_t *q;
	size_t qh, ql;

	memset(&d, 0, sizeof(d));
	d.caplen = d.wirelen = (uint32_t)len;
	d.pkt = ip;
	cr_assert_eq(dec_ip(&d, ip, len, len), DEC_ICMP);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK, "ICMP checksum");
	if (ip[0] >> 4 == 4)
		check_ip4(ip);
	if (!d.icmp.q.present)
		return;
	q = d.icmp.data + 8;
	ql = len - (size_t)(q - ip);
	qh = q[0] >> 4 == 6 ? 40 : (size_t)(q[0] & 15) * 4;
	if (q[0] >> 4 == 4)
		check_ip4(q);
	if (d.icmp.q.proto == P_UDP && !q[qh + 6] && !q[qh + 7])
		return; /* no checksum sent */
	cr_assert_eq(ck_fold(ck_add(pseudo(q, d.icmp.q.proto, ql - qh), q + qh,
				    ql - qh)),
		     0, "quoted transport checksum");
}

/* The address at off of the IP header p is s. */
static void
is(const uint8_t *p, size_t off, const char *s)
{
	uint8_t a[16];

	addr(s, a);
	cr_assert(!memcmp(p + off, a, p[0] >> 4 == 6 ? 16 : 4),
		  "address at %zu is not %s", off, s);
}

static void
reset(void)
{
	memset(&M, 0, sizeof(M));
}

TestSuite(rewrite, .init = reset);

/* An echo request through --src-ip and --dst-ip maps. */
struct echo_case {
	int ver;
	const char *src, *dst, *smap[3], *dmap[3], *want_src, *want_dst;
};

static const struct echo_case echo_cases[] = {
	{4,
	 "198.51.100.2",
	 "203.0.113.2",
	 {"198.51.100.2=198.51.100.9"},
	 {NULL},
	 "198.51.100.9",
	 "203.0.113.2"},
	/* The first map that matches wins. */
	{4,
	 "198.51.100.2",
	 "203.0.113.2",
	 {NULL},
	 {"203.0.113.2=203.0.113.200", "203.0.113.0/24=198.51.100.0/24"},
	 "198.51.100.2",
	 "203.0.113.200"},
	/* Prefixes that end inside a byte; NEW takes OLD's length. */
	{4,
	 "198.51.100.2",
	 "203.0.113.5",
	 {"198.51.100.0/25=203.0.113.128/25"},
	 {"203.0.113.0/24=198.51.100.0"},
	 "203.0.113.130",
	 "198.51.100.5"},
	/* Nothing matches: nothing changes. */
	{4,
	 "198.51.100.2",
	 "203.0.113.5",
	 {"198.51.101.0/24=203.0.113.0/24"},
	 {"2001:db8::/32=2001:db8::/32"},
	 "198.51.100.2",
	 "203.0.113.5"},
	/* v6: the ICMPv6 checksum covers the addresses (pseudo-header). */
	{6,
	 "2001:db8:1::2",
	 "2001:db8:2::2",
	 {"2001:db8:1::/48=2001:db8:a::/48"},
	 {"198.51.100.0/24=203.0.113.0/24", "2001:db8:2::2=2001:db8:b::7"},
	 "2001:db8:a::2",
	 "2001:db8:b::7"},
	{6,
	 "2001:db8:1::2",
	 "2001:db8:2::2",
	 {"2001:db8:1::2/127=2001:db8::/127"},
	 {NULL},
	 "2001:db8::",
	 "2001:db8:2::2"},
};

Test(rewrite, echo_maps)
{
	size_t i, k;

	for (i = 0; i < sizeof(echo_cases) / sizeof(echo_cases[0]); i++) {
		const struct echo_case *e = &echo_cases[i];
		uint8_t p[128];
		size_t n = echo(p, e->ver, e->src, e->dst);

		reset();
		for (k = 0; k < 3; k++) {
			if (e->smap[k])
				map(0, e->smap[k]);
			if (e->dmap[k])
				map(1, e->dmap[k]);
		}
		rewrite(p, n);
		is(p, e->ver == 6 ? 8 : 12, e->want_src);
		is(p, e->ver == 6 ? 24 : 16, e->want_dst);
		check(p, n);
	}
}

Test(rewrite, ttl_and_hop_limit)
{
	uint8_t p[128];
	size_t n = echo(p, 4, "198.51.100.2", "203.0.113.2");

	M.have_ttl = 1;
	M.ttl = 3;
	rewrite(p, n);
	cr_assert_eq(p[8], 3);
	cr_assert_eq(p[9], P_ICMP);
	check(p, n);
	n = echo(p, 6, "2001:db8:1::2", "2001:db8:2::2");
	rewrite(p, n);
	cr_assert_eq(p[7], 3);
	check(p, n);
}

/* A port unreachable from the server S about a datagram C -> S: the quote
 * went the other way, so its source C is tried against the --dst-ip maps
 * first and its destination S against the --src-ip maps first. */
static void
quoted(int ver, int proto, const char *c, const char *s, const char *c2,
       const char *s2)
{
	uint8_t q[128], p[256];
	char m[96];
	size_t qn = dgram(q, ver, c, s, proto), n, h = ver == 6 ? 40 : 20;
	size_t so = ver == 6 ? 8 : 12, dof = ver == 6 ? 24 : 16;

	n = error(p, ver, s, c, q, qn);
	snprintf(m, sizeof(m), "%s=%s", s, s2);
	map(0, m); /* the error's source: S */
	snprintf(m, sizeof(m), "%s=%s", c, c2);
	map(1, m); /* the error's destination: C */
	rewrite(p, n);
	is(p, so, s2);
	is(p, dof, c2);
	is(p + h + 8, so, c2);
	is(p + h + 8, dof, s2);
	check(p, n);
}

/* v4 and v6, a quoted UDP and a quoted TCP header. */
Test(rewrite, quoted_udp_tcp)
{
	static const char *a4[] = {"198.51.100.2", "203.0.113.2",
				   "198.51.100.77", "203.0.113.77"};
	static const char *a6[] = {"2001:db8:1::2", "2001:db8:2::2",
				   "2001:db8:1::77", "2001:db8:2::77"};
	int ver, proto;

	for (ver = 4; ver <= 6; ver += 2)
		for (proto = P_TCP; proto <= P_UDP; proto += P_UDP - P_TCP) {
			const char **a = ver == 6 ? a6 : a4;

			reset();
			quoted(ver, proto, a[0], a[1], a[2], a[3]);
		}
}

/* Only --src-ip maps given, as when the client side moves: the outer
 * destination (the client) is left, the quoted source is rewritten by
 * them, after the --dst-ip maps found nothing. */
Test(rewrite, quote_other_role)
{
	uint8_t q[128], p[256];
	size_t qn = dgram(q, 4, "198.51.100.2", "203.0.113.2", P_UDP), n;

	n = error(p, 4, "198.51.100.1", "198.51.100.2", q, qn);
	map(0, "198.51.100.0/24=203.0.113.0/24");
	rewrite(p, n);
	is(p, 12, "203.0.113.1");
	is(p, 16, "198.51.100.2");
	is(p + 28, 12, "203.0.113.2");
	is(p + 28, 16, "203.0.113.2");
	check(p, n);
}

/* A quoted ICMPv6 echo: its checksum covers the quoted pseudo-header. */
Test(rewrite, quote6_icmp6)
{
	uint8_t q[128], p[256];
	size_t qn = echo(q, 6, "2001:db8:1::2", "2001:db8:2::2"), n;

	n = error(p, 6, "2001:db8:2::2", "2001:db8:1::2", q, qn);
	map(1, "2001:db8:1::/64=2001:db8:3::/64");
	rewrite(p, n);
	is(p, 24, "2001:db8:3::2");
	is(p + 48, 8, "2001:db8:3::2");
	check(p, n);
}

/* A UDP checksum of zero means none: it stays zero. */
Test(rewrite, quote_udp_without_checksum)
{
	uint8_t q[128], p[256];
	size_t qn = dgram(q, 4, "198.51.100.2", "203.0.113.2", P_UDP), n;

	q[26] = q[27] = 0;
	n = error(p, 4, "203.0.113.2", "198.51.100.2", q, qn);
	map(1, "198.51.100.2=198.51.100.3");
	rewrite(p, n);
	cr_assert(!p[28 + 26] && !p[28 + 27]);
	is(p + 28, 12, "198.51.100.3");
	check(p, n);
}

Test(rewrite, parse_errors)
{
	static const char *bad[] = {
		"198.51.100.1",
		"198.51.100.1=",
		"=198.51.100.1",
		"198.51.100.0/24=2001:db8::/24",
		"198.51.100.0/24=203.0.113.0/25",
		"198.51.100.0/33=203.0.113.0",
		"198.51.100.0/=203.0.113.0",
		"host=203.0.113.0",
	};
	size_t i;
	int k;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(rw_parse_map(&M, (int)i & 1, bad[i], err), -1,
			     "%s", bad[i]);
		cr_assert(strstr(err, bad[i]) &&
				  strstr(err, i & 1 ? "--dst-ip" : "--src-ip"),
			  "%s", err);
	}
	cr_assert_eq(M.nsrc + M.ndst, 0);
	for (k = 0; k < RW_MAXMAP; k++)
		map(0, "198.51.100.0/24=203.0.113.0");
	cr_assert_eq(rw_parse_map(&M, 0, "198.51.100.1=203.0.113.1", err), -1);
	cr_assert_str_eq(err, "at most 16 maps per option");
	map(1, "198.51.100.1=203.0.113.1");
}
