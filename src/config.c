/* config.c - the municipality configuration: parsed with libxml2, validated against the
 * built-in config.xsd, then checked for what a schema cannot see (calendar days, names that
 * collide once folded, profiles that cannot serve their source); plus the name lookups. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "mail.h"
#include "profile.h"
#include "record.h"
#include "schema.h"
#include "util.h"
#include "xmlsafe.h"

enum tab_kind { TAB_CATEGORY, TAB_LOCALITY, TAB_DEPARTMENT, TAB_SEASON, TAB__N };
static const char *const tab_noun[TAB__N] = {"category", "locality", "department", "season"};

struct name_entry {
	char *key;        /* folded */
	const char *raw;  /* as written; borrowed from the struct config */
	const char *what; /* "synonym", "label", … for messages */
	int index;        /* position in the config's array */
	long line;
};

/* Lookups run once per input row, so every name is folded once at load and found by hash.
 * Entries stay in insertion (configuration) order so that suggestions are deterministic. */
struct name_table {
	struct name_entry *e;
	size_t n, cap;
	uint32_t *slot; /* entry index + 1; 0 is empty */
	size_t mask;
};

struct cfg_index {
	struct name_table tab[TAB__N];
};

/* ---- small DOM helpers ---- */




static char *attr_or(const xmlNode *n, const char *name, const char *dflt)
{
	char *v = xmlsafe_attr(n, name);
	return v ? v : xstrdup(dflt);
}


static size_t count_children(const xmlNode *n, const char *name)
{
	size_t k = 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		k += xmlsafe_is_element(c, name);
	return k;
}

/* ---- name tables ---- */

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const struct name_entry *tab_find(const struct name_table *t, const char *key)
{
	if (!t->slot)
		return NULL;
	for (size_t i = hash_str(key) & t->mask;; i = (i + 1) & t->mask) {
		uint32_t s = t->slot[i];
		if (!s)
			return NULL;
		if (strcmp(t->e[s - 1].key, key) == 0)
			return &t->e[s - 1];
	}
}

static void tab_rehash(struct name_table *t, size_t size)
{
	free(t->slot);
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	for (size_t k = 0; k < t->n; k++) {
		size_t i = hash_str(t->e[k].key) & t->mask;
		while (t->slot[i])
			i = (i + 1) & t->mask;
		t->slot[i] = (uint32_t)(k + 1);
	}
}

static void tab_free(struct name_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->e[i].key);
	free(t->e);
	free(t->slot);
}

static const char *item_id(const struct config *cfg, enum tab_kind k, int i)
{
	switch (k) {
	case TAB_CATEGORY: return cfg->categories[i].id;
	case TAB_LOCALITY: return cfg->localities[i].id;
	case TAB_DEPARTMENT: return cfg->departments[i].id;
	default: return cfg->seasons[i].id;
	}
}

static size_t n_items(const struct config *cfg, enum tab_kind k)
{
	switch (k) {
	case TAB_CATEGORY: return cfg->n_categories;
	case TAB_LOCALITY: return cfg->n_localities;
	case TAB_DEPARTMENT: return cfg->n_departments;
	default: return cfg->n_seasons;
	}
}

/* Adds one name of item `index`. Two items answering to the same folded name would make
 * every row carrying it land in whichever comes first, so that is an error. */
static int tab_add(struct config *cfg, enum tab_kind k, const char *raw, const char *what,
		   int index, long line, struct diag *d)
{
	struct name_table *t = &cfg->index->tab[k];
	if (!raw)
		return 0;
	char *key = util_fold(raw);
	if (!key[0]) {
		free(key);
		return diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				"%s '%s' of %s '%s' has no letters or digits, so it would match "
				"only empty values — remove it or write a real name",
				what, raw, tab_noun[k], item_id(cfg, k, index));
	}
	const struct name_entry *old = tab_find(t, key);
	if (old) {
		free(key);
		if (old->index == index)
			return 0;
		return diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				"%s '%s' of %s '%s' is ambiguous: it is the same as %s '%s' of %s "
				"'%s' (line %ld) once case, accents and separators are ignored; "
				"remove or change one of them",
				what, raw, tab_noun[k], item_id(cfg, k, index), old->what, old->raw,
				tab_noun[k], item_id(cfg, k, old->index), old->line);
	}
	t->e = xgrow(t->e, &t->cap, t->n, sizeof(*t->e));
	t->e[t->n++] = (struct name_entry){key, raw, what, index, line};
	if (!t->slot || t->n * 2 > t->mask + 1)
		tab_rehash(t, t->slot ? (t->mask + 1) * 2 : 16);
	else {
		size_t i = hash_str(key) & t->mask;
		while (t->slot[i])
			i = (i + 1) & t->mask;
		t->slot[i] = (uint32_t)t->n;
	}
	return 0;
}

/* The j-th name of an item as written, "" where an optional one is absent, NULL past the
 * last. Used when a struct config was built by hand and has no index. */
static const char *raw_name(const struct config *cfg, enum tab_kind k, size_t i, size_t j)
{
	const char *r = NULL;
	switch (k) {
	case TAB_CATEGORY: {
		const struct cfg_category *c = &cfg->categories[i];
		r = j == 0 ? c->id : j == 1 ? c->label_sv : j == 2 ? c->label_en
		  : j - 3 < c->n_synonyms ? c->synonyms[j - 3] : NULL;
		if (!r && j < 3)
			r = "";
		break;
	}
	case TAB_LOCALITY: {
		const struct cfg_locality *l = &cfg->localities[i];
		r = j == 0 ? l->id : j == 1 ? l->name : j - 2 < l->n_aliases ? l->aliases[j - 2] : NULL;
		if (!r && j < 2)
			r = "";
		break;
	}
	case TAB_DEPARTMENT: {
		const struct cfg_department *dp = &cfg->departments[i];
		r = j == 0 ? dp->id : j == 1 ? dp->name : j - 2 < dp->n_synonyms ? dp->synonyms[j - 2] : NULL;
		if (!r && j < 2)
			r = "";
		break;
	}
	default: {
		const struct cfg_season *s = &cfg->seasons[i];
		r = j == 0 ? s->id : j == 1 ? s->alias : j == 2 ? s->label_sv : j == 3 ? s->label_en : NULL;
		if (!r && j < 4)
			r = "";
		break;
	}
	}
	return r;
}

static int find(const struct config *cfg, enum tab_kind k, const char *name)
{
	if (!cfg || !name)
		return -1;
	char *key = util_fold(name);
	int r = -1;
	if (!key[0]) {
		/* an empty cell never names anything */
	} else if (cfg->index) {
		const struct name_entry *e = tab_find(&cfg->index->tab[k], key);
		r = e ? e->index : -1;
	} else {
		for (size_t i = 0; i < n_items(cfg, k) && r < 0; i++) {
			const char *raw;
			for (size_t j = 0; r < 0 && (raw = raw_name(cfg, k, i, j)); j++) {
				char *f = util_fold(raw);
				if (strcmp(f, key) == 0)
					r = (int)i;
				free(f);
			}
		}
	}
	free(key);
	return r;
}

int config_find_category(const struct config *cfg, const char *name)
{
	return find(cfg, TAB_CATEGORY, name);
}

int config_find_locality(const struct config *cfg, const char *name)
{
	return find(cfg, TAB_LOCALITY, name);
}

int config_find_department(const struct config *cfg, const char *name)
{
	return find(cfg, TAB_DEPARTMENT, name);
}

int config_find_season(const struct config *cfg, const char *name)
{
	return find(cfg, TAB_SEASON, name);
}

/* ---- suggestions ---- */

#define LEV_MAX 100 /* code points compared; longer names are cut (hints only) */

static size_t to_cps(const char *s, uint32_t *cp)
{
	size_t n = strlen(s), i = 0, k = 0;
	while (i < n && k < LEV_MAX) {
		size_t l = utf8_decode(s + i, n - i, &cp[k]);
		if (!l) {
			cp[k] = 0xFFFD;
			l = 1;
		}
		i += l;
		k++;
	}
	return k;
}

static size_t levenshtein(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
	size_t row[LEV_MAX + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t nw = row[0]; /* row[j - 1] of the previous row */
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = nw + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			nw = up;
		}
	}
	return row[lb];
}

static void consider(const char *key, int item, const uint32_t *a, size_t la, size_t *best,
		     int *best_item)
{
	uint32_t b[LEV_MAX];
	size_t lb = to_cps(key, b);
	size_t gap = la > lb ? la - lb : lb - la;
	if (gap >= *best) /* the distance is at least the length difference */
		return;
	size_t dist = levenshtein(a, la, b, lb);
	if (dist < *best) {
		*best = dist;
		*best_item = item;
	}
}

static int suggest(const struct config *cfg, enum tab_kind k, const char *name)
{
	if (!cfg || !name)
		return -1;
	char *key = util_fold(name);
	uint32_t a[LEV_MAX];
	size_t la = to_cps(key, a);
	free(key);
	if (la == 0)
		return -1;
	size_t limit = la / 3 > 2 ? la / 3 : 2;
	size_t best = limit + 1;
	int best_item = -1;
	if (cfg->index) {
		const struct name_table *t = &cfg->index->tab[k];
		for (size_t i = 0; i < t->n; i++)
			consider(t->e[i].key, t->e[i].index, a, la, &best, &best_item);
	} else {
		for (size_t i = 0; i < n_items(cfg, k); i++) {
			const char *raw;
			for (size_t j = 0; (raw = raw_name(cfg, k, i, j)); j++) {
				char *f = util_fold(raw);
				if (f[0])
					consider(f, (int)i, a, la, &best, &best_item);
				free(f);
			}
		}
	}
	return best_item;
}

const char *config_suggest_category(const struct config *cfg, const char *name)
{
	int i = suggest(cfg, TAB_CATEGORY, name);
	return i < 0 ? NULL : cfg->categories[i].label_sv;
}

const char *config_suggest_locality(const struct config *cfg, const char *name)
{
	int i = suggest(cfg, TAB_LOCALITY, name);
	return i < 0 ? NULL : cfg->localities[i].name;
}

const char *config_suggest_department(const struct config *cfg, const char *name)
{
	int i = suggest(cfg, TAB_DEPARTMENT, name);
	return i < 0 ? NULL : cfg->departments[i].name;
}

/* ---- population ---- */

/* The figure for year, else the nearest earlier year, else the nearest later one; 0 if none. */
static long population_in(const struct cfg_population *pop, size_t n, int year)
{
	const struct cfg_population *before = NULL, *after = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct cfg_population *p = &pop[i];
		if (p->year <= year && (!before || p->year > before->year))
			before = p;
		if (p->year > year && (!after || p->year < after->year))
			after = p;
	}
	return before ? before->inhabitants : after ? after->inhabitants : 0;
}

long config_population(const struct config *cfg, int locality, int year)
{
	if (!cfg || locality < 0 || (size_t)locality >= cfg->n_localities)
		return 0;
	const struct cfg_locality *l = &cfg->localities[locality];
	return population_in(l->population, l->n_population, year);
}

long config_population_total(const struct config *cfg, int year)
{
	long sum = 0;
	for (size_t i = 0; cfg && i < cfg->n_localities; i++)
		sum += config_population(cfg, (int)i, year);
	return sum;
}

/* ---- loading ---- */

/* "cannot open configuration 'path': why — what to do". */
static const struct xmlsafe_open_msg open_msg = {
	"configuration",
	"give the path of the configuration file with -c CONFIG",
	"run trygg in the folder that holds trygg.xml, or give the configuration's path with "
	"-c CONFIG",
	"make it readable for this user, or run trygg as a user who may read it",
};

/* Ids and names go into the table before any alias, so that when an alias collides with
 * another locality's name the error points at the alias, wherever it is in the file. */
/* libxml2's schema messages say what is wrong but not what to do; the constraint and
 * attribute names in config.xsd let us add that for the mistakes people actually make. */
static const struct xmlsafe_hint schema_hints[] = {
	{"keyref 'source-department'",
	 "department must be the id of one of the <department> elements"},
	{"'locality-id'", "every <locality> needs an id of its own"},
	{"'department-id'", "every <department> needs an id of its own"},
	{"'category-id'", "every <category> needs an id of its own"},
	{"'season-id'", "every <season> needs an id of its own"},
	{"'season-alias'", "two seasons have the same alias; change one"},
	{"'population-year'", "this locality lists the same population year twice"},
	{"attribute 'colour'", "write colours as #RRGGBB, e.g. #0072B2"},
	{"attribute 'code'", "the kommun code is four digits, e.g. 1260"},
	{"attribute 'id'", "ids use only a-z, 0-9 and '-' (no capitals, spaces or å, ä, ö)"},
	{"attribute 'alias'", "season aliases use only a-z, 0-9 and '-'"},
	{"attribute 'department'", "ids use only a-z, 0-9 and '-' (no capitals, spaces or å, ä, ö)"},
	{"attribute 'start'", "write the day as MM-DD, e.g. 06-01"},
	{"attribute 'end'", "write the day as MM-DD, e.g. 08-31"},
	{"attribute 'version'", "this trygg reads version=\"1\""},
	{"attribute 'email'", "write an e-mail address such as name@kommun.se"},
};

/* <population year="2017">15429</population> */
static void read_population(const xmlNode *c, struct cfg_population *p)
{
	char *y = attr_or(c, "year", "0"), *v = xmlsafe_text(c);
	/* The schema bounds both numbers, so plain conversion is safe. */
	p->year = atoi(y);
	p->inhabitants = strtol(v, NULL, 10);
	free(y);
	free(v);
}

static int read_localities(struct config *cfg, const xmlNode *el, struct diag *d)
{
	cfg->localities = xcalloc(count_children(el, "locality") + 1, sizeof(*cfg->localities));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "locality"))
			continue;
		int i = (int)cfg->n_localities++;
		struct cfg_locality *l = &cfg->localities[i];
		long line = xmlsafe_line(n);
		l->id = attr_or(n, "id", "");
		l->name = attr_or(n, "name", "");
		l->aliases = xcalloc(count_children(n, "alias") + 1, sizeof(*l->aliases));
		l->population = xcalloc(count_children(n, "population") + 1, sizeof(*l->population));
		if (tab_add(cfg, TAB_LOCALITY, l->id, "id", i, line, d) < 0 ||
		    tab_add(cfg, TAB_LOCALITY, l->name, "name", i, line, d) < 0)
			return -1;
		for (const xmlNode *c = n->children; c; c = c->next) {
			if (xmlsafe_is_element(c, "alias")) {
				l->aliases[l->n_aliases++] = xmlsafe_text(c);
			} else if (xmlsafe_is_element(c, "population")) {
				read_population(c, &l->population[l->n_population++]);
			}
		}
	}
	int i = 0;
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "locality"))
			continue;
		size_t k = 0;
		for (const xmlNode *c = n->children; c; c = c->next)
			if (xmlsafe_is_element(c, "alias") &&
			    tab_add(cfg, TAB_LOCALITY, cfg->localities[i].aliases[k++], "alias", i,
				    xmlsafe_line(c), d) < 0)
				return -1;
		i++;
	}
	return 0;
}

static int read_departments(struct config *cfg, const xmlNode *el, struct diag *d)
{
	cfg->departments =
		xcalloc(count_children(el, "department") + 1, sizeof(*cfg->departments));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "department"))
			continue;
		int i = (int)cfg->n_departments++;
		struct cfg_department *dp = &cfg->departments[i];
		long line = xmlsafe_line(n);
		dp->id = attr_or(n, "id", "");
		dp->name = attr_or(n, "name", "");
		dp->head = attr_or(n, "head", "");
		dp->email = attr_or(n, "email", "");
		if (dp->email[0] && !mail_addr_valid(dp->email))
			return diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
					"department '%s': email '%s' is not one e-mail address — "
					"write one such as name@kommun.se (letters, digits and "
					"!#$%%&'*+-/=?^_`{|}~. before and after the @)", dp->name,
					dp->email);
		dp->synonyms = xcalloc(count_children(n, "synonym") + 1, sizeof(*dp->synonyms));
		for (const xmlNode *c = n->children; c; c = c->next)
			if (xmlsafe_is_element(c, "synonym"))
				dp->synonyms[dp->n_synonyms++] = xmlsafe_text(c);
		if (tab_add(cfg, TAB_DEPARTMENT, dp->id, "id", i, line, d) < 0 ||
		    tab_add(cfg, TAB_DEPARTMENT, dp->name, "name", i, line, d) < 0)
			return -1;
	}
	/* synonyms after every id and name, as for categories */
	int i = 0;
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "department"))
			continue;
		size_t k = 0;
		for (const xmlNode *c = n->children; c; c = c->next)
			if (xmlsafe_is_element(c, "synonym") &&
			    tab_add(cfg, TAB_DEPARTMENT, cfg->departments[i].synonyms[k++], "synonym",
				    i, xmlsafe_line(c), d) < 0)
				return -1;
		i++;
	}
	return 0;
}

/* Synonyms go into the table after every id and label, for the same reason as aliases. */
static int read_categories(struct config *cfg, const xmlNode *el, struct diag *d)
{
	cfg->categories = xcalloc(count_children(el, "category") + 1, sizeof(*cfg->categories));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "category"))
			continue;
		int i = (int)cfg->n_categories++;
		struct cfg_category *c = &cfg->categories[i];
		long line = xmlsafe_line(n);
		c->id = attr_or(n, "id", "");
		c->label_sv = attr_or(n, "label", "");
		c->label_en = attr_or(n, "label-en", "");
		char *colour = attr_or(n, "colour", "#000000");
		/* "#RRGGBB" is guaranteed by the schema's pattern. */
		c->colour = (uint32_t)strtoul(colour + (colour[0] == '#'), NULL, 16) & 0xFFFFFFu;
		free(colour);
		c->synonyms = xcalloc(count_children(n, "synonym") + 1, sizeof(*c->synonyms));
		for (const xmlNode *s = n->children; s; s = s->next)
			if (xmlsafe_is_element(s, "synonym"))
				c->synonyms[c->n_synonyms++] = xmlsafe_text(s);
		if (tab_add(cfg, TAB_CATEGORY, c->id, "id", i, line, d) < 0 ||
		    tab_add(cfg, TAB_CATEGORY, c->label_sv, "label", i, line, d) < 0 ||
		    tab_add(cfg, TAB_CATEGORY, c->label_en, "label-en", i, line, d) < 0)
			return -1;
	}
	int i = 0;
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "category"))
			continue;
		size_t k = 0;
		for (const xmlNode *s = n->children; s; s = s->next)
			if (xmlsafe_is_element(s, "synonym") &&
			    tab_add(cfg, TAB_CATEGORY, cfg->categories[i].synonyms[k++], "synonym", i,
				    xmlsafe_line(s), d) < 0)
				return -1;
		i++;
	}
	return 0;
}

/* "MM-DD" (shape checked by the schema) that must also exist in the calendar; 29 February
 * is accepted because seasons repeat over leap and common years. */
static int parse_month_day(struct config *cfg, const xmlNode *n, const char *which, int *month,
			   int *day, struct diag *d)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	char *v = attr_or(n, which, "");
	int ok = strlen(v) == 5 && v[2] == '-';
	if (ok) {
		*month = (v[0] - '0') * 10 + (v[1] - '0');
		*day = (v[3] - '0') * 10 + (v[4] - '0');
		ok = *month >= 1 && *month <= 12 && *day >= 1 && *day <= days[*month - 1];
	}
	if (!ok) {
		char *id = attr_or(n, "id", "");
		diag_set(d, DIAG_EX_CONFIG, cfg->path, xmlsafe_line(n), 0,
			 "season '%s': %s=\"%s\" is not a day of the year — write MM-DD with a day "
			 "that exists in that month (e.g. 02-28)",
			 id, which, v);
		free(id);
	}
	free(v);
	return ok ? 0 : -1;
}

/* <dates year="2018" start="2018-06-12" end="2018-08-19"/>: real calendar days (the schema
 * checks the shape), in order, and no more than a year long. */
static int read_season_dates(struct config *cfg, struct cfg_season *s, const xmlNode *el,
			     struct diag *d)
{
	s->dates = xcalloc(count_children(el, "dates") + 1, sizeof(*s->dates));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "dates"))
			continue;
		struct cfg_season_dates *t = &s->dates[s->n_dates++];
		long line = xmlsafe_line(n);
		char *year = attr_or(n, "year", ""), *a = attr_or(n, "start", ""),
		     *b = attr_or(n, "end", "");
		int ok = sscanf(year, "%d", &t->year) == 1 &&
			 sscanf(a, "%d-%d-%d", &t->start_year, &t->start_month, &t->start_day) == 3 &&
			 sscanf(b, "%d-%d-%d", &t->end_year, &t->end_month, &t->end_day) == 3 &&
			 rec_valid_ymd(t->start_year, t->start_month, t->start_day) &&
			 rec_valid_ymd(t->end_year, t->end_month, t->end_day);
		rec_day first = ok ? rec_day_from_ymd(t->start_year, t->start_month, t->start_day) : 0;
		rec_day last = ok ? rec_day_from_ymd(t->end_year, t->end_month, t->end_day) : 0;
		int dup = 0;
		for (size_t k = 0; k + 1 < s->n_dates; k++)
			dup |= s->dates[k].year == t->year;
		if (!ok)
			diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				 "season '%s': dates %s..%s are not days of the calendar — write "
				 "YYYY-MM-DD", s->id, a, b);
		else if (last < first || last - first > 366)
			diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				 "season '%s': dates for %d must run forwards and for at most a "
				 "year (%s..%s)", s->id, t->year, a, b);
		else if (dup)
			diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				 "season '%s': dates for %d are given twice", s->id, t->year);
		free(year);
		free(a);
		free(b);
		if (!ok || last < first || last - first > 366 || dup)
			return -1;
	}
	return 0;
}

static int read_seasons(struct config *cfg, const xmlNode *el, struct diag *d)
{
	cfg->seasons = xcalloc(count_children(el, "season") + 1, sizeof(*cfg->seasons));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "season"))
			continue;
		int i = (int)cfg->n_seasons++;
		struct cfg_season *s = &cfg->seasons[i];
		long line = xmlsafe_line(n);
		s->id = attr_or(n, "id", "");
		s->alias = xmlsafe_attr(n, "alias");
		s->label_sv = attr_or(n, "label", "");
		s->label_en = attr_or(n, "label-en", "");
		if (parse_month_day(cfg, n, "start", &s->start_month, &s->start_day, d) < 0 ||
		    parse_month_day(cfg, n, "end", &s->end_month, &s->end_day, d) < 0 ||
		    read_season_dates(cfg, s, n, d) < 0)
			return -1;
		if (tab_add(cfg, TAB_SEASON, s->id, "id", i, line, d) < 0 ||
		    tab_add(cfg, TAB_SEASON, s->alias, "alias", i, line, d) < 0 ||
		    tab_add(cfg, TAB_SEASON, s->label_sv, "label", i, line, d) < 0 ||
		    tab_add(cfg, TAB_SEASON, s->label_en, "label-en", i, line, d) < 0)
			return -1;
	}
	return 0;
}

/* Every value map of a category, locality or department in profile p must lead to a name
 * the configuration knows: a map to a misspelt id would otherwise reject every row it maps,
 * with a hint pointing at the data rather than at the profile. The <source> elements come
 * after localities, departments and categories (the schema's order), so all are known. */
static int check_profile_maps(const struct config *cfg, const struct profile *p, struct diag *d)
{
	static const struct {
		enum prof_field f;
		enum tab_kind k;
	} looked_up[] = {{PF_CATEGORY, TAB_CATEGORY},
			 {PF_LOCALITY, TAB_LOCALITY},
			 {PF_DEPARTMENT, TAB_DEPARTMENT}};
	for (size_t i = 0; i < sizeof(looked_up) / sizeof(looked_up[0]); i++) {
		const struct prof_column *col = &p->col[looked_up[i].f];
		enum tab_kind k = looked_up[i].k;
		for (size_t j = 0; j < col->n_map; j++) {
			const struct prof_map_entry *m = &col->map[j];
			if (!m->to[0]) {
				if (k == TAB_LOCALITY && p->kind == CFG_MEASURES)
					continue; /* the municipality as a whole */
				return diag_set(d, DIAG_EX_CONFIG, p->path, m->line, 0,
						"map to=\"\" of field '%s': %s — map it to the id of "
						"a %s in the configuration",
						prof_field_names[looked_up[i].f],
						k == TAB_LOCALITY ? "an incident needs a locality (to=\"\", "
								    "the municipality as a whole, is for "
								    "measures)"
								  : "every row needs one",
						tab_noun[k]);
			}
			if (find(cfg, k, m->to) >= 0)
				continue;
			int near = suggest(cfg, k, m->to);
			if (near >= 0)
				return diag_set(d, DIAG_EX_CONFIG, p->path, m->line, 0,
						"map to '%s': no %s with that id or name in the "
						"configuration '%s' (did you mean '%s'?)",
						m->to, tab_noun[k], cfg->path, item_id(cfg, k, near));
			return diag_set(d, DIAG_EX_CONFIG, p->path, m->line, 0,
					"map to '%s': no %s with that id or name in the configuration "
					"'%s' — use one of its ids, or add it there",
					m->to, tab_noun[k], cfg->path);
		}
	}
	return 0;
}

static int read_sources(struct config *cfg, const xmlNode *el, struct diag *d)
{
	cfg->sources = xcalloc(count_children(el, "source") + 1, sizeof(*cfg->sources));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (!xmlsafe_is_element(n, "source"))
			continue;
		struct cfg_source *s = &cfg->sources[cfg->n_sources++];
		long line = xmlsafe_line(n);
		char *prof = attr_or(n, "profile", "");
		s->pattern = attr_or(n, "file", "");
		s->path = util_path_join(cfg->dir, s->pattern);
		s->profile_path = util_path_join(cfg->dir, prof);
		s->department = xmlsafe_attr(n, "department");
		if (access(s->profile_path, R_OK) != 0) {
			diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				 "cannot open profile '%s' (looked for '%s'): %s — fix the profile "
				 "attribute of this <source> (relative paths start in the "
				 "configuration's folder)",
				 prof, s->profile_path, strerror(errno));
			free(prof);
			return -1;
		}
		struct diag sub = {0};
		if (profile_load(s->profile_path, &s->profile, &sub) < 0) {
			if (sub.code != DIAG_EX_NOINPUT) {
				/* The profile's own file:line says best what to fix. */
				if (d)
					*d = sub;
				free(prof);
				return -1;
			}
			diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
				 "profile=\"%s\" of this source: %s — fix the path (relative paths "
				 "start in the configuration's folder, '%s')",
				 prof, sub.msg, cfg->dir);
			free(prof);
			return -1;
		}
		free(prof);
		const struct profile *p = s->profile;
		if (check_profile_maps(cfg, p, d) < 0)
			return -1;
		if (p->kind == CFG_MEASURES && !s->department && !p->col[PF_DEPARTMENT].used)
			return diag_set(d, DIAG_EX_CONFIG, cfg->path, line, 0,
					"source '%s' reads measures through profile '%s', which maps "
					"no department column — add department=\"…\" to this <source> or "
					"a <field name=\"department\"> to the profile",
					s->pattern, s->profile_path);
	}
	return 0;
}

/* <official-statistics>: areas (one per role) and crime types. A crime type's category is
 * looked up after the whole file is read (the elements come in any order). */
static int read_official(struct config *cfg, const xmlNode *el, struct diag *d)
{
	cfg->official_source = attr_or(el, "source", "Brå");
	cfg->areas = xcalloc(count_children(el, "area") + 1, sizeof(*cfg->areas));
	cfg->crime_types = xcalloc(count_children(el, "crime-type") + 1, sizeof(*cfg->crime_types));
	for (const xmlNode *n = el->children; n; n = n->next) {
		if (xmlsafe_is_element(n, "crime-type")) {
			struct cfg_crime_type *t = &cfg->crime_types[cfg->n_crime_types++];
			t->name = xmlsafe_text(n);
			t->label_en = xmlsafe_attr(n, "label-en");
			t->category = -1;
			continue;
		}
		if (!xmlsafe_is_element(n, "area"))
			continue;
		struct cfg_area *a = &cfg->areas[cfg->n_areas++];
		char *role = attr_or(n, "role", "municipality");
		a->role = strcmp(role, "county") == 0    ? CFG_AREA_COUNTY
			  : strcmp(role, "country") == 0 ? CFG_AREA_COUNTRY
							 : CFG_AREA_MUNICIPALITY;
		free(role);
		a->code = xmlsafe_attr(n, "code");
		a->name = attr_or(n, "name", "");
		a->label_en = xmlsafe_attr(n, "label-en");
		a->aliases = xcalloc(count_children(n, "alias") + 1, sizeof(*a->aliases));
		a->population = xcalloc(count_children(n, "population") + 1, sizeof(*a->population));
		for (const xmlNode *c = n->children; c; c = c->next) {
			if (xmlsafe_is_element(c, "alias"))
				a->aliases[a->n_aliases++] = xmlsafe_text(c);
			else if (xmlsafe_is_element(c, "population"))
				read_population(c, &a->population[a->n_population++]);
		}
		for (size_t k = 0; k + 1 < cfg->n_areas; k++)
			if (cfg->areas[k].role == a->role)
				return diag_set(d, DIAG_EX_CONFIG, cfg->path, xmlsafe_line(n), 0,
						"a second <area role=\"%s\">: name one municipality, one "
						"county and one country at most",
						config_area_role_name(a->role));
	}
	return 0;
}

/* After loading: every <crime-type category="…"> names a category of the configuration. */
static int resolve_crime_types(struct config *cfg, const xmlNode *root, struct diag *d)
{
	size_t i = 0;
	for (const xmlNode *el = root->children; el; el = el->next) {
		if (!xmlsafe_is_element(el, "official-statistics"))
			continue;
		for (const xmlNode *n = el->children; n && i < cfg->n_crime_types; n = n->next) {
			if (!xmlsafe_is_element(n, "crime-type"))
				continue;
			char *cat = attr_or(n, "category", "");
			int k = config_find_category(cfg, cat);
			if (k < 0) {
				diag_set(d, DIAG_EX_CONFIG, cfg->path, xmlsafe_line(n), 0,
					 "<crime-type category=\"%s\">: no such category — use the id "
					 "of a <category> in <categories>",
					 cat);
				free(cat);
				return -1;
			}
			free(cat);
			cfg->crime_types[i++].category = k;
		}
	}
	return 0;
}

/* logo="FILE" on <report>: resolved like a source, and there now, so that a wrong path is
 * reported at the configuration's line before any export is read. */
static int read_logo(struct config *cfg, const xmlNode *n, struct diag *d)
{
	char *logo = xmlsafe_attr(n, "logo");
	if (!logo)
		return 0;
	cfg->logo_line = xmlsafe_line(n);
	cfg->logo = util_path_join(cfg->dir, logo);
	int rc = 0;
	const char *why;
	int fd = util_open_regular(cfg->logo, &why);
	if (fd < 0)
		rc = diag_set(d, DIAG_EX_CONFIG, cfg->path, cfg->logo_line, 0,
			      "cannot open the logo '%s' (looked for '%s'): %s — fix the logo "
			      "attribute of <report> (a PNG file; relative paths start in the "
			      "configuration's folder)",
			      logo, cfg->logo, why);
	if (fd >= 0)
		close(fd);
	free(logo);
	return rc;
}

static int load_doc(const char *path, xmlDocPtr doc, struct config **out, struct diag *d);

int config_load(const char *path, struct config **out, struct diag *d)
{
	char *buf;
	size_t len;
	*out = NULL;
	if (xmlsafe_read_file(path, DIAG_EX_CONFIG, &open_msg, &buf, &len, d) < 0)
		return -1;
	int rc = config_load_mem(path, buf, len, out, d);
	free(buf);
	return rc;
}

int config_load_mem(const char *path, const char *buf, size_t len, struct config **out,
		    struct diag *d)
{
	xmlDocPtr doc = NULL;
	*out = NULL;
	if (xmlsafe_read_doc_mem(path, buf, len, DIAG_EX_CONFIG, &doc, d) < 0)
		return -1;
	return load_doc(path, doc, out, d);
}

/* Takes doc (freed here). */
static int load_doc(const char *path, xmlDocPtr doc, struct config **out, struct diag *d)
{
	struct config *cfg = NULL;
	if (xmlsafe_validate(doc, schema_config, schema_config_len, path, d) < 0) {
		xmlsafe_add_hint(d, schema_hints, sizeof(schema_hints) / sizeof(schema_hints[0]),
				 "compare it with samples/bjuv/trygg.xml (README.md, \"Configuration "
				 "and profiles by example\")");
		goto fail;
	}

	cfg = xcalloc(1, sizeof(*cfg));
	cfg->path = xstrdup(path);
	cfg->dir = util_dirname(path);
	cfg->index = xcalloc(1, sizeof(*cfg->index));
	cfg->small_count_threshold = 3;
	cfg->min_baseline_for_percent = 10;

	const xmlNode *root = xmlDocGetRootElement(doc);
	for (const xmlNode *n = root->children; n; n = n->next) {
		int rc = 0;
		if (xmlsafe_is_element(n, "municipality")) {
			cfg->municipality = attr_or(n, "name", "");
			cfg->code = attr_or(n, "code", "");
		} else if (xmlsafe_is_element(n, "report")) {
			cfg->author = attr_or(n, "author", "");
			cfg->language = attr_or(n, "language", "sv");
			cfg->output = attr_or(n, "output", "{kommun}-{period}.pdf");
			char *t = xmlsafe_attr(n, "small-count-threshold");
			if (t)
				cfg->small_count_threshold = atoi(t); /* 1..1000000 per the schema */
			free(t);
			t = xmlsafe_attr(n, "min-baseline-for-percent");
			if (t)
				cfg->min_baseline_for_percent = atoi(t); /* 0..1000000 per the schema */
			free(t);
			t = xmlsafe_attr(n, "duplicates");
			cfg->merge_duplicates = t && strcmp(t, "merge") == 0;
			free(t);
			t = xmlsafe_attr(n, "duplicate-evidence");
			cfg->duplicates_need_evidence = t && strcmp(t, "time-or-cost") == 0;
			free(t);
			cfg->report_line = xmlsafe_line(n);
			cfg->font_regular = xmlsafe_attr(n, "font-regular");
			cfg->font_bold = xmlsafe_attr(n, "font-bold");
			rc = read_logo(cfg, n, d);
		} else if (xmlsafe_is_element(n, "localities")) {
			rc = read_localities(cfg, n, d);
		} else if (xmlsafe_is_element(n, "departments")) {
			rc = read_departments(cfg, n, d);
		} else if (xmlsafe_is_element(n, "categories")) {
			rc = read_categories(cfg, n, d);
		} else if (xmlsafe_is_element(n, "seasons")) {
			rc = read_seasons(cfg, n, d);
		} else if (xmlsafe_is_element(n, "sources")) {
			rc = read_sources(cfg, n, d);
		} else if (xmlsafe_is_element(n, "official-statistics")) {
			rc = read_official(cfg, n, d);
		}
		if (rc < 0)
			goto fail;
	}
	if (resolve_crime_types(cfg, root, d) < 0)
		goto fail;

	xmlFreeDoc(doc);
	*out = cfg;
	return 0;
fail:
	xmlFreeDoc(doc);
	config_free(cfg);
	return -1;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	if (cfg->index) {
		for (int k = 0; k < TAB__N; k++)
			tab_free(&cfg->index->tab[k]);
		free(cfg->index);
	}
	for (size_t i = 0; i < cfg->n_localities; i++) {
		struct cfg_locality *l = &cfg->localities[i];
		free(l->id);
		free(l->name);
		free_strv(l->aliases, l->n_aliases);
		free(l->population);
	}
	free(cfg->localities);
	for (size_t i = 0; i < cfg->n_departments; i++) {
		struct cfg_department *dp = &cfg->departments[i];
		free(dp->id);
		free(dp->name);
		free(dp->head);
		free(dp->email);
		free_strv(dp->synonyms, dp->n_synonyms);
	}
	free(cfg->departments);
	for (size_t i = 0; i < cfg->n_categories; i++) {
		struct cfg_category *c = &cfg->categories[i];
		free(c->id);
		free(c->label_sv);
		free(c->label_en);
		free_strv(c->synonyms, c->n_synonyms);
	}
	free(cfg->categories);
	for (size_t i = 0; i < cfg->n_seasons; i++) {
		struct cfg_season *s = &cfg->seasons[i];
		free(s->id);
		free(s->alias);
		free(s->label_sv);
		free(s->label_en);
		free(s->dates);
	}
	free(cfg->seasons);
	for (size_t i = 0; i < cfg->n_sources; i++) {
		struct cfg_source *s = &cfg->sources[i];
		free(s->pattern);
		free(s->path);
		free(s->profile_path);
		free(s->department);
		profile_free(s->profile);
	}
	free(cfg->sources);
	for (size_t i = 0; i < cfg->n_areas; i++) {
		struct cfg_area *a = &cfg->areas[i];
		free(a->code);
		free(a->name);
		free(a->label_en);
		free_strv(a->aliases, a->n_aliases);
		free(a->population);
	}
	free(cfg->areas);
	for (size_t i = 0; i < cfg->n_crime_types; i++) {
		free(cfg->crime_types[i].name);
		free(cfg->crime_types[i].label_en);
	}
	free(cfg->crime_types);
	free(cfg->official_source);
	free(cfg->path);
	free(cfg->dir);
	free(cfg->municipality);
	free(cfg->code);
	free(cfg->author);
	free(cfg->language);
	free(cfg->output);
	free(cfg->font_regular);
	free(cfg->logo);
	free(cfg->font_bold);
	free(cfg);
}

/* ---- official statistics ---- */

const char *config_area_role_name(enum cfg_area_role role)
{
	return role == CFG_AREA_COUNTY ? "county" : role == CFG_AREA_COUNTRY ? "country" : "municipality";
}

/* Whether exported starts with code and then ends or goes on with something other than a
 * digit: "1260 Bjuv" is area 1260, "12601" is not. */
static int starts_with_code(const char *exported, const char *code)
{
	size_t n = strlen(code);
	return n && strncmp(exported, code, n) == 0 &&
	       !(exported[n] >= '0' && exported[n] <= '9');
}

int config_find_area(const struct config *cfg, const char *exported)
{
	if (!cfg || !exported || !cfg->n_areas)
		return -1;
	char *f = util_fold(exported);
	int found = -1;
	for (size_t i = 0; i < cfg->n_areas && found < 0; i++) {
		const struct cfg_area *a = &cfg->areas[i];
		char *g = util_fold(a->name);
		if (strcmp(f, g) == 0 || (a->code && starts_with_code(exported, a->code)))
			found = (int)i;
		free(g);
		for (size_t k = 0; k < a->n_aliases && found < 0; k++) {
			g = util_fold(a->aliases[k]);
			if (strcmp(f, g) == 0)
				found = (int)i;
			free(g);
		}
	}
	free(f);
	return found;
}

int config_has_official(const struct config *cfg)
{
	if (!cfg || !cfg->n_crime_types || !cfg->n_areas)
		return 0;
	for (size_t i = 0; i < cfg->n_sources; i++)
		if (cfg->sources[i].profile && cfg->sources[i].profile->kind == CFG_OFFICIAL)
			return 1;
	return 0;
}

int config_area_of_role(const struct config *cfg, enum cfg_area_role role)
{
	for (size_t i = 0; cfg && i < cfg->n_areas; i++)
		if (cfg->areas[i].role == role)
			return (int)i;
	return -1;
}

int config_find_crime_type(const struct config *cfg, const char *crime_type)
{
	if (!cfg || !crime_type || !cfg->n_crime_types)
		return -1;
	char *f = util_fold(crime_type);
	int found = -1;
	for (size_t i = 0; i < cfg->n_crime_types && found < 0; i++) {
		char *g = util_fold(cfg->crime_types[i].name);
		if (strcmp(f, g) == 0)
			found = (int)i;
		free(g);
	}
	free(f);
	return found;
}

int config_crime_category(const struct config *cfg, const char *crime_type)
{
	int t = config_find_crime_type(cfg, crime_type);
	return t < 0 ? -1 : cfg->crime_types[t].category;
}

long config_area_population(const struct config *cfg, int area, int year)
{
	if (!cfg || area < 0 || (size_t)area >= cfg->n_areas)
		return 0;
	const struct cfg_area *a = &cfg->areas[area];
	if (a->n_population)
		return population_in(a->population, a->n_population, year);
	return a->role == CFG_AREA_MUNICIPALITY ? config_population_total(cfg, year) : 0;
}
