/* Message bodies beyond the fixed fields: ICMPv4 router advertisement
 * entries, MLDv2 records and sources, address lists, ND option contents
 * and timestamps in echo payloads.  Walkers here are used twice: once by
 * dec_icmp() to mark a message whose lists overrun, and again by the
 * printers. */
#include <string.h>

#include "icmp.h"

/* The message body as far as both the message and the capture go. */
static void
body_cur(const struct dec_icmp *m, struct cur *c, size_t off)
{
	cur_init(c, m->data, m->caplen < m->len ? m->caplen : m->len);
	cur_skip(c, off);
}

int
dec_ra4_next(const struct dec_icmp *m, size_t *off, struct dec_ra4 *e)
{
	struct cur c;
	size_t stride = (size_t)m->entry_size * 4;

	if (m->ver != 4 || m->type != DEC_T4_ROUTER_ADV || !m->fields_ok ||
	    m->entry_size < 2 || *off >= m->count)
		return 0;
	body_cur(m, &c, 8 + *off * stride);
	cur_copy(&c, e->addr, 4);
	e->pref = (int32_t)cur_be32(&c);
	if (c.short_read)
		return 0;
	(*off)++;
	return 1;
}

/* One MLDv2 report record at *off (an offset into the message, 0 = the
 * first record at 8); *off moves past it. */
int
dec_mld2_next(const struct dec_icmp *m, size_t *off, struct dec_mldrec *r)
{
	struct cur c;
	size_t n, want;

	if (m->ver != 6 || m->type != DEC_T6_MLD2_REPORT || !m->fields_ok)
		return 0;
	if (!*off)
		*off = 8;
	body_cur(m, &c, *off);
	if (c.short_read || !cur_left(&c))
		return 0;
	r->type = cur_u8(&c);
	r->aux_len = cur_u8(&c);
	r->nsrc = cur_be16(&c);
	cur_copy(&c, r->group, 16);
	if (c.short_read)
		return 0;
	n = cur_left(&c) / 16;
	r->nsrc_cap = (uint16_t)(n < r->nsrc ? n : r->nsrc);
	r->srcs = cur_ptr(&c);
	want = (size_t)r->nsrc * 16 + (size_t)r->aux_len * 4;
	*off = cur_left(&c) >= want ? *off + 20 + want : (size_t)-1 / 2;
	return 1;
}

const char *
dec_mld2_rec_name(int type)
{
	static const char *const names[] = {
		[1] = "mode-is-include",   [2] = "mode-is-exclude",
		[3] = "change-to-include", [4] = "change-to-exclude",
		[5] = "allow-new-sources", [6] = "block-old-sources",
	};

	return type > 0 && type < 7 ? names[type] : NULL;
}

size_t
dec_addr_list(const struct dec_icmp *m, const uint8_t **list)
{
	struct cur c;
	size_t off, n;

	if (!m->fields_ok)
		return 0;
	if (m->mld2_query) {
		off = 28; /* MLDv2 query sources */
		n = m->count;
	} else if (m->ver == 6 && m->type == DEC_T6_HA_DISC_REPLY) {
		off = 8; /* home agent addresses */
		n = (m->len - 8) / 16;
	} else {
		return 0;
	}
	body_cur(m, &c, off);
	if (c.short_read)
		return 0;
	*list = cur_ptr(&c);
	return cur_left(&c) / 16 < n ? cur_left(&c) / 16 : n;
}

/* Where the MLDv2 report's records end by their own lengths, or 0 when a
 * record header is not in the message; *cut is set when one is not in
 * the capture. */
static size_t
mld2_end(const struct dec_icmp *m, int *cut)
{
	size_t off = 8;
	unsigned i;
	struct cur c;

	for (i = 0; i < m->count; i++) {
		if (off + 20 > m->len)
			return 0;
		cur_init(&c, m->data, m->caplen);
		cur_skip(&c, off + 1);
		uint8_t aux = cur_u8(&c);
		uint16_t nsrc = cur_be16(&c);

		if (c.short_read) {
			*cut = 1;
			return off + 20;
		}
		off += 20 + (size_t)nsrc * 16 + (size_t)aux * 4;
	}
	return off;
}

/* Mark a message whose lists do not fit: the counts say more than the
 * message holds (malformed) or than the capture holds (truncated). */
void
dec_body_check(struct dec_pkt *d)
{
	struct dec_icmp *m = &d->icmp;
	size_t need;
	int cut = 0;
	const char *what;

	if (m->ver == 4 && m->type == DEC_T4_ROUTER_ADV) {
		if (m->count && m->entry_size < 2) {
			dec_flag(d, DEC_F_MALFORMED,
				 "router advertisement entry size below 2");
			return;
		}
		need = 8 + (size_t)m->count * m->entry_size * 4;
		what = "router advertisement entries beyond message";
	} else if (m->mld2_query) {
		need = 28 + (size_t)m->count * 16;
		what = "MLDv2 query sources beyond message";
	} else if (m->ver == 6 && m->type == DEC_T6_MLD2_REPORT) {
		need = mld2_end(m, &cut);
		what = "MLDv2 records beyond message";
		if (!need)
			need = (size_t)m->len + 1;
	} else {
		return;
	}
	if (need > m->len && !cut)
		dec_flag(d, DEC_F_MALFORMED, what);
	else if (need > m->caplen || cut)
		dec_flag(d, DEC_F_TRUNC, "cut in the message's list");
}

/* RFC 8781 4: prefix length codes 0-5; 6 and 7 are invalid. */
static const uint8_t pref64_len[8] = {96, 64, 56, 48, 40, 32, 0, 0};

/* Options whose value sits at fixed offsets of the body. */
static int
ndopt_fixed(const struct dec_ndopt *o, struct dec_ndval *v, struct cur *c)
{
	switch (o->type) {
	case DEC_ND_SLLA:
	case DEC_ND_TLLA:
		return cur_copy(c, v->mac, 6);
	case DEC_ND_PREFIX:
		if (o->body_len < 30)
			return 0;
		v->plen = cur_u8(c);
		v->flags = cur_u8(c);
		v->valid = cur_be32(c);
		v->preferred = cur_be32(c);
		cur_skip(c, 4);
		return cur_copy(c, v->prefix, 16);
	case DEC_ND_MTU:
		cur_skip(c, 2);
		v->mtu = cur_be32(c);
		return !c->short_read;
	case DEC_ND_RDNSS:
	case DEC_ND_DNSSL:
		cur_skip(c, 2);
		v->lifetime = cur_be32(c);
		if (c->short_read)
			return 0;
		v->naddrs =
			(uint16_t)(o->type == DEC_ND_RDNSS ? cur_left(c) / 16
							   : 0);
		v->addrs = cur_ptr(c);
		v->names_len =
			(uint16_t)(o->type == DEC_ND_DNSSL ? cur_left(c) : 0);
		v->names = cur_ptr(c);
		return 1;
	default:
		return -1;
	}
}

int
dec_ndopt_val(const struct dec_ndopt *o, struct dec_ndval *v)
{
	struct cur c;
	uint16_t w;
	size_t n;
	int r;

	if (o->bad)
		return 0;
	memset(v, 0, sizeof(*v));
	cur_init(&c, o->body, o->body_len);
	r = ndopt_fixed(o, v, &c);
	if (r >= 0)
		return r;
	switch (o->type) {
	case DEC_ND_ADV_INTERVAL:
		cur_skip(&c, 2);
		v->interval = cur_be32(&c);
		break;
	case DEC_ND_NONCE:
		v->nonce = o->body;
		v->nonce_len = o->body_len;
		return o->body_len > 0;
	case DEC_ND_ROUTE_INFO:
		v->plen = cur_u8(&c);
		v->pref = (uint8_t)(cur_u8(&c) >> 3 & 3);
		v->lifetime = cur_be32(&c);
		if (c.short_read || v->plen > 128)
			return 0;
		/* Length 1, 2 or 3: 0, 8 or 16 bytes of prefix. */
		n = cur_left(&c) < 16 ? cur_left(&c) : 16;
		cur_copy(&c, v->prefix, n);
		break;
	case DEC_ND_PREF64:
		w = cur_be16(&c);
		v->plc = w & 7;
		v->plen = pref64_len[v->plc];
		v->lifetime = (uint32_t)(w >> 3) * 8;
		cur_copy(&c, v->prefix, 12);
		break;
	default:
		return 0;
	}
	return !c.short_read;
}

/* DNSSL names are label-encoded, each ended by a zero label (RFC 8106
 * 5.2); a label that overruns the option is cut at its end. */
int
dec_dnssl_next(const struct dec_ndval *v, size_t *off, struct dec_dnsname *n)
{
	const uint8_t *p = v->names;
	size_t i = *off, lim = v->names_len, l;

	if (i >= lim || !p[i])
		return 0;
	n->len = 0;
	while (i < lim && p[i]) {
		l = p[i++];
		if (l > lim - i)
			l = lim - i;
		if (n->len)
			n->text[n->len++] = '.';
		memcpy(n->text + n->len, p + i, l);
		n->len = (uint16_t)(n->len + l);
		i += l;
	}
	*off = i < lim ? i + 1 : lim;
	return 1;
}

/* Payload timestamps ---------------------------------------------------- */

struct payts_best {
	struct dec_payts *t;
	int64_t cap_sec;
	uint32_t cap_nsec;
	uint64_t best; /* |delta| in ns of the best reading so far */
};

#define PAYTS_WINDOW_NS (86400LL * 1000000000LL)

/* Keep (sec, frac) when it is a valid reading closer than the best. */
static int
payts_try(struct payts_best *b, int64_t sec, uint64_t frac, int nano, int fmt)
{
	int64_t delta;
	uint64_t mag;
	uint32_t nsec;

	if (frac >= (nano ? 1000000000u : 1000000u))
		return 0;
	/* Far from the capture time: rejected before any multiplication. */
	if (sec < b->cap_sec - 86401 || sec > b->cap_sec + 86401)
		return 0;
	nsec = (uint32_t)(nano ? frac : frac * 1000);
	delta = (b->cap_sec - sec) * 1000000000LL +
		((int64_t)b->cap_nsec - (int64_t)nsec);
	mag = delta < 0 ? (uint64_t)-delta : (uint64_t)delta;
	if (mag >= b->best)
		return 0;
	b->best = mag;
	b->t->sec = sec;
	b->t->nsec = nsec;
	b->t->delta_ns = delta;
	b->t->fmt = (uint8_t)fmt;
	return 1;
}

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t
be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int
dec_payts(const struct dec_pkt *d, struct dec_payts *t)
{
	const struct dec_icmp *m = &d->icmp;
	struct payts_best b = {.t = t, .best = PAYTS_WINDOW_NS};
	const uint8_t *p;
	struct cur c;
	size_t n;
	int found64 = 0;
	uint32_t a, f;

	if (!m->fields_ok || dec_query_pair(m->ver, m->type) != DEC_PAIR_ECHO)
		return 0;
	/* Capture clocks beyond any sane range are not compared. */
	if (d->ts_sec < 0 || d->ts_sec > (1LL << 40))
		return 0;
	b.cap_sec = d->ts_sec;
	b.cap_nsec = d->ts_nsec;
	body_cur(m, &c, 8);
	n = cur_left(&c);
	if (n < 8)
		return 0;
	p = cur_take(&c, n > 16 ? 16 : n);
	t->fmt = 0;
	/* Ping's struct timeval in the sender's byte order, 64-bit time_t
	 * first: on little-endian hosts it also reads as a 32-bit one with
	 * a zero fraction, which must not win by clock skew alone. */
	if (n >= 16) {
		int64_t s = (int64_t)le64(p);
		uint64_t fr = le64(p + 8);

		found64 |= payts_try(&b, s, fr, 0, DEC_PTS_TV64LE);
		found64 |= payts_try(&b, s, fr, 1, DEC_PTS_TS64LE);
	}
	a = (uint32_t)le64(p);
	f = (uint32_t)(le64(p) >> 32);
	if (!found64 || f) {
		payts_try(&b, (int64_t)a, f, 0, DEC_PTS_TV32LE);
		payts_try(&b, (int64_t)a, f, 1, DEC_PTS_TS32LE);
	}
	a = (uint32_t)(be64(p) >> 32);
	f = (uint32_t)be64(p);
	payts_try(&b, (int64_t)a, f, 0, DEC_PTS_TV32BE);
	payts_try(&b, (int64_t)a, f, 1, DEC_PTS_TS32BE);
	if (n >= 16) {
		int64_t s = (int64_t)be64(p);
		uint64_t fr = be64(p + 8);

		payts_try(&b, s, fr, 0, DEC_PTS_TV64BE);
		payts_try(&b, s, fr, 1, DEC_PTS_TS64BE);
	}
	return t->fmt != 0;
}

const char *
dec_payts_name(int fmt)
{
	static const char *const names[] = {
		[DEC_PTS_TV64LE] = "timeval64-le",
		[DEC_PTS_TS64LE] = "timespec64-le",
		[DEC_PTS_TV32LE] = "timeval32-le",
		[DEC_PTS_TS32LE] = "timespec32-le",
		[DEC_PTS_TV32BE] = "timeval32-be",
		[DEC_PTS_TS32BE] = "timespec32-be",
		[DEC_PTS_TV64BE] = "timeval64-be",
		[DEC_PTS_TS64BE] = "timespec64-be",
	};

	return fmt > 0 && fmt <= DEC_PTS_TS64BE ? names[fmt] : NULL;
}
