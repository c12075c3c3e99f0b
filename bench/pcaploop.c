/*
 * pcaploop - the floor for `icmpkit read -q --stats`: a bare pcap_next_ex()
 * loop that only counts records and captured bytes.
 *
 * usage: pcaploop FILE
 *
 * Opened with nanosecond precision like the real tool, so libpcap does the
 * same (no) timestamp scaling.  Whatever icmpkit does on top of this loop
 * (decode, track, count) is the cost the benchmark ratio measures.
 */
#include <inttypes.h>
#include <stdio.h>

#include <pcap/pcap.h>

int
main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0, bytes = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcaploop FILE\n");
		return 2;
	}
	p = pcap_open_offline_with_tstamp_precision(
		argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (p == NULL) {
		fprintf(stderr, "pcaploop: %s\n", errbuf);
		return 2;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		bytes += h->caplen;
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcaploop: %s: %s\n", argv[1], pcap_geterr(p));
		pcap_close(p);
		return 2;
	}
	printf("%" PRIu64 " packets, %" PRIu64 " bytes\n", packets, bytes);
	pcap_close(p);
	return 0;
}
