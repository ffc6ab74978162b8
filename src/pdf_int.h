/* pdf_int.h - what the PDF writer's files (pdf.c, pdf_zip.c) share; nothing else includes
 * it. */
#ifndef TRYGG_PDF_INT_H
#define TRYGG_PDF_INT_H

#include <stddef.h>

/* libharu's own definition of name (the next one after this program's), for the tests that
 * compare it with the replacement (pdf_libharu_loops); aborts when libharu has none. */
void *pdf_own(void **cache, const char *name);


/* Streams compressed ahead of the save (pdf_zip.c). pdf_zip_add() hands over a copy of a
 * finished stream's bytes (data, malloc'd; z frees it), which a worker thread compresses
 * while the caller goes on (without a worker it is compressed when the save asks for it);
 * between pdf_zip_use(z) and pdf_zip_use(NULL), libharu's deflate on this thread writes
 * the compressed bytes of a stream whose bytes are still the ones handed over, and
 * compresses anything else itself. The result is the same bytes either way. */
struct pdf_zip;
struct pdf_zip *pdf_zip_new(void);
void pdf_zip_add(struct pdf_zip *z, const void *stream, unsigned char *data, size_t len);
void pdf_zip_use(struct pdf_zip *z);
void pdf_zip_free(struct pdf_zip *z);

#endif
