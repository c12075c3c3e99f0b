#include "out.h"

#include <errno.h>
#include <time.h>

void
ob_init(struct obuf *o, FILE *fp, char *buf, size_t cap)
{
	memset(o, 0, sizeof(*o));
	o->fp = fp;
	o->buf = buf;
	o->cap = cap;
}

int
ob_flush(struct obuf *o)
{
	if (o->len && !o->err) {
		if (fwrite(o->buf, 1, o->len, o->fp) != o->len)
			o->err = errno ? errno : EIO;
	}
	o->len = 0;
	return o->err ? -1 : 0;
}

void
ob_mem_slow(struct obuf *o, const char *s, size_t n)
{
	while (n) {
		size_t room = o->cap - o->len, k;

		if (!room) {
			ob_flush(o);
			room = o->cap;
		}
		k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

const char ob_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

static int
ndigits(uint64_t v)
{
	int n = 1;

	while (v >= 10000) {
		v /= 10000;
		n += 4;
	}
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Write v's n digits ending at end, two at a time (in 32 bits once v
 * fits: a 64-bit division by 100 costs several times more).  Inline, so
 * that a constant n (the six digits of a time) unrolls. */
static inline void
put_digits(char *end, uint64_t v, int n)
{
	uint32_t w;

	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		end -= 2;
		memcpy(end, ob_digit_pairs + 2 * r, 2);
		n -= 2;
	}
	for (w = (uint32_t)v; n >= 2; n -= 2) {
		uint32_t q = w / 100;

		end -= 2;
		memcpy(end, ob_digit_pairs + 2 * (w - 100 * q), 2);
		w = q;
	}
	if (n)
		end[-1] = (char)('0' + w);
}

/* 1 to 4 digits of v < 10000 at p, without leading zeros: the end. */
static char *
put_short(char *p, uint32_t v)
{
	uint32_t hi = v / 100, lo = v % 100;

	if (hi) {
		if (hi >= 10)
			*p++ = ob_digit_pairs[2 * hi];
		*p++ = ob_digit_pairs[2 * hi + 1];
		*p++ = ob_digit_pairs[2 * lo];
	} else if (lo >= 10) {
		*p++ = ob_digit_pairs[2 * lo];
	}
	*p++ = ob_digit_pairs[2 * lo + 1];
	return p;
}

/* Numbers under 10^8 (ids, sequences, lengths, frame numbers) as one or
 * two groups of four digits; longer ones pair by pair from the end. */
static size_t
put_u64(char *p, uint64_t v)
{
	char *q = p;
	int n;

	if (v < 10000)
		return (size_t)(put_short(p, (uint32_t)v) - p);
	if (v < 100000000) {
		uint32_t lo = (uint32_t)v % 10000;

		q = put_short(p, (uint32_t)v / 10000);
		memcpy(q, ob_digit_pairs + 2 * (lo / 100), 2);
		memcpy(q + 2, ob_digit_pairs + 2 * (lo % 100), 2);
		return (size_t)(q + 4 - p);
	}
	n = ndigits(v);
	put_digits(p + n, v, n);
	return (size_t)n;
}

void
ob_u64_big(struct obuf *o, uint64_t v)
{
	if (o->cap < OB_DIRECT) {
		char tmp[20];

		ob_mem(o, tmp, put_u64(tmp, v));
		return;
	}
	ob_room(o, 20);
	o->len += put_u64(o->buf + o->len, v);
}

void
ob_i64(struct obuf *o, int64_t v)
{
	if (v < 0) {
		ob_char(o, '-');
		ob_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		ob_u64(o, (uint64_t)v);
	}
}

static const uint32_t pow10_32[10] = {
	1,	10,	 100,	   1000,      10000,
	100000, 1000000, 10000000, 100000000, 1000000000,
};

void
ob_fixed(struct obuf *o, int64_t v, int frac)
{
	uint64_t u;
	char tmp[10];

	if (v < 0) {
		ob_char(o, '-');
		u = (uint64_t)0 - (uint64_t)v;
	} else {
		u = (uint64_t)v;
	}
	if (frac <= 0) {
		ob_u64(o, u);
		return;
	}
	if (frac > 9)
		frac = 9; /* no caller asks for more */
	ob_u64(o, u / pow10_32[frac]);
	tmp[0] = '.';
	put_digits(tmp + 1 + frac, u % pow10_32[frac], frac);
	ob_mem(o, tmp, (size_t)frac + 1);
}

static const char hexdig[] = "0123456789abcdef";

void
ob_hex(struct obuf *o, uint32_t v, int width)
{
	char tmp[8];
	int i = 8;

	do {
		tmp[--i] = hexdig[v & 15];
		v >>= 4;
	} while (v && i > 0);
	while (8 - i < width && i > 0)
		tmp[--i] = '0';
	ob_mem(o, tmp + i, (size_t)(8 - i));
}

/* Each octet as 4 bytes, "ddd." padded with dots: copied whole, the
 * length told by its value. */
static const char ip4_octet[1025] =
	"0...1...2...3...4...5...6...7...8...9...10..11..12..13..14..15.."
	"16..17..18..19..20..21..22..23..24..25..26..27..28..29..30..31.."
	"32..33..34..35..36..37..38..39..40..41..42..43..44..45..46..47.."
	"48..49..50..51..52..53..54..55..56..57..58..59..60..61..62..63.."
	"64..65..66..67..68..69..70..71..72..73..74..75..76..77..78..79.."
	"80..81..82..83..84..85..86..87..88..89..90..91..92..93..94..95.."
	"96..97..98..99..100.101.102.103.104.105.106.107.108.109.110.111."
	"112.113.114.115.116.117.118.119.120.121.122.123.124.125.126.127."
	"128.129.130.131.132.133.134.135.136.137.138.139.140.141.142.143."
	"144.145.146.147.148.149.150.151.152.153.154.155.156.157.158.159."
	"160.161.162.163.164.165.166.167.168.169.170.171.172.173.174.175."
	"176.177.178.179.180.181.182.183.184.185.186.187.188.189.190.191."
	"192.193.194.195.196.197.198.199.200.201.202.203.204.205.206.207."
	"208.209.210.211.212.213.214.215.216.217.218.219.220.221.222.223."
	"224.225.226.227.228.229.230.231.232.233.234.235.236.237.238.239."
	"240.241.242.243.244.245.246.247.248.249.250.251.252.253.254.255.";

void
ob_ip4(struct obuf *o, const uint8_t a[4])
{
	char tmp[20], *p, *q;
	int i;

	if (o->cap < OB_DIRECT) {
		p = tmp;
	} else {
		ob_room(o, 20);
		p = o->buf + o->len;
	}
	q = p;
	for (i = 0; i < 4; i++) {
		unsigned v = a[i];

		memcpy(q, ip4_octet + 4 * v, 4);
		q += 2 + (v >= 10) + (v >= 100);
	}
	if (o->cap < OB_DIRECT)
		ob_mem(o, tmp, (size_t)(q - 1 - tmp));
	else
		o->len += (size_t)(q - 1 - p);
}

/* "00" to "ff", two bytes each. */
static const char hex_pairs[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* v < 0x10000 in lowercase hex without leading zeros at p: the end.  A
 * byte at a time from the pair table. */
static char *
put_hex16(char *p, unsigned v)
{
	unsigned hi = v >> 8, lo = v & 0xff;

	if (hi >= 0x10) {
		memcpy(p, hex_pairs + 2 * hi, 2);
		p += 2;
	} else if (hi) {
		*p++ = hexdig[hi];
	}
	if (hi || lo >= 0x10) {
		memcpy(p, hex_pairs + 2 * lo, 2);
		return p + 2;
	}
	*p++ = hexdig[lo];
	return p;
}

/* RFC 5952: lowercase, no leading zeros, the longest run of two or more
 * zero groups (the first on a tie) as "::". */
void
ob_ip6(struct obuf *o, const uint8_t a[16])
{
	char tmp[48], *p = tmp;
	unsigned g[8], zero = 0;
	int i, best = -1, bestlen = 1, run = 0;

	for (i = 0; i < 8; i++) {
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		zero |= (unsigned)(g[i] == 0) << i;
	}
	/* Runs only where there are two zero groups side by side. */
	if (zero & zero >> 1) {
		for (i = 0; i < 8; i++) {
			run = zero >> i & 1 ? run + 1 : 0;
			if (run > bestlen) {
				bestlen = run;
				best = i - run + 1;
			}
		}
	}
	/* IPv4-mapped addresses keep the dotted quad. */
	if (best == 0 && bestlen == 5 && g[5] == 0xffff) {
		OB_LIT(o, "::ffff:");
		ob_ip4(o, a + 12);
		return;
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		p = put_hex16(p, g[i]);
		if (i < 7)
			*p++ = ':';
	}
	ob_mem(o, tmp, (size_t)(p - tmp));
}

void
ob_addr(struct obuf *o, int ver, const uint8_t *a)
{
	if (ver == 6)
		ob_ip6(o, a);
	else
		ob_ip4(o, a);
}

void
ob_mac(struct obuf *o, const uint8_t m[6])
{
	char tmp[17];
	int i;

	for (i = 0; i < 6; i++) {
		tmp[3 * i] = hexdig[m[i] >> 4];
		tmp[3 * i + 1] = hexdig[m[i] & 15];
		if (i < 5)
			tmp[3 * i + 2] = ':';
	}
	ob_mem(o, tmp, 17);
}

void
ob_json_esc(struct obuf *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\') {
			ob_char(o, '\\');
			ob_char(o, (char)ch);
		} else if (ch < 0x20 || ch >= 0x7f) {
			/* Bytes from the wire are not UTF-8 we can vouch
			 * for: escape everything outside printable ASCII. */
			OB_LIT(o, "\\u00");
			ob_hex(o, ch, 2);
		} else {
			ob_char(o, (char)ch);
		}
	}
}

/* A time whose year the C library cannot represent shows as the
 * epoch's date rather than garbage. */
static void
time_tm(int64_t sec, int utc, struct tm *tm)
{
	time_t t = (time_t)sec;

	if (!(utc ? gmtime_r(&t, tm) : localtime_r(&t, tm))) {
		memset(tm, 0, sizeof(*tm));
		tm->tm_year = 70;
		tm->tm_mday = 1;
	}
}

static void
time_cache(struct obuf *o, int64_t sec)
{
	struct tm tm;

	if (o->t_valid && sec == o->t_sec)
		return;
	o->t_valid = 1;
	o->t_sec = sec;
	time_tm(sec, o->t_utc, &tm);
	o->t_text_len = strftime(o->t_text, sizeof(o->t_text),
				 "%Y-%m-%d %H:%M:%S", &tm);
	if (o->t_text_len < 8) {
		memcpy(o->t_text, "00:00:00", 9);
		o->t_text_len = 8;
	}
}

/* '.' and v as 'digits' digits, written in place when the buffer allows
 * (inline: digits is a constant at every call). */
static inline void
ob_frac(struct obuf *o, uint32_t v, int digits)
{
	char tmp[10], *p = tmp;

	if (o->cap >= OB_DIRECT) {
		ob_room(o, 10);
		p = o->buf + o->len;
	}
	p[0] = '.';
	put_digits(p + 1 + digits, v, digits);
	if (p == tmp)
		ob_mem(o, tmp, (size_t)digits + 1);
	else
		o->len += (size_t)digits + 1;
}

void
ob_time_text(struct obuf *o, int64_t sec, uint32_t nsec)
{
	time_cache(o, sec);
	ob_mem(o, o->t_text + o->t_text_len - 8, 8);
	ob_frac(o, nsec / 1000, 6);
}

void
ob_time_date(struct obuf *o, int64_t sec, uint32_t nsec)
{
	time_cache(o, sec);
	ob_mem(o, o->t_text, o->t_text_len);
	ob_frac(o, nsec / 1000, 6);
}

void
ob_time_epoch(struct obuf *o, int64_t sec, uint32_t nsec)
{
	ob_i64(o, sec);
	ob_frac(o, nsec / 1000, 6);
}

/* Two digits at least, as tcpdump's %02d. */
static void
ob_2d(struct obuf *o, uint64_t v)
{
	if (v < 10)
		ob_char(o, '0');
	ob_u64(o, v);
}

void
ob_time_delta(struct obuf *o, int64_t sec, uint32_t nsec, int next)
{
	int64_t ds;
	int64_t dn;
	uint64_t s;

	/* Microseconds are what is shown: subtract those, as tcpdump does,
	 * so that the deltas add up to the times printed. */
	nsec -= nsec % 1000;
	if (!o->t_have_ref) {
		o->t_have_ref = 1;
		o->t_ref_sec = sec;
		o->t_ref_nsec = nsec;
	}
	/* Saturates rather than overflows for pcapng's odd clocks. */
	if (__builtin_sub_overflow(sec, o->t_ref_sec, &ds))
		ds = sec < 0 ? INT64_MIN + 1 : INT64_MAX;
	dn = (int64_t)nsec - (int64_t)o->t_ref_nsec;
	if (dn < 0 && ds > INT64_MIN + 1) {
		dn += 1000000000;
		ds--;
	}
	if (ds < 0) {
		/* -(ds + dn/1e9): borrow the fraction back. */
		if (dn) {
			ds++;
			dn = 1000000000 - dn;
		}
		s = (uint64_t)-ds;
		ob_char(o, '-');
	} else {
		s = (uint64_t)ds;
		ob_char(o, ' ');
	}
	ob_2d(o, s / 3600);
	ob_char(o, ':');
	ob_2d(o, s / 60 % 60);
	ob_char(o, ':');
	ob_2d(o, s % 60);
	ob_frac(o, (uint32_t)dn / 1000, 6);
	if (next) {
		o->t_ref_sec = sec;
		o->t_ref_nsec = nsec;
	}
}

void
ob_time_iso(struct obuf *o, int64_t sec, uint32_t nsec)
{
	if (!o->t_valid_iso || sec != o->t_sec_iso) {
		struct tm tm;

		o->t_valid_iso = 1;
		o->t_sec_iso = sec;
		time_tm(sec, 1, &tm);
		strftime(o->t_iso, sizeof(o->t_iso), "%Y-%m-%dT%H:%M:%S", &tm);
	}
	ob_str(o, o->t_iso);
	ob_frac(o, nsec, 9);
	ob_char(o, 'Z');
}
