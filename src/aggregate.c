/* aggregate.c - the group-by tables the report publishes over the periods of period.c;
 * small-count suppression at publication. */
#include "aggregate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

unsigned long agg_group_by_calls;
void (*agg_group_by_hook)(const char *what, int dim, int dim2, const struct period *p,
			  const struct period *b, const struct agg_filter *f);

static void count_group_by(const char *what, int dim, int dim2, const struct period *p,
			   const struct period *b, const struct agg_filter *f)
{
	agg_group_by_calls++;
	if (agg_group_by_hook)
		agg_group_by_hook(what, dim, dim2, p, b, f);
}

/* ---- dimensions ---- */

static const char *const dim_names[AGG_N_DIMS] = {
	"category", "locality", "department", "site", "month", "week", "weekday", "hour", "source"};

int agg_dim_parse(const char *name)
{
	for (int i = 0; i < AGG_N_DIMS; i++)
		if (strcmp(name, dim_names[i]) == 0)
			return i;
	return -1;
}

const char *agg_dim_name(enum agg_dim dim)
{
	return (unsigned)dim < AGG_N_DIMS ? dim_names[dim] : "";
}

const char *agg_dim_title_sv(enum agg_dim dim)
{
	return (unsigned)dim < AGG_N_DIMS ? words_of(WORDS_SV)->dim_title[dim] : "";
}

static int month_index(rec_day day)
{
	return period_month_index(day);
}

static rec_day monday_of(rec_day day)
{
	return day - rec_weekday(day);
}

/* Months / weeks a period touches; 0 without a period. */
static size_t period_slots(enum agg_dim dim, const struct period *p)
{
	if (!p)
		return 0;
	if (dim == AGG_DIM_MONTH)
		return (size_t)(month_index(p->last) - month_index(p->first) + 1);
	return (size_t)((monday_of(p->last) - monday_of(p->first)) / 7 + 1);
}

static int passes(const struct incident *in, const struct agg_filter *f)
{
	return !f || ((f->category < 0 || in->category == f->category) &&
		      (f->locality < 0 || in->locality == f->locality) &&
		      (f->department < 0 || in->department == f->department));
}

struct acc {
	int64_t count_cur, count_base, cost_cur, cost_base;
	int64_t rows_cur, rows_base, nocost_cur, nocost_base; /* records, and those without cost */
};

/* enum agg_reported of a sum over n records of which missing do not report it. */
static unsigned char reported(int64_t n, int64_t missing)
{
	return missing == 0 ? AGG_REPORTED : missing < n ? AGG_PARTLY_REPORTED : AGG_NOT_REPORTED;
}

/* One side of a table: the rows a dimension has for a period (and its baseline), the map
 * from an incident's raw key to its row, and per-row sums. Built in one pass over the
 * store, which a cross table then reuses for its second pass. */
struct axis {
	enum agg_dim dim;
	const struct period *cur, *base;
	int anchor_cur, anchor_base; /* first month index or Monday of the period */
	size_t n_raw;                /* raw keys are 0 … n_raw−1, or −1 for "missing" */
	int32_t *row_of;             /* raw key → row, −1 = none */
	size_t n_rows;
	int *keys;
	const char **labels;
	struct acc *acc;
	int missing_row; /* −1 when no row collects missing values */
};

static int anchor_of(enum agg_dim dim, const struct period *p)
{
	if (!p)
		return 0;
	return dim == AGG_DIM_MONTH ? month_index(p->first) : (int)monday_of(p->first);
}

/* The incident's raw key in dim relative to period p (months and weeks count from the
 * period's start); −1 when the incident has no value for the dimension. */
static long raw_key(const struct axis *ax, const struct incident *in, int anchor)
{
	long k;
	switch (ax->dim) {
	case AGG_CATEGORY: k = in->category; break;
	case AGG_LOCALITY: k = in->locality; break;
	case AGG_DEPARTMENT: k = in->department; break;
	case AGG_SITE: k = in->site ? (long)in->site : -1; break;
	case AGG_DIM_MONTH: k = month_index(in->day) - anchor; break;
	case AGG_DIM_WEEK: k = (monday_of(in->day) - anchor) / 7; break;
	case AGG_WEEKDAY: k = rec_weekday(in->day); break;
	case AGG_HOUR: k = in->minute < 0 ? -1 : in->minute / 60; break;
	case AGG_SOURCE: k = in->source; break;
	default: k = -1; break;
	}
	return k >= 0 && (size_t)k < ax->n_raw ? k : -1;
}

static const char *missing_label(enum agg_dim dim)
{
	switch (dim) {
	case AGG_SITE: return words_of(WORDS_SV)->missing_site;
	case AGG_HOUR: return words_of(WORDS_SV)->missing_time;
	default: return words_of(WORDS_SV)->missing;
	}
}

/* An axis's rows before the table is built; sites go by name here (an order that does not
 * depend on any count), the rest keep key order. Tables put sites in count order once their
 * flags are known (sort_sites, cross_sort_sites). */
struct sort_item {
	struct acc a;
	int key;
	const char *label;
};

static int by_label(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = strcmp(a->label, b->label);
	return c ? c : (a->key > b->key) - (a->key < b->key);
}

static const char *raw_label(const struct axis *ax, const struct rec_store *s,
			     const struct config *cfg, size_t k, struct arena *ar)
{
	char buf[64];
	switch (ax->dim) {
	case AGG_CATEGORY: return cfg->categories[k].label_sv;
	case AGG_LOCALITY: return cfg->localities[k].name;
	case AGG_DEPARTMENT: return cfg->departments[k].name;
	case AGG_SITE: return rec_str(s, (uint32_t)k);
	case AGG_WEEKDAY: return words_of(WORDS_SV)->weekday_lower[k];
	case AGG_HOUR:
		snprintf(buf, sizeof(buf), "%02zu\xE2\x80\x93%02zu", k, k + 1);
		break;
	case AGG_SOURCE: {
		const char *f = s->sources[k].file;
		const char *slash = strrchr(f, '/');
		return slash ? slash + 1 : f;
	}
	case AGG_DIM_MONTH:
	case AGG_DIM_WEEK: {
		/* positions past the current period's length only exist in a longer baseline */
		const struct period *p = k < period_slots(ax->dim, ax->cur) ? ax->cur : ax->base;
		rec_day day = ax->dim == AGG_DIM_MONTH ? 0 : monday_of(p->first) + (rec_day)k * 7;
		if (ax->dim == AGG_DIM_MONTH) {
			int mi = month_index(p->first) + (int)k;
			snprintf(buf, sizeof(buf), "%s %d", words_of(WORDS_SV)->month[mi % 12], mi / 12);
		} else {
			int y, w;
			period_iso_week_of(day, &y, &w);
			snprintf(buf, sizeof(buf), "v. %d %d", w, y);
		}
		break;
	}
	default: return "";
	}
	return arena_strdup(ar, buf);
}

/* Adds an incident that passes f to its raw key's sums for the period (base 0) or the
 * baseline (base 1). */
static void acc_add(const struct axis *ax, struct acc *raw, const struct incident *in,
		    const struct agg_filter *f, int base)
{
	if (!passes(in, f))
		return;
	long k = raw_key(ax, in, base ? ax->anchor_base : ax->anchor_cur);
	struct acc *a = &raw[k < 0 ? ax->n_raw : (size_t)k];
	int nocost = (in->flags & REC_INC_NO_COST) != 0;
	if (base) {
		a->count_base += in->count;
		a->cost_base += in->cost_ore;
		a->rows_base++;
		a->nocost_base += nocost;
	} else {
		a->count_cur += in->count;
		a->cost_cur += in->cost_ore;
		a->rows_cur++;
		a->nocost_cur += nocost;
	}
}

static void axis_build(struct axis *ax, const struct rec_store *s, const struct config *cfg,
		       enum agg_dim dim, const struct period *cur, const struct period *base,
		       const struct agg_filter *f, struct arena *ar)
{
	memset(ax, 0, sizeof(*ax));
	ax->dim = dim;
	ax->cur = cur;
	ax->base = base;
	ax->anchor_cur = anchor_of(dim, cur);
	ax->anchor_base = anchor_of(dim, base);
	int sparse = dim == AGG_SITE || dim == AGG_SOURCE;
	switch (dim) {
	case AGG_CATEGORY: ax->n_raw = cfg->n_categories; break;
	case AGG_LOCALITY: ax->n_raw = cfg->n_localities; break;
	case AGG_DEPARTMENT: ax->n_raw = cfg->n_departments; break;
	case AGG_SITE: ax->n_raw = s->n_strs ? s->n_strs : 1; break;
	case AGG_WEEKDAY: ax->n_raw = 7; break;
	case AGG_HOUR: ax->n_raw = 24; break;
	case AGG_SOURCE: ax->n_raw = s->n_sources; break;
	case AGG_DIM_MONTH:
	case AGG_DIM_WEEK: {
		size_t a = period_slots(dim, cur), b = period_slots(dim, base);
		ax->n_raw = a > b ? a : b;
		break;
	}
	default: break;
	}
	/* raw sums; slot n_raw collects the missing values */
	struct acc *raw = xcalloc(ax->n_raw + 1, sizeof(*raw));
	size_t nd;
	const uint32_t *idx = cur ? rec_days(s, cur->first, cur->last, &nd) : NULL;
	if (idx) {
		/* the day index: the period's days, then the baseline's (sums do not depend on
		 * the order in which rows are added) */
		for (size_t j = 0; j < nd; j++)
			acc_add(ax, raw, &s->incidents[idx[j]], f, 0);
		const uint32_t *bidx = base ? rec_days(s, base->first, base->last, &nd) : NULL;
		for (size_t j = 0; bidx && j < nd; j++)
			acc_add(ax, raw, &s->incidents[bidx[j]], f, 1);
	}
	for (size_t i = 0; !idx && i < s->n_incidents; i++) {
		const struct incident *in = &s->incidents[i];
		if (cur && in->day >= cur->first && in->day <= cur->last)
			acc_add(ax, raw, in, f, 0);
		if (base && in->day >= base->first && in->day <= base->last)
			acc_add(ax, raw, in, f, 1);
	}
	struct sort_item *items = xcalloc(ax->n_raw + 1, sizeof(*items));
	size_t n = 0;
	for (size_t k = 0; k < ax->n_raw; k++) {
		const struct acc *a = &raw[k];
		if (sparse && !a->count_cur && !a->count_base && !a->cost_cur && !a->cost_base)
			continue;
		items[n].a = *a;
		items[n].key = (int)k;
		items[n].label = raw_label(ax, s, cfg, k, ar);
		n++;
	}
	if (dim == AGG_SITE)
		qsort(items, n, sizeof(*items), by_label);
	const struct acc *m = &raw[ax->n_raw];
	ax->missing_row = -1;
	if (m->count_cur || m->count_base || m->cost_cur || m->cost_base) {
		items[n].a = *m;
		items[n].key = AGG_KEY_MISSING;
		items[n].label = missing_label(dim);
		ax->missing_row = (int)n++;
	}
	ax->n_rows = n;
	ax->keys = xcalloc(n + 1, sizeof(*ax->keys));
	ax->labels = xcalloc(n + 1, sizeof(*ax->labels));
	ax->acc = xcalloc(n + 1, sizeof(*ax->acc));
	ax->row_of = xmalloc((ax->n_raw + 1) * sizeof(*ax->row_of));
	for (size_t k = 0; k <= ax->n_raw; k++)
		ax->row_of[k] = -1;
	for (size_t r = 0; r < n; r++) {
		ax->keys[r] = items[r].key;
		ax->labels[r] = items[r].label;
		ax->acc[r] = items[r].a;
		if (items[r].key >= 0)
			ax->row_of[items[r].key] = (int32_t)r;
	}
	free(items);
	free(raw);
}

static void axis_free(struct axis *ax)
{
	free(ax->row_of);
	free(ax->keys);
	free(ax->labels);
	free(ax->acc);
}

/* Row of an incident on an axis for period p (anchor = the period's anchor). */
static int axis_row(const struct axis *ax, const struct incident *in, int anchor)
{
	long k = raw_key(ax, in, anchor);
	return k < 0 ? ax->missing_row : ax->row_of[k];
}

/* ---- tables ---- */

int64_t agg_order_value(int64_t count, unsigned char flag)
{
	return flag == AGG_SHOW ? count : 1;
}

/* Count order: the published value of the current period descending, then the name (and the
 * key, for two sites whose names differ only in what folding removed). */
static int by_published_count(int64_t va, const char *la, int ka, int64_t vb, const char *lb,
			      int kb)
{
	if (va != vb)
		return va > vb ? -1 : 1;
	int c = strcmp(la, lb);
	return c ? c : (ka > kb) - (ka < kb);
}

static int row_by_count(const void *pa, const void *pb)
{
	const struct agg_row *a = pa, *b = pb;
	return by_published_count(agg_order_value(a->count_cur, a->flag_cur), a->label, a->key,
				  agg_order_value(b->count_cur, b->flag_cur), b->label, b->key);
}

/* Sites in count order, withheld counts alike (agg_order_value); the row of incidents
 * without a site stays last. */
static void sort_sites(struct agg_table *t)
{
	size_t n = t->n_rows;
	if (n && t->rows[n - 1].key == AGG_KEY_MISSING)
		n--;
	if (n > 1)
		qsort(t->rows, n, sizeof(*t->rows), row_by_count);
}

/* Flags one column of a 1-D table (rows, then the total) through agg_suppress. */
static void flag_column(struct agg_row *rows, size_t n, struct agg_row *total, int base,
			int threshold)
{
	int64_t *v = xcalloc(n + 1, sizeof(*v));
	unsigned char *fl = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++)
		v[i] = base ? rows[i].count_base : rows[i].count_cur;
	v[n] = base ? total->count_base : total->count_cur;
	agg_suppress(v, n + 1, 1, 0, 1, threshold, fl);
	for (size_t i = 0; i <= n; i++) {
		struct agg_row *r = i < n ? &rows[i] : total;
		if (base)
			r->flag_base = fl[i];
		else
			r->flag_cur = fl[i];
	}
	free(v);
	free(fl);
}

struct agg_table *agg_table_by(const struct rec_store *s, const struct config *cfg,
			       enum agg_dim dim, const struct period *cur,
			       const struct period *base, const struct agg_filter *f)
{
	count_group_by("table", dim, -1, cur, base, f);
	struct agg_table *t = xcalloc(1, sizeof(*t));
	struct axis ax;
	axis_build(&ax, s, cfg, dim, cur, base, f, &t->arena);
	t->n_rows = ax.n_rows;
	t->rows = xcalloc(t->n_rows + 1, sizeof(*t->rows));
	t->total.key = -1;
	t->total.label = "Totalt";
	int64_t rows_cur = 0, nocost_cur = 0, rows_base = 0, nocost_base = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		struct agg_row *r = &t->rows[i];
		r->key = ax.keys[i];
		r->label = ax.labels[i];
		r->count_cur = ax.acc[i].count_cur;
		r->count_base = ax.acc[i].count_base;
		r->cost_cur = ax.acc[i].cost_cur;
		r->cost_base = ax.acc[i].cost_base;
		r->cost_cur_reported = reported(ax.acc[i].rows_cur, ax.acc[i].nocost_cur);
		r->cost_base_reported = reported(ax.acc[i].rows_base, ax.acc[i].nocost_base);
		t->total.count_cur += r->count_cur;
		t->total.count_base += r->count_base;
		t->total.cost_cur += r->cost_cur;
		t->total.cost_base += r->cost_base;
		rows_cur += ax.acc[i].rows_cur, nocost_cur += ax.acc[i].nocost_cur;
		rows_base += ax.acc[i].rows_base, nocost_base += ax.acc[i].nocost_base;
	}
	t->total.cost_cur_reported = reported(rows_cur, nocost_cur);
	t->total.cost_base_reported = reported(rows_base, nocost_base);
	axis_free(&ax);
	int th = cfg->small_count_threshold;
	flag_column(t->rows, t->n_rows, &t->total, 0, th);
	flag_column(t->rows, t->n_rows, &t->total, 1, th);
	if (dim == AGG_SITE)
		sort_sites(t);
	return t;
}

struct agg_table *agg_incidents_by(const struct rec_store *s, const struct config *cfg,
				   enum agg_dim dim, const struct period *cur,
				   const struct period *base)
{
	return agg_table_by(s, cfg, dim, cur, base, NULL);
}

void agg_table_free(struct agg_table *t)
{
	if (!t)
		return;
	free(t->rows);
	arena_free(&t->arena);
	free(t);
}

struct line_order {
	int64_t value; /* agg_order_value of the line's total */
	const char *label;
	int key;
	size_t at; /* the line's index before sorting */
};

static int line_by_count(const void *pa, const void *pb)
{
	const struct line_order *a = pa, *b = pb;
	return by_published_count(a->value, a->label, a->key, b->value, b->label, b->key);
}

/* Puts the site rows (rows = 1) or columns of a cross table in count order of their totals as
 * published, as sort_sites does; the line without a site stays last, the totals line too. */
static void cross_sort_sites(struct agg_cross *c, int rows)
{
	size_t n = rows ? c->n_rows : c->n_cols, w = c->n_cols + 1, h = c->n_rows + 1;
	const char **labels = rows ? c->row_labels : c->col_labels;
	int *keys = rows ? c->row_keys : c->col_keys;
	size_t m = n && keys[n - 1] == AGG_KEY_MISSING ? n - 1 : n;
	if (m < 2)
		return;
	struct line_order *o = xcalloc(m, sizeof(*o));
	for (size_t i = 0; i < m; i++) {
		size_t at = rows ? i * w + c->n_cols : c->n_rows * w + i;
		o[i] = (struct line_order){agg_order_value(c->v[at], c->flags[at]), labels[i],
					   keys[i], i};
	}
	qsort(o, m, sizeof(*o), line_by_count);
	int64_t *v = xmalloc(w * h * sizeof(*v));
	unsigned char *fl = xmalloc(w * h);
	memcpy(v, c->v, w * h * sizeof(*v));
	memcpy(fl, c->flags, w * h);
	for (size_t i = 0; i < m; i++) {
		size_t from = o[i].at;
		labels[i] = o[i].label;
		keys[i] = o[i].key;
		for (size_t j = 0; j < (rows ? w : h); j++) {
			size_t dst = rows ? i * w + j : j * w + i, src = rows ? from * w + j : j * w + from;
			c->v[dst] = v[src];
			c->flags[dst] = fl[src];
		}
	}
	free(v);
	free(fl);
	free(o);
}

struct agg_cross *agg_cross_by(const struct rec_store *s, const struct config *cfg,
			       enum agg_dim row_dim, enum agg_dim col_dim, const struct period *p,
			       const struct agg_filter *f)
{
	count_group_by("cross", row_dim, col_dim, p, NULL, f);
	struct agg_cross *c = xcalloc(1, sizeof(*c));
	struct axis ra, ca;
	axis_build(&ra, s, cfg, row_dim, p, NULL, f, &c->arena);
	axis_build(&ca, s, cfg, col_dim, p, NULL, f, &c->arena);
	c->row_dim = row_dim;
	c->col_dim = col_dim;
	c->n_rows = ra.n_rows;
	c->n_cols = ca.n_rows;
	size_t w = c->n_cols + 1, h = c->n_rows + 1;
	c->v = xcalloc(w * h, sizeof(*c->v));
	c->flags = xcalloc(w * h, 1);
	c->row_labels = xcalloc(h, sizeof(*c->row_labels));
	c->col_labels = xcalloc(w, sizeof(*c->col_labels));
	c->row_keys = xcalloc(h, sizeof(*c->row_keys));
	c->col_keys = xcalloc(w, sizeof(*c->col_keys));
	for (size_t r = 0; r < c->n_rows; r++) {
		c->row_labels[r] = ra.labels[r];
		c->row_keys[r] = ra.keys[r];
	}
	for (size_t k = 0; k < c->n_cols; k++) {
		c->col_labels[k] = ca.labels[k];
		c->col_keys[k] = ca.keys[k];
	}
	c->row_labels[c->n_rows] = c->col_labels[c->n_cols] = "Totalt";
	c->row_keys[c->n_rows] = c->col_keys[c->n_cols] = -1;
	int anchor_r = ra.anchor_cur, anchor_c = ca.anchor_cur;
	size_t nd = 0;
	const uint32_t *idx = p ? rec_days(s, p->first, p->last, &nd) : NULL;
	size_t n_scan = idx ? nd : p ? s->n_incidents : 0;
	for (size_t j = 0; j < n_scan; j++) {
		const struct incident *in = &s->incidents[idx ? idx[j] : j];
		if (in->day < p->first || in->day > p->last || !passes(in, f))
			continue;
		int r = axis_row(&ra, in, anchor_r), k = axis_row(&ca, in, anchor_c);
		if (r < 0 || k < 0)
			continue; /* cannot happen: every incident of p has a row on both axes */
		c->v[(size_t)r * w + (size_t)k] += in->count;
		c->cost += in->cost_ore;
	}
	for (size_t r = 0; r < c->n_rows; r++)
		for (size_t k = 0; k < c->n_cols; k++) {
			int64_t x = c->v[r * w + k];
			c->v[r * w + c->n_cols] += x;
			c->v[c->n_rows * w + k] += x;
			c->v[c->n_rows * w + c->n_cols] += x;
		}
	axis_free(&ra);
	axis_free(&ca);
	agg_suppress(c->v, h, w, 1, 1, cfg->small_count_threshold, c->flags);
	if (row_dim == AGG_SITE)
		cross_sort_sites(c, 1);
	if (col_dim == AGG_SITE)
		cross_sort_sites(c, 0);
	return c;
}

struct agg_cross *agg_weekday_hour(const struct rec_store *s, const struct config *cfg,
				   const struct period *p, const struct agg_filter *f)
{
	return agg_cross_by(s, cfg, AGG_WEEKDAY, AGG_HOUR, p, f);
}

void agg_cross_free(struct agg_cross *c)
{
	if (!c)
		return;
	free(c->v);
	free(c->flags);
	free(c->row_labels);
	free(c->col_labels);
	free(c->row_keys);
	free(c->col_keys);
	arena_free(&c->arena);
	free(c);
}

int64_t agg_total_cost(const struct rec_store *s, const struct period *p,
		       const struct agg_filter *f)
{
	int64_t sum = 0;
	size_t nd = 0;
	const uint32_t *idx = p ? rec_days(s, p->first, p->last, &nd) : NULL;
	size_t n_scan = idx ? nd : p ? s->n_incidents : 0;
	for (size_t j = 0; j < n_scan; j++) {
		const struct incident *in = &s->incidents[idx ? idx[j] : j];
		if (in->day >= p->first && in->day <= p->last && passes(in, f))
			sum += in->cost_ore;
	}
	return sum;
}

int agg_total_cost_reported(const struct rec_store *s, const struct period *p,
			    const struct agg_filter *f)
{
	int64_t n = 0, missing = 0;
	size_t nd = 0;
	const uint32_t *idx = p ? rec_days(s, p->first, p->last, &nd) : NULL;
	size_t n_scan = idx ? nd : p ? s->n_incidents : 0;
	for (size_t j = 0; j < n_scan; j++) {
		const struct incident *in = &s->incidents[idx ? idx[j] : j];
		if (in->day >= p->first && in->day <= p->last && passes(in, f)) {
			n++;
			missing += (in->flags & REC_INC_NO_COST) != 0;
		}
	}
	return reported(n, missing);
}

size_t agg_unreported_departments(const struct rec_store *s, const struct config *cfg,
				  enum agg_quantity q, const struct period *p,
				  const struct agg_filter *f, int *deps)
{
	/* per department: 1 = has records, 2 = one of them reports q */
	unsigned char *seen = xcalloc(cfg->n_departments + 1, 1);
	int measures = q == AGG_Q_MEASURE_COST || q == AGG_Q_MEASURE_PEOPLE || q == AGG_Q_MEASURE_HOURS;
	/* the period's days only, when the store has its day index (the flags are an OR, so
	 * the order does not matter) */
	size_t nd = 0;
	const uint32_t *idx = p && !measures ? rec_days(s, p->first, p->last, &nd) : NULL;
	size_t n_scan = idx ? nd : p && !measures ? s->n_incidents : 0;
	for (size_t j = 0; j < n_scan; j++) {
		const struct incident *in = &s->incidents[idx ? idx[j] : j];
		if (in->day < p->first || in->day > p->last || !passes(in, f) ||
		    in->department >= cfg->n_departments)
			continue;
		int has = q == AGG_Q_INCIDENT_TIME ? in->minute >= 0 : !(in->flags & REC_INC_NO_COST);
		seen[in->department] |= (unsigned char)(1 | (has ? 2 : 0));
	}
	for (size_t i = 0; p && measures && i < s->n_measures; i++) {
		const struct measure *m = &s->measures[i];
		if (m->start > p->last || m->end < p->first || m->department >= cfg->n_departments)
			continue;
		if (f && f->department >= 0 && m->department != f->department)
			continue;
		if (f && f->locality >= 0 && m->locality != f->locality)
			continue;
		unsigned flag = q == AGG_Q_MEASURE_COST ? REC_MEA_NO_COST
			      : q == AGG_Q_MEASURE_PEOPLE ? REC_MEA_NO_PEOPLE : REC_MEA_NO_HOURS;
		seen[m->department] |= (unsigned char)(1 | (m->flags & flag ? 0 : 2));
	}
	size_t n = 0;
	for (size_t d = 0; d < cfg->n_departments; d++)
		if (seen[d] == 1)
			deps[n++] = (int)d;
	free(seen);
	return n;
}

/* ---- measures ---- */

struct agg_measure_table *agg_measures_by(const struct rec_store *s, const struct config *cfg,
					  enum agg_dim dim, const struct period *p,
					  const struct agg_filter *f)
{
	count_group_by("measures", dim, -1, p, NULL, f);
	struct agg_measure_table *t = xcalloc(1, sizeof(*t));
	int by_loc = dim == AGG_LOCALITY;
	size_t n = by_loc ? cfg->n_localities : cfg->n_departments;
	t->rows = xcalloc(n + 1, sizeof(*t->rows));
	for (size_t i = 0; i <= n; i++) {
		t->rows[i].key = i < n ? (int)i : AGG_KEY_MISSING;
		t->rows[i].label = i == n ? (by_loc ? "Hela kommunen" : "Uppgift saknas")
				   : by_loc ? cfg->localities[i].name : cfg->departments[i].name;
	}
	t->total.key = -1;
	t->total.label = "Totalt";
	for (size_t i = 0; p && i < s->n_measures; i++) {
		const struct measure *m = &s->measures[i];
		if (m->start > p->last || m->end < p->first)
			continue;
		if (f && f->department >= 0 && m->department != f->department)
			continue;
		if (f && f->locality >= 0 && m->locality != f->locality)
			continue;
		size_t k = by_loc ? m->locality : m->department;
		struct agg_measure_row *r = &t->rows[k < n ? k : n];
		r->n++;
		r->hours_x100 += m->hours_x100;
		r->cost_ore += m->cost_ore;
		r->people += m->people;
		r->n_no_cost += (m->flags & REC_MEA_NO_COST) != 0;
		r->n_no_people += (m->flags & REC_MEA_NO_PEOPLE) != 0;
		r->n_no_hours += (m->flags & REC_MEA_NO_HOURS) != 0;
	}
	/* the missing row only when something is in it, as in the incident tables */
	t->n_rows = t->rows[n].n ? n + 1 : n;
	int64_t *v = xcalloc(t->n_rows + 1, sizeof(*v));
	unsigned char *fl = xcalloc(t->n_rows + 1, 1);
	for (size_t i = 0; i < t->n_rows; i++) {
		struct agg_measure_row *r = &t->rows[i];
		t->total.n += r->n;
		t->total.hours_x100 += r->hours_x100;
		t->total.cost_ore += r->cost_ore;
		t->total.people += r->people;
		t->total.n_no_cost += r->n_no_cost;
		t->total.n_no_people += r->n_no_people;
		t->total.n_no_hours += r->n_no_hours;
		v[i] = r->people;
	}
	for (size_t i = 0; i <= t->n_rows; i++) {
		struct agg_measure_row *r = i < t->n_rows ? &t->rows[i] : &t->total;
		r->cost_reported = reported(r->n, r->n_no_cost);
		r->people_reported = reported(r->n, r->n_no_people);
		r->hours_reported = reported(r->n, r->n_no_hours);
	}
	v[t->n_rows] = t->total.people;
	agg_suppress(v, t->n_rows + 1, 1, 0, 1, cfg->small_count_threshold, fl);
	for (size_t i = 0; i < t->n_rows; i++)
		t->rows[i].flag_people = fl[i];
	t->total.flag_people = fl[t->n_rows];
	free(v);
	free(fl);
	return t;
}

void agg_measure_table_free(struct agg_measure_table *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t);
}

/* ---- rates and changes ---- */

int agg_rate_per_1000(const struct config *cfg, int locality, int year, int64_t count,
		      double *rate)
{
	long pop = locality < 0 ? config_population_total(cfg, year)
				: config_population(cfg, locality, year);
	if (pop <= 0)
		return -1;
	*rate = (double)count * 1000.0 / (double)pop;
	return 0;
}

void agg_fmt_rate(char *buf, size_t size, double rate)
{
	long tenths = (long)(rate * 10.0 + 0.5);
	snprintf(buf, size, "%ld,%ld", tenths / 10, tenths % 10);
}

void agg_change_of(const struct config *cfg, int64_t base, unsigned char base_flag,
		   int64_t cur, unsigned char cur_flag, struct agg_change *out)
{
	memset(out, 0, sizeof(*out));
	out->hidden = base_flag != AGG_SHOW || cur_flag != AGG_SHOW;
	if (out->hidden)
		return;
	out->diff = cur - base;
	out->has_pct = base > 0;
	if (out->has_pct)
		out->pct = 100.0 * (double)out->diff / (double)base;
	out->few = base < cfg->min_baseline_for_percent;
}

/* ---- suppression ---- */

int agg_is_suppressed(int64_t count, int threshold)
{
	return count >= 1 && count < threshold;
}

int agg_fmt_count(char *buf, size_t size, int64_t count, int threshold)
{
	if (agg_is_suppressed(count, threshold)) {
		snprintf(buf, size, "<%d", threshold);
		return 1;
	}
	util_fmt_int(buf, size, count);
	return 0;
}

int agg_fmt_cell(char *buf, size_t size, int64_t count, unsigned char flag, int threshold)
{
	if (flag == AGG_HIDE_SMALL || (flag == AGG_SHOW && agg_is_suppressed(count, threshold))) {
		snprintf(buf, size, "<%d", threshold);
		return 1;
	}
	if (flag == AGG_HIDE_SECONDARY) {
		snprintf(buf, size, "..");
		return 1;
	}
	util_fmt_int(buf, size, count);
	return 0;
}

/* Candidate order for a secondary suppression: the smallest non-zero count first (it hides
 * the least information), then zeros, which protect less because a reader may guess them. */
static int better_candidate(int64_t x, int64_t best, int have)
{
	if (!have)
		return 1;
	if ((x == 0) != (best == 0))
		return x != 0;
	return x < best;
}

/* One equation of the table: len cells at v[start + i·stride], the total among them. If
 * exactly one is hidden it could be computed from the others, so hide one more. */
static int fix_line(const int64_t *v, unsigned char *fl, size_t start, size_t stride,
		    size_t len)
{
	if (len < 2)
		return 0;
	size_t hidden = 0, best = 0;
	int have = 0;
	for (size_t i = 0; i < len; i++) {
		size_t at = start + i * stride;
		if (fl[at] != AGG_SHOW) {
			hidden++;
			continue;
		}
		if (better_candidate(v[at], v[best], have)) {
			best = at;
			have = 1;
		}
	}
	if (hidden != 1 || !have)
		return 0;
	fl[best] = AGG_HIDE_SECONDARY;
	return 1;
}

/* Bridge search over the graph whose nodes are the rows (0 … rows−1) and columns (rows …)
 * of a table with both margins and whose edges are the hidden cells. A hidden cell can be
 * worked out from the row and column equations exactly when it is a bridge of this graph
 * (it lies on no cycle): see doc/aggregates.md. */
struct bridge_graph {
	size_t nv;
	size_t *head, *next, *edge_cell; /* adjacency lists over half-edges */
	size_t *other;
	int *disc, *low;
	int time;
	size_t found; /* cell of a bridge, or SIZE_MAX */
};

static void bridge_dfs(struct bridge_graph *g, size_t u, size_t parent_half)
{
	g->disc[u] = g->low[u] = ++g->time;
	for (size_t h = g->head[u]; h != SIZE_MAX && g->found == SIZE_MAX; h = g->next[h]) {
		if (parent_half != SIZE_MAX && h == (parent_half ^ 1))
			continue;
		size_t w = g->other[h];
		if (!g->disc[w]) {
			bridge_dfs(g, w, h);
			if (g->low[w] < g->low[u])
				g->low[u] = g->low[w];
			if (g->low[w] > g->disc[u])
				g->found = g->edge_cell[h];
		} else if (g->disc[w] < g->low[u]) {
			g->low[u] = g->disc[w];
		}
	}
}

/* Component of node `from` without crossing cell `skip`; marks comp[] = mark. */
static void flood(const struct bridge_graph *g, size_t from, size_t skip, int *comp, int mark,
		  size_t *stack)
{
	size_t sp = 0;
	stack[sp++] = from;
	comp[from] = mark;
	while (sp) {
		size_t u = stack[--sp];
		for (size_t h = g->head[u]; h != SIZE_MAX; h = g->next[h]) {
			size_t w = g->other[h];
			if (g->edge_cell[h] == skip || comp[w])
				continue;
			comp[w] = mark;
			stack[sp++] = w;
		}
	}
}

static int fix_bridge(const int64_t *v, unsigned char *fl, size_t rows, size_t cols)
{
	size_t nv = rows + cols, ne = 0;
	for (size_t i = 0; i < rows * cols; i++)
		ne += fl[i] != AGG_SHOW;
	if (!ne)
		return 0;
	struct bridge_graph g = {.nv = nv, .found = SIZE_MAX};
	g.head = xmalloc(nv * sizeof(size_t));
	g.next = xmalloc(2 * ne * sizeof(size_t));
	g.edge_cell = xmalloc(2 * ne * sizeof(size_t));
	g.other = xmalloc(2 * ne * sizeof(size_t));
	g.disc = xcalloc(nv, sizeof(int));
	g.low = xcalloc(nv, sizeof(int));
	for (size_t u = 0; u < nv; u++)
		g.head[u] = SIZE_MAX;
	size_t h = 0;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols; c++) {
			size_t cell = r * cols + c;
			if (fl[cell] == AGG_SHOW)
				continue;
			size_t a = r, b = rows + c;
			/* half-edges 2k and 2k+1 are the two directions of one cell */
			g.other[h] = b, g.edge_cell[h] = cell, g.next[h] = g.head[a], g.head[a] = h, h++;
			g.other[h] = a, g.edge_cell[h] = cell, g.next[h] = g.head[b], g.head[b] = h, h++;
		}
	for (size_t u = 0; u < nv && g.found == SIZE_MAX; u++)
		if (!g.disc[u])
			bridge_dfs(&g, u, SIZE_MAX);
	int changed = 0;
	if (g.found != SIZE_MAX) {
		/* any shown cell joining the bridge's two sides puts it on a cycle */
		size_t br = g.found / cols, bc = g.found % cols;
		int *comp = xcalloc(nv, sizeof(int));
		size_t *stack = xmalloc((nv + 1) * sizeof(size_t));
		flood(&g, br, g.found, comp, 1, stack);
		flood(&g, rows + bc, g.found, comp, 2, stack);
		size_t best = 0;
		int have = 0;
		for (size_t r = 0; r < rows; r++)
			for (size_t c = 0; c < cols; c++) {
				size_t cell = r * cols + c;
				int a = comp[r], b = comp[rows + c];
				if (fl[cell] != AGG_SHOW || !a || !b || a == b)
					continue;
				if (better_candidate(v[cell], v[best], have)) {
					best = cell;
					have = 1;
				}
			}
		if (have) {
			fl[best] = AGG_HIDE_SECONDARY;
			changed = 1;
		}
		free(comp);
		free(stack);
	}
	free(g.head);
	free(g.next);
	free(g.edge_cell);
	free(g.other);
	free(g.disc);
	free(g.low);
	return changed;
}

int agg_suppress_line(const int64_t *v, unsigned char *flags, size_t n)
{
	return fix_line(v, flags, 0, 1, n);
}

void agg_suppress(const int64_t *v, size_t rows, size_t cols, int row_totals, int col_totals,
		  int threshold, unsigned char *flags)
{
	for (size_t i = 0; i < rows * cols; i++)
		flags[i] = agg_is_suppressed(v[i], threshold) ? AGG_HIDE_SMALL : AGG_SHOW;
	for (;;) {
		int changed = 0;
		for (size_t r = 0; row_totals && r < rows; r++)
			changed |= fix_line(v, flags, r * cols, 1, cols);
		for (size_t c = 0; col_totals && c < cols; c++)
			changed |= fix_line(v, flags, c, cols, rows);
		/* with both margins, rows and columns together can pin a cell down even when every
		 * line has two hidden cells */
		if (!changed && row_totals && col_totals)
			changed = fix_bridge(v, flags, rows, cols);
		if (!changed)
			break;
	}
}
