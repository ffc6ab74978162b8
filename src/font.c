/* font.c - finds the report's fonts (fonts/ first, then fontconfig), validates them with
 * FreeType before libharu or cairo sees them, and measures text with their advance widths. */
#include "font.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_FONT_FORMATS_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#define DEFAULT_REGULAR "Carlito:style=Regular"
#define DEFAULT_BOLD "Carlito:style=Bold"
#define CARLITO_HINT "the default font Carlito is in the Debian package fonts-crosextra-carlito"

/* The FreeType objects live apart from struct fonts because cairo may still hold the faces
 * after font_free() (see font_hold in font.h). */
struct font_share {
	atomic_int refs;
	FT_Library lib;
	FT_Face face[FONT__N];
};

/* Advances are read once at load time so that measuring never touches FreeType: a const
 * struct fonts can then be measured from several threads while cairo renders with the face. */
struct glyph_adv {
	uint32_t cp;
	int32_t adv; /* font units */
};

struct font_style_info {
	char *path;
	struct glyph_adv *adv;
	size_t n_adv;
	int32_t notdef_adv;
	int32_t latin_adv[256]; /* U+0000..U+00FF measured as font_text_width does: most text */
	int nbsp_as_space; /* the font has no U+00A0 glyph */
	double upem, ascender, descender;
};

struct fonts {
	struct font_share *share;
	struct font_style_info st[FONT__N];
};

/* What every report needs to print (font.h): Swedish, minus, en dash, euro, space. U+00A0
 * is not required: Carlito, the default, has no glyph for it, so it is drawn as a space. */
static const uint32_t required_chars[] = {
	0x00E5, 0x00E4, 0x00F6, 0x00C5, 0x00C4, 0x00D6, 0x00E9, 0x00FC,
	0x2212, 0x2013, 0x20AC, 0x0020,
};

static const char *const style_name[FONT__N] = {"regular", "bold"};

static void share_done(struct font_share *sh)
{
	for (int i = 0; i < FONT__N; i++)
		if (sh->face[i])
			FT_Done_Face(sh->face[i]);
	if (sh->lib)
		FT_Done_FreeType(sh->lib);
	free(sh);
}

void *font_hold(const struct fonts *f)
{
	atomic_fetch_add(&f->share->refs, 1);
	return f->share;
}

void font_release(void *hold)
{
	struct font_share *sh = hold;
	if (sh && atomic_fetch_sub(&sh->refs, 1) == 1)
		share_done(sh);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int has_suffix_ci(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* A value that is plainly meant as a file must not be handed to fontconfig, which would
 * happily match "Brand.ttf" to some installed sans. */
static int looks_like_file(const char *v)
{
	return strchr(v, '/') || has_suffix_ci(v, ".ttf") || has_suffix_ci(v, ".otf") ||
	       has_suffix_ci(v, ".ttc") || has_suffix_ci(v, ".pfb") || has_suffix_ci(v, ".woff") ||
	       has_suffix_ci(v, ".woff2");
}

static int fc_has_string(FcPattern *p, const char *obj, const FcChar8 *want)
{
	FcChar8 *s;
	for (int i = 0; FcPatternGetString(p, obj, i, &s) == FcResultMatch; i++)
		if (FcStrCmpIgnoreCase(s, want) == 0)
			return 1;
	return 0;
}

/* Resolves a fontconfig pattern to a file, refusing a match of another family or style:
 * fontconfig always returns *some* font, and a silent substitute would change every line
 * break of the report. */
/* ---- fontconfig's set-up, on a thread ---- */

struct font_finder {
	pthread_t tid;
	int running;     /* the thread was started and not yet joined */
	FcConfig *cfg;   /* its result until font_load takes it */
};

static void *finder_main(void *arg)
{
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	struct font_finder *ff = arg;
	ff->cfg = FcInitLoadConfigAndFonts();
	return NULL;
}

struct font_finder *font_finder_start(void)
{
	struct font_finder *ff = xcalloc(1, sizeof(*ff));
	ff->running = pthread_create(&ff->tid, NULL, finder_main, ff) == 0;
	return ff;
}

/* The set-up fontconfig needs: the finder's (waited for), else made here. NULL on failure. */
static FcConfig *finder_take(struct font_finder *ff)
{
	if (ff && ff->running) {
		pthread_join(ff->tid, NULL);
		ff->running = 0;
	}
	FcConfig *cfg = ff ? ff->cfg : NULL;
	if (ff)
		ff->cfg = NULL;
	return cfg ? cfg : FcInitLoadConfigAndFonts();
}

void font_finder_free(struct font_finder *ff)
{
	if (!ff)
		return;
	if (ff->running)
		pthread_join(ff->tid, NULL);
	if (ff->cfg)
		FcConfigDestroy(ff->cfg);
	free(ff);
}

static int resolve_fc(struct font_finder *ff, FcConfig **cfg, const char *value,
		      const char *src, long line, char **path, struct diag *d)
{
	int rc = -1;
	FcPattern *pat = NULL, *match = NULL;
	if (!*cfg && !(*cfg = finder_take(ff))) {
		diag_set(d, DIAG_EX_CONFIG, src, line, 0, "cannot initialise fontconfig to find '%s'",
			 value);
		goto fail;
	}
	pat = FcNameParse((const FcChar8 *)value);
	FcChar8 *family = NULL, *style = NULL;
	if (!pat || FcPatternGetString(pat, FC_FAMILY, 0, &family) != FcResultMatch) {
		diag_set(d, DIAG_EX_CONFIG, src, line, 0,
			 "'%s' is neither a font file in the fonts folder nor a fontconfig pattern "
			 "with a family (e.g. Carlito:style=Regular)", value);
		goto fail;
	}
	if (FcPatternGetString(pat, FC_STYLE, 0, &style) != FcResultMatch)
		style = NULL;
	FcPattern *q = FcPatternDuplicate(pat);
	FcConfigSubstitute(*cfg, q, FcMatchPattern);
	FcDefaultSubstitute(q);
	FcResult res;
	match = FcFontMatch(*cfg, q, &res);
	FcPatternDestroy(q);
	FcChar8 *got_family = NULL, *file = NULL;
	if (match)
		FcPatternGetString(match, FC_FAMILY, 0, &got_family);
	if (!match || !fc_has_string(match, FC_FAMILY, family)) {
		diag_set(d, DIAG_EX_CONFIG, src, line, 0,
			 "font '%s' is not installed (fontconfig offers '%s' instead) — install it, or "
			 "put its .ttf file in the fonts folder and name it in fonts.conf (%s)",
			 value, got_family ? (const char *)got_family : "nothing", CARLITO_HINT);
		goto fail;
	}
	if (style && !fc_has_string(match, FC_STYLE, style)) {
		FcChar8 *got_style = NULL;
		FcPatternGetString(match, FC_STYLE, 0, &got_style);
		diag_set(d, DIAG_EX_CONFIG, src, line, 0,
			 "font '%s' is not installed: family %s has no style '%s' (fontconfig offers "
			 "'%s') — %s", value, (const char *)family, (const char *)style,
			 got_style ? (const char *)got_style : "nothing", CARLITO_HINT);
		goto fail;
	}
	if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) {
		diag_set(d, DIAG_EX_CONFIG, src, line, 0, "fontconfig gives no file for '%s'", value);
		goto fail;
	}
	*path = xstrdup((const char *)file);
	rc = 0;
fail:
	if (match)
		FcPatternDestroy(match);
	if (pat)
		FcPatternDestroy(pat);
	return rc;
}

static int resolve(struct font_finder *ff, FcConfig **cfg, const char *fonts_dir,
		   const char *value, const char *src, long line, char **path, struct diag *d)
{
	char *cand = util_path_join(fonts_dir, value);
	struct stat sb;
	if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode)) {
		*path = cand;
		return 0;
	}
	if (looks_like_file(value)) {
		diag_set(d, DIAG_EX_CONFIG, src, line, 0, "font file %s not found", cand);
		free(cand);
		return -1;
	}
	free(cand);
	return resolve_fc(ff, cfg, value, src, line, path, d);
}

/* ---- the tables libharu trusts ----
 *
 * libharu 2.3.0's TrueType loader (hpdf_fontdef_tt.c) believes what a font says about
 * itself: it sizes the advance table by maxp.numGlyphs and fills it with
 * hhea.numberOfHMetrics entries, allocates name.count records, indexes its loca copy with
 * whatever glyph id the cmap yields, and reads glyph_id_array one past its end. FreeType
 * copes with all of these, so passing FreeType proves nothing; each field libharu uses is
 * checked here against the file, the way libharu will use it. */

struct sfnt {
	const unsigned char *p;
	size_t len;
};

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The first directory entry with tag (libharu's FindTable takes the first, too); the table
 * lies inside the file. NULL when absent. */
static const unsigned char *sfnt_table(const struct sfnt *f, const char *tag, size_t *len)
{
	unsigned n = rd16(f->p + 4);
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *e = f->p + 12 + 16 * (size_t)i;
		if (memcmp(e, tag, 4) == 0) {
			*len = rd32(e + 12);
			return f->p + rd32(e + 8);
		}
	}
	return NULL;
}

/* The Windows Unicode (3,1) format 4 subtable libharu picks: the glyph id libharu computes
 * for every BMP code point must be a glyph of the font, and the lookup must stay inside
 * the arrays it allocates. */
static const char *check_cmap4(const unsigned char *t, size_t avail, unsigned n_glyphs)
{
	if (avail < 14)
		return "the cmap format 4 subtable is cut off";
	unsigned length = rd16(t + 2), seg_x2 = rd16(t + 6);
	if (length > avail)
		return "the cmap format 4 subtable runs past the cmap table";
	if (seg_x2 == 0 || seg_x2 % 2)
		return "the cmap format 4 subtable has an invalid segment count";
	unsigned seg = seg_x2 / 2;
	size_t head = 16 + 8 * (size_t)seg;
	if (head > length)
		return "the cmap format 4 subtable is shorter than its segments";
	const unsigned char *end = t + 14, *start = end + seg_x2 + 2, *delta = start + seg_x2,
			    *range = delta + seg_x2, *gids = range + seg_x2;
	size_t n_gids = (length - head) / 2;
	if (rd16(end + 2 * (seg - 1)) != 0xFFFF)
		return "the cmap format 4 subtable does not end with segment 0xFFFF";
	for (unsigned i = 1; i < seg; i++)
		if (rd16(end + 2 * i) <= rd16(end + 2 * (i - 1)))
			return "the cmap format 4 segments are not sorted";
	unsigned i = 0;
	for (uint32_t c = 0; c <= 0xFFFF; c++) {
		while (rd16(end + 2 * i) < c)
			i++;
		unsigned st = rd16(start + 2 * i), ro = rd16(range + 2 * i);
		if (st > c)
			continue;
		unsigned gid;
		if (ro == 0) {
			gid = (c + rd16(delta + 2 * i)) & 0xFFFF;
		} else {
			/* libharu computes this in unsigned int and refuses only idx > count */
			unsigned idx = ro / 2 + (c - st) - (seg - i);
			if (idx > n_gids)
				continue;
			if (idx == n_gids)
				return "a cmap segment points past the glyph id array";
			gid = (rd16(gids + 2 * idx) + rd16(delta + 2 * i)) & 0xFFFF;
		}
		if (gid >= n_glyphs)
			return "the cmap maps a character to a glyph the font does not have";
	}
	return NULL;
}

/* NULL when libharu can load the font as it is; otherwise what is wrong. */
static const char *check_sfnt(const struct sfnt *f)
{
	if (f->len < 12)
		return "the font file is cut off";
	unsigned n_tables = rd16(f->p + 4);
	if (12 + 16 * (size_t)n_tables > f->len)
		return "the table directory runs past the end of the file";
	if (n_tables > 10000 / 16)
		return "the table directory has more tables than libharu accepts";
	for (unsigned i = 0; i < n_tables; i++) {
		const unsigned char *e = f->p + 12 + 16 * (size_t)i;
		uint64_t off = rd32(e + 8), len = rd32(e + 12);
		if (off + len > f->len)
			return "a table lies outside the file";
	}
	static const char *const need[] = {"head", "maxp", "hhea", "cmap", "hmtx",
					   "loca", "name", "OS/2", "glyf"};
	const unsigned char *tab[9];
	size_t tlen[9];
	for (int k = 0; k < 9; k++)
		if (!(tab[k] = sfnt_table(f, need[k], &tlen[k])))
			return "a table libharu needs is missing (head, maxp, hhea, cmap, hmtx, loca, "
			       "name, OS/2 or glyf)";
	const unsigned char *head = tab[0], *maxp = tab[1], *hhea = tab[2], *cmap = tab[3],
			    *loca = tab[5], *name = tab[6], *os2 = tab[7];
	size_t hmtx_len = tlen[4], loca_len = tlen[5], name_len = tlen[6], glyf_len = tlen[8];

	if (tlen[0] < 54)
		return "the head table is too short";
	if (rd16(head + 18) == 0)
		return "the head table has no units per em";
	unsigned loc_fmt = rd16(head + 50);
	if (loc_fmt > 1)
		return "the head table has an unknown loca format";
	if (tlen[1] < 6)
		return "the maxp table is too short";
	unsigned n_glyphs = rd16(maxp + 4);
	if (n_glyphs == 0)
		return "the maxp table says the font has no glyphs";
	if (tlen[2] < 36)
		return "the hhea table is too short";
	unsigned n_hm = rd16(hhea + 34);
	if (n_hm == 0 || n_hm > n_glyphs)
		return "hhea.numberOfHMetrics is 0 or more than the font's glyphs (maxp)";
	if (4 * (size_t)n_hm + 2 * (size_t)(n_glyphs - n_hm) > hmtx_len)
		return "the hmtx table is shorter than hhea and maxp say";

	size_t step = loc_fmt ? 4 : 2;
	if ((size_t)(n_glyphs + 1) * step > loca_len)
		return "the loca table is shorter than maxp says";
	uint64_t prev = 0;
	for (unsigned g = 0; g <= n_glyphs; g++) {
		uint64_t o = loc_fmt ? rd32(loca + 4 * g) : (uint64_t)rd16(loca + 2 * g) * 2;
		if (o < prev || o > glyf_len)
			return "the loca table points outside the glyf table";
		prev = o;
	}

	if (tlen[3] < 4 || rd16(cmap) != 0)
		return "the cmap table is too short or of an unknown version";
	unsigned n_sub = rd16(cmap + 2);
	if (4 + 8 * (size_t)n_sub > tlen[3])
		return "the cmap table's encoding records run past it";
	const char *cm_err = "the cmap table has no Windows Unicode (3,1) format 4 subtable, "
			     "the only one libharu reads";
	for (unsigned k = 0; k < n_sub; k++) {
		const unsigned char *r = cmap + 4 + 8 * (size_t)k;
		uint32_t off = rd32(r + 4);
		if ((uint64_t)off + 2 > tlen[3])
			return "a cmap subtable lies outside the cmap table";
		if (rd16(r) == 3 && rd16(r + 2) == 1 && rd16(cmap + off) == 4 && off != 0) {
			cm_err = check_cmap4(cmap + off, tlen[3] - off, n_glyphs);
			break; /* libharu takes the first one */
		}
	}
	if (cm_err)
		return cm_err;

	if (name_len < 6)
		return "the name table is too short";
	unsigned n_names = rd16(name + 2), str_off = rd16(name + 4);
	if (6 + 12 * (size_t)n_names > name_len)
		return "the name table's record count runs past the table";
	size_t len1 = 0, len2 = 0, len1u = 0, len2u = 0;
	int have1 = 0, have2 = 0;
	for (unsigned k = 0; k < n_names; k++) {
		const unsigned char *r = name + 6 + 12 * (size_t)k;
		unsigned plat = rd16(r), enc = rd16(r + 2), lang = rd16(r + 4), id = rd16(r + 6);
		size_t l = rd16(r + 8), o = rd16(r + 10);
		if ((size_t)str_off + o + l > name_len)
			return "a name record's string lies outside the name table";
		if (plat == 1 && enc == 0 && (id == 6 || id == 2)) {
			*(id == 6 ? &len1 : &len2) = l;
			*(id == 6 ? &have1 : &have2) = 1;
		}
		if (plat == 3 && enc == 1 && lang == 0x0409 && (id == 6 || id == 2)) {
			*(id == 6 ? &len1u : &len2u) = l;
			*(id == 6 ? &have1 : &have2) = 1;
		}
	}
	if (!have1 || !have2)
		return "the name table lacks the PostScript name or the style name libharu needs";
	if (len1 == 0)
		len1 = len1u / 2 + len1u % 2;
	if (len2 == 0)
		len2 = len2u / 2 + len2u % 2;
	if (len1 + len2 + 8 > 127)
		return "the font's PostScript and style names are longer than libharu accepts";

	if (tlen[7] < 2 || tlen[7] < (rd16(os2) > 0 ? 86u : 78u))
		return "the OS/2 table is too short";
	return NULL;
}

/* Maps the font and checks it for libharu (check_sfnt). Mapped, not read: the checks touch
 * a few tables, and reading a whole 600 KB font into fresh memory costs more than all of
 * them (FreeType maps it the same way). */
static int validate_tables(const char *path, struct diag *d)
{
	static const unsigned char empty[1];
	int fd = util_open_regular(path, NULL);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		fd = -1;
		errno = e;
	}
	if (fd < 0)
		return diag_set(d, DIAG_EX_CONFIG, path, 0, 0, "cannot read the font: %s",
				strerror(errno));
	size_t len = (size_t)st.st_size;
	void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	int e = errno;
	close(fd);
	if (len && map == MAP_FAILED)
		return diag_set(d, DIAG_EX_CONFIG, path, 0, 0, "cannot read the font: %s",
				strerror(e));
	struct sfnt f = {len ? map : empty, len};
	const char *why = check_sfnt(&f);
	if (len)
		munmap(map, len);
	if (why)
		return diag_set(d, DIAG_EX_CONFIG, path, 0, 0,
				"damaged font: %s — use an intact copy of the font", why);
	return 0;
}

/* Everything libharu and cairo will assume about a font, checked while a clean error is
 * still possible: libharu crashes on a file that is not a font. */
static int validate(FT_Library lib, const char *path, FT_Face *out, struct diag *d)
{
	FT_Face face = NULL;
	FT_Error e = FT_New_Face(lib, path, 0, &face);
	if (e) {
		face = NULL;
		const char *why = FT_Error_String(e);
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0, "not a font file FreeType can read (%s)",
			 why ? why : "unknown format or damaged");
		goto fail;
	}
	if (face->num_faces > 1) {
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0,
			 "a font collection (.ttc) — name a single TrueType font (.ttf)");
		goto fail;
	}
	FT_ULong glyf_len = 0;
	if (!FT_IS_SFNT(face) || FT_Load_Sfnt_Table(face, TTAG_glyf, 0, NULL, &glyf_len) ||
	    glyf_len == 0) {
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0,
			 "not a TrueType font with glyf outlines (%s) — libharu embeds only TrueType",
			 face->driver ? FT_Get_Font_Format(face) : "unknown format");
		goto fail;
	}
	if (validate_tables(path, d) < 0)
		goto fail;
	if (face->units_per_EM == 0) {
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0, "font has no units per em");
		goto fail;
	}
	if (FT_Get_FSType_Flags(face) & FT_FSTYPE_RESTRICTED_LICENSE_EMBEDDING) {
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0,
			 "the font's licence forbids embedding it in documents (OS/2 fsType)");
		goto fail;
	}
	int win_unicode = 0;
	for (int i = 0; i < face->num_charmaps; i++)
		if (face->charmaps[i]->platform_id == 3 && face->charmaps[i]->encoding_id == 1)
			win_unicode = 1;
	if (!win_unicode || FT_Select_Charmap(face, FT_ENCODING_UNICODE)) {
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0,
			 "font has no Windows Unicode character map (platform 3, encoding 1), which "
			 "libharu needs");
		goto fail;
	}
	struct sbuf missing = {0};
	for (size_t i = 0; i < sizeof(required_chars) / sizeof(required_chars[0]); i++) {
		uint32_t cp = required_chars[i];
		if (FT_Get_Char_Index(face, cp))
			continue;
		sbuf_printf(&missing, "%sU+%04X", missing.len ? ", " : "", (unsigned)cp);
		if (cp != 0x20) {
			sbuf_add(&missing, " ");
			utf8_encode(&missing, cp);
		}
	}
	if (missing.len) {
		diag_set(d, DIAG_EX_CONFIG, path, 0, 0,
			 "font lacks characters reports need: %s", sbuf_str(&missing));
		sbuf_free(&missing);
		goto fail;
	}
	*out = face;
	return 0;
fail:
	if (face)
		FT_Done_Face(face);
	return -1;
}

static const struct glyph_adv *find_adv(const struct font_style_info *si, uint32_t cp)
{
	size_t lo = 0, hi = si->n_adv;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (si->adv[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < si->n_adv && si->adv[lo].cp == cp ? &si->adv[lo] : NULL;
}

static void load_metrics(FT_Face face, struct font_style_info *si)
{
	size_t cap = 0;
	FT_UInt gi;
	FT_Fixed adv;
	for (FT_ULong cp = FT_Get_First_Char(face, &gi); gi != 0;
	     cp = FT_Get_Next_Char(face, cp, &gi)) {
		if (FT_Get_Advance(face, gi, FT_LOAD_NO_SCALE, &adv))
			continue;
		si->adv = xgrow(si->adv, &cap, si->n_adv, sizeof(*si->adv));
		si->adv[si->n_adv].cp = (uint32_t)cp;
		si->adv[si->n_adv].adv = (int32_t)adv;
		si->n_adv++;
	}
	if (!FT_Get_Char_Index(face, 0xA0) && FT_Get_Char_Index(face, 0x20) &&
	    !FT_Get_Advance(face, FT_Get_Char_Index(face, 0x20), FT_LOAD_NO_SCALE, &adv)) {
		/* Measured as the space it will be drawn as; the table stays sorted. */
		si->adv = xgrow(si->adv, &cap, si->n_adv, sizeof(*si->adv));
		size_t at = 0;
		while (at < si->n_adv && si->adv[at].cp < 0xA0)
			at++;
		memmove(&si->adv[at + 1], &si->adv[at], (si->n_adv - at) * sizeof(*si->adv));
		si->adv[at].cp = 0xA0;
		si->adv[at].adv = (int32_t)adv;
		si->n_adv++;
		si->nbsp_as_space = 1;
	}
	si->notdef_adv = FT_Get_Advance(face, 0, FT_LOAD_NO_SCALE, &adv) ? 0 : (int32_t)adv;
	for (uint32_t cp = 0; cp < 256; cp++) {
		const struct glyph_adv *g = find_adv(si, cp);
		si->latin_adv[cp] = g ? g->adv : si->notdef_adv;
	}
	si->upem = face->units_per_EM;
	si->ascender = face->ascender;
	si->descender = face->descender;
}

/* Parses fonts.conf into vals[]; a missing file means the built-in defaults, so that an
 * installed trygg without a fonts folder still works. */
static int read_conf(const char *conf, char *vals[FONT__N], long lines[FONT__N],
		     struct diag *d)
{
	char *data;
	size_t len;
	if (util_read_file(conf, &data, &len) < 0) {
		if (errno == ENOENT) {
			vals[FONT_REGULAR] = xstrdup(DEFAULT_REGULAR);
			vals[FONT_BOLD] = xstrdup(DEFAULT_BOLD);
			return 0;
		}
		return diag_set(d, DIAG_EX_CONFIG, conf, 0, 0, "cannot read: %s", strerror(errno));
	}
	int rc = -1;
	long lineno = 0;
	for (char *p = data, *nl; p && *p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		lineno++;
		char *s = trim(p);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			diag_set(d, DIAG_EX_CONFIG, conf, lineno, 0,
				 "expected 'regular = FONT' or 'bold = FONT'");
			goto fail;
		}
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		int st = -1;
		for (int i = 0; i < FONT__N; i++)
			if (strcmp(key, style_name[i]) == 0)
				st = i;
		if (st < 0) {
			diag_set(d, DIAG_EX_CONFIG, conf, lineno, 0,
				 "unknown font style '%s' (expected regular or bold)", key);
			goto fail;
		}
		if (vals[st]) {
			diag_set(d, DIAG_EX_CONFIG, conf, lineno, 0, "%s font given twice", key);
			goto fail;
		}
		if (*val == '\0') {
			diag_set(d, DIAG_EX_CONFIG, conf, lineno, 0, "%s font has no value", key);
			goto fail;
		}
		vals[st] = xstrdup(val);
		lines[st] = lineno;
	}
	for (int i = 0; i < FONT__N; i++) {
		if (!vals[i]) {
			diag_set(d, DIAG_EX_CONFIG, conf, 0, 0, "no %s font named", style_name[i]);
			goto fail;
		}
	}
	rc = 0;
fail:
	free(data);
	return rc;
}

int font_load(const char *fonts_dir, const char *regular, const char *bold,
	      struct fonts **out, struct diag *d)
{
	return font_load_found(NULL, fonts_dir, regular, bold, out, d);
}

/* font_load_found, with where the overrides regular/bold come from (the configuration's file
 * and line) for its messages */
static int load_found_at(struct font_finder *ff, const char *fonts_dir, const char *regular,
			 const char *bold, const char *over_src, long over_line,
			 struct fonts **out, struct diag *d)
{
	*out = NULL;
	char *conf = util_path_join(fonts_dir, "fonts.conf");
	char *vals[FONT__N] = {NULL, NULL};
	long lines[FONT__N] = {0, 0};
	const char *over[FONT__N] = {regular, bold};
	FcConfig *cfg = NULL;
	int rc = -1;
	struct fonts *f = xcalloc(1, sizeof(*f));
	f->share = xcalloc(1, sizeof(*f->share));
	atomic_init(&f->share->refs, 1);

	if (!(regular && bold) && read_conf(conf, vals, lines, d) < 0)
		goto fail;
	if (FT_Init_FreeType(&f->share->lib)) {
		f->share->lib = NULL;
		diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "cannot initialise FreeType");
		goto fail;
	}
	for (int i = 0; i < FONT__N; i++) {
		/* An override comes from the municipality configuration, not from this file. */
		const char *v = over[i] ? over[i] : vals[i];
		const char *src = over[i] ? over_src : conf;
		if (resolve(ff, &cfg, fonts_dir, v, src, over[i] ? over_line : lines[i],
			    &f->st[i].path, d) < 0)
			goto fail;
		if (validate(f->share->lib, f->st[i].path, &f->share->face[i], d) < 0)
			goto fail;
		load_metrics(f->share->face[i], &f->st[i]);
	}
	*out = f;
	f = NULL;
	rc = 0;
fail:
	if (cfg)
		FcConfigDestroy(cfg);
	for (int i = 0; i < FONT__N; i++)
		free(vals[i]);
	free(conf);
	font_free(f);
	return rc;
}

int font_load_found(struct font_finder *ff, const char *fonts_dir, const char *regular,
		    const char *bold, struct fonts **out, struct diag *d)
{
	return load_found_at(ff, fonts_dir, regular, bold, NULL, 0, out, d);
}

/* ---- the whole font load on a thread ---- */

struct font_loading {
	pthread_t tid;
	int running;
	struct font_finder *ff;
	const char *fonts_dir, *regular, *bold, *over_src;
	long over_line;
	struct fonts *fonts;
	struct diag d;
	int rc;
};

static void *loading_main(void *arg)
{
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	struct font_loading *fl = arg;
	fl->rc = load_found_at(fl->ff, fl->fonts_dir, fl->regular, fl->bold, fl->over_src,
			       fl->over_line, &fl->fonts, &fl->d);
	return NULL;
}

struct font_loading *font_load_begin(struct font_finder *ff, const char *fonts_dir,
				     const char *regular, const char *bold, const char *over_src,
				     long over_line)
{
	struct font_loading *fl = xcalloc(1, sizeof(*fl));
	fl->over_src = over_src;
	fl->over_line = over_line;
	fl->ff = ff;
	fl->fonts_dir = fonts_dir;
	fl->regular = regular;
	fl->bold = bold;
	fl->running = pthread_create(&fl->tid, NULL, loading_main, fl) == 0;
	if (!fl->running)
		loading_main(fl); /* no thread to be had: the same work, here and now */
	return fl;
}

int font_load_end(struct font_loading *fl, struct fonts **out, struct diag *d)
{
	*out = NULL;
	if (!fl)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "no font load was started");
	if (fl->running)
		pthread_join(fl->tid, NULL);
	int rc = fl->rc;
	if (rc == 0)
		*out = fl->fonts;
	else if (d)
		*d = fl->d;
	free(fl);
	return rc;
}

void font_free(struct fonts *f)
{
	if (!f)
		return;
	for (int i = 0; i < FONT__N; i++) {
		free(f->st[i].path);
		free(f->st[i].adv);
	}
	font_release(f->share);
	free(f);
}

const char *font_path(const struct fonts *f, enum font_style st)
{
	return f->st[st].path;
}

int font_has_char(const struct fonts *f, enum font_style st, uint32_t cp)
{
	return find_adv(&f->st[st], cp) != NULL;
}

double font_text_width(const struct fonts *f, enum font_style st, double size, const char *utf8)
{
	const struct font_style_info *si = &f->st[st];
	int64_t units = 0;
	size_t n = strlen(utf8);
	while (n > 0) {
		if ((unsigned char)*utf8 < 0x80) {
			units += si->latin_adv[(unsigned char)*utf8];
			utf8++;
			n--;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(utf8, n, &cp);
		if (k == 0) {
			/* An invalid byte is drawn as the missing glyph by both painters. */
			cp = 0xFFFD;
			k = 1;
		}
		if (cp < 256) {
			units += si->latin_adv[cp];
		} else {
			const struct glyph_adv *g = find_adv(si, cp);
			units += g ? g->adv : si->notdef_adv;
		}
		utf8 += k;
		n -= k;
	}
	return (double)units * size / si->upem;
}

char *font_drawable_text(const struct fonts *f, enum font_style st, const char *utf8)
{
	if (!f->st[st].nbsp_as_space || !strstr(utf8, "\xC2\xA0"))
		return xstrdup(utf8);
	struct sbuf b = {0};
	for (const char *p = utf8, *hit; *p; p = hit + 2) {
		hit = strstr(p, "\xC2\xA0");
		if (!hit) {
			sbuf_add(&b, p);
			break;
		}
		sbuf_addn(&b, p, (size_t)(hit - p));
		sbuf_addc(&b, ' ');
	}
	return sbuf_take(&b);
}

double font_ascent(const struct fonts *f, enum font_style st, double size)
{
	return f->st[st].ascender * size / f->st[st].upem;
}

double font_descent(const struct fonts *f, enum font_style st, double size)
{
	return f->st[st].descender * size / f->st[st].upem;
}

void *font_ft_face(const struct fonts *f, enum font_style st)
{
	return f->share->face[st];
}
