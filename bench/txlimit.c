/* bench/txlimit.c - the fastest send loop this kernel allows, the limit
 * row of `make bench` (bench/run.sh, section send).
 *
 * usage: txlimit IFACE FILE N
 *
 * Sends the first frame of the pcap FILE N times on IFACE through a
 * PACKET_TX_RING (TPACKET_V2, qdisc bypassed, a virtio-net header that
 * has the kernel copy each frame linearly: on a veth, frames that point
 * at the ring's pages are copied again into fresh pages).  Every frame of
 * the ring holds the bytes from the start, so the loop only marks frames
 * for sending and kicks the kernel once per 256: no patching, no
 * checksums, no copies in user space.  Prints "N packets, S s, R pps". */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME	2048u
#define NFRAMES 4096u
#define KICK	256u
#define DATA	TPACKET_ALIGN(sizeof(struct tpacket2_hdr))

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

int
main(int argc, char **argv)
{
	unsigned char pkt[FRAME], *map;
	struct sockaddr_ll ll;
	unsigned long long n, k;
	unsigned head = 0;
	size_t len;
	double t0, t1;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: txlimit IFACE FILE N\n");
		return 2;
	}
	n = strtoull(argv[3], NULL, 10);
	if (first_frame(argv[2], pkt, &len) < 0)
		return 2;
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_ALL);
	ll.sll_ifindex = (int)if_nametoindex(argv[1]);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	map = fd < 0 ? NULL : ring_open(fd);
	if (!ll.sll_ifindex || !map) {
		fprintf(stderr, "txlimit: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	ring_fill(map, pkt, len);
	t0 = now();
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
	t1 = now();
	printf("%llu packets, %.3f s, %.0f pps\n", n, t1 - t0,
	       (double)n / (t1 - t0));
	return 0;
}
