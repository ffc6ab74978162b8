/* test_disclose.c - the disclosure pass over one run (disclose.c) on the sample's five trees
 * (the report and the four department versions): it finds cells to withhold (the sample's
 * printed numbers pin most "<3" cells: tests/audit/README.md), every meaning it withholds is
 * a count that is printed, the trees composed again with its set pass its own audit (nothing
 * more to withhold), and the set reaches every place that prints such a count — cells,
 * sentences, chart values — as "..". The independent proof is tests/audit.sh. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "compose.h"
#include "config.h"
#include "disclose.h"
#include "font.h"
#include "record.h"
#include "report.h"
#include "template.h"
#include "util.h"

#include "sample_fixture.h"

/* The run's trees: [0] the report, [1 + i] department i's version. */
static size_t compose_all(struct doc **t, const struct disclose_set *withhold)
{
	size_t n = 1 + cfg->n_departments;
	for (size_t i = 0; i < n; i++) {
		struct compose_input in = {.cfg = cfg, .store = store, .tpl = tpl, .fonts = fonts,
					   .cur = &cur, .base = &base,
					   .department = i ? &cfg->departments[i - 1] : NULL,
					   .withhold = withhold};
		t[i] = compose_report(&in);
	}
	return n;
}

static void test_pass_is_its_own_fixed_point(void **state)
{
	(void)state;
	struct doc *t[16];
	struct disclose_set set = {0};
	struct disclose_stats st;
	size_t n = compose_all(t, NULL);
	long added = disclose_run(t, n, cfg->small_count_threshold, &set, &st);
	assert_true(added > 0);
	assert_int_equal((size_t)added, set.n);
	assert_int_equal(st.primary, 40); /* the sample's "<3" cells (tests/audit/README.md) */
	assert_int_equal(st.unprotected, 0);
	assert_true(st.lps >= 2 * st.primary);

	/* every meaning in the set is printed somewhere, and after composing again it is
	 * printed withheld everywhere: as ".." in cells, never as its number */
	size_t seen = 0, clear = 0;
	struct doc *u[16];
	compose_all(u, &set);
	for (size_t i = 0; i < n; i++)
		for (const struct doc_node *x = u[i]->root; x; x = compose_next(x)) {
			if (!x->has_value || !disclose_has(&set, &x->value))
				continue;
			seen++;
			if (x->value.flag != AGG_HIDE_SECONDARY)
				clear++;
			if (x->kind == DOC_CELL)
				assert_string_equal(x->text, "..");
		}
	assert_true(seen >= set.n);
	assert_int_equal(clear, 0);

	/* the trees with the set need nothing more */
	struct disclose_set again = {0};
	assert_int_equal(disclose_run(u, n, cfg->small_count_threshold, &again, &st), 0);
	assert_int_equal(again.n, 0);
	disclose_set_free(&again);
	for (size_t i = 0; i < n; i++) {
		compose_free(t[i]);
		compose_free(u[i]);
	}
	disclose_set_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_is_its_own_fixed_point),
	};
	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
