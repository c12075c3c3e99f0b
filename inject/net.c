/* Addresses, routes and neighbours: getaddrinfo for names, a connected
 * UDP socket for the source address the kernel would choose (nothing is
 * sent), rtnetlink (libmnl) for the next hop and its MAC. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "inj.h"

int
inj_resolve(const char *host, int *ver, uint8_t addr[16], char *errbuf)
{
	return inj_resolve_scope(host, ver, addr, NULL, errbuf);
}

int
inj_resolve_scope(const char *host, int *ver, uint8_t addr[16], uint32_t *scope,
		  char *errbuf)
{
	struct addrinfo hints, *res = NULL, *ai;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = *ver == 6   ? AF_INET6
			  : *ver == 4 ? AF_INET
				      : AF_UNSPEC;
	hints.ai_socktype = SOCK_RAW;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		cli_err(errbuf, "%s: %s", host,
			rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			memset(addr, 0, 16);
			memcpy(addr,
			       &((struct sockaddr_in *)(void *)ai->ai_addr)
					->sin_addr,
			       4);
			*ver = 4;
			break;
		}
		if (ai->ai_family == AF_INET6) {
			const struct sockaddr_in6 *s6 =
				(const struct sockaddr_in6 *)(void *)
					ai->ai_addr;

			memcpy(addr, &s6->sin6_addr, 16);
			if (scope)
				*scope = s6->sin6_scope_id;
			*ver = 6;
			break;
		}
	}
	freeaddrinfo(res);
	if (!ai) {
		cli_err(errbuf, "%s: no IPv%d address", host, *ver ? *ver : 4);
		return -1;
	}
	return 0;
}

int
inj_source(int ver, const uint8_t dst[16], uint8_t src[16], char *errbuf)
{
	return inj_source_scope(ver, dst, 0, src, errbuf);
}

int
inj_source_scope(int ver, const uint8_t dst[16], uint32_t scope,
		 uint8_t src[16], char *errbuf)
{
	return inj_source_ex(ver, dst, scope, 0, "give a source with -S", src,
			     errbuf);
}

int
inj_source_ex(int ver, const uint8_t dst[16], uint32_t scope, int bcast,
	      const char *hint, uint8_t src[16], char *errbuf)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char a[INET6_ADDRSTRLEN];
	int fd, ok;

	memset(&ss, 0, sizeof(ss));
	if (ver == 6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(9);
		s6->sin6_scope_id = scope; /* link-local and multicast */
		memcpy(&s6->sin6_addr, dst, 16);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(9);
		memcpy(&s4->sin_addr, dst, 4);
	}
	fd = socket(ver == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
	if (fd >= 0 && bcast)
		setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &bcast, sizeof(bcast));
	/* connect() on UDP only picks the route and source address. */
	ok = fd >= 0 &&
	     connect(fd, (struct sockaddr *)&ss,
		     ver == 6 ? sizeof(struct sockaddr_in6)
			      : sizeof(struct sockaddr_in)) == 0 &&
	     getsockname(fd, (struct sockaddr *)&ss, &sl) == 0;
	if (!ok) {
		int e = errno;

		inet_ntop(ver == 6 ? AF_INET6 : AF_INET, dst, a, sizeof(a));
		cli_err(errbuf, "%s: no route (%s)%s%s", a, strerror(e),
			hint ? "; " : "", hint ? hint : "");
		if (fd >= 0)
			close(fd);
		errno = e; /* EACCES: a broadcast address without bcast */
		return -1;
	}
	close(fd);
	memset(src, 0, 16);
	if (ver == 6)
		memcpy(src, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
	else
		memcpy(src, &((struct sockaddr_in *)&ss)->sin_addr, 4);
	return 0;
}

int
inj_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char extra;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5], &extra) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (v[i] > 255)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

struct nl_ctx {
	int ver;
	const uint8_t *want; /* neighbour lookup: this address */
	unsigned ifindex;
	uint8_t gw[16];
	int have_gw;
	unsigned oif;
	uint8_t mac[6];
	int have_mac;
};

static int
route_attr(const struct nlattr *a, void *data)
{
	struct nl_ctx *c = data;
	size_t alen = c->ver == 6 ? 16 : 4;

	switch (mnl_attr_get_type(a)) {
	case RTA_GATEWAY:
		if (mnl_attr_get_payload_len(a) == alen) {
			memcpy(c->gw, mnl_attr_get_payload(a), alen);
			c->have_gw = 1;
		}
		break;
	case RTA_OIF:
		if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			c->oif = mnl_attr_get_u32(a);
		break;
	}
	return MNL_CB_OK;
}

static int
route_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct rtmsg), route_attr, data);
	return MNL_CB_OK;
}

static int
neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *c = data;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	const uint8_t *dst = NULL, *ll = NULL;
	size_t alen = c->ver == 6 ? 16 : 4;

	if (nd->ndm_ifindex != (int)c->ifindex ||
	    (nd->ndm_state & (NUD_INCOMPLETE | NUD_FAILED | NUD_NOARP)))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*nd))
	{
		if (mnl_attr_get_type(a) == NDA_DST &&
		    mnl_attr_get_payload_len(a) == alen)
			dst = mnl_attr_get_payload(a);
		else if (mnl_attr_get_type(a) == NDA_LLADDR &&
			 mnl_attr_get_payload_len(a) == 6)
			ll = mnl_attr_get_payload(a);
	}
	if (dst && ll && !memcmp(dst, c->want, alen)) {
		memcpy(c->mac, ll, 6);
		c->have_mac = 1;
	}
	return MNL_CB_OK;
}

/* One request, its answers through cb. */
static int
nl_talk(struct mnl_socket *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	struct nl_ctx *c)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned portid = mnl_socket_get_portid(nl);
	unsigned seq = nlh->nlmsg_seq;
	ssize_t n;
	int rc = MNL_CB_OK;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	while (rc > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, cb, c);
		if (!(nlh->nlmsg_flags & NLM_F_DUMP))
			break;
	}
	return rc < 0 ? -1 : 0;
}

/* Ask for the route to dst: fills c->oif, c->gw/have_gw. */
static int
route_lookup(struct mnl_socket *nl, int ver, const uint8_t dst[16],
	     struct nl_ctx *c)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	size_t alen = ver == 6 ? 16 : 4;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = (unsigned)time(NULL);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = ver == 6 ? AF_INET6 : AF_INET;
	rtm->rtm_dst_len = (unsigned char)(alen * 8);
	mnl_attr_put(nlh, RTA_DST, alen, dst);
	return nl_talk(nl, nlh, route_cb, c) < 0 || !c->oif ? -1 : 0;
}

/* A bound rtnetlink socket and a fresh context for family ver; NULL with
 * errbuf filled on failure. */
static struct mnl_socket *
nl_open(struct nl_ctx *c, int ver, char *errbuf)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	memset(c, 0, sizeof(*c));
	c->ver = ver;
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		cli_err(errbuf, "rtnetlink: %s", strerror(errno));
		if (nl)
			mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

int
inj_neigh(int ver, const uint8_t dst[16], const char *iface, uint8_t mac[6],
	  char *errbuf)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], a[INET6_ADDRSTRLEN];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ndmsg *nd;
	struct nl_ctx c;
	int rc = -1;

	nl = nl_open(&c, ver, errbuf);
	if (!nl)
		return -1;
	/* The route to dst: a gateway, or dst itself when on-link. */
	if (route_lookup(nl, ver, dst, &c) < 0) {
		inet_ntop(ver == 6 ? AF_INET6 : AF_INET, dst, a, sizeof(a));
		cli_err(errbuf, "%s: no route; give --dst-mac", a);
		goto out;
	}
	c.ifindex = iface ? if_nametoindex(iface) : c.oif;
	c.want = c.have_gw ? c.gw : dst;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (unsigned)time(NULL) + 1;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = ver == 6 ? AF_INET6 : AF_INET;
	if (nl_talk(nl, nlh, neigh_cb, &c) < 0 || !c.have_mac) {
		inet_ntop(ver == 6 ? AF_INET6 : AF_INET, c.want, a, sizeof(a));
		cli_err(errbuf,
			"%s: no neighbour entry for the next hop; give "
			"--dst-mac or let the kernel resolve it first (ping it "
			"once)",
			a);
		goto out;
	}
	memcpy(mac, c.mac, 6);
	rc = 0;
out:
	mnl_socket_close(nl);
	return rc;
}

/* One interface ioctl (SIOCGIF...) on iface: 1 when it answered. */
static int
if_ioctl(const char *iface, unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ok;

	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", iface);
	ok = fd >= 0 && ioctl(fd, req, ifr) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

int
inj_ifmac(const char *iface, uint8_t mac[6], char *errbuf)
{
	struct ifreq ifr;

	if (!if_ioctl(iface, SIOCGIFHWADDR, &ifr)) {
		cli_err(errbuf, "%s: %s; icmpkit sniff -D lists the interfaces",
			iface,
			errno == ENODEV ? "no such interface"
					: strerror(errno));
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* Whether iface is up: 0, or -1 with errbuf saying how to bring it up
 * (a probe on a down interface would only fail with ENETDOWN). */
int
inj_iface_up(const char *iface, char *errbuf)
{
	struct ifreq ifr;

	if (if_ioctl(iface, SIOCGIFFLAGS, &ifr) && !(ifr.ifr_flags & IFF_UP)) {
		cli_err(errbuf,
			"%s: interface is down; bring it up (ip link set %s "
			"up)",
			iface, iface);
		return -1;
	}
	return 0; /* an unknown name is said where it is used */
}

int
inj_route_iface(int ver, const uint8_t dst[16], char *name, char *errbuf)
{
	char a[INET6_ADDRSTRLEN];
	struct mnl_socket *nl;
	struct nl_ctx c;
	int rc = -1;

	nl = nl_open(&c, ver, errbuf);
	if (!nl)
		return -1;
	if (route_lookup(nl, ver, dst, &c) < 0 ||
	    !if_indextoname(c.oif, name)) {
		inet_ntop(ver == 6 ? AF_INET6 : AF_INET, dst, a, sizeof(a));
		cli_err(errbuf, "%s: no route; choose an interface with -I", a);
		goto out;
	}
	rc = 0;
out:
	mnl_socket_close(nl);
	return rc;
}
