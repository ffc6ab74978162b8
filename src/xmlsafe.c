/* xmlsafe.c - libxml2 set up once, safely: no entities, no DTD or network loading, no gunzip,
 * every error routed into struct diag instead of stderr (LIBRARIES.md, libxml2 section). */
#include "xmlsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
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
}

static void do_init(void)
{
	xmlInitParser();
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
}

/* The reader wraps the parser context; its handler gets our struct directly. */
static void reader_error(void *ctx, xmlErrorPtr err)
{
	struct xmlsafe_reader *r = ctx;
	struct sink s = {r->d, r->file, DIAG_EX_DATAERR, &r->failed};
	sink_error(&s, err);
}

/* Line of the first "<!DOCTYPE" in the file's first 4 KiB (where a prolog is), else 0; only
 * used to point the coordinator at the line when we refuse a DTD. */
static long doctype_line(int fd)
{
	char buf[4096];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return 0;
	long line = 1;
	for (ssize_t i = 0; i + 9 <= n; i++) {
		if (buf[i] == '\n')
			line++;
		else if (buf[i] == '<' && memcmp(buf + i, "<!DOCTYPE", 9) == 0)
			return line;
	}
	return 0;
}

/* Opens path for reading and refuses gzip data (the Fd parsers would not gunzip it, but a
 * compressed export is a user mistake worth naming). Returns the fd or -1 with d set. */
static int open_checked(const char *path, int code, struct diag *d)
{
	const char *why;
	int fd = util_open_regular(path, &why);
	if (fd < 0)
		return diag_set(d, DIAG_EX_NOINPUT, path, 0, 0, "cannot open '%s': %s", path, why);
	unsigned char magic[2];
	if (pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		close(fd);
		return diag_set(d, code, path, 0, 0,
				"the file is gzip-compressed; decompress it (gunzip) first");
	}
	return fd;
}

static int refuse_doctype(int fd, const char *path, int code, struct diag *d)
{
	return diag_set(d, code, path, doctype_line(fd), 0,
			"the file has a DOCTYPE declaration; trygg does not accept DTDs or "
			"entities: remove the <!DOCTYPE ...> part");
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

int xmlsafe_read_doc(const char *path, int code, xmlDocPtr *out, struct diag *d)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	int failed = 0;
	struct sink s = {d, path, code, &failed};
	*out = NULL;
	xmlsafe_init();
	int fd = open_checked(path, code, d);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > XMLSAFE_DOC_MAX) {
		diag_set(d, code, path, 0, 0, "the file is larger than 16 MiB; is it the right file?");
		goto fail;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_set(d, DIAG_EX_SOFTWARE, path, 0, 0, "cannot create an XML parser");
		goto fail;
	}
	xmlSetStructuredErrorFunc(&s, sink_error);
	doc = xmlCtxtReadFd(ctxt, fd, path, NULL, XMLSAFE_OPTIONS);
	install_silence();
	if (!doc || failed || !ctxt->wellFormed) {
		if (!failed)
			diag_set(d, code, path, 0, 0, "malformed XML");
		goto fail;
	}
	if (doc->intSubset || doc->extSubset) {
		refuse_doctype(fd, path, code, d);
		goto fail;
	}
	const xmlNode *bad = find_entity_ref(doc->children);
	if (bad) {
		if (bad->type == XML_DTD_NODE)
			refuse_doctype(fd, path, code, d);
		else
			diag_set(d, code, path, xmlsafe_line(bad->parent), 0,
				 "entity references are not accepted; write the text itself");
		goto fail;
	}
	if (ctxt->input && (uintmax_t)ctxt->input->consumed > XMLSAFE_DOC_MAX) {
		diag_set(d, code, path, 0, 0, "the file is larger than 16 MiB; is it the right file?");
		goto fail;
	}
	xmlFreeParserCtxt(ctxt);
	close(fd);
	*out = doc;
	return 0;
fail:
	install_silence();
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	close(fd);
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
	struct sink schema_sink = {d, "(built-in schema)", DIAG_EX_SOFTWARE, &failed};
	struct sink doc_sink = {d, file, DIAG_EX_CONFIG, &failed};
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

int xmlsafe_reader_open(struct xmlsafe_reader *r, const char *path, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->file = path;
	r->d = d;
	xmlsafe_init();
	int fd = open_checked(path, DIAG_EX_DATAERR, d);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
		close(fd);
		return diag_set(d, DIAG_EX_DATAERR, path, 0, 0, "the file is empty");
	}
	/* Errors raised outside the parser context (I/O, encoding set-up) use the thread's
	 * structured handler; both point at r until close. */
	xmlSetStructuredErrorFunc(r, reader_error);
	r->reader = xmlReaderForFd(fd, path, NULL, XMLSAFE_OPTIONS);
	if (!r->reader) {
		install_silence();
		close(fd);
		if (!r->failed)
			diag_set(d, DIAG_EX_DATAERR, path, 0, 0, "cannot create an XML reader");
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(r->reader, reader_error, r);
	r->fd = fd;
	return 0;
}

void xmlsafe_reader_close(struct xmlsafe_reader *r)
{
	if (!r)
		return;
	if (r->reader)
		xmlFreeTextReader(r->reader);
	r->reader = NULL;
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	install_silence();
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

char *xmlsafe_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *r = dup_trim((const char *)v);
	xmlFree(v);
	return r;
}

char *xmlsafe_text(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *r = dup_trim(v ? (const char *)v : "");
	xmlFree(v);
	return r;
}

void xmlsafe_add_hint(struct diag *d, const struct xmlsafe_hint *hints, size_t n)
{
	if (!d)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strstr(d->msg, hints[i].needle)) {
			size_t len = strlen(d->msg);
			snprintf(d->msg + len, sizeof(d->msg) - len, " (%s)", hints[i].hint);
			return;
		}
	}
}
