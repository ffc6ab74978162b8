/* compose.c - template + record store + periods → the document tree (compose.h): every
 * query, placeholder, sentence, tile, table cell and chart of a report, decided once, in the
 * report's language, with the meaning of every number it publishes. No page geometry here. */
#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "config.h"
#include "disclose.h"
#include "font.h"
#include "official.h"
#include "record.h"
#include "template.h"
#include "words.h"

#define NBSP "\xC2\xA0"
#define DASH "\xE2\x80\x93"
#define C_ACCENT 0x1F4E79
#define C_BASE 0xA6BDD7

/* ---- the tree ---- */

static struct doc_node *node_new(struct doc *d, enum doc_kind kind, enum doc_role role)
{
	struct doc_node *n = arena_alloc(&d->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->role = role;
	return n;
}

static void append(struct doc_node *parent, struct doc_node *n)
{
	n->parent = parent;
	n->prev = parent->last_child;
	if (parent->last_child)
		parent->last_child->next = n;
	else
		parent->first_child = n;
	parent->last_child = n;
}

static struct doc_node *add(struct doc *d, struct doc_node *parent, enum doc_kind kind,
			    enum doc_role role, const char *text)
{
	struct doc_node *n = node_new(d, kind, role);
	n->text = text ? arena_strdup(&d->arena, text) : NULL;
	if (parent)
		append(parent, n);
	return n;
}

const struct doc_node *compose_next(const struct doc_node *n)
{
	if (n->first_child)
		return n->first_child;
	while (n && !n->next)
		n = n->parent;
	return n ? n->next : NULL;
}

void compose_free(struct doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_scenes; i++) {
		chart_scene_free(d->scenes[i]);
		free(d->scenes[i]);
	}
	free(d->scenes);
	arena_free(&d->arena);
	free(d);
}

/* ---- the context ---- */

/* A group-by table this report needed, kept so that it is built once. */
struct memo {
	int kind; /* 0 agg_table_by, 1 agg_cross_by, 2 agg_weekday_hour, 3 agg_measures_by,
		   * 4 agg_unreported_departments (dim: the quantity; table: struct unreported) */
	int dim, dim2, dept;
	rec_day cf, cl, bf, bl;
	void *table;
};

struct memo_set {
	struct memo *memo;
	size_t n_memo, cap_memo;
	/* per department: 1 when any incident in the store is its (department_has_incidents),
	 * found in one pass for all of them the first time a section asks */
	unsigned char *dept_has;
};

/* compose.h: the tables of one run's versions. */
struct compose_tables {
	struct memo_set set;
	int used;
	const struct disclose_set *withhold; /* the versions that share the tables withhold these */
};

struct cctx {
	const struct compose_input *in;
	const struct words *w;
	int en;
	struct doc *d;
	int dept; /* the department whose section is being composed, or AGG_ALL */
	struct agg_filter filter;
	char val[256];
	struct doc_node *collect; /* numbers a placeholder publishes become values here */
	int few_note;
	/* the department being composed has no incident in the store at all (it sends only
	 * measures): its incident tables and charts would show zeros for figures it never
	 * reports, so they give way to one sentence saying so (no_incidents_said) */
	int no_incidents, no_incidents_said;
	int hidden_said; /* the summary's note on "<3" and "..": once per document */
	struct memo_set own; /* this version's tables, freed when it is composed */
	struct memo_set *ms; /* &own, or the run's (compose_input.tables) */
};

#define T(c, sv_, en_) ((c)->en ? (en_) : (sv_))

static const char *S(struct cctx *c, const char *s)
{
	return arena_strdup(&c->d->arena, s);
}

static const struct agg_filter *filter(const struct cctx *c)
{
	return c->dept == AGG_ALL ? NULL : &c->filter;
}

static void *memo_find(struct cctx *c, int kind, int dim, int dim2, const struct period *p,
		       const struct period *b)
{
	for (size_t i = 0; i < c->ms->n_memo; i++) {
		const struct memo *m = &c->ms->memo[i];
		if (m->kind == kind && m->dim == dim && m->dim2 == dim2 && m->dept == c->dept &&
		    m->cf == p->first && m->cl == p->last && m->bf == (b ? b->first : -1) &&
		    m->bl == (b ? b->last : -1))
			return m->table;
	}
	return NULL;
}

static void memo_add(struct cctx *c, int kind, int dim, int dim2, const struct period *p,
		     const struct period *b, void *t)
{
	struct memo_set *ms = c->ms;
	ms->memo = xgrow(ms->memo, &ms->cap_memo, ms->n_memo, sizeof(*ms->memo));
	ms->memo[ms->n_memo++] = (struct memo){kind, dim, dim2, c->dept, p->first, p->last,
					       b ? b->first : -1, b ? b->last : -1, t};
	if (kind < 4)
		c->d->tables_built++; /* group-by tables (agg_group_by_calls) */
}

static void pass_table(const struct cctx *c, struct agg_table *t, enum agg_dim dim,
		       const struct period *p, const struct period *b);
static void pass_cross(const struct cctx *c, struct agg_cross *x, const struct period *p);
static void pass_measures(const struct cctx *c, struct agg_measure_table *t, enum agg_dim dim,
			  const struct period *p);

/* The group-by tables: built once per report version (or once per run, compose_tables),
 * freed when compose ends; the cells the run-wide disclosure pass withholds are flagged
 * before anything reads them. A table depends on its kind, dimensions, periods and
 * department filter (the memo's key) and on the withheld set, nothing else of a version. */
static const struct agg_table *table_by(struct cctx *c, enum agg_dim dim, const struct period *p,
					const struct period *b)
{
	struct agg_table *t = memo_find(c, 0, dim, 0, p, b);
	if (!t) {
		t = agg_table_by(c->in->store, c->in->cfg, dim, p, b, filter(c));
		pass_table(c, t, dim, p, b);
		memo_add(c, 0, dim, 0, p, b, t);
	}
	return t;
}

static const struct agg_cross *cross_by(struct cctx *c, enum agg_dim rd, enum agg_dim cd,
					const struct period *p)
{
	struct agg_cross *x = memo_find(c, 1, rd, cd, p, NULL);
	if (!x) {
		x = agg_cross_by(c->in->store, c->in->cfg, rd, cd, p, filter(c));
		pass_cross(c, x, p);
		memo_add(c, 1, rd, cd, p, NULL, x);
	}
	return x;
}

static const struct agg_cross *weekday_hour(struct cctx *c, const struct period *p)
{
	struct agg_cross *x = memo_find(c, 2, 0, 0, p, NULL);
	if (!x) {
		x = agg_weekday_hour(c->in->store, c->in->cfg, p, filter(c));
		memo_add(c, 2, 0, 0, p, NULL, x);
	}
	return x;
}

static const struct agg_measure_table *measures_by(struct cctx *c, enum agg_dim dim,
						   const struct period *p)
{
	struct agg_measure_table *m = memo_find(c, 3, dim, 0, p, NULL);
	if (!m) {
		m = agg_measures_by(c->in->store, c->in->cfg, dim, p, filter(c));
		pass_measures(c, m, dim, p);
		memo_add(c, 3, dim, 0, p, NULL, m);
	}
	return m;
}

static void memo_free(struct memo_set *ms)
{
	for (size_t i = 0; i < ms->n_memo; i++) {
		switch (ms->memo[i].kind) {
		case 0: agg_table_free(ms->memo[i].table); break;
		case 1:
		case 2: agg_cross_free(ms->memo[i].table); break;
		case 3: agg_measure_table_free(ms->memo[i].table); break;
		default: free(ms->memo[i].table); break;
		}
	}
	free(ms->memo);
	free(ms->dept_has);
}

struct compose_tables *compose_tables_new(void)
{
	return xcalloc(1, sizeof(struct compose_tables));
}

void compose_tables_free(struct compose_tables *t)
{
	if (!t)
		return;
	memo_free(&t->set);
	free(t);
}

/* ---- values ---- */

static struct doc_value val(const struct cctx *c, enum doc_measure m, int dim, int key,
			    const struct period *p, enum doc_when when, int64_t num,
			    unsigned char flag)
{
	/* rows of an export belong to no period */
	struct doc_value v = {m, dim, key, -1, -1, c->dept, p ? when : DOC_NONE_PERIOD,
			      p ? p->first : 0, p ? p->last : 0, num, flag, 0, -1, 0};
	return v;
}

/* A number some text publishes: a DOC_VALUE child of the node being written. */
static void publish(struct cctx *c, struct doc_node *to, struct doc_value v)
{
	if (!to)
		return;
	struct doc_node *n = add(c->d, to, DOC_VALUE, DOC_ROLE_NONE, NULL);
	n->has_value = 1;
	n->value = v;
}

/* ---- words ---- */

/* "Bjuv" → "Bjuvs kommun"; a name ending in s, x or z takes no extra s ("Vännäs kommun"). */
static void municipality_genitive(char *buf, size_t size, const char *name)
{
	size_t n = strlen(name);
	char last = n ? name[n - 1] : 's';
	int s = !(last == 's' || last == 'x' || last == 'z');
	snprintf(buf, size, "%s%s kommun", name, s ? "s" : "");
}

static void who(const struct cctx *c, char *buf, size_t size)
{
	if (c->en)
		snprintf(buf, size, "%s municipality", c->in->cfg->municipality);
	else
		municipality_genitive(buf, size, c->in->cfg->municipality);
}

/* "sommaren 2018" / "summer 2018" (label) or "Sommar 2018" / "Summer 2018" (title). */
static void period_text(const struct cctx *c, const struct period *p, int title, char *buf,
			size_t size)
{
	if (!p) {
		snprintf(buf, size, "%s", c->w->no_baseline);
		return;
	}
	if (!c->en) {
		snprintf(buf, size, "%s", title ? p->title_sv : p->label_sv);
		return;
	}
	const struct config *cfg = c->in->cfg;
	switch (p->kind) {
	case PERIOD_SEASON: {
		const char *s = "season";
		if (p->season >= 0 && (size_t)p->season < cfg->n_seasons)
			s = cfg->seasons[p->season].label_en ? cfg->seasons[p->season].label_en
							     : cfg->seasons[p->season].id;
		snprintf(buf, size, "%c%s %d", title && s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0],
			 s + 1, p->year);
		break;
	}
	case PERIOD_MONTH: snprintf(buf, size, "%s %d", c->w->month[(p->num + 11) % 12], p->year); break;
	case PERIOD_QUARTER: snprintf(buf, size, "Q%d %d", p->num, p->year); break;
	case PERIOD_WEEK: snprintf(buf, size, "%s %d %d", title ? "Week" : "week", p->num, p->year); break;
	case PERIOD_YEAR: snprintf(buf, size, "%d", p->year); break;
	case PERIOD_RANGE: snprintf(buf, size, "%s", p->label_sv); break;
	}
}

static const char *category_label(const struct cctx *c, int cat)
{
	const struct cfg_category *k = &c->in->cfg->categories[cat];
	return c->en && k->label_en ? k->label_en : k->label_sv;
}

/* A row label in the report's language, made from the row's key: categories have their
 * labels in the configuration, weekdays and months come from the table of words, names of
 * places and files stay as they are. p is the period the table's rows count from. */
static const char *row_label(const struct cctx *c, enum agg_dim dim, const struct agg_row *r,
			     const struct period *p, const struct period *b, char *buf,
			     size_t size)
{
	if (r->key == AGG_KEY_MISSING) {
		if (!c->en)
			return r->label;
		return dim == AGG_HOUR ? c->w->missing_time : c->w->missing;
	}
	if (dim == AGG_CATEGORY && r->key >= 0 && (size_t)r->key < c->in->cfg->n_categories)
		return category_label(c, r->key);
	if (dim == AGG_WEEKDAY && r->key >= 0 && r->key < 7)
		return c->w->weekday_lower[r->key];
	if (dim == AGG_DIM_MONTH && p) {
		/* positions past the period's length only exist in a longer baseline */
		int slots = period_month_index(p->last) - period_month_index(p->first) + 1;
		const struct period *q = r->key < slots || !b ? p : b;
		int mi = period_month_index(q->first) + r->key;
		snprintf(buf, size, "%s %d", c->w->month[mi % 12], mi / 12);
		return buf;
	}
	if (dim == AGG_DIM_WEEK && p) {
		rec_day mon0 = p->first - rec_weekday(p->first);
		int slots = (int)((p->last - rec_weekday(p->last) - mon0) / 7 + 1);
		const struct period *q = r->key < slots || !b ? p : b;
		int y, wk;
		period_iso_week_of(q->first - rec_weekday(q->first) + (rec_day)r->key * 7, &y, &wk);
		snprintf(buf, size, "%s %d %d", c->w->week, wk, y);
		return buf;
	}
	return r->label;
}

/* ---- the run-wide disclosure pass (disclose.h) ---- */

/* A count the pass withholds becomes ".." (secondary), also a "<t" one (the pass may hide that
 * it is small). A site's shown count is never withheld by the pass (the rows are already in
 * order by the published counts), its "<t" may become ".." (the same place in the order). */
static void pass_flag(const struct cctx *c, unsigned char *flag, enum doc_measure m, int dim,
		      int key, int dim2, int key2, const struct period *p)
{
	if (!c->in->withhold || *flag == AGG_HIDE_SECONDARY || !p ||
	    ((dim == AGG_SITE || dim2 == AGG_SITE) && *flag != AGG_HIDE_SMALL))
		return;
	struct doc_value v = val(c, m, dim, key, p, DOC_CUR, 0, AGG_SHOW);
	v.dim2 = dim2;
	v.key2 = key2;
	if (disclose_has(c->in->withhold, &v))
		*flag = AGG_HIDE_SECONDARY;
}

static void pass_table(const struct cctx *c, struct agg_table *t, enum agg_dim dim,
		       const struct period *p, const struct period *b)
{
	for (size_t r = 0; r < t->n_rows; r++) {
		pass_flag(c, &t->rows[r].flag_cur, DOC_M_COUNT, dim, t->rows[r].key, -1, -1, p);
		pass_flag(c, &t->rows[r].flag_base, DOC_M_COUNT, dim, t->rows[r].key, -1, -1, b);
	}
	pass_flag(c, &t->total.flag_cur, DOC_M_COUNT, -1, 0, -1, -1, p);
	pass_flag(c, &t->total.flag_base, DOC_M_COUNT, -1, 0, -1, -1, b);
}

static void pass_cross(const struct cctx *c, struct agg_cross *x, const struct period *p)
{
	for (size_t r = 0; r <= x->n_rows; r++)
		for (size_t k = 0; k <= x->n_cols; k++) {
			int rd = r < x->n_rows ? (int)x->row_dim : -1;
			int cd = k < x->n_cols ? (int)x->col_dim : -1;
			pass_flag(c, &AGG_CELL_FLAG(x, r, k), DOC_M_COUNT, rd,
				  rd >= 0 ? x->row_keys[r] : 0, cd, cd >= 0 ? x->col_keys[k] : 0, p);
		}
}

static void pass_measures(const struct cctx *c, struct agg_measure_table *t, enum agg_dim dim,
			  const struct period *p)
{
	for (size_t r = 0; r < t->n_rows; r++)
		pass_flag(c, &t->rows[r].flag_people, DOC_M_REACHED, dim, t->rows[r].key, -1, -1,
			  p);
	pass_flag(c, &t->total.flag_people, DOC_M_REACHED, -1, 0, -1, -1, p);
}

/* ---- numbers ---- */

static int category_id(const struct config *cfg, const char *id)
{
	if (strcmp(id, "total") == 0)
		return -1;
	for (size_t i = 0; i < cfg->n_categories; i++)
		if (strcmp(cfg->categories[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Incidents of one category (or all: cat < 0) in p, with their publication flag as a count
 * standing alone (the small-count rule only: nothing else is published beside it). */
static int64_t count_of(struct cctx *c, int cat, const struct period *p, unsigned char *flag,
			int64_t *cost)
{
	const struct agg_table *t = table_by(c, AGG_CATEGORY, p, NULL);
	const struct agg_row *r = cat < 0 ? &t->total : &t->rows[cat];
	if (flag) {
		*flag = cat < 0 ? r->flag_cur
				: agg_is_suppressed(r->count_cur, c->in->cfg->small_count_threshold)
				? AGG_HIDE_SMALL : AGG_SHOW;
		if (cat >= 0)
			pass_flag(c, flag, DOC_M_COUNT, AGG_CATEGORY, cat, -1, -1, p);
	}
	if (cost)
		*cost = r->cost_cur;
	return r->count_cur;
}

/* A sum that no record reports (enum agg_reported) is unknown: "uppgift saknas", or in a
 * narrow column "–" (the table's note says what it means), never 0. */
static void fmt_sum(const struct cctx *c, char *buf, size_t size, enum doc_measure m, int64_t n,
		    int reported, int narrow)
{
	if (reported == AGG_NOT_REPORTED)
		snprintf(buf, size, "%s", narrow ? DASH : c->w->not_reported);
	else if (m == DOC_M_COST)
		util_fmt_kr(buf, size, n);
	else
		util_fmt_int(buf, size, n);
}

/* Whether the incidents' cost of category cat (-1: all) in p is reported (enum agg_reported). */
static int cost_reported(struct cctx *c, int cat, const struct period *p)
{
	const struct agg_table *t = table_by(c, AGG_CATEGORY, p, NULL);
	return (cat < 0 ? &t->total : &t->rows[cat])->cost_cur_reported;
}

/* "−83 %" unless either count is hidden or the baseline is zero; a percentage resting on
 * few cases is marked with an asterisk. */
static void change_text(struct cctx *c, char *buf, size_t size, int64_t base, unsigned char fb,
			int64_t cur, unsigned char fc, struct doc_value *v)
{
	struct agg_change ch;
	agg_change_of(c->in->cfg, base, fb, cur, fc, &ch);
	if (v) {
		v->measure = DOC_M_CHANGE;
		v->num = ch.has_pct ? (int64_t)(ch.pct * 10) : 0;
		/* a change of a withheld count is withheld with it */
		v->flag = ch.hidden ? AGG_HIDE_SECONDARY : AGG_SHOW;
		v->missing = !ch.hidden && !ch.has_pct;
	}
	if (ch.hidden || !ch.has_pct) {
		snprintf(buf, size, DASH);
		return;
	}
	util_fmt_pct_change(buf, size, base, cur);
	if (ch.few) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "*");
		c->few_note = 1;
	}
}

struct measure_sums {
	int64_t n, hours_x100, cost_ore;
	int hours_reported, cost_reported; /* enum agg_reported */
};

static struct measure_sums measure_sums(struct cctx *c, const struct period *p)
{
	const struct agg_measure_table *t = measures_by(c, AGG_DEPARTMENT, p);
	return (struct measure_sums){t->total.n, t->total.hours_x100, t->total.cost_ore,
				     t->total.hours_reported, t->total.cost_reported};
}

/* measures_count, measures_hours or measures_cost of p, as text in buf and as a value. */
static struct doc_value measures_value(struct cctx *c, const char *name, const struct period *p,
				       enum doc_when when, char *buf, size_t size)
{
	struct measure_sums m = measure_sums(c, p);
	struct doc_value v = val(c, DOC_M_MEASURES, -1, -1, p, when, m.n, 0);
	if (strcmp(name, "measures_count") == 0) {
		util_fmt_int(buf, size, m.n);
	} else if (strcmp(name, "measures_hours") == 0) {
		v.measure = DOC_M_HOURS, v.num = (m.hours_x100 + 50) / 100;
		v.missing = m.hours_reported == AGG_NOT_REPORTED;
		fmt_sum(c, buf, size, DOC_M_HOURS, v.num, m.hours_reported, 0);
	} else {
		v.measure = DOC_M_COST, v.num = m.cost_ore;
		v.missing = m.cost_reported == AGG_NOT_REPORTED;
		fmt_sum(c, buf, size, DOC_M_COST, m.cost_ore, m.cost_reported, 0);
	}
	return v;
}

/* Values of the template placeholders (template.h lists the names a template may use);
 * every number is also published as a value of c->collect. */
static const char *placeholder(void *ctx, const char *name)
{
	struct cctx *c = ctx;
	const struct compose_input *in = c->in;
	char *v = c->val;
	size_t sz = sizeof(c->val);
	int th = in->cfg->small_count_threshold;
	const char *colon = strchr(name, ':');
	if (colon) {
		/* count:ID, count_baseline:ID, change:ID, cost:ID, cost_baseline:ID */
		int cat = category_id(in->cfg, colon + 1);
		size_t k = (size_t)(colon - name);
		int base = strncmp(name, "count_baseline", k) == 0 || strncmp(name, "cost_baseline", k) == 0;
		if (base && !in->base)
			return DASH;
		unsigned char fc = 0, fb = 0;
		int64_t cc = 0, cb = 0;
		int64_t nc = count_of(c, cat, in->cur, &fc, &cc);
		int64_t nb = in->base ? count_of(c, cat, in->base, &fb, &cb) : 0;
		int dim = cat < 0 ? -1 : AGG_CATEGORY;
		if (strncmp(name, "count", k) == 0) {
			agg_fmt_cell(v, sz, nc, fc, th);
			publish(c, c->collect, val(c, DOC_M_COUNT, dim, cat, in->cur, DOC_CUR, nc, fc));
		} else if (strncmp(name, "count_baseline", k) == 0) {
			agg_fmt_cell(v, sz, nb, fb, th);
			publish(c, c->collect, val(c, DOC_M_COUNT, dim, cat, in->base, DOC_BASE, nb, fb));
		} else if (strncmp(name, "cost", k) == 0 || strncmp(name, "cost_baseline", k) == 0) {
			const struct period *p = base ? in->base : in->cur;
			struct doc_value dv = val(c, DOC_M_COST, dim, cat, p, base ? DOC_BASE : DOC_CUR,
						  base ? cb : cc, 0);
			int rep = cost_reported(c, cat, p);
			dv.missing = rep == AGG_NOT_REPORTED;
			fmt_sum(c, v, sz, DOC_M_COST, dv.num, rep, 0);
			publish(c, c->collect, dv);
		} else if (in->base) {
			struct doc_value dv = val(c, DOC_M_CHANGE, dim, cat, in->cur, DOC_CUR, 0, 0);
			change_text(c, v, sz, nb, fb, nc, fc, &dv);
			publish(c, c->collect, dv);
		} else {
			snprintf(v, sz, DASH);
		}
		return v;
	}
	if (strcmp(name, "kommun") == 0) {
		snprintf(v, sz, "%s", in->cfg->municipality);
	} else if (strcmp(name, "kommunen") == 0) {
		who(c, v, sz);
	} else if (strcmp(name, "kommun_kod") == 0) {
		snprintf(v, sz, "%s", in->cfg->code);
	} else if (strcmp(name, "period") == 0) {
		period_text(c, in->cur, 0, v, sz);
	} else if (strcmp(name, "period_title") == 0) {
		period_text(c, in->cur, 1, v, sz);
	} else if (strcmp(name, "baseline") == 0) {
		period_text(c, in->base, 0, v, sz);
	} else if (strcmp(name, "baseline_title") == 0) {
		if (in->base)
			period_text(c, in->base, 1, v, sz);
		else
			snprintf(v, sz, DASH);
	} else if (strcmp(name, "incidents_total") == 0 || strcmp(name, "incidents_baseline") == 0) {
		int cur = strcmp(name, "incidents_total") == 0;
		const struct period *p = cur ? in->cur : in->base;
		unsigned char f = 0;
		int64_t n = p ? count_of(c, -1, p, &f, NULL) : 0;
		agg_fmt_cell(v, sz, n, f, th);
		if (p)
			publish(c, c->collect, val(c, DOC_M_COUNT, -1, -1, p, cur ? DOC_CUR : DOC_BASE, n, f));
	} else if (strcmp(name, "incidents_change") == 0) {
		return placeholder(ctx, "change:total");
	} else if (strcmp(name, "cost_total") == 0 || strcmp(name, "cost_total_baseline") == 0) {
		int cur = strcmp(name, "cost_total") == 0;
		const struct period *p = cur ? in->cur : in->base;
		/* agg_total_cost's sum: every incident of p is in a row of the category table
		 * (or its missing row), which cost_reported builds anyway */
		int64_t k = p ? table_by(c, AGG_CATEGORY, p, NULL)->total.cost_cur : 0;
		int rep = p ? cost_reported(c, -1, p) : AGG_REPORTED;
		fmt_sum(c, v, sz, DOC_M_COST, k, rep, 0);
		if (p) {
			struct doc_value dv = val(c, DOC_M_COST, -1, -1, p, cur ? DOC_CUR : DOC_BASE, k, 0);
			dv.missing = rep == AGG_NOT_REPORTED;
			publish(c, c->collect, dv);
		}
	} else if (strncmp(name, "measures_", 9) == 0) {
		publish(c, c->collect, measures_value(c, name, in->cur, DOC_CUR, v, sz));
	} else if (strcmp(name, "threshold") == 0) {
		snprintf(v, sz, "%d", th);
	} else if (strcmp(name, "threshold_minus_one") == 0) {
		snprintf(v, sz, "%d", th - 1);
	} else if (strcmp(name, "author") == 0) {
		snprintf(v, sz, "%s", in->cfg->author ? in->cfg->author : "");
	} else if (strcmp(name, "department") == 0 || strcmp(name, "department_head") == 0) {
		const struct cfg_department *d = c->dept != AGG_ALL ? &in->cfg->departments[c->dept]
								    : in->department;
		const char *s = !d ? "" : name[10] ? d->head : d->name;
		snprintf(v, sz, "%s", s ? s : "");
	} else {
		return NULL;
	}
	return v;
}

/* text with its placeholders filled in, in the tree's arena; numbers go to `to` */
static const char *expand(struct cctx *c, const char *text, struct doc_node *to)
{
	struct doc_node *keep = c->collect;
	c->collect = to;
	char *s = tpl_expand(text ? text : "", placeholder, c);
	c->collect = keep;
	const char *r = S(c, s);
	free(s);
	return r;
}

static const char *tr(const struct cctx *c, const char *sv, const char *en)
{
	return tpl_text(sv, en, c->en ? "en" : "sv");
}

/* A paragraph whose text may hold placeholders. */
static struct doc_node *para(struct cctx *c, struct doc_node *parent, enum doc_role role,
			     const char *text)
{
	struct doc_node *n = add(c->d, parent, DOC_PARAGRAPH, role, NULL);
	n->text = expand(c, text, n);
	return n;
}

/* A paragraph of finished text. */
static struct doc_node *para_text(struct cctx *c, struct doc_node *parent, enum doc_role role,
				  const char *text)
{
	return add(c->d, parent, DOC_PARAGRAPH, role, text);
}

/* ---- tables ---- */

#define MAX_COLS 16

/* A table being composed: detached until tb_finish() puts it (or "no data") in place. */
struct tb {
	struct doc_node *table, *row;
	double weight[MAX_COLS];
	unsigned char right[MAX_COLS];
	size_t ncols, nrows, cell;
	int total;
	const char *caption, *note;
	const char *note2; /* what is not reported (unreported_note) */
};

static void tb_init(struct cctx *c, struct tb *t)
{
	memset(t, 0, sizeof(*t));
	t->table = node_new(c->d, DOC_TABLE, DOC_ROLE_NONE);
	t->row = add(c->d, t->table, DOC_ROW, DOC_ROLE_HEADER, NULL);
}

static void tb_col(struct cctx *c, struct tb *t, const char *title, double weight, int right)
{
	if (t->ncols == MAX_COLS)
		return;
	struct doc_node *h = add(c->d, t->row, DOC_CELL, DOC_ROLE_NONE, title);
	h->scope = DOC_SCOPE_COL;
	t->weight[t->ncols] = weight;
	t->right[t->ncols] = (unsigned char)right;
	t->ncols++;
}

static void tb_row(struct cctx *c, struct tb *t)
{
	t->row = add(c->d, t->table, DOC_ROW, DOC_ROLE_BODY, NULL);
	t->nrows++;
	t->cell = 0;
}

/* A body cell; v (may be NULL for text) is what the number means. */
static void tb_cell(struct cctx *c, struct tb *t, const char *text, const struct doc_value *v)
{
	struct doc_node *n = add(c->d, t->row, DOC_CELL, DOC_ROLE_NONE, text ? text : "");
	if (t->cell++ == 0)
		n->scope = DOC_SCOPE_ROW;
	if (v) {
		n->has_value = 1;
		n->value = *v;
	}
}

static void tb_count(struct cctx *c, struct tb *t, int dim, int key, const struct period *p,
		     enum doc_when when, int64_t n, unsigned char flag)
{
	char a[48];
	agg_fmt_cell(a, sizeof(a), n, flag, c->in->cfg->small_count_threshold);
	struct doc_value v = val(c, DOC_M_COUNT, dim, key, p, when, n, flag);
	tb_cell(c, t, a, &v);
}

static void tb_num(struct cctx *c, struct tb *t, enum doc_measure m, int dim, int key,
		   const struct period *p, int64_t n)
{
	char a[64];
	if (m == DOC_M_COST)
		util_fmt_kr(a, sizeof(a), n);
	else
		util_fmt_int(a, sizeof(a), n);
	struct doc_value v = val(c, m, dim, key, p, DOC_CUR, n, 0);
	tb_cell(c, t, a, &v);
}

/* A cell with a sum of cost, hours or people reached and whether it is reported. */
static void tb_sum(struct cctx *c, struct tb *t, enum doc_measure m, int dim, int key,
		   const struct period *p, enum doc_when when, int64_t n, int reported, int narrow)
{
	char a[64];
	fmt_sum(c, a, sizeof(a), m, n, reported, narrow);
	struct doc_value v = val(c, m, dim, key, p, when, n, 0);
	v.missing = reported == AGG_NOT_REPORTED;
	tb_cell(c, t, a, &v);
}

/* The note under a table with a quantity some departments do not report at all in p:
 * "Uppgift saknas: Kultur- och fritidsförvaltningen redovisar inga kostnader." and, when
 * the others do (total_reported is the total's enum agg_reported), that the sums are theirs;
 * NULL when every department reports it. */
struct unreported {
	size_t n;
	int deps[]; /* room for cfg->n_departments + 1 */
};

/* agg_unreported_departments, asked once per quantity, period and department like the
 * tables (a scan of the period's records each time otherwise). */
static const struct unreported *unreported_by(struct cctx *c, enum agg_quantity q,
					      const struct period *p)
{
	struct unreported *u = memo_find(c, 4, (int)q, 0, p, NULL);
	if (!u) {
		const struct config *cfg = c->in->cfg;
		u = xcalloc(1, sizeof(*u) + (cfg->n_departments + 1) * sizeof(int));
		u->n = agg_unreported_departments(c->in->store, cfg, q, p, filter(c), u->deps);
		memo_add(c, 4, (int)q, 0, p, NULL, u);
	}
	return u;
}

static const char *unreported_note(struct cctx *c, enum agg_quantity q, const struct period *p,
				   int narrow, int total_reported)
{
	const struct config *cfg = c->in->cfg;
	const struct unreported *u = unreported_by(c, q, p);
	size_t n = u->n;
	const int *deps = u->deps;
	if (n == 0)
		return NULL;
	struct sbuf s = {0};
	sbuf_printf(&s, "%s%s: ", T(c, "Uppgift saknas", "Not reported"), narrow ? " (" DASH ")" : "");
	static const char *const what_sv[] = {"inga kostnader", "inga klockslag", "inga kostnader",
					       "inte hur många insatserna nått", "inga timmar"};
	static const char *const none_sv[] = {"kostnader", "klockslag", "kostnader",
					       "hur många insatserna nått", "timmar"};
	static const char *const what_en[] = {"costs", "times of day", "costs", "people reached",
					       "hours"};
	if (n > 1 && total_reported == AGG_NOT_REPORTED) {
		/* none of them does: no list of every department */
		if (c->en)
			sbuf_printf(&s, "no department reports %s.", what_en[q]);
		else
			sbuf_printf(&s, "ingen förvaltning redovisar %s.", none_sv[q]);
		const char *r = S(c, sbuf_str(&s));
		sbuf_free(&s);
		return r;
	}
	for (size_t i = 0; i < n; i++)
		sbuf_printf(&s, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : T(c, " och ", " and "),
			    cfg->departments[deps[i]].name);
	if (c->en)
		sbuf_printf(&s, " report%s no %s.", n == 1 ? "s" : "", what_en[q]);
	else
		sbuf_printf(&s, " redovisar %s.", what_sv[q]);
	if (total_reported == AGG_PARTLY_REPORTED)
		sbuf_printf(&s, "%s", T(c, " Summorna gäller övriga förvaltningar.",
					" The sums are the other departments'."));
	const char *r = S(c, sbuf_str(&s));
	sbuf_free(&s);
	return r;
}

/* Puts the table under parent, or "no data" when it has no rows; then its note. */
static void tb_finish(struct cctx *c, struct tb *t, struct doc_node *parent)
{
	if (t->nrows == 0) {
		/* "no data" says for what: a table with no rows keeps its caption */
		if (t->caption) {
			char *s = xasprintf("%s: %c%s", t->caption,
					    c->w->no_data[0] >= 'A' && c->w->no_data[0] <= 'Z'
						    ? c->w->no_data[0] + 32 : c->w->no_data[0],
					    c->w->no_data + 1);
			para_text(c, parent, DOC_ROLE_EMPTY, s);
			free(s);
		} else {
			para_text(c, parent, DOC_ROLE_EMPTY, c->w->no_data);
		}
		return;
	}
	if (t->total)
		t->table->last_child->role = DOC_ROLE_TOTAL;
	t->table->text = t->caption;
	t->table->ncols = t->ncols;
	t->table->col_weight = arena_alloc(&c->d->arena, t->ncols * sizeof(double));
	t->table->col_right = arena_alloc(&c->d->arena, t->ncols);
	memcpy(t->table->col_weight, t->weight, t->ncols * sizeof(double));
	memcpy(t->table->col_right, t->right, t->ncols);
	append(parent, t->table);
	if (t->note)
		para_text(c, parent, DOC_ROLE_NOTE, t->note);
	if (t->note2)
		para_text(c, parent, DOC_ROLE_NOTE, t->note2);
}

static enum agg_dim dim_of(const char *by)
{
	if (!by)
		return AGG_CATEGORY;
	if (strcmp(by, "new-site") == 0)
		return AGG_SITE;
	if (strcmp(by, "month") == 0)
		return AGG_DIM_MONTH;
	if (strcmp(by, "week") == 0)
		return AGG_DIM_WEEK;
	int d = agg_dim_parse(by);
	return d < 0 ? AGG_CATEGORY : (enum agg_dim)d;
}

static int has_measure(const struct tpl_node *n, const char *m)
{
	const char *list = n->measures ? n->measures : "count change";
	size_t k = strlen(m);
	for (const char *p = list; (p = strstr(p, m)) != NULL; p += k)
		if ((p == list || p[-1] == ' ') && (p[k] == ' ' || p[k] == '\0'))
			return 1;
	return 0;
}

void compose_block_periods(const struct tpl_node *n, const struct period *cur,
			   const struct period *base, struct period *trend,
			   const struct period **pcur, const struct period **pbase)
{
	*pcur = cur;
	*pbase = base;
	if (n->top > 1 && (n->kind == TPL_CHART || n->kind == TPL_TABLE) && n->by &&
	    strcmp(n->by, "month") == 0) {
		/* by="month" top="13": the last 13 months, without a baseline */
		period_last_months(cur, n->top, trend);
		*pcur = trend;
		*pbase = NULL;
	}
}

/* The rows a table or chart shows: sorted, new sites only, top N. Returns an array of row
 * pointers into t (caller frees) and their number. */
static const struct agg_row **pick_rows(const struct cctx *c, const struct tpl_node *n,
					 const struct agg_table *t, const char *sort_by,
					 size_t *nout)
{
	const struct agg_row **rows = xcalloc(t->n_rows + 1, sizeof(*rows));
	size_t k = 0;
	int th = c->in->cfg->small_count_threshold;
	int new_sites = n->by && strcmp(n->by, "new-site") == 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct agg_row *r = &t->rows[i];
		/* a new hot spot: enough incidents to publish now, none in the baseline */
		if (new_sites && !(r->count_base == 0 && r->count_cur >= th && r->flag_cur == AGG_SHOW))
			continue;
		if (new_sites && r->key == AGG_KEY_MISSING)
			continue;
		rows[k++] = r;
	}
	const char *sort = sort_by ? sort_by : n->sort ? n->sort : "configuration";
	int by = strcmp(sort, "count") == 0 ? 1 : strcmp(sort, "cost") == 0 ? 2
	       : strcmp(sort, "change") == 0 ? 3 : strcmp(sort, "label") == 0 ? 4 : 0;
	/* insertion sort: stable, and tables are short. Withheld counts never decide the order
	 * (agg_order_value; a change with a withheld side goes last); ties go by name. */
	for (size_t i = 1; by && i < k; i++) {
		const struct agg_row *r = rows[i];
		size_t j = i;
		while (j > 0) {
			const struct agg_row *q = rows[j - 1];
			int64_t a = 0, b = 0;
			if (by == 1) {
				a = agg_order_value(r->count_cur, r->flag_cur);
				b = agg_order_value(q->count_cur, q->flag_cur);
			} else if (by == 2) {
				a = r->cost_cur, b = q->cost_cur;
			} else if (by == 3) {
				int hr = r->flag_cur != AGG_SHOW || r->flag_base != AGG_SHOW;
				int hq = q->flag_cur != AGG_SHOW || q->flag_base != AGG_SHOW;
				a = hr ? INT64_MIN : r->count_cur - r->count_base;
				b = hq ? INT64_MIN : q->count_cur - q->count_base;
			}
			int before = a != b ? a > b : strcmp(r->label, q->label) < 0;
			if (!before)
				break;
			rows[j] = rows[j - 1];
			j--;
		}
		rows[j] = r;
	}
	if (n->top > 0 && (size_t)n->top < k)
		k = (size_t)n->top;
	*nout = k;
	return rows;
}

static void build_table(struct cctx *c, const struct tpl_node *n, struct tb *t)
{
	const struct compose_input *in = c->in;
	enum agg_dim dim = dim_of(n->by);
	struct period trend;
	const struct period *cur, *base;
	compose_block_periods(n, in->cur, in->base, &trend, &cur, &base);
	const struct agg_table *at = table_by(c, dim, cur, base);
	int month_trend = cur == &trend;
	enum doc_when wc = month_trend ? DOC_TREND : DOC_CUR;
	char pc[96], pb[96];
	period_text(c, in->cur, 1, pc, sizeof(pc));
	period_text(c, base, 1, pb, sizeof(pb));
	int count = has_measure(n, "count"), change = has_measure(n, "change") && base;
	int rate = has_measure(n, "rate") && dim == AGG_LOCALITY;
	int cost = has_measure(n, "cost"), share = has_measure(n, "share");
	tb_col(c, t, c->w->dim_title[dim], 0, 0);
	double w = 0.15;
	if (count) {
		tb_col(c, t, month_trend ? c->w->incidents : pc, w, 1);
		if (base)
			tb_col(c, t, pb, w, 1);
	}
	if (change)
		tb_col(c, t, c->w->change, w, 1);
	if (share)
		tb_col(c, t, c->w->share, 0.11, 1);
	if (rate)
		tb_col(c, t, c->w->per_1000, w, 1);
	if (cost && !count && !change) {
		/* a table of costs only: the periods head the columns, the caption says kronor */
		tb_col(c, t, pc, 0.2, 1);
		if (base)
			tb_col(c, t, pb, 0.2, 1);
	} else if (cost) {
		char h[64];
		snprintf(h, sizeof(h), "%s %d", c->w->cost, in->cur->year);
		tb_col(c, t, h, 0.17, 1);
		if (base) {
			snprintf(h, sizeof(h), "%s %d", c->w->cost, base->year);
			tb_col(c, t, h, 0.17, 1);
		}
	}
	size_t nr;
	const struct agg_row **rows = pick_rows(c, n, at, NULL, &nr);
	int partial = nr < at->n_rows;
	for (size_t r = 0; r <= nr; r++) {
		const struct agg_row *row = r < nr ? rows[r] : &at->total;
		if (r == nr && nr == 0)
			break;
		int key = r < nr ? row->key : -1, d = r < nr ? (int)dim : -1;
		tb_row(c, t);
		char a[64], lb[96];
		tb_cell(c, t, r < nr ? row_label(c, dim, row, cur, base, lb, sizeof(lb))
			      : partial ? c->w->total_all : c->w->total, NULL);
		if (count) {
			tb_count(c, t, d, key, cur, wc, row->count_cur, row->flag_cur);
			if (base)
				tb_count(c, t, d, key, base, DOC_BASE, row->count_base, row->flag_base);
		}
		if (change) {
			struct doc_value v = val(c, DOC_M_CHANGE, d, key, cur, wc, 0, 0);
			change_text(c, a, sizeof(a), row->count_base, row->flag_base, row->count_cur,
				    row->flag_cur, &v);
			tb_cell(c, t, a, &v);
		}
		if (share) {
			struct doc_value v = val(c, DOC_M_SHARE, d, key, cur, wc, 0, row->flag_cur);
			if (row->flag_cur || at->total.count_cur == 0) {
				snprintf(a, sizeof(a), DASH);
				v.missing = !row->flag_cur;
			} else {
				v.num = (row->count_cur * 200 + at->total.count_cur) /
					(2 * at->total.count_cur);
				snprintf(a, sizeof(a), "%lld" NBSP "%%", (long long)v.num);
			}
			tb_cell(c, t, a, &v);
		}
		if (rate) {
			double rv;
			int loc = r < nr ? row->key : AGG_ALL;
			struct doc_value v = val(c, DOC_M_RATE, d, key, cur, wc, 0, row->flag_cur);
			if (row->flag_cur || (r < nr && row->key < 0) ||
			    agg_rate_per_1000(in->cfg, loc, in->cur->year, row->count_cur, &rv) < 0) {
				snprintf(a, sizeof(a), DASH);
				v.missing = !row->flag_cur;
			} else {
				agg_fmt_rate(a, sizeof(a), rv);
				char *comma = strchr(a, ',');
				if (c->en && comma) /* "3.4" in English */
					*comma = '.';
				v.num = (int64_t)(rv * 10 + 0.5);
			}
			tb_cell(c, t, a, &v);
		}
		if (cost) {
			tb_sum(c, t, DOC_M_COST, d, key, cur, wc, row->cost_cur, row->cost_cur_reported, 0);
			if (base)
				tb_sum(c, t, DOC_M_COST, d, key, base, DOC_BASE, row->cost_base,
				       row->cost_base_reported, 0);
		}
	}
	t->total = nr > 0;
	if (cost && nr > 0)
		t->note2 = unreported_note(c, AGG_Q_INCIDENT_COST, cur, 0,
					   at->total.cost_cur_reported);
	if (n->title)
		t->caption = expand(c, tr(c, n->title, n->title_en), t->table);
	if (c->few_note) {
		char *s = xasprintf(T(c, "* Färre än %d händelser under jämförelseperioden: jämför med försiktighet.",
				      "* Fewer than %d incidents in the baseline: compare with care."),
				    in->cfg->min_baseline_for_percent);
		t->note = S(c, s);
		free(s);
		c->few_note = 0;
	}
	if (nr == 0 && n->by && strcmp(n->by, "new-site") == 0)
		t->note = NULL;
	free(rows);
}

/* Weekday × four six-hour bands (and "no time" when some incidents have none) with row and
 * column totals, suppressed as a table of its own. The table and the banded heat map both
 * publish these cells with these flags, so that the two can never be played against each
 * other. v and fl are rows × cols, row-major, margins last; the caller frees both. */
struct wd_bands {
	size_t rows, cols, nb; /* rows = days + 1, cols = nb + 1 */
	int64_t *v;
	unsigned char *fl;
};

static void weekday_bands(const struct cctx *c, const struct agg_cross *x, struct wd_bands *b)
{
	int has_missing = x->n_cols > 24;
	size_t nb = 4 + (size_t)has_missing;
	size_t rows = x->n_rows + 1, cols = nb + 1;
	int64_t *v = xcalloc(rows * cols, sizeof(int64_t));
	for (size_t r = 0; r < x->n_rows; r++)
		for (size_t k = 0; k < x->n_cols; k++) {
			size_t band = k < 24 ? k / 6 : 4;
			int64_t n = AGG_CELL(x, r, k);
			v[r * cols + band] += n;
			v[r * cols + nb] += n;
			v[x->n_rows * cols + band] += n;
			v[x->n_rows * cols + nb] += n;
		}
	unsigned char *fl = xcalloc(rows * cols, 1);
	agg_suppress(v, rows, cols, 1, 1, c->in->cfg->small_count_threshold, fl);
	for (size_t r = 0; r < rows; r++)
		for (size_t k = 0; k < cols; k++)
			pass_flag(c, &fl[r * cols + k], DOC_M_COUNT, r < x->n_rows ? AGG_WEEKDAY : -1,
				  (int)(r % 7), k < nb ? AGG_HOUR : -1,
				  k < 4 ? DOC_HOUR_BAND((int)k * 6) : k < nb ? DOC_HOUR_BAND_NONE : -1,
				  c->in->cur);
	*b = (struct wd_bands){rows, cols, nb, v, fl};
}

static const char *band_label(const struct cctx *c, size_t b)
{
	static const char *const bands[] = {"00" DASH "06", "06" DASH "12", "12" DASH "18",
					    "18" DASH "24"};
	return b < 4 ? bands[b] : c->w->no_time;
}

/* Weekday × time of day in four bands (a 7 × 24 table does not fit a portrait page). */
static void build_weekday_table(struct cctx *c, struct tb *t)
{
	const struct compose_input *in = c->in;
	const struct agg_cross *x = weekday_hour(c, in->cur);
	struct wd_bands wb;
	weekday_bands(c, x, &wb);
	tb_col(c, t, c->w->weekday_title, 0, 0);
	for (size_t b = 0; b < wb.nb; b++)
		tb_col(c, t, band_label(c, b), 0.13, 1);
	tb_col(c, t, c->w->total, 0.13, 1);
	for (size_t r = 0; r < wb.rows; r++) {
		tb_row(c, t);
		int day = r < x->n_rows ? (int)(r % 7) : -1;
		tb_cell(c, t, day >= 0 ? c->w->weekday[day] : c->w->total, NULL);
		for (size_t k = 0; k < wb.cols; k++) {
			struct doc_value v = val(c, DOC_M_COUNT, day >= 0 ? AGG_WEEKDAY : -1, day,
						 in->cur, DOC_CUR, wb.v[r * wb.cols + k],
						 wb.fl[r * wb.cols + k]);
			/* the band: hours 6k … 6k+5 (DOC_HOUR_BAND), "no time", -1 for the total */
			v.dim2 = k < wb.nb ? AGG_HOUR : -1;
			v.key2 = k < 4 ? DOC_HOUR_BAND((int)k * 6) : k < wb.nb ? DOC_HOUR_BAND_NONE : -1;
			char a[48];
			agg_fmt_cell(a, sizeof(a), v.num, v.flag, in->cfg->small_count_threshold);
			tb_cell(c, t, a, &v);
		}
	}
	t->total = 1;
	free(wb.v);
	free(wb.fl);
}

/* Categories × localities for the period: the numbers of the stacked bars. */
static void build_category_locality_table(struct cctx *c, struct tb *t)
{
	const struct compose_input *in = c->in;
	const struct agg_cross *x = cross_by(c, AGG_CATEGORY, AGG_LOCALITY, in->cur);
	/* the category column needs room for the longest category ("Ordningsstörning") only */
	double w = x->n_cols + 1 > 0 ? 0.76 / (double)(x->n_cols + 1) : 0.1;
	tb_col(c, t, c->w->category, 0, 0);
	for (size_t k = 0; k < x->n_cols; k++)
		tb_col(c, t, x->col_labels[k], w, 1);
	tb_col(c, t, c->w->total, w, 1);
	for (size_t r = 0; r <= x->n_rows; r++) {
		tb_row(c, t);
		tb_cell(c, t, r == x->n_rows ? c->w->total
			      : x->row_keys[r] >= 0 ? category_label(c, x->row_keys[r])
						     : x->row_labels[r], NULL);
		for (size_t k = 0; k <= x->n_cols; k++) {
			int rk = r < x->n_rows ? x->row_keys[r] : -1;
			struct doc_value v = val(c, DOC_M_COUNT, r < x->n_rows ? AGG_CATEGORY : -1, rk,
						 in->cur, DOC_CUR, AGG_CELL(x, r, k),
						 AGG_CELL_FLAG(x, r, k));
			v.dim2 = k < x->n_cols ? AGG_LOCALITY : -1;
			v.key2 = k < x->n_cols ? x->col_keys[k] : -1;
			char a[48];
			agg_fmt_cell(a, sizeof(a), v.num, v.flag, in->cfg->small_count_threshold);
			tb_cell(c, t, a, &v);
		}
	}
	t->total = 1;
}

/* The note under a measures table: which departments report no hours, costs or people
 * reached for the measures of the period ("–" in the table). total is the table's total. */
static const char *measures_note(struct cctx *c, const struct agg_measure_row *total)
{
	static const enum agg_quantity qs[] = {AGG_Q_MEASURE_HOURS, AGG_Q_MEASURE_COST,
					       AGG_Q_MEASURE_PEOPLE};
	int rep[] = {total->hours_reported, total->cost_reported, total->people_reported};
	struct sbuf s = {0};
	for (size_t i = 0; i < 3; i++) {
		const char *n = unreported_note(c, qs[i], c->in->cur, 1, rep[i]);
		if (n)
			sbuf_printf(&s, "%s%s", s.len ? " " : "", n);
	}
	const char *r = s.len ? S(c, sbuf_str(&s)) : NULL;
	sbuf_free(&s);
	return r;
}

/* Measures (insatser) by department: how many, hours, cost, people reached. */
static void build_measures_by(struct cctx *c, const struct tpl_node *n, struct tb *t)
{
	const struct compose_input *in = c->in;
	enum agg_dim dim = dim_of(n->by);
	const struct agg_measure_table *m = measures_by(c, dim, in->cur);
	tb_col(c, t, c->w->dim_title[dim], 0, 0);
	tb_col(c, t, T(c, "Insatser", "Measures"), 0.13, 1);
	tb_col(c, t, T(c, "Timmar", "Hours"), 0.13, 1);
	tb_col(c, t, c->w->cost, 0.17, 1);
	tb_col(c, t, T(c, "Nådda", "Reached"), 0.13, 1);
	for (size_t r = 0; r <= m->n_rows && m->total.n > 0; r++) {
		const struct agg_measure_row *row = r < m->n_rows ? &m->rows[r] : &m->total;
		if (r < m->n_rows && row->n == 0)
			continue;
		int d = r < m->n_rows ? (int)dim : -1, key = r < m->n_rows ? row->key : -1;
		tb_row(c, t);
		tb_cell(c, t, r < m->n_rows ? (row->key == AGG_KEY_MISSING ? c->w->whole_municipality
									  : row->label)
					     : c->w->total, NULL);
		tb_num(c, t, DOC_M_MEASURES, d, key, in->cur, row->n);
		tb_sum(c, t, DOC_M_HOURS, d, key, in->cur, DOC_CUR, (row->hours_x100 + 50) / 100,
		       row->hours_reported, 1);
		tb_sum(c, t, DOC_M_COST, d, key, in->cur, DOC_CUR, row->cost_ore, row->cost_reported, 1);
		char a[48];
		agg_fmt_cell(a, sizeof(a), row->people, row->flag_people,
			     in->cfg->small_count_threshold);
		struct doc_value v = val(c, DOC_M_REACHED, d, key, in->cur, DOC_CUR, row->people,
					 row->flag_people);
		if (row->people_reported == AGG_NOT_REPORTED) {
			snprintf(a, sizeof(a), DASH); /* no measure of the row reports it: not 0 */
			v.missing = 1;
		}
		tb_cell(c, t, a, &v);
	}
	t->total = t->nrows > 0;
	if (t->nrows > 0)
		t->note2 = measures_note(c, &m->total);
}

/* Flags for the people reached of each measure the list shows (by store index): a count of
 * people like any other (SPEC.md §4), so 1 … t−1 is withheld; and a department's measures
 * add up to the department's sum, which <measures by="department"> publishes in this report
 * or in the department's own version. So each department's measures with their sum are one
 * equation (agg_suppress_line), the sum taken as published unless it is small itself: the
 * same flags in the board's report and the department's version. Measures that do not
 * report people are not in it (shown as not reported). Caller frees. */
static unsigned char *measure_people_flags(struct cctx *c)
{
	const struct compose_input *in = c->in;
	const struct rec_store *s = in->store;
	int th = in->cfg->small_count_threshold;
	unsigned char *fl = xcalloc(s->n_measures + 1, 1);
	size_t *at = xcalloc(s->n_measures + 1, sizeof(*at));
	int64_t *v = xcalloc(s->n_measures + 1, sizeof(*v));
	unsigned char *lf = xcalloc(s->n_measures + 1, 1);
	for (size_t d = 0; d < in->cfg->n_departments; d++) {
		size_t n = 0;
		int64_t sum = 0;
		for (size_t i = 0; i < s->n_measures; i++) {
			const struct measure *m = &s->measures[i];
			if (m->end < in->cur->first || m->start > in->cur->last ||
			    m->department != d || (m->flags & REC_MEA_NO_PEOPLE))
				continue;
			at[n] = i;
			v[n] = m->people;
			lf[n] = agg_is_suppressed(m->people, th) ? AGG_HIDE_SMALL : AGG_SHOW;
			sum += m->people;
			n++;
		}
		if (!n)
			continue;
		v[n] = sum;
		lf[n] = agg_is_suppressed(sum, th) ? AGG_HIDE_SMALL : AGG_SHOW;
		agg_suppress_line(v, lf, n + 1);
		for (size_t k = 0; k < n; k++)
			fl[at[k]] = lf[k];
	}
	free(at);
	free(v);
	free(lf);
	return fl;
}

/* Measures that overlap the period, in start order as the export lists them. */
static void build_measures_list(struct cctx *c, struct tb *t)
{
	const struct compose_input *in = c->in;
	const struct rec_store *s = in->store;
	/* inside a department's section every measure is its own: no department column */
	int dep_col = c->dept == AGG_ALL;
	unsigned char *people_flag = measure_people_flags(c);
	tb_col(c, t, T(c, "Insats", "Measure"), 0, 0);
	if (dep_col)
		tb_col(c, t, T(c, "Förvaltning", "Department"), 0.26, 0);
	tb_col(c, t, T(c, "Ort", "Locality"), 0.16, 0);
	tb_col(c, t, T(c, "Timmar", "Hours"), 0.09, 1);
	tb_col(c, t, c->w->cost, 0.13, 1);
	tb_col(c, t, T(c, "Nådda", "Reached"), 0.09, 1);
	int64_t hours = 0, cost = 0;
	size_t n = 0, no_hours = 0, no_cost = 0;
	for (size_t i = 0; i < s->n_measures; i++) {
		const struct measure *m = &s->measures[i];
		if (m->end < in->cur->first || m->start > in->cur->last)
			continue;
		if (c->dept != AGG_ALL && m->department != c->dept)
			continue;
		tb_row(c, t);
		hours += m->hours_x100;
		cost += m->cost_ore;
		n++;
		tb_cell(c, t, rec_str(s, m->name), NULL);
		if (dep_col)
			tb_cell(c, t, in->cfg->departments[m->department].name, NULL);
		tb_cell(c, t, m->locality < in->cfg->n_localities ? in->cfg->localities[m->locality].name
								  : c->w->whole_municipality, NULL);
		/* one measure's own figures: the key is its index in the store */
		tb_sum(c, t, DOC_M_HOURS, -1, (int)i, in->cur, DOC_CUR, (m->hours_x100 + 50) / 100,
		       m->flags & REC_MEA_NO_HOURS ? AGG_NOT_REPORTED : AGG_REPORTED, 1);
		tb_sum(c, t, DOC_M_COST, -1, (int)i, in->cur, DOC_CUR, m->cost_ore,
		       m->flags & REC_MEA_NO_COST ? AGG_NOT_REPORTED : AGG_REPORTED, 1);
		/* people reached: a count of people, flagged by measure_people_flags; not
		 * reported is not 0 */
		struct doc_value v = val(c, DOC_M_REACHED, -1, (int)i, in->cur, DOC_CUR, m->people,
					 people_flag[i]);
		char a[48];
		if (m->flags & REC_MEA_NO_PEOPLE) {
			v.missing = 1;
			snprintf(a, sizeof(a), DASH);
		} else {
			agg_fmt_cell(a, sizeof(a), m->people, people_flag[i],
				     in->cfg->small_count_threshold);
		}
		tb_cell(c, t, a, &v);
		no_hours += (m->flags & REC_MEA_NO_HOURS) != 0;
		no_cost += (m->flags & REC_MEA_NO_COST) != 0;
	}
	free(people_flag);
	if (n == 0)
		return;
	tb_row(c, t);
	char a[64];
	snprintf(a, sizeof(a), "%s (%zu)", c->w->total, n);
	tb_cell(c, t, a, NULL);
	if (dep_col)
		tb_cell(c, t, "", NULL);
	tb_cell(c, t, "", NULL);
	tb_sum(c, t, DOC_M_HOURS, -1, -1, in->cur, DOC_CUR, (hours + 50) / 100,
	       no_hours == n ? AGG_NOT_REPORTED : AGG_REPORTED, 1);
	tb_sum(c, t, DOC_M_COST, -1, -1, in->cur, DOC_CUR, cost,
	       no_cost == n ? AGG_NOT_REPORTED : AGG_REPORTED, 1);
	tb_cell(c, t, "", NULL);
	t->total = 1;
	t->note2 = measures_note(c, &measures_by(c, AGG_DEPARTMENT, in->cur)->total);
}

static void build_quality(struct cctx *c, struct tb *t)
{
	const struct rec_store *s = c->in->store;
	tb_col(c, t, c->w->dim_title[AGG_SOURCE], 0, 0);
	tb_col(c, t, T(c, "Lästa", "Read"), 0.14, 1);
	tb_col(c, t, T(c, "Godkända", "Accepted"), 0.14, 1);
	tb_col(c, t, T(c, "Avvisade", "Rejected"), 0.14, 1);
	tb_col(c, t, T(c, "Dubbletter", "Duplicates"), 0.14, 1);
	long tot[4] = {0};
	for (size_t i = 0; i <= s->n_sources; i++) {
		const struct rec_source_stats *st = i < s->n_sources ? &s->sources[i] : NULL;
		long v[4];
		tb_row(c, t);
		if (st) {
			v[0] = st->read, v[1] = st->accepted, v[2] = st->rejected, v[3] = st->duplicates;
			for (int k = 0; k < 4; k++)
				tot[k] += v[k];
			const char *b = strrchr(st->file, '/');
			char *name = xasprintf("%s%s", b ? b + 1 : st->file,
					       st->failed ? T(c, " (kunde inte läsas)", " (could not be read)") : "");
			tb_cell(c, t, name, NULL);
			free(name);
		} else {
			memcpy(v, tot, sizeof(v));
			tb_cell(c, t, c->w->total, NULL);
		}
		/* counts of rows, not of events: not subject to suppression */
		for (int k = 0; k < 4; k++)
			tb_num(c, t, DOC_M_ROWS, st ? AGG_SOURCE : -1, st ? (int)i : -1, NULL, v[k]);
	}
	t->total = 1;
	t->caption = T(c, "Rader per källa", "Rows per source");
	/* right under the template's sentence on small counts: why these are not withheld */
	int th = c->in->cfg->small_count_threshold;
	char *note = xasprintf(
		T(c, "Tabellen räknar rader i förvaltningarnas filer, inte personer eller händelser under perioden: en fil omfattar ofta mer än rapportens period. Därför visas även antal under %d här som de är.",
		  "The table counts rows in the departments' files, not people or incidents of the period: a file often covers more than the report's period. That is why counts below %d are shown here as they are."),
		th);
	t->note = S(c, note);
	free(note);
}

static void build_cost(struct cctx *c, const struct tpl_node *n, struct tb *t)
{
	const struct compose_input *in = c->in;
	int cat = category_id(in->cfg, n->category ? n->category : "");
	if (cat < 0)
		return; /* tpl_check_config refused it already */
	unsigned char fc, fb = 0;
	int64_t cc, cb = 0;
	int64_t nc = count_of(c, cat, in->cur, &fc, &cc);
	int64_t nb = in->base ? count_of(c, cat, in->base, &fb, &cb) : 0;
	tb_col(c, t, c->w->period, 0, 0);
	tb_col(c, t, c->w->cost, 0.25, 1);
	tb_col(c, t, c->w->incidents, 0.25, 1);
	for (int k = 0; k < (in->base ? 2 : 1); k++) {
		const struct period *p = k ? in->base : in->cur;
		enum doc_when wh = k ? DOC_BASE : DOC_CUR;
		char a[96];
		tb_row(c, t);
		period_text(c, p, 1, a, sizeof(a));
		tb_cell(c, t, a, NULL);
		tb_sum(c, t, DOC_M_COST, AGG_CATEGORY, cat, p, wh, k ? cb : cc, cost_reported(c, cat, p), 0);
		tb_count(c, t, AGG_CATEGORY, cat, p, wh, k ? nb : nc, k ? fb : fc);
	}
	const char *label = category_label(c, cat);
	/* the label starts a sentence elsewhere; inside the caption it is lower case */
	char *lower = xstrdup(label);
	if ((unsigned char)lower[0] < 0x80 && lower[0] >= 'A' && lower[0] <= 'Z')
		lower[0] = (char)(lower[0] + 32);
	char *s = xasprintf(T(c, "Kostnad för %s", "Cost of %s"), lower);
	t->caption = S(c, s);
	free(s);
	t->note2 = unreported_note(c, AGG_Q_INCIDENT_COST, in->cur, 0, cost_reported(c, cat, in->cur));
	if (in->base && cb > 0 && cost_reported(c, cat, in->cur) != AGG_NOT_REPORTED) {
		char a[64], b[64], pct[48], pcs[96], pbs[96];
		util_fmt_kr(a, sizeof(a), cc);
		util_fmt_kr(b, sizeof(b), cb);
		util_fmt_pct_change(pct, sizeof(pct), cb, cc);
		period_text(c, in->cur, 0, pcs, sizeof(pcs));
		period_text(c, in->base, 0, pbs, sizeof(pbs));
		s = xasprintf(T(c, "Kostnaden för %s var %s under %s mot %s under %s (%s).",
				"The cost of %s was %s in %s against %s in %s (%s)."),
			      lower, a, pcs, b, pbs, pct);
		t->note = S(c, s);
		free(s);
	}
	free(lower);
}

/* Any block that is a table: composes it under parent and returns 1. */
static int block_table(struct cctx *c, const struct tpl_node *n, struct doc_node *parent)
{
	struct tb t;
	tb_init(c, &t);
	switch (n->kind) {
	case TPL_TABLE:
		if (n->by && (strcmp(n->by, "time-of-day") == 0 ||
			      strcmp(n->by, "category-locality") == 0)) {
			if (strcmp(n->by, "time-of-day") == 0)
				build_weekday_table(c, &t);
			else
				build_category_locality_table(c, &t);
			if (n->title)
				t.caption = expand(c, tr(c, n->title, n->title_en), t.table);
		} else {
			build_table(c, n, &t);
		}
		break;
	case TPL_MEASURES:
		if (n->by)
			build_measures_by(c, n, &t);
		else
			build_measures_list(c, &t);
		/* a table without a caption reads as part of the one before it, and on a page of
		 * its own it says nothing of what it is */
		if (n->title)
			t.caption = expand(c, tr(c, n->title, n->title_en), t.table);
		else if (!n->by)
			t.caption = T(c, "Insatser", "Measures");
		else
			t.caption = dim_of(n->by) == AGG_LOCALITY ? T(c, "Insatser per ort", "Measures by locality")
								   : T(c, "Insatser per förvaltning", "Measures by department");
		break;
	case TPL_QUALITY: build_quality(c, &t); break;
	case TPL_COST: build_cost(c, n, &t); break;
	default: return 0;
	}
	tb_finish(c, &t, parent);
	return 1;
}

/* ---- charts ---- */

static double chart_height(const struct tpl_node *n)
{
	if (n->type && strcmp(n->type, "heatmap") == 0)
		return 210;
	if (n->type && strcmp(n->type, "line") == 0)
		return 220;
	if (n->type && strcmp(n->type, "top-bars") == 0)
		return 40 + 20.0 * (n->top ? n->top : 10);
	return 250;
}

/* One value in words for the alternative text: "22", "färre än 3", "dold uppgift". */
static void alt_value(const struct cctx *c, struct sbuf *s, int64_t v, int hidden, int th)
{
	if (hidden) {
		sbuf_add(s, c->w->withheld);
	} else if (agg_is_suppressed(v, th)) {
		sbuf_printf(s, c->w->fewer_than, th);
	} else {
		char a[48];
		util_fmt_int(a, sizeof(a), v);
		sbuf_add(s, a);
	}
}

/* "Stapeldiagram: Händelser per kategori. Sommar 2018: Skadegörelse 22, Klotter färre än
 * 3. Sommar 2017: …" — every value the chart shows, by series. */
static const char *alt_text(struct cctx *c, enum chart_type type, const char *title,
			    size_t ng, const char *const *groups, const char *const *groups2,
			    size_t ns, const char *const *series, const int64_t *v,
			    const unsigned char *hidden, int th)
{
	struct sbuf s = {0};
	sbuf_printf(&s, "%s", c->w->chart_kind[type]);
	if (title)
		sbuf_printf(&s, ": %s", title);
	sbuf_add(&s, ".");
	if (ng == 0)
		sbuf_add(&s, T(c, " Inga händelser.", " No incidents."));
	for (size_t k = 0; k < ns && ng > 0; k++) {
		sbuf_printf(&s, " %s: ", series[k] ? series[k] : "");
		for (size_t g = 0; g < ng; g++) {
			/* the second series may have its own labels (the baseline's weeks) */
			const char *l = k && groups2 ? groups2[g] : groups[g];
			sbuf_printf(&s, "%s%s ", g ? ", " : "", l ? l : "");
			alt_value(c, &s, v[g * ns + k], hidden[g * ns + k], th);
		}
		sbuf_add(&s, ".");
	}
	const char *r = S(c, sbuf_str(&s));
	sbuf_free(&s);
	return r;
}

static struct doc_node *figure(struct cctx *c, struct doc_node *parent, double h,
			       struct chart_scene *scene)
{
	struct doc_node *f = add(c->d, parent, DOC_FIGURE, DOC_ROLE_CHART, NULL);
	f->chart = scene;
	f->height = h;
	struct doc *d = c->d;
	d->scenes = xgrow(d->scenes, &d->cap_scenes, d->n_scenes, sizeof(*d->scenes));
	d->scenes[d->n_scenes++] = scene;
	return f;
}

static void block_chart(struct cctx *c, const struct tpl_node *n, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	struct doc_node *f = figure(c, parent, chart_height(n), xcalloc(1, sizeof(struct chart_scene)));
	const char *title = n->title ? expand(c, tr(c, n->title, n->title_en), f) : NULL;
	f->text = title;
	double h = f->height, w = DOC_FIGURE_WIDTH;
	struct chart_scene *scene = f->chart;
	int type = chart_type_from_name(n->type ? n->type : "grouped-bars");
	int th = in->cfg->small_count_threshold;
	const char *unit = T(c, "Antal händelser", "Number of incidents");
	if (type == CHART_HEATMAP) {
		const struct agg_cross *x = weekday_hour(c, in->cur);
		/* Hours when the incidents with a time could fill every cell up to the threshold
		 * (7 × 24 × threshold); fewer would make a map of "<3", so then the four bands of
		 * the weekday table. Incidents without a time are in the table only. */
		int64_t timed = 0;
		for (size_t r = 0; r < 7 && r < x->n_rows; r++)
			for (size_t k = 0; k < 24; k++)
				timed += AGG_CELL(x, r, k);
		int hourly = timed >= (int64_t)7 * 24 * th;
		size_t nc = hourly ? 24 : 4;
		int64_t *v = xcalloc(7 * nc, sizeof(int64_t));
		unsigned char *hidden = xcalloc(7 * nc, 1);
		struct wd_bands wb = {0};
		if (!hourly)
			weekday_bands(c, x, &wb);
		const char *cols[24], *days[7];
		char hb[24][16];
		for (size_t k = 0; k < nc; k++) {
			snprintf(hb[k], sizeof(hb[k]), "%02zu", k);
			cols[k] = hourly ? hb[k] : band_label(c, k);
		}
		for (size_t r = 0; r < 7; r++)
			days[r] = c->w->weekday[r];
		for (size_t r = 0; r < 7 && r < x->n_rows; r++)
			for (size_t k = 0; k < nc; k++) {
				v[r * nc + k] = hourly ? AGG_CELL(x, r, k) : wb.v[r * wb.cols + k];
				unsigned char fl = hourly ? AGG_CELL_FLAG(x, r, k) : wb.fl[r * wb.cols + k];
				hidden[r * nc + k] = fl == AGG_HIDE_SECONDARY;
				struct doc_value dv = val(c, DOC_M_COUNT, AGG_WEEKDAY, (int)r, in->cur,
							  DOC_CUR, v[r * nc + k], fl);
				dv.dim2 = AGG_HOUR;
				dv.key2 = hourly ? (int)k : DOC_HOUR_BAND((int)k * 6);
				publish(c, f, dv);
			}
		static const char *const band_cols[] = {"00" DASH "06", "06" DASH "12",
							"12" DASH "18", "18" DASH "24"};
		struct chart_heatmap_input hi = {
			.title = title,
			.n_rows = 7,
			.row_labels = c->en ? c->w->weekday_short : NULL,
			.n_cols = nc,
			.col_labels = hourly ? NULL : band_cols,
			.values = v,
			.threshold = th,
			.rgb = CHART_AUTO,
			.unit = hourly ? T(c, "Antal händelser per timme", "Incidents per hour")
				       : T(c, "Antal händelser per sex timmar", "Incidents per six hours"),
			.hidden = hidden,
		};
		chart_heatmap(&hi, in->fonts, w, h, scene);
		/* the alternative text reads the map row by row: a weekday's hours or bands */
		f->alt = alt_text(c, CHART_HEATMAP, title, 7, days, NULL, nc, cols, v, hidden, th);
		free(v);
		free(hidden);
		free(wb.v);
		free(wb.fl);
	} else if (type == CHART_STACKED) {
		/* the groups of `by` with one segment per category */
		enum agg_dim gd = dim_of(n->by);
		const struct agg_cross *x = cross_by(c, gd, AGG_CATEGORY, in->cur);
		struct chart_series *series = xcalloc(x->n_cols + 1, sizeof(*series));
		const char **names = xcalloc(x->n_cols + 1, sizeof(char *));
		for (size_t k = 0; k < x->n_cols; k++) {
			int key = x->col_keys[k];
			series[k].name = key >= 0 ? category_label(c, key) : x->col_labels[k];
			series[k].rgb = key >= 0 ? in->cfg->categories[key].colour : CHART_AUTO;
			names[k] = series[k].name;
		}
		int64_t *v = xcalloc(x->n_rows * x->n_cols + 1, sizeof(int64_t));
		unsigned char *hidden = xcalloc(x->n_rows * x->n_cols + 1, 1);
		for (size_t r = 0; r < x->n_rows; r++)
			for (size_t k = 0; k < x->n_cols; k++) {
				v[r * x->n_cols + k] = AGG_CELL(x, r, k);
				hidden[r * x->n_cols + k] =
					AGG_CELL_FLAG(x, r, k) == AGG_HIDE_SECONDARY;
				struct doc_value dv = val(c, DOC_M_COUNT, gd, x->row_keys[r], in->cur,
							  DOC_CUR, AGG_CELL(x, r, k),
							  AGG_CELL_FLAG(x, r, k));
				dv.dim2 = AGG_CATEGORY;
				dv.key2 = x->col_keys[k];
				publish(c, f, dv);
			}
		/* each stack's total, as the table publishes it: the stack is drawn to it */
		int64_t *totals = xcalloc(x->n_rows + 1, sizeof(int64_t));
		unsigned char *total_hidden = xcalloc(x->n_rows + 1, 1);
		for (size_t r = 0; r < x->n_rows; r++) {
			unsigned char fl = AGG_CELL_FLAG(x, r, x->n_cols);
			totals[r] = AGG_CELL(x, r, x->n_cols);
			total_hidden[r] = fl == AGG_HIDE_SECONDARY ? CHART_WITHHELD
					  : fl ? CHART_SUPPRESSED : 0;
			publish(c, f, val(c, DOC_M_COUNT, gd, x->row_keys[r], in->cur, DOC_CUR,
					  totals[r], fl));
		}
		struct chart_grouped_input ci = {
			.title = title, .n_groups = x->n_rows, .group_labels = x->row_labels,
			.n_series = x->n_cols, .series = series, .values = v,
			.threshold = th, .unit = unit, .hidden = hidden,
			.totals = totals, .total_hidden = total_hidden,
		};
		chart_draw(CHART_STACKED, &ci, in->fonts, w, h, scene);
		f->alt = alt_text(c, CHART_STACKED, title, x->n_rows,
				  (const char *const *)x->row_labels, NULL, x->n_cols, names, v, hidden,
				  th);
		free(totals);
		free(total_hidden);
		free(v);
		free(hidden);
		free(series);
		free(names);
	} else {
		struct period trend;
		const struct period *cur, *base;
		compose_block_periods(n, in->cur, in->base, &trend, &cur, &base);
		enum agg_dim dim = dim_of(n->by);
		const struct agg_table *t = table_by(c, dim, cur, base);
		if (type == CHART_TOP)
			base = NULL; /* top-N bars: the current period, largest first */
		size_t nr;
		const struct agg_row **rows = pick_rows(c, n, t, type == CHART_TOP ? "count" : NULL, &nr);
		size_t ns = base ? 2 : 1;
		const char **labels = xcalloc(nr + 1, sizeof(char *));
		const char **blabels = xcalloc(nr + 1, sizeof(char *));
		char(*lbuf)[96] = xcalloc(2 * nr + 1, sizeof(*lbuf));
		int64_t *values = xcalloc((nr + 1) * ns, sizeof(int64_t));
		unsigned char *hidden = xcalloc((nr + 1) * ns, 1);
		enum doc_when wc = cur == &trend ? DOC_TREND : DOC_CUR;
		for (size_t i = 0; i < nr; i++) {
			labels[i] = row_label(c, dim, rows[i], cur, base, lbuf[i], sizeof(lbuf[i]));
			values[i * ns] = rows[i]->count_cur;
			hidden[i * ns] = rows[i]->flag_cur == AGG_HIDE_SECONDARY;
			publish(c, f, val(c, DOC_M_COUNT, dim, rows[i]->key, cur, wc,
					  rows[i]->count_cur, rows[i]->flag_cur));
			/* a month or week of the baseline is named as such in the text */
			blabels[i] = base ? row_label(c, dim, rows[i], base, NULL, lbuf[nr + i],
						      sizeof(lbuf[nr + i]))
					  : labels[i];
			if (ns == 2) {
				values[i * ns + 1] = rows[i]->count_base;
				hidden[i * ns + 1] = rows[i]->flag_base == AGG_HIDE_SECONDARY;
				publish(c, f, val(c, DOC_M_COUNT, dim, rows[i]->key, base, DOC_BASE,
						  rows[i]->count_base, rows[i]->flag_base));
			}
		}
		char pc[96], pb[96];
		period_text(c, in->cur, 1, pc, sizeof(pc));
		period_text(c, base, 1, pb, sizeof(pb));
		struct chart_series series[2] = {{cur == &trend ? c->w->incidents : pc, C_ACCENT},
						 {pb, C_BASE}};
		struct chart_grouped_input ci = {
			.title = title, .n_groups = nr, .group_labels = labels, .n_series = ns,
			.series = series, .values = values,
			.threshold = th, .unit = unit, .hidden = hidden,
		};
		enum chart_type ct = type < 0 ? CHART_GROUPED : (enum chart_type)type;
		chart_draw(ct, &ci, in->fonts, w, h, scene);
		const char *sn[2] = {series[0].name, series[1].name};
		f->alt = alt_text(c, ct, title, nr, labels, blabels, ns, sn, values, hidden, th);
		free(labels);
		free(blabels);
		free(lbuf);
		free(values);
		free(hidden);
		free(rows);
	}
}

/* ---- generated sentences ---- */

/* "1 händelse" / "3 händelser"; n is the published text of the count. */
static void count_noun(struct sbuf *s, const struct cctx *c, const char *n, int64_t v,
		       unsigned char flag)
{
	/* "<3 händelser": a hidden count reads as a plural */
	int one = v == 1 && flag == AGG_SHOW;
	if (c->en)
		sbuf_printf(s, "%s %s", n, one ? "incident" : "incidents");
	else
		sbuf_printf(s, "%s %s", n, one ? "händelse" : "händelser");
}

/* One sentence about a count against the baseline. label starts the sentence. Neither
 * direction nor percent is given when a count is hidden; "ökade"/"minskade" agree with any
 * subject, and an unchanged count is said without an adjective, whose gender would depend on
 * the category's noun ("Klotter var oförändrat", "Skadegörelse var oförändrad"). */
static void sentence(struct cctx *c, struct sbuf *s, const char *label, int64_t cur,
		     unsigned char fc, int64_t base, unsigned char fb)
{
	const struct compose_input *in = c->in;
	int th = in->cfg->small_count_threshold;
	char a[48], b[48], pct[48], pcs[96], pbs[96];
	agg_fmt_cell(a, sizeof(a), cur, fc, th);
	agg_fmt_cell(b, sizeof(b), base, fb, th);
	period_text(c, in->cur, 0, pcs, sizeof(pcs));
	period_text(c, in->base, 0, pbs, sizeof(pbs));
	if (fc || fb) {
		sbuf_printf(s, "%s: ", label);
		count_noun(s, c, a, cur, fc);
		sbuf_printf(s, T(c, " under %s mot %s under %s.", " in %s against %s in %s."), pcs, b,
			    pbs);
	} else if (cur == base) {
		sbuf_printf(s, T(c, "%s låg kvar på ", "%s stayed at "), label);
		count_noun(s, c, a, cur, fc);
		sbuf_printf(s, T(c, ", lika många som %s.", ", the same as in %s."), pbs);
	} else if (base == 0) {
		sbuf_printf(s, "%s: ", label);
		count_noun(s, c, a, cur, fc);
		sbuf_printf(s, T(c, " under %s, mot inga under %s.", " in %s, against none in %s."),
			    pcs, pbs);
	} else {
		util_fmt_pct_change(pct, sizeof(pct), base, cur);
		const char *verb = cur > base ? T(c, "ökade", "increased") : T(c, "minskade", "decreased");
		sbuf_printf(s, T(c, "%s %s från %s till %s (%s) jämfört med %s.",
				 "%s %s from %s to %s (%s) compared with %s."),
			    label, verb, b, a, pct, pbs);
		if (base < in->cfg->min_baseline_for_percent)
			sbuf_add(s, T(c, " Få fall: jämför med försiktighet.",
				      " Few cases: compare with care."));
	}
}

/* A list item about one count (dim = -1: all incidents) in both periods. Returns whether
 * either count is printed hidden ("<3" or ".."). */
static int sentence_item(struct cctx *c, struct doc_node *list, const char *label, int dim,
			  const struct agg_row *r)
{
	struct sbuf s = {0};
	sentence(c, &s, label, r->count_cur, r->flag_cur, r->count_base, r->flag_base);
	struct doc_node *it = add(c->d, list, DOC_ITEM, DOC_ROLE_NONE, sbuf_str(&s));
	sbuf_free(&s);
	publish(c, it, val(c, DOC_M_COUNT, dim, dim < 0 ? -1 : r->key, c->in->cur, DOC_CUR,
			   r->count_cur, r->flag_cur));
	publish(c, it, val(c, DOC_M_COUNT, dim, dim < 0 ? -1 : r->key, c->in->base, DOC_BASE,
			   r->count_base, r->flag_base));
	char buf[48];
	int th = c->in->cfg->small_count_threshold;
	return agg_fmt_cell(buf, sizeof(buf), r->count_cur, r->flag_cur, th) |
	       agg_fmt_cell(buf, sizeof(buf), r->count_base, r->flag_base, th);
}

/* Said once in a department's section when the department has no incident at all: in a
 * summary list as an item, elsewhere as a paragraph. */
static void no_incidents_note(struct cctx *c, struct doc_node *parent)
{
	if (c->no_incidents_said)
		return;
	c->no_incidents_said = 1;
	const char *name = c->in->cfg->departments[c->dept].name;
	char *msg = xasprintf(T(c, "%s lämnar inga händelser till underlaget, bara insatser. Därför visas inga tabeller eller diagram över händelser för förvaltningen.",
				"%s sends no incidents to the records, only measures. No incident tables or charts are shown for it."),
			      name);
	if (parent->kind == DOC_LIST)
		add(c->d, parent, DOC_ITEM, DOC_ROLE_NONE, msg);
	else
		para_text(c, parent, DOC_ROLE_BODY, msg);
	free(msg);
}

/* A sentence for the total, one per category that happened in either period, and one for
 * the measures. */
static void block_summary(struct cctx *c, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	if (!in->base)
		return;
	struct doc_node *list = add(c->d, parent, DOC_LIST, DOC_ROLE_NONE, NULL);
	int hidden = 0; /* a sentence shows "<3" or "..": the reader is told why, once */
	if (c->no_incidents) {
		no_incidents_note(c, list);
	} else {
		const struct agg_table *t = table_by(c, AGG_CATEGORY, in->cur, in->base);
		hidden |= sentence_item(
			c, list, T(c, "Det totala antalet händelser", "The total number of incidents"),
			-1, &t->total);
		for (size_t i = 0; i < t->n_rows; i++) {
			const struct agg_row *r = &t->rows[i];
			if (r->count_cur == 0 && r->count_base == 0)
				continue;
			hidden |= sentence_item(c, list, category_label(c, r->key), AGG_CATEGORY, r);
		}
	}
	struct measure_sums m = measure_sums(c, in->cur);
	if (m.n > 0) {
		char h[48], kr[64], pcs[96];
		util_fmt_int(h, sizeof(h), (m.hours_x100 + 50) / 100);
		util_fmt_kr(kr, sizeof(kr), m.cost_ore);
		period_text(c, in->cur, 0, pcs, sizeof(pcs));
		struct sbuf s = {0};
		int no_h = m.hours_reported == AGG_NOT_REPORTED, no_k = m.cost_reported == AGG_NOT_REPORTED;
		/* A number of measures is the municipality's own work, never suppressed. Hours and
		 * costs are reported per measure for its whole run, which may be longer than the
		 * period (a summer-long measure in a July report): the sentence says so. Hours or
		 * costs no measure reports are said to be missing, never 0. */
		if (no_h || no_k) {
			const char *what = no_h && no_k ? T(c, "timmar och kostnader", "hours and costs")
					   : no_h ? T(c, "timmar", "hours") : T(c, "kostnader", "costs");
			if (c->en)
				sbuf_printf(&s, "In %s there %s %lld %s", pcs, m.n == 1 ? "was" : "were",
					    (long long)m.n, m.n == 1 ? "measure" : "measures");
			else
				sbuf_printf(&s, "Under %s pågick %lld %s", pcs, (long long)m.n,
					    m.n == 1 ? "insats" : "insatser");
			if (!no_h || !no_k)
				sbuf_printf(&s, T(c, ", som för hela sin löptid redovisar %s", ", reporting %s over the whole run"),
					    no_h ? kr : h);
			if (!no_h && no_k)
				sbuf_printf(&s, " %s", T(c, "timmar", "hours"));
			sbuf_printf(&s, T(c, " (%s: uppgift saknas).", " (%s: not reported)."), what);
		} else if (c->en)
			sbuf_printf(&s, "In %s %s %lld %s, reporting %s hours and %s over %s whole run.",
				    pcs, m.n == 1 ? "there was" : "there were", (long long)m.n,
				    m.n == 1 ? "measure" : "measures", h, kr, m.n == 1 ? "its" : "their");
		else if (m.n == 1)
			sbuf_printf(&s, "Under %s pågick en insats, som för hela sin löptid redovisar %s timmar och %s.",
				    pcs, h, kr);
		else
			sbuf_printf(&s, "Under %s pågick %lld insatser, som för hela sin löptid redovisar sammanlagt %s timmar och %s.",
				    pcs, (long long)m.n, h, kr);
		struct doc_node *it = add(c->d, list, DOC_ITEM, DOC_ROLE_NONE, sbuf_str(&s));
		sbuf_free(&s);
		publish(c, it, val(c, DOC_M_MEASURES, -1, -1, in->cur, DOC_CUR, m.n, 0));
		publish(c, it, val(c, DOC_M_HOURS, -1, -1, in->cur, DOC_CUR, (m.hours_x100 + 50) / 100, 0));
		publish(c, it, val(c, DOC_M_COST, -1, -1, in->cur, DOC_CUR, m.cost_ore, 0));
	}
	if (hidden && !c->hidden_said) {
		c->hidden_said = 1;
		int th = in->cfg->small_count_threshold;
		char *msg = xasprintf(
			T(c, "\"<%d\" står för ett antal från 1 till %d, som inte visas så att ingen enskild person kan pekas ut. \"..\" döljer ett antal som annars skulle gå att räkna fram ur andra siffror i rapporten.",
			  "\"<%d\" stands for a count from 1 to %d, not shown so that no individual can be singled out. \"..\" hides a count that could otherwise be worked out from other figures in the report."),
			th, th - 1);
		para_text(c, parent, DOC_ROLE_BODY, msg);
		free(msg);
	}
}

/* ---- key-figure tiles ---- */

static struct doc_value tile_value(struct cctx *c, const char *value, const struct period *p,
				   enum doc_when when, char *buf, size_t size)
{
	const struct compose_input *in = c->in;
	const char *colon = strchr(value, ':');
	struct doc_value v = val(c, DOC_M_COUNT, -1, -1, p, when, 0, 0);
	if (colon) {
		int cat = category_id(in->cfg, colon + 1);
		int64_t cost;
		v.dim = cat < 0 ? -1 : AGG_CATEGORY, v.key = cat;
		v.num = count_of(c, cat, p, &v.flag, &cost);
		if (strncmp(value, "cost:", 5) == 0) {
			int rep = cost_reported(c, cat, p);
			v.measure = DOC_M_COST, v.num = cost, v.flag = 0;
			v.missing = rep == AGG_NOT_REPORTED;
			fmt_sum(c, buf, size, DOC_M_COST, cost, rep, 0);
		} else {
			agg_fmt_cell(buf, size, v.num, v.flag, in->cfg->small_count_threshold);
		}
	} else if (strcmp(value, "incidents_total") == 0) {
		v.num = count_of(c, -1, p, &v.flag, NULL);
		agg_fmt_cell(buf, size, v.num, v.flag, in->cfg->small_count_threshold);
	} else if (strcmp(value, "cost_total") == 0) {
		int rep = cost_reported(c, -1, p);
		/* agg_total_cost's sum, as for cost_total above */
		v.measure = DOC_M_COST, v.num = table_by(c, AGG_CATEGORY, p, NULL)->total.cost_cur;
		v.missing = rep == AGG_NOT_REPORTED;
		fmt_sum(c, buf, size, DOC_M_COST, v.num, rep, 0);
	} else {
		v = measures_value(c, value, p, when, buf, size);
	}
	return v;
}

static void block_tiles(struct cctx *c, const struct tpl_node *n, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	const char *lang = c->en ? "en" : "sv";
	struct doc_node *tiles = NULL;
	for (size_t i = 0; i < n->n_children; i++) {
		const struct tpl_node *t = &n->children[i];
		if (!tpl_in_lang(t, lang))
			continue;
		if (!tiles)
			tiles = add(c->d, parent, DOC_TILES, DOC_ROLE_NONE, NULL);
		struct doc_node *tile = add(c->d, tiles, DOC_TILE, DOC_ROLE_NONE, NULL);
		char v[64], b[64], ch[48];
		struct doc_value vc = tile_value(c, t->value, in->cur, DOC_CUR, v, sizeof(v));
		publish(c, para_text(c, tile, DOC_ROLE_TILE_VALUE, v), vc);
		para(c, tile, DOC_ROLE_TILE_LABEL, tr(c, t->label, t->label_en));
		if (in->base) {
			struct doc_value vb = tile_value(c, t->value, in->base, DOC_BASE, b, sizeof(b));
			struct doc_value dv = vc;
			change_text(c, ch, sizeof(ch), vb.num, vb.flag, vc.num, vc.flag, &dv);
			if (vb.missing || vc.missing) { /* no change from or to an unknown sum */
				snprintf(ch, sizeof(ch), DASH);
				dv.missing = 1;
			}
			c->few_note = 0;
			/* the year alone: a tile is narrow, and the caption names the baseline */
			char *line = xasprintf("%d: %s", in->base->year, b);
			publish(c, para_text(c, tile, DOC_ROLE_TILE_BASE, line), vb);
			free(line);
			line = xasprintf("%s %s", c->w->change, ch);
			publish(c, para_text(c, tile, DOC_ROLE_TILE_CHANGE, line), dv);
			free(line);
		}
	}
}

/* ---- police-reported crime (official statistics) ---- */

/* The figures of the configuration's crime types for its areas: rows[type * 3 + role]. They
 * are Brå's, never the municipality's own: every number is published as a DOC_M_POLICE*
 * value with its area. */
struct police {
	struct off_table *t;
	const struct off_row **rows;
	size_t n_types;
	int any;     /* some configured crime type and area has a figure */
	int prel[2]; /* a figure shown for the period [0] / the baseline [1] is preliminary */
};

static void police_load(struct cctx *c, struct police *p)
{
	const struct config *cfg = c->in->cfg;
	memset(p, 0, sizeof(*p));
	p->t = off_table_by(c->in->store, cfg, c->in->cur, c->in->base, -1, OFF_BY_CRIME_AREA);
	p->n_types = cfg->n_crime_types;
	p->rows = xcalloc(p->n_types * 3 + 1, sizeof(*p->rows));
	for (size_t i = 0; i < p->t->n_rows; i++) {
		const struct off_row *r = &p->t->rows[i];
		int k = config_find_crime_type(cfg, r->crime_name);
		if (k < 0 || r->area < 0)
			continue;
		p->rows[(size_t)k * 3 + cfg->areas[r->area].role] = r;
		p->any = 1;
		p->prel[0] |= r->cur.complete && r->cur.preliminary;
		p->prel[1] |= c->in->base && r->base.complete && r->base.preliminary;
	}
}

static void police_free(struct police *p)
{
	off_table_free(p->t);
	free(p->rows);
}

static const char *crime_label(const struct cctx *c, size_t k)
{
	const struct cfg_crime_type *t = &c->in->cfg->crime_types[k];
	return c->en && t->label_en ? t->label_en : t->name;
}

static const char *area_label(const struct cctx *c, int area)
{
	const struct cfg_area *a = &c->in->cfg->areas[area];
	if (!c->en)
		return a->name;
	return a->label_en ? a->label_en : a->role == CFG_AREA_COUNTRY ? c->w->country : a->name;
}

static struct doc_value police_val(const struct cctx *c, enum doc_measure m,
				   const struct off_row *r, int base, int64_t num,
				   unsigned char flag)
{
	const struct off_value *v = base ? &r->base : &r->cur;
	struct doc_value d = val(c, m, AGG_CATEGORY, r->category, base ? c->in->base : c->in->cur,
				 base ? DOC_BASE : DOC_CUR, num, flag);
	d.area = r->area;
	d.preliminary = (unsigned char)v->preliminary;
	d.missing = !v->complete;
	return d;
}

/* A police count as published: withheld when small, "–" when the figures do not cover the
 * period (a sum of some months is not the period's). */
static struct doc_value police_count(struct cctx *c, const struct off_row *r, int base,
				     char *buf, size_t size)
{
	const struct off_value *v = base ? &r->base : &r->cur;
	struct doc_value d = police_val(c, DOC_M_POLICE, r, base, v->count, v->flag);
	if (v->complete)
		agg_fmt_cell(buf, size, v->count, v->flag, c->in->cfg->small_count_threshold);
	else
		snprintf(buf, size, DASH);
	return d;
}

/* The rate per 100 000 inhabitants as the statistics give it (the sum of the months' rates),
 * with the report's decimal sign; withheld with its count. */
static struct doc_value police_rate(struct cctx *c, const struct off_row *r, int base,
				    char *buf, size_t size)
{
	const struct off_value *v = base ? &r->base : &r->cur;
	struct doc_value d = police_val(c, DOC_M_POLICE_RATE, r, base, v->rate_x100, v->flag);
	if (!v->complete || v->flag != AGG_SHOW || v->rate_x100 < 0) {
		d.missing = v->flag == AGG_SHOW;
		d.num = 0;
		snprintf(buf, size, DASH);
	} else {
		util_fmt_hundredths(buf, size, v->rate_x100, 0, c->en ? '.' : ',');
	}
	return d;
}

/* "Sommar 2019 prel.": a column of preliminary figures says so in its head, as Brå does. */
static const char *police_head(struct cctx *c, const struct period *p, int prel)
{
	char pt[96], *s;
	period_text(c, p, 1, pt, sizeof(pt));
	s = prel ? xasprintf("%s %s", pt, c->w->prel) : xstrdup(pt);
	const char *r = S(c, s);
	free(s);
	return r;
}

/* "Källa: Brå." and, when a figure is preliminary, what "prel." means. */
static const char *police_note(struct cctx *c, const struct police *p)
{
	const char *src = c->in->cfg->official_source ? c->in->cfg->official_source : "Brå";
	char *s = p->prel[0] || p->prel[1]
			  ? xasprintf(T(c, "%s: %s. %s = preliminära siffror, som kan ändras när statistiken blir slutlig.",
					"%s: %s. %s = preliminary figures, which may change when the statistics are final."),
				      c->w->source, src, c->w->prel)
			  : xasprintf("%s: %s.", c->w->source, src);
	const char *r = S(c, s);
	free(s);
	return r;
}

/* The verdict on a change as a sentence of its own, in change.c's words; no claim for
 * withheld counts, too few cases or figures that do not cover both periods. */
static void police_verdict(const struct cctx *c, struct sbuf *s, const struct off_row *r)
{
	const char *lang = c->en ? "en" : "sv";
	const char *ph;
	if (!r->cur.complete || !r->base.complete)
		ph = T(c, CHANGE_INCOMPLETE_SV ", så inget sägs om förändringen",
		       CHANGE_INCOMPLETE_EN ", so nothing is said about the change");
	else
		ph = change_phrase(r->change.verdict, lang);
	int clause = !r->cur.complete || !r->base.complete || r->change.verdict == CHANGE_CHANCE ||
		     r->change.verdict == CHANGE_NO_CLAIM;
	if (clause) /* a whole clause: capitalized ("förändringen …" → "Förändringen …") */
		sbuf_printf(s, " %c%s.", ph[0] >= 'a' && ph[0] <= 'z' ? ph[0] - 32 : ph[0], ph + 1);
	else
		sbuf_printf(s, T(c, " Det är %s.", " This is %s."), ph);
}

/* "Skadegörelse i Bjuv: 7 polisanmälda brott under sommaren 2018 mot 40 under sommaren 2017
 * (−83 %). Det är en tydlig minskning." — one per crime type, for the municipality. */
static void police_sentences(struct cctx *c, const struct police *p, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	struct doc_node *list = NULL;
	char pcs[96], pbs[96];
	period_text(c, in->cur, 0, pcs, sizeof(pcs));
	period_text(c, in->base, 0, pbs, sizeof(pbs));
	for (size_t k = 0; k < p->n_types; k++) {
		const struct off_row *r = p->rows[k * 3 + CFG_AREA_MUNICIPALITY];
		if (!r)
			continue;
		if (!list)
			list = add(c->d, parent, DOC_LIST, DOC_ROLE_NONE, NULL);
		struct sbuf s = {0};
		char a[48], b[48];
		struct doc_value vc = police_count(c, r, 0, a, sizeof(a));
		sbuf_printf(&s, T(c, "%s i %s: ", "%s in %s: "), crime_label(c, k), area_label(c, r->area));
		if (r->cur.complete) {
			int one = r->cur.count == 1 && r->cur.flag == AGG_SHOW;
			sbuf_printf(&s, T(c, "%s %s under %s%s%s%s", "%s %s in %s%s%s%s"), a,
				    c->en ? (one ? "police-reported offence" : "police-reported offences")
					  : (one ? "polisanmält brott" : "polisanmälda brott"),
				    pcs, r->cur.preliminary ? " (" : "", r->cur.preliminary ? c->w->prel : "",
				    r->cur.preliminary ? ")" : "");
		} else {
			sbuf_printf(&s, T(c, "inga fullständiga siffror för %s", "no complete figures for %s"), pcs);
		}
		struct doc_value vb = {0}, dv = {0};
		if (in->base) {
			vb = police_count(c, r, 1, b, sizeof(b));
			int shown = r->cur.complete && r->base.complete && !r->cur.flag && !r->base.flag;
			const char *pm = r->base.preliminary ? c->w->prel : "";
			if (shown && r->cur.count == r->base.count)
				sbuf_printf(&s, T(c, ", lika många som under %s%s%s%s", ", the same as in %s%s%s%s"),
					    pbs, *pm ? " (" : "", pm, *pm ? ")" : "");
			else if (r->base.complete)
				sbuf_printf(&s, T(c, " mot %s under %s%s%s%s", " against %s in %s%s%s%s"), b, pbs,
					    *pm ? " (" : "", pm, *pm ? ")" : "");
			dv = police_val(c, DOC_M_POLICE_CHANGE, r, 0, 0, AGG_SHOW);
			if (shown && r->base.count > 0) {
				char pct[48];
				util_fmt_pct_change(pct, sizeof(pct), r->base.count, r->cur.count);
				if (r->cur.count != r->base.count) /* "lika många" says it */
					sbuf_printf(&s, " (%s)", pct);
				dv.num = (int64_t)(100.0 * (double)(r->cur.count - r->base.count) /
						   (double)r->base.count * 10);
			} else {
				dv.flag = shown ? AGG_SHOW : AGG_HIDE_SECONDARY;
				dv.missing = shown || !r->cur.complete || !r->base.complete;
			}
			sbuf_add(&s, ".");
			police_verdict(c, &s, r);
		} else {
			sbuf_add(&s, ".");
		}
		struct doc_node *it = add(c->d, list, DOC_ITEM, DOC_ROLE_NONE, sbuf_str(&s));
		sbuf_free(&s);
		publish(c, it, vc);
		if (in->base) {
			publish(c, it, vb);
			publish(c, it, dv);
		}
	}
}

/* Police-reported offences of every configured crime type and area in both periods, with the
 * change and the verdict on it. */
static void police_count_table(struct cctx *c, const struct police *p, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	struct tb t;
	tb_init(c, &t);
	tb_col(c, &t, c->w->offence, 0, 0);
	tb_col(c, &t, c->w->area, 0.14, 0);
	tb_col(c, &t, police_head(c, in->cur, p->prel[0]), 0.185, 1);
	if (in->base) {
		tb_col(c, &t, police_head(c, in->base, p->prel[1]), 0.185, 1);
		tb_col(c, &t, c->w->change, 0.12, 1);
		tb_col(c, &t, c->w->assessment, 0.2, 0);
	}
	for (size_t k = 0; k < p->n_types; k++)
		for (int role = 0; role < 3; role++) {
			const struct off_row *r = p->rows[k * 3 + (size_t)role];
			if (!r)
				continue;
			char a[64];
			tb_row(c, &t);
			tb_cell(c, &t, crime_label(c, k), NULL);
			tb_cell(c, &t, area_label(c, r->area), NULL);
			struct doc_value v = police_count(c, r, 0, a, sizeof(a));
			tb_cell(c, &t, a, &v);
			if (!in->base)
				continue;
			v = police_count(c, r, 1, a, sizeof(a));
			tb_cell(c, &t, a, &v);
			struct doc_value dv = police_val(c, DOC_M_POLICE_CHANGE, r, 0, 0, AGG_SHOW);
			int complete = r->cur.complete && r->base.complete;
			if (complete) {
				change_text(c, a, sizeof(a), r->base.count, r->base.flag, r->cur.count,
					    r->cur.flag, &dv);
				dv.measure = DOC_M_POLICE_CHANGE;
			} else {
				snprintf(a, sizeof(a), DASH);
				dv.missing = 1;
			}
			tb_cell(c, &t, a, &dv);
			tb_cell(c, &t, complete ? change_short(r->change.verdict, c->en ? "en" : "sv")
						: T(c, "ofullständiga siffror", "incomplete figures"),
				NULL);
		}
	char pcs[96];
	period_text(c, in->cur, 0, pcs, sizeof(pcs));
	char *cap = xasprintf(T(c, "Polisanmälda brott, antal", "Police-reported offences, number"));
	t.caption = S(c, cap);
	free(cap);
	if (c->few_note) {
		char *s = xasprintf(T(c, "%s * Färre än %d brott under jämförelseperioden: jämför med försiktighet.",
				      "%s * Fewer than %d offences in the baseline: compare with care."),
				    police_note(c, p), in->cfg->min_baseline_for_percent);
		t.note = S(c, s);
		free(s);
		c->few_note = 0;
	} else {
		t.note = police_note(c, p);
	}
	tb_finish(c, &t, parent);
}

/* The municipality against its county and the country per 100 000 inhabitants: a chart of
 * the period and a table of both periods. */
static void police_rates(struct cctx *c, const struct police *p, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	const struct config *cfg = in->cfg;
	char pt[96];
	period_text(c, in->cur, 0, pt, sizeof(pt));
	if (p->prel[0]) {
		size_t n = strlen(pt);
		snprintf(pt + n, sizeof(pt) - n, " %s", c->w->prel);
	}
	/* the chart: crime types as groups, one bar per area */
	int role_area[3] = {-1, -1, -1};
	size_t ns = 0;
	for (int role = 0; role < 3; role++)
		if ((role_area[role] = config_area_of_role(cfg, (enum cfg_area_role)role)) >= 0)
			ns++;
	size_t ng = 0;
	const char **groups = xcalloc(p->n_types + 1, sizeof(*groups));
	int64_t *v = xcalloc((p->n_types + 1) * (ns + 1), sizeof(*v));
	unsigned char *hidden = xcalloc((p->n_types + 1) * (ns + 1), 1);
	struct chart_series series[3];
	const char *sn[3];
	char *title = xasprintf(T(c, "Polisanmälda brott per 100" NBSP "000 invånare, %s",
				  "Police-reported offences per 100" NBSP "000 inhabitants, %s"), pt);
	struct doc_node *f = figure(c, parent, 230, xcalloc(1, sizeof(struct chart_scene)));
	f->text = S(c, title);
	free(title);
	for (size_t k = 0; k < p->n_types; k++) {
		int has = 0;
		for (int role = 0; role < 3; role++)
			has |= p->rows[k * 3 + (size_t)role] != NULL;
		if (!has)
			continue;
		groups[ng] = crime_label(c, k);
		size_t s = 0;
		for (int role = 0; role < 3; role++) {
			if (role_area[role] < 0)
				continue;
			const struct off_row *r = p->rows[k * 3 + (size_t)role];
			size_t i = ng * ns + s++;
			if (!r || !r->cur.complete || r->cur.flag != AGG_SHOW || r->cur.rate_x100 < 0) {
				hidden[i] = 1;
			} else {
				v[i] = (r->cur.rate_x100 + 50) / 100;
			}
			if (r) {
				char a[48];
				publish(c, f, police_rate(c, r, 0, a, sizeof(a)));
			}
		}
		ng++;
	}
	ns = 0;
	for (int role = 0; role < 3; role++)
		if (role_area[role] >= 0) {
			series[ns].name = sn[ns] = area_label(c, role_area[role]);
			series[ns].rgb = role == CFG_AREA_MUNICIPALITY ? C_ACCENT : CHART_AUTO;
			ns++;
		}
	struct chart_grouped_input ci = {
		.title = f->text, .n_groups = ng, .group_labels = groups, .n_series = ns,
		.series = series, .values = v, .threshold = 1, /* rates: nothing small to hide */
		.unit = T(c, "Per 100" NBSP "000 invånare", "Per 100" NBSP "000 inhabitants"),
		.hidden = hidden,
	};
	chart_draw(CHART_GROUPED, &ci, in->fonts, DOC_FIGURE_WIDTH, f->height, f->chart);
	/* rates are no counts: none is "fewer than 3" */
	f->alt = alt_text(c, CHART_GROUPED, f->text, ng, groups, NULL, ns, sn, v, hidden, 1);
	free(groups);
	free(v);
	free(hidden);
	para_text(c, parent, DOC_ROLE_NOTE, police_note(c, p));

	/* the table of the chart's numbers, with the baseline */
	struct tb t;
	tb_init(c, &t);
	tb_col(c, &t, c->w->offence, 0, 0);
	tb_col(c, &t, c->w->area, 0.22, 0);
	tb_col(c, &t, police_head(c, in->cur, p->prel[0]), 0.2, 1);
	if (in->base)
		tb_col(c, &t, police_head(c, in->base, p->prel[1]), 0.2, 1);
	for (size_t k = 0; k < p->n_types; k++)
		for (int role = 0; role < 3; role++) {
			const struct off_row *r = p->rows[k * 3 + (size_t)role];
			if (!r)
				continue;
			char a[48];
			tb_row(c, &t);
			tb_cell(c, &t, crime_label(c, k), NULL);
			tb_cell(c, &t, area_label(c, r->area), NULL);
			struct doc_value dv = police_rate(c, r, 0, a, sizeof(a));
			tb_cell(c, &t, a, &dv);
			if (in->base) {
				dv = police_rate(c, r, 1, a, sizeof(a));
				tb_cell(c, &t, a, &dv);
			}
		}
	t.caption = T(c, "Polisanmälda brott per 100" NBSP "000 invånare",
		      "Police-reported offences per 100" NBSP "000 inhabitants");
	t.note = police_note(c, p);
	tb_finish(c, &t, parent);
}

/* <police-reported/>: the sentences, the counts, the rates. */
static void block_police(struct cctx *c, struct doc_node *parent)
{
	if (!config_has_official(c->in->cfg))
		return;
	struct police p;
	police_load(c, &p);
	if (!p.any) {
		char pt[96];
		period_text(c, c->in->cur, 0, pt, sizeof(pt));
		char *s = xasprintf(T(c, "Den officiella statistiken (%s) har inga siffror för %s.",
				      "The official statistics (%s) have no figures for %s."),
				    c->in->cfg->official_source ? c->in->cfg->official_source : "Brå", pt);
		para_text(c, parent, DOC_ROLE_EMPTY, s);
		free(s);
	} else {
		police_sentences(c, &p, parent);
		police_count_table(c, &p, parent);
		police_rates(c, &p, parent);
	}
	police_free(&p);
}

/* A section that holds <police-reported/> has nothing to say without official statistics:
 * it is left out, heading and all. */
static int section_needs_official(const struct tpl_node *n)
{
	for (size_t i = 0; i < n->n_children; i++)
		if (n->children[i].kind == TPL_POLICE)
			return 1;
	return 0;
}

/* ---- blocks ---- */

static void blocks(struct cctx *c, const struct tpl_node *v, size_t n, struct doc_node *parent);

/* Under the data-quality table: how many rows were rejected, apart for the departments'
 * exports (which a department can correct) and official statistics (rows Brå publishes
 * without a figure, "..", which nobody in the municipality can correct). */
static void rows_sentence(struct cctx *c, struct doc_node *parent, long n, const char *sv,
			  const char *en)
{
	if (n <= 0)
		return;
	char *msg = xasprintf(T(c, sv, en), n, n == 1 ? T(c, "rad", "row") : T(c, "rader", "rows"));
	struct doc_node *p = para_text(c, parent, DOC_ROLE_BODY, msg);
	free(msg);
	publish(c, p, val(c, DOC_M_ROWS, -1, -1, NULL, DOC_NONE_PERIOD, (int64_t)n, 0));
}

static void rejects_note(struct cctx *c, struct doc_node *parent)
{
	const struct rec_store *st = c->in->store;
	long dept = 0, official = 0;
	for (size_t i = 0; i < st->n_sources; i++)
		*(st->sources[i].official ? &official : &dept) += st->sources[i].rejected;
	rows_sentence(c, parent, dept,
		      "%ld %s i förvaltningarnas underlag avvisades. Kommandot \"trygg check\" listar dem med fil, rad och skäl, så att förvaltningen kan rätta sitt underlag.",
		      "%ld %s of the departments' exports were rejected. The command \"trygg check\" lists them with file, line and reason, so that the department can correct its export.");
	rows_sentence(c, parent, official,
		      "%ld %s i den officiella statistiken saknar siffra (till exempel \"..\", en uppgift som Brå inte redovisar) och är inte med. De går inte att rätta i kommunen; \"trygg check\" listar dem.",
		      "%ld %s of the official statistics have no figure (such as \"..\", a figure Brå does not publish) and are left out. They cannot be corrected in the municipality; \"trygg check\" lists them.");
}

static void block(struct cctx *c, const struct tpl_node *n, struct doc_node *parent)
{
	switch (n->kind) {
	case TPL_PARAGRAPH: para(c, parent, DOC_ROLE_BODY, n->text); break;
	case TPL_HEADING: {
		struct doc_node *h = add(c->d, parent, DOC_HEADING, DOC_ROLE_NONE, NULL);
		h->level = 2;
		h->text = expand(c, n->text, h);
		break;
	}
	case TPL_SUMMARY: block_summary(c, parent); break;
	case TPL_CHART:
	case TPL_TABLE:
	case TPL_COST:
		if (c->no_incidents) {
			no_incidents_note(c, parent);
			break;
		}
		if (n->kind == TPL_CHART)
			block_chart(c, n, parent);
		else
			block_table(c, n, parent);
		break;
	case TPL_TILES: block_tiles(c, n, parent); break;
	case TPL_MEASURES:
	case TPL_QUALITY:
		block_table(c, n, parent);
		if (n->kind == TPL_QUALITY)
			rejects_note(c, parent);
		break;
	case TPL_PAGEBREAK: add(c->d, parent, DOC_PAGEBREAK, DOC_ROLE_NONE, NULL); break;
	case TPL_POLICE: block_police(c, parent); break;
	case TPL_SECTION:
	case TPL_DEPARTMENTS: {
		if (section_needs_official(n) && !config_has_official(c->in->cfg))
			break;
		struct doc_node *s = add(c->d, parent, DOC_SECTION, DOC_ROLE_NONE, NULL);
		/* a department's section is a hand-out of its own: it starts a page */
		s->page_break = n->kind == TPL_DEPARTMENTS;
		struct doc_node *h = add(c->d, s, DOC_HEADING, DOC_ROLE_NONE, NULL);
		h->level = 1;
		h->text = expand(c, tr(c, n->title, n->title_en), h);
		s->text = h->text;
		blocks(c, n->children, n->n_children, s);
		break;
	}
	case TPL_COVER:
	case TPL_TOC:
	case TPL_TILE:
		break;
	}
}

static void blocks(struct cctx *c, const struct tpl_node *v, size_t n, struct doc_node *parent)
{
	for (size_t i = 0; i < n; i++)
		if (tpl_in_lang(&v[i], c->en ? "en" : "sv"))
			block(c, &v[i], parent);
}

/* Whether any incident in the store, of any period, is the department's: one that has none
 * sends measures only (or nothing), and its section says so instead of printing zeros. */
static int department_has_incidents(struct cctx *c, int d)
{
	unsigned char *has = c->ms->dept_has;
	if (!has) {
		const struct rec_store *s = c->in->store;
		size_t n = c->in->cfg->n_departments, left = n;
		has = c->ms->dept_has = xcalloc(n ? n : 1, 1);
		/* one pass for every department, over only as much of the store as it takes to
		 * see each of them (a department without incidents costs the whole pass, once) */
		for (size_t i = 0; i < s->n_incidents && left; i++) {
			int k = s->incidents[i].department;
			if (k >= 0 && (size_t)k < n && !has[k]) {
				has[k] = 1;
				left--;
			}
		}
	}
	return has[d];
}

/* One section per department (or, in a department's own version, that department's only). */
static void department_sections(struct cctx *c, const struct tpl_node *n, int only,
				struct doc_node *parent)
{
	const struct config *cfg = c->in->cfg;
	for (size_t d = 0; d < cfg->n_departments; d++) {
		if (only != AGG_ALL && (int)d != only)
			continue;
		c->dept = (int)d;
		c->filter = (struct agg_filter){AGG_ALL, AGG_ALL, (int)d};
		c->no_incidents = !department_has_incidents(c, (int)d);
		c->no_incidents_said = 0;
		block(c, n, parent);
		c->no_incidents = 0;
		c->dept = AGG_ALL;
		c->filter = (struct agg_filter){AGG_ALL, AGG_ALL, AGG_ALL};
	}
}

static void date_range(const char *what, const struct period *p, char *buf, size_t size)
{
	int y1, m1, d1, y2, m2, d2;
	rec_day_to_ymd(p->first, &y1, &m1, &d1);
	rec_day_to_ymd(p->last, &y2, &m2, &d2);
	snprintf(buf, size, "%s: %04d-%02d-%02d " DASH " %04d-%02d-%02d", what, y1, m1, d1, y2,
		 m2, d2);
}

static void cover(struct cctx *c, const struct tpl_node *n, struct doc_node *parent)
{
	const struct compose_input *in = c->in;
	struct doc_node *cv = add(c->d, parent, DOC_COVER, DOC_ROLE_NONE, NULL);
	struct doc_node *t = para(c, cv, DOC_ROLE_COVER_TITLE, tr(c, n->title, n->title_en));
	c->d->title = t->text;
	const char *st = tr(c, n->subtitle, n->subtitle_en);
	if (st)
		para(c, cv, DOC_ROLE_COVER_SUBTITLE, st);
	if (in->logo_rgb && in->logo_w > 0 && in->logo_h > 0) {
		struct doc_node *logo = add(c->d, cv, DOC_FIGURE, DOC_ROLE_LOGO, NULL);
		logo->pixels = in->logo_rgb;
		logo->px_w = in->logo_w;
		logo->px_h = in->logo_h;
		char *alt = xasprintf(T(c, "%ss logotyp", "Logo of %s"), c->d->header_left);
		logo->alt = S(c, alt);
		free(alt);
	}
	para_text(c, cv, DOC_ROLE_COVER_WHO, c->d->header_left);
	if (in->cfg->author)
		para_text(c, cv, DOC_ROLE_COVER_AUTHOR, in->cfg->author);
	char buf[256];
	date_range(c->w->period, in->cur, buf, sizeof(buf));
	para_text(c, cv, DOC_ROLE_COVER_PERIOD, buf);
	if (in->base) {
		date_range(c->w->baseline, in->base, buf, sizeof(buf));
		para_text(c, cv, DOC_ROLE_COVER_BASELINE, buf);
	}
	if (in->department) {
		snprintf(buf, sizeof(buf), T(c, "Version för %s (%s)", "Version for %s (%s)"),
			 in->department->name, in->department->head ? in->department->head : "");
		para_text(c, cv, DOC_ROLE_COVER_VERSION, buf);
	}
	para_text(c, cv, DOC_ROLE_COVER_COLOPHON,
		  T(c, "Framtagen med trygg " TRYGG_VERSION " ur förvaltningarnas egna underlag.",
		    "Made with trygg " TRYGG_VERSION " from the departments' own records."));
}

struct doc *compose_report(const struct compose_input *in)
{
	struct cctx c = {.in = in, .dept = AGG_ALL};
	c.en = in->lang && strcmp(in->lang, "en") == 0;
	c.w = words_for(c.en ? "en" : "sv");
	c.filter = (struct agg_filter){AGG_ALL, AGG_ALL, AGG_ALL};
	c.ms = &c.own;
	struct compose_tables *run = in->tables;
	if (run && (!run->used || run->withhold == in->withhold)) {
		/* tables flagged for another withheld set are not this version's */
		run->used = 1;
		run->withhold = in->withhold;
		c.ms = &run->set;
	}
	c.d = xcalloc(1, sizeof(*c.d));
	struct doc *d = c.d;
	d->root = add(d, NULL, DOC_DOCUMENT, DOC_ROLE_NONE, NULL);
	d->lang = c.w->lang;
	char buf[256];
	who(&c, buf, sizeof(buf));
	d->header_left = S(&c, buf);
	const char *lang = c.en ? "en" : "sv";
	int only = in->department ? (int)(in->department - in->cfg->departments) : AGG_ALL;
	for (size_t i = 0; i < in->tpl->n_blocks; i++) {
		const struct tpl_node *n = &in->tpl->blocks[i];
		if (!tpl_in_lang(n, lang))
			continue;
		if (n->kind == TPL_COVER) {
			cover(&c, n, d->root);
		} else if (n->kind == TPL_TOC) {
			const char *title = tr(&c, n->title, n->title_en);
			add(d, d->root, DOC_TOC, DOC_ROLE_NONE, title ? title : c.w->contents);
			/* a department's version: its own section comes first */
			for (size_t k = 0; only != AGG_ALL && k < in->tpl->n_blocks; k++)
				if (in->tpl->blocks[k].kind == TPL_DEPARTMENTS &&
				    tpl_in_lang(&in->tpl->blocks[k], lang))
					department_sections(&c, &in->tpl->blocks[k], only, d->root);
		} else if (n->kind == TPL_DEPARTMENTS) {
			if (only == AGG_ALL)
				department_sections(&c, n, AGG_ALL, d->root);
		} else {
			block(&c, n, d->root);
		}
	}
	char pc[96], pb[96];
	if (!d->title) {
		period_text(&c, in->cur, 1, pc, sizeof(pc));
		snprintf(buf, sizeof(buf), "%s %s", in->tpl->name, pc);
		d->title = S(&c, buf);
	}
	d->root->text = d->title;
	d->author = S(&c, in->cfg->author ? in->cfg->author : in->cfg->municipality);
	period_text(&c, in->cur, 0, pc, sizeof(pc));
	period_text(&c, in->base, 0, pb, sizeof(pb));
	char *subject = in->base ? xasprintf(T(&c, "Trygghetsarbetet i %s: %s jämfört med %s",
					       "Community safety in %s: %s compared with %s"),
					     d->header_left, pc, pb)
				 : xasprintf(T(&c, "Trygghetsarbetet i %s: %s", "Community safety in %s: %s"),
					     d->header_left, pc);
	d->subject = S(&c, subject);
	free(subject);
	d->keywords = T(&c, "trygghet; brottsförebyggande arbete; uppföljning",
			"community safety; crime prevention; follow-up");
	d->creator = "trygg " TRYGG_VERSION;
	/* ids in document order */
	unsigned id = 0;
	for (const struct doc_node *n = d->root; n; n = compose_next(n))
		((struct doc_node *)n)->id = ++id;
	memo_free(&c.own);
	return d;
}

/* ---- what a report depends on ---- */

static void widen(struct compose_deps *o, const struct tpl_node *n, const struct period *cur,
		  const struct period *base)
{
	struct period trend;
	const struct period *pc, *pb;
	compose_block_periods(n, cur, base, &trend, &pc, &pb);
	if (pc->first < o->first[0])
		o->first[0] = pc->first;
	if (pc->last > o->last[0])
		o->last[0] = pc->last;
	for (size_t i = 0; i < n->n_children; i++)
		widen(o, &n->children[i], cur, base);
}

void compose_depends(const struct config *cfg, const struct template *tpl,
		     const char *tpl_file, const struct fonts *fonts, const struct period *cur,
		     const struct period *base, struct compose_deps *o)
{
	memset(o, 0, sizeof(*o));
	o->first[0] = cur->first, o->last[0] = cur->last;
	for (size_t i = 0; i < tpl->n_blocks; i++)
		widen(o, &tpl->blocks[i], cur, base);
	o->n_windows = 1;
	if (base) {
		o->first[1] = base->first, o->last[1] = base->last;
		o->n_windows = 2;
	}
	const size_t max = sizeof(o->files) / sizeof(o->files[0]);
	o->files[o->n_files++] = cfg->path;
	for (size_t i = 0; i < cfg->n_sources && o->n_files < max - 2; i++)
		o->files[o->n_files++] = cfg->sources[i].profile_path;
	o->files[o->n_files++] = tpl_file;
	if (cfg->logo)
		o->files[o->n_files++] = cfg->logo;
	for (int st = 0; fonts && st < FONT__N && st < 4; st++)
		o->fonts[o->n_fonts++] = font_path(fonts, (enum font_style)st);
	o->version = TRYGG_VERSION;
}

/* ---- the dump ---- */

static const char *const kind_names[] = {
	"document", "cover", "toc", "section", "heading", "paragraph", "list", "item",
	"tiles", "tile", "table", "row", "cell", "figure", "value", "pagebreak"};
static const char *const role_names[] = {
	"", "body", "note", "empty", "cover-title", "cover-subtitle", "cover-who",
	"cover-author", "cover-period", "cover-baseline", "cover-version", "cover-colophon",
	"tile-value", "tile-label", "tile-base", "tile-change", "header", "total", "chart",
	"logo"};
static const char *const measure_names[] = {"", "count", "change", "share", "rate", "cost",
					    "measures", "hours", "reached", "rows", "police",
					    "police-rate", "police-change"};
static const char *const when_names[] = {"cur", "base", "trend", "-"};

static void dump_value(const struct doc_value *v, FILE *fp)
{
	int y1, m1, d1, y2, m2, d2;
	rec_day_to_ymd(v->first, &y1, &m1, &d1);
	rec_day_to_ymd(v->last, &y2, &m2, &d2);
	fprintf(fp, " {%s", measure_names[v->measure]);
	if (v->dim >= 0)
		fprintf(fp, " %s=%d", agg_dim_name((enum agg_dim)v->dim), v->key);
	else
		fprintf(fp, " all");
	if (v->dim2 >= 0)
		fprintf(fp, " %s=%d", agg_dim_name((enum agg_dim)v->dim2), v->key2);
	if (v->department >= 0)
		fprintf(fp, " department=%d", v->department);
	if (v->area >= 0)
		fprintf(fp, " area=%d%s", v->area, v->preliminary ? " prel" : "");
	if (v->when != DOC_NONE_PERIOD)
		fprintf(fp, " %s %04d-%02d-%02d..%04d-%02d-%02d", when_names[v->when], y1, m1, d1,
			y2, m2, d2);
	fprintf(fp, " = %lld%s%s}", (long long)v->num,
		v->flag == AGG_HIDE_SMALL ? " withheld:small"
		: v->flag == AGG_HIDE_SECONDARY ? " withheld:secondary" : "",
		v->missing ? " missing" : "");
}

void compose_dump(const struct doc *d, FILE *fp)
{
	fprintf(fp, "lang: %s\ntitle: %s\nauthor: %s\nsubject: %s\nkeywords: %s\n", d->lang,
		d->title, d->author, d->subject, d->keywords);
	for (const struct doc_node *n = d->root; n; n = compose_next(n)) {
		int depth = 0;
		for (const struct doc_node *p = n->parent; p; p = p->parent)
			depth++;
		fprintf(fp, "%*s%s", depth * 2, "", kind_names[n->kind]);
		if (n->role)
			fprintf(fp, "[%s]", role_names[n->role]);
		if (n->kind == DOC_HEADING)
			fprintf(fp, " level=%d", n->level);
		if (n->page_break)
			fprintf(fp, " page-break");
		if (n->scope)
			fprintf(fp, " scope=%s", n->scope == DOC_SCOPE_COL ? "col" : "row");
		if (n->kind == DOC_TABLE) {
			fprintf(fp, " cols=%zu", n->ncols);
			for (size_t i = 0; i < n->ncols; i++)
				fprintf(fp, " %.3f%s", n->col_weight[i], n->col_right[i] ? "r" : "");
		}
		if (n->kind == DOC_FIGURE)
			fprintf(fp, " height=%.1f", n->role == DOC_ROLE_LOGO ? 0.0 : n->height);
		if (n->text && n->kind != DOC_DOCUMENT)
			fprintf(fp, " \"%s\"", n->text);
		if (n->has_value)
			dump_value(&n->value, fp);
		if (n->alt)
			fprintf(fp, "\n%*s  alt: %s", depth * 2, "", n->alt);
		fputc('\n', fp);
	}
}
