#!/bin/sh
# Runs unit test binaries given as arguments; prints cmocka's output.
fail=0
for t in "$@"; do "$t" || fail=1; done
exit $fail
