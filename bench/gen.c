/*
 * gen - write the deterministic mixed ICMP/ICMPv6 capture behind `make bench`.
 *
 * usage: gen OUT.pcap N
 *
 * Writes N Ethernet frames to a nanosecond-precision classic pcap file.  The
 * PRNG seed is fixed, so the same N always gives the same bytes: benchmark
 * runs on different machines or days read identical input.
 *
 * The mix (per mille of frames, picked per frame):
 *   680  IPv4 echo request/reply: ~35% requests, ~33% replies (94% of the
 *        requests are answered, with the same id/seq/payload, a few frames
 *        later, so a request/reply tracker has real pairs and real losses);
 *        flows 0..3 run on VLANs 100..103 and are 802.1Q tagged
 *    50  IPv4 destination unreachable, port (code 3), quoting the whole UDP
 *        datagram as Linux does
 *    40  IPv4 time exceeded in transit, quoting a traceroute probe (UDP or
 *        ICMP echo), half of them RFC 792 style (IP header + 8 bytes)
 *    10  IPv4 timestamp request/reply (all answered)
 *   100  ICMPv6 echo request/reply (90% answered)
 *    40  ICMPv6 neighbor solicitation (SLLA) / advertisement (TLLA), unicast
 *        NUD probes so that every address stays in 2001:db8::/32
 *    30  ICMPv6 destination unreachable (port) / packet too big
 *    50  not ICMP: UDP/IPv4 (DNS-like), TCP/IPv4, UDP/IPv6
 *
 * Addresses come only from 198.51.100.0/24 (the capture's LAN), 192.0.2.0/24,
 * 203.0.113.0/24 and 2001:db8::/32; MACs are locally administered.
 *
 * Every packet is built by libnet (LIBNET_NONE: construction only, no
 * privileges) so that all checksums are libnet's, not ours.  Each packet
 * shape has its own libnet context whose pblock chain is built once; later
 * packets of that shape update the chain in place through the saved ptags
 * and coalesce it.  That keeps the cost at a few builder calls and one
 * malloc per frame: a million frames take about a second.
 *
 * Frames shorter than 60 bytes carry zero Ethernet padding, as a receiving
 * NIC hands them up.  On success it prints how many frames of each shape it
 * wrote.  To check the checksums:
 *
 *   tshark -o ip.defragment:FALSE -r OUT.pcap -T fields \
 *          -e icmp.checksum.status -e icmpv6.checksum.status
 *
 * gives 1 (good) everywhere, or "1,2" for errors whose quote is too short to
 * verify the quoted ICMP message (RFC 792 quotes, packet too big): the
 * outer checksum is the first value.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnet.h>
#include <pcap/pcap.h>

#include "../tests/gen/docaddr.h"

/* Fixed seed: the capture is a fixture, not a sample. */
#define GEN_SEED 0x1c3b4e7d2a5f6081ULL
/* 2024-01-01T00:00:00Z: any fixed start works, a round one reads well. */
#define GEN_T0	    1704067200ULL
#define GEN_SNAPLEN 65535
#define GEN_ETH_MIN 60

#define N_FLOWS4     256
#define N_FLOWS6     64
#define N_VLAN_FLOWS 4
/*
 * At most this many requests of one kind wait for their reply.  A small
 * bound keeps replies close to their requests (RTTs of a few ms) and the
 * tracker's table small, as with real pings.
 */
#define QCAP 16

#define ECHO_PAYLOAD	   56 /* ping's default -s */
#define PTB6_MTU	   1400
#define PTB6_QUOTE	   (1280 - 40 - 8) /* RFC 4443: error fits in 1280 */
#define PTB6_PROBE_PAYLOAD 1404		   /* a 1452-byte ping6 -s 1404 probe */

struct rng {
	uint64_t s;
};

/* splitmix64: tiny, fast and good enough for choosing packet kinds. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Lemire's multiply-shift: uniform enough in [0, n) without a division. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

struct pending {
	uint32_t flow;
	uint16_t seq;
	uint64_t ts_ns; /* the request's time, echoed in the payload */
};

struct queue {
	struct pending q[QCAP];
	unsigned int head;
	unsigned int len;
};

struct flow4 {
	uint32_t cli; /* network order, as libnet wants addresses */
	uint32_t srv;
	uint16_t id;
	uint16_t seq;
	uint16_t vlan; /* 0: untagged */
	uint8_t hops;
};

struct flow6 {
	struct libnet_in6_addr cli;
	struct libnet_in6_addr srv;
	uint16_t id;
	uint16_t seq;
	uint8_t hops;
};

/*
 * One libnet context per packet shape.  t[] holds the ptags of its pblocks,
 * innermost first, 0 until the first build creates them.
 */
enum shape_id {
	SH_ECHO4,
	SH_ECHO4_VLAN,
	SH_UNREACH4,
	SH_TIMEX4,
	SH_TS4,
	SH_ECHO6,
	SH_NS6,
	SH_NA6,
	SH_ERR6,
	SH_UDP4,
	SH_TCP4,
	SH_UDP6,
	/* Scratch shapes: the offending datagrams that errors quote. */
	SH_Q_UDP4,
	SH_Q_ECHO4,
	SH_Q_UDP6,
	SH_Q_ECHO6,
	SH_COUNT
};

static const char *const shape_name[SH_COUNT] = {
	[SH_ECHO4] = "echo4",	    [SH_ECHO4_VLAN] = "echo4-vlan",
	[SH_UNREACH4] = "unreach4", [SH_TIMEX4] = "timex4",
	[SH_TS4] = "ts4",	    [SH_ECHO6] = "echo6",
	[SH_NS6] = "ns6",	    [SH_NA6] = "na6",
	[SH_ERR6] = "err6",	    [SH_UDP4] = "udp4",
	[SH_TCP4] = "tcp4",	    [SH_UDP6] = "udp6",
	[SH_Q_UDP4] = "quote-udp4", [SH_Q_ECHO4] = "quote-echo4",
	[SH_Q_UDP6] = "quote-udp6", [SH_Q_ECHO6] = "quote-echo6",
};

struct shape {
	libnet_t *l;
	libnet_ptag_t t[5];
};

struct gen {
	struct rng rng;
	pcap_t *dead;
	pcap_dumper_t *out;
	uint64_t ts_ns; /* since GEN_T0 */
	uint16_t ipid;
	struct shape sh[SH_COUNT];
	struct flow4 f4[N_FLOWS4];
	struct flow6 f6[N_FLOWS6];
	struct queue q_echo4;
	struct queue q_ts4;
	struct queue q_echo6;
	struct queue q_nd6;
	uint64_t count[SH_COUNT]; /* frames written per shape */
	char errbuf[LIBNET_ERRBUF_SIZE + 128];
};

static const uint8_t router_mac[6] = {0x02, 0x00, 0xc6, 0x33, 0x64, 0x01};

/* A host's MAC is derived from its address so a capture reads coherently. */
static void
mac4(uint8_t mac[6], uint32_t addr)
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	memcpy(mac + 2, &addr, 4);
}

static void
mac6(uint8_t mac[6], const struct libnet_in6_addr *a)
{
	mac[0] = 0x02;
	mac[1] = 0x06;
	memcpy(mac + 2, a->__u6_addr.__u6_addr8 + 12, 4);
}

/* Gaps of 2 us .. ~1 ms, log-uniform-ish, like a busy mixed link. */
static void
tick(struct gen *g)
{
	uint32_t e = rng_below(&g->rng, 13);

	g->ts_ns += 2000 + rng_below(&g->rng, 1u << (e + 8));
}

/* Linux ping's payload: struct timeval (x86-64 layout), then 0x10, 0x11.. */
static void
ping_payload(uint8_t *p, size_t n, uint64_t ts_ns)
{
	uint64_t sec = GEN_T0 + ts_ns / 1000000000u;
	uint64_t usec = (ts_ns % 1000000000u) / 1000u;
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)i;
	for (i = 0; i < 8 && i < n; i++)
		p[i] = (uint8_t)(sec >> (8 * i));
	for (i = 0; i < 8 && 8 + i < n; i++)
		p[8 + i] = (uint8_t)(usec >> (8 * i));
}

static int
lnfail(struct gen *g, struct shape *s, const char *what)
{
	snprintf(g->errbuf, sizeof(g->errbuf), "%s: %s", what,
		 libnet_geterror(s->l));
	return -1;
}

/* Assigns a builder's result to its ptag slot; -1 means libnet failed. */
#define BUILD(g, s, slot, call)                                                \
	do {                                                                   \
		libnet_ptag_t t_ = (call);                                     \
		if (t_ == -1)                                                  \
			return lnfail((g), (s), #call);                        \
		(s)->t[(slot)] = t_;                                           \
	} while (0)

static int
put_eth(struct gen *g, struct shape *s, int slot, const uint8_t *dst,
	const uint8_t *src, uint16_t type, uint16_t vlan)
{
	if (vlan)
		BUILD(g, s, slot,
		      libnet_build_802_1q(dst, src, ETHERTYPE_VLAN, 0, 0, vlan,
					  type, NULL, 0, s->l, s->t[slot]));
	else
		BUILD(g, s, slot,
		      libnet_build_ethernet(dst, src, type, NULL, 0, s->l,
					    s->t[slot]));
	return 0;
}

/*
 * Coalesces a shape into bytes.  The caller owns *pkt and frees it with
 * libnet_adv_free_packet().
 */
static int
bytes_of(struct gen *g, struct shape *s, uint8_t **pkt, uint32_t *len)
{
	if (libnet_pblock_coalesce(s->l, pkt, len) == -1)
		return lnfail(g, s, "libnet_pblock_coalesce");
	return 0;
}

static int
emit(struct gen *g, enum shape_id id)
{
	struct shape *s = &g->sh[id];
	struct pcap_pkthdr h;
	uint8_t pad[GEN_ETH_MIN];
	uint8_t *pkt;
	uint32_t len;

	if (bytes_of(g, s, &pkt, &len) == -1)
		return -1;
	h.ts.tv_sec = (time_t)(GEN_T0 + g->ts_ns / 1000000000u);
	/* The dumper has nanosecond precision: tv_usec carries nanoseconds. */
	h.ts.tv_usec = (suseconds_t)(g->ts_ns % 1000000000u);
	/*
	 * A receiving NIC hands up runt frames padded to 60 bytes; decoders
	 * must clamp to the IP length, so the corpus has such padding too.
	 */
	if (len < GEN_ETH_MIN) {
		memset(pad, 0, sizeof(pad));
		memcpy(pad, pkt, len);
		h.caplen = h.len = GEN_ETH_MIN;
		pcap_dump((u_char *)g->out, &h, pad);
	} else {
		h.caplen = h.len = len;
		pcap_dump((u_char *)g->out, &h, pkt);
	}
	libnet_adv_free_packet(s->l, pkt);
	g->count[id]++;
	return 0;
}

static void
q_push(struct queue *q, uint32_t flow, uint16_t seq, uint64_t ts_ns)
{
	struct pending *p = &q->q[(q->head + q->len) % QCAP];

	p->flow = flow;
	p->seq = seq;
	p->ts_ns = ts_ns;
	q->len++;
}

static struct pending
q_pop(struct queue *q)
{
	struct pending p = q->q[q->head];

	q->head = (q->head + 1) % QCAP;
	q->len--;
	return p;
}

/*
 * Reply now or send a new request?  Replies leave the queue at least as
 * fast as answered requests enter it, so in the long run the request share
 * is 1 / (1 + answer rate) of the kind's frames.
 */
static int
want_reply(struct gen *g, const struct queue *q)
{
	if (q->len == 0)
		return 0;
	if (q->len == QCAP)
		return 1;
	return (int)rng_below(&g->rng, 2);
}

/* Answered with probability num/den. */
static int
chance(struct gen *g, uint32_t num, uint32_t den)
{
	return rng_below(&g->rng, den) < num;
}

static int
ipv4_hdr(struct gen *g, struct shape *s, int slot, uint16_t len, uint8_t tos,
	 uint16_t frag, uint8_t ttl, uint8_t proto, uint32_t src, uint32_t dst)
{
	BUILD(g, s, slot,
	      libnet_build_ipv4(len, tos, g->ipid++, frag, ttl, proto, 0, src,
				dst, NULL, 0, s->l, s->t[slot]));
	return 0;
}

static int
ipv6_hdr(struct gen *g, struct shape *s, int slot, uint16_t plen, uint8_t nh,
	 uint8_t hl, struct libnet_in6_addr src, struct libnet_in6_addr dst)
{
	BUILD(g, s, slot,
	      libnet_build_ipv6(0, 0, plen, nh, hl, src, dst, NULL, 0, s->l,
				s->t[slot]));
	return 0;
}

static int
gen_echo4(struct gen *g)
{
	uint8_t payload[ECHO_PAYLOAD];
	uint8_t cmac[6];
	struct pending p;
	struct flow4 *f;
	struct shape *s;
	enum shape_id id;
	int reply = want_reply(g, &g->q_echo4);

	if (reply) {
		p = q_pop(&g->q_echo4);
	} else {
		p.flow = rng_below(&g->rng, N_FLOWS4);
		p.seq = g->f4[p.flow].seq++;
		p.ts_ns = g->ts_ns;
		if (chance(g, 33, 35))
			q_push(&g->q_echo4, p.flow, p.seq, p.ts_ns);
	}
	f = &g->f4[p.flow];
	id = f->vlan ? SH_ECHO4_VLAN : SH_ECHO4;
	s = &g->sh[id];
	mac4(cmac, f->cli);
	ping_payload(payload, sizeof(payload), p.ts_ns);
	BUILD(g, s, 0,
	      libnet_build_icmpv4_echo(reply ? ICMP_ECHOREPLY : ICMP_ECHO, 0, 0,
				       f->id, p.seq, payload, sizeof(payload),
				       s->l, s->t[0]));
	if (reply) {
		if (ipv4_hdr(g, s, 1,
			     LIBNET_IPV4_H + LIBNET_ICMPV4_ECHO_H +
				     ECHO_PAYLOAD,
			     0, 0, (uint8_t)(64 - f->hops), IPPROTO_ICMP,
			     f->srv, f->cli) == -1 ||
		    put_eth(g, s, 2, cmac, router_mac, ETHERTYPE_IP, f->vlan) ==
			    -1)
			return -1;
	} else {
		if (ipv4_hdr(
			    g, s, 1,
			    LIBNET_IPV4_H + LIBNET_ICMPV4_ECHO_H + ECHO_PAYLOAD,
			    0, IP_DF, 64, IPPROTO_ICMP, f->cli, f->srv) == -1 ||
		    put_eth(g, s, 2, router_mac, cmac, ETHERTYPE_IP, f->vlan) ==
			    -1)
			return -1;
	}
	return emit(g, id);
}

/*
 * Builds the offending IPv4 datagram an error will quote, in a scratch
 * shape, and returns its bytes (caller frees with libnet_adv_free_packet).
 */
static int
quoted_udp4(struct gen *g, uint32_t src, uint32_t dst, uint16_t sport,
	    uint16_t dport, uint8_t ttl, uint16_t plen, uint8_t **pkt,
	    uint32_t *len)
{
	struct shape *s = &g->sh[SH_Q_UDP4];
	uint8_t payload[64];

	memset(payload, 0x40 + (dport & 0xf), sizeof(payload));
	if (plen > sizeof(payload))
		plen = sizeof(payload);
	BUILD(g, s, 0,
	      libnet_build_udp(sport, dport, (uint16_t)(LIBNET_UDP_H + plen), 0,
			       payload, plen, s->l, s->t[0]));
	if (ipv4_hdr(g, s, 1, (uint16_t)(LIBNET_IPV4_H + LIBNET_UDP_H + plen),
		     0, 0, ttl, IPPROTO_UDP, src, dst) == -1)
		return -1;
	return bytes_of(g, s, pkt, len);
}

static int
quoted_echo4(struct gen *g, const struct flow4 *f, uint16_t seq, uint8_t ttl,
	     uint8_t **pkt, uint32_t *len)
{
	struct shape *s = &g->sh[SH_Q_ECHO4];
	uint8_t payload[ECHO_PAYLOAD];

	ping_payload(payload, sizeof(payload), g->ts_ns);
	BUILD(g, s, 0,
	      libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, f->id, seq, payload,
				       sizeof(payload), s->l, s->t[0]));
	if (ipv4_hdr(g, s, 1,
		     LIBNET_IPV4_H + LIBNET_ICMPV4_ECHO_H + ECHO_PAYLOAD, 0, 0,
		     ttl, IPPROTO_ICMP, f->cli, f->srv) == -1)
		return -1;
	return bytes_of(g, s, pkt, len);
}

static int
gen_unreach4(struct gen *g)
{
	struct flow4 *f = &g->f4[rng_below(&g->rng, N_FLOWS4)];
	struct shape *s = &g->sh[SH_UNREACH4];
	uint16_t dport = (uint16_t)(33434 + rng_below(&g->rng, 90));
	uint8_t cmac[6];
	uint8_t *q;
	uint32_t qlen;
	int rc;

	if (quoted_udp4(g, f->cli, f->srv,
			(uint16_t)(40000 + rng_below(&g->rng, 20000)), dport,
			(uint8_t)(64 - f->hops), 32, &q, &qlen) == -1)
		return -1;
	mac4(cmac, f->cli);
	rc = -1;
	s->t[0] = libnet_build_icmpv4_unreach(ICMP_UNREACH, ICMP_UNREACH_PORT,
					      0, q, qlen, s->l, s->t[0]);
	if (s->t[0] == -1) {
		lnfail(g, s, "libnet_build_icmpv4_unreach");
		goto out;
	}
	/* Linux sends ICMP errors with TOS 0xc0 (internetwork control). */
	if (ipv4_hdr(g, s, 1,
		     (uint16_t)(LIBNET_IPV4_H + LIBNET_ICMPV4_UNREACH_H + qlen),
		     0xc0, 0, (uint8_t)(64 - f->hops), IPPROTO_ICMP, f->srv,
		     f->cli) == -1 ||
	    put_eth(g, s, 2, cmac, router_mac, ETHERTYPE_IP, 0) == -1)
		goto out;
	rc = emit(g, SH_UNREACH4);
out:
	libnet_adv_free_packet(g->sh[SH_Q_UDP4].l, q);
	return rc;
}

static int
gen_timex4(struct gen *g)
{
	struct flow4 *f = &g->f4[rng_below(&g->rng, N_FLOWS4)];
	struct shape *s = &g->sh[SH_TIMEX4];
	uint8_t hop = (uint8_t)(1 + rng_below(&g->rng, f->hops));
	int udp = (int)rng_below(&g->rng, 2);
	enum shape_id qid = udp ? SH_Q_UDP4 : SH_Q_ECHO4;
	uint32_t router;
	uint8_t cmac[6];
	uint8_t *q;
	uint32_t qlen, qshow;
	int rc;

	/* The datagram as the router saw it: TTL 1 on arrival. */
	if (udp) {
		if (quoted_udp4(g, f->cli, f->srv,
				(uint16_t)(40000 + rng_below(&g->rng, 20000)),
				(uint16_t)(33434 + hop * 3), 1, 32, &q,
				&qlen) == -1)
			return -1;
	} else {
		if (quoted_echo4(g, f, f->seq++, 1, &q, &qlen) == -1)
			return -1;
	}
	/* Half the routers quote only the IP header and 8 bytes (RFC 792). */
	qshow = rng_below(&g->rng, 2) ? LIBNET_IPV4_H + 8 : qlen;
	router = hop == 1 ? v4(198, 51, 100, 1) : v4(192, 0, 2, 200 + hop);
	mac4(cmac, f->cli);
	rc = -1;
	s->t[0] = libnet_build_icmpv4_timeexceed(ICMP_TIMXCEED,
						 ICMP_TIMXCEED_INTRANS, 0, q,
						 qshow, s->l, s->t[0]);
	if (s->t[0] == -1) {
		lnfail(g, s, "libnet_build_icmpv4_timeexceed");
		goto out;
	}
	if (ipv4_hdr(g, s, 1,
		     (uint16_t)(LIBNET_IPV4_H + LIBNET_ICMPV4_TIMXCEED_H +
				qshow),
		     0xc0, 0, (uint8_t)(65 - hop), IPPROTO_ICMP, router,
		     f->cli) == -1 ||
	    put_eth(g, s, 2, cmac, router_mac, ETHERTYPE_IP, 0) == -1)
		goto out;
	rc = emit(g, SH_TIMEX4);
out:
	libnet_adv_free_packet(g->sh[qid].l, q);
	return rc;
}

static int
gen_ts4(struct gen *g)
{
	struct shape *s = &g->sh[SH_TS4];
	int reply = want_reply(g, &g->q_ts4);
	struct pending p;
	struct flow4 *f;
	uint32_t otime, now;
	uint8_t cmac[6];

	if (reply) {
		p = q_pop(&g->q_ts4);
	} else {
		p.flow = rng_below(&g->rng, N_FLOWS4);
		p.seq = g->f4[p.flow].seq++;
		p.ts_ns = g->ts_ns;
		q_push(&g->q_ts4, p.flow, p.seq, p.ts_ns);
	}
	f = &g->f4[p.flow];
	mac4(cmac, f->cli);
	/* RFC 792: milliseconds since midnight UT. */
	otime = (uint32_t)(((GEN_T0 * 1000u) + p.ts_ns / 1000000u) % 86400000u);
	now = (uint32_t)(((GEN_T0 * 1000u) + g->ts_ns / 1000000u) % 86400000u);
	BUILD(g, s, 0,
	      libnet_build_icmpv4_timestamp(
		      reply ? ICMP_TSTAMPREPLY : ICMP_TSTAMP, 0, 0, f->id,
		      p.seq, otime, reply ? now : 0, reply ? now : 0, NULL, 0,
		      s->l, s->t[0]));
	if (reply) {
		if (ipv4_hdr(g, s, 1, LIBNET_IPV4_H + LIBNET_ICMPV4_TS_H, 0, 0,
			     (uint8_t)(64 - f->hops), IPPROTO_ICMP, f->srv,
			     f->cli) == -1 ||
		    put_eth(g, s, 2, cmac, router_mac, ETHERTYPE_IP, 0) == -1)
			return -1;
	} else {
		if (ipv4_hdr(g, s, 1, LIBNET_IPV4_H + LIBNET_ICMPV4_TS_H, 0,
			     IP_DF, 64, IPPROTO_ICMP, f->cli, f->srv) == -1 ||
		    put_eth(g, s, 2, router_mac, cmac, ETHERTYPE_IP, 0) == -1)
			return -1;
	}
	return emit(g, SH_TS4);
}

static int
gen_echo6(struct gen *g)
{
	struct shape *s = &g->sh[SH_ECHO6];
	uint8_t payload[ECHO_PAYLOAD];
	int reply = want_reply(g, &g->q_echo6);
	struct pending p;
	struct flow6 *f;
	uint8_t cmac[6];

	if (reply) {
		p = q_pop(&g->q_echo6);
	} else {
		p.flow = rng_below(&g->rng, N_FLOWS6);
		p.seq = g->f6[p.flow].seq++;
		p.ts_ns = g->ts_ns;
		if (chance(g, 9, 10))
			q_push(&g->q_echo6, p.flow, p.seq, p.ts_ns);
	}
	f = &g->f6[p.flow];
	mac6(cmac, &f->cli);
	ping_payload(payload, sizeof(payload), p.ts_ns);
	BUILD(g, s, 0,
	      libnet_build_icmpv6_echo(
		      reply ? ICMP6_ECHO_REPLY : ICMP6_ECHO_REQUEST, 0, 0,
		      f->id, p.seq, payload, sizeof(payload), s->l, s->t[0]));
	if (reply) {
		if (ipv6_hdr(g, s, 1, LIBNET_ICMPV6_ECHO_H + ECHO_PAYLOAD,
			     IPPROTO_ICMPV6, (uint8_t)(64 - f->hops), f->srv,
			     f->cli) == -1 ||
		    put_eth(g, s, 2, cmac, router_mac, ETHERTYPE_IPV6, 0) == -1)
			return -1;
	} else {
		if (ipv6_hdr(g, s, 1, LIBNET_ICMPV6_ECHO_H + ECHO_PAYLOAD,
			     IPPROTO_ICMPV6, 64, f->cli, f->srv) == -1 ||
		    put_eth(g, s, 2, router_mac, cmac, ETHERTYPE_IPV6, 0) == -1)
			return -1;
	}
	return emit(g, SH_ECHO6);
}

/*
 * Neighbor discovery between two LAN hosts.  Unicast NS (RFC 4861 NUD)
 * keeps the destination inside 2001:db8::/32, unlike solicited-node
 * multicast; hop limit 255 as ND requires.
 */
static int
gen_nd6(struct gen *g)
{
	int reply = want_reply(g, &g->q_nd6);
	enum shape_id id = reply ? SH_NA6 : SH_NS6;
	struct shape *s = &g->sh[id];
	struct libnet_in6_addr a, b;
	uint8_t amac[6], bmac[6];
	struct pending p;

	if (reply) {
		p = q_pop(&g->q_nd6);
	} else {
		p.flow = rng_below(&g->rng, 200);
		p.seq = (uint16_t)((p.flow + 1 + rng_below(&g->rng, 199)) %
				   200);
		p.ts_ns = g->ts_ns;
		q_push(&g->q_nd6, p.flow, p.seq, p.ts_ns);
	}
	/* flow: the soliciting host; seq: the target host. */
	a = v6(1, (uint16_t)(0x10 + p.flow));
	b = v6(1, (uint16_t)(0x10 + p.seq));
	mac6(amac, &a);
	mac6(bmac, &b);
	if (!reply) {
		BUILD(g, s, 0,
		      libnet_build_icmpv6_ndp_opt(ND_OPT_SOURCE_LINKADDR, amac,
						  6, s->l, s->t[0]));
		BUILD(g, s, 1,
		      libnet_build_icmpv6_ndp_nsol(ND_NEIGHBOR_SOLICIT, 0, 0, b,
						   NULL, 0, s->l, s->t[1]));
		if (ipv6_hdr(g, s, 2, LIBNET_ICMPV6_NDP_NSOL_H + 8,
			     IPPROTO_ICMPV6, 255, a, b) == -1 ||
		    put_eth(g, s, 3, bmac, amac, ETHERTYPE_IPV6, 0) == -1)
			return -1;
	} else {
		BUILD(g, s, 0,
		      libnet_build_icmpv6_ndp_opt(ND_OPT_TARGET_LINKADDR, bmac,
						  6, s->l, s->t[0]));
		/* Flags are host order here; libnet writes them big-endian. */
		BUILD(g, s, 1,
		      libnet_build_icmpv6_ndp_nadv(ND_NEIGHBOR_ADVERT, 0, 0,
						   0x60000000u, b, NULL, 0,
						   s->l, s->t[1]));
		if (ipv6_hdr(g, s, 2, LIBNET_ICMPV6_NDP_NADV_H + 8,
			     IPPROTO_ICMPV6, 255, b, a) == -1 ||
		    put_eth(g, s, 3, amac, bmac, ETHERTYPE_IPV6, 0) == -1)
			return -1;
	}
	return emit(g, id);
}

static int
gen_err6(struct gen *g)
{
	struct flow6 *f = &g->f6[rng_below(&g->rng, N_FLOWS6)];
	struct shape *s = &g->sh[SH_ERR6];
	int ptb = (int)rng_below(&g->rng, 2);
	enum shape_id qid = ptb ? SH_Q_ECHO6 : SH_Q_UDP6;
	struct shape *qs = &g->sh[qid];
	static uint8_t big[PTB6_PROBE_PAYLOAD];
	uint8_t udp_payload[32];
	struct libnet_in6_addr from;
	uint8_t cmac[6];
	uint8_t *q;
	uint32_t qlen;
	int rc;

	if (ptb) {
		ping_payload(big, sizeof(big), g->ts_ns);
		BUILD(g, qs, 0,
		      libnet_build_icmpv6_echo(ICMP6_ECHO_REQUEST, 0, 0, f->id,
					       f->seq++, big, sizeof(big),
					       qs->l, qs->t[0]));
		if (ipv6_hdr(g, qs, 1,
			     LIBNET_ICMPV6_ECHO_H + PTB6_PROBE_PAYLOAD,
			     IPPROTO_ICMPV6, (uint8_t)(64 - f->hops + 2),
			     f->cli, f->srv) == -1)
			return -1;
		from = v6(2, 0xfe);
	} else {
		memset(udp_payload, 0x61, sizeof(udp_payload));
		BUILD(g, qs, 0,
		      libnet_build_udp(
			      (uint16_t)(40000 + rng_below(&g->rng, 20000)),
			      (uint16_t)(33434 + rng_below(&g->rng, 90)),
			      LIBNET_UDP_H + sizeof(udp_payload), 0,
			      udp_payload, sizeof(udp_payload), qs->l,
			      qs->t[0]));
		if (ipv6_hdr(g, qs, 1, LIBNET_UDP_H + sizeof(udp_payload),
			     IPPROTO_UDP, (uint8_t)(64 - f->hops), f->cli,
			     f->srv) == -1)
			return -1;
		from = f->srv;
	}
	if (bytes_of(g, qs, &q, &qlen) == -1)
		return -1;
	if (qlen > PTB6_QUOTE)
		qlen = PTB6_QUOTE;
	mac6(cmac, &f->cli);
	rc = -1;
	/*
	 * Packet too big carries a 32-bit MTU where the echo header has id and
	 * seq, and libnet 1.1.6 has no PTB builder (its unreach builder zeroes
	 * those bytes): the echo builder with type 2 lays out exactly RFC 4443
	 * section 3.2.
	 */
	if (ptb)
		s->t[0] = libnet_build_icmpv6_echo(
			ICMP6_PACKET_TOO_BIG, 0, 0, PTB6_MTU >> 16,
			PTB6_MTU & 0xffff, q, qlen, s->l, s->t[0]);
	else
		s->t[0] = libnet_build_icmpv6_echo(
			ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOPORT, 0, 0, 0, q,
			qlen, s->l, s->t[0]);
	if (s->t[0] == -1) {
		lnfail(g, s, "libnet_build_icmpv6_echo (error)");
		goto out;
	}
	if (ipv6_hdr(g, s, 1, (uint16_t)(8 + qlen), IPPROTO_ICMPV6,
		     (uint8_t)(64 - (ptb ? 2 : f->hops)), from, f->cli) == -1 ||
	    put_eth(g, s, 2, cmac, router_mac, ETHERTYPE_IPV6, 0) == -1)
		goto out;
	rc = emit(g, SH_ERR6);
out:
	libnet_adv_free_packet(qs->l, q);
	return rc;
}

/*
 * "example.com IN A" with a random id: readers that decode DNS (tcpdump,
 * tshark) show a clean query instead of a malformed one.
 */
static uint16_t
dns_query(uint8_t *p, uint16_t id)
{
	static const uint8_t q[] = {
		0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 7,	  'e',	'x',  'a',  'm',  'p',	'l',  'e',
		3,    'c',  'o',  'm',	0,    0x00, 0x01, 0x00, 0x01};

	memcpy(p, q, sizeof(q));
	p[0] = (uint8_t)(id >> 8);
	p[1] = (uint8_t)id;
	return sizeof(q);
}

static int
gen_other(struct gen *g)
{
	uint32_t k = rng_below(&g->rng, 5);
	uint8_t payload[100];
	uint8_t cmac[6];
	struct shape *s;

	memset(payload, 0x5a, sizeof(payload));
	if (k < 2) {
		/* A DNS query to a resolver in 192.0.2.0/24. */
		struct flow4 *f = &g->f4[rng_below(&g->rng, N_FLOWS4)];
		uint16_t plen = dns_query(payload, (uint16_t)rng_next(&g->rng));

		s = &g->sh[SH_UDP4];
		mac4(cmac, f->cli);
		BUILD(g, s, 0,
		      libnet_build_udp(
			      (uint16_t)(32768 + rng_below(&g->rng, 28000)), 53,
			      (uint16_t)(LIBNET_UDP_H + plen), 0, payload, plen,
			      s->l, s->t[0]));
		if (ipv4_hdr(g, s, 1,
			     (uint16_t)(LIBNET_IPV4_H + LIBNET_UDP_H + plen), 0,
			     0, 64, IPPROTO_UDP, f->cli,
			     v4(192, 0, 2, 53)) == -1 ||
		    put_eth(g, s, 2, router_mac, cmac, ETHERTYPE_IP, 0) == -1)
			return -1;
		return emit(g, SH_UDP4);
	}
	if (k < 4) {
		/* TCP segments to a web server, pure ACKs to full-ish data. */
		struct flow4 *f = &g->f4[rng_below(&g->rng, N_FLOWS4)];
		uint16_t plen = (uint16_t)rng_below(&g->rng, sizeof(payload));

		s = &g->sh[SH_TCP4];
		mac4(cmac, f->cli);
		BUILD(g, s, 0,
		      libnet_build_tcp((uint16_t)(32768 + (f->id & 0x3fff)),
				       443, (uint32_t)rng_next(&g->rng),
				       (uint32_t)rng_next(&g->rng),
				       plen ? TH_ACK | TH_PUSH : TH_ACK, 64240,
				       0, 0, (uint16_t)(LIBNET_TCP_H + plen),
				       payload, plen, s->l, s->t[0]));
		if (ipv4_hdr(g, s, 1,
			     (uint16_t)(LIBNET_IPV4_H + LIBNET_TCP_H + plen), 0,
			     IP_DF, 64, IPPROTO_TCP, f->cli, f->srv) == -1 ||
		    put_eth(g, s, 2, router_mac, cmac, ETHERTYPE_IP, 0) == -1)
			return -1;
		return emit(g, SH_TCP4);
	} else {
		struct flow6 *f = &g->f6[rng_below(&g->rng, N_FLOWS6)];
		uint16_t plen = dns_query(payload, (uint16_t)rng_next(&g->rng));

		s = &g->sh[SH_UDP6];
		mac6(cmac, &f->cli);
		BUILD(g, s, 0,
		      libnet_build_udp(
			      (uint16_t)(32768 + rng_below(&g->rng, 28000)), 53,
			      (uint16_t)(LIBNET_UDP_H + plen), 0, payload, plen,
			      s->l, s->t[0]));
		if (ipv6_hdr(g, s, 1, (uint16_t)(LIBNET_UDP_H + plen),
			     IPPROTO_UDP, 64, f->cli, v6(2, 0x53)) == -1 ||
		    put_eth(g, s, 2, router_mac, cmac, ETHERTYPE_IPV6, 0) == -1)
			return -1;
		return emit(g, SH_UDP6);
	}
}

static void
flows_init(struct gen *g)
{
	unsigned int i;

	for (i = 0; i < N_FLOWS4; i++) {
		struct flow4 *f = &g->f4[i];

		f->cli = v4(198, 51, 100, (uint8_t)(10 + i % 240));
		f->srv = (i & 1) ? v4(203, 0, 113, (uint8_t)(1 + i % 200))
				 : v4(192, 0, 2, (uint8_t)(1 + i % 199));
		/* Distinct ping identifiers, as separate ping processes. */
		f->id = (uint16_t)(0x1000 + i * 37);
		f->seq = 1;
		f->vlan = i < N_VLAN_FLOWS ? (uint16_t)(100 + i) : 0;
		f->hops = (uint8_t)(2 + rng_below(&g->rng, 14));
	}
	for (i = 0; i < N_FLOWS6; i++) {
		struct flow6 *f = &g->f6[i];

		f->cli = v6(1, (uint16_t)(0x100 + i));
		f->srv = v6(2, (uint16_t)(1 + i % 40));
		f->id = (uint16_t)(0x6000 + i * 41);
		f->seq = 1;
		f->hops = (uint8_t)(2 + rng_below(&g->rng, 14));
	}
}

static int
gen_init(struct gen *g, const char *path)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	int i;

	memset(g, 0, sizeof(*g));
	g->rng.s = GEN_SEED;
	g->ipid = 1;
	flows_init(g);
	for (i = 0; i < SH_COUNT; i++) {
		g->sh[i].l = libnet_init(LIBNET_NONE, NULL, lerr);
		if (g->sh[i].l == NULL) {
			snprintf(g->errbuf, sizeof(g->errbuf),
				 "libnet_init: %s", lerr);
			return -1;
		}
	}
	g->dead = pcap_open_dead_with_tstamp_precision(
		DLT_EN10MB, GEN_SNAPLEN, PCAP_TSTAMP_PRECISION_NANO);
	if (g->dead == NULL) {
		snprintf(g->errbuf, sizeof(g->errbuf),
			 "pcap_open_dead_with_tstamp_precision failed");
		return -1;
	}
	g->out = pcap_dump_open(g->dead, path);
	if (g->out == NULL) {
		/* libpcap's message already names the file. */
		snprintf(g->errbuf, sizeof(g->errbuf), "%s",
			 pcap_geterr(g->dead));
		return -1;
	}
	/* Large stdio buffer: the write loop is the other half of the cost. */
	setvbuf(pcap_dump_file(g->out), NULL, _IOFBF, 1 << 20);
	return 0;
}

static int
gen_close(struct gen *g)
{
	int i, rc = 0;

	if (g->out != NULL) {
		if (pcap_dump_flush(g->out) == -1) {
			snprintf(g->errbuf, sizeof(g->errbuf),
				 "writing the capture: %s", strerror(errno));
			rc = -1;
		}
		pcap_dump_close(g->out);
	}
	if (g->dead != NULL)
		pcap_close(g->dead);
	for (i = 0; i < SH_COUNT; i++)
		if (g->sh[i].l != NULL)
			libnet_destroy(g->sh[i].l);
	return rc;
}

static int
parse_count(const char *s, uint64_t *n, char *errbuf, size_t errlen)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s == '\0' || *s == '-' || *end != '\0' || errno != 0 ||
	    v > 100000000ULL) {
		snprintf(errbuf, errlen,
			 "bad packet count '%s': want 0..100000000", s);
		return -1;
	}
	*n = v;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct gen g;
	uint64_t n, i;
	int rc = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: gen OUT.pcap N\n");
		return 2;
	}
	if (parse_count(argv[2], &n, g.errbuf, sizeof(g.errbuf)) == -1) {
		fprintf(stderr, "gen: %s\n", g.errbuf);
		return 2;
	}
	if (gen_init(&g, argv[1]) == -1)
		goto fail;
	for (i = 0; i < n && rc == 0; i++) {
		uint32_t r = rng_below(&g.rng, 1000);

		tick(&g);
		if (r < 680)
			rc = gen_echo4(&g);
		else if (r < 730)
			rc = gen_unreach4(&g);
		else if (r < 770)
			rc = gen_timex4(&g);
		else if (r < 780)
			rc = gen_ts4(&g);
		else if (r < 880)
			rc = gen_echo6(&g);
		else if (r < 920)
			rc = gen_nd6(&g);
		else if (r < 950)
			rc = gen_err6(&g);
		else
			rc = gen_other(&g);
	}
	if (rc != 0)
		goto fail;
	if (gen_close(&g) == -1) {
		fprintf(stderr, "gen: %s\n", g.errbuf);
		return 2;
	}
	printf("gen: %" PRIu64 " frames to %s:", n, argv[1]);
	for (i = 0; i < SH_Q_UDP4; i++)
		printf(" %s %" PRIu64, shape_name[i], g.count[i]);
	printf("\n");
	return 0;
fail:
	fprintf(stderr, "gen: %s\n", g.errbuf);
	gen_close(&g);
	return 2;
}
