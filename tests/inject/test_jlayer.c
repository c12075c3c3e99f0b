/* The headers around the message that send --from-json builds
 * (inject/jlayer.c): built from their keys alone, every length and
 * checksum computed, then read back by decode/; and the keys it refuses. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../cli/cli.h"
#include "../../decode/cksum.h"
#include "../../decode/dec.h"
#include "../../inject/jlayer.h"
#include "../../inject/jsend.h"
#include "../../inject/tx.h"

static struct json_tok T[512];
static char err[CLI_ERRBUF];

/* Object s into the bytes of one packet (a raw IP packet, or a frame
 * with link); -1 with err when it is refused. */
static int
build(const char *s, int link, uint8_t **b, size_t *n)
{
	struct inj_pkt p;
	struct inj_jlay j;
	struct inj_tx tx;
	struct timespec now = {1, 0};
	int64_t ts;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	memset(&j, 0, sizeof(j));
	p.link = link;
	err[0] = 0;
	cr_assert_gt(json_parse(s, strlen(s), T, 512, err), 0, "%s", err);
	if (inj_json_pkt(s, T, &p, &ts, err) < 0 ||
	    inj_jlay_parse(s, strlen(s), T, p.ver, link, &j, err) < 0)
		goto out;
	if (j.next)
		p.router_alert = 0;
	cr_assert_eq(inj_tx_open(&tx, &p, INJ_TX_DRY, NULL, 0, err), 0, "%s",
		     err);
	inj_tx_patch(&tx, tx.tmpl, 0, &now);
	rc = inj_jlay_apply(&j, &p, tx.tmpl, tx.tlen, link ? 14 : 0, b, n, err);
	inj_tx_close(&tx);
out:
	inj_jlay_free(&j);
	free(p.msg);
	return rc;
}

/* Object s built as a raw IP packet and decoded into d: a whole, valid
 * ICMP message.  Returns the bytes (malloc'ed). */
static uint8_t *
built(const char *s, struct dec_pkt *d, size_t *np)
{
	uint8_t *b;
	size_t n;

	cr_assert_eq(build(s, 0, &b, &n), 0, "%s", err);
	*np = n;
	memset(d, 0, sizeof(*d));
	d->pkt = b;
	d->caplen = d->wirelen = (uint32_t)n;
	cr_assert_eq(dec_packet(DEC_DLT_RAW, d), DEC_ICMP, "%s",
		     d->why ? d->why : "not ICMP");
	cr_assert_eq(d->flags & (DEC_F_TRUNC | DEC_F_MALFORMED), 0u, "%s",
		     d->why ? d->why : "");
	cr_assert_eq(d->icmp.cksum_status, DEC_CK_OK);
	return b;
}

#define ECHO4                                                                  \
	"\"ip\":4,\"src\":\"198.51.100.1\",\"dst\":\"203.0.113.2\","           \
	"\"type\":8,\"code\":0,\"id\":7,\"seq\":1,\"payload\":\"00010203\""
#define ECHO6                                                                  \
	"\"ip\":6,\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\","            \
	"\"type\":128,\"code\":0,\"id\":7,\"seq\":1,\"payload\":\"0001\""

/* GRE with a key and a checksum, then VXLAN over UDP over IPv6 and an
 * Ethernet frame: no "hdr", so every header comes from its keys. */
Test(jlayer, tunnels_from_keys)
{
	const char *s =
		"{" ECHO4 ",\"outer\":[{\"layer\":\"ip\",\"ip\":6,"
		"\"src\":\"2001:db8:ff::1\",\"dst\":\"2001:db8:ff::2\","
		"\"ttl\":9},{\"layer\":\"udp\",\"sport\":1000,\"dport\":4789},"
		"{\"layer\":\"vxlan\",\"vni\":4242},{\"layer\":\"eth\","
		"\"src\":\"02:00:00:00:00:01\",\"dst\":\"02:00:00:00:00:02\"},"
		"{\"layer\":\"ip\",\"ip\":4,\"src\":\"198.51.100.9\","
		"\"dst\":\"203.0.113.9\",\"ttl\":3},{\"layer\":\"gre\","
		"\"key\":77,\"csum\":true}]}";
	struct dec_pkt d;
	size_t n;
	uint8_t *b = built(s, &d, &n);
	const uint8_t *u;
	uint16_t ulen;

	cr_assert_eq(d.nouter, 6);
	cr_assert_eq(d.outer[0].ttl, 9);
	cr_assert_eq(d.outer[1].dport, 4789);
	u = d.outer[1].hdr;
	ulen = (uint16_t)(u[4] << 8 | u[5]);
	cr_assert_eq(ulen, n - 40, "UDP length computed");
	cr_assert_neq(u[6] | u[7], 0);
	cr_assert_eq(ck_fold(ck_add(ck_pseudo6(d.outer[0].src, d.outer[0].dst,
					       ulen, 17),
				    u, ulen)),
		     0, "UDP checksum computed");
	cr_assert_eq(d.outer[2].id, 4242u);
	cr_assert_eq(d.outer[3].etype, 0x0800, "ethertype from the next layer");
	cr_assert_eq(d.outer[4].flags & DEC_LF_BAD, 0,
		     "IPv4 checksum computed");
	cr_assert_eq(d.outer[4].proto, 47);
	cr_assert_eq(d.outer[5].id, 77u);
	cr_assert(d.outer[5].flags & DEC_LF_CSUM);
	cr_assert_eq(d.icmp.id, 7);
	cr_assert_eq(d.ip.ttl, 64);
	free(b);
}

#define OUTER4                                                                 \
	"{\"layer\":\"ip\",\"ip\":4,\"src\":\"198.51.100.9\",\"dst\":"         \
	"\"203.0.113.9\"}"
#define ETH "{\"layer\":\"eth\",\"src\":\"02:00:00:00:00:01\"}"

/* ERSPAN type II in GRE and Geneve over UDP, from their keys: the GRE
 * protocol, the UDP port and Geneve's protocol come from the next layer. */
Test(jlayer, erspan_geneve_from_keys)
{
	const char *er = "{" ECHO4 ",\"outer\":[" OUTER4
			 ",{\"layer\":\"gre\",\"seq\":5},{\"layer\":"
			 "\"erspan\",\"type\":2,\"session\":77,\"vlan\":300,"
			 "\"cos\":3}," ETH "]}";
	const char *ge = "{" ECHO4 ",\"outer\":[" OUTER4
			 ",{\"layer\":\"udp\"},{\"layer\":\"geneve\","
			 "\"vni\":9}," ETH "]}";
	struct dec_pkt d;
	size_t n;
	uint8_t *b = built(er, &d, &n);

	cr_assert_eq(d.nouter, 4);
	cr_assert_eq(d.outer[1].etype, 0x88be);
	cr_assert_eq(d.outer[2].ver, 2);
	cr_assert_eq(d.outer[2].id, 77u);
	cr_assert_eq(d.outer[2].vlan, 300);
	cr_assert_eq(d.outer[2].tc, 3);
	free(b);
	b = built(ge, &d, &n);
	cr_assert_eq(d.nouter, 4);
	cr_assert_eq(d.outer[1].dport, 6081);
	cr_assert_eq(d.outer[2].id, 9u);
	cr_assert_eq(d.outer[2].etype, 0x6558);
	free(b);
}

/* IPv4 options and more fragments; an IPv6 destination options header. */
Test(jlayer, options_fragments_extension_headers)
{
	const char *v4 = "{" ECHO4 ",\"ip_opts\":\"01010100\",\"mf\":true,"
			 "\"checksum\":\"unverified\",\"cksum\":4660}";
	const char *v6 = "{" ECHO6 ",\"ip_ext\":[{\"type\":60,"
			 "\"hex\":\"0000010400000000\"}]}";
	struct dec_pkt d;
	uint8_t *b;
	size_t n;

	cr_assert_eq(build(v4, 0, &b, &n), 0, "%s", err);
	cr_assert_eq(b[0], 0x46);
	cr_assert_eq(b[6] & 0x20, 0x20);
	cr_assert_eq(b[24 + 2] << 8 | b[24 + 3], 4660, "the cksum as given");
	free(b);
	b = built(v6, &d, &n);
	cr_assert_eq(d.ip.nnext, 1);
	cr_assert_eq(d.ip.ext[0], 60);
	cr_assert_eq(b[40], 58, "next header set from the chain");
	free(b);
}

/* A routing header with a segment left: the checksum is summed over the
 * final destination (RFC 8200 8.1), as the decoder verifies it. */
Test(jlayer, routing_header_final_destination)
{
	const char *v6 = "{" ECHO6 ",\"ip_ext\":[{\"type\":43,"
			 "\"hex\":\"000202010000000020010db8000000000000000000"
			 "000099\"}]}";
	struct dec_pkt d;
	size_t n;
	uint8_t *b = built(v6, &d, &n);

	cr_assert(d.ip.has_final_dst);
	cr_assert_eq(d.ip.final_dst[15], 0x99);
	free(b);
}

/* An MPLS label stack before IP: a frame with --link, refused without. */
Test(jlayer, mpls_on_the_link)
{
	const char *s = "{" ECHO4 ",\"outer\":[{\"layer\":\"mpls\",\"label\":"
			"16001,\"ttl\":5}]}";
	uint8_t *b;
	size_t n;

	cr_assert_eq(build(s, 0, &b, &n), -1);
	cr_assert(strstr(err, "key 'outer'") && strstr(err, "--link"), "%s",
		  err);
	cr_assert_eq(build(s, 1, &b, &n), 0, "%s", err);
	cr_assert_eq(b[12] << 8 | b[13], 0x8847);
	cr_assert_eq((uint32_t)b[14] << 12 | b[15] << 4 | b[16] >> 4, 16001u);
	cr_assert_eq(b[16] & 1, 1, "bottom of stack");
	cr_assert_eq(b[18] >> 4, 4);
	free(b);
}

/* VLAN tags of a link frame, outermost first, with their fields. */
Test(jlayer, vlan_tags)
{
	const char *s = "{" ECHO6 ",\"vlan_tags\":[{\"tpid\":34984,\"vid\":10},"
			"{\"pcp\":5,\"dei\":1,\"vid\":300}]}";
	static const uint8_t want[] = {0x88, 0xa8, 0x00, 0x0a, 0x81, 0x00,
				       0xb1, 0x2c, 0x86, 0xdd, 0x60};
	uint8_t *b;
	size_t n;

	cr_assert_eq(build(s, 1, &b, &n), 0, "%s", err);
	cr_assert_eq(memcmp(b + 12, want, sizeof(want)), 0);
	free(b);
	cr_assert_eq(
		build("{" ECHO6 ",\"vlan_tags\":[{\"vid\":4096}]}", 1, &b, &n),
		-1);
	cr_assert(strstr(err, "key 'vid'"), "%s", err);
}

Test(jlayer, refused_keys)
{
	static const struct {
		const char *obj, *key;
	} bad[] = {
		{"{" ECHO4 ",\"ip_opts\":\"010101\"}", "ip_opts"},
		{"{" ECHO4 ",\"frag_off\":3}", "frag_off"},
		{"{" ECHO6 ",\"ip_ext\":[{\"type\":60,\"hex\":\"00\"}]}",
		 "ip_ext"},
		{"{" ECHO6 ",\"ip_ext\":{}}", "ip_ext"},
		{"{" ECHO4 ",\"outer\":[{\"layer\":\"ppp\"}]}", "outer"},
		{"{" ECHO4 ",\"outer\":[{\"layer\":\"ip\",\"ip\":4,\"src\":"
		 "\"198.51.100.1\",\"dst\":\"203.0.113.2\",\"hdr\":\"4500\"}]}",
		 "outer"},
		{"{" ECHO4 ",\"outer\":[{\"layer\":\"ip\",\"ip\":6,\"src\":"
		 "\"198.51.100.1\",\"dst\":\"::1\"}]}",
		 "src"},
		{"{" ECHO4 ",\"outer\":[{\"layer\":\"udp\",\"sport\":70000}]}",
		 "sport"},
		{"{" ECHO4 ",\"fixed\":\"zz\"}", "fixed"},
	};
	char want[64];
	uint8_t *b;
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(build(bad[i].obj, 0, &b, &n), -1, "%s accepted",
			     bad[i].obj);
		snprintf(want, sizeof(want), "key '%s'", bad[i].key);
		cr_assert(strstr(err, want), "%s: %s", bad[i].obj, err);
		cr_assert_null(strchr(err, '\n'));
	}
}
