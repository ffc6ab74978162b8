# tests/bench/bench_disclose.sh - what the disclosure pass over one run costs (issue 11,
# doc/aggregates.md "One pass over the run"): the sample report with its department versions,
# and a generated municipality of 10 categories × 10 localities × 8 departments
# (tests/audit/gen.py grid 10x10x8). TRYGG_TIMING=1 marks: "compose" (every version's tree),
# "disclose" (the model and its linear programs), "compose-again" (the trees once more with the
# further cells withheld). The best of five runs of each.
set -u
D=${BENCH_DIR:-$(mktemp -d)}/disclose
mkdir -p "$D"
/usr/bin/python3 tests/audit/gen.py grid 10x10x8 1 - "$D/grid" || exit 1
best() { sort -n | head -n 1; }
bench() { # NAME CONFIG
	: >"$D/$1.t"
	for i in 1 2 3 4 5; do
		TRYGG_TIMING=1 TRYGG_DISCLOSE_DEBUG=0 "$TRYGG" report -q -c "$2" --period sommar-2018 \
			-o "$D/$1.out" 2>&1 | awk '$2 == "compose" || $2 == "disclose" || $2 == "compose-again" { t[$2] = $3 }
			END { printf "%.6f %.6f %.6f\n", t["compose"], t["disclose"], t["compose-again"] }' >>"$D/$1.t"
	done
	c=$(cut -d' ' -f1 "$D/$1.t" | best) p=$(cut -d' ' -f2 "$D/$1.t" | best)
	a=$(cut -d' ' -f3 "$D/$1.t" | best)
	n=$(TRYGG_DISCLOSE_DEBUG=1 "$TRYGG" report -q -c "$2" --period sommar-2018 -o "$D/$1.out" 2>&1 |
		grep -c '  withhold')
	printf '   %s: compose (all versions) %.1f ms, disclosure audit %.1f ms (%d further cells), compose again %.1f ms\n' \
		"$3" "$(echo "$c * 1000" | bc -l)" "$(echo "$p * 1000" | bc -l)" "$n" "$(echo "$a * 1000" | bc -l)"
}
bench sample samples/bjuv/trygg.xml "sample (4 departments)"
bench grid "$D/grid/trygg.xml" "10 categories x 10 localities x 8 departments"
