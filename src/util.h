/* util.h - allocation that aborts on out-of-memory, arenas, string buffers, UTF-8 helpers.
 *
 * Ownership: x*alloc results are the caller's and are freed with free(). Memory from an
 * arena belongs to the arena and is released all at once by arena_free(). An sbuf owns its
 * data until sbuf_free() or sbuf_take() hands it to the caller. */
#ifndef TRYGG_UTIL_H
#define TRYGG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define UTIL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define UTIL_PRINTF(a, b)
#endif

/* Seed of util_hash, random per process (util_hash_init): the tables it serves hold values
 * from exports, and a fixed hash would let a hostile export be built to collide. Nothing
 * depends on the order of those tables (interned ids follow insertion order), so output
 * stays byte-identical from run to run. 0 until initialised, which is still correct. */
extern uint64_t util_hash_seed;
void util_hash_init(void);

/* Memory in transparent huge pages where the system gives them on request (Linux's THP in
 * "madvise" mode, Debian's default). A report touches its memory once, in many small
 * allocations; on the virtual machines trygg was measured on, a first touch of a 4 KiB page
 * cost 11 us and of a 2 MiB page 150 us, so page faults were a third of a small report's
 * time (README, "Performance"). Only where memory lies changes, never a result.
 * util_heap_hugepages: glibc's main heap, from main() before anything else; returns 1 when
 * it was done, 0 where it cannot be (another libc, a sanitizer's or valgrind's allocator).
 * util_thread_hugepages: the calling thread's own malloc arena, first thing in a thread
 * that allocates much; once per arena, harmless anywhere. */
/* Threads a run may use: TRYGG_THREADS when set (1 = the one-core path, for tests), else the
 * CPUs this process may run on (so `taskset -c 0` gives one); 1 to 64. */
int util_threads(void);

int util_heap_hugepages(void);
void util_thread_hugepages(void);

/* 32 well-spread bits of k, for a table that takes the low bits (h & (cap - 1)). A multiply
 * carries a bit only upwards: without the folds, keys that differ only in their high bits
 * (the last byte of a value: "Storgatan 1", "Storgatan 2") fell into neighbouring slots, and
 * 480 site names took 6 probes each on average (tests/unit checks the spread). */
static inline uint32_t util_mix(uint64_t k)
{
	k ^= k >> 32;
	k *= 0xD6E8FEB86659FD93ull;
	return (uint32_t)(k ^ k >> 32);
}

/* Hash of n bytes for the lookup tables of the ingest hot path (interned sites, name
 * caches): eight bytes per step instead of FNV's one, since it runs for several values of
 * every row. Not for anything stored. */
static inline uint32_t util_hash(const char *s, size_t n)
{
	uint64_t h = (0x9E3779B97F4A7C15ull ^ util_hash_seed) ^ n, w;
	/* The tail without a loop over its bytes, whose trip count varies from value to value
	 * and so is mispredicted: the last eight bytes (overlapping the words before), or two
	 * overlapping four-byte halves, or the first, middle and last of up to three bytes.
	 * The length is in h, so values of different length do not meet by the overlap. */
	if (n >= 8) {
		const char *end = s + n - 8;
		for (; s < end; s += 8) {
			memcpy(&w, s, 8);
			h = (h ^ w) * 0xFF51AFD7ED558CCDull;
			h ^= h >> 32;
		}
		memcpy(&w, end, 8);
	} else if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else {
		w = n ? (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n >> 1] << 8 |
				(unsigned char)s[n - 1]
		      : 0;
	}
	return util_mix((h ^ w) * 0xC4CEB9FE1A85EC53ull);
}

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of *cap elements of size `size` so that index `need` fits. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) UTIL_PRINTF(1, 2);

/* Bump allocator: many small allocations, one free. */
struct arena_block;
struct arena {
	struct arena_block *head;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* Growing NUL-terminated string. Zero-initialise before use. */
struct sbuf {
	char *data;
	size_t len, cap;
};
void sbuf_addn(struct sbuf *b, const char *s, size_t n);
void sbuf_add(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) UTIL_PRINTF(2, 3);
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap);
void sbuf_reset(struct sbuf *b);
const char *sbuf_str(struct sbuf *b); /* never NULL */
char *sbuf_take(struct sbuf *b);        /* caller frees; b is reset */
void sbuf_free(struct sbuf *b);

/* UTF-8. utf8_valid checks the whole buffer (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);
/* Decodes one code point at s (at most n bytes); returns its length, or 0 on bad input. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
void utf8_encode(struct sbuf *b, uint32_t cp);

/* Folds a name for matching: lower case, Swedish and common accents removed (å→a, ä→a, ö→o,
 * é→e …), runs of whitespace, '-', '_' and '.' collapsed to one space, trimmed. Result is
 * the caller's (free()). */
char *util_fold(const char *s);

/* Swedish number formatting into buf: thousands separated by U+00A0 (no-break space). */
void util_fmt_int(char *buf, size_t size, int64_t v);
/* A number given in hundredths with the decimals it needs: 13100 → "131", 1250 → "12,5",
 * 1234567 → "12 345,67"; sep is the decimal sign (',' Swedish, '.' English); plain: no
 * thousands spaces (CSV). */
void util_fmt_hundredths(char *buf, size_t size, int64_t v, int plain, char sep);
/* Kronor from öre, rounded to whole kronor: "1 234 kr" with no-break spaces. */
void util_fmt_kr(char *buf, size_t size, int64_t ore);
/* Change in percent, "−83 %" with U+2212 and a no-break space; "–" when base is 0. */
void util_fmt_pct_change(char *buf, size_t size, int64_t base, int64_t now);

/* Opens path for reading without blocking on it (O_NONBLOCK: a FIFO without a writer or a
 * device must not hang a run) and accepts only a regular file. Returns the fd, or -1 with
 * errno; *why (if not NULL) is then a sentence for the message ("a FIFO (named pipe), not
 * a regular file"), or strerror(errno) when open() itself failed. */
int util_open_regular(const char *path, const char **why);
/* How much to read at a time from the open file fd: its size and 2 (so the first read of a
 * small file already comes back short, at its end), at least 4 KiB and at most max. The
 * readers used to take max (64 KiB) for every file: a fresh allocation per file that a
 * small file never fills (the fuzzers' inputs are a few hundred bytes). */
size_t util_read_chunk(int fd, size_t max);

/* s with every control character (U+0000–U+001F, U+007F, and the C1 controls U+0080–U+009F)
 * written as a visible escape: \n, \r, \t, \e, else \xHH; a backslash stays one backslash.
 * For whatever goes to a terminal, log, CSV or text report from an export, a header cell,
 * a file name or an argument: no value can move the cursor, recolour the terminal or
 * forge a line of trygg's output. Caller frees. */
char *util_escape_ctl(const char *s);
/* 1 when s holds a character util_escape_ctl would escape. */
int util_has_ctl(const char *s);

/* Reads a whole file into a NUL-terminated buffer (caller frees). -1 with errno on failure;
 * only regular files are read (util_open_regular). */
int util_read_file(const char *path, char **data, size_t *len);
/* Directory part of path ("." if none); caller frees. */
char *util_dirname(const char *path);
/* Joins dir and rel unless rel is absolute; caller frees. */
char *util_path_join(const char *dir, const char *rel);

/* Folder of trygg's data (fonts/, templates/): $TRYGG_DATADIR/sub, else sub beside the
 * executable or up to three folders above it (the source tree), else TRYGG_DATADIR as built.
 * Caller frees. */
char *util_data_dir(const char *sub);
/* Writes data to a temporary file in path's folder, fsyncs and renames it over path, so a
 * failed run never leaves a half-written file. -1 with errno; the temporary is removed.
 * An existing path that is not a regular file is never replaced: a character device or
 * FIFO (/dev/stdout) is written in place, anything else is refused (EISDIR, EEXIST); a
 * symbolic link keeps pointing where it did and the file it names is replaced. */
int util_write_atomic(const char *path, const void *data, size_t len);

#define TRYGG_VERSION "0.1.0"

#ifndef TRYGG_DATADIR
#define TRYGG_DATADIR "/usr/local/share/trygg"
#endif

#endif
