/* The default text line of an ICMP error says what happened, in the
 * words tcpdump uses: which host, port or protocol the quoted datagram
 * could not reach, and why ("203.0.113.2 udp port 33434 unreachable",
 * "host 203.0.113.99 unreachable - admin prohibited filter").  The
 * addresses, protocol and port come from the quote; without a captured
 * quoted header there is nothing to say beyond the code name. */
#include "print_int.h"

/* How a sentence names the quoted destination D. */
enum {
	SAY_BARE = 0, /* "D ..." */
	SAY_NET,      /* "net D ..." */
	SAY_HOST,     /* "host D ..." */
	SAY_PROTO,    /* "D protocol P unreachable" */
	SAY_PORT,     /* "D udp port N unreachable" */
	SAY_TIME,     /* "<tail> for D" */
	SAY_NOROUTE,  /* "no route to D" */
};

struct say {
	uint8_t how;
	uint8_t mtu;	  /* " (mtu N)" follows: frag needed */
	const char *tail; /* after D (before D for SAY_TIME) */
};

static const struct say say4_unreach[] = {
	[0] = {SAY_NET, 0, " unreachable"},
	[1] = {SAY_HOST, 0, " unreachable"},
	[2] = {SAY_PROTO, 0, " unreachable"},
	[3] = {SAY_PORT, 0, " unreachable"},
	[4] = {SAY_BARE, 1, " unreachable - frag needed and DF set"},
	[5] = {SAY_BARE, 0, " unreachable - source route failed"},
	[6] = {SAY_NET, 0, " unknown"},
	[7] = {SAY_HOST, 0, " unknown"},
	[8] = {SAY_HOST, 0, " unreachable - source host isolated"},
	[9] = {SAY_NET, 0, " unreachable - admin prohibited"},
	[10] = {SAY_HOST, 0, " unreachable - admin prohibited"},
	[11] = {SAY_NET, 0, " unreachable - tos prohibited"},
	[12] = {SAY_HOST, 0, " unreachable - tos prohibited"},
	[13] = {SAY_HOST, 0, " unreachable - admin prohibited filter"},
	[14] = {SAY_HOST, 0, " unreachable - host precedence violation"},
	[15] = {SAY_HOST, 0, " unreachable - precedence cutoff"},
};

static const struct say say6_unreach[] = {
	[0] = {SAY_NOROUTE, 0, ""},
	[1] = {SAY_BARE, 0, " unreachable - admin prohibited"},
	[2] = {SAY_BARE, 0, " unreachable - beyond scope"},
	[3] = {SAY_BARE, 0, " address unreachable"},
	[4] = {SAY_PORT, 0, " unreachable"},
	[5] = {SAY_BARE, 0, " unreachable - source address failed policy"},
	[6] = {SAY_BARE, 0, " unreachable - reject route"},
	[7] = {SAY_BARE, 0, " unreachable - source routing header error"},
};

/* Time exceeded: the same words in both families. */
static const struct say say_timex[] = {
	[0] = {SAY_TIME, 0, "time exceeded in-transit"},
	[1] = {SAY_TIME, 0, "ip reassembly time exceeded"},
};

/* A port unreachable quoting a datagram without ports. */
static const struct say say_noport = {SAY_BARE, 0, " port unreachable"};

static const struct say *
say_find(const struct dec_icmp *m)
{
	const struct say *t;
	size_t n;

	if (m->type ==
	    (m->ver == 6 ? DEC_T6_TIME_EXCEEDED : DEC_T4_TIME_EXCEEDED)) {
		t = say_timex;
		n = sizeof(say_timex) / sizeof(say_timex[0]);
	} else if (m->ver == 4 && m->type == DEC_T4_UNREACH) {
		t = say4_unreach;
		n = sizeof(say4_unreach) / sizeof(say4_unreach[0]);
	} else if (m->ver == 6 && m->type == DEC_T6_UNREACH) {
		t = say6_unreach;
		n = sizeof(say6_unreach) / sizeof(say6_unreach[0]);
	} else {
		return NULL;
	}
	return m->code < n ? &t[m->code] : NULL;
}

static void
say_proto(struct obuf *o, int proto)
{
	const char *pn = dec_proto_name(proto);

	if (pn)
		ob_str(o, pn);
	else
		ob_u64(o, (uint64_t)proto);
}

/* Returns 1 when it said something: the sentence then holds the
 * type's fields (the next-hop MTU). */
int
pr_say_text(struct obuf *o, const struct dec_icmp *m)
{
	const struct dec_quote *q = &m->q;
	const struct say *s = say_find(m);

	if (!s || !m->q.present || (q->ver != 4 && q->ver != 6) ||
	    q->caplen < (q->ver == 6 ? 40 : 20))
		return 0;
	if (s->how == SAY_PORT && !q->has_ports)
		s = &say_noport;
	OB_LIT(o, ", ");
	if (s->how == SAY_TIME) {
		ob_str(o, s->tail);
		OB_LIT(o, " for ");
		ob_addr(o, q->ver, q->dst);
		return 1;
	}
	if (s->how == SAY_NET)
		OB_LIT(o, "net ");
	else if (s->how == SAY_HOST)
		OB_LIT(o, "host ");
	else if (s->how == SAY_NOROUTE)
		OB_LIT(o, "no route to ");
	ob_addr(o, q->ver, q->dst);
	if (s->how == SAY_PROTO) {
		OB_LIT(o, " protocol ");
		say_proto(o, q->proto);
	} else if (s->how == SAY_PORT) {
		ob_char(o, ' ');
		say_proto(o, q->proto);
		OB_LIT(o, " port ");
		ob_u64(o, q->dport);
	}
	ob_str(o, s->tail);
	if (s->mtu && m->fields_ok) {
		OB_LIT(o, " (mtu ");
		ob_u64(o, m->mtu);
		ob_char(o, ')');
	}
	return 1;
}
