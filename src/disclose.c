/* disclose.c - one disclosure pass over all the trees one run publishes: the model (cells,
 * equations), the audit by linear programming (GLPK) and the further cells it withholds.
 * See disclose.h and doc/aggregates.md ("One pass over the run"). */
#include "disclose.h"

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "compose.h"
#include "util.h"

/* ---- meanings ---- */

#define BAND_DIM AGG_N_DIMS /* the weekday table's six-hour bands */

/* The canonical meaning of v; -1 when v is no count subject to the small-count rule. */
static int key_of(const struct doc_value *v, struct disclose_key *k)
{
	if ((v->measure != DOC_M_COUNT && v->measure != DOC_M_REACHED) ||
	    v->when == DOC_NONE_PERIOD)
		return -1;
	memset(k, 0, sizeof(*k));
	k->measure = (unsigned char)v->measure;
	k->first = v->first;
	k->last = v->last;
	int d[3] = {v->dim, v->dim2, v->department >= 0 ? AGG_DEPARTMENT : -1};
	int key[3] = {v->key, v->key2, v->department};
	for (int i = 0; i < 2; i++) /* six-hour bands: a dimension of their own (compose.h) */
		if (d[i] == AGG_HOUR && key[i] >= DOC_HOUR_BAND_NONE)
			d[i] = BAND_DIM;
	for (int i = 0; i < 3; i++) {
		if (d[i] < 0)
			continue;
		int dup = 0;
		for (int j = 0; j < k->n; j++)
			dup |= k->dim[j] == d[i] && k->key[j] == key[i];
		if (dup)
			continue;
		/* insertion by (dim, key) */
		int j = k->n++;
		while (j > 0 && (k->dim[j - 1] > d[i] ||
				 (k->dim[j - 1] == d[i] && k->key[j - 1] > key[i]))) {
			k->dim[j] = k->dim[j - 1];
			k->key[j] = k->key[j - 1];
			j--;
		}
		k->dim[j] = (signed char)d[i];
		k->key[j] = key[i];
	}
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct disclose_key));
}

int disclose_has(const struct disclose_set *s, const struct doc_value *v)
{
	struct disclose_key k;
	if (!s || s->n == 0 || key_of(v, &k) < 0)
		return 0;
	return bsearch(&k, s->keys, s->n, sizeof(k), key_cmp) != NULL;
}

void disclose_set_free(struct disclose_set *s)
{
	free(s->keys);
	memset(s, 0, sizeof(*s));
}

/* ---- the model ---- */

enum { ST_UNPRINTED, ST_MISSING, ST_SECONDARY, ST_SMALL, ST_SHOWN };

struct var {
	struct disclose_key k;
	int64_t num;
	unsigned char state, printed, slack;
	uint16_t related; /* dimensions along which it is already a sum (bit per agg_dim) */
};

struct model {
	struct var *v;
	size_t n, cap;
	size_t *slot; /* open addressing: index + 1, 0 free */
	size_t n_slots;
	/* equations: v[parent[r]] = sum of v[child[start[r] .. start[r + 1]]] */
	size_t *parent, *start, *child;
	size_t n_rel, cap_rel, n_child, cap_child;
	/* the keys each dimension takes (weeks and months: per period) */
	struct ukey { int32_t pf, pl, key; int dim; } *u;
	size_t n_u, cap_u;
};

static uint64_t key_hash(const struct disclose_key *k)
{
	const unsigned char *p = (const unsigned char *)k;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

static void rehash(struct model *m)
{
	free(m->slot);
	m->n_slots = m->n_slots ? m->n_slots * 2 : 1024;
	m->slot = xcalloc(m->n_slots, sizeof(*m->slot));
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].slack)
			continue;
		size_t h = (size_t)key_hash(&m->v[i].k) & (m->n_slots - 1);
		while (m->slot[h])
			h = (h + 1) & (m->n_slots - 1);
		m->slot[h] = i + 1;
	}
}

/* The variable of meaning k (made, not printed, when new). */
static size_t var_of(struct model *m, const struct disclose_key *k)
{
	if (2 * (m->n + 1) > m->n_slots)
		rehash(m);
	size_t h = (size_t)key_hash(k) & (m->n_slots - 1);
	while (m->slot[h]) {
		if (memcmp(&m->v[m->slot[h] - 1].k, k, sizeof(*k)) == 0)
			return m->slot[h] - 1;
		h = (h + 1) & (m->n_slots - 1);
	}
	m->v = xgrow(m->v, &m->cap, m->n, sizeof(*m->v));
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	m->v[m->n].k = *k;
	m->slot[h] = m->n + 1;
	return m->n++;
}

static size_t slack_var(struct model *m)
{
	m->v = xgrow(m->v, &m->cap, m->n, sizeof(*m->v));
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	m->v[m->n].slack = 1;
	return m->n++;
}

static int per_period(int dim)
{
	return dim == AGG_DIM_WEEK || dim == AGG_DIM_MONTH;
}

static int ukey_cmp(const void *a, const void *b)
{
	const struct ukey *x = a, *y = b;
	if (x->dim != y->dim)
		return x->dim < y->dim ? -1 : 1;
	if (x->pf != y->pf)
		return x->pf < y->pf ? -1 : 1;
	if (x->pl != y->pl)
		return x->pl < y->pl ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* A per-measure row of the measures list: people reached of one measure, not a sum (its
 * value says "all"); it is not one of the model's cells (doc/aggregates.md, limits). */
static int is_item(const struct doc_node *n)
{
	const struct doc_node *row = n->kind == DOC_CELL ? n->parent : NULL;
	return row && row->kind == DOC_ROW && row->role == DOC_ROLE_BODY &&
	       n->value.dim < 0 && n->value.dim2 < 0;
}

static void collect(struct model *m, const struct doc *d)
{
	for (const struct doc_node *n = d->root; n; n = compose_next(n)) {
		struct disclose_key k;
		if (!n->has_value || is_item(n) || key_of(&n->value, &k) < 0)
			continue;
		size_t i = var_of(m, &k);
		struct var *x = &m->v[i];
		unsigned char st = n->value.missing ? ST_MISSING
				   : n->value.flag == AGG_HIDE_SMALL ? ST_SMALL
				   : n->value.flag ? ST_SECONDARY : ST_SHOWN;
		if (!x->printed || st > x->state) {
			x->state = st;
			x->num = n->value.num;
		}
		x->printed = 1;
	}
}

static void add_relation(struct model *m, const struct disclose_key *parent, int dim)
{
	size_t p = var_of(m, parent);
	if (m->v[p].related & (1u << dim))
		return;
	m->v[p].related |= (uint16_t)(1u << dim);
	struct ukey lo = {per_period(dim) ? parent->first : 0, per_period(dim) ? parent->last : 0,
			  INT32_MIN, dim};
	m->parent = xgrow(m->parent, &m->cap_rel, m->n_rel, sizeof(*m->parent));
	m->start = xrealloc(m->start, (m->cap_rel + 1) * sizeof(*m->start));
	m->parent[m->n_rel] = p;
	m->start[m->n_rel] = m->n_child;
	size_t a = 0, b = m->n_u;
	while (a < b) { /* first universe key >= lo */
		size_t mid = (a + b) / 2;
		if (ukey_cmp(&m->u[mid], &lo) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	for (; a < m->n_u && m->u[a].dim == dim && m->u[a].pf == lo.pf && m->u[a].pl == lo.pl;
	     a++) {
		struct disclose_key c = *parent;
		int j = c.n++;
		while (j > 0 && c.dim[j - 1] > dim) {
			c.dim[j] = c.dim[j - 1];
			c.key[j] = c.key[j - 1];
			j--;
		}
		c.dim[j] = (signed char)dim;
		c.key[j] = m->u[a].key;
		size_t ci = var_of(m, &c);
		m->child = xgrow(m->child, &m->cap_child, m->n_child, sizeof(*m->child));
		m->child[m->n_child++] = ci;
	}
	/* sites: only the sites printed are known, the rest is an unknown >= 0 */
	if (dim == AGG_SITE) {
		size_t s = slack_var(m);
		m->child = xgrow(m->child, &m->cap_child, m->n_child, sizeof(*m->child));
		m->child[m->n_child++] = s;
	}
	m->n_rel++;
	m->start[m->n_rel] = m->n_child;
}

/* Every printed cell is a part of every coarser meaning (drop any of its pairs): those are
 * the equations, whether the coarser meaning is printed or not. */
static void relations(struct model *m)
{
	size_t n_printed = m->n;
	for (size_t i = 0; i < n_printed; i++) {
		const struct disclose_key *k = &m->v[i].k;
		for (int j = 0; j < k->n; j++) {
			int d = k->dim[j];
			m->u = xgrow(m->u, &m->cap_u, m->n_u + 1, sizeof(*m->u));
			m->u[m->n_u++] = (struct ukey){per_period(d) ? k->first : 0,
						       per_period(d) ? k->last : 0, k->key[j], d};
			/* incidents without a value (no time, no locality, no department) are a
			 * part of every total, whether a table prints that row or not (an hourly
			 * map does not); every incident has a category, a day, a week, a month */
			if (d != AGG_CATEGORY && d != AGG_WEEKDAY && !per_period(d) && d != AGG_SITE)
				m->u[m->n_u++] = (struct ukey){0, 0, d == BAND_DIM ? DOC_HOUR_BAND_NONE
								       : AGG_KEY_MISSING, d};
		}
	}
	qsort(m->u, m->n_u, sizeof(*m->u), ukey_cmp);
	size_t w = 0;
	for (size_t i = 0; i < m->n_u; i++)
		if (w == 0 || ukey_cmp(&m->u[w - 1], &m->u[i]) != 0)
			m->u[w++] = m->u[i];
	m->n_u = w;
	m->start = xrealloc(m->start, sizeof(*m->start));
	m->start[0] = 0;
	for (size_t i = 0; i < n_printed; i++) {
		struct disclose_key k = m->v[i].k;
		for (unsigned mask = 1; mask < (1u << k.n); mask++) {
			struct disclose_key s = k;
			s.n = 0;
			memset(s.dim, 0, sizeof(s.dim));
			memset(s.key, 0, sizeof(s.key));
			for (int j = 0; j < k.n; j++)
				if (mask & (1u << j)) {
					s.dim[s.n] = k.dim[j];
					s.key[s.n++] = k.key[j];
				}
			for (int j = 0; j < s.n; j++) {
				struct disclose_key p = s;
				int dim = s.dim[j];
				p.n = 0;
				memset(p.dim, 0, sizeof(p.dim));
				memset(p.key, 0, sizeof(p.key));
				for (int q = 0; q < s.n; q++)
					if (q != j) {
						p.dim[p.n] = s.dim[q];
						p.key[p.n++] = s.key[q];
					}
				add_relation(m, &p, dim);
			}
		}
	}
}

static void model_free(struct model *m)
{
	free(m->v);
	free(m->slot);
	free(m->parent);
	free(m->start);
	free(m->child);
	free(m->u);
}

/* ---- the audit ---- */

static void set_bounds(glp_prob *lp, const struct var *x, size_t i, int threshold)
{
	int col = (int)i + 1;
	if (x->state == ST_SHOWN)
		glp_set_col_bnds(lp, col, GLP_FX, (double)x->num, (double)x->num);
	else if (x->state == ST_SMALL)
		glp_set_col_bnds(lp, col, threshold > 2 ? GLP_DB : GLP_FX, 1.0,
				 (double)(threshold - 1));
	else
		glp_set_col_bnds(lp, col, GLP_LO, 0.0, 0.0);
}

/* min (dir 1) or max (dir -1) of column i; -1 when the solver fails. */
static int extreme(glp_prob *lp, size_t i, int dir, double *out, struct disclose_stats *st)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_set_obj_dir(lp, dir > 0 ? GLP_MIN : GLP_MAX);
	glp_set_obj_coef(lp, (int)i + 1, 1.0);
	int rc = glp_simplex(lp, &parm);
	if (rc != 0) { /* a stale basis: start afresh once */
		glp_adv_basis(lp, 0);
		rc = glp_simplex(lp, &parm);
	}
	glp_set_obj_coef(lp, (int)i + 1, 0.0);
	st->lps++;
	if (rc != 0 || glp_get_status(lp) != GLP_OPT)
		return -1;
	*out = glp_get_obj_val(lp);
	return 0;
}

/* The cells that could be withheld to widen cell i's interval, nearest first (by how many
 * equations lie between them), then: "<t" cells (withholding them as ".." hides no further
 * number, only that they are small; the cell itself first), then shown counts by value,
 * non-zero before zero. A site's shown count is never a candidate (its row is in order by
 * it), its "<t" is. Returns how many (at most max). */
struct cand {
	size_t var, layer;
	int kind;
	int64_t num;
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->layer != y->layer)
		return x->layer < y->layer ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->var < y->var ? -1 : x->var > y->var;
}

static size_t candidates(const struct model *m, const size_t *rel_of, const size_t *rel_start,
			 size_t i, unsigned char *seen_v, unsigned char *seen_r, struct cand *out,
			 size_t max)
{
	size_t *front = xcalloc(m->n, sizeof(*front)), *next = xcalloc(m->n, sizeof(*next));
	size_t nf = 1, nc = 0;
	memset(seen_v, 0, m->n);
	memset(seen_r, 0, m->n_rel);
	front[0] = i;
	seen_v[i] = 1;
	if (m->v[i].state == ST_SMALL)
		out[nc++] = (struct cand){i, 0, 0, 0};
	for (size_t layer = 1; nf && nc < max; layer++) {
		size_t nn = 0, first = nc;
		for (size_t f = 0; f < nf; f++)
			for (size_t e = rel_start[front[f]]; e < rel_start[front[f] + 1]; e++) {
				size_t r = rel_of[e];
				if (seen_r[r])
					continue;
				seen_r[r] = 1;
				for (size_t c = m->start[r]; c <= m->start[r + 1]; c++) {
					size_t x = c == m->start[r + 1] ? m->parent[r] : m->child[c];
					if (seen_v[x])
						continue;
					seen_v[x] = 1;
					const struct var *v = &m->v[x];
					int site = 0;
					for (int j = 0; j < v->k.n; j++)
						site |= v->k.dim[j] == AGG_SITE;
					if (v->state != ST_SHOWN)
						next[nn++] = x;
					if ((site && v->state != ST_SMALL) || !v->printed ||
					    v->k.measure != m->v[i].k.measure ||
					    (v->state != ST_SHOWN && v->state != ST_SMALL) || nc >= max)
						continue;
					out[nc++] = (struct cand){x, layer,
						v->state == ST_SMALL ? 0 : v->num ? 1 : 2, v->num};
				}
			}
		qsort(out + first, nc - first, sizeof(*out), cand_cmp);
		size_t *t = front;
		front = next;
		next = t;
		nf = nn;
	}
	free(front);
	free(next);
	return nc;
}

static void set_add(struct disclose_set *s, const struct disclose_key *k)
{
	s->keys = xgrow(s->keys, &s->cap, s->n, sizeof(*s->keys));
	s->keys[s->n++] = *k;
}

/* TRYGG_DISCLOSE_DEBUG=1: what the pass does, on stderr */
static void debug_key(const struct disclose_key *k)
{
	fprintf(stderr, "%s", k->measure == DOC_M_COUNT ? "count" : "reached");
	for (int j = 0; j < k->n; j++)
		fprintf(stderr, " %s=%d", agg_dim_name((enum agg_dim)k->dim[j]), k->key[j]);
	fprintf(stderr, " %d..%d\n", k->first, k->last);
}

long disclose_run(struct doc *const *trees, size_t n, int threshold, struct disclose_set *out,
		  struct disclose_stats *st)
{
	struct disclose_stats own = {0};
	struct model m = {0};
	long added = 0, rc = 0;
	const char *dbg = getenv("TRYGG_DISCLOSE_DEBUG");
	int debug = dbg ? atoi(dbg) : 0;
	if (!st)
		st = &own;
	memset(st, 0, sizeof(*st));
	for (size_t t = 0; t < n; t++)
		collect(&m, trees[t]);
	relations(&m);
	st->variables = m.n;
	st->relations = m.n_rel;
	for (size_t i = 0; i < m.n; i++)
		st->primary += m.v[i].state == ST_SMALL;
	if (st->primary == 0 || m.n_rel == 0 || threshold < 2) {
		model_free(&m);
		return 0;
	}

	glp_prob *lp = glp_create_prob();
	glp_add_cols(lp, (int)m.n);
	glp_add_rows(lp, (int)m.n_rel);
	size_t nz = m.n_rel + m.n_child;
	int *ia = xcalloc(nz + 1, sizeof(int)), *ja = xcalloc(nz + 1, sizeof(int));
	double *ar = xcalloc(nz + 1, sizeof(double));
	size_t e = 0;
	/* var -> its equations, for choosing a further cell */
	size_t *rel_start = xcalloc(m.n + 2, sizeof(size_t)), *rel_of = xcalloc(nz, sizeof(size_t));
	for (size_t r = 0; r < m.n_rel; r++) {
		glp_set_row_bnds(lp, (int)r + 1, GLP_FX, 0.0, 0.0);
		e++, ia[e] = (int)r + 1, ja[e] = (int)m.parent[r] + 1, ar[e] = 1.0;
		rel_start[m.parent[r] + 1]++;
		for (size_t c = m.start[r]; c < m.start[r + 1]; c++) {
			e++, ia[e] = (int)r + 1, ja[e] = (int)m.child[c] + 1, ar[e] = -1.0;
			rel_start[m.child[c] + 1]++;
		}
	}
	glp_load_matrix(lp, (int)e, ia, ja, ar);
	for (size_t i = 0; i < m.n; i++)
		rel_start[i + 1] += rel_start[i];
	size_t *fill = xcalloc(m.n + 1, sizeof(size_t));
	memcpy(fill, rel_start, (m.n + 1) * sizeof(size_t));
	for (size_t r = 0; r < m.n_rel; r++) {
		rel_of[fill[m.parent[r]]++] = r;
		for (size_t c = m.start[r]; c < m.start[r + 1]; c++)
			rel_of[fill[m.child[c]]++] = r;
	}
	free(fill);
	for (size_t i = 0; i < m.n; i++)
		set_bounds(lp, &m.v[i], i, threshold);
	unsigned char *seen_v = xcalloc(m.n, 1), *seen_r = xcalloc(m.n_rel, 1);
	enum { MAX_TRIES = 64 };
	struct cand *cand = xcalloc(MAX_TRIES, sizeof(*cand));

	/* The sensitive cells are the "<t" ones. A cell is protected when the published numbers
	 * leave it at least t - 1 possible values (for "<t": every value from 1 to t - 1). One
	 * sweep suffices: withholding a cell only widens every interval. */
	unsigned char *sensitive = xcalloc(m.n, 1); /* a "<t" may become ".." on the way */
	for (size_t i = 0; i < m.n; i++)
		sensitive[i] = m.v[i].state == ST_SMALL;
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		if (!sensitive[i])
			continue;
		double lo, hi;
		if (extreme(lp, i, 1, &lo, st) < 0 || extreme(lp, i, -1, &hi, st) < 0) {
			rc = -1;
			break;
		}
		while (rc == 0 && floor(hi + 1e-6) - ceil(lo - 1e-6) < threshold - 2) {
			/* withhold the first candidate that widens the interval */
			size_t nc = candidates(&m, rel_of, rel_start, i, seen_v, seen_r, cand,
					       MAX_TRIES), c;
			for (c = 0; c < nc; c++) {
				struct var *x = &m.v[cand[c].var];
				unsigned char was = x->state;
				double lo2, hi2;
				x->state = ST_SECONDARY;
				set_bounds(lp, x, cand[c].var, threshold);
				if (extreme(lp, i, 1, &lo2, st) < 0 || extreme(lp, i, -1, &hi2, st) < 0) {
					rc = -1;
					break;
				}
				if (debug > 1)
					fprintf(stderr, "  try %zu: [%g, %g]\n", cand[c].var, lo2, hi2);
				if (hi2 - lo2 > hi - lo + 1e-6) {
					lo = lo2, hi = hi2;
					break;
				}
				x->state = was;
				set_bounds(lp, x, cand[c].var, threshold);
			}
			if (rc < 0)
				break;
			if (debug) {
				fprintf(stderr, "disclose: [%g, %g] ", lo, hi);
				debug_key(&m.v[i].k);
				if (c < nc) {
					fprintf(stderr, "  withhold %lld: ", (long long)m.v[cand[c].var].num);
					debug_key(&m.v[cand[c].var].k);
				}
			}
			if (c == nc && nc > 0) {
				/* no single cell widens it (its parts are pinned by other
				 * equations): withhold the nearest anyway and look again */
				c = 0;
				m.v[cand[c].var].state = ST_SECONDARY;
				set_bounds(lp, &m.v[cand[c].var], cand[c].var, threshold);
				if (extreme(lp, i, 1, &lo, st) < 0 || extreme(lp, i, -1, &hi, st) < 0)
					rc = -1;
			}
			if (c == nc) { /* nothing left near it (doc/aggregates.md, limits) */
				st->unprotected++;
				break;
			}
			set_add(out, &m.v[cand[c].var].k);
			added++;
		}
	}
	free(sensitive);
	free(cand);
	if (out->n)
		qsort(out->keys, out->n, sizeof(*out->keys), key_cmp);
	st->withheld = (size_t)added;
	free(seen_v);
	free(seen_r);
	free(rel_start);
	free(rel_of);
	free(ia);
	free(ja);
	free(ar);
	glp_delete_prob(lp);
	model_free(&m);
	return rc < 0 ? -1 : added;
}
