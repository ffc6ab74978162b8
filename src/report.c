/* report.c - drives one report through the pipeline: configuration, sources, period and
 * baseline, template, fonts, layout, PDF, atomic write; the department versions with their
 * manifest and mail files. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aggregate.h"
#include "compose.h"
#include "disclose.h"
#include "font.h"
#include "html.h"
#include "layout.h"
#include "mail.h"
#include "normalize.h"
#include "paint.h"
#include "pdf.h"
#include "sha256.h"
#include "template.h"
#include "timing.h"
#include "util.h"

void report_print_failure(FILE *fp, const struct rec_source_stats *st, const char *level)
{
	size_t at = st->failure_at <= strlen(st->failure) ? st->failure_at : 0;
	char *where = xstrndup(st->failure, at);
	const char *why = st->failure + at;
	while (*why == ':' || *why == ' ')
		why++;
	char *w = util_escape_ctl(where[0] ? where : st->file), *m = util_escape_ctl(why);
	fprintf(fp, "%s: %s: file not used: %s\n", w, level, m);
	free(w);
	free(m);
	free(where);
}

long report_warn_sources(const struct rec_store *s, FILE *log, int quiet)
{
	long problems = 0;
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct rec_source_stats *st = &s->sources[i];
		problems += st->rejected + st->failed;
		if (!log)
			continue;
		if (st->failed) {
			report_print_failure(log, st, "warning");
		} else if (st->rejected && !quiet) {
			char *f = util_escape_ctl(st->file);
			fprintf(log, "%s: warning: %ld of %ld rows rejected — run 'trygg check' for the "
				"list\n", f, st->rejected, st->read);
			free(f);
		}
	}
	return problems;
}

int report_strict_check(const struct rec_store *s, const char *config_path, struct diag *d)
{
	long failed = 0, problems = 0;
	for (size_t i = 0; i < s->n_sources; i++) {
		failed += s->sources[i].failed;
		problems += s->sources[i].rejected + s->sources[i].failed;
	}
	if (failed)
		return diag_set(d, DIAG_EX_NOINPUT, config_path, 0, 0,
				"--strict: %ld export%s could not be used — run 'trygg check -c %s' "
				"to see why", failed, failed == 1 ? "" : "s", config_path);
	if (problems)
		return diag_set(d, DIAG_EX_DATAERR, config_path, 0, 0,
				"--strict: %ld rows were rejected — run 'trygg check -c %s' to see "
				"them", problems, config_path);
	return 0;
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
		report_warn_sources(*store, log, 0);
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

/* ---- department versions: names, manifest, mail ---- */

char *report_safe_word(const char *name)
{
	char *f = util_fold(name ? name : "");
	struct sbuf b = {0};
	int dash = 0;
	for (const char *p = f; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && b.len)
				sbuf_addc(&b, '-');
			dash = 0;
			sbuf_addc(&b, (char)ch);
		} else {
			/* separators, dots, '&', '/', and what folding left outside ASCII */
			dash = 1;
		}
	}
	free(f);
	if (b.len == 0)
		sbuf_add(&b, "avdelning");
	return sbuf_take(&b);
}

char **report_department_files(const struct config *cfg, const char *report_name)
{
	char **out = xcalloc(cfg->n_departments ? cfg->n_departments : 1, sizeof(char *));
	const char *dot = strrchr(report_name, '.');
	size_t stem = dot && dot != report_name ? (size_t)(dot - report_name) : strlen(report_name);
	const char *ext = dot && dot != report_name ? dot : ".pdf";
	for (size_t i = 0; i < cfg->n_departments; i++) {
		char *w = report_safe_word(cfg->departments[i].name);
		out[i] = xasprintf("%.*s-%s%s", (int)stem, report_name, w, ext);
		/* two names that fold alike must not overwrite each other's file; the suffix
		 * counts on when a suffixed name is taken too ("A 3", "A", "a") */
		size_t suffix = i + 1;
		for (size_t k = 0; k < i; k++) {
			if (strcmp(out[k], out[i]) == 0) {
				free(out[i]);
				out[i] = xasprintf("%.*s-%s-%zu%s", (int)stem, report_name, w, suffix++,
						   ext);
				k = (size_t)-1; /* check the new name against all again */
			}
		}
		free(w);
	}
	return out;
}

void report_csv_cell(struct sbuf *b, const char *v)
{
	int quote = strpbrk(v, ";\"\r\n") != NULL;
	if (quote)
		sbuf_addc(b, '"');
	if (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
	    v[0] == '\r')
		sbuf_addc(b, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	if (quote)
		sbuf_addc(b, '"');
}

static struct report_file *add_file(struct report_result *res, const char *path, int department,
				    int pages, const void *data, size_t len)
{
	res->files = xgrow(res->files, &res->cap_files, res->n_files, sizeof(*res->files));
	struct report_file *f = &res->files[res->n_files++];
	f->path = xstrdup(path);
	f->department = department;
	f->pages = pages;
	f->html = 0;
	f->bytes = len;
	/* a department version's hash goes into the manifest; the others only to a caller
	 * that reads them (hashing a large report costs as much as composing a small one) */
	if (!res->no_sha256 || (department >= 0 && pages > 0))
		sha256_hex_of(data, len, f->sha256);
	else
		f->sha256[0] = '\0';
	return f;
}

void report_result_free(struct report_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_files; i++)
		free(res->files[i].path);
	free(res->files);
	res->files = NULL;
	res->n_files = res->cap_files = 0;
}

int report_make_dirs(const char *dir)
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

int report_make_dirs_for(const char *dir, const char *what, const char *option, struct diag *d)
{
	if (report_make_dirs(dir) == 0)
		return 0;
	return diag_set(d, DIAG_EX_CANTCREAT, dir, 0, 0,
			"cannot create the %s folder: %s — give %s a folder that can be created "
			"and written to",
			what, strerror(errno), option);
}

static int write_file(const char *path, const void *data, size_t len, const char *what,
		      struct diag *d)
{
	if (util_write_atomic(path, data, len) == 0)
		return 0;
	return diag_set(d, DIAG_EX_CANTCREAT, path, 0, 0,
			"cannot write the %s: %s (the previous file, if any, is unchanged)", what,
			strerror(errno));
}

/* The mail's Date: SOURCE_DATE_EPOCH when set (as for the PDF), else midnight UTC after the
 * period's last day, the earliest the report can be sent. Never the clock: the same inputs
 * give the same message. */
static int64_t mail_epoch(const struct period *cur)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && v >= 0)
			return (int64_t)v;
	}
	return ((int64_t)cur->last + 1) * 86400;
}

static char *mail_from_addr(const struct config *cfg, const char *given)
{
	if (given && given[0])
		return xstrdup(given);
	/* .invalid (RFC 6761) can never be delivered to by mistake; the municipality's mail
	 * system sets its own sender, or --mail-from names one */
	char *w = report_safe_word(cfg->municipality);
	char *a = xasprintf("trygg@%s.invalid", w);
	free(w);
	return a;
}

static int write_mail(const struct config *cfg, const struct report_opts *o,
		      const struct period *cur, const struct cfg_department *dep,
		      const char *pdf_name, const unsigned char *pdf, size_t pdf_len,
		      struct report_result *res, struct diag *d)
{
	if (!dep->email || !dep->email[0])
		return 0; /* no address, nothing to send; the manifest still lists the PDF */
	char *from = mail_from_addr(cfg, o->mail_from);
	char *subject = xasprintf("Trygghetsrapport %s – %s (%s)", cur->label_sv, dep->name,
				  cfg->municipality);
	char *body = xasprintf(
		"Hej %s,\n\n"
		"Här kommer trygghetsrapporten för %s i versionen för %s (%s).\n"
		"Rapporten bygger på förvaltningarnas egna underlag. Små antal (1–%d) visas\n"
		"som \"<%d\" så att ingen enskild person kan pekas ut.\n\n"
		"Frågor om rapporten besvaras av trygghetssamordnaren.\n\n"
		"Med vänliga hälsningar\n%s\n",
		dep->head && dep->head[0] ? dep->head : dep->name, cur->label_sv, dep->name,
		cfg->municipality, cfg->small_count_threshold - 1, cfg->small_count_threshold,
		cfg->author && cfg->author[0] ? cfg->author : "trygg");
	struct mail_msg m = {
		.from_name = cfg->author && cfg->author[0] ? cfg->author : "trygg",
		.from_addr = from,
		.to_name = dep->head,
		.to_addr = dep->email,
		.subject = subject,
		.date = mail_epoch(cur),
		.body = body,
		.attachment_name = pdf_name,
		.attachment = pdf,
		.attachment_len = pdf_len,
	};
	struct sbuf msg = {0};
	if (mail_build(&msg, &m) < 0) {
		/* the CLI and config_load refuse such addresses already; this is the last guard */
		diag_set(d, DIAG_EX_CONFIG, cfg->path, 0, 0,
			 "department '%s': '%s' or '%s' is not an e-mail address — write one "
			 "such as name@kommun.se", dep->name, from, dep->email);
		sbuf_free(&msg);
		free(body);
		free(subject);
		free(from);
		return -1;
	}
	const char *dot = strrchr(pdf_name, '.');
	char *name = xasprintf("%.*s.eml", (int)(dot ? (size_t)(dot - pdf_name) : strlen(pdf_name)),
			       pdf_name);
	char *path = util_path_join(o->mail_dir, name);
	int rc = write_file(path, msg.data, msg.len, "mail file", d);
	if (rc == 0)
		add_file(res, path, (int)(dep - cfg->departments), 0, msg.data, msg.len);
	free(path);
	free(name);
	sbuf_free(&msg);
	free(body);
	free(subject);
	free(from);
	return rc;
}

/* manifest.csv for the distribution step: UTF-8 with BOM and semicolons (what Swedish Excel
 * opens without asking), CRLF, one line per department version. */
static int write_manifest(const struct config *cfg, const struct report_opts *o,
			  const char *dir, const struct period *cur, struct report_result *res,
			  struct diag *d)
{
	struct sbuf b = {0};
	sbuf_add(&b, "\xEF\xBB\xBF" "file;department;head;email;period;pages;bytes;sha256\r\n");
	for (size_t i = 0; i < res->n_files; i++) {
		const struct report_file *f = &res->files[i];
		if (f->department < 0 || f->pages == 0)
			continue;
		const struct cfg_department *dep = &cfg->departments[f->department];
		const char *base = strrchr(f->path, '/');
		const char *cells[] = {base ? base + 1 : f->path, dep->name,
				       dep->head ? dep->head : "", dep->email ? dep->email : "",
				       cur->id};
		for (size_t k = 0; k < sizeof(cells) / sizeof(cells[0]); k++) {
			report_csv_cell(&b, cells[k]);
			sbuf_addc(&b, ';');
		}
		sbuf_printf(&b, "%d;%zu;%s\r\n", f->pages, f->bytes, f->sha256);
	}
	char *path = util_path_join(dir, o->manifest_name ? o->manifest_name : "manifest.csv");
	int rc = write_file(path, b.data, b.len, "manifest", d);
	if (rc == 0)
		add_file(res, path, -1, 0, b.data, b.len);
	free(path);
	sbuf_free(&b);
	return rc;
}

/* ---- one name per file ---- */

struct out_name {
	char *path;
	char *what;
};

static void add_name(struct out_name **v, size_t *n, size_t *cap, const char *dir,
		     const char *name, char *what)
{
	*v = xgrow(*v, cap, *n, sizeof(**v));
	(*v)[*n].path = util_path_join(dir, name);
	(*v)[(*n)++].what = what;
}

/* Every file a run will write has its own name: otherwise the manifest (or a mail file, or
 * a department version) silently replaces the report written a moment before. Folders are
 * compared as real paths, so "out" and "./out/" are one folder. */
static int check_names(const struct config *cfg, const struct report_opts *o, const char *dir,
		       const char *name, char **dep_files, struct diag *d)
{
	struct out_name *v = NULL;
	size_t n = 0, cap = 0;
	char *rdir = realpath(dir, NULL);
	char *rmail = o->mail_dir ? realpath(o->mail_dir, NULL) : NULL;
	const char *od = rdir ? rdir : dir, *md = rmail ? rmail : o->mail_dir;
	add_name(&v, &n, &cap, od, name, xstrdup("the report"));
	if (o->html) {
		char *hn = html_file_name(name);
		add_name(&v, &n, &cap, od, hn, xstrdup("the report's HTML version"));
		free(hn);
	}
	if (o->per_department) {
		for (size_t i = 0; i < cfg->n_departments; i++) {
			const struct cfg_department *dep = &cfg->departments[i];
			add_name(&v, &n, &cap, od, dep_files[i],
				 xasprintf("the version for department '%s'", dep->name));
			if (o->html) {
				char *hn = html_file_name(dep_files[i]);
				add_name(&v, &n, &cap, od, hn,
					 xasprintf("the HTML version for department '%s'", dep->name));
				free(hn);
			}
			if (!o->mail_dir || !dep->email || !dep->email[0])
				continue;
			const char *dot = strrchr(dep_files[i], '.');
			char *eml = xasprintf("%.*s.eml", (int)(dot ? (size_t)(dot - dep_files[i])
								 : strlen(dep_files[i])), dep_files[i]);
			add_name(&v, &n, &cap, md, eml,
				 xasprintf("the mail file for department '%s'", dep->name));
			free(eml);
		}
		add_name(&v, &n, &cap, od, o->manifest_name ? o->manifest_name : "manifest.csv",
			 xstrdup("the manifest"));
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		for (size_t k = i + 1; k < n && rc == 0; k++)
			if (strcmp(v[i].path, v[k].path) == 0)
				rc = diag_set(d, DIAG_EX_CONFIG, cfg->path, 0, 0,
					      "%s and %s would both be written to %s — give "
					      "<report output=\"…\"> a name of its own (e.g. "
					      "{kommun}-{period}.pdf), or another --mail-dir",
					      v[i].what, v[k].what, v[i].path);
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].what);
	}
	free(v);
	free(rdir);
	free(rmail);
	return rc;
}

/* ---- the pipeline ---- */

/* Decodes the logo early, before the slow steps; a bad image is the configuration's error
 * (exit 78) at its line, with what is wrong with the file. */
static int load_logo(struct report_ctx *ctx, struct diag *d)
{
	struct diag sub = {0};
	if (paint_load_png(ctx->cfg->logo, &ctx->logo_rgb, &ctx->logo_w, &ctx->logo_h, &sub) == 0)
		return 0;
	return diag_set(d, DIAG_EX_CONFIG, ctx->cfg->path, ctx->cfg->logo_line, 0,
			"logo '%s': %s; give logo=\"…\" a PNG file", ctx->cfg->logo, sub.msg);
}

int report_ctx_load(const struct report_opts *o, struct report_ctx *ctx, struct diag *d)
{
	memset(ctx, 0, sizeof(*ctx));
	char *fonts_dir = NULL;
	struct font_loading *loading = NULL;
	timing_start();
	/* fontconfig sets itself up while the configuration and the template are read */
	struct font_finder *finder = font_finder_start();
	if (config_load(o->config_path, &ctx->cfg, d) < 0)
		goto fail;
	if (o->period) {
		/* a mistyped period or baseline is reported before the slow steps */
		struct period p, b;
		if (period_parse(o->period, ctx->cfg, &p, d) < 0 ||
		    period_parse_baseline(o->baseline, &p, ctx->cfg, &b, d) < 0)
			goto fail;
	}
	if (ctx->cfg->logo && load_logo(ctx, d) < 0)
		goto fail;
	ctx->tpl_file = tpl_path(o->template_name ? o->template_name : "uppfoljning");
	if (tpl_load(ctx->tpl_file, &ctx->tpl, d) < 0)
		goto fail;
	if (tpl_check_config(ctx->tpl, ctx->cfg, d) < 0)
		goto fail;
	/* the fonts are found and checked on a thread while the exports are read: a font
	 * problem is reported after the read, before anything is written (doc/architecture.md) */
	fonts_dir = util_data_dir("fonts");
	loading = font_load_begin(finder, fonts_dir, ctx->cfg->font_regular, ctx->cfg->font_bold,
				  ctx->cfg->path, ctx->cfg->report_line);

	ctx->store = rec_store_new();
	timing_mark("setup");
	int loaded = norm_load_sources(ctx->cfg, ctx->store, d);
	struct diag font_d = {0};
	int fonts_rc = font_load_end(loading, &ctx->fonts, &font_d);
	loading = NULL;
	free(fonts_dir);
	fonts_dir = NULL;
	font_finder_free(finder);
	finder = NULL;
	timing_mark("fonts-wait");
	if (loaded < 0)
		goto fail;
	if (fonts_rc < 0) {
		if (d)
			*d = font_d;
		goto fail;
	}
	/* -q silences progress, not problems: an export that could not be used is always
	 * named (the report would silently lack a department's data otherwise) */
	ctx->problems = report_warn_sources(ctx->store, stderr, o->quiet);
	if (o->strict && report_strict_check(ctx->store, o->config_path, d) < 0)
		goto fail;
	return 0;
fail:
	if (loading) {
		struct fonts *unused = NULL;
		font_load_end(loading, &unused, NULL);
		font_free(unused);
	}
	font_finder_free(finder);
	free(fonts_dir);
	report_ctx_free(ctx);
	return -1;
}

void report_ctx_free(struct report_ctx *ctx)
{
	if (!ctx)
		return;
	font_free(ctx->fonts);
	tpl_free(ctx->tpl);
	rec_store_free(ctx->store);
	config_free(ctx->cfg);
	free(ctx->tpl_file);
	free(ctx->logo_rgb);
	memset(ctx, 0, sizeof(*ctx));
}

static struct doc *compose_version(const struct report_ctx *ctx, const struct report_opts *o,
				   const struct period *cur, const struct period *base,
				   const struct cfg_department *department,
				   const struct disclose_set *withhold, struct compose_tables *tables)
{
	struct compose_input in = {
		.cfg = ctx->cfg,
		.store = ctx->store,
		.tpl = ctx->tpl,
		.fonts = ctx->fonts,
		.cur = cur,
		.base = base,
		.department = department,
		.lang = o->lang ? o->lang : ctx->cfg->language,
		.logo_rgb = ctx->logo_rgb,
		.logo_w = ctx->logo_w,
		.logo_h = ctx->logo_h,
		.withhold = withhold,
		.tables = tables,
	};
	return compose_report(&in);
}

/* The trees of everything the run publishes together: [0] the whole report, [1 + i]
 * department i's version — composed whether or not the versions are written, so that the
 * board's report is the same either way — then the disclosure pass over all of them
 * (disclose.h) and, when it withholds further counts, the trees once more with them. */
static int compose_all(const struct report_ctx *ctx, const struct report_opts *o,
		       const struct period *cur, const struct period *base, struct doc **trees,
		       struct diag *d)
{
	const struct config *cfg = ctx->cfg;
	size_t nt = 1 + cfg->n_departments;
	struct disclose_set set = {0};
	/* the versions share their group-by tables: each department's version repeats the
	 * municipality-wide ones, and the whole report has each department's */
	struct compose_tables *tables = compose_tables_new();
	timing_start();
	for (size_t i = 0; i < nt; i++)
		trees[i] = compose_version(ctx, o, cur, base, i ? &cfg->departments[i - 1] : NULL,
					   NULL, tables);
	compose_tables_free(tables);
	timing_mark("compose");
	long added = disclose_run(trees, nt, cfg->small_count_threshold, &set, NULL);
	timing_mark("disclose");
	if (added < 0) {
		disclose_set_free(&set);
		return diag_set(d, DIAG_EX_SOFTWARE, cfg->path, 0, 0,
				"the disclosure audit's linear program failed; nothing was "
				"written (please report this)");
	}
	if (added > 0) {
		tables = compose_tables_new();
		for (size_t i = 0; i < nt; i++) {
			compose_free(trees[i]);
			trees[i] = compose_version(ctx, o, cur, base,
						   i ? &cfg->departments[i - 1] : NULL, &set, tables);
		}
		compose_tables_free(tables);
	}
	timing_mark("compose-again");
	disclose_set_free(&set);
	return 0;
}

/* Lays out and renders one version's tree; its HTML too when html is not NULL; the tree as
 * text to tree_dump_path when that is not NULL. prep (pdf.h) is taken over. */
static int render(const struct report_ctx *ctx, const struct report_opts *o,
		  const struct doc *tree, int department, const char *dump_path,
		  const char *tree_dump_path, struct pdf_prep *prep, unsigned char **pdf,
		  size_t *pdf_len, int *pages, struct sbuf *html, struct diag *d)
{
	timing_start();
	struct lay_doc *doc = lay_build_report(tree, ctx->fonts);
	timing_mark("layout");
	int rc = -1;
	if (tree_dump_path) {
		FILE *fp = fopen(tree_dump_path, "w");
		if (!fp) {
			diag_set(d, DIAG_EX_CANTCREAT, tree_dump_path, 0, 0, "cannot write: %s",
				 strerror(errno));
			goto out;
		}
		compose_dump(tree, fp);
		fclose(fp);
	}
	if (dump_path) {
		FILE *fp = fopen(dump_path, "w");
		if (!fp) {
			diag_set(d, DIAG_EX_CANTCREAT, dump_path, 0, 0, "cannot write: %s",
				 strerror(errno));
			goto out;
		}
		lay_dump(doc, fp);
		fclose(fp);
	}
	/* --charts-dir (charts, issue 5): every chart of the whole report also as
	 * DIR/NN-slug.png and .svg, numbered in reading order. */
	if (o->charts_dir && department < 0) {
		int n = 0;
		if (report_make_dirs_for(o->charts_dir, "charts", "--charts-dir", d) < 0)
			goto out;
		for (size_t pg = 0; pg < doc->n_pages; pg++)
			for (size_t k = 0; k < doc->pages[pg].n_items; k++) {
				const struct lay_item *it = &doc->pages[pg].items[k];
				if (it->kind == LAY_CHART && it->chart &&
				    paint_chart_files(it->chart, ctx->fonts, 200, o->charts_dir, ++n,
						      d) < 0)
					goto out;
			}
	}
	struct pdf_options popt = {.chart_dpi = 200, .vector_charts = o->vector_charts,
				   .prep = prep};
	prep = NULL;
	if (pdf_render(doc, ctx->fonts, &popt, pdf, pdf_len, d) < 0)
		goto out;
	timing_mark("pdf");
	/* --html: the same tree, written by html.c */
	if (html) {
		if (html_render(tree, ctx->fonts, html, d) < 0)
			goto out;
		timing_mark("html");
	}
	*pages = (int)doc->n_pages;
	rc = 0;
out:
	pdf_prep_free(prep);
	lay_doc_free(doc);
	return rc;
}

/* DIR/NAME.tree for the PDF pdf_name ("bjuv-2018-07.pdf" → DIR/bjuv-2018-07.tree). */
static char *tree_file(const char *dir, const char *pdf_name)
{
	const char *dot = strrchr(pdf_name, '.');
	char *base = xasprintf("%.*s.tree", (int)(dot ? (size_t)(dot - pdf_name)
						   : strlen(pdf_name)), pdf_name);
	char *path = util_path_join(dir, base);
	free(base);
	return path;
}

/* The HTML version beside the PDF pdf_name in dir; html is emptied for the next one. */
static int write_html(const char *dir, const char *pdf_name, int department, struct sbuf *html,
		      struct report_result *res, struct diag *d)
{
	char *name = html_file_name(pdf_name);
	char *path = util_path_join(dir, name);
	int rc = write_file(path, html->data, html->len, "HTML version", d);
	if (rc == 0)
		add_file(res, path, department, 0, html->data, html->len)->html = 1;
	free(path);
	free(name);
	sbuf_reset(html);
	return rc;
}

int report_write(const struct report_ctx *ctx, const struct report_opts *o,
		 struct report_result *res, struct diag *d)
{
	const struct config *cfg = ctx->cfg;
	struct report_result own = {.no_sha256 = 1};
	unsigned char *pdf = NULL;
	size_t pdf_len = 0;
	struct sbuf html = {0};
	char *name = NULL, *path = NULL, *tree_path = NULL, **dep_files = NULL;
	struct doc **trees = NULL;
	struct pdf_prep *prep = NULL;
	int rc = -1, pages = 0;
	struct period cur, base;
	int has_base;

	if (!res)
		res = &own;
	if (period_parse(o->period, cfg, &cur, d) < 0)
		goto fail;
	snprintf(res->period, sizeof(res->period), "%s", cur.id);
	has_base = period_parse_baseline(o->baseline, &cur, cfg, &base, d);
	if (has_base < 0)
		goto fail;

	const char *dir = o->out_dir && o->out_dir[0] ? o->out_dir : ".";
	if (report_make_dirs_for(dir, "output", "-o", d) < 0 ||
	    (o->mail_dir && report_make_dirs_for(o->mail_dir, "mail", "--mail-dir", d) < 0))
		goto fail;

	name = report_file_name(cfg, cur.id);
	if (o->per_department)
		dep_files = report_department_files(cfg, name);
	if (check_names(cfg, o, dir, name, dep_files, d) < 0)
		goto fail;
	/* --dump-tree DIR (an existing folder): every version's tree as DIR/NAME.tree, NAME
	 * its PDF's name without ".pdf" — what one run publishes, for tests/audit/audit.py */
	struct stat st;
	int tree_dir = o->tree_dump_path && stat(o->tree_dump_path, &st) == 0 &&
		       S_ISDIR(st.st_mode);
	tree_path = tree_dir ? tree_file(o->tree_dump_path, name)
		    : o->tree_dump_path ? xstrdup(o->tree_dump_path) : NULL;
	trees = xcalloc(1 + cfg->n_departments, sizeof(*trees));
	/* the PDF's fonts are set up on a thread while the trees are composed */
	prep = pdf_prep_start(ctx->fonts);
	if (compose_all(ctx, o, &cur, has_base == 0 ? &base : NULL, trees, d) < 0)
		goto fail;
	/* the department versions' trees served the disclosure pass; unless they are written,
	 * their memory is the layout's and the PDF's (fresh pages cost more than reused ones) */
	for (size_t i = 1; !o->per_department && i < 1 + cfg->n_departments; i++) {
		compose_free(trees[i]);
		trees[i] = NULL;
	}
	/* and each department version's while the one before is rendered */
	struct pdf_prep *first = prep;
	prep = o->per_department && cfg->n_departments ? pdf_prep_start(ctx->fonts) : NULL;
	if (render(ctx, o, trees[0], -1, o->dump_path, tree_path, first, &pdf, &pdf_len, &pages,
		   o->html ? &html : NULL, d) < 0)
		goto fail;
	path = util_path_join(dir, name);
	if (write_file(path, pdf, pdf_len, "report", d) < 0)
		goto fail;
	add_file(res, path, -1, pages, pdf, pdf_len);
	if (o->html && write_html(dir, name, -1, &html, res, d) < 0)
		goto fail;

	if (o->per_department) {
		for (size_t i = 0; i < cfg->n_departments; i++) {
			free(pdf);
			pdf = NULL;
			free(tree_path);
			tree_path = tree_dir ? tree_file(o->tree_dump_path, dep_files[i]) : NULL;
			struct pdf_prep *this = prep;
			prep = i + 1 < cfg->n_departments ? pdf_prep_start(ctx->fonts) : NULL;
			if (render(ctx, o, trees[1 + i], (int)i, NULL, tree_path, this, &pdf,
				   &pdf_len, &pages, o->html ? &html : NULL, d) < 0)
				goto fail;
			free(path);
			path = util_path_join(dir, dep_files[i]);
			if (write_file(path, pdf, pdf_len, "department version", d) < 0)
				goto fail;
			add_file(res, path, (int)i, pages, pdf, pdf_len);
			if (o->html && write_html(dir, dep_files[i], (int)i, &html, res, d) < 0)
				goto fail;
			if (o->mail_dir && write_mail(cfg, o, &cur, &cfg->departments[i], dep_files[i],
						      pdf, pdf_len, res, d) < 0)
				goto fail;
		}
		if (write_manifest(cfg, o, dir, &cur, res, d) < 0)
			goto fail;
	}
	rc = 0;
fail:
	if (dep_files) {
		for (size_t i = 0; i < cfg->n_departments; i++)
			free(dep_files[i]);
		free(dep_files);
	}
	report_result_free(&own);
	pdf_prep_free(prep);
	free(pdf);
	sbuf_free(&html);
	free(name);
	free(path);
	free(tree_path);
	for (size_t i = 0; trees && i < 1 + cfg->n_departments; i++)
		compose_free(trees[i]);
	free(trees);
	return rc;
}

int report_run(const struct report_opts *o, char **written, struct diag *d)
{
	struct report_ctx ctx;
	struct report_result res = {.no_sha256 = 1};
	if (report_ctx_load(o, &ctx, d) < 0)
		return -1;
	int rc = report_write(&ctx, o, &res, d);
	if (rc == 0 && written)
		*written = xstrdup(res.files[0].path);
	report_result_free(&res);
	report_ctx_free(&ctx);
	return rc;
}
