/* icmpkit ping: echo requests built with libnet (tx.c), replies and the
 * outgoing copies of the requests read with libpcap on the egress
 * interface, so that an RTT is the difference of two kernel capture
 * timestamps rather than of two gettimeofday() calls around system calls.
 * Output, options and exit codes follow iputils ping. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/opt.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../cli/sig.h"
#include "../decode/print.h"
#include "../decode/reasm.h"
#include "../decode/track.h"
#include "../commands.h"
#include "capt.h"
#include "family.h"
#include "inj.h"
#include "pace.h"
#include "payload.h"
#include "psock.h"
#include "tx.h"

#define NSLOT	     65536
#define FLOOD_GAP_NS 10000000LL /* -f: next probe after 10 ms at most */

struct probe {
	int64_t sent_ns; /* CLOCK_REALTIME when handed to the kernel */
	int64_t cap_ns;	 /* capture time of the outgoing copy, 0 = unseen */
	uint64_t num;	 /* probe number + 1; 0 = never sent */
	uint16_t replies;
	uint8_t error;
};

/* A second sender for -l N >= 2 on a machine with two or more CPUs.  The
 * kernel does each probe's round trip (our capture of the outgoing copy,
 * the path to the peer, its reply and our capture of it) in the softirq
 * of the CPU that sent the probe, so that work is what limits a
 * preloaded flood.  Half of each batch is handed to this thread and sent
 * from another CPU.  The main thread keeps every piece of bookkeeping:
 * the helper only patches and sends probes k0 .. k0+n-1. */
struct ping_helper {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct inj_tx tx;     /* a copy of the main one */
	struct inj_sock sk;   /* the same socket, its own counts */
	struct inj_sock fast; /* the same fast socket, its own counts */
	uint8_t *bufs;
	uint64_t k0;
	int n, whole, quit;   /* whole: the batch goes on the fast socket */
	atomic_int busy;      /* a batch is handed over and not yet sent */
	atomic_int sleeping;  /* waiting on cv: a hand-over must signal */
	atomic_int failed;    /* no packet can go: err says why */
	atomic_llong done_ns; /* CLOCK_MONOTONIC when its last batch went */
	char err[CLI_ERRBUF];
};

struct ping {
	/* Options. */
	const char *host, *iface, *pattern;
	int ver_req, quiet, flood, json, histogram, tsmode, print_time;
	int pmtu;	 /* -M: PS_WANT (default), PS_DO, PS_DONT, PS_PROBE */
	int bcast;	 /* -b: broadcast allowed */
	int src_given;	 /* -I ADDRESS */
	int dgram;	 /* no raw sockets: an ICMP datagram socket */
	int anyfrom;	 /* multicast or broadcast: replies from anyone,
			  * no "(DUP!)" (iputils without -v) */
	int mcast;	 /* multicast */
	int on_lo;	 /* the packet at hand came from the lo capture */
	const char *dev; /* the interface to bind to: -I IFACE, or %IFACE */
	long long count, size, preload;
	double interval, timeout, deadline;
	int have_interval;
	/* Handles. */
	struct inj_pkt pkt;
	const struct inj_family *fam;
	struct inj_tx tx;   /* the template (a dry libnet context) */
	struct inj_sock sk; /* the kernel socket the probes go out on */
	/* Floods of probes within the path MTU go out whole on a socket
	 * whose IP header is ours (ps_fast_open), until an error says the
	 * path MTU went down: fast_on. */
	struct inj_sock fast;
	int fast_on;
	uint8_t *bufs;
	struct inj_capt *p;
	struct inj_capt
		*lo; /* multicast HOST: our own answer comes back over lo */
	char ifname[IF_NAMESIZE];
	char addr[INET6_ADDRSTRLEN];
	/* State. */
	struct probe *pr;
	uint64_t ntx, nrx, ndup, nerr, nreorder, answered;
	/* The highest probe number answered (by a reply or an error): as in
	 * iputils, only probes sent after it count as in flight, so lost
	 * ones do not hold a flood back. */
	uint64_t acked;
	/* When the latest-sent probe answered so far left (its outgoing
	 * copy's capture time, else its send time): a reply to a probe that
	 * left before it came back out of order. */
	int64_t max_left_ns;
	int saw_out, warned;
	int64_t start_ns, last_send_ns;
	struct pace pace;
	struct trk_stats *st;
	struct ping_helper *h; /* NULL: one sender */
	struct rsm *rsm;       /* fragmented replies put back together */
	uint8_t rx[65536];     /* a reply read from the datagram socket */
	double ewma;
	struct obuf ob;
	char obmem[1 << 16];
};

static volatile sig_atomic_t ping_stop, ping_status;

static void
on_sig(int sig)
{
	if (sig == SIGQUIT)
		ping_status = 1;
	else
		ping_stop = 1;
}

void
usage_ping(void)
{
	fputs("usage: icmpkit ping [options] HOST\n"
	      "  echo requests built with libnet, replies captured with "
	      "libpcap:\n"
	      "  RTTs from kernel capture timestamps of request and reply\n"
	      "  -4, -6        IPv4 / IPv6\n"
	      "  -c N          stop after N probes\n"
	      "  -i SECONDS    interval (default 1; below 0.002 root only)\n"
	      "  -s SIZE       payload bytes (default 56)\n"
	      "  -t TTL        time to live / hop limit\n"
	      "  -Q TOS        type of service / traffic class\n"
	      "  -M want|do|dont|probe\n"
	      "                Path MTU discovery: want (default) sets DF and\n"
	      "                fragments beyond the known PMTU, do never\n"
	      "                fragments, dont clears DF, probe ignores the "
	      "PMTU\n"
	      "  -p HEX        payload pattern after the timestamp\n"
	      "  -I IFACE|ADDR interface (default: the route's), or source "
	      "address\n"
	      "  -b            allow pinging a broadcast address\n"
	      "  -W SECONDS    wait if nothing is answered (default 10)\n"
	      "  -w SECONDS    deadline (with -c: until N answered)\n"
	      "  -f            flood: next probe on reply or after 10 ms\n"
	      "  -l N          preload: N probes in flight\n"
	      "  -q            summary only\n"
	      "  -D            print timestamps\n"
	      "  -j, --json    a JSON object per probe and a summary object\n"
	      "  --histogram   draw an RTT histogram at the end\n"
	      "  --timestamp   ICMP timestamp requests: RTT and clock offset\n"
	      "Exit: 0 if any reply, 1 if none, 2 on error.\n",
	      stdout);
}

enum { P_JSON = 0x300, P_HIST, P_TS, P_HELP };

static int
opt_pmtu(void *st, const char *arg, char *errbuf)
{
	int m = ps_mode(arg);

	if (m < 0) {
		cli_err(errbuf, "-M '%s': use want, do, dont or probe", arg);
		return -1;
	}
	((struct ping *)st)->pmtu = m;
	return 0;
}

#define G_ROW(f) OPT_AT(struct ping, f)
#define G_SECS(f, w, max)                                                      \
	OPT_DEC, G_ROW(f), .dmin = 0, .dmax = max, .what = w, .unit = "seconds"

static const struct opt ping_opts[] = {
	{'4', .kind = OPT_SET, G_ROW(ver_req), .set = 4},
	{'6', .kind = OPT_SET, G_ROW(ver_req), .set = 6},
	{'c', .kind = OPT_NUM, G_ROW(count), .min = 1, .max = INT64_MAX,
	 .what = "-c count"},
	{'i', .kind = G_SECS(interval, "-i interval", 86400),
	 OPT_SEEN(struct ping, have_interval)},
	{'s', .kind = OPT_NUM, G_ROW(size), .min = 0, .max = 65507,
	 .what = "-s size"},
	{'t', .kind = OPT_NUM, G_ROW(pkt.ttl), .min = 1, .max = 255,
	 .what = "-t ttl"},
	{'Q', .kind = OPT_NUM, G_ROW(pkt.tos), .base = OPT_ANY_BASE, .min = 0,
	 .max = 255, .what = "-Q tos"},
	{'M', .kind = OPT_CALL, .arg = 1, .call = opt_pmtu},
	{'p', .kind = OPT_STR, G_ROW(pattern)},
	{'I', .kind = OPT_STR, G_ROW(iface)},
	{'W', .kind = G_SECS(timeout, "-W timeout", 86400)},
	{'w', .kind = G_SECS(deadline, "-w deadline", 31536000)},
	{'f', .kind = OPT_SET, G_ROW(flood), .set = 1},
	{'b', .kind = OPT_SET, G_ROW(bcast), .set = 1},
	{'l', .kind = OPT_NUM, G_ROW(preload), .min = 1, .max = 65536,
	 .what = "-l preload"},
	{'q', .kind = OPT_SET, G_ROW(quiet), .set = 1},
	{'D', .kind = OPT_SET, G_ROW(print_time), .set = 1},
	{'j', "json", .kind = OPT_SET, G_ROW(json), .set = 1},
	{'n', .kind = OPT_NONE}, /* iputils: numeric output, all we print */
	{'h', .kind = OPT_STOP, .stop = usage_ping},
	{0, "histogram", P_HIST, OPT_SET, G_ROW(histogram), .set = 1},
	{0, "timestamp", P_TS, OPT_SET, G_ROW(tsmode), .set = 1},
	{0, "help", P_HELP, OPT_STOP, .stop = usage_ping},
	{0},
};

static int
parse_args(struct ping *g, int argc, char **argv, char *errbuf)
{
	int r = opt_parse_one("ping", ping_opts, g, argc, argv, errbuf);

	if (r || opt_host("ping", argc, argv, &g->host, errbuf) < 0)
		return r ? r : -1;
	/* iputils: more than 3 preloaded only for the superuser. */
	if (getuid() != 0 && g->preload > 3) {
		cli_err(errbuf, "-l %lld: more than 3 is for root only",
			g->preload);
		return -1;
	}
	/* iputils: below 2 ms only for the superuser (a flood too). */
	if (getuid() != 0 &&
	    ((g->have_interval && g->interval < 0.002) || g->flood)) {
		cli_err(errbuf,
			"-i %g: intervals below 0.002 s (and -f) are "
			"for root only",
			g->interval);
		return -1;
	}
	return 0;
}

/* The payload: the send time (a struct timeval, filled per probe) then
 * the -p pattern repeated, or bytes i = i as iputils. */
static int
make_payload(struct ping *g, char *errbuf)
{
	uint8_t pat[16];
	size_t plen = 0, n = (size_t)g->size;

	if (inj_payload_check(g->pkt.ver, n, errbuf) < 0)
		return -1;
	if (g->pattern &&
	    cli_hex(g->pattern, sizeof(pat), "-p", pat, &plen, errbuf) < 0)
		return -1;
	if (inj_payload(&g->pkt, n, pat, plen, n >= 16 ? 16 : 0, errbuf) < 0)
		return -1;
	g->pkt.stamp = n >= 16;
	return 0;
}

static int
open_capture(struct ping *g, char *errbuf)
{
	char f[256];
	int snap = INJ_CAPT_SNAP, longrun;

	/* Our id in requests and replies; errors quote it deeper, so every
	 * error type passes and the decoder looks at the quote. */
	snprintf(f, sizeof(f), "%s%u%s", g->fam->filter_head, g->pkt.id,
		 g->fam->filter_tail);
	/* Large probes: their replies may come in fragments, which are
	 * reassembled whole (the headers are enough otherwise). */
	if (g->tx.tlen > INJ_CAPT_SNAP - 64) {
		g->rsm = calloc(1, sizeof(*g->rsm));
		if (!g->rsm) {
			cli_err(errbuf, "memory: out of memory");
			return -1;
		}
		rsm_init(g->rsm, 0);
		snap = 9216; /* fragments are at most a jumbo frame */
	}
	/* Long runs read the capture through a receive ring. */
	longrun = g->flood || g->preload > 1 || !g->count ||
		  g->count >= INJ_RING_MIN;
	g->p = inj_capt_open(g->ifname, f, snap, longrun, errbuf);
	if (!g->p)
		return -1;
	/* The host answers its own broadcast or multicast probe too, over lo
	 * (iputils lists that reply): a second capture there, v4 and v6. */
	if (g->anyfrom && strcmp(g->ifname, "lo")) {
		g->lo = inj_capt_open("lo", f, snap, 0, errbuf);
		if (!g->lo)
			return -1;
	}
	return 0;
}

static void
print_prefix(struct ping *g, int64_t ts)
{
	if (g->print_time) {
		char b[40];

		snprintf(b, sizeof(b), "[%lld.%06lld] ",
			 (long long)(ts / 1000000000),
			 (long long)(ts % 1000000000 / 1000));
		ob_str(&g->ob, b);
	}
}

/* iputils' words for the errors that can come back about a probe. */
static const char *
error_text(const struct dec_icmp *m, char *buf, size_t n)
{
	static const char *const unreach4[] = {
		"Destination Net Unreachable",
		"Destination Host Unreachable",
		"Destination Protocol Unreachable",
		"Destination Port Unreachable",
		NULL,
		"Source Route Failed",
		"Destination Net Unknown",
		"Destination Host Unknown",
		"Source Host Isolated",
		"Destination Net Prohibited",
		"Destination Host Prohibited",
		"Destination Net Unreachable for Type of Service",
		"Destination Host Unreachable for Type of Service",
		"Packet filtered",
		"Precedence Violation",
		"Precedence Cutoff",
	};
	static const char *const unreach6[] = {
		"No route",
		"Administratively prohibited",
		"Beyond scope of source address",
		"Address unreachable",
		"Port unreachable",
		"Source address failed ingress/egress policy",
		"Reject route to destination",
		"Error in source routing header",
	};

	if (m->ver == 4) {
		switch (m->type) {
		case 3:
			if (m->code == 4)
				snprintf(buf, n,
					 "Frag needed and DF set (mtu = %u)",
					 m->mtu);
			else if (m->code < 16)
				snprintf(buf, n, "%s", unreach4[m->code]);
			else
				snprintf(buf, n,
					 "Dest Unreachable, Bad Code: %d",
					 m->code);
			return buf;
		case 11:
			return m->code ? "Frag reassembly time exceeded"
				       : "Time to live exceeded";
		case 12:
			snprintf(buf, n, "Parameter problem: pointer = %u",
				 m->pointer);
			return buf;
		case 4:
			return "Source Quench";
		default:
			return "Redirect";
		}
	}
	switch (m->type) {
	case 1:
		snprintf(buf, n, "Destination unreachable: %s",
			 m->code < 8 ? unreach6[m->code] : "Unknown code");
		return buf;
	case 2:
		snprintf(buf, n, "Packet too big: mtu=%u", m->mtu);
		return buf;
	case 3:
		return m->code ? "Time exceeded: Defragmentation failure"
			       : "Time exceeded: Hop limit";
	default:
		snprintf(buf, n, "Parameter problem: pointer %u", m->pointer);
		return buf;
	}
}

static struct probe *
probe_of(struct ping *g, uint16_t seq)
{
	struct probe *p = &g->pr[seq];

	return p->num ? p : NULL;
}

/* The counts a reply changes; returns whether it is a duplicate. */
static int
count_reply(struct ping *g, struct probe *p, int64_t left, int64_t rtt)
{
	if (p->replies++ > 0) {
		g->ndup++;
		return 1;
	}
	g->nrx++;
	if (!p->error)
		g->answered++;
	if (p->num > g->acked)
		g->acked = p->num;
	/* A reply to a probe that left before the latest one answered so
	 * far came back out of order. */
	if (left < g->max_left_ns)
		g->nreorder++;
	else
		g->max_left_ns = left;
	trk_rtt_add(g->st, rtt);
	g->ewma = g->ewma == 0 ? (double)rtt
			       : g->ewma + ((double)rtt - g->ewma) / 8;
	return 0;
}

static void
reply_json(struct ping *g, const struct dec_pkt *d, const struct probe *p,
	   int64_t rtt, int dup)
{
	const struct dec_icmp *m = &d->icmp;
	char a[INET6_ADDRSTRLEN], b[256];

	inet_ntop(g->fam->af, d->ip.src, a, sizeof(a));
	snprintf(b, sizeof(b),
		 "{\"seq\":%u,\"from\":\"%s\",\"bytes\":%u,\"ttl\":%u,"
		 "\"rtt_ms\":%.6f,\"rtt_from\":\"%s\",\"dup\":%s",
		 m->seq, a, m->len, d->ip.ttl, (double)rtt / 1e6,
		 p->cap_ns ? (g->dgram ? "socket" : "capture") : "send-time",
		 dup ? "true" : "false");
	ob_str(&g->ob, b);
	/* The type's own fields as read -j names them (a timestamp reply's
	 * originate, receive, transmit), from the decoder's description. */
	if (g->tsmode)
		pr_fields_json(&g->ob, m, 0);
	OB_LIT(&g->ob, "}\n");
}

/* A reply's source as iputils prints it: a link-local one with its
 * scope (fe80::1%eth0). */
static void
reply_from(const struct ping *g, const struct dec_pkt *d, char *a, size_t n)
{
	size_t k;

	inet_ntop(g->fam->af, d->ip.src, a, (socklen_t)n);
	k = strlen(a);
	if (g->pkt.ver == 6 && g->pkt.scope && d->ip.src[0] == 0xfe &&
	    (d->ip.src[1] & 0xc0) == 0x80 && k + 1 < n)
		snprintf(a + k, n - k, "%%%s", g->ifname);
}

static void
on_reply(struct ping *g, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	int64_t ts = d->ts_sec * 1000000000 + d->ts_nsec, rtt, left;
	struct probe *p = probe_of(g, m->seq);
	char a[INET6_ADDRSTRLEN + IF_NAMESIZE + 1];
	int dup;

	if (!p)
		return;
	/* (Our own answer over lo may come before the probe's copy.) */
	if (!p->cap_ns && !g->warned && !g->on_lo) {
		g->warned = 1;
		fprintf(stderr,
			"icmpkit: %s: the outgoing probes are not %s; RTTs "
			"are from the send time\n",
			g->ifname,
			g->dgram ? "timestamped by the kernel" : "captured");
	}
	/* Our own answer to a multicast probe is looped back before the
	 * probe reaches the driver: from the send time, then. */
	left = p->cap_ns && p->cap_ns <= ts ? p->cap_ns : p->sent_ns;
	rtt = ts - left;
	dup = count_reply(g, p, left, rtt);
	if (g->json) {
		reply_json(g, d, p, rtt, dup);
		return;
	}
	if (g->quiet)
		return;
	if (g->flood) {
		OB_LIT(&g->ob, "\b \b");
		return;
	}
	reply_from(g, d, a, sizeof(a));
	print_prefix(g, ts);
	{
		char b[256];

		snprintf(b, sizeof(b),
			 "%u bytes from %s: icmp_seq=%u ttl=%u "
			 "time=%.3f ms%s",
			 m->len, a, m->seq, d->ip.ttl, (double)rtt / 1e6,
			 dup && !g->anyfrom ? " (DUP!)" : "");
		ob_str(&g->ob, b);
		if (g->tsmode && m->fields_ok) {
			/* Offset of the peer's clock: the mean of the two
			 * one-way differences (ms since midnight UTC). */
			int64_t t4 = (d->ts_sec % 86400) * 1000 +
				     d->ts_nsec / 1000000;
			double off = (((double)m->ts[1] - m->ts[0]) +
				      ((double)m->ts[2] - (double)t4)) /
				     2;

			snprintf(b, sizeof(b), " offset=%.1f ms", off);
			ob_str(&g->ob, b);
		}
	}
	ob_char(&g->ob, '\n');
}

static void
on_error(struct ping *g, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	struct probe *p = probe_of(g, m->q.iseq);
	char a[INET6_ADDRSTRLEN], buf[96];
	const char *txt;

	if (!p)
		return;
	/* The path MTU went down: from now on the IP layer sends, which
	 * fragments (or refuses) by the MTU the kernel has just learned, as
	 * -M says. */
	if (m->ver == 4
		    ? m->type == DEC_T4_UNREACH && m->code == DEC_C4_NEEDFRAG
		    : m->type == DEC_T6_PKT_TOO_BIG)
		g->fast_on = 0;
	if (!p->error && !p->replies) {
		p->error = 1;
		g->nerr++;
		g->answered++;
		if (p->num > g->acked)
			g->acked = p->num;
	}
	inet_ntop(g->fam->af, d->ip.src, a, sizeof(a));
	txt = error_text(m, buf, sizeof(buf));
	if (g->json) {
		char b[320];

		snprintf(b, sizeof(b),
			 "{\"seq\":%u,\"from\":\"%s\",\"error\":\"%s\","
			 "\"type\":%u,\"code\":%u,\"message\":\"%s\"}\n",
			 m->q.iseq, a,
			 dec_type_name(m->ver, m->type)
				 ? dec_type_name(m->ver, m->type)
				 : "unknown",
			 m->type, m->code, txt);
		ob_str(&g->ob, b);
		return;
	}
	if (g->quiet)
		return;
	if (g->flood) {
		OB_LIT(&g->ob, "\bE");
		return;
	}
	print_prefix(g, d->ts_sec * 1000000000 + d->ts_nsec);
	{
		char b[256];

		snprintf(b, sizeof(b), "From %s icmp_seq=%u %s\n", a, m->q.iseq,
			 txt);
		ob_str(&g->ob, b);
	}
}

/* A decoded ICMP message: our outgoing probe, a reply, or an error
 * about one of our probes. */
static void
on_icmp(struct ping *g, const struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	int req = g->tsmode ? 13 : g->fam->echo_request;
	int rep = g->tsmode ? 14 : g->fam->echo_reply;
	size_t alen = g->fam->alen;

	if (m->ver != g->pkt.ver)
		return;
	if (m->has_idseq && m->id == g->pkt.id) {
		if (m->type == req && !memcmp(d->ip.src, g->pkt.src, alen)) {
			struct probe *p = probe_of(g, m->seq);

			/* The outgoing copy (its first fragment): its
			 * capture time is the start of the RTT. */
			if (p && !p->cap_ns) {
				p->cap_ns = d->ts_sec * 1000000000 + d->ts_nsec;
				g->saw_out = 1;
			}
		} else if (m->type == rep && !(d->flags & DEC_F_FRAG) &&
			   (g->anyfrom ||
			    !memcmp(d->ip.src, g->pkt.dst, alen))) {
			on_reply(g, d);
		}
		return;
	}
	if (dec_is_error(m->ver, m->type) && m->q.present && m->q.has_idseq &&
	    m->q.itype == req && m->q.iid == g->pkt.id &&
	    !memcmp(m->q.dst, g->pkt.dst, alen))
		on_error(g, d);
}

/* A fragment: kept until its datagram is whole, which is then decoded
 * and taken at the capture time of the fragment that completed it.  A
 * reply missing a piece never completes: it is lost, not half-counted. */
static void
on_fragment(struct ping *g, const struct dec_pkt *d, int rc)
{
	int64_t ts = d->ts_sec * 1000000000 + d->ts_nsec;
	const uint8_t *whole;
	size_t n;
	struct dec_pkt w;

	if (rc == DEC_ICMP) /* a first fragment: the outgoing copy's time */
		on_icmp(g, d);
	if (!g->rsm || !d->ip_hdr ||
	    rsm_offer(g->rsm, d->ip_hdr, d->ip_caplen, d->ip_caplen, ts, &whole,
		      &n) != RSM_DONE)
		return;
	memset(&w, 0, sizeof(w));
	w.ts_sec = d->ts_sec;
	w.ts_nsec = d->ts_nsec;
	w.pkt = whole;
	w.caplen = w.wirelen = (uint32_t)n;
	if (dec_ip(&w, whole, n, n) == DEC_ICMP)
		on_icmp(g, &w);
}

static void
on_capture(struct ping *g, struct inj_capt *p, const struct pcap_pkthdr *h,
	   const u_char *data)
{
	struct dec_pkt d;
	int rc;

	inj_capture_pkt(&d, h, data);
	rc = dec_packet(inj_capt_datalink(p), &d);
	if (d.flags & DEC_F_FRAG)
		on_fragment(g, &d, rc);
	else if (rc == DEC_ICMP)
		on_icmp(g, &d);
}

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct ping *g = (struct ping *)arg;

	on_capture(g, g->p, h, data);
}

static void
on_packet_lo(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct ping *g = (struct ping *)arg;

	g->on_lo = 1;
	on_capture(g, g->lo, h, data);
	g->on_lo = 0;
}

/* Patch probes k0 .. k0+n-1 into bufs and send them on the kernel
 * socket k: whole, with the template's IP header (the fast socket), or
 * their ICMP messages (the kernel adds the IP header). */
static int
send_range(const struct inj_tx *tx, struct inj_sock *k, int whole,
	   uint8_t *bufs, uint64_t k0, int n, char *errbuf)
{
	size_t off = whole ? 0 : tx->icmp_off;

	struct iovec iov[INJ_BATCH];
	struct timespec now;
	int i;

	for (i = 0; i < n; i++) {
		uint8_t *b = bufs + (size_t)i * tx->tlen;

		clock_gettime(CLOCK_REALTIME, &now);
		inj_tx_patch(tx, b, k0 + (uint64_t)i, &now);
		iov[i].iov_base = b + off;
		iov[i].iov_len = tx->tlen - off;
	}
	return inj_sock_send(k, iov, n, errbuf);
}

#define HELPER_SPIN_NS 200000 /* waking a sleeping CPU costs more */

static int
helper_has_work(void *arg)
{
	return atomic_load(&((struct ping_helper *)arg)->busy);
}

static void *
helper_main(void *arg)
{
	struct ping_helper *h = arg;

	for (;;) {
		if (!cli_spin(helper_has_work, h, HELPER_SPIN_NS)) {
			pthread_mutex_lock(&h->mu);
			atomic_store(&h->sleeping, 1);
			while (!atomic_load(&h->busy) && !h->quit)
				pthread_cond_wait(&h->cv, &h->mu);
			atomic_store(&h->sleeping, 0);
			pthread_mutex_unlock(&h->mu);
		}
		if (!atomic_load(&h->busy))
			break; /* woken to quit */
		if (send_range(&h->tx, h->whole ? &h->fast : &h->sk, h->whole,
			       h->bufs, h->k0, h->n, h->err) < 0)
			atomic_store(&h->failed, 1);
		atomic_store(&h->done_ns, cli_now_ns(CLOCK_MONOTONIC));
		atomic_store(&h->busy, 0);
	}
	return NULL;
}

/* Hand probes k0 .. k0+n-1 to the idle helper (whole: for the fast
 * socket). */
static void
helper_give(struct ping_helper *h, uint64_t k0, int n, int whole)
{
	h->k0 = k0;
	h->n = n;
	h->whole = whole;
	atomic_store(&h->busy, 1);
	if (atomic_load(&h->sleeping)) {
		pthread_mutex_lock(&h->mu);
		pthread_cond_signal(&h->cv);
		pthread_mutex_unlock(&h->mu);
	}
}

/* Start the second sender when it can help; without it (one CPU, no
 * preload, no thread) everything is sent from the main thread. */
static void
helper_start(struct ping *g)
{
	struct ping_helper *h;
	sigset_t all, old;
	int rc;

	/* A datagram socket numbers its sends (the transmit timestamps'
	 * keys) in the order they happen: one sender only. */
	if (g->preload < 2 || cli_cpus() < 2 || g->dgram)
		return;
	h = calloc(1, sizeof(*h));
	if (!h)
		return;
	h->tx = g->tx;
	h->sk = g->sk;
	h->sk.sent = h->sk.failed = 0;
	h->fast = g->fast;
	h->fast.sent = h->fast.failed = 0;
	h->bufs = malloc((size_t)g->tx.tlen * INJ_BATCH);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	/* Signals stay with the main thread, whose poll() they cut short. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = h->bufs ? pthread_create(&h->th, NULL, helper_main, h) : -1;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		free(h->bufs);
		free(h);
		return;
	}
	g->h = h;
}

/* The probes the kernel refused from the helper on socket k, counted
 * and said in one line, not one by one. */
static void
helper_failed(struct ping *g, const struct inj_sock *k)
{
	if (!k->failed)
		return;
	g->nerr += k->failed;
	fprintf(stderr, "icmpkit: local error: %s (%llu probes)\n",
		strerror(k->last_errno), k->failed);
}

/* Wait for the helper's last batch, stop it and add up its counts. */
static void
helper_stop(struct ping *g)
{
	struct ping_helper *h = g->h;

	if (!h)
		return;
	while (atomic_load(&h->busy))
		sched_yield(); /* its last batch is on its way */
	pthread_mutex_lock(&h->mu);
	h->quit = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->th, NULL);
	helper_failed(g, &h->sk);
	helper_failed(g, &h->fast);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	free(h->bufs);
	free(h);
	g->h = NULL;
}

/* Mark probe k answered by a local error and say so, as iputils: the
 * probe counts as sent and its error in "+N errors". */
static void
on_local_error(struct ping *g, uint64_t k, const struct ps_qent *e)
{
	struct probe *p = &g->pr[(uint16_t)(g->pkt.seq + k)];
	char b[160], why[96];

	if (!p->error) {
		p->error = 1;
		g->nerr++;
		g->answered++;
		if (p->num > g->acked)
			g->acked = p->num;
	}
	if (e->err == EMSGSIZE) {
		g->fast_on = 0; /* the IP layer says it as -M asks */
		snprintf(why, sizeof(why), "message too long, mtu=%u", e->info);
	} else
		snprintf(why, sizeof(why), "%s", strerror(e->err));
	if (g->json) {
		snprintf(
			b, sizeof(b),
			"{\"seq\":%u,\"error\":\"local\",\"message\":\"%s\"}\n",
			(uint16_t)(g->pkt.seq + k), why);
		ob_str(&g->ob, b);
	} else if (g->flood && !g->quiet) {
		OB_LIT(&g->ob, "\bE");
	} else if (!g->quiet) {
		ob_flush(&g->ob); /* after the lines before it */
		fflush(stdout);
		fprintf(stderr, "icmpkit: local error: %s\n", why);
	}
}

/* A datagram socket's transmit timestamp: the start of that probe's
 * RTT, as the outgoing copy's capture time is with raw sockets.  The key
 * counts the socket's sends from 0, one per probe. */
static void
on_stamp(struct ping *g, const struct ps_qent *e)
{
	struct probe *p = &g->pr[(uint16_t)(g->pkt.seq + e->key)];

	if (p->num == (uint64_t)e->key + 1 && !p->cap_ns && e->ts_ns) {
		p->cap_ns = e->ts_ns;
		g->saw_out = 1;
	}
}

/* A datagram socket's queued ICMP error (IP_RECVERR): the kernel gives
 * its type, code, MTU or pointer and sender, and the start of the probe
 * it quotes, whose sequence number the decoder reads. */
static void
on_queued_error(struct ping *g, const struct ps_qent *e)
{
	static const uint8_t none[16];
	struct dec_pkt q, d;
	int64_t now = cli_now_ns(CLOCK_REALTIME);

	if (dec_icmp_msg(&q, g->pkt.ver, g->pkt.src, g->pkt.dst, 0, e->msg,
			 e->len) != DEC_ICMP ||
	    !q.icmp.has_idseq)
		return;
	memset(&d, 0, sizeof(d));
	d.ts_sec = now / 1000000000;
	d.ts_nsec = (uint32_t)(now % 1000000000);
	memcpy(d.ip.src, memcmp(e->from, none, 16) ? e->from : g->pkt.dst, 16);
	d.icmp.ver = (uint8_t)g->pkt.ver;
	d.icmp.type = e->type;
	d.icmp.code = e->code;
	d.icmp.mtu = e->info;
	d.icmp.pointer = e->info;
	d.icmp.q.iseq = q.icmp.seq;
	on_error(g, &d);
}

/* Empty the socket's error queue: transmit timestamps and ICMP errors
 * (datagram sockets; raw ones see both in the capture) and local errors,
 * up to n of which are kept in loc.  Returns how many were kept. */
static int
errq_drain(struct ping *g, struct ps_qent *loc, int n)
{
	struct ps_qent e;
	int got = 0;

	while (ps_errq_next(g->sk.fd, g->pkt.ver, &e)) {
		if (e.kind == PS_Q_LOCAL && got < n)
			loc[got++] = e;
		else if (e.kind == PS_Q_STAMP && g->dgram)
			on_stamp(g, &e);
		else if (e.kind == PS_Q_ICMP && g->dgram)
			on_queued_error(g, &e);
	}
	return got;
}

/* The probes k0 .. k0+n-1 that the kernel refused on socket k (its
 * failmask), with what the error queue of the IP-layer socket says
 * about each (the fast socket has none: its errno). */
static void
local_errors(struct ping *g, const struct inj_sock *k, uint64_t k0, int n)
{
	struct ps_qent e[INJ_BATCH];
	int i, ne = 0, j = 0;

	if (!k->failmask)
		return;
	if (k == &g->sk)
		ne = errq_drain(g, e, INJ_BATCH);
	for (i = 0; i < n; i++) {
		struct ps_qent x = {.kind = PS_Q_LOCAL, .err = k->last_errno};

		if (!(k->failmask >> i & 1))
			continue;
		if (j < ne)
			x = e[j++];
		on_local_error(g, k0 + (uint64_t)i, &x);
	}
}

static int
send_probes(struct ping *g, int n, char *errbuf)
{
	struct ping_helper *h = g->h;
	struct inj_sock *sk = g->fast_on ? &g->fast : &g->sk;
	int64_t now = cli_now_ns(CLOCK_REALTIME);
	int i, theirs = 0;

	if (h && atomic_load(&h->failed)) {
		cli_err(errbuf, "%s", h->err);
		return -1;
	}
	if (h && n >= 2) {
		/* The first half to the helper, the rest from here.  When
		 * the helper is still busy, only our half goes: the rest is
		 * still due at the next turn, when the helper may take it. */
		if (atomic_load(&h->busy))
			n -= n / 2;
		else
			theirs = n / 2;
	}
	/* Every probe is known before any leaves, whichever thread sends
	 * it, so its reply always finds it. */
	for (i = 0; i < n; i++) {
		uint64_t k = g->ntx + (uint64_t)i;
		struct probe *p = &g->pr[(uint16_t)(g->pkt.seq + k)];

		memset(p, 0, sizeof(*p));
		p->num = k + 1;
		p->sent_ns = now;
		if (g->flood && !g->quiet && !g->json)
			ob_char(&g->ob, '.');
	}
	if (theirs)
		helper_give(h, g->ntx, theirs, g->fast_on);
	if (send_range(&g->tx, sk, g->fast_on, g->bufs,
		       g->ntx + (uint64_t)theirs, n - theirs, errbuf) < 0)
		return -1;
	local_errors(g, sk, g->ntx + (uint64_t)theirs, n - theirs);
	g->ntx += (uint64_t)n;
	g->last_send_ns = cli_now_ns(CLOCK_MONOTONIC);
	return 0;
}

static double
loss_pct(const struct ping *g)
{
	return g->ntx ? (double)(g->ntx - g->nrx) * 100.0 / (double)g->ntx : 0;
}

/* As iputils: from the start to the last probe sent, not counting the
 * wait for the last replies. */
static long long
run_ms(const struct ping *g)
{
	return (g->last_send_ns - g->start_ns + 500000) / 1000000;
}

/* min, avg, max, mdev, p50, p90, p99 of the RTTs, in ms. */
static void
rtt_ms(const struct trk_stats *s, double v[7])
{
	double avg = s->rtt_sum / (double)s->rtt_n;
	double var = s->rtt_sumsq / (double)s->rtt_n - avg * avg;

	v[0] = (double)s->rtt_min / 1e6;
	v[1] = avg / 1e6;
	v[2] = (double)s->rtt_max / 1e6;
	v[3] = (var > 0 ? sqrt(var) : 0) / 1e6;
	v[4] = (double)trk_stats_percentile(s, 50) / 1e6;
	v[5] = (double)trk_stats_percentile(s, 90) / 1e6;
	v[6] = (double)trk_stats_percentile(s, 99) / 1e6;
}

static void
summary_json(struct ping *g)
{
	char b[512];
	double v[7];
	int n = snprintf(b, sizeof(b),
			 "{\"summary\":{\"host\":\"%s\",\"addr\":\"%s\","
			 "\"transmitted\":%llu,\"received\":%llu,"
			 "\"duplicates\":%llu,\"errors\":%llu,\"loss_pct\":%g,"
			 "\"time_ms\":%lld,\"reordered\":%llu,"
			 "\"rtt_from\":\"%s\"",
			 g->host, g->addr, (unsigned long long)g->ntx,
			 (unsigned long long)g->nrx,
			 (unsigned long long)g->ndup,
			 (unsigned long long)g->nerr, loss_pct(g), run_ms(g),
			 (unsigned long long)g->nreorder,
			 !g->saw_out ? "send-time"
			 : g->dgram  ? "socket"
				     : "capture");

	ob_mem(&g->ob, b, (size_t)n);
	if (g->st->rtt_n) {
		rtt_ms(g->st, v);
		n = snprintf(b, sizeof(b),
			     ",\"rtt_min_ms\":%.6f,\"rtt_avg_ms\":%.6f,"
			     "\"rtt_max_ms\":%.6f,\"rtt_mdev_ms\":%.6f,"
			     "\"rtt_p50_ms\":%.6f,\"rtt_p90_ms\":%.6f,"
			     "\"rtt_p99_ms\":%.6f",
			     v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
		ob_mem(&g->ob, b, (size_t)n);
	}
	OB_LIT(&g->ob, "}}\n");
}

static void
summary_text(struct ping *g)
{
	char b[512];
	double v[7];

	/* The newline ends the line of flood dots, or leaves an empty line
	 * after the replies, as iputils. */
	snprintf(b, sizeof(b), "\n--- %s ping statistics ---\n", g->host);
	ob_str(&g->ob, b);
	snprintf(b, sizeof(b), "%llu packets transmitted, %llu received, ",
		 (unsigned long long)g->ntx, (unsigned long long)g->nrx);
	ob_str(&g->ob, b);
	if (g->ndup) {
		snprintf(b, sizeof(b), "+%llu duplicates, ",
			 (unsigned long long)g->ndup);
		ob_str(&g->ob, b);
	}
	if (g->nerr) {
		snprintf(b, sizeof(b), "+%llu errors, ",
			 (unsigned long long)g->nerr);
		ob_str(&g->ob, b);
	}
	snprintf(b, sizeof(b), "%g%% packet loss, time %lldms\n", loss_pct(g),
		 run_ms(g));
	ob_str(&g->ob, b);
	if (!g->st->rtt_n)
		return;
	rtt_ms(g->st, v);
	snprintf(b, sizeof(b),
		 "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n"
		 "rtt p50/p90/p99 = %.3f/%.3f/%.3f ms, %llu "
		 "reordered, from %s timestamps\n",
		 v[0], v[1], v[2], v[3], v[4], v[5], v[6],
		 (unsigned long long)g->nreorder,
		 !g->saw_out ? "send-time"
		 : g->dgram  ? "kernel socket (SO_TIMESTAMPING)"
			     : "kernel capture");
	ob_str(&g->ob, b);
}

static void
print_summary(struct ping *g)
{
	if (g->json)
		summary_json(g);
	else
		summary_text(g);
}

/* The RTT histogram: the log-linear buckets of the statistics regrouped
 * into powers of two, one bar each. */
static void
print_histogram(struct ping *g)
{
	const struct trk_stats *s = g->st;
	uint64_t rows[64] = {0}, maxrow = 0;
	int i, lo = 64, hi = -1;
	char b[160];

	if (!s->rtt_n)
		return;
	for (i = 0; i < TRK_HBUCKETS; i++) {
		int e = i >> TRK_HBITS;

		if (!s->rtt_hist[i])
			continue;
		rows[e] += s->rtt_hist[i];
		if (rows[e] > maxrow)
			maxrow = rows[e];
		lo = e < lo ? e : lo;
		hi = e > hi ? e : hi;
	}
	OB_LIT(&g->ob, "rtt histogram (ms):\n");
	for (i = lo; i <= hi; i++) {
		int w = (int)(rows[i] * 50 / maxrow), k;

		snprintf(b, sizeof(b), "%10.3f - %10.3f |", ldexp(1, i) / 1e6,
			 ldexp(1, i + 1) / 1e6);
		ob_str(&g->ob, b);
		for (k = 0; k < w; k++)
			ob_char(&g->ob, '#');
		snprintf(b, sizeof(b), " %llu\n", (unsigned long long)rows[i]);
		ob_str(&g->ob, b);
	}
}

static void
print_interim(struct ping *g)
{
	const struct trk_stats *s = g->st;

	/* "\r" first, as iputils: over a line of flood dots. */
	fprintf(stderr, "\r%llu/%llu packets, %d%% loss",
		(unsigned long long)g->nrx, (unsigned long long)g->ntx,
		g->ntx ? (int)((g->ntx - g->nrx) * 100 / g->ntx) : 0);
	if (s->rtt_n)
		fprintf(stderr, ", min/avg/ewma/max = %.3f/%.3f/%.3f/%.3f ms",
			(double)s->rtt_min / 1e6,
			s->rtt_sum / (double)s->rtt_n / 1e6, g->ewma / 1e6,
			(double)s->rtt_max / 1e6);
	fputc('\n', stderr);
}

/* How many probes to send at most: -c, except that with -w too, as in
 * iputils, probes go on until -c of them are answered or the deadline. */
static uint64_t
send_limit(const struct ping *g)
{
	return g->count && g->deadline <= 0 ? (uint64_t)g->count : UINT64_MAX;
}

/* The pacing of the run (pace.c), from the options, at the start. */
static void
pace_setup(struct ping *g)
{
	struct pace *p = &g->pace;

	p->flood = g->flood;
	p->preload = g->preload ? (uint64_t)g->preload : 1;
	p->limit = send_limit(g);
	p->gap_ns = FLOOD_GAP_NS;
	p->interval_ns = (int64_t)(g->interval * 1e9);
	p->timeout_ns = (int64_t)(g->timeout * 1e9);
	p->deadline_ns = (int64_t)(g->deadline * 1e9);
	p->batch = INJ_BATCH;
	sched_interval(&p->sc, g->start_ns, g->interval * 1e9, p->preload);
}

static struct pace_count
counts(const struct ping *g)
{
	struct pace_count c = {
		.ntx = g->ntx,
		.acked = g->acked,
		.nrx = g->nrx,
		.last_send_ns = g->last_send_ns,
		.rtt_max_ns = g->st->rtt_max,
	};

	return c;
}

static int
due(const struct ping *g, int64_t mono)
{
	struct pace_count c = counts(g);

	return pace_due(&g->pace, &c, mono);
}

static int
finished(struct ping *g, int64_t mono)
{
	struct pace_count c;

	/* The helper's batch may still be on its way: its probes count as
	 * sent from when they went, not from when they were handed over
	 * (else the wait for their replies could end before they leave). */
	if (g->h) {
		int64_t t = atomic_load(&g->h->done_ns);

		if (atomic_load(&g->h->busy))
			return 0;
		if (t > g->last_send_ns)
			g->last_send_ns = t;
	}
	c = counts(g);
	if (g->deadline > 0 &&
	    mono - g->start_ns >= (int64_t)(g->deadline * 1e9))
		return 1;
	/* -c answered (replies and errors), as iputils. */
	if (g->count && g->nrx + g->nerr >= (uint64_t)g->count)
		return 1;
	if (g->ntx < send_limit(g))
		return 0;
	/* All sent: done when every probe is answered, or the wait for
	 * replies after the last one is over. */
	return g->answered >= g->ntx ||
	       mono - g->last_send_ns >= pace_linger(&g->pace, &c);
}

/* Replies from a datagram socket, decoded as bare ICMP messages at the
 * kernel's receive time; its error queue before and after. */
static void
dgram_receive(struct ping *g)
{
	struct ps_rx r;
	struct dec_pkt d;
	int ver = g->pkt.ver;

	/* Transmit timestamps first: they were queued before the replies
	 * to their probes came. */
	errq_drain(g, NULL, 0);
	while (ps_dgram_recv(g->sk.fd, ver, g->rx, sizeof(g->rx), &r)) {
		if (!r.ts_ns)
			r.ts_ns = cli_now_ns(CLOCK_REALTIME);
		if (dec_icmp_msg(&d, ver, r.src, g->pkt.src, r.ttl, g->rx,
				 r.len) != DEC_ICMP)
			continue;
		d.frame = 0;
		d.ts_sec = r.ts_ns / 1000000000;
		d.ts_nsec = (uint32_t)(r.ts_ns % 1000000000);
		on_icmp(g, &d);
	}
	errq_drain(g, NULL, 0);
}

static int
receive(struct ping *g, char *errbuf)
{
	if (!g->p) {
		dgram_receive(g);
		return 0;
	}
	/* lo first: our own answer there came before the others. */
	if (g->lo &&
	    inj_capt_dispatch(g->lo, on_packet_lo, (u_char *)g, errbuf) < 0)
		return -1;
	return inj_capt_dispatch(g->p, on_packet, (u_char *)g, errbuf) < 0 ? -1
									   : 0;
}

static int
run(struct ping *g, char *errbuf)
{
	struct pollfd pfd[2] = {
		{.fd = g->p ? inj_capt_fd(g->p) : g->sk.fd, .events = POLLIN},
		{.fd = g->lo ? inj_capt_fd(g->lo) : -1, .events = POLLIN},
	};
	struct sigaction sa;
	int64_t mono;
	int n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigemptyset(&sa.sa_mask);
	sig_stop_install(on_sig);
	sigaction(SIGQUIT, &sa, NULL);
	g->start_ns = cli_now_ns(CLOCK_MONOTONIC);
	g->last_send_ns = g->start_ns;
	pace_setup(g);
	while (!ping_stop) {
		mono = cli_now_ns(CLOCK_MONOTONIC);
		n = due(g, mono);
		if (n > 0 && send_probes(g, n, errbuf) < 0)
			return -1;
		if (receive(g, errbuf) < 0)
			return -1;
		ob_flush(&g->ob);
		if (g->ob.err && g->ob.err != EPIPE) {
			cli_err(errbuf, "stdout: write failed: %s",
				strerror(g->ob.err));
			return -1;
		}
		if (ping_status) {
			ping_status = 0;
			print_interim(g);
		}
		mono = cli_now_ns(CLOCK_MONOTONIC);
		if (finished(g, mono))
			break;
		if (due(g, mono) == 0) {
			struct pace_count c = counts(g);

			poll(pfd, g->lo ? 2 : 1,
			     pace_wait_ms(&g->pace, &c, mono));
		}
	}
	/* Replies that arrived with the stop. */
	return receive(g, errbuf);
}

/* -I: an address of HOST's family is the source; anything else names
 * the interface, which also gives a link-local or multicast HOST its
 * scope.  Without -I a scope (fe80::1%eth0) names the interface. */
static int
setup_iface(struct ping *g, char *errbuf)
{
	const char *name = g->iface;
	uint8_t tmp[16];

	if (name && inet_pton(g->fam->af, name, g->pkt.src) == 1) {
		g->src_given = 1;
		name = NULL;
	} else if (name && inet_pton(g->fam->ver == 4 ? AF_INET6 : AF_INET,
				     name, tmp) == 1) {
		cli_err(errbuf, "-I %s: not an IPv%d address like %s", name,
			g->fam->ver, g->addr);
		return -1;
	}
	if (name) {
		unsigned idx = if_nametoindex(name);

		if (!idx || strlen(name) >= sizeof(g->ifname)) {
			cli_err(errbuf, "-I %s: no such interface", name);
			return -1;
		}
		if (g->fam->scoped && !g->pkt.scope)
			g->pkt.scope = idx;
		snprintf(g->ifname, sizeof(g->ifname), "%s", name);
	} else if (g->pkt.scope) {
		if (!if_indextoname(g->pkt.scope, g->ifname)) {
			cli_err(errbuf, "%s: no such interface", g->host);
			return -1;
		}
	} else if (inj_route_iface(g->pkt.ver, g->pkt.dst, g->ifname, errbuf) <
		   0) {
		return -1;
	}
	g->dev = name || g->pkt.scope ? g->ifname : NULL;
	return g->dev ? inj_iface_up(g->dev, errbuf) : 0;
}

/* The source address; a broadcast HOST only with -b, as iputils. */
static int
setup_source(struct ping *g, char *errbuf)
{
	const uint8_t *d = g->pkt.dst;

	g->mcast = g->pkt.ver == 4 ? (d[0] & 0xf0) == 0xe0 : d[0] == 0xff;
	g->anyfrom = g->mcast;
	/* iputils (IPv4): no broadcast or multicast below 1 s but for root. */
	if (getuid() != 0 && g->pkt.ver == 4 && (g->bcast || g->mcast) &&
	    g->interval < 1) {
		cli_err(errbuf,
			"-i %g: broadcast ping with too short interval "
			"(below 1 s is for root only)",
			g->interval);
		return -1;
	}
	if (g->src_given)
		return 0;
	if (inj_source_ex(g->pkt.ver, d, g->pkt.scope, g->bcast,
			  "give an interface or a source address with -I",
			  g->pkt.src, errbuf) == 0) {
		if (g->bcast && g->pkt.ver == 4) {
			/* Broadcast or not, the kernel allowed it. */
			g->anyfrom = 1;
			fputs("WARNING: pinging broadcast address\n", stderr);
		}
		return 0;
	}
	if (errno == EACCES && g->pkt.ver == 4 && !g->bcast)
		cli_err(errbuf,
			"%s: Do you want to ping broadcast? Then -b. If "
			"not, check your local firewall rules",
			g->addr);
	return -1;
}

static int
setup(struct ping *g, char *errbuf)
{
	int ver = g->ver_req;
	uint16_t rnd = 0;

	if (inj_resolve_scope(g->host, &ver, g->pkt.dst, &g->pkt.scope,
			      errbuf) < 0)
		return -1;
	g->pkt.ver = ver;
	g->fam = inj_family(ver);
	inet_ntop(g->fam->af, g->pkt.dst, g->addr, sizeof(g->addr));
	g->pkt.t = inj_type_find(
		ver, g->tsmode ? "timestamp-request" : "echo-request", errbuf);
	if (!g->pkt.t) {
		if (g->tsmode)
			cli_err(errbuf, "--timestamp: ICMP timestamps are "
					"IPv4 only");
		return -1;
	}
	/* A random id per run: other pings on the machine never match. */
	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (uint16_t)(getpid() ^ time(NULL));
	g->pkt.id = rnd;
	/* Probes sent whole (the fast socket) carry IP ids from there on:
	 * other pings' ids are elsewhere. */
	g->pkt.ip_id = rnd;
	g->pkt.seq = 1;
	g->pkt.df = g->pmtu != PS_DONT; /* the kernel's IP header decides */
	if (!g->pkt.ttl)
		g->pkt.ttl = 64;
	if (setup_iface(g, errbuf) < 0 || make_payload(g, errbuf) < 0 ||
	    setup_source(g, errbuf) < 0)
		return -1;
	g->pr = calloc(NSLOT, sizeof(*g->pr));
	g->st = calloc(1, sizeof(*g->st));
	if (!g->pr || !g->st) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	g->st->rtt_min = INT64_MAX;
	return 0;
}

/* Raw sockets and a capture when allowed (root, CAP_NET_RAW), else an
 * ICMP datagram socket, as iputils; the kernel then picks the id. */
static int
open_socket(struct ping *g, char *errbuf)
{
	g->dgram = !ps_can_raw();
	if (!g->dgram)
		return ps_open(&g->sk, &g->pkt, g->pmtu, g->bcast, g->dev,
			       errbuf);
	if (g->tsmode) {
		cli_err(errbuf, "--timestamp: needs raw sockets; run as root "
				"or grant the capabilities: sudo setcap "
				"cap_net_raw,cap_net_admin=eip icmpkit");
		return -1;
	}
	return ps_dgram_open(&g->sk, &g->pkt, g->pmtu, g->bcast, g->dev,
			     &g->pkt.id, errbuf);
}

/* A flood (or preload) of unicast probes that fit the known path MTU:
 * the fast socket (psock.h), the IP-layer one otherwise. */
static void
open_fast(struct ping *g)
{
	g->fast.fd = -1;
	if (g->dgram || g->anyfrom || (!g->flood && g->preload < 2) ||
	    ps_fast_open(&g->fast, &g->pkt, g->dev) < (int)g->tx.tlen)
		return;
	g->fast_on = 1;
}

/* iputils' first line; with -I also "from SRC IFACE:". */
static void
print_header(struct ping *g)
{
	char b[320], from[INET6_ADDRSTRLEN + IF_NAMESIZE + 16] = "";
	size_t len = (size_t)g->tx.tlen - g->tx.ip_off;

	if (g->json)
		return;
	if (g->iface) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(g->fam->af, g->pkt.src, a, sizeof(a));
		snprintf(from, sizeof(from), " from %s %s:", a,
			 g->src_given ? "" : g->ifname);
	}
	if (g->tsmode)
		snprintf(b, sizeof(b),
			 "PING %s (%s)%s ICMP timestamp requests, %zu bytes.\n",
			 g->host, g->addr, from, len);
	else
		snprintf(b, sizeof(b),
			 "PING %s (%s)%s %lld(%zu) bytes of data.\n", g->host,
			 g->addr, from, g->size, len);
	ob_str(&g->ob, b);
}

int
cmd_ping(int argc, char **argv, char *errbuf)
{
	struct ping *g = calloc(1, sizeof(*g));
	int rc = 2, r;

	if (!g) {
		cli_err(errbuf, "memory: out of memory");
		return 2;
	}
	g->interval = 1;
	g->timeout = 10;
	g->size = 56;
	ob_init(&g->ob, stdout, g->obmem, sizeof(g->obmem));
	r = parse_args(g, argc, argv, errbuf);
	if (r) {
		rc = r > 0 ? 0 : 2;
		goto out;
	}
	if (g->flood && !g->have_interval)
		g->interval = 0;
	if (setup(g, errbuf) < 0 || open_socket(g, errbuf) < 0 ||
	    inj_tx_open(&g->tx, &g->pkt, INJ_TX_DRY, NULL, 0, errbuf) < 0 ||
	    (!g->dgram && open_capture(g, errbuf) < 0))
		goto out;
	open_fast(g);
	g->bufs = malloc((size_t)g->tx.tlen * INJ_BATCH);
	if (!g->bufs) {
		cli_err(errbuf, "memory: out of memory");
		goto out;
	}
	/* Both handles are open: nothing more needs privileges. */
	if (priv_drop("nobody", errbuf) < 0 ||
	    sandbox_enter("ping", errbuf) < 0)
		goto out;
	print_header(g);
	helper_start(g);
	r = run(g, errbuf);
	helper_stop(g);
	if (r < 0)
		goto out;
	print_summary(g);
	if (g->histogram && !g->json)
		print_histogram(g);
	if (cli_out_done(&g->ob, errbuf) < 0)
		goto out;
	/* As iputils: 1 when nothing came back, or when -c and -w are both
	 * given and fewer than -c replies came by the deadline. */
	rc = !g->nrx || (g->count && g->deadline > 0 &&
			 g->nrx < (uint64_t)g->count)
		     ? 1
		     : 0;
out:
	inj_capt_close(g->p);
	inj_capt_close(g->lo);
	inj_tx_close(&g->tx);
	if (g->sk.fd > 0)
		close(g->sk.fd);
	if (g->fast.fd > 0)
		close(g->fast.fd);
	free(g->bufs);
	free(g->pkt.payload);
	free(g->pr);
	free(g->st);
	free(g->rsm);
	free(g);
	return rc;
}
