#include "pace.h"

int
pace_due(const struct pace *p, const struct pace_count *c, int64_t now)
{
	uint64_t left = c->ntx < p->limit ? p->limit - c->ntx : 0, want;
	/* As iputils, only probes sent after the highest one answered are
	 * in flight, so lost ones do not hold a flood back. */
	uint64_t inflight = c->ntx - c->acked;

	if (!left)
		return 0;
	if (p->flood) {
		/* One in flight (or -l N); a lost one is given the gap. */
		if (inflight < p->preload)
			want = p->preload - inflight;
		else if (now - c->last_send_ns >= p->gap_ns)
			want = 1;
		else
			want = 0;
	} else {
		/* The preload goes at once, then one per interval on an
		 * absolute schedule from the start. */
		uint64_t sched = sched_due(&p->sc, now);

		want = sched > c->ntx ? sched - c->ntx : 0;
	}
	if (want > left)
		want = left;
	return want > (uint64_t)p->batch ? p->batch : (int)want;
}

int64_t
pace_linger(const struct pace *p, const struct pace_count *c)
{
	int64_t w;

	if (!c->nrx)
		return p->timeout_ns;
	w = 2 * c->rtt_max_ns;
	return w < p->interval_ns ? p->interval_ns : w;
}

int
pace_wait_ms(const struct pace *p, const struct pace_count *c, int64_t now)
{
	int64_t next, d, end = p->sc.start_ns + p->deadline_ns;

	if (c->ntx >= p->limit)
		next = c->last_send_ns + pace_linger(p, c);
	else if (p->flood)
		next = c->last_send_ns + p->gap_ns;
	else
		next = sched_at(&p->sc, c->ntx);
	if (p->deadline_ns > 0 && end < next)
		next = end;
	d = (next - now + 999999) / 1000000;
	return d < 0 ? 0 : d > 1000 ? 1000 : (int)d;
}
