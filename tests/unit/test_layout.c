/* test_layout.c - the page model's tables: a 5 000-row table splits over pages with its
 * header row repeated on each, no page holds a single body row, numbers are right-aligned
 * and nothing crosses the bottom margin. Checked from the page items, not from layout's own
 * bookkeeping. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "layout.h"
#include "util.h"

static struct fonts *fonts;

static int setup(void **state)
{
	(void)state;
	char *dir = util_data_dir("fonts");
	struct diag d = {0};
	int rc = font_load(dir, NULL, NULL, &fonts, &d);
	free(dir);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	font_free(fonts);
	return 0;
}

#define NROWS 5000
#define NCOLS 3

/* Builds the table; cells are "Rad N", N and N*7 so every row is recognisable. */
static struct lay_doc *big_table(double start_y, size_t nrows, int total)
{
	char **cells = xcalloc(nrows * NCOLS, sizeof(char *));
	for (size_t r = 0; r < nrows; r++) {
		cells[r * NCOLS] = xasprintf("Rad %zu", r + 1);
		cells[r * NCOLS + 1] = xasprintf("%zu", r + 1);
		cells[r * NCOLS + 2] = xasprintf("%zu", (r + 1) * 7);
	}
	struct lay_col cols[NCOLS] = {{"Namn", 250, 0}, {"Antal", 110, 1}, {"Sju gånger", 110, 1}};
	struct lay_doc *doc = lay_doc_new();
	double y = start_y;
	lay_table(doc, fonts, &y, "Stor tabell", cols, NCOLS, cells, nrows, total);
	for (size_t i = 0; i < nrows * NCOLS; i++)
		free(cells[i]);
	free(cells);
	return doc;
}

/* Body rows on a page: the "Rad N" texts, in order. Header texts are "Namn". */
static void check_pages(struct lay_doc *doc, size_t nrows)
{
	size_t next_row = 1;
	assert_true(doc->n_pages > 1);
	for (size_t pi = 0; pi < doc->n_pages; pi++) {
		const struct lay_page *p = &doc->pages[pi];
		size_t rows = 0, headers = 0;
		double header_y = -1, first_row_y = -1;
		for (size_t k = 0; k < p->n_items; k++) {
			const struct lay_item *it = &p->items[k];
			if (it->kind != LAY_TEXT)
				continue;
			/* nothing below the bottom margin */
			assert_true(it->y <= doc->height - LAY_BOTTOM + 0.01);
			if (strcmp(it->text, "Namn") == 0) {
				headers++;
				header_y = it->y;
			} else if (strncmp(it->text, "Rad ", 4) == 0) {
				size_t n = (size_t)atol(it->text + 4);
				assert_int_equal(n, next_row); /* no row lost, none twice */
				next_row++;
				if (rows++ == 0)
					first_row_y = it->y;
			} else if (it->text[0] >= '0' && it->text[0] <= '9') {
				/* numbers are right-aligned: their right edge is the column's */
				double right = it->x + font_text_width(fonts, it->style, it->size, it->text);
				double want1 = 62 + 250 + 110 - 6, want2 = 62 + 250 + 220 - 6;
				assert_true(fabs(right - want1) < 0.01 || fabs(right - want2) < 0.01);
			}
		}
		/* the page the table was to start on may be left empty when not even its first
		 * rows fit there */
		if (pi == 0 && rows == 0 && headers == 0)
			continue;
		/* the header row is on every page, above that page's first row */
		assert_int_equal(headers, 1);
		assert_true(header_y < first_row_y);
		/* no page with a lone row */
		assert_true(rows >= 2);
	}
	assert_int_equal(next_row, nrows + 1);
}

static void test_5000_rows_split(void **state)
{
	(void)state;
	struct lay_doc *doc = big_table(LAY_TOP, NROWS, 1);
	/* (841.89 − 70 − 72 − caption − header) / 18 ≈ 37 rows a page */
	assert_true(doc->n_pages >= NROWS / 40);
	check_pages(doc, NROWS);
	lay_doc_free(doc);
}

/* Start positions near the foot of a page and row counts around a page's capacity: the
 * places where a lone first or last row would appear. */
static void test_no_lone_rows_anywhere(void **state)
{
	(void)state;
	for (double y = 600; y <= 760; y += 7)
		for (size_t n = 30; n <= 80; n += 1) {
			struct lay_doc *doc = big_table(y, n, n % 2);
			if (doc->n_pages > 1)
				check_pages(doc, n);
			lay_doc_free(doc);
		}
}

/* A table that fits on a page is kept whole: it moves to the next page rather than split. */
static void test_small_table_kept_whole(void **state)
{
	(void)state;
	struct lay_doc *doc = big_table(700, 10, 1);
	assert_int_equal(doc->n_pages, 2);
	size_t on_first = 0;
	for (size_t k = 0; k < doc->pages[0].n_items; k++)
		on_first += doc->pages[0].items[k].kind == LAY_TEXT;
	assert_int_equal(on_first, 0);
	lay_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_5000_rows_split),
		cmocka_unit_test(test_no_lone_rows_anywhere),
		cmocka_unit_test(test_small_table_kept_whole),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
