/* Giving up privileges once the capture handle is open. */
#ifndef ICMPKIT_CLI_PRIV_H
#define ICMPKIT_CLI_PRIV_H

/* With CAP_SETPCAP (root): empty the capability bounding set.  As root:
 * switch to USER (setgroups, setresgid, setresuid, each checked; "root"
 * keeps root, as with tcpdump -Z root).  Then, whoever we are, clear
 * every capability (a setcap'ed binary keeps none after start-up) and
 * set no_new_privs.  Returns -1 with errbuf filled on failure. */
int priv_drop(const char *user, char *errbuf);

#endif
