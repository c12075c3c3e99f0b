/* Request/reply tracker and capture statistics (pure: the caller owns the
 * memory, nothing is allocated here).
 *
 * Echo, timestamp, information and address-mask requests are remembered
 * by (IP version, kind, source, destination, id, seq) in a bounded
 * set-associative table; a reply with the addresses swapped and the same
 * id and seq is matched to its request and gets the RTT between the two
 * capture timestamps.  When a set is full the oldest answered entry is
 * reused, or else the oldest unanswered one is evicted and counted, so
 * memory stays the same whatever the capture size.
 */
#ifndef ICMPKIT_DECODE_TRACK_H
#define ICMPKIT_DECODE_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "dec.h"

#define TRK_SETS 4096
#define TRK_WAYS 4
/* RTT histogram, log-linear: bucket (e << 10 | m) holds RTTs whose highest
 * set bit is e and whose next 10 bits are m, so percentiles are within
 * 1/1024 (0.1 %) of the true value, with integer arithmetic only. */
#define TRK_HBITS     10
#define TRK_HBUCKETS  (64 << TRK_HBITS)
#define TRK_MAX_CODES 16

enum { TRK_EMPTY = 0, TRK_OPEN, TRK_ANSWERED };

/* 32 bytes, four to a set: a set is two cache lines.  The addresses are
 * kept as a 64-bit digest of (version, kind, source, destination); two
 * different address pairs would have to collide in 64 bits to be
 * confused. */
struct trk_entry {
	uint64_t frame;
	int64_t ts_ns;
	uint64_t addrs;
	uint16_t id, seq;
	uint8_t state;
	uint8_t pad[3];
};

struct trk_stats {
	uint64_t records;     /* every record seen */
	uint64_t icmp;	      /* decoded ICMP/ICMPv6 messages */
	uint64_t not_icmp;    /* records without ICMP in them */
	uint64_t undecodable; /* cut or malformed before the ICMP header */
	uint64_t fragments;   /* non-first fragments of ICMP */
	uint64_t tunneled;    /* ICMP messages found inside tunnels */
	uint64_t too_deep;    /* records whose tunnels nest past the limit */
	uint64_t truncated, malformed;
	uint64_t ck_ok, ck_bad, ck_unverified;
	uint64_t ip_ck_bad; /* IPv4 header checksums that do not verify */
	uint64_t by_type[2][256];
	uint64_t by_code[2][256][TRK_MAX_CODES + 1]; /* last: code >= 16 */
	uint64_t requests, replies;
	uint64_t matched, dups, unmatched_replies;
	uint64_t evictions; /* unanswered requests pushed out of the table */
	uint64_t rtt_n;
	int64_t rtt_min, rtt_max;
	double rtt_sum, rtt_sumsq;
	uint32_t rtt_hist[TRK_HBUCKETS];
};

/* A lookup waiting for its set to reach the cache (trk_packet_later). */
struct trk_op {
	struct trk_entry *set;
	uint64_t addrs, frame;
	int64_t ts;
	uint16_t id, seq;
	uint8_t req;
};

struct trk {
	struct trk_entry set[TRK_SETS][TRK_WAYS] __attribute__((aligned(64)));
	struct trk_stats st;
	struct trk_op pend;
	int pending;
	/* Pair kind and direction per version and type, from the decoder's
	 * rows (dec_query_kind, dec_query_pair); read-only after trk_init. */
	uint8_t query[2][256];
};

void trk_init(struct trk *t);
/* trk_init for a table whose bytes are all zero already (fresh anonymous
 * memory): the 864 KB of sets are not written, so a short run touches
 * only the pages it uses. */
void trk_init_zeroed(struct trk *t);
/* Count the record and, for a query or reply, match it.  rc is what
 * dec_packet() returned.  Fills d->matched, d->dup, d->reply_to, d->rtt_ns. */
void trk_packet(struct trk *t, struct dec_pkt *d, int rc);
/* The same without filling d's match fields: the lookup runs when the
 * next request or reply arrives (or at trk_flush), so the cache miss on
 * its set overlaps with decoding.  For callers that print nothing per
 * packet.  Call trk_flush before reading the statistics. */
void trk_packet_later(struct trk *t, const struct dec_pkt *d, int rc);
void trk_flush(struct trk *t);
/* The two halves of trk_packet_later, for a caller that decodes on one
 * thread and matches on another.  trk_prepare counts the record into s
 * and returns 1 with op filled when it is a request or a reply to look
 * up; of t it reads only the table's address and the query kinds, so it may run
 * on any thread.  trk_apply then runs the lookups in record order. */
int trk_prepare(struct trk *t, struct trk_stats *s, const struct dec_pkt *d,
		int rc, struct trk_op *op);
void trk_apply(struct trk *t, const struct trk_op *ops, size_t n);
/* Add the counts of one set of statistics to another. */
void trk_stats_add(struct trk_stats *to, const struct trk_stats *from);
/* RTT at percentile p (0..100) in ns, from the histogram. */
int64_t trk_percentile(const struct trk *t, double p);
/* The same on bare statistics, and adding an RTT to them: ping keeps
 * its RTTs in a struct trk_stats of its own. */
int64_t trk_stats_percentile(const struct trk_stats *s, double p);
void trk_rtt_add(struct trk_stats *s, int64_t rtt);
/* Requests still without a reply (including evicted ones). */
uint64_t trk_unanswered(const struct trk *t);
/* Call fn for each unanswered request still in the table, oldest set
 * order; stops when fn returns nonzero. */
void trk_each_open(const struct trk *t,
		   int (*fn)(const struct trk_entry *e, void *arg), void *arg);

#endif
