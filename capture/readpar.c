/* icmpkit read on two CPUs, for the runs that print nothing per record
 * (-q, with or without --stats, without -c or -w) on files that
 * fastread.c can walk.
 *
 * Decoding a record costs about as much as reading it and matching it
 * with the tracker together, so the work is split in a pipeline of
 * batches.  The main thread walks the record headers (fastread) and
 * cuts them into batches; a worker decodes and counts two batches in
 * three, the main thread the third; the main thread then runs the
 * tracker's lookups of each batch in record order.  Whoever decodes a
 * batch reads its bytes from the file itself, so no record goes from one
 * CPU's cache to the other.  Each thread counts on its own, the main
 * thread matches, and the counts are added up at the end: the statistics
 * are the ones the one-thread loop gives, to the last digit. */
#include "readpar.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"

#define RP_RECS	 1024			 /* records in a batch at most */
#define RP_FILL	 (1 << 17)		 /* a batch ends past this many bytes */
#define RP_ARENA (RP_FILL + 16 + 262144) /* so its last record always fits */
#define RP_SLOTS 4			 /* batches under way at most */
#define RP_MINE	 3			 /* the main thread decodes 1 in 3 */
#define RP_SPIN	 200000			 /* ns to spin before sleeping */

enum { RP_FREE, RP_FULL, RP_DONE, RP_QUIT };

struct rp_batch {
	struct pcap_pkthdr hdr[RP_RECS];
	size_t off[RP_RECS]; /* of each record's data, from pos */
	struct trk_op ops[RP_RECS];
	uint8_t *arena;	 /* the decoder's copy of the batch's bytes */
	off_t pos;	 /* where the batch starts in the file */
	size_t len;	 /* and its length */
	uint64_t frame0; /* frame number of the first record - 1 */
	int n, nops;
	atomic_int state;
};

struct rp {
	struct emit *e;
	struct fastread *fr;
	struct rp_batch b[RP_SLOTS];
	struct trk_stats *counts[2]; /* the main thread's, the worker's */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_int shrunk; /* the file got shorter while it was read */
};

int
read_par_usable(const struct emit *e)
{
	const char *v = getenv("ICMPKIT_THREADS");

	if (!e->quiet || e->count || e->dumping || e->rsm)
		return 0;
	if (v && *v)
		return atoi(v) >= 2;
	return cli_cpus() >= 2;
}

/* Batch i is decoded by the worker, or (1 in RP_MINE) by the main
 * thread, which also walks and matches every batch. */
static int
worker_decodes(uint64_t i)
{
	return i % RP_MINE != RP_MINE - 1;
}

static void
set_state(struct rp *r, struct rp_batch *b, int st)
{
	pthread_mutex_lock(&r->mu);
	atomic_store(&b->state, st);
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

struct rp_wait {
	struct rp_batch *b;
	int st;
};

static int
rp_ready(void *arg)
{
	const struct rp_wait *w = arg;
	int s = atomic_load(&w->b->state);

	return s == w->st || s == RP_QUIT;
}

/* Wait until b is in state st (or, for the worker, told to quit).  A
 * batch takes about 100 us: spinning that long is cheaper than waking a
 * sleeping CPU, and sleeping is better when the other side is slow. */
static int
wait_state(struct rp *r, struct rp_batch *b, int st)
{
	struct rp_wait w = {b, st};
	int s;

	if (!cli_spin(rp_ready, &w, RP_SPIN)) {
		pthread_mutex_lock(&r->mu);
		while (!rp_ready(&w))
			pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
	}
	s = atomic_load(&b->state);
	return s == RP_QUIT ? RP_QUIT : st;
}

/* Read b's bytes into b->arena: on this thread, so that they land in
 * this CPU's cache.  A file cut shorter meanwhile keeps only the records
 * still whole. */
static void
read_batch(struct rp *r, struct rp_batch *b)
{
	size_t got = 0;

	while (got < b->len) {
		ssize_t k = pread(r->fr->fd, b->arena + got, b->len - got,
				  b->pos + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	if (got < b->len) {
		atomic_store(&r->shrunk, 1);
		while (b->n > 0 &&
		       b->off[b->n - 1] + b->hdr[b->n - 1].caplen > got)
			b->n--;
	}
}

/* Decode and count every record of b into s; the lookups go to b->ops. */
static void
decode_batch(struct rp *r, struct rp_batch *b, struct trk_stats *s)
{
	struct emit *e = r->e;
	struct dec_pkt d;
	int i, rc;

	read_batch(r, b);
	b->nops = 0;
	for (i = 0; i < b->n; i++) {
		rc = emit_decode(e, &b->hdr[i], b->arena + b->off[i],
				 b->frame0 + (uint64_t)i + 1, &d);
		if (rc >= 0 && trk_prepare(e->trk, s, &d, rc, &b->ops[b->nops]))
			b->nops++;
	}
}

static void *
worker(void *arg)
{
	struct rp *r = arg;
	uint64_t i;

	for (i = 0;; i++) {
		struct rp_batch *b = &r->b[i % RP_SLOTS];

		if (!worker_decodes(i))
			continue;
		if (wait_state(r, b, RP_FULL) == RP_QUIT)
			return NULL;
		decode_batch(r, b, r->counts[1]);
		set_state(r, b, RP_DONE);
	}
}

/* Walk the next batch's records into b: how many (0 when fastread has
 * handed the rest over to libpcap). */
static int
fill_batch(struct rp *r, struct rp_batch *b)
{
	struct pcap_pkthdr h;
	const uint8_t *data;

	b->n = 0;
	b->pos = r->fr->pos;
	b->len = 0;
	b->frame0 = r->e->frame;
	while (b->n < RP_RECS && b->len < RP_FILL) {
		off_t at = r->fr->pos;

		if (!fastread_next(r->fr, &h, &data))
			break;
		b->hdr[b->n] = h;
		b->off[b->n] = (size_t)(at - b->pos) + 16;
		b->len = b->off[b->n] + h.caplen;
		b->n++;
		r->e->frame++;
	}
	return b->n;
}

static int
rp_init(struct rp *r, struct emit *e, struct fastread *fr)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->e = e;
	r->fr = fr;
	for (i = 0; i < 2; i++) {
		r->counts[i] = calloc(1, sizeof(*r->counts[i]));
		if (!r->counts[i])
			return -1;
		r->counts[i]->rtt_min = INT64_MAX;
	}
	for (i = 0; i < RP_SLOTS; i++) {
		r->b[i].arena = malloc(RP_ARENA);
		atomic_store(&r->b[i].state, RP_FREE);
		if (!r->b[i].arena)
			return -1;
	}
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	return 0;
}

static void
rp_free(struct rp *r)
{
	int i;

	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	for (i = 0; i < RP_SLOTS; i++)
		free(r->b[i].arena);
	free(r->counts[0]);
	free(r->counts[1]);
}

/* Match batch i (decoded, by now or soon) and free its slot. */
static void
apply_batch(struct rp *r, uint64_t i)
{
	struct rp_batch *b = &r->b[i % RP_SLOTS];

	wait_state(r, b, RP_DONE);
	trk_apply(r->e->trk, b->ops, (size_t)b->nops);
	atomic_store(&b->state, RP_FREE);
}

int
read_par(struct emit *e, struct fastread *fr, const char *file, char *errbuf)
{
	struct rp *r = calloc(1, sizeof(*r));
	uint64_t next = 0, applied = 0; /* batches filled, matched */
	int i, rc = 0;

	if (!r || rp_init(r, e, fr) < 0 ||
	    pthread_create(&r->th, NULL, worker, r) != 0) {
		/* Not a failure of the read: decode it on this thread. */
		if (r)
			rp_free(r);
		free(r);
		return 1;
	}
	for (;;) {
		struct rp_batch *b = &r->b[next % RP_SLOTS];

		/* The slot's last batch must be matched before reuse. */
		if (next - applied == RP_SLOTS)
			apply_batch(r, applied++);
		if (fill_batch(r, b) == 0)
			break;
		if (worker_decodes(next)) {
			set_state(r, b, RP_FULL);
		} else {
			decode_batch(r, b, r->counts[0]);
			atomic_store(&b->state, RP_DONE);
		}
		next++;
		/* Match whatever is decoded, in order, without waiting. */
		while (applied < next &&
		       atomic_load(&r->b[applied % RP_SLOTS].state) == RP_DONE)
			apply_batch(r, applied++);
	}
	while (applied < next)
		apply_batch(r, applied++);
	for (i = 0; i < RP_SLOTS; i++)
		set_state(r, &r->b[i], RP_QUIT);
	pthread_join(r->th, NULL);
	trk_stats_add(&e->trk->st, r->counts[0]);
	trk_stats_add(&e->trk->st, r->counts[1]);
	if (atomic_load(&r->shrunk)) {
		cli_err(errbuf, "%s: the file got shorter while it was read",
			file);
		rc = -1;
	}
	rp_free(r);
	free(r);
	return rc;
}
