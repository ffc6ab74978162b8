/* bench_ingest.c - ingest figures for `make bench`: trygg's CSV ingest + normalize beside
 * libcsv alone and `cat` on the same generated files, the same with two departments (CSV +
 * XML, so that the duplicate pass runs), peak memory per record for both, and the whole
 * seasonal report on the generated dataset. Prints figures only; never asserts on timing.
 *
 * Environment: B (build folder, for gen-samples), TRYGG (the binary), BENCH_DIR (scratch),
 * BENCH_ROWS (default 1000000). Runs from the repository root (tests/bench/run.sh does). */
#include <csv.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_libs.h"
#include "config.h"
#include "diag.h"
#include "ingest.h"
#include "normalize.h"
#include "record.h"
#include "util.h"
#include "xmlsafe.h"

#define REPEAT 3

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int run_cmd(const char *cmd)
{
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "bench_ingest: '%s' failed (%d)\n", cmd, rc);
	return rc;
}

/* Makes DIR/fastighet-felanmalan-bench.csv (and the XML twin) with rows rows, once. */
static char *dataset(const char *bench_dir, const char *b, long rows, int xml)
{
	char *dir = xasprintf("%s/ingest-%ld%s", bench_dir, rows, xml ? "x" : "");
	char *csv = xasprintf("%s/fastighet-felanmalan-bench.csv", dir);
	if (file_size(csv) <= 0) {
		char *cmd = xasprintf("'%s/gen-samples' --rows %ld --out '%s'%s", b, rows, dir,
				      xml ? " --xml" : "");
		if (run_cmd(cmd) != 0)
			exit(1);
		free(cmd);
	}
	free(csv);
	return dir;
}

/* A copy of the sample configuration whose sources are the generated files. */
static char *write_config(const char *dir, int with_xml)
{
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		exit(1);
	size_t n;
	char *sample = NULL;
	if (util_read_file("samples/bjuv/trygg.xml", &sample, &n) < 0) {
		fprintf(stderr, "bench_ingest: run from the repository root\n");
		exit(1);
	}
	char *a = strstr(sample, "<sources>"), *z = strstr(sample, "</sources>");
	if (!a || !z)
		exit(1);
	char *path = xasprintf("%s/trygg%s.xml", dir, with_xml ? "-xml" : "");
	FILE *fp = fopen(path, "w");
	if (!fp)
		exit(1);
	fwrite(sample, 1, (size_t)(a - sample), fp);
	fprintf(fp, "<sources>\n"
		    "    <source file=\"fastighet-felanmalan-bench.csv\" profile=\"%s/samples/bjuv/"
		    "profiles/fastighet.xml\" department=\"fastighet\"/>\n",
		cwd);
	if (with_xml)
		fprintf(fp,
			"    <source file=\"kultur-fritid-bench.xml\" profile=\"%s/samples/bjuv/"
			"profiles/kultur-fritid.xml\" department=\"kultur-fritid\"/>\n",
			cwd);
	fputs(z, fp);
	fclose(fp);
	free(sample);
	return path;
}

/* ---- the three readers ---- */

static struct config *load_config(const char *path)
{
	struct config *cfg;
	struct diag d = {0};
	if (config_load(path, &cfg, &d) < 0) {
		diag_print(&d, stderr);
		exit(1);
	}
	return cfg;
}

/* ingest + normalize into a store, as `trygg report` does. Returns the records kept. */
static long trygg_ingest(const struct config *cfg)
{
	struct rec_store *s = rec_store_new();
	struct diag d = {0};
	norm_load_sources(cfg, s, &d);
	long n = (long)s->n_incidents;
	rec_store_free(s);
	return n;
}

/* ---- timing ---- */

struct best {
	double secs;
	long count;
};

#define TIME_MIN(res, expr)                                                                   \
	do {                                                                                  \
		double t0_ = cpu_now();                                                       \
		long c_ = (expr);                                                             \
		double t_ = cpu_now() - t0_;                                                  \
		if (t_ < (res).secs)                                                          \
			(res).secs = t_, (res).count = c_;                                    \
	} while (0)

#define BEST_OF(res, expr)                                                                    \
	do {                                                                                  \
		(res).secs = 1e9;                                                             \
		for (int rep_ = 0; rep_ < REPEAT; rep_++) {                                   \
			double t0_ = cpu_now();                                               \
			(res).count = (expr);                                                 \
			double t_ = cpu_now() - t0_;                                          \
			if (t_ < (res).secs)                                                  \
				(res).secs = t_;                                              \
		}                                                                             \
	} while (0)

static void line(const char *what, double bytes, const struct best *b, const struct best *ref)
{
	printf("  %-34s %8.1f MB/s %10.0f rows/s %7.3f s", what, bytes / 1e6 / b->secs,
	       (double)b->count / b->secs, b->secs);
	if (ref)
		printf("   %5.2f x %s", ref->secs / b->secs, "libcsv");
	putchar('\n');
}

/* cat in a child; returns its CPU time in microseconds (user + system). */
static double cat_file(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execlp("cat", "cat", path, (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Peak RSS (KiB) of a child that loads cfg's sources into a store, or only sets up when
 * empty. Forked so that every figure starts from the same process image. */
static long child_peak_kib(const char *cfg_path, int load, long *records)
{
	int fds[2];
	if (pipe(fds) < 0)
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		struct config *cfg = load_config(cfg_path);
		struct rec_store *s = rec_store_new();
		struct diag d = {0};
		if (load)
			norm_load_sources(cfg, s, &d);
		long n = (long)s->n_incidents;
		if (write(fds[1], &n, sizeof(n)) != sizeof(n))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	long n = 0;
	if (read(fds[0], &n, sizeof(n)) != sizeof(n))
		n = -1;
	close(fds[0]);
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	*records = n;
	return ru.ru_maxrss;
}

/* Runs the report as a user would; returns wall seconds and the child's peak RSS. */
static double time_report(const char *trygg, const char *cfg, const char *out, long *peak_kib)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execl(trygg, trygg, "report", "-q", "-c", cfg, "--period", "sommar-2018", "-o", out,
		      (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	double t = now() - t0;
	*peak_kib = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("  (report exited %d)\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return t;
}

int main(void)
{
	util_heap_hugepages(); /* memory as trygg's main sets it up (util.h) */
	const char *b = getenv("B") ? getenv("B") : "build/release";
	const char *bench_dir = getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/tmp";
	const char *trygg = getenv("TRYGG");
	long rows = getenv("BENCH_ROWS") ? atol(getenv("BENCH_ROWS")) : 1000000;
	if (rows < 1000)
		rows = 1000;
	xmlsafe_init();

	/* Two sizes of the same data: memory per record is the difference between them, so
	 * that what does not grow with the records (libraries, buffers) is left out. */
	char *dir = dataset(bench_dir, b, rows, 1);
	char *dirh = dataset(bench_dir, b, rows / 2, 1);
	char *cfg1 = write_config(dir, 0), *cfgx = write_config(dir, 1);
	char *cfgh1 = write_config(dirh, 0), *cfghx = write_config(dirh, 1);
	char *csv = xasprintf("%s/fastighet-felanmalan-bench.csv", dir);
	char *xml = xasprintf("%s/kultur-fritid-bench.xml", dir);
	double csv_bytes = (double)file_size(csv), xml_bytes = (double)file_size(xml);

	printf("ingest, %ld generated rows (CPU seconds, best of %d, interleaved)\n", rows,
	       REPEAT + 2);
	printf(" CSV %s: %.1f MB, Windows-1252, CRLF\n", csv, csv_bytes / 1e6);
	struct config *cfg = load_config(cfg1);
	struct best cat = {1e9, rows}, lib = {1e9, 0}, rd = {1e9, 0}, tr = {1e9, 0};
	/* interleaved, so that a noisy neighbour slows every reader alike */
	for (int rep = 0; rep < REPEAT + 2; rep++) {
		double ct = cat_file(csv);
		if (ct < cat.secs)
			cat.secs = ct > 1e-6 ? ct : 1e-6;
		TIME_MIN(lib, libcsv_alone(csv, ';') - 1);
		TIME_MIN(rd, trygg_reader(cfg, 0, csv));
		TIME_MIN(tr, trygg_ingest(cfg));
	}
	line("cat", csv_bytes, &cat, &lib);
	line("libcsv alone (empty callbacks)", csv_bytes, &lib, &lib);
	line("trygg reader (ingest_csv)", csv_bytes, &rd, &lib);
	line("trygg ingest + normalize", csv_bytes, &tr, &lib);
	printf("  => one department: ingest + normalize %.3f s, libcsv alone %.3f s on the same "
	       "file: %.2f of the libcsv-alone rate (must be >= 0.50)\n",
	       tr.secs, lib.secs, lib.secs / tr.secs);
	config_free(cfg);

	printf(" XML %s: %.1f MB\n", xml, xml_bytes / 1e6);
	struct config *cx = load_config(cfgx);
	struct best xr, xt;
	BEST_OF(xr, reader_alone(xml));
	BEST_OF(rd, trygg_reader(cx, 1, xml));
	line("libxml2 reader alone", xml_bytes, &xr, NULL);
	line("trygg reader (ingest_xml)", xml_bytes, &rd, NULL);
	printf("  => ingest_xml at %.2f of the libxml2-reader-alone rate\n", xr.secs / rd.secs);
	BEST_OF(xt, trygg_ingest(cx));
	line("trygg ingest + normalize, CSV + XML", csv_bytes + xml_bytes, &xt, NULL);
	/* Two departments: the duplicate pass runs too. The parsers' share is libcsv on the
	 * CSV plus libxml2's reader on the XML, as measured above. */
	printf("  => two departments (CSV + XML, duplicate pass): ingest + normalize %.3f s, "
	       "libcsv + libxml2 reader alone %.3f s: %.2f of the parsers-alone rate\n",
	       xt.secs, lib.secs + xr.secs, (lib.secs + xr.secs) / xt.secs);
	config_free(cx);

	/* Peak minus the set-up-only peak, per record: it counts every transient (realloc
	 * doubling, the duplicate table) and no fixed base, so it is the conservative figure;
	 * two sizes show that it does not grow with the data. */
	long n0;
	long k0 = child_peak_kib(cfg1, 0, &n0);
	printf("peak memory (ru_maxrss of a forked loader; set-up only: %ld KiB)\n", k0);
	const char *what[2] = {"one department (CSV)", "two departments (CSV + XML)"};
	const char *cfgs[2][2] = {{cfgh1, cfg1}, {cfghx, cfgx}};
	for (int k = 0; k < 2; k++) {
		double worst = 0;
		printf("  %s\n", what[k]);
		for (int z = 0; z < 2; z++) {
			long n;
			long kib = child_peak_kib(cfgs[k][z], 1, &n);
			double per = n > 0 ? (double)(kib - k0) * 1024.0 / (double)n : 0;
			worst = per > worst ? per : worst;
			printf("    %8ld records  %8ld KiB  %5.1f bytes per record above set-up\n", n,
			       kib, per);
		}
		printf("    => at most %.1f bytes per record (must be <= 64; struct incident is %zu "
		       "bytes)\n",
		       worst, sizeof(struct incident));
	}

	if (trygg) {
		char *out = xasprintf("%s/out", dir);
		long peak;
		double t = time_report(trygg, cfg1, out, &peak);
		printf("seasonal report sommar-2018 (ingest to PDF)\n");
		printf("  %ld CSV rows:                %6.2f s, peak %ld MiB\n", rows, t, peak / 1024);
		t = time_report(trygg, cfgx, out, &peak);
		printf("  %ld CSV + %ld XML rows:      %6.2f s, peak %ld MiB\n", rows, rows, t,
		       peak / 1024);
		free(out);
	}
	free(dir), free(dirh), free(cfg1), free(cfgx), free(cfgh1), free(cfghx), free(csv), free(xml);
	return 0;
}
