/* Printers: one line per message in text (after tcpdump -nn) or one JSON
 * object per message.  Everything goes through struct obuf.  This file
 * holds what both formats use; print_text.c and print_json.c are the two
 * formats, print_nd.c, print_ext.c and print_layer.c the parts of a
 * message that have their own structure, print_stats.c the summary. */
#include "print_int.h"

/* A name, or for a number without one the unknown prefix and the number
 * ("type-77", "option-99"). */
void
pr_name(struct obuf *o, const char *name, const char *unknown, uint64_t num)
{
	if (name) {
		ob_str(o, name);
	} else {
		ob_str(o, unknown);
		ob_u64(o, num);
	}
}

/* The head of one item of a list under a message (an ND option, an
 * extension object): a new indented line, its name, " (" and label, then
 * the caller's numbers. */
void
pr_item_head(struct obuf *o, const char *name, const char *unknown,
	     uint64_t num, const char *label)
{
	OB_LIT(o, "\n\t  ");
	pr_name(o, name, unknown, num);
	OB_LIT(o, " (");
	ob_str(o, label);
}

void
pr_type(struct obuf *o, const struct dec_icmp *m)
{
	pr_name(o, dec_type_name(m->ver, m->type), "type-", m->type);
}

/* Code names only for types that have codes; other non-zero codes are
 * shown by number so nothing unusual goes unseen. */
void
pr_code_text(struct obuf *o, const struct dec_icmp *m)
{
	const char *c = dec_code_name(m->ver, m->type, m->code);

	if (c) {
		OB_LIT(o, " (");
		ob_str(o, c);
		ob_char(o, ')');
	} else if (m->code) {
		OB_LIT(o, " (code ");
		ob_u64(o, m->code);
		ob_char(o, ')');
	}
}

void
pr_ms(struct obuf *o, int64_t ns)
{
	/* Three decimals of a millisecond, rounded. */
	ob_fixed(o, ns >= 0 ? (ns + 500) / 1000 : (ns - 500) / 1000, 3);
}

/* Flag letters: bit 'top' is letters[0], the next lower bit letters[1]... */
void
pr_bits(struct obuf *o, uint32_t v, const char *letters, uint32_t top)
{
	for (; *letters && top; letters++, top >>= 1)
		if (v & top)
			ob_char(o, *letters);
}

void
pr_hexbytes(struct obuf *o, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ob_hex(o, p[i], 2);
}

void
pr_ifaddr(struct obuf *o, const struct dec_ifinfo *r)
{
	if (r->afi == 1)
		ob_ip4(o, r->addr);
	else
		ob_ip6(o, r->addr);
}

const char *
pr_ext_ck_word(int st)
{
	return st == DEC_CK_OK	     ? "ok"
	       : st == DEC_CK_BAD    ? "bad"
	       : st == DEC_CK_ABSENT ? "none"
				     : "unverified";
}

const char *
pr_extobj_error(const struct dec_extobj *ob)
{
	switch (ob->bad) {
	case DEC_EXT_SHORT:
		return "short";
	case DEC_EXT_OVERRUN:
		return "overrun";
	case DEC_EXT_HDR:
		return "header-overrun";
	case DEC_EXT_CUT:
		return "truncated";
	default:
		return NULL;
	}
}

const char *
pr_route_pref(int pref)
{
	static const char *const names[] = {"medium", "high", "reserved",
					    "low"};

	return names[pref & 3];
}

/* The JSON word of a bad ND option (text says more: print_nd.c). */
const char *
pr_ndopt_error(int bad)
{
	return bad == DEC_NDOPT_ZERO  ? "zero-length"
	       : bad == DEC_NDOPT_CUT ? "truncated"
				      : "overrun";
}

/* An array of n IPv6 addresses from list. */
void
js_addrs6(struct obuf *o, const uint8_t *list, size_t n)
{
	size_t i;

	ob_char(o, '[');
	for (i = 0; i < n; i++) {
		ob_str(o, i ? ",\"" : "\"");
		ob_ip6(o, dec_addr6_at(list, i));
		ob_char(o, '"');
	}
	ob_char(o, ']');
}
