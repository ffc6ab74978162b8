/* font.h - the report's fonts: found in fonts/ first, then on the system through fontconfig,
 * checked with FreeType before anyone else (libharu, cairo) sees them, and measured here so
 * that layout and charts break lines with the real metrics.
 *
 * Ownership: font_load() returns a struct fonts freed with font_free(); paths and faces
 * inside belong to it. */
#ifndef TRYGG_FONT_H
#define TRYGG_FONT_H

#include <stdint.h>

#include "diag.h"

enum font_style { FONT_REGULAR, FONT_BOLD, FONT__N };

struct fonts;

/* Reads fonts_dir/fonts.conf ("regular = FILE-OR-FONTCONFIG-PATTERN", "bold = …", '#'
 * comments). A value naming a file is looked up in fonts_dir first; otherwise it is a
 * fontconfig pattern (e.g. "Carlito:style=Bold"). regular/bold, when not NULL, override the
 * file (they come from the municipality configuration). Every font must be a TrueType font
 * with a glyf table and glyphs for "åäöÅÄÖéü−–€ " (U+00A0 may be missing: it is then drawn
 * as a space, see font_drawable_text). Errors: DIAG_EX_CONFIG naming
 * the font file and the problem. */
int font_load(const char *fonts_dir, const char *regular, const char *bold,
	      struct fonts **out, struct diag *d);
void font_free(struct fonts *f);

/* Fontconfig's set-up (reading its configuration files and caches: a third of a small
 * report's set-up) started on a thread, so that it runs while the caller reads its own
 * configuration; font_load_found() waits for it and takes it when a font is a fontconfig
 * pattern. font_finder_free() waits for the thread too and frees what was not taken. */
struct font_finder;
struct font_finder *font_finder_start(void);
void font_finder_free(struct font_finder *ff);
/* font_load() with the set-up ff started (NULL: made when needed, as font_load does). */
int font_load_found(struct font_finder *ff, const char *fonts_dir, const char *regular,
		    const char *bold, struct fonts **out, struct diag *d);

/* font_load_found() on a thread of its own, so that the fonts are found and checked while
 * the caller reads the exports (fontconfig's set-up and FreeType's checks are most of a
 * small report's set-up); over_src and over_line say where regular and bold come from (the
 * configuration) for the messages. The strings must live until font_load_end(), which waits for the
 * thread and gives font_load_found()'s result, *out and *d included; ff is freed after it.
 * Without a thread to be had, the work is done inside font_load_begin(). */
struct font_loading;
struct font_loading *font_load_begin(struct font_finder *ff, const char *fonts_dir,
				     const char *regular, const char *bold, const char *over_src,
				     long over_line);
int font_load_end(struct font_loading *fl, struct fonts **out, struct diag *d);

const char *font_path(const struct fonts *f, enum font_style st);
/* Advance width of UTF-8 text at size (points), no kerning (libharu does none either). */
double font_text_width(const struct fonts *f, enum font_style st, double size, const char *utf8);
/* Ascender (positive) and descender (negative) at size, in points. */
double font_ascent(const struct fonts *f, enum font_style st, double size);
double font_descent(const struct fonts *f, enum font_style st, double size);
/* The FreeType face (FT_Face) for painters that render with it (cairo-ft). */
void *font_ft_face(const struct fonts *f, enum font_style st);

/* Added for paint_cairo.c: cairo keeps FT_Faces in its font caches after a painter has
 * destroyed its font face, so a painter that gives font_ft_face() to cairo first takes a
 * hold. The faces stay open until font_free() and every hold are released, in any order and
 * from any thread; font_release() has the shape of cairo's destroy callbacks. */
void *font_hold(const struct fonts *f);
void font_release(void *hold);
/* 1 when the font can draw code point cp (charts fall back from "…" to "..."). */
int font_has_char(const struct fonts *f, enum font_style st, uint32_t cp);
/* Many fonts, Carlito among them, have no glyph for U+00A0: it is then measured as a space,
 * and painters draw this copy of the text, with U+00A0 turned into U+0020 (lines are already
 * broken by then). Caller frees. */
char *font_drawable_text(const struct fonts *f, enum font_style st, const char *utf8);

#endif
