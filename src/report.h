/* report.h - one report from configuration to PDF file: the pipeline's driver, used by
 * `trygg report` and later by the batch runner.
 *
 * Ownership: borrows everything. */
#ifndef TRYGG_REPORT_H
#define TRYGG_REPORT_H

#include <stdio.h>

#include "config.h"
#include "diag.h"
#include "record.h"

struct report_opts {
	const char *config_path;
	const char *period;
	const char *baseline;  /* NULL: previous-year */
	const char *out_dir;   /* NULL: "." */
	const char *template_name; /* NULL: "uppfoljning" */
	const char *dump_path; /* write the page model as text here too (golden tests) */
	int strict;
	int quiet;
	int vector_charts;
};

/* Runs the whole pipeline and writes the PDF atomically. On success *written (if not NULL)
 * receives the output path (caller frees). Errors carry the exit code in d->code. */
int report_run(const struct report_opts *o, char **written, struct diag *d);

/* Loads configuration and every source into a new store; prints warnings for unusable
 * sources to `log` (if not NULL). The caller frees both. */
int report_load(const char *config_path, struct config **cfg, struct rec_store **store,
		FILE *log, struct diag *d);

/* Output file name from the configuration's pattern ({kommun}, {period}), made safe: ASCII
 * letters, digits, '-', '_' and '.', no leading dot, never a path separator. Caller frees. */
char *report_file_name(const struct config *cfg, const char *period_id);

#endif
