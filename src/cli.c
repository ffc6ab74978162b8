/* cli.c - the command table, global options (--help, --version, help COMMAND) and dispatch;
 * every failure maps to a sysexits.h exit code. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* One line per command; the command itself lives in cmd_NAME.c. */
static const struct cli_cmd *const commands[] = {
	&cli_cmd_report,
	&cli_cmd_check,
	&cli_cmd_batch,
	&cli_cmd_stats,
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *fp)
{
	fprintf(fp, "usage: trygg COMMAND [OPTIONS]\n"
		    "       trygg --help | --version | help COMMAND\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(fp, "\nRun 'trygg help COMMAND' for a command's options, 'man ./doc/trygg.1' for all.\n"
		    "Exit codes: 0 ok, 1 some reports of a batch failed, 64 usage, 65 rejected data\n"
		    "under --strict, 66 missing input, 73 cannot write output, 75 output folder\n"
		    "locked by another run, 78 bad configuration.\n");
}

static const struct cli_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, const char *arg)
{
	/* the argument is the user's: an ESC or a line end in it is shown, not obeyed */
	char *shown = util_escape_ctl(arg);
	fputs("trygg: error: ", stderr);
	fprintf(stderr, fmt, shown);
	free(shown);
	fputc('\n', stderr);
	fputs(cmd->usage, stderr);
	return DIAG_EX_USAGE;
}

int cli_empty_value(const struct cli_cmd *cmd, int argc, char **argv)
{
	/* "-o ''" leaves optind past the empty argument; "--output=" and "-o" + "" in one
	 * word leave it past the option itself */
	const char *opt = optind >= 2 && optind - 1 < argc && argv[optind - 1][0] == '\0'
				  ? argv[optind - 2]
				  : argv[optind - 1];
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(opt, "="), opt);
	return cli_usage_error(cmd, "option '%s' needs a value, not an empty string", name);
}

/* Whatever a command printed must have reached its reader: `trygg check > /dev/full` is a
 * failed run (73), not a silent success. */
static int finish(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	int e = errno;
	fprintf(stderr, "trygg: error: cannot write to standard output: %s — check the disk "
			"or where the output is redirected\n", strerror(e ? e : EIO));
	return DIAG_EX_CANTCREAT;
}

int cli_main(int argc, char **argv)
{
	util_hash_init();
	if (argc < 2) {
		usage(stderr);
		return DIAG_EX_USAGE;
	}
	const char *a = argv[1];
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		usage(stdout);
		return finish(0);
	}
	if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
		printf("trygg %s\n", TRYGG_VERSION);
		return finish(0);
	}
	if (strcmp(a, "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		const struct cli_cmd *cmd = find_cmd(argv[2]);
		if (!cmd) {
			char *shown = util_escape_ctl(argv[2]);
			fprintf(stderr, "trygg: error: unknown command '%s'\n", shown);
			free(shown);
			usage(stderr);
			return DIAG_EX_USAGE;
		}
		fputs(cmd->usage, stdout);
		return finish(0);
	}
	const struct cli_cmd *cmd = find_cmd(a);
	if (!cmd) {
		char *shown = util_escape_ctl(a);
		fprintf(stderr, "trygg: error: unknown %s '%s'\n", a[0] == '-' ? "option" : "command",
			shown);
		free(shown);
		usage(stderr);
		return DIAG_EX_USAGE;
	}
	optind = 1;
	return finish(cmd->run(cmd, argc - 1, argv + 1));
}
