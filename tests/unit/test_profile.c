/* test_profile.c - source profiles: the shipped samples, every setting, value maps, and one
 * broken profile per error with its exact line. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"

#define FIX TESTS_DIR "/data/config/profiles/"
#define SAMPLES "samples/bjuv/profiles/"

static struct profile *load_ok(const char *path)
{
	struct profile *p = NULL;
	struct diag d = {0};
	if (profile_load(path, &p, &d) < 0) {
		diag_print(&d, stderr);
		fail_msg("%s did not load", path);
	}
	assert_non_null(p);
	return p;
}

static void test_field_names(void **state)
{
	(void)state;
	assert_string_equal(prof_field_names[PF_DATE], "date");
	assert_string_equal(prof_field_names[PF_LOCALITY], "locality");
	assert_string_equal(prof_field_names[PF_DEPARTMENT], "department");
	assert_string_equal(prof_field_names[PF_COUNT], "count");
	assert_string_equal(prof_field_names[PF_NAME], "name");
	assert_string_equal(prof_field_names[PF_PEOPLE], "people");
}

static void test_fastighet(void **state)
{
	(void)state;
	struct profile *p = load_ok(SAMPLES "fastighet.xml");
	assert_string_equal(p->path, SAMPLES "fastighet.xml");
	assert_string_equal(p->name, "Fastighet felanm\xC3\xA4lan");
	assert_int_equal(p->format, PROF_CSV);
	assert_int_equal(p->kind, CFG_INCIDENTS);
	assert_int_equal(p->delimiter, ';');
	assert_int_equal(p->encoding, PROF_ENC_WIN1252);
	assert_int_equal(p->skip_lines, 0);
	assert_int_equal(p->date_format, PROF_DATE_ISO);
	assert_int_equal(p->decimal, ',');
	assert_false(p->dot_thousands);
	assert_false(p->cost_in_ore);
	assert_null(p->record_element);
	const struct prof_column *c = &p->col[PF_DATE];
	assert_true(c->used);
	assert_int_equal(c->n_names, 2);
	assert_string_equal(c->names[0], "Anm\xC3\xA4ld datum");
	assert_string_equal(c->names[1], "Datum");
	assert_string_equal(p->col[PF_COST].names[0], "Kostnad (kr)");
	assert_false(p->col[PF_COUNT].used);
	assert_false(p->col[PF_DEPARTMENT].used);

	assert_int_equal(p->col[PF_CATEGORY].n_map, 5);
	assert_string_equal(p->col[PF_CATEGORY].map[0].from, "skadegorelse"); /* folded */
	assert_string_equal(profile_map_value(p, PF_CATEGORY, "GLASKROSS"), "skadegorelse");
	assert_string_equal(profile_map_value(p, PF_CATEGORY, " Glaskross "), "skadegorelse");
	assert_string_equal(profile_map_value(p, PF_CATEGORY, "klotter/Sanering"), "klotter");
	const char *v = "Vattenskada";
	assert_ptr_equal(profile_map_value(p, PF_CATEGORY, v), v); /* unmapped: v itself */
	v = "Glaskross";
	assert_ptr_equal(profile_map_value(p, PF_SITE, v), v); /* field without maps */
	assert_null(profile_map_value(p, PF_CATEGORY, NULL));
	profile_free(p);
}

static void test_other_samples(void **state)
{
	(void)state;
	struct profile *p = load_ok(SAMPLES "kultur-fritid.xml");
	assert_int_equal(p->format, PROF_XML);
	assert_string_equal(p->record_element, "handelse");
	assert_string_equal(p->ns_uri, "urn:bjuv:kultur-fritid:handelser:1");
	assert_string_equal(p->col[PF_DATE].names[0], "@datum");
	assert_string_equal(p->col[PF_LOCALITY].names[0], "ort");
	assert_int_equal(p->delimiter, 0);
	assert_int_equal(p->encoding, PROF_ENC_AUTO);
	profile_free(p);

	p = load_ok(SAMPLES "skola.xml");
	assert_int_equal(p->delimiter, ',');
	assert_int_equal(p->encoding, PROF_ENC_UTF8);
	assert_int_equal(p->date_format, PROF_DATE_DMY);
	assert_true(p->col[PF_COUNT].used);
	assert_string_equal(p->col[PF_CATEGORY].names[0], "Typ av h\xC3\xA4ndelse");
	profile_free(p);

	p = load_ok(SAMPLES "insatser.xml");
	assert_int_equal(p->kind, CFG_MEASURES);
	assert_true(p->col[PF_DEPARTMENT].used);
	assert_true(p->col[PF_PEOPLE].used);
	assert_string_equal(p->col[PF_PEOPLE].names[0], "Antal n\xC3\xA5" "dda");
	profile_free(p);
}

static void test_every_setting(void **state)
{
	(void)state;
	struct profile *p = load_ok(FIX "full.xml");
	assert_string_equal(p->name, "Full");
	assert_int_equal(p->kind, CFG_MEASURES);
	assert_int_equal(p->delimiter, '\t');
	assert_int_equal(p->encoding, PROF_ENC_WIN1252);
	assert_int_equal(p->skip_lines, 2);
	assert_int_equal(p->date_format, PROF_DATE_EXCEL);
	assert_int_equal(p->decimal, '.');
	assert_true(p->dot_thousands);
	assert_true(p->cost_in_ore);
	assert_string_equal(p->col[PF_DEPARTMENT].names[0], "F\xC3\xB6rvaltning"); /* trimmed */
	assert_string_equal(p->col[PF_DEPARTMENT].names[1], "Avdelning");
	assert_string_equal(profile_map_value(p, PF_DEPARTMENT, "fastighetsavd"), "fastighet");
	profile_free(p);
}

static void expect_error(const char *path, int code, long line, const char *phrase)
{
	struct profile *p = (struct profile *)1;
	struct diag d = {0};
	assert_int_equal(profile_load(path, &p, &d), -1);
	assert_null(p);
	if (strstr(d.msg, phrase) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", d.msg, phrase);
	assert_int_equal(d.code, code);
	assert_string_equal(d.file, path);
	assert_int_equal(d.line, line);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error(FIX "no-such.xml", DIAG_EX_NOINPUT, 0, "No such file or directory");
	expect_error(FIX "unknown-field.xml", DIAG_EX_CONFIG, 6, "'weather'");
	expect_error(FIX "lacks-category.xml", DIAG_EX_CONFIG, 3, "map the field(s) category");
	expect_error(FIX "xml-no-record.xml", DIAG_EX_CONFIG, 3, "<xml record=");
	expect_error(FIX "xml-bad-column.xml", DIAG_EX_CONFIG, 7, "'Ort (t\xC3\xA4tort)'");
	expect_error(FIX "ambiguous-map.xml", DIAG_EX_CONFIG, 9, "ambiguous");
	expect_error(FIX "bad-delimiter.xml", DIAG_EX_CONFIG, 4, "delimiter");
	expect_error(FIX "official-lacks-area.xml", DIAG_EX_CONFIG, 3,
		     "official statistics must map the field(s) area");
}

static void test_official(void **state)
{
	(void)state;
	struct profile *p = load_ok(SAMPLES "bra.xml");
	assert_int_equal(p->kind, CFG_OFFICIAL);
	assert_string_equal(p->col[PF_AREA].names[0], "Region");
	assert_string_equal(p->col[PF_CRIME_TYPE].names[0], "Brott");
	assert_string_equal(p->col[PF_RATE].names[0], "/100 000 inv");
	assert_string_equal(p->col[PF_DATE].names[0], "\xC3\x85r");
	assert_true(p->col[PF_MONTH].used);
	assert_string_equal(prof_field_names[PF_CRIME_TYPE], "crime-type");
	profile_free(p);
}

static void test_doctype_refused(void **state)
{
	(void)state;
	/* An external entity naming /etc/passwd: refused, never loaded or expanded. */
	struct profile *p = NULL;
	struct diag d = {0};
	assert_int_equal(profile_load(FIX "doctype.xml", &p, &d), -1);
	assert_null(p);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_null(strstr(d.msg, "root:"));
}

/* profile_load keeps what it loaded by path and bytes: the same file again gives an equal,
 * separate copy; a file that changed (even to the same size) is loaded from its new bytes;
 * a broken one is an error as ever. */
static void put_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	fclose(fp);
}

static void test_loaded_again(void **state)
{
	(void)state;
	static const char fmt[] =
		"<profile name=\"%s\" format=\"csv\" records=\"incidents\">\n"
		"  <field name=\"date\"><column>Datum</column></field>\n"
		"  <field name=\"locality\"><column>Ort</column></field>\n"
		"  <field name=\"category\"><column>Typ</column><map from=\"x\" to=\"y\"/></field>\n"
		"</profile>\n";
	char dir[] = "/tmp/trygg-test-XXXXXX", path[64], text[512];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.xml", dir);
	snprintf(text, sizeof(text), fmt, "Ett");
	put_text(path, text);
	struct profile *a = load_ok(path), *b = load_ok(path);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(a->name, b->name);
	assert_string_equal(b->name, "Ett");
	assert_string_equal(b->path, path);
	assert_string_equal(b->col[PF_CATEGORY].names[0], "Typ");
	assert_string_equal(profile_map_value(b, PF_CATEGORY, "X"), "y");
	assert_int_equal(b->col[PF_CATEGORY].map[0].line, 4);
	profile_free(a);
	assert_string_equal(b->name, "Ett");
	profile_free(b);
	snprintf(text, sizeof(text), fmt, "Tva"); /* the same size */
	put_text(path, text);
	a = load_ok(path);
	assert_string_equal(a->name, "Tva");
	profile_free(a);
	put_text(path, "<profile name=\"Tre\"/>\n");
	struct diag d = {0};
	assert_int_equal(profile_load(path, &a, &d), -1);
	assert_null(a);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_names),   cmocka_unit_test(test_fastighet),
		cmocka_unit_test(test_other_samples), cmocka_unit_test(test_every_setting),
		cmocka_unit_test(test_errors),        cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_official),      cmocka_unit_test(test_loaded_again),
	};
	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
