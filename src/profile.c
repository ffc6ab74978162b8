/* profile.c - source profiles: one XML file per export format, checked against the built-in
 * profile.xsd, turned into the column mapping that the readers and normalize use. */
#include "profile.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "schema.h"
#include "util.h"
#include "xmlsafe.h"

/* Same order as enum prof_field, same names as the schema's field-name enumeration. */
const char *const prof_field_names[PF__N] = {
	"date", "time", "locality", "site",  "category", "department", "count",
	"cost", "text", "name",     "start", "end",      "hours",      "people", "month",
	"area", "crime-type", "rate",
};

/* The fields without which a record of each kind cannot be built; department for measures is
 * checked by config.c, because a <source department="…"> can supply it instead. */
static const enum prof_field need_incidents[] = {PF_DATE, PF_CATEGORY, PF_LOCALITY};
static const enum prof_field need_measures[] = {PF_NAME, PF_START};
static const enum prof_field need_official[] = {PF_DATE, PF_AREA, PF_CRIME_TYPE, PF_COUNT};





static int attr_is(const xmlNode *n, const char *name, const char *value)
{
	char *v = xmlsafe_attr(n, name);
	int r = v && strcmp(v, value) == 0;
	free(v);
	return r;
}

static int attr_bool(const xmlNode *n, const char *name)
{
	return attr_is(n, name, "true") || attr_is(n, name, "1");
}

/* "cannot open profile 'path': why — what to do". */
static const struct xmlsafe_open_msg open_msg = {
	"profile",
	"fix the profile attribute of its <source> in the configuration",
	NULL,
	NULL,
};

/* libxml2's schema messages say what is wrong but not what to do. */
static const struct xmlsafe_hint schema_hints[] = {
	{"'field-name'", "each field may appear once; list alternative headers as more "
			 "<column> elements inside the same <field>"},
	{"attribute 'delimiter'", "write one character such as ; or , or &#9; for tab, or auto"},
	{"attribute 'record'", "name the element that holds one record, without prefix"},
};

static int field_index(const char *name)
{
	for (int i = 0; i < PF__N; i++)
		if (strcmp(prof_field_names[i], name) == 0)
			return i;
	return -1;
}

/* XML columns name a child element (optionally a short path "a/b") or an attribute "@x" of
 * the record; anything else would silently never match, so it is refused here. */
static int xml_column_ok(const char *c)
{
	const char *step = c;
	for (;;) {
		const char *slash = strchr(step, '/');
		size_t n = slash ? (size_t)(slash - step) : strlen(step);
		int at = n > 0 && step[0] == '@';
		if (at && slash)
			return 0; /* an attribute can only be the last step */
		char *name = xstrndup(step + at, n - (size_t)at);
		int ok = name[0] && xmlValidateNCName((const xmlChar *)name, 0) == 0;
		free(name);
		if (!ok)
			return 0;
		if (!slash)
			return 1;
		step = slash + 1;
	}
}

static int read_field(struct profile *p, const xmlNode *fn, struct diag *d)
{
	char *name = xmlsafe_attr(fn, "name");
	int f = name ? field_index(name) : -1;
	if (f < 0) {
		/* The schema's enumeration should have caught this; keep the message useful anyway. */
		diag_set(d, DIAG_EX_CONFIG, p->path, xmlsafe_line(fn), 0,
			 "unknown field name '%s' — use one of date, time, locality, site, category, "
			 "department, count, cost, text, name, start, end, hours, people",
			 name ? name : "");
		free(name);
		return -1;
	}
	free(name);
	struct prof_column *col = &p->col[f];
	if (col->used)
		return diag_set(d, DIAG_EX_CONFIG, p->path, xmlsafe_line(fn), 0,
				"field '%s' is mapped twice — merge the two <field> elements",
				prof_field_names[f]);
	col->used = 1;
	size_t cap_names = 0, cap_map = 0;
	for (const xmlNode *c = fn->children; c; c = c->next) {
		if (xmlsafe_is_element(c, "column")) {
			char *v = xmlsafe_text(c);
			col->names = xgrow(col->names, &cap_names, col->n_names, sizeof(*col->names));
			col->names[col->n_names++] = v;
			if (p->format == PROF_XML && !xml_column_ok(v))
				return diag_set(d, DIAG_EX_CONFIG, p->path, xmlsafe_line(c), 0,
						"column '%s' is not an XML name: write a child element of "
						"the record (e.g. ort) or an attribute (e.g. @datum)",
						v);
		} else if (xmlsafe_is_element(c, "map")) {
			char *from = xmlsafe_attr(c, "from");
			char *folded = util_fold(from ? from : "");
			int empty = !from || !from[0]; /* xmlsafe_attr trims: from="" or blanks */
			free(from);
			col->map = xgrow(col->map, &cap_map, col->n_map, sizeof(*col->map));
			struct prof_map_entry *m = &col->map[col->n_map++];
			m->from = folded;
			m->to = xmlsafe_attr(c, "to");
			m->line = xmlsafe_line(c);
			if (!m->to)
				m->to = xstrdup("");
			if (!folded[0] && !empty)
				return diag_set(d, DIAG_EX_CONFIG, p->path, xmlsafe_line(c), 0,
						"map from='…' has no letters or digits, so it would match "
						"only empty values — write from=\"\" to map an empty value, "
						"or give a real value");
			for (size_t i = 0; i + 1 < col->n_map; i++)
				if (strcmp(col->map[i].from, folded) == 0 &&
				    strcmp(col->map[i].to, m->to) != 0)
					return diag_set(d, DIAG_EX_CONFIG, p->path, xmlsafe_line(c), 0,
							"map from '%s' is ambiguous: an earlier map of "
							"field '%s' matches the same value (case, accents "
							"and separators are ignored) but maps it to '%s' — "
							"remove one of them",
							folded, prof_field_names[f], col->map[i].to);
		}
	}
	return 0;
}

static int check_required(const struct profile *p, long line, struct diag *d)
{
	const enum prof_field *need = p->kind == CFG_INCIDENTS ? need_incidents : need_measures;
	size_t n = p->kind == CFG_INCIDENTS ? sizeof(need_incidents) / sizeof(need_incidents[0])
					    : sizeof(need_measures) / sizeof(need_measures[0]);
	if (p->kind == CFG_OFFICIAL) {
		need = need_official;
		n = sizeof(need_official) / sizeof(need_official[0]);
	}
	struct sbuf missing = {0};
	for (size_t i = 0; i < n; i++) {
		if (p->col[need[i]].used)
			continue;
		sbuf_printf(&missing, "%s%s", missing.len ? ", " : "", prof_field_names[need[i]]);
	}
	if (!missing.len)
		return 0;
	diag_set(d, DIAG_EX_CONFIG, p->path, line, 0,
		 "a profile for %s must map the field(s) %s — add <field name=\"…\"><column>header or "
		 "element name</column></field> for each",
		 p->kind == CFG_INCIDENTS ? "incidents" : p->kind == CFG_MEASURES ? "measures" : "official statistics",
		 sbuf_str(&missing));
	sbuf_free(&missing);
	return -1;
}

static int load_doc(const char *path, xmlDocPtr doc, struct profile **out, struct diag *d);

/* Profiles loaded before, by path and content. A configuration names a profile for every
 * source, several sources often share one, and the configuration fuzzer loads the same
 * sample profiles for every input that passes the schema: parsing and validating a
 * profile is a few hundred allocations, a copy a few dozen. The file is read every time and
 * a copy is given only when its bytes equal those that were loaded from that path, so the
 * result is what loading them again gives (a profile depends on nothing else); only
 * profiles that loaded are kept, so every error is found and worded as before. Small files
 * only, a few entries, kept until exit. */
#define CACHE_N 8
#define CACHE_MAX_BYTES (64u * 1024)
static struct {
	char *path, *bytes;
	size_t len;
	struct profile *p;
} cache[CACHE_N];
static size_t cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static char **dup_strv(char *const *v, size_t n)
{
	char **r = xcalloc(n + 1, sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i] = xstrdup(v[i]);
	return r;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct profile *profile_dup(const struct profile *src)
{
	struct profile *p = xmalloc(sizeof(*p));
	*p = *src;
	p->path = dup_or_null(src->path);
	p->name = dup_or_null(src->name);
	p->record_element = dup_or_null(src->record_element);
	p->ns_uri = dup_or_null(src->ns_uri);
	for (int f = 0; f < PF__N; f++) {
		struct prof_column *c = &p->col[f];
		const struct prof_column *o = &src->col[f];
		c->names = o->names ? dup_strv(o->names, o->n_names) : NULL;
		c->map = NULL;
		if (o->map) {
			c->map = xcalloc(o->n_map + 1, sizeof(*c->map));
			for (size_t i = 0; i < o->n_map; i++)
				c->map[i] = (struct prof_map_entry){xstrdup(o->map[i].from),
								    xstrdup(o->map[i].to),
								    o->map[i].line};
		}
	}
	return p;
}

static struct profile *cache_find(const char *path, const char *buf, size_t len)
{
	struct profile *p = NULL;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_N && !p; i++)
		if (cache[i].p && cache[i].len == len && strcmp(cache[i].path, path) == 0 &&
		    memcmp(cache[i].bytes, buf, len) == 0)
			p = profile_dup(cache[i].p);
	pthread_mutex_unlock(&cache_lock);
	return p;
}

static void cache_add(const char *path, const char *buf, size_t len, const struct profile *p)
{
	if (len > CACHE_MAX_BYTES)
		return;
	pthread_mutex_lock(&cache_lock);
	size_t i = cache_next++ % CACHE_N;
	free(cache[i].path);
	free(cache[i].bytes);
	profile_free(cache[i].p);
	cache[i].path = xstrdup(path);
	cache[i].bytes = xmalloc(len ? len : 1);
	memcpy(cache[i].bytes, buf, len);
	cache[i].len = len;
	cache[i].p = profile_dup(p);
	pthread_mutex_unlock(&cache_lock);
}

int profile_load(const char *path, struct profile **out, struct diag *d)
{
	char *buf;
	size_t len;
	*out = NULL;
	if (xmlsafe_read_file(path, DIAG_EX_CONFIG, &open_msg, &buf, &len, d) < 0)
		return -1;
	if ((*out = cache_find(path, buf, len))) {
		free(buf);
		return 0;
	}
	int rc = profile_load_mem(path, buf, len, out, d);
	if (rc == 0)
		cache_add(path, buf, len, *out);
	free(buf);
	return rc;
}

int profile_load_mem(const char *path, const char *buf, size_t len, struct profile **out,
		     struct diag *d)
{
	xmlDocPtr doc = NULL;
	*out = NULL;
	if (xmlsafe_read_doc_mem(path, buf, len, DIAG_EX_CONFIG, &doc, d) < 0)
		return -1;
	return load_doc(path, doc, out, d);
}

/* Takes doc (freed here). */
static int load_doc(const char *path, xmlDocPtr doc, struct profile **out, struct diag *d)
{
	struct profile *p = NULL;
	if (xmlsafe_validate(doc, schema_profile, schema_profile_len, path, d) < 0) {
		xmlsafe_add_hint(d, schema_hints, sizeof(schema_hints) / sizeof(schema_hints[0]),
				 "compare it with samples/bjuv/profiles (README.md, \"Configuration "
				 "and profiles by example\")");
		goto fail;
	}

	const xmlNode *root = xmlDocGetRootElement(doc);
	long root_line = xmlsafe_line(root);
	p = xcalloc(1, sizeof(*p));
	p->path = xstrdup(path);
	p->name = xmlsafe_attr(root, "name");
	p->format = attr_is(root, "format", "xml") ? PROF_XML : PROF_CSV;
	p->kind = attr_is(root, "records", "measures") ? CFG_MEASURES : CFG_INCIDENTS;
	if (attr_is(root, "records", "official"))
		p->kind = CFG_OFFICIAL;
	p->encoding = PROF_ENC_AUTO;
	p->date_format = PROF_DATE_ISO;
	p->decimal = ',';

	const xmlNode *csv_el = NULL, *xml_el = NULL;
	for (const xmlNode *n = root->children; n; n = n->next) {
		if (xmlsafe_is_element(n, "csv")) {
			csv_el = n;
			/* Not trimmed: a tab or a space is a legitimate delimiter. "auto" (or
			 * absent) leaves 0: the reader detects it from the header line. */
			xmlChar *raw = xmlGetNoNsProp(n, (const xmlChar *)"delimiter");
			p->delimiter = raw && strcmp((const char *)raw, "auto") != 0 ? (char)raw[0] : 0;
			xmlFree(raw);
			if (attr_is(n, "encoding", "utf-8"))
				p->encoding = PROF_ENC_UTF8;
			else if (attr_is(n, "encoding", "windows-1252"))
				p->encoding = PROF_ENC_WIN1252;
			char *v = xmlsafe_attr(n, "skip-lines");
			p->skip_lines = v ? atoi(v) : 0;
			free(v);
		} else if (xmlsafe_is_element(n, "xml")) {
			xml_el = n;
			p->record_element = xmlsafe_attr(n, "record");
			p->ns_uri = xmlsafe_attr(n, "namespace");
			if (p->ns_uri && !p->ns_uri[0]) {
				free(p->ns_uri);
				p->ns_uri = NULL;
			}
		} else if (xmlsafe_is_element(n, "values")) {
			static const char *const dates[] = {"iso", "dmy", "mdy", "text", "excel", "year"};
			for (int i = 0; i < 6; i++)
				if (attr_is(n, "date", dates[i]))
					p->date_format = (enum prof_date)i;
			if (attr_is(n, "decimal", "."))
				p->decimal = '.';
			p->dot_thousands = attr_bool(n, "dot-thousands");
			p->cost_in_ore = attr_bool(n, "cost-in-ore");
		} else if (xmlsafe_is_element(n, "field")) {
			if (read_field(p, n, d) < 0)
				goto fail;
		}
	}

	if (p->format == PROF_XML && !xml_el) {
		diag_set(d, DIAG_EX_CONFIG, path, root_line, 0,
			 "format=\"xml\" needs <xml record=\"…\"/> naming the element that holds one "
			 "record (and namespace=\"…\" if the export uses one)");
		goto fail;
	}
	if (p->format == PROF_XML && csv_el) {
		diag_set(d, DIAG_EX_CONFIG, path, xmlsafe_line(csv_el), 0,
			 "<csv> settings in a profile with format=\"xml\" — remove them or set "
			 "format=\"csv\"");
		goto fail;
	}
	if (p->format == PROF_CSV && xml_el) {
		diag_set(d, DIAG_EX_CONFIG, path, xmlsafe_line(xml_el), 0,
			 "<xml> settings in a profile with format=\"csv\" — remove them or set "
			 "format=\"xml\"");
		goto fail;
	}
	if (check_required(p, root_line, d) < 0)
		goto fail;

	xmlFreeDoc(doc);
	*out = p;
	return 0;
fail:
	xmlFreeDoc(doc);
	profile_free(p);
	return -1;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (int f = 0; f < PF__N; f++) {
		struct prof_column *c = &p->col[f];
		for (size_t i = 0; i < c->n_names; i++)
			free(c->names[i]);
		free(c->names);
		for (size_t i = 0; i < c->n_map; i++) {
			free(c->map[i].from);
			free(c->map[i].to);
		}
		free(c->map);
	}
	free(p->path);
	free(p->name);
	free(p->record_element);
	free(p->ns_uri);
	free(p);
}

const char *profile_map_value(const struct profile *p, enum prof_field f, const char *v)
{
	if (!p || !v || (unsigned)f >= PF__N || p->col[f].n_map == 0)
		return v;
	const struct prof_column *c = &p->col[f];
	char *folded = util_fold(v);
	const char *r = v;
	for (size_t i = 0; i < c->n_map; i++) {
		if (strcmp(c->map[i].from, folded) == 0) {
			r = c->map[i].to;
			break;
		}
	}
	free(folded);
	return r;
}

const char *profile_map_empty(const struct profile *p, enum prof_field f)
{
	if (!p || (unsigned)f >= PF__N)
		return NULL;
	const struct prof_column *c = &p->col[f];
	for (size_t i = 0; i < c->n_map; i++)
		if (!c->map[i].from[0])
			return c->map[i].to;
	return NULL;
}
