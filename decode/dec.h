/* The one decoder: captured bytes in, a filled host-order message out.
 *
 * Pure C: no libpcap or libnet include, no allocation, no I/O.  Every
 * pointer in struct dec_pkt points into the caller's packet buffer and is
 * valid only as long as that buffer is.
 */
#ifndef ICMPKIT_DECODE_DEC_H
#define ICMPKIT_DECODE_DEC_H

#include <stddef.h>
#include <stdint.h>

#include "codes.h"

/* Link types we understand, by their DLT_ value as libpcap reports them
 * (LINKTYPE_RAW 101 is mapped to DLT_RAW by libpcap on Linux, but a caller
 * handing us raw file values may pass either, so both are accepted). */
enum {
	DEC_DLT_NULL = 0,
	DEC_DLT_EN10MB = 1,
	DEC_DLT_SLIP = 8,
	DEC_DLT_PPP = 9,
	DEC_DLT_RAW = 12,
	DEC_DLT_RAW14 = 14, /* DLT_RAW on OpenBSD */
	DEC_DLT_PPP_SERIAL = 50,
	DEC_DLT_LINKTYPE_RAW = 101,
	DEC_DLT_LOOP = 108,
	DEC_DLT_LINUX_SLL = 113,
	DEC_DLT_IPNET = 226, /* Solaris ipnet: 24-byte pseudo-header */
	DEC_DLT_IPV4 = 228,
	DEC_DLT_IPV6 = 229,
	DEC_DLT_IPOIB = 242, /* IP over InfiniBand (RFC 4391) */
	DEC_DLT_LINUX_SLL2 = 276,
};

/* DEC_CK_ABSENT only for RFC 4884 extension checksums: a zero field
 * means "no checksum was transmitted" (RFC 4884 section 7). */
enum dec_cksum { DEC_CK_UNVERIFIED = 0, DEC_CK_OK, DEC_CK_BAD, DEC_CK_ABSENT };

/* Result of dec_packet(). */
enum dec_result {
	DEC_NOT_ICMP = 0, /* not IP, or IP without ICMP inside */
	DEC_ICMP = 1,	  /* an ICMP or ICMPv6 message, maybe truncated */
};

#define DEC_MAX_VLAN 8
#define DEC_MAX_EXT  8
/* Encapsulation layers walked to reach the ICMP message (an outer IP
 * header, GRE, UDP, VXLAN, one MPLS label ... each count one).  Deeper
 * nesting stops the walk: the record is marked malformed, not decoded. */
#define DEC_MAX_OUTER 16

/* Packet-level flags. */
#define DEC_F_TRUNC	0x01 /* capture ended before the message did */
#define DEC_F_MALFORMED 0x02 /* a length or field contradicts itself */
#define DEC_F_FRAG	0x04 /* IP fragment: only part of the message */
#define DEC_F_LINKTRUNC 0x08 /* truncated inside the link or IP header */
#define DEC_F_DEEP	0x10 /* tunnels nested deeper than DEC_MAX_OUTER */

/* A record's direction (pcapng epb_flags; SLL's packet types say more). */
#define DEC_DIR_IN  1
#define DEC_DIR_OUT 2

struct dec_link {
	int dlt;
	uint16_t ethertype; /* of the IP payload, after tags */
	uint8_t has_mac;
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	uint8_t nvlan;
	uint16_t vlan_tpid[DEC_MAX_VLAN];
	uint16_t vlan_tci[DEC_MAX_VLAN];
	uint8_t has_sll;
	uint16_t sll_pkttype;
	uint32_t sll_ifindex; /* SLL2 only, 0 otherwise */
	uint32_t null_family; /* NULL/LOOP address family */
	uint16_t hdr_len;
};

struct dec_ip {
	uint8_t ver;   /* 4 or 6 */
	uint8_t ttl;   /* hop limit for v6 */
	uint8_t tos;   /* traffic class for v6 */
	uint8_t proto; /* the upper-layer protocol after extension headers */
	uint8_t src[16];
	uint8_t dst[16];
	uint8_t df, mf;
	uint8_t has_final_dst; /* v6 routing header named a final destination */
	uint8_t final_dst[16];
	uint8_t has_frag; /* v6 fragment header seen */
	uint8_t next_hdr; /* v6: first next header */
	uint8_t nnext;
	uint8_t ext[DEC_MAX_EXT]; /* v6 extension headers walked, in order */
	uint16_t frag_off;	  /* in bytes */
	uint32_t ipid;		  /* v4 id, or v6 fragment identification */
	uint32_t flow;		  /* v6 flow label */
	uint16_t hdr_len;	  /* IP header plus extension headers */
	uint32_t tot_len;	  /* declared length of the whole IP packet */
	/* IPv4 header checksum: enum dec_cksum (unverified for IPv6), the
	 * field, and what it should be when it is bad. */
	uint8_t ck_status;
	uint16_t cksum, cksum_expected;
};

/* The datagram an ICMP error quotes: as much of it as was captured. */
struct dec_quote {
	uint8_t present;
	uint8_t ver;
	uint8_t ttl;
	uint8_t proto;
	uint8_t src[16];
	uint8_t dst[16];
	uint32_t tot_len; /* as declared by the quoted header */
	uint32_t ipid;
	uint8_t has_ports;
	uint16_t sport, dport;
	uint8_t has_icmp; /* quoted ICMP: type/code, and id/seq for queries */
	uint8_t itype, icode;
	uint8_t has_idseq;
	uint16_t iid, iseq;
	/* UDP length and checksum, or TCP sequence number (8 bytes in);
	 * TCP acknowledgement and flags (14 bytes in). */
	uint8_t has_l4, has_ack;
	uint16_t ulen, usum;
	uint32_t tseq, tack;
	uint8_t tflags;
	/* IPv4: the quoted header's checksum (enum dec_cksum; unverified
	 * when the header is cut), the field and the right value. */
	uint8_t ck_status;
	uint16_t cksum, cksum_expected;
	uint8_t truncated; /* quote ends before its transport header does */
	uint16_t caplen;   /* bytes of the quote we have */
};

struct dec_icmp {
	uint8_t ver; /* 4 = ICMP, 6 = ICMPv6 */
	uint8_t type, code;
	uint8_t cksum_status; /* enum dec_cksum */
	uint16_t cksum;
	uint16_t cksum_expected; /* the right value when cksum_status is bad */
	uint32_t len;		 /* message length from the IP header */
	uint32_t caplen;	 /* bytes of the message we have */
	const uint8_t *data;	 /* the ICMP header in the caller's buffer */

	uint8_t has_idseq;
	uint16_t id, seq;
	uint16_t opt_off;  /* offset of ND options in data, 0 = none */
	uint8_t nopts;	   /* ND options walked (valid or not) */
	uint8_t fields_ok; /* the type-specific fields below were captured */
	/* An MLDv2 query (RFC 3810 5.1.13): a type 130 longer than the 24
	 * bytes of MLDv1, with QRV, QQIC and a source list. */
	uint8_t mld2_query;
	/* RFC 4884 extension structure (errors, RFC 8335 extended echo
	 * request): offset in data, 0 = none.  The ext_ fields below are
	 * valid when it is set. */
	uint16_t ext_off;
	uint16_t orig_len; /* RFC 4884 length attribute in bytes, 0 = unset */

	/* Type-specific fields: valid only for the types whose decoder sets
	 * them (each decoder sets all it owns, even from a short capture),
	 * so they are not cleared for every packet. */
	uint32_t mtu;	   /* frag-needed next-hop MTU, v6 packet-too-big */
	uint32_t pointer;  /* parameter problem */
	uint8_t addr[16];  /* redirect gateway, ND target, MLD group, mask */
	uint8_t addr2[16]; /* v6 redirect destination */
	uint32_t ts[3];	   /* timestamp originate, receive, transmit */
	uint32_t flags;	   /* NA flags, RA flags */
	uint8_t hop_limit; /* RA cur hop limit */
	uint16_t lifetime; /* RA router lifetime, v4 RA lifetime */
	uint32_t reachable, retrans;
	uint16_t count; /* v4 RA addresses, MLDv2 records/sources */
	uint8_t entry_size;
	uint16_t max_resp;  /* MLD maximum response delay/code */
	uint8_t qrv;	    /* MLDv2 query: S flag (0x08) and QRV (0x07) */
	uint8_t qqic;	    /* MLDv2 query interval code */
	uint16_t qtype;	    /* node information query type */
	uint8_t nonce[8];   /* node information nonce */
	uint32_t seq32;	    /* router renumbering sequence number */
	uint8_t segment;    /* router renumbering segment number */
	uint16_t max_delay; /* router renumbering maximum delay, ms */
	/* RPL (RFC 6550): DIO instance, version, rank, DTSN; DAO and
	 * DAO-ACK instance, sequence and status; flags holds the DIO
	 * G/MOP/Prf octet or the DAO K/D flags; addr the DODAGID. */
	uint8_t rpl_instance, rpl_version, rpl_dtsn, rpl_seq, rpl_status;
	uint8_t has_dodagid;
	uint16_t rank;
	struct dec_quote q;

	uint16_t ext_len;	  /* bytes of the structure (by the message) */
	uint16_t ext_cksum;	  /* the structure's checksum field */
	uint8_t ext_ver;	  /* version, 2 in RFC 4884 */
	uint8_t ext_cksum_status; /* enum dec_cksum */
	uint8_t ext_compat;	  /* found at 128 bytes with length 0 */
	uint8_t ext_nobj;	  /* objects walked (valid or not) */
};

/* One encapsulation layer in front of the ICMP message's IP header. */
enum dec_layer_kind {
	DEC_L_IP = 1, /* IPv4/IPv6 header carrying the next layer */
	DEC_L_GRE,    /* GRE (RFC 2784/2890) */
	DEC_L_ERSPAN, /* ERSPAN type I, II or III (ver) */
	DEC_L_UDP,    /* UDP to a tunnel port */
	DEC_L_VXLAN,  /* VXLAN (RFC 7348) */
	DEC_L_GENEVE, /* Geneve (RFC 8926) */
	DEC_L_MPLS,   /* one MPLS label stack entry (RFC 3032) */
	DEC_L_ETH,    /* an Ethernet frame inside a tunnel */
};

#define DEC_LF_KEY  0x01 /* GRE key present (id) */
#define DEC_LF_SEQ  0x02 /* GRE sequence number present (seq) */
#define DEC_LF_CSUM 0x04 /* GRE checksum present */
#define DEC_LF_BOS  0x08 /* MPLS bottom of stack */
#define DEC_LF_VLAN 0x10 /* Ethernet: 802.1Q tagged (vlan), ERSPAN vlan */
#define DEC_LF_CW   0x20 /* MPLS: a pseudowire control word follows */
#define DEC_LF_BAD  0x40 /* IP layer: its IPv4 header checksum is wrong */

struct dec_layer {
	uint8_t kind;	/* enum dec_layer_kind */
	uint8_t ver;	/* IP 4 or 6; ERSPAN type 1, 2, 3 */
	uint8_t ttl;	/* IP TTL or hop limit; MPLS TTL */
	uint8_t proto;	/* IP: protocol after extension headers */
	uint8_t flags;	/* DEC_LF_* */
	uint8_t tc;	/* MPLS traffic class, ERSPAN COS */
	uint16_t etype; /* GRE/Geneve protocol type, Ethernet ethertype */
	uint16_t sport, dport;	  /* UDP */
	uint16_t vlan;		  /* Ethernet first tag, ERSPAN original VLAN */
	uint32_t id;		  /* VNI, GRE key, MPLS label, ERSPAN session */
	uint32_t seq;		  /* GRE sequence number */
	uint8_t src[16], dst[16]; /* IP addresses; MACs in the first 6 */
	/* The layer's header as captured (IP: with options or extension
	 * headers; MPLS: with its control word), for read --payload. */
	const uint8_t *hdr;
	uint16_t hlen;
};

struct dec_pkt {
	/* Filled by the caller before or after decoding. */
	uint64_t frame;
	int64_t ts_sec;
	uint32_t ts_nsec;
	uint32_t caplen;
	uint32_t wirelen;
	const uint8_t *pkt;
	/* The interface and direction, where the caller knows them (sniff
	 * -i any, pcapng blocks): printed as tcpdump's "eth0 In".  Cleared
	 * by dec_packet(), set by the caller after it. */
	const char *ifname; /* NULL: unknown */
	uint8_t ifdir;	    /* DEC_DIR_*, 0: unknown */

	/* Filled by dec_packet(). */
	uint32_t flags;	       /* DEC_F_* */
	const char *why;       /* first malformation or truncation, static */
	const uint8_t *ip_hdr; /* the first IP header (outermost in tunnels) */
	uint32_t ip_caplen;    /* captured bytes from ip_hdr, clamped */
	struct dec_link link;
	struct dec_ip ip; /* the header that carries the ICMP message */
	struct dec_icmp icmp;
	uint8_t nouter; /* layers in outer[], outermost first */
	struct dec_layer outer[DEC_MAX_OUTER];

	/* Filled by the tracker (trk_packet). */
	uint8_t matched; /* a reply matched to its request */
	uint8_t dup;	 /* a second reply to the same request */
	uint64_t reply_to;
	int64_t rtt_ns;
};

/* Decode one captured record.  pkt/caplen/wirelen are taken from d (set
 * them first); returns DEC_ICMP when d->icmp is filled. */
int dec_packet(int dlt, struct dec_pkt *d);

/* 1 when dlt is a link type dec_packet() can find IP behind, else 0. */
int dec_dlt_known(int dlt);

/* Decode from the IP header on (no link layer). */
int dec_ip(struct dec_pkt *d, const uint8_t *p, size_t caplen, size_t wirelen);

/* Decode a bare ICMP (ver 4) or ICMPv6 (6) message of len bytes, as an
 * ICMP datagram socket hands it over (no IP header): src, dst and ttl
 * stand for the IP header's (the ICMPv6 checksum needs them). */
int dec_icmp_msg(struct dec_pkt *d, int ver, const uint8_t src[16],
		 const uint8_t dst[16], uint8_t ttl, const uint8_t *msg,
		 size_t len);

/* Decode a whole IP datagram (p, len bytes) as an error's quote is
 * decoded: for a sender that reads back its own probes and the replies
 * that are not ICMP (a TCP reset). */
void dec_datagram(struct dec_quote *q, const uint8_t *p, size_t len);

/* Names, NULL when unknown (printers then show the number). */
const char *dec_type_name(int ver, int type);
const char *dec_code_name(int ver, int type, int code);
/* Bytes a type's decoder needs for its fixed fields (0: unknown type). */
size_t dec_min_len(int ver, int type);
/* Is the type a query whose reply the tracker pairs? 1 request, 2 reply. */
int dec_query_kind(int ver, int type);
/* Which requests and replies pair up: echo with echo, timestamp with
 * timestamp ...; 0 for types that are no query. */
enum {
	DEC_PAIR_ECHO = 1,
	DEC_PAIR_TSTAMP,
	DEC_PAIR_INFO,
	DEC_PAIR_MASK,
	DEC_PAIR_XECHO, /* RFC 8335 */
};
int dec_query_pair(int ver, int type);
/* Is the type an error that quotes a datagram? */
int dec_is_error(int ver, int type);
const char *dec_proto_name(int proto);

enum { DEC_NDOPT_OK = 0, DEC_NDOPT_ZERO, DEC_NDOPT_OVERRUN, DEC_NDOPT_CUT };

/* ND option walking for printers: iterate from d->icmp.opt_off. */
struct dec_ndopt {
	uint8_t type;
	uint16_t len;	     /* in bytes, 8 * the length field */
	const uint8_t *body; /* after type and length */
	uint16_t body_len;   /* captured bytes of the body */
	uint8_t bad;	     /* DEC_NDOPT_*: the walk ends here */
};
/* Returns 1 and fills o while options remain; *off starts at opt_off. */
int dec_ndopt_next(const struct dec_icmp *m, size_t *off, struct dec_ndopt *o);
const char *dec_ndopt_name(int type);

/* ND option contents, decoded: link-layer address, prefix information
 * (RFC 4861 4.6.2), MTU, advertisement interval (RFC 6275 7.3), nonce
 * (RFC 3971 5.3.2), route information (RFC 4191 2.3), RDNSS and DNSSL
 * (RFC 8106), PREF64 (RFC 8781).  dec_ndopt_val() returns 1 and fills v
 * when the option is one of them and long enough. */
struct dec_ndval {
	uint8_t plen;	   /* prefix length; PREF64: 0 for a bad PLC */
	uint8_t plc;	   /* PREF64 prefix length code */
	uint8_t pref;	   /* route preference: 0 medium, 1 high, 3 low */
	uint8_t flags;	   /* prefix information: L 0x80, A 0x40 */
	uint32_t lifetime; /* seconds (PREF64: scaled lifetime * 8) */
	uint32_t interval; /* advertisement interval, ms */
	uint32_t valid, preferred; /* prefix information lifetimes, s */
	uint32_t mtu;
	uint8_t mac[6]; /* source or target link-layer address */
	uint8_t prefix[16];
	const uint8_t *nonce;
	uint16_t nonce_len;
	uint16_t naddrs; /* RDNSS servers at addrs (dec_addr6_at) */
	const uint8_t *addrs;
	uint16_t names_len;   /* DNSSL: bytes of label-encoded names */
	const uint8_t *names; /* walked with dec_dnssl_next() */
};
int dec_ndopt_val(const struct dec_ndopt *o, struct dec_ndval *v);
/* One DNSSL domain name as text: its labels joined by dots, the bytes as
 * on the wire (a name may be cut by the option's end).  *off starts at 0;
 * returns 0 after the last name (a zero byte, or the option's end). */
struct dec_dnsname {
	uint16_t len;
	char text[2048];
};
int dec_dnssl_next(const struct dec_ndval *v, size_t *off,
		   struct dec_dnsname *n);

/* Lists in message bodies, walked by printers: ICMPv4 router
 * advertisement entries, MLDv2 query sources and report records, Mobile
 * IPv6 home agent addresses.  Each returns 1 while entries remain; *off
 * starts at 0 and is the walker's own (MLDv2 records: stop after
 * m->count of them, the walker only knows bytes).  A walk that meets the end of
 * the message or capture early returns 0; dec_icmp() has flagged it. */
struct dec_ra4 {
	uint8_t addr[4];
	int32_t pref;
};
int dec_ra4_next(const struct dec_icmp *m, size_t *off, struct dec_ra4 *e);

struct dec_mldrec {
	uint8_t type;
	uint8_t aux_len;   /* 32-bit words of auxiliary data */
	uint16_t nsrc;	   /* as the record says */
	uint16_t nsrc_cap; /* sources captured (sources at srcs) */
	uint8_t group[16];
	const uint8_t *srcs; /* nsrc_cap addresses of 16 bytes */
};
int dec_mld2_next(const struct dec_icmp *m, size_t *off, struct dec_mldrec *r);
const char *dec_mld2_rec_name(int type);
/* An address list (MLDv2 query sources, home agent addresses): n of them
 * captured at *list. */
size_t dec_addr_list(const struct dec_icmp *m, const uint8_t **list);
/* Address i of such a list (or of an MLDv2 record's or RDNSS option's
 * sources), so that printers index lists without byte arithmetic. */
static inline const uint8_t *
dec_addr6_at(const uint8_t *list, size_t i)
{
	return list + 16 * i;
}

/* RFC 4884 extension objects, walked like ND options from d->icmp.ext_off
 * (*off starts at ext_off + 4). */
enum {
	DEC_EXT_OK = 0,
	DEC_EXT_SHORT,	 /* length below 4: cannot hold its own header */
	DEC_EXT_OVERRUN, /* object beyond the extension structure */
	DEC_EXT_CUT,	 /* capture ends inside the object */
	DEC_EXT_HDR,	 /* fewer than 4 bytes left for the object header */
};
struct dec_extobj {
	uint8_t cls, ctype;
	uint16_t len;	     /* the object's length field */
	const uint8_t *body; /* after the 4-byte object header */
	uint16_t body_len;   /* captured bytes of the body */
	uint8_t bad;	     /* DEC_EXT_*: the walk ends here */
};
int dec_extobj_next(const struct dec_icmp *m, size_t *off,
		    struct dec_extobj *o);
const char *dec_ext_class_name(int cls);

/* RFC 4950 MPLS label stack object: entry i (0-based), 0 when absent. */
struct dec_mpls {
	uint32_t label;
	uint8_t tc, s, ttl;
};
int dec_ext_mpls(const struct dec_extobj *o, size_t i, struct dec_mpls *e);

/* RFC 5837 interface information (class 2) and RFC 8335 interface
 * identification (class 3), as far as the object holds them. */
struct dec_ifinfo {
	uint8_t role; /* RFC 5837 interface role, 0..3 */
	uint8_t has_ifindex, has_addr, has_name, has_mtu;
	uint32_t ifindex, mtu;
	uint16_t afi;	  /* 1 IPv4, 2 IPv6 */
	uint8_t addr_len; /* address bytes (RFC 8335: as the object says) */
	uint8_t addr[16];
	const uint8_t *name;
	uint16_t name_len;   /* RFC 5837: the sub-object's length octet;
			      * RFC 8335: the object's body length */
	uint16_t name_bytes; /* bytes of name text, NUL padding removed */
	const char *why;     /* first malformation, NULL if none */
	uint8_t ran_out;     /* why: the object ended inside a sub-object */
};
int dec_ext_ifinfo(const struct dec_extobj *o, struct dec_ifinfo *r);
const char *dec_ext_role_name(int role);

/* RFC 8335 extended echo reply state, and request/reply code names. */
const char *dec_xecho_state_name(int state);

/* Payload timestamps (echo request/reply): the first bytes of the payload
 * read as a timeval or timespec (32- or 64-bit seconds, either byte
 * order); the reading closest to the capture time wins if it is within a
 * day of it, as Wireshark does. */
enum {
	DEC_PTS_TV64LE = 1,
	DEC_PTS_TS64LE,
	DEC_PTS_TV32LE,
	DEC_PTS_TS32LE,
	DEC_PTS_TV32BE,
	DEC_PTS_TS32BE,
	DEC_PTS_TV64BE,
	DEC_PTS_TS64BE,
};
struct dec_payts {
	int64_t sec;
	uint32_t nsec;
	int64_t delta_ns; /* capture time minus payload time */
	uint8_t fmt;	  /* DEC_PTS_* */
};
int dec_payts(const struct dec_pkt *d, struct dec_payts *t);
const char *dec_payts_name(int fmt);

/* Tunnel layer names for printers ("gre", "vxlan", ...). */
const char *dec_layer_name(int kind);

#endif
