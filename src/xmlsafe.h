/* xmlsafe.h - the one place libxml2 is set up: entity expansion, external entities, DTD
 * loading, network and gzip off, errors into struct diag (never stderr), depth and size
 * limits (LIBRARIES.md lists the verified set-up). Used by every module that reads XML:
 * config, profile, template (DOM) and ingest_xml (SAX2 push parser).
 *
 * Ownership: a document from xmlsafe_read_doc() is freed with xmlFreeDoc();
 * xmlsafe_sax_parse() frees all it allocates before it returns. */
#ifndef TRYGG_XMLSAFE_H
#define TRYGG_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/parser.h>

#include "diag.h"

/* Idempotent; called by the functions below. */
void xmlsafe_init(void);

/* Parses a small XML file (configuration, profile, template; at most 16 MiB) into a DOM.
 * Rejects gzip data, DOCTYPE declarations and entity references. Errors: DIAG_EX_NOINPUT if
 * the file cannot be opened, else `code` (DIAG_EX_CONFIG for configuration files), with
 * d->file and d->line set. */
int xmlsafe_read_doc(const char *path, int code, xmlDocPtr *out, struct diag *d);
/* What xmlsafe_read_doc does once the file is read: parses len bytes of buf (the whole
 * document; name is the file name for messages) with the same checks. The loaders'
 * *_load_mem() functions and the fuzz targets start here. */
int xmlsafe_read_doc_mem(const char *name, const char *buf, size_t len, int code,
			 xmlDocPtr *out, struct diag *d);
/* What "cannot open" says for one kind of file: "cannot open NOUN 'path': why — todo"
 * (why: strerror, or "a FIFO (named pipe), not a regular file" and the like). */
struct xmlsafe_open_msg {
	const char *noun;        /* "configuration", "profile"; NULL: "cannot open 'path'" */
	const char *todo;        /* what to do; NULL: no " — " part */
	const char *todo_enoent; /* instead of todo when there is no such file, or NULL */
	const char *todo_eacces; /* instead of todo when it may not be read, or NULL */
};
/* Reads a whole file of at most 16 MiB that xmlsafe_read_doc would parse (gzip refused) into
 * *buf (caller frees), *len bytes. The file is opened once, without blocking, and only a
 * regular file is read (util_open_regular): a FIFO, device or folder is refused with the
 * reason. Errors: DIAG_EX_NOINPUT when it cannot be opened (worded by m; NULL: "cannot open
 * 'path': why"), else `code`. */
int xmlsafe_read_file(const char *path, int code, const struct xmlsafe_open_msg *m, char **buf,
		      size_t *len, struct diag *d);

/* Validates doc against an XML Schema given as bytes (from the embedded schemas). The first
 * error goes into d with the file's line, as DIAG_EX_CONFIG. */
int xmlsafe_validate(xmlDocPtr doc, const unsigned char *xsd, size_t xsd_len, const char *file,
		     struct diag *d);

/* libxml2's SAX2 push parser over a file opened by us (never a *File function: they
 * gunzip), fed 64 KiB at a time: memory stays flat, and it reads an export 2.6 times as fast
 * as the streaming reader (LIBRARIES.md). Only the caller's startElementNs, endElementNs,
 * characters and cdataBlock are used; each gets the struct xmlsafe_sax as its ctx. A
 * DOCTYPE (before any declaration in it is read) or an entity reference stops the parse
 * with an error; a callback stops it with xmlsafe_sax_stop(). */
struct xmlsafe_sax {
	xmlParserCtxtPtr ctxt;
	const char *file;
	struct diag *d;    /* the first error lands here */
	void *user;        /* the caller's state */
	int failed;        /* d holds an error: callbacks should do nothing more */
	char encoding[24]; /* as the file declares it, lower case; "utf-8" when it does not */
};
/* Parses path whole. Returns 0 for a well-formed file read to its end, else -1: with
 * s->failed set and d filled (DIAG_EX_NOINPUT when the file cannot be opened, else
 * DIAG_EX_DATAERR), or without, when a callback stopped the parse with failed 0. */
int xmlsafe_sax_parse(struct xmlsafe_sax *s, const char *path, const xmlSAXHandler *h,
		      void *user, struct diag *d);
/* From a callback: no more callbacks; failed says that the callback put an error in s->d. */
void xmlsafe_sax_stop(struct xmlsafe_sax *s, int failed);
/* The parser's line, exact past 65 535; in startElementNs the line where the start tag ends
 * (the line libxml2 gives the element). */
long xmlsafe_sax_line(const struct xmlsafe_sax *s);

/* libxml2's schema messages say what is wrong but not what to do: the first hint whose
 * needle occurs in d->msg is appended to it as " — hint", else fallback (when not NULL).
 * Only to a DIAG_EX_CONFIG error (the file's, not the built-in schema's). */
struct xmlsafe_hint {
	const char *needle, *hint;
};
void xmlsafe_add_hint(struct diag *d, const struct xmlsafe_hint *hints, size_t n,
		      const char *fallback);

/* DOM helpers shared by the configuration, profile and template readers. */
int xmlsafe_is_element(const xmlNode *n, const char *name);
/* An attribute's value (no namespace) with surrounding white space trimmed, or NULL when
 * absent: the schema collapses white space only for its own checks and the DOM keeps the
 * raw text. Caller frees. */
char *xmlsafe_attr(const xmlNode *n, const char *name);
/* The element's text content, trimmed; "" when empty. Caller frees. */
char *xmlsafe_text(const xmlNode *n);

/* Element line number (XML_PARSE_BIG_LINES set). */
long xmlsafe_line(const xmlNode *n);

#endif
