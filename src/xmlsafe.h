/* xmlsafe.h - the one place libxml2 is set up: entity expansion, external entities, DTD
 * loading, network and gzip off, errors into struct diag (never stderr), depth and size
 * limits (LIBRARIES.md lists the verified set-up). Used by every module that reads XML:
 * config, profile, template (DOM) and ingest_xml (streaming reader).
 *
 * Ownership: a document from xmlsafe_read_doc() is freed with xmlFreeDoc(); a reader from
 * xmlsafe_reader_open() with xmlsafe_reader_close(). */
#ifndef TRYGG_XMLSAFE_H
#define TRYGG_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "diag.h"

/* Idempotent; called by the functions below. */
void xmlsafe_init(void);

/* Parses a small XML file (configuration, profile, template; at most 16 MiB) into a DOM.
 * Rejects gzip data, DOCTYPE declarations and entity references. Errors: DIAG_EX_NOINPUT if
 * the file cannot be opened, else `code` (DIAG_EX_CONFIG for configuration files), with
 * d->file and d->line set. */
int xmlsafe_read_doc(const char *path, int code, xmlDocPtr *out, struct diag *d);

/* Validates doc against an XML Schema given as bytes (from the embedded schemas). The first
 * error goes into d with the file's line, as DIAG_EX_CONFIG. */
int xmlsafe_validate(xmlDocPtr doc, const unsigned char *xsd, size_t xsd_len, const char *file,
		     struct diag *d);

/* Streaming reader over a file opened by us (never xmlReaderForFile: it gunzips). */
struct xmlsafe_reader {
	xmlTextReaderPtr reader;
	int fd;
	const char *file;
	struct diag *d; /* first error lands here */
	int failed;
};
int xmlsafe_reader_open(struct xmlsafe_reader *r, const char *path, struct diag *d);
void xmlsafe_reader_close(struct xmlsafe_reader *r);

/* libxml2's schema messages say what is wrong but not what to do: the first hint whose
 * needle occurs in d->msg is appended to it in parentheses. */
struct xmlsafe_hint {
	const char *needle, *hint;
};
void xmlsafe_add_hint(struct diag *d, const struct xmlsafe_hint *hints, size_t n);

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
