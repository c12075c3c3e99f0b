/* send --from-json without a payload: the parts of a body that read -j
 * writes as JSON (ND "options") turned back into bytes with the send
 * options' own encoders (inject/ndopt.c), then the bits those options do
 * not take patched in.  The caller puts the line number before errbuf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/cursor.h"
#include "inj.h"
#include "jbody.h"

/* Member key of object o as text into out (a string, a number, or a
 * list of strings joined by ','); -1 when absent or of another kind. */
static int
member_text(const char *s, const struct json_tok *t, int o, const char *key,
	    char *out, size_t size)
{
	int v = json_get(s, t, o, key), e;
	size_t n = 0;
	uint32_t i;

	if (v < 0)
		return -1;
	if (t[v].type == JSON_STR)
		return json_str(s, t, v, out, size);
	if (t[v].type == JSON_NUM && t[v].len < size) {
		memcpy(out, s + t[v].start, t[v].len);
		out[t[v].len] = 0;
		return 0;
	}
	if (t[v].type != JSON_ARR || !t[v].n)
		return -1;
	for (i = 0, e = v + 1; i < t[v].n; i++, e = (int)t[e].end) {
		if (t[e].type != JSON_STR || n + t[e].len + 2 > size ||
		    json_str(s, t, e, out + n, size - n) < 0)
			return -1;
		n += strlen(out + n);
		out[n++] = ',';
	}
	out[n - 1] = 0;
	return 0;
}

/* Member key as a number in [0, max], def when absent. */
static int
member_num(const char *s, const struct json_tok *t, int o, const char *key,
	   long long max, long long def, long long *v)
{
	int i = json_get(s, t, o, key);

	*v = def;
	return i < 0 ? 0 : json_int(s, t, i, 0, max, v);
}

/* A true/false member; def when absent. */
static int
member_bool(const char *s, const struct json_tok *t, int o, const char *key,
	    int def)
{
	int i = json_get(s, t, o, key);

	return i < 0 ? def : t[i].type == JSON_TRUE;
}

/* MTU (5) and advertisement interval (7): one 32-bit word. */
static int
word_opt(const char *s, const struct json_tok *t, int o, int type,
	 struct inj_body *b, const char **bad, char *errbuf)
{
	long long v;

	*bad = type == 5 ? "mtu" : "interval";
	if (member_num(s, t, o, *bad, 0xffffffffLL, -1, &v) < 0 || v < 0)
		return -1;
	if (inj_opt_mtu(b, (uint32_t)v, errbuf) < 0)
		return -1;
	b->b[b->len - 8] = (uint8_t)type;
	return 0;
}

/* "len" of option object o, when larger than what was built at b->b +
 * at: zeros after it (a route's prefix in three units, say). */
static int
opt_len(const char *s, const struct json_tok *t, int o, struct inj_body *b,
	size_t at)
{
	long long len;

	if (member_num(s, t, o, "len", 2040, 0, &len) < 0 || len % 8 ||
	    (len && (size_t)len < b->len - at) ||
	    at + (size_t)len > sizeof(b->b))
		return -1;
	if ((size_t)len > b->len - at) {
		memset(b->b + b->len, 0, at + (size_t)len - b->len);
		b->len = at + (size_t)len;
		b->b[at + 1] = (uint8_t)(len / 8);
	}
	return 0;
}

/* Prefix information (3): the prefix txt, lifetimes and flags. */
static int
prefix_opt(const char *s, const struct json_tok *t, int o, const char *txt,
	   struct inj_body *b, const char **bad, char *errbuf)
{
	char arg[1100];
	size_t at = b->len;
	long long v, p;

	*bad = "valid";
	if (member_num(s, t, o, "valid", 0xffffffffLL, 86400, &v) < 0)
		return -1;
	*bad = "preferred";
	if (member_num(s, t, o, "preferred", 0xffffffffLL, 14400, &p) < 0)
		return -1;
	*bad = "prefix";
	snprintf(arg, sizeof(arg), "%s,%lld,%lld", txt, v, p);
	if (inj_opt_prefix(b, arg, errbuf) < 0)
		return -1;
	b->b[at + 3] = (uint8_t)(member_bool(s, t, o, "onlink", 1) << 7 |
				 member_bool(s, t, o, "auto", 1) << 6);
	return 0;
}

/* One option object o into b, its start at b->b + b->len before. */
static int
one_opt(const char *s, const struct json_tok *t, int o, struct inj_body *b,
	const char **bad, char *errbuf)
{
	static const char *const prefs[] = {"medium", "high", "reserved",
					    "low"};
	char txt[1024], arg[1100], pref[16];
	long long type, a;
	const char *key;
	size_t at = b->len, len;
	uint8_t *op;
	int k;

	*bad = "type";
	if (member_num(s, t, o, "type", 255, -1, &type) < 0 || type < 0)
		return -1;
	if (type == 5 || type == 7)
		return word_opt(s, t, o, (int)type, b, bad, errbuf);
	*bad = type == 1 || type == 2		       ? "mac"
	       : type == 14			       ? "nonce"
	       : type == 25			       ? "servers"
	       : type == 31			       ? "domains"
	       : type == 3 || type == 24 || type == 38 ? "prefix"
						       : "type";
	if (member_text(s, t, o, *bad, txt, sizeof(txt)) < 0)
		return -1;
	key = *bad;
	*bad = "lifetime";
	if (member_num(s, t, o, "lifetime", 0xffffffffLL, 1800, &a) < 0)
		return -1;
	*bad = key; /* what the encoders below refuse */
	switch (type) {
	case 1:
	case 2:
		return inj_opt_lla(b, (int)type, txt, errbuf);
	case 3:
		return prefix_opt(s, t, o, txt, b, bad, errbuf);
	case 14:
		if (cli_hex(txt, sizeof(b->b) - b->len - 2, "nonce",
			    b->b + at + 2, &len, errbuf) < 0 ||
		    (len + 2) % 8 || !len)
			return -1;
		b->b[at] = 14;
		b->b[at + 1] = (uint8_t)((len + 2) / 8);
		b->len += len + 2;
		return 0;
	case 24:
		snprintf(arg, sizeof(arg), "%s,%lld", txt, a);
		if (inj_opt_route(b, arg, errbuf) < 0)
			return -1;
		*bad = "pref";
		if (member_text(s, t, o, "pref", pref, sizeof(pref)) < 0)
			snprintf(pref, sizeof(pref), "medium");
		for (k = 0; k < 4 && strcmp(pref, prefs[k]); k++)
			;
		if (k == 4)
			return -1;
		b->b[at + 3] = (uint8_t)(k << 3);
		return 0;
	case 25:
	case 31:
		if ((type == 25 ? inj_opt_rdnss : inj_opt_dnssl)(b, txt,
								 errbuf) < 0)
			return -1;
		wr_be32(b->b + at + 4, (uint32_t)a);
		return 0;
	case 38:
		if (inj_opt_pref64(b, txt, errbuf) < 0)
			return -1;
		op = b->b + at;
		wr_be16(op + 2,
			(uint16_t)((a / 8) << 3 | (rd_be16(op + 2) & 7)));
		return 0;
	}
	*bad = "type";
	return -1;
}

/* An option, then its "len" padding. */
static int
nd_entry(const char *s, const struct json_tok *t, int o, struct inj_body *b,
	 const char **bad, char *errbuf)
{
	size_t at = b->len;

	if (one_opt(s, t, o, b, bad, errbuf) < 0)
		return -1;
	*bad = "len";
	return opt_len(s, t, o, b, at);
}

typedef int entry_fn(const char *s, const struct json_tok *t, int o,
		     struct inj_body *b, const char **bad, char *errbuf);

/* Each object of array arr (the value of key) through fn into b; a bad
 * one named "key[N].KEY". */
static int
each_entry(const char *s, const struct json_tok *t, int arr, const char *key,
	   entry_fn *fn, struct inj_body *b, char *errbuf)
{
	const char *bad = "";
	char why[CLI_ERRBUF];
	uint32_t i;
	int e;

	b->len = 0;
	b->n = 0;
	if (t[arr].type != JSON_ARR) {
		cli_err(errbuf, "key '%s': not an array", key);
		return -1;
	}
	for (i = 0, e = arr + 1; i < t[arr].n; i++, e = (int)t[e].end) {
		errbuf[0] = 0;
		if (t[e].type != JSON_OBJ) {
			cli_err(errbuf, "key '%s[%u]': not an object", key, i);
			return -1;
		}
		if (fn(s, t, e, b, &bad, errbuf) == 0)
			continue;
		snprintf(why, sizeof(why), "%s",
			 errbuf[0] ? errbuf : "not built");
		cli_err(errbuf, "key '%s[%u].%s': %.200s", key, i, bad, why);
		return -1;
	}
	return 0;
}

int
inj_json_ndopts(const char *s, const struct json_tok *t, int arr,
		struct inj_body *b, char *errbuf)
{
	return each_entry(s, t, arr, "options", nd_entry, b, errbuf);
}

/* One MLDv2 group record object o (RFC 3810 5.2.4) into b with --record's
 * encoder; aux_len words of zeros after it. */
static int
one_record(const char *s, const struct json_tok *t, int o, struct inj_body *b,
	   const char **bad, char *errbuf)
{
	char grp[64], srcs[1024], arg[1200];
	long long type, aux, nsrc;
	size_t at = b->len;
	int k = json_get(s, t, o, "sources");

	*bad = "type";
	if (member_num(s, t, o, "type", 6, -1, &type) < 0 || type < 1)
		return -1;
	*bad = "group";
	if (member_text(s, t, o, "group", grp, sizeof(grp)) < 0)
		return -1;
	*bad = "sources";
	srcs[0] = 0;
	if (k >= 0 && (t[k].type != JSON_ARR ||
		       (t[k].n && member_text(s, t, o, "sources", srcs,
					      sizeof(srcs)) < 0)))
		return -1;
	*bad = "nsrc";
	if (member_num(s, t, o, "nsrc", 65535, k >= 0 ? t[k].n : 0, &nsrc) <
		    0 ||
	    nsrc != (k >= 0 ? t[k].n : 0)) {
		cli_err(errbuf, "not the number of sources (a truncated record "
				"is not rebuilt)");
		return -1;
	}
	*bad = "aux_len";
	if (member_num(s, t, o, "aux_len", 255, 0, &aux) < 0)
		return -1;
	snprintf(arg, sizeof(arg), "%lld,%s%s%s", type, grp, srcs[0] ? "," : "",
		 srcs);
	*bad = "sources";
	if (inj_lst_record(b, arg, errbuf) < 0)
		return -1;
	*bad = "aux_len";
	if (b->len + (size_t)aux * 4 > sizeof(b->b))
		return -1;
	memset(b->b + b->len, 0, (size_t)aux * 4);
	b->len += (size_t)aux * 4;
	b->b[at + 1] = (uint8_t)aux;
	return 0;
}

int
inj_json_records(const char *s, const struct json_tok *t, int arr,
		 struct inj_body *b, char *errbuf)
{
	return each_entry(s, t, arr, "group_records", one_record, b, errbuf);
}

int
inj_json_body(const char *s, const struct json_tok *t, int ver, int type,
	      uint8_t **body, size_t *blen, char *errbuf)
{
	static struct inj_body b;
	int k = json_get(s, t, 0, "options"),
	    r = json_get(s, t, 0, "group_records");

	if (ver == 6 && type == 143 && r >= 0) {
		if (inj_json_records(s, t, r, &b, errbuf) < 0)
			return -1;
	} else if (k < 0 || ver != 6 || type < 133 || type > 137) {
		return 0;
	} else if (inj_json_ndopts(s, t, k, &b, errbuf) < 0) {
		return -1;
	}
	*body = malloc(b.len + 1);
	if (!*body) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	memcpy(*body, b.b, b.len);
	*blen = b.len;
	return 0;
}

void
inj_json_count(const char *s, const struct json_tok *t, struct inj_pkt *p)
{
	int r = json_get(s, t, 0, "group_records");

	if (p->ver == 6 && p->t->type == 143 && r >= 0 &&
	    t[r].type == JSON_ARR && json_get(s, t, 0, "records") < 0 &&
	    p->msg_len >= 8)
		wr_be16(p->msg + 6, (uint16_t)t[r].n);
}
