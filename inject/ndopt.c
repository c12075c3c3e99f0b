/* ND options (RFC 4861 4.6, RFC 4191, RFC 8106, RFC 8781) from send's
 * options, appended to the message body: what a router advertisement or
 * redirect carries after its fixed part.  The decoder reads them back
 * (decode/body.c); these only write bytes. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cursor.h"
#include "inj.h"
#include "ndopt.h"

/* PREFIX/LEN into 16 bytes and a length, LEN at most max. */
static int
parse_prefix(const char *arg, const char *what, int max, uint8_t a[16],
	     int *plen, char *errbuf)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	long long n;

	snprintf(buf, sizeof(buf), "%s", arg);
	slash = strchr(buf, '/');
	if (!slash) {
		cli_err(errbuf, "%s '%s': give PREFIX/LENGTH", what, arg);
		return -1;
	}
	*slash++ = 0;
	if (inet_pton(AF_INET6, buf, a) != 1) {
		cli_err(errbuf, "%s '%s': not an IPv6 prefix", what, arg);
		return -1;
	}
	if (cli_num(slash, 0, max, what, &n, errbuf) < 0)
		return -1;
	*plen = (int)n;
	return 0;
}

/* "VALID[,PREFERRED]" in seconds (at least need of the two given) into
 * v and p; -1 if it is not that. */
static int
lifetimes(const char *s, int need, long long *v, long long *p)
{
	int n = sscanf(s, "%lld,%lld", v, p);

	return n >= need && *v >= 0 && *p >= 0 && *v <= 0xffffffffLL &&
			       *p <= 0xffffffffLL
		       ? 0
		       : -1;
}

/* Room for an option of units * 8 bytes at the end of b; its start. */
static uint8_t *
room(struct inj_body *b, int type, size_t units, const char *what, char *errbuf)
{
	uint8_t *o;

	if (b->len + units * 8 > sizeof(b->b) || units > 255) {
		cli_err(errbuf, "%s: the options do not fit in one message",
			what);
		return NULL;
	}
	o = b->b + b->len;
	memset(o, 0, units * 8);
	o[0] = (uint8_t)type;
	o[1] = (uint8_t)units;
	b->len += units * 8;
	return o;
}

/* --prefix PREFIX/LEN[,VALID[,PREFERRED]]: prefix information with the
 * on-link and autonomous flags (defaults one day and four hours). */
int
inj_opt_prefix(struct inj_body *b, const char *arg, char *errbuf)
{
	char head[INET6_ADDRSTRLEN + 8], *c;
	uint8_t a[16], *o;
	long long valid = 86400, pref = 14400;
	int plen;

	snprintf(head, sizeof(head), "%s", arg);
	c = strchr(head, ',');
	if (c) {
		*c++ = 0;
		if (lifetimes(c, 1, &valid, &pref) < 0) {
			cli_err(errbuf,
				"--prefix '%s': VALID and PREFERRED "
				"are seconds",
				arg);
			return -1;
		}
	}
	if (parse_prefix(head, "--prefix", 128, a, &plen, errbuf) < 0)
		return -1;
	o = room(b, 3, 4, "--prefix", errbuf);
	if (!o)
		return -1;
	o[2] = (uint8_t)plen;
	o[3] = 0xc0; /* L, A */
	wr_be32(o + 4, (uint32_t)valid);
	wr_be32(o + 8, (uint32_t)pref);
	memcpy(o + 16, a, 16);
	return 0;
}

/* --slla MAC, --tlla MAC: a source or target link-layer address (type 1
 * or 2, RFC 4861 4.6.1), one unit for a 6-byte Ethernet address. */
int
inj_opt_lla(struct inj_body *b, int type, const char *arg, char *errbuf)
{
	const char *what = type == 1 ? "--slla" : "--tlla";
	uint8_t mac[6], *o;

	if (inj_parse_mac(arg, mac) < 0) {
		cli_err(errbuf,
			"%s '%s': not a MAC address (xx:xx:xx:xx:xx:xx)", what,
			arg);
		return -1;
	}
	o = room(b, type, 1, what, errbuf);
	if (!o)
		return -1;
	memcpy(o + 2, mac, 6);
	return 0;
}

int
inj_opt_mtu(struct inj_body *b, uint32_t mtu, char *errbuf)
{
	uint8_t *o = room(b, 5, 1, "--mtu", errbuf);

	if (!o)
		return -1;
	wr_be32(o + 4, mtu);
	return 0;
}

/* --rdnss ADDR[,ADDR...]: recursive DNS servers, lifetime 1800 s. */
int
inj_opt_rdnss(struct inj_body *b, const char *arg, char *errbuf)
{
	char list[1024], *tok, *save = NULL;
	uint8_t addrs[16][16], *o;
	size_t n = 0, i;

	snprintf(list, sizeof(list), "%s", arg);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == 16 || inet_pton(AF_INET6, tok, addrs[n]) != 1) {
			cli_err(errbuf, "--rdnss '%s': up to 16 IPv6 addresses",
				arg);
			return -1;
		}
		n++;
	}
	o = n ? room(b, 25, 1 + 2 * n, "--rdnss", errbuf) : NULL;
	if (!o) {
		if (!n)
			cli_err(errbuf, "--rdnss '%s': no address", arg);
		return -1;
	}
	wr_be32(o + 4, 1800);
	for (i = 0; i < n; i++)
		memcpy(o + 8 + 16 * i, addrs[i], 16);
	return 0;
}

/* The n bytes at s as a DNS name in labels (RFC 1035 3.1) into out (room
 * bytes); its length, 0 when it is not a name or does not fit. */
static size_t
dns_name(const char *s, size_t n, uint8_t *out, size_t room)
{
	size_t k = 0, start, len = 0;

	while (k < n) {
		for (start = k; k < n && s[k] != '.'; k++)
			;
		if (k == start || k - start > 63 ||
		    len + (k - start) + 2 > room)
			return 0;
		out[len++] = (uint8_t)(k - start);
		memcpy(out + len, s + start, k - start);
		len += k - start;
		if (k < n)
			k++;
	}
	if (!len)
		return 0;
	out[len++] = 0; /* the end of a name */
	return len;
}

/* --dnssl NAME[,NAME...]: the search list (RFC 8106 5.2), names as DNS
 * labels, lifetime 1800 s. */
int
inj_opt_dnssl(struct inj_body *b, const char *arg, char *errbuf)
{
	uint8_t names[512];
	size_t n = 0, k = 0, start, len, units;
	uint8_t *o;

	while (arg[k]) {
		for (start = k; arg[k] && arg[k] != ','; k++)
			;
		len = dns_name(arg + start, k - start, names + n, 400 - n);
		if (!len) {
			cli_err(errbuf,
				"--dnssl '%s': not a list of domain "
				"names",
				arg);
			return -1;
		}
		n += len;
		if (arg[k])
			k++;
	}
	if (!n || arg[k - 1] == ',') {
		cli_err(errbuf, "--dnssl '%s': not a list of domain names",
			arg);
		return -1;
	}
	units = (8 + n + 7) / 8;
	o = room(b, 31, units, "--dnssl", errbuf);
	if (!o)
		return -1;
	wr_be32(o + 4, 1800);
	memcpy(o + 8, names, n);
	return 0;
}

/* RFC 4620 node information data, in the order given: ",TTL" writes a
 * 32-bit TTL before the address or name (a reply's form, section 6.3). */
static int
ni_ttl(struct inj_body *b, char *arg, const char *what, size_t need,
       char *errbuf)
{
	char *c = strrchr(arg, ',');
	long long ttl;

	if (c) {
		*c++ = 0;
		if (cli_num(c, 0, 0xffffffffLL, what, &ttl, errbuf) < 0)
			return -1;
	}
	if (b->len + need + (c ? 4 : 0) > sizeof(b->b)) {
		cli_err(errbuf, "%s: the data do not fit in one message", what);
		return -1;
	}
	if (c) {
		wr_be32(b->b + b->len, (uint32_t)ttl);
		b->len += 4;
	}
	return 0;
}

/* --ni-addr ADDR[,TTL]: an IPv6 or IPv4 address (a query's subject, a
 * reply's node address). */
int
inj_ni_addr(struct inj_body *b, const char *arg, char *errbuf)
{
	char buf[INET6_ADDRSTRLEN + 16];
	uint8_t a[16];
	int v6;

	snprintf(buf, sizeof(buf), "%s", arg);
	if (ni_ttl(b, buf, "--ni-addr TTL", 16, errbuf) < 0)
		return -1;
	v6 = strchr(buf, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, a) != 1) {
		cli_err(errbuf, "--ni-addr '%s': ADDRESS[,TTL]", arg);
		return -1;
	}
	memcpy(b->b + b->len, a, v6 ? 16 : 4);
	b->len += v6 ? 16 : 4;
	return 0;
}

/* --ni-name NAME[,TTL]: a DNS name (a query's subject, a reply's node
 * name). */
int
inj_ni_name(struct inj_body *b, const char *arg, char *errbuf)
{
	char buf[300];
	size_t len, at;

	snprintf(buf, sizeof(buf), "%s", arg);
	at = b->len;
	if (ni_ttl(b, buf, "--ni-name TTL", 257, errbuf) < 0)
		return -1;
	len = dns_name(buf, strlen(buf), b->b + b->len, 257);
	if (!len) {
		b->len = at;
		cli_err(errbuf, "--ni-name '%s': a domain name[,TTL]", arg);
		return -1;
	}
	b->len += len;
	return 0;
}

/* --route PREFIX/LEN[,LIFETIME]: route information (RFC 4191 2.3),
 * medium preference. */
int
inj_opt_route(struct inj_body *b, const char *arg, char *errbuf)
{
	char head[INET6_ADDRSTRLEN + 8], *c;
	uint8_t a[16], *o;
	long long life = 1800;
	int plen;
	size_t units;

	snprintf(head, sizeof(head), "%s", arg);
	c = strchr(head, ',');
	if (c) {
		*c++ = 0;
		if (cli_num(c, 0, 0xffffffffLL, "--route lifetime", &life,
			    errbuf) < 0)
			return -1;
	}
	if (parse_prefix(head, "--route", 128, a, &plen, errbuf) < 0)
		return -1;
	units = plen == 0 ? 1 : plen <= 64 ? 2 : 3;
	o = room(b, 24, units, "--route", errbuf);
	if (!o)
		return -1;
	o[2] = (uint8_t)plen;
	wr_be32(o + 4, (uint32_t)life);
	memcpy(o + 8, a, (units - 1) * 8);
	return 0;
}

/* --pref64 PREFIX/LEN: the NAT64 prefix (RFC 8781), lifetime 1800 s
 * (scaled: in units of 8 s). */
int
inj_opt_pref64(struct inj_body *b, const char *arg, char *errbuf)
{
	static const int lens[] = {96, 64, 56, 48, 40, 32};
	uint8_t a[16], *o;
	int plen, plc;

	if (parse_prefix(arg, "--pref64", 96, a, &plen, errbuf) < 0)
		return -1;
	for (plc = 0; plc < 6 && lens[plc] != plen; plc++)
		;
	if (plc == 6) {
		cli_err(errbuf,
			"--pref64 '%s': the length is 32, 40, 48, 56, "
			"64 or 96",
			arg);
		return -1;
	}
	o = room(b, 38, 2, "--pref64", errbuf);
	if (!o)
		return -1;
	wr_be16(o + 2, (uint16_t)((1800 / 8) << 3 | plc));
	memcpy(o + 4, a, 12);
	return 0;
}

/* Lists after the fixed part, each entry counted in b->n. */

/* --entry ADDR[,PREF]: a v4 router advertisement's entry (RFC 1256),
 * preference 0 by default. */
int
inj_lst_entry(struct inj_body *b, const char *arg, char *errbuf)
{
	char buf[64], *c;
	uint8_t a[4];
	long long pref = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	c = strchr(buf, ',');
	if (c) {
		*c++ = 0;
		if (cli_num(c, INT32_MIN, INT32_MAX, "--entry preference",
			    &pref, errbuf) < 0)
			return -1;
	}
	if (inet_pton(AF_INET, buf, a) != 1 || b->len + 8 > sizeof(b->b) ||
	    b->n == 255) {
		cli_err(errbuf, "--entry '%s': ADDR[,PREFERENCE], up to 255",
			arg);
		return -1;
	}
	memcpy(b->b + b->len, a, 4);
	wr_be32(b->b + b->len + 4, (uint32_t)(int32_t)pref);
	b->len += 8;
	b->n++;
	return 0;
}

/* --source ADDR: a source of an MLDv2 query (RFC 3810 5.1.10). */
int
inj_lst_source(struct inj_body *b, const char *arg, char *errbuf)
{
	if (b->len + 16 > sizeof(b->b) ||
	    inet_pton(AF_INET6, arg, b->b + b->len) != 1) {
		cli_err(errbuf, "--source '%s': an IPv6 address (up to 255)",
			arg);
		return -1;
	}
	b->len += 16;
	b->n++;
	return 0;
}

/* --record TYPE,GROUP[,SOURCE...]: an MLDv2 report's group record (RFC
 * 3810 5.2.4), TYPE 1 to 6 (is-include ... block-old-sources). */
int
inj_lst_record(struct inj_body *b, const char *arg, char *errbuf)
{
	char list[1024], *tok, *save = NULL;
	uint8_t *r = b->b + b->len;
	size_t n = 0;
	long long type;

	snprintf(list, sizeof(list), "%s", arg);
	tok = strtok_r(list, ",", &save);
	if (!tok || cli_num(tok, 1, 6, "--record type", &type, errbuf) < 0)
		goto bad;
	tok = strtok_r(NULL, ",", &save);
	if (!tok || b->len + 20 > sizeof(b->b) ||
	    inet_pton(AF_INET6, tok, r + 4) != 1)
		goto bad;
	while ((tok = strtok_r(NULL, ",", &save))) {
		if (b->len + 20 + 16 * (n + 1) > sizeof(b->b) ||
		    inet_pton(AF_INET6, tok, r + 20 + 16 * n) != 1)
			goto bad;
		n++;
	}
	r[0] = (uint8_t)type;
	r[1] = 0;
	wr_be16(r + 2, (uint16_t)n);
	b->len += 20 + 16 * n;
	b->n++;
	return 0;
bad:
	cli_err(errbuf, "--record '%s': TYPE (1-6),GROUP[,SOURCE...]", arg);
	return -1;
}

/* Router renumbering (RFC 2894 3.1): --match-prefix starts a
 * prefix-control operation, each --use-prefix after it adds a use-prefix
 * part to it.  b->n is 1 + the offset of the last match-prefix part: where
 * its OpLength is.  The ordinal is left 0. */

/* --match-prefix OPCODE,PREFIX/LEN[,MINLEN,MAXLEN]: OPCODE add, change,
 * set-global or 1 to 3; MINLEN/MAXLEN default 0 and 128. */
int
inj_rr_match(struct inj_body *b, const char *arg, char *errbuf)
{
	static const char *const ops[] = {"add", "change", "set-global"};
	char buf[INET6_ADDRSTRLEN + 48], *pfx, *c;
	unsigned minl = 0, maxl = 128, op;
	uint8_t a[16], *o;
	int plen;
	char extra;

	snprintf(buf, sizeof(buf), "%s", arg);
	pfx = strchr(buf, ',');
	if (!pfx)
		goto bad;
	*pfx++ = 0;
	for (op = 0; op < 3 && strcmp(buf, ops[op]); op++)
		;
	op = op < 3 ? op + 1 : (unsigned)atoi(buf);
	c = strchr(pfx, ',');
	if (c && (*c++ = 0, sscanf(c, "%u,%u%c", &minl, &maxl, &extra) != 2))
		goto bad;
	if (op < 1 || op > 3 || minl > 128 || maxl > 128 ||
	    b->len + 24 > sizeof(b->b))
		goto bad;
	if (parse_prefix(pfx, "--match-prefix", 128, a, &plen, errbuf) < 0)
		return -1;
	o = b->b + b->len;
	memset(o, 0, 24);
	o[0] = (uint8_t)op;
	o[1] = 3; /* grows with each use-prefix part */
	o[3] = (uint8_t)plen;
	o[4] = (uint8_t)minl;
	o[5] = (uint8_t)maxl;
	memcpy(o + 8, a, 16);
	b->n = (unsigned)b->len + 1;
	b->len += 24;
	return 0;
bad:
	cli_err(errbuf,
		"--match-prefix '%s': OPCODE (add, change, set-global),"
		"PREFIX/LEN[,MINLEN,MAXLEN]",
		arg);
	return -1;
}

/* --use-prefix PREFIX/LEN[,KEEPLEN[,VALID,PREFERRED]]: the prefix to
 * advertise, on-link and autonomous (flag mask and RA flags 0xc0),
 * lifetimes as --prefix's. */
int
inj_rr_use(struct inj_body *b, const char *arg, char *errbuf)
{
	char buf[INET6_ADDRSTRLEN + 48], *c, *end;
	long long keep = 0, valid = 86400, pref = 14400;
	uint8_t a[16], *o;
	int plen, bad = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	c = strchr(buf, ',');
	if (c) {
		*c++ = 0;
		keep = strtoll(c, &end, 10);
		bad = end == c ||
		      (*end &&
		       (*end != ',' || lifetimes(end + 1, 2, &valid, &pref)));
	}
	if (bad || !b->n || b->len + 32 > sizeof(b->b) || b->b[b->n] > 250 ||
	    keep < 0 || keep > 128) {
		cli_err(errbuf,
			"--use-prefix '%s': PREFIX/LEN[,KEEPLEN[,VALID,"
			"PREFERRED]] after a --match-prefix",
			arg);
		return -1;
	}
	if (parse_prefix(buf, "--use-prefix", 128, a, &plen, errbuf) < 0)
		return -1;
	o = b->b + b->len;
	memset(o, 0, 32);
	o[0] = (uint8_t)plen;
	o[1] = (uint8_t)keep;
	o[2] = 0xc0;
	o[3] = 0xc0;
	wr_be32(o + 4, (uint32_t)valid);
	wr_be32(o + 8, (uint32_t)pref);
	memcpy(o + 16, a, 16);
	b->len += 32;
	b->b[b->n] += 4; /* the match part's OpLength, in 8-byte units */
	return 0;
}
