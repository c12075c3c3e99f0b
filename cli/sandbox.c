/* The seccomp filter each command runs under once its handles are open
 * and its privileges gone (priv_drop has set no_new_privs).  A command
 * names the groups of system calls its packet loop needs; anything else
 * traps, and the SIGSYS handler names the call and ends the process.
 * docs/ARCHITECTURE.md, "Privileges". */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

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
/* The sanitizer build (make icmpkit-san) loads no filter: LeakSanitizer
 * stops the world at exit with a tracer that ptrace-attaches to every
 * thread, which a filter for the packet loop must not allow. */
#if defined(__SANITIZE_ADDRESS__)
#define SB_SANITIZER 1
#else
#define SB_SANITIZER 0
#endif
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

/* Names of the syscalls by number, resolved before the filter is loaded:
 * the SIGSYS handler may not allocate. */
#define SB_NAMES 512
static const char *sb_name[SB_NAMES];

static void
sb_put(char **p, const char *s)
{
	size_t n = strlen(s);

	memcpy(*p, s, n);
	*p += n;
}

static void
on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	char msg[160], num[12], *p = msg, *q = num + sizeof(num);
	unsigned v = (unsigned)si->si_syscall;

	(void)sig;
	(void)ctx;
	do
		*--q = (char)('0' + v % 10);
	while ((v /= 10) && q > num);
	sb_put(&p, "icmpkit: seccomp: syscall ");
	memcpy(p, q, (size_t)(num + sizeof(num) - q));
	p += num + sizeof(num) - q;
	sb_put(&p, " (");
	sb_put(&p, si->si_syscall >= 0 && si->si_syscall < SB_NAMES &&
				   sb_name[si->si_syscall]
			   ? sb_name[si->si_syscall]
			   : "unknown");
	sb_put(&p, ") denied; set ICMPKIT_SECCOMP=0 to debug\n");
	if (write(2, msg, (size_t)(p - msg)) < 0)
		_exit(2);
	_exit(2);
}

static int
sb_allow(scmp_filter_ctx f, const char *const *names, char *errbuf)
{
	int nr;

	for (; *names; names++) {
		nr = seccomp_syscall_resolve_name(*names);
		if (nr == __NR_SCMP_ERROR)
			continue; /* not on this architecture */
		if (seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 0) < 0) {
			cli_err(errbuf, "seccomp: cannot allow %s", *names);
			return -1;
		}
	}
	return 0;
}

static void
sb_resolve_names(void)
{
	int i;

	for (i = 0; i < SB_NAMES; i++)
		if (!sb_name[i])
			sb_name[i] = seccomp_syscall_resolve_num_arch(
				SCMP_ARCH_NATIVE, i);
}

static int
sb_load(scmp_filter_ctx f, unsigned groups, char *errbuf)
{
	static const char *const *const lists[] = {
		sb_files, sb_threads, sb_tx, sb_rx, sb_netlink, sb_closer};
	size_t i;

	if (sb_allow(f, sb_base, errbuf) < 0)
		return -1;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if ((groups & (1u << i)) && sb_allow(f, lists[i], errbuf) < 0)
			return -1;
	if ((groups & SB_NETLINK) &&
	    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
			     SCMP_A0(SCMP_CMP_EQ, AF_NETLINK)) < 0) {
		cli_err(errbuf, "seccomp: cannot allow netlink sockets");
		return -1;
	}
	if (seccomp_load(f) < 0) {
		cli_err(errbuf, "seccomp: cannot load the filter; set "
				"ICMPKIT_SECCOMP=0 to run without it");
		return -1;
	}
	return 0;
}

int
sandbox_enter(const char *cmd, char *errbuf)
{
	const char *env = getenv("ICMPKIT_SECCOMP");
	struct sigaction sa;
	scmp_filter_ctx f;
	unsigned groups = 0;
	size_t i;
	int rc;

	if ((env && !strcmp(env, "0")) || SB_SANITIZER)
		return 0;
	for (i = 0; i < sizeof(sb_cmds) / sizeof(sb_cmds[0]); i++)
		if (!strcmp(sb_cmds[i].cmd, cmd))
			groups = sb_cmds[i].groups;
	sb_resolve_names();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
	f = seccomp_init(SCMP_ACT_TRAP);
	if (!f) {
		cli_err(errbuf, "seccomp: cannot start a filter");
		return -1;
	}
	rc = sb_load(f, groups, errbuf);
	seccomp_release(f);
	if (rc == 0 && getenv("ICMPKIT_SECCOMP_TEST"))
		syscall(SYS_acct, NULL); /* denied everywhere: the test */
	return rc;
}
