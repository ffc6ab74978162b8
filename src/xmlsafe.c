/* xmlsafe.c - libxml2 set up once, safely: no entities, no DTD or network loading, no gunzip,
 * every error routed into struct diag instead of stderr (LIBRARIES.md, libxml2 section). */
#include "xmlsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#define XMLSAFE_DOC_MAX (16u * 1024 * 1024)

/* Only these options, ever. NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE, XINCLUDE and RECOVER stay
 * off. NOERROR/NOWARNING only silence the generic (stderr) channel; in 2.9.14 the structured
 * handler is consulted before it, so our handlers still see every error (tested). */
#define XMLSAFE_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Where errors of the parse in progress go. */
struct sink {
	struct diag *d;
	const char *file;
	int code;
	int *failed;
	xmlParserCtxtPtr parser; /* the document parser (xmlsafe_read_doc), else NULL */
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static void drop_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static void drop_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The handler is per thread in libxml2: every entry point installs it again for its thread,
 * and this default for threads created later keeps stray messages off stderr too. */
static void install_silence(void)
{
	xmlSetStructuredErrorFunc(NULL, drop_structured);
	xmlSetGenericErrorFunc(NULL, drop_generic);
	/* libxml2 keeps a copy of the thread's last error (message, file name: heap strings)
	 * until the next one; ours is in struct diag already. Freed here, a parse leaves the
	 * heap as it found it (libFuzzer re-ran every failing input under LeakSanitizer for
	 * that: 8 to 9 % of the XML-based targets' time). */
	xmlResetLastError();
}

/* The document parser's context, kept per thread for the next document (see take_ctxt). */
static pthread_key_t ctxt_key;

static void free_ctxt(void *ctxt)
{
	xmlFreeParserCtxt(ctxt);
}

static void do_init(void)
{
	xmlInitParser();
	if (pthread_key_create(&ctxt_key, free_ctxt) != 0)
		abort();
	xmlSetExternalEntityLoader(deny_loader);
	xmlThrDefSetStructuredErrorFunc(NULL, drop_structured);
	xmlThrDefSetGenericErrorFunc(NULL, drop_generic);
}

void xmlsafe_init(void)
{
	pthread_once(&init_once, do_init);
	install_silence();
}

/* Records the first error only: later ones are usually consequences of it. */
static void sink_error(void *ctx, xmlErrorPtr err)
{
	struct sink *s = ctx;
	if (!s || !err || err->level == XML_ERR_WARNING || err->level == XML_ERR_NONE)
		return;
	if (*s->failed)
		return;
	*s->failed = 1;
	char msg[sizeof(s->d->msg)];
	snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "malformed XML");
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* Some messages continue on a second line ("Bytes: 0xEE 0x5D"); keep one line. */
	for (char *c = msg; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	diag_set(s->d, s->code, s->file, err->line > 0 ? err->line : 0,
		 err->int2 > 0 ? err->int2 : 0, "%s", msg);
	/* Without RECOVER, libxml2 2.9.14's pull parser goes on through the rest of the file
	 * after a fatal error and formats every later error (a message, mallocs) that is
	 * dropped here: a broken file cost as much as a good one, and most of the template and
	 * configuration fuzzers' time went there. Its loops end at XML_PARSER_EOF; the input
	 * is left as it is. Not xmlStopParser(): it frees the input buffer under the parser
	 * that raised the error (a NULL dereference in xmlSwitchToEncoding, found by
	 * fuzz_config), and not the push parser: its message for a truncated file is "Extra
	 * content at the end of the document" instead of the unclosed tag's name. */
	if (s->parser) {
		s->parser->disableSAX = 1;
		s->parser->instate = XML_PARSER_EOF;
	}
}

/* Errors of the push parser reach its SAX handler's serror with the handler's ctx. */
static void sax_error(void *ctx, xmlErrorPtr err)
{
	struct xmlsafe_sax *s = ctx;
	struct sink k = {s->d, s->file, DIAG_EX_DATAERR, &s->failed, NULL};
	sink_error(&k, err);
}

/* The message's "— what to do" part. */
static void append_todo(struct diag *d, const char *todo)
{
	size_t len = strlen(d->msg);
	snprintf(d->msg + len, sizeof(d->msg) - len, " — %s", todo);
}

/* Line of the first "<!DOCTYPE" in the document's first 4 KiB (where a prolog is), else 0;
 * only used to point the coordinator at the line when we refuse a DTD. */
static long doctype_line(const char *buf, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	long line = 1;
	for (size_t i = 0; i + 9 <= n; i++) {
		if (buf[i] == '\n')
			line++;
		else if (buf[i] == '<' && memcmp(buf + i, "<!DOCTYPE", 9) == 0)
			return line;
	}
	return 0;
}

/* gzip data is refused by name (the parsers would not gunzip it, but a compressed file is a
 * user mistake worth naming). */
static int is_gzip(const unsigned char *magic, size_t n)
{
	return n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

static const char gzip_msg[] = "the file is gzip-compressed — decompress it (gunzip) first";

/* Opens path for reading and refuses gzip data. Returns the fd or -1 with d set. */
static int open_checked(const char *path, int code, struct diag *d)
{
	const char *why;
	int fd = util_open_regular(path, &why);
	if (fd < 0)
		return diag_set(d, DIAG_EX_NOINPUT, path, 0, 0, "cannot open '%s': %s", path, why);
	unsigned char magic[2];
	if (pread(fd, magic, 2, 0) == 2 && is_gzip(magic, 2)) {
		close(fd);
		return diag_set(d, code, path, 0, 0, gzip_msg);
	}
	return fd;
}

static int refuse_doctype(const char *buf, size_t len, const char *name, int code,
			  struct diag *d)
{
	return diag_set(d, code, name, doctype_line(buf, len), 0,
			"the file has a DOCTYPE declaration, and trygg does not accept DTDs or "
			"entities — remove the <!DOCTYPE ...> part");
}

static int refuse_size(const char *name, int code, struct diag *d)
{
	return diag_set(d, code, name, 0, 0,
			"the file is larger than 16 MiB — check that it is the right file");
}

/* Walks the tree without recursion (depth is capped by libxml2 anyway, but stay cheap). */
static const xmlNode *find_entity_ref(const xmlNode *n)
{
	while (n) {
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE ||
		    n->type == XML_ENTITY_DECL || n->type == XML_DTD_NODE)
			return n;
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
		if (n)
			n = n->next;
	}
	return NULL;
}

int xmlsafe_read_file(const char *path, int code, const struct xmlsafe_open_msg *m, char **buf,
		      size_t *len, struct diag *d)
{
	*buf = NULL;
	*len = 0;
	xmlsafe_init();
	/* One open: util_open_regular opens without blocking (a FIFO without a writer, a
	 * device) and accepts only a regular file; the same descriptor is then read. */
	const char *why;
	int fd = util_open_regular(path, &why);
	if (fd < 0) {
		int e = errno;
		const char *todo = m ? m->todo : NULL;
		if (m && e == ENOENT && m->todo_enoent)
			todo = m->todo_enoent;
		else if (m && e == EACCES && m->todo_eacces)
			todo = m->todo_eacces;
		return diag_set(d, DIAG_EX_NOINPUT, path, 0, 0, "cannot open %s%s'%s': %s%s%s",
				m && m->noun ? m->noun : "", m && m->noun ? " " : "", path, why,
				todo ? " — " : "", todo ? todo : "");
	}
	/* gzip is named before the size: a compressed file is the mistake worth naming */
	unsigned char magic[2];
	if (pread(fd, magic, 2, 0) == 2 && is_gzip(magic, 2)) {
		close(fd);
		return diag_set(d, code, path, 0, 0, gzip_msg);
	}
	struct stat st = {0};
	if (fstat(fd, &st) == 0 && (uintmax_t)st.st_size > XMLSAFE_DOC_MAX) {
		close(fd);
		return refuse_size(path, code, d);
	}
	/* the size as fstat saw it, plus one byte to notice a file that grew past the limit */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *b = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > XMLSAFE_DOC_MAX) {
				free(b);
				close(fd);
				return refuse_size(path, code, d);
			}
			cap = cap * 2 > XMLSAFE_DOC_MAX + 1 ? XMLSAFE_DOC_MAX + 1 : cap * 2;
			b = xrealloc(b, cap);
		}
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(b);
			close(fd);
			return diag_set(d, code, path, 0, 0, "cannot read '%s': %s", path,
					strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > XMLSAFE_DOC_MAX) {
		free(b);
		return refuse_size(path, code, d);
	}
	*buf = b;
	*len = n;
	return 0;
}

int xmlsafe_read_doc(const char *path, int code, xmlDocPtr *out, struct diag *d)
{
	char *buf;
	size_t len;
	*out = NULL;
	if (xmlsafe_read_file(path, code, NULL, &buf, &len, d) < 0)
		return -1;
	int rc = xmlsafe_read_doc_mem(path, buf, len, code, out, d);
	free(buf);
	return rc;
}

/* A parser context for one document: the thread's from the last document, else a new one.
 * Creating one (the context, its stacks, the input buffer and a dictionary) and freeing it
 * was a good part of a small document's cost, a few dozen allocations under AddressSanitizer
 * in the fuzz targets. xmlCtxtReadMemory() resets a context it is given (xmlCtxtReset: the
 * inputs, stacks, state, the error); the options are set again on every read, the same ones.
 * The dictionary of names stays: a document reuses the names the last ones added (they are
 * interned, so the tree is the same) and it is given up once it holds a megabyte, far from
 * libxml2's 10 MB limit for a dictionary. */
#define XMLSAFE_DICT_KEEP (1u << 20)

static xmlParserCtxtPtr take_ctxt(void)
{
	xmlParserCtxtPtr ctxt = pthread_getspecific(ctxt_key);
	if (ctxt) {
		pthread_setspecific(ctxt_key, NULL);
		/* upstream libxml2 2.9.14's xmlCtxtReset leaves the namespace stack of a parse
		 * that stopped before its end tags (fixed in 2.10.0, "Reset nsNr in
		 * xmlCtxtReset", and in Debian 12's 2.9.14): those bindings must not reach the
		 * next document */
		ctxt->nsNr = 0;
		return ctxt;
	}
	return xmlNewParserCtxt();
}

/* Back to the thread after a parse: reset now, so that the document's bytes and state are
 * not kept until the next one. */
static void give_ctxt(xmlParserCtxtPtr ctxt)
{
	if (!ctxt)
		return;
	xmlCtxtReset(ctxt);
	ctxt->nsNr = 0;
	if (!ctxt->dict || xmlDictGetUsage(ctxt->dict) > XMLSAFE_DICT_KEEP ||
	    pthread_getspecific(ctxt_key) || pthread_setspecific(ctxt_key, ctxt) != 0)
		xmlFreeParserCtxt(ctxt);
}

int xmlsafe_read_doc_mem(const char *name, const char *buf, size_t len, int code,
			 xmlDocPtr *out, struct diag *d)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	int failed = 0;
	struct sink s = {d, name, code, &failed, NULL};
	*out = NULL;
	xmlsafe_init();
	if (is_gzip((const unsigned char *)buf, len))
		return diag_set(d, code, name, 0, 0, gzip_msg);
	if (len > XMLSAFE_DOC_MAX)
		return refuse_size(name, code, d);
	ctxt = take_ctxt();
	if (!ctxt)
		return diag_set(d, DIAG_EX_SOFTWARE, name, 0, 0, "cannot create an XML parser");
	s.parser = ctxt;
	xmlSetStructuredErrorFunc(&s, sink_error);
	doc = xmlCtxtReadMemory(ctxt, len ? buf : "", (int)len, name, NULL, XMLSAFE_OPTIONS);
	install_silence();
	if (!doc || failed || !ctxt->wellFormed) {
		if (!failed)
			diag_set(d, code, name, 0, 0, "malformed XML");
		/* libxml2 says what is wrong; what to do is the same for every such error */
		if (d && d->code == code)
			append_todo(d, "the file is not well-formed XML: fix it at this place "
				       "(xmllint --noout on the file lists every error)");
		goto fail;
	}
	if (doc->intSubset || doc->extSubset) {
		refuse_doctype(buf, len, name, code, d);
		goto fail;
	}
	const xmlNode *bad = find_entity_ref(doc->children);
	if (bad) {
		if (bad->type == XML_DTD_NODE)
			refuse_doctype(buf, len, name, code, d);
		else
			diag_set(d, code, name, xmlsafe_line(bad->parent), 0,
				 "entity references are not accepted — write the text itself");
		goto fail;
	}
	give_ctxt(ctxt);
	*out = doc;
	return 0;
fail:
	install_silence();
	if (doc)
		xmlFreeDoc(doc);
	give_ctxt(ctxt);
	return -1;
}

/* The built-in schemas, compiled once per process: compiling one costs far more than
 * validating a file with it (each profile of a configuration, each fuzzer run). libxml2
 * lets one compiled schema serve any number of validation contexts. Kept until exit:
 * there are three, each a few kilobytes. */
static struct {
	const unsigned char *xsd;
	xmlSchemaPtr schema;
} compiled[8];
static pthread_mutex_t compiled_lock = PTHREAD_MUTEX_INITIALIZER;

static xmlSchemaPtr compile_schema(const unsigned char *xsd, size_t xsd_len, struct sink *sink,
				   struct diag *d)
{
	xmlSchemaPtr schema = NULL;
	size_t i = 0, n = sizeof(compiled) / sizeof(compiled[0]);
	pthread_mutex_lock(&compiled_lock);
	for (; i < n && compiled[i].xsd; i++)
		if (compiled[i].xsd == xsd) {
			schema = compiled[i].schema;
			goto out;
		}
	xmlSetStructuredErrorFunc(sink, sink_error);
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt((const char *)xsd, (int)xsd_len);
	if (!pctxt) {
		diag_set(d, DIAG_EX_SOFTWARE, "(built-in schema)", 0, 0, "cannot read the schema");
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, sink_error, sink);
	schema = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (!schema) {
		if (!*sink->failed)
			diag_set(d, DIAG_EX_SOFTWARE, "(built-in schema)", 0, 0,
				 "the built-in schema is invalid");
		goto out;
	}
	if (i < n) {
		compiled[i].xsd = xsd;
		compiled[i].schema = schema;
	}
out:
	pthread_mutex_unlock(&compiled_lock);
	return schema;
}

int xmlsafe_validate(xmlDocPtr doc, const unsigned char *xsd, size_t xsd_len, const char *file,
		     struct diag *d)
{
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	int failed = 0, cached = 1;
	struct sink schema_sink = {d, "(built-in schema)", DIAG_EX_SOFTWARE, &failed, NULL};
	struct sink doc_sink = {d, file, DIAG_EX_CONFIG, &failed, NULL};
	int rc = -1;
	xmlsafe_init();
	if (xsd_len > INT32_MAX) {
		diag_set(d, DIAG_EX_SOFTWARE, "(built-in schema)", 0, 0, "schema too large");
		goto fail;
	}
	if (!(schema = compile_schema(xsd, xsd_len, &schema_sink, d)))
		goto fail;
	cached = 0;
	for (size_t i = 0; i < sizeof(compiled) / sizeof(compiled[0]); i++)
		cached |= compiled[i].schema == schema;
	xmlSetStructuredErrorFunc(&doc_sink, sink_error);
	vctxt = xmlSchemaNewValidCtxt(schema);
	if (!vctxt) {
		diag_set(d, DIAG_EX_SOFTWARE, file, 0, 0, "cannot create a schema validator");
		goto fail;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, sink_error, &doc_sink);
	/* Returns 0, a positive error code, or -1 for an internal error: not a count. */
	int v = xmlSchemaValidateDoc(vctxt, doc);
	if (v != 0 || failed) {
		if (!failed)
			diag_set(d, DIAG_EX_CONFIG, file, 0, 0,
				 "the file does not match its schema (libxml2 code %d)", v);
		goto fail;
	}
	rc = 0;
fail:
	install_silence();
	if (vctxt)
		xmlSchemaFreeValidCtxt(vctxt);
	if (schema && !cached)
		xmlSchemaFree(schema);
	return rc;
}

long xmlsafe_sax_line(const struct xmlsafe_sax *s)
{
	return s->ctxt && s->ctxt->input ? s->ctxt->input->line : 0;
}

void xmlsafe_sax_stop(struct xmlsafe_sax *s, int failed)
{
	if (failed)
		s->failed = 1;
	xmlStopParser(s->ctxt);
}

/* The refusals: a DOCTYPE is refused as soon as it starts, so no declaration in it (entities
 * for billion laughs, external DTDs, parameter entities) is ever read. */
static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
	(void)name;
	(void)ext_id;
	(void)sys_id;
	struct xmlsafe_sax *s = ctx;
	if (!s->failed)
		diag_set(s->d, DIAG_EX_DATAERR, s->file, xmlsafe_sax_line(s), 0,
			 "the file has a DOCTYPE declaration, and trygg does not accept DTDs or "
			 "entities — remove the <!DOCTYPE ...> part");
	xmlsafe_sax_stop(s, 1);
}

static void sax_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
			    const xmlChar *system_id, xmlChar *content)
{
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	sax_doctype(ctx, name, NULL, NULL);
}

/* Without a DTD an undeclared entity is already a fatal error; this is the second lock. */
static void sax_reference(void *ctx, const xmlChar *name)
{
	struct xmlsafe_sax *s = ctx;
	if (!s->failed)
		diag_set(s->d, DIAG_EX_DATAERR, s->file, xmlsafe_sax_line(s), 0,
			 "entity reference '&%s;' is not accepted — write the text itself",
			 (const char *)name);
	xmlsafe_sax_stop(s, 1);
}

#define SAX_CHUNK (64 * 1024)

int xmlsafe_sax_parse(struct xmlsafe_sax *s, const char *path, const xmlSAXHandler *h,
		      void *user, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	s->file = path;
	s->d = d;
	s->user = user;
	snprintf(s->encoding, sizeof(s->encoding), "utf-8");
	xmlsafe_init();
	int fd = open_checked(path, DIAG_EX_DATAERR, d);
	if (fd < 0) {
		s->failed = 1;
		return -1;
	}
	int rc = -1;
	size_t chunk = util_read_chunk(fd, SAX_CHUNK);
	char *buf = xmalloc(chunk);
	ssize_t n = read(fd, buf, chunk);
	if (n <= 0) {
		s->failed = 1;
		if (n == 0)
			diag_set(d, DIAG_EX_DATAERR, path, 0, 0, "the file is empty");
		else
			diag_set(d, DIAG_EX_DATAERR, path, 0, 0, "cannot read '%s': %s", path,
				 strerror(errno));
		goto out;
	}
	/* Only these callbacks: no entity resolution (getEntity, resolveEntity), no external
	 * subset; with XML_SAX2_MAGIC errors go to serror with s, never to stderr. */
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = h->startElementNs;
	sax.endElementNs = h->endElementNs;
	sax.characters = h->characters;
	sax.ignorableWhitespace = h->characters;
	sax.cdataBlock = h->cdataBlock;
	sax.serror = sax_error;
	sax.internalSubset = sax_doctype;
	sax.entityDecl = sax_entity_decl;
	sax.reference = sax_reference;
	/* errors raised outside the parser context use the thread's handler: s until done */
	xmlSetStructuredErrorFunc(s, sax_error);
	/* the first 4 bytes tell the encoding (a BOM, UTF-16); the rest goes through ParseChunk */
	int first = n < 4 ? (int)n : 4;
	s->ctxt = xmlCreatePushParserCtxt(&sax, s, buf, first, path);
	if (!s->ctxt) {
		if (!s->failed)
			diag_set(d, DIAG_EX_SOFTWARE, path, 0, 0, "cannot create an XML parser");
		s->failed = 1;
		goto out;
	}
	xmlCtxtUseOptions(s->ctxt, XMLSAFE_OPTIONS);
	size_t off = (size_t)first;
	for (;;) {
		if ((size_t)n > off)
			xmlParseChunk(s->ctxt, buf + off, (int)((size_t)n - off), 0);
		if (s->failed || s->ctxt->instate == XML_PARSER_EOF)
			break;
		off = 0;
		n = read(fd, buf, chunk);
		if (n < 0) {
			diag_set(d, DIAG_EX_DATAERR, path, xmlsafe_sax_line(s), 0, "cannot read: %s",
				 strerror(errno));
			s->failed = 1;
			break;
		}
		if (n == 0) {
			xmlParseChunk(s->ctxt, NULL, 0, 1);
			break;
		}
	}
	xmlParserInputPtr in = s->ctxt->input;
	const xmlChar *enc = s->ctxt->encoding ? s->ctxt->encoding : in ? in->encoding : NULL;
	if (enc) {
		snprintf(s->encoding, sizeof(s->encoding), "%s", (const char *)enc);
		for (char *c = s->encoding; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
	if (s->failed)
		goto out;
	if (s->ctxt->instate == XML_PARSER_EOF && s->ctxt->errNo == XML_ERR_USER_STOP)
		goto out; /* a callback stopped it: no error */
	if (!s->ctxt->wellFormed) {
		diag_set(d, DIAG_EX_DATAERR, path, xmlsafe_sax_line(s), 0, "malformed XML");
		s->failed = 1;
		goto out;
	}
	rc = 0;
out:
	install_silence();
	if (s->ctxt)
		xmlFreeParserCtxt(s->ctxt);
	s->ctxt = NULL;
	free(buf);
	close(fd);
	return rc;
}

/* Start line of a text node that libxml2 created in one piece: it stores the line where the
 * text ends, so subtract the newlines inside. */
static long text_start_line(const xmlNode *t, long end_line)
{
	for (const xmlChar *c = t->content; c && *c; c++)
		if (*c == '\n')
			end_line--;
	return end_line;
}

long xmlsafe_line(const xmlNode *n)
{
	/* node->line saturates at 65535. With XML_PARSE_BIG_LINES only text nodes keep the full
	 * line (in psvi), so an element past that line is located through its first
	 * descendant text, which starts where the start tag ends. */
	for (int depth = 0; n && depth < 64; depth++) {
		if (n->line < 65535)
			return n->line;
		if (n->type == XML_TEXT_NODE)
			return n->psvi ? text_start_line(n, (long)(intptr_t)n->psvi) : 65535;
		if (n->type != XML_ELEMENT_NODE || !n->children)
			break;
		n = n->children;
	}
	return n ? 65535 : 0;
}

/* ---- DOM helpers ---- */

int xmlsafe_is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *dup_trim(const char *s)
{
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Copying a value costs an allocation, and under AddressSanitizer (the fuzz targets) that
 * is most of what reading a configuration costs once it is parsed: xmlGetNoNsProp() and
 * xmlNodeGetContent() copy the value and dup_trim() copies it again. The common case, a
 * value that is one text node, is trimmed straight from the tree; anything else goes
 * through libxml2 as before. */
static int one_text(const xmlNode *c)
{
	return c && !c->next && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE);
}

char *xmlsafe_attr(const xmlNode *n, const char *name)
{
	/* xmlGetNoNsProp's search: the first attribute in no namespace with that name (a
	 * defaulted one from a DTD cannot occur: a document with a DTD is refused) */
	const xmlAttr *a = n->type == XML_ELEMENT_NODE ? n->properties : NULL;
	while (a && (a->ns || !xmlStrEqual(a->name, (const xmlChar *)name)))
		a = a->next;
	if (a && !a->children)
		return xstrdup("");
	if (a && one_text(a->children))
		return a->children->content ? dup_trim((const char *)a->children->content) : NULL;
	if (!a && !(n->doc && n->doc->intSubset))
		return NULL;
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *r = dup_trim((const char *)v);
	xmlFree(v);
	return r;
}

char *xmlsafe_text(const xmlNode *n)
{
	if (n->type == XML_ELEMENT_NODE && (!n->children || one_text(n->children))) {
		const xmlChar *c = n->children ? n->children->content : NULL;
		return dup_trim(c ? (const char *)c : "");
	}
	xmlChar *v = xmlNodeGetContent(n);
	char *r = dup_trim(v ? (const char *)v : "");
	xmlFree(v);
	return r;
}

void xmlsafe_add_hint(struct diag *d, const struct xmlsafe_hint *hints, size_t n,
		      const char *fallback)
{
	if (!d || d->code != DIAG_EX_CONFIG)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strstr(d->msg, hints[i].needle)) {
			append_todo(d, hints[i].hint);
			return;
		}
	}
	if (fallback)
		append_todo(d, fallback);
}
