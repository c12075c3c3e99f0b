/* ND options, decoded by dec_ndopt_val(): one line each at -vv in text,
 * the "options" array in JSON. */
#include "print_int.h"

/* The option's prefix: "addr/len", or PREF64's address alone when its
 * length code is invalid (v->plen 0). */
static void
pr_prefix(struct obuf *o, const struct dec_ndopt *op, const struct dec_ndval *v)
{
	ob_ip6(o, v->prefix);
	if (v->plen || op->type != DEC_ND_PREF64) {
		ob_char(o, '/');
		ob_u64(o, v->plen);
	}
}

static void
pr_dnssl_text(struct obuf *o, const struct dec_ndval *v)
{
	struct dec_dnsname nm;
	size_t off = 0;

	while (dec_dnssl_next(v, &off, &nm)) {
		OB_LIT(o, ", ");
		/* Wire bytes: escaped the JSON way in text output too. */
		ob_json_esc(o, nm.text, nm.len);
	}
}

/* Text of the value after "name (type), length N: ". */
static void
pr_ndval_text(struct obuf *o, const struct dec_ndopt *op,
	      const struct dec_ndval *v)
{
	size_t i;

	switch (op->type) {
	case DEC_ND_SLLA:
	case DEC_ND_TLLA:
		ob_mac(o, v->mac);
		return;
	case DEC_ND_PREFIX:
		pr_prefix(o, op, v);
		OB_LIT(o, ", flags [");
		pr_bits(o, v->flags, "LA", 0x80);
		OB_LIT(o, "], valid ");
		ob_u64(o, v->valid);
		OB_LIT(o, "s, preferred ");
		ob_u64(o, v->preferred);
		ob_char(o, 's');
		return;
	case DEC_ND_MTU:
		ob_u64(o, v->mtu);
		return;
	case DEC_ND_ADV_INTERVAL:
		ob_u64(o, v->interval);
		OB_LIT(o, " ms");
		return;
	case DEC_ND_NONCE:
		OB_LIT(o, "0x");
		pr_hexbytes(o, v->nonce, v->nonce_len);
		return;
	}
	/* Route information, PREF64, RDNSS, DNSSL: lifetimes. */
	if (op->type == DEC_ND_ROUTE_INFO || op->type == DEC_ND_PREF64) {
		pr_prefix(o, op, v);
		if (!v->plen && op->type == DEC_ND_PREF64) {
			OB_LIT(o, ", plc ");
			ob_u64(o, v->plc);
			OB_LIT(o, " (invalid)");
		}
		if (op->type == DEC_ND_ROUTE_INFO) {
			OB_LIT(o, ", pref ");
			ob_str(o, pr_route_pref(v->pref));
		}
		OB_LIT(o, ", ");
	}
	OB_LIT(o, "lifetime ");
	ob_u64(o, v->lifetime);
	ob_char(o, 's');
	for (i = 0; i < v->naddrs; i++) {
		OB_LIT(o, ", ");
		ob_ip6(o, dec_addr6_at(v->addrs, i));
	}
	pr_dnssl_text(o, v);
}

static void
pr_ndopt_text(struct obuf *o, const struct dec_ndopt *op)
{
	struct dec_ndval v;

	pr_item_head(o, dec_ndopt_name(op->type), "option-", op->type, "");
	ob_u64(o, op->type);
	OB_LIT(o, "), length ");
	ob_u64(o, op->len);
	if (op->bad == DEC_NDOPT_ZERO)
		OB_LIT(o, " [malformed: zero length]");
	else if (op->bad == DEC_NDOPT_CUT)
		OB_LIT(o, " [truncated]");
	else if (op->bad)
		OB_LIT(o, " [malformed: overrun]");
	else if (dec_ndopt_val(op, &v)) {
		OB_LIT(o, ": ");
		pr_ndval_text(o, op, &v);
	}
}

void
pr_ndopts_text(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_ndopt op;
	size_t off = m->opt_off;

	while (dec_ndopt_next(m, &off, &op))
		pr_ndopt_text(o, &op);
}

/* JSON ------------------------------------------------------------------ */

static void
js_prefix(struct obuf *o, const struct dec_ndopt *op, const struct dec_ndval *v)
{
	OB_LIT(o, ",\"prefix\":\"");
	pr_prefix(o, op, v);
	ob_char(o, '"');
}

static void
js_dnssl(struct obuf *o, const struct dec_ndval *v)
{
	struct dec_dnsname nm;
	size_t off = 0;
	int first = 1;

	OB_LIT(o, ",\"domains\":[");
	while (dec_dnssl_next(v, &off, &nm)) {
		ob_str(o, first ? "\"" : ",\"");
		first = 0;
		ob_json_esc(o, nm.text, nm.len);
		ob_char(o, '"');
	}
	ob_char(o, ']');
}

static void
js_ndval(struct obuf *o, const struct dec_ndopt *op, const struct dec_ndval *v)
{
	switch (op->type) {
	case DEC_ND_SLLA:
	case DEC_ND_TLLA:
		OB_LIT(o, ",\"mac\":\"");
		ob_mac(o, v->mac);
		ob_char(o, '"');
		break;
	case DEC_ND_PREFIX:
		js_prefix(o, op, v);
		js_b(o, "onlink", v->flags & 0x80);
		js_b(o, "auto", v->flags & 0x40);
		js_u(o, "valid", v->valid);
		js_u(o, "preferred", v->preferred);
		break;
	case DEC_ND_MTU:
		js_u(o, "mtu", v->mtu);
		break;
	case DEC_ND_ADV_INTERVAL:
		js_u(o, "interval", v->interval);
		break;
	case DEC_ND_NONCE:
		OB_LIT(o, ",\"nonce\":\"");
		pr_hexbytes(o, v->nonce, v->nonce_len);
		ob_char(o, '"');
		break;
	case DEC_ND_ROUTE_INFO:
		js_prefix(o, op, v);
		js_s(o, "pref", pr_route_pref(v->pref));
		js_u(o, "lifetime", v->lifetime);
		break;
	case DEC_ND_PREF64:
		if (v->plen)
			js_prefix(o, op, v);
		js_u(o, "plc", v->plc);
		js_u(o, "lifetime", v->lifetime);
		break;
	case DEC_ND_RDNSS:
		js_u(o, "lifetime", v->lifetime);
		OB_LIT(o, ",\"servers\":");
		js_addrs6(o, v->addrs, v->naddrs);
		break;
	case DEC_ND_DNSSL:
		js_u(o, "lifetime", v->lifetime);
		js_dnssl(o, v);
		break;
	}
}

void
js_ndopts(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_ndopt op;
	struct dec_ndval v;
	size_t off = m->opt_off;
	const char *n;
	int first = 1;

	OB_LIT(o, ",\"options\":[");
	while (dec_ndopt_next(m, &off, &op)) {
		ob_str(o, first ? "{\"type\":" : ",{\"type\":");
		first = 0;
		ob_u64(o, op.type);
		n = dec_ndopt_name(op.type);
		if (n)
			js_s(o, "name", n);
		js_u(o, "len", op.len);
		if (op.bad)
			js_s(o, "error", pr_ndopt_error(op.bad));
		else if (dec_ndopt_val(&op, &v))
			js_ndval(o, &op, &v);
		ob_char(o, '}');
	}
	ob_char(o, ']');
}
