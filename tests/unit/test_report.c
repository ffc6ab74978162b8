/* test_report.c - the report driver's naming and CSV helpers: output file names from the
 * configuration's pattern (folding, path separators, "..", leading dots), department words
 * and file names (distinct even when names fold alike), Excel-safe manifest cells, and
 * mkdir -p. The whole pipeline is tested end to end by tests/golden/; expected names here are
 * worked out by hand from the rules in report.h. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "util.h"

static void check_name(const char *municipality, const char *pattern, const char *period,
		       const char *want)
{
	struct config cfg = {.municipality = (char *)municipality, .output = (char *)pattern};
	char *got = report_file_name(&cfg, period);
	assert_string_equal(got, want);
	free(got);
}

static void test_file_name(void **state)
{
	(void)state;
	check_name("Bjuv", "bjuv-{period}.pdf", "2018-07", "bjuv-2018-07.pdf");
	/* no pattern, or an empty one: {kommun}-{period}.pdf, the municipality folded */
	check_name("Bjuv", NULL, "sommar-2018", "bjuv-sommar-2018.pdf");
	check_name("Höör", "", "2018-07", "hoor-2018-07.pdf");
	check_name("Östra Göinge", "{kommun}-{period}.pdf", "2018", "ostra_goinge-2018.pdf");
	check_name("Åstorp", "{period}-{kommun}-{period}.pdf", "2018-07",
		   "2018-07-astorp-2018-07.pdf");
	/* path separators and ".." never survive, from the pattern or from the name */
	check_name("Höör", "../{kommun}/{period}.pdf", "2018-07", "_._hoor_2018-07.pdf");
	/* util_fold turns the dots into a space */
	check_name("Bjuv/../etc", "{kommun}-{period}.pdf", "2018-07", "bjuv___etc-2018-07.pdf");
	check_name("Bjuv", "a\\b{period}.pdf", "2018-07", "a_b2018-07.pdf");
	/* no leading dot (a hidden file), never an empty name */
	check_name("Bjuv", ".{period}", "2018-07", "report.2018-07");
	check_name("Bjuv", "{period}", "", "report");
	/* unknown placeholders and other bytes become '_' */
	check_name("Bjuv", "{år}-{period}.pdf", "2018-07", "___r_-2018-07.pdf");
	check_name("Bjuv", "a b;c.pdf", "x", "a_b_c.pdf");
}

static void check_word(const char *name, const char *want)
{
	char *got = report_safe_word(name);
	assert_string_equal(got, want);
	free(got);
}

static void test_safe_word(void **state)
{
	(void)state;
	check_word("Kultur & fritid/Bibliotek", "kultur-fritid-bibliotek");
	check_word("Fastighetsavdelningen", "fastighetsavdelningen");
	check_word("Skol- och förskoleförvaltningen", "skol-och-forskoleforvaltningen");
	check_word("Åtgärd Ärende Öst", "atgard-arende-ost");
	check_word("Café", "cafe");
	check_word("  Teknik  ", "teknik");
	check_word("A.B", "a-b");
	check_word("100 % Trygg", "100-trygg");
	check_word("..\\..\\x", "x");
	/* nothing usable: a fixed word, never "", "." or ".." */
	check_word("..", "avdelning");
	check_word(".", "avdelning");
	check_word("", "avdelning");
	check_word(NULL, "avdelning");
	check_word("///", "avdelning");
	check_word("日本", "avdelning");
}

static char **dept_files(const char *const *names, size_t n, const char *report_name)
{
	struct config cfg = {0};
	struct cfg_department deps[8] = {{0}};
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++)
		deps[i].name = (char *)names[i];
	cfg.departments = deps;
	cfg.n_departments = n;
	return report_department_files(&cfg, report_name);
}

static void free_files(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

static void test_department_files(void **state)
{
	(void)state;
	static const char *const two[] = {"Fastighetsavdelningen", "Kultur & fritid"};
	char **f = dept_files(two, 2, "bjuv-2018-07.pdf");
	assert_string_equal(f[0], "bjuv-2018-07-fastighetsavdelningen.pdf");
	assert_string_equal(f[1], "bjuv-2018-07-kultur-fritid.pdf");
	free_files(f, 2);
	/* no extension: .pdf; the last dot is the extension's */
	f = dept_files(two, 1, "rapport");
	assert_string_equal(f[0], "rapport-fastighetsavdelningen.pdf");
	free_files(f, 1);
	f = dept_files(two, 1, "a.b.pdf");
	assert_string_equal(f[0], "a.b-fastighetsavdelningen.pdf");
	free_files(f, 1);
	/* names that fold alike get the department's position as a suffix */
	static const char *const same[] = {"Teknik", "teknik", "TEKNIK"};
	f = dept_files(same, 3, "r.pdf");
	assert_string_equal(f[0], "r-teknik.pdf");
	assert_string_equal(f[1], "r-teknik-2.pdf");
	assert_string_equal(f[2], "r-teknik-3.pdf");
	free_files(f, 3);
	/* a suffixed name that another department already has: still distinct (this looped
	 * forever once: the third name became r-a-3.pdf again and again) */
	static const char *const clash[] = {"A 3", "A", "a", "a-4"};
	f = dept_files(clash, 4, "r.pdf");
	assert_string_equal(f[0], "r-a-3.pdf");
	assert_string_equal(f[1], "r-a.pdf");
	assert_string_equal(f[2], "r-a-4.pdf");
	assert_string_equal(f[3], "r-a-4-4.pdf");
	free_files(f, 4);
	/* no departments: an empty list that can be freed */
	f = dept_files(two, 0, "r.pdf");
	assert_non_null(f);
	free(f);
}

static void check_cell(const char *v, const char *want)
{
	struct sbuf b = {0};
	sbuf_add(&b, "x;");
	report_csv_cell(&b, v);
	char *got = sbuf_take(&b);
	assert_string_equal(got + 2, want);
	free(got);
}

static void test_csv_cell(void **state)
{
	(void)state;
	check_cell("bjuv-2018-07.pdf", "bjuv-2018-07.pdf");
	check_cell("", "");
	check_cell("Kultur & fritid", "Kultur & fritid");
	check_cell("a;b", "\"a;b\"");
	check_cell("säg \"hej\"", "\"säg \"\"hej\"\"\"");
	check_cell("rad 1\nrad 2", "\"rad 1\nrad 2\"");
	/* formulas: an apostrophe in front */
	check_cell("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	check_cell("=1+2", "'=1+2");
	check_cell("+46 42 85 000", "'+46 42 85 000");
	check_cell("-12", "'-12");
	check_cell("@SUM(A1)", "'@SUM(A1)");
	check_cell("\tx", "'\tx");
	check_cell("\rx", "\"'\rx\"");
	check_cell("=1;2", "\"'=1;2\"");
	/* only the first character matters */
	check_cell("a=b", "a=b");
	check_cell("12", "12");
}

static void test_make_dirs(void **state)
{
	(void)state;
	const char *dir = tu_dir();
	char path[128];
	struct stat st;
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(report_make_dirs(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(report_make_dirs(path), 0); /* exists: fine */
	snprintf(path, sizeof(path), "%s/d/e/", dir);
	assert_int_equal(report_make_dirs(path), 0);
	snprintf(path, sizeof(path), "%s/d/e", dir);
	assert_int_equal(stat(path, &st), 0);
	/* a file in the way */
	tu_put("f", "", 0);
	snprintf(path, sizeof(path), "%s/f/g", dir);
	errno = 0;
	assert_int_equal(report_make_dirs(path), -1);
	assert_int_equal(errno, ENOTDIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_name),   cmocka_unit_test(test_safe_word),
		cmocka_unit_test(test_department_files), cmocka_unit_test(test_csv_cell),
		cmocka_unit_test(test_make_dirs),
	};
	return cmocka_run_group_tests(tests, tu_tmpdir_setup, tu_tmpdir_teardown);
}
