/* html.c - document tree → one self-contained, accessible HTML5 file (see html.h). Reads
 * the tree only, like pdf.c reads only the pages: what the report says was decided in
 * compose; this decides the markup. Charts are drawn from the tree's chart scenes as SVG
 * with real text; the logo goes through paint_cairo.c (cairo stays there). */
#include "html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"
#include "mail.h" /* mail_base64: the logo's data: URI */
#include "paint.h"
#include "words.h"

/* The PDF's colours (layout.c): text, muted text, accent, table band, rules. */
#define C_TEXT "#222222"
#define C_MUTED "#666666"
#define C_ACCENT "#1f4e79"
#define C_BAND "#eef3f8"
#define C_RULE "#b0b8c0"

#define REPLACEMENT "\xEF\xBF\xBD"

struct html {
	struct sbuf *b;
	const struct doc *tree;
	const struct fonts *fonts;
	const struct words *w;
	int level;           /* the last heading level written (1 = h1) */
	const char *heading; /* the last heading's text: the caption of a table without one */
	struct diag *d;
};

/* Text for element content and double-quoted attributes. Characters HTML does not allow
 * (controls but tab and line feed, C1 controls, noncharacters) and bytes that are not UTF-8
 * become U+FFFD, so no export value can make the file invalid. */
static void esc(struct sbuf *b, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '&': sbuf_add(b, "&amp;"); break;
			case '<': sbuf_add(b, "&lt;"); break;
			case '>': sbuf_add(b, "&gt;"); break;
			case '"': sbuf_add(b, "&quot;"); break;
			default:
				if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
					sbuf_add(b, REPLACEMENT);
				else
					sbuf_addc(b, (char)c);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			sbuf_add(b, REPLACEMENT);
			i++;
			continue;
		}
		if (cp <= 0x9F || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
			sbuf_add(b, REPLACEMENT);
		else
			sbuf_addn(b, s + i, k);
		i += k;
	}
}

/* A CSS string's content: quotes, backslashes and '<' (no "</style" can end the sheet) as
 * hex escapes; controls dropped. */
static void css_str(struct sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\' || c == '<')
			sbuf_printf(b, "\\%X ", c);
		else if (c >= 0x20 && c != 0x7F)
			sbuf_addc(b, (char)c);
	}
}

/* A coordinate: at most two decimals, no trailing zeros, never "-0". */
static void num(struct sbuf *b, double v)
{
	char t[40];
	snprintf(t, sizeof(t), "%.2f", v);
	char *dot = strchr(t, '.');
	if (dot) {
		char *e = t + strlen(t) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	sbuf_add(b, strcmp(t, "-0") == 0 ? "0" : t);
}

static void attr_num(struct sbuf *b, const char *name, double v)
{
	sbuf_printf(b, " %s=\"", name);
	num(b, v);
	sbuf_addc(b, '"');
}

static void colour(struct sbuf *b, const char *name, uint32_t rgb)
{
	sbuf_printf(b, " %s=\"#%06x\"", name, (unsigned)(rgb & 0xFFFFFF));
}

/* ---- charts: the tree's scene as SVG ---- */

static void stroke_attrs(struct sbuf *b, const struct chart_item *it)
{
	colour(b, "stroke", it->rgb);
	attr_num(b, "stroke-width", it->line_width > 0 ? it->line_width : 1);
	if (it->dash > 0)
		attr_num(b, "stroke-dasharray", it->dash);
}

/* The same scene the PDF draws, item by item as paint_cairo.c paints it. Text is real text
 * in the page's font, stretched or squeezed to the width chart.c measured in the report's
 * font (textLength), so that no label grows into its neighbour in another font. */
static void svg_items(struct html *h, const struct chart_scene *s)
{
	struct sbuf *b = h->b;
	sbuf_add(b, "<rect");
	attr_num(b, "width", s->width);
	attr_num(b, "height", s->height);
	sbuf_add(b, " fill=\"#ffffff\"/>\n");
	for (size_t i = 0; i < s->n_items; i++) {
		const struct chart_item *it = &s->items[i];
		switch (it->kind) {
		case CHART_RECT:
			sbuf_add(b, "<rect");
			attr_num(b, "x", it->x);
			attr_num(b, "y", it->y);
			attr_num(b, "width", it->w);
			attr_num(b, "height", it->h);
			colour(b, "fill", it->rgb);
			sbuf_add(b, "/>\n");
			break;
		case CHART_LINE:
			sbuf_add(b, "<line");
			attr_num(b, "x1", it->x);
			attr_num(b, "y1", it->y);
			attr_num(b, "x2", it->x + it->w);
			attr_num(b, "y2", it->y + it->h);
			stroke_attrs(b, it);
			sbuf_add(b, "/>\n");
			break;
		case CHART_POLYLINE:
			if (it->n_pts < 2)
				break;
			sbuf_add(b, "<polyline points=\"");
			for (size_t k = 0; k < it->n_pts; k++) {
				if (k)
					sbuf_addc(b, ' ');
				num(b, it->pts[2 * k]);
				sbuf_addc(b, ',');
				num(b, it->pts[2 * k + 1]);
			}
			sbuf_add(b, "\" fill=\"none\" stroke-linejoin=\"round\"");
			stroke_attrs(b, it);
			sbuf_add(b, "/>\n");
			break;
		case CHART_CIRCLE:
			sbuf_add(b, "<circle");
			attr_num(b, "cx", it->x);
			attr_num(b, "cy", it->y);
			attr_num(b, "r", it->w);
			colour(b, "fill", it->rgb);
			if (it->line_width > 0) {
				colour(b, "stroke", it->stroke);
				attr_num(b, "stroke-width", it->line_width);
			}
			sbuf_add(b, "/>\n");
			break;
		case CHART_TEXT:
			if (!it->text || !*it->text)
				break;
			sbuf_add(b, "<text");
			attr_num(b, "x", it->x);
			attr_num(b, "y", it->y);
			if (it->align == CHART_CENTER)
				sbuf_add(b, " text-anchor=\"middle\"");
			else if (it->align == CHART_RIGHT)
				sbuf_add(b, " text-anchor=\"end\"");
			attr_num(b, "font-size", it->size);
			if (it->style == FONT_BOLD)
				sbuf_add(b, " font-weight=\"bold\"");
			colour(b, "fill", it->rgb);
			attr_num(b, "textLength", font_text_width(h->fonts, it->style, it->size, it->text));
			sbuf_add(b, " lengthAdjust=\"spacingAndGlyphs\">");
			esc(b, it->text);
			sbuf_add(b, "</text>\n");
			break;
		}
	}
}

/* A chart: role img, named by its title and described by compose's alternative text (the
 * table that follows it in the tree has every number). */
static void chart(struct html *h, const struct doc_node *f)
{
	struct sbuf *b = h->b;
	const struct chart_scene *s = f->chart;
	const char *title = s->title && *s->title ? s->title : f->text;
	sbuf_add(b, "<figure class=\"chart\">\n<svg viewBox=\"0 0 ");
	num(b, s->width);
	sbuf_addc(b, ' ');
	num(b, s->height);
	sbuf_addc(b, '"');
	attr_num(b, "width", s->width);
	attr_num(b, "height", s->height);
	sbuf_printf(b, " role=\"img\" aria-labelledby=\"n%u-t\" aria-describedby=\"n%u-d\">\n",
		    f->id, f->id);
	sbuf_printf(b, "<title id=\"n%u-t\">", f->id);
	esc(b, title && *title ? title : f->alt);
	sbuf_printf(b, "</title>\n<desc id=\"n%u-d\">", f->id);
	esc(b, f->alt);
	sbuf_add(b, "</desc>\n");
	svg_items(h, s);
	sbuf_add(b, "</svg>\n</figure>\n");
}

/* The logo as a PNG data: URI, in the PDF's 150 × 80 pt box with its aspect ratio (CSS
 * pixels are 3/4 pt). */
static int logo(struct html *h, const struct doc_node *f)
{
	if (!f->pixels || f->px_w <= 0 || f->px_h <= 0)
		return 0;
	struct sbuf png = {0};
	if (paint_rgb_png(f->pixels, f->px_w, f->px_h, &png, h->d) < 0) {
		sbuf_free(&png);
		return -1;
	}
	double bw = 150, bh = 80;
	double sc = bw / f->px_w < bh / f->px_h ? bw / f->px_w : bh / f->px_h;
	int w = (int)(sc * f->px_w * 4 / 3 + 0.5), ht = (int)(sc * f->px_h * 4 / 3 + 0.5);
	sbuf_printf(h->b, "<img class=\"logo\" width=\"%d\" height=\"%d\" alt=\"", w ? w : 1,
		    ht ? ht : 1);
	esc(h->b, f->alt);
	sbuf_add(h->b, "\" src=\"data:image/png;base64,");
	mail_base64(h->b, png.data, png.len, 0);
	sbuf_add(h->b, "\">\n");
	sbuf_free(&png);
	return 0;
}

/* ---- blocks ---- */

/* h2 for a section, h3 for a sub-heading: the tree's level + 1 (h1 is the title), never
 * more than one below the heading before. */
static int heading_level(struct html *h, int tree_level)
{
	int l = tree_level + 1;
	if (l > h->level + 1)
		l = h->level + 1;
	if (l < 2)
		l = 2;
	if (l > 6)
		l = 6;
	h->level = l;
	return l;
}

static void heading(struct html *h, const struct doc_node *n)
{
	int l = heading_level(h, n->level);
	sbuf_printf(h->b, "<h%d id=\"n%u\">", l, n->id);
	esc(h->b, n->text);
	sbuf_printf(h->b, "</h%d>\n", l);
	h->heading = n->text;
}

static const char *para_class(enum doc_role r)
{
	switch (r) {
	case DOC_ROLE_NOTE: return "note";
	case DOC_ROLE_EMPTY: return "empty";
	case DOC_ROLE_TILE_VALUE: return "tile-value";
	case DOC_ROLE_TILE_LABEL: return "tile-label";
	case DOC_ROLE_TILE_BASE: return "tile-base";
	case DOC_ROLE_TILE_CHANGE: return "tile-change";
	case DOC_ROLE_COVER_SUBTITLE: return "subtitle";
	case DOC_ROLE_COVER_WHO: return "who";
	case DOC_ROLE_COVER_AUTHOR: return "author";
	case DOC_ROLE_COVER_PERIOD: return "period";
	case DOC_ROLE_COVER_BASELINE: return "baseline";
	case DOC_ROLE_COVER_VERSION: return "version";
	case DOC_ROLE_COVER_COLOPHON: return "colophon";
	default: return NULL;
	}
}

static void paragraph(struct html *h, const struct doc_node *n)
{
	const char *cls = para_class(n->role);
	if (cls)
		sbuf_printf(h->b, "<p class=\"%s\">", cls);
	else
		sbuf_add(h->b, "<p>");
	esc(h->b, n->text);
	sbuf_add(h->b, "</p>\n");
}

static void tiles(struct html *h, const struct doc_node *n)
{
	sbuf_add(h->b, "<ul class=\"tiles\">\n");
	for (const struct doc_node *t = n->first_child; t; t = t->next) {
		if (t->kind != DOC_TILE)
			continue;
		sbuf_add(h->b, "<li>");
		for (const struct doc_node *p = t->first_child; p; p = p->next)
			if (p->kind == DOC_PARAGRAPH)
				paragraph(h, p);
		sbuf_add(h->b, "</li>\n");
	}
	sbuf_add(h->b, "</ul>\n");
}

static void list(struct html *h, const struct doc_node *n)
{
	sbuf_add(h->b, "<ul>\n");
	for (const struct doc_node *it = n->first_child; it; it = it->next) {
		if (it->kind != DOC_ITEM)
			continue;
		sbuf_add(h->b, "<li>");
		esc(h->b, it->text);
		sbuf_add(h->b, "</li>\n");
	}
	sbuf_add(h->b, "</ul>\n");
}

static void cell(struct html *h, const struct doc_node *t, const struct doc_node *row,
		 const struct doc_node *c, size_t i)
{
	int header = row->role == DOC_ROLE_HEADER;
	int th = header || c->scope != DOC_SCOPE_NONE;
	int right = i < t->ncols && t->col_right && t->col_right[i];
	sbuf_add(h->b, th ? "<th" : "<td");
	if (th)
		sbuf_add(h->b, header || c->scope == DOC_SCOPE_COL ? " scope=\"col\"" : " scope=\"row\"");
	if (right)
		sbuf_add(h->b, " class=\"num\"");
	sbuf_addc(h->b, '>');
	esc(h->b, c->text);
	sbuf_add(h->b, th ? "</th>" : "</td>");
}

/* A table as the tree has it: the header row in thead, body and total rows in tbody, each
 * cell's text as printed in the PDF ("<3", ".." and all). A table without a caption in the
 * tree gets the heading it stands under, for screen readers only: the PDF shows none. */
static void table(struct html *h, const struct doc_node *t)
{
	struct sbuf *b = h->b;
	const char *caption = t->text && *t->text ? t->text : h->heading;
	/* on a narrow screen a wide table scrolls in its own box, which the keyboard can reach
	 * (tabindex) and a screen reader names by the caption, instead of the page */
	sbuf_add(b, "<div class=\"table\"");
	if (caption)
		sbuf_printf(b, " role=\"region\" aria-labelledby=\"n%u-c\" tabindex=\"0\"", t->id);
	sbuf_add(b, ">\n<table>\n");
	if (caption) {
		sbuf_printf(b, "<caption id=\"n%u-c\"%s>", t->id,
			    caption == t->text ? "" : " class=\"sr-only\"");
		esc(b, caption);
		sbuf_add(b, "</caption>\n");
	}
	if (t->ncols > 1 && t->col_weight) {
		sbuf_add(b, "<colgroup><col>");
		for (size_t i = 1; i < t->ncols; i++) {
			sbuf_add(b, "<col style=\"width:");
			num(b, t->col_weight[i] * 100);
			sbuf_add(b, "%\">");
		}
		sbuf_add(b, "</colgroup>\n");
	}
	/* one thead for the header rows before the body, one tbody; a header row after the
	 * first body row stays in the body (its cells are th scope=col all the same) */
	enum { NONE, HEAD, BODY } part = NONE;
	for (const struct doc_node *row = t->first_child; row; row = row->next) {
		if (row->kind != DOC_ROW)
			continue;
		if (row->role == DOC_ROLE_HEADER && part == NONE) {
			sbuf_add(b, "<thead>\n");
			part = HEAD;
		} else if (row->role != DOC_ROLE_HEADER && part != BODY) {
			sbuf_add(b, part == HEAD ? "</thead>\n<tbody>\n" : "<tbody>\n");
			part = BODY;
		}
		sbuf_add(b, row->role == DOC_ROLE_TOTAL ? "<tr class=\"total\">" : "<tr>");
		size_t i = 0;
		for (const struct doc_node *c = row->first_child; c; c = c->next)
			if (c->kind == DOC_CELL)
				cell(h, t, row, c, i++);
		sbuf_add(b, "</tr>\n");
	}
	sbuf_add(b, part == BODY ? "</tbody>\n" : part == HEAD ? "</thead>\n" : "");
	sbuf_add(b, "</table>\n</div>\n");
}

static int blocks(struct html *h, const struct doc_node *first);

static int block(struct html *h, const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_HEADING: heading(h, n); break;
	case DOC_PARAGRAPH: paragraph(h, n); break;
	case DOC_LIST: list(h, n); break;
	case DOC_TILES: tiles(h, n); break;
	case DOC_TABLE: table(h, n); break;
	case DOC_FIGURE:
		if (n->role == DOC_ROLE_CHART && n->chart)
			chart(h, n);
		else if (n->role == DOC_ROLE_LOGO)
			return logo(h, n);
		break;
	case DOC_PAGEBREAK: sbuf_add(h->b, "<div class=\"page-break\"></div>\n"); break;
	case DOC_SECTION: {
		const struct doc_node *hd = n->first_child;
		int named = hd && hd->kind == DOC_HEADING;
		sbuf_add(h->b, n->page_break ? "<section class=\"page-break\"" : "<section");
		if (named)
			sbuf_printf(h->b, " aria-labelledby=\"n%u\"", hd->id);
		sbuf_add(h->b, ">\n");
		if (blocks(h, n->first_child) < 0)
			return -1;
		sbuf_add(h->b, "</section>\n");
		break;
	}
	default: break;
	}
	return 0;
}

static int blocks(struct html *h, const struct doc_node *first)
{
	for (const struct doc_node *n = first; n; n = n->next)
		if (block(h, n) < 0)
			return -1;
	return 0;
}

/* ---- cover, contents, the page ---- */

static const struct doc_node *child_role(const struct doc_node *n, enum doc_role r)
{
	for (const struct doc_node *k = n ? n->first_child : NULL; k; k = k->next)
		if (k->role == r)
			return k;
	return NULL;
}

/* The cover as the page's banner: the accent band with the title (h1) and subtitle, then
 * the logo and who, author, period, baseline and version as on the PDF's cover. */
static int cover(struct html *h, const struct doc_node *cv)
{
	struct sbuf *b = h->b;
	const struct doc_node *t = child_role(cv, DOC_ROLE_COVER_TITLE);
	const struct doc_node *sub = child_role(cv, DOC_ROLE_COVER_SUBTITLE);
	sbuf_add(b, "<header class=\"cover\">\n<div class=\"band\">\n<h1>");
	esc(b, t ? t->text : h->tree->title);
	sbuf_add(b, "</h1>\n");
	h->level = 1;
	if (sub)
		paragraph(h, sub);
	sbuf_add(b, "</div>\n<div class=\"cover-body\">\n");
	const struct doc_node *lg = child_role(cv, DOC_ROLE_LOGO);
	if (lg && logo(h, lg) < 0)
		return -1;
	for (const struct doc_node *p = cv ? cv->first_child : NULL; p; p = p->next)
		if (p->kind == DOC_PARAGRAPH && p != t && p != sub &&
		    p->role != DOC_ROLE_COVER_COLOPHON)
			paragraph(h, p);
	sbuf_add(b, "</div>\n</header>\n");
	return 0;
}

/* The table of contents: the sections' headings, as links (no page numbers on a web
 * page). */
static void toc(struct html *h, const struct doc_node *n)
{
	struct sbuf *b = h->b;
	sbuf_add(b, "<nav class=\"toc\" aria-labelledby=\"toc\">\n<h2 id=\"toc\">");
	esc(b, n->text ? n->text : h->w->contents);
	sbuf_add(b, "</h2>\n<ol>\n");
	h->level = 2;
	for (const struct doc_node *s = h->tree->root->first_child; s; s = s->next) {
		const struct doc_node *hd = s->kind == DOC_SECTION ? s->first_child : NULL;
		if (!hd || hd->kind != DOC_HEADING)
			continue;
		sbuf_printf(b, "<li><a href=\"#n%u\">", hd->id);
		esc(b, hd->text);
		sbuf_add(b, "</a></li>\n");
	}
	sbuf_add(b, "</ol>\n</nav>\n");
}

static const char CSS[] =
	":root{--text:" C_TEXT ";--muted:" C_MUTED ";--accent:" C_ACCENT ";--band:" C_BAND
	";--rule:" C_RULE ";color-scheme:light}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#fff;color:var(--text);font-family:Carlito,Calibri,"
	"system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
	"font-size:1rem;line-height:1.45}\n"
	".band{background:var(--accent);color:#fff;padding:5rem 1.5rem 2rem}\n"
	".band>*,.cover-body,.toc,main,footer{max-width:48rem;margin-left:auto;"
	"margin-right:auto}\n"
	".cover-body,.toc,main,footer{padding:0 1.5rem}\n"
	"h1{font-size:2.4rem;line-height:1.15;margin-top:0;margin-bottom:1.5rem}\n"
	".subtitle{font-size:1.2rem;margin-top:0;margin-bottom:0}\n"
	".cover-body{padding-top:2rem;padding-bottom:1rem;display:flow-root}\n"
	".cover-body p{margin:0}\n"
	".logo{float:right;margin:0 0 1rem 1rem}\n"
	".who{font-weight:700;font-size:1.3rem}\n"
	".author{color:var(--muted);margin-bottom:1.2rem!important}\n"
	".version{color:var(--accent);font-weight:700;margin-top:1.2rem!important}\n"
	"h2,h3{color:var(--accent);line-height:1.2}\n"
	"h2{font-size:1.6rem;margin:2.4rem 0 .8rem}\n"
	"h3{font-size:1.2rem;margin:1.8rem 0 .6rem}\n"
	"a{color:var(--accent)}\n"
	".toc ol{padding-left:1.6rem}\n"
	".toc li{margin:.3rem 0}\n"
	"main li::marker{color:var(--accent)}\n"
	"main li{margin:.25rem 0}\n"
	".tiles{list-style:none;padding:0;margin:1rem 0 1.5rem;display:grid;"
	"grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem}\n"
	".tiles li{margin:0;background:var(--band);border-left:4px solid var(--accent);"
	"padding:.7rem .9rem}\n"
	".tiles p{margin:0}\n"
	".tile-value{font-size:1.9rem;font-weight:700;color:var(--accent);line-height:1.2}\n"
	".tile-label{font-size:.95rem}\n"
	".tile-base,.tile-change{font-size:.85rem;color:var(--muted)}\n"
	".chart{margin:1.2rem 0}\n"
	".chart svg{display:block;width:100%;height:auto}\n"
	"div.table{overflow-x:auto;margin:1.4rem 0 1.6rem}\n"
	"div.table:focus-visible{outline:2px solid var(--accent);outline-offset:2px}\n"
	"table{width:100%;border-collapse:collapse;font-size:.95rem;"
	"border-bottom:1px solid var(--rule);font-variant-numeric:tabular-nums}\n"
	"caption{text-align:left;font-weight:700;padding-bottom:.3rem}\n"
	"th,td{padding:.25rem .5rem;text-align:left;vertical-align:top}\n"
	"thead th{background:var(--accent);color:#fff}\n"
	"tbody th{font-weight:400}\n"
	"tbody tr:nth-child(even){background:var(--band)}\n"
	"tr.total{border-top:1.5px solid var(--text);background:none!important}\n"
	"tr.total th,tr.total td{font-weight:700}\n"
	".num{text-align:right;white-space:nowrap}\n"
	"thead .num{white-space:normal}\n"
	"@media (max-width:40rem){table{font-size:.85rem}th,td{padding:.2rem .3rem}}\n"
	".note{font-size:.85rem;color:var(--muted)}\n"
	".empty{color:var(--muted)}\n"
	"footer{margin-top:3rem;color:var(--muted);font-size:.85rem;padding-bottom:2rem}\n"
	"footer p{border-top:1px solid var(--rule);padding-top:.8rem}\n"
	".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;white-space:nowrap;"
	"clip-path:inset(50%)}\n"
	"@media print{\n"
	"body{font-size:10.5pt}\n"
	".band,.tiles li,thead th,tbody tr{print-color-adjust:exact}\n"
	".band>*,.cover-body,.toc,main,footer{max-width:none;padding-left:0;padding-right:0}\n"
	".band{padding:45mm 22mm 12mm}\n"
	".cover-body{padding:12mm 22mm 0}\n"
	".cover{break-after:page}\n"
	".toc{break-after:page}\n"
	".toc a{color:inherit;text-decoration:none}\n"
	"section.page-break,div.page-break{break-before:page}\n"
	"h2,h3,caption{break-after:avoid}\n"
	".chart,.tiles,tr,div.table{break-inside:avoid}\n"
	"div.table{overflow:visible}\n"
	"table{font-size:9pt}\n"
	"}\n";

/* Print: A4 with the PDF's margins, its running header (the municipality) and footer (the
 * title and "Sida N av M", made from words.h's format) in the page margins. */
static void page_css(struct html *h)
{
	struct sbuf *b = h->b;
	sbuf_add(b, "@page{size:A4;margin:22mm;\n@top-left{content:\"");
	css_str(b, h->tree->header_left);
	sbuf_add(b, "\";font-size:8.5pt;color:" C_MUTED "}\n@bottom-left{content:\"");
	css_str(b, h->tree->title);
	sbuf_add(b, "\";font-size:8.5pt;color:" C_MUTED "}\n@bottom-right{content:\"");
	int k = 0;
	for (const char *p = h->w->page_of; *p; p++) {
		if (p[0] == '%' && p[1] == 'z' && p[2] == 'u') {
			sbuf_add(b, k++ ? "\" counter(pages) \"" : "\" counter(page) \"");
			p += 2;
		} else {
			char c[2] = {*p, 0};
			css_str(b, c);
		}
	}
	sbuf_add(b, "\";font-size:8.5pt;color:" C_MUTED "}}\n"
		    /* the cover's band reaches the paper's edges, as in the PDF */
		    "@page:first{margin:0}\n");
}

int html_render(const struct doc *tree, const struct fonts *fonts, struct sbuf *out,
		struct diag *d)
{
	struct html h = {.b = out, .tree = tree, .fonts = fonts, .w = words_for(tree->lang),
			 .level = 1, .d = d};
	struct sbuf *b = out;
	const struct doc_node *cv = NULL, *colophon = NULL;
	for (const struct doc_node *n = tree->root->first_child; n; n = n->next)
		if (n->kind == DOC_COVER)
			cv = n;
	colophon = child_role(cv, DOC_ROLE_COVER_COLOPHON);

	sbuf_add(b, "<!DOCTYPE html>\n<html lang=\"");
	esc(b, h.w->lang);
	sbuf_add(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(b, tree->title);
	sbuf_add(b, "</title>\n");
	const char *meta[][2] = {{"author", tree->author}, {"description", tree->subject},
				 {"keywords", tree->keywords}, {"generator", tree->creator}};
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		if (!meta[i][1] || !*meta[i][1])
			continue;
		sbuf_printf(b, "<meta name=\"%s\" content=\"", meta[i][0]);
		esc(b, meta[i][1]);
		sbuf_add(b, "\">\n");
	}
	sbuf_add(b, "<style>\n");
	sbuf_add(b, CSS);
	page_css(&h);
	sbuf_add(b, "</style>\n</head>\n<body>\n");
	if (cover(&h, cv) < 0)
		return -1;
	int in_main = 0;
	for (const struct doc_node *n = tree->root->first_child; n; n = n->next) {
		if (n->kind == DOC_COVER || n->kind == DOC_VALUE)
			continue;
		if (n->kind == DOC_TOC) {
			toc(&h, n);
			continue;
		}
		if (!in_main)
			sbuf_add(b, "<main>\n");
		in_main = 1;
		if (block(&h, n) < 0)
			return -1;
	}
	if (in_main)
		sbuf_add(b, "</main>\n");
	if (colophon) {
		sbuf_add(b, "<footer>\n");
		paragraph(&h, colophon);
		sbuf_add(b, "</footer>\n");
	}
	sbuf_add(b, "</body>\n</html>\n");
	return 0;
}

char *html_file_name(const char *pdf_name)
{
	size_t n = strlen(pdf_name);
	if (n > 4 && strcasecmp(pdf_name + n - 4, ".pdf") == 0)
		n -= 4;
	return xasprintf("%.*s.html", (int)n, pdf_name);
}
