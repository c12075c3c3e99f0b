/* The capture handle of the probing commands (ping, trace): immediate
 * mode, nanosecond kernel timestamps taken when a packet reaches or
 * leaves the interface, a short snapshot, non-blocking. */
#ifndef ICMPKIT_INJECT_CAPT_H
#define ICMPKIT_INJECT_CAPT_H

#include <pcap/pcap.h>

/* Open ifname with the BPF filter; NULL with errbuf filled on failure. */
pcap_t *inj_capture_open(const char *ifname, const char *filter, char *errbuf);

#endif
