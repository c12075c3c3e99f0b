/* The walk of ngnames.h. */
#include "ngnames.h"

#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "zread.h"

#define NGN_MAX_BLOCK (16u << 20) /* larger blocks end the naming */

/* The next block into g->buf: its length, 0 at the end or on trouble. */
static uint32_t
ngn_read(struct ngn *g, uint32_t *type)
{
	uint8_t head[12];
	uint32_t len;
	size_t have = 8;

	if (fread(head, 1, 8, g->fp) != 8)
		return 0;
	/* A section header's byte order follows its length. */
	if (!memcmp(head, "\n\r\r\n", 4)) {
		if (fread(head + 8, 1, 4, g->fp) != 4)
			return 0;
		have = 12;
	}
	len = ng_head(head, have, &g->swapped, type);
	if (len < have || len > NGN_MAX_BLOCK)
		return 0;
	if (len > g->cap) {
		uint8_t *b = realloc(g->buf, len);

		if (!b)
			return 0;
		g->buf = b;
		g->cap = len;
	}
	memcpy(g->buf, head, have);
	if (fread(g->buf + have, 1, len - have, g->fp) != len - have)
		return 0;
	return len;
}

int
ngn_open(struct ngn *g, const char *file)
{
	char errbuf[CLI_ERRBUF];
	uint32_t type;
	FILE *src;

	memset(g, 0, sizeof(*g));
	if (!strcmp(file, "-") || !(src = fopen(file, "rb")))
		return 0;
	/* A compressed file is decompressed a second time; a section
	 * header first, or it is no pcapng. */
	g->fp = zr_open(src, file, &g->z, errbuf);
	if (!g->fp || !ngn_read(g, &type) || type != NG_SHB) {
		ngn_close(g);
		return 0;
	}
	return 1;
}

void
ngn_next(struct ngn *g, const char **name, uint8_t *dir)
{
	struct ng_block b;
	uint32_t len, type;

	*name = NULL;
	*dir = 0;
	while (!g->dead) {
		len = ngn_read(g, &type);
		if (!len || ng_block(g->buf, len, g->swapped, &b) < 0)
			break;
		if (type == NG_SHB)
			g->nif = 0; /* interfaces are numbered per section */
		else if (type == NG_IDB && g->nif < NGN_IFACES)
			memcpy(g->name[g->nif++], b.name, NG_NAME);
		else if (type == NG_IDB)
			g->nif++;
		if (!b.packet)
			continue;
		if (b.ifid < g->nif && b.ifid < NGN_IFACES &&
		    g->name[b.ifid][0])
			*name = g->name[b.ifid];
		*dir = b.dir;
		return;
	}
	g->dead = 1;
}

void
ngn_close(struct ngn *g)
{
	if (g->fp)
		fclose(g->fp);
	zr_free(g->z);
	free(g->buf);
	memset(g, 0, sizeof(*g));
}
