/* pdf.h - page model → PDF bytes with libharu (the only file that includes hpdf.h).
 * UTF-8 TrueType fonts embedded as subsets; charts painted as raw RGB (never PNG) or drawn as
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

struct pdf_options {
	double chart_dpi; /* raster charts; default 200 */
	int vector_charts;
};

int pdf_render(const struct lay_doc *doc, const struct fonts *f, const struct pdf_options *opt,
	       unsigned char **buf, size_t *len, struct diag *d);

#endif
