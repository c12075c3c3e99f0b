/* decode/pcapng.c: block heads in both byte orders, interface names,
 * packet blocks' interface and direction, and every cut length. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../decode/dec.h"
#include "../../decode/pcapng.h"

static const uint8_t shb_le[28] = {0x0a, 0x0d, 0x0d, 0x0a, 28,	 0,    0,
				   0,	 0x4d, 0x3c, 0x2b, 0x1a, 1,    0,
				   0,	 0,    0xff, 0xff, 0xff, 0xff, 0xff,
				   0xff, 0xff, 0xff, 28,   0,	 0,    0};
static const uint8_t shb_be[12] = {0x0a, 0x0d, 0x0d, 0x0a, 0,	 0,
				   0,	 28,   0x1a, 0x2b, 0x3c, 0x4d};

/* IDB, linktype 1, if_name "eth0\1x" (a control byte), end of options. */
static const uint8_t idb[36] = {
	1, 0, 0,   0,	36,  0,	  0, 0,	  1, 0, 0, 0, 0xff, 0xff, 0,  0, 2, 0,
	6, 0, 'e', 't', 'h', '0', 1, 'x', 0, 0, 0, 0, 0,    0,	  36, 0, 0, 0};

/* EPB on interface 1, 5 captured bytes, epb_flags outbound. */
static const uint8_t epb[52] = {
	6, 0, 0, 0, 52, 0, 0, 0, 1, 0, 0,   0,	 0,   0,   0,	0, 0, 0,
	0, 0, 5, 0, 0,	0, 5, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 0, 0, 0,
	2, 0, 4, 0, 2,	0, 0, 0, 0, 0, 0,   0,	 52,  0,   0,	0};

Test(pcapng, heads_in_both_orders)
{
	int sw = -1;
	uint32_t type;

	cr_assert_eq(ng_head(shb_le, sizeof(shb_le), &sw, &type), 28);
	cr_assert_eq(type, NG_SHB);
	cr_assert_eq(sw, 0);
	cr_assert_eq(ng_head(shb_be, sizeof(shb_be), &sw, &type), 28);
	cr_assert_eq(sw, 1);
	/* An IDB head read in the big-endian section. */
	{
		static const uint8_t be[8] = {0, 0, 0, 1, 0, 0, 0, 20};

		cr_assert_eq(ng_head(be, 8, &sw, &type), 20);
		cr_assert_eq(type, NG_IDB);
	}
	/* Lengths that are no block; a section header without its magic. */
	sw = 0;
	cr_assert_eq(
		ng_head((const uint8_t *)"\1\0\0\0\10\0\0\0", 8, &sw, &type),
		0);
	cr_assert_eq(
		ng_head((const uint8_t *)"\1\0\0\0\15\0\0\0", 8, &sw, &type),
		0);
	cr_assert_eq(ng_head(shb_le, 8, &sw, &type), 0);
}

Test(pcapng, interface_name)
{
	struct ng_block b;

	cr_assert_eq(ng_block(idb, sizeof(idb), 0, &b), 0);
	cr_assert_eq(b.type, NG_IDB);
	cr_assert_not(b.packet);
	cr_assert_str_eq(b.name, "eth0?x");
}

Test(pcapng, packet_interface_and_direction)
{
	struct ng_block b;

	cr_assert_eq(ng_block(epb, sizeof(epb), 0, &b), 0);
	cr_assert(b.packet);
	cr_assert_eq(b.ifid, 1);
	cr_assert_eq(b.dir, DEC_DIR_OUT);
}

Test(pcapng, every_cut_length)
{
	struct ng_block b;
	uint8_t buf[64];
	uint32_t n;

	/* Cut blocks (as a hostile length field would make them): never a
	 * read outside, and a cut packet block is refused. */
	for (n = 12; n < sizeof(epb); n++) {
		memcpy(buf, epb, n);
		if (n < 40) /* the data and its padding end at 36, + trailer */
			cr_assert_eq(ng_block(buf, n, 0, &b), -1, "len %u", n);
		else
			ng_block(buf, n, 0, &b);
	}
	for (n = 12; n < sizeof(idb); n++) {
		memcpy(buf, idb, n);
		ng_block(buf, n, 0, &b);
		cr_assert(strlen(b.name) < NG_NAME);
	}
}
