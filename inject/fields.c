/* Fields by their JSON key, the builder direction of decode/fields.h:
 * the same key names an option of send, a member of --from-json's
 * objects and a member of read -j's output, and the row says where its
 * value goes in the message. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../decode/fields.h"
#include "inj.h"

static int
parse_bool(const char *val, uint32_t *v)
{
	if (!strcmp(val, "true") || !strcmp(val, "1"))
		*v = 1;
	else if (!strcmp(val, "false") || !strcmp(val, "0"))
		*v = 0;
	else
		return -1;
	return 0;
}

static int
parse_value(const struct dec_field *f, const char *val, struct inj_set *st,
	    const char *what, char *errbuf)
{
	size_t n = 0;
	long long x;

	switch (f->kind) {
	case DEC_FK_IP4:
	case DEC_FK_IP6:
		if (inet_pton(f->kind == DEC_FK_IP6 ? AF_INET6 : AF_INET, val,
			      st->b) != 1) {
			cli_err(errbuf, "%s '%s': not an IPv%d address", what,
				val, f->kind == DEC_FK_IP6 ? 6 : 4);
			return -1;
		}
		return 0;
	case DEC_FK_HEX:
		if (cli_hex(val, sizeof(st->b), what, st->b, &n, errbuf) < 0)
			return -1;
		if (n != f->wire_len) {
			cli_err(errbuf, "%s '%s': give %u bytes of hex", what,
				val, f->wire_len);
			return -1;
		}
		return 0;
	case DEC_FK_BOOL:
		if (parse_bool(val, &st->v) < 0) {
			cli_err(errbuf, "%s '%s': use true or false", what,
				val);
			return -1;
		}
		return 0;
	default:
		if (cli_num_base(val, 0, 0, dec_field_max(f), what, &x,
				 errbuf) < 0)
			return -1;
		st->v = (uint32_t)x;
		return 0;
	}
}

int
inj_field_parse(struct inj_pkt *p, const char *key, const char *val,
		const char *what, char *errbuf)
{
	const struct dec_field *f =
		dec_field_find(p->ver, p->t->type, p->code, key);
	struct inj_set *st;

	if (!f) {
		cli_err(errbuf,
			"%s: not a field of %s code %u; see icmpkit "
			"send --list-types",
			what, inj_type_label(p->t), p->code);
		return -1;
	}
	if (p->nsets == INJ_MAX_SETS) {
		cli_err(errbuf, "%s: too many fields", what);
		return -1;
	}
	st = &p->sets[p->nsets];
	memset(st, 0, sizeof(*st));
	st->f = f;
	if (parse_value(f, val, st, what, errbuf) < 0)
		return -1;
	p->nsets++;
	if (p->t->ver == 4 && !strcmp(key, "originate"))
		p->ts_given = 1;
	return 0;
}

/* Where the rows of f's group end: a field given past the fixed part
 * (an MLDv2 query's QRV, a DODAGID) brings the rest of its group. */
static size_t
group_end(const struct inj_pkt *p, const struct dec_field *f)
{
	size_t n, i, end = (size_t)f->wire_off + f->wire_len;
	const struct dec_field *r = dec_fields(p->ver, p->t->type, &n);

	for (i = 0; f->when != DEC_FW_FIELDS && i < n; i++) {
		size_t e = (size_t)r[i].wire_off + r[i].wire_len;

		if (r[i].when == f->when && e > end &&
		    (!r[i].codes ||
		     (p->code < 32 && r[i].codes >> p->code & 1)))
			end = e;
	}
	return end;
}

int
inj_msg_make(struct inj_pkt *p, const uint8_t *body, size_t blen, char *errbuf)
{
	size_t fixed = dec_fixed_len(p->ver, p->t->type, p->code), len;
	int i;

	for (i = 0; i < p->nsets; i++) {
		size_t end = group_end(p, p->sets[i].f);

		if (end > fixed)
			fixed = end;
	}
	len = fixed + blen;
	if (len > 65535 - 40) {
		cli_err(errbuf, "--body: %zu bytes do not fit in one datagram",
			blen);
		return -1;
	}
	free(p->msg);
	p->msg = calloc(1, len);
	if (!p->msg) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	p->msg[0] = p->t->type;
	p->msg[1] = p->code;
	if (blen)
		memcpy(p->msg + fixed, body, blen);
	p->msg_len = (uint32_t)len;
	return 0;
}

void
inj_fields_apply(const struct inj_pkt *p, uint8_t *msg, size_t len)
{
	int i;

	for (i = 0; i < p->nsets; i++) {
		const struct inj_set *st = &p->sets[i];
		int k = st->f->kind;

		if (k == DEC_FK_IP4 || k == DEC_FK_IP6 || k == DEC_FK_HEX)
			dec_field_put_bytes(st->f, msg, len, st->b);
		else
			dec_field_put(st->f, msg, len, st->v);
	}
}
