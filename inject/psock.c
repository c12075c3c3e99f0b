/* ping's kernel socket (psock.h). */
#include "psock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <time.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "family.h"

int
ps_mode(const char *word)
{
	static const char *const names[] = {[PS_WANT] = "want",
					    [PS_DO] = "do",
					    [PS_DONT] = "dont",
					    [PS_PROBE] = "probe"};
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

/* The options of the IP layer; a failure names the option. */
static int
ps_options(int fd, const struct inj_family *f, const struct inj_pkt *p,
	   int pmtu, char *errbuf)
{
	int one = 1, ttl = p->ttl, tos = p->tos, mode = f->pmtu[pmtu];
	const struct {
		int opt;
		const int *val;
		const char *what;
	} o[] = {
		{f->opt_mtu, &mode, "-M"}, {f->opt_recverr, &one, "IP_RECVERR"},
		{f->opt_ttl, &ttl, "-t"},  {f->opt_mttl, &ttl, "-t"},
		{f->opt_tos, &tos, "-Q"},
	};
	size_t i;

	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		if (setsockopt(fd, f->sol, o[i].opt, o[i].val, sizeof(int)) <
		    0) {
			cli_err(errbuf, "%s: setsockopt: %s", o[i].what,
				strerror(errno));
			return -1;
		}
	return 0;
}

static int
ps_bind(int fd, const struct inj_family *f, const struct inj_pkt *p,
	const char *iface, char *errbuf)
{
	struct sockaddr_storage sa;
	socklen_t n = f->sockaddr(&sa, p->src, p->scope);
	char a[64];

	if (iface && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface,
				(socklen_t)strlen(iface)) < 0) {
		cli_err(errbuf, "-I %s: %s", iface, strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, n) < 0) {
		inet_ntop(f->af, p->src, a, sizeof(a));
		cli_err(errbuf, "source %s: bind: %s", a, strerror(errno));
		return -1;
	}
	return 0;
}

int
ps_open(struct inj_sock *k, const struct inj_pkt *p, int pmtu, int bcast,
	const char *iface, char *errbuf)
{
	const struct inj_family *f = inj_family(p->ver);

	memset(k, 0, sizeof(*k));
	k->fd = socket(f->af, SOCK_RAW | SOCK_CLOEXEC, f->proto);
	if (k->fd < 0) {
		if (errno == EPERM || errno == EACCES)
			cli_err(errbuf,
				"raw socket: permission denied; run as root "
				"or grant the capabilities: sudo setcap "
				"cap_net_raw,cap_net_admin=eip icmpkit");
		else
			cli_err(errbuf, "raw socket: %s", strerror(errno));
		return -1;
	}
	f->block_rx(k->fd);
	if (bcast)
		setsockopt(k->fd, SOL_SOCKET, SO_BROADCAST, &bcast,
			   sizeof(bcast));
	if (ps_options(k->fd, f, p, pmtu, errbuf) < 0 ||
	    ps_bind(k->fd, f, p, iface, errbuf) < 0) {
		close(k->fd);
		k->fd = -1;
		return -1;
	}
	k->tolen = f->sockaddr(&k->to, p->dst, p->scope);
	return 0;
}

int
ps_fast_open(struct inj_sock *k, const struct inj_pkt *p, const char *iface)
{
	const struct inj_family *f = inj_family(p->ver);
	char why[CLI_ERRBUF];
	int mtu = 0;
	socklen_t n = sizeof(mtu);

	memset(k, 0, sizeof(*k));
	k->fd = inj_raw_open(f, why);
	if (k->fd < 0)
		return -1;
	k->tolen = f->sockaddr(&k->to, p->dst, p->scope);
	if ((iface && setsockopt(k->fd, SOL_SOCKET, SO_BINDTODEVICE, iface,
				 (socklen_t)strlen(iface)) < 0) ||
	    connect(k->fd, (struct sockaddr *)&k->to, k->tolen) < 0 ||
	    getsockopt(k->fd, f->sol, f->opt_pathmtu, &mtu, &n) < 0 ||
	    mtu <= 0) {
		close(k->fd);
		k->fd = -1;
		return -1;
	}
	return mtu;
}

/* An address of the family out of a sockaddr the kernel filled. */
static void
ps_addr(const struct sockaddr_storage *sa, uint8_t out[16])
{
	memset(out, 0, 16);
	if (sa->ss_family == AF_INET)
		memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	else if (sa->ss_family == AF_INET6)
		memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
}

static int64_t
ps_ts(const struct cmsghdr *cm)
{
	struct scm_timestamping t;

	memcpy(&t, CMSG_DATA(cm), sizeof(t));
	return (int64_t)t.ts[0].tv_sec * 1000000000 + t.ts[0].tv_nsec;
}

/* The error cmsg of an error queue message into e. */
static void
ps_qerr(const struct cmsghdr *cm, struct ps_qent *e)
{
	struct sock_extended_err ee;
	struct sockaddr_storage off;
	size_t room = cm->cmsg_len - CMSG_LEN(sizeof(ee));

	memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
	memset(&off, 0, sizeof(off));
	memcpy(&off, CMSG_DATA(cm) + sizeof(ee),
	       room < sizeof(off) ? room : sizeof(off));
	e->err = (int)ee.ee_errno;
	e->info = ee.ee_info;
	e->type = ee.ee_type;
	e->code = ee.ee_code;
	e->key = ee.ee_data;
	ps_addr(&off, e->from);
	e->kind = ee.ee_origin == SO_EE_ORIGIN_LOCAL	      ? PS_Q_LOCAL
		  : ee.ee_origin == SO_EE_ORIGIN_TIMESTAMPING ? PS_Q_STAMP
							      : PS_Q_ICMP;
}

int
ps_errq_next(int fd, int ver, struct ps_qent *e)
{
	const struct inj_family *f = inj_family(ver);
	union {
		char buf[512];
		struct cmsghdr align;
	} c;
	struct iovec iov = {e->msg, sizeof(e->msg)};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = c.buf,
			   .msg_controllen = sizeof(c.buf)};
	struct cmsghdr *cm;
	ssize_t n;

	for (;;) {
		memset(e, 0, offsetof(struct ps_qent, msg));
		m.msg_controllen = sizeof(c.buf);
		n = recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT);
		if (n < 0)
			return 0;
		e->len = (size_t)n;
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			if (cm->cmsg_level == f->sol &&
			    cm->cmsg_type == f->opt_recverr)
				ps_qerr(cm, e);
			else if (cm->cmsg_level == SOL_SOCKET &&
				 cm->cmsg_type == SCM_TIMESTAMPING)
				e->ts_ns = ps_ts(cm);
		}
		if (e->kind)
			return 1;
	}
}

int
ps_can_raw(void)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int
ps_dgram_socket(const struct inj_family *f, char *errbuf)
{
	int fd = socket(f->af, SOCK_DGRAM | SOCK_CLOEXEC, f->proto);

	if (fd >= 0)
		return fd;
	if (errno == EACCES || errno == EPERM)
		cli_err(errbuf,
			"ICMP datagram socket: permission denied (group %u is "
			"outside net.ipv4.ping_group_range); allow it: sudo "
			"sysctl -w net.ipv4.ping_group_range='0 2147483647', "
			"or grant raw sockets: sudo setcap "
			"cap_net_raw,cap_net_admin=eip icmpkit",
			(unsigned)getgid());
	else
		cli_err(errbuf, "ICMP datagram socket: %s", strerror(errno));
	return -1;
}

int
ps_dgram_open(struct inj_sock *k, const struct inj_pkt *p, int pmtu, int bcast,
	      const char *iface, uint16_t *id, char *errbuf)
{
	const struct inj_family *f = inj_family(p->ver);
	int one = 1, ts = SOF_TIMESTAMPING_TX_SOFTWARE |
			  SOF_TIMESTAMPING_RX_SOFTWARE |
			  SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID |
			  SOF_TIMESTAMPING_OPT_TSONLY;
	struct sockaddr_storage sa;
	socklen_t n = sizeof(sa);

	memset(k, 0, sizeof(*k));
	k->fd = ps_dgram_socket(f, errbuf);
	if (k->fd < 0)
		return -1;
	if (bcast) /* a datagram socket needs it as a raw one does */
		setsockopt(k->fd, SOL_SOCKET, SO_BROADCAST, &bcast,
			   sizeof(bcast));
	if (ps_options(k->fd, f, p, pmtu, errbuf) < 0 ||
	    ps_bind(k->fd, f, p, iface, errbuf) < 0)
		goto fail;
	if (setsockopt(k->fd, SOL_SOCKET, SO_TIMESTAMPING, &ts, sizeof(ts)) <
		    0 ||
	    setsockopt(k->fd, f->sol, f->opt_recvttl, &one, sizeof(one)) < 0) {
		cli_err(errbuf, "ICMP datagram socket: timestamps: %s",
			strerror(errno));
		goto fail;
	}
	/* The kernel put its identifier in the port of the bound address. */
	getsockname(k->fd, (struct sockaddr *)&sa, &n);
	*id = ntohs(sa.ss_family == AF_INET6
			    ? ((struct sockaddr_in6 *)&sa)->sin6_port
			    : ((struct sockaddr_in *)&sa)->sin_port);
	k->tolen = f->sockaddr(&k->to, p->dst, p->scope);
	k->who = "ICMP datagram socket";
	return 0;
fail:
	close(k->fd);
	k->fd = -1;
	return -1;
}

int
ps_dgram_recv(int fd, int ver, uint8_t *buf, size_t n, struct ps_rx *r)
{
	const struct inj_family *f = inj_family(ver);
	union {
		char buf[256];
		struct cmsghdr align;
	} c;
	struct sockaddr_storage from;
	struct iovec iov = {buf, n};
	struct msghdr m = {.msg_name = &from,
			   .msg_namelen = sizeof(from),
			   .msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = c.buf,
			   .msg_controllen = sizeof(c.buf)};
	struct cmsghdr *cm;
	ssize_t got = recvmsg(fd, &m, MSG_DONTWAIT);
	int ttl;

	if (got < 0)
		return 0;
	memset(r, 0, sizeof(*r));
	r->len = (size_t)got;
	ps_addr(&from, r->src);
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
		if (cm->cmsg_level == f->sol && cm->cmsg_type == f->cmsg_ttl) {
			memcpy(&ttl, CMSG_DATA(cm), sizeof(ttl));
			r->ttl = (uint8_t)ttl;
		} else if (cm->cmsg_level == SOL_SOCKET &&
			   cm->cmsg_type == SCM_TIMESTAMPING) {
			r->ts_ns = ps_ts(cm);
		}
	}
	return 1;
}
