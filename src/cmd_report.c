/* cmd_report.c - `trygg report`: one report for a period, written atomically. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "diag.h"
#include "mail.h"
#include "report.h"

/* Department versions and mail files (issue 7). */
enum { OPT_PER_DEPT = CLI_OPT__FIRST_FREE + 60, OPT_MAIL_DIR, OPT_MAIL_FROM };

/* The report's language (issue 6). */
enum { OPT_LANG = CLI_OPT__FIRST_FREE + 80 };
/* The HTML version (issue 12). */
enum { OPT_HTML = CLI_OPT__FIRST_FREE + 90 };

/* Charts (issue 5): options local to this command. */
enum { OPT_CHARTS_DIR = CLI_OPT__FIRST_FREE + 40, OPT_CHART_MODE };
/* The document tree's dump (issue 10). */
enum { OPT_DUMP_TREE = CLI_OPT__FIRST_FREE + 50 };

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},  {"period", required_argument, NULL, 'p'},
		{"baseline", required_argument, NULL, 'b'}, {"output", required_argument, NULL, 'o'},
		{"template", required_argument, NULL, 't'}, {"strict", no_argument, NULL, CLI_OPT_STRICT},
		{"quiet", no_argument, NULL, 'q'},          {"vector-charts", no_argument, NULL, CLI_OPT_VECTOR},
		{"dump", required_argument, NULL, CLI_OPT_DUMP}, {"help", no_argument, NULL, 'h'},
		{"charts-dir", required_argument, NULL, OPT_CHARTS_DIR},
		{"chart-mode", required_argument, NULL, OPT_CHART_MODE},
		{"dump-tree", required_argument, NULL, OPT_DUMP_TREE},
		{"per-department", no_argument, NULL, OPT_PER_DEPT},
		{"mail-dir", required_argument, NULL, OPT_MAIL_DIR},
		{"mail-from", required_argument, NULL, OPT_MAIL_FROM},
		{"lang", required_argument, NULL, OPT_LANG},
		{"html", no_argument, NULL, OPT_HTML},
		{NULL, 0, NULL, 0},
	};
	/* Vector charts by default: smaller and faster than images, with real text (doc/charts.md). */
	struct report_opts o = {.config_path = "trygg.xml", .out_dir = ".", .vector_charts = 1};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:p:b:o:t:qh", opts, NULL)) != -1) {
		if (optarg && !optarg[0])
			return cli_empty_value(cmd, argc, argv);
		switch (c) {
		case 'c': o.config_path = optarg; break;
		case 'p': o.period = optarg; break;
		case 'b': o.baseline = optarg; break;
		case 'o': o.out_dir = optarg; break;
		case 't': o.template_name = optarg; break;
		case 'q': o.quiet = 1; break;
		case CLI_OPT_STRICT: o.strict = 1; break;
		case CLI_OPT_VECTOR: o.vector_charts = 1; break;
		case OPT_CHARTS_DIR: o.charts_dir = optarg; break;
		case OPT_CHART_MODE:
			if (strcmp(optarg, "vector") != 0 && strcmp(optarg, "raster") != 0)
				return cli_usage_error(cmd, "unknown --chart-mode '%s' — use raster or vector",
						       optarg);
			o.vector_charts = strcmp(optarg, "vector") == 0;
			break;
		case CLI_OPT_DUMP: o.dump_path = optarg; break;
		case OPT_DUMP_TREE: o.tree_dump_path = optarg; break;
		case OPT_PER_DEPT: o.per_department = 1; break;
		case OPT_HTML: o.html = 1; break;
		case OPT_MAIL_DIR: o.mail_dir = optarg; break;
		case OPT_MAIL_FROM:
			if (!mail_addr_valid(optarg))
				return cli_usage_error(cmd, "--mail-from '%s' is not one e-mail address "
						       "(name@kommun.se)", optarg);
			o.mail_from = optarg;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "sv") != 0 && strcmp(optarg, "en") != 0)
				return cli_usage_error(cmd, "unknown --lang '%s' — use sv or en", optarg);
			o.lang = optarg;
			break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!o.period)
		return cli_usage_error(cmd, "%s", "--period is required (e.g. --period sommar-2018)");
	if (o.mail_dir && !o.per_department)
		return cli_usage_error(cmd, "%s", "--mail-dir needs --per-department");
	struct diag d = {0};
	struct report_ctx ctx;
	struct report_result res = {.no_sha256 = 1}; /* only the paths are printed */
	/* a file-size limit (ulimit -f) must end in a clean "cannot write" (73), not a kill */
	signal(SIGXFSZ, SIG_IGN);
	if (report_ctx_load(&o, &ctx, &d) < 0) {
		diag_print(&d, stderr);
		return d.code ? d.code : DIAG_EX_SOFTWARE;
	}
	/* the same lock as `trygg batch`: two runs never write one folder at once */
	int lock = batch_lock_dir(o.out_dir && o.out_dir[0] ? o.out_dir : ".", NULL, &d);
	if (lock < 0 || report_write(&ctx, &o, &res, &d) < 0) {
		diag_print(&d, stderr);
		if (lock >= 0)
			close(lock);
		report_result_free(&res);
		report_ctx_free(&ctx);
		return d.code ? d.code : DIAG_EX_SOFTWARE;
	}
	close(lock);
	report_ctx_free(&ctx);
	if (!o.quiet) {
		fprintf(stderr, "trygg: wrote %s\n", res.files[0].path);
		if (o.html && res.n_files > 1 && res.files[1].html)
			fprintf(stderr, "trygg: wrote %s\n", res.files[1].path);
		size_t versions = 0, mails = 0;
		for (size_t i = 1; i < res.n_files; i++) {
			versions += res.files[i].department >= 0 && res.files[i].pages > 0;
			mails += res.files[i].department >= 0 && res.files[i].pages == 0 &&
				 !res.files[i].html;
		}
		if (o.per_department)
			fprintf(stderr, "trygg: wrote %zu department versions, %zu mail files and "
					"the manifest\n", versions, mails);
	}
	report_result_free(&res);
	return 0;
}

const struct cli_cmd cli_cmd_report = {
	"report",
	"write a report (PDF) for a period",
	 "usage: trygg report [-c CONFIG] --period PERIOD [--baseline BASE] [-o DIR]\n"
	 "                    [--template NAME] [--strict] [--quiet]\n"
	 "                    [--chart-mode raster|vector] [--charts-dir DIR] [--html]\n"
	 "                    [--per-department [--mail-dir DIR [--mail-from ADDR]]]\n"
	 "\n"
	 "  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	 "  -p, --period PERIOD   sommar-2018, 2018-07, 2018-Q3, 2018-W27, 2018 or\n"
	 "                        2018-06-15..2018-08-19\n"
	 "  -b, --baseline BASE   previous-year (default), previous-period, none or a PERIOD\n"
	 "  -o, --output DIR      folder for the PDF (default .); created if missing\n"
	 "  -t, --template NAME   templates/NAME.xml, or a path (default uppfoljning)\n"
	 "      --lang LANG       sv or en (default: the configuration's language)\n"
	 "      --strict          fail (exit 65) if any row or file is rejected\n"
	 "  -q, --quiet           silences progress, not problems: no 'wrote' lines and no\n"
	 "                        counts of rejected rows; an export that cannot be used\n"
	 "                        and every error are still reported on stderr\n"
	 "      --chart-mode MODE vector (default): charts drawn with PDF paths and text;\n"
	 "                        raster: charts as images (--vector-charts: vector)\n"
	 "      --charts-dir DIR  also write every chart as DIR/NN-name.png and .svg\n"
	 "      --html            also write every PDF as accessible HTML (NAME.html beside it)\n"
	 "      --per-department  also one PDF per department and manifest.csv\n"
	 "      --mail-dir DIR    with --per-department: one e-mail file per department head\n"
	 "      --mail-from ADDR  sender of the e-mail files (default trygg@KOMMUN.invalid)\n"
	 "      --dump FILE       also write the page model as text (for tests)\n"
	 "      --dump-tree PATH  also write the document tree as text (for tests); an existing\n"
	 "                        folder gets every version's tree as NAME.tree\n",
	run,
};
