/* Sending built packets fast: libnet builds the packet once; each packet
 * sent is a copy with its per-packet fields patched (sequence number, IP
 * id, send timestamp) and its checksums recomputed, handed to the kernel
 * in batches with sendmmsg() on libnet's own socket.  libnet_write()
 * would build, malloc and copy for every packet.  The batch sender
 * (inj_sock) is the one of send, ping and replay. */
#ifndef ICMPKIT_INJECT_TX_H
#define ICMPKIT_INJECT_TX_H

#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "family.h"
#include "inj.h"

#define INJ_BATCH 64

enum { INJ_TX_DRY, INJ_TX_RAW, INJ_TX_LINK };

/* A socket and where its packets go, with what became of them. */
struct inj_sock {
	int fd;
	struct sockaddr_storage to;
	socklen_t tolen;
	const char *who; /* names the socket in errors; NULL: a raw socket */
	unsigned long long sent, failed, bytes;
	int last_errno;	   /* why the last failed packet failed */
	uint64_t failmask; /* of the last inj_sock_send: bit i, packet i */
};

struct inj_tx {
	int mode;
	libnet_t *l;
	const struct inj_pkt *pkt;
	const struct inj_family *fam;
	uint8_t *tmpl;
	uint32_t tlen;
	uint32_t pseudo; /* the ICMP checksum's start: same for every packet */
	size_t ip_off, icmp_off, icmp_len;
	struct inj_sock sk;
};

/* libnet_init() with messages that say what to do about a failure; who
 * names the socket in them (NULL: "raw socket"). */
libnet_t *inj_libnet_open(int inj, const char *iface, const char *who,
			  char *errbuf);
/* Send on fd as a packet socket to iface; bypass: skip the qdisc (a
 * flood wants the driver). */
void inj_sock_link(struct inj_sock *k, int fd, const char *iface, int bypass);
/* Send the n (<= INJ_BATCH) packets of iov.  Failures of single packets
 * are counted in k->failed (and k->last_errno); -1 only when no packet
 * can go (permission). */
int inj_sock_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf);

/* Open libnet (LIBNET_NONE for a dry run, LINK with --link, else RAW4 or
 * RAW6), build p once and prepare the destination.  p must outlive tx. */
int inj_tx_open(struct inj_tx *tx, const struct inj_pkt *p, int mode,
		const char *iface, int flood, char *errbuf);
/* Fill b (tx->tlen bytes) with packet k of the run, sent at now. */
void inj_tx_patch(const struct inj_tx *tx, uint8_t *b, unsigned long long k,
		  const struct timespec *now);
/* Send n packets of tx->tlen bytes laid out one after another in bufs. */
int inj_tx_send(struct inj_tx *tx, uint8_t *bufs, int n, char *errbuf);
void inj_tx_close(struct inj_tx *tx);

#endif
