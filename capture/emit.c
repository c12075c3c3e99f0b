#include "emit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OBUF_SIZE (256 * 1024)

int
emit_option(struct emit *e, int opt, const char *arg, char *errbuf)
{
	long long v;

	switch (opt) {
	case 'c':
		if (cli_num(arg, 1, INT64_MAX, "-c count", &v, errbuf) < 0)
			return -1;
		e->count = (uint64_t)v;
		return 1;
	case 'v':
		e->pr.verbose++;
		return 1;
	case 'X':
		e->pr.hex = 1;
		return 1;
	case 'e':
		e->pr.link = 1;
		return 1;
	case 'q':
		e->quiet = 1;
		return 1;
	case 'j':
		e->json = 1;
		return 1;
	case 'n': /* tcpdump habit: we never resolve names anyway */
		return 1;
	case 'w':
		e->dump.pattern = arg;
		return 1;
	case 'C':
		if (cli_num(arg, 1, 1000000000, "-C megabytes", &v, errbuf) < 0)
			return -1;
		e->dump.limit = v * 1000000;
		return 1;
	case 'G':
		if (cli_num(arg, 1, 100000000, "-G seconds", &v, errbuf) < 0)
			return -1;
		e->dump.period = v;
		return 1;
	case 'W':
		if (cli_num(arg, 1, 1000000, "-W file count", &v, errbuf) < 0)
			return -1;
		e->dump.files = v;
		return 1;
	case OPT_STATS:
		e->stats = 1;
		return 1;
	default:
		return 0;
	}
}

int
emit_open(struct emit *e, pcap_t *p, char *errbuf)
{
	e->dlt = pcap_datalink(p);
	e->obmem = malloc(OBUF_SIZE);
	/* The table's sets are aligned to cache lines. */
	e->trk = aligned_alloc(64, sizeof(*e->trk));
	if (!e->obmem || !e->trk) {
		cli_err(errbuf, "memory: %s", strerror(errno));
		return -1;
	}
	trk_init(e->trk);
	ob_init(&e->ob, stdout, e->obmem, OBUF_SIZE);
	if ((e->dump.limit || e->dump.period || e->dump.files) &&
	    !e->dump.pattern) {
		cli_err(errbuf, "-C, -G and -W need -w FILE");
		return -1;
	}
	if (e->dump.files && !e->dump.limit && !e->dump.period) {
		cli_err(errbuf, "-W needs -C or -G");
		return -1;
	}
	if (e->dump.pattern) {
		if (dump_open(&e->dump, p, errbuf) < 0)
			return -1;
		e->dumping = 1;
	}
	return 0;
}

int
emit_packet(struct emit *e, const struct pcap_pkthdr *h, const uint8_t *data)
{
	struct dec_pkt d;
	int rc;

	rc = emit_decode(e, h, data, ++e->frame, &d);
	if (rc < 0)
		return 0;
	/* Nobody reads the match fields of a packet that is not printed. */
	if (e->quiet)
		trk_packet_later(e->trk, &d, rc);
	else
		trk_packet(e->trk, &d, rc);
	if (rc != DEC_ICMP)
		return 0;
	e->shown++;
	if (!e->quiet) {
		if (e->json)
			pr_json(&e->ob, &d, &e->pr);
		else
			pr_text(&e->ob, &d, &e->pr);
	}
	if (e->dumping) {
		int r = dump_write(&e->dump, h, data, e->err);

		if (r)
			return r;
	}
	return e->count && e->shown >= e->count;
}

int
emit_close(struct emit *e, char *errbuf)
{
	char later[CLI_ERRBUF];
	int rc = 0;

	if (e->trk)
		trk_flush(e->trk);
	if (e->stats && e->trk) {
		if (e->json)
			pr_stats_json(&e->ob, e->trk);
		else
			pr_stats_text(&e->ob, e->trk);
	}
	if (e->obmem && cli_out_done(&e->ob, errbuf) < 0)
		rc = -1;
	/* The first failure is the one reported. */
	if (e->dumping && dump_close(&e->dump, rc ? later : errbuf) < 0)
		rc = -1;
	e->dumping = 0;
	free(e->obmem);
	free(e->trk);
	e->obmem = NULL;
	e->trk = NULL;
	return rc;
}
