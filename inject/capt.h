/* The capture handle of the probing commands (ping, trace): immediate
 * mode, nanosecond kernel timestamps taken when a packet reaches or
 * leaves the interface, a short snapshot, non-blocking. */
#ifndef ICMPKIT_INJECT_CAPT_H
#define ICMPKIT_INJECT_CAPT_H

#include <pcap/pcap.h>

#define INJ_CAPT_SNAP 256 /* the headers: all a probe's answer needs */

/* Open ifname with the BPF filter; NULL with errbuf filled on failure. */
pcap_t *inj_capture_open(const char *ifname, const char *filter, char *errbuf);
/* The same with another snapshot length (ping reassembling fragments
 * needs them whole). */
pcap_t *inj_capture_open_snap(const char *ifname, const char *filter,
			      int snaplen, char *errbuf);

/* A captured packet as the decoder takes it (its fields set, not yet
 * decoded), with its capture time in nanoseconds. */
struct dec_pkt;
void inj_capture_pkt(struct dec_pkt *d, const struct pcap_pkthdr *h,
		     const u_char *data);

#endif
