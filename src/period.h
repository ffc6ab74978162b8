/* period.h - the periods a report covers: a season of a year (from the configuration), a
 * month, a quarter, an ISO 8601 week, a year or a range of days; parsing (SPEC.md §6), their
 * Swedish names, ISO weeks and the baseline a year or a period earlier.
 *
 * Ownership: a struct period is a value (no pointers); functions fill the caller's. */
#ifndef TRYGG_PERIOD_H
#define TRYGG_PERIOD_H

#include "diag.h"
#include "record.h"

struct config;

enum period_kind { PERIOD_SEASON, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_WEEK, PERIOD_YEAR, PERIOD_RANGE };

struct period {
	enum period_kind kind;
	int season;          /* PERIOD_SEASON: index into cfg->seasons */
	int num;             /* month 1-12, quarter 1-4, ISO week 1-53 */
	rec_day first, last; /* inclusive */
	int year;            /* the year the period belongs to (for population) */
	char id[64];         /* canonical, used in file names: "sommar-2018" */
	char label_sv[96];   /* "sommaren 2018", "juli 2018" */
	char title_sv[96];   /* "Sommar 2018" */
};

/* Parses PERIOD (SPEC.md §6). Errors: DIAG_EX_USAGE with the accepted forms. */
int period_parse(const char *s, const struct config *cfg, struct period *out, struct diag *d);
/* The same period one year earlier (seasons re-evaluated for that year; week 53 becomes
 * week 52 where the earlier year has none). */
void period_previous_year(const struct period *p, const struct config *cfg, struct period *out);
/* The period of the same length ending the day before p starts. */
void period_previous_period(const struct period *p, struct period *out);
/* Parses BASE: "previous-year", "previous-period", "none" (returns 1: no baseline) or a
 * PERIOD. Returns 0 with *out filled, 1 for none, -1 on error. */
int period_parse_baseline(const char *s, const struct period *cur, const struct config *cfg,
			  struct period *out, struct diag *d);
/* The last n_months calendar months up to the end of cur, as a range (a trend by month). */
void period_last_months(const struct period *cur, int n_months, struct period *out);
/* ISO 8601 week: Monday of week w of ISO year y; and the ISO year/week of a day. */
rec_day period_iso_week_start(int y, int w);
void period_iso_week_of(rec_day day, int *y, int *w);
int period_iso_weeks_in_year(int y);
/* Months since year 0 of the month a day is in (y * 12 + m - 1). */
int period_month_index(rec_day day);

#endif
