/* util.c - allocation, arenas, string buffers, UTF-8 and Swedish number formatting. */
/* sched_getaffinity and CPU_COUNT (how many CPUs this process may use) are GNU extensions */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void oom(size_t n)
{
	fprintf(stderr, "trygg: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need < *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c <= need) {
		if (c > SIZE_MAX / 2 / size)
			oom(SIZE_MAX);
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	return sbuf_take(&b);
}

/* ---- arena ---- */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

#define ARENA_BLOCK (64 * 1024)

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		/* A large one-off allocation goes behind the current block so that the rest of
		 * the current block stays usable. */
		if (a->head && n > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* ---- sbuf ---- */

static void sbuf_reserve(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		b->data = xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_addn(b, &c, 1);
}

void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	sbuf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

const char *sbuf_str(struct sbuf *b)
{
	return b->data ? b->data : "";
}

char *sbuf_take(struct sbuf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void sbuf_free(struct sbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ---- UTF-8 ---- */

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* fast path for ASCII */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return 0;
		i += l;
	}
	return 1;
}

void utf8_encode(struct sbuf *b, uint32_t cp)
{
	char t[4];
	size_t n;
	if (cp < 0x80) {
		t[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sbuf_addn(b, t, n);
}

/* Lower-cases and strips accents from the Latin-1 supplement range that Swedish data uses. */
static uint32_t fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		c += 32; /* Latin-1 upper → lower */
	switch (c) {
	case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE4: case 0xE5: return 'a';
	case 0xE7: return 'c';
	case 0xE8: case 0xE9: case 0xEA: case 0xEB: return 'e';
	case 0xEC: case 0xED: case 0xEE: case 0xEF: return 'i';
	case 0xF1: return 'n';
	case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF6: case 0xF8: return 'o';
	case 0xF9: case 0xFA: case 0xFB: case 0xFC: return 'u';
	case 0xFD: case 0xFF: return 'y';
	case 0xE6: return 'a'; /* æ */
	default: return c;
	}
}

static int fold_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-' || c == '_' ||
	       c == '.' || c == 0xA0 || c == 0x202F || c == 0x2013 || c == 0x2212;
}

char *util_fold(const char *s)
{
	struct sbuf b = {0};
	size_t n = strlen(s), i = 0;
	int pending_space = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			cp = 0xFFFD;
			l = 1;
		}
		i += l;
		if (fold_space(cp)) {
			pending_space = b.len > 0;
			continue;
		}
		if (pending_space) {
			sbuf_addc(&b, ' ');
			pending_space = 0;
		}
		utf8_encode(&b, fold_cp(cp));
	}
	return sbuf_take(&b);
}

/* ---- Swedish number formatting ---- */

#define NBSP "\xC2\xA0"
#define MINUS "\xE2\x88\x92"

void util_fmt_int(char *buf, size_t size, int64_t v)
{
	char digits[32];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int nd = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
	struct sbuf b = {0};
	if (v < 0)
		sbuf_add(&b, MINUS);
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			sbuf_add(&b, NBSP);
		sbuf_addc(&b, digits[i]);
	}
	snprintf(buf, size, "%s", sbuf_str(&b));
	sbuf_free(&b);
}

void util_fmt_hundredths(char *buf, size_t size, int64_t v, int plain, char sep)
{
	char n[48];
	if (plain)
		snprintf(n, sizeof(n), "%lld", (long long)(v / 100));
	else
		util_fmt_int(n, sizeof(n), v / 100);
	if (v % 100 == 0)
		snprintf(buf, size, "%s", n);
	else if (v % 10 == 0)
		snprintf(buf, size, "%s%c%lld", n, sep, (long long)(v % 100 / 10));
	else
		snprintf(buf, size, "%s%c%02lld", n, sep, (long long)(v % 100));
}

void util_fmt_kr(char *buf, size_t size, int64_t ore)
{
	/* round half away from zero to whole kronor */
	int64_t kr = ore >= 0 ? (ore + 50) / 100 : -((-ore + 50) / 100);
	char num[48];
	util_fmt_int(num, sizeof(num), kr);
	snprintf(buf, size, "%s" NBSP "kr", num);
}

void util_fmt_pct_change(char *buf, size_t size, int64_t base, int64_t now)
{
	if (base == 0) {
		snprintf(buf, size, "\xE2\x80\x93"); /* en dash: no percentage from zero */
		return;
	}
	/* rounded to whole percent, half away from zero, in integer arithmetic */
	int64_t diff = now - base;
	uint64_t a = (uint64_t)(diff < 0 ? -diff : diff) * 100;
	uint64_t b = (uint64_t)(base < 0 ? -base : base);
	int64_t pct = (int64_t)((2 * a + b) / (2 * b));
	if ((diff < 0) != (base < 0))
		pct = -pct;
	char num_s[48];
	util_fmt_int(num_s, sizeof(num_s), pct);
	snprintf(buf, size, "%s%s" NBSP "%%", pct > 0 ? "+" : "", num_s);
}

/* ---- control characters in output ---- */

static size_t ctl_len(const unsigned char *p)
{
	if (*p < 0x20 || *p == 0x7F)
		return 1;
	if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
		return 2; /* C1 controls: U+009B is a CSI on many terminals */
	return 0;
}

int util_has_ctl(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (ctl_len(p))
			return 1;
	return 0;
}

char *util_escape_ctl(const char *s)
{
	struct sbuf b = {0};
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		size_t k = ctl_len(p);
		if (!k) {
			sbuf_addc(&b, (char)*p++);
			continue;
		}
		unsigned v = k == 2 ? p[1] : *p;
		switch (v) {
		case '\n': sbuf_add(&b, "\\n"); break;
		case '\r': sbuf_add(&b, "\\r"); break;
		case '\t': sbuf_add(&b, "\\t"); break;
		case 0x1B: sbuf_add(&b, "\\e"); break;
		default: sbuf_printf(&b, k == 2 ? "\\u%04x" : "\\x%02x", v); break;
		}
		p += k;
	}
	return sbuf_take(&b);
}

/* ---- files ---- */

int util_open_regular(const char *path, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		*why = strerror(e);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		*why = S_ISFIFO(st.st_mode)  ? "a FIFO (named pipe), not a regular file"
		       : S_ISSOCK(st.st_mode) ? "a socket, not a regular file"
		       : S_ISCHR(st.st_mode)  ? "a character device, not a regular file"
		       : S_ISBLK(st.st_mode)  ? "a block device, not a regular file"
		       : S_ISDIR(st.st_mode)  ? "a folder, not a regular file"
					      : "not a regular file";
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	/* a regular file never blocks; reads below expect the ordinary mode */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

size_t util_read_chunk(int fd, size_t max)
{
	struct stat st;
	size_t min = 4096 < max ? 4096 : max;
	if (fstat(fd, &st) < 0 || st.st_size < 0 || (uintmax_t)st.st_size >= max - 2)
		return max;
	size_t n = (size_t)st.st_size + 2;
	return n < min ? min : n;
}

int util_read_file(const char *path, char **data, size_t *len)
{
	int fd = util_open_regular(path, NULL);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

char *util_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *util_path_join(const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
		return xstrdup(rel);
	/* "out/" and "out" give the same path: no "out//x.pdf" in messages or the manifest */
	size_t n = strlen(dir);
	while (n > 0 && dir[n - 1] == '/')
		n--; /* "/" keeps none: the root gives "/x.pdf" */
	return xasprintf("%.*s/%s", (int)n, dir, rel);
}

char *util_data_dir(const char *sub)
{
	const char *env = getenv("TRYGG_DATADIR");
	if (env && env[0])
		return util_path_join(env, sub);
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = util_dirname(exe);
		/* build/<type>/trygg and tests run from the tree: walk up to three levels */
		for (int up = 0; up < 4; up++) {
			char *cand = util_path_join(dir, sub);
			struct stat st;
			if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode)) {
				free(dir);
				return cand;
			}
			free(cand);
			char *parent = util_dirname(dir);
			free(dir);
			dir = parent;
		}
		free(dir);
	}
	return util_path_join(TRYGG_DATADIR, sub);
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* An existing output that is not a regular file (/dev/stdout, a terminal, a FIFO with a
 * reader) is written in place: renaming over it would replace the system's node with a
 * plain file. 1 when written, 0 when path is (or will be) a regular file, -1 on error. */
static int write_in_place(const char *path, const void *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		return 0;
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EEXIST; /* a socket or block device */
		return -1;
	}
	/* a FIFO without a reader fails with ENXIO instead of hanging the run */
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (write_all(fd, data, len) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd) < 0 ? -1 : 1;
}

int util_write_atomic(const char *path, const void *data, size_t len)
{
	int in_place = write_in_place(path, data, len);
	if (in_place != 0)
		return in_place < 0 ? -1 : 0;
	/* a symbolic link to a file stays a link: the file it names is replaced */
	struct stat lst;
	char *real = NULL;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		char target[4096];
		ssize_t tn = readlink(path, target, sizeof(target) - 1);
		if (tn > 0) {
			target[tn] = '\0';
			char *dir = util_dirname(path);
			real = target[0] == '/' ? xstrdup(target) : util_path_join(dir, target);
			free(dir);
		}
	}
	static _Thread_local int depth; /* a loop of links ends in an error, not a crash */
	if (real && depth > 8) {
		free(real);
		errno = ELOOP;
		return -1;
	}
	if (real) {
		depth++;
		int rc = util_write_atomic(real, data, len);
		depth--;
		int e = errno;
		free(real);
		errno = e;
		return rc;
	}
	char *dir = util_dirname(path);
	char *tmp = xasprintf("%s/.trygg-tmp-XXXXXX", dir);
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		errno = e;
		return -1;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail:;
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = e;
	return -1;
}

uint64_t util_hash_seed;

void util_hash_init(void)
{
	uint64_t seed = 0;
	/* without entropy (a very early boot) the hash is merely unseeded, never wrong */
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed))
		seed = 0;
	util_hash_seed = seed;
}

/* ---- memory in huge pages (util.h) ---- */

#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && UINTPTR_MAX > 0xFFFFFFFFu && \
	!defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define UTIL_HUGEPAGES 1
#define HUGE_SIZE ((uintptr_t)2 << 20)
/* glibc's HEAP_MAX_SIZE on 64-bit systems: each thread arena lies in a mapping of its own,
 * aligned to this, with the arena's header at its start */
#define ARENA_ALIGN ((uintptr_t)64 << 20)
#endif

#ifdef UTIL_HUGEPAGES
/* blocks that fill the first 2 MiB of a heap or arena, never touched: kept here so that leak
 * checkers see them as reachable */
static void *volatile huge_skip[64]; /* volatile: never read, yet kept */
static size_t n_huge_skip;
static pthread_mutex_t huge_mu = PTHREAD_MUTEX_INITIALIZER;
static uintptr_t main_heap_lo; /* where util_heap_hugepages marked the heap, 0: not done */

/* A huge page is only ever made for a 2 MiB part with nothing in it yet, and a heap's first
 * part already holds its header: one block, never touched (address space, not memory), takes
 * the rest of that part, so that everything after starts where huge pages can be made. */
static void skip_first_part(uintptr_t from, uintptr_t part_end)
{
	if (from < part_end && part_end - from <= HUGE_SIZE && part_end - from > 4096 &&
	    n_huge_skip < 64)
		huge_skip[n_huge_skip++] = malloc(part_end - from + 64); /* past the end a little */
}
#endif

int util_heap_hugepages(void)
{
#ifdef UTIL_HUGEPAGES
	/* allocations up to 4 MiB stay on the heap (instead of a mapping of their own each,
	 * faulted page by page and unmapped when freed: a deflate state per PDF stream), freed
	 * memory is kept for reuse, and the heap grows 32 MiB at a time */
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 32 << 20);
	/* the break moved up to a 2 MiB boundary first: the few hundred KiB skipped are address
	 * space only (glibc takes a break moved by someone else in its stride) */
	char *b0 = sbrk(0);
	if (b0 == (char *)-1)
		return 0;
	uintptr_t lo = ((uintptr_t)b0 + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	if (sbrk((intptr_t)(lo - (uintptr_t)b0)) == (void *)-1)
		return 0;
	/* the heap grows by this and the pad, in one step (volatile: a malloc/free pair that is
	 * not used would be left out by the compiler) */
	void *volatile grow = malloc(256 << 10);
	free(grow);
	char *b1 = sbrk(0);
	if (b1 == (char *)-1)
		return 0;
	uintptr_t hi = (uintptr_t)b1 & ~(HUGE_SIZE - 1);
	if (hi <= lo + HUGE_SIZE || madvise((void *)lo, hi - lo, MADV_HUGEPAGE) != 0)
		return 0; /* not glibc's own heap growing by brk: a sanitizer's or valgrind's */
	pthread_mutex_lock(&huge_mu);
	main_heap_lo = lo;
	skip_first_part(lo, lo + HUGE_SIZE); /* the heap's free part begins at lo */
	pthread_mutex_unlock(&huge_mu);
	return 1;
#else
	return 0;
#endif
}

void util_thread_hugepages(void)
{
#ifdef UTIL_HUGEPAGES
	static uintptr_t done[64];
	static size_t n_done;
	char *p = malloc(64);
	if (!p)
		return;
	uintptr_t at = (uintptr_t)p, base = at & ~(ARENA_ALIGN - 1);
	pthread_mutex_lock(&huge_mu);
	/* the main arena (below the break), or nothing set up: nothing to do */
	int seen = !main_heap_lo || at < (uintptr_t)sbrk(0);
	for (size_t i = 0; i < n_done && !seen; i++)
		seen = done[i] == base;
	if (!seen && n_done < 64) {
		done[n_done++] = base;
		/* the arena's mapping past its first 2 MiB (an address outside any mapping would
		 * only make madvise fail) */
		if (madvise((void *)(base + HUGE_SIZE), ARENA_ALIGN - HUGE_SIZE, MADV_HUGEPAGE) == 0)
			skip_first_part(at, base + HUGE_SIZE); /* a new arena: p came from its top */
	}
	pthread_mutex_unlock(&huge_mu);
	free(p);
#endif
}

int util_threads(void)
{
	long n = 0;
	const char *v = getenv("TRYGG_THREADS");
	if (v && *v)
		n = strtol(v, NULL, 10);
	if (n <= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		n = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set)
								 : sysconf(_SC_NPROCESSORS_ONLN);
	}
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
