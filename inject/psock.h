/* ping's kernel socket: the ICMP message goes out through a socket of
 * the IP layer (raw ICMP, not IP_HDRINCL), so that the kernel does what
 * iputils relies on it for: Path MTU discovery as -M asks (-M want: DF,
 * and local fragments beyond the known PMTU; do: never fragment, too
 * large probes fail with EMSGSIZE and the MTU on the error queue; dont;
 * probe), IPv6 fragment headers after a packet-too-big, the source
 * address and the IP header.  The bytes are still libnet's template. */
#ifndef ICMPKIT_INJECT_PSOCK_H
#define ICMPKIT_INJECT_PSOCK_H

#include <stddef.h>
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

/* Floods of probes that fit the path: a header-including raw socket
 * (the IP header is the template's, DF as -M says), which the kernel
 * sends without building a header or taking the socket's lock, so that
 * two threads send at once.  Bound to iface when given, connected to p's
 * destination to learn the path MTU the kernel knows; returns it, or -1
 * (k->fd -1) when no such socket can be had: the IP-layer socket of
 * ps_open then sends everything. */
int ps_fast_open(struct inj_sock *k, const struct inj_pkt *p,
		 const char *iface);

/* What the socket's error queue holds (IP_RECVERR, SO_TIMESTAMPING). */
enum { PS_Q_LOCAL = 1, PS_Q_ICMP, PS_Q_STAMP };

struct ps_qent {
	int kind;
	int err;       /* PS_Q_LOCAL: errno (EMSGSIZE: info is the MTU) */
	uint32_t info; /* the MTU, or a parameter problem's pointer */
	uint8_t type;  /* PS_Q_ICMP: the error's type and code */
	uint8_t code;
	uint8_t from[16]; /* PS_Q_ICMP: who sent it */
	uint32_t key;	  /* PS_Q_STAMP: the send's number (OPT_ID) */
	int64_t ts_ns;	  /* PS_Q_STAMP: when it left (kernel clock) */
	uint8_t msg[64];  /* PS_Q_ICMP: the start of the probe it quotes */
	size_t len;
};

/* Take one entry off the error queue (non-blocking): 1, or 0 when it is
 * empty. */
int ps_errq_next(int fd, int ver, struct ps_qent *e);

/* ICMP datagram sockets (unprivileged ping, net.ipv4.ping_group_range):
 * as ps_open, plus kernel timestamps of replies and of each probe as it
 * leaves (SO_TIMESTAMPING, software), and each reply's TTL.  The kernel
 * chooses the echo identifier: *id.  A user the range does not admit
 * gets one line naming both fixes (the sysctl, setcap).  bcast: -b
 * (SO_BROADCAST). */
int ps_dgram_open(struct inj_sock *k, const struct inj_pkt *p, int pmtu,
		  int bcast, const char *iface, uint16_t *id, char *errbuf);

/* A reply read from a datagram socket: the ICMP message (no IP header),
 * who sent it, its TTL and the kernel's receive time. */
struct ps_rx {
	size_t len;
	uint8_t src[16];
	uint8_t ttl;
	int64_t ts_ns;
};

/* Read one reply into buf (n bytes): 1, or 0 when none is waiting. */
int ps_dgram_recv(int fd, int ver, uint8_t *buf, size_t n, struct ps_rx *r);

/* Whether this process may open raw sockets (root or CAP_NET_RAW). */
int ps_can_raw(void);

/* Parse -M's word into PS_*; -1 if it is none of them. */
int ps_mode(const char *word);

#endif
