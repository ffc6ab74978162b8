# tests/golden/sample.sh - the Bjuv summer 2018 sample report, end to end: the PDF is valid
# (qpdf), every font is embedded (pdffonts), and pdftotext shows the per-category counts of
# both summers and the cost of vandalism exactly as tests/golden/oracle.sh computes them
# with awk straight from the exports, independently of trygg.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
PDF="$TMP/pdf/bjuv-sommar-2018.pdf"

expect_exit "sample report is written" 0 "$TRYGG" report -c "$S" --period sommar-2018 -o "$TMP/pdf" --dump "$TMP/dump.txt"
[ -f "$PDF" ] && ok "output file has the configured name" || not_ok "output file has the configured name" "$(ls "$TMP/pdf")"
expect_exit "qpdf --check passes" 0 qpdf --check "$PDF"

pdffonts "$PDF" >"$TMP/fonts" 2>/dev/null
nfonts=$(tail -n +3 "$TMP/fonts" | wc -l)
nemb=$(tail -n +3 "$TMP/fonts" | awk '{ for (i = 1; i <= NF; i++) if ($i == "yes" || $i == "no") { print $i; break } }' | grep -c yes)
[ "$nfonts" -ge 1 ] && [ "$nfonts" -eq "$nemb" ] && ok "every font is embedded ($nemb of $nfonts)" ||
	not_ok "every font is embedded" "$(cat "$TMP/fonts")"
expect_grep "fonts are CID TrueType (UTF-8)" "$TMP/fonts" "CID TrueType"

pdfinfo "$PDF" >"$TMP/info" 2>/dev/null
expect_grep "document title is Swedish" "$TMP/info" "Uppföljning: Trygg Sommar 2018"
expect_grep "document author" "$TMP/info" "Trygghetssamordnaren, Bjuvs kommun"
expect_grep "document subject" "$TMP/info" "sommaren 2018 jämfört med sommaren 2017"
pages=$(sed -n 's/^Pages: *//p' "$TMP/info")

pdftotext -layout "$PDF" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$TMP/text"
expect_grep "å ä ö come out right" "$TMP/text" "Skadegörelse"
expect_grep "page numbers" "$TMP/text" "Sida 1 av $pages"
expect_grep "last page number" "$TMP/text" "Sida $pages av $pages"
expect_grep "cover title" "$TMP/text" "Uppföljning: Trygg Sommar 2018"

# numbers from the independent oracle, formatted the way the report publishes them
sh tests/golden/oracle.sh samples/bjuv/exports >"$TMP/oracle" 2>"$TMP/oracle.err"
[ -s "$TMP/oracle" ] && ok "oracle ran" || not_ok "oracle ran" "$(cat "$TMP/oracle.err")"
th=$(sed -n 's/.*small-count-threshold="\([0-9]*\)".*/\1/p' "$S")
fmt() { # count → published text: suppression, then thousands with spaces
	awk -v n="$1" -v th="$th" 'BEGIN {
		if (n >= 1 && n < th) { print "<" th; exit }
		s = sprintf("%d", n); out = ""
		while (length(s) > 3) { out = " " substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
		print s out }'
}
# The disclosure pass over the run (doc/aggregates.md) may withhold a count further as ".."
# (tests/audit.sh proves which it must); it never prints another number.
while IFS=';' read -r id cur base; do
	case "$id" in cost-*) continue ;; esac
	label=$(sed -n "s/.*<category id=\"$id\" label=\"\([^\"]*\)\".*/\1/p" "$S")
	want_cur=$(fmt "$cur") want_base=$(fmt "$base")
	if grep -qE "^ *$label +($want_cur|\.\.) +($want_base|\.\.)( |\$)" "$TMP/text"; then
		ok "table row $label: $want_cur (2018) and $want_base (2017)"
	else
		not_ok "table row $label: $want_cur (2018) and $want_base (2017)" \
			"$(grep -E "^ *$label " "$TMP/text" | head -3)"
	fi
done <"$TMP/oracle"

cost=$(grep '^cost-skadegorelse;' "$TMP/oracle")
th=0 # kronor are not counts: no suppression
kr18=$(fmt "$(echo "$cost" | cut -d';' -f2)") kr17=$(fmt "$(echo "$cost" | cut -d';' -f3)")
if grep -qE "^ *Sommar 2018 +$kr18 kr" "$TMP/text" && grep -qE "^ *Sommar 2017 +$kr17 kr" "$TMP/text"; then
	ok "vandalism cost: $kr18 kr (2018), $kr17 kr (2017)"
else
	not_ok "vandalism cost: $kr18 kr (2018), $kr17 kr (2017)" "$(grep -E 'Sommar 201[78] ' "$TMP/text")"
fi

# small counts never published: no table cell or sentence shows 1 or 2 events
if grep -qE "(^| )[12] händelser" "$TMP/text"; then not_ok "no count of 1 or 2 in sentences" "$(grep -E "(^| )[12] händelser" "$TMP/text")"; else ok "no count of 1 or 2 in sentences"; fi

# deterministic: the same inputs give the same bytes
"$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/again" >/dev/null 2>&1
cmp -s "$PDF" "$TMP/again/bjuv-sommar-2018.pdf" && ok "two runs give identical PDFs" || not_ok "two runs give identical PDFs"

# the committed sample exports are exactly what the generator makes
if [ -x "$B/gen-samples" ]; then
	"$B/gen-samples" "$TMP/gen" >/dev/null 2>&1
	if diff -r samples/bjuv/exports "$TMP/gen" >/dev/null; then ok "sample exports match samples/gen.c"; else
		not_ok "sample exports match samples/gen.c" "$(diff -rq samples/bjuv/exports "$TMP/gen" | head)"
	fi
fi

# measures (insatser) that ran during summer 2018: count, hours and cost, computed by Python's
# csv module from the export (a measure counts when its dates overlap the period)
want=$(python3 - samples/bjuv/exports/insatser.csv <<'PY'
import csv, sys
n = hours = ore = 0
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""), delimiter=";"):
    if r["Startdatum"] <= "2018-08-31" and (r["Slutdatum"] or r["Startdatum"]) >= "2018-06-01":
        n += 1
        hours += round(float(r["Timmar"].replace(" ", "").replace(",", ".")) * 100)
        kr, _, o = r["Kostnad"].replace(" ", "").partition(",")
        ore += int(kr) * 100 + int((o or "0").ljust(2, "0"))
g = lambda v: f"{v:,}".replace(",", " ")
print(f"{n};{g((hours + 50) // 100)};{g((ore + 50) // 100)} kr")
PY
)
n=${want%%;*} rest=${want#*;} hrs=${rest%%;*} kr=${rest#*;}
if grep -qE "^ *Totalt \($n\) +$hrs +$kr" "$TMP/text"; then ok "measures of summer 2018: $n, $hrs hours, $kr"; else
	not_ok "measures of summer 2018: $n, $hrs hours, $kr" "$(grep -E '^ *Totalt \(' "$TMP/text" | head -3)"
fi
expect_grep "measures sentence" "$TMP/text" "pågick $n insatser"
