/* aggregate.h - periods, baselines and the tables a report publishes, with small-count
 * suppression applied at the point of publication.
 *
 * Ownership: agg_* tables are returned to the caller and freed with agg_table_free(). */
#ifndef TRYGG_AGGREGATE_H
#define TRYGG_AGGREGATE_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "record.h"

enum agg_period_kind { AGG_SEASON, AGG_MONTH, AGG_QUARTER, AGG_WEEK, AGG_YEAR, AGG_RANGE };

struct period {
	enum agg_period_kind kind;
	int season;          /* AGG_SEASON: index into cfg->seasons */
	int num;             /* month 1-12, quarter 1-4, ISO week 1-53 */
	rec_day first, last; /* inclusive */
	int year;            /* the year the period belongs to (for population) */
	char id[64];         /* canonical, used in file names: "sommar-2018" */
	char label_sv[96];   /* "sommaren 2018", "juli 2018" */
	char title_sv[96];   /* "Sommar 2018" */
};

/* Parses PERIOD (SPEC.md §6). Errors: DIAG_EX_USAGE with the accepted forms. */
int agg_parse_period(const char *s, const struct config *cfg, struct period *out,
		     struct diag *d);
/* The same period one year earlier (seasons re-evaluated for that year; week 53 becomes
 * week 52 where the earlier year has none). */
void agg_previous_year(const struct period *p, const struct config *cfg, struct period *out);
/* The period of the same length ending the day before p starts. */
void agg_previous_period(const struct period *p, struct period *out);
/* Parses BASE: "previous-year", "previous-period", "none" (returns 1: no baseline) or a
 * PERIOD. Returns 0 with *out filled, 1 for none, -1 on error. */
int agg_parse_baseline(const char *s, const struct period *cur, const struct config *cfg,
		       struct period *out, struct diag *d);
/* ISO 8601 week: Monday of week w of ISO year y; and the ISO year/week of a day. */
rec_day agg_iso_week_start(int y, int w);
void agg_iso_week_of(rec_day day, int *y, int *w);
int agg_iso_weeks_in_year(int y);

/* One row per key of a dimension, two periods side by side. */
struct agg_row {
	int key;          /* index into the dimension (category, locality, …) */
	const char *label;
	int64_t count_cur, count_base;
	int64_t cost_cur, cost_base; /* öre */
};

struct agg_table {
	struct agg_row *rows;
	size_t n_rows;
	struct agg_row total;
};

enum agg_dim { AGG_CATEGORY, AGG_LOCALITY, AGG_DEPARTMENT };

/* Incidents per key of dim within cur and base (pre-aggregated counts honoured). Every key of
 * the dimension gets a row, in configuration order. */
struct agg_table *agg_incidents_by(const struct rec_store *s, const struct config *cfg,
				   enum agg_dim dim, const struct period *cur,
				   const struct period *base);
void agg_table_free(struct agg_table *t);

/* Publication rule (SPEC.md §4): a count from 1 to threshold−1 is shown as "<threshold".
 * Writes the text for count into buf; returns 1 if it was suppressed. */
int agg_fmt_count(char *buf, size_t size, int64_t count, int threshold);
int agg_is_suppressed(int64_t count, int threshold);

#endif
