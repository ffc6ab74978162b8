/* gen_exports.c - SYNTHETIC exports for `make bench` (not real data): N incident rows split
 * over the three formats a municipality's systems give, so that trygg reads them with the
 * Bjuv sample's profiles and the reference pipeline (tests/bench/reference.py) the same files:
 *
 *   DIR/fastighet.csv  Windows-1252, ';', CRLF, ISO dates, costs "12 450,00"  (profile fastighet)
 *   DIR/skola.csv      UTF-8 with BOM, ',', D/M/YYYY dates, a count column     (profile skola)
 *   DIR/kultur.xml     UTF-8 XML with a namespace, one <handelse> per event    (profile kultur-fritid)
 *   DIR/trygg.xml      the sample configuration with these three as its sources
 *
 * usage: gen_exports ROWS DIR REPO   (REPO: the repository root, for the sample profiles)
 *
 * Rows are spread evenly over 2017-2019; sites are shared between the departments so that
 * the duplicate pass has work. Deterministic (splitmix64, fixed seeds); linked with trygg's
 * objects only for the calendar (record.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "record.h"

static uint64_t rng_state = 0x7472796762656EULL;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rint_(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void ymd(int day, int *y, int *m, int *d)
{
	rec_day_to_ymd((rec_day)day, y, m, d);
}

static int day_from(int y, int m, int d)
{
	return (int)rec_day_from_ymd(y, m, d);
}

/* UTF-8 literals; fastighet.csv gets them converted to Windows-1252. */
static const char *const ort_fast[] = {"Bjuv", "Billesholm", "Ekeby", "Bjuvs tätort"};
static const char *const ort_skola[] = {"Bjuvs tätort", "Billesholms tätort", "Ekeby", "Bjuv"};
static const char *const ort_kultur[] = {"Bjuv", "Billesholm", "Ekeby"};
static const char *const streets[] = {"Storgatan", "Skolgatan", "Järnvägsgatan", "Åkervägen",
				      "Södra vägen", "Norra vägen", "Parkgatan", "Kyrkogatan",
				      "Ängsvägen", "Björkvägen", "Ekvägen", "Idrottsvägen"};
static const char *const orsak[] = {"Skadegörelse", "Glaskross", "Klotter/sanering",
				    "Brand/sot", "Inbrott"};
static const char *const skola_typ[] = {"Skadegörelse", "Krossad ruta", "Klotter", "Brand",
					"Inbrott", "Hot", "Våld", "Narkotika", "Störning"};
static const char *const kultur_typ[] = {"Skadegörelse", "Klotter", "Brandskada", "Inbrott",
					 "Hot/våld", "Drogpåverkan", "Oro"};
static const char *const texts[] = {
	"Krossad ruta i entrén, glas på marken",
	"Klotter på gaveln mot parkeringen",
	"Sönderbänd dörr till förrådet, larm gick",
	"Papperskorg i brand, släckt av personal",
	"Stökiga ungdomar vid entrén, \"Ordningsvakt\" tillkallad",
	"Trasig belysning; sönderslagen armatur",
	"Inbrott i personalrum, dator saknas",
};

static void site(char *buf, size_t n)
{
	snprintf(buf, n, "%s %d", streets[rint_(N(streets))], 1 + rint_(40));
}

static void money(char *buf, size_t n, long ore)
{
	long kr = ore / 100;
	if (kr >= 1000)
		snprintf(buf, n, "%ld %03ld,%02ld", kr / 1000, kr % 1000, ore % 100);
	else
		snprintf(buf, n, "%ld,%02ld", kr, ore % 100);
}

/* UTF-8 → Windows-1252 for the characters this generator writes (Latin-1 range). */
static void put1252(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0xC3 && p[1]) {
			fputc(0xC0 | (p[1] & 0x3F), f);
			p++;
		} else {
			fputc(*p, f);
		}
	}
}

static void csv_field(FILE *f, const char *s, char delim, int w1252)
{
	int q = strchr(s, delim) || strchr(s, '"');
	if (q)
		fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		if (w1252 && ((unsigned char)*p == 0xC3) && p[1]) {
			fputc(0xC0 | (p[1] & 0x3F), f);
			p++;
		} else {
			fputc(*p, f);
		}
	}
	if (q)
		fputc('"', f);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen_exports: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	static char buf[3][1 << 16];
	static int k;
	setvbuf(f, buf[k++ % 3], _IOFBF, sizeof(buf[0]));
	return f;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: gen_exports ROWS DIR REPO\n");
		return 64;
	}
	long rows = strtol(argv[1], NULL, 10);
	const char *dir = argv[2], *repo = argv[3];
	if (rows < 3) {
		fprintf(stderr, "gen_exports: ROWS must be at least 3\n");
		return 64;
	}
	mkdir(dir, 0755);
	int first = day_from(2017, 1, 1), ndays = day_from(2020, 1, 1) - first;
	long per[3] = {rows / 3 + rows % 3, rows / 3, rows / 3};
	char s[64], c[32];
	int y, m, d;

	FILE *f = open_out(dir, "fastighet.csv");
	put1252(f, "Ordernr;Anmäld datum;Klockslag;Ort;Objekt;Orsak;Beskrivning;Kostnad (kr)\r\n");
	for (long i = 0; i < per[0]; i++) {
		ymd(first + (int)((int64_t)i * ndays / per[0]), &y, &m, &d);
		site(s, sizeof(s));
		fprintf(f, "FA%ld;%04d-%02d-%02d;", 1000000L + i, y, m, d);
		if (rint_(7))
			fprintf(f, "%02d:%02d", 7 + rint_(10), rint_(60));
		fputc(';', f);
		put1252(f, ort_fast[rint_(N(ort_fast))]);
		fputc(';', f);
		csv_field(f, s, ';', 1);
		fputc(';', f);
		put1252(f, orsak[rint_(N(orsak))]);
		fputc(';', f);
		csv_field(f, texts[rint_(N(texts))], ';', 1);
		fputc(';', f);
		money(c, sizeof(c), 50000 + rint_(3000000));
		fputs(c, f);
		fputs("\r\n", f);
	}
	fclose(f);

	f = open_out(dir, "skola.csv");
	fputs("\xEF\xBB\xBF" "Datum,Tid,Skola,Ort,Typ av händelse,Beskrivning,Antal,Kostnad\n", f);
	for (long i = 0; i < per[1]; i++) {
		ymd(first + (int)((int64_t)i * ndays / per[1]), &y, &m, &d);
		site(s, sizeof(s));
		fprintf(f, "%d/%d/%d,%02d:%02d,", d, m, y, 8 + rint_(8), rint_(60));
		csv_field(f, s, ',', 0);
		fputc(',', f);
		fputs(ort_skola[rint_(N(ort_skola))], f);
		fputc(',', f);
		fputs(skola_typ[rint_(N(skola_typ))], f);
		fputc(',', f);
		csv_field(f, texts[rint_(N(texts))], ',', 0);
		fprintf(f, ",%d,", 1 + (rint_(10) == 0));
		if (rint_(3)) {
			money(c, sizeof(c), 10000 + rint_(2000000));
			csv_field(f, c, ',', 0);
		}
		fputc('\n', f);
	}
	fclose(f);

	f = open_out(dir, "kultur.xml");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<rapport xmlns=\"urn:bjuv:kultur-fritid:handelser:1\">\n", f);
	for (long i = 0; i < per[2]; i++) {
		ymd(first + (int)((int64_t)i * ndays / per[2]), &y, &m, &d);
		site(s, sizeof(s));
		fprintf(f, "  <handelse datum=\"%04d-%02d-%02d\" tid=\"%02d:%02d\"><ort>%s</ort>"
			   "<plats>%s</plats><typ>%s</typ>",
			y, m, d, 12 + rint_(10), rint_(60), ort_kultur[rint_(N(ort_kultur))], s,
			kultur_typ[rint_(N(kultur_typ))]);
		if (rint_(2)) {
			money(c, sizeof(c), 10000 + rint_(1000000));
			fprintf(f, "<kostnad>%s</kostnad>", c);
		}
		const char *t = texts[rint_(N(texts))];
		fputs("<notering>", f);
		for (const char *p = t; *p; p++)
			fputs(*p == '"' ? "&quot;" : (char[2]){*p, 0}, f);
		fputs("</notering></handelse>\n", f);
	}
	fputs("</rapport>\n", f);
	fclose(f);

	/* the sample configuration with these sources */
	char path[4096];
	snprintf(path, sizeof(path), "%s/samples/bjuv/trygg.xml", repo);
	FILE *in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "gen_exports: %s: %s\n", path, strerror(errno));
		return 1;
	}
	f = open_out(dir, "trygg.xml");
	char line[1024];
	int skip = 0;
	while (fgets(line, sizeof(line), in)) {
		if (strstr(line, "<sources>")) {
			fprintf(f,
				"  <sources>\n"
				"    <source file=\"fastighet.csv\" profile=\"%s/samples/bjuv/profiles/fastighet.xml\" department=\"fastighet\"/>\n"
				"    <source file=\"skola.csv\" profile=\"%s/samples/bjuv/profiles/skola.xml\" department=\"skola\"/>\n"
				"    <source file=\"kultur.xml\" profile=\"%s/samples/bjuv/profiles/kultur-fritid.xml\" department=\"kultur-fritid\"/>\n"
				"  </sources>\n",
				repo, repo, repo);
			skip = 1;
		}
		/* the sample's official statistics (Brå) have no source here: left out, so that a
		 * test may add its own */
		if (strstr(line, "<official-statistics"))
			skip = 1;
		if (!skip)
			fputs(line, f);
		if (strstr(line, "</sources>") || strstr(line, "</official-statistics>"))
			skip = 0;
	}
	fclose(in);
	fclose(f);
	return 0;
}
