/* test_period.c - periods (period.c): the trend window of the last N months, month indexes,
 * ISO weeks across the new year, the baseline a year earlier and the accepted forms. Expected
 * dates are worked out by hand from the calendar (2018-12-31 is a Monday, 2020 has 53 ISO
 * weeks because 1 January 2020 is a Wednesday in a leap year). */
#include "testutil.h"

#include <string.h>

#include "config.h"
#include "period.h"

static rec_day ymd(int y, int m, int d)
{
	return rec_day_from_ymd(y, m, d);
}

static void test_last_months(void **state)
{
	(void)state;
	struct period p = {.kind = PERIOD_MONTH, .num = 7, .year = 2019,
			   .first = ymd(2019, 7, 1), .last = ymd(2019, 7, 31)};
	struct period t;
	period_last_months(&p, 25, &t);
	assert_int_equal(t.kind, PERIOD_RANGE);
	assert_int_equal(t.first, ymd(2017, 7, 1));
	assert_int_equal(t.last, ymd(2019, 7, 31));
	period_last_months(&p, 13, &t);
	assert_int_equal(t.first, ymd(2018, 7, 1));
	/* across the new year, from a period ending mid-month */
	p.first = ymd(2019, 2, 1), p.last = ymd(2019, 2, 10);
	period_last_months(&p, 3, &t);
	assert_int_equal(t.first, ymd(2018, 12, 1));
	assert_int_equal(t.last, ymd(2019, 2, 28));
}

static void test_month_index(void **state)
{
	(void)state;
	assert_int_equal(period_month_index(ymd(2018, 1, 15)), 2018 * 12);
	assert_int_equal(period_month_index(ymd(2018, 12, 31)), 2018 * 12 + 11);
}

static void test_iso_weeks(void **state)
{
	(void)state;
	int y, w;
	period_iso_week_of(ymd(2018, 12, 31), &y, &w);
	assert_int_equal(y, 2019);
	assert_int_equal(w, 1);
	period_iso_week_of(ymd(2021, 1, 3), &y, &w); /* a Sunday: the last of 2020-W53 */
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	assert_int_equal(period_iso_weeks_in_year(2020), 53);
	assert_int_equal(period_iso_weeks_in_year(2019), 52);
	assert_int_equal(period_iso_week_start(2019, 1), ymd(2018, 12, 31));
}

static void test_parse_and_baseline(void **state)
{
	(void)state;
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	struct diag d = {0};
	struct period p, b;
	assert_int_equal(period_parse("2018-07", &cfg, &p, &d), 0);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_string_equal(p.id, "2018-07");
	assert_string_equal(p.label_sv, "juli 2018");
	assert_string_equal(p.title_sv, "Juli 2018");
	period_previous_year(&p, &cfg, &b);
	assert_int_equal(b.first, ymd(2017, 7, 1));
	assert_int_equal(b.last, ymd(2017, 7, 31));
	assert_int_equal(period_parse("2018-Q3", &cfg, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 7, 1));
	assert_int_equal(p.last, ymd(2018, 9, 30));
	assert_int_equal(period_parse("2020-W53", &cfg, &p, &d), 0);
	assert_int_equal(p.first, ymd(2020, 12, 28));
	period_previous_year(&p, &cfg, &b); /* 2019 has no week 53: week 52 */
	assert_int_equal(b.num, 52);
	assert_int_equal(period_parse("2018-06-15..2018-08-19", &cfg, &p, &d), 0);
	period_previous_period(&p, &b);
	assert_int_equal(b.last, ymd(2018, 6, 14));
	assert_int_equal(b.last - b.first, p.last - p.first);
	assert_int_equal(period_parse_baseline("none", &p, &cfg, &b, &d), 1);
	assert_int_equal(period_parse("2018-13", &cfg, &p, &d), -1);
	assert_int_equal(d.code, DIAG_EX_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_last_months),
		cmocka_unit_test(test_month_index),
		cmocka_unit_test(test_iso_weeks),
		cmocka_unit_test(test_parse_and_baseline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
