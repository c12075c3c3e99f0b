/* ping's kernel socket: the ICMP message goes out through a socket of
 * the IP layer (raw ICMP, not IP_HDRINCL), so that the kernel does what
 * iputils relies on it for: Path MTU discovery as -M asks (-M want: DF,
 * and local fragments beyond the known PMTU; do: never fragment, too
 * large probes fail with EMSGSIZE and the MTU on the error queue; dont;
 * probe), IPv6 fragment headers after a packet-too-big, the source
 * address and the IP header.  The bytes are still libnet's template. */
#ifndef ICMPKIT_INJECT_PSOCK_H
#define ICMPKIT_INJECT_PSOCK_H

#include <stdint.h>

#include "inj.h"
#include "tx.h"

enum { PS_WANT, PS_DO, PS_DONT, PS_PROBE };

/* Open the socket for p's family and destination in PMTU mode pmtu,
 * bound to p's source (and to iface when given), with p's TTL and TOS
 * and IP_RECVERR, SO_BROADCAST with bcast.  k->fd is -1 on failure
 * (errbuf filled). */
int ps_open(struct inj_sock *k, const struct inj_pkt *p, int pmtu, int bcast,
	    const char *iface, char *errbuf);

/* A local error of the socket's error queue (one per probe that could
 * not leave): its errno and, for EMSGSIZE, the MTU. */
struct ps_err {
	int err;
	uint32_t mtu;
};

/* Take up to n local errors off the queue (non-blocking); errors that
 * came from the network (ICMP) are dropped: the capture reports them.
 * Returns how many were stored. */
int ps_local_errors(int fd, int ver, struct ps_err *e, int n);

/* Parse -M's word into PS_*; -1 if it is none of them. */
int ps_mode(const char *word);

#endif
