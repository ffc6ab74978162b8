# tests/bench/bench_pdfa.sh - what PDF/A-1b costs (doc/pdf.md): the sample report with its
# department versions, written as PDF/A-1b (the default) and without the PDF/A parts
# (TRYGG_PDF_STANDARD=none), the better of seven of each, interleaved, and the sizes.
set -u
C=samples/bjuv/trygg.xml
D=${BENCH_DIR:-$(mktemp -d)}/pdfa
best() { sort -n | head -n 1; }
run() { # STANDARD → seconds for the report and its department versions
	s=$(date +%s.%N)
	TRYGG_PDF_STANDARD=$1 "$TRYGG" report -c "$C" --period sommar-2018 --per-department \
		--quiet -o "$D/$1" || return 1
	e=$(date +%s.%N)
	echo "$e - $s" | bc -l
}
mkdir -p "$D"
: >"$D.none"; : >"$D.pdfa"
for i in 1 2 3 4 5 6 7; do
	run none >>"$D.none" || exit 1
	run pdfa-1b >>"$D.pdfa" || exit 1
done
tn=$(best <"$D.none") ta=$(best <"$D.pdfa")
bn=$(cat "$D"/none/*.pdf | wc -c) ba=$(cat "$D"/pdfa-1b/*.pdf | wc -c)
n=$(ls "$D"/none/*.pdf | wc -l)
printf '   sample report + department versions (%d PDFs): plain %.3f s, PDF/A-1b %.3f s: %+.1f %%\n' \
	"$n" "$tn" "$ta" "$(echo "($ta / $tn - 1) * 100" | bc -l)"
printf '   bytes: plain %d, PDF/A-1b %d: %+.1f %%; load %s\n' "$bn" "$ba" \
	"$(echo "($ba / $bn - 1) * 100" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
