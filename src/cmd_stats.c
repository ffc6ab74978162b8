/* cmd_stats.c - `trygg stats`: the aggregate tables of a period by one or two dimensions, as
 * a text table, CSV or JSON on stdout, with the same suppression as the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "normalize.h"
#include "official.h"
#include "record.h"
#include "report.h"
#include "stats.h"
#include "util.h"

/* "category" or "category,hour" → dims; returns the number of dimensions or -1. */
static int parse_by(const char *s, int dims[2])
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", s);
	char *comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	dims[0] = agg_dim_parse(buf);
	if (dims[0] < 0)
		return -1;
	if (!comma)
		return 1;
	dims[1] = agg_dim_parse(comma + 1);
	return dims[1] < 0 || dims[1] == dims[0] ? -1 : 2;
}

/* --category/--locality/--department NAME: any id, label, synonym or alias. */
static int find_filter(const struct cli_cmd *cmd, const struct config *cfg, const char *what,
		       const char *name, int *out)
{
	if (!name)
		return 0;
	int i = strcmp(what, "category") == 0   ? config_find_category(cfg, name)
		: strcmp(what, "locality") == 0 ? config_find_locality(cfg, name)
						: config_find_department(cfg, name);
	if (i < 0) {
		char *shown = util_escape_ctl(name);
		fprintf(stderr,
			"trygg: error: unknown %s '%s' in the configuration — use the id or name of "
			"one of its %s\n",
			what, shown,
			strcmp(what, "category") == 0   ? "categories"
			: strcmp(what, "locality") == 0 ? "localities"
							: "departments");
		free(shown);
		fputs(cmd->usage, stderr);
		return -1;
	}
	*out = i;
	return 0;
}

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	enum { OPT_CAT = CLI_OPT__FIRST_FREE, OPT_LOC, OPT_DEP, OPT_OFFICIAL };
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},  {"period", required_argument, NULL, 'p'},
		{"baseline", required_argument, NULL, 'b'}, {"by", required_argument, NULL, 'y'},
		{"format", required_argument, NULL, CLI_OPT_FORMAT},
		{"category", required_argument, NULL, OPT_CAT},
		{"locality", required_argument, NULL, OPT_LOC},
		{"department", required_argument, NULL, OPT_DEP},
		{"official", no_argument, NULL, OPT_OFFICIAL},
		{"strict", no_argument, NULL, CLI_OPT_STRICT}, {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	const char *config_path = "trygg.xml", *period = NULL, *baseline = NULL, *by = NULL;
	const char *format = "table", *f_cat = NULL, *f_loc = NULL, *f_dep = NULL;
	int strict = 0, quiet = 0, official = 0, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:p:b:qh", opts, NULL)) != -1) {
		if (optarg && !optarg[0])
			return cli_empty_value(cmd, argc, argv);
		switch (c) {
		case 'c': config_path = optarg; break;
		case 'p': period = optarg; break;
		case 'b': baseline = optarg; break;
		case 'y': by = optarg; break;
		case CLI_OPT_FORMAT: format = optarg; break;
		case OPT_CAT: f_cat = optarg; break;
		case OPT_LOC: f_loc = optarg; break;
		case OPT_DEP: f_dep = optarg; break;
		case OPT_OFFICIAL: official = 1; break;
		case CLI_OPT_STRICT: strict = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!period)
		return cli_usage_error(cmd, "%s", "--period is required (e.g. --period sommar-2018)");
	int order = official ? off_order_parse(by ? by : "crime-type,area") : 0;
	if (order < 0)
		return cli_usage_error(cmd,
				       "--official --by '%s' is not an order of the official table — "
				       "use crime-type,area (the default) or area,crime-type",
				       by);
	if (official && (f_loc || f_dep))
		return cli_usage_error(cmd, "%s",
				       "--official: official statistics have no locality or "
				       "department — filter with --category, which keeps the crime "
				       "types mapped to it");
	if (!by && !official)
		return cli_usage_error(cmd, "%s", "--by is required (e.g. --by category)");
	int dims[2] = {0, 0}, n_dims = official ? 1 : parse_by(by, dims);
	if (n_dims < 0)
		return cli_usage_error(cmd,
				       "--by '%s' is not one dimension or two different ones — use one "
				       "or two among category, locality, department, site, month, "
				       "week, weekday, hour, source",
				       by);
	int fmt = stats_parse_format(format);
	if (fmt < 0)
		return cli_usage_error(cmd, "unknown --format '%s' — use table, csv or json", format);

	struct diag d = {0};
	struct config *cfg = NULL;
	struct rec_store *store = NULL;
	struct period cur, base;
	int rc = 0;
	if (config_load(config_path, &cfg, &d) < 0)
		goto fail;
	if (period_parse(period, cfg, &cur, &d) < 0)
		goto fail;
	int has_base = period_parse_baseline(baseline, &cur, cfg, &base, &d);
	if (has_base < 0)
		goto fail;
	struct agg_filter filter = {AGG_ALL, AGG_ALL, AGG_ALL};
	if (find_filter(cmd, cfg, "category", f_cat, &filter.category) < 0 ||
	    find_filter(cmd, cfg, "locality", f_loc, &filter.locality) < 0 ||
	    find_filter(cmd, cfg, "department", f_dep, &filter.department) < 0) {
		rc = DIAG_EX_USAGE;
		goto out;
	}
	store = rec_store_new();
	if (norm_load_sources(cfg, store, &d) < 0)
		goto fail;
	report_warn_sources(store, stderr, quiet);
	if (strict && report_strict_check(store, config_path, &d) < 0)
		goto fail;
	if (official) {
		const struct period *b = has_base == 0 ? &base : NULL;
		struct off_table *t = off_table_by(store, cfg, &cur, b, filter.category,
						   (enum off_order)order);
		stats_write_official(stdout, cfg, t, &cur, b, (enum stats_format)fmt);
		off_table_free(t);
	} else if (n_dims == 1) {
		const struct period *b = has_base == 0 ? &base : NULL;
		struct agg_table *t = agg_table_by(store, cfg, (enum agg_dim)dims[0], &cur, b, &filter);
		stats_write_table(stdout, cfg, store, t, (enum agg_dim)dims[0], &cur, b, &filter,
				  (enum stats_format)fmt);
		agg_table_free(t);
	} else {
		struct agg_cross *x = agg_cross_by(store, cfg, (enum agg_dim)dims[0],
						   (enum agg_dim)dims[1], &cur, &filter);
		stats_write_cross(stdout, cfg, x, &cur, (enum stats_format)fmt);
		agg_cross_free(x);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		diag_set(&d, DIAG_EX_CANTCREAT, NULL, 0, 0, "cannot write the output");
		goto fail;
	}
	goto out;
fail:
	diag_print(&d, stderr);
	rc = d.code ? d.code : DIAG_EX_SOFTWARE;
out:
	rec_store_free(store);
	config_free(cfg);
	return rc;
}

const struct cli_cmd cli_cmd_stats = {
	"stats",
	"print the aggregate tables of a period (table, CSV or JSON)",
	"usage: trygg stats [-c CONFIG] --period PERIOD [--baseline BASE] --by DIM[,DIM]\n"
	"                   [--format table|csv|json] [--category C] [--locality L]\n"
	"                   [--department D] [--strict] [--quiet]\n"
	"       trygg stats [-c CONFIG] --period PERIOD [--baseline BASE] --official\n"
	"                   [--by crime-type,area|area,crime-type] [--category C]\n"
	"                   [--format table|csv|json] [--strict] [--quiet]\n"
	"\n"
	"  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	"  -p, --period PERIOD   sommar-2018, 2018-07, 2018-Q3, 2018-W27, 2018 or\n"
	"                        2018-06-15..2018-08-19\n"
	"  -b, --baseline BASE   previous-year (default), previous-period, none or a PERIOD\n"
	"                        (one dimension only; two dimensions show the period alone)\n"
	"      --by DIM[,DIM]    category, locality, department, site, month, week,\n"
	"                        weekday, hour or source; two give rows × columns\n"
	"      --format FORMAT   table (default; Swedish number format), csv (UTF-8 with\n"
	"                        BOM, ';', for Excel) or json\n"
	"      --category C, --locality L, --department D\n"
	"                        count only these incidents\n"
	"      --official        official statistics (Brå) instead of incidents: a row per\n"
	"                        crime type and area, count, rate per 100 000, preliminary\n"
	"                        mark and whether the change is larger than chance\n"
	"      --strict          fail (exit 65) if any row or file is rejected\n"
	"  -q, --quiet           silences progress, not problems: no counts of rejected\n"
	"                        rows; an export that cannot be used and every error are\n"
	"                        still reported on stderr\n"
	"\n"
	"Counts from 1 to threshold-1 are shown as <threshold, and a count that would let a\n"
	"hidden one be worked out from a total as '..' (doc/aggregates.md).\n",
	run,
};
