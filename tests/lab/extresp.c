/* extresp: a lab router's stand-in for an MPLS router (tests/lab/trace.sh).
 * Linux routers put no RFC 4884 extensions into their errors, so this
 * answers every ICMP echo that arrives on IFACE with TTL 1 with a time
 * exceeded message that carries an RFC 4950 MPLS label stack (labels
 * 16005 and 24001) and an RFC 5837 interface information object (the
 * incoming interface: ifIndex 7, name "mpls-in0", MTU 1500), sent from
 * SRC on a raw ICMP socket with SO_MARK 0x4950 (the lab drops the
 * kernel's own time exceeded messages, not these).
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

static void
on_probe(u_char *arg, const struct pcap_pkthdr *h, const u_char *b)
{
	uint8_t m[8 + QUOTE + 64];
	struct sockaddr_in to = {.sin_family = AF_INET};
	size_t ip = h->caplen > 14 ? h->caplen - 14 : 0, n, q;
	uint16_t ck;

	(void)arg;
	if (ip < 28)
		return;
	memset(m, 0, sizeof(m));
	m[0] = 11;	  /* time exceeded, code 0 */
	m[5] = QUOTE / 4; /* RFC 4884 length, in 32-bit words */
	q = ip < QUOTE ? ip : QUOTE;
	memcpy(m + 8, b + 14, q);
	n = 8 + QUOTE + extension(m + 8 + QUOTE);
	ck = ck_fold(ck_add(0, m, n));
	m[2] = (uint8_t)(ck >> 8);
	m[3] = (uint8_t)ck;
	memcpy(&to.sin_addr, b + 14 + 12, 4); /* back to the probe's source */
	if (sendto(fd, m, n, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		perror("extresp: sendto");
}

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct bpf_program bp;
	struct sockaddr_in src = {.sin_family = AF_INET};
	int mark = 0x4950;
	pcap_t *p;

	if (argc != 3 || inet_pton(AF_INET, argv[2], &src.sin_addr) != 1) {
		fprintf(stderr, "usage: extresp IFACE SRC\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0 ||
	    bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("extresp: socket");
		return 2;
	}
	p = pcap_open_live(argv[1], 512, 0, 10, err);
	if (!p || pcap_datalink(p) != DLT_EN10MB ||
	    pcap_compile(p, &bp, "icmp[icmptype] = icmp-echo and ip[8] = 1", 1,
			 PCAP_NETMASK_UNKNOWN) < 0 ||
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
