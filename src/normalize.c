/* normalize.c - rows from the ingest readers → incidents and measures in the record store, or
 * rejects with a reason; the value parsers for dates, times, money and counts. */
#include "normalize.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>

#include "ingest.h"
#include "timing.h"

/* ---- value parsers ---- */

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Reads 1..maxd digits; returns the number of digits read. */
static int read_digits(const char **pp, int maxd, int *out)
{
	const char *p = *pp;
	int n = 0, v = 0;
	while (n < maxd && p[n] >= '0' && p[n] <= '9') {
		v = v * 10 + (p[n] - '0');
		n++;
	}
	if (n) {
		*out = v;
		*pp = p + n;
	}
	return n;
}

int norm_parse_time(const char *v, int *minute, const char **why)
{
	const char *p = skip_space(v);
	int h, m, s = 0;
	if (!read_digits(&p, 2, &h) || (*p != ':' && *p != '.')) {
		*why = "time is not HH:MM";
		return -1;
	}
	p++;
	if (read_digits(&p, 2, &m) != 2) {
		*why = "time is not HH:MM";
		return -1;
	}
	if (*p == ':') {
		p++;
		if (read_digits(&p, 2, &s) != 2) {
			*why = "time is not HH:MM:SS";
			return -1;
		}
	}
	p = skip_space(p);
	if (*p || h > 23 || m > 59 || s > 59) {
		*why = "time is not a valid time of day (00:00-23:59)";
		return -1;
	}
	*minute = h * 60 + m;
	return 0;
}

static const char *const month_names[12][3] = {
	{"januari", "jan", NULL},  {"februari", "feb", NULL}, {"mars", "mar", NULL},
	{"april", "apr", NULL},    {"maj", NULL, NULL},       {"juni", "jun", NULL},
	{"juli", "jul", NULL},     {"augusti", "aug", NULL},  {"september", "sep", "sept"},
	{"oktober", "okt", NULL},  {"november", "nov", NULL}, {"december", "dec", NULL},
};

static int month_from_name(const char *p, size_t n)
{
	char buf[16];
	if (n == 0 || n >= sizeof(buf))
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)p[i]);
	buf[n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	for (int m = 0; m < 12; m++)
		for (int k = 0; k < 3 && month_names[m][k]; k++)
			if (strcmp(buf, month_names[m][k]) == 0)
				return m + 1;
	return 0;
}

/* Optional time after a date: " 14:30", "T14:30:00". */
static int trailing_time(const char *p, int *minute, const char **why)
{
	if (*p == 'T' || *p == ' ') {
		const char *q = skip_space(p + (*p == 'T'));
		if (!*q)
			return 0;
		return norm_parse_time(q, minute, why);
	}
	if (*skip_space(p)) {
		*why = "unexpected text after the date";
		return -1;
	}
	return 0;
}

static int finish_ymd(int y, int m, int d, rec_day *day, const char **why)
{
	if (!rec_valid_ymd(y, m, d)) {
		*why = "no such date in the calendar";
		return -1;
	}
	*day = rec_day_from_ymd(y, m, d);
	return 0;
}

static int parse_iso(const char *p, rec_day *day, int *minute, const char **why)
{
	int y, m, d;
	if (read_digits(&p, 4, &y) != 4 || *p++ != '-' || !read_digits(&p, 2, &m) ||
	    *p++ != '-' || !read_digits(&p, 2, &d)) {
		*why = "date is not YYYY-MM-DD";
		return -1;
	}
	if (trailing_time(p, minute, why) < 0)
		return -1;
	return finish_ymd(y, m, d, day, why);
}

static int parse_numeric(const char *p, int dayfirst, rec_day *day, int *minute,
			 const char **why)
{
	int a, b, y;
	if (!read_digits(&p, 2, &a) || (*p != '/' && *p != '.' && *p != '-')) {
		*why = dayfirst ? "date is not D/M/YYYY" : "date is not M/D/YYYY";
		return -1;
	}
	char sep = *p++;
	if (!read_digits(&p, 2, &b) || *p++ != sep || read_digits(&p, 4, &y) != 4) {
		*why = dayfirst ? "date is not D/M/YYYY" : "date is not M/D/YYYY";
		return -1;
	}
	if (trailing_time(p, minute, why) < 0)
		return -1;
	return dayfirst ? finish_ymd(y, b, a, day, why) : finish_ymd(y, a, b, day, why);
}

static int parse_text(const char *p, rec_day *day, int *minute, const char **why)
{
	int d, y;
	if (!read_digits(&p, 2, &d) || *p != ' ') {
		*why = "date is not like \"1 juli 2018\"";
		return -1;
	}
	p = skip_space(p);
	const char *w = p;
	while (*p && *p != ' ')
		p++;
	int m = month_from_name(w, (size_t)(p - w));
	if (!m) {
		*why = "unknown month name (expected januari … december)";
		return -1;
	}
	p = skip_space(p);
	if (read_digits(&p, 4, &y) != 4) {
		*why = "date is not like \"1 juli 2018\"";
		return -1;
	}
	if (trailing_time(p, minute, why) < 0)
		return -1;
	return finish_ymd(y, m, d, day, why);
}

static int parse_excel(const char *p, rec_day *day, int *minute, const char **why)
{
	/* 1900 date system: days since 1899-12-30; the fraction is the time of day. */
	char *end;
	errno = 0;
	long serial = strtol(p, &end, 10);
	if (end == p || errno || serial < 1 || serial > 200000) {
		*why = "not an Excel date number";
		return -1;
	}
	if (serial == 60) {
		*why = "Excel serial 60 is 1900-02-29, which does not exist";
		return -1;
	}
	if (*end == '.' || *end == ',') {
		/* fraction of a day, rounded to the minute */
		const char *f = end + 1;
		double frac = 0, scale = 0.1;
		while (*f >= '0' && *f <= '9') {
			frac += (*f - '0') * scale;
			scale /= 10;
			f++;
		}
		end = (char *)f;
		*minute = (int)(frac * 1440 + 0.5);
		if (*minute >= 1440)
			*minute = 1439;
	}
	if (*skip_space(end)) {
		*why = "not an Excel date number";
		return -1;
	}
	*day = rec_day_from_ymd(1899, 12, 30) + (rec_day)serial;
	return 0;
}

/* "2018" or "2026 prel." (Brå marks preliminary years so): 1 January of the year. */
static int parse_year(const char *p, rec_day *day, const char **why)
{
	int y;
	if (read_digits(&p, 4, &y) != 4 || (*p && *p != ' ')) {
		*why = "not a year (YYYY)";
		return -1;
	}
	return finish_ymd(y, 1, 1, day, why);
}

int norm_parse_stat_year(const char *v, int *year, int *preliminary, const char **why)
{
	const char *p = skip_space(v);
	int y;
	*preliminary = 0;
	if (read_digits(&p, 4, &y) != 4 || (unsigned char)(*p - '0') < 10 || y < 1900 || y > 2999) {
		*why = "not a year (YYYY, or YYYY prel. for a preliminary one)";
		return -1;
	}
	p = skip_space(p);
	if (strncasecmp(p, "prel", 4) == 0) {
		*preliminary = 1;
		p += 4;
		if (*p == '.')
			p++;
		p = skip_space(p);
	}
	if (*p) {
		*why = "not a year (YYYY, or YYYY prel. for a preliminary one)";
		return -1;
	}
	*year = y;
	return 0;
}

int norm_parse_month(const char *v, int *month, const char **why)
{
	const char *p = skip_space(v);
	int m;
	if (read_digits(&p, 2, &m)) {
		if (*skip_space(p) || m < 1 || m > 12) {
			*why = "month is not 1-12 or a month name";
			return -1;
		}
	} else {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		m = month_from_name(p, (size_t)(e - p));
		if (!m || *skip_space(e)) {
			*why = "unknown month (expected 1-12 or januari … december, jan … dec)";
			return -1;
		}
	}
	*month = m;
	return 0;
}

int norm_parse_date(const char *v, enum prof_date fmt, rec_day *day, int *minute,
		    const char **why)
{
	const char *p = skip_space(v);
	*minute = -1;
	/* The common case, a bare YYYY-MM-DD, in one step; anything else (a time, one-digit
	 * parts, spaces) takes the general path, which gives the same result for this. */
	if ((unsigned char)(p[0] - '0') < 10 && (unsigned char)(p[1] - '0') < 10 &&
	    (unsigned char)(p[2] - '0') < 10 && (unsigned char)(p[3] - '0') < 10 && p[4] == '-' &&
	    (unsigned char)(p[5] - '0') < 10 && (unsigned char)(p[6] - '0') < 10 && p[7] == '-' &&
	    (unsigned char)(p[8] - '0') < 10 && (unsigned char)(p[9] - '0') < 10 && !p[10]) {
		int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		return finish_ymd(y, (p[5] - '0') * 10 + (p[6] - '0'), (p[8] - '0') * 10 + (p[9] - '0'),
				  day, why);
	}
	if (!*p) {
		*why = "date is empty";
		return -1;
	}
	/* An ISO date is unambiguous whatever the profile says. */
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && p[4] == '-')
		return parse_iso(p, day, minute, why);
	switch (fmt) {
	case PROF_DATE_ISO: *why = "date is not YYYY-MM-DD"; return -1;
	case PROF_DATE_DMY: return parse_numeric(p, 1, day, minute, why);
	case PROF_DATE_MDY: return parse_numeric(p, 0, day, minute, why);
	case PROF_DATE_TEXT: return parse_text(p, day, minute, why);
	case PROF_DATE_EXCEL: return parse_excel(p, day, minute, why);
	case PROF_DATE_YEAR: return parse_year(p, day, why);
	}
	*why = "unknown date format";
	return -1;
}

/* Length of a thousands separator at p: space, NBSP, U+202F, or '.' when allowed. */
static int thousands_sep(const char *p, int dot)
{
	if (*p == ' ')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
		return 3;
	if (dot && *p == '.')
		return 1;
	return 0;
}

/* The plain shapes nearly every cost and count has ("5 800,00", "1234", "12,5"): digits,
 * groups of three after single spaces, an optional fraction, nothing else, at most 14 digits
 * (far below "number too large"). Gives what parse_decimal gives for these, in a third of
 * the time; returns -1 for anything else, which then takes the general path. */
static int decimal_fast(const char *p, char decimal, int maxfrac, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int nd = 0, group = 0, ngroups = 1, nfrac = 0;
	for (;; p++) {
		unsigned d = (unsigned)((unsigned char)*p - '0');
		if (d < 10) {
			if (++nd > 14)
				return -1;
			whole = whole * 10 + d;
			group++;
		} else if (*p == ' ' && (unsigned char)(p[1] - '0') < 10) {
			if (ngroups == 1 ? group > 3 : group != 3)
				return -1;
			ngroups++;
			group = 0;
		} else {
			break;
		}
	}
	if (!nd || (ngroups > 1 && group != 3))
		return -1;
	if (*p == decimal && (unsigned char)(p[1] - '0') < 10) {
		for (p++; (unsigned char)(*p - '0') < 10; p++) {
			if (nfrac == maxfrac)
				return -1;
			frac = frac * 10 + (*p - '0');
			nfrac++;
		}
	}
	if (*p)
		return -1;
	int64_t scale = 1;
	for (int i = 0; i < maxfrac; i++)
		scale *= 10;
	for (; nfrac < maxfrac; nfrac++)
		frac *= 10;
	*out = whole * scale + frac;
	return 0;
}

/* Parses [sign] digits-with-groups [decimal fraction(≤ maxfrac)] [unit] into units of
 * 10^-maxfrac. */
static int parse_decimal(const char *v, char decimal, int dot_thousands, int maxfrac,
			 int allow_negative, int64_t *out, const char **why)
{
	if (decimal_fast(v, decimal, maxfrac, out) == 0)
		return 0;
	const char *p = skip_space(v);
	int neg = 0;
	if (*p == '-') {
		neg = 1, p++;
	} else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 &&
		   (unsigned char)p[2] == 0x92) {
		neg = 1, p += 3;
	}
	p = skip_space(p);
	int dot = dot_thousands && decimal == ',';
	int64_t whole = 0;
	int group = 0, ngroups = 1, first_group = 0;
	if (!isdigit((unsigned char)*p)) {
		*why = "not a number";
		return -1;
	}
	for (;;) {
		if (isdigit((unsigned char)*p)) {
			if (whole > (INT64_MAX / 1000 - 9) / 10) {
				*why = "number too large";
				return -1;
			}
			whole = whole * 10 + (*p - '0');
			group++;
			p++;
			continue;
		}
		int sl = thousands_sep(p, dot);
		if (sl && isdigit((unsigned char)p[sl])) {
			if (ngroups == 1)
				first_group = group;
			else if (group != 3)
				goto badgroup;
			if (ngroups == 1 && group > 3)
				goto badgroup;
			ngroups++;
			group = 0;
			p += sl;
			continue;
		}
		break;
	}
	if (ngroups > 1 && group != 3)
		goto badgroup;
	(void)first_group;
	int64_t frac = 0;
	int nfrac = 0;
	if (*p == decimal && isdigit((unsigned char)p[1])) {
		p++;
		while (isdigit((unsigned char)*p)) {
			if (nfrac == maxfrac) {
				*why = decimal == ',' && ngroups == 1
					       ? "more decimals than expected (is ',' a thousands separator here? trygg reads it as a decimal comma)"
					       : "more decimals than expected";
				return -1;
			}
			frac = frac * 10 + (*p - '0');
			nfrac++;
			p++;
		}
	}
	while (nfrac < maxfrac) {
		frac *= 10;
		nfrac++;
	}
	p = skip_space(p);
	/* units that exports append */
	if (strncmp(p, "kr", 2) == 0 && !isalpha((unsigned char)p[2]))
		p += 2;
	else if (strncmp(p, "SEK", 3) == 0)
		p += 3;
	else if (strncmp(p, ":-", 2) == 0)
		p += 2;
	p = skip_space(p);
	if (*p) {
		*why = (*p == '.' || *p == ',') ? "unexpected separator in number (decimal comma expected, e.g. 1 234,50)"
						  : "unexpected characters after the number";
		if (decimal == '.' && (*p == ','))
			*why = "unexpected ',' in number (this source uses a decimal point)";
		return -1;
	}
	int64_t scale = 1;
	for (int i = 0; i < maxfrac; i++)
		scale *= 10;
	int64_t r = whole * scale + frac;
	if (neg) {
		if (!allow_negative) {
			*why = "negative value not allowed";
			return -1;
		}
		r = -r;
	}
	*out = r;
	return 0;
badgroup:
	*why = "digit groups must be three digits after a thousands separator (e.g. 1 234 567,50)";
	return -1;
}

int norm_parse_money(const char *v, char decimal, int dot_thousands, int64_t *ore,
		     const char **why)
{
	return parse_decimal(v, decimal, dot_thousands, 2, 1, ore, why);
}

int norm_parse_hundredths(const char *v, char decimal, int64_t *out, const char **why)
{
	return parse_decimal(v, decimal, 0, 2, 0, out, why);
}

int norm_parse_count(const char *v, int64_t *out, const char **why)
{
	if (parse_decimal(v, ',', 0, 0, 0, out, why) < 0)
		return -1;
	if (*out > 1000000) {
		*why = "count larger than 1 000 000";
		return -1;
	}
	return 0;
}

/* ---- personal identity numbers ---- */

static int luhn_ok(const char *d10)
{
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		int x = (d10[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += x > 9 ? x - 9 : x;
	}
	return sum % 10 == 0;
}

static int plausible_date(const char *d6)
{
	int m = (d6[2] - '0') * 10 + (d6[3] - '0');
	int d = (d6[4] - '0') * 10 + (d6[5] - '0');
	if (d > 60)
		d -= 60; /* samordningsnummer: day + 60 */
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Bytes of one separator character at s, or 0: what people and office software put between
 * the date part and the last four digits. ASCII '-', '+', space and '_' (a file name's
 * space); the no-break, figure, thin and narrow no-break spaces (U+00A0, U+2007, U+2009,
 * U+202F); the hyphens and dashes U+2010 … U+2014 and the minus sign U+2212 (word
 * processors turn '-' into them); the small and full-width hyphen-minus (U+FE63, U+FF0D). */
static size_t pnr_sep(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == '-' || u[0] == '+' || u[0] == ' ' || u[0] == '_')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0x87 || u[2] == 0x89 || u[2] == 0xAF || (u[2] >= 0x90 && u[2] <= 0x94)))
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
		return 3;
	if ((u[0] == 0xEF && u[1] == 0xB9 && u[2] == 0xA3) ||
	    (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D))
		return 3;
	return 0;
}

/* At most this many separator characters between the two parts ("811218 - 9876"). */
#define PNR_SEP_MAX 3

int norm_redact_pnr(char *s)
{
	int count = 0;
	for (char *p = s; *p;) {
		if (!isdigit((unsigned char)*p) || (p > s && isdigit((unsigned char)p[-1]))) {
			p++;
			continue;
		}
		/* collect a run: 6 or 8 digits, up to PNR_SEP_MAX separators, 4 digits; or 10/12
		 * digits */
		char digits[13];
		int nd = 0;
		char *q = p;
		while (isdigit((unsigned char)*q) && nd < 12)
			digits[nd++] = *q++;
		if (nd == 6 || nd == 8) {
			char *r = q;
			size_t k;
			for (int n = 0; n < PNR_SEP_MAX && (k = pnr_sep(r)) > 0; n++)
				r += k;
			size_t m = 0;
			while (r > q && isdigit((unsigned char)r[m]) && m < 5)
				m++;
			if (m == 4) {
				memcpy(digits + nd, r, 4);
				nd += 4;
				q = r + 4;
			}
		}
		if ((nd == 10 || nd == 12) && !isdigit((unsigned char)*q)) {
			const char *d10 = digits + (nd - 10);
			if (luhn_ok(d10) && plausible_date(d10)) {
				for (char *x = p; x < q; x++)
					if (isdigit((unsigned char)*x))
						*x = 'X';
				count++;
			}
		}
		p = q > p ? q : p + 1;
	}
	return count;
}

/* ---- lookup cache: raw value → index, so that folding runs once per distinct value ---- */

/* Keyed by the value's bytes and length with the hash kept: the category and locality of
 * every row go through here, and a probe then compares two integers before any bytes. */
struct cache_ent {
	const char *key; /* NULL: empty slot */
	uint32_t len, hash;
	int val;
};

struct lookup_cache {
	struct cache_ent *e;
	size_t cap, n;
	struct arena arena;
};

static int *cache_slot(struct lookup_cache *c, const char *key, size_t len, int *found)
{
	if (c->n * 2 >= c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 64;
		struct cache_ent *ne = xcalloc(ncap, sizeof(*ne));
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->e[i].key)
				continue;
			size_t j = c->e[i].hash & (ncap - 1);
			while (ne[j].key)
				j = (j + 1) & (ncap - 1);
			ne[j] = c->e[i];
		}
		free(c->e);
		c->e = ne, c->cap = ncap;
	}
	uint32_t h = util_hash(key, len);
	size_t j = h & (c->cap - 1);
	while (c->e[j].key) {
		struct cache_ent *e = &c->e[j];
		if (e->hash == h && e->len == len && rec_same_bytes(e->key, key, len)) {
			*found = 1;
			return &e->val;
		}
		j = (j + 1) & (c->cap - 1);
	}
	*found = 0;
	c->e[j] = (struct cache_ent){arena_strndup(&c->arena, key, len), (uint32_t)len, h, 0};
	c->n++;
	return &c->e[j].val;
}

static void cache_free(struct lookup_cache *c)
{
	free(c->e);
	arena_free(&c->arena);
	memset(c, 0, sizeof(*c));
}

/* ---- rows → records ---- */

struct norm_ctx {
	const struct config *cfg;
	const struct profile *prof;
	struct rec_store *store;
	uint16_t source;
	int department; /* from the source, -1 if none */
	struct lookup_cache cat, loc, dep;
	struct sbuf why;
	/* The row's values: the reader's strings, or a redacted copy in bufs when a value
	 * holds a personal identity number. */
	const char *vals[PF__N];
	size_t lens[PF__N]; /* strlen(vals[f]) */
	char *bufs[PF__N];
	size_t buf_cap[PF__N];
	/* Physical line of each stored incident (parallel to store->incidents), for the
	 * duplicate list; freed after loading. */
	uint32_t *lines;
	size_t cap_lines;
	/* Sum of |cost| over every row accepted so far: the bound that keeps every sum of
	 * costs inside int64_t (NORM_MONEY_TOTAL_MAX_ORE). */
	int64_t cost_total;
	int used[PF__N]; /* the fields the profile maps, the only ones a row can hold */
	int n_used;
	/* Of those, the ones with value maps applied per row (not category, locality and
	 * department: lookup() maps those, cached); usually none. */
	int mapped[PF__N];
	int n_mapped;
	/* The department of the first stored incident, and whether another one has been
	 * stored: the duplicate pass needs more than one, and would otherwise scan the whole
	 * store to find out. A file taken out again may leave multi set: the pass then finds
	 * nothing, as it would have, at the cost of its table. */
	int first_dep;
	int multi_dep;
	/* The last date value that parsed, and what it gave: exports list their rows by date,
	 * so most rows repeat the one before. Only values of up to 16 bytes are kept. */
	char last_date[16];
	size_t last_date_len; /* 0: none */
	rec_day last_day;
	int last_minute;
};

enum lookup_kind { LK_CATEGORY, LK_LOCALITY, LK_DEPARTMENT };

/* lookup() of a locality that the profile maps to "": the municipality as a whole. */
#define LOC_WHOLE (-3)

static int lookup(struct norm_ctx *c, enum lookup_kind k, const char *raw, size_t len)
{
	struct lookup_cache *cache = k == LK_CATEGORY ? &c->cat : k == LK_LOCALITY ? &c->loc : &c->dep;
	int found;
	int *slot = cache_slot(cache, raw, len, &found);
	if (found)
		return *slot;
	enum prof_field f = k == LK_CATEGORY ? PF_CATEGORY : k == LK_LOCALITY ? PF_LOCALITY : PF_DEPARTMENT;
	const char *v = profile_map_value(c->prof, f, raw);
	int idx = k == LK_LOCALITY && !v[0] ? LOC_WHOLE
		  : k == LK_CATEGORY ? config_find_category(c->cfg, v)
		  : k == LK_LOCALITY ? config_find_locality(c->cfg, v)
				     : config_find_department(c->cfg, v);
	*slot = idx;
	return idx;
}

static int reject(struct norm_ctx *c, long line, enum prof_field f, const char *fmt, ...)
	UTIL_PRINTF(4, 5);

static int reject(struct norm_ctx *c, long line, enum prof_field f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_reset(&c->why);
	sbuf_vprintf(&c->why, fmt, ap);
	va_end(ap);
	rec_add_reject(c->store, c->source, line, f < PF__N ? prof_field_names[f] : NULL,
		       sbuf_str(&c->why));
	return 0;
}

static const char *val(struct norm_ctx *c, enum prof_field f)
{
	const char *v = c->vals[f];
	return v && *v ? v : NULL;
}

/* The value of a looked-up field (category, locality, department): as val(), but an empty
 * or absent value is "" when the profile maps it (<map from="" to="…"/>), for lookup() to
 * map. *len receives its length. */
static const char *val_or_empty(struct norm_ctx *c, enum prof_field f, size_t *len)
{
	const char *v = val(c, f);
	if (v) {
		*len = c->lens[f];
		return v;
	}
	*len = 0;
	return profile_map_empty(c->prof, f) ? "" : NULL;
}

static int unknown_name(struct norm_ctx *c, long line, enum prof_field f, const char *v)
{
	const char *hint = f == PF_CATEGORY ? config_suggest_category(c->cfg, v)
			   : f == PF_LOCALITY ? config_suggest_locality(c->cfg, v)
					      : config_suggest_department(c->cfg, v);
	const char *what = f == PF_CATEGORY ? "category" : f == PF_LOCALITY ? "locality" : "department";
	if (hint)
		return reject(c, line, f, "unknown %s '%s' (did you mean '%s'?)", what, v, hint);
	return reject(c, line, f,
		      "unknown %s '%s': add it as a synonym in the configuration or map it in the profile",
		      what, v);
}

static int department_of(struct norm_ctx *c, long line, int *dep)
{
	size_t len;
	const char *v = val_or_empty(c, PF_DEPARTMENT, &len);
	if (v) {
		*dep = lookup(c, LK_DEPARTMENT, v, len);
		if (*dep < 0) {
			unknown_name(c, line, PF_DEPARTMENT, v);
			return -1;
		}
		return 0;
	}
	if (c->department < 0) {
		reject(c, line, PF_DEPARTMENT,
		       "no department: the row has none and the source names none");
		return -1;
	}
	*dep = c->department;
	return 0;
}

/* *known = 0 when the row reports no cost (no column, or an empty cell): unknown, not 0. */
static int money_of(struct norm_ctx *c, long line, int64_t *ore, int *known)
{
	const char *v = val(c, PF_COST), *why;
	*ore = 0;
	*known = v != NULL;
	if (!v)
		return 0;
	if (norm_parse_money(v, c->prof->decimal, c->prof->dot_thousands, ore, &why) < 0) {
		reject(c, line, PF_COST, "cost '%s': %s", v, why);
		return -1;
	}
	if (c->prof->cost_in_ore)
		*ore /= 100;
	int64_t mag = *ore < 0 ? -*ore : *ore; /* parse_decimal stays far from INT64_MIN */
	if (mag > NORM_MONEY_MAX_ORE) {
		reject(c, line, PF_COST, "cost '%s' is more than 1 000 000 000 kr, the most one row "
					 "may carry — check the column (öre instead of kronor?)", v);
		return -1;
	}
	if (mag > NORM_MONEY_TOTAL_MAX_ORE - c->cost_total) {
		reject(c, line, PF_COST, "cost '%s' takes the costs of all rows beyond "
					 "100 000 000 000 000 kr, more than trygg adds up — check the "
					 "export's cost column", v);
		return -1;
	}
	c->cost_total += mag;
	return 0;
}

static int row_incident(struct norm_ctx *c, long line)
{
	const char *v, *why;
	struct incident in = {0};
	int minute = -1;

	if (!(v = val(c, PF_DATE)))
		return reject(c, line, PF_DATE, "date is missing");
	size_t dlen = c->lens[PF_DATE];
	if (dlen == c->last_date_len && rec_same_bytes(v, c->last_date, dlen)) {
		in.day = c->last_day;
		minute = c->last_minute;
	} else {
		if (norm_parse_date(v, c->prof->date_format, &in.day, &minute, &why) < 0)
			return reject(c, line, PF_DATE, "date '%s': %s", v, why);
		if (dlen <= sizeof(c->last_date)) {
			memcpy(c->last_date, v, dlen);
			c->last_date_len = dlen, c->last_day = in.day, c->last_minute = minute;
		}
	}
	if ((v = val(c, PF_TIME))) {
		if (norm_parse_time(v, &minute, &why) < 0)
			return reject(c, line, PF_TIME, "time '%s': %s", v, why);
	}
	in.minute = (int16_t)minute;
	if ((v = val(c, PF_MONTH))) {
		/* statistics exports give year and month in two columns: the first of the month */
		int y, m, d;
		if (norm_parse_month(v, &m, &why) < 0)
			return reject(c, line, PF_MONTH, "month '%s': %s", v, why);
		rec_day_to_ymd(in.day, &y, &d, &d);
		in.day = rec_day_from_ymd(y, m, 1);
	}
	size_t len;
	if (!(v = val_or_empty(c, PF_CATEGORY, &len)))
		return reject(c, line, PF_CATEGORY, "category is missing");
	int cat = lookup(c, LK_CATEGORY, v, len);
	if (cat < 0)
		return unknown_name(c, line, PF_CATEGORY, v);
	if (!(v = val_or_empty(c, PF_LOCALITY, &len)))
		return reject(c, line, PF_LOCALITY, "locality is missing");
	int loc = lookup(c, LK_LOCALITY, v, len);
	if (loc == LOC_WHOLE) /* config_load refuses such a map in an incident profile */
		return reject(c, line, PF_LOCALITY, "an incident needs a locality");
	if (loc < 0)
		return unknown_name(c, line, PF_LOCALITY, v);
	int dep;
	if (department_of(c, line, &dep) < 0)
		return 0;
	int64_t count = 1;
	if ((v = val(c, PF_COUNT))) {
		if (strcmp(v, "..") == 0)
			return reject(c, line, PF_COUNT,
				      "count '..' marks a missing or suppressed number (as Brå and SCB "
				      "write it): the row has nothing to count");
		if (norm_parse_count(v, &count, &why) < 0)
			return reject(c, line, PF_COUNT, "count '%s': %s", v, why);
		if (count == 0)
			return reject(c, line, PF_COUNT, "count is 0: a row must describe at least one event");
	}
	int known;
	if (money_of(c, line, &in.cost_ore, &known) < 0)
		return 0;
	if (!known)
		in.flags |= REC_INC_NO_COST;
	in.category = (uint16_t)cat;
	in.locality = (uint16_t)loc;
	in.department = (uint16_t)dep;
	in.source = c->source;
	in.count = (int32_t)count;
	in.site = val(c, PF_SITE) ? rec_intern_n(c->store, c->vals[PF_SITE], c->lens[PF_SITE]) : 0;
	if (c->store->n_incidents >= c->cap_lines)
		c->lines = xgrow(c->lines, &c->cap_lines, c->store->n_incidents, sizeof(*c->lines));
	c->lines[c->store->n_incidents] = line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
	if (c->first_dep < 0)
		c->first_dep = dep;
	else if (dep != c->first_dep)
		c->multi_dep = 1;
	rec_add_incident(c->store, &in);
	c->store->sources[c->source].accepted++;
	return 0;
}

/* Brå marks a missing or suppressed figure with "..". */
static int is_withheld_mark(const char *v)
{
	return strcmp(v, "..") == 0;
}

static int row_official(struct norm_ctx *c, long line)
{
	const char *v, *why;
	struct official o = {0};
	int year, month = 0, prel;
	if (!(v = val(c, PF_DATE)))
		return reject(c, line, PF_DATE, "year is missing");
	if (norm_parse_stat_year(v, &year, &prel, &why) < 0)
		return reject(c, line, PF_DATE, "year '%s': %s", v, why);
	if ((v = val(c, PF_MONTH)) && norm_parse_month(v, &month, &why) < 0)
		return reject(c, line, PF_MONTH, "month '%s': %s", v, why);
	if (!(v = val(c, PF_AREA)))
		return reject(c, line, PF_AREA, "area is missing");
	o.area = rec_intern_n(c->store, v, c->lens[PF_AREA]);
	if (!(v = val(c, PF_CRIME_TYPE)))
		return reject(c, line, PF_CRIME_TYPE, "crime type is missing");
	o.crime = rec_intern_n(c->store, v, c->lens[PF_CRIME_TYPE]);
	if (!(v = val(c, PF_COUNT)))
		return reject(c, line, PF_COUNT, "count is missing");
	if (is_withheld_mark(v))
		return reject(c, line, PF_COUNT,
			      "count '..' marks a missing or suppressed figure (as Brå writes it): "
			      "there is no figure to use");
	/* Sweden's total of reported crimes is about 1.5 million a year */
	if (parse_decimal(v, ',', 0, 0, 0, &o.count, &why) < 0)
		return reject(c, line, PF_COUNT, "count '%s': %s", v, why);
	if (o.count > 1000000000)
		return reject(c, line, PF_COUNT, "count '%s': larger than 1 000 000 000", v);
	o.rate_x100 = -1;
	if ((v = val(c, PF_RATE)) && !is_withheld_mark(v) &&
	    norm_parse_hundredths(v, c->prof->decimal, &o.rate_x100, &why) < 0)
		return reject(c, line, PF_RATE, "rate per 100 000 '%s': %s", v, why);
	o.year = (int16_t)year;
	o.month = (uint8_t)month;
	o.flags = prel ? REC_OFF_PRELIMINARY : 0;
	o.source = c->source;
	o.line = line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
	rec_add_official(c->store, &o);
	c->store->sources[c->source].accepted++;
	return 0;
}

static int row_measure(struct norm_ctx *c, long line)
{
	const char *v, *why;
	struct measure m = {0};
	int minute;

	if (!(v = val(c, PF_NAME)))
		return reject(c, line, PF_NAME, "the measure has no name");
	m.name = rec_intern_n(c->store, v, c->lens[PF_NAME]);
	if (!(v = val(c, PF_START)))
		return reject(c, line, PF_START, "start date is missing");
	if (norm_parse_date(v, c->prof->date_format, &m.start, &minute, &why) < 0)
		return reject(c, line, PF_START, "start date '%s': %s", v, why);
	m.end = m.start;
	if ((v = val(c, PF_END))) {
		if (norm_parse_date(v, c->prof->date_format, &m.end, &minute, &why) < 0)
			return reject(c, line, PF_END, "end date '%s': %s", v, why);
		if (m.end < m.start)
			return reject(c, line, PF_END, "end date '%s' is before the start date", v);
	}
	int dep;
	if (department_of(c, line, &dep) < 0)
		return 0;
	m.department = (uint16_t)dep;
	m.locality = UINT16_MAX; /* municipality-wide unless given */
	size_t len;
	if ((v = val_or_empty(c, PF_LOCALITY, &len))) {
		int loc = lookup(c, LK_LOCALITY, v, len);
		if (loc >= 0)
			m.locality = (uint16_t)loc;
		else if (loc != LOC_WHOLE) /* mapped to "": the municipality as a whole */
			return unknown_name(c, line, PF_LOCALITY, v);
	}
	if ((v = val(c, PF_HOURS)) &&
	    norm_parse_hundredths(v, c->prof->decimal, &m.hours_x100, &why) < 0)
		return reject(c, line, PF_HOURS, "hours '%s': %s", v, why);
	if (!v)
		m.flags |= REC_MEA_NO_HOURS;
	int known;
	if (money_of(c, line, &m.cost_ore, &known) < 0)
		return 0;
	if (!known)
		m.flags |= REC_MEA_NO_COST;
	if ((v = val(c, PF_PEOPLE))) {
		int64_t n;
		if (norm_parse_count(v, &n, &why) < 0)
			return reject(c, line, PF_PEOPLE, "people reached '%s': %s", v, why);
		m.people = (int32_t)n;
	} else {
		m.flags |= REC_MEA_NO_PEOPLE;
	}
	m.site = val(c, PF_SITE) ? rec_intern_n(c->store, c->vals[PF_SITE], c->lens[PF_SITE]) : 0;
	m.source = c->source;
	rec_add_measure(c->store, &m);
	c->store->sources[c->source].accepted++;
	return 0;
}

/* Whether s holds a run of six digits: every personal identity number starts with one, and
 * most values (dates, times, money, names) do not, so they need no copy. Looks at every
 * sixth byte while there are no digits (a run of six must cover one of them). */
static int may_hold_pnr(const char *s, size_t n)
{
	if (n < 10) /* a number has ten digits at least: a date, time, cost or short name */
		return 0;
	size_t i = 5;
	while (i < n) {
		if ((unsigned char)(s[i] - '0') >= 10) {
			i += 6;
			continue;
		}
		size_t a = i, b = i + 1;
		while (a > 0 && (unsigned char)(s[a - 1] - '0') < 10)
			a--;
		while (b < n && (unsigned char)(s[b] - '0') < 10)
			b++;
		if (b - a >= 6)
			return 1;
		i = b + 6; /* s[b] is no digit: the next run starts after it */
	}
	return 0;
}

static int on_row(void *ctx, const struct ingest_row *row)
{
	struct norm_ctx *c = ctx;
	struct rec_source_stats *st = &c->store->sources[c->source];
	st->read++;
	/* Redact before anything else, so no personal number reaches a reject, log or report. */
	for (int k = 0; k < c->n_used; k++) {
		int f = c->used[k];
		const char *v = row->field[f];
		size_t n = row->len[f];
		c->vals[f] = v;
		c->lens[f] = n;
		if (!v || !may_hold_pnr(v, n))
			continue;
		if (n + 1 > c->buf_cap[f]) {
			free(c->bufs[f]);
			c->buf_cap[f] = n + 16;
			c->bufs[f] = xmalloc(c->buf_cap[f]);
		}
		memcpy(c->bufs[f], v, n + 1);
		st->redacted += norm_redact_pnr(c->bufs[f]);
		c->vals[f] = c->bufs[f];
	}
	/* A value map on any other field (a year "2024" → "2024-01-01", "..") applies here;
	 * category, locality and department go through it in lookup(), cached. */
	for (int k = 0; k < c->n_mapped; k++) {
		int f = c->mapped[k];
		if (c->vals[f]) {
			c->vals[f] = profile_map_value(c->prof, (enum prof_field)f, c->vals[f]);
			c->lens[f] = c->vals[f] ? strlen(c->vals[f]) : 0;
		} else if ((c->vals[f] = profile_map_empty(c->prof, (enum prof_field)f))) {
			c->lens[f] = strlen(c->vals[f]); /* an absent value mapped by from="" */
		}
	}
	if (row->error) {
		reject(c, row->line, PF__N, "%s", row->error);
		return 0;
	}
	if (c->prof->kind == CFG_OFFICIAL)
		return row_official(c, row->line);
	return c->prof->kind == CFG_MEASURES ? row_measure(c, row->line) : row_incident(c, row->line);
}

/* Loads one file; on a file-level failure its records are taken out again and the file is
 * counted as not used, with the reason. */
/* A message that filled its buffer may end in part of a number (a header cell it quotes)
 * that redaction would no longer recognise: drops a trailing run of digits and separators. */
static void cut_partial_number(char *msg, size_t size)
{
	size_t n = strlen(msg);
	if (n + 1 < size)
		return;
	while (n > 0 && (isdigit((unsigned char)msg[n - 1]) || (unsigned char)msg[n - 1] >= 0x80 ||
			 strchr("-+ _", msg[n - 1])))
		n--;
	msg[n] = '\0';
}

/* Adds a source under its file name with every personal identity number redacted: the name
 * reaches check, stats --by source, warnings and the appendix. *redacted (may be NULL)
 * receives how many numbers it held. The file itself is opened under its real name. */
static uint16_t add_source(struct rec_store *s, const char *file, const char *format,
			   int *redacted)
{
	uint16_t id = rec_add_source(s, file, format);
	int n = norm_redact_pnr(s->sources[id].file);
	if (redacted)
		*redacted = n;
	return id;
}

static void load_file(const struct config *cfg, const struct cfg_source *src, const char *file,
		      struct rec_store *s, struct norm_ctx *c)
{
	const struct profile *p = src->profile;
	int in_name;
	uint16_t id = add_source(s, file, p->format == PROF_XML ? "xml" : "csv", &in_name);
	size_t n_inc = s->n_incidents, n_mea = s->n_measures, n_rej = s->n_rejects;
	size_t n_off = s->n_officials;
	c->source = id;
	struct ingest_info info = {0};
	struct diag d = {0};
	int rc = ingest_file(file, p, on_row, c, &info, &d);
	struct rec_source_stats *st = &s->sources[id];
	st->official = p->kind == CFG_OFFICIAL;
	free(st->encoding);
	st->encoding = xstrdup(info.encoding);
	st->redacted += in_name;
	/* skipped element names are header cells of a kind, and are listed by check */
	for (size_t k = 0; rc == 0 && k < info.n_skipped; k++) {
		rec_add_skipped(s, id, info.skipped[k].name, info.skipped[k].count);
		st->redacted += norm_redact_pnr(st->skipped[st->n_skipped - 1].name);
	}
	if (rc == 0)
		st->skipped_other = info.skipped_other;
	(void)cfg;
	if (rc < 0) {
		s->n_incidents = n_inc;
		s->n_measures = n_mea;
		s->n_rejects = n_rej;
		s->n_officials = n_off;
		st->failed = 1;
		/* d.file is cut at its buffer's size: the whole name then, so that redaction sees
		 * every number in it whole */
		const char *df = d.file[0] && strncmp(d.file, file, sizeof(d.file) - 1) != 0 ? d.file
											       : file;
		char *where = d.line > 0 ? xasprintf("%s:%ld", df, d.line) : xstrdup(df);
		cut_partial_number(d.msg, sizeof(d.msg));
		st->failure = xasprintf("%s: %s", where, d.msg);
		st->failure_at = strlen(where);
		free(where);
		/* a message may quote the file (its header's column names); numbers in the name
		 * are counted already */
		int in_msg = norm_redact_pnr(st->failure);
		st->redacted += in_msg > in_name ? in_msg - in_name : 0;
		/* Every row read so far counts as rejected: the file is not used at all. */
		st->accepted = 0;
		st->duplicates = 0;
		st->rejected = st->read;
		rec_add_reject(s, id, d.line, NULL, "file not used: the rest of it cannot be read");
		st->rejected = st->read; /* rec_add_reject counted one more */
	}
}

/* ---- duplicates across departments ---- */

static uint32_t dup_hash(const struct incident *in)
{
	uint64_t k = (uint64_t)(uint32_t)in->day * 0x9E3779B97F4A7C15ull ^
		     ((uint64_t)in->site << 16 | in->category) * 0xC2B2AE3D27D4EB4Full;
	return util_mix(k);
}

/* Set on a row while find_duplicates() runs: it is already one half of a pair. */
#define MATCHED 0x8000u

/* Whether two rows of the same date, site and category (and other departments) can be one
 * event: every piece of evidence that both rows have must agree: the time of day when both
 * have one, the cost when both report one, and the count. Returns how many of the optional
 * pieces (time, cost) both had and agreed on, or -1 when something disagrees. */
static int dup_evidence(const struct incident *a, const struct incident *b)
{
	int score = 0;
	if (a->count != b->count)
		return -1;
	if (a->minute >= 0 && b->minute >= 0) {
		if (a->minute != b->minute)
			return -1;
		score++;
	}
	if (!(a->flags & REC_INC_NO_COST) && !(b->flags & REC_INC_NO_COST)) {
		if (a->cost_ore != b->cost_ore)
			return -1;
		score++;
	}
	return score;
}

/* Earlier rows of one key looked at per row at most: a key that thousands of rows share
 * must not make the pass quadratic (1 M rows on one key: 10^9 steps at most). */
#define DUP_CHAIN_MAX 1024

/* A pair found by the pass: row i is a duplicate of the earlier row k. */
struct dup_pair {
	uint32_t i, k;
};

static int by_row(const void *a, const void *b)
{
	const struct dup_pair *x = a, *y = b;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Matches the rows of one day (row[0..c), in load order) that share site and category.
 * tab (cap slots, a power of two, empty) and prev (c entries) are scratch; entries are
 * positions in row + 1. Appends each pair found to *pairs. */
static void match_day(struct incident *inc, const uint32_t *row, size_t c, uint32_t *tab,
		      size_t cap, uint32_t *prev, int need_evidence, struct dup_pair **pairs,
		      size_t *n_pairs, size_t *cap_pairs)
{
	for (size_t p = 0; p < c; p++) {
		struct incident *in = &inc[row[p]];
		if (!in->site)
			continue; /* never a duplicate, nor in the table */
		size_t j = dup_hash(in) & (cap - 1);
		for (;;) {
			uint32_t e = tab[j];
			if (!e)
				break;
			const struct incident *o = &inc[row[e - 1]];
			if (o->site == in->site && o->category == in->category)
				break;
			j = (j + 1) & (cap - 1);
		}
		prev[p] = tab[j];
		tab[j] = (uint32_t)p + 1;
		int best = -1;
		uint32_t best_k = 0;
		size_t steps = 0;
		for (uint32_t e = prev[p]; e && steps < DUP_CHAIN_MAX; e = prev[e - 1], steps++) {
			const struct incident *o = &inc[row[e - 1]];
			if (o->department == in->department ||
			    (o->flags & (MATCHED | REC_INC_DUPLICATE)))
				continue;
			int sc = dup_evidence(o, in);
			if (sc >= need_evidence && sc >= best) /* walking back: on a tie the earlier wins */
				best = sc, best_k = row[e - 1];
		}
		if (best < 0)
			continue;
		inc[best_k].flags |= MATCHED;
		in->flags |= REC_INC_DUPLICATE;
		*pairs = xgrow(*pairs, cap_pairs, *n_pairs, sizeof(**pairs));
		(*pairs)[(*n_pairs)++] = (struct dup_pair){row[p], best_k};
	}
}

/* The days [d0, d1) of the duplicate pass, matched by one thread (day d's rows are
 * row[start[d - 1] … start[d]), start[-1] being 0), with the pairs it finds. */
struct dup_part {
	struct incident *inc;
	const uint32_t *row, *start;
	size_t d0, d1;
	int need_evidence;
	struct dup_pair *pairs;
	size_t n_pairs, cap_pairs;
};

static void *match_days(void *arg)
{
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	struct dup_part *pt = arg;
	size_t widest = 0;
	for (size_t d = pt->d0; d < pt->d1; d++) {
		size_t c = pt->start[d] - (d ? pt->start[d - 1] : 0);
		widest = c > widest ? c : widest;
	}
	if (widest < 2)
		return NULL;
	size_t cap = 16;
	while (cap < widest + widest / 2)
		cap *= 2;
	uint32_t *tab = xcalloc(cap, sizeof(*tab));
	uint32_t *prev = xmalloc(widest * sizeof(*prev));
	for (size_t d = pt->d0; d < pt->d1; d++) {
		size_t from = d ? pt->start[d - 1] : 0, c = pt->start[d] - from;
		if (c < 2)
			continue;
		size_t dcap = 16;
		while (dcap < c + c / 2)
			dcap *= 2;
		match_day(pt->inc, pt->row + from, c, tab, dcap, prev, pt->need_evidence, &pt->pairs,
			  &pt->n_pairs, &pt->cap_pairs);
		memset(tab, 0, dcap * sizeof(*tab));
	}
	free(tab);
	free(prev);
	return NULL;
}

/* Rows with a site below which the duplicate pass runs on one thread. */
#define DUP_PARALLEL_MIN 8192

/* One pass over the incidents, after every file is in (so a file that failed has already
 * been taken out again). A row is a possible duplicate of an earlier row with the same date,
 * site and category, from another department, when all the other evidence both have agrees
 * (dup_evidence) and, with need_evidence, there is some (a time or a cost both have);
 * matching is one to one: a row is the duplicate of at most one other, and a row that
 * already has its duplicate (or is one) takes no second. Of several candidates the one
 * agreeing on most evidence wins, then the earliest. A duplicate moves from accepted to
 * duplicates in its source's stats, is listed in s->dups (in load order), and is flagged
 * (kept) or, with merge, dropped. Rows without a site are never duplicates: nothing says
 * they are the same place.
 *
 * Only rows of one day can match, so the rows are put in day order (a counting sort that
 * keeps load order within a day) and each day is matched alone, in a table sized to that
 * day: it stays in cache whatever the store's size. One table for the whole store grew out
 * of the caches and made the pass grow faster than the rows (5 M against 1 M rows). The
 * result is the same as a pass in load order, because rows of different days never meet;
 * for the same reason the days can be split over n_threads threads, each with its own
 * table, and the pairs put in load order afterwards. */
static void find_duplicates(struct rec_store *s, uint32_t *lines, int merge, int multi_dep,
			    int need_evidence, size_t n_threads)
{
	size_t n = s->n_incidents;
	if (n == 0 || n >= 0x7FFFFFFF)
		return;
	if (!multi_dep)
		return; /* one department: nothing can be a duplicate (and no table to fill) */
	struct incident *inc = s->incidents;
	size_t n_site = 0;
	rec_day lo = inc[0].day, hi = lo;
	for (size_t i = 0; i < n; i++) {
		n_site += inc[i].site != 0;
		lo = inc[i].day < lo ? inc[i].day : lo;
		hi = inc[i].day > hi ? inc[i].day : hi;
	}
	if (n_site < 2)
		return;
	/* every row, with a site or not: the order is the store's day index too */
	size_t n_days = (size_t)((int64_t)hi - lo + 1);
	uint32_t *start = xcalloc(n_days + 1, sizeof(*start));
	for (size_t i = 0; i < n; i++)
		start[inc[i].day - lo + 1]++;
	for (size_t d = 0; d < n_days; d++)
		start[d + 1] += start[d];
	uint32_t *row = xmalloc(n * sizeof(*row));
	for (size_t i = 0; i < n; i++) /* start[d] becomes the end of day d */
		row[start[inc[i].day - lo]++] = (uint32_t)i;
	/* days split into parts of about equal rows */
	if (n_site < DUP_PARALLEL_MIN || n_threads < 1)
		n_threads = 1;
	if (n_threads > 64)
		n_threads = 64;
	struct dup_part part[64];
	size_t n_parts = 0;
	for (size_t d = 0; n_parts < n_threads && d < n_days; n_parts++) {
		size_t want = n / n_threads * (n_parts + 1), d0 = d;
		if (n_parts + 1 == n_threads)
			d = n_days;
		while (d < n_days && start[d] <= want)
			d++;
		if (d == d0)
			d++;
		part[n_parts] = (struct dup_part){.inc = inc, .row = row, .start = start, .d0 = d0,
						  .d1 = d, .need_evidence = need_evidence};
	}
	pthread_t tid[64];
	size_t started = 0;
	for (; started + 1 < n_parts; started++)
		if (pthread_create(&tid[started], NULL, match_days, &part[started + 1]) != 0)
			break;
	match_days(&part[0]);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	for (size_t t = started + 1; t < n_parts; t++) /* threads that could not start */
		match_days(&part[t]);
	struct dup_pair *pairs = part[0].pairs;
	size_t n_pairs = part[0].n_pairs, cap_pairs = part[0].cap_pairs;
	for (size_t t = 1; t < n_parts; t++) {
		if (part[t].n_pairs) {
			pairs = xgrow(pairs, &cap_pairs, n_pairs + part[t].n_pairs - 1, sizeof(*pairs));
			memcpy(pairs + n_pairs, part[t].pairs, part[t].n_pairs * sizeof(*pairs));
			n_pairs += part[t].n_pairs;
		}
		free(part[t].pairs);
	}
	/* listed and counted in load order, as a pass in load order would */
	if (n_pairs)
		qsort(pairs, n_pairs, sizeof(*pairs), by_row);
	for (size_t p = 0; p < n_pairs; p++) {
		struct incident *in = &inc[pairs[p].i], *o = &inc[pairs[p].k];
		struct rec_duplicate r = {in->source, o->source, lines[pairs[p].i], lines[pairs[p].k]};
		rec_add_duplicate(s, &r);
		s->sources[in->source].accepted--;
		s->sources[in->source].duplicates++;
		o->flags &= (uint16_t)~MATCHED; /* only the earlier row of a pair has it */
	}
	free(pairs);
	if (!merge || !n_pairs) {
		/* the store stays as it is: row is its day index (rec_index_days) */
		if (n_days - 1 < REC_INDEX_DAYS_MAX) { /* as rec_index_days decides */
			memmove(start + 1, start, n_days * sizeof(*start));
			start[0] = 0;
			rec_set_day_index(s, row, start, lo, n_days);
		} else {
			free(row);
			free(start);
		}
		return;
	}
	free(row);
	free(start);
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (inc[i].flags & REC_INC_DUPLICATE)
			continue;
		inc[w++] = inc[i]; /* w <= i: compaction in place */
	}
	s->n_incidents = w;
}

/* ---- official statistics: repeats and conflicts ---- */

static uint32_t official_hash(const struct official *o)
{
	uint64_t k = ((uint64_t)o->area << 32 | o->crime) * 0x9E3779B97F4A7C15ull ^
		     ((uint64_t)(uint16_t)o->year << 8 | o->month) * 0xC2B2AE3D27D4EB4Full;
	return util_mix(k);
}

/* One figure per area, crime type and period. An exact repeat (Brå's exports repeat some
 * rows) is counted as a duplicate of the first and dropped; the same key with another
 * figure is a conflict: the later row is rejected, naming the first, because adding both
 * would count the same crimes twice. Runs after every file is in, in load order. */
static void official_duplicates(struct rec_store *s)
{
	size_t n = s->n_officials;
	if (n < 2 || n >= 0x7FFFFFFF)
		return;
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	uint32_t *tab = xcalloc(cap, sizeof(*tab));
	struct sbuf why = {0};
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		struct official o = s->officials[i];
		size_t j = official_hash(&o) & (cap - 1);
		int drop = 0;
		for (;;) {
			if (!tab[j]) {
				tab[j] = (uint32_t)w + 1;
				break;
			}
			const struct official *first = &s->officials[tab[j] - 1];
			if (first->area == o.area && first->crime == o.crime && first->year == o.year &&
			    first->month == o.month) {
				drop = 1;
				if (first->count == o.count && first->rate_x100 == o.rate_x100 &&
				    first->flags == o.flags) {
					struct rec_duplicate r = {o.source, first->source, o.line, first->line};
					rec_add_duplicate(s, &r);
					s->sources[o.source].duplicates++;
				} else {
					sbuf_reset(&why);
					sbuf_printf(&why,
						    "another figure for the same area, crime type and "
						    "period than %s:%u (%lld there, %lld here) — keep one of "
						    "the two exports",
						    s->sources[first->source].file, (unsigned)first->line,
						    (long long)first->count, (long long)o.count);
					rec_add_reject(s, o.source, o.line, prof_field_names[PF_COUNT],
						       sbuf_str(&why));
				}
				s->sources[o.source].accepted--;
				break;
			}
			j = (j + 1) & (cap - 1);
		}
		if (!drop)
			s->officials[w++] = o; /* w <= i: compaction in place */
	}
	s->n_officials = w;
	sbuf_free(&why);
	free(tab);
}

/* ---- sources in parallel ---- */

/* One file to load (or a source whose pattern matched nothing: file NULL, failure set). A
 * worker thread loads it into a store of its own, whose only source is the file; the main
 * thread then merges the stores in configuration order, so that ids, lists and stats come
 * out exactly as a one-thread load would give them. The merge has two steps: commit_job
 * (in order, on the main thread, as each file is done: source, strings, stats, rejects,
 * measures; cheap) and, once every file is done and the total is known, the copy of the
 * incidents into place (place_chunk), split over the threads. */
struct load_job {
	size_t src;         /* index into cfg->sources */
	char *file;         /* NULL: nothing to read, see failure */
	char *failure;
	struct rec_store *store;
	uint32_t *lines;    /* physical line of each of store's incidents */
	size_t cap_lines;
	int first_dep, multi_dep;
	int64_t cost_total; /* sum of |cost| over the file's accepted rows */
	int done;
	off_t size;         /* bytes: the biggest files start first */
	/* set by commit_job */
	uint32_t *map;      /* the file's string ids → the run's */
	size_t n_map;
	uint16_t id;        /* the file's source id in the run */
	size_t base, n;     /* its incidents go to the run's [base, base + n) */
	int in_place;       /* its incidents are the run's array already (the first file's) */
};

static void ctx_for_source(struct norm_ctx *c, const struct config *cfg,
			   const struct cfg_source *src)
{
	c->prof = src->profile;
	c->last_date_len = 0; /* another profile may read the same text as another date */
	c->n_used = 0;
	c->n_mapped = 0;
	for (int f = 0; f < PF__N; f++) {
		c->vals[f] = NULL;
		c->lens[f] = 0;
		if (!c->prof->col[f].used)
			continue;
		c->used[c->n_used++] = f;
		if (c->prof->col[f].n_map && f != PF_CATEGORY && f != PF_LOCALITY &&
		    f != PF_DEPARTMENT)
			c->mapped[c->n_mapped++] = f;
	}
	c->department = src->department ? config_find_department(cfg, src->department) : -1;
}

/* Runs in a worker thread: touches only the job and what the configuration lends
 * read-only (libxml2 keeps its error handler per thread, see xmlsafe.c). */
static void run_job(const struct config *cfg, struct load_job *j)
{
	const struct cfg_source *src = &cfg->sources[j->src];
	struct norm_ctx c = {.cfg = cfg, .first_dep = -1};
	ctx_for_source(&c, cfg, src);
	j->store = rec_store_new();
	c.store = j->store;
	load_file(cfg, src, j->file, j->store, &c);
	j->lines = c.lines;
	j->cap_lines = c.cap_lines;
	j->first_dep = c.first_dep;
	j->multi_dep = c.multi_dep;
	j->cost_total = c.cost_total;
	cache_free(&c.cat);
	cache_free(&c.loc);
	cache_free(&c.dep);
	sbuf_free(&c.why);
	for (int f = 0; f < PF__N; f++)
		free(c.bufs[f]);
}

/* Takes job j's store into s (g: the run's lines, departments and cost total; *total: the
 * incidents committed so far), all but the incidents themselves: those only get their place,
 * [j->base, j->base + j->n), filled by place_chunk once every file is in. Strings are
 * interned again in the file's own first-seen order, which gives the ids a one-thread load
 * gives; the first file's incidents and lines are taken over rather than copied. */
static void commit_job(const struct config *cfg, struct rec_store *s, struct norm_ctx *g,
		       struct load_job *j, size_t *total)
{
	const struct profile *prof = cfg->sources[j->src].profile;
	const char *format = prof->format == PROF_XML ? "xml" : "csv";
	if (!j->file) {
		uint16_t id = add_source(s, j->failure, format, NULL);
		s->sources[id].failed = 1;
		s->sources[id].failure = xasprintf(
			"%s: no file matches this source — check the path in the configuration",
			j->failure);
		s->sources[id].failure_at = strlen(j->failure);
		norm_redact_pnr(s->sources[id].failure);
		return;
	}
	struct rec_store *p = j->store;
	/* counted in the file's own stats (load_file), taken over below */
	uint16_t id = add_source(s, j->file, format, NULL);
	if (j->cost_total > NORM_MONEY_TOTAL_MAX_ORE - g->cost_total) {
		/* Each file's rows stay within the bound as they are read (a row past it is
		 * rejected); files are read apart, so a file that would take the run's total
		 * past it is not used at all, whatever the number of threads. */
		struct rec_source_stats *st = &s->sources[id], *ps = &p->sources[0];
		st->read = ps->read;
		st->rejected = ps->read;
		st->failed = 1;
		st->failure = xasprintf("%s: the costs of this file take the costs of all files "
					"beyond 100 000 000 000 000 kr, more than trygg adds up — "
					"check the export's cost column",
					j->file);
		st->failure_at = strlen(j->file);
		norm_redact_pnr(st->failure);
		free(j->lines);
		j->lines = NULL;
		rec_store_free(p);
		j->store = NULL;
		return;
	}
	g->cost_total += j->cost_total;
	j->id = id;
	j->n_map = p->n_strs;
	j->map = xmalloc(p->n_strs * sizeof(*j->map));
	j->map[0] = 0;
	for (size_t k = 1; k < p->n_strs; k++)
		j->map[k] = rec_intern_n(s, p->strs[k], p->strkeys[k].len);

	j->base = s->n_incidents + *total;
	j->n = p->n_incidents;
	if (j->base == 0 && j->n && !g->lines) {
		/* the first file's arrays become the run's, its incidents renumbered in place */
		rec_take_incidents(s, p);
		s->n_incidents = 0; /* counted in *total until place_all */
		g->lines = j->lines;
		g->cap_lines = j->cap_lines;
		j->lines = NULL;
		j->in_place = 1;
	}
	*total += j->n;
	for (size_t i = 0; i < p->n_measures; i++) {
		struct measure m = p->measures[i];
		m.name = j->map[m.name];
		m.site = j->map[m.site];
		m.source = id;
		rec_add_measure(s, &m);
	}
	for (size_t i = 0; i < p->n_officials; i++) {
		struct official o = p->officials[i];
		o.area = j->map[o.area];
		o.crime = j->map[o.crime];
		o.source = id;
		rec_add_official(s, &o);
	}
	for (size_t i = 0; i < p->n_rejects; i++) {
		const struct rec_reject *r = &p->rejects[i];
		rec_add_reject(s, id, r->line, r->field, r->reason);
	}
	/* the file's stats, moved over whole so that every field travels (rec_add_reject
	 * counted into st; ps has the true counts); st keeps its own names */
	struct rec_source_stats *st = &s->sources[id], *ps = &p->sources[0];
	char *file = st->file, *fmt = st->format;
	free(st->encoding);
	free(ps->file);
	free(ps->format);
	*st = *ps;
	st->file = file;
	st->format = fmt;
	memset(ps, 0, sizeof(*ps)); /* its pointers are st's now */
	if (j->first_dep >= 0) {
		if (g->first_dep < 0)
			g->first_dep = j->first_dep;
		else if (j->first_dep != g->first_dep)
			g->multi_dep = 1;
	}
	g->multi_dep |= j->multi_dep;
	if (j->in_place) {
		/* nothing to renumber when the file's ids are the run's already */
		int same = id == 0;
		for (size_t k = 0; same && k < j->n_map; k++)
			same = j->map[k] == k;
		if (same)
			j->n = 0;
	}
}

/* Incidents placed per step of the copy: 1 MiB, whole pages of a job's own array, which
 * are given back as soon as they are copied. */
#define PLACE_CHUNK ((size_t)1 << 15)

struct place_pool {
	struct rec_store *s;
	uint32_t *lines;
	struct load_job *jobs;
	size_t n_jobs;
	size_t job, at; /* the next chunk: job number, first incident */
	pthread_mutex_t mu;
};

/* Renumbers and copies incidents [from, to) of job j into their place in s (lines too), and
 * gives back the job's copy of them. */
static void place_chunk(struct rec_store *s, uint32_t *lines, struct load_job *j, size_t from,
			size_t to)
{
	struct incident *dst = s->incidents + j->base;
	const struct incident *src = j->in_place ? dst : j->store->incidents;
	const uint32_t *map = j->map;
	uint16_t id = j->id;
	for (size_t i = from; i < to; i++) {
		struct incident in = src[i];
		in.source = id;
		in.site = map[in.site];
		dst[i] = in;
	}
	if (j->in_place)
		return;
	memcpy(lines + j->base + from, j->lines + from, (to - from) * sizeof(*lines));
	rec_release_incidents(j->store, from, to);
}

/* Takes the next chunk; 0 when there is none. */
static int next_chunk(struct place_pool *pp, struct load_job **j, size_t *from, size_t *to)
{
	int got = 0;
	pthread_mutex_lock(&pp->mu);
	while (pp->job < pp->n_jobs && pp->at >= pp->jobs[pp->job].n)
		pp->job++, pp->at = 0;
	if (pp->job < pp->n_jobs) {
		*j = &pp->jobs[pp->job];
		*from = pp->at;
		*to = (*j)->n - pp->at > PLACE_CHUNK ? pp->at + PLACE_CHUNK : (*j)->n;
		pp->at = *to;
		got = 1;
	}
	pthread_mutex_unlock(&pp->mu);
	return got;
}

static void *place_worker(void *arg)
{
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	struct place_pool *pp = arg;
	struct load_job *j;
	size_t from, to;
	while (next_chunk(pp, &j, &from, &to))
		place_chunk(pp->s, pp->lines, j, from, to);
	return NULL;
}

/* Puts every committed incident in its place (see commit_job) on up to n_threads threads:
 * the places are fixed and apart, so the order of the chunks does not matter. */
static void place_all(struct rec_store *s, struct norm_ctx *g, struct load_job *jobs,
		      size_t n_jobs, size_t total, size_t n_threads)
{
	size_t n_all = s->n_incidents + total;
	if (!total)
		return;
	rec_reserve_incidents(s, n_all);
	g->lines = xgrow(g->lines, &g->cap_lines, n_all - 1, sizeof(*g->lines));
	struct place_pool pp = {.s = s, .lines = g->lines, .jobs = jobs, .n_jobs = n_jobs};
	size_t chunks = 0;
	for (size_t k = 0; k < n_jobs; k++)
		chunks += (jobs[k].n + PLACE_CHUNK - 1) / PLACE_CHUNK;
	if (n_threads > chunks)
		n_threads = chunks;
	pthread_mutex_init(&pp.mu, NULL);
	pthread_t tid[64];
	size_t started = 0;
	for (; started + 1 < n_threads; started++)
		if (pthread_create(&tid[started], NULL, place_worker, &pp) != 0)
			break;
	place_worker(&pp);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&pp.mu);
	s->n_incidents = n_all;
}

/* The files of every source in configuration order (glob sorts each source's by name). */
static struct load_job *plan_jobs(const struct config *cfg, size_t *n_jobs)
{
	struct load_job *jobs = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < cfg->n_sources; i++) {
		const struct cfg_source *src = &cfg->sources[i];
		char *pattern = util_path_join(cfg->dir, src->pattern);
		glob_t g;
		int gr = strpbrk(src->pattern, "*?[") ? glob(pattern, 0, NULL, &g) : -2;
		if (gr == -2) {
			/* a plain file name: a missing file is reported by the reader as such */
			jobs = xgrow(jobs, &cap, n, sizeof(*jobs));
			jobs[n++] = (struct load_job){.src = i, .file = pattern};
			continue;
		}
		if (gr != 0 || g.gl_pathc == 0) {
			jobs = xgrow(jobs, &cap, n, sizeof(*jobs));
			jobs[n++] = (struct load_job){.src = i, .failure = pattern};
			pattern = NULL;
		} else {
			for (size_t k = 0; k < g.gl_pathc; k++) {
				jobs = xgrow(jobs, &cap, n, sizeof(*jobs));
				jobs[n++] = (struct load_job){.src = i, .file = xstrdup(g.gl_pathv[k])};
			}
		}
		if (gr == 0)
			globfree(&g);
		free(pattern);
	}
	*n_jobs = n;
	return jobs;
}

/* Threads for loading: util_threads(), at most one per file. */
static size_t load_threads(size_t n_files)
{
	size_t n = (size_t)util_threads();
	return n < n_files ? n : n_files;
}

struct load_pool {
	const struct config *cfg;
	struct load_job *jobs;
	size_t *order; /* job numbers, biggest file first: the longest job must not start last */
	size_t n_jobs, next;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *load_worker(void *arg)
{
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	struct load_pool *pool = arg;
	for (;;) {
		pthread_mutex_lock(&pool->mu);
		size_t next = pool->next++;
		pthread_mutex_unlock(&pool->mu);
		if (next >= pool->n_jobs)
			return NULL;
		size_t k = pool->order[next];
		if (pool->jobs[k].file)
			run_job(pool->cfg, &pool->jobs[k]);
		pthread_mutex_lock(&pool->mu);
		pool->jobs[k].done = 1;
		pthread_cond_broadcast(&pool->cv);
		pthread_mutex_unlock(&pool->mu);
	}
}

int norm_load_sources(const struct config *cfg, struct rec_store *s, struct diag *d)
{
	(void)d;
	timing_start();
	struct norm_ctx c = {.cfg = cfg, .store = s, .first_dep = -1};
	size_t n_jobs, n_files = 0;
	struct load_job *jobs = plan_jobs(cfg, &n_jobs);
	for (size_t k = 0; k < n_jobs; k++)
		n_files += jobs[k].file != NULL;
	size_t n_threads = load_threads(n_files), started = 0;
	struct load_pool pool = {.cfg = cfg, .jobs = jobs, .n_jobs = n_jobs};
	pthread_t tid[64];
	if (n_threads > 1) {
		pool.order = xmalloc(n_jobs * sizeof(*pool.order));
		for (size_t k = 0; k < n_jobs; k++) {
			struct stat st;
			jobs[k].size = jobs[k].file && stat(jobs[k].file, &st) == 0 ? st.st_size : 0;
			/* insertion sort, stable: a handful of files */
			size_t at = k;
			while (at > 0 && jobs[pool.order[at - 1]].size < jobs[k].size) {
				pool.order[at] = pool.order[at - 1];
				at--;
			}
			pool.order[at] = k;
		}
		pthread_mutex_init(&pool.mu, NULL);
		pthread_cond_init(&pool.cv, NULL);
		for (; started < n_threads; started++)
			if (pthread_create(&tid[started], NULL, load_worker, &pool) != 0)
				break;
	}
	/* committed in configuration order as each file is done; without threads (one CPU, or
	 * none could be started) the files load here, one after the other */
	size_t total = 0;
	for (size_t k = 0; k < n_jobs; k++) {
		if (started) {
			pthread_mutex_lock(&pool.mu);
			while (!jobs[k].done)
				pthread_cond_wait(&pool.cv, &pool.mu);
			pthread_mutex_unlock(&pool.mu);
		} else if (jobs[k].file) {
			run_job(cfg, &jobs[k]);
		}
		commit_job(cfg, s, &c, &jobs[k], &total);
	}
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	if (n_threads > 1) {
		pthread_mutex_destroy(&pool.mu);
		pthread_cond_destroy(&pool.cv);
	}
	place_all(s, &c, jobs, n_jobs, total, n_threads > 1 ? n_threads : 1);
	for (size_t k = 0; k < n_jobs; k++) {
		free(jobs[k].file);
		free(jobs[k].failure);
		free(jobs[k].map);
		free(jobs[k].lines);
		rec_store_free(jobs[k].store);
	}
	free(pool.order);
	free(jobs);
	timing_mark("load");
	find_duplicates(s, c.lines, cfg->merge_duplicates, c.multi_dep,
			cfg->duplicates_need_evidence ? 1 : 0, load_threads(SIZE_MAX));
	free(c.lines);
	official_duplicates(s);
	timing_mark("duplicates");
	if (!s->by_day || s->n_by_day != s->n_incidents) /* the duplicate pass may have built it */
		rec_index_days(s);
	timing_mark("index");
	return 0;
}
