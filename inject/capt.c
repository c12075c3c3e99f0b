#define _GNU_SOURCE /* recvmmsg, close_range */
#include "capt.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <linux/net_tstamp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../decode/dec.h"

#define CAPT_BATCH 32
/* What a flood of requests and replies in flight may queue (the socket
 * buffer counts each small packet at about 1 KiB). */
#define CAPT_RCVBUF (4 << 20)

/* The receive ring of long runs: 4 MiB, at the default snapshot 8192
 * frames of 512 bytes (a flood with 64 in flight, its outgoing copies and
 * its replies, on a busy CPU); frames grow with the snapshot length. */
#define CAPT_RING  (4u << 20)
#define CAPT_BLOCK (1u << 16)

struct inj_capt {
	int fd;
	const char *ifname;
	uint8_t *ring; /* NULL: recvmmsg */
	unsigned head, snap, frame, block, nframes;
	struct mmsghdr msg[CAPT_BATCH];
	struct iovec iov[CAPT_BATCH];
	struct sockaddr_ll from[CAPT_BATCH];
	uint8_t *buf; /* CAPT_BATCH slots of snap bytes */
	struct {
		_Alignas(struct cmsghdr) char b[CMSG_SPACE(
			sizeof(struct timespec))];
	} ctl[CAPT_BATCH];
};

static int
capt_perm(int err)
{
	return err == EPERM || err == EACCES;
}

/* The filter compiled for packets that start at the IP header.  Only
 * long runs have it optimised: libpcap's optimiser takes half of the
 * 0.1 ms a compile costs, more than a short run's few packets save. */
static int
capt_filter(struct inj_capt *c, const char *filter, int longrun, char *errbuf)
{
	pcap_t *dead = pcap_open_dead(DLT_RAW, (int)c->snap);
	struct bpf_program prog;
	struct sock_fprog fp;
	int rc = -1;

	if (!dead) {
		cli_err(errbuf, "pcap: cannot open a dead handle");
		return -1;
	}
	if (pcap_compile(dead, &prog, filter, longrun, PCAP_NETMASK_UNKNOWN) <
	    0) {
		cli_err(errbuf, "%s: filter: %s", c->ifname, pcap_geterr(dead));
		goto out;
	}
	/* struct bpf_insn and struct sock_filter are the same layout. */
	fp.len = (unsigned short)prog.bf_len;
	fp.filter = (struct sock_filter *)prog.bf_insns;
	if (setsockopt(c->fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)) <
	    0)
		cli_err(errbuf, "%s: filter: %s", c->ifname, strerror(errno));
	else
		rc = 0;
	pcap_freecode(&prog);
out:
	pcap_close(dead);
	return rc;
}

/* The socket is created with protocol 0 (it receives nothing), filtered,
 * then bound to every protocol on the interface (capt_bind): no packet
 * arrives before the filter is in place. */
static int
capt_socket(struct inj_capt *c, char *errbuf)
{
	int one = 1, sz = CAPT_RCVBUF;

	c->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		cli_err(errbuf, "%s: %s%s", c->ifname, strerror(errno),
			capt_perm(errno)
				? "; run as root or grant the capabilities: "
				  "sudo setcap cap_net_raw,cap_net_admin=eip "
				  "icmpkit"
				: "");
		return -1;
	}
	if (setsockopt(c->fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	/* Stamped when a reply reaches the interface (netif_rx), as the
	 * kernel does for iputils' SO_TIMESTAMP, and when an outgoing copy
	 * is handed to the driver. */
	setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	return 0;
}

/* A TPACKET_V2 receive ring, its frames stamped as the socket's packets
 * are (SOF_TIMESTAMPING_SOFTWARE: the time the packet reached or left
 * the interface). */
static int
capt_ring(struct inj_capt *c, char *errbuf)
{
	struct tpacket_req req;
	int v = TPACKET_V2, sw = SOF_TIMESTAMPING_SOFTWARE;
	void *m;

	/* A frame holds its tpacket2 header, the address and the snapshot,
	 * in a power of two of at least 512 bytes; a block at least one. */
	for (c->frame = 512; c->frame < c->snap + 128; c->frame *= 2)
		;
	c->block = c->frame > CAPT_BLOCK ? c->frame : CAPT_BLOCK;
	c->nframes = CAPT_RING / c->frame;
	req.tp_block_size = c->block;
	req.tp_block_nr = CAPT_RING / c->block;
	req.tp_frame_size = c->frame;
	req.tp_frame_nr = c->nframes;
	if (setsockopt(c->fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0 ||
	    setsockopt(c->fd, SOL_PACKET, PACKET_TIMESTAMP, &sw, sizeof(sw)) <
		    0 ||
	    setsockopt(c->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) <
		    0 ||
	    (m = mmap(NULL, CAPT_RING, PROT_READ | PROT_WRITE, MAP_SHARED,
		      c->fd, 0)) == MAP_FAILED) {
		cli_err(errbuf, "%s: receive ring: %s", c->ifname,
			strerror(errno));
		return -1;
	}
	c->ring = m;
	return 0;
}

static int
capt_bind(struct inj_capt *c, char *errbuf)
{
	struct sockaddr_ll ll;

	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_ALL);
	if (strcmp(c->ifname, "any") != 0) {
		ll.sll_ifindex = (int)if_nametoindex(c->ifname);
		if (ll.sll_ifindex == 0) {
			cli_err(errbuf, "%s: %s", c->ifname, strerror(errno));
			return -1;
		}
	}
	if (bind(c->fd, (struct sockaddr *)&ll, sizeof(ll)) < 0) {
		cli_err(errbuf, "%s: %s", c->ifname, strerror(errno));
		return -1;
	}
	return 0;
}

static void
capt_msgs(struct inj_capt *c)
{
	int i;

	for (i = 0; i < CAPT_BATCH; i++) {
		struct msghdr *h = &c->msg[i].msg_hdr;

		c->iov[i].iov_base = c->buf + (size_t)i * c->snap;
		c->iov[i].iov_len = c->snap;
		h->msg_iov = &c->iov[i];
		h->msg_iovlen = 1;
		h->msg_name = &c->from[i];
		h->msg_namelen = sizeof(c->from[i]);
		h->msg_control = c->ctl[i].b;
		h->msg_controllen = sizeof(c->ctl[i].b);
	}
}

struct inj_capt *
inj_capt_open(const char *ifname, const char *filter, int snaplen, int longrun,
	      char *errbuf)
{
	struct inj_capt *c = calloc(1, sizeof(*c));

	if (c) {
		c->fd = -1;
		c->snap = snaplen > 0 ? (unsigned)snaplen : INJ_CAPT_SNAP;
		c->buf = malloc((size_t)CAPT_BATCH * c->snap);
	}
	if (!c || !c->buf) {
		cli_err(errbuf, "memory: out of memory");
		inj_capt_close(c);
		return NULL;
	}
	c->ifname = ifname;
	/* The filter goes on before the bind (see capt_socket). */
	if (capt_socket(c, errbuf) < 0 ||
	    (longrun && capt_ring(c, errbuf) < 0) ||
	    capt_filter(c, filter, longrun, errbuf) < 0 ||
	    capt_bind(c, errbuf) < 0) {
		inj_capt_close(c);
		return NULL;
	}
	capt_msgs(c);
	return c;
}

int
inj_capt_fd(const struct inj_capt *c)
{
	return c->fd;
}

int
inj_capt_datalink(const struct inj_capt *c)
{
	(void)c;
	return DLT_RAW;
}

/* The kernel's receive time of message i, 0 when it gave none. */
static void
capt_stamp(struct msghdr *h, struct timeval *tv)
{
	struct cmsghdr *cm;

	tv->tv_sec = 0;
	tv->tv_usec = 0;
	for (cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
			tv->tv_sec = ts.tv_sec;
			tv->tv_usec =
				ts.tv_nsec; /* nanoseconds, as libpcap's */
		}
}

/* Loopback shows every packet twice, leaving and arriving: the arriving
 * one counts (as libpcap does). */
static int
capt_skip(const struct sockaddr_ll *from)
{
	return from->sll_pkttype == PACKET_OUTGOING &&
	       from->sll_hatype == ARPHRD_LOOPBACK;
}

/* One batch: the number of packets read, 0 when none waits, -1 on error. */
static int
capt_batch(struct inj_capt *c, pcap_handler cb, u_char *user, char *errbuf)
{
	int i, n;

	for (i = 0; i < CAPT_BATCH; i++) {
		c->msg[i].msg_hdr.msg_namelen = sizeof(c->from[i]);
		c->msg[i].msg_hdr.msg_controllen = sizeof(c->ctl[i].b);
	}
	n = recvmmsg(c->fd, c->msg, CAPT_BATCH, MSG_DONTWAIT | MSG_TRUNC, NULL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		cli_err(errbuf, "%s: receive: %s", c->ifname, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct pcap_pkthdr h;

		if (capt_skip(&c->from[i]))
			continue;
		capt_stamp(&c->msg[i].msg_hdr, &h.ts);
		h.len = c->msg[i].msg_len;
		h.caplen = h.len < c->snap ? h.len : c->snap;
		cb(user, &h, c->buf + (size_t)i * c->snap);
	}
	return n;
}

/* The frames the kernel has filled, in order, each given back after cb. */
static int
capt_ring_read(struct inj_capt *c, pcap_handler cb, u_char *user)
{
	int n = 0;

	for (;;) {
		uint8_t *f = c->ring + (size_t)c->head * c->frame;
		struct tpacket2_hdr *t = (struct tpacket2_hdr *)(void *)f;
		struct pcap_pkthdr h;

		if (!(__atomic_load_n(&t->tp_status, __ATOMIC_ACQUIRE) &
		      TP_STATUS_USER))
			return n;
		if (!capt_skip((const struct sockaddr_ll
					*)(void *)(f + TPACKET_ALIGN(
							       sizeof(*t))))) {
			h.ts.tv_sec = t->tp_sec;
			h.ts.tv_usec = t->tp_nsec; /* as libpcap's nano */
			h.len = t->tp_len;
			h.caplen = t->tp_snaplen < c->snap ? t->tp_snaplen
							   : c->snap;
			cb(user, &h, f + t->tp_net);
		}
		__atomic_store_n(&t->tp_status, TP_STATUS_KERNEL,
				 __ATOMIC_RELEASE);
		c->head = (c->head + 1) % c->nframes;
		n++;
	}
}

int
inj_capt_dispatch(struct inj_capt *c, pcap_handler cb, u_char *user,
		  char *errbuf)
{
	int n, total = 0;

	if (c->ring)
		return capt_ring_read(c, cb, user);
	do {
		n = capt_batch(c, cb, user, errbuf);
		if (n < 0)
			return -1;
		total += n;
	} while (n == CAPT_BATCH);
	return total;
}

void
inj_capt_close(struct inj_capt *c)
{
	if (!c)
		return;
	if (c->ring)
		munmap(c->ring, CAPT_RING);
	if (c->fd >= 0)
		cli_close_later(c->fd);
	free(c->buf);
	free(c);
}

void
inj_capture_pkt(struct dec_pkt *d, const struct pcap_pkthdr *h,
		const u_char *data)
{
	d->frame = 0;
	d->ts_sec = h->ts.tv_sec;
	d->ts_nsec = (uint32_t)h->ts.tv_usec; /* nanoseconds: see above */
	d->caplen = h->caplen;
	d->wirelen = h->len;
	d->pkt = data;
}
