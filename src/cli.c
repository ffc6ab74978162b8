/* cli.c - subcommands as a table (name, usage, handler), option parsing with getopt_long,
 * and the mapping of every failure to a sysexits.h exit code. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "record.h"
#include "report.h"
#include "util.h"

struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage;
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
};

static int cmd_report(const struct cli_cmd *cmd, int argc, char **argv);
static int cmd_check(const struct cli_cmd *cmd, int argc, char **argv);

static const struct cli_cmd commands[] = {
	{"report", "write a report (PDF) for a period",
	 "usage: trygg report [-c CONFIG] --period PERIOD [--baseline BASE] [-o DIR]\n"
	 "                    [--template NAME] [--strict] [--quiet] [--vector-charts]\n"
	 "\n"
	 "  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	 "  -p, --period PERIOD   sommar-2018, 2018-07, 2018-Q3, 2018-W27, 2018 or\n"
	 "                        2018-06-15..2018-08-19\n"
	 "  -b, --baseline BASE   previous-year (default), previous-period, none or a PERIOD\n"
	 "  -o, --output DIR      folder for the PDF (default .); created if missing\n"
	 "  -t, --template NAME   templates/NAME.xml, or a path (default uppfoljning)\n"
	 "      --strict          fail (exit 65) if any row or file is rejected\n"
	 "  -q, --quiet           no warnings on stderr\n"
	 "      --vector-charts   draw charts as PDF vectors instead of images\n"
	 "      --dump FILE       also write the page model as text (for tests)\n",
	 cmd_report},
	{"check", "validate the configuration and read every export",
	 "usage: trygg check [-c CONFIG] [--strict]\n"
	 "\n"
	 "  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	 "      --strict          exit 65 if any row or file is rejected\n"
	 "\n"
	 "Prints, per source file, the rows read, accepted, rejected and counted as\n"
	 "duplicates, and the first rejected rows as file:line: reason.\n",
	 cmd_check},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *fp)
{
	fprintf(fp, "usage: trygg COMMAND [OPTIONS]\n"
		    "       trygg --help | --version | help COMMAND\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nRun 'trygg help COMMAND' for a command's options. Exit codes: 0 ok, 64 usage,\n"
		    "65 rejected data under --strict, 66 missing input, 73 cannot write output,\n"
		    "78 bad configuration.\n");
}

static const struct cli_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int usage_error(const struct cli_cmd *cmd, const char *fmt, const char *arg)
{
	fputs("trygg: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(cmd->usage, stderr);
	return DIAG_EX_USAGE;
}

enum { OPT_STRICT = 256, OPT_VECTOR, OPT_DUMP };

static int cmd_report(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},  {"period", required_argument, NULL, 'p'},
		{"baseline", required_argument, NULL, 'b'}, {"output", required_argument, NULL, 'o'},
		{"template", required_argument, NULL, 't'}, {"strict", no_argument, NULL, OPT_STRICT},
		{"quiet", no_argument, NULL, 'q'},          {"vector-charts", no_argument, NULL, OPT_VECTOR},
		{"dump", required_argument, NULL, OPT_DUMP}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct report_opts o = {.config_path = "trygg.xml", .out_dir = "."};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:p:b:o:t:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config_path = optarg; break;
		case 'p': o.period = optarg; break;
		case 'b': o.baseline = optarg; break;
		case 'o': o.out_dir = optarg; break;
		case 't': o.template_name = optarg; break;
		case 'q': o.quiet = 1; break;
		case OPT_STRICT: o.strict = 1; break;
		case OPT_VECTOR: o.vector_charts = 1; break;
		case OPT_DUMP: o.dump_path = optarg; break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!o.period)
		return usage_error(cmd, "%s", "--period is required (e.g. --period sommar-2018)");
	struct diag d = {0};
	char *written = NULL;
	if (report_run(&o, &written, &d) < 0) {
		diag_print(&d, stderr);
		return d.code ? d.code : DIAG_EX_SOFTWARE;
	}
	if (!o.quiet)
		fprintf(stderr, "trygg: wrote %s\n", written);
	free(written);
	return 0;
}

static void print_check(const struct rec_store *s, FILE *fp)
{
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct rec_source_stats *st = &s->sources[i];
		fprintf(fp, "%s (%s%s%s): %ld read, %ld accepted, %ld rejected, %ld duplicates",
			st->file, st->format, st->encoding[0] ? ", " : "", st->encoding, st->read,
			st->accepted, st->rejected, st->duplicates);
		if (st->redacted)
			fprintf(fp, ", %ld personal identity numbers redacted", st->redacted);
		fputc('\n', fp);
		if (st->failed)
			fprintf(fp, "  %s: error: file not used\n", st->failure);
		int shown = 0;
		for (size_t k = 0; k < s->n_rejects; k++) {
			const struct rec_reject *r = &s->rejects[k];
			if (r->source != i)
				continue;
			if (++shown > 10) {
				fprintf(fp, "  … %ld more\n", st->rejected - 10);
				break;
			}
			fprintf(fp, "  %s:%ld: %s%s%s\n", st->file, r->line, r->field ? r->field : "",
				r->field ? ": " : "", r->reason);
		}
	}
}

static int cmd_check(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *config_path = "trygg.xml";
	int strict = 0, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config_path = optarg; break;
		case OPT_STRICT: strict = 1; break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	struct diag d = {0};
	struct config *cfg = NULL;
	struct rec_store *store = NULL;
	if (report_load(config_path, &cfg, &store, NULL, &d) < 0) {
		diag_print(&d, stderr);
		return d.code;
	}
	print_check(store, stdout);
	long problems = 0;
	for (size_t i = 0; i < store->n_sources; i++)
		problems += store->sources[i].rejected + store->sources[i].failed;
	printf("%s: configuration OK; %zu sources, %zu incidents, %zu measures, %ld problems\n",
	       config_path, store->n_sources, store->n_incidents, store->n_measures, problems);
	rec_store_free(store);
	config_free(cfg);
	return strict && problems ? DIAG_EX_DATAERR : 0;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return DIAG_EX_USAGE;
	}
	const char *a = argv[1];
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
		printf("trygg %s\n", TRYGG_VERSION);
		return 0;
	}
	if (strcmp(a, "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		const struct cli_cmd *cmd = find_cmd(argv[2]);
		if (!cmd) {
			fprintf(stderr, "trygg: unknown command '%s'\n", argv[2]);
			usage(stderr);
			return DIAG_EX_USAGE;
		}
		fputs(cmd->usage, stdout);
		return 0;
	}
	const struct cli_cmd *cmd = find_cmd(a);
	if (!cmd) {
		fprintf(stderr, "trygg: unknown %s '%s'\n", a[0] == '-' ? "option" : "command", a);
		usage(stderr);
		return DIAG_EX_USAGE;
	}
	optind = 1;
	return cmd->run(cmd, argc - 1, argv + 1);
}
