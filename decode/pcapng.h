/* The block structure of pcapng files, as far as read needs it beside
 * libpcap (which reads the packets but keeps each one's interface to
 * itself): section headers, interface names, and which interface and
 * direction each packet block has.  Pure: bytes in, a filled struct out. */
#ifndef ICMPKIT_DECODE_PCAPNG_H
#define ICMPKIT_DECODE_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#define NG_SHB 0x0a0d0d0au /* section header: the same in either order */
#define NG_IDB 1u	   /* interface description */
#define NG_PB  2u	   /* obsolete packet block */
#define NG_SPB 3u	   /* simple packet block: interface 0 */
#define NG_EPB 6u	   /* enhanced packet block */

#define NG_NAME 64 /* if_name bytes kept (longer names are cut) */

struct ng_block {
	uint32_t type;
	uint32_t len;	    /* total length, header and trailer included */
	int packet;	    /* a block libpcap hands over as a record */
	uint32_t ifid;	    /* packet blocks: the interface */
	uint8_t dir;	    /* EPB epb_flags: DEC_DIR_IN/OUT, 0 unknown */
	char name[NG_NAME]; /* IDB if_name, "" if none */
};

/* The 8 bytes that start a block: its type and total length in the
 * section's byte order (*swapped: 1 for big-endian, set by a section
 * header from its byte-order magic, which follows at offset 8 and must be
 * in b).  Returns the total length, or 0 when it is not a block (length
 * under 12, not a multiple of 4, unknown byte order). */
uint32_t ng_head(const uint8_t *b, size_t n, int *swapped, uint32_t *type);
/* The whole block b of len bytes (from ng_head): 0, or -1 if malformed. */
int ng_block(const uint8_t *b, uint32_t len, int swapped, struct ng_block *o);

#endif
