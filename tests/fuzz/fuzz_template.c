/* fuzz_template.c - libFuzzer target for the template loader: the input is loaded as a
 * template from memory (tpl_load_mem(): what tpl_load() runs once it has read the file:
 * xmlsafe, the schema, placeholder and tile checks), then checked against the sample
 * configuration and its placeholders expanded. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "config.h"
#include "template.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the name messages give the input: no file is written or read */
static const char input_path[] = "fuzz/template.xml";
static struct config *cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* from the repository's root, the sample configuration names real categories */
	struct diag d;
	if (config_load("samples/bjuv/trygg.xml", &cfg, &d) < 0)
		cfg = NULL;
	return 0;
}

static const char *lookup(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "kommun") == 0 ? "Bjuv" : NULL;
}

static void walk(const struct tpl_node *n, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		const char *texts[] = {n[i].title, n[i].title_en, n[i].text, n[i].label};
		for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
			if (texts[t])
				free(tpl_expand(texts[t], lookup, NULL));
		(void)tpl_in_lang(&n[i], "en");
		(void)tpl_text(n[i].title, n[i].title_en, "en");
		walk(n[i].children, n[i].n_children);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct template *t = NULL;
	if (tpl_load_mem(input_path, (const char *)data, size, &t, &d) == 0) {
		if (cfg)
			(void)tpl_check_config(t, cfg, &d);
		walk(t->blocks, t->n_blocks);
		tpl_free(t);
	} else if (d.line < 0) {
		abort(); /* an error always points at a line (0 when the file as a whole) */
	}
	return 0;
}
