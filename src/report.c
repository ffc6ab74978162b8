/* report.c - drives one report through the pipeline: configuration, sources, period and
 * baseline, template, fonts, layout, PDF, atomic write. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aggregate.h"
#include "font.h"
#include "layout.h"
#include "normalize.h"
#include "pdf.h"
#include "template.h"
#include "util.h"

/* One warning per source that was not used or lost rows: the coordinator sees it even when
 * the report is written. */
static long warn_sources(const struct rec_store *s, FILE *log)
{
	long problems = 0;
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct rec_source_stats *st = &s->sources[i];
		problems += st->rejected + st->failed;
		if (!log)
			continue;
		if (st->failed)
			fprintf(log, "%s: warning: source not used\n", st->failure);
		else if (st->rejected)
			fprintf(log, "%s: warning: %ld of %ld rows rejected (run 'trygg check' for the list)\n",
				st->file, st->rejected, st->read);
	}
	return problems;
}

int report_load(const char *config_path, struct config **cfg, struct rec_store **store,
		FILE *log, struct diag *d)
{
	*store = NULL;
	if (config_load(config_path, cfg, d) < 0)
		return -1;
	*store = rec_store_new();
	if (norm_load_sources(*cfg, *store, d) < 0) {
		rec_store_free(*store);
		config_free(*cfg);
		*store = NULL;
		*cfg = NULL;
		return -1;
	}
	if (log)
		warn_sources(*store, log);
	return 0;
}

char *report_file_name(const struct config *cfg, const char *period_id)
{
	const char *pattern = cfg->output && cfg->output[0] ? cfg->output : "{kommun}-{period}.pdf";
	struct sbuf b = {0};
	for (const char *p = pattern; *p;) {
		if (strncmp(p, "{period}", 8) == 0) {
			sbuf_add(&b, period_id);
			p += 8;
		} else if (strncmp(p, "{kommun}", 8) == 0) {
			char *f = util_fold(cfg->municipality);
			sbuf_add(&b, f);
			free(f);
			p += 8;
		} else {
			sbuf_addc(&b, *p++);
		}
	}
	/* make it one safe ASCII file name */
	char *s = sbuf_take(&b);
	for (char *q = s; *q; q++) {
		unsigned char ch = (unsigned char)*q;
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok || (ch == '.' && q[1] == '.'))
			*q = '_';
	}
	if (s[0] == '.' || s[0] == '\0') {
		char *t = xasprintf("report%s", s);
		free(s);
		s = t;
	}
	return s;
}

/* mkdir -p for the output folder. */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	int rc = mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

int report_run(const struct report_opts *o, char **written, struct diag *d)
{
	struct config *cfg = NULL;
	struct rec_store *store = NULL;
	struct template *tpl = NULL;
	struct fonts *fonts = NULL;
	struct lay_doc *doc = NULL;
	unsigned char *pdf = NULL;
	size_t pdf_len = 0;
	char *tpl_file = NULL, *fonts_dir = NULL, *name = NULL, *path = NULL;
	int rc = -1;
	struct period cur, base;
	int has_base;

	if (config_load(o->config_path, &cfg, d) < 0)
		goto fail;
	if (agg_parse_period(o->period, cfg, &cur, d) < 0)
		goto fail;
	has_base = agg_parse_baseline(o->baseline, &cur, cfg, &base, d);
	if (has_base < 0)
		goto fail;
	tpl_file = tpl_path(o->template_name ? o->template_name : "uppfoljning");
	if (tpl_load(tpl_file, &tpl, d) < 0)
		goto fail;
	fonts_dir = util_data_dir("fonts");
	if (font_load(fonts_dir, cfg->font_regular, cfg->font_bold, &fonts, d) < 0)
		goto fail;

	store = rec_store_new();
	if (norm_load_sources(cfg, store, d) < 0)
		goto fail;
	long problems = warn_sources(store, o->quiet ? NULL : stderr);
	if (o->strict && problems) {
		diag_set(d, DIAG_EX_DATAERR, o->config_path, 0, 0,
			 "--strict: %ld rows or files were rejected; run 'trygg check -c %s' to see them",
			 problems, o->config_path);
		goto fail;
	}

	struct lay_input in = {
		.cfg = cfg,
		.store = store,
		.tpl = tpl,
		.fonts = fonts,
		.cur = &cur,
		.base = has_base == 0 ? &base : NULL,
	};
	doc = lay_build_report(&in);
	if (o->dump_path) {
		FILE *fp = fopen(o->dump_path, "w");
		if (!fp) {
			diag_set(d, DIAG_EX_CANTCREAT, o->dump_path, 0, 0, "cannot write: %s",
				 strerror(errno));
			goto fail;
		}
		lay_dump(doc, fp);
		fclose(fp);
	}
	struct pdf_options popt = {.chart_dpi = 200, .vector_charts = o->vector_charts};
	if (pdf_render(doc, fonts, &popt, &pdf, &pdf_len, d) < 0)
		goto fail;

	const char *dir = o->out_dir && o->out_dir[0] ? o->out_dir : ".";
	if (make_dirs(dir) < 0) {
		diag_set(d, DIAG_EX_CANTCREAT, dir, 0, 0,
			 "cannot create the output folder: %s", strerror(errno));
		goto fail;
	}
	name = report_file_name(cfg, cur.id);
	path = util_path_join(dir, name);
	if (util_write_atomic(path, pdf, pdf_len) < 0) {
		diag_set(d, DIAG_EX_CANTCREAT, path, 0, 0,
			 "cannot write the report: %s (the previous file, if any, is unchanged)",
			 strerror(errno));
		goto fail;
	}
	if (written) {
		*written = path;
		path = NULL;
	}
	rc = 0;
fail:
	free(pdf);
	lay_doc_free(doc);
	font_free(fonts);
	tpl_free(tpl);
	rec_store_free(store);
	config_free(cfg);
	free(tpl_file);
	free(fonts_dir);
	free(name);
	free(path);
	return rc;
}
