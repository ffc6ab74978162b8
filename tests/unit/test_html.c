/* test_html.c - the HTML writer (html.c) on the sample's document tree: one svg per chart
 * and one table per table of the tree, the same bytes twice, no script; text that HTML does
 * not allow (markup, controls, C1 controls, bytes that are not UTF-8) escaped or replaced;
 * heading levels never skipped even when the tree skips one; the HTML file's name. The
 * whole file is checked against the PDF and in a browser by tests/golden/html.sh. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "font.h"
#include "html.h"
#include "record.h"
#include "report.h"
#include "template.h"
#include "util.h"

#include "sample_fixture.h"

static struct doc *compose(const char *lang)
{
	struct compose_input in = {.cfg = cfg, .store = store, .tpl = tpl, .fonts = fonts,
				   .cur = &cur, .base = &base, .lang = lang};
	return compose_report(&in);
}

static char *render(const struct doc *d)
{
	struct sbuf b = {0};
	struct diag dg = {0};
	assert_int_equal(html_render(d, fonts, &b, &dg), 0);
	return sbuf_take(&b);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static int starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_sample(void **state)
{
	(void)state;
	struct doc *d = compose("sv");
	size_t charts = 0, tables = 0;
	for (const struct doc_node *n = d->root; n; n = compose_next(n)) {
		charts += n->kind == DOC_FIGURE && n->role == DOC_ROLE_CHART;
		tables += n->kind == DOC_TABLE;
	}
	char *h = render(d), *again = render(d);
	assert_string_equal(h, again); /* deterministic */
	assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"sv\">\n", 32) == 0);
	assert_int_equal(charts, 7); /* the template's six <chart>s and the police rate chart */
	assert_int_equal(count(h, "<svg "), charts);
	assert_int_equal(count(h, "<svg "), count(h, "</desc>"));
	assert_int_equal(count(h, "<table>"), tables);
	assert_int_equal(count(h, "<caption"), tables);
	assert_int_equal(count(h, "<h1>"), 1);
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "http"));
	/* withheld counts stay withheld: the sample's "<3" cells, as text */
	assert_non_null(strstr(h, "<td class=\"num\">&lt;3</td>"));
	free(h);
	free(again);
	compose_free(d);

	d = compose("en");
	h = render(d);
	assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">\n", 32) == 0);
	assert_non_null(strstr(h, "content:\"Page \" counter(page) \" of \" counter(pages) \"\""));
	free(h);
	compose_free(d);
}

/* A tree may carry any text from an export; HTML gets markup escaped and characters it
 * forbids replaced by U+FFFD. The test changes its own tree (writers never do). */
static void test_escape(void **state)
{
	(void)state;
	struct doc *d = compose("sv");
	struct doc_node *p = NULL, *cell = NULL;
	for (struct doc_node *n = d->root; n; n = (struct doc_node *)compose_next(n)) {
		if (!p && n->kind == DOC_PARAGRAPH && n->role == DOC_ROLE_BODY)
			p = n;
		if (!cell && n->kind == DOC_CELL && n->scope == DOC_SCOPE_ROW)
			cell = n;
	}
	assert_non_null(p);
	assert_non_null(cell);
	p->text = "a<b>&\"c\x01\x7F\xC2\x85\xFF \xEF\xB7\x90 \xC3\xA5\xC3\xB6 \xE2\x88\x92 1\xC2\xA0" "234";
	cell->text = "</td><script>x</script>";
	char *h = render(d);
	assert_non_null(strstr(h, "<p>a&lt;b&gt;&amp;&quot;c"
				  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD "
				  "\xC3\xA5\xC3\xB6 \xE2\x88\x92 1\xC2\xA0" "234</p>"));
	assert_non_null(strstr(h, "<th scope=\"row\">&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;</th>"));
	assert_null(strstr(h, "<script"));
	free(h);
	compose_free(d);
}

/* h1 is the title, sections h2, sub-headings h3: a heading deeper than the one before by
 * more than one level comes out one level below it. */
static void test_heading_levels(void **state)
{
	(void)state;
	struct doc *d = compose("sv");
	struct doc_node *first = NULL;
	for (struct doc_node *n = d->root; n; n = (struct doc_node *)compose_next(n))
		if (n->kind == DOC_HEADING) {
			first = n;
			break;
		}
	assert_non_null(first);
	char want[64];
	snprintf(want, sizeof(want), "<h2 id=\"n%u\">", first->id);
	char *h = render(d);
	assert_non_null(strstr(h, want));
	free(h);
	first->level = 4; /* would be h5 after the contents' h2 */
	h = render(d);
	snprintf(want, sizeof(want), "<h3 id=\"n%u\">", first->id);
	assert_non_null(strstr(h, want));
	assert_null(strstr(h, "<h4"));
	assert_null(strstr(h, "<h5"));
	free(h);
	compose_free(d);
}

/* Tables as a tree may have them: without rows (a caption and nothing else), without a
 * header row (tbody only), with a second header row after the body (stays in tbody: one
 * thead only). */
static void test_table_edges(void **state)
{
	(void)state;
	struct doc *d = compose("sv");
	struct doc_node *t[3] = {NULL, NULL, NULL};
	size_t k = 0;
	for (struct doc_node *n = d->root; n && k < 3; n = (struct doc_node *)compose_next(n))
		if (n->kind == DOC_TABLE && n->first_child && n->first_child->next &&
		    n->first_child->next->next)
			t[k++] = n;
	assert_int_equal(k, 3);
	t[0]->first_child = NULL;
	t[1]->first_child = t[1]->first_child->next;
	struct doc_node *head = t[2]->first_child, *body = head->next;
	t[2]->first_child = body; /* body, header, rest… */
	head->next = body->next;
	body->next = head;
	char *h = render(d);
	char want[64];
	snprintf(want, sizeof(want), "id=\"n%u-c\"", t[0]->id);
	const char *p = strstr(h, want);
	assert_non_null(p);
	assert_true(starts(strstr(p, "</colgroup>"), "</colgroup>\n</table>\n</div>"));
	snprintf(want, sizeof(want), "id=\"n%u-c\"", t[1]->id);
	p = strstr(h, want);
	assert_true(starts(strstr(p, "</colgroup>"), "</colgroup>\n<tbody>\n<tr>"));
	snprintf(want, sizeof(want), "id=\"n%u-c\"", t[2]->id);
	p = strstr(h, want);
	const char *end = strstr(p, "</table>");
	const char *th = strstr(p, "<thead>");
	assert_true(th == NULL || th > end);
	assert_true(strstr(p, "<tbody>") < end);
	assert_true(strstr(p, "<th scope=\"col\"") < end);
	free(h);
	compose_free(d);
}

static void test_file_name(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"bjuv-2018-07.pdf", "bjuv-2018-07.html"},
		{"bjuv-2018-07-socialforvaltningen.pdf", "bjuv-2018-07-socialforvaltningen.html"},
		{"RAPPORT.PDF", "RAPPORT.html"},
		{"rapport", "rapport.html"},
		{"a.b", "a.b.html"},
		{".pdf", ".pdf.html"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = html_file_name(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_heading_levels),
		cmocka_unit_test(test_table_edges),
		cmocka_unit_test(test_file_name),
	};
	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
