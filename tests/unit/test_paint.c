/* test_paint.c - chart scenes painted with cairo: pixel size, colours, text placement, files. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>

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
	struct chart_grouped_input in = {.title = "Test", .n_groups = 2, .group_labels = labels,
					 .n_series = 2, .series = series, .values = values,
					 .threshold = 3, .unit = "Antal"};
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

/* Polyline (solid and dashed) and markers (filled, hollow), as the line chart uses them. */
static void test_lines_and_markers(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	struct chart_scene s;
	memset(&s, 0, sizeof(s));
	s.width = 200;
	s.height = 100;
	/* A solid horizontal polyline at y = 20 and a dashed one (dash 10 pt) at y = 50. */
	struct chart_item *it = push(&s, CHART_POLYLINE, 0xD55E00);
	it->line_width = 4;
	it->n_pts = 3;
	it->pts = xcalloc(6, sizeof(double));
	it->pts[0] = 10, it->pts[1] = 20, it->pts[2] = 100, it->pts[3] = 20, it->pts[4] = 190,
	it->pts[5] = 20;
	it = push(&s, CHART_POLYLINE, 0x0072B2);
	it->line_width = 4;
	it->dash = 10;
	it->n_pts = 2;
	it->pts = xcalloc(4, sizeof(double));
	it->pts[0] = 10, it->pts[1] = 50, it->pts[2] = 190, it->pts[3] = 50;
	/* A filled marker at (50, 80) r 6 and a hollow one at (150, 80). */
	it = push(&s, CHART_CIRCLE, 0x009E73);
	it->x = 50, it->y = 80, it->w = 6;
	it = push(&s, CHART_CIRCLE, 0xFFFFFF);
	it->x = 150, it->y = 80, it->w = 6, it->line_width = 2, it->stroke = 0x009E73;
	struct diag d = {0};
	unsigned char *rgb;
	int w, h;
	assert_int_equal(paint_rgb(&s, f, 72, &rgb, &w, &h, &d), 0);
	const unsigned char *p = px(rgb, w, 60, 20);
	assert_true(p[0] == 0xD5 && p[1] == 0x5E && p[2] == 0x00);
	/* Dashed: 10 pt on from x = 10, then 10 pt off. */
	p = px(rgb, w, 15, 50);
	assert_true(p[0] == 0x00 && p[1] == 0x72 && p[2] == 0xB2);
	p = px(rgb, w, 25, 50);
	assert_true(p[0] == 255 && p[1] == 255 && p[2] == 255);
	p = px(rgb, w, 35, 50);
	assert_true(p[0] == 0x00 && p[1] == 0x72);
	/* Filled marker: its centre is green; hollow marker: white centre, green ring. */
	p = px(rgb, w, 50, 80);
	assert_true(p[0] == 0x00 && p[1] == 0x9E && p[2] == 0x73);
	p = px(rgb, w, 150, 80);
	assert_true(p[0] == 255 && p[1] == 255 && p[2] == 255);
	p = px(rgb, w, 156, 80);
	assert_true(p[1] < 200 && p[0] < 100);
	free(rgb);
	chart_scene_free(&s);
	font_free(f);
}

/* Every chart type painted: the right size, a white corner, and a mark's pixels in its
 * series' or class's colour. */
static void test_every_chart_type(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	static const char *const labels[] = {"Skadeg\xC3\xB6relse", "Klotter", "Brand"};
	static const struct chart_series series[] = {{"2018", 0xC0392B}, {"2017", 0x27AE60}};
	static const int64_t values[] = {40, 7, 20, 10, 1, 12};
	struct chart_grouped_input in = {.title = "Test", .n_groups = 3, .group_labels = labels,
					 .n_series = 2, .series = series, .values = values,
					 .threshold = 3, .unit = "Antal"};
	void (*kinds[])(const struct chart_grouped_input *, const struct fonts *, double, double,
			struct chart_scene *) = {chart_grouped_bars, chart_stacked_bars,
						 chart_top_bars};
	for (size_t k = 0; k < 3; k++) {
		struct chart_scene s;
		kinds[k](&in, f, 300, 200, &s);
		struct diag d = {0};
		unsigned char *rgb;
		int w, h;
		assert_int_equal(paint_rgb(&s, f, 150, &rgb, &w, &h, &d), 0);
		assert_int_equal(w, 625); /* 300 pt × 150/72 */
		assert_int_equal(h, 417); /* 200 pt × 150/72 = 416.7, rounded up */
		const unsigned char *p = px(rgb, w, 0, h - 1);
		assert_true(p[0] == 255 && p[1] == 255 && p[2] == 255);
		/* The first group's red bar (40): its centre in red. */
		const struct chart_item *bar = NULL;
		for (size_t i = 0; i < s.n_items && !bar; i++)
			if (s.items[i].role == CHART_ROLE_MARK && s.items[i].series == 0 &&
			    s.items[i].group == 0)
				bar = &s.items[i];
		assert_non_null(bar);
		double sc = 150.0 / 72.0;
		p = px(rgb, w, (int)((bar->x + bar->w / 2) * sc), (int)((bar->y + bar->h / 2) * sc));
		if (!(p[0] == 0xC0 && p[1] == 0x39 && p[2] == 0x2B))
			fail_msg("kind %zu: bar centre is %02X%02X%02X", k, p[0], p[1], p[2]);
		free(rgb);
		chart_scene_free(&s);
	}
	/* Heat map: the hottest cell in the darkest default blue. */
	int64_t hv[7 * 24] = {0};
	hv[3 * 24 + 20] = 50;
	hv[3 * 24 + 21] = 5;
	struct chart_heatmap_input hi = {.title = "N\xC3\xA4r", .n_rows = 7, .n_cols = 24,
					 .values = hv, .threshold = 3, .rgb = CHART_AUTO};
	struct chart_scene s;
	chart_heatmap(&hi, f, 480, 200, &s);
	const struct chart_item *cell = NULL;
	for (size_t i = 0; i < s.n_items && !cell; i++)
		if (s.items[i].role == CHART_ROLE_MARK && s.items[i].series == 3 &&
		    s.items[i].group == 20)
			cell = &s.items[i];
	assert_non_null(cell);
	struct diag d = {0};
	unsigned char *rgb;
	int w, h;
	assert_int_equal(paint_rgb(&s, f, 72, &rgb, &w, &h, &d), 0);
	/* a corner of the cell, away from its value label */
	const unsigned char *p = px(rgb, w, (int)(cell->x + 2), (int)(cell->y + 2));
	assert_true(p[0] == 0x08 && p[1] == 0x51 && p[2] == 0x9C);
	free(rgb);
	chart_scene_free(&s);
	font_free(f);
}

/* --charts-dir's writer: NN-slug.png and .svg, checked again with cairo and an XML parser
 * (python3, independent of trygg). */
static void test_chart_files(void **state)
{
	(void)state;
	struct fonts *f = load_fonts();
	static const char *const labels[] = {"A", "B"};
	static const int64_t values[] = {4, 9};
	static const struct chart_series one[] = {{"2018", CHART_AUTO}};
	struct chart_grouped_input in = {.title = "H\xC3\xA4ndelser per vecka", .n_groups = 2,
					 .group_labels = labels, .n_series = 1, .series = one,
					 .values = values, .threshold = 3};
	struct chart_scene s;
	chart_line(&in, f, 300, 150, &s);
	char dir[] = "/tmp/trygg-test-files-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct diag d = {0};
	assert_int_equal(paint_chart_files(&s, f, 144, dir, 4, &d), 0);
	char *png = xasprintf("%s/04-handelser-per-vecka.png", dir);
	char *svg = xasprintf("%s/04-handelser-per-vecka.svg", dir);
	char *data;
	size_t len;
	assert_int_equal(util_read_file(png, &data, &len), 0);
	const unsigned char *u = (const unsigned char *)data;
	assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal((u[16] << 24) | (u[17] << 16) | (u[18] << 8) | u[19], 600);
	assert_int_equal((u[20] << 24) | (u[21] << 16) | (u[22] << 8) | u[23], 300);
	free(data);
	char *cmd = xasprintf("python3 -c 'import sys, xml.etree.ElementTree as E; "
			      "r = E.parse(sys.argv[1]).getroot(); "
			      "sys.exit(0 if r.tag.endswith(\"svg\") and r.get(\"width\") == \"300pt\" else 1)' %s",
			      svg);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	unlink(png);
	unlink(svg);
	rmdir(dir);
	free(png);
	free(svg);
	chart_scene_free(&s);
	font_free(f);
}

/* The logo: a PNG written here by cairo, read back as RGB over white; broken files are clean
 * errors. Expected pixels by hand: opaque red stays (255, 0, 0); blue at alpha 0.5 over white
 * is (127.5, 127.5, 255); transparent is white. */
static void test_png_logo(void **state)
{
	(void)state;
	char path[] = "/tmp/trygg-logo-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 20);
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgba(cr, 1, 0, 0, 1);
	cairo_rectangle(cr, 0, 0, 20, 20);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, 0, 0, 1, 0.5);
	cairo_rectangle(cr, 20, 0, 20, 10);
	cairo_fill(cr);
	cairo_destroy(cr);
	assert_int_equal(cairo_surface_write_to_png(surf, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(surf);

	unsigned char *rgb;
	int w, h;
	struct diag d = {0};
	assert_int_equal(paint_load_png(path, &rgb, &w, &h, &d), 0);
	assert_int_equal(w, 40);
	assert_int_equal(h, 20);
	const unsigned char *red = rgb + (5 * 40 + 5) * 3, *blue = rgb + (5 * 40 + 30) * 3,
			    *clear = rgb + (15 * 40 + 30) * 3;
	assert_true(red[0] == 255 && red[1] == 0 && red[2] == 0);
	assert_true(abs(blue[0] - 127) <= 1 && abs(blue[1] - 127) <= 1 && blue[2] == 255);
	assert_true(clear[0] == 255 && clear[1] == 255 && clear[2] == 255);
	free(rgb);

	/* The same bytes cut short, a text file, a forged size and a missing file. */
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	unsigned char buf[4096];
	size_t len = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	assert_true(len > 60 && len < sizeof(buf));
	for (size_t cut = 8; cut < len; cut += 7) {
		memset(&d, 0, sizeof(d));
		rgb = (unsigned char *)"x";
		assert_int_equal(paint_png_rgb(buf, cut, "cut.png", &rgb, &w, &h, &d), -1);
		assert_null(rgb);
		assert_int_equal(d.code, DIAG_EX_CONFIG);
		assert_string_equal(d.file, "cut.png");
	}
	static const char text[] = "Bjuvs kommun, not a picture\n";
	memset(&d, 0, sizeof(d));
	assert_int_equal(paint_png_rgb((const unsigned char *)text, sizeof(text) - 1, "t.png", &rgb,
				       &w, &h, &d), -1);
	assert_non_null(strstr(d.msg, "not a PNG"));
	unsigned char big[sizeof(buf)];
	memcpy(big, buf, len);
	big[16] = 0, big[17] = 0, big[18] = 0x13, big[19] = 0x88; /* width 5000 */
	memset(&d, 0, sizeof(d));
	assert_int_equal(paint_png_rgb(big, len, "big.png", &rgb, &w, &h, &d), -1);
	assert_non_null(strstr(d.msg, "5000 x 20"));
	/* A chunk after IHDR whose length (0x73737373, about 1.9 GB) runs past the end of the
	 * file: the fuzzer's out-of-memory input (libpng spent seconds and 2 GB on it) is
	 * refused before libpng sees it. */
	unsigned char longchunk[sizeof(buf) + 8];
	memcpy(longchunk, buf, 33);
	memcpy(longchunk + 33, "ssssPLTE", 8);
	memcpy(longchunk + 41, buf + 33, len - 33);
	memset(&d, 0, sizeof(d));
	assert_int_equal(paint_png_rgb(longchunk, len + 8, "long.png", &rgb, &w, &h, &d), -1);
	assert_null(rgb);
	assert_non_null(strstr(d.msg, "damaged at byte 33"));
	unlink(path);
	memset(&d, 0, sizeof(d));
	assert_int_equal(paint_load_png(path, &rgb, &w, &h, &d), -1);
	assert_int_equal(d.code, DIAG_EX_NOINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_and_colours),
		cmocka_unit_test(test_chart_bar_colour),
		cmocka_unit_test(test_text_where_measured),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_lines_and_markers),
		cmocka_unit_test(test_every_chart_type),
		cmocka_unit_test(test_chart_files),
		cmocka_unit_test(test_font_lifetime),
		cmocka_unit_test(test_png_logo),
	};
	return cmocka_run_group_tests_name("paint", tests, NULL, NULL);
}
