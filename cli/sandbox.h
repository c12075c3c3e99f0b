/* A seccomp filter (libseccomp) for each command's packet loop, loaded
 * after priv_drop(). */
#ifndef ICMPKIT_CLI_SANDBOX_H
#define ICMPKIT_CLI_SANDBOX_H

/* The groups of system calls beyond the base every command has; bit i is
 * the i-th list in sandbox.c. */
enum {
	SB_FILES = 1u << 0,   /* open, unlink, ftruncate output files */
	SB_THREADS = 1u << 1, /* a second thread */
	SB_TX = 1u << 2,      /* send on the open socket */
	SB_RX = 1u << 3,      /* receive, socket options */
	SB_NETLINK = 1u << 4, /* rtnetlink sockets (neighbour lookups) */
	SB_CLOSER = 1u << 5,  /* cli_close_later: fork a closing child */
};

/* Load cmd's filter ("read", "sniff", "send", "ping", "trace",
 * "replay"); a call outside it ends the process with one line naming the
 * call, exit 2.  ICMPKIT_SECCOMP=0 loads none; ICMPKIT_SECCOMP_TEST=1
 * makes a denied call right after loading (for the tests).  -1 with
 * errbuf filled on failure. */
int sandbox_enter(const char *cmd, char *errbuf);

#endif
