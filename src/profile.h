/* profile.h - source profiles: how one department's export maps onto trygg's fields.
 * One XML file per export format (validated against src/schema/profile.xsd); a new export
 * is added by writing a profile, never by changing C code.
 *
 * Ownership: profile_load() returns a profile freed with profile_free(). */
#ifndef TRYGG_PROFILE_H
#define TRYGG_PROFILE_H

#include <stddef.h>

#include "config.h"
#include "diag.h"

enum prof_format { PROF_CSV, PROF_XML };
enum prof_encoding { PROF_ENC_AUTO, PROF_ENC_UTF8, PROF_ENC_WIN1252 };
/* PROF_DATE_YEAR: the date column holds a year ("2018", "2026 prel.") meaning 1 January, or
 * the first of the month a PF_MONTH column gives (statistics exports: Brå, SCB). */
enum prof_date {
	PROF_DATE_ISO,
	PROF_DATE_DMY,
	PROF_DATE_MDY,
	PROF_DATE_TEXT,
	PROF_DATE_EXCEL,
	PROF_DATE_YEAR
};

/* The fields trygg knows. Incidents use DATE..TEXT, measures use DEPARTMENT, LOCALITY, SITE,
 * COST and NAME..PEOPLE, official statistics DATE, MONTH, COUNT, AREA, CRIME_TYPE, RATE. */
enum prof_field {
	PF_DATE,
	PF_TIME,
	PF_LOCALITY,
	PF_SITE,
	PF_CATEGORY,
	PF_DEPARTMENT,
	PF_COUNT,
	PF_COST,
	PF_TEXT,
	PF_NAME,
	PF_START,
	PF_END,
	PF_HOURS,
	PF_PEOPLE,
	PF_MONTH, /* month (1-12 or a Swedish name) of a date given as a year */
	/* official statistics (records="official"): the area as exported ("Hela landet",
	 * "1260 Bjuv"), the crime type as exported, and the rate per 100 000 inhabitants */
	PF_AREA,
	PF_CRIME_TYPE,
	PF_RATE,
	PF__N
};
extern const char *const prof_field_names[PF__N]; /* "date", "time", … as in profiles */

struct prof_map_entry {
	char *from; /* folded (util_fold); "" maps an empty (or absent) value */
	char *to;   /* "" for a locality: the municipality as a whole */
	long line;  /* of the <map> in the profile, for messages about it */
};

struct prof_column {
	int used;
	char **names; /* CSV: header names, first match wins; XML: child element or "@attr" paths */
	size_t n_names;
	struct prof_map_entry *map; /* value map applied before normalization */
	size_t n_map;
};

struct profile {
	char *path;
	char *name;
	enum prof_format format;
	enum cfg_record_kind kind;
	/* CSV */
	char delimiter; /* 0 = detect from the header line */
	enum prof_encoding encoding;
	int skip_lines; /* physical lines before the header */
	/* XML */
	/* Local name of the element that is one record, e.g. "handelse", or several separated
	 * by '|' ("händelse|incident"): all are read in one pass. */
	char *record_element;
	char *ns_uri;         /* namespace of record and field elements, or NULL */
	/* values */
	enum prof_date date_format;
	char decimal;   /* ',' or '.' */
	int dot_thousands; /* '.' accepted as a thousands separator ("1.234") */
	int cost_in_ore;   /* cost column already in öre */
	struct prof_column col[PF__N];
};

/* Loads and validates a profile. Errors: DIAG_EX_NOINPUT or DIAG_EX_CONFIG with file:line. */
int profile_load(const char *path, struct profile **out, struct diag *d);
/* profile_load() on a file already read: len bytes of buf, which path held. */
int profile_load_mem(const char *path, const char *buf, size_t len, struct profile **out,
		     struct diag *d);
void profile_free(struct profile *p);
/* Applies the field's value map; returns the mapped value or v itself (borrowed). */
const char *profile_map_value(const struct profile *p, enum prof_field f, const char *v);
/* What the field's <map from=""> gives an empty or absent value, or NULL without one. */
const char *profile_map_empty(const struct profile *p, enum prof_field f);

#endif
