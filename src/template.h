/* template.h - report templates (templates/NAME.xml, validated against src/schema/template.xsd)
 * → a section tree of blocks that layout.c fills with numbers and charts. A coordinator adapts
 * a report by editing a template, never C.
 *
 * Ownership: tpl_load() returns a template freed with tpl_free(); nodes belong to it. */
#ifndef TRYGG_TEMPLATE_H
#define TRYGG_TEMPLATE_H

#include <stddef.h>

#include "diag.h"

enum tpl_kind {
	TPL_COVER,     /* title, subtitle */
	TPL_SECTION,   /* title; children */
	TPL_PARAGRAPH, /* text with {placeholders} */
	TPL_SUMMARY,   /* generated sentences per category against the baseline */
	TPL_TABLE,     /* by: category | locality | department */
	TPL_CHART,     /* type: grouped-bars; by; title */
	TPL_COST,      /* category: total cost of one category in both periods */
	TPL_MEASURES,  /* the measures (insatser) that ran during the period */
	TPL_QUALITY,   /* the data-quality appendix: rows read/accepted/rejected per source */
	TPL_PAGEBREAK,
};

struct tpl_node {
	enum tpl_kind kind;
	long line; /* in the template file, for errors found later */
	char *title, *subtitle, *text, *by, *type, *category;
	struct tpl_node *children;
	size_t n_children;
};

struct template {
	char *path;
	char *name;
	struct tpl_node *blocks; /* top level, in order */
	size_t n_blocks;
};

/* The placeholders a paragraph may use; anything else in braces is an error at load. */
extern const char *const tpl_placeholders[];

/* Loads and validates a template. Errors: DIAG_EX_NOINPUT when missing, DIAG_EX_CONFIG with
 * file:line and what is allowed otherwise. */
int tpl_load(const char *path, struct template **out, struct diag *d);
void tpl_free(struct template *t);

/* Resolves a template name (--template NAME) to templates/NAME.xml in the data folder, or
 * returns name itself when it contains a '/'. Caller frees. */
char *tpl_path(const char *name);

/* Expands {placeholders} in text; lookup returns the value or NULL for unknown. Caller frees. */
char *tpl_expand(const char *text, const char *(*lookup)(void *ctx, const char *name),
		 void *ctx);

#endif
