/* gen.c - writes trygg's SYNTHETIC Bjuv sample exports (not real data).
 *
 * Usage:
 *   gen [--debug] DIR             the sample exports for samples/bjuv/exports; --debug also
 *                                 prints the intended summer totals in the format of
 *                                 tests/golden/oracle.sh (stdout) and the deliberately flawed
 *                                 rows with file:line (stderr)
 *   gen --rows N --out DIR [--xml]
 *                                 benchmark data: DIR/fastighet-felanmalan-bench.csv with N
 *                                 rows (and DIR/kultur-fritid-bench.xml with N records)
 *
 * Deterministic: fixed-seed splitmix64 PRNGs (one per source), no clock, no rand(); two runs give
 * byte-identical files. Self-contained C11, libc only.
 *
 * The story (doc: samples/README.md): 2017-2019; summer 2017 has much vandalism on municipal
 * property (schools above all), graffiti, fires, drugs and youth disorder; summer 2018, after
 * the joint measures, about a quarter of 2017's vandalism; 2019 stays low. The counts are set
 * by hand in `plan` below; dates, sites, times, costs and texts are drawn from the PRNG. */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- PRNG ---------------------------------------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static int rng_int(struct rng *r, int lo, int hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int)(rng_next(r) % span);
}

/* 1 with probability pct/100. */
static int rng_pct(struct rng *r, int pct)
{
	return rng_int(r, 0, 99) < pct;
}

#define PICK(r, arr) ((arr)[rng_int((r), 0, (int)(sizeof(arr) / sizeof((arr)[0])) - 1)])

/* ---- calendar ------------------------------------------------------------------------ */

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static int day_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void ymd_from_day(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int weekday(int day) /* 0 = Monday … 6 = Sunday */
{
	return ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int is_summer(int day)
{
	int y, m, d;
	ymd_from_day(day, &y, &m, &d);
	return m >= 6 && m <= 8;
}

/* ---- domain -------------------------------------------------------------------------- */

enum src { SRC_FAST, SRC_SKOLA, SRC_KULTUR, NSRC };
enum cat { C_SKAD, C_KLOT, C_BRAND, C_INBR, C_HOT, C_DROG, C_ORDN, NCAT };
enum loc { L_BJUV, L_BILL, L_EKEBY, NLOC };

/* In trygg.xml order. */
static const char *const cat_id[NCAT] = {"skadegorelse", "klotter", "brand", "inbrott",
					 "hot-vald", "droger", "ordning"};

/* Incidents (for the schools: the sum of Antal) per year, source and category:
 * {summer 1 Jun-31 Aug, rest of the year}. */
static const int plan[3][NSRC][NCAT][2] = {
	/* 2017 */
	{
		/* fastighet */ {{48, 80}, {22, 44}, {5, 6}, {4, 14}, {0, 0}, {0, 0}, {0, 0}},
		/* skola     */ {{26, 46}, {9, 20}, {2, 3}, {2, 5}, {3, 16}, {4, 6}, {5, 14}},
		/* kultur    */ {{14, 22}, {7, 10}, {1, 2}, {1, 3}, {4, 6}, {6, 5}, {11, 18}},
	},
	/* 2018 */
	{
		{{12, 76}, {8, 40}, {1, 6}, {2, 12}, {0, 0}, {0, 0}, {0, 0}},
		{{6, 40}, {3, 16}, {1, 2}, {0, 4}, {0, 14}, {1, 7}, {2, 13}},
		{{4, 18}, {2, 10}, {0, 2}, {0, 2}, {1, 6}, {3, 5}, {7, 16}},
	},
	/* 2019 */
	{
		{{15, 66}, {9, 36}, {2, 5}, {3, 11}, {0, 0}, {0, 0}, {0, 0}},
		{{7, 38}, {4, 15}, {0, 2}, {1, 4}, {1, 13}, {1, 6}, {3, 12}},
		{{5, 16}, {3, 10}, {0, 1}, {0, 2}, {1, 5}, {1, 4}, {6, 15}},
	},
};
#define YEAR0 2017
#define NYEAR 3

/* Relative weight of the months outside summer (January … December; summer unused). */
static const int month_weight[12] = {6, 5, 7, 9, 11, 0, 0, 0, 11, 10, 7, 6};

struct site {
	const char *name;
	enum loc loc;
	int youth; /* a youth centre: evenings, disorder */
};

static const struct site fast_sites[] = {
	{"Varagårdsskolan", L_BJUV, 0},
	{"Brogårdaskolan", L_BJUV, 0},
	{"Hålsjöskolan", L_BJUV, 0},
	{"Varagårdsskolan, idrottshall", L_BJUV, 0},
	{"Bjuvs bibliotek", L_BJUV, 0},
	{"Bjuvs fritidsgård", L_BJUV, 0},
	{"Bjuvshallen", L_BJUV, 0},
	{"Kommunhuset", L_BJUV, 0},
	{"Förskolan Solrosen", L_BJUV, 0},
	{"Gruvparken, toalettbyggnad", L_BJUV, 0},
	{"Billesholmsskolan", L_BILL, 0},
	{"Billesholmsskolan, paviljong", L_BILL, 0},
	{"Billesholms bibliotek", L_BILL, 0},
	{"Billesholms fritidsgård", L_BILL, 0},
	{"Billesholms sporthall", L_BILL, 0},
	{"Förskolan Humlan", L_BILL, 0},
	{"Ekeby skola", L_EKEBY, 0},
	{"Ekeby bibliotek", L_EKEBY, 0},
	{"Ekeby fritidsgård", L_EKEBY, 0},
	{"Förskolan Ekebo", L_EKEBY, 0},
};

static const struct site school_sites[] = {
	{"Varagårdsskolan", L_BJUV, 0},
	{"Brogårdaskolan", L_BJUV, 0},
	{"Hålsjöskolan", L_BJUV, 0},
	{"Billesholmsskolan", L_BILL, 0},
	{"Ekeby skola", L_EKEBY, 0},
};

static const struct site kultur_sites[] = {
	{"Bjuvs bibliotek", L_BJUV, 0},
	{"Bjuvs fritidsgård", L_BJUV, 1},
	{"Billesholms bibliotek", L_BILL, 0},
	{"Billesholms fritidsgård", L_BILL, 1},
	{"Ekeby bibliotek", L_EKEBY, 0},
	{"Ekeby fritidsgård", L_EKEBY, 1},
};

/* Ort as written in the exports: the name, sometimes an alias from trygg.xml. */
static const char *loc_name(struct rng *r, enum loc l, int alias_pct)
{
	switch (l) {
	case L_BJUV:
		return rng_pct(r, alias_pct) ? "Bjuvs tätort" : "Bjuv";
	case L_BILL:
		return rng_pct(r, alias_pct) ? "Billesholms tätort" : "Billesholm";
	default:
		return "Ekeby";
	}
}

/* Category values as each department writes them. Fastighet: the profile's value map.
 * Schools and culture: labels or synonyms from trygg.xml, in mixed case. */
static const char *fast_orsak(struct rng *r, enum cat c)
{
	switch (c) {
	case C_SKAD:
		return rng_pct(r, 55) ? "Skadegörelse" : "Glaskross";
	case C_KLOT:
		return "Klotter/sanering";
	case C_BRAND:
		return "Brand/sot";
	default:
		return "Inbrott";
	}
}

static const char *school_typ(struct rng *r, enum cat c)
{
	static const char *const t[NCAT][5] = {
		{"Skadegörelse", "Skadegörelse", "skadegörelse", "Krossad ruta", "Vandalism"},
		{"Klotter", "klotter", "Klotter", "Graffiti", "Klotter/tags"},
		{"Brandskada", "Anlagd brand", "Brand", "Brandskada", "Anlagd brand"},
		{"Inbrott", "Inbrott/stöld", "Inbrott", "inbrott", "Inbrott/stöld"},
		{"Hot/våld", "Hot", "Hot/våld", "Våld", "hot/våld"},
		{"Narkotika", "Narkotika", "Drogpåverkan", "narkotika", "Narkotika"},
		{"Oro", "Störning", "Oro", "Ordningsstörning", "oro"},
	};
	return t[c][rng_int(r, 0, 4)];
}

static const char *kultur_typ(struct rng *r, enum cat c)
{
	static const char *const t[NCAT][3] = {
		{"Skadegörelse", "Skadegörelse", "SKADEGÖRELSE"},
		{"Klotter", "Klotter", "Graffiti"},
		{"Brand", "Anlagd brand", "Brand"},
		{"Inbrott", "Inbrott/stöld", "Inbrott"},
		{"Hot", "Hot och våld", "Hot"},
		{"Narkotika", "Drogpåverkan", "Narkotika"},
		{"Ordningsstörning", "Störning", "Oro"},
	};
	return t[c][rng_int(r, 0, 2)];
}

/* Free texts. None contains a personal identity number or a long run of digits. */
static const char *const txt_skad[] = {
	"Sönderslagen dörr till förråd",
	"Trasig belysning vid entré",
	"Skadad ventilationshuv på tak",
	"Uppbrutet skåp i omklädningsrum",
	"Nedriven hängränna",
	"Sönderslagen papperskorg och bänk",
	"Skadat staket mot skolgården",
	"Fönsterbleck bortbrutna",
	"Sönderslagna armaturer; utebelysning",
	"Lekställning skadad; avspärrad",
};
static const char *const txt_glas[] = {
	"Krossad ruta i entrédörr",
	"Två krossade fönster mot skolgården",
	"Krossad ruta; byte av härdat glas",
	"Krossad glasdörr till matsal",
	"Stenkastning mot fönster, tre rutor",
	"Krossad ruta i gymnastiksal; provisoriskt skivad",
};
static const char *const txt_klot[] = {
	"Klotter på fasad",
	"Sanering av klotter på gavel",
	"Tags på dörrar och fönsterbleck",
	"Klotter på fasad mot parkering; sanering beställd",
	"Klotter i trapphus",
	"Sprejat på busskur och fasad",
};
static const char *const txt_brand[] = {
	"Anlagd brand i papperskorg, sotskador på fasad",
	"Brand i container vid lastkaj",
	"Sotskador efter brand i soprum",
	"Eldat i cykelställ; sanering av sot",
};
static const char *const txt_inbr[] = {
	"Inbrott via fönster; byte av lås",
	"Uppbruten dörr till förråd",
	"Inbrott i personalrum, larm gick",
	"Uppbrutet fönster i kök",
};
static const char *const txt_hot[] = {
	"Elev hotade annan elev på rast",
	"Hot mot personal vid entrén",
	"Bråk mellan ungdomar, vakt tillkallad",
	"Knuff och slag i korridoren",
};
static const char *const txt_drog[] = {
	"Lukt av cannabis vid entrén",
	"Misstänkt försäljning av narkotika utanför",
	"Påverkade ungdomar på gården",
	"Fynd av små påsar vid cykelstället",
};
static const char *const txt_ordn[] = {
	"Stökigt kring entrén på kvällen",
	"Ungdomar samlades & spelade hög musik",
	"Smällare kastades mot fönster",
	"Mopeder på skolgården, störande",
	"Stor grupp ungdomar, oro i lokalen",
};

/* Culture and leisure write about libraries and youth centres. */
static const char *const txt_k_skad[] = {
	"Sönderrivna böcker i barnavdelningen",
	"Sparkat sönder dörren till toaletten",
	"Krossad ruta i entrén",
	"Biljardbord och soffor skadade",
	"Trasig bokinkast, sönderbänd lucka",
	"Cyklar mot fasaden; skadad belysning",
};
static const char *const txt_k_hot[] = {
	"Besökare hotade personal vid disken",
	"Slagsmål utanför entrén, polis larmad",
	"Ungdom hotade annan besökare",
};
static const char *const txt_k_drog[] = {
	"Lukt av cannabis på toaletten",
	"Påverkade ungdomar vid entrén",
	"Misstänkt langning utanför fritidsgården",
};
static const char *const txt_k_ordn[] = {
	"Stor grupp ungdomar, oro i lokalen",
	"Ungdomar samlades & spelade hög musik",
	"Stökigt i läsesalen; besökare avvisade",
	"Smällare i entrén",
	"Mopeder på gången utanför, störande",
};

static const char *text_for(struct rng *r, enum src s, enum cat c, int glas)
{
	if (s == SRC_KULTUR) {
		switch (c) {
		case C_SKAD:
			return PICK(r, txt_k_skad);
		case C_HOT:
			return PICK(r, txt_k_hot);
		case C_DROG:
			return PICK(r, txt_k_drog);
		case C_ORDN:
			return PICK(r, txt_k_ordn);
		default:
			break;
		}
	}
	switch (c) {
	case C_SKAD:
		return glas ? PICK(r, txt_glas) : PICK(r, txt_skad);
	case C_KLOT:
		return PICK(r, txt_klot);
	case C_BRAND:
		return PICK(r, txt_brand);
	case C_INBR:
		return PICK(r, txt_inbr);
	case C_HOT:
		return PICK(r, txt_hot);
	case C_DROG:
		return PICK(r, txt_drog);
	default:
		return PICK(r, txt_ordn);
	}
}

/* ---- events -------------------------------------------------------------------------- */

enum flaw { FLAW_NONE, FLAW_BAD_DATE, FLAW_BAD_CATEGORY, FLAW_BAD_LOCALITY };

struct event {
	int day;
	int minute; /* -1 = no time */
	enum src src;
	enum cat cat;
	enum loc loc;
	const char *ort;
	const char *site;
	const char *value; /* category as written */
	const char *text;
	int count;
	int64_t ore; /* -1 = no cost */
	enum flaw flaw;
	const char *date_text; /* overrides day when set (the flawed date) */
	int seq;
	long line; /* physical line in its file, set when written */
};

struct events {
	struct event *v;
	size_t n, cap;
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	return q;
}

static struct event *ev_add(struct events *e)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 256;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	struct event *x = &e->v[e->n];
	memset(x, 0, sizeof(*x));
	x->seq = (int)e->n;
	e->n++;
	return x;
}

/* No two incidents share date, site and category (across all sources), so trygg's
 * duplicate detection has nothing to flag in the samples. */
static int taken(const struct events *e, int day, const char *site, enum cat c)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].day == day && e->v[i].cat == c && e->v[i].flaw == FLAW_NONE &&
		    strcmp(e->v[i].site, site) == 0)
			return 1;
	return 0;
}

static int pick_summer_day(struct rng *r, int year)
{
	int first = day_from_ymd(year, 6, 1), last = day_from_ymd(year, 8, 31);
	int hol0 = day_from_ymd(year, 6, 12), hol1 = day_from_ymd(year, 8, 19);
	for (;;) {
		int d = rng_int(r, first, last);
		/* the school holiday weighs 3, the rest of the summer 2 */
		if (d >= hol0 && d <= hol1)
			return d;
		if (rng_pct(r, 67))
			return d;
	}
}

static int pick_other_day(struct rng *r, int year)
{
	int total = 0;
	for (int m = 0; m < 12; m++)
		total += month_weight[m];
	int x = rng_int(r, 0, total - 1), m = 0;
	while (x >= month_weight[m])
		x -= month_weight[m++];
	return day_from_ymd(year, m + 1, rng_int(r, 1, days_in_month(year, m + 1)));
}

static enum loc pick_loc(struct rng *r, int summer2017)
{
	int x = rng_int(r, 0, 99);
	if (summer2017) /* Billesholm was the summer's hot spot */
		return x < 50 ? L_BJUV : x < 88 ? L_BILL : L_EKEBY;
	return x < 64 ? L_BJUV : x < 90 ? L_BILL : L_EKEBY;
}

static const struct site *pick_site(struct rng *r, const struct site *s, size_t n, enum loc l,
				    int want_youth)
{
	for (int tries = 0;; tries++) {
		const struct site *x = &s[rng_int(r, 0, (int)n - 1)];
		if (x->loc != l)
			continue;
		if (want_youth >= 0 && x->youth != want_youth && tries < 50)
			continue;
		return x;
	}
}

static int64_t kr(struct rng *r, int lo, int hi)
{
	int64_t v = (int64_t)rng_int(r, lo / 10, hi / 10) * 1000; /* whole tens of kronor */
	int o = rng_int(r, 0, 9);
	if (o < 2)
		v += rng_int(r, 1, 99); /* an invoice with öre */
	else if (o < 3)
		v += 50;
	return v;
}

static int64_t fast_cost(struct rng *r, enum cat c, int glas)
{
	switch (c) {
	case C_SKAD:
		return glas ? kr(r, 3000, 25000) : kr(r, 1500, 20000);
	case C_KLOT:
		return kr(r, 1000, 15000);
	case C_BRAND:
		return kr(r, 2000, 35000);
	default:
		return kr(r, 2000, 40000);
	}
}

static int64_t school_cost(struct rng *r, enum cat c)
{
	switch (c) {
	case C_SKAD:
		return rng_pct(r, 65) ? kr(r, 500, 12000) : -1;
	case C_KLOT:
		return rng_pct(r, 50) ? kr(r, 800, 8000) : -1;
	case C_BRAND:
		return kr(r, 1000, 20000);
	case C_INBR:
		return rng_pct(r, 70) ? kr(r, 1000, 10000) : -1;
	default:
		return -1;
	}
}

static int64_t kultur_cost(struct rng *r, enum cat c)
{
	switch (c) {
	case C_SKAD:
		return rng_pct(r, 70) ? kr(r, 300, 10000) : -1;
	case C_KLOT:
		return rng_pct(r, 60) ? kr(r, 500, 6000) : -1;
	case C_BRAND:
		return kr(r, 1000, 15000);
	case C_INBR:
		return kr(r, 2000, 20000);
	default:
		return -1;
	}
}

static int pick_minute(struct rng *r, enum src s, const struct site *site, int day)
{
	switch (s) {
	case SRC_FAST: /* when the order was registered */
		if (rng_pct(r, 15))
			return -1;
		return rng_int(r, 7 * 4, 16 * 4) * 15 + rng_int(r, 0, 14);
	case SRC_SKOLA:
		if (rng_pct(r, is_summer(day) ? 40 : 20))
			return -1;
		return rng_int(r, 7 * 60 + 30, 16 * 60 + 30);
	default:
		if (rng_pct(r, 10))
			return -1;
		if (site->youth)
			return rng_int(r, 15 * 60, 22 * 60 + 30);
		return rng_int(r, 10 * 60, 19 * 60);
	}
}

static int pick_day(struct rng *r, enum src s, int year, int summer)
{
	for (;;) {
		int d = summer ? pick_summer_day(r, year) : pick_other_day(r, year);
		int wd = weekday(d);
		/* property management and schools register on weekdays, mostly */
		if (wd >= 5 && s != SRC_KULTUR && rng_pct(r, 85))
			continue;
		return d;
	}
}

static void plan_source(struct events *e, struct rng *r, enum src s)
{
	for (int yi = 0; yi < NYEAR; yi++) {
		int year = YEAR0 + yi;
		for (int c = 0; c < NCAT; c++) {
			for (int part = 0; part < 2; part++) {
				int left = plan[yi][s][c][part], summer = part == 0;
				while (left > 0) {
					int n = 1;
					if (s == SRC_SKOLA && left >= 2 &&
					    (c == C_SKAD || c == C_KLOT || c == C_ORDN) &&
					    rng_pct(r, 15))
						n = rng_int(r, 2, left < 4 ? left : 4);
					enum loc l = pick_loc(r, summer && year == 2017);
					const struct site *site;
					int day;
					if (s == SRC_FAST)
						site = pick_site(r, fast_sites,
								 sizeof(fast_sites) /
									 sizeof(fast_sites[0]),
								 l, -1);
					else if (s == SRC_SKOLA)
						site = pick_site(r, school_sites,
								 sizeof(school_sites) /
									 sizeof(school_sites[0]),
								 l, -1);
					else
						site = pick_site(r, kultur_sites,
								 sizeof(kultur_sites) /
									 sizeof(kultur_sites[0]),
								 l,
								 c >= C_HOT ? rng_pct(r, 80)
									    : -1);
					do
						day = pick_day(r, s, year, summer);
					while (taken(e, day, site->name, (enum cat)c));
					struct event *x = ev_add(e);
					x->day = day;
					x->src = s;
					x->cat = (enum cat)c;
					x->loc = l;
					x->site = site->name;
					x->count = n;
					x->minute = pick_minute(r, s, site, day);
					int glas = 0;
					if (s == SRC_FAST) {
						x->ort = loc_name(r, l, 10);
						x->value = fast_orsak(r, (enum cat)c);
						glas = strcmp(x->value, "Glaskross") == 0;
						x->ore = fast_cost(r, (enum cat)c, glas);
					} else if (s == SRC_SKOLA) {
						x->ort = loc_name(r, l, 30);
						x->value = school_typ(r, (enum cat)c);
						glas = strcmp(x->value, "Krossad ruta") == 0;
						x->ore = school_cost(r, (enum cat)c);
					} else {
						x->ort = loc_name(r, l, 0);
						x->value = kultur_typ(r, (enum cat)c);
						x->ore = kultur_cost(r, (enum cat)c);
					}
					x->text = text_for(r, s, (enum cat)c, glas);
					left -= n;
				}
			}
		}
	}
}

static int ev_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- output helpers ------------------------------------------------------------------ */

struct out {
	FILE *f;
	const char *path;
	int cp1252; /* convert UTF-8 literals to Windows-1252 */
	long line;  /* current physical line, 1-based */
};

static void out_open(struct out *o, const char *dir, const char *name, int cp1252)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o->f = fopen(path, "wb");
	if (!o->f) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	o->path = name;
	o->cp1252 = cp1252;
	o->line = 1;
}

static void out_close(struct out *o)
{
	if (ferror(o->f) || fclose(o->f) != 0) {
		fprintf(stderr, "gen: %s: write error\n", o->path);
		exit(1);
	}
}

/* Writes UTF-8 text s, converted to Windows-1252 if the file is. Counts newlines. */
static void out_s(struct out *o, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			o->line++;
		if (*p < 0x80 || !o->cp1252) {
			putc_unlocked(*p, o->f);
			continue;
		}
		/* two-byte UTF-8 for U+0080..U+00FF maps 1:1 to Latin-1 / Windows-1252 */
		if ((*p == 0xC2 || *p == 0xC3) && (p[1] & 0xC0) == 0x80) {
			putc_unlocked(((*p & 0x03) << 6) | (p[1] & 0x3F), o->f);
			p++;
			continue;
		}
		fprintf(stderr, "gen: %s: no Windows-1252 form for \"%s\"\n", o->path, s);
		exit(1);
	}
}

/* A CSV field: quoted (with quotes doubled) when it holds the delimiter, a quote or a
 * line break, as Excel does. */
static void out_field(struct out *o, const char *s, char delim)
{
	if (!strchr(s, delim) && !strchr(s, '"') && !strchr(s, '\n') && !strchr(s, '\r')) {
		out_s(o, s);
		return;
	}
	out_s(o, "\"");
	for (const char *p = s; *p; p++) {
		char one[2] = {*p, 0};
		if (*p == '"')
			out_s(o, "\"\"");
		else if ((unsigned char)*p >= 0x80) {
			/* copy the whole UTF-8 sequence at once */
			size_t n = 1;
			while ((p[n] & 0xC0) == 0x80)
				n++;
			char buf[8];
			memcpy(buf, p, n);
			buf[n] = 0;
			out_s(o, buf);
			p += n - 1;
		} else
			out_s(o, one);
	}
	out_s(o, "\"");
}

/* "12 450,00": space thousands, decimal comma. buf holds at least 32 bytes. */
static void fmt_money(char *buf, int64_t ore)
{
	char digits[24];
	int64_t krn = ore / 100;
	int o = (int)(ore % 100), nd = 0;
	do {
		digits[nd++] = (char)('0' + krn % 10);
		krn /= 10;
	} while (krn > 0);
	size_t j = 0;
	for (int i = nd - 1; i >= 0; i--) {
		buf[j++] = digits[i];
		if (i > 0 && i % 3 == 0)
			buf[j++] = ' ';
	}
	buf[j++] = ',';
	buf[j++] = (char)('0' + o / 10);
	buf[j++] = (char)('0' + o % 10);
	buf[j] = 0;
}

static void fmt_iso(char *buf, size_t size, int day)
{
	int y, m, d;
	ymd_from_day(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* "14:30", or "" for no time. buf holds at least 6 bytes. */
static void fmt_time(char *buf, int minute)
{
	if (minute < 0) {
		buf[0] = 0;
		return;
	}
	int h = minute / 60, m = minute % 60;
	buf[0] = (char)('0' + h / 10);
	buf[1] = (char)('0' + h % 10);
	buf[2] = ':';
	buf[3] = (char)('0' + m / 10);
	buf[4] = (char)('0' + m % 10);
	buf[5] = 0;
}

/* XML text with the five predefined entities. */
static void out_xml_text(struct out *o, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': out_s(o, "&amp;"); break;
		case '<': out_s(o, "&lt;"); break;
		case '>': out_s(o, "&gt;"); break;
		case '"': out_s(o, "&quot;"); break;
		default: {
			char one[2] = {*p, 0};
			out_s(o, one);
		}
		}
	}
}

/* ---- the sample files ---------------------------------------------------------------- */

static void write_fastighet(const char *dir, struct events *all, int year, struct rng *r)
{
	char name[64], date[16], tm[8], cost[32], nr[16];
	snprintf(name, sizeof(name), "fastighet-felanmalan-%d.csv", year);
	struct out o;
	out_open(&o, dir, name, 1);
	out_s(&o, "Ordernr;Anmäld datum;Klockslag;Ort;Objekt;Orsak;Beskrivning;Kostnad (kr)\r\n");
	int order = (year % 100) * 10000 + rng_int(r, 100, 400);
	for (size_t i = 0; i < all->n; i++) {
		struct event *x = &all->v[i];
		int y, m, d;
		ymd_from_day(x->day, &y, &m, &d);
		if (x->src != SRC_FAST || y != year)
			continue;
		order += rng_int(r, 2, 25); /* other repair orders in between */
		snprintf(nr, sizeof(nr), "FA%d", order);
		if (x->date_text)
			snprintf(date, sizeof(date), "%s", x->date_text);
		else
			fmt_iso(date, sizeof(date), x->day);
		fmt_time(tm, x->minute);
		fmt_money(cost, x->ore);
		x->line = o.line;
		out_s(&o, nr);
		out_s(&o, ";");
		out_s(&o, date);
		out_s(&o, ";");
		out_s(&o, tm);
		out_s(&o, ";");
		out_field(&o, x->ort, ';');
		out_s(&o, ";");
		out_field(&o, x->site, ';');
		out_s(&o, ";");
		out_field(&o, x->value, ';');
		out_s(&o, ";");
		out_field(&o, x->text, ';');
		out_s(&o, ";");
		out_s(&o, cost);
		out_s(&o, "\r\n");
	}
	out_close(&o);
}

static void write_skola(const char *dir, struct events *all)
{
	char date[16], tm[8], cost[40];
	struct out o;
	out_open(&o, dir, "skola-incidenter.csv", 0);
	out_s(&o, "\xEF\xBB\xBF"
		  "Datum,Tid,Skola,Ort,Typ av händelse,Beskrivning,Antal,Kostnad\n");
	for (size_t i = 0; i < all->n; i++) {
		struct event *x = &all->v[i];
		if (x->src != SRC_SKOLA)
			continue;
		int y, m, d;
		ymd_from_day(x->day, &y, &m, &d);
		snprintf(date, sizeof(date), "%d/%d/%d", d, m, y);
		fmt_time(tm, x->minute);
		if (x->ore >= 0)
			fmt_money(cost, x->ore);
		else
			cost[0] = 0;
		x->line = o.line;
		out_s(&o, date);
		out_s(&o, ",");
		out_s(&o, tm);
		out_s(&o, ",");
		out_field(&o, x->site, ',');
		out_s(&o, ",");
		out_field(&o, x->ort, ',');
		out_s(&o, ",");
		out_field(&o, x->value, ',');
		out_s(&o, ",");
		out_field(&o, x->text, ',');
		fprintf(o.f, ",%d,", x->count);
		out_field(&o, cost, ','); /* "1 250,50" is quoted: it holds the delimiter */
		out_s(&o, "\n");
	}
	out_close(&o);
}

static void write_kultur(const char *dir, struct events *all)
{
	char date[16], tm[8], cost[40];
	struct out o;
	out_open(&o, dir, "kultur-fritid.xml", 0);
	out_s(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<rapport xmlns=\"urn:bjuv:kultur-fritid:handelser:1\">\n");
	for (size_t i = 0; i < all->n; i++) {
		struct event *x = &all->v[i];
		if (x->src != SRC_KULTUR)
			continue;
		fmt_iso(date, sizeof(date), x->day);
		fmt_time(tm, x->minute);
		x->line = o.line;
		out_s(&o, "  <handelse datum=\"");
		out_s(&o, date);
		if (tm[0]) {
			out_s(&o, "\" tid=\"");
			out_s(&o, tm);
		}
		out_s(&o, "\"><ort>");
		out_xml_text(&o, x->ort);
		out_s(&o, "</ort><plats>");
		out_xml_text(&o, x->site);
		out_s(&o, "</plats><typ>");
		out_xml_text(&o, x->value);
		out_s(&o, "</typ>");
		if (x->ore >= 0) {
			fmt_money(cost, x->ore);
			out_s(&o, "<kostnad>");
			out_s(&o, cost);
			out_s(&o, "</kostnad>");
		}
		out_s(&o, "<notering>");
		out_xml_text(&o, x->text);
		out_s(&o, "</notering></handelse>\n");
	}
	out_s(&o, "</rapport>\n");
	out_close(&o);
}

struct measure_row {
	const char *dept, *name, *start, *end, *ort, *site, *hours;
	int64_t ore;
	int people; /* -1 = empty */
};

static const struct measure_row measures[] = {
	/* 2017: little, mostly reactive */
	{"fastighet", "Klottersanering inom 24 timmar", "2017-01-01", "2017-12-31", "Bjuv",
	 "Kommunala byggnader", "160", 18500000, -1},
	{"Kultur- och fritidsförvaltningen", "Sommarlovsaktiviteter", "2017-06-26", "2017-08-04",
	 "Bjuv", "Bjuvs fritidsgård", "240", 9600000, 310},
	{"social", "Trygghetsvandring", "2017-09-19", "2017-09-19", "Billesholm", "Centrum",
	 "12", 0, 34},
	{"Socialförvaltningen", "Fältassistenter kvällstid", "2017-09-01", "2017-12-22",
	 "Billesholm", "Centrum och stationsområdet", "420", 21000000, 85},
	/* 2018: the joint summer */
	{"fastighet", "Klottersanering inom 24 timmar", "2018-01-01", "2018-12-31", "Bjuv",
	 "Kommunala byggnader", "180", 20500000, -1},
	{"social", "Trygghetsvandring", "2018-04-24", "2018-04-24", "Bjuv", "Centrum", "12", 0,
	 41},
	{"fastighet", "Väktare med social inriktning", "2018-06-01", "2018-08-31", "Bjuv",
	 "Skolor och centrum", "1 104", 62560000, -1},
	{"fastighet", "Väktare med social inriktning", "2018-06-01", "2018-08-31", "Billesholm",
	 "Skolor och centrum", "736", 41706650, -1},
	{"Fastighetsavdelningen", "Väktare med social inriktning", "2018-06-01", "2018-08-31",
	 "Ekeby", "Ekeby skola och fritidsgård", "368", 20853350, -1},
	{"kultur-fritid", "Förlängda öppettider fritidsgård", "2018-06-11", "2018-08-19",
	 "Bjuv", "Bjuvs fritidsgård", "350", 14700000, 640},
	{"kultur-fritid", "Förlängda öppettider fritidsgård", "2018-06-11", "2018-08-19",
	 "Billesholm", "Billesholms fritidsgård", "350", 14700000, 455},
	{"Kultur- och fritidsförvaltningen", "Förlängda öppettider fritidsgård", "2018-06-11",
	 "2018-08-19", "Ekeby", "Ekeby fritidsgård", "210", 8820000, 160},
	{"social", "Fältassistenter sommarlov", "2018-06-11", "2018-08-17", "Bjuv",
	 "Centrum och skolgårdar", "520,5", 24464500, 380},
	{"Socialförvaltningen", "Fältassistenter sommarlov", "2018-06-11", "2018-08-17",
	 "Billesholm", "Centrum och stationsområdet", "390", 18330000, 270},
	{"skola", "Sommarskola/lovaktiviteter", "2018-06-18", "2018-08-10", "Bjuv",
	 "Varagårdsskolan", "460", 27600000, 210},
	{"Barn- och utbildningsförvaltningen", "Sommarskola/lovaktiviteter", "2018-06-18",
	 "2018-08-10", "Billesholm", "Billesholmsskolan", "230", 13800000, 95},
	{"social", "Trygghetsvandring", "2018-09-25", "2018-09-25", "Billesholm", "Centrum",
	 "12", 0, 38},
	/* 2019: some of it kept */
	{"fastighet", "Klottersanering inom 24 timmar", "2019-01-01", "2019-12-31", "Bjuv",
	 "Kommunala byggnader", "150", 17250000, -1},
	{"fastighet", "Väktare med social inriktning", "2019-06-01", "2019-08-31", "Bjuv",
	 "Skolor och centrum", "736", 42320000, -1},
	{"fastighet", "Väktare med social inriktning", "2019-06-01", "2019-08-31", "Billesholm",
	 "Skolor och centrum", "552", 31740000, -1},
	{"kultur-fritid", "Förlängda öppettider fritidsgård", "2019-06-17", "2019-08-16",
	 "Billesholm", "Billesholms fritidsgård", "300", 12900000, 410},
	{"social", "Fältassistenter sommarlov", "2019-06-17", "2019-08-16", "Bjuv",
	 "Centrum och skolgårdar", "440", 21120000, 330},
};

static void write_insatser(const char *dir)
{
	char cost[40], num[16];
	struct out o;
	out_open(&o, dir, "insatser.csv", 0);
	out_s(&o, "Förvaltning;Insats;Startdatum;Slutdatum;Ort;Plats;Timmar;Kostnad;Antal nådda\n");
	for (size_t i = 0; i < sizeof(measures) / sizeof(measures[0]); i++) {
		const struct measure_row *m = &measures[i];
		fmt_money(cost, m->ore);
		if (m->people >= 0)
			snprintf(num, sizeof(num), "%d", m->people);
		else
			num[0] = 0;
		const char *f[9] = {m->dept, m->name, m->start, m->end, m->ort,
				    m->site, m->hours, cost, num};
		for (int k = 0; k < 9; k++) {
			if (k)
				out_s(&o, ";");
			out_field(&o, f[k], ';');
		}
		out_s(&o, "\n");
	}
	out_close(&o);
}

/* The deliberately flawed rows (samples/README.md lists them). */
static void add_flaws(struct events *e)
{
	struct event *x;
	/* fastighet 2018: a date that does not exist */
	x = ev_add(e);
	x->day = day_from_ymd(2018, 2, 28);
	x->date_text = "2018-02-30";
	x->minute = 9 * 60 + 12;
	x->src = SRC_FAST;
	x->cat = C_SKAD;
	x->loc = L_BJUV;
	x->ort = "Bjuv";
	x->site = "Brogårdaskolan";
	x->value = "Glaskross";
	x->text = "Krossad ruta i entrédörr";
	x->count = 1;
	x->ore = 640000;
	x->flaw = FLAW_BAD_DATE;
	/* fastighet 2018: a repair order that is not a safety category */
	x = ev_add(e);
	x->day = day_from_ymd(2018, 7, 16);
	x->minute = 10 * 60 + 5;
	x->src = SRC_FAST;
	x->cat = C_SKAD; /* unused */
	x->loc = L_BJUV;
	x->ort = "Bjuv";
	x->site = "Kommunhuset";
	x->value = "Vattenskada";
	x->text = "Läckage från takbrunn; fuktskada i arkivet";
	x->count = 1;
	x->ore = 1840000;
	x->flaw = FLAW_BAD_CATEGORY;
	/* skola: a typo in Ort (on a day without another vandalism row for the school) */
	int day = day_from_ymd(2017, 7, 10);
	while (weekday(day) >= 5 || taken(e, day, "Varagårdsskolan", C_SKAD))
		day++;
	x = ev_add(e);
	x->day = day;
	x->minute = 8 * 60 + 40;
	x->src = SRC_SKOLA;
	x->cat = C_SKAD;
	x->loc = L_BJUV;
	x->ort = "Bjuvv";
	x->site = "Varagårdsskolan";
	x->value = "Skadegörelse";
	x->text = "Krossade rutor i matsalen, upptäckt vid morgonrundan";
	x->count = 1;
	x->ore = 875000;
	x->flaw = FLAW_BAD_LOCALITY;
}

/* Special rows: summer 2017's large school fire, and the one Beskrivning with a line break
 * and quotes (fastighet 2018, before the flawed Vattenskada row, so that the flawed row's
 * physical line differs from its record number). Both replace the cost or text of an event
 * the plan already made (the first match by date), so the counts stay as planned. */
static void add_specials(struct events *e)
{
	for (size_t i = 0; i < e->n; i++) {
		struct event *x = &e->v[i];
		int y, m, d;
		ymd_from_day(x->day, &y, &m, &d);
		if (x->src == SRC_FAST && x->cat == C_BRAND && y == 2017 && m >= 6 && m <= 8 &&
		    strstr(x->site, "skolan") && !strchr(x->site, ',')) {
			x->ore = 14238000;
			x->text = "Anlagd brand i förråd; rökskador i två klassrum, sanering och "
				  "ommålning";
			break;
		}
	}
	for (size_t i = 0; i < e->n; i++) {
		struct event *x = &e->v[i];
		int y, m, d;
		ymd_from_day(x->day, &y, &m, &d);
		if (x->src == SRC_FAST && x->cat == C_KLOT && y == 2018 && m == 7) {
			x->text = "Klotter på fasad, texten \"KRZ\" i svart.\r\n"
				  "Sanering beställd; ny målning efter sommaren";
			break;
		}
	}
}

static const char *flaw_reason(enum flaw f)
{
	switch (f) {
	case FLAW_BAD_DATE: return "invalid date 2018-02-30";
	case FLAW_BAD_CATEGORY: return "unknown category (Orsak) Vattenskada";
	default: return "unknown locality (Ort) Bjuvv";
	}
}

static const char *src_file(const struct event *x)
{
	static char name[64];
	int y, m, d;
	ymd_from_day(x->day, &y, &m, &d);
	switch (x->src) {
	case SRC_FAST:
		snprintf(name, sizeof(name), "fastighet-felanmalan-%d.csv", y);
		return name;
	case SRC_SKOLA: return "skola-incidenter.csv";
	default: return "kultur-fritid.xml";
	}
}

/* The intended summer totals, in the oracle's format: current (2018) before baseline. */
static void print_debug(const struct events *e)
{
	long n[NCAT][2] = {{0}};
	int64_t ore[2] = {0, 0};
	for (size_t i = 0; i < e->n; i++) {
		const struct event *x = &e->v[i];
		int y, m, d;
		ymd_from_day(x->day, &y, &m, &d);
		if (x->flaw != FLAW_NONE || m < 6 || m > 8 || (y != 2017 && y != 2018))
			continue;
		int k = y == 2018 ? 0 : 1;
		n[x->cat][k] += x->count;
		if (x->cat == C_SKAD && x->ore > 0)
			ore[k] += x->ore;
	}
	for (int c = 0; c < NCAT; c++)
		printf("%s;%ld;%ld\n", cat_id[c], n[c][0], n[c][1]);
	printf("cost-skadegorelse;%lld;%lld\n", (long long)((ore[0] + 50) / 100),
	       (long long)((ore[1] + 50) / 100));
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].flaw != FLAW_NONE)
			fprintf(stderr, "flawed row %s:%ld: %s\n", src_file(&e->v[i]), e->v[i].line,
				flaw_reason(e->v[i].flaw));
}

/* ---- police-reported crime (Brå's "Databasfil" format, SYNTHETIC) ---------------------- */

/* Bjuv, Skåne and Sweden, 2017-2019, month by month, as Brå's statistics database exports it:
 * semicolons, no quotes, Latin-1, a ';' after every data row, "2019 prel." for the year not
 * yet final, ".." for figures not published. The numbers are made up; they tell SPEC §1's
 * story: police-reported vandalism in Bjuv about 40 in summer 2017 and 7 in summer 2018,
 * while the county and the country stay level. Inhabitants (for the rates per 100 000):
 * Bjuv's are SCB's (2019 assumed as 2018), Skåne's and Sweden's round figures. */
static const int bra_bjuv_skad[3][12] = {
	{6, 5, 7, 8, 10, 13, 15, 12, 9, 8, 6, 5}, /* summer (Jun-Aug) 2017: 40 */
	{6, 5, 6, 7, 7, 3, 2, 2, 5, 6, 5, 4},     /* summer 2018: 7 */
	{5, 4, 5, 6, 6, 3, 3, 2, 5, 5, 4, 4},
};

struct bra_area {
	const char *name;
	long pop[3];  /* 2017-2019 */
	int scale;    /* the area's crimes per month, roughly, for the generated crime types */
};

static void write_bra(const char *dir)
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "Maj", "Jun",
					       "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"};
	static const struct bra_area areas[3] = {
		{"Hela landet", {10120000, 10230000, 10327000}, 14000},
		{"12 Skåne län", {1350000, 1365000, 1377000}, 2000},
		{"1260 Bjuv", {15429, 15501, 15501}, 0},
	};
	static const char *const crimes[3] = {"Skadegörelse", "Narkotikabrott", "Misshandel"};
	struct rng r = {0xB7AULL};
	struct out o;
	out_open(&o, dir, "bra-polisanmalda-brott-syntetisk.txt", 1);
	out_s(&o, "Region;Brott;År;Period;Antal;/100 000 inv\n");
	for (int a = 0; a < 3; a++)
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 3; y++)
				for (int m = 0; m < 12; m++) {
					int n;
					if (a == 2)
						n = c == 0 ? bra_bjuv_skad[y][m]
						    : c == 1 ? rng_int(&r, y == 0 && m >= 5 && m <= 7 ? 4 : 1, 6)
							     : rng_int(&r, 1, 4);
					else /* level from year to year, a little more in summer */
						n = areas[a].scale / (c + 1) * (m >= 5 && m <= 7 ? 11 : 10) / 10 +
						    rng_int(&r, -areas[a].scale / 50, areas[a].scale / 50);
					char row[256];
					snprintf(row, sizeof(row), "%s;%s;%d%s;%s;", areas[a].name, crimes[c],
						 2017 + y, y == 2 ? " prel." : "", months[m]);
					out_s(&o, row);
					/* Bjuv's drug figures for the last quarter of 2019: not published yet */
					if (a == 2 && c == 1 && y == 2 && m >= 9)
						snprintf(row, sizeof(row), "..;..;\n");
					else
						snprintf(row, sizeof(row), "%d;%ld;\n", n,
							 (n * 100000L + areas[a].pop[y] / 2) / areas[a].pop[y]);
					out_s(&o, row);
					/* Brå's exports repeat some rows exactly; so does this one, once */
					if (a == 0 && c == 0 && y == 0 && m == 0) {
						snprintf(row, sizeof(row), "%s;%s;2017;Jan;%d;%ld;\n",
							 areas[a].name, crimes[c], n,
							 (n * 100000L + areas[a].pop[y] / 2) / areas[a].pop[y]);
						out_s(&o, row);
					}
				}
	out_close(&o);
}

static int samples(const char *dir, int debug)
{
	struct events e = {0};
	/* one stream per source, so a change to one file leaves the others alone */
	for (int s = 0; s < NSRC; s++) {
		struct rng r = {0x7472796767ULL * 1000003ULL + (uint64_t)s * 0x1000193ULL};
		plan_source(&e, &r, (enum src)s);
	}
	add_flaws(&e);
	qsort(e.v, e.n, sizeof(e.v[0]), ev_cmp);
	add_specials(&e); /* the first matching event by date */
	struct rng ro = {0x1260ULL};
	for (int y = 2017; y <= 2019; y++)
		write_fastighet(dir, &e, y, &ro);
	write_skola(dir, &e);
	write_kultur(dir, &e);
	write_insatser(dir);
	write_bra(dir);
	if (debug)
		print_debug(&e);
	free(e.v);
	return 0;
}

/* ---- benchmark data ------------------------------------------------------------------ */

static int bench(const char *dir, long rows, int xml)
{
	static const char *const orsak[] = {"Skadegörelse", "Glaskross", "Klotter/sanering",
					    "Brand/sot", "Inbrott"};
	static const enum cat orsak_cat[] = {C_SKAD, C_SKAD, C_KLOT, C_BRAND, C_INBR};
	int first = day_from_ymd(2017, 1, 1), ndays = day_from_ymd(2020, 1, 1) - first;
	char date[16], tm[8], cost[32];
	struct rng r = {0xBE4C4ULL};
	struct out o;
	size_t nsites = sizeof(fast_sites) / sizeof(fast_sites[0]);

	out_open(&o, dir, "fastighet-felanmalan-bench.csv", 1);
	static char buf[1 << 16];
	setvbuf(o.f, buf, _IOFBF, sizeof(buf));
	out_s(&o, "Ordernr;Anmäld datum;Klockslag;Ort;Objekt;Orsak;Beskrivning;Kostnad (kr)\r\n");
	for (long i = 0; i < rows; i++) {
		int day = first + (int)((int64_t)i * ndays / rows);
		const struct site *site = &fast_sites[rng_int(&r, 0, (int)nsites - 1)];
		int k = rng_int(&r, 0, 4);
		int glas = k == 1;
		fmt_iso(date, sizeof(date), day);
		fmt_time(tm, rng_pct(&r, 15) ? -1 : rng_int(&r, 7 * 60, 16 * 60));
		fmt_money(cost, fast_cost(&r, orsak_cat[k], glas));
		fprintf(o.f, "FA%ld;%s;%s;", 1000000L + i, date, tm);
		out_s(&o, loc_name(&r, site->loc, 10));
		out_s(&o, ";");
		out_field(&o, site->name, ';');
		out_s(&o, ";");
		out_s(&o, orsak[k]);
		out_s(&o, ";");
		out_field(&o, text_for(&r, SRC_FAST, orsak_cat[k], glas), ';');
		out_s(&o, ";");
		out_s(&o, cost);
		out_s(&o, "\r\n");
	}
	out_close(&o);
	if (!xml)
		return 0;

	static const enum cat kcat[] = {C_SKAD, C_KLOT, C_BRAND, C_INBR, C_HOT, C_DROG, C_ORDN};
	size_t nk = sizeof(kultur_sites) / sizeof(kultur_sites[0]);
	out_open(&o, dir, "kultur-fritid-bench.xml", 0);
	setvbuf(o.f, buf, _IOFBF, sizeof(buf));
	out_s(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<rapport xmlns=\"urn:bjuv:kultur-fritid:handelser:1\">\n");
	for (long i = 0; i < rows; i++) {
		int day = first + (int)((int64_t)i * ndays / rows);
		const struct site *site = &kultur_sites[rng_int(&r, 0, (int)nk - 1)];
		enum cat c = kcat[rng_int(&r, 0, 6)];
		int64_t ore = kultur_cost(&r, c);
		fmt_iso(date, sizeof(date), day);
		fmt_time(tm, pick_minute(&r, SRC_KULTUR, site, day));
		out_s(&o, "  <handelse datum=\"");
		out_s(&o, date);
		if (tm[0]) {
			out_s(&o, "\" tid=\"");
			out_s(&o, tm);
		}
		out_s(&o, "\"><ort>");
		out_s(&o, loc_name(&r, site->loc, 0));
		out_s(&o, "</ort><plats>");
		out_s(&o, site->name);
		out_s(&o, "</plats><typ>");
		out_s(&o, kultur_typ(&r, c));
		out_s(&o, "</typ>");
		if (ore >= 0) {
			fmt_money(cost, ore);
			out_s(&o, "<kostnad>");
			out_s(&o, cost);
			out_s(&o, "</kostnad>");
		}
		out_s(&o, "<notering>");
		out_xml_text(&o, text_for(&r, SRC_KULTUR, c, 0));
		out_s(&o, "</notering></handelse>\n");
	}
	out_s(&o, "</rapport>\n");
	out_close(&o);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: gen [--debug] DIR\n"
			"       gen --rows N --out DIR [--xml]\n");
	exit(64);
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	long rows = -1;
	int debug = 0, xml = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--debug") == 0)
			debug = 1;
		else if (strcmp(argv[i], "--xml") == 0)
			xml = 1;
		else if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			rows = strtol(argv[++i], &end, 10);
			if (errno || *end || rows < 1)
				usage();
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else
			usage();
	}
	if (!dir)
		usage();
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno));
		return 73;
	}
	if (rows > 0)
		return bench(dir, rows, xml);
	if (xml)
		usage();
	return samples(dir, debug);
}
