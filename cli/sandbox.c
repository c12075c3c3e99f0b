/* The seccomp filter each command runs under once its handles are open
 * and its privileges gone (priv_drop has set no_new_privs).  A command
 * names the groups of system calls its packet loop needs; anything else
 * traps, and the SIGSYS handler names the call and ends the process.
 * docs/ARCHITECTURE.md, "Privileges". */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

/* The sanitizer build (make icmpkit-san) loads no filter: LeakSanitizer
 * stops the world at exit with a tracer that ptrace-attaches to every
 * thread, which a filter for the packet loop must not allow. */
#if defined(__SANITIZE_ADDRESS__)
#define SB_SANITIZER 1
#else
#define SB_SANITIZER 0
#endif

/* sb_progs[] (one BPF program per command, the last for any other) and
 * sb_name[] (syscall names by number), compiled from cli/sbrules.h at
 * build time by cli/sbgen.c. */
#include "../build/gen/sbfilters.h"

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

int
sandbox_enter(const char *cmd, char *errbuf)
{
	const char *env = getenv("ICMPKIT_SECCOMP");
	const struct sb_prog *p = sb_progs;
	struct sock_fprog prog;
	struct sigaction sa;

	if ((env && !strcmp(env, "0")) || SB_SANITIZER)
		return 0;
	while (p->cmd && strcmp(p->cmd, cmd))
		p++;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
	prog.len = p->len;
	prog.filter = p->prog; /* the kernel copies it */
	/* priv_drop has set no_new_privs; set it again for a caller that
	 * did not drop (a filter needs it without CAP_SYS_ADMIN). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		cli_err(errbuf,
			"seccomp: cannot load the filter: %s; set "
			"ICMPKIT_SECCOMP=0 to run without it",
			strerror(errno));
		return -1;
	}
	if (getenv("ICMPKIT_SECCOMP_TEST"))
		syscall(SYS_acct, NULL); /* denied everywhere: the test */
	return 0;
}
