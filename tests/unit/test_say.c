/* decode/print_say.c: what the default line of an error says happened. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[512];
static struct sbuf S;

/* An error of the given type and code quoting 192.0.2.1 -> 203.0.113.9,
 * protocol proto, ports 40000 -> 7777; word 4..7 of the error is mtu. */
static size_t
err4(uint8_t type, uint8_t code, uint8_t proto, uint16_t mtu, size_t qlen)
{
	uint8_t m[36] = {type,
			 code,
			 0,
			 0,
			 0,
			 0,
			 (uint8_t)(mtu >> 8),
			 (uint8_t)mtu,
			 0x45,
			 0x00,
			 0x00,
			 0x28,
			 0x0b,
			 0xad,
			 0x40,
			 0x00,
			 0x01,
			 proto,
			 0x00,
			 0x00,
			 0xc0,
			 0x00,
			 0x02,
			 0x01,
			 0xcb,
			 0x00,
			 0x71,
			 0x09,
			 0x9c,
			 0x40,
			 0x1e,
			 0x61,
			 0x00,
			 0x14,
			 0x00,
			 0x00};

	return mk_icmp4(pkt, m, 8 + qlen);
}

static const char *
line(int verbose)
{
	struct pr_opts o = {.verbose = verbose};

	sb_init(&S);
	pr_text(&S.o, &d, &o);
	return sb_str(&S);
}

struct scase {
	uint8_t type, code, proto;
	const char *says;
};

static const struct scase CASES4[] = {
	{3, 0, 17, ", net 203.0.113.9 unreachable, length"},
	{3, 1, 17, ", host 203.0.113.9 unreachable, length"},
	{3, 2, 132, ", 203.0.113.9 protocol sctp unreachable, length"},
	{3, 2, 99, ", 203.0.113.9 protocol 99 unreachable, length"},
	{3, 3, 17, ", 203.0.113.9 udp port 7777 unreachable, length"},
	{3, 3, 6, ", 203.0.113.9 tcp port 7777 unreachable, length"},
	{3, 3, 99, ", 203.0.113.9 port unreachable, length"},
	{3, 4, 17,
	 ", 203.0.113.9 unreachable - frag needed and DF set (mtu 1280), "
	 "length"},
	{3, 9, 17, ", net 203.0.113.9 unreachable - admin prohibited,"},
	{3, 10, 17, ", host 203.0.113.9 unreachable - admin prohibited,"},
	{3, 13, 17,
	 ", host 203.0.113.9 unreachable - admin prohibited filter, length"},
	{11, 0, 17, ", time exceeded in-transit for 203.0.113.9, length"},
	{11, 1, 17, ", ip reassembly time exceeded for 203.0.113.9, length"},
};

Test(say, v4_every_case)
{
	size_t i;

	for (i = 0; i < sizeof(CASES4) / sizeof(CASES4[0]); i++) {
		const struct scase *c = &CASES4[i];

		decode(&d, DEC_DLT_RAW, pkt,
		       err4(c->type, c->code, c->proto, 1280, 28));
		cr_assert(strstr(line(0), c->says), "%u/%u: %s", c->type,
			  c->code, S.mem);
		/* -v keeps the sentence and the full quote below it. */
		cr_assert(strstr(line(1), c->says), "%s", S.mem);
		cr_assert(strstr(S.mem, "\n\tquoted: IP 192.0.2.1"), "%s",
			  S.mem);
	}
}

Test(say, frag_needed_mtu_said_once)
{
	decode(&d, DEC_DLT_RAW, pkt, err4(3, 4, 17, 1400, 28));
	cr_assert(strstr(line(0), "(port-unreachable)") == NULL);
	cr_assert(strstr(S.mem, "(frag-needed), 203.0.113.9 unreachable"), "%s",
		  S.mem);
	cr_assert_null(strstr(S.mem, ", mtu 1400"), "%s", S.mem);
	cr_assert(strstr(S.mem, "(mtu 1400)"), "%s", S.mem);
}

Test(say, nothing_without_a_quoted_header)
{
	/* 19 bytes of quote: not even the IPv4 header. */
	decode(&d, DEC_DLT_RAW, pkt, err4(3, 3, 17, 0, 19));
	cr_assert_str_eq(
		strstr(line(0), "ICMP "),
		"ICMP dest-unreachable (port-unreachable), length 27\n", "%s",
		S.mem);
	/* frag needed without its quote still shows the MTU field */
	decode(&d, DEC_DLT_RAW, pkt, err4(3, 4, 17, 1400, 0));
	cr_assert(strstr(line(0), "(frag-needed), mtu 1400, length 8"), "%s",
		  S.mem);
	/* codes past the table: only the code */
	decode(&d, DEC_DLT_RAW, pkt, err4(3, 16, 17, 0, 28));
	cr_assert(strstr(line(0), "(code 16), length"), "%s", S.mem);
}

Test(say, v6_port_and_prohibited)
{
	uint8_t m[56] = {1, 4, 0, 0, 0, 0, 0, 0,
			 /* quoted IPv6: payload 8, UDP, hlim 1 */
			 0x60, 0, 0, 0, 0, 8, 17, 1, A6(1), A6(9),
			 /* UDP 40000 -> 7777 */
			 0x9c, 0x40, 0x1e, 0x61, 0x00, 0x08, 0x00, 0x00};

	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
	cr_assert(strstr(line(0), "ICMP6 dest-unreachable (port-unreachable), "
				  "2001:db8::9 udp port 7777 unreachable, "),
		  "%s", S.mem);
	m[1] = 1;
	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
	cr_assert(strstr(line(0),
			 ", 2001:db8::9 unreachable - admin prohibited, "),
		  "%s", S.mem);
	m[1] = 0;
	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
	cr_assert(strstr(line(0), ", no route to 2001:db8::9, "), "%s", S.mem);
	m[0] = 3;
	decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, sizeof(m)));
	cr_assert(strstr(line(0), "time exceeded in-transit for 2001:db8::9"),
		  "%s", S.mem);
}
