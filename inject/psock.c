/* ping's kernel socket (psock.h). */
#include "psock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
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
ps_local_errors(int fd, int ver, struct ps_err *e, int n)
{
	const struct inj_family *f = inj_family(ver);
	int got = 0;

	while (got < n) {
		union {
			char buf[CMSG_SPACE(sizeof(struct sock_extended_err) +
					    sizeof(struct sockaddr_storage))];
			struct cmsghdr align;
		} c;
		uint8_t data[64];
		struct iovec iov = {data, sizeof(data)};
		struct msghdr m = {.msg_iov = &iov,
				   .msg_iovlen = 1,
				   .msg_control = c.buf,
				   .msg_controllen = sizeof(c.buf)};
		struct cmsghdr *cm;

		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			break;
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			struct sock_extended_err ee;

			if (cm->cmsg_level != f->sol ||
			    cm->cmsg_type != f->opt_recverr)
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			if (ee.ee_origin != SO_EE_ORIGIN_LOCAL)
				continue;
			e[got].err = (int)ee.ee_errno;
			e[got].mtu = ee.ee_info;
			got++;
			break;
		}
	}
	return got;
}
