/* The link types the fuzz harness can pick, shared by the harness (byte 0
 * of an input is an index into this table) and by the seed converter
 * (which writes the index of a capture's link type).
 *
 * Every DEC_DLT_* value of decode/dec.h is here, plus one value the
 * decoder does not know (so the "not a link type we decode" path is
 * exercised too; it is no longer the last entry).  Append only: the
 * index of an entry is part of the format of every stored seed and
 * regression input.
 */
#ifndef ICMPKIT_TESTS_FUZZ_DLT_H
#define ICMPKIT_TESTS_FUZZ_DLT_H

#include "../../decode/dec.h"

static const int fuzz_dlt[] = {
	DEC_DLT_NULL,	      /* 0 */
	DEC_DLT_EN10MB,	      /* 1 */
	DEC_DLT_SLIP,	      /* 2 */
	DEC_DLT_PPP,	      /* 3 */
	DEC_DLT_RAW,	      /* 4 */
	DEC_DLT_RAW14,	      /* 5 */
	DEC_DLT_PPP_SERIAL,   /* 6 */
	DEC_DLT_LINKTYPE_RAW, /* 7 */
	DEC_DLT_LOOP,	      /* 8 */
	DEC_DLT_LINUX_SLL,    /* 9 */
	DEC_DLT_IPV4,	      /* 10 */
	DEC_DLT_IPV6,	      /* 11 */
	DEC_DLT_LINUX_SLL2,   /* 12 */
	147,		      /* 13: DLT_USER0, unknown to the decoder */
	DEC_DLT_IPNET,	      /* 14 */
	DEC_DLT_IPOIB,	      /* 15 */
};

#define FUZZ_DLT_UNKNOWN 13

#define FUZZ_NDLT ((int)(sizeof(fuzz_dlt) / sizeof(fuzz_dlt[0])))

/* Index of dlt in the table, -1 if it is not there (the unknown entry
 * is never returned: captures of it are useless as seeds). */
static inline int
fuzz_dlt_index(int dlt)
{
	int i;

	for (i = 0; i < FUZZ_NDLT; i++)
		if (i != FUZZ_DLT_UNKNOWN && fuzz_dlt[i] == dlt)
			return i;
	return -1;
}

#endif
