/* official.c - official statistics over a period and its baseline (official.h): figures
 * grouped by area and crime type, summed over the period, marked, hidden when small, and
 * compared with the exact test of change.c. */
#include "official.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The days a figure stands for. */
void off_figure_days(const struct official *o, rec_day *first, rec_day *last)
{
	if (o->month) {
		*first = rec_day_from_ymd(o->year, o->month, 1);
		*last = *first + rec_days_in_month(o->year, o->month) - 1;
	} else {
		*first = rec_day_from_ymd(o->year, 1, 1);
		*last = rec_day_from_ymd(o->year, 12, 31);
	}
}

/* Sums of one granularity (yearly or monthly figures) in one period. */
struct sums {
	int64_t count, rate_x100, days;
	int n, preliminary, rate_missing;
};

static void add_figure(struct sums *s, const struct official *o, rec_day first, rec_day last)
{
	s->count += o->count;
	s->days += last - first + 1;
	s->n++;
	s->preliminary |= (o->flags & REC_OFF_PRELIMINARY) != 0;
	if (o->rate_x100 < 0)
		s->rate_missing = 1;
	else
		s->rate_x100 += o->rate_x100;
}

/* Accumulates the figures of one area and crime type (idx[0..n)) into v for period p. */
static void value_of(const struct rec_store *s, const uint32_t *idx, size_t n,
		     const struct period *p, int threshold, struct off_value *v)
{
	struct sums by[2] = {{0}}; /* [0] yearly, [1] monthly */
	for (size_t i = 0; i < n; i++) {
		const struct official *o = &s->officials[idx[i]];
		rec_day first, last;
		off_figure_days(o, &first, &last);
		if (first >= p->first && last <= p->last)
			add_figure(&by[o->month != 0], o, first, last);
	}
	int64_t days = (int64_t)p->last - p->first + 1;
	/* yearly figures when they cover the period; else the monthly ones */
	const struct sums *use = by[0].n && by[0].days == days ? &by[0] : by[1].n ? &by[1] : &by[0];
	memset(v, 0, sizeof(*v));
	v->count = use->count;
	v->n_figures = use->n;
	v->complete = use->n > 0 && use->days == days;
	v->preliminary = use->preliminary;
	v->rate_x100 = use->n && !use->rate_missing ? use->rate_x100 : -1;
	v->flag = use->n && agg_is_suppressed(use->count, threshold) ? AGG_HIDE_SMALL : AGG_SHOW;
}

double off_exposure(const struct period *p, long inhabitants)
{
	double days = (double)p->last - p->first + 1;
	return inhabitants > 0 ? days * (double)inhabitants : days;
}

/* ---- grouping and order ---- */

/* qsort has no context argument: the store being grouped (one table at a time). */
static const struct rec_store *sort_store;

static int by_key(const void *a, const void *b)
{
	const struct official *x = &sort_store->officials[*(const uint32_t *)a];
	const struct official *y = &sort_store->officials[*(const uint32_t *)b];
	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	if (x->crime != y->crime)
		return x->crime < y->crime ? -1 : 1;
	return 0;
}

static enum off_order row_order;

/* Configured areas in role order (municipality, county, country), then the others by name. */
static int cmp_area(const struct off_row *x, const struct off_row *y, const struct config *cfg)
{
	int rx = x->area < 0 ? 3 : (int)cfg->areas[x->area].role;
	int ry = y->area < 0 ? 3 : (int)cfg->areas[y->area].role;
	return rx != ry ? rx - ry : strcmp(x->area_name, y->area_name);
}

static const struct config *sort_cfg;

static int by_order(const void *a, const void *b)
{
	const struct off_row *x = a, *y = b;
	int c = strcmp(x->crime_name, y->crime_name);
	int ar = cmp_area(x, y, sort_cfg);
	if (row_order == OFF_BY_AREA_CRIME)
		return ar ? ar : c;
	return c ? c : ar;
}

static void test_change(struct off_row *r, const struct config *cfg, const struct period *cur,
			const struct period *base)
{
	long inh_cur = config_area_population(cfg, r->area, cur->year);
	long inh_base = config_area_population(cfg, r->area, base->year);
	if (inh_cur <= 0 || inh_base <= 0)
		inh_cur = inh_base = 0; /* days alone: the population is the same or unknown */
	r->exposure_cur = off_exposure(cur, inh_cur);
	r->exposure_base = off_exposure(base, inh_base);
	/* a period the figures do not cover says nothing about a change: no claim */
	int withheld = r->cur.flag != AGG_SHOW || r->base.flag != AGG_SHOW || !r->cur.complete ||
		       !r->base.complete;
	change_test(r->cur.count, r->base.count, r->exposure_cur, r->exposure_base, withheld,
		    &r->change);
}

struct off_table *off_table_by(const struct rec_store *s, const struct config *cfg,
			       const struct period *cur, const struct period *base, int category,
			       enum off_order order)
{
	struct off_table *t = xcalloc(1, sizeof(*t));
	size_t n = 0;
	uint32_t *idx = xcalloc(s->n_officials + 1, sizeof(*idx));
	rec_day lo = cur->first, hi = cur->last;
	if (base) {
		lo = base->first < lo ? base->first : lo;
		hi = base->last > hi ? base->last : hi;
	}
	for (size_t i = 0; i < s->n_officials; i++) {
		rec_day first, last;
		off_figure_days(&s->officials[i], &first, &last);
		if (last >= lo && first <= hi)
			idx[n++] = (uint32_t)i;
	}
	sort_store = s;
	qsort(idx, n, sizeof(*idx), by_key);
	size_t cap = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && by_key(&idx[i], &idx[j]) == 0)
			j++;
		const struct official *o = &s->officials[idx[i]];
		const char *crime = rec_str(s, o->crime);
		int cat = config_crime_category(cfg, crime);
		if (category < 0 || cat == category) {
			struct off_row r = {0};
			r.area_name = rec_str(s, o->area);
			r.crime_name = crime;
			r.area = config_find_area(cfg, r.area_name);
			r.category = cat;
			value_of(s, &idx[i], j - i, cur, cfg->small_count_threshold, &r.cur);
			if (base)
				value_of(s, &idx[i], j - i, base, cfg->small_count_threshold, &r.base);
			if (r.cur.n_figures || r.base.n_figures) {
				if (base)
					test_change(&r, cfg, cur, base);
				t->rows = xgrow(t->rows, &cap, t->n_rows, sizeof(*t->rows));
				t->rows[t->n_rows++] = r;
			}
		}
		i = j;
	}
	free(idx);
	sort_cfg = cfg;
	row_order = t->order = order;
	if (t->n_rows) /* rows is NULL when nothing matched: qsort's pointer must not be */
		qsort(t->rows, t->n_rows, sizeof(*t->rows), by_order);
	return t;
}

void off_table_free(struct off_table *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t);
}

int off_order_parse(const char *by)
{
	if (strcmp(by, "crime-type,area") == 0 || strcmp(by, "crime-type") == 0)
		return OFF_BY_CRIME_AREA;
	if (strcmp(by, "area,crime-type") == 0 || strcmp(by, "area") == 0)
		return OFF_BY_AREA_CRIME;
	return -1;
}
