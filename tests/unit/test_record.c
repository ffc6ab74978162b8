/* test_record.c - the record store: string interning (ids stable across hash growth, bytes
 * stable across arena growth), growth of the record arrays, rejects and their per-source
 * counts, and the calendar. Expected day numbers and weekdays come from Python's datetime
 * ((date - date(1970, 1, 1)).days, date.weekday()), not from trygg. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static void test_intern_basics(void **state)
{
	(void)state;
	struct rec_store *s = rec_store_new();
	assert_int_equal(rec_intern(s, NULL), 0);
	assert_int_equal(rec_intern(s, ""), 0);
	assert_int_equal(rec_intern_n(s, "abc", 0), 0);
	assert_string_equal(rec_str(s, 0), "");
	uint32_t a = rec_intern(s, "Storgatan 1");
	uint32_t b = rec_intern(s, "Järnvägsstationen");
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	/* the same text again is the same id, whether given with or without its length */
	assert_int_equal(rec_intern(s, "Storgatan 1"), a);
	assert_int_equal(rec_intern_n(s, "Järnvägsstationen", strlen("Järnvägsstationen")), b);
	/* a prefix or a different case is a different string */
	assert_int_equal(rec_intern(s, "Storgatan"), 3);
	assert_int_equal(rec_intern(s, "storgatan 1"), 4);
	/* rec_intern_n reads only len bytes: a slice of a longer, unterminated buffer */
	char buf[] = {'S', 'k', 'o', 'l', 'a', 'n', 'X', 'Y'};
	assert_int_equal(rec_intern_n(s, buf, 6), 5);
	assert_string_equal(rec_str(s, 5), "Skolan");
	assert_int_equal(rec_intern(s, "Skolan"), 5);
	assert_string_equal(rec_str(s, a), "Storgatan 1");
	assert_string_equal(rec_str(s, b), "Järnvägsstationen");
	/* the store keeps its own copy */
	char own[] = "Torget";
	uint32_t t = rec_intern(s, own);
	own[0] = 'X';
	assert_string_equal(rec_str(s, t), "Torget");
	assert_int_equal(rec_intern(s, "Torget"), t);
	/* an id the store never gave out reads as "" */
	assert_string_equal(rec_str(s, 9999), "");
	assert_int_equal(s->n_strs, 7);
	rec_store_free(s);
}

/* Many strings: the hash table rehashes several times (it starts at 256 slots) and the arena
 * takes many blocks; earlier ids and earlier string pointers must not change. */
static void test_intern_growth(void **state)
{
	(void)state;
	enum { N = 20000 };
	struct rec_store *s = rec_store_new();
	uint32_t first = rec_intern(s, "plats 0");
	const char *first_ptr = rec_str(s, first);
	char name[64];
	for (int i = 1; i < N; i++) {
		/* long names every so often so that some do not fit a block's remainder */
		if (i % 97 == 0)
			snprintf(name, sizeof(name), "plats %d %040d", i, i);
		else
			snprintf(name, sizeof(name), "plats %d", i);
		assert_int_equal(rec_intern(s, name), (uint32_t)i + 1);
	}
	assert_int_equal(s->n_strs, N + 1);
	assert_true(s->hash_cap >= 2 * (size_t)N);
	assert_ptr_equal(rec_str(s, first), first_ptr);
	assert_string_equal(first_ptr, "plats 0");
	for (int i = 0; i < N; i++) {
		if (i % 97 == 0 && i)
			snprintf(name, sizeof(name), "plats %d %040d", i, i);
		else
			snprintf(name, sizeof(name), "plats %d", i);
		assert_string_equal(rec_str(s, (uint32_t)i + 1), name);
		assert_int_equal(rec_intern(s, name), (uint32_t)i + 1);
	}
	assert_int_equal(s->n_strs, N + 1);
	rec_store_free(s);
}

static void test_records_grow(void **state)
{
	(void)state;
	enum { N = 150000 };
	struct rec_store *s = rec_store_new();
	assert_int_equal(rec_add_source(s, "a.csv", "csv"), 0);
	assert_int_equal(rec_add_source(s, "b.xml", NULL), 1);
	assert_string_equal(s->sources[0].file, "a.csv");
	assert_string_equal(s->sources[0].format, "csv");
	assert_string_equal(s->sources[1].format, "");
	assert_string_equal(s->sources[1].encoding, "");
	for (int i = 0; i < N; i++) {
		struct incident in = {.day = i, .minute = (int16_t)(i % 1440), .category = 1,
				      .count = 1, .cost_ore = (int64_t)i * 100};
		rec_add_incident(s, &in);
	}
	assert_int_equal(s->n_incidents, N);
	assert_true(s->cap_incidents >= N);
	for (int i = 0; i < N; i += 1111) {
		assert_int_equal(s->incidents[i].day, i);
		assert_int_equal(s->incidents[i].minute, i % 1440);
		assert_int_equal(s->incidents[i].cost_ore, (int64_t)i * 100);
	}
	assert_int_equal(s->incidents[N - 1].day, N - 1);
	for (int i = 0; i < 100; i++) {
		struct measure m = {.start = i, .end = i + 6, .hours_x100 = 150, .people = i};
		rec_add_measure(s, &m);
	}
	assert_int_equal(s->n_measures, 100);
	assert_int_equal(s->measures[99].end, 105);
	assert_int_equal(s->measures[42].people, 42);
	struct rec_duplicate dup = {.source = 1, .of_source = 0, .line = 7, .of_line = 3};
	rec_add_duplicate(s, &dup);
	assert_int_equal(s->n_dups, 1);
	assert_int_equal(s->dups[0].of_line, 3);
	/* duplicates are listed, not counted in the source stats */
	assert_int_equal(s->sources[1].duplicates, 0);
	rec_store_free(s);
}

/* A merge takes one store's incidents over and gives back the pages of another's as it
 * copies them: what is not given back stays as it was. */
static void test_take_and_release(void **state)
{
	(void)state;
	enum { N = 10000 };
	struct rec_store *a = rec_store_new(), *b = rec_store_new();
	for (int i = 0; i < N; i++) {
		struct incident in = {.day = i, .count = 1};
		rec_add_incident(a, &in);
	}
	rec_take_incidents(b, a);
	assert_int_equal(a->n_incidents, 0);
	assert_null(a->incidents);
	assert_int_equal(b->n_incidents, N);
	assert_int_equal(b->incidents[N - 1].day, N - 1);
	/* 32-byte records: a page holds 128; [100, 400) covers pages 1 and 2 whole */
	rec_release_incidents(b, 100, 400);
	assert_int_equal(b->incidents[127].day, 127);
	assert_int_equal(b->incidents[128].day, 0);
	assert_int_equal(b->incidents[383].day, 0);
	assert_int_equal(b->incidents[384].day, 384);
	rec_reserve_incidents(b, 4 * N);
	assert_true(b->cap_incidents >= 4 * N);
	assert_int_equal(b->incidents[N - 1].day, N - 1);
	struct incident in = {.day = -1};
	rec_add_incident(a, &in);
	assert_int_equal(a->incidents[0].day, -1);
	rec_store_free(a);
	rec_store_free(b);
}

/* Every length up to past the memcmp cut, a difference at every position. */
static void test_same_bytes(void **state)
{
	(void)state;
	char a[40], b[40];
	for (size_t n = 0; n <= 24; n++) {
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = (char)('a' + i);
		a[n] = 'x', b[n] = 'y'; /* past the end: never looked at */
		assert_true(rec_same_bytes(a, b, n));
		for (size_t k = 0; k < n; k++) {
			b[k] = 'Z';
			assert_false(rec_same_bytes(a, b, n));
			b[k] = a[k];
		}
	}
}

static void test_rejects(void **state)
{
	(void)state;
	struct rec_store *s = rec_store_new();
	rec_add_source(s, "a.csv", "csv");
	rec_add_source(s, "b.csv", "csv");
	char reason[64];
	snprintf(reason, sizeof(reason), "'31/02/2018' is not a date");
	rec_add_reject(s, 1, 12, "datum", reason);
	reason[0] = 'X'; /* the store copied it */
	rec_add_reject(s, 1, 13, NULL, "too many fields");
	rec_add_reject(s, 0, 2, "kategori", "unknown category 'x'");
	/* an unknown source index is listed but counts against no source */
	rec_add_reject(s, 7, 1, NULL, "orphan");
	assert_int_equal(s->n_rejects, 4);
	assert_int_equal(s->sources[0].rejected, 1);
	assert_int_equal(s->sources[1].rejected, 2);
	assert_string_equal(s->rejects[0].reason, "'31/02/2018' is not a date");
	assert_string_equal(s->rejects[0].field, "datum");
	assert_int_equal(s->rejects[0].line, 12);
	assert_null(s->rejects[1].field);
	assert_int_equal(s->rejects[3].source, 7);
	rec_store_free(s);
}

static void test_calendar(void **state)
{
	(void)state;
	static const struct {
		int y, m, d;
		int day, wd;
	} cases[] = {
		{1970, 1, 1, 0, 3},          {1969, 12, 31, -1, 2},     {2000, 3, 1, 11017, 2},
		{1900, 1, 1, -25567, 0},     {2200, 12, 31, 84370, 2},  {2018, 7, 2, 17714, 0},
		{1600, 2, 29, -135081, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rec_day day = rec_day_from_ymd(cases[i].y, cases[i].m, cases[i].d);
		assert_int_equal(day, cases[i].day);
		assert_int_equal(rec_weekday(day), cases[i].wd);
		int y, m, d;
		rec_day_to_ymd(day, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
	/* consecutive days: every date of 1899-2201 follows the previous one */
	int py = 1899, pm = 1, pd = 1;
	for (rec_day day = rec_day_from_ymd(1899, 1, 1) + 1; day <= rec_day_from_ymd(2201, 12, 31);
	     day++) {
		int y, m, d;
		rec_day_to_ymd(day, &y, &m, &d);
		if (pd < rec_days_in_month(py, pm)) {
			assert_true(y == py && m == pm && d == pd + 1);
		} else if (pm < 12) {
			assert_true(y == py && m == pm + 1 && d == 1);
		} else {
			assert_true(y == py + 1 && m == 1 && d == 1);
		}
		py = y, pm = m, pd = d;
	}
	assert_int_equal(rec_days_in_month(1900, 2), 28);
	assert_int_equal(rec_days_in_month(2000, 2), 29);
	assert_int_equal(rec_days_in_month(2024, 2), 29);
	assert_int_equal(rec_days_in_month(2023, 2), 28);
	assert_int_equal(rec_days_in_month(2023, 4), 30);
	assert_int_equal(rec_days_in_month(2023, 12), 31);
	assert_int_equal(rec_days_in_month(2023, 0), 0);
	assert_int_equal(rec_days_in_month(2023, 13), 0);
	assert_true(rec_valid_ymd(2024, 2, 29));
	assert_false(rec_valid_ymd(2023, 2, 29));
	assert_false(rec_valid_ymd(2018, 4, 31));
	assert_false(rec_valid_ymd(2018, 1, 0));
	assert_false(rec_valid_ymd(1899, 12, 31));
	assert_true(rec_valid_ymd(1900, 1, 1));
	/* 9999-12-31 is the last day a four-digit year can write ("no end date" in exports) */
	assert_true(rec_valid_ymd(9999, 12, 31));
	assert_false(rec_valid_ymd(10000, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern_basics), cmocka_unit_test(test_intern_growth),
		cmocka_unit_test(test_records_grow),
		cmocka_unit_test(test_take_and_release), cmocka_unit_test(test_same_bytes),  cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
