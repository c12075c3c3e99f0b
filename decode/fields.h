/* The fields of each ICMP and ICMPv6 type, described once.
 *
 * A row names one field of a decoded message: its text label and JSON
 * key, how its value is shown, where it lives in struct dec_icmp and,
 * where that is simple, where it lives in the message.  The text and
 * JSON printers both walk these rows, so the two formats cannot disagree
 * about which fields a type has; a builder can walk them the other way
 * (JSON key -> struct field -> bytes).  No printing code here.
 */
#ifndef ICMPKIT_DECODE_FIELDS_H
#define ICMPKIT_DECODE_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dec.h"

/* How a value is shown. */
enum dec_fkind {
	DEC_FK_UINT = 1, /* unsigned number */
	DEC_FK_INT,	 /* signed number, sign-extended from its size */
	DEC_FK_IP4,	 /* 4 bytes */
	DEC_FK_IP6,	 /* 16 bytes */
	DEC_FK_HEX,	 /* size bytes as lowercase hex */
	DEC_FK_FLAGS,	 /* text: letters of the set bits; JSON: number */
	DEC_FK_ENUM,	 /* text: name (or number); JSON: number and name */
	DEC_FK_BOOL,	 /* JSON: true/false; text: text or text_off */
};

/* Where the formats differ on purpose. */
#define DEC_FF_NOTEXT  0x01 /* JSON only */
#define DEC_FF_NOJSON  0x02 /* text only */
#define DEC_FF_TEXTNUM 0x04 /* BOOL: text shows label and 0 or 1 */

/* When a row applies, besides its type and codes. */
enum dec_fwhen {
	DEC_FW_FIELDS = 0, /* the type's fields were captured (fields_ok) */
	DEC_FW_IDSEQ,	   /* the identifier and sequence (has_idseq) */
	DEC_FW_MLD2,	   /* and the message is an MLDv2 query */
	DEC_FW_DODAG,	   /* and an RPL message carries a DODAGID */
};

/* A label or key with its length, kept in the row: printers copy the
 * whole array in one constant-size move (then count n), with no strlen.
 * A longer string does not compile. */
#define DEC_STR_MAX 23
struct dec_str {
	char s[DEC_STR_MAX];
	uint8_t n;
};
#define DEC_S(lit)                                                             \
	{                                                                      \
		.s = lit, .n = sizeof(lit) - 1                                 \
	}

struct dec_field {
	const char *json;	    /* JSON key, NULL if text only */
	struct dec_str json_member; /* ",\"key\":", what the printer copies */
	struct dec_str text;	    /* text before the value; none: JSON only */
	struct dec_str suffix;	    /* text after the value ("s", " ms", "]") */
	uint8_t kind;		    /* enum dec_fkind */
	uint8_t fmt;		    /* DEC_FF_* */
	uint8_t when;		    /* enum dec_fwhen */
	uint8_t size;		    /* bytes at off: 1, 2, 4; addresses, hex */
	uint16_t off;		    /* offsetof(struct dec_icmp, ...) */
	uint8_t shift;		    /* the value is (field >> shift) & mask */
	uint32_t mask;		    /* 0: every bit */
	uint32_t codes;		    /* bit c: applies to code c; 0: any code */
	const char *letters;	    /* FLAGS: letter of the top bit first */
	uint32_t top;		    /* FLAGS: the bit of letters[0] */
	const char *(*name)(int v); /* ENUM: the value's name, or NULL */
	const char *json_name;	    /* ENUM: JSON key of the name */
	const char *text_off;	    /* BOOL: text when false */
	uint8_t wire_off, wire_len; /* bytes in the message, 0 0: not simple */
};

/* Per version, per type: the rows in output order (n 0 for none).  In
 * the header so that the per-packet lookup is inlined. */
struct dec_type_fields {
	const struct dec_field *f;
	size_t n;
};
extern const struct dec_type_fields dec_fields4[256], dec_fields6[256];

static inline const struct dec_field *
dec_fields(int ver, int type, size_t *n)
{
	const struct dec_type_fields *t;

	if (type < 0 || type > 255) {
		*n = 0;
		return NULL;
	}
	t = ver == 6 ? &dec_fields6[type] : &dec_fields4[type];
	*n = t->n;
	return t->f;
}

/* Does the row apply to m?  (Its type is the caller's business.) */
static inline int
dec_field_applies(const struct dec_field *f, const struct dec_icmp *m)
{
	if (f->codes && (m->code >= 32 || !(f->codes >> m->code & 1)))
		return 0;
	switch (f->when) {
	case DEC_FW_IDSEQ:
		return m->has_idseq;
	case DEC_FW_MLD2:
		return m->fields_ok && m->mld2_query;
	case DEC_FW_DODAG:
		return m->fields_ok && m->has_dodagid;
	default:
		return m->fields_ok;
	}
}

/* The bytes of an address or hex field (size of them). */
static inline const uint8_t *
dec_field_bytes(const struct dec_field *f, const struct dec_icmp *m)
{
	return (const uint8_t *)m + f->off;
}

/* A number's value (UINT, INT as its bits, FLAGS, ENUM, BOOL). */
static inline uint32_t
dec_field_uint(const struct dec_field *f, const struct dec_icmp *m)
{
	const uint8_t *p = dec_field_bytes(f, m);
	uint32_t v;
	uint16_t v16;

	if (f->size == 1) {
		v = *p;
	} else if (f->size == 2) {
		memcpy(&v16, p, 2);
		v = v16;
	} else {
		memcpy(&v, p, 4);
	}
	v >>= f->shift;
	return f->mask ? v & f->mask : v;
}

int64_t dec_field_int(const struct dec_field *f, const struct dec_icmp *m);

/* The fields of a tunnel layer (struct dec_layer), described the same
 * way for the "outer" text and JSON. */
enum dec_lkind {
	DEC_LK_UINT = 1, /* number */
	DEC_LK_HEX,   /* text: 0-padded hex of 2 * size digits; JSON: number */
	DEC_LK_ADDR,  /* IPv4 or IPv6 address, by the layer's ver */
	DEC_LK_MAC,   /* 6 bytes */
	DEC_LK_ROMAN, /* text: I, II, III; JSON: number (ERSPAN type) */
	DEC_LK_FLAG,  /* the need bit: text shows the label if set;
		       * JSON true if set (false too with DEC_LFF_BOOL) */
	DEC_LK_LIT,   /* text only: the label */
};

#define DEC_LFF_BOOL 0x01 /* FLAG: JSON shows false as well */

struct dec_lfield {
	const char *json;   /* NULL: text only */
	const char *text;   /* NULL: JSON only */
	const char *text6;  /* the label when ver is 6, if it differs */
	const char *suffix; /* text after the value */
	uint8_t kind;	    /* enum dec_lkind */
	uint8_t fmt;	    /* DEC_LFF_BOOL */
	uint8_t need;	    /* DEC_LF_* bits of flags the row needs, or 0 */
	uint8_t minver;	    /* the row needs ver >= minver */
	uint8_t size;	    /* bytes at off */
	uint16_t off;	    /* offsetof(struct dec_layer, ...) */
};

/* The rows of a layer kind (enum dec_layer_kind), in output order. */
const struct dec_lfield *dec_layer_fields(int kind, size_t *n);

static inline int
dec_lfield_applies(const struct dec_lfield *f, const struct dec_layer *l)
{
	return (!f->need || (l->flags & f->need) ||
		(f->kind == DEC_LK_FLAG && (f->fmt & DEC_LFF_BOOL))) &&
	       l->ver >= f->minver;
}

uint32_t dec_lfield_uint(const struct dec_lfield *f, const struct dec_layer *l);

static inline const uint8_t *
dec_lfield_bytes(const struct dec_lfield *f, const struct dec_layer *l)
{
	return (const uint8_t *)l + f->off;
}

/* The builder direction: a JSON key to the row that says where its value
 * goes in the message.  dec_field_find: the row of key for (ver, type,
 * code), NULL if the type has no such field or it has no simple place
 * on the wire.  dec_field_put: store v (as the row's value, before shift
 * and mask) into the message's bytes msg (len of them), keeping the other
 * bits of shared octets; dec_field_put_bytes: an address or hex field's
 * bytes.  Both return -1 when the field does not fit in len. */
const struct dec_field *dec_field_find(int ver, int type, int code,
				       const char *key);
int dec_field_put(const struct dec_field *f, uint8_t *msg, size_t len,
		  uint32_t v);
int dec_field_put_bytes(const struct dec_field *f, uint8_t *msg, size_t len,
			const uint8_t *b);
/* The largest value a number field can take on the wire. */
uint32_t dec_field_max(const struct dec_field *f);
/* Bytes of a type's fixed part (its fields' and the decoder's minimum),
 * at least the 8 of the ICMP header. */
size_t dec_fixed_len(int ver, int type, int code);
/* Where a decoded message's bytes after its fields start: the fixed part
 * and, when present, the rows past it (an MLDv2 query's, a DODAGID).  A
 * builder given the same fields puts its body there. */
size_t dec_payload_off(const struct dec_icmp *m);

/* RFC 4620 node information query types. */
const char *dec_ni_qtype_name(int qtype);

#endif
