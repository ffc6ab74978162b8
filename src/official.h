/* official.h - official statistics (Brå's police-reported crime) over a period and its
 * baseline: one row per area and crime type, with the count, the rate per 100 000
 * inhabitants, the preliminary mark, and whether the change is larger than chance. Reads
 * only the store's officials: these figures are never mixed into the municipality's own.
 *
 * Ownership: off_table_by() returns a table freed with off_table_free(); its names point
 * into the record store and the configuration, so free the table before either. */
#ifndef TRYGG_OFFICIAL_H
#define TRYGG_OFFICIAL_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "change.h"
#include "config.h"
#include "record.h"

/* One area and crime type in one period. The figures used are the yearly ones when they
 * cover the whole period, else the monthly ones; a figure counts only when its year or
 * month lies wholly inside the period. */
struct off_value {
	int64_t count;
	int64_t rate_x100;  /* sum of the figures' rates per 100 000, in hundredths; -1 if any lacks one */
	int n_figures;      /* figures summed (0: nothing for this period) */
	int complete;       /* the figures cover every day of the period */
	int preliminary;    /* a figure is marked preliminary */
	unsigned char flag; /* enum agg_flag: counts 1..threshold-1 are hidden as everywhere */
};

struct off_row {
	const char *area_name, *crime_name; /* as exported */
	int area;     /* index into cfg->areas, or -1 for an area the configuration does not name */
	int category; /* the configuration's category for this crime type, or -1 */
	struct off_value cur, base;
	/* Filled when there is a baseline: no claim unless both periods are complete and no
	 * count is hidden. Exposure: days, times the area's inhabitants when the configuration
	 * knows them for both years. */
	struct change_result change;
	double exposure_cur, exposure_base;
};

/* Row order: crime type first (then municipality, county, country, other areas), or area
 * first. */
enum off_order { OFF_BY_CRIME_AREA, OFF_BY_AREA_CRIME };

struct off_table {
	struct off_row *rows;
	size_t n_rows;
	enum off_order order;
};

/* Rows for every area and crime type with a figure in cur or base (base may be NULL);
 * category >= 0 keeps the crime types the configuration maps to that category. */
struct off_table *off_table_by(const struct rec_store *s, const struct config *cfg,
			       const struct period *cur, const struct period *base, int category,
			       enum off_order order);
void off_table_free(struct off_table *t);

/* "crime-type,area" / "area,crime-type" (or either alone, the other second); -1 if not. */
int off_order_parse(const char *by);

/* The days one figure stands for: its month, or its year. */
void off_figure_days(const struct official *o, rec_day *first, rec_day *last);

/* The exposure of a period for a change test: its days, times inhabitants when inh > 0. */
double off_exposure(const struct period *p, long inhabitants);

#endif
