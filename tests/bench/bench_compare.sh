#!/bin/sh
# bench_compare.sh - trygg beside the reference pipeline (tests/bench/reference.py: pandas,
# matplotlib, ReportLab) on the same generated exports of 10 k, 1 M and 5 M incident rows,
# in one run: wall time and peak RSS of each, the ratios, trygg's 5M/1M cost, and the share
# of each of trygg's stages (TRYGG_TIMING=1); trygg's figures are the best of BENCH_REPS runs.
# Both on all cores, and trygg also on one (TRYGG_THREADS=1) for the parallel gain. Prints
# figures only.
#
# Environment: B (build folder), TRYGG (binary), BENCH_SIZES (default "10k 1m 5m"),
# BENCH_REF=0 to skip the reference. The datasets are made once in build/bench/SIZE by
# tests/bench/gen_exports.c (make bench does) and reused.
set -u
B=${B:-build/release}
TRYGG=${TRYGG:-$PWD/$B/trygg}
SIZES=${BENCH_SIZES:-10k 1m 5m}
PY=/usr/bin/python3
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

rows_of() {
	case $1 in
	*k) echo $((${1%k} * 1000)) ;;
	*m) echo $((${1%m} * 1000000)) ;;
	*) echo "$1" ;;
	esac
}

# run NAME CMD...: wall seconds and peak KiB into $TMPD/NAME.time, stderr to $TMPD/NAME.err
run() {
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$TMPD/$name.time" "$@" >/dev/null 2>"$TMPD/$name.err" ||
		echo "   ($name failed: $(tail -n 2 "$TMPD/$name.err"))"
}

stage() { # stage NAME FILE: seconds of a TRYGG_TIMING stage (0 when absent)
	awk -v s="$1" '$1 == "trygg-timing:" && $2 == s { t += $3 } END { printf "%.3f", t + 0 }' "$2"
}

echo "load before: $(uptime | sed 's/.*load average/load average/'), $(nproc) CPUs"
printf '%-5s %6s | %8s %7s | %8s %7s | %8s %7s | %7s %7s | %s\n' rows MB \
	"trygg s" "MiB" "1-core s" "MiB" "ref s" "MiB" "ref/tr" "1c/2c" \
	"trygg stages: wall s (share of the run)"
for size in $SIZES; do
	dir=build/bench/$size
	if [ ! -s "$dir/trygg.xml" ]; then
		mkdir -p "$dir" && "$B/bench/gen_exports" "$(rows_of "$size")" "$dir" "$PWD" || exit 1
	fi
	mb=$(du -m -c "$dir"/fastighet.csv "$dir"/skola.csv "$dir"/kultur.xml | tail -n 1 | cut -f1)
	# trygg best of BENCH_REPS (default 3) runs, alternating the two: one run on a shared
	# machine is at the mercy of whatever else wakes up; the reference runs once (minutes)
	for i in $(seq "${BENCH_REPS:-3}"); do
		TRYGG_TIMING=1 run "t2-$size-$i" "$TRYGG" report -q -c "$dir/trygg.xml" \
			--period sommar-2018 -o "$TMPD/t2"
		TRYGG_THREADS=1 run "t1-$size-$i" "$TRYGG" report -q -c "$dir/trygg.xml" \
			--period sommar-2018 -o "$TMPD/t1"
	done
	for k in t1 t2; do
		best=$(for f in "$TMPD/$k-$size"-*.time; do echo "$(cut -d' ' -f1 "$f") $f"; done |
			sort -n | head -n 1 | cut -d' ' -f2)
		cp "$best" "$TMPD/$k-$size.time"
		cp "${best%.time}.err" "$TMPD/$k-$size.err"
	done
	cmp -s "$TMPD/t1/bjuv-sommar-2018.pdf" "$TMPD/t2/bjuv-sommar-2018.pdf" ||
		echo "   (1-core and all-core PDFs differ!)"
	if [ "${BENCH_REF:-1}" != 0 ]; then
		run "ref-$size" "$PY" tests/bench/reference.py "$dir" "$TMPD/ref.pdf"
	else
		echo "- -" >"$TMPD/ref-$size.time"
	fi
	read -r t2 m2 <"$TMPD/t2-$size.time"
	read -r t1 m1 <"$TMPD/t1-$size.time"
	read -r tr mr <"$TMPD/ref-$size.time"
	e="$TMPD/t2-$size.err"
	shares=""
	for s in setup load duplicates index layout pdf; do
		v=$(stage $s "$e")
		shares="$shares $s $v ($(awk -v v="$v" -v t="$t2" 'BEGIN { printf "%.0f%%", (t > 0 ? 100 * v / t : 0) }'))"
	done
	awk -v size="$size" -v mb="$mb" -v t2="$t2" -v m2="$m2" -v t1="$t1" -v m1="$m1" \
		-v tr="$tr" -v mr="$mr" -v sh="$shares" 'BEGIN {
		rr = (tr == "-" || t2 == 0) ? "-" : sprintf("%.1fx", tr / t2)
		mrs = mr == "-" ? "-" : sprintf("%.0f", mr / 1024)
		trs = tr == "-" ? "-" : sprintf("%.2f", tr)
		printf "%-5s %6s | %8.2f %7.0f | %8.2f %7.0f | %8s %7s | %7s %6.2fx |%s\n", size, mb,
			t2, m2 / 1024, t1, m1 / 1024, trs, mrs, rr, (t2 > 0 ? t1 / t2 : 0), sh }'
	echo "$size $t2" >>"$TMPD/cost"
done
awk '$1 == "1m" { a = $2 } $1 == "5m" { b = $2 }
	END { if (a && b) printf "trygg 5M/1M cost: %.2fx (target <= 5.5x)\n", b / a }' "$TMPD/cost"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
