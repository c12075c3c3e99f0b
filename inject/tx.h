/* Sending built packets fast: libnet builds the packet once; each packet
 * sent is a copy with its per-packet fields patched (sequence number, IP
 * id, send timestamp) and its checksums recomputed, handed to the kernel
 * in batches.  libnet_write() would build, malloc and copy for every
 * packet.  The batch sender (inj_sock) is the one of send, ping and
 * replay; it has three engines: sendmmsg() on a raw IP or packet socket
 * ("mmsg"), the frames of a PACKET_TX_RING shared with the kernel and
 * handed over by one send() per batch ("ring", link frames only), or the
 * frames of an AF_XDP socket (inject/xdp.c, "xdp", link frames only,
 * never through the qdisc). */
#ifndef ICMPKIT_INJECT_TX_H
#define ICMPKIT_INJECT_TX_H

#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "family.h"
#include "inj.h"
#include "xdp.h"

#define INJ_BATCH 64

enum { INJ_TX_DRY, INJ_TX_RAW, INJ_TX_LINK };
/* --engine: auto (for long runs the first that can be set up: xdp where
 * the qdisc may be bypassed, then ring), ring, mmsg, xdp. */
enum { INJ_ENG_AUTO, INJ_ENG_RING, INJ_ENG_MMSG, INJ_ENG_XDP };
/* Runs of at least this many packets (or without end) are long. */
#define INJ_RING_MIN 1000

/* A PACKET_TX_RING mapped into this process. */
struct inj_ring {
	uint8_t *map;
	size_t size;
	unsigned frame, nframes, head;
	int vnet; /* frames start with a struct virtio_net_hdr */
};

/* A socket and where its packets go, with what became of them. */
struct inj_sock {
	int fd;
	struct sockaddr_storage to;
	socklen_t tolen;
	const char *who; /* names the socket in errors; NULL: a raw socket */
	unsigned long long sent, failed, bytes;
	int last_errno;	   /* why the last failed packet failed */
	uint64_t failmask; /* of the last inj_sock_send: bit i, packet i */
	int engine;	   /* INJ_ENG_RING, INJ_ENG_MMSG or INJ_ENG_XDP */
	struct inj_ring ring;
	struct inj_xdp xdp;
};

struct dec_field;

struct inj_tx {
	int mode;
	libnet_t *l;
	const struct inj_pkt *pkt;
	const struct inj_family *fam;
	uint8_t *tmpl;
	uint32_t tlen;
	uint32_t pseudo; /* the ICMP checksum's start: same for every packet */
	size_t ip_off, icmp_off, icmp_len;
	/* A query or reply built from its fields (RFC 8335 extended echo):
	 * where its sequence number goes per packet (seq0 + k; NULL: none,
	 * or a layout's). */
	const struct dec_field *seqf;
	uint32_t seq0;
	int raw_fd; /* our raw IP socket (INJ_TX_RAW), or -1 */
	struct inj_sock sk;
	struct inj_pkt lpkt; /* the packet as a link frame (tx_frames) */
};

/* libnet_init() with messages that say what to do about a failure; who
 * names the socket in them (NULL: "raw socket"). */
libnet_t *inj_libnet_open(int inj, const char *iface, const char *who,
			  char *errbuf);
/* A raw IP socket of fam (IPPROTO_RAW: the header is ours); -1 with
 * errbuf filled. */
int inj_raw_open(const struct inj_family *fam, char *errbuf);
/* Send on fd as a packet socket to iface; bypass: skip the qdisc (a
 * flood wants the driver). */
void inj_sock_link(struct inj_sock *k, int fd, const char *iface, int bypass);
/* "auto", "xdp", "ring" or "mmsg" into *engine; -1 with errbuf filled. */
int inj_engine_parse(const char *s, int *engine, char *errbuf);
/* The engine's name, for summaries. */
const char *inj_engine_name(const struct inj_sock *k);
/* Move k (a packet socket to iface, see inj_sock_link) to an engine of
 * its own: the one forced, or with auto for a long run an AF_XDP socket
 * when bypass allows it, else a TX ring; bypass: skip the qdisc (the
 * capture of the sender's host then does not see the frames; xdp always
 * skips it).  Auto stays on sendmmsg when neither can be set up; a
 * forced engine that cannot is an error (-1). */
int inj_sock_engine(struct inj_sock *k, const char *iface, int engine,
		    int longrun, int bypass, char *errbuf);
/* Release what the engine holds (the ring; a packet socket's last close
 * is left to cli_close_later()); libnet's own socket stays libnet's. */
void inj_sock_close(struct inj_sock *k);
/* Send the n (<= INJ_BATCH) packets of iov.  Failures of single packets
 * are counted in k->failed (and k->last_errno); -1 only when no packet
 * can go (permission). */
int inj_sock_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf);

/* Open libnet (LIBNET_NONE for a dry run, LINK with --link, else RAW4 or
 * RAW6), build p once and prepare the destination.  p must outlive tx. */
int inj_tx_open(struct inj_tx *tx, const struct inj_pkt *p, int mode,
		const char *iface, int flood, char *errbuf);
/* The engine for tx, as inj_sock_engine(); a raw IP socket's packets
 * become link frames for the route's interface (Ethernet, a neighbour
 * entry for the next hop, frames within the MTU) so that the ring can
 * send them; where that cannot be done, auto stays on the raw socket. */
int inj_tx_engine(struct inj_tx *tx, const char *iface, int engine, int longrun,
		  int bypass, char *errbuf);
/* Fill b (tx->tlen bytes) with packet k of the run, sent at now. */
void inj_tx_patch(const struct inj_tx *tx, uint8_t *b, unsigned long long k,
		  const struct timespec *now);
/* Send n packets of tx->tlen bytes laid out one after another in bufs. */
int inj_tx_send(struct inj_tx *tx, uint8_t *bufs, int n, char *errbuf);
void inj_tx_close(struct inj_tx *tx);

#endif
