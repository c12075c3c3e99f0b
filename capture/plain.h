/* sniff's capture for short counted runs: a plain packet socket, without
 * the TPACKET ring every libpcap live handle sets up.  The kernel's
 * packet_set_ring() waits for an RCU grace period (synchronize_net(),
 * 5-30 ms on a busy machine) whatever the ring's size, which was most of
 * a sniff -c 1 (docs/ARCHITECTURE.md, startup).  Taken for Ethernet and
 * loopback interfaces, whose frames libpcap hands over as DLT_EN10MB:
 * the same bytes here (a VLAN tag the driver took off put back from
 * PACKET_AUXDATA, loopback's outgoing copies left out as libpcap does),
 * kernel timestamps in nanoseconds, libpcap's compiled filter attached
 * to the socket. */
#ifndef ICMPKIT_CAPTURE_PLAIN_H
#define ICMPKIT_CAPTURE_PLAIN_H

#include <pcap/pcap.h>
#include <stdint.h>

struct plain {
	int fd;
	int ifindex;
	int loopback;
	unsigned snaplen;
	unsigned recv, drop; /* PACKET_STATISTICS, summed (it resets) */
	struct bpf_program prog;
	uint8_t buf[65536 + 4];
};

/* Open a socket for iface that takes no packet yet: 0, 1 when iface is
 * not a link this path serves (libpcap's handle is taken instead), -1
 * with errbuf filled. */
int plain_open(struct plain *c, const char *iface, unsigned snaplen,
	       int promisc, char *errbuf);
/* Attach the filter and start taking packets; -1 with errbuf filled. */
int plain_start(struct plain *c, const struct bpf_program *prog, char *errbuf);
/* Wait up to timeout_ms (-1: until a signal) for packets and hand each
 * waiting one to cb as pcap_dispatch() does (ts.tv_usec in
 * nanoseconds); the number handed over, -1 with errbuf filled. */
int plain_dispatch(struct plain *c, int timeout_ms, pcap_handler cb,
		   u_char *user, char *errbuf);
/* pcap_stats() of the socket: received by the filter, dropped. */
void plain_stats(struct plain *c, struct pcap_stat *st);
/* Close, the socket's release left to a child (cli_close_later). */
void plain_close(struct plain *c);

#endif
