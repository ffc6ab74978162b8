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

#endif
