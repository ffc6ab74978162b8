#!/bin/sh
# Runs every test: the unit test binaries in BUILD_DIR/tests, then the shell tests (command
# line, golden sample report). Prints one closing line "N passed, N failed" and exits non-zero
# if anything failed.
# usage: sh tests/run.sh BUILD_DIR      (TRYGG=path overrides the binary under test)
set -u
B=${1:-build/release}
cd "$(dirname "$0")/.." || exit 2
TRYGG=${TRYGG:-$PWD/trygg}
[ -x "$TRYGG" ] || TRYGG=$PWD/$B/trygg
export TRYGG B
pass=0 fail=0
log=$(mktemp)

run_valgrind() {
	if [ "${VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$@"
	else
		"$@"
	fi
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	run_valgrind "$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0} f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p)) fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $t"; cat "$log"
	else
		echo "ok   $t ($p tests)"
	fi
done

# Every shell test: tests/*.sh and tests/golden/*.sh, except the helpers they source or run.
for s in tests/*.sh tests/golden/*.sh; do
	case "$s" in tests/lib.sh | tests/run.sh | tests/golden/oracle.sh) continue ;; esac
	[ -f "$s" ] || continue
	TMP=$(mktemp -d) sh "$s" >"$log" 2>&1
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	pass=$((pass + p)) fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $s"; grep -A3 '^not ok' "$log"
	else
		echo "ok   $s ($p checks)"
	fi
done
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
