/* change_table.c - prints change_test()'s results for a table of cases, so that
 * tests/golden/change.sh can compare them with an independent implementation (scipy).
 * Input lines: "cur base e_cur e_base" (# starts a comment); output one line per case:
 * "cur base e_cur e_base verdict p ratio ratio_lo ratio_hi" with %.17g numbers. */
#include <stdio.h>
#include <stdlib.h>

#include "change.h"

int main(void)
{
	char line[512];
	while (fgets(line, sizeof(line), stdin)) {
		long long cur, base;
		double ec, eb;
		if (line[0] == '#' || sscanf(line, "%lld %lld %lf %lf", &cur, &base, &ec, &eb) != 4)
			continue;
		struct change_result r;
		if (change_test(cur, base, ec, eb, 0, &r) < 0) {
			printf("%lld %lld %.17g %.17g invalid\n", cur, base, ec, eb);
			continue;
		}
		printf("%lld %lld %.17g %.17g %s %.17g %.17g %.17g %.17g\n", cur, base, ec, eb,
		       change_verdict_name(r.verdict), r.p, r.ratio, r.ratio_lo, r.ratio_hi);
	}
	return ferror(stdout) ? 1 : 0;
}
