/* test_words.c - the tables of fixed words (words.c): both languages complete, the right
 * language for every lang value, names in the right order (the week starts on Monday, as
 * ISO 8601 and Swedish calendars do). */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "words.h"

/* every pointer of the table set and non-empty */
static void check_complete(const struct words *w)
{
	const char *const *v = (const char *const *)w;
	for (size_t i = 0; i < sizeof(*w) / sizeof(char *); i++) {
		assert_non_null(v[i]);
		assert_true(v[i][0] != '\0');
	}
}

static void test_complete(void **state)
{
	(void)state;
	check_complete(words_of(WORDS_SV));
	check_complete(words_of(WORDS_EN));
}

static void test_lang(void **state)
{
	(void)state;
	assert_ptr_equal(words_for(NULL), words_of(WORDS_SV));
	assert_ptr_equal(words_for("sv"), words_of(WORDS_SV));
	assert_ptr_equal(words_for("en"), words_of(WORDS_EN));
	assert_ptr_equal(words_for("xx"), words_of(WORDS_SV));
	assert_string_equal(words_for("en")->lang, "en");
}

static void test_names(void **state)
{
	(void)state;
	const struct words *sv = words_of(WORDS_SV), *en = words_of(WORDS_EN);
	assert_string_equal(sv->weekday[0], "Måndag");
	assert_string_equal(sv->weekday_lower[6], "söndag");
	assert_string_equal(en->weekday[6], "Sunday");
	assert_string_equal(en->weekday_short[0], "Mon");
	assert_string_equal(sv->month[6], "juli");
	assert_string_equal(sv->month_title[6], "Juli");
	assert_string_equal(en->month[0], "January");
	char buf[64];
	snprintf(buf, sizeof(buf), sv->page_of, (size_t)3, (size_t)12);
	assert_string_equal(buf, "Sida 3 av 12");
	snprintf(buf, sizeof(buf), en->page_of, (size_t)3, (size_t)12);
	assert_string_equal(buf, "Page 3 of 12");
	snprintf(buf, sizeof(buf), sv->fewer_than, 3);
	assert_string_equal(buf, "färre än 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
