/* decode/reasm.c: IPv4 and IPv6 fragments of an echo request put back
 * together in order, out of order, with duplicates; overlaps (RFC 5722),
 * a missing last fragment, the timeout, a full table, atomic fragments,
 * cut captures and impossible lengths given up on and counted. */
#include "pkts.h"

#include "../../decode/reasm.h"

#define SEC 1000000000LL

static struct rsm R;
static struct dec_pkt d;
static uint8_t whole[2000], frag[2000];
static size_t wlen;
static const uint8_t *out;
static size_t olen;

/* An IPv4 echo request of 1408 ICMP bytes (DF clear), checksums set. */
static void
mk_whole4(void)
{
	memcpy(whole, P4_ECHO, 28);
	for (size_t i = 28; i < 1428; i++)
		whole[i] = (uint8_t)i;
	wlen = 1428;
	put16(whole + 2, (uint16_t)wlen);
	whole[6] = 0;
	fix4(whole, 1);
}

/* An IPv6 echo request of 1408 ICMPv6 bytes. */
static void
mk_whole6(void)
{
	memcpy(whole, P6_ECHO, 48);
	for (size_t i = 48; i < 1448; i++)
		whole[i] = (uint8_t)(i * 7);
	wlen = 1448;
	put16(whole + 4, (uint16_t)(wlen - 40));
	fix6(whole, 40);
}

/* Fragment [off, off+len) of whole (IPv4, id), MF as given. */
static size_t
frag4(size_t off, size_t len, int mf, uint16_t id)
{
	memcpy(frag, whole, 20);
	memcpy(frag + 20, whole + 20 + off, len);
	put16(frag + 2, (uint16_t)(20 + len));
	put16(frag + 4, id);
	put16(frag + 6, (uint16_t)(off / 8 | (mf ? 0x2000 : 0)));
	fix4(frag, 0);
	return 20 + len;
}

/* The same for IPv6: a fragment header after the fixed header. */
static size_t
frag6(size_t off, size_t len, int mf, uint32_t id)
{
	memcpy(frag, whole, 40);
	frag[6] = 44;
	put16(frag + 4, (uint16_t)(8 + len));
	frag[40] = 58;
	frag[41] = 0;
	put16(frag + 42, (uint16_t)(off | (mf ? 1 : 0)));
	put16(frag + 44, (uint16_t)(id >> 16));
	put16(frag + 46, (uint16_t)id);
	memcpy(frag + 48, whole + 40 + off, len);
	return 48 + len;
}

static enum rsm_result
offer(size_t n, int64_t ts)
{
	return rsm_offer(&R, frag, n, n, ts, &out, &olen);
}

static void
check_whole(void)
{
	cr_assert_eq(olen, wlen);
	cr_assert(!memcmp(out, whole, wlen), "rebuilt bytes differ");
	cr_assert_eq(decode(&d, DEC_DLT_RAW, out, olen), DEC_ICMP);
	cr_assert_eq(d.icmp.len, 1408);
	cr_assert_eq(d.icmp.cksum_status, DEC_CK_OK);
	cr_assert_eq(d.flags & DEC_F_FRAG, 0);
}

Test(reasm, in_order_v4)
{
	rsm_init(&R, 0);
	mk_whole4();
	cr_assert_eq(offer(frag4(0, 504, 1, 0x1234), 1), RSM_HELD);
	cr_assert_eq(offer(frag4(504, 504, 1, 0x1234), 2), RSM_HELD);
	cr_assert_eq(offer(frag4(1008, 400, 0, 0x1234), 3), RSM_DONE);
	check_whole();
	cr_assert_eq(R.st.frags, 3);
	cr_assert_eq(R.st.done, 1);
}

Test(reasm, out_of_order_v6)
{
	rsm_init(&R, 0);
	mk_whole6();
	cr_assert_eq(offer(frag6(1232, 176, 0, 77), 1), RSM_HELD);
	cr_assert_eq(offer(frag6(0, 616, 1, 77), 2), RSM_HELD);
	cr_assert_eq(offer(frag6(616, 616, 1, 77), 3), RSM_DONE);
	check_whole();
}

Test(reasm, duplicate_dropped_alone)
{
	rsm_init(&R, 0);
	mk_whole4();
	cr_assert_eq(offer(frag4(0, 704, 1, 0x1234), 1), RSM_HELD);
	cr_assert_eq(offer(frag4(0, 704, 1, 0x1234), 2), RSM_DROP);
	cr_assert_eq(R.st.dups, 1);
	cr_assert_eq(offer(frag4(704, 704, 0, 0x1234), 3), RSM_DONE);
	check_whole();
}

Test(reasm, overlap_discards_datagram)
{
	rsm_init(&R, 0);
	mk_whole6();
	cr_assert_eq(offer(frag6(0, 512, 1, 5), 1), RSM_HELD);
	cr_assert_eq(offer(frag6(256, 512, 1, 5), 2), RSM_DROP);
	cr_assert_eq(R.st.overlaps, 1);
	/* The rest of it is refused too (RFC 5722), even the pieces that
	 * would have completed it. */
	cr_assert_eq(offer(frag6(512, 512, 1, 5), 3), RSM_DROP);
	cr_assert_eq(offer(frag6(1024, 384, 0, 5), 4), RSM_DROP);
	cr_assert_eq(R.st.dead, 2);
	cr_assert_eq(R.st.done, 0);
	/* After the timeout the same id starts afresh. */
	cr_assert_eq(offer(frag6(0, 704, 1, 5), 40 * SEC), RSM_HELD);
	cr_assert_eq(offer(frag6(704, 704, 0, 5), 40 * SEC), RSM_DONE);
	check_whole();
	cr_assert_eq(R.st.timeouts, 0, "a discarded datagram is no timeout");
}

Test(reasm, missing_last_then_timeout)
{
	rsm_init(&R, 5 * SEC);
	mk_whole4();
	cr_assert_eq(offer(frag4(0, 704, 1, 1), 0), RSM_HELD);
	cr_assert_eq(offer(frag4(0, 704, 1, 2), 4 * SEC), RSM_HELD);
	cr_assert_eq(R.st.timeouts, 0);
	/* Capture time, not the clock: 6 s later in the capture. */
	cr_assert_eq(offer(frag4(0, 704, 1, 3), 6 * SEC), RSM_HELD);
	cr_assert_eq(R.st.timeouts, 1);
	/* Id 1 is gone: its last piece alone does not complete it. */
	cr_assert_eq(offer(frag4(704, 704, 0, 1), 6 * SEC), RSM_HELD);
	cr_assert_eq(R.st.done, 0);
}

Test(reasm, table_full)
{
	rsm_init(&R, 0);
	mk_whole4();
	for (uint16_t id = 0; id < RSM_SLOTS; id++)
		cr_assert_eq(offer(frag4(0, 704, 1, id), 1), RSM_HELD);
	cr_assert_eq(offer(frag4(0, 704, 1, 999), 1), RSM_DROP);
	cr_assert_eq(R.st.full, 1);
	/* A datagram already held still completes. */
	cr_assert_eq(offer(frag4(704, 704, 0, 3), 2), RSM_DONE);
	whole[4] = 0;
	whole[5] = 3;
	fix4(whole, 1);
	check_whole();
}

Test(reasm, atomic_and_plain_pass)
{
	uint8_t b[64];
	size_t n;

	rsm_init(&R, 0);
	mk_whole6();
	n = frag6(0, 64, 0, 8);
	cr_assert_eq(offer(n, 1), RSM_PASS);
	cr_assert_eq(R.st.atomic, 1);
	n = mk_p4(b);
	cr_assert_eq(rsm_offer(&R, b, n, n, 1, &out, &olen), RSM_PASS);
	n = mk_p6(b);
	cr_assert_eq(rsm_offer(&R, b, n, n, 1, &out, &olen), RSM_PASS);
	cr_assert_eq(R.st.frags, 1);
}

Test(reasm, cut_and_impossible)
{
	size_t n;

	rsm_init(&R, 0);
	mk_whole4();
	/* Not captured whole: never read past caplen. */
	n = frag4(0, 704, 1, 1);
	cr_assert_eq(rsm_offer(&R, frag, n - 1, n, 1, &out, &olen), RSM_DROP);
	cr_assert_eq(R.st.truncated, 1);
	for (size_t cut = 0; cut < 48; cut++)
		rsm_offer(&R, frag, cut, n, 1, &out, &olen);
	/* A middle piece that is not a multiple of 8. */
	cr_assert_eq(offer(frag4(0, 700, 1, 2), 1), RSM_DROP);
	cr_assert_eq(R.st.bad, 1);
	/* An end beyond 65535 (the ping of death). */
	n = frag4(0, 100, 0, 3);
	put16(frag + 6, 65528 / 8);
	fix4(frag, 0);
	cr_assert_eq(offer(n, 1), RSM_DROP);
	cr_assert_eq(R.st.bad, 2);
	/* Two different ends. */
	cr_assert_eq(offer(frag4(704, 704, 0, 4), 1), RSM_HELD);
	cr_assert_eq(offer(frag4(704, 600, 0, 4), 1), RSM_DROP);
	cr_assert_eq(R.st.bad, 3);
}

Test(reasm, too_many_pieces)
{
	rsm_init(&R, 0);
	mk_whole6();
	for (size_t i = 0; i < RSM_FRAGS; i++)
		cr_assert_eq(offer(frag6(8 + i * 8, 8, 1, 3), 1), RSM_HELD);
	cr_assert_eq(offer(frag6(0, 8, 1, 3), 1), RSM_DROP);
	cr_assert_eq(R.st.bad, 1);
}
