/* ICMP and ICMPv6 message types, the codes the decoder looks at, and ND
 * option types, by name.  Prefixed DEC_ because <netinet/icmp6.h> and
 * libnet define macros such as ICMP6_ECHO_REPLY that would replace
 * enumerators of the same name. */
#ifndef ICMPKIT_DECODE_CODES_H
#define ICMPKIT_DECODE_CODES_H

/* ICMPv4 types (RFC 792, 950, 1256, 1393, 1475, 1788, 2521, 8335). */
enum dec_type4 {
	DEC_T4_ECHO_REPLY = 0,
	DEC_T4_UNREACH = 3,
	DEC_T4_SOURCE_QUENCH = 4,
	DEC_T4_REDIRECT = 5,
	DEC_T4_ALT_HOST = 6,
	DEC_T4_ECHO = 8,
	DEC_T4_ROUTER_ADV = 9,
	DEC_T4_ROUTER_SOL = 10,
	DEC_T4_TIME_EXCEEDED = 11,
	DEC_T4_PARAM_PROB = 12,
	DEC_T4_TSTAMP = 13,
	DEC_T4_TSTAMP_REPLY = 14,
	DEC_T4_INFO = 15,
	DEC_T4_INFO_REPLY = 16,
	DEC_T4_MASK = 17,
	DEC_T4_MASK_REPLY = 18,
	DEC_T4_TRACEROUTE = 30,
	DEC_T4_CONV_ERROR = 31,
	DEC_T4_DNAME = 37,
	DEC_T4_DNAME_REPLY = 38,
	DEC_T4_PHOTURIS = 40,
	DEC_T4_XECHO = 42,
	DEC_T4_XECHO_REPLY = 43,
};

/* ICMPv6 types (RFC 4443, 2710, 3810, 4861, 2894, 4620, 3122, 6275,
 * 3971, 4286, 6550, 8335). */
enum dec_type6 {
	DEC_T6_UNREACH = 1,
	DEC_T6_PKT_TOO_BIG = 2,
	DEC_T6_TIME_EXCEEDED = 3,
	DEC_T6_PARAM_PROB = 4,
	DEC_T6_ECHO = 128,
	DEC_T6_ECHO_REPLY = 129,
	DEC_T6_MLD_QUERY = 130,
	DEC_T6_MLD_REPORT = 131,
	DEC_T6_MLD_DONE = 132,
	DEC_T6_ROUTER_SOL = 133,
	DEC_T6_ROUTER_ADV = 134,
	DEC_T6_NEIGHBOR_SOL = 135,
	DEC_T6_NEIGHBOR_ADV = 136,
	DEC_T6_REDIRECT = 137,
	DEC_T6_ROUTER_RENUM = 138,
	DEC_T6_NI_QUERY = 139,
	DEC_T6_NI_REPLY = 140,
	DEC_T6_IND_SOL = 141,
	DEC_T6_IND_ADV = 142,
	DEC_T6_MLD2_REPORT = 143,
	DEC_T6_HA_DISC = 144,
	DEC_T6_HA_DISC_REPLY = 145,
	DEC_T6_MP_SOL = 146,
	DEC_T6_MP_ADV = 147,
	DEC_T6_CERT_SOL = 148,
	DEC_T6_CERT_ADV = 149,
	DEC_T6_MRD_ADV = 151,
	DEC_T6_MRD_SOL = 152,
	DEC_T6_MRD_TERM = 153,
	DEC_T6_RPL = 155,
	DEC_T6_XECHO = 160,
	DEC_T6_XECHO_REPLY = 161,
};

/* Codes that change the layout of a message. */
enum dec_code {
	DEC_C4_NEEDFRAG = 4, /* dest-unreachable: next-hop MTU follows */
	DEC_RPL_DIS = 0,     /* RPL control messages (RFC 6550 6) */
	DEC_RPL_DIO = 1,
	DEC_RPL_DAO = 2,
	DEC_RPL_DAO_ACK = 3,
};

/* ND option types (RFC 4861, 6275, 3971, 4191, 8106, 8781). */
enum dec_ndopt_type {
	DEC_ND_SLLA = 1,
	DEC_ND_TLLA = 2,
	DEC_ND_PREFIX = 3,
	DEC_ND_REDIRECTED = 4,
	DEC_ND_MTU = 5,
	DEC_ND_ADV_INTERVAL = 7,
	DEC_ND_NONCE = 14,
	DEC_ND_ROUTE_INFO = 24,
	DEC_ND_RDNSS = 25,
	DEC_ND_DNSSL = 31,
	DEC_ND_PREF64 = 38,
};

/* RFC 4884 extension object classes and the C-Types the decoder reads. */
enum dec_ext_class {
	DEC_EXT_MPLS = 1,   /* RFC 4950 MPLS label stack */
	DEC_EXT_IFINFO = 2, /* RFC 5837 interface information */
	DEC_EXT_IFID = 3,   /* RFC 8335 interface identification */
};
enum {
	DEC_EXT_MPLS_INCOMING = 1, /* RFC 4950: the incoming label stack */
	DEC_EXT_IFID_NAME = 1,	   /* RFC 8335 2.1: by name, index, address */
	DEC_EXT_IFID_INDEX = 2,
	DEC_EXT_IFID_ADDR = 3,
};

/* Ethertypes the printers name. */
enum { DEC_ETH_IPV4 = 0x0800, DEC_ETH_IPV6 = 0x86dd };

/* IP protocol numbers the decoder names. */
enum dec_ipproto {
	DEC_P_ICMP = 1,
	DEC_P_TCP = 6,
	DEC_P_UDP = 17,
	DEC_P_DCCP = 33,
	DEC_P_ICMP6 = 58,
	DEC_P_SCTP = 132,
};

#endif
