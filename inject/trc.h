/* icmpkit trace's pure parts, tested without a network (tests/inject):
 * the probes (built with libnet once, then patched per TTL so that every
 * probe of a trace keeps one flow), which probe an answer is about, the
 * annotations of traceroute, and when each probe may go. */
#ifndef ICMPKIT_INJECT_TRC_H
#define ICMPKIT_INJECT_TRC_H

#include <stddef.h>
#include <stdint.h>

#include "../decode/dec.h"

#define TRC_MAXTTL 255
#define TRC_MAXQ   10
/* Probe slots per hop: -q PROBES, or -c ROUNDS (one probe per round). */
#define TRC_RBITS 6
#define TRC_MAXR  (1 << TRC_RBITS)
/* Linux routers answer a burst of 6 errors per destination, then one per
 * icmp_ratelimit (1 s) for IPv4; IPv6 refills faster (the limit shrinks
 * with the route's prefix length).  An unreachable route has a second
 * limit, net.ipv4.route.error_burst: 5, then one per error_cost (1 s).
 * The smallest of them, 5 and 1 s, paces both families. */
#define TRC_BURST     5
#define TRC_REFILL_NS 1000000000LL
/* An IPv4 router that answers from its routing table (an unreachable or
 * prohibit route) pays twice from one bucket per destination: ip_error()
 * takes error_cost (1 s) and icmp_send() then icmp_ratelimit (1 s) from
 * the same inet_peer tokens, capped at error_burst (5 s).  A full bucket
 * answers two at once; after that one answer per 2 s, and a probe that
 * comes sooner is not only unanswered but spends the token the next one
 * needed.  So the probes of such an end go 2 s (and a margin) apart. */
#define TRC_ROUTE_GAP_NS 2100000000LL
/* traceroute's -w MAX,HERE,NEAR (5,3,10): once another probe of the same
 * hop answered, wait at most HERE times its RTT (+1 ms); once a later hop
 * answered, NEAR times its RTT (+1 ms); never more than -w. */
#define TRC_HERE    3
#define TRC_NEAR    10
#define TRC_PREC_NS 1000000LL
/* ... but never below this: a router that builds its errors slowly (in
 * software, with RFC 4884 extensions) is not taken for a silent one
 * because the hops after it forward in microseconds. */
#define TRC_SHORT_MIN_NS 100000000LL

enum { TRC_ICMP, TRC_UDP, TRC_TCP };

/* The flow of a trace: what every probe has in common. */
struct trc_flow {
	int method, ver;
	uint8_t src[16], dst[16];
	uint16_t id;	 /* ICMP id; UDP/TCP source port */
	uint16_t port;	 /* UDP/TCP destination port */
	uint16_t base;	 /* ICMP seq, UDP checksum, IPv4 id of probe 0 */
	uint32_t base32; /* TCP sequence number of probe 0 */
	size_t payload;	 /* bytes after the ICMP or UDP header */
	int df;		 /* IPv4: don't fragment (--pmtu) */
	int ecmp;	 /* --ecmp: probe r of every hop is flow r */
};

/* The flow of probe idx: 0 for all, or with --ecmp the probe's number in
 * its hop (UDP/TCP source port id + flow; ICMP: its checksum is left to
 * change with the sequence number). */
int trc_flow_of(const struct trc_flow *f, int idx);

/* A probe's number: ttl * 64 + the probe of that hop (14 bits). */
#define TRC_IDX(ttl, r) ((ttl) << TRC_RBITS | (r))
#define TRC_TTL(idx)	((idx) >> TRC_RBITS)
#define TRC_R(idx)	((idx) & (TRC_MAXR - 1))

/* The packet of probe 0 (TTL 1), built with libnet without privileges;
 * *out is malloc'ed. */
int trc_template(const struct trc_flow *f, uint8_t **out, size_t *len,
		 char *errbuf);
/* Turn a copy of the template (b, len bytes) into probe idx. */
void trc_patch(const struct trc_flow *f, uint8_t *b, size_t len, int idx);

/* Which probe (idx) a datagram is: our outgoing probe (dir 0), or an
 * answer (dir 1: a TCP reply from the destination); -1 when not ours. */
int trc_key(const struct trc_flow *f, const struct dec_quote *q, int dir);

int trc_key_echo(const struct trc_flow *f, uint16_t id, uint16_t seq);

/* traceroute's annotation of an answer ("" for none, "!H", "!F-1280");
 * final says the answer ends the trace (all but time exceeded). */
const char *trc_note(int ver, int type, int code, uint32_t mtu, char *buf,
		     size_t n, int *final);

/* Whether an answer comes from a router's routing table, which Linux
 * limits twice over (TRC_ROUTE_GAP_NS). */
int trc_route_error(int ver, int type, int code, int from_dst);

enum { TRC_UNSENT, TRC_SENT, TRC_ANSWERED, TRC_LOST };

struct trc_probe {
	uint8_t state, final, type, code, qttl, has_qttl, tcp;
	uint8_t slow; /* an IPv4 route error: see TRC_ROUTE_GAP_NS */
	uint32_t mtu;
	int64_t sent_ns; /* CLOCK_MONOTONIC when sent */
	int64_t out_ns;	 /* capture time of the outgoing copy, 0 unseen */
	int64_t rtt_ns;
	uint8_t from[16];
};

/* When probes go.  The first probe of each TTL explores, a window of
 * TTLs ahead of the highest one known to be short of the end; the others
 * follow once their TTL is known to be short of the end, or is the end.
 * So the end (the destination, or a router that says unreachable) sees
 * at most window + probes - 1 <= TRC_BURST probes at once. */
struct trc_plan {
	int first, max, q, window;
	int64_t wait_ns;
	int64_t interval_ns; /* rounds (-c): probe r goes at t0 + r * this */
	int64_t t0;	     /* when the first probe went */
	int frontier;	     /* every TTL up to it is short of the end */
	int end;  /* the lowest TTL with a final answer, 0: none yet */
	int slow; /* the end answers from its routing table (v4) */
	struct trc_probe pr[TRC_MAXTTL + 1][TRC_MAXR];
};

/* Clears the plan's rows up to max only: no function here reads a row
 * above it (a caller that does wants the plan's memory zeroed first). */
void trc_plan_init(struct trc_plan *p, int first, int max, int q,
		   int64_t wait_ns);
/* Rounds (mtr): q is the number of rounds, one probe per hop each,
 * interval_ns apart; the burst rule gives way to the interval, which the
 * user chose (trc_hop_stats says when it was too fast for routers). */
void trc_plan_rounds(struct trc_plan *p, int64_t interval_ns);
/* The next probe due at now (marked sent): 1 with *ttl, *r; 0 if none. */
int trc_next(struct trc_plan *p, int64_t now, int *ttl, int *r);
/* Whether a probe is due at now (nothing is marked). */
int trc_next_due(const struct trc_plan *p, int64_t now);
/* Record an answer to probe (ttl, r); ignored unless it is in flight. */
void trc_answer(struct trc_plan *p, int ttl, int r, const struct trc_probe *a);
/* Send probe (ttl, r) again (--pmtu: it was too big for a link). */
void trc_retry(struct trc_plan *p, int ttl, int r);
/* Whether an answer says a probe was too big: IPv4 fragmentation
 * needed, IPv6 packet too big. */
int trc_too_big(int ver, int type, int code);
/* Mark the probes past their deadline lost: -w, or less once the same
 * hop or a later one answered (TRC_HERE, TRC_NEAR). */
void trc_expire(struct trc_plan *p, int64_t now);
/* The last TTL to report: the end, or -m. */
int trc_last(const struct trc_plan *p);
int trc_done(const struct trc_plan *p);
/* Nanoseconds until something is due or expires (at most 1 s). */
int64_t trc_wait(const struct trc_plan *p, int64_t now);

/* -e: what an answer's RFC 4884 extensions say (decode/ext.c): the
 * RFC 4950 MPLS label stack (the first TRC_NLABEL entries) and RFC 5837
 * interface information (the first such object). */
#define TRC_NLABEL 4
struct trc_ext {
	uint8_t nlabel, has_if, has_ifindex, has_mtu, role, name_len;
	struct dec_mpls label[TRC_NLABEL];
	uint32_t ifindex, mtu;
	char name[64];
};

void trc_ext_read(const struct dec_icmp *m, struct trc_ext *e);
/* As traceroute -e: " <MPLS:L=16005,E=0,S=0,T=1/L=...>", then
 * " <IF:incoming-ip,index=7,name=mpls-in0,mtu=1500>"; "" for none. */
void trc_ext_text(const struct trc_ext *e, char *buf, size_t n);

/* A hop's figures (mtr --report): RTTs in ns, loss from the probes
 * answered or lost; rl says the losses look like a rate limit, not path
 * loss: rounds faster than TRC_REFILL_NS, the first probes (up to
 * TRC_BURST) all answered, then no more than the refills allow. */
struct trc_hopstat {
	int sent, answered, rl;
	int64_t last, best, worst, p50, p90;
	double avg, stdev, loss_pct;
};

void trc_hop_stats(const struct trc_plan *p, int ttl, struct trc_hopstat *s);

#endif
