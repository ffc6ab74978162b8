/* ingest.h - one interface, two readers: ingest_csv.c (libcsv only there) and ingest_xml.c
 * (libxml2's streaming reader). A reader turns one export file into rows of UTF-8 strings,
 * one string per trygg field, as its profile maps them; normalize.c turns rows into records.
 *
 * Ownership: the strings of a row are borrowed for the duration of the callback only. */
#ifndef TRYGG_INGEST_H
#define TRYGG_INGEST_H

#include "diag.h"
#include "profile.h"

struct ingest_row {
	const char *field[PF__N]; /* NULL where the profile maps no column or the row lacks it */
	/* strlen(field[f]), 0 where field[f] is NULL: the readers know it, and normalize would
	 * otherwise measure every value again (a tenth of its time on a big ingest). */
	size_t len[PF__N];
	long line;                /* physical line where the record starts, 1-based */
	/* Non-NULL when the row is structurally broken (e.g. "row has 3 fields, the header
	 * has 8", "NUL byte in field 2"): normalize rejects it with this reason. */
	const char *error;
};

/* Return 0 to go on, -1 to stop reading (the reader then returns -1 with d untouched). */
typedef int (*ingest_row_fn)(void *ctx, const struct ingest_row *row);

/* An element at the record level of an XML export that names no record element of the
 * profile: not read, so counted, never skipped silently. */
#define INGEST_SKIPPED_MAX 16
struct ingest_skipped {
	char name[64]; /* local name, cut at 63 bytes */
	long count;
};

struct ingest_info {
	char format[8];    /* "csv" or "xml" */
	char encoding[24]; /* "utf-8", "utf-8-bom", "windows-1252" */
	long rows;         /* data rows delivered */
	/* XML: elements at the depth of the records (the root's children when no record was
	 * found) that are not records, per name; names past INGEST_SKIPPED_MAX are counted in
	 * skipped_other. */
	struct ingest_skipped skipped[INGEST_SKIPPED_MAX];
	size_t n_skipped;
	long skipped_other;
};

/* Reads path through profile p. Rows are delivered as they are parsed. A problem that makes
 * the rest of the file unreadable (a broken quote, malformed XML, an undecodable byte, a
 * missing header column, a field over the size limit) returns -1 with d naming file:line and
 * what to do; rows delivered before it must then be discarded by the caller, so that a file
 * is used whole or not at all. A missing file gives DIAG_EX_NOINPUT, any other failure
 * DIAG_EX_DATAERR. */
int ingest_file(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
		struct ingest_info *info, struct diag *d);
int ingest_csv(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
	       struct ingest_info *info, struct diag *d);
int ingest_xml(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
	       struct ingest_info *info, struct diag *d);

#endif
