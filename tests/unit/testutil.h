/* testutil.h - cmocka includes in the order cmocka needs, and small helpers for unit tests. */
#ifndef TRYGG_TESTUTIL_H
#define TRYGG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#ifndef TESTS_DIR
#define TESTS_DIR "tests"
#endif

/* A scratch folder for one test binary: tu_tmpdir_setup and tu_tmpdir_teardown are cmocka
 * group fixtures, tu_dir() its path, tu_put() writes n bytes to tu_dir()/name and returns the
 * path (a static buffer: one at a time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char *tu_dir(void)
{
	static char dir[64];
	return dir;
}

static inline int tu_tmpdir_setup(void **state)
{
	(void)state;
	snprintf(tu_dir(), 64, "/tmp/trygg-test-XXXXXX");
	return mkdtemp(tu_dir()) ? 0 : -1;
}

static inline int tu_tmpdir_teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tu_dir());
	return system(cmd) == 0 ? 0 : -1;
}

static inline const char *tu_put(const char *name, const void *bytes, size_t n)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", tu_dir(), name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	fclose(fp);
	return path;
}

#endif
