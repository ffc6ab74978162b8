/* test_stats.c - `trygg stats` output of a tiny hand-made store in all three formats: the
 * exact text table (alignment, Swedish numbers, hidden rates), CSV (BOM, CRLF, quoting,
 * formula cells, exact öre) and JSON (hidden counts as strings, hidden changes as null, string
 * escapes), and a cross table whose flags were set by hand. Expected outputs are worked out by
 * hand from the data below and doc/aggregates.md's rules; they are not program output. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define NB "\xC2\xA0" /* no-break space: thousands and before "kr" / "%" */

static struct cfg_population pop_x[] = {{2018, 2000}};
static struct cfg_population pop_y[] = {{2018, 500}};
static struct cfg_category cats[] = {
	{.id = "a", .label_sv = "Alfa"},
	{.id = "b", .label_sv = "Stöld; inbrott"},
	{.id = "c", .label_sv = "Gamma \"g\"\t"},
};
static struct cfg_locality locs[] = {
	{.id = "x", .name = "Xby", .population = pop_x, .n_population = 1},
	{.id = "y", .name = "Yby", .population = pop_y, .n_population = 1},
};

static void hand_config(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->small_count_threshold = 3;
	cfg->min_baseline_for_percent = 10;
	cfg->categories = cats, cfg->n_categories = 3;
	cfg->localities = locs, cfg->n_localities = 2;
}

static const struct period cur = {
	.kind = PERIOD_MONTH, .num = 7, .year = 2018, .id = "2018-07", .label_sv = "juli 2018",
	.title_sv = "Juli 2018"};
static const struct period base = {
	.kind = PERIOD_MONTH, .num = 7, .year = 2017, .id = "2017-07", .label_sv = "juli 2017",
	.title_sv = "Juli 2017"};

static void add(struct rec_store *s, int y, int m, int d, int cat, int loc, int count,
		int64_t cost)
{
	struct incident in = {.day = rec_day_from_ymd(y, m, d), .minute = 600,
			      .category = (uint16_t)cat, .locality = (uint16_t)loc,
			      .count = count, .cost_ore = cost};
	rec_add_incident(s, &in);
}

/* July 2018: Alfa 12 in Xby (1 500,40 kr), Stöld 2 in Yby, Gamma 5 in Xby (0,99 kr).
 * July 2017: Alfa 8 in Xby (1 000 kr), Stöld 4 in Yby, Gamma 5 in Xby.
 * Outside both: 100 Alfa on 2018-08-01 and 50 on 2017-06-30.
 * By category, 2018: Stöld 2 is hidden (<3); with the total 19 shown it would follow from
 * 19 − 12 − 5, so the smallest other shown cell, Gamma 5, is hidden as well (".."). 2017 has
 * nothing below 3. By locality, 2018: Yby 2 hidden, then Xby 17 (the only other cell). */
static struct rec_store *tiny_store(void)
{
	struct rec_store *s = rec_store_new();
	rec_add_source(s, "a.csv", "csv");
	add(s, 2018, 7, 1, 0, 0, 7, 100000);
	add(s, 2018, 7, 31, 0, 0, 5, 50040);
	add(s, 2018, 7, 15, 1, 1, 2, 0);
	add(s, 2018, 7, 20, 2, 0, 5, 99);
	add(s, 2017, 7, 1, 0, 0, 8, 100000);
	add(s, 2017, 7, 31, 1, 1, 4, 0);
	add(s, 2017, 7, 10, 2, 0, 5, 0);
	add(s, 2018, 8, 1, 0, 0, 100, 777);
	add(s, 2017, 6, 30, 0, 0, 50, 777);
	return s;
}

struct out {
	char *buf;
	size_t len;
	FILE *fp;
};

static void out_open(struct out *o)
{
	o->buf = NULL;
	o->fp = open_memstream(&o->buf, &o->len);
	assert_non_null(o->fp);
}

static void out_close(struct out *o)
{
	assert_int_equal(fclose(o->fp), 0);
}

static struct period with_days(const struct period *p, int y)
{
	struct period r = *p;
	r.first = rec_day_from_ymd(y, 7, 1);
	r.last = rec_day_from_ymd(y, 7, 31);
	return r;
}

/* stats_write_table's output for the tiny store by dim, July 2018 against July 2017 (base 0:
 * no baseline). Caller frees. */
static char *table_output(enum agg_dim dim, int with_base, enum stats_format fmt)
{
	struct config cfg;
	hand_config(&cfg);
	struct rec_store *s = tiny_store();
	struct period c = with_days(&cur, 2018), b = with_days(&base, 2017);
	const struct period *bp = with_base ? &b : NULL;
	struct agg_table *t = agg_incidents_by(s, &cfg, dim, &c, bp);
	struct out o;
	out_open(&o);
	stats_write_table(o.fp, &cfg, s, t, dim, &c, bp, NULL, fmt);
	out_close(&o);
	agg_table_free(t);
	rec_store_free(s);
	return o.buf;
}

static void test_parse_format(void **state)
{
	(void)state;
	assert_int_equal(stats_parse_format("table"), STATS_TABLE);
	assert_int_equal(stats_parse_format("csv"), STATS_CSV);
	assert_int_equal(stats_parse_format("json"), STATS_JSON);
	assert_int_equal(stats_parse_format("JSON"), -1);
	assert_int_equal(stats_parse_format(""), -1);
	assert_int_equal(stats_parse_format("xlsx"), -1);
}

static void test_category_csv(void **state)
{
	(void)state;
	char *got = table_output(AGG_CATEGORY, 1, STATS_CSV);
	const char *want =
		"\xEF\xBB\xBF"
		"Kategori;Antal Juli 2018;Antal Juli 2017;Förändring;Förändring %;"
		"Kostnad (kr) Juli 2018;Kostnad (kr) Juli 2017\r\n"
		"Alfa;12;8;4;50;1500,40;1000,00\r\n"
		"\"Stöld; inbrott\";<3;4;;;0,00;0,00\r\n"
		/* the tab is a control character: shown as \t (issue 14) */
		"\"Gamma \"\"g\"\"\\t\";..;5;;;0,99;0,00\r\n"
		"Totalt;19;17;2;12;1501,39;1000,00\r\n";
	assert_string_equal(got, want);
	free(got);
}

/* Removes each `, "significance": {...}` object from s in place and returns how many it
 * removed; the change test's numbers are checked against scipy in tests/golden/change.sh. */
static int strip_significance(char *s)
{
	static const char key[] = ", \"significance\": {";
	int n = 0;
	char *p;
	while ((p = strstr(s, key)) != NULL) {
		char *q = p + strlen(key);
		for (int depth = 1; *q && depth; q++)
			depth += *q == '{' ? 1 : *q == '}' ? -1 : 0;
		memmove(p, q, strlen(q) + 1);
		n++;
	}
	return n;
}

static void test_category_json(void **state)
{
	(void)state;
	char *got = table_output(AGG_CATEGORY, 1, STATS_JSON);
	/* 12 against 8 is within chance (p ≈ 0.50 by the exact conditional binomial test); a
	 * hidden count gets no claim, for the reason that it is hidden */
	assert_non_null(strstr(got, "\"significance\": {\"verdict\": \"chance\""));
	assert_non_null(strstr(got, "\"significance\": {\"verdict\": \"no-claim\", "
				    "\"reason\": \"hidden\""));
	assert_int_equal(strip_significance(got), 4);
	const char *want =
		"{\n"
		"  \"by\": \"category\",\n"
		"  \"period\": {\"id\": \"2018-07\", \"first\": \"2018-07-01\", \"last\": "
		"\"2018-07-31\", \"title\": \"Juli 2018\"},\n"
		"  \"baseline\": {\"id\": \"2017-07\", \"first\": \"2017-07-01\", \"last\": "
		"\"2017-07-31\", \"title\": \"Juli 2017\"},\n"
		"  \"threshold\": 3,\n"
		"  \"cost_not_reported_by\": [],\n"
		"  \"rows\": [\n"
		"    {\"key\": \"a\", \"label\": \"Alfa\", \"count\": 12, \"count_baseline\": 8, "
		"\"change\": 4, \"change_percent\": 50, \"cost_ore\": 150040, "
		"\"cost_baseline_ore\": 100000},\n"
		"    {\"key\": \"b\", \"label\": \"Stöld; inbrott\", \"count\": \"<3\", "
		"\"count_baseline\": 4, \"change\": null, \"change_percent\": null, "
		"\"cost_ore\": 0, \"cost_baseline_ore\": 0},\n"
		"    {\"key\": \"c\", \"label\": \"Gamma \\\"g\\\"\\u0009\", \"count\": \"..\", "
		"\"count_baseline\": 5, \"change\": null, \"change_percent\": null, "
		"\"cost_ore\": 99, \"cost_baseline_ore\": 0},\n"
		"    {\"key\": \"total\", \"label\": \"Totalt\", \"count\": 19, "
		"\"count_baseline\": 17, \"change\": 2, \"change_percent\": 12, "
		"\"cost_ore\": 150139, \"cost_baseline_ore\": 100000}\n"
		"  ]\n"
		"}\n";
	assert_string_equal(got, want);
	free(got);
}

static void test_category_table(void **state)
{
	(void)state;
	char *got = table_output(AGG_CATEGORY, 1, STATS_TABLE);
	/* Alfa's percent rests on a baseline of 8 (< 10): marked, and the note explains it */
	assert_non_null(strstr(got, "+4        +50" NB "%*"));
	assert_non_null(strstr(got, "+12" NB "%  "));
	assert_non_null(strstr(got, "1" NB "500" NB "kr"));
	const char *note = "\n\n* jämförelsetalet är under 10; procenten vilar på få händelser\n";
	assert_true(strlen(got) > strlen(note));
	assert_string_equal(got + strlen(got) - strlen(note), note);
	/* the hidden counts and nothing derived from them */
	const char *beta = strstr(got, "\nStöld; inbrott");
	assert_non_null(beta);
	const char *eol = strchr(beta + 1, '\n');
	char line[256];
	snprintf(line, sizeof(line), "%.*s", (int)(eol - beta - 1), beta + 1);
	assert_non_null(strstr(line, "<3"));
	assert_null(strstr(line, "%"));
	assert_null(strstr(line, "2 "));
	free(got);
}

/* The aligned text table, exactly: labels left, numbers right, two spaces between columns,
 * widths in code points; rates hidden with their counts, the total's rate 19 / 2 500 · 1 000. */
static void test_locality_table(void **state)
{
	(void)state;
	char *got = table_output(AGG_LOCALITY, 0, STATS_TABLE);
	const char *want =
		"Ort     Antal Juli 2018  Kostnad (kr) Juli 2018  Per 1 000 inv. Juli 2018\n"
		"Xby                  ..                1" NB "501" NB "kr"
		"                          \n"
		"Yby                  <3                    0" NB "kr"
		"                          \n"
		"Totalt               19                1" NB "501" NB "kr"
		"                       7,6\n";
	assert_string_equal(got, want);
	free(got);
	/* JSON: hidden rates are null, never a number that gives the count back */
	got = table_output(AGG_LOCALITY, 0, STATS_JSON);
	assert_non_null(strstr(got, "  \"baseline\": null,\n"));
	assert_non_null(strstr(got, "{\"key\": \"x\", \"label\": \"Xby\", \"count\": \"..\", "
				      "\"cost_ore\": 150139, \"per_1000\": null}"));
	assert_non_null(strstr(got, "{\"key\": \"y\", \"label\": \"Yby\", \"count\": \"<3\", "
				      "\"cost_ore\": 0, \"per_1000\": null}"));
	assert_non_null(strstr(got, "{\"key\": \"total\", \"label\": \"Totalt\", \"count\": 19, "
				      "\"cost_ore\": 150139, \"per_1000\": 7.6}"));
	free(got);
}

/* A cross table built by hand, flags included: stats prints what the flags say, and a count
 * from 1 to threshold − 1 never appears even where its flag says show. */
static void test_cross(void **state)
{
	(void)state;
	struct config cfg;
	hand_config(&cfg);
	const char *rows[] = {"Alfa", "Beta", "Totalt"};
	const char *cols[] = {"Xby", "Yby", "Totalt"};
	int64_t v[] = {11, 1, 12, 0, 2, 2, 11, 3, 14};
	unsigned char fl[] = {0, 0, 0, 0, AGG_HIDE_SMALL, AGG_HIDE_SMALL, 0, AGG_HIDE_SECONDARY, 0};
	struct agg_cross x = {.row_dim = AGG_CATEGORY, .col_dim = AGG_LOCALITY, .n_rows = 2,
			      .n_cols = 2, .row_labels = rows, .col_labels = cols, .v = v,
			      .flags = fl};
	struct period c = with_days(&cur, 2018);
	struct out o;
	out_open(&o);
	stats_write_cross(o.fp, &cfg, &x, &c, STATS_CSV);
	out_close(&o);
	assert_string_equal(o.buf, "\xEF\xBB\xBF"
				   "Kategori \\ Ort;Xby;Yby;Totalt\r\n"
				   "Alfa;11;<3;12\r\n"
				   "Beta;0;<3;<3\r\n"
				   "Totalt;11;..;14\r\n");
	free(o.buf);
	out_open(&o);
	stats_write_cross(o.fp, &cfg, &x, &c, STATS_JSON);
	out_close(&o);
	const char *want =
		"{\n"
		"  \"by\": \"category,locality\",\n"
		"  \"period\": {\"id\": \"2018-07\", \"first\": \"2018-07-01\", \"last\": "
		"\"2018-07-31\", \"title\": \"Juli 2018\"},\n"
		"  \"baseline\": null,\n"
		"  \"threshold\": 3,\n"
		"  \"cost_not_reported_by\": [],\n"
		"  \"rows\": [\n"
		"    {\"label\": \"Alfa\", \"Xby\": 11, \"Yby\": \"<3\", \"total\": 12},\n"
		"    {\"label\": \"Beta\", \"Xby\": 0, \"Yby\": \"<3\", \"total\": \"<3\"},\n"
		"    {\"label\": \"Totalt\", \"Xby\": 11, \"Yby\": \"..\", \"total\": 14}\n"
		"  ]\n"
		"}\n";
	assert_string_equal(o.buf, want);
	free(o.buf);
	out_open(&o);
	stats_write_cross(o.fp, &cfg, &x, &c, STATS_TABLE);
	out_close(&o);
	assert_string_equal(o.buf, "Kategori \\ Ort  Xby  Yby  Totalt\n"
				   "Alfa             11   <3      12\n"
				   "Beta              0   <3      <3\n"
				   "Totalt           11   ..      14\n");
	free(o.buf);
}

static void check_cell(const char *v, const char *want)
{
	struct sbuf b = {0};
	stats_csv_cell(&b, v);
	char *got = sbuf_take(&b);
	assert_string_equal(got, want);
	free(got);
}

static void test_csv_cell(void **state)
{
	(void)state;
	check_cell("Skolan", "Skolan");
	check_cell("", "");
	check_cell("-12", "-12");
	check_cell("3,5", "3,5");
	check_cell("-3,5", "-3,5");
	check_cell("-", "\"'-\"");
	check_cell("-12,", "\"'-12,\"");
	check_cell("--12", "\"'--12\"");
	check_cell("=1+1", "\"'=1+1\"");
	check_cell("+46", "\"'+46\"");
	check_cell("@SUM(A1)", "\"'@SUM(A1)\"");
	/* control characters are shown escaped (issue 14): a tab or line end can neither
	 * start a formula nor split a row */
	check_cell("\tx", "\\tx");
	check_cell("=\"a\"", "\"'=\"\"a\"\"\"");
	check_cell(" x", "\" x\"");
	check_cell("a;b", "\"a;b\"");
	check_cell("a\nb", "a\\nb");
	check_cell("a=b", "a=b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),  cmocka_unit_test(test_category_csv),
		cmocka_unit_test(test_category_json), cmocka_unit_test(test_category_table),
		cmocka_unit_test(test_locality_table), cmocka_unit_test(test_cross),
		cmocka_unit_test(test_csv_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
