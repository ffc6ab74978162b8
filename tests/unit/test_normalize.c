/* test_normalize.c - value parsers (dates, times, money, counts) and personal number redaction. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#include "normalize.h"
#include "record.h"
#include "util.h"

static void test_dates(void **state)
{
	(void)state;
	rec_day d;
	int minute;
	const char *why;
	assert_int_equal(norm_parse_date("2018-07-01", PROF_DATE_ISO, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2018, 7, 1));
	assert_int_equal(minute, -1);
	assert_int_equal(norm_parse_date("2018-07-01 14:30", PROF_DATE_ISO, &d, &minute, &why), 0);
	assert_int_equal(minute, 14 * 60 + 30);
	assert_int_equal(norm_parse_date("2018-07-01T09:05:59", PROF_DATE_ISO, &d, &minute, &why), 0);
	assert_int_equal(minute, 9 * 60 + 5);
	/* Swedish day/month order */
	assert_int_equal(norm_parse_date("1/7/2018", PROF_DATE_DMY, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2018, 7, 1));
	assert_int_equal(norm_parse_date("1/7/2018", PROF_DATE_MDY, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2018, 1, 7));
	assert_int_equal(norm_parse_date("1 juli 2018", PROF_DATE_TEXT, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2018, 7, 1));
	assert_int_equal(norm_parse_date("31 Dec. 2017", PROF_DATE_TEXT, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2017, 12, 31));
	/* Excel: 43282 is 2018-07-01 and .6041666667 is 14:30 (LIBRARIES.md) */
	assert_int_equal(norm_parse_date("43282", PROF_DATE_EXCEL, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2018, 7, 1));
	assert_int_equal(norm_parse_date("43282.6041666667", PROF_DATE_EXCEL, &d, &minute, &why), 0);
	assert_int_equal(minute, 14 * 60 + 30);
	assert_int_equal(norm_parse_date("60", PROF_DATE_EXCEL, &d, &minute, &why), -1);
	/* a year, as statistics exports give it, is 1 January */
	assert_int_equal(norm_parse_date("2025", PROF_DATE_YEAR, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2025, 1, 1));
	assert_int_equal(norm_parse_date("2026 prel.", PROF_DATE_YEAR, &d, &minute, &why), 0);
	assert_int_equal(d, rec_day_from_ymd(2026, 1, 1));
	assert_int_equal(norm_parse_date("202", PROF_DATE_YEAR, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("2025x", PROF_DATE_YEAR, &d, &minute, &why), -1);
	int mo;
	assert_int_equal(norm_parse_month("Aug", &mo, &why), 0);
	assert_int_equal(mo, 8);
	assert_int_equal(norm_parse_month("juli", &mo, &why), 0);
	assert_int_equal(mo, 7);
	assert_int_equal(norm_parse_month(" 12 ", &mo, &why), 0);
	assert_int_equal(mo, 12);
	assert_int_equal(norm_parse_month("13", &mo, &why), -1);
	assert_int_equal(norm_parse_month("Augusti 2018", &mo, &why), -1);
	assert_int_equal(norm_parse_month("Jux", &mo, &why), -1);
	/* the calendar is checked */
	assert_int_equal(norm_parse_date("2018-02-30", PROF_DATE_ISO, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("2018-02-29", PROF_DATE_ISO, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("2020-02-29", PROF_DATE_ISO, &d, &minute, &why), 0);
	/* the last day a four-digit year writes ("no end date" in some exports) is a date:
	 * 2 932 896 days after 1970-01-01 (Python's datetime) */
	assert_int_equal(norm_parse_date("9999-12-31", PROF_DATE_ISO, &d, &minute, &why), 0);
	assert_int_equal(d, 2932896);
	assert_int_equal(norm_parse_date("31/4/2018", PROF_DATE_DMY, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("", PROF_DATE_ISO, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("2018-07-01 25:00", PROF_DATE_ISO, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("1 juluu 2018", PROF_DATE_TEXT, &d, &minute, &why), -1);
	assert_int_equal(norm_parse_date("2018-07-01x", PROF_DATE_ISO, &d, &minute, &why), -1);
}

static void test_money(void **state)
{
	(void)state;
	int64_t v;
	const char *why;
	assert_int_equal(norm_parse_money("1 234,50", ',', 0, &v, &why), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(norm_parse_money("1 234,50 kr", ',', 0, &v, &why), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(norm_parse_money("1\xC2\xA0" "234\xC2\xA0" "567,5", ',', 0, &v, &why), 0);
	assert_int_equal(v, 123456750);
	assert_int_equal(norm_parse_money("1\xE2\x80\xAF" "234", ',', 0, &v, &why), 0);
	assert_int_equal(v, 123400);
	assert_int_equal(norm_parse_money("-1 234,5", ',', 0, &v, &why), 0);
	assert_int_equal(v, -123450);
	assert_int_equal(norm_parse_money("\xE2\x88\x92" "12", ',', 0, &v, &why), 0);
	assert_int_equal(v, -1200);
	assert_int_equal(norm_parse_money("250 SEK", ',', 0, &v, &why), 0);
	assert_int_equal(v, 25000);
	assert_int_equal(norm_parse_money("1.234,50", ',', 1, &v, &why), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(norm_parse_money("12.50", '.', 0, &v, &why), 0);
	assert_int_equal(v, 1250);
	/* rejected: LIBRARIES.md's list */
	assert_int_equal(norm_parse_money("1,234.50", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("12,345", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("1 23,50", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("1e3", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("1.234", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("kr", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("1234 56", ',', 0, &v, &why), -1);
	assert_int_equal(norm_parse_money("99999999999999999999", ',', 0, &v, &why), -1);
}

static void test_counts_and_hours(void **state)
{
	(void)state;
	int64_t v;
	const char *why;
	assert_int_equal(norm_parse_count("3", &v, &why), 0);
	assert_int_equal(v, 3);
	assert_int_equal(norm_parse_count("-3", &v, &why), -1);
	assert_int_equal(norm_parse_count("2,5", &v, &why), -1);
	assert_int_equal(norm_parse_hundredths("12,5", ',', &v, &why), 0);
	assert_int_equal(v, 1250);
	int m;
	assert_int_equal(norm_parse_time("7:05", &m, &why), 0);
	assert_int_equal(m, 7 * 60 + 5);
	assert_int_equal(norm_parse_time("23:59", &m, &why), 0);
	assert_int_equal(m, 23 * 60 + 59);
	assert_int_equal(norm_parse_time("24:00", &m, &why), -1);
}

static void test_redact(void **state)
{
	(void)state;
	/* 811218-9876 is Luhn-valid: 8*2=16→7, 1, 1*2=2, 2, 1*2=2, 8, 9*2=18→9, 8, 7*2=14→5, 6
	 * → 7+1+2+2+2+8+9+8+5+6 = 50 */
	char a[] = "Elev 811218-9876 slog sönder ruta";
	assert_int_equal(norm_redact_pnr(a), 1);
	assert_string_equal(a, "Elev XXXXXX-XXXX slog sönder ruta");
	char b[] = "pnr 198112189876.";
	assert_int_equal(norm_redact_pnr(b), 1);
	assert_string_equal(b, "pnr XXXXXXXXXXXX.");
	/* samordningsnummer: day + 60 → 811278-9873? compute: digits 8112789873:
	 * 16→7,1,2,2,14→5,8,18→9,8,14→5,3 = 7+1+2+2+5+8+9+8+5+3 = 50 */
	char c[] = "8112789873";
	assert_int_equal(norm_redact_pnr(c), 1);
	/* Luhn-invalid, an order number, a cost: left alone */
	char d[] = "811218-9875 ordernr 1234567890 kostnad 12 450,00";
	assert_int_equal(norm_redact_pnr(d), 0);
	assert_string_equal(d, "811218-9875 ordernr 1234567890 kostnad 12 450,00");
	char e[] = "";
	assert_int_equal(norm_redact_pnr(e), 0);
}

/* Every separator form of one number, with and without century, and values that must stay.
 * Expected by hand: the number's digits become X, everything else (separators too) stays.
 * Luhn checked apart (python): 8112189876, 8112789873, 4607137454 and 1212121212 are
 * valid; 8112189875, 0701234567, 1234567890 and 2405011230 are not. */
static void test_redact_forms(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
		int n;
	} t[] = {
		/* separators between the date part and the last four */
		{"811218-9876", "XXXXXX-XXXX", 1},
		{"811218+9876", "XXXXXX+XXXX", 1},
		{"811218 9876", "XXXXXX XXXX", 1},
		{"811218_9876", "XXXXXX_XXXX", 1},
		{"811218\xC2\xA0" "9876", "XXXXXX\xC2\xA0XXXX", 1},          /* U+00A0 */
		{"811218\xE2\x80\x93" "9876", "XXXXXX\xE2\x80\x93XXXX", 1},  /* U+2013 en dash */
		{"811218\xE2\x88\x92" "9876", "XXXXXX\xE2\x88\x92XXXX", 1},  /* U+2212 minus */
		{"811218\xE2\x80\x94" "9876", "XXXXXX\xE2\x80\x94XXXX", 1},  /* U+2014 em dash */
		{"811218\xE2\x80\x91" "9876", "XXXXXX\xE2\x80\x91XXXX", 1},  /* U+2011 nb hyphen */
		{"811218\xE2\x80\xAF" "9876", "XXXXXX\xE2\x80\xAFXXXX", 1},  /* U+202F */
		{"811218\xEF\xBC\x8D" "9876", "XXXXXX\xEF\xBC\x8DXXXX", 1},  /* U+FF0D */
		{"811218 - 9876", "XXXXXX - XXXX", 1},
		{"8112189876", "XXXXXXXXXX", 1},
		/* with century */
		{"19811218-9876", "XXXXXXXX-XXXX", 1},
		{"19811218 9876", "XXXXXXXX XXXX", 1},
		{"19811218\xC2\xA0" "9876", "XXXXXXXX\xC2\xA0XXXX", 1},
		{"19811218\xE2\x80\x93" "9876", "XXXXXXXX\xE2\x80\x93XXXX", 1},
		{"19811218\xE2\x88\x92" "9876", "XXXXXXXX\xE2\x88\x92XXXX", 1},
		{"198112189876", "XXXXXXXXXXXX", 1},
		/* samordningsnummer: day + 60 */
		{"811278 9873", "XXXXXX XXXX", 1},
		{"19811278\xE2\x80\x93" "9873", "XXXXXXXX\xE2\x80\x93XXXX", 1},
		/* in text, in a file name, two in one value */
		{"Anmält av 460713 7454 i går", "Anmält av XXXXXX XXXX i går", 1},
		{"exports/elev_811218-9876.csv", "exports/elev_XXXXXX-XXXX.csv", 1},
		{"exports/8112189876.csv", "exports/XXXXXXXXXX.csv", 1},
		{"19121212\xC2\xA0" "1212 och 811218\xE2\x80\x93" "9876",
		 "XXXXXXXX\xC2\xA0XXXX och XXXXXX\xE2\x80\x93XXXX", 2},
		/* must stay: Luhn-invalid, dates, times, phone and order numbers, money */
		{"811218 9875", "811218 9875", 0},
		{"811218\xE2\x80\x93" "9875", "811218\xE2\x80\x93" "9875", 0},
		{"2018-06-15", "2018-06-15", 0},
		{"2018-06-15 12:30", "2018-06-15 12:30", 0},
		{"15/6/2018 kl. 1230", "15/6/2018 kl. 1230", 0},
		{"070-123 45 67", "070-123 45 67", 0},
		{"+46 70 123 45 67", "+46 70 123 45 67", 0},
		{"0701234567", "0701234567", 0},
		{"ordernr 1234567890", "ordernr 1234567890", 0},
		{"ordernr 123456-7890", "ordernr 123456-7890", 0},
		{"20240501 1230", "20240501 1230", 0},
		{"12 450,00 kr", "12 450,00 kr", 0},
		/* too many digits or separators: not the shape of a number */
		{"811218 98761", "811218 98761", 0},
		{"1811218 9876", "1811218 9876", 0},
		{"81121898761", "81121898761", 0},
		{"811218 -  9876", "811218 -  9876", 0},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char buf[128];
		snprintf(buf, sizeof(buf), "%s", t[i].in);
		int n = norm_redact_pnr(buf);
		if (n != t[i].n || strcmp(buf, t[i].out) != 0)
			fail_msg("'%s': %d redacted, '%s'; want %d, '%s'", t[i].in, n, buf, t[i].n,
				 t[i].out);
	}
}

static void test_calendar(void **state)
{
	(void)state;
	assert_int_equal(rec_day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(rec_day_from_ymd(2000, 3, 1), 11017); /* 30 years + 8 leap days + 59 */
	int y, m, d;
	rec_day_to_ymd(rec_day_from_ymd(2016, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20160229);
	assert_int_equal(rec_weekday(rec_day_from_ymd(2018, 1, 1)), 0); /* a Monday */
	assert_int_equal(rec_weekday(rec_day_from_ymd(2018, 7, 1)), 6); /* a Sunday */
	assert_int_equal(rec_days_in_month(1900, 2), 28);
	assert_int_equal(rec_days_in_month(2000, 2), 29);
}

/* Statistics years: "2018", "2026 prel." (preliminary), nothing else. */
static void test_stat_year(void **state)
{
	(void)state;
	int y, prel;
	const char *why;
	assert_int_equal(norm_parse_stat_year("2025", &y, &prel, &why), 0);
	assert_int_equal(y, 2025);
	assert_int_equal(prel, 0);
	assert_int_equal(norm_parse_stat_year("2026 prel.", &y, &prel, &why), 0);
	assert_int_equal(y, 2026);
	assert_int_equal(prel, 1);
	assert_int_equal(norm_parse_stat_year(" 2026  PREL ", &y, &prel, &why), 0);
	assert_int_equal(prel, 1);
	assert_int_equal(norm_parse_stat_year("2026prel.", &y, &prel, &why), 0);
	assert_int_equal(prel, 1);
	assert_int_equal(norm_parse_stat_year("2025x", &y, &prel, &why), -1);
	assert_non_null(strstr(why, "YYYY prel."));
	assert_int_equal(norm_parse_stat_year("2025 preliminary", &y, &prel, &why), -1);
	assert_int_equal(norm_parse_stat_year("2026 prel..", &y, &prel, &why), -1);
	assert_int_equal(norm_parse_stat_year("20251", &y, &prel, &why), -1);
	assert_int_equal(norm_parse_stat_year("1899", &y, &prel, &why), -1);
	assert_int_equal(norm_parse_stat_year("", &y, &prel, &why), -1);
	assert_int_equal(norm_parse_stat_year("..", &y, &prel, &why), -1);
}

/* Rows that repeat the date of the row before take its parse over (normalize.c keeps the
 * last one): a repeat gives the same day, a changed date, a date with a time and the bare
 * date after it, and an invalid date repeated are each read as if alone. */
static void test_date_repeats(void **state)
{
	(void)state;
	static const char profile[] =
		   "<profile name=\"t\" format=\"csv\" records=\"incidents\">"
		   "<csv delimiter=\",\" encoding=\"utf-8\"/><values date=\"iso\" decimal=\",\"/>"
		   "<field name=\"date\"><column>Datum</column></field>"
		   "<field name=\"locality\"><column>Ort</column></field>"
		   "<field name=\"category\"><column>Typ</column></field></profile>\n";
	static const char csv[] =
		   "Datum,Ort,Typ\n2018-03-04,Bjuv,Klotter\n2018-03-04,Bjuv,Klotter\n"
		   "2018-03-05,Bjuv,Klotter\n2018-03-05 12:30,Bjuv,Klotter\n2018-03-05 12:30,Bjuv,Klotter\n"
		   "2018-03-05,Bjuv,Klotter\n"
		   "2018-02-30,Bjuv,Klotter\n2018-02-30,Bjuv,Klotter\n2018-03-04,Bjuv,Klotter\n";
	tu_put("p.xml", profile, strlen(profile));
	tu_put("e.csv", csv, strlen(csv));
	char *sample;
	size_t n;
	assert_int_equal(util_read_file(TESTS_DIR "/../samples/bjuv/trygg.xml", &sample, &n), 0);
	char *a = strstr(sample, "<sources>"), *z = strstr(sample, "</sources>");
	assert_true(a && z);
	char *cfg_text = xasprintf("%.*s<sources><source file=\"e.csv\" profile=\"p.xml\" "
				   "department=\"fastighet\"/>%s",
				   (int)(a - sample), sample, z);
	char *cfg_path = xstrdup(tu_put("trygg.xml", cfg_text, strlen(cfg_text)));
	struct config *cfg;
	struct diag d = {0};
	if (config_load(cfg_path, &cfg, &d) < 0)
		fail_msg("%s:%ld: %s", d.file, d.line, d.msg);
	struct rec_store *s = rec_store_new();
	assert_int_equal(norm_load_sources(cfg, s, &d), 0);
	static const int want[][2] = {{4, -1}, {4, -1},          {5, -1}, {5, 12 * 60 + 30},
				      {5, 12 * 60 + 30}, {5, -1}, {4, -1}};
	assert_int_equal(s->n_incidents, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(s->incidents[i].day, rec_day_from_ymd(2018, 3, want[i][0]));
		assert_int_equal(s->incidents[i].minute, want[i][1]);
	}
	assert_int_equal(s->n_rejects, 2); /* lines 8 and 9: 30 February, twice */
	assert_int_equal(s->rejects[0].line, 8);
	assert_int_equal(s->rejects[1].line, 9);
	rec_store_free(s);
	config_free(cfg);
	free(cfg_path);
	free(cfg_text);
	free(sample);
}

/* The sample on one thread and on three: the same records; and the day index the duplicate
 * pass hands the store is the one rec_index_days builds. */
static struct rec_store *load_sample(const char *threads)
{
	struct config *cfg;
	struct diag d = {0};
	if (config_load(TESTS_DIR "/../samples/bjuv/trygg.xml", &cfg, &d) < 0)
		fail_msg("%s:%ld: %s", d.file, d.line, d.msg);
	setenv("TRYGG_THREADS", threads, 1);
	struct rec_store *s = rec_store_new();
	assert_int_equal(norm_load_sources(cfg, s, &d), 0);
	unsetenv("TRYGG_THREADS");
	config_free(cfg);
	return s;
}

static void test_load_threads_and_day_index(void **state)
{
	(void)state;
	struct rec_store *a = load_sample("1"), *b = load_sample("3");
	assert_true(a->n_incidents > 100);
	assert_true(a->n_dups > 0);
	assert_int_equal(a->n_incidents, b->n_incidents);
	assert_memory_equal(a->incidents, b->incidents, a->n_incidents * sizeof(*a->incidents));
	assert_int_equal(a->n_strs, b->n_strs);
	for (size_t k = 0; k < a->n_strs; k++)
		assert_string_equal(a->strs[k], b->strs[k]);
	assert_non_null(a->by_day);
	assert_int_equal(a->n_by_day, a->n_incidents);
	size_t n = a->n_incidents, days = a->n_days;
	uint32_t *by_day = xmalloc(n * sizeof(*by_day)), *start = xmalloc((days + 1) * sizeof(*start));
	memcpy(by_day, a->by_day, n * sizeof(*by_day));
	memcpy(start, a->day_start, (days + 1) * sizeof(*start));
	rec_day day0 = a->day0;
	rec_index_days(a);
	assert_int_equal(a->day0, day0);
	assert_int_equal(a->n_days, days);
	assert_memory_equal(a->by_day, by_day, n * sizeof(*by_day));
	assert_memory_equal(a->day_start, start, (days + 1) * sizeof(*start));
	free(by_day);
	free(start);
	rec_store_free(a);
	rec_store_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),  cmocka_unit_test(test_money),
		cmocka_unit_test(test_counts_and_hours), cmocka_unit_test(test_redact),
		cmocka_unit_test(test_redact_forms),
		cmocka_unit_test(test_calendar), cmocka_unit_test(test_stat_year),
		cmocka_unit_test(test_load_threads_and_day_index), cmocka_unit_test(test_date_repeats),
	};
	return cmocka_run_group_tests_name("normalize", tests, tu_tmpdir_setup, tu_tmpdir_teardown);
}
