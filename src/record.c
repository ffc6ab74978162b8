/* record.c - the record store: growable arrays of compact records, interned strings and the
 * per-source accounting; plus the calendar arithmetic records are expressed in. */
/* mremap (grow an array without copying it) is a GNU extension */
#define _GNU_SOURCE
#include "record.h"

#include <stdint.h>
#include <stdio.h>
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
	if (s->incidents)
		munmap(s->incidents, s->cap_incidents * sizeof(*s->incidents));
	free(s->measures);
	free(s->officials);
	free(s->rejects);
	free(s->dups);
	free(s->strs);
	free(s->strkeys);
	free(s->hash);
	free(s->by_day);
	free(s->day_start);
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
		if (k->hash == h && k->len == len && rec_same_bytes(s->strs[id], str, len))
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

/* The incidents are the one array that grows with the rows: it lives in a mapping of its
 * own, so that growing it moves page tables (mremap) instead of copying records (a copy
 * per doubling, and malloc's heap chunks cannot be remapped), a merge can give back the
 * pages of what it has copied (rec_release_incidents), and huge pages can be asked for on
 * the whole mapping: filling a million records otherwise takes one page fault per 4 KiB.
 * The capacity is always whole pages. */
#define PAGE_BYTES ((size_t)4096)

static void grow_incidents(struct rec_store *s, size_t need)
{
	size_t size = sizeof(*s->incidents), cap = s->cap_incidents ? s->cap_incidents : PAGE_BYTES / size;
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / size) {
			fprintf(stderr, "trygg: out of memory (%zu incidents)\n", need);
			abort();
		}
		cap *= 2;
	}
	if (cap == s->cap_incidents)
		return;
	void *p = s->incidents ? mremap(s->incidents, s->cap_incidents * size, cap * size, MREMAP_MAYMOVE)
			       : mmap(NULL, cap * size, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "trygg: out of memory (%zu bytes)\n", cap * size);
		abort();
	}
#ifdef MADV_HUGEPAGE
	/* only a hint: errors do not matter */
	if (cap * size >= (4u << 20))
		(void)madvise(p, cap * size, MADV_HUGEPAGE);
#endif
	s->incidents = p;
	s->cap_incidents = cap;
}

void rec_add_incident(struct rec_store *s, const struct incident *in)
{
	/* the hot path of a big ingest: one comparison unless the array must grow */
	if (s->n_incidents >= s->cap_incidents)
		grow_incidents(s, s->n_incidents + 1);
	s->incidents[s->n_incidents++] = *in;
}

void rec_reserve_incidents(struct rec_store *s, size_t n)
{
	if (n > s->cap_incidents)
		grow_incidents(s, n);
}

void rec_release_incidents(struct rec_store *s, size_t from, size_t to)
{
	size_t size = sizeof(*s->incidents);
	if (to > s->cap_incidents)
		to = s->cap_incidents;
	size_t a = (from * size + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
	size_t z = to == s->cap_incidents ? to * size : to * size / PAGE_BYTES * PAGE_BYTES;
	if (from < to && a < z)
		(void)madvise((char *)s->incidents + a, z - a, MADV_DONTNEED);
}

void rec_take_incidents(struct rec_store *to, struct rec_store *from)
{
	if (to->incidents)
		munmap(to->incidents, to->cap_incidents * sizeof(*to->incidents));
	to->incidents = from->incidents;
	to->n_incidents = from->n_incidents;
	to->cap_incidents = from->cap_incidents;
	from->incidents = NULL;
	from->n_incidents = from->cap_incidents = 0;
}

void rec_index_days(struct rec_store *s)
{
	free(s->by_day);
	free(s->day_start);
	s->by_day = NULL;
	s->day_start = NULL;
	s->n_by_day = s->n_days = 0;
	size_t n = s->n_incidents;
	if (n == 0 || n > UINT32_MAX)
		return;
	rec_day lo = s->incidents[0].day, hi = lo;
	for (size_t i = 1; i < n; i++) {
		rec_day d = s->incidents[i].day;
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	if ((int64_t)hi - lo >= REC_INDEX_DAYS_MAX)
		return;
	size_t days = (size_t)(hi - lo) + 1;
	uint32_t *start = xcalloc(days + 1, sizeof(*start));
	for (size_t i = 0; i < n; i++)
		start[s->incidents[i].day - lo + 1]++;
	for (size_t k = 1; k <= days; k++)
		start[k] += start[k - 1];
	uint32_t *next = xmalloc(days * sizeof(*next));
	memcpy(next, start, days * sizeof(*next));
	uint32_t *idx = xmalloc(n * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[next[s->incidents[i].day - lo]++] = (uint32_t)i;
	free(next);
	s->by_day = idx;
	s->n_by_day = n;
	s->day_start = start;
	s->day0 = lo;
	s->n_days = days;
}

void rec_set_day_index(struct rec_store *s, uint32_t *by_day, uint32_t *day_start, rec_day day0,
		       size_t n_days)
{
	free(s->by_day);
	free(s->day_start);
	s->by_day = by_day;
	s->n_by_day = s->n_incidents;
	s->day_start = day_start;
	s->day0 = day0;
	s->n_days = n_days;
}

const uint32_t *rec_days(const struct rec_store *s, rec_day first, rec_day last, size_t *n)
{
	if (!s->by_day || s->n_by_day != s->n_incidents) {
		*n = 0;
		return NULL;
	}
	int64_t a = (int64_t)first - s->day0, b = (int64_t)last - s->day0 + 1;
	a = a < 0 ? 0 : a > (int64_t)s->n_days ? (int64_t)s->n_days : a;
	b = b < a ? a : b > (int64_t)s->n_days ? (int64_t)s->n_days : b;
	*n = s->day_start[b] - s->day_start[a];
	return s->by_day + s->day_start[a];
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
