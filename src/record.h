/* record.h - the record store: normalized incidents and measures, compact and arena-backed,
 * with interned strings (sites, measure names), plus the per-source accounting of what was
 * accepted, rejected or counted as a duplicate.
 *
 * Ownership: rec_store_new()/rec_store_free(). Strings returned by rec_str() belong to the
 * store. */
#ifndef TRYGG_RECORD_H
#define TRYGG_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

/* Days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t rec_day;

/* incident.flags */
enum {
	/* A later report, by another department, of an event already reported (same date, site
	 * and category, and every other piece of evidence both rows have agrees: time, cost,
	 * count; one to one, doc/ingest.md); kept and counted (duplicates="flag") — with
	 * duplicates="merge" such a row is not stored at all. See rec_store.dups. */
	REC_INC_DUPLICATE = 1,
	/* The source reports no cost for this row (no cost column, or an empty cell): the cost
	 * is unknown, not 0 (cost_ore holds 0 so that sums stay sums of what was reported). */
	REC_INC_NO_COST = 2,
};

struct incident {
	rec_day day;
	int16_t minute; /* minute of day, -1 when the export has no time */
	uint16_t category, locality, department, source;
	uint16_t flags; /* REC_INC_*; fills what would be padding: the struct stays 32 bytes */
	uint32_t site;  /* interned string id, 0 = none */
	int32_t count; /* 1 for single events, more for pre-aggregated rows */
	int64_t cost_ore;
};

/* measure.flags: what the source does not report for this measure (no column, or an empty
 * cell). The value then holds 0, which is unknown, not zero: aggregates say "not reported". */
enum {
	REC_MEA_NO_COST = 1,
	REC_MEA_NO_PEOPLE = 2,
	REC_MEA_NO_HOURS = 4,
};

struct measure {
	rec_day start, end;
	uint16_t department, locality, source;
	uint16_t flags; /* REC_MEA_*; fills what would be padding */
	uint32_t name, site;  /* interned */
	int64_t hours_x100;   /* hours in hundredths */
	int64_t cost_ore;
	int32_t people;
};

/* official.flags */
enum {
	REC_OFF_PRELIMINARY = 1, /* the year is marked preliminary ("2026 prel.") */
};

/* Official statistics (Brå's police-reported crime): one published figure for one area, crime
 * type and year or month. Kept apart from the incidents: no incident table ever reads them. */
struct official {
	uint32_t area;     /* interned: the area as exported ("Hela landet", "1260 Bjuv") */
	uint32_t crime;    /* interned: the crime type as exported */
	int16_t year;
	uint8_t month;     /* 1-12, or 0 for the whole year */
	uint8_t flags;     /* REC_OFF_* */
	uint16_t source;
	uint32_t line;     /* physical line, 1-based, for duplicate and conflict messages */
	int64_t count;     /* reported crimes; 0 is a real figure here */
	int64_t rate_x100; /* per 100 000 inhabitants, in hundredths, or -1 when not given */
};

struct rec_reject {
	uint16_t source;
	long line;
	const char *field;  /* static field name, or NULL */
	const char *reason; /* in the store's arena */
};

/* A row counted as a duplicate: source:line repeats of_source:of_line (lines are physical
 * lines, 1-based). Kept compact: a big merge may list many. */
struct rec_duplicate {
	uint16_t source, of_source;
	uint32_t line, of_line;
};

struct rec_source_stats {
	char *file;     /* the expanded file name */
	char *format;   /* "csv" / "xml" */
	char *encoding; /* as detected: "utf-8", "utf-8-bom", "windows-1252" */
	long read, accepted, rejected, duplicates, redacted;
	int failed; /* the file could not be used at all (see failure) */
	char *failure;     /* "FILE[:LINE]: why" */
	size_t failure_at; /* length of the "FILE[:LINE]" part of failure */
	int official; /* read as official statistics: its duplicates are exact repeats, dropped */
	/* XML: elements at the record level that are no record element of the profile, per
	 * name (not read, never skipped silently); skipped_other counts those past the list.
	 * `trygg check` and the data-quality appendix print them. */
	struct rec_skipped *skipped;
	size_t n_skipped;
	long skipped_other;
};

struct rec_skipped {
	char *name; /* the element's local name */
	long count;
};

struct rec_strkey {
	uint32_t hash, len;
};

struct rec_store {
	struct incident *incidents;
	size_t n_incidents, cap_incidents;
	struct measure *measures;
	size_t n_measures, cap_measures;
	struct rec_reject *rejects;
	size_t n_rejects, cap_rejects;
	struct rec_duplicate *dups; /* in load order of the duplicate rows */
	size_t n_dups, cap_dups;
	struct rec_source_stats *sources;
	size_t n_sources, cap_sources;
	struct arena arena;
	/* interned strings: id → string, and an open-addressing hash for lookup */
	char **strs;
	size_t n_strs, cap_strs;
	struct rec_strkey *strkeys; /* parallel to strs: probing compares these, not bytes */
	size_t cap_strkeys;
	uint32_t *hash;
	size_t hash_cap;
	/* Day index (rec_index_days): incident numbers ordered by day, load order within a day;
	 * the incidents of day d are by_day[day_start[d - day0] … day_start[d - day0 + 1]).
	 * Valid while n_by_day == n_incidents: a report reads one period and its baseline out
	 * of years of data, and scans those days only. */
	uint32_t *by_day;
	size_t n_by_day;
	uint32_t *day_start;
	rec_day day0;
	size_t n_days;
	/* official statistics, in load order (exact duplicates dropped: see rec_source_stats) */
	struct official *officials;
	size_t n_officials, cap_officials;
};

struct rec_store *rec_store_new(void);
void rec_store_free(struct rec_store *s);

uint32_t rec_intern(struct rec_store *s, const char *str); /* "" and NULL → 0 */
/* The same for str of len bytes (len == strlen(str); the ingest hot path knows it). */
uint32_t rec_intern_n(struct rec_store *s, const char *str, size_t len);
const char *rec_str(const struct rec_store *s, uint32_t id); /* 0 → "" */
/* Whether n bytes at a and b are the same: the probe of an interning or lookup table, for
 * the short values (sites, categories, localities) of every row, without a call to memcmp
 * for those up to 16 bytes. */
static inline int rec_same_bytes(const char *a, const char *b, size_t n)
{
	if (n < 4) /* first, middle and last byte: all of them */
		return !n || (a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]);
	if (n < 8) {
		uint32_t w, x, y, z; /* the first and the last four bytes, overlapping */
		memcpy(&w, a, 4);
		memcpy(&x, b, 4);
		memcpy(&y, a + n - 4, 4);
		memcpy(&z, b + n - 4, 4);
		return ((w ^ x) | (y ^ z)) == 0;
	}
	if (n <= 16) {
		uint64_t w, x, y, z; /* the first and the last eight bytes, overlapping */
		memcpy(&w, a, 8);
		memcpy(&x, b, 8);
		memcpy(&y, a + n - 8, 8);
		memcpy(&z, b + n - 8, 8);
		return ((w ^ x) | (y ^ z)) == 0;
	}
	return memcmp(a, b, n) == 0;
}

/* Registers a source file; returns its index. file/format/encoding are copied. */
uint16_t rec_add_source(struct rec_store *s, const char *file, const char *format);
void rec_add_incident(struct rec_store *s, const struct incident *in);
/* Makes room for n incidents in all (a merge of many appends them at once). The incidents
 * live in a mapping of their own (never passed to free or realloc): growing moves no
 * records. */
void rec_reserve_incidents(struct rec_store *s, size_t n);
/* Gives back the memory of incidents [from, to) of s (the whole pages inside), which the
 * caller has copied elsewhere: they read as zeros afterwards. For a merge that frees s
 * next, so that the memory of the records is not held twice. */
void rec_release_incidents(struct rec_store *s, size_t from, size_t to);
/* Moves the incidents of from into to, which has none: no record is copied; from has none
 * afterwards. */
void rec_take_incidents(struct rec_store *to, struct rec_store *from);
void rec_add_measure(struct rec_store *s, const struct measure *m);
/* Builds the day index (see struct rec_store) after loading: a counting sort, O(incidents +
 * days). Stores of more than 2^32 - 1 incidents or a span of over 100 000 days get none. */
void rec_index_days(struct rec_store *s);
#define REC_INDEX_DAYS_MAX 100000
/* Takes by_day and day_start (malloc'd; see struct rec_store) as the day index of the
 * incidents as they are now, from a pass that has put them in day order already: the
 * index rec_index_days would build. */
void rec_set_day_index(struct rec_store *s, uint32_t *by_day, uint32_t *day_start, rec_day day0,
		       size_t n_days);
/* The incident numbers of days first … last through the day index, their count in *n; NULL
 * when the store has no valid index (then scan all incidents). */
const uint32_t *rec_days(const struct rec_store *s, rec_day first, rec_day last, size_t *n);
void rec_add_official(struct rec_store *s, const struct official *o);
/* Records a reject; reason is copied. Also counts it in the source's stats. */
void rec_add_reject(struct rec_store *s, uint16_t source, long line, const char *field,
		    const char *reason);

/* Adds count elements named name to the source's skipped list (name is copied). */
void rec_add_skipped(struct rec_store *s, uint16_t source, const char *name, long count);

/* Records a duplicate row (see struct rec_duplicate); does not touch the stats. */
void rec_add_duplicate(struct rec_store *s, const struct rec_duplicate *dup);

/* Calendar helpers. */
rec_day rec_day_from_ymd(int y, int m, int d);
void rec_day_to_ymd(rec_day day, int *y, int *m, int *d);
int rec_valid_ymd(int y, int m, int d);
int rec_days_in_month(int y, int m);
int rec_weekday(rec_day day); /* 0 = Monday … 6 = Sunday */

#endif
