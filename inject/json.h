/* A small strict JSON parser (RFC 8259) for send --from-json: one text
 * into a caller-given array of tokens, with bounded depth and token
 * count, no allocation and no I/O, so that hostile input costs at most
 * the bounds.  Strings are left in place (escapes undone on request). */
#ifndef ICMPKIT_INJECT_JSON_H
#define ICMPKIT_INJECT_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 32

enum json_type {
	JSON_OBJ = 1,
	JSON_ARR,
	JSON_STR,
	JSON_NUM,
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL,
};

struct json_tok {
	uint8_t type;	/* enum json_type */
	uint32_t start; /* STR: after the quote; others: first byte */
	uint32_t len;	/* STR: up to the closing quote */
	uint32_t end;	/* index of the first token after this subtree */
	uint32_t n;	/* OBJ: members, ARR: elements */
};

/* Parse s (n bytes, one JSON value with optional white space around it)
 * into t (max tokens; an object's members are a key STR then its value).
 * Returns the token count, or -1 with errbuf saying what and where
 * ("at byte 17: ..."). */
int json_parse(const char *s, size_t n, struct json_tok *t, int max,
	       char *errbuf);

/* The value of key in object obj, or -1. */
int json_get(const char *s, const struct json_tok *t, int obj, const char *key);
/* Does the STR token i equal key (escapes undone)? */
int json_eq(const char *s, const struct json_tok *t, int i, const char *key);
/* A STR token's text with escapes undone, NUL-terminated; -1 when it
 * does not fit in out (size bytes) or holds a NUL. */
int json_str(const char *s, const struct json_tok *t, int i, char *out,
	     size_t size);
/* A NUM token as an integer in [min, max]; -1 if it is not one. */
int json_int(const char *s, const struct json_tok *t, int i, long long min,
	     long long max, long long *v);

#endif
