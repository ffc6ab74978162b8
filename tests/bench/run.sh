#!/bin/sh
# Runs every benchmark: the programs built from tests/bench/bench_*.c (in BUILD_DIR/bench)
# and the scripts tests/bench/bench_*.sh, each printing its own figures. Figures are compared
# as ratios within one run: these machines are shared and noisy.
# usage: sh tests/bench/run.sh BUILD_DIR        (TRYGG=path to the binary under test)
# BENCH_ONLY="bench_rates bench_compare" runs only those.
set -u
B=${1:-build/release}
cd "$(dirname "$0")/../.." || exit 2
export B TRYGG=${TRYGG:-$PWD/$B/trygg}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d)}
export BENCH_DIR
for b in "$B"/bench/bench_* tests/bench/bench_*.sh; do
	[ -e "$b" ] || continue
	case "$b" in *.d) continue ;; esac # the compiler's dependency files
	n=$(basename "$b" .sh)
	if [ -n "${BENCH_ONLY:-}" ]; then
		case " $BENCH_ONLY " in *" $n "*) ;; *) continue ;; esac
	fi
	echo "== $(basename "$b")"
	case "$b" in
	*.sh) sh "$b" ;;
	*) "$b" ;;
	esac || echo "   (failed: exit $?)"
done
rm -rf "$BENCH_DIR"
