/* The strict JSON parser of send --from-json (inject/json.c) and the
 * object-to-packet step (inject/jsend.c): what is accepted, what is
 * refused with a message, and that hostile input stays within bounds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../decode/dec.h"
#include "../../inject/jsend.h"
#include "../../inject/json.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct json_tok T[256];
static char err[CLI_ERRBUF];

static int
parse(const char *s)
{
	err[0] = 0;
	return json_parse(s, strlen(s), T, (int)NELEM(T), err);
}

Test(json, accepts_rfc8259_values)
{
	static const char *const ok[] = {
		"{}",
		"[]",
		" {\"a\" : [1, -2, 3.5e-3, 0, -0.0, 1E+2]} ",
		"{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\"}",
		"{\"t\":true,\"f\":false,\"n\":null}",
		"[[[[[]]]]]",
		"\"x\"",
		"0",
	};
	size_t i;

	for (i = 0; i < NELEM(ok); i++)
		cr_assert_gt(parse(ok[i]), 0, "'%s': %s", ok[i], err);
}

Test(json, refuses_what_is_not_json)
{
	static const char *const bad[] = {
		"",	     "{",	  "{\"a\":}",	 "{\"a\" 1}",
		"{a:1}",     "[1,]",	  "{\"a\":1,}",	 "01",
		"1.",	     "-",	  ".5",		 "1e",
		"+1",	     "\"\\x\"",	  "\"\\u12g4\"", "\"a\nb\"",
		"tru",	     "nul",	  "{} {}",	 "[1 2]",
		"\"open",    "{\"a\":1]", "NaN",	 "'a'",
		"[\"a\":1]",
	};
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		cr_assert_lt(parse(bad[i]), 0, "'%s' accepted", bad[i]);
		cr_assert(strstr(err, "at byte "), "'%s': %s", bad[i], err);
		cr_assert_null(strchr(err, '\n'));
	}
}

/* Depth and token count are bounded, whatever the input. */
Test(json, bounded)
{
	char deep[JSON_MAX_DEPTH * 2 + 8], *many;
	size_t i, n = 0;

	for (i = 0; i < JSON_MAX_DEPTH + 1; i++)
		deep[n++] = '[';
	for (i = 0; i < JSON_MAX_DEPTH + 1; i++)
		deep[n++] = ']';
	deep[n] = 0;
	cr_assert_lt(parse(deep), 0);
	cr_assert(strstr(err, "deep"), "%s", err);
	deep[1] = ' ', deep[n - 1] = ' '; /* one level fewer */
	cr_assert_gt(parse(deep + 0), 0, "%s", err);
	many = malloc(4 * 300 + 3);
	cr_assert_not_null(many);
	n = 0;
	many[n++] = '[';
	for (i = 0; i < 300; i++)
		n += (size_t)sprintf(many + n, "%s1", i ? "," : "");
	many[n++] = ']';
	many[n] = 0;
	cr_assert_lt(parse(many), 0);
	cr_assert(strstr(err, "too many"), "%s", err);
	free(many);
}

Test(json, escapes_and_numbers)
{
	const char *s = "{\"a\":{\"b\":1},\"k\\u0065y\":\"v\\n\","
			"\"n\":-7,\"big\":99999999999999999999}";
	char out[32];
	long long v;
	int i;

	cr_assert_gt(parse(s), 0, "%s", err);
	i = json_get(s, T, 0, "key");
	cr_assert_geq(i, 0, "an escaped key is found");
	cr_assert_eq(json_str(s, T, i, out, sizeof(out)), 2);
	cr_assert_str_eq(out, "v\n");
	cr_assert_eq(json_str(s, T, i, out, 2), -1, "too small for it");
	cr_assert_eq(json_int(s, T, json_get(s, T, 0, "n"), -10, 10, &v), 0);
	cr_assert_eq(v, -7);
	cr_assert_eq(json_int(s, T, json_get(s, T, 0, "n"), 0, 10, &v), -1);
	cr_assert_eq(json_int(s, T, json_get(s, T, 0, "big"), 0, 1LL << 62, &v),
		     -1);
	cr_assert_eq(json_get(s, T, json_get(s, T, 0, "a"), "b"),
		     json_get(s, T, 0, "a") + 2);
}

/* An object into a packet: what it gives is taken, the key of what is
 * wrong is named. */
static int
pkt(const char *s, struct inj_pkt *p)
{
	int64_t ts;

	memset(p, 0, sizeof(*p));
	cr_assert_gt(parse(s), 0, "%s: %s", s, err);
	free(p->msg);
	return inj_json_pkt(s, T, p, &ts, err);
}

Test(jsend, object_to_packet)
{
	static const struct {
		const char *obj;
		int ver, ttl, type, nsets, bad;
		uint32_t len, flow;
		uint16_t cksum;
		uint8_t byte8;
	} ok[] = {
		{"{\"ip\":6,\"src\":\"2001:db8::1\",\"dst\":\"ff02::1\","
		 "\"ttl\":1,"
		 "\"type\":130,\"code\":0,\"group\":\"ff02::db8\",\"max_resp\":"
		 "1000,\"qrv\":2,\"flow\":5,\"checksum\":\"bad\",\"cksum\":"
		 "4660}",
		 6, 1, 130, 3, 1, 28, 5, 4660, 0},
		{"{\"src\":\"198.51.100.1\",\"dst\":\"203.0.113.1\",\"type\":8,"
		 "\"id\":1,\"seq\":2,\"payload\":\"0a0b\"}",
		 4, 64, 8, 2, 0, 10, 0, 0, 0x0a},
	};
	struct inj_pkt p;
	size_t i;

	for (i = 0; i < NELEM(ok); i++) {
		cr_assert_eq(pkt(ok[i].obj, &p), 0, "%s: %s", ok[i].obj, err);
		cr_assert_eq(p.ver, ok[i].ver);
		cr_assert_eq(p.ttl, ok[i].ttl);
		cr_assert_eq(p.t->type, ok[i].type);
		cr_assert_eq(p.nsets, ok[i].nsets, "%s", ok[i].obj);
		cr_assert_eq(p.cksum_bad, ok[i].bad);
		cr_assert_eq(p.cksum_val, ok[i].cksum);
		cr_assert_eq(p.msg_len, ok[i].len, "%s: %u", ok[i].obj,
			     p.msg_len);
		cr_assert_eq(p.flow, ok[i].flow);
		cr_assert_eq(p.msg[8], ok[i].byte8);
		free(p.msg);
	}
}

Test(jsend, names_the_key)
{
	static const struct {
		const char *obj, *key;
	} bad[] = {
		{"[1]", "object"},
		{"{\"src\":\"198.51.100.1\",\"dst\":\"203.0.113.1\"}",
		 "'type'"},
		{"{\"dst\":\"203.0.113.1\",\"type\":8}", "'src'"},
		{"{\"ip\":6,\"src\":\"198.51.100.1\",\"dst\":\"::1\",\"type\":"
		 "128}",
		 "'src'"},
		{"{\"ip\":5,\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.4\",\"type\":"
		 "8}",
		 "'ip'"},
		{"{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.4\",\"type\":256}",
		 "'type'"},
		{"{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.4\",\"type\":8,\"ttl\":"
		 "\"x\"}",
		 "'ttl'"},
		{"{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.4\",\"type\":8,\"id\":"
		 "65536}",
		 "'id'"},
		{"{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.4\",\"type\":8,"
		 "\"payload\":\"0g\"}",
		 "'payload'"},
		{"{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.4\",\"type\":8,"
		 "\"proto\":\"icmp6\"}",
		 "'proto'"},
		{"{\"ip\":6,\"src\":\"::1\",\"dst\":\"::1\",\"type\":136,"
		 "\"target\":\"1.2.3.4\"}",
		 "'target'"},
	};
	struct inj_pkt p;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		cr_assert_eq(pkt(bad[i].obj, &p), -1, "%s accepted",
			     bad[i].obj);
		cr_assert(strstr(err, bad[i].key), "%s: '%s'", bad[i].obj, err);
		cr_assert_null(strchr(err, '\n'));
		free(p.msg);
	}
}
