#include "emit.h"
#include "ngnames.h"

#include "../decode/reasm.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define OBUF_SIZE (256 * 1024)

#define E_ROW(f) OPT_AT(struct emit, f)

const struct opt emit_opts[] = {
	{'c', .kind = OPT_NUM, E_ROW(count), .min = 1, .max = INT64_MAX,
	 .what = "-c count"},
	{'v', .kind = OPT_INC, E_ROW(pr.verbose)},
	{'X', .kind = OPT_INC, E_ROW(pr.hex)},
	{'x', .kind = OPT_INC, E_ROW(pr.xhex)},
	{'A', .kind = OPT_SET, E_ROW(pr.ascii), .set = 1},
	{'#', "number", EMIT_OPT_NUMBER, OPT_SET, E_ROW(pr.number), .set = 1},
	{'t', .kind = OPT_INC, E_ROW(pr.tstamp)},
	{0, "utc", EMIT_OPT_UTC, OPT_SET, E_ROW(utc), .set = 1},
	{'e', .kind = OPT_SET, E_ROW(pr.link), .set = 1},
	{'q', .kind = OPT_SET, E_ROW(quiet), .set = 1},
	{'j', "json", .kind = OPT_SET, E_ROW(json), .set = 1},
	{'l', .kind = OPT_SET, E_ROW(linebuf), .set = 1},
	{'n', .kind = OPT_NONE}, /* tcpdump habit: names are never resolved */
	{'w', .kind = OPT_STR, E_ROW(dump.pattern)},
	{0, "stats", EMIT_OPT_STATS, OPT_SET, E_ROW(stats), .set = 1},
	{0, "print", EMIT_OPT_PRINT, OPT_SET, E_ROW(print), .set = 1},
	{0, "reassemble", EMIT_OPT_REASM, OPT_SET, E_ROW(reassemble), .set = 1},
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

/* The names of the host's interfaces (sniff -i any), read once before
 * the sandbox: if_indextoname() needs a socket, which the filter denies. */
static void
emit_ifnames(struct emit *e)
{
	struct if_nameindex *all = if_nameindex(), *n;

	e->n_if = 0;
	for (n = all; n && n->if_index && e->n_if < EMIT_IFCACHE; n++) {
		e->if_idx[e->n_if] = n->if_index;
		snprintf(e->if_name[e->n_if], sizeof(e->if_name[0]), "%s",
			 n->if_name);
		e->n_if++;
	}
	if (all)
		if_freenameindex(all);
}

int
emit_open(struct emit *e, pcap_t *p, char *errbuf)
{
	/* With -w - stdout carries the pcap stream and nothing else. */
	FILE *out = dump_is_stdout(e->dump.pattern) ? stderr : stdout;

	e->dlt = pcap_datalink(p);
	if (e->ifnames)
		emit_ifnames(e);
	e->obmem = malloc(OBUF_SIZE);
	/* Fresh anonymous pages: zero, page-aligned (the sets are aligned
	 * to cache lines), and only the ones a run uses are ever touched. */
	e->trk = mmap(NULL, sizeof(*e->trk), PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (e->trk == MAP_FAILED)
		e->trk = NULL;
	if (!e->obmem || !e->trk) {
		cli_err(errbuf, "memory: %s", strerror(errno));
		return -1;
	}
	trk_init_zeroed(e->trk);
	ob_init(&e->ob, out, e->obmem, OBUF_SIZE);
	if (e->pr.tstamp > PR_TS_MAX) {
		cli_err(errbuf, "-t: given %d times; -ttttt is the most",
			e->pr.tstamp);
		return -1;
	}
	/* -XX is the most -X does (and -xx of -x), as in tcpdump. */
	if (e->pr.hex > 2)
		e->pr.hex = 2;
	if (e->pr.xhex > 2)
		e->pr.xhex = 2;
	e->ob.t_utc = e->utc;
	tzset();
	if ((e->dump.limit || e->dump.period || e->dump.files) &&
	    !e->dump.pattern) {
		cli_err(errbuf, "-C, -G and -W need -w FILE");
		return -1;
	}
	if (e->dump.files && !e->dump.limit && !e->dump.period) {
		cli_err(errbuf, "-W needs -C or -G");
		return -1;
	}
	if (e->reassemble) {
		/* The file keeps the records as captured: which of them
		 * would a reassembled message be? */
		if (e->dump.pattern) {
			cli_err(errbuf, "--reassemble: not with -w (a file "
					"keeps the fragments as captured)");
			return -1;
		}
		e->rsm = malloc(sizeof(*e->rsm));
		if (!e->rsm) {
			cli_err(errbuf, "memory: %s", strerror(errno));
			return -1;
		}
		rsm_init(e->rsm, 0);
	}
	if (e->dump.pattern) {
		if (dump_open(&e->dump, p, errbuf) < 0)
			return -1;
		e->dumping = 1;
	}
	return 0;
}

/* The name of interface index idx, NULL for one made after the capture
 * opened (the line then shows the index). */
static const char *
emit_ifname(struct emit *e, uint32_t idx)
{
	unsigned i;

	if (e->last_if < e->n_if && e->if_idx[e->last_if] == idx)
		return e->if_name[e->last_if];
	for (i = 0; i < e->n_if; i++)
		if (e->if_idx[i] == idx) {
			e->last_if = i;
			return e->if_name[i];
		}
	return NULL;
}

/* One decoded record (or reassembled message): tracker, printer, file. */
static int
emit_show(struct emit *e, struct dec_pkt *d, int rc,
	  const struct pcap_pkthdr *h, const uint8_t *data)
{
	/* Nobody reads the match fields of a packet that is not printed. */
	if (e->quiet)
		trk_packet_later(e->trk, d, rc);
	else
		trk_packet(e->trk, d, rc);
	if (rc != DEC_ICMP)
		return 0;
	e->shown++;
	if (!e->quiet) {
		if (e->json)
			pr_json(&e->ob, d, &e->pr);
		else
			pr_text(&e->ob, d, &e->pr);
		/* -l: a reader at the other end of a pipe sees each line
		 * now (a write error is reported at the end, as others). */
		if (e->linebuf && ob_flush(&e->ob) == 0)
			fflush(e->ob.fp);
	}
	if (e->dumping) {
		int r = dump_write(&e->dump, h, data, e->err);

		/* tcpdump's words when -G with -W has made its files. */
		if (r > 0)
			fprintf(stderr, "Maximum file limit reached: %lld\n",
				e->dump.files);
		if (r)
			return r;
	}
	return e->count && e->shown >= e->count;
}

/* --reassemble: a fragment is held (counted as a record that is not a
 * message); the one that completes its datagram shows the whole of it,
 * decoded as a plain IP packet, under its own frame number and time. */
static int
emit_fragment(struct emit *e, struct dec_pkt *d, const struct pcap_pkthdr *h,
	      const uint8_t *data)
{
	int64_t ts = d->ts_sec * 1000000000 + d->ts_nsec;
	const uint8_t *whole;
	struct dec_pkt w;
	size_t n;
	int rc;

	if (!d->ip_hdr || rsm_offer(e->rsm, d->ip_hdr, d->ip_caplen,
				    d->ip_caplen, ts, &whole, &n) != RSM_DONE) {
		trk_packet(e->trk, d, DEC_NOT_ICMP);
		return 0;
	}
	w.frame = d->frame;
	w.ts_sec = d->ts_sec;
	w.ts_nsec = d->ts_nsec;
	w.pkt = whole;
	w.caplen = w.wirelen = (uint32_t)n;
	rc = dec_packet(DEC_DLT_RAW, &w);
	w.ifname = d->ifname;
	w.ifdir = d->ifdir;
	return emit_show(e, &w, rc, h, data);
}

int
emit_packet(struct emit *e, const struct pcap_pkthdr *h, const uint8_t *data)
{
	struct dec_pkt d;
	const char *ifname = NULL;
	uint8_t ifdir = 0;
	int rc;

	/* The block walk keeps step with every record, filtered or not. */
	if (e->ng)
		ngn_next(e->ng, &ifname, &ifdir);
	rc = emit_decode(e, h, data, ++e->frame, &d);
	if (rc < 0)
		return 0;
	d.ifname = ifname;
	d.ifdir = ifdir;
	if (e->ifnames && d.link.sll_ifindex)
		d.ifname = emit_ifname(e, d.link.sll_ifindex);
	if (e->rsm && (d.flags & DEC_F_FRAG))
		return emit_fragment(e, &d, h, data);
	return emit_show(e, &d, rc, h, data);
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
		if (e->rsm)
			rsm_stats_print(&e->ob, &e->rsm->st, e->json);
	}
	if (e->obmem && cli_out_done(&e->ob, errbuf) < 0)
		rc = -1;
	/* The first failure is the one reported. */
	if (e->dumping && dump_close(&e->dump, rc ? later : errbuf) < 0)
		rc = -1;
	e->dumping = 0;
	free(e->obmem);
	if (e->trk)
		munmap(e->trk, sizeof(*e->trk));
	free(e->rsm);
	e->rsm = NULL;
	e->obmem = NULL;
	e->trk = NULL;
	return rc;
}
