#define _GNU_SOURCE /* usleep */
#include "xdp.h"

#include <errno.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"

#ifndef SOL_XDP
#define SOL_XDP 283
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif

/* How much memory the frames take (the ring engine's size too), and the
 * fill ring's entries: bind wants one, sending never uses it. */
#define XDP_BYTES (1u << 20)
#define XDP_FILL  64u
/* bind's retries while the queue is still held: 500 x 200 us. */
#define XDP_BIND_TRIES 500

/* The wait when the kernel makes no progress. */
static const struct timespec xdp_nap = {0, 20000};

static int
xring_map(struct inj_xdp *x, const struct xdp_ring_offset *o, size_t esz,
	  off_t pgoff, struct inj_xring *r)
{
	r->maplen = (size_t)o->desc + x->nframes * esz;
	r->map = mmap(NULL, r->maplen, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_POPULATE, x->fd, pgoff);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		return -1;
	}
	r->prod = (uint32_t *)(void *)(r->map + o->producer);
	r->cons = (uint32_t *)(void *)(r->map + o->consumer);
	r->ent = r->map + o->desc;
	return 0;
}

/* The frames' memory registered, the three rings made, TX and
 * completion mapped. */
static int
xdp_rings(struct inj_xdp *x)
{
	struct xdp_umem_reg mr;
	struct xdp_mmap_offsets off;
	socklen_t ol = sizeof(off);
	unsigned n = x->nframes, fill = XDP_FILL;

	x->umem_len = (size_t)x->frame * x->nframes;
	x->umem = mmap(NULL, x->umem_len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (x->umem == MAP_FAILED) {
		x->umem = NULL;
		return -1;
	}
	memset(&mr, 0, sizeof(mr));
	mr.addr = (uintptr_t)x->umem;
	mr.len = x->umem_len;
	mr.chunk_size = x->frame;
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &fill,
		       sizeof(fill)) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &n,
		       sizeof(n)) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_TX_RING, &n, sizeof(n)) < 0 ||
	    getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &ol) < 0)
		return -1;
	if (xring_map(x, &off.tx, sizeof(struct xdp_desc), XDP_PGOFF_TX_RING,
		      &x->tx) < 0 ||
	    xring_map(x, &off.cr, sizeof(uint64_t),
		      (off_t)XDP_UMEM_PGOFF_COMPLETION_RING, &x->cq) < 0)
		return -1;
	return 0;
}

/* Queue 0 of the interface in copy mode (veth and most drivers have no
 * zero-copy AF_XDP; copy mode works on every device).  A socket closed
 * a moment ago frees the queue only after the kernel's deferred release:
 * EBUSY is waited out for a while. */
static int
xdp_bind(struct inj_xdp *x, const char *iface)
{
	struct sockaddr_xdp sa;
	int tries;

	memset(&sa, 0, sizeof(sa));
	sa.sxdp_family = AF_XDP;
	sa.sxdp_flags = XDP_COPY;
	sa.sxdp_ifindex = if_nametoindex(iface);
	sa.sxdp_queue_id = 0;
	for (tries = 0; bind(x->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0;
	     tries++) {
		if (errno != EBUSY || tries == XDP_BIND_TRIES)
			return -1;
		usleep(200);
	}
	return 0;
}

int
inj_xdp_open(struct inj_xdp *x, const char *iface, int mtu, char *errbuf)
{
	unsigned i;

	memset(x, 0, sizeof(*x));
	x->fd = -1;
	x->maxlen = (unsigned)mtu + 18; /* Ethernet header, a VLAN tag */
	x->frame = x->maxlen <= 2048 ? 2048 : 4096;
	x->nframes = XDP_BYTES / x->frame;
	if (x->maxlen > 4096) {
		cli_err(errbuf,
			"%s: no AF_XDP socket: MTU %d is over the "
			"4096-byte frames",
			iface, mtu);
		return -1;
	}
	x->fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	x->free = malloc(x->nframes * sizeof(*x->free));
	if (x->fd < 0 || !x->free || xdp_rings(x) < 0 ||
	    xdp_bind(x, iface) < 0) {
		cli_err(errbuf, "%s: no AF_XDP socket: %s", iface,
			strerror(errno));
		inj_xdp_close(x);
		return -1;
	}
	for (i = 0; i < x->nframes; i++)
		x->free[i] = (uint64_t)i * x->frame;
	x->nfree = x->nframes;
	return 0;
}

/* Frames the kernel is done with, back on the free stack. */
static void
xdp_reap(struct inj_xdp *x)
{
	uint32_t p = __atomic_load_n(x->cq.prod, __ATOMIC_ACQUIRE);
	uint32_t c = *x->cq.cons;
	const uint64_t *a = x->cq.ent;

	for (; c != p; c++)
		x->free[x->nfree++] = a[c & (x->nframes - 1)];
	__atomic_store_n(x->cq.cons, c, __ATOMIC_RELEASE);
}

/* Publish the descriptors written so far and kick until the kernel has
 * taken all of them.  The kernel takes a budget of them per call
 * (EAGAIN: more left); when it makes no progress (its send buffer is
 * full of frames a real device has not sent yet) the loop sleeps a
 * little. */
static int
xdp_kick(struct inj_xdp *x)
{
	uint32_t before;

	__atomic_store_n(x->tx.prod, x->tx_prod, __ATOMIC_RELEASE);
	while ((before = __atomic_load_n(x->tx.cons, __ATOMIC_ACQUIRE)) !=
	       x->tx_prod) {
		if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
		    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS &&
		    errno != EINTR)
			return -1;
		if (__atomic_load_n(x->tx.cons, __ATOMIC_ACQUIRE) == before)
			nanosleep(&xdp_nap, NULL);
	}
	xdp_reap(x);
	return 0;
}

/* A free frame: the ones the kernel has given back, else after a kick
 * (a real device gives frames back when it has sent them). */
static int
xdp_frame(struct inj_xdp *x)
{
	if (!x->nfree)
		xdp_reap(x);
	while (!x->nfree) {
		if (xdp_kick(x) < 0)
			return -1;
		if (!x->nfree)
			nanosleep(&xdp_nap, NULL);
	}
	return 0;
}

int
inj_xdp_send(struct inj_xdp *x, const struct iovec *iov, int n,
	     unsigned long long *sent, unsigned long long *bytes,
	     uint64_t *failmask)
{
	struct xdp_desc *d = x->tx.ent;
	int i;

	for (i = 0; i < n; i++) {
		uint32_t len = (uint32_t)iov[i].iov_len;
		struct xdp_desc *e;

		if (len > x->maxlen) {
			*failmask |= 1ULL << i;
			continue;
		}
		if (xdp_frame(x) < 0)
			return -1;
		e = &d[x->tx_prod & (x->nframes - 1)];
		e->addr = x->free[--x->nfree];
		e->len = len;
		e->options = 0;
		memcpy(x->umem + e->addr, iov[i].iov_base, len);
		x->tx_prod++;
		(*sent)++;
		*bytes += len;
	}
	return xdp_kick(x);
}

void
inj_xdp_close(struct inj_xdp *x)
{
	if (x->tx.map)
		munmap(x->tx.map, x->tx.maplen);
	if (x->cq.map)
		munmap(x->cq.map, x->cq.maplen);
	if (x->umem)
		munmap(x->umem, x->umem_len);
	free(x->free);
	if (x->fd >= 0)
		cli_close_later(x->fd);
	memset(x, 0, sizeof(*x));
	x->fd = -1;
}
