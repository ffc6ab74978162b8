/* diag.h - error and warning values carrying file:line:column, printed for a coordinator.
 *
 * A function that can fail takes a struct diag * from its caller, fills it and returns -1.
 * The struct owns no heap memory. */
#ifndef TRYGG_DIAG_H
#define TRYGG_DIAG_H

#include <stdio.h>

#include "util.h"

/* Exit codes, sysexits.h values (SPEC.md §6). */
enum {
	DIAG_OK = 0,
	DIAG_EX_FAIL = 1,
	DIAG_EX_USAGE = 64,
	DIAG_EX_DATAERR = 65,
	DIAG_EX_NOINPUT = 66,
	DIAG_EX_SOFTWARE = 70,
	DIAG_EX_CANTCREAT = 73,
	DIAG_EX_CONFIG = 78,
};

struct diag {
	int code;       /* exit code the error maps to */
	char file[512]; /* empty when not tied to a file */
	long line;      /* 0 when unknown */
	int col;        /* 0 when unknown */
	char msg[1024];
};

/* Fills d (if not NULL); returns -1 so callers can write `return diag_set(...)`. */
int diag_set(struct diag *d, int code, const char *file, long line, int col, const char *fmt, ...)
	UTIL_PRINTF(6, 7);
/* Prints "file:line:col: error: msg" (parts that are unknown are left out) and a newline. */
void diag_print(const struct diag *d, FILE *fp);
/* Same shape for a warning that is not stored. */
void diag_warn(FILE *fp, const char *file, long line, const char *fmt, ...) UTIL_PRINTF(4, 5);

#endif
