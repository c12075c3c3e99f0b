/* Captures read through gzip, zstd or xz, decided by the first bytes of
 * the file (not its name), as tshark does: the decompressing side is a
 * stdio stream (fopencookie), so libpcap reads it as it reads any FILE. */
#ifndef ICMPKIT_CAPTURE_ZREAD_H
#define ICMPKIT_CAPTURE_ZREAD_H

#include <stdio.h>

#include "../cli/cli.h"

enum zr_kind { ZR_PLAIN = 0, ZR_GZIP, ZR_ZSTD, ZR_XZ };

struct zr;

/* The stream to hand to libpcap for src (a file opened for reading, or
 * stdin): src itself, rewound, for a plain seekable file; otherwise a
 * stream that gives back the bytes looked at and decompresses what
 * follows.  NULL with errbuf filled on failure (src is then closed unless
 * it is stdin).  *z is the state to ask for errors and to free. */
FILE *zr_open(FILE *src, const char *name, struct zr **z, char *errbuf);
/* What the stream is. */
enum zr_kind zr_kind(const struct zr *z);
/* Why reading failed ("gzip: invalid compressed data"), NULL if it did
 * not. */
const char *zr_error(const struct zr *z);
/* After fclose() of the stream zr_open returned (or pcap_close()). */
void zr_free(struct zr *z);

#endif
