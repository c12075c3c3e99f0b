#include "sched.h"

#include <math.h>
#include <time.h>

void
sched_interval(struct sched *s, int64_t start_ns, double step_ns,
	       uint64_t ahead)
{
	s->start_ns = start_ns;
	s->step_ns = step_ns;
	s->ahead = ahead ? ahead : 1;
	s->mult = 1;
}

void
sched_rate(struct sched *s, int64_t start_ns, double pps)
{
	sched_interval(s, start_ns, 1e9 / pps, 1);
}

void
sched_offsets(struct sched *s, int64_t start_ns, double mult)
{
	sched_interval(s, start_ns, 0, 1);
	s->mult = mult;
}

int64_t
sched_at(const struct sched *s, uint64_t k)
{
	/* A product from the start, not a sum of steps: the error of
	 * packet k is one rounding, whatever k. */
	if (s->step_ns <= 0 || k + 1 <= s->ahead)
		return s->start_ns;
	return s->start_ns + (int64_t)((double)(k + 1 - s->ahead) * s->step_ns);
}

int64_t
sched_at_offset(const struct sched *s, int64_t off_ns)
{
	return s->start_ns + (int64_t)((double)off_ns / s->mult);
}

uint64_t
sched_due(const struct sched *s, int64_t now)
{
	double q;
	uint64_t n;

	if (s->step_ns <= 0)
		return UINT64_MAX;
	if (now < s->start_ns)
		return 0;
	q = floor((double)(now - s->start_ns) / s->step_ns);
	if (q >= 1.8e19 - (double)s->ahead)
		return UINT64_MAX;
	/* The division can round either way; settle on what sched_at()
	 * says, so that a wake-up at sched_at(k) always finds k due. */
	n = (uint64_t)q + s->ahead;
	while (sched_at(s, n) <= now)
		n++;
	while (n > s->ahead && sched_at(s, n - 1) > now)
		n--;
	return n;
}

int64_t
sched_wait(const struct sched *s, uint64_t k, int64_t now)
{
	int64_t at = sched_at(s, k);

	return at > now ? at - now : 0;
}

void
sched_sleep_until(int64_t t_ns)
{
	struct timespec ts = {(time_t)(t_ns / 1000000000),
			      (long)(t_ns % 1000000000)};

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}
