#include "capt.h"

#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <sys/socket.h>

#include "../cli/cli.h"
#include "../decode/dec.h"

static int
capture_setup(pcap_t *p, const char *ifname, const char *filter, int snaplen,
	      char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	int rc, fd, one = 1, sw = SOF_TIMESTAMPING_SOFTWARE;

	/* Headers are all the probing commands read: link, IP with options,
	 * the ICMP header, and a quoted IP and transport header in errors.
	 * A short snapshot keeps each ring slot small and the copy short. */
	pcap_set_snaplen(p, snaplen);
	pcap_set_promisc(p, 0);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, 4 << 20);
	pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(p);
	if (rc < 0) {
		cli_err(errbuf, "%s: %s%s", ifname, pcap_geterr(p),
			rc == PCAP_ERROR_PERM_DENIED
				? "; run as root or grant the capabilities: "
				  "sudo setcap cap_net_raw,cap_net_admin=eip "
				  "icmpkit"
				: "");
		return -1;
	}
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(p, &prog) < 0) {
		cli_err(errbuf, "%s: filter: %s", ifname, pcap_geterr(p));
		return -1;
	}
	pcap_freecode(&prog);
	/* Stamp a reply when it reaches the interface (netif_rx), as the
	 * kernel does for iputils' SO_TIMESTAMP, rather than when the
	 * capture socket gets it after the backlog.  An outgoing copy is
	 * stamped as it is handed to the driver. */
	fd = pcap_fileno(p);
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	setsockopt(fd, SOL_PACKET, PACKET_TIMESTAMP, &sw, sizeof(sw));
	if (pcap_setnonblock(p, 1, perr) < 0) {
		cli_err(errbuf, "%s: %s", ifname, perr);
		return -1;
	}
	return 0;
}

pcap_t *
inj_capture_open(const char *ifname, const char *filter, char *errbuf)
{
	return inj_capture_open_snap(ifname, filter, INJ_CAPT_SNAP, errbuf);
}

pcap_t *
inj_capture_open_snap(const char *ifname, const char *filter, int snaplen,
		      char *errbuf)
{
	char perr[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(ifname, perr);

	if (!p) {
		cli_err(errbuf, "%s: %s", ifname, perr);
		return NULL;
	}
	if (capture_setup(p, ifname, filter, snaplen, errbuf) < 0) {
		pcap_close(p);
		return NULL;
	}
	return p;
}

void
inj_capture_pkt(struct dec_pkt *d, const struct pcap_pkthdr *h,
		const u_char *data)
{
	d->frame = 0;
	d->ts_sec = h->ts.tv_sec;
	d->ts_nsec = (uint32_t)h->ts.tv_usec; /* nanoseconds: see above */
	d->caplen = h->caplen;
	d->wirelen = h->len;
	d->pkt = data;
}
