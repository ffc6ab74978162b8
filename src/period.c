/* period.c - periods: parsing PERIOD and BASE, their names in Swedish, ISO weeks, seasons
 * from the configuration, and the same period a year earlier. */
#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "words.h"

/* Copies s with its first letter in upper case (ASCII and the Latin-1 letters å ä ö é). */
static void capitalize(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s);
	unsigned char *u = (unsigned char *)dst;
	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] = (unsigned char)(u[0] - 32);
	else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE)
		u[1] = (unsigned char)(u[1] - 0x20);
}

/* "sommar" → "sommaren", "vinter" → "vintern", "höst" → "hösten", "vår" → "våren". */
static void definite(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && strcmp(s + n - 2, "er") == 0)
		snprintf(dst, size, "%sn", s);
	else
		snprintf(dst, size, "%sen", s);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int period_iso_weeks_in_year(int y)
{
	/* A year has 53 ISO weeks when 1 January is a Thursday, or a Wednesday in a leap year. */
	int jan1 = rec_weekday(rec_day_from_ymd(y, 1, 1));
	return (jan1 == 3 || (jan1 == 2 && is_leap(y))) ? 53 : 52;
}

rec_day period_iso_week_start(int y, int w)
{
	rec_day jan4 = rec_day_from_ymd(y, 1, 4);
	rec_day week1 = jan4 - rec_weekday(jan4);
	return week1 + (w - 1) * 7;
}

void period_iso_week_of(rec_day day, int *y, int *w)
{
	int yy, m, d;
	/* the Thursday of the day's week decides the ISO year */
	rec_day thu = day - rec_weekday(day) + 3;
	rec_day_to_ymd(thu, &yy, &m, &d);
	*y = yy;
	*w = (int)((thu - rec_day_from_ymd(yy, 1, 1)) / 7) + 1;
}

static void fill_season(struct period *p, const struct config *cfg, int si, int year)
{
	const struct cfg_season *s = &cfg->seasons[si];
	p->kind = PERIOD_SEASON;
	p->season = si;
	p->year = year;
	int end_year = (s->end_month * 100 + s->end_day < s->start_month * 100 + s->start_day)
			       ? year + 1 : year;
	int end_day = s->end_day;
	/* "02-28" as an end means the end of February, also in leap years */
	if (s->end_month == 2 && end_day == 28 && is_leap(end_year))
		end_day = 29;
	p->first = rec_day_from_ymd(year, s->start_month, s->start_day);
	p->last = rec_day_from_ymd(end_year, s->end_month, end_day);
	/* per-year dates (a school holiday moves) win over the season's month and day */
	for (size_t i = 0; i < s->n_dates; i++) {
		const struct cfg_season_dates *t = &s->dates[i];
		if (t->year != year)
			continue;
		p->first = rec_day_from_ymd(t->start_year, t->start_month, t->start_day);
		p->last = rec_day_from_ymd(t->end_year, t->end_month, t->end_day);
	}
	snprintf(p->id, sizeof(p->id), "%s-%d", s->id, year);
	char def[64];
	definite(def, sizeof(def), s->label_sv);
	snprintf(p->label_sv, sizeof(p->label_sv), "%s %d", def, year);
	char cap[64];
	capitalize(cap, sizeof(cap), s->label_sv);
	snprintf(p->title_sv, sizeof(p->title_sv), "%s %d", cap, year);
}

static void fill_month(struct period *p, int y, int m)
{
	p->kind = PERIOD_MONTH;
	p->num = m;
	p->year = y;
	p->first = rec_day_from_ymd(y, m, 1);
	p->last = rec_day_from_ymd(y, m, rec_days_in_month(y, m));
	snprintf(p->id, sizeof(p->id), "%04d-%02d", y, m);
	snprintf(p->label_sv, sizeof(p->label_sv), "%s %d", words_of(WORDS_SV)->month[m - 1], y);
	char cap[32];
	capitalize(cap, sizeof(cap), words_of(WORDS_SV)->month[m - 1]);
	snprintf(p->title_sv, sizeof(p->title_sv), "%s %d", cap, y);
}

static void fill_quarter(struct period *p, int y, int q)
{
	p->kind = PERIOD_QUARTER;
	p->num = q;
	p->year = y;
	int m1 = (q - 1) * 3 + 1;
	p->first = rec_day_from_ymd(y, m1, 1);
	p->last = rec_day_from_ymd(y, m1 + 2, rec_days_in_month(y, m1 + 2));
	snprintf(p->id, sizeof(p->id), "%04d-Q%d", y, q);
	snprintf(p->label_sv, sizeof(p->label_sv), "kvartal %d %d", q, y);
	snprintf(p->title_sv, sizeof(p->title_sv), "Kvartal %d %d", q, y);
}

static void fill_week(struct period *p, int y, int w)
{
	p->kind = PERIOD_WEEK;
	p->num = w;
	p->year = y;
	p->first = period_iso_week_start(y, w);
	p->last = p->first + 6;
	snprintf(p->id, sizeof(p->id), "%04d-W%02d", y, w);
	snprintf(p->label_sv, sizeof(p->label_sv), "vecka %d %d", w, y);
	snprintf(p->title_sv, sizeof(p->title_sv), "Vecka %d %d", w, y);
}

static void fill_year(struct period *p, int y)
{
	p->kind = PERIOD_YEAR;
	p->year = y;
	p->first = rec_day_from_ymd(y, 1, 1);
	p->last = rec_day_from_ymd(y, 12, 31);
	snprintf(p->id, sizeof(p->id), "%04d", y);
	snprintf(p->label_sv, sizeof(p->label_sv), "år %d", y);
	snprintf(p->title_sv, sizeof(p->title_sv), "År %d", y);
}

static void fill_range(struct period *p, rec_day a, rec_day b)
{
	int y1, m1, d1, y2, m2, d2;
	rec_day_to_ymd(a, &y1, &m1, &d1);
	rec_day_to_ymd(b, &y2, &m2, &d2);
	p->kind = PERIOD_RANGE;
	p->year = y1;
	p->first = a;
	p->last = b;
	snprintf(p->id, sizeof(p->id), "%04d-%02d-%02d..%04d-%02d-%02d", y1, m1, d1, y2, m2, d2);
	snprintf(p->label_sv, sizeof(p->label_sv),
		 "%04d-%02d-%02d\xE2\x80\x93%04d-%02d-%02d", y1, m1, d1, y2, m2, d2);
	snprintf(p->title_sv, sizeof(p->title_sv), "%s", p->label_sv);
}

/* Strict integer of exactly n digits at s; returns -1 if not. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int parse_ymd(const char *s, rec_day *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !rec_valid_ymd(y, m, d))
		return -1;
	*out = rec_day_from_ymd(y, m, d);
	return 0;
}

#define PERIOD_FORMS                                                                        \
	"use a season and year (sommar-2018), a month (2018-07), a quarter (2018-Q3), an ISO " \
	"week (2018-W27), a year (2018) or a range (2018-06-15..2018-08-19)"

int period_parse(const char *s, const struct config *cfg, struct period *out,
		     struct diag *d)
{
	memset(out, 0, sizeof(*out));
	size_t n = strlen(s);
	const char *dots = strstr(s, "..");
	if (dots) {
		char a[16], b[16];
		size_t la = (size_t)(dots - s);
		if (la >= sizeof(a) || strlen(dots + 2) >= sizeof(b))
			goto bad;
		memcpy(a, s, la);
		a[la] = '\0';
		snprintf(b, sizeof(b), "%s", dots + 2);
		rec_day da, db;
		if (parse_ymd(a, &da) < 0 || parse_ymd(b, &db) < 0)
			goto bad;
		if (db < da)
			return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
					"period '%s': the range ends before it starts", s);
		fill_range(out, da, db);
		return 0;
	}
	if (n == 4 && digits(s, 4) >= 1900) {
		fill_year(out, digits(s, 4));
		return 0;
	}
	if (n == 7 && s[4] == '-' && digits(s, 4) >= 1900 && digits(s + 5, 2) >= 1 &&
	    digits(s + 5, 2) <= 12) {
		fill_month(out, digits(s, 4), digits(s + 5, 2));
		return 0;
	}
	if (n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && digits(s, 4) >= 1900 &&
	    s[6] >= '1' && s[6] <= '4') {
		fill_quarter(out, digits(s, 4), s[6] - '0');
		return 0;
	}
	if (n == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w') && digits(s, 4) >= 1900 &&
	    digits(s + 6, 2) >= 1) {
		int y = digits(s, 4), w = digits(s + 6, 2);
		if (w > period_iso_weeks_in_year(y))
			return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
					"period '%s': %d has only %d ISO weeks", s, y,
					period_iso_weeks_in_year(y));
		fill_week(out, y, w);
		return 0;
	}
	/* season-YYYY */
	const char *dash = strrchr(s, '-');
	if (dash && dash != s && strlen(dash + 1) == 4 && digits(dash + 1, 4) >= 1900 && cfg) {
		char name[64];
		size_t ln = (size_t)(dash - s);
		if (ln < sizeof(name)) {
			memcpy(name, s, ln);
			name[ln] = '\0';
			int si = config_find_season(cfg, name);
			if (si >= 0) {
				fill_season(out, cfg, si, digits(dash + 1, 4));
				return 0;
			}
			struct sbuf known = {0};
			for (size_t i = 0; i < cfg->n_seasons; i++)
				sbuf_printf(&known, "%s%s", i ? ", " : "", cfg->seasons[i].id);
			diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
				 "period '%s': unknown season '%s' (the configuration has: %s)", s, name,
				 sbuf_str(&known));
			sbuf_free(&known);
			return -1;
		}
	}
bad:
	return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0, "invalid period '%s': " PERIOD_FORMS, s);
}

static rec_day minus_year(rec_day day)
{
	int y, m, dd;
	rec_day_to_ymd(day, &y, &m, &dd);
	if (m == 2 && dd == 29)
		dd = 28;
	return rec_day_from_ymd(y - 1, m, dd);
}

void period_previous_year(const struct period *p, const struct config *cfg, struct period *out)
{
	memset(out, 0, sizeof(*out));
	switch (p->kind) {
	case PERIOD_SEASON: fill_season(out, cfg, p->season, p->year - 1); break;
	case PERIOD_MONTH: fill_month(out, p->year - 1, p->num); break;
	case PERIOD_QUARTER: fill_quarter(out, p->year - 1, p->num); break;
	case PERIOD_WEEK: {
		int w = p->num;
		if (w > period_iso_weeks_in_year(p->year - 1))
			w = period_iso_weeks_in_year(p->year - 1);
		fill_week(out, p->year - 1, w);
		break;
	}
	case PERIOD_YEAR: fill_year(out, p->year - 1); break;
	case PERIOD_RANGE: fill_range(out, minus_year(p->first), minus_year(p->last)); break;
	}
}

void period_previous_period(const struct period *p, struct period *out)
{
	memset(out, 0, sizeof(*out));
	rec_day len = p->last - p->first + 1;
	fill_range(out, p->first - len, p->first - 1);
}

int period_parse_baseline(const char *s, const struct period *cur, const struct config *cfg,
		       struct period *out, struct diag *d)
{
	if (!s || strcmp(s, "previous-year") == 0) {
		period_previous_year(cur, cfg, out);
		return 0;
	}
	if (strcmp(s, "previous-period") == 0) {
		period_previous_period(cur, out);
		return 0;
	}
	if (strcmp(s, "none") == 0) {
		memset(out, 0, sizeof(*out));
		return 1;
	}
	if (period_parse(s, cfg, out, d) < 0) {
		char msg[sizeof(d->msg)];
		snprintf(msg, sizeof(msg), "%s", d->msg);
		return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
				"baseline: %s; or previous-year, previous-period, none", msg);
	}
	return 0;
}

void period_last_months(const struct period *cur, int n_months, struct period *out)
{
	int y, m, d;
	rec_day_to_ymd(cur->last, &y, &m, &d);
	int m0 = y * 12 + (m - 1) - (n_months - 1);
	*out = *cur;
	out->kind = PERIOD_RANGE;
	out->first = rec_day_from_ymd(m0 / 12, m0 % 12 + 1, 1);
	out->last = rec_day_from_ymd(y, m, rec_days_in_month(y, m));
}

int period_month_index(rec_day day)
{
	int y, m, d;
	rec_day_to_ymd(day, &y, &m, &d);
	return y * 12 + m - 1;
}
