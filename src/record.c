/* record.c - the record store: growable arrays of compact records, interned strings and the
 * per-source accounting; plus the calendar arithmetic records are expressed in. */
#include "record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The store's memory per record is promised in doc/ingest.md: keep the record compact. */
_Static_assert(sizeof(struct incident) == 32, "struct incident must stay 32 bytes");

struct rec_store *rec_store_new(void)
{
	struct rec_store *s = xcalloc(1, sizeof(*s));
	/* id 0 is the empty string */
	s->strs = xgrow(NULL, &s->cap_strs, 0, sizeof(char *));
	s->strs[0] = "";
	s->strkeys = xgrow(NULL, &s->cap_strkeys, 0, sizeof(*s->strkeys));
	s->strkeys[0] = (struct rec_strkey){0, 0};
	s->n_strs = 1;
	return s;
}

void rec_store_free(struct rec_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_sources; i++) {
		free(s->sources[i].file);
		free(s->sources[i].format);
		free(s->sources[i].encoding);
		free(s->sources[i].failure);
		for (size_t k = 0; k < s->sources[i].n_skipped; k++)
			free(s->sources[i].skipped[k].name);
		free(s->sources[i].skipped);
	}
	free(s->sources);
	free(s->incidents);
	free(s->measures);
	free(s->officials);
	free(s->rejects);
	free(s->dups);
	free(s->strs);
	free(s->strkeys);
	free(s->hash);
	arena_free(&s->arena);
	free(s);
}

static void rehash(struct rec_store *s, size_t cap)
{
	free(s->hash);
	s->hash = xcalloc(cap, sizeof(uint32_t));
	s->hash_cap = cap;
	for (uint32_t id = 1; id < s->n_strs; id++) {
		size_t i = s->strkeys[id].hash & (cap - 1);
		while (s->hash[i])
			i = (i + 1) & (cap - 1);
		s->hash[i] = id;
	}
}

uint32_t rec_intern(struct rec_store *s, const char *str)
{
	return str ? rec_intern_n(s, str, strlen(str)) : 0;
}

/* Runs for the site of every row: the hash is computed once, and a probe compares the
 * stored hash and length before it looks at any bytes. (Values are far below 4 GiB: the
 * readers cap a field at 1 MiB, libxml2 a text node at 10 MB.) */
uint32_t rec_intern_n(struct rec_store *s, const char *str, size_t len)
{
	if (!str || !len)
		return 0;
	if (s->n_strs * 2 >= s->hash_cap)
		rehash(s, s->hash_cap ? s->hash_cap * 2 : 256);
	uint32_t h = util_hash(str, len);
	size_t i = h & (s->hash_cap - 1);
	while (s->hash[i]) {
		uint32_t id = s->hash[i];
		const struct rec_strkey *k = &s->strkeys[id];
		if (k->hash == h && k->len == len && memcmp(s->strs[id], str, len) == 0)
			return id;
		i = (i + 1) & (s->hash_cap - 1);
	}
	uint32_t id = (uint32_t)s->n_strs;
	s->strs = xgrow(s->strs, &s->cap_strs, s->n_strs, sizeof(char *));
	s->strkeys = xgrow(s->strkeys, &s->cap_strkeys, s->n_strs, sizeof(*s->strkeys));
	s->strs[s->n_strs] = arena_strndup(&s->arena, str, len);
	s->strkeys[s->n_strs] = (struct rec_strkey){h, (uint32_t)len};
	s->n_strs++;
	s->hash[i] = id;
	return id;
}

const char *rec_str(const struct rec_store *s, uint32_t id)
{
	return id < s->n_strs ? s->strs[id] : "";
}

uint16_t rec_add_source(struct rec_store *s, const char *file, const char *format)
{
	s->sources = xgrow(s->sources, &s->cap_sources, s->n_sources, sizeof(*s->sources));
	struct rec_source_stats *st = &s->sources[s->n_sources];
	memset(st, 0, sizeof(*st));
	st->file = xstrdup(file);
	st->format = xstrdup(format ? format : "");
	st->encoding = xstrdup("");
	return (uint16_t)s->n_sources++;
}

void rec_add_skipped(struct rec_store *s, uint16_t source, const char *name, long count)
{
	struct rec_source_stats *st = &s->sources[source];
	st->skipped = xrealloc(st->skipped, (st->n_skipped + 1) * sizeof(*st->skipped));
	st->skipped[st->n_skipped++] = (struct rec_skipped){xstrdup(name), count};
}

/* Asks for transparent huge pages on a big array: filling a million records otherwise takes
 * one page fault per 4 KiB, which measured as 7 % of a whole ingest. Memory stays what is
 * touched (plus at most one 2 MiB page); only a hint, so errors do not matter. The advice
 * covers whole pages from the array's first to its last: malloc maps a big block as one
 * mapping of exactly that, and advice on part of a mapping would split it, after which
 * realloc can no longer move it with mremap and copies instead. */
static void advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t page = 4096;
	if (len < (4u << 20))
		return;
	uintptr_t a = (uintptr_t)p & ~(page - 1);
	uintptr_t z = ((uintptr_t)p + len + page - 1) & ~(page - 1);
	(void)madvise((void *)a, z - a, MADV_HUGEPAGE);
#else
	(void)p, (void)len;
#endif
}

void rec_add_incident(struct rec_store *s, const struct incident *in)
{
	/* the hot path of a big ingest: one comparison unless the array must grow */
	if (s->n_incidents >= s->cap_incidents) {
		s->incidents = xgrow(s->incidents, &s->cap_incidents, s->n_incidents, sizeof(*in));
		advise_huge(s->incidents, s->cap_incidents * sizeof(*in));
	}
	s->incidents[s->n_incidents++] = *in;
}

void rec_add_measure(struct rec_store *s, const struct measure *m)
{
	s->measures = xgrow(s->measures, &s->cap_measures, s->n_measures, sizeof(*m));
	s->measures[s->n_measures++] = *m;
}

void rec_add_official(struct rec_store *s, const struct official *o)
{
	s->officials = xgrow(s->officials, &s->cap_officials, s->n_officials, sizeof(*o));
	s->officials[s->n_officials++] = *o;
}

void rec_add_reject(struct rec_store *s, uint16_t source, long line, const char *field,
		    const char *reason)
{
	s->rejects = xgrow(s->rejects, &s->cap_rejects, s->n_rejects, sizeof(*s->rejects));
	struct rec_reject *r = &s->rejects[s->n_rejects++];
	r->source = source;
	r->line = line;
	r->field = field;
	r->reason = arena_strdup(&s->arena, reason);
	if (source < s->n_sources)
		s->sources[source].rejected++;
}

void rec_add_duplicate(struct rec_store *s, const struct rec_duplicate *dup)
{
	s->dups = xgrow(s->dups, &s->cap_dups, s->n_dups, sizeof(*dup));
	s->dups[s->n_dups++] = *dup;
}

/* ---- calendar (Howard Hinnant's days_from_civil, proleptic Gregorian) ---- */

rec_day rec_day_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (rec_day)(era * 146097 + (int)doe - 719468);
}

void rec_day_to_ymd(rec_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)yoe + era * 400 + (*m <= 2);
}

int rec_days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* Up to 9999-12-31, the last day a four-digit year can write (exports use it for "no end
 * date"); before 1900 no export of ours has a real date. */
int rec_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= rec_days_in_month(y, m);
}

int rec_weekday(rec_day day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0) */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}
