/* send --from-json without a payload (inject/jbody.c): ND option objects
 * as read -j writes them into the option bytes, defaults filled in, and a
 * bad entry named by its index and key. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../inject/jbody.h"

static struct json_tok T[256];
static char err[CLI_ERRBUF];
static struct inj_body B;

/* The options of {"options":ARR} into B; the result of inj_json_ndopts. */
static int
opts(const char *arr)
{
	static char s[2048];
	int k;

	snprintf(s, sizeof(s), "{\"options\":%s}", arr);
	err[0] = 0;
	cr_assert_gt(json_parse(s, strlen(s), T, 256, err), 0, "%s", err);
	k = json_get(s, T, 0, "options");
	return inj_json_ndopts(s, T, k, &B, err);
}

Test(jbody, lla_and_prefix_defaults)
{
	static const uint8_t want[] = {
		1, 1, 2,    0,	  0, 0, 0,    9,    /* slla */
		3, 4, 64,   0x40, 0, 1, 0x51, 0x80, /* auto only */
		0, 0, 0x38, 0x40, 0, 0, 0,    0,    0x20, 0x01, 0x0d, 0xb8,
		0, 4, 0,    0,	  0, 0, 0,    0,    0,	  0,	0,    0,
	};

	cr_assert_eq(opts("[{\"type\":1,\"mac\":\"02:00:00:00:00:09\"},"
			  "{\"type\":3,\"prefix\":\"2001:db8:4::/64\","
			  "\"onlink\":false}]"),
		     0, "%s", err);
	cr_assert_eq(B.len, sizeof(want));
	cr_assert_arr_eq(B.b, want, sizeof(want));
}

Test(jbody, route_len_pads_and_pref)
{
	cr_assert_eq(opts("[{\"type\":24,\"len\":24,\"prefix\":"
			  "\"2001:db8:2::/64\",\"pref\":\"high\","
			  "\"lifetime\":300}]"),
		     0, "%s", err);
	cr_assert_eq(B.len, 24);
	cr_assert_eq(B.b[1], 3);
	cr_assert_eq(B.b[2], 64);
	cr_assert_eq(B.b[3], 1 << 3);
	cr_assert_eq(B.b[7], 44); /* 300 */
	cr_assert_eq(B.b[16], 0);
}

Test(jbody, lifetimes_of_rdnss_dnssl_pref64)
{
	cr_assert_eq(opts("[{\"type\":25,\"lifetime\":100,\"servers\":"
			  "[\"2001:db8::53\",\"2001:db8::54\"]},"
			  "{\"type\":31,\"lifetime\":7,\"domains\":"
			  "[\"a.example\"]},"
			  "{\"type\":38,\"prefix\":\"64:ff9b::/96\","
			  "\"lifetime\":600}]"),
		     0, "%s", err);
	cr_assert_eq(B.len, 40 + 24 + 16);
	cr_assert_eq(B.b[1], 5);
	cr_assert_eq(B.b[7], 100);
	cr_assert_eq(B.b[39], 0x54);
	cr_assert_eq(B.b[40], 31);
	cr_assert_eq(B.b[47], 7);
	cr_assert_eq(B.b[48], 1);
	cr_assert_eq(B.b[49], 'a');
	cr_assert_eq(B.b[64], 38);
	/* 600 s in units of 8 s, shifted over PLC 0 (/96). */
	cr_assert_eq((B.b[66] << 8 | B.b[67]), 75 << 3);
}

Test(jbody, mtu_interval_nonce)
{
	cr_assert_eq(opts("[{\"type\":5,\"mtu\":1400},{\"type\":7,"
			  "\"interval\":3000},{\"type\":14,\"nonce\":"
			  "\"010203040506\"}]"),
		     0, "%s", err);
	cr_assert_eq(B.len, 24);
	cr_assert_eq(B.b[0], 5);
	cr_assert_eq((B.b[6] << 8 | B.b[7]), 1400);
	cr_assert_eq(B.b[8], 7);
	cr_assert_eq((B.b[14] << 8 | B.b[15]), 3000);
	cr_assert_eq(B.b[16], 14);
	cr_assert_eq(B.b[17], 1);
	cr_assert_eq(B.b[23], 6);
}

Test(jbody, bad_entries_are_named)
{
	static const struct {
		const char *arr, *want;
	} bad[] = {
		{"[{\"type\":1}]", "key 'options[0].mac'"},
		{"[{\"type\":5,\"mtu\":1},{\"type\":99}]",
		 "key 'options[1].type'"},
		{"[{\"type\":1,\"mac\":\"02:00:00:00:00:01\",\"len\":4}]",
		 "key 'options[0].len'"},
		{"[{\"type\":24,\"prefix\":\"2001:db8::/48\",\"pref\":\"x\"}]",
		 "key 'options[0].pref'"},
		{"[{\"type\":3,\"prefix\":\"2001:db8::/64\",\"valid\":-1}]",
		 "key 'options[0].valid'"},
		{"[{\"type\":14,\"nonce\":\"0102\"}]",
		 "key 'options[0].nonce'"},
		{"[7]", "key 'options[0]': not an object"},
		{"{}", "key 'options': not an array"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(opts(bad[i].arr), -1, "%s", bad[i].arr);
		cr_assert(strstr(err, bad[i].want), "%s: got '%s'", bad[i].arr,
			  err);
	}
}

Test(jbody, only_nd_types_without_payload)
{
	static const char s[] = "{\"options\":[{\"type\":5,\"mtu\":1280}]}";
	uint8_t *body = NULL;
	size_t blen = 0;

	cr_assert_gt(json_parse(s, strlen(s), T, 256, err), 0);
	cr_assert_eq(inj_json_body(s, T, 6, 128, &body, &blen, err), 0);
	cr_assert_null(body);
	cr_assert_eq(inj_json_body(s, T, 4, 134, &body, &blen, err), 0);
	cr_assert_null(body);
	cr_assert_eq(inj_json_body(s, T, 6, 134, &body, &blen, err), 0, "%s",
		     err);
	cr_assert_eq(blen, 8);
	cr_assert_eq(body[5] << 16 | body[6] << 8 | body[7], 1280);
	free(body);
}

Test(jbody, group_records)
{
	static const char s[] =
		"{\"group_records\":[{\"type\":2,\"group\":\"ff05::2\","
		"\"aux_len\":1,\"sources\":[\"2001:db8::1\"]},{\"type\":1,"
		"\"group\":\"ff05::3\",\"nsrc\":3,\"sources\":[]}]}";
	struct inj_body b;
	int r;

	cr_assert_gt(json_parse(s, strlen(s), T, 256, err), 0);
	r = json_get(s, T, 0, "group_records");
	cr_assert_eq(inj_json_records(s, T, r, &b, err), -1);
	cr_assert(strstr(err, "key 'group_records[1].nsrc'"), "%s", err);
	/* The first record alone: header, group, one source, one aux word. */
	cr_assert_eq(b.len, 20 + 16 + 4);
	cr_assert_eq(b.b[0], 2);
	cr_assert_eq(b.b[1], 1);
	cr_assert_eq(b.b[3], 1);
	cr_assert_eq(b.b[5], 5);
	cr_assert_eq(b.b[35], 1);
}
