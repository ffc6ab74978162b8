/* html.h - document tree → one self-contained HTML5 file: the accessible sibling of the
 * PDF (`trygg report --html`), written from the same tree as the PDF, never from the pages.
 *
 * What it writes: <html lang> from the tree, the cover as a banner with the title as h1,
 * the table of contents as a nav, sections as h2 and sub-headings as h3 (no level skipped),
 * paragraphs, lists, key-figure tiles, tables with <caption> and <th scope>, every chart as
 * inline SVG drawn from the tree's own chart scene with <title> and <desc> (compose's
 * alternative text), the logo as a PNG data: URI. Screen and print CSS in the file; no
 * script, no external resource; the same tree gives the same bytes. doc/html.md says more.
 *
 * Ownership: borrows its arguments; html_render appends to the caller's sbuf. */
#ifndef TRYGG_HTML_H
#define TRYGG_HTML_H

#include "compose.h"
#include "diag.h"
#include "font.h"
#include "util.h"

/* Writes the HTML of tree to out. fonts measure chart text, so that a label in another
 * font keeps the width the chart was laid out for. -1 with d set when the logo cannot be
 * encoded. */
int html_render(const struct doc *tree, const struct fonts *fonts, struct sbuf *out,
		struct diag *d);

/* "bjuv-2018-07.pdf" → "bjuv-2018-07.html" (any other name gets ".html" appended). Caller
 * frees. */
char *html_file_name(const char *pdf_name);

#endif
