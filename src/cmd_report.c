/* cmd_report.c - `trygg report`: one report for a period, written atomically. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "report.h"

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},  {"period", required_argument, NULL, 'p'},
		{"baseline", required_argument, NULL, 'b'}, {"output", required_argument, NULL, 'o'},
		{"template", required_argument, NULL, 't'}, {"strict", no_argument, NULL, CLI_OPT_STRICT},
		{"quiet", no_argument, NULL, 'q'},          {"vector-charts", no_argument, NULL, CLI_OPT_VECTOR},
		{"dump", required_argument, NULL, CLI_OPT_DUMP}, {"help", no_argument, NULL, 'h'},
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
		case CLI_OPT_STRICT: o.strict = 1; break;
		case CLI_OPT_VECTOR: o.vector_charts = 1; break;
		case CLI_OPT_DUMP: o.dump_path = optarg; break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!o.period)
		return cli_usage_error(cmd, "%s", "--period is required (e.g. --period sommar-2018)");
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

const struct cli_cmd cli_cmd_report = {
	"report",
	"write a report (PDF) for a period",
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
	run,
};
