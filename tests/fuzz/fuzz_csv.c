/* fuzz_csv.c - libFuzzer target for ingest_csv: the first byte picks delimiter, encoding and
 * skip-lines, the rest is the file. Build: clang -fsanitize=fuzzer,address,undefined -Isrc
 * $(pkg-config --cflags libxml-2.0) tests/fuzz/fuzz_csv.c src/ingest*.c src/xmlsafe.c
 * src/util.c src/diag.c -lxml2 -lcsv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* profile.c need not be linked into the fuzzer (it pulls in the configuration module); weak,
 * so that linking the whole library also works. */
__attribute__((weak)) const char *const prof_field_names[PF__N] = {
	"date", "time", "locality", "site",  "category", "department", "count",
	"cost", "text", "name",     "start", "end",      "hours",      "people",
};

static char path[64];

static void remove_tmp(void)
{
	unlink(path);
}

static int touch(void *ctx, const struct ingest_row *row)
{
	size_t *sum = ctx;
	for (int f = 0; f < PF__N; f++) {
		size_t n = row->field[f] ? strlen(row->field[f]) : 0;
		if (row->len[f] != n)
			abort(); /* normalize relies on the readers' lengths */
		*sum += n;
	}
	if (row->error)
		*sum += strlen(row->error);
	if (row->line <= 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *names_a[] = {"a", "Datum"};
	static char *names_b[] = {"b"};
	static char *names_c[] = {"c", "Ort"};
	if (size < 1)
		return 0;
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/trygg-fuzz-csv-%d", (int)getpid());
		atexit(remove_tmp);
	}
	FILE *fp = fopen(path, "wb");
	if (!fp)
		abort();
	fwrite(data + 1, 1, size - 1, fp);
	fclose(fp);

	static const char delims[] = {0, ';', ',', '\t'};
	struct profile p;
	memset(&p, 0, sizeof(p));
	p.format = PROF_CSV;
	p.delimiter = delims[data[0] & 3];
	p.encoding = (enum prof_encoding)((data[0] >> 2) % 3);
	p.skip_lines = (data[0] >> 4) & 3;
	p.col[PF_DATE] = (struct prof_column){.used = 1, .names = names_a, .n_names = 2};
	p.col[PF_TEXT] = (struct prof_column){.used = 1, .names = names_b, .n_names = 1};
	if (data[0] & 0x40)
		p.col[PF_SITE] = (struct prof_column){.used = 1, .names = names_c, .n_names = 2};
	struct diag d;
	struct ingest_info info;
	size_t sum = 0;
	if (ingest_file(path, &p, touch, &sum, &info, &d) < 0 && !d.msg[0])
		abort(); /* every failure explains itself */
	return 0;
}
