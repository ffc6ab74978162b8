/* normalize.h - strings → typed records: dates, times, money, counts, categories, localities,
 * departments; rejects with file:line and a reason a coordinator can act on; personal identity
 * numbers redacted before anything else sees a value.
 *
 * Ownership: functions borrow their arguments; records and rejects go into the store. */
#ifndef TRYGG_NORMALIZE_H
#define TRYGG_NORMALIZE_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "profile.h"
#include "record.h"

/* Reads every source of cfg (globs expanded, files in name order) into s. A source that cannot
 * be read is recorded in its stats (failed, failure) and the others go on: this returns 0
 * unless nothing at all could be read, which is not an error either; it exists for future
 * fatal conditions and always fills d on -1. */
int norm_load_sources(const struct config *cfg, struct rec_store *s, struct diag *d);

/* Value parsers, exposed for tests and fuzzing. Each returns 0 on success or -1 and points
 * *why at a static Swedish-free English reason. */
int norm_parse_date(const char *v, enum prof_date fmt, rec_day *day, int *minute,
		    const char **why);
int norm_parse_time(const char *v, int *minute, const char **why);
/* A statistics year: "2018", or "2026 prel." (Brå's mark of a preliminary year; "prel"
 * without the dot and any case are accepted too) with *preliminary set. 1900-2999. */
int norm_parse_stat_year(const char *v, int *year, int *preliminary, const char **why);
/* A month as 1-12 or a Swedish name or abbreviation ("juli", "Jul", "aug."). */
int norm_parse_month(const char *v, int *month, const char **why);
/* The most one row may cost, 1 000 000 000 kr (in öre), and the most all rows of one run
 * together may: a row beyond the first, or a row that would take the total beyond the
 * second, is rejected with the reason. Every sum trygg forms is a sum over some of the
 * rows, so none can pass NORM_MONEY_TOTAL_MAX_ORE (1e16 öre), and differences and
 * percentages of two sums stay far inside int64_t. */
#define NORM_MONEY_MAX_ORE (INT64_C(1000000000) * 100)
#define NORM_MONEY_TOTAL_MAX_ORE (NORM_MONEY_MAX_ORE * 100000)

/* Money into öre. decimal is ',' or '.'; dot_thousands allows "1.234" when decimal is ','. */
int norm_parse_money(const char *v, char decimal, int dot_thousands, int64_t *ore,
		     const char **why);
/* A non-negative decimal with at most two decimals, as hundredths (hours). */
int norm_parse_hundredths(const char *v, char decimal, int64_t *out, const char **why);
int norm_parse_count(const char *v, int64_t *out, const char **why);

/* Replaces every Luhn-valid Swedish personal identity or co-ordination number (10 or 12
 * digits, with or without century; between the date part and the last four digits nothing
 * or up to three separators: '-', '+', space, no-break space, dashes, the minus sign; see
 * doc/ingest.md) in s with 'X's, in place, separators kept. Returns how many it replaced. */
int norm_redact_pnr(char *s);

#endif
