/* extresp: a lab router's stand-in for an MPLS router (tests/lab/trace.sh).
 * Linux routers put no RFC 4884 extensions into their errors, so this
 * answers every ICMP (ICMPv6) echo that arrives on IFACE with TTL (hop
 * limit) 1 with a time exceeded message that carries an RFC 4950 MPLS
 * label stack (labels 16005 and 24001) and an RFC 5837 interface
 * information object (the incoming interface: ifIndex 7, name "mpls-in0",
 * MTU 1500), sent from SRC (IPv4 or IPv6) on a raw socket with SO_MARK
 * 0x4950 (the lab drops the kernel's own time exceeded messages, not
 * these).  For ICMPv6 the kernel fills in the message's checksum.
 *
 *   extresp IFACE SRC      runs until killed
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../decode/cksum.h"

#define QUOTE 128 /* RFC 4884: the original datagram, padded to 128 */

static int fd = -1;

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The extension structure after the quote: header, MPLS, interface. */
static size_t
extension(uint8_t *x)
{
	static const char name[] = "mpls-in0";
	uint8_t *o = x + 4;
	uint16_t ck;

	memset(x, 0, 64);
	x[0] = 0x20; /* version 2 */
	/* RFC 4950: class 1, C-Type 1, two label stack entries. */
	o[0] = 0, o[1] = 12, o[2] = 1, o[3] = 1;
	put32(o + 4, 16005u << 12 | 0 << 9 | 0 << 8 | 1);
	put32(o + 8, 24001u << 12 | 0 << 9 | 1 << 8 | 1);
	o += 12;
	/* RFC 5837: class 2, role 0 (incoming), ifIndex, name and MTU. */
	o[0] = 0, o[1] = 4 + 4 + 12 + 4, o[2] = 2, o[3] = 0x0b;
	put32(o + 4, 7);
	o[8] = 12; /* the name sub-object: length octet, name, NUL pad */
	memcpy(o + 9, name, sizeof(name) - 1);
	put32(o + 20, 1500);
	o += 24;
	ck = ck_fold(ck_add(0, x, (size_t)(o - x)));
	x[2] = (uint8_t)(ck >> 8);
	x[3] = (uint8_t)ck;
	return (size_t)(o - x);
}

/* What differs between the families: the IP header, the type, where the
 * source address is, the RFC 4884 length unit, the capture filter. */
struct fam {
	int af, proto;
	size_t hlen, src_off, alen;
	uint8_t type, unit;
	const char *filter;
};

static const struct fam fams[2] = {
	{AF_INET, IPPROTO_ICMP, 20, 12, 4, 11, 4,
	 "icmp[icmptype] = icmp-echo and ip[8] = 1"},
	{AF_INET6, IPPROTO_ICMPV6, 40, 8, 16, 3, 8,
	 "icmp6 and ip6[40] = 128 and ip6[7] = 1"},
};
static const struct fam *fam;

static void
on_probe(u_char *arg, const struct pcap_pkthdr *h, const u_char *b)
{
	uint8_t m[8 + QUOTE + 64];
	struct sockaddr_storage to;
	size_t ip = h->caplen > 14 ? h->caplen - 14 : 0, n, q;
	uint16_t ck;

	(void)arg;
	if (ip < fam->hlen + 8)
		return;
	memset(m, 0, sizeof(m));
	m[0] = fam->type;		/* time exceeded, code 0 */
	m[fam->af == AF_INET ? 5 : 4] = /* RFC 4884 length */
		(uint8_t)(QUOTE / fam->unit);
	q = ip < QUOTE ? ip : QUOTE;
	memcpy(m + 8, b + 14, q);
	n = 8 + QUOTE + extension(m + 8 + QUOTE);
	if (fam->af == AF_INET) {
		ck = ck_fold(ck_add(0, m, n));
		m[2] = (uint8_t)(ck >> 8);
		m[3] = (uint8_t)ck;
	}
	/* Back to the probe's source. */
	memset(&to, 0, sizeof(to));
	to.ss_family = (sa_family_t)fam->af;
	memcpy(fam->af == AF_INET
		       ? (void *)&((struct sockaddr_in *)&to)->sin_addr
		       : (void *)&((struct sockaddr_in6 *)&to)->sin6_addr,
	       b + 14 + fam->src_off, fam->alen);
	if (sendto(fd, m, n, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		perror("extresp: sendto");
}

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct bpf_program bp;
	struct sockaddr_storage src;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&src;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&src;
	int mark = 0x4950;
	pcap_t *p;

	memset(&src, 0, sizeof(src));
	if (argc == 3 && inet_pton(AF_INET, argv[2], &s4->sin_addr) == 1)
		fam = &fams[0];
	else if (argc == 3 && inet_pton(AF_INET6, argv[2], &s6->sin6_addr) == 1)
		fam = &fams[1];
	if (!fam) {
		fprintf(stderr, "usage: extresp IFACE SRC\n");
		return 2;
	}
	src.ss_family = (sa_family_t)fam->af;
	fd = socket(fam->af, SOCK_RAW, fam->proto);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0 ||
	    bind(fd, (struct sockaddr *)&src,
		 fam->af == AF_INET ? sizeof(*s4) : sizeof(*s6)) < 0) {
		perror("extresp: socket");
		return 2;
	}
	/* Immediate mode: each probe answered at once, not after a buffer
	 * timeout (trace waits only so long once later hops answered). */
	p = pcap_create(argv[1], err);
	if (p && (pcap_set_snaplen(p, 512) || pcap_set_immediate_mode(p, 1) ||
		  pcap_activate(p) < 0)) {
		fprintf(stderr, "extresp: %s: %s\n", argv[1], pcap_geterr(p));
		return 2;
	}
	if (!p || pcap_datalink(p) != DLT_EN10MB ||
	    pcap_compile(p, &bp, fam->filter, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(p, &bp) < 0 || pcap_setdirection(p, PCAP_D_IN) < 0) {
		fprintf(stderr, "extresp: %s: %s\n", argv[1],
			p ? pcap_geterr(p) : err);
		return 2;
	}
	fputs("ready\n", stdout);
	fflush(stdout);
	pcap_loop(p, -1, on_probe, NULL);
	return 0;
}
