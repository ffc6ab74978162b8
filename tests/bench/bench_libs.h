/* bench_libs.h - what the ingest benchmarks share: CPU time, the libraries alone on a file
 * (libcsv in strict mode, libxml2's xmlTextReader and its SAX2 push parser, callbacks that
 * only count), trygg's reader alone and trygg's whole load of one source. Static inline:
 * each bench_*.c is one program. */
#ifndef TRYGG_BENCH_LIBS_H
#define TRYGG_BENCH_LIBS_H

#include <csv.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "ingest.h"
#include "normalize.h"
#include "record.h"

static inline double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char bench_buf[64 * 1024];

static inline void cb_field(void *s, size_t len, void *data)
{
	(void)s, (void)len, (void)data;
}

static inline void cb_record(int c, void *data)
{
	(void)c;
	++*(long *)data;
}

/* libcsv alone: the options and read size ingest_csv uses, callbacks that do nothing. */
static inline long libcsv_alone(const char *path, char delim)
{
	struct csv_parser p;
	long records = 0;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_delim(&p, (unsigned char)delim);
	int fd = open(path, O_RDONLY);
	ssize_t r;
	while ((r = read(fd, bench_buf, sizeof(bench_buf))) > 0)
		if (csv_parse(&p, bench_buf, (size_t)r, cb_field, cb_record, &records) != (size_t)r)
			fprintf(stderr, "bench: libcsv: %s\n", csv_strerror(csv_error(&p)));
	csv_fini(&p, cb_field, cb_record, &records);
	csv_free(&p);
	close(fd);
	return records;
}

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* libxml2's reader alone: every node visited, nothing kept. */
static inline long reader_alone(const char *path)
{
	long records = 0;
	int fd = open(path, O_RDONLY);
	xmlTextReaderPtr r = xmlReaderForFd(fd, path, NULL, XML_OPTS);
	while (xmlTextReaderRead(r) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(r) == 1)
			records++;
	xmlFreeTextReader(r);
	close(fd);
	return records;
}

struct sax_count {
	int depth;
	long records;
};

static inline void sax_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		      int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs)
{
	(void)local, (void)prefix, (void)uri, (void)nns, (void)ns, (void)nattr, (void)ndef;
	(void)attrs;
	struct sax_count *c = ((xmlParserCtxtPtr)ctx)->_private;
	if (++c->depth == 2)
		c->records++;
}

static inline void sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)local, (void)prefix, (void)uri;
	struct sax_count *c = ((xmlParserCtxtPtr)ctx)->_private;
	c->depth--;
}

static inline void sax_chars(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx, (void)ch, (void)len;
}

/* libxml2's SAX2 push parser alone, the same safety options, callbacks that only count. */
static inline long sax_alone(const char *path)
{
	xmlSAXHandler h;
	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = sax_start;
	h.endElementNs = sax_end;
	h.characters = sax_chars;
	struct sax_count c = {0, 0};
	int fd = open(path, O_RDONLY);
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, path);
	xmlCtxtUseOptions(ctxt, XML_OPTS);
	ctxt->_private = &c;
	ssize_t r;
	while ((r = read(fd, bench_buf, sizeof(bench_buf))) > 0)
		xmlParseChunk(ctxt, (const char *)bench_buf, (int)r, 0);
	xmlParseChunk(ctxt, NULL, 0, 1);
	if (!ctxt->wellFormed)
		fprintf(stderr, "bench: %s: not well-formed\n", path);
	xmlFreeParserCtxt(ctxt);
	close(fd);
	return c.records;
}

static inline int count_row(void *ctx, const struct ingest_row *row)
{
	(void)row;
	++*(long *)ctx;
	return 0;
}

static inline long trygg_reader(const struct config *cfg, size_t src, const char *path)
{
	long rows = 0;
	struct ingest_info info;
	struct diag d = {0};
	if (ingest_file(path, cfg->sources[src].profile, count_row, &rows, &info, &d) < 0)
		fprintf(stderr, "bench: %s\n", d.msg);
	return rows;
}

/* The whole load of one source on one thread: the configuration cut down to that source. */
static inline long trygg_load(const struct config *cfg, size_t src)
{
	struct config one = *cfg;
	one.sources = &cfg->sources[src];
	one.n_sources = 1;
	struct rec_store *s = rec_store_new();
	struct diag d = {0};
	norm_load_sources(&one, s, &d);
	long n = (long)s->n_incidents;
	rec_store_free(s);
	return n;
}

#endif
