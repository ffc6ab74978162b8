/* fuzz_csv.c - libFuzzer target for ingest_csv: the first byte picks delimiter, encoding and
 * skip-lines, the rest is the file. Built and run by `make fuzz`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *names_a[] = {"a", "Datum"};
	static char *names_b[] = {"b"};
	static char *names_c[] = {"c", "Ort"};
	if (size < 1)
		return 0;
	const char *path = fuzz_tmp("csv");
	fuzz_write(path, data + 1, size - 1);

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
	if (ingest_file(path, &p, fuzz_touch_row, &sum, &info, &d) < 0 && !d.msg[0])
		abort(); /* every failure explains itself */
	return 0;
}
