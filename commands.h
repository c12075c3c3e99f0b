/* The command entry points, the only thing main() needs to know.  Each
 * command returns its exit status and, when that is 2, fills errbuf (of
 * CLI_ERRBUF bytes) with "<what>: <why>[; <fix>]" for main to print.  The
 * layers behind them are described in docs/ARCHITECTURE.md. */
#ifndef ICMPKIT_COMMANDS_H
#define ICMPKIT_COMMANDS_H

#include "cli/cli.h"

/* int cmd_NAME(int argc, char **argv, char *errbuf); void usage_NAME(void); */
#define ICMPKIT_COMMAND(name)                                                  \
	int cmd_##name(int argc, char **argv, char *errbuf);                   \
	void usage_##name(void)

ICMPKIT_COMMAND(read);
ICMPKIT_COMMAND(sniff);
ICMPKIT_COMMAND(send);
ICMPKIT_COMMAND(ping);
ICMPKIT_COMMAND(replay);
ICMPKIT_COMMAND(trace);

#endif
