/* stats.h - aggregate tables written for other tools and for the terminal: an aligned text
 * table with Swedish number formatting, CSV that Excel opens safely, or JSON. Every count
 * goes out through its publication flag (aggregate.h), so suppression holds in all forms.
 *
 * Ownership: borrows everything; writes to the caller's FILE. */
#ifndef TRYGG_STATS_H
#define TRYGG_STATS_H

#include <stdio.h>

#include "aggregate.h"
#include "config.h"
#include "util.h"

enum stats_format { STATS_TABLE, STATS_CSV, STATS_JSON };

/* "table", "csv", "json"; -1 if unknown. */
int stats_parse_format(const char *s);

/* One dimension: a row per key with the current and (if base is not NULL) the baseline
 * period's counts, change, costs and, by locality, incidents per 1 000 inhabitants. f is the
 * filter the table was made with (NULL: none): the total's rate is per 1 000 inhabitants of
 * its locality when it names one. A cost no incident of a cell reports is "uppgift saknas"
 * (table), empty (CSV) or null (JSON), never 0; with store (may be NULL), the departments
 * that report no cost in cur are named under the table and in JSON's
 * "cost_not_reported_by". */
void stats_write_table(FILE *fp, const struct config *cfg, const struct rec_store *store,
		       const struct agg_table *t, enum agg_dim dim, const struct period *cur,
		       const struct period *base, const struct agg_filter *f,
		       enum stats_format fmt);
/* Two dimensions for the current period, with row and column totals. */
void stats_write_cross(FILE *fp, const struct config *cfg, const struct agg_cross *c,
		       const struct period *cur, enum stats_format fmt);

struct off_table;
/* Official statistics (official.h): a row per crime type and area with each period's count,
 * rate per 100 000 and preliminary mark, and (with base) whether the change is larger than
 * chance; the table ends with "Källa: Brå". */
void stats_write_official(FILE *fp, const struct config *cfg, const struct off_table *t,
			  const struct period *cur, const struct period *base,
			  enum stats_format fmt);

/* Appends s as one CSV cell for ';': quoted when needed, and a text that a spreadsheet would
 * take for a formula (first character = + - @, tab or CR) prefixed with an apostrophe
 * (OWASP, "CSV injection"). A plain number such as -12 or 3,5 is left as it is. */
void stats_csv_cell(struct sbuf *b, const char *s);

#endif
