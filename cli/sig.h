/* The signals that end a command cleanly: SIGINT and SIGTERM, and as
 * tcpdump does SIGHUP, and SIGPIPE (a reader of stdout gone: the command
 * stops quietly, its files closed whole). */
#ifndef ICMPKIT_CLI_SIG_H
#define ICMPKIT_CLI_SIG_H

#include <signal.h>

/* Set (to the signal's number) by sig_on_stop. */
extern volatile sig_atomic_t sig_stopped;

/* A handler that only sets sig_stopped. */
void sig_on_stop(int sig);

/* Install fn for SIGINT, SIGTERM, SIGHUP and SIGPIPE, without SA_RESTART
 * so that a blocked read or poll returns and the loop sees its flag. */
void sig_stop_install(void (*fn)(int));

#endif
