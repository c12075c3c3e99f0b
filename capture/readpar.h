/* icmpkit read on two CPUs for runs that print nothing per record. */
#ifndef ICMPKIT_CAPTURE_READPAR_H
#define ICMPKIT_CAPTURE_READPAR_H

#include <pcap/pcap.h>

#include "emit.h"
#include "fastread.h"

/* 1 when e's options allow it (-q, no -c, no -w) and there are two CPUs;
 * ICMPKIT_THREADS=1 in the environment says no, =2 says yes. */
int read_par_usable(const struct emit *e);
/* Decode and count the records fr walks into e, until fr hands the rest
 * over to libpcap: 0, or -1 with errbuf filled, or 1 when the second
 * thread could not be started and nothing was read. */
int read_par(struct emit *e, struct fastread *fr, const char *file,
	     char *errbuf);

#endif
