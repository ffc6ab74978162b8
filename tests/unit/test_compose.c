/* test_compose.c - the document tree of the sample report (compose.c) and its pages
 * (layout.c reading only the tree): the tree's shape (sections, heading levels, header cells
 * with their scope, body cells with their meaning), printed text that agrees with the
 * meaning of every number, alternative texts of charts from their numbers with withheld
 * values said as such, each group-by table built once per report version and none by
 * layout, every page item pointing to its node, running header and footer as artifacts.
 * The sample's counts (vandalism 22 in summer 2018 against 88 in summer 2017) are the ones
 * tests/golden/oracle.sh computes from the exports with awk. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "compose.h"
#include "config.h"
#include "font.h"
#include "layout.h"
#include "record.h"
#include "report.h"
#include "template.h"
#include "util.h"

#include "sample_fixture.h"

static struct doc *compose(const char *lang, const struct cfg_department *dep)
{
	struct compose_input in = {.cfg = cfg, .store = store, .tpl = tpl, .fonts = fonts,
				   .cur = &cur, .base = &base, .department = dep, .lang = lang};
	return compose_report(&in);
}

static const struct doc_node *find_text(const struct doc *d, enum doc_kind k, const char *text)
{
	for (const struct doc_node *n = d->root; n; n = compose_next(n))
		if (n->kind == k && n->text && strcmp(n->text, text) == 0)
			return n;
	return NULL;
}

/* Sections hold a level-1 heading first; sub-headings are level 2; ids run in order. */
static void test_tree_shape(void **state)
{
	(void)state;
	struct doc *d = compose("sv", NULL);
	assert_int_equal(d->root->kind, DOC_DOCUMENT);
	assert_string_equal(d->lang, "sv");
	size_t sections = 0;
	unsigned id = 0;
	for (const struct doc_node *n = d->root; n; n = compose_next(n)) {
		assert_int_equal(n->id, ++id);
		for (const struct doc_node *k = n->first_child; k; k = k->next)
			assert_ptr_equal(k->parent, n);
		if (n->kind == DOC_SECTION) {
			sections++;
			assert_non_null(n->first_child);
			assert_int_equal(n->first_child->kind, DOC_HEADING);
			assert_int_equal(n->first_child->level, 1);
		}
		if (n->kind == DOC_HEADING && n->parent->first_child != n)
			assert_int_equal(n->level, 2);
	}
	/* the template's sections, and one per department of the configuration */
	size_t want = cfg->n_departments;
	for (size_t i = 0; i < tpl->n_blocks; i++)
		want += tpl->blocks[i].kind == TPL_SECTION;
	assert_int_equal(sections, want);
	assert_non_null(find_text(d, DOC_HEADING, "Sammanfattning"));
	compose_free(d);
}

/* Header cells have column scope, the first cell of a body row row scope; every body cell
 * but the row header carries its meaning, and a count's text is what the small-count rule
 * says for its number and flag. */
static void test_tables_know_their_cells(void **state)
{
	(void)state;
	struct doc *d = compose("sv", NULL);
	size_t tables = 0, counts = 0, withheld = 0;
	for (const struct doc_node *t = d->root; t; t = compose_next(t)) {
		if (t->kind != DOC_TABLE)
			continue;
		tables++;
		const struct doc_node *hdr = t->first_child;
		assert_int_equal(hdr->role, DOC_ROLE_HEADER);
		size_t nh = 0;
		for (const struct doc_node *c = hdr->first_child; c; c = c->next, nh++)
			assert_int_equal(c->scope, DOC_SCOPE_COL);
		assert_int_equal(nh, t->ncols);
		for (const struct doc_node *r = hdr->next; r; r = r->next) {
			size_t i = 0;
			for (const struct doc_node *c = r->first_child; c; c = c->next, i++) {
				assert_int_equal(c->scope, i == 0 ? DOC_SCOPE_ROW : DOC_SCOPE_NONE);
				if (!c->has_value || c->value.measure != DOC_M_COUNT)
					continue;
				char want[48];
				agg_fmt_cell(want, sizeof(want), c->value.num, c->value.flag,
					     cfg->small_count_threshold);
				assert_string_equal(c->text, want);
				counts++;
				withheld += c->value.flag != 0;
			}
			assert_int_equal(i, t->ncols);
		}
	}
	assert_true(tables >= 10);
	assert_true(counts > 50);
	assert_true(withheld > 0); /* the sample has small counts, shown as "<3" */
	/* Skadegörelse in the category table: 22 now, 88 in the baseline */
	const struct doc_node *row = find_text(d, DOC_CELL, "Skadegörelse");
	assert_non_null(row);
	const struct doc_node *c = row->next;
	assert_string_equal(c->text, "22");
	assert_int_equal(c->value.measure, DOC_M_COUNT);
	assert_int_equal(c->value.dim, AGG_CATEGORY);
	assert_string_equal(cfg->categories[c->value.key].id, "skadegorelse");
	assert_int_equal(c->value.when, DOC_CUR);
	assert_int_equal(c->value.first, cur.first);
	assert_int_equal(c->next->value.num, 88);
	assert_int_equal(c->next->value.when, DOC_BASE);
	assert_int_equal(c->next->value.last, base.last);
	compose_free(d);
}

/* A chart's alternative text names every value it shows; withheld ones as such. */
static void test_figures_have_alt_text(void **state)
{
	(void)state;
	struct doc *d = compose("sv", NULL);
	size_t figures = 0;
	int said_small = 0;
	for (const struct doc_node *f = d->root; f; f = compose_next(f)) {
		if (f->kind != DOC_FIGURE || f->role != DOC_ROLE_CHART)
			continue;
		figures++;
		assert_non_null(f->chart);
		assert_non_null(f->alt);
		assert_true(strlen(f->alt) > 20);
		for (const struct doc_node *v = f->first_child; v; v = v->next) {
			assert_int_equal(v->kind, DOC_VALUE);
			if (v->value.flag == AGG_HIDE_SMALL) {
				assert_non_null(strstr(f->alt, "färre än 3"));
				said_small = 1;
			}
			if (v->value.flag == AGG_HIDE_SECONDARY)
				assert_non_null(strstr(f->alt, "dold uppgift"));
		}
		/* a number the alternative text never gives away: a withheld one */
		assert_null(strstr(f->alt, "<3"));
	}
	assert_true(figures >= 5);
	assert_true(said_small);
	const struct doc_node *f = NULL;
	for (const struct doc_node *n = d->root; n && !f; n = compose_next(n))
		if (n->kind == DOC_FIGURE && n->alt && strstr(n->alt, "Händelser per kategori"))
			f = n;
	assert_non_null(f);
	assert_non_null(strstr(f->alt, "Stapeldiagram"));
	assert_non_null(strstr(f->alt, "Skadegörelse 22"));
	assert_non_null(strstr(f->alt, "Skadegörelse 88"));
	compose_free(d);

	d = compose("en", NULL);
	f = NULL;
	for (const struct doc_node *n = d->root; n && !f; n = compose_next(n))
		if (n->kind == DOC_FIGURE && n->alt && strstr(n->alt, "Incidents by category"))
			f = n;
	assert_non_null(f);
	assert_non_null(strstr(f->alt, "Bar chart"));
	assert_non_null(strstr(f->alt, "Vandalism 22"));
	compose_free(d);
}

/* Every number a sentence or a tile prints is a value under it. */
static void test_text_numbers_are_values(void **state)
{
	(void)state;
	struct doc *d = compose("sv", NULL);
	const struct doc_node *it = NULL;
	for (const struct doc_node *n = d->root; n && !it; n = compose_next(n))
		if (n->kind == DOC_ITEM && strncmp(n->text, "Skadegörelse minskade", 21) == 0)
			it = n;
	assert_non_null(it);
	assert_string_equal(it->text,
			    "Skadegörelse minskade från 88 till 22 (\xE2\x88\x92" "75\xC2\xA0%) jämfört med sommaren 2017.");
	assert_int_equal(it->first_child->value.num, 22);
	assert_int_equal(it->first_child->next->value.num, 88);
	for (const struct doc_node *n = d->root; n; n = compose_next(n))
		if (n->kind == DOC_TILE)
			assert_true(n->first_child->first_child &&
				    n->first_child->first_child->kind == DOC_VALUE);
	compose_free(d);
}

/* What each group-by call was asked for, to find a table built twice. */
struct gb_key {
	char what[12];
	int dim, dim2, dept, cat;
	rec_day cf, cl, bf, bl;
};
static struct gb_key keys[512];
static size_t n_keys, n_dupes;

static void record_key(const char *what, int dim, int dim2, const struct period *p,
		       const struct period *b, const struct agg_filter *f)
{
	struct gb_key k = {{0}, dim, dim2, f ? f->department : -1, f ? f->category : -1,
			   p->first, p->last, b ? b->first : -1, b ? b->last : -1};
	snprintf(k.what, sizeof(k.what), "%s", what);
	for (size_t i = 0; i < n_keys; i++)
		n_dupes += memcmp(&keys[i], &k, sizeof(k)) == 0;
	if (n_keys < sizeof(keys) / sizeof(keys[0]))
		keys[n_keys++] = k;
}

/* Each group-by table once per report version: no two group-by calls of one compose ask for
 * the same table, and laying the tree out (three passes for the contents) builds none. */
static void test_each_table_built_once(void **state)
{
	(void)state;
	n_keys = n_dupes = 0;
	agg_group_by_hook = record_key;
	unsigned long before = agg_group_by_calls;
	struct doc *d = compose("sv", NULL);
	unsigned long built = agg_group_by_calls - before;
	agg_group_by_hook = NULL;
	assert_true(built > 0);
	assert_int_equal(n_keys, built);
	assert_int_equal(n_dupes, 0);
	assert_int_equal(built, d->tables_built);
	before = agg_group_by_calls;
	struct lay_doc *pages = lay_build_report(d, fonts);
	assert_int_equal(agg_group_by_calls - before, 0);
	lay_doc_free(pages);
	compose_free(d);
	/* a department's version is a report version of its own, with its own tables */
	n_keys = n_dupes = 0;
	agg_group_by_hook = record_key;
	d = compose("sv", &cfg->departments[0]);
	agg_group_by_hook = NULL;
	assert_int_equal(n_dupes, 0);
	assert_int_equal(n_keys, d->tables_built);
	compose_free(d);
}

/* The pages: every item knows its node, every table cell of the tree is placed, and the
 * running header and footer ("Sida N av M") are artifacts. */
static void test_layout_reads_the_tree(void **state)
{
	(void)state;
	struct doc *d = compose("sv", NULL);
	struct lay_doc *pages = lay_build_report(d, fonts);
	size_t ncells = 0, placed = 0;
	for (const struct doc_node *n = d->root; n; n = compose_next(n))
		ncells += n->kind == DOC_CELL;
	const struct doc_node **seen = xcalloc(ncells + 1, sizeof(*seen));
	for (size_t pi = 0; pi < pages->n_pages; pi++) {
		const struct lay_page *p = &pages->pages[pi];
		char want[64];
		snprintf(want, sizeof(want), "Sida %zu av %zu", pi + 1, pages->n_pages);
		size_t numbers = 0;
		for (size_t k = 0; k < p->n_items; k++) {
			const struct lay_item *it = &p->items[k];
			if (it->role == LAY_ARTIFACT) {
				assert_null(it->node);
				numbers += it->kind == LAY_TEXT && strcmp(it->text, want) == 0;
				continue;
			}
			assert_non_null(it->node);
			if (it->kind == LAY_CHART)
				assert_int_equal(it->owns_chart, 0);
			if (it->kind == LAY_TEXT && it->node->kind == DOC_CELL) {
				size_t j = 0;
				while (j < placed && seen[j] != it->node)
					j++;
				if (j == placed)
					seen[placed++] = it->node;
			}
		}
		assert_int_equal(numbers, 1);
	}
	assert_int_equal(placed, ncells);
	free(seen);
	lay_doc_free(pages);
	compose_free(d);
}

/* The dependency windows: a 13-month trend reaches back to the first of its first month. */
static void test_depends_on_trend_window(void **state)
{
	(void)state;
	struct diag d = {0};
	char *tp = tpl_path("lagesbild");
	struct template *lb = NULL;
	assert_int_equal(tpl_load(tp, &lb, &d), 0);
	struct period m, mb;
	assert_int_equal(period_parse("2018-07", cfg, &m, &d), 0);
	period_previous_year(&m, cfg, &mb);
	struct compose_deps dep;
	compose_depends(cfg, lb, tp, fonts, &m, &mb, &dep);
	assert_int_equal(dep.n_windows, 2);
	assert_int_equal(dep.first[0], rec_day_from_ymd(2017, 7, 1)); /* 13 months: 2017-07..2018-07 */
	assert_int_equal(dep.last[0], rec_day_from_ymd(2018, 7, 31));
	assert_int_equal(dep.first[1], rec_day_from_ymd(2017, 7, 1));
	assert_string_equal(dep.files[0], cfg->path);
	assert_string_equal(dep.files[dep.n_files - 1], tp); /* the sample has no logo */
	assert_int_equal(dep.n_fonts, FONT__N);
	/* the seasonal follow-up has no trend: its period and its baseline */
	compose_depends(cfg, tpl, "x", fonts, &cur, &base, &dep);
	assert_int_equal(dep.first[0], cur.first);
	assert_int_equal(dep.last[0], cur.last);
	tpl_free(lb);
	free(tp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_shape),
		cmocka_unit_test(test_tables_know_their_cells),
		cmocka_unit_test(test_figures_have_alt_text),
		cmocka_unit_test(test_text_numbers_are_values),
		cmocka_unit_test(test_each_table_built_once),
		cmocka_unit_test(test_layout_reads_the_tree),
		cmocka_unit_test(test_depends_on_trend_window),
	};
	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
