/* test_chart.c - chart scenes of every type: proportions, scale, legend, labels, suppression,
 * empty and extreme inputs. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "font.h"
#include "util.h"

#define BLUE 0x1F77B4u
#define ORANGE 0xFF7F0Eu

static struct fonts *fonts;

static int setup(void **state)
{
	(void)state;
	char *dir = util_data_dir("fonts");
	struct diag d = {0};
	int rc = font_load(dir, NULL, NULL, &fonts, &d);
	free(dir);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	font_free(fonts);
	return 0;
}

static const struct chart_series two_series[] = {{"2018", BLUE}, {"2017", ORANGE}};

static void make(struct chart_scene *s, const char *const *labels, size_t n_groups,
		 const int64_t *values, double w, double h)
{
	struct chart_grouped_input in = {
		.title = "Händelser per kategori",
		.n_groups = n_groups,
		.group_labels = labels,
		.n_series = 2,
		.series = two_series,
		.values = values,
		.threshold = 3,
		.unit = "Antal händelser",
	};
	chart_grouped_bars(&in, fonts, w, h, s);
}

/* Bars of one colour: the rectangles of that colour standing on the lowest bottom edge
 * (legend swatches are higher up), in x order. */
static size_t bars_of(const struct chart_scene *s, uint32_t rgb, const struct chart_item **out,
		      size_t max)
{
	double bottom = 0;
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].kind == CHART_RECT && s->items[i].rgb == rgb &&
		    s->items[i].y + s->items[i].h > bottom)
			bottom = s->items[i].y + s->items[i].h;
	size_t n = 0;
	for (size_t i = 0; i < s->n_items && n < max; i++) {
		const struct chart_item *it = &s->items[i];
		if (it->kind == CHART_RECT && it->rgb == rgb && fabs(it->y + it->h - bottom) < 1e-6)
			out[n++] = it;
	}
	return n;
}

static size_t count_text(const struct chart_scene *s, const char *text)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].kind == CHART_TEXT && strcmp(s->items[i].text, text) == 0)
			n++;
	return n;
}

/* Value and group labels are centred; tick labels are right-aligned. */
static size_t count_centred(const struct chart_scene *s, const char *text)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].kind == CHART_TEXT && s->items[i].align == CHART_CENTER &&
		    strcmp(s->items[i].text, text) == 0)
			n++;
	return n;
}

/* Reads a tick label "2 500 000" (no-break spaces) as a number. */
static int64_t parse_swedish(const char *t)
{
	int64_t v = 0;
	for (; *t; t++)
		if (*t >= '0' && *t <= '9')
			v = v * 10 + (*t - '0');
	return v;
}

/* Tick labels are the right-aligned texts; returns the largest and checks 1-2-5 steps. */
static int64_t top_tick(const struct chart_scene *s)
{
	int64_t vals[32] = {0};
	size_t n = 0;
	for (size_t i = 0; i < s->n_items && n < 32; i++)
		if (s->items[i].kind == CHART_TEXT && s->items[i].align == CHART_RIGHT)
			vals[n++] = parse_swedish(s->items[i].text);
	assert_true(n >= 2);
	int64_t step = vals[1] - vals[0];
	assert_true(vals[0] == 0 && step > 0);
	for (size_t i = 1; i < n; i++)
		assert_true(vals[i] - vals[i - 1] == step);
	int64_t m = step;
	while (m % 10 == 0)
		m /= 10;
	assert_true(m == 1 || m == 2 || m == 5);
	return vals[n - 1];
}

struct box {
	double l, t, r, b;
};

static struct box text_box(const struct chart_item *it)
{
	double w = font_text_width(fonts, it->style, it->size, it->text);
	double l = it->x - (it->align == CHART_CENTER ? w / 2 : it->align == CHART_RIGHT ? w : 0);
	struct box bx = {l, it->y - font_ascent(fonts, it->style, it->size), l + w,
			 it->y - font_descent(fonts, it->style, it->size)};
	return bx;
}

/* No two texts overlap, and every text lies inside the scene. */
static void assert_texts_apart(const struct chart_scene *s)
{
	for (size_t i = 0; i < s->n_items; i++) {
		const struct chart_item *a = &s->items[i];
		if (a->kind != CHART_TEXT)
			continue;
		struct box ba = text_box(a);
		if (ba.l < -0.01 || ba.r > s->width + 0.01 || ba.t < -0.01 || ba.b > s->height + 0.01)
			fail_msg("text '%s' leaves the scene", a->text);
		for (size_t j = i + 1; j < s->n_items; j++) {
			const struct chart_item *b = &s->items[j];
			if (b->kind != CHART_TEXT)
				continue;
			struct box bb = text_box(b);
			double ox = fmin(ba.r, bb.r) - fmax(ba.l, bb.l);
			double oy = fmin(ba.b, bb.b) - fmax(ba.t, bb.t);
			if (ox > 0.01 && oy > 0.01)
				fail_msg("'%s' overlaps '%s'", a->text, b->text);
		}
	}
}

static void test_bars_proportional(void **state)
{
	(void)state;
	static const char *const labels[] = {"Skadeg\xC3\xB6relse", "Klotter", "St\xC3\xB6ld"};
	static const int64_t values[] = {40, 7, 20, 10, 5, 12};
	struct chart_scene s;
	make(&s, labels, 3, values, 400, 250);
	assert_true(s.width == 400 && s.height == 250);
	assert_string_equal(s.title, "Händelser per kategori");
	const struct chart_item *blue[8], *orange[8];
	assert_int_equal(bars_of(&s, BLUE, blue, 8), 3);
	assert_int_equal(bars_of(&s, ORANGE, orange, 8), 3);
	/* 40 : 20 : 5 and 7 : 10 : 12, all on one scale. */
	assert_true(fabs(blue[0]->h / blue[1]->h - 2.0) < 1e-9);
	assert_true(fabs(blue[0]->h / blue[2]->h - 8.0) < 1e-9);
	assert_true(fabs(orange[1]->h / orange[0]->h - 10.0 / 7.0) < 1e-9);
	assert_true(fabs(blue[0]->h / orange[2]->h - 40.0 / 12.0) < 1e-9);
	/* Groups in order, the two series side by side within a group. */
	assert_true(blue[0]->x < orange[0]->x && orange[0]->x < blue[1]->x);
	assert_true(top_tick(&s) >= 40);
	/* Value labels above their bars, with Swedish formatting. */
	assert_int_equal(count_centred(&s, "40"), 1);
	assert_int_equal(count_centred(&s, "7"), 1);
	assert_int_equal(count_centred(&s, "Klotter"), 1);
	assert_texts_apart(&s);
	chart_scene_free(&s);
}

static void test_legend_and_scale(void **state)
{
	(void)state;
	static const char *const labels[] = {"A", "B"};
	static const int64_t values[] = {41, 3, 17, 0};
	struct chart_scene s;
	make(&s, labels, 2, values, 300, 200);
	/* One legend entry per series, each with a swatch of its colour. */
	assert_int_equal(count_text(&s, "2018"), 1);
	assert_int_equal(count_text(&s, "2017"), 1);
	/* The top tick covers the maximum and is the smallest 1-2-5 multiple that does in at
	 * most five steps: 41 → 50 in steps of 10. */
	assert_int_equal(top_tick(&s), 50);
	/* A bar's height is its share of the top tick's: the tallest bar is 41/50 of the
	 * distance between the 0 and 50 gridlines. */
	const struct chart_item *blue[4];
	assert_int_equal(bars_of(&s, BLUE, blue, 4), 2);
	double y0 = 0, y50 = 0;
	for (size_t i = 0; i < s.n_items; i++) {
		const struct chart_item *it = &s.items[i];
		if (it->kind == CHART_TEXT && it->align == CHART_RIGHT) {
			if (strcmp(it->text, "0") == 0)
				y0 = it->y;
			if (strcmp(it->text, "50") == 0)
				y50 = it->y;
		}
	}
	assert_true(fabs(blue[0]->h - (y0 - y50) * 41.0 / 50.0) < 1e-6);
	/* The zero value draws no bar but says 0. */
	const struct chart_item *orange[4];
	assert_int_equal(bars_of(&s, ORANGE, orange, 4), 1);
	assert_texts_apart(&s);
	chart_scene_free(&s);
}

static void test_suppressed(void **state)
{
	(void)state;
	static const char *const labels[] = {"Klotter", "Brand"};
	const int64_t one[] = {30, 1, 12, 8};
	const int64_t two[] = {30, 2, 12, 8};
	struct chart_scene a, b;
	make(&a, labels, 2, one, 300, 200);
	make(&b, labels, 2, two, 300, 200);
	assert_int_equal(count_text(&a, "<3"), 1);
	/* Neither 1 nor 2 appears as a value label. */
	for (size_t i = 0; i < a.n_items; i++)
		if (a.items[i].kind == CHART_TEXT && a.items[i].align == CHART_CENTER)
			assert_true(strcmp(a.items[i].text, "1") != 0 &&
				    strcmp(a.items[i].text, "2") != 0);
	/* 1 and 2 give the very same picture: nothing of the true value shows. */
	assert_int_equal(a.n_items, b.n_items);
	for (size_t i = 0; i < a.n_items; i++) {
		const struct chart_item *x = &a.items[i], *y = &b.items[i];
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->rgb, y->rgb);
		assert_true(x->x == y->x && x->y == y->y && x->w == y->w && x->h == y->h);
		if (x->kind == CHART_TEXT)
			assert_string_equal(x->text, y->text);
	}
	/* The stub is not drawn at the true height (2/30 of the 30 bar) either. */
	const struct chart_item *orange[4], *blue[4];
	assert_int_equal(bars_of(&b, BLUE, blue, 4), 2);
	assert_true(bars_of(&b, ORANGE, orange, 4) >= 2);
	assert_true(fabs(orange[0]->h / blue[0]->h - 2.0 / 30.0) > 1e-3);
	assert_texts_apart(&a);
	chart_scene_free(&a);
	chart_scene_free(&b);
}

static void test_all_zero(void **state)
{
	(void)state;
	static const char *const labels[] = {"Klotter", "Brand"};
	static const int64_t values[] = {0, 0, 0, 0};
	struct chart_scene s;
	make(&s, labels, 2, values, 300, 200);
	assert_int_equal(count_text(&s, "Inga h\xC3\xA4ndelser"), 1);
	for (size_t i = 0; i < s.n_items; i++)
		assert_int_not_equal(s.items[i].kind, CHART_RECT);
	assert_texts_apart(&s);
	chart_scene_free(&s);

	/* No groups at all is the same case, and must not divide by zero. */
	make(&s, NULL, 0, NULL, 300, 200);
	assert_int_equal(count_text(&s, "Inga h\xC3\xA4ndelser"), 1);
	chart_scene_free(&s);
}

static void test_millions(void **state)
{
	(void)state;
	static const char *const labels[] = {"Kostnad 2018", "Kostnad 2017"};
	static const int64_t values[] = {2500000, 1234567, 987654, 2000001};
	struct chart_scene s;
	make(&s, labels, 2, values, 400, 250);
	int64_t top = top_tick(&s);
	assert_true(top >= 2500000);
	assert_int_equal(top, 2500000);
	assert_int_equal(count_text(&s, "2\xC2\xA0" "500\xC2\xA0" "000"), 2); /* tick and value */
	const struct chart_item *blue[4], *orange[4];
	assert_int_equal(bars_of(&s, BLUE, blue, 4), 2);
	assert_int_equal(bars_of(&s, ORANGE, orange, 4), 2);
	assert_true(fabs(orange[0]->h / blue[0]->h - 1234567.0 / 2500000.0) < 1e-9);
	assert_true(fabs(orange[1]->h / blue[1]->h - 2000001.0 / 987654.0) < 1e-9);
	assert_texts_apart(&s);
	chart_scene_free(&s);
}

static void test_long_labels(void **state)
{
	(void)state;
	static const char *const labels[] = {
		"Skadeg\xC3\xB6relse p\xC3\xA5 skolor och f\xC3\xB6rskolor",
		"Klotter/tags",
		"Inbrott",
		"Brand i papperskorg och container",
		"Hot och v\xC3\xA5ld mot personal",
		"\xC3\x96vrigt",
		"Nedskr\xC3\xA4pning",
		"Ordningsst\xC3\xB6rningar",
	};
	static const int64_t values[] = {
		40, 31, 12, 9, 7, 2, 15, 22, 8, 11, 3, 1, 19, 23, 5, 4,
	};
	struct chart_scene s;
	make(&s, labels, 8, values, 360, 220);
	assert_texts_apart(&s);
	/* The longest label could not fit on two lines in a 40 pt group: it is shortened. */
	int shortened = 0;
	for (size_t i = 0; i < s.n_items; i++)
		if (s.items[i].kind == CHART_TEXT && strstr(s.items[i].text, "\xE2\x80\xA6"))
			shortened++;
	assert_true(shortened >= 1);
	chart_scene_free(&s);

	/* A narrow chart with a long title: the title is shortened, nothing overlaps. */
	struct chart_grouped_input in = {
		.title = "Antal anm\xC3\xA4lda h\xC3\xA4ndelser per kategori och \xC3\xA5r, "
			 "sommaren 2018 j\xC3\xA4mf\xC3\xB6rt med sommaren 2017",
		.n_groups = 8, .group_labels = labels, .n_series = 2, .series = two_series,
		.values = values, .threshold = 3, .unit = "Antal",
	};
	chart_grouped_bars(&in, fonts, 200, 160, &s);
	assert_texts_apart(&s);
	chart_scene_free(&s);
}

/* ---- every chart type (issue 5) ---- */

#define NB "\xC2\xA0" /* no-break space, as in Swedish numbers */

static const struct chart_series one_series[] = {{"Sommar 2018", BLUE}};

/* Common to every scene: texts apart and inside; marks and value labels within the plot box
 * (value labels may stand one label height above it); no NaN geometry. */
static void check_scene(const struct chart_scene *s)
{
	assert_texts_apart(s);
	if (s->empty)
		return;
	assert_true(s->plot_w > 0 && s->plot_h > 0);
	double x0 = s->plot_x - 0.01, x1 = s->plot_x + s->plot_w + 0.01;
	double y0 = s->plot_y - 0.01, y1 = s->plot_y + s->plot_h + 0.01;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct chart_item *it = &s->items[i];
		assert_false(isnan(it->x) || isnan(it->y) || isnan(it->w) || isnan(it->h));
		if (it->role == CHART_ROLE_MARK && it->kind == CHART_RECT) {
			if (it->x < x0 || it->x + it->w > x1 || it->y < y0 || it->y + it->h > y1)
				fail_msg("mark %zu outside the plot", i);
		}
		if (it->role == CHART_ROLE_MARK && it->kind == CHART_POLYLINE)
			for (size_t k = 0; k < it->n_pts; k++)
				assert_true(it->pts[2 * k] >= x0 && it->pts[2 * k] <= x1 &&
					    it->pts[2 * k + 1] >= y0 && it->pts[2 * k + 1] <= y1);
		if (it->role == CHART_ROLE_VALUE && it->kind == CHART_TEXT) {
			struct box b = text_box(it);
			if (b.l < x0 || b.r > s->width || b.t < y0 - 12 || b.b > y1)
				fail_msg("value label '%s' outside the plot", it->text);
		}
	}
}

/* Value labels with this text. */
static size_t count_value(const struct chart_scene *s, const char *text)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_items; i++)
		n += s->items[i].role == CHART_ROLE_VALUE && strcmp(s->items[i].text, text) == 0;
	return n;
}

static size_t count_role(const struct chart_scene *s, enum chart_role role,
			 enum chart_item_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_items; i++)
		n += s->items[i].role == role && s->items[i].kind == kind;
	return n;
}

/* The first mark rectangle of (series, group); NULL when none. */
static const struct chart_item *mark(const struct chart_scene *s, int series, int group)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].role == CHART_ROLE_MARK && s->items[i].kind == CHART_RECT &&
		    s->items[i].series == series && s->items[i].group == group)
			return &s->items[i];
	return NULL;
}

static const struct chart_item *value_label(const struct chart_scene *s, int series, int group)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].role == CHART_ROLE_VALUE && s->items[i].series == series &&
		    s->items[i].group == group)
			return &s->items[i];
	return NULL;
}

/* The largest axis tick (role AXIS texts that are numbers). */
static int64_t axis_top(const struct chart_scene *s)
{
	int64_t top = -1;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct chart_item *it = &s->items[i];
		if (it->role != CHART_ROLE_AXIS || it->kind != CHART_TEXT ||
		    !(it->text[0] >= '0' && it->text[0] <= '9'))
			continue;
		int64_t v = parse_swedish(it->text);
		if (v > top)
			top = v;
	}
	return top;
}

/* Two scenes are the same picture (suppressed 1 and 2 must not differ in anything). */
static void assert_same_picture(const struct chart_scene *a, const struct chart_scene *b)
{
	assert_int_equal(a->n_items, b->n_items);
	for (size_t i = 0; i < a->n_items; i++) {
		const struct chart_item *x = &a->items[i], *y = &b->items[i];
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->rgb, y->rgb);
		assert_true(x->x == y->x && x->y == y->y && x->w == y->w && x->h == y->h);
		assert_int_equal(x->n_pts, y->n_pts);
		for (size_t k = 0; k < 2 * x->n_pts; k++)
			assert_true(x->pts[k] == y->pts[k]);
		if (x->kind == CHART_TEXT)
			assert_string_equal(x->text, y->text);
	}
}

static void assert_empty(const struct chart_scene *s)
{
	assert_int_equal(s->empty, 1);
	assert_int_equal(count_text(s, "Inga h\xC3\xA4ndelser"), 1);
	assert_int_equal(count_role(s, CHART_ROLE_MARK, CHART_RECT), 0);
	assert_int_equal(count_role(s, CHART_ROLE_MARK, CHART_POLYLINE), 0);
}

typedef void (*layout_fn)(const struct chart_grouped_input *, const struct fonts *, double,
			  double, struct chart_scene *);
static const layout_fn bar_kinds[] = {chart_grouped_bars, chart_stacked_bars, chart_line,
				      chart_top_bars};

static void test_every_kind_empty(void **state)
{
	(void)state;
	static const char *const labels[] = {"Klotter", "Brand"};
	static const int64_t zeros[] = {0, 0, 0, 0};
	for (size_t k = 0; k < 4; k++) {
		struct chart_grouped_input in = {.title = "Tomt", .n_groups = 2,
						 .group_labels = labels, .n_series = 2,
						 .series = two_series, .values = zeros, .threshold = 3};
		struct chart_scene s;
		bar_kinds[k](&in, fonts, 300, 200, &s);
		assert_empty(&s);
		chart_scene_free(&s);
		/* No groups at all is empty as well, not a failure. */
		in.n_groups = 0;
		bar_kinds[k](&in, fonts, 300, 200, &s);
		assert_empty(&s);
		check_scene(&s);
		chart_scene_free(&s);
	}
	static const int64_t hz[7 * 24] = {0};
	struct chart_heatmap_input hi = {.title = "N\xC3\xA4r", .n_rows = 7, .n_cols = 24,
					 .values = hz, .threshold = 3, .rgb = CHART_AUTO};
	struct chart_scene s;
	chart_heatmap(&hi, fonts, 400, 200, &s);
	assert_empty(&s);
	chart_scene_free(&s);
}

static void test_every_kind_single_value(void **state)
{
	(void)state;
	static const char *const labels[] = {"Skadeg\xC3\xB6relse"};
	static const int64_t v[] = {7};
	for (size_t k = 0; k < 4; k++) {
		struct chart_grouped_input in = {.title = "En", .n_groups = 1, .group_labels = labels,
						 .n_series = 1, .series = one_series, .values = v,
						 .threshold = 3, .unit = "Antal"};
		struct chart_scene s;
		bar_kinds[k](&in, fonts, 300, 200, &s);
		assert_int_equal(s.empty, 0);
		check_scene(&s);
		/* 7 → ticks of 2 up to 8 (at most five steps, 1-2-5): by hand. */
		assert_int_equal(axis_top(&s), 8);
		if (count_text(&s, "7") != 1)
			fail_msg("kind %zu: %zu labels '7'", k, count_text(&s, "7"));
		assert_int_equal(count_text(&s, "Skadeg\xC3\xB6relse"), 1);
		chart_scene_free(&s);
	}
	int64_t hv[7 * 24] = {0};
	hv[5 * 24 + 22] = 7; /* Saturday 22:00 */
	struct chart_heatmap_input hi = {.title = "N\xC3\xA4r", .n_rows = 7, .n_cols = 24,
					 .values = hv, .threshold = 3, .rgb = CHART_AUTO};
	struct chart_scene s;
	chart_heatmap(&hi, fonts, 480, 200, &s);
	check_scene(&s);
	assert_int_equal(count_role(&s, CHART_ROLE_MARK, CHART_RECT), 7 * 24);
	const struct chart_item *cell = mark(&s, 5, 22), *zero = mark(&s, 0, 0);
	assert_non_null(cell);
	assert_true(cell->rgb != zero->rgb);
	assert_int_equal(count_value(&s, "7"), 1);
	assert_int_equal(count_text(&s, "l\xC3\xB6r"), 1);
	assert_int_equal(count_text(&s, "m\xC3\xA5n"), 1);
	chart_scene_free(&s);
}

static void test_stacked(void **state)
{
	(void)state;
	static const char *const labels[] = {"Fastighet", "Skola"};
	static const int64_t v[] = {30, 10, 5, 12, 0, 8};
	struct chart_series three[] = {{"Skadeg\xC3\xB6relse", CHART_AUTO}, {"Klotter", CHART_AUTO},
				       {"Brand", 0x123456}};
	struct chart_grouped_input in = {.title = "Per f\xC3\xB6rvaltning", .n_groups = 2,
					 .group_labels = labels, .n_series = 3, .series = three,
					 .values = v, .threshold = 3, .unit = "Antal"};
	struct chart_scene s;
	chart_stacked_bars(&in, fonts, 360, 240, &s);
	check_scene(&s);
	/* One legend entry per series; auto colours from the Okabe-Ito palette. */
	assert_int_equal(count_role(&s, CHART_ROLE_LEGEND, CHART_TEXT), 3);
	assert_int_equal(mark(&s, 0, 0)->rgb, 0x0072B2);
	assert_int_equal(mark(&s, 1, 0)->rgb, 0xE69F00);
	assert_int_equal(mark(&s, 2, 0)->rgb, 0x123456);
	/* Segments stack without gaps and are proportional: 30 : 10 : 5. */
	const struct chart_item *a = mark(&s, 0, 0), *b = mark(&s, 1, 0), *c = mark(&s, 2, 0);
	assert_true(fabs(a->y - (b->y + b->h)) < 1e-9 && fabs(b->y - (c->y + c->h)) < 1e-9);
	assert_true(fabs(a->h / b->h - 3.0) < 1e-9 && fabs(a->h / c->h - 6.0) < 1e-9);
	/* Totals 45 and 20 (by hand) cover: ticks up to 50. */
	assert_int_equal(axis_top(&s), 50);
	assert_int_equal(count_value(&s, "45"), 1);
	assert_int_equal(count_value(&s, "20"), 1);
	assert_null(mark(&s, 1, 1)); /* zero: no segment */
	chart_scene_free(&s);

	/* A suppressed segment: same picture for 1 and 2, no total over that stack. */
	int64_t v1[] = {30, 1, 5, 12, 0, 8}, v2[] = {30, 2, 5, 12, 0, 8};
	struct chart_scene s1, s2;
	in.values = v1;
	chart_stacked_bars(&in, fonts, 360, 240, &s1);
	in.values = v2;
	chart_stacked_bars(&in, fonts, 360, 240, &s2);
	assert_same_picture(&s1, &s2);
	check_scene(&s1);
	assert_int_equal(count_value(&s1, "36"), 0);
	assert_int_equal(count_value(&s1, "37"), 0);
	assert_true(mark(&s1, 1, 0)->suppressed);
	chart_scene_free(&s1);
	chart_scene_free(&s2);
}

/* Stacks with published totals (issue 13): a stack is as high as its total, never higher,
 * and carries it even when segments are hidden; the hidden segments share what the visible
 * ones leave (Billesholm: 14 − 7 = 7 over five hidden segments, by hand). */
static void test_stacked_totals(void **state)
{
	(void)state;
	static const char *const labels[] = {"Bjuv", "Billesholm", "Ekeby"};
	/* categories: 6 series; Billesholm 1, 7, 2, 2, 1, 1 with all but the 7 hidden */
	static const int64_t v[] = {18, 1, 2, 2, 0, 13, 1, 7, 2, 2, 1, 1, 1, 2, 0, 0, 0, 0};
	static const unsigned char hid[] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	static const int64_t totals[] = {36, 14, 3};
	struct chart_series six[] = {{"A", CHART_AUTO}, {"B", CHART_AUTO}, {"C", CHART_AUTO},
				     {"D", CHART_AUTO}, {"E", CHART_AUTO}, {"F", CHART_AUTO}};
	struct chart_grouped_input in = {.title = "Per ort", .n_groups = 3, .group_labels = labels,
					 .n_series = 6, .series = six, .values = v,
					 .threshold = 3, .unit = "Antal", .hidden = hid,
					 .totals = totals};
	struct chart_scene s;
	chart_stacked_bars(&in, fonts, 400, 240, &s);
	check_scene(&s);
	assert_texts_apart(&s);
	assert_int_equal(axis_top(&s), 40);
	double per_unit = s.plot_h / 40.0, bottom = s.plot_y + s.plot_h;
	for (int g = 0; g < 3; g++) {
		double top = bottom;
		for (int k = 0; k < 6; k++) {
			const struct chart_item *m = mark(&s, k, g);
			if (m && m->y < top)
				top = m->y;
		}
		/* the stack's top is its total, to a hundredth of a point */
		assert_true(fabs((bottom - top) - per_unit * (double)totals[g]) < 0.01);
	}
	assert_int_equal(count_value(&s, "36"), 1);
	assert_int_equal(count_value(&s, "14"), 1);
	assert_int_equal(count_value(&s, "3"), 1);
	/* Billesholm's five hidden segments are 7 / 5 units each */
	assert_true(fabs(mark(&s, 0, 1)->h - per_unit * 7.0 / 5.0) < 0.01);
	chart_scene_free(&s);

	/* a withheld total: the stack carries "..", not its sum */
	static const unsigned char th[] = {0, CHART_WITHHELD, 0};
	in.total_hidden = th;
	chart_stacked_bars(&in, fonts, 400, 240, &s);
	check_scene(&s);
	assert_int_equal(count_value(&s, "14"), 0);
	int total_label = 0;
	for (size_t i = 0; i < s.n_items; i++)
		total_label += s.items[i].role == CHART_ROLE_VALUE && s.items[i].group == 1 &&
			       s.items[i].series == -1 && strcmp(s.items[i].text, "..") == 0;
	assert_int_equal(total_label, 1);
	chart_scene_free(&s);
}

static void test_stacked_millions_kr(void **state)
{
	(void)state;
	static const char *const labels[] = {"Fastighet", "Skola", "Kultur och fritid"};
	/* öre: 1 234 567 kr + 23 456 kr; 845 000 kr; 12 000 kr */
	static const int64_t v[] = {123456700, 2345600, 84500000, 0, 1200000, 0};
	struct chart_grouped_input in = {.title = "Kostnad", .n_groups = 3, .group_labels = labels,
					 .n_series = 2, .series = two_series, .values = v,
					 .threshold = 3, .unit = "Kostnad (kr)",
					 .format = CHART_FMT_KR};
	struct chart_scene s;
	chart_stacked_bars(&in, fonts, 400, 240, &s);
	check_scene(&s);
	/* Largest total 1 258 023 kr; five steps of 500 000 would be needed at 1-2-5... by
	 * hand: 1 258 023 / 5 = 251 605 → step 500 000, top 1 500 000. */
	assert_int_equal(axis_top(&s), 1500000);
	assert_int_equal(count_text(&s, "1" NB "500" NB "000"), 1);
	/* Money is never suppressed: the 12 000 kr bar is drawn at its size. */
	const struct chart_item *big = mark(&s, 0, 0), *small = mark(&s, 0, 2);
	assert_true(fabs(big->h / small->h - 1234567.0 / 12000.0) < 1e-6);
	assert_false(small->suppressed);
	/* Value labels say kr, in full or short ("mnkr", "tkr") form. */
	const struct chart_item *vl = value_label(&s, 0, 0);
	assert_non_null(vl);
	assert_true(strstr(vl->text, "kr") != NULL);
	chart_scene_free(&s);
}

static void test_line(void **state)
{
	(void)state;
	static const char *const weeks[] = {"v. 23", "v. 24", "v. 25", "v. 26", "v. 27"};
	/* row-major: (current, baseline) per week; current 10 20 15 0 5, baseline 12 8 1 9 6 */
	int64_t v[] = {10, 12, 20, 8, 15, 1, 0, 9, 5, 6};
	struct chart_grouped_input in = {.title = "Per vecka", .n_groups = 5, .group_labels = weeks,
					 .n_series = 2, .series = two_series, .values = v,
					 .threshold = 3, .unit = "Antal"};
	struct chart_scene s;
	chart_line(&in, fonts, 400, 220, &s);
	check_scene(&s);
	assert_int_equal(count_role(&s, CHART_ROLE_LEGEND, CHART_TEXT), 2);
	assert_int_equal(count_role(&s, CHART_ROLE_MARK, CHART_POLYLINE), 2);
	/* max 20 → top tick 20 in steps of 5 (by hand) */
	assert_int_equal(axis_top(&s), 20);
	const struct chart_item *cur = NULL, *base = NULL;
	for (size_t i = 0; i < s.n_items; i++)
		if (s.items[i].kind == CHART_POLYLINE)
			*(s.items[i].series == 0 ? &cur : &base) = &s.items[i];
	assert_non_null(cur);
	assert_non_null(base);
	assert_int_equal(cur->n_pts, 5);
	assert_true(cur->dash == 0 && base->dash > 0); /* the baseline is dashed */
	/* Heights above the axis proportional to the values: 10, 20, 15, 0. */
	double bottom = s.plot_y + s.plot_h;
	double h0 = bottom - cur->pts[1], h1 = bottom - cur->pts[3];
	assert_true(fabs(h1 / h0 - 2.0) < 1e-9);
	assert_true(fabs((bottom - cur->pts[5]) / h0 - 1.5) < 1e-9);
	assert_true(fabs(bottom - cur->pts[7]) < 1e-9);
	assert_true(fabs(h1 - s.plot_h) < 1e-9); /* 20 of 20 */
	/* x in order, evenly spaced */
	assert_true(fabs((cur->pts[2] - cur->pts[0]) - (cur->pts[8] - cur->pts[6])) < 1e-9);
	/* The suppressed baseline point (v. 25: 1) is a hollow marker labelled "<3". */
	assert_int_equal(count_text(&s, "<3"), 1);
	int hollow = 0;
	for (size_t i = 0; i < s.n_items; i++)
		if (s.items[i].kind == CHART_CIRCLE && s.items[i].suppressed)
			hollow += s.items[i].rgb == 0xFFFFFF && s.items[i].line_width > 0;
	assert_int_equal(hollow, 1);
	/* The zero point (v. 26) stands on the axis without a "0" label; the axis keeps its
	 * own "0" tick. */
	assert_int_equal(count_value(&s, "0"), 0);
	assert_int_equal(count_text(&s, "0"), 1);
	struct chart_scene s2;
	v[5] = 2;
	chart_line(&in, fonts, 400, 220, &s2);
	assert_same_picture(&s, &s2);
	chart_scene_free(&s);
	chart_scene_free(&s2);
}

/* A value withheld by secondary suppression: the same scene whatever it is (0, 5, 500),
 * drawn with the same mark as a suppressed count and labelled "..", in every bar and line
 * kind. */
static void test_withheld(void **state)
{
	(void)state;
	static const char *const labels[] = {"Bjuv", "Billesholm", "Ekeby"};
	/* (2018, 2017) per group; Billesholm 2018 is withheld, Billesholm 2017 suppressed. */
	static const unsigned char hidden[] = {0, 0, 1, 0, 0, 0};
	for (size_t k = 0; k < 4; k++) {
		int64_t v[] = {20, 12, 5, 1, 8, 9};
		struct chart_grouped_input in = {.title = "Per ort", .n_groups = 3,
						 .group_labels = labels, .n_series = 2,
						 .series = two_series, .values = v, .threshold = 3,
						 .unit = "Antal", .hidden = hidden};
		struct chart_scene a, b, z;
		bar_kinds[k](&in, fonts, 400, 240, &a);
		v[2] = 500;
		bar_kinds[k](&in, fonts, 400, 240, &b);
		v[2] = 0;
		bar_kinds[k](&in, fonts, 400, 240, &z);
		check_scene(&a);
		assert_same_picture(&a, &b);
		assert_same_picture(&a, &z);
		if (count_value(&a, "..") != 1)
			fail_msg("kind %zu: %zu labels '..'", k, count_value(&a, ".."));
		assert_int_equal(count_value(&a, "5"), 0);
		assert_int_equal(count_value(&a, "<3"), 1);
		/* 500 would have pushed the axis far above the largest shown value: 20, or for
		 * stacks Bjuv's 20 + 12 = 32 in steps of 10 (by hand). */
		assert_int_equal(axis_top(&a), k == 1 ? 40 : 20);
		const struct chart_item *w = value_label(&a, 0, 1), *p = value_label(&a, 1, 1);
		assert_int_equal(w->suppressed, CHART_WITHHELD);
		assert_int_equal(p->suppressed, CHART_SUPPRESSED);
		if (k != 2) {
			/* Bars: the withheld stub has the suppressed one's size. */
			const struct chart_item *mw = mark(&a, 0, 1), *mp = mark(&a, 1, 1);
			assert_non_null(mw);
			assert_int_equal(mw->suppressed, CHART_WITHHELD);
			assert_true(fabs(mw->w * mw->h - mp->w * mp->h) < 1e-9);
		}
		chart_scene_free(&a);
		chart_scene_free(&b);
		chart_scene_free(&z);
	}

	/* Stacked: a withheld segment keeps the stack's total off, at any value. */
	static const char *const two[] = {"Bjuv", "Ekeby"};
	int64_t sv[] = {30, 10, 5, 12, 0, 8};
	static const unsigned char sh[] = {0, 1, 0, 0, 0, 0};
	struct chart_series three[] = {{"SkadegÃ¶relse", CHART_AUTO}, {"Klotter", CHART_AUTO},
				       {"Brand", CHART_AUTO}};
	struct chart_grouped_input si = {.title = "Per ort", .n_groups = 2, .group_labels = two,
					 .n_series = 3, .series = three, .values = sv,
					 .threshold = 3, .unit = "Antal", .hidden = sh};
	struct chart_scene a, b;
	chart_stacked_bars(&si, fonts, 360, 240, &a);
	sv[1] = 500;
	chart_stacked_bars(&si, fonts, 360, 240, &b);
	check_scene(&a);
	assert_same_picture(&a, &b);
	/* Ekeby's total 20 (by hand) is shown, Bjuv's (45 or 535) is not. */
	assert_int_equal(count_value(&a, "20"), 1);
	assert_int_equal(count_value(&a, "45"), 0);
	assert_int_equal(count_value(&a, "35"), 0);
	assert_int_equal(count_value(&a, ".."), 1);
	assert_int_equal(mark(&a, 1, 0)->suppressed, CHART_WITHHELD);
	chart_scene_free(&a);
	chart_scene_free(&b);

	/* Heat map: a withheld cell is grey with "..", and the classes ignore its value. */
	int64_t hv[7 * 4] = {0};
	unsigned char hh[7 * 4] = {0};
	hv[0] = 4;
	hv[1] = 9;
	hv[5] = 1;
	hv[6] = 6;
	hh[6] = 1;
	struct chart_heatmap_input hi = {.title = "NÃ¤r", .n_rows = 7, .n_cols = 4,
					 .values = hv, .threshold = 3, .rgb = CHART_AUTO,
					 .hidden = hh};
	chart_heatmap(&hi, fonts, 400, 200, &a);
	hv[6] = 500;
	chart_heatmap(&hi, fonts, 400, 200, &b);
	check_scene(&a);
	assert_same_picture(&a, &b);
	const struct chart_item *cw = mark(&a, 1, 2), *cs = mark(&a, 1, 1);
	assert_int_equal(cw->suppressed, CHART_WITHHELD);
	assert_int_equal(cw->rgb, cs->rgb); /* the suppressed cell's grey */
	assert_int_equal(count_value(&a, ".."), 1);
	assert_int_equal(count_value(&a, "<3"), 1);
	assert_int_equal(count_text(&a, "<3 / .."), 1); /* one legend entry for both */
	chart_scene_free(&a);
	chart_scene_free(&b);
}

static void test_line_many_labels(void **state)
{
	(void)state;
	/* 53 weeks in a narrow chart: labels thinned out, never overlapping. */
	char names[53][24];
	const char *labels[53];
	int64_t v[53];
	for (int i = 0; i < 53; i++) {
		snprintf(names[i], sizeof(names[i]), "vecka %d", i + 1);
		labels[i] = names[i];
		v[i] = 1000000 + i * 12345;
	}
	struct chart_grouped_input in = {.title = "Ett \xC3\xA5r", .n_groups = 53,
					 .group_labels = labels, .n_series = 1,
					 .series = one_series, .values = v, .threshold = 3};
	struct chart_scene s;
	chart_line(&in, fonts, 300, 180, &s);
	check_scene(&s);
	size_t shown = count_role(&s, CHART_ROLE_LABEL, CHART_TEXT);
	assert_true(shown >= 2 && shown < 53);
	/* 1 641 780 → 2 000 000 (steps of 500 000, by hand) */
	assert_int_equal(axis_top(&s), 2000000);
	chart_scene_free(&s);
}

static void test_top_bars(void **state)
{
	(void)state;
	static const char *const sites[] = {
		"Bjuvs centralstation, perrongen mot \xC3\x85storp och bussh\xC3\xA5llplatsen",
		"Varag\xC3\xA5rdsskolan", "Folkets park", "Billesholms bibliotek",
		"Ekebo idrottsplats", "Gunnarstorps skola", "Medborgarhuset"};
	int64_t v[] = {31, 24, 17, 12, 9, 2, 1};
	struct chart_grouped_input in = {.title = "Platser", .n_groups = 7, .group_labels = sites,
					 .n_series = 1, .series = one_series, .values = v,
					 .threshold = 3, .unit = "Antal"};
	struct chart_scene s;
	chart_top_bars(&in, fonts, 420, 240, &s);
	check_scene(&s);
	/* Widths proportional, rows top-down in the order given. */
	const struct chart_item *a = mark(&s, 0, 0), *b = mark(&s, 0, 1), *e = mark(&s, 0, 4);
	assert_true(fabs(a->w / b->w - 31.0 / 24.0) < 1e-9);
	assert_true(fabs(a->w / e->w - 31.0 / 9.0) < 1e-9);
	assert_true(a->y < b->y && b->y < e->y);
	/* 31 → 40 (steps of 10, by hand); all bars start at the plot's left edge. */
	assert_int_equal(axis_top(&s), 40);
	assert_true(fabs(a->x - s.plot_x) < 1e-9);
	/* The two suppressed sites look alike and say "<3". */
	const struct chart_item *p = mark(&s, 0, 5), *q = mark(&s, 0, 6);
	assert_true(p->suppressed && q->suppressed && p->w == q->w);
	assert_int_equal(count_text(&s, "<3"), 2);
	/* The long name is shortened or wrapped, never over the bars. */
	for (size_t i = 0; i < s.n_items; i++)
		if (s.items[i].role == CHART_ROLE_LABEL)
			assert_true(text_box(&s.items[i]).r <= s.plot_x + 1e-9);
	chart_scene_free(&s);

	/* Twenty sites in a small chart: what does not fit is counted in a note. */
	const char *many[20];
	int64_t mv[20];
	for (int i = 0; i < 20; i++) {
		many[i] = sites[i % 7];
		mv[i] = 100 - i;
	}
	in.n_groups = 20;
	in.group_labels = many;
	in.values = mv;
	chart_top_bars(&in, fonts, 420, 160, &s);
	check_scene(&s);
	size_t rows = 0;
	while (rows < 20 && mark(&s, 0, (int)rows))
		rows++;
	assert_true(rows > 0 && rows < 20);
	char note[64];
	snprintf(note, sizeof(note), "\xE2\x80\xA6 och %zu till", 20 - rows);
	assert_int_equal(count_text(&s, note), 1);
	chart_scene_free(&s);
}

static void test_top_bars_two_series_kr(void **state)
{
	(void)state;
	static const char *const sites[] = {"Varag\xC3\xA5rdsskolan", "Folkets park"};
	static const int64_t v[] = {987654300, 456700000, 300000000, 0};
	struct chart_grouped_input in = {.title = "Kostnad per plats", .n_groups = 2,
					 .group_labels = sites, .n_series = 2,
					 .series = two_series, .values = v, .threshold = 3,
					 .format = CHART_FMT_KR};
	struct chart_scene s;
	chart_top_bars(&in, fonts, 400, 160, &s);
	check_scene(&s);
	assert_int_equal(count_role(&s, CHART_ROLE_LEGEND, CHART_TEXT), 2);
	/* 9 876 543 kr → 10 000 000 (by hand) */
	assert_int_equal(axis_top(&s) % 1000000, 0);
	assert_true(axis_top(&s) >= 9876543);
	assert_true(fabs(mark(&s, 0, 0)->w / mark(&s, 0, 1)->w - 9876543.0 / 3000000.0) < 1e-9);
	chart_scene_free(&s);
}

static double luminance(uint32_t rgb)
{
	return 0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
}

static void test_heatmap(void **state)
{
	(void)state;
	int64_t v[7 * 24] = {0};
	for (int h = 0; h < 24; h++)
		v[4 * 24 + h] = h * 10; /* Friday: 0, 10, … 230 */
	v[0] = 1;                    /* Monday 00: suppressed */
	v[1] = 3;                    /* Monday 01: exactly the threshold, shown */
	struct chart_heatmap_input in = {.title = "Veckodag och timme", .n_rows = 7, .n_cols = 24,
					 .values = v, .threshold = 3, .rgb = CHART_AUTO,
					 .unit = "Antal"};
	struct chart_scene s;
	chart_heatmap(&in, fonts, 480, 220, &s);
	check_scene(&s);
	assert_int_equal(count_role(&s, CHART_ROLE_MARK, CHART_RECT), 7 * 24);
	/* Larger counts are never lighter. */
	for (int h = 2; h < 24; h++)
		assert_true(luminance(mark(&s, 4, h)->rgb) <= luminance(mark(&s, 4, h - 1)->rgb));
	assert_true(luminance(mark(&s, 4, 23)->rgb) < luminance(mark(&s, 4, 1)->rgb));
	/* The suppressed cell is labelled "<3", never 1; the threshold cell says 3. */
	assert_true(mark(&s, 0, 0)->suppressed);
	assert_int_equal(count_text(&s, "<3"), 2); /* the cell and its legend entry */
	assert_int_equal(count_text(&s, "1"), 1);  /* the hour label only */
	/* One legend entry per colour class (plus 0 and <3), each class colour used. */
	size_t legend = count_role(&s, CHART_ROLE_LEGEND, CHART_TEXT);
	assert_true(legend >= 3 && legend <= 7);
	assert_int_equal(count_text(&s, "0"), 2); /* hour 0 and the legend's zero entry */
	/* Weekday labels Monday first. */
	static const char *const days[] = {"m\xC3\xA5n", "tis", "ons", "tor", "fre",
					   "l\xC3\xB6r", "s\xC3\xB6n"};
	double last_y = 0;
	for (int d = 0; d < 7; d++) {
		assert_int_equal(count_text(&s, days[d]), 1);
		for (size_t i = 0; i < s.n_items; i++)
			if (s.items[i].kind == CHART_TEXT && strcmp(s.items[i].text, days[d]) == 0) {
				assert_true(s.items[i].y > last_y);
				last_y = s.items[i].y;
			}
	}
	struct chart_scene s2;
	v[0] = 2;
	chart_heatmap(&in, fonts, 480, 220, &s2);
	assert_same_picture(&s, &s2);
	chart_scene_free(&s);
	chart_scene_free(&s2);

	/* Very large counts and long band labels in a narrow map. */
	int64_t big[7 * 4];
	for (int i = 0; i < 28; i++)
		big[i] = 1000000 + 37 * i;
	static const char *const bands[] = {"Natt 00\xE2\x80\x93" "06 och tidig morgon",
					    "F\xC3\xB6rmiddag", "Eftermiddag", "Kv\xC3\xA4ll"};
	struct chart_heatmap_input bi = {.title = "Tid p\xC3\xA5 dygnet", .n_rows = 7,
					 .n_cols = 4, .col_labels = bands, .values = big,
					 .threshold = 3, .rgb = 0xD55E00};
	chart_heatmap(&bi, fonts, 220, 160, &s);
	check_scene(&s);
	chart_scene_free(&s);
}

static void test_long_labels_every_kind(void **state)
{
	(void)state;
	static const char *const labels[] = {
		"Skadeg\xC3\xB6relse p\xC3\xA5 kommunala fastigheter och anl\xC3\xA4ggningar",
		"Ordningsst\xC3\xB6rningar i centrum", "Nedskr\xC3\xA4pning",
		"Brand i papperskorg och container"};
	static const int64_t v[] = {40, 31, 12, 9, 7, 2, 15, 22};
	struct chart_series long_series[] = {
		{"Sommaren 2018 (1 juni\xE2\x80\x93" "31 augusti)", BLUE},
		{"Sommaren 2017 (1 juni\xE2\x80\x93" "31 augusti), j\xC3\xA4mf\xC3\xB6relseperiod",
		 ORANGE}};
	for (size_t k = 0; k < 4; k++) {
		struct chart_grouped_input in = {
			.title = "Antal anm\xC3\xA4lda h\xC3\xA4ndelser per kategori och \xC3\xA5r, "
				 "sommaren 2018 j\xC3\xA4mf\xC3\xB6rt med sommaren 2017",
			.n_groups = 4, .group_labels = labels, .n_series = 2,
			.series = long_series, .values = v, .threshold = 3, .unit = "Antal"};
		struct chart_scene s;
		bar_kinds[k](&in, fonts, 220, 180, &s);
		check_scene(&s);
		assert_int_equal(count_role(&s, CHART_ROLE_LEGEND, CHART_TEXT), 2);
		chart_scene_free(&s);
	}
}

static void test_names_and_stems(void **state)
{
	(void)state;
	assert_int_equal(chart_type_from_name("grouped-bars"), CHART_GROUPED);
	assert_int_equal(chart_type_from_name("stacked-bars"), CHART_STACKED);
	assert_int_equal(chart_type_from_name("line"), CHART_LINE_TREND);
	assert_int_equal(chart_type_from_name("top-bars"), CHART_TOP);
	assert_int_equal(chart_type_from_name("heatmap"), CHART_HEATMAP);
	assert_int_equal(chart_type_from_name("pie"), -1);
	char *a = chart_file_stem(3, "H\xC3\xA4ndelser per kategori \xE2\x80\x93 sommaren 2018");
	assert_string_equal(a, "03-handelser-per-kategori-sommaren-2018");
	free(a);
	a = chart_file_stem(12, NULL);
	assert_string_equal(a, "12-chart");
	free(a);
	a = chart_file_stem(1, "../../etc/passwd");
	assert_string_equal(a, "01-etc-passwd");
	free(a);
	/* Okabe-Ito, black left out, cycling. */
	assert_int_equal(chart_palette(0), 0x0072B2);
	assert_int_equal(chart_palette(7), chart_palette(0));
	assert_string_equal(chart_weekday(0), "m\xC3\xA5n");
	assert_string_equal(chart_weekday(6), "s\xC3\xB6n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars_proportional),
		cmocka_unit_test(test_legend_and_scale),
		cmocka_unit_test(test_suppressed),
		cmocka_unit_test(test_all_zero),
		cmocka_unit_test(test_millions),
		cmocka_unit_test(test_long_labels),
		cmocka_unit_test(test_every_kind_empty),
		cmocka_unit_test(test_every_kind_single_value),
		cmocka_unit_test(test_stacked),
		cmocka_unit_test(test_stacked_totals),
		cmocka_unit_test(test_stacked_millions_kr),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_withheld),
		cmocka_unit_test(test_line_many_labels),
		cmocka_unit_test(test_top_bars),
		cmocka_unit_test(test_top_bars_two_series_kr),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_long_labels_every_kind),
		cmocka_unit_test(test_names_and_stems),
	};
	return cmocka_run_group_tests_name("chart", tests, setup, teardown);
}
