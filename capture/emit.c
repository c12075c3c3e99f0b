#include "emit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OBUF_SIZE (256 * 1024)

#define E_ROW(f) OPT_AT(struct emit, f)

const struct opt emit_opts[] = {
	{'c', .kind = OPT_NUM, E_ROW(count), .min = 1, .max = INT64_MAX,
	 .what = "-c count"},
	{'v', .kind = OPT_INC, E_ROW(pr.verbose)},
	{'X', .kind = OPT_SET, E_ROW(pr.hex), .set = 1},
	{'e', .kind = OPT_SET, E_ROW(pr.link), .set = 1},
	{'q', .kind = OPT_SET, E_ROW(quiet), .set = 1},
	{'j', "json", .kind = OPT_SET, E_ROW(json), .set = 1},
	{'n', .kind = OPT_NONE}, /* tcpdump habit: names are never resolved */
	{'w', .kind = OPT_STR, E_ROW(dump.pattern)},
	{0, "stats", EMIT_OPT_STATS, OPT_SET, E_ROW(stats), .set = 1},
	{0, "print", EMIT_OPT_PRINT, OPT_SET, E_ROW(print), .set = 1},
	{0},
};

/* -C counts megabytes of 1,000,000 bytes, as tcpdump's. */
static int
opt_megabytes(void *base, const char *arg, char *errbuf)
{
	struct emit *e = base;
	long long v;

	if (cli_num(arg, 1, 1000000000, "-C megabytes", &v, errbuf) < 0)
		return -1;
	e->dump.limit = v * 1000000;
	return 0;
}

const struct opt emit_dump_opts[] = {
	{'C', .kind = OPT_CALL, .arg = 1, .call = opt_megabytes},
	{'G', .kind = OPT_NUM, E_ROW(dump.period), .min = 1, .max = 100000000,
	 .what = "-G seconds"},
	{'W', .kind = OPT_NUM, E_ROW(dump.files), .min = 1, .max = 1000000,
	 .what = "-W file count"},
	{0},
};

void
emit_ready(struct emit *e)
{
	/* tcpdump's habit: -w saves the packets instead of printing them. */
	if (e->dump.pattern && !e->print)
		e->quiet = 1;
}

int
emit_open(struct emit *e, pcap_t *p, char *errbuf)
{
	/* With -w - stdout carries the pcap stream and nothing else. */
	FILE *out = dump_is_stdout(e->dump.pattern) ? stderr : stdout;

	e->dlt = pcap_datalink(p);
	e->obmem = malloc(OBUF_SIZE);
	/* The table's sets are aligned to cache lines. */
	e->trk = aligned_alloc(64, sizeof(*e->trk));
	if (!e->obmem || !e->trk) {
		cli_err(errbuf, "memory: %s", strerror(errno));
		return -1;
	}
	trk_init(e->trk);
	ob_init(&e->ob, out, e->obmem, OBUF_SIZE);
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
