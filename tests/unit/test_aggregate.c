/* test_aggregate.c - period parsing, ISO weeks at year boundaries, baselines, group-by tables
 * over a hand-made store, and primary and secondary suppression with a property test.
 * Expected ISO week values come from Python's datetime.isocalendar(), not from trygg; the
 * property test decides recoverability with its own linear algebra, not agg_suppress's. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
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
		/* 53-week years and leap days */
		{2004, 12, 31, 2004, 53}, {2005, 1, 2, 2004, 53}, {2008, 12, 29, 2009, 1},
		{2010, 1, 3, 2009, 53},   {2024, 2, 29, 2024, 9},  {2016, 2, 29, 2016, 9},
		{2020, 2, 29, 2020, 9},   {1992, 12, 31, 1992, 53}, {2015, 12, 31, 2015, 53},
		{2026, 12, 31, 2026, 53}, {2037, 12, 31, 2037, 53}, {2000, 2, 29, 2000, 9},
		{2100, 3, 1, 2100, 9},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y, w;
		period_iso_week_of(ymd(cases[i].y, cases[i].m, cases[i].d), &y, &w);
		assert_int_equal(y, cases[i].iy);
		assert_int_equal(w, cases[i].iw);
	}
	static const int weeks[][2] = {{2015, 53}, {2018, 52}, {2020, 53}, {2021, 52},
				       {2026, 53}, {2032, 53}, {1992, 53}, {2000, 52},
				       {2004, 53}, {2009, 53}, {2019, 52}, {2024, 52},
				       {2037, 53}, {2100, 52}};
	for (size_t i = 0; i < sizeof(weeks) / sizeof(weeks[0]); i++)
		assert_int_equal(period_iso_weeks_in_year(weeks[i][0]), weeks[i][1]);
	assert_int_equal(period_iso_week_start(2020, 53), ymd(2020, 12, 28));
	assert_int_equal(period_iso_week_start(2018, 27), ymd(2018, 7, 2));
	assert_int_equal(period_iso_week_start(2018, 1), ymd(2018, 1, 1));
	assert_int_equal(period_iso_week_start(2004, 53), ymd(2004, 12, 27));
	assert_int_equal(period_iso_week_start(2009, 1), ymd(2008, 12, 29));
	assert_int_equal(period_iso_week_start(2026, 53), ymd(2026, 12, 28));
	assert_int_equal(period_iso_week_start(2024, 9), ymd(2024, 2, 26));
	/* every day of 1990-2040 round-trips through its ISO week */
	for (rec_day day = ymd(1990, 1, 1); day <= ymd(2040, 12, 31); day++) {
		int y, w;
		period_iso_week_of(day, &y, &w);
		assert_true(w >= 1 && w <= period_iso_weeks_in_year(y));
		assert_int_equal(period_iso_week_start(y, w) + rec_weekday(day), day);
	}
}

/* Table-driven: PERIOD → first and last day (by hand from the calendar). */
static void test_period_table(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int y1, m1, d1, y2, m2, d2;
		const char *id;
	} ok[] = {
		{"2018-07", 2018, 7, 1, 2018, 7, 31, "2018-07"},
		{"2016-02", 2016, 2, 1, 2016, 2, 29, "2016-02"},
		{"2100-02", 2100, 2, 1, 2100, 2, 28, "2100-02"},
		{"2000-02", 2000, 2, 1, 2000, 2, 29, "2000-02"},
		{"2018-Q1", 2018, 1, 1, 2018, 3, 31, "2018-Q1"},
		{"2018-q4", 2018, 10, 1, 2018, 12, 31, "2018-Q4"},
		{"2018-W27", 2018, 7, 2, 2018, 7, 8, "2018-W27"},
		{"2018-W01", 2018, 1, 1, 2018, 1, 7, "2018-W01"},
		{"2020-W53", 2020, 12, 28, 2021, 1, 3, "2020-W53"},
		{"2015-W53", 2015, 12, 28, 2016, 1, 3, "2015-W53"},
		{"2009-W01", 2008, 12, 29, 2009, 1, 4, "2009-W01"},
		{"2024-W09", 2024, 2, 26, 2024, 3, 3, "2024-W09"},
		{"2016", 2016, 1, 1, 2016, 12, 31, "2016"},
		{"2016-02-29..2016-02-29", 2016, 2, 29, 2016, 2, 29, "2016-02-29..2016-02-29"},
		{"2018-12-20..2019-01-10", 2018, 12, 20, 2019, 1, 10, "2018-12-20..2019-01-10"},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct period p;
		struct diag d = {0};
		assert_int_equal(period_parse(ok[i].s, NULL, &p, &d), 0);
		assert_int_equal(p.first, ymd(ok[i].y1, ok[i].m1, ok[i].d1));
		assert_int_equal(p.last, ymd(ok[i].y2, ok[i].m2, ok[i].d2));
		assert_string_equal(p.id, ok[i].id);
	}
	static const char *const bad[] = {
		"2019-W53", "2021-W53", "2018-W54", "2015-W54", "2017-02-29..2017-03-01",
		"2018-7",   "2018-Q0",  "2018-W1",  "2018-W100", "2018-07-01..", "..2018-07-01",
		"20180",    "1899",     "2018-07-01", "2018-07-01...2018-07-02", "sommar-18",
		"2018-06-31..2018-07-01", "2018-00-01..2018-01-01", "x-2018",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct period p;
		struct diag d = {0};
		if (period_parse(bad[i], NULL, &p, &d) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(d.code, DIAG_EX_USAGE);
	}
	/* the message for a malformed period lists the accepted forms */
	struct period p;
	struct diag d = {0};
	assert_int_equal(period_parse("juli", NULL, &p, &d), -1);
	assert_non_null(strstr(d.msg, "2018-W27"));
	assert_non_null(strstr(d.msg, "2018-06-15..2018-08-19"));
}

/* A configuration by hand: two categories, two localities, one department, a summer season
 * with per-year school-holiday dates for 2018. */
static struct cfg_season_dates sommarlov_dates[] = {
	{2018, 2018, 6, 12, 2018, 8, 19},
	{2020, 2020, 6, 11, 2020, 8, 16},
};
static struct cfg_population pop_a[] = {{2017, 1000}, {2018, 2000}};
static struct cfg_population pop_b[] = {{2018, 500}};
static struct cfg_category cats[] = {{.id = "a", .label_sv = "Alfa"}, {.id = "b", .label_sv = "Beta"}};
static struct cfg_locality locs[] = {
	{.id = "x", .name = "Xby", .population = pop_a, .n_population = 2},
	{.id = "y", .name = "Yby", .population = pop_b, .n_population = 1},
};
static struct cfg_department deps[] = {{.id = "d", .name = "Dep"}, {.id = "e", .name = "Eep"}};
static struct cfg_season seasons[] = {
	{.id = "sommar", .label_sv = "sommar", .start_month = 6, .start_day = 1, .end_month = 8,
	 .end_day = 31},
	{.id = "sommarlov", .label_sv = "sommarlov", .start_month = 6, .start_day = 15,
	 .end_month = 8, .end_day = 15, .dates = sommarlov_dates, .n_dates = 2},
};

static void hand_config(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->small_count_threshold = 3;
	cfg->min_baseline_for_percent = 10;
	cfg->categories = cats, cfg->n_categories = 2;
	cfg->localities = locs, cfg->n_localities = 2;
	cfg->departments = deps, cfg->n_departments = 2;
	cfg->seasons = seasons, cfg->n_seasons = 2;
}

static void test_season_dates(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	struct period p, b;
	struct diag d = {0};
	assert_int_equal(period_parse("sommarlov-2018", &cfg, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 6, 12));
	assert_int_equal(p.last, ymd(2018, 8, 19));
	/* 2017 has no dates of its own: the season's month and day */
	period_previous_year(&p, &cfg, &b);
	assert_int_equal(b.first, ymd(2017, 6, 15));
	assert_int_equal(b.last, ymd(2017, 8, 15));
	assert_string_equal(b.id, "sommarlov-2017");
	assert_int_equal(period_parse("sommarlov-2021", &cfg, &p, &d), 0);
	period_previous_year(&p, &cfg, &b);
	assert_int_equal(b.first, ymd(2020, 6, 11));
	assert_int_equal(b.last, ymd(2020, 8, 16));
	assert_int_equal(period_parse("sommar-2018", &cfg, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 6, 1));
	assert_int_equal(period_parse("midsommar-2018", &cfg, &p, &d), -1);
	assert_int_equal(d.code, DIAG_EX_USAGE);
	assert_non_null(strstr(d.msg, "sommarlov"));
}

static void add_inc(struct rec_store *s, rec_day day, int minute, int cat, int loc, int dep,
		    const char *site, int count, int64_t cost)
{
	struct incident in = {.day = day, .minute = (int16_t)minute, .category = (uint16_t)cat,
			      .locality = (uint16_t)loc, .department = (uint16_t)dep,
			      .site = rec_intern(s, site), .count = count, .cost_ore = cost};
	rec_add_incident(s, &in);
}

static void test_tables(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	struct rec_store *s = rec_store_new();
	rec_add_source(s, "dir/one.csv", "csv");
	struct period cur, base;
	struct diag d = {0};
	assert_int_equal(period_parse("2018-06-30..2018-08-01", &cfg, &cur, &d), 0);
	period_previous_year(&cur, &cfg, &base); /* 2017-06-30..2017-08-01 */
	add_inc(s, ymd(2018, 6, 30), 23 * 60 + 59, 0, 0, 0, "Torget", 5, 100); /* Sat, W26 */
	add_inc(s, ymd(2018, 7, 2), -1, 1, 1, 1, "Skolan", 1, 0);            /* Mon, W27 */
	add_inc(s, ymd(2018, 8, 1), 0, 0, 1, 0, "Skolan", 2, 50);            /* Wed, W31 */
	add_inc(s, ymd(2018, 8, 2), 0, 0, 1, 0, "Utanför", 9, 0);            /* after cur */
	add_inc(s, ymd(2017, 6, 30), 600, 0, 0, 0, "", 7, 1000);              /* base pos 0 */
	add_inc(s, ymd(2017, 8, 1), 600, 1, 0, 0, "Torget", 4, 0);            /* base month 2 */

	struct agg_table *t = agg_table_by(s, &cfg, AGG_DIM_MONTH, &cur, &base, NULL);
	assert_int_equal(t->n_rows, 3); /* June, July, August */
	assert_string_equal(t->rows[0].label, "juni 2018");
	assert_int_equal(t->rows[0].count_cur, 5);
	assert_int_equal(t->rows[0].count_base, 7);
	assert_int_equal(t->rows[1].count_cur, 1);
	assert_int_equal(t->rows[2].count_cur, 2);
	assert_int_equal(t->rows[2].count_base, 4);
	assert_int_equal(t->total.count_cur, 8);
	assert_int_equal(t->total.count_base, 11);
	assert_int_equal(t->total.cost_cur, 150);
	/* 1 and 2 are small; then the column's only other hidden-free equation holds 5 and 8:
	 * two hidden cells already, so nothing more */
	assert_int_equal(t->rows[1].flag_cur, AGG_HIDE_SMALL);
	assert_int_equal(t->rows[2].flag_cur, AGG_HIDE_SMALL);
	assert_int_equal(t->rows[0].flag_cur, AGG_SHOW);
	assert_int_equal(t->total.flag_cur, AGG_SHOW);
	agg_table_free(t);

	t = agg_table_by(s, &cfg, AGG_DIM_WEEK, &cur, &base, NULL);
	assert_int_equal(t->n_rows, 6); /* W26 … W31 */
	assert_string_equal(t->rows[0].label, "v. 26 2018");
	assert_string_equal(t->rows[5].label, "v. 31 2018");
	assert_int_equal(t->rows[0].count_cur, 5);
	assert_int_equal(t->rows[1].count_cur, 1);
	assert_int_equal(t->rows[5].count_cur, 2);
	assert_int_equal(t->rows[0].count_base, 7); /* 2017-06-30 is in 2017's first week slot */
	assert_int_equal(t->rows[5].count_base, 4);
	agg_table_free(t);

	t = agg_table_by(s, &cfg, AGG_SITE, &cur, &base, NULL);
	/* Torget 5/4, Skolan 3/0, then the row without a site (0/7) */
	assert_int_equal(t->n_rows, 3);
	assert_string_equal(t->rows[0].label, "Torget");
	assert_string_equal(t->rows[1].label, "Skolan");
	assert_int_equal(t->rows[1].count_cur, 3);
	assert_int_equal(t->rows[2].key, AGG_KEY_MISSING);
	assert_int_equal(t->rows[2].count_base, 7);
	agg_table_free(t);

	t = agg_table_by(s, &cfg, AGG_HOUR, &cur, NULL, NULL);
	assert_int_equal(t->n_rows, 25);
	assert_int_equal(t->rows[23].count_cur, 5);
	assert_int_equal(t->rows[0].count_cur, 2);
	assert_int_equal(t->rows[24].key, AGG_KEY_MISSING);
	assert_int_equal(t->rows[24].count_cur, 1);
	agg_table_free(t);

	struct agg_filter f = {AGG_ALL, 1, AGG_ALL};
	t = agg_table_by(s, &cfg, AGG_CATEGORY, &cur, &base, &f);
	assert_int_equal(t->rows[0].count_cur, 2);
	assert_int_equal(t->rows[1].count_cur, 1);
	assert_int_equal(t->total.count_cur, 3);
	assert_int_equal(t->total.count_base, 0);
	agg_table_free(t);

	t = agg_table_by(s, &cfg, AGG_SOURCE, &cur, NULL, NULL);
	assert_int_equal(t->n_rows, 1);
	assert_string_equal(t->rows[0].label, "one.csv");
	agg_table_free(t);

	struct agg_cross *x = agg_weekday_hour(s, &cfg, &cur, NULL);
	assert_int_equal(x->n_rows, 7);
	assert_int_equal(x->n_cols, 25);
	assert_int_equal(AGG_CELL(x, 5, 23), 5); /* Saturday 23–24 */
	assert_int_equal(AGG_CELL(x, 2, 0), 2);  /* Wednesday 00–01 */
	assert_int_equal(AGG_CELL(x, 0, 24), 1); /* Monday, no time */
	assert_int_equal(AGG_CELL(x, 7, 25), 8);
	assert_int_equal(AGG_CELL(x, 5, 25), 5);
	assert_int_equal(x->cost, 150);
	agg_cross_free(x);

	assert_int_equal(agg_total_cost(s, &cur, NULL), 150);
	assert_int_equal(agg_total_cost(s, &base, NULL), 1000);

	double rate;
	assert_int_equal(agg_rate_per_1000(&cfg, 0, 2018, 5, &rate), 0);
	assert_true(fabs(rate - 2.5) < 1e-9);
	assert_int_equal(agg_rate_per_1000(&cfg, AGG_ALL, 2018, 5, &rate), 0);
	assert_true(fabs(rate - 2.0) < 1e-9);
	char buf[32];
	agg_fmt_rate(buf, sizeof(buf), 2.45);
	assert_string_equal(buf, "2,5");

	struct agg_change ch;
	agg_change_of(&cfg, 8, AGG_SHOW, 4, AGG_SHOW, &ch);
	assert_false(ch.hidden);
	assert_int_equal(ch.diff, -4);
	assert_true(ch.has_pct && fabs(ch.pct + 50.0) < 1e-9);
	assert_true(ch.few);
	agg_change_of(&cfg, 40, AGG_SHOW, 7, AGG_SHOW, &ch);
	assert_false(ch.few);
	agg_change_of(&cfg, 40, AGG_SHOW, 2, AGG_HIDE_SMALL, &ch);
	assert_true(ch.hidden);
	rec_store_free(s);
}

static void test_measures(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	struct rec_store *s = rec_store_new();
	struct measure m1 = {.start = ymd(2018, 5, 1), .end = ymd(2018, 6, 1), .department = 0,
			     .locality = 0, .hours_x100 = 1050, .cost_ore = 100000, .people = 40};
	struct measure m2 = {.start = ymd(2018, 8, 31), .end = ymd(2018, 9, 30), .department = 1,
			     .locality = UINT16_MAX, .hours_x100 = 200, .cost_ore = 5000, .people = 2};
	struct measure m3 = {.start = ymd(2018, 9, 1), .end = ymd(2018, 9, 30), .department = 1,
			     .locality = 1, .hours_x100 = 100, .cost_ore = 1, .people = 100};
	rec_add_measure(s, &m1);
	rec_add_measure(s, &m2);
	rec_add_measure(s, &m3);
	struct period p;
	struct diag d = {0};
	assert_int_equal(period_parse("sommar-2018", &cfg, &p, &d), 0);
	struct agg_measure_table *t = agg_measures_by(s, &cfg, AGG_LOCALITY, &p, NULL);
	assert_int_equal(t->n_rows, 3); /* Xby, Yby, Hela kommunen */
	assert_int_equal(t->rows[0].n, 1);
	assert_int_equal(t->rows[0].hours_x100, 1050);
	assert_int_equal(t->rows[1].n, 0);
	assert_int_equal(t->rows[2].key, AGG_KEY_MISSING);
	assert_string_equal(t->rows[2].label, "Hela kommunen");
	assert_int_equal(t->rows[2].people, 2);
	assert_int_equal(t->rows[2].flag_people, AGG_HIDE_SMALL);
	/* 40 would give 2 away from the total 42 */
	assert_int_equal(t->rows[0].flag_people, AGG_HIDE_SECONDARY);
	assert_int_equal(t->total.n, 2);
	assert_int_equal(t->total.cost_ore, 105000);
	agg_measure_table_free(t);
	t = agg_measures_by(s, &cfg, AGG_DEPARTMENT, &p, NULL);
	assert_int_equal(t->n_rows, 2);
	assert_int_equal(t->rows[1].n, 1);
	agg_measure_table_free(t);
	rec_store_free(s);
}


static void test_periods(void **state)
{
	(void)state;
	struct period p;
	struct diag d = {0};
	assert_int_equal(period_parse("2018-07", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 7, 1));
	assert_int_equal(p.last, ymd(2018, 7, 31));
	assert_string_equal(p.label_sv, "juli 2018");
	assert_int_equal(period_parse("2018-Q3", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 7, 1));
	assert_int_equal(p.last, ymd(2018, 9, 30));
	assert_int_equal(period_parse("2020-W53", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2020, 12, 28));
	assert_int_equal(p.last, ymd(2021, 1, 3));
	assert_int_equal(period_parse("2021-W53", NULL, &p, &d), -1);
	assert_int_equal(d.code, DIAG_EX_USAGE);
	assert_int_equal(period_parse("2018", NULL, &p, &d), 0);
	assert_int_equal(p.last - p.first, 364);
	assert_int_equal(period_parse("2016-02", NULL, &p, &d), 0);
	assert_int_equal(p.last, ymd(2016, 2, 29));
	assert_int_equal(period_parse("2018-06-15..2018-08-19", NULL, &p, &d), 0);
	assert_int_equal(p.first, ymd(2018, 6, 15));
	assert_int_equal(p.last, ymd(2018, 8, 19));
	const char *bad[] = {"2018-13", "2018-00", "2018-Q5", "2018-W00", "18-07", "",
			     "2018-08-19..2018-06-15", "2018-02-30..2018-03-01", "sommar"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&d, 0, sizeof(d));
		assert_int_equal(period_parse(bad[i], NULL, &p, &d), -1);
		assert_int_equal(d.code, DIAG_EX_USAGE);
		assert_true(strlen(d.msg) > 0);
	}
}

static void test_baselines(void **state)
{
	(void)state;
	struct period p, b;
	struct diag d = {0};
	assert_int_equal(period_parse("2021-W53", NULL, &p, &d), -1);
	assert_int_equal(period_parse("2020-W53", NULL, &p, &d), 0);
	period_previous_year(&p, NULL, &b);
	assert_int_equal(b.first, period_iso_week_start(2019, 52)); /* 2019 has no week 53 */
	assert_int_equal(period_parse("2018-07", NULL, &p, &d), 0);
	assert_int_equal(period_parse_baseline("previous-year", &p, NULL, &b, &d), 0);
	assert_string_equal(b.id, "2017-07");
	assert_int_equal(period_parse_baseline("previous-period", &p, NULL, &b, &d), 0);
	assert_int_equal(b.first, ymd(2018, 5, 31));
	assert_int_equal(b.last, ymd(2018, 6, 30));
	assert_int_equal(period_parse_baseline("none", &p, NULL, &b, &d), 1);
	assert_int_equal(period_parse_baseline("2016-07", &p, NULL, &b, &d), 0);
	assert_string_equal(b.id, "2016-07");
	assert_int_equal(period_parse_baseline("last-year", &p, NULL, &b, &d), -1);
	assert_int_equal(period_parse("2016-02-29..2016-03-31", NULL, &p, &d), 0);
	period_previous_year(&p, NULL, &b);
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

/* agg_suppress_line with flags set beforehand (by hand): one withheld part and a shown sum
 * hide the smallest non-zero other part; a withheld sum counts as the second hidden cell. And
 * agg_order_value: every withheld count sorts as 1. */
static void test_suppress_line_and_order(void **state)
{
	(void)state;
	int64_t v[] = {2, 10, 7, 0, 19};
	unsigned char f[] = {AGG_HIDE_SMALL, AGG_SHOW, AGG_SHOW, AGG_SHOW, AGG_SHOW};
	assert_int_equal(agg_suppress_line(v, f, 5), 1);
	assert_int_equal(f[2], AGG_HIDE_SECONDARY); /* 7, not the 0 and not the sum */
	assert_int_equal(f[1], AGG_SHOW);
	assert_int_equal(f[3], AGG_SHOW);
	assert_int_equal(f[4], AGG_SHOW);
	unsigned char g[] = {AGG_HIDE_SMALL, AGG_SHOW, AGG_SHOW, AGG_SHOW, AGG_HIDE_SECONDARY};
	assert_int_equal(agg_suppress_line(v, g, 5), 0);
	assert_int_equal(g[1] | g[2] | g[3], AGG_SHOW);
	assert_int_equal(agg_order_value(1, AGG_HIDE_SMALL), agg_order_value(2, AGG_HIDE_SMALL));
	assert_int_equal(agg_order_value(40, AGG_HIDE_SECONDARY), 1);
	assert_int_equal(agg_order_value(0, AGG_SHOW), 0);
	assert_int_equal(agg_order_value(3, AGG_SHOW), 3);
}

static void test_suppress_examples(void **state)
{
	(void)state;
	/* 1-D: one small cell and the total → the next smallest non-zero cell goes too */
	int64_t v1[] = {12, 2, 0, 5, 19};
	unsigned char f1[5];
	agg_suppress(v1, 5, 1, 0, 1, 3, f1);
	assert_int_equal(f1[1], AGG_HIDE_SMALL);
	assert_int_equal(f1[3], AGG_HIDE_SECONDARY);
	assert_int_equal(f1[0], AGG_SHOW);
	assert_int_equal(f1[2], AGG_SHOW);
	assert_int_equal(f1[4], AGG_SHOW);
	/* only the small cell is non-zero: the total is hidden with it */
	int64_t v2[] = {0, 2, 0, 2};
	unsigned char f2[4];
	agg_suppress(v2, 4, 1, 0, 1, 3, f2);
	assert_int_equal(f2[1], AGG_HIDE_SMALL);
	assert_int_equal(f2[3], AGG_HIDE_SMALL);
	/* 2-D, 2×2 with margins: one small cell takes its row, column and the opposite cell */
	int64_t v3[] = {1, 10, 11, 20, 30, 50, 21, 40, 61};
	unsigned char f3[9];
	agg_suppress(v3, 3, 3, 1, 1, 3, f3);
	assert_int_equal(f3[0], AGG_HIDE_SMALL);
	assert_int_equal(f3[1], AGG_HIDE_SECONDARY);
	assert_int_equal(f3[3], AGG_HIDE_SECONDARY);
	assert_int_equal(f3[4], AGG_HIDE_SECONDARY);
	assert_int_equal(f3[8], AGG_SHOW);
	char buf[16];
	assert_int_equal(agg_fmt_cell(buf, sizeof(buf), 10, AGG_HIDE_SECONDARY, 3), 1);
	assert_string_equal(buf, "..");
	assert_int_equal(agg_fmt_cell(buf, sizeof(buf), 2, AGG_HIDE_SMALL, 3), 1);
	assert_string_equal(buf, "<3");
	assert_int_equal(agg_fmt_cell(buf, sizeof(buf), 2, AGG_SHOW, 3), 1); /* never a bare 2 */
	assert_string_equal(buf, "<3");
	assert_int_equal(agg_fmt_cell(buf, sizeof(buf), 1234, AGG_SHOW, 3), 0);
}

/* ---- property test ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* Is hidden unknown `target` fixed by the table's equations once the shown cells are known?
 * Equations over the hidden cells only (shown cells move to the right-hand side, which does
 * not matter for uniqueness). x_target is determined iff e_target lies in the row space:
 * rank(A) == rank(A + e_target). Gaussian elimination on small 0/±1 matrices. */
static size_t rank_of(double *a, size_t m, size_t n)
{
	size_t r = 0;
	for (size_t c = 0; c < n && r < m; c++) {
		size_t piv = r;
		for (size_t i = r; i < m; i++)
			if (fabs(a[i * n + c]) > fabs(a[piv * n + c]))
				piv = i;
		if (fabs(a[piv * n + c]) < 1e-9)
			continue;
		for (size_t k = 0; k < n; k++) {
			double tmp = a[r * n + k];
			a[r * n + k] = a[piv * n + k];
			a[piv * n + k] = tmp;
		}
		for (size_t i = 0; i < m; i++) {
			if (i == r || fabs(a[i * n + c]) < 1e-12)
				continue;
			double fct = a[i * n + c] / a[r * n + c];
			for (size_t k = 0; k < n; k++)
				a[i * n + k] -= fct * a[r * n + k];
		}
		r++;
	}
	return r;
}

/* Builds the equations of a rows × cols table with the given margins over the hidden cells
 * and reports the first hidden cell that is determined, or -1. */
static long first_recoverable(const unsigned char *fl, size_t rows, size_t cols, int row_tot,
			      int col_tot)
{
	size_t nh = 0;
	long *idx = malloc(rows * cols * sizeof(long));
	for (size_t i = 0; i < rows * cols; i++)
		idx[i] = fl[i] ? (long)nh++ : -1;
	size_t neq = (row_tot ? rows : 0) + (col_tot ? cols : 0);
	double *a = calloc((neq + 1) * (nh ? nh : 1), sizeof(double));
	double *b = calloc((neq + 1) * (nh ? nh : 1), sizeof(double));
	size_t e = 0;
	for (size_t r = 0; row_tot && r < rows; r++, e++)
		for (size_t c = 0; c < cols; c++)
			if (idx[r * cols + c] >= 0)
				a[e * nh + (size_t)idx[r * cols + c]] = c + 1 == cols ? -1 : 1;
	for (size_t c = 0; col_tot && c < cols; c++, e++)
		for (size_t r = 0; r < rows; r++)
			if (idx[r * cols + c] >= 0)
				a[e * nh + (size_t)idx[r * cols + c]] = r + 1 == rows ? -1 : 1;
	long found = -1;
	if (nh) {
		memcpy(b, a, neq * nh * sizeof(double));
		size_t base_rank = rank_of(b, neq, nh);
		for (size_t i = 0; i < rows * cols && found < 0; i++) {
			if (idx[i] < 0)
				continue;
			memcpy(b, a, neq * nh * sizeof(double));
			memset(b + neq * nh, 0, nh * sizeof(double));
			b[neq * nh + (size_t)idx[i]] = 1;
			if (rank_of(b, neq + 1, nh) == base_rank)
				found = (long)i;
		}
	}
	free(idx);
	free(a);
	free(b);
	return found;
}

static void test_suppress_property(void **state)
{
	(void)state;
	int checked = 0, with_secondary = 0;
	for (int iter = 0; iter < 3000; iter++) {
		int th = 2 + (int)rnd(5); /* thresholds 2 … 6 */
		int two_d = rnd(2);
		size_t nr = 1 + rnd(two_d ? 6 : 10), nc = two_d ? 1 + rnd(6) : 1;
		size_t rows = nr + 1, cols = two_d ? nc + 1 : 1;
		int64_t *v = calloc(rows * cols, sizeof(*v));
		unsigned char *fl = calloc(rows * cols, 1);
		/* sparse small counts, as in a small municipality */
		for (size_t r = 0; r < nr; r++)
			for (size_t c = 0; c < nc; c++) {
				uint32_t kind = rnd(4);
				int64_t x = kind == 0 ? 0 : kind == 1 ? 1 + rnd(3) : rnd(40);
				v[r * cols + c] = x;
				if (two_d) {
					v[r * cols + nc] += x;
					v[nr * cols + c] += x;
				}
				v[nr * cols + (two_d ? nc : 0)] += x;
			}
		agg_suppress(v, rows, cols, two_d, 1, th, fl);
		for (size_t i = 0; i < rows * cols; i++) {
			/* no published count lies in 1 … th−1, whatever the flags say */
			char buf[32];
			int hidden = agg_fmt_cell(buf, sizeof(buf), v[i], fl[i], th);
			if (!hidden && v[i] >= 1 && v[i] < th)
				fail_msg("iteration %d: count %lld published with threshold %d", iter,
					 (long long)v[i], th);
			if (hidden && fl[i] == AGG_SHOW)
				fail_msg("iteration %d: small cell without a flag", iter);
			if (fl[i] == AGG_HIDE_SECONDARY)
				with_secondary = 1;
		}
		long rec = first_recoverable(fl, rows, cols, two_d, 1);
		if (rec >= 0)
			fail_msg("iteration %d (%zux%zu, threshold %d): hidden cell %ld can be worked "
				 "out from the published totals", iter, rows, cols, th, rec);
		checked++;
		free(v);
		free(fl);
	}
	assert_int_equal(checked, 3000);
	assert_true(with_secondary); /* the generator does exercise secondary suppression */
}

/* The oracle itself must see a recoverable cell where there is one, or the property test
 * could never fail. */
static void test_recoverable_oracle(void **state)
{
	(void)state;
	unsigned char one[] = {1, 0, 0, 0}; /* 1-D: one hidden cell plus a shown total */
	assert_int_equal(first_recoverable(one, 4, 1, 0, 1), 0);
	unsigned char two[] = {1, 1, 0, 0};
	assert_int_equal(first_recoverable(two, 4, 1, 0, 1), -1);
	/* 2-D 4×4 with margins: two 2×2 cycles joined by a bridge (0,2) */
	unsigned char br[25] = {0};
	size_t cells[][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}, {0, 2}};
	for (size_t i = 0; i < 9; i++)
		br[cells[i][0] * 5 + cells[i][1]] = 1;
	assert_int_equal(first_recoverable(br, 5, 5, 1, 1), 2);
	/* agg_suppress mends the bridge */
	int64_t v[25] = {0};
	for (size_t r = 0; r < 4; r++)
		for (size_t c = 0; c < 4; c++) {
			int64_t x = br[r * 5 + c] ? 1 : 20 + (int64_t)(r * 4 + c);
			v[r * 5 + c] = x, v[r * 5 + 4] += x, v[4 * 5 + c] += x, v[24] += x;
		}
	unsigned char fl[25];
	agg_suppress(v, 5, 5, 1, 1, 3, fl);
	assert_int_equal(first_recoverable(fl, 5, 5, 1, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_weeks),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_baselines),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_period_table),
		cmocka_unit_test(test_season_dates),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_suppress_examples),
		cmocka_unit_test(test_suppress_line_and_order),
		cmocka_unit_test(test_recoverable_oracle),
		cmocka_unit_test(test_suppress_property),
	};
	return cmocka_run_group_tests_name("aggregate", tests, NULL, NULL);
}
