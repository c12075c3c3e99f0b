/* Internal to the printers (print*.c): helpers both formats use, and the
 * parts of a message each file prints.  The text and JSON formatters of
 * the per-type fields walk one description (fields.h). */
#ifndef ICMPKIT_DECODE_PRINT_INT_H
#define ICMPKIT_DECODE_PRINT_INT_H

#include "fields.h"
#include "print.h"

/* A row's label or key (fields.h): one constant-size copy when the
 * buffer has room, the bytes past n are overwritten later. */
static inline void
pr_str(struct obuf *o, const struct dec_str *t)
{
	if (o->cap - o->len >= sizeof(t->s)) {
		memcpy(o->buf + o->len, t->s, sizeof(t->s));
		o->len += t->n;
	} else {
		ob_mem(o, t->s, t->n);
	}
}

/* Inline so that the compiler knows the lengths of the words (the
 * checksum is in every JSON object). */
static inline const char *
pr_ck_word(int st)
{
	return st == DEC_CK_OK ? "ok" : st == DEC_CK_BAD ? "bad" : "unverified";
}

/* print.c: names and small formatters. */
void pr_name(struct obuf *o, const char *name, const char *unknown,
	     uint64_t num);
void pr_item_head(struct obuf *o, const char *name, const char *unknown,
		  uint64_t num, const char *label);
void pr_type(struct obuf *o, const struct dec_icmp *m);
void pr_code_text(struct obuf *o, const struct dec_icmp *m);
void pr_ms(struct obuf *o, int64_t ns);
void pr_bits(struct obuf *o, uint32_t v, const char *letters, uint32_t top);
void pr_hexbytes(struct obuf *o, const uint8_t *p, size_t n);
void pr_ifaddr(struct obuf *o, const struct dec_ifinfo *r);
const char *pr_ext_ck_word(int st);
const char *pr_extobj_error(const struct dec_extobj *ob);
const char *pr_route_pref(int pref);
const char *pr_ndopt_error(int bad);
void js_addrs6(struct obuf *o, const uint8_t *list, size_t n);

/* print_say.c: what an error says happened, from its quote. */
int pr_say_text(struct obuf *o, const struct dec_icmp *m);

/* print_layer.c: tunnel layers. */
void pr_outer(struct obuf *o, const struct dec_pkt *d, int json, int hdr);
void pr_ip_payload(struct obuf *o, const struct dec_pkt *d);
void pr_fixed_payload(struct obuf *o, const struct dec_icmp *m);
void pr_vlan_payload(struct obuf *o, const struct dec_link *l);

/* print_ext.c: RFC 4884 extension structures. */
void pr_ext_text(struct obuf *o, const struct dec_icmp *m);
void js_ext(struct obuf *o, const struct dec_icmp *m);

/* print_nd.c: ND options (-vv in text). */
void pr_ndopts_text(struct obuf *o, const struct dec_icmp *m);
void js_ndopts(struct obuf *o, const struct dec_icmp *m);

/* JSON members.  Keys are literals: each key with its comma, quotes and
 * colon is one constant-size copy. */
#define JS_KEY(o, k) OB_LIT(o, ",\"" k "\":")
#define js_u(o, k, v)                                                          \
	do {                                                                   \
		JS_KEY(o, k);                                                  \
		ob_u64(o, v);                                                  \
	} while (0)
#define js_s(o, k, v)                                                          \
	do {                                                                   \
		OB_LIT(o, ",\"" k "\":\"");                                    \
		ob_str(o, v);                                                  \
		ob_char(o, '"');                                               \
	} while (0)
#define js_addr(o, k, ver, a)                                                  \
	do {                                                                   \
		OB_LIT(o, ",\"" k "\":\"");                                    \
		ob_addr(o, ver, a);                                            \
		ob_char(o, '"');                                               \
	} while (0)
#define js_b(o, k, v)                                                          \
	do {                                                                   \
		JS_KEY(o, k);                                                  \
		ob_str(o, (v) ? "true" : "false");                             \
	} while (0)
/* Milliseconds with every nanosecond the timestamps carry. */
#define js_ms(o, k, ns)                                                        \
	do {                                                                   \
		JS_KEY(o, k);                                                  \
		ob_fixed(o, ns, 6);                                            \
	} while (0)

#endif
