/* words.c - the tables of fixed words in Swedish and English (words.h). */
#include "words.h"

#include <string.h>

#define NBSP "\xC2\xA0"

static const struct words sv = {
	.lang = "sv",
	.weekday = {"Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"},
	.weekday_lower = {"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"},
	.weekday_short = {"Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön"},
	.month = {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
		  "september", "oktober", "november", "december"},
	.month_title = {"Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti",
			"September", "Oktober", "November", "December"},
	.week = "v.",
	.total = "Totalt",
	.total_all = "Totalt (alla)",
	.change = "Förändring",
	.share = "Andel",
	.incidents = "Händelser",
	.per_1000 = "Per 1" NBSP "000 inv.",
	.cost = "Kostnad",
	.period = "Period",
	.baseline = "Jämförelseperiod",
	.no_baseline = "ingen jämförelseperiod",
	.no_data = "Inga uppgifter för perioden.",
	.contents = "Innehåll",
	.page_of = "Sida %zu av %zu",
	.cont = "(forts.)",
	.not_reported = "uppgift saknas",
	.missing = "Uppgift saknas",
	.missing_site = "Plats saknas",
	.no_time = "Utan tid",
	.missing_time = "Tid saknas",
	.whole_municipality = "Hela kommunen",
	.category = "Kategori",
	.weekday_title = "Veckodag",
	.dim_title = {"Kategori", "Ort", "Förvaltning", "Plats", "Månad", "Vecka", "Veckodag",
		      "Timme", "Källa"},
	.chart_kind = {"Stapeldiagram", "Staplat stapeldiagram", "Linjediagram",
		       "Liggande stapeldiagram", "Värmekarta"},
	.fewer_than = "färre än %d",
	.withheld = "dold uppgift",
	.country = "Hela landet",
	.offence = "Brott",
	.area = "Område",
	.assessment = "Bedömning",
	.per_100000 = "Per 100" NBSP "000 inv.",
	.source = "Källa",
	.prel = "prel.",
};

static const struct words en = {
	.lang = "en",
	.weekday = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	.weekday_lower = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
			  "Sunday"},
	.weekday_short = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
	.month = {"January", "February", "March", "April", "May", "June", "July", "August",
		  "September", "October", "November", "December"},
	.month_title = {"January", "February", "March", "April", "May", "June", "July", "August",
			"September", "October", "November", "December"},
	.week = "wk",
	.total = "Total",
	.total_all = "Total (all)",
	.change = "Change",
	.share = "Share",
	.incidents = "Incidents",
	.per_1000 = "Per 1" NBSP "000 inh.",
	.cost = "Cost",
	.period = "Period",
	.baseline = "Baseline",
	.no_baseline = "no baseline",
	.no_data = "No data for the period.",
	.contents = "Contents",
	.page_of = "Page %zu of %zu",
	.cont = "(cont.)",
	.not_reported = "not reported",
	.missing = "None given",
	.missing_site = "None given",
	.no_time = "No time",
	.missing_time = "No time given",
	.whole_municipality = "Whole municipality",
	.category = "Category",
	.weekday_title = "Weekday",
	.dim_title = {"Category", "Locality", "Department", "Site", "Month", "Week", "Weekday",
		      "Hour", "Source"},
	.chart_kind = {"Bar chart", "Stacked bar chart", "Line chart", "Horizontal bar chart",
		       "Heat map"},
	.fewer_than = "fewer than %d",
	.withheld = "withheld",
	.country = "Sweden",
	.offence = "Offence",
	.area = "Area",
	.assessment = "Assessment",
	.per_100000 = "Per 100" NBSP "000 inh.",
	.source = "Source",
	.prel = "prel.",
};

const struct words *words_of(enum words_lang l)
{
	return l == WORDS_EN ? &en : &sv;
}

const struct words *words_for(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? &en : &sv;
}
