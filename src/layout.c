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
			free(p->items[k].pixels);
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

void lay_image(struct lay_page *p, double x, double y, double w, double h,
	       const unsigned char *rgb, int px_w, int px_h)
{
	struct lay_item *it = add_item(p, LAY_IMAGE);
	it->x = x, it->y = y, it->w = w, it->h = h, it->px_w = px_w, it->px_h = px_h;
	size_t n = (size_t)px_w * (size_t)px_h * 3;
	it->pixels = xmalloc(n + 1);
	memcpy(it->pixels, rgb, n);
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
						fprintf(fp, "    label%s %s\n",
							it->chart->items[c].role == CHART_ROLE_VALUE ? "[value]" : "",
							it->chart->items[c].text);
				break;
			case LAY_LINK:
				fprintf(fp, "  link %.1f %.1f %.1f %.1f -> page %d y %.1f\n", it->x,
					it->y, it->w, it->h, it->target_page + 1, it->target_y);
				break;
			case LAY_IMAGE:
				fprintf(fp, "  image %.1f %.1f %.1f %.1f %dx%d\n", it->x, it->y, it->w,
					it->h, it->px_w, it->px_h);
				break;
			}
		}
	}
}

/* ---- the report ---- */

#define MARGIN_L 62.0
#define MARGIN_R 62.0
#define MARGIN_T LAY_TOP
#define MARGIN_B LAY_BOTTOM
#define BODY 10.5
#define LEADING 1.45
#define C_TEXT 0x222222
#define C_MUTED 0x666666
#define C_ACCENT 0x1F4E79
#define C_BAND 0xEEF3F8
#define C_RULE 0xB0B8C0
#define C_BASE 0xA6BDD7
#define NBSP "\xC2\xA0"
#define DASH "\xE2\x80\x93"
#define ROW_H LAY_ROW_H
#define MAX_TOC 64

struct lay_ctx {
	const struct lay_input *in;
	const struct fonts *fonts;
	int en; /* English report */
	struct lay_doc *doc;
	struct lay_page *page;
	double y;     /* top of the free space on the page */
	double width; /* content width */
	/* the department whose section is being laid out (filters every number), or AGG_ALL */
	int dept;
	struct agg_filter filter;
	char val[256]; /* the last placeholder value (tpl_expand copies it at once) */
	/* table of contents: the sections of the previous pass, and this pass's TOC entries */
	const struct lay_doc *prev;
	size_t n_sections;
	/* the height the next heading must keep with it (keep-with-next) */
	double next_h;
	int few_note; /* a table marked a change resting on few cases */
};

/* Swedish or English: every generated string goes through here. */
#define T(c, sv_, en_) ((c)->en ? (en_) : (sv_))

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
	if (c->y + h > page_bottom(c) && c->y > MARGIN_T)
		new_page(c);
}

static double text_w(const struct lay_ctx *c, enum font_style st, double size, const char *s)
{
	return font_text_width(c->fonts, st, size, s);
}

/* ---- text ---- */

struct lines {
	char **v;
	size_t n;
};

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Our own line breaking: libharu's word spacing does not work with UTF-8 fonts
 * (LIBRARIES.md). Breaks at ASCII spaces only, so no-break spaces hold "34 %" and "1 234 kr"
 * together. A word wider than the line is put on a line of its own. */
static struct lines break_lines(const struct lay_ctx *c, const char *text, enum font_style st,
				double size, double maxw)
{
	struct lines out = {0};
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
			out.v = xrealloc(out.v, (out.n + 1) * sizeof(char *));
			out.v[out.n++] = sbuf_take(&line);
			sbuf_addn(&line, p, n);
		} else {
			sbuf_reset(&line);
			sbuf_add(&line, sbuf_str(&trial));
		}
		sbuf_free(&trial);
		p += n;
	}
	if (line.len) {
		out.v = xrealloc(out.v, (out.n + 1) * sizeof(char *));
		out.v[out.n++] = sbuf_take(&line);
	}
	sbuf_free(&line);
	return out;
}

static double paragraph_height(const struct lay_ctx *c, const char *text, double size,
			       double indent, size_t max_lines)
{
	struct lines l = break_lines(c, text, FONT_REGULAR, size, c->width - indent);
	size_t n = l.n < max_lines ? l.n : max_lines;
	lines_free(&l);
	return (double)n * size * LEADING + size * 0.6;
}

/* A left-aligned paragraph; its first two lines stay together (no orphan line at the foot
 * of a page). */
static void paragraph(struct lay_ctx *c, const char *text, enum font_style st, double size,
		      uint32_t rgb, double indent)
{
	double lh = size * LEADING;
	struct lines l = break_lines(c, text, st, size, c->width - indent);
	ensure(c, lh * (l.n >= 2 ? 2 : 1));
	for (size_t i = 0; i < l.n; i++) {
		/* no widow either: the last line does not go to a page alone */
		ensure(c, lh * (i + 2 == l.n ? 2 : 1));
		lay_text(c->page, MARGIN_L + indent, c->y + size, st, size, rgb, l.v[i]);
		c->y += lh;
	}
	lines_free(&l);
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

/* ---- periods and labels in the report's language ---- */

static const char *const month_en[12] = {"January", "February", "March",     "April",
					 "May",     "June",     "July",      "August",
					 "September", "October", "November", "December"};

/* "sommaren 2018" / "summer 2018" (label) or "Sommar 2018" / "Summer 2018" (title). */
static void period_text(const struct lay_ctx *c, const struct period *p, int title, char *buf,
			size_t size)
{
	if (!p) {
		snprintf(buf, size, "%s", T(c, "ingen jämförelseperiod", "no baseline"));
		return;
	}
	if (!c->en) {
		snprintf(buf, size, "%s", title ? p->title_sv : p->label_sv);
		return;
	}
	const struct config *cfg = c->in->cfg;
	switch (p->kind) {
	case AGG_SEASON: {
		const char *s = "season";
		if (p->season >= 0 && (size_t)p->season < cfg->n_seasons)
			s = cfg->seasons[p->season].label_en ? cfg->seasons[p->season].label_en
							     : cfg->seasons[p->season].id;
		snprintf(buf, size, "%c%s %d", title && s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0],
			 s + 1, p->year);
		break;
	}
	case AGG_MONTH: snprintf(buf, size, "%s %d", month_en[(p->num + 11) % 12], p->year); break;
	case AGG_QUARTER: snprintf(buf, size, "Q%d %d", p->num, p->year); break;
	case AGG_WEEK: snprintf(buf, size, "%s %d %d", title ? "Week" : "week", p->num, p->year); break;
	case AGG_YEAR: snprintf(buf, size, "%d", p->year); break;
	case AGG_RANGE: snprintf(buf, size, "%s", p->label_sv); break;
	}
}

static const char *const weekday_en[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
					  "Friday", "Saturday", "Sunday"};

/* A row label in the report's language: categories have an English label in the
 * configuration, weekdays and months are translated here, names of places stay. */
static const char *row_label(const struct lay_ctx *c, enum agg_dim dim, const struct agg_row *r,
			     char *buf, size_t size)
{
	if (r->key == AGG_KEY_MISSING)
		return T(c, r->label, dim == AGG_HOUR ? "No time given" : "None given");
	if (!c->en)
		return r->label;
	if (dim == AGG_CATEGORY && r->key >= 0 && (size_t)r->key < c->in->cfg->n_categories &&
	    c->in->cfg->categories[r->key].label_en)
		return c->in->cfg->categories[r->key].label_en;
	if (dim == AGG_WEEKDAY && r->key >= 0 && r->key < 7)
		return weekday_en[r->key];
	if (dim == AGG_DIM_MONTH || dim == AGG_DIM_WEEK) {
		/* "juli 2018" → "July 2018", "maj" → "May", "v. 27 2018" → "wk 27 2018" */
		static const char *const sv[] = {"januari", "februari", "mars", "april", "maj",
						 "juni", "juli", "augusti", "september", "oktober",
						 "november", "december", "okt", "v.", "vecka", NULL};
		static const char *const en[] = {"January", "February", "March", "April", "May",
						 "June", "July", "August", "September", "October",
						 "November", "December", "Oct", "wk", "week", NULL};
		for (int i = 0; sv[i]; i++) {
			size_t n = strlen(sv[i]);
			if (strncmp(r->label, sv[i], n) == 0) {
				snprintf(buf, size, "%s%s", en[i], r->label + n);
				return buf;
			}
		}
		snprintf(buf, size, "%s", r->label);
		if (buf[0] >= 'a' && buf[0] <= 'z')
			buf[0] = (char)(buf[0] - 32);
		return buf;
	}
	return r->label;
}

static const char *dim_title(const struct lay_ctx *c, enum agg_dim d)
{
	static const char *const en[AGG_N_DIMS] = {"Category", "Locality", "Department",
						   "Site",     "Month",    "Week",
						   "Weekday",  "Hour",     "Source"};
	return c->en ? en[d] : agg_dim_title_sv(d);
}

static const char *category_label(const struct lay_ctx *c, int cat)
{
	const struct cfg_category *k = &c->in->cfg->categories[cat];
	return c->en && k->label_en ? k->label_en : k->label_sv;
}

/* ---- numbers ---- */

static const struct agg_filter *filter(const struct lay_ctx *c)
{
	return c->dept == AGG_ALL ? NULL : &c->filter;
}

/* Incidents of one category (or all: cat < 0) in p, with their publication flag. */
static int64_t count_of(const struct lay_ctx *c, int cat, const struct period *p,
			unsigned char *flag, int64_t *cost)
{
	struct agg_filter f = c->filter;
	f.category = cat < 0 ? AGG_ALL : cat;
	struct agg_table *t = agg_table_by(c->in->store, c->in->cfg, AGG_CATEGORY, p, NULL, &f);
	int64_t n = t->total.count_cur;
	if (flag)
		*flag = t->total.flag_cur;
	if (cost)
		*cost = t->total.cost_cur;
	agg_table_free(t);
	return n;
}

/* "−83 %" unless either count is hidden (a percentage would give the hidden count away) or
 * the baseline is zero; a percentage resting on few cases is marked with an asterisk. */
static void change_text(struct lay_ctx *c, char *buf, size_t size, int64_t base,
			unsigned char fb, int64_t cur, unsigned char fc)
{
	struct agg_change ch;
	agg_change_of(c->in->cfg, base, fb, cur, fc, &ch);
	if (ch.hidden || !ch.has_pct) {
		snprintf(buf, size, DASH);
		return;
	}
	util_fmt_pct_change(buf, size, base, cur);
	if (ch.few) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "*");
		c->few_note = 1;
	}
}

static int category_id(const struct config *cfg, const char *id)
{
	if (strcmp(id, "total") == 0)
		return -1;
	for (size_t i = 0; i < cfg->n_categories; i++)
		if (strcmp(cfg->categories[i].id, id) == 0)
			return (int)i;
	return -1;
}

struct measure_sums {
	int64_t n, hours_x100, cost_ore;
};

static struct measure_sums measure_sums(const struct lay_ctx *c, const struct period *p)
{
	struct measure_sums m = {0};
	struct agg_measure_table *t =
		agg_measures_by(c->in->store, c->in->cfg, AGG_DEPARTMENT, p, filter(c));
	m.n = t->total.n, m.hours_x100 = t->total.hours_x100, m.cost_ore = t->total.cost_ore;
	agg_measure_table_free(t);
	return m;
}

/* Values of the template placeholders (template.h lists the names a template may use). */
static const char *placeholder(void *ctx, const char *name)
{
	struct lay_ctx *c = ctx;
	const struct lay_input *in = c->in;
	char *v = c->val;
	size_t sz = sizeof(c->val);
	int th = in->cfg->small_count_threshold;
	const char *colon = strchr(name, ':');
	if (colon) {
		/* count:ID, count_baseline:ID, change:ID, cost:ID, cost_baseline:ID */
		int cat = category_id(in->cfg, colon + 1);
		size_t k = (size_t)(colon - name);
		int base = strncmp(name, "count_baseline", k) == 0 || strncmp(name, "cost_baseline", k) == 0;
		if (base && !in->base)
			return DASH;
		unsigned char fc = 0, fb = 0;
		int64_t cc = 0, cb = 0;
		int64_t nc = count_of(c, cat, in->cur, &fc, &cc);
		int64_t nb = in->base ? count_of(c, cat, in->base, &fb, &cb) : 0;
		if (strncmp(name, "count", k) == 0)
			agg_fmt_cell(v, sz, nc, fc, th);
		else if (strncmp(name, "count_baseline", k) == 0)
			agg_fmt_cell(v, sz, nb, fb, th);
		else if (strncmp(name, "cost", k) == 0)
			util_fmt_kr(v, sz, cc);
		else if (strncmp(name, "cost_baseline", k) == 0)
			util_fmt_kr(v, sz, cb);
		else if (in->base)
			change_text(c, v, sz, nb, fb, nc, fc);
		else
			snprintf(v, sz, DASH);
		return v;
	}
	if (strcmp(name, "kommun") == 0) {
		snprintf(v, sz, "%s", in->cfg->municipality);
	} else if (strcmp(name, "kommunen") == 0) {
		if (c->en)
			snprintf(v, sz, "%s municipality", in->cfg->municipality);
		else
			municipality_genitive(v, sz, in->cfg->municipality);
	} else if (strcmp(name, "kommun_kod") == 0) {
		snprintf(v, sz, "%s", in->cfg->code);
	} else if (strcmp(name, "period") == 0) {
		period_text(c, in->cur, 0, v, sz);
	} else if (strcmp(name, "period_title") == 0) {
		period_text(c, in->cur, 1, v, sz);
	} else if (strcmp(name, "baseline") == 0) {
		period_text(c, in->base, 0, v, sz);
	} else if (strcmp(name, "baseline_title") == 0) {
		if (in->base)
			period_text(c, in->base, 1, v, sz);
		else
			snprintf(v, sz, DASH);
	} else if (strcmp(name, "incidents_total") == 0 || strcmp(name, "incidents_baseline") == 0) {
		const struct period *p = strcmp(name, "incidents_total") == 0 ? in->cur : in->base;
		unsigned char f = 0;
		int64_t n = p ? count_of(c, -1, p, &f, NULL) : 0;
		agg_fmt_cell(v, sz, n, f, th);
	} else if (strcmp(name, "incidents_change") == 0) {
		return placeholder(ctx, "change:total");
	} else if (strcmp(name, "cost_total") == 0 || strcmp(name, "cost_total_baseline") == 0) {
		const struct period *p = strcmp(name, "cost_total") == 0 ? in->cur : in->base;
		util_fmt_kr(v, sz, p ? agg_total_cost(in->store, p, filter(c)) : 0);
	} else if (strncmp(name, "measures_", 9) == 0) {
		struct measure_sums m = measure_sums(c, in->cur);
		if (strcmp(name, "measures_count") == 0)
			util_fmt_int(v, sz, m.n);
		else if (strcmp(name, "measures_hours") == 0)
			util_fmt_int(v, sz, (m.hours_x100 + 50) / 100);
		else
			util_fmt_kr(v, sz, m.cost_ore);
	} else if (strcmp(name, "threshold") == 0) {
		snprintf(v, sz, "%d", th);
	} else if (strcmp(name, "threshold_minus_one") == 0) {
		snprintf(v, sz, "%d", th - 1);
	} else if (strcmp(name, "author") == 0) {
		snprintf(v, sz, "%s", in->cfg->author ? in->cfg->author : "");
	} else if (strcmp(name, "department") == 0 || strcmp(name, "department_head") == 0) {
		const struct cfg_department *d = c->dept != AGG_ALL ? &in->cfg->departments[c->dept]
								    : in->department;
		const char *s = !d ? "" : name[10] ? d->head : d->name;
		snprintf(v, sz, "%s", s ? s : "");
	} else {
		return NULL;
	}
	return v;
}

static char *expand(struct lay_ctx *c, const char *text)
{
	return tpl_expand(text ? text : "", placeholder, c);
}

/* ---- headings ---- */

static double block_first_height(struct lay_ctx *c, const struct tpl_node *n);

/* A heading stays with the first part of what follows it: the next block's real first
 * height (a whole table that will not be split, a chart, two lines of text). */
static void heading(struct lay_ctx *c, const char *title, int level)
{
	double size = level == 0 ? 17 : 12.5;
	double space = c->y > MARGIN_T ? size * 0.8 : 0;
	double next = c->next_h > 0 ? c->next_h : BODY * LEADING * 2;
	if (c->y + space + size * 1.7 + next > page_bottom(c) && c->y > MARGIN_T) {
		new_page(c);
		space = 0;
	}
	c->y += space;
	lay_outline(c->doc, title, level, (int)(c->doc->n_pages - 1), c->y);
	lay_text(c->page, MARGIN_L, c->y + size, FONT_BOLD, size, C_ACCENT, title);
	c->y += size * 1.7;
}

/* ---- tables ---- */

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

static void table_header(struct lay_ctx *c, const struct lay_col *cols, size_t ncols)
{
	double x = MARGIN_L;
	lay_rect(c->page, MARGIN_L, c->y, c->width, ROW_H, C_ACCENT);
	for (size_t i = 0; i < ncols; i++) {
		char *s = fit_text(c, FONT_BOLD, 9.5, cols[i].title, cols[i].width - 10);
		double tw = text_w(c, FONT_BOLD, 9.5, s);
		double tx = cols[i].right ? x + cols[i].width - 6 - tw : x + 6;
		lay_text(c->page, tx, c->y + 12.5, FONT_BOLD, 9.5, 0xFFFFFF, s);
		free(s);
		x += cols[i].width;
	}
	c->y += ROW_H;
}

#define CAPTION_H 16.0

/* Height of a table's first unbreakable part: all of it when it fits on a page (it is then
 * kept whole), else caption, header and the first two rows. */
static double table_first_height(const struct lay_ctx *c, int caption, size_t nrows)
{
	double whole = (caption ? CAPTION_H : 0) + ROW_H * (double)(nrows + 1) + 14;
	if (whole <= page_bottom(c) - MARGIN_T)
		return whole;
	return (caption ? CAPTION_H : 0) + ROW_H * 3;
}

/* Draws rows (ncols strings each); the last row is a total in bold when `total` is set. The
 * header repeats on every page the table reaches, and no page holds a single body row: a
 * page never ends with the first row alone, and the last row never goes over alone. */
static void table(struct lay_ctx *c, const char *caption, const struct lay_col *cols,
		  size_t ncols, char *const *cells, size_t nrows, int total)
{
	/* a table that fits on one page is kept on one page */
	double whole = table_first_height(c, caption != NULL, nrows);
	ensure(c, whole);
	if (caption) {
		lay_text(c->page, MARGIN_L, c->y + 10, FONT_BOLD, 10, C_TEXT, caption);
		c->y += CAPTION_H;
	}
	size_t on_page = 0;
	table_header(c, cols, ncols);
	for (size_t r = 0; r < nrows; r++) {
		/* the last two rows go together */
		double need = nrows - r == 2 ? ROW_H * 2 : ROW_H;
		if (c->y + need > page_bottom(c)) {
			new_page(c);
			if (caption) {
				char *cont = xasprintf("%s %s", caption, T(c, "(forts.)", "(cont.)"));
				lay_text(c->page, MARGIN_L, c->y + 10, FONT_BOLD, 10, C_MUTED, cont);
				free(cont);
				c->y += CAPTION_H;
			}
			table_header(c, cols, ncols);
			on_page = 0;
		}
		int is_total = total && r == nrows - 1;
		if (on_page % 2 == 1 && !is_total)
			lay_rect(c->page, MARGIN_L, c->y, c->width, ROW_H, C_BAND);
		if (is_total)
			lay_line(c->page, MARGIN_L, c->y, MARGIN_L + c->width, c->y, 0.8, C_TEXT);
		double x = MARGIN_L;
		enum font_style st = is_total ? FONT_BOLD : FONT_REGULAR;
		for (size_t i = 0; i < ncols; i++) {
			const char *cell = cells[r * ncols + i] ? cells[r * ncols + i] : "";
			char *s = fit_text(c, st, 9.5, cell, cols[i].width - 10);
			double tw = text_w(c, st, 9.5, s);
			double tx = cols[i].right ? x + cols[i].width - 6 - tw : x + 6;
			lay_text(c->page, tx, c->y + 12.5, st, 9.5, C_TEXT, s);
			free(s);
			x += cols[i].width;
		}
		c->y += ROW_H;
		on_page++;
	}
	lay_line(c->page, MARGIN_L, c->y, MARGIN_L + c->width, c->y, 0.5, C_RULE);
	c->y += 14;
}

void lay_table(struct lay_doc *doc, const struct fonts *f, double *y, const char *caption,
	       const struct lay_col *cols, size_t ncols, char *const *cells, size_t nrows,
	       int total_row)
{
	struct lay_ctx c = {.fonts = f, .doc = doc, .dept = AGG_ALL};
	c.width = doc->width - MARGIN_L - MARGIN_R;
	if (doc->n_pages == 0)
		new_page(&c);
	c.page = &doc->pages[doc->n_pages - 1];
	c.y = *y < MARGIN_T ? MARGIN_T : *y;
	table(&c, caption, cols, ncols, cells, nrows, total_row);
	*y = c.y;
}

/* A table being built: columns and rows of cells, freed with tbl_free(). */
struct tbl {
	struct lay_col cols[10];
	char *titles[10];
	size_t ncols, nrows;
	char **cells;
	int total;
	char *caption;
	char *note;
};

static void tbl_col(struct tbl *t, char *title, double share, int right)
{
	t->titles[t->ncols] = title;
	t->cols[t->ncols] = (struct lay_col){title, share, right};
	t->ncols++;
}

static char **tbl_row(struct tbl *t)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(char *));
	char **row = &t->cells[t->nrows * t->ncols];
	memset(row, 0, t->ncols * sizeof(char *));
	t->nrows++;
	return row;
}

static void tbl_free(struct tbl *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->titles[i]);
	free(t->caption);
	free(t->note);
	memset(t, 0, sizeof(*t));
}

/* Column widths: shares of the content width; the first column takes what is left. */
static void tbl_widths(const struct lay_ctx *c, struct tbl *t)
{
	double used = 0;
	for (size_t i = 1; i < t->ncols; i++) {
		t->cols[i].width *= c->width;
		used += t->cols[i].width;
	}
	t->cols[0].width = c->width - used;
}

static void tbl_emit(struct lay_ctx *c, struct tbl *t)
{
	if (t->nrows == 0) {
		paragraph(c, T(c, "Inga uppgifter för perioden.", "No data for the period."),
			  FONT_REGULAR, BODY, C_MUTED, 0);
		return;
	}
	table(c, t->caption, t->cols, t->ncols, t->cells, t->nrows, t->total);
	if (t->note)
		paragraph(c, t->note, FONT_REGULAR, 8.5, C_MUTED, 0);
}

static enum agg_dim dim_of(const char *by)
{
	if (!by)
		return AGG_CATEGORY;
	if (strcmp(by, "new-site") == 0)
		return AGG_SITE;
	if (strcmp(by, "month") == 0)
		return AGG_DIM_MONTH;
	if (strcmp(by, "week") == 0)
		return AGG_DIM_WEEK;
	int d = agg_dim_parse(by);
	return d < 0 ? AGG_CATEGORY : (enum agg_dim)d;
}

static int has_measure(const struct tpl_node *n, const char *m)
{
	const char *list = n->measures ? n->measures : "count change";
	size_t k = strlen(m);
	for (const char *p = list; (p = strstr(p, m)) != NULL; p += k)
		if ((p == list || p[-1] == ' ') && (p[k] == ' ' || p[k] == '\0'))
			return 1;
	return 0;
}

/* The last n_months calendar months up to the end of the report's period: the trend. */
static void trend_period(const struct period *cur, int n_months, struct period *out)
{
	int y, m, d;
	rec_day_to_ymd(cur->last, &y, &m, &d);
	int m0 = y * 12 + (m - 1) - (n_months - 1);
	*out = *cur;
	out->kind = AGG_RANGE;
	out->first = rec_day_from_ymd(m0 / 12, m0 % 12 + 1, 1);
	out->last = rec_day_from_ymd(y, m, rec_days_in_month(y, m));
}

/* The rows a table or chart shows: sorted, new sites only, top N. Returns an array of row
 * pointers into t (caller frees) and their number. */
static const struct agg_row **pick_rows(const struct lay_ctx *c, const struct tpl_node *n,
					 struct agg_table *t, size_t *nout)
{
	const struct agg_row **rows = xcalloc(t->n_rows + 1, sizeof(*rows));
	size_t k = 0;
	int th = c->in->cfg->small_count_threshold;
	int new_sites = n->by && strcmp(n->by, "new-site") == 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct agg_row *r = &t->rows[i];
		/* a new hot spot: enough incidents to publish now, none in the baseline */
		if (new_sites && !(r->count_base == 0 && r->count_cur >= th && r->flag_cur == AGG_SHOW))
			continue;
		if (new_sites && r->key == AGG_KEY_MISSING)
			continue;
		rows[k++] = r;
	}
	const char *sort = n->sort ? n->sort : "configuration";
	/* insertion sort: stable, and tables are short */
	for (size_t i = 1; i < k; i++) {
		const struct agg_row *r = rows[i];
		size_t j = i;
		while (j > 0) {
			const struct agg_row *q = rows[j - 1];
			int before;
			if (strcmp(sort, "count") == 0)
				before = r->count_cur > q->count_cur;
			else if (strcmp(sort, "cost") == 0)
				before = r->cost_cur > q->cost_cur;
			else if (strcmp(sort, "change") == 0)
				before = r->count_cur - r->count_base > q->count_cur - q->count_base;
			else if (strcmp(sort, "label") == 0)
				before = strcmp(r->label, q->label) < 0;
			else
				before = 0;
			if (!before)
				break;
			rows[j] = rows[j - 1];
			j--;
		}
		rows[j] = r;
	}
	if (n->top > 0 && (size_t)n->top < k)
		k = (size_t)n->top;
	*nout = k;
	return rows;
}

static struct agg_table *table_data(struct lay_ctx *c, const struct tpl_node *n,
				    struct period *trend, const struct period **cur,
				    const struct period **base)
{
	*cur = c->in->cur;
	*base = c->in->base;
	if (n->top && (n->kind == TPL_CHART || n->kind == TPL_TABLE) && n->by &&
	    strcmp(n->by, "month") == 0 && n->top > 1) {
		/* by="month" top="13": the last 13 months, without a baseline */
		trend_period(c->in->cur, n->top, trend);
		*cur = trend;
		*base = NULL;
	}
	return agg_table_by(c->in->store, c->in->cfg, dim_of(n->by), *cur, *base, filter(c));
}

static void fmt_cost_kr(char *buf, size_t size, int64_t ore)
{
	util_fmt_kr(buf, size, ore);
}

static void build_table(struct lay_ctx *c, const struct tpl_node *n, struct tbl *t)
{
	const struct lay_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	enum agg_dim dim = dim_of(n->by);
	struct period trend;
	const struct period *cur, *base;
	struct agg_table *at = table_data(c, n, &trend, &cur, &base);
	int month_trend = cur == &trend;
	if (month_trend)
		base = NULL;
	char pc[96], pb[96];
	period_text(c, in->cur, 1, pc, sizeof(pc));
	period_text(c, base, 1, pb, sizeof(pb));
	int count = has_measure(n, "count"), change = has_measure(n, "change") && base;
	int rate = has_measure(n, "rate") && dim == AGG_LOCALITY;
	int cost = has_measure(n, "cost"), share = has_measure(n, "share");
	tbl_col(t, xstrdup(dim_title(c, dim)), 0, 0);
	double w = 0.15;
	if (count) {
		tbl_col(t, xstrdup(month_trend ? T(c, "Händelser", "Incidents") : pc), w, 1);
		if (base)
			tbl_col(t, xstrdup(pb), w, 1);
	}
	if (change)
		tbl_col(t, xstrdup(T(c, "Förändring", "Change")), w, 1);
	if (share)
		tbl_col(t, xstrdup(T(c, "Andel", "Share")), 0.11, 1);
	if (rate)
		tbl_col(t, xstrdup(T(c, "Per 1" NBSP "000 inv.", "Per 1" NBSP "000 inh.")), w, 1);
	if (cost && !count && !change) {
		/* a table of costs only: the periods head the columns, the caption says kronor */
		tbl_col(t, xstrdup(pc), 0.2, 1);
		if (base)
			tbl_col(t, xstrdup(pb), 0.2, 1);
	} else if (cost) {
		tbl_col(t, xasprintf("%s %d", T(c, "Kostnad", "Cost"), in->cur->year), 0.17, 1);
		if (base)
			tbl_col(t, xasprintf("%s %d", T(c, "Kostnad", "Cost"), base->year), 0.17, 1);
	}
	tbl_widths(c, t);
	size_t nr;
	const struct agg_row **rows = pick_rows(c, n, at, &nr);
	int partial = nr < at->n_rows;
	for (size_t r = 0; r <= nr; r++) {
		const struct agg_row *row = r < nr ? rows[r] : &at->total;
		if (r == nr && nr == 0)
			break;
		char **cell = tbl_row(t);
		char a[64], lb[96];
		size_t k = 0;
		cell[k++] = xstrdup(r < nr ? row_label(c, dim, row, lb, sizeof(lb))
					   : partial ? T(c, "Totalt (alla)", "Total (all)")
						     : T(c, "Totalt", "Total"));
		if (count) {
			agg_fmt_cell(a, sizeof(a), row->count_cur, row->flag_cur, th);
			cell[k++] = xstrdup(a);
			if (base) {
				agg_fmt_cell(a, sizeof(a), row->count_base, row->flag_base, th);
				cell[k++] = xstrdup(a);
			}
		}
		if (change) {
			change_text(c, a, sizeof(a), row->count_base, row->flag_base, row->count_cur,
				    row->flag_cur);
			cell[k++] = xstrdup(a);
		}
		if (share) {
			if (row->flag_cur || at->total.count_cur == 0)
				snprintf(a, sizeof(a), DASH);
			else
				snprintf(a, sizeof(a), "%lld" NBSP "%%",
					 (long long)((row->count_cur * 200 + at->total.count_cur) /
						     (2 * at->total.count_cur)));
			cell[k++] = xstrdup(a);
		}
		if (rate) {
			double v;
			int loc = r < nr ? row->key : AGG_ALL;
			if (row->flag_cur || (r < nr && row->key < 0) ||
			    agg_rate_per_1000(in->cfg, loc, in->cur->year, row->count_cur, &v) < 0)
				snprintf(a, sizeof(a), DASH);
			else
				agg_fmt_rate(a, sizeof(a), v);
			cell[k++] = xstrdup(a);
		}
		if (cost) {
			fmt_cost_kr(a, sizeof(a), row->cost_cur);
			cell[k++] = xstrdup(a);
			if (base) {
				fmt_cost_kr(a, sizeof(a), row->cost_base);
				cell[k++] = xstrdup(a);
			}
		}
	}
	t->total = nr > 0;
	if (n->title) {
		t->caption = expand(c, tpl_text(n->title, n->title_en, c->en ? "en" : "sv"));
	}
	if (c->few_note) {
		t->note = xasprintf(T(c, "* Färre än %d händelser under jämförelseperioden: jämför med försiktighet.",
				      "* Fewer than %d incidents in the baseline: compare with care."),
				    in->cfg->min_baseline_for_percent);
		c->few_note = 0;
	}
	if (nr == 0 && n->by && strcmp(n->by, "new-site") == 0) {
		free(t->note);
		t->note = NULL;
	}
	free(rows);
	agg_table_free(at);
}

static const char *const band_sv[] = {"00" DASH "06", "06" DASH "12", "12" DASH "18",
				      "18" DASH "24", "Utan tid"};
static const char *const band_en[] = {"00" DASH "06", "06" DASH "12", "12" DASH "18",
				      "18" DASH "24", "No time"};

/* Weekday × four six-hour bands (and "no time" when some incidents have none) with row and
 * column totals, suppressed as a table of its own. The table and the banded heat map both
 * publish these cells with these flags, so that the two can never be played against each
 * other. v and fl are rows × cols, row-major, margins last; the caller frees both. */
struct wd_bands {
	size_t rows, cols, nb; /* rows = days + 1, cols = nb + 1 */
	int64_t *v;
	unsigned char *fl;
};

static void weekday_bands(const struct lay_ctx *c, const struct agg_cross *x,
			  struct wd_bands *b)
{
	int has_missing = x->n_cols > 24;
	size_t nb = 4 + (size_t)has_missing;
	size_t rows = x->n_rows + 1, cols = nb + 1;
	int64_t *v = xcalloc(rows * cols, sizeof(int64_t));
	for (size_t r = 0; r < x->n_rows; r++)
		for (size_t k = 0; k < x->n_cols; k++) {
			size_t band = k < 24 ? k / 6 : 4;
			int64_t n = AGG_CELL(x, r, k);
			v[r * cols + band] += n;
			v[r * cols + nb] += n;
			v[x->n_rows * cols + band] += n;
			v[x->n_rows * cols + nb] += n;
		}
	unsigned char *fl = xcalloc(rows * cols, 1);
	agg_suppress(v, rows, cols, 1, 1, c->in->cfg->small_count_threshold, fl);
	*b = (struct wd_bands){rows, cols, nb, v, fl};
}

/* Weekday × time of day in four bands (a 7 × 24 table does not fit a portrait page); the
 * banded table is suppressed again as a table of its own. */
static void build_weekday_table(struct lay_ctx *c, struct tbl *t)
{
	const struct lay_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	struct agg_cross *x = agg_weekday_hour(in->store, in->cfg, in->cur, filter(c));
	struct wd_bands wb;
	weekday_bands(c, x, &wb);
	size_t rows = wb.rows, cols = wb.cols, nb = wb.nb;
	int64_t *v = wb.v;
	unsigned char *fl = wb.fl;
	tbl_col(t, xstrdup(T(c, "Veckodag", "Weekday")), 0, 0);
	for (size_t b = 0; b < nb; b++)
		tbl_col(t, xstrdup(c->en ? band_en[b] : band_sv[b]), 0.13, 1);
	tbl_col(t, xstrdup(T(c, "Totalt", "Total")), 0.13, 1);
	tbl_widths(c, t);
	static const char *const wd_sv[] = {"Måndag", "Tisdag", "Onsdag", "Torsdag",
					    "Fredag", "Lördag", "Söndag"};
	for (size_t r = 0; r < rows; r++) {
		char **cell = tbl_row(t);
		cell[0] = xstrdup(r < x->n_rows ? (c->en ? weekday_en[r % 7] : wd_sv[r % 7])
						: T(c, "Totalt", "Total"));
		for (size_t k = 0; k < cols; k++) {
			char a[48];
			agg_fmt_cell(a, sizeof(a), v[r * cols + k], fl[r * cols + k], th);
			cell[k + 1] = xstrdup(a);
		}
	}
	t->total = 1;
	free(v);
	free(fl);
	agg_cross_free(x);
}

/* Categories × localities for the period: the numbers of the stacked bars per locality and
 * category, with the cross table's own suppression (the chart hides the same cells). */
static void build_category_locality_table(struct lay_ctx *c, struct tbl *t)
{
	const struct lay_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	struct agg_cross *x = agg_cross_by(in->store, in->cfg, AGG_CATEGORY, AGG_LOCALITY, in->cur,
					   filter(c));
	double w = x->n_cols + 1 > 0 ? 0.62 / (double)(x->n_cols + 1) : 0.1;
	tbl_col(t, xstrdup(T(c, "Kategori", "Category")), 0, 0);
	for (size_t k = 0; k < x->n_cols; k++)
		tbl_col(t, xstrdup(x->col_labels[k]), w, 1);
	tbl_col(t, xstrdup(T(c, "Totalt", "Total")), w, 1);
	tbl_widths(c, t);
	for (size_t r = 0; r <= x->n_rows; r++) {
		char **cell = tbl_row(t);
		cell[0] = xstrdup(r == x->n_rows ? T(c, "Totalt", "Total")
				  : x->row_keys[r] >= 0 ? category_label(c, x->row_keys[r])
							 : x->row_labels[r]);
		for (size_t k = 0; k <= x->n_cols; k++) {
			char a[48];
			agg_fmt_cell(a, sizeof(a), AGG_CELL(x, r, k), AGG_CELL_FLAG(x, r, k), th);
			cell[k + 1] = xstrdup(a);
		}
	}
	t->total = 1;
	agg_cross_free(x);
}

/* Measures (insatser) by department: how many, hours, cost, people reached. */
static void build_measures_by(struct lay_ctx *c, const struct tpl_node *n, struct tbl *t)
{
	const struct lay_input *in = c->in;
	enum agg_dim dim = dim_of(n->by);
	struct agg_measure_table *m = agg_measures_by(in->store, in->cfg, dim, in->cur, filter(c));
	tbl_col(t, xstrdup(dim_title(c, dim)), 0, 0);
	tbl_col(t, xstrdup(T(c, "Insatser", "Measures")), 0.13, 1);
	tbl_col(t, xstrdup(T(c, "Timmar", "Hours")), 0.13, 1);
	tbl_col(t, xstrdup(T(c, "Kostnad", "Cost")), 0.17, 1);
	tbl_col(t, xstrdup(T(c, "Nådda", "Reached")), 0.13, 1);
	tbl_widths(c, t);
	for (size_t r = 0; r <= m->n_rows && m->total.n > 0; r++) {
		const struct agg_measure_row *row = r < m->n_rows ? &m->rows[r] : &m->total;
		if (r < m->n_rows && row->n == 0)
			continue;
		char **cell = tbl_row(t);
		char a[64];
		cell[0] = xstrdup(r < m->n_rows ? (row->key == AGG_KEY_MISSING
							   ? T(c, "Hela kommunen", "Whole municipality")
							   : row->label)
						: T(c, "Totalt", "Total"));
		util_fmt_int(a, sizeof(a), row->n);
		cell[1] = xstrdup(a);
		util_fmt_int(a, sizeof(a), (row->hours_x100 + 50) / 100);
		cell[2] = xstrdup(a);
		util_fmt_kr(a, sizeof(a), row->cost_ore);
		cell[3] = xstrdup(a);
		agg_fmt_cell(a, sizeof(a), row->people, row->flag_people,
			     in->cfg->small_count_threshold);
		cell[4] = xstrdup(a);
	}
	t->total = t->nrows > 0;
	agg_measure_table_free(m);
}

/* Measures that overlap the period, in start order as the export lists them. */
static void build_measures_list(struct lay_ctx *c, struct tbl *t)
{
	const struct lay_input *in = c->in;
	const struct rec_store *s = in->store;
	tbl_col(t, xstrdup(T(c, "Insats", "Measure")), 0, 0);
	tbl_col(t, xstrdup(T(c, "Förvaltning", "Department")), 0.26, 0);
	tbl_col(t, xstrdup(T(c, "Ort", "Locality")), 0.12, 0);
	tbl_col(t, xstrdup(T(c, "Timmar", "Hours")), 0.09, 1);
	tbl_col(t, xstrdup(T(c, "Kostnad", "Cost")), 0.13, 1);
	tbl_col(t, xstrdup(T(c, "Nådda", "Reached")), 0.09, 1);
	tbl_widths(c, t);
	int64_t hours = 0, cost = 0;
	size_t n = 0;
	for (size_t i = 0; i < s->n_measures; i++) {
		const struct measure *m = &s->measures[i];
		if (m->end < in->cur->first || m->start > in->cur->last)
			continue;
		if (c->dept != AGG_ALL && m->department != c->dept)
			continue;
		char **row = tbl_row(t);
		char num[64];
		hours += m->hours_x100;
		cost += m->cost_ore;
		n++;
		row[0] = xstrdup(rec_str(s, m->name));
		row[1] = xstrdup(in->cfg->departments[m->department].name);
		row[2] = xstrdup(m->locality < in->cfg->n_localities
					 ? in->cfg->localities[m->locality].name
					 : T(c, "Hela kommunen", "Whole municipality"));
		util_fmt_int(num, sizeof(num), (m->hours_x100 + 50) / 100);
		row[3] = xstrdup(num);
		util_fmt_kr(num, sizeof(num), m->cost_ore);
		row[4] = xstrdup(num);
		/* people reached is not a count of events or of persons involved in one */
		util_fmt_int(num, sizeof(num), m->people);
		row[5] = xstrdup(num);
	}
	if (n == 0)
		return;
	char **row = tbl_row(t);
	char num[64];
	row[0] = xasprintf("%s (%zu)", T(c, "Totalt", "Total"), n);
	row[1] = xstrdup("");
	row[2] = xstrdup("");
	util_fmt_int(num, sizeof(num), (hours + 50) / 100);
	row[3] = xstrdup(num);
	util_fmt_kr(num, sizeof(num), cost);
	row[4] = xstrdup(num);
	row[5] = xstrdup("");
	t->total = 1;
}

static void build_quality(struct lay_ctx *c, struct tbl *t)
{
	const struct rec_store *s = c->in->store;
	tbl_col(t, xstrdup(T(c, "Källa", "Source")), 0, 0);
	tbl_col(t, xstrdup(T(c, "Lästa", "Read")), 0.14, 1);
	tbl_col(t, xstrdup(T(c, "Godkända", "Accepted")), 0.14, 1);
	tbl_col(t, xstrdup(T(c, "Avvisade", "Rejected")), 0.14, 1);
	tbl_col(t, xstrdup(T(c, "Dubbletter", "Duplicates")), 0.14, 1);
	tbl_widths(c, t);
	long tot[4] = {0};
	for (size_t i = 0; i <= s->n_sources; i++) {
		const struct rec_source_stats *st = i < s->n_sources ? &s->sources[i] : NULL;
		long v[4];
		char **row = tbl_row(t);
		if (st) {
			v[0] = st->read, v[1] = st->accepted, v[2] = st->rejected, v[3] = st->duplicates;
			for (int k = 0; k < 4; k++)
				tot[k] += v[k];
			const char *b = strrchr(st->file, '/');
			row[0] = xasprintf("%s%s", b ? b + 1 : st->file,
					   st->failed ? T(c, " (kunde inte läsas)", " (could not be read)") : "");
		} else {
			memcpy(v, tot, sizeof(v));
			row[0] = xstrdup(T(c, "Totalt", "Total"));
		}
		for (int k = 0; k < 4; k++) {
			/* counts of rows, not of events: not subject to suppression */
			char num[48];
			util_fmt_int(num, sizeof(num), v[k]);
			row[1 + k] = xstrdup(num);
		}
	}
	t->total = 1;
	t->caption = xstrdup(T(c, "Rader per källa", "Rows per source"));
}

static void build_cost(struct lay_ctx *c, const struct tpl_node *n, struct tbl *t)
{
	const struct lay_input *in = c->in;
	int cat = category_id(in->cfg, n->category ? n->category : "");
	if (cat < 0)
		return; /* tpl_check_config refused it already */
	unsigned char fc, fb = 0;
	int64_t cc, cb = 0;
	int64_t nc = count_of(c, cat, in->cur, &fc, &cc);
	int64_t nb = in->base ? count_of(c, cat, in->base, &fb, &cb) : 0;
	tbl_col(t, xstrdup(T(c, "Period", "Period")), 0, 0);
	tbl_col(t, xstrdup(T(c, "Kostnad", "Cost")), 0.25, 1);
	tbl_col(t, xstrdup(T(c, "Händelser", "Incidents")), 0.25, 1);
	tbl_widths(c, t);
	for (int k = 0; k < (in->base ? 2 : 1); k++) {
		char **row = tbl_row(t);
		char a[96];
		period_text(c, k ? in->base : in->cur, 1, a, sizeof(a));
		row[0] = xstrdup(a);
		util_fmt_kr(a, sizeof(a), k ? cb : cc);
		row[1] = xstrdup(a);
		agg_fmt_cell(a, sizeof(a), k ? nb : nc, k ? fb : fc, in->cfg->small_count_threshold);
		row[2] = xstrdup(a);
	}
	const char *label = category_label(c, cat);
	/* the label starts a sentence elsewhere; inside the caption it is lower case */
	char *lower = xstrdup(label);
	if ((unsigned char)lower[0] < 0x80 && lower[0] >= 'A' && lower[0] <= 'Z')
		lower[0] = (char)(lower[0] + 32);
	t->caption = xasprintf(T(c, "Kostnad för %s", "Cost of %s"), lower);
	if (in->base && cb > 0) {
		char a[64], b[64], pct[48], pcs[96], pbs[96];
		util_fmt_kr(a, sizeof(a), cc);
		util_fmt_kr(b, sizeof(b), cb);
		util_fmt_pct_change(pct, sizeof(pct), cb, cc);
		period_text(c, in->cur, 0, pcs, sizeof(pcs));
		period_text(c, in->base, 0, pbs, sizeof(pbs));
		t->note = xasprintf(T(c, "Kostnaden för %s var %s under %s mot %s under %s (%s).",
				      "The cost of %s was %s in %s against %s in %s (%s)."),
				    lower, a, pcs, b, pbs, pct);
	}
	free(lower);
}

/* Any block that is a table: fills t and returns 1. */
static int block_table_of(struct lay_ctx *c, const struct tpl_node *n, struct tbl *t)
{
	memset(t, 0, sizeof(*t));
	switch (n->kind) {
	case TPL_TABLE:
		if (n->by && (strcmp(n->by, "time-of-day") == 0 ||
			      strcmp(n->by, "category-locality") == 0)) {
			if (strcmp(n->by, "time-of-day") == 0)
				build_weekday_table(c, t);
			else
				build_category_locality_table(c, t);
			if (n->title)
				t->caption = expand(c, tpl_text(n->title, n->title_en, c->en ? "en" : "sv"));
		}
		else
			build_table(c, n, t);
		return 1;
	case TPL_MEASURES:
		if (n->by)
			build_measures_by(c, n, t);
		else
			build_measures_list(c, t);
		return 1;
	case TPL_QUALITY: build_quality(c, t); return 1;
	case TPL_COST: build_cost(c, n, t); return 1;
	default: return 0;
	}
}

/* ---- charts ---- */

static double chart_height(const struct tpl_node *n)
{
	if (n->type && strcmp(n->type, "heatmap") == 0)
		return 210;
	if (n->type && strcmp(n->type, "line") == 0)
		return 220;
	if (n->type && strcmp(n->type, "top-bars") == 0)
		return 40 + 20.0 * (n->top ? n->top : 10);
	return 250;
}

static void block_chart(struct lay_ctx *c, const struct tpl_node *n)
{
	const struct lay_input *in = c->in;
	char *title = n->title ? expand(c, tpl_text(n->title, n->title_en, c->en ? "en" : "sv"))
			       : NULL;
	double h = chart_height(n);
	struct chart_scene *scene = xcalloc(1, sizeof(*scene));
	int type = chart_type_from_name(n->type ? n->type : "grouped-bars");
	const char *unit = T(c, "Antal händelser", "Number of incidents");
	if (type == CHART_HEATMAP) {
		struct agg_cross *x = agg_weekday_hour(in->store, in->cfg, in->cur, filter(c));
		int th = in->cfg->small_count_threshold;
		/* Hours when the incidents with a time could fill every cell up to the threshold
		 * (7 × 24 × threshold); fewer would make a map of "<3", so then the four bands of
		 * the weekday table. Incidents without a time are in the table only. */
		int64_t timed = 0;
		for (size_t r = 0; r < 7 && r < x->n_rows; r++)
			for (size_t k = 0; k < 24; k++)
				timed += AGG_CELL(x, r, k);
		int hourly = timed >= (int64_t)7 * 24 * th;
		size_t nc = hourly ? 24 : 4;
		int64_t *v = xcalloc(7 * nc, sizeof(int64_t));
		unsigned char *hidden = xcalloc(7 * nc, 1);
		struct wd_bands wb = {0};
		if (!hourly)
			weekday_bands(c, x, &wb);
		for (size_t r = 0; r < 7 && r < x->n_rows; r++)
			for (size_t k = 0; k < nc; k++) {
				v[r * nc + k] = hourly ? AGG_CELL(x, r, k) : wb.v[r * wb.cols + k];
				unsigned char fl = hourly ? AGG_CELL_FLAG(x, r, k) : wb.fl[r * wb.cols + k];
				hidden[r * nc + k] = fl == AGG_HIDE_SECONDARY;
			}
		static const char *const wd_en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
		struct chart_heatmap_input hi = {
			.title = title,
			.n_rows = 7,
			.row_labels = c->en ? wd_en : NULL,
			.n_cols = nc,
			.col_labels = hourly ? NULL : c->en ? band_en : band_sv,
			.values = v,
			.threshold = th,
			.rgb = CHART_AUTO,
			.unit = hourly ? T(c, "Antal händelser per timme", "Incidents per hour")
				       : T(c, "Antal händelser per sex timmar", "Incidents per six hours"),
			.hidden = hidden,
		};
		chart_heatmap(&hi, c->fonts, c->width, h, scene);
		free(v);
		free(hidden);
		free(wb.v);
		free(wb.fl);
		agg_cross_free(x);
	} else if (type == CHART_STACKED) {
		/* the groups of `by` with one segment per category */
		struct agg_cross *x = agg_cross_by(in->store, in->cfg, dim_of(n->by), AGG_CATEGORY,
						   in->cur, filter(c));
		struct chart_series *series = xcalloc(x->n_cols, sizeof(*series));
		for (size_t k = 0; k < x->n_cols; k++) {
			int key = x->col_keys[k];
			series[k].name = key >= 0 ? category_label(c, key) : x->col_labels[k];
			series[k].rgb = key >= 0 ? in->cfg->categories[key].colour : CHART_AUTO;
		}
		int64_t *v = xcalloc(x->n_rows * x->n_cols + 1, sizeof(int64_t));
		unsigned char *hidden = xcalloc(x->n_rows * x->n_cols + 1, 1);
		for (size_t r = 0; r < x->n_rows; r++)
			for (size_t k = 0; k < x->n_cols; k++) {
				v[r * x->n_cols + k] = AGG_CELL(x, r, k);
				hidden[r * x->n_cols + k] =
					AGG_CELL_FLAG(x, r, k) == AGG_HIDE_SECONDARY;
			}
		struct chart_grouped_input ci = {
			.title = title, .n_groups = x->n_rows, .group_labels = x->row_labels,
			.n_series = x->n_cols, .series = series, .values = v,
			.threshold = in->cfg->small_count_threshold, .unit = unit,
			.hidden = hidden,
		};
		chart_draw(CHART_STACKED, &ci, c->fonts, c->width, h, scene);
		free(v);
		free(hidden);
		free(series);
		agg_cross_free(x);
	} else {
		struct period trend;
		const struct period *cur, *base;
		struct agg_table *t = table_data(c, n, &trend, &cur, &base);
		if (type == CHART_TOP)
			base = NULL; /* top-N bars: the current period, largest first */
		size_t nr;
		struct tpl_node sorted = *n;
		if (type == CHART_TOP)
			sorted.sort = "count";
		const struct agg_row **rows = pick_rows(c, &sorted, t, &nr);
		size_t ns = base ? 2 : 1;
		const char **labels = xcalloc(nr + 1, sizeof(char *));
		char(*lbuf)[96] = xcalloc(nr + 1, sizeof(*lbuf));
		int64_t *values = xcalloc((nr + 1) * ns, sizeof(int64_t));
		unsigned char *hidden = xcalloc((nr + 1) * ns, 1);
		for (size_t i = 0; i < nr; i++) {
			labels[i] = row_label(c, dim_of(n->by), rows[i], lbuf[i], sizeof(lbuf[i]));
			values[i * ns] = rows[i]->count_cur;
			hidden[i * ns] = rows[i]->flag_cur == AGG_HIDE_SECONDARY;
			if (ns == 2) {
				values[i * ns + 1] = rows[i]->count_base;
				hidden[i * ns + 1] = rows[i]->flag_base == AGG_HIDE_SECONDARY;
			}
		}
		char pc[96], pb[96];
		period_text(c, in->cur, 1, pc, sizeof(pc));
		period_text(c, base, 1, pb, sizeof(pb));
		struct chart_series series[2] = {{cur == &trend ? T(c, "Händelser", "Incidents") : pc,
						  C_ACCENT},
						 {pb, C_BASE}};
		struct chart_grouped_input ci = {
			.title = title, .n_groups = nr, .group_labels = labels, .n_series = ns,
			.series = series, .values = values,
			.threshold = in->cfg->small_count_threshold, .unit = unit, .hidden = hidden,
		};
		chart_draw(type < 0 ? CHART_GROUPED : (enum chart_type)type, &ci, c->fonts, c->width,
			   h, scene);
		free(labels);
		free(lbuf);
		free(values);
		free(hidden);
		free(rows);
		agg_table_free(t);
	}
	ensure(c, h + 10);
	lay_chart(c->page, MARGIN_L, c->y, c->width, h, scene);
	c->y += h + 12;
	free(title);
}

/* ---- generated sentences ---- */

/* "1 händelse" / "3 händelser"; n is the published text of the count. */
static void count_noun(struct sbuf *s, const struct lay_ctx *c, const char *n, int64_t v,
		       unsigned char flag)
{
	/* "<3 händelser": a hidden count reads as a plural */
	int one = v == 1 && flag == AGG_SHOW;
	if (c->en)
		sbuf_printf(s, "%s %s", n, one ? "incident" : "incidents");
	else
		sbuf_printf(s, "%s %s", n, one ? "händelse" : "händelser");
}

/* One sentence about a count against the baseline. label starts the sentence. Neither
 * direction nor percent is given when a count is hidden; "ökade"/"minskade" agree with any
 * subject, and an unchanged count is said without an adjective, whose gender would depend on
 * the category's noun ("Klotter var oförändrat", "Skadegörelse var oförändrad"). */
static void sentence(struct lay_ctx *c, struct sbuf *s, const char *label, int64_t cur,
		     unsigned char fc, int64_t base, unsigned char fb)
{
	const struct lay_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	char a[48], b[48], pct[48], pcs[96], pbs[96];
	agg_fmt_cell(a, sizeof(a), cur, fc, th);
	agg_fmt_cell(b, sizeof(b), base, fb, th);
	period_text(c, in->cur, 0, pcs, sizeof(pcs));
	period_text(c, in->base, 0, pbs, sizeof(pbs));
	if (fc || fb) {
		sbuf_printf(s, T(c, "%s: ", "%s: "), label);
		count_noun(s, c, a, cur, fc);
		sbuf_printf(s, T(c, " under %s mot %s under %s.", " in %s against %s in %s."), pcs, b,
			    pbs);
	} else if (cur == base) {
		sbuf_printf(s, T(c, "%s låg kvar på ", "%s stayed at "), label);
		count_noun(s, c, a, cur, fc);
		sbuf_printf(s, T(c, ", lika många som %s.", ", the same as in %s."), pbs);
	} else if (base == 0) {
		sbuf_printf(s, "%s: ", label);
		count_noun(s, c, a, cur, fc);
		sbuf_printf(s, T(c, " under %s, mot inga under %s.", " in %s, against none in %s."),
			    pcs, pbs);
	} else {
		util_fmt_pct_change(pct, sizeof(pct), base, cur);
		const char *verb = cur > base ? T(c, "ökade", "increased") : T(c, "minskade", "decreased");
		sbuf_printf(s, T(c, "%s %s från %s till %s (%s) jämfört med %s.",
				 "%s %s from %s to %s (%s) compared with %s."),
			    label, verb, b, a, pct, pbs);
		if (base < in->cfg->min_baseline_for_percent)
			sbuf_add(s, T(c, " Få fall: jämför med försiktighet.",
				      " Few cases: compare with care."));
	}
}

static void bullet(struct lay_ctx *c, const char *text)
{
	double lh = BODY * LEADING;
	struct lines l = break_lines(c, text, FONT_REGULAR, BODY, c->width - 14);
	ensure(c, lh * (double)(l.n < 3 ? l.n : 2));
	lines_free(&l);
	lay_text(c->page, MARGIN_L + 4, c->y + BODY, FONT_REGULAR, BODY, C_ACCENT, "\xE2\x80\xA2");
	paragraph(c, text, FONT_REGULAR, BODY, C_TEXT, 14);
	c->y -= BODY * 0.4;
}

/* A sentence for the total, one per category that happened in either period, and one for
 * the measures. */
static void block_summary(struct lay_ctx *c)
{
	const struct lay_input *in = c->in;
	if (!in->base)
		return;
	struct agg_table *t =
		agg_table_by(in->store, in->cfg, AGG_CATEGORY, in->cur, in->base, filter(c));
	struct sbuf s = {0};
	sentence(c, &s, T(c, "Det totala antalet händelser", "The total number of incidents"),
		 t->total.count_cur, t->total.flag_cur, t->total.count_base, t->total.flag_base);
	bullet(c, sbuf_str(&s));
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct agg_row *r = &t->rows[i];
		if (r->count_cur == 0 && r->count_base == 0)
			continue;
		sbuf_reset(&s);
		sentence(c, &s, category_label(c, r->key), r->count_cur, r->flag_cur, r->count_base,
			 r->flag_base);
		bullet(c, sbuf_str(&s));
	}
	struct measure_sums m = measure_sums(c, in->cur);
	if (m.n > 0) {
		char h[48], kr[64], pcs[96];
		util_fmt_int(h, sizeof(h), (m.hours_x100 + 50) / 100);
		util_fmt_kr(kr, sizeof(kr), m.cost_ore);
		period_text(c, in->cur, 0, pcs, sizeof(pcs));
		sbuf_reset(&s);
		/* A number of measures is the municipality's own work, never suppressed. Hours and
		 * costs are reported per measure for its whole run, which may be longer than the
		 * period (a summer-long measure in a July report): the sentence says so. */
		if (c->en)
			sbuf_printf(&s, "In %s %s %lld %s, reporting %s hours and %s over %s whole run.",
				    pcs, m.n == 1 ? "there was" : "there were", (long long)m.n,
				    m.n == 1 ? "measure" : "measures", h, kr, m.n == 1 ? "its" : "their");
		else if (m.n == 1)
			sbuf_printf(&s, "Under %s pågick en insats, som för hela sin löptid redovisar %s timmar och %s.",
				    pcs, h, kr);
		else
			sbuf_printf(&s, "Under %s pågick %lld insatser, som för hela sin löptid redovisar sammanlagt %s timmar och %s.",
				    pcs, (long long)m.n, h, kr);
		bullet(c, sbuf_str(&s));
	}
	sbuf_free(&s);
	c->y += BODY * 0.6;
	agg_table_free(t);
}

/* ---- key-figure tiles ---- */

#define TILE_H 84.0

static void tile_value(struct lay_ctx *c, const char *value, const struct period *p, char *buf,
		       size_t size, int64_t *num, unsigned char *flag)
{
	const struct lay_input *in = c->in;
	const char *colon = strchr(value, ':');
	*num = 0;
	*flag = 0;
	if (colon) {
		int cat = category_id(in->cfg, colon + 1);
		int64_t cost;
		*num = count_of(c, cat, p, flag, &cost);
		if (strncmp(value, "cost:", 5) == 0) {
			*num = cost;
			*flag = 0;
			util_fmt_kr(buf, size, cost);
		} else {
			agg_fmt_cell(buf, size, *num, *flag, in->cfg->small_count_threshold);
		}
	} else if (strcmp(value, "incidents_total") == 0) {
		*num = count_of(c, -1, p, flag, NULL);
		agg_fmt_cell(buf, size, *num, *flag, in->cfg->small_count_threshold);
	} else if (strcmp(value, "cost_total") == 0) {
		*num = agg_total_cost(in->store, p, filter(c));
		util_fmt_kr(buf, size, *num);
	} else {
		struct measure_sums m = measure_sums(c, p);
		if (strcmp(value, "measures_count") == 0) {
			*num = m.n;
			util_fmt_int(buf, size, m.n);
		} else if (strcmp(value, "measures_hours") == 0) {
			*num = (m.hours_x100 + 50) / 100;
			util_fmt_int(buf, size, *num);
		} else {
			*num = m.cost_ore;
			util_fmt_kr(buf, size, m.cost_ore);
		}
	}
}

static void block_tiles(struct lay_ctx *c, const struct tpl_node *n)
{
	const struct lay_input *in = c->in;
	size_t k = 0;
	for (size_t i = 0; i < n->n_children; i++)
		k += tpl_in_lang(&n->children[i], c->en ? "en" : "sv");
	if (k == 0)
		return;
	ensure(c, TILE_H + 12);
	double gap = 10, w = (c->width - gap * (double)(k - 1)) / (double)k;
	double x = MARGIN_L;
	for (size_t i = 0; i < n->n_children; i++) {
		const struct tpl_node *t = &n->children[i];
		if (!tpl_in_lang(t, c->en ? "en" : "sv"))
			continue;
		char v[64], b[64], ch[48];
		int64_t nc, nb = 0;
		unsigned char fc, fb = 0;
		tile_value(c, t->value, in->cur, v, sizeof(v), &nc, &fc);
		lay_rect(c->page, x, c->y, w, TILE_H, C_BAND);
		lay_rect(c->page, x, c->y, 3, TILE_H, C_ACCENT);
		lay_text(c->page, x + 12, c->y + 30, FONT_BOLD, 21, C_ACCENT, v);
		char *label = expand(c, tpl_text(t->label, t->label_en, c->en ? "en" : "sv"));
		char *fl = fit_text(c, FONT_REGULAR, 9, label, w - 18);
		lay_text(c->page, x + 12, c->y + 47, FONT_REGULAR, 9, C_TEXT, fl);
		free(fl);
		free(label);
		if (in->base) {
			tile_value(c, t->value, in->base, b, sizeof(b), &nb, &fb);
			change_text(c, ch, sizeof(ch), nb, fb, nc, fc);
			c->few_note = 0;
			/* the year alone: a tile is narrow, and the caption names the baseline */
			char *line = xasprintf("%d: %s", in->base->year, b);
			char *fit = fit_text(c, FONT_REGULAR, 8.5, line, w - 18);
			lay_text(c->page, x + 12, c->y + 62, FONT_REGULAR, 8.5, C_MUTED, fit);
			free(fit);
			free(line);
			line = xasprintf("%s %s", T(c, "Förändring", "Change"), ch);
			fit = fit_text(c, FONT_REGULAR, 8.5, line, w - 18);
			lay_text(c->page, x + 12, c->y + 74, FONT_REGULAR, 8.5, C_MUTED, fit);
			free(fit);
			free(line);
		}
		x += w + gap;
	}
	c->y += TILE_H + 14;
}

/* ---- blocks ---- */

static double block_first_height(struct lay_ctx *c, const struct tpl_node *n)
{
	struct tbl t;
	double h = BODY * LEADING * 2;
	switch (n->kind) {
	case TPL_PARAGRAPH: {
		char *s = expand(c, tpl_text(n->text, NULL, NULL));
		h = paragraph_height(c, s, BODY, 0, 2);
		free(s);
		break;
	}
	case TPL_HEADING: h = 12.5 * 1.7 + 12.5 * 0.8 + BODY * LEADING * 2; break;
	case TPL_TILES: h = TILE_H + 14; break;
	case TPL_CHART: h = chart_height(n) + 12; break;
	case TPL_TABLE:
	case TPL_MEASURES:
	case TPL_QUALITY:
	case TPL_COST:
		if (block_table_of(c, n, &t))
			h = table_first_height(c, t.caption != NULL, t.nrows);
		c->few_note = 0;
		tbl_free(&t);
		break;
	default: break;
	}
	return h;
}

static void blocks(struct lay_ctx *c, const struct tpl_node *v, size_t n);
static double keep_height(struct lay_ctx *c, const struct tpl_node *v, size_t from, size_t n);

static void block(struct lay_ctx *c, const struct tpl_node *n)
{
	const char *lang = c->en ? "en" : "sv";
	struct tbl t;
	switch (n->kind) {
	case TPL_PARAGRAPH: {
		char *s = expand(c, n->text);
		paragraph(c, s, FONT_REGULAR, BODY, C_TEXT, 0);
		free(s);
		break;
	}
	case TPL_HEADING: {
		char *s = expand(c, n->text);
		heading(c, s, 1);
		free(s);
		break;
	}
	case TPL_SUMMARY: block_summary(c); break;
	case TPL_TILES: block_tiles(c, n); break;
	case TPL_CHART: block_chart(c, n); break;
	case TPL_TABLE:
	case TPL_MEASURES:
	case TPL_QUALITY:
	case TPL_COST:
		block_table_of(c, n, &t);
		tbl_emit(c, &t);
		tbl_free(&t);
		if (n->kind == TPL_QUALITY && c->in->store->n_rejects > 0) {
			char *msg = xasprintf(
				T(c, "%zu rader avvisades. Kommandot \"trygg check\" listar dem med fil, rad och skäl, så att förvaltningen kan rätta sitt underlag.",
				  "%zu rows were rejected. The command \"trygg check\" lists them with file, line and reason, so that the department can correct its export."),
				c->in->store->n_rejects);
			paragraph(c, msg, FONT_REGULAR, BODY, C_TEXT, 0);
			free(msg);
		}
		break;
	case TPL_PAGEBREAK:
		if (c->y > MARGIN_T)
			new_page(c);
		break;
	case TPL_SECTION:
	case TPL_DEPARTMENTS: {
		char *title = expand(c, tpl_text(n->title, n->title_en, lang));
		/* a department's section is a hand-out of its own: it starts a page */
		if (n->kind == TPL_DEPARTMENTS && c->y > MARGIN_T)
			new_page(c);
		c->next_h = keep_height(c, n->children, 0, n->n_children);
		heading(c, title, 0);
		c->n_sections++;
		free(title);
		blocks(c, n->children, n->n_children);
		break;
	}
	case TPL_COVER:
	case TPL_TOC:
	case TPL_TILE:
		break;
	}
}

/* What a heading keeps with it from blocks v[from..n): the first part of the first block,
 * and when that is an introductory paragraph (or two), the first part of the block they
 * introduce as well — a heading and its introduction alone at the foot of a page, with the
 * chart on the next, read as badly as a lone heading. */
static double keep_height(struct lay_ctx *c, const struct tpl_node *v, size_t from, size_t n)
{
	const char *lang = c->en ? "en" : "sv";
	double h = 0;
	int paragraphs = 0;
	for (size_t k = from; k < n; k++) {
		if (!tpl_in_lang(&v[k], lang))
			continue;
		double b = block_first_height(c, &v[k]);
		if (v[k].kind == TPL_PARAGRAPH && paragraphs < 2) {
			char *s = expand(c, v[k].text);
			b = paragraph_height(c, s, BODY, 0, 1000);
			free(s);
			if (h + b > (page_bottom(c) - MARGIN_T) / 3)
				return h + block_first_height(c, &v[k]);
			h += b;
			paragraphs++;
			continue;
		}
		h += b;
		break;
	}
	if (h > page_bottom(c) - MARGIN_T - 60)
		h = page_bottom(c) - MARGIN_T - 60;
	return h;
}

/* Blocks in order, each knowing its successor (for keep-with-next). */
static void blocks(struct lay_ctx *c, const struct tpl_node *v, size_t n)
{
	const char *lang = c->en ? "en" : "sv";
	for (size_t i = 0; i < n; i++) {
		if (!tpl_in_lang(&v[i], lang))
			continue;
		if (v[i].kind == TPL_HEADING)
			c->next_h = keep_height(c, v, i + 1, n);
		block(c, &v[i]);
	}
}

/* One section per department (or, in a department's own version, that department's only). */
static void department_sections(struct lay_ctx *c, const struct tpl_node *n, int only)
{
	const struct config *cfg = c->in->cfg;
	for (size_t d = 0; d < cfg->n_departments; d++) {
		if (only != AGG_ALL && (int)d != only)
			continue;
		c->dept = (int)d;
		c->filter = (struct agg_filter){AGG_ALL, AGG_ALL, (int)d};
		block(c, n);
		c->dept = AGG_ALL;
		c->filter = (struct agg_filter){AGG_ALL, AGG_ALL, AGG_ALL};
	}
}

static void cover(struct lay_ctx *c, const struct tpl_node *n)
{
	struct lay_page *p = c->page;
	const char *lang = c->en ? "en" : "sv";
	double w = c->doc->width;
	lay_rect(p, 0, 0, w, 300, C_ACCENT);
	char *title = expand(c, tpl_text(n->title, n->title_en, lang));
	const char *st = tpl_text(n->subtitle, n->subtitle_en, lang);
	char *sub = st ? expand(c, st) : NULL;
	/* the cover title wraps in white on the accent band */
	double size = 26;
	struct lay_ctx tmp = *c;
	tmp.y = 170 - size;
	tmp.width = w - 2 * MARGIN_L;
	paragraph(&tmp, title, FONT_BOLD, size, 0xFFFFFF, 0);
	if (sub)
		lay_text(p, MARGIN_L, 270, FONT_REGULAR, 13, 0xFFFFFF, sub);
	char who[128];
	if (c->en)
		snprintf(who, sizeof(who), "%s municipality", c->in->cfg->municipality);
	else
		municipality_genitive(who, sizeof(who), c->in->cfg->municipality);
	if (c->in->logo_rgb && c->in->logo_w > 0 && c->in->logo_h > 0) {
		/* Right under the band, right-aligned, in a 150 × 80 pt box with its aspect
		 * ratio kept: composited over white, a logo sits on the white page without a
		 * frame, and the texts on the left keep their places. */
		double bw = 150, bh = 80;
		double sc = bw / c->in->logo_w < bh / c->in->logo_h ? bw / c->in->logo_w
								   : bh / c->in->logo_h;
		double lw = sc * c->in->logo_w, lh = sc * c->in->logo_h;
		lay_image(p, w - MARGIN_R - lw, 330, lw, lh, c->in->logo_rgb, c->in->logo_w,
			  c->in->logo_h);
	}
	lay_text(p, MARGIN_L, 360, FONT_BOLD, 14, C_TEXT, who);
	if (c->in->cfg->author)
		lay_text(p, MARGIN_L, 380, FONT_REGULAR, 11, C_MUTED, c->in->cfg->author);
	int y1, m1, d1, y2, m2, d2;
	rec_day_to_ymd(c->in->cur->first, &y1, &m1, &d1);
	rec_day_to_ymd(c->in->cur->last, &y2, &m2, &d2);
	char *range = xasprintf("%s: %04d-%02d-%02d " DASH " %04d-%02d-%02d",
				T(c, "Period", "Period"), y1, m1, d1, y2, m2, d2);
	lay_text(p, MARGIN_L, 410, FONT_REGULAR, 11, C_TEXT, range);
	free(range);
	if (c->in->base) {
		rec_day_to_ymd(c->in->base->first, &y1, &m1, &d1);
		rec_day_to_ymd(c->in->base->last, &y2, &m2, &d2);
		char *br = xasprintf("%s: %04d-%02d-%02d " DASH " %04d-%02d-%02d",
				     T(c, "Jämförelseperiod", "Baseline"), y1, m1, d1, y2, m2, d2);
		lay_text(p, MARGIN_L, 428, FONT_REGULAR, 11, C_TEXT, br);
		free(br);
	}
	if (c->in->department) {
		char *v = xasprintf(T(c, "Version för %s (%s)", "Version for %s (%s)"),
				    c->in->department->name,
				    c->in->department->head ? c->in->department->head : "");
		lay_text(p, MARGIN_L, 456, FONT_BOLD, 11, C_ACCENT, v);
		free(v);
	}
	lay_text(p, MARGIN_L, c->doc->height - 90, FONT_REGULAR, 9, C_MUTED,
		 T(c, "Framtagen med trygg " TRYGG_VERSION " ur förvaltningarnas egna underlag.",
		   "Made with trygg " TRYGG_VERSION " from the departments' own records."));
	free(c->doc->title);
	c->doc->title = title;
	free(sub);
}

/* The table of contents: one line per section of the previous pass, with its page number,
 * dot leaders, and a link over the whole line to where the section starts. */
static void toc(struct lay_ctx *c, const struct tpl_node *n)
{
	const char *lang = c->en ? "en" : "sv";
	const char *title = tpl_text(n->title, n->title_en, lang);
	if (!title)
		title = T(c, "Innehåll", "Contents");
	if (c->y > MARGIN_T)
		new_page(c);
	lay_text(c->page, MARGIN_L, c->y + 17, FONT_BOLD, 17, C_ACCENT, title);
	c->y += 17 * 2.2;
	const struct lay_doc *prev = c->prev;
	for (size_t i = 0; prev && i < prev->n_outlines; i++) {
		const struct lay_outline *o = &prev->outlines[i];
		if (o->level != 0)
			continue;
		double lh = 22;
		ensure(c, lh);
		char num[16];
		snprintf(num, sizeof(num), "%d", o->page + 1);
		double nw = text_w(c, FONT_REGULAR, 11, num);
		double right = MARGIN_L + c->width;
		char *t = fit_text(c, FONT_REGULAR, 11, o->title, c->width - 60);
		double tw = text_w(c, FONT_REGULAR, 11, t);
		lay_text(c->page, MARGIN_L, c->y + 11, FONT_REGULAR, 11, C_TEXT, t);
		lay_line(c->page, MARGIN_L + tw + 6, c->y + 11, right - nw - 6, c->y + 11, 0.4, C_RULE);
		lay_text(c->page, right - nw, c->y + 11, FONT_REGULAR, 11, C_TEXT, num);
		lay_link(c->page, MARGIN_L, c->y - 2, c->width, lh - 4, o->page, o->y);
		free(t);
		c->y += lh;
	}
}

/* Running header (municipality left, the section in force right) and footer (report title
 * left, "Sida N av M" right) on every page but the cover. */
static void header_footer(struct lay_ctx *c, int has_cover)
{
	size_t n = c->doc->n_pages;
	char who[128];
	if (c->en)
		snprintf(who, sizeof(who), "%s municipality", c->in->cfg->municipality);
	else
		municipality_genitive(who, sizeof(who), c->in->cfg->municipality);
	for (size_t i = 0; i < n; i++) {
		struct lay_page *p = &c->doc->pages[i];
		char *s = xasprintf(T(c, "Sida %zu av %zu", "Page %zu of %zu"), i + 1, n);
		double y = c->doc->height - 40;
		double tw = text_w(c, FONT_REGULAR, 8.5, s);
		lay_text(p, c->doc->width - MARGIN_R - tw, y, FONT_REGULAR, 8.5, C_MUTED, s);
		free(s);
		if (i == 0 && has_cover)
			continue;
		lay_line(p, MARGIN_L, y - 12, c->doc->width - MARGIN_R, y - 12, 0.4, C_RULE);
		lay_text(p, MARGIN_L, y, FONT_REGULAR, 8.5, C_MUTED, c->doc->title ? c->doc->title : "");
		/* the section in force at the top of the page: one starting right there, else the
		 * last one started before */
		const char *sect = NULL;
		for (size_t k = 0; k < c->doc->n_outlines; k++) {
			const struct lay_outline *o = &c->doc->outlines[k];
			if (o->level == 0 && (o->page < (int)i || (o->page == (int)i && o->y <= MARGIN_T + 1)))
				sect = o->title;
		}
		double hy = 40;
		lay_text(p, MARGIN_L, hy, FONT_REGULAR, 8.5, C_MUTED, who);
		if (sect) {
			char *f = fit_text(c, FONT_REGULAR, 8.5, sect, c->width * 0.6);
			double sw = text_w(c, FONT_REGULAR, 8.5, f);
			lay_text(p, c->doc->width - MARGIN_R - sw, hy, FONT_REGULAR, 8.5, C_MUTED, f);
			free(f);
		}
		lay_line(p, MARGIN_L, hy + 6, c->doc->width - MARGIN_R, hy + 6, 0.4, C_RULE);
	}
}

/* 1 when every TOC line of doc points where the section it names starts in doc. */
static int toc_matches(const struct lay_doc *prev, const struct lay_doc *doc)
{
	size_t a = 0, b = 0;
	for (;;) {
		while (a < prev->n_outlines && prev->outlines[a].level != 0)
			a++;
		while (b < doc->n_outlines && doc->outlines[b].level != 0)
			b++;
		if (a == prev->n_outlines || b == doc->n_outlines)
			return a == prev->n_outlines && b == doc->n_outlines;
		if (prev->outlines[a].page != doc->outlines[b].page ||
		    fabs(prev->outlines[a].y - doc->outlines[b].y) > 0.01 ||
		    strcmp(prev->outlines[a].title, doc->outlines[b].title) != 0)
			return 0;
		a++, b++;
	}
}

static struct lay_doc *build_pass(const struct lay_input *in, const struct lay_doc *prev)
{
	struct lay_ctx c = {.in = in, .fonts = in->fonts, .prev = prev, .dept = AGG_ALL};
	c.en = in->lang && strcmp(in->lang, "en") == 0;
	c.filter = (struct agg_filter){AGG_ALL, AGG_ALL, AGG_ALL};
	c.doc = lay_doc_new();
	c.width = c.doc->width - MARGIN_L - MARGIN_R;
	new_page(&c);
	const char *lang = c.en ? "en" : "sv";
	int only = in->department ? (int)(in->department - in->cfg->departments) : AGG_ALL;
	int has_cover = 0, first_section = 1;
	for (size_t i = 0; i < in->tpl->n_blocks; i++) {
		const struct tpl_node *n = &in->tpl->blocks[i];
		if (!tpl_in_lang(n, lang))
			continue;
		if (n->kind == TPL_COVER) {
			cover(&c, n);
			has_cover = 1;
			continue;
		}
		if (first_section && has_cover && (n->kind == TPL_TOC || n->kind == TPL_SECTION ||
						   n->kind == TPL_DEPARTMENTS))
			new_page(&c); /* the cover stands alone */
		first_section = 0;
		if (n->kind == TPL_TOC) {
			toc(&c, n);
			new_page(&c);
			/* a department's version: its own section comes first */
			for (size_t k = 0; only != AGG_ALL && k < in->tpl->n_blocks; k++)
				if (in->tpl->blocks[k].kind == TPL_DEPARTMENTS &&
				    tpl_in_lang(&in->tpl->blocks[k], lang))
					department_sections(&c, &in->tpl->blocks[k], only);
			continue;
		}
		if (n->kind == TPL_DEPARTMENTS) {
			if (only == AGG_ALL)
				department_sections(&c, n, AGG_ALL);
			continue;
		}
		block(&c, n);
	}
	if (!c.doc->title) {
		char pt[96];
		period_text(&c, in->cur, 1, pt, sizeof(pt));
		c.doc->title = xasprintf("%s %s", in->tpl->name, pt);
	}
	header_footer(&c, has_cover);
	c.doc->author = xstrdup(in->cfg->author ? in->cfg->author : in->cfg->municipality);
	char pc[96], pb[96], who[128];
	period_text(&c, in->cur, 0, pc, sizeof(pc));
	period_text(&c, in->base, 0, pb, sizeof(pb));
	if (c.en)
		snprintf(who, sizeof(who), "%s municipality", in->cfg->municipality);
	else
		municipality_genitive(who, sizeof(who), in->cfg->municipality);
	c.doc->subject = in->base ? xasprintf(T(&c, "Trygghetsarbetet i %s: %s jämfört med %s",
						"Community safety in %s: %s compared with %s"),
					      who, pc, pb)
				  : xasprintf(T(&c, "Trygghetsarbetet i %s: %s", "Community safety in %s: %s"),
					      who, pc);
	c.doc->keywords = xstrdup(T(&c, "trygghet; brottsförebyggande arbete; uppföljning",
				    "community safety; crime prevention; follow-up"));
	c.doc->creator = xstrdup("trygg " TRYGG_VERSION);
	return c.doc;
}

struct lay_doc *lay_build_report(const struct lay_input *in)
{
	int has_toc = 0;
	for (size_t i = 0; i < in->tpl->n_blocks; i++)
		has_toc |= in->tpl->blocks[i].kind == TPL_TOC;
	struct lay_doc *doc = build_pass(in, NULL);
	/* The TOC lists the sections of the previous pass; once it has the right number of
	 * lines the sections stop moving, so this settles in two or three passes. */
	for (int pass = 0; has_toc && pass < 4; pass++) {
		struct lay_doc *next = build_pass(in, doc);
		int settled = toc_matches(doc, next);
		lay_doc_free(doc);
		doc = next;
		if (settled)
			break;
	}
	return doc;
}
