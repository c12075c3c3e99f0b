#include "family.h"

#include <libnet.h>
#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "../decode/cksum.h"

static uint32_t
pseudo4(const uint8_t *src, const uint8_t *dst, uint32_t len)
{
	/* ICMPv4's checksum covers the message only (RFC 792). */
	(void)src;
	(void)dst;
	(void)len;
	return 0;
}

static uint32_t
pseudo6(const uint8_t *src, const uint8_t *dst, uint32_t len)
{
	return ck_pseudo6(src, dst, len, IPPROTO_ICMPV6);
}

static socklen_t
sockaddr4(struct sockaddr_storage *sa, const uint8_t *addr, uint32_t scope)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)sa;

	(void)scope;
	memset(sa, 0, sizeof(*sa));
	s4->sin_family = AF_INET;
	memcpy(&s4->sin_addr, addr, 4);
	return sizeof(*s4);
}

static socklen_t
sockaddr6(struct sockaddr_storage *sa, const uint8_t *addr, uint32_t scope)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;

	memset(sa, 0, sizeof(*sa));
	s6->sin6_family = AF_INET6;
	s6->sin6_scope_id = scope;
	memcpy(&s6->sin6_addr, addr, 16);
	return sizeof(*s6);
}

static void
block_rx4(int fd)
{
	struct icmp_filter f = {.data = ~0U}; /* a set bit drops its type */

	setsockopt(fd, SOL_RAW, ICMP_FILTER, &f, sizeof(f));
}

static void
block_rx6(int fd)
{
	struct icmp6_filter f;

	ICMP6_FILTER_SETBLOCKALL(&f);
	setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
}

static const struct inj_family families[2] = {
	{
		.ver = 4,
		.af = AF_INET,
		.alen = 4,
		.ip_hlen = 20,
		.src_off = 12,
		.proto = IPPROTO_ICMP,
		.echo_request = 8,
		.ip_sum = 1,
		.raw = LIBNET_RAW4,
		.ethertype = 0x0800,
		/* 65535 less a 20-byte IP header and 8 of ICMP. */
		.max_payload = 65507,
		/* Errors quote our probe deeper in the packet, so every
		 * error type passes and the decoder looks at the quote. */
		.filter_head = "icmp and (icmp[4:2] == ",
		/* Fragments after the first have no ICMP header: they pass
		 * by their offset, for ping's reassembly. */
		.filter_tail = " or icmp[0] == 3 or icmp[0] == 4 or "
			       "icmp[0] == 5 or icmp[0] == 11 or icmp[0] == 12"
			       " or ip[6:2] & 0x1fff != 0)",
		.pseudo = pseudo4,
		.sol = IPPROTO_IP,
		.opt_mtu = IP_MTU_DISCOVER,
		.opt_recverr = IP_RECVERR,
		.opt_ttl = IP_TTL,
		.opt_mttl = IP_MULTICAST_TTL,
		.opt_tos = IP_TOS,
		.opt_pathmtu = IP_MTU,
		.opt_recvttl = IP_RECVTTL,
		.cmsg_ttl = IP_TTL,
		.pmtu = {IP_PMTUDISC_WANT, IP_PMTUDISC_DO, IP_PMTUDISC_DONT,
			 IP_PMTUDISC_PROBE},
		.block_rx = block_rx4,
		.sockaddr = sockaddr4,
	},
	{
		.ver = 6,
		.af = AF_INET6,
		.alen = 16,
		.ip_hlen = 40,
		.src_off = 8,
		.proto = IPPROTO_ICMPV6,
		.echo_request = 128,
		.echo_reply = 129,
		/* RFC 4861 7.1: neighbour discovery is only accepted with
		 * hop limit 255. */
		.nd_hlim = 255,
		.scoped = 1,
		.raw = LIBNET_RAW6,
		.ethertype = 0x86dd,
		/* The payload length field counts the ICMP header (8). */
		.max_payload = 65527,
		/* libpcap's icmp6 also matches a fragment header before
		 * ICMPv6, and ip6[40] of a fragment is its next header (58):
		 * every fragment passes, for ping's reassembly. */
		.filter_head = "icmp6 and (ip6[44:2] == ",
		.filter_tail = " or ip6[40] < 128)",
		.pseudo = pseudo6,
		.sol = IPPROTO_IPV6,
		.opt_mtu = IPV6_MTU_DISCOVER,
		.opt_recverr = IPV6_RECVERR,
		.opt_ttl = IPV6_UNICAST_HOPS,
		.opt_mttl = IPV6_MULTICAST_HOPS,
		.opt_tos = IPV6_TCLASS,
		.opt_pathmtu = IPV6_MTU,
		.opt_recvttl = IPV6_RECVHOPLIMIT,
		.cmsg_ttl = IPV6_HOPLIMIT,
		.pmtu = {IPV6_PMTUDISC_WANT, IPV6_PMTUDISC_DO,
			 IPV6_PMTUDISC_DONT, IPV6_PMTUDISC_PROBE},
		.block_rx = block_rx6,
		.sockaddr = sockaddr6,
	},
};

const struct inj_family *
inj_family(int ver)
{
	return &families[ver == 6];
}
