/* cmd_check.c - `trygg check`: validate the configuration and read every export, printing
 * per source what was accepted, rejected or counted as a duplicate. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "config.h"
#include "diag.h"
#include "record.h"
#include "report.h"

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

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"strict", no_argument, NULL, CLI_OPT_STRICT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *config_path = "trygg.xml";
	int strict = 0, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config_path = optarg; break;
		case CLI_OPT_STRICT: strict = 1; break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
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

const struct cli_cmd cli_cmd_check = {
	"check",
	"validate the configuration and read every export",
	 "usage: trygg check [-c CONFIG] [--strict]\n"
	 "\n"
	 "  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	 "      --strict          exit 65 if any row or file is rejected\n"
	 "\n"
	 "Prints, per source file, the rows read, accepted, rejected and counted as\n"
	 "duplicates, and the first rejected rows as file:line: reason.\n",
	run,
};
