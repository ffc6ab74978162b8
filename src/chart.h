/* chart.h - tables → chart scene: geometry and text in points, colours, no drawing library.
 * Painters (paint_cairo.c for raster/SVG, pdf.c for vector) draw a scene as it is.
 *
 * Coordinates: origin top-left, y grows downwards, units are points (1/72 in).
 * Ownership: every chart_* layout function borrows its input and fills *out, which the caller
 * releases with chart_scene_free() (the struct itself stays the caller's). Functions returning
 * char * return memory the caller frees with free(). */
#ifndef TRYGG_CHART_H
#define TRYGG_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "font.h"

/* RECT: filled rectangle. LINE: stroked segment. TEXT: one line of text.
 * POLYLINE: stroked open path through pts (n_pts points, x/y pairs), e.g. a trend line.
 * CIRCLE: a marker centred on (x, y) of radius w, filled with rgb; when line_width > 0 its
 * outline is stroked in `stroke` (a hollow marker is fill white, stroke the series colour). */
enum chart_item_kind { CHART_RECT, CHART_LINE, CHART_TEXT, CHART_POLYLINE, CHART_CIRCLE };
enum chart_align { CHART_LEFT, CHART_CENTER, CHART_RIGHT };

/* What an item stands for, so that tests (and alt text) need not guess from geometry. */
enum chart_role {
	CHART_ROLE_OTHER,    /* background, rules, notes */
	CHART_ROLE_TITLE,
	CHART_ROLE_AXIS,     /* axis line, grid line, tick label, unit caption */
	CHART_ROLE_LABEL,    /* category / x-axis / row label */
	CHART_ROLE_LEGEND,   /* legend swatch and its text */
	CHART_ROLE_MARK,     /* a bar, a bar segment, a line, a point, a heat-map cell */
	CHART_ROLE_VALUE,    /* a value label */
	CHART_ROLE_EMPTY,    /* the "Inga händelser" text */
};

struct chart_item {
	enum chart_item_kind kind;
	uint32_t rgb;      /* 0xRRGGBB: fill (RECT, CIRCLE, TEXT) or stroke (LINE, POLYLINE) */
	double x, y;       /* RECT: top-left; LINE: start; TEXT: anchor on the baseline;
			    * CIRCLE: centre */
	double w, h;       /* RECT: size; LINE: end point is (x + w, y + h); CIRCLE: w = radius */
	double line_width; /* LINE, POLYLINE, CIRCLE outline */
	double size;       /* TEXT: font size */
	enum font_style style;
	enum chart_align align;
	char *text; /* TEXT, UTF-8 */
	/* Added for issue 5; zero means "as before". */
	double dash;       /* LINE, POLYLINE: dash length (gap the same); 0 = solid */
	uint32_t stroke;   /* CIRCLE: outline colour */
	double *pts;       /* POLYLINE: x0, y0, x1, y1, … (owned by the scene) */
	size_t n_pts;      /* POLYLINE: number of points */
	enum chart_role role;
	int series, group; /* MARK, VALUE, LEGEND: indices into the input; -1 when none */
	int suppressed;    /* MARK, VALUE: the value is not shown: CHART_SUPPRESSED (1..threshold-1,
			    * "<3") or CHART_WITHHELD (hidden by secondary suppression, "..") */
};

struct chart_scene {
	double width, height;
	struct chart_item *items;
	size_t n_items, cap_items;
	char *title; /* for the table of numbers and alt text; may be NULL */
	/* The plot area (marks and grid) in scene points; all zero for an empty chart. */
	double plot_x, plot_y, plot_w, plot_h;
	int empty; /* 1: no data, the scene says "Inga händelser" */
};

/* Why a value is not shown (chart_item.suppressed). Both are drawn with the same fixed-size
 * mark, whatever the value. */
#define CHART_SUPPRESSED 1 /* a small count, 1..threshold-1: "<3" */
#define CHART_WITHHELD 2   /* withheld by secondary suppression (any value, even 0): ".." */

/* Series (legend entries): one per bar colour or line. CHART_AUTO picks the default
 * colour-blind-safe palette's colour for the series' index (chart_palette). */
#define CHART_AUTO 0xFF000000u
struct chart_series {
	const char *name;
	uint32_t rgb;
};

/* Values are counts (suppressed below the threshold) or money in öre (drawn in kronor with
 * "kr", never suppressed). */
enum chart_format { CHART_FMT_COUNT, CHART_FMT_KR };

/* The input of every bar and line chart: a table of groups × series.
 *  grouped bars:  per group (category, locality) one bar per series (2018, 2017)
 *  stacked bars:  per group one bar of stacked series segments (departments, categories)
 *  line:          groups are the x positions in order (weeks "v. 23", months "jun"), one
 *                 line per series; series 0 is solid, the others dashed (the baseline)
 *  top-N bars:    horizontal bars, groups are rows drawn top-down in the order given (the
 *                 caller sorts, largest first); rows that do not fit the height are left
 *                 out with a note "… och N till"
 * Labels wrap onto two lines or shorten with an ellipsis. */
struct chart_grouped_input {
	const char *title;
	size_t n_groups;
	const char *const *group_labels;
	size_t n_series;
	const struct chart_series *series;
	const int64_t *values; /* n_groups × n_series, row-major */
	int threshold;         /* small-count suppression: 1..threshold-1 drawn as "<threshold" */
	const char *unit;      /* axis caption, e.g. "Antal händelser" or "Kostnad (kr)" */
	enum chart_format format; /* default CHART_FMT_COUNT */
	/* NULL or one per value (like values): nonzero = withheld by suppression. Drawn like a
	 * suppressed count but labelled "..", its value never used; a stack holding one shows
	 * no total. */
	const unsigned char *hidden;
	/* Stacked bars: NULL, or each group's total as the table beside the chart publishes it,
	 * with total_hidden (NULL or one per group: CHART_SUPPRESSED or CHART_WITHHELD when the
	 * total is not published itself). A stack is then drawn to its total, never past it, and
	 * always carries it ("<3" / ".." when hidden); its hidden segments share in equal parts
	 * what the visible ones leave of the total, which the table gives away already. */
	const int64_t *totals;
	const unsigned char *total_hidden;
};

/* Heat map: rows × columns of counts, e.g. weekday × hour of day. Colour classes are
 * light-to-dark steps of one hue; suppressed cells are grey with "<threshold". */
struct chart_heatmap_input {
	const char *title;
	size_t n_rows;
	const char *const *row_labels; /* NULL with 7 rows: "mån" … "sön" */
	size_t n_cols;
	const char *const *col_labels; /* NULL: "0", "1", … (hours) */
	const int64_t *values;         /* n_rows × n_cols, row-major */
	int threshold;
	uint32_t rgb;                  /* darkest class; CHART_AUTO: the default blue */
	const char *unit;              /* caption, e.g. "Antal händelser per timme" */
	/* NULL or n_rows × n_cols: nonzero = withheld by suppression: a grey cell with "..",
	 * its value never used. */
	const unsigned char *hidden;
};

/* Every layout function always succeeds: a chart with nothing to show says "Inga händelser"
 * (scene->empty = 1). width × height in points. */
void chart_grouped_bars(const struct chart_grouped_input *in, const struct fonts *f,
			double width, double height, struct chart_scene *out);
void chart_stacked_bars(const struct chart_grouped_input *in, const struct fonts *f,
			double width, double height, struct chart_scene *out);
void chart_line(const struct chart_grouped_input *in, const struct fonts *f, double width,
		double height, struct chart_scene *out);
void chart_top_bars(const struct chart_grouped_input *in, const struct fonts *f,
		    double width, double height, struct chart_scene *out);
void chart_heatmap(const struct chart_heatmap_input *in, const struct fonts *f, double width,
		   double height, struct chart_scene *out);

/* Template names ("grouped-bars", "stacked-bars", "line", "top-bars", "heatmap") for the
 * bar/line kinds that take a chart_grouped_input; -1 for an unknown name. */
enum chart_type { CHART_GROUPED, CHART_STACKED, CHART_LINE_TREND, CHART_TOP, CHART_HEATMAP };
int chart_type_from_name(const char *name);
/* Lays out any chart_grouped_input type (not CHART_HEATMAP, which gives an empty chart). */
void chart_draw(enum chart_type type, const struct chart_grouped_input *in,
		const struct fonts *f, double width, double height, struct chart_scene *out);

/* The default palette (Okabe & Ito 2008, colour-blind safe, black left out): colour i,
 * cycling after 7. */
uint32_t chart_palette(size_t i);
/* Weekday short names Monday first: "mån" … "sön" (i 0..6). */
const char *chart_weekday(int i);

/* A file name stem for a chart: "NN-slug" from its 1-based number and title (ASCII letters,
 * digits and '-', å/ä → a, ö → o; "chart" without a title). Caller frees. */
char *chart_file_stem(int number, const char *title);

void chart_scene_free(struct chart_scene *s);

#endif
