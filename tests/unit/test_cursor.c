/* decode/cursor.h: length-checked reads. */
#include "unit.h"

#include "../../decode/cursor.h"

static const uint8_t bytes8[8] = {0x12, 0x34, 0x56, 0x78,
				  0x9a, 0xbc, 0xde, 0xf0};

Test(cursor, init_and_left)
{
	struct cur c;

	cur_init(&c, bytes8, 8);
	cr_assert_eq(cur_left(&c), 8);
	cr_assert_eq(cur_ptr(&c), bytes8);
	cr_assert(cur_has(&c, 8));
	cr_assert_not(cur_has(&c, 9));
	cr_assert_eq(c.short_read, 0);
}

Test(cursor, big_and_little_endian_values)
{
	struct cur c;

	cur_init(&c, bytes8, 8);
	cr_assert_eq(cur_u8(&c), 0x12);
	cr_assert_eq(cur_be16(&c), 0x3456);
	cr_assert_eq(cur_le16(&c), 0x9a78);
	cr_assert_eq(c.off, 5);
	cur_init(&c, bytes8, 8);
	cr_assert_eq(cur_be32(&c), 0x12345678u);
	cr_assert_eq(cur_le32(&c), 0xf0debc9au);
	cr_assert_eq(c.short_read, 0);
	cr_assert_eq(rd_be16(bytes8 + 6), 0xdef0);
	cr_assert_eq(rd_be32(bytes8 + 4), 0x9abcdef0u);
}

/* Every read width succeeds when exactly that many bytes are left. */
Test(cursor, reads_at_exact_bound)
{
	struct cur c;

	cur_init(&c, bytes8, 1);
	cr_assert_eq(cur_u8(&c), 0x12);
	cr_assert_eq(cur_left(&c), 0);
	cr_assert_eq(c.short_read, 0);

	cur_init(&c, bytes8 + 6, 2);
	cr_assert_eq(cur_be16(&c), 0xdef0);
	cr_assert_eq(c.short_read, 0);

	cur_init(&c, bytes8 + 6, 2);
	cr_assert_eq(cur_le16(&c), 0xf0de);
	cr_assert_eq(c.short_read, 0);

	cur_init(&c, bytes8 + 4, 4);
	cr_assert_eq(cur_be32(&c), 0x9abcdef0u);
	cr_assert_eq(cur_left(&c), 0);
	cr_assert_eq(c.short_read, 0);

	cur_init(&c, bytes8 + 4, 4);
	cr_assert_eq(cur_le32(&c), 0xf0debc9au);
	cr_assert_eq(c.short_read, 0);

	cur_init(&c, bytes8, 8);
	cr_assert(cur_skip(&c, 8));
	cr_assert_eq(c.short_read, 0);
	/* A zero-length claim at the end is not a short read. */
	cr_assert_not_null(cur_take(&c, 0));
	cr_assert_eq(c.short_read, 0);
}

/* One byte short: the read yields 0 although the bytes there are not. */
Test(cursor, short_read_returns_zero_and_marks)
{
	static const uint8_t ff[4] = {0xff, 0xff, 0xff, 0xff};
	struct cur c;

	cur_init(&c, ff, 0);
	cr_assert_eq(cur_u8(&c), 0);
	cr_assert_eq(c.short_read, 1);

	cur_init(&c, ff, 1);
	cr_assert_eq(cur_be16(&c), 0);
	cr_assert_eq(c.short_read, 1);

	cur_init(&c, ff, 1);
	cr_assert_eq(cur_le16(&c), 0);
	cr_assert_eq(c.short_read, 1);

	cur_init(&c, ff, 3);
	cr_assert_eq(cur_be32(&c), 0);
	cr_assert_eq(c.short_read, 1);

	cur_init(&c, ff, 3);
	cr_assert_eq(cur_le32(&c), 0);
	cr_assert_eq(c.short_read, 1);

	cur_init(&c, ff, 3);
	cr_assert_null(cur_take(&c, 4));
	cr_assert_eq(c.short_read, 1);

	cur_init(&c, ff, 3);
	cr_assert_not(cur_skip(&c, 4));
	cr_assert_eq(c.short_read, 1);
}

/* After a short read the cursor is exhausted: the flag is sticky and a
 * later smaller read cannot pick up the bytes that were left. */
Test(cursor, short_read_is_sticky)
{
	struct cur c;

	cur_init(&c, bytes8, 3);
	cr_assert_eq(cur_be32(&c), 0);
	cr_assert_eq(cur_left(&c), 0);
	cr_assert_eq(cur_u8(&c), 0);
	cr_assert_eq(c.short_read, 1);
}

Test(cursor, sub_clamps_to_what_is_left)
{
	struct cur c, s;

	cur_init(&c, bytes8, 8);
	cur_skip(&c, 3);
	s = cur_sub(&c, 100);
	cr_assert_eq(s.len, 5);
	cr_assert_eq(s.off, 0);
	cr_assert_eq(s.p, bytes8 + 3);
	cr_assert_eq(s.short_read, 0);
	cr_assert_eq(c.off, 3, "the parent does not move");

	s = cur_sub(&c, 2);
	cr_assert_eq(s.len, 2);
	cr_assert_eq(cur_be16(&s), 0x789a);
	cr_assert_eq(cur_u8(&s), 0);
	cr_assert_eq(s.short_read, 1);
	cr_assert_eq(c.short_read, 0, "a short sub-read leaves the parent");

	s = cur_sub(&c, 5);
	cr_assert_eq(s.len, 5);
	cur_skip(&c, 5);
	s = cur_sub(&c, 1);
	cr_assert_eq(s.len, 0);
}

Test(cursor, copy_success_and_zeroed_failure)
{
	struct cur c;
	uint8_t dst[6];

	memset(dst, 0xaa, sizeof(dst));
	cur_init(&c, bytes8, 8);
	cr_assert_eq(cur_copy(&c, dst, 6), 1);
	cr_assert_arr_eq(dst, bytes8, 6);
	cr_assert_eq(c.off, 6);

	memset(dst, 0xaa, sizeof(dst));
	cr_assert_eq(cur_copy(&c, dst, 6), 0);
	cr_assert_eq(c.short_read, 1);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(dst[i], 0, "byte %d not zeroed", i);
}
