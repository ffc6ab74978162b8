/* pdf.h - page model → PDF bytes with libharu (the only file that includes hpdf.h).
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

struct pdf_options {
	double chart_dpi; /* raster charts; default 200 */
	int vector_charts;
	enum pdf_standard standard;
};

int pdf_render(const struct lay_doc *doc, const struct fonts *f, const struct pdf_options *opt,
	       unsigned char **buf, size_t *len, struct diag *d);

/* Tests only: not 0 makes pdf.c's faster replacements of three libharu loops call libharu's
 * own instead, so that a test can compare the bytes both give. */
extern int pdf_libharu_loops;

#endif
