/* fuzz_font.c - libFuzzer target for the font loading path: the input is a font file that
 * font_load() checks (FreeType, then the tables libharu trusts); a font it accepts is then
 * loaded, drawn with and embedded by libharu as pdf.c does. A crash anywhere is a hole in
 * font.c's checks. Seeds: tests/fuzz/corpus/font (Carlito, whole and damaged). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "font.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[PATH_MAX], font_file[PATH_MAX];

static void rm_dir(void)
{
	unlink(font_file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/trygg-fuzz-font-XXXXXX", fuzz_tmp_dir());
	if (!mkdtemp(dir))
		abort();
	snprintf(font_file, sizeof(font_file), "%s/f.ttf", dir);
	atexit(rm_dir);
	return 0;
}

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	(void)code;
	(void)detail;
	*(int *)user = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(font_file, data, size);
	struct fonts *f = NULL;
	struct diag d = {0};
	if (font_load(dir, "f.ttf", "f.ttf", &f, &d) < 0) {
		if (d.code != DIAG_EX_CONFIG || !d.msg[0])
			abort(); /* a bad font is the configuration's error, and says why */
		return 0;
	}
	(void)font_text_width(f, FONT_REGULAR, 10, "Skadegörelse Åtgärd −34 % €");
	int failed = 0;
	HPDF_Doc pdf = HPDF_New(on_error, &failed);
	if (!pdf)
		abort();
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	const char *name = HPDF_LoadTTFontFromFile(pdf, font_path(f, FONT_REGULAR), HPDF_TRUE);
	HPDF_Font font = name && !failed ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
	if (font && !failed) {
		HPDF_Page page = HPDF_AddPage(pdf);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 10);
		HPDF_Page_TextOut(page, 50, 50, "Skadegörelse Åtgärd HxÄÖ −34 % €");
		(void)HPDF_Page_TextWidth(page, "Trygghetsrapport");
		HPDF_Page_EndText(page);
		HPDF_SaveToStream(pdf); /* embeds the subset: reads glyf, loca, name again */
	}
	HPDF_Free(pdf);
	font_free(f);
	return 0;
}
