/* pdf_int.h - what the PDF writer's files (pdf.c, pdf_zip.c) share; nothing else includes
 * it. */
#ifndef TRYGG_PDF_INT_H
#define TRYGG_PDF_INT_H

#include <stddef.h>

/* libharu's own definition of name (the next one after this program's), for the tests that
 * compare it with the replacement (pdf_libharu_loops); aborts when libharu has none. */
void *pdf_own(void **cache, const char *name);

/* Threads the PDF writer may use at once: TRYGG_THREADS when set (1: no thread is started,
 * the same work is done inline), else the CPUs this process may run on. */
int pdf_threads(void);

/* The memory of one libharu document (pdf_mem.c): blocks from which pdf_mem_alloc() and
 * pdf_mem_release(), libharu's allocator, serve the document of the pdf_mem in use on this
 * thread (pdf_mem_use(), which returns the one in use before); with none in use they are
 * malloc and free. pdf_mem_touch() writes to each free page of the first block (on the
 * thread that prepares the document, until pdf_mem_stop() from another): the first write to
 * a page is what costs. pdf_mem_release() takes any pointer pdf_mem_alloc() gave, on any
 * thread, as long as its pdf_mem is not freed; it does nothing for memory of a block. */
struct pdf_mem;
struct pdf_mem *pdf_mem_new(size_t size);
void pdf_mem_touch(struct pdf_mem *m);
void pdf_mem_stop(struct pdf_mem *m);
size_t pdf_mem_used(const struct pdf_mem *m);
void pdf_mem_free(struct pdf_mem *m);
struct pdf_mem *pdf_mem_use(struct pdf_mem *m);
void *pdf_mem_alloc(unsigned size);
void pdf_mem_release(void *ptr);

/* Streams compressed ahead of the save (pdf_zip.c). pdf_zip_add() hands over a copy of a
 * finished stream's bytes (data, from pdf_mem_alloc(); z releases it), which a worker thread compresses
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
