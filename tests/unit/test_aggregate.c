/* test_aggregate.c - period parsing, ISO weeks at year boundaries, baselines, suppression.
 * Expected ISO week values come from Python's datetime.isocalendar(), not from trygg. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "util.h"

static rec_day ymd(int y, int m, int d)
{
	return rec_day_from_ymd(y, m, d);
}

static void test_iso_weeks(void **state)
{
	(void)state;
	static const struct {
		int y, m, d, iy, iw;
	} cases[] = {
		{2018, 1, 1, 2018, 1},   {2021, 1, 3, 2020, 53}, {2020, 12, 31, 2020, 53},
		{2019, 12, 30, 2020, 1}, {2016, 1, 3, 2015, 53}, {2027, 1, 1, 2026, 53},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y, w;
		agg_iso_week_of(ymd(cases[i].y, cases[i].m, cases[i].d), &y, &w);
		assert_int_equal(y, cases[i].iy);
		assert_int_equal(w, cases[i].iw);
	}
	static const int weeks[][2] = {{2015, 53}, {2018, 52}, {2020, 53}, {2021, 52},
				       {2026, 53}, {2032, 53}};
	for (size_t i = 0; i < sizeof(weeks) / sizeof(weeks[0]); i++)
		assert_int_equal(agg_iso_weeks_in_year(weeks[i][0]), weeks[i][1]);
	assert_int_equal(agg_iso_week_start(2020, 53), ymd(2020, 12, 28));
	assert_int_equal(agg_iso_week_start(2018, 27), ymd(2018, 7, 2));
	assert_int_equal(agg_iso_week_start(2018, 1), ymd(2018, 1, 1));
}

static void test_periods(void **state)
{
	(void)state;
	struct period p;
	struct diag d = {0};
	assert_int_equal(agg_parse_period("2018-07", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 7, 1));
	assert_int_equal(p.last, ymd(2018, 7, 31));
	assert_string_equal(p.label_sv, "juli 2018");
	assert_int_equal(agg_parse_period("2018-Q3", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 7, 1));
	assert_int_equal(p.last, ymd(2018, 9, 30));
	assert_int_equal(agg_parse_period("2020-W53", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2020, 12, 28));
	assert_int_equal(p.last, ymd(2021, 1, 3));
	assert_int_equal(agg_parse_period("2021-W53", NULL, &p, &d), -1);
	assert_int_equal(d.code, DIAG_EX_USAGE);
	assert_int_equal(agg_parse_period("2018", NULL, &p, &d), 0);
	assert_int_equal(p.last - p.first, 364);
	assert_int_equal(agg_parse_period("2016-02", NULL, &p, &d), 0);
	assert_int_equal(p.last, ymd(2016, 2, 29));
	assert_int_equal(agg_parse_period("2018-06-15..2018-08-19", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 6, 15));
	assert_int_equal(p.last, ymd(2018, 8, 19));
	const char *bad[] = {"2018-13", "2018-00", "2018-Q5", "2018-W00", "18-07", "",
			     "2018-08-19..2018-06-15", "2018-02-30..2018-03-01", "sommar"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&d, 0, sizeof(d));
		assert_int_equal(agg_parse_period(bad[i], NULL, &p, &d), -1);
		assert_int_equal(d.code, DIAG_EX_USAGE);
		assert_true(strlen(d.msg) > 0);
	}
}

static void test_baselines(void **state)
{
	(void)state;
	struct period p, b;
	struct diag d = {0};
	assert_int_equal(agg_parse_period("2021-W53", NULL, &p, &d), -1);
	assert_int_equal(agg_parse_period("2020-W53", NULL, &p, &d), 0);
	agg_previous_year(&p, NULL, &b);
	assert_int_equal(b.first, agg_iso_week_start(2019, 52)); /* 2019 has no week 53 */
	assert_int_equal(agg_parse_period("2018-07", NULL, &p, &d), 0);
	assert_int_equal(agg_parse_baseline("previous-year", &p, NULL, &b, &d), 0);
	assert_string_equal(b.id, "2017-07");
	assert_int_equal(agg_parse_baseline("previous-period", &p, NULL, &b, &d), 0);
	assert_int_equal(b.first, ymd(2018, 5, 31));
	assert_int_equal(b.last, ymd(2018, 6, 30));
	assert_int_equal(agg_parse_baseline("none", &p, NULL, &b, &d), 1);
	assert_int_equal(agg_parse_baseline("2016-07", &p, NULL, &b, &d), 0);
	assert_string_equal(b.id, "2016-07");
	assert_int_equal(agg_parse_baseline("last-year", &p, NULL, &b, &d), -1);
	assert_int_equal(agg_parse_period("2016-02-29..2016-03-31", NULL, &p, &d), 0);
	agg_previous_year(&p, NULL, &b);
	assert_int_equal(b.first, ymd(2015, 2, 28));
}

static void test_suppression(void **state)
{
	(void)state;
	char buf[32];
	assert_int_equal(agg_fmt_count(buf, sizeof(buf), 0, 3), 0);
	assert_string_equal(buf, "0");
	assert_int_equal(agg_fmt_count(buf, sizeof(buf), 1, 3), 1);
	assert_string_equal(buf, "<3");
	assert_int_equal(agg_fmt_count(buf, sizeof(buf), 2, 3), 1);
	assert_string_equal(buf, "<3");
	assert_int_equal(agg_fmt_count(buf, sizeof(buf), 3, 3), 0);
	assert_string_equal(buf, "3");
	assert_int_equal(agg_fmt_count(buf, sizeof(buf), 4, 5), 1);
	assert_string_equal(buf, "<5");
	assert_int_equal(agg_fmt_count(buf, sizeof(buf), 1234, 3), 0);
	assert_string_equal(buf, "1\xC2\xA0" "234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_weeks),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_baselines),
		cmocka_unit_test(test_suppression),
	};
	return cmocka_run_group_tests_name("aggregate", tests, NULL, NULL);
}
