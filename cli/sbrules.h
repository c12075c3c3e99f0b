/* The seccomp policy: the system calls each command's packet loop may
 * make once its handles are open and its privileges gone.  Read only by
 * the build-time generator (cli/sbgen.c), which compiles it with
 * libseccomp into the BPF programs cli/sandbox.c loads; icmpkit itself
 * does not link libseccomp.  Add a call here, run make, and the filters
 * follow.  docs/ARCHITECTURE.md, "Privileges". */
#ifndef ICMPKIT_CLI_SBRULES_H
#define ICMPKIT_CLI_SBRULES_H

#include "sandbox.h"

/* Every libc path the loops share: stdio and malloc (brk, mmap), the
 * vDSO clock's fallbacks, sleeping, signals, exiting. */
static const char *const sb_base[] = {
	"read",
	"write",
	"writev",
	"readv",
	"pread64",
	"preadv",
	"close",
	"fstat",
	"newfstatat",
	"lseek",
	"mmap",
	"munmap",
	"mremap",
	"brk",
	"madvise",
	"mprotect",
	"futex",
	"rt_sigreturn",
	"rt_sigprocmask",
	"rt_sigaction",
	"sigaltstack",
	"exit",
	"exit_group",
	"clock_gettime",
	"gettimeofday",
	"clock_nanosleep",
	"nanosleep",
	"getrandom",
	"poll",
	"ppoll",
	"restart_syscall",
	"sched_yield",
	"getpid",
	"gettid",
	"tgkill",
	"ioctl",
	"fcntl",
	"dup",
	"clock_getres",
	"setitimer",
	"getitimer",
	"time",
	NULL,
};
/* Output files: rotation opens new ones, a write error cuts one back. */
static const char *const sb_files[] = {
	"openat", "open", "unlink", "ftruncate", "fsync", "fdatasync", NULL,
};
/* A second thread (read's decoder, ping's sender). */
static const char *const sb_threads[] = {
	"clone",
	"clone3",
	"set_robust_list",
	"rseq",
	"sched_getaffinity",
	"sched_setaffinity",
	"membarrier",
	NULL,
};
/* Sending on the open socket. */
static const char *const sb_tx[] = {
	"sendto",
	"sendmsg",
	"sendmmsg",
	NULL,
};
/* Receiving on the open socket or capture handle (libpcap's ring; its
 * poll loop asks uname for the kernel's version). */
static const char *const sb_rx[] = {
	"uname",      "recvfrom",   "recvmsg", "recvmmsg", "getsockopt",
	"setsockopt", "epoll_wait", "select",  "pselect6", NULL,
};
/* rtnetlink questions after the drop (replay's neighbour lookups):
 * sockets only of AF_NETLINK, see sb_load(). */
static const char *const sb_netlink[] = {
	"bind", "getsockname", "sendto", "recvfrom", "recvmsg", NULL,
};

/* cli_close_later (closer.c): a pipe and a child that keeps a packet
 * socket until we have exited, then closes it. */
static const char *const sb_closer[] = {
	"pipe2", "clone", "clone3", "set_robust_list", "close_range", NULL,
};

static const struct {
	const char *cmd;
	unsigned groups;
} sb_cmds[] = {
	{"read", SB_FILES | SB_THREADS},
	{"sniff", SB_FILES | SB_RX | SB_CLOSER},
	/* send listens for answers (answer.c) */
	{"send", SB_FILES | SB_TX | SB_RX | SB_CLOSER},
	{"ping", SB_TX | SB_RX | SB_THREADS | SB_CLOSER},
	{"trace", SB_TX | SB_RX | SB_CLOSER},
	{"replay", SB_TX | SB_NETLINK | SB_CLOSER},
};

#endif
