/* pdf.c - writes the page model as PDF/A-1b with libharu: UTF-8 TrueType subsets with a real
 * ToUnicode map, raster or vector charts, links, outlines, document information and XMP
 * metadata. The only file that includes hpdf.h. doc/pdf.md says what is claimed and checked. */
#include "pdf.h"

#include <errno.h>
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

#include "paint.h"
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
	char xmp_date[96]; /* the document's date for XMP; empty without SOURCE_DATE_EPOCH */
	double page_h;
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

/* Fonts are loaded on first use: an unused bold face would still be embedded whole. */
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
	HPDF_Font font = HPDF_GetFont(c->pdf, name, "UTF-8");
	if (live(c, font, "GetFont") < 0)
		return NULL;
	return c->font[st] = font;
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

static int put_link(struct ctx *c, HPDF_Page p, const struct lay_item *it)
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
	/* /F 4: printed like the page (PDF/A forbids hidden or unprinted annotations). */
	return ok(c, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), "LinkAnnot_SetBorderStyle") ||
		       ok(c, HPDF_Dict_AddNumber(a, "F", 4), "Dict_AddNumber")
		   ? -1
		   : 0;
}

static int put_page(struct ctx *c, size_t i)
{
	const struct lay_page *lp = &c->doc->pages[i];
	HPDF_Page p = c->pages[i];
	double H = c->page_h;
	for (size_t k = 0; k < lp->n_items; k++) {
		const struct lay_item *it = &lp->items[k];
		int rc = 0;
		switch (it->kind) {
		case LAY_TEXT:
			rc = put_text(c, p, it->x, H - it->y, it->style, it->size, it->rgb, it->text);
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
			rc = put_link(c, p, it);
			break;
		case LAY_IMAGE:
			rc = put_image(c, p, it);
			break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
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
		if (rc == 0 && pdfa)
			rc = put_descriptor(c, font, bits);
		free(bits);
		if (rc < 0)
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
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.f = f;
	c.d = d;
	c.dpi = opt && opt->chart_dpi > 0 ? opt->chart_dpi : DEFAULT_DPI;
	c.vector = opt && opt->vector_charts;
	sha256_init(&c.id);
	enum pdf_standard std;
	if (pick_standard(opt, &std, d) < 0)
		return -1;
	double W = doc->width > 0 ? doc->width : A4_W;
	c.page_h = doc->height > 0 ? doc->height : A4_H;
	int rc = -1;

	if (doc->n_pages == 0)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "the document has no pages");
	c.pdf = HPDF_New(on_error, &c.err);
	if (!c.pdf)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "libharu: cannot create a document");
	if (ok(&c, HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL), "SetCompressionMode") ||
	    ok(&c, HPDF_UseUTFEncodings(c.pdf), "UseUTFEncodings") ||
	    /* Without this the document information is written as mojibake. */
	    ok(&c, HPDF_SetCurrentEncoder(c.pdf, "UTF-8"), "SetCurrentEncoder"))
		goto fail;

	/* Every page exists before any is drawn, so that links can point forward. */
	c.pages = xcalloc(doc->n_pages, sizeof(*c.pages));
	for (size_t i = 0; i < doc->n_pages; i++) {
		c.pages[i] = HPDF_AddPage(c.pdf);
		if (live(&c, c.pages[i], "AddPage") ||
		    ok(&c, HPDF_Page_SetWidth(c.pages[i], (HPDF_REAL)W), "Page_SetWidth") ||
		    ok(&c, HPDF_Page_SetHeight(c.pages[i], (HPDF_REAL)c.page_h), "Page_SetHeight"))
			goto fail;
	}
	for (size_t i = 0; i < doc->n_pages; i++)
		if (put_page(&c, i) < 0)
			goto fail;
	if (put_outlines(&c) < 0 || put_info(&c) < 0 || put_fonts(&c, std == PDF_A1B) < 0)
		goto fail;
	if (std == PDF_A1B) {
		/* PDF/A-1 is based on PDF 1.4; libharu would write 1.3. */
		if (c.pdf->pdf_version < HPDF_VER_14)
			c.pdf->pdf_version = HPDF_VER_14;
		if (put_output_intent(&c) < 0 || put_xmp(&c) < 0 || put_id(&c) < 0)
			goto fail;
	}
	if (take_bytes(&c, buf, len) < 0)
		goto fail;
	rc = 0;
fail:
	for (int st = 0; st < FONT__N; st++)
		free(c.drawn[st]);
	free(c.pages);
	HPDF_Free(c.pdf);
	return rc;
}
