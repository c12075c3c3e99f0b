/* The types icmpkit send can build: one row each.  Names and code names
 * are the decoder's, so what send accepts is what read prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../cli/near.h"
#include "../decode/dec.h"
#include "../decode/fields.h"
#include "inj.h"

static const struct inj_type types[] = {
	{4, 8, INJ_ECHO, 1},	   {4, 0, INJ_ECHO, 1},
	{4, 13, INJ_TIMESTAMP, 1}, {4, 14, INJ_TIMESTAMP, 1},
	{4, 17, INJ_MASK, 1},	   {4, 18, INJ_MASK, 1},
	{4, 15, INJ_ECHO, 1},	   {4, 16, INJ_ECHO, 1},
	{4, 3, INJ_ERROR, 16},	   {4, 11, INJ_ERROR, 2},
	{4, 5, INJ_REDIRECT, 4},   {4, 12, INJ_ERROR, 3},
	{4, 4, INJ_ERROR, 1},	   {4, 10, INJ_ROUTERSOL, 1},
	{4, 9, INJ_ROUTERADV, 1},  {6, 128, INJ_ECHO, 1},
	{6, 129, INJ_ECHO, 1},	   {6, 1, INJ_ERROR, 8},
	{6, 2, INJ_ERROR, 1},	   {6, 3, INJ_ERROR, 2},
	{6, 4, INJ_ERROR, 4},	   {6, 135, INJ_NSOL, 1},
	{6, 136, INJ_NADV, 1},	   {6, 133, INJ_ROUTERSOL, 1},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))

const char *
inj_type_label(const struct inj_type *t)
{
	const char *n = dec_type_name(t->ver, t->type);

	return n ? n : "a type without a name";
}

/* Every other type, by number: built from its field description. */
static struct inj_type any4[256], any6[256];

const struct inj_type *
inj_type_any(int ver, int type)
{
	struct inj_type *t = ver == 6 ? &any6[type & 255] : &any4[type & 255];

	t->ver = (uint8_t)(ver == 6 ? 6 : 4);
	t->type = (uint8_t)type;
	t->kind = INJ_FIELDS;
	t->codes = 0;
	return t;
}

int
inj_router_alert(int ver, int type)
{
	return ver == 6 &&
	       (type == 130 || type == 131 || type == 132 || type == 143);
}

/* The row send has for a type (a libnet layout), or NULL. */
static const struct inj_type *
type_row(int ver, int type)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].ver == ver && types[i].type == type)
			return &types[i];
	return NULL;
}

const struct inj_type *
inj_type_find(int ver, const char *name, char *errbuf)
{
	char *end;
	long n = strtol(name, &end, 10);
	int by_number = *name && !*end, i, v;
	struct cli_near near;

	for (i = 0; !by_number && i < 256; i++) {
		const char *tn = dec_type_name(ver, i);

		if (tn && !strcmp(tn, name)) {
			n = i;
			by_number = 1;
		}
	}
	if (by_number && n >= 0 && n <= 255) {
		const struct inj_type *t = type_row(ver, (int)n);

		return t ? t : inj_type_any(ver, (int)n);
	}
	cli_near_init(&near, name); /* the other family's only if exact */
	for (v = 4; v <= 6; v += 2)
		for (i = 0; i < 256; i++) {
			const char *tn = dec_type_name(v, i);

			if (tn && (v == ver || !strcmp(name, tn)))
				cli_near_try(&near, tn,
					     v == ver ? NULL
					     : ver == 6
						     ? "-4 (an ICMPv4 type)"
						     : "-6 (an ICMPv6 type)");
		}
	cli_err(errbuf,
		"--type '%s': not a number 0 to 255 nor a type name of "
		"ICMP%s; %s",
		name, ver == 6 ? "v6" : "v4",
		cli_near_hint(&near, "see icmpkit send --list-types"));
	return NULL;
}

int
inj_code_parse(const struct inj_type *t, const char *s, uint8_t *code,
	       char *errbuf)
{
	char *end;
	long n = strtol(s, &end, 10);
	int i;
	struct cli_near near;

	int ncodes = t->codes ? t->codes : 256;

	if (!*s || *end) {
		for (i = 0; i < ncodes; i++) {
			const char *c = dec_code_name(t->ver, t->type, i);

			if (c && !strcmp(c, s)) {
				*code = (uint8_t)i;
				return 0;
			}
		}
		cli_near_init(&near, s);
		for (i = 0; i < t->codes; i++)
			cli_near_try(&near, dec_code_name(t->ver, t->type, i),
				     NULL);
		cli_err(errbuf, "--code '%s': not a code of %s; %s", s,
			inj_type_label(t),
			cli_near_hint(&near, "see icmpkit send --list-types"));
		return -1;
	}
	if (n < 0 || n >= ncodes) {
		cli_err(errbuf, "--code %s: out of range for %s; use 0 to %d",
			s, inj_type_label(t), ncodes - 1);
		return -1;
	}
	*code = (uint8_t)n;
	return 0;
}

/* One line of --list-types: version, number, name, codes, the fields
 * (options and JSON keys) and how send builds it. */
static void
list_one(int ver, int type)
{
	const struct inj_type *r = type_row(ver, type);
	const struct dec_field *f;
	size_t n, i;
	int c, shown;

	printf("%-6s %3d  %s", ver == 6 ? "icmp6" : "icmp", type,
	       dec_type_name(ver, type));
	for (c = 0; c < 256 && dec_code_name(ver, type, c); c++)
		printf("%s%d=%s", c ? ", " : "  codes: ", c,
		       dec_code_name(ver, type, c));
	f = dec_fields(ver, type, &n);
	for (i = 0, shown = 0; i < n; i++) {
		size_t j;

		if (!f[i].json || !f[i].wire_len)
			continue;
		for (j = 0; j < i; j++)
			if (f[j].json && !strcmp(f[j].json, f[i].json))
				break;
		if (j == i)
			printf("%s%s",
			       shown++ ? " " : "\n    fields: ", f[i].json);
	}
	if (ver == 6 && type >= 133 && type <= 137)
		printf("\n    options: --slla --tlla --prefix --rdnss --dnssl "
		       "--route --pref64 --mtu");
	if (ver == 6 && (type == 139 || type == 140))
		printf("\n    options: --ni-addr --ni-name");
	if (ver == 6 && type == 138)
		printf("\n    options: --match-prefix --use-prefix (code 0)");
	printf("\n    built %s\n",
	       r ? "by libnet; --body HEX replaces what follows the fixed part"
		 : "from its fields; --body HEX follows the fixed part");
}

void
inj_list_types(void)
{
	int ver, t;

	for (ver = 4; ver <= 6; ver += 2)
		for (t = 0; t < 256; t++)
			if (dec_type_name(ver, t))
				list_one(ver, t);
	puts("any other type by number (0 to 255): --type N --code N "
	     "--body HEX");
}
