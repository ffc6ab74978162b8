/* disclose.h - disclosure control over everything one run publishes (issue 11, SPEC.md §4).
 *
 * compose() withholds the small counts of each table it builds (aggregate.c's rules, table by
 * table). disclose_run() looks at all the trees one run publishes together — the report and
 * every department version — as one system of equations: every published count (incidents,
 * people reached) is a variable named by its meaning (measure, dimension keys, department,
 * period), the same meaning printed twice is one variable, and totals are the sums of their
 * parts along every dimension. For each count withheld as small ("<t") it finds, with a
 * linear program (GLPK), the smallest and largest value the shown numbers allow; while that
 * interval does not cover 1 … t−1 it withholds one more count near the cell: the first, in
 * order of distance, that widens the interval ("<t" cells first, as ".."; then shown counts,
 * smallest first). The result is a set of meanings to withhold; compose
 * builds the trees again with it (compose_input.withhold), so that every cell, sentence,
 * tile, chart label and alternative text that prints such a number says ".." instead.
 * See doc/aggregates.md ("One pass over the run") for the rule and its limits. */
#ifndef TRYGG_DISCLOSE_H
#define TRYGG_DISCLOSE_H

#include <stddef.h>
#include <stdint.h>

struct doc;
struct doc_value;

/* The meaning of a count, canonical: (dimension, key) pairs sorted by dimension (the
 * department a version is filtered to counts as the department dimension). */
struct disclose_key {
	int32_t first, last; /* the period's days */
	int32_t key[3];
	signed char dim[3];
	unsigned char measure, n;
};

/* Meanings the pass withholds beyond compose's own rules; sorted, for disclose_has(). */
struct disclose_set {
	struct disclose_key *keys;
	size_t n, cap;
};

struct disclose_stats {
	size_t variables, relations, primary; /* the model: cells, equations, "<t" cells */
	size_t lps;                           /* linear programs solved */
	size_t withheld;                      /* further cells withheld */
	size_t unprotected;                   /* "<t" cells no further cell could protect */
};

/* Whether the pass withholds the count v means (v may be any value: only counts and people
 * reached are ever in the set). */
int disclose_has(const struct disclose_set *s, const struct doc_value *v);
void disclose_set_free(struct disclose_set *s);

/* Audits the n trees of one run with the small-count threshold and adds to *out what must be
 * withheld further (nothing when every "<t" is protected). Returns how many meanings it
 * added, or -1 when the LP solver fails (never expected: the true numbers are a solution). */
long disclose_run(struct doc *const *trees, size_t n, int threshold, struct disclose_set *out,
		  struct disclose_stats *st);

#endif
