#define _GNU_SOURCE /* memmem */
/* fuzz_config.c - libFuzzer target for the configuration and profile loaders: the input is
 * read as a profile when it has a <profile element, else as a trygg.xml (both go through
 * xmlsafe). One loader per input: each parses the whole file before its schema looks at the
 * root, so reading every input both ways spent half of the time on a parse whose result
 * the schema then refused. The input goes to the loaders' *_load_mem() from memory (the
 * code config_load() and profile_load() run once they have read the file): writing it to a
 * file, opening, checking and reading it again cost more than the parse of a small input.
 * It is named as a trygg.xml in a private folder whose "profiles" link lets a
 * configuration's <source> elements reach the sample profiles, which are read from files. */
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

static char dir[64], link_path[PATH_MAX], input_path[PATH_MAX];

static void remove_dir(void)
{
	unlink(link_path);
	rmdir(dir);
}

/* One private folder per process, removed at exit. A "profiles" link to the sample profiles
 * lets inputs derived from samples/bjuv/trygg.xml reach the sources' profiles when run from
 * the repo. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/trygg-fuzz-config-XXXXXX", fuzz_tmp_dir());
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	snprintf(input_path, sizeof(input_path), "%s/trygg.xml", dir);
	char real[PATH_MAX];
	if (realpath("samples/bjuv/profiles", real)) {
		snprintf(link_path, sizeof(link_path), "%s/profiles", dir);
		if (symlink(real, link_path) != 0)
			perror("symlink");
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	const char *buf = (const char *)data;
	if (memmem(data, size, "<profile", 8)) {
		struct profile *p = NULL;
		if (profile_load_mem(input_path, buf, size, &p, &d) == 0) {
			for (int f = 0; f < PF__N; f++)
				(void)profile_map_value(p, (enum prof_field)f, "Glaskross");
			profile_free(p);
		}
		return 0;
	}
	struct config *cfg = NULL;
	if (config_load_mem(input_path, buf, size, &cfg, &d) == 0) {
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
