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

#include "util.h"

/* Days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t rec_day;

/* incident.flags */
enum {
	/* A later report, by another department, of an event already reported (same date, site
	 * and category); kept and counted (duplicates="flag") — with duplicates="merge" such
	 * a row is not stored at all. See rec_store.dups. */
	REC_INC_DUPLICATE = 1,
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

struct measure {
	rec_day start, end;
	uint16_t department, locality, source;
	uint32_t name, site;  /* interned */
	int64_t hours_x100;   /* hours in hundredths */
	int64_t cost_ore;
	int32_t people;
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
};

struct rec_store *rec_store_new(void);
void rec_store_free(struct rec_store *s);

uint32_t rec_intern(struct rec_store *s, const char *str); /* "" and NULL → 0 */
/* The same for str of len bytes (len == strlen(str); the ingest hot path knows it). */
uint32_t rec_intern_n(struct rec_store *s, const char *str, size_t len);
const char *rec_str(const struct rec_store *s, uint32_t id); /* 0 → "" */

/* Registers a source file; returns its index. file/format/encoding are copied. */
uint16_t rec_add_source(struct rec_store *s, const char *file, const char *format);
void rec_add_incident(struct rec_store *s, const struct incident *in);
void rec_add_measure(struct rec_store *s, const struct measure *m);
/* Records a reject; reason is copied. Also counts it in the source's stats. */
void rec_add_reject(struct rec_store *s, uint16_t source, long line, const char *field,
		    const char *reason);

/* Records a duplicate row (see struct rec_duplicate); does not touch the stats. */
void rec_add_duplicate(struct rec_store *s, const struct rec_duplicate *dup);

/* Calendar helpers. */
rec_day rec_day_from_ymd(int y, int m, int d);
void rec_day_to_ymd(rec_day day, int *y, int *m, int *d);
int rec_valid_ymd(int y, int m, int d);
int rec_days_in_month(int y, int m);
int rec_weekday(rec_day day); /* 0 = Monday … 6 = Sunday */

#endif
