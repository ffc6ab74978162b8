/* diag.c - filling and printing diagnostics. */
#include "diag.h"

#include <stdarg.h>
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
		fputs(file, fp);
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

void diag_print(const struct diag *d, FILE *fp)
{
	print_where(fp, d->file, d->line, d->col);
	fprintf(fp, "error: %s\n", d->msg);
}

void diag_warn(FILE *fp, const char *file, long line, const char *fmt, ...)
{
	print_where(fp, file, line, 0);
	fputs("warning: ", fp);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}
