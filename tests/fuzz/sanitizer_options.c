/* sanitizer_options.c - AddressSanitizer defaults for every fuzz target (linked into each by
 * the Makefile); ASAN_OPTIONS in the environment still overrides them, so a crash can be
 * replayed with the full defaults.
 *
 * With ASan's defaults most of an XML target's time went to the allocator rather than to
 * the input: a freed block waits in a 256 MiB quarantine before it is used again, so nearly
 * every malloc took fresh memory (a page fault and, up to 4 KiB, the 0xbe fill of a cold
 * page), and every 5 s the free memory went back to the kernel to be faulted in again.
 * One execution allocates well under a megabyte and frees all of it, so a 16 MiB
 * quarantine still holds every block a use-after-free within the execution could touch. */
const char *__asan_default_options(void);

__attribute__((used, visibility("default"))) const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16:allocator_release_to_os_interval_ms=-1";
}
