/* cli/near.c: which mistyped words get a suggestion, and which one. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../cli/near.h"

static const char *
nearest(const char *word, const char *const *cands)
{
	static struct cli_near n;

	cli_near_init(&n, word);
	for (; *cands; cands++)
		cli_near_try(&n, *cands, NULL);
	return cli_near_best(&n);
}

static const char *const cmds[] = {"read",   "sniff", "send", "ping",
				   "replay", "trace", "help", NULL};

Test(near, one_slip_in_a_command)
{
	cr_assert_str_eq(nearest("pnig", cmds), "ping");  /* swapped */
	cr_assert_str_eq(nearest("sned", cmds), "send");  /* swapped */
	cr_assert_str_eq(nearest("red", cmds), "read");	  /* left out */
	cr_assert_str_eq(nearest("snif", cmds), "sniff"); /* left out */
	cr_assert_str_eq(nearest("tracer", cmds), "trace");
	cr_assert_str_eq(nearest("replya", cmds), "replay");
}

Test(near, nothing_near)
{
	cr_assert_null(nearest("frobnicate", cmds));
	cr_assert_null(nearest("x", cmds));
	cr_assert_null(nearest("sniper", cmds)); /* three from sniff */
	cr_assert_null(nearest("", cmds));
}

Test(near, the_nearest_wins)
{
	static const char *const names[] = {"port-unreachable",
					    "host-unreachable",
					    "net-unreachable", NULL};

	cr_assert_str_eq(nearest("hots-unreachable", names),
			 "host-unreachable");
	cr_assert_str_eq(nearest("port-unreach", names), "port-unreachable");
	cr_assert_null(nearest("unreachable", names));
}

Test(near, said_otherwise_and_fix)
{
	struct cli_near n;

	cli_near_init(&n, "interval");
	cr_assert_str_eq(cli_near_fix(&n, "see help"), "see help");
	cli_near_try(&n, "count", "-c");
	cli_near_try(&n, "interval", "-i");
	cr_assert_str_eq(cli_near_best(&n), "-i");
	cr_assert_str_eq(cli_near_fix(&n, "see help"), "did you mean -i?");
}

Test(near, long_words_are_not_compared)
{
	char big[100];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	cr_assert_null(nearest(big, cmds));
}
