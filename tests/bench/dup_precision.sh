#!/bin/sh
# dup_precision.sh - precision and recall of the duplicate rule on generated exports
# (tests/gen/realistic.py: planted duplicates in background traffic on 50 shared sites over
# three years). Not part of make check or make bench at 1 M rows (a minute or two);
# tests/check_realistic.sh runs 10 000 rows in make check.
# usage: sh tests/bench/dup_precision.sh [ROWS] [SEED] [EVIDENCE]   (TRYGG=path; EVIDENCE is
#        the configuration's duplicate-evidence, any (default) or time-or-cost)
set -eu
cd "$(dirname "$0")/../.."
ROWS=${1:-10000} SEED=${2:-13} EVIDENCE=${3:-any}
TRYGG=${TRYGG:-$PWD/build/release/trygg}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 tests/gen/realistic.py --rows "$ROWS" --out "$T" --seed "$SEED" --evidence "$EVIDENCE"
"$TRYGG" check -q -c "$T/trygg.xml" --format json >"$T/check.json"
python3 tests/gen/dup_score.py "$T/truth.json" "$T/check.json"
