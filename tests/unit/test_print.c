/* decode/print.c: text and JSON Lines. */
#include <stdlib.h>
#include <unistd.h>

#include <criterion/hooks.h>
#include <time.h>

#include "../../decode/track.h"
#include "pkts.h"

/* Text times are local: every test of this binary expects UTC ones,
 * whatever zone the machine is in (the tests that need another zone set
 * their own).  Set once, before the tests start. */
ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	(void)set;
	setenv("TZ", "UTC", 1);
	tzset();
}

static struct dec_pkt d;
static uint8_t pkt[512];
static struct sbuf S;

static const char *
text(int verbose, int link, int hex)
{
	struct pr_opts o = {.verbose = verbose, .link = link, .hex = hex};

	sb_init(&S);
	pr_text(&S.o, &d, &o);
	return sb_str(&S);
}

static const char *
json(int verbose, int link)
{
	struct pr_opts o = {.verbose = verbose, .link = link};

	sb_init(&S);
	pr_json(&S.o, &d, &o);
	return sb_str(&S);
}

static void
echo4(void)
{
	size_t n = mk_p4(pkt);

	check_p4(&d, decode(&d, DEC_DLT_RAW, pkt, n));
}

static const char ECHO4_TEXT[] =
	"22:13:20.123456 IP 192.0.2.1 > 198.51.100.2: ICMP echo-request, "
	"id 43981, seq 1, length 16\n";

static const char ECHO4_JSON[] =
	"{\"frame\":1,\"ts\":\"2023-11-14T22:13:20.123456789Z\",\"ip\":4,"
	"\"src\":\"192.0.2.1\",\"dst\":\"198.51.100.2\",\"ttl\":64,"
	"\"proto\":\"icmp\",\"type\":8,\"code\":0,\"name\":\"echo-request\","
	"\"checksum\":\"ok\",\"ip_checksum\":\"ok\",\"len\":16,\"id\":43981,"
	"\"seq\":1}\n";

Test(print, text_echo_request_exact)
{
	echo4();
	cr_assert_str_eq(text(0, 0, 0), ECHO4_TEXT);
}

Test(print, text_verbose_echo_request_exact)
{
	echo4();
	cr_assert_str_eq(text(1, 0, 0),
			 "22:13:20.123456 IP (tos 0x0, ttl 64, id 4660, "
			 "offset 0, flags [DF], proto ICMP (1), length 36) "
			 "192.0.2.1 > 198.51.100.2: ICMP echo-request, id "
			 "43981, seq 1, length 16, cksum 0xba9b (ok)\n");
}

Test(print, json_echo_request_exact_and_keys)
{
	static const char *const keys[] = {
		"\"frame\":1,",
		"\"ts\":\"2023-11-14T22:13:20.123456789Z\"",
		"\"ip\":4,",
		"\"src\":\"192.0.2.1\"",
		"\"dst\":\"198.51.100.2\"",
		"\"ttl\":64,",
		"\"proto\":\"icmp\"",
		"\"type\":8,",
		"\"code\":0,",
		"\"name\":\"echo-request\"",
		"\"checksum\":\"ok\"",
		"\"len\":16,",
		"\"id\":43981,",
		"\"seq\":1}",
	};
	const char *j;
	size_t i;

	echo4();
	j = json(0, 0);
	for (i = 0; i < NELEM(keys); i++)
		cr_assert_not_null(strstr(j, keys[i]), "missing %s in %s",
				   keys[i], j);
	cr_assert_str_eq(j, ECHO4_JSON);
}

Test(print, json_verbose_adds_ip_fields)
{
	echo4();
	cr_assert(strstr(json(1, 0), ",\"tos\":0,\"ip_id\":4660,\"df\":true,"
				     "\"ip_len\":36,\"cksum\":47771"),
		  "%s", S.mem);
}

Test(print, frame_number_large)
{
	echo4();
	d.frame = 12345678901ull;
	cr_assert(strstr(json(0, 0), "{\"frame\":12345678901,"));
}

Test(print, echo6_text_and_json)
{
	size_t n = mk_p6(pkt);

	check_p6(&d, decode(&d, DEC_DLT_RAW, pkt, n));
	cr_assert_str_eq(text(0, 0, 0),
			 "22:13:20.123456 IP6 2001:db8::1 > 2001:db8::2: "
			 "ICMP6 echo-request, id 4660, seq 7, length 16\n");
	cr_assert(strstr(json(0, 0), ",\"ip\":6,\"src\":\"2001:db8::1\","
				     "\"dst\":\"2001:db8::2\",\"ttl\":64,"
				     "\"proto\":\"icmp6\",\"type\":128,"),
		  "%s", S.mem);
	cr_assert(strstr(json(1, 0), ",\"tos\":0,\"flow\":0,\"ip_len\":56,"));
}

Test(print, link_header_text_and_json)
{
	static const uint8_t eth[18] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0,
					0, 0x01,
					/* 802.1Q PCP 5 VID 100 */
					0x81, 0x00, 0xa0, 0x64, 0x08, 0x00};
	uint8_t ip[64];
	size_t n = frame2(pkt, eth, sizeof(eth), ip, mk_p4(ip));

	check_p4(&d, decode(&d, DEC_DLT_EN10MB, pkt, n));
	cr_assert_str_eq(text(0, 1, 0),
			 "22:13:20.123456 02:00:00:00:00:01 > "
			 "02:00:00:00:00:02, vlan 100, p 5, ethertype IPv4, "
			 "length 54: IP 192.0.2.1 > 198.51.100.2: ICMP "
			 "echo-request, id 43981, seq 1, length 16\n");
	cr_assert(strstr(json(0, 0), ",\"vlan\":[100]"));
	cr_assert_null(strstr(S.mem, "eth_src"));
	cr_assert(strstr(json(0, 1), ",\"eth_src\":\"02:00:00:00:00:01\","
				     "\"eth_dst\":\"02:00:00:00:00:02\""),
		  "%s", S.mem);
}

/* An ICMPv6 echo in SLL2 on interface 7 with the packet type given (0
 * to us, 4 outgoing). */
static void
sll2_echo6(uint8_t pkttype)
{
	uint8_t sll2[20] = {0x86, 0xdd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
			    /* ARPHRD_ETHER, pkttype, address length 6 */
			    0x00, 0x01, pkttype, 0x06, MAC1, 0x00, 0x00};
	uint8_t ip[64];
	size_t n = frame2(pkt, sll2, sizeof(sll2), ip, mk_p6(ip));

	check_p6(&d, decode(&d, DEC_DLT_LINUX_SLL2, pkt, n));
}

Test(print, sll2_ifindex)
{
	sll2_echo6(4);
	cr_assert(strstr(json(0, 0), ",\"ifindex\":7,\"direction\":\"out\""),
		  "%s", S.mem);
	cr_assert_null(strstr(S.mem, "ifname"));
	/* The interface and direction start the line, as tcpdump -i any;
	 * -e adds the link header without saying the direction again. */
	cr_assert(strstr(text(0, 0, 0), "20.123456 ifindex 7 Out IP6 "), "%s",
		  S.mem);
	cr_assert(strstr(text(0, 1, 0), "20.123456 ifindex 7 Out ifindex 7 "
					"02:00:00:00:00:01 ethertype IPv6, "
					"length 76: IP6 "),
		  "%s", S.mem);
}

/* A name the caller knows (sniff -i any, pcapng): tcpdump 4.99's columns,
 * "%-5s " and the direction in three. */
Test(print, interface_name_and_direction)
{
	sll2_echo6(0);
	d.ifname = "lo";
	cr_assert(strstr(text(0, 0, 0), "20.123456 lo    In  IP6 "), "%s",
		  S.mem);
	d.ifname = "veth\"x";
	cr_assert(strstr(text(0, 0, 0), "20.123456 veth\"x In  IP6 "), "%s",
		  S.mem);
	cr_assert(strstr(json(0, 0), ",\"ifname\":\"veth\\\"x\","
				     "\"direction\":\"in\""),
		  "%s", S.mem);
	/* Not SLL: the direction the caller read (pcapng epb_flags). */
	echo4();
	d.ifname = "eth0";
	d.ifdir = DEC_DIR_OUT;
	cr_assert(strstr(text(0, 0, 0), "20.123456 eth0  Out IP "), "%s",
		  S.mem);
	cr_assert(strstr(json(0, 0), ",\"ifname\":\"eth0\","
				     "\"direction\":\"out\""),
		  "%s", S.mem);
	d.ifname = NULL;
	cr_assert(strstr(text(0, 0, 0), "20.123456 IP "), "%s", S.mem);
}

Test(print, null_family_text)
{
	static const uint8_t af[4] = {0x1e, 0, 0, 0}; /* Darwin AF_INET6 */
	uint8_t ip[64];
	size_t n = frame2(pkt, af, 4, ip, mk_p6(ip));

	check_p6(&d, decode(&d, DEC_DLT_NULL, pkt, n));
	cr_assert(strstr(text(0, 1, 0), " AF 30, ethertype IPv6, length 60: "),
		  "%s", S.mem);
}

Test(print, rtt_and_dup)
{
	echo4();
	d.matched = 1;
	d.reply_to = 7;
	d.rtt_ns = 1234567;
	cr_assert(strstr(text(0, 0, 0), ", length 16, rtt 1.235 ms\n"), "%s",
		  S.mem);
	cr_assert(strstr(json(0, 0), ",\"rtt_ms\":1.234567,\"reply_to\":7}"),
		  "%s", S.mem);
	d.dup = 1;
	cr_assert(strstr(text(0, 0, 0), ", rtt 1.235 ms (DUP!)\n"));
	cr_assert(strstr(json(0, 0), ",\"reply_to\":7,\"dup\":true}"));
	/* Sub-microsecond and negative RTTs (merged captures). */
	d.dup = 0;
	d.rtt_ns = 499;
	cr_assert(strstr(text(0, 0, 0), ", rtt 0.000 ms\n"), "%s", S.mem);
	cr_assert(strstr(json(0, 0), ",\"rtt_ms\":0.000499,"));
	d.rtt_ns = -1500;
	cr_assert(strstr(json(0, 0), ",\"rtt_ms\":-0.001500,"), "%s", S.mem);
	cr_assert(strstr(text(0, 0, 0), ", rtt -0.002 ms\n"), "%s", S.mem);
}

Test(print, bad_checksum)
{
	size_t n = mk_p4(pkt);

	pkt[30] ^= 0xff;
	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(strstr(text(0, 0, 0), ", length 16, bad cksum\n"), "%s",
		  S.mem);
	cr_assert(strstr(text(1, 0, 0),
			 ", cksum 0xba9b (bad, should be 0x819b)\n"),
		  "%s", S.mem);
	cr_assert(strstr(json(0, 0), ",\"checksum\":\"bad\","
				     "\"cksum_expected\":33179,"),
		  "%s", S.mem);
	/* The IPv4 header is still right. */
	cr_assert(strstr(S.mem, ",\"ip_checksum\":\"ok\","), "%s", S.mem);
	cr_assert_null(strstr(text(1, 0, 0), "bad cksum"), "%s", S.mem);
}

/* A wrong IPv4 header checksum: tcpdump's words with -v, JSON, stats. */
Test(print, bad_ip_header_checksum)
{
	static struct trk t;
	size_t n = mk_p4(pkt);
	uint16_t right = (uint16_t)(pkt[10] << 8 | pkt[11]);

	pkt[10] ^= 0x40;
	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.ip.ck_status, DEC_CK_BAD);
	cr_assert_eq(d.ip.cksum_expected, right);
	cr_assert(strstr(text(1, 0, 0), ", length 36, bad cksum 7c6e "
					"(->3c6e)!) 192.0.2.1 > "),
		  "%s", S.mem);
	cr_assert_null(strstr(text(0, 0, 0), "bad"), "%s", S.mem);
	cr_assert(strstr(json(0, 0), ",\"checksum\":\"ok\",\"ip_checksum\":"
				     "\"bad\",\"ip_cksum_expected\":15470,"),
		  "%s", S.mem);
	trk_init(&t);
	trk_packet(&t, &d, DEC_ICMP);
	cr_assert_eq(t.st.ip_ck_bad, 1);
	sb_init(&S);
	pr_stats_text(&S.o, &t);
	cr_assert(strstr(sb_str(&S), "  IPv4 header checksum bad: 1\n"), "%s",
		  S.mem);
	sb_init(&S);
	pr_stats_json(&S.o, &t);
	cr_assert(strstr(sb_str(&S), ",\"ip_checksum_bad\":1"), "%s", S.mem);
	/* IPv6 has no header checksum: no key. */
	n = mk_p6(pkt);
	decode(&d, DEC_DLT_RAW, pkt, n);
	cr_assert_null(strstr(json(0, 0), "ip_checksum"), "%s", S.mem);
}

Test(print, truncated_and_malformed)
{
	size_t n = mk_p4(pkt);

	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, pkt, n - 4, n), DEC_ICMP);
	cr_assert(strstr(text(0, 0, 0), ", length 16 [truncated: cut by the "
					"snapshot length]\n"),
		  "%s", S.mem);
	cr_assert(strstr(json(0, 0), ",\"checksum\":\"unverified\","));
	cr_assert(strstr(S.mem, ",\"truncated\":true"));
	cr_assert(strstr(S.mem, ",\"why\":\"cut by the snapshot length\""));
	cr_assert_null(strstr(S.mem, "malformed"));

	/* mask request of 8 bytes */
	{
		static const uint8_t m[8] = {0x11, 0, 0, 0, 0, 1, 0, 1};

		n = mk_icmp4(pkt, m, sizeof(m));
		cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
		cr_assert(strstr(text(0, 0, 0), " [malformed: ICMP message "
						"shorter than its type]\n"),
			  "%s", S.mem);
		cr_assert(strstr(json(0, 0), ",\"malformed\":true"));
	}
}

Test(print, hex_dump)
{
	echo4();
	cr_assert(strstr(text(0, 0, 1),
			 ", length 16\n"
			 "\t0x0000:  4500 0024 1234 4000 4001 3c6e c000 0201  "
			 "E..$.4@.@.<n....\n"
			 "\t0x0010:  c633 6402 0800 ba9b abcd 0001 6162 6364  "
			 ".3d.........abcd\n"
			 "\t0x0020:  6566 6768                                "
			 "efgh\n"),
		  "%s", S.mem);
}

static const char *
text_opts(const struct pr_opts *o)
{
	sb_init(&S);
	pr_text(&S.o, &d, o);
	return sb_str(&S);
}

/* -x, -xx, -XX, -A, -# and the -t forms through pr_text. */
Test(print, tcpdump_letters)
{
	static uint8_t rec[14 + 36];
	struct pr_opts o = {.xhex = 1};

	echo4();
	cr_assert(strstr(text_opts(&o),
			 ", length 16\n"
			 "\t0x0000:  4500 0024 1234 4000 4001 3c6e c000 0201\n"
			 "\t0x0010:  c633 6402 0800 ba9b abcd 0001 6162 6364\n"
			 "\t0x0020:  6566 6768\n"),
		  "%s", S.mem);
	o = (struct pr_opts){.ascii = 1};
	cr_assert(strstr(text_opts(&o), ", length 16\nE..$.4@.@.<n.....3d."
					"........abcdefgh\n"),
		  "%s", S.mem);
	/* -X wins over -x and -A */
	o = (struct pr_opts){.ascii = 1, .xhex = 1, .hex = 1};
	cr_assert(strstr(text_opts(&o), "0201  E..$"), "%s", S.mem);
	o = (struct pr_opts){.number = 1, .tstamp = PR_TS_NONE};
	d.frame = 42;
	cr_assert(strncmp(text_opts(&o), "   42  IP 192.0.2.1 > ", 22) == 0,
		  "%s", S.mem);
	d.frame = 1234567;
	cr_assert(strncmp(text_opts(&o), "1234567  IP ", 12) == 0, "%s", S.mem);
	o = (struct pr_opts){.tstamp = PR_TS_EPOCH};
	cr_assert(strncmp(text_opts(&o), "1700000000.123456 IP ", 21) == 0,
		  "%s", S.mem);
	o = (struct pr_opts){.tstamp = PR_TS_DATE};
	cr_assert(strncmp(text_opts(&o), "2023-11-14 22:13:20.123456 IP ",
			  30) == 0,
		  "%s", S.mem);
	/* -xx and -XX: from the link-layer header on */
	memset(rec, 0x02, 12);
	rec[12] = 0x08;
	rec[13] = 0x00;
	memcpy(rec + 14, pkt, 36);
	decode(&d, DEC_DLT_EN10MB, rec, sizeof(rec));
	o = (struct pr_opts){.xhex = 2};
	cr_assert(strstr(text_opts(&o), "\t0x0000:  0202 0202 0202 0202 0202 "
					"0202 0800 4500\n"),
		  "%s", S.mem);
	o = (struct pr_opts){.hex = 2};
	cr_assert(strstr(text_opts(&o), "0800 4500  ..............E.\n"), "%s",
		  S.mem);
}

Test(print, router_advertisement_text_vv)
{
	size_t n = mk_icmp6(pkt, P6_RA, sizeof(P6_RA));
	const char *t;

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	t = text(2, 0, 0);
	cr_assert(strstr(t, ": ICMP6 router-advertisement, hop limit 64, "
			    "flags [MO], router lifetime 1800s, reachable "
			    "30000ms, retrans 1000ms, length 112, cksum 0x"),
		  "%s", t);
	cr_assert_str_eq(strstr(t, " (ok)\n"),
			 " (ok)\n"
			 "\t  slla (1), length 8: 02:00:00:00:00:01\n"
			 "\t  mtu (5), length 8: 1500\n"
			 "\t  prefix-info (3), length 32: 2001:db8:1::/64, "
			 "flags [LA], valid 86400s, preferred 14400s\n"
			 "\t  rdnss (25), length 24: lifetime 600s, "
			 "2001:db8::53\n"
			 "\t  dnssl (31), length 24: lifetime 600s, "
			 "example.com\n");
	/* -v alone does not list the options */
	cr_assert_null(strstr(text(1, 0, 0), "slla"));
}

Test(print, router_advertisement_json)
{
	size_t n = mk_icmp6(pkt, P6_RA, sizeof(P6_RA));
	const char *j;

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	j = json(0, 0);
	cr_assert(strstr(j, ",\"hop_limit\":64,\"flags\":192,"
			    "\"router_lifetime\":1800,\"reachable\":30000,"
			    "\"retrans\":1000"),
		  "%s", j);
	cr_assert(strstr(j, ",\"options\":["
			    "{\"type\":1,\"name\":\"slla\",\"len\":8,"
			    "\"mac\":\"02:00:00:00:00:01\"},"
			    "{\"type\":5,\"name\":\"mtu\",\"len\":8,"
			    "\"mtu\":1500},"
			    "{\"type\":3,\"name\":\"prefix-info\",\"len\":32,"
			    "\"prefix\":\"2001:db8:1::/64\",\"onlink\":true,"
			    "\"auto\":true,\"valid\":86400,"
			    "\"preferred\":14400},"
			    "{\"type\":25,\"name\":\"rdnss\",\"len\":24,"
			    "\"lifetime\":600,\"servers\":[\"2001:db8::53\"]},"
			    "{\"type\":31,\"name\":\"dnssl\",\"len\":24,"
			    "\"lifetime\":600,\"domains\":[\"example.com\"]}"
			    "]"),
		  "%s", j);
}

/* Wire bytes in DNSSL labels are escaped in both outputs; two names. */
Test(print, dnssl_hostile_labels_escaped)
{
	static const uint8_t rs[40] = {
		/* RS, reserved */
		0x85, 0x00, 0x00, 0x00, 0, 0, 0, 0,
		/* DNSSL, length 4 (32 bytes), reserved, lifetime 1 */
		0x1f, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		/* label a"\<LF>, label <ff>b, end */
		4, 'a', '"', '\\', '\n', 2, 0xff, 'b', 0,
		/* second name: "x", end; padding */
		1, 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	size_t n = mk_icmp6(pkt, rs, sizeof(rs));

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert_eq(d.flags, 0);
	cr_assert(strstr(json(0, 0), ",\"domains\":[\"a\\\"\\\\\\u000a."
				     "\\u00ffb\",\"x\"]"),
		  "%s", S.mem);
	cr_assert(strstr(text(2, 0, 0), "dnssl (31), length 32: lifetime 1s, "
					"a\\\"\\\\\\u000a.\\u00ffb, x\n"),
		  "%s", S.mem);
}

Test(print, bad_nd_options_shown)
{
	/* NS, target, a zero-length option */
	static const uint8_t ns[32] = {0x87, 0,	   0, 0, 0, 0, 0, 0, A6(2),
				       0x0e, 0x00, 1, 2, 3, 4, 5, 6};
	/* NS, target, an option claiming 16 bytes with 8 left */
	static const uint8_t ov[32] = {0x87, 0, 0,     0,    0,	   0,
				       0,    0, A6(2), 0x01, 0x02, MAC1};
	size_t n = mk_icmp6(pkt, ns, sizeof(ns));

	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(strstr(text(2, 0, 0), "\n\t  nonce (14), length 0 "
					"[malformed: zero length]\n"),
		  "%s", S.mem);
	cr_assert(strstr(json(0, 0), "{\"type\":14,\"name\":\"nonce\","
				     "\"len\":0,\"error\":\"zero-length\"}"),
		  "%s", S.mem);
	n = mk_icmp6(pkt, ov, sizeof(ov));
	cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
	cr_assert(strstr(text(2, 0, 0), "slla (1), length 16 [malformed: "
					"overrun]\n"),
		  "%s", S.mem);
	cr_assert(strstr(json(0, 0), "\"error\":\"overrun\"}"));
	/* cut by the capture */
	n = mk_icmp6(pkt, P6_RA, sizeof(P6_RA));
	cr_assert_eq(decode_cap(&d, DEC_DLT_RAW, pkt, n - 10, n), DEC_ICMP);
	cr_assert(strstr(text(2, 0, 0), "dnssl (31), length 24 "
					"[truncated]\n"),
		  "%s", S.mem);
	cr_assert(strstr(json(0, 0), "\"error\":\"truncated\"}"));
}

/* Type-specific fields in both outputs, one row per type. */
struct fcase {
	int ver;
	uint8_t msg[64];
	size_t len;
	const char *text, *json;
};

static const struct fcase FIELDS[] = {
	{4,
	 {0x05, 0x00, 0, 0, 0xc0, 0x00, 0x02, 0xfe},
	 8,
	 ", gateway 192.0.2.254, length 8",
	 ",\"gateway\":\"192.0.2.254\""},
	{4,
	 {0x09, 0x00, 0, 0, 0x01, 0x02, 0x00, 0x1e, 0xc0, 0, 2, 1, 0, 0, 0, 0},
	 16,
	 ", 1 addrs, lifetime 30, length 16",
	 ",\"addrs\":1,\"lifetime\":30"},
	{4,
	 {0x0c, 0x00, 0, 0, 0x07, 0, 0, 0},
	 8,
	 ", pointer 7,",
	 ",\"pointer\":7"},
	{4,
	 {0x0d, 0x00, 0, 0, 0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5},
	 20,
	 ", id 1, seq 2, org 3, recv 4, xmit 5,",
	 ",\"id\":1,\"seq\":2,\"originate\":3,\"receive\":4,\"transmit\":5"},
	{4,
	 {0x12, 0x00, 0, 0, 0, 1, 0, 2, 255, 255, 0, 0},
	 12,
	 ", mask 255.255.0.0,",
	 ",\"mask\":\"255.255.0.0\""},
	{4,
	 {0x03, 0x04, 0, 0, 0, 0, 0x02, 0x40},
	 8,
	 " (frag-needed), mtu 576,",
	 ",\"code_name\":\"frag-needed\","},
	{6,
	 {0x02, 0x00, 0, 0, 0, 0, 0x05, 0x00},
	 8,
	 ", mtu 1280,",
	 ",\"mtu\":1280"},
	{6,
	 {0x04, 0x00, 0, 0, 0, 0, 0, 0x2a},
	 8,
	 ", pointer 42,",
	 ",\"pointer\":42"},
	{6,
	 {0x83, 0x00, 0, 0, 0, 0, 0, 0, 0xff, 0x02, 0, 0,
	  0,	0,    0, 0, 0, 0, 0, 0, 0,    0,    0, 0xfb},
	 24,
	 ", group ff02::fb, length 24",
	 ",\"group\":\"ff02::fb\",\"max_resp\":0"},
	{6,
	 {0x82, 0x00, 0, 0, 0x03, 0xe8, 0, 0, 0xff, 0x02, 0,	0,    0,   0, 0,
	  0,	0,    0, 0, 0,	  0,	0, 0, 0xfb, 0x02, 0x7d, 0x00, 0x00},
	 28,
	 ", group ff02::fb, v2, 0 sources, length 28",
	 ",\"max_resp\":1000,\"sources\":0"},
	{6,
	 {0x8f, 0x00, 0, 0, 0, 0, 0, 0x00},
	 8,
	 ", 0 records, length 8",
	 ",\"records\":0"},
	{6,
	 {0x87, 0x00, 0, 0, 0, 0, 0, 0, A6(2)},
	 24,
	 ", who has 2001:db8::2, length 24",
	 ",\"target\":\"2001:db8::2\""},
	{6,
	 {0x88, 0x00, 0, 0, 0xa0, 0, 0, 0, A6(2)},
	 24,
	 ", tgt is 2001:db8::2, flags [RO], length 24",
	 ",\"target\":\"2001:db8::2\",\"flags\":5"},
	{6,
	 {0x89, 0x00, 0, 0, 0, 0, 0, 0, A6(0xfe), A6(0x99)},
	 40,
	 ", 2001:db8::fe to 2001:db8::99, length 40",
	 ",\"target\":\"2001:db8::fe\",\"dest\":\"2001:db8::99\""},
};

Test(print, type_specific_fields)
{
	size_t i, n;

	for (i = 0; i < NELEM(FIELDS); i++) {
		const struct fcase *f = &FIELDS[i];

		n = f->ver == 4 ? mk_icmp4(pkt, f->msg, f->len)
				: mk_icmp6(pkt, f->msg, f->len);
		cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt, n), DEC_ICMP);
		cr_assert_eq(d.flags, 0, "case %zu: flags %#x", i, d.flags);
		cr_assert(strstr(text(0, 0, 0), f->text), "case %zu: %s", i,
			  S.mem);
		cr_assert(strstr(json(0, 0), f->json), "case %zu: %s", i,
			  S.mem);
	}
}

Test(print, stats_text_and_json)
{
	static struct trk t;
	struct q {
		uint8_t b[64];
	} rq, rp;
	struct dec_pkt a, b;
	size_t n;

	trk_init(&t);
	n = mk_p4(rq.b);
	decode(&a, DEC_DLT_RAW, rq.b, n);
	a.frame = 1;
	trk_packet(&t, &a, DEC_ICMP);
	memcpy(rp.b, rq.b, n);
	memcpy(rp.b + 12, rq.b + 16, 4); /* swap the addresses */
	memcpy(rp.b + 16, rq.b + 12, 4);
	rp.b[20] = 0; /* echo reply */
	fix4(rp.b, 1);
	decode(&b, DEC_DLT_RAW, rp.b, n);
	b.frame = 2;
	b.ts_nsec += 1500000;
	trk_packet(&t, &b, DEC_ICMP);
	cr_assert_eq(b.matched, 1);

	sb_init(&S);
	pr_stats_text(&S.o, &t);
	sb_str(&S);
	cr_assert(strstr(S.mem, "  records: 2\n"), "%s", S.mem);
	cr_assert(strstr(S.mem, "  icmp echo-request: 1\n"), "%s", S.mem);
	cr_assert(strstr(S.mem, "  icmp echo-reply: 1\n"), "%s", S.mem);
	cr_assert(strstr(S.mem, "  matched pairs: 1\n"), "%s", S.mem);
	cr_assert(strstr(S.mem, "  unanswered requests: 0\n"), "%s", S.mem);
	cr_assert(strstr(S.mem, "rtt min/avg/max/mdev = 1.500/1.500/1.500/"
				"0.000 ms\n"),
		  "%s", S.mem);

	sb_init(&S);
	pr_stats_json(&S.o, &t);
	sb_str(&S);
	cr_assert(strstr(S.mem, "{\"stats\":{\"records\":2,\"icmp\":2,"), "%s",
		  S.mem);
	cr_assert(strstr(S.mem, ",\"matched\":1,"), "%s", S.mem);
	cr_assert(strstr(S.mem, ",\"rtt_min_ms\":1.500000,"), "%s", S.mem);
	cr_assert(strstr(S.mem, "}}\n"));
}

/* Every JSON line the printers produce for a varied set of packets, and
 * every truncation of them, parses with jq (the design's validator). */
static void
json_lines(FILE *fp, const uint8_t *p, size_t n, int dlt, size_t *lines)
{
	static char mem[65536];
	struct pr_opts o = {.verbose = 1, .link = 1};
	struct obuf ob;
	size_t k;

	ob_init(&ob, fp, mem, sizeof(mem));
	for (k = 0; k <= n; k++) {
		struct dec_pkt e;

		if (decode_cap(&e, dlt, p, k, n) != DEC_ICMP)
			continue;
		pr_json(&ob, &e, &o);
		(*lines)++;
	}
	cr_assert_eq(ob_flush(&ob), 0);
}

Test(print, json_valid_for_jq)
{
	static const uint8_t unreach[36] = {
		0x03, 0x03, 0,	  0,	0,    0,    0,	  0,	0x45,
		0x00, 0x00, 0x28, 0x0b, 0xad, 0x00, 0x00, 0x01, 0x11,
		0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71,
		0x09, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00, 0x00};
	static const uint8_t t77[8] = {77, 3, 0, 0, 1, 2, 3, 4};
	char path[] = "/tmp/icmpkit-unit-XXXXXX", cmd[256];
	uint8_t b[256];
	size_t lines = 0, n;
	FILE *fp;
	int fd, rc;

	if (system("command -v jq >/dev/null 2>&1") != 0)
		cr_skip_test("jq not installed");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	fp = fdopen(fd, "w");
	cr_assert_not_null(fp);
	n = mk_p4(b);
	json_lines(fp, b, n, DEC_DLT_RAW, &lines);
	n = mk_p6(b);
	json_lines(fp, b, n, DEC_DLT_RAW, &lines);
	n = mk_icmp6(b, P6_RA, sizeof(P6_RA));
	json_lines(fp, b, n, DEC_DLT_RAW, &lines);
	n = mk_icmp4(b, unreach, sizeof(unreach));
	json_lines(fp, b, n, DEC_DLT_RAW, &lines);
	n = mk_icmp4(b, t77, sizeof(t77));
	json_lines(fp, b, n, DEC_DLT_RAW, &lines);
	fclose(fp);
	cr_assert_gt(lines, 100);
	snprintf(cmd, sizeof(cmd), "test \"$(jq -c . < %s | wc -l)\" -eq %zu",
		 path, lines);
	rc = system(cmd);
	unlink(path);
	cr_assert_eq(rc, 0, "jq rejected a line or the count differs");
}
