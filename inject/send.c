/* icmpkit send: craft ICMP/ICMPv6 with libnet and inject it, or write it
 * to a pcap file (dry run, no privileges).
 *
 * The packet is built once by libnet and coalesced to bytes; each packet
 * sent is a copy with its per-packet fields patched (sequence number, IP
 * id, send timestamp) and its checksums recomputed, handed to the kernel
 * in batches with sendmmsg() on libnet's own socket.  libnet_write() would
 * malloc, build and copy for every packet. */
#define _GNU_SOURCE /* sendmmsg */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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

#include "../capture/cli.h"
#include "../capture/dump.h"
#include "../decode/cksum.h"
#include "../decode/print.h"
#include "inj.h"

#define BATCH 64
#define DEFAULT_SIZE 56
#define MAX_PATTERN 4096

enum { M_DRY, M_RAW, M_LINK };

enum {
	O_TYPE = 0x200,
	O_CODE,
	O_LIST,
	O_ID,
	O_SEQ,
	O_IPID,
	O_RATE,
	O_FLOOD,
	O_PSTR,
	O_PFILE,
	O_LINK,
	O_SRCMAC,
	O_DSTMAC,
	O_MTU,
	O_GW,
	O_PTR,
	O_MASK,
	O_LIFE,
	O_TARGET,
	O_NAFLAGS,
	O_QUOTE,
	O_QFILE,
	O_HELP,
};

struct send_state {
	/* Options. */
	const char *host, *type_name, *code_name, *iface, *wfile, *srcarg;
	const char *gwarg, *maskarg, *targetarg, *src_mac_arg, *dst_mac_arg;
	const char *quote_mode, *quote_file, *pstr, *pfile, *phex;
	int ver_req, link, flood, quiet, verbose;
	long long count, size;
	double interval, rate;
	int have_size, have_interval, have_seq, have_ttl;
	struct inj_pkt pkt;
	/* Built. */
	int mode;
	libnet_t *l;
	uint8_t *tmpl;
	uint32_t tlen;
	size_t ip_off, icmp_off, icmp_len;
	int stamp_payload; /* the payload starts with a send timestamp */
	uint8_t *bufs;	   /* BATCH copies of the template */
	int fd;
	struct sockaddr_storage to;
	socklen_t tolen;
	struct dump dump;
	pcap_t *dead;
	/* Counters. */
	unsigned long long sent, failed;
	struct obuf ob;
	char obmem[1 << 16];
};

static volatile sig_atomic_t send_stop;

static void
on_int(int sig)
{
	(void)sig;
	send_stop = 1;
}

void
usage_send(void)
{
	fputs("usage: icmpkit send [options] HOST\n"
	      "  build ICMP/ICMPv6 packets with libnet and inject them\n"
	      "  --type NAME|N   message type (default echo-request); "
	      "--list-types\n"
	      "  --code NAME|N   code (default 0)\n"
	      "  -4, -6          IPv4 / IPv6 (default: from HOST)\n"
	      "  -c N            packets to send (default 1; 0 = until "
	      "interrupted)\n"
	      "  -i SECONDS      interval (default 1; fractions allowed)\n"
	      "  --rate PPS      packets per second, on an absolute schedule\n"
	      "  --flood         as fast as possible, in batches\n"
	      "  -s SIZE         payload bytes (default 56)\n"
	      "  -p HEX          payload pattern, repeated\n"
	      "  --payload-string STR, --payload-file FILE  payload bytes\n"
	      "  --id N, --seq N identifier and first sequence number (seq "
	      "increments)\n"
	      "  -t TTL, -Q TOS, -D (don't fragment), --ip-id N\n"
	      "  -S SRC          source address (any, as root)\n"
	      "  -I IFACE        interface; with --link the Ethernet header is "
	      "built too\n"
	      "  --link, --src-mac MAC, --dst-mac MAC  (default: the "
	      "interface's MAC, the neighbour table)\n"
	      "  --mtu N         frag-needed next-hop MTU, packet-too-big MTU\n"
	      "  --gateway ADDR  redirect gateway\n"
	      "  --pointer N     parameter-problem pointer\n"
	      "  --mask ADDR     address mask reply (default 255.255.255.0)\n"
	      "  --lifetime N    router advertisement lifetime (default 1800)\n"
	      "  --target ADDR   NS/NA target (default HOST / the source)\n"
	      "  --na-flags rso  NA router/solicited/override flags (default o)\n"
	      "  --quote auto|none, --quote-file FILE  datagram quoted by "
	      "errors (default auto)\n"
	      "  -w FILE         write the packets to a pcap instead of sending "
	      "(no privileges)\n"
	      "  -v              print each packet as the decoder reads it\n"
	      "  -q              no summary\n",
	      stdout);
}

static const struct option send_long[] = {
	{"type", required_argument, NULL, O_TYPE},
	{"code", required_argument, NULL, O_CODE},
	{"list-types", no_argument, NULL, O_LIST},
	{"id", required_argument, NULL, O_ID},
	{"seq", required_argument, NULL, O_SEQ},
	{"ip-id", required_argument, NULL, O_IPID},
	{"rate", required_argument, NULL, O_RATE},
	{"flood", no_argument, NULL, O_FLOOD},
	{"payload-string", required_argument, NULL, O_PSTR},
	{"payload-file", required_argument, NULL, O_PFILE},
	{"link", no_argument, NULL, O_LINK},
	{"src-mac", required_argument, NULL, O_SRCMAC},
	{"dst-mac", required_argument, NULL, O_DSTMAC},
	{"mtu", required_argument, NULL, O_MTU},
	{"gateway", required_argument, NULL, O_GW},
	{"pointer", required_argument, NULL, O_PTR},
	{"mask", required_argument, NULL, O_MASK},
	{"lifetime", required_argument, NULL, O_LIFE},
	{"target", required_argument, NULL, O_TARGET},
	{"na-flags", required_argument, NULL, O_NAFLAGS},
	{"quote", required_argument, NULL, O_QUOTE},
	{"quote-file", required_argument, NULL, O_QFILE},
	{"help", no_argument, NULL, O_HELP},
	{NULL, 0, NULL, 0},
};

static int
parse_seconds(const char *s, const char *what, double min, double max,
	      double *out, char *errbuf)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || isnan(v) || v < min || v > max) {
		cli_err(errbuf, "%s '%s': not a number in [%g, %g]", what, s,
			min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The payload: a pattern (hex, string or file) repeated to SIZE, or by
 * default ping's: a send timestamp (struct timeval) then bytes i = i. */
static int
make_payload(struct send_state *s, char *errbuf)
{
	uint8_t *pat = NULL;
	size_t plen = 0, i, maxsize = s->pkt.ver == 6 ? 65527 : 65507;
	long long size;

	if (s->phex) {
		size_t n = strlen(s->phex);

		if (!n || n % 2 || n / 2 > MAX_PATTERN) {
			cli_err(errbuf, "-p '%s': not a hex pattern of 1 to %d "
					"bytes",
				s->phex, MAX_PATTERN);
			return -1;
		}
		pat = malloc(n / 2);
		for (i = 0; pat && i < n / 2; i++) {
			int hi = hexval(s->phex[2 * i]),
			    lo = hexval(s->phex[2 * i + 1]);

			if (hi < 0 || lo < 0) {
				cli_err(errbuf, "-p '%s': not hex", s->phex);
				free(pat);
				return -1;
			}
			pat[i] = (uint8_t)(hi << 4 | lo);
		}
		plen = n / 2;
	} else if (s->pstr) {
		plen = strlen(s->pstr);
		pat = malloc(plen ? plen : 1);
		if (pat)
			memcpy(pat, s->pstr, plen);
	} else if (s->pfile) {
		FILE *f = fopen(s->pfile, "rb");

		if (!f) {
			cli_err(errbuf, "%s: %s", s->pfile, strerror(errno));
			return -1;
		}
		pat = malloc(maxsize + 1);
		plen = pat ? fread(pat, 1, maxsize + 1, f) : 0;
		if (pat && ferror(f)) {
			cli_err(errbuf, "%s: %s", s->pfile, strerror(errno));
			fclose(f);
			free(pat);
			return -1;
		}
		fclose(f);
		if (plen > maxsize) {
			cli_err(errbuf, "%s: larger than the %zu bytes an ICMP "
					"payload can hold",
				s->pfile, maxsize);
			free(pat);
			return -1;
		}
	}
	if ((s->phex || s->pstr || s->pfile) && !pat) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	size = s->have_size ? s->size
	       : (s->pstr || s->pfile) ? (long long)plen
				       : DEFAULT_SIZE;
	if (size > (long long)maxsize) {
		cli_err(errbuf, "-s %lld: out of range; use 0 to %zu", size,
			maxsize);
		free(pat);
		return -1;
	}
	s->pkt.payload = malloc(size ? (size_t)size : 1);
	if (!s->pkt.payload) {
		free(pat);
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	s->pkt.payload_len = (uint32_t)size;
	for (i = 0; i < (size_t)size; i++)
		s->pkt.payload[i] = pat && plen ? pat[i % plen] : (uint8_t)i;
	s->stamp_payload = !pat && size >= 16;
	free(pat);
	return 0;
}

static int
load_quote(struct send_state *s, char *errbuf)
{
	const struct inj_type *t = s->pkt.t;
	FILE *f;
	size_t n;

	if (t->kind != INJ_ERROR && t->kind != INJ_REDIRECT)
		return 0;
	if (s->quote_file) {
		f = fopen(s->quote_file, "rb");
		if (!f) {
			cli_err(errbuf, "%s: %s", s->quote_file,
				strerror(errno));
			return -1;
		}
		s->pkt.quote = malloc(65536);
		n = s->pkt.quote ? fread(s->pkt.quote, 1, 65536, f) : 0;
		fclose(f);
		if (n > 65000) {
			cli_err(errbuf, "%s: too large to quote",
				s->quote_file);
			return -1;
		}
		s->pkt.quote_len = (uint32_t)n;
		return 0;
	}
	if (!strcmp(s->quote_mode, "none"))
		return 0;
	return inj_quote_auto(&s->pkt, &s->pkt.quote, &s->pkt.quote_len,
			      errbuf);
}

static int
parse_addr(const char *arg, int ver, uint8_t out[16], const char *what,
	   char *errbuf)
{
	int v = ver;

	if (inj_resolve(arg, &v, out, errbuf) < 0) {
		char tmp[CLI_ERRBUF];

		snprintf(tmp, sizeof(tmp), "%s %s", what, errbuf);
		snprintf(errbuf, CLI_ERRBUF, "%s", tmp);
		return -1;
	}
	return 0;
}

/* Options that only make sense for some types. */
static int
type_options(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;
	const struct inj_type *t = p->t;

	if (t->ver == 4 && t->type == 5) {
		if (!s->gwarg) {
			cli_err(errbuf, "redirect needs --gateway ADDR");
			return -1;
		}
		if (parse_addr(s->gwarg, 4, p->gateway, "--gateway", errbuf) <
		    0)
			return -1;
	} else if (s->gwarg) {
		cli_err(errbuf, "--gateway: only for redirect");
		return -1;
	}
	if (p->mtu && !((t->ver == 4 && t->type == 3 && p->code == 4) ||
			(t->ver == 6 && t->type == 2))) {
		cli_err(errbuf, "--mtu: only for dest-unreachable code 4 "
				"(frag-needed) and packet-too-big");
		return -1;
	}
	if (t->ver == 4 && t->type == 3 && p->code == 4 && !p->mtu)
		p->mtu = 576;
	if (t->ver == 6 && t->type == 2 && !p->mtu)
		p->mtu = 1280;
	if (s->maskarg && parse_addr(s->maskarg, 4, (uint8_t[16]){0}, "--mask",
				     errbuf) < 0)
		return -1;
	if (s->maskarg) {
		uint8_t m[16];

		parse_addr(s->maskarg, 4, m, "--mask", errbuf);
		memcpy(&p->mask, m, 4);
		p->mask = ntohl(p->mask);
	} else if (t->type == 18 && t->ver == 4) {
		p->mask = 0xffffff00u;
	}
	if (t->kind == INJ_NSOL || t->kind == INJ_NADV) {
		if (s->targetarg) {
			if (parse_addr(s->targetarg, 6, p->target, "--target",
				       errbuf) < 0)
				return -1;
		} else {
			memcpy(p->target, t->kind == INJ_NSOL ? p->dst : p->src,
			       16);
		}
	}
	return 0;
}

static int
set_source(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;

	if (s->srcarg)
		return parse_addr(s->srcarg, p->ver, p->src, "-S", errbuf);
	return inj_source(p->ver, p->dst, p->src, errbuf);
}

static int
set_macs(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;

	if (!p->link)
		return 0;
	if (s->src_mac_arg) {
		if (inj_parse_mac(s->src_mac_arg, p->src_mac) < 0) {
			cli_err(errbuf, "--src-mac '%s': not a MAC address",
				s->src_mac_arg);
			return -1;
		}
	} else if (s->iface && inj_ifmac(s->iface, p->src_mac, errbuf) < 0) {
		return -1;
	}
	if (s->dst_mac_arg) {
		if (inj_parse_mac(s->dst_mac_arg, p->dst_mac) < 0) {
			cli_err(errbuf, "--dst-mac '%s': not a MAC address",
				s->dst_mac_arg);
			return -1;
		}
		return 0;
	}
	return inj_neigh(p->ver, p->dst, s->iface, p->dst_mac, errbuf);
}

static int
open_libnet(struct send_state *s, char *errbuf)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	int inj;

	if (s->wfile) {
		s->mode = M_DRY;
		inj = LIBNET_NONE;
	} else if (s->pkt.link) {
		s->mode = M_LINK;
		inj = LIBNET_LINK;
	} else {
		s->mode = M_RAW;
		inj = s->pkt.ver == 6 ? LIBNET_RAW6 : LIBNET_RAW4;
	}
	s->l = libnet_init(inj, s->mode == M_LINK ? s->iface : NULL, lerr);
	if (!s->l) {
		if (strstr(lerr, "ermission") || strstr(lerr, "ermitted"))
			cli_err(errbuf,
				"send: raw socket: permission denied; run as "
				"root or grant the capability: sudo setcap "
				"cap_net_raw,cap_net_admin=eip icmpkit (-w FILE "
				"needs no privileges)");
		else
			cli_err(errbuf, "send: libnet: %s", lerr);
		return -1;
	}
	return 0;
}

/* Build with libnet once and keep the bytes. */
static int
build_template(struct send_state *s, char *errbuf)
{
	struct inj_tags tg = {0, 0, 0, 0};
	uint8_t *bytes = NULL;
	uint32_t n = 0;

	if (inj_build(s->l, &s->pkt, &tg, errbuf) < 0)
		return -1;
	if (libnet_pblock_coalesce(s->l, &bytes, &n) < 0) {
		cli_err(errbuf, "build: %s", libnet_geterror(s->l));
		return -1;
	}
	s->tmpl = malloc(n);
	s->bufs = malloc((size_t)n * BATCH);
	if (!s->tmpl || !s->bufs) {
		libnet_adv_free_packet(s->l, bytes);
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	memcpy(s->tmpl, bytes, n);
	libnet_adv_free_packet(s->l, bytes);
	s->tlen = n;
	s->ip_off = s->pkt.link ? 14 : 0;
	s->icmp_off = s->ip_off + (s->pkt.ver == 6 ? 40 : 20);
	s->icmp_len = n - s->icmp_off;
	return 0;
}

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void
put32(uint8_t *b, uint32_t v)
{
	put16(b, (uint16_t)(v >> 16));
	put16(b + 2, (uint16_t)v);
}

static int
has_seq(const struct inj_type *t)
{
	return t->kind == INJ_ECHO || t->kind == INJ_TIMESTAMP ||
	       t->kind == INJ_MASK;
}

/* Packet number k of the run, sent at wall-clock time now. */
static void
patch(struct send_state *s, uint8_t *b, unsigned long long k,
      const struct timespec *now)
{
	const struct inj_pkt *p = &s->pkt;
	uint8_t *ic = b + s->icmp_off;
	uint32_t sum;

	memcpy(b, s->tmpl, s->tlen);
	if (has_seq(p->t))
		put16(ic + 6, (uint16_t)(p->seq + k));
	if (p->t->kind == INJ_TIMESTAMP) {
		/* Originate: milliseconds since midnight UTC (RFC 792). */
		uint32_t ms = (uint32_t)((now->tv_sec % 86400) * 1000 +
					 now->tv_nsec / 1000000);

		put32(ic + 8, ms);
		if (p->t->type == 14) { /* a reply: received and sent now */
			put32(ic + 12, ms);
			put32(ic + 16, ms);
		}
	}
	if (s->stamp_payload && p->t->kind == INJ_ECHO) {
		/* As ping: a struct timeval in host order. */
		int64_t tv[2] = {now->tv_sec, now->tv_nsec / 1000};

		memcpy(ic + 8, tv, sizeof(tv));
	}
	put16(ic + 2, 0);
	sum = p->ver == 6 ? ck_pseudo6(p->src, p->dst, (uint32_t)s->icmp_len,
				       58)
			  : 0;
	put16(ic + 2, ck_fold(ck_add(sum, ic, s->icmp_len)));
	if (p->ver == 4) {
		uint8_t *ip = b + s->ip_off;

		put16(ip + 4, (uint16_t)(p->ip_id + k));
		put16(ip + 10, 0);
		put16(ip + 10, ck_fold(ck_add(0, ip, 20)));
	}
}

static int
open_output(struct send_state *s, char *errbuf)
{
	if (s->mode == M_DRY) {
		s->dead = pcap_open_dead_with_tstamp_precision(
			s->pkt.link ? DLT_EN10MB : DLT_RAW, 65535,
			PCAP_TSTAMP_PRECISION_NANO);
		if (!s->dead) {
			cli_err(errbuf, "pcap: cannot open a dead handle");
			return -1;
		}
		memset(&s->dump, 0, sizeof(s->dump));
		s->dump.pattern = s->wfile;
		return dump_open(&s->dump, s->dead, errbuf);
	}
	s->fd = libnet_getfd(s->l);
	memset(&s->to, 0, sizeof(s->to));
	if (s->mode == M_LINK) {
		struct sockaddr_ll *ll = (struct sockaddr_ll *)&s->to;

		ll->sll_family = AF_PACKET;
		ll->sll_ifindex = (int)if_nametoindex(s->iface);
		ll->sll_protocol = htons(ETH_P_ALL);
		s->tolen = sizeof(*ll);
		if (s->flood) {
			/* Skip the qdisc: a flood wants the driver. */
			int one = 1;

			setsockopt(s->fd, SOL_PACKET, PACKET_QDISC_BYPASS,
				   &one, sizeof(one));
		}
	} else if (s->pkt.ver == 6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&s->to;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, s->pkt.dst, 16);
		s->tolen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&s->to;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, s->pkt.dst, 4);
		s->tolen = sizeof(*s4);
	}
	if (s->mode == M_RAW && s->iface &&
	    setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, s->iface,
		       (socklen_t)strlen(s->iface)) < 0) {
		cli_err(errbuf, "-I %s: %s", s->iface, strerror(errno));
		return -1;
	}
	return 0;
}

static void
show(struct send_state *s, const uint8_t *b, const struct timespec *now)
{
	struct dec_pkt d;
	struct pr_opts po = {.verbose = 1, .link = s->pkt.link, .hex = 0};

	memset(&d, 0, sizeof(d));
	d.frame = s->sent + s->failed + 1;
	d.ts_sec = now->tv_sec;
	d.ts_nsec = (uint32_t)now->tv_nsec;
	d.caplen = d.wirelen = s->tlen;
	d.pkt = b;
	if (dec_packet(s->pkt.link ? DEC_DLT_EN10MB : DEC_DLT_RAW, &d) ==
	    DEC_ICMP)
		pr_text(&s->ob, &d, &po);
}

/* Send (or write) n packets numbered from k. */
static int
send_batch(struct send_state *s, unsigned long long k, int n,
	   const struct timespec *when, double step, char *errbuf)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct timespec now = *when;
	int i, done = 0;

	for (i = 0; i < n; i++) {
		uint8_t *b = s->bufs + (size_t)i * s->tlen;

		if (s->mode == M_DRY && i) {
			/* The dry run's clock is the schedule itself. */
			double t = (double)now.tv_nsec + step * 1e9;

			now.tv_sec += (time_t)(t / 1e9);
			now.tv_nsec = (long)fmod(t, 1e9);
		} else if (s->mode != M_DRY) {
			clock_gettime(CLOCK_REALTIME, &now);
		}
		patch(s, b, k + (unsigned long long)i, &now);
		if (s->verbose)
			show(s, b, &now);
		if (s->mode == M_DRY) {
			struct pcap_pkthdr h;

			h.ts.tv_sec = now.tv_sec;
			h.ts.tv_usec = (suseconds_t)now.tv_nsec;
			h.caplen = h.len = s->tlen;
			if (dump_write(&s->dump, &h, b, errbuf) < 0)
				return -1;
			s->sent++;
			continue;
		}
		iov[i].iov_base = b;
		iov[i].iov_len = s->tlen;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_name = &s->to;
		msgs[i].msg_hdr.msg_namelen = s->tolen;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	if (s->verbose)
		ob_flush(&s->ob);
	if (s->mode == M_DRY)
		return 0;
	while (done < n) {
		int r = sendmmsg(s->fd, msgs + done, (unsigned)(n - done), 0);

		if (r < 0) {
			if (errno == EINTR && !send_stop)
				continue;
			if (errno == EPERM || errno == EACCES) {
				cli_err(errbuf, "send: %s (a firewall rule?)",
					strerror(errno));
				return -1;
			}
			/* This one failed (no buffer space, unreachable):
			 * count it and go on with the rest. */
			s->failed++;
			done++;
			continue;
		}
		s->sent += (unsigned long long)r;
		done += r;
	}
	return 0;
}

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The absolute schedule: packet k is due at t0 + k * step, so a late
 * wake-up sends what is due at once and error never accumulates. */
static int
run(struct send_state *s, char *errbuf)
{
	struct timespec t0, now, real0;
	double step = s->flood ? 0 : s->interval;
	unsigned long long k = 0, total = (unsigned long long)s->count;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_int;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_REALTIME, &real0);
	while (!send_stop && (!total || k < total)) {
		unsigned long long due;
		int n;

		if (s->mode == M_DRY || step <= 0) {
			due = k + BATCH;
		} else {
			clock_gettime(CLOCK_MONOTONIC, &now);
			due = (unsigned long long)(elapsed(&t0, &now) / step) + 1;
		}
		if (total && due > total)
			due = total;
		if (due <= k) {
			/* Sleep until the next one is due. */
			double at = (double)k * step;
			struct timespec ts;

			ts.tv_sec = t0.tv_sec + (time_t)at;
			ts.tv_nsec = t0.tv_nsec +
				     (long)((at - (double)(time_t)at) * 1e9);
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL);
			continue;
		}
		n = due - k > BATCH ? BATCH : (int)(due - k);
		if (s->mode == M_DRY) {
			/* Timestamps on the schedule, from the start. */
			double at = (double)k * step;

			now.tv_sec = real0.tv_sec + (time_t)at;
			now.tv_nsec = real0.tv_nsec +
				      (long)((at - (double)(time_t)at) * 1e9);
			if (now.tv_nsec >= 1000000000) {
				now.tv_sec++;
				now.tv_nsec -= 1000000000;
			}
		}
		if (send_batch(s, k, n, &now, step, errbuf) < 0)
			return -1;
		k += (unsigned long long)n;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!s->quiet) {
		double d = s->mode == M_DRY
				   ? (k ? (double)(k - 1) * step : 0)
				   : elapsed(&t0, &now);

		printf("%llu packets %s, %llu failed, %.3f s, %.0f packets/s\n",
		       s->sent, s->mode == M_DRY ? "written" : "sent",
		       s->failed, d, d > 0 ? (double)s->sent / d : 0.0);
	}
	return 0;
}

static int
parse_args(struct send_state *s, int argc, char **argv, char *errbuf)
{
	long long v;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:46c:i:s:p:t:Q:DS:I:w:qvh",
				  send_long, NULL)) != -1) {
		switch (opt) {
		case '4':
		case '6':
			s->ver_req = opt - '0';
			break;
		case 'c':
			if (cli_num(optarg, 0, INT64_MAX, "-c count", &s->count,
				    errbuf) < 0)
				return -1;
			break;
		case 'i':
			if (parse_seconds(optarg, "-i interval", 0, 86400,
					  &s->interval, errbuf) < 0)
				return -1;
			s->have_interval = 1;
			break;
		case O_RATE:
			if (parse_seconds(optarg, "--rate", 0.001, 1e8,
					  &s->rate, errbuf) < 0)
				return -1;
			break;
		case O_FLOOD:
			s->flood = 1;
			break;
		case 's':
			if (cli_num(optarg, 0, 65527, "-s size", &s->size,
				    errbuf) < 0)
				return -1;
			s->have_size = 1;
			break;
		case 'p':
			s->phex = optarg;
			break;
		case O_PSTR:
			s->pstr = optarg;
			break;
		case O_PFILE:
			s->pfile = optarg;
			break;
		case 't':
			if (cli_num(optarg, 0, 255, "-t ttl", &v, errbuf) < 0)
				return -1;
			s->pkt.ttl = (uint8_t)v;
			s->have_ttl = 1;
			break;
		case 'Q':
			if (cli_num(optarg, 0, 255, "-Q tos", &v, errbuf) < 0)
				return -1;
			s->pkt.tos = (uint8_t)v;
			break;
		case 'D':
			s->pkt.df = 1;
			break;
		case O_IPID:
			if (cli_num(optarg, 0, 65535, "--ip-id", &v, errbuf) <
			    0)
				return -1;
			s->pkt.ip_id = (uint16_t)v;
			break;
		case O_ID:
			if (cli_num(optarg, 0, 65535, "--id", &v, errbuf) < 0)
				return -1;
			s->pkt.id = (uint16_t)v;
			break;
		case O_SEQ:
			if (cli_num(optarg, 0, 65535, "--seq", &v, errbuf) < 0)
				return -1;
			s->pkt.seq = (uint16_t)v;
			break;
		case 'S':
			s->srcarg = optarg;
			break;
		case 'I':
			s->iface = optarg;
			break;
		case O_LINK:
			s->link = 1;
			break;
		case O_SRCMAC:
			s->src_mac_arg = optarg;
			break;
		case O_DSTMAC:
			s->dst_mac_arg = optarg;
			break;
		case O_TYPE:
			s->type_name = optarg;
			break;
		case O_CODE:
			s->code_name = optarg;
			break;
		case O_MTU:
			if (cli_num(optarg, 1, 0xffffffffLL, "--mtu", &v,
				    errbuf) < 0)
				return -1;
			s->pkt.mtu = (uint32_t)v;
			break;
		case O_GW:
			s->gwarg = optarg;
			break;
		case O_PTR:
			if (cli_num(optarg, 0, 0xffffffffLL, "--pointer", &v,
				    errbuf) < 0)
				return -1;
			s->pkt.pointer = (uint32_t)v;
			break;
		case O_MASK:
			s->maskarg = optarg;
			break;
		case O_LIFE:
			if (cli_num(optarg, 0, 65535, "--lifetime", &v,
				    errbuf) < 0)
				return -1;
			s->pkt.lifetime = (uint16_t)v;
			break;
		case O_TARGET:
			s->targetarg = optarg;
			break;
		case O_NAFLAGS: {
			const char *f;

			s->pkt.na_flags = 0;
			for (f = optarg; *f; f++) {
				if (*f == 'r')
					s->pkt.na_flags |= 0x80000000u;
				else if (*f == 's')
					s->pkt.na_flags |= 0x40000000u;
				else if (*f == 'o')
					s->pkt.na_flags |= 0x20000000u;
				else {
					cli_err(errbuf,
						"--na-flags '%s': use the "
						"letters r, s and o",
						optarg);
					return -1;
				}
			}
			break;
		}
		case O_QUOTE:
			if (strcmp(optarg, "auto") && strcmp(optarg, "none")) {
				cli_err(errbuf, "--quote '%s': use auto or none",
					optarg);
				return -1;
			}
			s->quote_mode = optarg;
			break;
		case O_QFILE:
			s->quote_file = optarg;
			break;
		case 'w':
			s->wfile = optarg;
			break;
		case 'q':
			s->quiet = 1;
			break;
		case 'v':
			s->verbose = 1;
			break;
		case 'h':
		case O_HELP:
			usage_send();
			return 1;
		case O_LIST:
			inj_list_types();
			return 1;
		default:
			cli_opt_error("send", opt, argv, errbuf);
			return -1;
		}
	}
	if (optind != argc - 1) {
		cli_err(errbuf, optind >= argc
					? "send: no HOST given; usage: icmpkit "
					  "send [options] HOST"
					: "send: one HOST only; see icmpkit "
					  "help send");
		return -1;
	}
	s->host = argv[optind];
	return 0;
}

static int
setup(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;
	int ver = s->ver_req;

	if (inj_resolve(s->host, &ver, p->dst, errbuf) < 0)
		return -1;
	p->ver = ver;
	p->t = inj_type_find(ver, s->type_name ? s->type_name
					       : ver == 6 ? "echo-request"
							  : "echo-request",
			     errbuf);
	if (!p->t)
		return -1;
	if (s->code_name && inj_code_parse(p->t, s->code_name, &p->code,
					   errbuf) < 0)
		return -1;
	if (s->link && !s->iface && !s->wfile) {
		cli_err(errbuf, "--link needs -I IFACE");
		return -1;
	}
	p->link = s->link;
	/* Neighbor discovery is only accepted with hop limit 255 (RFC 4861
	 * 7.1), so that is the default for it. */
	if (!s->have_ttl && ver == 6 &&
	    (p->t->kind == INJ_NSOL || p->t->kind == INJ_NADV ||
	     p->t->kind == INJ_ROUTERSOL))
		p->ttl = 255;
	if (s->rate > 0)
		s->interval = 1.0 / s->rate;
	if (s->flood)
		s->interval = 0;
	if (!s->have_seq && !p->seq)
		p->seq = 1;
	if (make_payload(s, errbuf) < 0 || set_source(s, errbuf) < 0 ||
	    type_options(s, errbuf) < 0 || load_quote(s, errbuf) < 0 ||
	    set_macs(s, errbuf) < 0)
		return -1;
	return 0;
}

int
cmd_send(int argc, char **argv, char *errbuf)
{
	struct send_state *s;
	int rc = 2, r;

	s = calloc(1, sizeof(*s));
	if (!s) {
		cli_err(errbuf, "memory: out of memory");
		return 2;
	}
	s->count = 1;
	s->interval = 1;
	s->quote_mode = "auto";
	s->pkt.ttl = 64;
	s->pkt.id = (uint16_t)getpid();
	s->pkt.ip_id = (uint16_t)(getpid() * 7919);
	s->pkt.lifetime = 1800;
	s->pkt.na_flags = 0x20000000u;
	s->fd = -1;
	ob_init(&s->ob, stdout, s->obmem, sizeof(s->obmem));
	r = parse_args(s, argc, argv, errbuf);
	if (r) {
		rc = r > 0 ? 0 : 2;
		goto out;
	}
	if (setup(s, errbuf) < 0 || open_libnet(s, errbuf) < 0 ||
	    build_template(s, errbuf) < 0 || open_output(s, errbuf) < 0)
		goto out;
	if (run(s, errbuf) < 0)
		goto out;
	rc = 0;
out:
	if (s->mode == M_DRY && s->dump.d && dump_close(&s->dump, rc ? s->obmem
								      : errbuf) <
						     0)
		rc = 2;
	if (s->dead)
		pcap_close(s->dead);
	ob_flush(&s->ob);
	if (fflush(stdout) != 0 && rc == 0) {
		cli_err(errbuf, "stdout: write failed: %s", strerror(errno));
		rc = 2;
	}
	if (s->l)
		libnet_destroy(s->l);
	free(s->tmpl);
	free(s->bufs);
	free(s->pkt.payload);
	free(s->pkt.quote);
	free(s);
	return rc;
}
