/* layout.c - section tree + aggregate tables + chart scenes → page model: A4 pages, our own
 * line breaking with the font's metrics, tables that split with their header repeated, a
 * running footer "Sida N av M", outlines and document information. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "config.h"
#include "record.h"
#include "template.h"
#include "util.h"

/* ---- the page model ---- */

struct lay_doc *lay_doc_new(void)
{
	struct lay_doc *doc = xcalloc(1, sizeof(*doc));
	doc->width = 595.276;
	doc->height = 841.89;
	return doc;
}

void lay_doc_free(struct lay_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n_pages; i++) {
		struct lay_page *p = &doc->pages[i];
		for (size_t k = 0; k < p->n_items; k++) {
			free(p->items[k].text);
			if (p->items[k].chart) {
				chart_scene_free(p->items[k].chart);
				free(p->items[k].chart);
			}
		}
		free(p->items);
	}
	free(doc->pages);
	for (size_t i = 0; i < doc->n_outlines; i++)
		free(doc->outlines[i].title);
	free(doc->outlines);
	free(doc->title);
	free(doc->author);
	free(doc->subject);
	free(doc->keywords);
	free(doc->creator);
	free(doc);
}

struct lay_page *lay_add_page(struct lay_doc *doc)
{
	doc->pages = xgrow(doc->pages, &doc->cap_pages, doc->n_pages, sizeof(*doc->pages));
	struct lay_page *p = &doc->pages[doc->n_pages++];
	memset(p, 0, sizeof(*p));
	return p;
}

static struct lay_item *add_item(struct lay_page *p, enum lay_kind kind)
{
	p->items = xgrow(p->items, &p->cap_items, p->n_items, sizeof(*p->items));
	struct lay_item *it = &p->items[p->n_items++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

void lay_text(struct lay_page *p, double x, double y, enum font_style st, double size,
	      uint32_t rgb, const char *text)
{
	struct lay_item *it = add_item(p, LAY_TEXT);
	it->x = x, it->y = y, it->style = st, it->size = size, it->rgb = rgb;
	it->text = xstrdup(text);
}

void lay_rect(struct lay_page *p, double x, double y, double w, double h, uint32_t rgb)
{
	struct lay_item *it = add_item(p, LAY_RECT);
	it->x = x, it->y = y, it->w = w, it->h = h, it->rgb = rgb;
}

void lay_line(struct lay_page *p, double x1, double y1, double x2, double y2, double width,
	      uint32_t rgb)
{
	struct lay_item *it = add_item(p, LAY_LINE);
	it->x = x1, it->y = y1, it->w = x2 - x1, it->h = y2 - y1, it->line_width = width;
	it->rgb = rgb;
}

void lay_chart(struct lay_page *p, double x, double y, double w, double h,
	       struct chart_scene *chart)
{
	struct lay_item *it = add_item(p, LAY_CHART);
	it->x = x, it->y = y, it->w = w, it->h = h, it->chart = chart;
}

void lay_link(struct lay_page *p, double x, double y, double w, double h, int target_page,
	      double target_y)
{
	struct lay_item *it = add_item(p, LAY_LINK);
	it->x = x, it->y = y, it->w = w, it->h = h;
	it->target_page = target_page, it->target_y = target_y;
}

void lay_outline(struct lay_doc *doc, const char *title, int level, int page, double y)
{
	doc->outlines = xgrow(doc->outlines, &doc->cap_outlines, doc->n_outlines,
			      sizeof(*doc->outlines));
	struct lay_outline *o = &doc->outlines[doc->n_outlines++];
	o->title = xstrdup(title);
	o->level = level;
	o->page = page;
	o->y = y;
}

void lay_dump(const struct lay_doc *doc, FILE *fp)
{
	fprintf(fp, "document %.1f x %.1f, %zu pages\n", doc->width, doc->height, doc->n_pages);
	fprintf(fp, "title: %s\nauthor: %s\nsubject: %s\n", doc->title ? doc->title : "",
		doc->author ? doc->author : "", doc->subject ? doc->subject : "");
	for (size_t i = 0; i < doc->n_outlines; i++)
		fprintf(fp, "outline %d page %d y %.1f: %s\n", doc->outlines[i].level,
			doc->outlines[i].page + 1, doc->outlines[i].y, doc->outlines[i].title);
	for (size_t pi = 0; pi < doc->n_pages; pi++) {
		const struct lay_page *p = &doc->pages[pi];
		fprintf(fp, "page %zu\n", pi + 1);
		for (size_t k = 0; k < p->n_items; k++) {
			const struct lay_item *it = &p->items[k];
			switch (it->kind) {
			case LAY_TEXT:
				fprintf(fp, "  text %.1f %.1f %s %.1f #%06x %s\n", it->x, it->y,
					it->style == FONT_BOLD ? "bold" : "regular", it->size,
					(unsigned)it->rgb, it->text);
				break;
			case LAY_RECT:
				fprintf(fp, "  rect %.1f %.1f %.1f %.1f #%06x\n", it->x, it->y, it->w,
					it->h, (unsigned)it->rgb);
				break;
			case LAY_LINE:
				fprintf(fp, "  line %.1f %.1f %.1f %.1f %.2f #%06x\n", it->x, it->y,
					it->x + it->w, it->y + it->h, it->line_width, (unsigned)it->rgb);
				break;
			case LAY_CHART:
				fprintf(fp, "  chart %.1f %.1f %.1f %.1f \"%s\"\n", it->x, it->y, it->w,
					it->h, it->chart && it->chart->title ? it->chart->title : "");
				for (size_t c = 0; it->chart && c < it->chart->n_items; c++)
					if (it->chart->items[c].kind == CHART_TEXT)
						fprintf(fp, "    label %s\n", it->chart->items[c].text);
				break;
			case LAY_LINK:
				fprintf(fp, "  link %.1f %.1f %.1f %.1f -> page %d y %.1f\n", it->x,
					it->y, it->w, it->h, it->target_page + 1, it->target_y);
				break;
			}
		}
	}
}

/* ---- the report ---- */

#define MARGIN_L 62.0
#define MARGIN_R 62.0
#define MARGIN_T 70.0
#define MARGIN_B 72.0
#define BODY 10.5
#define LEADING 1.45
#define C_TEXT 0x222222
#define C_MUTED 0x666666
#define C_ACCENT 0x1F4E79
#define C_BAND 0xEEF3F8
#define C_RULE 0xB0B8C0
#define NBSP "\xC2\xA0"

struct lay_ctx {
	const struct lay_input *in;
	struct lay_doc *doc;
	struct lay_page *page;
	double y; /* next baseline region starts here (top of free space) */
	double width; /* content width */
	char vals[16][128];
};

static double page_bottom(const struct lay_ctx *c)
{
	return c->doc->height - MARGIN_B;
}

static void new_page(struct lay_ctx *c)
{
	c->page = lay_add_page(c->doc);
	c->y = MARGIN_T;
}

/* Makes sure h points fit below the cursor, starting a new page otherwise. */
static void ensure(struct lay_ctx *c, double h)
{
	if (c->y + h > page_bottom(c))
		new_page(c);
}

static double text_w(const struct lay_ctx *c, enum font_style st, double size, const char *s)
{
	return font_text_width(c->in->fonts, st, size, s);
}

/* Left-aligned paragraph with our own line breaking: libharu's word spacing does not work
 * with UTF-8 fonts (LIBRARIES.md). Breaks at ASCII spaces only, so no-break spaces hold
 * "34 %" and "1 234 kr" together. A word wider than the line is put on a line of its own. */
static void paragraph(struct lay_ctx *c, const char *text, enum font_style st, double size,
		      uint32_t rgb, double indent)
{
	double lh = size * LEADING;
	double maxw = c->width - indent;
	struct sbuf line = {0};
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct sbuf trial = {0};
		sbuf_add(&trial, sbuf_str(&line));
		if (line.len)
			sbuf_addc(&trial, ' ');
		sbuf_addn(&trial, p, n);
		if (line.len && text_w(c, st, size, sbuf_str(&trial)) > maxw) {
			ensure(c, lh);
			lay_text(c->page, MARGIN_L + indent, c->y + size, st, size, rgb, sbuf_str(&line));
			c->y += lh;
			sbuf_reset(&line);
			sbuf_addn(&line, p, n);
		} else {
			sbuf_reset(&line);
			sbuf_add(&line, sbuf_str(&trial));
		}
		sbuf_free(&trial);
		p += n;
	}
	if (line.len) {
		ensure(c, lh);
		lay_text(c->page, MARGIN_L + indent, c->y + size, st, size, rgb, sbuf_str(&line));
		c->y += lh;
	}
	sbuf_free(&line);
	c->y += size * 0.6;
}

/* "Bjuv" → "Bjuvs kommun"; a name ending in s, x or z takes no extra s ("Vännäs kommun"). */
static void municipality_genitive(char *buf, size_t size, const char *name)
{
	size_t n = strlen(name);
	char last = n ? name[n - 1] : 's';
	int s = !(last == 's' || last == 'x' || last == 'z');
	snprintf(buf, size, "%s%s kommun", name, s ? "s" : "");
}

/* Values of the template placeholders (tpl_placeholders lists the names a template may use). */
static const char *placeholder(void *ctx, const char *name)
{
	struct lay_ctx *c = ctx;
	const struct lay_input *in = c->in;
	int i;
	for (i = 0; tpl_placeholders[i] && strcmp(tpl_placeholders[i], name) != 0; i++)
		;
	if (!tpl_placeholders[i] || i >= (int)(sizeof(c->vals) / sizeof(c->vals[0])))
		return NULL;
	char *v = c->vals[i];
	size_t sz = sizeof(c->vals[i]);
	int th = in->cfg->small_count_threshold;
	if (strcmp(name, "kommun") == 0) {
		snprintf(v, sz, "%s", in->cfg->municipality);
	} else if (strcmp(name, "kommunen") == 0) {
		municipality_genitive(v, sz, in->cfg->municipality);
	} else if (strcmp(name, "kommun_kod") == 0) {
		snprintf(v, sz, "%s", in->cfg->code);
	} else if (strcmp(name, "period") == 0) {
		snprintf(v, sz, "%s", in->cur->label_sv);
	} else if (strcmp(name, "period_title") == 0) {
		snprintf(v, sz, "%s", in->cur->title_sv);
	} else if (strcmp(name, "baseline") == 0) {
		snprintf(v, sz, "%s", in->base ? in->base->label_sv : "ingen jämförelseperiod");
	} else if (strcmp(name, "baseline_title") == 0) {
		snprintf(v, sz, "%s", in->base ? in->base->title_sv : "\xE2\x80\x93");
	} else if (strcmp(name, "incidents_total") == 0 || strcmp(name, "incidents_baseline") == 0) {
		const struct period *p = strcmp(name, "incidents_total") == 0 ? in->cur : in->base;
		int64_t n = 0;
		for (size_t k = 0; p && k < in->store->n_incidents; k++) {
			const struct incident *r = &in->store->incidents[k];
			if (r->day >= p->first && r->day <= p->last)
				n += r->count;
		}
		agg_fmt_count(v, sz, n, th);
	} else if (strcmp(name, "threshold") == 0) {
		snprintf(v, sz, "%d", th);
	} else if (strcmp(name, "threshold_minus_one") == 0) {
		snprintf(v, sz, "%d", th - 1);
	} else if (strcmp(name, "author") == 0) {
		snprintf(v, sz, "%s", in->cfg->author ? in->cfg->author : "");
	} else {
		return NULL;
	}
	return v;
}

static char *expand(struct lay_ctx *c, const char *text)
{
	return tpl_expand(text ? text : "", placeholder, c);
}

static void heading(struct lay_ctx *c, const char *title, int level)
{
	double size = level == 0 ? 17 : 13;
	/* keep the heading with at least a few lines of what follows */
	ensure(c, size * 2 + BODY * LEADING * 4);
	if (c->y > MARGIN_T)
		c->y += size * 0.8;
	lay_outline(c->doc, title, level, (int)(c->doc->n_pages - 1), c->y);
	lay_text(c->page, MARGIN_L, c->y + size, FONT_BOLD, size, C_ACCENT, title);
	c->y += size * 1.7;
}

/* ---- tables ---- */

struct table_col {
	const char *title;
	double width;
	int right; /* numbers are right-aligned */
};

#define ROW_H 18.0

/* s shortened with an ellipsis so that it fits maxw; caller frees. Cuts at UTF-8 character
 * boundaries. */
static char *fit_text(const struct lay_ctx *c, enum font_style st, double size, const char *s,
		      double maxw)
{
	if (text_w(c, st, size, s) <= maxw)
		return xstrdup(s);
	size_t n = strlen(s);
	while (n > 0) {
		do
			n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
		char *t = xasprintf("%.*s\xE2\x80\xA6", (int)n, s);
		if (text_w(c, st, size, t) <= maxw || n == 0)
			return t;
		free(t);
	}
	return xstrdup("\xE2\x80\xA6");
}

static void table_header(struct lay_ctx *c, const struct table_col *cols, size_t ncols)
{
	double x = MARGIN_L;
	lay_rect(c->page, MARGIN_L, c->y, c->width, ROW_H, C_ACCENT);
	for (size_t i = 0; i < ncols; i++) {
		double tw = text_w(c, FONT_BOLD, 9.5, cols[i].title);
		double tx = cols[i].right ? x + cols[i].width - 6 - tw : x + 6;
		lay_text(c->page, tx, c->y + 12.5, FONT_BOLD, 9.5, 0xFFFFFF, cols[i].title);
		x += cols[i].width;
	}
	c->y += ROW_H;
}

/* Draws rows (ncols strings each); the last row is a total in bold when `total` is set. The
 * header repeats on every page the table reaches, and a page never starts with the last row
 * alone. */
static void table(struct lay_ctx *c, const char *caption, const struct table_col *cols,
		  size_t ncols, char **cells, size_t nrows, int total)
{
	/* a table that fits on one page is kept on one page */
	double whole = (caption ? 16 : 0) + ROW_H * (double)(nrows + 1);
	if (whole <= page_bottom(c) - MARGIN_T)
		ensure(c, whole);
	if (caption) {
		ensure(c, BODY * 2 + ROW_H * 3);
		lay_text(c->page, MARGIN_L, c->y + 10, FONT_BOLD, 10, C_TEXT, caption);
		c->y += 16;
	}
	ensure(c, ROW_H * (nrows < 3 ? nrows + 1 : 3));
	table_header(c, cols, ncols);
	for (size_t r = 0; r < nrows; r++) {
		int last_two = nrows - r == 2;
		/* no lone last row on a page: move the last two rows together */
		double need = last_two ? ROW_H * 2 : ROW_H;
		if (c->y + need > page_bottom(c)) {
			new_page(c);
			table_header(c, cols, ncols);
		}
		int is_total = total && r == nrows - 1;
		if (r % 2 == 1 && !is_total)
			lay_rect(c->page, MARGIN_L, c->y, c->width, ROW_H, C_BAND);
		if (is_total)
			lay_line(c->page, MARGIN_L, c->y, MARGIN_L + c->width, c->y, 0.8, C_TEXT);
		double x = MARGIN_L;
		enum font_style st = is_total ? FONT_BOLD : FONT_REGULAR;
		for (size_t i = 0; i < ncols; i++) {
			char *s = fit_text(c, st, 9.5, cells[r * ncols + i], cols[i].width - 10);
			double tw = text_w(c, st, 9.5, s);
			double tx = cols[i].right ? x + cols[i].width - 6 - tw : x + 6;
			lay_text(c->page, tx, c->y + 12.5, st, 9.5, C_TEXT, s);
			free(s);
			x += cols[i].width;
		}
		c->y += ROW_H;
	}
	lay_line(c->page, MARGIN_L, c->y, MARGIN_L + c->width, c->y, 0.5, C_RULE);
	c->y += 14;
}

static void free_cells(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

static enum agg_dim dim_of(const char *by)
{
	if (by && strcmp(by, "locality") == 0)
		return AGG_LOCALITY;
	if (by && strcmp(by, "department") == 0)
		return AGG_DEPARTMENT;
	return AGG_CATEGORY;
}

static const char *dim_title(enum agg_dim d)
{
	return d == AGG_LOCALITY ? "Ort" : d == AGG_DEPARTMENT ? "Förvaltning" : "Kategori";
}

/* "−83 %" unless either count is suppressed (a percentage would give the hidden count away)
 * or the baseline is zero. */
static void change_text(char *buf, size_t size, int64_t base, int64_t cur, int threshold)
{
	if (agg_is_suppressed(base, threshold) || agg_is_suppressed(cur, threshold) || base == 0)
		snprintf(buf, size, "\xE2\x80\x93");
	else
		util_fmt_pct_change(buf, size, base, cur);
}

static void block_table(struct lay_ctx *c, const struct tpl_node *n)
{
	const struct lay_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	enum agg_dim dim = dim_of(n->by);
	struct agg_table *t = agg_incidents_by(in->store, in->cfg, dim, in->cur, in->base);
	size_t ncols = in->base ? 4 : 2;
	struct table_col cols[5] = {
		{dim_title(dim), 0, 0},
		{in->cur->title_sv, 0, 1},
		{in->base ? in->base->title_sv : "", 0, 1},
		{"Förändring", 0, 1},
	};
	if (dim == AGG_LOCALITY) {
		/* rates per 1 000 inhabitants make localities of different size comparable */
		cols[ncols] = (struct table_col){"Per 1" NBSP "000 inv.", 0, 1};
		ncols++;
	}
	double numw = in->base ? 0.17 : 0.25;
	for (size_t i = 1; i < ncols; i++)
		cols[i].width = c->width * numw;
	cols[0].width = c->width - (double)(ncols - 1) * c->width * numw;
	size_t nrows = t->n_rows + 1;
	char **cells = xcalloc(nrows * ncols, sizeof(char *));
	for (size_t r = 0; r < nrows; r++) {
		const struct agg_row *row = r < t->n_rows ? &t->rows[r] : &t->total;
		char a[48], b[48], ch[48];
		agg_fmt_count(a, sizeof(a), row->count_cur, th);
		agg_fmt_count(b, sizeof(b), row->count_base, th);
		change_text(ch, sizeof(ch), row->count_base, row->count_cur, th);
		char **cell = &cells[r * ncols];
		cell[0] = xstrdup(row->label);
		cell[1] = xstrdup(a);
		size_t k = 2;
		if (in->base) {
			cell[k++] = xstrdup(b);
			cell[k++] = xstrdup(ch);
		}
		if (dim == AGG_LOCALITY) {
			long pop = r < t->n_rows ? config_population(in->cfg, row->key, in->cur->year)
						 : config_population_total(in->cfg, in->cur->year);
			char rate[48] = "\xE2\x80\x93";
			if (pop > 0 && !agg_is_suppressed(row->count_cur, th)) {
				/* one decimal, rounded half up, with a decimal comma */
				int64_t tenths = (row->count_cur * 10000 + pop / 2) / pop;
				snprintf(rate, sizeof(rate), "%lld,%lld", (long long)(tenths / 10),
					 (long long)(tenths % 10));
			}
			cell[k++] = xstrdup(rate);
		}
	}
	char *caption = n->title ? expand(c, n->title) : NULL;
	table(c, caption, cols, ncols, cells, nrows, 1);
	free(caption);
	free_cells(cells, nrows * ncols);
	agg_table_free(t);
}

static void block_chart(struct lay_ctx *c, const struct tpl_node *n)
{
	const struct lay_input *in = c->in;
	enum agg_dim dim = dim_of(n->by);
	struct agg_table *t = agg_incidents_by(in->store, in->cfg, dim, in->cur, in->base);
	size_t ns = in->base ? 2 : 1;
	const char **labels = xcalloc(t->n_rows, sizeof(char *));
	int64_t *values = xcalloc(t->n_rows * ns, sizeof(int64_t));
	for (size_t i = 0; i < t->n_rows; i++) {
		labels[i] = t->rows[i].label;
		values[i * ns] = t->rows[i].count_cur;
		if (ns == 2)
			values[i * ns + 1] = t->rows[i].count_base;
	}
	struct chart_series series[2] = {
		{in->cur->title_sv, C_ACCENT},
		{in->base ? in->base->title_sv : "", 0xA6BDD7},
	};
	char *title = n->title ? expand(c, n->title) : NULL;
	struct chart_grouped_input ci = {
		.title = title,
		.n_groups = t->n_rows,
		.group_labels = labels,
		.n_series = ns,
		.series = series,
		.values = values,
		.threshold = in->cfg->small_count_threshold,
		.unit = "Antal händelser",
	};
	double h = 270;
	ensure(c, h + 10);
	struct chart_scene *scene = xcalloc(1, sizeof(*scene));
	chart_grouped_bars(&ci, in->fonts, c->width, h, scene);
	lay_chart(c->page, MARGIN_L, c->y, c->width, h, scene);
	c->y += h + 12;
	free(title);
	free(labels);
	free(values);
	agg_table_free(t);
}

/* One sentence per category that happened in either period. */
static void block_summary(struct lay_ctx *c)
{
	const struct lay_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	if (!in->base)
		return;
	struct agg_table *t = agg_incidents_by(in->store, in->cfg, AGG_CATEGORY, in->cur, in->base);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct agg_row *r = &t->rows[i];
		if (r->count_cur == 0 && r->count_base == 0)
			continue;
		char a[48], b[48], pct[48];
		int sa = agg_fmt_count(a, sizeof(a), r->count_cur, th);
		int sb = agg_fmt_count(b, sizeof(b), r->count_base, th);
		struct sbuf s = {0};
		if (sa || sb) {
			/* a direction or percentage would give a hidden count away */
			sbuf_printf(&s, "%s: %s händelser under %s mot %s under %s.", r->label, a,
				    in->cur->label_sv, b, in->base->label_sv);
		} else if (r->count_cur == r->count_base) {
			sbuf_printf(&s, "%s var oförändrad med %s händelser jämfört med %s.", r->label,
				    a, in->base->label_sv);
		} else if (r->count_base == 0) {
			sbuf_printf(&s, "%s: %s händelser under %s, mot inga under %s.", r->label, a,
				    in->cur->label_sv, in->base->label_sv);
		} else {
			util_fmt_pct_change(pct, sizeof(pct), r->count_base, r->count_cur);
			sbuf_printf(&s, "%s %s från %s till %s (%s) jämfört med %s.", r->label,
				    r->count_cur > r->count_base ? "ökade" : "minskade", b, a, pct,
				    in->base->label_sv);
			if (r->count_base < in->cfg->min_baseline_for_percent)
				sbuf_add(&s, " Få fall: jämför med försiktighet.");
		}
		ensure(c, BODY * LEADING);
		lay_text(c->page, MARGIN_L + 4, c->y + BODY, FONT_REGULAR, BODY, C_ACCENT, "\xE2\x80\xA2");
		paragraph(c, sbuf_str(&s), FONT_REGULAR, BODY, C_TEXT, 14);
		c->y -= BODY * 0.4;
		sbuf_free(&s);
	}
	c->y += BODY * 0.6;
	agg_table_free(t);
}

static void block_cost(struct lay_ctx *c, const struct tpl_node *n)
{
	const struct lay_input *in = c->in;
	int cat = n->category ? config_find_category(in->cfg, n->category) : -1;
	if (cat < 0) {
		paragraph(c, "(okänd kategori i mallen)", FONT_REGULAR, BODY, C_MUTED, 0);
		return;
	}
	struct agg_table *t = agg_incidents_by(in->store, in->cfg, AGG_CATEGORY, in->cur, in->base);
	const struct agg_row *r = &t->rows[cat];
	char a[64], b[64], pct[48];
	util_fmt_kr(a, sizeof(a), r->cost_cur);
	util_fmt_kr(b, sizeof(b), r->cost_base);
	struct table_col cols[3] = {
		{"Period", c->width * 0.5, 0},
		{"Kostnad", c->width * 0.25, 1},
		{"Händelser", c->width * 0.25, 1},
	};
	size_t nrows = in->base ? 2 : 1;
	char **cells = xcalloc(nrows * 3, sizeof(char *));
	char cnt[48];
	cells[0] = xasprintf("%s", in->cur->title_sv);
	cells[1] = xstrdup(a);
	agg_fmt_count(cnt, sizeof(cnt), r->count_cur, in->cfg->small_count_threshold);
	cells[2] = xstrdup(cnt);
	if (in->base) {
		cells[3] = xasprintf("%s", in->base->title_sv);
		cells[4] = xstrdup(b);
		agg_fmt_count(cnt, sizeof(cnt), r->count_base, in->cfg->small_count_threshold);
		cells[5] = xstrdup(cnt);
	}
	char *caption = xasprintf("Kostnad för %s", in->cfg->categories[cat].label_sv);
	/* the category's label starts the sentence; lower case inside the caption reads better */
	table(c, caption, cols, 3, cells, nrows, 0);
	free(caption);
	free_cells(cells, nrows * 3);
	if (in->base && r->cost_base > 0) {
		util_fmt_pct_change(pct, sizeof(pct), r->cost_base, r->cost_cur);
		char *s = xasprintf("Kostnaden för %s var %s under %s mot %s under %s (%s).",
				    in->cfg->categories[cat].label_sv, a, in->cur->label_sv, b,
				    in->base->label_sv, pct);
		paragraph(c, s, FONT_REGULAR, BODY, C_TEXT, 0);
		free(s);
	}
	agg_table_free(t);
}

/* Measures that overlap the period, in start order as the export lists them. */
static void block_measures(struct lay_ctx *c)
{
	const struct lay_input *in = c->in;
	const struct rec_store *s = in->store;
	struct table_col cols[6] = {
		{"Insats", c->width * 0.32, 0},  {"Förvaltning", c->width * 0.26, 0},
		{"Ort", c->width * 0.11, 0},     {"Timmar", c->width * 0.09, 1},
		{"Kostnad", c->width * 0.13, 1}, {"Nådda", c->width * 0.09, 1},
	};
	size_t nrows = 0;
	char **cells = NULL;
	int64_t hours = 0, cost = 0;
	for (size_t i = 0; i <= s->n_measures; i++) {
		const struct measure *m = i < s->n_measures ? &s->measures[i] : NULL;
		if (m && (m->end < in->cur->first || m->start > in->cur->last))
			continue;
		if (!m && nrows == 0)
			break;
		cells = xrealloc(cells, (nrows + 1) * 6 * sizeof(char *));
		char **row = &cells[nrows * 6];
		char num[64];
		if (m) {
			hours += m->hours_x100;
			cost += m->cost_ore;
			row[0] = xstrdup(rec_str(s, m->name));
			row[1] = xstrdup(in->cfg->departments[m->department].name);
			row[2] = xstrdup(m->locality < in->cfg->n_localities
						 ? in->cfg->localities[m->locality].name
						 : "Hela kommunen");
			util_fmt_int(num, sizeof(num), (m->hours_x100 + 50) / 100);
			row[3] = xstrdup(num);
			util_fmt_kr(num, sizeof(num), m->cost_ore);
			row[4] = xstrdup(num);
			/* people reached is not a count of events or persons involved in one */
			util_fmt_int(num, sizeof(num), m->people);
			row[5] = xstrdup(num);
		} else {
			row[0] = xstrdup("Totalt");
			row[1] = xstrdup("");
			row[2] = xstrdup("");
			util_fmt_int(num, sizeof(num), (hours + 50) / 100);
			row[3] = xstrdup(num);
			util_fmt_kr(num, sizeof(num), cost);
			row[4] = xstrdup(num);
			row[5] = xstrdup("");
		}
		nrows++;
	}
	if (nrows == 0) {
		paragraph(c, "Inga insatser är registrerade för perioden.", FONT_REGULAR, BODY,
			  C_MUTED, 0);
		return;
	}
	table(c, NULL, cols, 6, cells, nrows, 1);
	free_cells(cells, nrows * 6);
}

static void block_quality(struct lay_ctx *c)
{
	const struct rec_store *s = c->in->store;
	struct table_col cols[5] = {
		{"Källa", c->width * 0.44, 0},   {"Lästa", c->width * 0.14, 1},
		{"Godkända", c->width * 0.14, 1}, {"Avvisade", c->width * 0.14, 1},
		{"Dubbletter", c->width * 0.14, 1},
	};
	size_t nrows = s->n_sources + 1;
	char **cells = xcalloc(nrows * 5, sizeof(char *));
	long tot[4] = {0};
	for (size_t i = 0; i < nrows; i++) {
		const struct rec_source_stats *st = i < s->n_sources ? &s->sources[i] : NULL;
		long v[4];
		if (st) {
			v[0] = st->read, v[1] = st->accepted, v[2] = st->rejected, v[3] = st->duplicates;
			for (int k = 0; k < 4; k++)
				tot[k] += v[k];
			const char *base = strrchr(st->file, '/');
			cells[i * 5] = xasprintf("%s%s", base ? base + 1 : st->file,
						 st->failed ? " (kunde inte läsas)" : "");
		} else {
			memcpy(v, tot, sizeof(v));
			cells[i * 5] = xstrdup("Totalt");
		}
		for (int k = 0; k < 4; k++) {
			/* counts of rows, not of events: not subject to suppression */
			char num[48];
			util_fmt_int(num, sizeof(num), v[k]);
			cells[i * 5 + 1 + k] = xstrdup(num);
		}
	}
	table(c, "Rader per källa", cols, 5, cells, nrows, 1);
	free_cells(cells, nrows * 5);
	if (s->n_rejects > 0) {
		char *msg = xasprintf("%zu rader avvisades. Kommandot \"trygg check\" listar dem med fil, "
				      "rad och skäl, så att förvaltningen kan rätta sitt underlag.",
				      s->n_rejects);
		paragraph(c, msg, FONT_REGULAR, BODY, C_TEXT, 0);
		free(msg);
	}
}

static void block(struct lay_ctx *c, const struct tpl_node *n)
{
	switch (n->kind) {
	case TPL_PARAGRAPH: {
		char *s = expand(c, n->text);
		paragraph(c, s, FONT_REGULAR, BODY, C_TEXT, 0);
		free(s);
		break;
	}
	case TPL_SUMMARY: block_summary(c); break;
	case TPL_TABLE: block_table(c, n); break;
	case TPL_CHART: block_chart(c, n); break;
	case TPL_COST: block_cost(c, n); break;
	case TPL_MEASURES: block_measures(c); break;
	case TPL_QUALITY: block_quality(c); break;
	case TPL_PAGEBREAK: new_page(c); break;
	case TPL_COVER:
	case TPL_SECTION:
		break;
	}
}

static void cover(struct lay_ctx *c, const struct tpl_node *n)
{
	struct lay_page *p = c->page;
	double w = c->doc->width;
	lay_rect(p, 0, 0, w, 300, C_ACCENT);
	char *title = expand(c, n->title);
	char *sub = n->subtitle ? expand(c, n->subtitle) : NULL;
	/* the cover title wraps in white on the accent band */
	double size = 26, y = 170;
	struct lay_ctx tmp = *c;
	tmp.y = y - size;
	tmp.width = w - 2 * MARGIN_L;
	paragraph(&tmp, title, FONT_BOLD, size, 0xFFFFFF, 0);
	if (sub) {
		lay_text(p, MARGIN_L, 270, FONT_REGULAR, 13, 0xFFFFFF, sub);
	}
	char who[128];
	municipality_genitive(who, sizeof(who), c->in->cfg->municipality);
	lay_text(p, MARGIN_L, 360, FONT_BOLD, 14, C_TEXT, who);
	if (c->in->cfg->author)
		lay_text(p, MARGIN_L, 380, FONT_REGULAR, 11, C_MUTED, c->in->cfg->author);
	int y1, m1, d1, y2, m2, d2;
	rec_day_to_ymd(c->in->cur->first, &y1, &m1, &d1);
	rec_day_to_ymd(c->in->cur->last, &y2, &m2, &d2);
	char *range = xasprintf("Period: %04d-%02d-%02d \xE2\x80\x93 %04d-%02d-%02d", y1, m1, d1,
				y2, m2, d2);
	lay_text(p, MARGIN_L, 410, FONT_REGULAR, 11, C_TEXT, range);
	free(range);
	if (c->in->base) {
		rec_day_to_ymd(c->in->base->first, &y1, &m1, &d1);
		rec_day_to_ymd(c->in->base->last, &y2, &m2, &d2);
		char *br = xasprintf("Jämförelseperiod: %04d-%02d-%02d \xE2\x80\x93 %04d-%02d-%02d",
				     y1, m1, d1, y2, m2, d2);
		lay_text(p, MARGIN_L, 428, FONT_REGULAR, 11, C_TEXT, br);
		free(br);
	}
	lay_text(p, MARGIN_L, c->doc->height - 90, FONT_REGULAR, 9, C_MUTED,
		 "Framtagen med trygg " TRYGG_VERSION " ur förvaltningarnas egna underlag.");
	free(c->doc->title);
	c->doc->title = title;
	free(sub);
}

/* Running footer on every page but the cover: report title left, "Sida N av M" right. */
static void footers(struct lay_ctx *c)
{
	size_t n = c->doc->n_pages;
	for (size_t i = 0; i < n; i++) {
		struct lay_page *p = &c->doc->pages[i];
		char *s = xasprintf("Sida %zu av %zu", i + 1, n);
		double y = c->doc->height - 40;
		double tw = text_w(c, FONT_REGULAR, 8.5, s);
		lay_text(p, c->doc->width - MARGIN_R - tw, y, FONT_REGULAR, 8.5, C_MUTED, s);
		if (i > 0) {
			lay_line(p, MARGIN_L, y - 12, c->doc->width - MARGIN_R, y - 12, 0.4, C_RULE);
			lay_text(p, MARGIN_L, y, FONT_REGULAR, 8.5, C_MUTED,
				 c->doc->title ? c->doc->title : "");
		}
		free(s);
	}
}

struct lay_doc *lay_build_report(const struct lay_input *in)
{
	struct lay_ctx c = {.in = in};
	c.doc = lay_doc_new();
	c.width = c.doc->width - MARGIN_L - MARGIN_R;
	new_page(&c);
	int first_section = 1;
	for (size_t i = 0; i < in->tpl->n_blocks; i++) {
		const struct tpl_node *n = &in->tpl->blocks[i];
		if (n->kind == TPL_COVER) {
			cover(&c, n);
			continue;
		}
		if (n->kind == TPL_SECTION) {
			/* the first section starts after the cover, on a page of its own */
			if (first_section && c.doc->title)
				new_page(&c);
			first_section = 0;
			char *t = expand(&c, n->title);
			heading(&c, t, 0);
			free(t);
			for (size_t k = 0; k < n->n_children; k++)
				block(&c, &n->children[k]);
			continue;
		}
		block(&c, n);
	}
	if (!c.doc->title)
		c.doc->title = xasprintf("%s %s", in->tpl->name, in->cur->title_sv);
	footers(&c);
	c.doc->author = xstrdup(in->cfg->author ? in->cfg->author : in->cfg->municipality);
	c.doc->subject = in->base ? xasprintf("Trygghetsarbetet i %s kommun: %s jämfört med %s",
					      in->cfg->municipality, in->cur->label_sv,
					      in->base->label_sv)
				  : xasprintf("Trygghetsarbetet i %s kommun: %s", in->cfg->municipality,
					      in->cur->label_sv);
	c.doc->keywords = xstrdup("trygghet; brottsförebyggande arbete; uppföljning");
	c.doc->creator = xstrdup("trygg " TRYGG_VERSION);
	return c.doc;
}
