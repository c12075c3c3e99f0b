/* Tunnel layers in front of the ICMP message's IP header: text (-v) and
 * JSON ("outer"). */
#include "print_int.h"

static void
pr_lfield_text(struct obuf *o, const struct dec_lfield *f,
	       const struct dec_layer *l)
{
	static const char *const roman[] = {"I", "II", "III"};
	uint32_t v;

	if (f->kind == DEC_LK_FLAG || f->kind == DEC_LK_LIT) {
		if (f->kind == DEC_LK_LIT || (l->flags & f->need))
			ob_str(o, f->text);
		return;
	}
	ob_str(o, l->ver == 6 && f->text6 ? f->text6 : f->text);
	switch (f->kind) {
	case DEC_LK_ADDR:
		ob_addr(o, l->ver, dec_lfield_bytes(f, l));
		break;
	case DEC_LK_MAC:
		ob_mac(o, dec_lfield_bytes(f, l));
		break;
	case DEC_LK_HEX:
		ob_hex(o, dec_lfield_uint(f, l), 2 * f->size);
		break;
	case DEC_LK_ROMAN:
		v = dec_lfield_uint(f, l);
		ob_str(o, roman[v >= 1 && v <= 3 ? v - 1 : 2]);
		break;
	default:
		ob_u64(o, dec_lfield_uint(f, l));
		break;
	}
	if (f->suffix)
		ob_str(o, f->suffix);
}

static void
pr_layer_text(struct obuf *o, const struct dec_layer *l)
{
	size_t n, i;
	const struct dec_lfield *f = dec_layer_fields(l->kind, &n);

	for (i = 0; i < n; i++)
		if (f[i].text && dec_lfield_applies(&f[i], l))
			pr_lfield_text(o, &f[i], l);
}

static void
js_lfield(struct obuf *o, const struct dec_lfield *f, const struct dec_layer *l)
{
	OB_LIT(o, ",\"");
	ob_str(o, f->json);
	OB_LIT(o, "\":");
	switch (f->kind) {
	case DEC_LK_ADDR:
		ob_char(o, '"');
		ob_addr(o, l->ver, dec_lfield_bytes(f, l));
		ob_char(o, '"');
		break;
	case DEC_LK_MAC:
		ob_char(o, '"');
		ob_mac(o, dec_lfield_bytes(f, l));
		ob_char(o, '"');
		break;
	case DEC_LK_FLAG:
		ob_str(o, (l->flags & f->need) ? "true" : "false");
		break;
	default:
		ob_u64(o, dec_lfield_uint(f, l));
		break;
	}
}

static void
js_layer(struct obuf *o, const struct dec_layer *l)
{
	size_t n, i;
	const struct dec_lfield *f = dec_layer_fields(l->kind, &n);

	OB_LIT(o, "{\"layer\":\"");
	ob_str(o, dec_layer_name(l->kind));
	ob_char(o, '"');
	for (i = 0; i < n; i++)
		if (f[i].json && dec_lfield_applies(&f[i], l))
			js_lfield(o, &f[i], l);
	ob_char(o, '}');
}

/* The layers outermost first: -v text after the message line, or the
 * "outer" array. */
void
pr_outer(struct obuf *o, const struct dec_pkt *d, int json)
{
	int i;

	ob_str(o, json ? ",\"outer\":[" : "\n\touter: ");
	for (i = 0; i < d->nouter; i++) {
		if (i)
			ob_str(o, json ? "," : ": ");
		if (json)
			js_layer(o, &d->outer[i]);
		else
			pr_layer_text(o, &d->outer[i]);
	}
	if (json)
		ob_char(o, ']');
}
