/* test_chart.c - grouped bar chart scenes: proportions, scale, legend, labels, suppression. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars_proportional),
		cmocka_unit_test(test_legend_and_scale),
		cmocka_unit_test(test_suppressed),
		cmocka_unit_test(test_all_zero),
		cmocka_unit_test(test_millions),
		cmocka_unit_test(test_long_labels),
	};
	return cmocka_run_group_tests_name("chart", tests, setup, teardown);
}
