/* icmpkit replay: a capture back onto a link, with its timing, at a
 * multiple of it, at a fixed rate or as fast as possible, rewriting MACs,
 * addresses (also inside the datagram an ICMP error quotes) and TTLs on
 * the way.  Checksums are fixed incrementally (RFC 1624), so a checksum
 * that was wrong in the capture stays wrong by the same amount.
 *
 * The decoder says where the headers are; frames go out through libnet's
 * PF_PACKET socket, in batches with the sender of tx.c from a fixed set
 * of buffers (no allocation per packet), on an absolute schedule: each
 * packet's time is computed from the start (never from the previous
 * packet's), in double precision and clamped, so that no capture
 * timestamp and no rate can overflow it.  Several files play in order,
 * --loop times over all of them. */
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
#include "../cli/sig.h"
#include "../cli/opt.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../decode/cursor.h"
#include "../decode/dec.h"
#include "../commands.h"
#include "family.h"
#include "inj.h"
#include "rewrite.h"
#include "sched.h"
#include "tx.h"

#define RP_BATCH INJ_BATCH
#define RP_SLOT	 65600 /* the largest record plus a built Ethernet header */
/* The latest a packet is ever due after its pass starts (about 31
 * years): a start from CLOCK_MONOTONIC plus this cannot overflow. */
#define RP_FAR_NS 1e18

/* One input file: opened (and its filter compiled) before the drop, read
 * again from its start on every loop. */
struct rp_file {
	const char *name;
	int fd, dlt, have_prog;
	long long size;
	struct bpf_program prog;
};

struct replay {
	/* Options. */
	const char *iface;
	long long count, loops;
	double multiplier, pps, mbps, duration;
	int topspeed, quiet, have_dst_mac, have_src_mac, engine;
	const char *engine_arg;
	uint8_t dst_mac[6], src_mac[6];
	struct rw_maps rw;
	/* State. */
	struct rp_file *files, *f; /* all, and the one playing */
	int nfiles;
	pcap_t *p;
	int dlt;
	libnet_t *l;
	struct inj_sock sk;
	uint8_t *slots;
	struct iovec iov[RP_BATCH];
	int nbatch;
	uint8_t nh_ip[16], nh_mac[6]; /* neighbour cache: one entry */
	int nh_ver;
	unsigned long long done_records;
	unsigned long long toolong; /* records no slot can hold: not sent */
	/* --pps and --mbps: one schedule for the whole run, so that the gap
	 * is kept across loops and files; packets and bytes queued so far. */
	unsigned long long paced, paced_bytes;
	int64_t start_ns, deadline, last_progress;
};

void
usage_replay(void)
{
	fputs("usage: icmpkit replay -i IFACE [options] FILE... [--] "
	      "[FILTER...]\n"
	      "  put pcap/pcapng captures back onto a link, in order\n"
	      "  -i IFACE          interface to send on\n"
	      "  -c N              send at most N records (per file and "
	      "loop)\n"
	      "  -x, --multiplier X  X times the original speed (default 1;\n"
	      "                    0.001 to 1000000)\n"
	      "  -p, --pps N       N packets per second (0.001 to 1e9)\n"
	      "  --mbps N          N megabits per second (0.001 to 1000000)\n"
	      "  -t, --topspeed    as fast as possible\n"
	      "  --engine auto|xdp|ring|mmsg  AF_XDP, a PACKET_TX_RING or "
	      "sendmmsg\n"
	      "                    (auto: xdp, else the ring, with "
	      "--topspeed)\n"
	      "  -l, --loop N      play the files N times (0 = until "
	      "interrupted)\n"
	      "  --duration S      stop after S seconds\n"
	      "  -K                accepted for tcpreplay, no effect\n"
	      "  --dst-mac MAC, --src-mac MAC   rewrite Ethernet addresses\n"
	      "  --src-ip OLD=NEW, --dst-ip OLD=NEW   rewrite addresses or "
	      "prefixes\n"
	      "                    (v4 or v6, CIDR; repeatable; quoted "
	      "datagrams too)\n"
	      "  --ttl N           set the TTL / hop limit\n"
	      "  -q                no progress line and no summary\n"
	      "  FILE...           the captures; operands after the first "
	      "that name\n"
	      "                    existing files are captures too, '--' "
	      "ends them\n"
	      "  FILTER            BPF expression choosing the records\n",
	      stdout);
}

enum {
	R_MULT = 0x400,
	R_PPS,
	R_TOP,
	R_ENGINE,
	R_LOOP,
	R_DMAC,
	R_SMAC,
	R_SIP,
	R_DIP,
	R_TTL,
	R_MBPS,
	R_DUR,
	R_HELP,
};

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
	uint8_t *frame = slot, *ip;
	size_t len = h->caplen;

	memset(&d, 0, sizeof(d));
	d.caplen = h->caplen;
	d.wirelen = h->len;
	d.pkt = data;
	dec_packet(r->dlt, &d);
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
		wr_be16(frame + 12, inj_family(d.ip.ver)->ethertype);
		memcpy(frame + 14, d.ip_hdr, iplen);
		len = 14 + iplen;
		ip = frame + 14;
	}
	if (ip)
		rw_packet(&r->rw, ip, (size_t)(frame + len - ip), &d);
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
	pos = r->p ? ftell(pcap_file(r->p)) : -1;
	fprintf(stderr, "\r%llu packets", r->sk.sent);
	if (r->f && r->f->size > 0 && pos >= 0)
		fprintf(stderr, " (%3.0f%%)",
			100.0 * (double)pos / (double)r->f->size);
	fprintf(stderr, ", %.0f packets/s   %s", el > 0 ? r->sk.sent / el : 0,
		final ? "\n" : "");
}

/* A record's capture time in ns, saturated: a pcapng file may carry
 * seconds far beyond what int64 nanoseconds hold. */
static int64_t
record_ns(const struct pcap_pkthdr *h)
{
	int64_t sec = (int64_t)h->ts.tv_sec;

	if (sec >= INT64_MAX / 1000000000 - 1)
		return INT64_MAX;
	if (sec <= INT64_MIN / 1000000000 + 1)
		return INT64_MIN;
	return sec * 1000000000 + h->ts.tv_usec;
}

/* base + off_ns, off_ns clamped to [0, RP_FAR_NS] (NaN as 0). */
static int64_t
clamp_at(int64_t base, double off_ns)
{
	if (!(off_ns > 0))
		return base;
	return base + (int64_t)(off_ns < RP_FAR_NS ? off_ns : RP_FAR_NS);
}

/* When a record is due: --pps by its number in the run, --mbps by the
 * bytes before it, else its capture time's offset from the first record
 * of this pass (pass_ts), --multiplier times as fast, from pass0. */
static int64_t
record_due(struct replay *r, const struct pcap_pkthdr *h, int64_t pass0,
	   int64_t *pass_ts, int *have_ts)
{
	int64_t ts = record_ns(h), off;

	if (r->pps > 0)
		return clamp_at(r->start_ns, (double)r->paced * 1e9 / r->pps);
	if (r->mbps > 0)
		return clamp_at(r->start_ns,
				(double)r->paced_bytes * 8e3 / r->mbps);
	if (!*have_ts) {
		*pass_ts = ts;
		*have_ts = 1;
	}
	if (__builtin_sub_overflow(ts, *pass_ts, &off))
		off = ts > *pass_ts ? INT64_MAX : INT64_MIN;
	return clamp_at(pass0, (double)off / r->multiplier);
}

/* Sleeps until due; 1 when the replay ends first: a signal, or
 * --duration running out before due (the pending packet is not sent). */
static int
wait_due(struct replay *r, int64_t due)
{
	int64_t until = r->deadline && r->deadline < due ? r->deadline : due;

	while (!sig_stopped && cli_now_ns(CLOCK_MONOTONIC) < until)
		sched_sleep_until(until);
	return sig_stopped || until < due;
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
	r->paced++;
	r->paced_bytes += (unsigned long long)len;
	if (r->nbatch == RP_BATCH || !r->topspeed) {
		if (flush(r, errbuf) < 0)
			return -1;
		progress(r, 0);
	}
	return 0;
}

/* The next record of the pass that the filter takes: 1, 0 at the end,
 * -1 on a cut file (what was queued is sent first). */
static int
next_record(struct replay *r, struct pcap_pkthdr **h, const u_char **data,
	    char *errbuf)
{
	int rc;

	for (;;) {
		rc = pcap_next_ex(r->p, h, data);
		if (rc == PCAP_ERROR_BREAK)
			return 0;
		if (rc < 0) {
			if (flush(r, errbuf) < 0)
				return -1;
			cli_err(errbuf,
				"%s: truncated capture after record "
				"%llu (those were sent): %s",
				r->f->name, r->done_records, pcap_geterr(r->p));
			return -1;
		}
		r->done_records++;
		if (!r->f->have_prog ||
		    pcap_offline_filter(&r->f->prog, *h, *data))
			return 1;
	}
}

/* One pass over the current file, on an absolute schedule from *clock0:
 * a late wake-up never makes the rest late. */
static int
play_once(struct replay *r, int64_t *clock0, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int64_t pass_ts = 0, due = *clock0, now;
	int have_ts = 0, rc;
	uint64_t k = 0;

	r->done_records = 0;
	while (!sig_stopped && (!r->count || k < (uint64_t)r->count)) {
		rc = next_record(r, &h, &data, errbuf);
		if (rc <= 0) {
			if (rc < 0)
				return -1;
			break;
		}
		if (!r->topspeed) {
			due = record_due(r, h, *clock0, &pass_ts, &have_ts);
			if (due > cli_now_ns(CLOCK_MONOTONIC) &&
			    (flush(r, errbuf) < 0 || wait_due(r, due)))
				break;
		} else if (r->deadline &&
			   cli_now_ns(CLOCK_MONOTONIC) >= r->deadline) {
			break;
		}
		if (queue(r, h, data, errbuf) < 0)
			return -1;
		k++;
	}
	if (flush(r, errbuf) < 0)
		return -1;
	/* The next pass starts where this one's schedule ended. */
	now = cli_now_ns(CLOCK_MONOTONIC);
	*clock0 = !r->topspeed && due > now ? due : now;
	if (r->deadline && now >= r->deadline)
		sig_stopped = SIGALRM; /* --duration: as if a timer rang */
	return 0;
}

static int
set_mac(uint8_t mac[6], int *have, const char *what, const char *arg,
	char *errbuf)
{
	if (inj_parse_mac(arg, mac) < 0) {
		cli_err(errbuf, "%s '%s': not a MAC address", what, arg);
		return -1;
	}
	*have = 1;
	return 0;
}

static int
opt_dst_mac(void *st, const char *arg, char *errbuf)
{
	struct replay *r = st;

	return set_mac(r->dst_mac, &r->have_dst_mac, "--dst-mac", arg, errbuf);
}

static int
opt_src_mac(void *st, const char *arg, char *errbuf)
{
	struct replay *r = st;

	return set_mac(r->src_mac, &r->have_src_mac, "--src-mac", arg, errbuf);
}

static int
opt_src_ip(void *st, const char *arg, char *errbuf)
{
	return rw_parse_map(&((struct replay *)st)->rw, 0, arg, errbuf);
}

static int
opt_dst_ip(void *st, const char *arg, char *errbuf)
{
	return rw_parse_map(&((struct replay *)st)->rw, 1, arg, errbuf);
}

#define R_ROW(f) OPT_AT(struct replay, f)

/* The ranges keep every schedule finite: at --pps 0.001 a packet is due
 * every 1000 s, --mbps 0.001 is 125 bytes/s; times are computed in
 * double and clamped to RP_FAR_NS in any case. */
static const struct opt replay_opts[] = {
	{'i', .kind = OPT_STR, R_ROW(iface)},
	{'c', .kind = OPT_NUM, R_ROW(count), .min = 1, .max = INT64_MAX,
	 .what = "-c count"},
	{'q', .kind = OPT_SET, R_ROW(quiet), .set = 1},
	{'n', .kind = OPT_NONE}, /* tcpdump habit: names are never resolved */
	{'K', .kind = OPT_NONE}, /* tcpreplay's preload: files are read as
				  * they play, from the page cache */
	{'h', .kind = OPT_STOP, .stop = usage_replay},
	{'x', "multiplier", R_MULT, OPT_DEC, R_ROW(multiplier), .dmin = 0.001,
	 .dmax = 1e6, .what = "--multiplier"},
	{'p', "pps", R_PPS, OPT_DEC, R_ROW(pps), .dmin = 0.001, .dmax = 1e9,
	 .what = "--pps"},
	{0, "mbps", R_MBPS, OPT_DEC, R_ROW(mbps), .dmin = 0.001, .dmax = 1e6,
	 .what = "--mbps"},
	{'t', "topspeed", R_TOP, OPT_SET, R_ROW(topspeed), .set = 1},
	{0, "engine", R_ENGINE, OPT_STR, R_ROW(engine_arg)},
	{'l', "loop", R_LOOP, OPT_NUM, R_ROW(loops), .min = 0, .max = INT64_MAX,
	 .what = "--loop"},
	{0, "duration", R_DUR, OPT_DEC, R_ROW(duration), .dmin = 0, .dmax = 1e9,
	 .min_open = 1, .what = "--duration", .unit = "seconds"},
	{0, "dst-mac", R_DMAC, OPT_CALL, .arg = 1, .call = opt_dst_mac},
	{0, "src-mac", R_SMAC, OPT_CALL, .arg = 1, .call = opt_src_mac},
	{0, "src-ip", R_SIP, OPT_CALL, .arg = 1, .call = opt_src_ip},
	{0, "dst-ip", R_DIP, OPT_CALL, .arg = 1, .call = opt_dst_ip},
	{0, "ttl", R_TTL, OPT_NUM, R_ROW(rw.ttl),
	 OPT_SEEN(struct replay, rw.have_ttl), .min = 0, .max = 255,
	 .what = "--ttl"},
	{0, "help", R_HELP, OPT_STOP, .stop = usage_replay},
	{0},
};

/* FILE...: the first operand, then every one naming an existing file,
 * up to "--" or the first that does not; optind is left at FILTER. */
static int
take_files(struct replay *r, int argc, char **argv, char *errbuf)
{
	struct stat st;
	int i;

	r->files = calloc((size_t)(argc - optind), sizeof(*r->files));
	if (!r->files) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	for (i = optind; i < argc; i++) {
		if (i == opt_dashdash)
			break; /* the filter: after "--" */
		if (i > optind &&
		    (stat(argv[i], &st) < 0 || S_ISDIR(st.st_mode)))
			break;
		r->files[r->nfiles].name = argv[i];
		r->files[r->nfiles++].fd = -1;
	}
	optind = i;
	return 0;
}

static int
parse_args(struct replay *r, int argc, char **argv, char *errbuf)
{
	int x = opt_parse_one("replay", replay_opts, r, argc, argv, errbuf);

	if (x)
		return x;
	if (!r->iface) {
		cli_err(errbuf, "replay: no interface; usage: icmpkit replay "
				"-i IFACE [options] FILE... [FILTER...]");
		return -1;
	}
	if (optind >= argc || optind == opt_dashdash) {
		cli_err(errbuf, "replay: no file; usage: icmpkit replay -i "
				"IFACE [options] FILE... [FILTER...]");
		return -1;
	}
	if ((r->pps > 0) + (r->multiplier > 0) + (r->mbps > 0) + r->topspeed >
	    1) {
		cli_err(errbuf, "--multiplier, --pps, --mbps and --topspeed "
				"exclude each other");
		return -1;
	}
	if (take_files(r, argc, argv, errbuf) < 0)
		return -1;
	return r->engine_arg
		       ? inj_engine_parse(r->engine_arg, &r->engine, errbuf)
		       : 0;
}

/* Read file f from its start (again). */
static int
reopen(struct replay *r, struct rp_file *f, char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	int fd = dup(f->fd);
	FILE *fp;

	if (r->p)
		pcap_close(r->p);
	r->p = NULL;
	r->f = f;
	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0 || !(fp = fdopen(fd, "rb"))) {
		cli_err(errbuf, "%s: %s", f->name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	r->p = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, perr);
	if (!r->p) {
		cli_err(errbuf, "%s: %s", f->name,
			cli_strip_name(perr, f->name));
		fclose(fp);
		return -1;
	}
	r->dlt = pcap_datalink(r->p);
	return 0;
}

/* Open a file, refuse a link type nothing can be sent from, compile the
 * filter for it.  The file stays open (f->fd) so that every loop can
 * read it again after the privileges are gone. */
static int
open_file(struct replay *r, struct rp_file *f, const char *filter, char *errbuf)
{
	const char *name;
	struct stat st;

	f->fd = open(f->name, O_RDONLY);
	if (f->fd < 0) {
		cli_err(errbuf, "%s: %s", f->name, strerror(errno));
		return -1;
	}
	if (reopen(r, f, errbuf) < 0)
		return -1;
	f->dlt = r->dlt;
	if (!dec_dlt_known(f->dlt)) {
		name = pcap_datalink_val_to_name(f->dlt);
		cli_err(errbuf,
			"%s: link type %d (%s) cannot be replayed; replay "
			"takes Ethernet, Linux cooked, raw IP, NULL/LOOP, "
			"PPP and SLIP captures",
			f->name, f->dlt, name ? name : "unknown");
		return -1;
	}
	if (fstat(f->fd, &st) == 0)
		f->size = st.st_size;
	if (*filter) {
		if (pcap_compile(r->p, &f->prog, filter, 1,
				 PCAP_NETMASK_UNKNOWN) < 0) {
			cli_err(errbuf, "filter '%s': %s", filter,
				pcap_geterr(r->p));
			return -1;
		}
		f->have_prog = 1;
	}
	return 0;
}

static int
open_all(struct replay *r, const char *filter, char *errbuf)
{
	int i;

	for (i = 0; i < r->nfiles; i++)
		if (open_file(r, &r->files[i], filter, errbuf) < 0)
			return -1;
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
	if (inj_sock_engine(&r->sk, r->iface, r->engine, r->topspeed,
			    r->topspeed, errbuf) < 0)
		return -1;
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
	       "%.0f packets/s, %.2f Mbit/s, engine %s\n",
	       k->sent, k->failed, k->bytes, el,
	       el > 0 ? (double)k->sent / el : 0.0,
	       el > 0 ? (double)k->bytes * 8 / el / 1e6 : 0.0,
	       inj_engine_name(k));
	fflush(stdout);
}

/* Every file, --loop times (0: until a signal or --duration). */
static int
play_all(struct replay *r, char *errbuf)
{
	int64_t clock0 = r->start_ns;
	long long loop;
	int i;

	for (loop = 0; !sig_stopped && (!r->loops || loop < r->loops); loop++)
		for (i = 0; i < r->nfiles && !sig_stopped; i++)
			if (reopen(r, &r->files[i], errbuf) < 0 ||
			    play_once(r, &clock0, errbuf) < 0)
				return -1;
	return 0;
}

static void
rp_free(struct replay *r)
{
	int i;

	for (i = 0; i < r->nfiles; i++) {
		if (r->files[i].have_prog)
			pcap_freecode(&r->files[i].prog);
		if (r->files[i].fd >= 0)
			close(r->files[i].fd);
	}
	if (r->p)
		pcap_close(r->p);
	inj_sock_close(&r->sk);
	if (r->l)
		libnet_destroy(r->l);
	free(r->files);
	free(r->slots);
	free(r);
}

int
cmd_replay(int argc, char **argv, char *errbuf)
{
	struct replay *r = calloc(1, sizeof(*r));
	char filter[4096];
	int rc = 2, x;

	if (!r) {
		cli_err(errbuf, "memory: out of memory");
		return 2;
	}
	r->loops = 1;
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
	/* The socket and the files are open: nothing more needs privileges. */
	if (priv_drop("nobody", errbuf) < 0 ||
	    sandbox_enter("replay", errbuf) < 0)
		goto out;
	sig_stop_install(sig_on_stop); /* SIGINT, TERM, HUP, PIPE */
	r->start_ns = cli_now_ns(CLOCK_MONOTONIC);
	if (r->duration > 0)
		r->deadline = r->start_ns + (int64_t)(r->duration * 1e9);
	rc = play_all(r, errbuf) < 0 ? 2 : 0;
	summary(r);
	if (rc == 0 && r->sk.failed && !r->sk.sent) {
		cli_err(errbuf, "%s: no packet could be sent", r->iface);
		rc = 2;
	}
out:
	rp_free(r);
	return rc;
}
