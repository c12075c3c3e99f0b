/* icmpkit: the subcommand table.  Only this file exits. */
#include <stdio.h>
#include <string.h>

#include "cli/near.h"
#include "commands.h"

#ifndef ICMPKIT_VERSION
#define ICMPKIT_VERSION "0.1.0"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv, char *errbuf);
	void (*usage)(void);
	const char *summary;
};

static const struct command commands[] = {
	{"read", cmd_read, usage_read, "decode a pcap/pcapng file or stdin"},
	{"sniff", cmd_sniff, usage_sniff,
	 "capture ICMP/ICMPv6 live and decode it"},
	{"send", cmd_send, usage_send,
	 "craft ICMP/ICMPv6 with libnet and inject it"},
	{"ping", cmd_ping, usage_ping,
	 "echo requests with RTTs from kernel timestamps"},
	{"replay", cmd_replay, usage_replay, "put a capture back onto a link"},
	{"trace", cmd_trace, usage_trace,
	 "the path to a host, hop by hop (traceroute)"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	size_t i;

	fputs("usage: icmpkit COMMAND [options] ...\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-7s %s\n", commands[i].name,
			commands[i].summary);
	fputs("  help [COMMAND]   this text, or a command's options\n"
	      "  --version\n",
	      f);
}

static const struct command *
find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Says that name is no command, with the nearest one if any. */
static int
unknown(const char *what, const char *name)
{
	struct cli_near n;
	size_t i;

	cli_near_init(&n, name);
	for (i = 0; i < NCOMMANDS; i++)
		cli_near_try(&n, commands[i].name, NULL);
	cli_near_try(&n, "help", NULL);
	fprintf(stderr, "icmpkit: %sunknown command '%s'; %s\n", what, name,
		cli_near_fix(&n, "try icmpkit help"));
	return 2;
}

int
main(int argc, char **argv)
{
	char errbuf[CLI_ERRBUF] = "";
	const struct command *c;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("icmpkit %s\n", ICMPKIT_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		if (argc > 2) {
			c = find(argv[2]);
			if (!c)
				return unknown("help: ", argv[2]);
			c->usage();
			return 0;
		}
		usage(stdout);
		return 0;
	}
	c = find(argv[1]);
	if (c && argc > 2 && !strcmp(argv[2], "--version")) {
		printf("icmpkit %s\n", ICMPKIT_VERSION);
		return 0;
	}
	if (!c)
		return unknown("", argv[1]);
	rc = c->run(argc - 1, argv + 1, errbuf);
	if (rc == 2 && errbuf[0])
		fprintf(stderr, "icmpkit: %s\n", errbuf);
	fflush(stdout);
	return rc;
}
