/* icmpkit send: craft ICMP/ICMPv6 with libnet and inject it (tx.c), or
 * write it to a pcap file (dry run, no privileges). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_packet.h>
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
#include "../cli/dump.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../decode/cksum.h"
#include "../decode/fields.h"
#include "../decode/print.h"
#include "../commands.h"
#include "answer.h"
#include "family.h"
#include "inj.h"
#include "jsend.h"
#include "ndopt.h"
#include "payload.h"
#include "sched.h"
#include "tx.h"

#define BATCH	     INJ_BATCH
#define DEFAULT_SIZE 56
#define MAX_PATTERN  4096

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
	O_ENGINE,
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
	O_NOREPLY,
	O_BODY,
	O_FROMJSON,
	O_PREFIX,
	O_RRMATCH,
	O_RRUSE,
	O_NIADDR,
	O_NINAME,
	O_SLLA,
	O_TLLA,
	O_RDNSS,
	O_DNSSL,
	O_ROUTE,
	O_PREF64,
	O_MPLS,
	O_IFINFO,
	O_IFNAME,
	O_IFINDEX,
	O_IFADDR,
	O_ENTRY,
	O_SOURCE,
	O_RECORD,
	O_FIELD, /* the field options: O_FIELD + their index */
};

/* The fields of the decoder's description (decode/fields.c) that have no
 * option of their own above: each an option named after its JSON key
 * ('_' written '-').  tests/send.sh checks that every key of the
 * description is an option. */
#define SEND_FIELDS(X)                                                         \
	X(addrs, "addrs")                                                      \
	X(originate, "originate")                                              \
	X(receive, "receive")                                                  \
	X(transmit, "transmit")                                                \
	X(local, "local")                                                      \
	X(state, "state")                                                      \
	X(active, "active")                                                    \
	X(ipv4, "ipv4")                                                        \
	X(ipv6, "ipv6")                                                        \
	X(group, "group")                                                      \
	X(max_resp, "max-resp")                                                \
	X(sources, "sources")                                                  \
	X(qrv, "qrv")                                                          \
	X(qqic, "qqic")                                                        \
	X(suppress, "suppress")                                                \
	X(records, "records")                                                  \
	X(hop_limit, "hop-limit")                                              \
	X(flags, "flags")                                                      \
	X(router_lifetime, "router-lifetime")                                  \
	X(reachable, "reachable")                                              \
	X(retrans, "retrans")                                                  \
	X(dest, "dest")                                                        \
	X(rr_seq, "rr-seq")                                                    \
	X(segment, "segment")                                                  \
	X(max_delay, "max-delay")                                              \
	X(qtype, "qtype")                                                      \
	X(nonce, "nonce")                                                      \
	X(mip_id, "mip-id")                                                    \
	X(instance, "instance")                                                \
	X(version, "version")                                                  \
	X(rank, "rank")                                                        \
	X(mop, "mop")                                                          \
	X(prf, "prf")                                                          \
	X(dtsn, "dtsn")                                                        \
	X(rpl_seq, "rpl-seq")                                                  \
	X(status, "status")                                                    \
	X(dodagid, "dodagid")
#define SF_ENUM(k, o) SF_##k,
enum { SEND_FIELDS(SF_ENUM) NFIELDS };
#define SF_KEY(k, o) #k,
static const char *const field_keys[NFIELDS] = {SEND_FIELDS(SF_KEY)};
#define SF_OPT(k, o) o,
static const char *const field_opts[NFIELDS] = {SEND_FIELDS(SF_OPT)};

struct send_state {
	/* Options. */
	const char *host, *type_name, *code_name, *iface, *wfile, *srcarg;
	const char *gwarg, *maskarg, *targetarg, *src_mac_arg, *dst_mac_arg;
	const char *engine_arg;
	int engine;
	const char *quote_mode, *quote_file, *pstr, *pfile, *phex;
	const char *body, *from_json;
	const char *farg[NFIELDS]; /* the field options, by SF_ index */
	struct inj_body nd;	   /* --prefix, --rdnss ... in their order */
	struct inj_body ext;	   /* --mpls, --ifinfo, --ifname ... objects */
	struct inj_body lst;	   /* --entry, --source, --record */
	struct inj_body ni;	   /* --ni-addr, --ni-name */
	struct inj_body rr;	   /* --match-prefix, --use-prefix */
	int lst_type;		   /* the ver << 8 | type the list is for */
	int ver_req, link, flood, quiet, verbose;
	long long count, size;
	double interval, rate;
	int have_size, have_interval, have_seq, have_ttl, have_count;
	int no_reply, json; /* --no-reply, -j */
	double wait;	    /* -W: for answers after the last probe */
	struct answer *ans; /* what comes back (answer.c), or NULL */
	struct inj_pkt pkt;
	/* Built. */
	struct inj_tx tx;
	/* Monotonic, or for a dry run real time: its packets are stamped
	 * with their place on the schedule (there is no clock to wait). */
	struct sched sc;
	uint8_t *bufs; /* BATCH packets */
	struct dump dump;
	pcap_t *dead;
	struct obuf ob;
	char obmem[1 << 16];
};

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
	      "  --engine auto|xdp|ring|mmsg  how packets reach the kernel: "
	      "AF_XDP, a\n"
	      "                  PACKET_TX_RING (link frames; auto: xdp for "
	      "--flood, the ring\n"
	      "                  for -c >= 1000) or sendmmsg\n"
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
	      "  --na-flags rso  NA router/solicited/override flags (default "
	      "o)\n"
	      "  --quote auto|none, --quote-file FILE  datagram quoted by "
	      "errors (default auto)\n"
	      "  --slla MAC, --tlla MAC  source/target link-layer address "
	      "options (RS..redirect)\n"
	      "  --ni-addr ADDR[,TTL], --ni-name NAME[,TTL]  node information "
	      "data (RFC 4620)\n"
	      "  --match-prefix OP,P/LEN[,MIN,MAX], --use-prefix P/LEN[,KEEP"
	      "[,VALID,PREF]]\n"
	      "                  router renumbering (RFC 2894)\n"
	      "  --prefix P/LEN[,VALID,PREFERRED], --rdnss ADDR[,ADDR], "
	      "--dnssl NAME[,NAME],\n"
	      "  --route P/LEN[,LIFETIME], --pref64 P/LEN, --mtu N  ND options "
	      "(RA, redirect)\n"
	      "  --mpls LABEL[/TC[/TTL]][,...], --ifinfo ROLE[,index=N,addr=A,"
	      "name=S,mtu=N]\n"
	      "                  RFC 4884 objects of an error (RFC 4950, "
	      "5837)\n"
	      "  --ifname NAME, --ifindex N, --ifaddr ADDR  the interface an "
	      "extended echo\n"
	      "                  request asks about (RFC 8335)\n"
	      "  --entry ADDR[,PREF]  v4 router advertisement entries; "
	      "--source ADDR  MLDv2\n"
	      "                  query sources; --record TYPE,GROUP[,SRC...]  "
	      "MLDv2 report records\n"
	      "  --body HEX      the bytes after the type's fixed part "
	      "(options, records,\n"
	      "                  quote, data); any type by number with it\n"
	      "  fields, named after the JSON keys of read ('_' written '-'), "
	      "a number,\n  address, "
	      "hex or true/false each (--list-types says which a type has):\n"
	      "    --addrs --originate --receive --transmit --local --state "
	      "--active\n"
	      "    --ipv4 --ipv6 --group --max-resp --sources --qrv --qqic "
	      "--suppress\n"
	      "    --records --hop-limit --flags --router-lifetime "
	      "--reachable\n"
	      "    --retrans --dest --rr-seq --segment --max-delay --qtype "
	      "--nonce\n"
	      "    --mip-id --instance --version --rank --mop --prf --dtsn "
	      "--rpl-seq\n"
	      "    --status --dodagid\n"

	      "  --from-json FILE|-  one packet per JSON object (the schema "
	      "of read's JSON\n"
	      "                  Lines), no HOST\n"
	      "  -w FILE         write the packets to a pcap instead of "
	      "sending (no privileges;\n"
	      "                  - for stdout, the summary then on stderr)\n"
	      "  -v              print each packet as the decoder reads it\n"
	      "  -q              no summary\n"
	      "  --no-reply      inject only: do not show what comes back\n"
	      "  -W SECONDS      wait for answers after the last probe "
	      "(default 1; 0: none)\n"
	      "  -j, --json      answers and totals as JSON Lines\n",
	      stdout);
}

/* The pattern of -p, --payload-string or --payload-file (none: NULL). */
static int
load_pattern(struct send_state *s, uint8_t **pat, size_t *plen, char *errbuf)
{
	*pat = NULL;
	*plen = 0;
	if (s->pfile)
		return inj_payload_file(s->pfile,
					inj_family(s->pkt.ver)->max_payload,
					pat, plen, errbuf);
	if (s->phex)
		*pat = malloc(MAX_PATTERN);
	else if (s->pstr)
		*pat = malloc(strlen(s->pstr) + 1);
	else
		return 0;
	if (!*pat) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	if (s->phex)
		return cli_hex(s->phex, MAX_PATTERN, "-p", *pat, plen, errbuf);
	*plen = strlen(s->pstr);
	memcpy(*pat, s->pstr, *plen);
	return 0;
}

/* The payload: a pattern (hex, string or file) repeated to SIZE, or by
 * default ping's: a send timestamp (struct timeval) then bytes i = i. */
static int
make_payload(struct send_state *s, char *errbuf)
{
	uint8_t *pat;
	size_t plen;
	long long size;
	int rc;

	if (load_pattern(s, &pat, &plen, errbuf) < 0) {
		free(pat);
		return -1;
	}
	size = s->have_size	       ? s->size
	       : (s->pstr || s->pfile) ? (long long)plen
				       : DEFAULT_SIZE;
	rc = inj_payload(&s->pkt, (size_t)size, pat, plen, 0, errbuf);
	s->pkt.stamp = !pat && size >= 16;
	free(pat);
	return rc;
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
	if (p->mtu && t->ver == 6 && t->type == 134 &&
	    inj_opt_mtu(&s->nd, p->mtu, errbuf) < 0)
		return -1;
	if (p->mtu && !((t->ver == 4 && t->type == 3 && p->code == 4) ||
			(t->ver == 6 && (t->type == 2 || t->type == 134)))) {
		cli_err(errbuf, "--mtu: only for dest-unreachable code 4 "
				"(frag-needed), packet-too-big and a router "
				"advertisement's MTU option");
		return -1;
	}
	if (t->ver == 4 && p->pointer > 255) {
		cli_err(errbuf,
			"--pointer %u: out of range for ICMPv4; use 0 "
			"to 255",
			p->pointer);
		return -1;
	}
	if (t->ver == 4 && t->type == 3 && p->code == 4 && !p->mtu)
		p->mtu = 576;
	if (t->ver == 6 && t->type == 2 && !p->mtu)
		p->mtu = 1280;
	if (s->maskarg &&
	    parse_addr(s->maskarg, 4, (uint8_t[16]){0}, "--mask", errbuf) < 0)
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

/* The older layouts' number options as fields, for a message built from
 * bytes: an error's MTU and pointer, a redirect's gateway, an RA's
 * lifetime. */
static int
num_fields(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;
	const char *keys[] = {"mtu", "pointer", "lifetime", "gateway"};
	char v[3][16], gw[INET_ADDRSTRLEN];
	const char *vals[4] = {v[0], v[1], v[2], NULL};
	size_t i;

	snprintf(v[0], sizeof(v[0]), "%u", p->mtu);
	snprintf(v[1], sizeof(v[1]), "%u", p->pointer);
	snprintf(v[2], sizeof(v[2]), "%u", p->lifetime);
	if (s->gwarg)
		vals[3] = inet_ntop(AF_INET, p->gateway, gw, sizeof(gw));
	for (i = 0; i < 4; i++)
		if (vals[i] &&
		    dec_field_find(p->ver, p->t->type, p->code, keys[i]) &&
		    inj_field_parse(p, keys[i], vals[i], keys[i], errbuf) < 0)
			return -1;
	return 0;
}

/* A list's count is its type's field (a later field option wins). */
static int
list_fields(struct send_state *s, char *errbuf)
{
	static const char *const keys[] = {"addrs", "sources", "records"};
	struct inj_pkt *p = &s->pkt;
	int vt = p->ver << 8 | p->t->type, k;
	char n[16];

	if (!s->lst.n)
		return 0;
	k = vt == (4 << 8 | 9) ? 0 : vt == (6 << 8 | 130) ? 1 : 2;
	if (vt != s->lst_type) {
		cli_err(errbuf, "--entry: only for a v4 router-advertisement, "
				"--source for an mld-query, --record for an "
				"mldv2-report");
		return -1;
	}
	snprintf(n, sizeof(n), "%u", s->lst.n);
	return inj_field_parse(p, keys[k], n, keys[k], errbuf);
}

/* The RFC 4884 structure after the body: an error quotes 128 bytes of
 * the datagram first (padded with zeros), an extended echo request has
 * it alone. */
static int
ext_body(struct send_state *s, uint8_t *body, size_t *blen, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;
	int xecho = p->t->type == (p->ver == 6 ? 160 : 42);

	if (!xecho && p->t->kind != INJ_ERROR) {
		cli_err(errbuf, "--mpls, --ifinfo: only for dest-unreachable, "
				"time-exceeded and parameter-problem; "
				"--ifname, --ifindex, --ifaddr: only for "
				"extended-echo-request");
		return -1;
	}
	if (*blen) {
		cli_err(errbuf, "--body: not with extension objects (give the "
				"structure in --body instead)");
		return -1;
	}
	if (!xecho) {
		if (load_quote(s, errbuf) < 0)
			return -1;
		memset(body, 0, 128);
		memcpy(body, p->quote, p->quote_len < 128 ? p->quote_len : 128);
		*blen = 128;
	}
	*blen += inj_ext_finish(&s->ext, body + *blen);
	return 0;
}

/* The fields given by key, and the message built from bytes for the
 * types libnet has no builder for (and for --body).  The options of the
 * older layouts (id, seq, target) are fields there too; they go first so
 * that a field option given for the same bytes wins. */
static int
fields_setup(struct send_state *s, char *errbuf)
{
	static const char *const common[] = {"id", "seq", "target"};
	struct inj_pkt *p = &s->pkt;
	char what[40], idv[16], seqv[16], tgt[INET6_ADDRSTRLEN];
	const char *val[3] = {idv, seqv, s->targetarg};
	uint8_t *body = NULL;
	size_t i, blen = 0;
	int rc = -1;

	int bytes = s->body || s->nd.len || s->ext.len || s->lst.n ||
		    s->ni.len || p->t->kind == INJ_FIELDS;

	if (s->nd.len &&
	    (p->ver != 6 || p->t->type < 133 || p->t->type > 137)) {
		cli_err(errbuf,
			"--slla, --tlla, --prefix, --rdnss, --dnssl, --route, "
			"--pref64: "
			"only for the ND messages (ICMPv6 133 to 137)");
		return -1;
	}
	if (s->ni.len &&
	    (p->ver != 6 || p->t->type < 139 || p->t->type > 140)) {
		cli_err(errbuf,
			"--ni-addr, --ni-name: only for node-info-query "
			"and node-info-reply");
		return -1;
	}
	if (s->rr.len && (p->ver != 6 || p->t->type != 138 || p->code != 0)) {
		cli_err(errbuf, "--match-prefix, --use-prefix: only for a "
				"router-renumbering command (code 0)");
		return -1;
	}
	snprintf(idv, sizeof(idv), "%u", p->id);
	snprintf(seqv, sizeof(seqv), "%u", p->seq);
	if (!val[2] && bytes && p->ver == 6)
		val[2] = inet_ntop(AF_INET6,
				   p->t->kind == INJ_NADV ? p->src : p->dst,
				   tgt, sizeof(tgt));
	/* NA's flags, from --na-flags (a later --flags wins). */
	if (bytes && p->t->kind == INJ_NADV) {
		char fl[4];

		snprintf(fl, sizeof(fl), "%u", p->na_flags >> 29);
		if (inj_field_parse(p, "flags", fl, "--na-flags", errbuf) < 0)
			return -1;
	}
	for (i = 0; bytes && i < 3; i++)
		if (val[i] &&
		    dec_field_find(p->ver, p->t->type, p->code, common[i]) &&
		    inj_field_parse(p, common[i], val[i], common[i], errbuf) <
			    0)
			return -1;
	if (bytes && (num_fields(s, errbuf) < 0 || list_fields(s, errbuf) < 0))
		return -1;
	for (i = 0; i < NFIELDS; i++) {
		if (!s->farg[i])
			continue;
		snprintf(what, sizeof(what), "--%s", field_opts[i]);
		if (inj_field_parse(p, field_keys[i], s->farg[i], what,
				    errbuf) < 0)
			return -1;
	}
	if (!bytes)
		return 0;
	body = malloc(65535 + sizeof(s->nd.b));
	if (!body) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	if (s->body &&
	    cli_hex(s->body, 65535, "--body", body, &blen, errbuf) < 0)
		goto out;
	memcpy(body + blen, s->nd.b, s->nd.len);
	blen += s->nd.len;
	memcpy(body + blen, s->lst.b, s->lst.len);
	blen += s->lst.len;
	memcpy(body + blen, s->ni.b, s->ni.len);
	blen += s->ni.len;
	memcpy(body + blen, s->rr.b, s->rr.len);
	blen += s->rr.len;
	if (s->ext.len && ext_body(s, body, &blen, errbuf) < 0)
		goto out;
	rc = inj_msg_make(p, body, blen, errbuf);
	if (rc == 0 && s->lst_type == (4 << 8 | 9))
		p->msg[5] = 2; /* RFC 1256: entries of two words */
	if (rc == 0 && s->ext.len && p->t->kind == INJ_ERROR)
		/* RFC 4884's length attribute: the 128 bytes quoted, in
		 * 32-bit words (ICMP) or 64-bit words (ICMPv6). */
		p->msg[p->ver == 6 ? 4 : 5] = p->ver == 6 ? 16 : 32;
out:
	free(body);
	return rc;
}

static int
set_source(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;

	if (s->srcarg)
		return parse_addr(s->srcarg, p->ver, p->src, "-S", errbuf);
	return inj_source_scope(p->ver, p->dst, p->scope, p->src, errbuf);
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
open_output(struct send_state *s, char *errbuf)
{
	int mode = s->wfile	 ? INJ_TX_DRY
		   : s->pkt.link ? INJ_TX_LINK
				 : INJ_TX_RAW;

	if (inj_tx_open(&s->tx, &s->pkt, mode, s->iface, s->flood, errbuf) <
		    0 ||
	    inj_tx_engine(&s->tx, s->iface, s->engine,
			  s->flood || !s->count || s->count >= INJ_RING_MIN,
			  s->flood, errbuf) < 0)
		return -1;
	s->bufs = malloc((size_t)s->tx.tlen * BATCH);
	if (!s->bufs) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	if (mode != INJ_TX_DRY)
		return 0;
	s->dead = pcap_open_dead_with_tstamp_precision(
		s->pkt.link ? DLT_EN10MB : DLT_RAW, 262144,
		PCAP_TSTAMP_PRECISION_NANO);
	if (!s->dead) {
		cli_err(errbuf, "pcap: cannot open a dead handle");
		return -1;
	}
	memset(&s->dump, 0, sizeof(s->dump));
	s->dump.pattern = s->wfile;
	return dump_open(&s->dump, s->dead, errbuf);
}

static void
show(struct send_state *s, const uint8_t *b, const struct timespec *now)
{
	struct dec_pkt d;
	struct pr_opts po = {
		.verbose = s->verbose, .link = s->pkt.link, .hex = 0};

	memset(&d, 0, sizeof(d));
	d.frame = s->tx.sk.sent + s->tx.sk.failed + 1;
	d.ts_sec = now->tv_sec;
	d.ts_nsec = (uint32_t)now->tv_nsec;
	d.caplen = d.wirelen = s->tx.tlen;
	d.pkt = b;
	if (dec_packet(s->tx.pkt->link ? DEC_DLT_EN10MB : DEC_DLT_RAW, &d) ==
	    DEC_ICMP)
		pr_text(&s->ob, &d, &po);
}

static void
ns_to_ts(int64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
}

static int
write_dry(struct send_state *s, const uint8_t *b, const struct timespec *now,
	  char *errbuf)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = now->tv_sec;
	h.ts.tv_usec = (suseconds_t)now->tv_nsec;
	h.caplen = h.len = s->tx.tlen;
	if (dump_write(&s->dump, &h, b, errbuf) < 0)
		return -1;
	s->tx.sk.sent++;
	return 0;
}

/* Send (or write) n packets numbered from k. */
static int
send_batch(struct send_state *s, uint64_t k, int n, char *errbuf)
{
	struct timespec now;
	int i, dry = s->tx.mode == INJ_TX_DRY;

	/* A batch leaves in one system call: its packets share the time. */
	if (!dry)
		clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n; i++) {
		uint8_t *b = s->bufs + (size_t)i * s->tx.tlen;

		if (dry)
			ns_to_ts(sched_at(&s->sc, k + (uint64_t)i), &now);
		inj_tx_patch(&s->tx, b, k + (uint64_t)i, &now);
		if (s->verbose)
			show(s, b, &now);
		if (dry && write_dry(s, b, &now, errbuf) < 0)
			return -1;
	}
	if (s->verbose)
		ob_flush(&s->ob);
	return dry ? 0 : inj_tx_send(&s->tx, s->bufs, n, errbuf);
}

static void
summary(struct send_state *s, uint64_t k, int64_t t0)
{
	int dry = s->tx.mode == INJ_TX_DRY;
	double step = s->flood ? 0 : s->interval;
	double d = dry ? (k ? (double)(k - 1) * step : 0)
		       : (double)(cli_now_ns(CLOCK_MONOTONIC) - t0) / 1e9;

	if (s->quiet)
		return;
	ob_flush(&s->ob); /* the answers shown so far come first */
	fprintf(s->ob.fp,
		"%llu packets %s, %llu failed, %.3f s, %.0f packets/s%s%s\n",
		s->tx.sk.sent, dry ? "written" : "sent", s->tx.sk.failed, d,
		d > 0 ? (double)s->tx.sk.sent / d : 0.0, dry ? "" : ", engine ",
		dry ? "" : inj_engine_name(&s->tx.sk));
}

/* On the absolute schedule (sched.c): a late wake-up sends what is due
 * at once, in batches, and error never accumulates. */
static int
run(struct send_state *s, char *errbuf)
{
	int dry = s->tx.mode == INJ_TX_DRY;
	uint64_t k = 0, total = (uint64_t)s->count;
	int64_t t0;

	sig_stop_install(sig_on_stop); /* SIGINT, TERM, HUP, PIPE */
	t0 = cli_now_ns(CLOCK_MONOTONIC);
	sched_interval(&s->sc, dry ? cli_now_ns(CLOCK_REALTIME) : t0,
		       s->flood ? 0 : s->interval * 1e9, 1);
	while (!sig_stopped && (!total || k < total)) {
		uint64_t due =
			dry ? k + BATCH
			    : sched_due(&s->sc, cli_now_ns(CLOCK_MONOTONIC));
		int n;

		if (total && due > total)
			due = total;
		if (due <= k) {
			if (!s->ans)
				sched_sleep_until(sched_at(&s->sc, k));
			else if (ans_wait(s->ans, sched_at(&s->sc, k), errbuf) <
				 0)
				return -1;
			continue;
		}
		n = due - k > BATCH ? BATCH : (int)(due - k);
		if (s->ans)
			ans_sent(s->ans, k, n, cli_now_ns(CLOCK_REALTIME));
		if (send_batch(s, k, n, errbuf) < 0)
			return -1;
		k += (uint64_t)n;
	}

	summary(s, k, t0);
	/* After the line about sending: the wait for answers is no part of
	 * its rate. */
	if (s->ans && ans_finish(s->ans, (int64_t)(s->wait * 1e9), errbuf) < 0)
		return -1;
	return 0;
}

static int
opt_na_flags(void *st, const char *arg, char *errbuf)
{
	struct send_state *s = st;
	const char *f;

	s->pkt.na_flags = 0;
	for (f = arg; *f; f++) {
		if (*f == 'r')
			s->pkt.na_flags |= 0x80000000u;
		else if (*f == 's')
			s->pkt.na_flags |= 0x40000000u;
		else if (*f == 'o')
			s->pkt.na_flags |= 0x20000000u;
		else {
			cli_err(errbuf,
				"--na-flags '%s': use the letters r, s and o",
				arg);
			return -1;
		}
	}
	return 0;
}

static int
opt_quote(void *st, const char *arg, char *errbuf)
{
	if (strcmp(arg, "auto") && strcmp(arg, "none")) {
		cli_err(errbuf, "--quote '%s': use auto or none", arg);
		return -1;
	}
	((struct send_state *)st)->quote_mode = arg;
	return 0;
}

/* The ND options, appended to the body in the order given. */
#define BODY_OPT(name, part, fn)                                               \
	static int opt_##name(void *st, const char *arg, char *errbuf)         \
	{                                                                      \
		return fn(&((struct send_state *)st)->part, arg, errbuf);      \
	}
#define ND_OPT(name, fn) BODY_OPT(name, nd, fn)
ND_OPT(prefix, inj_opt_prefix)
ND_OPT(rdnss, inj_opt_rdnss)
ND_OPT(dnssl, inj_opt_dnssl)
ND_OPT(route, inj_opt_route)
ND_OPT(pref64, inj_opt_pref64)
#define ND_LLA(name, t)                                                        \
	static int opt_##name(void *st, const char *arg, char *errbuf)         \
	{                                                                      \
		return inj_opt_lla(&((struct send_state *)st)->nd, t, arg,     \
				   errbuf);                                    \
	}
ND_LLA(slla, 1)
ND_LLA(tlla, 2)
BODY_OPT(ni_addr, ni, inj_ni_addr)
BODY_OPT(ni_name, ni, inj_ni_name)
BODY_OPT(rr_match, rr, inj_rr_match)
BODY_OPT(rr_use, rr, inj_rr_use)

/* The lists, for one type each (checked in list_body). */
#define LST_OPT(name, vt)                                                      \
	static int opt_##name(void *st, const char *arg, char *errbuf)         \
	{                                                                      \
		struct send_state *s = st;                                     \
		if (s->lst.n && s->lst_type != (vt)) {                         \
			cli_err(errbuf, "--entry, --source, --record: one "    \
					"kind of list");                       \
			return -1;                                             \
		}                                                              \
		s->lst_type = (vt);                                            \
		return inj_lst_##name(&s->lst, arg, errbuf);                   \
	}
LST_OPT(entry, 4 << 8 | 9)
LST_OPT(source, 6 << 8 | 130)
LST_OPT(record, 6 << 8 | 143)

/* The RFC 4884 objects, in the order given. */
#define EXT_OPT(name, expr)                                                    \
	static int opt_##name(void *st, const char *arg, char *errbuf)         \
	{                                                                      \
		struct inj_body *e = &((struct send_state *)st)->ext;          \
		return expr;                                                   \
	}
EXT_OPT(mpls, inj_ext_mpls(e, arg, errbuf))
EXT_OPT(ifinfo, inj_ext_ifinfo(e, arg, errbuf))
EXT_OPT(ifname, inj_ext_ifid(e, 1, arg, errbuf))
EXT_OPT(ifindex, inj_ext_ifid(e, 2, arg, errbuf))
EXT_OPT(ifaddr, inj_ext_ifid(e, 3, arg, errbuf))

#define S_ROW(f)    OPT_AT(struct send_state, f)
#define S_SEEN(f)   OPT_SEEN(struct send_state, f)
#define S_U16(f, w) OPT_NUM, S_ROW(pkt.f), .min = 0, .max = 65535, .what = w

static const struct opt send_opts[] = {
	{'4', .kind = OPT_SET, S_ROW(ver_req), .set = 4},
	{'6', .kind = OPT_SET, S_ROW(ver_req), .set = 6},
	{'c', .kind = OPT_NUM, S_ROW(count), S_SEEN(have_count), .min = 0,
	 .max = INT64_MAX, .what = "-c count"},
	{'i', .kind = OPT_DEC, S_ROW(interval), S_SEEN(have_interval),
	 .dmin = 0, .dmax = 86400, .what = "-i interval", .unit = "seconds"},
	{'s', .kind = OPT_NUM, S_ROW(size), S_SEEN(have_size), .min = 0,
	 .max = 65527, .what = "-s size"},
	{'p', .kind = OPT_STR, S_ROW(phex)},
	{'t', .kind = OPT_NUM, S_ROW(pkt.ttl), S_SEEN(have_ttl), .min = 0,
	 .max = 255, .what = "-t ttl"},
	{'Q', .kind = OPT_NUM, S_ROW(pkt.tos), .base = OPT_ANY_BASE, .min = 0,
	 .max = 255, .what = "-Q tos"},
	{'D', .kind = OPT_SET, S_ROW(pkt.df), .set = 1},
	{'S', .kind = OPT_STR, S_ROW(srcarg)},
	{'I', .kind = OPT_STR, S_ROW(iface)},
	{'w', .kind = OPT_STR, S_ROW(wfile)},
	{'q', .kind = OPT_SET, S_ROW(quiet), .set = 1},
	{'W', .kind = OPT_DEC, S_ROW(wait), .dmin = 0, .dmax = 86400,
	 .what = "-W timeout", .unit = "seconds"},
	{'j', "json", .kind = OPT_SET, S_ROW(json), .set = 1},
	{0, "no-reply", O_NOREPLY, OPT_SET, S_ROW(no_reply), .set = 1},
	{'v', .kind = OPT_INC, S_ROW(verbose)},
	{'n', .kind = OPT_NONE}, /* tcpdump habit: names are never resolved */
	{'h', .kind = OPT_STOP, .stop = usage_send},
	{0, "type", O_TYPE, OPT_STR, S_ROW(type_name)},
	{0, "code", O_CODE, OPT_STR, S_ROW(code_name)},
	{0, "list-types", O_LIST, OPT_STOP, .stop = inj_list_types},
	{0, "id", O_ID, S_U16(id, "--id")},
	{0, "seq", O_SEQ, S_U16(seq, "--seq"), S_SEEN(have_seq)},
	{0, "ip-id", O_IPID, S_U16(ip_id, "--ip-id")},
	{0, "rate", O_RATE, OPT_DEC, S_ROW(rate), .dmin = 0.001, .dmax = 1e8,
	 .what = "--rate"},
	{0, "flood", O_FLOOD, OPT_SET, S_ROW(flood), .set = 1},
	{0, "payload-string", O_PSTR, OPT_STR, S_ROW(pstr)},
	{0, "payload-file", O_PFILE, OPT_STR, S_ROW(pfile)},
	{0, "link", O_LINK, OPT_SET, S_ROW(link), .set = 1},
	{0, "engine", O_ENGINE, OPT_STR, S_ROW(engine_arg)},
	{0, "src-mac", O_SRCMAC, OPT_STR, S_ROW(src_mac_arg)},
	{0, "dst-mac", O_DSTMAC, OPT_STR, S_ROW(dst_mac_arg)},
	{0, "mtu", O_MTU, OPT_NUM, S_ROW(pkt.mtu), .min = 1,
	 .max = 0xffffffffLL, .what = "--mtu"},
	{0, "gateway", O_GW, OPT_STR, S_ROW(gwarg)},
	{0, "pointer", O_PTR, OPT_NUM, S_ROW(pkt.pointer), .min = 0,
	 .max = 0xffffffffLL, .what = "--pointer"},
	{0, "mask", O_MASK, OPT_STR, S_ROW(maskarg)},
	{0, "lifetime", O_LIFE, S_U16(lifetime, "--lifetime")},
	{0, "target", O_TARGET, OPT_STR, S_ROW(targetarg)},
	{0, "na-flags", O_NAFLAGS, OPT_CALL, .arg = 1, .call = opt_na_flags},
	{0, "quote", O_QUOTE, OPT_CALL, .arg = 1, .call = opt_quote},
	{0, "quote-file", O_QFILE, OPT_STR, S_ROW(quote_file)},
	{0, "help", O_HELP, OPT_STOP, .stop = usage_send},
	{0, "body", O_BODY, OPT_STR, S_ROW(body)},
	{0, "from-json", O_FROMJSON, OPT_STR, S_ROW(from_json)},
	{0, "ni-addr", O_NIADDR, OPT_CALL, .arg = 1, .call = opt_ni_addr},
	{0, "ni-name", O_NINAME, OPT_CALL, .arg = 1, .call = opt_ni_name},
	{0, "match-prefix", O_RRMATCH, OPT_CALL, .arg = 1,
	 .call = opt_rr_match},
	{0, "use-prefix", O_RRUSE, OPT_CALL, .arg = 1, .call = opt_rr_use},
/* The structured parts of a body: --NAME calls opt_NAME. */
#define BODY_ROW(n, o) {0, #n, o, OPT_CALL, .arg = 1, .call = opt_##n},
	BODY_ROW(slla, O_SLLA) BODY_ROW(tlla, O_TLLA) BODY_ROW(
		prefix, O_PREFIX) BODY_ROW(rdnss, O_RDNSS) BODY_ROW(dnssl,
								    O_DNSSL)
		BODY_ROW(route, O_ROUTE) BODY_ROW(pref64, O_PREF64) BODY_ROW(
			mpls, O_MPLS) BODY_ROW(ifinfo, O_IFINFO)
			BODY_ROW(ifname, O_IFNAME) BODY_ROW(ifindex, O_IFINDEX)
				BODY_ROW(ifaddr, O_IFADDR) BODY_ROW(entry,
								    O_ENTRY)
					BODY_ROW(source, O_SOURCE)
						BODY_ROW(record, O_RECORD)
#define SF_ROW(k, o) {0, o, O_FIELD + SF_##k, OPT_STR, S_ROW(farg[SF_##k])},
							SEND_FIELDS(SF_ROW){0},
};

static int
parse_args(struct send_state *s, int argc, char **argv, char *errbuf)
{
	int r = opt_parse_one("send", send_opts, s, argc, argv, errbuf);

	if (!r && s->from_json && optind < argc) {
		cli_err(errbuf,
			"send --from-json: '%s': no HOST; each object "
			"gives its addresses",
			argv[optind]);
		return -1;
	}
	return r || s->from_json
		       ? r
		       : opt_host("send", argc, argv, &s->host, errbuf);
}

/* --from-json: the objects give the packets; the rate, -c, -w, --link
 * and its interface and addresses are the options'. */
static int
send_json(const struct send_state *s, char *errbuf)
{
	struct inj_jopts o = {
		.file = s->from_json,
		.wfile = s->wfile,
		.iface = s->iface,
		.src_mac = s->src_mac_arg,
		.dst_mac = s->dst_mac_arg,
		.link = s->link,
		.quiet = s->quiet,
		.count = s->have_count ? s->count : 0,
		.interval = s->flood	  ? 0
			    : s->rate > 0 ? 1.0 / s->rate
					  : s->interval,
	};

	if (s->link && !s->iface && !s->wfile) {
		cli_err(errbuf, "--link needs -I IFACE");
		return 2;
	}
	return inj_send_json(&o, errbuf);
}

/* Neighbor discovery is only accepted with hop limit 255 (RFC 4861 7.1,
 * RFC 2894 and RFC 3122 too), MLD is sent with hop limit 1 (RFC 2710 3,
 * RFC 3810 5), ICMPv4 router discovery with TTL 1: those are the defaults
 * for them. */
static uint8_t
default_hlim(const struct inj_pkt *p, const struct inj_family *f)
{
	static const uint8_t nd[] = {133, 134, 135, 136, 137,
				     138, 141, 142, 148, 149},
			     mld[] = {130, 131, 132, 143};
	size_t i;

	/* RFC 1256 5.1, 5.2: router discovery goes with TTL 1. */
	if (p->ver == 4 && (p->t->type == 9 || p->t->type == 10))
		return 1;
	if (!f->nd_hlim)
		return p->ttl;
	for (i = 0; i < sizeof(nd); i++)
		if (p->t->type == nd[i])
			return f->nd_hlim;
	for (i = 0; i < sizeof(mld); i++)
		if (p->t->type == mld[i])
			return 1;
	return p->ttl;
}

static int
setup(struct send_state *s, char *errbuf)
{
	struct inj_pkt *p = &s->pkt;
	const struct inj_family *f;
	int ver = s->ver_req;

	if (inj_resolve_scope(s->host, &ver, p->dst, &p->scope, errbuf) < 0)
		return -1;
	f = inj_family(ver);
	/* -I gives link-local and multicast destinations their scope. */
	if (f->scoped && !p->scope && s->iface)
		p->scope = if_nametoindex(s->iface);
	p->ver = ver;
	p->t = inj_type_find(ver, s->type_name ? s->type_name : "echo-request",
			     errbuf);
	if (!p->t)
		return -1;
	if (s->code_name &&
	    inj_code_parse(p->t, s->code_name, &p->code, errbuf) < 0)
		return -1;
	if (s->wfile && !s->count) {
		cli_err(errbuf, "-c 0 with -w would write without end; give a "
				"count");
		return -1;
	}
	if (s->engine_arg &&
	    inj_engine_parse(s->engine_arg, &s->engine, errbuf) < 0)
		return -1;
	if (s->link && !s->iface && !s->wfile) {
		cli_err(errbuf, "--link needs -I IFACE");
		return -1;
	}
	if (s->iface && !s->wfile && inj_iface_up(s->iface, errbuf) < 0)
		return -1;
	p->link = s->link;
	/* Neighbor discovery is only accepted with hop limit 255 (RFC 4861
	 * 7.1), so that is the default for it. */
	if (!s->have_ttl)
		p->ttl = default_hlim(p, f);
	/* MLD is only heard with a router alert (RFC 2710 3, RFC 3810 5). */
	p->router_alert = (uint8_t)inj_router_alert(ver, p->t->type);
	if (s->rate > 0)
		s->interval = 1.0 / s->rate;
	if (s->flood)
		s->interval = 0;
	if (!s->have_seq && !p->seq)
		p->seq = 1;
	if (make_payload(s, errbuf) < 0 || set_source(s, errbuf) < 0 ||
	    type_options(s, errbuf) < 0 || fields_setup(s, errbuf) < 0 ||
	    (!p->msg && load_quote(s, errbuf) < 0) || set_macs(s, errbuf) < 0)
		return -1;
	return 0;
}

/* Listen for what comes back (answer.c) unless --no-reply, a dry run, a
 * flood, or a type nothing answers; -j then prints the answers. */
static int
open_answers(struct send_state *s, char *errbuf)
{
	if (s->no_reply || s->wfile || s->flood || !ans_expected(&s->pkt)) {
		if (!s->json)
			return 0;
		cli_err(errbuf, "-j: nothing to show: JSON Lines are the "
				"answers, and none are listened for");
		return -1;
	}
	s->ans = ans_open(&s->pkt, s->iface, s->json, &s->ob, errbuf);
	if (s->json)
		s->quiet = 1; /* the JSON summary replaces the text line */
	return s->ans ? 0 : -1;
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
	s->wait = 1;
	s->quote_mode = "auto";
	s->pkt.ttl = 64;
	s->pkt.id = (uint16_t)getpid();
	s->pkt.ip_id = (uint16_t)(getpid() * 7919);
	s->pkt.lifetime = 1800;
	s->pkt.na_flags = 0x20000000u;
	ob_init(&s->ob, stdout, s->obmem, sizeof(s->obmem));
	r = parse_args(s, argc, argv, errbuf);
	if (r) {
		rc = r > 0 ? 0 : 2;
		goto out;
	}
	if (s->from_json) {
		rc = send_json(s, errbuf);
		goto out;
	}
	/* -w -: the pcap stream alone on stdout, the rest on stderr. */
	if (dump_is_stdout(s->wfile))
		ob_init(&s->ob, stderr, s->obmem, sizeof(s->obmem));
	if (setup(s, errbuf) < 0 || open_output(s, errbuf) < 0 ||
	    open_answers(s, errbuf) < 0)
		goto out;
	/* The socket (and any -w file) is open: give up root and every
	 * capability before sending. */
	if (priv_drop("nobody", errbuf) < 0 ||
	    sandbox_enter("send", errbuf) < 0)
		goto out;
	if (run(s, errbuf) < 0)
		goto out;
	if (s->tx.sk.failed && !s->tx.sk.sent) {
		cli_err(errbuf, "send: no packet went out: %s",
			strerror(s->tx.sk.last_errno ? s->tx.sk.last_errno
						     : EIO));
		goto out;
	}
	rc = 0;
out:
	if (s->dump.buf) { /* also after a write error, to free it */
		char later[CLI_ERRBUF];

		if (dump_close(&s->dump, rc ? later : errbuf) < 0)
			rc = 2;
	}
	if (s->dead)
		pcap_close(s->dead);
	ob_flush(&s->ob);
	if (fflush(stdout) != 0 && rc == 0) {
		cli_err(errbuf, "stdout: write failed: %s", strerror(errno));
		rc = 2;
	}
	inj_tx_close(&s->tx);
	ans_close(s->ans);
	free(s->bufs);
	free(s->pkt.payload);
	free(s->pkt.quote);
	free(s);
	return rc;
}
