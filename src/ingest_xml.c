/* ingest_xml.c - XML exports to rows with libxml2's SAX2 push parser (xmlsafe.c sets it up):
 * memory stays flat however large the export, unlike a DOM, and it is 2.6 times as fast as
 * the streaming reader (LIBRARIES.md). One pass, whatever the number of record names. */
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
	int next_same; /* the next want of the same kind and name, -1 after the last */
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

/* What a name means to this parse, kept per string: SAX2 hands over element names and
 * namespace URIs interned in the parser's dictionary, one pointer per distinct string for
 * the whole parse, so a pointer compare replaces the string compares against every name of
 * the profile. Only strings the dictionary owns are kept (xmlDictOwns). */
#define NAME_CACHE 64
struct name_cache {
	const xmlChar *key[NAME_CACHE];
	int val[NAME_CACHE];
};

/* The dictionary packs its strings byte after byte: the low bits tell neighbours apart (a
 * shift by 3 gave "ort" and "typ" one slot). */
static size_t cache_slot(const xmlChar *key)
{
	uintptr_t h = (uintptr_t)key;
	return (size_t)(h ^ (h >> 6)) & (NAME_CACHE - 1);
}

/* The state of one file's parse; the SAX callbacks reach it through xmlsafe_sax.user. */
struct xmlin {
	const char *path;
	const struct profile *p;
	struct diag *d;
	struct want *wants;
	size_t n_wants;
	struct record_names rn;
	struct skip_tally skip;
	ingest_row_fn fn;
	void *ctx;
	long rows;
	int stopped;     /* fn asked to stop: no error */
	int depth;       /* of the element open now; the root is 0, -1 outside it */
	int in_record, rec_depth;
	int child_depth; /* rec_depth + 1 in a record, else NO_DEPTH: where the fields are */
	long rec_line;
	struct sbuf buf; /* values of the record in progress, NUL-separated */
	size_t off[PF__N];
	int alt[PF__N]; /* alternative that filled the field, -1 when empty */
	size_t len[PF__N]; /* bytes of the value at off[f] */
	int set[PF__N];    /* the fields with alt[f] >= 0, n_set of them */
	int n_set;
	struct ingest_row row; /* handed to fn; only the fields in set are non-NULL */
	int cur;        /* field whose element is open, -1 when none */
	size_t cur_len;
	struct name_cache names; /* local name → NAME_* bits */
	struct name_cache uris;  /* namespace URI → ns_ok() */
	struct name_cache attrs; /* attribute name → first want of it + 1, 0 for none */
	/* The namespace URI accepted last (a dictionary string, so stable for the parse): a
	 * file names its namespace once, and each record and field carries the same pointer.
	 * NULL when the profile names no namespace (NULL is then as good as any URI), else
	 * ns_never until a URI is accepted. */
	const xmlChar *ns_hit;
};

/* No element has this depth: depths are -1 and up. */
#define NO_DEPTH (-3)
static const xmlChar ns_never[1];

#define NAME_RECORD 1 /* one of the record names */
#define NAME_WANT 2   /* a child element the profile reads: want index in the bits above */

static int ns_ok(const struct profile *p, const xmlChar *ns)
{
	if (!p->ns_uri)
		return 1;
	return ns && strcmp((const char *)ns, p->ns_uri) == 0;
}

static int name_bits(const struct xmlin *x, const char *name)
{
	int v = is_record_name(&x->rn, name) ? NAME_RECORD : 0;
	for (size_t i = 0; i < x->n_wants; i++) {
		const struct want *w = &x->wants[i];
		if (!w->attr && strcmp(w->name, name) == 0)
			return v | NAME_WANT | (int)i << 2;
	}
	return v;
}

#define CACHE_PROBES 8

/* Finds key's entry: 1 with *val set, or 0. */
static int cache_get(const struct name_cache *c, const xmlChar *key, int *val)
{
	size_t k = cache_slot(key);
	for (int i = 0; i < CACHE_PROBES; i++, k = (k + 1) & (NAME_CACHE - 1)) {
		if (c->key[k] == key) {
			*val = c->val[k];
			return 1;
		}
		if (!c->key[k])
			return 0;
	}
	return 0;
}

static int cached(struct xmlsafe_sax *s, struct name_cache *c, const xmlChar *key, int val)
{
	size_t k = cache_slot(key);
	for (int i = 0; i < CACHE_PROBES; i++, k = (k + 1) & (NAME_CACHE - 1)) {
		if (c->key[k])
			continue;
		if (xmlDictOwns(s->ctxt->dict, key) == 1) {
			c->key[k] = key;
			c->val[k] = val;
		}
		break;
	}
	return val;
}

static int lookup_name_slow(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *local)
{
	int v;
	if (cache_get(&x->names, local, &v))
		return v;
	return cached(s, &x->names, local, name_bits(x, (const char *)local));
}

/* What local name means to the parse (NAME_* bits): from the name's own slot of the cache,
 * else through lookup_name_slow. */
static inline int lookup_name(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *local)
{
	size_t k = cache_slot(local);
	if (x->names.key[k] == local)
		return x->names.val[k];
	return lookup_name_slow(s, x, local);
}

/* The first want of the record's attribute local, or -1; the others follow next_same. */
static int lookup_attr(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *local)
{
	size_t k = cache_slot(local);
	if (x->attrs.key[k] == local)
		return x->attrs.val[k] - 1;
	int v;
	if (cache_get(&x->attrs, local, &v))
		return v - 1;
	int first = 0;
	for (size_t i = 0; i < x->n_wants && !first; i++)
		if (x->wants[i].attr && strcmp(x->wants[i].name, (const char *)local) == 0)
			first = (int)i + 1;
	return cached(s, &x->attrs, local, first) - 1;
}

static int uri_ok_slow(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *uri)
{
	if (!x->p->ns_uri)
		return 1;
	if (!uri)
		return 0;
	int v;
	if (!cache_get(&x->uris, uri, &v))
		v = cached(s, &x->uris, uri, ns_ok(x->p, uri));
	if (v && xmlDictOwns(s->ctxt->dict, uri) == 1)
		x->ns_hit = uri;
	return v;
}

/* Whether uri is the profile's namespace (any, when it names none). */
static inline int uri_ok(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *uri)
{
	return uri == x->ns_hit || uri_ok_slow(s, x, uri);
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
	for (size_t i = 0; i < x->n_wants; i++) {
		struct want *w = &x->wants[i];
		w->next_same = -1;
		for (size_t j = i + 1; j < x->n_wants && w->next_same < 0; j++)
			if (x->wants[j].attr == w->attr && strcmp(x->wants[j].name, w->name) == 0)
				w->next_same = (int)j;
	}
}

static void reset_record(struct xmlin *x)
{
	x->buf.len = 0;
	for (int i = 0; i < x->n_set; i++) {
		int f = x->set[i];
		x->alt[f] = -1;
		x->row.field[f] = NULL;
		x->row.len[f] = 0;
	}
	x->n_set = 0;
	x->cur = -1;
}

static void buf_addc(struct xmlin *x, char ch)
{
	struct sbuf *b = &x->buf;
	if (b->len + 2 > b->cap)
		b->data = xgrow(b->data, &b->cap, b->len + 2, 1);
	b->data[b->len++] = ch;
}

/* Starts the value of field f from alternative alt; returns 0 if a better alternative
 * already filled it. */
static int begin_value(struct xmlin *x, int f, int alt)
{
	if (x->alt[f] >= 0 && x->alt[f] <= alt)
		return 0;
	if (x->alt[f] < 0)
		x->set[x->n_set++] = f;
	x->alt[f] = alt;
	x->off[f] = x->buf.len;
	return 1;
}

/* The rare paths of the SAX callbacks are kept out of line, so that their common paths need
 * no registers saved (see the callbacks below). */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

static OUT_OF_LINE int add_value_slow(struct xmlin *x, const xmlChar *s, size_t n)
{
	x->cur_len += n;
	if (x->cur_len > FIELD_MAX)
		return diag_set(x->d, DIAG_EX_DATAERR, x->path, x->rec_line, 0,
				"field longer than 1 MiB in the record at line %ld", x->rec_line);
	struct sbuf *b = &x->buf;
	if (b->len + n + 1 > b->cap)
		b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	return 0;
}

/* Appends n bytes to the value in progress: room for them and the NUL after them. */
static inline int add_value(struct xmlin *x, const xmlChar *s, size_t n)
{
	struct sbuf *b = &x->buf;
	size_t cur_len = x->cur_len + n, len = b->len;
	if (cur_len > FIELD_MAX || len + n + 1 > b->cap)
		return add_value_slow(x, s, n);
	x->cur_len = cur_len;
	memcpy(b->data + len, s, n);
	b->len = len + n;
	return 0;
}

/* The record element's attributes, as SAX2 gives them: (local name, prefix, URI, value,
 * end of value) for each; values have no entity references left (a DOCTYPE is refused). */
static int take_attributes(struct xmlsafe_sax *s, struct xmlin *x, int n_attrs,
			   const xmlChar **attrs)
{
	for (int k = 0; k < n_attrs; k++) {
		const xmlChar **a = attrs + 5 * k;
		if (a[2] && !uri_ok(s, x, a[2]))
			continue;
		for (int i = lookup_attr(s, x, a[0]); i >= 0; i = x->wants[i].next_same) {
			const struct want *w = &x->wants[i];
			if (!begin_value(x, w->field, w->alt))
				continue;
			x->cur_len = 0;
			if (add_value(x, a[3], (size_t)(a[4] - a[3])) < 0)
				return -1;
			buf_addc(x, '\0');
			x->len[w->field] = x->cur_len;
		}
	}
	return 0;
}

static void end_value(struct xmlin *x)
{
	if (x->cur >= 0) {
		buf_addc(x, '\0');
		x->len[x->cur] = x->cur_len;
	}
	x->cur = -1;
}

static int deliver(struct xmlin *x)
{
	struct ingest_row *row = &x->row;
	row->line = x->rec_line;
	for (int i = 0; i < x->n_set; i++) {
		int f = x->set[i];
		/* Trim in place: pretty-printed exports put newlines around values. */
		char *s = x->buf.data + x->off[f];
		size_t n = x->len[f];
		while (n && is_xml_space(s[n - 1]))
			s[--n] = '\0';
		while (n && is_xml_space(*s))
			s++, n--;
		row->field[f] = s;
		row->len[f] = n;
	}
	x->rows++;
	int rc = x->fn(x->ctx, row);
	reset_record(x);
	return rc;
}

/* A callback's way out: an error in d (failed), or fn asked to stop. Either way no field
 * and no record is open any more, so that the callbacks' common paths, which look only at
 * s->failed, find nothing to do: on_text no open field, on_end no depth of a record, and
 * on_start no field depth (start_outside looks at x->stopped). */
static void stop(struct xmlsafe_sax *s, struct xmlin *x, int failed)
{
	if (!failed)
		x->stopped = 1;
	x->cur = -1;
	x->in_record = 0;
	x->rec_depth = x->child_depth = NO_DEPTH;
	xmlsafe_sax_stop(s, failed);
}

/* The callbacks below run a few times per element and text piece: each keeps the common case
 * (a field of a record, its text, its end) in a path without calls, and leaves the rest to
 * functions that are kept out of line, so that the common case needs no registers saved. */

/* An element starts outside a record (depth is its depth): a record, or one to count. */
static OUT_OF_LINE void start_outside(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *local,
				      const xmlChar *uri, int depth, int n_attrs,
				      const xmlChar **attrs)
{
	if (x->stopped)
		return;
	if (!(lookup_name(s, x, local) & NAME_RECORD) || !uri_ok(s, x, uri)) {
		tally_element(&x->skip, depth, (const char *)local);
		return;
	}
	if (depth > 0 && depth < SKIP_DEPTHS)
		x->skip.record_depths |= (uint64_t)1 << depth;
	x->rec_line = xmlsafe_sax_line(s);
	if (take_attributes(s, x, n_attrs, attrs) < 0) {
		stop(s, x, 1);
		return;
	}
	x->in_record = 1;
	x->rec_depth = depth;
	x->child_depth = depth + 1;
}

/* Opens the field of want i for the text that follows, unless a better alternative filled
 * it. */
static inline void open_field(struct xmlin *x, int i)
{
	const struct want *w = &x->wants[i];
	if (begin_value(x, w->field, w->alt)) {
		x->cur = w->field;
		x->cur_len = 0;
	}
}

/* A child element of the record starts: a field when the profile reads its name. */
static OUT_OF_LINE void start_child(struct xmlsafe_sax *s, struct xmlin *x, const xmlChar *local,
				    const xmlChar *uri)
{
	int bits = lookup_name(s, x, local);
	if (!(bits & NAME_WANT) || !uri_ok(s, x, uri))
		return;
	open_field(x, bits >> 2);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
		     const xmlChar **attrs)
{
	(void)prefix;
	(void)n_ns;
	(void)ns;
	(void)n_defaulted; /* no DTD, so none */
	struct xmlsafe_sax *s = ctx;
	struct xmlin *x = s->user;
	if (s->failed)
		return; /* and x->stopped: see stop() */
	int depth = ++x->depth;
	if (depth != x->child_depth) {
		if (!x->in_record)
			start_outside(s, x, local, uri, depth, n_attrs, attrs);
		return;
	}
	/* start_child, with the name found in its own slot of the cache and the URI the one
	 * accepted last */
	size_t k = cache_slot(local);
	int bits = x->names.val[k];
	if (x->names.key[k] != local || ((bits & NAME_WANT) && uri != x->ns_hit)) {
		start_child(s, x, local, uri);
		return;
	}
	if (bits & NAME_WANT)
		open_field(x, bits >> 2);
}

/* The record element ends. */
static OUT_OF_LINE void end_record(struct xmlsafe_sax *s, struct xmlin *x)
{
	end_value(x);
	x->in_record = 0;
	x->rec_depth = x->child_depth = NO_DEPTH;
	if (deliver(x) < 0)
		stop(s, x, 0);
}

static OUT_OF_LINE void end_field_grow(struct xmlin *x)
{
	end_value(x);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)local;
	(void)prefix;
	(void)uri;
	struct xmlsafe_sax *s = ctx;
	struct xmlin *x = s->user;
	if (s->failed)
		return; /* and x->stopped: see stop() */
	int depth = x->depth--;
	/* outside a record neither depth is that of an element */
	if (depth == x->child_depth) {
		/* end_value, with room for the NUL */
		int f = x->cur;
		if (f < 0)
			return;
		struct sbuf *b = &x->buf;
		if (b->len + 2 > b->cap) {
			end_field_grow(x);
			return;
		}
		b->data[b->len++] = '\0';
		x->len[f] = x->cur_len;
		x->cur = -1;
	} else if (depth == x->rec_depth) {
		end_record(s, x);
	}
}

/* Text, CDATA and white space, in as many pieces as the parser likes. Only a field's open
 * element (cur >= 0, so in a record, and never after stop()) keeps it: the white space
 * between records and between fields ends at the first test. */
static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct xmlsafe_sax *s = ctx;
	struct xmlin *x = s->user;
	if (x->cur < 0 || s->failed || len <= 0)
		return;
	if (add_value(x, ch, (size_t)len) < 0)
		stop(s, x, 1);
}

int ingest_xml(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
	       struct ingest_info *info, struct diag *d)
{
	struct xmlin x = {.path = path, .p = p, .d = d, .fn = fn, .ctx = ctx, .depth = -1,
			  .rec_depth = NO_DEPTH, .child_depth = NO_DEPTH, .cur = -1,
			  .ns_hit = p->ns_uri ? ns_never : NULL};
	if (p->record_element)
		split_record_names(p->record_element, &x.rn);
	if (!x.rn.n)
		return diag_set(d, DIAG_EX_CONFIG, p->path, 0, 0,
				"the profile names no record element");
	if (info)
		info->n_skipped = 0, info->skipped_other = 0;
	build_wants(&x);
	for (int f = 0; f < PF__N; f++)
		x.alt[f] = -1;
	xmlSAXHandler h;
	memset(&h, 0, sizeof(h));
	h.startElementNs = on_start;
	h.endElementNs = on_end;
	h.characters = on_text;
	h.cdataBlock = on_text;
	struct xmlsafe_sax s;
	int rc = xmlsafe_sax_parse(&s, path, &h, &x, d);
	if (rc == 0 && info)
		tally_report(&x.skip, info);
	if (info) {
		snprintf(info->format, sizeof(info->format), "xml");
		snprintf(info->encoding, sizeof(info->encoding), "%s", s.encoding);
		info->rows = x.rows;
	}
	sbuf_free(&x.buf);
	free(x.wants);
	for (size_t i = 0; i < x.rn.n; i++)
		free(x.rn.names[i]);
	free(x.rn.names);
	free(x.skip.e);
	return rc;
}
