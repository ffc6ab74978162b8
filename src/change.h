/* change.h - is a change between two counts larger than chance would explain? An exact
 * conditional test for two Poisson counts (the current count given the total is binomial),
 * adjusted for unequal exposure (period lengths, populations), an exact (Clopper–Pearson)
 * confidence interval for the rate ratio, a verdict, and the words a report uses for it.
 * The method and the no-claim rule: doc/aggregates.md, "Changes told honestly".
 *
 * Ownership: nothing is allocated; the phrases are static strings. */
#ifndef TRYGG_CHANGE_H
#define TRYGG_CHANGE_H

#include <stdint.h>

/* Significance level of the verdict, and 1 − the confidence of the interval (95 %). */
#define CHANGE_ALPHA 0.05
/* No claim when the two counts together are fewer than this: even all of them on one side
 * of equal exposures could not be told from chance (2 · 0.5^4 = 0.125 > 0.05). */
#define CHANGE_MIN_TOTAL 5

enum change_verdict {
	CHANGE_NO_CLAIM, /* a count is withheld, or too few to say anything */
	CHANGE_CHANCE,   /* the change could be chance */
	CHANGE_DECREASE, /* a clear decrease */
	CHANGE_INCREASE, /* a clear increase */
};

struct change_result {
	enum change_verdict verdict;
	/* Filled unless verdict is CHANGE_NO_CLAIM because a count is withheld. ratio is the
	 * rate ratio (current rate / baseline rate): (cur / e_cur) / (base / e_base); ratio_hi
	 * is INFINITY when base is 0, ratio is NAN when both are 0. p is the two-sided
	 * ("doubled one-sided", central) p-value of rate ratio = 1; it is below CHANGE_ALPHA
	 * exactly when the interval [ratio_lo, ratio_hi] leaves out 1. */
	int computed;
	double ratio, ratio_lo, ratio_hi;
	double p;
	double p_null; /* the binomial proportion under no change: e_cur / (e_cur + e_base) */
};

/* Compares count cur (exposure e_cur) with count base (exposure e_base). Exposures are any
 * positive measure of opportunity in the same unit: days × inhabitants, or days alone when
 * the population is the same or unknown. withheld: either count is hidden by the
 * small-count rule (it is never used then). Returns 0, or -1 for invalid arguments (a
 * negative count, an exposure that is not positive and finite); r is filled either way. */
int change_test(int64_t cur, int64_t base, double e_cur, double e_base, int withheld,
		struct change_result *r);

/* No claim either when the figures do not cover both periods whole (official statistics
 * with some months missing). */
#define CHANGE_INCOMPLETE_SV "siffrorna täcker inte hela perioden"
#define CHANGE_INCOMPLETE_EN "the figures do not cover the whole period"

/* "no-claim", "chance", "decrease", "increase": the JSON value. */
const char *change_verdict_name(enum change_verdict v);

/* The words for a verdict, for sentences: lang "sv" or "en" (anything else is "sv").
 * phrase: a noun phrase or clause that completes "Det är …" / "It is …" for decrease and
 * increase ("en tydlig minskning", "a clear decrease"), and a whole clause for chance and
 * no claim ("förändringen kan bero på slumpen", "the change could be chance"). */
const char *change_phrase(enum change_verdict v, const char *lang);

/* The short words for a verdict, for a table cell: "tydlig minskning", "kan bero på
 * slumpen", "inget påstående" / "clear decrease", "could be chance", "no claim". */
const char *change_short(enum change_verdict v, const char *lang);

/* Building blocks, exposed for tests: log of the binomial probability P(X = k), X ~
 * Bin(n, p); the regularized incomplete beta function I_x(a, b); P(X <= k); and the
 * Clopper–Pearson interval for the proportion k/n at confidence 1 − alpha. */
double change_binom_logpmf(int64_t k, int64_t n, double p);
double change_incbeta(double a, double b, double x);
double change_binom_cdf(int64_t k, int64_t n, double p);
void change_clopper_pearson(int64_t k, int64_t n, double alpha, double *lo, double *hi);

#endif
