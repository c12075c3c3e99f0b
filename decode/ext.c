/* ICMP extensions: the RFC 4884 extension structure of multi-part errors
 * and of RFC 8335 extended echo requests, and the objects in it (RFC 4950
 * MPLS label stack, RFC 5837 interface information, RFC 8335 interface
 * identification). */
#include <string.h>

#include "cksum.h"
#include "icmp.h"

#define EXT_HDR 4
/* RFC 4884 section 4: a multi-part message quotes at least 128 bytes. */
#define EXT_MIN_ORIG 128

/* The structure's version and reserved bits, and its checksum; marks the
 * packet when the header or the structure contradicts itself. */
static void
ext_header(struct dec_pkt *d)
{
	struct dec_icmp *m = &d->icmp;
	struct cur c;
	size_t end = (size_t)m->ext_off + m->ext_len;
	uint32_t sum;

	cur_init(&c, m->data, m->caplen < end ? m->caplen : end);
	cur_skip(&c, m->ext_off);
	m->ext_ver = cur_u8(&c) >> 4;
	cur_skip(&c, 1);
	m->ext_cksum = cur_be16(&c);
	m->ext_cksum_status = DEC_CK_UNVERIFIED;
	if (c.short_read) {
		if (m->ext_len < EXT_HDR)
			dec_flag(d, DEC_F_MALFORMED,
				 "extension structure shorter than its header");
		else
			dec_flag(d, DEC_F_TRUNC, "cut in extension header");
		return;
	}
	if (m->ext_ver != 2) {
		dec_flag(d, DEC_F_MALFORMED, "extension version not 2");
		return;
	}
	if (m->caplen >= end) {
		sum = ck_add(0, m->data + m->ext_off, m->ext_len);
		m->ext_cksum_status = m->ext_cksum == 0	  ? DEC_CK_ABSENT
				      : ck_fold(sum) == 0 ? DEC_CK_OK
							  : DEC_CK_BAD;
	}
}

/* Walk the objects once so that a bad length marks the packet; printers
 * walk them again with dec_extobj_next(). */
static void
ext_objects(struct dec_pkt *d)
{
	struct dec_icmp *m = &d->icmp;
	struct dec_extobj o;
	struct dec_ifinfo ii;
	size_t off = (size_t)m->ext_off + EXT_HDR;

	if (m->ext_ver != 2)
		return;
	while (dec_extobj_next(m, &off, &o)) {
		if (m->ext_nobj < 255)
			m->ext_nobj++;
		switch (o.bad) {
		case DEC_EXT_SHORT:
			dec_flag(d, DEC_F_MALFORMED,
				 "extension object length below 4");
			continue;
		case DEC_EXT_OVERRUN:
			dec_flag(d, DEC_F_MALFORMED,
				 "extension object beyond the structure");
			continue;
		case DEC_EXT_HDR:
			dec_flag(
				d, DEC_F_MALFORMED,
				"extension object header beyond the structure");
			continue;
		case DEC_EXT_CUT:
			dec_flag(d, DEC_F_TRUNC, "cut in extension object");
			continue;
		}
		if (o.cls == DEC_EXT_MPLS && o.ctype == DEC_EXT_MPLS_INCOMING &&
		    (o.len - EXT_HDR) % 4)
			dec_flag(d, DEC_F_MALFORMED,
				 "MPLS label stack object not a multiple of 4");
		else if ((o.cls == DEC_EXT_IFINFO || o.cls == DEC_EXT_IFID) &&
			 !dec_ext_ifinfo(&o, &ii) && ii.why)
			dec_flag(d, DEC_F_MALFORMED, ii.why);
	}
}

static void
ext_at(struct dec_pkt *d, size_t off, size_t len)
{
	d->icmp.ext_off = (uint16_t)off;
	d->icmp.ext_len = (uint16_t)(len > 0xffff ? 0xffff : len);
	d->icmp.ext_compat = 0;
	d->icmp.ext_nobj = 0;
	ext_header(d);
	ext_objects(d);
}

/* A message with the RFC 4884 length 0 that is longer than 8 + 128 bytes
 * may still carry extensions (RFC 4884 section 5.5: MPLS routers sent them
 * before the length field existed).  Like tcpdump, accept a structure at
 * 128 bytes when its version is 2 and its checksum verifies, or, when the
 * message was not all captured, on the version and reserved bits alone. */
static int
ext_compat(struct dec_pkt *d)
{
	const struct dec_icmp *m = &d->icmp;
	size_t off = 8 + EXT_MIN_ORIG;
	struct cur c;
	uint16_t w;

	if (m->len <= off + EXT_HDR)
		return 0;
	cur_init(&c, m->data, m->caplen < m->len ? m->caplen : m->len);
	cur_skip(&c, off);
	w = cur_be16(&c);
	if (c.short_read || w != 0x2000)
		return 0;
	if (m->caplen < m->len)
		return 1;
	return ck_fold(ck_add(0, m->data + off, m->len - off)) == 0;
}

void
dec_ext_error(struct dec_pkt *d, struct cur *q)
{
	struct dec_icmp *m = &d->icmp;
	struct cur h;
	size_t olen, end;

	/* The length attribute: octet 5 in ICMPv4 (32-bit words), octet 4
	 * in ICMPv6 (64-bit words). */
	cur_init(&h, m->data, m->caplen);
	cur_skip(&h, m->ver == 6 ? 4 : 5);
	olen = (size_t)cur_u8(&h) * (m->ver == 6 ? 8 : 4);
	if (h.short_read)
		return;
	m->orig_len = (uint16_t)olen;
	if (!olen) {
		if (m->ver != 4 || !ext_compat(d))
			return;
		end = q->off + EXT_MIN_ORIG;
		if (q->len > end)
			q->len = end;
		ext_at(d, 8 + EXT_MIN_ORIG, m->len - 8 - EXT_MIN_ORIG);
		m->ext_compat = 1;
		return;
	}
	if (8 + olen > m->len) {
		dec_flag(d, DEC_F_MALFORMED, "RFC 4884 length beyond message");
		return;
	}
	/* The quote is the original datagram field, not what follows. */
	end = q->off + olen;
	if (q->len > end)
		q->len = end;
	if (8 + olen == m->len)
		return;
	if (olen < EXT_MIN_ORIG) {
		dec_flag(d, DEC_F_MALFORMED, "RFC 4884 length below 128 bytes");
		return;
	}
	ext_at(d, 8 + olen, m->len - 8 - olen);
}

/* RFC 8335: the request carries exactly one interface identification
 * object right after the header.  Bytes after that object are not part of
 * the structure (senders append their own data; the checksum covers the
 * header and the object only, as the senders compute it). */
void
dec_ext_xecho(struct dec_pkt *d)
{
	struct dec_icmp *m = &d->icmp;
	struct cur c;
	size_t len = m->len - 8, olen;

	if (m->len < 8 + EXT_HDR) {
		dec_flag(
			d, DEC_F_MALFORMED,
			"extended echo request without an extension structure");
		return;
	}
	cur_init(&c, m->data, m->caplen < m->len ? m->caplen : m->len);
	cur_skip(&c, 8 + EXT_HDR);
	olen = cur_be16(&c);
	if (!c.short_read && olen >= EXT_HDR && EXT_HDR + olen <= len)
		len = EXT_HDR + olen;
	ext_at(d, 8, len);
}

int
dec_extobj_next(const struct dec_icmp *m, size_t *off, struct dec_extobj *o)
{
	size_t end = (size_t)m->ext_off + m->ext_len;
	size_t lim = m->caplen < end ? m->caplen : end;
	struct cur c;

	if (!m->ext_off || *off >= end || *off >= lim)
		return 0;
	memset(o, 0, sizeof(*o));
	cur_init(&c, m->data, lim);
	cur_skip(&c, *off);
	o->len = cur_be16(&c);
	o->cls = cur_u8(&c);
	o->ctype = cur_u8(&c);
	if (c.short_read) {
		o->bad = *off + EXT_HDR > end ? DEC_EXT_HDR : DEC_EXT_CUT;
		*off = end;
		return 1;
	}
	o->body = cur_ptr(&c);
	if (o->len < EXT_HDR) {
		/* Stop: a length below the header would never advance. */
		o->bad = DEC_EXT_SHORT;
		*off = end;
		return 1;
	}
	if (*off + o->len > lim) {
		o->bad = *off + o->len > end ? DEC_EXT_OVERRUN : DEC_EXT_CUT;
		o->body_len = (uint16_t)cur_left(&c);
		*off = end;
		return 1;
	}
	o->body_len = (uint16_t)(o->len - EXT_HDR);
	*off += o->len;
	return 1;
}

const char *
dec_ext_class_name(int cls)
{
	static const char *const names[] = {
		[1] = "mpls-stack",
		[2] = "interface-info",
		[3] = "interface-id",
	};

	if (cls < 0 || cls >= (int)(sizeof(names) / sizeof(names[0])))
		return NULL;
	return names[cls];
}

int
dec_ext_mpls(const struct dec_extobj *o, size_t i, struct dec_mpls *e)
{
	struct cur c;
	uint32_t v;

	cur_init(&c, o->body, o->body_len);
	if (!cur_skip(&c, i * 4))
		return 0;
	v = cur_be32(&c);
	if (c.short_read)
		return 0;
	e->label = v >> 12;
	e->tc = (uint8_t)(v >> 9 & 7);
	e->s = (uint8_t)(v >> 8 & 1);
	e->ttl = (uint8_t)v;
	return 1;
}

/* The object ended before a sub-object did: in an object cut by the
 * capture that is no fault of the object's. */
static int
ran_out(struct dec_ifinfo *r, const char *why)
{
	r->why = why;
	r->ran_out = 1;
	return -1;
}

/* An address as AFI and bytes: RFC 5837 has a fixed length per AFI and 16
 * reserved bits; RFC 8335 carries the length in an octet. */
static int
if_addr(struct cur *c, struct dec_ifinfo *r, int rfc8335)
{
	size_t n;

	r->afi = cur_be16(c);
	if (rfc8335) {
		r->addr_len = cur_u8(c);
		cur_skip(c, 1);
	} else {
		cur_skip(c, 2);
		r->addr_len = r->afi == 1 ? 4 : r->afi == 2 ? 16 : 0;
	}
	if (c->short_read) {
		return ran_out(r, "interface address sub-object cut short");
	}
	if (r->addr_len == 0 || r->addr_len != (r->afi == 1   ? 4
						: r->afi == 2 ? 16
							      : 0)) {
		r->why = "interface address of unknown family or length";
		return -1;
	}
	n = r->addr_len;
	if (!cur_copy(c, r->addr, n)) {
		return ran_out(r, "interface address beyond object");
	}
	r->has_addr = 1;
	return 0;
}

/* RFC 5837 interface name sub-object: a length octet counting itself,
 * a multiple of 4 up to 64, then the name (UTF-8, NUL padded). */
static int
if_name(struct cur *c, struct dec_ifinfo *r)
{
	const uint8_t *p;
	size_t n;

	r->name_len = cur_u8(c);
	if (c->short_read) {
		return ran_out(r, "interface name sub-object cut short");
	}
	if (r->name_len == 0) {
		r->why = "interface name length 0";
		return -1;
	}
	if (r->name_len % 4 || r->name_len > 64) {
		r->why = "interface name length not a multiple of 4 up to 64";
		return -1;
	}
	p = cur_take(c, (size_t)r->name_len - 1);
	if (!p) {
		return ran_out(r, "interface name beyond object");
	}
	n = (size_t)r->name_len - 1;
	while (n && !p[n - 1])
		n--;
	r->name = p;
	r->name_bytes = (uint8_t)n;
	r->has_name = 1;
	return 0;
}

static int
ifinfo_5837(struct cur *c, uint8_t ctype, struct dec_ifinfo *r)
{
	r->role = ctype >> 6;
	if (ctype & 0x08) {
		r->ifindex = cur_be32(c);
		if (c->short_read) {
			return ran_out(r, "interface index beyond object");
		}
		r->has_ifindex = 1;
	}
	if ((ctype & 0x04) && if_addr(c, r, 0) < 0)
		return -1;
	if ((ctype & 0x02) && if_name(c, r) < 0)
		return -1;
	if (ctype & 0x01) {
		r->mtu = cur_be32(c);
		if (c->short_read) {
			return ran_out(r, "interface MTU beyond object");
		}
		r->has_mtu = 1;
	}
	return 0;
}

/* RFC 8335 section 2.1: by name (C-Type 1), index (2) or address (3). */
static int
ifid_8335(struct cur *c, uint8_t ctype, struct dec_ifinfo *r)
{
	size_t n;

	switch (ctype) {
	case DEC_EXT_IFID_NAME:
		/* The whole body, NUL padded to a 32-bit boundary. */
		n = cur_left(c);
		if (n == 0) {
			r->why = "interface name of length 0";
			return -1;
		}
		r->name_len = (uint16_t)n;
		r->name = cur_take(c, n);
		while (n && !r->name[n - 1])
			n--;
		r->name_bytes = (uint16_t)n;
		r->has_name = 1;
		return 0;
	case DEC_EXT_IFID_INDEX:
		r->ifindex = cur_be32(c);
		if (c->short_read) {
			return ran_out(r, "interface index beyond object");
		}
		r->has_ifindex = 1;
		return 0;
	case DEC_EXT_IFID_ADDR:
		return if_addr(c, r, 1);
	default:
		r->why = "interface identification of unknown C-Type";
		return -1;
	}
}

int
dec_ext_ifinfo(const struct dec_extobj *o, struct dec_ifinfo *r)
{
	struct cur c;

	memset(r, 0, sizeof(*r));
	/* Objects cut short are decoded as far as they go. */
	if ((o->bad != DEC_EXT_OK && o->bad != DEC_EXT_CUT &&
	     o->bad != DEC_EXT_OVERRUN) ||
	    (o->cls != DEC_EXT_IFINFO && o->cls != DEC_EXT_IFID))
		return 0;
	cur_init(&c, o->body, o->body_len);
	if (o->cls == DEC_EXT_IFINFO)
		return ifinfo_5837(&c, o->ctype, r) == 0;
	return ifid_8335(&c, o->ctype, r) == 0;
}

const char *
dec_ext_role_name(int role)
{
	static const char *const names[] = {
		"incoming-ip",
		"incoming-sub-ip",
		"outgoing-ip",
		"next-hop",
	};

	return role >= 0 && role < 4 ? names[role] : NULL;
}

const char *
dec_xecho_state_name(int state)
{
	static const char *const names[] = {
		"reserved", "incomplete", "reachable", "stale",
		"delay",    "probe",	  "failed",
	};

	return state >= 0 && state < 7 ? names[state] : NULL;
}
