/* send --from-json: each JSON object of the input (the schema read -j
 * writes, read --payload for every byte) becomes one packet.  The type,
 * code, addresses, IP fields, the fields of decode/fields.c by their keys
 * and the payload are taken from the object; lengths and checksums are
 * computed (a "checksum": "bad" object gets a wrong one on purpose).  The
 * packet is built as send builds one (inj_tx_open on a LIBNET_NONE
 * context), then written to -w's file or sent on a socket opened before
 * privileges were dropped. */
#define _GNU_SOURCE /* strptime, timegm */
#include "jsend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/dump.h"
#include "../cli/priv.h"
#include "../decode/fields.h"
#include "../decode/print.h"
#include "family.h"
#include "jbody.h"
#include "jlayer.h"
#include "sched.h"
#include "tx.h"

/* A member's value as the text inj_field_parse takes: a number as
 * written, true/false, a string unescaped. */
static int
value_text(const char *s, const struct json_tok *t, int v, char *out,
	   size_t size)
{
	if (t[v].type == JSON_STR)
		return json_str(s, t, v, out, size);
	if (t[v].type == JSON_TRUE || t[v].type == JSON_FALSE ||
	    t[v].type == JSON_NUM) {
		if (t[v].len >= size)
			return -1;
		memcpy(out, s + t[v].start, t[v].len);
		out[t[v].len] = 0;
		return 0;
	}
	return -1;
}

int
inj_jkey_err(char *errbuf, const char *key, const char *why)
{
	cli_err(errbuf, "key '%s': %s", key, why);
	return -1;
}

/* An integer member in [min, max]; def when absent. */
int
inj_jint(const char *s, const struct json_tok *t, int obj, const char *key,
	 long long min, long long max, long long def, long long *v,
	 char *errbuf)
{
	int i = json_get(s, t, obj, key);
	char why[64];

	*v = def;
	if (i < 0)
		return 0;
	if (t[i].type == JSON_TRUE || t[i].type == JSON_FALSE) {
		*v = t[i].type == JSON_TRUE;
		return min <= *v && *v <= max
			       ? 0
			       : inj_jkey_err(errbuf, key, "not a bool");
	}
	if (json_int(s, t, i, min, max, v) == 0)
		return 0;
	snprintf(why, sizeof(why), "not an integer from %lld to %lld", min,
		 max);
	return inj_jkey_err(errbuf, key, why);
}

int
inj_jaddr(const char *s, const struct json_tok *t, int obj, const char *key,
	  int ver, uint8_t out[16], char *errbuf)
{
	char a[INET6_ADDRSTRLEN + 8];
	int i = json_get(s, t, obj, key);

	memset(out, 0, 16);
	if (i < 0)
		return inj_jkey_err(errbuf, key, "missing");
	if (json_str(s, t, i, a, sizeof(a)) < 0 ||
	    inet_pton(ver == 6 ? AF_INET6 : AF_INET, a, out) != 1)
		return inj_jkey_err(errbuf, key,
				    ver == 6 ? "not an IPv6 address"
					     : "not an IPv4 address");
	return 0;
}

/* RFC 3339 as read writes it: 2024-01-01T12:00:00.001000000Z.  *ns is
 * -1 without "ts"; a time a pcap record cannot hold (its seconds are 32
 * bits without sign: 1970 to 2106) is an error, not a silent "now". */
static int
parse_ts(const char *s, const struct json_tok *t, int64_t *ns, char *errbuf)
{
	char b[40], *frac;
	struct tm tm;
	int i = json_get(s, t, 0, "ts"), k;
	int64_t f = 0, scale = 100000000;
	time_t sec;

	*ns = -1;
	if (i < 0)
		return 0;
	memset(&tm, 0, sizeof(tm));
	frac = json_str(s, t, i, b, sizeof(b)) < 0
		       ? NULL
		       : strptime(b, "%Y-%m-%dT%H:%M:%S", &tm);
	sec = frac ? timegm(&tm) : -1;
	if (sec < 0 || (long long)sec > 0xffffffffLL)
		return inj_jkey_err(
			errbuf, "ts",
			"not an RFC 3339 time from 1970 to 2106 (what "
			"a pcap record holds)");
	if (*frac == '.')
		for (k = 1; frac[k] >= '0' && frac[k] <= '9' && scale; k++) {
			f += (frac[k] - '0') * scale;
			scale /= 10;
		}
	*ns = (int64_t)sec * 1000000000 + f;
	return 0;
}

/* The IP header's fields. */
static int
json_ip(const char *s, const struct json_tok *t, struct inj_pkt *p,
	char *errbuf)
{
	long long v[6];

	if (inj_jint(s, t, 0, "ip", 4, 6, 4, &v[0], errbuf) < 0)
		return -1;
	if (v[0] == 5)
		return inj_jkey_err(errbuf, "ip", "use 4 or 6");
	p->ver = (int)v[0];
	if (inj_jaddr(s, t, 0, "src", p->ver, p->src, errbuf) < 0 ||
	    inj_jaddr(s, t, 0, "dst", p->ver, p->dst, errbuf) < 0 ||
	    inj_jint(s, t, 0, "ttl", 0, 255, 64, &v[1], errbuf) < 0 ||
	    inj_jint(s, t, 0, "tos", 0, 255, 0, &v[2], errbuf) < 0 ||
	    inj_jint(s, t, 0, "ip_id", 0, 65535, 0, &v[3], errbuf) < 0 ||
	    inj_jint(s, t, 0, "df", 0, 1, 0, &v[4], errbuf) < 0 ||
	    inj_jint(s, t, 0, "flow", 0, 0xfffff, 0, &v[5], errbuf) < 0)
		return -1;
	p->ttl = (uint8_t)v[1], p->tos = (uint8_t)v[2];
	p->ip_id = (uint16_t)v[3], p->df = (uint8_t)v[4];
	p->flow = (uint32_t)v[5];
	return 0;
}

/* "checksum": "bad" builds a wrong checksum ("cksum" if given). */
static int
json_cksum(const char *s, const struct json_tok *t, struct inj_pkt *p,
	   char *errbuf)
{
	int i = json_get(s, t, 0, "checksum");
	long long v;

	p->cksum_bad = i >= 0 && json_eq(s, t, i, "bad");
	if (inj_jint(s, t, 0, "cksum", -1, 65535, -1, &v, errbuf) < 0)
		return -1;
	p->cksum_given = v >= 0;
	p->cksum_val = (uint16_t)(v >= 0 ? v : 0);
	return 0;
}

/* Every field of the type's description that the object has. */
static int
json_fields(const char *s, const struct json_tok *t, struct inj_pkt *p,
	    char *errbuf)
{
	size_t n, k;
	const struct dec_field *f = dec_fields(p->ver, p->t->type, &n);
	char val[128], what[64];

	for (k = 0; k < n; k++) {
		int i;

		if (!f[k].json || dec_field_find(p->ver, p->t->type, p->code,
						 f[k].json) != &f[k])
			continue;
		i = json_get(s, t, 0, f[k].json);
		if (i < 0)
			continue;
		snprintf(what, sizeof(what), "key '%s'", f[k].json);
		if (value_text(s, t, i, val, sizeof(val)) < 0) {
			cli_err(errbuf, "%s: not a number, bool or string",
				what);
			return -1;
		}
		if (inj_field_parse(p, f[k].json, val, what, errbuf) < 0)
			return -1;
	}
	return 0;
}

/* A quoted datagram from the object's "quoted" (read -j's keys: ip, src,
 * dst, ttl, proto, len, sport/dport, type/code/id/seq), for an error
 * object without a payload. */
static int
json_quoted(const char *s, const struct json_tok *t, int q, uint8_t **out,
	    uint32_t *len, char *errbuf)
{
	static const struct {
		const char *name;
		uint8_t proto;
	} protos[] = {{"udp", IPPROTO_UDP},
		      {"tcp", IPPROTO_TCP},
		      {"icmp", IPPROTO_ICMP},
		      {"icmp6", IPPROTO_ICMPV6}};
	struct inj_qspec qs;
	long long v[10];
	int i = json_get(s, t, q, "proto");
	size_t k;

	memset(&qs, 0, sizeof(qs));
	qs.what = "key 'quoted'";
	if (inj_jint(s, t, q, "ip", 4, 6, 4, &v[0], errbuf) < 0 || v[0] == 5)
		return inj_jkey_err(errbuf, "quoted", "ip is 4 or 6");
	qs.ver = (int)v[0];
	for (k = 0; i >= 0 && k < sizeof(protos) / sizeof(protos[0]); k++)
		if (json_eq(s, t, i, protos[k].name))
			qs.proto = protos[k].proto;
	if (!qs.proto && inj_jint(s, t, q, "proto", 0, 255,
				  qs.ver == 6 ? 59 : 255, &v[1], errbuf) < 0)
		return -1;
	qs.proto = qs.proto ? qs.proto : (uint8_t)v[1];
	if (inj_jaddr(s, t, q, "src", qs.ver, qs.src, errbuf) < 0 ||
	    inj_jaddr(s, t, q, "dst", qs.ver, qs.dst, errbuf) < 0 ||
	    inj_jint(s, t, q, "ttl", 0, 255, 64, &v[2], errbuf) < 0 ||
	    inj_jint(s, t, q, "len", qs.ver == 6 ? 40 : 20, 65535,
		     qs.ver == 6 ? 48 : 28, &v[3], errbuf) < 0 ||
	    inj_jint(s, t, q, "sport", 0, 65535, 0, &v[4], errbuf) < 0 ||
	    inj_jint(s, t, q, "dport", 0, 65535, 0, &v[5], errbuf) < 0 ||
	    inj_jint(s, t, q, "type", 0, 255, 8, &v[6], errbuf) < 0 ||
	    inj_jint(s, t, q, "code", 0, 255, 0, &v[7], errbuf) < 0 ||
	    inj_jint(s, t, q, "id", 0, 65535, 0, &v[8], errbuf) < 0 ||
	    inj_jint(s, t, q, "seq", 0, 65535, 0, &v[9], errbuf) < 0)
		return -1;
	qs.ttl = (uint8_t)v[2], qs.tot_len = (uint16_t)v[3];
	qs.sport = (uint16_t)v[4], qs.dport = (uint16_t)v[5];
	qs.type = (uint8_t)v[6], qs.code = (uint8_t)v[7];
	qs.id = (uint16_t)v[8], qs.seq = (uint16_t)v[9];
	return inj_quote_build(&qs, out, len, errbuf);
}

/* "payload": hex into *body (malloc'ed). */
static int
json_payload(const char *s, const struct json_tok *t, int i, uint8_t **body,
	     size_t *blen, char *errbuf)
{
	char *hex = malloc(t[i].len + 1);
	int rc = -1;

	*body = malloc(t[i].len / 2 + 1);
	if (!hex || !*body)
		cli_err(errbuf, "memory: out of memory");
	else if (json_str(s, t, i, hex, t[i].len + 1) < 0 ||
		 cli_hex(hex, t[i].len / 2 + 1, "key 'payload'", *body, blen,
			 errbuf) < 0)
		inj_jkey_err(errbuf, "payload", "not hex");
	else
		rc = 0;
	free(hex);
	return rc;
}

/* An error object without a payload: the datagram its "quoted" describes,
 * padded with zeros to "orig_len" (RFC 4884) if that is longer. */
static int
json_quote_body(const char *s, const struct json_tok *t, int q, long long ol,
		uint8_t **body, size_t *blen, char *errbuf)
{
	uint32_t ql = 0;
	uint8_t *b;

	if (json_quoted(s, t, q, body, &ql, errbuf) < 0)
		return -1;
	*blen = ql;
	if ((size_t)ol <= ql)
		return 0;
	b = realloc(*body, (size_t)ol);
	if (!b) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	memset(b + ql, 0, (size_t)ol - ql);
	*body = b;
	*blen = (size_t)ol;
	return 0;
}

/* "fixed": the fixed part's bytes from offset 4 (read --payload gives
 * them when its fields do not), written before the fields are. */
static int
json_fixed(const char *s, const struct json_tok *t, struct inj_pkt *p,
	   char *errbuf)
{
	int i = json_get(s, t, 0, "fixed");
	char hex[520];
	size_t n;

	if (i < 0)
		return 0;
	if (p->msg_len <= 4 || json_str(s, t, i, hex, sizeof(hex)) < 0 ||
	    cli_hex(hex, p->msg_len - 4, "key 'fixed'", p->msg + 4, &n,
		    errbuf) < 0)
		return inj_jkey_err(errbuf, "fixed",
				    "not hex of at most the fixed part");
	return 0;
}

/* The payload (hex, the bytes after the fixed part) or the quoted
 * datagram, then the bytes no field row describes: RFC 4884's length
 * attribute, a v4 router advertisement's entry size. */
static int
json_body(const char *s, const struct json_tok *t, struct inj_pkt *p,
	  char *errbuf)
{
	int i = json_get(s, t, 0, "payload"), q = json_get(s, t, 0, "quoted");
	uint8_t *body = NULL;
	size_t blen = 0;
	long long ol;
	int rc = -1;

	if (i >= 0 && t[i].type != JSON_STR)
		return inj_jkey_err(errbuf, "payload", "not a string of hex");
	if (inj_jint(s, t, 0, "orig_len", 0, 1020, 0, &ol, errbuf) < 0)
		return -1;
	if (i >= 0 && t[i].len) {
		if (json_payload(s, t, i, &body, &blen, errbuf) < 0)
			goto out;
	} else if (i < 0 && q >= 0 && t[q].type == JSON_OBJ &&
		   dec_is_error(p->ver, p->t->type) &&
		   json_quote_body(s, t, q, ol, &body, &blen, errbuf) < 0) {
		goto out;
	} else if (i < 0 && inj_json_body(s, t, p->ver, p->t->type, &body,
					  &blen, errbuf) < 0) {
		goto out;
	}
	if (inj_msg_make(p, body, blen, errbuf) < 0 ||
	    json_fixed(s, t, p, errbuf) < 0)
		goto out;
	if (i < 0)
		inj_json_count(s, t, p);
	if (ol)
		p->msg[p->ver == 6 ? 4 : 5] =
			(uint8_t)(ol / (p->ver == 6 ? 8 : 4));
	if (p->ver == 4 && p->t->type == 9)
		p->msg[5] = 2; /* RFC 1256: entries of two words */
	rc = 0;
out:
	free(body);
	return rc;
}

int
inj_json_pkt(const char *s, const struct json_tok *t, struct inj_pkt *p,
	     int64_t *ts_ns, char *errbuf)
{
	long long type, code;
	int i;

	if (t[0].type != JSON_OBJ) {
		cli_err(errbuf, "not a JSON object");
		return -1;
	}
	if (json_ip(s, t, p, errbuf) < 0 ||
	    inj_jint(s, t, 0, "type", 0, 255, -1, &type, errbuf) < 0 ||
	    inj_jint(s, t, 0, "code", 0, 255, 0, &code, errbuf) < 0)
		return -1;
	if (type < 0)
		return inj_jkey_err(errbuf, "type", "missing");
	i = json_get(s, t, 0, "proto");
	if (i >= 0 && !json_eq(s, t, i, p->ver == 6 ? "icmp6" : "icmp"))
		return inj_jkey_err(
			errbuf, "proto",
			p->ver == 6 ? "send builds ICMPv6 over IPv6 only"
				    : "send builds ICMP over IPv4 only");
	p->t = inj_type_any(p->ver, (int)type);
	p->code = (uint8_t)code;
	/* read --payload says whether a hop-by-hop header came first. */
	i = json_get(s, t, 0, "hbh");
	p->router_alert =
		(uint8_t)(i >= 0 ? t[i].type == JSON_TRUE
				 : inj_router_alert(p->ver, (int)type));
	if (parse_ts(s, t, ts_ns, errbuf) < 0)
		return -1;
	if (json_cksum(s, t, p, errbuf) < 0 || json_fields(s, t, p, errbuf) < 0)
		return -1;
	return json_body(s, t, p, errbuf);
}

/* Where the packets go: a pcap file (-w), or the sockets opened before
 * privileges were dropped (raw IPv4 and IPv6, or a packet socket). */
struct jout {
	const struct inj_jopts *o;
	pcap_t *dead;
	struct dump dump;
	libnet_t *l4, *l6, *ll;
	struct inj_sock sk;
	struct sched sc;
	unsigned long long built, bad;
};

static int
jout_open(struct jout *j, char *errbuf)
{
	const struct inj_jopts *o = j->o;

	if (o->wfile) {
		j->dead = pcap_open_dead_with_tstamp_precision(
			o->link ? DLT_EN10MB : DLT_RAW, 262144,
			PCAP_TSTAMP_PRECISION_NANO);
		if (!j->dead) {
			cli_err(errbuf, "pcap: cannot open a dead handle");
			return -1;
		}
		j->dump.pattern = o->wfile;
		/* Objects without "ts" are stamped on the schedule, as a
		 * dry run of send is. */
		sched_interval(&j->sc, cli_now_ns(CLOCK_REALTIME),
			       o->interval * 1e9, 1);
		return dump_open(&j->dump, j->dead, errbuf);
	}
	if (o->link) {
		j->ll = inj_libnet_open(LIBNET_LINK, o->iface, NULL, errbuf);
		if (!j->ll)
			return -1;
		inj_sock_link(&j->sk, libnet_getfd(j->ll), o->iface, 0);
	} else {
		j->l4 = inj_libnet_open(LIBNET_RAW4, NULL, NULL, errbuf);
		j->l6 = j->l4 ? inj_libnet_open(LIBNET_RAW6, NULL, NULL, errbuf)
			      : NULL;
		if (!j->l6)
			return -1;
	}
	sched_interval(&j->sc, cli_now_ns(CLOCK_MONOTONIC), o->interval * 1e9,
		       1);
	return priv_drop("nobody", errbuf);
}

static void
jout_close(struct jout *j, char *errbuf, int *rc)
{
	char later[CLI_ERRBUF];

	if (j->dump.d && dump_close(&j->dump, *rc ? later : errbuf) < 0)
		*rc = 2;
	if (j->dead)
		pcap_close(j->dead);
	if (j->l4)
		libnet_destroy(j->l4);
	if (j->l6)
		libnet_destroy(j->l6);
	if (j->ll)
		libnet_destroy(j->ll);
}

/* The Ethernet addresses: the object's (read -e), the options', or the
 * interface's and the next hop's. */
static int
json_macs(const char *s, const struct json_tok *t, const struct inj_jopts *o,
	  struct inj_pkt *p, char *errbuf)
{
	char m[32];
	int i;

	i = json_get(s, t, 0, "eth_src");
	if (json_str(s, t, i, m, sizeof(m)) >= 0 ||
	    (o->src_mac && snprintf(m, sizeof(m), "%s", o->src_mac) > 0)) {
		if (inj_parse_mac(m, p->src_mac) < 0)
			return inj_jkey_err(errbuf, "eth_src",
					    "not a MAC address");
	} else if (o->iface && inj_ifmac(o->iface, p->src_mac, errbuf) < 0) {
		return -1;
	}
	i = json_get(s, t, 0, "eth_dst");
	if (json_str(s, t, i, m, sizeof(m)) >= 0 ||
	    (o->dst_mac && snprintf(m, sizeof(m), "%s", o->dst_mac) > 0))
		return inj_parse_mac(m, p->dst_mac) < 0
			       ? inj_jkey_err(errbuf, "eth_dst",
					      "not a MAC address")
			       : 0;
	return inj_neigh(p->ver, p->dst, o->iface, p->dst_mac, errbuf);
}

/* Build packet k from p and its layers jl, and write or send it. */
static int
jout_put(struct jout *j, const struct inj_pkt *p, struct inj_jlay *jl,
	 int64_t ts_ns, unsigned long long k, char *errbuf)
{
	struct inj_tx tx;
	struct timespec now;
	uint8_t *b = NULL;
	size_t n;
	int rc = -1;

	if (inj_tx_open(&tx, p, INJ_TX_DRY, NULL, 0, errbuf) < 0)
		goto out;
	if (j->dead && ts_ns < 0)
		ts_ns = sched_at(&j->sc, k);
	if (!j->dead) {
		sched_sleep_until(sched_at(&j->sc, k));
		ts_ns = cli_now_ns(CLOCK_REALTIME);
	}
	now.tv_sec = (time_t)(ts_ns / 1000000000);
	now.tv_nsec = (long)(ts_ns % 1000000000);
	inj_tx_patch(&tx, tx.tmpl, 0, &now);
	if (inj_jlay_apply(jl, p, tx.tmpl, tx.tlen, p->link ? 14 : 0, &b, &n,
			   errbuf) < 0)
		goto out;
	if (j->dead) {
		struct pcap_pkthdr h;

		h.ts.tv_sec = now.tv_sec;
		h.ts.tv_usec = (suseconds_t)now.tv_nsec;
		h.caplen = h.len = (bpf_u_int32)n;
		if (dump_write(&j->dump, &h, b, errbuf) < 0)
			goto out;
		j->sk.sent++;
	} else {
		struct iovec iov = {b, n};
		/* A tunnel goes to its outermost IP header's destination. */
		int ver = jl->dst_ver ? jl->dst_ver : p->ver;

		if (!p->link) {
			j->sk.fd = libnet_getfd(ver == 6 ? j->l6 : j->l4);
			j->sk.tolen = inj_family(ver)->sockaddr(
				&j->sk.to, jl->dst_ver ? jl->dst : p->dst,
				p->scope);
		}
		if (inj_sock_send(&j->sk, &iov, 1, errbuf) < 0)
			goto out;
	}
	rc = 0;
out:
	free(b);
	inj_tx_close(&tx);
	return rc;
}

/* One line: parsed, built, put out.  -1 with errbuf when the object
 * cannot be built (the run goes on), -2 when the output failed. */
static int
json_line(struct jout *j, const char *line, size_t len, struct json_tok *t,
	  char *errbuf)
{
	struct inj_pkt p;
	struct inj_jlay jl = {0};
	int64_t ts;
	int n, rc = -1;

	n = json_parse(line, len, t, INJ_JSON_TOKENS, errbuf);
	if (n < 0)
		return -1;
	memset(&p, 0, sizeof(p));
	p.link = j->o->link;
	if (inj_json_pkt(line, t, &p, &ts, errbuf) < 0 ||
	    inj_jlay_parse(line, len, t, p.ver, p.link, &jl, errbuf) < 0)
		goto out;
	/* The extension headers given replace the router alert's. */
	if (jl.next)
		p.router_alert = 0;
	if (j->o->iface && p.ver == 6)
		p.scope = if_nametoindex(j->o->iface);
	if (p.link && json_macs(line, t, j->o, &p, errbuf) < 0)
		goto out;
	rc = jout_put(j, &p, &jl, ts, j->built, errbuf) < 0 ? -2 : 0;
	j->built++;
out:
	inj_jlay_free(&jl);
	free(p.msg);
	return rc;
}

/* Not a line to build: empty, or white space only. */
static int
blank(const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
		     s[n - 1] == '\t'))
		n--;
	return n == 0;
}

/* Report line no's failure: on stderr now, or kept for the caller if it
 * is the last one. */
static void
line_failed(struct jout *j, unsigned long long no, const char *why, char *last)
{
	if (last[0])
		fprintf(stderr, "icmpkit: %s\n", last);
	snprintf(last, CLI_ERRBUF, "--from-json line %llu: %.*s", no,
		 CLI_ERRBUF - 48, why);
	j->bad++;
}

static int
json_lines(struct jout *j, FILE *in, char *errbuf)
{
	struct json_tok *t = malloc(sizeof(*t) * INJ_JSON_TOKENS);
	char *line = NULL, why[CLI_ERRBUF], last[CLI_ERRBUF] = "";
	size_t cap = 0;
	ssize_t n;
	unsigned long long no = 0;
	int rc = 0;

	if (!t) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	while ((!j->o->count || j->built < (unsigned long long)j->o->count) &&
	       (n = getline(&line, &cap, in)) >= 0) {
		no++;
		if (blank(line, (size_t)n))
			continue;
		if ((size_t)n > INJ_JSON_LINE) {
			line_failed(j, no, "longer than 1 MiB", last);
			continue;
		}
		rc = json_line(j, line, (size_t)n, t, why);
		if (rc == -2) {
			snprintf(errbuf, CLI_ERRBUF, "%s", why);
			break;
		}
		if (rc < 0)
			line_failed(j, no, why, last);
		rc = 0;
	}
	if (rc == 0 && ferror(in)) {
		cli_err(errbuf, "%s: %s", j->o->file, strerror(errno));
		rc = -2;
	}
	if (rc == 0 && last[0]) {
		snprintf(errbuf, CLI_ERRBUF, "%s", last);
		rc = -1;
	}
	free(line);
	free(t);
	return rc;
}

int
inj_send_json(const struct inj_jopts *o, char *errbuf)
{
	struct jout j;
	FILE *in = strcmp(o->file, "-") ? fopen(o->file, "r") : stdin;
	int rc = 2, r;

	memset(&j, 0, sizeof(j));
	j.o = o;
	j.sk.fd = -1;
	if (!in) {
		cli_err(errbuf, "--from-json %s: %s", o->file, strerror(errno));
		return 2;
	}
	if (jout_open(&j, errbuf) == 0) {
		r = json_lines(&j, in, errbuf);
		rc = r < 0 ? 2 : 0;
		/* -w -: the pcap stream alone on stdout. */
		if (!o->quiet && r != -2)
			fprintf(dump_is_stdout(o->wfile) ? stderr : stdout,
				"%llu packets %s, %llu failed, %llu objects "
				"not built\n",
				j.sk.sent, o->wfile ? "written" : "sent",
				j.sk.failed, j.bad);
	}
	jout_close(&j, errbuf, &rc);
	/* A run that wrote nothing leaves no capture behind. */
	if (rc && o->wfile && !j.sk.sent && !dump_is_stdout(o->wfile))
		unlink(o->wfile);
	if (in != stdin)
		fclose(in);
	return rc;
}
