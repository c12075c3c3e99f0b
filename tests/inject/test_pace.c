/* ping's pacing decisions (pace.c) on made-up counts and times: what is
 * due, how many are in flight, how long the end of the run waits; and
 * its -M words (psock.c). */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdint.h>

#include "../../inject/family.h"
#include "../../inject/pace.h"
#include "../../inject/psock.h"

#define T0 5000000000LL
#define MS 1000000LL

static struct pace
make(int flood, uint64_t preload, double interval_s, uint64_t limit)
{
	struct pace p = {
		.flood = flood,
		.preload = preload,
		.limit = limit,
		.gap_ns = 10 * MS,
		.interval_ns = (int64_t)(interval_s * 1e9),
		.timeout_ns = 10000 * MS,
		.batch = 64,
	};

	sched_interval(&p.sc, T0, interval_s * 1e9, preload);
	return p;
}

Test(pace, interval_on_schedule)
{
	struct pace p = make(0, 1, 1, UINT64_MAX);
	struct pace_count c = {.last_send_ns = T0};

	cr_assert_eq(pace_due(&p, &c, T0), 1);
	c.ntx = 1;
	cr_assert_eq(pace_due(&p, &c, T0 + 999 * MS), 0);
	cr_assert_eq(pace_wait_ms(&p, &c, T0 + 400 * MS), 600);
	/* Late by 2.5 s: the probes missed go at once. */
	cr_assert_eq(pace_due(&p, &c, T0 + 3500 * MS), 3);
}

Test(pace, preload_then_interval)
{
	struct pace p = make(0, 5, 1, UINT64_MAX);
	struct pace_count c = {.last_send_ns = T0};

	cr_assert_eq(pace_due(&p, &c, T0), 5);
	c.ntx = 5;
	cr_assert_eq(pace_due(&p, &c, T0 + 10 * MS), 0);
	cr_assert_eq(pace_due(&p, &c, T0 + 1000 * MS), 1);
}

Test(pace, flood_in_flight)
{
	struct pace p = make(1, 64, 0, UINT64_MAX);
	struct pace_count c = {.last_send_ns = T0};

	cr_assert_eq(pace_due(&p, &c, T0), 64);
	c.ntx = 64;
	cr_assert_eq(pace_due(&p, &c, T0 + MS), 0);
	/* Probe 10 answered: the nine before it are lost, not in flight. */
	c.acked = 10;
	cr_assert_eq(pace_due(&p, &c, T0 + MS), 10);
	/* Nothing answered for the gap: one more goes. */
	c.acked = 0;
	cr_assert_eq(pace_due(&p, &c, T0 + 10 * MS), 1);
	cr_assert_eq(pace_wait_ms(&p, &c, T0 + 4 * MS), 6);
}

Test(pace, batch_and_limit)
{
	struct pace p = make(0, 65536, 1, 100);
	struct pace_count c = {.last_send_ns = T0};

	cr_assert_eq(pace_due(&p, &c, T0), 64);
	c.ntx = 64;
	cr_assert_eq(pace_due(&p, &c, T0), 36);
	c.ntx = 100;
	cr_assert_eq(pace_due(&p, &c, T0 + 100000 * MS), 0);
}

Test(pace, linger)
{
	struct pace p = make(0, 1, 0.2, 3);
	struct pace_count c = {.ntx = 3, .last_send_ns = T0};

	/* Nothing came back: -W. */
	cr_assert_eq(pace_linger(&p, &c), 10000 * MS);
	cr_assert_eq(pace_wait_ms(&p, &c, T0), 1000); /* at most 1 s */
	/* Replies came: twice the longest RTT, at least the interval. */
	c.nrx = 2;
	c.rtt_max_ns = 30 * MS;
	cr_assert_eq(pace_linger(&p, &c), 200 * MS);
	c.rtt_max_ns = 150 * MS;
	cr_assert_eq(pace_linger(&p, &c), 300 * MS);
	cr_assert_eq(pace_wait_ms(&p, &c, T0 + 100 * MS), 200);
}

Test(pace, deadline_cuts_the_wait)
{
	struct pace p = make(0, 1, 1, UINT64_MAX);
	struct pace_count c = {.ntx = 1, .last_send_ns = T0};

	p.deadline_ns = 300 * MS;
	cr_assert_eq(pace_wait_ms(&p, &c, T0 + 100 * MS), 200);
	cr_assert_eq(pace_wait_ms(&p, &c, T0 + 400 * MS), 0);
}

/* -M's words (psock.c), and what the family table makes of them: the
 * values iputils sets with IP_MTU_DISCOVER / IPV6_MTU_DISCOVER. */
Test(psock, pmtu_modes)
{
	const struct inj_family *f4 = inj_family(4), *f6 = inj_family(6);

	cr_assert_eq(ps_mode("want"), PS_WANT);
	cr_assert_eq(ps_mode("do"), PS_DO);
	cr_assert_eq(ps_mode("dont"), PS_DONT);
	cr_assert_eq(ps_mode("probe"), PS_PROBE);
	cr_assert_eq(ps_mode("maybe"), -1);
	cr_assert_eq(ps_mode(""), -1);
	cr_assert_eq(f4->pmtu[PS_WANT], IP_PMTUDISC_WANT);
	cr_assert_eq(f4->pmtu[PS_DO], IP_PMTUDISC_DO);
	cr_assert_eq(f4->pmtu[PS_DONT], IP_PMTUDISC_DONT);
	cr_assert_eq(f4->pmtu[PS_PROBE], IP_PMTUDISC_PROBE);
	cr_assert_eq(f6->pmtu[PS_DO], IPV6_PMTUDISC_DO);
	cr_assert_eq(f6->pmtu[PS_PROBE], IPV6_PMTUDISC_PROBE);
	cr_assert_eq(f4->sol, IPPROTO_IP);
	cr_assert_eq(f6->sol, IPPROTO_IPV6);
}
