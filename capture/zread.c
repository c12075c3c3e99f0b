/* Decompressing input streams for read: see zread.h. */
#define _GNU_SOURCE /* fopencookie */
#include "zread.h"

#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <unistd.h>
#include <zstd.h>

#define ZR_IN (1 << 16) /* compressed bytes read from the file at a time */

struct zr {
	enum zr_kind kind;
	FILE *src;
	uint8_t in[ZR_IN];
	size_t in_pos, in_len;
	int src_eof;
	/* Between two members (gzip, zstd frames; xz: the end of all):
	 * the end of the file is the end of the data only here. */
	int between;
	int ended;
	const char *err; /* NULL, or msg */
	char msg[80];
	z_stream gz;
	ZSTD_DStream *zs;
	lzma_stream xz;
};

/* The magic numbers of the formats (RFC 1952, RFC 8878, xz's .xz spec). */
static const struct {
	enum zr_kind kind;
	const char *name;
	uint8_t magic[6];
	size_t len;
} zr_formats[] = {
	{ZR_GZIP, "gzip", {0x1f, 0x8b}, 2},
	{ZR_ZSTD, "zstd", {0x28, 0xb5, 0x2f, 0xfd}, 4},
	{ZR_XZ, "xz", {0xfd, '7', 'z', 'X', 'Z', 0}, 6},
};

static const char *
zr_name(enum zr_kind k)
{
	size_t i;

	for (i = 0; i < sizeof(zr_formats) / sizeof(zr_formats[0]); i++)
		if (zr_formats[i].kind == k)
			return zr_formats[i].name;
	return "plain";
}

static void
zr_fail(struct zr *z, const char *why)
{
	snprintf(z->msg, sizeof(z->msg), "%s: %s", zr_name(z->kind), why);
	z->err = z->msg;
}

/* Up to n bytes from the file with one read(2): stdio's fread would wait
 * for all n, and a reader at the end of a pipe wants each record as it
 * comes. */
static ssize_t
zr_sysread(struct zr *z, uint8_t *b, size_t n)
{
	ssize_t k;

	do
		k = read(fileno(z->src), b, n);
	while (k < 0 && errno == EINTR);
	return k;
}

/* More compressed input: 0 with some, or at the end of the file. */
static int
zr_fill(struct zr *z)
{
	ssize_t n;

	if (z->in_pos < z->in_len || z->src_eof)
		return 0;
	n = zr_sysread(z, z->in, sizeof(z->in));
	if (n < 0) {
		zr_fail(z, strerror(errno));
		return -1;
	}
	z->in_pos = 0;
	z->in_len = (size_t)n;
	z->src_eof = n == 0;
	return 0;
}

/* One step of each decoder: in[*used...] to out (n bytes); sets *used
 * and *made, returns -1 on bad data, 1 at the end of a member, 0 else. */
static int
zr_gzip(struct zr *z, size_t avail, uint8_t *out, size_t n, size_t *used,
	size_t *made)
{
	int r;

	z->gz.next_in = z->in + z->in_pos;
	z->gz.avail_in = (uInt)avail;
	z->gz.next_out = out;
	z->gz.avail_out = (uInt)n;
	r = inflate(&z->gz, Z_NO_FLUSH);
	*used = avail - z->gz.avail_in;
	*made = n - z->gz.avail_out;
	if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
		return -1;
	if (r != Z_STREAM_END)
		return 0;
	inflateReset(&z->gz); /* a next member may follow */
	return 1;
}

static int
zr_zstd(struct zr *z, size_t avail, uint8_t *out, size_t n, size_t *used,
	size_t *made)
{
	ZSTD_inBuffer ib = {z->in + z->in_pos, avail, 0};
	ZSTD_outBuffer ob = {out, n, 0};
	size_t r = ZSTD_decompressStream(z->zs, &ob, &ib);

	*used = ib.pos;
	*made = ob.pos;
	if (ZSTD_isError(r))
		return -1;
	return r == 0; /* a frame is complete */
}

static int
zr_xz(struct zr *z, size_t avail, uint8_t *out, size_t n, size_t *used,
      size_t *made)
{
	lzma_ret r;

	z->xz.next_in = z->in + z->in_pos;
	z->xz.avail_in = avail;
	z->xz.next_out = out;
	z->xz.avail_out = n;
	/* LZMA_CONCATENATED: the decoder knows the end only when told. */
	r = lzma_code(&z->xz, z->src_eof ? LZMA_FINISH : LZMA_RUN);
	*used = avail - z->xz.avail_in;
	*made = n - z->xz.avail_out;
	if (r != LZMA_OK && r != LZMA_STREAM_END && r != LZMA_BUF_ERROR)
		return -1;
	return r == LZMA_STREAM_END;
}

/* One step of the decoder into out: the bytes made (z->err set when the
 * data went bad). */
static ssize_t
zr_step(struct zr *z, uint8_t *out, size_t n)
{
	size_t made = 0, used = 0, avail = z->in_len - z->in_pos;
	int r = z->kind == ZR_GZIP   ? zr_gzip(z, avail, out, n, &used, &made)
		: z->kind == ZR_ZSTD ? zr_zstd(z, avail, out, n, &used, &made)
				     : zr_xz(z, avail, out, n, &used, &made);

	z->in_pos += used;
	/* What came out before the bad data is handed over first; the
	 * error ends the stream at the next read. */
	if (r < 0)
		zr_fail(z, "invalid compressed data");
	if (r > 0)
		z->between = 1;
	else if (used || made)
		z->between = 0;
	return (ssize_t)made;
}

/* The decoder left neither input taken nor output made: at the end of
 * the file that is the end (after a whole member) or a cut stream. */
static int
zr_stuck(struct zr *z)
{
	if (!z->src_eof || z->in_pos < z->in_len) {
		zr_fail(z, "invalid compressed data");
		return -1;
	}
	if (z->between) {
		z->ended = 1;
		return 0;
	}
	zr_fail(z, "unexpected end of compressed data");
	return -1;
}

/* Plain bytes of a pipe: those looked at first, then the file's. */
static size_t
zr_copy(struct zr *z, char *buf, size_t n)
{
	size_t k = z->in_len - z->in_pos;

	k = k < n ? k : n;
	memcpy(buf, z->in + z->in_pos, k);
	z->in_pos += k;
	return k;
}

/* The stream's read function.  It returns as soon as it has something
 * and would otherwise wait for the file (see zr_sysread); the decoder is
 * asked first, as it may hold output that needs no more input. */
static ssize_t
zr_read(void *cookie, char *buf, size_t n)
{
	struct zr *z = cookie;
	size_t got = 0, before;
	ssize_t r;

	while (got < n && !z->ended && !z->err) {
		before = z->in_pos;
		r = 0;
		if (z->kind != ZR_PLAIN) {
			r = zr_step(z, (uint8_t *)buf + got, n - got);
		} else if (z->in_pos < z->in_len) {
			r = (ssize_t)zr_copy(z, buf + got, n - got);
		}
		got += (size_t)r;
		if (r > 0 || z->in_pos != before)
			continue;
		if (z->in_pos == z->in_len && !z->src_eof) {
			if (got || zr_fill(z) < 0)
				break;
			continue;
		}
		if (z->kind == ZR_PLAIN || zr_stuck(z) < 0)
			break;
	}
	if (got == 0 && z->err) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)got;
}

static int
zr_close(void *cookie)
{
	struct zr *z = cookie;

	if (z->kind == ZR_GZIP)
		inflateEnd(&z->gz);
	else if (z->kind == ZR_ZSTD)
		ZSTD_freeDStream(z->zs);
	else if (z->kind == ZR_XZ)
		lzma_end(&z->xz);
	z->zs = NULL;
	if (z->src != stdin)
		fclose(z->src);
	z->src = NULL;
	return 0;
}

/* The decoder of z->kind; -1 if it cannot be made. */
static int
zr_decoder(struct zr *z)
{
	lzma_stream init = LZMA_STREAM_INIT;

	switch (z->kind) {
	case ZR_GZIP:
		/* 15 + 16: a gzip header, the largest window. */
		return inflateInit2(&z->gz, 15 + 16) == Z_OK ? 0 : -1;
	case ZR_ZSTD:
		z->zs = ZSTD_createDStream();
		return z->zs && !ZSTD_isError(ZSTD_initDStream(z->zs)) ? 0 : -1;
	case ZR_XZ:
		z->xz = init;
		return lzma_stream_decoder(&z->xz, UINT64_MAX,
					   LZMA_CONCATENATED) == LZMA_OK
			       ? 0
			       : -1;
	default:
		return 0;
	}
}

static enum zr_kind
zr_sniff(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(zr_formats) / sizeof(zr_formats[0]); i++)
		if (n >= zr_formats[i].len &&
		    !memcmp(b, zr_formats[i].magic, zr_formats[i].len))
			return zr_formats[i].kind;
	return ZR_PLAIN;
}

FILE *
zr_open(FILE *src, const char *name, struct zr **zp, char *errbuf)
{
	cookie_io_functions_t io = {.read = zr_read, .close = zr_close};
	off_t at = lseek(fileno(src), 0, SEEK_CUR);
	struct zr *z = calloc(1, sizeof(*z));
	FILE *fp;
	ssize_t k = 1;

	*zp = z;
	if (!z)
		goto fail;
	z->src = src;
	/* The magic, read past stdio (nothing of src is buffered). */
	while (z->in_len < 6 && k > 0) {
		k = zr_sysread(z, z->in + z->in_len, 6 - z->in_len);
		if (k > 0)
			z->in_len += (size_t)k;
	}
	z->kind = zr_sniff(z->in, z->in_len);
	/* A plain file that can go back is read as it is (and walked in
	 * chunks by fastread); a pipe gets its first bytes back through
	 * the stream.  libpcap says what is wrong with a bad one. */
	if (z->kind == ZR_PLAIN && at >= 0 &&
	    lseek(fileno(src), at, SEEK_SET) == at)
		return src;
	if (zr_decoder(z) < 0) {
		cli_err(errbuf, "%s: %s: cannot start the decoder", name,
			zr_name(z->kind));
		goto close;
	}
	fp = fopencookie(z, "rb", io);
	if (fp)
		return fp;
	cli_err(errbuf, "%s: %s", name, strerror(errno ? errno : ENOMEM));
close:
	zr_close(z);
	return NULL;
fail:
	cli_err(errbuf, "%s: %s", name, strerror(ENOMEM));
	if (src != stdin)
		fclose(src);
	return NULL;
}

enum zr_kind
zr_kind(const struct zr *z)
{
	return z ? z->kind : ZR_PLAIN;
}

const char *
zr_error(const struct zr *z)
{
	return z ? z->err : NULL;
}

void
zr_free(struct zr *z)
{
	free(z);
}
