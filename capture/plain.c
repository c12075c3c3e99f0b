/* sniff's plain packet socket for short runs (plain.h). */
#include "plain.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../decode/cursor.h"

/* What libpcap would hand over as DLT_EN10MB from this link, and the
 * link is up (else libpcap's handle says what is wrong). */
static int
plain_link(struct plain *c, const char *iface)
{
	struct ifreq ifr;
	int fam;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (ioctl(c->fd, SIOCGIFHWADDR, &ifr) < 0)
		return 0;
	fam = ifr.ifr_hwaddr.sa_family;
	c->loopback = fam == ARPHRD_LOOPBACK;
	if (fam != ARPHRD_ETHER && !c->loopback)
		return 0;
	return ioctl(c->fd, SIOCGIFFLAGS, &ifr) == 0 &&
	       (ifr.ifr_flags & IFF_UP);
}

int
plain_open(struct plain *c, const char *iface, unsigned snaplen, int promisc,
	   char *errbuf)
{
	int one = 1;
	struct packet_mreq mr;

	c->fd = -1;
	c->snaplen = snaplen;
	c->recv = c->drop = 0;
	memset(&c->prog, 0, sizeof(c->prog));
	if (strlen(iface) >= IF_NAMESIZE || !strcmp(iface, "any"))
		return 1;
	c->ifindex = (int)if_nametoindex(iface);
	/* Protocol 0: no packet comes before the filter and the bind. */
	c->fd = c->ifindex ? socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0) : -1;
	if (c->fd < 0 || !plain_link(c, iface))
		goto other;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = c->ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if ((promisc && !c->loopback &&
	     setsockopt(c->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
			sizeof(mr)) < 0) ||
	    setsockopt(c->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) <
		    0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) <
		    0) {
		cli_err(errbuf, "%s: packet socket: %s", iface,
			strerror(errno));
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
other:
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	return 1;
}

int
plain_start(struct plain *c, const struct bpf_program *prog, char *errbuf)
{
	struct sock_fprog fp = {.len = (unsigned short)prog->bf_len};
	struct sockaddr_ll sl;
	size_t n = prog->bf_len * sizeof(*prog->bf_insns);

	/* Kept: a frame whose VLAN tag is put back is filtered again. */
	c->prog.bf_insns = malloc(n ? n : 1);
	if (!c->prog.bf_insns) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	memcpy(c->prog.bf_insns, prog->bf_insns, n);
	c->prog.bf_len = prog->bf_len;
	fp.filter = (struct sock_filter *)c->prog.bf_insns;
	memset(&sl, 0, sizeof(sl));
	sl.sll_family = AF_PACKET;
	sl.sll_protocol = htons(ETH_P_ALL);
	sl.sll_ifindex = c->ifindex;
	if (setsockopt(c->fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)) <
		    0 ||
	    bind(c->fd, (struct sockaddr *)&sl, sizeof(sl)) < 0) {
		cli_err(errbuf, "packet socket: filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The tag the driver took off, back after the two MAC addresses (the
 * frame starts 4 bytes into buf, so there is room); 1 when put back. */
static int
plain_vlan(const struct tpacket_auxdata *a, uint8_t *buf, size_t *len)
{
	uint16_t tpid = a->tp_status & TP_STATUS_VLAN_TPID_VALID
				? a->tp_vlan_tpid
				: ETH_P_8021Q;

	if ((!a->tp_vlan_tci && !(a->tp_status & TP_STATUS_VLAN_VALID)) ||
	    *len < 12)
		return 0;
	memmove(buf, buf + 4, 12);
	wr_be16(buf + 12, tpid);
	wr_be16(buf + 14, a->tp_vlan_tci);
	*len += 4;
	return 1;
}

/* One frame off the socket: 1 with h filled and *data set, 0 when none
 * is waiting (or it is one to leave out), -1 on an error. */
static int
plain_one(struct plain *c, struct pcap_pkthdr *h, const uint8_t **data)
{
	union {
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata)) +
		       CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} cb;
	struct tpacket_auxdata aux;
	struct sockaddr_ll from;
	struct iovec iov = {c->buf + 4, sizeof(c->buf) - 4};
	struct msghdr m = {.msg_name = &from,
			   .msg_namelen = sizeof(from),
			   .msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = cb.b,
			   .msg_controllen = sizeof(cb.b)};
	struct cmsghdr *cm;
	struct timespec ts = {0, 0};
	ssize_t got = recvmsg(c->fd, &m, MSG_DONTWAIT | MSG_TRUNC);
	size_t cap;
	int tagged;

	if (got < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	/* libpcap leaves out loopback's outgoing copies (each packet would
	 * be seen twice). */
	if (c->loopback && from.sll_pkttype == PACKET_OUTGOING)
		return 2;
	memset(&aux, 0, sizeof(aux));
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == SOL_PACKET &&
		    cm->cmsg_type == PACKET_AUXDATA)
			memcpy(&aux, CMSG_DATA(cm), sizeof(aux));
		else if (cm->cmsg_level == SOL_SOCKET &&
			 cm->cmsg_type == SCM_TIMESTAMPNS)
			memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
	if (!ts.tv_sec)
		clock_gettime(CLOCK_REALTIME, &ts);
	h->len = (bpf_u_int32)got;
	cap = (size_t)got < iov.iov_len ? (size_t)got : iov.iov_len;
	tagged = plain_vlan(&aux, c->buf, &cap);
	h->len += tagged ? 4 : 0;
	*data = tagged ? c->buf : c->buf + 4;
	h->caplen = (bpf_u_int32)(cap < c->snaplen ? cap : c->snaplen);
	h->ts.tv_sec = ts.tv_sec;
	h->ts.tv_usec = ts.tv_nsec; /* nanoseconds, as the handle's */
	if (tagged && !pcap_offline_filter(&c->prog, h, *data))
		return 2;
	return 1;
}

int
plain_dispatch(struct plain *c, int timeout_ms, pcap_handler cb, u_char *user,
	       char *errbuf)
{
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
	struct pcap_pkthdr h;
	const uint8_t *data;
	int n = 0, r, i;

	if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR) {
		cli_err(errbuf, "poll: %s", strerror(errno));
		return -1;
	}
	/* At most a batch, as pcap_dispatch() hands over at most a ring's
	 * worth: the caller looks at its signals in between. */
	for (i = 0; i < 64; i++) {
		r = plain_one(c, &h, &data);
		if (r < 0) {
			cli_err(errbuf, "packet socket: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		if (r == 1) {
			cb(user, &h, data);
			n++;
		}
	}
	return n;
}

void
plain_stats(struct plain *c, struct pcap_stat *st)
{
	struct tpacket_stats t;
	socklen_t n = sizeof(t);

	if (getsockopt(c->fd, SOL_PACKET, PACKET_STATISTICS, &t, &n) == 0) {
		/* tp_packets counts the dropped ones too. */
		c->recv += t.tp_packets;
		c->drop += t.tp_drops;
	}
	memset(st, 0, sizeof(*st));
	st->ps_recv = c->recv;
	st->ps_drop = c->drop;
}

void
plain_close(struct plain *c)
{
	free(c->prog.bf_insns);
	c->prog.bf_insns = NULL;
	if (c->fd >= 0)
		cli_close_later(c->fd);
	c->fd = -1;
}
