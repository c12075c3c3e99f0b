/* What differs between IPv4 and IPv6 for the sending commands, in one
 * row per family (as iputils' per-family table) rather than in tests of
 * the version scattered through send, ping, replay and the sender. */
#ifndef ICMPKIT_INJECT_FAMILY_H
#define ICMPKIT_INJECT_FAMILY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct inj_family {
	int ver;
	int af;		      /* AF_INET, AF_INET6 */
	size_t alen;	      /* address bytes */
	size_t ip_hlen;	      /* IP header without options */
	size_t src_off;	      /* source address in the IP header */
	uint8_t proto;	      /* IPPROTO_ICMP, IPPROTO_ICMPV6 */
	uint8_t echo_request; /* ICMP types */
	uint8_t echo_reply;
	uint8_t nd_hlim;      /* hop limit neighbour discovery needs, 0 */
	int ip_sum;	      /* the IP header has a checksum and an id */
	int scoped;	      /* addresses can have a scope (-I gives it) */
	int raw;	      /* libnet injection type: LIBNET_RAW4/6 */
	uint16_t ethertype;   /* in an Ethernet header */
	uint32_t max_payload; /* largest ICMP payload in one datagram */
	/* ping's capture filter is head, the probes' id, then tail. */
	const char *filter_head, *filter_tail;
	/* The pseudo-header sum the ICMP checksum starts from. */
	uint32_t (*pseudo)(const uint8_t *src, const uint8_t *dst,
			   uint32_t len);
	/* ping's kernel socket (psock.c): the level of the IP options, and
	 * the options for PMTU discovery, queued errors, TTL (unicast and
	 * multicast) and TOS; pmtu[] maps PS_WANT, PS_DO, PS_DONT, PS_PROBE
	 * to the option's values. */
	int sol, opt_mtu, opt_recverr, opt_ttl, opt_mttl, opt_tos;
	/* The path MTU a connected socket knows (IP_MTU, IPV6_MTU). */
	int opt_pathmtu;
	/* Datagram sockets: the option asking for each reply's TTL, and the
	 * control message type it comes in. */
	int opt_recvttl, cmsg_ttl;
	int pmtu[4];
	/* Keep every ICMP message out of a raw socket that only sends. */
	void (*block_rx)(int fd);
	/* Fill sa with addr (and scope) for sendto(); returns its length. */
	socklen_t (*sockaddr)(struct sockaddr_storage *sa, const uint8_t *addr,
			      uint32_t scope);
};

/* The row of IP version ver (4 or 6; anything else gets IPv4's). */
const struct inj_family *inj_family(int ver);

#endif
