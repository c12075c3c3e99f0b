#define _GNU_SOURCE /* sendmmsg */
#include "tx.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../decode/cksum.h"
#include "../decode/cursor.h"
#include "../decode/fields.h"
#include "capt.h"

/* Where a TX ring frame's data starts (TPACKET_V2 without
 * PACKET_TX_HAS_OFF) and how much memory the ring takes. */
#define RING_DATA  TPACKET_ALIGN(sizeof(struct tpacket2_hdr))
#define RING_BYTES (1u << 20)

libnet_t *
inj_libnet_open(int inj, const char *iface, const char *who, char *errbuf)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	libnet_t *l = libnet_init(inj, iface, lerr);

	if (l)
		return l;
	if (strstr(lerr, "ermission") || strstr(lerr, "ermitted") ||
	    strstr(lerr, "CAP_NET_RAW"))
		cli_err(errbuf,
			"%s: permission denied; run as root or grant the "
			"capabilities: sudo setcap "
			"cap_net_raw,cap_net_admin=eip icmpkit",
			who ? who : "raw socket");
	else if (iface && strstr(lerr, " is down"))
		cli_err(errbuf,
			"%s: interface is down; bring it up (ip link set %s "
			"up)",
			iface, iface);
	else if (who)
		cli_err(errbuf, "%s: libnet: %s", who, lerr);
	else
		cli_err(errbuf, "libnet: %s", lerr);
	return NULL;
}

/* The raw IP socket libnet would open, without libnet_open_raw4()'s
 * growing of SO_SNDBUF 128 bytes at a time (6500 system calls, 1.4 ms
 * of every start). */
int
inj_raw_open(const struct inj_family *fam, char *errbuf)
{
	int fd = socket(fam->af, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	int one = 1, sz = 1 << 20;

	if (fd < 0) {
		if (errno == EPERM || errno == EACCES)
			cli_err(errbuf,
				"raw socket: permission denied; run as root or "
				"grant the capabilities: sudo setcap "
				"cap_net_raw,cap_net_admin=eip icmpkit");
		else
			cli_err(errbuf, "raw socket: %s", strerror(errno));
		return -1;
	}
	if (fam->af == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
	return fd;
}

/* libnet builds (LIBNET_NONE needs no socket); a raw socket of our own,
 * or libnet's packet socket with --link. */
static int
tx_libnet(struct inj_tx *tx, const char *iface, char *errbuf)
{
	int link = tx->mode == INJ_TX_LINK;

	tx->l = inj_libnet_open(link ? LIBNET_LINK : LIBNET_NONE,
				link ? iface : NULL, NULL, errbuf);
	if (!tx->l)
		return -1;
	if (tx->mode == INJ_TX_RAW) {
		tx->raw_fd = inj_raw_open(tx->fam, errbuf);
		return tx->raw_fd < 0 ? -1 : 0;
	}
	return 0;
}

/* The sequence number of a query or reply built from its fields goes up
 * per packet as a layout's does, from its value given by key (or --seq). */
static void
seq_field(struct inj_tx *tx)
{
	const struct inj_pkt *p = tx->pkt;
	int i;

	if (p->t->kind != INJ_FIELDS || !dec_query_kind(p->ver, p->t->type))
		return;
	tx->seqf = dec_field_find(p->ver, p->t->type, p->code, "seq");
	tx->seq0 = p->seq;
	for (i = 0; i < p->nsets; i++)
		if (p->sets[i].f == tx->seqf)
			tx->seq0 = p->sets[i].v;
}

/* Build with libnet once and keep the bytes. */
static int
tx_template(struct inj_tx *tx, char *errbuf)
{
	struct inj_tags tg = {0, 0, 0, 0, 0};
	const struct inj_pkt *p = tx->pkt;
	uint8_t *bytes = NULL;
	uint32_t n = 0;

	if (inj_build(tx->l, p, &tg, errbuf) < 0)
		return -1;
	if (libnet_pblock_coalesce(tx->l, &bytes, &n) < 0) {
		cli_err(errbuf, "build: %s", libnet_geterror(tx->l));
		return -1;
	}
	tx->tmpl = malloc(n);
	if (!tx->tmpl) {
		libnet_adv_free_packet(tx->l, bytes);
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	memcpy(tx->tmpl, bytes, n);
	libnet_adv_free_packet(tx->l, bytes);
	tx->tlen = n;
	tx->ip_off = p->link ? 14 : 0;
	tx->icmp_off = tx->ip_off + tx->fam->ip_hlen + inj_ext_len(p);
	tx->icmp_len = n - tx->icmp_off;
	tx->pseudo = tx->fam->pseudo(p->src, p->dst, (uint32_t)tx->icmp_len);
	/* libnet 1.1.6 writes the flow label's middle byte as fl & 0xff (its
	 * "fl & 0x0FF00 >> 8"): the label is written here instead. */
	if (p->ver == 6 && p->flow) {
		uint8_t *ip6 = tx->tmpl + tx->ip_off;

		ip6[1] = (uint8_t)((ip6[1] & 0xf0) | (p->flow >> 16 & 0x0f));
		ip6[2] = (uint8_t)(p->flow >> 8);
		ip6[3] = (uint8_t)p->flow;
	}
	/* libnet 1.1.6 takes the hop-by-hop header for the IPv6 header when
	 * it sums the ICMPv6 message and writes into its options: the header
	 * is written here again (the checksum is inj_tx_patch's). */
	if (inj_ext_len(p)) {
		static const uint8_t hbh[INJ_HBH_LEN] = {
			IPPROTO_ICMPV6, 0, 5, 2, 0, 0, 1, 0};

		memcpy(tx->tmpl + tx->ip_off + tx->fam->ip_hlen, hbh,
		       sizeof(hbh));
	}
	/* Fields given by key go over what the builder made. */
	inj_fields_apply(p, tx->tmpl + tx->icmp_off, tx->icmp_len);
	seq_field(tx);
	return 0;
}

void
inj_sock_link(struct inj_sock *k, int fd, const char *iface, int bypass)
{
	struct sockaddr_ll *ll = (struct sockaddr_ll *)&k->to;

	k->fd = fd;
	memset(&k->to, 0, sizeof(k->to));
	ll->sll_family = AF_PACKET;
	ll->sll_ifindex = (int)if_nametoindex(iface);
	ll->sll_protocol = htons(ETH_P_ALL);
	k->tolen = sizeof(*ll);
	if (bypass) {
		int one = 1;

		setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			   sizeof(one));
	}
}

static int
tx_dest(struct inj_tx *tx, const char *iface, int flood, char *errbuf)
{
	const struct inj_pkt *p = tx->pkt;
	int fd = tx->mode == INJ_TX_RAW ? tx->raw_fd : libnet_getfd(tx->l);

	if (tx->mode == INJ_TX_LINK) {
		inj_sock_link(&tx->sk, fd, iface, flood);
		return 0;
	}
	tx->sk.fd = fd;
	tx->sk.tolen = tx->fam->sockaddr(&tx->sk.to, p->dst, p->scope);
	/* A raw IP socket routes by itself; -I pins it to the interface. */
	if (iface && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface,
				(socklen_t)strlen(iface)) < 0) {
		cli_err(errbuf, "-I %s: %s", iface, strerror(errno));
		return -1;
	}
	return 0;
}

int
inj_tx_open(struct inj_tx *tx, const struct inj_pkt *p, int mode,
	    const char *iface, int flood, char *errbuf)
{
	memset(tx, 0, sizeof(*tx));
	tx->sk.fd = -1;
	tx->raw_fd = -1;
	tx->mode = mode;
	tx->pkt = p;
	tx->fam = inj_family(p->ver);
	if (tx_libnet(tx, iface, errbuf) < 0 || tx_template(tx, errbuf) < 0)
		return -1;
	if (mode != INJ_TX_DRY && tx_dest(tx, iface, flood, errbuf) < 0)
		return -1;
	return 0;
}

void
inj_tx_patch(const struct inj_tx *tx, uint8_t *b, unsigned long long k,
	     const struct timespec *now)
{
	const struct inj_pkt *p = tx->pkt;
	uint8_t *ic = b + tx->icmp_off;
	int kind = p->t->kind;

	memcpy(b, tx->tmpl, tx->tlen);
	if (kind == INJ_ECHO || kind == INJ_TIMESTAMP || kind == INJ_MASK)
		wr_be16(ic + 6, (uint16_t)(p->seq + k));
	else if (tx->seqf)
		dec_field_put(tx->seqf, ic, tx->icmp_len,
			      tx->seq0 + (uint32_t)k);
	if (kind == INJ_TIMESTAMP && !p->ts_given) {
		/* Originate: milliseconds since midnight UTC (RFC 792). */
		uint32_t ms = (uint32_t)((now->tv_sec % 86400) * 1000 +
					 now->tv_nsec / 1000000);

		wr_be32(ic + 8, ms);
		if (p->t->type == 14) { /* a reply: received and sent now */
			wr_be32(ic + 12, ms);
			wr_be32(ic + 16, ms);
		}
	}
	if (p->stamp && kind == INJ_ECHO && p->payload_len >= 16) {
		/* As ping: a struct timeval in host order. */
		int64_t tv[2] = {now->tv_sec, now->tv_nsec / 1000};

		memcpy(ic + 8, tv, sizeof(tv));
	}
	wr_be16(ic + 2, 0);
	wr_be16(ic + 2, ck_fold(ck_add(tx->pseudo, ic, tx->icmp_len)));
	if (p->cksum_given && !p->cksum_bad &&
	    (rd_be16(ic + 2) ^ p->cksum_val) == 0xffff &&
	    (p->cksum_val == 0 || p->cksum_val == 0xffff))
		wr_be16(ic + 2, p->cksum_val);
	if (p->cksum_bad) /* on purpose; never the right one */
		wr_be16(ic + 2, p->cksum_val != rd_be16(ic + 2)
					? p->cksum_val
					: (uint16_t)(rd_be16(ic + 2) ^ 1));
	if (tx->fam->ip_sum) {
		uint8_t *ip = b + tx->ip_off;

		wr_be16(ip + 4, (uint16_t)(p->ip_id + k));
		wr_be16(ip + 10, 0);
		wr_be16(ip + 10, ck_fold(ck_add(0, ip, 20)));
	}
}

static int
send_denied(const struct inj_sock *k, char *errbuf)
{
	if (k->who)
		cli_err(errbuf, "%s: send: %s", k->who, strerror(errno));
	else
		cli_err(errbuf, "send: %s (a firewall rule?)", strerror(errno));
	return -1;
}

static int
mmsg_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf)
{
	struct mmsghdr msgs[INJ_BATCH];
	int i, done = 0;

	k->failmask = 0;
	for (i = 0; i < n; i++) {
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_name = &k->to;
		msgs[i].msg_hdr.msg_namelen = k->tolen;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while (done < n) {
		int r = sendmmsg(k->fd, msgs + done, (unsigned)(n - done), 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPERM || errno == EACCES)
				return send_denied(k, errbuf);
			/* This one failed (no buffer space, unreachable):
			 * count it and go on with the rest. */
			k->last_errno = errno;
			k->failed++;
			k->failmask |= 1ULL << done;
			done++;
			continue;
		}
		for (i = done; i < done + r; i++)
			k->bytes += iov[i].iov_len;
		k->sent += (unsigned long long)r;
		done += r;
	}
	return 0;
}

static const char *const eng_names[] = {
	[INJ_ENG_AUTO] = "auto",
	[INJ_ENG_RING] = "ring",
	[INJ_ENG_MMSG] = "mmsg",
	[INJ_ENG_XDP] = "xdp",
};

int
inj_engine_parse(const char *s, int *engine, char *errbuf)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, eng_names[i])) {
			*engine = i;
			return 0;
		}
	cli_err(errbuf, "--engine '%s': not one of auto, xdp, ring, mmsg", s);
	return -1;
}

const char *
inj_engine_name(const struct inj_sock *k)
{
	return k->engine == INJ_ENG_RING || k->engine == INJ_ENG_XDP
		       ? eng_names[k->engine]
		       : "mmsg";
}

/* The interface's MTU (1500 when it cannot be asked). */
static int
if_mtu(const char *iface)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), mtu = 1500;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (fd >= 0 && ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
		mtu = ifr.ifr_mtu;
	if (fd >= 0)
		close(fd);
	return mtu;
}

/* The frame size: the largest frame the interface takes (its MTU, an
 * Ethernet header and a VLAN tag) after the frame's header, a power of
 * two. */
static unsigned
ring_frame(const char *iface)
{
	unsigned f = 2048, mtu = (unsigned)if_mtu(iface);

	while (f < RING_DATA + mtu + 18 && f < (1u << 20))
		f <<= 1;
	return f;
}

/* A packet socket of our own with a TX ring; k->to (from inj_sock_link)
 * says where its frames go. */
static int
ring_socket(struct inj_sock *k, const char *iface, int bypass, char *errbuf)
{
	struct inj_ring *r = &k->ring;
	struct tpacket_req req;
	int fd, v = TPACKET_V2, one = 1;
	unsigned block;

	r->frame = ring_frame(iface);
	block = r->frame > 65536 ? r->frame : 65536;
	memset(&req, 0, sizeof(req));
	req.tp_block_size = block;
	req.tp_block_nr = RING_BYTES > block ? RING_BYTES / block : 1;
	req.tp_frame_size = r->frame;
	req.tp_frame_nr = block / r->frame * req.tp_block_nr;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* With a virtio-net header that says the whole frame is header,
	 * the kernel copies each frame into the socket buffer instead of
	 * pointing at the ring's page, which a veth (or any device that
	 * hands the buffer on) would copy again into a fresh page. */
	r->vnet = setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one,
			     sizeof(one)) == 0;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0 ||
	    (bypass && setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
				  sizeof(one)) < 0) ||
	    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0)
		goto fail;
	r->size = (size_t)block * req.tp_block_nr;
	r->map = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		goto fail;
	}
	r->nframes = req.tp_frame_nr;
	r->head = 0;
	k->fd = fd;
	k->engine = INJ_ENG_RING;
	return 0;
fail:
	cli_err(errbuf, "%s: no TX ring: %s", iface, strerror(errno));
	if (fd >= 0)
		cli_close_later(fd);
	return -1;
}

/* k on an AF_XDP socket of iface. */
static int
xdp_socket(struct inj_sock *k, const char *iface, char *errbuf)
{
	if (inj_xdp_open(&k->xdp, iface, if_mtu(iface), errbuf) < 0)
		return -1;
	k->fd = k->xdp.fd;
	k->engine = INJ_ENG_XDP;
	return 0;
}

/* k on the engine of its own that engine (not mmsg) asks for: xdp or
 * ring; auto tries xdp where the qdisc may be bypassed, then the ring.
 * errbuf says why the last one tried could not be set up. */
static int
sock_own_engine(struct inj_sock *k, const char *iface, int engine, int bypass,
		char *errbuf)
{
	if ((engine == INJ_ENG_XDP || (engine == INJ_ENG_AUTO && bypass)) &&
	    xdp_socket(k, iface, errbuf) == 0)
		return 0;
	if (engine == INJ_ENG_XDP)
		return -1;
	return ring_socket(k, iface, bypass, errbuf);
}

int
inj_sock_engine(struct inj_sock *k, const char *iface, int engine, int longrun,
		int bypass, char *errbuf)
{
	char why[CLI_ERRBUF];

	k->engine = INJ_ENG_MMSG;
	if (engine == INJ_ENG_MMSG || (engine == INJ_ENG_AUTO && !longrun) ||
	    sock_own_engine(k, iface, engine, bypass, why) == 0 ||
	    engine == INJ_ENG_AUTO)
		return 0;
	cli_err(errbuf, "--engine %s: %s", eng_names[engine], why);
	return -1;
}

/* Hand the frames marked for sending to the kernel; blocking, the call
 * also waits until the frames in flight are back.  0 when it took them,
 * 1 when it refused them (k->last_errno), -1 on a lack of permission. */
static int
ring_kick(struct inj_sock *k, int flags, char *errbuf)
{
	for (;;) {
		if (sendto(k->fd, NULL, 0, flags, (struct sockaddr *)&k->to,
			   k->tolen) >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno == EPERM || errno == EACCES)
			return send_denied(k, errbuf);
		k->last_errno = errno;
		return 1;
	}
}

/* Wait until frame h is free.  A frame the kernel refused (bad format,
 * or a send that keeps failing) is taken back and counted as failed. */
static int
ring_wait(struct inj_sock *k, struct tpacket2_hdr *h, char *errbuf)
{
	unsigned st;
	int rc;

	while ((st = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE)) !=
	       TP_STATUS_AVAILABLE) {
		if (!(st & TP_STATUS_WRONG_FORMAT)) {
			rc = ring_kick(k, 0, errbuf);
			if (rc < 0)
				return -1;
			if (rc == 0 || st != TP_STATUS_SEND_REQUEST)
				continue;
		} else {
			k->last_errno = EINVAL;
		}
		k->sent--;
		k->failed++;
		__atomic_store_n(&h->tp_status, TP_STATUS_AVAILABLE,
				 __ATOMIC_RELEASE);
	}
	return 0;
}

static int
ring_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf)
{
	struct inj_ring *r = &k->ring;
	int i;

	k->failmask = 0;
	for (i = 0; i < n; i++) {
		struct tpacket2_hdr *h =
			(struct tpacket2_hdr *)(r->map +
						(size_t)r->head * r->frame);

		uint8_t *d = (uint8_t *)h + RING_DATA;
		size_t vh = r->vnet ? sizeof(struct virtio_net_hdr) : 0;

		if (iov[i].iov_len + vh > r->frame - RING_DATA) {
			k->failed++;
			k->failmask |= 1ULL << i;
			k->last_errno = EMSGSIZE;
			continue;
		}
		if (ring_wait(k, h, errbuf) < 0)
			return -1;
		if (vh) {
			struct virtio_net_hdr v;

			memset(&v, 0, sizeof(v));
			v.gso_type = VIRTIO_NET_HDR_GSO_NONE;
			v.hdr_len = (uint16_t)iov[i].iov_len;
			memcpy(d, &v, sizeof(v));
		}
		memcpy(d + vh, iov[i].iov_base, iov[i].iov_len);
		h->tp_len = (uint32_t)(iov[i].iov_len + vh);
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
				 __ATOMIC_RELEASE);
		r->head = (r->head + 1) % r->nframes;
		k->sent++;
		k->bytes += iov[i].iov_len;
	}
	/* Without waiting: the kernel hands every marked frame to the
	 * driver within the call (only their release can come later), so
	 * nothing is left behind at exit; a refusal leaves them marked, and
	 * ring_wait() retries them or counts them as failed. */
	return ring_kick(k, MSG_DONTWAIT, errbuf) < 0 ? -1 : 0;
}

/* The frames through the AF_XDP socket; one longer than its frames is
 * counted as failed. */
static int
xdp_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf)
{
	uint64_t m;

	k->failmask = 0;
	if (inj_xdp_send(&k->xdp, iov, n, &k->sent, &k->bytes, &k->failmask) <
	    0) {
		if (errno == EPERM || errno == EACCES)
			return send_denied(k, errbuf);
		cli_err(errbuf, "%s: send: %s", k->who ? k->who : "AF_XDP",
			strerror(errno));
		return -1;
	}
	for (m = k->failmask; m; m &= m - 1) {
		k->failed++;
		k->last_errno = EMSGSIZE;
	}
	return 0;
}

int
inj_sock_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf)
{
	if (k->engine == INJ_ENG_XDP)
		return xdp_send(k, iov, n, errbuf);
	return k->engine == INJ_ENG_RING ? ring_send(k, iov, n, errbuf)
					 : mmsg_send(k, iov, n, errbuf);
}

void
inj_sock_close(struct inj_sock *k)
{
	if (k->engine == INJ_ENG_XDP) {
		inj_xdp_close(&k->xdp);
		k->fd = -1;
		k->engine = INJ_ENG_MMSG;
	} else if (k->engine == INJ_ENG_RING) {
		if (k->ring.map)
			munmap(k->ring.map, k->ring.size);
		k->ring.map = NULL;
		if (k->fd >= 0)
			cli_close_later(k->fd);
		k->fd = -1;
		k->engine = INJ_ENG_MMSG;
	} else if (k->fd >= 0 && k->to.ss_family == AF_PACKET) {
		/* libnet's packet socket: its close by libnet_destroy() is
		 * then not the last one, which would wait. */
		int d = dup(k->fd);

		if (d >= 0)
			cli_close_later(d);
	}
}

int
inj_tx_send(struct inj_tx *tx, uint8_t *bufs, int n, char *errbuf)
{
	struct iovec iov[INJ_BATCH];
	int i;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = bufs + (size_t)i * tx->tlen;
		iov[i].iov_len = tx->tlen;
	}
	return inj_sock_send(&tx->sk, iov, n, errbuf);
}

/* The interface the raw socket's packets leave by, when it is Ethernet
 * and they fit its MTU as frames. */
static int
tx_route_link(const struct inj_tx *tx, const char *iface, char *name,
	      char *errbuf)
{
	struct ifreq ifr;
	int fd, ok;

	if (iface)
		snprintf(name, IF_NAMESIZE, "%s", iface);
	else if (inj_route_iface(tx->pkt->ver, tx->pkt->dst, name, errbuf) < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ok = fd >= 0 && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 &&
	     ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER &&
	     ioctl(fd, SIOCGIFMTU, &ifr) == 0 &&
	     tx->tlen <= (uint32_t)ifr.ifr_mtu;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		cli_err(errbuf,
			"%s: not an Ethernet interface, or the packet exceeds "
			"its MTU; give --link or --engine mmsg",
			name);
		return -1;
	}
	return 0;
}

/* The packet as a link frame for name: the MACs of the interface and of
 * the next hop (its neighbour entry). */
static int
tx_link_pkt(struct inj_tx *tx, const char *name, char *errbuf)
{
	struct inj_pkt *lp = &tx->lpkt;

	*lp = *tx->pkt;
	lp->link = 1;
	if (inj_ifmac(name, lp->src_mac, errbuf) < 0 ||
	    inj_neigh(lp->ver, lp->dst, name, lp->dst_mac, errbuf) < 0)
		return -1;
	return 0;
}

/* The raw socket's packets sent as frames (built again by libnet)
 * through an engine of its own (xdp or ring) on the route's interface;
 * the raw socket stays open, unused. */
static int
tx_raw_link(struct inj_tx *tx, const char *iface, int engine, int bypass,
	    char *errbuf)
{
	char name[IF_NAMESIZE];
	struct inj_sock k;

	memset(&k, 0, sizeof(k));
	if (tx_route_link(tx, iface, name, errbuf) < 0 ||
	    tx_link_pkt(tx, name, errbuf) < 0)
		return -1;
	inj_sock_link(&k, -1, name, 0);
	k.who = tx->sk.who;
	if (sock_own_engine(&k, name, engine, bypass, errbuf) < 0)
		return -1;
	libnet_clear_packet(tx->l);
	free(tx->tmpl);
	tx->tmpl = NULL;
	tx->pkt = &tx->lpkt;
	if (tx_template(tx, errbuf) < 0) {
		inj_sock_close(&k);
		return -2; /* the raw socket's template is gone too */
	}
	tx->sk = k;
	return 0;
}

int
inj_tx_engine(struct inj_tx *tx, const char *iface, int engine, int longrun,
	      int bypass, char *errbuf)
{
	char why[CLI_ERRBUF];
	int r;

	tx->sk.engine = INJ_ENG_MMSG;
	if (tx->mode == INJ_TX_DRY || engine == INJ_ENG_MMSG ||
	    (engine == INJ_ENG_AUTO && !longrun))
		return 0;
	if (tx->mode == INJ_TX_LINK)
		return inj_sock_engine(&tx->sk, iface, engine, longrun, bypass,
				       errbuf);
	r = tx_raw_link(tx, iface, engine, bypass, why);
	if (r == 0 || (r == -1 && engine == INJ_ENG_AUTO))
		return 0;
	cli_err(errbuf, "--engine %s: %s", eng_names[engine], why);
	return -1;
}

void
inj_tx_close(struct inj_tx *tx)
{
	inj_sock_close(&tx->sk);
	if (tx->l)
		libnet_destroy(tx->l);
	if (tx->raw_fd >= 0)
		close(tx->raw_fd);
	tx->raw_fd = -1;
	free(tx->tmpl);
	tx->l = NULL;
	tx->tmpl = NULL;
}
