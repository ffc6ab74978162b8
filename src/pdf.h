/* pdf.h - page model → PDF bytes with libharu (pdf.c and pdf_zip.c, the only files that
 * include hpdf.h).
 * Tagged PDF/A-1b (structure tree from the items' tree nodes; TRYGG_PDF_TAGGED=no leaves it
 * out, for measuring); UTF-8 TrueType fonts embedded as subsets with a ToUnicode map; charts painted as raw RGB (never PNG) or drawn as
 * vectors; outlines, links, document information; no dates unless SOURCE_DATE_EPOCH is set,
 * so that the same page model gives the same bytes.
 *
 * Ownership: pdf_render() returns a buffer the caller frees with free(). */
#ifndef TRYGG_PDF_H
#define TRYGG_PDF_H

#include <stddef.h>

#include "diag.h"
#include "font.h"
#include "layout.h"

/* PDF/A-1b by default (doc/pdf.md); PDF_PLAIN leaves out the output intent, XMP, document
 * ID and font descriptor entries, for measuring what they cost. The environment variable
 * TRYGG_PDF_STANDARD=none|pdfa-1b overrides the option. */
enum pdf_standard { PDF_A1B, PDF_PLAIN };

/* A libharu document with the fonts loaded, made ahead on a thread of its own (pdf.c,
 * doc_new): started when the fonts are known, it runs while the report is composed and laid
 * out. With TRYGG_THREADS=1, or one CPU, no thread is started and pdf_render() makes the
 * document itself: the same bytes either way. */
struct pdf_prep;
struct pdf_prep *pdf_prep_start(const struct fonts *f);
/* Frees one that no pdf_render() took (waits for its thread). NULL is fine. */
void pdf_prep_free(struct pdf_prep *p);

struct pdf_options {
	double chart_dpi; /* raster charts; default 200 */
	int vector_charts;
	enum pdf_standard standard;
	/* pdf_prep_start(f)'s document for this render, or NULL; pdf_render() takes it over
	 * (and frees it) in every case, also when it fails */
	struct pdf_prep *prep;
};

int pdf_render(const struct lay_doc *doc, const struct fonts *f, const struct pdf_options *opt,
	       unsigned char **buf, size_t *len, struct diag *d);

/* Tests only: pdf.c's replacements of libharu functions call libharu's own instead, so
 * that a test can compare what both give: PDF_OWN_LOOPS the three loops (the glyph lookup,
 * the byte copy and fill: the same bytes), PDF_OWN_DEFLATE the compression (zlib's instead
 * of libdeflate's: other bytes, the same inflated streams). */
enum { PDF_OWN_LOOPS = 1, PDF_OWN_DEFLATE = 2 };
extern int pdf_libharu_loops;

#endif
