/* The --stats summary, in text and JSON. */
#include "print_int.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

struct open_list {
	uint64_t frames[20];
	int n;
};

/* Keep the 20 earliest unanswered requests for the report. */
static int
collect_open(const struct trk_entry *e, void *arg)
{
	struct open_list *l = arg;
	int i, max = (int)(sizeof(l->frames) / sizeof(l->frames[0]));

	if (l->n == max && e->frame >= l->frames[max - 1])
		return 0;
	i = l->n < max ? l->n++ : max - 1;
	while (i > 0 && l->frames[i - 1] > e->frame) {
		l->frames[i] = l->frames[i - 1];
		i--;
	}
	l->frames[i] = e->frame;
	return 0;
}

static double
rtt_mdev(const struct trk_stats *s)
{
	double avg, var;

	if (!s->rtt_n)
		return 0;
	avg = s->rtt_sum / (double)s->rtt_n;
	var = s->rtt_sumsq / (double)s->rtt_n - avg * avg;
	return var > 0 ? sqrt(var) : 0;
}

/* Counters, described once for both formats: text label, JSON key and
 * where the count is. */
struct stat_row {
	const char *text, *json;
	size_t off; /* offsetof(struct trk_stats, ...); ST_UNANSWERED */
};

#define ST(text, json, fld)                                                    \
	{                                                                      \
		(text), (json), offsetof(struct trk_stats, fld)                \
	}
/* Not a field: trk_unanswered() counts it. */
#define ST_UNANSWERED ((size_t)-1)

static const struct stat_row counts[] = {
	ST("records", "records", records),
	ST("icmp messages", "icmp", icmp),
	ST("other records", "other", not_icmp),
	ST("undecodable (cut or malformed before ICMP)", "undecodable",
	   undecodable),
	ST("non-first fragments", "fragments", fragments),
	ST("inside tunnels", "tunneled", tunneled),
	ST("tunnels nested too deep (not walked)", "too_deep", too_deep),
	ST("truncated", "truncated", truncated),
	ST("malformed", "malformed", malformed),
	ST("checksum ok", "checksum_ok", ck_ok),
	ST("checksum bad", "checksum_bad", ck_bad),
	ST("checksum unverified", "checksum_unverified", ck_unverified),
	ST("IPv4 header checksum bad", "ip_checksum_bad", ip_ck_bad),
};

static const struct stat_row pairs[] = {
	ST("requests", "requests", requests),
	ST("replies", "replies", replies),
	ST("matched pairs", "matched", matched),
	ST("duplicate replies", "dups", dups),
	ST("replies without request", "unmatched_replies", unmatched_replies),
	{"unanswered requests", "unanswered", ST_UNANSWERED},
	ST("tracker evictions", "evictions", evictions),
};

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t
stat_val(const struct trk *t, const struct stat_row *r)
{
	uint64_t v;

	if (r->off == ST_UNANSWERED)
		return trk_unanswered(t);
	memcpy(&v, (const char *)&t->st + r->off, sizeof(v));
	return v;
}

/* The counters of r as text lines or JSON members. */
static void
stat_rows(struct obuf *o, const struct trk *t, const struct stat_row *r,
	  size_t n, int json)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ob_str(o, json ? ",\"" : "  ");
		ob_str(o, json ? r[i].json : r[i].text);
		ob_str(o, json ? "\":" : ": ");
		ob_u64(o, stat_val(t, &r[i]));
		if (!json)
			ob_char(o, '\n');
	}
}

/* Round-trip times: min, avg, max, mdev, p50, p90, p99 in ns. */
enum { RTT_N = 7 };
static const char *const rtt_keys[RTT_N] = {
	"rtt_min_ms", "rtt_avg_ms", "rtt_max_ms", "rtt_mdev_ms",
	"rtt_p50_ms", "rtt_p90_ms", "rtt_p99_ms",
};

static void
rtt_values(const struct trk *t, int64_t v[RTT_N])
{
	const struct trk_stats *s = &t->st;

	v[0] = s->rtt_min;
	v[1] = (int64_t)(s->rtt_sum / (double)s->rtt_n);
	v[2] = s->rtt_max;
	v[3] = (int64_t)rtt_mdev(s);
	v[4] = trk_percentile(t, 50);
	v[5] = trk_percentile(t, 90);
	v[6] = trk_percentile(t, 99);
}

static void
by_code_text(struct obuf *o, const struct trk_stats *s, int v, int ty)
{
	int c;

	for (c = 0; c <= TRK_MAX_CODES; c++) {
		struct dec_icmp m = {.ver = v ? 6 : 4,
				     .type = (uint8_t)ty,
				     .code = (uint8_t)c};

		if (!s->by_code[v][ty][c])
			continue;
		ob_str(o, v ? "  icmp6 " : "  icmp ");
		pr_type(o, &m);
		if (c == TRK_MAX_CODES)
			OB_LIT(o, " (code >= 16)");
		else
			pr_code_text(o, &m);
		OB_LIT(o, ": ");
		ob_u64(o, s->by_code[v][ty][c]);
		ob_char(o, '\n');
	}
}

static void
open_text(struct obuf *o, const struct trk *t)
{
	struct open_list ol = {.n = 0};
	int i;

	trk_each_open(t, collect_open, &ol);
	if (!ol.n)
		return;
	OB_LIT(o, "  unanswered frames:");
	for (i = 0; i < ol.n; i++) {
		ob_char(o, ' ');
		ob_u64(o, ol.frames[i]);
	}
	if ((uint64_t)ol.n < trk_unanswered(t))
		OB_LIT(o, " ...");
	ob_char(o, '\n');
}

void
pr_stats_text(struct obuf *o, const struct trk *t)
{
	const struct trk_stats *s = &t->st;
	int64_t rtt[RTT_N];
	int v, ty, i;

	OB_LIT(o, "--- icmpkit statistics ---\n");
	stat_rows(o, t, counts, NROWS(counts), 0);
	OB_LIT(o, "by type/code:\n");
	for (v = 0; v < 2; v++)
		for (ty = 0; ty < 256; ty++)
			if (s->by_type[v][ty])
				by_code_text(o, s, v, ty);
	stat_rows(o, t, pairs, NROWS(pairs), 0);
	open_text(o, t);
	if (!s->rtt_n)
		return;
	rtt_values(t, rtt);
	OB_LIT(o, "rtt min/avg/max/mdev = ");
	for (i = 0; i < RTT_N; i++) {
		pr_ms(o, rtt[i]);
		if (i == 3)
			OB_LIT(o, " ms\nrtt p50/p90/p99 = ");
		else if (i < RTT_N - 1)
			ob_char(o, '/');
	}
	OB_LIT(o, " ms\n");
}

static void
by_type_json(struct obuf *o, const struct trk_stats *s)
{
	int v, ty, c, first = 1;

	OB_LIT(o, ",\"by_type\":[");
	for (v = 0; v < 2; v++)
		for (ty = 0; ty < 256; ty++)
			for (c = 0; c <= TRK_MAX_CODES; c++) {
				if (!s->by_code[v][ty][c])
					continue;
				if (!first)
					ob_char(o, ',');
				first = 0;
				OB_LIT(o, "{\"proto\":");
				ob_str(o, v ? "\"icmp6\"" : "\"icmp\"");
				js_u(o, "type", (unsigned)ty);
				js_u(o, "code", (unsigned)c);
				js_u(o, "count", s->by_code[v][ty][c]);
				ob_char(o, '}');
			}
	ob_char(o, ']');
}

void
pr_stats_json(struct obuf *o, const struct trk *t)
{
	struct open_list ol = {.n = 0};
	int64_t rtt[RTT_N];
	int i;

	/* The first member has no comma before it. */
	OB_LIT(o, "{\"stats\":{\"records\":");
	ob_u64(o, t->st.records);
	stat_rows(o, t, counts + 1, NROWS(counts) - 1, 1);
	by_type_json(o, &t->st);
	stat_rows(o, t, pairs, NROWS(pairs), 1);
	trk_each_open(t, collect_open, &ol);
	OB_LIT(o, ",\"unanswered_frames\":[");
	for (i = 0; i < ol.n; i++) {
		if (i)
			ob_char(o, ',');
		ob_u64(o, ol.frames[i]);
	}
	ob_char(o, ']');
	if (t->st.rtt_n) {
		rtt_values(t, rtt);
		for (i = 0; i < RTT_N; i++) {
			OB_LIT(o, ",\"");
			ob_str(o, rtt_keys[i]);
			OB_LIT(o, "\":");
			ob_fixed(o, rtt[i], 6);
		}
	}
	OB_LIT(o, "}}\n");
}
