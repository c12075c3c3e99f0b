/* decode/out.c: the buffered writer and its formatters. */
#include <stdlib.h>
#include <time.h>

#include "pkts.h"

static struct sbuf S;

static const char *
ip6_str(const uint8_t a[16])
{
	sb_init(&S);
	ob_ip6(&S.o, a);
	return sb_str(&S);
}

/* A 16-byte address literal. */
#define IP6(...) ((const uint8_t[16]){__VA_ARGS__})

Test(out, ip6_rfc5952)
{
	static const struct {
		uint8_t a[16];
		const char *s;
	} c[] = {
		{{0}, "::"},
		{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
		 "2001:db8::1"},
		/* a single zero group is not compressed */
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
		 "2001:db8:0:1:1:1:1:1"},
		/* the longest run wins */
		{{0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
		 "2001:0:0:1::1"},
		{{0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3},
		 "1:0:0:2::3"},
		/* on a tie, the first run */
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1},
		 "2001:db8::1:0:0:1"},
		/* IPv4-mapped keeps the dotted quad */
		{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1},
		 "::ffff:192.0.2.1"},
		{{0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "1::"},
		{{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "0:1::"},
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42,
		  0x83, 0x29},
		 "2001:db8::ff00:42:8329"},
		{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x5e, 0xff, 0xfe,
		  0x00, 0x53, 0x00},
		 "fe80::200:5eff:fe00:5300"},
		/* lowercase, all eight groups */
		{{0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd,
		  0xef, 0x01, 0x23, 0x45, 0x67, 0x89},
		 "abcd:ef01:2345:6789:abcd:ef01:2345:6789"},
		{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 2},
		 "ff02::1:ff00:2"},
		/* ::ffff alone is not a mapped address */
		{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff},
		 "::ffff"},
	};
	size_t i;

	for (i = 0; i < NELEM(c); i++)
		cr_assert_str_eq(ip6_str(c[i].a), c[i].s, "case %zu", i);
}

Test(out, ip4_and_addr_and_mac)
{
	static const uint8_t a[4] = {192, 0, 2, 1}, z[4] = {0},
			     m[4] = {255, 255, 255, 255},
			     t[4] = {10, 100, 9, 0};
	static const uint8_t mac[6] = {0x00, 0x1b, 0x2c, 0xaa, 0xff, 0x09};

	sb_init(&S);
	ob_ip4(&S.o, a);
	ob_char(&S.o, ' ');
	ob_ip4(&S.o, z);
	ob_char(&S.o, ' ');
	ob_ip4(&S.o, m);
	ob_char(&S.o, ' ');
	ob_ip4(&S.o, t);
	ob_char(&S.o, ' ');
	ob_addr(&S.o, 4, a);
	ob_char(&S.o, ' ');
	ob_addr(&S.o, 6, IP6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2));
	ob_char(&S.o, ' ');
	ob_mac(&S.o, mac);
	cr_assert_str_eq(sb_str(&S), "192.0.2.1 0.0.0.0 255.255.255.255 "
				     "10.100.9.0 192.0.2.1 ::2 "
				     "00:1b:2c:aa:ff:09");
}

Test(out, u64_i64_edges)
{
	sb_init(&S);
	ob_u64(&S.o, 0);
	ob_char(&S.o, ' ');
	ob_u64(&S.o, 9);
	ob_char(&S.o, ' ');
	ob_u64(&S.o, 10);
	ob_char(&S.o, ' ');
	ob_u64(&S.o, 4294967296ull);
	ob_char(&S.o, ' ');
	ob_u64(&S.o, 10000000000000000000ull);
	ob_char(&S.o, ' ');
	ob_u64(&S.o, UINT64_MAX);
	ob_char(&S.o, ' ');
	ob_i64(&S.o, -1);
	ob_char(&S.o, ' ');
	ob_i64(&S.o, INT64_MAX);
	ob_char(&S.o, ' ');
	ob_i64(&S.o, INT64_MIN);
	cr_assert_str_eq(sb_str(&S),
			 "0 9 10 4294967296 10000000000000000000 "
			 "18446744073709551615 -1 9223372036854775807 "
			 "-9223372036854775808");
}

Test(out, fixed_point)
{
	static const struct {
		int64_t v;
		int frac;
		const char *s;
	} c[] = {
		{123456, 3, "123.456"},
		{5, 3, "0.005"},
		{-5, 3, "-0.005"},
		{0, 0, "0"},
		{42, 0, "42"},
		{0, 6, "0.000000"},
		{1000, 6, "0.001000"},
		{-1234567, 6, "-1.234567"},
		{1000000, 6, "1.000000"},
		{INT64_MAX, 6, "9223372036854.775807"},
		{INT64_MIN, 6, "-9223372036854.775808"},
	};
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		sb_init(&S);
		ob_fixed(&S.o, c[i].v, c[i].frac);
		cr_assert_str_eq(sb_str(&S), c[i].s, "case %zu", i);
	}
}

Test(out, hex)
{
	sb_init(&S);
	ob_hex(&S.o, 0, 1);
	ob_char(&S.o, ' ');
	ob_hex(&S.o, 0, 0);
	ob_char(&S.o, ' ');
	ob_hex(&S.o, 0xab, 4);
	ob_char(&S.o, ' ');
	ob_hex(&S.o, 5, 2);
	ob_char(&S.o, ' ');
	ob_hex(&S.o, 0xdeadbeef, 0);
	ob_char(&S.o, ' ');
	ob_hex(&S.o, 0x1234, 2);
	ob_char(&S.o, ' ');
	ob_hex(&S.o, 0xffffffff, 8);
	cr_assert_str_eq(sb_str(&S), "0 0 00ab 05 deadbeef 1234 ffffffff");
}

Test(out, json_escape)
{
	static const char in[] = "a\"b\\c\n\t\x01\x1f\x7f\xff z/";

	sb_init(&S);
	ob_json_esc(&S.o, in, sizeof(in) - 1);
	cr_assert_str_eq(sb_str(&S), "a\\\"b\\\\c\\u000a\\u0009\\u0001"
				     "\\u001f\\u007f\\u00ff z/");
	/* A NUL byte inside the given length is escaped, not an end. */
	sb_init(&S);
	ob_json_esc(&S.o, "x\0y", 3);
	cr_assert_str_eq(sb_str(&S), "x\\u0000y");
}

struct tcase {
	int64_t sec;
	uint32_t nsec;
	const char *iso, *text;
};

static const struct tcase TIMES[] = {
	{0, 0, "1970-01-01T00:00:00.000000000Z", "00:00:00.000000"},
	{1700000000, 123456789, "2023-11-14T22:13:20.123456789Z",
	 "22:13:20.123456"},
	{951782400, 999, "2000-02-29T00:00:00.000000999Z", "00:00:00.000000"},
	{2147483647, 1, "2038-01-19T03:14:07.000000001Z", "03:14:07.000000"},
	{2147483648LL, 0, "2038-01-19T03:14:08.000000000Z", "03:14:08.000000"},
	{4294967295LL, 999999999, "2106-02-07T06:28:15.999999999Z",
	 "06:28:15.999999"},
	{4102444799LL, 999999999, "2099-12-31T23:59:59.999999999Z",
	 "23:59:59.999999"},
	{-1, 500000000, "1969-12-31T23:59:59.500000000Z", "23:59:59.500000"},
};

Test(out, time_iso_and_text_known_utc)
{
	size_t i;

	/* A zone far from UTC: JSON's time and text's with --utc must not
	 * move. */
	setenv("TZ", "Asia/Kathmandu", 1);
	tzset();
	for (i = 0; i < NELEM(TIMES); i++) {
		sb_init(&S);
		ob_time_iso(&S.o, TIMES[i].sec, TIMES[i].nsec);
		cr_assert_str_eq(sb_str(&S), TIMES[i].iso, "case %zu", i);
		sb_init(&S);
		S.o.t_utc = 1;
		ob_time_text(&S.o, TIMES[i].sec, TIMES[i].nsec);
		cr_assert_str_eq(sb_str(&S), TIMES[i].text, "case %zu", i);
	}
}

/* The formatted second is cached: alternating seconds on one obuf must
 * not show a stale value. */
Test(out, time_cache_alternating)
{
	char want[512];
	size_t i, j;

	sb_init(&S);
	S.o.t_utc = 1;
	want[0] = '\0';
	for (j = 0; j < 3; j++)
		for (i = 0; i < NELEM(TIMES); i++) {
			ob_time_iso(&S.o, TIMES[i].sec, TIMES[i].nsec);
			ob_char(&S.o, ' ');
			ob_time_text(&S.o, TIMES[i].sec, TIMES[i].nsec);
			ob_char(&S.o, '\n');
			if (j == 0) {
				strcat(want, TIMES[i].iso);
				strcat(want, " ");
				strcat(want, TIMES[i].text);
				strcat(want, "\n");
			}
		}
	{
		const char *got = sb_str(&S);
		size_t n = strlen(want);

		cr_assert_eq(strlen(got), 3 * n);
		for (j = 0; j < 3; j++)
			cr_assert_eq(strncmp(got + j * n, want, n), 0,
				     "round %zu", j);
	}
}

/* pcapng timestamps are 64-bit: a crafted file can carry any second.
 * The time of day must stay complete and no NUL byte may be written.
 * DECODER BUG (out.c): t_iso[24] is too small for years of 9+ digits
 * (ts_sec >= ~3.2e15): strftime fails and the cached string is cut, e.g.
 * sec 4000000000000000 gives "126756924-01-11T07:06:.000000005Z" (no
 * seconds).  And sec INT64_MIN equals the cache's "nothing cached"
 * sentinel, so the empty caches are used: ob_time_text writes 8 NUL
 * bytes and ob_time_iso an empty date (".000000005Z"). */
Test(out, bug_time_extreme_seconds)
{
	static const int64_t secs[] = {4000000000000000LL, INT64_MAX,
				       INT64_MIN};
	size_t i, k;

	for (i = 0; i < NELEM(secs); i++) {
		const char *s;
		size_t n;

		sb_init(&S);
		ob_time_iso(&S.o, secs[i], 5);
		n = S.o.len;
		s = sb_str(&S);
		cr_expect_eq(strlen(s), n, "sec %lld: NUL byte in ISO time",
			     (long long)secs[i]);
		cr_expect(n >= 20 && s[n - 1] == 'Z' && s[n - 11] == '.' &&
				  s[n - 14] == ':' && s[n - 17] == ':' &&
				  s[n - 20] == 'T',
			  "sec %lld: ISO time \"%s\" lacks HH:MM:SS",
			  (long long)secs[i], s);

		sb_init(&S);
		ob_time_text(&S.o, secs[i], 5);
		cr_assert_eq(S.o.len, 15);
		for (k = 0; k < 15 && S.mem[k]; k++)
			;
		cr_expect_eq(k, 15,
			     "sec %lld: NUL byte at %zu of the text "
			     "time",
			     (long long)secs[i], k);
	}
}

/* Write the same things through obufs of capacity cap into a tmpfile. */
static size_t
render(size_t cap, char *out, size_t outcap)
{
	static uint8_t pkt4[64], pkt6[256];
	static const uint8_t ra[40] = {
		/* RA: hop limit 64, lifetime 1800, SLLA, MTU 1500 */
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08, 0, 0, 0, 0, 0,
		0, 0, 0, 0x01, 0x01, 0x02, 0, 0, 0, 0, 0x01, 0x05, 0x01, 0, 0,
		0, 0, 0x05, 0xdc,
		/* an unknown option type 200, length 1 */
		200, 0x01, 0, 0, 0, 0, 0, 0};
	char *mem = malloc(cap);
	FILE *fp = tmpfile();
	struct obuf o;
	struct dec_pkt d;
	struct pr_opts v = {.verbose = 2, .link = 1, .hex = 1}, q = {0};
	size_t n4 = mk_p4(pkt4), n6 = mk_icmp6(pkt6, ra, sizeof(ra)), n;
	int i;

	cr_assert_not_null(mem);
	cr_assert_not_null(fp);
	ob_init(&o, fp, mem, cap);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt4, n4), DEC_ICMP);
		d.ts_sec += i;
		pr_text(&o, &d, &q);
		pr_text(&o, &d, &v);
		pr_json(&o, &d, &v);
		cr_assert_eq(decode(&d, DEC_DLT_RAW, pkt6, n6), DEC_ICMP);
		pr_text(&o, &d, &v);
		pr_json(&o, &d, &q);
		ob_json_esc(&o, "\"quoted\"\n", 9);
		ob_fixed(&o, -123456789, 6);
		ob_ip6(&o, pkt6 + 8);
	}
	cr_assert_eq(ob_flush(&o), 0);
	cr_assert_eq(o.err, 0);
	rewind(fp);
	n = fread(out, 1, outcap, fp);
	cr_assert_lt(n, outcap);
	fclose(fp);
	free(mem);
	return n;
}

/* Buffers small enough to flush inside almost every field. */
Test(out, small_buffers_same_output)
{
	static char big[65536], small[65536];
	static const size_t caps[] = {20, 21, 32, 33, 64, 100};
	size_t nb = render(65536, big, sizeof(big)), i;

	cr_assert_gt(nb, 1000);
	for (i = 0; i < NELEM(caps); i++) {
		size_t ns = render(caps[i], small, sizeof(small));

		cr_assert_eq(ns, nb, "cap %zu: %zu bytes, want %zu", caps[i],
			     ns, nb);
		cr_assert_eq(memcmp(small, big, nb), 0, "cap %zu", caps[i]);
	}
}

/* ob_init takes any capacity and nothing documents a minimum, yet some
 * formatters reserve a fixed room and then write into it.
 * DECODER BUG (out.c, since c4936b1): ob_u64 does ob_room(o, 20), ob_ip4
 * ob_room(o, 16), ob_frac ob_room(o, 10), then write that many bytes;
 * ob_room only flushes, so with cap 16 (or 1) they write past the
 * caller's buffer: heap overflow (ASan: heap-buffer-overflow in
 * put_digits via ob_u64).  Either ob_init must refuse/document a minimum
 * or these paths must fall back to ob_mem_slow. */
Test(out, bug_capacity_16_same_output)
{
	static char big[65536], small[65536];
	static const size_t caps[] = {16, 1};
	size_t nb = render(65536, big, sizeof(big)), i;

	for (i = 0; i < NELEM(caps); i++) {
		size_t ns = render(caps[i], small, sizeof(small));

		cr_assert_eq(ns, nb, "cap %zu", caps[i]);
		cr_assert_eq(memcmp(small, big, nb), 0, "cap %zu", caps[i]);
	}
}

/* A failed write is sticky and reported once. */
Test(out, write_error_sticky)
{
	char mem[4];
	struct obuf o;
	FILE *fp = fopen("/dev/full", "w");

	if (!fp)
		cr_skip_test("no /dev/full");
	setvbuf(fp, NULL, _IONBF, 0);
	ob_init(&o, fp, mem, sizeof(mem));
	OB_LIT(&o, "more than four bytes");
	cr_assert_neq(o.err, 0);
	cr_assert_eq(ob_flush(&o), -1);
	fclose(fp);
}

/* Text times are local by default (TZ honoured, as tcpdump), JSON's stay
 * UTC on the same buffer; a POSIX zone string needs no tzdata. */
Test(out, time_text_local_by_default)
{
	static void (*const fmt[])(struct obuf *, int64_t, uint32_t) = {
		ob_time_text, ob_time_iso, ob_time_date};
	size_t i;

	setenv("TZ", "XST-5:45", 1);
	tzset();
	sb_init(&S);
	for (i = 0; i < NELEM(fmt); i++) {
		if (i)
			ob_char(&S.o, ' ');
		fmt[i](&S.o, 1700000000, 123456789);
	}
	cr_assert_str_eq(sb_str(&S), "03:58:20.123456 "
				     "2023-11-14T22:13:20.123456789Z "
				     "2023-11-15 03:58:20.123456");
	sb_init(&S);
	S.o.t_utc = 1;
	ob_time_date(&S.o, 1700000000, 5000);
	cr_assert_str_eq(sb_str(&S), "2023-11-14 22:13:20.000005");
}

Test(out, time_epoch_and_deltas)
{
	sb_init(&S);
	ob_time_epoch(&S.o, 1700000000, 123456789);
	cr_assert_str_eq(sb_str(&S), "1700000000.123456");
	/* -ttt: from the previous line; the first shows zero. */
	sb_init(&S);
	ob_time_delta(&S.o, 100, 900000000, 1);
	ob_time_delta(&S.o, 101, 100000000, 1);
	ob_time_delta(&S.o, 101 + 3723, 100250000, 1);
	ob_time_delta(&S.o, 101 + 3723, 100000000, 1);
	cr_assert_str_eq(sb_str(&S), " 00:00:00.000000 00:00:00.200000"
				     " 01:02:03.000250-00:00:00.000250");
	/* -ttttt: from the first line; hours past 99 keep growing. */
	sb_init(&S);
	ob_time_delta(&S.o, 0, 0, 0);
	ob_time_delta(&S.o, 360000 + 59, 999999999, 0);
	ob_time_delta(&S.o, 5, 0, 0);
	cr_assert_str_eq(sb_str(&S), " 00:00:00.000000 100:00:59.999999"
				     " 00:00:05.000000");
	/* the extremes of a 64-bit pcapng second saturate */
	sb_init(&S);
	ob_time_delta(&S.o, INT64_MIN, 0, 0);
	ob_time_delta(&S.o, INT64_MAX, 0, 0);
	cr_assert(strstr(sb_str(&S), " 2562047788015215:30:07.000000"), "%s",
		  S.mem);
}

/* ob_u64 and ob_ip4 against snprintf over every octet, the first 100000
 * numbers and both sides of each power of ten and of 2^32, through a
 * buffer written in place (65536), through a temporary (33) and one that
 * flushes at every byte (1). */
static void
numbers_through(struct obuf *o, char *want, size_t wcap)
{
	static const uint64_t edges[] = {4294967295ull, 4294967296ull,
					 4294967297ull, UINT64_MAX};
	size_t w = 0, i;
	uint64_t p, v;

	for (v = 0; v < 256; v++) {
		const uint8_t a[4] = {(uint8_t)v, (uint8_t)(255 - v),
				      (uint8_t)(v / 2), (uint8_t)(v % 10)};

		ob_ip4(o, a);
		ob_char(o, ' ');
		w += (size_t)snprintf(want + w, wcap - w, "%u.%u.%u.%u ", a[0],
				      a[1], a[2], a[3]);
	}
	for (v = 0; v < 100000; v++) {
		ob_u64(o, v);
		ob_char(o, ' ');
		w += (size_t)snprintf(want + w, wcap - w, "%llu ",
				      (unsigned long long)v);
	}
	for (p = 10; p <= 1000000000000000000ull; p *= 10) {
		for (v = p - 1; v <= p; v++) {
			ob_u64(o, v);
			ob_char(o, ' ');
			w += (size_t)snprintf(want + w, wcap - w, "%llu ",
					      (unsigned long long)v);
		}
	}
	for (i = 0; i < NELEM(edges); i++) {
		ob_u64(o, edges[i]);
		ob_char(o, ' ');
		w += (size_t)snprintf(want + w, wcap - w, "%llu ",
				      (unsigned long long)edges[i]);
	}
	cr_assert_lt(w, wcap);
}

Test(out, u64_and_ip4_every_short_value)
{
	static char want[1 << 20], got[1 << 20];
	static const size_t caps[] = {65536, 33, 1};
	size_t i, n;

	for (i = 0; i < NELEM(caps); i++) {
		char *mem = malloc(caps[i]);
		FILE *fp = tmpfile();
		struct obuf o;

		cr_assert_not_null(mem);
		cr_assert_not_null(fp);
		ob_init(&o, fp, mem, caps[i]);
		numbers_through(&o, want, sizeof(want));
		cr_assert_eq(ob_flush(&o), 0);
		rewind(fp);
		n = fread(got, 1, sizeof(got), fp);
		fclose(fp);
		free(mem);
		cr_assert_eq(n, strlen(want), "cap %zu", caps[i]);
		cr_assert_eq(memcmp(got, want, n), 0, "cap %zu", caps[i]);
	}
}
