/* pcapng blocks (draft-ietf-opsawg-pcapng): see pcapng.h. */
#include "pcapng.h"

#include <string.h>

#include "cursor.h"
#include "dec.h"

#define NG_BOM 0x1a2b3c4du /* byte-order magic of a section header */

static uint32_t
ng_u32(struct cur *c, int swapped)
{
	return swapped ? cur_be32(c) : cur_le32(c);
}

static uint16_t
ng_u16(struct cur *c, int swapped)
{
	return swapped ? cur_be16(c) : cur_le16(c);
}

uint32_t
ng_head(const uint8_t *b, size_t n, int *swapped, uint32_t *type)
{
	struct cur c;
	uint32_t len;

	cur_init(&c, b, n);
	*type = cur_le32(&c);
	if (*type == NG_SHB) {
		struct cur m = c;
		uint32_t bom;

		cur_skip(&m, 4);
		bom = cur_le32(&m);
		if (m.short_read || (bom != NG_BOM && bom != 0x4d3c2b1au))
			return 0;
		*swapped = bom != NG_BOM;
	} else if (*swapped) {
		*type = __builtin_bswap32(*type);
	}
	len = ng_u32(&c, *swapped);
	if (c.short_read || len < 12 || len % 4)
		return 0;
	return len;
}

/* The options of a block, from c to the trailer: IDB if_name (2), EPB
 * epb_flags (2, the direction in its two low bits). */
static int
ng_options(struct cur *c, int swapped, struct ng_block *o)
{
	while (cur_left(c) >= 4) {
		uint16_t code = ng_u16(c, swapped), n = ng_u16(c, swapped);
		const uint8_t *v = cur_take(c, n);

		if (!v || !cur_skip(c, (4 - n % 4) % 4))
			return -1;
		if (code == 0)
			break; /* opt_endofopt */
		if (code == 2 && o->type == NG_IDB) {
			size_t k = n < NG_NAME - 1 ? n : NG_NAME - 1, i;

			/* A name goes into text lines as it is: nothing
			 * but printable ASCII (a NUL ends it). */
			for (i = 0; i < k && v[i]; i++)
				o->name[i] = v[i] > ' ' && v[i] < 0x7f
						     ? (char)v[i]
						     : '?';
			o->name[i] = 0;
		} else if (code == 2 && o->type == NG_EPB && n == 4) {
			struct cur f;
			uint32_t fl;

			cur_init(&f, v, 4);
			fl = ng_u32(&f, swapped) & 3;
			o->dir = fl == 1   ? DEC_DIR_IN
				 : fl == 2 ? DEC_DIR_OUT
					   : 0;
		}
	}
	return 0;
}

int
ng_block(const uint8_t *b, uint32_t len, int swapped, struct ng_block *o)
{
	struct cur c;
	uint32_t caplen;

	memset(o, 0, sizeof(*o));
	cur_init(&c, b, len - 4); /* the trailing length is not read */
	o->type = ng_u32(&c, swapped);
	o->len = ng_u32(&c, swapped);
	switch (o->type) {
	case NG_IDB:
		cur_skip(&c, 8); /* linktype, reserved, snaplen */
		return c.short_read ? -1 : ng_options(&c, swapped, o);
	case NG_EPB:
	case NG_PB:
		o->packet = 1;
		o->ifid = o->type == NG_EPB ? ng_u32(&c, swapped)
					    : ng_u16(&c, swapped);
		if (o->type == NG_PB)
			cur_skip(&c, 2); /* drops count */
		cur_skip(&c, 8);	 /* timestamp */
		caplen = ng_u32(&c, swapped);
		cur_skip(&c, 4); /* original length */
		if (c.short_read || !cur_skip(&c, caplen) ||
		    !cur_skip(&c, (4 - caplen % 4) % 4))
			return -1;
		return o->type == NG_EPB ? ng_options(&c, swapped, o) : 0;
	case NG_SPB:
		o->packet = 1;
		return 0;
	default:
		return 0;
	}
}
