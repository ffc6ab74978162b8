/* pdf_mem.c - the memory of one libharu document (pdf_int.h, doc/pdf.md "Memory touched
 * ahead").
 *
 * On the 2-core machine the reports are measured on, the first write to a fresh 4 KiB page
 * costs about 10 µs (a page fault in a virtual machine); libharu allocates a document's
 * thousands of small objects one by one, so a 10 k-row report's PDF spent about 6 ms of its
 * main thread in page faults. A document's memory therefore comes from blocks of its own:
 * the first is touched, page by page, by the thread that prepares the document (pdf_prep)
 * while the report is still being composed; pdf_render then finds it ready. libharu frees
 * nothing of it one by one (its free function does nothing for memory of a block); the
 * blocks go when the document is done. Every allocation carries a header that says where it
 * came from, so that memory is always given back to the allocator that made it, on any
 * thread. */
#include "pdf_int.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

#define HEADER 16 /* keeps malloc's 16-byte alignment */
#define FROM_BLOCK UINT64_C(0x74727967672d6d31) /* "trygg-m1" */
#define FROM_MALLOC UINT64_C(0x74727967672d6d32)
#define MIN_BLOCK ((size_t)1 << 20)

struct block {
	struct block *next;
	size_t size; /* of the mapping, this header included */
};

struct pdf_mem {
	struct block *blocks; /* the current first */
	char *next, *end;     /* its free space */
	atomic_int stop;      /* pdf_mem_touch() is to return */
};

static _Thread_local struct pdf_mem *current;

static struct block *map_block(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct block *b = p;
	b->size = size;
	b->next = NULL;
	return b;
}

static void add_block(struct pdf_mem *m, struct block *b)
{
	b->next = m->blocks;
	m->blocks = b;
	m->next = (char *)b + ((sizeof(*b) + HEADER - 1) / HEADER * HEADER);
	m->end = (char *)b + b->size;
}

struct pdf_mem *pdf_mem_new(size_t size)
{
	struct pdf_mem *m = xcalloc(1, sizeof(*m));
	atomic_init(&m->stop, 0);
	long page = sysconf(_SC_PAGESIZE);
	size_t pg = page > 0 ? (size_t)page : 4096;
	if (size < MIN_BLOCK)
		size = MIN_BLOCK;
	size = (size + pg - 1) / pg * pg;
	struct block *b = map_block(size);
	if (b)
		add_block(m, b);
	return m;
}

void pdf_mem_touch(struct pdf_mem *m)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t pg = page > 0 ? (size_t)page : 4096;
	if (!m->next)
		return;
	/* only the free space past m->next, which nothing uses until the caller hands m over */
	uintptr_t a = ((uintptr_t)m->next + pg - 1) / pg * pg;
	for (volatile char *p = (char *)a; p < m->end; p += pg) {
		if (atomic_load_explicit(&m->stop, memory_order_relaxed))
			break;
		*p = 0;
	}
}

void pdf_mem_stop(struct pdf_mem *m)
{
	if (m)
		atomic_store_explicit(&m->stop, 1, memory_order_relaxed);
}

size_t pdf_mem_used(const struct pdf_mem *m)
{
	size_t n = 0;
	for (const struct block *b = m->blocks; b; b = b->next)
		n += b == m->blocks ? (size_t)(m->next - (const char *)b) : b->size;
	return n;
}

void pdf_mem_free(struct pdf_mem *m)
{
	if (!m)
		return;
	for (struct block *b = m->blocks, *next; b; b = next) {
		next = b->next;
		munmap(b, b->size);
	}
	free(m);
}

struct pdf_mem *pdf_mem_use(struct pdf_mem *m)
{
	struct pdf_mem *was = current;
	current = m;
	return was;
}

/* Under AddressSanitizer every allocation is malloc's, so that it checks libharu's. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECKED 1
#endif
#endif

void *pdf_mem_alloc(unsigned size)
{
#ifdef CHECKED
	struct pdf_mem *m = NULL;
#else
	struct pdf_mem *m = current;
#endif
	size_t need = ((size_t)size + HEADER + HEADER - 1) / HEADER * HEADER;
	char *p = NULL;
	if (m) {
		if (!m->next || (size_t)(m->end - m->next) < need) {
			size_t bs = need + HEADER + sizeof(struct block) > MIN_BLOCK
					    ? need + HEADER + sizeof(struct block)
					    : MIN_BLOCK;
			struct block *b = map_block(bs);
			if (b)
				add_block(m, b);
		}
		if (m->next && (size_t)(m->end - m->next) >= need) {
			p = m->next;
			m->next += need;
			*(uint64_t *)p = FROM_BLOCK;
			return p + HEADER;
		}
	}
	p = malloc((size_t)size + HEADER);
	if (!p)
		return NULL; /* libharu reports it (HPDF_FAILD_TO_ALLOC_MEM) */
	*(uint64_t *)p = FROM_MALLOC;
	return p + HEADER;
}

void pdf_mem_release(void *ptr)
{
	if (!ptr)
		return;
	char *p = (char *)ptr - HEADER;
	uint64_t from = *(uint64_t *)p;
	if (from == FROM_MALLOC)
		free(p);
	else if (from != FROM_BLOCK)
		abort(); /* not ours: memory is corrupt */
}
