/* Turns captures into fuzz seeds in the harness format (fuzz_decode.c):
 *
 *   tests/fuzz/seeds OUTDIR FILE.pcap|FILE.pcapng...
 *
 * Each record becomes OUTDIR/<capture name>-<record number>, holding the
 * index of the capture's link type in fuzz_dlt[], a zero options byte and
 * the captured bytes.  Captures of a link type the harness does not know
 * are skipped with a note; a capture that is cut short gives the records
 * read before the cut.  Prints the number of seeds written; exits 2 on a
 * usage error or when OUTDIR cannot be written, 0 otherwise.
 */
#include <errno.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_dlt.h"

static int
write_seed(const char *path, int idx, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	uint8_t head[2] = {(uint8_t)idx, 0};
	int bad;

	if (!f) {
		fprintf(stderr, "seeds: %s: %s\n", path, strerror(errno));
		return -1;
	}
	bad = fwrite(head, 1, 2, f) != 2 ||
	      (len && fwrite(data, 1, len, f) != len);
	if (fclose(f) != 0)
		bad = 1;
	if (bad)
		fprintf(stderr, "seeds: %s: write failed\n", path);
	return bad ? -1 : 0;
}

static long
convert(const char *outdir, const char *file)
{
	char errbuf[PCAP_ERRBUF_SIZE], path[PATH_MAX];
	const char *base = strrchr(file, '/');
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	long n = 0;
	int idx, rc;

	base = base ? base + 1 : file;
	p = pcap_open_offline(file, errbuf);
	if (!p) {
		fprintf(stderr, "seeds: skipping %s: %s\n", file, errbuf);
		return 0;
	}
	idx = fuzz_dlt_index(pcap_datalink(p));
	if (idx < 0) {
		fprintf(stderr,
			"seeds: skipping %s: link type %d (%s) not in "
			"the harness table\n",
			file, pcap_datalink(p),
			pcap_datalink_val_to_name(pcap_datalink(p))
				? pcap_datalink_val_to_name(pcap_datalink(p))
				: "?");
		pcap_close(p);
		return 0;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s-%06ld", outdir,
				     base, n + 1) >= sizeof(path)) {
			fprintf(stderr, "seeds: %s: path too long\n", outdir);
			n = -1;
			break;
		}
		if (write_seed(path, idx, data, h->caplen) < 0) {
			n = -1;
			break;
		}
		n++;
	}
	if (rc == PCAP_ERROR)
		fprintf(stderr, "seeds: %s: stopped after %ld records: %s\n",
			file, n, pcap_geterr(p));
	pcap_close(p);
	return n;
}

int
main(int argc, char **argv)
{
	struct stat st;
	long total = 0, n;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: seeds OUTDIR FILE.pcap...\n");
		return 2;
	}
	if (stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "seeds: %s: not a directory\n", argv[1]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		n = convert(argv[1], argv[i]);
		if (n < 0)
			return 2;
		total += n;
	}
	printf("seeds: %ld written\n", total);
	return 0;
}
