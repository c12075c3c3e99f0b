#include "track.h"

#include <math.h>
#include <string.h>

void
trk_init(struct trk *t)
{
	memset(t, 0, sizeof(*t));
	t->st.rtt_min = INT64_MAX;
}

/* The kind of query: requests and replies of one kind pair up. */
static uint8_t
query_kind(int ver, int type)
{
	if (ver == 6)
		return type == 128 || type == 129 ? 1 : 0;
	switch (type) {
	case 0:
	case 8:
		return 1;
	case 13:
	case 14:
		return 2;
	case 15:
	case 16:
		return 3;
	case 17:
	case 18:
		return 4;
	default:
		return 0;
	}
}

static uint32_t
key_hash(int ver, uint8_t kind, const uint8_t *src, const uint8_t *dst,
	 uint16_t id, uint16_t seq)
{
	uint64_t h = (uint64_t)id << 32 | (uint64_t)seq << 16 |
		     (uint64_t)ver << 8 | kind;
	uint64_t w[4];

	memcpy(w, src, 8);
	memcpy(w + 1, src + 8, 8);
	memcpy(w + 2, dst, 8);
	memcpy(w + 3, dst + 8, 8);
	h ^= w[0] * 0x9e3779b97f4a7c15ull;
	h ^= (w[1] ^ (h >> 29)) * 0xbf58476d1ce4e5b9ull;
	h ^= (w[2] ^ (h >> 31)) * 0x94d049bb133111ebull;
	h ^= (w[3] ^ (h >> 27)) * 0x9e3779b97f4a7c15ull;
	h ^= h >> 32;
	return (uint32_t)h;
}

static int
entry_is(const struct trk_entry *e, int ver, uint8_t kind,
	 const uint8_t *src, const uint8_t *dst, uint16_t id, uint16_t seq)
{
	return e->state != TRK_EMPTY && e->ver == ver && e->kind == kind &&
	       e->id == id && e->seq == seq && !memcmp(e->src, src, 16) &&
	       !memcmp(e->dst, dst, 16);
}

static void
rtt_add(struct trk_stats *s, int64_t rtt)
{
	double l;
	long i = 0;

	s->rtt_n++;
	if (rtt < s->rtt_min)
		s->rtt_min = rtt;
	if (rtt > s->rtt_max)
		s->rtt_max = rtt;
	s->rtt_sum += (double)rtt;
	s->rtt_sumsq += (double)rtt * (double)rtt;
	if (rtt > 1) {
		l = log((double)rtt) * TRK_HSCALE;
		i = l >= TRK_HBUCKETS - 1 ? TRK_HBUCKETS - 1 : (long)l;
	}
	s->rtt_hist[i]++;
}

static void
track_request(struct trk *t, struct dec_pkt *d, uint8_t kind, int64_t ts)
{
	struct trk_entry *set, *victim = NULL, *e;
	const struct dec_ip *ip = &d->ip;
	const struct dec_icmp *m = &d->icmp;
	int i;

	set = t->set[key_hash(ip->ver, kind, ip->src, ip->dst, m->id, m->seq) %
		     TRK_SETS];
	for (i = 0; i < TRK_WAYS; i++) {
		e = &set[i];
		if (entry_is(e, ip->ver, kind, ip->src, ip->dst, m->id,
			     m->seq)) {
			victim = e; /* a retransmission: time it afresh */
			goto fill;
		}
	}
	for (i = 0; i < TRK_WAYS; i++) {
		e = &set[i];
		if (e->state == TRK_EMPTY) {
			victim = e;
			goto fill;
		}
		/* Answered entries go first, then the oldest. */
		if (!victim || (e->state == TRK_ANSWERED &&
				victim->state == TRK_OPEN) ||
		    (e->state == victim->state && e->frame < victim->frame))
			victim = e;
	}
	t->st.evictions++;
	if (victim->state == TRK_OPEN)
		t->st.evicted_open++;
fill:
	victim->frame = d->frame;
	victim->ts_ns = ts;
	victim->state = TRK_OPEN;
	victim->ver = ip->ver;
	victim->kind = kind;
	victim->id = m->id;
	victim->seq = m->seq;
	memcpy(victim->src, ip->src, 16);
	memcpy(victim->dst, ip->dst, 16);
}

static void
track_reply(struct trk *t, struct dec_pkt *d, uint8_t kind, int64_t ts)
{
	const struct dec_ip *ip = &d->ip;
	const struct dec_icmp *m = &d->icmp;
	struct trk_entry *set;
	int i;

	set = t->set[key_hash(ip->ver, kind, ip->dst, ip->src, m->id, m->seq) %
		     TRK_SETS];
	for (i = 0; i < TRK_WAYS; i++) {
		struct trk_entry *e = &set[i];

		if (!entry_is(e, ip->ver, kind, ip->dst, ip->src, m->id,
			      m->seq))
			continue;
		d->matched = 1;
		d->reply_to = e->frame;
		d->rtt_ns = ts - e->ts_ns;
		if (e->state == TRK_ANSWERED) {
			d->dup = 1;
			t->st.dups++;
		} else {
			e->state = TRK_ANSWERED;
			t->st.matched++;
			rtt_add(&t->st, d->rtt_ns);
		}
		return;
	}
	t->st.unmatched_replies++;
}

void
trk_packet(struct trk *t, struct dec_pkt *d, int rc)
{
	struct trk_stats *s = &t->st;
	const struct dec_icmp *m = &d->icmp;
	int v = d->ip.ver == 6 ? 1 : 0, q;
	uint8_t kind;
	int64_t ts;

	s->records++;
	if (rc != DEC_ICMP) {
		if (d->ip.frag_off && (d->ip.proto == 1 || d->ip.proto == 58))
			s->fragments++;
		else if (d->flags & (DEC_F_LINKTRUNC | DEC_F_MALFORMED))
			s->undecodable++;
		else
			s->not_icmp++;
		return;
	}
	v = m->ver == 6 ? 1 : 0;
	s->icmp++;
	s->by_type[v][m->type]++;
	s->by_code[v][m->type][m->code < TRK_MAX_CODES ? m->code
						       : TRK_MAX_CODES]++;
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
	if (!m->has_idseq || d->icmp.ver != d->ip.ver)
		return;
	q = dec_query_kind(m->ver, m->type);
	kind = query_kind(m->ver, m->type);
	if (!q || !kind)
		return;
	ts = d->ts_sec * 1000000000 + d->ts_nsec;
	if (q == 1) {
		s->requests++;
		track_request(t, d, kind, ts);
	} else {
		s->replies++;
		track_reply(t, d, kind, ts);
	}
}

int64_t
trk_percentile(const struct trk *t, double p)
{
	const struct trk_stats *s = &t->st;
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
	v = i == 0 ? 1 : (int64_t)llround(exp((i + 0.5) / TRK_HSCALE));
	if (v < s->rtt_min)
		v = s->rtt_min;
	if (v > s->rtt_max)
		v = s->rtt_max;
	return v;
}

uint64_t
trk_unanswered(const struct trk *t)
{
	uint64_t n = t->st.evicted_open;
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
