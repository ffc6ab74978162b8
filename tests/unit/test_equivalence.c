/* test_equivalence.c - the same sample export converted to UTF-8, to LF line ends, with a BOM
 * added, or with its columns reordered normalizes to the same records, rejects and counts. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "normalize.h"
#include "record.h"
#include "util.h"
#include "xmlsafe.h"

#define ROOT TESTS_DIR "/.."

static const char *const variants[] = {"orig", "utf8", "lf", "bom", "reordered"};
#define N_VARIANTS 5

/* The variants are written by python3 (an independent CSV implementation), the profile is the
 * sample's with encoding="auto" so that one profile reads them all. */
static const char script[] =
	"import csv, sys, io\n"
	"src, out = sys.argv[1], sys.argv[2]\n"
	"raw = open(src, 'rb').read()\n"
	"open(out + '/orig.csv', 'wb').write(raw)\n"
	"text = raw.decode('cp1252')\n"
	"open(out + '/utf8.csv', 'wb').write(text.encode('utf-8'))\n"
	"open(out + '/lf.csv', 'wb').write(raw.replace(b'\\r\\n', b'\\n'))\n"
	"open(out + '/bom.csv', 'wb').write(b'\\xef\\xbb\\xbf' + text.encode('utf-8'))\n"
	"rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=';'))\n"
	"buf = io.StringIO()\n"
	"w = csv.writer(buf, delimiter=';', lineterminator='\\r\\n')\n"
	"for r in rows: w.writerow(list(reversed(r)))\n"
	"open(out + '/reordered.csv', 'wb').write(buf.getvalue().encode('cp1252'))\n";

static int run_script(const char *dir)
{
	char *py = xasprintf("%s/make.py", dir);
	FILE *fp = fopen(py, "w");
	assert_non_null(fp);
	fputs(script, fp);
	fclose(fp);
	char *cmd = xasprintf("python3 '%s' '%s' '%s'", py,
			      ROOT "/samples/bjuv/exports/fastighet-felanmalan-2018.csv", dir);
	int rc = system(cmd);
	free(cmd);
	free(py);
	return rc;
}

static void write_config(const char *dir)
{
	char *sample, *prof;
	size_t n;
	assert_int_equal(util_read_file(ROOT "/samples/bjuv/trygg.xml", &sample, &n), 0);
	assert_int_equal(util_read_file(ROOT "/samples/bjuv/profiles/fastighet.xml", &prof, &n), 0);
	char *enc = strstr(prof, "encoding=\"windows-1252\"");
	assert_non_null(enc);
	char *path = xasprintf("%s/profile.xml", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "%.*sencoding=\"auto\"%s", (int)(enc - prof), prof,
		enc + strlen("encoding=\"windows-1252\""));
	fclose(fp);
	free(path);
	path = xasprintf("%s/trygg.xml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	char *a = strstr(sample, "<sources>"), *z = strstr(sample, "</sources>");
	assert_true(a && z);
	fprintf(fp, "%.*s<sources>\n", (int)(a - sample), sample);
	for (int i = 0; i < N_VARIANTS; i++)
		fprintf(fp, "<source file=\"%s.csv\" profile=\"profile.xml\" department=\"fastighet\"/>\n",
			variants[i]);
	fputs(z, fp);
	fclose(fp);
	free(path);
	free(sample);
	free(prof);
}

static void test_variants_same_records(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/trygg-equiv-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	assert_int_equal(run_script(dir), 0);
	write_config(dir);

	char *cfg_path = xasprintf("%s/trygg.xml", dir);
	struct config *cfg;
	struct diag d = {0};
	if (config_load(cfg_path, &cfg, &d) < 0)
		fail_msg("%s:%ld: %s", d.file, d.line, d.msg);
	struct rec_store *s = rec_store_new();
	assert_int_equal(norm_load_sources(cfg, s, &d), 0);
	assert_int_equal(s->n_sources, N_VARIANTS);
	/* the sample's two flawed rows are lines 19 and 87 (samples/README.md) */
	for (int v = 0; v < N_VARIANTS; v++) {
		const struct rec_source_stats *st = &s->sources[v];
		if (st->failed)
			fail_msg("%s: %s", variants[v], st->failure);
		assert_int_equal(st->read, s->sources[0].read);
		assert_int_equal(st->accepted, s->sources[0].accepted);
		assert_int_equal(st->rejected, 2);
		assert_int_equal(st->duplicates, 0);
	}
	assert_string_equal(s->sources[1].encoding, "utf-8");
	assert_string_equal(s->sources[3].encoding, "utf-8-bom");
	assert_string_equal(s->sources[4].encoding, "windows-1252");

	/* records of each variant, in order, equal the original's but for the source */
	size_t per = (size_t)s->sources[0].accepted;
	assert_int_equal(s->n_incidents, per * N_VARIANTS);
	for (int v = 1; v < N_VARIANTS; v++) {
		for (size_t i = 0; i < per; i++) {
			struct incident a = s->incidents[i], b = s->incidents[v * per + i];
			assert_int_equal(a.source, 0);
			assert_int_equal(b.source, v);
			a.source = b.source = 0;
			if (memcmp(&a, &b, sizeof(a)) != 0)
				fail_msg("%s: record %zu differs from the original's", variants[v], i);
		}
	}
	/* rejects: same lines, fields and reasons */
	size_t nr = s->n_rejects / N_VARIANTS;
	assert_int_equal(s->n_rejects, nr * N_VARIANTS);
	assert_int_equal(s->rejects[0].line, 19);
	assert_int_equal(s->rejects[1].line, 87);
	for (int v = 1; v < N_VARIANTS; v++)
		for (size_t i = 0; i < nr; i++) {
			const struct rec_reject *a = &s->rejects[i], *b = &s->rejects[v * nr + i];
			assert_int_equal(b->source, v);
			assert_int_equal(a->line, b->line);
			assert_string_equal(a->field, b->field);
			assert_string_equal(a->reason, b->reason);
		}
	rec_store_free(s);
	config_free(cfg);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(cfg_path);
}

int main(void)
{
	xmlsafe_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variants_same_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
