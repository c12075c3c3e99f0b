/* Buffered output for printers: no printf on the hot path.
 *
 * Printers append to a caller-owned buffer; it is written to the FILE
 * when it fills and at ob_flush().  A write error is sticky in o->err so
 * the front end can report it once at the end.
 */
#ifndef ICMPKIT_DECODE_OUT_H
#define ICMPKIT_DECODE_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct obuf {
	char *buf;
	size_t len;
	size_t cap;
	FILE *fp;
	int err; /* errno of the first failed write, 0 if none */
	/* Text times are local (TZ) unless t_utc; JSON's are always UTC. */
	int t_utc;
	/* Caches: the formatted second of the last timestamp, one for text
	 * and one for JSON, so that each costs one localtime/gmtime call
	 * per second change. */
	int t_valid, t_valid_iso;
	int64_t t_sec, t_sec_iso;
	size_t t_text_len;
	char t_text[80]; /* "YYYY-MM-DD HH:MM:SS", years may be long */
	char t_iso[64];	 /* "YYYY-MM-DDTHH:MM:SS" */
	/* -ttt/-ttttt: the time deltas count from (ob_time_delta). */
	int t_have_ref;
	int64_t t_ref_sec;
	uint32_t t_ref_nsec;
};

void ob_init(struct obuf *o, FILE *fp, char *buf, size_t cap);
int ob_flush(struct obuf *o);

/* Formatters write numbers and addresses straight into the buffer when
 * it can hold OB_DIRECT bytes; smaller buffers (any size works) go through
 * a temporary and ob_mem(). */
#define OB_DIRECT 64

/* Make room for n bytes, n <= OB_DIRECT <= cap. */
static inline void
ob_room(struct obuf *o, size_t n)
{
	if (o->cap - o->len < n)
		ob_flush(o);
}

static inline void
ob_char(struct obuf *o, char ch)
{
	ob_room(o, 1);
	o->buf[o->len++] = ch;
}

void ob_mem_slow(struct obuf *o, const char *s, size_t n);

/* The common case inline: the bytes fit.  With a constant n (OB_LIT) the
 * copy becomes a few moves. */
static inline void
ob_mem(struct obuf *o, const char *s, size_t n)
{
	if (o->cap - o->len >= n) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
	} else {
		ob_mem_slow(o, s, n);
	}
}

static inline void
ob_str(struct obuf *o, const char *s)
{
	ob_mem(o, s, strlen(s));
}

/* Literal strings without strlen at run time. */
#define OB_LIT(o, s) ob_mem((o), "" s, sizeof(s) - 1)

/* "00" to "99", two bytes each. */
extern const char ob_digit_pairs[201];
void ob_u64_big(struct obuf *o, uint64_t v);

/* The short numbers most fields are inline. */
static inline void
ob_u64(struct obuf *o, uint64_t v)
{
	if (v < 100 && o->cap - o->len >= 2) {
		if (v < 10) {
			o->buf[o->len++] = (char)('0' + v);
		} else {
			memcpy(o->buf + o->len, ob_digit_pairs + 2 * v, 2);
			o->len += 2;
		}
		return;
	}
	ob_u64_big(o, v);
}
void ob_i64(struct obuf *o, int64_t v);
/* v with 'frac' decimal digits, given in units of 10^-frac. */
void ob_fixed(struct obuf *o, int64_t v, int frac);
void ob_hex(struct obuf *o, uint32_t v, int width); /* lowercase, 0-padded */
void ob_ip4(struct obuf *o, const uint8_t a[4]);
void ob_ip6(struct obuf *o, const uint8_t a[16]);
void ob_addr(struct obuf *o, int ver, const uint8_t *a);
void ob_mac(struct obuf *o, const uint8_t m[6]);
/* A JSON string body: quotes, backslashes and control bytes escaped. */
void ob_json_esc(struct obuf *o, const char *s, size_t n);
/* "HH:MM:SS.uuuuuu" and "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ", both UTC. */
/* Text times with microseconds, as tcpdump prints them: "HH:MM:SS.u"
 * (local unless o->t_utc), "YYYY-MM-DD HH:MM:SS.u" (-tttt), seconds
 * since the epoch (-tt), and " HH:MM:SS.u" since the reference time
 * (-ttt, -ttttt; "-" when negative), which ob_time_delta() moves to this
 * packet when next is set.  JSON's: RFC 3339 UTC with nanoseconds. */
void ob_time_text(struct obuf *o, int64_t sec, uint32_t nsec);
void ob_time_date(struct obuf *o, int64_t sec, uint32_t nsec);
void ob_time_epoch(struct obuf *o, int64_t sec, uint32_t nsec);
void ob_time_delta(struct obuf *o, int64_t sec, uint32_t nsec, int next);
void ob_time_iso(struct obuf *o, int64_t sec, uint32_t nsec);

#endif
