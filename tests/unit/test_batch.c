/* test_batch.c - safe department file names, the --monthly range, Excel-safe manifest cells. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "config.h"
#include "report.h"

static void assert_safe(const char *name)
{
	assert_true(name[0] != '\0' && name[0] != '.' && name[0] != '-');
	assert_null(strchr(name, '/'));
	assert_null(strchr(name, '\\'));
	assert_null(strstr(name, ".."));
	for (const char *p = name; *p; p++)
		assert_true((unsigned char)*p < 0x80 && (unsigned char)*p > 0x20);
}

static void test_safe_word(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{"../../etc", "etc"},
		{"Kultur & fritid/Bibliotek", "kultur-fritid-bibliotek"},
		{"Barn- och utbildningsförvaltningen", "barn-och-utbildningsforvaltningen"},
		{"Räddningstjänst Åstorp–Bjuv", "raddningstjanst-astorp-bjuv"},
		{"..", "avdelning"},
		{"", "avdelning"},
		{"/", "avdelning"},
		{"C:\\Windows\\system32", "c-windows-system32"},
		{"Ordning\r\nReply-To: x", "ordning-reply-to-x"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *w = report_safe_word(v[i][0]);
		assert_string_equal(w, v[i][1]);
		assert_safe(w);
		free(w);
	}
}

static void test_department_files(void **state)
{
	(void)state;
	struct cfg_department deps[] = {
		{.id = "a", .name = "../../etc"},
		{.id = "b", .name = "Kultur & fritid/Bibliotek"},
		{.id = "c", .name = "Kultur & fritid: Bibliotek"}, /* folds like b */
		{.id = "d", .name = "Kultur-fritid-bibliotek-3"},  /* what c would become */
	};
	struct config cfg = {.municipality = "Bjuv", .departments = deps, .n_departments = 4};
	char **f = report_department_files(&cfg, "bjuv-2018-07.pdf");
	assert_string_equal(f[0], "bjuv-2018-07-etc.pdf");
	assert_string_equal(f[1], "bjuv-2018-07-kultur-fritid-bibliotek.pdf");
	for (size_t i = 0; i < 4; i++) {
		assert_safe(f[i]);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(f[i], f[k]);
	}
	for (size_t i = 0; i < 4; i++)
		free(f[i]);
	free(f);
}

static void test_monthly(void **state)
{
	(void)state;
	struct diag d = {0};
	int a, b;
	assert_int_equal(batch_parse_monthly("2018-01..2018-12", &a, &b, &d), 0);
	assert_int_equal(b - a, 11);
	assert_int_equal(a, 2018 * 12);
	assert_int_equal(batch_parse_monthly("2018-11..2019-02", &a, &b, &d), 0);
	assert_int_equal(b - a, 3);
	assert_int_equal(batch_parse_monthly("2018-07", &a, &b, &d), 0);
	assert_int_equal(a, b);
	static const char *const bad[] = {"2018-12..2018-01", "2018-13..2018-14", "2018-1..2018-2",
					  "2018-01..", "..2018-01", "2018-01..2018-02x", "sommar-2018",
					  ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(batch_parse_monthly(bad[i], &a, &b, &d), -1);
		assert_int_equal(d.code, DIAG_EX_USAGE);
	}
}

static void test_csv_cell(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{"Bjuv", "Bjuv"},
		{"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
		{"+46 42 85 000", "'+46 42 85 000"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"a;b", "\"a;b\""},
		{"two\nlines", "\"two\nlines\""},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sbuf b = {0};
		report_csv_cell(&b, v[i][0]);
		assert_string_equal(sbuf_str(&b), v[i][1]);
		sbuf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_word),
		cmocka_unit_test(test_department_files),
		cmocka_unit_test(test_monthly),
		cmocka_unit_test(test_csv_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
