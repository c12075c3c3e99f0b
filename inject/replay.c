/* icmpkit replay: a capture back onto a link, with its timing, at a
 * multiple of it, at a fixed rate or as fast as possible, rewriting MACs,
 * addresses (also inside the datagram an ICMP error quotes) and TTLs on
 * the way.  Checksums are fixed incrementally (RFC 1624), so a checksum
 * that was wrong in the capture stays wrong by the same amount.
 *
 * The decoder says where the headers are; frames go out through libnet's
 * PF_PACKET socket, in batches with the sender of tx.c from a fixed set
 * of buffers (no allocation per packet), on the schedule of sched.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libnet.h>
#include <linux/if_packet.h>
#include <math.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/priv.h"
#include "../decode/dec.h"
#include "../commands.h"
#include "family.h"
#include "inj.h"
#include "sched.h"
#include "tx.h"

#define RP_BATCH  INJ_BATCH
#define RP_SLOT	  65600 /* the largest record plus a built Ethernet header */
#define RP_MAXMAP 16

struct ipmap {
	int ver;
	uint8_t old[16], new_[16];
	int plen; /* prefix length of OLD (and NEW) */
};

struct replay {
	/* Options. */
	const char *iface, *file, *filter_expr;
	long long count, loops, ttl;
	double multiplier, pps;
	int topspeed, quiet, have_dst_mac, have_src_mac, have_ttl;
	uint8_t dst_mac[6], src_mac[6];
	struct ipmap smap[RP_MAXMAP], dmap[RP_MAXMAP];
	int nsmap, ndmap;
	/* State. */
	pcap_t *p;
	struct bpf_program prog;
	int have_prog, dlt, file_fd;
	libnet_t *l;
	struct inj_sock sk;
	struct sched sc; /* this loop's */
	uint8_t *slots;
	struct iovec iov[RP_BATCH];
	int nbatch;
	uint8_t nh_ip[16], nh_mac[6]; /* neighbour cache: one entry */
	int nh_ver;
	unsigned long long done_records;
	unsigned long long toolong; /* records no slot can hold: not sent */
	long long file_size;
	int64_t start_ns, last_progress;
};

static volatile sig_atomic_t rp_stop;

static void
on_int(int sig)
{
	(void)sig;
	rp_stop = 1;
}

void
usage_replay(void)
{
	fputs("usage: icmpkit replay -i IFACE [options] FILE [FILTER...]\n"
	      "  put a pcap/pcapng capture back onto a link\n"
	      "  -i IFACE          interface to send on\n"
	      "  -c N              send at most N records (per loop)\n"
	      "  --multiplier X    X times the original speed (default 1)\n"
	      "  --pps N           N packets per second\n"
	      "  --topspeed        as fast as possible\n"
	      "  --loop N          play the file N times (0 = until "
	      "interrupted)\n"
	      "  --dst-mac MAC, --src-mac MAC   rewrite Ethernet addresses\n"
	      "  --src-ip OLD=NEW, --dst-ip OLD=NEW   rewrite addresses or "
	      "prefixes\n"
	      "                    (v4 or v6, CIDR; repeatable; quoted "
	      "datagrams too)\n"
	      "  --ttl N           set the TTL / hop limit\n"
	      "  -q                no progress line and no summary\n"
	      "  FILTER            BPF expression choosing the records\n",
	      stdout);
}

enum {
	R_MULT = 0x400,
	R_PPS,
	R_TOP,
	R_LOOP,
	R_DMAC,
	R_SMAC,
	R_SIP,
	R_DIP,
	R_TTL,
	R_HELP,
};

static const struct option replay_long[] = {
	{"multiplier", required_argument, NULL, R_MULT},
	{"pps", required_argument, NULL, R_PPS},
	{"topspeed", no_argument, NULL, R_TOP},
	{"loop", required_argument, NULL, R_LOOP},
	{"dst-mac", required_argument, NULL, R_DMAC},
	{"src-mac", required_argument, NULL, R_SMAC},
	{"src-ip", required_argument, NULL, R_SIP},
	{"dst-ip", required_argument, NULL, R_DIP},
	{"ttl", required_argument, NULL, R_TTL},
	{"help", no_argument, NULL, R_HELP},
	{NULL, 0, NULL, 0},
};

/* ADDR or ADDR/LEN, v4 or v6. */
static int
parse_prefix(const char *s, int *ver, uint8_t a[16], int *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long n;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = 0;
	memset(a, 0, 16);
	if (inet_pton(AF_INET, buf, a) == 1)
		*ver = 4;
	else if (inet_pton(AF_INET6, buf, a) == 1)
		*ver = 6;
	else
		return -1;
	*plen = *ver == 6 ? 128 : 32;
	if (slash) {
		n = strtol(slash, &end, 10);
		if (!*slash || *end || n < 0 || n > *plen)
			return -1;
		*plen = (int)n;
	}
	return 0;
}

static int
parse_map(const char *arg, const char *opt, struct ipmap *m, char *errbuf)
{
	char old[128], *eq;
	int v2, p2;

	eq = strchr(arg, '=');
	if (!eq || (size_t)(eq - arg) >= sizeof(old))
		goto bad;
	memcpy(old, arg, (size_t)(eq - arg));
	old[eq - arg] = 0;
	if (parse_prefix(old, &m->ver, m->old, &m->plen) < 0 ||
	    parse_prefix(eq + 1, &v2, m->new_, &p2) < 0 || v2 != m->ver)
		goto bad;
	/* NEW without a length takes OLD's; with one, they must agree. */
	if (strchr(eq + 1, '/') && p2 != m->plen)
		goto bad;
	return 0;
bad:
	cli_err(errbuf,
		"%s '%s': not OLD=NEW with addresses or prefixes of one "
		"family and one length (198.51.100.0/24=203.0.113.0/24)",
		opt, arg);
	return -1;
}

static int
prefix_match(const uint8_t *a, const uint8_t *p, int plen)
{
	int full = plen / 8, rest = plen % 8;

	if (memcmp(a, p, (size_t)full))
		return 0;
	return !rest ||
	       ((a[full] ^ p[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* Rewrite a (alen bytes) by the first map that matches; 1 if changed. */
static int
map_addr(const struct ipmap *maps, int n, int ver, uint8_t *a)
{
	int i, b;

	for (i = 0; i < n; i++) {
		const struct ipmap *m = &maps[i];

		if (m->ver != ver || !prefix_match(a, m->old, m->plen))
			continue;
		for (b = 0; b < m->plen; b++) {
			uint8_t bit = (uint8_t)(0x80 >> (b % 8));

			a[b / 8] = (uint8_t)((a[b / 8] & ~bit) |
					     (m->new_[b / 8] & bit));
		}
		return 1;
	}
	return 0;
}

/* RFC 1624: HC' = ~(~HC + ~m + m') over the 16-bit words that changed;
 * old and new are the same n (even) bytes before and after. */
static uint16_t
csum_adjust(uint16_t hc, const uint8_t *old, const uint8_t *new_, size_t n)
{
	uint32_t sum = (uint16_t)~hc;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		sum += (uint16_t) ~(old[i] << 8 | old[i + 1]);
		sum += (uint16_t)(new_[i] << 8 | new_[i + 1]);
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint16_t
get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* Adjust the checksum at ck (if inside [lo, hi)) for a change of n bytes. */
static void
fix(uint8_t *ck, const uint8_t *lo, const uint8_t *hi, const uint8_t *old,
    const uint8_t *new_, size_t n)
{
	if (ck < lo || ck + 2 > hi)
		return;
	put16(ck, csum_adjust(get16(ck), old, new_, n));
}

/* The datagram quoted by an ICMP error: its addresses (roles swapped:
 * the quoted packet went the other way), its IP header checksum, the
 * transport checksum over its pseudo-header, and the outer ICMP
 * checksum over all of those. */
static void
rewrite_quote(struct replay *r, uint8_t *icmp, const uint8_t *end, uint8_t *ick)
{
	struct dec_pkt q;
	uint8_t *ip = icmp + 8, before[16], *l4, *tck = NULL;
	size_t alen, i;
	int ver, rc;

	if (ip >= end)
		return;
	memset(&q, 0, sizeof(q));
	q.caplen = q.wirelen = (uint32_t)(end - ip);
	q.pkt = ip;
	rc = dec_ip(&q, ip, (size_t)(end - ip), (size_t)(end - ip));
	ver = q.ip.ver;
	if (ver != 4 && ver != 6)
		return;
	alen = ver == 6 ? 16 : 4;
	if (ip + (ver == 6 ? 40 : 20) > end)
		return;
	l4 = q.ip.hdr_len ? ip + q.ip.hdr_len : NULL;
	if (l4) {
		if (q.ip.proto == 17 && l4 + 8 <= end && get16(l4 + 6))
			tck = l4 + 6;
		else if (q.ip.proto == 6 && l4 + 18 <= end)
			tck = l4 + 16;
		else if (q.ip.proto == 58 && l4 + 4 <= end)
			tck = l4 + 2;
	}
	(void)rc;
	for (i = 0; i < 2; i++) {
		uint8_t *a = ip + (ver == 6 ? 8 : 12) + i * alen, ckold[2];
		int changed;

		memcpy(before, a, alen);
		/* Quoted source: the outer destination's role. */
		changed = i == 0 ? map_addr(r->dmap, r->ndmap, ver, a) ||
					   map_addr(r->smap, r->nsmap, ver, a)
				 : map_addr(r->smap, r->nsmap, ver, a) ||
					   map_addr(r->dmap, r->ndmap, ver, a);
		if (!changed)
			continue;
		fix(ick, icmp, end, before, a, alen);
		if (ver == 4) {
			memcpy(ckold, ip + 10, 2);
			fix(ip + 10, ip, end, before, a, alen);
			fix(ick, icmp, end, ckold, ip + 10, 2);
		}
		if (tck) {
			memcpy(ckold, tck, 2);
			fix(tck, ip, end, before, a, alen);
			fix(ick, icmp, end, ckold, tck, 2);
		}
	}
}

/* Rewrite one IP packet at ip (caplen up to end).  icmp is the ICMP
 * header when the decoder found one right behind this IP header. */
static void
rewrite_ip(struct replay *r, uint8_t *ip, const uint8_t *end,
	   const struct dec_pkt *d, uint8_t *icmp)
{
	int ver = d->ip.ver;
	size_t alen = ver == 6 ? 16 : 4, i;
	uint8_t *ick = icmp && icmp + 4 <= end ? icmp + 2 : NULL, before[16];

	for (i = 0; i < 2; i++) {
		uint8_t *a = ip + (ver == 6 ? 8 : 12) + i * alen;
		int changed;

		memcpy(before, a, alen);
		changed = i == 0 ? map_addr(r->smap, r->nsmap, ver, a)
				 : map_addr(r->dmap, r->ndmap, ver, a);
		if (!changed)
			continue;
		if (ver == 4)
			fix(ip + 10, ip, end, before, a, alen);
		else if (ick && d->icmp.ver == 6)
			fix(ick, icmp, end, before, a,
			    alen); /* pseudo-header */
	}
	if (r->have_ttl) {
		uint8_t *t = ip + (ver == 6 ? 7 : 8), w[2], nw[2];

		/* The TTL shares a checksum word with the protocol. */
		memcpy(w, ver == 6 ? t - 1 : t, 2);
		*t = (uint8_t)r->ttl;
		memcpy(nw, ver == 6 ? t - 1 : t, 2);
		if (ver == 4)
			fix(ip + 10, ip, end, w, nw, 2);
	}
	if (icmp && ick && dec_is_error(d->icmp.ver, d->icmp.type))
		rewrite_quote(r, icmp, end, ick);
}

static int
neighbour(struct replay *r, int ver, const uint8_t *dst, uint8_t mac[6],
	  char *errbuf)
{
	size_t alen = inj_family(ver)->alen;

	if (r->have_dst_mac) {
		memcpy(mac, r->dst_mac, 6);
		return 0;
	}
	if (r->nh_ver == ver && !memcmp(r->nh_ip, dst, alen)) {
		memcpy(mac, r->nh_mac, 6);
		return 0;
	}
	if (inj_neigh(ver, dst, r->iface, mac, errbuf) < 0)
		return -1;
	r->nh_ver = ver;
	memset(r->nh_ip, 0, 16);
	memcpy(r->nh_ip, dst, alen);
	memcpy(r->nh_mac, mac, 6);
	return 0;
}

/* Copy a record into slot, rewritten; returns its length or -1. */
static long
prepare(struct replay *r, uint8_t *slot, const struct pcap_pkthdr *h,
	const uint8_t *data, char *errbuf)
{
	struct dec_pkt d;
	uint8_t *frame = slot, *ip, *icmp = NULL;
	size_t len = h->caplen;
	int rc;

	memset(&d, 0, sizeof(d));
	d.caplen = h->caplen;
	d.wirelen = h->len;
	d.pkt = data;
	rc = dec_packet(r->dlt, &d);
	/* libpcap accepts records of up to 262144 bytes; a slot holds the
	 * largest IP packet and an Ethernet header, and no link sends more.
	 * Such a record is counted as failed, never written past a slot. */
	if (len + (r->dlt == DEC_DLT_EN10MB ? 0 : 14) > RP_SLOT) {
		r->toolong++;
		r->sk.failed++;
		return 0;
	}
	if (r->dlt == DEC_DLT_EN10MB) {
		memcpy(frame, data, len);
		if (r->have_dst_mac && len >= 6)
			memcpy(frame, r->dst_mac, 6);
		if (r->have_src_mac && len >= 12)
			memcpy(frame + 6, r->src_mac, 6);
		ip = d.ip.ver && d.ip_hdr == data + d.link.hdr_len
			     ? frame + d.link.hdr_len
			     : NULL;
	} else {
		/* Not Ethernet: the IP packet gets an Ethernet header built
		 * for the interface. */
		size_t iplen;

		if (!d.ip_hdr || (d.ip.ver != 4 && d.ip.ver != 6) ||
		    d.ip_hdr != data + d.link.hdr_len)
			return 0; /* nothing that can go on Ethernet */
		iplen = len - d.link.hdr_len;
		if (neighbour(r, d.ip.ver, d.ip.dst, frame, errbuf) < 0)
			return -1;
		memcpy(frame + 6, r->src_mac, 6);
		put16(frame + 12, inj_family(d.ip.ver)->ethertype);
		memcpy(frame + 14, d.ip_hdr, iplen);
		len = 14 + iplen;
		ip = frame + 14;
	}
	if (ip) {
		if (rc == DEC_ICMP && d.icmp.data)
			icmp = ip + (d.icmp.data - d.ip_hdr);
		rewrite_ip(r, ip, frame + len, &d, icmp);
	}
	return (long)len;
}

/* Send what is queued. */
static int
flush(struct replay *r, char *errbuf)
{
	int rc = inj_sock_send(&r->sk, r->iov, r->nbatch, errbuf);

	r->nbatch = 0;
	return rc;
}

static void
progress(struct replay *r, int final)
{
	int64_t now = cli_now_ns(CLOCK_MONOTONIC);
	double el = (double)(now - r->start_ns) / 1e9;
	long pos;

	if (r->quiet || !isatty(2) ||
	    (!final && now - r->last_progress < 250000000))
		return;
	r->last_progress = now;
	pos = ftell(pcap_file(r->p));
	fprintf(stderr, "\r%llu packets", r->sk.sent);
	if (r->file_size > 0 && pos >= 0)
		fprintf(stderr, " (%3.0f%%)",
			100.0 * (double)pos / (double)r->file_size);
	fprintf(stderr, ", %.0f packets/s   %s", el > 0 ? r->sk.sent / el : 0,
		final ? "\n" : "");
}

/* When a record is due: the --pps schedule by its number, else its
 * capture time's offset from the first record's, --multiplier times as
 * fast. */
static int64_t
record_due(struct replay *r, const struct pcap_pkthdr *h, uint64_t k,
	   int64_t *first_ts)
{
	int64_t ts = (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;

	if (*first_ts < 0)
		*first_ts = ts;
	return r->pps > 0 ? sched_at(&r->sc, k)
			  : sched_at_offset(&r->sc, ts - *first_ts);
}

/* Rewrite a record into the next slot; a full batch (or any packet when
 * it is timed) goes out. */
static int
queue(struct replay *r, const struct pcap_pkthdr *h, const u_char *data,
      char *errbuf)
{
	long len = prepare(r, r->slots + (size_t)r->nbatch * RP_SLOT, h, data,
			   errbuf);

	if (len <= 0)
		return (int)len;
	r->iov[r->nbatch].iov_len = (size_t)len;
	r->nbatch++;
	if (r->nbatch == RP_BATCH || !r->topspeed) {
		if (flush(r, errbuf) < 0)
			return -1;
		progress(r, 0);
	}
	return 0;
}

/* One pass over the file, on an absolute schedule from *clock0: a late
 * wake-up never makes the rest late. */
static int
play_once(struct replay *r, int64_t *clock0, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int64_t first_ts = -1, due = *clock0, now;
	uint64_t k = 0;
	int rc;

	if (r->pps > 0)
		sched_rate(&r->sc, *clock0, r->pps);
	else
		sched_offsets(&r->sc, *clock0, r->multiplier);
	while (!rp_stop && (!r->count || k < (uint64_t)r->count)) {
		rc = pcap_next_ex(r->p, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			break;
		if (rc < 0) {
			if (flush(r, errbuf) < 0)
				return -1;
			cli_err(errbuf,
				"%s: truncated capture after record "
				"%llu (those were sent): %s",
				r->file, r->done_records, pcap_geterr(r->p));
			return -1;
		}
		r->done_records++;
		if (r->have_prog && !pcap_offline_filter(&r->prog, h, data))
			continue;
		if (!r->topspeed) {
			due = record_due(r, h, k, &first_ts);
			if (due > cli_now_ns(CLOCK_MONOTONIC)) {
				if (flush(r, errbuf) < 0)
					return -1;
				sched_sleep_until(due);
			}
		}
		if (queue(r, h, data, errbuf) < 0)
			return -1;
		k++;
	}
	if (flush(r, errbuf) < 0)
		return -1;
	/* The next loop starts where this one's schedule ended. */
	now = cli_now_ns(CLOCK_MONOTONIC);
	*clock0 = !r->topspeed && due > now ? due : now;
	return 0;
}

static int
parse_args(struct replay *r, int argc, char **argv, char *errbuf)
{
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:i:c:qnh", replay_long,
				  NULL)) != -1) {

		switch (opt) {
		case 'i':
			r->iface = optarg;
			break;
		case 'c':
			if (cli_num(optarg, 1, INT64_MAX, "-c count", &r->count,
				    errbuf) < 0)
				return -1;
			break;
		case 'q':
			r->quiet = 1;
			break;
		case 'n': /* tcpdump habit: names are never resolved */
			break;
		case R_MULT:
			if (cli_decimal(optarg, 0, INFINITY, 1, "--multiplier",
					NULL, &r->multiplier, errbuf) < 0)
				return -1;
			break;
		case R_PPS:
			if (cli_decimal(optarg, 0, 1e9, 1, "--pps", NULL,
					&r->pps, errbuf) < 0)
				return -1;
			break;
		case R_TOP:
			r->topspeed = 1;
			break;
		case R_LOOP:
			if (cli_num(optarg, 0, INT64_MAX, "--loop", &r->loops,
				    errbuf) < 0)
				return -1;
			break;
		case R_DMAC:
		case R_SMAC:
			if (inj_parse_mac(optarg, opt == R_DMAC
							  ? r->dst_mac
							  : r->src_mac) < 0) {
				cli_err(errbuf, "%s '%s': not a MAC address",
					opt == R_DMAC ? "--dst-mac"
						      : "--src-mac",
					optarg);
				return -1;
			}
			if (opt == R_DMAC)
				r->have_dst_mac = 1;
			else
				r->have_src_mac = 1;
			break;
		case R_SIP:
		case R_DIP: {
			int *n = opt == R_SIP ? &r->nsmap : &r->ndmap;
			struct ipmap *m = opt == R_SIP ? r->smap : r->dmap;

			if (*n == RP_MAXMAP) {
				cli_err(errbuf, "at most %d maps per option",
					RP_MAXMAP);
				return -1;
			}
			if (parse_map(optarg,
				      opt == R_SIP ? "--src-ip" : "--dst-ip",
				      &m[*n], errbuf) < 0)
				return -1;
			(*n)++;
			break;
		}
		case R_TTL:
			if (cli_num(optarg, 0, 255, "--ttl", &r->ttl, errbuf) <
			    0)
				return -1;
			r->have_ttl = 1;
			break;
		case 'h':
		case R_HELP:
			usage_replay();
			return 1;
		default:
			cli_opt_error("replay", opt, argv, errbuf);
			return -1;
		}
	}
	if (!r->iface) {
		cli_err(errbuf, "replay: no interface; usage: icmpkit replay "
				"-i IFACE [options] FILE [FILTER...]");
		return -1;
	}
	if (optind >= argc) {
		cli_err(errbuf, "replay: no file; usage: icmpkit replay -i "
				"IFACE [options] FILE [FILTER...]");
		return -1;
	}
	if ((r->pps > 0) + (r->multiplier > 0) + r->topspeed > 1) {
		cli_err(errbuf, "--multiplier, --pps and --topspeed exclude "
				"each other");
		return -1;
	}
	r->file = argv[optind++];
	return 0;
}

/* Read the file from its start (again). */
static int
reopen(struct replay *r, char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	int fd = dup(r->file_fd);
	FILE *fp;

	if (r->p)
		pcap_close(r->p);
	r->p = NULL;
	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0 || !(fp = fdopen(fd, "rb"))) {
		cli_err(errbuf, "%s: %s", r->file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	r->p = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, perr);
	if (!r->p) {
		cli_err(errbuf, "%s: %s", r->file,
			cli_strip_name(perr, r->file));
		fclose(fp);
		return -1;
	}
	return 0;
}

static int
open_all(struct replay *r, char *filter, char *errbuf)
{
	struct stat st;
	int i;

	/* The file stays open (r->file_fd) so that --loop can read it again
	 * after the privileges are gone. */
	r->file_fd = open(r->file, O_RDONLY);
	if (r->file_fd < 0) {
		cli_err(errbuf, "%s: %s", r->file, strerror(errno));
		return -1;
	}
	if (reopen(r, errbuf) < 0)
		return -1;
	r->dlt = pcap_datalink(r->p);
	if (stat(r->file, &st) == 0)
		r->file_size = st.st_size;
	if (*filter) {
		if (pcap_compile(r->p, &r->prog, filter, 1,
				 PCAP_NETMASK_UNKNOWN) < 0) {
			cli_err(errbuf, "filter '%s': %s", filter,
				pcap_geterr(r->p));
			return -1;
		}
		r->have_prog = 1;
	}
	if (!if_nametoindex(r->iface)) {
		cli_err(errbuf,
			"%s: no such interface; icmpkit sniff -D lists "
			"them",
			r->iface);
		return -1;
	}
	if (!r->have_src_mac && inj_ifmac(r->iface, r->src_mac, errbuf) < 0)
		return -1;
	r->l = inj_libnet_open(LIBNET_LINK, r->iface, r->iface, errbuf);
	if (!r->l)
		return -1;
	inj_sock_link(&r->sk, libnet_getfd(r->l), r->iface, r->topspeed);
	r->sk.who = r->iface;
	r->slots = malloc((size_t)RP_SLOT * RP_BATCH);
	if (!r->slots) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	for (i = 0; i < RP_BATCH; i++)
		r->iov[i].iov_base = r->slots + (size_t)i * RP_SLOT;
	return 0;
}

static void
summary(struct replay *r)
{
	double el = (double)(cli_now_ns(CLOCK_MONOTONIC) - r->start_ns) / 1e9;
	const struct inj_sock *k = &r->sk;

	progress(r, 1);
	if (r->toolong)
		fprintf(stderr,
			"icmpkit: replay: %llu records longer than %d bytes "
			"not sent (counted as failed)\n",
			r->toolong, RP_SLOT);
	if (r->quiet)
		return;
	printf("%llu packets sent, %llu failed, %llu bytes, %.3f s, "
	       "%.0f packets/s, %.2f Mbit/s\n",
	       k->sent, k->failed, k->bytes, el,
	       el > 0 ? (double)k->sent / el : 0.0,
	       el > 0 ? (double)k->bytes * 8 / el / 1e6 : 0.0);
	fflush(stdout);
}

int
cmd_replay(int argc, char **argv, char *errbuf)
{
	struct replay *r = calloc(1, sizeof(*r));
	char filter[4096];
	struct sigaction sa;
	int64_t clock0;
	long long loop;
	int rc = 2, x;

	if (!r) {
		cli_err(errbuf, "memory: out of memory");
		return 2;
	}
	r->loops = 1;
	r->file_fd = -1;
	x = parse_args(r, argc, argv, errbuf);
	if (x) {
		rc = x > 0 ? 0 : 2;
		goto out;
	}
	if (r->multiplier <= 0)
		r->multiplier = 1;
	if (cli_join(argc - optind, argv + optind, filter, sizeof(filter),
		     errbuf) < 0 ||
	    open_all(r, filter, errbuf) < 0)
		goto out;
	/* The socket and the file are open: nothing more needs privileges. */
	if (priv_drop("nobody", errbuf) < 0)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_int;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r->start_ns = clock0 = cli_now_ns(CLOCK_MONOTONIC);
	for (loop = 0; !rp_stop && (!r->loops || loop < r->loops); loop++) {
		if (loop && reopen(r, errbuf) < 0)
			goto out;
		if (play_once(r, &clock0, errbuf) < 0)
			goto summary;
	}
	rc = 0;
summary:
	summary(r);
	if (rc == 0 && r->sk.failed && !r->sk.sent) {
		cli_err(errbuf, "%s: no packet could be sent", r->iface);
		rc = 2;
	} else if (rc != 0) {
		rc = 2;
	}
out:
	if (r->have_prog)
		pcap_freecode(&r->prog);
	if (r->p)
		pcap_close(r->p);
	if (r->l)
		libnet_destroy(r->l);
	if (r->file_fd >= 0)
		close(r->file_fd);
	free(r->slots);
	free(r);
	return rc;
}
