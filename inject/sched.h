/* The one send schedule of send, ping and replay: packet k is due at a
 * time computed from the start, never from the previous packet's, so a
 * late wake-up sends what is due at once and rounding never accumulates.
 * Pure logic: the time is always a parameter (CLOCK_MONOTONIC ns), so
 * the schedule is tested without real time.  docs/ARCHITECTURE.md. */
#ifndef ICMPKIT_INJECT_SCHED_H
#define ICMPKIT_INJECT_SCHED_H

#include <stdint.h>

struct sched {
	int64_t start_ns;
	double step_ns; /* between packets; <= 0: every packet is due */
	uint64_t ahead; /* packets due at the start (ping's preload) */
	double mult;	/* replay: capture offsets are divided by it */
};

/* One packet every step_ns from start_ns, the first ahead (>= 1) of
 * them at once. */
void sched_interval(struct sched *s, int64_t start_ns, double step_ns,
		    uint64_t ahead);
/* pps packets per second from start_ns (pps > 0). */
void sched_rate(struct sched *s, int64_t start_ns, double pps);
/* Capture times replayed mult (> 0) times as fast, from start_ns. */
void sched_offsets(struct sched *s, int64_t start_ns, double mult);

/* When packet k (from 0) is due. */
int64_t sched_at(const struct sched *s, uint64_t k);
/* When a record captured off_ns after the first one is due. */
int64_t sched_at_offset(const struct sched *s, int64_t off_ns);
/* How many packets (0 .. n-1) are due at now: UINT64_MAX without a
 * step.  Agrees with sched_at(): packet k is due iff sched_at(k) <= now. */
uint64_t sched_due(const struct sched *s, int64_t now);
/* Nanoseconds from now until packet k is due, 0 when it is. */
int64_t sched_wait(const struct sched *s, uint64_t k, int64_t now);

/* Sleep until t_ns on CLOCK_MONOTONIC (returns early on a signal). */
void sched_sleep_until(int64_t t_ns);

#endif
