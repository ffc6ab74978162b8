/* cmd_batch.c - `trygg batch`: every month of a range, unattended (cron, systemd timers). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "diag.h"
#include "mail.h"

enum {
	OPT_MONTHLY = CLI_OPT__FIRST_FREE + 40, /* clear of what other commands add */
	OPT_FORCE,
	OPT_PER_DEPT,
	OPT_MAIL_DIR,
	OPT_MAIL_FROM,
	OPT_SUMMARY,
	OPT_HTML,
};

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"monthly", required_argument, NULL, OPT_MONTHLY},
		{"jobs", required_argument, NULL, 'j'},
		{"force", no_argument, NULL, OPT_FORCE},
		{"output", required_argument, NULL, 'o'},
		{"template", required_argument, NULL, 't'},
		{"baseline", required_argument, NULL, 'b'},
		{"per-department", no_argument, NULL, OPT_PER_DEPT},
		{"html", no_argument, NULL, OPT_HTML},
		{"mail-dir", required_argument, NULL, OPT_MAIL_DIR},
		{"mail-from", required_argument, NULL, OPT_MAIL_FROM},
		{"summary", required_argument, NULL, OPT_SUMMARY},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct batch_opts o = {.config_path = "trygg.xml", .out_dir = ".", .jobs = 1};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:j:o:t:b:qvh", opts, NULL)) != -1) {
		if (optarg && !optarg[0])
			return cli_empty_value(cmd, argc, argv);
		switch (c) {
		case 'c': o.config_path = optarg; break;
		case OPT_MONTHLY: o.monthly = optarg; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 256)
				return cli_usage_error(cmd, "-j '%s' is not a number of workers — give one from 1 to 256",
						       optarg);
			o.jobs = (int)v;
			break;
		}
		case OPT_FORCE: o.force = 1; break;
		case 'o': o.out_dir = optarg; break;
		case 't': o.template_name = optarg; break;
		case 'b': o.baseline = optarg; break;
		case OPT_PER_DEPT: o.per_department = 1; break;
		case OPT_HTML: o.html = 1; break;
		case OPT_MAIL_DIR: o.mail_dir = optarg; break;
		case OPT_MAIL_FROM:
			if (!mail_addr_valid(optarg))
				return cli_usage_error(cmd, "--mail-from '%s' is not one e-mail address "
						       "(name@kommun.se)", optarg);
			o.mail_from = optarg;
			break;
		case OPT_SUMMARY: o.summary_path = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'v': o.verbose = 1; break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!o.monthly)
		return cli_usage_error(cmd, "%s", "--monthly is required (e.g. --monthly 2018-01..2018-12)");
	if (o.quiet && o.verbose)
		return cli_usage_error(cmd, "%s", "--quiet and --verbose exclude each other");
	if (o.mail_dir && !o.per_department)
		return cli_usage_error(cmd, "%s", "--mail-dir needs --per-department");
	o.progress = !o.quiet && !o.verbose && isatty(STDERR_FILENO);
	/* a file-size limit (ulimit -f) must end in a clean "cannot write" (73), not a kill */
	signal(SIGXFSZ, SIG_IGN);
	struct diag d = {0};
	return batch_run(&o, &d);
}

const struct cli_cmd cli_cmd_batch = {
	"batch",
	"write the reports for every month of a range, skipping those up to date",
	"usage: trygg batch [-c CONFIG] --monthly FROM..TO [-j N] [--force] [-o DIR]\n"
	"                   [--template NAME] [--baseline BASE] [--per-department] [--html]\n"
	"                   [--mail-dir DIR [--mail-from ADDR]] [--summary FILE]\n"
	"                   [--quiet | --verbose]\n"
	"\n"
	"  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	"      --monthly FROM..TO  months to report, e.g. 2018-01..2018-12\n"
	"  -j, --jobs N          worker processes (default 1)\n"
	"      --force           redo reports that are up to date\n"
	"  -o, --output DIR      folder for the PDFs (default .); locked while running\n"
	"  -t, --template NAME   default lagesbild if installed, else uppfoljning\n"
	"  -b, --baseline BASE   previous-year (default), previous-period, none or a PERIOD\n"
	"      --per-department  also one PDF per department and manifest.csv\n"
	"      --html            also every PDF as accessible HTML (NAME.html beside it)\n"
	"      --mail-dir DIR    one e-mail file (RFC 5322, PDF attached) per department head\n"
	"      --mail-from ADDR  sender of the e-mail files (default trygg@KOMMUN.invalid)\n"
	"      --summary FILE    JSON summary: written, skipped and failed reports\n"
	"  -q, --quiet           silences progress, not problems: no progress bar, closing\n"
	"                        line or counts of rejected rows; failed reports, exports\n"
	"                        that cannot be used and errors are still reported\n"
	"  -v, --verbose         one line per report\n"
	"\n"
	"Exit: 0 ok, 1 some reports failed (the others were written), 64 usage, 66 missing\n"
	"input, 73 output cannot be written, 75 another run holds the output folder's lock,\n"
	"78 bad configuration.\n",
	run,
};
