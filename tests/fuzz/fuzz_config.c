#define _GNU_SOURCE /* memmem */
/* fuzz_config.c - libFuzzer target for the configuration and profile loaders: the input is
 * written to a file and read as a profile when it has a <profile element, else as a
 * trygg.xml (both go through xmlsafe). One loader per input: each parses the whole file
 * before its schema looks at the root, so reading every input both ways spent half of
 * the time on a parse whose result the schema then refused. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "config.h"
#include "profile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char input_path[PATH_MAX];

/* One private folder per process. A "profiles" link to the sample profiles lets inputs
 * derived from samples/bjuv/trygg.xml reach the sources' profiles when run from the repo. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char tmpl[64];
	snprintf(tmpl, sizeof(tmpl), "%s/trygg-fuzz-config-XXXXXX", fuzz_tmp_dir());
	if (!mkdtemp(tmpl))
		abort();
	snprintf(input_path, sizeof(input_path), "%s/trygg.xml", tmpl);
	char real[PATH_MAX], link[PATH_MAX];
	if (realpath("samples/bjuv/profiles", real)) {
		snprintf(link, sizeof(link), "%s/profiles", tmpl);
		if (symlink(real, link) != 0)
			perror("symlink");
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(input_path, data, size);

	struct diag d;
	if (memmem(data, size, "<profile", 8)) {
		struct profile *p = NULL;
		if (profile_load(input_path, &p, &d) == 0) {
			for (int f = 0; f < PF__N; f++)
				(void)profile_map_value(p, (enum prof_field)f, "Glaskross");
			profile_free(p);
		}
		return 0;
	}
	struct config *cfg = NULL;
	if (config_load(input_path, &cfg, &d) == 0) {
		/* Exercise the lookups on whatever was loaded. */
		for (size_t i = 0; i < cfg->n_categories; i++)
			if (config_find_category(cfg, cfg->categories[i].label_sv) != (int)i)
				abort(); /* load refuses ambiguous names, so this must hold */
		(void)config_suggest_category(cfg, "skadegorlse");
		(void)config_suggest_locality(cfg, "bilesholm");
		(void)config_population_total(cfg, 2018);
		config_free(cfg);
	}
	return 0;
}
