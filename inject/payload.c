#include "payload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "family.h"

void
inj_payload_fill(uint8_t *b, size_t n, const uint8_t *pat, size_t plen,
		 size_t skip)
{
	size_t i;

	/* Unsigned wrap-around below skip is iputils' arithmetic too; those
	 * bytes are the timestamp's. */
	for (i = 0; i < n; i++)
		b[i] = plen ? pat[(i - skip) % plen] : (uint8_t)i;
}

int
inj_payload_check(int ver, size_t n, char *errbuf)
{
	size_t max = inj_family(ver)->max_payload;

	if (n <= max)
		return 0;
	cli_err(errbuf, "-s %zu: out of range; use 0 to %zu", n, max);
	return -1;
}

int
inj_payload(struct inj_pkt *p, size_t n, const uint8_t *pat, size_t plen,
	    size_t skip, char *errbuf)
{
	if (inj_payload_check(p->ver, n, errbuf) < 0)
		return -1;
	p->payload = malloc(n ? n : 1);
	if (!p->payload) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	inj_payload_fill(p->payload, n, pat, plen, skip);
	p->payload_len = (uint32_t)n;
	return 0;
}

int
inj_payload_file(const char *path, size_t max, uint8_t **out, size_t *len,
		 char *errbuf)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	size_t n;

	if (!f) {
		cli_err(errbuf, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* One byte more than fits tells a file that is too large. */
	b = malloc(max + 1);
	if (!b) {
		fclose(f);
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	n = fread(b, 1, max + 1, f);
	if (ferror(f)) {
		cli_err(errbuf, "%s: %s", path, strerror(errno));
		fclose(f);
		free(b);
		return -1;
	}
	fclose(f);
	if (n > max) {
		cli_err(errbuf,
			"%s: larger than the %zu bytes an ICMP payload can "
			"hold",
			path, max);
		free(b);
		return -1;
	}
	*out = b;
	*len = n;
	return 0;
}
