/* ingest_csv.c - CSV exports to rows: one physical line at a time, with encoding detection,
 * exact line numbers and limits (LIBRARIES.md, libcsv and Encodings). A line that starts a
 * record and holds only simple fields (unquoted, or quoted and closed on the line) is split
 * here by libcsv's rules (scan_line); every other line goes to libcsv in strict mode. */
#include "ingest.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define FIELD_MAX (1024 * 1024) /* libcsv's buffer never grows past this */
#define FIELD_BLK (64 * 1024)

enum enc { ENC_UTF8, ENC_UTF8_BOM, ENC_WIN1252 };

/* Streaming UTF-8 validation: an incomplete sequence at the end of one piece is kept here
 * and finished with the next piece. */
struct u8state {
	unsigned char buf[4];
	unsigned have, need;
};

/* Growing byte buffer for one record's kept values; separate from sbuf so that the hot path
 * is one capacity check and one memcpy per field. */
struct rowbuf {
	char *data;
	size_t len, cap;
};

/* Where one kept field of the current record sits in rowbuf. */
struct slotval {
	size_t off, len;
	int set;
};

struct csvin {
	const char *path;
	const struct profile *p;
	ingest_row_fn fn;
	void *ctx;
	struct diag *d;
	enum enc enc;
	int check_utf8; /* validate every line fed (UTF-8 modes) */
	struct u8state u8;
	/* Windows-1252 bytes 0x80-0xFF as UTF-8: up to three bytes, then the count (0 for the
	 * five undefined bytes); built from cp1252_high for each file. */
	unsigned char w1252[128][4];

	/* The chunk being read: validated as UTF-8 once, from the first line fed to its end;
	 * the error (u8_bad) is raised when the line that holds it is fed, so that whatever an
	 * earlier line does (an error, a stop) happens first, as if each line were checked. */
	const unsigned char *chunk_end;
	int u8_done;
	const unsigned char *u8_bad; /* first byte of an invalid sequence, or NULL */
	int chunk_nul;               /* the chunk holds a NUL byte */

	long line;      /* physical line being fed, 1-based */
	long rec_start; /* line where the record in progress starts, 0 when none */
	int rec_nul;    /* the record in progress contains a NUL byte */

	/* current record */
	size_t nf;       /* fields seen so far */
	size_t last_len; /* length of the last field */
	int nonempty;
	struct rowbuf rowbuf; /* kept field values, NUL-separated */
	struct rowbuf scratch; /* a quoted field of split_line with its "" undone */

	/* header */
	int header_done;
	char **header; /* UTF-8 names as in the file */
	size_t n_header, cap_header;
	int *slot_of_col;          /* column → slot in vals, or -1 */
	int col_of_field[PF__N];   /* profile field → column, or -1 */
	struct slotval vals[PF__N]; /* at most one slot per mapped field */
	size_t n_slots;
	int mapped[PF__N]; /* the profile fields that have a column */
	size_t n_mapped;

	struct ingest_row row; /* handed to fn; fields the profile maps no column stay NULL */
	long rows;
	int failed;  /* d is set */
	int stopped; /* the callback asked to stop */
	char errbuf[96];
};

/* ---- encodings ---- */

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes. 0xA0-0xFF equal Latin-1. The
 * table replaces iconv because it is several times faster on the few fields we keep and
 * cannot be changed by the system's iconv modules; tests compare it with glibc's iconv. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* The index of the first byte with its high bit set in the 8 bytes loaded into w (w != 0
 * after masking with 0x80 in every byte). */
static size_t first_high(uint64_t w, const unsigned char *s)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	(void)s;
	return (size_t)__builtin_ctzll(w) >> 3;
#else
	(void)w;
	size_t k = 0;
	while (s[k] < 0x80)
		k++;
	return k;
#endif
}

/* Returns the offset of the first byte of an invalid sequence in s, or -1 if s is valid so
 * far (a trailing incomplete sequence is kept in st). ASCII is checked eight bytes at a time
 * and every sequence is checked in place: this runs over every byte of a UTF-8 file. */
static long u8_feed(struct u8state *st, const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	if (st->have) {
		while (st->have < st->need && i < n) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			st->buf[st->have++] = s[i++];
		}
		if (st->have < st->need)
			return -1;
		if (utf8_decode((const char *)st->buf, st->need, &cp) != st->need)
			return 0;
		st->have = st->need = 0;
	}
	while (i < n) {
		for (;;) {
			if (i + 8 > n) {
				while (i < n && s[i] < 0x80)
					i++;
				break;
			}
			uint64_t w;
			memcpy(&w, s + i, 8);
			w &= 0x8080808080808080ULL;
			if (w) {
				i += first_high(w, s + i);
				break;
			}
			i += 8;
		}
		if (i == n)
			break;
		/* s[i] >= 0x80: a lead byte C2-F4 and its continuation bytes, the second one
		 * narrowed where overlong forms, surrogates and code points past U+10FFFF start */
		unsigned char c0 = s[i];
		size_t len;
		if (c0 < 0xC2)
			return (long)i;
		else if (c0 < 0xE0)
			len = 2;
		else if (c0 < 0xF0)
			len = 3;
		else if (c0 < 0xF5)
			len = 4;
		else
			return (long)i;
		if (i + len > n) {
			for (size_t k = i + 1; k < n; k++)
				if ((s[k] & 0xC0) != 0x80)
					return (long)i;
			st->have = (unsigned)(n - i);
			st->need = (unsigned)len;
			memcpy(st->buf, s + i, n - i);
			return -1;
		}
		unsigned char c1 = s[i + 1], lo = 0x80, hi = 0xBF;
		if (c0 == 0xE0)
			lo = 0xA0;
		else if (c0 == 0xED)
			hi = 0x9F;
		else if (c0 == 0xF0)
			lo = 0x90;
		else if (c0 == 0xF4)
			hi = 0x8F;
		if (c1 < lo || c1 > hi)
			return (long)i;
		if (len > 2 && (s[i + 2] & 0xC0) != 0x80)
			return (long)i;
		if (len > 3 && (s[i + 3] & 0xC0) != 0x80)
			return (long)i;
		i += len;
	}
	return -1;
}

static char *rb_reserve(struct rowbuf *b, size_t extra)
{
	if (b->len + extra > b->cap)
		b->data = xgrow(b->data, &b->cap, b->len + extra, 1);
	return b->data + b->len;
}

static void w1252_init(struct csvin *c)
{
	for (unsigned k = 0; k < 128; k++) {
		uint32_t cp = k >= 0x20 ? 0x80 + k : cp1252_high[k];
		unsigned char *o = c->w1252[k];
		if (!cp) {
			o[3] = 0;
		} else if (cp < 0x800) {
			o[0] = (unsigned char)(0xC0 | (cp >> 6));
			o[1] = (unsigned char)(0x80 | (cp & 0x3F));
			o[3] = 2;
		} else {
			o[0] = (unsigned char)(0xE0 | (cp >> 12));
			o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			o[2] = (unsigned char)(0x80 | (cp & 0x3F));
			o[3] = 3;
		}
	}
}

/* Appends s as a NUL-terminated UTF-8 string, converting from Windows-1252 when the file is
 * in it; its length (without the NUL) goes to *out. Returns -1 and the offending byte in
 * *bad for an undefined Windows-1252 byte. */
static int add_text(const struct csvin *c, struct rowbuf *b, const unsigned char *s,
		    size_t len, size_t *out, unsigned char *bad)
{
	if (c->enc != ENC_WIN1252) {
		char *o = rb_reserve(b, len + 1);
		memcpy(o, s, len);
		o[len] = '\0';
		b->len += len + 1;
		*out = len;
		return 0;
	}
	/* Every byte becomes at most 3 (U+20AC and friends); a character is stored as the 4
	 * bytes of its table entry, the 4th overwritten next, so one byte more is reserved. */
	unsigned char *o0 = (unsigned char *)rb_reserve(b, 3 * len + 2), *o = o0;
	size_t i = 0;
	while (i < len) {
		/* ASCII runs eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			memcpy(o, &w, 8);
			w &= 0x8080808080808080ULL;
			if (w) {
				size_t k = first_high(w, s + i);
				i += k, o += k;
				break;
			}
			i += 8, o += 8;
		}
		for (; i < len && s[i] < 0x80; i++)
			*o++ = s[i];
		if (i == len)
			break;
		const unsigned char *e = c->w1252[s[i] - 0x80];
		if (!e[3]) {
			*bad = s[i];
			return -1;
		}
		memcpy(o, e, 4);
		o += e[3];
		i++;
	}
	*o = '\0';
	*out = (size_t)(o - o0);
	b->len += *out + 1;
	return 0;
}

/* ---- libcsv callbacks ---- */

/* libcsv grows its field buffer through this; refusing is how a field is capped (libcsv then
 * reports CSV_ENOMEM). Only our parsers use it. */
static void *capped_realloc(void *ptr, size_t n)
{
	if (n > FIELD_MAX)
		return NULL;
	return realloc(ptr, n);
}

static void fail_at(struct csvin *c, long line, const char *fmt, const char *arg)
{
	if (c->failed)
		return;
	c->failed = 1;
	diag_set(c->d, DIAG_EX_DATAERR, c->path, line, 0, fmt, arg);
}

static void bad_cp1252(struct csvin *c, unsigned char byte)
{
	char hex[8];
	snprintf(hex, sizeof(hex), "0x%02X", byte);
	fail_at(c, c->rec_start,
		"byte %s is not a Windows-1252 character: the file is in another encoding — save it "
		"as UTF-8 and set encoding=\"utf-8\" in the profile",
		hex);
}

static void on_field(void *s, size_t len, void *data)
{
	struct csvin *c = data;
	if (c->failed || c->stopped)
		return;
	size_t col = c->nf++;
	c->last_len = len;
	if (len)
		c->nonempty = 1;
	unsigned char bad;
	if (!c->header_done) {
		struct rowbuf b = {0};
		size_t n;
		if (add_text(c, &b, s, len, &n, &bad) < 0) {
			free(b.data);
			bad_cp1252(c, bad);
			return;
		}
		c->header = xgrow(c->header, &c->cap_header, c->n_header, sizeof(*c->header));
		c->header[c->n_header++] = b.data;
		return;
	}
	if (col >= c->n_header || c->slot_of_col[col] < 0)
		return;
	struct slotval *v = &c->vals[c->slot_of_col[col]];
	v->off = c->rowbuf.len;
	v->set = 1;
	if (add_text(c, &c->rowbuf, s, len, &v->len, &bad) < 0)
		bad_cp1252(c, bad);
}

static void list_columns(struct sbuf *b, struct csvin *c)
{
	for (size_t i = 0; i < c->n_header; i++) {
		if (b->len > 700) {
			sbuf_add(b, ", ...");
			break;
		}
		sbuf_printf(b, "%s\"%s\"", i ? ", " : "", c->header[i]);
	}
}

/* Maps every field of the profile to a column of the header (folded names, first
 * alternative found wins). */
static void take_header(struct csvin *c, long line)
{
	char **folded = xcalloc(c->n_header ? c->n_header : 1, sizeof(*folded));
	for (size_t i = 0; i < c->n_header; i++)
		folded[i] = util_fold(c->header[i]);
	c->slot_of_col = xmalloc((c->n_header ? c->n_header : 1) * sizeof(*c->slot_of_col));
	for (size_t i = 0; i < c->n_header; i++)
		c->slot_of_col[i] = -1;
	for (int f = 0; f < PF__N && !c->failed; f++) {
		const struct prof_column *pc = &c->p->col[f];
		c->col_of_field[f] = -1;
		if (!pc->used || !pc->n_names)
			continue;
		for (size_t a = 0; a < pc->n_names && c->col_of_field[f] < 0; a++) {
			char *want = util_fold(pc->names[a]);
			for (size_t i = 0; i < c->n_header; i++) {
				if (strcmp(folded[i], want) == 0) {
					c->col_of_field[f] = (int)i;
					break;
				}
			}
			free(want);
		}
		int col = c->col_of_field[f];
		if (col < 0) {
			struct sbuf b = {0};
			sbuf_printf(&b, "the header has no column ");
			for (size_t a = 0; a < pc->n_names; a++)
				sbuf_printf(&b, "%s\"%s\"", a ? " or " : "", pc->names[a]);
			sbuf_printf(&b, " (field %s); the file's columns are: ", prof_field_names[f]);
			list_columns(&b, c);
			sbuf_add(&b, ". Fix the column names in the profile or check skip-lines and "
				      "the delimiter");
			/* "AnmÃ¤ld" is UTF-8 decoded as Windows-1252: the profile's encoding is wrong */
			int mojibake = 0;
			for (size_t i = 0; c->enc == ENC_WIN1252 && i < c->n_header; i++)
				mojibake |= strstr(c->header[i], "\xC3\x83") != NULL;
			if (mojibake)
				sbuf_add(&b, " (the names look like UTF-8 read as Windows-1252: set "
					      "encoding=\"utf-8\" or \"auto\" in the profile)");
			fail_at(c, line, "%s", sbuf_str(&b));
			sbuf_free(&b);
			break;
		}
		if (c->slot_of_col[col] < 0)
			c->slot_of_col[col] = (int)c->n_slots++;
		c->mapped[c->n_mapped++] = f;
	}
	for (size_t i = 0; i < c->n_header; i++)
		free(folded[i]);
	free(folded);
	c->header_done = 1;
}

static void end_record(struct csvin *c)
{
	c->nf = 0;
	c->nonempty = 0;
	c->rec_nul = 0;
	c->rec_start = 0;
	c->rowbuf.len = 0;
	for (size_t i = 0; i < c->n_slots; i++)
		c->vals[i].set = 0;
}

static void on_record(int term, void *data)
{
	(void)term;
	struct csvin *c = data;
	long line = c->rec_start ? c->rec_start : c->line;
	if (c->failed || c->stopped)
		goto done;
	if (!c->header_done) {
		if (c->rec_nul)
			fail_at(c, line, "%s", "the header line contains a NUL byte — is this a CSV file?");
		else
			take_header(c, line);
		goto done;
	}
	if (!c->nonempty)
		goto done; /* ";;;;" rows carry nothing */
	struct ingest_row *row = &c->row;
	row->line = line;
	row->error = NULL;
	for (size_t i = 0; i < c->n_mapped; i++) {
		int f = c->mapped[i];
		int col = c->col_of_field[f];
		struct slotval *v = &c->vals[c->slot_of_col[col]];
		if ((size_t)col < c->nf && v->set) {
			row->field[f] = c->rowbuf.data + v->off;
			/* a NUL byte in the value (the row is rejected) ends the string early */
			row->len[f] = c->rec_nul ? strlen(row->field[f]) : v->len;
		} else {
			row->field[f] = NULL;
			row->len[f] = 0;
		}
	}
	size_t n = c->nf;
	/* Brå and others end every data row with the delimiter: one extra empty field. */
	if (n == c->n_header + 1 && c->last_len == 0)
		n--;
	if (c->rec_nul) {
		row->error = "the row contains a NUL byte";
	} else if (n != c->n_header) {
		snprintf(c->errbuf, sizeof(c->errbuf), "row has %zu field%s, the header has %zu",
			 c->nf, c->nf == 1 ? "" : "s", c->n_header);
		row->error = c->errbuf;
	}
	c->rows++;
	if (c->fn(c->ctx, row) < 0)
		c->stopped = 1;
done:
	end_record(c);
}

/* ---- reading ---- */

static int read_full(int fd, unsigned char *buf, size_t n, size_t *got)
{
	size_t have = 0;
	while (have < n) {
		ssize_t r = read(fd, buf + have, n - have);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	*got = have;
	return 0;
}

/* First pass of encoding=auto: is the whole file valid UTF-8? (A prefix is not enough:
 * Windows-1252 "Ã¥" is valid UTF-8.) Stops at the first invalid byte. */
static int whole_file_utf8(int fd, unsigned char *buf, size_t chunk, int *valid)
{
	struct u8state st = {0};
	*valid = 1;
	for (;;) {
		size_t n;
		if (read_full(fd, buf, chunk, &n) < 0)
			return -1;
		if (n == 0)
			break;
		if (u8_feed(&st, buf, n) >= 0) {
			*valid = 0;
			break;
		}
	}
	if (st.have)
		*valid = 0;
	return lseek(fd, 0, SEEK_SET) < 0 ? -1 : 0;
}

/* The most frequent of ; , TAB | outside quotes in the header line; ties go in that order. */
static char detect_delimiter(const unsigned char *s, size_t n)
{
	static const char cand[] = {';', ',', '\t', '|'};
	size_t count[4] = {0};
	int quoted = 0;
	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				if (s[i] == (unsigned char)cand[k])
					count[k]++;
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return count[best] ? cand[best] : ',';
}

static int blank_piece(const unsigned char *s, size_t n, char delim)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		if (ch == '\n' || ch == '\r')
			break;
		if (ch != ' ' && (ch != '\t' || delim == '\t'))
			return 0;
	}
	return 1;
}

static void csv_error_to_diag(struct csvin *c, struct csv_parser *ps, size_t col)
{
	int e = csv_error(ps);
	if (c->failed)
		return;
	c->failed = 1;
	if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
		diag_set(c->d, DIAG_EX_DATAERR, c->path, c->rec_start ? c->rec_start : c->line, 0,
			 "field longer than 1 MiB at line %ld — is a closing quote missing?",
			 c->rec_start ? c->rec_start : c->line);
	else
		diag_set(c->d, DIAG_EX_DATAERR, c->path, c->line, (int)col,
			 "unexpected quote character at line %ld: a field that contains quotes must "
			 "be enclosed in quotes and its quotes doubled (\"\")",
			 c->line);
}

/* libcsv's state between records (libcsv.c; csv.h exposes the field, not the name) */
#define CSV_ROW_NOT_BEGUN 0
/* Lines up to this long may take split_line: no field of theirs comes near FIELD_MAX. */
#define FAST_LINE_MAX (64 * 1024)

static int is_blank(unsigned char ch, unsigned char delim)
{
	return (ch == ' ' || ch == '\t') && ch != delim;
}

/* One field of a line split by scan_line: bytes [off, off + len) of the line; esc when they
 * hold doubled quotes still to be undone. */
struct span {
	size_t off, len;
	int esc;
};
#define SPLIT_FIELDS 64

/* Splits one whole line (n bytes, without its CR, LF or CRLF) fed while libcsv is between
 * records, with libcsv's rules in strict mode: blanks around an unquoted field dropped, a
 * quoted field "..." with "" for a quote and only blanks after its closing quote, an empty
 * field after a trailing delimiter, a line of blanks no record. Returns the number of
 * fields, 0 for a blank line, or -1 when libcsv must take the line: a quoted field that goes
 * on past the line, a quote inside an unquoted field (taken leniently there), anything
 * after a closing quote, more than SPLIT_FIELDS fields. Nothing is delivered before the
 * whole line is known to be simple. */
static int scan_line(const unsigned char *s, size_t n, unsigned char delim, struct span *f)
{
	const unsigned char *qp = memchr(s, '"', n);
	size_t qpos = qp ? (size_t)(qp - s) : n; /* next quote at or after i */
	size_t i = 0;
	int k = 0;
	while (i < n && is_blank(s[i], delim))
		i++;
	if (i == n)
		return 0; /* libcsv drops empty lines */
	for (;;) {
		if (k == SPLIT_FIELDS)
			return -1;
		while (i < n && is_blank(s[i], delim))
			i++;
		if (i < n && s[i] == '"') {
			size_t start = ++i;
			int esc = 0;
			for (;;) {
				const unsigned char *q = memchr(s + i, '"', n - i);
				if (!q)
					return -1;
				size_t j = (size_t)(q - s);
				if (j + 1 < n && s[j + 1] == '"') {
					esc = 1;
					i = j + 2;
					continue;
				}
				f[k++] = (struct span){start, j - start, esc};
				i = j + 1;
				break;
			}
			while (i < n && s[i] != delim && (s[i] == ' ' || s[i] == '\t'))
				i++;
			if (i == n)
				return k;
			if (s[i] != delim)
				return -1;
			i++;
			qp = memchr(s + i, '"', n - i);
			qpos = qp ? (size_t)(qp - s) : n;
			continue;
		}
		const unsigned char *d = memchr(s + i, delim, n - i);
		size_t e = d ? (size_t)(d - s) : n, t = e;
		if (qpos < e)
			return -1;
		while (t > i && (s[t - 1] == ' ' || s[t - 1] == '\t'))
			t--;
		f[k++] = (struct span){i, t - i, 0};
		if (e == n)
			return k;
		i = e + 1;
	}
}

/* A line scan_line could split goes to the same callbacks straight from the read buffer:
 * libcsv would copy every byte of every field into its own buffer through a byte-at-a-time
 * state machine; here memchr finds the delimiters and quotes and only the fields kept are
 * copied (once). Returns -1 when libcsv must take the line. */
static int split_line(struct csvin *c, const unsigned char *s, size_t n, unsigned char delim)
{
	struct span f[SPLIT_FIELDS];
	int k = scan_line(s, n, delim, f);
	if (k <= 0)
		return k;
	for (int i = 0; i < k; i++) {
		const unsigned char *v = s + f[i].off;
		size_t len = f[i].len;
		if (f[i].esc) {
			unsigned char *o = (unsigned char *)rb_reserve(&c->scratch, len);
			size_t m = 0;
			for (size_t j = 0; j < len; j++) {
				o[m++] = v[j];
				if (v[j] == '"')
					j++; /* the second of the pair */
			}
			v = o, len = m;
		}
		on_field((void *)v, len, c);
	}
	on_record(0, c);
	return 0;
}

/* Feeds one piece of a physical line; `ends` says whether it ends the line. */
static int feed(struct csvin *c, struct csv_parser *ps, const unsigned char *s, size_t n,
		int ends, size_t *line_pos)
{
	if (c->line <= c->p->skip_lines)
		goto next;
	if (c->check_utf8 && !c->u8_done) {
		long bad = u8_feed(&c->u8, s, (size_t)(c->chunk_end - s));
		c->u8_bad = bad >= 0 ? s + bad : NULL;
		c->u8_done = 1;
	}
	if (c->u8_bad && c->u8_bad < s + n) {
		c->failed = 1;
		if (c->enc == ENC_UTF8_BOM)
			diag_set(c->d, DIAG_EX_DATAERR, c->path, c->line, 0,
				 "the file starts with a UTF-8 byte order mark but is not valid UTF-8 at "
				 "line %ld: it mixes encodings — save it again as UTF-8",
				 c->line);
		else
			diag_set(c->d, DIAG_EX_DATAERR, c->path, c->line, 0,
				 "the file is not valid UTF-8 at line %ld — save it as UTF-8 or set "
				 "encoding=\"windows-1252\" in the profile",
				 c->line);
		return -1;
	}
	if (!c->rec_start && !blank_piece(s, n, (char)csv_get_delim(ps)))
		c->rec_start = c->line;
	if (c->rec_start && c->chunk_nul && memchr(s, '\0', n))
		c->rec_nul = 1;
	unsigned char delim = (unsigned char)csv_get_delim(ps);
	if (ends && ps->pstate == CSV_ROW_NOT_BEGUN && n <= FAST_LINE_MAX && delim != '"' &&
	    delim != '\r' && delim != '\n') {
		size_t k = n - 1; /* the line ends in LF, CR or CRLF */
		if (s[k] == '\n' && k && s[k - 1] == '\r')
			k--;
		if (split_line(c, s, k, delim) == 0)
			goto parsed;
	}
	size_t pos = 0;
	for (;;) {
		size_t done = csv_parse(ps, s + pos, n - pos, on_field, on_record, c);
		pos += done;
		if (pos == n)
			break;
		/* Strict mode also refuses a quote inside an unquoted field (24" or 37°36'37.8"N),
		 * which is harmless: take that one byte leniently, as Excel and Python do. A
		 * stray quote after a closing quote ("b"c) stays an error: it is the case that
		 * would swallow the rest of the file. libcsv exposes `quoted` in csv.h and leaves
		 * it correct at the error. */
		if (csv_error(ps) != CSV_EPARSE || s[pos] != '"' || ps->quoted) {
			csv_error_to_diag(c, ps, *line_pos + pos + 1);
			return -1;
		}
		unsigned char opts = (unsigned char)csv_get_opts(ps);
		csv_set_opts(ps, opts & ~CSV_STRICT);
		pos += csv_parse(ps, s + pos, 1, on_field, on_record, c);
		csv_set_opts(ps, opts);
		ps->status = CSV_SUCCESS;
	}
parsed:
	if (c->failed || c->stopped)
		return -1;
next:
	*line_pos += n;
	if (ends) {
		c->line++;
		*line_pos = 0;
	}
	return 0;
}

static const char *enc_name(enum enc e)
{
	return e == ENC_WIN1252 ? "windows-1252" : e == ENC_UTF8_BOM ? "utf-8-bom" : "utf-8";
}

int ingest_csv(const char *path, const struct profile *p, ingest_row_fn fn, void *ctx,
	       struct ingest_info *info, struct diag *d)
{
	struct csvin c = {.path = path, .p = p, .fn = fn, .ctx = ctx, .d = d, .line = 1};
	struct csv_parser ps;
	int ps_init = 0, ps_live = 0;
	int rc = -1;
	unsigned char *buf = NULL;
	const char *why;
	int fd = util_open_regular(path, &why);
	if (fd < 0)
		return diag_set(d, errno == ENOENT || errno == EACCES ? DIAG_EX_NOINPUT
								     : DIAG_EX_DATAERR,
				path, 0, 0, "cannot open '%s': %s", path, why);
	size_t chunk = util_read_chunk(fd, CHUNK);
	buf = xmalloc(chunk + 1);

	/* Encoding: a BOM is UTF-8 whatever the profile says (no Windows-1252 header starts
	 * with "ï»¿"); auto validates the whole file first. */
	unsigned char head[4];
	ssize_t hn = pread(fd, head, sizeof(head), 0);
	int bom = hn >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
	if (hn >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) {
		diag_set(d, DIAG_EX_DATAERR, path, 1, 0,
			 "the file is UTF-16 — save it as UTF-8 (\"CSV UTF-8\" in Excel) or "
			 "Windows-1252");
		goto fail;
	}
	if (bom) {
		c.enc = ENC_UTF8_BOM;
	} else if (p->encoding == PROF_ENC_WIN1252) {
		c.enc = ENC_WIN1252;
	} else if (p->encoding == PROF_ENC_UTF8) {
		c.enc = ENC_UTF8;
	} else {
		int valid;
		if (whole_file_utf8(fd, buf, chunk, &valid) < 0) {
			diag_set(d, DIAG_EX_DATAERR, path, 0, 0, "cannot read '%s': %s", path,
				 strerror(errno));
			goto fail;
		}
		c.enc = valid ? ENC_UTF8 : ENC_WIN1252;
	}
	c.check_utf8 = c.enc != ENC_WIN1252;
	if (c.enc == ENC_WIN1252)
		w1252_init(&c);

	if (csv_init(&ps, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		diag_set(d, DIAG_EX_SOFTWARE, path, 0, 0, "cannot set up the CSV parser");
		goto fail;
	}
	ps_init = ps_live = 1;
	/* a field grows in steps of the read size: one step holds any field of a small file */
	csv_set_blk_size(&ps, chunk < FIELD_BLK ? chunk : FIELD_BLK);
	csv_set_realloc_func(&ps, capped_realloc);
	if (p->delimiter)
		csv_set_delim(&ps, (unsigned char)p->delimiter);
	int delim_known = p->delimiter != 0;

	size_t carry = 0; /* a CR held back: is it followed by LF in the next chunk? */
	size_t line_pos = 0;
	int first = 1;
	for (;;) {
		size_t n;
		if (read_full(fd, buf + carry, chunk - carry, &n) < 0) {
			diag_set(d, DIAG_EX_DATAERR, path, c.line, 0, "cannot read '%s': %s", path,
				 strerror(errno));
			goto fail;
		}
		int eof = n < chunk - carry;
		n += carry;
		carry = 0;
		const unsigned char *s = buf, *end = buf + n;
		c.chunk_end = end;
		c.u8_done = 0;
		c.u8_bad = NULL;
		c.chunk_nul = memchr(buf, '\0', n) != NULL;
		if (first) {
			first = 0;
			if (bom)
				s += 3;
		}
		const unsigned char *lf = NULL, *cr = NULL;
		while (s < end) {
			if (!delim_known && c.line > p->skip_lines && !blank_piece(s, (size_t)(end - s), 0)) {
				csv_set_delim(&ps, (unsigned char)detect_delimiter(s, (size_t)(end - s)));
				delim_known = 1;
			}
			/* Both searches are cached: each byte is looked at once per character. */
			if (lf != end && (!lf || lf < s)) {
				lf = memchr(s, '\n', (size_t)(end - s));
				if (!lf)
					lf = end;
			}
			if (cr != end && (!cr || cr < s)) {
				cr = memchr(s, '\r', (size_t)(end - s));
				if (!cr)
					cr = end;
			}
			const unsigned char *t = lf < cr ? lf : cr;
			if (t == end) {
				if (feed(&c, &ps, s, (size_t)(end - s), 0, &line_pos) < 0)
					goto stop;
				break;
			}
			const unsigned char *e = t + 1;
			if (t == cr) {
				if (e == end && !eof) {
					/* Hold the CR back: the LF that may follow decides the line. */
					if (feed(&c, &ps, s, (size_t)(t - s), 0, &line_pos) < 0)
						goto stop;
					buf[0] = '\r';
					carry = 1;
					break;
				}
				if (e < end && *e == '\n')
					e++;
			}
			if (feed(&c, &ps, s, (size_t)(e - s), 1, &line_pos) < 0)
				goto stop;
			s = e;
		}
		if (eof && !carry)
			break;
	}
	if (c.check_utf8 && c.u8.have) {
		diag_set(d, DIAG_EX_DATAERR, path, c.line, 0,
			 "the file is not valid UTF-8 at line %ld (it ends inside a character) — "
			 "save it as UTF-8 or set encoding=\"windows-1252\" in the profile",
			 c.line);
		goto fail;
	}
	if (csv_fini(&ps, on_field, on_record, &c) != 0) {
		diag_set(d, DIAG_EX_DATAERR, path, c.rec_start ? c.rec_start : c.line, 0,
			 "a quoted field that starts at line %ld is never closed: a closing quote "
			 "(\") is missing",
			 c.rec_start ? c.rec_start : c.line);
		ps_live = 0;
		goto fail;
	}
	ps_live = 0;
	if (c.failed || c.stopped)
		goto stop;
	if (!c.header_done) {
		diag_set(d, DIAG_EX_DATAERR, path, c.line > 1 ? c.line - 1 : 1, 0,
			 "the file has no header line (it is empty%s)",
			 p->skip_lines ? " after skip-lines" : "");
		goto fail;
	}
	rc = 0;
	goto fail;
stop:
	/* c.failed: d is set; c.stopped: the caller asked to stop and d stays untouched. */
	rc = -1;
fail:
	if (ps_live)
		csv_fini(&ps, NULL, NULL, NULL);
	if (ps_init)
		csv_free(&ps);
	if (info) {
		snprintf(info->format, sizeof(info->format), "csv");
		snprintf(info->encoding, sizeof(info->encoding), "%s", enc_name(c.enc));
		info->rows = c.rows;
	}
	for (size_t i = 0; i < c.n_header; i++)
		free(c.header[i]);
	free(c.header);
	free(c.slot_of_col);
	free(c.rowbuf.data);
	free(c.scratch.data);
	free(buf);
	close(fd);
	return rc;
}
