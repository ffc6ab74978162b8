/* layout.h - the page model: pages of positioned text runs, rules, boxes and charts, with the
 * document's outline and information. layout.c builds it from the document tree (compose.h),
 * geometry only; pdf.c writes it; lay_dump() writes it as plain text for golden tests. Every
 * item points back to the tree node it shows (node) and says whether it is content, a
 * decoration of that content (table bands and rules, tile boxes) or an artifact of the page
 * (running header and footer, page numbers).
 *
 * Coordinates: points, origin at the page's top-left, y grows downwards; a text item's y is
 * its baseline.
 * Ownership: a struct lay_doc owns its pages, items, strings and pixels; chart scenes placed
 * with lay_chart() are its own, those of a document tree are borrowed (the tree must outlive
 * the pages), as are the node pointers. Free it with lay_doc_free(). */
#ifndef TRYGG_LAYOUT_H
#define TRYGG_LAYOUT_H

#include <stdint.h>
#include <stdio.h>

#include "chart.h"
#include "font.h"

enum lay_kind { LAY_TEXT, LAY_RECT, LAY_LINE, LAY_CHART, LAY_LINK, LAY_IMAGE };

/* What an item is to a reader (a writer tags content and marks the rest as artifacts). */
enum lay_role {
	LAY_CONTENT,    /* shows (part of) its node: a heading's text, a cell, a chart */
	LAY_DECORATION, /* drawn for its node but says nothing: bands, rules, boxes, bullets */
	LAY_ARTIFACT,   /* the page's own: running header and footer, page numbers, rules */
};

struct doc_node;
struct doc;

struct lay_item {
	enum lay_kind kind;
	double x, y, w, h;  /* TEXT: x, baseline y; RECT/CHART/LINK: box; LINE: (x,y)→(x+w,y+h) */
	uint32_t rgb;       /* TEXT colour, RECT fill, LINE stroke */
	double line_width;  /* LINE */
	double size;        /* TEXT */
	enum font_style style;
	char *text;         /* TEXT */
	struct chart_scene *chart; /* CHART: scaled to the box */
	int target_page;    /* LINK: 0-based page index */
	double target_y;    /* LINK: y on the target page */
	unsigned char *pixels; /* IMAGE: packed RGB, px_w × px_h, top row first (owned) */
	int px_w, px_h;     /* IMAGE: size in pixels; drawn into the box x, y, w, h */
	const struct doc_node *node; /* the tree node it came from (NULL: none, or an artifact) */
	enum lay_role role;
	int owns_chart;     /* CHART: freed with the page model (lay_chart) */
};

struct lay_page {
	struct lay_item *items;
	size_t n_items, cap_items;
	/* while building: the node and role that new items get */
	const struct doc_node *tag_node;
	enum lay_role tag_role;
};

struct lay_outline {
	char *title;
	int level; /* 0 = top */
	int page;
	double y;
};

struct lay_doc {
	double width, height; /* A4: 595.276 × 841.89 */
	struct lay_page *pages;
	size_t n_pages, cap_pages;
	struct lay_outline *outlines;
	size_t n_outlines, cap_outlines;
	char *title, *author, *subject, *keywords, *creator;
	char *lang; /* the tree's language ("sv", "en"); NULL: Swedish */
};

struct lay_doc *lay_doc_new(void);
void lay_doc_free(struct lay_doc *doc);
struct lay_page *lay_add_page(struct lay_doc *doc);
/* Item constructors; text is copied, chart is taken over. */
void lay_text(struct lay_page *p, double x, double y, enum font_style st, double size,
	      uint32_t rgb, const char *text);
void lay_rect(struct lay_page *p, double x, double y, double w, double h, uint32_t rgb);
void lay_line(struct lay_page *p, double x1, double y1, double x2, double y2, double width,
	      uint32_t rgb);
void lay_chart(struct lay_page *p, double x, double y, double w, double h,
	       struct chart_scene *chart);
/* An opaque raster image (the logo): rgb (px_w × px_h × 3 bytes) is copied. */
void lay_image(struct lay_page *p, double x, double y, double w, double h,
	       const unsigned char *rgb, int px_w, int px_h);
void lay_link(struct lay_page *p, double x, double y, double w, double h, int target_page,
	      double target_y);
void lay_outline(struct lay_doc *doc, const char *title, int level, int page, double y);

/* Lays out a document tree: cover, table of contents (laid out again until its page numbers
 * are where the sections start), the sections with their tables, charts and sentences,
 * running header and footer "Sida N av M", outlines and document information. Reads only
 * the tree (and the fonts' metrics). Returns a document the caller frees with
 * lay_doc_free(), before the tree. */
struct lay_doc *lay_build_report(const struct doc *tree, const struct fonts *fonts);

/* A table on its own, as the report lays them out (exposed for tests and other documents):
 * starts at *y on doc's last page (a page is added when doc has none), splits over pages
 * with the header row repeated, never leaves a page with a single body row, right-aligns
 * columns marked `right`, bands every other row; when total_row is set the last row is a
 * bold total. cells: nrows × ncols strings, borrowed. *y receives the position after it. */
struct lay_col {
	const char *title;
	double width;
	int right;
};
void lay_table(struct lay_doc *doc, const struct fonts *f, double *y, const char *caption,
	       const struct lay_col *cols, size_t ncols, char *const *cells, size_t nrows,
	       int total_row);
/* The page body: top and bottom margins of the page model (tests check against them). */
#define LAY_TOP 70.0
#define LAY_BOTTOM 72.0
#define LAY_ROW_H 18.0

/* Plain-text dump: one line per item, rounded to 0.1 pt, for golden tests. */
void lay_dump(const struct lay_doc *doc, FILE *fp);

#endif
