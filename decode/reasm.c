/* IP reassembly (reasm.h): fragments parsed through the cursor's
 * bounds, pieces kept in fixed slots, whole datagrams rebuilt in r->out. */
#include "reasm.h"

#include <stddef.h>
#include <string.h>

#include "cksum.h"
#include "cursor.h"
#include "out.h"

/* One fragment as read from its packet. */
struct rsm_frag {
	uint8_t ver, proto, mf, nh;
	const uint8_t *src, *dst;
	uint32_t id, off;
	const uint8_t *hdr, *data; /* unfragmentable part; fragment data */
	size_t hlen, len;
	uint16_t nh_at;
};

enum { F_NONE, F_FRAG, F_ATOMIC, F_CUT };

void
rsm_init(struct rsm *r, int64_t timeout_ns)
{
	memset(&r->st, 0, sizeof(r->st));
	r->timeout_ns = timeout_ns > 0 ? timeout_ns : RSM_TIMEOUT_NS;
	for (size_t i = 0; i < RSM_SLOTS; i++)
		r->slot[i].used = 0;
}

static int
frag4(const uint8_t *ip, size_t caplen, struct rsm_frag *f)
{
	size_t ihl, tot;
	uint16_t fo;

	if (caplen < 20)
		return F_NONE;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	tot = rd_be16(ip + 2);
	fo = rd_be16(ip + 6);
	if (ihl < 20 || tot < ihl || !(fo & 0x3fff))
		return F_NONE; /* not a fragment (or not IP we can use) */
	if (tot > caplen)
		return F_CUT;
	f->ver = 4;
	f->proto = ip[9];
	f->src = ip + 12;
	f->dst = ip + 16;
	f->id = rd_be16(ip + 4);
	f->mf = (fo & 0x2000) != 0;
	f->off = (uint32_t)(fo & 0x1fff) * 8;
	f->hdr = ip;
	f->hlen = ihl;
	f->data = ip + ihl;
	f->len = tot - ihl;
	return F_FRAG;
}

/* The fragment header at pos of an IPv6 packet of tot bytes. */
static int
frag6_at(const uint8_t *ip, size_t pos, size_t tot, size_t nh_at,
	 struct rsm_frag *f)
{
	uint16_t fo = rd_be16(ip + pos + 2);

	f->ver = 6;
	f->src = ip + 8;
	f->dst = ip + 24;
	f->nh = ip[pos];
	f->proto = ip[pos];
	f->off = fo & 0xfff8;
	f->mf = fo & 1;
	f->id = rd_be32(ip + pos + 4);
	f->hdr = ip;
	f->hlen = pos;
	f->nh_at = (uint16_t)nh_at;
	f->data = ip + pos + 8;
	f->len = tot - pos - 8;
	return f->off == 0 && !f->mf ? F_ATOMIC : F_FRAG;
}

static int
frag6(const uint8_t *ip, size_t caplen, struct rsm_frag *f)
{
	size_t tot, pos = 40, nh_at = 6, lim;
	uint8_t next;
	int hops;

	if (caplen < 40)
		return F_NONE;
	tot = 40 + (size_t)rd_be16(ip + 4);
	lim = tot < caplen ? tot : caplen;
	next = ip[6];
	for (hops = 0; hops < 32; hops++) {
		if (next != 0 && next != 60 && next != 43 && next != 51 &&
		    next != 44)
			return F_NONE;
		if (pos + (next == 44 ? 8 : 2) > lim)
			return tot > caplen ? F_CUT : F_NONE;
		if (next == 44)
			return tot > caplen ? F_CUT
					    : frag6_at(ip, pos, tot, nh_at, f);
		nh_at = pos;
		next = ip[pos];
		pos += next == 51 ? ((size_t)ip[pos + 1] + 2) * 4
				  : ((size_t)ip[pos + 1] + 1) * 8;
	}
	return F_NONE;
}

static void
expire(struct rsm *r, int64_t now)
{
	for (size_t i = 0; i < RSM_SLOTS; i++) {
		struct rsm_slot *s = &r->slot[i];

		if (s->used && now - s->first_ns > r->timeout_ns) {
			if (!s->dead)
				r->st.timeouts++;
			s->used = 0;
		}
	}
}

/* The slot of f's datagram, a new one, or NULL when all are in use. */
static struct rsm_slot *
slot_of(struct rsm *r, const struct rsm_frag *f, int64_t now)
{
	size_t alen = f->ver == 4 ? 4 : 16, i;
	struct rsm_slot *free_slot = NULL, *s;

	for (i = 0; i < RSM_SLOTS; i++) {
		s = &r->slot[i];
		if (!s->used) {
			if (!free_slot)
				free_slot = s;
			continue;
		}
		if (s->ver == f->ver && s->id == f->id &&
		    (f->ver == 6 || s->proto == f->proto) &&
		    !memcmp(s->src, f->src, alen) &&
		    !memcmp(s->dst, f->dst, alen))
			return s;
	}
	s = free_slot;
	if (!s)
		return NULL;
	memset(s, 0, offsetof(struct rsm_slot, hdr));
	s->used = 1;
	s->ver = f->ver;
	s->proto = f->proto;
	s->id = f->id;
	memcpy(s->src, f->src, alen);
	memcpy(s->dst, f->dst, alen);
	s->first_ns = now;
	return s;
}

/* Give up on s: its later fragments are dropped until it times out. */
static enum rsm_result
discard(struct rsm_slot *s, uint64_t *counter)
{
	s->dead = 1;
	(*counter)++;
	return RSM_DROP;
}

/* Check f against what s holds: RSM_HELD if it may be added. */
static enum rsm_result
check(struct rsm *r, struct rsm_slot *s, const struct rsm_frag *f)
{
	uint32_t end = f->off + (uint32_t)f->len;
	size_t room = f->ver == 4 ? 65535 - f->hlen : RSM_DATA;

	if (end > room || (f->mf && (f->len == 0 || f->len % 8)) ||
	    (f->off == 0 && f->hlen > RSM_HDR) ||
	    (s->have_last && (end > s->end || (!f->mf && end != s->end))) ||
	    s->npieces == RSM_FRAGS)
		return discard(s, &r->st.bad);
	for (uint16_t i = 0; i < s->npieces; i++) {
		const struct rsm_piece *p = &s->piece[i];

		if (p->off == f->off && p->len == f->len) {
			r->st.dups++;
			return RSM_DROP;
		}
		if (f->off < (uint32_t)p->off + p->len && p->off < end)
			return discard(s, &r->st.overlaps);
		if (!f->mf && (uint32_t)p->off + p->len > end)
			return discard(s, &r->st.bad);
	}
	return RSM_HELD;
}

/* The whole datagram of s into r->out. */
static size_t
rebuild(struct rsm *r, struct rsm_slot *s)
{
	uint8_t *o = r->out;
	size_t n = s->hlen + s->end;

	memcpy(o, s->hdr, s->hlen);
	memcpy(o + s->hlen, s->data, s->end);
	if (s->ver == 4) {
		wr_be16(o + 2, (uint16_t)n);
		wr_be16(o + 6, rd_be16(o + 6) & 0x4000); /* DF stays */
		wr_be16(o + 10, 0);
		wr_be16(o + 10, ck_fold(ck_add(0, o, s->hlen)));
	} else {
		o[s->nh_at] = s->nh;
		wr_be16(o + 4, (uint16_t)(n - 40));
	}
	s->used = 0;
	r->st.done++;
	return n;
}

static enum rsm_result
add(struct rsm *r, struct rsm_slot *s, const struct rsm_frag *f,
    const uint8_t **out, size_t *outlen)
{
	enum rsm_result rc = check(r, s, f);

	if (rc != RSM_HELD)
		return rc;
	memcpy(s->data + f->off, f->data, f->len);
	s->piece[s->npieces++] =
		(struct rsm_piece){(uint16_t)f->off, (uint16_t)f->len};
	s->got += (uint32_t)f->len;
	if (!f->mf) {
		s->have_last = 1;
		s->end = f->off + (uint32_t)f->len;
	}
	if (f->off == 0) {
		memcpy(s->hdr, f->hdr, f->hlen);
		s->hlen = (uint16_t)f->hlen;
		s->nh_at = f->nh_at;
		s->nh = f->nh;
	}
	/* IPv6: the whole payload length must fit in 16 bits too. */
	if (s->have_last && s->hlen && s->ver == 6 &&
	    s->hlen - 40 + s->end > 65535)
		return discard(s, &r->st.bad);
	if (!s->have_last || !s->hlen || s->got != s->end)
		return RSM_HELD;
	*outlen = rebuild(r, s);
	*out = r->out;
	return RSM_DONE;
}

enum rsm_result
rsm_offer(struct rsm *r, const uint8_t *ip, size_t caplen, size_t wirelen,
	  int64_t ts_ns, const uint8_t **out, size_t *outlen)
{
	struct rsm_frag f;
	struct rsm_slot *s;
	int k = F_NONE;

	memset(&f, 0, sizeof(f));
	(void)wirelen; /* the IP length says how much must be captured */
	if (caplen >= 1 && ip[0] >> 4 == 4)
		k = frag4(ip, caplen, &f);
	else if (caplen >= 1 && ip[0] >> 4 == 6)
		k = frag6(ip, caplen, &f);
	if (k == F_NONE)
		return RSM_PASS;
	r->st.frags++;
	if (k == F_ATOMIC) {
		r->st.atomic++;
		return RSM_PASS;
	}
	if (k == F_CUT) {
		r->st.truncated++;
		return RSM_DROP;
	}
	expire(r, ts_ns);
	s = slot_of(r, &f, ts_ns);
	if (!s) {
		r->st.full++;
		return RSM_DROP;
	}
	if (s->dead) {
		r->st.dead++;
		return RSM_DROP;
	}
	return add(r, s, &f, out, outlen);
}

void
rsm_stats_print(struct obuf *o, const struct rsm_stats *s, int json)
{
	const struct {
		const char *key, *label;
		uint64_t v;
	} row[] = {
		{"fragments", "fragments", s->frags},
		{"datagrams", "datagrams reassembled", s->done},
		{"atomic", "atomic", s->atomic},
		{"duplicates", "duplicates", s->dups},
		{"overlaps", "discarded for overlaps", s->overlaps},
		{"after_discard", "fragments of discarded ones", s->dead},
		{"timeouts", "timed out", s->timeouts},
		{"table_full", "dropped with the table full", s->full},
		{"bad", "impossible", s->bad},
		{"truncated", "not captured whole", s->truncated},
	};
	size_t i;

	ob_str(o, json ? "{\"reassembly\":{" : "reassembly: ");
	for (i = 0; i < sizeof(row) / sizeof(row[0]); i++) {
		if (i)
			ob_str(o, json ? "," : ", ");
		if (json) {
			ob_char(o, '"');
			ob_str(o, row[i].key);
			OB_LIT(o, "\":");
			ob_u64(o, row[i].v);
		} else {
			ob_u64(o, row[i].v);
			ob_char(o, ' ');
			ob_str(o, row[i].label);
		}
	}
	ob_str(o, json ? "}}\n" : "\n");
}
