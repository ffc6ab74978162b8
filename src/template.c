/* template.c - loads a report template into a tree of blocks; checks placeholders at load so
 * that a typo is an error with file:line, not a hole in a report. */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "util.h"
#include "xmlsafe.h"

const char *const tpl_placeholders[] = {
	"kommun", "kommunen", "kommun_kod", "period", "period_title", "baseline", "baseline_title",
	"incidents_total", "incidents_baseline", "threshold", "threshold_minus_one", "author",
	NULL,
};

static char *attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static int known_placeholder(const char *name, size_t n)
{
	for (int i = 0; tpl_placeholders[i]; i++)
		if (strlen(tpl_placeholders[i]) == n && strncmp(tpl_placeholders[i], name, n) == 0)
			return 1;
	return 0;
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
			for (int i = 0; tpl_placeholders[i]; i++)
				sbuf_printf(&known, "%s{%s}", i ? ", " : "", tpl_placeholders[i]);
			diag_set(d, DIAG_EX_CONFIG, file, line, 0,
				 "unknown placeholder {%.*s}; the known ones are %s", (int)(e - p - 1),
				 p + 1, sbuf_str(&known));
			sbuf_free(&known);
			return -1;
		}
	}
	return 0;
}

static void node_free(struct tpl_node *n)
{
	free(n->title);
	free(n->subtitle);
	free(n->text);
	free(n->by);
	free(n->type);
	free(n->category);
	for (size_t i = 0; i < n->n_children; i++)
		node_free(&n->children[i]);
	free(n->children);
}

static const struct {
	const char *name;
	enum tpl_kind kind;
} block_names[] = {
	{"cover", TPL_COVER},       {"section", TPL_SECTION}, {"paragraph", TPL_PARAGRAPH},
	{"summary", TPL_SUMMARY},   {"table", TPL_TABLE},     {"chart", TPL_CHART},
	{"cost", TPL_COST},         {"measures", TPL_MEASURES}, {"data-quality", TPL_QUALITY},
	{"page-break", TPL_PAGEBREAK},
};

static int read_node(xmlNode *x, struct tpl_node *n, const char *file, struct diag *d)
{
	memset(n, 0, sizeof(*n));
	n->line = xmlsafe_line(x);
	size_t k;
	for (k = 0; k < sizeof(block_names) / sizeof(block_names[0]); k++)
		if (strcmp((const char *)x->name, block_names[k].name) == 0)
			break;
	if (k == sizeof(block_names) / sizeof(block_names[0]))
		return diag_set(d, DIAG_EX_CONFIG, file, n->line, 0, "unknown block <%s>",
				(const char *)x->name);
	n->kind = block_names[k].kind;
	n->title = attr(x, "title");
	n->subtitle = attr(x, "subtitle");
	n->by = attr(x, "by");
	n->type = attr(x, "type");
	n->category = attr(x, "category");
	if (n->kind == TPL_PARAGRAPH) {
		xmlChar *t = xmlNodeGetContent(x);
		/* collapse the template's line breaks and indentation into single spaces */
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
		n->text = sbuf_take(&b);
	}
	if (check_placeholders(n->title, file, n->line, d) < 0 ||
	    check_placeholders(n->subtitle, file, n->line, d) < 0 ||
	    check_placeholders(n->text, file, n->line, d) < 0)
		return -1;
	if (n->kind == TPL_SECTION) {
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

int tpl_load(const char *path, struct template **out, struct diag *d)
{
	xmlDocPtr doc = NULL;
	struct template *t = NULL;
	if (xmlsafe_read_doc(path, DIAG_EX_CONFIG, &doc, d) < 0)
		return -1;
	if (xmlsafe_validate(doc, schema_template, schema_template_len, path, d) < 0)
		goto fail;
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	xmlNode *root = xmlDocGetRootElement(doc);
	t->name = attr(root, "name");
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
