/* config.h - the municipality configuration (trygg.xml): localities, departments, categories,
 * seasons, sources, report settings. Parsed with libxml2 (DOM; the file is small) and
 * validated against the schema built into the program (src/schema/config.xsd).
 *
 * Ownership: config_load() returns a struct config the caller frees with config_free();
 * every pointer inside belongs to it. Lookup functions borrow. */
#ifndef TRYGG_CONFIG_H
#define TRYGG_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct profile;
struct cfg_index;

struct cfg_population {
	int year;
	long inhabitants;
};

struct cfg_locality {
	char *id;   /* stable key, e.g. "billesholm" */
	char *name; /* shown in reports, e.g. "Billesholm" */
	char **aliases;
	size_t n_aliases;
	struct cfg_population *population;
	size_t n_population;
};

struct cfg_department {
	char *id;   /* e.g. "fastighet" */
	char *name; /* e.g. "Fastighetsavdelningen" */
	char *head;
	char *email;
	char **synonyms; /* other names in the exports ("Fastighetsavdelningen", "FA") */
	size_t n_synonyms;
};

struct cfg_category {
	char *id;       /* e.g. "skadegorelse" */
	char *label_sv; /* "Skadegörelse" */
	char *label_en; /* "Vandalism" */
	char **synonyms;
	size_t n_synonyms;
	uint32_t colour; /* 0xRRGGBB */
};

struct cfg_season {
	char *id;       /* "sommar": used in PERIOD ("sommar-2018") */
	char *alias;    /* optional second name, e.g. "summer"; may be NULL */
	char *label_sv; /* "sommar" as in "sommaren 2018": lower case */
	char *label_en;
	int start_month, start_day; /* inclusive */
	int end_month, end_day;     /* inclusive; may be in the next year (vinter) */
	/* Dates for particular years (<dates year="2018" start="2018-06-12" end="2018-08-19"/>,
	 * e.g. the school summer holiday); a year not listed uses start/end above. */
	struct cfg_season_dates *dates;
	size_t n_dates;
};

struct cfg_season_dates {
	int year; /* the season's year, as in "sommarlov-2018" */
	int start_year, start_month, start_day; /* inclusive */
	int end_year, end_month, end_day;       /* inclusive */
};

enum cfg_record_kind { CFG_INCIDENTS, CFG_MEASURES, CFG_OFFICIAL };

/* <official-statistics>: which areas of official statistics (Brå) are the municipality, its
 * county and the country, and which crime types count as which of the configuration's
 * categories. */
enum cfg_area_role { CFG_AREA_MUNICIPALITY, CFG_AREA_COUNTY, CFG_AREA_COUNTRY };

struct cfg_area {
	enum cfg_area_role role;
	char *code; /* "1260" (kommun), "12" (län), or NULL */
	char *name; /* "Bjuv", "Skåne län", "Hela landet" */
	char *label_en; /* its name in an English report ("Skåne County"), or NULL */
	char **aliases;
	size_t n_aliases;
	struct cfg_population *population; /* optional; the municipality falls back on its localities */
	size_t n_population;
};

struct cfg_crime_type {
	char *name;     /* the crime type as the statistics write it: "Skadegörelse" */
	char *label_en; /* its name in an English report ("Criminal damage"), or NULL */
	int category;   /* index into cfg->categories */
};

struct cfg_source {
	char *pattern;      /* file or glob as written, relative to the configuration's folder */
	char *profile_path; /* resolved */
	char *path;         /* pattern resolved against the configuration's folder (util_path_join) */
	char *department;   /* department id the rows belong to unless the profile maps a column */
	struct profile *profile;
};

struct config {
	char *path; /* as given */
	char *dir;  /* folder of the file; relative paths inside resolve against it */
	char *municipality;
	char *code; /* kommun code, "1260" */
	char *author;
	char *language; /* "sv" or "en" */
	char *output;   /* output name pattern, "{kommun}-{period}.pdf" */
	int small_count_threshold; /* default 3 */
	/* A change in percent against a baseline smaller than this is marked as resting on
	 * few cases (default 10). */
	int min_baseline_for_percent;
	/* Same date, site and category from two sources: 0 = flag them (default), 1 = count
	 * them once ("merge"). */
	int merge_duplicates;
	/* <report duplicate-evidence="time-or-cost">: a possible duplicate also needs a time or
	 * a cost that both rows have (and that agrees); 0 = date, site and category suffice
	 * ("any", the default). */
	int duplicates_need_evidence;
	char *font_regular, *font_bold; /* optional overrides of fonts/fonts.conf; may be NULL */
	/* <report logo="…">: the PNG for the cover, resolved against the configuration's
	 * folder (it exists and is readable; it is decoded by the report), or NULL. logo_line
	 * is the line of <report>, for messages about the image. */
	char *logo;
	long logo_line;
	long report_line; /* the <report> element's line: its font-regular, font-bold */

	struct cfg_locality *localities;
	size_t n_localities;
	struct cfg_department *departments;
	size_t n_departments;
	struct cfg_category *categories;
	size_t n_categories;
	struct cfg_season *seasons;
	size_t n_seasons;
	struct cfg_source *sources;
	size_t n_sources;

	/* Folded names for the config_find_* lookups, built by config_load(). NULL in a
	 * struct config built by hand (e.g. in a test): the lookups then fold every name. */
	struct cfg_index *index;

	/* <official-statistics source="Brå">: the source named under tables ("Källa: Brå"),
	 * areas in the file's order (at most one per role) and crime types. */
	char *official_source;
	struct cfg_area *areas;
	size_t n_areas;
	struct cfg_crime_type *crime_types;
	size_t n_crime_types;
};

/* Loads and validates path and every profile it names. On failure returns -1 with d->code
 * DIAG_EX_NOINPUT (file missing or unreadable) or DIAG_EX_CONFIG (malformed, invalid), and
 * d->file/d->line pointing at the offending place. */
int config_load(const char *path, struct config **out, struct diag *d);
/* config_load() on a file already read: len bytes of buf, which path held (relative paths in
 * it start in path's folder, as they do for config_load). */
int config_load_mem(const char *path, const char *buf, size_t len, struct config **out,
		    struct diag *d);
void config_free(struct config *cfg);

/* Lookups by folded name (util_fold) over id, label/name and synonyms/aliases. Return the
 * index, or -1. */
int config_find_category(const struct config *cfg, const char *name);
int config_find_locality(const struct config *cfg, const char *name);
int config_find_department(const struct config *cfg, const char *name);
int config_find_season(const struct config *cfg, const char *name);
/* Closest known name for a "did you mean" hint (Levenshtein over folded names), or NULL. */
const char *config_suggest_category(const struct config *cfg, const char *name);
const char *config_suggest_locality(const struct config *cfg, const char *name);
const char *config_suggest_department(const struct config *cfg, const char *name);
/* Inhabitants of a locality in year (nearest earlier year if missing), 0 if unknown. */
long config_population(const struct config *cfg, int locality, int year);
/* Sum over all localities for year. */
long config_population_total(const struct config *cfg, int year);

/* Official statistics: the configured area an exported area name is (its name or an alias,
 * folded, or a value that starts with its code: "1260 Bjuv"), or -1; the area of a role, or
 * -1; the category a crime type counts as, or -1; an area's inhabitants in year (nearest
 * earlier year; the municipality without its own figures: its localities' total), 0 if
 * unknown. */
int config_find_area(const struct config *cfg, const char *exported);
int config_area_of_role(const struct config *cfg, enum cfg_area_role role);
int config_crime_category(const struct config *cfg, const char *crime_type);
/* The configured crime type an exported one is (folded name), or -1. */
int config_find_crime_type(const struct config *cfg, const char *crime_type);
long config_area_population(const struct config *cfg, int area, int year);
/* 1 when the configuration has <official-statistics> with a crime type and a source that
 * reads official statistics: the report's police section has something to show. */
int config_has_official(const struct config *cfg);
/* "municipality", "county", "country". */
const char *config_area_role_name(enum cfg_area_role role);

#endif
