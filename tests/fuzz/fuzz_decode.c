/* libFuzzer harness over the decoder, tracker and printers.
 *
 * Input format (also written by tests/fuzz/seeds from captures):
 *   byte 0   link type: index into fuzz_dlt[] (fuzz_dlt.h), modulo its size
 *   byte 1   print options and wire length:
 *              bits 0-1  verbose 0, 1, 2 (3 counts as 2)
 *              bit 2     -e (link header)
 *              bit 3     -X (hex dump)
 *              bits 4-7  wire length: 0 = caplen, otherwise a "lying"
 *                        value from wire_len() below (mostly larger than
 *                        caplen, a few smaller)
 *   byte 2.. the captured record (caplen = size - 2)
 * The other text options (-x/-xx/-XX, -A, -#, the -t forms) change from
 * one input to the next, by the input's number.
 *
 * Each input goes through the path capture/emit.c drives (link layer,
 * tunnels, IP, ICMP, RFC 4884 extensions, payload timestamps): dec_packet,
 * trk_packet on one tracker kept across inputs (so matching, duplicates
 * and evictions are reached), then pr_text and pr_json for ICMP messages,
 * fragments into one reassembler kept across inputs (decode/reasm.c, as
 * read --reassemble drives it; a whole datagram is decoded and printed),
 * and every STATS_EVERY-th input both statistics printers.  Output goes to
 * /dev/null through a small struct obuf so that its flush path is taken
 * often.  Only decode/ is linked: no libpcap.
 *
 * The record is copied into a buffer of exactly caplen bytes so that
 * AddressSanitizer catches a read before its first byte as well as after
 * its last.  A few invariants of struct dec_pkt that no sanitizer would
 * see (pointers that stay inside the buffer but point at the wrong bytes)
 * are checked too and abort with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../decode/dec.h"
#include "../../decode/out.h"
#include "../../decode/print.h"
#include "../../decode/reasm.h"
#include "../../decode/track.h"
#include "fuzz_dlt.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif

#define OBUF_CAP    1000 /* not a power of two: flushes land mid-token */
#define STATS_EVERY 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct trk *trk;
static struct rsm *rsm;
static struct obuf ob;
static char *obmem;
static uint64_t calls;

static void
setup(void)
{
	FILE *fp = fopen("/dev/null", "w");

	trk = malloc(sizeof(*trk));
	rsm = malloc(sizeof(*rsm));
	obmem = malloc(OBUF_CAP);
	if (!fp || !trk || !rsm || !obmem) {
		perror("fuzz_decode: setup");
		abort();
	}
	trk_init(trk);
	rsm_init(rsm, 0);
	ob_init(&ob, fp, obmem, OBUF_CAP);
}

/* The wire length for selector sel (1..15); 0 keeps caplen. */
static uint32_t
wire_len(uint32_t caplen, unsigned sel)
{
	static const uint64_t plus[] = {0,  1,	2,   4,	   8,
					20, 40, 100, 1000, 65535};
	uint64_t w;

	if (sel < sizeof(plus) / sizeof(plus[0]))
		w = (uint64_t)caplen + plus[sel];
	else if (sel == 10)
		w = 65535;
	else if (sel == 11)
		w = UINT32_MAX;
	else if (sel == 12)
		w = caplen ? caplen - 1 : 0; /* smaller than caplen */
	else if (sel == 13)
		w = caplen / 2;
	else if (sel == 14)
		w = 0;
	else
		w = (uint64_t)caplen * 2 + 1;
	return w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
}

static void
fail(const char *what, const struct dec_pkt *d)
{
	fprintf(stderr,
		"fuzz_decode: invariant broken: %s (dlt %d, caplen %u, "
		"wirelen %u, flags 0x%x, why %s)\n",
		what, d->link.dlt, d->caplen, d->wirelen, d->flags,
		d->why ? d->why : "-");
	abort();
}

static int
inside(const uint8_t *p, size_t n, const uint8_t *buf, size_t len)
{
	return p >= buf && (size_t)(p - buf) <= len &&
	       n <= len - (size_t)(p - buf);
}

static void
check(const struct dec_pkt *d, int rc, const uint8_t *buf, size_t len)
{
	const struct dec_icmp *m = &d->icmp;
	int i;

	if (rc != DEC_ICMP && rc != DEC_NOT_ICMP)
		fail("dec_packet result", d);
	if ((d->flags & (DEC_F_TRUNC | DEC_F_MALFORMED | DEC_F_LINKTRUNC)) &&
	    !d->why)
		fail("flag without a reason", d);
	if (d->ip_hdr && !inside(d->ip_hdr, d->ip_caplen, buf, len))
		fail("ip_hdr/ip_caplen outside the record", d);
	if (rc != DEC_ICMP)
		return;
	if (!d->ip_hdr)
		fail("ICMP without an IP header", d);
	if (!inside(m->data, m->caplen, buf, len))
		fail("icmp.data/icmp.caplen outside the record", d);
	if (m->data < d->ip_hdr + d->ip.hdr_len)
		fail("icmp.data before the end of the IP header", d);
	if (m->ver != 4 && m->ver != 6)
		fail("icmp.ver", d);
	if (m->cksum_status > DEC_CK_BAD)
		fail("checksum status", d);
	if (m->cksum_status != DEC_CK_UNVERIFIED && m->caplen < m->len)
		fail("checksum verified over bytes not captured", d);
	if (m->caplen < m->len && !(d->flags & DEC_F_TRUNC))
		fail("message cut but not flagged truncated", d);
	if (m->opt_off && m->nopts && m->opt_off >= m->caplen)
		fail("ND options counted beyond the capture", d);
	if (m->q.present && m->q.caplen > m->caplen)
		fail("quote longer than the message", d);
	if (d->matched && !m->has_idseq)
		fail("matched without id/seq", d);
	if (d->nouter > DEC_MAX_OUTER)
		fail("more tunnel layers than DEC_MAX_OUTER", d);
	for (i = 0; i < d->nouter; i++)
		if (!dec_layer_name(d->outer[i].kind))
			fail("tunnel layer of no known kind", d);
	if (m->ext_off &&
	    ((size_t)m->ext_off + m->ext_len > m->len || m->ext_off < 8))
		fail("extension structure outside the message", d);
	if (m->ext_off && m->ext_cksum_status != DEC_CK_UNVERIFIED &&
	    (size_t)m->ext_off + m->ext_len > m->caplen)
		fail("extension checksum verified over bytes not captured", d);
	if (m->q.present && m->orig_len && m->q.caplen > m->orig_len)
		fail("quote longer than the RFC 4884 original datagram", d);
}

/* A fragment into the reassembler; a whole datagram is decoded from an
 * exact-size copy, checked and printed. */
static void
reassemble(const struct dec_pkt *d, const struct pr_opts *po)
{
	const uint8_t *whole;
	struct dec_pkt w;
	uint8_t *copy;
	size_t n;
	int rc;

	if (!d->ip_hdr || rsm_offer(rsm, d->ip_hdr, d->ip_caplen, d->ip_caplen,
				    d->ts_sec * 1000000000 + d->ts_nsec, &whole,
				    &n) != RSM_DONE)
		return;
	if (n > sizeof(rsm->out))
		fail("reassembled datagram larger than its buffer", d);
	copy = malloc(n ? n : 1);
	if (!copy)
		abort();
	memcpy(copy, whole, n);
	memset(&w, 0xbe, sizeof(w));
	w.frame = d->frame;
	w.ts_sec = d->ts_sec;
	w.ts_nsec = d->ts_nsec;
	w.caplen = w.wirelen = (uint32_t)n;
	w.pkt = copy;
	rc = dec_packet(12 /* DLT_RAW */, &w);
	check(&w, rc, copy, n);
	if (rc == DEC_ICMP)
		pr_text(&ob, &w, po);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dec_pkt d;
	struct pr_opts po = {0};
	uint8_t *pkt;
	uint32_t caplen;
	int rc;

	if (size < 2)
		return 0;
	if (!trk)
		setup();
	calls++;
	caplen = (uint32_t)(size - 2 > 0xffffffu ? 0xffffffu : size - 2);
	/* An exact-size copy: redzones on both sides of the record. */
	pkt = malloc(caplen ? caplen : 1);
	if (!pkt)
		abort();
	memcpy(pkt, data + 2, caplen);

#if !__has_feature(memory_sanitizer)
	/* capture/emit.c leaves the rest of d as it was on the stack; a
	 * fixed pattern keeps runs reproducible.  Under MemorySanitizer it
	 * is left uninitialized, as in the tool, so reads of fields the
	 * decoder did not fill are reported. */
	memset(&d, 0xbe, sizeof(d));
#endif
	d.frame = calls;
	d.ts_sec = 1700000000 + (int64_t)(calls / 3);
	d.ts_nsec = (uint32_t)((calls * 7919u) % 1000000000u);
	d.caplen = caplen;
	d.wirelen = data[1] >> 4 ? wire_len(caplen, data[1] >> 4) : caplen;
	d.pkt = pkt;

	po.verbose = (data[1] & 3) > 2 ? 2 : data[1] & 3;
	po.link = (data[1] >> 2) & 1;
	po.hex = (data[1] >> 3) & 1;
	if (po.hex && calls % 2)
		po.hex = 2;
	po.xhex = (int)(calls / 2 % 3);
	po.ascii = (int)(calls / 6 % 2);
	po.number = (int)(calls / 12 % 2);
	po.tstamp = (int)(calls % (PR_TS_MAX + 1));

	rc = dec_packet(fuzz_dlt[data[0] % FUZZ_NDLT], &d);
	check(&d, rc, pkt, caplen);
	trk_packet(trk, &d, rc);
	if (d.flags & DEC_F_FRAG)
		reassemble(&d, &po);
	if (rc == DEC_ICMP) {
		pr_text(&ob, &d, &po);
		pr_json(&ob, &d, &po);
	}
	if (calls % STATS_EVERY == 0) {
		pr_stats_text(&ob, trk);
		pr_stats_json(&ob, trk);
		rsm_stats_print(&ob, &rsm->st, (int)(calls / STATS_EVERY) & 1);
	}
	ob_flush(&ob);
	free(pkt);
	return 0;
}
