/* RFC 4884 extension structures from send's options: RFC 4950 MPLS label
 * stacks and RFC 5837 interface information for errors, RFC 8335
 * interface identification for an extended echo request.  Objects are
 * gathered in the order given; inj_ext_finish puts the header (version 2,
 * checksum over the structure) in front.  The decoder (decode/ext.c)
 * reads them back. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cksum.h"
#include "../decode/cursor.h"
#include "ndopt.h"

/* An object of class cls, C-Type ctype and n bytes of data (a multiple of
 * 4); its data, zeroed. */
static uint8_t *
ext_obj(struct inj_body *e, int cls, int ctype, size_t n, const char *what,
	char *errbuf)
{
	uint8_t *o;

	if (e->len + 4 + n > sizeof(e->b) - 4) {
		cli_err(errbuf, "%s: the extension objects do not fit", what);
		return NULL;
	}
	o = e->b + e->len;
	memset(o, 0, 4 + n);
	wr_be16(o, (uint16_t)(4 + n));
	o[2] = (uint8_t)cls;
	o[3] = (uint8_t)ctype;
	e->len += 4 + n;
	return o + 4;
}

/* --mpls LABEL[/TC[/TTL]][,LABEL...]: one label stack (RFC 4950), the S
 * bit on the last entry, TTL 1 by default. */
int
inj_ext_mpls(struct inj_body *e, const char *arg, char *errbuf)
{
	char list[512], *tok, *save = NULL;
	unsigned lab[16][3];
	size_t n = 0, i;
	uint8_t *d;

	snprintf(list, sizeof(list), "%s", arg);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int k;

		lab[n][1] = 0, lab[n][2] = 1;
		k = n < 16 ? sscanf(tok, "%u/%u/%u", &lab[n][0], &lab[n][1],
				    &lab[n][2])
			   : 0;
		if (k < 1 || lab[n][0] > 0xfffff || lab[n][1] > 7 ||
		    lab[n][2] > 255) {
			cli_err(errbuf,
				"--mpls '%s': LABEL[/TC[/TTL]] (label up to "
				"1048575, TC 0-7, TTL 0-255), up to 16",
				arg);
			return -1;
		}
		n++;
	}
	d = n ? ext_obj(e, 1, 1, 4 * n, "--mpls", errbuf) : NULL;
	if (!d) {
		if (!n)
			cli_err(errbuf, "--mpls '%s': no label", arg);
		return -1;
	}
	for (i = 0; i < n; i++)
		wr_be32(d + 4 * i, lab[i][0] << 12 | lab[i][1] << 9 |
					   (i == n - 1) << 8 | lab[i][2]);
	return 0;
}

struct ifspec {
	int role, has_index, has_addr, has_mtu, af;
	uint32_t index, mtu;
	uint8_t addr[16];
	char name[64];
};

static int
ifspec_item(struct ifspec *f, char *item, const char *arg, char *errbuf)
{
	static const char *const roles[] = {"incoming", "sub-ip", "outgoing",
					    "next-hop"};
	char *v = strchr(item, '=');
	long long x;
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(item, roles[i])) {
			f->role = i;
			return 0;
		}
	if (v)
		*v++ = 0;
	if (v && !strcmp(item, "index") &&
	    cli_num(v, 0, 0xffffffffLL, "--ifinfo index", &x, errbuf) == 0) {
		f->index = (uint32_t)x, f->has_index = 1;
		return 0;
	}
	if (v && !strcmp(item, "mtu") &&
	    cli_num(v, 0, 0xffffffffLL, "--ifinfo mtu", &x, errbuf) == 0) {
		f->mtu = (uint32_t)x, f->has_mtu = 1;
		return 0;
	}
	if (v && !strcmp(item, "name") && strlen(v) <= 62) {
		snprintf(f->name, sizeof(f->name), "%s", v);
		return 0;
	}
	if (v && !strcmp(item, "addr")) {
		f->af = strchr(v, ':') ? AF_INET6 : AF_INET;
		if (inet_pton(f->af, v, f->addr) == 1)
			return f->has_addr = 1, 0;
	}
	cli_err(errbuf,
		"--ifinfo '%s': ROLE (incoming, sub-ip, outgoing, next-hop), "
		"index=N, addr=ADDR, name=NAME (up to 62), mtu=N",
		arg);
	return -1;
}

/* --ifinfo ROLE[,index=N][,addr=A][,name=S][,mtu=N]: interface
 * information (RFC 5837 4), the C-Type bits from what is given. */
int
inj_ext_ifinfo(struct inj_body *e, const char *arg, char *errbuf)
{
	char list[256], *tok, *save = NULL;
	struct ifspec f;
	size_t n, alen, nlen;
	uint8_t *d;

	memset(&f, 0, sizeof(f));
	snprintf(list, sizeof(list), "%s", arg);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (ifspec_item(&f, tok, arg, errbuf) < 0)
			return -1;
	alen = f.has_addr ? (f.af == AF_INET6 ? 16 : 4) : 0;
	nlen = f.name[0] ? (strlen(f.name) + 1 + 3) / 4 * 4 : 0;
	n = 4 * (size_t)f.has_index + (alen ? 4 + alen : 0) + nlen +
	    4 * (size_t)f.has_mtu;
	d = ext_obj(e, 2,
		    f.role << 6 | f.has_index << 3 | f.has_addr << 2 |
			    (nlen > 0) << 1 | f.has_mtu,
		    n, "--ifinfo", errbuf);
	if (!d)
		return -1;
	if (f.has_index)
		wr_be32(d, f.index), d += 4;
	if (alen) {
		wr_be16(d, alen == 16 ? 2 : 1);
		memcpy(d + 4, f.addr, alen);
		d += 4 + alen;
	}
	if (nlen) {
		d[0] = (uint8_t)nlen;
		memcpy(d + 1, f.name, strlen(f.name));
		d += nlen;
	}
	if (f.has_mtu)
		wr_be32(d, f.mtu);
	return 0;
}

/* --ifname NAME, --ifindex N, --ifaddr ADDR: the interface an extended
 * echo request asks about (RFC 8335 2.1). */
int
inj_ext_ifid(struct inj_body *e, int ctype, const char *arg, char *errbuf)
{
	uint8_t a[16], *d;
	long long x;
	size_t n;
	int af;

	if (ctype == 1) {
		n = strlen(arg);
		if (!n || n > 255) {
			cli_err(errbuf, "--ifname '%s': 1 to 255 bytes", arg);
			return -1;
		}
		d = ext_obj(e, 3, 1, (n + 3) / 4 * 4, "--ifname", errbuf);
		if (d)
			memcpy(d, arg, n);
		return d ? 0 : -1;
	}
	if (ctype == 2) {
		if (cli_num(arg, 0, 0xffffffffLL, "--ifindex", &x, errbuf) < 0)
			return -1;
		d = ext_obj(e, 3, 2, 4, "--ifindex", errbuf);
		if (d)
			wr_be32(d, (uint32_t)x);
		return d ? 0 : -1;
	}
	af = strchr(arg, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, arg, a) != 1) {
		cli_err(errbuf, "--ifaddr '%s': not an address", arg);
		return -1;
	}
	n = af == AF_INET6 ? 16 : 4;
	d = ext_obj(e, 3, 3, 4 + n, "--ifaddr", errbuf);
	if (!d)
		return -1;
	wr_be16(d, af == AF_INET6 ? 2 : 1);
	d[2] = (uint8_t)n;
	memcpy(d + 4, a, n);
	return 0;
}

size_t
inj_ext_finish(const struct inj_body *e, uint8_t *out)
{
	out[0] = 2 << 4; /* version 2 */
	out[1] = 0;
	wr_be16(out + 2, 0);
	memcpy(out + 4, e->b, e->len);
	wr_be16(out + 2, ck_fold(ck_add(0, out, 4 + e->len)));
	return 4 + e->len;
}
