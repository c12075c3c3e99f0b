/* The AF_XDP transmit engine of inj_sock (--engine xdp): an XDP socket
 * bound to queue 0 of an interface in copy mode, its own memory (UMEM)
 * of fixed-size frames, a TX ring of descriptors and a completion ring
 * that gives the frames back.  Sending needs no XDP program.  The
 * kernel builds one socket buffer per descriptor and hands it straight
 * to the driver (no qdisc, no taps: a capture on the sending host does
 * not see the frames), without the packet socket's per-frame header
 * parsing and status words.  docs/ARCHITECTURE.md, inject/. */
#ifndef ICMPKIT_INJECT_XDP_H
#define ICMPKIT_INJECT_XDP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* One ring of the socket as mapped: producer and consumer words, the
 * entries (struct xdp_desc or a frame's address), its mapping. */
struct inj_xring {
	uint32_t *prod, *cons;
	void *ent;
	uint8_t *map;
	size_t maplen;
};

struct inj_xdp {
	int fd;
	uint8_t *umem;
	size_t umem_len;
	unsigned frame, nframes, maxlen; /* maxlen: the largest frame */
	struct inj_xring tx, cq;
	uint32_t tx_prod; /* our copy of the TX producer */
	uint64_t *free;	  /* addresses of frames not in flight, a stack */
	unsigned nfree;
};

/* Open x on iface (frames up to mtu, an Ethernet header and a VLAN
 * tag); -1 with errbuf filled ("IFACE: no AF_XDP socket: why").  A queue
 * still held by a socket closed a moment ago (its release waits for the
 * kernel) is waited for, up to 100 ms. */
int inj_xdp_open(struct inj_xdp *x, const char *iface, int mtu, char *errbuf);
/* Send the n frames of iov: copied into free frames, handed over by
 * kicks until the kernel has taken each descriptor.  *sent and *bytes
 * grow by what went; a frame longer than the largest sets its bit in
 * *failmask (EMSGSIZE).  0; -1 with errno set when the kernel refuses
 * (down, permission). */
int inj_xdp_send(struct inj_xdp *x, const struct iovec *iov, int n,
		 unsigned long long *sent, unsigned long long *bytes,
		 uint64_t *failmask);
/* Unmap everything; the socket's last close is left to
 * cli_close_later(). */
void inj_xdp_close(struct inj_xdp *x);

#endif
