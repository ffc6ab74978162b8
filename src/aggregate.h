/* aggregate.h - the tables a report publishes, with small-count
 * suppression applied at the point of publication.
 *
 * Ownership: tables are returned to the caller and freed with agg_table_free(),
 * agg_cross_free() or agg_measure_table_free(); their labels point into the configuration,
 * the record store or the table itself, so free the table before either of those. */
#ifndef TRYGG_AGGREGATE_H
#define TRYGG_AGGREGATE_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "period.h"
#include "record.h"

/* ---- group-by tables ----
 *
 * Publication flags: every published count carries one. A cell flagged AGG_HIDE_SMALL holds
 * a count from 1 to threshold−1 and is shown as "<threshold"; AGG_HIDE_SECONDARY hides a
 * cell that is not small itself but would let a small one be worked out from a total (shown
 * as ".."). See doc/aggregates.md for the rule. Costs, hours and rates are not counts of
 * people: they carry no flag of their own, but a rate or change derived from a hidden count
 * is hidden with it. */
enum agg_flag { AGG_SHOW = 0, AGG_HIDE_SMALL = 1, AGG_HIDE_SECONDARY = 2 };

/* Row key of the row that collects incidents without a value in the dimension (no site, no
 * time of day, a municipality-wide measure). It is the last row, and only present when
 * something falls in it, so that a table's total is always the sum of its rows. */
#define AGG_KEY_MISSING (-2)

/* Whether a sum covers what it sums: a quantity a source does not report (an incident's or a
 * measure's cost, people reached, hours) is unknown, not 0 (record.h's REC_INC_NO_COST,
 * REC_MEA_NO_*). AGG_NOT_REPORTED: no record in the cell reports it, so the sum (0) must be
 * shown as "uppgift saknas" / "–", never as 0; AGG_PARTLY_REPORTED: the sum covers only the
 * records that report it (say which departments do not: agg_unreported_departments). A cell
 * without records is AGG_REPORTED (its 0 is a real 0). */
enum agg_reported { AGG_REPORTED = 0, AGG_PARTLY_REPORTED = 1, AGG_NOT_REPORTED = 2 };

/* One row per key of a dimension, two periods side by side. */
struct agg_row {
	int key;          /* index into the dimension (category, locality, …), or AGG_KEY_MISSING */
	const char *label;
	int64_t count_cur, count_base;
	int64_t cost_cur, cost_base; /* öre */
	unsigned char flag_cur, flag_base; /* enum agg_flag for count_cur, count_base */
	unsigned char cost_cur_reported, cost_base_reported; /* enum agg_reported */
};

struct agg_table {
	struct agg_row *rows;
	size_t n_rows;
	struct agg_row total;
	/* private: labels made for this table (months, weeks, hours) */
	struct arena arena;
};

/* Dimensions. AGG_DIM_MONTH / AGG_DIM_WEEK are the calendar months / ISO weeks the period
 * touches, in order (the first and last may be partial); a row's baseline value is the
 * month / week at the same position in the baseline period. AGG_SITE rows are sorted by
 * the current count as published, descending, then by name (agg_order_value: withheld
 * counts never decide the order); the row without a site last; label = the site as exported,
 * key = its interned string id; only sites with incidents in either period get a row.
 * AGG_WEEKDAY: Monday … Sunday (key 0-6). AGG_HOUR: hour of day (key 0-23), incidents
 * without a time go to the AGG_KEY_MISSING row. AGG_SOURCE: source files (key = index in
 * the store's sources; only sources with incidents get a row). */
enum agg_dim {
	AGG_CATEGORY,
	AGG_LOCALITY,
	AGG_DEPARTMENT,
	AGG_SITE,
	AGG_DIM_MONTH,
	AGG_DIM_WEEK,
	AGG_WEEKDAY,
	AGG_HOUR,
	AGG_SOURCE,
	AGG_N_DIMS
};

/* Debug counter: group-by tables built so far in this process (agg_table_by, agg_cross_by,
 * agg_weekday_hour, agg_measures_by), and a hook (NULL: none) called with what each one was
 * asked for. Tests use them to check that a report builds each of its tables once. */
extern unsigned long agg_group_by_calls;
struct agg_filter;
extern void (*agg_group_by_hook)(const char *what, int dim, int dim2, const struct period *p,
				 const struct period *b, const struct agg_filter *f);

/* "category", "locality", … (the names `trygg stats --by` takes); -1 if unknown. */
int agg_dim_parse(const char *name);
const char *agg_dim_name(enum agg_dim dim);
/* Column heading in Swedish: "Kategori", "Ort", "Förvaltning", "Plats", "Månad", "Vecka",
 * "Veckodag", "Timme", "Källa". */
const char *agg_dim_title_sv(enum agg_dim dim);

/* Restricts a table to one category, locality and/or department; AGG_ALL (-1) = no limit.
 * A NULL filter means all incidents. */
#define AGG_ALL (-1)
struct agg_filter {
	int category, locality, department;
};

/* Incidents per key of dim within cur and base (pre-aggregated counts honoured; base may be
 * NULL). Category, locality and department give every key a row in configuration order.
 * Flags are set with cfg->small_count_threshold, each period's column suppressed together
 * with its total (agg_suppress with one column). */
struct agg_table *agg_table_by(const struct rec_store *s, const struct config *cfg,
			       enum agg_dim dim, const struct period *cur,
			       const struct period *base, const struct agg_filter *f);
/* agg_table_by() without a filter. */
struct agg_table *agg_incidents_by(const struct rec_store *s, const struct config *cfg,
				   enum agg_dim dim, const struct period *cur,
				   const struct period *base);
void agg_table_free(struct agg_table *t);

/* Two dimensions for one period: v is (n_rows+1) × (n_cols+1), row-major; the last column
 * holds the row totals, the last row the column totals, the corner the grand total. flags
 * has the same shape, set by agg_suppress() with both margins. Rows and columns are the
 * same as agg_table_by() would give for the dimension (sites by the published count of their
 * total, then name). */
struct agg_cross {
	enum agg_dim row_dim, col_dim;
	size_t n_rows, n_cols;
	const char **row_labels, **col_labels;
	int *row_keys, *col_keys;
	int64_t *v;
	unsigned char *flags;
	int64_t cost; /* öre, all incidents in the table */
	struct arena arena; /* private */
};
#define AGG_CELL(c, r, k) ((c)->v[(size_t)(r) * ((c)->n_cols + 1) + (size_t)(k)])
#define AGG_CELL_FLAG(c, r, k) ((c)->flags[(size_t)(r) * ((c)->n_cols + 1) + (size_t)(k)])

struct agg_cross *agg_cross_by(const struct rec_store *s, const struct config *cfg,
			       enum agg_dim row_dim, enum agg_dim col_dim, const struct period *p,
			       const struct agg_filter *f);
/* Weekday (7 rows, Monday first) × hour of day (24 columns, plus an AGG_KEY_MISSING column
 * when some incidents have no time). */
struct agg_cross *agg_weekday_hour(const struct rec_store *s, const struct config *cfg,
				   const struct period *p, const struct agg_filter *f);
void agg_cross_free(struct agg_cross *c);

/* The cost of the problems: summed cost (öre) of the incidents in p that pass f. */
int64_t agg_total_cost(const struct rec_store *s, const struct period *p,
		       const struct agg_filter *f);
/* Whether that sum covers the incidents (enum agg_reported). */
int agg_total_cost_reported(const struct rec_store *s, const struct period *p,
			    const struct agg_filter *f);

/* The quantities a source may not report. */
enum agg_quantity {
	AGG_Q_INCIDENT_COST, /* incidents: cost */
	AGG_Q_INCIDENT_TIME, /* incidents: time of day */
	AGG_Q_MEASURE_COST,  /* measures: cost */
	AGG_Q_MEASURE_PEOPLE, /* measures: people reached */
	AGG_Q_MEASURE_HOURS, /* measures: hours */
};
/* The departments that have records of the kind q is about in p (passing f; a measure is in
 * p when it overlaps it) but report q for none of them: their indices in configuration order
 * into deps (room for cfg->n_departments). Returns how many. For the note under a table:
 * "Kultur och fritid redovisar inga kostnader". */
size_t agg_unreported_departments(const struct rec_store *s, const struct config *cfg,
				  enum agg_quantity q, const struct period *p,
				  const struct agg_filter *f, int *deps);

/* ---- measures (insatser) ---- */

/* Measures that overlap p (start ≤ p->last and end ≥ p->first), by AGG_DEPARTMENT or
 * AGG_LOCALITY (municipality-wide measures in the AGG_KEY_MISSING row, "Hela kommunen").
 * people is a count of persons and is flagged like incident counts (flag_people); the
 * number of measures, hours and cost are the municipality's own work and are not. The
 * filter's department and locality apply; its category does not. */
struct agg_measure_row {
	int key;
	const char *label;
	int64_t n, hours_x100, cost_ore, people;
	unsigned char flag_people;
	/* enum agg_reported of cost_ore, people and hours_x100 */
	unsigned char cost_reported, people_reported, hours_reported;
	/* of the n measures, how many do not report cost, people, hours */
	int64_t n_no_cost, n_no_people, n_no_hours;
};
struct agg_measure_table {
	struct agg_measure_row *rows;
	size_t n_rows;
	struct agg_measure_row total;
};
struct agg_measure_table *agg_measures_by(const struct rec_store *s, const struct config *cfg,
					  enum agg_dim dim, const struct period *p,
					  const struct agg_filter *f);
void agg_measure_table_free(struct agg_measure_table *t);

/* ---- rates and changes ---- */

/* Incidents per 1 000 inhabitants of a locality (AGG_ALL: the whole municipality) with the
 * population of year. Returns -1 when the population is unknown. */
int agg_rate_per_1000(const struct config *cfg, int locality, int year, int64_t count,
		      double *rate);
/* "4,3" (one decimal, decimal comma). */
void agg_fmt_rate(char *buf, size_t size, double rate);

struct agg_change {
	int hidden;     /* either side is hidden: publish neither difference nor percent */
	int64_t diff;   /* cur − base */
	int has_pct;    /* base > 0 */
	double pct;     /* 100 · diff / base */
	int few;        /* base < cfg->min_baseline_for_percent: mark the percent */
};
void agg_change_of(const struct config *cfg, int64_t base, unsigned char base_flag,
		   int64_t cur, unsigned char cur_flag, struct agg_change *out);

/* ---- suppression ---- */

/* Publication rule (SPEC.md §4): a count from 1 to threshold−1 is shown as "<threshold".
 * Writes the text for count into buf; returns 1 if it was suppressed. */
int agg_fmt_count(char *buf, size_t size, int64_t count, int threshold);
int agg_is_suppressed(int64_t count, int threshold);
/* The value a row sorts by when rows go by a count: the count when it is published (flag
 * AGG_SHOW), and 1 for every withheld one ("<3" or ".."), so that withheld counts sort
 * together, after every published count of threshold or more and before published zeros,
 * and the order tells nothing about which of them is larger. Break ties by name. */
int64_t agg_order_value(int64_t count, unsigned char flag);
/* Text for a flagged cell: the count, "<threshold" or ".."; returns 1 if hidden. */
int agg_fmt_cell(char *buf, size_t size, int64_t count, unsigned char flag, int threshold);

/* Primary and secondary suppression of one published table (doc/aggregates.md). v and
 * flags are rows × cols, row-major, margins included: when col_totals, the last row holds
 * the column totals; when row_totals, the last column holds the row totals. A 1-D table
 * with its total is rows = n+1, cols = 1, col_totals = 1, row_totals = 0. flags receives
 * enum agg_flag per cell. Counts must be ≥ 0 and the totals must add up. */
void agg_suppress(const int64_t *v, size_t rows, size_t cols, int row_totals, int col_totals,
		  int threshold, unsigned char *flags);
/* One equation that other tables share: v[0 … n−2] add up to v[n−1], and flags already say
 * which of them are withheld (primary ones, and the sum as the table that prints it flags
 * it). If exactly one is withheld, the smallest non-zero shown part is hidden too
 * (AGG_HIDE_SECONDARY), as agg_suppress does for a line; returns 1 if it hid one. */
int agg_suppress_line(const int64_t *v, unsigned char *flags, size_t n);

#endif
