/* layout.c - document tree → page model, geometry only: A4 pages, our own line breaking with
 * the font's metrics, tables that split with their header repeated, the table of contents,
 * a running header and footer "Sida N av M", outlines. What the report says is decided in
 * compose.c; every item placed here points back to the tree node it shows. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "util.h"
#include "words.h"

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
			if (p->items[k].chart && p->items[k].owns_chart) {
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
	free(doc->lang);
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
	it->node = p->tag_node;
	it->role = p->tag_role;
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
	it->owns_chart = 1;
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
			if (it->role == LAY_ARTIFACT)
				fprintf(fp, "  [artifact]");
			else if (it->node)
				fprintf(fp, "  [n%u%s]", it->node->id,
					it->role == LAY_DECORATION ? " decoration" : "");
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
#define ROW_H LAY_ROW_H
#define TILE_H 84.0
#define CAPTION_H 16.0

struct lay_ctx {
	const struct doc *tree;
	const struct fonts *fonts;
	const struct words *w;
	struct lay_doc *doc;
	struct lay_page *page;
	double y;     /* top of the free space on the page */
	double width; /* content width */
	/* table of contents: the sections of the previous pass */
	const struct lay_doc *prev;
	/* the height the next heading must keep with it (keep-with-next) */
	double next_h;
	const struct doc_node *node; /* the node being placed */
	enum lay_role role;
};

/* New items belong to node n in role r. */
static void tag(struct lay_ctx *c, const struct doc_node *n, enum lay_role r)
{
	c->node = n;
	c->role = r;
	if (c->page) {
		c->page->tag_node = n;
		c->page->tag_role = r;
	}
}

static double page_bottom(const struct lay_ctx *c)
{
	return c->doc->height - MARGIN_B;
}

static void new_page(struct lay_ctx *c)
{
	c->page = lay_add_page(c->doc);
	c->y = MARGIN_T;
	tag(c, c->node, c->role);
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
	struct lines l = break_lines(c, text ? text : "", st, size, c->width - indent);
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

/* A heading stays with the first part of what follows it (c->next_h). */
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

/* A table's cells as layout needs them: strings and, from a tree, the nodes they show. */
struct grid {
	const char *caption;
	const struct lay_col *cols;
	size_t ncols, nrows;
	char *const *cells;
	int total;
	const struct doc_node *table;          /* NULL for lay_table() */
	const struct doc_node *const *hnodes;  /* header cells, ncols */
	const struct doc_node *const *cnodes;  /* body cells, nrows × ncols */
	double notes_h; /* the notes under the table, which stay with its last rows */
};

static void table_header(struct lay_ctx *c, const struct grid *g)
{
	double x = MARGIN_L;
	tag(c, g->table, LAY_DECORATION);
	lay_rect(c->page, MARGIN_L, c->y, c->width, ROW_H, C_ACCENT);
	for (size_t i = 0; i < g->ncols; i++) {
		tag(c, g->hnodes ? g->hnodes[i] : NULL, LAY_CONTENT);
		/* a heading that does not fit is set smaller (down to 7.5 pt) before it is cut:
		 * "Gunnarstorp" over a narrow column, not "Gunnar…" */
		double size = 9.5, tw0 = text_w(c, FONT_BOLD, size, g->cols[i].title);
		if (tw0 > g->cols[i].width - 10)
			size = fmax(7.5, floor(size * (g->cols[i].width - 10) / tw0 * 10) / 10);
		char *s = fit_text(c, FONT_BOLD, size, g->cols[i].title, g->cols[i].width - 10);
		double tw = text_w(c, FONT_BOLD, size, s);
		double tx = g->cols[i].right ? x + g->cols[i].width - 6 - tw : x + 6;
		lay_text(c->page, tx, c->y + 12.5, FONT_BOLD, size, 0xFFFFFF, s);
		free(s);
		x += g->cols[i].width;
	}
	c->y += ROW_H;
}

/* Height of a table's first unbreakable part: all of it when it fits on a page (it is then
 * kept whole), else caption, header and the first two rows. */
static double table_first_height(const struct lay_ctx *c, int caption, size_t nrows)
{
	double whole = (caption ? CAPTION_H : 0) + ROW_H * (double)(nrows + 1) + 14;
	if (whole <= page_bottom(c) - MARGIN_T)
		return whole;
	return (caption ? CAPTION_H : 0) + ROW_H * 3;
}

/* Draws rows; the last row is a total in bold when `total` is set. The header repeats on
 * every page the table reaches, and no page holds a single body row: a page never ends with
 * the first row alone, and the last row never goes over alone. */
static void table(struct lay_ctx *c, const struct grid *g)
{
	/* a table that fits on one page is kept on one page, with its notes */
	double whole = table_first_height(c, g->caption != NULL, g->nrows);
	double all = (g->caption ? CAPTION_H : 0) + ROW_H * (double)(g->nrows + 1) + 14;
	if (whole == all && all + g->notes_h <= page_bottom(c) - MARGIN_T)
		whole += g->notes_h;
	ensure(c, whole);
	if (g->caption) {
		tag(c, g->table, LAY_CONTENT);
		lay_text(c->page, MARGIN_L, c->y + 10, FONT_BOLD, 10, C_TEXT, g->caption);
		c->y += CAPTION_H;
	}
	size_t on_page = 0;
	table_header(c, g);
	for (size_t r = 0; r < g->nrows; r++) {
		/* the last two rows go together, and with the notes under the table */
		double need = g->nrows - r == 2 ? ROW_H * 2 + 14 + g->notes_h : ROW_H;
		if (c->y + need > page_bottom(c)) {
			new_page(c);
			if (g->caption) {
				tag(c, g->table, LAY_CONTENT);
				char *cont = xasprintf("%s %s", g->caption, c->w->cont);
				lay_text(c->page, MARGIN_L, c->y + 10, FONT_BOLD, 10, C_MUTED, cont);
				free(cont);
				c->y += CAPTION_H;
			}
			table_header(c, g);
			on_page = 0;
		}
		int is_total = g->total && r == g->nrows - 1;
		tag(c, g->table, LAY_DECORATION);
		if (on_page % 2 == 1 && !is_total)
			lay_rect(c->page, MARGIN_L, c->y, c->width, ROW_H, C_BAND);
		if (is_total)
			lay_line(c->page, MARGIN_L, c->y, MARGIN_L + c->width, c->y, 0.8, C_TEXT);
		double x = MARGIN_L;
		enum font_style st = is_total ? FONT_BOLD : FONT_REGULAR;
		for (size_t i = 0; i < g->ncols; i++) {
			tag(c, g->cnodes ? g->cnodes[r * g->ncols + i] : NULL, LAY_CONTENT);
			const char *cell = g->cells[r * g->ncols + i] ? g->cells[r * g->ncols + i] : "";
			char *s = fit_text(c, st, 9.5, cell, g->cols[i].width - 10);
			double tw = text_w(c, st, 9.5, s);
			double tx = g->cols[i].right ? x + g->cols[i].width - 6 - tw : x + 6;
			lay_text(c->page, tx, c->y + 12.5, st, 9.5, C_TEXT, s);
			free(s);
			x += g->cols[i].width;
		}
		c->y += ROW_H;
		on_page++;
	}
	tag(c, g->table, LAY_DECORATION);
	lay_line(c->page, MARGIN_L, c->y, MARGIN_L + c->width, c->y, 0.5, C_RULE);
	c->y += 14;
}

void lay_table(struct lay_doc *doc, const struct fonts *f, double *y, const char *caption,
	       const struct lay_col *cols, size_t ncols, char *const *cells, size_t nrows,
	       int total_row)
{
	struct lay_ctx c = {.fonts = f, .doc = doc, .w = words_for("sv")};
	c.width = doc->width - MARGIN_L - MARGIN_R;
	if (doc->n_pages == 0)
		new_page(&c);
	c.page = &doc->pages[doc->n_pages - 1];
	c.y = *y < MARGIN_T ? MARGIN_T : *y;
	struct grid g = {caption, cols, ncols, nrows, cells, total_row, NULL, NULL, NULL, 0};
	table(&c, &g);
	*y = c.y;
}

/* Body rows of a DOC_TABLE. */
static size_t table_rows(const struct doc_node *t)
{
	size_t n = 0;
	for (const struct doc_node *r = t->first_child; r; r = r->next)
		n += r->role != DOC_ROLE_HEADER;
	return n;
}

static void tree_table(struct lay_ctx *c, const struct doc_node *t)
{
	size_t nc = t->ncols, nr = table_rows(t);
	struct lay_col *cols = xcalloc(nc + 1, sizeof(*cols));
	const struct doc_node **hn = xcalloc(nc + 1, sizeof(*hn));
	const struct doc_node **cn = xcalloc(nr * nc + 1, sizeof(*cn));
	char **cells = xcalloc(nr * nc + 1, sizeof(char *));
	size_t r = 0;
	int total = 0;
	for (const struct doc_node *row = t->first_child; row; row = row->next) {
		size_t i = 0;
		for (const struct doc_node *cell = row->first_child; cell && i < nc; cell = cell->next, i++) {
			if (row->role == DOC_ROLE_HEADER) {
				hn[i] = cell;
				cols[i].title = cell->text;
			} else {
				cn[r * nc + i] = cell;
				cells[r * nc + i] = (char *)cell->text;
			}
		}
		if (row->role != DOC_ROLE_HEADER) {
			total = row->role == DOC_ROLE_TOTAL;
			r++;
		}
	}
	/* column widths: shares of the content width; the first column takes what is left */
	double used = 0;
	for (size_t i = 1; i < nc; i++) {
		cols[i].width = t->col_weight[i] * c->width;
		cols[i].right = t->col_right[i];
		used += cols[i].width;
	}
	cols[0].width = c->width - used;
	cols[0].right = nc ? t->col_right[0] : 0;
	struct grid g = {t->text, cols, nc, nr, cells, total, t, hn, cn, 0};
	/* the notes that follow the table (a paragraph's first two lines stay together) */
	for (const struct doc_node *n = t->next; n && n->kind == DOC_PARAGRAPH && n->role == DOC_ROLE_NOTE;
	     n = n->next)
		g.notes_h += paragraph_height(c, n->text, 8.5, 0, 2);
	table(c, &g);
	free(cols);
	free(hn);
	free(cn);
	free(cells);
}

/* ---- figures, lists, tiles ---- */

static void tree_figure(struct lay_ctx *c, const struct doc_node *f)
{
	ensure(c, f->height + 10);
	tag(c, f, LAY_CONTENT);
	struct lay_item *it;
	lay_chart(c->page, MARGIN_L, c->y, c->width, f->height, f->chart);
	it = &c->page->items[c->page->n_items - 1];
	it->owns_chart = 0; /* the tree's */
	c->y += f->height + 12;
}

static void bullet(struct lay_ctx *c, const struct doc_node *item)
{
	double lh = BODY * LEADING;
	struct lines l = break_lines(c, item->text, FONT_REGULAR, BODY, c->width - 14);
	ensure(c, lh * (double)(l.n < 3 ? l.n : 2));
	lines_free(&l);
	tag(c, item, LAY_DECORATION);
	lay_text(c->page, MARGIN_L + 4, c->y + BODY, FONT_REGULAR, BODY, C_ACCENT, "\xE2\x80\xA2");
	tag(c, item, LAY_CONTENT);
	paragraph(c, item->text, FONT_REGULAR, BODY, C_TEXT, 14);
	c->y -= BODY * 0.4;
}

static const struct doc_node *child_role(const struct doc_node *n, enum doc_role r)
{
	for (const struct doc_node *k = n->first_child; k; k = k->next)
		if (k->role == r)
			return k;
	return NULL;
}

static void tile_line(struct lay_ctx *c, const struct doc_node *t, enum doc_role r, double x,
		      double y, double w, enum font_style st, double size, uint32_t rgb)
{
	const struct doc_node *p = child_role(t, r);
	if (!p)
		return;
	tag(c, p, LAY_CONTENT);
	/* the value is never cut: a long one ("456 287 105 kr") is set smaller until it fits
	 * its tile */
	if (r == DOC_ROLE_TILE_VALUE) {
		double tw = text_w(c, st, size, p->text);
		if (tw > w - 18)
			size = size * (w - 18) / tw;
		size = floor(size * 10) / 10;
		lay_text(c->page, x + 12, y, st, size, rgb, p->text);
		return;
	}
	char *s = fit_text(c, st, size, p->text, w - 18);
	lay_text(c->page, x + 12, y, st, size, rgb, s);
	free(s);
}

static void tiles(struct lay_ctx *c, const struct doc_node *n)
{
	size_t k = 0;
	for (const struct doc_node *t = n->first_child; t; t = t->next)
		k++;
	if (k == 0)
		return;
	ensure(c, TILE_H + 12);
	double gap = 10, w = (c->width - gap * (double)(k - 1)) / (double)k;
	double x = MARGIN_L;
	for (const struct doc_node *t = n->first_child; t; t = t->next) {
		tag(c, t, LAY_DECORATION);
		lay_rect(c->page, x, c->y, w, TILE_H, C_BAND);
		lay_rect(c->page, x, c->y, 3, TILE_H, C_ACCENT);
		tile_line(c, t, DOC_ROLE_TILE_VALUE, x, c->y + 30, w, FONT_BOLD, 21, C_ACCENT);
		tile_line(c, t, DOC_ROLE_TILE_LABEL, x, c->y + 47, w, FONT_REGULAR, 9, C_TEXT);
		tile_line(c, t, DOC_ROLE_TILE_BASE, x, c->y + 62, w, FONT_REGULAR, 8.5, C_MUTED);
		tile_line(c, t, DOC_ROLE_TILE_CHANGE, x, c->y + 74, w, FONT_REGULAR, 8.5, C_MUTED);
		x += w + gap;
	}
	c->y += TILE_H + 14;
}

/* ---- blocks ---- */

static int is_block(const struct doc_node *n)
{
	return n->kind != DOC_VALUE && n->kind != DOC_HEADING;
}

/* The height of a block's first unbreakable part. */
static double block_first_height(struct lay_ctx *c, const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_PARAGRAPH:
		/* "no data" stands where a table would */
		if (n->role == DOC_ROLE_EMPTY)
			return table_first_height(c, 0, 0);
		return paragraph_height(c, n->text, BODY, 0, 2);
	case DOC_HEADING: return 12.5 * 1.7 + 12.5 * 0.8 + BODY * LEADING * 2;
	case DOC_TILES: return TILE_H + 14;
	case DOC_FIGURE: return n->height + 12;
	case DOC_TABLE: return table_first_height(c, n->text != NULL, table_rows(n));
	default: return BODY * LEADING * 2;
	}
}

/* What a heading keeps with it from the blocks starting at v: the first part of the first
 * block, and when that is an introductory paragraph (or two), the first part of the block
 * they introduce as well — a heading and its introduction alone at the foot of a page, with
 * the chart on the next, read as badly as a lone heading. */
static double keep_height(struct lay_ctx *c, const struct doc_node *v)
{
	double h = 0;
	int paragraphs = 0;
	for (; v; v = v->next) {
		if (v->kind == DOC_VALUE)
			continue;
		double b = block_first_height(c, v);
		if (v->kind == DOC_PARAGRAPH && v->role == DOC_ROLE_BODY && paragraphs < 2) {
			b = paragraph_height(c, v->text, BODY, 0, 1000);
			if (h + b > (page_bottom(c) - MARGIN_T) / 3)
				return h + block_first_height(c, v);
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

static void blocks(struct lay_ctx *c, const struct doc_node *first);

static void block(struct lay_ctx *c, const struct doc_node *n)
{
	tag(c, n, LAY_CONTENT);
	switch (n->kind) {
	case DOC_PARAGRAPH:
		if (n->role == DOC_ROLE_NOTE)
			paragraph(c, n->text, FONT_REGULAR, 8.5, C_MUTED, 0);
		else
			paragraph(c, n->text, FONT_REGULAR, BODY, n->role == DOC_ROLE_EMPTY ? C_MUTED : C_TEXT, 0);
		break;
	case DOC_HEADING: heading(c, n->text, n->level - 1); break;
	case DOC_LIST:
		for (const struct doc_node *it = n->first_child; it; it = it->next)
			if (it->kind == DOC_ITEM)
				bullet(c, it);
		c->y += BODY * 0.6;
		break;
	case DOC_TILES: tiles(c, n); break;
	case DOC_FIGURE: tree_figure(c, n); break;
	case DOC_TABLE: tree_table(c, n); break;
	case DOC_PAGEBREAK:
		if (c->y > MARGIN_T)
			new_page(c);
		break;
	case DOC_SECTION: {
		if (n->page_break && c->y > MARGIN_T)
			new_page(c);
		const struct doc_node *h = n->first_child;
		c->next_h = keep_height(c, h ? h->next : NULL);
		tag(c, h, LAY_CONTENT);
		heading(c, h ? h->text : "", 0);
		blocks(c, h ? h->next : NULL);
		break;
	}
	default: break;
	}
}

/* Blocks in order, each knowing its successor (for keep-with-next). */
static void blocks(struct lay_ctx *c, const struct doc_node *first)
{
	for (const struct doc_node *n = first; n; n = n->next) {
		if (n->kind == DOC_HEADING)
			c->next_h = keep_height(c, n->next);
		if (is_block(n) || n->kind == DOC_HEADING)
			block(c, n);
	}
}

static void cover_line(struct lay_ctx *c, const struct doc_node *cv, enum doc_role r, double y,
		       enum font_style st, double size, uint32_t rgb)
{
	const struct doc_node *p = child_role(cv, r);
	if (!p)
		return;
	tag(c, p, LAY_CONTENT);
	lay_text(c->page, MARGIN_L, y, st, size, rgb, p->text);
}

static void cover(struct lay_ctx *c, const struct doc_node *cv)
{
	struct lay_page *p = c->page;
	double w = c->doc->width;
	tag(c, cv, LAY_DECORATION);
	lay_rect(p, 0, 0, w, 300, C_ACCENT);
	/* the cover title wraps in white on the accent band */
	const struct doc_node *t = child_role(cv, DOC_ROLE_COVER_TITLE);
	double size = 26;
	struct lay_ctx tmp = *c;
	tmp.y = 170 - size;
	tmp.width = w - 2 * MARGIN_L;
	tag(c, t, LAY_CONTENT);
	paragraph(&tmp, t ? t->text : "", FONT_BOLD, size, 0xFFFFFF, 0);
	cover_line(c, cv, DOC_ROLE_COVER_SUBTITLE, 270, FONT_REGULAR, 13, 0xFFFFFF);
	const struct doc_node *logo = child_role(cv, DOC_ROLE_LOGO);
	if (logo && logo->pixels) {
		/* Right under the band, right-aligned, in a 150 × 80 pt box with its aspect
		 * ratio kept: composited over white, a logo sits on the white page without a
		 * frame, and the texts on the left keep their places. */
		double bw = 150, bh = 80;
		double sc = bw / logo->px_w < bh / logo->px_h ? bw / logo->px_w : bh / logo->px_h;
		double lw = sc * logo->px_w, lh = sc * logo->px_h;
		tag(c, logo, LAY_CONTENT);
		lay_image(p, w - MARGIN_R - lw, 330, lw, lh, logo->pixels, logo->px_w, logo->px_h);
	}
	cover_line(c, cv, DOC_ROLE_COVER_WHO, 360, FONT_BOLD, 14, C_TEXT);
	cover_line(c, cv, DOC_ROLE_COVER_AUTHOR, 380, FONT_REGULAR, 11, C_MUTED);
	cover_line(c, cv, DOC_ROLE_COVER_PERIOD, 410, FONT_REGULAR, 11, C_TEXT);
	cover_line(c, cv, DOC_ROLE_COVER_BASELINE, 428, FONT_REGULAR, 11, C_TEXT);
	cover_line(c, cv, DOC_ROLE_COVER_VERSION, 456, FONT_BOLD, 11, C_ACCENT);
	cover_line(c, cv, DOC_ROLE_COVER_COLOPHON, c->doc->height - 90, FONT_REGULAR, 9, C_MUTED);
}

/* The table of contents: one line per section of the previous pass, with its page number,
 * dot leaders, and a link over the whole line to where the section starts. */
static void toc(struct lay_ctx *c, const struct doc_node *n)
{
	if (c->y > MARGIN_T)
		new_page(c);
	tag(c, n, LAY_CONTENT);
	lay_text(c->page, MARGIN_L, c->y + 17, FONT_BOLD, 17, C_ACCENT, n->text);
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
		tag(c, n, LAY_CONTENT);
		lay_text(c->page, MARGIN_L, c->y + 11, FONT_REGULAR, 11, C_TEXT, t);
		tag(c, n, LAY_DECORATION);
		lay_line(c->page, MARGIN_L + tw + 6, c->y + 11, right - nw - 6, c->y + 11, 0.4, C_RULE);
		tag(c, n, LAY_CONTENT);
		lay_text(c->page, right - nw, c->y + 11, FONT_REGULAR, 11, C_TEXT, num);
		lay_link(c->page, MARGIN_L, c->y - 2, c->width, lh - 4, o->page, o->y);
		free(t);
		c->y += lh;
	}
}

/* Running header (municipality left, the section in force right) and footer (report title
 * left, "Sida N av M" right) on every page but the cover: artifacts of the page. */
static void header_footer(struct lay_ctx *c, int has_cover)
{
	size_t n = c->doc->n_pages;
	const char *who = c->tree->header_left;
	for (size_t i = 0; i < n; i++) {
		struct lay_page *p = &c->doc->pages[i];
		p->tag_node = NULL;
		p->tag_role = LAY_ARTIFACT;
		char *s = xasprintf(c->w->page_of, i + 1, n);
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

static struct lay_doc *build_pass(const struct doc *tree, const struct fonts *fonts,
				  const struct lay_doc *prev)
{
	struct lay_ctx c = {.tree = tree, .fonts = fonts, .prev = prev, .w = words_for(tree->lang)};
	c.doc = lay_doc_new();
	c.width = c.doc->width - MARGIN_L - MARGIN_R;
	new_page(&c);
	int has_cover = 0, first_section = 1;
	for (const struct doc_node *n = tree->root->first_child; n; n = n->next) {
		if (n->kind == DOC_COVER) {
			cover(&c, n);
			has_cover = 1;
			continue;
		}
		if (first_section && has_cover && (n->kind == DOC_TOC || n->kind == DOC_SECTION))
			new_page(&c); /* the cover stands alone */
		first_section = 0;
		if (n->kind == DOC_TOC) {
			toc(&c, n);
			new_page(&c);
			continue;
		}
		if (n->kind == DOC_HEADING)
			c.next_h = keep_height(&c, n->next);
		if (is_block(n) || n->kind == DOC_HEADING)
			block(&c, n);
	}
	c.doc->title = xstrdup(tree->title);
	header_footer(&c, has_cover);
	c.doc->author = xstrdup(tree->author);
	c.doc->subject = xstrdup(tree->subject);
	c.doc->keywords = xstrdup(tree->keywords);
	c.doc->creator = xstrdup(tree->creator);
	c.doc->lang = tree->lang ? xstrdup(tree->lang) : NULL;
	return c.doc;
}

struct lay_doc *lay_build_report(const struct doc *tree, const struct fonts *fonts)
{
	int has_toc = 0;
	for (const struct doc_node *n = tree->root->first_child; n; n = n->next)
		has_toc |= n->kind == DOC_TOC;
	struct lay_doc *doc = build_pass(tree, fonts, NULL);
	/* The TOC lists the sections of the previous pass; once it has the right number of
	 * lines the sections stop moving, so this settles in two or three passes. */
	for (int pass = 0; has_toc && pass < 4; pass++) {
		struct lay_doc *next = build_pass(tree, fonts, doc);
		int settled = toc_matches(doc, next);
		lay_doc_free(doc);
		doc = next;
		if (settled)
			break;
	}
	return doc;
}
