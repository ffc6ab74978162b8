/* sanitizer_options.c - AddressSanitizer defaults for every fuzz target (linked into each by
 * the Makefile); ASAN_OPTIONS in the environment still overrides them, so a crash can be
 * replayed with the full defaults.
 *
 * With ASan's defaults most of an XML target's time went to the allocator rather than to
 * the input: a freed block waits in a 256 MiB quarantine before it is used again, so nearly
 * every malloc took fresh memory (a page fault and, up to 4 KiB, the 0xbe fill of a cold
 * page), and every 5 s the free memory went back to the kernel to be faulted in again.
 * One execution allocates well under a megabyte and frees all of it (the sample
 * configuration with its five profiles: 1 827 blocks, 104 KiB), so a 2 MiB quarantine still
 * holds every block a use-after-free within the execution could touch, several executions
 * over. Smaller than 16 MiB, it keeps the blocks a malloc takes back in the cache: the
 * allocator's own time was mostly misses on the block's header and shadow, and
 * fuzz_config used about a quarter less CPU time per execution with 2 MiB than with 16
 * (1 and 2 MiB the same, 4 MiB in between; measured on one corpus with a fixed seed). */
const char *__asan_default_options(void);

__attribute__((used, visibility("default"))) const char *__asan_default_options(void)
{
	return "quarantine_size_mb=2:allocator_release_to_os_interval_ms=-1";
}
