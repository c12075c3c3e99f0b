/* The stopping signals of cli/sig.h. */
#include "sig.h"

#include <string.h>

volatile sig_atomic_t sig_stopped;

void
sig_on_stop(int sig)
{
	sig_stopped = sig;
}

void
sig_stop_install(void (*fn)(int))
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fn;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}
