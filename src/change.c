/* change.c - the exact test and interval for a change between two counts (change.h), with
 * the binomial distribution and the regularized incomplete beta function from log-gamma:
 * no numerical library needed, and the results are checked against scipy by
 * tests/golden/change.sh. */
#include "change.h"

#include <math.h>
#include <string.h>

double change_binom_logpmf(int64_t k, int64_t n, double p)
{
	if (k < 0 || k > n)
		return -INFINITY;
	if (p <= 0)
		return k == 0 ? 0 : -INFINITY;
	if (p >= 1)
		return k == n ? 0 : -INFINITY;
	double kk = (double)k, nn = (double)n;
	return lgamma(nn + 1) - lgamma(kk + 1) - lgamma(nn - kk + 1) + kk * log(p) +
	       (nn - kk) * log1p(-p);
}

/* One step of the modified Lentz method: updates c and d with coefficient aa and returns
 * the factor the fraction's value is multiplied by. */
static double lentz_step(double aa, double *c, double *d)
{
	const double tiny = 1e-300;
	*d = 1 + aa * *d;
	if (fabs(*d) < tiny)
		*d = tiny;
	*c = 1 + aa / *c;
	if (fabs(*c) < tiny)
		*c = tiny;
	*d = 1 / *d;
	return *d * *c;
}

/* The continued fraction of I_x(a, b) (modified Lentz), converging fast for
 * x < (a + 1) / (a + b + 2); the number of steps grows like sqrt(max(a, b)). */
static double betacf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < 1e-300)
		d = 1e-300;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 1000000; m++) {
		double m2 = 2.0 * m;
		h *= lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), &c, &d);
		double del = lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), &c, &d);
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	return h;
}

double change_incbeta(double a, double b, double x)
{
	if (!(x > 0))
		return 0;
	if (!(x < 1))
		return 1;
	double lfront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
	/* the fraction converges on the side of the mean; the other side by symmetry. Small
	 * results come from the direct side, so they keep their relative precision. */
	if (x < (a + 1) / (a + b + 2))
		return exp(lfront) * betacf(a, b, x) / a;
	return 1 - exp(lfront) * betacf(b, a, 1 - x) / b;
}

double change_binom_cdf(int64_t k, int64_t n, double p)
{
	if (k < 0)
		return 0;
	if (k >= n)
		return 1;
	/* P(X <= k) = I_{1-p}(n - k, k + 1) */
	return change_incbeta((double)(n - k), (double)(k + 1), 1 - p);
}

/* P(X >= k) = I_p(k, n - k + 1), for 1 <= k <= n. */
static double binom_sf_incl(int64_t k, int64_t n, double p)
{
	if (k <= 0)
		return 1;
	if (k > n)
		return 0;
	return change_incbeta((double)k, (double)(n - k + 1), p);
}

/* x with I_x(a, b) = target, by bisection: I_x is increasing in x. Runs until the interval
 * cannot be halved any more in double precision. */
static double incbeta_inv(double a, double b, double target)
{
	double lo = 0, hi = 1;
	for (int i = 0; i < 2000; i++) {
		double mid = lo + (hi - lo) / 2;
		if (mid <= lo || mid >= hi)
			break;
		if (change_incbeta(a, b, mid) < target)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

void change_clopper_pearson(int64_t k, int64_t n, double alpha, double *lo, double *hi)
{
	double kk = (double)k, nn = (double)n;
	*lo = k <= 0 ? 0 : incbeta_inv(kk, nn - kk + 1, alpha / 2);
	*hi = k >= n ? 1 : incbeta_inv(kk + 1, nn - kk, 1 - alpha / 2);
}

/* The rate ratio for a proportion q of the total on the current side. */
static double ratio_of(double q, double e_cur, double e_base)
{
	if (q >= 1)
		return INFINITY;
	return q / (1 - q) * (e_base / e_cur);
}

int change_test(int64_t cur, int64_t base, double e_cur, double e_base, int withheld,
		struct change_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = CHANGE_NO_CLAIM;
	r->ratio = r->ratio_lo = r->ratio_hi = r->p = r->p_null = NAN;
	if (cur < 0 || base < 0 || !(e_cur > 0) || !(e_base > 0) || !isfinite(e_cur) ||
	    !isfinite(e_base))
		return -1;
	if (withheld)
		return 0;
	int64_t n = cur + base;
	double q0 = e_cur / (e_cur + e_base);
	r->computed = 1;
	r->p_null = q0;
	if (n == 0) {
		r->p = 1;
		r->ratio_lo = 0;
		r->ratio_hi = INFINITY;
		return 0;
	}
	r->ratio = base == 0 ? INFINITY : ((double)cur / e_cur) / ((double)base / e_base);
	double plo, phi;
	change_clopper_pearson(cur, n, CHANGE_ALPHA, &plo, &phi);
	r->ratio_lo = ratio_of(plo, e_cur, e_base);
	r->ratio_hi = ratio_of(phi, e_cur, e_base);
	double lower = change_binom_cdf(cur, n, q0), upper = binom_sf_incl(cur, n, q0);
	double p = 2 * (lower < upper ? lower : upper);
	r->p = p > 1 ? 1 : p;
	if (n < CHANGE_MIN_TOTAL)
		return 0;
	if (r->p < CHANGE_ALPHA)
		r->verdict = (double)cur / e_cur < (double)base / e_base ? CHANGE_DECREASE
									 : CHANGE_INCREASE;
	else
		r->verdict = CHANGE_CHANCE;
	return 0;
}

const char *change_verdict_name(enum change_verdict v)
{
	switch (v) {
	case CHANGE_CHANCE: return "chance";
	case CHANGE_DECREASE: return "decrease";
	case CHANGE_INCREASE: return "increase";
	case CHANGE_NO_CLAIM: break;
	}
	return "no-claim";
}

const char *change_phrase(enum change_verdict v, const char *lang)
{
	static const char *const sv[] = {
		[CHANGE_NO_CLAIM] = "för få fall för att säga något om förändringen",
		[CHANGE_CHANCE] = "förändringen kan bero på slumpen",
		[CHANGE_DECREASE] = "en tydlig minskning",
		[CHANGE_INCREASE] = "en tydlig ökning",
	};
	static const char *const en[] = {
		[CHANGE_NO_CLAIM] = "too few cases to say anything about the change",
		[CHANGE_CHANCE] = "the change could be chance",
		[CHANGE_DECREASE] = "a clear decrease",
		[CHANGE_INCREASE] = "a clear increase",
	};
	if ((unsigned)v > CHANGE_INCREASE)
		v = CHANGE_NO_CLAIM;
	return lang && strcmp(lang, "en") == 0 ? en[v] : sv[v];
}

const char *change_short(enum change_verdict v, const char *lang)
{
	static const char *const sv[] = {
		[CHANGE_NO_CLAIM] = "inget påstående",
		[CHANGE_CHANCE] = "kan bero på slumpen",
		[CHANGE_DECREASE] = "tydlig minskning",
		[CHANGE_INCREASE] = "tydlig ökning",
	};
	static const char *const en[] = {
		[CHANGE_NO_CLAIM] = "no claim",
		[CHANGE_CHANCE] = "could be chance",
		[CHANGE_DECREASE] = "clear decrease",
		[CHANGE_INCREASE] = "clear increase",
	};
	if ((unsigned)v > CHANGE_INCREASE)
		v = CHANGE_NO_CLAIM;
	return lang && strcmp(lang, "en") == 0 ? en[v] : sv[v];
}
