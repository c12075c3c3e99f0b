/* icmpkit read: decode a pcap or pcapng file (or stdin). */
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../commands.h"
#include "../cli/cli.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../cli/sig.h"
#include "emit.h"
#include "fastread.h"
#include "readpar.h"

void
usage_read(void)
{
	fputs("usage: icmpkit read [-c N] [-v|-vv] [-X] [-e] [-q] [-j] "
	      "[--stats] [-w FILE] [-Z USER] FILE|- [FILTER...]\n"
	      "  decode the ICMP and ICMPv6 messages of a pcap/pcapng "
	      "file\n" EMIT_USAGE
	      "  -Z USER   as root, the user to switch to once input and "
	      "output\n"
	      "            are open (default nobody)\n"
	      "  FILTER    BPF expression, applied to every record\n",
	      stdout);
}

#define READ_BUF (1 << 16)

static const struct option read_long[] = {
	{"json", no_argument, NULL, 'j'},
	{"stats", no_argument, NULL, OPT_STATS},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

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

int
cmd_read(int argc, char **argv, char *errbuf)
{
	struct emit e;
	struct bpf_program prog;
	char pcap_err[PCAP_ERRBUF_SIZE], filter[4096];
	const char *file, *user = "nobody";
	char *iobuf = NULL;
	FILE *fp;
	pcap_t *p = NULL;
	struct fastread fr = {0};
	int opt, rc = 2, have_prog = 0;

	memset(&e, 0, sizeof(e));
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:c:vXeqjnw:Z:h", read_long,
				  NULL)) != -1) {
		int r;

		if (opt == 'h' || opt == OPT_HELP) {
			usage_read();
			return 0;
		}
		if (opt == '?' || opt == ':') {
			cli_opt_error("read", opt, argv, errbuf);
			return 2;
		}
		if (opt == 'Z') {
			user = optarg;
			continue;
		}
		r = emit_option(&e, opt, optarg, errbuf);
		if (r < 0)
			return 2;
	}
	if (optind >= argc) {
		cli_err(errbuf, "read: no file given; usage: icmpkit read "
				"[options] FILE|- [FILTER...]");
		return 2;
	}
	file = argv[optind++];
	if (cli_join(argc - optind, argv + optind, filter, sizeof(filter),
		     errbuf) < 0)
		return 2;

	/* We open the file so that libpcap reads it through a 64 KiB stdio
	 * buffer: fewer read(2) calls than the default 4 KiB, and still
	 * small enough to leave the tracker's table in the L2 cache. */
	fp = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	if (!fp) {
		cli_err(errbuf, "%s: %s", file, strerror(errno));
		return 2;
	}
	iobuf = malloc(READ_BUF);
	if (iobuf)
		setvbuf(fp, iobuf, _IOFBF, READ_BUF);
	p = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, pcap_err);
	if (!p) {
		cli_err(errbuf, "%s: %s", file, cli_strip_name(pcap_err, file));
		if (fp != stdin)
			fclose(fp);
		free(iobuf);
		return 2;
	}
	if (filter[0]) {
		if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) <
		    0) {
			cli_err(errbuf, "filter '%s': %s", filter,
				pcap_geterr(p));
			goto out;
		}
		have_prog = 1;
		e.filter = &prog;
	}
	if (emit_open(&e, p, errbuf) < 0) {
		char later[CLI_ERRBUF];

		emit_close(&e, later);
		goto out;
	}
	/* Input and output are open: the decoder runs without root. */
	if (priv_drop(user, errbuf) < 0 || sandbox_enter("read", errbuf) < 0)
		goto close;
	sig_stop_install(sig_on_stop); /* SIGINT, TERM, HUP, PIPE end it */
	/* Plain pcap files are walked by fastread (on two CPUs when
	 * nothing is printed per record); libpcap reads the rest, or all
	 * of anything else. */
	if (fastread_open(&fr, p, fp)) {
		int r = read_par_usable(&e) ? read_par(&e, &fr, file, errbuf)
					    : 1;

		if (r < 0)
			goto close;
		if (r > 0 && read_fast(&e, &fr, &rc, errbuf))
			goto close;
	}
	/* pcap_dispatch() hands records to a callback from inside
	 * libpcap's own loop: cheaper per record than pcap_next_ex(). */
	for (;;) {
		struct read_loop rl = {.e = &e, .p = p, .status = 0};
		int r = pcap_dispatch(p, -1, read_one, (u_char *)&rl);

		if (rl.status < 0) {
			cli_err(errbuf, "%s", e.err);
			break;
		}
		if (rl.status > 0 || r == 0 || r == PCAP_ERROR_BREAK ||
		    sig_stopped) {
			rc = 0;
			break;
		}
		if (r < 0) {
			/* Everything complete has been printed; say why the
			 * rest was not. */
			cli_err(errbuf,
				"%s: truncated capture after record "
				"%llu: %s",
				file, (unsigned long long)e.frame,
				pcap_geterr(p));
			break;
		}
	}
close:
	if (rc == 0) {
		if (emit_close(&e, errbuf) < 0)
			rc = 2;
	} else {
		char later[CLI_ERRBUF];

		emit_close(&e, later);
	}
out:
	if (have_prog)
		pcap_freecode(&prog);
	fastread_close(&fr);
	pcap_close(p); /* closes fp too */
	free(iobuf);
	return rc;
}
