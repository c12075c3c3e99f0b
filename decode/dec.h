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
	DEC_DLT_IPV4 = 228,
	DEC_DLT_IPV6 = 229,
	DEC_DLT_LINUX_SLL2 = 276,
};

enum dec_cksum { DEC_CK_UNVERIFIED = 0, DEC_CK_OK, DEC_CK_BAD };

/* Result of dec_packet(). */
enum dec_result {
	DEC_NOT_ICMP = 0, /* not IP, or IP without ICMP inside */
	DEC_ICMP = 1,	  /* an ICMP or ICMPv6 message, maybe truncated */
};

#define DEC_MAX_VLAN 8
#define DEC_MAX_EXT 8

/* Packet-level flags. */
#define DEC_F_TRUNC 0x01     /* capture ended before the message did */
#define DEC_F_MALFORMED 0x02 /* a length or field contradicts itself */
#define DEC_F_FRAG 0x04	     /* IP fragment: only part of the message */
#define DEC_F_LINKTRUNC 0x08 /* truncated inside the link or IP header */

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
	uint8_t ver; /* 4 or 6 */
	uint8_t ttl; /* hop limit for v6 */
	uint8_t tos; /* traffic class for v6 */
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
	uint16_t frag_off; /* in bytes */
	uint32_t ipid;	   /* v4 id, or v6 fragment identification */
	uint32_t flow;	   /* v6 flow label */
	uint16_t hdr_len;  /* IP header plus extension headers */
	uint32_t tot_len;  /* declared length of the whole IP packet */
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
	uint8_t truncated; /* quote ends before its transport header does */
	uint16_t caplen;   /* bytes of the quote we have */
};

struct dec_icmp {
	uint8_t ver; /* 4 = ICMP, 6 = ICMPv6 */
	uint8_t type, code;
	uint8_t cksum_status; /* enum dec_cksum */
	uint16_t cksum;
	uint32_t len;	 /* message length from the IP header */
	uint32_t caplen; /* bytes of the message we have */
	const uint8_t *data; /* the ICMP header in the caller's buffer */

	uint8_t has_idseq;
	uint16_t id, seq;
	uint16_t opt_off; /* offset of ND options in data, 0 = none */
	uint8_t nopts;	  /* ND options walked (valid or not) */
	uint8_t fields_ok; /* the type-specific fields below were captured */

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
	uint16_t count;	   /* v4 RA addresses, MLDv2 records/sources */
	uint8_t entry_size;
	uint16_t max_resp; /* MLD maximum response delay/code */
	struct dec_quote q;
};

struct dec_pkt {
	/* Filled by the caller before or after decoding. */
	uint64_t frame;
	int64_t ts_sec;
	uint32_t ts_nsec;
	uint32_t caplen;
	uint32_t wirelen;
	const uint8_t *pkt;

	/* Filled by dec_packet(). */
	uint32_t flags;	      /* DEC_F_* */
	const char *why;      /* first malformation or truncation, static */
	const uint8_t *ip_hdr; /* start of the IP header */
	uint32_t ip_caplen;   /* captured bytes from ip_hdr, clamped */
	struct dec_link link;
	struct dec_ip ip;
	struct dec_icmp icmp;

	/* Filled by the tracker (trk_packet). */
	uint8_t matched; /* a reply matched to its request */
	uint8_t dup;	 /* a second reply to the same request */
	uint64_t reply_to;
	int64_t rtt_ns;
};

/* Decode one captured record.  pkt/caplen/wirelen are taken from d (set
 * them first); returns DEC_ICMP when d->icmp is filled. */
int dec_packet(int dlt, struct dec_pkt *d);

/* Decode from the IP header on (no link layer). */
int dec_ip(struct dec_pkt *d, const uint8_t *p, size_t caplen, size_t wirelen);

/* Names, NULL when unknown (printers then show the number). */
const char *dec_type_name(int ver, int type);
const char *dec_code_name(int ver, int type, int code);
/* Is the type a query whose reply the tracker pairs? 1 request, 2 reply. */
int dec_query_kind(int ver, int type);
/* Is the type an error that quotes a datagram? */
int dec_is_error(int ver, int type);
const char *dec_proto_name(int proto);

enum { DEC_NDOPT_OK = 0, DEC_NDOPT_ZERO, DEC_NDOPT_OVERRUN, DEC_NDOPT_CUT };

/* ND option walking for printers: iterate from d->icmp.opt_off. */
struct dec_ndopt {
	uint8_t type;
	uint16_t len; /* in bytes, 8 * the length field */
	const uint8_t *body; /* after type and length */
	uint16_t body_len;   /* captured bytes of the body */
	uint8_t bad;	     /* DEC_NDOPT_*: the walk ends here */
};
/* Returns 1 and fills o while options remain; *off starts at opt_off. */
int dec_ndopt_next(const struct dec_icmp *m, size_t *off,
		   struct dec_ndopt *o);
const char *dec_ndopt_name(int type);

#endif
