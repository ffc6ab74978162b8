/* test_cli.c - the command table and dispatch, in process: global options, help, unknown
 * commands and options, each command's usage errors with exit code 64 and its usage on
 * stderr, and the exit codes of missing input (66) and bad configuration (78); one stats run
 * end to end. stdout and stderr are captured through files. Expected texts and codes come
 * from SPEC.md §6 (sysexits.h) and the usage strings, not from running trygg. */
#include "testutil.h"

#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "util.h"

struct run {
	int rc;
	char *out, *err;
};

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct sbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_addn(&b, buf, n);
	fclose(fp);
	sbuf_add(&b, "");
	return sbuf_take(&b);
}

/* Runs `trygg ARGS…` (NULL-terminated) with stdout and stderr going to files. */
static struct run run(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = "trygg";
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *)) {
		assert_true(argc < 31);
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;

	char out_path[128], err_path[128];
	snprintf(out_path, sizeof(out_path), "%s/out", tu_dir());
	snprintf(err_path, sizeof(err_path), "%s/err", tu_dir());
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2);
	int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(saved_out >= 0 && saved_err >= 0 && fo >= 0 && fe >= 0);
	dup2(fo, 1);
	dup2(fe, 2);
	close(fo);
	close(fe);
	struct run r;
	r.rc = cli_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	r.out = slurp(out_path);
	r.err = slurp(err_path);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_global(void **state)
{
	(void)state;
	struct run r = run(NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_string_equal(r.out, "");
	assert_true(starts_with(r.err, "usage: trygg COMMAND [OPTIONS]\n"));
	run_free(&r);

	static const char *const help[] = {"--help", "-h", "help"};
	for (size_t i = 0; i < 3; i++) {
		r = run(help[i], NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.err, "");
		assert_true(starts_with(r.out, "usage: trygg COMMAND [OPTIONS]\n"));
		/* every command with its summary, and the exit codes */
		assert_non_null(strstr(r.out, "\n  report   write a report (PDF) for a period\n"));
		assert_non_null(strstr(r.out, "\n  check    validate the configuration"));
		assert_non_null(strstr(r.out, "\n  batch    write the reports for every month"));
		assert_non_null(strstr(r.out, "\n  stats    print the aggregate tables"));
		assert_non_null(strstr(r.out, "64 usage"));
		assert_non_null(strstr(r.out, "78 bad configuration"));
		run_free(&r);
	}
	static const char *const version[] = {"--version", "-V"};
	for (size_t i = 0; i < 2; i++) {
		r = run(version[i], NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.out, "trygg " TRYGG_VERSION "\n");
		assert_string_equal(r.err, "");
		run_free(&r);
	}
}

static void test_help_command(void **state)
{
	(void)state;
	const struct cli_cmd *const cmds[] = {&cli_cmd_report, &cli_cmd_check, &cli_cmd_batch,
					      &cli_cmd_stats};
	for (size_t i = 0; i < 4; i++) {
		struct run r = run("help", cmds[i]->name, NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.out, cmds[i]->usage);
		char want[64];
		snprintf(want, sizeof(want), "usage: trygg %s ", cmds[i]->name);
		assert_true(starts_with(r.out, want));
		run_free(&r);
		/* COMMAND --help and -h say the same */
		r = run(cmds[i]->name, "--help", NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.out, cmds[i]->usage);
		run_free(&r);
		r = run(cmds[i]->name, "-h", NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.out, cmds[i]->usage);
		run_free(&r);
	}
	struct run r = run("help", "rapport", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_true(starts_with(r.err, "trygg: error: unknown command 'rapport'\nusage: trygg COMMAND"));
	assert_string_equal(r.out, "");
	run_free(&r);
}

static void test_unknown(void **state)
{
	(void)state;
	struct run r = run("rapport", "--period", "2018-07", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_true(starts_with(r.err, "trygg: error: unknown command 'rapport'\nusage: trygg COMMAND"));
	run_free(&r);
	r = run("--verbose", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_true(starts_with(r.err, "trygg: error: unknown option '--verbose'\n"));
	run_free(&r);
	/* command names are exact */
	r = run("Report", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	run_free(&r);
}

/* A usage error: 64, "trygg: error: MESSAGE" and then the command's usage on stderr, nothing on
 * stdout. */
static void expect_usage(const struct cli_cmd *cmd, const char *message, const char *a1,
			 const char *a2, const char *a3, const char *a4, const char *a5)
{
	struct run r = run(cmd->name, a1, a2, a3, a4, a5, NULL);
	char want[4096];
	snprintf(want, sizeof(want), "trygg: error: %s\n%s", message, cmd->usage);
	if (r.rc != DIAG_EX_USAGE || strcmp(r.err, want) != 0)
		fprintf(stderr, "%s %s: rc %d, stderr:\n%s", cmd->name, a1 ? a1 : "", r.rc, r.err);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_string_equal(r.err, want);
	assert_string_equal(r.out, "");
	run_free(&r);
}

static void test_usage_errors(void **state)
{
	(void)state;
	const struct cli_cmd *rep = &cli_cmd_report, *st = &cli_cmd_stats;
	expect_usage(rep, "--period is required (e.g. --period sommar-2018)", "-c", "x.xml", NULL,
		     NULL, NULL);
	expect_usage(rep, "option '--period' needs a value", "--period", NULL, NULL, NULL, NULL);
	expect_usage(rep, "option '-c' needs a value", "--period", "2018-07", "-c", NULL, NULL);
	expect_usage(rep, "unknown option '--periods'", "--periods", "2018-07", NULL, NULL, NULL);
	expect_usage(rep, "unexpected argument 'extra'", "--period", "2018-07", "extra", NULL,
		     NULL);
	expect_usage(rep, "unknown --chart-mode 'bitmap' — use raster or vector", "--period", "2018-07",
		     "--chart-mode", "bitmap", NULL);
	expect_usage(rep, "unknown --lang 'de' — use sv or en", "--period", "2018-07", "--lang", "de",
		     NULL);
	expect_usage(rep, "--mail-dir needs --per-department", "--period", "2018-07",
		     "--mail-dir", "m", NULL);
	expect_usage(st, "--by is required (e.g. --by category)", "--period", "2018-07", NULL,
		     NULL, NULL);
	expect_usage(st, "--period is required (e.g. --period sommar-2018)", "--by", "category",
		     NULL, NULL, NULL);
	expect_usage(st, "unknown --format 'xlsx' — use table, csv or json", "--period", "2018-07", "--by",
		     "category", "--format=xlsx");
	expect_usage(st,
		     "--by 'category,category' is not one dimension or two different ones — use "
		     "one or two among category, locality, department, site, month, week, weekday, hour, source",
		     "--period", "2018-07", "--by", "category,category", NULL);
	expect_usage(st,
		     "--by 'kategori' is not one dimension or two different ones — use one or two "
		     "among category, locality, department, site, month, week, weekday, hour, source",
		     "--period", "2018-07", "--by", "kategori", NULL);
	/* cli_usage_error itself */
	fflush(stderr);
	int saved = dup(2);
	char path[128];
	snprintf(path, sizeof(path), "%s/ue", tu_dir());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 2);
	close(fd);
	int rc = cli_usage_error(&cli_cmd_check, "no '%s' here", "x");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(rc, DIAG_EX_USAGE);
	char *err = slurp(path);
	char want[4096];
	snprintf(want, sizeof(want), "trygg: error: no 'x' here\n%s", cli_cmd_check.usage);
	assert_string_equal(err, want);
	free(err);
}

static void test_exit_codes(void **state)
{
	(void)state;
	char missing[128], bad[128], out[128];
	snprintf(missing, sizeof(missing), "%s/none.xml", tu_dir());
	snprintf(out, sizeof(out), "%s/o", tu_dir());
	/* missing configuration: 66, named on stderr */
	struct run r = run("report", "-c", missing, "--period", "2018-07", "-o", out, NULL);
	assert_int_equal(r.rc, DIAG_EX_NOINPUT);
	assert_non_null(strstr(r.err, "none.xml"));
	run_free(&r);
	r = run("stats", "-c", missing, "--period", "2018-07", "--by", "category", NULL);
	assert_int_equal(r.rc, DIAG_EX_NOINPUT);
	assert_string_equal(r.out, "");
	run_free(&r);
	r = run("check", "-c", missing, NULL);
	assert_int_equal(r.rc, DIAG_EX_NOINPUT);
	run_free(&r);
	/* a configuration that is not XML: 78 with file:line */
	static const char bad_xml[] = "<trygg>\n<kommun>\n</trygg>\n";
	snprintf(bad, sizeof(bad), "%s", tu_put("bad.xml", bad_xml, strlen(bad_xml)));
	r = run("check", "-c", bad, NULL);
	assert_int_equal(r.rc, DIAG_EX_CONFIG);
	char want[160];
	snprintf(want, sizeof(want), "%s:3:", bad);
	assert_true(starts_with(r.err, want));
	assert_non_null(strstr(r.err, "error: "));
	run_free(&r);
	/* a period that does not parse is a usage error, after the configuration is read */
	r = run("stats", "-c", "samples/bjuv/trygg.xml", "--period", "sommar-18", "--by",
		"category", "--quiet", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	run_free(&r);
	/* a filter that names nothing in the configuration */
	r = run("stats", "-c", "samples/bjuv/trygg.xml", "--period", "sommar-2018", "--by",
		"category", "--locality", "Atlantis", "--quiet", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_true(starts_with(r.err, "trygg: error: unknown locality 'Atlantis' in the "
				       "configuration — use the id or name of one of its "
				       "localities\n"));
	run_free(&r);
	/* official statistics by locality: the fix after the em dash */
	r = run("stats", "-c", "samples/bjuv/trygg.xml", "--period", "2018", "--official",
		"--locality", "Bjuv", "--quiet", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_true(starts_with(r.err, "trygg: error: --official: official statistics have no "
				       "locality or department — filter with --category, which "
				       "keeps the crime types mapped to it\n"));
	run_free(&r);
	r = run("stats", "-c", "samples/bjuv/trygg.xml", "--period", "2018", "--official",
		"--by=kommun", "--quiet", NULL);
	assert_int_equal(r.rc, DIAG_EX_USAGE);
	assert_true(starts_with(r.err, "trygg: error: --official --by 'kommun' is not an order of "
				       "the official table — use crime-type,area (the default) or "
				       "area,crime-type\n"));
	run_free(&r);
}

/* One real run: the sample's categories as CSV (the Bjuv configuration has 7 categories,
 * tests/unit/test_config.c): BOM, header, 7 rows and the total, CRLF. */
static void test_stats_run(void **state)
{
	(void)state;
	struct run r = run("stats", "-c", "samples/bjuv/trygg.xml", "--period", "sommar-2018",
			   "--by", "category", "--format", "csv", "--quiet", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	assert_true(starts_with(r.out, "\xEF\xBB\xBF" "Kategori;Antal Sommar 2018;Antal Sommar 2017;"));
	int lines = 0;
	for (const char *p = r.out; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, 1 + 7 + 1);
	assert_non_null(strstr(r.out, "\r\nTotalt;"));
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global),       cmocka_unit_test(test_help_command),
		cmocka_unit_test(test_unknown),      cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_exit_codes),   cmocka_unit_test(test_stats_run),
	};
	return cmocka_run_group_tests(tests, tu_tmpdir_setup, tu_tmpdir_teardown);
}
