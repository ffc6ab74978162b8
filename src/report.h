/* report.h - one report from configuration to PDF file: the pipeline's driver, used by
 * `trygg report` and by the batch runner; also the department versions, their manifest and
 * the ready-to-send mail files.
 *
 * Ownership: functions borrow their arguments. A struct report_ctx owns what it loaded
 * (report_ctx_free); a struct report_result owns its strings (report_result_free). */
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
	const char *lang;      /* "sv" or "en"; NULL: the configuration's language */
	const char *dump_path; /* write the page model as text here too (golden tests) */
	const char *tree_dump_path; /* and the document tree (compose_dump) here */
	int strict;
	int quiet;
	int vector_charts;
	const char *charts_dir; /* not NULL: every chart also as DIR/NN-slug.png and .svg */
	int html;               /* every PDF also as NAME.html beside it (html.h) */
	/* Department versions: one PDF per department (compose_input.department) beside the whole
	 * report, listed in a manifest. */
	int per_department;
	const char *manifest_name; /* NULL: "manifest.csv" */
	const char *mail_dir;      /* not NULL: one RFC 5322 message per department head here */
	const char *mail_from;     /* sender address; NULL: "trygg@<kommun>.invalid" */
};

/* What every report of a run is made of, loaded once. The batch runner loads it in the
 * parent; its worker processes inherit it through fork(). */
struct report_ctx {
	struct config *cfg;
	struct rec_store *store;
	struct template *tpl;
	struct fonts *fonts;
	char *tpl_file; /* the template's path */
	unsigned char *logo_rgb; /* the configuration's logo decoded (packed RGB), or NULL */
	int logo_w, logo_h;
	long problems;  /* rows or files rejected */
};

/* One file a report run wrote. */
struct report_file {
	char *path;
	int department; /* index into cfg->departments; -1 for the whole report */
	int pages;      /* 0 for files that are not PDFs (manifest, mail, HTML) */
	int html;       /* 1: the HTML version of the PDF listed before it */
	size_t bytes;
	char sha256[65]; /* "" when the result's no_sha256 spared it (not a department version) */
};

struct report_result {
	struct report_file *files; /* the whole report first (its HTML version after it), then
				    * department versions (each with its HTML and mail file),
				    * then the manifest */
	size_t n_files, cap_files;
	char period[64]; /* the canonical period id, "2018-07" */
	int no_sha256;   /* set by a caller that reads no file's sha256: only the department
			  * versions (the manifest lists them) are hashed */
};

/* Loads the configuration and checks o->period (when set) before the slower steps: template,
 * fonts, sources. Warnings for unusable sources go to stderr unless o->quiet; with o->strict
 * any rejected row is an error (DIAG_EX_DATAERR). */
int report_ctx_load(const struct report_opts *o, struct report_ctx *ctx, struct diag *d);
void report_ctx_free(struct report_ctx *ctx);

/* Builds and writes the report for o->period (and the department versions, manifest and mail
 * files that o asks for), every file atomically. res (if not NULL) lists what was written;
 * the caller frees it with report_result_free() even on failure. */
int report_write(const struct report_ctx *ctx, const struct report_opts *o,
		 struct report_result *res, struct diag *d);
void report_result_free(struct report_result *res);

/* Runs the whole pipeline and writes the PDF atomically. On success *written (if not NULL)
 * receives the output path (caller frees). Errors carry the exit code in d->code. */
int report_run(const struct report_opts *o, char **written, struct diag *d);

/* Prints "FILE[:LINE]: LEVEL: file not used: why" for a source that failed, control
 * characters escaped. */
void report_print_failure(FILE *fp, const struct rec_source_stats *st, const char *level);
/* Warns on log about every source that could not be used (always: -q silences progress,
 * not problems) and, unless quiet, every source that lost rows. Returns the number of
 * rejected rows plus failed files. */
long report_warn_sources(const struct rec_store *s, FILE *log, int quiet);
/* What --strict makes of a loaded store: 66 (DIAG_EX_NOINPUT) when an export could not be
 * used, else 65 when rows were rejected, else 0. */
int report_strict_check(const struct rec_store *s, const char *config_path, struct diag *d);

/* Loads configuration and every source into a new store; prints warnings for unusable
 * sources to `log` (if not NULL). The caller frees both. */
int report_load(const char *config_path, struct config **cfg, struct rec_store **store,
		FILE *log, struct diag *d);

/* Output file name from the configuration's pattern ({kommun}, {period}), made safe: ASCII
 * letters, digits, '-', '_' and '.', no leading dot, never a path separator. Caller frees. */
char *report_file_name(const struct config *cfg, const char *period_id);

/* mkdir -p; -1 with errno. */
int report_make_dirs(const char *dir);
/* report_make_dirs(), and on failure d (73): "cannot create the WHAT folder: why — give
 * OPTION a folder that can be created and written to". */
int report_make_dirs_for(const char *dir, const char *what, const char *option, struct diag *d);

/* A department's name as one safe ASCII word for file names: folded (å→a, ö→o, é→e …),
 * lower case, every run of other characters one '-', trimmed; never empty, never "." or
 * "..", never a path separator. "Kultur & fritid/Bibliotek" → "kultur-fritid-bibliotek".
 * Caller frees. */
char *report_safe_word(const char *name);

/* File names of the department versions of the report named report_name ("bjuv-2018-07.pdf"
 * → "bjuv-2018-07-fastighetsavdelningen.pdf"), one per department in configuration order,
 * distinct even when two names fold alike. Caller frees each and the array. */
char **report_department_files(const struct config *cfg, const char *report_name);

/* One CSV cell for Excel (semicolon-separated): quoted when it holds ';', '"' or a line end,
 * and with a "'" in front when it starts with = + - @ (a formula otherwise). */
void report_csv_cell(struct sbuf *b, const char *v);

#endif
