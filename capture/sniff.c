/* icmpkit sniff: live capture of ICMP and ICMPv6, decoded as it arrives. */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../commands.h"
#include "../cli/cli.h"
#include "emit.h"
#include "plain.h"
#include "read.h"
#include "../cli/priv.h"
#include "../cli/sandbox.h"
#include "../cli/sig.h"

/* Snapshot length: enough for any ICMP message on a 1500-byte link with
 * tags and tunnels, small enough that the TPACKET ring holds many frames
 * (immediate mode sizes ring slots by the snapshot length). */
#define SNIFF_SNAPLEN	 2048
#define SNIFF_BUFFER_KIB (32 * 1024)
/* A counted run this short reads in immediate mode even with -q. */
#define SNIFF_SHORT 1000
/* ... and, unless -B says otherwise, into a ring that holds its count
 * (the kernel filters, so only counted packets take a slot) and some
 * more: setting up the default ring (twice 32 MiB of pages the kernel
 * clears) was 20 ms of a 25 ms sniff -c 1, mapping and unmapping it 4. */
#define SNIFF_SHORT_SLOT 4096 /* bytes a packet takes, SNIFF_SNAPLEN up */
#define SNIFF_SHORT_MIN	 (256 * 1024)

/* The messages we want.  A plain "icmp6" misses ICMPv6 behind extension
 * headers (MLD always has a hop-by-hop header), and "protochain" loops,
 * which the kernel's BPF refuses (libpcap then filters in user space, at
 * the cost of copying every packet).  So IPv6 packets whose first header
 * is an extension header (0, 43, 44, 51, 60) or ICMPv4 (1) are taken too
 * and the decoder keeps those that carry ICMP. */
#define SNIFF_ICMP                                                             \
	"icmp or icmp6 or (ip6 and (ip6[6] == 0 or ip6[6] == 43 or "           \
	"ip6[6] == 44 or ip6[6] == 51 or ip6[6] == 60 or ip6[6] == 1))"

/* --decap: tunnels the decoder walks, whatever they carry.  BPF cannot
 * follow a tunnel's variable headers to the inner protocol cheaply, so
 * every IP-in-IP, GRE, MPLS-in-IP, VXLAN (4789, 8472), Geneve and
 * MPLS-over-UDP packet (and every MPLS frame) is copied to user space and
 * the decoder keeps those with ICMP inside. */
#define SNIFF_TUNNELS                                                          \
	" or ip proto 4 or ip proto 41 or ip proto 47 or ip proto 137"         \
	" or ip6 proto 4 or ip6 proto 41 or ip6 proto 47 or ip6 proto 137"     \
	" or udp dst port 4789 or udp dst port 8472 or udp dst port 6081"      \
	" or udp dst port 6635"
#define SNIFF_MPLS " or ether proto 0x8847 or ether proto 0x8848"

struct sniff {
	const char *iface;
	const char *user;
	int promisc;
	long long snaplen;
	long long buffer_kib;
	double duration;
	int decap;	   /* --decap: tunnels too */
	const char *rfile; /* -r FILE: read it, as icmpkit read -r FILE */
	int first_made;	   /* the first -w file exists (removed on failure) */
	struct emit e;
	pcap_t *p;	  /* the live handle, or a dead one beside pl */
	struct plain *pl; /* a short run's plain socket (plain.h) */
};

static volatile sig_atomic_t stop_flag, stats_flag;
static pcap_t *sig_pcap;

static void
on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
	if (sig_pcap)
		pcap_breakloop(sig_pcap);
}

static void
on_stats(int sig)
{
	(void)sig;
	stats_flag = 1;
	if (sig_pcap)
		pcap_breakloop(sig_pcap);
}

void
usage_sniff(void)
{
	fputs("usage: icmpkit sniff [-i IFACE] [-D] [-p] [-B KiB] [-s SNAPLEN] "
	      "[-Z USER] [-c N] [-l]\n"
	      "                     [-v|-vv] [-X|-XX|-x|-xx|-A] [-t...] "
	      "[--utc] "
	      "[-#] [-e] [-q] [-j] [--stats]\n                     "
	      "[-w FILE [-C MB] [-G SEC] [-W N]]\n"
	      "                     [--print] [--duration SECONDS] [--decap] "
	      "[-r FILE] [FILTER...]\n"
	      "  capture ICMP and ICMPv6 live and decode it\n"
	      "  -i IFACE  interface (\"any\" for all); default: the first up, "
	      "non-loopback one\n"
	      "  -D        list the interfaces and exit\n"
	      "  -p        do not put the interface into promiscuous mode\n"
	      "  -B KiB    kernel capture buffer (default 32768)\n"
	      "  -s LEN    snapshot length (default 2048)\n"
	      "  -Z USER   user to switch to once the capture is open "
	      "(default nobody)\n"
	      "  -r FILE   read a capture file instead, as icmpkit read "
	      "(no live options)\n" EMIT_USAGE
	      "  -C MB     new file every MB megabytes (FILE, FILE1, ...)\n"
	      "  -G SEC    new file every SEC seconds (FILE is a strftime "
	      "pattern)\n"
	      "  -W N      with -C: a ring of N files; with -G: stop after N "
	      "files\n"
	      "  --duration SECONDS  stop after this long\n"
	      "  --decap   also capture tunnels (GRE, IP-in-IP, VXLAN, Geneve, "
	      "MPLS):\n"
	      "            all their packets reach user space, not only ICMP\n"
	      "  FILTER    BPF expression, and'ed with the ICMP filter\n"
	      "Signals: SIGINT/SIGTERM/SIGHUP/SIGPIPE stop (the statistics "
	      "line goes to "
	      "stderr), SIGUSR1 prints it.\n",
	      stdout);
}

static const char *
if_flags(bpf_u_int32 f, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s", (f & PCAP_IF_UP) ? "Up" : "Down",
		 (f & PCAP_IF_RUNNING) ? ", Running" : "",
		 (f & PCAP_IF_LOOPBACK) ? ", Loopback" : "",
		 (f & PCAP_IF_WIRELESS) ? ", Wireless" : "");
	return buf;
}

static int
list_ifaces(char *errbuf)
{
	pcap_if_t *all, *d;
	char perr[PCAP_ERRBUF_SIZE], fl[64];
	int i = 1;

	if (pcap_findalldevs(&all, perr) < 0) {
		cli_err(errbuf, "interfaces: %s", perr);
		return 2;
	}
	for (d = all; d; d = d->next, i++)
		printf("%d.%s%s%s%s [%s]\n", i, d->name,
		       d->description ? " (" : "",
		       d->description ? d->description : "",
		       d->description ? ")" : "",
		       if_flags(d->flags, fl, sizeof(fl)));
	pcap_freealldevs(all);
	if (fflush(stdout) != 0) {
		cli_err(errbuf, "stdout: write failed: %s", strerror(errno));
		return 2;
	}
	return 0;
}

/* -D: list the interfaces and end parsing (sniff exits 0). */
static int
opt_list(void *base, const char *arg, char *errbuf)
{
	(void)base;
	(void)arg;
	return list_ifaces(errbuf) ? -1 : 1;
}

/* sniff's own options; the output options are emit.h's emit_opts, the
 * file rotation emit_dump_opts. */
#define S_ROW(f) OPT_AT(struct sniff, f)

enum { S_DURATION = EMIT_OPT_CMD, S_DECAP, S_HELP };

static const struct opt sniff_opts[] = {
	{'i', .kind = OPT_STR, S_ROW(iface)},
	{'D', .kind = OPT_CALL, .call = opt_list},
	{'p', .kind = OPT_SET, S_ROW(promisc), .set = 0},
	{'s', .kind = OPT_NUM, S_ROW(snaplen), .min = 64, .max = 262144,
	 .what = "-s snaplen"},
	{'B', .kind = OPT_NUM, S_ROW(buffer_kib), .min = 64, .max = 2097152,
	 .what = "-B KiB"},
	{'Z', .kind = OPT_STR, S_ROW(user)},
	{'r', .kind = OPT_STR, S_ROW(rfile)},
	{'h', .kind = OPT_STOP, .stop = usage_sniff},
	{0, "duration", S_DURATION, OPT_DEC, S_ROW(duration), .dmin = 0,
	 .dmax = 31536000, .min_open = 1, .what = "--duration",
	 .unit = "seconds"},
	{0, "decap", S_DECAP, OPT_SET, S_ROW(decap), .set = 1},
	{0, "help", S_HELP, OPT_STOP, .stop = usage_sniff},
	{0},
};

/* tcpdump's choice: the first interface that is up and not loopback. */
static int
default_iface(char *name, size_t n, char *errbuf)
{
	pcap_if_t *all, *d;
	char perr[PCAP_ERRBUF_SIZE];
	int found = 0;

	if (pcap_findalldevs(&all, perr) < 0) {
		cli_err(errbuf, "interfaces: %s", perr);
		return -1;
	}
	for (d = all; d && !found; d = d->next) {
		if (!(d->flags & PCAP_IF_UP) || (d->flags & PCAP_IF_LOOPBACK) ||
		    !strcmp(d->name, "any"))
			continue;
		snprintf(name, n, "%s", d->name);
		found = 1;
	}
	pcap_freealldevs(all);
	if (!found) {
		cli_err(errbuf, "no interface is up; choose one with -i "
				"(icmpkit sniff -D lists them)");
		return -1;
	}
	return 0;
}

/* Why activation failed, with the fix a user needs. */
static void
activate_error(struct sniff *s, int rc, char *errbuf)
{
	const char *why = pcap_geterr(s->p);

	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		cli_err(errbuf,
			"%s: no such interface; icmpkit sniff -D lists "
			"them",
			s->iface);
		break;
	case PCAP_ERROR_PERM_DENIED:
		cli_err(errbuf,
			"%s: permission denied; run as root or grant "
			"the capabilities: sudo setcap "
			"cap_net_raw,cap_net_admin=eip icmpkit",
			s->iface);
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		cli_err(errbuf,
			"%s: interface is down; bring it up (ip link "
			"set %s up)",
			s->iface, s->iface);
		break;
	default:
		cli_err(errbuf, "%s: %s", s->iface,
			why && *why ? why : pcap_statustostr(rc));
	}
}

/* The kernel buffer: -B, or SNIFF_SHORT_SLOT per packet of a short
 * counted run (with the defaults, 4 MiB at most). */
static int
buffer_bytes(const struct sniff *s)
{
	long long n = (long long)s->e.count * SNIFF_SHORT_SLOT;

	if (s->buffer_kib != SNIFF_BUFFER_KIB || !s->e.count ||
	    s->e.count > SNIFF_SHORT || s->snaplen > SNIFF_SNAPLEN)
		return (int)(s->buffer_kib * 1024);
	return (int)(n > SNIFF_SHORT_MIN ? n : SNIFF_SHORT_MIN);
}

/* A short counted run (-c up to SNIFF_SHORT) with the default filter
 * and buffer on an Ethernet or loopback interface: a plain packet socket
 * and a dead handle of its link type for the filter and the output
 * (plain.h).  0 when taken, 1 when libpcap's handle is to be, -1 on an
 * error.  A FILTER of the user's goes to libpcap, whose live handles
 * compile "vlan" for tags the driver took off. */
static int
open_plain(struct sniff *s, const char *filter, char *errbuf)
{
	int r;

	if (*filter || s->buffer_kib != SNIFF_BUFFER_KIB || !s->e.count ||
	    s->e.count > SNIFF_SHORT)
		return 1;
	s->pl = malloc(sizeof(*s->pl));
	if (!s->pl) {
		cli_err(errbuf, "memory: out of memory");
		return -1;
	}
	r = plain_open(s->pl, s->iface, (unsigned)s->snaplen, s->promisc,
		       errbuf);
	if (r == 0)
		s->p = pcap_open_dead_with_tstamp_precision(
			DLT_EN10MB, (int)s->snaplen,
			PCAP_TSTAMP_PRECISION_NANO);
	if (r == 0 && !s->p) {
		plain_close(s->pl);
		cli_err(errbuf, "memory: out of memory");
		r = -1;
	}
	if (r != 0) {
		free(s->pl);
		s->pl = NULL;
	}
	return r;
}

static int
open_live(struct sniff *s, char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	int rc;

	s->p = pcap_create(s->iface, perr);
	if (!s->p) {
		cli_err(errbuf, "%s: %s", s->iface, perr);
		return -1;
	}
	/* docs/ARCHITECTURE.md, library facts: immediate mode, a snapshot
	 * length that does not starve the ring, a large buffer, nanosecond
	 * timestamps.  With -q nobody watches packet by packet: the kernel then
	 * hands over blocks of packets (at most 100 ms old) instead of waking
	 * us for each one, which leaves the CPU to whatever floods the link;
	 * a short counted run (-c up to SNIFF_SHORT) is not worth the block
	 * timeout's wait. */
	pcap_set_snaplen(s->p, (int)s->snaplen);
	pcap_set_promisc(s->p, s->promisc);
	if (s->e.quiet && !(s->e.count && s->e.count <= SNIFF_SHORT))
		pcap_set_timeout(s->p, 100);
	else
		pcap_set_immediate_mode(s->p, 1);
	pcap_set_buffer_size(s->p, buffer_bytes(s));
	pcap_set_tstamp_precision(s->p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(s->p);
	if (rc < 0) {
		activate_error(s, rc, errbuf);
		return -1;
	}
	if (rc > 0)
		fprintf(stderr, "icmpkit: warning: %s: %s\n", s->iface,
			pcap_statustostr(rc));
	/* "any" gives SLL by default; SLL2 carries the interface index. */
	if (pcap_datalink(s->p) == DLT_LINUX_SLL)
		pcap_set_datalink(s->p, DLT_LINUX_SLL2);
	return 0;
}

/* The ICMP filter, and'ed with the user's.  After "vlan" libpcap reads
 * every later field at tagged offsets, so the user's expression is
 * repeated inside the vlan branch rather than and'ed after it; link
 * types without VLAN support (SLL2) get the untagged half only. */
static int
set_filter(struct sniff *s, const char *user, char *errbuf)
{
	/* What to capture, best first: with --decap, MPLS frames too (by
	 * ethertype: the "mpls" keyword would move the offsets of what
	 * follows it, as "vlan" does), then without them for link types
	 * that have no ethertype to test. */
	static const char *const plain[] = {SNIFF_ICMP, NULL};
	static const char *const decap[] = {
		SNIFF_ICMP SNIFF_TUNNELS SNIFF_MPLS,
		SNIFF_ICMP SNIFF_TUNNELS,
		NULL,
	};
	const char *const *base;
	struct bpf_program prog;
	char f[8192];
	int n, tagged;

	for (base = s->decap ? decap : plain; *base; base++)
		for (tagged = 1; tagged >= 0; tagged--) {
			if (*user && tagged)
				n = snprintf(f, sizeof(f),
					     "((%s) and (%s)) or (vlan and "
					     "(%s) and (%s))",
					     user, *base, user, *base);
			else if (tagged)
				n = snprintf(f, sizeof(f),
					     "%s or (vlan and (%s))", *base,
					     *base);
			else if (*user)
				n = snprintf(f, sizeof(f), "(%s) and (%s)",
					     user, *base);
			else
				n = snprintf(f, sizeof(f), "%s", *base);
			if (n < 0 || (size_t)n >= sizeof(f)) {
				cli_err(errbuf, "filter: too long");
				return -1;
			}
			if (pcap_compile(s->p, &prog, f, 1,
					 PCAP_NETMASK_UNKNOWN) == 0)
				goto compiled;
		}
	cli_err(errbuf, "filter '%s': %s", user, pcap_geterr(s->p));
	return -1;
compiled:
	if (s->pl) {
		n = plain_start(s->pl, &prog, errbuf);
		pcap_freecode(&prog);
		return n;
	}
	if (pcap_setfilter(s->p, &prog) < 0) {
		cli_err(errbuf, "filter '%s': %s", user, pcap_geterr(s->p));
		pcap_freecode(&prog);
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

static void
print_capstats(struct sniff *s)
{
	struct pcap_stat st;

	fflush(stdout);
	if (s->pl)
		plain_stats(s->pl, &st);
	else if (pcap_stats(s->p, &st) < 0) {
		fprintf(stderr, "%llu packets captured\n",
			(unsigned long long)s->e.frame);
		return;
	}
	fprintf(stderr,
		"%llu packets captured, %u received by filter, %u dropped by "
		"kernel, %u dropped by interface\n",
		(unsigned long long)s->e.frame, st.ps_recv, st.ps_drop,
		st.ps_ifdrop);
}

struct loop_state {
	struct sniff *s;
	int status; /* 0 going, 1 done, -1 error */
};

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	struct loop_state *ls = (struct loop_state *)arg;
	int r;

	if (ls->status)
		return;
	r = emit_packet(&ls->s->e, h, data);
	if (r) {
		ls->status = r;
		pcap_breakloop(ls->s->p);
	}
}

static void
install_signals(void)
{
	struct sigaction sa;

	/* No SA_RESTART: a blocked poll must return so the loop sees the
	 * flag (docs/ARCHITECTURE.md, conventions). */
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sig_stop_install(on_stop);
	sa.sa_handler = on_stop;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_stats;
	sigaction(SIGUSR1, &sa, NULL);
}

/* The packets waiting, or the next to come: the number handed to
 * on_packet, -1 with errbuf filled.  The plain socket waits at most a
 * second, so that a signal just before its poll is seen soon. */
static int
dispatch(struct sniff *s, struct loop_state *ls, char *errbuf)
{
	int n;

	if (s->pl)
		return plain_dispatch(s->pl, 1000, on_packet, (u_char *)ls,
				      errbuf);
	n = pcap_dispatch(s->p, -1, on_packet, (u_char *)ls);
	if (n == PCAP_ERROR) {
		cli_err(errbuf, "%s: %s", s->iface, pcap_geterr(s->p));
		return -1;
	}
	return n < 0 ? 0 : n; /* PCAP_ERROR_BREAK: a signal, the loop sees it */
}

static int
run_loop(struct sniff *s, char *errbuf)
{
	struct loop_state ls = {.s = s, .status = 0};
	char perr[PCAP_ERRBUF_SIZE];
	int n;

	while (!stop_flag && !ls.status) {
		n = dispatch(s, &ls, errbuf);
		if (n < 0)
			return -1;
		ob_flush(&s->e.ob);
		fflush(stdout);
		if (stats_flag) {
			stats_flag = 0;
			if (s->e.dumping && dump_flush(&s->e.dump, errbuf) < 0)
				return -1;
			print_capstats(s);
		}
	}
	if (ls.status < 0) {
		cli_err(errbuf, "%s", s->e.err);
		return -1;
	}
	/* Stopped by a signal or the clock: what the kernel already
	 * captured is still in the ring; take it so none of it is lost.  In
	 * immediate mode it is there now.  In block mode (-q) the kernel
	 * hands over the block being filled when its 100 ms timer fires, so
	 * poll (without blocking: an empty block never fires) a while. */
	if (stop_flag && !ls.status && s->pl) {
		/* Immediately there, as in immediate mode. */
		while (!ls.status && plain_dispatch(s->pl, 0, on_packet,
						    (u_char *)&ls, errbuf) > 0)
			;
	} else if (stop_flag && !ls.status &&
		   pcap_setnonblock(s->p, 1, perr) == 0) {
		struct timespec t0, now, nap = {0, 10 * 1000 * 1000};
		double waited = 0;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (!ls.status) {
			n = pcap_dispatch(s->p, -1, on_packet, (u_char *)&ls);
			if (n < 0)
				break;
			if (n > 0)
				continue;
			if (!s->e.quiet || waited > 0.25)
				break;
			nanosleep(&nap, NULL);
			clock_gettime(CLOCK_MONOTONIC, &now);
			waited = (double)(now.tv_sec - t0.tv_sec) +
				 (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
		}
		if (ls.status < 0) {
			cli_err(errbuf, "%s", s->e.err);
			return -1;
		}
	}
	return 0;
}

/* Options and FILTER: 0 to go on, 1 when done (help, -D), -1 on an
 * error (errbuf filled). */
static int
sniff_args(struct sniff *s, int argc, char **argv, char *filter, size_t n,
	   char *errbuf)
{
	const struct opt_group groups[] = {
		{emit_opts, &s->e},
		{emit_dump_opts, &s->e},
		{sniff_opts, s},
		{NULL, NULL},
	};
	int x;

	s->user = "nobody";
	s->promisc = 1;
	s->snaplen = SNIFF_SNAPLEN;
	s->buffer_kib = SNIFF_BUFFER_KIB;
	x = opt_parse("sniff", groups, argc, argv, errbuf);
	if (x)
		return x;
	emit_ready(&s->e);
	return cli_join(argc - optind, argv + optind, filter, n, errbuf);
}

/* Whether the user of -Z may create files in dir: asked of a child that
 * drops privileges exactly as this process will (priv_drop) and tries,
 * so that groups, ACLs and read-only mounts all count. */
static int
user_may_write(const char *user, const char *dir)
{
	char errbuf[CLI_ERRBUF];
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(priv_drop(user, errbuf) == 0 &&
				      access(dir, W_OK | X_OK) == 0
			      ? 0
			      : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 1 : 0;
}

/* -C/-G as root with -Z USER: the files after the first are made by
 * USER, so its directory must let USER write (one line now rather than
 * a failed rotation later), and the first file becomes USER's (a -W ring
 * opens it again). */
static int
rotation_check(struct sniff *s, char *errbuf)
{
	struct dump *w = &s->e.dump;
	struct passwd *pw;
	char dir[PATH_MAX];
	char *slash;

	if (!(w->limit || w->period) || geteuid() != 0 ||
	    !strcmp(s->user, "root") || !(pw = getpwnam(s->user)))
		return 0; /* no switch, or priv_drop says what is wrong */
	snprintf(dir, sizeof(dir), "%s", w->name);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		slash[slash == dir] = 0; /* "/x.pcap": "/" */
	if (user_may_write(s->user, dir) != 1) {
		cli_err(errbuf,
			"%s: user %s may not create files there, and -C/-G "
			"files after the first are made as %s; choose a "
			"directory %s may write, or -Z root",
			dir, s->user, s->user, s->user);
		return -1;
	}
	if (chown(w->name, pw->pw_uid, pw->pw_gid) < 0) {
		cli_err(errbuf, "%s: chown to %s: %s", w->name, s->user,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* The handle open and filtered, privileges dropped, the output open. */
static int
sniff_open(struct sniff *s, const char *filter, char *errbuf)
{
	char later[CLI_ERRBUF];

	int r = open_plain(s, filter, errbuf);

	if (r < 0 || (r > 0 && open_live(s, errbuf) < 0))
		return -1;
	if (set_filter(s, filter, errbuf) < 0)
		return -1;
	/* The first output file is opened while root may still write
	 * anywhere (sniff -w /root/x.pcap), as tcpdump does; later ones of
	 * -C/-G are opened as the user, so that is checked now. */
	if (emit_open(&s->e, s->p, errbuf) < 0) {
		emit_close(&s->e, later);
		return -1;
	}
	s->first_made = s->e.dumping && !s->e.dump.to_stdout;
	/* Handle and first file open: nothing more needs privileges. */
	if (rotation_check(s, errbuf) < 0 || priv_drop(s->user, errbuf) < 0 ||
	    sandbox_enter("sniff", errbuf) < 0) {
		emit_close(&s->e, later);
		if (s->first_made)
			unlink(s->e.dump.name); /* nothing was captured */
		return -1;
	}
	return 0;
}

/* --duration: SIGALRM stops the loop. */
static void
set_timer(double duration)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)duration;
	it.it_value.tv_usec =
		(suseconds_t)((duration - (double)(time_t)duration) * 1e6);
	if (!it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* sniff -r FILE is tcpdump's way to read a file: done as read does it,
 * with the output options; the options of live capture are refused. */
static int
sniff_read(struct sniff *s, const char *filter, char *errbuf)
{
	const char *live =
		s->iface			    ? "-i"
		: !s->promisc			    ? "-p"
		: s->snaplen != SNIFF_SNAPLEN	    ? "-s"
		: s->buffer_kib != SNIFF_BUFFER_KIB ? "-B"
		: strcmp(s->user, "nobody")	    ? "-Z"
		: s->duration > 0		    ? "--duration"
		: s->decap			    ? "--decap"
		: s->e.dump.limit || s->e.dump.period || s->e.dump.files
			? "-C/-G/-W"
			: NULL;

	if (live) {
		cli_err(errbuf,
			"sniff -r %s: %s is for live capture; drop it to "
			"read the file",
			s->rfile, live);
		return 2;
	}
	return read_capture(&s->e, s->rfile, filter, "nobody", errbuf);
}

int
cmd_sniff(int argc, char **argv, char *errbuf)
{
	struct sniff s;
	char filter[4096], ifname[256], later[CLI_ERRBUF];
	int rc = 2, x;

	memset(&s, 0, sizeof(s));
	x = sniff_args(&s, argc, argv, filter, sizeof(filter), errbuf);
	if (x)
		return x > 0 ? 0 : 2;
	if (s.rfile)
		return sniff_read(&s, filter, errbuf);
	s.e.ifnames = 1; /* -i any: SLL2 indexes named by this host */
	if (!s.iface) {
		if (default_iface(ifname, sizeof(ifname), errbuf) < 0)
			return 2;
		s.iface = ifname;
	}
	if (sniff_open(&s, filter, errbuf) < 0)
		goto out;
	sig_pcap = s.p;
	install_signals();
	/* As tcpdump: scripts wait for this line before sending. */
	fprintf(stderr,
		"listening on %s, link-type %s, snapshot "
		"length %lld bytes\n",
		s.iface, pcap_datalink_val_to_name(pcap_datalink(s.p)),
		s.snaplen);
	if (s.duration > 0)
		set_timer(s.duration);
	rc = run_loop(&s, errbuf) < 0 ? 2 : 0;
	if (rc == 0) {
		if (emit_close(&s.e, errbuf) < 0)
			rc = 2;
	} else {
		emit_close(&s.e, later);
	}
	print_capstats(&s);
out:
	sig_pcap = NULL;
	if (s.p) {
		/* The socket's release waits for a grace period: a child
		 * process that outlives us does the last close. */
		int fd = dup(pcap_fileno(s.p));

		pcap_close(s.p);
		if (fd >= 0)
			cli_close_later(fd);
	}
	if (s.pl) {
		plain_close(s.pl);
		free(s.pl);
	}
	return rc;
}
