/* test_config.c - loading the municipality configuration, its lookups, and one broken fixture
 * per error with the exact file:line the coordinator is sent to. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "profile.h"

#define FIX TESTS_DIR "/data/config/"
#define SAMPLE "samples/bjuv/trygg.xml"

static int setup_sample(void **state)
{
	struct config *cfg = NULL;
	struct diag d = {0};
	if (config_load(SAMPLE, &cfg, &d) < 0) {
		diag_print(&d, stderr);
		return -1;
	}
	*state = cfg;
	return 0;
}

static int teardown_sample(void **state)
{
	config_free(*state);
	return 0;
}

static int cat_index(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_categories; i++)
		if (strcmp(cfg->categories[i].id, id) == 0)
			return (int)i;
	return -2;
}

static int loc_index(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_localities; i++)
		if (strcmp(cfg->localities[i].id, id) == 0)
			return (int)i;
	return -2;
}

static void test_sample_counts(void **state)
{
	const struct config *cfg = *state;
	assert_int_equal(cfg->n_departments, 4);
	assert_int_equal(cfg->n_categories, 7);
	assert_int_equal(cfg->n_localities, 3);
	assert_int_equal(cfg->n_seasons, 4);
	assert_int_equal(cfg->n_sources, 5); /* with Brå's police-reported crime */
	assert_string_equal(cfg->municipality, "Bjuv");
	assert_string_equal(cfg->code, "1260");
	assert_string_equal(cfg->author, "Trygghetssamordnaren, Bjuvs kommun");
	assert_string_equal(cfg->language, "sv");
	assert_string_equal(cfg->output, "bjuv-{period}.pdf");
	assert_int_equal(cfg->small_count_threshold, 3);
	assert_null(cfg->font_regular);
	assert_null(cfg->font_bold);
	assert_string_equal(cfg->path, SAMPLE);
	assert_string_equal(cfg->dir, "samples/bjuv");
}

/* The sample's official statistics: three areas with English names where one is given, three
 * crime types mapped to categories, and a source that reads them. */
static void test_sample_official(void **state)
{
	const struct config *cfg = *state;
	assert_true(config_has_official(cfg));
	assert_int_equal(cfg->n_areas, 3);
	assert_int_equal(cfg->n_crime_types, 3);
	int county = config_area_of_role(cfg, CFG_AREA_COUNTY);
	assert_true(county >= 0);
	assert_string_equal(cfg->areas[county].name, "Skåne län");
	assert_string_equal(cfg->areas[county].label_en, "Skåne County");
	assert_null(cfg->areas[config_area_of_role(cfg, CFG_AREA_COUNTRY)].label_en);
	int k = config_find_crime_type(cfg, "MISSHANDEL");
	assert_true(k >= 0);
	assert_string_equal(cfg->crime_types[k].name, "Misshandel");
	assert_string_equal(cfg->crime_types[k].label_en, "Assault");
	assert_int_equal(cfg->crime_types[k].category, cat_index(cfg, "hot-vald"));
	assert_int_equal(config_crime_category(cfg, "Narkotikabrott"), cat_index(cfg, "droger"));
	assert_int_equal(config_find_crime_type(cfg, "Rån"), -1);
}

static void test_sample_contents(void **state)
{
	const struct config *cfg = *state;
	const struct cfg_category *c = &cfg->categories[0];
	assert_string_equal(c->id, "skadegorelse");
	assert_string_equal(c->label_sv, "Skadeg\xC3\xB6relse");
	assert_string_equal(c->label_en, "Vandalism");
	assert_int_equal(c->n_synonyms, 3);
	assert_string_equal(c->synonyms[2], "krossad ruta");
	assert_int_equal(c->colour, 0x0072B2);

	const struct cfg_locality *l = &cfg->localities[1];
	assert_string_equal(l->id, "billesholm");
	assert_int_equal(l->n_aliases, 1);
	assert_string_equal(l->aliases[0], "Billesholms t\xC3\xA4tort");
	assert_int_equal(l->n_population, 2);

	const struct cfg_department *dp = &cfg->departments[3];
	assert_string_equal(dp->id, "social");
	assert_string_equal(dp->head, "Mats Ekstr\xC3\xB6m");
	assert_string_equal(dp->email, "mats.ekstrom@bjuv.example");

	const struct cfg_season *s = &cfg->seasons[2];
	assert_string_equal(s->id, "vinter");
	assert_string_equal(s->alias, "winter");
	assert_string_equal(s->label_sv, "vinter");
	assert_int_equal(s->start_month, 12);
	assert_int_equal(s->start_day, 1);
	assert_int_equal(s->end_month, 2);
	assert_int_equal(s->end_day, 28);

	const struct cfg_source *src = &cfg->sources[0];
	assert_string_equal(src->pattern, "exports/fastighet-felanmalan-*.csv");
	assert_string_equal(src->path, "samples/bjuv/exports/fastighet-felanmalan-*.csv");
	assert_string_equal(src->profile_path, "samples/bjuv/profiles/fastighet.xml");
	assert_string_equal(src->department, "fastighet");
	assert_non_null(src->profile);
	assert_int_equal(src->profile->kind, CFG_INCIDENTS);
	assert_null(cfg->sources[3].department);
	assert_int_equal(cfg->sources[3].profile->kind, CFG_MEASURES);
	assert_int_equal(cfg->sources[2].profile->format, PROF_XML);
}

static void test_find_category(void **state)
{
	const struct config *cfg = *state;
	int skad = cat_index(cfg, "skadegorelse");
	assert_int_equal(config_find_category(cfg, "Skadeg\xC3\xB6relse/vandalism"), skad);
	assert_int_equal(config_find_category(cfg, "SKADEG\xC3\x96RELSE"), skad);
	assert_int_equal(config_find_category(cfg, "krossad  ruta"), skad);
	assert_int_equal(config_find_category(cfg, "Vandalism"), skad); /* label-en */
	assert_int_equal(config_find_category(cfg, "skadegorelse"), skad);
	assert_int_equal(config_find_category(cfg, "hot-vald"), cat_index(cfg, "hot-vald"));
	assert_int_equal(config_find_category(cfg, "Hot och V\xC3\xA5ld"), cat_index(cfg, "hot-vald"));
	assert_int_equal(config_find_category(cfg, " graffiti "), cat_index(cfg, "klotter"));
	assert_int_equal(config_find_category(cfg, "Vattenskada"), -1);
	assert_int_equal(config_find_category(cfg, ""), -1);
	assert_int_equal(config_find_category(cfg, " - "), -1);
	assert_int_equal(config_find_category(cfg, NULL), -1);
}

static void test_find_other(void **state)
{
	const struct config *cfg = *state;
	assert_int_equal(config_find_locality(cfg, "Billesholms t\xC3\xA4tort"),
			 loc_index(cfg, "billesholm"));
	assert_int_equal(config_find_locality(cfg, "BILLESHOLMS TATORT"), loc_index(cfg, "billesholm"));
	assert_int_equal(config_find_locality(cfg, "bjuv"), loc_index(cfg, "bjuv"));
	assert_int_equal(config_find_locality(cfg, "Ekeby"), loc_index(cfg, "ekeby"));
	assert_int_equal(config_find_locality(cfg, "Malm\xC3\xB6"), -1);
	assert_int_equal(config_find_department(cfg, "Fastighetsavdelningen"), 0);
	assert_int_equal(config_find_department(cfg, "Kultur- och fritidsf\xC3\xB6rvaltningen"), 2);
	assert_int_equal(config_find_department(cfg, "kultur_fritid"), 2);
	assert_int_equal(config_find_department(cfg, "polisen"), -1);
	assert_int_equal(config_find_season(cfg, "sommar"), 0);
	assert_int_equal(config_find_season(cfg, "Summer"), 0);
	assert_int_equal(config_find_season(cfg, "v\xC3\xA5r"), 3);
	assert_int_equal(config_find_season(cfg, "autumn"), 1);
	assert_int_equal(config_find_season(cfg, "juli"), -1);
}

static void test_suggest(void **state)
{
	const struct config *cfg = *state;
	const char *s = config_suggest_category(cfg, "Skadeg\xC3\xB6rlse");
	assert_non_null(s);
	assert_string_equal(s, "Skadeg\xC3\xB6relse");
	s = config_suggest_category(cfg, "grafiti");
	assert_non_null(s);
	assert_string_equal(s, "Klotter");
	s = config_suggest_category(cfg, "narkotka");
	assert_non_null(s);
	assert_string_equal(s, "Droger");
	assert_null(config_suggest_category(cfg, "Vattenl\xC3\xA4" "cka i k\xC3\xA4" "llaren"));
	assert_null(config_suggest_category(cfg, ""));
	s = config_suggest_locality(cfg, "Bilesholm");
	assert_non_null(s);
	assert_string_equal(s, "Billesholm");
	assert_null(config_suggest_locality(cfg, "Helsingborg"));
}

static void test_population(void **state)
{
	const struct config *cfg = *state;
	int bjuv = loc_index(cfg, "bjuv");
	assert_int_equal(config_population(cfg, bjuv, 2017), 10473);
	assert_int_equal(config_population(cfg, bjuv, 2018), 10521);
	assert_int_equal(config_population(cfg, bjuv, 2020), 10521); /* nearest earlier */
	assert_int_equal(config_population(cfg, bjuv, 2010), 10473); /* else nearest later */
	assert_int_equal(config_population(cfg, -1, 2018), 0);
	assert_int_equal(config_population(cfg, 99, 2018), 0);
	/* SCB's municipality totals (SPEC.md §1). */
	assert_int_equal(config_population_total(cfg, 2017), 15429);
	assert_int_equal(config_population_total(cfg, 2018), 15501);
}

/* Other modules' tests may build a struct config by hand; lookups must still work. */
static void test_hand_built(void **state)
{
	(void)state;
	char *syn[] = {"glaskross"};
	struct cfg_category cats[] = {
		{.id = "brand", .label_sv = "Brand", .label_en = "Arson"},
		{.id = "skadegorelse", .label_sv = "Skadeg\xC3\xB6relse", .synonyms = syn, .n_synonyms = 1},
	};
	struct cfg_population pop[] = {{2018, 100}};
	struct cfg_locality locs[] = {{.id = "norr", .name = "Norr", .population = pop, .n_population = 1}};
	struct config cfg = {.categories = cats, .n_categories = 2, .localities = locs, .n_localities = 1};
	assert_int_equal(config_find_category(&cfg, "GLASKROSS"), 1);
	assert_int_equal(config_find_category(&cfg, "arson"), 0);
	assert_int_equal(config_find_category(&cfg, "okand"), -1);
	assert_string_equal(config_suggest_category(&cfg, "glaskros"), "Skadeg\xC3\xB6relse");
	assert_int_equal(config_find_locality(&cfg, "NORR"), 0);
	assert_int_equal(config_find_season(&cfg, "sommar"), -1);
	assert_int_equal(config_population_total(&cfg, 2019), 100);
}

static void test_good_fixture(void **state)
{
	(void)state;
	struct config *cfg = NULL;
	struct diag d = {0};
	assert_int_equal(config_load(FIX "good.xml", &cfg, &d), 0);
	assert_non_null(cfg);
	assert_string_equal(cfg->language, "sv");
	assert_int_equal(cfg->small_count_threshold, 3); /* default */
	assert_string_equal(cfg->output, "{kommun}-{period}.pdf"); /* default */
	assert_null(cfg->seasons[0].alias);
	assert_int_equal(config_find_locality(cfg, "Norra byn"), 0);
	assert_int_equal(config_find_locality(cfg, "soder"), 1);
	config_free(cfg);
}

/* Loads a broken fixture and checks code, file, line and a phrase of the message. */
static void expect_error(const char *path, int code, const char *file, long line,
			 const char *phrase)
{
	struct config *cfg = (struct config *)1;
	struct diag d = {0};
	assert_int_equal(config_load(path, &cfg, &d), -1);
	assert_null(cfg);
	if (strstr(d.msg, phrase) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", d.msg, phrase);
	assert_int_equal(d.code, code);
	assert_string_equal(d.file, file);
	assert_int_equal(d.line, line);
}

static void test_err_missing_file(void **state)
{
	(void)state;
	expect_error(FIX "no-such.xml", DIAG_EX_NOINPUT, FIX "no-such.xml", 0,
		     "cannot open configuration '" FIX "no-such.xml': No such file or directory");
	expect_error(FIX "profiles", DIAG_EX_NOINPUT, FIX "profiles", 0, "a folder, not a regular file");
}

static void test_err_malformed(void **state)
{
	(void)state;
	/* <locality> opened on line 7 is never closed; the parser notices at line 9. */
	expect_error(FIX "malformed.xml", DIAG_EX_CONFIG, FIX "malformed.xml", 9, "locality line 7");
}

static void test_err_schema(void **state)
{
	(void)state;
	expect_error(FIX "bad-colour.xml", DIAG_EX_CONFIG, FIX "bad-colour.xml", 17, "#E69F0G");
	expect_error(FIX "bad-colour.xml", DIAG_EX_CONFIG, FIX "bad-colour.xml", 17, "#RRGGBB");
	expect_error(FIX "bad-version.xml", DIAG_EX_CONFIG, FIX "bad-version.xml", 3, "version");
	expect_error(FIX "dup-category.xml", DIAG_EX_CONFIG, FIX "dup-category.xml", 17,
		     "'brand'");
	expect_error(FIX "unknown-department.xml", DIAG_EX_CONFIG, FIX "unknown-department.xml",
		     23, "'polis'");
}

static void test_err_semantic(void **state)
{
	(void)state;
	expect_error(FIX "bad-season.xml", DIAG_EX_CONFIG, FIX "bad-season.xml", 20, "02-30");
	expect_error(FIX "ambiguous-synonym.xml", DIAG_EX_CONFIG, FIX "ambiguous-synonym.xml", 15,
		     "synonym 'KLOTTER' of category 'brand' is ambiguous");
	expect_error(FIX "ambiguous-alias.xml", DIAG_EX_CONFIG, FIX "ambiguous-alias.xml", 7,
		     "alias 'Soder' of locality 'norr' is ambiguous");
	expect_error(FIX "measures-no-department.xml", DIAG_EX_CONFIG,
		     FIX "measures-no-department.xml", 23, "department");
}

static void test_err_profiles(void **state)
{
	(void)state;
	expect_error(FIX "missing-profile.xml", DIAG_EX_CONFIG, FIX "missing-profile.xml", 23,
		     FIX "profiles/no-such-profile.xml");
	/* A broken profile is reported at its own file:line. */
	expect_error(FIX "profile-unknown-field.xml", DIAG_EX_CONFIG,
		     FIX "profiles/unknown-field.xml", 6, "'weather'");
	expect_error(FIX "profile-lacks-field.xml", DIAG_EX_CONFIG,
		     FIX "profiles/lacks-category.xml", 3, "category");
}

static void test_err_doctype(void **state)
{
	(void)state;
	/* Refused outright: an entity must never be expanded into the configuration. */
	expect_error(FIX "doctype.xml", DIAG_EX_CONFIG, FIX "doctype.xml", 2, "DOCTYPE");
}

/* <official-statistics>: areas by name, alias or code; crime types to categories; the
 * population of an area, the municipality falling back on its localities. */
static void test_official(void **state)
{
	(void)state;
	struct config *cfg = NULL;
	struct diag d = {0};
	if (config_load("tests/data/swedish-data/official.xml", &cfg, &d) < 0) {
		diag_print(&d, stderr);
		fail();
	}
	assert_string_equal(cfg->official_source, "Br\xC3\xA5");
	assert_int_equal(cfg->n_areas, 3);
	int mun = config_area_of_role(cfg, CFG_AREA_MUNICIPALITY);
	int county = config_area_of_role(cfg, CFG_AREA_COUNTY);
	int country = config_area_of_role(cfg, CFG_AREA_COUNTRY);
	assert_int_equal(mun, 0);
	assert_int_equal(county, 1);
	assert_int_equal(country, 2);
	assert_int_equal(config_find_area(cfg, "Hela landet"), country);
	assert_int_equal(config_find_area(cfg, "HELA  LANDET"), country); /* folded */
	assert_int_equal(config_find_area(cfg, "Riket"), country);         /* alias */
	assert_int_equal(config_find_area(cfg, "1260 Bjuv"), mun);        /* code prefix */
	assert_int_equal(config_find_area(cfg, "1260"), mun);
	assert_int_equal(config_find_area(cfg, "12601 Elsewhere"), -1);   /* not the code */
	assert_int_equal(config_find_area(cfg, "01 Stockholms l\xC3\xA4n"), county);
	assert_int_equal(config_find_area(cfg, "Region Nord"), -1);
	assert_string_equal(config_area_role_name(cfg->areas[county].role), "county");
	int bedr = config_find_category(cfg, "bedrageri");
	assert_int_equal(config_crime_category(cfg, "Befogenhetsbedr\xC3\xA4geri"), bedr);
	assert_int_equal(config_crime_category(cfg, "befogenhetsbedrageri"), bedr);
	assert_int_equal(config_crime_category(cfg, "Misshandel"), -1);
	/* no <population> on the area: Bjuv's localities (15 429 in 2017) */
	assert_int_equal(config_area_population(cfg, mun, 2017), 15429);
	assert_int_equal(config_area_population(cfg, country, 2017), 0);
	assert_int_equal(config_area_population(cfg, 7, 2017), 0);
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sample_counts, setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_sample_official, setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_sample_contents, setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_find_category, setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_find_other, setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_suggest, setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_population, setup_sample, teardown_sample),
		cmocka_unit_test(test_hand_built),
		cmocka_unit_test(test_good_fixture),
		cmocka_unit_test(test_err_missing_file),
		cmocka_unit_test(test_err_malformed),
		cmocka_unit_test(test_err_schema),
		cmocka_unit_test(test_err_semantic),
		cmocka_unit_test(test_err_profiles),
		cmocka_unit_test(test_err_doctype),
		cmocka_unit_test(test_official),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
