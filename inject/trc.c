#include "trc.h"

#include <libnet.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cksum.h"
#include "../decode/codes.h"
#include "../decode/cursor.h"
#include "family.h"

static const uint8_t trc_proto[] = {
	[TRC_ICMP] = 0, [TRC_UDP] = 17, [TRC_TCP] = 6};

static uint8_t
proto_of(const struct trc_flow *f)
{
	if (f->method == TRC_ICMP)
		return f->ver == 6 ? 58 : 1;
	return trc_proto[f->method];
}

/* The transport header, innermost first as libnet wants. */
static int
build_l4(libnet_t *l, const struct trc_flow *f, uint8_t *pay)
{
	uint32_t n = (uint32_t)f->payload;

	switch (f->method) {
	case TRC_UDP:
		return libnet_build_udp(f->id, f->port, (uint16_t)(8 + n), 0,
					pay, n, l, 0);
	case TRC_TCP:
		return libnet_build_tcp(f->id, f->port, f->base32, 0, TH_SYN,
					5840, 0, 0, LIBNET_TCP_H, NULL, 0, l,
					0);
	default:
		if (f->ver == 6)
			return libnet_build_icmpv6_echo(128, 0, 0, f->id,
							f->base, pay, n, l, 0);
		return libnet_build_icmpv4_echo(8, 0, 0, f->id, f->base, pay, n,
						l, 0);
	}
}

static size_t
l4_len(const struct trc_flow *f)
{
	return f->method == TRC_TCP ? LIBNET_TCP_H : 8 + f->payload;
}

static int
build_ip(libnet_t *l, const struct trc_flow *f)
{
	uint16_t n = (uint16_t)l4_len(f);

	if (f->ver == 6) {
		struct libnet_in6_addr s, d;

		memcpy(&s, f->src, 16);
		memcpy(&d, f->dst, 16);
		return libnet_build_ipv6(0, 0, n, proto_of(f), 1, s, d, NULL, 0,
					 l, 0);
	}
	{
		uint32_t s, d;

		memcpy(&s, f->src, 4);
		memcpy(&d, f->dst, 4);
		return libnet_build_ipv4((uint16_t)(LIBNET_IPV4_H + n), 0,
					 f->base, f->df ? IP_DF : 0, 1,
					 proto_of(f), 0, s, d, NULL, 0, l, 0);
	}
}

int
trc_template(const struct trc_flow *f, uint8_t **out, size_t *len, char *errbuf)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, lerr);
	uint8_t *pay = calloc(1, f->payload + 1), *bytes = NULL;
	uint32_t n = 0;
	size_t i;
	int rc = -1;

	if (!l || !pay) {
		cli_err(errbuf, "libnet: %s", l ? "out of memory" : lerr);
		goto out;
	}
	/* Bytes 0-1 are the per-probe word; then traceroute's 0x40 on. */
	for (i = 2; i < f->payload; i++)
		pay[i] = (uint8_t)(0x40 + i);
	if (build_l4(l, f, pay) < 0 || build_ip(l, f) < 0 ||
	    libnet_pblock_coalesce(l, &bytes, &n) < 0) {
		cli_err(errbuf, "build: %s", libnet_geterror(l));
		goto out;
	}
	*out = malloc(n);
	if (!*out) {
		cli_err(errbuf, "memory: out of memory");
		goto out;
	}
	memcpy(*out, bytes, n);
	*len = n;
	rc = 0;
out:
	if (bytes)
		libnet_adv_free_packet(l, bytes);
	if (l)
		libnet_destroy(l);
	free(pay);
	return rc;
}

/* One's complement a - b, folded to 16 bits. */
static uint16_t
oc_sub(uint16_t a, uint16_t b)
{
	uint32_t s = (uint32_t)a + (uint16_t)~b;

	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)((s & 0xffff) + (s >> 16));
}

static uint16_t
l4_sum(const struct trc_flow *f, const uint8_t *l4, size_t n)
{
	uint32_t s;

	if (f->ver == 6) {
		s = ck_pseudo6(f->src, f->dst, (uint32_t)n, proto_of(f));
	} else if (f->method == TRC_ICMP) {
		s = 0; /* ICMPv4's checksum covers the message only */
	} else {
		s = ck_add(0, f->src, 4);
		s = ck_add(s, f->dst, 4) + proto_of(f) + (uint32_t)n;
	}
	return ck_fold(ck_add(s, l4, n));
}

int
trc_flow_of(const struct trc_flow *f, int idx)
{
	return f->ecmp ? TRC_R(idx) : 0;
}

/* Whether a source port is one of the trace's flows. */
static int
our_port(const struct trc_flow *f, uint16_t port)
{
	return port >= f->id && port - f->id < (f->ecmp ? TRC_MAXR : 1);
}

void
trc_patch(const struct trc_flow *f, uint8_t *b, size_t len, int idx)
{
	const struct inj_family *fam = inj_family(f->ver);
	uint8_t *l4 = b + fam->ip_hlen;
	size_t n = len - fam->ip_hlen;
	uint16_t key = (uint16_t)(f->base + idx), c;

	b[f->ver == 6 ? 7 : 8] = (uint8_t)TRC_TTL(idx);
	if (f->method != TRC_ICMP)
		wr_be16(l4, (uint16_t)(f->id + trc_flow_of(f, idx)));
	if (f->method == TRC_ICMP) {
		/* seq goes up; bytes 0-1 of the payload go down as much, so
		 * the checksum, which some routers hash, never changes
		 * (--ecmp: it changes with the flow, probe r of a hop). */
		wr_be16(l4 + 6, key);
		wr_be16(l4 + 8,
			oc_sub(f->base + (uint16_t)trc_flow_of(f, idx), key));
		wr_be16(l4 + 2, 0);
		wr_be16(l4 + 2, l4_sum(f, l4, n));
	} else if (f->method == TRC_UDP) {
		/* Same ports for all: the checksum says which probe, made
		 * so by bytes 0-1 of the payload (Paris traceroute). */
		wr_be16(l4 + 6, 0);
		wr_be16(l4 + 8, 0);
		c = l4_sum(f, l4, n);
		wr_be16(l4 + 8, oc_sub((uint16_t)~key, (uint16_t)~c));
		wr_be16(l4 + 6, l4_sum(f, l4, n));
	} else {
		wr_be32(l4 + 4, f->base32 + (uint32_t)idx);
		wr_be16(l4 + 16, 0);
		wr_be16(l4 + 16, l4_sum(f, l4, n));
	}
	if (f->ver == 4) {
		wr_be16(b + 4, key);
		wr_be16(b + 10, 0);
		wr_be16(b + 10, ck_fold(ck_add(0, b, 20)));
	}
}

static int
valid_idx(uint32_t idx)
{
	return TRC_TTL(idx) >= 1 && TRC_TTL(idx) <= TRC_MAXTTL ? (int)idx : -1;
}

int
trc_key(const struct trc_flow *f, const struct dec_quote *q, int dir)
{
	size_t alen = f->ver == 6 ? 16 : 4;
	const uint8_t *from = dir ? f->dst : f->src,
		      *to = dir ? f->src : f->dst;

	if (!q->present || q->ver != f->ver || q->proto != proto_of(f) ||
	    memcmp(q->src, from, alen) || memcmp(q->dst, to, alen))
		return -1;
	switch (f->method) {
	case TRC_ICMP:
		if (dir || !q->has_idseq || q->iid != f->id ||
		    q->itype != (f->ver == 6 ? 128 : 8))
			return -1;
		return valid_idx((uint16_t)(q->iseq - f->base));
	case TRC_UDP:
		if (dir || !q->has_l4 || !our_port(f, q->sport) ||
		    q->dport != f->port)
			return -1;
		return valid_idx((uint16_t)(q->usum - f->base));
	default:
		if (!dir)
			return q->has_l4 && our_port(f, q->sport) &&
					       q->dport == f->port
				       ? valid_idx(q->tseq - f->base32)
				       : -1;
		/* A SYN-ACK or a reset acknowledges our sequence + 1. */
		return q->has_ack && q->sport == f->port &&
				       our_port(f, q->dport)
			       ? valid_idx(q->tack - 1 - f->base32)
			       : -1;
	}
}

int
trc_key_echo(const struct trc_flow *f, uint16_t id, uint16_t seq)
{
	return f->method == TRC_ICMP && id == f->id
		       ? valid_idx((uint16_t)(seq - f->base))
		       : -1;
}

/* traceroute(8)'s letters for each unreachable code; NULL: the code in
 * brackets.  Port unreachable is the destination itself: no letter. */
static const char *const note4[16] = {
	"!N", "!H", "!P", "",	NULL, "!S", "!N", "!H",
	"!N", "!X", "!X", "!N", "!H", "!X", "!V", "!C",
};
static const char *const note6[5] = {"!N", "!X", "!H", "!H", ""};

const char *
trc_note(int ver, int type, int code, uint32_t mtu, char *buf, size_t n,
	 int *final)
{
	const char *s = NULL;

	*final = 1;
	if ((ver == 4 && type == 0) || (ver == 6 && type == 129))
		return "";
	if ((ver == 4 && type == 3 && code == 4) || (ver == 6 && type == 2)) {
		snprintf(buf, n, "!F-%u", mtu);
		return buf;
	}
	if (ver == 4 && type == 3)
		s = code < 16 ? note4[code] : NULL;
	else if (ver == 6 && type == 1)
		s = code < 5 ? note6[code] : NULL;
	else {
		*final = 0; /* time exceeded and the rest: a hop on the way */
		return "";
	}
	if (s)
		return s;
	snprintf(buf, n, "!<%d>", code);
	return buf;
}

int
trc_route_error(int ver, int type, int code, int from_dst)
{
	/* Net, host and admin-prohibited unreachables from a router other
	 * than the destination: ip_error()'s codes. */
	return ver == 4 && type == 3 && !from_dst &&
	       (code == 0 || code == 1 || code == 13);
}

void
trc_plan_init(struct trc_plan *p, int first, int max, int q, int64_t wait_ns)
{
	/* Only the rows up to max: a whole plan is nearly 1 MB, and
	 * clearing it (every page touched, then copied by the fork of the
	 * deferred close) was a third of a short trace's time. */
	memset(p, 0,
	       offsetof(struct trc_plan, pr) +
		       (size_t)(max + 1) * sizeof(p->pr[0]));
	p->first = first;
	p->max = max;
	p->q = q;
	p->wait_ns = wait_ns;
	p->frontier = first - 1;
	p->window = TRC_BURST + 1 - q > 1 ? TRC_BURST + 1 - q : 1;
}

void
trc_plan_rounds(struct trc_plan *p, int64_t interval_ns)
{
	p->interval_ns = interval_ns;
	p->window = TRC_BURST; /* one probe per hop at a time */
}

int
trc_last(const struct trc_plan *p)
{
	return p->end ? p->end : p->max;
}

/* When the last probe that reached the end went (those sent past it
 * reached it too). */
static int64_t
end_last_sent(const struct trc_plan *p)
{
	int64_t last = 0;
	int t, k;

	for (t = p->end; t <= p->max; t++)
		for (k = 0; k < p->q; k++)
			if (p->pr[t][k].state != TRC_UNSENT &&
			    p->pr[t][k].sent_ns > last)
				last = p->pr[t][k].sent_ns;
	return last;
}

#define TRC_NEVER INT64_MAX

static int64_t
later(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* When probe r of ttl may go, as things stand: 0 for now, TRC_NEVER
 * until some answer or timeout changes the plan. */
static int64_t
due_at(const struct trc_plan *p, int ttl, int r)
{
	const struct trc_probe *p0 = &p->pr[ttl][0];
	int64_t at = 0;

	if (r == 0)
		return ttl <= p->frontier + p->window ? 0 : TRC_NEVER;
	if (p0->state == TRC_UNSENT ||
	    (ttl > p->frontier && !(ttl == p->end && p->frontier >= ttl - 1)))
		return TRC_NEVER;
	if (p->interval_ns)
		at = p->t0 + r * p->interval_ns;
	if (ttl == p->end && p->slow)
		at = later(at, end_last_sent(p) + TRC_ROUTE_GAP_NS);
	/* Past the burst, one more per refill of the responder's bucket. */
	if (!p->interval_ns && r >= TRC_BURST)
		at = later(at,
			   p0->sent_ns + (r - TRC_BURST + 1) * TRC_REFILL_NS);
	return at;
}

static int
may_send(const struct trc_plan *p, int ttl, int r, int64_t now)
{
	return due_at(p, ttl, r) <= now;
}

/* The first probe due at now: its TTL and number, or 0. */
static int
find_due(const struct trc_plan *p, int64_t now, int *ttl, int *r)
{
	int t, k, last = trc_last(p);

	for (k = 0; k < p->q; k++)
		for (t = p->first; t <= last; t++) {
			if (p->pr[t][k].state != TRC_UNSENT ||
			    !may_send(p, t, k, now))
				continue;
			*ttl = t;
			*r = k;
			return 1;
		}
	return 0;
}

int
trc_next_due(const struct trc_plan *p, int64_t now)
{
	int t, k;

	return find_due(p, now, &t, &k);
}

int
trc_next(struct trc_plan *p, int64_t now, int *ttl, int *r)
{
	if (!find_due(p, now, ttl, r))
		return 0;
	p->pr[*ttl][*r].state = TRC_SENT;
	p->pr[*ttl][*r].sent_ns = now;
	if (!p->t0)
		p->t0 = now;
	return 1;
}

static void
advance(struct trc_plan *p, int ttl)
{
	if (ttl > p->frontier && (!p->end || ttl < p->end))
		p->frontier = ttl;
}

void
trc_answer(struct trc_plan *p, int ttl, int r, const struct trc_probe *a)
{
	struct trc_probe *x = &p->pr[ttl][r];
	int64_t sent = x->sent_ns, out = x->out_ns;

	if (ttl < p->first || ttl > p->max || r >= p->q || x->state != TRC_SENT)
		return;
	*x = *a;
	x->state = TRC_ANSWERED;
	x->sent_ns = sent;
	x->out_ns = out;
	if (!a->final) {
		advance(p, ttl);
		return;
	}
	if (!p->end || ttl < p->end) {
		p->end = ttl;
		p->slow = a->slow;
	}
	if (p->frontier >= p->end)
		p->frontier = p->end - 1;
}

/* The RTT of the first answer among probes, or -1 (traceroute's order:
 * the probes of a hop, then the hops after it). */
static int64_t
first_rtt(const struct trc_probe *x, int n)
{
	int k;

	for (k = 0; k < n; k++)
		if (x[k].state == TRC_ANSWERED && x[k].rtt_ns > 0)
			return x[k].rtt_ns;
	return -1;
}

/* The wait w shortened to s, but not below TRC_SHORT_MIN_NS. */
static int64_t
shorter(int64_t w, int64_t s)
{
	s = s > TRC_SHORT_MIN_NS ? s : TRC_SHORT_MIN_NS;
	return s < w ? s : w;
}

/* Each hop's wait for its probes in flight: -w, or less once the hop
 * itself (HERE) or a later one (NEAR) answered. */
static void
hop_waits(const struct trc_plan *p, int64_t *w)
{
	int64_t near = -1, here;
	int t, last = trc_last(p);

	for (t = last; t >= p->first; t--) {
		here = first_rtt(p->pr[t], p->q);
		w[t] = p->wait_ns;
		if (here >= 0)
			w[t] = shorter(w[t], TRC_HERE * (here + TRC_PREC_NS));
		else if (near >= 0)
			w[t] = shorter(w[t], TRC_NEAR * (near + TRC_PREC_NS));
		if (here >= 0)
			near = here;
	}
}

void
trc_retry(struct trc_plan *p, int ttl, int r)
{
	if (ttl >= p->first && ttl <= p->max && r < p->q &&
	    p->pr[ttl][r].state == TRC_SENT)
		memset(&p->pr[ttl][r], 0, sizeof(p->pr[ttl][r]));
}

int
trc_too_big(int ver, int type, int code)
{
	return ver == 4 ? type == 3 && code == 4 : type == 2;
}

void
trc_expire(struct trc_plan *p, int64_t now)
{
	int64_t w[TRC_MAXTTL + 1];
	int t, k, last = trc_last(p);

	hop_waits(p, w);
	for (t = p->first; t <= last; t++)
		for (k = 0; k < p->q; k++) {
			struct trc_probe *x = &p->pr[t][k];

			if (x->state != TRC_SENT || now - x->sent_ns < w[t])
				continue;
			x->state = TRC_LOST;
			/* A silent hop is taken as one on the way. */
			if (k == 0)
				advance(p, t);
		}
}

int
trc_done(const struct trc_plan *p)
{
	int t, k, last = trc_last(p);

	if (p->end && p->frontier < p->end - 1)
		return 0;
	for (t = p->first; t <= last; t++)
		for (k = 0; k < p->q; k++)
			if (p->pr[t][k].state < TRC_ANSWERED)
				return 0;
	return 1;
}

int64_t
trc_wait(const struct trc_plan *p, int64_t now)
{
	int64_t w = TRC_REFILL_NS, d, hw[TRC_MAXTTL + 1];
	int t, k, last = trc_last(p);

	hop_waits(p, hw);
	for (t = p->first; t <= last; t++)
		for (k = 0; k < p->q; k++) {
			const struct trc_probe *x = &p->pr[t][k];

			if (x->state == TRC_SENT)
				d = x->sent_ns + hw[t] - now;
			else if (x->state == TRC_UNSENT)
				d = due_at(p, t, k) == TRC_NEVER
					    ? TRC_REFILL_NS
					    : due_at(p, t, k) - now;
			else
				continue;
			if (d < w)
				w = d;
		}
	return w < 0 ? 0 : w;
}

static void
sort_ns(int64_t *v, int n)
{
	int i, j;
	int64_t x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Nearest rank: the smallest value with at least pct % at or below it. */
static int64_t
rank(const int64_t *v, int n, int pct)
{
	int k = (pct * n + 99) / 100;

	return v[k > 0 ? k - 1 : 0];
}

/* Whether the losses of a hop fit a rate limit (trc_hopstat). */
static int
rate_limited(const struct trc_plan *p, int ttl, const struct trc_hopstat *s)
{
	int k, n = s->sent < TRC_BURST ? s->sent : TRC_BURST;
	int64_t span = (int64_t)(s->sent - 1) * p->interval_ns;

	if (!p->interval_ns || p->interval_ns >= TRC_REFILL_NS ||
	    s->answered == s->sent)
		return 0;
	for (k = 0; k < n; k++)
		if (p->pr[ttl][k].state != TRC_ANSWERED)
			return 0;
	return s->answered <= TRC_BURST + 2 + span / TRC_REFILL_NS;
}

void
trc_hop_stats(const struct trc_plan *p, int ttl, struct trc_hopstat *s)
{
	int64_t v[TRC_MAXR];
	double sum = 0, sq = 0;
	int k;

	memset(s, 0, sizeof(*s));
	for (k = 0; k < p->q; k++) {
		const struct trc_probe *x = &p->pr[ttl][k];

		if (x->state < TRC_ANSWERED)
			continue;
		s->sent++;
		if (x->state != TRC_ANSWERED)
			continue;
		v[s->answered++] = x->rtt_ns;
		s->last = x->rtt_ns;
		sum += (double)x->rtt_ns;
	}
	if (s->sent)
		s->loss_pct = 100.0 * (s->sent - s->answered) / s->sent;
	s->rl = rate_limited(p, ttl, s);
	if (!s->answered)
		return;
	s->avg = sum / s->answered;
	for (k = 0; k < s->answered; k++)
		sq += ((double)v[k] - s->avg) * ((double)v[k] - s->avg);
	s->stdev = sqrt(sq / s->answered);
	sort_ns(v, s->answered);
	s->best = v[0];
	s->worst = v[s->answered - 1];
	s->p50 = rank(v, s->answered, 50);
	s->p90 = rank(v, s->answered, 90);
}

static void
ext_ifinfo(const struct dec_extobj *o, struct trc_ext *e)
{
	struct dec_ifinfo r;

	if (e->has_if || !dec_ext_ifinfo(o, &r))
		return;
	e->has_if = 1;
	e->role = r.role;
	e->has_ifindex = r.has_ifindex;
	e->ifindex = r.ifindex;
	e->has_mtu = r.has_mtu;
	e->mtu = r.mtu;
	if (r.has_name) {
		e->name_len = (uint8_t)(r.name_bytes < sizeof(e->name)
						? r.name_bytes
						: sizeof(e->name) - 1);
		memcpy(e->name, r.name, e->name_len);
	}
}

void
trc_ext_read(const struct dec_icmp *m, struct trc_ext *e)
{
	struct dec_extobj o;
	size_t off = (size_t)m->ext_off + 4;

	memset(e, 0, sizeof(*e));
	if (!m->ext_off)
		return;
	while (dec_extobj_next(m, &off, &o) > 0 && o.bad == DEC_EXT_OK) {
		if (o.cls == DEC_EXT_MPLS && o.ctype == DEC_EXT_MPLS_INCOMING &&
		    !e->nlabel)
			while (e->nlabel < TRC_NLABEL &&
			       dec_ext_mpls(&o, e->nlabel,
					    &e->label[e->nlabel]) > 0)
				e->nlabel++;
		else if (o.cls == DEC_EXT_IFINFO)
			ext_ifinfo(&o, e);
	}
}

void
trc_ext_text(const struct trc_ext *e, char *buf, size_t n)
{
	size_t k = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < e->nlabel && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%sL=%u,E=%u,S=%u,T=%u",
				      i ? "/" : " <MPLS:", e->label[i].label,
				      e->label[i].tc, e->label[i].s,
				      e->label[i].ttl);
	if (e->nlabel && k < n)
		k += (size_t)snprintf(buf + k, n - k, ">");
	if (!e->has_if || k >= n)
		return;
	k += (size_t)snprintf(buf + k, n - k, " <IF:%s",
			      dec_ext_role_name(e->role));
	if (e->has_ifindex && k < n)
		k += (size_t)snprintf(buf + k, n - k, ",index=%u", e->ifindex);
	if (e->name_len && k < n)
		k += (size_t)snprintf(buf + k, n - k, ",name=%.*s",
				      (int)e->name_len, e->name);
	if (e->has_mtu && k < n)
		k += (size_t)snprintf(buf + k, n - k, ",mtu=%u", e->mtu);
	if (k < n)
		snprintf(buf + k, n - k, ">");
}
