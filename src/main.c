/* main.c - trygg's entry point: argv → command table → exit code. */
#include "cli.h"
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Memory in huge pages where the system offers them on request (Linux's transparent huge
 * pages in "madvise" mode, Debian's default). A report touches its memory once, in many
 * small allocations: on the virtual machines trygg was measured on, a first touch of a 4 KiB
 * page cost 11 µs and a 2 MiB page 150 µs, so the 2 100 page faults of a 10 k-row report
 * were a third of its time (README.md, "Performance"). glibc's main heap is grown once here by a
 * large pad and that range is marked for huge pages; allocations up to 4 MiB stay on the
 * heap (instead of a fresh mapping each, faulted page by page and unmapped on free), and
 * freed memory is kept for reuse rather than handed back. Only the layout of memory
 * changes, never a result; without glibc or MADV_HUGEPAGE this does nothing. */
static void *volatile heap_skipped; /* kept, so that leak checkers see it is not lost */

static void heap_in_huge_pages(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	const uintptr_t huge = (uintptr_t)2 << 20;
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 32 << 20);
	/* the break moved up to a 2 MiB boundary, so that the heap's next part starts on one:
	 * the few hundred KiB skipped are address space only, never touched (glibc takes a
	 * break moved by someone else in its stride and goes on from there) */
	char *b0 = sbrk(0);
	if (b0 == (char *)-1)
		return;
	uintptr_t lo = ((uintptr_t)b0 + huge - 1) & ~(huge - 1);
	if (sbrk((intptr_t)(lo - (uintptr_t)b0)) == (void *)-1)
		return;
	/* the heap grows by this and the pad, in one step (volatile: a malloc/free pair that
	 * is not used would be left out by the compiler) */
	void *volatile grow = malloc(256 << 10);
	free(grow);
	char *b1 = sbrk(0);
	if (b1 == (char *)-1)
		return;
	uintptr_t hi = (uintptr_t)b1 & ~(huge - 1);
	if (hi <= lo + huge || madvise((void *)lo, hi - lo, MADV_HUGEPAGE) != 0)
		return;
	/* The first 2 MiB already hold a 4 KiB page (the heap's header, written before the
	 * range could be marked), and a huge page is only ever made where none is: that part
	 * is taken by one block that is never touched (address space, not memory), so that
	 * everything after starts in the next 2 MiB. Left allocated on purpose. */
	heap_skipped = malloc(huge - 64);
#endif
}

int main(int argc, char **argv)
{
	heap_in_huge_pages();
	return cli_main(argc, argv);
}
