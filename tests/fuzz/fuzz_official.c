/* fuzz_official.c - libFuzzer target for the official-statistics value parsers (a year such
 * as "2026 prel." and a month such as "Aug": input = year, a newline, month) and for the
 * change test on counts and exposures taken from the input's bytes: never a crash or a hang,
 * and the results keep their invariants (a p-value in [0, 1], the ratio inside its interval,
 * the verdict agreeing with the interval). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "fuzz_util.h"
#include "normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_change(const uint8_t *data, size_t size)
{
	if (size < 8)
		return;
	/* counts up to 2^20, exposures 1..65536 */
	int64_t cur = (int64_t)(data[0] | data[1] << 8 | (data[2] & 0x0F) << 16);
	int64_t base = (int64_t)(data[3] | data[4] << 8 | (data[5] & 0x0F) << 16);
	double ec = 1 + (double)(data[6] << 8 | data[7]);
	double eb = 1 + (double)(size > 8 ? data[8] << 8 | (size > 9 ? data[9] : 0) : 17);
	struct change_result r;
	if (change_test(cur, base, ec, eb, 0, &r) != 0 || !r.computed)
		abort();
	if (!(r.p >= 0 && r.p <= 1))
		abort();
	if (!(r.ratio_lo >= 0 && r.ratio_lo <= r.ratio_hi))
		abort();
	if (cur + base > 0 && !(r.ratio >= r.ratio_lo * (1 - 1e-9) && r.ratio <= r.ratio_hi * (1 + 1e-9)))
		abort();
	if ((r.verdict == CHANGE_DECREASE && !(r.ratio_hi < 1 + 1e-9)) ||
	    (r.verdict == CHANGE_INCREASE && !(r.ratio_lo > 1 - 1e-9)))
		abort();
	if (cur + base < CHANGE_MIN_TOTAL && r.verdict != CHANGE_NO_CLAIM)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char *month_s = strchr(s, '\n');
	if (month_s)
		*month_s++ = '\0';
	int year, prel, month;
	const char *why;
	if (norm_parse_stat_year(s, &year, &prel, &why) == 0) {
		if (year < 1900 || year > 2999 || (prel != 0 && prel != 1))
			abort();
	} else if (!why || !*why) {
		abort();
	}
	if (month_s && norm_parse_month(month_s, &month, &why) == 0 && (month < 1 || month > 12))
		abort();
	free(s);
	check_change(data, size);
	return 0;
}
