/* test_font.c - finding, validating and measuring the report's fonts. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "font.h"
#include "util.h"

static char *fonts_dir(void)
{
	return util_data_dir("fonts");
}

/* A temporary folder holding `name` with the given bytes; returns the folder (caller frees). */
static char *temp_dir_with(const char *name, const void *data, size_t len)
{
	char *dir = xstrdup("/tmp/trygg-test-font-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char *path = util_path_join(dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	free(path);
	return dir;
}

static void remove_dir(char *dir, const char *name)
{
	char *path = util_path_join(dir, name);
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}

static void test_default_is_carlito(void **state)
{
	(void)state;
	char *dir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), 0);
	assert_non_null(strstr(font_path(f, FONT_REGULAR), "Carlito-Regular.ttf"));
	assert_non_null(strstr(font_path(f, FONT_BOLD), "Carlito-Bold.ttf"));
	assert_true(font_has_char(f, FONT_REGULAR, 0x2212));
	assert_true(font_has_char(f, FONT_REGULAR, 0x2026));
	assert_false(font_has_char(f, FONT_REGULAR, 0x10FFFD));
	/* Carlito has no U+00A0 glyph: measured and drawn as a space (fc-query lists 20-7e a1-ac). */
	assert_true(font_text_width(f, FONT_REGULAR, 10, "\xC2\xA0") ==
		    font_text_width(f, FONT_REGULAR, 10, " "));
	char *t = font_drawable_text(f, FONT_REGULAR, "\xE2\x88\x92" "83\xC2\xA0%\xC2\xA0");
	assert_string_equal(t, "\xE2\x88\x92" "83 % ");
	free(t);
	font_free(f);
	free(dir);
}

static void test_widths(void **state)
{
	(void)state;
	char *dir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), 0);
	double ii = font_text_width(f, FONT_REGULAR, 10, "ii");
	double ww = font_text_width(f, FONT_REGULAR, 10, "WW");
	assert_true(ii > 0);
	assert_true(ii < ww);
	double a = font_text_width(f, FONT_REGULAR, 10, "a");
	double b = font_text_width(f, FONT_REGULAR, 10, "b");
	double ab = font_text_width(f, FONT_REGULAR, 10, "ab");
	assert_true(a > 0 && b > 0);
	assert_true(ab - (a + b) < 1e-9 && (a + b) - ab < 1e-9);
	/* Linear in the size. */
	double ab20 = font_text_width(f, FONT_REGULAR, 20, "ab");
	assert_true(ab20 - 2 * ab < 1e-9 && 2 * ab - ab20 < 1e-9);
	/* Multibyte characters count once each: "ö" is one glyph, not two. */
	double o = font_text_width(f, FONT_REGULAR, 10, "\xC3\xB6");
	double oo = font_text_width(f, FONT_REGULAR, 10, "\xC3\xB6\xC3\xB6");
	assert_true(o > 0 && oo - 2 * o < 1e-9 && 2 * o - oo < 1e-9);
	/* Bold is wider than regular for the same text in Carlito. */
	assert_true(font_text_width(f, FONT_BOLD, 10, "Skadeg\xC3\xB6relse") >
		    font_text_width(f, FONT_REGULAR, 10, "Skadeg\xC3\xB6relse"));
	assert_true(font_text_width(f, FONT_REGULAR, 10, "") == 0);

	/* Independently: FreeType's unscaled advance of 'W' through FT_Load_Char. */
	FT_Library lib;
	FT_Face face;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	assert_int_equal(FT_New_Face(lib, font_path(f, FONT_REGULAR), 0, &face), 0);
	assert_int_equal(FT_Load_Char(face, 'W', FT_LOAD_NO_SCALE), 0);
	double want = (double)face->glyph->metrics.horiAdvance * 12.0 / face->units_per_EM;
	double got = font_text_width(f, FONT_REGULAR, 12, "W");
	assert_true(got - want < 1e-9 && want - got < 1e-9);
	/* Ascent and descent come from the face; Carlito's line is about 1.2 em. */
	double asc = font_ascent(f, FONT_REGULAR, 10), desc = font_descent(f, FONT_REGULAR, 10);
	assert_true(asc > 0 && desc < 0);
	double want_asc = (double)face->ascender * 10 / face->units_per_EM;
	assert_true(asc - want_asc < 1e-9 && want_asc - asc < 1e-9);
	assert_true(asc - desc > 9 && asc - desc < 15);
	FT_Done_Face(face);
	FT_Done_FreeType(lib);
	font_free(f);
	free(dir);
}

/* Every code point up to U+02FF measured alone against FreeType's unscaled advance (the
 * missing glyph's for a code point the font lacks); the first 256 come from a table. */
static void test_width_of_every_char(void **state)
{
	(void)state;
	char *dir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), 0);
	FT_Library lib;
	FT_Face face;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	for (int st = 0; st < FONT__N; st++) {
		assert_int_equal(FT_New_Face(lib, font_path(f, st), 0, &face), 0);
		FT_Fixed space = 0, notdef = 0;
		assert_int_equal(FT_Get_Advance(face, FT_Get_Char_Index(face, ' '), FT_LOAD_NO_SCALE,
						&space), 0);
		assert_int_equal(FT_Get_Advance(face, 0, FT_LOAD_NO_SCALE, &notdef), 0);
		for (uint32_t cp = 1; cp < 0x300; cp++) {
			struct sbuf b = {0};
			utf8_encode(&b, cp);
			FT_UInt gi = FT_Get_Char_Index(face, cp);
			FT_Fixed adv = notdef;
			if (gi)
				assert_int_equal(FT_Get_Advance(face, gi, FT_LOAD_NO_SCALE, &adv), 0);
			else if (cp == 0xA0)
				adv = space; /* measured as the space it is drawn as */
			double want = (double)adv * 10 / face->units_per_EM;
			double got = font_text_width(f, st, 10, sbuf_str(&b));
			if (got - want > 1e-9 || want - got > 1e-9)
				fail_msg("style %d U+%04X: %g, FreeType %g", st, (unsigned)cp, got, want);
			sbuf_free(&b);
		}
		/* an invalid byte is the missing glyph */
		double bad = font_text_width(f, st, 10, "\xFF");
		double nd = (double)notdef * 10 / face->units_per_EM;
		assert_true(bad - nd < 1e-9 && nd - bad < 1e-9);
		FT_Done_Face(face);
	}
	FT_Done_FreeType(lib);
	font_free(f);
	free(dir);
}

/* fontconfig set up on a thread (font_finder) finds the same fonts; a finder nobody used is
 * freed whole. */
static void test_finder(void **state)
{
	(void)state;
	char *dir = fonts_dir();
	struct fonts *f = NULL, *g = NULL;
	struct diag d = {0};
	struct font_finder *ff = font_finder_start();
	assert_int_equal(font_load_found(ff, dir, NULL, NULL, &f, &d), 0);
	font_finder_free(ff);
	assert_int_equal(font_load(dir, NULL, NULL, &g, &d), 0);
	for (int st = 0; st < FONT__N; st++) {
		assert_string_equal(font_path(f, st), font_path(g, st));
		assert_true(font_text_width(f, st, 10, "Skadeg\xC3\xB6relse \xE2\x88\x92") ==
			    font_text_width(g, st, 10, "Skadeg\xC3\xB6relse \xE2\x88\x92"));
	}
	font_free(f);
	font_free(g);
	font_finder_free(font_finder_start());
	font_finder_free(NULL);
	/* a missing family is still named, with the finder's set-up */
	ff = font_finder_start();
	assert_int_equal(font_load_found(ff, dir, "Trygg Nonexistent Sans:style=Regular", NULL, &f,
					 &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_non_null(strstr(d.msg, "not installed"));
	font_finder_free(ff);
	free(dir);
}

/* The whole load on a thread (font_load_begin/end) gives what font_load gives, and its
 * error with the file and the message; a load ended from an error path frees itself. */
static void test_loading(void **state)
{
	(void)state;
	char *dir = fonts_dir();
	struct fonts *f = NULL, *g = NULL;
	struct diag d = {0};
	struct font_finder *ff = font_finder_start();
	struct font_loading *fl = font_load_begin(ff, dir, NULL, NULL, NULL, 0);
	assert_int_equal(font_load_end(fl, &f, &d), 0);
	font_finder_free(ff);
	assert_non_null(f);
	assert_int_equal(font_load(dir, NULL, NULL, &g, &d), 0);
	for (int st = 0; st < FONT__N; st++) {
		assert_string_equal(font_path(f, st), font_path(g, st));
		assert_true(font_text_width(f, st, 10, "Tr\xC3\xA4" "d \xE2\x80\x93 \xE2\x82\xAC") ==
			    font_text_width(g, st, 10, "Tr\xC3\xA4" "d \xE2\x80\x93 \xE2\x82\xAC"));
	}
	font_free(f);
	font_free(g);

	struct diag want = {0}, got = {0};
	assert_int_equal(font_load(dir, "Trygg Nonexistent Sans:style=Regular", NULL, &g, &want),
			 -1);
	ff = font_finder_start();
	fl = font_load_begin(ff, dir, "Trygg Nonexistent Sans:style=Regular", NULL, NULL, 0);
	f = (struct fonts *)&got; /* must be cleared on failure */
	assert_int_equal(font_load_end(fl, &f, &got), -1);
	assert_null(f);
	assert_int_equal(got.code, want.code);
	assert_string_equal(got.file, want.file);
	assert_string_equal(got.msg, want.msg);
	/* an error path that does not want the diagnosis */
	fl = font_load_begin(ff, dir, "Trygg Nonexistent Sans:style=Bold", NULL, "trygg.xml", 7);
	assert_int_equal(font_load_end(fl, &f, NULL), -1);
	/* an override from the configuration is reported at the configuration's line, with
	 * what to do after an em dash */
	struct diag at = {0};
	fl = font_load_begin(ff, dir, "Trygg Nonexistent Sans:style=Regular", NULL, "trygg.xml", 7);
	assert_int_equal(font_load_end(fl, &f, &at), -1);
	assert_string_equal(at.file, "trygg.xml");
	assert_int_equal(at.line, 7);
	assert_non_null(strstr(at.msg, "instead) \xE2\x80\x94 install it"));
	font_finder_free(ff);
	free(dir);
}

static void test_not_a_font(void **state)
{
	(void)state;
	/* libharu segfaults on such a file: font_load must catch it first. */
	unsigned char junk[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	char *dir = temp_dir_with("Junk.ttf", junk, sizeof(junk));
	char *path = util_path_join(dir, "Junk.ttf");
	char *fdir = fonts_dir();
	struct fonts *f = (struct fonts *)1;
	struct diag d = {0};
	assert_int_equal(font_load(fdir, path, NULL, &f, &d), -1);
	assert_null(f);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_string_equal(d.file, path);
	assert_non_null(strstr(d.msg, "not a font"));
	free(path);
	free(fdir);
	remove_dir(dir, "Junk.ttf");
}

static void test_truncated_font(void **state)
{
	(void)state;
	char *fdir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(fdir, NULL, NULL, &f, &d), 0);
	char *data;
	size_t len;
	assert_int_equal(util_read_file(font_path(f, FONT_REGULAR), &data, &len), 0);
	font_free(f);
	/* The table directory survives, the glyph data does not. */
	char *dir = temp_dir_with("Cut.ttf", data, 2048);
	free(data);
	char *path = util_path_join(dir, "Cut.ttf");
	f = NULL;
	assert_int_equal(font_load(fdir, NULL, path, &f, &d), -1);
	assert_null(f);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_string_equal(d.file, path);
	free(path);
	free(fdir);
	remove_dir(dir, "Cut.ttf");
}

static void test_missing_font_is_named(void **state)
{
	(void)state;
	char *fdir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(fdir, "Trygg Nonexistent Sans:style=Regular", NULL, &f, &d), -1);
	assert_null(f);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_non_null(strstr(d.msg, "Trygg Nonexistent Sans"));
	assert_non_null(strstr(d.msg, "fonts-crosextra-carlito"));

	/* An existing family but a style it does not have is not silently replaced either. */
	assert_int_equal(font_load(fdir, NULL, "Carlito:style=Condensed Black", &f, &d), -1);
	assert_non_null(strstr(d.msg, "Condensed Black"));

	/* A file name that is not in the folder is not handed to fontconfig. */
	assert_int_equal(font_load(fdir, "Brand-Regular.ttf", NULL, &f, &d), -1);
	assert_non_null(strstr(d.msg, "Brand-Regular.ttf"));
	assert_non_null(strstr(d.msg, "not found"));
	free(fdir);
}

static void test_conf_errors(void **state)
{
	(void)state;
	const char conf[] = "# brand fonts\nregular = Carlito:style=Regular\n\nitalic = X.ttf\n";
	char *dir = temp_dir_with("fonts.conf", conf, sizeof(conf) - 1);
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_int_equal(d.line, 4);
	assert_non_null(strstr(d.file, "fonts.conf"));
	assert_non_null(strstr(d.msg, "italic"));
	remove_dir(dir, "fonts.conf");

	const char conf2[] = "regular = Carlito:style=Regular\nbold = Brand-Bold.ttf\n";
	dir = temp_dir_with("fonts.conf", conf2, sizeof(conf2) - 1);
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), -1);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "Brand-Bold.ttf"));
	remove_dir(dir, "fonts.conf");
}

static void test_file_in_fonts_dir(void **state)
{
	(void)state;
	/* A brand font dropped into the folder and named in fonts.conf is used as it is. */
	char *fdir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(fdir, NULL, NULL, &f, &d), 0);
	char *data;
	size_t len;
	assert_int_equal(util_read_file(font_path(f, FONT_BOLD), &data, &len), 0);
	font_free(f);
	char *dir = temp_dir_with("Brand.ttf", data, len);
	free(data);
	const char conf[] = "regular = Brand.ttf\nbold = Brand.ttf\n";
	char *conf_path = util_path_join(dir, "fonts.conf");
	assert_int_equal(util_write_atomic(conf_path, conf, sizeof(conf) - 1), 0);
	assert_int_equal(font_load(dir, NULL, NULL, &f, &d), 0);
	char *want = util_path_join(dir, "Brand.ttf");
	assert_string_equal(font_path(f, FONT_REGULAR), want);
	font_free(f);
	free(want);
	unlink(conf_path);
	free(conf_path);
	free(fdir);
	remove_dir(dir, "Brand.ttf");
}

static void test_hold_outlives_free(void **state)
{
	(void)state;
	char *fdir = fonts_dir();
	struct fonts *f = NULL;
	struct diag d = {0};
	assert_int_equal(font_load(fdir, NULL, NULL, &f, &d), 0);
	FT_Face face = font_ft_face(f, FONT_BOLD);
	void *hold = font_hold(f);
	font_free(f);
	/* The face must still be usable (ASan/valgrind would catch a use after free). */
	assert_true(face->num_glyphs > 100);
	assert_int_equal(FT_Load_Char(face, 'A', FT_LOAD_NO_SCALE), 0);
	font_release(hold);
	free(fdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_is_carlito),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_width_of_every_char),
		cmocka_unit_test(test_finder),
		cmocka_unit_test(test_loading),
		cmocka_unit_test(test_not_a_font),
		cmocka_unit_test(test_truncated_font),
		cmocka_unit_test(test_missing_font_is_named),
		cmocka_unit_test(test_conf_errors),
		cmocka_unit_test(test_file_in_fonts_dir),
		cmocka_unit_test(test_hold_outlives_free),
	};
	return cmocka_run_group_tests_name("font", tests, NULL, NULL);
}
