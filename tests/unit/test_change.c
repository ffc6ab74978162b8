/* test_change.c - the significance module: the binomial and incomplete beta building blocks
 * against values worked out by hand, the verdicts and the no-claim rule. (The full table
 * against scipy is tests/golden/change.sh.) */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "change.h"

static void test_building_blocks(void **state)
{
	(void)state;
	/* P(X = 2), X ~ Bin(4, 0.5) = 6/16 */
	assert_true(fabs(exp(change_binom_logpmf(2, 4, 0.5)) - 0.375) < 1e-14);
	assert_true(change_binom_logpmf(5, 4, 0.5) == -INFINITY);
	/* P(X <= 4), X ~ Bin(14, 0.5) = (1 + 14 + 91 + 364 + 1001) / 2^14 = 1471/16384 */
	assert_true(fabs(change_binom_cdf(4, 14, 0.5) - 1471.0 / 16384) < 1e-14);
	assert_true(change_binom_cdf(14, 14, 0.5) == 1);
	assert_true(change_binom_cdf(-1, 14, 0.5) == 0);
	/* I_x(1, 1) = x; I_x(2, 1) = x^2; I_x(a, b) = 1 − I_{1−x}(b, a) */
	assert_true(fabs(change_incbeta(1, 1, 0.3) - 0.3) < 1e-14);
	assert_true(fabs(change_incbeta(2, 1, 0.3) - 0.09) < 1e-14);
	assert_true(fabs(change_incbeta(7, 41, 0.2) + change_incbeta(41, 7, 0.8) - 1) < 1e-13);
	/* Clopper–Pearson for 0 of n: [0, 1 − (α/2)^(1/n)]; for n of n: [(α/2)^(1/n), 1] */
	double lo, hi;
	change_clopper_pearson(0, 10, 0.05, &lo, &hi);
	assert_true(lo == 0);
	assert_true(fabs(hi - (1 - pow(0.025, 0.1))) < 1e-12);
	change_clopper_pearson(10, 10, 0.05, &lo, &hi);
	assert_true(fabs(lo - pow(0.025, 0.1)) < 1e-12);
	assert_true(hi == 1);
}

static void test_verdicts(void **state)
{
	(void)state;
	struct change_result r;
	/* 40 → 7 in equal summers: p = 2 · P(X <= 7 | 47, 0.5), far below 0.05 */
	assert_int_equal(change_test(7, 40, 92, 92, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_DECREASE);
	assert_true(fabs(r.ratio - 7.0 / 40) < 1e-15);
	assert_true(r.ratio_lo < r.ratio && r.ratio < r.ratio_hi && r.ratio_hi < 1);
	/* 10 → 4: p = 2 · 1471/16384 = 0.1796 */
	assert_int_equal(change_test(4, 10, 1, 1, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_CHANCE);
	assert_true(fabs(r.p - 2 * 1471.0 / 16384) < 1e-12);
	assert_true(r.ratio_lo < 1 && r.ratio_hi > 1);
	/* an increase, and exposure: the same count in a period half as long is a doubled rate */
	assert_int_equal(change_test(40, 10, 1, 1, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_INCREASE);
	assert_int_equal(change_test(50, 50, 1, 2, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_INCREASE);
	assert_true(fabs(r.ratio - 2) < 1e-15);
	assert_true(fabs(r.p_null - 1.0 / 3) < 1e-15);
	/* 6 → 0 is the smallest all-on-one-side split that is clear: p = 2 · 0.5^6 */
	assert_int_equal(change_test(0, 6, 1, 1, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_DECREASE);
	assert_true(fabs(r.p - 2 * pow(0.5, 6)) < 1e-14);
	assert_true(r.ratio == 0 && r.ratio_lo == 0);
	/* 0 → 1: the ratio is infinite, the interval open above */
	assert_int_equal(change_test(1, 0, 1, 1, 0, &r), 0);
	assert_true(isinf(r.ratio) && isinf(r.ratio_hi));
}

static void test_no_claim(void **state)
{
	(void)state;
	struct change_result r;
	/* too few: 3 → 0, 0 → 0, 4 → 0 even with very unequal exposure */
	assert_int_equal(change_test(0, 3, 1, 1, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_NO_CLAIM);
	assert_int_equal(r.computed, 1);
	assert_int_equal(change_test(0, 0, 1, 1, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_NO_CLAIM);
	assert_true(r.p == 1);
	assert_int_equal(change_test(4, 0, 1, 100, 0, &r), 0);
	assert_int_equal(r.verdict, CHANGE_NO_CLAIM);
	assert_true(r.p < CHANGE_ALPHA); /* computed, but no claim is made on four cases */
	/* withheld: nothing is computed from the hidden count */
	assert_int_equal(change_test(2, 88, 1, 1, 1, &r), 0);
	assert_int_equal(r.verdict, CHANGE_NO_CLAIM);
	assert_int_equal(r.computed, 0);
	assert_true(isnan(r.p));
	/* invalid arguments */
	assert_int_equal(change_test(-1, 3, 1, 1, 0, &r), -1);
	assert_int_equal(change_test(1, 3, 0, 1, 0, &r), -1);
	assert_int_equal(change_test(1, 3, 1, NAN, 0, &r), -1);
	assert_int_equal(change_test(1, 3, INFINITY, 1, 0, &r), -1);
}

static void test_words(void **state)
{
	(void)state;
	assert_string_equal(change_phrase(CHANGE_DECREASE, "sv"), "en tydlig minskning");
	assert_string_equal(change_phrase(CHANGE_INCREASE, "sv"), "en tydlig ökning");
	assert_string_equal(change_phrase(CHANGE_CHANCE, "sv"), "förändringen kan bero på slumpen");
	assert_string_equal(change_phrase(CHANGE_DECREASE, "en"), "a clear decrease");
	assert_string_equal(change_phrase(CHANGE_CHANCE, "en"), "the change could be chance");
	assert_string_equal(change_phrase(CHANGE_NO_CLAIM, NULL),
			    "för få fall för att säga något om förändringen");
	assert_string_equal(change_verdict_name(CHANGE_NO_CLAIM), "no-claim");
	assert_string_equal(change_verdict_name(CHANGE_INCREASE), "increase");
	/* the short words of a table cell */
	assert_string_equal(change_short(CHANGE_DECREASE, "sv"), "tydlig minskning");
	assert_string_equal(change_short(CHANGE_CHANCE, "sv"), "kan bero på slumpen");
	assert_string_equal(change_short(CHANGE_NO_CLAIM, NULL), "inget påstående");
	assert_string_equal(change_short(CHANGE_INCREASE, "en"), "clear increase");
	assert_string_equal(change_short(CHANGE_CHANCE, "en"), "could be chance");
	assert_string_equal(change_short((enum change_verdict)9, "en"), "no claim");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_building_blocks),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_no_claim),
		cmocka_unit_test(test_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
