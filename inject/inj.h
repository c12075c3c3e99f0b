/* The injection side: crafting ICMP/ICMPv6 with libnet and sending it. */
#ifndef ICMPKIT_INJECT_INJ_H
#define ICMPKIT_INJECT_INJ_H

#include <libnet.h>
#include <stddef.h>
#include <stdint.h>

/* How a type's fields are laid out, and so which libnet builder makes it. */
enum inj_kind {
	INJ_ECHO,      /* id, seq, payload (echo, info) */
	INJ_TIMESTAMP, /* id, seq, three times */
	INJ_MASK,      /* id, seq, mask */
	INJ_ERROR,     /* 4 unused bytes (or MTU/pointer), quoted datagram */
	INJ_REDIRECT,  /* gateway, quoted datagram */
	INJ_ROUTERADV, /* v4 router advertisement */
	INJ_ROUTERSOL, /* v4 router solicitation, v6 RS */
	INJ_NSOL,      /* v6 neighbor solicitation */
	INJ_NADV,      /* v6 neighbor advertisement */
	INJ_FIELDS,    /* any other type: bytes from its field description */
};

struct inj_type {
	uint8_t ver;
	uint8_t type;
	uint8_t kind;  /* enum inj_kind */
	uint8_t codes; /* valid codes are 0..codes-1 (1: only 0; 0: any) */
};

/* A field given by its JSON key (decode/fields.h): where it goes and the
 * value, a number v or the bytes b of an address or hex field. */
struct dec_field;
struct inj_set {
	const struct dec_field *f;
	uint32_t v;
	uint8_t b[16];
};
#define INJ_MAX_SETS 64

/* Everything one packet is made of; per-packet fields (seq, IP id,
 * timestamps) are patched into the built bytes by the sender. */
struct inj_pkt {
	const struct inj_type *t;
	int ver;
	uint8_t code;
	uint16_t id, seq;
	uint8_t ttl, tos, df;
	uint16_t ip_id;
	uint8_t src[16], dst[16];
	uint8_t *payload;
	uint32_t payload_len;
	uint8_t stamp; /* echo payload starts with the send time (timeval) */
	uint32_t mtu, pointer;
	uint8_t gateway[16];
	uint32_t mask;
	uint16_t lifetime;
	uint8_t *quote;
	uint32_t quote_len;
	uint8_t target[16];
	uint32_t na_flags; /* R 0x80000000, S 0x40000000, O 0x20000000 */
	int link;
	uint8_t src_mac[6], dst_mac[6];
	uint32_t scope; /* IPv6 scope (interface index) of dst, 0 = none */
	/* The whole ICMP message when it is built from bytes (INJ_FIELDS
	 * types, --body, --from-json) rather than by a libnet builder of
	 * its kind; NULL otherwise. */
	uint8_t *msg;
	uint32_t msg_len;
	/* Fields written over the built message, in order. */
	struct inj_set sets[INJ_MAX_SETS];
	int nsets;
	uint8_t ts_given;    /* timestamp: originate given, not the send time */
	uint8_t cksum_bad;   /* write cksum_val instead of the right checksum */
	uint8_t cksum_given; /* cksum_val was given: of 0 and 0xffff (both
			      * right in one's complement), keep its form */
	uint16_t cksum_val;
	uint32_t flow; /* IPv6 flow label */
	/* IPv6: a hop-by-hop header with the router alert option (RFC 2711)
	 * before the message, as MLD needs (RFC 2710 3, RFC 3810 5). */
	uint8_t router_alert;
};

/* Protocol tags of a built packet, so it can be rebuilt in place. */
struct inj_tags {
	libnet_ptag_t icmp, opt, ip, eth, hbh;
};

/* Bytes of extension headers between the IP header and the message. */
#define INJ_HBH_LEN 8
size_t inj_ext_len(const struct inj_pkt *p);

const struct inj_type *inj_type_find(int ver, const char *name, char *errbuf);
int inj_code_parse(const struct inj_type *t, const char *s, uint8_t *code,
		   char *errbuf);
void inj_list_types(void);
/* The row of any type by number, built from its field description
 * (kind INJ_FIELDS, any code). */
const struct inj_type *inj_type_any(int ver, int type);
/* Whether a type is sent with a router alert: MLD (RFC 2710 3, RFC 3810
 * 5); a kernel ignores an MLD query without one. */
int inj_router_alert(int ver, int type);

/* Fields by JSON key (inject/fields.c).  inj_field_parse: check val for
 * key's field of p's type and code and add it to p->sets (what names the
 * option or key in messages).  inj_msg_make: p->msg of the type's fixed
 * part (as far as the fields given reach) then the blen bytes of body.
 * inj_fields_apply: write p->sets over an ICMP message of len bytes. */
int inj_field_parse(struct inj_pkt *p, const char *key, const char *val,
		    const char *what, char *errbuf);
int inj_msg_make(struct inj_pkt *p, const uint8_t *body, size_t blen,
		 char *errbuf);
void inj_fields_apply(const struct inj_pkt *p, uint8_t *msg, size_t len);
const char *inj_type_label(const struct inj_type *t);

/* Build (or rebuild, with the same tags) p into l. */
int inj_build(libnet_t *l, const struct inj_pkt *p, struct inj_tags *tg,
	      char *errbuf);
/* The datagram --quote auto puts in an error: UDP from p->dst back to
 * p->src, built with libnet.  *out is malloc'ed. */
int inj_quote_auto(const struct inj_pkt *p, uint8_t **out, uint32_t *len,
		   char *errbuf);
/* A quoted datagram described by its header fields (read -j's "quoted"):
 * built with libnet, the IP header saying tot_len.  *out is malloc'ed. */
struct inj_qspec {
	const char *what; /* names it in messages */
	int ver;
	uint8_t proto, ttl, type, code;
	uint16_t sport, dport, id, seq, ipid, tot_len;
	uint8_t src[16], dst[16];
};
int inj_quote_build(const struct inj_qspec *q, uint8_t **out, uint32_t *len,
		    char *errbuf);
/* Offsets in the built bytes. */
size_t inj_icmp_len(const struct inj_pkt *p);

/* Addresses.  inj_resolve: HOST -> address of family ver (0 = either,
 * then *ver is set).  inj_source: the address the kernel would send
 * from (no packet is sent).  inj_neigh: next hop's MAC and egress
 * interface via rtnetlink. */
int inj_resolve(const char *host, int *ver, uint8_t addr[16], char *errbuf);
/* The same, also giving an IPv6 address's scope (fe80::1%eth0), 0 if none. */
int inj_resolve_scope(const char *host, int *ver, uint8_t addr[16],
		      uint32_t *scope, char *errbuf);
int inj_source_scope(int ver, const uint8_t dst[16], uint32_t scope,
		     uint8_t src[16], char *errbuf);
int inj_source(int ver, const uint8_t dst[16], uint8_t src[16], char *errbuf);
/* inj_source_scope with SO_BROADCAST when bcast, and hint (or NULL) after
 * the message when there is no route; errno tells why (EACCES: dst is a
 * broadcast address and bcast is 0). */
int inj_source_ex(int ver, const uint8_t dst[16], uint32_t scope, int bcast,
		  const char *hint, uint8_t src[16], char *errbuf);
int inj_neigh(int ver, const uint8_t dst[16], const char *iface, uint8_t mac[6],
	      char *errbuf);
int inj_parse_mac(const char *s, uint8_t mac[6]);
/* The MAC of an interface (no privileges needed). */
int inj_ifmac(const char *iface, uint8_t mac[6], char *errbuf);
int inj_iface_up(const char *iface, char *errbuf);
/* The interface the kernel would send to dst from (name: IF_NAMESIZE). */
int inj_route_iface(int ver, const uint8_t dst[16], char *name, char *errbuf);

#endif
