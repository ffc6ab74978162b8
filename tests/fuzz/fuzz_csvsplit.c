/* fuzz_csvsplit.c - libFuzzer target: ingest_csv splits a line the way libcsv would.
 *
 * ingest_csv splits most lines itself (scan_line) and gives libcsv only the rest, so "the
 * reader's fields are libcsv's fields" is a promise of its own; test_split_like_libcsv in
 * tests/unit/test_ingest.c checks it on a handful of lines, this target on any input.
 *
 * Input: the first byte picks the delimiter (";,\t"[b % 3]) and the number of header columns
 * N = 1 + (b / 3) % 8; the rest is the data lines. The file read is a header line
 * "h0<d>h1<d>...<d>h(N-1)\n" followed by those bytes, through a profile with the delimiter
 * set, encoding utf-8, no skip-lines and header column hI mapped to profile field I (the
 * reader does not look into values; they only have to come back). The same bytes go,
 * independently, to libcsv's csv_parse one byte at a time with ingest_csv's options
 * (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), then csv_fini; its first record must be
 * the header. The target aborts when, for a row the reader delivers, the next libcsv record
 * differs in
 *   - the bytes of one of the first N fields (the mapped ones), or a field being absent;
 *   - the number of fields: a row without error has N fields, or N + 1 with an empty last
 *     one (the trailing delimiter the reader forgives); a "row has K fields" error says K;
 *   - the physical line its first non-blank byte is on (LF, CR and CRLF each end a line).
 * and, for the file as a whole, when the reader succeeds and libcsv has records left or
 * failed, or the reader fails on a quote and libcsv did not fail at the same record.
 *
 * What the reader does differently on purpose, and is mirrored here, as in the unit test:
 *   - a record whose fields are all empty (";;;", "\"\"") is no row: skipped on both sides;
 *   - a stray quote inside an unquoted field (24" tv) is taken leniently: at a strict parse
 *     error on '"' outside quotes the byte is parsed once without CSV_STRICT. Unlike the
 *     unit test, any other strict error (a character after a closing quote, a quote after
 *     its blanks) ends libcsv's side here, exactly as it fails the reader;
 *   - a row holding a NUL byte is rejected ("the row contains a NUL byte") and its values end
 *     at the first NUL: compared up to there, and the field count is not checked;
 *   - encoding: the profile says utf-8, so nothing is converted; an invalid UTF-8 byte makes
 *     the reader fail at its line, so its rows need only be a prefix of libcsv's records.
 *     Windows-1252 conversion is not covered here (test_ingest compares it with iconv).
 *   - fields past the N mapped ones are not delivered: only their number is compared.
 * The input stays under 4 KiB (fuzz_csvsplit.options), so the reader sees one read chunk;
 * chunk boundaries are test_chunks_and_limits' business. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_COLS 8

/* libcsv's records: every field's bytes in one buffer, NUL after each */
struct lib_rec {
	size_t first; /* index of its first field in fields */
	size_t n;     /* fields */
	long line;    /* physical line of its first non-blank byte */
};

struct lib_field {
	size_t off, len;
};

struct lib_side {
	char *buf;
	size_t len, cap;
	struct lib_field *fields;
	size_t n_fields, cap_fields;
	struct lib_rec *recs;
	size_t n_recs, cap_recs;
	size_t rec_first; /* first field of the record in progress */
	long rec_line;
	int failed; /* a strict error the reader does not forgive, or csv_fini failed */
};

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	p = realloc(p, c * size);
	if (!p)
		abort();
	*cap = c;
	return p;
}

static void lib_on_field(void *s, size_t len, void *data)
{
	struct lib_side *l = data;
	l->buf = grow(l->buf, &l->cap, l->len + len + 1, 1);
	if (len)
		memcpy(l->buf + l->len, s, len);
	l->buf[l->len + len] = '\0';
	l->fields = grow(l->fields, &l->cap_fields, l->n_fields + 1, sizeof(*l->fields));
	l->fields[l->n_fields++] = (struct lib_field){l->len, len};
	l->len += len + 1;
}

static void lib_on_record(int term, void *data)
{
	(void)term;
	struct lib_side *l = data;
	l->recs = grow(l->recs, &l->cap_recs, l->n_recs + 1, sizeof(*l->recs));
	l->recs[l->n_recs++] = (struct lib_rec){l->rec_first, l->n_fields - l->rec_first,
						 l->rec_line};
	l->rec_first = l->n_fields;
}

/* libcsv over the whole file, one byte at a time so that the line where each record starts
 * is known; the stray-quote retry is the one ingest_csv's feed() makes. */
static void lib_parse(struct lib_side *l, const unsigned char *s, size_t n, unsigned char delim)
{
	struct csv_parser ps;
	if (csv_init(&ps, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_delim(&ps, delim);
	long line = 1;
	for (size_t i = 0; i < n; i++) {
		int before = ps.pstate;
		if (csv_parse(&ps, s + i, 1, lib_on_field, lib_on_record, l) != 1) {
			if (csv_error(&ps) != CSV_EPARSE || s[i] != '"' || ps.quoted) {
				l->failed = 1;
				break;
			}
			csv_set_opts(&ps, CSV_STRICT_FINI | CSV_APPEND_NULL);
			if (csv_parse(&ps, s + i, 1, lib_on_field, lib_on_record, l) != 1)
				abort();
			csv_set_opts(&ps, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
			ps.status = CSV_SUCCESS;
		}
		/* a record begins with the byte that takes libcsv out of ROW_NOT_BEGUN (0) */
		if (before == 0 && ps.pstate != 0)
			l->rec_line = line;
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			line++;
	}
	if (!l->failed && csv_fini(&ps, lib_on_field, lib_on_record, l) != 0)
		l->failed = 1;
	csv_free(&ps);
}

struct cmp {
	struct lib_side *lib;
	size_t next; /* next libcsv record to compare */
	size_t n_cols;
	long rows;
};

static int all_empty(const struct lib_side *l, const struct lib_rec *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (l->fields[r->first + i].len)
			return 0;
	return 1;
}

static void mismatch(const struct cmp *c, const struct ingest_row *row, const struct lib_rec *r,
		     const char *what, size_t col)
{
	fprintf(stderr, "fuzz_csvsplit: row %ld (line %ld; libcsv: line %ld, %zu fields): %s",
		c->rows, row->line, r ? r->line : -1L, r ? r->n : (size_t)0, what);
	if (col != (size_t)-1)
		fprintf(stderr, " (column %zu)", col);
	fputc('\n', stderr);
	abort();
}

static int on_row(void *ctx, const struct ingest_row *row)
{
	struct cmp *c = ctx;
	const struct lib_side *l = c->lib;
	c->rows++;
	while (c->next < l->n_recs && all_empty(l, &l->recs[c->next]))
		c->next++;
	if (c->next >= l->n_recs)
		mismatch(c, row, NULL, "the reader delivers a row libcsv does not have", (size_t)-1);
	const struct lib_rec *r = &l->recs[c->next++];
	if (row->line != r->line)
		mismatch(c, row, r, "the row starts on another line", (size_t)-1);
	int nul = row->error && strcmp(row->error, "the row contains a NUL byte") == 0;
	for (size_t col = 0; col < c->n_cols; col++) {
		const char *got = row->field[col];
		if (col >= r->n) {
			if (got)
				mismatch(c, row, r, "the reader has a field libcsv does not", col);
			continue;
		}
		if (!got)
			mismatch(c, row, r, "the reader lacks a field libcsv has", col);
		const struct lib_field *f = &l->fields[r->first + col];
		size_t want = nul ? strlen(l->buf + f->off) : f->len;
		if (row->len[col] != want || strlen(got) != row->len[col] ||
		    memcmp(got, l->buf + f->off, want) != 0) {
			fprintf(stderr, "reader [%.*s] (%zu bytes), libcsv [%.*s] (%zu bytes)\n",
				(int)row->len[col], got, row->len[col], (int)want, l->buf + f->off,
				want);
			mismatch(c, row, r, "the field's bytes differ", col);
		}
	}
	if (nul)
		return 0;
	size_t k;
	if (!row->error) {
		int trailing = r->n == c->n_cols + 1 && l->fields[r->first + r->n - 1].len == 0;
		if (r->n != c->n_cols && !trailing)
			mismatch(c, row, r, "the reader takes a row libcsv splits into another count",
				 (size_t)-1);
	} else if (sscanf(row->error, "row has %zu field", &k) == 1) {
		if (k != r->n) {
			fprintf(stderr, "reader: %s\n", row->error);
			mismatch(c, row, r, "the number of fields differs", (size_t)-1);
		}
	} else {
		fprintf(stderr, "reader: %s\n", row->error);
		mismatch(c, row, r, "unexpected row error", (size_t)-1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *names[MAX_COLS][1] = {{"h0"}, {"h1"}, {"h2"}, {"h3"},
					   {"h4"}, {"h5"}, {"h6"}, {"h7"}};
	static unsigned char *file;
	static size_t file_cap;
	if (size < 1)
		return 0;
	unsigned char delim = (unsigned char)";,\t"[data[0] % 3];
	size_t n_cols = 1 + (size_t)(data[0] / 3) % MAX_COLS;

	/* the header line, then the input */
	file = grow(file, &file_cap, 3 * MAX_COLS + size, 1);
	size_t n = 0;
	for (size_t i = 0; i < n_cols; i++) {
		if (i)
			file[n++] = delim;
		file[n++] = 'h';
		file[n++] = (unsigned char)('0' + i);
	}
	file[n++] = '\n';
	memcpy(file + n, data + 1, size - 1);
	n += size - 1;

	struct lib_side lib = {0};
	lib_parse(&lib, file, n, delim);
	if (lib.n_recs < 1 || lib.recs[0].n != n_cols || lib.recs[0].line != 1)
		abort(); /* the header is ours */
	struct cmp c = {.lib = &lib, .next = 1, .n_cols = n_cols};

	const char *path = fuzz_tmp("csvsplit");
	fuzz_write(path, file, n);
	struct profile p;
	memset(&p, 0, sizeof(p));
	p.format = PROF_CSV;
	p.delimiter = (char)delim;
	p.encoding = PROF_ENC_UTF8;
	for (size_t i = 0; i < n_cols; i++)
		p.col[i] = (struct prof_column){.used = 1, .names = names[i], .n_names = 1};
	struct diag d;
	struct ingest_info info;
	memset(&d, 0, sizeof(d));
	int rc = ingest_file(path, &p, on_row, &c, &info, &d);

	/* the records libcsv has and the reader has not delivered */
	size_t left = 0;
	for (size_t i = c.next; i < lib.n_recs; i++)
		left += !all_empty(&lib, &lib.recs[i]);
	if (rc == 0) {
		if (left || lib.failed) {
			fprintf(stderr, "fuzz_csvsplit: the reader succeeds after %ld rows; libcsv "
					"has %zu more%s\n",
				c.rows, left, lib.failed ? " and fails" : "");
			abort();
		}
	} else if (strstr(d.msg, "quote")) {
		/* a broken quote: libcsv fails too, after the same records */
		if (!lib.failed || left) {
			fprintf(stderr, "fuzz_csvsplit: the reader fails after %ld rows (%s); libcsv "
					"has %zu more%s\n",
				c.rows, d.msg, left, lib.failed ? " and fails" : " and succeeds");
			abort();
		}
	} else if (!strstr(d.msg, "UTF-8")) {
		fprintf(stderr, "fuzz_csvsplit: unexpected failure: %s\n", d.msg);
		abort();
	}
	free(lib.buf);
	free(lib.fields);
	free(lib.recs);
	return 0;
}
