/* stats.c - `trygg stats` output: tables as an aligned text table, CSV (UTF-8 with BOM,
 * semicolons, CRLF, formula cells neutralized) or JSON; every count through its flag. */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "official.h"


/* A cell keeps what it is, not how it looks: each format renders it its own way. */
enum cell_kind {
	CELL_EMPTY, CELL_TEXT, CELL_COUNT, CELL_DIFF, CELL_PCT, CELL_KR, CELL_RATE,
	CELL_RATE_X100, /* v: a rate given in hundredths (official statistics); flag: hidden */
	CELL_BOOL,      /* v: 0 or 1 */
	CELL_CHANGE,    /* change: is it larger than chance (change.h); text: why no claim */
};

struct cell {
	enum cell_kind kind;
	const char *text;  /* CELL_TEXT */
	int64_t v;         /* COUNT, DIFF, KR (öre) */
	unsigned char flag; /* COUNT: enum agg_flag; DIFF/PCT/RATE: 1 = hidden; KR: enum
			     * agg_reported (AGG_NOT_REPORTED: "uppgift saknas", never 0) */
	int few;           /* PCT: baseline below min-baseline-for-percent */
	int64_t base, cur; /* PCT */
	double rate;       /* RATE */
	const struct change_result *change; /* CHANGE */
	double exposure_ratio;              /* CHANGE: current / baseline exposure */
};

struct sheet {
	size_t n_cols, n_rows, cap_rows;
	const char **heads;     /* column titles (table and CSV) */
	const char **json_keys; /* field names (JSON) */
	struct cell *cells;     /* n_rows × n_cols */
	int threshold;
};

int stats_parse_format(const char *s)
{
	if (strcmp(s, "table") == 0)
		return STATS_TABLE;
	if (strcmp(s, "csv") == 0)
		return STATS_CSV;
	if (strcmp(s, "json") == 0)
		return STATS_JSON;
	return -1;
}

static struct cell *add_row(struct sheet *sh)
{
	sh->cells = xgrow(sh->cells, &sh->cap_rows, sh->n_rows, sh->n_cols * sizeof(*sh->cells));
	struct cell *r = &sh->cells[sh->n_rows++ * sh->n_cols];
	memset(r, 0, sh->n_cols * sizeof(*r));
	return r;
}

static int is_plain_number(const char *s)
{
	const char *p = s + (*s == '-');
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

void stats_csv_cell(struct sbuf *b, const char *raw)
{
	/* a line end or ESC from an export is shown, never passed on to Excel or a terminal */
	char *esc = util_escape_ctl(raw);
	const char *s = esc;
	int formula = (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		       s[0] == '\r') && !is_plain_number(s);
	int quote = formula || strpbrk(s, ";\"\r\n") != NULL || s[0] == ' ';
	if (quote)
		sbuf_addc(b, '"');
	if (formula)
		sbuf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	if (quote)
		sbuf_addc(b, '"');
	free(esc);
}

/* öre → "1234,50" (CSV) without rounding: a tool reading the CSV gets the exact sum. */
static void fmt_ore_plain(char *buf, size_t size, int64_t ore)
{
	uint64_t u = ore < 0 ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;
	snprintf(buf, size, "%s%llu,%02llu", ore < 0 ? "-" : "", (unsigned long long)(u / 100),
		 (unsigned long long)(u % 100));
}


static long pct_rounded(int64_t base, int64_t cur)
{
	double p = 100.0 * (double)(cur - base) / (double)base;
	return (long)(p < 0 ? p - 0.5 : p + 0.5);
}

/* Text of a cell for the text table (Swedish typography) or CSV (plain numbers). */
static void render(const struct sheet *sh, const struct cell *c, int csv, char *buf, size_t size)
{
	buf[0] = '\0';
	switch (c->kind) {
	case CELL_EMPTY: break;
	case CELL_TEXT: {
		char *e = util_escape_ctl(c->text);
		snprintf(buf, size, "%s", e);
		free(e);
		break;
	}
	case CELL_COUNT:
		if (agg_fmt_cell(buf, size, c->v, c->flag, sh->threshold) == 0 && csv)
			snprintf(buf, size, "%lld", (long long)c->v);
		break;
	case CELL_DIFF:
		if (c->flag)
			break;
		if (csv)
			snprintf(buf, size, "%lld", (long long)c->v);
		else {
			char n[48];
			util_fmt_int(n, sizeof(n), c->v);
			snprintf(buf, size, "%s%s", c->v > 0 ? "+" : "", n);
		}
		break;
	case CELL_PCT:
		if (c->flag || c->base <= 0)
			break;
		if (csv)
			snprintf(buf, size, "%ld", pct_rounded(c->base, c->cur));
		else {
			util_fmt_pct_change(buf, size, c->base, c->cur);
			if (c->few)
				strncat(buf, "*", size - strlen(buf) - 1);
		}
		break;
	case CELL_KR:
		if (c->flag == AGG_NOT_REPORTED) {
			if (!csv)
				snprintf(buf, size, "uppgift saknas");
		} else if (csv)
			fmt_ore_plain(buf, size, c->v);
		else
			util_fmt_kr(buf, size, c->v);
		break;
	case CELL_RATE:
		if (!c->flag)
			agg_fmt_rate(buf, size, c->rate);
		break;
	case CELL_RATE_X100:
		if (!c->flag && c->v >= 0)
			util_fmt_hundredths(buf, size, c->v, csv, ',');
		break;
	case CELL_BOOL: snprintf(buf, size, "%s", c->v ? "ja" : ""); break;
	case CELL_CHANGE:
		if (csv)
			snprintf(buf, size, "%s", change_verdict_name(c->change->verdict));
		else
			snprintf(buf, size, "%s", change_short(c->change->verdict, "sv"));
		break;
	}
}

/* Display width: code points (the labels are Latin script). */
static size_t width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void pad(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

static void write_text(FILE *fp, const struct sheet *sh)
{
	size_t *w = xcalloc(sh->n_cols, sizeof(*w));
	char buf[128];
	for (size_t k = 0; k < sh->n_cols; k++)
		w[k] = width(sh->heads[k]);
	for (size_t r = 0; r < sh->n_rows; r++)
		for (size_t k = 0; k < sh->n_cols; k++) {
			render(sh, &sh->cells[r * sh->n_cols + k], 0, buf, sizeof(buf));
			if (width(buf) > w[k])
				w[k] = width(buf);
		}
	for (size_t k = 0; k < sh->n_cols; k++) {
		size_t pw = w[k] - width(sh->heads[k]);
		if (k)
			fputs("  ", fp), pad(fp, pw);
		char *e = util_escape_ctl(sh->heads[k]);
		fputs(e, fp);
		free(e);
		if (!k)
			pad(fp, pw);
	}
	fputc('\n', fp);
	for (size_t r = 0; r < sh->n_rows; r++) {
		for (size_t k = 0; k < sh->n_cols; k++) {
			render(sh, &sh->cells[r * sh->n_cols + k], 0, buf, sizeof(buf));
			size_t pw = w[k] - width(buf);
			/* labels left, numbers right, as a reader compares digits */
			if (k)
				fputs("  ", fp), pad(fp, pw);
			fputs(buf, fp);
			if (!k && k + 1 < sh->n_cols)
				pad(fp, pw);
		}
		fputc('\n', fp);
	}
	free(w);
}

static void write_csv(FILE *fp, const struct sheet *sh)
{
	struct sbuf b = {0};
	char buf[128];
	sbuf_add(&b, "\xEF\xBB\xBF");
	for (size_t k = 0; k < sh->n_cols; k++) {
		if (k)
			sbuf_addc(&b, ';');
		stats_csv_cell(&b, sh->heads[k]);
	}
	sbuf_add(&b, "\r\n");
	for (size_t r = 0; r < sh->n_rows; r++) {
		for (size_t k = 0; k < sh->n_cols; k++) {
			if (k)
				sbuf_addc(&b, ';');
			render(sh, &sh->cells[r * sh->n_cols + k], 1, buf, sizeof(buf));
			stats_csv_cell(&b, buf);
		}
		sbuf_add(&b, "\r\n");
	}
	fwrite(b.data, 1, b.len, fp);
	sbuf_free(&b);
}

static void json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/* A finite number, or null (an infinite ratio, nothing computed). */
static void json_num(FILE *fp, double v)
{
	if (isfinite(v))
		fprintf(fp, "%.10g", v);
	else
		fputs("null", fp);
}

/* {"verdict": …, "reason": …, "p": …, "rate_ratio": …, "rate_ratio_low": …,
 * "rate_ratio_high": …, "exposure_ratio": …, "sv": …, "en": …}; the numbers are null when
 * a count is hidden (nothing is computed from it). */
static void json_change(FILE *fp, const struct cell *c)
{
	const struct change_result *r = c->change;
	fputs("{\"verdict\": ", fp);
	json_string(fp, change_verdict_name(r->verdict));
	fputs(", \"reason\": ", fp);
	if (c->text)
		json_string(fp, c->text);
	else
		fputs("null", fp);
	fputs(", \"p\": ", fp);
	json_num(fp, r->computed ? r->p : NAN);
	fputs(", \"rate_ratio\": ", fp);
	json_num(fp, r->computed ? r->ratio : NAN);
	fputs(", \"rate_ratio_low\": ", fp);
	json_num(fp, r->computed ? r->ratio_lo : NAN);
	fputs(", \"rate_ratio_high\": ", fp);
	json_num(fp, r->computed ? r->ratio_hi : NAN);
	fputs(", \"exposure_ratio\": ", fp);
	json_num(fp, c->exposure_ratio);
	fputs(", \"confidence\": ", fp);
	json_num(fp, 1 - CHANGE_ALPHA);
	int partial = c->text && strcmp(c->text, "incomplete") == 0;
	fputs(", \"sv\": ", fp);
	json_string(fp, partial ? CHANGE_INCOMPLETE_SV : change_phrase(r->verdict, "sv"));
	fputs(", \"en\": ", fp);
	json_string(fp, partial ? CHANGE_INCOMPLETE_EN : change_phrase(r->verdict, "en"));
	fputc('}', fp);
}

/* A hidden count is the string "<3" or "..", never a number. */
static void json_cell(FILE *fp, const struct sheet *sh, const struct cell *c)
{
	char buf[64];
	switch (c->kind) {
	case CELL_EMPTY: fputs("null", fp); break;
	case CELL_TEXT: json_string(fp, c->text); break;
	case CELL_COUNT:
		if (agg_fmt_cell(buf, sizeof(buf), c->v, c->flag, sh->threshold))
			json_string(fp, buf);
		else
			fprintf(fp, "%lld", (long long)c->v);
		break;
	case CELL_DIFF:
		if (c->flag)
			fputs("null", fp);
		else
			fprintf(fp, "%lld", (long long)c->v);
		break;
	case CELL_PCT:
		if (c->flag || c->base <= 0)
			fputs("null", fp);
		else
			fprintf(fp, "%ld", pct_rounded(c->base, c->cur));
		break;
	case CELL_KR:
		if (c->flag == AGG_NOT_REPORTED)
			fputs("null", fp);
		else
			fprintf(fp, "%lld", (long long)c->v);
		break;
	case CELL_RATE:
		if (c->flag)
			fputs("null", fp);
		else
			fprintf(fp, "%.1f", c->rate);
		break;
	case CELL_RATE_X100:
		if (c->flag || c->v < 0)
			fputs("null", fp);
		else
			fprintf(fp, "%lld.%02lld", (long long)(c->v / 100), (long long)(c->v % 100));
		break;
	case CELL_BOOL: fputs(c->v ? "true" : "false", fp); break;
	case CELL_CHANGE: json_change(fp, c); break;
	}
}

static void json_period(FILE *fp, const char *name, const struct period *p)
{
	fprintf(fp, "  \"%s\": ", name);
	if (!p) {
		fputs("null,\n", fp);
		return;
	}
	int y1, m1, d1, y2, m2, d2;
	rec_day_to_ymd(p->first, &y1, &m1, &d1);
	rec_day_to_ymd(p->last, &y2, &m2, &d2);
	fprintf(fp, "{\"id\": ");
	json_string(fp, p->id);
	fprintf(fp, ", \"first\": \"%04d-%02d-%02d\", \"last\": \"%04d-%02d-%02d\", \"title\": ",
		y1, m1, d1, y2, m2, d2);
	json_string(fp, p->title_sv);
	fputs("},\n", fp);
}

/* Departments that report no cost for their incidents in the period (ids), for the note
 * under a table and the JSON's "cost_not_reported". */
struct unreported {
	const char **ids, **names;
	size_t n;
};

static void write_json(FILE *fp, const struct sheet *sh, const char *by, const struct period *cur,
		       const struct period *base, const struct unreported *u)
{
	fputs("{\n", fp);
	fputs("  \"by\": ", fp);
	json_string(fp, by);
	fputs(",\n", fp);
	json_period(fp, "period", cur);
	json_period(fp, "baseline", base);
	fprintf(fp, "  \"threshold\": %d,\n", sh->threshold);
	fputs("  \"cost_not_reported_by\": [", fp);
	for (size_t i = 0; u && i < u->n; i++) {
		if (i)
			fputs(", ", fp);
		json_string(fp, u->ids[i]);
	}
	fputs("],\n  \"rows\": [", fp);
	for (size_t r = 0; r < sh->n_rows; r++) {
		fputs(r ? ",\n    {" : "\n    {", fp);
		for (size_t k = 0; k < sh->n_cols; k++) {
			if (k)
				fputs(", ", fp);
			json_string(fp, sh->json_keys[k]);
			fputs(": ", fp);
			json_cell(fp, sh, &sh->cells[r * sh->n_cols + k]);
		}
		fputc('}', fp);
	}
	fputs("\n  ]\n}\n", fp);
}

static void emit(FILE *fp, const struct sheet *sh, enum stats_format fmt, const char *by,
		 const struct period *cur, const struct period *base, const struct unreported *u)
{
	switch (fmt) {
	case STATS_TABLE: write_text(fp, sh); break;
	case STATS_CSV: write_csv(fp, sh); break;
	case STATS_JSON: write_json(fp, sh, by, cur, base, u); break;
	}
}

static void sheet_free(struct sheet *sh)
{
	free(sh->heads);
	free(sh->json_keys);
	free(sh->cells);
}

static const char *head(struct arena *ar, const char *what, const struct period *p)
{
	char buf[160];
	snprintf(buf, sizeof(buf), "%s %s", what, p->title_sv);
	return arena_strdup(ar, buf);
}

/* Stable JSON key of a row: the configuration id where there is one, else the label. */
static const char *row_id(const struct config *cfg, enum agg_dim dim, const struct agg_row *r)
{
	if (r->key < 0)
		return r->key == AGG_KEY_MISSING ? "missing" : "total";
	switch (dim) {
	case AGG_CATEGORY: return cfg->categories[r->key].id;
	case AGG_LOCALITY: return cfg->localities[r->key].id;
	case AGG_DEPARTMENT: return cfg->departments[r->key].id;
	default: return r->label;
	}
}

/* Whether the count of a row in cur and base is larger than chance would explain: exposure
 * is the period's days, times the inhabitants (of the row's locality, or of the whole
 * municipality) when the configuration has them for both years. Rows of months and weeks
 * compare parts of the periods and get no test. */
static void row_change(const struct config *cfg, enum agg_dim dim, const struct agg_row *r,
		       const struct period *cur, const struct period *base, struct cell *c,
		       struct arena *ar)
{
	struct change_result *res = arena_alloc(ar, sizeof(*res));
	long ic, ib;
	if (dim == AGG_LOCALITY && r->key >= 0) {
		ic = config_population(cfg, r->key, cur->year);
		ib = config_population(cfg, r->key, base->year);
	} else {
		ic = config_population_total(cfg, cur->year);
		ib = config_population_total(cfg, base->year);
	}
	if (ic <= 0 || ib <= 0)
		ic = ib = 0;
	double ec = off_exposure(cur, ic), eb = off_exposure(base, ib);
	int hidden = r->flag_cur != AGG_SHOW || r->flag_base != AGG_SHOW;
	change_test(r->count_cur, r->count_base, ec, eb, hidden, res);
	c->kind = CELL_CHANGE;
	c->change = res;
	c->exposure_ratio = ec / eb;
	c->text = hidden ? "hidden" : res->verdict == CHANGE_NO_CLAIM ? "few" : NULL;
}

void stats_write_table(FILE *fp, const struct config *cfg, const struct rec_store *store,
		       const struct agg_table *t, enum agg_dim dim, const struct period *cur,
		       const struct period *base, const struct agg_filter *f,
		       enum stats_format fmt)
{
	struct arena ar = {0};
	int rates = dim == AGG_LOCALITY;
	int json = fmt == STATS_JSON;
	/* the change test in JSON only: the table and CSV keep their columns */
	int tested = json && base && dim != AGG_DIM_MONTH && dim != AGG_DIM_WEEK;
	struct sheet sh = {.threshold = cfg->small_count_threshold};
	sh.n_cols = (size_t)json + 1 + (base ? 6 : 2) + (size_t)rates + (size_t)tested;
	sh.heads = xcalloc(sh.n_cols, sizeof(*sh.heads));
	sh.json_keys = xcalloc(sh.n_cols, sizeof(*sh.json_keys));
	size_t k = 0;
	if (json)
		sh.heads[k] = "Id", sh.json_keys[k++] = "key";
	sh.heads[k] = agg_dim_title_sv(dim), sh.json_keys[k++] = "label";
	sh.heads[k] = head(&ar, "Antal", cur), sh.json_keys[k++] = "count";
	if (base) {
		sh.heads[k] = head(&ar, "Antal", base), sh.json_keys[k++] = "count_baseline";
		sh.heads[k] = "Förändring", sh.json_keys[k++] = "change";
		sh.heads[k] = "Förändring %", sh.json_keys[k++] = "change_percent";
	}
	sh.heads[k] = head(&ar, "Kostnad (kr)", cur), sh.json_keys[k++] = "cost_ore";
	if (base)
		sh.heads[k] = head(&ar, "Kostnad (kr)", base), sh.json_keys[k++] = "cost_baseline_ore";
	if (rates)
		sh.heads[k] = head(&ar, "Per 1 000 inv.", cur), sh.json_keys[k++] = "per_1000";
	if (tested)
		sh.heads[k] = "Bedömning", sh.json_keys[k++] = "significance";
	for (size_t i = 0; i <= t->n_rows; i++) {
		const struct agg_row *r = i < t->n_rows ? &t->rows[i] : &t->total;
		struct cell *c = add_row(&sh);
		k = 0;
		if (json)
			c[k].kind = CELL_TEXT, c[k++].text = row_id(cfg, dim, r);
		c[k].kind = CELL_TEXT, c[k++].text = r->label;
		c[k].kind = CELL_COUNT, c[k].v = r->count_cur, c[k++].flag = r->flag_cur;
		if (base) {
			struct agg_change ch;
			agg_change_of(cfg, r->count_base, r->flag_base, r->count_cur, r->flag_cur, &ch);
			c[k].kind = CELL_COUNT, c[k].v = r->count_base, c[k++].flag = r->flag_base;
			c[k].kind = CELL_DIFF, c[k].v = ch.diff, c[k++].flag = (unsigned char)ch.hidden;
			c[k].kind = CELL_PCT, c[k].flag = (unsigned char)ch.hidden, c[k].few = ch.few;
			c[k].base = r->count_base, c[k++].cur = r->count_cur;
		}
		c[k].kind = CELL_KR, c[k].flag = r->cost_cur_reported, c[k++].v = r->cost_cur;
		if (base)
			c[k].kind = CELL_KR, c[k].flag = r->cost_base_reported, c[k++].v = r->cost_base;
		if (rates) {
			/* a rate times the population gives the count back: hidden with it */
			double rate = 0;
			int loc = r->key >= 0 ? r->key : f ? f->locality : AGG_ALL;
			int no_pop = (r->key == AGG_KEY_MISSING) ||
				     agg_rate_per_1000(cfg, loc, cur->year, r->count_cur, &rate) < 0;
			c[k].kind = no_pop ? CELL_EMPTY : CELL_RATE;
			c[k].rate = rate, c[k++].flag = r->flag_cur != AGG_SHOW;
		}
		if (tested)
			row_change(cfg, dim, r, cur, base, &c[k++], &ar);
	}
	int any_few = 0;
	for (size_t i = 0; base && i < sh.n_rows * sh.n_cols; i++)
		any_few |= sh.cells[i].kind == CELL_PCT && !sh.cells[i].flag &&
			   sh.cells[i].base > 0 && sh.cells[i].few;
	char by[32];
	snprintf(by, sizeof(by), "%s", agg_dim_name(dim));
	struct unreported u = {0};
	if (store) {
		int *deps = xcalloc(cfg->n_departments + 1, sizeof(*deps));
		u.n = agg_unreported_departments(store, cfg, AGG_Q_INCIDENT_COST, cur, f, deps);
		u.ids = xcalloc(u.n + 1, sizeof(*u.ids));
		u.names = xcalloc(u.n + 1, sizeof(*u.names));
		for (size_t i = 0; i < u.n; i++) {
			u.ids[i] = cfg->departments[deps[i]].id;
			u.names[i] = cfg->departments[deps[i]].name;
		}
		free(deps);
	}
	emit(fp, &sh, fmt, by, cur, base, &u);
	if (fmt == STATS_TABLE && any_few)
		fprintf(fp, "\n* jämförelsetalet är under %d; procenten vilar på få händelser\n",
			cfg->min_baseline_for_percent);
	if (fmt == STATS_TABLE && u.n) {
		fputs("\nKostnad: uppgift saknas från ", fp);
		for (size_t i = 0; i < u.n; i++)
			fprintf(fp, "%s%s", i ? (i + 1 < u.n ? ", " : " och ") : "", u.names[i]);
		fputs(" (redovisar inga kostnader; summorna gäller övriga)\n", fp);
	}
	free(u.ids);
	free(u.names);
	sheet_free(&sh);
	arena_free(&ar);
}

void stats_write_cross(FILE *fp, const struct config *cfg, const struct agg_cross *x,
		       const struct period *cur, enum stats_format fmt)
{
	struct arena ar = {0};
	struct sheet sh = {.threshold = cfg->small_count_threshold};
	sh.n_cols = x->n_cols + 2;
	sh.heads = xcalloc(sh.n_cols, sizeof(*sh.heads));
	sh.json_keys = xcalloc(sh.n_cols, sizeof(*sh.json_keys));
	char buf[160];
	snprintf(buf, sizeof(buf), "%s \\ %s", agg_dim_title_sv(x->row_dim),
		 agg_dim_title_sv(x->col_dim));
	sh.heads[0] = arena_strdup(&ar, buf);
	sh.json_keys[0] = "label";
	for (size_t k = 0; k <= x->n_cols; k++)
		sh.heads[k + 1] = sh.json_keys[k + 1] = x->col_labels[k];
	sh.json_keys[x->n_cols + 1] = "total";
	for (size_t r = 0; r <= x->n_rows; r++) {
		struct cell *c = add_row(&sh);
		c[0].kind = CELL_TEXT;
		c[0].text = x->row_labels[r];
		for (size_t k = 0; k <= x->n_cols; k++) {
			c[k + 1].kind = CELL_COUNT;
			c[k + 1].v = AGG_CELL(x, r, k);
			c[k + 1].flag = AGG_CELL_FLAG(x, r, k);
		}
	}
	snprintf(buf, sizeof(buf), "%s,%s", agg_dim_name(x->row_dim), agg_dim_name(x->col_dim));
	emit(fp, &sh, fmt, buf, cur, NULL, NULL);
	sheet_free(&sh);
	arena_free(&ar);
}

/* Official statistics: a row per crime type and area, each period's count, rate per 100 000
 * and marks, and the change test. */
void stats_write_official(FILE *fp, const struct config *cfg, const struct off_table *t,
			  const struct period *cur, const struct period *base, enum stats_format fmt)
{
	struct arena ar = {0};
	int json = fmt == STATS_JSON;
	struct sheet sh = {.threshold = cfg->small_count_threshold};
	size_t per = json ? 4 : 3; /* count, rate, preliminary (+ complete in JSON) */
	sh.n_cols = 2 + (size_t)json * 3 + per * (base ? 2 : 1) + (base ? 1 : 0);
	sh.heads = xcalloc(sh.n_cols, sizeof(*sh.heads));
	sh.json_keys = xcalloc(sh.n_cols, sizeof(*sh.json_keys));
	size_t k = 0;
	sh.heads[k] = "Brott", sh.json_keys[k++] = "crime_type";
	sh.heads[k] = "Område", sh.json_keys[k++] = "area";
	if (json) {
		sh.heads[k] = "Roll", sh.json_keys[k++] = "area_role";
		sh.heads[k] = "Kod", sh.json_keys[k++] = "area_code";
		sh.heads[k] = "Kategori", sh.json_keys[k++] = "category";
	}
	static const char *const keys[2][4] = {
		{"count", "per_100000", "preliminary", "complete"},
		{"count_baseline", "per_100000_baseline", "preliminary_baseline", "complete_baseline"},
	};
	for (int b = 0; b < (base ? 2 : 1); b++) {
		const struct period *p = b ? base : cur;
		sh.heads[k] = head(&ar, "Antal", p), sh.json_keys[k++] = keys[b][0];
		sh.heads[k] = head(&ar, "Per 100 000 inv.", p), sh.json_keys[k++] = keys[b][1];
		sh.heads[k] = head(&ar, "Prel.", p), sh.json_keys[k++] = keys[b][2];
		if (json)
			sh.json_keys[k++] = keys[b][3];
	}
	if (base)
		sh.heads[k] = "Bedömning", sh.json_keys[k++] = "significance";
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct off_row *r = &t->rows[i];
		struct cell *c = add_row(&sh);
		k = 0;
		c[k].kind = CELL_TEXT, c[k++].text = r->crime_name;
		c[k].kind = CELL_TEXT, c[k++].text = r->area_name;
		if (json) {
			const struct cfg_area *a = r->area >= 0 ? &cfg->areas[r->area] : NULL;
			c[k].kind = a ? CELL_TEXT : CELL_EMPTY;
			c[k++].text = a ? config_area_role_name(a->role) : NULL;
			c[k].kind = a && a->code ? CELL_TEXT : CELL_EMPTY;
			c[k++].text = a ? a->code : NULL;
			c[k].kind = r->category >= 0 ? CELL_TEXT : CELL_EMPTY;
			c[k++].text = r->category >= 0 ? cfg->categories[r->category].id : NULL;
		}
		for (int b = 0; b < (base ? 2 : 1); b++) {
			const struct off_value *v = b ? &r->base : &r->cur;
			/* a period the figures cover only in part has no figure: a sum of some
			 * months is not the period's */
			if (v->complete)
				c[k].kind = CELL_COUNT, c[k].v = v->count, c[k].flag = v->flag;
			k++;
			/* a rate times the population gives the count back: hidden with it */
			if (v->complete)
				c[k].kind = CELL_RATE_X100, c[k].v = v->rate_x100, c[k].flag = v->flag != AGG_SHOW;
			k++;
			c[k].kind = CELL_BOOL, c[k++].v = v->preliminary;
			if (json)
				c[k].kind = CELL_BOOL, c[k++].v = v->complete;
		}
		if (base) {
			c[k].kind = CELL_CHANGE;
			c[k].change = &r->change;
			c[k].exposure_ratio = r->exposure_cur / r->exposure_base;
			c[k++].text = r->cur.flag != AGG_SHOW || r->base.flag != AGG_SHOW ? "hidden"
				      : !r->cur.complete || !r->base.complete	       ? "incomplete"
				      : r->change.verdict == CHANGE_NO_CLAIM	       ? "few"
										       : NULL;
		}
	}
	emit(fp, &sh, fmt, t->order == OFF_BY_AREA_CRIME ? "area,crime-type" : "crime-type,area", cur,
	     base, NULL);
	if (fmt == STATS_TABLE)
		fprintf(fp, "\nKälla: %s\n", cfg->official_source ? cfg->official_source : "Brå");
	sheet_free(&sh);
	arena_free(&ar);
}
