/* The command entry points, the only thing main() needs to know.  Each
 * command returns its exit status and, when that is 2, fills errbuf (of
 * CLI_ERRBUF bytes) with "<what>: <why>[; <fix>]" for main to print.  The
 * layers behind them are described in docs/ARCHITECTURE.md. */
#ifndef ICMPKIT_COMMANDS_H
#define ICMPKIT_COMMANDS_H

#include "cli/cli.h"

int cmd_read(int argc, char **argv, char *errbuf);
void usage_read(void);
int cmd_sniff(int argc, char **argv, char *errbuf);
void usage_sniff(void);
int cmd_send(int argc, char **argv, char *errbuf);
void usage_send(void);
int cmd_ping(int argc, char **argv, char *errbuf);
void usage_ping(void);
int cmd_replay(int argc, char **argv, char *errbuf);
void usage_replay(void);
int cmd_trace(int argc, char **argv, char *errbuf);
void usage_trace(void);

#endif
