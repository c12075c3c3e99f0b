/* Interface names and directions of a pcapng file's records, for read:
 * libpcap reads the records but does not say which interface each came
 * from, so a second stream walks the same file's blocks (decode/pcapng.c)
 * in step, one packet block per record libpcap hands over. */
#ifndef ICMPKIT_CAPTURE_NGNAMES_H
#define ICMPKIT_CAPTURE_NGNAMES_H

#include <stdint.h>
#include <stdio.h>

#include "../decode/pcapng.h"

#define NGN_IFACES 256 /* interfaces of a section that get their names */

struct ngn {
	FILE *fp;
	struct zr *z;
	int swapped;
	int dead; /* out of step or unreadable: no more names */
	uint32_t nif;
	char name[NGN_IFACES][NG_NAME];
	uint8_t *buf;
	size_t cap;
};

/* Opens file (not "-") for the walk: 1 when it is pcapng, 0 when it is
 * not or cannot be read a second time (no names then). */
int ngn_open(struct ngn *g, const char *file);
/* The interface of the next record: its name (NULL if none) and the
 * direction (DEC_DIR_*, 0 unknown). */
void ngn_next(struct ngn *g, const char **name, uint8_t *dir);
void ngn_close(struct ngn *g);

#endif
