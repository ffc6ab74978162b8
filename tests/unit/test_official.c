/* test_official.c - official statistics (Brå) grouped over a period and its baseline: which
 * figures a period uses (yearly when they cover it, else monthly), completeness, the
 * preliminary mark, small counts hidden, the category filter, both row orders, the change
 * verdict, and an empty store (no rows, no crash). Expected values are worked out by hand
 * from the figures below. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "official.h"

static struct cfg_population pop_bjuv[] = {{2017, 15000}, {2018, 15000}};
static struct cfg_category cats[] = {{.id = "skadegorelse", .label_sv = "Skadegörelse"}};
static struct cfg_area areas[] = {
	{.role = CFG_AREA_MUNICIPALITY, .code = "1260", .name = "Bjuv",
	 .population = pop_bjuv, .n_population = 2},
	{.role = CFG_AREA_COUNTY, .code = "12", .name = "Skåne län"},
	{.role = CFG_AREA_COUNTRY, .name = "Hela landet"},
};
static struct cfg_crime_type crimes[] = {{.name = "Skadegörelse", .category = 0}};

static void hand_config(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->small_count_threshold = 3;
	cfg->min_baseline_for_percent = 10;
	cfg->categories = cats, cfg->n_categories = 1;
	cfg->areas = areas, cfg->n_areas = 3;
	cfg->crime_types = crimes, cfg->n_crime_types = 1;
}

static struct period range(int y1, int m1, int d1, int y2, int m2, int d2)
{
	struct period p = {.kind = PERIOD_RANGE, .year = y1};
	p.first = rec_day_from_ymd(y1, m1, d1);
	p.last = rec_day_from_ymd(y2, m2, d2);
	return p;
}

static void fig(struct rec_store *s, const char *area, const char *crime, int year, int month,
		int64_t count, int64_t rate_x100, int prel)
{
	struct official o = {.area = rec_intern(s, area), .crime = rec_intern(s, crime),
			     .year = (int16_t)year, .month = (uint8_t)month,
			     .flags = prel ? REC_OFF_PRELIMINARY : 0, .count = count,
			     .rate_x100 = rate_x100};
	rec_add_official(s, &o);
}

/* Summer = June-August (92 days).
 * Bjuv, Skadegörelse: 2018 monthly 3 + 2 + 2 = 7 (preliminary, rates 20,00 + 13,33 + 13,33 =
 *   46,66), a yearly 2018 figure of 30 that a summer does not use; 2017 monthly 14 + 13 + 13
 *   = 40. 15 000 inhabitants both years: 40 → 7 on equal exposure is a clear decrease
 *   (P(X <= 7 | n = 47, p = 1/2) is about 1e-6).
 * Skåne län, Skadegörelse: 2018 June and July only (100 + 110, incomplete), 2017 all three
 *   months (300): no claim.
 * Malmö (not configured), Skadegörelse: 2 in July 2018 (hidden, < 3), nothing in 2017.
 * Bjuv, Stöld (mapped to no category): 5 in July 2018.
 * Hela landet, Skadegörelse: only a yearly 2018 figure (1 000): no row for a summer.
 * Bjuv, Skadegörelse, June 2016: outside both periods. */
static struct rec_store *summer_store(void)
{
	struct rec_store *s = rec_store_new();
	rec_add_source(s, "bra.txt", "csv");
	fig(s, "1260 Bjuv", "Skadegörelse", 2018, 6, 3, 2000, 1);
	fig(s, "1260 Bjuv", "Skadegörelse", 2018, 7, 2, 1333, 1);
	fig(s, "1260 Bjuv", "Skadegörelse", 2018, 8, 2, 1333, 1);
	fig(s, "1260 Bjuv", "Skadegörelse", 2018, 0, 30, 20000, 1);
	fig(s, "1260 Bjuv", "Skadegörelse", 2017, 6, 14, 9333, 0);
	fig(s, "1260 Bjuv", "Skadegörelse", 2017, 7, 13, 8667, 0);
	fig(s, "1260 Bjuv", "Skadegörelse", 2017, 8, 13, 8667, 0);
	fig(s, "12 Skåne län", "Skadegörelse", 2018, 6, 100, -1, 0);
	fig(s, "12 Skåne län", "Skadegörelse", 2018, 7, 110, -1, 0);
	fig(s, "12 Skåne län", "Skadegörelse", 2017, 6, 100, -1, 0);
	fig(s, "12 Skåne län", "Skadegörelse", 2017, 7, 100, -1, 0);
	fig(s, "12 Skåne län", "Skadegörelse", 2017, 8, 100, -1, 0);
	fig(s, "Malmö", "Skadegörelse", 2018, 7, 2, 600, 0);
	fig(s, "1260 Bjuv", "Stöld", 2018, 7, 5, 3333, 0);
	fig(s, "Hela landet", "Skadegörelse", 2018, 0, 1000, 1000, 0);
	fig(s, "1260 Bjuv", "Skadegörelse", 2016, 6, 99, 66000, 0);
	return s;
}

static void test_empty_store(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	struct rec_store *s = rec_store_new();
	struct period cur = range(2018, 6, 1, 2018, 8, 31), base = range(2017, 6, 1, 2017, 8, 31);
	struct off_table *t = off_table_by(s, &cfg, &cur, &base, -1, OFF_BY_CRIME_AREA);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 0);
	off_table_free(t);
	rec_store_free(s);
}

static void test_summer_by_crime(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	struct rec_store *s = summer_store();
	struct period cur = range(2018, 6, 1, 2018, 8, 31), base = range(2017, 6, 1, 2017, 8, 31);
	struct off_table *t = off_table_by(s, &cfg, &cur, &base, -1, OFF_BY_CRIME_AREA);
	assert_int_equal(t->n_rows, 4);
	/* Skadegörelse before Stöld; municipality, county, then areas not configured */
	const struct off_row *bj = &t->rows[0], *sk = &t->rows[1], *ma = &t->rows[2];
	assert_string_equal(bj->area_name, "1260 Bjuv");
	assert_int_equal(bj->area, 0);
	assert_int_equal(bj->category, 0);
	assert_int_equal(bj->cur.count, 7);
	assert_int_equal(bj->cur.n_figures, 3);
	assert_int_equal(bj->cur.rate_x100, 4666);
	assert_true(bj->cur.complete);
	assert_true(bj->cur.preliminary);
	assert_int_equal(bj->cur.flag, AGG_SHOW);
	assert_int_equal(bj->base.count, 40);
	assert_false(bj->base.preliminary);
	assert_true(bj->base.complete);
	assert_int_equal(bj->change.verdict, CHANGE_DECREASE);
	assert_true(bj->change.p < 1e-4);
	assert_true(fabs(bj->change.ratio - 7.0 / 40.0) < 1e-9);
	assert_true(fabs(bj->exposure_cur - 92.0 * 15000) < 1e-6);

	assert_string_equal(sk->area_name, "12 Skåne län");
	assert_int_equal(sk->area, 1);
	assert_int_equal(sk->cur.count, 210);
	assert_false(sk->cur.complete);
	assert_int_equal(sk->cur.rate_x100, -1);
	assert_int_equal(sk->base.count, 300);
	assert_int_equal(sk->change.verdict, CHANGE_NO_CLAIM);

	assert_string_equal(ma->area_name, "Malmö");
	assert_int_equal(ma->area, -1);
	assert_int_equal(ma->cur.count, 2);
	assert_int_equal(ma->cur.flag, AGG_HIDE_SMALL);
	assert_int_equal(ma->base.n_figures, 0);
	assert_int_equal(ma->change.verdict, CHANGE_NO_CLAIM);

	assert_string_equal(t->rows[3].crime_name, "Stöld");
	assert_int_equal(t->rows[3].category, -1);
	assert_int_equal(t->rows[3].cur.count, 5);
	off_table_free(t);

	/* the category filter drops the crime type the configuration does not map */
	t = off_table_by(s, &cfg, &cur, &base, 0, OFF_BY_AREA_CRIME);
	assert_int_equal(t->n_rows, 3);
	for (size_t i = 0; i < t->n_rows; i++)
		assert_string_equal(t->rows[i].crime_name, "Skadegörelse");
	off_table_free(t);
	rec_store_free(s);
}

static void test_area_order_and_year(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	struct rec_store *s = summer_store();
	struct period cur = range(2018, 1, 1, 2018, 12, 31);
	struct off_table *t = off_table_by(s, &cfg, &cur, NULL, -1, OFF_BY_AREA_CRIME);
	/* Bjuv Skadegörelse, Bjuv Stöld, Skåne län, Hela landet, Malmö */
	assert_int_equal(t->n_rows, 5);
	assert_string_equal(t->rows[0].crime_name, "Skadegörelse");
	assert_int_equal(t->rows[0].area, 0);
	/* the yearly figure covers the year: it is used, not the three months */
	assert_int_equal(t->rows[0].cur.count, 30);
	assert_int_equal(t->rows[0].cur.n_figures, 1);
	assert_true(t->rows[0].cur.complete);
	assert_string_equal(t->rows[1].crime_name, "Stöld");
	assert_int_equal(t->rows[1].area, 0);
	/* monthly figures for two months of a year: counted, but incomplete */
	assert_int_equal(t->rows[2].area, 1);
	assert_int_equal(t->rows[2].cur.count, 210);
	assert_false(t->rows[2].cur.complete);
	assert_int_equal(t->rows[3].area, 2);
	assert_int_equal(t->rows[3].cur.count, 1000);
	assert_int_equal(t->rows[4].area, -1);
	/* no baseline: no test made */
	for (size_t i = 0; i < t->n_rows; i++)
		assert_int_equal(t->rows[i].change.verdict, CHANGE_NO_CLAIM);
	off_table_free(t);

	/* two years, a yearly figure for one of them only: the yearly figures do not cover the
	 * period, so the monthly ones are used (2017: 40, 2018: 7), incomplete */
	struct period two = range(2017, 1, 1, 2018, 12, 31);
	t = off_table_by(s, &cfg, &two, NULL, 0, OFF_BY_AREA_CRIME);
	assert_string_equal(t->rows[0].area_name, "1260 Bjuv");
	assert_int_equal(t->rows[0].cur.count, 47);
	assert_int_equal(t->rows[0].cur.n_figures, 6);
	assert_false(t->rows[0].cur.complete);
	off_table_free(t);
	rec_store_free(s);
}

static void test_order_parse_and_exposure(void **state)
{
	(void)state;
	assert_int_equal(off_order_parse("crime-type,area"), OFF_BY_CRIME_AREA);
	assert_int_equal(off_order_parse("crime-type"), OFF_BY_CRIME_AREA);
	assert_int_equal(off_order_parse("area,crime-type"), OFF_BY_AREA_CRIME);
	assert_int_equal(off_order_parse("area"), OFF_BY_AREA_CRIME);
	assert_int_equal(off_order_parse("category"), -1);
	assert_int_equal(off_order_parse(""), -1);
	struct period jul = range(2018, 7, 1, 2018, 7, 31);
	assert_true(off_exposure(&jul, 0) == 31.0);
	assert_true(off_exposure(&jul, 1000) == 31000.0);
	off_table_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_store),
		cmocka_unit_test(test_summer_by_crime),
		cmocka_unit_test(test_area_order_and_year),
		cmocka_unit_test(test_order_parse_and_exposure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
