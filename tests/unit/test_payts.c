/* Timestamps in echo payloads: every layout (timeval/timespec, 32/64-bit
 * seconds, either byte order), the closest-reading rule, the one-day
 * window, and what the printers show. */
#include "pkts.h"

static struct dec_pkt d;
static uint8_t pkt[256];

/* decode_cap() stamps every record 1700000000.123456789. */
#define CAP_SEC 1700000000LL
#define CAP_NS	123456789LL

static void
put_n(uint8_t *p, uint64_t v, int n, int le)
{
	int i;

	for (i = 0; i < n; i++)
		p[le ? i : n - 1 - i] = (uint8_t)(v >> (8 * i));
}

/* An echo request whose 56-byte payload starts with sec and frac, each
 * w bytes wide, in the given byte order; the rest is 0x00, 0x01, ... */
static int
echo_ts(uint8_t type, int64_t sec, uint64_t frac, int w, int le, size_t plen)
{
	uint8_t m[8 + 56] = {0};
	size_t i;

	m[0] = type;
	m[4] = 0x12;
	m[7] = 1;
	for (i = 0; i < 56; i++)
		m[8 + i] = (uint8_t)i;
	put_n(m + 8, (uint64_t)sec, w, le);
	put_n(m + 8 + w, frac, w, le);
	if (type >= 128)
		return decode(&d, DEC_DLT_RAW, pkt, mk_icmp6(pkt, m, 8 + plen));
	return decode(&d, DEC_DLT_RAW, pkt, mk_icmp4(pkt, m, 8 + plen));
}

static struct dec_payts t;

static void
expect(int fmt, int64_t sec, uint32_t nsec, int64_t delta)
{
	cr_assert(dec_payts(&d, &t), "no payload timestamp found");
	cr_assert_eq(t.fmt, fmt, "format %s", dec_payts_name(t.fmt));
	cr_assert_eq(t.sec, sec);
	cr_assert_eq(t.nsec, nsec);
	cr_assert_eq(t.delta_ns, delta, "delta %lld", (long long)t.delta_ns);
}

Test(payts, timeval_64_little_endian)
{
	/* Linux ping on x86-64: 250 us before the capture. */
	echo_ts(8, CAP_SEC, 123206, 8, 1, 56);
	expect(DEC_PTS_TV64LE, CAP_SEC, 123206000, CAP_NS - 123206000);
	cr_assert_str_eq(dec_payts_name(t.fmt), "timeval64-le");
}

Test(payts, every_layout)
{
	echo_ts(8, CAP_SEC, 123000, 4, 1, 56);
	expect(DEC_PTS_TV32LE, CAP_SEC, 123000000, CAP_NS - 123000000);
	echo_ts(8, CAP_SEC, 122000, 4, 0, 56);
	expect(DEC_PTS_TV32BE, CAP_SEC, 122000000, CAP_NS - 122000000);
	echo_ts(8, CAP_SEC, 123455, 8, 0, 56);
	expect(DEC_PTS_TV64BE, CAP_SEC, 123455000, CAP_NS - 123455000);
	/* Nanoseconds: a value above 999999 can only be a timespec. */
	echo_ts(8, CAP_SEC, 123456000, 8, 1, 56);
	expect(DEC_PTS_TS64LE, CAP_SEC, 123456000, 789);
	echo_ts(8, CAP_SEC, 123456700, 4, 1, 56);
	expect(DEC_PTS_TS32LE, CAP_SEC, 123456700, 89);
	echo_ts(8, CAP_SEC, 123456780, 4, 0, 56);
	expect(DEC_PTS_TS32BE, CAP_SEC, 123456780, 9);
	echo_ts(8, CAP_SEC, 103456789, 8, 0, 56);
	expect(DEC_PTS_TS64BE, CAP_SEC, 103456789, 20000000);
	cr_assert_str_eq(dec_payts_name(DEC_PTS_TS32BE), "timespec32-be");
	cr_assert_null(dec_payts_name(0));
}

Test(payts, closest_reading_wins)
{
	/* A fraction below a million is valid both as microseconds and as
	 * nanoseconds; the reading nearer the capture time is taken. */
	echo_ts(8, CAP_SEC, 123456, 8, 1, 56);
	expect(DEC_PTS_TV64LE, CAP_SEC, 123456000, 789);
	/* Captured 1 us into the second: 500 read as nanoseconds is 500 ns
	 * before it, as microseconds 499 us after it. */
	echo_ts(8, CAP_SEC, 500, 8, 1, 56);
	d.ts_nsec = 1000;
	expect(DEC_PTS_TS64LE, CAP_SEC, 500, 500);
}

Test(payts, sixty_four_bit_wins_a_tie)
{
	/* A 64-bit little-endian timeval also reads as a 32-bit one with a
	 * zero fraction (the high half of the seconds).  Captured right on
	 * the second, that reading would be exact; it is not taken once a
	 * 64-bit reading fits. */
	echo_ts(8, CAP_SEC, 500000, 8, 1, 56);
	d.ts_nsec = 0;
	cr_assert(dec_payts(&d, &t));
	cr_assert(t.fmt == DEC_PTS_TV64LE || t.fmt == DEC_PTS_TS64LE,
		  "format %s", dec_payts_name(t.fmt));
	/* With a non-zero high half it is a real 32-bit reading. */
	echo_ts(8, CAP_SEC, 123456, 4, 1, 56);
	expect(DEC_PTS_TV32LE, CAP_SEC, 123456000, 789);
}

Test(payts, sender_clock_ahead)
{
	echo_ts(8, CAP_SEC + 1, 0, 8, 1, 56);
	/* 64-bit LE, one second after the capture: the delta is
	 * negative. */
	cr_assert(dec_payts(&d, &t));
	cr_assert_eq(t.sec, CAP_SEC + 1);
	cr_assert_eq(t.delta_ns, -(1000000000LL - CAP_NS));
}

Test(payts, not_a_timestamp)
{
	/* Two days off. */
	echo_ts(8, CAP_SEC - 2 * 86400, 0, 8, 1, 56);
	cr_assert_not(dec_payts(&d, &t));
	/* Fraction out of range for both. */
	echo_ts(8, CAP_SEC, 1000000000, 4, 0, 56);
	cr_assert_not(dec_payts(&d, &t));
	/* Too short: 7 bytes of payload. */
	echo_ts(8, CAP_SEC, 1000, 4, 1, 7);
	cr_assert_not(dec_payts(&d, &t));
	/* 8 bytes: the 32-bit layouts only. */
	echo_ts(8, CAP_SEC, 1000, 4, 1, 8);
	cr_assert(dec_payts(&d, &t));
	cr_assert_eq(t.fmt, DEC_PTS_TV32LE);
	/* Not an echo: a timestamp request has its own times. */
	echo_ts(13, CAP_SEC, 1000, 4, 1, 56);
	cr_assert_not(dec_payts(&d, &t));
	/* A capture clock outside any sane range. */
	echo_ts(8, CAP_SEC, 1000, 8, 1, 56);
	d.ts_sec = -5;
	cr_assert_not(dec_payts(&d, &t));
	d.ts_sec = INT64_MAX;
	cr_assert_not(dec_payts(&d, &t));
}

Test(payts, cut_payload)
{
	size_t n;

	echo_ts(8, CAP_SEC, 123206, 8, 1, 56);
	n = mk_icmp4(pkt, pkt + 20, 64);
	/* 12 bytes of the payload captured: 32-bit layouts only, and the
	 * 64-bit LE one reads as 32-bit LE with a zero fraction. */
	decode_cap(&d, DEC_DLT_RAW, pkt, 20 + 8 + 12, n);
	cr_assert(dec_payts(&d, &t));
	cr_assert_eq(t.fmt, DEC_PTS_TV32LE);
	cr_assert_eq(t.nsec, 0);
	/* 4 bytes: nothing. */
	decode_cap(&d, DEC_DLT_RAW, pkt, 20 + 8 + 4, n);
	cr_assert_not(dec_payts(&d, &t));
}

Test(payts, icmpv6_echo_reply)
{
	echo_ts(129, CAP_SEC, 123376, 8, 1, 56);
	expect(DEC_PTS_TV64LE, CAP_SEC, 123376000, CAP_NS - 123376000);
}

Test(payts, printers)
{
	echo_ts(8, CAP_SEC, 123206, 8, 1, 56);
	cr_assert(strstr(text_line(&d, 1),
			 ", payload ts 22:13:20.123206 (delta "
			 "0.251 ms), cksum"),
		  "%s", text_line(&d, 1));
	cr_assert_null(strstr(text_line(&d, 0), "payload ts"));
	cr_assert(strstr(json_line(&d, 1), ",\"payload_ts\":{\"ts\":"
					   "\"2023-11-14T22:13:20.123206000Z\","
					   "\"delta_ms\":0.250789,\"format\":"
					   "\"timeval64-le\"}"),
		  "%s", json_line(&d, 1));
	/* Plain -j leaves it out: most echoes carry one. */
	cr_assert_null(strstr(json_line(&d, 0), "payload_ts"));
}
