/* test_diag.c - the message shapes of diag.c ("file:line:col: error: msg", parts left out
 * when unknown, "trygg: " without a file, control characters escaped so no message can forge
 * a line) and timing.c's opt-in stage lines. Expected strings are written by hand from
 * diag.h's contract. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "timing.h"

/* Runs print into a memory stream and returns the text (static buffer). */
static const char *printed(const struct diag *d)
{
	static char buf[4096];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(fp);
	diag_print(d, fp);
	fclose(fp);
	return buf;
}

static void test_set_and_print(void **state)
{
	(void)state;
	struct diag d;
	assert_int_equal(diag_set(&d, DIAG_EX_CONFIG, "a.xml", 12, 5, "bad %s %d", "x", 7), -1);
	assert_int_equal(d.code, 78);
	assert_string_equal(d.msg, "bad x 7");
	assert_string_equal(printed(&d), "a.xml:12:5: error: bad x 7\n");
	diag_set(&d, DIAG_EX_DATAERR, "a.csv", 3, 0, "m");
	assert_string_equal(printed(&d), "a.csv:3: error: m\n");
	/* no line: no ":0:" */
	diag_set(&d, DIAG_EX_NOINPUT, "a.csv", 0, 9, "m");
	assert_string_equal(printed(&d), "a.csv: error: m\n");
	diag_set(&d, DIAG_EX_USAGE, NULL, 4, 0, "m");
	assert_string_equal(printed(&d), "trygg: error: m\n");
	/* NULL diag: still -1, nothing written */
	assert_int_equal(diag_set(NULL, 1, "f", 1, 1, "m"), -1);
}

static void test_control_characters_escaped(void **state)
{
	(void)state;
	struct diag d;
	diag_set(&d, DIAG_EX_DATAERR, "ev\nil.csv", 2, 0, "value 'a\r\ntrygg: wrote x.pdf\x1b[2J'");
	const char *s = printed(&d);
	/* one line only, and no raw CR or ESC */
	assert_non_null(strchr(s, '\n'));
	assert_int_equal(strchr(s, '\n') - s, (long)strlen(s) - 1);
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\x1b'));
	assert_non_null(strstr(s, "error: value"));
}

static void test_warn_shape(void **state)
{
	(void)state;
	char buf[512];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");
	diag_warn(fp, "b.csv", 7, "%d rows", 3);
	diag_warn(fp, NULL, 0, "plain");
	fclose(fp);
	assert_string_equal(buf, "b.csv:7: warning: 3 rows\ntrygg: warning: plain\n");
}

/* stderr into a file while fn runs; returns what was written (static buffer). */
static const char *stderr_of(void (*fn)(void))
{
	static char buf[1024];
	fflush(stderr);
	int saved = dup(2);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	dup2(fileno(tmp), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = 0;
	fclose(tmp);
	return buf;
}

static void two_marks(void)
{
	timing_start();
	timing_mark("load");
	timing_mark("pdf");
}

static void test_timing_lines(void **state)
{
	(void)state;
	/* timing reads the environment once per process: set before the first call */
	setenv("TRYGG_TIMING", "1", 1);
	const char *s = stderr_of(two_marks);
	char stage[16];
	double wall, cpu;
	assert_int_equal(sscanf(s, "trygg-timing: %15s %lf %lf\n", stage, &wall, &cpu), 3);
	assert_string_equal(stage, "load");
	assert_true(wall >= 0 && cpu >= 0);
	const char *second = strchr(s, '\n') + 1;
	assert_int_equal(sscanf(second, "trygg-timing: %15s %lf %lf\n", stage, &wall, &cpu), 3);
	assert_string_equal(stage, "pdf");
	assert_string_equal(strchr(second, '\n'), "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_and_print),
		cmocka_unit_test(test_control_characters_escaped),
		cmocka_unit_test(test_warn_shape),
		cmocka_unit_test(test_timing_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
