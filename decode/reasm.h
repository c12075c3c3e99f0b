/* IP reassembly for IPv4 and IPv6: pure and bounded.  Fragments go in,
 * one at a time, with their capture time; a whole datagram comes out
 * when its last missing piece arrives, as a plain IP packet (IPv4 with
 * offset 0 and no MF, IPv6 without its fragment header) that dec_ip()
 * decodes like any other.
 *
 * Bounded: RSM_SLOTS datagrams at once, RSM_FRAGS pieces each, in the
 * caller's struct rsm (no allocation, no I/O).  Time is the capture
 * time given, never the clock, so a file reassembles the same way
 * whenever it is read.  What it gives up on is counted:
 *  - a fragment that overlaps one already held discards the whole
 *    datagram, and the later fragments of it until it times out
 *    (RFC 5722; Linux does the same for IPv4); an exact duplicate is
 *    dropped alone;
 *  - a datagram not complete within the timeout is dropped;
 *  - with every slot in use, a new datagram's fragment is dropped;
 *  - an end beyond 65535 bytes, a middle piece not a multiple of 8, two
 *    different ends, more than RSM_FRAGS pieces: the datagram is bad.
 * IPv6 atomic fragments (offset 0, no M flag, RFC 6946) pass untouched:
 * the decoder reads them as they are. */
#ifndef ICMPKIT_DECODE_REASM_H
#define ICMPKIT_DECODE_REASM_H

#include <stddef.h>
#include <stdint.h>

#define RSM_SLOTS      16
#define RSM_FRAGS      64
#define RSM_HDR	       256		   /* the unfragmentable part kept */
#define RSM_DATA       65535		   /* payload bytes of one datagram */
#define RSM_TIMEOUT_NS (30LL * 1000000000) /* Linux's ipfrag_time */

enum rsm_result {
	RSM_PASS = 0, /* not a fragment (or atomic): use the packet itself */
	RSM_HELD,     /* kept; the datagram is not complete yet */
	RSM_DONE,     /* the whole datagram is in *out */
	RSM_DROP,     /* refused; a counter says why */
};

struct rsm_stats {
	uint64_t frags;	    /* fragments offered */
	uint64_t done;	    /* datagrams completed */
	uint64_t atomic;    /* IPv6 atomic fragments passed */
	uint64_t dups;	    /* exact duplicates dropped */
	uint64_t overlaps;  /* datagrams discarded for an overlap */
	uint64_t dead;	    /* fragments of a discarded datagram */
	uint64_t timeouts;  /* datagrams given up after the timeout */
	uint64_t full;	    /* fragments dropped: every slot in use */
	uint64_t bad;	    /* datagrams discarded as impossible */
	uint64_t truncated; /* fragments not captured whole */
};

struct rsm_piece {
	uint16_t off, len;
};

struct rsm_slot {
	uint8_t used, dead, have_last, ver, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
	int64_t first_ns;
	uint32_t end;	/* the last piece's end, once it came */
	uint32_t got;	/* bytes held */
	uint16_t hlen;	/* unfragmentable part, 0 until offset 0 came */
	uint16_t nh_at; /* IPv6: the next-header byte naming 44 */
	uint8_t nh;	/* IPv6: the fragment header's next header */
	uint16_t npieces;
	struct rsm_piece piece[RSM_FRAGS];
	uint8_t hdr[RSM_HDR];
	uint8_t data[RSM_DATA];
};

struct rsm {
	int64_t timeout_ns;
	struct rsm_stats st;
	struct rsm_slot slot[RSM_SLOTS];
	uint8_t out[RSM_HDR + RSM_DATA];
};

/* Empty r; timeout_ns <= 0 means RSM_TIMEOUT_NS. */
void rsm_init(struct rsm *r, int64_t timeout_ns);

/* Offer the IP packet at ip (caplen bytes captured of wirelen), captured
 * at ts_ns.  RSM_DONE sets *out and *outlen to the whole datagram, valid
 * until the next call. */
enum rsm_result rsm_offer(struct rsm *r, const uint8_t *ip, size_t caplen,
			  size_t wirelen, int64_t ts_ns, const uint8_t **out,
			  size_t *outlen);

/* The counters, as a line of text or a JSON Lines object. */
struct obuf;
void rsm_stats_print(struct obuf *o, const struct rsm_stats *s, int json);

#endif
