/* template.c - loads a report template into a tree of blocks; checks placeholders at load so
 * that a typo is an error with file:line, not a hole in a report. */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "schema.h"
#include "util.h"
#include "xmlsafe.h"

const char *const tpl_placeholders[] = {
	"kommun", "kommunen", "kommun_kod", "period", "period_title", "baseline", "baseline_title",
	"incidents_total", "incidents_baseline", "incidents_change", "threshold",
	"threshold_minus_one", "author", "department", "department_head", "measures_count",
	"measures_hours", "measures_cost", "cost_total", "cost_total_baseline", NULL,
};

const char *const tpl_aggregate_placeholders[] = {
	"count", "count_baseline", "change", "cost", "cost_baseline", NULL,
};

const char *const tpl_tile_values[] = {
	"incidents_total", "measures_count", "measures_hours", "measures_cost", "cost_total",
	"count:CATEGORY", "cost:CATEGORY", NULL,
};


static int in_list(const char *const *list, const char *name, size_t n)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncmp(list[i], name, n) == 0)
			return 1;
	return 0;
}

/* A category id as the configuration writes them: lower-case ASCII, digits and '-'. */
static int id_like(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_'))
			return 0;
	return 1;
}

/* NAME or NAME:CATEGORY with NAME an aggregate placeholder. */
static int known_placeholder(const char *name, size_t n)
{
	if (in_list(tpl_placeholders, name, n))
		return 1;
	const char *colon = memchr(name, ':', n);
	if (!colon)
		return 0;
	size_t k = (size_t)(colon - name);
	return in_list(tpl_aggregate_placeholders, name, k) && id_like(colon + 1, n - k - 1);
}

static void list_known(struct sbuf *b)
{
	for (int i = 0; tpl_placeholders[i]; i++)
		sbuf_printf(b, "%s{%s}", i ? ", " : "", tpl_placeholders[i]);
	for (int i = 0; tpl_aggregate_placeholders[i]; i++)
		sbuf_printf(b, ", {%s:CATEGORY}", tpl_aggregate_placeholders[i]);
}

/* Checks every {name} in s against the known placeholders. */
static int check_placeholders(const char *s, const char *file, long line, struct diag *d)
{
	if (!s)
		return 0;
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		if (!e)
			return diag_set(d, DIAG_EX_CONFIG, file, line, 0,
					"'{' without a closing '}' in \"%.60s\"", p);
		if (!known_placeholder(p + 1, (size_t)(e - p - 1))) {
			struct sbuf known = {0};
			list_known(&known);
			diag_set(d, DIAG_EX_CONFIG, file, line, 0,
				 "unknown placeholder {%.*s} — the known ones are %s (CATEGORY: a "
				 "category id or total)",
				 (int)(e - p - 1), p + 1, sbuf_str(&known));
			sbuf_free(&known);
			return -1;
		}
	}
	return 0;
}

static void node_free(struct tpl_node *n)
{
	char *strs[] = {n->lang,  n->title, n->title_en, n->subtitle, n->subtitle_en,
			n->text,  n->by,    n->type,     n->category, n->sort,
			n->value, n->label, n->label_en, n->measures};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(strs[i]);
	for (size_t i = 0; i < n->n_children; i++)
		node_free(&n->children[i]);
	free(n->children);
}

static const struct {
	const char *name;
	enum tpl_kind kind;
} block_names[] = {
	{"cover", TPL_COVER},         {"toc", TPL_TOC},
	{"section", TPL_SECTION},     {"departments", TPL_DEPARTMENTS},
	{"heading", TPL_HEADING},     {"paragraph", TPL_PARAGRAPH},
	{"summary", TPL_SUMMARY},     {"tiles", TPL_TILES},
	{"tile", TPL_TILE},           {"table", TPL_TABLE},
	{"chart", TPL_CHART},         {"cost", TPL_COST},
	{"measures", TPL_MEASURES},   {"data-quality", TPL_QUALITY},
	{"page-break", TPL_PAGEBREAK}, {"police-reported", TPL_POLICE},
};

/* Element text with the template's line breaks and indentation collapsed into single
 * spaces. */
static char *collapsed_text(xmlNode *x)
{
	xmlChar *t = xmlNodeGetContent(x);
	struct sbuf b = {0};
	int space = 0;
	for (const char *p = t ? (const char *)t : ""; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			sbuf_addc(&b, ' ');
		space = 0;
		sbuf_addc(&b, *p);
	}
	xmlFree(t);
	return sbuf_take(&b);
}

/* A tile shows one number: a fixed numeric placeholder or count:/cost: of a category. */
static int check_tile_value(const char *v, const char *file, long line, struct diag *d)
{
	size_t n = strlen(v);
	const char *colon = strchr(v, ':');
	if (!colon && in_list(tpl_tile_values, v, n))
		return 0;
	if (colon && ((colon - v == 5 && strncmp(v, "count", 5) == 0) ||
		      (colon - v == 4 && strncmp(v, "cost", 4) == 0)) &&
	    id_like(colon + 1, strlen(colon + 1)))
		return 0;
	struct sbuf known = {0};
	for (int i = 0; tpl_tile_values[i]; i++)
		sbuf_printf(&known, "%s%s", i ? ", " : "", tpl_tile_values[i]);
	diag_set(d, DIAG_EX_CONFIG, file, line, 0, "unknown tile value \"%s\" — allowed: %s", v,
		 sbuf_str(&known));
	sbuf_free(&known);
	return -1;
}

static int read_node(xmlNode *x, struct tpl_node *n, const char *file, struct diag *d)
{
	memset(n, 0, sizeof(*n));
	n->line = xmlsafe_line(x);
	size_t k;
	for (k = 0; k < sizeof(block_names) / sizeof(block_names[0]); k++)
		if (strcmp((const char *)x->name, block_names[k].name) == 0)
			break;
	if (k == sizeof(block_names) / sizeof(block_names[0])) {
		struct sbuf known = {0};
		for (k = 0; k < sizeof(block_names) / sizeof(block_names[0]); k++)
			sbuf_printf(&known, "%s<%s>", k ? ", " : "", block_names[k].name);
		diag_set(d, DIAG_EX_CONFIG, file, n->line, 0, "unknown block <%s> — the blocks are %s",
			 (const char *)x->name, sbuf_str(&known));
		sbuf_free(&known);
		return -1;
	}
	n->kind = block_names[k].kind;
	n->lang = xmlsafe_attr(x, "lang");
	n->title = xmlsafe_attr(x, "title");
	n->title_en = xmlsafe_attr(x, "title-en");
	n->subtitle = xmlsafe_attr(x, "subtitle");
	n->subtitle_en = xmlsafe_attr(x, "subtitle-en");
	n->by = xmlsafe_attr(x, "by");
	n->type = xmlsafe_attr(x, "type");
	n->category = xmlsafe_attr(x, "category");
	n->sort = xmlsafe_attr(x, "sort");
	n->value = xmlsafe_attr(x, "value");
	n->label = xmlsafe_attr(x, "label");
	n->label_en = xmlsafe_attr(x, "label-en");
	n->measures = xmlsafe_attr(x, "measures");
	char *top = xmlsafe_attr(x, "top");
	if (top) {
		/* the schema has checked it is a positive integer */
		n->top = atoi(top);
		free(top);
	}
	if (n->kind == TPL_PARAGRAPH || n->kind == TPL_HEADING)
		n->text = collapsed_text(x);
	const char *texts[] = {n->title, n->title_en, n->subtitle, n->subtitle_en,
			       n->text,  n->label,    n->label_en};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (check_placeholders(texts[i], file, n->line, d) < 0)
			return -1;
	if (n->kind == TPL_TILE && check_tile_value(n->value, file, n->line, d) < 0)
		return -1;
	if (n->kind == TPL_TABLE && n->measures && strstr(n->measures, "rate") && n->by &&
	    strcmp(n->by, "locality") != 0)
		return diag_set(d, DIAG_EX_CONFIG, file, n->line, 0,
				"measures=\"rate\" (per 1 000 inhabitants) needs by=\"locality\", not "
				"by=\"%s\"",
				n->by);
	if (n->kind != TPL_TABLE && n->by && strcmp(n->by, "category-locality") == 0)
		return diag_set(d, DIAG_EX_CONFIG, file, n->line, 0,
				"by=\"category-locality\" is a table of categories by locality — a "
				"chart shows it as <chart type=\"stacked-bars\" by=\"locality\">");
	if (n->kind == TPL_SECTION || n->kind == TPL_DEPARTMENTS || n->kind == TPL_TILES) {
		for (xmlNode *c = x->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			n->children = xrealloc(n->children, (n->n_children + 1) * sizeof(*n->children));
			if (read_node(c, &n->children[n->n_children++], file, d) < 0)
				return -1;
		}
	}
	return 0;
}

/* Element names first, so that a misspelt block is reported with the list of blocks (the
 * schema's own message only says "not expected"). */
static int check_names(xmlNode *x, const char *file, struct diag *d)
{
	for (; x; x = x->next) {
		if (x->type != XML_ELEMENT_NODE)
			continue;
		int known = strcmp((const char *)x->name, "template") == 0;
		for (size_t k = 0; !known && k < sizeof(block_names) / sizeof(block_names[0]); k++)
			known = strcmp((const char *)x->name, block_names[k].name) == 0;
		if (!known) {
			struct sbuf names = {0};
			for (size_t k = 0; k < sizeof(block_names) / sizeof(block_names[0]); k++)
				sbuf_printf(&names, "%s<%s>", k ? ", " : "", block_names[k].name);
			diag_set(d, DIAG_EX_CONFIG, file, xmlsafe_line(x), 0,
				 "unknown block <%s> — the blocks are %s", (const char *)x->name,
				 sbuf_str(&names));
			sbuf_free(&names);
			return -1;
		}
		if (check_names(x->children, file, d) < 0)
			return -1;
	}
	return 0;
}

int tpl_load(const char *path, struct template **out, struct diag *d)
{
	char *buf;
	size_t len;
	static const struct xmlsafe_open_msg open_msg = {
		NULL,
		"name an installed template (uppfoljning, lagesbild) or give a template file's path",
		NULL,
		NULL,
	};
	if (xmlsafe_read_file(path, DIAG_EX_CONFIG, &open_msg, &buf, &len, d) < 0)
		return -1;
	int rc = tpl_load_mem(path, buf, len, out, d);
	free(buf);
	return rc;
}

int tpl_load_mem(const char *path, const char *buf, size_t len, struct template **out,
		 struct diag *d)
{
	xmlDocPtr doc = NULL;
	struct template *t = NULL;
	if (xmlsafe_read_doc_mem(path, buf, len, DIAG_EX_CONFIG, &doc, d) < 0)
		return -1;
	if (check_names(xmlDocGetRootElement(doc), path, d) < 0)
		goto fail;
	if (xmlsafe_validate(doc, schema_template, schema_template_len, path, d) < 0) {
		xmlsafe_add_hint(d, NULL, 0, "compare it with templates/uppfoljning.xml "
					     "(doc/templates.md)");
		goto fail;
	}
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	xmlNode *root = xmlDocGetRootElement(doc);
	t->name = xmlsafe_attr(root, "name");
	t->lang = xmlsafe_attr(root, "lang");
	if (!t->lang)
		t->lang = xstrdup("sv");
	for (xmlNode *c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		t->blocks = xrealloc(t->blocks, (t->n_blocks + 1) * sizeof(*t->blocks));
		if (read_node(c, &t->blocks[t->n_blocks++], path, d) < 0)
			goto fail;
	}
	xmlFreeDoc(doc);
	*out = t;
	return 0;
fail:
	tpl_free(t);
	xmlFreeDoc(doc);
	return -1;
}

void tpl_free(struct template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_blocks; i++)
		node_free(&t->blocks[i]);
	free(t->blocks);
	free(t->path);
	free(t->name);
	free(t->lang);
	free(t);
}

char *tpl_path(const char *name)
{
	if (strchr(name, '/'))
		return xstrdup(name);
	char *dir = util_data_dir("templates");
	char *p = xasprintf("%s/%s.xml", dir, name);
	free(dir);
	return p;
}

char *tpl_expand(const char *text, const char *(*lookup)(void *ctx, const char *name),
		 void *ctx)
{
	struct sbuf b = {0};
	const char *p = text;
	while (*p) {
		const char *o = strchr(p, '{');
		const char *e = o ? strchr(o, '}') : NULL;
		if (!o || !e) {
			sbuf_add(&b, p);
			break;
		}
		sbuf_addn(&b, p, (size_t)(o - p));
		char name[64];
		size_t n = (size_t)(e - o - 1);
		const char *v = NULL;
		if (n < sizeof(name)) {
			memcpy(name, o + 1, n);
			name[n] = '\0';
			v = lookup(ctx, name);
		}
		if (v)
			sbuf_add(&b, v);
		else
			sbuf_addn(&b, o, (size_t)(e - o + 1));
		p = e + 1;
	}
	return sbuf_take(&b);
}

const char *tpl_text(const char *sv, const char *en, const char *lang)
{
	if (lang && strcmp(lang, "en") == 0 && en)
		return en;
	return sv;
}

int tpl_in_lang(const struct tpl_node *n, const char *lang)
{
	return !n->lang || strcmp(n->lang, lang ? lang : "sv") == 0;
}

/* A category id from a placeholder or attribute: "total" or one of the configuration's. */
static int check_category(const struct config *cfg, const char *id, size_t n, const char *what,
			  const char *file, long line, struct diag *d)
{
	if (n == 5 && strncmp(id, "total", 5) == 0 && strcmp(what, "cost") != 0)
		return 0;
	for (size_t i = 0; i < cfg->n_categories; i++)
		if (strlen(cfg->categories[i].id) == n && strncmp(cfg->categories[i].id, id, n) == 0)
			return 0;
	struct sbuf known = {0};
	for (size_t i = 0; i < cfg->n_categories; i++)
		sbuf_printf(&known, "%s%s", i ? ", " : "", cfg->categories[i].id);
	diag_set(d, DIAG_EX_CONFIG, file, line, 0,
		 "unknown category \"%.*s\" in %s — the configuration's categories are %s%s", (int)n,
		 id, what, sbuf_str(&known), strcmp(what, "cost") != 0 ? " and total" : "");
	sbuf_free(&known);
	return -1;
}

static int check_node_config(const struct tpl_node *n, const struct config *cfg,
			     const char *file, struct diag *d)
{
	const char *texts[] = {n->title, n->title_en, n->subtitle, n->subtitle_en,
			       n->text,  n->label,    n->label_en};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (const char *p = texts[i] ? strchr(texts[i], '{') : NULL; p;
		     p = strchr(p + 1, '{')) {
			const char *e = strchr(p, '}');
			const char *colon = memchr(p, ':', e ? (size_t)(e - p) : 0);
			if (colon && check_category(cfg, colon + 1, (size_t)(e - colon - 1),
						    "a placeholder", file, n->line, d) < 0)
				return -1;
		}
	}
	if (n->kind == TPL_TILE && n->value && strchr(n->value, ':')) {
		const char *colon = strchr(n->value, ':');
		if (check_category(cfg, colon + 1, strlen(colon + 1), "a tile", file, n->line, d) < 0)
			return -1;
	}
	if (n->kind == TPL_COST && n->category &&
	    check_category(cfg, n->category, strlen(n->category), "cost", file, n->line, d) < 0)
		return -1;
	for (size_t i = 0; i < n->n_children; i++)
		if (check_node_config(&n->children[i], cfg, file, d) < 0)
			return -1;
	return 0;
}

int tpl_check_config(const struct template *t, const struct config *cfg, struct diag *d)
{
	for (size_t i = 0; i < t->n_blocks; i++)
		if (check_node_config(&t->blocks[i], cfg, t->path, d) < 0)
			return -1;
	return 0;
}
