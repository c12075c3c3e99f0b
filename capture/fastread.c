#include "fastread.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FR_MAGIC_US 0xa1b2c3d4u
#define FR_MAGIC_NS 0xa1b23c4du
#define FR_MAX_CAP  262144u /* libpcap's most for the link types below */
#define FR_CHUNK    (1u << 20)

static uint32_t
fr_u32(const uint8_t *b, int swapped)
{
	uint32_t v;

	memcpy(&v, b, 4);
	return swapped ? __builtin_bswap32(v) : v;
}

/* Link types whose records libpcap hands over as they are in the file
 * (no pseudo-header to byte-swap) and with its usual size limit. */
static int
fr_plain_dlt(int dlt)
{
	switch (dlt) {
	case DLT_NULL:
	case DLT_EN10MB:
	case DLT_SLIP:
	case DLT_PPP:
	case DLT_RAW:
	case DLT_LOOP:
	case DLT_LINUX_SLL:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL2:
		return 1;
	default:
		return 0;
	}
}

int
fastread_open(struct fastread *f, pcap_t *p, FILE *fp)
{
	uint8_t h[24];
	struct stat st;
	uint32_t magic;
	int fd = fileno(fp);
	const char *env = getenv("ICMPKIT_FASTREAD");

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (env && !strcmp(env, "0"))
		return 0; /* to compare with libpcap reading everything */
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    pcap_is_swapped(p) < 0 || !fr_plain_dlt(pcap_datalink(p)) ||
	    pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return 0;
	/* The standard magic only (not the modified or Navtel formats), and
	 * version 2.4 only: older files may have caplen and len the other way
	 * round, and libpcap knows what to do with them. */
	f->swapped = pcap_is_swapped(p) == 1;
	magic = fr_u32(h, f->swapped);
	if ((magic != FR_MAGIC_US && magic != FR_MAGIC_NS) ||
	    pcap_major_version(p) != 2 || pcap_minor_version(p) != 4)
		return 0;
	if (pcap_snapshot(p) <= 0)
		return 0;
	f->limit = (uint32_t)pcap_snapshot(p);
	if (f->limit > FR_MAX_CAP)
		f->limit = FR_MAX_CAP;
	f->scale_up = magic == FR_MAGIC_US;
	f->cap = FR_CHUNK + 16 + FR_MAX_CAP;
	f->buf = malloc(f->cap);
	if (!f->buf)
		return 0;
	f->fp = fp;
	f->fd = fd;
	f->pos = 24;
	return 1;
}

/* Have n bytes from buf[start] in the buffer, reading more if need be:
 * 1, or 0 when the file ends first. */
static int
fr_have(struct fastread *f, size_t n)
{
	while (f->end - f->start < n) {
		ssize_t r;

		if (f->eof)
			return 0;
		if (f->start) {
			memmove(f->buf, f->buf + f->start, f->end - f->start);
			f->end -= f->start;
			f->start = 0;
		}
		r = pread(f->fd, f->buf + f->end, f->cap - f->end,
			  f->pos + (off_t)(f->end - f->start));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* The end, or an error libpcap will meet too. */
			f->eof = 1;
			return 0;
		}
		f->end += (size_t)r;
	}
	return 1;
}

/* Leave the rest to libpcap, from the record at f->pos. */
static int
fr_hand_over(struct fastread *f)
{
	fseeko(f->fp, f->pos, SEEK_SET);
	f->fp = NULL;
	return 0;
}

int
fastread_next(struct fastread *f, struct pcap_pkthdr *h, const uint8_t **data)
{
	size_t avail = f->end - f->start;
	const uint8_t *r;
	uint32_t caplen;

	if (!f->fp)
		return 0; /* libpcap reads on */
	/* Usually the whole record is in the buffer already; fr_have reads
	 * on only when it is not. */
	if (avail < 16 && !fr_have(f, 16))
		return fr_hand_over(f);
	caplen = fr_u32(f->buf + f->start + 8, f->swapped);
	if (caplen > f->limit ||
	    (avail < 16 + (size_t)caplen && !fr_have(f, 16 + (size_t)caplen)))
		return fr_hand_over(f);
	r = f->buf + f->start; /* fr_have may have moved the data */
	/* As libpcap: the file's time fields are signed 32-bit. */
	h->ts.tv_sec = (int32_t)fr_u32(r, f->swapped);
	h->ts.tv_usec = (int32_t)fr_u32(r + 4, f->swapped);
	if (f->scale_up)
		h->ts.tv_usec *= 1000;
	h->caplen = caplen;
	h->len = fr_u32(r + 12, f->swapped);
	*data = r + 16;
	f->start += 16 + (size_t)caplen;
	f->pos += 16 + (off_t)caplen;
	return 1;
}

void
fastread_close(struct fastread *f)
{
	free(f->buf);
	f->buf = NULL;
}
