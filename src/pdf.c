/* pdf.c - writes the page model as tagged PDF/A-1b with libharu: UTF-8 TrueType subsets with
 * a real ToUnicode map, raster or vector charts, links, outlines, document information, XMP
 * metadata, and a structure tree made from the document tree the page items point to. With
 * pdf_zip.c (the compression), the only file that includes hpdf.h. doc/pdf.md says what is
 * claimed and checked. */
#define _GNU_SOURCE /* RTLD_NEXT, for pdf_libharu_loops */
#include "pdf.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
/* libharu's installed internal headers: the font's CMap stream and descriptor, the page's
 * content stream, the document's catalog and trailer. libharu 2.3.0 has no public API for
 * what PDF/A needs (LIBRARIES.md "PDF standards"). Written against 2.3.0 (Debian 12); a
 * libharu upgrade must rerun tests/golden/pdfa.sh. */
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>

#include "compose.h"
#include "paint.h"
#include "pdf_int.h"
#include "sha256.h"
#include "util.h"

#define A4_W 595.276
#define A4_H 841.89
#define DEFAULT_DPI 200.0
#define MAX_OUTLINE_DEPTH 8
#define N_BMP 65536

/* The sRGB profile of the output intent (src/icc/sRGB.icc, built in by the Makefile). */
extern const unsigned char pdf_srgb_icc[];
extern const size_t pdf_srgb_icc_len;

/* libharu reports errors through this handler; they are kept here, never printed, and
 * turned into a diag by the call site that notices the failed return value. */
struct hpdf_err {
	HPDF_STATUS code, detail;
};

/* Tagged PDF (doc/pdf.md): every drawn item is a marked-content sequence, content with an
 * MCID owned by a structure element made from its tree node, the rest an artifact. Marks are
 * recorded while the pages are drawn; the structure tree is built from the document tree
 * afterwards, in the tree's order. */
enum mc_kind { MC_NONE, MC_CONTENT, MC_DECORATION, MC_HEADER, MC_FOOTER, MC_REPEAT };

struct mark {
	int page, mcid;
	const struct doc_node *node; /* the owner; NULL: content without a tree node */
	int line;                    /* table of contents: -1 its title, else the line */
	double x0, y0, x1, y1;       /* what it covers, PDF coordinates (figures' BBox) */
	long next;                   /* the owner's next mark, -1 */
	HPDF_Dict elem;              /* the structure element that holds it */
};

struct link_mark {
	int page;
	HPDF_Annotation annot;
	const struct doc_node *node;
	int line;
	HPDF_Dict elem;
};

struct tagging {
	int on;
	const struct doc_node *root;
	unsigned max_id;
	struct mark *marks;
	size_t n_marks, cap_marks;
	struct link_mark *links;
	size_t n_links, cap_links;
	int *first_page;   /* by node id: the first page showing it, -1 */
	long *head, *tail; /* by node id: its marks, in order */
	size_t *in_subtree;  /* by node id: marks of it and its descendants */
	/* the open sequence on the page being drawn */
	enum mc_kind cur;
	const struct doc_node *cur_node;
	int cur_line;
	int next_mcid;
	/* the table of contents: its links seen so far, whether its title was drawn */
	int toc_links, toc_started;
};

struct ctx {
	HPDF_Doc pdf;
	struct hpdf_err err;
	const struct lay_doc *doc;
	const struct fonts *f;
	double dpi;
	int vector;
	HPDF_Font font[FONT__N];
	/* The BMP code points drawn with each style: the ToUnicode map and CIDSet list them. */
	unsigned char *drawn[FONT__N];
	/* What the document ID is made from: the drawn pixels (page contents are added last). */
	struct sha256 id;
	HPDF_Page *pages;
	struct pdf_zip *zip; /* finished streams, compressed ahead of the save */
	char xmp_date[96]; /* the document's date for XMP; empty without SOURCE_DATE_EPOCH */
	double page_h;
	struct tagging tag;
	struct diag *d;
};

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct hpdf_err *e = user;
	/* The first error is the cause; later ones follow from libharu's sticky error state. */
	if (e->code == 0 && code != HPDF_STREAM_EOF) {
		e->code = code;
		e->detail = detail;
	}
}

static int hfail(struct ctx *c, const char *what)
{
	HPDF_STATUS code = c->err.code ? c->err.code : HPDF_GetError(c->pdf);
	return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
			"libharu: %s failed (error 0x%04X, detail %u)", what, (unsigned)code,
			(unsigned)c->err.detail);
}

/* 0 when a libharu call succeeded; -1 with the diag filled otherwise. */
static int ok(struct ctx *c, HPDF_STATUS st, const char *what)
{
	if (st == HPDF_OK && c->err.code == 0)
		return 0;
	return hfail(c, what);
}

static int live(struct ctx *c, const void *handle, const char *what)
{
	return handle && c->err.code == 0 ? 0 : hfail(c, what);
}

/* ---- libharu 2.3.0's three hottest loops, replaced ----
 *
 * Loading a font for UTF-8 asks HPDF_TTFontDef_GetGlyphid for every BMP code point in turn,
 * and each call scans the cmap's segments from the first (65 536 × ~120 steps per font);
 * HPDF_MemCpy and HPDF_MemSet copy and clear a byte at a time. Together they were 40 % of
 * the instructions of a 10 k-row report. libharu calls all three through the PLT, so the
 * definitions below take their place (the ELF rule that the program's definition comes
 * first); each gives what libharu's own gives, for every input: test_pdf.c renders with
 * these and with libharu's own (pdf_libharu_loops) and compares the bytes. If a libharu
 * build calls its own copies directly, these are simply not used. */

int pdf_libharu_loops;

void *pdf_own(void **cache, const char *name)
{
	if (!*cache)
		*cache = dlsym(RTLD_NEXT, name);
	if (!*cache)
		abort(); /* tests only: libharu without the symbol */
	return *cache;
}

/* While get_font() loads one font, GetGlyphid's calls come in rising code point order for
 * one fontdef: the segment found for the last code point is where the next scan may start
 * (every segment before it ends below the last code point, so below this one too). Outside
 * that call, or for a lower code point, the scan starts at the first segment, as libharu's. */
static _Thread_local struct {
	int on;
	HPDF_FontDef def;
	unsigned code, seg;
} glyph_hint;

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	if (pdf_libharu_loops & PDF_OWN_LOOPS) {
		static void *fn;
		return ((HPDF_UINT16(*)(HPDF_FontDef, HPDF_UINT16))pdf_own(
			&fn, "HPDF_TTFontDef_GetGlyphid"))(fontdef, unicode);
	}
	HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
	const HPDF_TTF_CmapRange *cm = &attr->cmap;
	if (cm->format == 0)
		return cm->glyph_id_array[unicode & 0xFF];
	if (cm->seg_count_x2 == 0) {
		HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_CMAP, 0);
		return 0;
	}
	unsigned n = cm->seg_count_x2 / 2, i = 0;
	if (glyph_hint.on && glyph_hint.def == fontdef && unicode >= glyph_hint.code)
		i = glyph_hint.seg;
	while (i < n && unicode > cm->end_count[i])
		i++;
	if (glyph_hint.on) {
		glyph_hint.def = fontdef;
		glyph_hint.code = unicode;
		glyph_hint.seg = i;
	}
	/* i == n reads one past the arrays, as libharu does; font.c refuses a cmap whose last
	 * segment does not end at 0xFFFF, so it never happens */
	if (cm->start_count[i] > unicode)
		return 0;
	if (cm->id_range_offset[i] == 0)
		return (HPDF_UINT16)(unicode + cm->id_delta[i]);
	HPDF_UINT idx = cm->id_range_offset[i] / 2 + (unicode - cm->start_count[i]) - (n - i);
	if (idx > cm->glyph_id_array_count)
		return 0;
	return (HPDF_UINT16)(cm->glyph_id_array[idx] + cm->id_delta[i]);
}

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (pdf_libharu_loops & PDF_OWN_LOOPS) {
		static void *fn;
		return ((HPDF_BYTE * (*)(HPDF_BYTE *, const HPDF_BYTE *, HPDF_UINT))pdf_own(
			&fn, "HPDF_MemCpy"))(out, in, n);
	}
	/* libharu's copies forward a byte at a time, overlap or not */
	if (out + n <= in || in + n <= out || n == 0) {
		memcpy(out, in, n);
		return out + n;
	}
	while (n > 0) {
		*out++ = *in++;
		n--;
	}
	return out;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (pdf_libharu_loops & PDF_OWN_LOOPS) {
		static void *fn;
		return ((void *(*)(void *, HPDF_BYTE, HPDF_UINT))pdf_own(&fn, "HPDF_MemSet"))(s, c, n);
	}
	memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* The font of a style, loaded with the document (doc_new); here only if that did not (an
 * unused bold face would still be embedded whole, so only the styles drawn are loaded). */
static HPDF_Font get_font(struct ctx *c, enum font_style st)
{
	if ((unsigned)st >= FONT__N) {
		diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0, "text with unknown font style %d",
			 (int)st);
		return NULL;
	}
	if (c->font[st])
		return c->font[st];
	/* libharu refuses to load one file twice (FONT_EXISTS): a configuration may name the
	 * same font for regular and bold. */
	for (int o = 0; o < FONT__N; o++) {
		if (c->font[o] && strcmp(font_path(c->f, o), font_path(c->f, st)) == 0)
			return c->font[st] = c->font[o];
	}
	const char *path = font_path(c->f, st);
	const char *name = HPDF_LoadTTFontFromFile(c->pdf, path, HPDF_TRUE);
	if (!name || c->err.code) {
		diag_set(c->d, DIAG_EX_CONFIG, path, 0, 0,
			 "libharu cannot embed the font (error 0x%04X, detail %u)",
			 (unsigned)c->err.code, (unsigned)c->err.detail);
		return NULL;
	}
	glyph_hint.on = 1;
	glyph_hint.def = NULL;
	HPDF_Font font = HPDF_GetFont(c->pdf, name, "UTF-8");
	glyph_hint.on = 0;
	if (live(c, font, "GetFont") < 0)
		return NULL;
	return c->font[st] = font;
}

/* ---- the document and its fonts, made ahead ----
 *
 * A new libharu document for UTF-8 text, with the fonts of the styles in `styles` (bit
 * st) loaded in style order. HPDF_GetFont builds each font's widths and CIDToGIDMap over
 * all 65 536 code points: the costliest part of a small report's PDF, and it needs nothing
 * but the fonts. So report.c starts it on a thread (pdf_prep_start) while the report is
 * composed and laid out, and pdf_render takes the result when it wants the fonts that were
 * loaded; otherwise (or with TRYGG_THREADS=1) pdf_render runs the same function itself:
 * the same calls in the same order, the same bytes. */
static int doc_new(struct ctx *c, unsigned styles)
{
	c->pdf = HPDF_New(on_error, &c->err);
	if (!c->pdf)
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
				"libharu: cannot create a document");
	if (ok(c, HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL), "SetCompressionMode") ||
	    ok(c, HPDF_UseUTFEncodings(c->pdf), "UseUTFEncodings") ||
	    /* Without this the document information is written as mojibake. */
	    ok(c, HPDF_SetCurrentEncoder(c->pdf, "UTF-8"), "SetCurrentEncoder"))
		return -1;
	for (int st = 0; st < FONT__N; st++)
		if ((styles >> st & 1) && !get_font(c, (enum font_style)st))
			return -1;
	return 0;
}

struct pdf_prep {
	unsigned styles;
	int running; /* a thread was started and not yet joined */
	int done;    /* doc_new ran: rc and c hold its result */
	int rc;
	pthread_t tid;
	struct ctx c; /* pdf, err, font: the document; d points at diag */
	struct diag diag;
};

static void *prep_main(void *arg)
{
	struct pdf_prep *p = arg;
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	p->rc = doc_new(&p->c, p->styles);
	p->done = 1;
	return NULL;
}

struct pdf_prep *pdf_prep_start(const struct fonts *f)
{
	struct pdf_prep *p = xcalloc(1, sizeof(*p));
	p->styles = (1u << FONT__N) - 1;
	p->c.f = f;
	p->c.d = &p->diag;
	/* one thread: pdf_render makes the document itself when it needs it */
	if (util_threads() > 1)
		p->running = pthread_create(&p->tid, NULL, prep_main, p) == 0;
	return p;
}

static void prep_join(struct pdf_prep *p)
{
	if (p->running)
		pthread_join(p->tid, NULL);
	p->running = 0;
}

void pdf_prep_free(struct pdf_prep *p)
{
	if (!p)
		return;
	prep_join(p);
	if (p->c.pdf)
		HPDF_Free(p->c.pdf);
	free(p);
}

/* The styles of the text the document draws (libharu's fonts; raster charts are cairo's). */
static unsigned styles_drawn(const struct lay_doc *doc, int vector)
{
	unsigned s = 0;
	for (size_t i = 0; i < doc->n_pages; i++)
		for (size_t k = 0; k < doc->pages[i].n_items; k++) {
			const struct lay_item *it = &doc->pages[i].items[k];
			if (it->kind == LAY_TEXT && it->text && *it->text &&
			    (unsigned)it->style < FONT__N)
				s |= 1u << it->style;
			if (it->kind != LAY_CHART || !vector || !it->chart)
				continue;
			for (size_t j = 0; j < it->chart->n_items; j++) {
				const struct chart_item *ci = &it->chart->items[j];
				if (ci->kind == CHART_TEXT && ci->text && *ci->text &&
				    (unsigned)ci->style < FONT__N)
					s |= 1u << ci->style;
			}
		}
	return s;
}

/* c's document with the fonts of the styles drawn: p's when it made that (p is freed). */
static int doc_for(struct ctx *c, struct pdf_prep *p)
{
	unsigned styles = styles_drawn(c->doc, c->vector);
	if (p) {
		prep_join(p);
		if (p->done && p->rc == 0 && p->styles == styles && p->c.f == c->f) {
			c->pdf = p->c.pdf;
			c->err = p->c.err;
			c->pdf->error.user_data = &c->err; /* on_error's from here on */
			memcpy(c->font, p->c.font, sizeof(c->font));
			p->c.pdf = NULL;
		}
		pdf_prep_free(p);
		if (c->pdf)
			return 0;
	}
	return doc_new(c, styles);
}

static int set_fill(struct ctx *c, HPDF_Page p, uint32_t rgb)
{
	return ok(c, HPDF_Page_SetRGBFill(p, ((rgb >> 16) & 0xFF) / 255.0f,
					  ((rgb >> 8) & 0xFF) / 255.0f, (rgb & 0xFF) / 255.0f),
		  "SetRGBFill");
}

static int set_stroke(struct ctx *c, HPDF_Page p, uint32_t rgb)
{
	return ok(c, HPDF_Page_SetRGBStroke(p, ((rgb >> 16) & 0xFF) / 255.0f,
					    ((rgb >> 8) & 0xFF) / 255.0f, (rgb & 0xFF) / 255.0f),
		  "SetRGBStroke");
}

/* x and y in PDF coordinates (y up), y on the baseline. */
static int put_text(struct ctx *c, HPDF_Page p, double x, double y, enum font_style st,
		    double size, uint32_t rgb, const char *text)
{
	if (!text || !*text)
		return 0;
	if (!utf8_valid(text, strlen(text)))
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0, "text is not UTF-8: %.40s", text);
	HPDF_Font font = get_font(c, st);
	if (!font)
		return -1;
	char *t = font_drawable_text(c->f, st, text);
	if (!c->drawn[st])
		c->drawn[st] = xcalloc(N_BMP / 8, 1);
	for (size_t i = 0, n = strlen(t); i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(t + i, n - i, &cp);
		if (k == 0)
			break; /* cannot happen: t was checked above */
		if (cp < N_BMP)
			c->drawn[st][cp >> 3] |= (unsigned char)(0x80 >> (cp & 7));
		i += k;
	}
	int rc = 0;
	if (ok(c, HPDF_Page_SetFontAndSize(p, font, (HPDF_REAL)size), "SetFontAndSize") ||
	    set_fill(c, p, rgb) || ok(c, HPDF_Page_BeginText(p), "BeginText") ||
	    ok(c, HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)y, t), "TextOut") ||
	    ok(c, HPDF_Page_EndText(p), "EndText"))
		rc = -1;
	free(t);
	return rc;
}

static int put_rect(struct ctx *c, HPDF_Page p, double x, double y_bottom, double w, double h,
		    uint32_t rgb)
{
	if (set_fill(c, p, rgb) ||
	    ok(c, HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)y_bottom, (HPDF_REAL)w,
				      (HPDF_REAL)h), "Rectangle") ||
	    ok(c, HPDF_Page_Fill(p), "Fill"))
		return -1;
	return 0;
}

static int put_line(struct ctx *c, HPDF_Page p, double x1, double y1, double x2, double y2,
		    double width, uint32_t rgb)
{
	if (set_stroke(c, p, rgb) ||
	    ok(c, HPDF_Page_SetLineWidth(p, (HPDF_REAL)(width > 0 ? width : 1)), "SetLineWidth") ||
	    ok(c, HPDF_Page_MoveTo(p, (HPDF_REAL)x1, (HPDF_REAL)y1), "MoveTo") ||
	    ok(c, HPDF_Page_LineTo(p, (HPDF_REAL)x2, (HPDF_REAL)y2), "LineTo") ||
	    ok(c, HPDF_Page_Stroke(p), "Stroke"))
		return -1;
	return 0;
}

/* libharu takes whole points for dashes; 0 is solid. */
static int set_dash(struct ctx *c, HPDF_Page p, double dash)
{
	if (dash <= 0)
		return ok(c, HPDF_Page_SetDash(p, NULL, 0, 0), "SetDash");
	HPDF_UINT16 d = (HPDF_UINT16)(dash < 1 ? 1 : dash > 100 ? 100 : dash + 0.5);
	return ok(c, HPDF_Page_SetDash(p, &d, 1, 0), "SetDash");
}

static int put_polyline(struct ctx *c, HPDF_Page p, const struct chart_item *it, double ox,
			double oy, double sc)
{
	if (it->n_pts < 2)
		return 0;
	double H = c->page_h;
	if (set_stroke(c, p, it->rgb) || set_dash(c, p, sc * it->dash) ||
	    ok(c, HPDF_Page_SetLineWidth(p, (HPDF_REAL)(sc * (it->line_width > 0 ? it->line_width : 1))),
	       "SetLineWidth") ||
	    ok(c, HPDF_Page_SetLineJoin(p, HPDF_ROUND_JOIN), "SetLineJoin") ||
	    ok(c, HPDF_Page_MoveTo(p, (HPDF_REAL)(ox + sc * it->pts[0]),
				   (HPDF_REAL)(H - (oy + sc * it->pts[1]))), "MoveTo"))
		return -1;
	for (size_t k = 1; k < it->n_pts; k++)
		if (ok(c, HPDF_Page_LineTo(p, (HPDF_REAL)(ox + sc * it->pts[2 * k]),
					   (HPDF_REAL)(H - (oy + sc * it->pts[2 * k + 1]))), "LineTo"))
			return -1;
	if (ok(c, HPDF_Page_Stroke(p), "Stroke") ||
	    ok(c, HPDF_Page_SetLineJoin(p, HPDF_MITER_JOIN), "SetLineJoin"))
		return -1;
	return it->dash > 0 ? set_dash(c, p, 0) : 0;
}

/* A marker: filled, and outlined when line_width > 0 (a hollow marker is white inside). */
static int put_circle(struct ctx *c, HPDF_Page p, double x, double y, double r, uint32_t fill,
		      double line_width, uint32_t stroke)
{
	/* Colours and widths cannot be set once a path has begun (error 0x1051). */
	if (set_fill(c, p, fill))
		return -1;
	if (line_width > 0 &&
	    (set_stroke(c, p, stroke) ||
	     ok(c, HPDF_Page_SetLineWidth(p, (HPDF_REAL)line_width), "SetLineWidth")))
		return -1;
	if (ok(c, HPDF_Page_Circle(p, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)r), "Circle"))
		return -1;
	return line_width > 0 ? ok(c, HPDF_Page_FillStroke(p), "FillStroke")
			      : ok(c, HPDF_Page_Fill(p), "Fill");
}

/* The scene drawn with libharu's own operators: a few KB, and its labels are real text. */
static int vector_chart(struct ctx *c, HPDF_Page p, const struct chart_scene *s, double ox,
			double oy, double sc)
{
	double H = c->page_h;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct chart_item *it = &s->items[i];
		double x = ox + sc * it->x, y = oy + sc * it->y;
		int rc = 0;
		switch (it->kind) {
		case CHART_RECT:
			rc = put_rect(c, p, x, H - y - sc * it->h, sc * it->w, sc * it->h, it->rgb);
			break;
		case CHART_LINE:
			rc = set_dash(c, p, sc * it->dash);
			if (rc == 0)
				rc = put_line(c, p, x, H - y, x + sc * it->w, H - (y + sc * it->h),
					      sc * it->line_width, it->rgb);
			if (rc == 0 && it->dash > 0)
				rc = set_dash(c, p, 0);
			break;
		case CHART_POLYLINE:
			rc = put_polyline(c, p, it, ox, oy, sc);
			break;
		case CHART_CIRCLE:
			rc = put_circle(c, p, x, H - y, sc * it->w, it->rgb,
					it->line_width > 0 ? sc * it->line_width : 0, it->stroke);
			break;
		case CHART_TEXT: {
			if (!it->text || !*it->text)
				break;
			double size = sc * it->size;
			double w = font_text_width(c->f, it->style, size, it->text);
			if (it->align == CHART_CENTER)
				x -= w / 2;
			else if (it->align == CHART_RIGHT)
				x -= w;
			rc = put_text(c, p, x, H - y, it->style, size, it->rgb, it->text);
			break;
		}
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Raw RGB only: libpng aborts the process on a damaged PNG, and the raw route is also the
 * fastest (LIBRARIES.md). */
static int raster_chart(struct ctx *c, HPDF_Page p, const struct chart_scene *s, double ox,
			double oy, double sc)
{
	unsigned char *rgb;
	int w, h;
	if (paint_rgb(s, c->f, c->dpi * sc, &rgb, &w, &h, c->d) < 0)
		return -1;
	HPDF_Image img = HPDF_LoadRawImageFromMem(c->pdf, rgb, (HPDF_UINT)w, (HPDF_UINT)h,
						  HPDF_CS_DEVICE_RGB, 8);
	sha256_update(&c->id, rgb, (size_t)w * (size_t)h * 3);
	free(rgb); /* libharu has copied it into the image's stream */
	if (live(c, img, "LoadRawImageFromMem") < 0)
		return -1;
	double dw = sc * s->width, dh = sc * s->height;
	return ok(c, HPDF_Page_DrawImage(p, img, (HPDF_REAL)ox, (HPDF_REAL)(c->page_h - oy - dh),
					 (HPDF_REAL)dw, (HPDF_REAL)dh), "DrawImage");
}

/* The logo: raw RGB like a raster chart, never a PNG (LIBRARIES.md). */
static int put_image(struct ctx *c, HPDF_Page p, const struct lay_item *it)
{
	if (!it->pixels || it->px_w <= 0 || it->px_h <= 0 || !(it->w > 0 && it->h > 0))
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0, "image without a size");
	sha256_update(&c->id, it->pixels, (size_t)it->px_w * (size_t)it->px_h * 3);
	HPDF_Image img = HPDF_LoadRawImageFromMem(c->pdf, it->pixels, (HPDF_UINT)it->px_w,
						  (HPDF_UINT)it->px_h, HPDF_CS_DEVICE_RGB, 8);
	if (live(c, img, "LoadRawImageFromMem") < 0)
		return -1;
	return ok(c, HPDF_Page_DrawImage(p, img, (HPDF_REAL)it->x,
					 (HPDF_REAL)(c->page_h - it->y - it->h), (HPDF_REAL)it->w,
					 (HPDF_REAL)it->h), "DrawImage");
}

static int put_chart(struct ctx *c, HPDF_Page p, const struct lay_item *it)
{
	const struct chart_scene *s = it->chart;
	if (!s || !(s->width > 0 && s->height > 0) || !(it->w > 0 && it->h > 0))
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0, "chart without a size");
	/* Scaled to fit the box without distortion, centred in it. */
	double sc = it->w / s->width < it->h / s->height ? it->w / s->width : it->h / s->height;
	double ox = it->x + (it->w - sc * s->width) / 2, oy = it->y + (it->h - sc * s->height) / 2;
	return c->vector ? vector_chart(c, p, s, ox, oy, sc) : raster_chart(c, p, s, ox, oy, sc);
}

/* Destinations fit the page width: an XYZ destination would force a zoom (0 meaning "keep
 * the reader's zoom" is rejected by libharu 2.3.0). The top of the view at y, in PDF
 * coordinates. */
static int dest_top(struct ctx *c, int page, double y, double *top)
{
	if (page < 0 || (size_t)page >= c->doc->n_pages)
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
				"link or outline to page %d of %zu", page + 1, c->doc->n_pages);
	*top = c->page_h - y;
	if (*top > c->page_h)
		*top = c->page_h;
	if (*top < 0)
		*top = 0;
	return 0;
}

static HPDF_Destination dest_at(struct ctx *c, int page, double y)
{
	double top = 0;
	if (dest_top(c, page, y, &top) < 0)
		return NULL;
	HPDF_Destination dst = HPDF_Page_CreateDestination(c->pages[page]);
	if (live(c, dst, "CreateDestination") < 0 ||
	    ok(c, HPDF_Destination_SetFitH(dst, (HPDF_REAL)top), "Destination_SetFitH") < 0)
		return NULL;
	return dst;
}

/* Outline items get their /Dest as a direct array: libharu makes it an indirect object,
 * which PDFBox Preflight rejects in outlines. */
static int outline_dest(struct ctx *c, HPDF_Outline ol, int page, double y)
{
	double top = 0;
	if (dest_top(c, page, y, &top) < 0)
		return -1;
	HPDF_Array a = HPDF_Array_New(c->pdf->mmgr);
	if (live(c, a, "Array_New") < 0)
		return -1;
	if (ok(c, HPDF_Dict_Add(ol, "Dest", a), "Dict_Add") ||
	    ok(c, HPDF_Array_Add(a, c->pages[page]), "Array_Add") ||
	    ok(c, HPDF_Array_AddName(a, "FitH"), "Array_AddName") ||
	    ok(c, HPDF_Array_AddReal(a, (HPDF_REAL)top), "Array_AddReal"))
		return -1;
	return 0;
}

/* ---- marked content ---- */

/* The structure type of a node's element. */
static const char *struct_type(const struct doc_node *n)
{
	static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	if (!n)
		return "P";
	switch (n->kind) {
	case DOC_DOCUMENT: return "Document";
	case DOC_COVER:
	case DOC_SECTION: return "Sect";
	case DOC_TOC: return "TOC";
	case DOC_HEADING: return h[n->level < 1 ? 0 : n->level > 6 ? 5 : n->level - 1];
	case DOC_LIST: return "L";
	case DOC_ITEM: return "LI";
	case DOC_TABLE: return "Table";
	case DOC_ROW: return "TR";
	case DOC_CELL: return n->scope != DOC_SCOPE_NONE ? "TH" : "TD";
	case DOC_FIGURE: return "Figure";
	case DOC_TILES:
	case DOC_TILE: return "Div";
	default: return "P";
	}
}

/* The tag of a marked-content sequence: the type of the element that holds it. */
static const char *mc_tag(const struct doc_node *n, int line)
{
	if (n && n->kind == DOC_TOC)
		return line < 0 ? "Caption" : "Link";
	if (n && n->kind == DOC_TABLE)
		return "Caption";
	if (n && n->kind == DOC_ITEM)
		return "LBody";
	return struct_type(n);
}

/* A table's caption ("… (forts.)") and header row drawn again on a later page repeat what
 * was read on the first: artifacts there. */
static int repeated(const struct tagging *t, const struct doc_node *n, int page)
{
	if (n->id > t->max_id || t->first_page[n->id] < 0 || t->first_page[n->id] >= page)
		return 0;
	return n->kind == DOC_TABLE ||
	       (n->kind == DOC_CELL && n->parent && n->parent->role == DOC_ROLE_HEADER);
}

static unsigned max_node_id(const struct doc_node *n)
{
	unsigned m = n->id;
	for (const struct doc_node *k = n->first_child; k; k = k->next) {
		unsigned v = max_node_id(k);
		if (v > m)
			m = v;
	}
	return m;
}

/* Finds the tree the pages show (through any item's node) and sizes the per-node tables. */
static void tag_init(struct ctx *c)
{
	struct tagging *t = &c->tag;
	for (size_t i = 0; i < c->doc->n_pages && !t->root; i++)
		for (size_t k = 0; k < c->doc->pages[i].n_items && !t->root; k++)
			if (c->doc->pages[i].items[k].node) {
				const struct doc_node *n = c->doc->pages[i].items[k].node;
				while (n->parent)
					n = n->parent;
				t->root = n;
			}
	t->max_id = t->root ? max_node_id(t->root) : 0;
	size_t n = (size_t)t->max_id + 1;
	t->first_page = xcalloc(n, sizeof(*t->first_page));
	t->head = xcalloc(n, sizeof(*t->head));
	t->tail = xcalloc(n, sizeof(*t->tail));
	t->in_subtree = xcalloc(n, sizeof(*t->in_subtree));
	for (size_t i = 0; i < n; i++)
		t->first_page[i] = -1, t->head[i] = t->tail[i] = -1;
}

static void tag_free(struct tagging *t)
{
	free(t->marks);
	free(t->links);
	free(t->first_page);
	free(t->head);
	free(t->tail);
	free(t->in_subtree);
}

static int mc_write(struct ctx *c, HPDF_Page p, const char *s)
{
	return ok(c, HPDF_Stream_WriteStr(((HPDF_PageAttr)p->attr)->stream, s), "Stream_WriteStr");
}

static int mc_close(struct ctx *c, HPDF_Page p)
{
	if (c->tag.cur == MC_NONE)
		return 0;
	c->tag.cur = MC_NONE;
	return mc_write(c, p, "EMC\n");
}

/* Opens a sequence: an artifact, or content with the next MCID on the page. */
static int mc_open(struct ctx *c, HPDF_Page p, int page, enum mc_kind k,
		   const struct doc_node *n, int line)
{
	struct tagging *t = &c->tag;
	if (mc_close(c, p) < 0)
		return -1;
	t->cur = k;
	t->cur_node = n;
	t->cur_line = line;
	switch (k) {
	case MC_DECORATION: return mc_write(c, p, "/Artifact BMC\n");
	case MC_HEADER:
		return mc_write(c, p, "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
	case MC_FOOTER:
		return mc_write(c, p, "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
	case MC_REPEAT: return mc_write(c, p, "/Artifact <</Type /Pagination>> BDC\n");
	default: break;
	}
	t->marks = xgrow(t->marks, &t->cap_marks, t->n_marks, sizeof(*t->marks));
	struct mark *m = &t->marks[t->n_marks];
	memset(m, 0, sizeof(*m));
	m->page = page;
	m->mcid = t->next_mcid++;
	m->node = n;
	m->line = line;
	m->x0 = m->y0 = 1e9;
	m->x1 = m->y1 = -1e9;
	m->next = -1;
	if (n) {
		if (t->first_page[n->id] < 0)
			t->first_page[n->id] = page;
		if (t->tail[n->id] >= 0)
			t->marks[t->tail[n->id]].next = (long)t->n_marks;
		else
			t->head[n->id] = (long)t->n_marks;
		t->tail[n->id] = (long)t->n_marks;
		for (const struct doc_node *a = n; a; a = a->parent)
			if (a->id <= t->max_id)
				t->in_subtree[a->id]++;
	}
	t->n_marks++;
	char buf[64];
	snprintf(buf, sizeof(buf), "/%s <</MCID %d>> BDC\n", mc_tag(n, line), m->mcid);
	return mc_write(c, p, buf);
}

/* Puts item `it` of page `page` into its sequence, opening one unless it continues the open
 * one: a run of items of one node (the lines of a paragraph, a chart's parts) is one. */
static int mc_item(struct ctx *c, HPDF_Page p, int page, const struct lay_item *it)
{
	struct tagging *t = &c->tag;
	const struct doc_node *n = it->node && it->node->id <= t->max_id ? it->node : NULL;
	int line = 0;
	enum mc_kind k;
	if (it->role == LAY_ARTIFACT)
		k = it->y < c->page_h / 2 ? MC_HEADER : MC_FOOTER;
	else if (it->role == LAY_DECORATION)
		k = MC_DECORATION;
	else if (n && repeated(t, n, page))
		k = MC_REPEAT;
	else {
		k = MC_CONTENT;
		if (n && n->kind == DOC_TOC) /* its title comes first, then line by line */
			line = t->toc_started++ == 0 && t->toc_links == 0 ? -1 : t->toc_links;
	}
	if (k != MC_CONTENT)
		n = NULL;
	if ((k != t->cur || n != t->cur_node || line != t->cur_line) &&
	    mc_open(c, p, page, k, n, line) < 0)
		return -1;
	if (k == MC_CONTENT && it->kind != LAY_TEXT) {
		struct mark *m = &t->marks[t->n_marks - 1];
		double y0 = c->page_h - it->y - it->h, y1 = c->page_h - it->y;
		if (it->x < m->x0)
			m->x0 = it->x;
		if (it->x + it->w > m->x1)
			m->x1 = it->x + it->w;
		if (y0 < m->y0)
			m->y0 = y0;
		if (y1 > m->y1)
			m->y1 = y1;
	}
	return 0;
}

/* A link annotation: its structure parent and a Link element come with the tree. */
static void mark_link(struct ctx *c, int page, HPDF_Annotation a, const struct lay_item *it)
{
	struct tagging *t = &c->tag;
	t->links = xgrow(t->links, &t->cap_links, t->n_links, sizeof(*t->links));
	struct link_mark *l = &t->links[t->n_links++];
	memset(l, 0, sizeof(*l));
	l->page = page;
	l->annot = a;
	l->node = it->node && it->node->id <= t->max_id ? it->node : NULL;
	l->line = l->node && l->node->kind == DOC_TOC ? t->toc_links++ : 0;
}

/* A link's description (/Contents): the title of the bookmark it goes to, if one. */
static const char *link_text(const struct ctx *c, const struct lay_item *it)
{
	for (size_t i = 0; i < c->doc->n_outlines; i++) {
		const struct lay_outline *o = &c->doc->outlines[i];
		if (o->page == it->target_page && o->y == it->target_y)
			return o->title;
	}
	return NULL;
}

/* ---- the structure tree ---- */

struct elem {
	HPDF_Dict d;
	HPDF_Array k;
	int pg; /* the page of /Pg, -1 none yet */
};

static int new_elem(struct ctx *c, const struct elem *parent, HPDF_Dict parent_dict,
		    const char *type, struct elem *e)
{
	HPDF_MMgr mm = c->pdf->mmgr;
	e->pg = -1;
	e->d = HPDF_Dict_New(mm);
	if (live(c, e->d, "Dict_New") < 0 || ok(c, HPDF_Xref_Add(c->pdf->xref, e->d), "Xref_Add"))
		return -1;
	e->k = HPDF_Array_New(mm);
	/* no /Type /StructElem: optional, and 20 bytes on each of a thousand elements */
	if (live(c, e->k, "Array_New") < 0 ||
	    ok(c, HPDF_Dict_AddName(e->d, "S", type), "Dict_AddName") ||
	    ok(c, HPDF_Dict_Add(e->d, "P", parent ? parent->d : parent_dict), "Dict_Add") ||
	    ok(c, HPDF_Dict_Add(e->d, "K", e->k), "Dict_Add"))
		return -1;
	if (parent && ok(c, HPDF_Array_Add(parent->k, e->d), "Array_Add"))
		return -1;
	return 0;
}

/* A marked-content reference: the MCID alone on the element's page, else an MCR. */
static int add_mcr(struct ctx *c, struct elem *e, struct mark *m)
{
	m->elem = e->d;
	if (e->pg < 0) {
		e->pg = m->page;
		if (ok(c, HPDF_Dict_Add(e->d, "Pg", c->pages[m->page]), "Dict_Add"))
			return -1;
	}
	if (e->pg == m->page)
		return ok(c, HPDF_Array_AddNumber(e->k, m->mcid), "Array_AddNumber");
	HPDF_Dict r = HPDF_Dict_New(c->pdf->mmgr);
	if (live(c, r, "Dict_New") < 0 || ok(c, HPDF_Array_Add(e->k, r), "Array_Add") ||
	    ok(c, HPDF_Dict_AddName(r, "Type", "MCR"), "Dict_AddName") ||
	    ok(c, HPDF_Dict_Add(r, "Pg", c->pages[m->page]), "Dict_Add") ||
	    ok(c, HPDF_Dict_AddNumber(r, "MCID", m->mcid), "Dict_AddNumber"))
		return -1;
	return 0;
}

/* The marks of node n (of TOC line `line` when line > -2) into e. */
static int add_marks(struct ctx *c, struct elem *e, const struct doc_node *n, int line)
{
	struct tagging *t = &c->tag;
	for (long i = t->head[n->id]; i >= 0; i = t->marks[i].next)
		if ((line < -1 || t->marks[i].line == line) && add_mcr(c, e, &t->marks[i]) < 0)
			return -1;
	return 0;
}

/* An object reference to a link annotation, which gets its place in the parent tree. */
static int add_objr(struct ctx *c, struct elem *e, struct link_mark *l)
{
	HPDF_Dict r = HPDF_Dict_New(c->pdf->mmgr);
	l->elem = e->d;
	if (live(c, r, "Dict_New") < 0 || ok(c, HPDF_Array_Add(e->k, r), "Array_Add") ||
	    ok(c, HPDF_Dict_AddName(r, "Type", "OBJR"), "Dict_AddName") ||
	    ok(c, HPDF_Dict_Add(r, "Pg", c->pages[l->page]), "Dict_Add") ||
	    ok(c, HPDF_Dict_Add(r, "Obj", l->annot), "Dict_Add"))
		return -1;
	return 0;
}

static int attr_name(struct ctx *c, HPDF_Dict e, const char *owner, const char *key,
		     const char *value, HPDF_Dict *out)
{
	HPDF_Dict a = HPDF_Dict_New(c->pdf->mmgr);
	if (live(c, a, "Dict_New") < 0 || ok(c, HPDF_Dict_Add(e, "A", a), "Dict_Add") ||
	    ok(c, HPDF_Dict_AddName(a, "O", owner), "Dict_AddName") ||
	    (key && ok(c, HPDF_Dict_AddName(a, key, value), "Dict_AddName")))
		return -1;
	if (out)
		*out = a;
	return 0;
}

static int add_text(struct ctx *c, HPDF_Dict d, const char *key, const char *text)
{
	if (!text || !*text || !utf8_valid(text, strlen(text)))
		return 0;
	HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
	if (live(c, enc, "GetEncoder") < 0)
		return -1;
	HPDF_String s = HPDF_String_New(c->pdf->mmgr, text, enc);
	return live(c, s, "String_New") < 0 ? -1 : ok(c, HPDF_Dict_Add(d, key, s), "Dict_Add");
}

/* A figure: its alternative text and, as layout attributes, where it is (PDF 1.7 §14.8.5.4:
 * BBox for an illustration on one page). */
static int figure_attrs(struct ctx *c, struct elem *e, const struct doc_node *n)
{
	if (add_text(c, e->d, "Alt", n->alt) < 0)
		return -1;
	long i = c->tag.head[n->id];
	const struct mark *m = &c->tag.marks[i];
	if (m->next >= 0 || !(m->x1 > m->x0 && m->y1 > m->y0))
		return 0;
	HPDF_Dict a;
	HPDF_Array bb = NULL;
	if (attr_name(c, e->d, "Layout", "Placement", "Block", &a) < 0)
		return -1;
	bb = HPDF_Array_New(c->pdf->mmgr);
	if (live(c, bb, "Array_New") < 0 || ok(c, HPDF_Dict_Add(a, "BBox", bb), "Dict_Add"))
		return -1;
	const double v[4] = {m->x0, m->y0, m->x1, m->y1};
	for (int k = 0; k < 4; k++)
		if (ok(c, HPDF_Array_AddReal(bb, (HPDF_REAL)v[k]), "Array_AddReal"))
			return -1;
	return 0;
}

/* The table of contents: its title as Caption, then one TOCI per line holding a Link with
 * the line's text, its page number and the link annotation. */
static int toc_elems(struct ctx *c, struct elem *toc, const struct doc_node *n)
{
	struct tagging *t = &c->tag;
	int lines = -1;
	for (long i = t->head[n->id]; i >= 0; i = t->marks[i].next)
		if (t->marks[i].line > lines)
			lines = t->marks[i].line;
	for (size_t i = 0; i < t->n_links; i++)
		if (t->links[i].node == n && t->links[i].line > lines)
			lines = t->links[i].line;
	struct elem cap, item, link;
	for (long i = t->head[n->id]; i >= 0; i = t->marks[i].next)
		if (t->marks[i].line == -1) {
			if (new_elem(c, toc, NULL, "Caption", &cap) < 0 || add_marks(c, &cap, n, -1) < 0)
				return -1;
			break;
		}
	for (int l = 0; l <= lines; l++) {
		if (new_elem(c, toc, NULL, "TOCI", &item) < 0 ||
		    new_elem(c, &item, NULL, "Link", &link) < 0 || add_marks(c, &link, n, l) < 0)
			return -1;
		for (size_t i = 0; i < t->n_links; i++)
			if (t->links[i].node == n && t->links[i].line == l &&
			    add_objr(c, &link, &t->links[i]) < 0)
				return -1;
	}
	return 0;
}

/* The element of node n and its descendants, under parent; nodes that nothing on the
 * pages shows are left out (a table keeps its empty cells). */
static int build_elem(struct ctx *c, struct elem *parent, const struct doc_node *n)
{
	struct tagging *t = &c->tag;
	if (n->kind == DOC_VALUE || n->kind == DOC_PAGEBREAK || n->id > t->max_id)
		return 0;
	if (t->in_subtree[n->id] == 0 && n->kind != DOC_CELL && n->kind != DOC_TOC)
		return 0;
	if (n->kind == DOC_TOC && t->in_subtree[n->id] == 0) {
		int any = 0;
		for (size_t i = 0; i < t->n_links; i++)
			any |= t->links[i].node == n;
		if (!any)
			return 0;
	}
	struct elem e, sub;
	if (new_elem(c, parent, NULL, struct_type(n), &e) < 0)
		return -1;
	switch (n->kind) {
	case DOC_TOC: return toc_elems(c, &e, n);
	case DOC_TABLE:
		if (t->head[n->id] >= 0 &&
		    (new_elem(c, &e, NULL, "Caption", &sub) < 0 || add_marks(c, &sub, n, -2) < 0))
			return -1;
		break;
	case DOC_ITEM:
		if (new_elem(c, &e, NULL, "LBody", &sub) < 0 || add_marks(c, &sub, n, -2) < 0)
			return -1;
		break;
	case DOC_CELL:
		if (n->scope != DOC_SCOPE_NONE &&
		    attr_name(c, e.d, "Table", "Scope", n->scope == DOC_SCOPE_COL ? "Column" : "Row",
			      NULL) < 0)
			return -1;
		if (add_marks(c, &e, n, -2) < 0)
			return -1;
		break;
	case DOC_FIGURE:
		if (t->head[n->id] >= 0 && figure_attrs(c, &e, n) < 0)
			return -1;
		if (add_marks(c, &e, n, -2) < 0)
			return -1;
		break;
	default:
		if (add_marks(c, &e, n, -2) < 0)
			return -1;
		break;
	}
	for (const struct doc_node *k = n->first_child; k; k = k->next)
		if (build_elem(c, &e, k) < 0)
			return -1;
	return 0;
}

static const char *pdf_lang(const char *lang)
{
	if (!lang || !*lang || strcmp(lang, "sv") == 0)
		return "sv-SE";
	return lang;
}

/* The parent tree: for each page the elements of its MCIDs in order, then each link
 * annotation's Link element. */
static int parent_tree(struct ctx *c, HPDF_Dict root)
{
	struct tagging *t = &c->tag;
	HPDF_MMgr mm = c->pdf->mmgr;
	HPDF_Dict pt = HPDF_Dict_New(mm);
	HPDF_Array nums = HPDF_Array_New(mm);
	if (live(c, pt, "Dict_New") < 0 || ok(c, HPDF_Dict_Add(root, "ParentTree", pt), "Dict_Add") ||
	    live(c, nums, "Array_New") < 0 || ok(c, HPDF_Dict_Add(pt, "Nums", nums), "Dict_Add"))
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < c->doc->n_pages; i++) {
		HPDF_Array a = HPDF_Array_New(mm);
		if (ok(c, HPDF_Array_AddNumber(nums, (HPDF_INT32)i), "Array_AddNumber") ||
		    live(c, a, "Array_New") < 0 || ok(c, HPDF_Array_Add(nums, a), "Array_Add") ||
		    ok(c, HPDF_Dict_AddNumber(c->pages[i], "StructParents", (HPDF_INT32)i),
		       "Dict_AddNumber") ||
		    ok(c, HPDF_Dict_AddName(c->pages[i], "Tabs", "S"), "Dict_AddName"))
			return -1;
		for (; m < t->n_marks && t->marks[m].page == (int)i; m++)
			if (!t->marks[m].elem)
				return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
						"tagging: MCID %d of page %zu has no element",
						t->marks[m].mcid, i + 1);
			else if (ok(c, HPDF_Array_Add(a, t->marks[m].elem), "Array_Add"))
				return -1;
	}
	for (size_t i = 0; i < t->n_links; i++) {
		HPDF_INT32 key = (HPDF_INT32)(c->doc->n_pages + i);
		if (ok(c, HPDF_Dict_AddNumber(t->links[i].annot, "StructParent", key),
		       "Dict_AddNumber") ||
		    ok(c, HPDF_Array_AddNumber(nums, key), "Array_AddNumber") ||
		    ok(c, HPDF_Array_Add(nums, t->links[i].elem), "Array_Add"))
			return -1;
	}
	return ok(c, HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
					 (HPDF_INT32)(c->doc->n_pages + t->n_links)),
		  "Dict_AddNumber");
}

/* The structure tree from the document tree (in its order), content without a node and
 * links outside the table of contents after it; the catalog entries of a tagged PDF. */
static int put_structure(struct ctx *c)
{
	struct tagging *t = &c->tag;
	HPDF_MMgr mm = c->pdf->mmgr;
	HPDF_Dict cat = c->pdf->catalog;
	HPDF_Dict root = HPDF_Dict_New(mm);
	if (live(c, root, "Dict_New") < 0 || ok(c, HPDF_Xref_Add(c->pdf->xref, root), "Xref_Add") ||
	    ok(c, HPDF_Dict_AddName(root, "Type", "StructTreeRoot"), "Dict_AddName"))
		return -1;
	struct elem doc, e;
	if (new_elem(c, NULL, root, "Document", &doc) < 0 ||
	    ok(c, HPDF_Dict_Add(root, "K", doc.d), "Dict_Add"))
		return -1;
	if (t->root)
		for (const struct doc_node *k = t->root->first_child; k; k = k->next)
			if (build_elem(c, &doc, k) < 0)
				return -1;
	for (size_t i = 0; i < t->n_marks; i++)
		if (!t->marks[i].node &&
		    (new_elem(c, &doc, NULL, "P", &e) < 0 || add_mcr(c, &e, &t->marks[i]) < 0))
			return -1;
	for (size_t i = 0; i < t->n_links; i++)
		if (!t->links[i].elem &&
		    (new_elem(c, &doc, NULL, "Link", &e) < 0 || add_objr(c, &e, &t->links[i]) < 0))
			return -1;
	if (parent_tree(c, root) < 0)
		return -1;

	HPDF_Dict mi = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);
	if (live(c, mi, "Dict_New") < 0 || live(c, vp, "Dict_New") < 0 ||
	    ok(c, HPDF_Dict_Add(cat, "MarkInfo", mi), "Dict_Add") ||
	    ok(c, HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE), "Dict_AddBoolean") ||
	    ok(c, HPDF_Dict_Add(cat, "StructTreeRoot", root), "Dict_Add") ||
	    ok(c, HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, pdf_lang(c->doc->lang), NULL)),
	       "Dict_Add") ||
	    ok(c, HPDF_Dict_Add(cat, "ViewerPreferences", vp), "Dict_Add") ||
	    ok(c, HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE), "Dict_AddBoolean"))
		return -1;
	return 0;
}

static int put_link(struct ctx *c, HPDF_Page p, int page, const struct lay_item *it)
{
	HPDF_Destination dst = dest_at(c, it->target_page, it->target_y);
	if (!dst)
		return -1;
	HPDF_Rect r;
	r.left = (HPDF_REAL)it->x;
	r.bottom = (HPDF_REAL)(c->page_h - it->y - it->h);
	r.right = (HPDF_REAL)(it->x + it->w);
	r.top = (HPDF_REAL)(c->page_h - it->y);
	HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(p, r, dst);
	if (live(c, a, "CreateLinkAnnot") < 0)
		return -1;
	if (c->tag.on) {
		mark_link(c, page, a, it);
		if (add_text(c, a, "Contents", link_text(c, it)) < 0)
			return -1;
	}
	/* /F 4: printed like the page (PDF/A forbids hidden or unprinted annotations). */
	return ok(c, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), "LinkAnnot_SetBorderStyle") ||
		       ok(c, HPDF_Dict_AddNumber(a, "F", 4), "Dict_AddNumber")
		   ? -1
		   : 0;
}

/* 1 when text item k of page i is a line of a paragraph or list item that the next line
 * continues, below it or at the top of the next page (layout breaks lines only at spaces): it
 * then ends with the space the break took, so that the structure's text (what a screen reader
 * reads) has "under sommaren", not "undersommaren". The space is not seen. */
static int line_goes_on(const struct lay_doc *doc, size_t i, size_t k)
{
	const struct lay_item *a = &doc->pages[i].items[k], *b = NULL;
	size_t bj = i;
	if (!a->node || a->role != LAY_CONTENT || !a->text || !*a->text ||
	    a->text[strlen(a->text) - 1] == ' ' ||
	    (a->node->kind != DOC_PARAGRAPH && a->node->kind != DOC_ITEM))
		return 0;
	/* the next content of this page, else the first of the next page */
	for (size_t j = i; j < doc->n_pages && j <= i + 1 && !b; j++)
		for (size_t m = j == i ? k + 1 : 0; m < doc->pages[j].n_items && !b; m++)
			if (doc->pages[j].items[m].role == LAY_CONTENT &&
			    doc->pages[j].items[m].kind != LAY_LINK)
				b = &doc->pages[j].items[m], bj = j;
	return b && b->kind == LAY_TEXT && b->node == a->node && (bj > i || b->y > a->y + 0.5);
}

static int put_page(struct ctx *c, size_t i)
{
	const struct lay_page *lp = &c->doc->pages[i];
	HPDF_Page p = c->pages[i];
	double H = c->page_h;
	c->tag.next_mcid = 0;
	for (size_t k = 0; k < lp->n_items; k++) {
		const struct lay_item *it = &lp->items[k];
		int rc = 0;
		if (c->tag.on && it->kind != LAY_LINK &&
		    !(it->kind == LAY_TEXT && (!it->text || !*it->text)) &&
		    mc_item(c, p, (int)i, it) < 0)
			return -1;
		switch (it->kind) {
		case LAY_TEXT:
			if (c->tag.on && line_goes_on(c->doc, i, k)) {
				char *t = xasprintf("%s ", it->text);
				rc = put_text(c, p, it->x, H - it->y, it->style, it->size, it->rgb, t);
				free(t);
			} else
				rc = put_text(c, p, it->x, H - it->y, it->style, it->size, it->rgb,
					      it->text);
			break;
		case LAY_RECT:
			rc = put_rect(c, p, it->x, H - it->y - it->h, it->w, it->h, it->rgb);
			break;
		case LAY_LINE:
			rc = put_line(c, p, it->x, H - it->y, it->x + it->w, H - (it->y + it->h),
				      it->line_width, it->rgb);
			break;
		case LAY_CHART:
			rc = put_chart(c, p, it);
			break;
		case LAY_LINK:
			rc = put_link(c, p, (int)i, it);
			break;
		case LAY_IMAGE:
			rc = put_image(c, p, it);
			break;
		}
		if (rc < 0)
			return -1;
	}
	return c->tag.on ? mc_close(c, p) : 0;
}

static int put_outlines(struct ctx *c)
{
	const struct lay_doc *doc = c->doc;
	if (doc->n_outlines == 0)
		return 0;
	HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
	if (live(c, enc, "GetEncoder") < 0)
		return -1;
	HPDF_Outline parent[MAX_OUTLINE_DEPTH];
	int last = -1;
	for (size_t i = 0; i < doc->n_outlines; i++) {
		const struct lay_outline *o = &doc->outlines[i];
		/* A level can only go one deeper than the one before it. */
		int lvl = o->level < 0 ? 0 : o->level;
		if (lvl > last + 1)
			lvl = last + 1;
		if (lvl >= MAX_OUTLINE_DEPTH)
			lvl = MAX_OUTLINE_DEPTH - 1;
		const char *title = o->title ? o->title : "";
		if (!utf8_valid(title, strlen(title)))
			return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0, "outline title not UTF-8");
		HPDF_Outline ol = HPDF_CreateOutline(c->pdf, lvl ? parent[lvl - 1] : NULL, title, enc);
		if (live(c, ol, "CreateOutline") < 0)
			return -1;
		if (outline_dest(c, ol, o->page, o->y) < 0 ||
		    ok(c, HPDF_Outline_SetOpened(ol, lvl == 0 ? HPDF_TRUE : HPDF_FALSE),
		       "Outline_SetOpened"))
			return -1;
		parent[lvl] = ol;
		last = lvl;
	}
	return ok(c, HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE), "SetPageMode");
}

static int put_info(struct ctx *c)
{
	const struct lay_doc *doc = c->doc;
	const struct {
		HPDF_InfoType type;
		const char *value;
	} info[] = {
		{HPDF_INFO_TITLE, doc->title},       {HPDF_INFO_AUTHOR, doc->author},
		{HPDF_INFO_SUBJECT, doc->subject},   {HPDF_INFO_KEYWORDS, doc->keywords},
		{HPDF_INFO_CREATOR, doc->creator},
	};
	for (size_t i = 0; i < sizeof(info) / sizeof(info[0]); i++) {
		const char *v = info[i].value;
		if (!v || !*v)
			continue;
		if (!utf8_valid(v, strlen(v)))
			return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
					"document information is not UTF-8");
		if (ok(c, HPDF_SetInfoAttr(c->pdf, info[i].type, v), "SetInfoAttr"))
			return -1;
	}

	/* Never the clock: the same page model must give the same bytes (SPEC §5). */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (!sde || !*sde)
		return 0;
	char *end;
	errno = 0;
	long long t = strtoll(sde, &end, 10);
	if (errno || *end || t < 0 || t > 253402300799LL) /* up to 9999-12-31 */
		return diag_set(c->d, DIAG_EX_CONFIG, NULL, 0, 0,
				"SOURCE_DATE_EPOCH is not a number of seconds since 1970: '%s'", sde);
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return diag_set(c->d, DIAG_EX_CONFIG, NULL, 0, 0, "SOURCE_DATE_EPOCH out of range");
	HPDF_Date dt;
	memset(&dt, 0, sizeof(dt));
	dt.year = tm.tm_year + 1900;
	dt.month = tm.tm_mon + 1;
	dt.day = tm.tm_mday;
	dt.hour = tm.tm_hour;
	dt.minutes = tm.tm_min;
	dt.seconds = tm.tm_sec;
	/* +00'00', not Z: libharu 2.3.0 writes "Z00'00'", which PDF/A validators reject. */
	dt.ind = '+';
	snprintf(c->xmp_date, sizeof(c->xmp_date), "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
		 dt.year, dt.month, dt.day, dt.hour, dt.minutes, dt.seconds);
	if (ok(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, dt), "SetInfoDateAttr") ||
	    ok(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, dt), "SetInfoDateAttr"))
		return -1;
	return 0;
}

/* The code points a font draws: the union over the styles that share it. NULL when none. */
static unsigned char *drawn_by(struct ctx *c, HPDF_Font font)
{
	unsigned char *all = NULL;
	for (int st = 0; st < FONT__N; st++) {
		if (c->font[st] != font || !c->drawn[st])
			continue;
		if (!all)
			all = xcalloc(N_BMP / 8, 1);
		for (size_t i = 0; i < N_BMP / 8; i++)
			all[i] |= c->drawn[st][i];
	}
	return all;
}

static int is_drawn(const unsigned char *bits, uint32_t cp)
{
	return (bits[cp >> 3] & (0x80 >> (cp & 7))) != 0;
}

/* Code points a ToUnicode map may name: no controls, surrogates or non-characters. */
static int mappable(uint32_t cp)
{
	return cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F) && !(cp >= 0xD800 && cp <= 0xDFFF) &&
	       cp != 0xFEFF && cp != 0xFFFE && cp != 0xFFFF;
}

/* The first (up to) max bytes of memory stream s, malloc'd; NULL with the diag filled. */
static unsigned char *stream_copy(struct ctx *c, HPDF_Stream s, size_t max, size_t *len)
{
	size_t size = s->size < max ? s->size : max;
	unsigned char *data = xmalloc(size ? size : 1);
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(s);
	*len = 0;
	for (HPDF_UINT k = 0; k < nbuf && *len < size; k++) {
		HPDF_UINT n = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, k, &n);
		if (live(c, p, "MemStream_GetBufPtr") < 0) {
			free(data);
			return NULL;
		}
		if (n > size - *len)
			n = (HPDF_UINT)(size - *len);
		memcpy(data + *len, p, n);
		*len += n;
	}
	return data;
}

/* libharu's CIDToGIDMap lists the glyph of every code point up to U+FFFE (128 KiB a font,
 * 8 KB compressed), but only the codes drawn are ever looked up: the map ends at the highest
 * (PDF 1.7 §9.7.4.2 asks for 2 bytes per CID used; ISO 19005-1 §6.3.3 only that the map be
 * there). */
static int cut_gid_map(struct ctx *c, HPDF_Font font, const unsigned char *bits)
{
	HPDF_Dict m = ((HPDF_FontAttr)font->attr)->map_stream;
	if (!m || !m->stream || m->stream->type != HPDF_STREAM_MEMORY)
		return 0;
	uint32_t top = 0;
	for (uint32_t cp = 0; cp < N_BMP; cp++)
		if (is_drawn(bits, cp))
			top = cp;
	size_t len;
	unsigned char *head = stream_copy(c, m->stream, 2 * ((size_t)top + 1), &len);
	if (!head)
		return -1;
	HPDF_MemStream_FreeData(m->stream);
	int rc = ok(c, HPDF_Stream_Write(m->stream, head, (HPDF_UINT)len), "Stream_Write");
	free(head);
	return rc;
}

/* libharu stores its encoding CMap (begincidrange, Ordering Identity-H) as /ToUnicode. Its
 * UTF-8 encoder writes each BMP code point as the 2-byte code, so the real map sends each
 * drawn code to itself (Adobe TN #5014/#5411: bfchar only). */
static int put_to_unicode(struct ctx *c, HPDF_Font font, const unsigned char *bits)
{
	HPDF_Dict cm = ((HPDF_FontAttr)font->attr)->cmap_stream;
	if (!cm || !cm->stream)
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
				"libharu: the font has no ToUnicode stream to correct");
	static const char *const drop[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
	for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		(void)HPDF_Dict_RemoveElement(cm, drop[i]); /* absent is fine */
	HPDF_MemStream_FreeData(cm->stream);

	struct sbuf b = {0};
	sbuf_add(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	uint32_t block[100];
	size_t n = 0;
	for (uint32_t cp = 0; cp <= N_BMP; cp++) {
		if (cp < N_BMP && is_drawn(bits, cp) && mappable(cp))
			block[n++] = cp;
		if (n == 100 || (cp == N_BMP && n > 0)) {
			sbuf_printf(&b, "%zu beginbfchar\n", n);
			for (size_t k = 0; k < n; k++)
				sbuf_printf(&b, "<%04X> <%04X>\n", (unsigned)block[k],
					    (unsigned)block[k]);
			sbuf_add(&b, "endbfchar\n");
			n = 0;
		}
	}
	sbuf_add(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	int rc = ok(c, HPDF_Stream_Write(cm->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len),
		    "Stream_Write");
	sbuf_free(&b);
	return rc;
}

/* PDF/A-1 wants CapHeight and, for a subset, a CIDSet in the CID font's descriptor, which
 * libharu creates only while saving. Its own before-write function is run here first (it
 * builds the descriptor and the subset once; the save then finds them made) and the two
 * entries are added. CIDSet lists CID 0 and the drawn codes: the glyphs the subset keeps. */
static int put_descriptor(struct ctx *c, HPDF_Font font, const unsigned char *bits)
{
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	if (!font->before_write_fn || ok(c, font->before_write_fn(font), "font before_write") ||
	    !def || !def->descriptor)
		return c->d->code ? -1 : hfail(c, "font descriptor");
	HPDF_Dict desc = def->descriptor;
	HPDF_INT32 cap = def->cap_height ? def->cap_height : def->ascent;
	if (ok(c, HPDF_Dict_AddNumber(desc, "CapHeight", cap), "Dict_AddNumber"))
		return -1;

	size_t len = 1;
	for (uint32_t cp = 0; cp < N_BMP; cp++)
		if (is_drawn(bits, cp))
			len = cp / 8 + 1;
	unsigned char *set = xcalloc(len, 1);
	memcpy(set, bits, len);
	set[0] |= 0x80; /* CID 0, .notdef, is always in the font */
	HPDF_Dict st = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
	int rc = live(c, st, "DictStream_New");
	if (rc == 0) {
		st->filter = font->filter;
		rc = ok(c, HPDF_Stream_Write(st->stream, set, (HPDF_UINT)len), "Stream_Write") ||
			     ok(c, HPDF_Dict_Add(desc, "CIDSet", st), "Dict_Add")
			 ? -1
			 : 0;
	}
	free(set);
	return rc;
}

static int zip_ahead(struct ctx *c, HPDF_Stream s);

/* A font's streams, finished: compressed while the structure tree is built. */
static int zip_font(struct ctx *c, HPDF_Font font)
{
	HPDF_FontAttr a = (HPDF_FontAttr)font->attr;
	HPDF_Dict desc = a->fontdef ? a->fontdef->descriptor : NULL;
	HPDF_Dict st[4] = {a->cmap_stream, a->map_stream, NULL, NULL};
	if (desc) { /* made by put_descriptor (PDF/A); else while saving */
		st[2] = HPDF_Dict_GetItem(desc, "FontFile2", HPDF_OCLASS_DICT);
		st[3] = HPDF_Dict_GetItem(desc, "CIDSet", HPDF_OCLASS_DICT);
	}
	for (int i = 0; i < 4; i++)
		if (st[i] && zip_ahead(c, st[i]->stream) < 0)
			return -1;
	return 0;
}

static int put_fonts(struct ctx *c, int pdfa)
{
	for (int st = 0; st < FONT__N; st++) {
		HPDF_Font font = c->font[st];
		int first = 1;
		for (int o = 0; o < st; o++)
			if (c->font[o] == font)
				first = 0;
		if (!font || !first)
			continue;
		unsigned char *bits = drawn_by(c, font);
		if (!bits)
			bits = xcalloc(N_BMP / 8, 1); /* loaded, nothing drawn: an empty map */
		int rc = put_to_unicode(c, font, bits);
		if (rc == 0)
			rc = cut_gid_map(c, font, bits);
		if (rc == 0 && pdfa)
			rc = put_descriptor(c, font, bits);
		free(bits);
		if (rc < 0 || zip_font(c, font) < 0)
			return -1;
	}
	return 0;
}

/* Text for XML: escaped, and without the characters XML 1.0 cannot hold. */
static void xml_text(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '&')
			sbuf_add(b, "&amp;");
		else if (ch == '<')
			sbuf_add(b, "&lt;");
		else if (ch == '>')
			sbuf_add(b, "&gt;");
		else if (ch == '"')
			sbuf_add(b, "&quot;");
		else if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
			sbuf_addc(b, (char)ch);
	}
}

static void xmp_prop(struct sbuf *b, const char *name, const char *value, const char *wrap)
{
	if (!value || !*value)
		return;
	sbuf_printf(b, "<%s>", name);
	if (strcmp(wrap, "Alt") == 0)
		sbuf_add(b, "<rdf:Alt><rdf:li xml:lang=\"x-default\">");
	else if (strcmp(wrap, "Seq") == 0)
		sbuf_add(b, "<rdf:Seq><rdf:li>");
	xml_text(b, value);
	if (strcmp(wrap, "Alt") == 0)
		sbuf_add(b, "</rdf:li></rdf:Alt>");
	else if (strcmp(wrap, "Seq") == 0)
		sbuf_add(b, "</rdf:li></rdf:Seq>");
	sbuf_printf(b, "</%s>\n", name);
}

/* XMP with the same values as the document information (PDF/A-1 §6.7.3), written here
 * because libharu's does not escape them. It claims PDF/A-1b and nothing else. */
static int put_xmp(struct ctx *c)
{
	const struct lay_doc *doc = c->doc;
	struct sbuf b = {0};
	sbuf_add(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		     "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		     "<dc:format>application/pdf</dc:format>\n");
	xmp_prop(&b, "dc:title", doc->title, "Alt");
	xmp_prop(&b, "dc:creator", doc->author, "Seq");
	xmp_prop(&b, "dc:description", doc->subject, "Alt");
	sbuf_add(&b, "</rdf:Description>\n"
		     "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	xmp_prop(&b, "pdf:Producer", HPDF_GetInfoAttr(c->pdf, HPDF_INFO_PRODUCER), "");
	xmp_prop(&b, "pdf:Keywords", doc->keywords, "");
	sbuf_add(&b, "</rdf:Description>\n"
		     "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	xmp_prop(&b, "xmp:CreatorTool", doc->creator, "");
	xmp_prop(&b, "xmp:CreateDate", c->xmp_date, "");
	xmp_prop(&b, "xmp:ModifyDate", c->xmp_date, "");
	xmp_prop(&b, "xmp:MetadataDate", c->xmp_date, "");
	sbuf_add(&b, "</rdf:Description>\n"
		     "<rdf:Description rdf:about=\"\" "
		     "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		     "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		     "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
	/* Unfiltered: PDF/A-1 forbids a Filter on the metadata stream. */
	HPDF_Dict m = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
	int rc = live(c, m, "DictStream_New");
	if (rc == 0 &&
	    (ok(c, HPDF_Dict_AddName(m, "Type", "Metadata"), "Dict_AddName") ||
	     ok(c, HPDF_Dict_AddName(m, "Subtype", "XML"), "Dict_AddName") ||
	     ok(c, HPDF_Stream_Write(m->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len),
		"Stream_Write") ||
	     ok(c, HPDF_Dict_Add(c->pdf->catalog, "Metadata", m), "Dict_Add")))
		rc = -1;
	sbuf_free(&b);
	return rc;
}

/* Every colour is DeviceRGB; an sRGB output intent gives it a meaning (PDF/A-1 §6.2.2). */
static int put_output_intent(struct ctx *c)
{
	HPDF_MMgr mm = c->pdf->mmgr;
	HPDF_Dict icc = HPDF_DictStream_New(mm, c->pdf->xref);
	if (live(c, icc, "DictStream_New") < 0)
		return -1;
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Dict oi = HPDF_Dict_New(mm);
	HPDF_Array arr = HPDF_Array_New(mm);
	if (live(c, oi, "Dict_New") < 0 || live(c, arr, "Array_New") < 0)
		return -1;
	const char *name = "sRGB IEC61966-2.1";
	if (ok(c, HPDF_Dict_AddNumber(icc, "N", 3), "Dict_AddNumber") ||
	    ok(c, HPDF_Stream_Write(icc->stream, pdf_srgb_icc, (HPDF_UINT)pdf_srgb_icc_len),
	       "Stream_Write") ||
	    ok(c, HPDF_Dict_AddName(oi, "Type", "OutputIntent"), "Dict_AddName") ||
	    ok(c, HPDF_Dict_AddName(oi, "S", "GTS_PDFA1"), "Dict_AddName") ||
	    ok(c, HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, name, NULL)),
	       "Dict_Add") ||
	    ok(c, HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, name, NULL)), "Dict_Add") ||
	    ok(c, HPDF_Dict_Add(oi, "DestOutputProfile", icc), "Dict_Add") ||
	    ok(c, HPDF_Array_Add(arr, oi), "Array_Add") ||
	    ok(c, HPDF_Dict_Add(c->pdf->catalog, "OutputIntents", arr), "Dict_Add"))
		return -1;
	return 0;
}

static void hash_str(struct sha256 *h, const char *s)
{
	/* with its NUL, so that ("ab", "c") and ("a", "bc") differ */
	sha256_update(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* The trailer /ID: a hash of what the document shows (page contents, images, information,
 * date), so that the same input gives the same bytes and another input another ID. */
static int put_id(struct ctx *c)
{
	const struct lay_doc *doc = c->doc;
	for (size_t i = 0; i < doc->n_pages; i++) {
		HPDF_Stream s = ((HPDF_PageAttr)c->pages[i]->attr)->stream;
		HPDF_UINT nbuf = s ? HPDF_MemStream_GetBufCount(s) : 0;
		for (HPDF_UINT k = 0; k < nbuf; k++) {
			HPDF_UINT len = 0;
			HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, k, &len);
			if (live(c, p, "MemStream_GetBufPtr") < 0)
				return -1;
			sha256_update(&c->id, p, len);
		}
		sha256_update(&c->id, "\n", 1);
	}
	const char *info[] = {doc->title,    doc->author,  doc->subject,
			      doc->keywords, doc->creator, c->xmp_date};
	for (size_t i = 0; i < sizeof(info) / sizeof(info[0]); i++)
		hash_str(&c->id, info[i]);
	unsigned char h[SHA256_LEN];
	sha256_final(&c->id, h);
	HPDF_MMgr mm = c->pdf->mmgr;
	HPDF_Array id = HPDF_Array_New(mm);
	if (live(c, id, "Array_New") < 0 ||
	    ok(c, HPDF_Array_Add(id, HPDF_Binary_New(mm, h, 16)), "Array_Add") ||
	    ok(c, HPDF_Array_Add(id, HPDF_Binary_New(mm, h, 16)), "Array_Add") ||
	    ok(c, HPDF_Dict_Add(c->pdf->trailer, "ID", id), "Dict_Add"))
		return -1;
	return 0;
}

/* The standard to write: the options', unless TRYGG_PDF_STANDARD says otherwise (a switch
 * for measuring what PDF/A costs; doc/pdf.md). */
static int pick_standard(const struct pdf_options *opt, enum pdf_standard *out, struct diag *d)
{
	*out = opt ? opt->standard : PDF_A1B;
	const char *e = getenv("TRYGG_PDF_STANDARD");
	if (!e || !*e)
		return 0;
	if (strcmp(e, "none") == 0)
		*out = PDF_PLAIN;
	else if (strcmp(e, "pdfa-1b") == 0)
		*out = PDF_A1B;
	else
		return diag_set(d, DIAG_EX_CONFIG, NULL, 0, 0,
				"TRYGG_PDF_STANDARD is '%s' — use pdfa-1b (default) or none", e);
	return 0;
}

/* Tagged unless TRYGG_PDF_TAGGED=no (a switch for measuring what tagging costs). */
static int pick_tagged(int *on, struct diag *d)
{
	const char *e = getenv("TRYGG_PDF_TAGGED");
	*on = 1;
	if (!e || !*e || strcmp(e, "yes") == 0)
		return 0;
	if (strcmp(e, "no") == 0) {
		*on = 0;
		return 0;
	}
	return diag_set(d, DIAG_EX_CONFIG, NULL, 0, 0,
			"TRYGG_PDF_TAGGED is '%s' — use yes (default) or no", e);
}

/* Hands a copy of finished stream s to the compression ahead of the save (pdf_int.h). */
static int zip_ahead(struct ctx *c, HPDF_Stream s)
{
	if (!s || s->type != HPDF_STREAM_MEMORY)
		return 0;
	size_t len;
	unsigned char *data = stream_copy(c, s, SIZE_MAX, &len);
	if (!data)
		return -1;
	pdf_zip_add(c->zip, s, data, len);
	return 0;
}

static int take_bytes(struct ctx *c, unsigned char **buf, size_t *len)
{
	if (ok(c, HPDF_SaveToStream(c->pdf), "SaveToStream"))
		return -1;
	HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
	if (size == 0)
		return hfail(c, "GetStreamSize");
	if (ok(c, HPDF_ResetStream(c->pdf), "ResetStream"))
		return -1;
	unsigned char *out = xmalloc(size);
	HPDF_UINT32 got = 0;
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(c->pdf, out + got, &n);
		got += n;
		if (st == HPDF_STREAM_EOF || n == 0)
			break;
		if (ok(c, st, "ReadFromStream")) {
			free(out);
			return -1;
		}
	}
	if (got != size) {
		free(out);
		return diag_set(c->d, DIAG_EX_SOFTWARE, NULL, 0, 0,
				"libharu gave %u of %u bytes", (unsigned)got, (unsigned)size);
	}
	*buf = out;
	*len = size;
	return 0;
}

int pdf_render(const struct lay_doc *doc, const struct fonts *f, const struct pdf_options *opt,
	       unsigned char **buf, size_t *len, struct diag *d)
{
	*buf = NULL;
	*len = 0;
	struct pdf_prep *prep = opt ? opt->prep : NULL;
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.f = f;
	c.d = d;
	c.dpi = opt && opt->chart_dpi > 0 ? opt->chart_dpi : DEFAULT_DPI;
	c.vector = opt && opt->vector_charts;
	sha256_init(&c.id);
	enum pdf_standard std;
	if (pick_standard(opt, &std, d) < 0 || pick_tagged(&c.tag.on, d) < 0) {
		pdf_prep_free(prep);
		return -1;
	}
	double W = doc->width > 0 ? doc->width : A4_W;
	c.page_h = doc->height > 0 ? doc->height : A4_H;
	int rc = -1;

	if (doc->n_pages == 0) {
		pdf_prep_free(prep);
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "the document has no pages");
	}
	if (doc_for(&c, prep) < 0)
		goto fail;
	c.zip = pdf_zip_new();

	if (c.tag.on)
		tag_init(&c);
	/* Every page exists before any is drawn, so that links can point forward. */
	c.pages = xcalloc(doc->n_pages, sizeof(*c.pages));
	for (size_t i = 0; i < doc->n_pages; i++) {
		c.pages[i] = HPDF_AddPage(c.pdf);
		if (live(&c, c.pages[i], "AddPage") ||
		    ok(&c, HPDF_Page_SetWidth(c.pages[i], (HPDF_REAL)W), "Page_SetWidth") ||
		    ok(&c, HPDF_Page_SetHeight(c.pages[i], (HPDF_REAL)c.page_h), "Page_SetHeight"))
			goto fail;
	}
	/* each page's content is compressed while the next are drawn */
	for (size_t i = 0; i < doc->n_pages; i++)
		if (put_page(&c, i) < 0 || zip_ahead(&c, ((HPDF_PageAttr)c.pages[i]->attr)->stream) < 0)
			goto fail;
	if (put_outlines(&c) < 0 || put_info(&c) < 0 || put_fonts(&c, std == PDF_A1B) < 0 ||
	    (c.tag.on && put_structure(&c) < 0))
		goto fail;
	if (std == PDF_A1B) {
		/* PDF/A-1 is based on PDF 1.4; libharu would write 1.3. */
		if (c.pdf->pdf_version < HPDF_VER_14)
			c.pdf->pdf_version = HPDF_VER_14;
		if (put_output_intent(&c) < 0 || put_xmp(&c) < 0 || put_id(&c) < 0)
			goto fail;
	}
	pdf_zip_use(c.zip);
	int taken = take_bytes(&c, buf, len);
	pdf_zip_use(NULL);
	if (taken < 0)
		goto fail;
	rc = 0;
fail:
	pdf_zip_free(c.zip);
	for (int st = 0; st < FONT__N; st++)
		free(c.drawn[st]);
	free(c.pages);
	tag_free(&c.tag);
	HPDF_Free(c.pdf);
	return rc;
}
