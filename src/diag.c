/* diag.c - filling and printing diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int diag_set(struct diag *d, int code, const char *file, long line, int col, const char *fmt, ...)
{
	if (!d)
		return -1;
	d->code = code;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	d->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void print_where(FILE *fp, const char *file, long line, int col)
{
	if (file && file[0]) {
		char *f = util_escape_ctl(file);
		fputs(f, fp);
		free(f);
		if (line > 0) {
			fprintf(fp, ":%ld", line);
			if (col > 0)
				fprintf(fp, ":%d", col);
		}
		fputs(": ", fp);
	} else {
		fputs("trygg: ", fp);
	}
}

/* Messages quote values from exports and arguments: control characters are escaped so that
 * none can forge a line or drive the terminal. */
void diag_print(const struct diag *d, FILE *fp)
{
	print_where(fp, d->file, d->line, d->col);
	char *m = util_escape_ctl(d->msg);
	fprintf(fp, "error: %s\n", m);
	free(m);
}

void diag_warn(FILE *fp, const char *file, long line, const char *fmt, ...)
{
	print_where(fp, file, line, 0);
	fputs("warning: ", fp);
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char *m = util_escape_ctl(msg);
	fprintf(fp, "%s\n", m);
	free(m);
}
