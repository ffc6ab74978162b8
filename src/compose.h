/* compose.h - the document tree: what a report says, with its meaning and without page
 * geometry. compose.c builds it once per report version from the template, the record store,
 * the periods and the configuration; layout.c places it on pages; writers (pdf.c through the
 * pages, the dump for golden tests) only read it. See doc/architecture.md.
 *
 * The tree is cmark's node tree: every node has a kind, a parent, a first and last child
 * and next/prev siblings. Nodes, their strings and chart scenes belong to the tree's arena:
 * compose_free() frees all of it; no node is freed alone. Readers never change it.
 * The logo's pixels are borrowed from compose_input (they must outlive the tree). */
#ifndef TRYGG_COMPOSE_H
#define TRYGG_COMPOSE_H

#include <stdint.h>
#include <stdio.h>

#include "chart.h"
#include "period.h"
#include "util.h"

enum doc_kind {
	DOC_DOCUMENT,  /* root: title, author, subject, keywords, creator, lang, header text */
	DOC_COVER,     /* the cover page: DOC_PARAGRAPHs by role, a DOC_FIGURE logo */
	DOC_TOC,       /* table of contents: text = its title; layout lists the sections */
	DOC_SECTION,   /* a top-level section: first child is its DOC_HEADING (level 1) */
	DOC_HEADING,   /* text, level (1 = section, 2 = sub-heading) */
	DOC_PARAGRAPH, /* text, a finished string; role says which kind */
	DOC_LIST,      /* bullet list of DOC_ITEM */
	DOC_ITEM,      /* text */
	DOC_TILES,     /* a row of DOC_TILE */
	DOC_TILE,      /* key figure: DOC_PARAGRAPHs with role TILE_VALUE, _LABEL, _BASE, _CHANGE */
	DOC_TABLE,     /* text = caption (may be NULL); DOC_ROW children; ncols, col_weight/right */
	DOC_ROW,       /* role HEADER, BODY or TOTAL; DOC_CELL children */
	DOC_CELL,      /* text as printed; scope (header cells); value (body cells) */
	DOC_FIGURE,    /* a chart (scene, alt) or the logo (pixels, alt); DOC_VALUE children */
	DOC_VALUE,     /* a number some text or chart publishes: value only, never placed */
	DOC_PAGEBREAK,
};

enum doc_role {
	DOC_ROLE_NONE,
	DOC_ROLE_BODY,      /* paragraph of body text */
	DOC_ROLE_NOTE,      /* small print under a table */
	DOC_ROLE_EMPTY,     /* "No data for the period." in place of a table */
	DOC_ROLE_COVER_TITLE, DOC_ROLE_COVER_SUBTITLE, DOC_ROLE_COVER_WHO, DOC_ROLE_COVER_AUTHOR,
	DOC_ROLE_COVER_PERIOD, DOC_ROLE_COVER_BASELINE, DOC_ROLE_COVER_VERSION,
	DOC_ROLE_COVER_COLOPHON,
	DOC_ROLE_TILE_VALUE, DOC_ROLE_TILE_LABEL, DOC_ROLE_TILE_BASE, DOC_ROLE_TILE_CHANGE,
	DOC_ROLE_HEADER, DOC_ROLE_TOTAL, /* DOC_ROW; a body row has DOC_ROLE_BODY */
	DOC_ROLE_CHART, DOC_ROLE_LOGO,   /* DOC_FIGURE */
};

enum doc_scope { DOC_SCOPE_NONE, DOC_SCOPE_COL, DOC_SCOPE_ROW };

/* What a published number is. */
enum doc_measure {
	DOC_M_NONE,
	DOC_M_COUNT,     /* incidents (a count of events: subject to the small-count rule) */
	DOC_M_CHANGE,    /* change of a count in percent (num is the percent × 10) */
	DOC_M_SHARE,     /* share of the total in percent */
	DOC_M_RATE,      /* incidents per 1 000 inhabitants (num is the rate × 10) */
	DOC_M_COST,      /* öre */
	DOC_M_MEASURES,  /* number of measures (insatser) */
	DOC_M_HOURS,     /* hours of measures */
	DOC_M_REACHED,   /* people reached by measures (a count of persons) */
	DOC_M_ROWS,      /* rows of an export (data quality; not counts of events) */
	/* Official statistics (Brå), never the municipality's own records: `area` says whose
	 * (an index into cfg->areas), dim = AGG_CATEGORY and key the category the crime type
	 * counts as. */
	DOC_M_POLICE,        /* police-reported offences (a count: subject to the small-count rule) */
	DOC_M_POLICE_RATE,   /* offences per 100 000 inhabitants over the period (num in hundredths) */
	DOC_M_POLICE_CHANGE, /* change of a police count in percent (num is the percent × 10) */
};
enum doc_when { DOC_CUR, DOC_BASE, DOC_TREND, DOC_NONE_PERIOD };

/* The weekday table's six-hour bands are published as hour = DOC_HOUR_BAND(first hour)
 * (100, 106, 112, 118) and DOC_HOUR_BAND_NONE (99: no time), not as single hours: a run that
 * also prints hours then has two partitions of the day, not one with overlapping parts. */
#define DOC_HOUR_BAND(h) (100 + (h))
#define DOC_HOUR_BAND_NONE 99

/* The meaning of a number: measure of (dim = key[, dim2 = key2]) in a period. dim is an
 * enum agg_dim, or -1 for the whole (a total); key is that dimension's key. */
struct doc_value {
	enum doc_measure measure;
	int dim, key, dim2, key2;
	int department;     /* the department whose numbers these are, or -1 for all */
	enum doc_when when;
	rec_day first, last; /* the days the number covers */
	int64_t num;
	unsigned char flag; /* enum agg_flag: withheld (small or secondary) when not 0; a
			     * change, share or rate of a withheld count is withheld with it */
	unsigned char missing; /* not reported (never 0) */
	int area;              /* the DOC_M_POLICE* measures: index into cfg->areas; else -1 */
	unsigned char preliminary; /* DOC_M_POLICE*: a preliminary figure ("prel.") */
};

struct doc_node {
	enum doc_kind kind;
	enum doc_role role;
	struct doc_node *parent, *first_child, *last_child, *prev, *next;
	unsigned id;       /* 1, 2, … in document order: a stable reference for pages and dumps */
	const char *text;  /* finished text in the report's language (arena) */
	int level;         /* DOC_HEADING */
	int page_break;    /* DOC_SECTION: starts a new page (a department's hand-out) */
	enum doc_scope scope; /* DOC_CELL */
	int has_value;     /* DOC_CELL, DOC_VALUE: value holds the meaning */
	struct doc_value value;
	/* DOC_TABLE: column count, relative widths (share of the content width; column 0 takes
	 * what is left) and right alignment */
	size_t ncols;
	double *col_weight;
	unsigned char *col_right;
	/* DOC_FIGURE */
	struct chart_scene *chart; /* role CHART: drawn at DOC_FIGURE_WIDTH × height */
	double height;
	const char *alt;           /* alternative text, from the numbers */
	const unsigned char *pixels; /* role LOGO: packed RGB px_w × px_h (borrowed) */
	int px_w, px_h;
};

/* Charts are drawn at the content width of the A4 page layout places them on. */
#define DOC_FIGURE_WIDTH (595.276 - 62.0 - 62.0)

struct doc {
	struct doc_node *root;
	struct arena arena;
	/* DOC_DOCUMENT's metadata */
	const char *lang, *title, *author, *subject, *keywords, *creator;
	const char *header_left; /* the running header's text ("Bjuvs kommun") */
	/* chart scenes to free with the tree */
	struct chart_scene **scenes;
	size_t n_scenes, cap_scenes;
	/* group-by tables this tree needed (each built once: compose keeps a memo) */
	unsigned long tables_built;
};

struct config;
struct cfg_department;
struct rec_store;
struct template;
struct tpl_node;
struct fonts;
struct disclose_set;

/* What a report is made of. All borrowed. */
struct compose_tables;

struct compose_input {
	const struct config *cfg;
	const struct rec_store *store;
	const struct template *tpl;
	const struct fonts *fonts; /* chart text is measured with them */
	const struct period *cur;
	const struct period *base; /* NULL: no baseline */
	/* A department head's version: that department's section first, its incidents and
	 * measures, with the municipality-wide picture for context. NULL: the whole report. */
	const struct cfg_department *department;
	const char *lang; /* "sv" (NULL) or "en" */
	const unsigned char *logo_rgb; /* the municipality's logo, or NULL */
	int logo_w, logo_h;
	/* Counts the run-wide disclosure pass withholds beyond each table's own rules
	 * (disclose.h): shown as ".." wherever this version prints them. NULL: none. */
	const struct disclose_set *withhold;
	/* The group-by tables of the versions of one run, which ask for many of the same ones
	 * (the municipality-wide tables of every department's version): built by the first
	 * version that needs one and read by the others. NULL: this version's own. A version
	 * with another withhold than the first's uses its own. */
	struct compose_tables *tables;
};

/* Tables shared by the versions of one run (compose_input.tables); freed after the last
 * of those versions is composed — the trees do not point into them. */
struct compose_tables *compose_tables_new(void);
void compose_tables_free(struct compose_tables *t);

/* Builds the document tree of one report version. Returns a tree freed with compose_free(). */
struct doc *compose_report(const struct compose_input *in);
void compose_free(struct doc *d);

/* What a report depends on: the days whose records it shows (its period, the months of any
 * trend in the template — whatever its length — and its baseline), and the files whose
 * content shapes it. compose selects records through these windows (compose_block_periods);
 * batch hashes exactly these for its up-to-date digest. */
struct compose_deps {
	rec_day first[2], last[2]; /* windows: [0] the period and its trends, [1] the baseline */
	size_t n_windows;
	const char *files[64];     /* configuration, profiles, template, logo: by content */
	size_t n_files;
	const char *fonts[4];      /* font files: by identity (path, size, modification time) */
	size_t n_fonts;
	const char *version;       /* the program's version */
};
void compose_depends(const struct config *cfg, const struct template *tpl,
		     const char *tpl_file, const struct fonts *fonts, const struct period *cur,
		     const struct period *base, struct compose_deps *out);
/* The periods one template block shows: *cur and *base, or for a trend by month
 * (by="month" top="N") the last N months in *trend without a baseline. */
void compose_block_periods(const struct tpl_node *n, const struct period *cur,
			   const struct period *base, struct period *trend,
			   const struct period **pcur, const struct period **pbase);

/* Plain-text dump of the tree, one line per node, indented by depth, for golden tests. */
void compose_dump(const struct doc *d, FILE *fp);
/* Iteration in document order (pre-order): the node after n, or NULL. */
const struct doc_node *compose_next(const struct doc_node *n);

#endif
