/* batch.h - many reports in one unattended run: plan the months, skip what is up to date,
 * run the rest in worker processes, write a summary. Used by `trygg batch`.
 *
 * Ownership: functions borrow their arguments; batch_digest fills a caller's buffer. */
#ifndef TRYGG_BATCH_H
#define TRYGG_BATCH_H

#include "diag.h"
#include "report.h"

struct period;

/* sysexits.h EX_TEMPFAIL: another run holds the output folder's lock; try again later. */
#define BATCH_EX_TEMPFAIL 75

struct batch_opts {
	const char *config_path;
	const char *monthly;       /* "2018-01..2018-12" (or one month) */
	int jobs;                  /* worker processes, >= 1 */
	int force;                 /* redo reports that are up to date */
	const char *out_dir;
	const char *template_name; /* NULL: "lagesbild" when templates/lagesbild.xml exists,
				    * else the default */
	const char *baseline;      /* NULL: previous-year */
	int per_department;
	int html;                  /* every PDF also as HTML (report_opts.html) */
	const char *mail_dir, *mail_from;
	const char *summary_path;  /* JSON summary, written even when reports fail */
	int quiet, verbose;
	int progress;              /* a progress bar on stderr (the caller checks isatty) */
};

/* Runs the batch and returns the exit code: 0 all written or up to date; 1 some reports
 * failed (the others were written); the failures' common code when every report failed
 * (e.g. 73); 75 when another run holds the lock; 64/66/78 as for `trygg report`. Prints
 * its own errors and progress to stderr; d is scratch space. */
int batch_run(const struct batch_opts *o, struct diag *d);

/* Parses FROM..TO (YYYY-MM..YYYY-MM, or one YYYY-MM) into month numbers year*12+month-1.
 * Errors: DIAG_EX_USAGE. */
int batch_parse_monthly(const char *s, int *from, int *to, struct diag *d);

/* Creates dir, takes its lock (flock on dir/.trygg.lock, never waiting) and removes the
 * temporary files a killed run left there (.trygg-tmp-*), which only the lock holder may do.
 * Returns the lock's descriptor (kept open for the run; closing it releases the lock), or -1
 * with d->code DIAG_EX_CANTCREAT (the folder or lock cannot be created) or BATCH_EX_TEMPFAIL
 * (another run holds it). *cleaned (if not NULL) receives how many files were removed. */
int batch_lock_dir(const char *dir, int *cleaned, struct diag *d);

/* The digest of everything the report for cur (with baseline base, may be NULL) is made of:
 * program version, options, configuration, profiles, template, fonts, SOURCE_DATE_EPOCH,
 * what the data-quality appendix shows, and the records that fall in the report's data
 * window — cur and base, and the 12 months before cur when the template has a block by
 * month or of a "trend" type (conservative: such a block may read less). A changed row outside the window leaves the digest alone, so a batch
 * redoes exactly the months whose data changed. */
void batch_digest(const struct report_ctx *ctx, const struct report_opts *ro,
		  const struct period *cur, const struct period *base, char hex[65]);

#endif
