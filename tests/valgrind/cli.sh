# tests/valgrind/cli.sh - the commands a user runs, under valgrind: no memory errors and no
# definite leaks, worker processes of a batch included. Run by `make valgrind` (slow: not
# part of make check, whose ASan build covers the same paths).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"
# shellcheck disable=SC2086 # VG is a command with its options
expect_exit "report under valgrind" 0 $VG "$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/r" --charts-dir "$TMP/c"
expect_exit "report --lang en --per-department under valgrind" 0 $VG "$TRYGG" report -q -c "$S" --period sommar-2018 --lang en --per-department --mail-dir "$TMP/m" -o "$TMP/d"
expect_exit "monthly report under valgrind" 0 $VG "$TRYGG" report -q -c "$S" --template lagesbild --period 2018-07 -o "$TMP/r"
expect_exit "check --format json under valgrind" 0 $VG "$TRYGG" check -c "$S" --format json
expect_exit "stats under valgrind" 0 $VG "$TRYGG" stats -q -c "$S" --period 2018-07 --by weekday,category --format csv
expect_exit "batch -j 2 under valgrind" 0 $VG "$TRYGG" batch -q -c "$S" --monthly 2018-06..2018-07 --per-department -j 2 -o "$TMP/b"
expect_exit "a bad configuration under valgrind" 78 $VG "$TRYGG" check -c tests/data/cli/malformed.xml
