/* bench_rates.c - per-core ingest rate against the libraries' own rate, for `make bench`: on
 * each export of the generated dataset (tests/bench/gen_exports.c) the library alone (libcsv
 * in strict mode; libxml2's SAX2 push parser, which trygg uses, and its xmlTextReader, which
 * it used before, for comparison), trygg's reader alone (rows delivered, nothing kept), and trygg's whole load of that
 * one file on one thread (reader + normalize + store). CPU time of this process, best of
 * three: on a shared machine wall time mostly measures the neighbours. Prints figures only.
 *
 * The reader can pass the library: ingest_csv splits the lines libcsv would read field by
 * field itself (scan_line) and leaves only the rest to libcsv.
 *
 * The dataset folder (trygg.xml and the three exports): the first argument, else
 * BENCH_DATA, else build/bench/1m. Runs from the repository root (tests/bench/run.sh does). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "bench_libs.h"
#include "config.h"
#include "util.h"
#include "xmlsafe.h"

/* One timed run of expr; var keeps the smallest. The library and trygg are timed in turns,
 * rep after rep (not three of one, then three of the other): on a shared virtual machine
 * the speed drifts over seconds, and a ratio of runs taken minutes apart measured the drift
 * (41-108 % for one file in eleven runs). */
#define ONCE(var, expr)                                                                       \
	do {                                                                                  \
		double t0_ = cpu_now();                                                       \
		rows = (expr);                                                                \
		double t_ = cpu_now() - t0_;                                                  \
		var = t_ < var ? t_ : var;                                                    \
	} while (0)

int main(int argc, char **argv)
{
	util_heap_hugepages(); /* memory as trygg's main sets it up (util.h) */
	const char *dir = argc > 1 ? argv[1] : getenv("BENCH_DATA");
	if (!dir || !*dir)
		dir = "build/bench/1m";
	char *cfg_path = xasprintf("%s/trygg.xml", dir);
	struct config *cfg;
	struct diag d = {0};
	util_hash_init();
	xmlsafe_init();
	setenv("TRYGG_THREADS", "1", 1);
	if (config_load(cfg_path, &cfg, &d) < 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "bench_rates: generate the data first (make bench)\n");
		return 1;
	}
	int reps = getenv("BENCH_RATES_REPS") ? atoi(getenv("BENCH_RATES_REPS")) : 5;
	if (reps < 1)
		reps = 1;
	printf("per-core rates on %s (CPU time, best of %d, library and trygg in turns; MB/s of "
	       "the file)\n", dir, reps);
	printf("  %-14s %7s %9s | %-13s %8s | %8s %8s | %6s %6s\n", "file", "MB", "rows",
	       "library", "MB/s", "reader", "load", "rd/lib", "ld/lib");
	static const char *const files[] = {"fastighet.csv", "skola.csv", "kultur.xml"};
	for (size_t i = 0; i < 3 && i < cfg->n_sources; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);
		struct stat st;
		if (stat(path, &st) < 0) {
			fprintf(stderr, "bench_rates: %s missing\n", path);
			return 1;
		}
		double mb = (double)st.st_size / 1e6, t_lib = 1e9, t_lib2 = 1e9, t_rd = 1e9,
		       t_ld = 1e9;
		long rows = 0, n_lib = 0, n_rd = 0, n_ld = 0;
		int xml = i == 2;
		for (int rep = 0; rep < reps; rep++) {
			if (xml) {
				ONCE(t_lib, sax_alone(path));
				n_lib = rows;
				ONCE(t_lib2, reader_alone(path));
			} else {
				ONCE(t_lib, libcsv_alone(path, i == 0 ? ';' : ','));
				n_lib = rows - 1; /* libcsv counts the header line as a record */
			}
			ONCE(t_rd, trygg_reader(cfg, i, path));
			n_rd = rows;
			ONCE(t_ld, trygg_load(cfg, i));
			n_ld = rows;
		}
		printf("  %-14s %7.1f %9ld | %-13s %8.1f | %8.1f %8.1f | %5.0f%% %5.0f%%\n", files[i],
		       mb, n_ld, xml ? "SAX2 push" : "libcsv strict", mb / t_lib, mb / t_rd,
		       mb / t_ld, 100 * t_lib / t_rd, 100 * t_lib / t_ld);
		if (xml)
			printf("  %-14s %7s %9s | %-13s %8.1f | %8s %8s | %5.0f%% %5.0f%%\n", "", "", "",
			       "xmlTextReader", mb / t_lib2, "", "", 100 * t_lib2 / t_rd, 100 * t_lib2 / t_ld);
		if (n_rd != n_ld || (n_lib != n_ld && !xml))
			printf("  (rows differ: library %ld, reader %ld, load %ld)\n", n_lib, n_rd, n_ld);
		free(path);
	}
	config_free(cfg);
	free(cfg_path);
	return 0;
}
