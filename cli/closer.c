/* A packet socket's last close waits for the kernel's release of the
 * socket (an RCU grace period, 5-30 ms here: docs/ARCHITECTURE.md,
 * startup).  Short runs would spend most of their wall time there, so the
 * last close is left to a child process that outlives the command. */
#define _GNU_SOURCE /* close_range, pipe2 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

/* The child: keeps fd and the pipe's read end, closes the rest (the
 * caller's stdout above all, so that a pipe reading it sees its end), and
 * waits for the end of the pipe: the parent's exit. */
static void
close_child(int fd, int rd)
{
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
	while (read(rd, &b, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

void
cli_close_later(int fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		close(fd);
		return;
	}
	pid = fork();
	if (pid == 0)
		close_child(fd, p[0]);
	/* The write end stays open until this process exits. */
	close(p[0]);
	if (pid < 0)
		close(p[1]);
	close(fd);
}
