/* bench/txlimit.c - the fastest send loops this kernel allows, the limit
 * rows of `make bench` (bench/run.sh, section send).
 *
 * usage: txlimit IFACE FILE N [ring|xdp]
 *
 * Sends the first frame of the pcap FILE N times on IFACE, with no
 * patching, no checksums and no copies in user space: every frame of the
 * shared memory holds the bytes from the start, so the loop only hands
 * frames to the kernel.
 *
 * ring (the default): a PACKET_TX_RING (TPACKET_V2, qdisc bypassed, a
 * virtio-net header that has the kernel copy each frame linearly: on a
 * veth, frames that point at the ring's pages are copied again into
 * fresh pages), kicked once per 256 frames.
 *
 * xdp: an AF_XDP socket in copy mode (veth has no zero-copy AF_XDP; the
 * kernel copies each descriptor's bytes into a socket buffer and hands it
 * straight to the driver, as the ring's qdisc bypass does, but without
 * the packet socket's per-frame header parsing and status words).  No XDP
 * program is needed for sending.  The kernel takes at most its budget
 * (32) descriptors per kick.
 *
 * Prints "N packets, S s, R pps". */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define FRAME	2048u
#define NFRAMES 512u
#define KICK	256u
#define DATA	TPACKET_ALIGN(sizeof(struct tpacket2_hdr))
/* AF_XDP: TX and completion ring entries, one per frame.  1 MiB of
 * frames (the engines' size too) is faster than 8 MiB: the kernel's
 * copies stay in the cache. */
#define XRING NFRAMES
#define XKICK 32u /* the kernel's budget per kick in copy mode */

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
first_frame(const char *file, unsigned char *buf, size_t *len)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const unsigned char *d;
	pcap_t *p = pcap_open_offline(file, err);

	if (!p) {
		fprintf(stderr, "txlimit: %s\n", err);
		return -1;
	}
	if (pcap_next_ex(p, &h, &d) != 1 || h->caplen > FRAME - DATA - 64) {
		fprintf(stderr, "txlimit: %s: no usable first frame\n", file);
		pcap_close(p);
		return -1;
	}
	memcpy(buf, d, h->caplen);
	*len = h->caplen;
	pcap_close(p);
	return 0;
}

static unsigned char *
ring_open(int fd)
{
	struct tpacket_req req = {.tp_block_size = 1u << 16,
				  .tp_block_nr = FRAME * NFRAMES / (1u << 16),
				  .tp_frame_size = FRAME,
				  .tp_frame_nr = NFRAMES};
	int v = TPACKET_V2, one = 1;
	void *m;

	if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) <
		    0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) <
		    0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0)
		return NULL;
	m = mmap(NULL, (size_t)FRAME * NFRAMES, PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	return m == MAP_FAILED ? NULL : m;
}

/* Every frame: the virtio-net header (all of it is header), then the
 * packet. */
static void
ring_fill(unsigned char *map, const unsigned char *pkt, size_t len)
{
	struct virtio_net_hdr vh;
	unsigned i;

	memset(&vh, 0, sizeof(vh));
	vh.gso_type = VIRTIO_NET_HDR_GSO_NONE;
	vh.hdr_len = (unsigned short)len;
	for (i = 0; i < NFRAMES; i++) {
		unsigned char *f = map + (size_t)i * FRAME;

		memcpy(f + DATA, &vh, sizeof(vh));
		memcpy(f + DATA + sizeof(vh), pkt, len);
		((struct tpacket2_hdr *)(void *)f)->tp_len =
			(unsigned)(len + sizeof(vh));
	}
}

static int
ring_run(const char *iface, const unsigned char *pkt, size_t len,
	 unsigned long long n)
{
	struct sockaddr_ll ll;
	unsigned char *map;
	unsigned long long k;
	unsigned head = 0;
	int fd;

	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_ALL);
	ll.sll_ifindex = (int)if_nametoindex(iface);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	map = fd < 0 ? NULL : ring_open(fd);
	if (!ll.sll_ifindex || !map)
		return -1;
	ring_fill(map, pkt, len);
	for (k = 0; k < n; k++) {
		struct tpacket2_hdr *h =
			(struct tpacket2_hdr *)(void *)(map +
							(size_t)head * FRAME);

		while (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) !=
		       TP_STATUS_AVAILABLE)
			sendto(fd, NULL, 0, 0, (struct sockaddr *)&ll,
			       sizeof(ll));
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
				 __ATOMIC_RELEASE);
		head = (head + 1) % NFRAMES;
		if (k % KICK == KICK - 1)
			sendto(fd, NULL, 0, MSG_DONTWAIT,
			       (struct sockaddr *)&ll, sizeof(ll));
	}
	sendto(fd, NULL, 0, 0, (struct sockaddr *)&ll, sizeof(ll));
	return 0;
}

/* An AF_XDP ring of the socket: producer and consumer words and the
 * entries, mapped at off. */
struct xring {
	uint32_t *prod, *cons;
	void *desc;
};

static int
xring_map(int fd, const struct xdp_ring_offset *o, size_t esz, off_t pgoff,
	  struct xring *r)
{
	uint8_t *m = mmap(NULL, o->desc + XRING * esz, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, fd, pgoff);

	if (m == MAP_FAILED)
		return -1;
	r->prod = (uint32_t *)(void *)(m + o->producer);
	r->cons = (uint32_t *)(void *)(m + o->consumer);
	r->desc = m + o->desc;
	return 0;
}

/* The socket, its memory (every frame holding pkt), its TX and
 * completion rings, bound to queue 0 of iface in copy mode.  A socket
 * just closed keeps the queue busy for some milliseconds: bind retries. */
static int
xdp_open(const char *iface, const unsigned char *pkt, size_t len,
	 struct xring *tx, struct xring *cq)
{
	struct xdp_umem_reg mr;
	struct xdp_mmap_offsets off;
	struct sockaddr_xdp sa;
	socklen_t ol = sizeof(off);
	unsigned sz = XRING, i, tries;
	int fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	uint8_t *umem =
		mmap(NULL, (size_t)FRAME * XRING, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (fd < 0 || umem == MAP_FAILED)
		return -1;
	for (i = 0; i < XRING; i++)
		memcpy(umem + (size_t)i * FRAME, pkt, len);
	memset(&mr, 0, sizeof(mr));
	mr.addr = (uintptr_t)umem;
	mr.len = (size_t)FRAME * XRING;
	mr.chunk_size = FRAME;
	if (setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) < 0 ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &sz, sizeof(sz)) < 0 ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &sz, sizeof(sz)) <
		    0 ||
	    setsockopt(fd, SOL_XDP, XDP_TX_RING, &sz, sizeof(sz)) < 0 ||
	    getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &ol) < 0 ||
	    xring_map(fd, &off.tx, sizeof(struct xdp_desc), XDP_PGOFF_TX_RING,
		      tx) < 0 ||
	    xring_map(fd, &off.cr, sizeof(uint64_t),
		      (off_t)XDP_UMEM_PGOFF_COMPLETION_RING, cq) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sxdp_family = AF_XDP;
	sa.sxdp_flags = XDP_COPY;
	sa.sxdp_ifindex = if_nametoindex(iface);
	for (tries = 0; bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0;
	     tries++) {
		if (errno != EBUSY || tries == 1000)
			return -1;
		usleep(100);
	}
	return fd;
}

static int
xdp_run(const char *iface, const unsigned char *pkt, size_t len,
	unsigned long long n)
{
	struct xring tx, cq;
	struct xdp_desc *d;
	unsigned long long sent = 0, done = 0;
	uint32_t prod = 0, cons, room, i;
	int fd = xdp_open(iface, pkt, len, &tx, &cq);

	if (fd < 0)
		return -1;
	d = tx.desc;
	while (done < n) {
		cons = __atomic_load_n(tx.cons, __ATOMIC_ACQUIRE);
		room = XRING - (prod - cons);
		if (room > XRING - (sent - done))
			room = (uint32_t)(XRING - (sent - done));
		if (room > n - sent)
			room = (uint32_t)(n - sent);
		for (i = 0; i < room; i++, sent++) {
			d[(prod + i) & (XRING - 1)].addr = sent % XRING * FRAME;
			d[(prod + i) & (XRING - 1)].len = (uint32_t)len;
			d[(prod + i) & (XRING - 1)].options = 0;
		}
		prod += room;
		__atomic_store_n(tx.prod, prod, __ATOMIC_RELEASE);
		if ((prod - cons >= XKICK || sent == n) &&
		    sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
		    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS)
			return -1;
		cons = __atomic_load_n(cq.prod, __ATOMIC_ACQUIRE);
		done += cons - *cq.cons;
		__atomic_store_n(cq.cons, cons, __ATOMIC_RELEASE);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned char pkt[FRAME];
	unsigned long long n;
	const char *eng = argc > 4 ? argv[4] : "ring";
	size_t len;
	double t0, t1;
	int rc;

	if (argc < 4 || argc > 5 ||
	    (strcmp(eng, "ring") != 0 && strcmp(eng, "xdp") != 0)) {
		fprintf(stderr, "usage: txlimit IFACE FILE N [ring|xdp]\n");
		return 2;
	}
	n = strtoull(argv[3], NULL, 10);
	if (first_frame(argv[2], pkt, &len) < 0)
		return 2;
	t0 = now();
	rc = eng[0] == 'x' ? xdp_run(argv[1], pkt, len, n)
			   : ring_run(argv[1], pkt, len, n);
	t1 = now();
	if (rc < 0) {
		fprintf(stderr, "txlimit: %s %s: %s\n", eng, argv[1],
			strerror(errno));
		return 2;
	}
	printf("%llu packets, %.3f s, %.0f pps\n", n, t1 - t0,
	       (double)n / (t1 - t0));
	return 0;
}
