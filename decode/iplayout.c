#include "iplayout.h"

#include <string.h>

#include "dec.h"

int
dec_iplayout_ver(int ver, struct dec_iplayout *f)
{
	memset(f, 0, sizeof(*f));
	if (ver != 4 && ver != 6)
		return -1;
	f->ver = (uint8_t)ver;
	f->alen = ver == 6 ? 16 : 4;
	f->hdr_min = ver == 6 ? 40 : 20;
	f->src = ver == 6 ? 8 : 12;
	f->dst = (uint8_t)(f->src + f->alen);
	f->ttl = ver == 6 ? 7 : 8;
	f->ck = ver == 6 ? 0 : 10;
	return 0;
}

int
dec_iplayout(const uint8_t *p, size_t caplen, struct dec_iplayout *f)
{
	struct dec_pkt d;
	size_t l4;

	memset(&d, 0, sizeof(d));
	d.caplen = d.wirelen = (uint32_t)caplen;
	d.pkt = p;
	dec_ip(&d, p, caplen, caplen);
	if (dec_iplayout_ver(d.ip.ver, f) < 0 || caplen < f->hdr_min)
		return -1;
	f->proto = d.ip.proto;
	f->l4 = d.ip.hdr_len;
	l4 = f->l4;
	if (!l4)
		return 0;
	/* A UDP checksum of 0 means none was sent (RFC 768). */
	if (f->proto == 17 && l4 + 8 <= caplen && (p[l4 + 6] || p[l4 + 7]))
		f->l4_ck = (uint16_t)(l4 + 6);
	else if (f->proto == 6 && l4 + 18 <= caplen)
		f->l4_ck = (uint16_t)(l4 + 16);
	else if (f->proto == 58 && l4 + 4 <= caplen)
		f->l4_ck = (uint16_t)(l4 + 2);
	return 0;
}
