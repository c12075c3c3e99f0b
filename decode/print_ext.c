/* RFC 4884 extension structures and their objects (RFC 4950 MPLS label
 * stacks, RFC 5837 and RFC 8335 interface information): text (-v) and
 * JSON ("ext"). */
#include "print_int.h"

/* RFC 5837 / RFC 8335 interface information, after the object header. */
static void
pr_ifinfo_text(struct obuf *o, const struct dec_extobj *ob)
{
	struct dec_ifinfo r;
	int sep = 0;

	dec_ext_ifinfo(ob, &r);
	OB_LIT(o, ":");
	if (ob->cls == DEC_EXT_IFINFO) {
		ob_char(o, ' ');
		ob_str(o, dec_ext_role_name(r.role));
		sep = 1;
	}
	if (r.has_ifindex) {
		ob_str(o, sep ? ", ifindex " : " ifindex ");
		ob_u64(o, r.ifindex);
		sep = 1;
	}
	if (r.has_addr) {
		ob_str(o, sep ? ", addr " : " addr ");
		pr_ifaddr(o, &r);
		sep = 1;
	}
	if (r.has_name) {
		ob_str(o, sep ? ", name \"" : " name \"");
		ob_json_esc(o, (const char *)r.name, r.name_bytes);
		ob_char(o, '"');
		sep = 1;
	}
	if (r.has_mtu) {
		ob_str(o, sep ? ", mtu " : " mtu ");
		ob_u64(o, r.mtu);
	}
	if (r.why && !(ob->bad && r.ran_out)) {
		OB_LIT(o, " [malformed: ");
		ob_str(o, r.why);
		ob_char(o, ']');
	}
}

static void
pr_extobj_text(struct obuf *o, const struct dec_extobj *ob)
{
	const char *err = pr_extobj_error(ob);
	struct dec_mpls e;
	size_t i;

	pr_item_head(o, dec_ext_class_name(ob->cls), "class-", ob->cls,
		     "class ");
	ob_u64(o, ob->cls);
	OB_LIT(o, ", c-type ");
	ob_u64(o, ob->ctype);
	OB_LIT(o, "), length ");
	ob_u64(o, ob->len);
	if (err && ob->bad == DEC_EXT_CUT) {
		OB_LIT(o, " [truncated]");
	} else if (err) {
		OB_LIT(o, " [malformed: ");
		ob_str(o, err);
		ob_char(o, ']');
	}
	/* A cut or overrunning object is shown as far as it goes. */
	if (!ob->body_len)
		return;
	if (ob->cls == DEC_EXT_MPLS && ob->ctype == DEC_EXT_MPLS_INCOMING) {
		for (i = 0; dec_ext_mpls(ob, i, &e); i++) {
			ob_str(o, i ? "; label " : ": label ");
			ob_u64(o, e.label);
			OB_LIT(o, ", tc ");
			ob_u64(o, e.tc);
			if (e.s)
				OB_LIT(o, ", [S]");
			OB_LIT(o, ", ttl ");
			ob_u64(o, e.ttl);
		}
	} else if (ob->cls == DEC_EXT_IFINFO || ob->cls == DEC_EXT_IFID) {
		pr_ifinfo_text(o, ob);
	}
}

void
pr_ext_text(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_extobj ob;
	size_t off = (size_t)m->ext_off + 4;

	OB_LIT(o, "\n\textension v");
	ob_u64(o, m->ext_ver);
	OB_LIT(o, ", checksum 0x");
	ob_hex(o, m->ext_cksum, 4);
	OB_LIT(o, " (");
	ob_str(o, pr_ext_ck_word(m->ext_cksum_status));
	OB_LIT(o, "), length ");
	ob_u64(o, m->ext_len);
	if (m->ext_compat)
		OB_LIT(o, ", at 128 bytes without RFC 4884 length");
	if (m->ext_ver != 2)
		return;
	while (dec_extobj_next(m, &off, &ob))
		pr_extobj_text(o, &ob);
}

static void
js_extobj(struct obuf *o, const struct dec_extobj *ob)
{
	const char *n = dec_ext_class_name(ob->cls), *err;
	struct dec_ifinfo r;
	struct dec_mpls e;
	size_t i;

	OB_LIT(o, "{\"class\":");
	ob_u64(o, ob->cls);
	js_u(o, "ctype", ob->ctype);
	if (n)
		js_s(o, "name", n);
	js_u(o, "len", ob->len);
	err = pr_extobj_error(ob);
	if (err)
		js_s(o, "error", err);
	if (ob->body_len && ob->cls == DEC_EXT_MPLS &&
	    ob->ctype == DEC_EXT_MPLS_INCOMING) {
		OB_LIT(o, ",\"labels\":[");
		for (i = 0; dec_ext_mpls(ob, i, &e); i++) {
			ob_str(o, i ? ",{\"label\":" : "{\"label\":");
			ob_u64(o, e.label);
			js_u(o, "tc", e.tc);
			js_b(o, "s", e.s);
			js_u(o, "ttl", e.ttl);
			ob_char(o, '}');
		}
		ob_char(o, ']');
	} else if (ob->body_len &&
		   (ob->cls == DEC_EXT_IFINFO || ob->cls == DEC_EXT_IFID)) {
		dec_ext_ifinfo(ob, &r);
		if (ob->cls == DEC_EXT_IFINFO)
			js_s(o, "role", dec_ext_role_name(r.role));
		if (r.has_ifindex)
			js_u(o, "ifindex", r.ifindex);
		if (r.has_addr) {
			js_u(o, "afi", r.afi);
			OB_LIT(o, ",\"addr\":\"");
			pr_ifaddr(o, &r);
			ob_char(o, '"');
		}
		if (r.has_name) {
			OB_LIT(o, ",\"ifname\":\"");
			ob_json_esc(o, (const char *)r.name, r.name_bytes);
			ob_char(o, '"');
			js_u(o, "name_len", r.name_len);
		}
		if (r.has_mtu)
			js_u(o, "mtu", r.mtu);
		if (r.why && !(ob->bad && r.ran_out))
			js_s(o, "sub_error", r.why);
	}
	ob_char(o, '}');
}

void
js_ext(struct obuf *o, const struct dec_icmp *m)
{
	struct dec_extobj ob;
	size_t off = (size_t)m->ext_off + 4;
	int first = 1;

	OB_LIT(o, ",\"ext\":{\"version\":");
	ob_u64(o, m->ext_ver);
	js_s(o, "checksum", pr_ext_ck_word(m->ext_cksum_status));
	js_u(o, "cksum", m->ext_cksum);
	js_u(o, "len", m->ext_len);
	if (m->ext_compat)
		OB_LIT(o, ",\"compat\":true");
	if (m->ext_ver == 2) {
		OB_LIT(o, ",\"objects\":[");
		while (dec_extobj_next(m, &off, &ob)) {
			if (!first)
				ob_char(o, ',');
			first = 0;
			js_extobj(o, &ob);
		}
		ob_char(o, ']');
	}
	ob_char(o, '}');
}
