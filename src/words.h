/* words.h - the report's fixed words, one table per language: weekday and month names and
 * the phrases that the program itself writes (column titles, "Totalt", "Sida N av M").
 * Generated text is composed from these, never translated from Swedish by matching.
 *
 * Ownership: the tables are static and read-only; every pointer lives as long as the
 * program. */
#ifndef TRYGG_WORDS_H
#define TRYGG_WORDS_H

enum words_lang { WORDS_SV, WORDS_EN, WORDS__N };

struct words {
	const char *lang;            /* "sv", "en" (BCP 47, for /Lang and html lang) */
	const char *weekday[7];      /* Monday first, as a table row starts: "Måndag" */
	const char *weekday_lower[7];/* inside a sentence: "måndag" */
	const char *weekday_short[7];/* chart axes: "Mån", "Mon" */
	const char *month[12];       /* inside a sentence or a label: "juli", "July" */
	const char *month_title[12]; /* starting a title: "Juli", "July" */
	const char *week;            /* "v." / "wk" before a week number in a row label */
	/* fixed phrases */
	const char *total, *total_all, *change, *share, *incidents, *per_1000, *cost, *period;
	const char *baseline, *no_baseline, *no_data, *contents, *page_of, *cont;
	/* a sum no record reports: "uppgift saknas", never 0 (aggregate.h, AGG_NOT_REPORTED) */
	const char *not_reported;
	const char *missing, *missing_site, *no_time, *missing_time, *whole_municipality, *category, *weekday_title;
	const char *dim_title[9];
	/* alternative text of a chart: its kind by enum chart_type, a withheld value */
	const char *chart_kind[5];
	const char *fewer_than; /* "färre än %d" */
	const char *withheld;    /* the group-by dimensions, in enum agg_dim order */
	/* official statistics (the police section) */
	const char *country;     /* the country as an area of official statistics: "Hela landet" */
	const char *offence, *area, *assessment, *per_100000, *source;
	const char *prel;        /* the mark of a preliminary figure, as Brå writes it: "prel." */
};

/* The table for "sv" or "en" (NULL or anything else: Swedish). */
const struct words *words_for(const char *lang);
/* The table of one language. */
const struct words *words_of(enum words_lang l);

#endif
