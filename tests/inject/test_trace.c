/* icmpkit trace's pure parts (trc.c): probes built for every TTL and
 * decoded back with decode/, the flow they keep, how answers find their
 * probe, traceroute's marks, and the pacing against rate limits. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../decode/cksum.h"
#include "../../decode/dec.h"
#include "../../inject/trc.h"

static struct trc_flow
flow(int method, int ver)
{
	struct trc_flow f = {.method = method,
			     .ver = ver,
			     .id = 40000,
			     .port = 33434,
			     .base = 0x1234,
			     .base32 = 0xfffffff0u,
			     .payload = 32};
	if (ver == 6) {
		f.src[0] = f.dst[0] = 0x20;
		f.src[1] = f.dst[1] = 0x01;
		f.src[2] = f.dst[2] = 0x0d;
		f.src[3] = f.dst[3] = 0xb8;
		f.src[15] = 1;
		f.dst[15] = 2;
	} else {
		memcpy(f.src, "\xc6\x33\x64\x01", 4);
		memcpy(f.dst, "\xcb\x00\x71\x09", 4);
	}
	if (method == TRC_TCP)
		f.payload = 0;
	return f;
}

/* Every probe of TTL 1..30, 3 per hop, of one flow, each decoded. */
static void
each_probe(const struct trc_flow *f,
	   void (*check)(const struct trc_flow *, const uint8_t *, size_t, int))
{
	uint8_t *t = NULL, b[256];
	size_t n = 0;
	int ttl, r;

	cr_assert_eq(trc_template(f, &t, &n, NULL), 0);
	for (ttl = 1; ttl <= 30; ttl++)
		for (r = 0; r < 3; r++) {
			memcpy(b, t, n);
			trc_patch(f, b, n, TRC_IDX(ttl, r));
			check(f, b, n, TRC_IDX(ttl, r));
		}
	free(t);
}

static uint16_t first_sum;

static void
check_icmp(const struct trc_flow *f, const uint8_t *b, size_t n, int idx)
{
	struct dec_pkt d;
	struct dec_quote q;

	memset(&d, 0, sizeof(d));
	cr_assert_eq(dec_ip(&d, b, n, n), DEC_ICMP);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK, "ttl %d", TRC_TTL(idx));
	cr_assert_eq(d.ip.ttl, TRC_TTL(idx));
	cr_assert_eq(d.icmp.id, f->id);
	cr_assert_eq(d.icmp.seq, (uint16_t)(f->base + idx));
	if (idx == TRC_IDX(1, 0))
		first_sum = d.icmp.cksum;
	/* One checksum for the whole trace: one flow for per-flow ECMP. */
	cr_assert_eq(d.icmp.cksum, first_sum, "probe %d", idx);
	dec_datagram(&q, b, n);
	cr_assert_eq(trc_key(f, &q, 0), idx);
	cr_assert_eq(trc_key_echo(f, f->id, d.icmp.seq), idx);
}

Test(trace, icmp_checksum_constant_v4)
{
	struct trc_flow f = flow(TRC_ICMP, 4);

	each_probe(&f, check_icmp);
}

Test(trace, icmp_checksum_constant_v6)
{
	struct trc_flow f = flow(TRC_ICMP, 6);

	each_probe(&f, check_icmp);
}

/* The transport checksum over the pseudo-header folds to 0 when right. */
static int
l4_ok(const struct trc_flow *f, const uint8_t *b, size_t n, uint8_t proto)
{
	size_t h = f->ver == 6 ? 40 : 20;
	uint32_t s;

	if (f->ver == 6) {
		s = ck_pseudo6(f->src, f->dst, (uint32_t)(n - h), proto);
	} else {
		s = ck_add(0, f->src, 4);
		s = ck_add(s, f->dst, 4) + proto + (uint32_t)(n - h);
	}
	return ck_fold(ck_add(s, b + h, n - h)) == 0;
}

static void
check_udp(const struct trc_flow *f, const uint8_t *b, size_t n, int idx)
{
	struct dec_quote q;

	dec_datagram(&q, b, n);
	cr_assert(l4_ok(f, b, n, 17), "probe %d", idx);
	cr_assert_eq(q.ttl, TRC_TTL(idx));
	cr_assert(q.has_ports && q.has_l4);
	cr_assert_eq(q.sport, f->id);
	cr_assert_eq(q.dport, f->port);
	cr_assert_eq(q.usum, (uint16_t)(f->base + idx));
	cr_assert_eq(trc_key(f, &q, 0), idx);
	cr_assert_eq(trc_key(f, &q, 1), -1);
}

Test(trace, udp_checksum_numbers_probe)
{
	struct trc_flow f4 = flow(TRC_UDP, 4), f6 = flow(TRC_UDP, 6);

	each_probe(&f4, check_udp);
	each_probe(&f6, check_udp);
}

static void
check_tcp(const struct trc_flow *f, const uint8_t *b, size_t n, int idx)
{
	struct dec_quote q;

	dec_datagram(&q, b, n);
	cr_assert(l4_ok(f, b, n, 6), "probe %d", idx);
	cr_assert_eq(q.tseq, f->base32 + (uint32_t)idx);
	cr_assert_eq(q.tflags, 0x02);
	cr_assert_eq(trc_key(f, &q, 0), idx);
	/* The destination's reset, as the decoder sees it. */
	memcpy(q.src, f->dst, 16);
	memcpy(q.dst, f->src, 16);
	q.sport = f->port;
	q.dport = f->id;
	q.tack = f->base32 + (uint32_t)idx + 1;
	cr_assert_eq(trc_key(f, &q, 1), idx);
	q.dport++;
	cr_assert_eq(trc_key(f, &q, 1), -1);
}

Test(trace, tcp_sequence_numbers_probe)
{
	struct trc_flow f4 = flow(TRC_TCP, 4), f6 = flow(TRC_TCP, 6);

	each_probe(&f4, check_tcp);
	each_probe(&f6, check_tcp);
}

Test(trace, other_flows_do_not_match)
{
	struct trc_flow f = flow(TRC_UDP, 4), g = f;
	uint8_t *t = NULL;
	size_t n = 0;
	struct dec_quote q;

	cr_assert_eq(trc_template(&f, &t, &n, NULL), 0);
	trc_patch(&f, t, n, TRC_IDX(3, 1));
	dec_datagram(&q, t, n);
	g.id++;
	cr_assert_eq(trc_key(&g, &q, 0), -1);
	g = f;
	g.dst[3]++;
	cr_assert_eq(trc_key(&g, &q, 0), -1);
	g = f;
	g.method = TRC_ICMP;
	cr_assert_eq(trc_key(&g, &q, 0), -1);
	free(t);
}

Test(trace, annotations_as_traceroute)
{
	static const struct {
		int ver, type, code;
		const char *note;
		int final;
	} t[] = {
		{4, 11, 0, "", 0},	 {4, 0, 0, "", 1},
		{4, 3, 0, "!N", 1},	 {4, 3, 1, "!H", 1},
		{4, 3, 2, "!P", 1},	 {4, 3, 3, "", 1},
		{4, 3, 4, "!F-1280", 1}, {4, 3, 5, "!S", 1},
		{4, 3, 9, "!X", 1},	 {4, 3, 10, "!X", 1},
		{4, 3, 13, "!X", 1},	 {4, 3, 14, "!V", 1},
		{4, 3, 15, "!C", 1},	 {4, 3, 99, "!<99>", 1},
		{6, 3, 0, "", 0},	 {6, 129, 0, "", 1},
		{6, 1, 0, "!N", 1},	 {6, 1, 1, "!X", 1},
		{6, 1, 3, "!H", 1},	 {6, 1, 4, "", 1},
		{6, 1, 6, "!<6>", 1},	 {6, 2, 0, "!F-1280", 1},
	};
	char buf[16];
	size_t i;
	int fin;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *s = trc_note(t[i].ver, t[i].type, t[i].code, 1280,
					 buf, sizeof(buf), &fin);

		cr_assert_str_eq(s, t[i].note, "row %zu", i);
		cr_assert_eq(fin, t[i].final, "row %zu", i);
	}
}

/* A path whose end is at TTL end answers every probe at once: how many
 * probes reach the end in one go, and whether the trace finishes. */
static int
simulate(int end, int q, int maxttl, int *rounds)
{
	static struct trc_plan p;
	int sent[TRC_MAXTTL * TRC_MAXQ][2], n, i, ttl, r, atend = 0;
	int64_t now = 1000;

	trc_plan_init(&p, 1, maxttl, q, 5000000000LL);
	*rounds = 0;
	while (!trc_done(&p) && *rounds < 100) {
		n = 0;
		while (trc_next(&p, now, &ttl, &r)) {
			sent[n][0] = ttl;
			sent[n++][1] = r;
			atend += ttl >= end;
		}
		for (i = 0; i < n; i++) {
			struct trc_probe a = {.final = sent[i][0] >= end};

			trc_answer(&p, sent[i][0], sent[i][1], &a);
		}
		(*rounds)++;
		now += 1000000; /* 1 ms a round trip */
	}
	cr_assert(trc_done(&p), "end %d q %d", end, q);
	cr_assert_eq(trc_last(&p), end);
	for (ttl = 1; ttl <= end; ttl++)
		for (r = 0; r < q; r++)
			cr_assert_eq(p.pr[ttl][r].state, TRC_ANSWERED);
	return atend;
}

Test(trace, pacing_keeps_the_end_within_its_burst)
{
	int end, q, rounds;

	for (q = 1; q <= 5; q++)
		for (end = 1; end <= 30; end++)
			cr_assert_leq(simulate(end, q, 30, &rounds), TRC_BURST,
				      "end %d q %d", end, q);
	/* Five router hops, -q 3: a few round trips, not one per hop. */
	simulate(6, 3, 30, &rounds);
	cr_assert_leq(rounds, 4);
}

Test(trace, probes_past_the_burst_wait_a_refill)
{
	static struct trc_plan p;
	struct trc_probe te = {.final = 0};
	int ttl, r, n = 0;

	trc_plan_init(&p, 1, 1, 8, 5000000000LL);
	cr_assert_eq(p.window, 1);
	while (trc_next(&p, 0, &ttl, &r))
		n++;
	cr_assert_eq(n, 1);
	trc_answer(&p, 1, 0, &te);
	while (trc_next(&p, 0, &ttl, &r))
		n++;
	cr_assert_eq(n, TRC_BURST);
	cr_assert_eq(trc_wait(&p, 0), TRC_REFILL_NS);
	cr_assert_eq(trc_next(&p, TRC_REFILL_NS - 1, &ttl, &r), 0);
	cr_assert_eq(trc_next(&p, TRC_REFILL_NS, &ttl, &r), 1);
	cr_assert_eq(r, TRC_BURST);
}

Test(trace, a_silent_hop_times_out_and_the_trace_goes_on)
{
	static struct trc_plan p;
	struct trc_probe te = {.final = 0};
	int ttl, r, n = 0;

	trc_plan_init(&p, 1, 30, 3, 1000);
	while (trc_next(&p, 0, &ttl, &r))
		n++;
	cr_assert_eq(n, 3); /* TTL 1..3, one probe each */
	trc_expire(&p, 999);
	cr_assert_eq(p.frontier, 0);
	trc_expire(&p, 1000);
	cr_assert_eq(p.pr[1][0].state, TRC_LOST);
	cr_assert_eq(p.frontier, 3);
	trc_answer(&p, 2, 0, &te); /* too late: it was lost */
	cr_assert_eq(p.pr[2][0].state, TRC_LOST);
	cr_assert(trc_next_due(&p, 1000));
}

Test(trace, a_route_error_end_gets_its_probes_two_seconds_apart)
{
	static struct trc_plan p;
	struct trc_probe te = {.final = 0}, ue = {.final = 1, .slow = 1};
	int ttl, r;
	int64_t t0 = 1000;

	cr_assert(trc_route_error(4, 3, 1, 0));
	cr_assert(trc_route_error(4, 3, 13, 0));
	cr_assert_not(trc_route_error(4, 3, 3, 1)); /* the destination */
	cr_assert_not(trc_route_error(4, 3, 1, 1));
	cr_assert_not(trc_route_error(6, 1, 0, 0)); /* v6: one limit */
	trc_plan_init(&p, 1, 30, 3, 5000000000LL);
	while (trc_next(&p, t0, &ttl, &r))
		;
	trc_answer(&p, 1, 0, &te);
	while (trc_next(&p, t0, &ttl, &r))
		;
	trc_answer(&p, 2, 0, &te);
	trc_answer(&p, 1, 1, &te);
	trc_answer(&p, 1, 2, &te);
	while (trc_next(&p, t0, &ttl, &r))
		;
	trc_answer(&p, 2, 1, &te);
	trc_answer(&p, 2, 2, &te);
	trc_answer(&p, 3, 0, &ue); /* TTL 3..5 all reached the router */
	cr_assert_eq(p.end, 3);
	cr_assert_eq(trc_next(&p, t0 + TRC_ROUTE_GAP_NS - 1, &ttl, &r), 0);
	cr_assert_eq(trc_wait(&p, t0 + 1), TRC_REFILL_NS);
	cr_assert_eq(trc_wait(&p, t0 + TRC_ROUTE_GAP_NS - 5), 5);
	cr_assert_eq(trc_next(&p, t0 + TRC_ROUTE_GAP_NS, &ttl, &r), 1);
	cr_assert_eq(ttl, 3);
	cr_assert_eq(r, 1);
	cr_assert_eq(trc_next(&p, t0 + 2 * TRC_ROUTE_GAP_NS - 1, &ttl, &r), 0);
	cr_assert_eq(trc_next(&p, t0 + 2 * TRC_ROUTE_GAP_NS, &ttl, &r), 1);
	cr_assert_eq(r, 2);
}

Test(trace, a_silent_hop_waits_less_once_later_hops_answered)
{
	static struct trc_plan p;
	/* 12 ms: HERE (39 ms) is below the floor; NEAR gives 130 ms. */
	int64_t rtt = 12000000, wait = 5000000000LL;
	int64_t here = TRC_SHORT_MIN_NS, near = TRC_NEAR * (rtt + TRC_PREC_NS);
	struct trc_probe te = {.final = 0, .rtt_ns = rtt};
	int ttl, r;

	trc_plan_init(&p, 1, 30, 3, wait);
	while (trc_next(&p, 0, &ttl, &r))
		;
	trc_answer(&p, 3, 0, &te);	  /* hop 3 answered; 1 and 2 silent */
	cr_assert_eq(trc_wait(&p, 0), 0); /* TTL 4..6, hop 3's others */
	while (trc_next(&p, 0, &ttl, &r))
		;
	cr_assert_eq(p.pr[3][1].state, TRC_SENT);
	/* hop 3's own: HERE times its RTT; hops 1, 2: NEAR times it. */
	cr_assert_eq(trc_wait(&p, 0), here);
	trc_expire(&p, here - 1);
	cr_assert_eq(p.pr[3][1].state, TRC_SENT);
	trc_expire(&p, here);
	cr_assert_eq(p.pr[3][1].state, TRC_LOST);
	cr_assert_eq(p.pr[1][0].state, TRC_SENT);
	cr_assert_eq(trc_wait(&p, here), near - here);
	trc_expire(&p, near - 1);
	cr_assert_eq(p.pr[1][0].state, TRC_SENT);
	trc_expire(&p, near);
	cr_assert_eq(p.pr[1][0].state, TRC_LOST);
	cr_assert_eq(p.pr[2][0].state, TRC_LOST);
	cr_assert_eq(p.pr[4][0].state, TRC_SENT); /* nothing after it yet */
}

Test(trace, rounds_go_one_interval_apart_past_the_burst)
{
	static struct trc_plan p;
	struct trc_probe te = {.final = 0, .rtt_ns = 1000};
	int64_t iv = 1000000000LL, t0 = 5;
	int ttl, r, k;

	trc_plan_init(&p, 1, 1, 20, 5000000000LL);
	trc_plan_rounds(&p, iv);
	cr_assert_eq(trc_next(&p, t0, &ttl, &r), 1);
	trc_answer(&p, 1, 0, &te);
	for (k = 1; k < 20; k++) {
		cr_assert_eq(trc_next(&p, t0 + k * iv - 1, &ttl, &r), 0);
		cr_assert_eq(trc_wait(&p, t0 + k * iv - 1), 1);
		cr_assert_eq(trc_next(&p, t0 + k * iv, &ttl, &r), 1);
		cr_assert_eq(r, k); /* no refill rule: the interval is it */
		trc_answer(&p, 1, k, &te);
	}
	cr_assert(trc_done(&p));
}

/* Answer probes 0..q-1 of hop 1 with the RTTs given (0: lost). */
static void
hop_of(struct trc_plan *p, const int64_t *rtt, int q, int64_t iv)
{
	int k;

	trc_plan_init(p, 1, 1, q, 5000000000LL);
	if (iv)
		trc_plan_rounds(p, iv);
	for (k = 0; k < q; k++) {
		p->pr[1][k].state = rtt[k] ? TRC_ANSWERED : TRC_LOST;
		p->pr[1][k].rtt_ns = rtt[k];
	}
}

Test(trace, hop_figures_as_mtr_report)
{
	static struct trc_plan p;
	static const int64_t rtt[10] = {5, 1, 0, 4, 2, 3, 0, 9, 8, 7};
	struct trc_hopstat s;

	hop_of(&p, rtt, 10, 1000000000LL);
	trc_hop_stats(&p, 1, &s);
	cr_assert_eq(s.sent, 10);
	cr_assert_eq(s.answered, 8);
	cr_assert_float_eq(s.loss_pct, 20.0, 1e-9);
	cr_assert_eq(s.last, 7);
	cr_assert_eq(s.best, 1);
	cr_assert_eq(s.worst, 9);
	cr_assert_float_eq(s.avg, 39.0 / 8, 1e-9);
	/* sorted 1 2 3 4 5 7 8 9: nearest rank 4 of 8, 8 of 8 (7.2) */
	cr_assert_eq(s.p50, 4);
	cr_assert_eq(s.p90, 9);
	cr_assert_float_eq(s.stdev, 2.7128168017763383, 1e-9);
	cr_assert_eq(s.rl, 0);
}

Test(trace, fast_rounds_that_lose_after_the_burst_are_rate_limited)
{
	static struct trc_plan p;
	int64_t rtt[20];
	struct trc_hopstat s;
	int k;

	/* -c 20 -i 0.1: a router answers 6, then one more a second. */
	for (k = 0; k < 20; k++)
		rtt[k] = k < 6 || k == 16 ? 10 : 0;
	hop_of(&p, rtt, 20, 100000000LL);
	trc_hop_stats(&p, 1, &s);
	cr_assert_eq(s.answered, 7);
	cr_assert_eq(s.rl, 1);
	/* The same at 1 s: that is loss. */
	hop_of(&p, rtt, 20, 1000000000LL);
	trc_hop_stats(&p, 1, &s);
	cr_assert_eq(s.rl, 0);
	/* Random loss, one of the first five lost: loss, not a limit. */
	rtt[2] = 0;
	rtt[12] = 10;
	hop_of(&p, rtt, 20, 100000000LL);
	trc_hop_stats(&p, 1, &s);
	cr_assert_eq(s.rl, 0);
	/* Everything answered: nothing to explain. */
	for (k = 0; k < 20; k++)
		rtt[k] = 10;
	hop_of(&p, rtt, 20, 100000000LL);
	trc_hop_stats(&p, 1, &s);
	cr_assert_eq(s.rl, 0);
	cr_assert_float_eq(s.loss_pct, 0.0, 1e-9);
}

Test(trace, pmtu_probes_have_df_and_are_sent_again_when_too_big)
{
	struct trc_flow f = flow(TRC_UDP, 4);
	static struct trc_plan p;
	uint8_t *t = NULL;
	size_t n = 0;
	int ttl, r;

	f.df = 1;
	f.payload = 1500 - 28;
	cr_assert_eq(trc_template(&f, &t, &n, NULL), 0);
	cr_assert_eq(n, 1500);
	cr_assert_eq(t[6] & 0x40, 0x40); /* DF */
	free(t);
	f.df = 0;
	cr_assert_eq(trc_template(&f, &t, &n, NULL), 0);
	cr_assert_eq(t[6] & 0x40, 0);
	free(t);
	cr_assert(trc_too_big(4, 3, 4));
	cr_assert_not(trc_too_big(4, 3, 3));
	cr_assert(trc_too_big(6, 2, 0));
	cr_assert_not(trc_too_big(6, 1, 4));
	trc_plan_init(&p, 1, 30, 1, 5000000000LL);
	cr_assert(trc_next(&p, 0, &ttl, &r));
	trc_retry(&p, 1, 0);
	cr_assert_eq(p.pr[1][0].state, TRC_UNSENT);
	cr_assert(trc_next(&p, 7, &ttl, &r));
	cr_assert_eq(ttl, 1);
	cr_assert_eq(p.pr[1][0].sent_ns, 7);
	p.pr[1][0].state = TRC_ANSWERED;
	trc_retry(&p, 1, 0); /* only a probe in flight goes again */
	cr_assert_eq(p.pr[1][0].state, TRC_ANSWERED);
}

Test(trace, extensions_as_traceroute_e)
{
	struct trc_ext e;
	char b[256];

	memset(&e, 0, sizeof(e));
	trc_ext_text(&e, b, sizeof(b));
	cr_assert_str_eq(b, "");
	e.nlabel = 2;
	e.label[0] =
		(struct dec_mpls){.label = 16005, .tc = 0, .s = 0, .ttl = 1};
	e.label[1] =
		(struct dec_mpls){.label = 24001, .tc = 5, .s = 1, .ttl = 255};
	trc_ext_text(&e, b, sizeof(b));
	cr_assert_str_eq(b,
			 " <MPLS:L=16005,E=0,S=0,T=1/L=24001,E=5,S=1,T=255>");
	e.has_if = 1;
	e.role = 2;
	e.has_mtu = 1;
	e.mtu = 9000;
	memcpy(e.name, "ge-0/0/1", 8);
	e.name_len = 8;
	trc_ext_text(&e, b, sizeof(b));
	cr_assert_str_eq(b, " <MPLS:L=16005,E=0,S=0,T=1/L=24001,E=5,S=1,T=255>"
			    " <IF:outgoing-ip,name=ge-0/0/1,mtu=9000>");
	trc_ext_text(&e, b, 20); /* cut short, still a string */
	cr_assert_eq(strlen(b), 19);
}

/* --ecmp: probe r of every hop is flow r, told apart as usual. */
static void
ecmp_check(int method, int ver)
{
	struct trc_flow f = flow(method, ver);
	uint8_t *t = NULL, b[256];
	uint16_t first[3] = {0, 0, 0};
	size_t n = 0, l4 = ver == 6 ? 40 : 20;
	struct dec_quote q;
	int ttl, r, k;

	f.ecmp = 1;
	cr_assert_eq(trc_template(&f, &t, &n, NULL), 0);
	for (ttl = 1; ttl <= 20; ttl++)
		for (r = 0; r < 3; r++) {
			memcpy(b, t, n);
			trc_patch(&f, b, n, TRC_IDX(ttl, r));
			dec_datagram(&q, b, n);
			cr_assert_eq(trc_key(&f, &q, 0), TRC_IDX(ttl, r));
			/* UDP/TCP: the source port; ICMP: the checksum. */
			k = method == TRC_ICMP ? b[l4 + 2] << 8 | b[l4 + 3]
					       : b[l4] << 8 | b[l4 + 1];
			if (method != TRC_ICMP)
				cr_assert_eq(k, f.id + r);
			if (ttl == 1)
				first[r] = (uint16_t)k;
			cr_assert_eq(k, first[r], "ttl %d flow %d", ttl, r);
		}
	cr_assert_neq(first[0], first[1]);
	cr_assert_neq(first[1], first[2]);
	free(t);
}

Test(trace, ecmp_gives_each_probe_of_a_hop_its_own_flow)
{
	ecmp_check(TRC_ICMP, 4);
	ecmp_check(TRC_ICMP, 6);
	ecmp_check(TRC_UDP, 4);
	ecmp_check(TRC_UDP, 6);
	ecmp_check(TRC_TCP, 4);
}
