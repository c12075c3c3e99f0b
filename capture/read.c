/* icmpkit read: decode a pcap or pcapng file (or stdin). */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../commands.h"
#include "../cli/cli.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../cli/sig.h"
#include "emit.h"
#include "read.h"
#include "fastread.h"
#include "ngnames.h"
#include "readpar.h"
#include "zread.h"

void
usage_read(void)
{
	fputs("usage: icmpkit read [-c N] [-v|-vv] [-X|-XX|-x|-xx|-A] [-t...] "
	      "[--utc] [-#] [-e] [-q] [-j] [-l]\n"
	      "                    [--stats] [-w FILE|-] [--print] [--payload] "
	      "[-Z USER] [-r] FILE|- [FILTER...]\n"
	      "  decode the ICMP and ICMPv6 messages of a pcap/pcapng "
	      "file\n"
	      "  (gzip, zstd or xz compressed too, known by the first "
	      "bytes)\n"
	      "  -r FILE   the file, as tcpdump -r; every operand is then "
	      "FILTER\n" EMIT_USAGE
	      "  --payload with -j: every byte of each message (the IP fields "
	      "and the bytes\n"
	      "            after the fixed part as hex) and of the headers "
	      "around it\n"
	      "            (options, extension headers, tunnels): send "
	      "builds it again\n"
	      "  -Z USER   as root, the user to switch to once input and "
	      "output\n"
	      "            are open (default nobody)\n"
	      "  FILTER    BPF expression, applied to every record\n",
	      stdout);
}

#define READ_BUF (1 << 16)

/* read's own options; the output options are emit.h's emit_opts. */
struct read_args {
	const char *rfile; /* -r FILE, as tcpdump's */
	const char *user;  /* -Z USER: who decodes, when run as root */
	int payload;	   /* --payload: for send --from-json */
};

#define A_ROW(f) OPT_AT(struct read_args, f)

static const struct opt read_opts[] = {
	{'r', .kind = OPT_STR, A_ROW(rfile)},
	{'Z', .kind = OPT_STR, A_ROW(user)},
	{'h', "help", EMIT_OPT_CMD, OPT_STOP, .stop = usage_read},
	{0, "payload", EMIT_OPT_CMD + 1, OPT_SET, A_ROW(payload), .set = 1},
	{0},
};

/* One run of read: the file and what was opened for it. */
struct read_run {
	struct emit *e;
	struct bpf_program prog;
	int have_prog;
	const char *file;
	const char *filter;
	char *iobuf;
	FILE *fp;
	struct zr *z; /* the decompressing stream, if any (zread.h) */
	pcap_t *p;
	struct fastread fr;
	struct ngn ng; /* pcapng: the interface of each record */
};

/* Options, FILE (or -r FILE) and FILTER: 0 to go on, 1 when help was
 * printed, -1 on an error (errbuf filled). */
static int
read_args(struct emit *e, const char **file, const char **user, char *filter,
	  size_t n, int argc, char **argv, char *errbuf)
{
	struct read_args a = {NULL, "nobody", 0};
	const struct opt_group groups[] = {
		{emit_opts, e},
		{read_opts, &a},
		{NULL, NULL},
	};
	int x = opt_parse("read", groups, argc, argv, errbuf);

	if (x)
		return x;
	if (!a.rfile && optind >= argc) {
		cli_err(errbuf, "read: no file given; usage: icmpkit read "
				"[options] FILE|- [FILTER...]");
		return -1;
	}
	*file = a.rfile ? a.rfile : argv[optind++];
	*user = a.user;
	e->pr.payload = a.payload;
	emit_ready(e);
	return cli_join(argc - optind, argv + optind, filter, n, errbuf);
}

/* The file as a libpcap handle, and the filter compiled for it. */
static int
read_open(struct read_run *r, char *errbuf)
{
	char pcap_err[PCAP_ERRBUF_SIZE];

	/* We open the file so that libpcap reads it through a 64 KiB stdio
	 * buffer: fewer read(2) calls than the default 4 KiB, and still
	 * small enough to leave the tracker's table in the L2 cache. */
	r->fp = strcmp(r->file, "-") ? fopen(r->file, "rb") : stdin;
	if (!r->fp) {
		cli_err(errbuf, "%s: %s", r->file, strerror(errno));
		return -1;
	}
	r->iobuf = malloc(READ_BUF);
	if (r->iobuf)
		setvbuf(r->fp, r->iobuf, _IOFBF, READ_BUF);
	r->fp = zr_open(r->fp, r->file, &r->z, errbuf);
	if (!r->fp)
		return -1;
	r->p = pcap_fopen_offline_with_tstamp_precision(
		r->fp, PCAP_TSTAMP_PRECISION_NANO, pcap_err);
	if (!r->p) {
		cli_err(errbuf, "%s: %s", r->file,
			zr_error(r->z) ? zr_error(r->z)
				       : cli_strip_name(pcap_err, r->file));
		if (r->fp != stdin)
			fclose(r->fp);
		return -1;
	}
	if (!r->filter[0])
		return 0;
	if (pcap_compile(r->p, &r->prog, r->filter, 1, PCAP_NETMASK_UNKNOWN) <
	    0) {
		cli_err(errbuf, "filter '%s': %s", r->filter,
			pcap_geterr(r->p));
		return -1;
	}
	r->have_prog = 1;
	r->e->filter = &r->prog;
	return 0;
}

struct read_loop {
	struct emit *e;
	pcap_t *p;
	int status; /* 1 done (count), -1 write error */
};

static void
read_one(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct read_loop *rl = (struct read_loop *)arg;
	int r = emit_packet(rl->e, h, data);

	if (r || sig_stopped) {
		rl->status = r ? r : 1;
		pcap_breakloop(rl->p);
	}
}

/* Records from fastread, on this thread: 1 when the run is over (rc
 * set, errbuf filled on an error), 0 when libpcap is to read on. */
static int
read_fast(struct emit *e, struct fastread *fr, int *rc, char *errbuf)
{
	struct pcap_pkthdr h;
	const uint8_t *data;

	while (!sig_stopped && fastread_next(fr, &h, &data)) {
		int r = emit_packet(e, &h, data);

		if (r < 0) {
			cli_err(errbuf, "%s", e->err);
			return 1;
		}
		if (r > 0) {
			*rc = 0;
			return 1;
		}
	}
	if (sig_stopped)
		*rc = 0;
	return sig_stopped != 0;
}

/* pcap_dispatch() hands records to a callback from inside libpcap's
 * own loop: cheaper per record than pcap_next_ex().  0 at the end, -1 on
 * an error (errbuf filled). */
static int
read_pcap(struct read_run *r, char *errbuf)
{
	for (;;) {
		struct read_loop rl = {.e = r->e, .p = r->p, .status = 0};
		int n = pcap_dispatch(r->p, -1, read_one, (u_char *)&rl);

		if (rl.status < 0) {
			cli_err(errbuf, "%s", r->e->err);
			return -1;
		}
		if (rl.status > 0 || n == 0 || n == PCAP_ERROR_BREAK ||
		    sig_stopped)
			return 0;
		if (n < 0) {
			/* Everything complete has been printed; say why the
			 * rest was not. */
			cli_err(errbuf,
				"%s: truncated capture after record "
				"%llu: %s",
				r->file, (unsigned long long)r->e->frame,
				zr_error(r->z) ? zr_error(r->z)
					       : pcap_geterr(r->p));
			return -1;
		}
	}
}

/* Every record of the open file through emit: the exit code. */
static int
read_records(struct read_run *r, char *errbuf)
{
	int rc = 2;

	/* Plain pcap files are walked by fastread (on two CPUs when
	 * nothing is printed per record); libpcap reads the rest, or all
	 * of anything else. */
	if (fastread_open(&r->fr, r->p, r->fp)) {
		int x = read_par_usable(r->e)
				? read_par(r->e, &r->fr, r->file, errbuf)
				: 1;

		if (x < 0)
			return 2;
		if (x > 0 && read_fast(r->e, &r->fr, &rc, errbuf))
			return rc;
	}
	return read_pcap(r, errbuf) < 0 ? 2 : 0;
}

int
read_capture(struct emit *e, const char *file, const char *filter,
	     const char *user, char *errbuf)
{
	struct read_run r;
	char later[CLI_ERRBUF];
	int rc = 2;

	memset(&r, 0, sizeof(r));
	r.e = e;
	r.file = file;
	r.filter = filter;
	if (read_open(&r, errbuf) < 0)
		goto out;
	if (emit_open(e, r.p, errbuf) < 0) {
		emit_close(e, later);
		goto out;
	}
	if (ngn_open(&r.ng, file))
		e->ng = &r.ng;
	/* Input and output are open: the decoder runs without root. */
	if (priv_drop(user, errbuf) < 0 || sandbox_enter("read", errbuf) < 0) {
		emit_close(e, later);
		goto out;
	}
	sig_stop_install(sig_on_stop); /* SIGINT, TERM, HUP, PIPE end it */
	rc = read_records(&r, errbuf);
	if (rc == 0) {
		if (emit_close(e, errbuf) < 0)
			rc = 2;
	} else {
		emit_close(e, later);
	}
out:
	if (r.have_prog)
		pcap_freecode(&r.prog);
	fastread_close(&r.fr);
	if (r.p)
		pcap_close(r.p); /* closes fp too */
	zr_free(r.z);
	free(r.iobuf);
	ngn_close(&r.ng);
	e->ng = NULL;
	return rc;
}

int
cmd_read(int argc, char **argv, char *errbuf)
{
	struct emit e;
	const char *file, *user;
	char filter[4096];
	int x;

	memset(&e, 0, sizeof(e));
	x = read_args(&e, &file, &user, filter, sizeof(filter), argc, argv,
		      errbuf);
	if (x)
		return x > 0 ? 0 : 2;
	return read_capture(&e, file, filter, user, errbuf);
}
