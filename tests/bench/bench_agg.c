/* bench_agg.c - aggregation figures for `make bench`: 1 million incidents (generated in
 * memory with the sample's spread) grouped by category, locality and department, by site,
 * week and weekday × hour, set beside the time to ingest as many rows from the generator's
 * CSV. Prints figures only; never asserts on timing.
 *
 * Environment: B (build folder, for gen-samples), BENCH_DIR (scratch), BENCH_ROWS (default
 * 1000000). Runs from the repository root (tests/bench/run.sh does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "config.h"
#include "diag.h"
#include "normalize.h"
#include "record.h"
#include "util.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t seed = 42;
static uint32_t rnd(uint32_t n)
{
	seed += 0x9E3779B97F4A7C15ULL;
	uint64_t z = seed;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return (uint32_t)((z ^ (z >> 31)) % n);
}

/* Sources of the sample configuration replaced by the generator's CSV; NULL on failure. */
static char *bench_config(const char *dir)
{
	char *sample = NULL, cwd[4096];
	size_t n;
	if (!getcwd(cwd, sizeof(cwd)) || util_read_file("samples/bjuv/trygg.xml", &sample, &n) < 0)
		return NULL;
	char *a = strstr(sample, "<sources>"), *z = strstr(sample, "</sources>");
	if (!a || !z)
		return NULL;
	*a = '\0';
	char *xml = xasprintf("%s<sources><source file=\"%s/fastighet-felanmalan-bench.csv\" "
			      "profile=\"%s/samples/bjuv/profiles/fastighet.xml\" "
			      "department=\"fastighet\"/>%s",
			      sample, dir, cwd, z);
	char *path = xasprintf("%s/trygg-agg.xml", dir);
	FILE *fp = fopen(path, "w");
	if (fp) {
		fputs(xml, fp);
		fclose(fp);
	}
	free(sample);
	free(xml);
	return fp ? path : NULL;
}

int main(void)
{
	util_heap_hugepages(); /* memory as trygg's main sets it up (util.h) */
	long rows = getenv("BENCH_ROWS") ? atol(getenv("BENCH_ROWS")) : 1000000;
	const char *b = getenv("B") ? getenv("B") : "build/release";
	const char *bench_dir = getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/tmp";
	struct config *cfg = NULL;
	struct diag d = {0};
	if (config_load("samples/bjuv/trygg.xml", &cfg, &d) < 0) {
		diag_print(&d, stderr);
		return 1;
	}
	struct rec_store *s = rec_store_new();
	uint32_t sites[300];
	for (size_t i = 0; i < 300; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Plats %zu", i);
		sites[i] = rec_intern(s, name);
	}
	rec_day first = rec_day_from_ymd(2017, 1, 1), ndays = 3 * 365;
	for (long i = 0; i < rows; i++) {
		struct incident in = {
			.day = first + (rec_day)rnd((uint32_t)ndays),
			.minute = (int16_t)(rnd(10) ? (int)rnd(1440) : -1),
			.category = (uint16_t)rnd((uint32_t)cfg->n_categories),
			.locality = (uint16_t)rnd((uint32_t)cfg->n_localities),
			.department = (uint16_t)rnd((uint32_t)cfg->n_departments),
			.site = sites[rnd(300)],
			.count = rnd(20) ? 1 : 1 + (int32_t)rnd(9),
			.cost_ore = rnd(3) ? 0 : (int64_t)rnd(5000000),
		};
		rec_add_incident(s, &in);
	}
	struct period cur, base;
	period_parse("2018", cfg, &cur, &d);
	period_previous_year(&cur, cfg, &base);
	printf("   %ld incidents in memory, period %s against %s\n", rows, cur.id, base.id);

	static const enum agg_dim dims[] = {AGG_CATEGORY, AGG_LOCALITY, AGG_DEPARTMENT};
	double best3 = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now();
		for (size_t k = 0; k < 3; k++)
			agg_table_free(agg_incidents_by(s, cfg, dims[k], &cur, &base));
		double t = now() - t0;
		if (t < best3)
			best3 = t;
	}
	printf("   category + locality + department (3 tables, both periods): %.1f ms  "
	       "(%.1f ns/record/table)\n", best3 * 1e3, best3 * 1e9 / (double)rows / 3);
	struct { const char *name; enum agg_dim dim; } one[] = {
		{"site (300 sites, sorted)", AGG_SITE}, {"ISO week", AGG_DIM_WEEK},
		{"month", AGG_DIM_MONTH}, {"hour", AGG_HOUR}};
	for (size_t k = 0; k < sizeof(one) / sizeof(one[0]); k++) {
		double t0 = now();
		agg_table_free(agg_incidents_by(s, cfg, one[k].dim, &cur, &base));
		printf("   by %-40s %.1f ms\n", one[k].name, (now() - t0) * 1e3);
	}
	double t0 = now();
	agg_cross_free(agg_weekday_hour(s, cfg, &cur, NULL));
	printf("   weekday × hour (with secondary suppression):  %.1f ms\n", (now() - t0) * 1e3);
	t0 = now();
	agg_cross_free(agg_cross_by(s, cfg, AGG_SITE, AGG_CATEGORY, &cur, NULL));
	printf("   site × category (300 × 7, suppression):       %.1f ms\n", (now() - t0) * 1e3);

	/* the same number of rows through ingest + normalize, for scale */
	char *dir = xasprintf("%s/agg-%ld", bench_dir, rows);
	char *cmd = xasprintf("mkdir -p '%s' && [ -s '%s/fastighet-felanmalan-bench.csv' ] || "
			      "'%s/gen-samples' --rows %ld --out '%s' >/dev/null", dir, dir, b, rows, dir);
	char *conf = system(cmd) == 0 ? bench_config(dir) : NULL;
	struct config *bcfg = NULL;
	if (conf && config_load(conf, &bcfg, &d) == 0) {
		struct rec_store *bs = rec_store_new();
		t0 = now();
		int rc = norm_load_sources(bcfg, bs, &d);
		double ingest = now() - t0;
		printf("   ingest + normalize of %zu generated CSV rows: %.0f ms%s; aggregation of "
		       "three tables is %.1f %% of it\n", bs->n_incidents, ingest * 1e3,
		       rc < 0 ? " (failed)" : "", 100.0 * best3 / ingest);
		rec_store_free(bs);
		config_free(bcfg);
	} else {
		printf("   (ingest comparison skipped: no gen-samples in %s)\n", b);
	}
	free(conf);
	free(cmd);
	free(dir);
	rec_store_free(s);
	config_free(cfg);
	return 0;
}
