/* ingest_xml.c - XML exports to rows with libxml2's streaming reader (xmlsafe.c sets it up):
 * memory stays flat however large the export, unlike a DOM (LIBRARIES.md). */
#include "ingest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlsafe.h"

#define FIELD_MAX (1024 * 1024)

/* One name the profile looks for: a child element, or an attribute of the record ("@x"). */
struct want {
	const char *name;
	int field;
	int alt; /* index among the field's alternatives: lower wins */
	int attr;
};

struct xmlin {
	const char *path;
	const struct profile *p;
	struct diag *d;
	struct want *wants;
	size_t n_wants;
	struct sbuf buf; /* values of the record in progress, NUL-separated */
	size_t off[PF__N];
	int alt[PF__N]; /* alternative that filled the field, -1 when empty */
	int cur;        /* field whose element is open, -1 when none */
	size_t cur_len;
	long cur_line;
};

/* The record element names: the profile's record="a|b" split at '|'. */
struct record_names {
	char **names;
	size_t n;
};

static void split_record_names(const char *spec, struct record_names *rn)
{
	size_t cap = 0;
	for (const char *p = spec;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n) {
			rn->names = xgrow(rn->names, &cap, rn->n, sizeof(*rn->names));
			rn->names[rn->n++] = xstrndup(p, n);
		}
		if (!bar)
			break;
		p = bar + 1;
	}
}

static int is_record_name(const struct record_names *rn, const char *name)
{
	for (size_t i = 0; name && i < rn->n; i++)
		if (strcmp(rn->names[i], name) == 0)
			return 1;
	return 0;
}

/* Elements outside any record, counted per (depth, name) until the end of the file, when it
 * is known at which depths the records were. */
#define SKIP_DEPTHS 64
struct skip_count {
	char name[64];
	int depth;
	long count;
};
struct skip_tally {
	struct skip_count *e;
	size_t n, cap;
	long other[SKIP_DEPTHS]; /* names past the table, per depth */
	uint64_t record_depths;  /* bit d: a record was found at depth d */
};

static void tally_element(struct skip_tally *t, int depth, const char *name)
{
	if (depth <= 0 || depth >= SKIP_DEPTHS || !name)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].depth == depth && strncmp(t->e[i].name, name, sizeof(t->e[i].name) - 1) == 0) {
			t->e[i].count++;
			return;
		}
	if (t->n >= 4 * INGEST_SKIPPED_MAX) {
		t->other[depth]++;
		return;
	}
	t->e = xgrow(t->e, &t->cap, t->n, sizeof(*t->e));
	struct skip_count *c = &t->e[t->n++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->depth = depth;
	c->count = 1;
}

static void tally_report(const struct skip_tally *t, struct ingest_info *info)
{
	uint64_t depths = t->record_depths ? t->record_depths : (uint64_t)1 << 1;
	for (size_t i = 0; i < t->n; i++) {
		const struct skip_count *c = &t->e[i];
		if (!(depths >> c->depth & 1))
			continue;
		if (info->n_skipped < INGEST_SKIPPED_MAX) {
			struct ingest_skipped *k = &info->skipped[info->n_skipped++];
			snprintf(k->name, sizeof(k->name), "%s", c->name);
			k->count = c->count;
		} else {
			info->skipped_other += c->count;
		}
	}
	for (int dd = 1; dd < SKIP_DEPTHS; dd++)
		if (depths >> dd & 1)
			info->skipped_other += t->other[dd];
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int ns_ok(const struct profile *p, const xmlChar *ns)
{
	if (!p->ns_uri)
		return 1;
	return ns && strcmp((const char *)ns, p->ns_uri) == 0;
}

static void build_wants(struct xmlin *x)
{
	size_t cap = 0;
	for (int f = 0; f < PF__N; f++) {
		const struct prof_column *pc = &x->p->col[f];
		if (!pc->used)
			continue;
		for (size_t a = 0; a < pc->n_names; a++) {
			const char *n = pc->names[a];
			x->wants = xgrow(x->wants, &cap, x->n_wants, sizeof(*x->wants));
			struct want *w = &x->wants[x->n_wants++];
			w->attr = n[0] == '@';
			w->name = w->attr ? n + 1 : n;
			w->field = f;
			w->alt = (int)a;
		}
	}
}

static void reset_record(struct xmlin *x)
{
	sbuf_reset(&x->buf);
	for (int f = 0; f < PF__N; f++)
		x->alt[f] = -1;
	x->cur = -1;
}

/* Starts the value of field f from alternative alt; returns 0 if a better alternative
 * already filled it. */
static int begin_value(struct xmlin *x, int f, int alt)
{
	if (x->alt[f] >= 0 && x->alt[f] <= alt)
		return 0;
	x->alt[f] = alt;
	x->off[f] = x->buf.len;
	return 1;
}

static int add_value(struct xmlin *x, const xmlChar *s, long line)
{
	size_t n = strlen((const char *)s);
	x->cur_len += n;
	if (x->cur_len > FIELD_MAX)
		return diag_set(x->d, DIAG_EX_DATAERR, x->path, line, 0,
				"field longer than 1 MiB in the record at line %ld", line);
	sbuf_addn(&x->buf, (const char *)s, n);
	return 0;
}

/* Attribute fields are read from the record element's node: no per-attribute calls. */
static int take_attributes(struct xmlin *x, const xmlNode *n, long line)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (a->ns && !ns_ok(x->p, a->ns->href))
			continue;
		for (size_t i = 0; i < x->n_wants; i++) {
			const struct want *w = &x->wants[i];
			if (!w->attr || strcmp(w->name, (const char *)a->name) != 0)
				continue;
			if (!begin_value(x, w->field, w->alt))
				continue;
			x->cur_len = 0;
			for (const xmlNode *t = a->children; t; t = t->next) {
				if (t->type != XML_TEXT_NODE) /* entity refs: rejected by the parser */
					return diag_set(x->d, DIAG_EX_DATAERR, x->path, line, 0,
							"attribute '%s' holds an entity reference; write the "
							"text itself",
							(const char *)a->name);
				if (t->content && add_value(x, t->content, line) < 0)
					return -1;
			}
			sbuf_addc(&x->buf, '\0');
		}
	}
	return 0;
}

static void end_value(struct xmlin *x)
{
	if (x->cur >= 0)
		sbuf_addc(&x->buf, '\0');
	x->cur = -1;
}

static int deliver(struct xmlin *x, long line, ingest_row_fn fn, void *ctx, long *rows)
{
	struct ingest_row row = {.line = line};
	for (int f = 0; f < PF__N; f++) {
		if (x->alt[f] < 0)
			continue;
		/* Trim in place: pretty-printed exports put newlines around values. */
		char *s = x->buf.data + x->off[f];
		size_t n = strlen(s);
		while (n && is_xml_space(s[n - 1]))
			s[--n] = '\0';
		while (n && is_xml_space(*s))
			s++, n--;
		row.field[f] = s;
		row.len[f] = n;
	}
	(*rows)++;
	return fn(ctx, &row);
}

int ingest_xml(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
	       struct ingest_info *info, struct diag *d)
{
	struct xmlin x = {.path = path, .p = p, .d = d, .cur = -1};
	struct xmlsafe_reader r;
	long rows = 0;
	int rc = -1;
	int in_record = 0, rec_depth = 0;
	long rec_line = 0;
	long last_text_line = 0; /* where the previous node (a text node) ended, 0 if not text */
	struct record_names rn = {0};
	struct skip_tally skip = {0};
	if (p->record_element)
		split_record_names(p->record_element, &rn);
	if (!rn.n)
		return diag_set(d, DIAG_EX_CONFIG, p->path, 0, 0,
				"the profile names no record element");
	if (info)
		info->n_skipped = 0, info->skipped_other = 0;
	if (xmlsafe_reader_open(&r, path, d) < 0) {
		if (info) {
			snprintf(info->format, sizeof(info->format), "xml");
			snprintf(info->encoding, sizeof(info->encoding), "utf-8");
			info->rows = 0;
		}
		for (size_t i = 0; i < rn.n; i++)
			free(rn.names[i]);
		free(rn.names);
		return -1;
	}
	build_wants(&x);
	reset_record(&x);
	xmlTextReaderPtr rd = r.reader;
	int ret;
	while ((ret = xmlTextReaderRead(rd)) == 1) {
		if (r.failed)
			break;
		int type = xmlTextReaderNodeType(rd);
		xmlNode *node = xmlTextReaderCurrentNode(rd);
		long text_line = 0;
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			diag_set(d, DIAG_EX_DATAERR, path, xmlTextReaderGetParserLineNumber(rd), 0,
				 "the file has a DOCTYPE declaration; trygg does not accept DTDs or "
				 "entities: remove the <!DOCTYPE ...> part");
			goto fail;
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY:
			diag_set(d, DIAG_EX_DATAERR, path, xmlTextReaderGetParserLineNumber(rd), 0,
				 "entity reference '&%s;' is not accepted; write the text itself",
				 (const char *)xmlTextReaderConstLocalName(rd));
			goto fail;
		case XML_READER_TYPE_ELEMENT: {
			int depth = xmlTextReaderDepth(rd);
			const char *name = (const char *)xmlTextReaderConstLocalName(rd);
			int empty = xmlTextReaderIsEmptyElement(rd);
			if (!in_record) {
				if (!is_record_name(&rn, name) ||
				    !ns_ok(p, xmlTextReaderConstNamespaceUri(rd))) {
					tally_element(&skip, depth, name);
					break;
				}
				if (depth > 0 && depth < SKIP_DEPTHS)
					skip.record_depths |= (uint64_t)1 << depth;
				/* node->line stops at 65535; past it, the text before the tag
				 * ends where the tag starts. */
				rec_line = xmlsafe_line(node);
				if (rec_line >= 65535 && last_text_line > 65535)
					rec_line = last_text_line;
				if (take_attributes(&x, node, rec_line) < 0)
					goto fail;
				if (empty) {
					if (deliver(&x, rec_line, fn, ctx, &rows) < 0)
						goto stopped;
					reset_record(&x);
					break;
				}
				in_record = 1;
				rec_depth = depth;
				break;
			}
			if (depth != rec_depth + 1 || !ns_ok(p, xmlTextReaderConstNamespaceUri(rd)))
				break;
			for (size_t i = 0; i < x.n_wants; i++) {
				const struct want *w = &x.wants[i];
				if (w->attr || strcmp(w->name, name) != 0)
					continue;
				if (begin_value(&x, w->field, w->alt)) {
					x.cur = w->field;
					x.cur_len = 0;
					if (empty)
						end_value(&x);
				}
				break;
			}
			break;
		}
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (node && node->line == 65535 && node->psvi)
				text_line = (long)(intptr_t)node->psvi;
			if (in_record && x.cur >= 0) {
				const xmlChar *v = xmlTextReaderConstValue(rd);
				if (v && add_value(&x, v, rec_line) < 0)
					goto fail;
			}
			break;
		case XML_READER_TYPE_END_ELEMENT: {
			if (!in_record)
				break;
			int depth = xmlTextReaderDepth(rd);
			if (depth == rec_depth + 1) {
				end_value(&x);
			} else if (depth == rec_depth) {
				end_value(&x);
				in_record = 0;
				if (deliver(&x, rec_line, fn, ctx, &rows) < 0)
					goto stopped;
				reset_record(&x);
			}
			break;
		}
		default:
			break;
		}
		last_text_line = text_line;
	}
	if (ret < 0 || r.failed) {
		if (!r.failed)
			diag_set(d, DIAG_EX_DATAERR, path, xmlTextReaderGetParserLineNumber(rd), 0,
				 "malformed XML");
		goto fail;
	}
	rc = 0;
	if (info)
		tally_report(&skip, info);
	goto fail;
stopped:
	rc = -1; /* the caller asked to stop: d untouched */
fail:
	if (info) {
		snprintf(info->format, sizeof(info->format), "xml");
		const xmlChar *enc = xmlTextReaderConstEncoding(rd);
		snprintf(info->encoding, sizeof(info->encoding), "%s",
			 enc ? (const char *)enc : "utf-8");
		for (char *c = info->encoding; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		info->rows = rows;
	}
	xmlsafe_reader_close(&r);
	sbuf_free(&x.buf);
	free(x.wants);
	for (size_t i = 0; i < rn.n; i++)
		free(rn.names[i]);
	free(rn.names);
	free(skip.e);
	return rc;
}
