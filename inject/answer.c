/* send's answers (answer.h). */
#include "answer.h"

#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli/cli.h"
#include "../decode/fields.h"
#include "../decode/print.h"
#include "capt.h"
#include "family.h"

#define NSLOT 65536
#define SEC   1000000000LL

enum { ANS_QUERY = 1, ANS_NSOL, ANS_RSOL };

struct ans_slot {
	uint64_t num; /* probe number + 1; 0: none */
	int64_t sent_ns, cap_ns;
	uint32_t answers;
};

struct answer {
	const struct inj_pkt *p;
	const struct inj_family *fam;
	struct inj_capt *pc;
	struct obuf *ob;
	int json, kind;
	int anyone;	  /* a multicast destination: answers from many */
	uint16_t seqmask; /* the sequence numbers' wire size (0xff: 8335) */
	uint64_t sent, answered, errors, dups, shown;
	int64_t last_ns; /* CLOCK_MONOTONIC of the last probe */
	struct ans_slot *slot;
	char ifname[IF_NAMESIZE];
};

static int
ans_kind(const struct inj_pkt *p)
{
	if (dec_query_kind(p->ver, p->t->type) == 1)
		return ANS_QUERY;
	if (p->t->kind == INJ_NSOL)
		return ANS_NSOL;
	if (p->t->kind == INJ_ROUTERSOL)
		return ANS_RSOL;
	return 0;
}

/* The largest sequence number p's type carries: 16 bits, 8 for an
 * RFC 8335 extended echo (the probes' numbers wrap there). */
static uint16_t
seq_mask(const struct inj_pkt *p)
{
	const struct dec_field *f =
		dec_field_find(p->ver, p->t->type, p->code, "seq");

	return f ? (uint16_t)dec_field_max(f) : 0xffff;
}

int
ans_expected(const struct inj_pkt *p)
{
	return ans_kind(p) != 0;
}

struct answer *
ans_open(const struct inj_pkt *p, const char *iface, int json, struct obuf *ob,
	 char *errbuf)
{
	struct answer *a = calloc(1, sizeof(*a));

	if (!a || !(a->slot = calloc(NSLOT, sizeof(*a->slot)))) {
		free(a);
		cli_err(errbuf, "memory: out of memory");
		return NULL;
	}
	a->p = p;
	a->fam = inj_family(p->ver);
	a->kind = ans_kind(p);
	a->json = json;
	a->anyone =
		p->ver == 4 ? (p->dst[0] & 0xf0) == 0xe0 : p->dst[0] == 0xff;
	a->seqmask = seq_mask(p);
	a->ob = ob;
	if (iface)
		snprintf(a->ifname, sizeof(a->ifname), "%s", iface);
	else if (inj_route_iface(p->ver, p->dst, a->ifname, errbuf) < 0)
		goto fail;
	a->pc = inj_capt_open(a->ifname, p->ver == 6 ? "icmp6" : "icmp", 0, 0,
			      errbuf);
	if (a->pc)
		return a;
fail:
	ans_close(a);
	return NULL;
}

/* The slot of the sequence number seq (of a probe, a reply or a
 * quote); every answer of a type without one shares slot 0. */
static struct ans_slot *
slot_of_seq(struct answer *a, uint16_t seq)
{
	return &a->slot[a->kind == ANS_QUERY ? seq & a->seqmask : 0];
}

void
ans_sent(struct answer *a, uint64_t k0, int n, int64_t now)
{
	for (int i = 0; i < n; i++) {
		uint64_t k = k0 + (uint64_t)i;
		struct ans_slot *s = slot_of_seq(a, (uint16_t)(a->p->seq + k));

		s->num = k + 1;
		s->sent_ns = now;
		s->cap_ns = 0;
		s->answers = 0;
	}
	a->sent += (uint64_t)n;
	a->last_ns = cli_now_ns(CLOCK_MONOTONIC);
}

/* Our own probe, seen leaving: its capture time starts the RTT. */
static int
own_probe(struct answer *a, const struct dec_pkt *d, int64_t ts)
{
	const struct dec_icmp *m = &d->icmp;
	struct ans_slot *s;

	if (m->type != a->p->t->type ||
	    memcmp(d->ip.src, a->p->src, a->fam->alen) ||
	    (a->kind == ANS_QUERY && (!m->has_idseq || m->id != a->p->id)))
		return 0;
	s = slot_of_seq(a, m->seq);
	if (s->num && !s->cap_ns)
		s->cap_ns = ts;
	return 1;
}

/* An error quoting one of our probes: its slot, or NULL. */
static struct ans_slot *
error_of(struct answer *a, const struct dec_icmp *m)
{
	const struct dec_quote *q = &m->q;

	if (!dec_is_error(m->ver, m->type) || !q->present || !q->has_icmp ||
	    q->itype != a->p->t->type ||
	    memcmp(q->dst, a->p->dst, a->fam->alen))
		return NULL;
	if (a->kind != ANS_QUERY)
		return &a->slot[0];
	return q->has_idseq && q->iid == a->p->id ? slot_of_seq(a, q->iseq)
						  : NULL;
}

/* A reply to one of our probes: its slot, or NULL. */
static struct ans_slot *
reply_of(struct answer *a, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	const uint8_t *dst = a->p->dst;
	int anyone = a->anyone;

	switch (a->kind) {
	case ANS_QUERY:
		if (dec_query_kind(m->ver, m->type) != 2 ||
		    dec_query_pair(m->ver, m->type) !=
			    dec_query_pair(a->p->ver, a->p->t->type) ||
		    !m->has_idseq || m->id != a->p->id ||
		    (!anyone && memcmp(d->ip.src, dst, a->fam->alen)))
			return NULL;
		return slot_of_seq(a, m->seq);
	case ANS_NSOL:
		return m->type == 136 && !memcmp(m->addr, a->p->target, 16)
			       ? &a->slot[0]
			       : NULL;
	default: /* router solicitation: any advertisement */
		return m->type == (a->p->ver == 6 ? 134 : 9) ? &a->slot[0]
							     : NULL;
	}
}

/* Print an answer with the decoder's line and its RTT; count it. */
static void
show(struct answer *a, struct dec_pkt *d, struct ans_slot *s, int64_t ts,
     int error)
{
	struct pr_opts po = {.verbose = 0, .link = 0, .hex = 0};

	d->matched = 1;
	d->dup = s->answers++ > 0;
	d->rtt_ns = ts - (s->cap_ns ? s->cap_ns : s->sent_ns);
	d->reply_to = s->num;
	d->frame = ++a->shown;
	if (d->dup)
		a->dups++;
	else if (error)
		a->errors++;
	else
		a->answered++;
	if (a->json)
		pr_json(a->ob, d, &po);
	else
		pr_text(a->ob, d, &po);
}

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct answer *a = (struct answer *)arg;
	struct dec_pkt d;
	struct ans_slot *s;
	int64_t ts;
	int error = 0;

	inj_capture_pkt(&d, h, data);
	if (dec_packet(inj_capt_datalink(a->pc), &d) != DEC_ICMP ||
	    d.icmp.ver != a->p->ver)
		return;
	ts = d.ts_sec * SEC + d.ts_nsec;
	if (own_probe(a, &d, ts))
		return;
	s = reply_of(a, &d);
	if (!s) {
		s = error_of(a, &d.icmp);
		error = 1;
	}
	if (s && s->num)
		show(a, &d, s, ts, error);
}

/* Answers until the monotonic time until; with early, also as soon as
 * every probe sent is answered (the end of a run need not wait). */
static int
wait_answers(struct answer *a, int64_t until, int early, char *errbuf)
{
	struct pollfd pfd = {.fd = inj_capt_fd(a->pc), .events = POLLIN};

	for (;;) {
		int64_t now;

		if (inj_capt_dispatch(a->pc, on_packet, (u_char *)a, errbuf) <
		    0)
			return -1;
		ob_flush(a->ob);
		now = cli_now_ns(CLOCK_MONOTONIC);
		if (now >= until ||
		    (early && !a->anyone && a->answered + a->errors >= a->sent))
			return 0;
		poll(&pfd, 1, (int)((until - now) / 1000000) + 1);
	}
}

int
ans_wait(struct answer *a, int64_t until, char *errbuf)
{
	return wait_answers(a, until, 0, errbuf);
}

int
ans_finish(struct answer *a, int64_t wait_ns, char *errbuf)
{
	char b[256];
	uint64_t lost;

	if (a->answered + a->errors < a->sent &&
	    wait_answers(a, a->last_ns + wait_ns, 1, errbuf) < 0)
		return -1;
	if (ans_wait(a, 0, errbuf) < 0)
		return -1;
	lost = a->sent - (a->answered + a->errors > a->sent
				  ? a->sent
				  : a->answered + a->errors);
	snprintf(b, sizeof(b),
		 a->json ? "{\"summary\":{\"sent\":%llu,\"answered\":%llu,"
			   "\"errors\":%llu,\"duplicates\":%llu,"
			   "\"lost\":%llu}}\n"
			 : "%llu sent, %llu answered, %llu errors, %llu "
			   "duplicates, %llu lost\n",
		 (unsigned long long)a->sent, (unsigned long long)a->answered,
		 (unsigned long long)a->errors, (unsigned long long)a->dups,
		 (unsigned long long)lost);
	ob_str(a->ob, b);
	ob_flush(a->ob);
	return 0;
}

void
ans_close(struct answer *a)
{
	if (!a)
		return;
	inj_capt_close(a->pc);
	free(a->slot);
	free(a);
}
