/* icmpkit trace: the path to a host, hop by hop, as traceroute -n shows
 * it.  Probes are built with libnet (trc.c) and sent on a raw socket;
 * their outgoing copies and the answers are read with libpcap on the
 * egress interface, so an RTT is the difference of two kernel capture
 * timestamps.  Every TTL is probed at once within a window that keeps
 * the routers' ICMP rate limits from silencing any probe (trc.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/net_tstamp.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/sig.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../commands.h"
#include "../decode/cursor.h"
#include "../decode/print.h"
#include "capt.h"
#include "family.h"
#include "inj.h"
#include "payload.h"
#include "psock.h"
#include "trc.h"
#include "tx.h"

#define TRC_NIDX ((TRC_MAXTTL + 1) * TRC_MAXR)
/* The largest probe sent (--pmtu starts at the interface MTU, at most
 * this: jumbo frames are probed from here down). */
#define TRC_PROBE_MAX 9000
/* Sends of one probe on a datagram socket (send_dgram). */
#define TRC_DGRAM_TRIES 16

struct trace {
	/* Options. */
	const char *host, *srcarg, *oif;
	int ver_req, json, have_port, have_size, have_q, have_i, pmtu, exts;
	int ecmp;
	long long maxttl, first, nprobe, port, size, rounds;
	double wait, interval;
	/* Handles. */
	struct trc_flow f;
	const struct inj_family *fam;
	struct inj_sock sk;
	struct inj_capt *p;
	/* No raw sockets: ICMP probes on an ICMP datagram socket (sk). */
	int dgram;
	int stamps_bad;		    /* the stamps' keys slipped (dgram_stamp) */
	uint32_t nsent;		    /* sends so far: the next stamp's key */
	uint16_t sendidx[TRC_NIDX]; /* the probe of each stamp key */
	size_t dgram_off;	    /* the bytes sent start here */
	uint16_t *udp_idx; /* -U: probe + 1 of each first payload word */
	uint8_t rx[2048];
	uint8_t *tmpl;
	size_t tlen;
	char ifname[IF_NAMESIZE];
	char addr[INET6_ADDRSTRLEN];
	/* State. */
	char *err; /* where a failure inside the capture callback goes */
	int failed;
	uint32_t mtu;			   /* --pmtu: the probes' size now */
	uint32_t hop_pmtu[TRC_MAXTTL + 1]; /* where it went down */
	struct trc_ext *ext;		   /* -e: per probe index */
	struct trc_plan plan;
	uint8_t seen[TRC_NIDX]; /* the outgoing copy was captured */
	int64_t start_ns;
	struct obuf ob;
	char obmem[1 << 16];
};

void
usage_trace(void)
{
	fputs("usage: icmpkit trace [options] HOST\n"
	      "  the path to HOST, hop by hop (traceroute -n), every TTL at "
	      "once;\n"
	      "  RTTs from kernel capture timestamps of probe and answer\n"
	      "  -4, -6        IPv4 / IPv6\n"
	      "  -I            ICMP echo probes (the default)\n"
	      "  -U            UDP probes to port 33434 (-p to change)\n"
	      "  -T            TCP SYN probes to port 80 (-p to change)\n"
	      "  -p PORT       destination port of -U and -T\n"
	      "  -m MAXHOPS    last TTL (default 30)\n"
	      "  -f FIRST      first TTL (default 1)\n"
	      "  -q PROBES     probes per hop, 1 to 10 (default 3)\n"
	      "  -c ROUNDS     rounds of one probe per hop, 1 to 64, and a "
	      "table\n"
	      "                as mtr's report\n"
	      "  -i SECONDS    between rounds of -c (default 1)\n"
	      "  -w SECONDS    wait for an answer (default 5)\n"
	      "  -s SIZE       payload bytes of -I and -U (default 32, at "
	      "least 2)\n"
	      "  -e            MPLS label stacks (RFC 4950) and interface "
	      "information\n"
	      "                (RFC 5837) from the errors' extensions\n"
	      "  --ecmp        a flow per probe of a hop (UDP/TCP source port, "
	      "ICMP\n"
	      "                checksum): each responder with the flows that "
	      "reached it\n"
	      "  -o IFACE      send from this interface (SO_BINDTODEVICE), "
	      "capture on it\n"
	      "  -S SRC        source address\n"
	      "  --pmtu        DF probes at the interface MTU, lowered at each "
	      "frag-needed\n"
	      "                or packet-too-big: pmtu N where it drops "
	      "(tracepath)\n"
	      "  -j, --json    a JSON object per probe, per hop, and a "
	      "summary\n"
	      "Exit: 0 if the destination answered, 1 if not, 2 on error.\n",
	      stdout);
}

static const struct option trace_long[] = {
	{"json", no_argument, NULL, 'j'},
	{"pmtu", no_argument, NULL, 'P'},
	{"ecmp", no_argument, NULL, 'E'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* The options that only switch something on. */
static int *
flag_of(struct trace *g, int opt)
{
	switch (opt) {
	case 'j':
		return &g->json;
	case 'P':
		return &g->pmtu;
	case 'e':
		return &g->exts;
	case 'E':
		return &g->ecmp;
	default:
		return NULL;
	}
}

static int
parse_opt(struct trace *g, int opt, char **argv, char *errbuf)
{
	int *flag = flag_of(g, opt);

	if (flag) {
		*flag = 1;
		return 0;
	}
	switch (opt) {
	case '4':
	case '6':
		g->ver_req = opt - '0';
		return 0;
	case 'I':
		g->f.method = TRC_ICMP;
		return 0;
	case 'U':
		g->f.method = TRC_UDP;
		return 0;
	case 'T':
		g->f.method = TRC_TCP;
		return 0;
	case 'p':
		g->have_port = 1;
		return cli_num(optarg, 1, 65535, "-p port", &g->port, errbuf);
	case 'm':
		return cli_num(optarg, 1, TRC_MAXTTL, "-m max hops", &g->maxttl,
			       errbuf);
	case 'f':
		return cli_num(optarg, 1, TRC_MAXTTL, "-f first ttl", &g->first,
			       errbuf);
	case 'q':
		g->have_q = 1;
		return cli_num(optarg, 1, TRC_MAXQ, "-q probes", &g->nprobe,
			       errbuf);
	case 'c':
		return cli_num(optarg, 1, TRC_MAXR, "-c rounds", &g->rounds,
			       errbuf);
	case 'i':
		g->have_i = 1;
		return cli_decimal(optarg, 0, 3600, 1, "-i interval", "seconds",
				   &g->interval, errbuf);
	case 'w':
		return cli_decimal(optarg, 0, 86400, 1, "-w wait", "seconds",
				   &g->wait, errbuf);
	case 's':
		g->have_size = 1;
		return cli_num(optarg, 2, 65000, "-s size", &g->size, errbuf);
	case 'S':
		g->srcarg = optarg;
		return 0;
	case 'o':
		g->oif = optarg;
		return 0;
	case 'n': /* traceroute: numeric output, which is all we print */
		return 0;
	case 'h':
		usage_trace();
		return 1;
	default:
		cli_opt_error("trace", opt, argv, errbuf);
		return -1;
	}
}

static int
check_args(struct trace *g, char *errbuf)
{
	if (g->first > g->maxttl) {
		cli_err(errbuf, "-f %lld: above -m %lld", g->first, g->maxttl);
		return -1;
	}
	if (g->have_port && g->f.method == TRC_ICMP) {
		cli_err(errbuf,
			"-p %lld: ICMP probes have no port; use it "
			"with -U or -T",
			g->port);
		return -1;
	}
	if (g->have_size && g->f.method == TRC_TCP) {
		cli_err(errbuf, "-s %lld: TCP SYN probes carry no payload",
			g->size);
		return -1;
	}
	if (g->pmtu && (g->f.method == TRC_TCP || g->have_size)) {
		cli_err(errbuf,
			g->have_size
				? "--pmtu: it sizes the probes itself; "
				  "leave out -s"
				: "--pmtu: TCP SYN probes carry no payload "
				  "to size; use -I or -U");
		return -1;
	}
	if (g->rounds && g->have_q) {
		cli_err(errbuf,
			"-q %lld: -c rounds send one probe per hop "
			"a round; use -c alone",
			g->nprobe);
		return -1;
	}
	if (g->have_i && !g->rounds) {
		cli_err(errbuf,
			"-i %g: the interval between rounds; give -c "
			"ROUNDS too",
			g->interval);
		return -1;
	}
	if (g->rounds)
		g->nprobe = g->rounds;
	if (!g->have_port)
		g->port = g->f.method == TRC_TCP ? 80 : 33434;
	return 0;
}

static int
parse_args(struct trace *g, int argc, char **argv, char *errbuf)
{
	int opt, r;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:46IUTp:m:f:q:c:i:w:s:S:o:ejnh",
				  trace_long, NULL)) != -1) {
		r = parse_opt(g, opt, argv, errbuf);
		if (r)
			return r;
	}
	if (optind != argc - 1) {
		cli_err(errbuf,
			optind >= argc ? "trace: no HOST given; usage: icmpkit "
					 "trace [options] HOST"
				       : "trace: one HOST only; see icmpkit "
					 "help trace");
		return -1;
	}
	g->host = argv[optind];
	return check_args(g, errbuf);
}

/* The probe size of an MTU: the IP and ICMP/UDP headers, then payload. */
static size_t
payload_of(const struct trace *g, uint32_t mtu)
{
	return mtu - g->fam->ip_hlen - 8;
}

/* --pmtu: DF probes as big as the egress interface allows. */
static int
pmtu_start(struct trace *g, char *errbuf)
{
	struct ifreq ifr;
	int fd = socket(g->fam->af, SOCK_DGRAM, 0), rc;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", g->ifname);
	rc = fd < 0 ? -1 : ioctl(fd, SIOCGIFMTU, &ifr);
	if (fd >= 0)
		close(fd);
	if (rc < 0) {
		cli_err(errbuf, "%s: MTU unknown: %s", g->ifname,
			strerror(errno));
		return -1;
	}
	g->mtu = (uint32_t)ifr.ifr_mtu;
	if (g->mtu > TRC_PROBE_MAX)
		g->mtu = TRC_PROBE_MAX;
	g->f.df = 1;
	g->f.payload = payload_of(g, g->mtu);
	return 0;
}

/* --pmtu: the probes are sized by the interface and the answers, not by
 * what the kernel learned of the path before (it would refuse bigger
 * probes with EMSGSIZE): IP_PMTUDISC_PROBE, as tracepath. */
static int
pmtu_socket(struct trace *g, char *errbuf)
{
	int v = g->f.ver == 6 ? IPV6_PMTUDISC_PROBE : IP_PMTUDISC_PROBE;
	int rc = g->f.ver == 6 ? setsockopt(g->sk.fd, IPPROTO_IPV6,
					    IPV6_MTU_DISCOVER, &v, sizeof(v))
			       : setsockopt(g->sk.fd, IPPROTO_IP,
					    IP_MTU_DISCOVER, &v, sizeof(v));

	if (rc < 0) {
		cli_err(errbuf, "--pmtu: IP_MTU_DISCOVER: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Bind a socket to -o IFACE. */
static int
bind_oif(const struct trace *g, int fd, char *errbuf)
{
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, g->oif,
		       (socklen_t)strlen(g->oif) + 1) == 0)
		return 0;
	cli_err(errbuf, "-o %s: %s", g->oif, strerror(errno));
	return -1;
}

/* -o IFACE: the source address of the route to HOST through IFACE (a
 * UDP socket bound to it and connected: no packet is sent). */
static int
source_via(struct trace *g, char *errbuf)
{
	struct sockaddr_storage ss;
	socklen_t sl = g->fam->sockaddr(&ss, g->f.dst, 0);
	int fd, ok;

	/* A port, for connect(); sin_port and sin6_port share an offset. */
	((struct sockaddr_in *)&ss)->sin_port = htons(9);
	if (strlen(g->oif) >= IF_NAMESIZE || !if_nametoindex(g->oif)) {
		cli_err(errbuf, "-o %s: no such interface", g->oif);
		return -1;
	}
	fd = socket(g->fam->af, SOCK_DGRAM, 0);
	if (fd < 0 || bind_oif(g, fd, errbuf) < 0) {
		if (fd >= 0)
			close(fd);
		else
			cli_err(errbuf, "socket: %s", strerror(errno));
		return -1;
	}
	ok = connect(fd, (struct sockaddr *)&ss, sl) == 0 &&
	     getsockname(fd, (struct sockaddr *)&ss, &sl) == 0;
	if (!ok)
		cli_err(errbuf, "-o %s: no route to %s (%s)", g->oif, g->addr,
			strerror(errno));
	else if (g->f.ver == 6)
		memcpy(g->f.src, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
	else
		memcpy(g->f.src, &((struct sockaddr_in *)&ss)->sin_addr, 4);
	close(fd);
	return ok ? 0 : -1;
}

static int
setup(struct trace *g, char *errbuf)
{
	int ver = g->ver_req;
	uint16_t rnd[3] = {0, 0, 0};

	if (inj_resolve(g->host, &ver, g->f.dst, errbuf) < 0)
		return -1;
	g->f.ver = ver;
	g->fam = inj_family(ver);
	inet_ntop(g->fam->af, g->f.dst, g->addr, sizeof(g->addr));
	if (g->srcarg) {
		int sv = ver;

		if (inj_resolve(g->srcarg, &sv, g->f.src, errbuf) < 0)
			return -1;
	} else if (g->oif ? source_via(g, errbuf) < 0
			  : inj_source(ver, g->f.dst, g->f.src, errbuf) < 0) {
		return -1;
	}
	if (g->oif)
		snprintf(g->ifname, sizeof(g->ifname), "%s", g->oif);
	else if (inj_route_iface(ver, g->f.dst, g->ifname, errbuf) < 0)
		return -1;
	/* Random flow values per run: other traces never match ours. */
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		rnd[0] = (uint16_t)getpid();
		rnd[1] = (uint16_t)time(NULL);
	}
	g->f.id = g->f.method == TRC_ICMP ? rnd[0] : 32768 + rnd[0] % 28000;
	/* A UDP checksum of 0 or 0xffff cannot carry a probe's number:
	 * base + every index stays within 1..0xfffe. */
	g->f.base = (uint16_t)(1 + rnd[1] % (0xfffe - TRC_NIDX));
	g->f.base32 = (uint32_t)rnd[1] << 16 | rnd[2];
	g->f.port = (uint16_t)g->port;
	g->f.ecmp = g->ecmp;
	g->f.payload = g->f.method == TRC_TCP ? 0 : (size_t)g->size;
	if (g->pmtu && pmtu_start(g, errbuf) < 0)
		return -1;
	if (inj_payload_check(ver, g->f.payload, errbuf) < 0)
		return -1;
	return trc_template(&g->f, &g->tmpl, &g->tlen, errbuf);
}

/* A socket option of the family's IP layer set to v; -1 with errbuf
 * filled (what names it). */
static int
ip_opt(struct trace *g, int fd, int opt, int v, const char *what, char *errbuf)
{
	if (setsockopt(fd, g->fam->sol, opt, &v, sizeof(v)) == 0)
		return 0;
	cli_err(errbuf, "UDP socket: %s: %s", what, strerror(errno));
	return -1;
}

/* -U without raw sockets: a UDP socket, as traceroute's unprivileged
 * default, bound to the source and a port the kernel picks (the flow's
 * source port), errors on its queue (IP_RECVERR), timestamps both ways
 * (SO_TIMESTAMPING). */
static int
udp_open(struct trace *g, char *errbuf)
{
	const struct inj_family *fam = g->fam;
	struct sockaddr_storage sa;
	socklen_t n = fam->sockaddr(&sa, g->f.src, 0);
	int ts = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_RX_SOFTWARE |
		 SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID |
		 SOF_TIMESTAMPING_OPT_TSONLY;
	int fd = socket(fam->af, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);

	g->sk.fd = fd;
	if (fd < 0) {
		cli_err(errbuf, "UDP socket: %s", strerror(errno));
		return -1;
	}
	if ((g->oif && bind_oif(g, fd, errbuf) < 0) ||
	    ip_opt(g, fd, fam->opt_recverr, 1, "IP_RECVERR", errbuf) < 0 ||
	    ip_opt(g, fd, fam->opt_mtu, fam->pmtu[g->pmtu ? PS_PROBE : PS_WANT],
		   "IP_MTU_DISCOVER", errbuf) < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &ts, sizeof(ts)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, n) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &n) < 0) {
		cli_err(errbuf, "UDP socket: %s", strerror(errno));
		return -1;
	}
	/* sin_port and sin6_port share an offset. */
	g->f.id = ntohs(((struct sockaddr_in *)&sa)->sin_port);
	g->sk.tolen = fam->sockaddr(&g->sk.to, g->f.dst, 0);
	((struct sockaddr_in *)&g->sk.to)->sin_port = htons(g->f.port);
	/* The error queue gives the UDP payload a probe carried: its first
	 * word, which differs per probe (trc_patch), says which. */
	g->udp_idx = calloc(65536, sizeof(*g->udp_idx));
	if (!g->udp_idx) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	return 0;
}

static int
icmp_open(struct trace *g, char *errbuf)
{
	struct inj_pkt p;

	memset(&p, 0, sizeof(p));
	p.ver = g->f.ver;
	p.ttl = 1;
	memcpy(p.src, g->f.src, 16);
	memcpy(p.dst, g->f.dst, 16);
	return ps_dgram_open(&g->sk, &p, g->pmtu ? PS_PROBE : PS_WANT, 0,
			     g->oif, &g->f.id, errbuf);
}

/* Without raw sockets (neither root nor CAP_NET_RAW): ICMP probes on an
 * ICMP datagram socket where net.ipv4.ping_group_range admits the user,
 * as ping does, UDP probes on a UDP socket, as traceroute does.  The
 * kernel picks the echo id or source port (the template is built again
 * with it), sets each probe's TTL (IP_TTL, IPV6_UNICAST_HOPS), queues the
 * errors with their sender (IP_RECVERR) and stamps probes and answers
 * (SO_TIMESTAMPING). */
static int
open_dgram(struct trace *g, char *errbuf)
{
	const char *what = g->exts ? "-e: the errors' extensions"
			   : g->f.method == TRC_TCP ? "-T: TCP probes"
			   : g->ecmp && g->f.method == TRC_UDP
				   ? "--ecmp: UDP flows (a source port each)"
				   : NULL;

	if (what) {
		cli_err(errbuf,
			"%s need raw sockets: permission denied; run as root "
			"or grant them: sudo setcap "
			"cap_net_raw,cap_net_admin=eip icmpkit",
			what);
		return -1;
	}
	if (g->f.method == TRC_UDP ? udp_open(g, errbuf) < 0
				   : icmp_open(g, errbuf) < 0)
		return -1;
	g->dgram = 1;
	g->dgram_off = g->fam->ip_hlen + (g->f.method == TRC_UDP ? 8 : 0);
	free(g->tmpl);
	g->tmpl = NULL;
	return trc_template(&g->f, &g->tmpl, &g->tlen, errbuf);
}

static int
open_handles(struct trace *g, char *errbuf)
{
	char a[INET6_ADDRSTRLEN], filt[512];
	const char *ip = g->f.ver == 6 ? "ip6" : "ip";

	if (!ps_can_raw())
		return open_dgram(g, errbuf);
	/* Our own raw socket: libnet_init() would grow its SO_SNDBUF 128
	 * bytes at a time (docs/ARCHITECTURE.md, startup); the probes are
	 * built without it (trc_template). */
	g->sk.fd = inj_raw_open(g->fam, errbuf);
	if (g->sk.fd < 0)
		return -1;
	if (g->pmtu && pmtu_socket(g, errbuf) < 0)
		return -1;
	if (g->oif && bind_oif(g, g->sk.fd, errbuf) < 0)
		return -1;
	g->sk.tolen = g->fam->sockaddr(&g->sk.to, g->f.dst, 0);
	inet_ntop(g->fam->af, g->f.src, a, sizeof(a));
	/* Our probes going out, ICMP to us (errors quote the probe), and
	 * the destination's TCP answers. */
	snprintf(filt, sizeof(filt),
		 "%s and ((src host %s and dst host %s) or (dst host %s and "
		 "(%s or (tcp and src host %s))))",
		 ip, a, g->addr, a, g->f.ver == 6 ? "icmp6" : "icmp", g->addr);
	g->p = inj_capt_open(g->ifname, filt, 0, 0, errbuf);
	return g->p ? 0 : -1;
}

static void dgram_receive(struct trace *g);

/* One probe on the datagram socket: its TTL set, the ICMP message (or
 * UDP payload) after the template's headers sent.  An ICMP error that
 * came in since the last read of the error queue fails the send (the
 * socket's pending error, sock_error()): the queue is read and the send
 * tried again, as often as errors of the probes in flight may come in
 * between (TRC_DGRAM_TRIES). */
static int
send_dgram(struct trace *g, int ttl, int r, uint8_t *b, char *errbuf)
{
	const struct inj_family *fam = g->fam;
	size_t off = g->dgram_off;
	int idx = TRC_IDX(ttl, r), tries;

	trc_patch(&g->f, b, g->tlen, idx);
	if (g->udp_idx)
		g->udp_idx[rd_be16(b + off)] = (uint16_t)(idx + 1);
	if (setsockopt(g->sk.fd, fam->sol, fam->opt_ttl, &ttl, sizeof(ttl)) <
	    0) {
		cli_err(errbuf, "ICMP datagram socket: TTL %d: %s", ttl,
			strerror(errno));
		return -1;
	}
	for (tries = 0; tries < TRC_DGRAM_TRIES; tries++) {
		g->plan.pr[ttl][r].out_ns = cli_now_ns(CLOCK_REALTIME);
		if (sendto(g->sk.fd, b + off, g->tlen - off, 0,
			   (struct sockaddr *)&g->sk.to, g->sk.tolen) >= 0)
			break;
		dgram_receive(g);
	}
	if (tries == TRC_DGRAM_TRIES) {
		g->sk.failed++; /* the probe stays unanswered: lost */
		return 0;
	}
	if (g->nsent < TRC_NIDX)
		g->sendidx[g->nsent] = (uint16_t)idx;
	g->nsent++;
	g->sk.sent++;
	return 0;
}

static int
send_due(struct trace *g, int64_t mono, char *errbuf)
{
	static uint8_t bufs[INJ_BATCH][TRC_PROBE_MAX];
	struct iovec iov[INJ_BATCH];
	int n = 0, ttl, r;

	if (g->tlen > sizeof(bufs[0])) {
		cli_err(errbuf, "-s %lld: a probe must fit in %d bytes",
			g->size, TRC_PROBE_MAX);
		return -1;
	}
	while (n < INJ_BATCH && trc_next(&g->plan, mono, &ttl, &r)) {
		struct trc_probe *x = &g->plan.pr[ttl][r];

		if (g->dgram) {
			memcpy(bufs[0], g->tmpl, g->tlen);
			if (send_dgram(g, ttl, r, bufs[0], errbuf) < 0)
				return -1;
			continue;
		}

		memcpy(bufs[n], g->tmpl, g->tlen);
		trc_patch(&g->f, bufs[n], g->tlen, TRC_IDX(ttl, r));
		/* The RTT's start until the outgoing copy is captured. */
		x->out_ns = cli_now_ns(CLOCK_REALTIME);
		iov[n].iov_base = bufs[n];
		iov[n].iov_len = g->tlen;
		n++;
	}
	return n ? inj_sock_send(&g->sk, iov, n, errbuf) : 0;
}

static void
on_answer(struct trace *g, int idx, int64_t ts, const struct trc_probe *a)
{
	struct trc_probe x = *a;
	struct trc_probe *p = &g->plan.pr[TRC_TTL(idx)][TRC_R(idx)];

	x.rtt_ns = ts - p->out_ns;
	trc_answer(&g->plan, TRC_TTL(idx), TRC_R(idx), &x);
}

/* --pmtu: a probe was too big for the link after a router.  Smaller
 * probes from now on (the template rebuilt), the probe sent again, and
 * the lowest TTL that met this MTU remembered (tracepath's line).
 * Returns 0 when the answer is to be taken as it is (no MTU in it, or
 * not smaller than the probes). */
static int
on_too_big(struct trace *g, int idx, uint32_t mtu)
{
	int ttl = TRC_TTL(idx), r = TRC_R(idx), t;
	uint32_t min = g->f.ver == 6 ? 1280 : 68;

	if (mtu < min || mtu > g->mtu || ttl > g->plan.max || r >= g->plan.q ||
	    g->plan.pr[ttl][r].state != TRC_SENT)
		return mtu >= min && mtu <= g->mtu;
	if (mtu < g->mtu) {
		g->mtu = mtu;
		g->f.payload = payload_of(g, mtu);
		free(g->tmpl);
		g->tmpl = NULL;
		if (trc_template(&g->f, &g->tmpl, &g->tlen, g->err) < 0) {
			g->failed = 1;
			return 1;
		}
	}
	for (t = ttl + 1; t <= TRC_MAXTTL; t++)
		if (g->hop_pmtu[t] == mtu)
			g->hop_pmtu[t] = 0;
	for (t = 1; t < ttl && g->hop_pmtu[t] != mtu; t++)
		;
	if (t == ttl)
		g->hop_pmtu[ttl] = mtu;
	g->seen[idx] = 0;
	trc_retry(&g->plan, ttl, r);
	return 1;
}

/* An answer to probe idx: an ICMP message from d->ip.src (an error,
 * whose quote may be absent: a datagram socket's error queue has none). */
static void
take_answer(struct trace *g, const struct dec_pkt *d, int idx, int64_t ts)
{
	const struct dec_icmp *m = &d->icmp;
	struct trc_probe a;
	char nb[16];
	int fin;

	if (g->pmtu && trc_too_big(m->ver, m->type, m->code) &&
	    on_too_big(g, idx, m->fields_ok ? m->mtu : 0))
		return;
	if (g->ext && g->plan.pr[TRC_TTL(idx)][TRC_R(idx)].state == TRC_SENT)
		trc_ext_read(m, &g->ext[idx]);
	memset(&a, 0, sizeof(a));
	a.type = m->type;
	a.code = m->code;
	a.mtu = m->fields_ok ? m->mtu : 0;
	a.has_qttl = m->q.present && dec_is_error(m->ver, m->type);
	a.qttl = m->q.ttl;
	memcpy(a.from, d->ip.src, g->fam->alen);
	trc_note(m->ver, m->type, m->code, a.mtu, nb, sizeof(nb), &fin);
	a.final = (uint8_t)fin;
	a.slow = (uint8_t)trc_route_error(
		m->ver, m->type, m->code,
		!memcmp(d->ip.src, g->f.dst, g->fam->alen));
	on_answer(g, idx, ts, &a);
}

/* An ICMP message: an error quoting a probe, or an echo reply. */
static int
on_icmp(struct trace *g, const struct dec_pkt *d, int64_t ts)
{
	const struct dec_icmp *m = &d->icmp;
	int idx;

	if (dec_is_error(m->ver, m->type) && m->q.present)
		idx = trc_key(&g->f, &m->q, 0);
	else if (m->type == g->fam->echo_reply && m->has_idseq &&
		 !memcmp(d->ip.src, g->f.dst, g->fam->alen))
		idx = trc_key_echo(&g->f, m->id, m->seq);
	else
		return 0;
	if (idx >= 0)
		take_answer(g, d, idx, ts);
	return 1;
}

/* A datagram socket's transmit timestamp: when send number key left
 * (SOF_TIMESTAMPING_OPT_ID counts the sends from 0).  Kernels before
 * 6.13 count a send that failed too (the retry in send_dgram): a stamp
 * earlier than the send it is taken for, or of a send not made, says
 * the count slipped, and the RTTs start at the sends from then on. */
static void
dgram_stamp(struct trace *g, const struct ps_qent *e)
{
	struct trc_probe *p;
	int idx;

	if (g->stamps_bad || !e->ts_ns || e->key >= TRC_NIDX)
		return;
	if (e->key >= g->nsent) {
		g->stamps_bad = 1;
		return;
	}
	idx = g->sendidx[e->key];
	p = &g->plan.pr[TRC_TTL(idx)][TRC_R(idx)];
	if (p->state != TRC_SENT)
		return;
	if (e->ts_ns < p->out_ns)
		g->stamps_bad = 1;
	else
		p->out_ns = e->ts_ns;
}

/* A queued ICMP error: its type, code, sender and MTU from the kernel,
 * the probe from the start of the message it quotes (our echo request,
 * id and sequence number). */
static void
dgram_error(struct trace *g, const struct ps_qent *e)
{
	struct dec_pkt q, d;
	int idx;

	if (g->udp_idx)
		idx = e->len >= 2 ? g->udp_idx[rd_be16(e->msg)] - 1 : -1;
	else if (dec_icmp_msg(&q, g->f.ver, g->f.src, g->f.dst, 0, e->msg,
			      e->len) != DEC_ICMP ||
		 !q.icmp.has_idseq)
		return;
	else
		idx = trc_key_echo(&g->f, q.icmp.id, q.icmp.seq);
	if (idx < 0)
		return;
	memset(&d, 0, sizeof(d));
	memcpy(d.ip.src, e->from, 16);
	d.icmp.ver = (uint8_t)g->f.ver;
	d.icmp.type = e->type;
	d.icmp.code = e->code;
	d.icmp.fields_ok = trc_too_big(g->f.ver, e->type, e->code);
	d.icmp.mtu = d.icmp.fields_ok ? e->info : 0;
	take_answer(g, &d, idx,
		    e->ts_ns ? e->ts_ns : cli_now_ns(CLOCK_REALTIME));
}

/* The datagram socket: stamps and errors queued, then the replies. */
static void
dgram_receive(struct trace *g)
{
	struct ps_qent e;
	struct ps_rx r;
	struct dec_pkt d;

	while (ps_errq_next(g->sk.fd, g->f.ver, &e))
		if (e.kind == PS_Q_STAMP)
			dgram_stamp(g, &e);
		else if (e.kind == PS_Q_ICMP)
			dgram_error(g, &e);
	while (ps_dgram_recv(g->sk.fd, g->f.ver, g->rx, sizeof(g->rx), &r))
		if (dec_icmp_msg(&d, g->f.ver, r.src, g->f.src, r.ttl, g->rx,
				 r.len) == DEC_ICMP)
			on_icmp(g, &d,
				r.ts_ns ? r.ts_ns : cli_now_ns(CLOCK_REALTIME));
}

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct trace *g = (struct trace *)arg;
	struct dec_pkt d;
	struct dec_quote q;
	int64_t ts;
	int idx;

	inj_capture_pkt(&d, h, data);
	ts = d.ts_sec * 1000000000 + d.ts_nsec;
	if (dec_packet(inj_capt_datalink(g->p), &d) == DEC_ICMP &&
	    d.icmp.ver == g->f.ver && on_icmp(g, &d, ts))
		return;
	if (!d.ip_hdr)
		return;
	dec_datagram(&q, d.ip_hdr, d.ip_caplen);
	idx = trc_key(&g->f, &q, 0);
	if (idx >= 0) {
		struct trc_probe *p = &g->plan.pr[TRC_TTL(idx)][TRC_R(idx)];

		if (!g->seen[idx] && p->state == TRC_SENT) {
			g->seen[idx] = 1;
			p->out_ns = ts;
		}
		return;
	}
	idx = trc_key(&g->f, &q, 1);
	if (idx >= 0) {
		struct trc_probe a;

		memset(&a, 0, sizeof(a));
		a.final = 1;
		a.tcp = q.tflags;
		memcpy(a.from, g->f.dst, g->fam->alen);
		on_answer(g, idx, ts, &a);
	}
}

static const char *
answer_name(const struct trace *g, const struct trc_probe *x)
{
	const char *n;

	if (g->f.method == TRC_TCP && x->tcp)
		return x->tcp & 0x04 ? "tcp-rst" : "tcp-syn-ack";
	n = dec_type_name(g->f.ver, x->type);
	return n ? n : "unknown";
}

/* -e in JSON: "mpls" (the label stack entries) and "interface". */
static void
ext_json(struct trace *g, const struct trc_ext *e)
{
	char b[160];
	int i;

	for (i = 0; i < e->nlabel; i++) {
		snprintf(b, sizeof(b),
			 "%s{\"label\":%u,\"tc\":%u,\"s\":%u,\"ttl\":%u}",
			 i ? "," : ",\"mpls\":[", e->label[i].label,
			 e->label[i].tc, e->label[i].s, e->label[i].ttl);
		ob_str(&g->ob, b);
	}
	if (e->nlabel)
		ob_char(&g->ob, ']');
	if (!e->has_if)
		return;
	snprintf(b, sizeof(b), ",\"interface\":{\"role\":\"%s\"",
		 dec_ext_role_name(e->role));
	ob_str(&g->ob, b);
	if (e->has_ifindex) {
		snprintf(b, sizeof(b), ",\"ifindex\":%u", e->ifindex);
		ob_str(&g->ob, b);
	}
	if (e->name_len) {
		OB_LIT(&g->ob, ",\"name\":\"");
		ob_json_esc(&g->ob, e->name, e->name_len);
		ob_char(&g->ob, '"');
	}
	if (e->has_mtu) {
		snprintf(b, sizeof(b), ",\"mtu\":%u", e->mtu);
		ob_str(&g->ob, b);
	}
	ob_char(&g->ob, '}');
}

static void
probe_json(struct trace *g, int ttl, int r)
{
	const struct trc_probe *x = &g->plan.pr[ttl][r];
	char a[INET6_ADDRSTRLEN], nb[16], b[512];
	const char *note;
	int fin, n;

	if (x->state != TRC_ANSWERED) {
		snprintf(b, sizeof(b),
			 "{\"hop\":%d,\"probe\":%d,\"responder\":null,"
			 "\"rtt_ms\":null}\n",
			 ttl, r + 1);
		ob_str(&g->ob, b);
		return;
	}
	inet_ntop(g->fam->af, x->from, a, sizeof(a));
	note = x->tcp ? ""
		      : trc_note(g->f.ver, x->type, x->code, x->mtu, nb,
				 sizeof(nb), &fin);
	n = snprintf(b, sizeof(b),
		     "{\"hop\":%d,\"probe\":%d,\"responder\":\"%s\","
		     "\"rtt_ms\":%.6f,\"type\":%u,\"code\":%u,\"name\":\"%s\","
		     "\"annotation\":\"%s\"",
		     ttl, r + 1, a, (double)x->rtt_ns / 1e6,
		     x->tcp ? 0 : x->type, x->tcp ? 0 : x->code,
		     answer_name(g, x), note);
	if (x->has_qttl)
		n += snprintf(b + n, sizeof(b) - (size_t)n,
			      ",\"quoted_ttl\":%u", x->qttl);
	ob_str(&g->ob, b);
	if (g->ext)
		ext_json(g, &g->ext[TRC_IDX(ttl, r)]);
	OB_LIT(&g->ob, "}\n");
}

static double
ms(int64_t ns)
{
	return (double)ns / 1e6;
}

/* Whether probe r of a hop was answered by a responder that no earlier
 * probe of the hop had. */
static int
new_responder(const struct trace *g, int ttl, int r)
{
	const struct trc_probe *x = g->plan.pr[ttl];
	int k;

	if (x[r].state != TRC_ANSWERED)
		return 0;
	for (k = 0; k < r; k++)
		if (x[k].state == TRC_ANSWERED &&
		    !memcmp(x[k].from, x[r].from, 16))
			return 0;
	return 1;
}

/* --ecmp: each responder of a hop and the flows (probe numbers of the
 * hop) that reached it; JSON: "flows":{"addr":[0,2],...} */
static void
hop_flows(struct trace *g, int ttl)
{
	const struct trc_probe *x = g->plan.pr[ttl];
	char a[INET6_ADDRSTRLEN], b[16];
	int r, k, n = 0;

	for (r = 0; r < g->plan.q; r++) {
		if (!new_responder(g, ttl, r))
			continue;
		inet_ntop(g->fam->af, x[r].from, a, sizeof(a));
		ob_str(&g->ob,
		       g->json ? (n++ ? ",\"" : ",\"flows\":{\"") : "    ");
		ob_str(&g->ob, a);
		ob_str(&g->ob, g->json ? "\":[" : " flows");
		for (k = r; k < g->plan.q; k++)
			if (x[k].state == TRC_ANSWERED &&
			    !memcmp(x[k].from, x[r].from, 16)) {
				snprintf(b, sizeof(b),
					 g->json && k > r ? ",%d" : " %d", k);
				ob_str(&g->ob, g->json && k == r ? b + 1 : b);
			}
		ob_str(&g->ob, g->json ? "]" : "\n");
	}
	if (g->json && n)
		ob_char(&g->ob, '}');
}

/* The end of a hop's object: its figures (trc_hop_stats). */
static void
hop_figures_json(struct trace *g, int ttl)
{
	struct trc_hopstat s;
	char b[512];
	int n;

	trc_hop_stats(&g->plan, ttl, &s);
	n = snprintf(b, sizeof(b),
		     "],\"sent\":%d,\"answered\":%d,\"loss_pct\":%.1f,"
		     "\"rate_limited\":%s",
		     s.sent, s.answered, s.loss_pct, s.rl ? "true" : "false");
	if (g->hop_pmtu[ttl])
		n += snprintf(b + n, sizeof(b) - (size_t)n, ",\"pmtu\":%u",
			      g->hop_pmtu[ttl]);
	if (g->ecmp) {
		b[n] = 0;
		ob_str(&g->ob, b);
		hop_flows(g, ttl);
		n = 0;
	}
	if (s.answered)
		snprintf(b + n, sizeof(b) - (size_t)n,
			 ",\"last_ms\":%.6f,\"avg_ms\":%.6f,\"best_ms\":%.6f,"
			 "\"worst_ms\":%.6f,\"stdev_ms\":%.6f,\"p50_ms\":%.6f,"
			 "\"p90_ms\":%.6f}\n",
			 ms(s.last), s.avg / 1e6, ms(s.best), ms(s.worst),
			 s.stdev / 1e6, ms(s.p50), ms(s.p90));
	else
		snprintf(b + n, sizeof(b) - (size_t)n, "}\n");
	ob_str(&g->ob, b);
}

static void
hop_json(struct trace *g, int ttl)
{
	char a[INET6_ADDRSTRLEN], b[128];
	int r, nresp = 0;

	OB_LIT(&g->ob, "{\"hop\":");
	snprintf(b, sizeof(b), "%d,\"responders\":[", ttl);
	ob_str(&g->ob, b);
	for (r = 0; r < g->plan.q; r++) {
		const struct trc_probe *x = &g->plan.pr[ttl][r];

		if (!new_responder(g, ttl, r))
			continue;
		inet_ntop(g->fam->af, x->from, a, sizeof(a));
		snprintf(b, sizeof(b), "%s\"%s\"", nresp++ ? "," : "", a);
		ob_str(&g->ob, b);
	}
	hop_figures_json(g, ttl);
}

static void
probe_text(struct trace *g, int ttl, int r)
{
	const struct trc_probe *x = &g->plan.pr[ttl][r];
	const struct trc_probe *prev = r ? x - 1 : NULL;
	char a[INET6_ADDRSTRLEN], nb[16], b[128];
	const char *note;
	int fin;

	if (x->state != TRC_ANSWERED) {
		OB_LIT(&g->ob, " *");
		return;
	}
	/* As traceroute: the address when it differs from the last probe's
	 * (a lost one has none). */
	if (!prev || prev->state != TRC_ANSWERED ||
	    memcmp(prev->from, x->from, 16)) {
		inet_ntop(g->fam->af, x->from, a, sizeof(a));
		ob_char(&g->ob, ' ');
		ob_str(&g->ob, a);
	}
	snprintf(b, sizeof(b), "  %.3f ms", (double)x->rtt_ns / 1e6);
	ob_str(&g->ob, b);
	note = x->tcp ? ""
		      : trc_note(g->f.ver, x->type, x->code, x->mtu, nb,
				 sizeof(nb), &fin);
	if (*note) {
		ob_char(&g->ob, ' ');
		ob_str(&g->ob, note);
	}
	if (x->has_qttl && x->qttl != 1) {
		snprintf(b, sizeof(b), " q=%u", x->qttl);
		ob_str(&g->ob, b);
	}
	/* The extensions, too, when they differ from the last probe's. */
	if (g->ext && (!prev || prev->state != TRC_ANSWERED ||
		       memcmp(&g->ext[TRC_IDX(ttl, r)],
			      &g->ext[TRC_IDX(ttl, r - 1)], sizeof(*g->ext)))) {
		char e[256];

		trc_ext_text(&g->ext[TRC_IDX(ttl, r)], e, sizeof(e));
		ob_str(&g->ob, e);
	}
}

/* --pmtu: " pmtu N" on the hop where the path MTU went down to N (the
 * hop line of tracepath). */
static void
pmtu_note(struct trace *g, int ttl)
{
	char b[32];

	if (!g->hop_pmtu[ttl])
		return;
	snprintf(b, sizeof(b), " pmtu %u", g->hop_pmtu[ttl]);
	ob_str(&g->ob, b);
}

/* --pmtu: the path MTU at the end, as tracepath's "Resume: pmtu N". */
static void
path_mtu_line(struct trace *g)
{
	char b[32];

	if (!g->pmtu)
		return;
	snprintf(b, sizeof(b), "path mtu %u\n", g->mtu);
	ob_str(&g->ob, b);
}

/* The responders of a hop after the first, one line each (mtr). */
static void
table_more(struct trace *g, int ttl, const uint8_t *first)
{
	char a[INET6_ADDRSTRLEN];
	int r;

	for (r = 0; r < g->plan.q; r++) {
		const struct trc_probe *x = &g->plan.pr[ttl][r];

		if (!new_responder(g, ttl, r) || !memcmp(x->from, first, 16))
			continue;
		inet_ntop(g->fam->af, x->from, a, sizeof(a));
		ob_str(&g->ob, "     ");
		ob_str(&g->ob, a);
		ob_char(&g->ob, '\n');
	}
}

/* One row of the -c table (mtr --report's columns, and p50, p90). */
static int
table_row(struct trace *g, int ttl)
{
	struct trc_hopstat s;
	const uint8_t *first = NULL;
	char a[INET6_ADDRSTRLEN] = "???", b[256];
	int r;

	trc_hop_stats(&g->plan, ttl, &s);
	for (r = 0; r < g->plan.q && !first; r++)
		if (g->plan.pr[ttl][r].state == TRC_ANSWERED)
			first = g->plan.pr[ttl][r].from;
	if (first)
		inet_ntop(g->fam->af, first, a, sizeof(a));
	snprintf(b, sizeof(b),
		 "%3d  %-24s %4d %5.1f%%%s %7.3f %7.3f %7.3f %7.3f %7.3f "
		 "%7.3f %7.3f",
		 ttl, a, s.sent, s.loss_pct, s.rl ? " rl" : "   ", ms(s.last),
		 s.avg / 1e6, ms(s.best), ms(s.worst), s.stdev / 1e6, ms(s.p50),
		 ms(s.p90));
	ob_str(&g->ob, b);
	pmtu_note(g, ttl);
	ob_char(&g->ob, '\n');
	if (g->ecmp)
		hop_flows(g, ttl);
	else if (first)
		table_more(g, ttl, first);
	return s.rl;
}

static void
print_table(struct trace *g)
{
	int ttl, rl = 0, last = trc_last(&g->plan);
	char b[256];

	snprintf(b, sizeof(b),
		 "HOP  %-24s %4s %6s    %7s %7s %7s %7s %7s %7s %7s\n",
		 "RESPONDER", "SENT", "LOSS", "LAST", "AVG", "BEST", "WORST",
		 "STDEV", "P50", "P90");
	ob_str(&g->ob, b);
	for (ttl = g->plan.first; ttl <= last; ttl++)
		rl |= table_row(g, ttl);
	path_mtu_line(g);
	if (!rl)
		return;
	snprintf(b, sizeof(b),
		 "rl: -i %g is faster than routers answer (Linux: a burst of "
		 "6, then 1/s per source); these losses are rate-limited "
		 "answers, not path loss\n",
		 g->interval);
	ob_str(&g->ob, b);
}

/* Whether the end of the trace is the destination itself. */
static int
reached(const struct trace *g)
{
	int r;

	if (!g->plan.end)
		return 0;
	for (r = 0; r < g->plan.q; r++)
		if (g->plan.pr[g->plan.end][r].state == TRC_ANSWERED &&
		    !memcmp(g->plan.pr[g->plan.end][r].from, g->f.dst,
			    g->fam->alen))
			return 1;
	return 0;
}

static void
print_result(struct trace *g)
{
	static const char *const mname[] = {"icmp", "udp", "tcp"};
	int ttl, r, last = trc_last(&g->plan);
	char b[512];

	if (g->rounds && !g->json) {
		print_table(g);
		return;
	}
	for (ttl = g->plan.first; ttl <= last; ttl++) {
		if (!g->json) {
			snprintf(b, sizeof(b), "%2d ", ttl);
			ob_str(&g->ob, b);
		}
		for (r = 0; r < g->plan.q; r++)
			if (g->json)
				probe_json(g, ttl, r);
			else
				probe_text(g, ttl, r);
		if (g->json) {
			hop_json(g, ttl);
			continue;
		}
		pmtu_note(g, ttl);
		ob_char(&g->ob, '\n');
		if (g->ecmp)
			hop_flows(g, ttl);
	}
	if (!g->json) {
		path_mtu_line(g);
		return;
	}
	snprintf(b, sizeof(b),
		 "{\"summary\":{\"host\":\"%s\",\"addr\":\"%s\",\"ip\":%d,"
		 "\"method\":\"%s\",\"first\":%d,\"hops\":%d,\"reached\":%s,"
		 "\"rounds\":%lld,\"interval\":%g,\"path_mtu\":%u,"
		 "\"sent\":%llu,\"time_ms\":%.3f}}\n",
		 g->host, g->addr, g->f.ver, mname[g->f.method], g->plan.first,
		 last, reached(g) ? "true" : "false", g->rounds,
		 g->rounds ? g->interval : 0, g->pmtu ? g->mtu : 0, g->sk.sent,
		 (double)(cli_now_ns(CLOCK_MONOTONIC) - g->start_ns) / 1e6);
	ob_str(&g->ob, b);
}

static int
run(struct trace *g, char *errbuf)
{
	struct pollfd pfd = {.fd = g->dgram ? g->sk.fd : inj_capt_fd(g->p),
			     .events = POLLIN};
	int64_t mono;

	sig_stop_install(sig_on_stop); /* SIGINT, TERM, HUP, PIPE */
	g->start_ns = cli_now_ns(CLOCK_MONOTONIC);
	trc_plan_init(&g->plan, (int)g->first, (int)g->maxttl, (int)g->nprobe,
		      (int64_t)(g->wait * 1e9));
	if (g->rounds)
		trc_plan_rounds(&g->plan, (int64_t)(g->interval * 1e9));
	while (!sig_stopped) {
		mono = cli_now_ns(CLOCK_MONOTONIC);
		if (send_due(g, mono, errbuf) < 0)
			return -1;
		if (g->dgram)
			dgram_receive(g);
		else if (inj_capt_dispatch(g->p, on_packet, (u_char *)g,
					   errbuf) < 0)
			return -1;
		if (g->failed)
			return -1;
		/* Answers are read before anything is declared lost. */
		mono = cli_now_ns(CLOCK_MONOTONIC);
		trc_expire(&g->plan, mono);
		if (trc_done(&g->plan))
			break;
		if (!trc_next_due(&g->plan, mono))
			poll(&pfd, 1,
			     (int)((trc_wait(&g->plan, mono) + 999999) /
				   1000000));
	}
	return 0;
}

int
cmd_trace(int argc, char **argv, char *errbuf)
{
	struct trace *g = calloc(1, sizeof(*g));
	int rc = 2, r;

	if (!g) {
		cli_err(errbuf, "memory: out of memory");
		return 2;
	}
	g->maxttl = 30;
	g->first = 1;
	g->nprobe = 3;
	g->wait = 5;
	g->interval = 1;
	g->size = 32;
	g->sk.fd = -1;
	g->err = errbuf;
	ob_init(&g->ob, stdout, g->obmem, sizeof(g->obmem));
	r = parse_args(g, argc, argv, errbuf);
	if (r) {
		rc = r > 0 ? 0 : 2;
		goto out;
	}
	if (g->exts) {
		g->ext = calloc(TRC_NIDX, sizeof(*g->ext));
		if (!g->ext) {
			cli_err(errbuf, "memory: out of memory");
			goto out;
		}
	}
	if (setup(g, errbuf) < 0 || open_handles(g, errbuf) < 0)
		goto out;
	/* Both handles are open: nothing more needs privileges. */
	if (priv_drop("nobody", errbuf) < 0 ||
	    sandbox_enter("trace", errbuf) < 0)
		goto out;
	if (!g->json) {
		char b[256];

		snprintf(b, sizeof(b),
			 "traceroute to %s (%s), %lld hops max, %zu byte "
			 "packets\n",
			 g->host, g->addr, g->maxttl, g->tlen);
		ob_str(&g->ob, b);
		ob_flush(&g->ob);
	}
	if (run(g, errbuf) < 0)
		goto out;
	print_result(g);
	if (cli_out_done(&g->ob, errbuf) < 0)
		goto out;
	rc = reached(g) ? 0 : 1;
out:
	if (g->p)
		inj_capt_close(g->p);
	if (g->sk.fd >= 0)
		close(g->sk.fd);
	free(g->tmpl);
	free(g->ext);
	free(g->udp_idx);
	free(g);
	return rc;
}
