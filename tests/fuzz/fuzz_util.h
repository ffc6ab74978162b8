/* fuzz_util.h - what the libFuzzer targets share: the input written to a file (the readers
 * open files themselves) and the row callback that checks what the ingest readers deliver. */
#ifndef TRYGG_FUZZ_UTIL_H
#define TRYGG_FUZZ_UTIL_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"

/* Writes the input to path, which the target owns; a failure is the harness's, not the
 * input's, so it aborts. The file stays open between inputs (one path per target): a
 * write and a truncate instead of fopen, a stdio buffer and fclose per input. The input
 * overwrites the last one and the file is cut to its size after: truncating to 0 first
 * freed the tmpfs page for the write to allocate and clear again. */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	static int fd = -1;
	static size_t last = (size_t)-1;
	static char open_path[4096];
	if (fd < 0 || strcmp(open_path, path) != 0) {
		if (fd >= 0)
			close(fd);
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0 || strlen(path) >= sizeof(open_path))
			abort();
		strcpy(open_path, path);
		last = (size_t)-1;
	}
	for (size_t done = 0; done < size;) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	if (size < last && ftruncate(fd, (off_t)size) != 0)
		abort();
	last = size;
}

static char fuzz_tmp_path[64];

/* Where the inputs are written: tmpfs (/dev/shm) when there is one. Writing and reopening
 * the input is most of what a small input costs; on a disk-backed /tmp it was several times
 * slower. */
static inline const char *fuzz_tmp_dir(void)
{
	return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

static inline void fuzz_remove_tmp(void)
{
	unlink(fuzz_tmp_path);
}

/* A per-process file /tmp/trygg-fuzz-TAG-PID, removed at exit. */
static inline const char *fuzz_tmp(const char *tag)
{
	if (!fuzz_tmp_path[0]) {
		snprintf(fuzz_tmp_path, sizeof(fuzz_tmp_path), "%s/trygg-fuzz-%s-%d", fuzz_tmp_dir(),
			 tag, (int)getpid());
		atexit(fuzz_remove_tmp);
	}
	return fuzz_tmp_path;
}

/* The input as a NUL-terminated string the caller frees (value parsers take strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Touches every byte a reader delivers (so ASan sees a bad one) and checks the promises
 * normalize relies on: lengths equal strlen, lines are positive. */
static inline int fuzz_touch_row(void *ctx, const struct ingest_row *row)
{
	size_t *sum = ctx;
	for (int f = 0; f < PF__N; f++) {
		size_t n = row->field[f] ? strlen(row->field[f]) : 0;
		if (row->len[f] != n)
			abort();
		*sum += n;
	}
	if (row->error)
		*sum += strlen(row->error);
	if (row->line <= 0)
		abort();
	return 0;
}

#endif
