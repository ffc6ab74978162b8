/* template.h - report templates (templates/NAME.xml, validated against src/schema/template.xsd)
 * → a section tree of blocks that compose.c fills with numbers and charts. A coordinator adapts
 * a report by editing a template, never C. doc/templates.md describes every block.
 *
 * Languages: every text attribute has an English twin (title / title-en, label / label-en),
 * and any block may carry lang="sv" or lang="en" to appear only in that language's report.
 *
 * Ownership: tpl_load() returns a template freed with tpl_free(); nodes belong to it. */
#ifndef TRYGG_TEMPLATE_H
#define TRYGG_TEMPLATE_H

#include <stddef.h>

#include "diag.h"

enum tpl_kind {
	TPL_COVER,       /* title, subtitle */
	TPL_TOC,         /* table of contents; title */
	TPL_SECTION,     /* title; children */
	TPL_DEPARTMENTS, /* a section repeated once per department; title may use {department} */
	TPL_HEADING,     /* a sub-heading inside a section: text */
	TPL_PARAGRAPH,   /* text with {placeholders} */
	TPL_SUMMARY,     /* generated sentences per category against the baseline */
	TPL_TILES,       /* key-figure tiles; children are TPL_TILE */
	TPL_TILE,        /* value (a numeric placeholder name), label */
	TPL_TABLE,       /* by, measures, sort, top, title */
	TPL_CHART,       /* type, by, title, top */
	TPL_COST,        /* category: total cost of one category in both periods */
	TPL_MEASURES,    /* the measures (insatser) that ran during the period */
	TPL_QUALITY,     /* the data-quality appendix: rows read/accepted/rejected per source */
	TPL_POLICE,      /* police-reported crime (official statistics): sentences, tables, chart;
			  * a section holding one is left out without official statistics */
	TPL_PAGEBREAK,
};

struct tpl_node {
	enum tpl_kind kind;
	long line;  /* in the template file, for errors found later */
	char *lang; /* NULL: every language; else "sv" or "en" */
	char *title, *title_en, *subtitle, *subtitle_en, *text;
	char *by, *type, *category, *sort, *value, *label, *label_en;
	/* TPL_TABLE: which columns, from "count change rate cost share" (NULL: count change) */
	char *measures;
	int top; /* TPL_TABLE, TPL_CHART: rows kept after sorting; 0 = all */
	struct tpl_node *children;
	size_t n_children;
};

struct template {
	char *path;
	char *name;
	char *lang; /* the template's main language ("sv" when absent) */
	struct tpl_node *blocks; /* top level, in order */
	size_t n_blocks;
};

/* The fixed placeholders a paragraph may use. Besides these, the aggregate placeholders
 * NAME:CATEGORY with NAME from tpl_aggregate_placeholders (e.g. {count:skadegorelse},
 * {cost:skadegorelse}); CATEGORY is a category id or "total". Anything else in braces is an
 * error at load. */
extern const char *const tpl_placeholders[];
extern const char *const tpl_aggregate_placeholders[];
/* The placeholders a key-figure tile may show (numbers, not text). */
extern const char *const tpl_tile_values[];

/* Loads and validates a template. Errors: DIAG_EX_NOINPUT when missing, DIAG_EX_CONFIG with
 * file:line and what is allowed otherwise. */
int tpl_load(const char *path, struct template **out, struct diag *d);
/* tpl_load() on a file already read: len bytes of buf, which path held. */
int tpl_load_mem(const char *path, const char *buf, size_t len, struct template **out,
		 struct diag *d);
void tpl_free(struct template *t);

/* Checks what needs the configuration: every category named in a placeholder, a tile or
 * <cost category=…> exists. Errors: DIAG_EX_CONFIG with the template's file:line and the
 * known ids. */
struct config;
int tpl_check_config(const struct template *t, const struct config *cfg, struct diag *d);

/* Resolves a template name (--template NAME) to templates/NAME.xml in the data folder, or
 * returns name itself when it contains a '/'. Caller frees. */
char *tpl_path(const char *name);

/* Expands {placeholders} in text; lookup returns the value or NULL for unknown. Caller frees. */
char *tpl_expand(const char *text, const char *(*lookup)(void *ctx, const char *name),
		 void *ctx);

/* The text of an attribute in lang: the English twin when lang is "en" and it is present,
 * else the Swedish one (may be NULL). */
const char *tpl_text(const char *sv, const char *en, const char *lang);
/* 1 when node n appears in a report in lang. */
int tpl_in_lang(const struct tpl_node *n, const char *lang);

#endif
