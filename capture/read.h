/* The capture-file side of read, also behind sniff -r. */
#ifndef ICMPKIT_CAPTURE_READ_H
#define ICMPKIT_CAPTURE_READ_H

#include "emit.h"

/* Every record of file (a path, or "-" for stdin; plain or compressed)
 * through e, whose options are set: the exit code (2 with errbuf
 * filled). */
int read_capture(struct emit *e, const char *file, const char *filter,
		 char *errbuf);

#endif
