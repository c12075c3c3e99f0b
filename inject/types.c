/* The types icmpkit send can build: one row each.  Names and code names
 * are the decoder's, so what send accepts is what read prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../cli/near.h"
#include "../decode/dec.h"
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
	return dec_type_name(t->ver, t->type);
}

const struct inj_type *
inj_type_find(int ver, const char *name, char *errbuf)
{
	char *end;
	long n = strtol(name, &end, 10);
	size_t i;
	int by_number = *name && !*end;
	struct cli_near near;

	for (i = 0; i < NTYPES; i++) {
		if (types[i].ver != ver)
			continue;
		if (by_number ? types[i].type == n
			      : !strcmp(name, inj_type_label(&types[i])))
			return &types[i];
	}
	cli_near_init(&near, name); /* the other family's only if exact */
	for (i = 0; i < NTYPES; i++)
		if (types[i].ver == ver ||
		    !strcmp(name, inj_type_label(&types[i])))
			cli_near_try(&near, inj_type_label(&types[i]),
				     types[i].ver == ver ? NULL
				     : ver == 6		 ? "-4 (an ICMPv4 type)"
						: "-6 (an ICMPv6 type)");
	cli_err(errbuf, "--type '%s': not a type send builds for ICMP%s; %s",
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

	if (!*s || *end) {
		for (i = 0; i < t->codes; i++) {
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
	if (n < 0 || n >= t->codes) {
		cli_err(errbuf, "--code %s: out of range for %s; use 0 to %d",
			s, inj_type_label(t), t->codes - 1);
		return -1;
	}
	*code = (uint8_t)n;
	return 0;
}

void
inj_list_types(void)
{
	size_t i;
	int c;

	for (i = 0; i < NTYPES; i++) {
		const struct inj_type *t = &types[i];

		printf("%-6s %3d  %s", t->ver == 6 ? "icmp6" : "icmp", t->type,
		       inj_type_label(t));
		for (c = 0; c < t->codes && t->codes > 1; c++)
			printf("%s%d=%s", c ? ", " : "  codes: ", c,
			       dec_code_name(t->ver, t->type, c));
		putchar('\n');
	}
}
