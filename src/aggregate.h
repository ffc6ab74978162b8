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

struct period {
	rec_day first, last; /* inclusive */
	int year;            /* the year the period belongs to (for population) */
	char id[64];         /* canonical, used in file names: "sommar-2018" */
	char label_sv[96];   /* "sommaren 2018", "juli 2018" */
	char title_sv[96];   /* "Sommar 2018" */
};

/* Parses PERIOD (SPEC.md §6). Errors: DIAG_EX_USAGE with the accepted forms. */
int agg_parse_period(const char *s, const struct config *cfg, struct period *out,
		     struct diag *d);
/* The same period one year earlier (seasons re-evaluated for that year). */
void agg_previous_year(const struct period *p, const struct config *cfg, struct period *out);

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
