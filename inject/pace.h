/* When ping sends its probes and how long it waits for the last replies:
 * pure decisions on its counts and the time given, so that they are
 * tested without a network (tests/inject).  Follows iputils. */
#ifndef ICMPKIT_INJECT_PACE_H
#define ICMPKIT_INJECT_PACE_H

#include <stdint.h>

#include "sched.h"

struct pace {
	struct sched sc;     /* probes on the interval; the preload ahead */
	int flood;	     /* -f: on replies, not on the interval */
	uint64_t preload;    /* -l, at least 1: probes in flight at once */
	uint64_t limit;	     /* probes to send at the most */
	int64_t gap_ns;	     /* -f: the next probe after this at most */
	int64_t interval_ns; /* -i */
	int64_t timeout_ns;  /* -W */
	int64_t deadline_ns; /* -w, from the start; 0: none */
	int batch;	     /* most probes to send at once */
};

/* What ping has done so far. */
struct pace_count {
	uint64_t ntx;	/* probes sent */
	uint64_t acked; /* the highest probe number answered */
	uint64_t nrx;	/* replies */
	int64_t last_send_ns;
	int64_t rtt_max_ns;
};

/* How many probes may go at now. */
int pace_due(const struct pace *p, const struct pace_count *c, int64_t now);
/* How long to wait for replies after the last probe: twice the longest
 * RTT (at least the interval) once replies came, else -W. */
int64_t pace_linger(const struct pace *p, const struct pace_count *c);
/* Milliseconds (0 to 1000) to sleep until the next event: a probe due,
 * the deadline, the end of the wait after the last probe. */
int pace_wait_ms(const struct pace *p, const struct pace_count *c, int64_t now);

#endif
