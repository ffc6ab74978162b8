/* fuzz_values.c - libFuzzer target for the value parsers: dates in every profile format,
 * times, money, hours, counts and personal-number redaction. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rec_day day;
	int minute;
	int64_t v;
	const char *why;
	for (int f = PROF_DATE_ISO; f <= PROF_DATE_YEAR; f++)
		if (norm_parse_date(s, (enum prof_date)f, &day, &minute, &why) == 0) {
			/* an accepted date is a real calendar day and a valid minute */
			int y, m, d;
			rec_day_to_ymd(day, &y, &m, &d);
			if (!rec_valid_ymd(y, m, d) && f != PROF_DATE_EXCEL)
				abort();
			if (minute < -1 || minute >= 1440)
				abort();
		}
	if (norm_parse_time(s, &minute, &why) == 0 && (minute < 0 || minute >= 1440))
		abort();
	int month;
	if (norm_parse_month(s, &month, &why) == 0 && (month < 1 || month > 12))
		abort();
	norm_parse_money(s, ',', 0, &v, &why);
	norm_parse_money(s, ',', 1, &v, &why);
	norm_parse_money(s, '.', 0, &v, &why);
	norm_parse_hundredths(s, ',', &v, &why);
	if (norm_parse_count(s, &v, &why) == 0 && v < 0)
		abort();
	norm_redact_pnr(s);
	free(s);
	return 0;
}
