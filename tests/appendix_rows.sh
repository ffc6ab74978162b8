# tests/appendix_rows.sh - the data-quality appendix shows row counts as they are (they are
# about files, not people: doc/aggregates.md) and says so right under its table, in Swedish and
# in English, with the configured threshold. The sample reads 1 452 rows (223 + 159 + 147 +
# 321 + 255 + 22 + 325 from the Brå file) and has 2 and 1 rejected rows (by hand:
# fastighet-felanmalan-2018.csv lines 19 and 87, skola-incidenter.csv one row; tests/check.sh).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
for lang in sv en; do
	expect_exit "sample report ($lang)" 0 "$TRYGG" report -q -c "$S" --period sommar-2018 --lang $lang -o "$TMP/$lang"
	pdftotext -layout "$TMP/$lang"/*.pdf - 2>/dev/null | sed 's/\xc2\xa0/ /g' | tr -s ' ' >"$TMP/$lang.txt"
done
# the line after the table's total row, and the rejected column of the two files
after() { awk -v total="$2" 'on && NF { print; exit } $1 == total && /1 452/ { on = 1 }' "$1"; }
# starts_with NAME TEXT PREFIX (where a line wraps depends on the language's words)
starts_with() { case $2 in "$3"*) ok "$1" ;; *) not_ok "$1" "got '$2'" "want '$3…'" ;; esac; }
starts_with "sv: the note follows the table" "$(after "$TMP/sv.txt" Totalt)" \
	"Tabellen räknar rader i förvaltningarnas filer, inte personer eller händelser"
expect_grep "sv: it names the threshold" "$TMP/sv.txt" "Därför visas även antal under 3 här som de är."
starts_with "en: the note follows the table" "$(after "$TMP/en.txt" Total)" \
	"The table counts rows in the departments' files, not people or incidents"
expect_grep "en: it names the threshold" "$TMP/en.txt" "That is why counts below 3 are shown here as they are."
expect_eq "rejected rows shown as they are (2 and 1)" \
	"$(awk '$1 == "fastighet-felanmalan-2018.csv" || $1 == "skola-incidenter.csv" { printf "%s ", $4 }' "$TMP/sv.txt")" "2 1 "

# Under the table, rejected rows are said apart: the departments' exports (a department can
# correct them: 2 + 1 above) and the official statistics' rows without a figure (Brå's "..",
# counted here from the file itself), which nobody in the municipality can correct.
bra=samples/bjuv/exports/bra-polisanmalda-brott-syntetisk.txt
n_bra=$(awk -F';' 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "..") { n++; break } } END { print n + 0 }' "$bra")
join_lines() { tr '\n' ' ' <"$1" | tr -s ' '; }
expect_eq "the sample has rows without a figure in its Brå file" "$([ "$n_bra" -gt 0 ] && echo yes)" yes
case $(join_lines "$TMP/sv.txt") in
*"3 rader i förvaltningarnas underlag avvisades."*) ok "sv: the departments' rejected rows (2 + 1)" ;;
*) not_ok "sv: the departments' rejected rows (2 + 1)" "no sentence with 3 rows" ;;
esac
case $(join_lines "$TMP/sv.txt") in
*"$n_bra rader i den officiella statistiken saknar siffra"*) ok "sv: Brå's rows without a figure said apart ($n_bra)" ;;
*) not_ok "sv: Brå's rows without a figure said apart" "want $n_bra rader i den officiella statistiken" ;;
esac
case $(join_lines "$TMP/en.txt") in
*"3 rows of the departments' exports were rejected."*"$n_bra rows of the official statistics have no figure"*)
	ok "en: both sentences" ;;
*) not_ok "en: both sentences" "missing" ;;
esac
if join_lines "$TMP/sv.txt" | grep -q "6 rader avvisades"; then
	not_ok "sv: Brå's rows are not counted as rows a department must correct" "found '6 rader avvisades'"
else
	ok "sv: Brå's rows are not counted as rows a department must correct"
fi
