/* Tunnel layers in front of the ICMP message's IP header: text (-v) and
 * JSON ("outer"). */
#include "print_int.h"

static void
pr_layer_text(struct obuf *o, const struct dec_layer *l)
{
	switch (l->kind) {
	case DEC_L_IP:
		ob_str(o, l->ver == 6 ? "IP6 " : "IP ");
		ob_addr(o, l->ver, l->src);
		OB_LIT(o, " > ");
		ob_addr(o, l->ver, l->dst);
		ob_str(o, l->ver == 6 ? " (hlim " : " (ttl ");
		ob_u64(o, l->ttl);
		OB_LIT(o, ", proto ");
		ob_u64(o, l->proto);
		ob_char(o, ')');
		break;
	case DEC_L_GRE:
		OB_LIT(o, "GRE (proto 0x");
		ob_hex(o, l->etype, 4);
		if (l->flags & DEC_LF_KEY) {
			OB_LIT(o, ", key 0x");
			ob_hex(o, l->id, 8);
		}
		if (l->flags & DEC_LF_SEQ) {
			OB_LIT(o, ", seq ");
			ob_u64(o, l->seq);
		}
		if (l->flags & DEC_LF_CSUM)
			OB_LIT(o, ", csum");
		ob_char(o, ')');
		break;
	case DEC_L_ERSPAN:
		OB_LIT(o, "ERSPAN type ");
		ob_str(o, l->ver == 1 ? "I" : l->ver == 2 ? "II" : "III");
		if (l->ver > 1) {
			OB_LIT(o, " (session ");
			ob_u64(o, l->id);
			OB_LIT(o, ", vlan ");
			ob_u64(o, l->vlan);
			ob_char(o, ')');
		}
		break;
	case DEC_L_UDP:
		OB_LIT(o, "UDP ");
		ob_u64(o, l->sport);
		OB_LIT(o, " > ");
		ob_u64(o, l->dport);
		break;
	case DEC_L_VXLAN:
	case DEC_L_GENEVE:
		ob_str(o,
		       l->kind == DEC_L_VXLAN ? "VXLAN (vni " : "Geneve (vni ");
		ob_u64(o, l->id);
		if (l->kind == DEC_L_GENEVE) {
			OB_LIT(o, ", proto 0x");
			ob_hex(o, l->etype, 4);
		}
		ob_char(o, ')');
		break;
	case DEC_L_MPLS:
		OB_LIT(o, "MPLS (label ");
		ob_u64(o, l->id);
		OB_LIT(o, ", tc ");
		ob_u64(o, l->tc);
		if (l->flags & DEC_LF_BOS)
			OB_LIT(o, ", [S]");
		OB_LIT(o, ", ttl ");
		ob_u64(o, l->ttl);
		if (l->flags & DEC_LF_CW)
			OB_LIT(o, ", control word");
		ob_char(o, ')');
		break;
	case DEC_L_ETH:
		OB_LIT(o, "ether ");
		ob_mac(o, l->src);
		OB_LIT(o, " > ");
		ob_mac(o, l->dst);
		if (l->flags & DEC_LF_VLAN) {
			OB_LIT(o, " (vlan ");
			ob_u64(o, l->vlan);
			ob_char(o, ')');
		}
		break;
	}
}

void
pr_outer_text(struct obuf *o, const struct dec_pkt *d)
{
	int i;

	OB_LIT(o, "\n\touter: ");
	for (i = 0; i < d->nouter; i++) {
		if (i)
			OB_LIT(o, ": ");
		pr_layer_text(o, &d->outer[i]);
	}
}

static void
js_layer(struct obuf *o, const struct dec_layer *l)
{
	OB_LIT(o, "{\"layer\":\"");
	ob_str(o, dec_layer_name(l->kind));
	ob_char(o, '"');
	switch (l->kind) {
	case DEC_L_IP:
		js_u(o, "ip", l->ver);
		js_addr(o, "src", l->ver, l->src);
		js_addr(o, "dst", l->ver, l->dst);
		js_u(o, "ttl", l->ttl);
		js_u(o, "proto", l->proto);
		break;
	case DEC_L_GRE:
		js_u(o, "proto", l->etype);
		if (l->flags & DEC_LF_KEY)
			js_u(o, "key", l->id);
		if (l->flags & DEC_LF_SEQ)
			js_u(o, "seq", l->seq);
		if (l->flags & DEC_LF_CSUM)
			OB_LIT(o, ",\"csum\":true");
		break;
	case DEC_L_ERSPAN:
		js_u(o, "type", l->ver);
		if (l->ver > 1) {
			js_u(o, "session", l->id);
			js_u(o, "vlan", l->vlan);
			js_u(o, "cos", l->tc);
		}
		break;
	case DEC_L_UDP:
		js_u(o, "sport", l->sport);
		js_u(o, "dport", l->dport);
		break;
	case DEC_L_VXLAN:
		js_u(o, "vni", l->id);
		break;
	case DEC_L_GENEVE:
		js_u(o, "vni", l->id);
		js_u(o, "proto", l->etype);
		break;
	case DEC_L_MPLS:
		js_u(o, "label", l->id);
		js_u(o, "tc", l->tc);
		js_b(o, "s", l->flags & DEC_LF_BOS);
		js_u(o, "ttl", l->ttl);
		if (l->flags & DEC_LF_CW)
			OB_LIT(o, ",\"cw\":true");
		break;
	case DEC_L_ETH:
		OB_LIT(o, ",\"src\":\"");
		ob_mac(o, l->src);
		OB_LIT(o, "\",\"dst\":\"");
		ob_mac(o, l->dst);
		ob_char(o, '"');
		if (l->flags & DEC_LF_VLAN)
			js_u(o, "vlan", l->vlan);
		js_u(o, "ethertype", l->etype);
		break;
	}
	ob_char(o, '}');
}

void
js_outer(struct obuf *o, const struct dec_pkt *d)
{
	int i;

	OB_LIT(o, ",\"outer\":[");
	for (i = 0; i < d->nouter; i++) {
		if (i)
			ob_char(o, ',');
		js_layer(o, &d->outer[i]);
	}
	ob_char(o, ']');
}
