/* test_template.c - loading report templates: the block tree with its attributes and lines,
 * text collapsed, placeholders checked at load (unknown ones, unclosed braces, tile values),
 * schema rejections and the checks the schema cannot express, each with the template's
 * file:line; the category check against a configuration; tpl_expand, tpl_text, tpl_in_lang
 * and tpl_path. Templates are written by the test; lines are counted by hand in them. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "template.h"

static const char *put(const char *name, const char *text)
{
	return tu_put(name, text, strlen(text));
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static const char good[] =
	HEAD                                                                   /* 1 */
	"<template name=\"t\" lang=\"en\">\n"                                  /* 2 */
	"  <cover title=\"Rapport {period_title}\" title-en=\"Report {period_title}\"\n" /* 3 */
	"         subtitle=\"{kommunen}\"/>\n"                                  /* 4 */
	"  <toc title=\"Innehåll\"/>\n"                                        /* 5 */
	"  <section title=\"Del 1\" title-en=\"Part 1\">\n"                     /* 6 */
	"    <paragraph lang=\"sv\">Text om\n"                                  /* 7 */
	"       {kommunen}   och\t{count:skadegorelse}. </paragraph>\n"         /* 8 */
	"    <tiles>\n"                                                         /* 9 */
	"      <tile value=\"count:skadegorelse\" label=\"Skadegörelse\"/>\n"  /* 10 */
	"      <tile value=\"incidents_total\" label=\"Händelser\" label-en=\"Incidents\"/>\n"
	"    </tiles>\n"                                                        /* 12 */
	"    <table by=\"locality\" measures=\"count rate\" top=\"5\" sort=\"count\" title=\"T\"/>\n"
	"    <chart type=\"line\" by=\"week\" title=\"C\" top=\"13\"/>\n"        /* 14 */
	"    <cost category=\"skadegorelse\"/>\n"                               /* 15 */
	"  </section>\n"                                                        /* 16 */
	"  <departments title=\"Avdelning {department}\">\n"                    /* 17 */
	"    <heading lang=\"en\"> Heading </heading>\n"                        /* 18 */
	"    <page-break/>\n"                                                   /* 19 */
	"  </departments>\n"
	"</template>\n";

static void test_load_tree(void **state)
{
	(void)state;
	const char *p = put("good.xml", good);
	struct template *t = NULL;
	struct diag d = {0};
	if (tpl_load(p, &t, &d) < 0)
		diag_print(&d, stderr);
	assert_non_null(t);
	assert_string_equal(t->name, "t");
	assert_string_equal(t->lang, "en");
	assert_string_equal(t->path, p);
	assert_int_equal(t->n_blocks, 4);
	const struct tpl_node *b = t->blocks;
	assert_int_equal(b[0].kind, TPL_COVER);
	/* libxml2 gives an element the line where its start tag ends */
	assert_int_equal(b[0].line, 4);
	assert_string_equal(b[0].title, "Rapport {period_title}");
	assert_string_equal(b[0].title_en, "Report {period_title}");
	assert_string_equal(b[0].subtitle, "{kommunen}");
	assert_null(b[0].subtitle_en);
	assert_int_equal(b[1].kind, TPL_TOC);
	assert_int_equal(b[1].line, 5);
	assert_string_equal(b[1].title, "Innehåll");
	assert_int_equal(b[2].kind, TPL_SECTION);
	assert_int_equal(b[2].n_children, 5);
	const struct tpl_node *c = b[2].children;
	assert_int_equal(c[0].kind, TPL_PARAGRAPH);
	assert_int_equal(c[0].line, 7);
	assert_string_equal(c[0].lang, "sv");
	/* line breaks, indentation and tabs collapse into single spaces; ends trimmed */
	assert_string_equal(c[0].text, "Text om {kommunen} och {count:skadegorelse}.");
	assert_int_equal(c[1].kind, TPL_TILES);
	assert_int_equal(c[1].n_children, 2);
	assert_int_equal(c[1].children[0].kind, TPL_TILE);
	assert_int_equal(c[1].children[0].line, 10);
	assert_string_equal(c[1].children[0].value, "count:skadegorelse");
	assert_string_equal(c[1].children[0].label, "Skadegörelse");
	assert_null(c[1].children[0].label_en);
	assert_string_equal(c[1].children[1].label_en, "Incidents");
	assert_int_equal(c[2].kind, TPL_TABLE);
	assert_int_equal(c[2].line, 13);
	assert_string_equal(c[2].by, "locality");
	assert_string_equal(c[2].measures, "count rate");
	assert_string_equal(c[2].sort, "count");
	assert_int_equal(c[2].top, 5);
	assert_int_equal(c[3].kind, TPL_CHART);
	assert_string_equal(c[3].type, "line");
	assert_int_equal(c[3].top, 13);
	assert_null(c[3].measures);
	assert_int_equal(c[4].kind, TPL_COST);
	assert_string_equal(c[4].category, "skadegorelse");
	assert_int_equal(c[4].top, 0);
	assert_int_equal(b[3].kind, TPL_DEPARTMENTS);
	assert_int_equal(b[3].line, 17);
	assert_int_equal(b[3].n_children, 2);
	assert_int_equal(b[3].children[0].kind, TPL_HEADING);
	assert_string_equal(b[3].children[0].text, "Heading");
	assert_int_equal(b[3].children[1].kind, TPL_PAGEBREAK);
	assert_int_equal(b[3].children[1].line, 19);
	/* languages */
	assert_true(tpl_in_lang(&b[2], "sv") && tpl_in_lang(&b[2], "en"));
	assert_true(tpl_in_lang(&c[0], "sv"));
	assert_false(tpl_in_lang(&c[0], "en"));
	assert_true(tpl_in_lang(&b[3].children[0], "en"));
	assert_false(tpl_in_lang(&b[3].children[0], NULL)); /* no language: Swedish */

	/* categories against a configuration: known ones pass */
	struct cfg_category cats[] = {{.id = "skadegorelse"}, {.id = "klotter"}};
	struct config cfg = {.categories = cats, .n_categories = 2};
	assert_int_equal(tpl_check_config(t, &cfg, &d), 0);
	/* without skadegorelse: the paragraph is the first place that names it */
	cfg.categories = &cats[1], cfg.n_categories = 1;
	memset(&d, 0, sizeof(d));
	assert_int_equal(tpl_check_config(t, &cfg, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_string_equal(d.file, p);
	assert_int_equal(d.line, 7);
	assert_non_null(strstr(d.msg, "unknown category \"skadegorelse\""));
	assert_non_null(strstr(d.msg, "klotter and total"));
	tpl_free(t);
	tpl_free(NULL);
}

/* Each broken template: the line the error names and a phrase of its message. */
static void expect_error(const char *name, const char *body, int code, long line,
			 const char *phrase)
{
	char text[4096];
	snprintf(text, sizeof(text), HEAD "<template name=\"x\">\n%s</template>\n", body);
	const char *p = put(name, text);
	struct template *t = NULL;
	struct diag d = {0};
	int rc = tpl_load(p, &t, &d);
	if (rc == 0 || d.line != line || !strstr(d.msg, phrase))
		fprintf(stderr, "%s: rc %d, line %ld, msg: %s\n", name, rc, d.line, d.msg);
	assert_int_equal(rc, -1);
	assert_null(t);
	assert_int_equal(d.code, code);
	assert_string_equal(d.file, p);
	assert_int_equal(d.line, line);
	assert_non_null(strstr(d.msg, phrase));
}

static void test_errors(void **state)
{
	(void)state;
	/* line 1: the XML declaration, 2: <template>, the body from line 3 */
	expect_error("placeholder.xml",
		     "<section title=\"S\">\n"
		     "<paragraph>Hej\n{kommunnen}</paragraph>\n"
		     "</section>\n",
		     DIAG_EX_CONFIG, 4, "unknown placeholder {kommunnen}");
	expect_error("placeholder2.xml",
		     "<section title=\"S\">\n<paragraph>x</paragraph>\n"
		     "<table by=\"week\" title=\"{count:Skadegorelse}\"/>\n</section>\n",
		     DIAG_EX_CONFIG, 5, "unknown placeholder {count:Skadegorelse}");
	expect_error("placeholder3.xml", "<section title=\"Avsnitt {perod}\"/>\n", DIAG_EX_CONFIG,
		     3, "the known ones are {kommun}");
	expect_error("brace.xml", "<section title=\"S\">\n<heading>Vecka {period</heading>\n</section>\n",
		     DIAG_EX_CONFIG, 4, "'{' without a closing '}'");
	expect_error("block.xml", "<section title=\"S\">\n\n<paragraf>x</paragraf>\n</section>\n",
		     DIAG_EX_CONFIG, 5, "unknown block <paragraf> — the blocks are <cover>");
	expect_error("tile.xml",
		     "<section title=\"S\">\n<tiles>\n<tile value=\"incidents\" label=\"x\"/>\n"
		     "</tiles>\n</section>\n",
		     DIAG_EX_CONFIG, 5, "unknown tile value \"incidents\"");
	expect_error("tile2.xml",
		     "<section title=\"S\">\n<tiles>\n<tile value=\"share:klotter\" label=\"x\"/>\n"
		     "</tiles>\n</section>\n",
		     DIAG_EX_CONFIG, 5, "allowed: incidents_total");
	expect_error("rate.xml",
		     "<section title=\"S\">\n<table by=\"category\" measures=\"count rate\"/>\n"
		     "</section>\n",
		     DIAG_EX_CONFIG, 4, "needs by=\"locality\"");
	expect_error("catloc.xml",
		     "<section title=\"S\">\n<chart type=\"stacked-bars\" by=\"category-locality\"/>\n"
		     "</section>\n",
		     DIAG_EX_CONFIG, 4, "stacked-bars");
	/* what the schema refuses, at the offending element's line */
	expect_error("pie.xml", "<section title=\"S\">\n<chart type=\"pie\" by=\"week\"/>\n</section>\n",
		     DIAG_EX_CONFIG, 4, "pie");
	expect_error("top0.xml", "<section title=\"S\">\n\n<table by=\"week\" top=\"0\"/>\n</section>\n",
		     DIAG_EX_CONFIG, 5, "top");
	expect_error("top1001.xml", "<section title=\"S\">\n<table by=\"week\" top=\"1001\"/>\n</section>\n",
		     DIAG_EX_CONFIG, 4, "top");
	expect_error("untitled.xml", "<section>\n<summary/>\n</section>\n", DIAG_EX_CONFIG, 3,
		     "title");
	expect_error("measure.xml",
		     "<section title=\"S\">\n<table by=\"week\" measures=\"count mean\"/>\n</section>\n",
		     DIAG_EX_CONFIG, 4, "mean");
	expect_error("lang.xml", "<section title=\"S\" lang=\"de\"/>\n", DIAG_EX_CONFIG, 3, "de");
	/* no section at all */
	expect_error("empty.xml", "<cover title=\"x\"/>\n", DIAG_EX_CONFIG, 2, "template");
	/* not XML, and no file */
	const char *p = put("broken.xml", HEAD "<template name=\"x\">\n<section title=\"S\">\n</template>\n");
	struct template *t = NULL;
	struct diag d = {0};
	assert_int_equal(tpl_load(p, &t, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_int_equal(d.line, 4);
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/none.xml", tu_dir());
	memset(&d, 0, sizeof(d));
	assert_int_equal(tpl_load(missing, &t, &d), -1);
	assert_int_equal(d.code, DIAG_EX_NOINPUT);
}

static void test_cost_total(void **state)
{
	(void)state;
	/* {count:total} is fine, <cost category="total"> is not: cost names one category */
	const char *p = put("cost.xml", HEAD "<template name=\"x\">\n<section title=\"{count:total}\">\n"
					    "<cost category=\"total\"/>\n</section>\n</template>\n");
	struct template *t = NULL;
	struct diag d = {0};
	assert_int_equal(tpl_load(p, &t, &d), 0);
	struct cfg_category cats[] = {{.id = "klotter"}};
	struct config cfg = {.categories = cats, .n_categories = 1};
	assert_int_equal(tpl_check_config(t, &cfg, &d), -1);
	assert_int_equal(d.line, 4);
	assert_non_null(strstr(d.msg, "unknown category \"total\" in cost"));
	assert_null(strstr(d.msg, "and total"));
	tpl_free(t);
}

/* The shipped templates load and fit the sample configuration. */
static void test_shipped(void **state)
{
	(void)state;
	struct config *cfg = NULL;
	struct diag d = {0};
	assert_int_equal(config_load("samples/bjuv/trygg.xml", &cfg, &d), 0);
	static const char *const names[] = {"uppfoljning", "lagesbild"};
	for (size_t i = 0; i < 2; i++) {
		char *path = tpl_path(names[i]);
		char want[64];
		snprintf(want, sizeof(want), "/templates/%s.xml", names[i]);
		assert_true(strlen(path) > strlen(want));
		assert_string_equal(path + strlen(path) - strlen(want), want);
		struct template *t = NULL;
		if (tpl_load(path, &t, &d) < 0)
			diag_print(&d, stderr);
		assert_non_null(t);
		assert_string_equal(t->name, names[i]);
		assert_string_equal(t->lang, "sv");
		assert_int_equal(tpl_check_config(t, cfg, &d), 0);
		tpl_free(t);
		free(path);
	}
	char *p = tpl_path("./mine.xml");
	assert_string_equal(p, "./mine.xml");
	free(p);
	config_free(cfg);
}

static const char *lookup(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "kommun") == 0)
		return "Bjuv";
	if (strcmp(name, "count:klotter") == 0)
		return "12";
	if (strcmp(name, "tom") == 0)
		return "";
	return NULL;
}

static void check_expand(const char *in, const char *want)
{
	char *got = tpl_expand(in, lookup, NULL);
	assert_string_equal(got, want);
	free(got);
}

static void test_expand(void **state)
{
	(void)state;
	check_expand("", "");
	check_expand("inga klamrar", "inga klamrar");
	check_expand("{kommun}", "Bjuv");
	check_expand("I {kommun}: {count:klotter} fall", "I Bjuv: 12 fall");
	check_expand("a{tom}b", "ab");
	/* unknown names and broken braces stay as written */
	check_expand("{okänd} i {kommun}", "{okänd} i Bjuv");
	check_expand("öppen {kommun", "öppen {kommun");
	check_expand("}{kommun}{", "}Bjuv{");
	check_expand("{{kommun}}", "{{kommun}}");
	char long_name[100];
	memset(long_name, 'k', sizeof(long_name));
	long_name[0] = '{';
	long_name[98] = '}';
	long_name[99] = '\0';
	check_expand(long_name, long_name);
	/* tpl_text: the English twin only in English and only when present */
	assert_string_equal(tpl_text("sv", "en", "en"), "en");
	assert_string_equal(tpl_text("sv", NULL, "en"), "sv");
	assert_string_equal(tpl_text("sv", "en", "sv"), "sv");
	assert_string_equal(tpl_text("sv", "en", NULL), "sv");
	assert_null(tpl_text(NULL, NULL, "en"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_tree),  cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cost_total), cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_expand),
	};
	return cmocka_run_group_tests(tests, tu_tmpdir_setup, tu_tmpdir_teardown);
}
