/* The strict JSON parser of json.h: recursive descent, depth bounded by
 * JSON_MAX_DEPTH, tokens by the caller's array. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"

struct jp {
	const char *s;
	size_t n, i;
	struct json_tok *t;
	int max, nt;
	char *errbuf;
};

static int
jp_fail(struct jp *p, const char *why)
{
	snprintf(p->errbuf, CLI_ERRBUF, "at byte %zu: %s", p->i + 1, why);
	return -1;
}

static void
jp_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
			       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int
jp_tok(struct jp *p, int type)
{
	if (p->nt == p->max)
		return jp_fail(p, "too many values in one object");
	memset(&p->t[p->nt], 0, sizeof(p->t[0]));
	p->t[p->nt].type = (uint8_t)type;
	p->t[p->nt].start = (uint32_t)p->i;
	return p->nt++;
}

static int
hex4(const char *s, unsigned *v)
{
	int k;

	*v = 0;
	for (k = 0; k < 4; k++) {
		char c = s[k];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static int
jp_string(struct jp *p)
{
	int k = jp_tok(p, JSON_STR);
	unsigned u;

	if (k < 0)
		return -1;
	p->i++; /* the quote */
	p->t[k].start = (uint32_t)p->i;
	while (p->i < p->n && p->s[p->i] != '"') {
		unsigned char c = (unsigned char)p->s[p->i];

		if (c < 0x20)
			return jp_fail(p, "control character in a string");
		if (c == '\\') {
			if (p->i + 1 >= p->n)
				break;
			c = (unsigned char)p->s[++p->i];
			if (c == 'u') {
				if (p->i + 4 >= p->n ||
				    hex4(p->s + p->i + 1, &u) < 0)
					return jp_fail(p, "bad \\u escape");
				p->i += 4;
			} else if (!strchr("\"\\/bfnrt", c) || !c) {
				return jp_fail(p, "bad escape in a string");
			}
		}
		p->i++;
	}
	if (p->i >= p->n)
		return jp_fail(p, "unterminated string");
	p->t[k].len = (uint32_t)(p->i - p->t[k].start);
	p->i++;
	p->t[k].end = (uint32_t)p->nt;
	return k;
}

static size_t
digits(const char *s, size_t i, size_t n)
{
	size_t j = i;

	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

/* RFC 8259 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int
jp_number(struct jp *p)
{
	int k = jp_tok(p, JSON_NUM);
	size_t d;

	if (k < 0)
		return -1;
	if (p->s[p->i] == '-')
		p->i++;
	d = digits(p->s, p->i, p->n);
	if (!d || (d > 1 && p->s[p->i] == '0'))
		return jp_fail(p, "bad number");
	p->i += d;
	if (p->i < p->n && p->s[p->i] == '.') {
		d = digits(p->s, ++p->i, p->n);
		if (!d)
			return jp_fail(p, "bad number");
		p->i += d;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		d = digits(p->s, p->i, p->n);
		if (!d)
			return jp_fail(p, "bad number");
		p->i += d;
	}
	p->t[k].len = (uint32_t)(p->i - p->t[k].start);
	p->t[k].end = (uint32_t)p->nt;
	return k;
}

static int
jp_word(struct jp *p)
{
	static const struct {
		const char *w;
		int type;
	} words[] = {{"true", JSON_TRUE},
		     {"false", JSON_FALSE},
		     {"null", JSON_NULL}};
	size_t k;

	for (k = 0; k < 3; k++) {
		size_t l = strlen(words[k].w);
		int t;

		if (p->n - p->i < l || memcmp(p->s + p->i, words[k].w, l))
			continue;
		t = jp_tok(p, words[k].type);
		if (t < 0)
			return -1;
		p->i += l;
		p->t[t].len = (uint32_t)l;
		p->t[t].end = (uint32_t)p->nt;
		return t;
	}
	return jp_fail(p, "not a JSON value");
}

static int jp_value(struct jp *p, int depth);

/* An object's or array's members, after its opening bracket. */
static int
jp_members(struct jp *p, int k, int depth, char close)
{
	int obj = close == '}';

	jp_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return 0;
	}
	for (;;) {
		jp_ws(p);
		if (obj) {
			if (p->i >= p->n || p->s[p->i] != '"')
				return jp_fail(p, "expected a key");
			if (jp_string(p) < 0)
				return -1;
			jp_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return jp_fail(p, "expected ':'");
			p->i++;
		}
		if (jp_value(p, depth + 1) < 0)
			return -1;
		p->t[k].n++;
		jp_ws(p);
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == close) {
			p->i++;
			return 0;
		}
		return jp_fail(p, obj ? "expected ',' or '}'"
				      : "expected ',' or ']'");
	}
}

static int
jp_value(struct jp *p, int depth)
{
	int k;
	char c;

	jp_ws(p);
	if (p->i >= p->n)
		return jp_fail(p, "unexpected end");
	c = p->s[p->i];
	if (c == '"')
		return jp_string(p);
	if (c == '-' || (c >= '0' && c <= '9'))
		return jp_number(p);
	if (c != '{' && c != '[')
		return jp_word(p);
	if (depth >= JSON_MAX_DEPTH)
		return jp_fail(p, "nested too deep");
	k = jp_tok(p, c == '{' ? JSON_OBJ : JSON_ARR);
	if (k < 0)
		return -1;
	p->i++;
	if (jp_members(p, k, depth, c == '{' ? '}' : ']') < 0)
		return -1;
	p->t[k].len = (uint32_t)(p->i - p->t[k].start);
	p->t[k].end = (uint32_t)p->nt;
	return k;
}

int
json_parse(const char *s, size_t n, struct json_tok *t, int max, char *errbuf)
{
	struct jp p = {s, n, 0, t, max, 0, errbuf};

	if (jp_value(&p, 0) < 0)
		return -1;
	jp_ws(&p);
	if (p.i != n)
		return jp_fail(&p, "text after the value");
	return p.nt;
}

/* Undo escapes of token i into out (NULL: only compare with cmp). */
static int
unescape(const char *s, const struct json_tok *t, int i, char *out, size_t size)
{
	const char *q = s + t[i].start, *e = q + t[i].len;
	size_t o = 0;
	unsigned u;

	for (; q < e; q++) {
		char c = *q;

		if (c == '\\') {
			c = *++q;
			if (c == 'u') {
				hex4(q + 1, &u);
				q += 4;
				if (!u || u > 0x7f)
					return -1; /* only ASCII is useful here
						    */
				c = (char)u;
			} else {
				const char *from = "\"\\/bfnrt",
					   *to = "\"\\/\b\f\n\r\t";

				c = to[strchr(from, c) - from];
			}
		}
		if (o + 1 >= size)
			return -1;
		out[o++] = c;
	}
	out[o] = 0;
	return (int)o;
}

int
json_str(const char *s, const struct json_tok *t, int i, char *out, size_t size)
{
	if (i < 0 || t[i].type != JSON_STR)
		return -1;
	return unescape(s, t, i, out, size);
}

int
json_eq(const char *s, const struct json_tok *t, int i, const char *key)
{
	char buf[64];
	size_t l = strlen(key);

	if (t[i].type != JSON_STR)
		return 0;
	if (t[i].len == l && !memcmp(s + t[i].start, key, l))
		return 1;
	return unescape(s, t, i, buf, sizeof(buf)) >= 0 && !strcmp(buf, key);
}

int
json_get(const char *s, const struct json_tok *t, int obj, const char *key)
{
	uint32_t k, i;

	if (obj < 0 || t[obj].type != JSON_OBJ)
		return -1;
	for (k = 0, i = (uint32_t)obj + 1; k < t[obj].n; k++) {
		if (json_eq(s, t, (int)i, key))
			return (int)i + 1;
		i = t[i + 1].end;
	}
	return -1;
}

int
json_int(const char *s, const struct json_tok *t, int i, long long min,
	 long long max, long long *v)
{
	char buf[32], *end;
	long long x;

	if (i < 0 || t[i].type != JSON_NUM || t[i].len >= sizeof(buf))
		return -1;
	memcpy(buf, s + t[i].start, t[i].len);
	buf[t[i].len] = 0;
	x = strtoll(buf, &end, 10);
	if (*end || x < min || x > max)
		return -1;
	*v = x;
	return 0;
}
