/* Sending built packets fast: libnet builds the packet once; each packet
 * sent is a copy with its per-packet fields patched (sequence number, IP
 * id, send timestamp) and its checksums recomputed, handed to the kernel
 * in batches with sendmmsg() on libnet's own socket.  libnet_write()
 * would build, malloc and copy for every packet.  Used by send and ping. */
#ifndef ICMPKIT_INJECT_TX_H
#define ICMPKIT_INJECT_TX_H

#include <sys/socket.h>
#include <time.h>

#include "inj.h"

#define INJ_BATCH 64

enum { INJ_TX_DRY, INJ_TX_RAW, INJ_TX_LINK };

struct inj_tx {
	int mode;
	libnet_t *l;
	const struct inj_pkt *pkt;
	uint8_t *tmpl;
	uint32_t tlen;
	size_t ip_off, icmp_off, icmp_len;
	int fd;
	struct sockaddr_storage to;
	socklen_t tolen;
	unsigned long long sent, failed;
	int last_errno; /* why the last failed packet failed */
};

/* Open libnet (LIBNET_NONE for a dry run, LINK with --link, else RAW4 or
 * RAW6), build p once and prepare the destination.  p must outlive tx. */
int inj_tx_open(struct inj_tx *tx, const struct inj_pkt *p, int mode,
		const char *iface, int flood, char *errbuf);
/* Fill b (tx->tlen bytes) with packet k of the run, sent at now. */
void inj_tx_patch(const struct inj_tx *tx, uint8_t *b, unsigned long long k,
		  const struct timespec *now);
/* Send n packets of tx->tlen bytes laid out one after another in bufs.
 * Failures of single packets are counted in tx->failed; -1 only when no
 * packet can go (permission). */
int inj_tx_send(struct inj_tx *tx, uint8_t *bufs, int n, char *errbuf);
void inj_tx_close(struct inj_tx *tx);

#endif
