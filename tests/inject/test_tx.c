/* The transmit engines' names (inject/tx.c): --engine parses them, the
 * summary prints them. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../inject/tx.h"

Test(tx, engine_names)
{
	char err[CLI_ERRBUF] = "";
	int e = -1;

	cr_assert_eq(inj_engine_parse("auto", &e, err), 0);
	cr_assert_eq(e, INJ_ENG_AUTO);
	cr_assert_eq(inj_engine_parse("ring", &e, err), 0);
	cr_assert_eq(e, INJ_ENG_RING);
	cr_assert_eq(inj_engine_parse("mmsg", &e, err), 0);
	cr_assert_eq(e, INJ_ENG_MMSG);
	cr_assert_eq(inj_engine_parse("xdp", &e, err), 0);
	cr_assert_eq(e, INJ_ENG_XDP);
	cr_assert_eq(inj_engine_parse("RING", &e, err), -1);
	cr_assert_str_eq(err,
			 "--engine 'RING': not one of auto, xdp, ring, mmsg");
	cr_assert_eq(inj_engine_parse("", &e, err), -1);
}

Test(tx, engine_in_summary)
{
	struct inj_sock k;

	memset(&k, 0, sizeof(k));
	cr_assert_str_eq(inj_engine_name(&k), "mmsg");
	k.engine = INJ_ENG_RING;
	cr_assert_str_eq(inj_engine_name(&k), "ring");
	k.engine = INJ_ENG_XDP;
	cr_assert_str_eq(inj_engine_name(&k), "xdp");
}

/* A dry run needs no socket and keeps sendmmsg's name whatever was asked
 * for: nothing goes to the kernel. */
Test(tx, dry_run_has_no_ring)
{
	struct inj_tx tx;
	char err[CLI_ERRBUF] = "";

	memset(&tx, 0, sizeof(tx));
	tx.mode = INJ_TX_DRY;
	cr_assert_eq(inj_tx_engine(&tx, NULL, INJ_ENG_RING, 1, 1, err), 0);
	cr_assert_eq(tx.sk.engine, INJ_ENG_MMSG);
}
