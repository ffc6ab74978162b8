/* test_paint.c - chart scenes painted with cairo: pixel size, colours, text placement, files. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "font.h"
#include "paint.h"
#include "util.h"

static struct fonts *load_fonts(void)
{
	char *dir = util_data_dir("fonts");
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), 0);
	free(dir);
	return f;
}

static struct chart_item *push(struct chart_scene *s, enum chart_item_kind k, uint32_t rgb)
{
	s->items = xgrow(s->items, &s->cap_items, s->n_items, sizeof(*s->items));
	struct chart_item *it = &s->items[s->n_items++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->rgb = rgb;
	return it;
}

/* 200 × 100 pt: one bar at (50, 20) of 40 × 60 pt, nothing else. */
static void bar_scene(struct chart_scene *s)
{
	memset(s, 0, sizeof(*s));
	s->width = 200;
	s->height = 100;
	struct chart_item *it = push(s, CHART_RECT, 0x1F77B4);
	it->x = 50;
	it->y = 20;
	it->w = 40;
	it->h = 60;
}

static const unsigned char *px(const unsigned char *rgb, int w, int x, int y)
{
	return rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
}

static void test_size_and_colours(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	struct chart_scene s;
	bar_scene(&s);
	struct diag d = {0};
	unsigned char *rgb;
	int w, h;
	assert_int_equal(paint_rgb(&s, f, 144, &rgb, &w, &h, &d), 0);
	/* 144 dpi is 2 px per point. */
	assert_int_equal(w, 400);
	assert_int_equal(h, 200);
	/* Opaque white background, not cairo's transparent black. */
	const unsigned char *p = px(rgb, w, 0, 0);
	assert_true(p[0] == 255 && p[1] == 255 && p[2] == 255);
	p = px(rgb, w, w - 1, h - 1);
	assert_true(p[0] == 255 && p[1] == 255 && p[2] == 255);
	/* The middle of the bar (70, 50) pt = (140, 100) px is 1F 77 B4: red and blue in place. */
	p = px(rgb, w, 140, 100);
	assert_int_equal(p[0], 0x1F);
	assert_int_equal(p[1], 0x77);
	assert_int_equal(p[2], 0xB4);
	/* Just outside the bar's left edge (49.5 pt) is white, just inside (50.5 pt) is blue. */
	p = px(rgb, w, 98, 100);
	assert_int_equal(p[0], 255);
	p = px(rgb, w, 101, 100);
	assert_int_equal(p[0], 0x1F);
	free(rgb);

	/* A dpi that does not divide: 200 pt at 100 dpi is 277.8 px, rounded up. */
	assert_int_equal(paint_rgb(&s, f, 100, &rgb, &w, &h, &d), 0);
	assert_int_equal(w, 278);
	assert_int_equal(h, 139);
	free(rgb);
	chart_scene_free(&s);
	font_free(f);
}

static void test_chart_bar_colour(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	static const char *const labels[] = {"Skadeg\xC3\xB6relse", "Klotter"};
	static const struct chart_series series[] = {{"2018", 0xC0392B}, {"2017", 0x27AE60}};
	static const int64_t values[] = {40, 7, 20, 10};
	struct chart_grouped_input in = {"Test", 2, labels, 2, series, values, 3, "Antal"};
	struct chart_scene s;
	chart_grouped_bars(&in, f, 300, 200, &s);
	/* The tallest red rectangle is the bar for 40; sample its centre. */
	const struct chart_item *bar = NULL;
	for (size_t i = 0; i < s.n_items; i++)
		if (s.items[i].kind == CHART_RECT && s.items[i].rgb == 0xC0392B &&
		    (!bar || s.items[i].h > bar->h))
			bar = &s.items[i];
	assert_non_null(bar);
	struct diag d = {0};
	unsigned char *rgb;
	int w, h;
	assert_int_equal(paint_rgb(&s, f, 200, &rgb, &w, &h, &d), 0);
	assert_int_equal(w, (int)ceil(300 * 200 / 72.0));
	assert_int_equal(h, (int)ceil(200 * 200 / 72.0));
	double k = 200 / 72.0;
	const unsigned char *p =
		px(rgb, w, (int)((bar->x + bar->w / 2) * k), (int)((bar->y + bar->h / 2) * k));
	assert_int_equal(p[0], 0xC0);
	assert_int_equal(p[1], 0x39);
	assert_int_equal(p[2], 0x2B);
	free(rgb);
	chart_scene_free(&s);
	font_free(f);
}

/* cairo's glyph advances must agree with font_text_width, or centred labels drift. */
static void test_text_where_measured(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	struct chart_scene s;
	memset(&s, 0, sizeof(s));
	s.width = 300;
	s.height = 40;
	struct chart_item *it = push(&s, CHART_TEXT, 0x000000);
	it->x = 150;
	it->y = 30;
	it->size = 20;
	it->align = CHART_CENTER;
	it->text = xstrdup("HHHHHHHHHH");
	double tw = font_text_width(f, FONT_REGULAR, 20, "HHHHHHHHHH");
	struct diag d = {0};
	unsigned char *rgb;
	int w, h;
	assert_int_equal(paint_rgb(&s, f, 72, &rgb, &w, &h, &d), 0);
	int left = w, right = -1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (px(rgb, w, x, y)[0] < 128) {
				left = x < left ? x : left;
				right = x > right ? x : right;
			}
	/* H has side bearings of about 1 pt at 20 pt: the ink sits inside the advance box
	 * and is centred on x = 150. */
	assert_true(right > left);
	assert_true(left >= 150 - tw / 2 - 0.5 && left <= 150 - tw / 2 + 3);
	assert_true(right <= 150 + tw / 2 + 0.5 && right >= 150 + tw / 2 - 3);
	assert_true(fabs((left + right + 1) / 2.0 - 150) < 1.5);
	free(rgb);
	chart_scene_free(&s);
	font_free(f);
}

static void test_files(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	struct chart_scene s;
	bar_scene(&s);
	struct chart_item *it = push(&s, CHART_TEXT, 0x333333);
	it->x = 10;
	it->y = 15;
	it->size = 8;
	it->text = xstrdup("Skadeg\xC3\xB6relse \xE2\x88\x92" "83\xC2\xA0%");
	char dir[] = "/tmp/trygg-test-paint-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *png = util_path_join(dir, "c.png"), *svg = util_path_join(dir, "c.svg");
	struct diag d = {0};
	assert_int_equal(paint_png(&s, f, 72, png, &d), 0);
	char *data;
	size_t len;
	assert_int_equal(util_read_file(png, &data, &len), 0);
	assert_true(len > 24);
	assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
	/* IHDR: width and height, big-endian, at bytes 16 and 20. */
	const unsigned char *u = (const unsigned char *)data;
	assert_int_equal((u[16] << 24) | (u[17] << 16) | (u[18] << 8) | u[19], 200);
	assert_int_equal((u[20] << 24) | (u[21] << 16) | (u[22] << 8) | u[23], 100);
	free(data);

	assert_int_equal(paint_svg(&s, f, svg, &d), 0);
	assert_int_equal(util_read_file(svg, &data, &len), 0);
	assert_non_null(strstr(data, "<svg"));
	assert_non_null(strstr(data, "width=\"200pt\""));
	assert_non_null(strstr(data, "rgb(12.156863%,46.666667%,70.588235%)"));
	free(data);
	unlink(png);
	unlink(svg);

	/* A folder that does not exist: a clean error naming the file. */
	char *bad = util_path_join(dir, "no/such/c.png");
	assert_int_equal(paint_png(&s, f, 72, bad, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CANTCREAT);
	assert_string_equal(d.file, bad);
	free(bad);
	rmdir(dir);
	free(png);
	free(svg);
	chart_scene_free(&s);
	font_free(f);
}

/* cairo caches font faces past paint_rgb(): painting with one set of fonts, freeing them,
 * loading others and painting again must not touch freed FreeType faces (run under ASan and
 * valgrind). */
static void test_font_lifetime(void **state)
{
	(void)state;
	for (int round = 0; round < 3; round++) {
		struct fonts *f = load_fonts();
		struct chart_scene s;
		bar_scene(&s);
		struct chart_item *it = push(&s, CHART_TEXT, 0x000000);
		it->x = 5;
		it->y = 15;
		it->size = 9;
		it->style = round % 2 ? FONT_BOLD : FONT_REGULAR;
		it->text = xstrdup("\xC3\x85tg\xC3\xA4rd");
		struct diag d = {0};
		unsigned char *rgb;
		int w, h;
		assert_int_equal(paint_rgb(&s, f, 96, &rgb, &w, &h, &d), 0);
		free(rgb);
		chart_scene_free(&s);
		font_free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_and_colours),
		cmocka_unit_test(test_chart_bar_colour),
		cmocka_unit_test(test_text_where_measured),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_font_lifetime),
	};
	return cmocka_run_group_tests_name("paint", tests, NULL, NULL);
}
