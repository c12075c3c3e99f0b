/* What comes back to send's probes, as hping3 and nping show it: a
 * capture on the egress interface, opened before the first probe, sees
 * the outgoing copies and the answers; each answer is printed with the
 * shared decoder's line (text or JSON) and the RTT of two kernel capture
 * timestamps, and the run ends with sent / answered / errors / lost.
 *
 * Answers are the replies to queries (echo, timestamp, mask, information,
 * extended echo: same id, a sequence number of the run), neighbour
 * advertisements for a solicitation's target, router advertisements for
 * a solicitation, and ICMP errors that quote one of the probes.  Types
 * that nothing answers (errors, replies, advertisements) listen to
 * nothing. */
#ifndef ICMPKIT_INJECT_ANSWER_H
#define ICMPKIT_INJECT_ANSWER_H

#include <stdint.h>

#include "../decode/out.h"
#include "inj.h"

struct answer;

/* Whether anything answers a probe of p's type. */
int ans_expected(const struct inj_pkt *p);

/* Open the capture for p's answers on iface (NULL: the route's). */
struct answer *ans_open(const struct inj_pkt *p, const char *iface, int json,
			struct obuf *ob, char *errbuf);

/* Probes k0 .. k0+n-1 left now (CLOCK_REALTIME ns). */
void ans_sent(struct answer *a, uint64_t k0, int n, int64_t now);

/* Show what has come, waiting until the CLOCK_MONOTONIC time until. */
int ans_wait(struct answer *a, int64_t until, char *errbuf);

/* After the last probe: wait for the answers still due, until every
 * probe is answered or wait_ns (send -W) after the last probe, show what
 * has come by then (also with 0: no wait), and print the totals.
 * Returns -1 with errbuf filled on a capture error. */
int ans_finish(struct answer *a, int64_t wait_ns, char *errbuf);

void ans_close(struct answer *a);

#endif
