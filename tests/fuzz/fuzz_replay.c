/* libFuzzer harness for replay's prepare() and the rewriting of
 * inject/rewrite.c, with the options drawn from the input:
 *
 *   byte 0   link type (index into fuzz_dlt.h)
 *   byte 1   bit 0 --src-mac, bit 1 --ttl, bits 2-3 the number of maps
 *   then     the TTL (with bit 1), per map 34 bytes: kind (bit 0
 *            --dst-ip, bit 1 IPv6), prefix length, OLD (16), NEW (16)
 *   the rest the record.
 *
 * With byte 1 zero this is the decoder harness's format, so the seeds of
 * tests/fuzz/seeds serve both.
 *
 * prepare() sees the record as replay does (always with --dst-mac, so no
 * neighbour lookup).  The frame it makes must fit its slot, and the
 * decoder, run again over it, must find the checksums as they were: a
 * right ICMP checksum stays right and a wrong one wrong, and the IPv4
 * header's sum is unchanged (RFC 1624 adjusts, never recomputes). */
#include "../../inject/replay.c"

#include "../../decode/cksum.h"
#include "fuzz_dlt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct replay rp;
static uint8_t *slot;

static size_t
take_maps(struct replay *r, const uint8_t *p, size_t size, unsigned n)
{
	size_t used = 0;
	struct rw_map *m;

	while (n-- && size - used >= 34) {
		int dst = p[used] & 1;

		m = dst ? &r->rw.dst[r->rw.ndst++] : &r->rw.src[r->rw.nsrc++];
		m->ver = p[used] & 2 ? 6 : 4;
		m->plen = p[used + 1] % (m->ver == 6 ? 129 : 33);
		memcpy(m->old, p + used + 2, 16);
		memcpy(m->new_, p + used + 18, 16);
		used += 34;
	}
	return used;
}

/* The folded sum of the IPv4 header at ip (0 when there is none whole). */
static unsigned
ip4_sum(const struct dec_pkt *d)
{
	unsigned ihl, s;

	if (d->ip.ver != 4 || !d->ip_hdr || d->ip_caplen < 20)
		return 0;
	ihl = (d->ip_hdr[0] & 15u) * 4;
	if (ihl < 20 || ihl > d->ip_caplen)
		return 0;
	s = ck_fold(ck_add(0, d->ip_hdr, ihl));
	return s == 0xffff ? 0 : s; /* one's complement: two zeros */
}

static void
check(const struct dec_pkt *in, int in_rc, const uint8_t *frame, long len)
{
	struct dec_pkt out;
	int rc;

	if (len > RP_SLOT)
		abort();
	memset(&out, 0, sizeof(out));
	out.pkt = frame;
	out.caplen = out.wirelen = (uint32_t)len;
	rc = dec_packet(DEC_DLT_EN10MB, &out);
	if (in_rc == DEC_ICMP && rc == DEC_ICMP && !in->nouter && !out.nouter &&
	    in->icmp.cksum_status != DEC_CK_UNVERIFIED &&
	    out.icmp.cksum_status != in->icmp.cksum_status) {
		fprintf(stderr, "fuzz_replay: invariant broken: ICMP checksum "
				"status changed by the rewrite\n");
		abort();
	}
	if (in->ip_hdr && ip4_sum(in) != ip4_sum(&out) && !in->nouter) {
		fprintf(stderr, "fuzz_replay: invariant broken: IPv4 header "
				"sum changed by the rewrite\n");
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char errbuf[CLI_ERRBUF];
	struct pcap_pkthdr h;
	struct dec_pkt in;
	size_t used;
	int in_rc;
	long len;

	if (size < 2)
		return 0;
	if (!slot && !(slot = malloc(RP_SLOT)))
		abort();
	memset(&rp, 0, sizeof(rp));
	rp.dlt = fuzz_dlt[data[0] % FUZZ_NDLT];
	rp.have_dst_mac = 1;
	memcpy(rp.dst_mac, "\x02\0\0\0\0\x02", 6);
	memcpy(rp.src_mac, "\x02\0\0\0\0\x01", 6);
	rp.have_src_mac = data[1] & 1;
	used = 2;
	if (data[1] & 2 && size > used) {
		rp.rw.have_ttl = 1;
		rp.rw.ttl = data[used++];
	}
	used += take_maps(&rp, data + used, size - used, (data[1] >> 2) & 3);
	memset(&h, 0, sizeof(h));
	h.caplen = h.len = (uint32_t)(size - used);
	/* The decoder's view of the record before prepare() changes a copy. */
	memset(&in, 0, sizeof(in));
	in.pkt = data + used;
	in.caplen = in.wirelen = h.caplen;
	in_rc = dec_packet(rp.dlt, &in);
	len = prepare(&rp, slot, &h, data + used, errbuf);
	if (len > 0)
		check(&in, in_rc, slot, len);
	return 0;
}
