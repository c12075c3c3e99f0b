/* A packet socket's last close waits for the kernel's release of the
 * socket (an RCU grace period, 5-30 ms here: docs/ARCHITECTURE.md,
 * startup).  Short runs would spend most of their wall time there, so the
 * last close is left to a child process that outlives the command.
 *
 * The child shares our memory (CLONE_VM, its own small stack) instead of
 * being a fork: copying the page tables of a process that has its rings
 * and tables mapped cost about 150 us of every short run.  It has its own
 * descriptor table and signal handlers, runs only system calls on its own
 * stack, and keeps the address space alive after we exit until it has
 * closed the socket. */
#define _GNU_SOURCE /* close_range, pipe2 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

/* The child: keeps fd and the pipe's read end, closes the rest (the
 * caller's stdout above all, so that a pipe reading it sees its end), and
 * waits for the end of the pipe: the parent's exit. */
struct close_arg {
	int fd, rd;
};

static int
close_child(void *arg)
{
	const struct close_arg *a = arg;
	int fd = a->fd, rd = a->rd;
	int lo = fd < rd ? fd : rd, hi = fd < rd ? rd : fd;
	char b;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	if (lo > 0)
		close_range(0, (unsigned)lo - 1, 0);
	if (hi > lo + 1)
		close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
	close_range((unsigned)hi + 1, ~0U, 0);
	/* The handlers are the default ones: read ends at our exit (EOF)
	 * and is not interrupted. */
	while (read(rd, &b, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

#define CLOSE_STACK (64 * 1024)

void
cli_close_later(int fd)
{
	int p[2];
	pid_t pid = -1;
	char *stack;

	if (pipe2(p, O_CLOEXEC) < 0) {
		close(fd);
		return;
	}
	/* Never unmapped: the child runs on it until after we are gone.
	 * Each call has its own, with the child's arguments at its base. */
	stack = mmap(NULL, CLOSE_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack != MAP_FAILED) {
		struct close_arg *a = (struct close_arg *)stack;

		a->fd = fd;
		a->rd = p[0];
		pid = clone(close_child, stack + CLOSE_STACK,
			    CLONE_VM | SIGCHLD, a);
	}
	/* The write end stays open until this process exits. */
	close(p[0]);
	if (pid < 0)
		close(p[1]);
	close(fd);
}
