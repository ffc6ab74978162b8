/* ingest.c - picks the reader for a source profile's format. */
#include "ingest.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int ingest_file(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
		struct ingest_info *info, struct diag *d)
{
	/* Checked here so that both readers give the same message for a missing file. */
	if (access(path, R_OK) != 0)
		return diag_set(d, DIAG_EX_NOINPUT, path, 0, 0, "cannot open '%s': %s", path,
				strerror(errno));
	if (p->format == PROF_XML)
		return ingest_xml(path, p, fn, ctx, info, d);
	return ingest_csv(path, p, fn, ctx, info, d);
}
