#include "track.h"

#include <math.h>
#include <string.h>

/* Query kinds (requests and replies of one pair kind match), with the
 * direction in the high bits: one table lookup per message, built from
 * the decoder's type rows at trk_init. */
#define K_REQ 0x10
#define K_REP 0x20

static void
query_table(uint8_t q[2][256])
{
	int v, ty, k;

	for (v = 0; v < 2; v++)
		for (ty = 0; ty < 256; ty++) {
			k = dec_query_kind(v ? 6 : 4, ty);
			q[v][ty] = (uint8_t)(k ? dec_query_pair(v ? 6 : 4, ty) |
							     (k == 1 ? K_REQ
								     : K_REP)
					       : 0);
		}
}

void
trk_init_zeroed(struct trk *t)
{
	t->st.rtt_min = INT64_MAX;
	query_table(t->query);
}

void
trk_init(struct trk *t)
{
	memset(t, 0, sizeof(*t));
	trk_init_zeroed(t);
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static uint64_t
rotl(uint64_t v, int n)
{
	return v << n | v >> (64 - n);
}

/* Digest of everything in the key but id and seq.  The interface index
 * of a Linux "any" capture is part of it: a forwarded request is seen on
 * two interfaces, and each copy pairs with the reply on its own. */
static uint64_t
addr_digest(const struct dec_pkt *d, uint8_t kind, const uint8_t *src,
	    const uint8_t *dst)
{
	uint64_t w[4], h = (uint64_t)d->link.sll_ifindex << 32 |
			   (uint64_t)d->ip.ver << 8 | kind;

	memcpy(w, src, 8);
	memcpy(w + 1, src + 8, 8);
	memcpy(w + 2, dst, 8);
	memcpy(w + 3, dst + 8, 8);
	/* Independent multiplies (they run in parallel), then one mix.
	 * Odd constants keep each product a bijection of its word, and
	 * the rotations keep source and destination apart. */
	h ^= w[0] * 0x9e3779b97f4a7c15ull;
	h ^= rotl(w[1] * 0xc2b2ae3d27d4eb4full, 17);
	h ^= rotl(w[2] * 0x165667b19e3779f9ull, 31);
	h ^= rotl(w[3] * 0x27d4eb2f165667c5ull, 47);
	return mix(h);
}

/* The digest is already well mixed: one multiply spreads id and seq over
 * the top bits, which pick the set. */
static struct trk_entry *
set_of(struct trk *t, uint64_t addrs, uint16_t id, uint16_t seq)
{
	uint64_t h =
		(addrs ^ ((uint64_t)id << 16 | seq)) * 0x9e3779b97f4a7c15ull;

	return t->set[(h >> 40) % TRK_SETS];
}

static int
entry_is(const struct trk_entry *e, uint64_t addrs, uint16_t id, uint16_t seq)
{
	return e->state != TRK_EMPTY && e->addrs == addrs && e->id == id &&
	       e->seq == seq;
}

static int
hist_bucket(int64_t v)
{
	int e, m;

	if (v <= 0)
		return 0;
	e = 63 - __builtin_clzll((uint64_t)v);
	if (e >= TRK_HBITS)
		m = (int)((uint64_t)v >> (e - TRK_HBITS)) &
		    ((1 << TRK_HBITS) - 1);
	else
		m = (int)((uint64_t)v << (TRK_HBITS - e)) &
		    ((1 << TRK_HBITS) - 1);
	return e << TRK_HBITS | m;
}

/* The middle of a bucket. */
static int64_t
hist_value(int b)
{
	int e = b >> TRK_HBITS, m = b & ((1 << TRK_HBITS) - 1);
	double base = (double)((1 << TRK_HBITS) + m) + 0.5;

	return (int64_t)llround(ldexp(base, e - TRK_HBITS));
}

void
trk_rtt_add(struct trk_stats *s, int64_t rtt)
{
	s->rtt_n++;
	if (rtt < s->rtt_min)
		s->rtt_min = rtt;
	if (rtt > s->rtt_max)
		s->rtt_max = rtt;
	s->rtt_sum += (double)rtt;
	s->rtt_sumsq += (double)rtt * (double)rtt;
	s->rtt_hist[hist_bucket(rtt)]++;
}

/* One request or reply to look up: the set is known (and prefetched)
 * before the lookup runs. */
static void
op_request(struct trk *t, const struct trk_op *op)
{
	struct trk_entry *victim = op->set, *e;
	uint64_t best = UINT64_MAX;
	int i;

	/* One pass: a retransmission reuses its own entry; otherwise an
	 * empty slot, else the oldest answered entry, else the oldest
	 * unanswered one (that is an eviction). */
	for (i = 0; i < TRK_WAYS; i++) {
		uint64_t r;

		e = &op->set[i];
		if (entry_is(e, op->addrs, op->id, op->seq)) {
			victim = e;
			goto fill;
		}
		r = e->state == TRK_EMPTY      ? 0
		    : e->state == TRK_ANSWERED ? e->frame + 1
					       : 1ull << 63 | e->frame;
		if (r < best) {
			best = r;
			victim = e;
		}
	}
	if (victim->state == TRK_OPEN)
		t->st.evictions++;
fill:
	victim->frame = op->frame;
	victim->ts_ns = op->ts;
	victim->state = TRK_OPEN;
	victim->addrs = op->addrs;
	victim->id = op->id;
	victim->seq = op->seq;
}

/* d may be NULL when nobody wants the result on the packet. */
static void
op_reply(struct trk *t, const struct trk_op *op, struct dec_pkt *d)
{
	int i;

	for (i = 0; i < TRK_WAYS; i++) {
		struct trk_entry *e = &op->set[i];
		int64_t rtt;

		if (!entry_is(e, op->addrs, op->id, op->seq))
			continue;
		rtt = op->ts - e->ts_ns;
		if (d) {
			d->matched = 1;
			d->reply_to = e->frame;
			d->rtt_ns = rtt;
		}
		if (e->state == TRK_ANSWERED) {
			if (d)
				d->dup = 1;
			t->st.dups++;
		} else {
			e->state = TRK_ANSWERED;
			t->st.matched++;
			trk_rtt_add(&t->st, rtt);
		}
		return;
	}
	t->st.unmatched_replies++;
}

static void
op_run(struct trk *t, const struct trk_op *op, struct dec_pkt *d)
{
	if (op->req)
		op_request(t, op);
	else
		op_reply(t, op, d);
}

int
trk_prepare(struct trk *t, struct trk_stats *s, const struct dec_pkt *d, int rc,
	    struct trk_op *op)
{
	const struct dec_icmp *m = &d->icmp;
	int v;
	uint8_t q;

	s->records++;
	if (rc != DEC_ICMP) {
		if (d->ip.frag_off &&
		    (d->ip.proto == DEC_P_ICMP || d->ip.proto == DEC_P_ICMP6))
			s->fragments++;
		else if (d->flags & (DEC_F_LINKTRUNC | DEC_F_MALFORMED))
			s->undecodable++;
		else
			s->not_icmp++;
		if (d->flags & DEC_F_DEEP)
			s->too_deep++;
		return 0;
	}
	v = m->ver == 6 ? 1 : 0;
	s->icmp++;
	s->tunneled += d->nouter != 0;
	s->by_type[v][m->type]++;
	s->by_code[v][m->type]
		  [m->code < TRK_MAX_CODES ? m->code : TRK_MAX_CODES]++;
	if (d->flags & DEC_F_TRUNC)
		s->truncated++;
	if (d->flags & DEC_F_MALFORMED)
		s->malformed++;
	if (m->cksum_status == DEC_CK_OK)
		s->ck_ok++;
	else if (m->cksum_status == DEC_CK_BAD)
		s->ck_bad++;
	else
		s->ck_unverified++;
	s->ip_ck_bad += d->ip.ck_status == DEC_CK_BAD;
	if (!m->has_idseq || d->icmp.ver != d->ip.ver)
		return 0;
	q = t->query[v][m->type];
	/* Nanoseconds in 64 bits: any 32-bit pcap second fits, and so
	 * does the difference of two; stranger pcapng clocks are not
	 * timed. */
	if (!q || d->ts_sec > 4300000000LL || d->ts_sec < -4300000000LL)
		return 0;
	op->req = (q & K_REQ) != 0;
	if (op->req)
		s->requests++;
	else
		s->replies++;
	op->addrs = op->req ? addr_digest(d, q & 0x0f, d->ip.src, d->ip.dst)
			    : addr_digest(d, q & 0x0f, d->ip.dst, d->ip.src);
	op->id = m->id;
	op->seq = m->seq;
	op->set = set_of(t, op->addrs, op->id, op->seq);
	op->frame = d->frame;
	op->ts = d->ts_sec * 1000000000 + d->ts_nsec;
	return 1;
}

void
trk_packet(struct trk *t, struct dec_pkt *d, int rc)
{
	struct trk_op op;

	trk_flush(t);
	if (trk_prepare(t, &t->st, d, rc, &op))
		op_run(t, &op, d);
}

void
trk_packet_later(struct trk *t, const struct dec_pkt *d, int rc)
{
	struct trk_op op;

	if (!trk_prepare(t, &t->st, d, rc, &op))
		return;
	/* The set is most likely not in the cache: ask for it now and
	 * look into it when the next request or reply comes, after that
	 * record has been decoded. */
	__builtin_prefetch(op.set, 1);
	__builtin_prefetch((const char *)op.set + 64, 1);
	trk_flush(t);
	t->pend = op;
	t->pending = 1;
}

void
trk_flush(struct trk *t)
{
	if (t->pending) {
		t->pending = 0;
		op_run(t, &t->pend, NULL);
	}
}

void
trk_apply(struct trk *t, const struct trk_op *ops, size_t n)
{
	/* Each set is asked for a few lookups before it is needed. */
	enum { AHEAD = 6 };
	size_t i;

	trk_flush(t);
	for (i = 0; i < n; i++) {
		if (i + AHEAD < n) {
			__builtin_prefetch(ops[i + AHEAD].set, 1);
			__builtin_prefetch(
				(const char *)ops[i + AHEAD].set + 64, 1);
		}
		op_run(t, &ops[i], NULL);
	}
}

void
trk_stats_add(struct trk_stats *to, const struct trk_stats *from)
{
	const uint64_t *ft = &from->by_type[0][0],
		       *fc = &from->by_code[0][0][0];
	uint64_t *tt = &to->by_type[0][0], *tc = &to->by_code[0][0][0];
	size_t i;

#define ADD(f) to->f += from->f
	ADD(records), ADD(icmp), ADD(not_icmp), ADD(undecodable);
	ADD(fragments), ADD(tunneled), ADD(too_deep), ADD(truncated);
	ADD(malformed), ADD(ck_ok), ADD(ck_bad), ADD(ck_unverified);
	ADD(ip_ck_bad);
	ADD(requests), ADD(replies), ADD(matched), ADD(dups);
	ADD(unmatched_replies), ADD(evictions), ADD(rtt_n);
	ADD(rtt_sum), ADD(rtt_sumsq);
#undef ADD
	for (i = 0; i < sizeof(from->by_type) / sizeof(*ft); i++)
		tt[i] += ft[i];
	for (i = 0; i < sizeof(from->by_code) / sizeof(*fc); i++)
		tc[i] += fc[i];
	for (i = 0; i < TRK_HBUCKETS; i++)
		to->rtt_hist[i] += from->rtt_hist[i];
	if (from->rtt_min < to->rtt_min)
		to->rtt_min = from->rtt_min;
	if (from->rtt_max > to->rtt_max)
		to->rtt_max = from->rtt_max;
}

int64_t
trk_percentile(const struct trk *t, double p)
{
	return trk_stats_percentile(&t->st, p);
}

int64_t
trk_stats_percentile(const struct trk_stats *s, double p)
{
	uint64_t want, seen = 0;
	int64_t v;
	int i;

	if (!s->rtt_n)
		return 0;
	want = (uint64_t)ceil(p / 100.0 * (double)s->rtt_n);
	if (want < 1)
		want = 1;
	for (i = 0; i < TRK_HBUCKETS; i++) {
		seen += s->rtt_hist[i];
		if (seen >= want)
			break;
	}
	/* The middle of the bucket, but never outside what was seen. */
	v = hist_value(i);
	if (v < s->rtt_min)
		v = s->rtt_min;
	if (v > s->rtt_max)
		v = s->rtt_max;
	return v;
}

uint64_t
trk_unanswered(const struct trk *t)
{
	uint64_t n = t->st.evictions;
	int i, j;

	for (i = 0; i < TRK_SETS; i++)
		for (j = 0; j < TRK_WAYS; j++)
			n += t->set[i][j].state == TRK_OPEN;
	return n;
}

void
trk_each_open(const struct trk *t,
	      int (*fn)(const struct trk_entry *e, void *arg), void *arg)
{
	int i, j;

	for (i = 0; i < TRK_SETS; i++)
		for (j = 0; j < TRK_WAYS; j++)
			if (t->set[i][j].state == TRK_OPEN &&
			    fn(&t->set[i][j], arg))
				return;
}
