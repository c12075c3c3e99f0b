#define _GNU_SOURCE /* sendmmsg */
#include "tx.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cksum.h"
#include "../decode/cursor.h"

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

static int
tx_libnet(struct inj_tx *tx, const char *iface, char *errbuf)
{
	int inj = tx->mode == INJ_TX_DRY    ? LIBNET_NONE
		  : tx->mode == INJ_TX_LINK ? LIBNET_LINK
					    : tx->fam->raw;

	tx->l = inj_libnet_open(inj, tx->mode == INJ_TX_LINK ? iface : NULL,
				NULL, errbuf);
	return tx->l ? 0 : -1;
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
	int fd = libnet_getfd(tx->l);

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

int
inj_sock_send(struct inj_sock *k, struct iovec *iov, int n, char *errbuf)
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
			if (errno == EPERM || errno == EACCES) {
				if (k->who)
					cli_err(errbuf, "%s: send: %s", k->who,
						strerror(errno));
				else
					cli_err(errbuf,
						"send: %s (a firewall rule?)",
						strerror(errno));
				return -1;
			}
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

void
inj_tx_close(struct inj_tx *tx)
{
	if (tx->l)
		libnet_destroy(tx->l);
	free(tx->tmpl);
	tx->l = NULL;
	tx->tmpl = NULL;
}
