/* The capture of the probing commands (ping, trace): a plain packet
 * socket (no TPACKET ring, so no RCU grace period when it is set up),
 * cooked (SOCK_DGRAM: packets start at the IP header, any link type),
 * a classic BPF filter compiled by libpcap, nanosecond kernel timestamps
 * taken when a packet reaches or leaves the interface (SO_TIMESTAMPNS),
 * the outgoing copy seen too, a short snapshot, batches read with
 * recvmmsg() (for long runs a TPACKET_V2 ring).  Closing it hands the socket's
 * release (an RCU grace period, 5-30 ms) to a child process that outlives the
 * command, so that short runs do not wait for it (docs/ARCHITECTURE.md,
 * startup). */
#ifndef ICMPKIT_INJECT_CAPT_H
#define ICMPKIT_INJECT_CAPT_H

#include <pcap/pcap.h>

#define INJ_CAPT_SNAP 256 /* the headers: all a probe's answer needs */

struct inj_capt;

/* Open ifname ("any": every interface) with the BPF filter, keeping
 * snaplen bytes of each packet (0: INJ_CAPT_SNAP; ping reassembling
 * fragments needs them whole); NULL with errbuf filled on failure.  longrun: a
 * flood or many probes, for which a TPACKET ring (read without a system call
 * per batch) is worth the grace period its setup waits for. */
struct inj_capt *inj_capt_open(const char *ifname, const char *filter,
			       int snaplen, int longrun, char *errbuf);
/* The descriptor to poll for input. */
int inj_capt_fd(const struct inj_capt *c);
/* The link type of the packets handed over (DLT_RAW: the IP header). */
int inj_capt_datalink(const struct inj_capt *c);
/* Hand every packet waiting to cb, as pcap_dispatch(-1) does (h->ts.tv_usec
 * holds nanoseconds); the number handed over, -1 with errbuf filled. */
int inj_capt_dispatch(struct inj_capt *c, pcap_handler cb, u_char *user,
		      char *errbuf);
/* Close without waiting for the kernel's release of the socket. */
void inj_capt_close(struct inj_capt *c);

/* A captured packet as the decoder takes it (its fields set, not yet
 * decoded), with its capture time in nanoseconds. */
struct dec_pkt;
void inj_capture_pkt(struct dec_pkt *d, const struct pcap_pkthdr *h,
		     const u_char *data);

#endif
