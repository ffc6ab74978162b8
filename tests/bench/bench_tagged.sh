# tests/bench/bench_tagged.sh - what tagging costs (doc/pdf.md): CPU time (user + sys of five
# runs in a row, the best of seven such, interleaved) and bytes of the sample report with its four department
# versions, written plain (TRYGG_PDF_STANDARD=none TRYGG_PDF_TAGGED=no), as untagged PDF/A-1b
# (TRYGG_PDF_TAGGED=no) and as tagged PDF/A-1b (the default). CPU time, not wall time: the
# machine is shared.
set -u
C=samples/bjuv/trygg.xml
D=${BENCH_DIR:-$(mktemp -d)}/tagged
best() { sort -n | head -n 1; }
run() { # NAME STANDARD TAGGED → CPU seconds for the report and its department versions
	TRYGG_PDF_STANDARD=$2 TRYGG_PDF_TAGGED=$3 /usr/bin/time -f '%U %S' -o "$D/$1.t" sh -c '
		for i in 1 2 3 4 5; do
			"$0" report -c "$1" --period sommar-2018 --per-department --quiet -o "$2" || exit 1
		done' "$TRYGG" "$C" "$D/$1" || return 1
	awk '{ print ($1 + $2) / 5 }' "$D/$1.t"
}
mkdir -p "$D"
: >"$D/plain.s"; : >"$D/pdfa.s"; : >"$D/tagged.s"
for i in 1 2 3 4 5 6 7; do
	run plain none no >>"$D/plain.s" || exit 1
	run pdfa pdfa-1b no >>"$D/pdfa.s" || exit 1
	run tagged pdfa-1b yes >>"$D/tagged.s" || exit 1
done
tp=$(best <"$D/plain.s") ta=$(best <"$D/pdfa.s") tt=$(best <"$D/tagged.s")
bp=$(cat "$D"/plain/*.pdf | wc -c) ba=$(cat "$D"/pdfa/*.pdf | wc -c) bt=$(cat "$D"/tagged/*.pdf | wc -c)
pct() { echo "($1 / $2 - 1) * 100" | bc -l; }
printf '   CPU, sample + 4 department versions: plain %.3f s, PDF/A-1b %.3f s, tagged PDF/A-1b %.3f s: tagging %+.0f %%, both %+.0f %% over plain\n' \
	"$tp" "$ta" "$tt" "$(pct "$tt" "$ta")" "$(pct "$tt" "$tp")"
printf '   bytes: plain %d, PDF/A-1b %d, tagged %d: tagging %+.0f %%; load %s\n' "$bp" "$ba" "$bt" \
	"$(pct "$bt" "$ba")" "$(cut -d' ' -f1-3 /proc/loadavg)"
