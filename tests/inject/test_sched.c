/* The pieces send, ping and replay share, without root or real time: the
 * absolute schedule (sched.c), the payload pattern builder (payload.c)
 * and the per-family table (family.c). */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/cli.h"
#include "../../inject/family.h"
#include "../../inject/inj.h"
#include "../../inject/payload.h"
#include "../../inject/sched.h"

#define T0 1000000000000LL /* an arbitrary start, as CLOCK_MONOTONIC */

Test(sched, interval)
{
	struct sched s;

	sched_interval(&s, T0, 200e6, 1);
	cr_assert_eq(sched_at(&s, 0), T0);
	cr_assert_eq(sched_at(&s, 1), T0 + 200000000);
	cr_assert_eq(sched_at(&s, 10), T0 + 2000000000);
	cr_assert_eq(sched_due(&s, T0 - 1), 0);
	cr_assert_eq(sched_due(&s, T0), 1);
	cr_assert_eq(sched_due(&s, T0 + 199999999), 1);
	cr_assert_eq(sched_due(&s, T0 + 200000000), 2);
	cr_assert_eq(sched_wait(&s, 1, T0 + 50000000), 150000000);
	cr_assert_eq(sched_wait(&s, 1, T0 + 250000000), 0);
}

Test(sched, rate)
{
	struct sched s;

	sched_rate(&s, T0, 3);
	/* A third of a second does not round to a step that drifts. */
	cr_assert_eq(sched_at(&s, 3), T0 + 1000000000);
	cr_assert_eq(sched_at(&s, 3000), T0 + 1000000000000LL);
	cr_assert_eq(sched_due(&s, T0 + 999999999), 3);
	cr_assert_eq(sched_due(&s, T0 + 1000000000), 4);
}

Test(sched, preload_ahead)
{
	struct sched s;

	/* ping -l 3 -i 1: three at once, then one a second. */
	sched_interval(&s, T0, 1e9, 3);
	cr_assert_eq(sched_due(&s, T0), 3);
	cr_assert_eq(sched_at(&s, 2), T0);
	cr_assert_eq(sched_at(&s, 3), T0 + 1000000000);
	cr_assert_eq(sched_due(&s, T0 + 1000000000), 4);
}

Test(sched, no_step_all_due)
{
	struct sched s;

	sched_interval(&s, T0, 0, 1);
	cr_assert_eq(sched_due(&s, T0), UINT64_MAX);
	cr_assert_eq(sched_at(&s, 12345), T0);
	cr_assert_eq(sched_wait(&s, 7, T0), 0);
}

Test(sched, catch_up_after_late_wake)
{
	struct sched s;

	/* Asleep for 1.05 s at 100 pps: the 106 due go at once, and the
	 * next stays on the grid rather than 10 ms after the wake-up. */
	sched_rate(&s, T0, 100);
	cr_assert_eq(sched_due(&s, T0 + 1050000000), 106);
	cr_assert_eq(sched_at(&s, 106), T0 + 1060000000);
	cr_assert_eq(sched_wait(&s, 106, T0 + 1050000000), 10000000);
}

Test(sched, no_drift_over_a_million)
{
	struct sched s;
	uint64_t k;

	sched_rate(&s, T0, 7);
	for (k = 0; k < 1000000; k++) {
		int64_t at = sched_at(&s, k);
		int64_t want = T0 + (int64_t)((double)k * 1e9 / 7);

		if (llabs(at - want) > 1)
			cr_assert_fail("packet %llu at %lld, want %lld",
				       (unsigned long long)k, (long long)at,
				       (long long)want);
		/* A wake-up at a packet's time always finds it due. */
		if (sched_due(&s, at) != k + 1)
			cr_assert_fail("due at packet %llu's time: %llu",
				       (unsigned long long)k,
				       (unsigned long long)sched_due(&s, at));
	}
	cr_assert_eq(sched_at(&s, 7000000), T0 + 1000000000000000LL);
}

Test(sched, multiplier)
{
	struct sched s;

	sched_offsets(&s, T0, 2);
	cr_assert_eq(sched_at_offset(&s, 0), T0);
	cr_assert_eq(sched_at_offset(&s, 20000000), T0 + 10000000);
	sched_offsets(&s, T0, 0.5);
	cr_assert_eq(sched_at_offset(&s, 20000000), T0 + 40000000);
	sched_offsets(&s, T0, 1);
	cr_assert_eq(sched_at_offset(&s, 1000000000000LL),
		     T0 + 1000000000000LL);
}

Test(payload, default_bytes)
{
	uint8_t b[300];
	size_t i;

	inj_payload_fill(b, sizeof(b), NULL, 0, 0);
	for (i = 0; i < sizeof(b); i++)
		cr_assert_eq(b[i], (uint8_t)i);
}

Test(payload, pattern_from_the_start)
{
	const uint8_t pat[] = {0xde, 0xad, 0xbe};
	uint8_t b[10];
	const uint8_t want[] = {0xde, 0xad, 0xbe, 0xde, 0xad,
				0xbe, 0xde, 0xad, 0xbe, 0xde};

	inj_payload_fill(b, sizeof(b), pat, sizeof(pat), 0);
	cr_assert_arr_eq(b, want, sizeof(want));
}

Test(payload, ping_pattern_after_timestamp)
{
	/* ping -p abcd -s 20: the pattern starts after the 16 bytes of
	 * the timestamp, as iputils. */
	const uint8_t pat[] = {0xab, 0xcd};
	uint8_t b[20];

	inj_payload_fill(b, sizeof(b), pat, sizeof(pat), 16);
	cr_assert_eq(b[16], 0xab);
	cr_assert_eq(b[17], 0xcd);
	cr_assert_eq(b[18], 0xab);
	cr_assert_eq(b[19], 0xcd);
}

Test(payload, size_limits)
{
	char err[CLI_ERRBUF];
	struct inj_pkt p;

	cr_assert_eq(inj_payload_check(4, 65507, err), 0);
	cr_assert_eq(inj_payload_check(4, 65508, err), -1);
	cr_assert_str_eq(err, "-s 65508: out of range; use 0 to 65507");
	cr_assert_eq(inj_payload_check(6, 65527, err), 0);
	cr_assert_eq(inj_payload_check(6, 65528, err), -1);
	memset(&p, 0, sizeof(p));
	p.ver = 6;
	cr_assert_eq(inj_payload(&p, 0, NULL, 0, 0, err), 0);
	cr_assert_eq(p.payload_len, 0);
	free(p.payload);
	cr_assert_eq(inj_payload(&p, 40, NULL, 0, 0, err), 0);
	cr_assert_eq(p.payload_len, 40);
	cr_assert_eq(p.payload[39], 39);
	free(p.payload);
}

Test(payload, file_too_large)
{
	char err[CLI_ERRBUF], path[] = "/tmp/icmpkit-payload-XXXXXX";
	uint8_t buf[100] = {1, 2, 3}, *out = NULL;
	size_t len = 0;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	close(fd);
	cr_assert_eq(inj_payload_file(path, 100, &out, &len, err), 0);
	cr_assert_eq(len, 100);
	cr_assert_eq(out[2], 3);
	free(out);
	cr_assert_eq(inj_payload_file(path, 99, &out, &len, err), -1);
	cr_assert(strstr(err, "larger than the 99 bytes"), "%s", err);
	unlink(path);
}

Test(family, rows)
{
	const struct inj_family *f4 = inj_family(4), *f6 = inj_family(6);
	struct sockaddr_storage ss;
	const uint8_t a6[16] = {0xfe, 0x80, [15] = 1}, a4[4] = {203, 0, 113, 2};

	cr_assert_eq(f4->ver, 4);
	cr_assert_eq(f6->ver, 6);
	cr_assert_eq(f4->ip_hlen, 20);
	cr_assert_eq(f6->ip_hlen, 40);
	cr_assert_eq(f4->alen, 4);
	cr_assert_eq(f6->alen, 16);
	cr_assert_eq(f4->proto, IPPROTO_ICMP);
	cr_assert_eq(f6->proto, IPPROTO_ICMPV6);
	cr_assert_eq(f4->echo_request, 8);
	cr_assert_eq(f4->echo_reply, 0);
	cr_assert_eq(f6->echo_request, 128);
	cr_assert_eq(f6->echo_reply, 129);
	cr_assert_eq(f4->raw, LIBNET_RAW4);
	cr_assert_eq(f6->raw, LIBNET_RAW6);
	cr_assert_eq(f4->max_payload, 65507);
	cr_assert_eq(f6->max_payload, 65527);
	cr_assert_eq(f4->ethertype, 0x0800);
	cr_assert_eq(f6->ethertype, 0x86dd);
	cr_assert_eq(f6->nd_hlim, 255);
	cr_assert_eq(f4->nd_hlim, 0);
	cr_assert(f4->ip_sum && !f6->ip_sum);
	cr_assert_eq(f4->pseudo(a4, a4, 64), 0);
	cr_assert_eq(f4->sockaddr(&ss, a4, 0), sizeof(struct sockaddr_in));
	cr_assert_eq(((struct sockaddr_in *)&ss)->sin_family, AF_INET);
	cr_assert_eq(memcmp(&((struct sockaddr_in *)&ss)->sin_addr, a4, 4), 0);
	cr_assert_eq(f6->sockaddr(&ss, a6, 3), sizeof(struct sockaddr_in6));
	cr_assert_eq(((struct sockaddr_in6 *)&ss)->sin6_scope_id, 3);
	cr_assert_eq(memcmp(&((struct sockaddr_in6 *)&ss)->sin6_addr, a6, 16),
		     0);
}
