/* The --stats summary, in text and JSON. */
#include "print_int.h"

#include <math.h>

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

static void
stat_line(struct obuf *o, const char *what, uint64_t v)
{
	OB_LIT(o, "  ");
	ob_str(o, what);
	OB_LIT(o, ": ");
	ob_u64(o, v);
	ob_char(o, '\n');
}

void
pr_stats_text(struct obuf *o, const struct trk *t)
{
	const struct trk_stats *s = &t->st;
	struct open_list ol = {.n = 0};
	int v, ty, c, i;

	OB_LIT(o, "--- icmpkit statistics ---\n");
	stat_line(o, "records", s->records);
	stat_line(o, "icmp messages", s->icmp);
	stat_line(o, "other records", s->not_icmp);
	stat_line(o, "undecodable (cut or malformed before ICMP)",
		  s->undecodable);
	stat_line(o, "non-first fragments", s->fragments);
	stat_line(o, "inside tunnels", s->tunneled);
	stat_line(o, "tunnels nested too deep (not walked)", s->too_deep);
	stat_line(o, "truncated", s->truncated);
	stat_line(o, "malformed", s->malformed);
	stat_line(o, "checksum ok", s->ck_ok);
	stat_line(o, "checksum bad", s->ck_bad);
	stat_line(o, "checksum unverified", s->ck_unverified);
	OB_LIT(o, "by type/code:\n");
	for (v = 0; v < 2; v++)
		for (ty = 0; ty < 256; ty++) {
			if (!s->by_type[v][ty])
				continue;
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
	stat_line(o, "requests", s->requests);
	stat_line(o, "replies", s->replies);
	stat_line(o, "matched pairs", s->matched);
	stat_line(o, "duplicate replies", s->dups);
	stat_line(o, "replies without request", s->unmatched_replies);
	stat_line(o, "unanswered requests", trk_unanswered(t));
	stat_line(o, "tracker evictions", s->evictions);
	trk_each_open(t, collect_open, &ol);
	if (ol.n) {
		OB_LIT(o, "  unanswered frames:");
		for (i = 0; i < ol.n; i++) {
			ob_char(o, ' ');
			ob_u64(o, ol.frames[i]);
		}
		if ((uint64_t)ol.n < trk_unanswered(t))
			OB_LIT(o, " ...");
		ob_char(o, '\n');
	}
	if (s->rtt_n) {
		OB_LIT(o, "rtt min/avg/max/mdev = ");
		pr_ms(o, s->rtt_min);
		ob_char(o, '/');
		pr_ms(o, (int64_t)(s->rtt_sum / (double)s->rtt_n));
		ob_char(o, '/');
		pr_ms(o, s->rtt_max);
		ob_char(o, '/');
		pr_ms(o, (int64_t)rtt_mdev(s));
		OB_LIT(o, " ms\nrtt p50/p90/p99 = ");
		pr_ms(o, trk_percentile(t, 50));
		ob_char(o, '/');
		pr_ms(o, trk_percentile(t, 90));
		ob_char(o, '/');
		pr_ms(o, trk_percentile(t, 99));
		OB_LIT(o, " ms\n");
	}
}

void
pr_stats_json(struct obuf *o, const struct trk *t)
{
	const struct trk_stats *s = &t->st;
	struct open_list ol = {.n = 0};
	int v, ty, c, i, first = 1;

	OB_LIT(o, "{\"stats\":{\"records\":");
	ob_u64(o, s->records);
	js_u(o, "icmp", s->icmp);
	js_u(o, "other", s->not_icmp);
	js_u(o, "undecodable", s->undecodable);
	js_u(o, "fragments", s->fragments);
	js_u(o, "tunneled", s->tunneled);
	js_u(o, "too_deep", s->too_deep);
	js_u(o, "truncated", s->truncated);
	js_u(o, "malformed", s->malformed);
	js_u(o, "checksum_ok", s->ck_ok);
	js_u(o, "checksum_bad", s->ck_bad);
	js_u(o, "checksum_unverified", s->ck_unverified);
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
	js_u(o, "requests", s->requests);
	js_u(o, "replies", s->replies);
	js_u(o, "matched", s->matched);
	js_u(o, "dups", s->dups);
	js_u(o, "unmatched_replies", s->unmatched_replies);
	js_u(o, "unanswered", trk_unanswered(t));
	js_u(o, "evictions", s->evictions);
	trk_each_open(t, collect_open, &ol);
	OB_LIT(o, ",\"unanswered_frames\":[");
	for (i = 0; i < ol.n; i++) {
		if (i)
			ob_char(o, ',');
		ob_u64(o, ol.frames[i]);
	}
	ob_char(o, ']');
	if (s->rtt_n) {
		js_ms(o, "rtt_min_ms", s->rtt_min);
		js_ms(o, "rtt_avg_ms",
		      (int64_t)(s->rtt_sum / (double)s->rtt_n));
		js_ms(o, "rtt_max_ms", s->rtt_max);
		js_ms(o, "rtt_mdev_ms", (int64_t)rtt_mdev(s));
		js_ms(o, "rtt_p50_ms", trk_percentile(t, 50));
		js_ms(o, "rtt_p90_ms", trk_percentile(t, 90));
		js_ms(o, "rtt_p99_ms", trk_percentile(t, 99));
	}
	OB_LIT(o, "}}\n");
}
