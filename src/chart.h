/* chart.h - tables → chart scene: geometry and text in points, colours, no drawing library.
 * Painters (paint_cairo.c for raster/SVG, pdf.c for vector) draw a scene as it is.
 *
 * Coordinates: origin top-left, y grows downwards, units are points (1/72 in).
 * Ownership: chart_scene_free() releases a scene and every string in it. */
#ifndef TRYGG_CHART_H
#define TRYGG_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "font.h"

enum chart_item_kind { CHART_RECT, CHART_LINE, CHART_TEXT };
enum chart_align { CHART_LEFT, CHART_CENTER, CHART_RIGHT };

struct chart_item {
	enum chart_item_kind kind;
	uint32_t rgb;      /* 0xRRGGBB */
	double x, y;       /* RECT: top-left; LINE: start; TEXT: anchor on the baseline */
	double w, h;       /* RECT: size; LINE: end point is (x + w, y + h) */
	double line_width; /* LINE */
	double size;       /* TEXT: font size */
	enum font_style style;
	enum chart_align align;
	char *text; /* TEXT, UTF-8 */
};

struct chart_scene {
	double width, height;
	struct chart_item *items;
	size_t n_items, cap_items;
	char *title; /* for the table of numbers and alt text; may be NULL */
};

/* Grouped bars: for each group (e.g. a category) one bar per series (e.g. 2018, 2017). */
struct chart_series {
	const char *name;
	uint32_t rgb;
};
struct chart_grouped_input {
	const char *title;
	size_t n_groups;
	const char *const *group_labels;
	size_t n_series;
	const struct chart_series *series;
	const int64_t *values; /* n_groups × n_series, row-major */
	int threshold;         /* small-count suppression: 1..threshold-1 drawn as "<threshold" */
	const char *unit;      /* axis caption, e.g. "Antal händelser" */
};

/* Lays out a grouped bar chart of width × height points. Always succeeds; an all-zero input
 * gives a scene that says "Inga händelser". */
void chart_grouped_bars(const struct chart_grouped_input *in, const struct fonts *f,
			double width, double height, struct chart_scene *out);
void chart_scene_free(struct chart_scene *s);

#endif
